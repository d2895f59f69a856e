//! CSV: the review sheet. One row per finding, the fixed header below, cells made inert.

use super::{Encoder, Record, StreamReporter, spreadsheet_safe};
use crate::input::Segment;
use std::io::{self, Write};

/// The exact header. `source` (bilingual input: the segment's source text; empty otherwise) came
/// last, after the first release's ten columns, so that sheets read by position keep working.
pub const HEADER: [&str; 12] = [
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
    "source",
];

/// Writes findings as CSV rows.
#[derive(Default)]
pub struct CsvReporter {
    header_written: bool,
    /// Start with a UTF-8 byte-order mark (Excel then reads the file as UTF-8).
    bom: bool,
}

impl CsvReporter {
    /// A reporter whose output starts with a UTF-8 byte-order mark when `bom`: Excel opens a
    /// CSV without one in the machine's legacy code page, and Cyrillic or accented text comes out
    /// garbled.
    pub fn with_bom(bom: bool) -> Self {
        CsvReporter {
            header_written: false,
            bom,
        }
    }

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
            if self.bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
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
                r.source.as_deref().unwrap_or(""),
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
