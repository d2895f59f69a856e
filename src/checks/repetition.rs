//! Repetition loops, the hallucination neural MT is known for: a phrase repeated back to back
//! ("of the of the of the"), one word four times or more, a sentence said twice in one segment,
//! and, with a source, a phrase the target repeats far more often than anything in the source.
//! One word said twice is `doubled-word`'s case (with each language's legitimate doublings).

use super::doubled_word::same_lowercase;
use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use crate::text;
use std::collections::HashMap;
use unicode_script::{Script, UnicodeScript};

/// See `repetition` in data/rules.toml.
pub struct Repetition;

/// Longest phrase, in words, looked for.
const MAX_N: usize = 6;
/// A single word repeated back to back this many times is a loop (twice is `doubled-word`;
/// three times is still a stylistic choice: "no, no, no", "very very very").
const WORD_LOOP: usize = 4;
/// A sentence counts for the repeated-sentence test from this many words on.
const SENTENCE_MIN_WORDS: usize = 4;
/// With a source: a phrase of at least this many words repeated this often in the target.
const SOURCE_N: usize = 3;
const SOURCE_TIMES: usize = 3;

impl Check for Repetition {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::Repetition]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // A source that repeats itself ("Grenzschutz, Grenzschutz, Grenzschutz") is translated
        // faithfully when the target does too.
        if ctx.source.is_some_and(repeats_itself) {
            return;
        }
        let before = out.len();
        loops(ctx, out);
        sentences(ctx, out);
        if out.len() == before
            && let Some(src) = ctx.source
        {
            against_source(ctx, src, out);
        }
    }
}

/// Whether words `a` and `b` of the segment are the same word, case aside (no allocation).
fn same(ctx: &Ctx<'_>, a: usize, b: usize) -> bool {
    same_lowercase(ctx.word(a), ctx.word(b))
}

/// Whether the words `a..b` are joined by white space only (no punctuation, no line break).
fn joined(ctx: &Ctx<'_>, a: usize, b: usize) -> bool {
    (a + 1..b).all(|k| {
        let g = ctx.gap_before(k);
        !g.is_empty() && !g.contains('\n') && g.chars().all(char::is_whitespace)
    })
}

/// Phrases of 1–6 words repeated back to back.
fn loops(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let w = &ctx.words;
    let mut i = 0;
    'outer: while i < w.len() {
        for n in 1..=MAX_N {
            if i + 2 * n > w.len() {
                break;
            }
            if !(i..i + n).any(|k| w[k].has_letters()) {
                continue;
            }
            // A phrase of one word said n times is the one-word case, counted there.
            if n > 1 && (i + 1..i + n).all(|k| same(ctx, k, i)) {
                continue;
            }
            let mut times = 1;
            while i + (times + 1) * n <= w.len()
                && (0..n).all(|k| same(ctx, i + k, i + times * n + k))
            {
                times += 1;
            }
            let needed = if n == 1 { WORD_LOOP } else { 2 };
            if times < needed || !joined(ctx, i, i + times * n) {
                continue;
            }
            // Lower-cased only now, for the few candidates.
            let unit: Vec<String> = (i..i + n).map(|k| ctx.word(k).to_lowercase()).collect();
            // The language's legitimate doublings ("ha ha", "bye bye", "very very") are owned by
            // its pack (`doubled_ok`), for loops as for doubled words.
            if n == 1 && ctx.lang.doubled_ok.contains(&unit[0]) {
                continue;
            }
            // "and more and more", "bigger and bigger": a two-word phrase with a coordinating
            // conjunction is a progression, not a loop.
            if n == 2 && unit.iter().any(|u| ctx.lang.coordinators.contains(u)) {
                continue;
            }
            // "again and again and again", "more and more and more": a chain that closes on the
            // phrase's first word (or opens on its last) is a coordinated repetition written on
            // purpose.
            if n > 1
                && ((i + times * n < w.len() && same(ctx, i + times * n, i))
                    || (i > 0 && same(ctx, i - 1, i + n - 1)))
            {
                continue;
            }
            let span = w[i].span.start..w[i + times * n - 1].span.end;
            if ctx.is_protected(&span) {
                continue;
            }
            // Two-word phrases said twice need some weight: "ha ha ha ha" is laughter, and a
            // capitalised phrase said twice is a name or a title ("Bora Bora", "New York New York").
            if n == 2 && times == 2 {
                let letters: u32 = (i..i + n).map(|k| w[k].letters).sum();
                if letters < 5 || (i..i + n).all(|k| w[k].capitalized) {
                    continue;
                }
            }
            let phrase = &ctx.text[w[i].span.start..w[i + n - 1].span.end];
            out.push(
                finding(
                    Rule::Repetition,
                    span,
                    format!(
                        "“{phrase}” is repeated {times} times back to back: an MT repetition loop."
                    ),
                )
                .with_suggestion(phrase),
            );
            i += times * n;
            continue 'outer;
        }
        i += 1;
    }
}

