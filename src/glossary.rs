//! Terminology: `--glossary FILE` (CSV or TSV: source term, target term, optional note). When a
//! segment's source contains a source term, its target must contain the required translation
//! (`term-missing`); a target term written `!term` is forbidden in every target (`term-forbidden`).

use crate::finding::Finding;
use regex::Regex;
use std::path::Path;

/// One glossary entry.
#[derive(Debug, Clone)]
pub struct Term {
    source: Option<(String, Regex)>,
    target: String,
    target_re: Regex,
    forbidden: bool,
    note: String,
}

/// A loaded glossary.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    terms: Vec<Term>,
}

/// A whole-word, case-insensitive pattern for a term; the last word may take an ending
/// (plural, case), so "cyberattaque" matches "cyberattaques".
fn term_regex(term: &str) -> Result<Regex, regex::Error> {
    let words: Vec<String> = term.split_whitespace().map(regex::escape).collect();
    Regex::new(&format!(r"(?i)\b{}\w{{0,3}}\b", words.join(r"\s+")))
}

impl Glossary {
    /// Reads a glossary; `.tsv`/`.tab` files are tab-separated, others comma-separated. A first
    /// row whose first cell is `source` or `term` is a header.
    pub fn load(path: &Path) -> Result<Glossary, String> {
        let name = path.display().to_string();
        let tab = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(if tab { b'\t' } else { b',' })
            .from_path(path)
            .map_err(|e| format!("{name}: {e}"))?;
        let mut terms = Vec::new();
        for (i, row) in rdr.records().enumerate() {
            let row = row.map_err(|e| format!("{name}: {e}"))?;
            let cell = |k: usize| row.get(k).unwrap_or("").trim().to_string();
            let (src, tgt, note) = (cell(0), cell(1), cell(2));
            if i == 0
                && matches!(
                    src.to_lowercase().as_str(),
                    "source" | "term" | "source term"
                )
            {
                continue;
            }
            let line = row.position().map_or(i + 1, |p| p.line() as usize);
            if tgt.is_empty() {
                return Err(format!("{name}:{line}: no target term"));
            }
            let (forbidden, tgt) = match tgt.strip_prefix('!') {
                Some(t) => (true, t.trim().to_string()),
                None => (false, tgt),
            };
            let target_re = term_regex(&tgt).map_err(|e| format!("{name}:{line}: {e}"))?;
            let source = if src.is_empty() {
                None
            } else {
                let re = term_regex(&src).map_err(|e| format!("{name}:{line}: {e}"))?;
                Some((src, re))
            };
            if source.is_none() && !forbidden {
                return Err(format!("{name}:{line}: no source term"));
            }
            terms.push(Term {
                source,
                target: tgt,
                target_re,
                forbidden,
                note,
            });
        }
        Ok(Glossary { terms })
    }

    /// Appends terminology findings for a target segment and its source (if any).
    pub fn check(&self, target: &str, source: Option<&str>, out: &mut Vec<Finding>) {
        for t in &self.terms {
            let note = if t.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", t.note)
            };
            if t.forbidden {
                for m in t.target_re.find_iter(target) {
                    out.push(crate::checks::finding(
                        "term-forbidden",
                        m.range(),
                        format!(
                            "“{}” is a forbidden term in the glossary{note}.",
                            m.as_str()
                        ),
                    ));
                }
                continue;
            }
            let (Some(src), Some((term, src_re))) = (source, &t.source) else {
                continue;
            };
            if src_re.is_match(src) && !t.target_re.is_match(target) {
                let start = target.len() - target.trim_start().len();
                let end = target.trim_end().len().max(start);
                out.push(
                    crate::checks::finding(
                        "term-missing",
                        start..end,
                        format!(
                            "The source uses “{term}”; the glossary requires “{}” in the translation{note}.",
                            t.target
                        ),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_and_forbidden_terms() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.csv");
        std::fs::write(&p, "source,target,note\ncyberattack,cyberattaque,FranceTerme\n,!cyber-attaque,hyphenated form\n").unwrap();
        let g = Glossary::load(&p).unwrap();
        let mut out = Vec::new();
        g.check(
            "Les cyberattaques augmentent.",
            Some("Cyberattacks are rising."),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        g.check(
            "Les attaques augmentent.",
            Some("Cyberattacks are rising."),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "term-missing");
        out.clear();
        g.check("Une cyber-attaque.", None, &mut out);
        assert_eq!(out[0].rule, "term-forbidden");
        assert_eq!(out[0].span, 4..17);
    }

    #[test]
    fn bad_glossaries_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.tsv");
        std::fs::write(&p, "source\ttarget\nfoo\t\n").unwrap();
        let e = Glossary::load(&p).unwrap_err();
        assert!(e.contains("g.tsv:2"), "{e}");
    }
}
