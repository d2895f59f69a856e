//! Bilingual input formats: XLIFF 1.2 and 2.0, TMX 1.4, gettext PO, TSV/CSV and JSON Lines.
//!
//! Each reader turns a file into [`Segment`]s whose `text` is the translation (the target), with
//! `source` set to the text it translates, `fuzzy` set where the file marks the translation as
//! needing review, and the id the file gives the unit. `line`, `column` and `offset` point at the
//! first character of the target text in the file; where the text stops mapping one-to-one onto
//! the file bytes (an XML entity, a C or JSON escape, a doubled CSV quote, a continuation line, an
//! inline tag), an [`Anchor`] gives the file position of the text that follows, so
//! [`crate::position`] stays the one place that turns text offsets into file positions.
//!
//! Inline codes of XLIFF and TMX become placeholder tokens in braces, which the checks treat as
//! protected (`{x1}`, `{g2}bold{/g2}`, `{ph3}`; the scheme is described in `xml.rs`); source and target use
//! the same scheme so placeholder checks can compare them.
//!
//! XML formats are read whole into memory (segments are still produced lazily); PO, TSV/CSV and
//! JSON Lines are streamed. No reader panics on any input: what does not parse is
//! [`InputErrorKind::Malformed`] with a line and column, bytes that are not UTF-8 are
//! [`InputErrorKind::InvalidUtf8`] with the byte offset, and after an error the stream ends.

mod android;
mod apple_strings;
mod html;
mod json;
mod jsonl;
mod markdown;
pub mod pair;
mod po;
mod properties;
pub mod resource;
mod subtitles;
pub(crate) mod tbx;
mod tmx;
mod tsv;
mod xcstrings;
mod xliff;
mod xml;
mod yaml;

use crate::input::{Anchor, InputError, InputErrorKind, Segment};
use std::fmt;
use std::io::{self, BufRead, Read};
use std::str::FromStr;
pub(crate) use tsv::open_quote;

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// One segment per non-empty line ([`crate::input`]).
    Plain,
    /// XLIFF 1.2 or 2.x (`.xlf`, `.xliff`, `.sdlxliff`, `.mxliff`).
    Xliff,
    /// TMX 1.4 translation memory (`.tmx`).
    Tmx,
    /// gettext PO or POT (`.po`, `.pot`).
    Po,
    /// Tab-separated values with a header row (`.tsv`, `.tab`).
    Tsv,
    /// Comma-separated values with a header row (`.csv`).
    Csv,
    /// JSON Lines, one object per line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// JSON resource file, key paths as ids (`.json`).
    Json,
    /// Flutter ARB resource file (`.arb`).
    Arb,
    /// Java properties resource bundle (`.properties`).
    Properties,
    /// YAML resource file, Rails or Symfony style (`.yml`, `.yaml`).
    Yaml,
    /// Android `strings.xml` (an `.xml` file whose root element is `<resources>`).
    Android,
    /// Apple `.strings` (`Localizable.strings`).
    AppleStrings,
    /// Apple String Catalog (`.xcstrings`), bilingual.
    Xcstrings,
    /// SubRip subtitles, one segment per cue (`.srt`).
    Srt,
    /// WebVTT subtitles, one segment per cue (`.vtt`).
    Vtt,
    /// Markdown documents, one segment per heading, paragraph, list item, table cell
    /// (`.md`, `.markdown`).
    Markdown,
    /// HTML pages, one segment per block element's text and per `alt`, `title`, `placeholder`
    /// attribute (`.html`, `.htm`).
    Html,
}

impl InputFormat {
    /// Every format, in the order of [`InputFormat::name`]s listed in help texts.
    pub const ALL: [InputFormat; 18] = [
        InputFormat::Plain,
        InputFormat::Xliff,
        InputFormat::Tmx,
        InputFormat::Po,
        InputFormat::Tsv,
        InputFormat::Csv,
        InputFormat::Jsonl,
        InputFormat::Json,
        InputFormat::Arb,
        InputFormat::Properties,
        InputFormat::Yaml,
        InputFormat::Android,
        InputFormat::AppleStrings,
        InputFormat::Xcstrings,
        InputFormat::Srt,
        InputFormat::Vtt,
        InputFormat::Markdown,
        InputFormat::Html,
    ];

