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

/// Line and column lookups for many positions of one segment, in increasing order: each lookup
/// continues counting from the previous one, so a segment with many findings (a whole book on
/// one line) costs linear time, not quadratic. It holds no reference to the segment, so that it
/// can be kept across the windows of a long segment; start a new one for each segment.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    /// Last answer: byte, line, column, and the anchor it was counted from.
    memo: Option<(usize, usize, usize, usize)>,
}

impl Locator {
    /// A locator for a new segment.
    pub fn new() -> Self {
        Locator::default()
    }

    /// The same as [`line_col`], fast for increasing `at` in the same `seg`.
    pub fn line_col(&mut self, seg: &Segment, at: usize) -> (usize, usize) {
        let at = at.min(seg.text.len());
        let a = anchor(seg, at);
        let (from, mut line, mut col) = match self.memo {
            Some((b, l, c, anchor_text)) if b <= at && anchor_text == a.text => (b, l, c),
            // Back on the same line (the end of a finding before the end of a longer one): the
            // column less the characters stepped back over, not a count from the anchor, which
            // made the ends of a long one-line segment's findings quadratic.
            Some((b, l, c, anchor_text))
                if anchor_text == a.text && !seg.text.as_bytes()[at..b].contains(&b'\n') =>
            {
                let c = c - seg.text[at..b].chars().count();
                self.memo = Some((at, l, c, a.text));
                return (l, c);
            }
            _ => (a.text, a.line, a.column),
        };
        // Lines are counted by their breaks and the column from the last one, without decoding
        // the text character by character.
        let between = &seg.text[from..at];
        match between.rfind('\n') {
            Some(nl) => {
                line += between.bytes().filter(|&b| b == b'\n').count();
                col = between[nl + 1..].chars().count() + 1;
            }
            None => col += between.chars().count(),
        }
        self.memo = Some((at, line, col, a.text));
        (line, col)
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
    fn locator_agrees_with_line_col() {
        let mut seg = Segment::plain("u1", "a & Крутских\nb é c\nfin", 2, 9, 100);
        seg.anchors.push(Anchor {
            text: 3,
            offset: 107,
            line: 2,
            column: 16,
        });
        let mut loc = Locator::new();
        for at in (0..=seg.text.len()).filter(|&i| seg.text.is_char_boundary(i)) {
            assert_eq!(loc.line_col(&seg, at), line_col(&seg, at), "at {at}");
        }
        assert_eq!(
            loc.line_col(&seg, 0),
            line_col(&seg, 0),
            "going back recounts"
        );
        // Every pair of positions, forwards and back (on a line or across lines).
        let at: Vec<usize> = (0..=seg.text.len())
            .filter(|&i| seg.text.is_char_boundary(i))
            .collect();
        for &x in &at {
            for &y in &at {
                loc.line_col(&seg, x);
                assert_eq!(loc.line_col(&seg, y), line_col(&seg, y), "{x} then {y}");
            }
        }
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
