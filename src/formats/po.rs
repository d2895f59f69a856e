//! gettext PO and POT files, streamed one entry at a time.
//!
//! Each entry gives one segment per `msgstr` (one per `msgstr[N]` with plural forms). The text is
//! the unescaped string (C escapes `\n \t \" \\ \r \a \b \f \v \? \'`, octal and `\x` escapes of
//! ASCII characters), concatenated over continuation lines; anchors follow every escape and every
//! continuation line. The source of `msgstr` and `msgstr[0]` is `msgid`, of `msgstr[N≥1]`
//! `msgid_plural`. `#, fuzzy` makes the segments fuzzy; obsolete `#~` entries are skipped.
//!
//! The header entry (`msgid ""` without context) is not a segment; its `Language:` is the
//! target language and `X-Source-Language:` the source language.
//!
//! Segment ids: the msgid, prefixed by `msgctxt|` when there is a context. When that is longer
//! than 60 characters or contains line breaks or runs of white space, it is shortened to its
//! first 48 characters (white space collapsed), `…#`, and 8 hex digits of a hash (FNV-1a) of
//! the exact context and msgid, so ids stay readable, stable and distinct. Plural forms add
//! `[N]`: `%d file[0]`, `%d file[1]`, `menu|Open[0]`.

use super::{
    Built, Document, Pos, Stream, TextBuilder, line_str, malformed, primary_lang, segment, trim_eol,
};
use crate::input::{InputError, Plural, Segment};
use std::collections::VecDeque;
use std::io::BufRead;

/// Opens a PO stream: reads the first entry to find the header's languages.
pub(crate) fn read(file: &str, stream: Stream) -> Result<Document, InputError> {
    let mut r = PoReader {
        file: file.to_string(),
        reader: stream.reader,
        offset: stream.base,
        line: 0,
        buf: Vec::new(),
        cur: Entry::default(),
        queue: VecDeque::new(),
        pending_err: None,
        done: false,
    };
    let (mut source_lang, mut target_lang) = (None, None);
    match r.next_entry() {
        Ok(Some(e)) if e.is_header() => {
            let header = e
                .strs
                .first()
                .map(|(_, f)| f.tb.text().to_string())
                .unwrap_or_default();
            target_lang = header_field(&header, "Language").and_then(|l| primary_lang(&l));
            source_lang = header_field(&header, "X-Source-Language").and_then(|l| primary_lang(&l));
        }
        Ok(Some(e)) => r.queue.extend(e.segments()),
        Ok(None) => r.done = true,
        Err(e) => r.pending_err = Some(e),
    }
    Ok(Document {
        source_lang,
        target_lang,
        segments: Box::new(r),
    })
}

/// The value of `name:` in a PO header.
fn header_field(header: &str, name: &str) -> Option<String> {
    header.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim().eq_ignore_ascii_case(name) && !v.trim().is_empty()).then(|| v.trim().to_string())
    })
}

/// One keyword's string, over its continuation lines.
#[derive(Debug)]
struct Field {
    tb: TextBuilder,
    /// Where the content of the first string starts.
    start: Pos,
    /// Where the closing quote of the last string is.
    end: Pos,
}

impl Field {
    fn text(&self) -> &str {
        self.tb.text()
    }

    fn finish(self) -> Built {
        self.tb.finish(self.end, self.start)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    None,
    Ctxt,
    Id,
    Plural,
    Str,
}

#[derive(Debug)]
struct Entry {
    fuzzy: bool,
    /// `# mtlint: ignore[…]` in a translator (`# `) or extracted (`#.`) comment.
    suppress: Option<crate::suppress::Suppression>,
    ctxt: Option<Field>,
    id: Option<(Field, usize)>,
    plural: Option<Field>,
    /// `msgstr` (index `None`) or `msgstr[N]`.
    strs: Vec<(Option<usize>, Field)>,
    last: Last,
}

impl Default for Entry {
    fn default() -> Self {
        Entry {
            fuzzy: false,
            suppress: None,
            ctxt: None,
            id: None,
            plural: None,
            strs: Vec::new(),
            last: Last::None,
        }
    }
}

/// FNV-1a, 64 bits.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The segment id of an entry (see the module documentation).
pub(crate) fn entry_id(ctxt: Option<&str>, msgid: &str) -> String {
    let readable = match ctxt {
        Some(c) => format!("{c}|{msgid}"),
        None => msgid.to_string(),
    };
    let collapsed = readable.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed == readable && readable.chars().count() <= 60 {
        return readable;
    }
    let exact = match ctxt {
        Some(c) => format!("{c}\u{4}{msgid}"),
        None => msgid.to_string(),
    };
    let head: String = collapsed.chars().take(48).collect();
    format!("{head}…#{:08x}", fnv1a(&exact) >> 32)
}

impl Entry {
    fn is_header(&self) -> bool {
        self.ctxt.is_none() && self.id.as_ref().is_some_and(|(f, _)| f.text().is_empty())
    }

