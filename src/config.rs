//! `mtlint.toml`: target language per glob, rules on/off, severity per rule, allow-lists, user
//! rule files and per-file ignores. Parsing is strict: an unknown key or a bad value is an error
//! naming the file, the line and the key. The JSON Schema is `schemas/config.schema.json`.

use crate::finding::{Category, Finding, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "mtlint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    fail_on: Option<String>,
    #[serde(default)]
    max_score: Option<f64>,
    #[serde(default)]
    baseline: Option<String>,
    #[serde(default)]
    include_locked: bool,
    #[serde(default)]
    grammar: Option<String>,
    #[serde(default)]
    rule_files: Vec<String>,
    #[serde(default)]
    languages: BTreeMap<String, String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    allow: RawAllow,
    #[serde(default)]
    rules: BTreeMap<String, RawRuleConfig>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    subtitles: RawSubtitles,
    #[serde(default)]
    pairs: Vec<RawPair>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    source: String,
    target: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubtitles {
    #[serde(default)]
    max_line_chars: Option<usize>,
    #[serde(default)]
    max_cps: Option<f64>,
    #[serde(default)]
    max_lines: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    acronyms: Vec<String>,
    #[serde(default)]
    brands: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleConfig {
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<String>,
    #[serde(default)]
    disable: Vec<String>,
}

/// A configuration error: file, line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong, naming the key.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Which findings are kept, and how severe, for a given file.
#[derive(Debug, Default, Clone)]
pub struct Policy {
    disabled: HashSet<String>,
    severity: HashMap<String, Severity>,
    rule_allow: HashMap<String, HashSet<String>>,
    names: HashSet<String>,
    acronyms: HashSet<String>,
    brands: HashSet<String>,
    /// `[allow] words`, lower case: known words for `non-word`.
    words: HashSet<String>,
}

impl Policy {
    /// Applies the policy: drops disabled or allowed findings, overrides severities.
    pub fn apply(&self, findings: &mut Vec<Finding>, flagged: impl Fn(&Finding) -> String) {
        if self.is_empty() {
            return;
        }
        findings.retain(|f| {
            if self.disabled.contains(&f.rule) {
                return false;
            }
            let text = flagged(f);
            if self
                .rule_allow
                .get(&f.rule)
                .is_some_and(|a| a.contains(&text))
            {
                return false;
            }
            let words = || {
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
            };
            match f.category {
                Category::MixedScript => {
                    let all_allowed = |set: &HashSet<String>| words().all(|w| set.contains(w));
                    !(self.names.contains(&text)
                        || self.brands.contains(&text)
                        || all_allowed(&self.names)
                        || all_allowed(&self.brands))
                }
                // Terms and jargon the config declares, and its names and brands, are known
                // words.
                Category::Phrasing if f.rule == crate::checks::non_word::RULE => {
                    let lower = text.to_lowercase();
                    !(self.words.contains(&lower)
                        || self.names.contains(&text)
                        || self.brands.contains(&text)
                        || self
                            .names
                            .iter()
                            .chain(&self.brands)
                            .any(|n| n.to_lowercase() == lower))
                }
                Category::Phrasing
                    if matches!(
                        f.rule.as_str(),
                        "caps-word" | "caps-emphasis" | "case-break"
                    ) =>
                {
                    !words().any(|w| self.acronyms.contains(w))
                }
                _ => true,
            }
        });
        for f in findings.iter_mut() {
            if let Some(s) = self.severity.get(&f.rule) {
                f.severity = *s;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.disabled.is_empty()
            && self.severity.is_empty()
            && self.rule_allow.is_empty()
            && self.names.is_empty()
            && self.acronyms.is_empty()
            && self.brands.is_empty()
            && self.words.is_empty()
    }
}

/// A loaded configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it was read from (None: defaults).
    pub path: Option<PathBuf>,
    /// Default target language.
    pub lang: Option<String>,
    /// Default `--fail-on`.
    pub fail_on: Option<String>,
    /// Default `--max-score`.
    pub max_score: Option<f64>,
    /// Default `--baseline` (resolved against the config's folder).
    pub baseline: Option<PathBuf>,
    /// User rule files (resolved against the config's folder).
    pub rule_files: Vec<PathBuf>,
    /// Check the segments the file marks locked or approved (`--include-locked`).
    pub include_locked: bool,
    /// `[subtitles]`: the limits of the subtitle rules.
    pub subtitles: crate::checks::subtitles::SubtitleLimits,
    /// The grammar back end (`--grammar`), e.g. `grammalecte`.
    pub grammar: Option<String>,
    languages: Vec<(GlobSet, String)>,
    ignore: Option<GlobSet>,
    policy: Policy,
    overrides: Vec<(GlobSet, HashSet<String>)>,
    /// `[[pairs]]`: source and target patterns.
    pairs: Vec<crate::pairs::PairPattern>,
}

/// The source a `[[pairs]]` entry gives a target file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairMatch {
    /// The source file, spelt like the target's path (`locales/en/app.json` for
    /// `locales/fr/app.json`, `../proj/res/values/strings.xml` for
    /// `../proj/res/values-fr/strings.xml`).
    pub source: String,
    /// The target language `{lang}` names (`fr`, `pt-BR`, `fr-CA` for `values-fr-rCA`).
    pub lang: String,
    /// The pair's source pattern, as written.
    pub source_pattern: String,
    /// The pair's target pattern, as written.
    pub target_pattern: String,
}

impl Config {
    /// Finds `mtlint.toml` in `start` or its parents and loads it; defaults when there is none.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
            dir = d.parent();
        }
        Ok(Config::default())
    }

    /// Loads a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.display().to_string(),
            line: None,
            message: e.to_string(),
        })?;
        Config::parse(path, &text)
    }

    /// Parses config text; `path` names it in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            file: file.clone(),
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
            message: e.message().trim().to_string(),
        })?;
        let line_of = |key: &str| text.lines().position(|l| l.contains(key)).map(|i| i + 1);
        let err = |key: &str, message: String| ConfigError {
            file: file.clone(),
            line: line_of(key),
            message,
        };
        let base = path.parent().unwrap_or(Path::new("."));
        // Rules of a grammar back end (`grammalecte/…`) are named by the back end at run time.
        let known_rule = |id: &str| {
            crate::checks::rule_exists(id)
                || crate::grammar::Kind::ALL.iter().any(|k| {
                    id.strip_prefix(k.name())
                        .is_some_and(|r| r.starts_with('/'))
                })
        };
        if let Some(g) = &raw.grammar {
            crate::grammar::Kind::parse(g)
                .map_err(|e| err("grammar", format!("key `grammar`: {e}")))?;
        }
        if let Some(l) = &raw.lang {
            crate::lang::language(l).map_err(|e| err("lang", format!("key `lang`: {e}")))?;
        }
        if let Some(f) = &raw.fail_on
            && !matches!(f.as_str(), "error" | "warning" | "info" | "never" | "new")
        {
            return Err(err(
                "fail_on",
                format!("key `fail_on`: `{f}` is not one of error, warning, info, never, new"),
            ));
        }
        if raw.max_score.is_some_and(|s| s.is_nan() || s < 0.0) {
            return Err(err(
                "max_score",
                "key `max_score`: must be a number ≥ 0".into(),
            ));
        }
        let glob = |pattern: &str, key: &str| {
            Glob::new(pattern)
                .map_err(|e| err(pattern, format!("key `{key}`: bad glob `{pattern}`: {e}")))
        };
        let mut languages = Vec::new();
        for (pattern, code) in &raw.languages {
            crate::lang::language(code)
                .map_err(|e| err(pattern, format!("key `languages.\"{pattern}\"`: {e}")))?;
            let set = GlobSetBuilder::new()
                .add(glob(pattern, "languages")?)
                .build()
                .map_err(|e| err(pattern, e.to_string()))?;
            languages.push((set, code.clone()));
        }
        let ignore = if raw.ignore.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for p in &raw.ignore {
                b.add(glob(p, "ignore")?);
            }
            Some(b.build().map_err(|e| err("ignore", e.to_string()))?)
        };
        let mut policy = Policy {
            names: raw.allow.names.into_iter().collect(),
            acronyms: raw.allow.acronyms.into_iter().collect(),
            brands: raw.allow.brands.into_iter().collect(),
            words: raw.allow.words.iter().map(|w| w.to_lowercase()).collect(),
            ..Policy::default()
        };
        for (id, rc) in raw.rules {
            if !known_rule(&id) {
                return Err(err(
                    &format!("[rules.{id}]"),
                    format!("table `rules.{id}`: unknown rule `{id}` (`mtlint rules` lists them)"),
                ));
            }
            if rc.enabled == Some(false) {
                policy.disabled.insert(id.clone());
            }
            if let Some(s) = rc.severity {
                let sev = s.parse::<Severity>().map_err(|e| {
                    err(
                        &format!("[rules.{id}]"),
                        format!("key `rules.{id}.severity`: {e}"),
                    )
                })?;
                policy.severity.insert(id.clone(), sev);
            }
            if !rc.allow.is_empty() {
                policy.rule_allow.insert(id, rc.allow.into_iter().collect());
            }
        }
        let mut subtitles = crate::checks::subtitles::SubtitleLimits::default();
        let sub = &raw.subtitles;
        if let Some(n) = sub.max_line_chars {
            if n == 0 {
                return Err(err(
                    "max_line_chars",
                    "key `subtitles.max_line_chars`: must be at least 1".into(),
                ));
            }
            subtitles.max_line_chars = n;
        }
        if let Some(n) = sub.max_lines {
            if n == 0 {
                return Err(err(
                    "max_lines",
                    "key `subtitles.max_lines`: must be at least 1".into(),
                ));
            }
            subtitles.max_lines = n;
        }
        if let Some(v) = sub.max_cps {
            if !(v.is_finite() && v > 0.0) {
                return Err(err(
                    "max_cps",
                    "key `subtitles.max_cps`: must be a number above 0".into(),
                ));
            }
            subtitles.max_cps = v;
        }
        let mut overrides = Vec::new();
        for o in raw.overrides {
            let mut b = GlobSetBuilder::new();
            for p in &o.files {
                b.add(glob(p, "overrides.files")?);
            }
            for id in &o.disable {
                if !known_rule(id) {
                    return Err(err(
                        id,
                        format!("key `overrides.disable`: unknown rule `{id}`"),
                    ));
                }
            }
            overrides.push((
                b.build().map_err(|e| err("overrides", e.to_string()))?,
                o.disable.into_iter().collect(),
            ));
        }
        let mut pairs = Vec::new();
        for p in &raw.pairs {
            let pair = crate::pairs::PairPattern::new(&p.source, &p.target).map_err(|e| {
                let pattern = if e.key == "source" {
                    &p.source
                } else {
                    &p.target
                };
                err(
                    &format!("\"{pattern}\""),
                    format!("key `pairs.{}` (`{pattern}`): {}", e.key, e.message),
                )
            })?;
            pairs.push(pair);
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            lang: raw.lang,
            fail_on: raw.fail_on,
            max_score: raw.max_score,
            baseline: raw.baseline.map(|b| base.join(b)),
            rule_files: raw.rule_files.iter().map(|r| base.join(r)).collect(),
            include_locked: raw.include_locked,
            subtitles,
            grammar: raw.grammar,
            languages,
            ignore,
            policy,
            overrides,
            pairs,
        })
    }

    /// The path relative to the config's folder, for glob matching: `x`, `./x`, `../proj/x`,
    /// an absolute path, or `x` typed from a subdirectory all match the glob written for the
    /// file ([`crate::paths::relative_to`]).
    fn relative<'a>(&self, file: &'a str) -> std::borrow::Cow<'a, Path> {
        let p = Path::new(file);
        match &self.path {
            Some(config) if file != "-" => PathBuf::from(crate::paths::relative_to(
                &crate::paths::folder_of(config),
                file,
            ))
            .into(),
            _ => p.strip_prefix("./").unwrap_or(p).into(),
        }
    }

    /// The target language the config sets for `file` (glob first, then the default).
    pub fn lang_for(&self, file: &str) -> Option<&str> {
        self.lang_by_glob(file).or(self.lang.as_deref())
    }

    /// The target language a `[languages]` glob of the config sets for `file`.
    pub fn lang_by_glob(&self, file: &str) -> Option<&str> {
        let rel = self.relative(file);
        self.languages
            .iter()
            .find(|(g, _)| g.is_match(&*rel))
            .map(|(_, c)| c.as_str())
    }

    /// Whether the config has `[[pairs]]`.
    pub fn has_pairs(&self) -> bool {
        !self.pairs.is_empty()
    }

    /// The source of `file` by the config's `[[pairs]]`: the first pair whose target pattern
    /// matches it and names another file than itself (`locales/en/app.json` matches
    /// `locales/{lang}/**/*.json` too, but it is the source).
    pub fn pair_for(&self, file: &str) -> Option<PairMatch> {
        if file == "-" {
            return None;
        }
        let rel = self.relative(file);
        let rel = rel.to_str()?;
        self.pairs.iter().find_map(|p| {
            let (source, lang) = p.source_of(rel).filter(|(s, _)| s != rel)?;
            // Keep the spelling of the target's path: `./x/fr.json` → `./x/en.json`.
            let typed = file.replace('\\', "/");
            let source = if typed == rel {
                source
            } else if let Some(prefix) = typed.strip_suffix(&format!("/{rel}")) {
                format!("{prefix}/{source}")
            } else {
                let folder = match &self.path {
                    Some(c) => crate::paths::folder_of(c),
                    None => PathBuf::from("."),
                };
                folder.join(&source).display().to_string()
            };
            Some(PairMatch {
                source,
                lang: crate::pairs::normalize_lang(&lang),
                source_pattern: p.source.clone(),
                target_pattern: p.target.clone(),
            })
        })
    }

    /// Whether `file` is a source file of the config's `[[pairs]]` (its source pattern matches).
    pub fn is_pair_source(&self, file: &str) -> bool {
        let rel = self.relative(file);
        rel.to_str()
            .is_some_and(|rel| self.pairs.iter().any(|p| p.is_source(rel)))
    }

    /// Whether a pattern of the config's `[[pairs]]` (source or target) matches `file`.
    pub fn in_pairs(&self, file: &str) -> bool {
        let rel = self.relative(file);
        rel.to_str().is_some_and(|rel| {
            self.pairs
                .iter()
                .any(|p| p.is_source(rel) || p.is_target(rel))
        })
    }

    /// The target language the config gives `file`: a `[languages]` glob, then the `{lang}` of
    /// the `[[pairs]]` target pattern it matches, then the default `lang`.
    pub fn target_lang_for(&self, file: &str) -> Option<String> {
        self.lang_by_glob(file)
            .map(str::to_string)
            .or_else(|| self.pair_for(file).map(|m| m.lang))
            .or_else(|| self.lang.clone())
    }

    /// Whether `file` is ignored.
    pub fn ignores(&self, file: &str) -> bool {
        self.ignore
            .as_ref()
            .is_some_and(|g| g.is_match(&*self.relative(file)))
    }

    /// The finding policy for `file`.
    pub fn policy_for(&self, file: &str) -> Policy {
        let rel = self.relative(file);
        let mut p = self.policy.clone();
        for (g, disable) in &self.overrides {
            if g.is_match(&*rel) {
                p.disabled.extend(disable.iter().cloned());
            }
        }
        p
    }
}

