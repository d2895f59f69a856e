//! Java `.properties` resource bundles (`messages_fr.properties`).
//!
//! Each `key=value`, `key: value` or `key value` entry is a segment whose id is the key (with
//! its escapes decoded). Lines starting with `#` or `!` are comments; a line ending with an odd
//! number of backslashes continues on the next one, whose leading white space is dropped (an
//! anchor keeps the positions exact). Escapes: `\t`, `\n`, `\r`, `\f`, `\uXXXX` (a surrogate
//! pair in two escapes too) and `\` before any other character (that character). A malformed
//! `\u` escape is an error, as in Java. The file is read as UTF-8 (Java 9 and later); bytes that
//! are not UTF-8 (an ISO-8859-1 file) are an error naming their line. The target language comes
//! from the path (`messages_fr.properties`).

use super::resource::{Text, document, lang_from_path};
use super::{Document, TextBuilder, segment};
use crate::input::{InputError, Segment};

fn hspace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

fn eol(b: u8) -> bool {
    matches!(b, b'\n' | b'\r')
}

/// Reads a properties file.
pub(crate) fn read(t: &Text) -> Result<Document, InputError> {
    let mut items = Vec::new();
    if let Err(e) = entries(t, &mut items) {
        items.push(Err(e));
    }
    Ok(document(items, None, lang_from_path(&t.file)))
}