    fn has_str(&self) -> bool {
        !self.strs.is_empty()
    }

    fn segments(self) -> Vec<Segment> {
        let Some((id, _)) = self.id else {
            return Vec::new();
        };
        let msgid = id.text().to_string();
        let base = entry_id(self.ctxt.as_ref().map(Field::text), &msgid);
        let plural = self.plural.map(|f| f.text().to_string());
        let fuzzy = self.fuzzy;
        let context = self.ctxt.as_ref().map(|c| c.text().to_string());
        self.strs
            .into_iter()
            .map(|(n, f)| {
                let (sid, source) = match n {
                    None => (base.clone(), msgid.clone()),
                    Some(n) => (
                        format!("{base}[{n}]"),
                        if n == 0 {
                            msgid.clone()
                        } else {
                            plural.clone().unwrap_or_else(|| msgid.clone())
                        },
                    ),
                };
                let mut seg = segment(sid, f.finish(), Some(source), fuzzy);
                seg.context = context.clone();
                seg.suppress = self.suppress.clone();
                seg.plural = n.map(|form| Plural {
                    entry: base.clone(),
                    form,
                });
                seg
            })
            .collect()
    }
}

struct PoReader {
    file: String,
    reader: Box<dyn BufRead + Send>,
    /// File offset of the next line.
    offset: u64,
    /// Number of the last line read.
    line: usize,
    buf: Vec<u8>,
    cur: Entry,
    queue: VecDeque<Segment>,
    pending_err: Option<InputError>,
    done: bool,
}

/// Parses the quoted string starting at byte `q` (the opening quote) of `text`, a line at file
/// offset `off`, into `tb`. Returns the position of the closing quote.
fn parse_string(
    file: &str,
    text: &str,
    q: usize,
    line: usize,
    off: u64,
    tb: &mut TextBuilder,
) -> Result<Pos, InputError> {
    let b = text.as_bytes();
    let qcol = super::column_of(b, q);
    let pos = |i: usize, col: usize| Pos {
        offset: off + i as u64,
        line,
        column: col,
    };
    if b.get(q) != Some(&b'"') {
        return Err(malformed(
            file,
            line,
            qcol,
            "expected a string in double quotes",
        ));
    }
    let mut i = q + 1;
    let mut col = qcol + 1;
    let mut run = (i, col);
    loop {
        let Some(&c) = b.get(i) else {
            return Err(malformed(
                file,
                line,
                qcol,
                "string is not closed (no `\"` before the end of the line)",
            ));
        };
        match c {
            b'"' => {
                tb.verbatim(&text[run.0..i], pos(run.0, run.1));
                let end = pos(i, col);
                let rest = &text[i + 1..];
                if let Some(k) = rest.find(|c: char| !c.is_whitespace()) {
                    return Err(malformed(
                        file,
                        line,
                        col + 1 + rest[..k].chars().count(),
                        "unexpected text after the closing quote",
                    ));
                }
                return Ok(end);
            }
            b'\\' => {
                tb.verbatim(&text[run.0..i], pos(run.0, run.1));
                let esc = *b.get(i + 1).unwrap_or(&b'\n');
                let (ch, len) = match esc {
                    b'n' => ('\n', 2),
                    b't' => ('\t', 2),
                    b'"' => ('"', 2),
                    b'\\' => ('\\', 2),
                    b'r' => ('\r', 2),
                    b'a' => ('\u{7}', 2),
                    b'b' => ('\u{8}', 2),
                    b'f' => ('\u{c}', 2),
                    b'v' => ('\u{b}', 2),
                    b'?' => ('?', 2),
                    b'\'' => ('\'', 2),
                    b'0'..=b'7' => {
                        let n = b[i + 1..]
                            .iter()
                            .take(3)
                            .take_while(|d| (b'0'..=b'7').contains(d))
                            .count();
                        let v = u32::from_str_radix(&text[i + 1..i + 1 + n], 8).unwrap_or(0x100);
                        (
                            char::from_u32(v).filter(char::is_ascii).unwrap_or('\u{0}'),
                            1 + n,
                        )
                    }
                    b'x' => {
                        let n = b[i + 2..]
                            .iter()
                            .take_while(|d| d.is_ascii_hexdigit())
                            .count();
                        let v = u32::from_str_radix(&text[i + 2..i + 2 + n], 16).unwrap_or(0x100);
                        (
                            char::from_u32(v).filter(char::is_ascii).unwrap_or('\u{0}'),
                            2 + n,
                        )
                    }
                    _ => ('\u{0}', 0),
                };
                if len == 0 || ch == '\u{0}' {
                    return Err(malformed(
                        file,
                        line,
                        col,
                        "invalid escape sequence (PO strings take C escapes of ASCII characters: \\n \\t \\\" \\\\ …)",
                    ));
                }
                tb.replaced(ch.encode_utf8(&mut [0; 4]), pos(i, col));
                i += len;
                col += len;
                run = (i, col);
            }
            _ => {
                if c & 0xC0 != 0x80 {
                    col += 1;
                }
                i += 1;
            }
        }
    }
}

impl PoReader {
    fn err(&self, line: usize, column: usize, msg: impl Into<String>) -> InputError {
        malformed(&self.file, line, column, msg)
    }

