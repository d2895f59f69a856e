//! HTML pages: the text of block elements and the translatable attributes, with the exact file
//! position of every character.
//!
//! A small tokenizer of its own (tags, attributes, comments, raw-text elements, character
//! references), not a crate: every piece of text must keep its byte offset through the
//! decoding of references, which the HTML5 tokenizers hand back already decoded, and a tree
//! builder (html5ever) costs more to compile than the whole of this reader. HTML has no fatal
//! errors, and neither has this reader: what is not a tag is text, as browsers do.
//!
//! Segments: the text of each block element (`p`, `h1`–`h6` as `h`, `li`, `td`/`th` as `td`,
//! `dt`, `dd`, `caption`, `figcaption`, `blockquote`, `title`, `label`, `button`, `option`,
//! `summary`, `legend`, and the loose text of any other block such as a `div`), counted per kind
//! in document order (`p12`, `h3`, `li7`, `td4`), so a page and its translation pair by
//! structure with `--source`; inline elements (`a`, `em`, `strong`, `span`…) are not text, their
//! content is; `<br>` is a line break; inline `<code>` is kept between backticks, which the
//! checks treat as protected. The attributes `alt`, `title`, `placeholder` and `aria-label` are
//! segments of their own (`alt1`, `title-attr1`, `placeholder1`, `aria-label1`). Skipped:
//! `script`, `style`, `pre`, `template`, `textarea`, `svg`, `math`, `noscript`, block `code`,
//! comments, and every element marked `translate="no"` with all it holds. Character references
//! are decoded (numeric ones and the common named ones; an unknown name stays as written) with
//! the decoded character placed at its `&`. The target language is `<html lang>`.

use super::markdown::Lines;
use super::{Document, Pos, TextBuilder, segment};
use crate::input::{InputError, Segment};
use std::collections::HashMap;
use std::io::BufRead;

/// Reads an HTML page.
pub(crate) fn read(file: &str, reader: Box<dyn BufRead + Send>) -> Result<Document, InputError> {
    let (text, base) = super::subtitles::load_text(file, reader)?;
    let (segments, lang) = parse(&text, base);
    Ok(Document {
        source_lang: None,
        target_lang: lang,
        segments: Box::new(segments.into_iter().map(Ok)),
    })
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Elements whose content is never text to check.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "pre",
    "template",
    "textarea",
    "svg",
    "math",
    "noscript",
    "iframe",
    "object",
    "head-style",
];

/// Elements whose content the tokenizer does not parse (up to their end tag).
const RAW: &[&str] = &[
    "script", "style", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Inline elements: their content continues the block around them.
const INLINE: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "data",
    "dfn",
    "em",
    "font",
    "i",
    "kbd",
    "mark",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "del",
    "ins",
    "big",
    "tt",
    "strike",
    "nobr",
    "label-inline",
];

/// The segment kind of a block element's text.
fn kind_of(name: &str) -> &'static str {
    match name {
        "p" => "p",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "h",
        "li" => "li",
        "td" | "th" => "td",
        "dt" => "dt",
        "dd" => "dd",
        "caption" => "caption",
        "figcaption" => "figcaption",
        "blockquote" => "blockquote",
        "title" => "title",
        "label" => "label",
        "button" => "button",
        "option" => "option",
        "summary" => "summary",
        "legend" => "legend",
        _ => "div",
    }
}

struct Attr<'a> {
    name: String,
    value: Option<(&'a str, usize)>,
}

struct Block {
    kind: &'static str,
    text: TextBuilder,
    at: usize,
    end: usize,
}

struct State<'t> {
    src: &'t str,
    lines: Lines,
    counts: HashMap<&'static str, usize>,
    out: Vec<Segment>,
}

