//! Reporters turn located findings into bytes, one file per output format.

use crate::finding::{Category, Finding, Severity};
use crate::input::{InputError, Segment};
use crate::position;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

mod csv;
mod github;
mod html;
mod json;
mod jsonl;
mod mqm_tsv;
mod sarif;
mod text;
mod xlsx;

pub use self::csv::CsvReporter;
pub use self::github::GithubReporter;
pub use self::html::HtmlReporter;
pub use self::json::JsonReporter;
pub use self::jsonl::JsonlReporter;
pub use self::mqm_tsv::MqmTsvReporter;
pub use self::sarif::SarifReporter;
pub use self::text::TextReporter;
pub use self::xlsx::XlsxReporter;

/// `1 finding`, `2 findings`, `0 findings`: a count and an English noun with a regular plural,
/// as every summary writes its counts.
pub(crate) fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A finding placed in its file: everything every format needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The path as given (`-` for standard input).
    pub file: String,
    /// 1-based line where the flagged text starts.
    pub line: usize,
    /// 1-based column (Unicode scalar values) where it starts.
    pub column: usize,
    /// 1-based line where it ends.
    pub end_line: usize,
    /// 1-based column just past its end.
    pub end_column: usize,
    /// Segment id.
    pub segment: String,
    /// Rule id.
    pub rule: String,
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// The exact flagged text.
    pub flagged: String,
    /// A few words each side of the flagged text.
    pub context: String,
    /// Explanation.
    pub message: String,
    /// Replacement, where known.
    pub suggestion: Option<String>,
    /// Byte offset of the flagged text in the file.
    pub byte_start: u64,
    /// Byte offset just past the flagged text in the file.
    pub byte_end: u64,
    /// Byte offset of the flagged text in the segment.
    pub segment_byte_start: usize,
    /// Byte offset just past the flagged text in the segment.
    pub segment_byte_end: usize,
    /// Target language code.
    pub lang: String,
    /// The segment's source text, for bilingual input (`None` for monolingual input). A source
    /// longer than [`SOURCE_CHARS`] characters is cut there, with "…".
    pub source: Option<String>,
}

/// The longest source text a record carries, in characters: a reviewer's cell, and a bound on
/// the memory of records of one huge segment.
pub const SOURCE_CHARS: usize = 2000;

/// The source as a record carries it: cut after [`SOURCE_CHARS`] characters, with "…".
fn record_source(source: Option<&str>) -> Option<String> {
    Some(cut_chars(source?, SOURCE_CHARS))
}

/// `s`, or its first `keep` characters followed by "…" when it is longer.
pub(crate) fn cut_chars(s: &str, keep: usize) -> String {
    match s.char_indices().nth(keep) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

impl Record {
    /// What the fixer needs of this record (see [`crate::fix::Fixer::take`]).
    pub fn fix_request(&self) -> crate::fix::Request<'_> {
        crate::fix::Request {
            file: &self.file,
            rule: &self.rule,
            lang: &self.lang,
            suggestion: self.suggestion.as_deref(),
            span: self.segment_byte_start..self.segment_byte_end,
        }
    }

    /// Places `f` from segment `seg` of `file`.
    pub fn new(file: &str, seg: &Segment, f: &Finding, lang: &str) -> Record {
        let mut locs = (position::Locator::new(), position::Locator::new());
        Record::located(file, seg, f, lang, &mut locs)
    }

    /// The same, with locators (for starts, for ends) shared by the findings of one segment
    /// taken in position order.
    pub fn located(
        file: &str,
        seg: &Segment,
        f: &Finding,
        lang: &str,
        locs: &mut (position::Locator, position::Locator),
    ) -> Record {
        Record::placed(file, seg, f.clone(), lang, locs)
    }

    /// [`Record::located`] taking the finding over (its texts are moved, not copied).
    pub fn placed(
        file: &str,
        seg: &Segment,
        f: Finding,
        lang: &str,
        locs: &mut (position::Locator, position::Locator),
    ) -> Record {
        let (line, column) = locs.0.line_col(seg, f.span.start);
        let (end_line, end_column) = locs.1.line_col(seg, f.span.end);
        Record {
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            segment: seg.id.clone(),
            rule: f.rule,
            category: f.category,
            severity: f.severity,
            flagged: seg.text[f.span.clone()].to_string(),
            context: context(&seg.text, f.span.clone()),
            message: f.message,
            suggestion: f.suggestion,
            byte_start: position::file_offset(seg, f.span.start),
            byte_end: position::file_offset(seg, f.span.end),
            segment_byte_start: f.span.start,
            segment_byte_end: f.span.end,
            lang: lang.to_string(),
            source: record_source(seg.source.as_deref()),
        }
    }
}