    /// The next complete entry.
    fn next_entry(&mut self) -> Result<Option<Entry>, InputError> {
        loop {
            self.buf.clear();
            let n = super::read_line(
                &self.file,
                &mut self.reader,
                &mut self.buf,
                self.line + 1,
                self.offset,
            )?;
            if n == 0 {
                let e = std::mem::take(&mut self.cur);
                return match &e.id {
                    Some((_, l)) if !e.has_str() => Err(self.err(*l, 1, "msgid without msgstr")),
                    Some(_) => Ok(Some(e)),
                    None if e.last != Last::None => {
                        Err(self.err(self.line, 1, "msgctxt without msgid"))
                    }
                    None => Ok(None),
                };
            }
            self.line += 1;
            let off = self.offset;
            self.offset += n as u64;
            let buf = std::mem::take(&mut self.buf);
            let res = self.feed(&buf, off);
            self.buf = buf;
            if let Some(e) = res? {
                return Ok(Some(e));
            }
        }
    }

    /// Takes the current entry if it is complete, to start a new one.
    fn finish_if_complete(&mut self) -> Result<Option<Entry>, InputError> {
        if self.cur.has_str() {
            return Ok(Some(std::mem::take(&mut self.cur)));
        }
        if let Some((_, l)) = &self.cur.id {
            return Err(self.err(*l, 1, "msgid without msgstr"));
        }
        Ok(None)
    }

