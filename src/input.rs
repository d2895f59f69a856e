//! Reading input: bytes → UTF-8 text → segments. Plain text is streamed line by line; each
//! non-empty line is a segment whose id is its line number. A UTF-8 BOM is skipped and CRLF line
//! ends are handled; UTF-16 with a BOM is decoded. Invalid UTF-8 and binary files are errors that
//! name the file and the byte offset.

use std::fmt;
use std::io::{self, BufRead, Read};

/// One unit of translated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Segment id (the line number for plain text).
    pub id: String,
    /// The text, without its line end.
    pub text: String,
    /// 1-based line of the first character in the file.
    pub line: usize,
    /// 1-based column (Unicode scalar values) of the first character.
    pub column: usize,
    /// Byte offset of the first character in the file.
    pub offset: u64,
    /// The source text this segment translates, for bilingual inputs.
    pub source: Option<String>,
    /// Read with `--lossy`: invalid UTF-8 bytes were replaced by U+FFFD.
    pub lossy: bool,
    /// Marked as needing review in the file (gettext `fuzzy`, XLIFF `needs-review-*` states).
    pub fuzzy: bool,
    /// Where the text does not map one-to-one onto the file (XML entities, inline tags replaced
    /// by placeholders), anchors giving the file position of later parts of the text, sorted by
    /// `text`. Empty for plain text.
    pub anchors: Vec<Anchor>,
    /// One of the plural forms of a gettext entry (`msgstr[N]`).
    pub plural: Option<Plural>,
    /// The gettext context (`msgctxt`): entries whose msgids are equal but whose contexts differ
    /// are different strings ("Open" a file, "Open" as a state).
    pub context: Option<String>,
    /// An inline suppression written for this segment in the file (`mtlint: ignore[…]`).
    pub suppress: Option<crate::suppress::Suppression>,
    /// Locked or approved in the file (XLIFF `approved="yes"`, `state="final"` or
    /// `signed-off`, SDLXLIFF `locked="true"` or `ApprovedSignOff`): not checked unless
    /// `--include-locked`.
    pub locked: bool,
    /// A subtitle cue's display time: start and end in milliseconds from the start of the
    /// video (SRT, WebVTT). `None` for every other format.
    pub timing: Option<(u64, u64)>,
}

/// Which plural form of which entry a segment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plural {
    /// The id the entry's forms share (without the `[N]` of the segment ids).
    pub entry: String,
    /// N of `msgstr[N]`.
    pub form: usize,
}

/// From byte `text` of a segment's text on, the text continues at this file position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the segment text.
    pub text: usize,
    /// Byte offset in the file.
    pub offset: u64,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (Unicode scalar values) in the file.
    pub column: usize,
}

