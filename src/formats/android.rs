//! Android string resources (`res/values-fr/strings.xml`).
//!
//! An `.xml` file is read as Android resources when its root element is `<resources>` (see
//! [`InputFormat::detect`](super::InputFormat::detect)); `--input-format android` forces it.
//! Segments, with their ids:
//!
//! | element | id |
//! |---|---|
//! | `<string name="title">` | `title` |
//! | `<plurals name="files"><item quantity="one">` | `files[one]` |
//! | `<string-array name="days"><item>` (the first) | `days[0]` |
//!
//! Elements with `translatable="false"` are skipped, and so is every other resource (`<integer>`,
//! `<color>`…). The content is read by the XML tokenizer of XLIFF ([`super::xml`]: no entity
//! expansion, nesting capped): CDATA is text, `<xliff:g id="n">…</xliff:g>` becomes the
//! placeholder `{gn}…{/gn}`, other inline tags (`<b>`, `<i>`, `<u>`) are dropped and their
//! content kept. Then Android's own escapes are decoded (`\'`, `\"`, `\\`, `\n`, `\t`, `\@`,
//! `\?`, `\uXXXX`), double quotes that are not escaped are dropped, and outside them runs of
//! white space become one space (trimmed at both ends), as Android does. Every character keeps
//! its file position. The target language comes from the `values-fr` folder name.

use super::resource::{Walker, document, lang_from_path};
use super::xml::{Tok, XmlDoc};
use super::{Built, Document, TextBuilder, segment};
use crate::input::{InputError, Segment};
use std::io::Read;

/// Whether the file at `path` looks like Android resources: its first element, within the
/// first 4 KiB, is `<resources>`.
pub(crate) fn sniff(path: &str) -> bool {
    let mut head = Vec::new();
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    if f.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            let Some(end) = r.find("?>") else {
                return false;
            };
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let Some(end) = r.find("-->") else {
                return false;
            };
            rest = &r[end + 3..];
        } else {
            return rest.strip_prefix("<resources").is_some_and(|r| {
                r.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
            });
        }
    }
}

/// Reads Android resources.
pub(crate) fn read(mut doc: XmlDoc) -> Result<Document, InputError> {
    let root = loop {
        match doc.next()? {
            Tok::Start(t) => break t,
            Tok::Eof => return Err(doc.error(0, "no root element")),
            _ => {}
        }
    };
    if doc.name(&root) != "resources" {
        let name = doc.name(&root).to_string();
        return Err(doc.error(
            root.at,
            format!("not Android resources: the root element is <{name}>, not <resources>"),
        ));
    }
    let mut items = Vec::new();
    if !root.empty
        && let Err(e) = resources(&mut doc, &mut items)
    {
        items.push(Err(e));
    }
    let lang = lang_from_path(&doc.file);
    Ok(document(items, None, lang))
}

fn resources(
    doc: &mut XmlDoc,
    items: &mut Vec<Result<Segment, InputError>>,
) -> Result<(), InputError> {
    loop {
        let t = match doc.next()? {
            Tok::Start(t) => t,
            Tok::End { .. } | Tok::Eof => return Ok(()),
            _ => continue,
        };
        let kind = doc.name(&t).to_string();
        let name = doc.attr(&t, "name")?.unwrap_or_default();
        let skip = doc.attr(&t, "translatable")?.as_deref() == Some("false")
            || !matches!(kind.as_str(), "string" | "plurals" | "string-array");
        if skip {
            doc.skip(&t)?;
            continue;
        }
        if kind == "string" {
            let built = doc.inline(&t, false)?.whole;
            items.push(Ok(segment(name, unescape(&built), None, false)));
            continue;
        }
        if t.empty {
            continue;
        }
        let mut n = 0;
        loop {
            let item = match doc.next()? {
                Tok::Start(i) => i,
                Tok::End { .. } => break,
                Tok::Eof => return Err(doc.error(t.at, "element is not closed")),
                _ => continue,
            };
            if doc.name(&item) != "item" {
                doc.skip(&item)?;
                continue;
            }
            let id = if kind == "plurals" {
                let q = doc.attr(&item, "quantity")?.unwrap_or_default();
                format!("{name}[{q}]")
            } else {
                n += 1;
                format!("{name}[{}]", n - 1)
            };
            let built = doc.inline(&item, false)?.whole;
            items.push(Ok(segment(id, unescape(&built), None, false)));
        }
    }
}

