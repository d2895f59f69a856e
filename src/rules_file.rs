//! Regex rules: the built-in phrasing packs (`data/lang/*.toml`) and user rule files
//! (`--rules FILE`) share this format and this code.
//!
//! ```toml
//! [[rule]]
//! id = "no-cyber-hyphen"          # stable id, [a-z0-9-]+
//! pattern = '\bcyber-(\w+)'       # Rust regex syntax; a group named `m` (or the first
//!                                 # group named `m_…` that matched), if any, is the
//!                                 # flagged span (the rest of the match is context)
//! message = "Write “cyber$1” as one word."   # $1… expand capture groups
//! severity = "warning"            # error | warning | info (default warning)
//! category = "phrasing"           # mixed-script | language-switch | phrasing | custom (default custom)
//! lang = "fr"                     # only for this target language (optional)
//! suggestion = "cyber$1"          # replacement (optional)
//! summary = "…"                   # one line for `mtlint rules` (optional)
//! mqm = { category = "Fluency/Spelling", severity = "Minor" }   # MQM class (optional)
//! fix = "safe"                    # the suggestion cannot change the meaning: --fix applies it
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
    #[serde(default)]
    mqm: Option<crate::mqm::MqmClass>,
    #[serde(default)]
    fix: Option<crate::registry::FixSafety>,
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
    /// Its MQM class; `None` for its category's default (data/mqm.toml).
    pub mqm: Option<crate::mqm::MqmClass>,
    /// Where the rule came from (file name).
    pub origin: String,
    /// `fix = "safe"`: `mtlint check --fix` applies its suggestion.
    pub fix_safe: bool,
    /// A cheaper regex that matches wherever `regex` does (see [`widened_pattern`]): a segment
    /// it does not match is skipped without running `regex`.
    pub prefilter: Option<Regex>,
}

impl RegexRule {
    /// Appends a finding for every match in `text`.
    pub fn apply(&self, text: &str, out: &mut Vec<Finding>) {
        if let Some(p) = &self.prefilter
            && !p.is_match(text)
        {
            return;
        }
        self.apply_unfiltered(text, out);
    }