impl Segment {
    /// A plain-text segment: text that stands verbatim in the file at line/column/offset.
    pub fn plain(
        id: impl Into<String>,
        text: impl Into<String>,
        line: usize,
        column: usize,
        offset: u64,
    ) -> Segment {
        Segment {
            id: id.into(),
            text: text.into(),
            line,
            column,
            offset,
            source: None,
            lossy: false,
            fuzzy: false,
            anchors: Vec::new(),
            plural: None,
            context: None,
            suppress: None,
            locked: false,
            timing: None,
        }
    }
}

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputErrorKind {
    /// An I/O error (missing file, permission, directory…).
    Io(String),
    /// Bytes that are not UTF-8.
    InvalidUtf8 {
        /// 1-based line of the bad byte.
        line: usize,
        /// Byte offset of the first bad byte in the file.
        offset: u64,
    },
    /// UTF-16 (with a byte-order mark) that does not decode: an unpaired surrogate, or an odd
    /// number of bytes.
    InvalidUtf16 {
        /// 1-based line of the bad code unit.
        line: usize,
        /// Byte offset of the bad code unit (or of the odd trailing byte) in the file, counting
        /// the byte-order mark.
        offset: u64,
        /// The file ends with an odd byte, half a code unit.
        truncated: bool,
    },
    /// A NUL byte: not a text file.
    Binary {
        /// Byte offset of the NUL byte.
        offset: u64,
    },
    /// The language could not be detected and `--lang` was not given.
    UnknownLanguage(String),
    /// A structured file (XML, PO, TSV, JSON Lines) that does not parse.
    Malformed {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// An input error naming the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The path as given (`-` for standard input).
    pub file: String,
    /// What went wrong.
    pub kind: InputErrorKind,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            InputErrorKind::Io(e) => write!(f, "{}: {e}", self.file),
            InputErrorKind::InvalidUtf8 { line, offset } => write!(
                f,
                "{}: invalid UTF-8 at byte offset {offset} (line {line}); the rest of the file was not checked",
                self.file
            ),
            InputErrorKind::InvalidUtf16 {
                line,
                offset,
                truncated: false,
            } => write!(
                f,
                "{}: invalid UTF-16 at byte offset {offset} (line {line}): an unpaired surrogate; the rest of the file was not checked",
                self.file
            ),
            InputErrorKind::InvalidUtf16 {
                line,
                offset,
                truncated: true,
            } => write!(
                f,
                "{}: invalid UTF-16 at byte offset {offset} (line {line}): the file ends in the middle of a code unit (an odd trailing byte); the rest of the file was not checked",
                self.file
            ),
            InputErrorKind::Binary { offset } => write!(
                f,
                "{}: binary file (NUL byte at byte offset {offset}); skipped",
                self.file
            ),
            InputErrorKind::UnknownLanguage(why) => write!(f, "{}: {why}", self.file),
            InputErrorKind::Malformed {
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", self.file),
        }
    }
}

impl std::error::Error for InputError {}

/// Decodes UTF-16 (the bytes after the 2-byte byte-order mark) to UTF-8. An unpaired surrogate
/// or an odd trailing byte is an error with its byte offset in the file and its line; with
/// `lossy`, each becomes the byte 0xFF instead, invalid UTF-8 that the plain-text reader's
/// `--lossy` replaces by U+FFFD and reports (`invalid-bytes`) like any other bad byte.
pub(crate) fn decode_utf16(raw: &[u8], le: bool, lossy: bool) -> Result<Vec<u8>, InputErrorKind> {
    let unit = |i: usize| {
        let pair = [raw[2 * i], raw[2 * i + 1]];
        if le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    };
    let units = raw.len() / 2;
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 2);
    let mut line = 1;
    let mut i = 0;
    while i < units {
        let u = unit(i);
        let c = match u {
            0xD800..=0xDBFF if i + 1 < units && (0xDC00..=0xDFFF).contains(&unit(i + 1)) => {
                let lo = unit(i + 1);
                let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
                i += 1;
                char::from_u32(c)
            }
            0xD800..=0xDFFF => None,
            _ => char::from_u32(u32::from(u)),
        };
        match c {
            Some(c) => {
                if c == '\n' {
                    line += 1;
                }
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            None if lossy => out.push(0xFF),
            None => {
                return Err(InputErrorKind::InvalidUtf16 {
                    line,
                    offset: 2 + 2 * i as u64,
                    truncated: false,
                });
            }
        }
        i += 1;
    }
    if raw.len() % 2 == 1 {
        if !lossy {
            return Err(InputErrorKind::InvalidUtf16 {
                line,
                offset: 2 + raw.len() as u64 - 1,
                truncated: true,
            });
        }
        out.push(0xFF);
    }
    Ok(out)
}

/// Longest line (or segment, in whole-file formats) read into memory: a stream with no line end
/// (a device, a runaway generator) stops here instead of growing without end.
pub(crate) const MAX_LINE: usize = 256 << 20;

/// How a checked read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadEnd {
    /// Read this many bytes (0 at the end of the input), up to and including the delimiter.
    Done(usize),
    /// A NUL byte at this index of the buffer: not text; reading stopped there.
    Nul(usize),
    /// Bytes that are not UTF-8 at this index of the buffer; reading stopped there.
    Invalid(usize),
    /// More than the cap without a delimiter; reading stopped.
    TooLong,
}