/// Words of context kept on each side of a flagged span.
const CONTEXT_WORDS: usize = 5;
/// At most this many characters on each side.
const CONTEXT_CHARS: usize = 50;

/// The flagged text with up to five words (50 characters) each side, "…" where cut; whitespace
/// runs (line breaks, tabs) are folded to one space.
pub fn context(text: &str, span: std::ops::Range<usize>) -> String {
    let before = &text[..span.start];
    let after = &text[span.end..];
    let mut start = before.len();
    let mut words = 0;
    let mut chars = 0;
    let mut in_word = false;
    for (i, c) in before.char_indices().rev() {
        chars += 1;
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
            }
            if words >= CONTEXT_WORDS {
                break;
            }
        } else {
            in_word = true;
        }
        if chars > CONTEXT_CHARS {
            break;
        }
        start = i;
    }
    let mut end = 0;
    words = 0;
    chars = 0;
    in_word = false;
    for (i, c) in after.char_indices() {
        chars += 1;
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
            }
            if words >= CONTEXT_WORDS {
                break;
            }
        } else {
            in_word = true;
        }
        if chars > CONTEXT_CHARS {
            break;
        }
        end = i + c.len_utf8();
    }
    // The pieces, with whitespace runs folded to one space (and none at either end), written
    // straight into the result.
    let mut folded = String::with_capacity(span.len() + before.len() - start + end + 8);
    let mut space = false;
    let lead = if start > 0 { "…" } else { "" };
    let trail = if end < after.trim_end().len() {
        "…"
    } else {
        ""
    };
    for piece in [
        lead,
        before[start..].trim_start(),
        &text[span],
        after[..end].trim_end(),
        trail,
    ] {
        for (k, word) in piece.split(char::is_whitespace).enumerate() {
            space |= k > 0;
            if !word.is_empty() {
                if space && !folded.is_empty() {
                    folded.push(' ');
                }
                space = false;
                folded.push_str(word);
            }
        }
    }
    folded
}

/// Counts for one input file.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct FileCounts {
    /// Segments checked.
    pub segments: u64,
    /// Words checked.
    pub words: u64,
    /// Findings.
    pub findings: u64,
    /// Sum of MQM penalties (data/mqm.toml).
    pub penalty: f64,
}

impl FileCounts {
    /// MQM-style penalty per 1,000 words.
    pub fn score(&self) -> f64 {
        crate::mqm::score(self.penalty, self.words)
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Inputs checked (including those that failed).
    pub files: usize,
    /// Inputs that could not be read.
    pub file_errors: usize,
    /// Segments checked.
    pub segments: u64,
    /// Words checked.
    pub words: u64,
    /// Findings by severity.
    pub by_severity: BTreeMap<Severity, u64>,
    /// Findings by category.
    pub by_category: BTreeMap<Category, u64>,
    /// Sum of MQM penalties over all findings.
    pub penalty: f64,
    /// Per input file, by path as given.
    pub per_file: BTreeMap<String, FileCounts>,
    /// What a baseline hid, when one was used.
    pub baseline: Option<BaselineCounts>,
    /// Findings dropped by inline suppressions (`mtlint: ignore[…]` in the files).
    pub suppressed: u64,
    /// Segments not checked because the file marks them locked or approved (see
    /// `--include-locked`).
    pub locked: u64,
}

/// Baseline matching counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BaselineCounts {
    /// Findings hidden because they are in the baseline.
    pub hidden: u64,
    /// Baseline entries that no longer match any finding (in the files checked).
    pub stale: u64,
}

/// What the summary counts of a finding: its severity, category and MQM penalty. Small enough to
/// travel with a finding's encoded bytes when the record itself is not kept.
#[derive(Debug, Clone, Copy)]
pub struct Tally {
    /// The finding's severity.
    pub severity: Severity,
    /// The finding's category.
    pub category: Category,
    /// Its MQM penalty (see [`crate::mqm`]).
    pub weight: f64,
}