/// Decodes Android's escapes and quoting in a text read from the XML, keeping positions.
fn unescape(built: &Built) -> Built {
    let text = &built.text;
    if !text.contains(['\\', '"', ' ', '\t', '\n', '\r']) {
        return Built {
            text: text.clone(),
            at: built.at,
            anchors: built.anchors.clone(),
        };
    }
    let mut tb = TextBuilder::default();
    let mut quoted = false;
    // A white-space run outside quotes, waiting for the next character: its first position.
    let mut space = None;
    let mut walk = Walker::new(built);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let p = walk.pos(i);
        let out: Option<char> = match c {
            '\\' => {
                let Some(&(_, e)) = chars.peek() else {
                    continue;
                };
                chars.next();
                match e {
                    'n' => Some('\n'),
                    't' => Some('\t'),
                    'u' => {
                        let hex: String = text[i + 2..].chars().take(4).collect();
                        match (hex.len() == 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten()
                            .and_then(char::from_u32)
                        {
                            Some(u) => {
                                for _ in 0..4 {
                                    chars.next();
                                }
                                Some(u)
                            }
                            None => Some('u'),
                        }
                    }
                    other => Some(other),
                }
                .inspect(|&o| {
                    if let Some(sp) = space.take()
                        && !tb.text().is_empty()
                    {
                        tb.replaced(" ", sp);
                    }
                    tb.replaced(o.encode_utf8(&mut [0; 4]), p);
                });
                continue;
            }
            '"' => {
                quoted = !quoted;
                None
            }
            c if !quoted && c.is_whitespace() => {
                space.get_or_insert(p);
                None
            }
            c => Some(c),
        };
        if let Some(o) = out {
            if let Some(sp) = space.take()
                && !tb.text().is_empty()
            {
                tb.replaced(" ", sp);
            }
            tb.verbatim(o.encode_utf8(&mut [0; 4]), p);
        }
    }
    let end = walk.pos(text.len());
    tb.finish(end, built.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;
    use crate::input::InputErrorKind;

    fn read_str(s: &str, name: &str) -> Vec<Result<Segment, InputError>> {
        let doc = XmlDoc::new(name, s.as_bytes().to_vec(), 0).unwrap();
        read(doc).unwrap().segments.collect()
    }

    #[test]
    fn strings_plurals_arrays_and_escapes() {
        let s = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- App strings -->
<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
    <string name="app_name" translatable="false">Notely</string>
    <string name="welcome">Bienvenue, <b>%1$s</b> !</string>
    <string name="quote">L\'application dit \"bonjour\"\nà tous &amp; \@moi</string>
    <string name="cdata"><![CDATA[Voir <a href="x">ici</a>]]></string>
    <string name="count">Vous avez <xliff:g id="n" example="3">%d</xliff:g> notes</string>
    <string name="spaced">"  deux  espaces "  et
        une ligne</string>
    <plurals name="files">
        <item quantity="one">%d fichier</item>
        <item quantity="other">%d fichiers</item>
    </plurals>
    <string-array name="days">
        <item>Lundi</item>
        <item>Mardi</item>
    </string-array>
    <color name="accent">#FF0000</color>
</resources>
"#;
        let segs: Vec<Segment> = read_str(s, "res/values-fr/strings.xml")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        check_positions(s, &segs, "\\&<\"\n ");
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("welcome", "Bienvenue, %1$s !"),
                ("quote", "L'application dit \"bonjour\"\nà tous & @moi"),
                // As aapt does, quotes are dropped in CDATA too (write `\"`).
                ("cdata", "Voir <a href=x>ici</a>"),
                ("count", "Vous avez {gn}%d{/gn} notes"),
                ("spaced", "  deux  espaces  et une ligne"),
                ("files[one]", "%d fichier"),
                ("files[other]", "%d fichiers"),
                ("days[0]", "Lundi"),
                ("days[1]", "Mardi"),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (5, 28));
        assert_eq!((segs[5].line, segs[5].column), (12, 30));
    }

    #[test]
    fn a_long_string_is_unescaped_in_linear_time() {
        let long = "Un mot et l\\'autre, ".repeat(50_000);
        let s = format!("<resources><string name=\"a\">{long}</string></resources>");
        let segs: Vec<Segment> = read_str(&s, "strings.xml")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert!(segs[0].text.starts_with("Un mot et l'autre, Un mot"));
        // The last word is where it is in the file (check_positions is quadratic).
        let t = &segs[0].text;
        let at = t.rfind("autre").unwrap();
        assert_eq!(
            crate::position::file_offset(&segs[0], at) as usize,
            s.rfind("autre").unwrap()
        );
    }

    #[test]
    fn not_resources_and_bad_xml_are_malformed() {
        let doc = XmlDoc::new("t.xml", b"<project/>".to_vec(), 0).unwrap();
        assert!(read(doc).is_err());
        let items = read_str(
            "<resources>\n<string name=\"a\">A</string>\n<string name=\"b\">B &nbsp;</string>\n</resources>",
            "strings.xml",
        );
        assert!(items[0].is_ok());
        match &items[1].as_ref().unwrap_err().kind {
            InputErrorKind::Malformed { line, column, .. } => {
                assert_eq!((*line, *column), (3, 20))
            }
            k => panic!("{k:?}"),
        }
    }
}
