//! Terminology: `--glossary FILE`, either CSV or TSV (source term, target term, optional note) or
//! a TBX termbase (ISO 30042: TBX-Basic / TBX v2 `<martif>` or TBX v3 `<tbx>`, read by
//! [`crate::formats`]' TBX reader).
//!
//! When a segment's source contains a source term, its target must contain the required
//! translation (`term-missing`); a forbidden target term must not appear in any target
//! (`term-forbidden`). In CSV/TSV a forbidden term is written `!term`. In TBX, the terms of a
//! concept in the target language marked `deprecatedTerm` or `supersededTerm`
//! (`administrativeStatus` / `normativeAuthorization`) are forbidden, and any of its other terms
//! (preferred, admitted or unrated) satisfies the requirement; notes and definitions become the
//! note shown in the message.
//!
//! A TBX termbase holds many languages; [`Glossary::check_langs`] takes the pair from the run's
//! source and target languages (matched by primary subtag, `en-US` ≈ `en`). Without a source
//! language, the termbase's own `xml:lang` is the source if it differs from the target, else every
//! other language is; without a target language, every language other than the source is.

use crate::finding::Finding;
use crate::formats::primary_lang;
use crate::formats::tbx::{self, TermStatus};
use regex::Regex;
use std::collections::HashSet;
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
    termbase: Option<Termbase>,
}

/// A term of a TBX concept, ready to match.
#[derive(Debug, Clone)]
struct TbxTerm {
    text: String,
    re: Regex,
    status: TermStatus,
    note: String,
    /// Forbidden, and not an allowed term of the same language in another concept.
    forbidden: bool,
}

/// A TBX concept's terms in one language.
#[derive(Debug, Clone)]
struct TbxLang {
    /// Primary subtag, lower case.
    lang: String,
    terms: Vec<TbxTerm>,
    note: String,
}

#[derive(Debug, Clone)]
struct TbxConcept {
    langs: Vec<TbxLang>,
    note: String,
}

/// A TBX termbase, ready to match.
#[derive(Debug, Clone)]
struct Termbase {
    /// The root's `xml:lang` (primary subtag).
    lang: Option<String>,
    /// Every language of the termbase (primary subtags), in order of appearance.
    langs: Vec<String>,
    concepts: Vec<TbxConcept>,
}

/// A whole-word, case-insensitive pattern for a term; the last word may take an ending
/// (plural, case), so "cyberattaque" matches "cyberattaques".
fn term_regex(term: &str) -> Result<Regex, regex::Error> {
    let words: Vec<String> = term.split_whitespace().map(regex::escape).collect();
    Regex::new(&format!(r"(?i)\b{}\w{{0,3}}\b", words.join(r"\s+")))
}

