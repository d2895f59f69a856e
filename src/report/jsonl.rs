//! JSON Lines: one object per finding with the CSV fields plus byte offsets, flushed per line so
//! mtlint can run as a streaming map step.

use super::{Record, Reporter};
use crate::input::Segment;
use std::io::{self, Write};

/// Writes one JSON object per finding.
#[derive(Default)]
pub struct JsonlReporter;

impl Reporter for JsonlReporter {
    fn finding(&mut self, out: &mut dyn Write, r: &Record, _seg: &Segment) -> io::Result<()> {
        serde_json::to_writer(&mut *out, r).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}
