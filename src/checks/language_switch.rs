//! Sentences, and runs of several words inside a sentence, written in another language than the
//! target. Cheap first: per-word frequency lexicons decide most sentences; whatlang is consulted
//! only to confirm a suspected switch and to name the language.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use crate::lang::{self, Language, Lexicon};
use std::ops::Range;

/// See `language-switch` in data/rules.toml.
pub struct LanguageSwitch;

/// Fewer prose words than this and a sentence is too short to judge.
const MIN_SENTENCE_WORDS: usize = 5;
/// A run inside a sentence needs this many words leaning to the other language.
const MIN_RUN_WORDS: usize = 4;

impl Check for LanguageSwitch {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::LanguageSwitch, Rule::ForeignTitle]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        SCRATCH.with_borrow_mut(|scratch| check_with(ctx, out, scratch));
    }
}

thread_local! {
    /// The buffers of [`check_with`], kept from one segment to the next (no allocation per
    /// segment once they have grown).
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Per-thread buffers of the check (see [`WordFreqs`]): `sents` holds each sentence with its range
/// of `idx`, the indices of its words with letters; `needed` marks the words whose frequencies
/// matter; `ev` holds the evidence words of the current sentence, `flagged` the spans reported so
/// far in the segment.
#[derive(Default)]
struct Scratch {
    freq: WordFreqs,
    idx: Vec<usize>,
    ev: Vec<usize>,
    flagged: Vec<Range<usize>>,
    sents: Vec<(Range<usize>, Range<usize>)>,
    needed: Vec<bool>,
}

fn check_with(ctx: &Ctx<'_>, out: &mut Vec<Finding>, scratch: &mut Scratch) {
    // A language the identifier does not know (mtlint knows it from CLDR only): a switch away
    // from it cannot be told from the language itself.
    if ctx.lang.whatlang.is_none() {
        return;
    }
    let start = out.len();
    check_segment(ctx, out, scratch);
    // A passage the source itself quotes in a third language ("Fehlermeldung: oops - something
    // went wrong" translated into French) is faithful, not untranslated.
    // The source squashed once (not once per passage), the passages dropped in one pass.
    if ctx.source.is_some() && out.len() > start {
        let squashed = std::cell::OnceCell::new();
        let mut k = 0;
        out.retain(|f| {
            k += 1;
            k <= start || !quoted_by_source(ctx, &f.span, &squashed)
        });
    }
}

/// The passage at `span` stands in the source too (spaces and case aside), and the source is not
/// written in the passage's language.
fn quoted_by_source(
    ctx: &Ctx<'_>,
    span: &Range<usize>,
    squashed_source: &std::cell::OnceCell<String>,
) -> bool {
    let (Some(src), Some(src_lang)) = (ctx.source, ctx.source_lang) else {
        return false;
    };
    let squash = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let passage = squash(&ctx.text[span.clone()]);
    if passage.chars().count() < 8 || !squashed_source.get_or_init(|| squash(src)).contains(&passage)
    {
        return false;
    }
    whatlang::detect(&ctx.text[span.clone()]).is_some_and(|i| Some(i.lang()) != src_lang.whatlang)
}

fn check_segment(ctx: &Ctx<'_>, out: &mut Vec<Finding>, scratch: &mut Scratch) {
    let others = candidates(ctx.lang);
    let Scratch {
        freq,
        idx,
        ev,
        flagged,
        sents,
        needed,
    } = scratch;
    // The sentences, each with its words that have letters (indices into ctx.words, one flat
    // list). Sentences and words are both in text order: one pass over the words in all.
    sents.clear();
    idx.clear();
    needed.clear();
    needed.resize(ctx.words.len(), false);
    let mut next_word = 0;
    for sent in crate::text::sentences(ctx.text) {
        while next_word < ctx.words.len() && ctx.words[next_word].span.start < sent.start {
            next_word += 1;
        }
        let first = idx.len();
        while next_word < ctx.words.len() && ctx.words[next_word].span.end <= sent.end {
            let w = &ctx.words[next_word];
            if w.has_letters() {
                // A capitalised word after the first is a name to every test of this check:
                // no evidence, never leaning, neutral inside a run. Its frequencies are not
                // needed, and not looked up.
                needed[next_word] = idx.len() == first || !w.capitalized;
                idx.push(next_word);
            }
            next_word += 1;
        }
        sents.push((sent, first..idx.len()));
    }
    freq.fill(ctx, others, needed);
    let freq: &WordFreqs = freq;
    flagged.clear();
    for (sent, range) in sents.iter() {
        let idx = &idx[range.clone()];
        if let Some(f) = foreign_script_sentence(ctx, sent, idx) {
            flagged.push(f.span.clone());
            out.push(f);
            continue;
        }
        if let Some(f) = same_script_sentence(ctx, freq, sent, idx, ev, others) {
            flagged.push(f.span.clone());
            out.push(f);
            continue;
        }
        let before = out.len();
        same_script_runs(ctx, freq, idx, others, out);
        flagged.extend(out[before..].iter().map(|f| f.span.clone()));
    }
    // Runs of several foreign-script words inside a sentence (an English clause in Russian).
    for run in ctx.foreign_runs() {
        let span = run.span(ctx);
        let overlapping = flagged
            .iter()
            .any(|f| f.start < span.end && span.start < f.end);
        if run.len() < MIN_RUN_WORDS - 1 || overlapping {
            continue;
        }
        if super::foreign_script::is_name_run(ctx, run.first, run.last) || quoted(ctx.text, &span) {
            continue;
        }
        if let Some(name) = identify(&ctx.text[span.clone()], None) {
            out.push(message(span, &name, ctx.lang, "words"));
        }
    }
}

fn message(span: Range<usize>, detected: &str, lang: &Language, what: &str) -> Finding {
    finding(
        Rule::LanguageSwitch,
        span,
        format!(
            "These {what} are in {detected}, not {}: an untranslated passage.",
            lang.name
        ),
    )
}

/// Languages with a lexicon written in the same script as the target, other than the target.
fn candidates(target: &Language) -> &'static [(&'static Language, &'static Lexicon)] {
    type Cands = Vec<(&'static Language, &'static Lexicon)>;
    // One lazily built list per known language: lexicons are parsed only when needed.
    static CELLS: std::sync::OnceLock<Vec<(String, std::sync::OnceLock<Cands>)>> =
        std::sync::OnceLock::new();
    let cells = CELLS.get_or_init(|| {
        lang::known_codes()
            .into_iter()
            .map(|c| (c.to_string(), std::sync::OnceLock::new()))
            .collect()
    });
    match cells.iter().find(|(c, _)| *c == target.code) {
        Some((_, cell)) => cell.get_or_init(|| build_candidates(target)),
        None => &[],
    }
}

