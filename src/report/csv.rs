//! CSV: the review sheet. One row per finding, the fixed header below, cells made inert.

use super::{Record, Reporter, spreadsheet_safe};
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
        let mut w = csv::WriterBuilder::new().from_writer(out);
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))
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
}

impl Reporter for CsvReporter {
    fn finding(&mut self, out: &mut dyn Write, r: &Record, _seg: &Segment) -> io::Result<()> {
        self.header(out)?;
        let (line, column) = (r.line.to_string(), r.column.to_string());
        Self::row(
            out,
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
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &super::Summary) -> io::Result<()> {
        self.header(out)
    }
}
