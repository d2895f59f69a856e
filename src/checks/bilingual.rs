//! Source-aware checks, for bilingual inputs (XLIFF, TMX, PO, TSV/CSV, JSON Lines): empty or
//! untranslated targets, source words copied into the target, numbers, placeholders and markup,
//! URLs, end punctuation and surrounding whitespace. They do nothing on plain text.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// See the `untranslated`, `number`, `markup` and `whitespace` rules in data/rules.toml.
pub struct Bilingual;

impl Check for Bilingual {
    fn rules(&self) -> &'static [Rule] {
        &[
            Rule::EmptyTarget,
            Rule::TargetEqualsSource,
            Rule::UntranslatedSegment,
            Rule::PartialTranslation,
            Rule::UntranslatedPhrase,
            Rule::NumberMismatch,
            Rule::PlaceholderMismatch,
            Rule::UrlMismatch,
            Rule::UrlAdded,
            Rule::EndPunctuation,
            Rule::EndPunctuationLost,
            Rule::WhitespaceMismatch,
        ]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(source) = ctx.source else {
            return;
        };
        if source.trim().is_empty() {
            return;
        }
        let target = ctx.text;
        if target.trim().is_empty() {
            // A separator translated by a space: the thousands delimiter `","` is `" "` in
            // French (rails-i18n `number.format.delimiter`). The space is the translation.
            if !target.is_empty() && !source.chars().any(char::is_alphanumeric) {
                return;
            }
            out.push(finding(
                Rule::EmptyTarget,
                0..target.len(),
                "The target is empty: this segment was not translated.",
            ));
            return;
        }
        if !untranslated(ctx, source, out) {
            partial(ctx, source, out);
        }
        numbers(ctx, source, out);
        placeholders(ctx, source, out);
        urls(ctx, source, out);
        end_punctuation(ctx, source, out);
        whitespace(ctx, source, out);
    }
}

/// Whether the segment consists only of numbers, codes, names and symbols (kept as they are).
fn only_names_and_codes(ctx: &Ctx<'_>) -> bool {
    ctx.words.iter().all(|w| {
        !w.has_letters()
            || w.capitalized
            || w.upper > 0
            || w.digits > 0
            || ctx.is_protected(&w.span)
    })
}

/// Reports a target identical to the source (`target-equals-source`), or written in the source
/// language with at most a few words changed (`untranslated-segment`): the same MT failure, with
/// the same category, severity and exceptions. Segments that are only numbers, codes, names or
/// a single word, and text that reads the same in both languages, may legitimately stay as they
/// are. Returns whether the whole segment was dealt with (reported, or a legitimate copy).
fn untranslated(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) -> bool {
    let target = ctx.text;
    let whole = target.len() - target.trim_start().len()..target.trim_end().len();
    let identical = target.trim() == source.trim();
    let prose_words = ctx.words.iter().filter(|w| prose_word(ctx, w)).count();
    let kept_as_is = prose_words < 2 || only_names_and_codes(ctx) || same_in_both_languages(ctx);
    let into = ctx.lang.name.as_str();
    if identical {
        if !kept_as_is {
            out.push(finding(
                Rule::TargetEqualsSource,
                whole,
                format!(
                    "The target is identical to the source: the segment was copied, not translated. Translate it into {into}."
                ),
            ));
        }
        return true;
    }
    if kept_as_is {
        return false;
    }
    let Some(src_lang) = ctx.source_lang else {
        return false;
    };
    if src_lang.code == ctx.lang.code {
        return false;
    }
    let (Some(src_lex), Some(tgt_lex)) = (src_lang.lexicon(), ctx.lang.lexicon()) else {
        return false;
    };
    // Words that carry language evidence: letters only, not in capitals, not a name (capitalised
    // after the first word: “Munster”, “Wasps” tell nothing about the language of a Russian
    // sentence around them), not protected.
    let evidence: Vec<String> = ctx
        .words
        .iter()
        .enumerate()
        .filter(|(k, w)| {
            w.letters >= 2
                && w.digits == 0
                && !w.is_all_caps()
                && !(w.capitalized && *k > 0)
                && !ctx.is_protected(&w.span)
        })
        .map(|(_, w)| w.text(target).to_lowercase())
        .collect();
    let leans = |w: &String| {
        let zs = src_lex.zipf(w);
        zs >= 3.0 && zs > tgt_lex.zipf(w) + 1.0
    };
    let leaning = evidence.iter().filter(|w| leans(w)).count();
    let in_source_language = if evidence.len() >= 4 {
        // Seven words in ten: a word or two may have been changed or translated.
        leaning * 10 >= evidence.len() * 7
    } else if evidence.len() >= 2 {
        // A short near-copy (“Save the files.” for “Save the file.”): two words at least, and all
        // but one at most, lean to the source language, and as many are words of the source.
        let source_lower = source.to_lowercase();
        let source_words: BTreeSet<&str> = source_lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        leaning >= 2
            && leaning + 1 >= evidence.len()
            && evidence
                .iter()
                .filter(|w| source_words.contains(w.as_str()))
                .count()
                + 1
                >= evidence.len()
    } else {
        false
    };
    if !in_source_language {
        return false;
    }
    out.push(finding(
        Rule::UntranslatedSegment,
        whole,
        format!(
            "The target is in {} (the source language), not {into}: the segment was left untranslated, at most a few words changed. Translate it into {into}.",
            src_lang.name
        ),
    ));
    true
}

/// Text that reads the same in both languages ("Instagram", "Taxi", "Photo"): every word is a
/// common target-language word, not clearly commoner in the source language.
/// A word of the text proper: two letters or more, not in a placeholder, URL or code (a
/// placeholder's name, `%(value)s`, is not a word).
fn prose_word(ctx: &Ctx<'_>, w: &crate::text::Word) -> bool {
    w.letters >= 2 && !ctx.is_protected(&w.span)
}

fn same_in_both_languages(ctx: &Ctx<'_>) -> bool {
    let Some(tgt) = ctx.lang.lexicon() else {
        return false;
    };
    let src = ctx.source_lang.and_then(|l| l.lexicon());
    ctx.words.iter().filter(|w| prose_word(ctx, w)).all(|w| {
        let lower = w.text(ctx.text).to_lowercase();
        let zt = tgt.zipf(&lower);
        zt >= 3.0 && src.is_none_or(|s| zt + 1.0 >= s.zipf(&lower))
    })
}

/// Zipf frequency a single lower-case copied word the target language does not know needs in the
/// source language to make an untranslated phrase on its own: a common word there (“satte”,
/// “plump”, “stellar”), not a rare term the lists merely lack.
const PHRASE_MIN_UNKNOWN_ZIPF: f32 = 3.0;

/// Quotation marks of every convention, closing a quoted original before its gloss.
const QUOTES: &str = "\"'“”„‟«»‹›‘’‚";

/// Several copied words: the least number of distinct source-language words copied into the
/// target that marks a segment as partly untranslated, even when each of them alone might be an
/// accepted loanword or part of a name.
const MANY_COPIED: usize = 3;
/// Zipf frequency a copied word needs in the source language to count towards [`MANY_COPIED`].
const MANY_MIN_SOURCE_ZIPF: f32 = 3.5;
/// How much commoner in the source language than in the target (Zipf difference) such a word is.
/// Names kept as they are (“Oregon”, “Brown”) lead by about 1.0, the difference in corpus size.
const MANY_MIN_LEAD: f32 = 1.0;
/// The lead a run of copied words needs to be reported as part of the several-words evidence:
/// more than a name's, so that the finding points at the English words, not at the names.
const MANY_REPORT_LEAD: f32 = 1.2;