/// Whether `text` repeats a word or phrase back to back, punctuation between allowed.
fn repeats_itself(text: &str) -> bool {
    // The last 2 × MAX_N words with letters, lower-cased: a phrase of n words followed by itself
    // ends at some word, where the last 2n words are its two halves. The words of a long source
    // are read a piece at a time, never all at once.
    let mut last: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    let mut found = false;
    text::each_word_in_pieces(text, |w, piece, _| {
        if found || !w.has_letters() {
            return;
        }
        if last.len() == 2 * MAX_N {
            last.pop_front();
        }
        last.push_back(w.text(piece).to_lowercase());
        let len = last.len();
        found = (1..=MAX_N).any(|n| {
            len >= 2 * n && (0..n).all(|k| last[len - 2 * n + k] == last[len - n + k])
        });
    });
    found
}

/// A sentence of four words or more said twice in one segment. Sentences are compared word by
/// word (the segment's own words, case aside; punctuation and spacing do not count).
fn sentences(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let spans = text::sentences(ctx.text);
    if spans.len() < 2 {
        return;
    }
    // Each sentence: its trimmed span and the range of its words in `ctx.words`.
    let mut next = 0;
    let mut sents: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for s in &spans {
        while next < ctx.words.len() && ctx.words[next].span.start < s.start {
            next += 1;
        }
        let first = next;
        while next < ctx.words.len() && ctx.words[next].span.end <= s.end {
            next += 1;
        }
        let raw = &ctx.text[s.clone()];
        let start = s.start + (raw.len() - raw.trim_start().len());
        sents.push((start..start + raw.trim().len(), first..next));
    }
    let equal = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        a.len() == b.len() && a.clone().zip(b.clone()).all(|(x, y)| same(ctx, x, y))
    };
    for (k, (span, words)) in sents.iter().enumerate() {
        if words.len() < SENTENCE_MIN_WORDS || ctx.is_protected(span) {
            continue;
        }
        let said_before = sents[..k]
            .iter()
            .any(|(s, w)| equal(w, words) && !ctx.is_protected(s));
        if said_before {
            out.push(finding(
                Rule::Repetition,
                span.clone(),
                "This sentence was already said in this segment: an MT repetition.".to_string(),
            ));
        }
    }
}

/// How often the most repeated phrase of `n` words or more (up to [`MAX_N`]) occurs in `words`,
/// with its first position and length; phrases need a word of four letters or more.
fn most_repeated(words: &[String], n: usize) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    for len in n..=MAX_N {
        let mut counts: HashMap<&[String], (usize, usize)> = HashMap::new();
        for i in 0..words.len().saturating_sub(len - 1) {
            let g = &words[i..i + len];
            if !g
                .iter()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            {
                continue;
            }
            let e = counts.entry(g).or_insert((0, i));
            e.0 += 1;
        }
        for (_, (c, i)) in counts {
            if c > best.0 || (c == best.0 && i < best.1) {
                best = (c, i, len);
            }
        }
    }
    best
}

