//! The same word twice in a row ("le le", "and and"), except each language's legitimate doublings.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;

/// See `doubled-word` in data/rules.toml.
pub struct DoubledWord;

impl Check for DoubledWord {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::DoubledWord]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for i in 1..ctx.words.len() {
            let (a, b) = (&ctx.words[i - 1], &ctx.words[i]);
            if !a.has_letters() || a.digits > 0 || b.len_differs(a) {
                continue;
            }
            let gap = ctx.gap_before(i);
            if gap.is_empty() || !gap.chars().all(char::is_whitespace) || gap.contains('\n') {
                continue;
            }
            let (ta, tb) = (ctx.word(i - 1), ctx.word(i));
            if !same_lowercase(ta, tb) {
                continue;
            }
            // "Li Li", "Ni Ni": capitalised pairs inside a sentence are names.
            if b.capitalized && !at_sentence_start(ctx.text, a.span.start) {
                continue;
            }
            // "что что-то", "classe D d'une": the second word is part of a longer word (a
            // hyphenated compound, an elision), not a repetition of the first.
            if i + 1 < ctx.words.len()
                && matches!(ctx.gap_after(i), "-" | "‐" | "'" | "’")
                && ctx.words[i + 1].has_letters()
            {
                continue;
            }
            let lower = ta.to_lowercase();
            if ctx.lang.doubled_ok.contains(&lower)
                || legitimate_in_context(ctx, i, &lower)
                || ctx.is_protected(&(a.span.start..b.span.end))
                || source_repeats(ctx)
            {
                continue;
            }
            // Reduplication written on purpose ("bye bye", "so so") is usually hyphenated or
            // tripled; a triple is a stylistic choice, not an MT stutter.
            if ctx.words.get(i + 1).is_some_and(|c| {
                c.text(ctx.text).eq_ignore_ascii_case(tb)
                    && ctx.gap_before(i + 1).chars().all(char::is_whitespace)
            }) || (i >= 2 && ctx.word(i - 2).eq_ignore_ascii_case(ta))
            {
                continue;
            }
            out.push(
                finding(
                    Rule::DoubledWord,
                    a.span.start..b.span.end,
                    format!("“{ta}” is repeated; the second one is probably an MT stutter."),
                )
                .with_suggestion(ta),
            );
        }
    }
}

/// The pack's `[[doubled_when]]` contexts: the doubling of word `i - 1` and `i` (lower case
/// `lower`) after a given word or a comma ("in der der", ", die die", "так как как только"), or
/// before a given word ("кто кто такой").
fn legitimate_in_context(ctx: &Ctx<'_>, i: usize, lower: &str) -> bool {
    let contexts = ctx
        .lang
        .doubled_when
        .iter()
        .filter(|c| c.words.iter().any(|w| w == lower));
    let before_pair = &ctx.text[..ctx.words[i - 1].span.start];
    let after_comma = before_pair.trim_end().ends_with(',');
    // The word right before the pair, when only spaces separate them.
    let prev = (i >= 2 && ctx.gap_before(i - 1).chars().all(char::is_whitespace))
        .then(|| ctx.word(i - 2).to_lowercase());
    let next = (i + 1 < ctx.words.len() && ctx.gap_after(i).chars().all(char::is_whitespace))
        .then(|| ctx.word(i + 1).to_lowercase());
    for c in contexts {
        if c.after
            .iter()
            .any(|w| (w == "," && after_comma) || prev.as_deref() == Some(w.as_str()))
            || c.before.iter().any(|w| next.as_deref() == Some(w.as_str()))
        {
            return true;
        }
    }
    false
}

/// With a source that itself repeats a word ("Payment Payment is expected"), a doubled word in
/// the target is a faithful translation, not an MT stutter.
fn source_repeats(ctx: &Ctx<'_>) -> bool {
    let Some(src) = ctx.source else {
        return false;
    };
    // The source's words a piece at a time (a long source's are never all in memory), each
    // compared with the one before it (kept across pieces: its span, letters and digits).
    let mut prev: Option<(std::ops::Range<usize>, u32, u32)> = None;
    let mut repeats = false;
    crate::text::each_word_in_pieces(src, |b, _, at| {
        let b_span = b.span.start + at..b.span.end + at;
        if let Some((a_span, letters, digits)) = prev.take()
            && !repeats
        {
            let gap = &src[a_span.end..b_span.start];
            let (a, b) = (&src[a_span], &src[b_span.clone()]);
            repeats = letters >= 2
                && digits == 0
                && gap.chars().all(char::is_whitespace)
                && !gap.is_empty()
                && same_lowercase(a, b)
                // "had had", "nous nous": the source language's own legitimate doublings.
                && !ctx
                    .source_lang
                    .is_some_and(|l| l.doubled_ok.contains(&a.to_lowercase()));
        }
        prev = Some((b_span, b.letters, b.digits));
    });
    repeats
}