    /// The format a file name's extension says (case-insensitive); [`InputFormat::Plain`] for
    /// anything else, standard input (`-`) included.
    pub fn from_path(path: &str) -> InputFormat {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let ext = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
            _ => return InputFormat::Plain,
        };
        match ext.as_str() {
            "xlf" | "xliff" | "sdlxliff" | "mxliff" => InputFormat::Xliff,
            "tmx" => InputFormat::Tmx,
            "po" | "pot" => InputFormat::Po,
            "tsv" | "tab" => InputFormat::Tsv,
            "csv" => InputFormat::Csv,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "json" => InputFormat::Json,
            "arb" => InputFormat::Arb,
            "properties" => InputFormat::Properties,
            "yml" | "yaml" => InputFormat::Yaml,
            "strings" => InputFormat::AppleStrings,
            "xcstrings" => InputFormat::Xcstrings,
            "srt" => InputFormat::Srt,
            "vtt" => InputFormat::Vtt,
            "md" | "markdown" => InputFormat::Markdown,
            "html" | "htm" | "xhtml" => InputFormat::Html,
            _ => InputFormat::Plain,
        }
    }

    /// [`InputFormat::from_path`], and for an `.xml` file (too generic a name to go by), a look
    /// at its start: Android resources when the root element is `<resources>`, else
    /// [`InputFormat::Plain`].
    pub fn detect(path: &str) -> InputFormat {
        let f = InputFormat::from_path(path);
        if f == InputFormat::Plain
            && path
                .rsplit_once('.')
                .is_some_and(|(_, e)| e.eq_ignore_ascii_case("xml"))
            && android::sniff(path)
        {
            return InputFormat::Android;
        }
        f
    }

    /// A resource format whose segment ids are the application's keys (`settings.title`): a key
    /// missing from a translation or added to it is a finding (`missing-key`, `extra-key`).
    pub fn is_keyed(self) -> bool {
        matches!(
            self,
            InputFormat::Json
                | InputFormat::Arb
                | InputFormat::Properties
                | InputFormat::Yaml
                | InputFormat::Android
                | InputFormat::AppleStrings
                | InputFormat::Xcstrings
        )
    }

    /// The name `--input-format` takes for this format.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Plain => "plain",
            InputFormat::Xliff => "xliff",
            InputFormat::Tmx => "tmx",
            InputFormat::Po => "po",
            InputFormat::Tsv => "tsv",
            InputFormat::Csv => "csv",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Json => "json",
            InputFormat::Arb => "arb",
            InputFormat::Properties => "properties",
            InputFormat::Yaml => "yaml",
            InputFormat::Android => "android",
            InputFormat::AppleStrings => "strings",
            InputFormat::Xcstrings => "xcstrings",
            InputFormat::Srt => "srt",
            InputFormat::Vtt => "vtt",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InputFormat {
    type Err = String;

    /// Accepts the [`InputFormat::name`]s and common aliases (`text`, `txt`, `xlf`, `gettext`,
    /// `pot`, `tab`, `ndjson`), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "plain" | "text" | "txt" => InputFormat::Plain,
            "xliff" | "xlf" => InputFormat::Xliff,
            "tmx" => InputFormat::Tmx,
            "po" | "pot" | "gettext" => InputFormat::Po,
            "tsv" | "tab" => InputFormat::Tsv,
            "csv" => InputFormat::Csv,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "json" => InputFormat::Json,
            "arb" => InputFormat::Arb,
            "properties" => InputFormat::Properties,
            "yaml" | "yml" => InputFormat::Yaml,
            "android" | "android-xml" => InputFormat::Android,
            "strings" | "apple-strings" => InputFormat::AppleStrings,
            "xcstrings" | "string-catalog" => InputFormat::Xcstrings,
            "srt" | "subrip" => InputFormat::Srt,
            "vtt" | "webvtt" => InputFormat::Vtt,
            "markdown" | "md" => InputFormat::Markdown,
            "html" | "htm" => InputFormat::Html,
            _ => {
                return Err(format!(
                    "unknown input format `{s}` (expected one of: {})",
                    InputFormat::ALL.map(InputFormat::name).join(", ")
                ));
            }
        })
    }
}

