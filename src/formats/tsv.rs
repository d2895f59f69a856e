//! TSV and CSV with a header row, streamed with the `csv` crate.
//!
//! The header names the columns: [`ReadOptions::source_col`] and [`ReadOptions::target_col`]
//! (default `source` and `target`; matched exactly, else case-insensitively) and an optional
//! `id` column. Each data row is a segment: id = its `id` cell, else the 1-based data row
//! number. In CSV, cells may be quoted (`"a, ""b"""`), and a quote left open at the end of the
//! file is an error naming the line where it opened. In TSV (IANA `text/tab-separated-values`)
//! there is no quoting: a `"` is text like any other (`"Bonjour" dit-il` keeps its quotes, and a
//! cell starting with `"` ends at the next tab); files with quoted cells are CSV
//! (`--input-format csv`). Blank lines are skipped; a row whose number of cells differs from the
//! header's is malformed (in TSV, with a hint when the row has quotes).
//!
//! Inline suppression (see [`crate::suppress`]): a column named `mtlint` whose cell is
//! `ignore` or `ignore[RULES]` (or the whole `mtlint: ignore[RULES]`), or a `note`, `notes`,
//! `comment`, `comments`, `remark` or `remarks` column whose cell contains
//! `mtlint: ignore[RULES]`, suppresses findings in that row.
//!
//! Positions: the `csv` crate gives each record's byte offset and line; the reader keeps the raw
//! bytes of the current record (a tee on the input, trimmed after each record, so memory does not
//! grow with the file) and scans them to find where the target cell's text starts and where it
//! stops following the file (an opening quote, a doubled quote).

use super::{Document, Pos, ReadOptions, Stream, TextBuilder, io_error, malformed, segment};
use crate::input::{InputError, InputErrorKind, Segment};
use crate::suppress::Suppression;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex};

/// The bytes read from the input since `start`.
#[derive(Default)]
struct Log {
    start: u64,
    bytes: Vec<u8>,
}

/// Copies what is read into a shared [`Log`].
struct Tee {
    inner: Box<dyn io::BufRead + Send>,
    log: Arc<Mutex<Log>>,
    /// File offset of the stream's first byte.
    base: u64,
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut log) = self.log.lock() {
            // Decided as the bytes come: a NUL byte is not text, and a record may not grow
            // without end (`/dev/zero`, an unterminated quote in a huge file).
            if let Some(k) = buf[..n].iter().position(|&b| b == 0) {
                let at = self.base + log.start + (log.bytes.len() + k) as u64;
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("binary file (NUL byte at byte offset {at}); skipped"),
                ));
            }
            if log.bytes.len() > crate::input::MAX_LINE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "a record longer than {} MiB; the rest of the file was not checked",
                        crate::input::MAX_LINE >> 20
                    ),
                ));
            }
            log.bytes.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

/// Opens a TSV (`delim` = tab, no quoting) or CSV (`,`, quoting) stream and reads its header.
/// A CSV file whose header line has tabs and no comma is tab-separated with CSV quoting (as
/// Python's `csv` module writes with `delimiter="\t"`).
pub(crate) fn read(
    file: &str,
    mut stream: Stream,
    delim: u8,
    opts: &ReadOptions,
) -> Result<Document, InputError> {
    let quoting = delim != b'\t';
    let delim = match stream.reader.fill_buf() {
        Ok(head) if quoting => {
            let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
            if line.contains(&b'\t') && !line.contains(&b',') {
                b'\t'
            } else {
                delim
            }
        }
        _ => delim,
    };
    let log = Arc::new(Mutex::new(Log::default()));
    let tee = Tee {
        inner: stream.reader,
        log: log.clone(),
        base: stream.base,
    };
    let rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(true)
        .flexible(false)
        .quoting(quoting)
        .from_reader(tee);
    let mut r = TsvReader {
        file: file.to_string(),
        base: stream.base,
        delim,
        quoting,
        log,
        rec: csv::ByteRecord::new(),
        cols: Cols {
            source: 0,
            target: 0,
            id: None,
            notes: Vec::new(),
        },
        row: 0,
        done: false,
        rdr,
    };
    let header = match r.rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(r.csv_error(e)),
    };
    let raw = r.raw(0, r.rdr.position().byte());
    let text = r.check_text(&raw, 0, 1)?;
    r.check_quotes(text, 1)?;
    if header.is_empty() {
        // An empty file: no header, no rows.
        r.done = true;
        return Ok(Document {
            source_lang: None,
            target_lang: None,
            segments: Box::new(r),
        });
    }
    let names: Vec<String> = header
        .iter()
        .map(|c| String::from_utf8_lossy(c).trim().to_string())
        .collect();
    let find = |want: &str| {
        names
            .iter()
            .position(|n| n == want)
            .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(want)))
    };
    let missing = |want: &str| {
        malformed(
            file,
            1,
            1,
            format!(
                "no `{want}` column in the header (columns: {})",
                names.join(", ")
            ),
        )
    };
    r.cols = Cols {
        source: find(&opts.source_col).ok_or_else(|| missing(&opts.source_col))?,
        target: find(&opts.target_col).ok_or_else(|| missing(&opts.target_col))?,
        id: find("id"),
        notes: Vec::new(),
    };
    // Columns that may hold an inline suppression: `mtlint` (`ignore[caps-word]` or the whole
    // directive), and notes or comments holding `mtlint: ignore[…]`.
    r.cols.notes = names
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != r.cols.source && k != r.cols.target && Some(k) != r.cols.id)
        .filter_map(|(k, n)| {
            let n = n.to_ascii_lowercase();
            if n == "mtlint" {
                Some((k, true))
            } else {
                NOTE_COLUMNS.contains(&n.as_str()).then_some((k, false))
            }
        })
        .collect();
    Ok(Document {
        source_lang: None,
        target_lang: None,
        segments: Box::new(r),
    })
}