impl Tally {
    /// The tally of a record.
    pub fn of(r: &Record) -> Tally {
        Tally {
            severity: r.severity,
            category: r.category,
            weight: crate::mqm::classify(&r.rule, r.category).weight(),
        }
    }
}

impl Summary {
    /// Adds one finding to the counts.
    pub fn count(&mut self, r: &Record) {
        self.count_tally(&r.file, Tally::of(r));
    }

    /// Adds one finding of `file` to the counts.
    pub fn count_tally(&mut self, file: &str, t: Tally) {
        let Tally {
            severity,
            category,
            weight,
        } = t;
        *self.by_severity.entry(severity).or_default() += 1;
        *self.by_category.entry(category).or_default() += 1;
        self.penalty += weight;
        let f = match self.per_file.get_mut(file) {
            Some(f) => f,
            None => self.per_file.entry(file.to_string()).or_default(),
        };
        f.findings += 1;
        f.penalty += weight;
    }

    /// Takes over the finding counts of `other` (counted while reporting).
    pub fn absorb_findings(&mut self, other: Summary) {
        self.by_severity = other.by_severity;
        self.by_category = other.by_category;
        self.penalty = other.penalty;
        for (file, c) in other.per_file {
            let f = self.per_file.entry(file).or_default();
            f.findings = c.findings;
            f.penalty = c.penalty;
        }
    }

    /// Records the segments and words checked in `file`.
    pub fn add_file(&mut self, file: &str, segments: u64, words: u64) {
        self.segments += segments;
        self.words += words;
        let f = self.per_file.entry(file.to_string()).or_default();
        f.segments += segments;
        f.words += words;
    }

    /// MQM-style penalty per 1,000 words over all files.
    pub fn score(&self) -> f64 {
        crate::mqm::score(self.penalty, self.words)
    }

    /// Total findings.
    pub fn total(&self) -> u64 {
        self.by_severity.values().sum()
    }

    /// The most severe finding's severity.
    pub fn max_severity(&self) -> Option<Severity> {
        self.by_severity.keys().next_back().copied()
    }
}

/// The bytes of one finding in a streaming format, appended to a buffer: they depend on the record
/// and its segment alone, so that they can be made on any thread, ahead of time.
pub type Encoder = fn(rec: &Record, segment: &Segment, buf: &mut Vec<u8>);

/// A format that writes each finding as it comes (text, CSV, JSON Lines, GitHub): the bytes of
/// a finding are made from that finding alone, by the thread that checked it.
pub trait StreamReporter {
    /// How to make the bytes of one finding.
    fn encoder(&self) -> Encoder;
    /// Writes the bytes [`StreamReporter::encoder`] made for one or more findings, in order.
    fn encoded(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)
    }
    /// An input that could not be read (the CLI also prints it to standard error).
    fn file_error(&mut self, _out: &mut dyn Write, _err: &InputError) -> io::Result<()> {
        Ok(())
    }
    /// The end of the report.
    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// A format that is one document written at the end (JSON, SARIF, HTML, MQM TSV): it collects
/// the findings.
pub trait DocumentReporter {
    /// One finding, with the text of its segment.
    fn finding(&mut self, out: &mut dyn Write, rec: &Record, segment: &Segment) -> io::Result<()>;
    /// An input that could not be read (the CLI also prints it to standard error).
    fn file_error(&mut self, _out: &mut dyn Write, _err: &InputError) -> io::Result<()> {
        Ok(())
    }
    /// The end of the report.
    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// An output format: a stream of findings or a document. The two kinds are different types,
/// so a format cannot lack both a way to encode findings and a way to collect them.
pub enum Reporter {
    /// Writes each finding as it comes.
    Stream(Box<dyn StreamReporter>),
    /// Collects the findings and writes one document at the end.
    Document(Box<dyn DocumentReporter>),
}

impl Reporter {
    /// One finding, with the text of its segment.
    pub fn finding(
        &mut self,
        out: &mut dyn Write,
        rec: &Record,
        segment: &Segment,
    ) -> io::Result<()> {
        match self {
            Reporter::Stream(r) => {
                let mut buf = Vec::new();
                (r.encoder())(rec, segment, &mut buf);
                r.encoded(out, &buf)
            }
            Reporter::Document(r) => r.finding(out, rec, segment),
        }
    }

    /// For a stream, how to make the bytes of one finding on the thread that checked it.
    pub fn encoder(&self) -> Option<Encoder> {
        match self {
            Reporter::Stream(r) => Some(r.encoder()),
            Reporter::Document(_) => None,
        }
    }

