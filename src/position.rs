//! The one place where byte spans become lines and columns.

use crate::input::Segment;

/// 1-based line and column (counted in Unicode scalar values) of byte `at` of `seg.text`.
pub fn line_col(seg: &Segment, at: usize) -> (usize, usize) {
    let before = &seg.text[..at.min(seg.text.len())];
    match before.rfind('\n') {
        Some(nl) => (
            seg.line + before.matches('\n').count(),
            before[nl + 1..].chars().count() + 1,
        ),
        None => (seg.line, seg.column + before.chars().count()),
    }
}

/// Byte offset in the file of byte `at` of `seg.text`.
pub fn file_offset(seg: &Segment, at: usize) -> u64 {
    seg.offset + at as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let seg = Segment {
            id: "3".into(),
            text: "é Крутских\nsecond ligne".into(),
            line: 3,
            column: 1,
            offset: 10,
        };
        assert_eq!(line_col(&seg, 0), (3, 1));
        assert_eq!(line_col(&seg, "é ".len()), (3, 3));
        assert_eq!(line_col(&seg, "é Крутских\nsecond ".len()), (4, 8));
        assert_eq!(file_offset(&seg, 3), 13);
    }
}