/// The commented starter file `mtlint init` writes.
pub const STARTER: &str = include_str!("../data/mtlint.starter.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("proj/mtlint.toml"), text)
    }

    #[test]
    fn starter_file_parses() {
        parse(STARTER).unwrap();
    }

    #[test]
    fn every_key() {
        let c = parse(
            r#"
lang = "fr"
fail_on = "warning"
max_score = 25.5
baseline = "mtlint-baseline.json"
rule_files = ["house.toml"]
ignore = ["vendor/**"]

[languages]
"de/**" = "de"

[allow]
names = ["Крутских"]
acronyms = ["ACME"]
brands = ["Telegram"]

[rules.caps-word]
severity = "info"
allow = ["HYDROMEL"]

[rules.double-space]
enabled = false

[[overrides]]
files = ["legacy/**"]
disable = ["punct-space"]
"#,
        )
        .unwrap();
        assert_eq!(c.lang_for("proj/de/a.txt"), Some("de"));
        assert_eq!(c.lang_for("proj/fr/a.txt"), Some("fr"));
        assert!(c.ignores("proj/vendor/x.txt") && !c.ignores("proj/x.txt"));
        assert_eq!(c.fail_on.as_deref(), Some("warning"));
        assert_eq!(c.max_score, Some(25.5));
        assert_eq!(c.baseline, Some(PathBuf::from("proj/mtlint-baseline.json")));
        assert_eq!(c.rule_files, [PathBuf::from("proj/house.toml")]);
        let p = c.policy_for("proj/legacy/a.txt");
        assert!(p.disabled.contains("punct-space") && p.disabled.contains("double-space"));
        assert!(!c.policy_for("proj/a.txt").disabled.contains("punct-space"));
        let mk = |rule: &str, cat| Finding::new(rule, cat, Severity::Warning, 0..1, "m");
        let mut v = vec![
            mk("caps-word", Category::Phrasing),
            mk("foreign-name", Category::MixedScript),
            mk("double-space", Category::Phrasing),
            mk("doubled-word", Category::Phrasing),
        ];
        let texts = ["HYDROMEL", "Крутских", "  ", "le le"];
        fn v_index(texts: &[&str], f: &Finding) -> String {
            match f.rule.as_str() {
                "caps-word" => texts[0],
                "foreign-name" => texts[1],
                "double-space" => texts[2],
                _ => texts[3],
            }
            .to_string()
        }
        p.apply(&mut v, |f| v_index(&texts, f));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule, "doubled-word");
    }

    #[test]
    fn allowed_words_names_and_brands_are_known_words_for_non_word() {
        let c =
            parse("[allow]\nwords = [\"Blockchainisation\"]\nbrands = [\"zalando\"]\n").unwrap();
        let p = c.policy_for("a.txt");
        let mk = |i| {
            Finding::new(
                "non-word",
                Category::Phrasing,
                Severity::Info,
                i..i + 1,
                "m",
            )
        };
        let texts = ["blockchainisation", "zalando", "attaquage"];
        let mut v = vec![mk(0), mk(1), mk(2)];
        p.apply(&mut v, |f| texts[f.span.start].to_string());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].span, 2..3);
    }

    #[test]
    fn pairs_give_the_source_and_the_language_after_the_globs() {
        let c = parse(
            "lang = \"it\"\n[languages]\n\"locales/de/**\" = \"de\"\n\n[[pairs]]\nsource = \"locales/en/**/*.json\"\ntarget = \"locales/{lang}/**/*.json\"\n",
        )
        .unwrap();
        let m = c.pair_for("proj/locales/pt-BR/a/b.json").unwrap();
        assert_eq!(m.source, "proj/locales/en/a/b.json");
        assert_eq!(m.lang, "pt-BR");
        assert_eq!(
            c.target_lang_for("proj/locales/pt-BR/a/b.json").as_deref(),
            Some("pt-BR")
        );
        // A [languages] glob comes first; the default `lang` after `{lang}`.
        assert_eq!(
            c.target_lang_for("proj/locales/de/a.json").as_deref(),
            Some("de")
        );
        assert_eq!(
            c.target_lang_for("proj/other/a.json").as_deref(),
            Some("it")
        );
        // The source is not its own target.
        assert_eq!(c.pair_for("proj/locales/en/a.json"), None);
        assert!(c.is_pair_source("proj/locales/en/a.json"));
        assert!(!c.is_pair_source("proj/locales/fr/a.json"));
        assert!(c.in_pairs("proj/locales/fr/a.json"));
        let e = parse("\n[[pairs]]\nsource = \"en/*.json\"\ntarget = \"{lang}/**/*.json\"\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("key `pairs.source`"), "{e}");
        let e = parse("[[pairs]]\nsource = \"en.json\"\n").unwrap_err();
        assert!(e.message.contains("target"), "{e}");
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse("lang = \"fr\"\nfail_onn = \"error\"\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("proj/mtlint.toml", Some(2)));
        assert!(e.message.contains("fail_onn"), "{e}");
        let e = parse("grammar = \"languagetool\"\n").unwrap_err();
        assert!(e.to_string().contains("key `grammar`"), "{e}");
        assert_eq!(
            parse("grammar = \"grammalecte\"\n[rules.\"grammalecte/conj_il\"]\nseverity = \"warning\"\n")
                .unwrap()
                .grammar
                .as_deref(),
            Some("grammalecte")
        );
        let e = parse("lang = \"xx\"\n").unwrap_err();
        assert!(e.to_string().contains("key `lang`"), "{e}");
        let e = parse("\n[rules.no-such-rule]\nenabled = false\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("unknown rule"), "{e}");
        let e = parse("[rules.caps-word]\nseverity = \"fatal\"\n").unwrap_err();
        assert!(e.message.contains("rules.caps-word.severity"), "{e}");
        let e = parse("fail_on = \"sometimes\"\n").unwrap_err();
        assert!(e.message.contains("fail_on"), "{e}");
        let e = parse("max_score = \"high\"\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = parse("[languages]\n\"[bad\" = \"fr\"\n").unwrap_err();
        assert!(e.message.contains("bad glob"), "{e}");
        let e = parse("[rules.caps-word]\nenabeld = false\n").unwrap_err();
        assert!(e.message.contains("enabeld"), "{e}");
    }
}
