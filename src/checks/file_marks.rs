//! What the file says about a segment: a translation marked fuzzy (PO `#, fuzzy`, XLIFF review
//! states), and bytes that were not valid UTF-8 (read with `--lossy`, replaced by U+FFFD).

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;

/// `fuzzy-segment`, `invalid-bytes`.
pub struct FileMarks;

impl Check for FileMarks {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::FuzzySegment, Rule::InvalidBytes]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let text = ctx.text;
        if ctx.marks.fuzzy {
            out.push(finding(
                Rule::FuzzySegment,
                0..text.len(),
                "The file marks this translation as fuzzy (needs review): it is not final.",
            ));
        }
        if ctx.marks.lossy {
            for (i, c) in text.char_indices().filter(|(_, c)| *c == '\u{FFFD}') {
                out.push(finding(
                    Rule::InvalidBytes,
                    i..i + c.len_utf8(),
                    "Bytes that are not valid UTF-8 stand here (shown as U+FFFD): the file is damaged or in another encoding.",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, marks: crate::checks::Marks) -> Vec<Finding> {
        let lang = crate::lang::language("fr").unwrap();
        let mut ctx = Ctx::new(text, lang);
        ctx.marks = marks;
        let mut out = Vec::new();
        FileMarks.check(&ctx, &mut out);
        out
    }

    #[test]
    fn fuzzy_spans_the_segment_and_bad_bytes_their_replacement() {
        let marks = crate::checks::Marks {
            fuzzy: true,
            lossy: true,
            timing: None,
            plural_form: false,
            single_quantity: false,
        };
        let text = "Caf\u{FFFD} ouvert";
        let out = run(text, marks);
        assert_eq!(out[0].rule, Rule::FuzzySegment);
        assert_eq!(out[0].span, 0..text.len());
        assert_eq!(out[1].rule, Rule::InvalidBytes);
        assert_eq!(&text[out[1].span.clone()], "\u{FFFD}");
        assert!(run(text, crate::checks::Marks::default()).is_empty());
    }
}