/// Header names (case-insensitive) of the columns searched for `mtlint: ignore[…]`.
const NOTE_COLUMNS: [&str; 6] = ["note", "notes", "comment", "comments", "remark", "remarks"];

struct Cols {
    source: usize,
    target: usize,
    id: Option<usize>,
    /// Columns that may hold a suppression; `true` for the `mtlint` column, whose cells may
    /// leave out the `mtlint:` (`ignore[caps-word]`).
    notes: Vec<(usize, bool)>,
}

struct TsvReader {
    file: String,
    base: u64,
    delim: u8,
    /// CSV quoting (`"a, ""b"""`); TSV has none.
    quoting: bool,
    log: Arc<Mutex<Log>>,
    rdr: csv::Reader<Tee>,
    rec: csv::ByteRecord,
    cols: Cols,
    row: usize,
    done: bool,
}

impl TsvReader {
    fn csv_error(&self, e: csv::Error) -> InputError {
        let line = e.position().map_or(1, |p| p.line() as usize);
        match e.into_kind() {
            csv::ErrorKind::Io(e) => io_error(&self.file, e),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                // TSV has no quoting: say so when the row has quotes (the rest of the row is
                // still in the log: it starts at the end of the last record read).
                let quoted = !self.quoting
                    && self.log.lock().is_ok_and(|log| {
                        log.bytes
                            .iter()
                            .take_while(|&&b| b != b'\n')
                            .any(|&b| b == b'"')
                    });
                let hint = if quoted {
                    " (in TSV a `\"` is text, not quoting; a file with quoted cells is CSV: \
                     --input-format csv)"
                } else {
                    ""
                };
                malformed(
                    &self.file,
                    line,
                    1,
                    format!("row has {len} cells, the header has {expected_len}{hint}"),
                )
            }
            k => malformed(&self.file, line, 1, format!("{:?}", k)),
        }
    }

    /// The raw bytes from offset `from` to `to` (relative to the start of the stream), dropping
    /// what comes before `to` from the log.
    fn raw(&self, from: u64, to: u64) -> Vec<u8> {
        let Ok(mut log) = self.log.lock() else {
            return Vec::new();
        };
        let a = (from.saturating_sub(log.start) as usize).min(log.bytes.len());
        let b = (to.saturating_sub(log.start) as usize).clamp(a, log.bytes.len());
        let out = log.bytes[a..b].to_vec();
        log.bytes.drain(..b);
        log.start += b as u64;
        out
    }

    /// The raw record as text: NUL bytes and invalid UTF-8 are errors.
    fn check_text<'a>(&self, raw: &'a [u8], from: u64, line: usize) -> Result<&'a str, InputError> {
        let bad = |kind| InputError {
            file: self.file.clone(),
            kind,
        };
        if let Some(p) = raw.iter().position(|&b| b == 0) {
            return Err(bad(InputErrorKind::Binary {
                offset: self.base + from + p as u64,
            }));
        }
        std::str::from_utf8(raw).map_err(|e| {
            let at = e.valid_up_to();
            bad(InputErrorKind::InvalidUtf8 {
                line: line + raw[..at].iter().filter(|&&b| b == b'\n').count(),
                offset: self.base + from + at as u64,
            })
        })
    }

    /// In CSV, a quote still open at the end of the record (which then ran to the end of the
    /// file) is an error at the line and column where it opened.
    fn check_quotes(&self, text: &str, line: usize) -> Result<(), InputError> {
        if !self.quoting {
            return Ok(());
        }
        match open_quote(text, self.delim, line) {
            Some((line, column)) => Err(malformed(
                &self.file,
                line,
                column,
                "unterminated quote: the quoted cell opened here is never closed".to_string(),
            )),
            None => Ok(()),
        }
    }

    fn cell(&self, k: usize) -> String {
        String::from_utf8_lossy(self.rec.get(k).unwrap_or_default()).into_owned()
    }

    fn step(&mut self) -> Result<Option<Segment>, InputError> {
        let mut rec = std::mem::take(&mut self.rec);
        let more = self.rdr.read_byte_record(&mut rec);
        self.rec = rec;
        if !more.map_err(|e| self.csv_error(e))? {
            return Ok(None);
        }
        self.row += 1;
        let (from, line) = self
            .rec
            .position()
            .map_or((0, 1), |p| (p.byte(), p.line() as usize));
        let raw = self.raw(from, self.rdr.position().byte());
        let text = self.check_text(&raw, from, line)?;
        self.check_quotes(text, line)?;
        let target = scan_cell(
            text,
            self.delim,
            self.quoting,
            self.cols.target,
            self.base + from,
            line,
        );
        let id = match self.cols.id {
            Some(k) if !self.cell(k).trim().is_empty() => self.cell(k).trim().to_string(),
            _ => self.row.to_string(),
        };
        let target = match target {
            Some(t) if t.text == self.cell(self.cols.target) => t,
            _ => {
                // Not expected: the scan disagrees with the csv crate. Keep the crate's text,
                // placed at the record.
                let p = Pos {
                    offset: self.base + from,
                    line,
                    column: 1,
                };
                let mut tb = TextBuilder::default();
                tb.replaced(&self.cell(self.cols.target), p);
                tb.finish(p, p)
            }
        };
        let mut seg = segment(id, target, Some(self.cell(self.cols.source)), false);
        for &(k, own) in &self.cols.notes {
            let cell = self.cell(k);
            let cell = cell.trim();
            let here = if own && cell.starts_with("ignore") {
                Suppression::find(&format!("mtlint: {cell}"), line)
            } else {
                Suppression::find(cell, line)
            };
            seg.suppress = Suppression::merge(seg.suppress.take(), here);
        }
        Ok(Some(seg))
    }
}

