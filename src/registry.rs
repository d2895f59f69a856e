//! The one rule registry. Every built-in rule is a [`Rule`] variant; its metadata ([`RuleMeta`]:
//! category, default severity, summary, documentation, examples, MQM class) is data in
//! `data/rules.toml`, compiled in. Everything that describes rules reads it from here: the
//! `rules` and `explain` commands, SARIF rule descriptors, the MQM mapping, the precision policy,
//! and the tests that keep the README and the JSON schema in step.
//!
//! Findings of built-in rules are built with [`crate::checks::finding`], which takes a [`Rule`]:
//! a misspelt rule id is a compile error. Regex rules of the language packs (`data/lang/`) and
//! user rules (`--rules`) carry their own metadata in their TOML files.

use crate::finding::{Category, Finding, Severity};
use serde::Deserialize;
use std::fmt;
use std::sync::OnceLock;

macro_rules! rules {
    ($($variant:ident = $id:literal,)*) => {
        /// A built-in rule. The order is the order of `data/rules.toml` and of `mtlint rules`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = concat!("`", $id, "`")]
                $variant,
            )*
        }

        impl Rule {
            /// Every built-in rule, in documentation order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id written in every report.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

rules! {
    ForeignName = "foreign-name",
    ForeignWord = "foreign-word",
    ForeignGloss = "foreign-gloss",
    ForeignBrand = "foreign-brand",
    Homoglyph = "homoglyph",
    LanguageSwitch = "language-switch",
    ForeignTitle = "foreign-title",
    DoubledWord = "doubled-word",
    Repetition = "repetition",
    NonWord = "non-word",
    CapsWord = "caps-word",
    CapsEmphasis = "caps-emphasis",
    CaseBreak = "case-break",
    UnbalancedDelimiter = "unbalanced-delimiter",
    SpaceBeforePunct = "space-before-punct",
    DoubleSpace = "double-space",
    PunctSpace = "punct-space",
    UntransliteratedName = "untransliterated-name",
    EmptyTarget = "empty-target",
    TargetEqualsSource = "target-equals-source",
    UntranslatedSegment = "untranslated-segment",
    PartialTranslation = "partial-translation",
    UntranslatedPhrase = "untranslated-phrase",
    NumberMismatch = "number-mismatch",
    PlaceholderMismatch = "placeholder-mismatch",
    UrlMismatch = "url-mismatch",
    UrlAdded = "url-added",
    EndPunctuation = "end-punctuation",
    EndPunctuationLost = "end-punctuation-lost",
    WhitespaceMismatch = "whitespace-mismatch",
    Omission = "omission",
    CaseMismatch = "case-mismatch",
    ListMismatch = "list-mismatch",
    QuestionLost = "question-lost",
    FuzzySegment = "fuzzy-segment",
    TermMissing = "term-missing",
    TermForbidden = "term-forbidden",
    InconsistentTranslation = "inconsistent-translation",
    InconsistentSource = "inconsistent-source",
    InvalidBytes = "invalid-bytes",
    LengthRatio = "length-ratio",
    ControlChar = "control-char",
    MissingKey = "missing-key",
    ExtraKey = "extra-key",
    DuplicateKey = "duplicate-key",
    SubtitleLineLength = "subtitle-line-length",
    SubtitleLines = "subtitle-lines",
    ReadingSpeed = "reading-speed",
}

impl Rule {
    /// The built-in rule with id `id`.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Its metadata from `data/rules.toml`.
    pub fn meta(self) -> &'static RuleMeta {
        &metas()[self as usize]
    }

    /// Its category.
    pub fn category(self) -> Category {
        self.meta().category
    }

    /// Its default severity.
    pub fn severity(self) -> Severity {
        self.meta().severity
    }

    /// A finding of this rule with its category and default severity.
    pub fn finding(self, span: std::ops::Range<usize>, message: impl Into<String>) -> Finding {
        let m = self.meta();
        Finding::new(self.id(), m.category, m.severity, span, message)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl AsRef<str> for Rule {
    fn as_ref(&self) -> &str {
        self.id()
    }
}

impl PartialEq<Rule> for str {
    fn eq(&self, other: &Rule) -> bool {
        self == other.id()
    }
}

impl PartialEq<Rule> for String {
    fn eq(&self, other: &Rule) -> bool {
        self.as_str() == other.id()
    }
}

/// An MQM category and severity for a rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MqmClass {
    /// MQM category, e.g. `Accuracy/Untranslated text`.
    pub category: String,
    /// `Major`, `Minor`, `Neutral` or `Non-translation`.
    pub severity: String,
}

impl MqmClass {
    /// The MQM severities mtlint knows.
    pub const SEVERITIES: [&'static str; 4] = ["Major", "Minor", "Neutral", "Non-translation"];

    /// Checks the severity (a class written in a rule file).
    pub fn validate(&self) -> Result<(), String> {
        if !Self::SEVERITIES.contains(&self.severity.as_str()) {
            return Err(format!(
                "unknown MQM severity `{}` (expected {})",
                self.severity,
                Self::SEVERITIES.join(", ")
            ));
        }
        if self.category.trim().is_empty() {
            return Err("empty MQM category".into());
        }
        Ok(())
    }

    /// Penalty: Major 5, Minor 1 (0.1 for punctuation), Non-translation 25, Neutral 0.
    pub fn weight(&self) -> f64 {
        match self.severity.as_str() {
            "Major" => 5.0,
            "Minor" if self.category == "Fluency/Punctuation" => 0.1,
            "Minor" => 1.0,
            "Non-translation" => 25.0,
            _ => 0.0,
        }
    }
}

/// Everything known about a built-in rule, from `data/rules.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    /// Stable id.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Default severity (bounded by measured precision: see [`crate::precision`]).
    pub severity: Severity,
    /// Its class in the MQM error typology and the penalty that goes with it.
    pub mqm: MqmClass,
    /// One line.
    pub summary: String,
    /// What it does, why it matters, what it leaves alone.
    pub description: String,
    /// Target language of the examples.
    pub lang: String,
    /// Texts that fire the rule.
    pub fires: Vec<String>,
    /// Texts that must not fire it.
    pub quiet: Vec<String>,
    /// For bilingual rules: the source of every example (English).
    #[serde(default)]
    pub source: Option<String>,
    /// Fires from what the file says about a segment or from the whole file (a fuzzy flag, a
    /// glossary, the other segments), so a text example cannot fire it; its file-level example
    /// is the fixture named by `fixture`.
    #[serde(default)]
    pub needs_file: bool,
    /// Fires only with a Hunspell dictionary of `lang` installed: without one, the `fires`
    /// examples are skipped (a unit test with a small dictionary covers it everywhere).
    #[serde(default)]
    pub needs_dictionary: bool,
    /// For rules that need a file: the arguments of `mtlint check` (paths relative to the
    /// repository root) on which the rule fires; checked by `tests/rule_fixtures.rs`.
    #[serde(default)]
    pub fixture: Option<Vec<String>>,
    /// `fix = "safe"`: its suggestion cannot change the meaning, so `mtlint check --fix` applies
    /// it (see [`crate::fix`]).
    #[serde(default)]
    pub fix: Option<FixSafety>,
    /// With `fix`: only suggestions (in lower case) listed here for the target language are
    /// safe; other findings of the rule are left to a reviewer. Empty: every suggestion.
    #[serde(default)]
    pub fix_only: std::collections::BTreeMap<String, Vec<String>>,
}

/// How far a rule's suggestion can be applied without a reviewer (`fix` in `data/rules.toml`,
/// the language packs and user rule files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// The suggestion cannot change the meaning: `--fix` applies it.
    Safe,
}

