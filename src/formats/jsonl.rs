//! JSON Lines: one object per line, `{"id": …, "source": …, "target": …}`, streamed.
//!
//! The keys are [`ReadOptions::source_col`] and [`ReadOptions::target_col`] (default `source`
//! and `target`) and `id`. The id may be a string or a number (written as in the file); without
//! one, the line number. A missing or `null` target is an empty target; a missing or `null`
//! source is no source. Blank lines are skipped. A line that is not a JSON object, or whose
//! values have the wrong type, is malformed (with its line and column).
//!
//! Inline suppression (see [`crate::suppress`]): an `mtlint` key whose string is `ignore` or
//! `ignore[RULES]`, or a `note`, `notes`, `comment` or `comments` string containing
//! `mtlint: ignore[RULES]`, suppresses findings in that line's target.
//!
//! Positions: the target's raw string is found in the line (`serde_json`'s `RawValue`) and
//! decoded here, with an anchor after each escape (`\n`, `\"`, `\u00e9`, …).

use super::{
    Built, Document, Pos, ReadOptions, Stream, TextBuilder, line_str, malformed, segment, trim_eol,
};
use crate::input::{InputError, Segment};
use crate::suppress::Suppression;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::BufRead;

/// Opens a JSON Lines stream.
pub(crate) fn read(file: &str, stream: Stream, opts: &ReadOptions) -> Document {
    Document {
        source_lang: None,
        target_lang: None,
        segments: Box::new(JsonlReader {
            file: file.to_string(),
            reader: stream.reader,
            offset: stream.base,
            line: 0,
            buf: Vec::new(),
            source_key: opts.source_col.clone(),
            target_key: opts.target_col.clone(),
            done: false,
        }),
    }
}

struct JsonlReader {
    file: String,
    reader: Box<dyn BufRead + Send>,
    offset: u64,
    line: usize,
    buf: Vec<u8>,
    source_key: String,
    target_key: String,
    done: bool,
}

/// Decodes the JSON string `raw` (with its quotes), which starts at byte `at` of `line_text`
/// (a line at file offset `off`, line `line`), with positions.
fn decode(line_text: &str, at: usize, off: u64, line: usize) -> Result<Built, (usize, String)> {
    let b = line_text.as_bytes();
    let mut col = super::column_of(b, at) + 1;
    let mut i = at + 1;
    let pos = |i: usize, col: usize| Pos {
        offset: off + i as u64,
        line,
        column: col,
    };
    let start = pos(i, col);
    let mut tb = TextBuilder::default();
    let mut run = (i, col);
    loop {
        match b.get(i) {
            None => return Err((col, "string is not closed".into())),
            Some(b'"') => {
                tb.verbatim(&line_text[run.0..i], pos(run.0, run.1));
                return Ok(tb.finish(pos(i, col), start));
            }
            Some(b'\\') => {
                tb.verbatim(&line_text[run.0..i], pos(run.0, run.1));
                let (c, len) = super::json_escape(line_text, i).map_err(|m| (col, m.into()))?;
                tb.replaced(c.encode_utf8(&mut [0; 4]), pos(i, col));
                i += len;
                col += len;
                run = (i, col);
            }
            Some(&c) => {
                if c & 0xC0 != 0x80 {
                    col += 1;
                }
                i += 1;
            }
        }
    }
}