/// Appends bytes of `r` to `buf` up to and including `delim` (`None`: to the end of the input;
/// `Some(b'\r')`: a line end, which is `\n`, `\r\n` or a lone `\r`), deciding as the bytes come
/// rather than after: a NUL byte, or with `utf8` bytes that cannot
/// be UTF-8, or more than `max` bytes stop the read at once. So `/dev/zero` or a binary file
/// costs one buffer, not all the memory there is.
pub(crate) fn read_checked(
    r: &mut (impl BufRead + ?Sized),
    buf: &mut Vec<u8>,
    delim: Option<u8>,
    utf8: bool,
    max: usize,
) -> io::Result<ReadEnd> {
    let start = buf.len();
    // Bytes of `buf` known to be valid UTF-8 (an incomplete sequence at the end waits).
    let mut valid = start;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(ReadEnd::Done(buf.len() - start));
        }
        let (take, found) = match delim {
            Some(b'\r') => match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(k) if chunk[k] == b'\r' && chunk.get(k + 1) == Some(&b'\n') => (k + 2, true),
                Some(k) => (k + 1, true),
                None => (chunk.len(), false),
            },
            Some(d) => match chunk.iter().position(|&b| b == d) {
                Some(k) => (k + 1, true),
                None => (chunk.len(), false),
            },
            None => (chunk.len(), false),
        };
        let at = buf.len();
        buf.extend_from_slice(&chunk[..take]);
        r.consume(take);
        // A `\r` at the end of the buffered bytes: a `\n` may follow in the next ones.
        if delim == Some(b'\r') && found && buf.ends_with(b"\r") {
            loop {
                match r.fill_buf() {
                    Ok(next) => {
                        if next.first() == Some(&b'\n') {
                            buf.push(b'\n');
                            r.consume(1);
                        }
                        break;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            }
        }
        if let Some(k) = buf[at..].iter().position(|&b| b == 0) {
            return Ok(ReadEnd::Nul(at + k));
        }
        if utf8 {
            match std::str::from_utf8(&buf[valid..]) {
                Ok(_) => valid = buf.len(),
                Err(e) if e.error_len().is_some() => {
                    return Ok(ReadEnd::Invalid(valid + e.valid_up_to()));
                }
                Err(e) => valid += e.valid_up_to(),
            }
        }
        if found {
            return Ok(ReadEnd::Done(buf.len() - start));
        }
        if buf.len() - start > max {
            return Ok(ReadEnd::TooLong);
        }
    }
}

/// Streams the segments of a plain-text input.
pub struct PlainReader {
    inner: Box<dyn BufRead + Send>,
    file: String,
    line: usize,
    offset: u64,
    buf: Vec<u8>,
    started: bool,
    done: bool,
    lossy: bool,
    /// Size of a regular file when it was opened: reaching its end sooner means that the file
    /// was truncated while being read (a pipe or standard input has none).
    size: Option<u64>,
    /// Longest line read (see [`MAX_LINE`]).
    max_line: usize,
    /// A directive line (`# mtlint: ignore[…]`) waiting for the next line of text.
    pending: Option<crate::suppress::Suppression>,
}

/// Opens `path` (`-` for standard input) as a plain-text segment stream.
pub fn open(path: &str) -> Result<PlainReader, InputError> {
    let err = |e: io::Error| InputError {
        file: path.to_string(),
        kind: InputErrorKind::Io(e.to_string()),
    };
    let reader: Box<dyn BufRead + Send> = if path == "-" {
        Box::new(io::BufReader::with_capacity(1 << 16, io::stdin()))
    } else {
        let meta = std::fs::metadata(path).map_err(err)?;
        if meta.is_dir() {
            return Err(InputError {
                file: path.to_string(),
                kind: InputErrorKind::Io("is a directory".into()),
            });
        }
        // A named pipe blocks here until a writer opens it; it is then read like standard input.
        let file = std::fs::File::open(path).map_err(err)?;
        let meta = file.metadata().map_err(err)?;
        let mut reader = PlainReader::new(path, io::BufReader::with_capacity(1 << 16, file));
        reader.size = meta.is_file().then_some(meta.len());
        return Ok(reader);
    };
    Ok(PlainReader::new(path, reader))
}

