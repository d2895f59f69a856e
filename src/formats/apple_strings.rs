//! Apple `.strings` files (`fr.lproj/Localizable.strings`): `"key" = "value";` entries.
//!
//! Each entry is a segment whose id is the key. Keys may also be unquoted words (old-style
//! property lists). `/* … */` and `//` comments are skipped. Escapes in strings: `\"`, `\\`,
//! `\n`, `\t`, `\r`, `\0`, `\uXXXX` and `\UXXXX`; a backslash before any other character
//! stands for that character. UTF-16 files with a byte-order mark are decoded (positions then
//! count the UTF-8 bytes of the decoded text, as for plain text). The target language comes from
//! the `fr.lproj` folder.

use super::resource::{Text, document, lang_from_path};
use super::{Built, Document, TextBuilder, segment};
use crate::input::{InputError, Segment};

/// Reads a `.strings` file.
pub(crate) fn read(t: &Text) -> Result<Document, InputError> {
    let mut items = Vec::new();
    if let Err(e) = entries(t, &mut items) {
        items.push(Err(e));
    }
    Ok(document(items, None, lang_from_path(&t.file)))
}

/// Skips white space and comments from `i`.
fn skip(t: &Text, mut i: usize) -> Result<usize, InputError> {
    let b = t.data.as_bytes();
    loop {
        match b.get(i) {
            Some(c) if c.is_ascii_whitespace() => i += 1,
            Some(b'/') if b.get(i + 1) == Some(&b'*') => match t.data[i + 2..].find("*/") {
                Some(k) => i += 2 + k + 2,
                None => return Err(t.error(i, "comment is not closed")),
            },
            Some(b'/') if b.get(i + 1) == Some(&b'/') => {
                while b.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            _ => return Ok(i),
        }
    }
}

fn word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$' | b':' | b'/' | b'-')
}

/// A key or value at `i`: a quoted string or an unquoted word; with where it ends.
fn string(t: &Text, i: usize) -> Result<(Built, usize), InputError> {
    let b = t.data.as_bytes();
    if b.get(i) != Some(&b'"') {
        let mut j = i;
        while b.get(j).is_some_and(|&c| word_char(c)) {
            j += 1;
        }
        if j == i {
            return Err(t.error(i, "expected a string in double quotes"));
        }
        let mut tb = TextBuilder::default();
        tb.verbatim(&t.data[i..j], t.pos(i));
        return Ok((tb.finish(t.pos(j), t.pos(i)), j));
    }
    let mut j = i + 1;
    let start = t.pos(j);
    let mut tb = TextBuilder::default();
    let mut run = j;
    loop {
        match b.get(j) {
            None => {
                let p = t.pos(i);
                return Err(t.error(
                    t.data.len(),
                    format!(
                        "unexpected end of the file: the string opened at line {}, column {} is not closed",
                        p.line, p.column
                    ),
                ));
            }
            Some(b'"') => {
                tb.verbatim(&t.data[run..j], t.pos(run));
                return Ok((tb.finish(t.pos(j), start), j + 1));
            }
            Some(b'\\') => {
                tb.verbatim(&t.data[run..j], t.pos(run));
                let (c, len) = match b.get(j + 1) {
                    None => return Err(t.error(j, "escape at the end of the file")),
                    Some(b'n') => ('\n', 2),
                    Some(b't') => ('\t', 2),
                    Some(b'r') => ('\r', 2),
                    Some(b'0') => ('\0', 2),
                    Some(b'u' | b'U') => {
                        let c = t
                            .data
                            .get(j + 2..j + 6)
                            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        match c {
                            Some(c) => (c, 6),
                            None => return Err(t.error(j, "malformed \\uXXXX escape")),
                        }
                    }
                    Some(_) => {
                        let c = t.data[j + 1..].chars().next().unwrap_or('\\');
                        (c, 1 + c.len_utf8())
                    }
                };
                tb.replaced(c.encode_utf8(&mut [0; 4]), t.pos(j));
                j += len;
                run = j;
            }
            Some(_) => j += 1,
        }
    }
}

fn entries(t: &Text, items: &mut Vec<Result<Segment, InputError>>) -> Result<(), InputError> {
    let b = t.data.as_bytes();
    let mut i = skip(t, 0)?;
    while i < b.len() {
        let (key, j) = string(t, i)?;
        i = skip(t, j)?;
        if b.get(i) == Some(&b';') {
            // `"key";`: the key is its own value.
            i = skip(t, i + 1)?;
            continue;
        }
        if b.get(i) != Some(&b'=') {
            return Err(t.error(i, "expected `=` after the key"));
        }
        i = skip(t, i + 1)?;
        let (value, j) = string(t, i)?;
        i = skip(t, j)?;
        if b.get(i) != Some(&b';') {
            return Err(t.error(i, "expected `;` after the value"));
        }
        items.push(Ok(segment(key.text, value, None, false)));
        i = skip(t, i + 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;
    use crate::input::InputErrorKind;

    #[test]
    fn entries_comments_and_escapes() {
        let s = "/* Title of the window */\n\"window.title\" = \"Mes \\\"notes\\\"\";\n// line comment\n\"Open %@\"=\"Ouvrir %@\\n\\U00e9t\\u00e9\" ;\nunquoted_key = \"Valeur\";\n";
        let t = Text::new("fr.lproj/Localizable.strings", s.to_string(), 0);
        let doc = read(&t).unwrap();
        assert_eq!(doc.target_lang.as_deref(), Some("fr"));
        let segs: Vec<Segment> = doc.segments.map(Result::unwrap).collect();
        check_positions(s, &segs, "\\");
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("window.title", "Mes \"notes\""),
                ("Open %@", "Ouvrir %@\nété"),
                ("unquoted_key", "Valeur"),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (2, 19));
    }

    #[test]
    fn a_missing_semicolon_is_malformed_after_the_good_entries() {
        let t = Text::new(
            "x.strings",
            "\"a\" = \"A\";\n\"b\" = \"B\"\n\"c\" = \"C\";\n".to_string(),
            0,
        );
        let items: Vec<_> = read(&t).unwrap().segments.collect();
        assert!(items[0].is_ok());
        match &items[1].as_ref().unwrap_err().kind {
            InputErrorKind::Malformed { line, column, .. } => assert_eq!((*line, *column), (3, 1)),
            k => panic!("{k:?}"),
        }
    }
}