/// The Zipf frequencies of a segment's words: each word with letters is lower-cased and looked
/// up once, for the target and every candidate language at the same time (their lexicons share a
/// table when written in one script).
///
/// Frequencies stay in the lexicons' tenths (see [`lang::zipf_of`]); the thresholds of this check
/// are compared in tenths too, which gives exactly the comparisons of the decimal values (tested
/// for every pair of values).
#[derive(Default)]
struct WordFreqs {
    /// Per word, the tenths of the target (index 0) and of each candidate (1 + k).
    rows: Vec<[u8; 1 + MAX_CANDIDATES]>,
    /// Per word, bit `k` set when the word leans to candidate `k` in the sense of
    /// [`same_script_runs`] (names aside): a sentence with fewer than [`MIN_RUN_WORDS`] such words
    /// for a candidate has no run in that language.
    lean: Vec<u8>,
    /// Per word: very common in the target and not clearly more common in any candidate (a
    /// function word of the target), the fast path of [`same_script_sentence`].
    home: Vec<bool>,
    /// Buffers of [`WordFreqs::fill`]: the words lower-cased one after another, and per word
    /// its index, its range in `lower` and its lexicon probe.
    lower: String,
    probes: Vec<(usize, Range<usize>, lang::Probe)>,
}

/// Most candidate languages (a bit each in [`WordFreqs::lean`]).
const MAX_CANDIDATES: usize = 7;

impl WordFreqs {
    /// The frequencies of `ctx`'s words (what the previous segment left is replaced); words not
    /// `needed` get 0 (unknown everywhere).
    fn fill(
        &mut self,
        ctx: &Ctx<'_>,
        others: &[(&'static Language, &'static Lexicon)],
        needed: &[bool],
    ) {
        let WordFreqs {
            rows,
            lean,
            home,
            lower,
            probes,
        } = self;
        rows.clear();
        rows.resize(ctx.words.len(), [0u8; 1 + MAX_CANDIDATES]);
        if let Some(target) = ctx.lang.lexicon() {
            fill_rows(ctx, target, others, needed, rows, lower, probes);
        }
        lean.clear();
        home.clear();
        for row in rows.iter() {
            let t = row[0];
            let cands = &row[1..=others.len()];
            lean.push(
                cands
                    .iter()
                    .enumerate()
                    .fold(0u8, |m, (k, &l)| m | (u8::from(run_leaning(t, l)) << k)),
            );
            home.push(t >= 45 && cands.iter().all(|&l| u16::from(l) < u16::from(t) + 5));
        }
    }

