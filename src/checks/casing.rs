//! Casing damage: a common word in capitals inside running text ("RUSSIE", "HYDROMEL"), and a case
//! break inside a hyphenated compound ("états-UNIS"). Acronyms, datelines, headings, Roman numerals
//! and brands stay quiet.

use super::{Check, Ctx, finding};
use crate::finding::Finding;

/// See `caps-word` and `case-break` in data/rules.toml.
pub struct Casing;

impl Check for Casing {
    fn rules(&self) -> &'static [&'static str] {
        &["caps-word", "case-break"]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // Whether the segment is a heading, worked out for the first shouted word.
        let mut heading: Option<bool> = None;
        let mut i = 0;
        while i < ctx.words.len() {
            let w = &ctx.words[i];
            // `gap_after(i)` is "-" or "‐", compared as bytes.
            let hyphen_after = ctx.words.get(i + 1).is_some_and(|next| {
                let gap = &ctx.text.as_bytes()[w.span.end..next.span.start];
                gap == b"-" || gap == "‐".as_bytes()
            });
            // Only a word in capitals or the start of a compound can give a finding.
            if !w.is_all_caps() && !hyphen_after {
                i += 1;
                continue;
            }
            if !w.has_letters()
                || ctx.is_protected(&w.span)
                || w.script.is_none_or(|s| !ctx.lang.uses_script(s))
            {
                i += 1;
                continue;
            }
            // Hyphenated compound: words joined by single hyphens.
            let mut last = i;
            while last + 1 < ctx.words.len() && matches!(ctx.gap_after(last), "-" | "‐") {
                last += 1;
            }
            if last > i {
                case_break(ctx, i, last, out);
                i = last + 1;
                continue;
            }
            if w.is_all_caps()
                && !*heading.get_or_insert_with(|| is_heading(ctx))
                && is_shouted(ctx, i)
                && !is_dateline(ctx, i)
                && !is_tag(ctx, i)
            {
                let text = ctx.word(i);
                let lower = text.to_lowercase();
                // Known spelling first; German capitalises nouns, so there the case of a shouted
                // word cannot be guessed.
                let suggestion = proper_form(ctx, &lower).or_else(|| {
                    (!ctx.lang.noun_capitals).then(|| {
                        if at_sentence_start(ctx, i) {
                            capitalize(&lower)
                        } else {
                            lower.clone()
                        }
                    })
                });
                out.push(
                    finding(
                        "caps-word",
                        w.span.clone(),
                        format!(
                            "“{text}” is a common {} word written in capitals inside running text; MT engines shout words they mistranslate or copy from all-caps sources.",
                            ctx.lang.name
                        ),
                    ),
                );
                if let (Some(f), Some(s)) = (out.last_mut(), suggestion) {
                    f.suggestion = Some(s);
                }
            }
            i += 1;
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The known correct spelling of a proper name or compound (lower-cased key).
fn proper_form(ctx: &Ctx<'_>, lower: &str) -> Option<String> {
    ctx.lang.compounds.get(lower).cloned()
}

fn is_roman_numeral(s: &str) -> bool {
    s.len() <= 8
        && s.chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

/// An all-caps word that is a common word of the language rather than an acronym.
fn is_shouted(ctx: &Ctx<'_>, i: usize) -> bool {
    let text = ctx.word(i);
    let w = &ctx.words[i];
    if w.digits > 0 || ctx.lang.acronyms.contains(text) || is_roman_numeral(text) {
        return false;
    }
    let Some(lex) = ctx.lang.lexicon() else {
        return false;
    };
    let z = lex.zipf(&text.to_lowercase());
    // Capitals of three letters or fewer are acronyms far more often than shouted words (US, IS,
    // WHO); four-letter ones only count when very common words.
    match w.letters {
        0..=3 => false,
        4 => z >= 4.5,
        _ => z >= 2.5,
    }
}

/// A label in brackets on its own: "(VIDEO)", "[PHOTOS]".
fn is_tag(ctx: &Ctx<'_>, i: usize) -> bool {
    ctx.gap_before(i).ends_with(['(', '[']) && ctx.gap_after(i).starts_with([')', ']'])
}

/// More than half the letters of the segment are capitals: a heading or a shouted title.
fn is_heading(ctx: &Ctx<'_>) -> bool {
    let (up, letters) = ctx
        .words
        .iter()
        .fold((0, 0), |(u, l), w| (u + w.upper, l + w.letters));
    letters >= 4 && up * 2 > letters && ctx.words.len() >= 2
}

fn at_sentence_start(ctx: &Ctx<'_>, i: usize) -> bool {
    let before = ctx.text[..ctx.words[i].span.start]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '«' | '“' | '„' | '"' | '('));
    before.is_empty() || before.ends_with(['.', '!', '?', '…', ':'])
}

/// "MOSCOU, le 5 avril" or "PARIS (AFP)" near the start of a dispatch.
fn is_dateline(ctx: &Ctx<'_>, i: usize) -> bool {
    let mut last = i;
    while last + 1 < ctx.words.len()
        && ctx.words[last + 1].is_all_caps()
        && ctx.gap_after(last).chars().all(|c| c == ' ' || c == '-')
    {
        last += 1;
    }
    let mut first = i;
    while first > 0
        && ctx.words[first - 1].is_all_caps()
        && ctx.gap_before(first).chars().all(|c| c == ' ' || c == '-')
    {
        first -= 1;
    }
    if ctx.words[first].span.start > 40 {
        return false;
    }
    let end = ctx.words[last].span.end;
    let after = &ctx.text[end..];
    let at_start = ctx.text[..ctx.words[first].span.start].trim().is_empty();
    // "ISLAMABAD – ", "SEATTLE — " opening a segment: a dateline without a date.
    if at_start
        && (after.starts_with(" –")
            || after.starts_with(" —")
            || after.starts_with(" -")
            || after.starts_with('.')
            || after.starts_with(':'))
    {
        return true;
    }
    if !(after.starts_with(',')
        || after.starts_with(" (")
        || after.starts_with(" —")
        || after.starts_with(" –"))
    {
        return false;
    }
    let window: String = after.chars().take(30).collect::<String>().to_lowercase();
    window.chars().any(|c| c.is_ascii_digit())
        || window.contains('(')
        || ctx.lang.months.iter().any(|m| window.contains(m.as_str()))
}

/// A compound whose parts switch between all-caps and lower case: "états-UNIS".
fn case_break(ctx: &Ctx<'_>, first: usize, last: usize, out: &mut Vec<Finding>) {
    let parts: Vec<usize> = (first..=last)
        .filter(|&k| ctx.words[k].has_letters())
        .collect();
    if parts.iter().any(|&k| ctx.words[k].digits > 0) {
        return;
    }
    // A common word in capitals after a lower-case part ("états-UNIS"). Compounds that start
    // with an acronym ("US-Konsulat", "ПЦР-теста") and acronyms in second place ("Sino-US") are
    // ordinary spelling.
    let lex = ctx.lang.lexicon();
    let broken = parts.iter().enumerate().any(|(n, &k)| {
        let t = ctx.word(k);
        let w = &ctx.words[k];
        n > 0
            && w.is_all_caps()
            && w.letters >= 3
            && !ctx.lang.acronyms.contains(t)
            && !is_roman_numeral(t)
            && parts[..n].iter().any(|&p| ctx.words[p].lower > 0)
            && lex.is_some_and(|l| l.zipf(&t.to_lowercase()) >= 3.0)
    });
    if !broken {
        return;
    }
    let span = ctx.words[first].span.start..ctx.words[last].span.end;
    let text = &ctx.text[span.clone()];
    let lower = text.to_lowercase();
    let suggestion = proper_form(ctx, &lower).unwrap_or_else(|| {
        // Follow the casing of the first part for the rest.
        let first_cap = ctx.words[first].capitalized;
        let mut s = String::new();
        for k in first..=last {
            if k > first {
                s.push_str(ctx.gap_before(k));
            }
            let w = ctx.word(k).to_lowercase();
            s.push_str(&if first_cap { capitalize(&w) } else { w });
        }
        s
    });
    out.push(
        finding(
            "case-break",
            span,
            format!(
                "The compound “{text}” changes case in the middle; write it with consistent casing."
            ),
        )
        .with_suggestion(suggestion),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::{flagged, run};

    #[test]
    fn shouted_common_words() {
        let t = "le président de la fédération de RUSSIE, c’est le travail de l’HYDROMEL.";
        assert_eq!(flagged("fr", t, "caps-word"), ["RUSSIE", "HYDROMEL"]);
        let got = run("fr", t, "caps-word");
        assert_eq!(got[0].suggestion.as_deref(), Some("Russie"));
        assert_eq!(got[1].suggestion.as_deref(), Some("hydromel"));
    }

    #[test]
    fn acronyms_datelines_numerals_brands_quiet() {
        for (l, t) in [
            (
                "fr",
                "MOSCOU, le 5 avril. /TASS/. L’ONU, l’OTAN et l’UE ont parlé au TASS.",
            ),
            (
                "fr",
                "Au XXe siècle, Louis XIV et la NASA sur eBay et YouTube.",
            ),
            ("fr", "PARIS (AFP) - Le président a parlé."),
            ("fr", "LA SITUATION EST GRAVE"),
            ("en", "The UN and NATO met the WHO in the USA."),
            ("de", "Die EU und die NATO trafen sich."),
            ("en", "ISLAMABAD – The minister said the talks had failed."),
            ("ru", "ИСЛАМАБАД. В сообщении ООН говорится о повстанцах."),
            (
                "ru",
                "На пару распылили перцовый баллончик (ВИДЕО) в парке.",
            ),
        ] {
            assert!(
                flagged(l, t, "caps-word").is_empty(),
                "{t}: {:?}",
                flagged(l, t, "caps-word")
            );
        }
    }

    #[test]
    fn case_break_in_compound() {
        let t = "la situation intérieure des états-UNIS.";
        let got = run("fr", t, "case-break");
        assert_eq!(&t[got[0].span.clone()], "états-UNIS");
        assert_eq!(got[0].suggestion.as_deref(), Some("États-Unis"));
        for ok in [
            "les États-Unis",
            "franco-américains",
            "COVID-19",
            "ONU-Femmes",
            "l’ex-URSS",
            "le US-Konsulat",
        ] {
            assert!(run("fr", ok, "case-break").is_empty(), "{ok}");
        }
    }
}
