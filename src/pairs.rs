//! Pattern pairs of `mtlint.toml` (`[[pairs]]`): a source pattern such as
//! `locales/en/**/*.json` and a target pattern such as `locales/{lang}/**/*.json`, so that
//! `mtlint check .` pairs every target file with its source file by key (as `--source` does for
//! one file) and gives it the target language `{lang}` names.
//!
//! Patterns are paths relative to the config's folder, with `/` separators and three wildcards:
//! `**` (a whole path component: any number of folders, none included), `*` (any text inside one
//! component) and `?` (one character). The target pattern holds `{lang}` once (a part of one
//! component, without `/` or `.`: `fr`, `pt-BR`, `fr-rCA` in `values-{lang}`); the source pattern
//! holds the same wildcards in the same order, and the text a target file's path gives each of
//! them is put back into the source pattern to name its source file.

use regex::Regex;

/// One part of a pattern component.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Literal text.
    Lit(String),
    /// `*`: any text inside one component.
    Star,
    /// `?`: one character.
    One,
    /// `{lang}`: the target language.
    Lang,
}

/// A path component of a pattern: `**`, or a sequence of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Component {
    /// `**`: any number of folders.
    Any,
    /// Literal text and wildcards.
    Parts(Vec<Token>),
}

/// A parsed pattern.
#[derive(Debug, Clone)]
struct Pattern {
    components: Vec<Component>,
    regex: Regex,
}

/// The kinds of the wildcards of a pattern, in order (`**`, `*`, `?`).
fn wildcards(components: &[Component]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for c in components {
        match c {
            Component::Any => out.push("**"),
            Component::Parts(tokens) => {
                for t in tokens {
                    match t {
                        Token::Star => out.push("*"),
                        Token::One => out.push("?"),
                        Token::Lit(_) | Token::Lang => {}
                    }
                }
            }
        }
    }
    out
}

impl Pattern {
    /// Parses `text`; `lang` says whether `{lang}` may (and must) appear, once.
    fn parse(text: &str, lang: bool) -> Result<Pattern, String> {
        let trimmed = text.strip_prefix("./").unwrap_or(text);
        if trimmed.is_empty() {
            return Err("the pattern is empty".into());
        }
        if trimmed.starts_with('/') || trimmed.contains('\\') {
            return Err(
                "write the pattern relative to the config's folder, with `/` separators".into(),
            );
        }
        let mut components = Vec::new();
        let mut langs = 0;
        for comp in trimmed.split('/') {
            if comp.is_empty() {
                return Err("the pattern has an empty path component (`//` or a final `/`)".into());
            }
            if comp == "**" {
                components.push(Component::Any);
                continue;
            }
            let mut tokens = Vec::new();
            let mut lit = String::new();
            let mut rest = comp;
            while let Some(c) = rest.chars().next() {
                let token = if let Some(r) = rest.strip_prefix("{lang}") {
                    rest = r;
                    langs += 1;
                    Token::Lang
                } else if rest.starts_with("**") {
                    return Err("`**` must be a whole path component (`a/**/b`)".into());
                } else if c == '*' {
                    rest = &rest[1..];
                    Token::Star
                } else if c == '?' {
                    rest = &rest[1..];
                    Token::One
                } else if matches!(c, '[' | ']' | '{' | '}') {
                    return Err(format!(
                        "`{c}` is not supported in a pair pattern (only `*`, `**`, `?` and `{{lang}}`)"
                    ));
                } else {
                    lit.push(c);
                    rest = &rest[c.len_utf8()..];
                    continue;
                };
                if !lit.is_empty() {
                    tokens.push(Token::Lit(std::mem::take(&mut lit)));
                }
                tokens.push(token);
            }
            if !lit.is_empty() {
                tokens.push(Token::Lit(lit));
            }
            components.push(Component::Parts(tokens));
        }
        match (lang, langs) {
            (true, 0) => {
                return Err(
                    "the target pattern must hold `{lang}` where the path names the target language (`locales/{lang}/**/*.json`)".into(),
                );
            }
            (true, 1) | (false, 0) => {}
            (true, _) => return Err("`{lang}` may appear only once".into()),
            (false, _) => {
                return Err(
                    "the source pattern names one language; `{lang}` is for the target pattern"
                        .into(),
                );
            }
        }
        let mut re = String::from("^");
        let last = components.len() - 1;
        for (i, c) in components.iter().enumerate() {
            match c {
                Component::Any if i == last => re.push_str("(.*)"),
                Component::Any => re.push_str("(?:(.*)/)?"),
                Component::Parts(tokens) => {
                    for t in tokens {
                        match t {
                            Token::Lit(s) => re.push_str(&regex::escape(s)),
                            Token::Star => re.push_str("([^/]*)"),
                            Token::One => re.push_str("([^/])"),
                            Token::Lang => re.push_str("(?P<lang>[^/.]+)"),
                        }
                    }
                    if i != last {
                        re.push('/');
                    }
                }
            }
        }
        re.push('$');
        let regex = Regex::new(&re).map_err(|e| e.to_string())?;
        Ok(Pattern { components, regex })
    }

