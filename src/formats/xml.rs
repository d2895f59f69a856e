//! A small, strict XML tokenizer for XLIFF and TMX, with exact byte positions.
//!
//! Written for this purpose rather than taken from a crate because every text piece must carry
//! its exact file offset (anchors) and because the security rules are simplest to guarantee
//! when nothing else runs: there is no DTD processing at all. A DOCTYPE without entity
//! declarations is skipped (an external DTD is never loaded); one that declares entities is
//! refused as malformed, so neither a billion-laughs document nor an external entity can be
//! expanded. Only the five predefined entities and numeric character references are decoded;
//! any other reference is malformed. Parsing is iterative, nesting is capped at
//! [`MAX_DEPTH`] levels, and every error names a line and column.
//!
//! Inline codes become placeholders (see [`XmlDoc::inline`]):
//!
//! | element | placeholder |
//! |---|---|
//! | `<g id="2">…</g>`, `<pc id="2">…</pc>` | `{g2}…{/g2}`, `{pc2}…{/pc2}`: the content stays text |
//! | `<x id="1"/>`, `<bx/>`, `<ex/>`, `<sc/>`, `<ec/>`, `<ph/>` | `{x1}`, `{bx1}`, … |
//! | `<ph id="3">&lt;br/&gt;</ph>`, `<bpt>`, `<ept>`, `<it>`, `<ut>` | `{ph3}`: the native code inside is dropped |
//! | `<mrk>`, `<hi>`, unknown elements | nothing: the content stays text |
//! | `<sm/>`, `<em/>` | nothing |
//! | `<cp hex="0007"/>` | the character |
//!
//! The number is the element's `id` (XLIFF), else `startRef` (XLIFF 2 `<ec>`), else `i` (TMX
//! `<bpt>`/`<ept>`), else `x` (TMX `<ph>`, `<it>`), with braces and white space removed; without
//! any the placeholder is just the name (`{x}`). Every character of a placeholder is placed at
//! the `<` of its tag.

use super::{Built, Pos, TextBuilder, io_error, malformed, start_stream};
use crate::input::{InputError, InputErrorKind};
use std::io::BufRead;
use std::ops::Range;
use std::sync::Arc;

/// Deepest element nesting accepted.
pub(crate) const MAX_DEPTH: usize = 1000;

/// An attribute: name and raw value (without quotes, references not decoded).
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub name: Range<usize>,
    pub value: Range<usize>,
}

/// A start tag (or an empty-element tag).
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub name: Range<usize>,
    pub attrs: Vec<Attr>,
    /// `<x/>`: no content and no end tag follow.
    pub empty: bool,
    /// Offset of the `<`.
    pub at: usize,
    /// Offset just after the `>`.
    pub end: usize,
}

/// A token.
#[derive(Debug)]
pub(crate) enum Tok {
    Start(Tag),
    End {
        /// Offset of the `<`.
        at: usize,
    },
    /// Character data, references not decoded.
    Text(Range<usize>),
    /// The content of a CDATA section.
    CData(Range<usize>),
    Eof,
}

struct XmlErr {
    at: usize,
    msg: String,
    /// The start tag of the element concerned, when it is elsewhere.
    opened: Option<usize>,
}

fn err<T>(at: usize, msg: impl Into<String>) -> Result<T, XmlErr> {
    Err(XmlErr {
        at,
        msg: msg.into(),
        opened: None,
    })
}

fn find(d: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let from = from.min(d.len());
    d[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|k| from + k)
}