    /// Writes bytes made by [`Reporter::encoder`]; a document has no encoder, so it gets none.
    pub fn encoded(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        match self {
            Reporter::Stream(r) => r.encoded(out, bytes),
            Reporter::Document(_) if bytes.is_empty() => Ok(()),
            Reporter::Document(_) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a document format takes findings, not encoded bytes",
            )),
        }
    }

    /// An input that could not be read.
    pub fn file_error(&mut self, out: &mut dyn Write, err: &InputError) -> io::Result<()> {
        match self {
            Reporter::Stream(r) => r.file_error(out, err),
            Reporter::Document(r) => r.file_error(out, err),
        }
    }

    /// The end of the report.
    pub fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        match self {
            Reporter::Stream(r) => r.finish(out, summary),
            Reporter::Document(r) => r.finish(out, summary),
        }
    }
}

/// The finding's message with its suggestion appended, for formats that have one text field
/// (SARIF, GitHub annotations): `… Suggestion: “États-Unis”.`; an empty suggestion means deletion.
pub fn message_with_suggestion(r: &Record) -> String {
    let m = r.message.trim_end();
    let Some(s) = &r.suggestion else {
        return m.to_string();
    };
    let sep = if m.ends_with(['.', '!', '?', '…']) {
        " S"
    } else {
        "; s"
    };
    if s.is_empty() {
        format!("{m}{sep}uggestion: delete “{}”.", r.flagged)
    } else {
        format!("{m}{sep}uggestion: “{s}”.")
    }
}

/// Makes a cell inert for spreadsheets (OWASP CSV injection): a leading `=`, `+`, `-`, `@`, tab or
/// carriage return gets a `'` in front. A lone `-` (standard input) cannot execute and is kept.
/// A cell that itself starts with `'` before such a character gets one more, so that the guard
/// can be undone: a `'` in front of a cell that would be guarded is always the guard.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Whether [`spreadsheet_safe`] puts a `'` in front of `cell`.
pub fn needs_guard(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => cell != "-",
        Some('\'') => needs_guard(&cell[1..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keeps_a_few_words_each_side() {
        let t = "un deux trois quatre cinq six sept Крутских huit neuf dix onze douze treize";
        let start = t.find("Крутских").unwrap();
        let c = context(t, start..start + "Крутских".len());
        assert_eq!(
            c,
            "…trois quatre cinq six sept Крутских huit neuf dix onze douze…"
        );
        assert_eq!(context("a Крутских", 2..18), "a Крутских");
    }

    #[test]
    fn context_folds_whitespace_like_split_and_join() {
        let old = |text: &str, span: std::ops::Range<usize>| {
            // The definition: the pieces joined, then whitespace runs folded.
            let c = context(text, span);
            assert_eq!(c, c.split_whitespace().collect::<Vec<_>>().join(" "));
            c
        };
        let t = "un  deux\ttrois\n quatre cinq six sept\u{A0} Крутских \r\nhuit neuf dix onze douze treize";
        let start = t.find("Крутских").unwrap();
        assert_eq!(
            old(t, start..start + "Крутских".len()),
            "…trois quatre cinq six sept Крутских huit neuf dix onze douze…"
        );
        assert_eq!(old("  a  b  ", 2..6), "a b");
        assert_eq!(old(" x", 1..2), "x");
        assert_eq!(old("x ", 0..1), "x");
        let long = "mot ".repeat(30);
        assert_eq!(
            old(&long, 60..63),
            "…mot mot mot mot mot mot mot mot mot mot mot…"
        );
    }

    #[test]
    fn dangerous_cells_are_made_inert() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1"), "'+1");
        assert_eq!(spreadsheet_safe("@SUM"), "'@SUM");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        // A quote before a formula character is doubled, so the guard is one leading quote.
        assert_eq!(spreadsheet_safe("'-A?"), "''-A?");
        assert_eq!(spreadsheet_safe("''=1"), "'''=1");
        assert_eq!(spreadsheet_safe("'abc"), "'abc");
        assert_eq!(spreadsheet_safe("'-"), "'-");
        assert_eq!(spreadsheet_safe("-"), "-");
        assert_eq!(spreadsheet_safe("– at-il"), "– at-il");
        assert_eq!(spreadsheet_safe("ok"), "ok");
    }
}