    /// The path this pattern names with `values` for its wildcards, in order.
    fn render(&self, values: &[String]) -> String {
        let mut out = String::new();
        let mut values = values.iter();
        let last = self.components.len() - 1;
        for (i, c) in self.components.iter().enumerate() {
            match c {
                Component::Any => {
                    let v = values.next().map_or("", String::as_str);
                    out.push_str(v);
                    if i != last && !v.is_empty() {
                        out.push('/');
                    }
                }
                Component::Parts(tokens) => {
                    for t in tokens {
                        match t {
                            Token::Lit(s) => out.push_str(s),
                            Token::Star | Token::One => {
                                out.push_str(values.next().map_or("", String::as_str))
                            }
                            Token::Lang => {}
                        }
                    }
                    if i != last {
                        out.push('/');
                    }
                }
            }
        }
        out
    }
}

/// A `[[pairs]]` entry: where the source files are, where their translations are.
#[derive(Debug, Clone)]
pub struct PairPattern {
    /// The source pattern as written (`locales/en/**/*.json`).
    pub source: String,
    /// The target pattern as written (`locales/{lang}/**/*.json`).
    pub target: String,
    source_pattern: Pattern,
    target_pattern: Pattern,
}

/// Which pattern of a pair is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairError {
    /// `source` or `target`.
    pub key: &'static str,
    /// What is wrong.
    pub message: String,
}

impl PairPattern {
    /// Parses a pair; the error names the key (`source` or `target`) at fault.
    pub fn new(source: &str, target: &str) -> Result<PairPattern, PairError> {
        let target_pattern = Pattern::parse(target, true).map_err(|message| PairError {
            key: "target",
            message,
        })?;
        let source_pattern = Pattern::parse(source, false).map_err(|message| PairError {
            key: "source",
            message,
        })?;
        let (s, t) = (
            wildcards(&source_pattern.components),
            wildcards(&target_pattern.components),
        );
        if s != t {
            return Err(PairError {
                key: "source",
                message: format!(
                    "the source pattern must have the same wildcards as the target pattern `{target}`, in the same order ({} against {}), so that each target file names one source file",
                    show(&s),
                    show(&t)
                ),
            });
        }
        Ok(PairPattern {
            source: source.to_string(),
            target: target.to_string(),
            source_pattern,
            target_pattern,
        })
    }

    /// For a path relative to the config's folder that the target pattern matches: the path of
    /// its source (relative to the same folder) and the text `{lang}` matched.
    pub fn source_of(&self, rel: &str) -> Option<(String, String)> {
        let caps = self.target_pattern.regex.captures(rel)?;
        let lang = caps.name("lang")?.as_str().to_string();
        let lang_index = self
            .target_pattern
            .regex
            .capture_names()
            .position(|n| n == Some("lang"))?;
        let values: Vec<String> = (1..caps.len())
            .filter(|&i| i != lang_index)
            .map(|i| caps.get(i).map_or("", |m| m.as_str()).to_string())
            .collect();
        Some((self.source_pattern.render(&values), lang))
    }