fn skip_ws(d: &[u8], mut i: usize) -> usize {
    while i < d.len() && matches!(d[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// The XML name starting at `i`, if any.
fn name_at(d: &[u8], i: usize) -> Option<Range<usize>> {
    let mut j = i;
    while j < d.len()
        && !matches!(
            d[j],
            b' ' | b'\t'
                | b'\r'
                | b'\n'
                | b'/'
                | b'>'
                | b'<'
                | b'='
                | b'"'
                | b'\''
                | b'&'
                | b'!'
                | b'?'
                | b';'
        )
    {
        j += 1;
    }
    let first = *d.get(i)?;
    if j == i || first.is_ascii_digit() || first == b'-' || first == b'.' {
        return None;
    }
    Some(i..j)
}

/// Tokenizer state: an offset, the stack of open elements and the namespace declarations in
/// scope.
#[derive(Debug, Clone, Default)]
struct Lexer {
    pos: usize,
    /// Open elements: name and offset of the `<`.
    stack: Vec<(Range<usize>, usize)>,
    seen_root: bool,
    /// Namespace URIs (ranges of the data) bound to each prefix (`b""` for the default
    /// namespace), innermost last.
    ns: std::collections::HashMap<Vec<u8>, Vec<Range<usize>>>,
    /// The prefixes bound, in order, to unbind them when their element ends.
    ns_log: Vec<Vec<u8>>,
    /// For each open element, the length of `ns_log` before its declarations.
    ns_marks: Vec<usize>,
    /// The namespace URI of the root element, if it has one.
    root_ns: Option<Range<usize>>,
}

impl Lexer {
    fn next(&mut self, d: &[u8]) -> Result<Tok, XmlErr> {
        loop {
            let p = self.pos;
            if p >= d.len() {
                if let Some((name, at)) = self.stack.last() {
                    return err(
                        *at,
                        format!(
                            "element <{}> is not closed at the end of the file",
                            String::from_utf8_lossy(&d[name.clone()])
                        ),
                    );
                }
                if !self.seen_root {
                    return err(p, "no root element");
                }
                return Ok(Tok::Eof);
            }
            if d[p] != b'<' {
                let end = d[p..]
                    .iter()
                    .position(|&b| b == b'<')
                    .map_or(d.len(), |k| p + k);
                self.pos = end;
                if self.stack.is_empty() {
                    if let Some(k) = d[p..end].iter().position(|b| !b.is_ascii_whitespace()) {
                        return err(p + k, "text outside the root element");
                    }
                    continue;
                }
                return Ok(Tok::Text(p..end));
            }
            let rest = &d[p..];
            if rest.starts_with(b"<!--") {
                let e = find(d, p + 4, b"-->").ok_or(XmlErr {
                    at: p,
                    msg: "comment is not closed".into(),
                    opened: None,
                })?;
                self.pos = e + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                if self.stack.is_empty() {
                    return err(p, "CDATA section outside the root element");
                }
                let e = find(d, p + 9, b"]]>").ok_or(XmlErr {
                    at: p,
                    msg: "CDATA section is not closed".into(),
                    opened: None,
                })?;
                self.pos = e + 3;
                return Ok(Tok::CData(p + 9..e));
            }
            if rest.starts_with(b"<?") {
                let e = find(d, p + 2, b"?>").ok_or(XmlErr {
                    at: p,
                    msg: "processing instruction is not closed".into(),
                    opened: None,
                })?;
                self.pos = e + 2;
                continue;
            }
            if rest.starts_with(b"<!DOCTYPE") {
                if self.seen_root {
                    return err(p, "DOCTYPE after the root element");
                }
                self.pos = doctype_end(d, p)?;
                continue;
            }
            if rest.starts_with(b"<!") {
                return err(p, "unexpected markup declaration");
            }
            if rest.starts_with(b"</") {
                let Some(name) = name_at(d, p + 2) else {
                    return err(p, "end tag without a name");
                };
                let i = skip_ws(d, name.end);
                if d.get(i) != Some(&b'>') {
                    return err(i, "expected `>` to end the end tag");
                }
                let shown = String::from_utf8_lossy(&d[name.clone()]).into_owned();
                match self.stack.pop() {
                    None => return err(p, format!("end tag </{shown}> without a start tag")),
                    Some((open, at)) if d[open.clone()] != d[name.clone()] => {
                        return Err(XmlErr {
                            at: p,
                            msg: format!(
                                "end tag </{shown}> where </{}> was expected: element <{0}> is not closed",
                                String::from_utf8_lossy(&d[open])
                            ),
                            opened: Some(at),
                        });
                    }
                    Some(_) => {}
                }
                if let Some(m) = self.ns_marks.pop() {
                    self.unbind(m);
                }
                self.pos = i + 1;
                return Ok(Tok::End { at: p });
            }
            return self.start_tag(d, p);
        }
    }

    fn start_tag(&mut self, d: &[u8], p: usize) -> Result<Tok, XmlErr> {
        let Some(name) = name_at(d, p + 1) else {
            return err(
                p,
                "`<` not followed by an element name (write `&lt;` for a literal `<`)",
            );
        };
        let shown = || String::from_utf8_lossy(&d[name.clone()]).into_owned();
        let mut attrs: Vec<Attr> = Vec::new();
        let mut names = AttrNames::default();
        let mut i = name.end;
        let empty = loop {
            let j = skip_ws(d, i);
            match d.get(j) {
                None => return err(p, format!("start tag <{} is not closed", shown())),
                Some(b'>') => {
                    i = j + 1;
                    break false;
                }
                Some(b'/') if d.get(j + 1) == Some(&b'>') => {
                    i = j + 2;
                    break true;
                }
                _ => {}
            }
            if j == i {
                return err(
                    j,
                    format!(
                        "expected white space, `>` or `/>` in the start tag <{}",
                        shown()
                    ),
                );
            }
            let Some(an) = name_at(d, j) else {
                return err(
                    j,
                    format!("expected an attribute name in the start tag <{}", shown()),
                );
            };
            let k = skip_ws(d, an.end);
            if d.get(k) != Some(&b'=') {
                return err(k, "expected `=` after the attribute name");
            }
            let k = skip_ws(d, k + 1);
            let q = match d.get(k) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return err(k, "attribute value must be quoted"),
            };
            let Some(e) = d[k + 1..].iter().position(|&b| b == q).map(|x| k + 1 + x) else {
                return err(k, "attribute value is not closed");
            };
            if let Some(lt) = d[k + 1..e].iter().position(|&b| b == b'<') {
                return err(k + 1 + lt, "`<` in an attribute value");
            }
            if !names.insert(d, &attrs, an.clone()) {
                return err(j, "duplicate attribute");
            }
            attrs.push(Attr {
                name: an,
                value: k + 1..e,
            });
            i = e + 1;
        };
        if self.stack.is_empty() && self.seen_root {
            return err(p, "a second root element");
        }
        if !empty && self.stack.len() >= MAX_DEPTH {
            return err(p, format!("elements nested deeper than {MAX_DEPTH} levels"));
        }
        let mark = self.ns_log.len();
        let resolved = self.resolve(d, &name, &attrs);
        self.seen_root = true;
        if empty {
            self.unbind(mark);
        } else {
            self.stack.push((name.clone(), p));
            self.ns_marks.push(mark);
        }
        self.pos = i;
        Ok(Tok::Start(Tag {
            name: resolved,
            attrs,
            empty,
            at: p,
            end: i,
        }))
    }
}

impl Lexer {
    /// Binds the namespaces `attrs` declare and resolves the element name `name` through them:
    /// a prefixed name whose prefix is bound to the root element's namespace is given as its
    /// local part (`<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2">` is `xliff`, and
    /// so are its `x:` descendants); other names stay as written (`sdl:seg`). Each declaration
    /// and each look-up costs one hash operation.
    fn resolve(&mut self, d: &[u8], name: &Range<usize>, attrs: &[Attr]) -> Range<usize> {
        for a in attrs {
            let an = &d[a.name.clone()];
            let prefix = if an == b"xmlns" {
                &b""[..]
            } else if let Some(p) = an.strip_prefix(b"xmlns:") {
                p
            } else {
                continue;
            };
            self.ns
                .entry(prefix.to_vec())
                .or_default()
                .push(a.value.clone());
            self.ns_log.push(prefix.to_vec());
        }
        let colon = d[name.clone()].iter().position(|&b| b == b':');
        let prefix = &d[name.start..name.start + colon.unwrap_or(0)];
        let uri = self.ns.get(prefix).and_then(|v| v.last()).cloned();
        if !self.seen_root {
            self.root_ns = uri.clone();
        }
        match (colon, uri, &self.root_ns) {
            (Some(c), Some(u), Some(r)) if d[u.clone()] == d[r.clone()] => {
                name.start + c + 1..name.end
            }
            _ => name.clone(),
        }
    }

    /// Unbinds the namespace declarations made since `ns_log` had length `mark`.
    fn unbind(&mut self, mark: usize) {
        while self.ns_log.len() > mark {
            if let Some(p) = self.ns_log.pop()
                && let Some(v) = self.ns.get_mut(&p)
            {
                v.pop();
            }
        }
    }
}

/// The attribute names of a start tag seen so far, to refuse a duplicate in linear time: a few
/// are compared directly, more go into a hash set (a tag with 100,000 attributes must not take
/// 5·10⁹ comparisons). The set is seeded per process, so crafted names cannot make it collide.
#[derive(Default)]
struct AttrNames<'d> {
    set: std::collections::HashSet<&'d [u8]>,
}

impl<'d> AttrNames<'d> {
    /// Below this many attributes, names are compared one by one.
    const DIRECT: usize = 8;

    /// Records the name `an` of the attribute that follows `attrs`; false if it is already there.
    fn insert(&mut self, d: &'d [u8], attrs: &[Attr], an: Range<usize>) -> bool {
        let name = &d[an];
        if attrs.len() < Self::DIRECT {
            count_work(attrs.len());
            return !attrs.iter().any(|a| &d[a.name.clone()] == name);
        }
        if self.set.is_empty() {
            count_work(attrs.len());
            self.set.extend(attrs.iter().map(|a| &d[a.name.clone()]));
        }
        count_work(1);
        self.set.insert(name)
    }
}

#[cfg(test)]
thread_local! {
    /// Tests: attribute names compared or hashed so far on this thread.
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_work(n: usize) {
    WORK.with(|w| w.set(w.get() + n));
}

#[cfg(not(test))]
fn count_work(_: usize) {}

/// The end of the DOCTYPE declaration at `p`; refuses entity declarations.
fn doctype_end(d: &[u8], p: usize) -> Result<usize, XmlErr> {
    let mut i = p + 9;
    let mut subset = false;
    while i < d.len() {
        match d[i] {
            q @ (b'"' | b'\'') => {
                match d[i + 1..].iter().position(|&b| b == q) {
                    Some(k) => i += k + 2,
                    None => return err(i, "literal in the DOCTYPE is not closed"),
                }
                continue;
            }
            b'[' if !subset => subset = true,
            b']' if subset => subset = false,
            b'<' if subset && d[i..].starts_with(b"<!--") => {
                i = find(d, i + 4, b"-->").ok_or(XmlErr {
                    at: i,
                    msg: "comment is not closed".into(),
                    opened: None,
                })? + 3;
                continue;
            }
            b'<' if subset && d[i..].starts_with(b"<!ENTITY") => {
                return err(
                    i,
                    "the DOCTYPE declares entities: entity declarations are not supported (they are never expanded)",
                );
            }
            b'>' if !subset => return Ok(i + 1),
            _ => {}
        }
        i += 1;
    }
    err(p, "DOCTYPE is not closed")
}

/// Line and column of offsets, moved forward (or, rarely, back) through the text.
#[derive(Debug, Clone)]
struct Cursor {
    off: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn at(&mut self, d: &[u8], off: usize) -> (usize, usize) {
        let off = off.min(d.len());
        if off >= self.off {
            for &b in &d[self.off..off] {
                if b == b'\n' {
                    self.line += 1;
                    self.col = 1;
                } else if b & 0xC0 != 0x80 {
                    self.col += 1;
                }
            }
        } else {
            let back = &d[off..self.off];
            let nl = back.iter().filter(|&&b| b == b'\n').count();
            if nl == 0 {
                self.col -= back.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            } else {
                self.line -= nl;
                let ls = d[..off]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |k| k + 1);
                self.col = super::column_of(&d[ls..], off - ls);
            }
        }
        self.off = off;
        (self.line, self.col)
    }
}

/// A text piece of character data: verbatim file text, or a character from a reference.
enum Piece {
    Verbatim(Range<usize>),
    Char(char),
}

/// Inline content read by [`XmlDoc::inline`].
pub(crate) struct Inline {
    /// All the content.
    pub whole: Built,
    /// With `split`: the `<mrk mtype="seg" mid="…">` segments, by `mid`, in order.
    pub segs: Vec<(String, Built)>,
    /// Where the content starts (after the start tag; at the tag when it is empty).
    pub content_at: Pos,
}

/// An XML document in memory, read token by token.
#[derive(Clone)]
pub(crate) struct XmlDoc {
    pub file: String,
    data: Arc<str>,
    /// File offset of `data[0]` (3 after a UTF-8 byte-order mark).
    base: u64,
    lexer: Lexer,
    cursor: Cursor,
}

/// Reads a whole XML file (a UTF-8 BOM is skipped, UTF-16 with a BOM is decoded), of at most
/// `max` bytes: the document is held in memory whole (about its size; no tree is built), so a
/// bigger one is refused, naming the file and the option that raises the limit
/// (`--max-xml-size`, default [`super::MAX_XML`]).
pub(crate) fn load(
    file: &str,
    reader: Box<dyn BufRead + Send>,
    max: u64,
) -> Result<XmlDoc, InputError> {
    let mut stream = start_stream(file, reader)?;
    // NUL bytes and bytes that are not UTF-8 stop the read where they are (`/dev/zero` is not
    // read to the end of memory); `XmlDoc::new` then reports them with their line.
    let mut raw = Vec::new();
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    let end = crate::input::read_checked(&mut stream.reader, &mut raw, None, true, limit)
        .map_err(|e| io_error(file, e))?;
    if matches!(end, crate::input::ReadEnd::TooLong) {
        return Err(InputError {
            file: file.to_string(),
            kind: InputErrorKind::Io(format!(
                "XML file larger than {}: it would be read into memory whole; \
                 --max-xml-size raises the limit (about as much memory is then needed)",
                super::show_size(max)
            )),
        });
    }
    XmlDoc::new(file, raw, stream.base)
}

impl XmlDoc {
    /// A document over `raw`, the file's bytes from offset `base` on.
    pub fn new(file: &str, raw: Vec<u8>, base: u64) -> Result<XmlDoc, InputError> {
        if let Some(p) = raw.iter().position(|&b| b == 0) {
            return Err(InputError {
                file: file.to_string(),
                kind: InputErrorKind::Binary {
                    offset: base + p as u64,
                },
            });
        }
        let text = String::from_utf8(raw).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            InputError {
                file: file.to_string(),
                kind: InputErrorKind::InvalidUtf8 {
                    line: e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1,
                    offset: base + at as u64,
                },
            }
        })?;
        Ok(XmlDoc {
            file: file.to_string(),
            data: Arc::from(text),
            base,
            lexer: Lexer::default(),
            cursor: Cursor {
                off: 0,
                line: 1,
                col: 1,
            },
        })
    }

    /// The file position of offset `off` of the data.
    pub fn pos(&mut self, off: usize) -> Pos {
        let (line, column) = self.cursor.at(self.data.as_bytes(), off);
        Pos {
            offset: self.base + off.min(self.data.len()) as u64,
            line,
            column,
        }
    }

    /// A malformed-input error at offset `off`.
    pub fn error(&mut self, off: usize, msg: impl Into<String>) -> InputError {
        let p = self.pos(off);
        malformed(&self.file, p.line, p.column, msg)
    }

    /// The next token.
    pub fn next(&mut self) -> Result<Tok, InputError> {
        let data = self.data.clone();
        self.lexer
            .next(data.as_bytes())
            .map_err(|e| match e.opened {
                Some(o) => {
                    let p = self.pos(o);
                    let msg = format!("{} (opened at line {}, column {})", e.msg, p.line, p.column);
                    self.error(e.at, msg)
                }
                None => self.error(e.at, e.msg),
            })
    }

    /// The text of a range of the data.
    pub fn str(&self, r: &Range<usize>) -> &str {
        self.data.get(r.clone()).unwrap_or("")
    }

    /// A tag's name.
    pub fn name(&self, t: &Tag) -> &str {
        self.str(&t.name)
    }

    /// The decoded value of attribute `name` of `t`.
    pub fn attr(&mut self, t: &Tag, name: &str) -> Result<Option<String>, InputError> {
        let Some(a) = t.attrs.iter().find(|a| self.str(&a.name) == name) else {
            return Ok(None);
        };
        let mut out = String::new();
        for (piece, _) in self.pieces(a.value.clone(), false)? {
            match piece {
                Piece::Verbatim(r) => out.push_str(self.str(&r)),
                Piece::Char(c) => out.push(c),
            }
        }
        Ok(Some(out))
    }

    /// Skips the content of `t` (nothing when it is an empty-element tag).
    pub fn skip(&mut self, t: &Tag) -> Result<(), InputError> {
        if t.empty {
            return Ok(());
        }
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Tok::Start(c) if !c.empty => depth += 1,
                Tok::End { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Tok::Eof => return Err(self.error(t.at, "element is not closed")),
                _ => {}
            }
        }
    }

    /// Splits character data (or an attribute value) into verbatim runs and decoded references,
    /// with the position of each piece when `positions` is set.
    fn pieces(
        &mut self,
        r: Range<usize>,
        positions: bool,
    ) -> Result<Vec<(Piece, Option<Pos>)>, InputError> {
        let data = self.data.clone();
        let d = data.as_bytes();
        let mut out = Vec::new();
        let mut i = r.start;
        let end = r.end.min(d.len());
        while i < end {
            let amp = d[i..end]
                .iter()
                .position(|&b| b == b'&')
                .map_or(end, |k| i + k);
            if amp > i {
                let p = positions.then(|| self.pos(i));
                out.push((Piece::Verbatim(i..amp), p));
            }
            if amp == end {
                break;
            }
            let semi = d[amp + 1..end]
                .iter()
                .take(40)
                .position(|&b| b == b';')
                .map(|k| amp + 1 + k);
            let Some(semi) = semi else {
                return Err(self.error(
                    amp,
                    "`&` does not start a reference (write `&amp;` for a literal `&`)",
                ));
            };
            let name = data.get(amp + 1..semi).unwrap_or("");
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "apos" => Some('\''),
                "quot" => Some('"'),
                _ => {
                    let num = if let Some(h) = name.strip_prefix("#x") {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(n) = name.strip_prefix('#') {
                        n.parse::<u32>().ok()
                    } else {
                        return Err(self.error(
                            amp,
                            format!(
                                "undefined entity `&{name};`: only the five XML entities and character references are decoded"
                            ),
                        ));
                    };
                    num.filter(|&n| n != 0).and_then(char::from_u32)
                }
            };
            let Some(c) = c else {
                return Err(self.error(amp, format!("invalid character reference `&{name};`")));
            };
            let p = positions.then(|| self.pos(amp));
            out.push((Piece::Char(c), p));
            i = semi + 1;
        }
        Ok(out)
    }

    /// Reads the content of `container` (whose start tag was just read) up to its end tag, with
    /// inline codes as placeholders. With `split`, the content of each `<mrk mtype="seg">` is
    /// also collected on its own (XLIFF 1.2 segmentation, as in `<seg-source>` and SDLXLIFF).
    pub fn inline(&mut self, container: &Tag, split: bool) -> Result<Inline, InputError> {
        let content_at = self.pos(if container.empty {
            container.at
        } else {
            container.end
        });
        let mut whole = TextBuilder::default();
        if container.empty {
            return Ok(Inline {
                whole: whole.finish(content_at, content_at),
                segs: Vec::new(),
                content_at,
            });
        }
        enum Open {
            Close(String),
            Plain,
            Seg,
        }
        let data = self.data.clone();
        let mut segs: Vec<(String, TextBuilder, Pos, Option<Pos>)> = Vec::new();
        let mut cur: Option<usize> = None;
        let mut open: Vec<Open> = Vec::new();
        // Appends to the whole text and the current segment.
        fn put(
            whole: &mut TextBuilder,
            seg: Option<&mut TextBuilder>,
            s: &str,
            at: Pos,
            verbatim: bool,
        ) {
            for b in std::iter::once(whole).chain(seg) {
                if verbatim {
                    b.verbatim(s, at);
                } else {
                    b.replaced(s, at);
                }
            }
        }
        loop {
            let tok = self.next()?;
            match tok {
                Tok::Text(r) => {
                    for (piece, p) in self.pieces(r, true)? {
                        let p = p.unwrap_or(content_at);
                        let sb = cur.map(|k| &mut segs[k].1);
                        match piece {
                            Piece::Verbatim(r) => put(&mut whole, sb, &data[r], p, true),
                            Piece::Char(c) => {
                                put(&mut whole, sb, c.encode_utf8(&mut [0; 4]), p, false)
                            }
                        }
                    }
                }
                Tok::CData(r) => {
                    let p = self.pos(r.start);
                    let sb = cur.map(|k| &mut segs[k].1);
                    put(&mut whole, sb, &data[r], p, true);
                }
                Tok::Start(t) => {
                    let full = self.name(&t).to_string();
                    let local = full.rsplit(':').next().unwrap_or("").to_string();
                    let p = self.pos(t.at);
                    match local.as_str() {
                        "g" | "pc" => {
                            let id = self.code_id(&t)?;
                            let sb = cur.map(|k| &mut segs[k].1);
                            put(&mut whole, sb, &format!("{{{local}{id}}}"), p, false);
                            let close = format!("{{/{local}{id}}}");
                            if t.empty {
                                let sb = cur.map(|k| &mut segs[k].1);
                                put(&mut whole, sb, &close, p, false);
                            } else {
                                open.push(Open::Close(close));
                            }
                        }
                        "x" | "bx" | "ex" | "ph" | "bpt" | "ept" | "it" | "sc" | "ec" | "ut" => {
                            let id = self.code_id(&t)?;
                            let sb = cur.map(|k| &mut segs[k].1);
                            put(&mut whole, sb, &format!("{{{local}{id}}}"), p, false);
                            self.skip(&t)?;
                        }
                        "cp" => {
                            let hex = self.attr(&t, "hex")?.unwrap_or_default();
                            let Some(c) = u32::from_str_radix(hex.trim(), 16)
                                .ok()
                                .and_then(char::from_u32)
                            else {
                                return Err(self.error(
                                    t.at,
                                    format!("<cp> with an invalid hex value `{hex}`"),
                                ));
                            };
                            let sb = cur.map(|k| &mut segs[k].1);
                            put(&mut whole, sb, c.encode_utf8(&mut [0; 4]), p, false);
                            self.skip(&t)?;
                        }
                        "sm" | "em" => self.skip(&t)?,
                        "mrk" if split && self.attr(&t, "mtype")?.as_deref() == Some("seg") => {
                            let mid = self
                                .attr(&t, "mid")?
                                .unwrap_or_else(|| (segs.len() + 1).to_string());
                            let start = self.pos(if t.empty { t.at } else { t.end });
                            segs.push((
                                mid,
                                TextBuilder::default(),
                                start,
                                t.empty.then_some(start),
                            ));
                            if !t.empty {
                                cur = Some(segs.len() - 1);
                                open.push(Open::Seg);
                            }
                        }
                        _ => {
                            if !t.empty {
                                open.push(Open::Plain);
                            }
                        }
                    }
                }
                Tok::End { at } => match open.pop() {
                    None => {
                        let end = self.pos(at);
                        return Ok(Inline {
                            whole: whole.finish(end, content_at),
                            segs: segs
                                .into_iter()
                                .map(|(mid, b, start, end)| {
                                    (mid, b.finish(end.unwrap_or(start), start))
                                })
                                .collect(),
                            content_at,
                        });
                    }
                    Some(Open::Close(s)) => {
                        let p = self.pos(at);
                        let sb = cur.map(|k| &mut segs[k].1);
                        put(&mut whole, sb, &s, p, false);
                    }
                    Some(Open::Plain) => {}
                    Some(Open::Seg) => {
                        if let Some(k) = cur.take() {
                            segs[k].3 = Some(self.pos(at));
                        }
                    }
                },
                Tok::Eof => return Err(self.error(container.at, "element is not closed")),
            }
        }
    }

    /// The number of an inline code's placeholder.
    fn code_id(&mut self, t: &Tag) -> Result<String, InputError> {
        for key in ["id", "startRef", "i", "x"] {
            if let Some(v) = self.attr(t, key)? {
                let v: String = v
                    .chars()
                    .filter(|c| !matches!(c, '{' | '}') && !c.is_whitespace())
                    .take(32)
                    .collect();
                return Ok(v);
            }
        }
        Ok(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> XmlDoc {
        XmlDoc::new("t.xml", s.as_bytes().to_vec(), 0).unwrap()
    }

    fn all(s: &str) -> Result<usize, InputError> {
        let mut d = doc(s);
        let mut n = 0;
        loop {
            match d.next()? {
                Tok::Eof => return Ok(n),
                _ => n += 1,
            }
        }
    }

    fn malformed_at(r: Result<usize, InputError>) -> (usize, usize, String) {
        match r.unwrap_err().kind {
            InputErrorKind::Malformed {
                line,
                column,
                message,
            } => (line, column, message),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn tokens_of_a_small_document() {
        assert_eq!(
            all("<?xml version='1.0'?>\n<!-- c --><a x=\"1\" y='2'><b/>t<![CDATA[<x>]]></a>\n")
                .unwrap(),
            5
        );
    }

    #[test]
    fn errors_have_positions() {
        let (l, c, m) = malformed_at(all("<a>\n  <b>\n</a>"));
        assert_eq!((l, c), (3, 1), "{m}");
        let (l, c, m) = malformed_at(all("<a>\n  <b>text"));
        assert_eq!((l, c), (2, 3), "{m}");
        assert!(m.contains("<b>") && m.contains("not closed"), "{m}");
        let mut d = doc("<a>\n x &foo; </a>");
        d.next().unwrap();
        let Tok::Text(r) = d.next().unwrap() else {
            panic!()
        };
        let e = d.pieces(r, true).err().unwrap();
        assert!(
            matches!(
                e.kind,
                InputErrorKind::Malformed {
                    line: 2,
                    column: 4,
                    ..
                }
            ),
            "{e}"
        );
        let (l, c, _) = malformed_at(all("<a b=\"1\" b=\"2\"/>"));
        assert_eq!((l, c), (1, 10));
        malformed_at(all("<a></a><b/>"));
        malformed_at(all("text"));
        malformed_at(all(""));
        malformed_at(all("<a x=1/>"));
        malformed_at(all("<a><!-- x </a>"));
    }

    #[test]
    fn entity_declarations_are_refused_and_plain_doctypes_skipped() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;\">\n]>\n<lolz>&lol2;</lolz>";
        let (l, c, m) = malformed_at(all(bomb));
        assert_eq!((l, c), (3, 2), "{m}");
        let xxe = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        malformed_at(all(xxe));
        assert_eq!(
            all("<!DOCTYPE xliff PUBLIC \"-//X//DTD//EN\" \"x.dtd\"><xliff/>").unwrap(),
            1
        );
        assert_eq!(
            all("<!DOCTYPE x [<!-- <!ENTITY no> --><!ELEMENT x ANY>]><x/>").unwrap(),
            1
        );
    }

    #[test]
    fn the_duplicate_attribute_test_is_linear() {
        for n in [1_000usize, 100_000] {
            let attrs: String = (0..n).map(|k| format!(" a{k}=\"v\"")).collect();
            let s = format!("<r{attrs}/>");
            WORK.with(|w| w.set(0));
            assert_eq!(all(&s).unwrap(), 1);
            let work = WORK.with(|w| w.get());
            assert!(
                work <= 3 * n,
                "{n} attributes: {work} names compared or hashed"
            );
            // The same with one name repeated at the end: refused, where it is.
            let (line, col, msg) = malformed_at(all(&format!("<r{attrs} a7=\"w\"/>")));
            assert_eq!((line, msg.as_str()), (1, "duplicate attribute"));
            assert_eq!(col, s.len(), "the column of the repeated name");
        }
        let (_, _, msg) = malformed_at(all("<r a='1' b='2' a='3'/>"));
        assert_eq!(msg, "duplicate attribute");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "<a>".repeat(100_000);
        let (l, c, m) = malformed_at(all(&deep));
        assert_eq!((l, c), (1, 3 * MAX_DEPTH + 1), "{m}");
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert_eq!(all(&ok).unwrap(), 2 * MAX_DEPTH);
    }

    #[test]
    fn cursor_moves_both_ways() {
        let d = "ab\nçd\néf".as_bytes();
        let mut c = Cursor {
            off: 0,
            line: 1,
            col: 1,
        };
        assert_eq!(c.at(d, 7), (3, 1));
        assert_eq!(c.at(d, 5), (2, 2));
        assert_eq!(c.at(d, 1), (1, 2));
        assert_eq!(c.at(d, 10), (3, 3));
        assert_eq!(c.at(d, 9), (3, 2));
        assert_eq!(c.at(d, 6), (2, 3));
    }

    #[test]
    fn inline_codes_become_placeholders() {
        let s = "<t>a <g id=\"2\">b &amp; c</g><x id='1'/> <ph id=\"3\">&lt;br/&gt;</ph><mrk mtype=\"x\">d</mrk><cp hex=\"41\"/></t>";
        let mut d = doc(s);
        let Tok::Start(t) = d.next().unwrap() else {
            panic!()
        };
        let inl = d.inline(&t, false).unwrap();
        assert_eq!(inl.whole.text, "a {g2}b & c{/g2}{x1} {ph3}dA");
        let seg = super::super::segment("1".into(), inl.whole, None, false);
        super::super::test_util::check_positions(s, &[seg], "<&");
    }
}
