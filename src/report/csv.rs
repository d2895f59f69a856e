//! CSV: the review sheet. One row per finding, the fixed header below, cells made inert.

use super::{Encoder, Record, StreamReporter, spreadsheet_safe};
use crate::input::Segment;
use std::io::{self, Write};

/// The exact header.
pub const HEADER: [&str; 11] = [
    "file",
    "line",
    "column",
    "segment",
    "rule",
    "category",
    "severity",
    "flagged",
    "context",
    "message",
    "suggestion",
];

/// Writes findings as CSV rows.
#[derive(Default)]
pub struct CsvReporter {
    header_written: bool,
}

impl CsvReporter {
    fn row(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .buffer_capacity(1024)
            .from_writer(out);
        let safe: Vec<_> = cells.iter().map(|c| spreadsheet_safe(c)).collect();
        w.write_record(safe.iter().map(|c| c.as_bytes()))
            .map_err(io::Error::other)?;
        w.flush()
    }

    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            Self::row(out, &HEADER)?;
        }
        Ok(())
    }

    /// The row of one finding.
    pub fn encode(r: &Record, _seg: &Segment, buf: &mut Vec<u8>) {
        let (line, column) = (r.line.to_string(), r.column.to_string());
        Self::row(
            buf,
            &[
                &r.file,
                &line,
                &column,
                &r.segment,
                &r.rule,
                r.category.as_str(),
                r.severity.as_str(),
                &r.flagged,
                &r.context,
                &r.message,
                r.suggestion.as_deref().unwrap_or(""),
            ],
        )
        .expect("writing to memory does not fail");
    }
}

impl StreamReporter for CsvReporter {
    fn encoder(&self) -> Encoder {
        Self::encode
    }

    fn encoded(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        self.header(out)?;
        out.write_all(bytes)
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &super::Summary) -> io::Result<()> {
        self.header(out)
    }
}
