//! JSON Lines: one object per finding with the CSV fields plus byte offsets. Reading a stream
//! (standard input, a pipe), each segment's lines are flushed at once, so that mtlint can run as a
//! streaming map step.

use super::{Encoder, Record, StreamReporter};
use crate::input::Segment;
use std::io::{self, Write};

/// Writes one JSON object per finding.
pub struct JsonlReporter {
    /// Flush after each segment's lines (streaming input); else the output stays buffered.
    flush_each: bool,
}

impl Default for JsonlReporter {
    /// Flushes each segment's lines.
    fn default() -> Self {
        JsonlReporter::streaming(true)
    }
}

impl JsonlReporter {
    /// A reporter that flushes each segment's lines when `flush_each` (input read from a stream,
    /// whose reader may wait for them), and leaves the output buffered otherwise (input read from
    /// regular files: one `write` per buffer instead of one per segment).
    pub fn streaming(flush_each: bool) -> Self {
        JsonlReporter { flush_each }
    }

    /// The line of one finding.
    pub fn encode(r: &Record, _seg: &Segment, buf: &mut Vec<u8>) {
        serde_json::to_writer(&mut *buf, r).expect("a record serialises (string keys only)");
        buf.push(b'\n');
    }
}

impl StreamReporter for JsonlReporter {
    fn encoder(&self) -> Encoder {
        Self::encode
    }

    /// With streaming input, lines are flushed as they come (a segment's at once), so that
    /// mtlint can run as a streaming map step.
    fn encoded(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)?;
        if self.flush_each {
            out.flush()?;
        }
        Ok(())
    }
}