    /// Whether the source pattern matches a path relative to the config's folder.
    pub fn is_source(&self, rel: &str) -> bool {
        self.source_pattern.regex.is_match(rel)
    }

    /// Whether the target pattern matches a path relative to the config's folder.
    pub fn is_target(&self, rel: &str) -> bool {
        self.target_pattern.regex.is_match(rel)
    }
}

fn show(w: &[&str]) -> String {
    if w.is_empty() {
        "none".into()
    } else {
        w.iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A language code as a path writes it, in a spelling [`crate::lang::language`] reads: Android's
/// `fr-rCA` is `fr-CA`, `b+sr+Latn` is `sr-Latn`.
pub fn normalize_lang(code: &str) -> String {
    let code = code.strip_prefix("b+").unwrap_or(code);
    code.split(['-', '_', '+'])
        .enumerate()
        .map(|(i, part)| match part.strip_prefix('r') {
            Some(region)
                if i > 0 && region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                region.to_string()
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(s: &str, t: &str) -> PairPattern {
        PairPattern::new(s, t).unwrap()
    }

    #[test]
    fn folders_of_json_files() {
        let p = pair("locales/en/**/*.json", "locales/{lang}/**/*.json");
        assert_eq!(
            p.source_of("locales/fr/app.json"),
            Some(("locales/en/app.json".into(), "fr".into()))
        );
        assert_eq!(
            p.source_of("locales/pt-BR/admin/users.json"),
            Some(("locales/en/admin/users.json".into(), "pt-BR".into()))
        );
        assert_eq!(p.source_of("locales/fr/app.yml"), None);
        assert_eq!(p.source_of("other/fr/app.json"), None);
        assert!(p.is_source("locales/en/a/b.json") && !p.is_source("locales/fr/b.json"));
        // The source itself matches the target pattern: its source is itself.
        assert_eq!(
            p.source_of("locales/en/app.json").unwrap().0,
            "locales/en/app.json"
        );
    }

    #[test]
    fn one_file_per_language_and_android_folders() {
        let p = pair("./locales/en.json", "locales/{lang}.json");
        assert_eq!(
            p.source_of("locales/de.json"),
            Some(("locales/en.json".into(), "de".into()))
        );
        let p = pair("res/values/strings.xml", "res/values-{lang}/strings.xml");
        assert_eq!(
            p.source_of("res/values-fr-rCA/strings.xml"),
            Some(("res/values/strings.xml".into(), "fr-rCA".into()))
        );
        assert_eq!(p.source_of("res/values/strings.xml"), None);
        let p = pair("**/messages.properties", "**/messages_{lang}.properties");
        assert_eq!(
            p.source_of("src/main/messages_fr.properties"),
            Some(("src/main/messages.properties".into(), "fr".into()))
        );
        assert_eq!(
            p.source_of("messages_fr.properties"),
            Some(("messages.properties".into(), "fr".into()))
        );
        assert_eq!(normalize_lang("fr-rCA"), "fr-CA");
        assert_eq!(normalize_lang("b+sr+Latn"), "sr-Latn");
        assert_eq!(normalize_lang("pt_BR"), "pt-BR");
    }

    #[test]
    fn bad_patterns_name_the_key() {
        let e = PairPattern::new("locales/en/*.json", "locales/fr/*.json").unwrap_err();
        assert_eq!(e.key, "target");
        assert!(e.message.contains("{lang}"), "{}", e.message);
        let e = PairPattern::new("locales/en/*.json", "locales/{lang}/**/*.json").unwrap_err();
        assert_eq!(e.key, "source");
        assert!(e.message.contains("same wildcards"), "{}", e.message);
        let e = PairPattern::new("locales/{lang}.json", "locales/{lang}.json").unwrap_err();
        assert_eq!(e.key, "source");
        let e = PairPattern::new("a/en.json", "a/{lang}/[ab].json").unwrap_err();
        assert!(e.message.contains("not supported"), "{}", e.message);
        let e = PairPattern::new("a**/en.json", "a**/{lang}.json").unwrap_err();
        assert!(e.message.contains("whole path component"), "{}", e.message);
    }
}