/// What to read from a bilingual file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// TSV/CSV header name (JSON Lines key) of the source column. Default `source`.
    pub source_col: String,
    /// TSV/CSV header name (JSON Lines key) of the target column. Default `target`.
    pub target_col: String,
    /// TMX: the source language (matched by primary subtag, `en` ≈ `en-US`). Default: the
    /// header's `srclang`, else the first language of the first unit. Other formats: the source
    /// language to report when the file does not name one.
    pub source_lang: Option<String>,
    /// TMX: the target language. Default: the first language other than the source met in the
    /// file. Other formats: the target language to report when the file does not name one.
    pub target_lang: Option<String>,
    /// Plain text: replace invalid UTF-8 instead of stopping (`--lossy`).
    pub lossy: bool,
    /// XLIFF, TMX: the largest file read (`--max-xml-size`); default [`MAX_XML`].
    pub max_xml: u64,
    /// `--source PATH`: a file of the same strings in the source language, paired with each
    /// target segment by id ([`pair`]); for monolingual resource files, documents, subtitles.
    pub source_file: Option<String>,
}

/// Largest XML file (XLIFF, TMX, TBX) read by default: XML documents are held in memory whole
/// while they are read (a tokenizer over the text, no tree), so this bounds the memory a run
/// can take for one (about as much). `--max-xml-size` raises it.
pub const MAX_XML: u64 = 1 << 30;

/// `n` bytes for a message: in GiB, MiB or KiB when it is a whole number of them.
pub(crate) fn show_size(n: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!("{} {unit}", n >> shift);
        }
    }
    format!("{n} bytes")
}

/// Parses a size for `--max-xml-size`: bytes, or a number with `K`, `M`, `G` or `T` (powers of
/// 1,024; `KiB`, `MB`… are read the same).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (bytes, or a number with K, M, G or T)"))?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        "T" | "TB" | "TIB" => 40,
        _ => {
            return Err(format!(
                "{s:?} is not a size (bytes, or a number with K, M, G or T)"
            ));
        }
    };
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?}: the size must be above 0 and below 16 EiB"))
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            source_col: "source".into(),
            target_col: "target".into(),
            source_lang: None,
            target_lang: None,
            lossy: false,
            max_xml: MAX_XML,
            source_file: None,
        }
    }
}

/// An opened input: the languages it names and its segments.
pub struct Document {
    /// Source language as a lower-case primary subtag (`en-US` → `en`), when known.
    pub source_lang: Option<String>,
    /// Target language as a lower-case primary subtag, when known: XLIFF `target-language` /
    /// `trgLang`, the PO header's `Language:`, the TMX language chosen as target.
    pub target_lang: Option<String>,
    /// The segments, in file order; the stream ends after the first error.
    pub segments: Box<dyn Iterator<Item = Result<Segment, InputError>> + Send>,
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("source_lang", &self.source_lang)
            .field("target_lang", &self.target_lang)
            .finish_non_exhaustive()
    }
}

/// Opens `path` (`-` for standard input) as `format`. [`InputFormat::Plain`] is
/// [`crate::input::open`]. Errors found while reading the head of the file (an XML prolog, the
/// TSV header) are returned here; later ones end the segment stream.
pub fn open(path: &str, format: InputFormat, opts: &ReadOptions) -> Result<Document, InputError> {
    let doc = open_one(path, format, opts)?;
    match &opts.source_file {
        Some(source) => {
            let index = pair::SourceIndex::read(source, pair::source_format(source, format), opts)?;
            Ok(pair::pair(doc, std::sync::Arc::new(index)))
        }
        None => Ok(doc),
    }
}

fn open_one(path: &str, format: InputFormat, opts: &ReadOptions) -> Result<Document, InputError> {
    if format == InputFormat::Plain {
        return Ok(Document {
            source_lang: opts.source_lang.as_deref().and_then(primary_lang),
            target_lang: opts.target_lang.as_deref().and_then(primary_lang),
            segments: Box::new(crate::input::open(path)?.lossy(opts.lossy)),
        });
    }
    let reader: Box<dyn BufRead + Send> = if path == "-" {
        Box::new(io::BufReader::with_capacity(1 << 16, io::stdin()))
    } else {
        let err = |e: io::Error| InputError {
            file: path.to_string(),
            kind: InputErrorKind::Io(e.to_string()),
        };
        if std::fs::metadata(path).map_err(err)?.is_dir() {
            return Err(InputError {
                file: path.to_string(),
                kind: InputErrorKind::Io("is a directory".into()),
            });
        }
        Box::new(io::BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(path).map_err(err)?,
        ))
    };
    from_reader(path, reader, format, opts)
}

