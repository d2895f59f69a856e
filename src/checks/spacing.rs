//! Broken spacing around punctuation: a space before a comma or full stop, doubled spaces, and the
//! locale's spacing before high punctuation where it is a clear convention (French `; : ! ? »`).

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;

/// See `space-before-punct`, `double-space` and `punct-space` in data/rules.toml.
pub struct Spacing;

impl Check for Spacing {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::SpaceBeforePunct, Rule::DoubleSpace, Rule::PunctSpace]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let text = ctx.text;
        let bytes = text.as_bytes();
        // Leading indentation is layout, not a doubled space.
        let content_start = text.len() - text.trim_start().len();
        let mut i = content_start;
        // Runs of spaces from `i` on. A single space before anything but a comma or a full stop
        // is fine whatever precedes it (neither a spaced-out run of dots nor a finding), so only
        // a space followed by a space, a comma or a full stop starts the work.
        while let Some(hit) = next_space_pair(bytes, i) {
            let mut start = hit;
            while start > i && bytes[start - 1] == b' ' {
                start -= 1;
            }
            i = hit;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let next = text[i..].chars().next();
            let prev = text[..start].chars().next_back();
            // Indentation after a line break inside a segment is layout too.
            if prev == Some('\n') || prev == Some('\t') {
                continue;
            }
            // ". . . . ." (an ellipsis or a stop that an MT system spaced out): one finding.
            let (dots, run_end) = spaced_dots(text, start);
            if dots >= 2 {
                out.push(
                    finding(
                        Rule::SpaceBeforePunct,
                        start..run_end,
                        format!("{dots} full stops separated by spaces; write one full stop or an ellipsis."),
                    )
                    .with_suggestion("…"),
                );
                i = run_end;
                continue;
            }
            match next {
                Some(c @ (',' | '.')) if prev.is_some_and(|p| !p.is_whitespace()) => {
                    let after = text[i + 1..].chars().next();
                    // ".5", "...", ".NET" are not a space before a full stop.
                    let real = after.is_none_or(|a| a.is_whitespace() || a == '»' || a == '"')
                        && !text[i..].starts_with("..");
                    if real && !ctx.is_protected(&(start..i + 1)) {
                        out.push(
                            finding(
                                Rule::SpaceBeforePunct,
                                start..i + 1,
                                format!("Space before “{c}”; no language puts one there."),
                            )
                            .with_suggestion(c.to_string()),
                        );
                    }
                }
                Some(c) if !c.is_whitespace() && i - start >= 2 => {
                    out.push(
                        finding(
                            Rule::DoubleSpace,
                            start..i,
                            format!("{} spaces in a row between words.", i - start),
                        )
                        .with_suggestion(" "),
                    );
                }
                _ => {}
            }
        }
        punct_space(ctx, out);
    }
}

/// The first position at or after `from` of a space followed by a space, a comma or a full stop.
fn next_space_pair(bytes: &[u8], from: usize) -> Option<usize> {
    let pair = |k: usize| bytes[k] == b' ' && matches!(bytes[k + 1], b' ' | b',' | b'.');
    // Eight positions at a time: a byte of `x` is flagged when it is zero (the flags above a
    // true zero may be false alarms, never the other way round, so hits are checked).
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & (ONES << 7);
    let mut i = from;
    while i + 9 <= bytes.len() {
        let a = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let b = u64::from_le_bytes(bytes[i + 1..i + 9].try_into().expect("eight bytes"));
        let flags = zero(a ^ (ONES * u64::from(b' ')))
            & (zero(b ^ (ONES * u64::from(b' ')))
                | zero(b ^ (ONES * u64::from(b',')))
                | zero(b ^ (ONES * u64::from(b'.'))));
        if flags != 0
            && let Some(k) = (i..i + 8).find(|&k| pair(k))
        {
            return Some(k);
        }
        i += 8;
    }
    (i..bytes.len().saturating_sub(1)).find(|&k| pair(k))
}

/// Counts the dots of a " . . ." run starting at byte `at` (spaces before each dot) and where it ends.
fn spaced_dots(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut j, mut dots, mut end) = (at, 0, at);
    loop {
        let mut k = j;
        while k < bytes.len() && bytes[k] == b' ' {
            k += 1;
        }
        if k < bytes.len() && bytes[k] == b'.' && (k > j || dots == 0) {
            dots += 1;
            j = k + 1;
            end = j;
        } else {
            break;
        }
    }
    (dots, end)
}

