//! Regex rules: the built-in phrasing packs (`data/lang/*.toml`) and user rule files
//! (`--rules FILE`) share this format and this code.
//!
//! ```toml
//! [[rule]]
//! id = "no-cyber-hyphen"          # stable id, [a-z0-9-]+
//! pattern = '\bcyber-(\w+)'       # Rust regex syntax; a group named `m`, if any, is the
//!                                 # flagged span (the rest of the match is context)
//! message = "Write “cyber$1” as one word."   # $1… expand capture groups
//! severity = "warning"            # error | warning | info (default warning)
//! category = "phrasing"           # mixed-script | language-switch | phrasing | custom (default custom)
//! lang = "fr"                     # only for this target language (optional)
//! suggestion = "cyber$1"          # replacement (optional)
//! summary = "…"                   # one line for `mtlint rules` (optional)
//! fires = ["les cyber-attaques"]  # examples that must fire (checked when loading)
//! quiet = ["la cybersécurité"]    # examples that must not fire (checked when loading)
//! ```

use crate::finding::{Category, Finding, Severity};
use regex::Regex;
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// A rule as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    id: String,
    pattern: String,
    message: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    suggestion: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    fires: Vec<String>,
    #[serde(default)]
    quiet: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// A compiled regex rule.
#[derive(Debug, Clone)]
pub struct RegexRule {
    /// Stable id.
    pub id: String,
    /// The compiled pattern.
    pub regex: Regex,
    /// Message template (`$1` expands capture groups).
    pub message: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Category of its findings.
    pub category: Category,
    /// Target language it applies to; `None` for all.
    pub lang: Option<String>,
    /// Suggestion template.
    pub suggestion: Option<String>,
    /// One-line summary.
    pub summary: String,
    /// Longer documentation.
    pub description: String,
    /// Examples that fire.
    pub fires: Vec<String>,
    /// Examples that do not fire.
    pub quiet: Vec<String>,
    /// Where the rule came from (file name).
    pub origin: String,
}

impl RegexRule {
    /// Appends a finding for every match in `text`.
    pub fn apply(&self, text: &str, out: &mut Vec<Finding>) {
        for caps in self.regex.captures_iter(text) {
            // A group named `m` narrows the flagged span to part of the match (the rest is
            // context the pattern needs, as Rust regexes have no look-around).
            let m = caps
                .name("m")
                .unwrap_or_else(|| caps.get(0).expect("group 0 always matches"));
            if m.is_empty() {
                continue;
            }
            let mut message = String::new();
            caps.expand(&self.message, &mut message);
            let mut f = Finding::new(
                self.id.clone(),
                self.category,
                self.severity,
                m.range(),
                message,
            );
            if let Some(s) = &self.suggestion {
                let mut sugg = String::new();
                caps.expand(s, &mut sugg);
                f.suggestion = Some(sugg);
            }
            out.push(f);
        }
    }

    /// Whether the rule applies to target language `code`.
    pub fn applies_to(&self, code: &str) -> bool {
        self.lang.as_deref().is_none_or(|l| l == code)
    }
}

/// An error in a rule file: names the file, the rule and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// File name.
    pub file: String,
    /// Rule id, when the error belongs to one rule.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(r) => write!(f, "{}: rule `{}`: {}", self.file, r, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RuleError {}

/// A set of compiled regex rules from one file.
#[derive(Debug, Clone, Default)]
pub struct RuleFile {
    /// The rules, in file order.
    pub rules: Vec<RegexRule>,
}