    /// Zipf frequency of word `i` in the target language, in tenths.
    fn target(&self, i: usize) -> u8 {
        self.rows[i][0]
    }

    /// Zipf frequency of word `i` in candidate language `k`, in tenths.
    fn other(&self, k: usize, i: usize) -> u8 {
        self.rows[i][1 + k]
    }
}

/// Looks up the `needed` words in the lexicons of the target and the candidates, into `rows`
/// (one per word of `ctx`, zero-filled; the rows of the other words stay 0).
fn fill_rows(
    ctx: &Ctx<'_>,
    target: &'static Lexicon,
    others: &[(&'static Language, &'static Lexicon)],
    needed: &[bool],
    rows: &mut [[u8; 1 + MAX_CANDIDATES]],
    lower: &mut String,
    probes: &mut Vec<(usize, Range<usize>, lang::Probe)>,
) {
    let group = target.group();
    let lexes = || std::iter::once(target).chain(others.iter().map(|(_, l)| *l));
    let shared = lexes().all(|l| std::ptr::eq(l.group(), group));
    // The words lower-cased into one buffer, and their table slots prefetched, before the
    // first lookup: the memory accesses of a segment's words overlap. A batch of words at a
    // time, so that a long segment's buffers stay small.
    const BATCH: usize = 4096;
    for batch in (0..ctx.words.len()).step_by(BATCH) {
        let end = (batch + BATCH).min(ctx.words.len());
        lower.clear();
        probes.clear();
        for i in (batch..end).filter(|&i| needed[i]) {
            let start = lower.len();
            lower_into(ctx.word(i), lower);
            let probe = group.prefetch(&lower[start..]);
            probes.push((i, start..lower.len(), probe));
        }
        look_up(group, target, others, shared, rows, lower, probes);
    }
}

/// The rows of the words of `probes` (lower-cased in `lower`), looked up.
fn look_up(
    group: &'static lang::LexGroup,
    target: &'static Lexicon,
    others: &[(&'static Language, &'static Lexicon)],
    shared: bool,
    rows: &mut [[u8; 1 + MAX_CANDIDATES]],
    lower: &str,
    probes: &mut Vec<(usize, Range<usize>, lang::Probe)>,
) {
    let lexes = || std::iter::once(target).chain(others.iter().map(|(_, l)| *l));
    for (i, range, probe) in probes.drain(..) {
        let word = &lower[range];
        let row = &mut rows[i];
        if shared {
            if let Some(r) = group.row_at(word, probe) {
                for (v, l) in row.iter_mut().zip(lexes()) {
                    *v = r[l.column()];
                }
            }
        } else {
            for (v, l) in row.iter_mut().zip(lexes()) {
                *v = l.tenths(word);
            }
        }
    }
}

/// Appends `word.to_lowercase()` to `buf`, without allocating when `buf` has room.
#[inline]
fn lower_into(word: &str, buf: &mut String) {
    if word.is_ascii() {
        let start = buf.len();
        buf.push_str(word);
        buf[start..].make_ascii_lowercase();
    } else if word.contains('Σ') {
        // Final sigma depends on context: str::to_lowercase knows it.
        buf.push_str(&word.to_lowercase());
    } else {
        for ch in word.chars() {
            match crate::text::lower_fast(ch) {
                Some(l) => buf.push(l),
                None => buf.extend(ch.to_lowercase()),
            }
        }
    }
}

fn build_candidates(target: &Language) -> Vec<(&'static Language, &'static Lexicon)> {
    // At most MAX_CANDIDATES (tested): WordFreqs::lean has a bit per candidate.
    lang::lexicon_codes()
        .filter(|c| *c != target.code)
        .filter_map(|c| {
            let l = lang::language(c).ok()?;
            let same_script = l.scripts.iter().any(|s| target.uses_script(*s));
            same_script.then(|| Some((l, l.lexicon()?))).flatten()
        })
        .collect()
}