/// Where a quoted cell of the raw CSV record `text` (starting at line `line`, column 1) opens
/// and is never closed, as `csv-core` parses it: a quote opens a cell only at its start, and
/// `""` inside a quoted cell is a quote.
pub(crate) fn open_quote(text: &str, delim: u8, line: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let (mut line, mut col) = (line, 1);
    let mut at_start = true;
    let mut open = None;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if open.is_some() {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    i += 2;
                    col += 2;
                    continue;
                }
                open = None;
                at_start = false;
            }
        } else if c == b'"' && at_start {
            open = Some((line, col));
        } else {
            at_start = c == delim || c == b'\n' || c == b'\r';
        }
        if c == b'\n' {
            line += 1;
            col = 1;
        } else if c & 0xC0 != 0x80 {
            col += 1;
        }
        i += 1;
    }
    open
}

/// Finds cell `k` of the raw record `text` (which starts at file offset `off`, line `line`,
/// column 1) and builds its text with positions, as `csv-core` parses it: in CSV a cell that
/// starts with `"` is quoted, `""` inside is a quote, and text after the closing quote is kept
/// as is; in TSV (`quoting` false) a `"` is text.
fn scan_cell(
    text: &str,
    delim: u8,
    quoting: bool,
    k: usize,
    off: u64,
    line: usize,
) -> Option<super::Built> {
    let b = text.as_bytes();
    let mut i = 0;
    let (mut line, mut col) = (line, 1);
    // Blank lines skipped before the record.
    while i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
        if b[i] == b'\n' {
            line += 1;
            col = 1;
        }
        i += 1;
    }
    let mut field = 0;
    let pos = |i: usize, line: usize, col: usize| Pos {
        offset: off + i as u64,
        line,
        column: col,
    };
    let adv = |c: u8, line: &mut usize, col: &mut usize| {
        if c == b'\n' {
            *line += 1;
            *col = 1;
        } else if c & 0xC0 != 0x80 {
            *col += 1;
        }
    };
    loop {
        let want = field == k;
        let mut tb = TextBuilder::default();
        let start = pos(i, line, col);
        let mut empty_at = start;
        // The closing quote, where the text ends unless more follows it.
        let mut end_at = None;
        // Appends b[i] (one whole character) verbatim.
        let take = |tb: &mut TextBuilder, i: &mut usize, line: &mut usize, col: &mut usize| {
            let n = text[*i..].chars().next().map_or(1, char::len_utf8);
            if want {
                tb.verbatim(&text[*i..*i + n], pos(*i, *line, *col));
            }
            for &c in &b[*i..*i + n] {
                adv(c, line, col);
            }
            *i += n;
        };
        if quoting && b.get(i) == Some(&b'"') {
            adv(b'"', &mut line, &mut col);
            i += 1;
            empty_at = pos(i, line, col);
            loop {
                match b.get(i) {
                    None => break,
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                        if want {
                            tb.replaced("\"", pos(i, line, col));
                        }
                        col += 2;
                        i += 2;
                    }
                    Some(b'"') => {
                        end_at = Some(pos(i, line, col));
                        col += 1;
                        i += 1;
                        break;
                    }
                    Some(_) => take(&mut tb, &mut i, &mut line, &mut col),
                }
            }
        }
        while let Some(&c) = b.get(i) {
            if c == delim || c == b'\n' || c == b'\r' {
                break;
            }
            take(&mut tb, &mut i, &mut line, &mut col);
            end_at = None;
        }
        if want {
            return Some(tb.finish(end_at.unwrap_or(pos(i, line, col)), empty_at));
        }
        match b.get(i) {
            Some(&c) if c == delim => {
                col += 1;
                i += 1;
                field += 1;
            }
            _ => return None,
        }
    }
}