/// Appends the entries of `t` to `items`, up to the first error.
fn entries(t: &Text, items: &mut Vec<Result<Segment, InputError>>) -> Result<(), InputError> {
    let b = t.data.as_bytes();
    let mut i = 0;
    // Past a line end (`\n`, `\r\n` or `\r`) at `i`.
    let past_eol = |i: usize| -> usize {
        if b.get(i) == Some(&b'\r') && b.get(i + 1) == Some(&b'\n') {
            i + 2
        } else if b.get(i).is_some_and(|&c| eol(c)) {
            i + 1
        } else {
            i
        }
    };
    // Skips a continuation: the line end at `i` and the next line's leading white space.
    let continue_at = |i: usize| -> usize {
        let mut j = past_eol(i);
        while b.get(j).is_some_and(|&c| hspace(c)) {
            j += 1;
        }
        j
    };
    while i < b.len() {
        while i < b.len() && hspace(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if eol(b[i]) {
            i = past_eol(i);
            continue;
        }
        if matches!(b[i], b'#' | b'!') {
            while i < b.len() && !eol(b[i]) {
                i += 1;
            }
            continue;
        }
        // The key, up to an unescaped separator or white space.
        let mut key = TextBuilder::default();
        let key_at = t.pos(i);
        let mut run = i;
        loop {
            match b.get(i) {
                None => break,
                Some(&c) if eol(c) || hspace(c) || c == b'=' || c == b':' => break,
                Some(b'\\') => {
                    key.verbatim(&t.data[run..i], t.pos(run));
                    i = escape(t, i, &mut key, &continue_at)?;
                    run = i;
                }
                Some(_) => i += 1,
            }
        }
        key.verbatim(&t.data[run..i], t.pos(run));
        let key = key.finish(t.pos(i), key_at).text;
        // The separator: white space, then at most one `=` or `:`, then white space.
        while b.get(i).is_some_and(|&c| hspace(c)) {
            i += 1;
        }
        if let Some(b'=' | b':') = b.get(i) {
            i += 1;
            while b.get(i).is_some_and(|&c| hspace(c)) {
                i += 1;
            }
        }
        // A continuation right after the separator.
        while b.get(i) == Some(&b'\\') && b.get(i + 1).is_some_and(|&c| eol(c)) {
            i = continue_at(i + 1);
        }
        let value_at = t.pos(i);
        let mut value = TextBuilder::default();
        let mut run = i;
        loop {
            match b.get(i) {
                None => break,
                Some(&c) if eol(c) => break,
                Some(b'\\') => {
                    value.verbatim(&t.data[run..i], t.pos(run));
                    i = escape(t, i, &mut value, &continue_at)?;
                    run = i;
                }
                Some(_) => i += 1,
            }
        }
        value.verbatim(&t.data[run..i], t.pos(run));
        let built = value.finish(t.pos(i), value_at);
        items.push(Ok(segment(key, built, None, false)));
    }
    Ok(())
}

/// Decodes the escape at `i` (a backslash) into `tb`; returns where the text goes on.
fn escape(
    t: &Text,
    i: usize,
    tb: &mut TextBuilder,
    continue_at: &dyn Fn(usize) -> usize,
) -> Result<usize, InputError> {
    let b = t.data.as_bytes();
    let hex4 = |i: usize| -> Option<u32> {
        let h = t.data.get(i..i + 4)?;
        h.bytes()
            .all(|c| c.is_ascii_hexdigit())
            .then(|| u32::from_str_radix(h, 16).ok())
            .flatten()
    };
    let (c, len) = match b.get(i + 1) {
        // A backslash at the end of the file is dropped.
        None => return Ok(i + 1),
        Some(&c) if eol(c) => return Ok(continue_at(i + 1)),
        Some(b't') => ('\t', 2),
        Some(b'n') => ('\n', 2),
        Some(b'r') => ('\r', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(b'u') => {
            let Some(hi) = hex4(i + 2) else {
                return Err(t.error(i, "malformed \\uXXXX escape"));
            };
            let pair = (0xD800..0xDC00)
                .contains(&hi)
                .then(|| {
                    (t.data.get(i + 6..i + 8) == Some("\\u"))
                        .then(|| hex4(i + 8))
                        .flatten()
                })
                .flatten()
                .filter(|lo| (0xDC00..0xE000).contains(lo));
            match pair {
                Some(lo) => match char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)) {
                    Some(c) => (c, 12),
                    None => ('\u{fffd}', 12),
                },
                None => (char::from_u32(hi).unwrap_or('\u{fffd}'), 6),
            }
        }
        Some(_) => {
            let c = t.data[i + 1..].chars().next().unwrap_or('\\');
            (c, 1 + c.len_utf8())
        }
    };
    tb.replaced(c.encode_utf8(&mut [0; 4]), t.pos(i));
    Ok(i + len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;
    use crate::input::InputErrorKind;

    fn segs(s: &str) -> Vec<Segment> {
        let t = Text::new("messages_fr.properties", s.to_string(), 0);
        read(&t).unwrap().segments.map(Result::unwrap).collect()
    }

    #[test]
    fn entries_comments_escapes_and_continuations() {
        let s = "# Comment = not a key\n! also a comment\n\napp.title = Mes notes\nsave:Enregistrer\nquit Quitter l\\'app\nmenu.file\\ name = Nom du fichier\\t\\u00e9t\\u00E9\nlong = Une phrase \\\n       qui continue \\\r\n   ici.\nempty=\n  indented.key  =  valeur  \n";
        let segs = segs(s);
        check_positions(s, &segs, "\\");
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("app.title", "Mes notes"),
                ("save", "Enregistrer"),
                ("quit", "Quitter l'app"),
                ("menu.file name", "Nom du fichier\tété"),
                ("long", "Une phrase qui continue ici."),
                ("empty", ""),
                ("indented.key", "valeur  "),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (4, 13));
        assert_eq!((segs[4].line, segs[4].column), (8, 8));
        // "ici." is on line 10, column 4.
        let at = segs[4].text.find("ici").unwrap();
        assert_eq!(crate::position::line_col(&segs[4], at), (10, 4));
    }

    #[test]
    fn a_bad_unicode_escape_is_malformed() {
        let t = Text::new("m.properties", "a = b\nc = x\\u00zz\n".to_string(), 0);
        let items: Vec<_> = read(&t).unwrap().segments.collect();
        assert!(items[0].is_ok());
        match items[1].as_ref().map(|_| ()).unwrap_err().kind.clone() {
            InputErrorKind::Malformed { line, column, .. } => assert_eq!((line, column), (2, 6)),
            k => panic!("{k:?}"),
        }
    }
}