/// Identifies the language of `text` with whatlang, restricted to `allow` when given.
fn identify(text: &str, allow: Option<Vec<whatlang::Lang>>) -> Option<String> {
    let info = match allow {
        Some(list) => whatlang::Detector::with_allowlist(list).detect(text)?,
        None => whatlang::detect(text)?,
    };
    if info.confidence() < 0.2 {
        return None;
    }
    Some(
        lang::from_whatlang(info.lang())
            .map(|l| l.name.clone())
            .unwrap_or_else(|| info.lang().eng_name().to_string()),
    )
}

/// A sentence most of whose words are in a script the target does not use.
fn foreign_script_sentence(ctx: &Ctx<'_>, sent: &Range<usize>, idx: &[usize]) -> Option<Finding> {
    if idx.len() < MIN_SENTENCE_WORDS {
        return None;
    }
    let foreign = idx
        .iter()
        .filter(|&&i| {
            ctx.words[i]
                .script
                .is_some_and(|s| !ctx.lang.uses_script(s))
        })
        .count();
    if foreign * 10 < idx.len() * 7 {
        return None;
    }
    let text = &ctx.text[sent.clone()];
    let name = identify(text, None)?;
    // Mostly capitalised words: a product, service or publication title kept in its original
    // script on purpose ("Royal Mail International Signed for", "Hydra Radiance Night Cream"),
    // which professional translators do; a sentence left untranslated is mostly lower case.
    let capitalised = idx
        .iter()
        .filter(|&&i| {
            let w = &ctx.words[i];
            w.script.is_some_and(|s| !ctx.lang.uses_script(s)) && (w.capitalized || w.upper > 0)
        })
        .count();
    if capitalised * 10 >= foreign * 6 {
        return Some(finding(
            Rule::ForeignTitle,
            sent.clone(),
            format!(
                "A title or name in {name}, kept in its own script: intended, or to be translated?"
            ),
        ));
    }
    Some(message(sent.clone(), &name, ctx.lang, "words"))
}

/// Prose words of a sentence that carry language evidence: not names, not protected; into `ev`
/// (cleared first).
fn evidence_words(ctx: &Ctx<'_>, idx: &[usize], ev: &mut Vec<usize>) {
    ev.clear();
    let words = idx
        .iter()
        .enumerate()
        .filter(|&(k, &i)| {
            let w = &ctx.words[i];
            w.script.is_some_and(|s| ctx.lang.uses_script(s))
                && !ctx.is_protected(&w.span)
                && w.digits == 0
                && !(w.capitalized && k > 0)
                && !w.is_all_caps()
        })
        .map(|(_, &i)| i);
    ev.extend(words);
}

/// A sentence of the target's script written in another language: a long one (at least
/// [`MIN_SENTENCE_WORDS`] evidence words) whose words lean on average to that language, or a short
/// one (see [`short_sentence_leans`]) nearly every word of which does.
///
/// whatlang confirms a long sentence whose words lean only partly. On a few words, or on words
/// that nearly all lean one way, the lexicons decide alone: there whatlang guesses (“Please
/// restart your computer now.” comes out French, “Some gyms let you rent lockers.” French with
/// confidence 0.92).
fn same_script_sentence(
    ctx: &Ctx<'_>,
    freq: &WordFreqs,
    sent: &Range<usize>,
    idx: &[usize],
    ev: &mut Vec<usize>,
    others: &[(&'static Language, &'static Lexicon)],
) -> Option<Finding> {
    ctx.lang.lexicon()?;
    evidence_words(ctx, idx, ev);
    let ev: &[usize] = ev;
    if ev.len() < MIN_SHORT_WORDS {
        return None;
    }
    // Fast path: words that are very common in the target and not clearly more common elsewhere
    // (function words) settle most sentences without looking at the other lexicons.
    let home = ev.iter().filter(|&&i| freq.home[i]).count();
    if home * 10 >= ev.len() * 4 {
        return None;
    }
    let n = ev.len() as f32;
    let (k, best, adv, share) = others
        .iter()
        .enumerate()
        .map(|(k, (l, _))| {
            let mut adv = 0.0;
            let mut leaning = 0usize;
            for &i in ev {
                let (zl, zt) = (freq.other(k, i), freq.target(i));
                adv += lang::zipf_of(zl) - lang::zipf_of(zt);
                if u16::from(zl) > u16::from(zt) + 5 {
                    leaning += 1;
                }
            }
            (k, *l, adv / n, leaning as f32 / n)
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))?;
    if ev.len() < MIN_SENTENCE_WORDS {
        if !short_sentence_leans(ctx, freq, (k, &others[k]), sent, idx, ev) {
            return None;
        }
    } else {
        if adv < 1.5 || share < 0.6 {
            return None;
        }
        // Nearly every word leaning, and by much: the lexicons settle it.
        let clear_cut = share >= 0.8 && adv >= 2.0;
        if !clear_cut && !confirmed(ctx, others, sent, best) {
            return None;
        }
    }
    Some(message(sent.clone(), &best.name, ctx.lang, "words"))
}