/// Source words left in the target: a run of three or more copied words, a single copied word
/// that is common in the source language and unknown in the target language, or several
/// distinct copied words that are clearly commoner in the source language.
fn partial(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) {
    let Some(src_lang) = ctx.source_lang else {
        return;
    };
    // Same language, or another script: copied foreign-script words are mixed-script findings.
    let same_script = src_lang.scripts.iter().any(|s| ctx.lang.uses_script(*s));
    if src_lang.code == ctx.lang.code || !same_script {
        return;
    }
    let (Some(src_lex), Some(tgt_lex)) = (src_lang.lexicon(), ctx.lang.lexicon()) else {
        return;
    };
    // Source words written in lower case somewhere in the source: ordinary words, not names,
    // titles or acronyms ("Keeping Up With The Kardashians", "Pelosi", "NATO"). The words of a
    // long source are read a piece at a time.
    let mut lower_in_source: BTreeMap<String, bool> = BTreeMap::new();
    crate::text::each_word_in_pieces(source, |w, piece, _| {
        let t = w.text(piece);
        let e = lower_in_source.entry(t.to_lowercase()).or_insert(false);
        *e |= !w.capitalized && w.upper == 0;
    });
    // For each target word copied from the source: whether it leans to the source language.
    let copied = |i: usize| -> Option<bool> {
        let w = &ctx.words[i];
        if w.letters < 2 || w.digits > 0 || ctx.is_protected(&w.span) {
            return None;
        }
        let lower = ctx.word(i).to_lowercase();
        let ordinary = *lower_in_source.get(&lower)?;
        let (zs, zt) = (src_lex.zipf(&lower), tgt_lex.zipf(&lower));
        Some(ordinary && zs >= 3.0 && zs > zt + 1.5)
    };
    // A copied word that counts towards the several-words evidence: an ordinary word of the
    // source language (not an acronym), clearly commoner there than in the target language.
    let english_like = |i: usize| -> Option<(String, f32)> {
        let w = &ctx.words[i];
        if w.letters < 3 || w.is_all_caps() || ctx.lang.kept_latin.contains(ctx.word(i)) {
            return None;
        }
        let lower = ctx.word(i).to_lowercase();
        if lower_in_source.get(&lower) != Some(&true) {
            return None;
        }
        let (zs, zt) = (src_lex.zipf(&lower), tgt_lex.zipf(&lower));
        (zs >= MANY_MIN_SOURCE_ZIPF && zs - zt >= MANY_MIN_LEAD).then_some((lower, zs - zt))
    };
    // Common words at the edges of a reported run that are as much target-language words ("in" in
    // “in Old Trafford”): left out of the span.
    let shared = |i: usize| -> bool {
        let lower = ctx.word(i).to_lowercase();
        let zt = tgt_lex.zipf(&lower);
        zt >= 4.5 && zt + 0.5 >= src_lex.zipf(&lower)
    };
    let trim = |(mut first, mut last): (usize, usize)| -> (usize, usize) {
        while first < last && shared(first) {
            first += 1;
        }
        while last > first && shared(last) {
            last -= 1;
        }
        (first, last)
    };
    // Copied words written in lower case in the target and in the source that lean to the source
    // language: ordinary words (not names, titles or loanwords used as German nouns); and whether
    // the target language does not know the word at all.
    let lower_source_word = |i: usize| -> Option<bool> {
        let w = &ctx.words[i];
        if w.upper > 0 || w.letters < 2 || ctx.lang.kept_latin.contains(ctx.word(i)) {
            return None;
        }
        let lower = ctx.word(i);
        let (zs, zt) = (src_lex.zipf(lower), tgt_lex.zipf(lower));
        let leans = lower_in_source.get(lower) == Some(&true) && zs >= 3.0 && zs > zt + 1.0;
        leans.then(|| {
            w.letters >= 4
                && zs >= PHRASE_MIN_UNKNOWN_ZIPF
                && !tgt_lex.contains(lower)
                && !knows_inflected_form(tgt_lex, src_lex, lower)
        })
    };
    // A run of copied prose: at least two lower-case source-language words, or one the target
    // language does not know, and more of them than capitalised words (a title or the name of an
    // institution, “State of the Union”, “Centers for Disease Control and Prevention”, links
    // capitalised words with lower-case ones). The run's first word may be capitalised at the
    // start of a sentence. Returns the span to report, trimmed of shared words at its edges.
    // English quoted in a source of another language (an English definition in a German text):
    // copied as it stands in the source, not left untranslated.
    let english = crate::lang::language("en")
        .ok()
        .filter(|en| en.code != src_lang.code && en.code != ctx.lang.code)
        .and_then(|en| en.lexicon());
    let prose_run = |first: usize, last: usize| -> Option<(usize, usize)> {
        let (mut lower, mut unknown) = (0, false);
        for k in first..=last {
            if let Some(u) = lower_source_word(k) {
                lower += 1;
                unknown |= u;
            }
        }
        // The run as a whole reads as English rather than the source language.
        if let Some(en) = english {
            let lead: f32 = (first..=last)
                .map(|k| {
                    let w = ctx.word(k).to_lowercase();
                    en.zipf(&w) - src_lex.zipf(&w)
                })
                .sum();
            if lead > 0.5 * (last - first + 1) as f32 {
                return None;
            }
        }
        // An abbreviation ("incl. Effect Primer"): a single word followed by a full stop inside
        // the sentence.
        let after = &ctx.text[ctx.words[last].span.end..];
        if first == last
            && after.starts_with('.')
            && after[1..].trim_start().starts_with(char::is_alphanumeric)
        {
            return None;
        }
        let start = ctx.words[first].span.start;
        let before = ctx.text[..start].trim_end();
        let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', ':', '…']);
        let capitalised = (first..=last)
            .filter(|&k| ctx.words[k].upper > 0 && (k > first || !sentence_start))
            .count();
        ((lower >= 2 || unknown) && lower > capitalised && !kept_original(ctx, first, last))
            .then(|| trim((first, last)))
    };
    let mut reported_phrases: Vec<(usize, usize)> = Vec::new();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    // Runs of consecutive copied words that hold a source-leaning word, for the second pass.
    let mut leaning_runs: Vec<(usize, usize)> = Vec::new();
    let mut leaning_words: BTreeSet<String> = BTreeSet::new();
    let mut i = 0;
    while i < ctx.words.len() {
        let Some(leaning) = copied(i) else {
            i += 1;
            continue;
        };
        // Extend over consecutive copied words.
        let mut last = i;
        let mut lean_count = usize::from(leaning);
        while last + 1 < ctx.words.len() {
            let gap = ctx.gap_after(last);
            if !gap
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '\'' | '’' | '-' | '‐' | '‑' | '−'))
            {
                break;
            }
            match copied(last + 1) {
                Some(l) => {
                    lean_count += usize::from(l);
                    last += 1;
                }
                None => break,
            }
        }
        if parenthetical_gloss(ctx, i, last) || kept_original(ctx, i, last) {
            i = last + 1;
            continue;
        }
        let len = last - i + 1;
        if let Some(phrase) = prose_run(i, last) {
            reported_phrases.push(phrase);
            i = last + 1;
            continue;
        }
        // A single copied word: an ordinary source-language word the target does not know.
        let strong_single = len == 1 && {
            let w = &ctx.words[i];
            let lower = ctx.word(i).to_lowercase();
            lower_in_source.get(&lower) == Some(&true)
                && src_lex.zipf(&lower) >= 3.0
                && tgt_lex.zipf(&lower) < 2.5
                && w.letters >= 4
                && !ctx.lang.kept_latin.contains(ctx.word(i))
                && !knows_inflected_form(tgt_lex, src_lex, &lower)
        };
        let run_leaning: Vec<(String, f32)> = (i..=last).filter_map(english_like).collect();
        if (len >= 3 && lean_count * 2 >= len) || strong_single {
            reported.push((i, last));
        } else if run_leaning
            .iter()
            .any(|(_, lead)| *lead >= MANY_REPORT_LEAD)
        {
            leaning_runs.push((i, last));
        }
        leaning_words.extend(run_leaning.into_iter().map(|(w, _)| w));
        i = last + 1;
    }
    // Several distinct source-language words copied here and there: each may be a loanword or
    // part of a name, but together they are a part of the segment left untranslated.
    let many = leaning_words.len() >= MANY_COPIED;
    for &(first, last) in &reported_phrases {
        let span = ctx.words[first].span.start..ctx.words[last].span.end;
        let flagged = &ctx.text[span.clone()];
        out.push(finding(
            Rule::UntranslatedPhrase,
            span,
            format!(
                "“{flagged}” is {} text copied from the source, written as running prose: this part of the segment was left untranslated.",
                src_lang.name
            ),
        ));
    }
    for &run in &reported {
        let (first, last) = trim(run);
        push_partial(ctx, src_lang, first..=last, None, out);
    }
    if many {
        for &run in &leaning_runs {
            let (first, last) = trim(run);
            push_partial(ctx, src_lang, first..=last, Some(leaning_words.len()), out);
        }
    }
}

/// Whether words `first..=last` are an original kept on purpose: a quotation glossed in parentheses
/// right after, „No justice, no peace“ (Keine Gerechtigkeit, kein Frieden), or a whole quotation
/// that starts with a capital, a title (“Ein alter Mann wird älter”, „The Gilded Age“).
fn kept_original(ctx: &Ctx<'_>, first: usize, last: usize) -> bool {
    let (start, end) = (ctx.words[first].span.start, ctx.words[last].span.end);
    let after = ctx.text[end..].trim_start();
    let glossed = after
        .trim_start_matches(|c: char| c.is_whitespace() || QUOTES.contains(c))
        .starts_with('(');
    let quoted_title = ctx.words[first].upper > 0
        && ctx.text[..start]
            .trim_end()
            .ends_with(|c: char| QUOTES.contains(c))
        && after.starts_with(|c: char| QUOTES.contains(c));
    glossed || quoted_title
}

/// Whether words `first..=last` are the original name given in parentheses right after its
/// translation, “Gesundheitsamt (Department of Health and Human Services)”, “Zentralbehörde für
/// indirekte Steuern (Central Board of Indirect Taxes and Customs – CBIC)”: a translator's gloss,
/// not text left untranslated.
fn parenthetical_gloss(ctx: &Ctx<'_>, first: usize, last: usize) -> bool {
    let (start, end) = (ctx.words[first].span.start, ctx.words[last].span.end);
    let Some(before) = ctx.text[..start]
        .trim_end()
        .trim_end_matches(|c: char| QUOTES.contains(c))
        .strip_suffix('(')
    else {
        return false;
    };
    let translated_before = before
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    let after = &ctx.text[end..];
    // The parenthesis closes soon after the run, at most after an abbreviation (“– CBIC”).
    let closes = after
        .char_indices()
        .take_while(|(i, _)| *i <= 16)
        .take_while(|(_, c)| *c != '(')
        .any(|(_, c)| c == ')');
    translated_before && closes
}

/// Whether the target lexicon knows an inflected form of `lower` with the same stem (plural or
/// case endings: "Steroid" → "Steroide", "Briefings" → "Briefing") that is no commoner in the
/// source language than a name kept as it is: then the word is a loanword or an international
/// word of the target language, merely rarer than the lexicon's cut-off.
fn knows_inflected_form(
    tgt_lex: &crate::lang::Lexicon,
    src_lex: &crate::lang::Lexicon,
    lower: &str,
) -> bool {
    const ENDINGS: &[&str] = &["e", "en", "n", "s", "es"];
    let native = |form: &str| {
        tgt_lex.contains(form) && tgt_lex.zipf(form) + MANY_MIN_LEAD >= src_lex.zipf(form)
    };
    let longer = ENDINGS.iter().any(|e| native(&format!("{lower}{e}")));
    let shorter = ENDINGS.iter().any(|e| {
        lower
            .strip_suffix(e)
            .is_some_and(|stem| stem.chars().count() >= 4 && native(stem))
    });
    longer || shorter
}