impl JsonlReader {
    fn step(&mut self) -> Result<Option<Segment>, InputError> {
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
                return Ok(None);
            }
            self.line += 1;
            let off = self.offset;
            self.offset += n as u64;
            let line = self.line;
            let text = line_str(&self.file, trim_eol(&self.buf), line, off)?;
            if text.trim().is_empty() {
                continue;
            }
            let bad = |col: usize, msg: String| malformed(&self.file, line, col, msg);
            let obj: HashMap<String, &RawValue> = serde_json::from_str(text).map_err(|e| {
                // serde_json counts columns in bytes.
                let col = super::column_of(text.as_bytes(), e.column().saturating_sub(1));
                let msg = if e.is_data() {
                    "expected a JSON object".to_string()
                } else {
                    e.to_string()
                        .split(" at line ")
                        .next()
                        .unwrap_or("")
                        .to_string()
                };
                bad(col, msg)
            })?;
            let at = |v: &RawValue| v.get().as_ptr() as usize - text.as_ptr() as usize;
            let string = |key: &str| -> Result<Option<(usize, &RawValue)>, InputError> {
                match obj.get(key) {
                    None => Ok(None),
                    Some(v) if v.get() == "null" => Ok(None),
                    Some(v) if v.get().starts_with('"') => Ok(Some((at(v), *v))),
                    Some(v) => Err(bad(
                        super::column_of(text.as_bytes(), at(v)),
                        format!("`{key}` must be a string"),
                    )),
                }
            };
            let id = match obj.get("id") {
                None => line.to_string(),
                Some(v) if v.get() == "null" => line.to_string(),
                Some(v) if v.get().starts_with('"') => serde_json::from_str::<String>(v.get())
                    .map_err(|e| bad(super::column_of(text.as_bytes(), at(v)), e.to_string()))?,
                Some(v)
                    if v.get()
                        .starts_with(|c: char| c == '-' || c.is_ascii_digit()) =>
                {
                    v.get().to_string()
                }
                Some(v) => {
                    return Err(bad(
                        super::column_of(text.as_bytes(), at(v)),
                        "`id` must be a string or a number".into(),
                    ));
                }
            };
            let source = match string(&self.source_key)? {
                None => None,
                Some((a, _)) => Some(decode(text, a, off, line).map_err(|(c, m)| bad(c, m))?.text),
            };
            let target = match string(&self.target_key)? {
                None => {
                    let p = Pos {
                        offset: off,
                        line,
                        column: 1,
                    };
                    TextBuilder::default().finish(p, p)
                }
                Some((a, _)) => decode(text, a, off, line).map_err(|(c, m)| bad(c, m))?,
            };
            let mut seg = segment(id, target, source, false);
            // Inline suppression: `"mtlint": "ignore[caps-word]"`, or a note or comment holding
            // `mtlint: ignore[…]`.
            for key in ["mtlint", "note", "notes", "comment", "comments"] {
                let Some(v) = obj.get(key).filter(|v| v.get().starts_with('"')) else {
                    continue;
                };
                let Ok(cell) = serde_json::from_str::<String>(v.get()) else {
                    continue;
                };
                let cell = cell.trim();
                let here = if key == "mtlint" && cell.starts_with("ignore") {
                    Suppression::find(&format!("mtlint: {cell}"), line)
                } else {
                    Suppression::find(cell, line)
                };
                seg.suppress = Suppression::merge(seg.suppress.take(), here);
            }
            return Ok(Some(seg));
        }
    }
}

impl Iterator for JsonlReader {
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
    use crate::input::InputErrorKind;

    fn read_str(s: &str) -> Vec<Result<Segment, InputError>> {
        let stream = Stream {
            reader: Box::new(std::io::Cursor::new(s.as_bytes().to_vec())),
            base: 0,
        };
        read("t.jsonl", stream, &ReadOptions::default())
            .segments
            .collect()
    }

    #[test]
    fn lines_with_escapes() {
        let s = "{\"id\": \"a1\", \"source\": \"Hi \\\"you\\\"\", \"target\": \"Salut \\\"toi\\\" \\u00e9t\\u00E9 \\ud83d\\ude00 ok\\n\"}\n\n{\"id\": 7, \"target\": \"Été\"}\r\n{\"source\": \"x\", \"target\": null}\n";
        let segs: Vec<Segment> = read_str(s).into_iter().map(Result::unwrap).collect();
        check_positions(s, &segs, "\\");
        let got: Vec<(&str, &str, Option<&str>)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str(), s.source.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("a1", "Salut \"toi\" été 😀 ok\n", Some("Hi \"you\"")),
                ("7", "Été", None),
                ("4", "", Some("x")),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (1, 49));
        assert_eq!((segs[1].line, segs[1].column), (3, 22));
    }

    #[test]
    fn bad_lines_are_malformed() {
        for (s, col) in [
            ("{\"target\": \"a\"}\n{\"target\": \"é\" \"b\"}\n", 16),
            ("{\"target\": \"a\"}\n[1, 2]\n", 1),
            ("{\"target\": \"a\"}\n{\"target\": 5}\n", 12),
            (
                "{\"target\": \"a\"}\n{\"id\": true, \"target\": \"b\"}\n",
                8,
            ),
            ("{\"target\": \"a\"}\n{\"target\": \"\\ud800\"}\n", 13),
        ] {
            let segs = read_str(s);
            assert!(segs[0].is_ok());
            match &segs[1].as_ref().unwrap_err().kind {
                InputErrorKind::Malformed {
                    line,
                    column,
                    message,
                } => assert_eq!((*line, *column), (2, col), "{s}: {message}"),
                k => panic!("{k:?}"),
            }
        }
    }

    #[test]
    fn an_mtlint_key_or_a_note_suppresses_the_line() {
        let segs: Vec<Segment> = read_str(
            "{\"source\": \"Save\", \"target\": \"SAUVEGARDER\", \"mtlint\": \"ignore[caps-word]\"}\n\
             {\"target\": \"Ouvrir\", \"note\": \"ok. mtlint: ignore\"}\n\
             {\"target\": \"Fermer\", \"mtlint\": 3}\n",
        )
        .into_iter()
        .map(Result::unwrap)
        .collect();
        assert_eq!(segs[0].suppress.as_ref().unwrap().selectors, ["caps-word"]);
        assert!(segs[1].suppress.as_ref().unwrap().selectors.is_empty());
        assert_eq!(segs[1].suppress.as_ref().unwrap().line, 2);
        assert_eq!(segs[2].suppress, None);
    }
}