impl Iterator for TsvReader {
    type Item = Result<Segment, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let step = self.step();
        super::fuse(&mut self.done, step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;

    fn read_str(
        s: &str,
        delim: u8,
        opts: &ReadOptions,
    ) -> Result<Vec<Result<Segment, InputError>>, InputError> {
        let stream = Stream {
            reader: Box::new(io::Cursor::new(s.as_bytes().to_vec())),
            base: 0,
        };
        Ok(read("t.csv", stream, delim, opts)?.segments.collect())
    }

    #[test]
    fn csv_rows_with_quotes_and_ids() {
        let s = "id,source,target\nhello,\"Hello, \"\"world\"\"\",\"Bonjour, « monde » et \"\"tous\"\"\"\r\n\n,Two,Deux\n,Multi,\"ligne 1\nligne 2\"\n";
        let segs: Vec<Segment> = read_str(s, b',', &ReadOptions::default())
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        check_positions(s, &segs, "\"");
        let got: Vec<(&str, &str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.source.as_deref().unwrap(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "hello",
                    "Hello, \"world\"",
                    "Bonjour, « monde » et \"tous\""
                ),
                ("2", "Two", "Deux"),
                ("3", "Multi", "ligne 1\nligne 2"),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (2, 27));
        assert_eq!((segs[1].line, segs[1].column), (4, 6));
        assert_eq!((segs[2].line, segs[2].column), (5, 9));
    }

    #[test]
    fn tsv_columns_chosen_by_name() {
        let s = "EN\tnote\tFR\nOpen file\tx\tOuvrir le fichier\nEmpty\t\t\n";
        let opts = ReadOptions {
            source_col: "en".into(),
            target_col: "fr".into(),
            ..ReadOptions::default()
        };
        let segs: Vec<Segment> = read_str(s, b'\t', &opts)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        check_positions(s, &segs, "");
        assert_eq!(
            (segs[0].text.as_str(), segs[0].line, segs[0].column),
            ("Ouvrir le fichier", 2, 13)
        );
        assert_eq!(
            (segs[1].text.as_str(), segs[1].line, segs[1].column),
            ("", 3, 8)
        );
        let e = read_str(s, b'\t', &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("no `source` column"), "{e}");
        assert!(
            read_str("", b'\t', &ReadOptions::default())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn ragged_rows_and_bad_bytes() {
        let segs = read_str(
            "source\ttarget\na\tb\nc\td\te\n",
            b'\t',
            &ReadOptions::default(),
        )
        .unwrap();
        assert!(segs[0].is_ok());
        match &segs[1].as_ref().unwrap_err().kind {
            InputErrorKind::Malformed { line, message, .. } => assert_eq!(*line, 3, "{message}"),
            k => panic!("{k:?}"),
        }
        let stream = Stream {
            reader: Box::new(io::Cursor::new(b"source,target\na,b\xff\n".to_vec())),
            base: 0,
        };
        let segs: Vec<_> = read("t.csv", stream, b',', &ReadOptions::default())
            .unwrap()
            .segments
            .collect();
        assert_eq!(
            segs[0].as_ref().unwrap_err().kind,
            InputErrorKind::InvalidUtf8 {
                line: 2,
                offset: 17
            }
        );
    }

    /// In TSV a `"` is text: quotes around a cell or a quote starting a cell are kept, and a
    /// cell starting with `"` ends at the next tab (it used to run on and merge rows).
    #[test]
    fn tsv_quotes_are_text() {
        let s = "source\ttarget\nHe said\t\"Bonjour\" dit-il\nOpen\t\"Ouvrir\nSave\tEnregistrer\n";
        let segs: Vec<Segment> = read_str(s, b'\t', &ReadOptions::default())
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        check_positions(s, &segs, "");
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.source.as_deref().unwrap(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("He said", "\"Bonjour\" dit-il"),
                ("Open", "\"Ouvrir"),
                ("Save", "Enregistrer"),
            ]
        );
        // A ragged row with quotes says TSV has no quoting.
        let segs = read_str(
            "source\ttarget\n\"a\tb\"\tc\n",
            b'\t',
            &ReadOptions::default(),
        )
        .unwrap();
        let e = segs[0].as_ref().unwrap_err().to_string();
        assert!(
            e.contains("3 cells") && e.contains("--input-format csv"),
            "{e}"
        );
    }

    /// In CSV an unterminated quote is an error at the line and column where it opened, in the
    /// header as in a row (it used to swallow the rest of the file into one cell).
    #[test]
    fn csv_unterminated_quote_is_an_error_at_its_line() {
        let segs = read_str(
            "source,target\na,b\nc,\"d\ne,f\ng,h\n",
            b',',
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(segs[0].as_ref().unwrap().text, "b");
        assert_eq!(
            segs[1].as_ref().unwrap_err().kind,
            InputErrorKind::Malformed {
                line: 3,
                column: 3,
                message: "unterminated quote: the quoted cell opened here is never closed".into()
            }
        );
        assert_eq!(segs.len(), 2);
        let e = read_str("source,\"target\n", b',', &ReadOptions::default()).unwrap_err();
        assert!(
            e.to_string().starts_with("t.csv:1:8: unterminated quote"),
            "{e}"
        );
        // Closed quotes, doubled quotes and a quote inside an unquoted cell are fine.
        assert_eq!(open_quote("a,\"b\"\"c\",d\"e\n", b',', 1), None);
        assert_eq!(open_quote("a,\"b\"\"\n", b',', 1), Some((1, 3)));
    }

    /// `--input-format csv` on a tab-separated file with CSV quoting (a header with tabs and no
    /// comma) reads it with tabs and quoting.
    #[test]
    fn csv_with_a_tab_header_is_tab_separated_and_quoted() {
        let s = "source\ttarget\n\"He said \"\"hi\"\"\"\t\"Il a dit, « salut »\"\n";
        let segs: Vec<Segment> = read_str(s, b',', &ReadOptions::default())
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        check_positions(s, &segs, "");
        assert_eq!(segs[0].source.as_deref(), Some("He said \"hi\""));
        assert_eq!(segs[0].text, "Il a dit, « salut »");
    }

    #[test]
    fn the_mtlint_column_and_notes_suppress_their_row() {
        let tsv = "id\tsource\ttarget\tmtlint\tNotes\n\
                   a\tClick Save\tCliquez sur SAUVEGARDER\tignore[caps-word]\t\n\
                   b\tOpen\tOuvrir\t\treviewed; mtlint: ignore[fr-*]\n\
                   c\tClose\tFermer\tmtlint: ignore\t\n\
                   d\tQuit\tQuitter\t\tmtlint is fine here\n";
        let segs: Vec<Segment> = read_str(tsv, b'\t', &ReadOptions::default())
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let sel = |k: usize| segs[k].suppress.as_ref().map(|s| s.selectors.clone());
        assert_eq!(sel(0), Some(vec!["caps-word".to_string()]));
        assert_eq!(segs[0].suppress.as_ref().unwrap().line, 2);
        assert_eq!(sel(1), Some(vec!["fr-*".to_string()]));
        assert_eq!(sel(2), Some(vec![]));
        assert_eq!(sel(3), None);
    }
}
