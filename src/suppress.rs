//! Inline suppression, written by translators in the file itself, as ruff's `# noqa`:
//! `mtlint: ignore` (every rule) or `mtlint: ignore[RULES]`, with the selectors of `--ignore`
//! (rule ids, categories, id prefixes ending in `*`, `lang:CODE`), comma-separated. Where a
//! directive may stand depends on the format (a PO translator comment, an XLIFF `<note>`, the
//! `mtlint` column of TSV/CSV, the `mtlint` key of JSON Lines, a comment line in plain text); the
//! readers put it on [`crate::input::Segment::suppress`] and the runner drops the findings it
//! covers, counting them in the summary.

use crate::finding::{Category, Finding};
use std::ops::Range;

/// The word that starts a directive.
const MARKER: &str = "mtlint:";

/// A directive that applies to one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The selectors, trimmed; empty: every rule.
    pub selectors: Vec<String>,
    /// 1-based line of the (first) directive in the file.
    pub line: usize,
}

impl Suppression {
    /// The directive in `text`, a comment or note written at `line`, if it holds one.
    pub fn find(text: &str, line: usize) -> Option<Suppression> {
        parse(text).map(|(selectors, _)| Suppression { selectors, line })
    }

    /// Adds the selectors of another directive of the same segment (a second note): the
    /// union; a directive for every rule covers everything.
    pub fn merge(a: Option<Suppression>, b: Option<Suppression>) -> Option<Suppression> {
        match (a, b) {
            (Some(mut a), Some(b)) => {
                if a.selectors.is_empty() || b.selectors.is_empty() {
                    a.selectors.clear();
                } else {
                    a.selectors.extend(b.selectors);
                }
                Some(a)
            }
            (a, b) => a.or(b),
        }
    }

    /// Whether the directive covers finding `f`.
    pub fn covers(&self, f: &Finding) -> bool {
        self.selectors.is_empty() || self.selectors.iter().any(|s| selector_matches(s, f))
    }

    /// Drops the findings the directive covers; returns how many.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> u64 {
        let before = findings.len();
        findings.retain(|f| !self.covers(f));
        (before - findings.len()) as u64
    }
}

/// Whether selector `s` (as `--ignore` takes it) matches finding `f`.
fn selector_matches(s: &str, f: &Finding) -> bool {
    if let Ok(c) = s.parse::<Category>() {
        return f.category == c;
    }
    if let Some(code) = s.strip_prefix("lang:") {
        return crate::lang::language(code).is_ok_and(|l| l.rules.iter().any(|r| r.id == f.rule));
    }
    match s.strip_suffix('*') {
        Some(prefix) => f.rule.starts_with(prefix),
        None => f.rule == s,
    }
}

/// The first directive in `text`: its selectors (empty for every rule) and its byte range,
/// from `mtlint:` to the end of `ignore` or of the closing `]`. `mtlint: ignored`,
/// `mtlint: ignore[` without its `]` and `mtlint: ignore[]` are not directives.
pub fn parse(text: &str) -> Option<(Vec<String>, Range<usize>)> {
    let mut from = 0;
    while let Some(k) = text[from..].find(MARKER) {
        let start = from + k;
        from = start + MARKER.len();
        // `xmtlint:` is another word.
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let rest = &text[from..];
        let ws = rest.len() - rest.trim_start().len();
        let Some(after) = rest[ws..].strip_prefix("ignore") else {
            continue;
        };
        let end = from + ws + "ignore".len();
        match after.chars().next() {
            None => return Some((Vec::new(), start..end)),
            Some('[') => {
                let Some(close) = after.find(']') else {
                    continue;
                };
                let selectors: Vec<String> = after[1..close]
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                if selectors.is_empty() {
                    continue;
                }
                return Some((selectors, start..end + close + 1));
            }
            Some(c) if c.is_alphanumeric() || c == '_' || c == '-' => continue,
            Some(_) => return Some((Vec::new(), start..end)),
        }
    }
    None
}

/// Plain text: the directive of a line that is only a directive, in an optional comment
/// (`# mtlint: ignore[foreign-word]`, `// …`, `<!-- … -->`, `-- …`, `; …`): it applies to the
/// next non-empty line, and the line itself is not a segment.
pub fn directive_line(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let t = t
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .or_else(|| t.strip_prefix("//"))
        .or_else(|| t.strip_prefix('#'))
        .or_else(|| t.strip_prefix("--"))
        .or_else(|| t.strip_prefix(';'))
        .unwrap_or(t)
        .trim();
    match parse(t) {
        Some((selectors, r)) if r.start == 0 && r.end == t.len() => Some(selectors),
        _ => None,
    }
}