/// Reports words `run` as copied from the source; `several`: the number of distinct copied
/// source-language words when that is the evidence.
fn push_partial(
    ctx: &Ctx<'_>,
    src_lang: &crate::lang::Language,
    run: std::ops::RangeInclusive<usize>,
    several: Option<usize>,
    out: &mut Vec<Finding>,
) {
    let span = ctx.words[*run.start()].span.start..ctx.words[*run.end()].span.end;
    let flagged = &ctx.text[span.clone()];
    let message = match several {
        None => format!(
            "“{flagged}” is copied from the {} source: part of the segment was left untranslated.",
            src_lang.name
        ),
        Some(n) => format!(
            "“{flagged}” is copied from the {} source, one of {n} {} words copied into this segment: part of it was probably left untranslated.",
            src_lang.name, src_lang.name
        ),
    };
    out.push(finding(Rule::PartialTranslation, span, message));
}

/// Spans that hold no numbers of the text proper: placeholders (“{0}”, “%1$s”) and URLs.
fn not_numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    placeholders_in(text)
        .into_iter()
        .chain(urls_in(text))
        .map(|(_, r)| r)
        .collect()
}

/// Numbers of the source missing from the target, and numbers of the target not in the source.
/// Each number is read with every value it may stand for (see [`super::numbers`]), and a number
/// written as a word on the other side answers it.
fn numbers(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) {
    use super::numbers::{numbers_in, spelled_values};
    let src = numbers_in(source, &not_numbers(source), ctx.source_lang);
    let tgt = numbers_in(ctx.text, &not_numbers(ctx.text), Some(ctx.lang));
    // "24/7" written out as "24 hours a day, 7 days a week": its parts are not added numbers.
    let idiom_parts = src.iter().any(|n| n.idiom);
    if src.is_empty() && tgt.is_empty() {
        return;
    }
    let mut extra = Vec::new();
    // Exact readings first, so that a number does not take the partner of another one that has
    // no other.
    // Numbers that are part of names answer numbers on the other side but are never reported.
    // Every number of each side, before pairing: a number the target repeats ("from September
    // 29, 2019 to October 10, 2019" for one 2019) is in the source all the same.
    let (all_src, all_tgt) = (src.clone(), tgt.clone());
    let (src_names, mut src): (Vec<_>, Vec<_>) = src.into_iter().partition(|n| n.name);
    let (tgt_names, tgt): (Vec<_>, Vec<_>) = tgt.into_iter().partition(|n| n.name);
    let mut unmatched: Vec<&super::numbers::Num> = Vec::new();
    // The first source number not yet taken whose first value (or any value) is v, through
    // indexes: one huge segment has tens of thousands of numbers, which a scan and a removal
    // per number made quadratic.
    let mut taken = vec![false; src.len()];
    {
        let (mut by_first, mut by_value) = (NumIndex::default(), NumIndex::default());
        for (i, n) in src.iter().enumerate() {
            by_first.add(&n.values[0], i);
            for v in &n.values {
                by_value.add(v, i);
            }
        }
        for n in &tgt {
            match by_first.first(&n.values[0], &taken) {
                Some(k) => taken[k] = true,
                None => unmatched.push(n),
            }
        }
        let src_names: std::collections::HashSet<&str> = src_names
            .iter()
            .flat_map(|s| s.values.iter().map(String::as_str))
            .collect();
        for n in unmatched {
            match n
                .values
                .iter()
                .filter_map(|v| by_value.first(v, &taken))
                .min()
            {
                Some(k) => taken[k] = true,
                None if n.values.iter().any(|v| src_names.contains(v.as_str())) => {}
                None => extra.push(n),
            }
        }
    }
    let mut taken = taken.into_iter();
    src.retain(|_| !taken.next().unwrap_or(false));
    let values = |nums: &[super::numbers::Num]| -> std::collections::HashSet<String> {
        nums.iter().flat_map(|n| n.values.iter().cloned()).collect()
    };
    let (tgt_names, all_src, all_tgt) = (values(&tgt_names), values(&all_src), values(&all_tgt));
    src.retain(|n| !n.values.iter().any(|v| tgt_names.contains(v)));
    // The number one is often rendered by an article or a word ("1美元兑7.0元", “7.0 yuan per
    // dollar”; “1倍多”, “more than doubled”): never reported missing. Nor is a number the target
    // has, only fewer times.
    src.retain(|n| {
        !["1", "1:00"].contains(&n.values[0].as_str())
            && !n.values.iter().any(|v| all_tgt.contains(v))
    });
    extra.retain(|n| !n.values.iter().any(|v| all_src.contains(v)));
    let spelled =
        |text: &str, lang: Option<&crate::lang::Language>| -> std::collections::HashSet<String> {
            lang.map(|l| spelled_values(text, l))
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.to_string())
                .collect()
        };
    // Chinese numerals answer numbers on the other side whatever the language pack (三 = 3).
    let mut in_target = spelled(ctx.text, Some(ctx.lang));
    in_target.extend(super::numbers::cjk_values(ctx.text));
    src.retain(|n| !n.idiom && !n.values.iter().any(|v| in_target.contains(v)));
    if !src.is_empty() {
        let end = ctx.text.trim_end().len();
        let start = ctx.text.len() - ctx.text.trim_start().len();
        let shown: Vec<&str> = src.iter().map(|n| n.shown.as_str()).collect();
        out.push(finding(
            Rule::NumberMismatch,
            start..end.max(start + 1).min(ctx.text.len()),
            format!(
                "The source has the number{} {} that the target does not.",
                if src.len() > 1 { "s" } else { "" },
                shown.join(", ")
            ),
        ));
    }
    if extra.is_empty() {
        return;
    }
    let mut in_source = spelled(source, ctx.source_lang);
    in_source.extend(super::numbers::cjk_values(source));
    for n in extra {
        let idiom_part = idiom_parts && ["24", "7", "365"].contains(&n.values[0].as_str());
        if n.idiom || idiom_part || n.values.iter().any(|v| in_source.contains(v)) {
            continue;
        }
        out.push(finding(
            Rule::NumberMismatch,
            n.span.clone(),
            format!(
                "The number {} is not in the source: added or altered by the translation.",
                n.shown
            ),
        ));
    }
}

/// Positions of numbers by value, in order, for [`numbers`].
#[derive(Default)]
struct NumIndex<'a>(std::collections::HashMap<&'a str, std::collections::VecDeque<usize>>);

impl<'a> NumIndex<'a> {
    fn add(&mut self, v: &'a str, i: usize) {
        let q = self.0.entry(v).or_default();
        if q.back() != Some(&i) {
            q.push_back(i);
        }
    }

    /// The first position with value `v` that is not taken (taken ones are dropped on the way,
    /// so each costs once).
    fn first(&mut self, v: &str, taken: &[bool]) -> Option<usize> {
        let q = self.0.get_mut(v)?;
        while let Some(&i) = q.front() {
            if !taken[i] {
                return Some(i);
            }
            q.pop_front();
        }
        None
    }
}

/// printf, ICU/.NET, mustache placeholders and the readers' inline-tag placeholders.
fn placeholders_in(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // i18next `{{name}}`; the argument of an ICU plural or select (`{count, plural,`: its
        // branches are text); ICU and .NET `{name}`, `{0}`, inline-code placeholders; Fluent
        // `{ $var }`, a Fluent selector `{ $count ->`, a term `{ -brand }`; i18next nesting
        // `$t(key)`; Rails `%{name}`; printf with positions and length modifiers (`%1$s`,
        // `%lld`, `%@`); Python `%(name)s`; `${var}`; HTML tags.
        Regex::new(
            r"\{\{\s*[\w.]+\s*\}\}|\{\s*\w+\s*,\s*(?:plural|selectordinal|select)\s*,|\{/?[A-Za-z_]*\d*(?:[,:][^{}]*)?\}|\{\s*\$[\w-]+\s*(?:\}|->)|\{\s*-[\w-]+\s*\}|\$t\([^()\s]*\)|%\{\w+\}|%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?(?:(?:ll|l|hh|h|q|j|z|t)[diouxX]|lf|L[feEgG]|[sdifuxXeEgGcp@])|%\([A-Za-z_]\w*\)[-+#0]*\d*(?:\.\d+)?[sdifuxXeEgGcr]|\$\{\w+\}|</?(?i:a|abbr|b|big|blockquote|br|button|cite|code|del|div|em|font|h[1-6]|hr|i|img|input|ins|kbd|label|li|mark|ol|option|p|pre|q|s|select|small|span|strike|strong|sub|sup|table|td|th|tr|tt|u|ul|var)\b[^<>]*/?>",
        )
        .expect("placeholder regex compiles")
    });
    re.find_iter(text)
        .filter(|m| !(m.as_str().starts_with('%') && percent_sign(text, m.start())))
        .map(|m| (printf_without_flags(m.as_str()), m.range()))
        .collect()
}