/// Whether whatlang, choosing among the target and the candidates, names `lang` for sentence
/// `sent`.
fn confirmed(
    ctx: &Ctx<'_>,
    others: &[(&'static Language, &'static Lexicon)],
    sent: &Range<usize>,
    lang: &Language,
) -> bool {
    let allow: Vec<whatlang::Lang> = others
        .iter()
        .map(|(l, _)| l.whatlang)
        .chain([ctx.lang.whatlang])
        .flatten()
        .collect();
    whatlang::Detector::with_allowlist(allow)
        .detect(&ctx.text[sent.clone()])
        .is_some_and(|i| Some(i.lang()) == lang.whatlang)
}

/// Fewest evidence words of a short sentence (“Click here.”): a single word is a borrowing, an
/// interjection or a name (“Super !”, “Sorry.”), never enough to tell a language.
const MIN_SHORT_WORDS: usize = 2;

/// Whether a sentence of fewer than [`MIN_SENTENCE_WORDS`] evidence words `ev` (of its words
/// `idx`) is in candidate language `k`. Single letters tell nothing (French “a”, English “a”);
/// of the other evidence words, at least two, and all but one at most, are clearly commoner there
/// than in the target (by more than 1.0 Zipf: loanwords such as “shopping” or “week-end” lead by
/// less), none leans to the target, and one is a common word of that language that the target
/// hardly uses (“here”, “your”, “the”: Zipf 5.0 or more there, at least 2.0 above the target).
/// A quotation or a title (“The Lord of the Rings”, “Apple Music Storage Size”) is left alone; in a language that capitalises its nouns (German), a capitalised
/// word clearly commoner there than in the target is one of its nouns, evidence like the others,
/// not a name (“Vielen Dank für Ihre Bestellung.”).
fn short_sentence_leans(
    ctx: &Ctx<'_>,
    freq: &WordFreqs,
    (k, (lang, lex)): (usize, &(&'static Language, &'static Lexicon)),
    sent: &Range<usize>,
    idx: &[usize],
    ev: &[usize],
) -> bool {
    let (mut words, mut leaning, mut anchor) = (0usize, 0usize, false);
    for &i in ev.iter().filter(|&&i| ctx.words[i].letters >= 2) {
        let (zl, zt) = (u16::from(freq.other(k, i)), u16::from(freq.target(i)));
        if zt > zl + 5 {
            return false;
        }
        words += 1;
        leaning += usize::from(zl > zt + 10);
        anchor |= zl >= 50 && zl >= zt + 20;
    }
    if !anchor {
        return false;
    }
    // Capitalised words after the first: names, or the other language's nouns. A title
    // capitalises at least two, and every longer word (“The Lord of the Rings”).
    let mut names = 0;
    let mut title = true;
    let mut lower = String::new();
    for w in idx[1..].iter().map(|&i| &ctx.words[i]) {
        if !w.capitalized {
            title &= w.letters < 4;
            continue;
        }
        if lang.noun_capitals && !w.is_all_caps() && !ctx.is_protected(&w.span) {
            lower.clear();
            lower_into(w.text(ctx.text), &mut lower);
            let zl = u16::from(lex.tenths(&lower));
            let zt = u16::from(ctx.lang.lexicon().map_or(0, |t| t.tenths(&lower)));
            if zl >= 30 && zl > zt + 10 {
                words += 1;
                leaning += 1;
                continue;
            }
        }
        names += 1;
    }
    if leaning < 2 || leaning + 1 < words {
        return false;
    }
    let first = ctx.words[idx[0]].span.start;
    let last = ctx.words[idx[idx.len() - 1]].span.end;
    if quotation(&ctx.text[sent.start..first], &ctx.text[last..sent.end]) {
        return false;
    }
    !(title && names >= 2)
}

/// Whether a sentence is a quotation, from what it has `before` its first word and `after` its
/// last: an opening quotation mark before or a closing one after, with nothing but spaces and
/// punctuation in between (« Thank you very much. », “Merci.”).
fn quotation(before: &str, after: &str) -> bool {
    let before = before
        .chars()
        .rev()
        .find(|c| !c.is_whitespace() && !matches!(c, '(' | '['));
    let after = after
        .chars()
        .find(|c| !c.is_whitespace() && !matches!(c, '.' | '!' | '?' | '…' | ',' | ';' | ':'));
    matches!(before, Some('«' | '“' | '„' | '"' | '‹' | '‘' | '‚' | '»'))
        || matches!(after, Some('»' | '”' | '“' | '"' | '›' | '’' | '«'))
}