impl State<'_> {
    fn pos(&self, at: usize) -> Pos {
        self.lines.pos(self.src, at)
    }

    fn emit(&mut self, b: Block) {
        if b.text.text().trim().is_empty() {
            return;
        }
        let n = self.counts.entry(b.kind).or_default();
        *n += 1;
        let id = format!("{}{n}", b.kind);
        let (at, end) = (self.pos(b.at), self.pos(b.end));
        let mut text = b.text;
        text.trim_end();
        let built = text.finish(end, at);
        self.out.push(segment(id, built, None, false));
    }

    /// Appends raw text `s` at `at`, decoding character references and folding white space as
    /// a browser shows it: a run of spaces, tabs and line breaks is one space, none at the start
    /// of a block (and [`TextBuilder::trim_end`] drops the one at its end). Indentation and line
    /// breaks of the HTML source are then not read as doubled spaces or stray spaces before
    /// punctuation. A no-break space (`&nbsp;`) is kept.
    fn put(&self, b: &mut Block, s: &str, at: usize) {
        let mut from = 0;
        let mut search = 0;
        while let Some(amp) = s[search..].find('&').map(|p| search + p) {
            match reference(&s[amp..]) {
                Some((c, len)) => {
                    self.put_plain(b, &s[from..amp], at + from);
                    b.text
                        .replaced(c.encode_utf8(&mut [0; 4]), self.pos(at + amp));
                    from = amp + len;
                    search = from;
                    b.end = at + from;
                }
                None => search = amp + 1,
            }
        }
        self.put_plain(b, &s[from..], at + from);
    }

    /// [`State::put`] for text without references.
    fn put_plain(&self, b: &mut Block, s: &str, at: usize) {
        let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
        let mut i = 0;
        while i < s.len() {
            let j = s[i..].find(ws).map_or(s.len(), |p| i + p);
            if j > i {
                b.text.verbatim(&s[i..j], self.pos(at + i));
                b.end = at + j;
                i = j;
                continue;
            }
            let k = s[i..].find(|c| !ws(c)).map_or(s.len(), |p| i + p);
            let t = b.text.text();
            if !t.is_empty() && !t.ends_with([' ', '\n']) {
                if &s[i..k] == " " {
                    b.text.verbatim(" ", self.pos(at + i));
                } else {
                    b.text.replaced(" ", self.pos(at + i));
                }
            }
            i = k;
        }
    }

    fn attr_segment(&mut self, kind: &'static str, value: &str, at: usize) {
        let mut b = Block {
            kind,
            text: TextBuilder::default(),
            at,
            end: at,
        };
        self.put(&mut b, value, at);
        self.emit(b);
    }
}

/// A character reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;`): the character and
/// the length of the reference.
fn reference(s: &str) -> Option<(char, usize)> {
    let semi = s[1..].find(';').filter(|&n| n > 0 && n <= 32)? + 1;
    let name = &s[1..semi];
    let c = if let Some(n) = name.strip_prefix('#') {
        let v = match n.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => n.parse().ok()?,
        };
        char::from_u32(v).filter(|&c| c != '\0')?
    } else {
        named(name)?
    };
    Some((c, semi + 1))
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "shy" => '\u{AD}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "middot" => '·',
        "bull" => '•',
        "sect" => '§',
        "para" => '¶',
        "iexcl" => '¡',
        "iquest" => '¿',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "szlig" => 'ß',
        "Agrave" => 'À',
        "Eacute" => 'É',
        "Egrave" => 'È',
        "Ccedil" => 'Ç',
        _ => return None,
    })
}

/// A tag at `i` (just after `<`): its name (lower case), attributes, whether it closes itself,
/// and the offset after its `>`.
fn tag(src: &str, mut i: usize) -> (String, Vec<Attr<'_>>, bool, usize) {
    let b = src.as_bytes();
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = src[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (name, attrs, self_closing, b.len());
        }
        if b[i] == b'>' {
            return (name, attrs, self_closing, i + 1);
        }
        self_closing = false;
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == ns {
            i += 1;
            continue;
        }
        let aname = src[ns..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let value = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let vs = j + 1;
                let ve = src[vs..]
                    .bytes()
                    .position(|c| c == q)
                    .map_or(b.len(), |p| vs + p);
                i = (ve + 1).min(b.len());
                (&src[vs..ve], vs)
            } else {
                let vs = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                i = j;
                (&src[vs..j], vs)
            };
            attrs.push(Attr {
                name: aname,
                value: Some(value),
            });
        } else {
            attrs.push(Attr {
                name: aname,
                value: None,
            });
        }
    }
}