/// A printf conversion without its flags, as placeholders are compared: `%-d` (strftime's
/// unpadded day in Rails' `"%-d %B %Y"`) or `%05d` fill in the same value as `%d`, `%5d`.
fn printf_without_flags(p: &str) -> String {
    let Some(rest) = p.strip_prefix('%').filter(|r| !r.starts_with(['{', '('])) else {
        return p.to_string();
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (pos, conv) = if rest[digits..].starts_with('$') {
        rest.split_at(digits + 1)
    } else {
        ("", rest)
    };
    format!("%{pos}{}", conv.trim_start_matches(['-', '+', '#', '0']))
}

/// Whether the `%` at `at` is a percent sign: right after a number (“60%s”, “60 %d’entre
/// eux”), never a printf conversion. (The printf space flag, “% s”, is not recognised at all:
/// in prose it is a percent sign followed by a word.)
fn percent_sign(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end_matches([' ', '\u{a0}', '\u{202f}'])
        .ends_with(|c: char| c.is_ascii_digit())
}

fn placeholders(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) {
    let src = placeholders_in(source);
    let tgt = placeholders_in(ctx.text);
    if src.is_empty() && tgt.is_empty() {
        return;
    }
    // Plural variants separated by `|` (Symfony, Laravel: “one file|%count% files”): a language
    // with more or fewer plural forms than the source repeats a placeholder more or fewer times,
    // so only which placeholders appear is compared, not how often.
    let variants = |t: &str| t.split('|').count();
    // ICU plural or select branches (`{count, plural, one {…} other {…}}`) and Fluent selectors
    // (`{ $count -> [one] … *[other] … }`) also vary in number by language.
    let branches = |p: &[(String, std::ops::Range<usize>)]| {
        p.iter()
            .any(|(p, _)| p.ends_with(',') || p.ends_with("->"))
    };
    let by_set = variants(source) != variants(ctx.text) || branches(&src) || branches(&tgt);
    // Each source placeholder answers one in the target (by count), or any number of them (by
    // set, when the plural variants differ).
    let mut missing: Vec<&str> = src.iter().map(|(p, _)| p.as_str()).collect();
    let mut extra: Vec<&str> = Vec::new();
    for (p, span) in &tgt {
        let known = if by_set {
            src.iter().any(|(q, _)| q == p)
        } else {
            missing
                .iter()
                .position(|m| m == p)
                .map(|k| missing.remove(k))
                .is_some()
        };
        let repeated = by_set && extra.contains(&p.as_str());
        // A plural form may show what the source's form leaves out: “Delete this message?” is
        // “Supprimer %1$d message ?” in French, whose `one` form also covers 0.
        if !known && !repeated && !ctx.marks.plural_form {
            extra.push(p);
            out.push(finding(
                Rule::PlaceholderMismatch,
                span.clone(),
                format!("The placeholder or tag {p} is not in the source."),
            ));
        }
    }
    if by_set {
        let mut seen: Vec<&str> = Vec::new();
        missing.retain(|m| {
            let keep = !seen.contains(m) && !tgt.iter().any(|(q, _)| q == m);
            seen.push(m);
            keep
        });
    }
    // The `one` form may write its number as a word: “environ une heure” (about %{count} hour).
    if ctx.marks.single_quantity {
        missing.clear();
    }
    if !missing.is_empty() {
        let start = ctx.text.len() - ctx.text.trim_start().len();
        out.push(finding(
            Rule::PlaceholderMismatch,
            start..ctx.text.trim_end().len().max(start + 1).min(ctx.text.len()),
            format!("The target lacks the source's {}.", missing.join(" ")),
        ));
    }
    if by_set || !missing.is_empty() {
        return;
    }
    // Unnumbered printf placeholders are filled in order: their order must not change.
    let seq = |v: &[(String, std::ops::Range<usize>)]| -> Vec<String> {
        v.iter()
            .map(|(p, _)| p.clone())
            // Rails `%{name}` and Python `%(name)s` are named: any order.
            .filter(|p| {
                p.starts_with('%') && !p.contains('$') && !p.contains('(') && !p.starts_with("%{")
            })
            .collect()
    };
    let (s, t) = (seq(&src), seq(&tgt));
    if s.len() > 1 && s.len() == t.len() && s != t {
        let first = tgt
            .iter()
            .find(|(p, _)| p.starts_with('%'))
            .map(|(_, r)| r.clone());
        if let Some(span) = first {
            out.push(finding(
                Rule::PlaceholderMismatch,
                span,
                format!(
                    "The unnumbered placeholders are reordered ({} in the source, {} here); use positional ones (%1$s) to reorder.",
                    s.join(" "),
                    t.join(" ")
                ),
            ));
        }
    }
}

fn urls_in(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            // A URL ends at white space, at quotes and angle brackets, and at CJK punctuation and
            // full-width forms (“网址：http://a.cn）查询”: the full-width bracket is Chinese text).
            r#"(?i)\b(?:https?|ftp)://[^\s<>"«»\u{3000}-\u{303F}\u{FF00}-\u{FFEF}]+[^\s<>"«».,;:!?)\u{3000}-\u{303F}\u{FF00}-\u{FFEF}]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#,
        )
        .expect("url regex compiles")
    });
    re.find_iter(text)
        .map(|m| (m.as_str().to_string(), m.range()))
        .collect()
}