/// Plain text: a directive at the end of a line of text (`Текст. # mtlint: ignore[caps-word]`),
/// with what may stand before it (`#`, `//`, `<!--`, `--`, `;`) and after it (`-->`): its
/// selectors and where the text before it ends (white space before the comment trimmed).
pub fn trailing(line: &str) -> Option<(Vec<String>, usize)> {
    let (selectors, r) = parse(line)?;
    let tail = line[r.end..].trim();
    if !(tail.is_empty() || tail == "-->") {
        return None;
    }
    let head = line[..r.start].trim_end();
    let head = ["<!--", "//", "#", "--", ";"]
        .iter()
        .find_map(|lead| head.strip_suffix(lead))
        .unwrap_or(head);
    let cut = head.trim_end().len();
    (cut > 0).then_some((selectors, cut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn f(rule: &str, category: Category) -> Finding {
        Finding::new(rule, category, Severity::Warning, 0..1, "m")
    }

    #[test]
    fn directives_are_parsed_with_their_selectors() {
        assert_eq!(parse("mtlint: ignore"), Some((vec![], 0..14)));
        assert_eq!(parse("Brand name. mtlint:ignore"), Some((vec![], 12..25)));
        assert_eq!(
            parse("mtlint: ignore[foreign-word, caps-word ] (brand)"),
            Some((
                vec!["foreign-word".to_string(), "caps-word".to_string()],
                0..40
            ))
        );
        for not in [
            "mtlint: ignored",
            "mtlint: ignore[",
            "mtlint: ignore[]",
            "xmtlint: ignore",
            "mtlint is fine",
            "",
        ] {
            assert_eq!(parse(not), None, "{not}");
        }
    }

    #[test]
    fn selectors_match_as_ignore_does() {
        let s = |sel: &[&str]| Suppression {
            selectors: sel.iter().map(|x| x.to_string()).collect(),
            line: 1,
        };
        let foreign = f("foreign-word", Category::MixedScript);
        let inv = f("fr-inversion-dash", Category::Phrasing);
        assert!(s(&[]).covers(&foreign) && s(&[]).covers(&inv));
        assert!(s(&["foreign-word"]).covers(&foreign) && !s(&["foreign-word"]).covers(&inv));
        assert!(s(&["fr-*"]).covers(&inv) && !s(&["fr-*"]).covers(&foreign));
        assert!(s(&["mixed-script"]).covers(&foreign) && !s(&["mixed-script"]).covers(&inv));
        assert!(s(&["lang:fr"]).covers(&inv) && !s(&["lang:fr"]).covers(&foreign));
        let mut v = vec![foreign.clone(), inv.clone()];
        assert_eq!(s(&["phrasing"]).apply(&mut v), 1);
        assert_eq!(v, vec![foreign]);
        let all = Suppression::merge(Some(s(&["a"])), Some(s(&[])));
        assert!(all.unwrap().selectors.is_empty());
        let both = Suppression::merge(Some(s(&["a"])), Some(s(&["b"])));
        assert_eq!(both.unwrap().selectors, ["a", "b"]);
    }

    #[test]
    fn plain_text_comment_lines_and_trailing_directives() {
        assert_eq!(directive_line("# mtlint: ignore"), Some(vec![]));
        assert_eq!(
            directive_line("  <!-- mtlint: ignore[caps-word] -->"),
            Some(vec!["caps-word".to_string()])
        );
        assert_eq!(directive_line("// mtlint: ignore[a,b]").unwrap().len(), 2);
        assert_eq!(directive_line("mtlint: ignore"), Some(vec![]));
        // A directive inside a sentence is not a directive line.
        assert_eq!(directive_line("Le texte. mtlint: ignore"), None);
        assert_eq!(
            trailing("Il a dit HELLO. # mtlint: ignore[caps-word]"),
            Some((vec!["caps-word".to_string()], 15))
        );
        assert_eq!(trailing("Texte <!-- mtlint: ignore -->"), Some((vec![], 5)));
        assert_eq!(trailing("Texte mtlint: ignore"), Some((vec![], 5)));
        assert_eq!(trailing("mtlint: ignore then text"), None);
        assert_eq!(trailing("# mtlint: ignore"), None);
    }
}
