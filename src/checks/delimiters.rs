//! Unbalanced brackets and quotation marks, for the target language's quote styles.

use super::{Check, Ctx, finding};
use crate::finding::Finding;

/// See `unbalanced-delimiter` in data/rules.toml.
pub struct Delimiters;

const BRACKETS: &[(&str, &str)] = &[("(", ")"), ("[", "]"), ("{", "}")];

impl Check for Delimiters {
    fn rules(&self) -> &'static [&'static str] {
        &["unbalanced-delimiter"]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // The pairs live on the stack: a language has a handful.
        let mut inline = [('\0', '\0'); 16];
        let mut count = 0;
        let mut spilled: Vec<(char, char)> = Vec::new();
        let all = BRACKETS
            .iter()
            .copied()
            .chain(
                ctx.lang
                    .quotes
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str())),
            )
            .filter_map(|(a, b)| Some((a.chars().next()?, b.chars().next()?)))
            // ’ doubles as the apostrophe and ¿ ¡ close with ordinary ? !: not checkable by pairing.
            .filter(|(a, b)| *b != '’' && !matches!(a, '¿' | '¡'));
        for p in all {
            if count < inline.len() {
                inline[count] = p;
                count += 1;
            } else {
                if spilled.is_empty() {
                    spilled.extend_from_slice(&inline);
                }
                spilled.push(p);
            }
        }
        let pairs: &[(char, char)] = if spilled.is_empty() {
            &inline[..count]
        } else {
            &spilled
        };
        // First bytes of the delimiters: other characters are skipped without decoding.
        // Letters, digits and spaces are never delimiters.
        let mut lead = [false; 256];
        for &(a, b) in pairs {
            for c in [a, b] {
                if !(c.is_ascii_alphanumeric() || c == ' ') {
                    lead[c.encode_utf8(&mut [0; 4]).as_bytes()[0] as usize] = true;
                }
            }
        }
        let mut stack: Vec<(char, usize)> = Vec::new();
        let text = ctx.text;
        let bytes = text.as_bytes();
        let mut pos = 0;
        while let Some(i) = crate::text::next_marked(bytes, &lead, pos) {
            let c = text[i..].chars().next().expect("a character at a boundary");
            pos = i + c.len_utf8();
            if !pairs.iter().any(|(a, b)| *a == c || *b == c) {
                continue;
            }
            let span = i..i + c.len_utf8();
            if ctx.is_protected(&span) {
                continue;
            }
            let closes_top = stack
                .last()
                .is_some_and(|(open, _)| pairs.iter().any(|(a, b)| a == open && *b == c));
            if closes_top {
                stack.pop();
                continue;
            }
            if pairs.iter().any(|(a, _)| *a == c) {
                stack.push((c, i));
                continue;
            }
            if let Some((open, _)) = pairs.iter().find(|(_, b)| *b == c) {
                if is_list_marker(text, i) || is_emoticon(text, i) {
                    continue;
                }
                // A closer whose opener is deeper in the stack: the openers above it are unclosed.
                if let Some(pos) = stack.iter().rposition(|(o, _)| o == open) {
                    for (o, at) in stack.drain(pos + 1..) {
                        out.push(unclosed(o, at, pairs));
                    }
                    stack.pop();
                    continue;
                }
                out.push(finding(
                    "unbalanced-delimiter",
                    span,
                    format!("Closing “{c}” has no matching “{open}” before it in this segment."),
                ));
            }
        }
        for (o, at) in stack {
            // A quotation opened at the very start of a segment and not closed continues in the
            // next paragraph (as quotations over several paragraphs do).
            let quote = !BRACKETS.iter().any(|(a, _)| a.starts_with(o));
            if quote && text[..at].trim().is_empty() {
                continue;
            }
            out.push(unclosed(o, at, pairs));
        }
    }
}

fn unclosed(open: char, at: usize, pairs: &[(char, char)]) -> Finding {
    let close = pairs
        .iter()
        .find(|(a, _)| *a == open)
        .map_or(' ', |(_, b)| *b);
    finding(
        "unbalanced-delimiter",
        at..at + open.len_utf8(),
        format!("Opening “{open}” is never closed by “{close}” in this segment."),
    )
}

/// "1)", "a)", "iv)" list markers: a short number or letter run after a space or the start.
fn is_list_marker(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let token_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(i, |(j, _)| j);
    let token = &before[token_start..];
    let short = match token.chars().count() {
        1 => true,
        2 => token.chars().all(|c| c.is_ascii_digit()),
        3..=4 => token.chars().all(|c| matches!(c, 'i' | 'v' | 'x')),
        _ => false,
    };
    short
        && before[..token_start]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
}

fn is_emoticon(text: &str, i: usize) -> bool {
    text[..i].ends_with([':', ';', '='])
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::flagged;

    #[test]
    fn fires_on_unbalanced() {
        assert_eq!(
            flagged(
                "fr",
                "Il a dit « bonjour et partit.",
                "unbalanced-delimiter"
            ),
            ["«"]
        );
        assert_eq!(
            flagged(
                "fr",
                "Il a dit bonjour » et partit.",
                "unbalanced-delimiter"
            ),
            ["»"]
        );
        assert_eq!(
            flagged("en", "See (page 4 for details.", "unbalanced-delimiter"),
            ["("]
        );
        assert_eq!(
            flagged("de", "Er sagte „Hallo und ging.", "unbalanced-delimiter"),
            ["„"]
        );
        assert_eq!(flagged("en", "a [b (c] d", "unbalanced-delimiter"), ["("]);
    }

    #[test]
    fn balanced_and_special_cases_are_quiet() {
        for (l, t) in [
            ("fr", "« C’est un processus », dit-il (car) [y compris]."),
            ("de", "Er sagte „Hallo“ und »Tschüss«."),
            ("de", "Er sagte “Hallo” und ging."),
            ("en", "1) First item, 2) second item :) done."),
            ("en", "He said “don’t go” and left."),
            ("es", "¿Qué pasa? ¡Nada!"),
            (
                "fr",
                "« Le premier paragraphe d’une longue citation continue.",
            ),
        ] {
            assert!(flagged(l, t, "unbalanced-delimiter").is_empty(), "{t}");
        }
    }
}
