//! MQM: tab-separated values in the layout of the WMT MQM annotations (Freitag et al. 2021), so
//! that the tools written for those files read mtlint's findings as one more rater's:
//!
//! `system  doc  doc_id  seg_id  rater  source  target  category  severity`
//!
//! - `system`: `-` (the MT system that produced the text is unknown to mtlint);
//! - `doc`: the path as given (`-` for standard input);
//! - `doc_id`: 1-based index of the document among the inputs checked, in path order;
//! - `seg_id`: the segment id (the line number for plain text);
//! - `rater`: `mtlint`;
//! - `source`: the source text the segment translates, for bilingual inputs; empty for plain text;
//! - `target`: the segment text with the flagged span marked `<v>…</v>`, as WMT marks error spans;
//!   the marks are the only `<v>` and `</v>` in the cell: where the text itself has one, its `<`
//!   is written `&lt;` (and an `&lt;v>` already in the text gets one more `amp;`: `&amp;lt;v>`),
//!   so the span is found, and the text recovered, without ambiguity;
//! - `category`, `severity`: the MQM class of the rule (`data/mqm.toml`, `mqm::classify`).
//!
//! One row per finding, in file, line, column order; segments without findings have no row.
//! Cells are made single-line: a tab, CR or LF inside a cell becomes one space each (so the
//! column count never changes; the marked span keeps its length). Cells are otherwise written
//! as they are: no quoting and no spreadsheet prefix, since the target text must stay the
//! segment's text for MQM tools (use `--format csv` for a sheet to open in a spreadsheet).
//! After the rows come summary lines, each starting with `#` (a data row always starts with
//! `-`): the MQM-style penalty and score per 1,000 words of each document, then overall. Drop
//! them with `grep -v '^#'` before handing the file to a strict TSV reader.
//!
//! Buffered: `doc_id` is known only once every input has been read.

use super::{DocumentReporter, Record, Summary};
use crate::input::Segment;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The exact header.
pub const HEADER: [&str; 9] = [
    "system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity",
];

/// Opening and closing marks around the flagged span in `target`.
pub const MARK: (&str, &str) = ("<v>", "</v>");

/// Collects rows and writes them with the summary at the end.
#[derive(Default)]
pub struct MqmTsvReporter {
    /// (doc, seg_id, source, target, category, severity)
    rows: Vec<[String; 6]>,
}

/// A tab, CR or LF becomes a space.
pub fn cell(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ")
}

/// `s` with no `<v>` or `</v>` left: the `<` of each is written `&lt;`, and an `&` that starts
/// such an escape already (`&lt;v>`, `&amp;lt;v>`, …) gets one more `amp;`, so the text is
/// recovered by undoing exactly one level.
pub fn unmarked(s: &str) -> std::borrow::Cow<'_, str> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:<|&((?:amp;)*)lt;)(/?v>)").expect("valid regex")
    });
    RE.replace_all(s, |c: &regex::Captures| match c.get(1) {
        Some(amps) => format!("&amp;{}lt;{}", amps.as_str(), &c[2]),
        None => format!("&lt;{}", &c[2]),
    })
}

/// `2 findings in 1 segment, 20 words`
fn counts(findings: u64, segments: u64, words: u64) -> String {
    format!(
        "{} in {}, {}",
        super::count(findings, "finding"),
        super::count(segments, "segment"),
        super::count(words, "word")
    )
}

impl DocumentReporter for MqmTsvReporter {
    fn finding(&mut self, _out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        let t = &seg.text;
        let (a, b) = (r.segment_byte_start, r.segment_byte_end);
        let target = format!(
            "{}{}{}{}{}",
            unmarked(&t[..a]),
            MARK.0,
            unmarked(&t[a..b]),
            MARK.1,
            unmarked(&t[b..])
        );
        let mqm = crate::mqm::classify(&r.rule, r.category);
        self.rows.push([
            cell(&r.file),
            cell(&r.segment),
            cell(seg.source.as_deref().unwrap_or("")),
            cell(&target),
            cell(&mqm.category),
            cell(&mqm.severity),
        ]);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(out, "{}", HEADER.join("\t"))?;
        let doc_ids: BTreeMap<String, usize> = s
            .per_file
            .keys()
            .enumerate()
            .map(|(i, p)| (cell(p), i + 1))
            .collect();
        for [doc, seg, source, target, category, severity] in &self.rows {
            let doc_id = doc_ids.get(doc).map_or(String::new(), usize::to_string);
            writeln!(
                out,
                "-\t{doc}\t{doc_id}\t{seg}\tmtlint\t{source}\t{target}\t{category}\t{severity}"
            )?;
        }
        for (i, (path, f)) in s.per_file.iter().enumerate() {
            writeln!(
                out,
                "# doc_id {}, {}: {}; MQM-style penalty {:.2}, {:.2} per 1,000 words",
                i + 1,
                cell(path),
                counts(f.findings, f.segments, f.words),
                f.penalty,
                f.score()
            )?;
        }
        writeln!(
            out,
            "# total, {}: {}; MQM-style penalty {:.2}, {:.2} per 1,000 words",
            super::count(s.files as u64, "file"),
            counts(s.total(), s.segments, s.words),
            s.penalty,
            s.score()
        )?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(cell("a\tb\r\nc"), "a b  c");
    }

    /// A text that itself contains `<v>`: the marks stay the only ones, and escapes already in
    /// the text get one more level.
    #[test]
    fn marks_are_unambiguous() {
        assert_eq!(unmarked("x <v>y</v> <b>"), "x &lt;v>y&lt;/v> <b>");
        assert_eq!(
            unmarked("&lt;v> &amp;lt;/v> &lt;b>"),
            "&amp;lt;v> &amp;amp;lt;/v> &lt;b>"
        );
        assert!(matches!(unmarked("a < b"), std::borrow::Cow::Borrowed(_)));
    }
}