/// Like [`open`], over any reader; `file` names the input in errors.
pub fn from_reader(
    file: &str,
    reader: Box<dyn BufRead + Send>,
    format: InputFormat,
    opts: &ReadOptions,
) -> Result<Document, InputError> {
    let fallback = |doc_src: Option<String>, doc_tgt: Option<String>| {
        (
            doc_src.or_else(|| opts.source_lang.as_deref().and_then(primary_lang)),
            doc_tgt.or_else(|| opts.target_lang.as_deref().and_then(primary_lang)),
        )
    };
    let mut doc = match format {
        InputFormat::Plain => Document {
            source_lang: None,
            target_lang: None,
            segments: Box::new(crate::input::PlainReader::new(file, reader)),
        },
        InputFormat::Xliff => xliff::read(xml::load(file, reader, opts.max_xml)?)?,
        InputFormat::Tmx => tmx::read(xml::load(file, reader, opts.max_xml)?, opts)?,
        InputFormat::Po => po::read(file, start_stream(file, reader)?)?,
        InputFormat::Tsv => tsv::read(file, start_stream(file, reader)?, b'\t', opts)?,
        InputFormat::Csv => tsv::read(file, start_stream(file, reader)?, b',', opts)?,
        InputFormat::Jsonl => jsonl::read(file, start_stream(file, reader)?, opts),
        InputFormat::Json | InputFormat::Arb => json::read(
            &resource::Text::load(file, reader, opts.max_xml)?,
            format == InputFormat::Arb,
        )?,
        InputFormat::Properties => {
            properties::read(&resource::Text::load(file, reader, opts.max_xml)?)?
        }
        InputFormat::Yaml => yaml::read(&resource::Text::load(file, reader, opts.max_xml)?)?,
        InputFormat::Android => android::read(xml::load(file, reader, opts.max_xml)?)?,
        InputFormat::AppleStrings => {
            apple_strings::read(&resource::Text::load(file, reader, opts.max_xml)?)?
        }
        InputFormat::Xcstrings => {
            xcstrings::read(&resource::Text::load(file, reader, opts.max_xml)?, opts)?
        }
        InputFormat::Srt => subtitles::read(file, reader, subtitles::Kind::Srt)?,
        InputFormat::Vtt => subtitles::read(file, reader, subtitles::Kind::Vtt)?,
        InputFormat::Markdown => markdown::read(file, reader)?,
        InputFormat::Html => html::read(file, reader)?,
    };
    if format != InputFormat::Tmx {
        (doc.source_lang, doc.target_lang) =
            fallback(doc.source_lang.take(), doc.target_lang.take());
    }
    Ok(doc)
}

/// The lower-case primary subtag of a language tag: `en-US` → `en`, `pt_BR` → `pt`. `None` for
/// an empty tag or TMX's `*all*`.
pub fn primary_lang(tag: &str) -> Option<String> {
    let p = tag.trim().split(['-', '_']).next().unwrap_or("");
    if p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(p.to_ascii_lowercase())
}

/// A position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub offset: u64,
    pub line: usize,
    pub column: usize,
}

/// Builds a segment text piece by piece, recording anchors where the text stops following the
/// file byte for byte.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    anchors: Vec<Anchor>,
    start: Option<Pos>,
    /// File offset where the next byte would be if it continued the last verbatim piece.
    next: Option<u64>,
}

/// A finished text with its file position.
#[derive(Debug, Clone)]
pub(crate) struct Built {
    pub text: String,
    pub at: Pos,
    pub anchors: Vec<Anchor>,
}

impl TextBuilder {
    fn anchor(&mut self, at: Pos) {
        let a = Anchor {
            text: self.text.len(),
            offset: at.offset,
            line: at.line,
            column: at.column,
        };
        match self.anchors.last_mut() {
            Some(last) if last.text == a.text => *last = a,
            _ => self.anchors.push(a),
        }
    }

    /// Appends `s`, which stands verbatim in the file at `at`.
    pub fn verbatim(&mut self, s: &str, at: Pos) {
        if s.is_empty() {
            return;
        }
        if self.start.is_none() {
            self.start = Some(at);
        } else if self.next != Some(at.offset) {
            self.anchor(at);
        }
        self.text.push_str(s);
        self.next = Some(at.offset + s.len() as u64);
    }

