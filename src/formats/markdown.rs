//! Markdown documents (CommonMark with the GFM tables, strikethrough, task lists and footnotes),
//! read with `pulldown-cmark`.
//!
//! Each block of prose is a segment: a heading (`h1`, `h2`… counted in document order, whatever
//! their level), a paragraph (`p1`…), a list item (`li1`…: its own text, a nested list being
//! its own items), a table cell (`td1`…, header cells included), a paragraph in a block quote
//! or a footnote (`p`), and the alternative text of an image (`img1`…). The ids are structural,
//! so a source page and its translation with the same structure pair block by block
//! (`--source en.md fr.md`).
//!
//! The text of a segment is built from the parser's text events and their source ranges, so
//! every character keeps its place in the file: emphasis markers, link destinations and titles
//! are not text (the link's words are); inline code stays in the text with its backticks, which
//! the checks treat as protected, so the sentence still reads; inline HTML tags stay as markup.
//! Skipped: fenced and indented code blocks, HTML blocks and comments, YAML (`---`) and TOML
//! (`+++`) front matter. A front matter key `lang`, `language` or `locale` names the target
//! language.
//!
//! Markdown has no syntax errors: every text is a document. Bytes that are not UTF-8 and NUL
//! bytes are errors as for the other formats.

use super::{Document, Pos, TextBuilder, segment};
use crate::input::{InputError, Segment};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::io::BufRead;
use std::ops::Range;

/// Line starts of a text, for positions.
pub(crate) struct Lines {
    starts: Vec<usize>,
    base: u64,
    /// The last position asked for (line, byte, column): positions asked in increasing order
    /// along one long line are counted from there, not from the line start (linear, not
    /// quadratic, for a book on one line).
    memo: std::cell::Cell<Option<(usize, usize, usize)>>,
}

impl Lines {
    pub fn new(text: &str, base: u64) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            starts,
            base,
            memo: Default::default(),
        }
    }

    /// The file position of byte `at` of `text`.
    pub fn pos(&self, text: &str, at: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[line - 1];
        let bytes = text.as_bytes();
        let column = match self.memo.get() {
            Some((l, from, col)) if l == line && from <= at => {
                col + super::column_of(&bytes[from..], at - from) - 1
            }
            _ => super::column_of(&bytes[start..], at - start),
        };
        self.memo.set(Some((line, at, column)));
        Pos {
            offset: self.base + at as u64,
            line,
            column,
        }
    }
}

/// Reads a Markdown document.
pub(crate) fn read(file: &str, reader: Box<dyn BufRead + Send>) -> Result<Document, InputError> {
    let (text, base) = super::subtitles::load_text(file, reader)?;
    let (segments, lang) = parse(&text, base);
    Ok(Document {
        source_lang: None,
        target_lang: lang,
        segments: Box::new(segments.into_iter().map(Ok)),
    })
}

/// A block being read.
struct Block {
    kind: &'static str,
    text: TextBuilder,
    /// Where an empty block would be placed.
    at: usize,
    /// The end of the last piece of text.
    end: usize,
}

struct State<'t> {
    src: &'t str,
    lines: Lines,
    counts: HashMap<&'static str, usize>,
    out: Vec<Segment>,
}

