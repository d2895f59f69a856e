//! mtlint reviews machine-translated text: it finds untranslated words and names left in a foreign
//! script, words that mix scripts, passages in another language, and MT disfluencies, and reports
//! them for a reviewer or a CI job.
//!
//! Pipeline: [`input`] reads a file into [`input::Segment`]s, [`Engine::check_segment`] runs the
//! [`checks`] and the regex rule packs on each segment and returns [`finding::Finding`]s with byte
//! spans, [`position`] turns spans into lines and columns, and [`report`] writes the findings in
//! one of several formats. The binary's exit code is decided in [`cli`].

#![warn(missing_docs)]
// No `unsafe` (the lexicon tables are plain statics built at compile time); the one scoped
// exception is `cli::interrupt` (signal handler that removes a half-written report).
#![deny(unsafe_code)]

pub mod api;
pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod finding;
pub mod fix;
pub mod formats;
pub mod glossary;
pub mod grammar;
pub mod input;
pub mod lang;
pub mod mqm;
pub mod names;
pub mod pairs;
pub mod paths;
pub mod position;
pub mod precision;
pub mod registry;
pub mod report;
pub mod rules_file;
pub mod run;
pub mod selection;
pub mod suppress;
pub mod text;
pub mod translit;

use crate::checks::delimiters::{self, Pairing};
use crate::checks::{Check, Ctx, FilePass, Marks, Rule};
use crate::finding::{Category, Finding};
use crate::input::{InputError, InputErrorKind, Segment};
use crate::lang::Language;
use crate::rules_file::RegexRule;
use std::ops::Range;

/// The checks and rules to run, built once and shared by every file.
pub struct Engine {
    checks: Vec<Box<dyn Check>>,
    file_passes: Vec<Box<dyn FilePass>>,
    user_rules: Vec<RegexRule>,
    glossary: Option<glossary::Glossary>,
    dictionaries: checks::non_word::Dictionaries,
    subtitle_limits: checks::subtitles::SubtitleLimits,
}

impl Engine {
    /// The built-in checks plus `user_rules`.
    pub fn new(user_rules: Vec<RegexRule>) -> Self {
        Engine {
            checks: checks::registry(),
            file_passes: checks::file_passes(),
            user_rules,
            glossary: None,
            dictionaries: checks::non_word::Dictionaries::standard(),
            subtitle_limits: Default::default(),
        }
    }

    /// The ids of the user rules marked `fix = "safe"` (see [`fix`]).
    pub fn safe_user_rules(&self) -> Vec<String> {
        self.user_rules
            .iter()
            .filter(|r| r.fix_safe)
            .map(|r| r.id.clone())
            .collect()
    }

    /// The same engine checking subtitle cues against `limits` (`[subtitles]` in the config).
    pub fn with_subtitle_limits(mut self, limits: checks::subtitles::SubtitleLimits) -> Self {
        self.subtitle_limits = limits;
        self
    }

    /// The same engine looking words up in `dictionaries` (rule `non-word`).
    pub fn with_dictionaries(mut self, dictionaries: checks::non_word::Dictionaries) -> Self {
        self.dictionaries = dictionaries;
        self
    }

    /// One note per target language met without a Hunspell dictionary (rule `non-word` was
    /// skipped for it), for standard error.
    pub fn dictionary_notes(&self) -> Vec<String> {
        self.dictionaries.missing_notes()
    }

    /// The checks that read the whole file before its segments are checked; the caller runs
    /// them on a file it can read twice and adds their findings (see [`checks::FilePass`]).
    pub fn file_passes(&self) -> &[Box<dyn FilePass>] {
        &self.file_passes
    }

    /// The same engine checking terminology against `glossary`.
    pub fn with_glossary(mut self, glossary: glossary::Glossary) -> Self {
        self.glossary = Some(glossary);
        self
    }