    /// Appends `s`, which replaces the escape, reference or tag at `at`: every character of `s`
    /// is placed at `at`.
    pub fn replaced(&mut self, s: &str, at: Pos) {
        for c in s.chars() {
            if self.start.is_none() {
                self.start = Some(at);
            } else {
                self.anchor(at);
            }
            self.text.push(c);
        }
        if !s.is_empty() {
            self.next = None;
        }
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Drops the spaces and line breaks that end the text so far (HTML: white space before a
    /// block's end is not shown). The caller then finishes the text where its last kept
    /// character ends.
    pub fn trim_end(&mut self) {
        let n = self.text.trim_end_matches([' ', '\n']).len();
        if n < self.text.len() {
            self.text.truncate(n);
            self.anchors.retain(|a| a.text < n);
            self.next = None;
        }
    }

    /// Ends the text at `end` (where the file content after the last piece starts), placed at
    /// `empty_at` if it is empty.
    pub fn finish(mut self, end: Pos, empty_at: Pos) -> Built {
        let Some(at) = self.start else {
            return Built {
                text: self.text,
                at: empty_at,
                anchors: Vec::new(),
            };
        };
        if self.next != Some(end.offset) {
            self.anchor(end);
        }
        Built {
            text: self.text,
            at,
            anchors: self.anchors,
        }
    }
}

/// A bilingual segment from a finished target text.
pub(crate) fn segment(id: String, target: Built, source: Option<String>, fuzzy: bool) -> Segment {
    Segment {
        id,
        text: target.text,
        line: target.at.line,
        column: target.at.column,
        offset: target.at.offset,
        source,
        lossy: false,
        fuzzy,
        anchors: target.anchors,
        plural: None,
        context: None,
        suppress: None,
        locked: false,
        timing: None,
    }
}

/// The JSON escape at byte `i` of `s` (a backslash): the character it writes and its length in
/// bytes (`\u` surrogate pairs included), or what is wrong with it. Shared by the JSON Lines
/// and JSON resource readers.
pub(crate) fn json_escape(s: &str, i: usize) -> Result<(char, usize), &'static str> {
    let hex4 = |i: usize| -> Option<u32> {
        let h = s.get(i..i + 4)?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    };
    Ok(match s.as_bytes().get(i + 1) {
        Some(b'"') => ('"', 2),
        Some(b'\\') => ('\\', 2),
        Some(b'/') => ('/', 2),
        Some(b'b') => ('\u{8}', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(b'n') => ('\n', 2),
        Some(b'r') => ('\r', 2),
        Some(b't') => ('\t', 2),
        Some(b'u') => {
            let hi = hex4(i + 2).ok_or("invalid \\u escape")?;
            let lone = "lone surrogate in a \\u escape";
            if (0xD800..0xDC00).contains(&hi) {
                let lo = (s.get(i + 6..i + 8) == Some("\\u"))
                    .then(|| hex4(i + 8))
                    .flatten()
                    .filter(|lo| (0xDC00..0xE000).contains(lo))
                    .ok_or(lone)?;
                let c =
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).ok_or(lone)?;
                (c, 12)
            } else {
                (char::from_u32(hi).ok_or(lone)?, 6)
            }
        }
        _ => return Err("invalid escape"),
    })
}

/// A [`InputErrorKind::Malformed`] error.
pub(crate) fn malformed(
    file: &str,
    line: usize,
    column: usize,
    message: impl Into<String>,
) -> InputError {
    InputError {
        file: file.to_string(),
        kind: InputErrorKind::Malformed {
            line,
            column,
            message: message.into(),
        },
    }
}

pub(crate) fn io_error(file: &str, e: io::Error) -> InputError {
    InputError {
        file: file.to_string(),
        kind: InputErrorKind::Io(e.to_string()),
    }
}

/// 1-based column of byte `at` of `line` (Unicode scalar values; a byte inside a character counts
/// as that character).
pub(crate) fn column_of(line: &[u8], at: usize) -> usize {
    let at = at.min(line.len());
    line[..at].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1
}

/// A byte stream positioned after any byte-order mark, with the file offset of its first byte.
pub(crate) struct Stream {
    pub reader: Box<dyn BufRead + Send>,
    pub base: u64,
}

/// Skips a UTF-8 BOM (offsets then count it) or decodes UTF-16 with a BOM into memory (offsets
/// then count the UTF-8 bytes of the decoded text, as for plain text).
pub(crate) fn start_stream(
    file: &str,
    mut reader: Box<dyn BufRead + Send>,
) -> Result<Stream, InputError> {
    let head = reader.fill_buf().map_err(|e| io_error(file, e))?;
    let (le, be) = (
        head.starts_with(&[0xFF, 0xFE]),
        head.starts_with(&[0xFE, 0xFF]),
    );
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
        return Ok(Stream { reader, base: 3 });
    }
    if !(le || be) {
        return Ok(Stream { reader, base: 0 });
    }
    let mut raw = Vec::new();
    reader
        .read_to_end(&mut raw)
        .map_err(|e| io_error(file, e))?;
    let text = crate::input::decode_utf16(&raw[2..], le, false).map_err(|kind| InputError {
        file: file.to_string(),
        kind,
    })?;
    Ok(Stream {
        reader: Box::new(io::Cursor::new(text)),
        base: 0,
    })
}

