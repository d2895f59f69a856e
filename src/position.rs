//! The one place where byte spans become lines and columns.

use crate::input::{Anchor, Segment};

/// The anchor in force at byte `at` of the segment text.
fn anchor(seg: &Segment, at: usize) -> Anchor {
    let first = Anchor {
        text: 0,
        offset: seg.offset,
        line: seg.line,
        column: seg.column,
    };
    let n = seg.anchors.partition_point(|a| a.text <= at);
    if n == 0 { first } else { seg.anchors[n - 1] }
}

/// 1-based line and column (counted in Unicode scalar values) of byte `at` of `seg.text`.
pub fn line_col(seg: &Segment, at: usize) -> (usize, usize) {
    let at = at.min(seg.text.len());
    let a = anchor(seg, at);
    let before = &seg.text[a.text..at];
    match before.rfind('\n') {
        Some(nl) => (
            a.line + before.matches('\n').count(),
            before[nl + 1..].chars().count() + 1,
        ),
        None => (a.line, a.column + before.chars().count()),
    }
}

/// Byte offset in the file of byte `at` of `seg.text`.
pub fn file_offset(seg: &Segment, at: usize) -> u64 {
    let a = anchor(seg, at);
    a.offset + (at - a.text) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let seg = Segment::plain("3", "é Крутских\nsecond ligne", 3, 1, 10);
        assert_eq!(line_col(&seg, 0), (3, 1));
        assert_eq!(line_col(&seg, "é ".len()), (3, 3));
        assert_eq!(line_col(&seg, "é Крутских\nsecond ".len()), (4, 8));
        assert_eq!(file_offset(&seg, 3), 13);
    }

    #[test]
    fn anchors_resume_positions_after_escapes() {
        // File: `<target>a &amp; Крутских</target>` with the text starting at line 2, column 9.
        let mut seg = Segment::plain("u1", "a & Крутских", 2, 9, 100);
        seg.anchors.push(Anchor {
            text: 3,
            offset: 107,
            line: 2,
            column: 16,
        });
        assert_eq!(line_col(&seg, 2), (2, 11));
        assert_eq!(line_col(&seg, 4), (2, 17));
        assert_eq!(file_offset(&seg, 4), 108);
    }
}