    /// All findings for one segment in target language `lang`, sorted by position.
    /// Segments longer than 64 KiB (a whole book on one line) are checked in windows cut at
    /// sentence ends or spaces, so time and memory stay linear.
    pub fn check_segment(&self, text: &str, lang: &Language) -> Vec<Finding> {
        self.check_pair(text, None, None, lang)
    }

    /// All findings for a segment read from a file (with its source and review state), checked
    /// alone: a quotation it leaves open is not looked for in other segments.
    pub fn check_unit(
        &self,
        seg: &Segment,
        source_lang: Option<&Language>,
        lang: &Language,
    ) -> Vec<Finding> {
        let mut out = self.check_unit_of_document(seg, source_lang, lang);
        delimiters::settle_alone(
            &seg.text,
            seg.source.as_deref(),
            lang,
            source_lang,
            &mut out,
        );
        out
    }

    /// The findings of [`Engine::check_unit`] for a segment of a document, before its loose
    /// delimiters are paired with the neighbours' (see [`check_segments_with`]).
    fn check_unit_of_document(
        &self,
        seg: &Segment,
        source_lang: Option<&Language>,
        lang: &Language,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        self.check_unit_windows(seg, source_lang, lang, None, |_, found| {
            if out.is_empty() {
                out = found;
            } else {
                out.extend(found);
            }
        });
        out
    }

    /// The findings of [`Engine::check_unit`], handed to `each` window by window, with the byte
    /// range of `seg.text` the window covers: a segment of one window (most) makes one call with
    /// `0..len`; a longer one makes a call per window, in order, so that its findings never pile
    /// up in memory. The concatenated calls hold the findings `check_unit` returns. With `pool`,
    /// the windows of a long segment are checked a few at a time in parallel.
    pub fn check_unit_windows(
        &self,
        seg: &Segment,
        source_lang: Option<&Language>,
        lang: &Language,
        pool: Option<&rayon::ThreadPool>,
        mut each: impl FnMut(Range<usize>, Vec<Finding>),
    ) {
        let text = seg.text.as_str();
        let marks = |range: &Range<usize>| Marks {
            fuzzy: seg.fuzzy && range.start == 0,
            lossy: seg.lossy,
            timing: seg.timing.filter(|_| range.start == 0),
            plural_form: checks::is_plural_form(seg),
            single_quantity: checks::is_single_quantity_form(seg),
        };
        if !windowed(text, seg.source.as_deref()) {
            let all = 0..text.len();
            let out =
                self.check_window(text, seg.source.as_deref(), source_lang, lang, marks(&all));
            each(all, out);
            return;
        }
        let mut ranges = windows(text).peekable();
        // Windows checked at once: enough to keep every thread busy, few enough that the
        // findings held stay those of a handful of windows.
        let group = pool.map_or(1, |p| 2 * p.current_num_threads());
        while ranges.peek().is_some() {
            let batch: Vec<Range<usize>> = ranges.by_ref().take(group).collect();
            let results: Vec<Vec<Finding>> = match pool {
                Some(pool) if batch.len() > 1 => {
                    use rayon::prelude::*;
                    pool.install(|| {
                        batch
                            .par_iter()
                            .map(|r| self.check_window_at(text, r.clone(), lang, marks(r)))
                            .collect()
                    })
                }
                _ => batch
                    .iter()
                    .map(|r| self.check_window_at(text, r.clone(), lang, marks(r)))
                    .collect(),
            };
            for (r, out) in batch.into_iter().zip(results) {
                each(r, out);
            }
        }
    }

    /// All findings for a target segment and, for bilingual inputs, its source in `source_lang`.
    pub fn check_pair(
        &self,
        text: &str,
        source: Option<&str>,
        source_lang: Option<&Language>,
        lang: &Language,
    ) -> Vec<Finding> {
        if !windowed(text, source) {
            let mut out = self.check_window(text, source, source_lang, lang, Marks::default());
            delimiters::settle_alone(text, source, lang, source_lang, &mut out);
            return out;
        }
        windows(text)
            .flat_map(|r| self.check_window_at(text, r, lang, Marks::default()))
            .collect()
    }