impl RuleFile {
    /// Reads and compiles a user rule file.
    pub fn load(path: &Path) -> Result<RuleFile, RuleError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RuleError {
            file: name.clone(),
            rule: None,
            message: e.to_string(),
        })?;
        Self::parse(&name, &text)
    }

    /// Parses and compiles rule-file text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<RuleFile, RuleError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let pos = e
                .span()
                .map(|s| {
                    let before = &text[..s.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    format!("line {line}, column {col}: ")
                })
                .unwrap_or_default();
            RuleError {
                file: name.to_string(),
                rule: None,
                message: format!("{pos}{}", e.message()),
            }
        })?;
        if raw.rule.is_empty() {
            return Err(RuleError {
                file: name.to_string(),
                rule: None,
                message: "no [[rule]] tables found".into(),
            });
        }
        Self::compile(name, raw.rule, None)
    }

    /// Compiles raw rules; `default_lang` is set on rules that name none (language packs).
    pub fn compile(
        name: &str,
        raw: Vec<RawRule>,
        default_lang: Option<&str>,
    ) -> Result<RuleFile, RuleError> {
        let mut rules: Vec<RegexRule> = Vec::with_capacity(raw.len());
        for r in raw {
            let err = |message: String| RuleError {
                file: name.to_string(),
                rule: Some(r.id.clone()),
                message,
            };
            if r.id.is_empty()
                || !r
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(err(
                    "id must be non-empty and use only a-z, 0-9 and -".into()
                ));
            }
            if rules.iter().any(|x| x.id == r.id) {
                return Err(err("duplicate rule id".into()));
            }
            let regex = Regex::new(&r.pattern).map_err(|e| err(format!("invalid regex: {e}")))?;
            let severity = match &r.severity {
                Some(s) => s.parse::<Severity>().map_err(err)?,
                None => Severity::Warning,
            };
            let category = match &r.category {
                Some(c) => c.parse::<Category>().map_err(err)?,
                None => Category::Custom,
            };
            if let Some(l) = &r.lang {
                crate::lang::language(l).map_err(err)?;
            }
            let rule = RegexRule {
                id: r.id.clone(),
                regex,
                summary: r.summary.clone().unwrap_or_else(|| r.message.clone()),
                message: r.message.clone(),
                severity,
                category,
                lang: r.lang.clone().or(default_lang.map(str::to_string)),
                suggestion: r.suggestion.clone(),
                description: r.description.clone().unwrap_or_default(),
                fires: r.fires.clone(),
                quiet: r.quiet.clone(),
                origin: name.to_string(),
            };
            for ex in &rule.fires {
                let mut v = Vec::new();
                rule.apply(ex, &mut v);
                if v.is_empty() {
                    return Err(err(format!("example in `fires` does not fire: {ex:?}")));
                }
            }
            for ex in &rule.quiet {
                let mut v = Vec::new();
                rule.apply(ex, &mut v);
                if !v.is_empty() {
                    return Err(err(format!("example in `quiet` fires: {ex:?}")));
                }
            }
            rules.push(rule);
        }
        Ok(RuleFile { rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[rule]]
id = "cyber-hyphen"
pattern = '\bcyber-(\w+)'
message = "Write cyber$1 as one word."
suggestion = "cyber$1"
category = "phrasing"
severity = "info"
fires = ["les cyber-attaques"]
quiet = ["la cybersécurité"]
"#;

    #[test]
    fn compiles_and_fires_with_expansion() {
        let f = RuleFile::parse("r.toml", GOOD).unwrap();
        let mut out = Vec::new();
        f.rules[0].apply("des cyber-attaques", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].suggestion.as_deref(), Some("cyberattaques"));
        assert_eq!(out[0].message, "Write cyberattaques as one word.");
        assert_eq!(out[0].severity, Severity::Info);
        assert_eq!(out[0].span, 4..18);
    }

    #[test]
    fn group_m_narrows_the_span() {
        let f = RuleFile::parse(
            "r.toml",
            "[[rule]]\nid = \"x\"\npattern = '(?P<m>dit – il)[.]'\nmessage = \"m\"\n",
        )
        .unwrap();
        let mut out = Vec::new();
        f.rules[0].apply("il dit – il. Fin, dit – il", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span, 3..13);
    }

    #[test]
    fn bad_regex_names_file_and_rule() {
        let bad = GOOD.replace(r"'\bcyber-(\w+)'", "'cyber-(('");
        let e = RuleFile::parse("r.toml", &bad).unwrap_err();
        assert_eq!(e.file, "r.toml");
        assert_eq!(e.rule.as_deref(), Some("cyber-hyphen"));
        assert!(e.message.contains("invalid regex"), "{e}");
    }

    #[test]
    fn unknown_key_and_bad_values_are_errors() {
        let e = RuleFile::parse("r.toml", &GOOD.replace("severity", "sevrity")).unwrap_err();
        assert!(e.to_string().contains("line"), "{e}");
        let e = RuleFile::parse("r.toml", &GOOD.replace("\"info\"", "\"fatal\"")).unwrap_err();
        assert!(e.to_string().contains("unknown severity"), "{e}");
        let e = RuleFile::parse("r.toml", &GOOD.replace("\"phrasing\"", "\"style\"")).unwrap_err();
        assert!(e.to_string().contains("unknown category"), "{e}");
        assert!(RuleFile::parse("r.toml", "").is_err());
    }

    #[test]
    fn examples_are_checked() {
        let e = RuleFile::parse(
            "r.toml",
            &GOOD.replace("la cybersécurité", "les cyber-menaces"),
        )
        .unwrap_err();
        assert!(e.message.contains("quiet"), "{e}");
    }
}
