//! The checks and their registry. A check is one file plus one line in [`registry`]; it reads a
//! [`Ctx`] and pushes [`Finding`]s, never prints. Rule documentation is data in `data/rules.toml`.

use crate::finding::Finding;
use crate::glossary::Glossary;
use crate::input::{InputError, Segment};
use crate::lang::Language;
pub use crate::registry::Rule;
use crate::text::{self, Word};
use std::cell::OnceCell;
use std::ops::Range;

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
    /// What the file says about the segment (fuzzy, read with invalid bytes replaced).
    pub marks: Marks,
    /// The run's glossary, if any.
    pub glossary: Option<&'a Glossary>,
    /// The run's Hunspell dictionaries (rule `non-word`), if any.
    pub dictionaries: Option<&'a non_word::Dictionaries>,
    /// The limits of the subtitle rules (`[subtitles]` in the config).
    pub subtitle_limits: subtitles::SubtitleLimits,
    /// Runs of words in a script the target language does not use, computed on first use.
    foreign_runs: OnceCell<Vec<foreign_script::Run>>,
}

/// What the file says about a segment, beside its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    /// The file marks the translation as fuzzy or needing review; set on the first window of a
    /// long segment only.
    pub fuzzy: bool,
    /// The text was read with invalid bytes replaced by U+FFFD (`--lossy`).
    pub lossy: bool,
    /// A subtitle cue's display time (start, end) in milliseconds; set on the first window of
    /// a long segment only.
    pub timing: Option<(u64, u64)>,
    /// One plural form of a string (gettext `msgstr[N]`, Android and String Catalog
    /// `name[one]`): its placeholders may differ from the source form's (French `one` covers 0
    /// and 1 and shows the count the English singular leaves out).
    pub plural_form: bool,
    /// The plural form for one quantity (`zero`, `one`, `two`; gettext `msgstr[0]`): its text
    /// may write the number as a word (“environ une heure” for “about %{count} hour”).
    pub single_quantity: bool,
}

/// Whether a plural form stands for a single quantity: `zero`, `one`, `two`, or gettext's first
/// form.
pub fn is_single_quantity_form(seg: &Segment) -> bool {
    seg.plural.as_ref().is_some_and(|p| p.form == 0)
        || ["[zero]", "[one]", "[two]"]
            .iter()
            .any(|f| seg.id.ends_with(f))
}

/// Whether a segment is one plural form of a string: gettext `msgstr[N]`, or an id ending in a
/// CLDR plural category (`files[one]`, the resource readers' ids).
pub fn is_plural_form(seg: &Segment) -> bool {
    seg.plural.is_some()
        || ["[zero]", "[one]", "[two]", "[few]", "[many]", "[other]"]
            .iter()
            .any(|f| seg.id.ends_with(f))
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
            marks: Marks::default(),
            glossary: None,
            dictionaries: None,
            subtitle_limits: subtitles::SubtitleLimits::default(),
            foreign_runs: OnceCell::new(),
        }
    }

    /// The runs of consecutive words in one foreign script (not names of formulas, not lone
    /// letters), shared by the foreign-script and language-switch checks.
    pub(crate) fn foreign_runs(&self) -> &[foreign_script::Run] {
        self.foreign_runs
            .get_or_init(|| foreign_script::foreign_runs(self))
    }

    /// Whether word `i` opens a sentence: after ., !, ?, …, : (or nothing), past opening quotes,
    /// brackets and dashes.
    pub fn starts_sentence(&self, i: usize) -> bool {
        self.gap_before(i)
            .trim_end_matches(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '«' | '“' | '„' | '"' | '(' | '—' | '–' | '-' | '‹' | '‚' | '\''
                    )
            })
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | '»' | '”'))
            && (i == 0 || {
                let before = self.text[..self.words[i].span.start].trim_end();
                before.is_empty()
                    || before.ends_with(['.', '!', '?', '…', ':', '«', '“', '„', '"', '—', '–'])
            })
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

/// A check: one or more rules that share their analysis, run on one segment at a time.
pub trait Check: Send + Sync {
    /// The rules this check emits (each of them: the registry test runs the check alone on
    /// every rule's examples).
    fn rules(&self) -> &'static [Rule];
    /// Appends the findings for one segment.
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>);
}

/// A check that needs the whole file: a first pass reads every segment, then the pass adds its
/// findings to each segment as it is checked. Not run on standard input or a pipe, which can be
/// read only once.
pub trait FilePass: Send + Sync {
    /// The rules this pass emits.
    fn rules(&self) -> &'static [Rule];
    /// Reads the segments of one file and returns what it learnt.
    fn scan(
        &self,
        segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
    ) -> Box<dyn FileNotes>;
    /// Like [`FilePass::scan`], for a target paired with a source file (`--source`), whose
    /// segments by id are `source`. By default the source is not looked at.
    fn scan_paired(
        &self,
        segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
        source: Option<&crate::formats::pair::SourceIndex>,
    ) -> Box<dyn FileNotes> {
        let _ = source;
        self.scan(segments)
    }
    /// Whether the pass applies only to keyed resource files (JSON, YAML, properties, Android,
    /// Apple strings: [`crate::formats::InputFormat::is_keyed`]), where a segment id is a key.
    fn keyed_only(&self) -> bool {
        false
    }
}

/// What a [`FilePass`] learnt from one file.
pub trait FileNotes: Send + Sync {
    /// Appends the findings of the pass for segment `seg` of that file.
    fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>);
}