impl PlainReader {
    /// Wraps a reader; `file` names it in errors.
    pub fn new(file: &str, inner: impl BufRead + Send + 'static) -> Self {
        PlainReader {
            inner: Box::new(inner),
            file: file.to_string(),
            line: 0,
            offset: 0,
            buf: Vec::new(),
            started: false,
            done: false,
            lossy: false,
            size: None,
            max_line: MAX_LINE,
            pending: None,
        }
    }

    /// With `on`, invalid UTF-8 does not stop the file: each bad byte sequence becomes U+FFFD,
    /// the segment is marked `lossy`, and positions after it stay exact (anchors).
    pub fn lossy(mut self, on: bool) -> Self {
        self.lossy = on;
        self
    }

    fn error(&mut self, kind: InputErrorKind) -> Option<Result<Segment, InputError>> {
        self.done = true;
        Some(Err(InputError {
            file: self.file.clone(),
            kind,
        }))
    }

    /// Detects a UTF-16 BOM; if present, decodes the whole input and continues from memory.
    fn start(&mut self) -> Result<Option<Vec<u8>>, InputErrorKind> {
        let head = self
            .inner
            .fill_buf()
            .map_err(|e| InputErrorKind::Io(e.to_string()))?;
        let le = head.starts_with(&[0xFF, 0xFE]);
        let be = head.starts_with(&[0xFE, 0xFF]);
        if !(le || be) {
            if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                self.inner.consume(3);
                self.offset = 3;
            }
            return Ok(None);
        }
        let mut raw = Vec::new();
        self.inner
            .read_to_end(&mut raw)
            .map_err(|e| InputErrorKind::Io(e.to_string()))?;
        Ok(Some(decode_utf16(&raw[2..], le, self.lossy)?))
    }
}

/// Lines up to this long are copied out of the reader's line buffer, which is kept.
const KEPT_LINE_BUFFER: usize = 64 * 1024;