/// Whether `path` names a TBX termbase: a `.tbx` (or `.xml`) file, or one that starts with `<`.
fn is_tbx(path: &Path) -> bool {
    if let Some(e) = path.extension().and_then(|e| e.to_str())
        && (e.eq_ignore_ascii_case("tbx") || e.eq_ignore_ascii_case("xml"))
    {
        return true;
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn with_note(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!(" ({note})")
    }
}

/// Quoted terms joined by "or": “a” or “b”.
fn quoted(terms: &[&str]) -> String {
    terms
        .iter()
        .map(|t| format!("“{t}”"))
        .collect::<Vec<_>>()
        .join(" or ")
}

impl Glossary {
    /// Whether `word` is a word of one of the glossary's terms (any language, case-insensitive):
    /// a known word for the `non-word` rule, however rare.
    pub fn knows_word(&self, word: &str) -> bool {
        let word = word.to_lowercase();
        let has = |term: &str| {
            term.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
        };
        self.terms
            .iter()
            .any(|t| has(&t.target) || t.source.as_ref().is_some_and(|(s, _)| has(s)))
            || self.termbase.as_ref().is_some_and(|tb| {
                tb.concepts
                    .iter()
                    .any(|c| c.langs.iter().any(|l| l.terms.iter().any(|t| has(&t.text))))
            })
    }

    /// Reads a glossary: a TBX termbase (`.tbx`, or a file starting with `<`), else CSV/TSV:
    /// `.tsv`/`.tab` files are tab-separated, others comma-separated, and a first row whose first
    /// cell is `source` or `term` is a header.
    pub fn load(path: &Path) -> Result<Glossary, String> {
        if is_tbx(path) {
            return Self::load_tbx(path);
        }
        let name = path.display().to_string();
        let tab = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        // TSV has no quoting (a `"` is text); in CSV a quote left open would swallow the rest
        // of the file into one term.
        if !tab {
            let text = String::from_utf8_lossy(&bytes);
            if let Some((line, col)) = crate::formats::open_quote(&text, b',', 1) {
                return Err(format!(
                    "{name}:{line}:{col}: unterminated quote: the quoted cell opened here is never closed"
                ));
            }
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .quoting(!tab)
            .delimiter(if tab { b'\t' } else { b',' })
            .from_reader(bytes.as_slice());
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
        Ok(Glossary {
            terms,
            termbase: None,
        })
    }

    /// Reads a TBX termbase.
    fn load_tbx(path: &Path) -> Result<Glossary, String> {
        let name = path.display().to_string();
        let tb = tbx::load(path).map_err(|e| e.to_string())?;
        // Terms a translation may use, per language: a term deprecated in one concept but allowed
        // in another is not forbidden.
        let mut allowed: HashSet<(String, String)> = HashSet::new();
        let mut langs: Vec<String> = Vec::new();
        for c in &tb.concepts {
            for l in &c.langs {
                let lang = primary_lang(&l.lang).unwrap_or_else(|| l.lang.to_lowercase());
                if !langs.contains(&lang) {
                    langs.push(lang.clone());
                }
                for t in l.terms.iter().filter(|t| t.status.allowed()) {
                    allowed.insert((lang.clone(), t.text.to_lowercase()));
                }
            }
        }
        let mut concepts = Vec::with_capacity(tb.concepts.len());
        for c in tb.concepts {
            let mut out = TbxConcept {
                langs: Vec::new(),
                note: c.note,
            };
            for l in c.langs {
                let lang = primary_lang(&l.lang).unwrap_or_else(|| l.lang.to_lowercase());
                let mut terms = Vec::new();
                for t in l.terms {
                    let re = term_regex(&t.text)
                        .map_err(|e| format!("{name}:{}: term “{}”: {e}", t.line, t.text))?;
                    let forbidden = !t.status.allowed()
                        && !allowed.contains(&(lang.clone(), t.text.to_lowercase()));
                    terms.push(TbxTerm {
                        text: t.text,
                        re,
                        status: t.status,
                        note: t.note,
                        forbidden,
                    });
                }
                // en-US and en-GB sections of one concept are one language here.
                match out.langs.iter_mut().find(|x| x.lang == lang) {
                    Some(x) => {
                        x.terms.extend(terms);
                        if x.note.is_empty() {
                            x.note = l.note;
                        }
                    }
                    None => out.langs.push(TbxLang {
                        lang,
                        terms,
                        note: l.note,
                    }),
                }
            }
            concepts.push(out);
        }
        Ok(Glossary {
            terms: Vec::new(),
            termbase: Some(Termbase {
                lang: tb.lang.as_deref().and_then(primary_lang),
                langs,
                concepts,
            }),
        })
    }

    /// The languages of a TBX glossary (primary subtags, in order of appearance); empty for
    /// CSV/TSV glossaries, which name none.
    pub fn languages(&self) -> Vec<String> {
        self.termbase
            .as_ref()
            .map(|t| t.langs.clone())
            .unwrap_or_default()
    }

    /// Appends terminology findings for a target segment and its source (if any), with the
    /// languages unknown (see [`Glossary::check_langs`]).
    pub fn check(&self, target: &str, source: Option<&str>, out: &mut Vec<Finding>) {
        self.check_langs(target, source, None, None, out);
    }

    /// Appends terminology findings for a target segment in `target_lang` and its source (if
    /// any) in `source_lang`; the languages choose the pair of a TBX termbase and do not matter
    /// for CSV/TSV glossaries.
    pub fn check_langs(
        &self,
        target: &str,
        source: Option<&str>,
        source_lang: Option<&str>,
        target_lang: Option<&str>,
        out: &mut Vec<Finding>,
    ) {
        if let Some(tb) = &self.termbase {
            tb.check(target, source, source_lang, target_lang, out);
        }
        for t in &self.terms {
            let note = if t.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", t.note)
            };
            if t.forbidden {
                for m in t.target_re.find_iter(target) {
                    out.push(crate::registry::Rule::TermForbidden.finding(
                        m.range(),
                        format!(
                            "“{}” is a forbidden term in the glossary{note}.",
                            m.as_str()
                        ),
                    ));
                }
                continue;
            }
            let src = source.filter(|_| !target.trim().is_empty());
            let (Some(src), Some((term, src_re))) = (src, &t.source) else {
                continue;
            };
            if src_re.is_match(src) && !t.target_re.is_match(target) {
                let start = target.len() - target.trim_start().len();
                let end = target.trim_end().len().max(start);
                out.push(
                    crate::registry::Rule::TermMissing.finding(
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

impl Termbase {
    fn check(
        &self,
        target: &str,
        source: Option<&str>,
        source_lang: Option<&str>,
        target_lang: Option<&str>,
        out: &mut Vec<Finding>,
    ) {
        let tl = target_lang.and_then(primary_lang);
        let sl = source_lang
            .and_then(primary_lang)
            .or_else(|| self.lang.clone().filter(|l| Some(l) != tl.as_ref()))
            .or_else(|| {
                if tl.is_none() {
                    self.langs.first().cloned()
                } else {
                    None
                }
            });
        if sl.is_some() && sl == tl {
            return;
        }
        let is_src = |l: &str| match &sl {
            Some(s) => l == s,
            None => Some(l) != tl.as_deref(),
        };
        let is_tgt = |l: &str| match &tl {
            Some(t) => l == t,
            None => !is_src(l),
        };
        // Which language's deprecated terms to forbid is known only when the target language
        // is, or when the termbase has a single target language.
        let forbid = tl.is_some() || self.langs.iter().filter(|l| is_tgt(l)).count() == 1;
        for c in &self.concepts {
            if !c.langs.iter().any(|l| is_tgt(&l.lang)) {
                continue;
            }
            let target_terms = || {
                c.langs
                    .iter()
                    .filter(|l| is_tgt(&l.lang))
                    .flat_map(|l| &l.terms)
            };
            // The terms to name as the right ones: the preferred ones, else every allowed one.
            let preferred = || -> Vec<&str> {
                let allowed = target_terms().filter(|t| t.status.allowed());
                if target_terms().any(|t| t.status == TermStatus::Preferred) {
                    allowed
                        .filter(|t| t.status == TermStatus::Preferred)
                        .map(|t| t.text.as_str())
                        .collect()
                } else {
                    allowed.map(|t| t.text.as_str()).collect()
                }
            };
            let lang_note = || {
                c.langs
                    .iter()
                    .filter(|l| is_tgt(&l.lang))
                    .map(|l| l.note.as_str())
                    .find(|n| !n.is_empty())
                    .unwrap_or(&c.note)
            };
            if forbid {
                for t in target_terms().filter(|t| t.forbidden) {
                    let mut hits = t.re.find_iter(target).peekable();
                    if hits.peek().is_none() {
                        continue;
                    }
                    let preferred = preferred();
                    let note = if t.note.is_empty() {
                        lang_note()
                    } else {
                        &t.note
                    };
                    let instead = if preferred.is_empty() {
                        String::new()
                    } else {
                        format!("; use {}", quoted(&preferred))
                    };
                    for m in hits {
                        let f = crate::registry::Rule::TermForbidden.finding(
                            m.range(),
                            format!(
                                "“{}” is a {} term in the glossary{instead}{}.",
                                m.as_str(),
                                t.status.word(),
                                with_note(note)
                            ),
                        );
                        out.push(match preferred.first() {
                            Some(p) => f.with_suggestion(*p),
                            None => f,
                        });
                    }
                }
            }
            // An empty target is reported as such (empty-target), not term by term.
            let Some(src) = source.filter(|_| !target.trim().is_empty()) else {
                continue;
            };
            let Some(used) = c
                .langs
                .iter()
                .filter(|l| is_src(&l.lang))
                .flat_map(|l| &l.terms)
                .find(|t| t.re.is_match(src))
            else {
                continue;
            };
            let mut allowed = target_terms().filter(|t| t.status.allowed()).peekable();
            if allowed.peek().is_none() || allowed.any(|t| t.re.is_match(target)) {
                continue;
            }
            let start = target.len() - target.trim_start().len();
            let end = target.trim_end().len().max(start);
            out.push(crate::registry::Rule::TermMissing.finding(
                start..end,
                format!(
                    "The source uses “{}”; the glossary requires {} in the translation{}.",
                    used.text,
                    quoted(&preferred()),
                    with_note(lang_note())
                ),
            ));
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
        let p = dir.path().join("g.csv");
        std::fs::write(&p, "source,target\ncloud,\"nuage\nfile,fichier\n").unwrap();
        let e = Glossary::load(&p).unwrap_err();
        assert!(e.contains("g.csv:2:7: unterminated quote"), "{e}");
    }

    /// In a TSV glossary a `"` is text: a note starting with a quote does not swallow the rows
    /// after it.
    #[test]
    fn tsv_glossary_quotes_are_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.tsv");
        std::fs::write(
            &p,
            "source\ttarget\tnote\ncloud\tnuage\t\"computing\nfile\tfichier\t\n",
        )
        .unwrap();
        let g = Glossary::load(&p).unwrap();
        let got: Vec<(&str, &str)> = g
            .terms
            .iter()
            .map(|t| (t.target.as_str(), t.note.as_str()))
            .collect();
        assert_eq!(got, [("nuage", "\"computing"), ("fichier", "")]);
    }

    fn fixture() -> Glossary {
        Glossary::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/bilingual/glossary.tbx"
        )))
        .unwrap()
    }

    fn rules(
        g: &Glossary,
        target: &str,
        source: &str,
        langs: (Option<&str>, Option<&str>),
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        g.check_langs(target, Some(source), langs.0, langs.1, &mut out);
        out
    }

    #[test]
    fn tbx_required_terms_by_language_pair() {
        let g = fixture();
        assert_eq!(g.languages(), ["en", "fr", "de"]);
        let en_fr = (Some("en"), Some("fr-FR"));
        // The preferred or the admitted term satisfies the requirement; endings are allowed.
        for t in ["Deux alertes.", "Deux avertissements."] {
            assert!(rules(&g, t, "Two alerts.", en_fr).is_empty(), "{t}");
        }
        let out = rules(&g, "  Deux signaux. ", "Two alerts.", en_fr);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, "term-missing");
        assert_eq!(out[0].span, 2..15);
        assert_eq!(
            out[0].message,
            "The source uses “alert”; the glossary requires “alerte” in the translation (A notice that something needs the user's attention.)."
        );
        // Any source term of the concept (“user manual”) calls for it.
        let out = rules(&g, "Lisez le guide.", "Read the user manual.", en_fr);
        assert_eq!(out[0].rule, "term-missing");
        assert!(
            out[0].message.contains("“guide de l'utilisateur”"),
            "{}",
            out[0].message
        );
        // The same source in German needs the German term, not the French one.
        let en_de = (Some("en"), Some("de"));
        assert!(rules(&g, "Zwei Warnungen.", "Two alerts.", en_de).is_empty());
        let out = rules(&g, "Zwei alertes.", "Two alerts.", en_de);
        assert!(out[0].message.contains("“Warnung”"), "{out:?}");
        // A language pair the termbase does not hold: nothing to check.
        assert!(rules(&g, "Dos avisos.", "Two alerts.", (Some("en"), Some("es"))).is_empty());
        // Reversed pair: French source, English target.
        let out = rules(
            &g,
            "Two signals.",
            "Deux alertes.",
            (Some("fr"), Some("en")),
        );
        assert_eq!(out[0].rule, "term-missing");
        assert!(out[0].message.contains("“alert”"), "{out:?}");
    }

    #[test]
    fn tbx_deprecated_and_superseded_terms_are_forbidden() {
        let g = fixture();
        let en_fr = (Some("en"), Some("fr"));
        let out = rules(&g, "Sauver le fichier.", "Save the file.", en_fr);
        let rules_of: Vec<&str> = out.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules_of, ["term-forbidden", "term-missing"], "{out:?}");
        assert_eq!(out[0].span, 0..6);
        assert_eq!(out[0].suggestion.as_deref(), Some("enregistrer"));
        assert_eq!(
            out[0].message,
            "“Sauver” is a deprecated term in the glossary; use “enregistrer” (Sens de « secourir » ; ne pas employer pour des données.)."
        );
        let out = rules(&g, "Envoyez un mél.", "Send an e-mail.", en_fr);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(
            (out[0].rule.as_str(), out[0].span.clone()),
            ("term-forbidden", 11..15)
        );
        assert!(out[0].message.contains("superseded"), "{}", out[0].message);
        // A deprecated German term is not forbidden in French, nor without a source.
        assert!(rules(&g, "Une alerte Alert.", "An alert.", en_fr).is_empty());
        // An empty target is empty-target's business.
        assert!(rules(&g, " ", "Save.", en_fr).is_empty());
        let mut out = Vec::new();
        g.check_langs("Die Settings öffnen.", None, None, Some("de"), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].span, 4..12);
    }

    #[test]
    fn tbx_pair_without_languages() {
        // No languages: the termbase's xml:lang (en) is the source and every other language a
        // target, so either translation satisfies the requirement.
        let g = fixture();
        let mut out = Vec::new();
        g.check("Zwei Warnungen.", Some("Two alerts."), &mut out);
        g.check("Deux alertes.", Some("Two alerts."), &mut out);
        assert!(out.is_empty(), "{out:?}");
        // Nor are deprecated terms forbidden: whose language would they be? (German “Alert”
        // is not wrong in French “alertes”.)
        g.check("Sauver des alertes.", Some("Save alerts."), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, "term-missing");
        // A target language alone: every other language is a source.
        out.clear();
        g.check_langs(
            "Deux signaux.",
            Some("Two alerts."),
            None,
            Some("fr"),
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        // A term deprecated in one concept but allowed in another of the same language is not
        // forbidden.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.tbx");
        std::fs::write(&p, "<tbx xml:lang=\"en\"><text><body>\
            <conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>file</term></termSec></langSec>\
            <langSec xml:lang=\"fr\"><termSec><term>dossier</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></termSec><termSec><term>fichier</term></termSec></langSec></conceptEntry>\
            <conceptEntry id=\"b\"><langSec xml:lang=\"en\"><termSec><term>folder</term></termSec></langSec>\
            <langSec xml:lang=\"fr\"><termSec><term>dossier</term></termSec></langSec></conceptEntry>\
            </body></text></tbx>").unwrap();
        let g = Glossary::load(&p).unwrap();
        let mut out = Vec::new();
        g.check_langs(
            "Ouvrir le dossier.",
            Some("Open the folder."),
            Some("en"),
            Some("fr"),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn bad_tbx_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("terms.tbx");
        std::fs::write(&p, "<martif>\n<text><body><termEntry>\n <langSet xml:lang=\"en\"><tig><term>a</term></langSet>").unwrap();
        let e = Glossary::load(&p).unwrap_err();
        assert!(e.contains("terms.tbx:3:"), "{e}");
        // Sniffed by content when the extension says nothing.
        let p = dir.path().join("terms.txt");
        std::fs::write(&p, "\u{feff}  <tbx><text/></tbx>").unwrap();
        let e = Glossary::load(&p).unwrap_err();
        assert!(
            e.contains("terms.txt:1:3") && e.contains("no <termEntry>"),
            "{e}"
        );
    }
}
