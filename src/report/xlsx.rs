//! XLSX: the review sheet as a real spreadsheet, for reviewers who live in Excel or LibreOffice.
//! Sheet "Findings" has the CSV columns (the same order, `source` included) plus `status` (a
//! drop-down: unreviewed, confirmed, false-positive) and `note`, a frozen bold header, filters on
//! every column, column widths and wrapped long texts. Sheet "Summary" has the run's counts.
//! Every cell is written as a string or a number, never as a formula, so text that starts with
//! `=` stays text. A reviewed sheet saved as CSV is what `mtlint baseline --from-review` reads.

use super::{DocumentReporter, Record, Summary};
use crate::input::{InputError, Segment};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::io::{self, Write};

/// The columns, in order, with their widths (in characters) and whether their text wraps.
const COLUMNS: [(&str, f64, bool); 14] = [
    ("file", 28.0, false),
    ("line", 7.0, false),
    ("column", 8.0, false),
    ("segment", 12.0, false),
    ("rule", 22.0, false),
    ("category", 14.0, false),
    ("severity", 10.0, false),
    ("flagged", 22.0, true),
    ("context", 50.0, true),
    ("message", 60.0, true),
    ("suggestion", 22.0, true),
    ("source", 50.0, true),
    ("status", 15.0, false),
    ("note", 30.0, true),
];

/// Statuses a reviewer picks from (those the HTML page writes and `--from-review` reads).
const STATUSES: [&str; 3] = ["unreviewed", "confirmed", "false-positive"];

/// Excel's limit on the characters of one cell.
const CELL_CHARS: usize = 32_767;
/// Excel's rows per sheet.
const MAX_ROWS: usize = 1_048_576;

/// Collects findings; writes the workbook at the end.
#[derive(Default)]
pub struct XlsxReporter {
    rows: Vec<[String; 12]>,
    errors: Vec<(String, String)>,
}

/// A cell's text within Excel's limit (cut with "…").
fn cell(s: &str) -> String {
    super::cut_chars(s, CELL_CHARS - 1)
}

impl DocumentReporter for XlsxReporter {
    fn finding(&mut self, _out: &mut dyn Write, r: &Record, _seg: &Segment) -> io::Result<()> {
        self.rows.push([
            cell(&r.file),
            r.line.to_string(),
            r.column.to_string(),
            cell(&r.segment),
            r.rule.clone(),
            r.category.as_str().to_string(),
            r.severity.as_str().to_string(),
            cell(&r.flagged),
            cell(&r.context),
            cell(&r.message),
            cell(r.suggestion.as_deref().unwrap_or("")),
            cell(r.source.as_deref().unwrap_or("")),
        ]);
        Ok(())
    }

    fn file_error(&mut self, _out: &mut dyn Write, err: &InputError) -> io::Result<()> {
        self.errors.push((cell(&err.file), cell(&err.to_string())));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.rows.len() >= MAX_ROWS {
            return Err(io::Error::other(format!(
                "{} findings do not fit in one spreadsheet (at most {} rows); use --format csv",
                self.rows.len(),
                MAX_ROWS - 1
            )));
        }
        let bytes = self.workbook(summary).map_err(io::Error::other)?;
        out.write_all(&bytes)
    }
}

impl XlsxReporter {
    fn workbook(&self, summary: &Summary) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_background_color("#DDE4EE");
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let top = Format::new().set_align(FormatAlign::Top);

        let sheet = book.add_worksheet();
        sheet.set_name("Findings")?;
        for (c, (name, width, _)) in COLUMNS.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, *name, &header)?;
            sheet.set_column_width(c, *width)?;
        }
        for (i, row) in self.rows.iter().enumerate() {
            let r = (i + 1) as u32;
            for (c, text) in row.iter().enumerate() {
                let format = if COLUMNS[c].2 { &wrap } else { &top };
                // line and column are numbers (sorting and filtering work on them).
                match (c, text.parse::<f64>()) {
                    (1 | 2, Ok(n)) => sheet.write_number_with_format(r, c as u16, n, format)?,
                    _ => sheet.write_string_with_format(r, c as u16, text, format)?,
                };
            }
        }
        let last_row = self.rows.len() as u32;
        let last_col = (COLUMNS.len() - 1) as u16;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
        if last_row > 0 {
            let status = DataValidation::new()
                .allow_list_strings(&STATUSES)?
                .set_input_message("Mark the finding: confirmed or false-positive")?;
            sheet.add_data_validation(1, 12, last_row, 12, &status)?;
        }

        let sum = book.add_worksheet();
        sum.set_name("Summary")?;
        write_summary(sum, summary, &self.errors, &header)?;
        book.save_to_buffer()
    }
}

/// The run's counts, one per row, and the inputs that could not be read.
fn write_summary(
    sheet: &mut Worksheet,
    s: &Summary,
    errors: &[(String, String)],
    header: &Format,
) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 30.0)?;
    sheet.set_column_width(1, 60.0)?;
    sheet.write_string_with_format(0, 0, "count", header)?;
    sheet.write_string_with_format(0, 1, "value", header)?;
    let mut rows: Vec<(String, f64)> = vec![
        ("files".into(), s.files as f64),
        ("files that could not be read".into(), s.file_errors as f64),
        ("segments".into(), s.segments as f64),
        ("words".into(), s.words as f64),
        ("findings".into(), s.total() as f64),
    ];
    rows.extend(
        s.by_severity
            .iter()
            .map(|(sev, n)| (format!("severity {}", sev.as_str()), *n as f64)),
    );
    rows.extend(
        s.by_category
            .iter()
            .map(|(cat, n)| (format!("category {}", cat.as_str()), *n as f64)),
    );
    rows.push(("MQM penalty".into(), super::json::round2(s.penalty)));
    rows.push((
        "MQM penalty per 1,000 words".into(),
        super::json::round2(s.score()),
    ));
    if let Some(b) = s.baseline {
        rows.push(("hidden by the baseline".into(), b.hidden as f64));
        rows.push(("stale baseline entries".into(), b.stale as f64));
    }
    let mut r = 1;
    for (name, value) in rows {
        sheet.write_string(r, 0, name)?;
        sheet.write_number(r, 1, value)?;
        r += 1;
    }
    for (file, message) in errors {
        sheet.write_string(r, 0, format!("not read: {file}"))?;
        sheet.write_string(r, 1, message)?;
        r += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_to_excels_limit() {
        let long = "é".repeat(CELL_CHARS + 10);
        let c = cell(&long);
        assert_eq!(c.chars().count(), CELL_CHARS);
        assert!(c.ends_with('…'));
        assert_eq!(cell("court"), "court");
    }
}