fn urls(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) {
    let src: Vec<String> = urls_in(source).into_iter().map(|(u, _)| u).collect();
    let tgt = urls_in(ctx.text);
    for (u, span) in &tgt {
        if src.is_empty() {
            // The source has no address at all: one was added (a site name rendered as its
            // address, "中新网" → chinanews.com), which is rarely the damage a changed one is.
            out.push(finding(
                Rule::UrlAdded,
                span.clone(),
                format!("The URL or address {u} is not in the source, which has none: added?"),
            ));
        } else if !src.contains(u) {
            out.push(finding(
                Rule::UrlMismatch,
                span.clone(),
                format!("The URL or address {u} is not in the source: changed by the translation?"),
            ));
        }
    }
    let missing: Vec<&String> = src
        .iter()
        .filter(|u| !tgt.iter().any(|(t, _)| t == *u))
        .collect();
    if !missing.is_empty() && tgt.len() < src.len() {
        let start = ctx.text.len() - ctx.text.trim_start().len();
        out.push(finding(
            Rule::UrlMismatch,
            start..ctx.text.trim_end().len().max(start + 1).min(ctx.text.len()),
            format!(
                "The target lacks the source's {}.",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ));
    }
}

/// The class of a segment's final punctuation: full stop, question, exclamation, colon, ellipsis.
fn end_class(text: &str) -> Option<char> {
    let t = text
        .trim_end()
        // Closing quotes and brackets of every convention: German „…“ and ‚…‘, Swiss »…«,
        // CJK 「…」, full-width brackets.
        .trim_end_matches([
            '»', '«', '”', '“', '"', '’', '‘', '›', '‹', '\'', ')', ']', '」', '』', '）', '】',
            '\u{a0}', '\u{202f}', ' ',
        ]);
    let c = t.chars().next_back()?;
    match c {
        '.' | '。' => Some(if t.ends_with("...") { '…' } else { '.' }),
        '?' | '？' | '؟' => Some('?'),
        '!' | '！' => Some('!'),
        ':' | '：' => Some(':'),
        '…' => Some('…'),
        _ => None,
    }
}

/// A target written as an English-style headline: most of its words of four letters or more are
/// capitalised ("Wang Yi: China Never Absent from Helping Africa"), where no final stop is right.
fn is_headline(ctx: &Ctx<'_>) -> bool {
    // Title case is an English convention (German capitalises every noun anyway).
    if ctx.lang.code != "en" {
        return false;
    }
    let long: Vec<&crate::text::Word> = ctx.words.iter().filter(|w| w.letters >= 4).collect();
    long.len() >= 3 && long.iter().filter(|w| w.capitalized).count() * 4 >= long.len() * 3
}

fn end_punctuation(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) {
    let (s, t) = (end_class(source), end_class(ctx.text));
    if s == t || matches!((s, t), (Some('.'), Some('…')) | (Some('…'), Some('.'))) {
        return;
    }
    // A question made a statement is `question-lost`'s (src/checks/structure.rs).
    if s == Some('?') && matches!(t, Some('.' | '!')) {
        return;
    }
    let end = ctx.text.trim_end().len();
    let last = ctx.text[..end]
        .chars()
        .next_back()
        .map_or(0, char::len_utf8);
    let what = |c: Option<char>| match c {
        Some('.') => "a full stop",
        Some('?') => "a question mark",
        Some('!') => "an exclamation mark",
        Some(':') => "a colon",
        Some('…') => "an ellipsis",
        _ => "no final punctuation",
    };
    // The precise case: a sentence of the source ends with a full stop, question or exclamation
    // mark (not an abbreviation's dot, "10 Std.", "U.S."), and the target just stops at a word.
    let lost = matches!(s, Some('.' | '?' | '!'))
        && t.is_none()
        && ctx.text[..end]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        && !(s == Some('.') && ends_with_abbreviation(source))
        && !is_headline(ctx);
    out.push(finding(
        if lost {
            Rule::EndPunctuationLost
        } else {
            Rule::EndPunctuation
        },
        end - last..end,
        format!(
            "The source ends with {}, the target with {}.",
            what(s),
            what(t)
        ),
    ));
}

/// Whether the text ends with an abbreviation's full stop: a word of at most three letters
/// ("Std.", "ca.", "Nr.") or one with a full stop inside ("U.S.", "z.B.").
fn ends_with_abbreviation(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(|c: char| QUOTES.contains(c) || matches!(c, ')' | ']'));
    let Some(body) = t.strip_suffix('.') else {
        return false;
    };
    let word: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.contains('.') || (1..=3).contains(&letters) && letters == word.chars().count()
}

fn whitespace(ctx: &Ctx<'_>, source: &str, out: &mut Vec<Finding>) {
    fn lead(s: &str) -> &str {
        &s[..s.len() - s.trim_start().len()]
    }
    fn trail(s: &str) -> &str {
        &s[s.trim_end().len()..]
    }
    let t = ctx.text;
    if lead(source) != lead(t) {
        let n = lead(t).len();
        out.push(finding(
            Rule::WhitespaceMismatch,
            0..n.max(t.chars().next().map_or(0, char::len_utf8)),
            format!(
                "Leading whitespace differs from the source ({:?} in the source, {:?} here).",
                lead(source),
                lead(t)
            ),
        ));
    }
    if trail(source) != trail(t) {
        let end = t.trim_end().len();
        let start = if end == t.len() {
            t[..end]
                .chars()
                .next_back()
                .map_or(end, |c| end - c.len_utf8())
        } else {
            end
        };
        out.push(finding(
            Rule::WhitespaceMismatch,
            start..t.len(),
            format!(
                "Trailing whitespace differs from the source ({:?} in the source, {:?} here).",
                trail(source),
                trail(t)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{Ctx, placeholders};
    use crate::Engine;

    fn run(src: &str, tgt: &str, lang: &str, rule: &str) -> Vec<String> {
        let engine = Engine::new(Vec::new());
        let en = crate::lang::language("en").unwrap();
        let l = crate::lang::language(lang).unwrap();
        engine
            .check_pair(tgt, Some(src), Some(en), l)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| tgt[f.span].to_string())
            .collect()
    }

    #[test]
    fn empty_identical_and_untranslated_targets() {
        assert_eq!(run("Hello world.", "", "fr", "empty-target"), [""]);
        // A separator whose translation is a space (a thousands delimiter) is translated.
        assert!(run(",", " ", "fr", "empty-target").is_empty());
        assert!(run(",", "\u{202f}", "fr", "empty-target").is_empty());
        assert_eq!(run(",", "", "fr", "empty-target"), [""]);
        assert_eq!(run("Save", " ", "fr", "empty-target"), [" "]);
        assert_eq!(
            run(
                "Save the file.",
                "Save the file.",
                "fr",
                "target-equals-source"
            ),
            ["Save the file."]
        );
        assert!(run("Instagram", "Instagram", "fr", "target-equals-source").is_empty());
        assert!(run("OK", "OK", "fr", "target-equals-source").is_empty());
        assert!(run("Version 2.1", "Version 2.1", "fr", "target-equals-source").is_empty());
        // One word beside a placeholder: the placeholder's name is not a second word.
        let s = "%(value).1f quadrillion";
        assert!(run(s, s, "fr", "target-equals-source").is_empty());
        let s = "%(count)s files were saved";
        assert_eq!(run(s, s, "fr", "target-equals-source"), [s]);
        let s = "The meeting was cancelled at the last minute.";
        let t = "The meeting was cancelled at the very last minute.";
        assert_eq!(run(s, t, "fr", "untranslated-segment"), [t]);
        assert!(
            run(
                s,
                "La réunion a été annulée à la dernière minute.",
                "fr",
                "untranslated-segment"
            )
            .is_empty()
        );
    }

    #[test]
    fn copies_and_near_copies_are_one_failure() {
        use crate::finding::{Category, Severity};
        let engine = Engine::new(Vec::new());
        let en = crate::lang::language("en").unwrap();
        let fr = crate::lang::language("fr").unwrap();
        let ru = crate::lang::language("ru").unwrap();
        let src = "Please restart your computer now.";
        // The identical copy and the near-copy: same severity and category, one finding each,
        // a message that says what to do.
        for (tgt, rule) in [
            (src, "target-equals-source"),
            (
                "Please restart your computer right now.",
                "untranslated-segment",
            ),
            ("Please restart the computer now.", "untranslated-segment"),
        ] {
            let got = engine.check_pair(tgt, Some(src), Some(en), fr);
            assert_eq!(got.len(), 1, "{tgt}: {got:?}");
            let f = &got[0];
            assert_eq!(f.rule, rule, "{tgt}");
            // One failure, one severity: warning (13 of 14 sampled findings real).
            assert_eq!(
                (f.severity, f.category),
                (Severity::Warning, Category::Untranslated)
            );
            assert_eq!(f.span, 0..tgt.len());
            assert!(
                f.message.ends_with("Translate it into French."),
                "{}",
                f.message
            );
        }
        // Short ones too.
        assert_eq!(
            run(
                "Save the file.",
                "Save the files.",
                "fr",
                "untranslated-segment"
            ),
            ["Save the files."]
        );
        assert_eq!(
            run("Click here.", "Click here.", "fr", "target-equals-source"),
            ["Click here."]
        );
        // Into Russian, the copy is not reported again as foreign words or a language switch.
        let got = engine.check_pair(src, Some(src), Some(en), ru);
        assert_eq!(
            got.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
            ["target-equals-source"]
        );
        // Legitimate copies and near-copies stay quiet, identical or not: names, product names,
        // codes, numbers, one word.
        for (s, t) in [
            ("Apple Music", "Apple Music"),
            ("Apple Music for Windows", "Apple Music pour Windows"),
            ("Samsung Galaxy S21 Ultra", "Samsung Galaxy S21 Ultra"),
            ("https://example.com/docs", "https://example.com/docs"),
            ("1,500", "1 500"),
            ("Netflix", "Netflix"),
            ("Wi-Fi", "Wi-Fi"),
            ("Taxi Photo Restaurant", "Taxi Photo Restaurant"),
        ] {
            for rule in ["target-equals-source", "untranslated-segment"] {
                assert!(run(s, t, "fr", rule).is_empty(), "{rule}: {t}");
            }
        }
        // Names copied into a translated Russian sentence are not an English segment.
        let s = "Makeshift Munster crush Wasps in Champions Cup cracker";
        let t = "Самодельный Munster раздавить Wasps в Champions Cup cracker";
        assert!(run(s, t, "ru", "untranslated-segment").is_empty());
    }

    #[test]
    fn partial_translation() {
        let s = "The president signed the deal with the opposition yesterday.";
        let t = "Der Präsident unterzeichnete gestern the deal with the opposition.";
        // Copied prose is the precise part, `untranslated-phrase`.
        assert_eq!(
            run(s, t, "de", "untranslated-phrase"),
            ["the deal with the opposition"]
        );
        assert!(run(s, t, "de", "partial-translation").is_empty());
        let s = "The impeachment trial starts today.";
        assert_eq!(
            run(
                s,
                "Der Impeachment-Prozess beginnt heute.",
                "de",
                "partial-translation"
            ),
            ["Impeachment"]
        );
        // Names copied from the source are not untranslated text.
        let s = "Priti Patel met Boris Johnson in London.";
        assert!(
            run(
                s,
                "Priti Patel traf Boris Johnson in London.",
                "de",
                "partial-translation"
            )
            .is_empty()
        );
    }

    fn run_from(from: &str, src: &str, tgt: &str, lang: &str, rule: &str) -> Vec<String> {
        let engine = Engine::new(Vec::new());
        let s = crate::lang::language(from).unwrap();
        let l = crate::lang::language(lang).unwrap();
        engine
            .check_pair(tgt, Some(src), Some(s), l)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| tgt[f.span].to_string())
            .collect()
    }

    #[test]
    fn copied_prose_is_an_untranslated_phrase() {
        let rule = "untranslated-phrase";
        // Lower-case English words in a German sentence: prose left untranslated.
        let s = "Guess it's true what they say about the weather.";
        let t = "Ich schätze, es ist true what they say über das Wetter.";
        assert_eq!(run(s, t, "de", rule), ["true what they say"]);
        // Not reported again as a partial translation.
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // One lower-case word German does not know.
        let s = "She criticised the government for its frankly shambolic handling of the measure.";
        let t =
            "Sie kritisierte die Regierung für ihren „frankly shambolic“ Umgang mit der Maßnahme.";
        assert_eq!(run(s, t, "de", rule), ["frankly shambolic"]);
        // German words left in a French sentence.
        let s = "Im Vergleich zum Vortag war das ein Anstieg um satte 65 Prozent.";
        let t = "Par rapport à la veille, c'était une augmentation de satte 65 pour cent.";
        assert_eq!(run_from("de", s, t, "fr", rule), ["satte"]);
        let t = "Par rapport à la veille, c'était une hausse de 65 pour cent.";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        // English quoted in a German source stays English in the French translation; an
        // abbreviation is not a word left untranslated.
        let s = "Ein Low-Budget-Film ist laut Wikipedia a motion picture shot with little funding from a major film studio.";
        let t = "Selon Wikipédia, un film à petit budget est a motion picture shot with little funding from a major film studio.";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        let s = "Erhältlich im Set incl. Effect Primer und Staubbindetuch.";
        let t = "Disponible en kit incl. Effect Primer et chiffon anti-poussière.";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        // Words joined by a minus sign or a non-breaking hyphen make one run.
        let s = "Ultra-stable picture-in-picture capability.";
        let t = "Extrem stabile picture−in−picture Fähigkeit.";
        assert_eq!(run(s, t, "de", rule), ["picture−in−picture"]);
        // Loanwords German uses, and English words that are German words too, are German.
        let s = "The team and the manager will also put the software online.";
        let t = "Das Team und der Manager wollen die Software also online stellen.";
        assert!(run(s, t, "de", rule).is_empty());
    }

    #[test]
    fn titles_names_and_glosses_are_not_untranslated_phrases() {
        let rule = "untranslated-phrase";
        // The name of a programme: capitalised words linked by lower-case ones.
        let s = "Kudlow said on CNN's State of the Union that talks would go on.";
        let t =
            "Kudlow sagte in der CNN-Sendung „State of the Union“, die Gespräche gingen weiter.";
        assert!(run(s, t, "de", rule).is_empty());
        let s = "Figures from the Centers for Disease Control and Prevention show a rise.";
        let t = "Zahlen der Centers for Disease Control and Prevention zeigen einen Anstieg.";
        assert!(run(s, t, "de", rule).is_empty());
        // A quoted original glossed in parentheses right after.
        let s = "They chanted slogans such as \"No justice, no peace\".";
        let t =
            "Sie riefen Parolen wie „No justice, no peace“ (Keine Gerechtigkeit, kein Frieden).";
        assert!(run(s, t, "de", rule).is_empty());
        // A book title quoted in its original language.
        let s = "Da liegt noch das neue Buch auf dem Tisch: \"Ein alter Mann wird älter\".";
        let t = "Son nouveau livre est encore sur la table : \"Ein alter Mann wird älter\".";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        // The same words as running prose still fire.
        let t = "Son nouveau livre est encore sur la table, ein alter Mann wird älter.";
        assert_eq!(
            run_from("de", s, t, "fr", rule),
            ["ein alter Mann wird älter"]
        );
    }

    #[test]
    fn several_copied_english_words() {
        // Three or more distinct ordinary English words (lower case in the source) copied into
        // the German target: each could be a loanword, together they are English left in the
        // translation.
        let s = "She said the tools were used for scheduling, lending and shipping.";
        let t = "Sie sagte, die Tools würden für Scheduling, Lending und Shipping genutzt.";
        assert_eq!(
            run(s, t, "de", "partial-translation"),
            ["Scheduling", "Lending", "Shipping"]
        );
        // Names of institutions, capitalised in the source, are names kept as they are.
        let s = "The Census Bureau said the National Audit Office will review the figures.";
        let t = "Das Census Bureau sagte, das National Audit Office werde die Zahlen prüfen.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // So are job titles and titles of works quoted in the original.
        let s =
            "\"The internet is on fire,\" said Adam Meyers, Senior Vice President of Intelligence.";
        let t = "„Das Internet brennt“, sagte Adam Meyers, Senior Vice President of Intelligence.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        let s = "The Gilded Age premieres on HBO.";
        let t = "„The Gilded Age“ läuft ab Montag auf HBO.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // Names kept as they are lead in English only by the difference in corpus size: the
        // segment may count them, but they are never what is reported.
        let s = "Brown met Rodgers in Oregon and Iowa.";
        let t = "Brown traf Rodgers in Oregon und Iowa.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // One or two established loanwords are German, not untranslated text.
        let s = "The team had a meeting about the lockdown.";
        let t = "Das Team hatte ein Meeting über den Lockdown.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // A loanword whose German plural or singular the lexicon knows is German.
        let s = "The White House held political briefings on steroid use.";
        let t = "Das Weiße Haus hielt politische Briefings zum Einsatz von Steroid ab.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // An English plural the target does not use is still reported.
        assert_eq!(
            run(
                "You have 2 alerts.",
                "Vous avez 2 alerts.",
                "fr",
                "untranslated-phrase"
            ),
            ["alerts"]
        );
        // Acronyms do not count as English words.
        let s = "The NHS, the BBC and the FBI said the UN and NATO agreed.";
        let t = "Der NHS, die BBC und das FBI sagten, die UN und die NATO seien sich einig.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
    }

    #[test]
    fn english_political_abbreviations_in_german() {
        let f = crate::checks::testutil::flagged(
            "de",
            "Rep. Adam Schiff (D-Calif.) und Sen. Rand Paul (R-Ky.) widersprachen.",
            "de-english-political-abbrev",
        );
        assert_eq!(f, ["Rep.", "D-Calif.", "Sen.", "R-Ky."]);
        for quiet in [
            "Der Abgeordnete Adam Schiff (Demokrat, Kalifornien) widersprach.",
            "Johann Strauss sen. und Johann Strauss jun.",
            "Die CDU-Abgeordneten und die SPD stimmten zu.",
        ] {
            assert!(
                crate::checks::testutil::flagged("de", quiet, "de-english-political-abbrev")
                    .is_empty(),
                "{quiet}"
            );
        }
    }

    #[test]
    fn numbers_by_locale() {
        assert!(
            run(
                "It costs 1,000.5 dollars.",
                "Cela coûte 1 000,5 dollars.",
                "fr",
                "number-mismatch"
            )
            .is_empty()
        );
        assert!(
            run(
                "It costs 1,000 dollars.",
                "Es kostet 1.000 Dollar.",
                "de",
                "number-mismatch"
            )
            .is_empty()
        );
        assert_eq!(
            run(
                "He waited 15 minutes.",
                "Il a attendu 16 minutes.",
                "fr",
                "number-mismatch"
            )
            .len(),
            2
        );
        assert!(
            run(
                "He has 3 cats.",
                "Il a trois chats.",
                "fr",
                "number-mismatch"
            )
            .is_empty()
        );
        assert!(
            run(
                "Take {0} and %1$s.",
                "Prenez {0} et %1$s.",
                "fr",
                "number-mismatch"
            )
            .is_empty()
        );
    }

    #[test]
    fn numbers_written_another_way_are_the_same_numbers() {
        let quiet = [
            // Units written on, ordinals, 12-hour times, idioms, dates, numbers as words.
            (
                "The northwest will face gusts of up to 85mph from 9pm.",
                "Im Nordwesten kommt es ab 21 Uhr zu Böen von bis zu 85 Meilen pro Stunde.",
                "de",
            ),
            (
                "Delivery will normally be by 5.30pm next day.",
                "Die Lieferung erfolgt in der Regel bis 17.30 Uhr am nächsten Tag.",
                "de",
            ),
            (
                "It refers to the 17th century merchant Edward Colston.",
                "Он отсылает к купцу XVII века Эдварду Колстону.",
                "ru",
            ),
            (
                "Our chat service window is open 24/7.",
                "Unser Chat-Service ist rund um die Uhr geöffnet.",
                "de",
            ),
            (
                "Our chat service window is open 24/7.",
                "Наш чат открыт 24 часа в сутки 7 дней в неделю.",
                "ru",
            ),
            (
                "A young, energetic 18-year-old lad.",
                "Молодой, энергичный, восемнадцатилетний парень.",
                "ru",
            ),
            (
                "It has reached almost 4,000 companies.",
                "Оно достигло почти 4 тысяч компаний.",
                "ru",
            ),
            (
                "Anyone who tests positive for Covid-19 must isolate.",
                "Wer positiv auf COVID-19 getestet wird, muss in Isolation.",
                "de",
            ),
            (
                "Thin (0.3mm - 0.5mm) brushes.",
                "Dünne (0,3-0,5 mm) Bürsten.",
                "de",
            ),
            (
                "It was my 50th birthday in the 1800s.",
                "Es war mein 50. Geburtstag im 19. Jahrhundert.",
                "de",
            ),
        ];
        for (s, t, l) in quiet {
            assert!(run(s, t, l, "number-mismatch").is_empty(), "{t}");
        }
        // A changed number, a dropped one and a mangled amount still fire.
        let s = "Delivery will normally be by 5.30pm next day.";
        let t = "Die Lieferung erfolgt in der Regel bis 18.30 Uhr am nächsten Tag.";
        assert_eq!(run(s, t, "de", "number-mismatch"), [t, "18.30"]);
        let s = "Avalanche at Washington state ski resort kills 1, traps 5";
        let t = "Lawinenabgang im US-Bundesstaat Washington tötet 1,5 Tonnen";
        assert_eq!(run(s, t, "de", "number-mismatch"), [t, "1,5"]);
        let s = "The total number of vaccines injected reached 109,990,742 doses.";
        let t = "Общее количество прививок достигло 99 990 742 доз.";
        assert_eq!(run(s, t, "ru", "number-mismatch"), [t, "99 990 742"]);
        let s = "The resort encompasses 2,600 acres (1,052 hectares).";
        let t = "Das Skigebiet hat eine Fläche von 1.052 Hektar.";
        assert_eq!(run(s, t, "de", "number-mismatch"), [t]);
    }

    /// Findings of `rule` for a source in a language without a pack (Chinese).
    fn run_unknown_source(src: &str, tgt: &str, lang: &str, rule: &str) -> Vec<String> {
        let engine = Engine::new(Vec::new());
        let l = crate::lang::language(lang).unwrap();
        engine
            .check_pair(tgt, Some(src), None, l)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| tgt[f.span].to_string())
            .collect()
    }

    #[test]
    fn chinese_numerals_and_scales_are_numbers() {
        let rule = "number-mismatch";
        let quiet = [
            // 万 = 10,000 and 亿 = 100 million after digits, “more than” (多) between or not.
            (
                "据初步统计，吉林省2018年城市生活垃圾产生量约546.52万吨。",
                "According to preliminary statistics, Jilin Province produced about 5.4652 million tons of urban waste in 2018.",
            ),
            (
                "比利时有1100多万人口。",
                "Belgium has a population of more than 11 million.",
            ),
            (
                "洪涝灾害已导致直接经济损失100.7亿元、受灾面积1316.9万亩。",
                "The floods caused direct losses of 10.07 billion yuan and affected 13.169 million mu.",
            ),
            // The first number of a range takes the unit of the second.
            (
                "单这一条线路年送电就将达到600至850亿千瓦时。",
                "This line alone will deliver 60 to 85 billion kilowatt-hours a year.",
            ),
            // Numbers written in Chinese numerals, approximate ranges, tenths.
            (
                "还会有来自中国体育界各个领域的十位佼佼者。",
                "There will also be 10 outstanding people from all fields of Chinese sports.",
            ),
            (
                "党的十八大以来，中国发展取得历史性成就。",
                "Since the 18th National Congress, China has made historic achievements.",
            ),
            (
                "在荒碱滩上安营，一干就是四五十天。",
                "They camped on the alkaline beach for 40 to 50 days.",
            ),
            (
                "在支付宝平台上持有基金的用户中，6成是男性。",
                "60% of the users who hold funds on the Alipay platform are men.",
            ),
            // Times: 5时30分, 四点半, 零点, full-width colons.
            (
                "最佳起床时间是5时30分至6时30分。",
                "The best time to wake up is from 5:30 to 6:30.",
            ),
            (
                "布展到凌晨四点半。",
                "I was busy with placement until 4:30 am.",
            ),
            (
                "从当地时间26日零点起，入境者必须隔离14天。",
                "From 0:00 local time on the 26th, people entering must be isolated for 14 days.",
            ),
            (
                "首播时间：周一至周日12：00-13:00。",
                "First broadcast: Monday to Sunday 12:00-13:00.",
            ),
            // A number the target repeats, and the number one rendered by a word.
            (
                "展览日期由2019年9月29日至10月10日。",
                "The exhibition runs from September 29, 2019 to October 10, 2019.",
            ),
            (
                "双双跌破1美元兑人民币7.0元关口。",
                "Both fell below the mark of 7.0 yuan per US dollar.",
            ),
            // One o'clock written as a word.
            ("1时抵达。", "He arrived at one o'clock."),
        ];
        for (s, t) in quiet {
            assert!(run_unknown_source(s, t, "en", rule).is_empty(), "{t}");
        }
        // Altered amounts still fire.
        let s = "比利时有1100多万人口。";
        let t = "Belgium has a population of more than 1.1 million.";
        assert_eq!(run_unknown_source(s, t, "en", rule), [t, "1.1"]);
        let s = "还会有来自中国体育界各个领域的十位佼佼者。";
        let t = "There will also be 12 outstanding people from all fields of Chinese sports.";
        assert_eq!(run_unknown_source(s, t, "en", rule), ["12"]);
        let s = "最佳起床时间是5时30分至6时30分。";
        let t = "The best time to wake up is from 5:30 to 7:30.";
        assert_eq!(run_unknown_source(s, t, "en", rule), [t, "7:30"]);
        let s = "该银行人民币买入价为3211越盾。";
        let t = "The bank's RMB purchase price was VND 32113211.";
        assert_eq!(run_unknown_source(s, t, "en", rule), [t, "32113211"]);
    }

    #[test]
    fn codes_are_not_quantities() {
        let rule = "number-mismatch";
        // “2G” (the German vaccination rule) and “0815” (“run-of-the-mill”) are codes, rendered
        // by words.
        let s = "Der Handel fürchtet wegen der 2G-Regelung ums Weihnachtsgeschäft.";
        let t = "Le commerce s'inquiète pour les ventes de Noël à cause de la règle VR.";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        let s = "Ein 0815 Werbesender, der versucht, seinen Merch zu verkaufen.";
        let t = "Une station de publicité banale qui essaie de vendre ses produits.";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        // A quantity is still one.
        let s = "Händler verloren in 2 Wochen ein Drittel ihres Umsatzes.";
        let t = "Les commerçants ont perdu un tiers de leurs ventes en 4 semaines.";
        assert_eq!(run_from("de", s, t, "fr", rule), [t, "4"]);
    }

    #[test]
    fn a_percent_sign_is_not_a_printf_placeholder() {
        let s = "Despite being down almost 60% from its high, it stands at $20 billion.";
        let t =
            "Trotz des Rückgangs um fast 60% seit dem Allzeithoch steht sie bei 20 Milliarden $.";
        assert!(run(s, t, "de", "placeholder-mismatch").is_empty());
        let t = "Malgré une baisse de près de 60 % de son plus haut, elle vaut 20 milliards de dollars.";
        assert!(run(s, t, "fr", "placeholder-mismatch").is_empty());
        // A real printf placeholder still counts.
        let s = "Deleted %d files from %s.";
        assert_eq!(
            run(s, "Fichiers supprimés de %s.", "fr", "placeholder-mismatch"),
            ["Fichiers supprimés de %s."]
        );
    }

    #[test]
    fn i18n_placeholder_syntaxes() {
        let pm = "placeholder-mismatch";
        for (s, quiet, fires, flagged) in [
            // ICU: the plural argument is a placeholder; the branches are text, and a language
            // with more plural forms repeats `{count}` more often.
            (
                "{count, plural, one {{count} file was deleted} other {{count} files were deleted}}",
                "{count, plural, one {{count} fichier supprimé} many {{count} de fichiers supprimés} other {{count} fichiers supprimés}}",
                "{count} fichiers supprimés",
                "{count} fichiers supprimés",
            ),
            (
                "{gender, select, female {She replied} other {They replied}}",
                "{gender, select, female {Elle a répondu} other {Iel a répondu}}",
                "Elle a répondu",
                "Elle a répondu",
            ),
            // i18next interpolation and nesting.
            (
                "Hello {{name}}, see $t(common.help).",
                "Bonjour {{name}}, voir $t(common.help).",
                "Bonjour {{name}}, voir l’aide.",
                "Bonjour {{name}}, voir l’aide.",
            ),
            // printf with positions and length modifiers, Apple `%@`.
            (
                "%1$@ sent you %2$lld messages.",
                "%1$@ vous a envoyé %2$lld messages.",
                "%1$@ vous a envoyé %2$d messages.",
                "%2$d",
            ),
            // Rails.
            (
                "Welcome, %{user_name}!",
                "Bienvenue, %{user_name} !",
                "Bienvenue, %{nom} !",
                "%{nom}",
            ),
            // Fluent variables, terms and selectors.
            (
                "{ -brand-name } has { $count } new messages.",
                "{ -brand-name } a { $count } nouveaux messages.",
                "{ -brand-name } a de nouveaux messages.",
                "{ -brand-name } a de nouveaux messages.",
            ),
            (
                "{ $count ->\n    [one] One tab\n   *[other] { $count } tabs\n}",
                "{ $count ->\n    [one] Un onglet\n    [many] { $count } d’onglets\n   *[other] { $count } onglets\n}",
                "Des onglets",
                "Des onglets",
            ),
        ] {
            assert!(run(s, quiet, "fr", pm).is_empty(), "{quiet}");
            assert!(
                run(s, fires, "fr", pm).contains(&flagged.to_string()),
                "{fires}: {:?}",
                run(s, fires, "fr", pm)
            );
        }
        // `%le` in prose is not a printf conversion with a length modifier.
        assert!(crate::checks::bilingual::placeholders_in("Le taux %le plus bas").is_empty());
    }

    #[test]
    fn printf_flags_and_named_placeholder_order_are_not_mismatches() {
        let fr = crate::lang::language("fr").unwrap();
        let run = |source: &str, target: &str| {
            let mut ctx = Ctx::new(target, fr);
            ctx.source = Some(source);
            let mut out = Vec::new();
            placeholders(&ctx, source, &mut out);
            out.len()
        };
        // rails-i18n fr.yml: the day without padding, and `%{model}` moved before `%{count}`.
        assert_eq!(run("%B %d, %Y", "%-d %B %Y"), 0);
        assert_eq!(run("%05d items", "%5d éléments"), 0);
        assert_eq!(
            run(
                "%{count} errors prohibited this %{model} from being saved",
                "%{count} erreurs ont empêché ce(tte) %{model} d'être sauvegardé(e)"
            ),
            0
        );
        assert_eq!(
            run(
                "%{count} errors prohibited this %{model} from being saved",
                "Ce(tte) %{model} : %{count} erreurs"
            ),
            0
        );
        // Unnumbered printf conversions still keep their order, and a lost one is reported.
        assert_eq!(run("%s has %d files", "%d fichiers pour %s"), 1);
        assert_eq!(run("%B %d, %Y", "%B %Y"), 1);
        assert_eq!(run("%1$s", "%1$-s"), 0);
    }

    #[test]
    fn a_plural_form_may_show_the_count_its_source_form_leaves_out() {
        let fr = crate::lang::language("fr").unwrap();
        let run = |plural_form: bool, source: &str, target: &str| {
            let mut ctx = Ctx::new(target, fr);
            ctx.source = Some(source);
            ctx.marks.plural_form = plural_form;
            let mut out = Vec::new();
            placeholders(&ctx, source, &mut out);
            out.len()
        };
        // Android `<item quantity="one">`: English leaves the number out, French `one` needs it.
        let (en, fr_one) = (
            "Do you really want to delete this message?",
            "Voulez-vous supprimer {g1}%1$d{/g1} courriel ?",
        );
        assert_eq!(run(true, en, fr_one), 0);
        // The same strings as plain segments: the added placeholders are reported.
        assert_eq!(run(false, en, fr_one), 3);
        // A plural form that loses the source's placeholder is still reported …
        assert_eq!(run(true, "%d files deleted", "Fichiers supprimés"), 1);
        // … unless it is the form of a single quantity, which may write the number as a word.
        let mut ctx = Ctx::new("environ une heure", fr);
        ctx.marks.plural_form = true;
        ctx.marks.single_quantity = true;
        let mut out = Vec::new();
        placeholders(&ctx, "about %{count} hour", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn plural_variants_compare_placeholders_not_counts() {
        // Three Russian plural forms against two English ones: {{ limit }} appears 3 times.
        let s = "It should have {{ limit }} character.|It should have {{ limit }} characters.";
        let t = "Не более {{ limit }} символа.|Не более {{ limit }} символов.|Не более {{ limit }} символов.";
        assert!(run(s, t, "ru", "placeholder-mismatch").is_empty());
        let t = "Не более символа.|Не более {{ max }} символов.|Не более символов.";
        assert_eq!(run(s, t, "ru", "placeholder-mismatch"), [t, "{{ max }}"]);
        let engine = Engine::new(Vec::new());
        let (en, ru) = (
            crate::lang::language("en").unwrap(),
            crate::lang::language("ru").unwrap(),
        );
        let msgs: Vec<String> = engine
            .check_pair(t, Some(s), Some(en), ru)
            .into_iter()
            .filter(|f| f.rule == "placeholder-mismatch")
            .map(|f| f.message)
            .collect();
        // The missing placeholder is named once, however often the source repeats it.
        assert!(
            msgs.contains(&"The target lacks the source's {{ limit }}.".to_string()),
            "{msgs:?}"
        );
    }

    #[test]
    fn original_names_in_parentheses_are_glosses() {
        let s = "He was retired by the Central Board of Indirect Taxes and Customs (CBIC).";
        let t = "Er wurde von der Zentralbehörde für indirekte Steuern und Zoll (Central Board of Indirect Taxes and Customs – CBIC) pensioniert.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // Unglossed, the capitalised name is a name kept as it is: not reported.
        let t = "Er wurde vom Central Board of Indirect Taxes and Customs (CBIC) pensioniert.";
        assert!(run(s, t, "de", "partial-translation").is_empty());
        // Prose glossed in parentheses is quiet too; left alone, it is an untranslated phrase.
        let s = "He retired when the board cut his pension for minor procedural violations.";
        let t = "Er ging in Ruhestand, als die Behörde seine Pension wegen geringfügiger Verfahrensverstöße („minor procedural violations“) kürzte.";
        assert!(run(s, t, "de", "untranslated-phrase").is_empty());
        let t = "Er ging in Ruhestand, als die Behörde seine Pension wegen minor procedural violations kürzte.";
        assert_eq!(
            run(s, t, "de", "untranslated-phrase"),
            ["minor procedural violations"]
        );
    }

    #[test]
    fn closing_quotes_and_currency_amounts_are_not_mismatches() {
        // German closes a quotation with “ after the full stop.
        let s = "\"He would say he wanted his life to be the greatest mystery on Earth.\"";
        let t = "„Er sagte immer, er wolle das größte Mysterium auf Erden sein.“";
        assert!(run(s, t, "de", "end-punctuation").is_empty());
        let t = "„Er sagte immer, er wolle das größte Mysterium auf Erden sein“";
        assert_eq!(run(s, t, "de", "end-punctuation"), ["“"]);
        // "$1.9 billion" is 1,9 Milliarden Dollar; "$54 or $0" is 54 oder 0 Dollar.
        let s = "A $1.9 billion settlement about a $54 or $0 claim.";
        let t = "Ein Vergleich über 1,9 Milliarden Dollar zu einer Forderung von 54 oder 0 Dollar.";
        assert!(run(s, t, "de", "number-mismatch").is_empty());
        let t = "Ein Vergleich über 1,8 Milliarden Dollar zu einer Forderung von 54 oder 0 Dollar.";
        assert_eq!(run(s, t, "de", "number-mismatch"), [t, "1,8"]);
        // Positional printf placeholders stay out of the numbers.
        assert!(run("%1$s of %2$s", "%1$s sur %2$s", "fr", "number-mismatch").is_empty());
    }

    #[test]
    fn a_lost_final_mark_is_precise() {
        let rule = "end-punctuation-lost";
        // An English headline in title case needs no final stop; a sentence does.
        let s = "王毅：中国从未缺席帮助非洲实现和平与安全。";
        let t = "Wang Yi: China Never Absent from Helping Africa Achieve Peace and Security";
        assert!(run(s, t, "en", rule).is_empty());
        let t = "Wang Yi said that China has never been absent from helping Africa";
        assert_eq!(run(s, t, "en", rule), ["a"]);
        // The target stops at a word where the source ends a sentence or a question.
        assert_eq!(
            run(
                "Tap Device information.",
                "Tippe Geräteinformationen",
                "de",
                rule
            ),
            ["n"]
        );
        let s = "Wann lief die Frist ab?";
        assert_eq!(
            run_from("de", s, "Quand la date limite a-t-elle expiré", "fr", rule),
            ["é"]
        );
        // An abbreviation's dot, or a final mark added or changed, is the info rule's business.
        let s = "Leuchtdauer max. 10 Std.";
        let t = "Durée d'éclairage maximale 10 heures";
        assert!(run_from("de", s, t, "fr", rule).is_empty());
        assert_eq!(run_from("de", s, t, "fr", "end-punctuation"), ["s"]);
        let s = "He lives in the U.S.";
        assert!(run(s, "Il vit aux États-Unis", "fr", rule).is_empty());
        assert!(run("Breaking news", "Dernière minute.", "fr", rule).is_empty());
        assert!(run("Are you sure?", "Êtes-vous sûr.", "fr", rule).is_empty());
    }

    #[test]
    fn placeholders_and_tags() {
        assert!(
            run(
                "Hello %s, you have %d mails.",
                "Bonjour %s, vous avez %d courriels.",
                "fr",
                "placeholder-mismatch"
            )
            .is_empty()
        );
        assert_eq!(
            run("Hello {name}!", "Bonjour !", "fr", "placeholder-mismatch"),
            ["Bonjour !"]
        );
        assert_eq!(
            run("Hello!", "Bonjour {name} !", "fr", "placeholder-mismatch"),
            ["{name}"]
        );
        assert_eq!(
            run("%s of %d", "%d sur %s", "fr", "placeholder-mismatch"),
            ["%d"]
        );
        assert!(
            run(
                "Click {g1}here{/g1}.",
                "Cliquez {g1}ici{/g1}.",
                "fr",
                "placeholder-mismatch"
            )
            .is_empty()
        );
        assert_eq!(
            run(
                "Click <b>here</b>.",
                "Cliquez ici</b>.",
                "fr",
                "placeholder-mismatch"
            ),
            ["Cliquez ici</b>."]
        );
        // Key names in angle brackets are text, not markup.
        assert!(
            run(
                "Press <Enter>.",
                "Appuyez sur <Entrée>.",
                "fr",
                "placeholder-mismatch"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_url_ends_before_chinese_punctuation() {
        let src = "应征青年可以通过全国征兵网（网址：http://www.gfbzb.gov.cn）查询直招士官条件。";
        let quiet = "Young people can check the conditions on the national recruitment website (http://www.gfbzb.gov.cn).";
        assert!(run(src, quiet, "en", "url-mismatch").is_empty());
        let changed =
            "Young people can check the conditions on the website (http://www.gfbzb.gov.com).";
        assert_eq!(
            run(src, changed, "en", "url-mismatch"),
            ["http://www.gfbzb.gov.com"]
        );
    }

    #[test]
    fn urls_end_punctuation_and_whitespace() {
        assert_eq!(
            run(
                "See https://example.com/a.",
                "Voir https://example.org/a.",
                "fr",
                "url-mismatch"
            ),
            ["https://example.org/a"]
        );
        assert!(
            run(
                "Mail a@b.com now.",
                "Écrivez à a@b.com maintenant.",
                "fr",
                "url-mismatch"
            )
            .is_empty()
        );
        assert_eq!(run("Settings:", "Paramètres.", "fr", "end-punctuation"), ["."]);
        // A question made a statement: question-lost's, one finding for one mark.
        assert!(run("Are you sure?", "Êtes-vous sûr.", "fr", "end-punctuation").is_empty());
        assert_eq!(
            run("Are you sure?", "Êtes-vous sûr.", "fr", "question-lost"),
            ["."]
        );
        assert!(run("Are you sure?", "Êtes-vous sûr ?", "fr", "end-punctuation").is_empty());
        assert!(
            run(
                "He said “yes.”",
                "Il a dit « oui. »",
                "fr",
                "end-punctuation"
            )
            .is_empty()
        );
        assert_eq!(run(" Name:", "Nom :", "fr", "whitespace-mismatch"), ["N"]);
        assert_eq!(run("Name ", "Nom", "fr", "whitespace-mismatch"), ["m"]);
    }

    #[test]
    fn foreign_words_copied_from_the_source_or_not() {
        let engine = Engine::new(Vec::new());
        let (en, ru) = (
            crate::lang::language("en").unwrap(),
            crate::lang::language("ru").unwrap(),
        );
        let f = engine.check_pair(
            "Откройте dashboard сейчас.",
            Some("Open the dashboard now."),
            Some(en),
            ru,
        );
        let w = f.iter().find(|f| f.rule == "foreign-word").unwrap();
        assert!(
            w.message.ends_with("It is copied from the source."),
            "{}",
            w.message
        );
        let f = engine.check_pair(
            "Откройте widget сейчас.",
            Some("Open the panel now."),
            Some(en),
            ru,
        );
        let w = f.iter().find(|f| f.rule == "foreign-word").unwrap();
        assert!(w.message.contains("hallucinated"), "{}", w.message);
    }

    #[test]
    fn fuzzy_segments_are_reported() {
        let engine = Engine::new(Vec::new());
        let fr = crate::lang::language("fr").unwrap();
        let mut seg = crate::input::Segment::plain("1", "Enregistrez le fichier.", 1, 1, 0);
        assert!(engine.check_unit(&seg, None, fr).is_empty());
        seg.fuzzy = true;
        let f = engine.check_unit(&seg, None, fr);
        assert_eq!(f[0].rule, "fuzzy-segment");
    }

    #[test]
    fn nothing_without_a_source() {
        let engine = Engine::new(Vec::new());
        let fr = crate::lang::language("fr").unwrap();
        let f = engine.check_segment("", fr);
        assert!(f.is_empty());
    }
}