    /// The findings of window `range` of a long target-only `text`, with spans in `text`.
    fn check_window_at(
        &self,
        text: &str,
        range: Range<usize>,
        lang: &Language,
        marks: Marks,
    ) -> Vec<Finding> {
        let mut out = self.check_window(&text[range.clone()], None, None, lang, marks);
        for f in &mut out {
            f.span = f.span.start + range.start..f.span.end + range.start;
        }
        out
    }

    fn check_window(
        &self,
        text: &str,
        source: Option<&str>,
        source_lang: Option<&Language>,
        lang: &Language,
        marks: Marks,
    ) -> Vec<Finding> {
        let mut ctx = Ctx::new(text, lang);
        ctx.source = source;
        ctx.source_lang = source_lang;
        ctx.marks = marks;
        ctx.glossary = self.glossary.as_ref();
        ctx.dictionaries = Some(&self.dictionaries);
        ctx.subtitle_limits = self.subtitle_limits;
        let mut out = Vec::new();
        for check in &self.checks {
            check.check(&ctx, &mut out);
        }
        let user = self.user_rules.iter().filter(|r| r.applies_to(&lang.code));
        for rule in lang.rules.iter().chain(user) {
            rule.apply(text, &mut out);
        }
        checks::non_word::settle(text, &mut out, self.glossary.as_ref());
        // With a source at hand, say whether a foreign-script word was copied from it
        // (untranslated) or appears from nowhere (hallucinated by the MT engine).
        let foreign = |f: &Finding| {
            f.rule == Rule::ForeignWord
                || f.rule == Rule::ForeignName
                || f.rule == Rule::UntransliteratedName
        };
        // Lower-case the source only when there is a foreign word to look up in it.
        if let Some(src) = source.filter(|_| out.iter().any(foreign)) {
            let src_lower = src.to_lowercase();
            // Each distinct word looked for once: a scan of the source per finding would make
            // a long segment's work quadratic.
            let mut copied: std::collections::HashMap<String, bool> = Default::default();
            for f in out.iter_mut().filter(|f| foreign(f)) {
                let flagged = text[f.span.clone()].to_lowercase();
                let in_source = match copied.get(&flagged) {
                    Some(&known) => known,
                    None => {
                        let known = src_lower.contains(&flagged);
                        copied.insert(flagged, known);
                        known
                    }
                };
                if in_source {
                    f.message.push_str(" It is copied from the source.");
                } else {
                    f.message.push_str(
                        " It is not in the source: the MT engine may have invented (hallucinated) it.",
                    );
                }
            }
        }
        // A passage reported as a language switch is not reported again word by word; a segment
        // reported as copied or left in the source language (one MT failure) is not reported
        // again sentence by sentence or word by word.
        let whole =
            |f: &Finding| f.rule == Rule::TargetEqualsSource || f.rule == Rule::UntranslatedSegment;
        let switches: Vec<_> = out
            .iter()
            .filter(|f| f.category == Category::LanguageSwitch || whole(f))
            .map(|f| (f.span.clone(), whole(f)))
            .collect();
        if !switches.is_empty() {
            out.retain(|f| {
                let covered = |by_whole: bool| {
                    switches.iter().any(|(s, w)| {
                        *w == by_whole && s.start <= f.span.start && f.span.end <= s.end
                    })
                };
                match f.category {
                    Category::MixedScript if f.rule != Rule::Homoglyph => {
                        !covered(false) && !covered(true)
                    }
                    Category::LanguageSwitch => !covered(true),
                    _ => true,
                }
            });
        }
        if !out.is_sorted_by(|a, b| a.order_key() <= b.order_key()) {
            out.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        }
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
        // The file's mark on the whole segment comes first.
        if let Some(i) = out.iter().position(|f| f.rule == Rule::FuzzySegment) {
            out[..=i].rotate_right(1);
        }
        out
    }
}