impl Iterator for PlainReader {
    type Item = Result<Segment, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            match self.start() {
                Ok(Some(decoded)) => {
                    // UTF-16: continue over the decoded text; byte offsets then count the
                    // UTF-8 bytes of the decoded text (lines and columns are exact).
                    self.inner = Box::new(io::Cursor::new(decoded));
                    self.offset = 0;
                    self.size = None;
                }
                Ok(None) => {}
                Err(kind) => return self.error(kind),
            }
        }
        loop {
            self.buf.clear();
            // Line ends: `\n`, `\r\n` or a lone `\r` (classic Mac OS).
            let read = read_checked(
                &mut self.inner,
                &mut self.buf,
                Some(b'\r'),
                !self.lossy,
                self.max_line,
            );
            let n = match read {
                Ok(ReadEnd::Done(n)) => n,
                Ok(ReadEnd::Nul(p)) => {
                    let offset = self.offset + p as u64;
                    return self.error(InputErrorKind::Binary { offset });
                }
                Ok(ReadEnd::Invalid(p)) => {
                    let (line, offset) = (self.line + 1, self.offset + p as u64);
                    return self.error(InputErrorKind::InvalidUtf8 { line, offset });
                }
                Ok(ReadEnd::TooLong) => {
                    let (line, max) = (self.line + 1, self.max_line >> 20);
                    return self.error(InputErrorKind::Malformed {
                        line,
                        column: 1,
                        message: format!(
                            "line longer than {max} MiB with no line end; the rest of the file was not checked"
                        ),
                    });
                }
                Err(e) => return self.error(InputErrorKind::Io(e.to_string())),
            };
            if n == 0 {
                if let Some(size) = self.size.filter(|&s| self.offset < s) {
                    let read = self.offset;
                    return self.error(InputErrorKind::Io(format!(
                        "truncated while being read: {size} bytes when opened, ended after {read}; the rest was not checked"
                    )));
                }
                self.done = true;
                return None;
            }
            self.line += 1;
            let start = self.offset;
            self.offset += n as u64;
            let mut end = self.buf.len();
            if self.buf[..end].ends_with(b"\n") {
                end -= 1;
            }
            if self.buf[..end].ends_with(b"\r") {
                end -= 1;
            }
            // A short line is copied to a text of its size, and the line buffer is kept for the
            // next one (no growing it again line after line); a long line's buffer becomes the
            // segment text: no copy, even for a 100 MB line.
            let bytes = if end <= KEPT_LINE_BUFFER {
                self.buf[..end].to_vec()
            } else {
                let mut bytes = std::mem::take(&mut self.buf);
                bytes.truncate(end);
                bytes
            };
            let mut lossy_anchors = Vec::new();
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) if self.lossy => {
                    let bytes = e.into_bytes();
                    let mut text = String::with_capacity(bytes.len());
                    let mut at = 0u64;
                    let mut col = 1usize;
                    for chunk in bytes.utf8_chunks() {
                        text.push_str(chunk.valid());
                        at += chunk.valid().len() as u64;
                        col += chunk.valid().chars().count();
                        if !chunk.invalid().is_empty() {
                            text.push('\u{FFFD}');
                            at += chunk.invalid().len() as u64;
                            col += 1;
                            lossy_anchors.push(Anchor {
                                text: text.len(),
                                offset: start + at,
                                line: self.line,
                                column: col,
                            });
                        }
                    }
                    text
                }
                Err(e) => {
                    let line = self.line;
                    return self.error(InputErrorKind::InvalidUtf8 {
                        line,
                        offset: start + e.utf8_error().valid_up_to() as u64,
                    });
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            // Inline suppression: a line that is only a directive applies to the next line of
            // text and is not a segment; a directive at the end of a line applies to that line
            // and is cut off its text.
            use crate::suppress::{self, Suppression};
            let mut text = text;
            let mut suppress = self.pending.take();
            if let Some(selectors) = suppress::directive_line(&text) {
                let here = Suppression {
                    selectors,
                    line: self.line,
                };
                self.pending = Suppression::merge(suppress, Some(here));
                continue;
            }
            if let Some((selectors, cut)) = suppress::trailing(&text) {
                text.truncate(cut);
                lossy_anchors.retain(|a| a.text <= cut);
                let here = Suppression {
                    selectors,
                    line: self.line,
                };
                suppress = Suppression::merge(suppress, Some(here));
            }
            let mut seg = Segment::plain(self.line.to_string(), text, self.line, 1, start);
            seg.lossy = !lossy_anchors.is_empty();
            seg.anchors = lossy_anchors;
            seg.suppress = suppress;
            return Some(Ok(seg));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<Result<Segment, InputError>> {
        PlainReader::new("f.txt", io::Cursor::new(bytes.to_vec())).collect()
    }

    /// A reader that counts how many bytes were taken from it.
    struct Counted<R>(R, std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl<R: Read> Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            Ok(n)
        }
    }

    /// Reads `total` bytes of `byte` (after `head`) with the line cap `max`: the first item,
    /// the bytes taken from the input and the capacity the line buffer reached.
    fn endless(head: &[u8], byte: u8, total: u64, max: usize) -> (InputErrorKind, usize, usize) {
        let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let input = io::Cursor::new(head.to_vec()).chain(io::repeat(byte).take(total));
        let counted = Counted(input, taken.clone());
        let mut r = PlainReader::new("f", io::BufReader::with_capacity(1 << 16, counted));
        r.max_line = max;
        let kind = r.by_ref().find_map(Result::err).unwrap().kind;
        assert!(r.next().is_none());
        let taken = taken.load(std::sync::atomic::Ordering::Relaxed);
        (kind, taken, r.buf.capacity())
    }

    #[test]
    fn binary_and_invalid_input_is_refused_as_it_is_read_not_after_the_line() {
        // /dev/zero: one buffer is read, not 4 GB.
        let (kind, taken, cap) = endless(b"", 0, 4 << 30, MAX_LINE);
        assert_eq!(kind, InputErrorKind::Binary { offset: 0 });
        assert!(taken <= 1 << 16 && cap <= 1 << 17, "{taken} {cap}");
        let (kind, taken, _) = endless(b"ok\nabc", 0xFF, 4 << 30, MAX_LINE);
        assert_eq!(kind, InputErrorKind::InvalidUtf8 { line: 2, offset: 6 });
        assert!(taken <= 1 << 17, "{taken}");
    }

    #[test]
    fn a_line_with_no_end_stops_at_the_cap() {
        let (kind, taken, cap) = endless(b"", b'a', 4 << 30, 1 << 20);
        let InputErrorKind::Malformed { line, message, .. } = kind else {
            panic!("{kind:?}")
        };
        assert_eq!(line, 1);
        assert!(message.starts_with("line longer than 1 MiB"), "{message}");
        assert!(taken <= (1 << 20) + (1 << 16), "{taken}");
        assert!(cap <= 3 << 20, "{cap}");
    }

    #[test]
    fn lines_are_segments_with_ids_and_offsets() {
        let segs: Vec<Segment> = read(b"one\n\n  \ntwo\r\nthree")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(segs.len(), 3);
        assert_eq!(
            (segs[1].id.as_str(), segs[1].text.as_str(), segs[1].offset),
            ("4", "two", 8)
        );
        assert_eq!((segs[2].line, segs[2].text.as_str()), (5, "three"));
    }

    #[test]
    fn bom_is_skipped_and_offsets_count_it() {
        let segs = read("\u{feff}été".as_bytes());
        let s = segs[0].as_ref().unwrap();
        assert_eq!((s.text.as_str(), s.offset), ("été", 3));
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let segs = read(b"ok\nab\xffcd\nnever");
        assert!(segs[0].is_ok());
        let e = segs[1].as_ref().unwrap_err();
        assert_eq!(e.kind, InputErrorKind::InvalidUtf8 { line: 2, offset: 5 });
        assert!(e.to_string().contains("f.txt") && e.to_string().contains("byte offset 5"));
        assert_eq!(segs.len(), 2);
    }

    #[test]
    fn binary_files_are_refused() {
        let segs = read(b"ab\0cd");
        assert!(matches!(
            segs[0],
            Err(InputError {
                kind: InputErrorKind::Binary { offset: 2 },
                ..
            })
        ));
    }

    #[test]
    fn a_file_truncated_while_being_read_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shrinks.txt");
        let line = "Une ligne de texte assez ordinaire.\n";
        std::fs::write(&path, line.repeat(10_000)).unwrap();
        let name = path.to_str().unwrap();
        let mut segs = open(name).unwrap();
        assert!(segs.next().unwrap().is_ok());
        // The reader holds 64 KiB of the 350 KB; the rest is cut off under it.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(100_000)
            .unwrap();
        let rest: Vec<_> = segs.collect();
        let e = rest.last().unwrap().as_ref().unwrap_err();
        assert!(rest[..rest.len() - 1].iter().all(Result::is_ok));
        assert!(
            e.to_string()
                .contains("shrinks.txt: truncated while being read"),
            "{e}"
        );
    }

    #[test]
    fn a_whole_file_read_to_its_end_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ok.txt");
        std::fs::write(&path, "\u{feff}un\r\ndeux\n\ntrois").unwrap();
        let segs: Vec<_> = open(path.to_str().unwrap()).unwrap().collect();
        assert_eq!(segs.len(), 3);
        assert!(segs.iter().all(Result::is_ok));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Привет\nmonde".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let segs: Vec<Segment> = read(&bytes).into_iter().map(Result::unwrap).collect();
        assert_eq!(segs[0].text, "Привет");
        assert_eq!((segs[1].line, segs[1].text.as_str()), (2, "monde"));
    }

    fn utf16le(s: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        bytes
    }

    /// A lone surrogate is invalid UTF-16 at its byte offset in the file (code units, not
    /// characters: the 😀 before it is two units), an odd trailing byte is reported as such, and
    /// `--lossy` turns both into U+FFFD and goes on.
    #[test]
    fn utf16_errors_have_their_file_offset_and_lossy_applies() {
        let mut bytes = utf16le("😀 a\nb");
        let at = bytes.len() as u64;
        bytes.extend(0xDC00u16.to_le_bytes());
        bytes.extend(utf16le("c\nd").split_off(2));
        let e = read(&bytes).pop().unwrap().unwrap_err();
        assert_eq!(
            e.kind,
            InputErrorKind::InvalidUtf16 {
                line: 2,
                offset: at,
                truncated: false
            }
        );
        assert_eq!(at, 14);
        assert!(
            e.to_string().starts_with(
                "f.txt: invalid UTF-16 at byte offset 14 (line 2): an unpaired surrogate"
            ),
            "{e}"
        );
        let segs: Vec<Segment> = PlainReader::new("f.txt", io::Cursor::new(bytes.clone()))
            .lossy(true)
            .map(Result::unwrap)
            .collect();
        let got: Vec<(&str, bool)> = segs.iter().map(|s| (s.text.as_str(), s.lossy)).collect();
        assert_eq!(got, [("😀 a", false), ("b\u{FFFD}c", true), ("d", false)]);

        let mut odd = utf16le("ab");
        odd.push(b'\n');
        let e = read(&odd).pop().unwrap().unwrap_err();
        assert_eq!(
            e.kind,
            InputErrorKind::InvalidUtf16 {
                line: 1,
                offset: 6,
                truncated: true
            }
        );
        assert!(e.to_string().contains("odd trailing byte"), "{e}");
        let segs: Vec<Segment> = PlainReader::new("f.txt", io::Cursor::new(odd))
            .lossy(true)
            .map(Result::unwrap)
            .collect();
        assert_eq!(segs.len(), 1, "no phantom segment");
        assert_eq!(segs[0].text, "ab\u{FFFD}");
    }

    /// A lone CR ends a line (classic Mac OS files), as LF and CRLF do; a CRLF split between
    /// two reads is one line end.
    #[test]
    fn lone_cr_ends_a_line() {
        let segs: Vec<Segment> = read(b"un\rdeux\r\rtrois\r\nquatre\n")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let got: Vec<(&str, usize, u64)> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.line, s.offset))
            .collect();
        assert_eq!(
            got,
            [
                ("un", 1, 0),
                ("deux", 2, 3),
                ("trois", 4, 9),
                ("quatre", 5, 16)
            ]
        );
        let split = io::BufReader::with_capacity(3, io::Cursor::new(b"ab\r\ncd".to_vec()));
        let segs: Vec<Segment> = PlainReader::new("f.txt", split)
            .map(Result::unwrap)
            .collect();
        let got: Vec<(&str, usize)> = segs.iter().map(|s| (s.text.as_str(), s.line)).collect();
        assert_eq!(got, [("ab", 1), ("cd", 2)]);
    }

    #[test]
    fn plain_text_directive_lines_and_trailing_directives() {
        let segs: Vec<Segment> = read(
            "Первая строка.\n# mtlint: ignore[foreign-brand]\n\nНажмите Save.\nВыберите Help.  # mtlint: ignore\nПоследняя.\n"
                .as_bytes(),
        )
        .into_iter()
        .map(Result::unwrap)
        .collect();
        let ids: Vec<&str> = segs.iter().map(|s| s.id.as_str()).collect();
        // The directive line is not a segment; it applies to the next non-empty line.
        assert_eq!(ids, ["1", "4", "5", "6"]);
        assert_eq!(segs[0].suppress, None);
        let s = segs[1].suppress.as_ref().unwrap();
        assert_eq!(
            (s.selectors.as_slice(), s.line),
            (&["foreign-brand".to_string()][..], 2)
        );
        // A trailing directive is cut off the text.
        assert_eq!(segs[2].text, "Выберите Help.");
        assert!(segs[2].suppress.as_ref().unwrap().selectors.is_empty());
        assert_eq!(segs[3].suppress, None);
    }
}