/// Consistency across a bilingual file: the built-in file pass.
pub mod consistency;
/// A key defined twice in one resource file: the third built-in file pass.
pub mod duplicate_keys;
/// Keys of a resource file against its source file: the second built-in file pass.
pub mod keys;
/// Numbers in text, shared by the bilingual checks.
mod numbers;

/// Declares the check modules and lists them in [`registry`], in this order: one line per check.
macro_rules! checks {
    ($($vis:vis $module:ident::$check:ident,)*) => {
        $($vis mod $module;)*

        /// Every built-in check, one line each in the `checks!` list. Regex rules of the language
        /// packs are applied by the engine beside these.
        pub fn registry() -> Vec<Box<dyn Check>> {
            vec![$(Box::new($module::$check),)*]
        }
    };
}

checks! {
    foreign_script::ForeignScript,
    homoglyph::Homoglyph,
    language_switch::LanguageSwitch,
    doubled_word::DoubledWord,
    repetition::Repetition,
    pub non_word::NonWord,
    casing::Casing,
    pub(crate) delimiters::Delimiters,
    spacing::Spacing,
    bilingual::Bilingual,
    structure::Structure,
    terminology::Terminology,
    file_marks::FileMarks,
    control_chars::ControlChars,
    pub subtitles::Subtitles,
}

/// Every built-in check that needs the whole file, one line each.
pub fn file_passes() -> Vec<Box<dyn FilePass>> {
    vec![
        Box::new(consistency::ConsistencyPass),
        Box::new(keys::KeyPass),
        Box::new(duplicate_keys::DuplicateKeyPass),
    ]
}

/// The ids of every built-in rule: the registry's, then each language pack's (loading the
/// packs).
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    let packs = crate::lang::known_codes()
        .into_iter()
        .filter_map(|c| crate::lang::language(c).ok())
        .flat_map(|l| l.rules.iter().map(|r| r.id.as_str()));
    Rule::ALL.iter().map(|r| r.id()).chain(packs)
}

/// Whether `id` is a built-in rule: of the registry or of a language pack.
pub fn rule_exists(id: &str) -> bool {
    Rule::from_id(id).is_some() || rule_ids().any(|r| r == id)
}

/// Builds a finding of built-in `rule` with its category and default severity.
pub fn finding(rule: Rule, span: Range<usize>, message: impl Into<String>) -> Finding {
    rule.finding(span, message)
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::finding::Finding;

    /// Runs the whole engine on `text` in target language `lang` and keeps the findings of `rule`.
    pub fn run(lang: &str, text: &str, rule: impl AsRef<str>) -> Vec<Finding> {
        run_pair(lang, text, None, rule)
    }

    /// The same with an English source.
    pub fn run_pair(
        lang: &str,
        text: &str,
        source: Option<&str>,
        rule: impl AsRef<str>,
    ) -> Vec<Finding> {
        let rule = rule.as_ref();
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
    pub fn flagged(lang: &str, text: &str, rule: impl AsRef<str>) -> Vec<String> {
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

    /// Runs `check` alone on a rule's example, as the engine would.
    fn run_alone(check: &dyn Check, rule: Rule, text: &str) -> Vec<Finding> {
        let m = rule.meta();
        let lang = crate::lang::language(&m.lang).unwrap();
        let en = crate::lang::language("en").unwrap();
        let dicts = non_word::Dictionaries::standard();
        let mut ctx = Ctx::new(text, lang);
        ctx.source = m.source.as_deref();
        ctx.source_lang = m.source.as_ref().map(|_| en);
        ctx.dictionaries = Some(&dicts);
        let mut out = Vec::new();
        check.check(&ctx, &mut out);
        out.retain(|f| f.rule == rule);
        out
    }

    /// Every built-in rule is owned by exactly one registered check or file pass, and every check
    /// emits each rule it declares: alone, on that rule's documented examples (rules that need a
    /// file are fired by their fixture in tests/rule_fixtures.rs).
    #[test]
    fn registry_is_honest() {
        let mut owner = HashSet::new();
        for check in registry() {
            for &rule in check.rules() {
                assert!(owner.insert(rule), "rule `{rule}` declared twice");
                let m = rule.meta();
                if m.needs_dictionary && !has_dictionary(&m.lang) {
                    continue;
                }
                for ex in &m.fires {
                    assert!(
                        !run_alone(check.as_ref(), rule, ex).is_empty(),
                        "`{rule}` is declared by a check that does not emit it on {ex:?}"
                    );
                }
            }
        }
        for pass in file_passes() {
            for &rule in pass.rules() {
                assert!(owner.insert(rule), "rule `{rule}` declared twice");
                assert!(rule.meta().needs_file, "{rule}: a file pass needs a file");
            }
        }
        for rule in Rule::ALL {
            assert!(owner.contains(rule), "rule `{rule}` has no check");
        }
        let mut pack_ids = HashSet::new();
        for lang in crate::lang::known_codes() {
            for r in &crate::lang::language(lang).unwrap().rules {
                assert!(
                    Rule::from_id(&r.id).is_none() && pack_ids.insert(r.id.clone()),
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

    /// Whether a Hunspell dictionary of `lang` is installed here (rules that need one skip
    /// their `fires` examples without; a unit test with a small dictionary covers them).
    fn has_dictionary(lang: &str) -> bool {
        let found = non_word::Dictionaries::standard().find(lang).is_some();
        if !found {
            eprintln!("no {lang} dictionary here: examples of dictionary rules skipped");
        }
        found
    }

    #[test]
    fn documented_examples_fire_and_stay_quiet() {
        for rule in Rule::ALL {
            let doc = rule.meta();
            if doc.needs_dictionary && !has_dictionary(&doc.lang) {
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