/// Turns a reader's step (a segment, the end, or an error) into an iterator item; the stream
/// ends after the end or the first error.
pub(crate) fn fuse(
    done: &mut bool,
    step: Result<Option<Segment>, InputError>,
) -> Option<Result<Segment, InputError>> {
    match step {
        Ok(Some(s)) => Some(Ok(s)),
        Ok(None) => {
            *done = true;
            None
        }
        Err(e) => {
            *done = true;
            Some(Err(e))
        }
    }
}

/// Checks one line of a line-oriented format (PO, JSON Lines) for NUL bytes and invalid UTF-8.
pub(crate) fn line_str<'a>(
    file: &str,
    bytes: &'a [u8],
    line: usize,
    offset: u64,
) -> Result<&'a str, InputError> {
    if let Some(p) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError {
            file: file.to_string(),
            kind: InputErrorKind::Binary {
                offset: offset + p as u64,
            },
        });
    }
    std::str::from_utf8(bytes).map_err(|e| InputError {
        file: file.to_string(),
        kind: InputErrorKind::InvalidUtf8 {
            line,
            offset: offset + e.valid_up_to() as u64,
        },
    })
}

/// Reads line number `line`, at file offset `offset`, into `buf` (appended); returns the bytes
/// read, 0 at the end. A NUL byte, bytes that are not UTF-8 or a line longer than
/// [`crate::input::MAX_LINE`] are errors as soon as they are read (see
/// [`crate::input::read_checked`]).
pub(crate) fn read_line(
    file: &str,
    reader: &mut (impl BufRead + ?Sized),
    buf: &mut Vec<u8>,
    line: usize,
    offset: u64,
) -> Result<usize, InputError> {
    use crate::input::{MAX_LINE, ReadEnd, read_checked};
    let kind = match read_checked(reader, buf, Some(b'\n'), true, MAX_LINE) {
        Ok(ReadEnd::Done(n)) => return Ok(n),
        Ok(ReadEnd::Nul(p)) => InputErrorKind::Binary {
            offset: offset + p as u64,
        },
        Ok(ReadEnd::Invalid(p)) => InputErrorKind::InvalidUtf8 {
            line,
            offset: offset + p as u64,
        },
        Ok(ReadEnd::TooLong) => return Err(too_long(file, line)),
        Err(e) => return Err(io_error(file, e)),
    };
    Err(InputError {
        file: file.to_string(),
        kind,
    })
}

/// The error for a line (or record) longer than [`crate::input::MAX_LINE`].
pub(crate) fn too_long(file: &str, line: usize) -> InputError {
    malformed(
        file,
        line,
        1,
        format!(
            "line longer than {} MiB with no line end; the rest of the file was not checked",
            crate::input::MAX_LINE >> 20
        ),
    )
}

