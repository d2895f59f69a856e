//! The same word twice in a row ("le le", "and and"), except each language's legitimate doublings.

use super::{Check, Ctx, finding};
use crate::finding::Finding;

/// See `doubled-word` in data/rules.toml.
pub struct DoubledWord;

impl Check for DoubledWord {
    fn rules(&self) -> &'static [&'static str] {
        &["doubled-word"]
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
            let lower = ta.to_lowercase();
            let after_comma = ctx.text[..a.span.start].trim_end().ends_with(',');
            if ctx.lang.doubled_ok.contains(&lower)
                || (after_comma && ctx.lang.doubled_after_comma.contains(&lower))
                || ctx.is_protected(&(a.span.start..b.span.end))
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
                    "doubled-word",
                    a.span.start..b.span.end,
                    format!("“{ta}” is repeated; the second one is probably an MT stutter."),
                )
                .with_suggestion(ta),
            );
        }
    }
}

/// `a.to_lowercase() == b.to_lowercase()`, without building the strings.
fn same_lowercase(a: &str, b: &str) -> bool {
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
}
