//! Words that mix scripts inside themselves (UTS #39: the resolved script set is empty), such as a
//! Cyrillic "е" in "Genève", and one-letter foreign-script words that look like a target letter.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_script::{Script, UnicodeScript};
use unicode_security::{MixedScript, skeleton};

/// See `homoglyph` in data/rules.toml.
pub struct Homoglyph;

impl Check for Homoglyph {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::Homoglyph]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for (i, w) in ctx.words.iter().enumerate() {
            // Only a mixed-script word or a one-letter word in a script the language does not
            // use can give a finding.
            let lone_foreign = w.letters == 1
                && w.digits == 0
                && w.script.is_some_and(|s| !ctx.lang.uses_script(s));
            if !(w.mixed || lone_foreign) || ctx.is_protected(&w.span) {
                continue;
            }
            let text = w.text(ctx.text);
            if w.mixed && !text.is_single_script() && !is_symbol(ctx, w, text) {
                let target = majority_script(ctx, text);
                let fixed = respell(text, target);
                let foreign: Vec<String> = text
                    .chars()
                    .filter(|c| is_letter_of_other_script(*c, target))
                    .map(|c| format!("{} “{c}” (U+{:04X})", c.script().full_name(), c as u32))
                    .collect();
                let mut f = finding(
                    Rule::Homoglyph,
                    w.span.clone(),
                    format!(
                        "“{text}” mixes scripts: {} inside a {} word; it looks right but will not match searches, spell checkers or glossaries.",
                        foreign.join(", "),
                        target.full_name()
                    ),
                );
                if let Some(fixed) = fixed {
                    f = f.with_suggestion(fixed);
                }
                out.push(f);
            } else if let Some(c) = lone_lookalike(ctx, i) {
                let script = w.script.map_or("another", |s| s.full_name());
                out.push(
                    finding(
                        Rule::Homoglyph,
                        w.span.clone(),
                        format!(
                            "The one-letter word “{text}” is the {script} letter U+{:04X}, which looks like the {} letter “{c}”.",
                            text.chars().next().map_or(0, |c| c as u32),
                            ctx.lang.name
                        ),
                    )
                    .with_suggestion(c.to_string()),
                );
            }
        }
    }
}

/// For a one-letter word in a foreign script, the target-script letter it imitates.
pub(crate) fn lone_lookalike(ctx: &Ctx<'_>, i: usize) -> Option<char> {
    let w = &ctx.words[i];
    let s = w.script?;
    // A lone Greek letter is a symbol (λ, μ, α, Δ), whatever it resembles.
    if w.letters != 1 || w.digits != 0 || ctx.lang.uses_script(s) || s == Script::Greek {
        return None;
    }
    // Only between target-script words, and not glued to Latin text by an apostrophe or a
    // hyphen ("McDonald's", "A-List"): then it is a letter of a foreign name, not a look-alike.
    let native = |k: usize| {
        ctx.words
            .get(k)
            .and_then(|w| w.script)
            .is_some_and(|s| ctx.lang.uses_script(s))
    };
    let glued = |gap: &str| {
        gap.is_empty()
            || gap.contains(['\'', '’', '-', '‐', '&'])
            || (gap.contains('.') && !gap.contains(char::is_whitespace))
    };
    let before_ok = i == 0 || (native(i - 1) && !glued(ctx.gap_before(i)));
    let after_ok = i + 1 == ctx.words.len() || (native(i + 1) && !glued(ctx.gap_after(i)));
    if !(before_ok && after_ok) || (i == 0 && i + 1 == ctx.words.len()) {
        return None;
    }
    let c = w.text(ctx.text).chars().next()?;
    let target = ctx.lang.scripts.iter().find_map(|t| lookalike(c, *t))?;
    // A look-alike stands in for a one-letter word of the language ("a" for the Russian "а"), in
    // the case that word takes there: lower case inside a sentence, a capital at its start. A
    // capital inside a sentence is a letter used as a name or symbol ("витамин C", "участок S",
    // "серия A"), and a letter with no one-letter word behind it ("S" for "Ѕ") imitates nothing.
    let word = target.to_lowercase().collect::<String>();
    let is_word = ctx
        .lang
        .lexicon()
        .is_some_and(|l| l.zipf(&word) >= ONE_LETTER_WORD);
    let start = ctx.starts_sentence(i);
    let case_fits = if c.is_uppercase() {
        start
    } else {
        !start || i == 0
    };
    (is_word && case_fits && !indexed(ctx, i)).then_some(target)
}