/// Strips a line end (`\n` or `\r\n`).
pub(crate) fn trim_eol(mut b: &[u8]) -> &[u8] {
    if b.ends_with(b"\n") {
        b = &b[..b.len() - 1];
    }
    if b.ends_with(b"\r") {
        b = &b[..b.len() - 1];
    }
    b
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Checks that a segment's positions are exact against the file content.

    use crate::input::Segment;
    use crate::position::{file_offset, line_col};

    /// For every character of every segment's text: the file offset the anchors give must hold
    /// the same character, or (for characters that replace an escape or a tag) one of the
    /// `escapes` characters that start one; and the line/column must agree with the offset.
    pub fn check_positions(content: &str, segs: &[Segment], escapes: &str) {
        for s in segs {
            for (i, c) in s.text.char_indices() {
                let off = file_offset(s, i) as usize;
                let (line, col) = line_col(s, i);
                let at = content
                    .get(off..)
                    .unwrap_or_else(|| panic!("{}: offset {off} out of the file", s.id));
                let found = at.chars().next();
                assert!(
                    found == Some(c) || found.is_some_and(|f| escapes.contains(f)),
                    "segment {} byte {i} ({c:?}): file has {:?} at {off}",
                    s.id,
                    &at[..at.len().min(20)]
                );
                let before = &content[..off];
                let want_line = before.matches('\n').count() + 1;
                let want_col = before.rsplit('\n').next().unwrap().chars().count() + 1;
                assert_eq!(
                    (line, col),
                    (want_line, want_col),
                    "segment {} byte {i} ({c:?})",
                    s.id
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_paths_and_names() {
        assert_eq!(
            InputFormat::from_path("a/b/messages.XLF"),
            InputFormat::Xliff
        );
        assert_eq!(InputFormat::from_path("x.sdlxliff"), InputFormat::Xliff);
        assert_eq!(InputFormat::from_path("mem.tmx"), InputFormat::Tmx);
        assert_eq!(InputFormat::from_path("fr.po"), InputFormat::Po);
        assert_eq!(InputFormat::from_path("t.pot"), InputFormat::Po);
        assert_eq!(InputFormat::from_path("t.tab"), InputFormat::Tsv);
        assert_eq!(InputFormat::from_path("t.csv"), InputFormat::Csv);
        assert_eq!(InputFormat::from_path("t.ndjson"), InputFormat::Jsonl);
        assert_eq!(InputFormat::from_path("t.txt"), InputFormat::Plain);
        assert_eq!(InputFormat::from_path(".po"), InputFormat::Plain);
        assert_eq!(InputFormat::from_path("-"), InputFormat::Plain);
        for f in InputFormat::ALL {
            assert_eq!(f.name().parse::<InputFormat>(), Ok(f));
        }
        assert_eq!("XLF".parse::<InputFormat>(), Ok(InputFormat::Xliff));
        assert!("docx".parse::<InputFormat>().is_err());
    }

    #[test]
    fn primary_subtags() {
        assert_eq!(primary_lang("en-US").as_deref(), Some("en"));
        assert_eq!(primary_lang("pt_BR").as_deref(), Some("pt"));
        assert_eq!(primary_lang("FR").as_deref(), Some("fr"));
        assert_eq!(primary_lang("*all*"), None);
        assert_eq!(primary_lang(""), None);
    }

    #[test]
    fn builder_anchors_after_replacements() {
        let p = |offset, column| Pos {
            offset,
            line: 1,
            column,
        };
        // File: `<t>a &amp; b</t>`, text starting at offset 3.
        let mut b = TextBuilder::default();
        b.verbatim("a ", p(3, 4));
        b.replaced("&", p(5, 6));
        b.verbatim(" b", p(10, 11));
        let built = b.finish(p(12, 13), p(3, 4));
        assert_eq!(built.text, "a & b");
        assert_eq!(built.at, p(3, 4));
        let offs: Vec<(usize, u64)> = built.anchors.iter().map(|a| (a.text, a.offset)).collect();
        assert_eq!(offs, [(2, 5), (3, 10)]);
    }

    #[test]
    fn builder_places_every_placeholder_char_at_its_tag_and_anchors_the_end() {
        let p = |offset, column| Pos {
            offset,
            line: 1,
            column,
        };
        let mut b = TextBuilder::default();
        b.replaced("{x1}", p(8, 9));
        let built = b.finish(p(19, 20), p(8, 9));
        assert_eq!(built.at, p(8, 9));
        let offs: Vec<(usize, u64)> = built.anchors.iter().map(|a| (a.text, a.offset)).collect();
        assert_eq!(offs, [(1, 8), (2, 8), (3, 8), (4, 19)]);
        let empty = TextBuilder::default().finish(p(5, 6), p(1, 2));
        assert_eq!(
            (empty.text.as_str(), empty.at, empty.anchors.len()),
            ("", p(1, 2), 0)
        );
    }
}
