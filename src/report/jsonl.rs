//! JSON Lines: one object per finding with the CSV fields plus byte offsets, flushed per line so
//! mtlint can run as a streaming map step.

use super::{Encoder, Record, Reporter};
use crate::input::Segment;
use std::io::{self, Write};

/// Writes one JSON object per finding.
#[derive(Default)]
pub struct JsonlReporter;

impl JsonlReporter {
    /// The line of one finding.
    pub fn encode(r: &Record, _seg: &Segment, buf: &mut Vec<u8>) {
        serde_json::to_writer(&mut *buf, r).expect("a record serialises (string keys only)");
        buf.push(b'\n');
    }
}

impl Reporter for JsonlReporter {
    fn finding(&mut self, out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        let mut buf = Vec::new();
        Self::encode(r, seg, &mut buf);
        self.encoded(out, &buf)
    }

    fn encoder(&self) -> Option<Encoder> {
        Some(Self::encode)
    }

    /// Lines are flushed as they come (a segment's at once), so that mtlint can run as a
    /// streaming map step.
    fn encoded(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)?;
        out.flush()
    }
}