/// The offset of the `</name` that closes raw-text element `name` from `i` (or the end).
fn raw_end(src: &str, i: usize, name: &str) -> usize {
    let lower = |k: usize| {
        src.get(k + 2..k + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    };
    let mut k = i;
    while let Some(p) = src[k..].find("</") {
        if lower(k + p) {
            return k + p;
        }
        k += p + 2;
    }
    src.len()
}

/// The segments of HTML `src` (at file offset `base`) and the language of `<html lang>`.
pub(crate) fn parse(src: &str, base: u64) -> (Vec<Segment>, Option<String>) {
    let mut st = State {
        src,
        lines: Lines::new(src, base),
        counts: HashMap::new(),
        out: Vec::new(),
    };
    let mut lang = None;
    // Open block elements (their kinds) and the text being read.
    let mut blocks: Vec<&'static str> = Vec::new();
    let mut current: Option<Block> = None;
    // Skipped element names (translate="no", script…), innermost last, with their nesting.
    let mut skip: Vec<(String, usize)> = Vec::new();
    let mut in_code = false;
    // An inline element marked translate="no" inside a block (`l’attribut <code
    // translate="no">lang</code>`): its text stays in the sentence as protected code, as inline
    // `<code>` does; dropped, it would leave a hole the prose checks read as a stray space
    // before a full stop or a doubled space. The element name and its nesting.
    let mut inline_no: Option<(String, usize)> = None;
    let b = src.as_bytes();
    let mut i = 0;
    let mut text_from = 0;
    let flush = |st: &mut State<'_>, current: &mut Option<Block>| {
        if let Some(b) = current.take() {
            st.emit(b);
        }
    };
    macro_rules! text_until {
        ($end:expr) => {
            if skip.is_empty() && text_from < $end {
                let piece = &src[text_from..$end];
                if current.is_some() || !piece.trim().is_empty() {
                    let kind = blocks.last().copied().unwrap_or("div");
                    let blk = current.get_or_insert_with(|| Block {
                        kind,
                        text: TextBuilder::default(),
                        at: text_from,
                        end: text_from,
                    });
                    st.put(blk, piece, text_from);
                }
            }
        };
    }
    while let Some(lt) = src[i..].find('<').map(|p| i + p) {
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if src[lt..].starts_with("<!--") {
            text_until!(lt);
            let end = src[lt + 4..]
                .find("-->")
                .map_or(src.len(), |p| lt + 4 + p + 3);
            i = end;
            text_from = end;
            continue;
        }
        if next == b'!' || next == b'?' {
            text_until!(lt);
            let end = src[lt..].find('>').map_or(src.len(), |p| lt + p + 1);
            i = end;
            text_from = end;
            continue;
        }
        let closing = next == b'/';
        let name_at = lt + 1 + closing as usize;
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        text_until!(lt);
        let (name, attrs, self_closing, after) = tag(src, name_at);
        i = after;
        text_from = after;
        let name = name.as_str();
        if closing {
            if let Some((open, depth)) = inline_no.as_mut()
                && open == name
                && skip.is_empty()
            {
                if *depth > 1 {
                    *depth -= 1;
                } else {
                    inline_no = None;
                    if let Some(blk) = current.as_mut() {
                        blk.text.replaced("`", st.pos(lt));
                        blk.end = after;
                    }
                }
                continue;
            }
            if let Some((open, depth)) = skip.last_mut()
                && open == name
            {
                if *depth > 1 {
                    *depth -= 1;
                } else {
                    skip.pop();
                }
                continue;
            }
            if !skip.is_empty() {
                continue;
            }
            if name == "code" && in_code {
                in_code = false;
                if let Some(blk) = current.as_mut() {
                    blk.text.replaced("`", st.pos(lt));
                    blk.end = after;
                }
            } else if !(INLINE.contains(&name) || name == "code") {
                flush(&mut st, &mut current);
                if !VOID.contains(&name) {
                    blocks.pop();
                }
            }
            continue;
        }
        // A start tag.
        if let Some((open, depth)) = skip.last_mut() {
            if open == name && !self_closing && !VOID.contains(&name) {
                *depth += 1;
            }
            if RAW.contains(&name) {
                let end = raw_end(src, i, name);
                i = end;
                text_from = end;
            }
            continue;
        }
        let translate_no = attrs.iter().any(|a| {
            a.name == "translate" && a.value.is_some_and(|(v, _)| v.eq_ignore_ascii_case("no"))
        }) || attrs.iter().any(|a| {
            a.name == "class"
                && a.value
                    .is_some_and(|(v, _)| v.split_whitespace().any(|c| c == "notranslate"))
        });
        if name == "html"
            && let Some(Attr {
                value: Some((v, _)),
                ..
            }) = attrs.iter().find(|a| a.name == "lang")
        {
            lang = super::primary_lang(v);
        }
        if let Some((open, depth)) = inline_no.as_mut() {
            if open == name && !self_closing && !VOID.contains(&name) {
                *depth += 1;
            }
        } else if translate_no
            && !in_code
            && !self_closing
            && (INLINE.contains(&name) || name == "code")
            && let Some(blk) = current.as_mut()
        {
            inline_no = Some((name.to_string(), 1));
            blk.text.replaced("`", st.pos(lt));
            blk.end = after;
            continue;
        }
        let block_code = name == "code" && current.is_none();
        if translate_no || SKIPPED.contains(&name) || block_code {
            if RAW.contains(&name) {
                let end = raw_end(src, i, name);
                i = end;
                text_from = end;
                // The end tag is read next, closing the skip.
            }
            if !self_closing && !VOID.contains(&name) {
                skip.push((name.to_string(), 1));
            }
            continue;
        }
        for a in &attrs {
            let kind = match a.name.as_str() {
                "alt" => "alt",
                "title" => "title-attr",
                "placeholder" => "placeholder",
                "aria-label" => "aria-label",
                _ => continue,
            };
            if let Some((v, at)) = a.value {
                st.attr_segment(kind, v, at);
            }
        }
        if RAW.contains(&name) {
            let end = raw_end(src, i, name);
            i = end;
            text_from = end;
            continue;
        }
        if name == "br" {
            if let Some(blk) = current.as_mut() {
                blk.text.replaced("\n", st.pos(lt));
                blk.end = after;
            }
            continue;
        }
        if name == "code" {
            in_code = true;
            if let Some(blk) = current.as_mut() {
                blk.text.replaced("`", st.pos(lt));
                blk.end = after;
            }
            continue;
        }
        if INLINE.contains(&name) || VOID.contains(&name) || self_closing {
            continue;
        }
        flush(&mut st, &mut current);
        blocks.push(kind_of(name));
    }
    text_until!(src.len());
    flush(&mut st, &mut current);
    st.out.sort_by_key(|s| s.offset);
    (st.out, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;

    fn segs(s: &str) -> Vec<(String, String)> {
        parse(s, 0).0.into_iter().map(|s| (s.id, s.text)).collect()
    }

    #[test]
    fn blocks_attributes_and_skipped_parts() {
        let html = "<!DOCTYPE html>\n<html lang=\"fr-FR\">\n<head><title>Guide d&#8217;installation</title>\n<style>p { color: red }</style>\n<script>var s = \"<p>not text</p>\";</script></head>\n<body>\n<!-- un commentaire -->\n<h1>Installer <em>mtlint</em></h1>\n<p>Lancez <code>cargo install</code> puis <a href=\"https://example.com/x\" title=\"La doc\">lisez la doc</a>&nbsp;!<br>Suite.</p>\n<pre>echo not text</pre>\n<ul><li>Un</li><li>Deux &amp; trois</li></ul>\n<p translate=\"no\">Brand <b>Name</b></p>\n<img src=\"a.png\" alt=\"Un chat\">\n<input placeholder='Votre nom'>\n<table><tr><th>Nom</th><td>Valeur</td></tr></table>\n<div>Texte libre</div>\n</body></html>\n";
        let (all, lang) = parse(html, 0);
        assert_eq!(lang.as_deref(), Some("fr"));
        let got: Vec<(&str, &str)> = all
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("title1", "Guide d’installation"),
                ("h1", "Installer mtlint"),
                (
                    "p1",
                    "Lancez `cargo install` puis lisez la doc\u{A0}!\nSuite."
                ),
                ("title-attr1", "La doc"),
                ("li1", "Un"),
                ("li2", "Deux & trois"),
                ("alt1", "Un chat"),
                ("placeholder1", "Votre nom"),
                ("td1", "Nom"),
                ("td2", "Valeur"),
                ("div1", "Texte libre"),
            ]
        );
        check_positions(html, &all, "&<");
    }

    #[test]
    fn white_space_is_folded_and_inline_translate_no_stays_as_code() {
        let html = "<p>\n  L’attribut <code translate=\"no\">lang</code>.  Il vaut\n    <span translate=\"no\">fr</span>,\tpas&nbsp;<b>en</b>. <br>\n</p>";
        assert_eq!(
            segs(html),
            [(
                "p1".to_string(),
                "L’attribut `lang`. Il vaut `fr`, pas\u{a0}en.".to_string()
            )]
        );
        // Every character of the text is at its place in the file.
        let (segs, _) = parse(html, 0);
        let s = &segs[0];
        assert_eq!((s.line, s.column), (2, 3));
        let place = |needle: &str, in_file: &str| {
            let i = s.text.find(needle).unwrap();
            let f = html.find(in_file).unwrap();
            let line = html[..f].matches('\n').count() + 1;
            let col = html[..f].rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(crate::position::line_col(s, i), (line, col), "{needle}");
        };
        place("Il vaut", "Il vaut");
        place("pas", "pas&nbsp;");
        place("en.", "en</b>");
    }

    #[test]
    fn nested_skips_and_stray_brackets() {
        assert_eq!(
            segs("<div translate=\"no\"><div>a</div><p>b</p></div><p>1 < 2 et 3 > 2</p>"),
            [("p1".to_string(), "1 < 2 et 3 > 2".to_string())]
        );
        assert_eq!(
            segs("<p>Sans fin <b>ici"),
            [("p1".to_string(), "Sans fin ici".to_string())]
        );
    }
}
