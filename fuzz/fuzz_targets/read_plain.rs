//! Arbitrary bytes through the plain-text reader (strict and lossy).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::input::{PlainReader, Segment};
use std::io::Cursor;

fn positions(seg: &Segment) {
    for (k, _) in seg.text.char_indices() {
        let _ = mtlint::position::line_col(seg, k);
        let _ = mtlint::position::file_offset(seg, k);
    }
    let _ = mtlint::position::line_col(seg, seg.text.len());
    let _ = mtlint::position::file_offset(seg, seg.text.len());
}

fuzz_target!(|data: &[u8]| {
    for lossy in [false, true] {
        let reader = PlainReader::new("fuzz.txt", Cursor::new(data.to_vec())).lossy(lossy);
        for seg in reader.take(100_000) {
            match seg {
                Ok(seg) => positions(&seg),
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    }
});