/// Runs of at least [`MIN_RUN_WORDS`] words leaning to one other language inside a sentence.
fn same_script_runs(
    ctx: &Ctx<'_>,
    freq: &WordFreqs,
    idx: &[usize],
    others: &[(&'static Language, &'static Lexicon)],
    out: &mut Vec<Finding>,
) {
    if ctx.lang.lexicon().is_none() {
        return;
    }
    // Words leaning to each candidate: a run needs MIN_RUN_WORDS of them.
    let mut leaning_words = [0usize; MAX_CANDIDATES];
    for &i in idx {
        let m = freq.lean[i];
        for (k, c) in leaning_words.iter_mut().enumerate() {
            *c += usize::from(m >> k & 1);
        }
    }
    for (n, (l, _)) in others.iter().enumerate() {
        if leaning_words[n] < MIN_RUN_WORDS {
            continue;
        }
        // Per word: +1 leaning to l, 0 neutral (known to both), -1 leaning to the target.
        let mut start: Option<usize> = None;
        let mut lean = 0;
        let mut last_lean = 0;
        let flush = |start: Option<usize>, lean: usize, last: usize, out: &mut Vec<Finding>| {
            let Some(s) = start else { return };
            if lean < MIN_RUN_WORDS {
                return;
            }
            let span = ctx.words[idx[s]].span.start..ctx.words[idx[last]].span.end;
            if quoted(ctx.text, &span) {
                return;
            }
            let text = &ctx.text[span.clone()];
            let allow = [l.whatlang, ctx.lang.whatlang].into_iter().flatten().collect();
            if whatlang::Detector::with_allowlist(allow)
                .detect(text)
                .is_some_and(|i| Some(i.lang()) == l.whatlang)
            {
                out.push(message(span, &l.name, ctx.lang, "words"));
            }
        };
        for (k, &i) in idx.iter().enumerate() {
            let w = &ctx.words[i];
            let zt = freq.target(i);
            let zl = if zt < 65 { freq.other(n, i) } else { 0 };
            let is_name = w.capitalized && k > 0;
            let leaning = !is_name && freq.lean[i] >> n & 1 == 1;
            let neutral = is_name || (zl >= 30 && u16::from(zl) + 10 >= u16::from(zt));
            let joined = k == 0 || {
                let gap = &ctx.text[ctx.words[idx[k - 1]].span.end..w.span.start];
                gap.chars()
                    .all(|c| c.is_whitespace() || matches!(c, '\'' | '’' | '-' | ','))
            };
            if !joined {
                flush(start.take(), lean, last_lean, out);
                lean = 0;
            }
            if leaning {
                start.get_or_insert(k);
                lean += 1;
                last_lean = k;
            } else if !(neutral && start.is_some()) {
                flush(start.take(), lean, last_lean, out);
                lean = 0;
            }
        }
        flush(start.take(), lean, last_lean, out);
    }
}

/// Whether a word with Zipf frequency `zt` in the target and `zl` in another language (both in
/// tenths) leans to that language inside a run: that language's frequency is 3.0 or more and
/// beats the target's by 1.5; with no lexicon above Zipf 8, words very common in the target (6.5
/// and up) never lean.
fn run_leaning(zt: u8, zl: u8) -> bool {
    zt < 65 && zl >= 30 && u16::from(zl) > u16::from(zt) + 15
}

