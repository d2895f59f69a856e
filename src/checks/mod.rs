//! The checks and their registry. A check is one file plus one line in [`registry`]; it reads a
//! [`Ctx`] and pushes [`Finding`]s, never prints. Rule documentation is data in `data/rules.toml`.

use crate::finding::{Category, Finding, Severity};
use crate::lang::Language;
use crate::text::{self, Word};
use serde::Deserialize;
use std::ops::Range;
use std::sync::OnceLock;

mod bilingual;
mod casing;
pub(crate) mod delimiters;
mod doubled_word;
mod foreign_script;
mod homoglyph;
mod language_switch;
pub mod non_word;
mod numbers;
mod repetition;
mod spacing;

/// Everything a check may look at for one segment, computed once.
pub struct Ctx<'a> {
    /// The segment text.
    pub text: &'a str,
    /// The target language.
    pub lang: &'a Language,
    /// The words of the segment.
    pub words: Vec<Word>,
    /// Spans that are not prose (URLs, paths, formulas, markup…).
    pub protected: Vec<Range<usize>>,
    /// The source text, for bilingual inputs.
    pub source: Option<&'a str>,
    /// The source language, when known.
    pub source_lang: Option<&'a Language>,
}

impl<'a> Ctx<'a> {
    /// Analyses `text` for target language `lang`.
    pub fn new(text: &'a str, lang: &'a Language) -> Self {
        Ctx {
            text,
            lang,
            words: text::words(text),
            protected: text::protected_spans(text),
            source: None,
            source_lang: None,
        }
    }

    /// Whether `span` overlaps a protected span.
    pub fn is_protected(&self, span: &Range<usize>) -> bool {
        text::overlaps(&self.protected, span)
    }

    /// The text of word `i`.
    pub fn word(&self, i: usize) -> &'a str {
        self.words[i].text(self.text)
    }

    /// The text between word `i` and word `i + 1` (or the end).
    pub fn gap_after(&self, i: usize) -> &'a str {
        let end = self
            .words
            .get(i + 1)
            .map_or(self.text.len(), |w| w.span.start);
        &self.text[self.words[i].span.end..end]
    }

    /// The text between word `i - 1` (or the start) and word `i`.
    pub fn gap_before(&self, i: usize) -> &'a str {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].span.end
        };
        &self.text[start..self.words[i].span.start]
    }
}

/// A check: one or more rules that share their analysis.
pub trait Check: Send + Sync {
    /// The rule ids this check can emit.
    fn rules(&self) -> &'static [&'static str];
    /// Appends the findings for one segment.
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>);
}

/// Every built-in algorithmic check, one line each. Regex rules of the language packs are applied
/// by the engine beside these.
pub fn registry() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(foreign_script::ForeignScript),
        Box::new(homoglyph::Homoglyph),
        Box::new(language_switch::LanguageSwitch),
        Box::new(doubled_word::DoubledWord),
        Box::new(repetition::Repetition),
        Box::new(casing::Casing),
        Box::new(delimiters::Delimiters),
        Box::new(spacing::Spacing),
        Box::new(bilingual::Bilingual),
        Box::new(non_word::NonWord::default()),
    ]
}

/// Documentation of a built-in rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// Stable id.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Default severity.
    pub severity: Severity,
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
    /// Fires from what the file says about a segment (e.g. a fuzzy flag), so it has no text
    /// example that fires; a unit test covers it.
    #[serde(default)]
    pub needs_file: bool,
    /// Fires only with a Hunspell dictionary of `lang` installed: without one, the `fires`
    /// examples are skipped (a unit test with a small dictionary covers it everywhere).
    #[serde(default)]
    pub needs_dictionary: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDocs {
    rule: Vec<RuleDoc>,
}

/// The documentation of the algorithmic rules, from `data/rules.toml`.
pub fn rule_docs() -> &'static [RuleDoc] {
    static DOCS: OnceLock<Vec<RuleDoc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        toml::from_str::<RuleDocs>(include_str!("../../data/rules.toml"))
            .expect("data/rules.toml is valid (tested)")
            .rule
    })
}

/// The documentation of built-in rule `id`.
pub fn rule_doc(id: &str) -> Option<&'static RuleDoc> {
    rule_docs().iter().find(|d| d.id == id)
}

/// Builds a finding for built-in rule `id` with its documented category and default severity.
pub fn finding(id: &str, span: Range<usize>, message: impl Into<String>) -> Finding {
    let doc = rule_doc(id).unwrap_or_else(|| panic!("rule `{id}` has docs in data/rules.toml"));
    Finding::new(id, doc.category, doc.severity, span, message)
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::finding::Finding;

    /// Runs the whole engine on `text` in target language `lang` and keeps the findings of `rule`.
    pub fn run(lang: &str, text: &str, rule: &str) -> Vec<Finding> {
        run_pair(lang, text, None, rule)
    }

    /// The same with an English source.
    pub fn run_pair(lang: &str, text: &str, source: Option<&str>, rule: &str) -> Vec<Finding> {
        let engine = crate::Engine::new(Vec::new());
        let language = crate::lang::language(lang).unwrap();
        let en = crate::lang::language("en").unwrap();
        engine
            .check_pair(text, source, source.map(|_| en), language)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// The flagged texts of `rule` on `text`.
    pub fn flagged(lang: &str, text: &str, rule: &str) -> Vec<String> {
        run(lang, text, rule)
            .into_iter()
            .map(|f| text[f.span].to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn registry_is_honest() {
        let mut seen = HashSet::new();
        for check in registry() {
            for id in check.rules() {
                assert!(seen.insert(*id), "rule id `{id}` used twice");
                let doc = rule_doc(id).unwrap_or_else(|| panic!("no docs for `{id}`"));
                assert!(
                    !doc.summary.is_empty() && !doc.description.is_empty(),
                    "{id}"
                );
                assert!(
                    doc.needs_file || !doc.fires.is_empty(),
                    "{id} has no firing example"
                );
                assert!(!doc.quiet.is_empty(), "{id} has no quiet example");
            }
        }
        for doc in rule_docs() {
            assert!(
                seen.contains(doc.id.as_str()),
                "docs for unregistered rule `{}`",
                doc.id
            );
        }
        for lang in crate::lang::known_codes() {
            for r in &crate::lang::language(lang).unwrap().rules {
                assert!(
                    seen.insert(leak(&r.id)),
                    "pack rule id `{}` used twice",
                    r.id
                );
                assert!(
                    !r.fires.is_empty() && !r.quiet.is_empty(),
                    "{} needs examples",
                    r.id
                );
            }
        }
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
    }

    #[test]
    fn documented_examples_fire_and_stay_quiet() {
        for doc in rule_docs() {
            if doc.needs_dictionary && non_word::Dictionaries::standard().find(&doc.lang).is_none()
            {
                eprintln!(
                    "{}: no {} dictionary here, `fires` examples skipped",
                    doc.id, doc.lang
                );
                continue;
            }
            for ex in &doc.fires {
                let got = testutil::run_pair(&doc.lang, ex, doc.source.as_deref(), &doc.id);
                assert!(!got.is_empty(), "`{}` should fire on {ex:?}", doc.id);
            }
            for ex in &doc.quiet {
                let got = testutil::run_pair(&doc.lang, ex, doc.source.as_deref(), &doc.id);
                assert!(
                    got.is_empty(),
                    "`{}` should stay quiet on {ex:?}: {got:?}",
                    doc.id
                );
            }
        }
    }
}