    /// [`RegexRule::apply`] without the prefilter.
    pub fn apply_unfiltered(&self, text: &str, out: &mut Vec<Finding>) {
        for caps in self.regex.captures_iter(text) {
            // A group named `m` narrows the flagged span to part of the match (the rest is
            // context the pattern needs, as Rust regexes have no look-around); so does the first
            // group named `m_…` that took part in the match, for patterns with alternatives
            // (a name can be given to one group only).
            let m = caps
                .name("m")
                .or_else(|| {
                    self.regex
                        .capture_names()
                        .flatten()
                        .filter(|n| n.starts_with("m_"))
                        .find_map(|n| caps.name(n))
                })
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

/// Upper bounds of counted repetitions from this size on are dropped in [`widened_pattern`].
const WIDEN_BOUND: u32 = 16;

/// A pattern that matches every string `pattern` matches, and more, but that the regex engine's
/// lazy DFA can run on any text: word-boundary assertions `\b` are removed (a Unicode `\b`
/// makes the DFA give up on non-ASCII text and fall back to a much slower engine) and large
/// counted repetitions lose their upper bound (`{0,300}` → `{0,}`: 300 copies of a class make a
/// DFA too big for its cache). Removing an assertion or an upper bound only adds matches, so a
/// text the widened pattern does not match holds no match of `pattern`.
///
/// None when nothing is to be gained, or when the pattern uses syntax this scanner does not
/// follow (verbose mode switched on or off inside the pattern, a `#` in a verbose class).
pub fn widened_pattern(pattern: &str) -> Option<String> {
    let verbose = pattern.starts_with("(?x)");
    // Flag groups that switch verbose mode elsewhere: give up (comments would be misread).
    let mut rest = pattern.strip_prefix("(?x)").unwrap_or(pattern);
    while let Some(p) = rest.find("(?") {
        let flags: String = rest[p + 2..]
            .chars()
            .take_while(|c| "imsxuUR-".contains(*c))
            .collect();
        if flags.contains('x') {
            return None;
        }
        rest = &rest[p + 2..];
    }
    let cs: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut changed = false;
    let mut class_depth = 0usize;
    let mut i = 0;
    // Copies an escape at `i` (a backslash and what it escapes, braces included).
    let escape_len = |i: usize| -> usize {
        match cs.get(i + 1) {
            Some('p' | 'P' | 'x' | 'u' | 'U') if cs.get(i + 2) == Some(&'{') => {
                match cs[i + 2..].iter().position(|&c| c == '}') {
                    Some(q) => q + 3,
                    None => cs.len() - i,
                }
            }
            Some(_) => 2,
            None => 1,
        }
    };
    while i < cs.len() {
        let c = cs[i];
        if c == '\\' {
            let n = escape_len(i);
            if class_depth == 0 && cs.get(i + 1) == Some(&'b') && cs.get(i + 2) != Some(&'{') {
                out.push_str("(?:)");
                changed = true;
            } else {
                out.extend(&cs[i..i + n]);
            }
            i += n;
            continue;
        }
        if class_depth > 0 {
            match c {
                '[' => class_depth += 1,
                ']' => class_depth -= 1,
                '#' if verbose => return None,
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                class_depth = 1;
                out.push(c);
                i += 1;
                // A `]` right after `[` or `[^` is a literal.
                if cs.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if cs.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
            }
            '#' if verbose => {
                // A comment, to the end of the line.
                while i < cs.len() && cs[i] != '\n' {
                    out.push(cs[i]);
                    i += 1;
                }
            }
            '{' => {
                // `{m,n}`: drop a large upper bound.
                let close = cs[i..].iter().position(|&c| c == '}').map(|q| i + q);
                let body: Option<String> = close.map(|e| cs[i + 1..e].iter().collect());
                let bounds = body.as_deref().and_then(|b| {
                    let (lo, hi) = b.split_once(',')?;
                    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                    (digits(lo) && digits(hi)).then(|| (lo.to_string(), hi.parse::<u32>().ok()))
                });
                match (bounds, close) {
                    (Some((lo, Some(hi))), Some(e)) if hi >= WIDEN_BOUND => {
                        out.push_str(&format!("{{{lo},}}"));
                        changed = true;
                        i = e + 1;
                    }
                    _ => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    changed.then_some(out)
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
    /// Every rule's `fires` and `quiet` examples are checked.
    pub fn compile(
        name: &str,
        raw: Vec<RawRule>,
        default_lang: Option<&str>,
    ) -> Result<RuleFile, RuleError> {
        Self::compile_with(name, raw, default_lang, true)
    }

    /// The same, checking the examples only when `check_examples` is set (the bundled packs'
    /// examples are checked by the tests, not at every start).
    pub fn compile_with(
        name: &str,
        raw: Vec<RawRule>,
        default_lang: Option<&str>,
        check_examples: bool,
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
            if r.pattern.is_empty() {
                return Err(err(
                    "empty pattern: it matches the empty string everywhere and flags nothing"
                        .into(),
                ));
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
            if let Some(m) = &r.mqm {
                m.validate().map_err(err)?;
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
                mqm: r.mqm.clone(),
                origin: name.to_string(),
                fix_safe: r.fix == Some(crate::registry::FixSafety::Safe),
                prefilter: widened_pattern(&r.pattern).and_then(|p| Regex::new(&p).ok()),
            };
            for ex in rule.fires.iter().filter(|_| check_examples) {
                let mut v = Vec::new();
                rule.apply(ex, &mut v);
                if v.is_empty() {
                    return Err(err(format!("example in `fires` does not fire: {ex:?}")));
                }
            }
            for ex in rule.quiet.iter().filter(|_| check_examples) {
                let mut v = Vec::new();
                rule.apply(ex, &mut v);
                if !v.is_empty() {
                    return Err(err(format!("example in `quiet` fires: {ex:?}")));
                }
            }
            if let Some(m) = &rule.mqm {
                crate::mqm::register(&rule.id, m.clone());
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

    /// An empty pattern is refused (it used to be accepted and never fire).
    #[test]
    fn an_empty_pattern_is_refused() {
        let e = RuleFile::parse(
            "r.toml",
            "[[rule]]\nid = \"x\"\npattern = ''\nmessage = \"m\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("empty pattern"), "{e}");
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
        // Alternatives narrow with `m_…` groups (one name per group): the first that matched.
        let f = RuleFile::parse(
            "r.toml",
            "[[rule]]\nid = \"x\"\npattern = '[.] (?P<m_cap>A) uns|(?P<m_low>a) uns'\nmessage = \"m\"\nsuggestion = \"${m_cap}${m_low}n\"\n",
        )
        .unwrap();
        let mut out = Vec::new();
        f.rules[0].apply("Fin. A uns, a uns, A uns", &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|f| (f.span.clone(), f.suggestion.clone().unwrap()))
            .collect();
        assert_eq!(got, [(5..6, "An".to_string()), (12..13, "an".to_string())]);
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

    #[test]
    fn widened_patterns() {
        let w = |p: &str| widened_pattern(p);
        assert_eq!(w(r"\bcyber-(\w+)").as_deref(), Some(r"(?:)cyber-(\w+)"));
        assert_eq!(w(r"x{0,300}?y").as_deref(), Some(r"x{0,}?y"));
        assert_eq!(w(r"\d{1,3}\.\d"), None, "small bounds stay");
        assert_eq!(w(r"[\b{0,300}]a"), None, "inside a class nothing changes");
        assert_eq!(w(r"[]\b]\b").as_deref(), Some(r"[]\b](?:)"));
        assert_eq!(w(r"\p{L}\b{start}x"), None);
        assert_eq!(
            w("(?x) a # \\b [x\n b\\b").as_deref(),
            Some("(?x) a # \\b [x\n b(?:)")
        );
        assert_eq!(w(r"(?-x)\bx"), None);
        assert_eq!(w(r"a(?x:\bb)"), None);
        assert_eq!(w("(?x)[a #]\n]\\b"), None);
        assert_eq!(w(r"\\b"), None, "an escaped backslash and a b");
    }

    /// Texts the pack rules are checked on: the sample and the test fixtures, every example of
    /// every rule, and the benchmark corpus when it has been generated.
    fn rule_texts() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut texts = Vec::new();
        let mut files = Vec::new();
        for dir in [
            "data/sample",
            "tests/fixtures",
            "tests/fixtures/bilingual",
            "target/bench-corpus",
        ] {
            if let Ok(rd) = std::fs::read_dir(Path::new(root).join(dir)) {
                files.extend(rd.flatten().map(|e| e.path()).filter(|p| p.is_file()));
            }
        }
        for f in files {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            // A slice of each big benchmark file keeps the test quick.
            texts.extend(text.lines().take(4000).map(str::to_string));
        }
        for code in crate::lang::known_codes() {
            for r in crate::lang::language(code).unwrap().rules.iter() {
                texts.extend(r.fires.iter().chain(&r.quiet).cloned());
            }
        }
        for d in crate::registry::metas() {
            texts.extend(d.fires.iter().chain(&d.quiet).cloned());
        }
        texts
    }

    #[test]
    fn prefilters_never_skip_a_finding() {
        let texts = rule_texts();
        let mut filtered = 0;
        for code in crate::lang::known_codes() {
            for r in crate::lang::language(code).unwrap().rules.iter() {
                if let Some(p) = &r.prefilter {
                    filtered += 1;
                    // Each rule's own examples fire through the prefilter.
                    for ex in &r.fires {
                        assert!(p.is_match(ex), "{}: {ex:?}", r.id);
                    }
                }
                for t in &texts {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    r.apply(t, &mut a);
                    r.apply_unfiltered(t, &mut b);
                    assert_eq!(a, b, "{} on {t:?}", r.id);
                }
            }
        }
        assert!(filtered > 0);
    }
}