    /// Applies one line; returns the entry it completed, if any.
    fn feed(&mut self, raw: &[u8], off: u64) -> Result<Option<Entry>, InputError> {
        let line = self.line;
        let text = line_str(&self.file, trim_eol(raw), line, off)?;
        let indent = text.len() - text.trim_start().len();
        let rest = &text[indent..];
        if rest.is_empty() {
            let done = self.finish_if_complete()?;
            if self.cur.last != Last::None {
                return Err(self.err(line, 1, "msgctxt without msgid"));
            }
            self.cur = Entry::default();
            return Ok(done);
        }
        if let Some(comment) = rest.strip_prefix('#') {
            // A comment after a msgstr starts the next entry; elsewhere it is kept in the entry.
            let done = if self.cur.has_str() {
                Some(std::mem::take(&mut self.cur))
            } else {
                None
            };
            if let Some(flags) = comment.strip_prefix(',')
                && flags.split(',').any(|f| f.trim() == "fuzzy")
            {
                self.cur.fuzzy = true;
            }
            if let Some(note) = comment
                .strip_prefix('.')
                .or_else(|| comment.strip_prefix(' '))
                .or_else(|| comment.strip_prefix('\t'))
            {
                let here = crate::suppress::Suppression::find(note, line);
                self.cur.suppress =
                    crate::suppress::Suppression::merge(self.cur.suppress.take(), here);
            }
            return Ok(done);
        }
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        let q = indent + word_end + (rest[word_end..].len() - rest[word_end..].trim_start().len());
        let col = indent + 1;
        let mut done = None;
        let mut tb = TextBuilder::default();
        let start = Pos {
            offset: off + q as u64 + 1,
            line,
            column: super::column_of(text.as_bytes(), q) + 1,
        };
        if word.is_empty() {
            // A continuation line: appended to the last keyword's string.
            let field = match self.cur.last {
                Last::Ctxt => self.cur.ctxt.as_mut(),
                Last::Id => self.cur.id.as_mut().map(|(f, _)| f),
                Last::Plural => self.cur.plural.as_mut(),
                Last::Str => self.cur.strs.last_mut().map(|(_, f)| f),
                Last::None => None,
            };
            let Some(field) = field else {
                return Err(malformed(&self.file, line, col, "string without a keyword"));
            };
            field.end = parse_string(&self.file, text, q, line, off, &mut field.tb)?;
            return Ok(None);
        }
        let field = |tb: TextBuilder, end| Field { tb, start, end };
        match word {
            "msgctxt" => {
                done = self.finish_if_complete()?;
                if self.cur.ctxt.is_some() {
                    return Err(self.err(line, col, "a second msgctxt in the entry"));
                }
                let end = parse_string(&self.file, text, q, line, off, &mut tb)?;
                self.cur.ctxt = Some(field(tb, end));
                self.cur.last = Last::Ctxt;
            }
            "msgid" => {
                done = self.finish_if_complete()?;
                let end = parse_string(&self.file, text, q, line, off, &mut tb)?;
                self.cur.id = Some((field(tb, end), line));
                self.cur.last = Last::Id;
            }
            "msgid_plural" => {
                if self.cur.id.is_none() || self.cur.has_str() || self.cur.plural.is_some() {
                    return Err(self.err(line, col, "msgid_plural must follow msgid"));
                }
                let end = parse_string(&self.file, text, q, line, off, &mut tb)?;
                self.cur.plural = Some(field(tb, end));
                self.cur.last = Last::Plural;
            }
            _ if word == "msgstr" || word.starts_with("msgstr[") => {
                let index = match word.strip_prefix("msgstr[").map(|w| w.strip_suffix(']')) {
                    None => None,
                    Some(Some(n)) => match n.parse::<usize>() {
                        Ok(n) => Some(n),
                        Err(_) => return Err(self.err(line, col, "bad plural index in msgstr[N]")),
                    },
                    Some(None) => return Err(self.err(line, col, "bad plural index in msgstr[N]")),
                };
                if self.cur.id.is_none() {
                    return Err(self.err(line, col, "msgstr without msgid"));
                }
                match (index, self.cur.plural.is_some()) {
                    (None, true) => {
                        return Err(self.err(
                            line,
                            col,
                            "msgstr after msgid_plural needs an index: msgstr[0]",
                        ));
                    }
                    (Some(_), false) => {
                        return Err(self.err(line, col, "msgstr[N] without msgid_plural"));
                    }
                    (None, false) if self.cur.has_str() => {
                        return Err(self.err(line, col, "a second msgstr in the entry"));
                    }
                    (Some(n), true) if self.cur.strs.iter().any(|(m, _)| *m == Some(n)) => {
                        return Err(self.err(
                            line,
                            col,
                            format!("a second msgstr[{n}] in the entry"),
                        ));
                    }
                    _ => {}
                }
                let end = parse_string(&self.file, text, q, line, off, &mut tb)?;
                self.cur.strs.push((index, field(tb, end)));
                self.cur.last = Last::Str;
            }
            _ => {
                return Err(self.err(line, col, format!("unexpected `{word}`: expected a keyword (msgid, msgstr, …), a string or a comment")));
            }
        }
        Ok(done)
    }
}

impl Iterator for PoReader {
    type Item = Result<Segment, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(s) = self.queue.pop_front() {
                return Some(Ok(s));
            }
            if let Some(e) = self.pending_err.take() {
                self.done = true;
                return Some(Err(e));
            }
            if self.done {
                return None;
            }
            match self.next_entry() {
                Ok(Some(e)) if e.is_header() => {}
                Ok(Some(e)) => self.queue.extend(e.segments()),
                Ok(None) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;
    use crate::input::InputErrorKind;

    fn read_str(s: &str) -> (Document, Vec<Result<Segment, InputError>>) {
        let stream = Stream {
            reader: Box::new(std::io::Cursor::new(s.as_bytes().to_vec())),
            base: 0,
        };
        let mut d = read("t.po", stream).unwrap();
        let segs = std::mem::replace(&mut d.segments, Box::new(std::iter::empty())).collect();
        (d, segs)
    }

    const PO: &str = r#"# French translation.
msgid ""
msgstr ""
"Language: fr_FR\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#: src/main.c:10
#, c-format
msgid "Hello, \"%s\"!\n"
msgstr "Bonjour, « %s » !\n"

#, fuzzy
msgctxt "menu"
msgid "Open"
msgstr ""
"Ouvrir le\tfichier "
"récent"

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "%d fichiers"

#~ msgid "Old"
#~ msgstr "Vieux"
"#;

    #[test]
    fn entries_plurals_and_header() {
        let (d, segs) = read_str(PO);
        assert_eq!(d.target_lang.as_deref(), Some("fr"));
        let segs: Vec<Segment> = segs.into_iter().map(Result::unwrap).collect();
        check_positions(PO, &segs, "\\");
        let got: Vec<(&str, &str, &str, bool)> = segs
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.text.as_str(),
                    s.source.as_deref().unwrap(),
                    s.fuzzy,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Hello, \"%s\"!…#0349a2bd",
                    "Bonjour, « %s » !\n",
                    "Hello, \"%s\"!\n",
                    false
                ),
                ("menu|Open", "Ouvrir le\tfichier récent", "Open", true),
                ("%d file[0]", "%d fichier", "%d file", false),
                ("%d file[1]", "%d fichiers", "%d files", false),
            ]
        );
        // Plural forms know their entry and form; other entries have none.
        let plurals: Vec<_> = segs
            .iter()
            .map(|s| s.plural.as_ref().map(|p| (p.entry.as_str(), p.form)))
            .collect();
        assert_eq!(plurals[..2], [None, None]);
        assert_eq!(plurals[2..], [Some(("%d file", 0)), Some(("%d file", 1))]);
        assert_eq!((segs[1].line, segs[1].column), (16, 2));
        assert_eq!(
            (segs[0].line, segs[0].column, segs[0].offset),
            (10, 9, PO.find("Bonjour").unwrap() as u64)
        );
    }

    #[test]
    fn ids_are_short_and_stable() {
        assert_eq!(entry_id(None, "Open"), "Open");
        assert_eq!(entry_id(Some("menu"), "Open"), "menu|Open");
        let long = "a ".repeat(50);
        let id = entry_id(None, &long);
        assert!(id.chars().count() < 60 && id.contains("…#"), "{id}");
        assert_ne!(entry_id(None, "a  b"), entry_id(None, "a b"));
        assert_eq!(entry_id(None, &long), id);
    }

    #[test]
    fn bad_quoting_is_malformed_with_position() {
        for (po, line, column) in [
            ("msgid \"a\"\nmsgstr \"b\n", 2, 8),
            ("msgid \"a\"\nmsgstr b\"\n", 2, 8),
            ("msgid \"a\"\nmsgstr \"b\" x\n", 2, 12),
            ("msgid \"a\"\nmsgstr \"b\\q\"\n", 2, 10),
            ("msgid \"a\"\n\nmsgstr \"b\"\n", 1, 1),
            ("msgid \"a\"\nmsgstr \"b\"\n\"c\" \nbogus\n", 4, 1),
        ] {
            let (_, segs) = read_str(po);
            match &segs.last().unwrap().as_ref().unwrap_err().kind {
                InputErrorKind::Malformed {
                    line: l,
                    column: c,
                    message,
                } => {
                    assert_eq!((*l, *c), (line, column), "{po:?}: {message}")
                }
                k => panic!("{k:?}"),
            }
        }
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let stream = Stream {
            reader: Box::new(std::io::Cursor::new(
                b"msgid \"a\"\nmsgstr \"\xff\"\n".to_vec(),
            )),
            base: 0,
        };
        let mut d = read("t.po", stream).unwrap();
        let e = d.segments.next().unwrap().unwrap_err();
        assert_eq!(
            e.kind,
            InputErrorKind::InvalidUtf8 {
                line: 2,
                offset: 18
            }
        );
    }

    #[test]
    fn a_translator_comment_with_a_directive_suppresses_the_entry() {
        let po = "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\n\
                  # The label is in capitals in the UI.\n\
                  # mtlint: ignore[caps-word, doubled-word]\n\
                  #: src/a.c:1\n\
                  msgid \"Click Save\"\nmsgstr \"Cliquez sur SAUVEGARDER\"\n\n\
                  #. mtlint: ignore\n\
                  msgid \"%d file\"\nmsgid_plural \"%d files\"\n\
                  msgstr[0] \"%d fichier\"\nmsgstr[1] \"%d fichiers\"\n\n\
                  # mtlint is the linter\n\
                  msgid \"Open\"\nmsgstr \"Ouvrir\"\n";
        let (_, segs) = read_str(po);
        let segs: Vec<Segment> = segs.into_iter().map(Result::unwrap).collect();
        let s = segs[0].suppress.as_ref().unwrap();
        assert_eq!(s.selectors, ["caps-word", "doubled-word"]);
        assert_eq!(s.line, 5);
        // An extracted comment works too, for every plural form; every rule.
        for seg in &segs[1..3] {
            assert!(seg.suppress.as_ref().unwrap().selectors.is_empty());
        }
        // A comment that only mentions mtlint is not a directive.
        assert_eq!(segs[3].suppress, None);
        assert!(segs.iter().all(|s| !s.locked));
    }
}
