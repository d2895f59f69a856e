//! The one type every check returns: a [`Finding`] with a stable rule id, a category, a severity,
//! a byte span into its segment, a message and, where known, a suggestion.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; never fails CI by default.
    Info,
    /// Probably wrong.
    Warning,
    /// Almost certainly wrong.
    Error,
}

impl Severity {
    /// The lowercase name used in every report.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// What kind of damage a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A word in a script the target language does not use, or a word mixing scripts.
    MixedScript,
    /// A sentence or run of words in another language than the target.
    LanguageSwitch,
    /// Disfluent or typographically broken phrasing.
    Phrasing,
    /// A user rule that names no built-in category.
    Custom,
    /// Bilingual: a segment, or part of it, left untranslated.
    Untranslated,
    /// Bilingual: numbers missing, added or altered.
    Number,
    /// Bilingual: placeholders, inline tags, URLs that do not match the source.
    Markup,
    /// Bilingual: the same source translated differently, or the reverse.
    Consistency,
    /// Bilingual: glossary terms not used, or forbidden terms used.
    Terminology,
    /// Bilingual: leading/trailing whitespace that differs from the source.
    Whitespace,
    /// Bilingual: the target's structure departs from the source's (a sentence dropped, a
    /// question made a statement, a list with another item count, capitals lost).
    Structure,
    /// Subtitles: a cue over the line length, line count or reading speed the config allows.
    Subtitle,
    /// Grammar: agreement, conjugation, confusions, as an external grammar checker finds them
    /// (`--grammar grammalecte`).
    Grammar,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 13] = [
        Category::MixedScript,
        Category::LanguageSwitch,
        Category::Phrasing,
        Category::Custom,
        Category::Untranslated,
        Category::Number,
        Category::Markup,
        Category::Consistency,
        Category::Terminology,
        Category::Whitespace,
        Category::Structure,
        Category::Subtitle,
        Category::Grammar,
    ];

    /// The kebab-case name used in every report.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::MixedScript => "mixed-script",
            Category::LanguageSwitch => "language-switch",
            Category::Phrasing => "phrasing",
            Category::Custom => "custom",
            Category::Untranslated => "untranslated",
            Category::Number => "number",
            Category::Markup => "markup",
            Category::Consistency => "consistency",
            Category::Terminology => "terminology",
            Category::Whitespace => "whitespace",
            Category::Structure => "structure",
            Category::Subtitle => "subtitle",
            Category::Grammar => "grammar",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                format!(
                    "unknown category `{s}` (expected {} or {})",
                    names[..names.len() - 1].join(", "),
                    names[names.len() - 1]
                )
            })
    }
}

/// One suspect passage in one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id, e.g. `foreign-word`.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// Severity of this finding.
    pub severity: Severity,
    /// Byte span into the segment text; always on character boundaries.
    pub span: Range<usize>,
    /// A sentence a reviewer understands.
    pub message: String,
    /// The replacement text for `span`, where one is known.
    pub suggestion: Option<String>,
}

impl Finding {
    /// The order of a segment's findings in every report: by span, then rule.
    pub fn order_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule)
    }

    /// A finding without suggestion.
    pub fn new(
        rule: impl Into<String>,
        category: Category,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule: rule.into(),
            category,
            severity,
            span,
            message: message.into(),
            suggestion: None,
        }
    }

    /// The same finding with a suggestion.
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}