/// French-style spacing: high punctuation takes a (no-break) space before it, « one after it.
fn punct_space(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.lang.space_before.is_empty() {
        return;
    }
    // A handful of characters, on the stack: a slice lookup is cheaper than `str::contains`.
    let mut inline = ['\0'; 16];
    let mut count = 0;
    let mut spilled: Vec<char> = Vec::new();
    for c in ctx.lang.space_before.chars() {
        if count < inline.len() {
            inline[count] = c;
            count += 1;
        } else {
            if spilled.is_empty() {
                spilled.extend_from_slice(&inline);
            }
            spilled.push(c);
        }
    }
    let marks: &[char] = if spilled.is_empty() {
        &inline[..count]
    } else {
        &spilled
    };
    let guillemet_rule = marks.contains(&'»');
    // First bytes of the marks and of «: other characters are skipped without decoding. Letters,
    // digits and spaces are never marks.
    let mut lead = [false; 256];
    for &c in marks.iter().chain(&['«']) {
        if !(c.is_ascii_alphanumeric() || c == ' ') {
            lead[c.encode_utf8(&mut [0; 4]).as_bytes()[0] as usize] = true;
        }
    }
    let text = ctx.text;
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(i) = crate::text::next_marked(bytes, &lead, pos) {
        let c = text[i..].chars().next().expect("a character at a boundary");
        pos = i + c.len_utf8();
        let is_mark = marks.contains(&c);
        if !is_mark && c != '«' {
            continue;
        }
        // The character before this one.
        let prev = text[..i].chars().next_back();
        let span = i..i + c.len_utf8();
        let next = text[span.end..].chars().next();
        if is_mark && !ctx.is_protected(&span) {
            let glued = prev
                .is_some_and(|p| p.is_alphanumeric() || matches!(p, ')' | ']' | '’' | '"' | '%'));
            // 10:30, 1:0, "?!" sequences, "http:" (protected anyway) and ":)" stay quiet.
            let clock = c == ':'
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            if glued && !clock {
                let p = prev.unwrap_or(' ');
                let start = i - p.len_utf8();
                out.push(
                    finding(
                        Rule::PunctSpace,
                        start..span.end,
                        format!("{} puts a no-break space before “{c}”.", ctx.lang.name),
                    )
                    .with_suggestion(format!("{p}\u{a0}{c}")),
                );
            }
        }
        if c == '«' && guillemet_rule && next.is_some_and(char::is_alphanumeric) {
            let n = next.unwrap_or(' ');
            out.push(
                finding(
                    Rule::PunctSpace,
                    i..span.end + n.len_utf8(),
                    format!("{} puts a no-break space after “«”.", ctx.lang.name),
                )
                .with_suggestion(format!("«\u{a0}{n}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::{flagged, run};

    #[test]
    fn next_space_pair_finds_the_first_pair() {
        let pieces = ["a", " ", ",", ".", "é", "\u{a0}", "  ", "xyz", "\t"];
        let mut seed = 42u64;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..(seed >> 60) + 4 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let bytes = t.as_bytes();
            for from in 0..=bytes.len() {
                let want = bytes[from..]
                    .windows(2)
                    .position(|w| w[0] == b' ' && matches!(w[1], b' ' | b',' | b'.'))
                    .map(|p| from + p);
                assert_eq!(super::next_space_pair(bytes, from), want, "{t:?} {from}");
            }
        }
    }

    #[test]
    fn space_before_comma_and_stop() {
        assert_eq!(
            flagged("en", "Hello , world .", "space-before-punct"),
            [" ,", " ."]
        );
        assert!(
            flagged(
                "en",
                "It costs .5 dollars... and .NET is fine.",
                "space-before-punct"
            )
            .is_empty()
        );
        assert_eq!(
            flagged("ru", "Метрическая система . . . . .", "space-before-punct"),
            [" . . . . ."]
        );
    }

    #[test]
    fn double_spaces() {
        assert_eq!(flagged("en", "Hello  world.", "double-space"), ["  "]);
        assert!(flagged("en", "    Indented text.", "double-space").is_empty());
    }

    #[test]
    fn french_high_punctuation() {
        let got = run("fr", "Pourquoi? Parce que: voilà «oui».", "punct-space");
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(
            run(
                "fr",
                "Pourquoi ? Parce que : voilà « oui ». À 10:30 !",
                "punct-space"
            )
            .is_empty()
        );
        assert!(run("en", "Why? Because: yes.", "punct-space").is_empty());
    }
}