/// Longest text checked at once; longer segments are checked in windows.
const WINDOW: usize = 64 * 1024;

/// Whether `text` is checked in several windows: a target-only text longer than [`WINDOW`].
fn windowed(text: &str, source: Option<&str>) -> bool {
    text.len() > WINDOW && source.is_none()
}

/// The windows of a long text: at most [`WINDOW`] bytes each, cut after the last sentence end
/// (". ") or else the last space in the window, so that words stay whole.
fn windows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = (start + WINDOW).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end < text.len() {
            let window = &text[start..end];
            if let Some(p) = window.rfind(". ") {
                end = start + p + 2;
            } else if let Some(p) = window.rfind(' ') {
                end = start + p + 1;
            }
        }
        let r = start..end;
        start = end;
        Some(r)
    })
}

/// Bytes of text read before the language of a file is guessed.
pub(crate) const DETECT_BYTES: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_does() {
        for t in [
            "",
            " ",
            "un",
            "  deux mots\t",
            "a\u{0B}b\u{0C}c\rd\ne\u{1C}f",
            "non\u{A0}sécable\u{2009}fine\u{3000}全角\u{85}x",
            "Крутских\u{2028}\u{2029}\u{202F}\u{205F}\u{1680}é",
            "\u{200B}zero-width is no space",
        ] {
            assert_eq!(count_words(t), t.split_whitespace().count() as u64, "{t:?}");
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for t in [format!("a{c}b"), format!("{c}"), format!(" {c} {c}{c}é")] {
                assert_eq!(
                    count_words(&t),
                    t.split_whitespace().count() as u64,
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn long_segments_are_checked_in_windows_with_exact_spans() {
        let engine = Engine::new(Vec::new());
        let fr = lang::language("fr").unwrap();
        let sentence = "Le président de RUSSIE a parlé à André Крутских hier. ";
        let text = sentence.repeat(3000);
        assert!(text.len() > 2 * WINDOW);
        // The same sentence 3,000 times is a repetition loop too; only the per-word rules count.
        let found: Vec<_> = engine
            .check_segment(&text, fr)
            .into_iter()
            .filter(|f| f.rule != "repetition")
            .collect();
        let names = found.iter().filter(|f| f.rule == "foreign-name").count();
        let caps = found.iter().filter(|f| f.rule == "caps-word").count();
        assert_eq!((names, caps), (3000, 3000));
        for f in &found {
            assert!(
                ["Крутских", "RUSSIE"].contains(&&text[f.span.clone()]),
                "{f:?}"
            );
        }
    }

    #[test]
    fn segments_before_an_input_error_are_emitted_in_order_with_or_without_threads() {
        let engine = Engine::new(Vec::new());
        let fr = lang::language("fr").unwrap();
        let input = || {
            (1..=1300)
                .map(|i| {
                    Ok(Segment::plain(
                        i.to_string(),
                        format!("Le président de RUSSIE a parlé {i} fois."),
                        i,
                        1,
                        0,
                    ))
                })
                .chain(std::iter::once(Err(InputError {
                    file: "in.txt".into(),
                    kind: InputErrorKind::Io("gone".into()),
                })))
                .chain(std::iter::once(Ok(Segment::plain(
                    "after",
                    "Jamais lu.",
                    9999,
                    1,
                    0,
                ))))
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut outputs = Vec::new();
        for pool in [None, Some(&pool)] {
            let mut seen: Vec<(String, usize)> = Vec::new();
            let err = check_segments(
                "in.txt",
                input(),
                Some(fr),
                None,
                &engine,
                pool,
                |s, _, f, _| seen.push((s.id.clone(), f.len())),
            )
            .unwrap_err();
            assert_eq!(err.kind, InputErrorKind::Io("gone".into()));
            let ids: Vec<String> = (1..=1300).map(|i| i.to_string()).collect();
            assert_eq!(
                seen.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
                ids
            );
            assert!(seen.iter().all(|(_, n)| *n > 0));
            outputs.push(seen);
        }
        assert_eq!(outputs[0], outputs[1]);
    }

    #[test]
    fn a_long_segment_is_emitted_window_by_window_in_order() {
        let engine = Engine::new(Vec::new());
        let fr = lang::language("fr").unwrap();
        let sentence = "Le président de RUSSIE a parlé à André Крутских hier. ";
        let mut seg = Segment::plain("1", sentence.repeat(5000), 1, 1, 0);
        seg.lossy = true;
        seg.text.push_str("fin \u{FFFD} du texte");
        let whole = engine.check_unit(&seg, None, fr);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        for pool in [None, Some(&pool)] {
            let mut calls: Vec<(Range<usize>, Vec<Finding>)> = Vec::new();
            let stats = check_segments(
                "long.txt",
                std::iter::once(Ok(seg.clone())),
                Some(fr),
                None,
                &engine,
                pool,
                |s, window, found, _| {
                    assert_eq!(s.id, "1");
                    calls.push((window, found.to_vec()));
                },
            )
            .unwrap();
            assert_eq!(stats.segments, 1);
            // Several calls, whose windows tile the text in order, each with its own findings
            // only: no call holds the findings of the whole segment.
            assert!(calls.len() >= 4, "{} calls", calls.len());
            assert_eq!(calls[0].0.start, 0);
            assert_eq!(calls.last().unwrap().0.end, seg.text.len());
            for pair in calls.windows(2) {
                assert_eq!(pair[0].0.end, pair[1].0.start);
            }
            for (window, found) in &calls {
                assert!(window.len() <= WINDOW);
                assert!(!found.is_empty() && found.len() < whole.len() / 3);
                assert!(
                    found
                        .iter()
                        .all(|f| window.start <= f.span.start && f.span.end <= window.end)
                );
            }
            let emitted: Vec<Finding> = calls.into_iter().flat_map(|(_, f)| f).collect();
            assert_eq!(emitted, whole, "the same findings, in the same order");
            assert_eq!(whole.last().unwrap().rule, "invalid-bytes");
        }
    }

    #[test]
    fn a_short_segment_is_emitted_in_one_call_covering_it() {
        let engine = Engine::new(Vec::new());
        let fr = lang::language("fr").unwrap();
        let mut calls = Vec::new();
        check_segments(
            "short.txt",
            std::iter::once(Ok(Segment::plain("1", "Il a dit le le mot.", 1, 1, 0))),
            Some(fr),
            None,
            &engine,
            None,
            |_, window, found, _| calls.push((window, found.len())),
        )
        .unwrap();
        assert_eq!(calls, vec![(0.."Il a dit le le mot.".len(), 1)]);
    }
}

/// Guesses the target language of a text sample.
pub fn detect_language(sample: &str) -> Result<&'static Language, String> {
    let info = whatlang::detect(sample)
        .ok_or_else(|| "could not detect the language; pass --lang".to_string())?;
    lang::from_whatlang(info.lang()).ok_or_else(|| {
        format!(
            "detected language {} is not supported; pass --lang",
            info.lang().eng_name()
        )
    })
}

/// What checking one input produced.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FileStats {
    /// Segments checked.
    pub segments: u64,
    /// Words checked.
    pub words: u64,
}

/// The number of words of `text` (runs of non-whitespace), as `text.split_whitespace().count()`
/// but without decoding characters: ASCII bytes are classified directly, and a multi-byte
/// character is compared with the UTF-8 of the few that are whitespace (U+0085, U+00A0,
/// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
pub(crate) fn count_words(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let space = if b < 0x80 {
            i += 1;
            (b == b' ') | (b.wrapping_sub(b'\t') < 5)
        } else {
            let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let (len, space) = match b {
                0xC2 => (2, matches!(next(1), 0x85 | 0xA0)),
                0xC3..=0xDF => (2, false),
                0xE1 => (3, next(1) == 0x9A && next(2) == 0x80),
                0xE2 => (
                    3,
                    match (next(1), next(2)) {
                        (0x80, c) => matches!(c, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                        (0x81, c) => c == 0x9F,
                        _ => false,
                    },
                ),
                0xE3 => (3, next(1) == 0x80 && next(2) == 0x80),
                0xE0..=0xEF => (3, false),
                _ => (4, false),
            };
            i += len;
            space
        };
        words += u64::from(!space & !in_word);
        in_word = !space;
    }
    words
}

/// What a worker made of one segment.
enum Outcome<T> {
    /// Its findings, prepared.
    Prepared(T),
    /// Its findings, with an unbalanced delimiter that a neighbouring segment may close: they
    /// are prepared once [`Pairing`] has settled it. Also those of a bilingual segment longer
    /// than a window, prepared a window's worth at a time when emitted (see [`emit_chunked`]).
    Raw(Vec<Finding>),
    /// Nothing yet: a segment longer than a window, checked window by window when emitted.
    Windowed,
}

/// Hands the findings of a long segment checked at once (a bilingual one: its source-aware
/// checks see the whole segment) to `each` in runs, one per [`windows`] range of `text`, each
/// run those starting in its range (the last also those at the very end), in order: the records
/// made of them are then those of a window at a time, not of the whole segment.
fn emit_chunked(text: &str, found: Vec<Finding>, mut each: impl FnMut(Range<usize>, Vec<Finding>)) {
    let mut found = found.into_iter().peekable();
    let mut ranges = windows(text).peekable();
    while let Some(r) = ranges.next() {
        let last = ranges.peek().is_none();
        let mut run = Vec::new();
        while let Some(f) = found.next_if(|f| last || f.span.start < r.end) {
            run.push(f);
        }
        each(r, run);
    }
}

/// Segments checked together, by one worker thread; bounds the memory held at once.
const BATCH: usize = 512;

/// Checks one stream of segments. The language is `lang`, or detected from the first 64 KiB.
/// `emit` receives each segment with its findings, in input order whatever `pool` is; reading
/// stops at the first input error, which is returned after the segments before it were emitted.
/// With a thread pool, batches of segments are checked in parallel; output is identical.
///
/// `emit` also receives the byte range of the segment text its findings come from: `0..len` for
/// a segment checked at once; a segment longer than 64 KiB (a book on one line) is emitted window
/// by window in consecutive calls with the same segment, starting with a range at 0, so that the
/// findings held in memory are those of a few windows, not of the whole segment.
pub fn check_segments<I, F>(
    file: &str,
    segments: I,
    lang: Option<&'static Language>,
    source_lang: Option<&'static Language>,
    engine: &Engine,
    pool: Option<&rayon::ThreadPool>,
    mut emit: F,
) -> Result<FileStats, InputError>
where
    I: Iterator<Item = Result<Segment, InputError>>,
    F: FnMut(&Segment, Range<usize>, &[Finding], &Language),
{
    check_segments_with(
        file,
        segments,
        lang,
        source_lang,
        engine,
        pool,
        |_, _, found, lang, _: &mut ()| (found, lang),
        |seg, window, (found, lang)| emit(seg, window, &found, lang),
    )
}

/// [`check_segments`] with the work done on each segment's findings split in two: `prepare`
/// turns the findings of a segment (or of a window of a long one) into a `T` on the thread that
/// checked it, in parallel with the others of its batch; `emit` receives the `T`s one after
/// another in input order on the calling thread. Whatever only depends on one segment (placing
/// findings in the file, formatting them) belongs in `prepare`, so that the sequential part stays
/// small.
///
/// `prepare` is given the segment, the window, its findings, the language, and a state `S`
/// made afresh for each segment and kept across the windows of a long one (which are prepared
/// in order).
#[allow(clippy::too_many_arguments)]
pub fn check_segments_with<I, S, T, P, F>(
    file: &str,
    segments: I,
    lang: Option<&'static Language>,
    source_lang: Option<&'static Language>,
    engine: &Engine,
    pool: Option<&rayon::ThreadPool>,
    prepare: P,
    mut emit: F,
) -> Result<FileStats, InputError>
where
    I: Iterator<Item = Result<Segment, InputError>>,
    S: Default,
    T: Send,
    P: Fn(&Segment, Range<usize>, Vec<Finding>, &'static Language, &mut S) -> T + Sync,
    F: FnMut(&Segment, Range<usize>, T),
{
    let mut segments = segments.peekable();
    let mut head: Vec<Segment> = Vec::new();
    let mut pending_err = None;
    let lang: &'static Language = match lang {
        Some(l) => l,
        None => {
            let mut size = 0;
            while size < DETECT_BYTES {
                match segments.next() {
                    Some(Ok(s)) => {
                        size += s.text.len();
                        head.push(s);
                    }
                    Some(Err(e)) => {
                        pending_err = Some(e);
                        break;
                    }
                    None => break,
                }
            }
            // One segment (a long line) is its own sample: no copy of it.
            let sample = match head.as_slice() {
                [one] => std::borrow::Cow::Borrowed(one.text.as_str()),
                _ => {
                    let texts: Vec<&str> = head.iter().map(|s| s.text.as_str()).collect();
                    std::borrow::Cow::Owned(texts.join("\n"))
                }
            };
            match detect_language(&sample) {
                Ok(l) => l,
                Err(_) if head.is_empty() && pending_err.is_none() => {
                    return Ok(FileStats::default());
                }
                Err(why) => {
                    return Err(pending_err.unwrap_or(InputError {
                        file: file.to_string(),
                        kind: InputErrorKind::UnknownLanguage(why),
                    }));
                }
            }
        }
    };
    let mut stats = FileStats::default();
    // What a worker does with one segment: count its words and check and prepare it. A segment
    // of several windows is checked only when its turn to be emitted comes, window by window;
    // the others of a batch are checked in parallel first. A segment with an unbalanced
    // delimiter is kept raw: whether its quotation closes in a neighbouring segment is settled
    // in input order, below.
    let work = |s: &Segment| -> (u64, Outcome<T>) {
        // MQM scores are per source word when there is a source (an empty target has none).
        let words = count_words(s.source.as_deref().unwrap_or(&s.text));
        if windowed(&s.text, s.source.as_deref()) {
            return (words, Outcome::Windowed);
        }
        let found = engine.check_unit_of_document(s, source_lang, lang);
        if found.iter().any(|f| f.rule == delimiters::RULE) || s.text.len() > WINDOW {
            return (words, Outcome::Raw(found));
        }
        let t = prepare(s, 0..s.text.len(), found, lang, &mut S::default());
        (words, Outcome::Prepared(t))
    };
    // Segments come out of the pairing of delimiters in input order, once their delimiters
    // are settled (a few segments later at most); raw ones are prepared then, on this thread
    // (they are rare).
    let mut pairing: Pairing<(Segment, Option<T>)> = Pairing::default();
    // Feeds the next segment with what its worker made of it, or with `None` the end of the
    // input, after which every segment held has been emitted.
    let mut feed = |next: Option<(Segment, (u64, Outcome<T>))>, stats: &mut FileStats| {
        let mut long = None;
        match next {
            None => pairing.settle(),
            Some((seg, (words, outcome))) => {
                stats.segments += 1;
                stats.words += words;
                match outcome {
                    Outcome::Prepared(t) => pairing.push((seg, Some(t)), Vec::new(), Vec::new()),
                    Outcome::Raw(found) => {
                        let loose = delimiters::reported_loose(
                            &seg.text,
                            seg.source.as_deref(),
                            lang,
                            source_lang,
                            &found,
                        );
                        pairing.push((seg, None), found, loose);
                    }
                    Outcome::Windowed => {
                        // A book on one line: its delimiters are not paired with the neighbours'.
                        pairing.settle();
                        long = Some(seg);
                    }
                }
            }
        }
        while let Some(((seg, t), found)) = pairing.pop() {
            let window = 0..seg.text.len();
            match t {
                Some(t) => emit(&seg, window, t),
                None if seg.text.len() > WINDOW => {
                    let mut state = S::default();
                    emit_chunked(&seg.text, found, |r, found| {
                        let t = prepare(&seg, r.clone(), found, lang, &mut state);
                        emit(&seg, r, t)
                    });
                }
                None => {
                    let t = prepare(&seg, window.clone(), found, lang, &mut S::default());
                    emit(&seg, window, t)
                }
            }
        }
        if let Some(seg) = long {
            let mut state = S::default();
            engine.check_unit_windows(&seg, source_lang, lang, pool, |r, found| {
                let t = prepare(&seg, r.clone(), found, lang, &mut state);
                emit(&seg, r, t)
            })
        }
    };
    let mut input = head
        .into_iter()
        .map(Ok)
        .chain(pending_err.map(Err))
        .chain(segments);
    let Some(pool) = pool else {
        // One segment at a time: only segments whose delimiters are not settled are held back.
        for seg in input {
            let seg = match seg {
                Ok(seg) => seg,
                Err(e) => {
                    feed(None, &mut stats);
                    return Err(e);
                }
            };
            let done = work(&seg);
            feed(Some((seg, done)), &mut stats);
        }
        feed(None, &mut stats);
        return Ok(stats);
    };
    // Batches of segments, read until an input error (which ends the input).
    let read_batch = |input: &mut dyn Iterator<Item = Result<Segment, InputError>>| {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            match input.next() {
                Some(Ok(s)) => batch.push(s),
                Some(Err(e)) => return (batch, Some(e)),
                None => break,
            }
        }
        (batch, None)
    };
    // A pipeline: while the pool checks and prepares the batches in flight, this thread reads
    // the next one and emits the oldest, so that reading and emitting (which are sequential)
    // overlap with checking. Each batch goes to one worker, which checks its segments in order,
    // and there is one batch more in flight than workers: every worker has a batch while this
    // thread waits for the oldest and hands out the next. (Splitting each batch among all the
    // workers made them run out of work at every batch's end and spin, taking the CPU this
    // thread needs: 1.5-1.7x on two threads instead of 1.8-1.9x.) Batches are emitted in input
    // order.
    let in_flight = pool.current_num_threads() + 1;
    pool.in_place_scope(|scope| {
        let work = &work;
        let dispatch = |batch: Vec<Segment>| {
            let (tx, rx) = std::sync::mpsc::channel();
            scope.spawn(move |_| {
                let results: Vec<(u64, Outcome<T>)> = batch.iter().map(work).collect();
                // The receiver is gone only if this thread is unwinding.
                let _ = tx.send((batch, results));
            });
            rx
        };
        let mut inflight = std::collections::VecDeque::with_capacity(in_flight);
        let mut error = None;
        let mut more = true;
        loop {
            while more && inflight.len() < in_flight {
                let (next, e) = read_batch(&mut input);
                more = e.is_none() && next.len() == BATCH;
                error = e;
                if !next.is_empty() {
                    inflight.push_back(dispatch(next));
                }
            }
            let Some(rx) = inflight.pop_front() else {
                break;
            };
            // A batch's task only fails to answer when it panicked; the scope re-raises that.
            let Ok((done, results)) = rx.recv() else {
                break;
            };
            // The next batch is read and sent out before this one is emitted.
            if more {
                let (next, e) = read_batch(&mut input);
                more = e.is_none() && next.len() == BATCH;
                error = e;
                if !next.is_empty() {
                    inflight.push_back(dispatch(next));
                }
            }
            for (seg, result) in done.into_iter().zip(results) {
                feed(Some((seg, result)), &mut stats);
            }
        }
        feed(None, &mut stats);
        match error {
            Some(e) => Err(e),
            None => Ok(stats),
        }
    })
}