/// With a source: a phrase of three words or more that the target repeats at least three times
/// when nothing in the source is repeated nearly as often (oscillatory hallucination).
fn against_source(ctx: &Ctx<'_>, src: &str, out: &mut Vec<Finding>) {
    if ctx.words.len() < SOURCE_N * SOURCE_TIMES {
        return;
    }
    let lower: Vec<String> = (0..ctx.words.len())
        .map(|i| ctx.word(i).to_lowercase())
        .collect();
    let (times, at, len) = most_repeated(&lower, SOURCE_N);
    if times < SOURCE_TIMES {
        return;
    }
    let mut src_words: Vec<String> = Vec::new();
    text::each_word_in_pieces(src, |w, piece, _| {
        src_words.push(w.text(piece).to_lowercase())
    });
    // A source not written with spaces between words (Chinese, Japanese, Thai) has no phrases to
    // count here: its repetitions cannot be compared.
    let unspaced = src
        .chars()
        .filter(|c| {
            matches!(
                c.script(),
                Script::Han
                    | Script::Hiragana
                    | Script::Katakana
                    | Script::Thai
                    | Script::Lao
                    | Script::Khmer
                    | Script::Myanmar
            )
        })
        .count();
    if unspaced * 3 > src.chars().count() {
        return;
    }
    let (src_times, _, _) = most_repeated(&src_words, SOURCE_N);
    if src_times + 1 >= times {
        return;
    }
    let w = &ctx.words;
    let span = w[at].span.start..w[at + len - 1].span.end;
    if ctx.is_protected(&span) {
        return;
    }
    let phrase = &ctx.text[span.clone()];
    let longer = if ctx.text.len() > 2 * src.len() {
        format!(
            ", and the target is {:.1} times as long as its source",
            ctx.text.len() as f64 / src.len().max(1) as f64
        )
    } else {
        String::new()
    };
    out.push(finding(
        Rule::Repetition,
        span,
        format!(
            "“{phrase}” occurs {times} times in the target while the source repeats nothing like \
             it{longer}: an MT repetition loop."
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::{flagged, run_pair};

    #[test]
    fn phrase_loops_fire() {
        assert_eq!(
            flagged(
                "en",
                "He was one of the of the of the best players.",
                "repetition"
            ),
            ["of the of the of the"]
        );
        assert_eq!(
            flagged(
                "fr",
                "Le gouvernement a décidé de de de de reporter la réunion.",
                "repetition"
            ),
            ["de de de de"]
        );
        assert_eq!(
            flagged(
                "de",
                "Die Regierung hat die Entscheidung die Entscheidung vertagt.",
                "repetition"
            ),
            ["die Entscheidung die Entscheidung"]
        );
    }

    #[test]
    fn legitimate_repetitions_stay_quiet() {
        for (lang, t) in [
            ("fr", "Nous nous sommes vus hier."),
            ("de", "Das, das du sagst, stimmt."),
            ("en", "It was very very good."),
            ("en", "No, no, no, that is not what I said."),
            ("en", "They flew to Bora Bora last week."),
            ("en", "Ha ha ha ha, very funny."),
            ("ru", "Он чуть-чуть опоздал, совсем чуть-чуть."),
            ("en", "He said it again and again and again."),
            ("fr", "Il y a des gens qui disent que que ce soit."),
            ("en", "The file is at https://example.com/a/a/a/a/b today."),
        ] {
            assert!(flagged(lang, t, "repetition").is_empty(), "{t}");
        }
    }

    #[test]
    fn progressions_and_faithful_repetitions_stay_quiet() {
        let t =
            "Alipay says that more and more young people save, and more and more of them invest.";
        assert!(flagged("en", t, "repetition").is_empty());
        let src = "Die Linie „Grenzschutz, Grenzschutz, Grenzschutz“ macht eine Einigung schwerer.";
        let tgt = "La ligne « protection des frontières protection des frontières » rend un accord plus difficile.";
        assert!(run_pair("fr", tgt, Some(src), "repetition").is_empty());
        assert_eq!(flagged("fr", tgt, "repetition").len(), 1);
    }

    #[test]
    fn a_sentence_said_twice_fires() {
        let t = "The meeting was postponed until Friday. The meeting was postponed until Friday.";
        assert_eq!(
            flagged("en", t, "repetition"),
            ["The meeting was postponed until Friday."]
        );
        let quiet = "Thank you. Thank you. The meeting was postponed until Friday.";
        assert!(flagged("en", quiet, "repetition").is_empty());
    }

    #[test]
    fn with_a_source_a_phrase_repeated_more_than_in_the_source_fires() {
        let src = "The company reported strong growth in the third quarter.";
        let tgt = "Das Unternehmen meldete ein starkes Wachstum im dritten Quartal, ein starkes \
                   Wachstum im dritten Quartal, ein starkes Wachstum im dritten Quartal.";
        let got = run_pair("de", tgt, Some(src), "repetition");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].message.contains("3 times"), "{}", got[0].message);
        // A source that repeats itself the same way is translated faithfully.
        let src2 = "Strong growth in the third quarter, strong growth in the third quarter, \
                    strong growth in the third quarter.";
        assert!(run_pair("de", tgt, Some(src2), "repetition").is_empty());
        // A Chinese source has no spaces to count its own parallelisms by: no comparison.
        let zh =
            "白皮书强调，这是一条从国情出发的道路，一条以人民为中心的道路，一条改革创新的道路。";
        let en = "The white paper stresses that this is a path of the people, a path of the people \
                  and reform, a path of the people and innovation.";
        assert!(run_pair("en", en, Some(zh), "repetition").is_empty());
    }
}