impl State<'_> {
    fn emit(&mut self, block: Block) {
        if block.text.text().trim().is_empty() {
            return;
        }
        let n = self.counts.entry(block.kind).or_default();
        *n += 1;
        let id = format!("{}{n}", block.kind);
        let at = self.lines.pos(self.src, block.at);
        let end = self.lines.pos(self.src, block.end);
        let built = block.text.finish(end, at);
        self.out.push(segment(id, built, None, false));
    }

    fn pos(&self, at: usize) -> Pos {
        self.lines.pos(self.src, at)
    }

    /// Appends the text of an event at `range`: verbatim where the file holds it as it is,
    /// else placed at the start of the range.
    fn put(&self, b: &mut TextBuilder, text: &str, range: &Range<usize>) {
        if self.src.get(range.clone()) == Some(text) {
            b.verbatim(text, self.pos(range.start));
        } else if let Some(i) = self.src.get(range.clone()).and_then(|s| s.find(text)) {
            // The text inside its markup (a code span's content, an entity-free piece).
            b.verbatim(text, self.pos(range.start + i));
        } else {
            b.replaced(text, self.pos(range.start));
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// The segments of Markdown `src` (at file offset `base`) and the language its front matter
/// names.
pub(crate) fn parse(src: &str, base: u64) -> (Vec<Segment>, Option<String>) {
    let mut st = State {
        src,
        lines: Lines::new(src, base),
        counts: HashMap::new(),
        out: Vec::new(),
    };
    let mut lang = None;
    // Open containers: "li" for a list item, "" for any other.
    let mut containers: Vec<&'static str> = Vec::new();
    let mut current: Option<Block> = None;
    let mut image: Option<Block> = None;
    let mut skip = 0usize;
    let mut in_metadata = false;
    let mut in_comment = false;
    let new_block = |kind, at| Block {
        kind,
        text: TextBuilder::default(),
        at,
        end: at,
    };
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        if skip > 0 {
            match &event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                    skip += 1
                }
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    skip -= 1;
                    in_metadata = false;
                }
                Event::Text(t) if in_metadata && lang.is_none() => lang = front_matter_lang(t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    in_metadata = matches!(tag, Tag::MetadataBlock(_));
                    skip = 1;
                }
                Tag::Paragraph => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    let kind = if containers.last() == Some(&"li") {
                        "li"
                    } else {
                        "p"
                    };
                    current = Some(new_block(kind, range.start));
                }
                Tag::Heading { .. } => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    current = Some(new_block("h", range.start));
                }
                Tag::TableCell => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    current = Some(new_block("td", range.start));
                }
                Tag::Item => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    containers.push("li");
                    current = Some(new_block("li", range.start));
                }
                Tag::Image { .. } => image = Some(new_block("img", range.start)),
                Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    containers.push("");
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                }
                TagEnd::Item => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    containers.pop();
                }
                TagEnd::Image => {
                    if let Some(b) = image.take() {
                        st.emit(b);
                    }
                }
                TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => {
                    if let Some(b) = current.take() {
                        st.emit(b);
                    }
                    containers.pop();
                }
                _ => {}
            },
            Event::Text(t) => {
                let target = match image.as_mut() {
                    Some(b) => b,
                    None => current.get_or_insert_with(|| new_block("p", range.start)),
                };
                st.put(&mut target.text, &t, &range);
                target.end = range.end;
            }
            Event::Code(code) => {
                let target = match image.as_mut() {
                    Some(b) => b,
                    None => current.get_or_insert_with(|| new_block("p", range.start)),
                };
                let raw = &src[range.clone()];
                if raw.starts_with('`') && !raw.contains(['\n', '\r']) {
                    target.text.verbatim(raw, st.pos(range.start));
                } else {
                    let shown = format!("`{}`", code.replace(['\n', '\r'], " "));
                    target.text.replaced(&shown, st.pos(range.start));
                }
                target.end = range.end;
            }
            Event::InlineHtml(h) => {
                if in_comment || h.starts_with("<!--") {
                    in_comment = !h.contains("-->");
                    continue;
                }
                if let Some(b) = current.as_mut() {
                    st.put(&mut b.text, &h, &range);
                    b.end = range.end;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                let target = match image.as_mut() {
                    Some(b) => b,
                    None => match current.as_mut() {
                        Some(b) => b,
                        None => continue,
                    },
                };
                if src[range.clone()].starts_with('\n') {
                    target.text.verbatim("\n", st.pos(range.start));
                } else {
                    target.text.replaced("\n", st.pos(range.start));
                }
                target.end = range.end;
            }
            _ => {}
        }
    }
    if let Some(b) = current.take() {
        st.emit(b);
    }
    // Image texts are emitted when the image ends, before the block around them.
    st.out.sort_by_key(|s| s.offset);
    (st.out, lang)
}

/// `lang: fr`, `language: "fr-FR"` or `locale = "fr"` in a front matter block.
fn front_matter_lang(block: &str) -> Option<String> {
    block.lines().find_map(|l| {
        let (k, v) = l.split_once([':', '='])?;
        let k = k.trim().trim_matches('"');
        if !matches!(k, "lang" | "language" | "locale") {
            return None;
        }
        super::primary_lang(v.trim().trim_matches(['"', '\'']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;

    fn segs(s: &str) -> Vec<(String, String)> {
        parse(s, 0).0.into_iter().map(|s| (s.id, s.text)).collect()
    }

    #[test]
    fn blocks_become_structural_segments() {
        let md = "---\ntitle: Guide\nlang: fr-CA\n---\n\n# Installer *mtlint*\n\nLancez `cargo install mtlint` puis [ouvrez la doc](https://example.com/doc \"Doc\").\nDeuxième ligne.\n\n```sh\necho not text\n```\n\n    indented code\n\n- premier point\n- second **point**\n  - imbriqué\n\n> Une citation &amp; un renvoi[^1].\n\n| Nom | Valeur |\n|---|---|\n| clé | dix |\n\n![Un chat qui dort](chat.png)\n\n<div>\nbloc HTML\n</div>\n\n<!-- commentaire -->\n\n[^1]: La note.\n";
        let (all, lang) = parse(md, 0);
        assert_eq!(lang.as_deref(), Some("fr"));
        let got: Vec<(&str, &str)> = all
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("h1", "Installer mtlint"),
                (
                    "p1",
                    "Lancez `cargo install mtlint` puis ouvrez la doc.\nDeuxième ligne."
                ),
                ("li1", "premier point"),
                ("li2", "second point"),
                ("li3", "imbriqué"),
                ("p2", "Une citation & un renvoi."),
                ("td1", "Nom"),
                ("td2", "Valeur"),
                ("td3", "clé"),
                ("td4", "dix"),
                ("img1", "Un chat qui dort"),
                ("p3", "La note."),
            ]
        );
        check_positions(md, &all, "&");
        // The heading starts at its first word, line 6 column 3.
        assert_eq!((all[0].line, all[0].column), (6, 3));
    }

    #[test]
    fn loose_lists_and_crlf() {
        let md = "1. Un\r\n\r\n2. Deux\r\n   suite\r\n\r\nFin  \r\nde ligne\r\n";
        let (all, _) = parse(md, 0);
        let got: Vec<(&str, &str)> = all
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("li1", "Un"),
                ("li2", "Deux\nsuite"),
                ("p1", "Fin\nde ligne")
            ]
        );
        check_positions(md, &all, "\r ");
    }

    #[test]
    fn inline_html_stays_as_markup_and_comments_go() {
        assert_eq!(
            segs("Un <b>mot</b> <!-- caché --> ici.\n"),
            [("p1".to_string(), "Un <b>mot</b>  ici.".to_string())]
        );
    }
}