/// Zipf frequency above which a one-letter token of the lexicon is a real word of the language
/// (Russian а, в, и, к, о, с, у, я are all above 6; French a, à, y, o above 5).
const ONE_LETTER_WORD: f32 = 4.5;

/// A letter with an index, exponent, grade or sign right after it: "A+", "S1", "x²", "N-конец",
/// or a label or initial: "a)", "A." (the conjunction "А" is never followed by a full stop).
fn indexed(ctx: &Ctx<'_>, i: usize) -> bool {
    ctx.text[ctx.words[i].span.end..]
        .chars()
        .next()
        .is_some_and(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '+' | '-' | '‐' | '/' | '_' | '^' | '′' | '\'' | '’' | ')' | '.'
                )
                || matches!(c, '²' | '³' | '¹' | '⁰'..='⁹' | '₀'..='₉')
        })
}

/// A short word whose foreign letter is a Greek symbol with a Latin or Cyrillic index or unit
/// ("Δt", "μm", "λмакс"): notation, not a word misspelled with a look-alike letter.
fn is_symbol(ctx: &Ctx<'_>, w: &crate::text::Word, text: &str) -> bool {
    if ctx.lang.uses_script(Script::Greek) {
        return false;
    }
    let greek = text.chars().filter(|c| c.script() == Script::Greek).count();
    // A Greek letter that imitates a target letter (ο for о, α for a) is a homoglyph.
    let imitates = |c: char| ctx.lang.scripts.iter().any(|t| lookalike(c, *t).is_some());
    (1..=2).contains(&greek)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.script() == Script::Greek)
        && !text
            .chars()
            .any(|c| c.script() == Script::Greek && imitates(c))
        && (w.letters <= 3 || greek == 1 && w.letters <= 6 && w.upper <= 1)
}

fn is_letter_of_other_script(c: char, target: Script) -> bool {
    let s = c.script();
    c.is_alphabetic() && !matches!(s, Script::Common | Script::Inherited) && s != target
}

/// The script most letters of the word are in, preferring the target language's scripts on ties.
fn majority_script(ctx: &Ctx<'_>, word: &str) -> Script {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        let s = c.script();
        if matches!(s, Script::Common | Script::Inherited) {
            continue;
        }
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(s, n)| (*n, ctx.lang.uses_script(*s)))
        .map_or(Script::Latin, |(s, _)| s)
}

/// The word respelled in `target` script, when every foreign letter has a look-alike there.
fn respell(word: &str, target: Script) -> Option<String> {
    word.chars()
        .map(|c| {
            if is_letter_of_other_script(c, target) {
                lookalike(c, target)
            } else {
                Some(c)
            }
        })
        .collect()
}

/// The letter of `target` script whose UTS #39 confusable skeleton equals that of `c`.
pub(crate) fn lookalike(c: char, target: Script) -> Option<char> {
    let key: String = skeleton(c.encode_utf8(&mut [0; 4])).collect();
    tables().get(&target)?.get(&key).copied()
}