/// `a.to_lowercase() == b.to_lowercase()`, without building the strings.
pub(super) fn same_lowercase(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    // `str::to_lowercase` is `char::to_lowercase` of each character except for a capital sigma,
    // which depends on its neighbours (final ς).
    if a.contains('Σ') || b.contains('Σ') {
        return a.to_lowercase() == b.to_lowercase();
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

fn at_sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '«' | '“' | '„' | '"' | '(' | '—' | '–')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', '…', ':'])
}

trait LenDiffers {
    fn len_differs(&self, other: &Self) -> bool;
}

impl LenDiffers for crate::text::Word {
    fn len_differs(&self, other: &Self) -> bool {
        self.letters != other.letters || self.digits != other.digits
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::flagged;

    #[test]
    fn same_lowercase_is_to_lowercase_equality() {
        let words = [
            "le", "Le", "LE", "lé", "LÉ", "Lé", "ΟΔΟΣ", "οδος", "οδος", "ΣΑΣ", "σας", "Σας",
            "Straße", "STRASSE", "İl", "i̇l", "K", "k", "Kk", "ǅ", "ǆ", "Ǆ", "ſ", "s", "он", "ОН",
            "Он", "", "ﬁ", "FI", "Ⅻ", "ⅻ",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    super::same_lowercase(a, b),
                    a.to_lowercase() == b.to_lowercase(),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn fires_on_stutters() {
        assert_eq!(
            flagged("fr", "Il a vu le le chat.", "doubled-word"),
            ["le le"]
        );
        assert_eq!(
            flagged("en", "Cats and and dogs.", "doubled-word"),
            ["and and"]
        );
        assert_eq!(
            flagged("de", "Der der Hund bellt.", "doubled-word"),
            ["Der der"]
        );
        assert_eq!(flagged("ru", "Он он пришёл.", "doubled-word"), ["Он он"]);
    }

    #[test]
    fn legitimate_doublings_stay_quiet() {
        for (l, t) in [
            ("fr", "Nous nous sommes vus et vous vous êtes tus."),
            ("en", "She had had enough, and he said that that was fine."),
            (
                "de",
                "Das Haus, das das Kind sah, und der Mann, der der Frau half.",
            ),
            ("fr", "Il a dit le. Le chat dort."),
            ("en", "The version 2 2 times."),
            ("en", "The singer Li Li arrived."),
        ] {
            assert!(flagged(l, t, "doubled-word").is_empty(), "{t}");
        }
    }

    /// Sentences of WMT22 references and MT output whose repetition is grammatical, each next to
    /// a stutter of the same word that must still fire.
    #[test]
    fn each_language_owns_its_legitimate_repetitions() {
        for (l, quiet, fires, stutter) in [
            (
                "ru",
                "Я не хочу подозревать, что что-то не так.",
                "Я не хочу подозревать, что что это не так.",
                "что что",
            ),
            (
                "ru",
                "Они делают вид, что не знают, кто кто такой.",
                "Они делают вид, что не знают, кто кто пришёл.",
                "кто кто",
            ),
            (
                "ru",
                "Вы получите деньги, так как как только мы получим товар, мы вернём их.",
                "Вы получите деньги, как как только мы получим товар.",
                "как как",
            ),
            (
                "de",
                "Sie bietet eine Ansicht, in der der Schutzstatus Ihres Geräts steht.",
                "Sie bietet eine Ansicht, der der Schutzstatus fehlt, und der der Mann.",
                "der der",
            ),
            (
                "de",
                "Der dreizehnte Band der Reihe, von der der jüngste 2018 erschien.",
                "Der der jüngste Band erschien 2018.",
                "Der der",
            ),
            (
                "ru",
                "Лидеры не оправдали ожиданий, и и без того хрупкая экономика пострадала.",
                "Лидеры не оправдали ожиданий, и и экономика пострадала.",
                "и и",
            ),
            (
                "en",
                "He was sheltered in the parish and taken in in the church.",
                "He was sheltered in in the parish.",
                "in in",
            ),
            (
                "fr",
                "Le SOLO 15 convainc par son son très clair et fin.",
                "Le SOLO 15 convainc par le le son très clair.",
                "le le",
            ),
            (
                "fr",
                "Un amplificateur de classe D d'une puissance de 40 W.",
                "Un amplificateur de classe de de puissance.",
                "de de",
            ),
        ] {
            assert!(flagged(l, quiet, "doubled-word").is_empty(), "{quiet}");
            assert_eq!(flagged(l, fires, "doubled-word"), [stutter], "{fires}");
        }
    }

    #[test]
    fn a_repetition_the_source_has_is_faithful() {
        let engine = crate::Engine::new(Vec::new());
        let ru = crate::lang::language("ru").unwrap();
        let en = crate::lang::language("en").unwrap();
        let t = "Оплата Оплата ожидается в течение 5 рабочих дней.";
        let doubled = |src: &str| {
            engine
                .check_pair(t, Some(src), Some(en), ru)
                .into_iter()
                .filter(|f| f.rule == "doubled-word")
                .count()
        };
        assert_eq!(
            doubled("Payment Payment is expected within 5 working days."),
            0
        );
        assert_eq!(doubled("Payment is expected within 5 working days."), 1);
        assert_eq!(flagged("ru", t, "doubled-word"), ["Оплата Оплата"]);
    }
}
