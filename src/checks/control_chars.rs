//! Control characters in the text: C0 controls other than tab, line feed and carriage return,
//! DEL and the C1 controls. They are invisible in most editors, break XML 1.0 files and terminal
//! output, and come from damaged conversions (a Word manual line break as U+000B, a bell or escape
//! pasted from a log). A control character that the source has too is the file's formatting, not
//! a translation defect: with a source, only those the source lacks are reported.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;

/// `control-char`.
pub struct ControlChars;

/// Whether `c` is a control character a translation should not carry.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The control character's name, as people look it up.
fn name(c: char) -> String {
    let known = match c {
        '\u{0}' => "NUL",
        '\u{7}' => "BEL (bell)",
        '\u{8}' => "BS (backspace)",
        '\u{B}' => "VT (vertical tab; Word writes its manual line break so)",
        '\u{C}' => "FF (form feed)",
        '\u{1B}' => "ESC (escape; terminal colour codes start so)",
        '\u{7F}' => "DEL",
        '\u{85}' => "NEL (next line)",
        _ => "",
    };
    let code = format!("U+{:04X}", c as u32);
    if known.is_empty() {
        format!("{code} (a control character)")
    } else {
        format!("{code} {known}")
    }
}

impl Check for ControlChars {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::ControlChar]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // Fast path: almost no segment has one.
        if !ctx.text.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2) {
            return;
        }
        for (i, c) in ctx.text.char_indices() {
            if !is_stray_control(c) || ctx.source.is_some_and(|s| s.contains(c)) {
                continue;
            }
            out.push(finding(
                Rule::ControlChar,
                i..i + c.len_utf8(),
                format!(
                    "The control character {} is in the text: invisible in most editors, it breaks XML files and terminals; delete it or write what it stands for.",
                    name(c)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, source: Option<&str>) -> Vec<Finding> {
        let lang = crate::lang::language("fr").unwrap();
        let mut ctx = Ctx::new(text, lang);
        ctx.source = source;
        let mut out = Vec::new();
        ControlChars.check(&ctx, &mut out);
        out
    }

    #[test]
    fn stray_controls_are_reported_at_their_byte() {
        let text = "Bonjour\u{7} le monde\u{1b}[31m rouge\u{85}.";
        let out = run(text, None);
        let flagged: Vec<&str> = out.iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(flagged, ["\u{7}", "\u{1b}", "\u{85}"]);
        assert!(out[1].message.contains("U+001B ESC"));
    }

    #[test]
    fn tabs_line_ends_and_text_stay_quiet() {
        assert!(run("Colonne\tvaleur\r\nligne suivante « citée ».", None).is_empty());
        assert!(run("Prix : 5 € — ça coûte ½ Ä.", None).is_empty());
    }

    #[test]
    fn a_control_the_source_has_too_is_formatting() {
        assert!(run("Titre\u{b}sous-titre", Some("Title\u{b}subtitle")).is_empty());
        assert_eq!(run("Titre\u{b}sous-titre", Some("Title subtitle")).len(), 1);
    }
}