/// Whether `span` is enclosed in quotation marks (a quoted title or name, or a quoted sentence
/// whose final punctuation stands inside the marks: « Thank you very much. »).
pub(crate) fn quoted(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end().chars().next_back();
    let after = text[span.end..]
        .trim_start_matches(['.', '!', '?', '…'])
        .trim_start()
        .chars()
        .next();
    matches!(
        (before, after),
        (
            Some('«' | '“' | '„' | '"' | '‹' | '‘' | '‚'),
            Some('»' | '”' | '“' | '"' | '›' | '’' | '‘')
        )
    )
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::{flagged, run};

    #[test]
    fn thresholds_in_tenths_are_the_decimal_comparisons() {
        // WordFreqs compares tenths; the rules are stated in Zipf values. Every pair agrees.
        use crate::lang::zipf_of;
        for t in 0..=255u8 {
            let zt = zipf_of(t);
            assert_eq!(zt < 6.5, t < 65, "{t}");
            assert_eq!(zt >= 4.5, t >= 45, "{t}");
            for l in 0..=255u8 {
                let zl = zipf_of(l);
                let (t16, l16) = (u16::from(t), u16::from(l));
                assert_eq!(
                    super::run_leaning(t, l),
                    zt < 6.5 && zl >= 3.0 && zl > zt + 1.5,
                    "{t} {l}"
                );
                assert_eq!(zl < zt + 0.5, l16 < t16 + 5, "{t} {l}");
                assert_eq!(zl > zt + 0.5, l16 > t16 + 5, "{t} {l}");
                assert_eq!(zl + 1.0 >= zt, l16 + 10 >= t16, "{t} {l}");
            }
        }
    }

    #[test]
    fn at_most_max_candidates() {
        for code in crate::lang::known_codes() {
            let l = crate::lang::language(code).unwrap();
            assert!(
                super::candidates(l).len() <= super::MAX_CANDIDATES,
                "{code}"
            );
        }
    }

    #[test]
    fn lower_into_is_to_lowercase() {
        let mut buf = String::from("leftover");
        for w in [
            "",
            "ABC",
            "Größe",
            "ÄRGER",
            "İstanbul",
            "ΟΔΟΣ",
            "Σ",
            "ΣΑΣ ΣΑΣ",
            "День",
            "ǅemal",
            "ẞ",
            "東京",
            "Ǆ",
            "ﬀ",
            "MIXED-Ünïcödé_123",
            "ΑΣ.",
            "KELVIN\u{212A}",
        ] {
            // Appends to what the buffer holds.
            let before = buf.clone();
            super::lower_into(w, &mut buf);
            assert_eq!(buf, before + &w.to_lowercase(), "{w:?}");
            buf.truncate(1);
        }
        for cp in (0u32..0x3000).chain(0x10400..0x10500) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let w = format!("A{c}b{c}");
            buf.clear();
            super::lower_into(&w, &mut buf);
            assert_eq!(buf, w.to_lowercase(), "{w:?}");
        }
    }

    #[test]
    fn english_sentence_in_french() {
        let t = "Le ministre a parlé hier. The meeting was cancelled at the last minute because of the weather. Il reviendra.";
        let got = run("fr", t, "language-switch");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            &t[got[0].span.clone()],
            "The meeting was cancelled at the last minute because of the weather."
        );
        assert!(got[0].message.contains("English"));
    }

    #[test]
    fn a_title_kept_in_latin_is_info_an_english_sentence_is_a_switch() {
        for t in [
            "Royal Mail International Signed for",
            "Oriflame Optimals Hydra Radiance Hydrating Day Cream + Hydra Radiance Moisturising Night Cream - нормальная кожа",
        ] {
            assert!(run("ru", t, "language-switch").is_empty(), "{t}");
            assert_eq!(run("ru", t, "foreign-title").len(), 1, "{t}");
        }
        let t = "Please restart your computer now and try again later.";
        assert_eq!(run("ru", t, "language-switch").len(), 1);
        assert!(run("ru", t, "foreign-title").is_empty());
    }

    #[test]
    fn english_clause_in_german() {
        let t = "Der Minister sagte, dass the situation is getting worse every day, und ging.";
        let got = flagged("de", t, "language-switch");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("the situation is getting worse"), "{got:?}");
    }

    #[test]
    fn english_clause_in_russian() {
        let t = "Министр сказал, что this is not acceptable at all, и ушёл.";
        let got = run("ru", t, "language-switch");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].message.contains("English"));
    }

    /// WMT22 de-fr: the German source quotes an English error message; the French translation
    /// keeps it, as it should. The same passage with an English source is untranslated.
    #[test]
    fn a_passage_the_source_quotes_in_a_third_language_is_faithful() {
        let engine = crate::Engine::new(Vec::new());
        let fr = crate::lang::language("fr").unwrap();
        let t = "Après la confirmation, j'obtiens toujours le message d'erreur suivant : oops - something went wrong - try again later.";
        let switches = |src: &str, src_lang: &str| {
            let sl = crate::lang::language(src_lang).unwrap();
            engine
                .check_pair(t, Some(src), Some(sl), fr)
                .into_iter()
                .filter(|f| f.rule == "language-switch")
                .count()
        };
        let de = "Es kommt nach der Bestätigung immer folgende Fehlermeldung: oops - something went wrong - try again later.";
        assert_eq!(switches(de, "de"), 0);
        let en = "After the confirmation I always get the following error message: oops - something went wrong - try again later.";
        assert_eq!(switches(en, "en"), 1);
        assert_eq!(run("fr", t, "language-switch").len(), 1);
    }

    #[test]
    fn russian_sentence_in_french() {
        let t = "Il a dit ceci. Мы не боимся никаких санкций со стороны Запада. Fin.";
        let got = flagged("fr", t, "language-switch");
        assert_eq!(got, ["Мы не боимся никаких санкций со стороны Запада."]);
    }

    #[test]
    fn short_sentences_in_another_language() {
        // Under five words whatlang guesses (it calls the first one French); the lexicons decide.
        for (lang, t, other) in [
            ("fr", "Please restart your computer now.", "English"),
            ("fr", "Click here.", "English"),
            ("fr", "Your password has expired.", "English"),
            ("fr", "Vielen Dank für Ihre Bestellung.", "German"),
            ("de", "Thank you for your order.", "English"),
            ("de", "Il faut cliquer ici.", "French"),
            ("es", "Sorry for the inconvenience.", "English"),
            ("es", "Grazie per il tuo ordine.", "Italian"),
            ("it", "See you soon!", "English"),
            ("it", "Bitte starten Sie Ihren Computer neu.", "German"),
            ("en", "Gracias por su pedido.", "Spanish"),
            ("en", "Il faut cliquer ici.", "French"),
        ] {
            let got = run(lang, t, "language-switch");
            assert_eq!(got.len(), 1, "{lang}: {t}: {got:?}");
            assert_eq!(&t[got[0].span.clone()], t);
            assert!(got[0].message.contains(other), "{t}: {got:?}");
        }
        // One short sentence among target sentences is reported alone.
        let t =
            "Le serveur a redémarré. Please restart your computer now. Merci de votre patience.";
        assert_eq!(
            flagged("fr", t, "language-switch"),
            ["Please restart your computer now."]
        );
    }

    #[test]
    fn quiet_on_short_target_sentences() {
        // Short sentences of the target with loanwords, names, titles, quotations, code and URLs.
        for (lang, t) in [
            ("fr", "Le week-end, on fait du shopping."),
            ("fr", "C’est cool."),
            ("fr", "Super, merci !"),
            ("fr", "Il adore « Star Wars »."),
            ("fr", "« The Voice » revient ce soir."),
            ("fr", "« Thank you very much. »"),
            ("fr", "Le Wall Street Journal l’a confirmé."),
            ("fr", "Happy Birthday !"),
            ("fr", "The Lord of the Rings"),
            ("fr", "Lancez `npm install` puis `npm start`."),
            (
                "fr",
                "Voir https://example.com/click-here-now pour plus d’infos.",
            ),
            ("de", "Das Meeting ist vorbei."),
            ("de", "Das war ein Deal."),
            ("de", "Echt cool!"),
            ("de", "Er liebt „Breaking Bad“."),
            ("de", "Apple Music Documents & Data Storage Size"),
            ("es", "El marketing online funciona."),
            ("es", "¡Feliz cumpleaños!"),
            ("it", "Il weekend è finito."),
            ("it", "Il software è gratis."),
            ("it", "Ho visto «The Crown»."),
            ("en", "The café was closed."),
            ("en", "He said “merci beaucoup”."),
            ("en", "See you at the Bundestag."),
        ] {
            assert!(run(lang, t, "language-switch").is_empty(), "{lang}: {t}");
        }
    }

    #[test]
    fn quiet_on_short_titles_names_and_borrowings() {
        for (lang, t) in [
            (
                "fr",
                "Il a lu « The Lord of the Rings » hier soir avec ses enfants.",
            ),
            (
                "fr",
                "C’est un vrai week-end de shopping à Paris pour toute la famille.",
            ),
            ("fr", "Merci beaucoup."),
            (
                "de",
                "Das Meeting mit dem Team findet morgen im Office statt.",
            ),
            (
                "fr",
                "Le dialogue de Moscou et de Washington sur la sécurité de l’information n’est pas interrompu.",
            ),
            (
                "en",
                "The New York Times reported that Emmanuel Macron met Olaf Scholz in Berlin.",
            ),
            (
                "ru",
                "Компания Apple Watch Series представила новую модель.",
            ),
        ] {
            assert!(run(lang, t, "language-switch").is_empty(), "{t}");
        }
    }
}