fn tables() -> &'static HashMap<Script, HashMap<String, char>> {
    static T: OnceLock<HashMap<Script, HashMap<String, char>>> = OnceLock::new();
    T.get_or_init(|| {
        let ranges: [(Script, &[(u32, u32)]); 3] = [
            (Script::Latin, &[(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F)]),
            (Script::Cyrillic, &[(0x400, 0x4FF)]),
            (Script::Greek, &[(0x370, 0x3FF)]),
        ];
        let mut out = HashMap::new();
        for (script, rs) in ranges {
            let mut map: HashMap<String, char> = HashMap::new();
            for &(lo, hi) in rs {
                for cp in lo..=hi {
                    let Some(c) = char::from_u32(cp) else {
                        continue;
                    };
                    if c.script() != script || !c.is_alphabetic() {
                        continue;
                    }
                    let key: String = skeleton(c.encode_utf8(&mut [0; 4])).collect();
                    // Lowest code point wins: plain letters before accented or archaic ones.
                    map.entry(key).or_insert(c);
                }
            }
            out.insert(script, map);
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::{flagged, run};

    #[test]
    fn cyrillic_letter_inside_latin_word() {
        let t = "la réunion à Genеve";
        let got = run("fr", t, "homoglyph");
        assert_eq!(got.len(), 1);
        assert_eq!(&t[got[0].span.clone()], "Genеve");
        assert_eq!(got[0].suggestion.as_deref(), Some("Geneve"));
        assert!(got[0].message.contains("U+0435"), "{}", got[0].message);
    }

    #[test]
    fn latin_letter_inside_russian_word() {
        let t = "Мы пришли дoмой.";
        let got = run("ru", t, "homoglyph");
        assert_eq!(got[0].suggestion.as_deref(), Some("домой"));
    }

    #[test]
    fn lone_lookalike_letters() {
        // Latin "a" used for the Russian conjunction "а".
        assert_eq!(flagged("ru", "Он пришёл, a она ушла.", "homoglyph"), ["a"]);
        assert!(flagged("ru", "Он пришёл, а она ушла.", "homoglyph").is_empty());
        // Cyrillic "о" standing for a French "o" is rare but the same damage.
        assert_eq!(flagged("fr", "Il dit о non.", "homoglyph"), ["о"]);
        assert_eq!(flagged("fr", "Il va а Paris.", "homoglyph"), ["а"]);
        // Letters of Latin names inside Russian text are not look-alikes.
        for t in [
            "Агентство A-List Management и McDonald's.",
            "Песня The Lady Is a Tramp.",
        ] {
            assert!(flagged("ru", t, "homoglyph").is_empty(), "{t}");
        }
    }

    #[test]
    fn letters_named_in_the_text_are_not_lookalikes() {
        // Gene regions, vitamins, series, grades: a capital inside a sentence is a letter used
        // as a name, and "S" imitates no Russian one-letter word.
        for t in [
            "ПЦР дал сильный сигнал на участке гена N, но слабый сигнал в участке S.",
            "Смесь водных минералов с витамином C является активным средством от прыщей.",
            "Но в клубе уверены, что смогут договориться с серией A.",
            "Половина студентов готовится сдать международные экзамены A+ и Network+.",
            "Пункт a) договора и пункт b) приложения.",
        ] {
            assert!(flagged("ru", t, "homoglyph").is_empty(), "{t}");
            assert!(flagged("ru", t, "foreign-word").is_empty(), "{t}");
        }
        // Still a look-alike: lower case where the Russian word would be, or a capital opening
        // the sentence; and a Latin letter closing a Cyrillic word.
        assert_eq!(flagged("ru", "Он пришёл, a она ушла.", "homoglyph"), ["a"]);
        assert_eq!(flagged("ru", "Он пришёл. A она ушла.", "homoglyph"), ["A"]);
        assert_eq!(
            flagged(
                "ru",
                "Костюмы, которые действительно выглядяn достаточно дорого, созданы Касией.",
                "homoglyph"
            ),
            ["выглядяn"]
        );
    }

    #[test]
    fn greek_symbols_are_not_homoglyphs() {
        for t in [
            "Изменение Δt составило 5 с, а длина волны λ равна 500 нм.",
            "Толщина плёнки 5 μm, коэффициент α мал, а λмакс сдвинут.",
        ] {
            assert!(flagged("ru", t, "homoglyph").is_empty(), "{t}");
            assert!(flagged("ru", t, "foreign-word").is_empty(), "{t}");
        }
        // A Greek omicron imitating a Cyrillic о inside a word is still one.
        assert_eq!(flagged("ru", "Мы пришли дοмой.", "homoglyph"), ["дοмой"]);
    }

    #[test]
    fn single_script_words_are_quiet() {
        for t in ["Genève et Крутских", "日本語のテキスト", "COVID-19 и 5G"] {
            assert!(run("fr", t, "homoglyph").is_empty(), "{t}");
        }
    }
}
