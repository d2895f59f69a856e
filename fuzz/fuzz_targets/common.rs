//! Shared by the reader fuzz targets: arbitrary bytes through one reader; iterate every segment
//! and map every char boundary of every segment to a file position. Nothing may panic.

use mtlint::formats::{InputFormat, ReadOptions, from_reader};
use mtlint::input::Segment;
use std::io::{BufRead, Cursor};

fn positions(seg: &Segment) {
    for (k, _) in seg.text.char_indices() {
        let _ = mtlint::position::line_col(seg, k);
        let _ = mtlint::position::file_offset(seg, k);
    }
    let _ = mtlint::position::line_col(seg, seg.text.len());
    let _ = mtlint::position::file_offset(seg, seg.text.len());
}

/// Reads `data` as `format` and walks every segment's positions.
pub fn exercise(data: &[u8], format: InputFormat, name: &str) {
    let reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(data.to_vec()));
    let doc = match from_reader(name, reader, format, &ReadOptions::default()) {
        Ok(doc) => doc,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    for seg in doc.segments.take(100_000) {
        match seg {
            Ok(seg) => positions(&seg),
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
}