impl RuleMeta {
    /// Whether `--fix` may apply `suggestion` of this rule in target language `lang`.
    pub fn fix_is_safe(&self, lang: &str, suggestion: &str) -> bool {
        self.fix == Some(FixSafety::Safe)
            && (self.fix_only.is_empty()
                || self
                    .fix_only
                    .get(lang)
                    .is_some_and(|w| w.iter().any(|w| *w == suggestion.to_lowercase())))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFileData {
    rule: Vec<RuleMeta>,
}

/// The metadata of every built-in rule, indexed like [`Rule::ALL`].
pub fn metas() -> &'static [RuleMeta] {
    static METAS: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        let mut docs = toml::from_str::<RuleFileData>(include_str!("../data/rules.toml"))
            .expect("data/rules.toml is valid (tested)")
            .rule;
        // In `Rule` order whatever the file's order; a rule without docs is a test failure.
        Rule::ALL
            .iter()
            .map(|r| {
                let i = docs
                    .iter()
                    .position(|d| d.id == r.id())
                    .unwrap_or_else(|| panic!("rule `{r}` has docs in data/rules.toml (tested)"));
                docs.swap_remove(i)
            })
            .collect()
    })
}

/// The metadata of built-in rule `id`.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    Rule::from_id(id).map(Rule::meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_exactly_one_doc_in_order() {
        let docs = toml::from_str::<RuleFileData>(include_str!("../data/rules.toml"))
            .unwrap()
            .rule;
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        let want: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(
            ids, want,
            "data/rules.toml and `Rule` list the same rules in one order"
        );
        for r in Rule::ALL {
            assert_eq!(r.meta().id, r.id());
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            let m = r.meta();
            assert!(!m.summary.is_empty() && !m.description.is_empty(), "{r}");
            assert!(!m.quiet.is_empty(), "{r} has no quiet example");
            assert!(
                m.needs_file == m.fires.is_empty(),
                "{r}: a rule has text examples that fire, or needs a file"
            );
            assert!(
                !m.needs_file || m.fixture.is_some(),
                "{r} needs a file: name its fixture"
            );
            assert!(m.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }
}
