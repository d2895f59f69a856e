//! JSON resource files (i18next, react-intl, vue-i18n, ngx-translate…) and Flutter ARB.
//!
//! Every string of the file is a segment whose id is its key path: nested objects join their
//! keys with `.` (`{"settings": {"title": "…"}}` → `settings.title`), array items take their
//! index in brackets (`days[0]`). Numbers, booleans and `null` are skipped. The top level must
//! be an object.
//!
//! ARB (`.arb`): top-level keys starting with `@` are metadata and skipped (`@key` descriptions
//! and placeholders); `@@locale` gives the target language. For JSON without a declared
//! language, the path may name it (`fr.json`, `locales/fr/common.json`, see
//! [`super::resource::lang_from_path`]).
//!
//! `serde_json` gives no positions, so the file is read by a small strict JSON scanner
//! (RFC 8259: no comments, no trailing commas) that keeps the exact position of every string
//! character, with an anchor after each escape. Nesting is capped at [`MAX_DEPTH`]; malformed
//! input is an error with its line and column.

use super::resource::{Text, document, lang_from_path};
use super::{Built, Document, TextBuilder, segment};
use crate::input::{InputError, Segment};

/// Deepest nesting of arrays and objects accepted.
pub(crate) const MAX_DEPTH: usize = 256;

/// A JSON value, strings with their positions.
#[derive(Debug)]
pub(crate) enum JVal {
    Str(Built),
    /// A number, `true`, `false` or `null`, as written.
    Scalar(String),
    Arr(Vec<JVal>),
    /// Members in file order, each key with the offset of its opening quote.
    Obj(Vec<(String, usize, JVal)>),
}

impl JVal {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&JVal> {
        match self {
            JVal::Obj(m) => m.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn str(&self) -> Option<&str> {
        match self {
            JVal::Str(b) => Some(&b.text),
            _ => None,
        }
    }
}

/// Parses the whole of `t` as one JSON value.
pub(crate) fn parse(t: &Text) -> Result<JVal, InputError> {
    let mut p = Parser {
        t,
        b: t.data.as_bytes(),
        i: 0,
        depth: 0,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(t.error(p.i, "unexpected content after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    t: &'a Text,
    b: &'a [u8],
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn err<T>(&self, msg: impl Into<String>) -> Result<T, InputError> {
        Err(self.t.error(self.i, msg))
    }

    fn value(&mut self) -> Result<JVal, InputError> {
        match self.b.get(self.i) {
            None => self.err("unexpected end of the file: a value was expected"),
            Some(b'{') => self.nested(true),
            Some(b'[') => self.nested(false),
            Some(b'"') => Ok(JVal::Str(self.string()?)),
            Some(b't' | b'f' | b'n') => {
                for lit in ["true", "false", "null"] {
                    if self.b[self.i..].starts_with(lit.as_bytes()) {
                        self.i += lit.len();
                        return Ok(JVal::Scalar(lit.to_string()));
                    }
                }
                self.err("expected a value")
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                self.err("expected a value (a string, number, object, array, true, false or null)")
            }
        }
    }

    fn number(&mut self) -> Result<JVal, InputError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > s
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.b.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if !digits(self) {
            return self.err("invalid number");
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return self.err("invalid number: digits expected after `.`");
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if !digits(self) {
                return self.err("invalid number: digits expected in the exponent");
            }
        }
        Ok(JVal::Scalar(self.t.data[start..self.i].to_string()))
    }

    fn nested(&mut self, object: bool) -> Result<JVal, InputError> {
        let open = self.i;
        if self.depth >= MAX_DEPTH {
            return self.err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.depth += 1;
        self.i += 1;
        let close = if object { b'}' } else { b']' };
        let mut members = Vec::new();
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&close) {
            self.i += 1;
        } else {
            loop {
                self.ws();
                if object {
                    if self.b.get(self.i) != Some(&b'"') {
                        return self.err("expected a key (a string in double quotes)");
                    }
                    let at = self.i;
                    let key = self.string()?.text;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return self.err("expected `:` after the key");
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value()?;
                    members.push((key, at, v));
                } else {
                    items.push(self.value()?);
                }
                self.ws();
                match self.b.get(self.i) {
                    Some(b',') => self.i += 1,
                    Some(&c) if c == close => {
                        self.i += 1;
                        break;
                    }
                    None => {
                        let p = self.t.pos(open);
                        return self.err(format!(
                            "unexpected end of the file: the {} opened at line {}, column {} is not closed",
                            if object { "object" } else { "array" },
                            p.line,
                            p.column
                        ));
                    }
                    Some(_) => {
                        return self.err(format!(
                            "expected `,` or `{}`",
                            if object { '}' } else { ']' }
                        ));
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(if object {
            JVal::Obj(members)
        } else {
            JVal::Arr(items)
        })
    }

    /// A string (at its opening quote), decoded with positions.
    fn string(&mut self) -> Result<Built, InputError> {
        let t = self.t;
        let quote = self.i;
        self.i += 1;
        let mut tb = TextBuilder::default();
        let mut run = self.i;
        let start = t.pos(self.i);
        loop {
            match self.b.get(self.i) {
                None => {
                    let p = t.pos(quote);
                    return self.err(format!(
                        "unexpected end of the file: the string opened at line {}, column {} is not closed",
                        p.line, p.column
                    ));
                }
                Some(b'"') => {
                    tb.verbatim(&t.data[run..self.i], t.pos(run));
                    let end = t.pos(self.i);
                    self.i += 1;
                    return Ok(tb.finish(end, start));
                }
                Some(b'\\') => {
                    tb.verbatim(&t.data[run..self.i], t.pos(run));
                    let i = self.i;
                    let (c, len) = match super::json_escape(&t.data, i) {
                        Ok(e) => e,
                        Err(m) => return self.err(m),
                    };
                    tb.replaced(c.encode_utf8(&mut [0; 4]), t.pos(i));
                    self.i += len;
                    run = self.i;
                }
                Some(&c) if c < 0x20 => {
                    return self
                        .err("control character in a string (a line break must be written \\n)");
                }
                Some(_) => self.i += 1,
            }
        }
    }
}

/// Appends a segment for every string under `v`, with ids under `prefix`.
fn flatten(v: JVal, prefix: &str, out: &mut Vec<Result<Segment, InputError>>) {
    match v {
        JVal::Str(b) => out.push(Ok(segment(prefix.to_string(), b, None, false))),
        JVal::Scalar(_) => {}
        JVal::Arr(items) => {
            for (i, item) in items.into_iter().enumerate() {
                flatten(item, &format!("{prefix}[{i}]"), out);
            }
        }
        JVal::Obj(members) => {
            for (k, _, item) in members {
                flatten(item, &format!("{prefix}.{k}"), out);
            }
        }
    }
}

/// Reads a JSON resource file (`arb`: Flutter ARB, `@` keys are metadata).
pub(crate) fn read(t: &Text, arb: bool) -> Result<Document, InputError> {
    let root = parse(t)?;
    let JVal::Obj(members) = root else {
        return Err(t.error(
            t.data.len() - t.data.trim_start().len(),
            "expected a JSON object at the top level (a resource file maps keys to strings)",
        ));
    };
    let mut items = Vec::new();
    let mut lang = None;
    for (k, _, v) in members {
        if arb && k.starts_with('@') {
            if k == "@@locale" {
                lang = v.str().and_then(super::primary_lang);
            }
            continue;
        }
        flatten(v, &k, &mut items);
    }
    Ok(document(
        items,
        None,
        lang.or_else(|| lang_from_path(&t.file)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;
    use crate::input::InputErrorKind;

    fn segs(s: &str, name: &str, arb: bool) -> (Document, Vec<Segment>) {
        let t = Text::new(name, s.to_string(), 0);
        let mut doc = read(&t, arb).unwrap();
        let segs = doc.segments.by_ref().map(Result::unwrap).collect();
        (doc, segs)
    }

    #[test]
    fn nested_keys_arrays_and_escapes_with_positions() {
        let s = "{\n  \"app\": {\n    \"title\": \"Mes \\\"notes\\\"\",\n    \"days\": [\"lundi\", \"mardi\\u00e9\"],\n    \"count\": 3,\n    \"on\": true\n  },\n  \"bye\": \"Au revoir\\n{{name}} 😀\"\n}\n";
        let (doc, segs) = segs(s, "locales/fr.json", false);
        check_positions(s, &segs, "\\");
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("app.title", "Mes \"notes\""),
                ("app.days[0]", "lundi"),
                ("app.days[1]", "mardié"),
                ("bye", "Au revoir\n{{name}} 😀"),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (3, 15));
        assert_eq!(doc.target_lang.as_deref(), Some("fr"));
    }

    #[test]
    fn arb_metadata_is_skipped_and_locale_read() {
        let s = r#"{
  "@@locale": "de",
  "hello": "Hallo {name}",
  "@hello": {"description": "A greeting", "placeholders": {"name": {}}}
}"#;
        let (doc, segs) = segs(s, "app_en.arb", true);
        assert_eq!(doc.target_lang.as_deref(), Some("de"));
        assert_eq!(segs.len(), 1);
        assert_eq!(
            (segs[0].id.as_str(), segs[0].line, segs[0].column),
            ("hello", 3, 13)
        );
    }

    #[test]
    fn minified_json_on_one_line_is_read_in_linear_time() {
        // 100,000 strings on one 3 MB line: each position goes on from the last one.
        let body: Vec<String> = (0..100_000)
            .map(|i| format!("\"k{i}\":\"Texte numéro {i}\""))
            .collect();
        let s = format!("{{{}}}", body.join(","));
        let (_, segs) = segs(&s, "fr.json", false);
        assert_eq!(segs.len(), 100_000);
        let last = &segs[99_999];
        assert_eq!(last.line, 1);
        assert_eq!(last.column, s[..last.offset as usize].chars().count() + 1);
    }

    #[test]
    fn malformed_json_has_a_line_and_column() {
        for (s, line, col) in [
            ("{\n  \"a\": \"x\",\n  \"b\": \"y\",\n}\n", 4, 1),
            ("{\n  \"a\": \"x\"\n  \"b\": \"y\"\n}\n", 3, 3),
            ("{\"a\": \"x\\q\"}", 1, 9),
            ("{\"a\": \"x", 1, 9),
            ("[\"a\"]", 1, 1),
            ("{\"a\": tru}", 1, 7),
            ("{\"a\": \"b\"} x", 1, 12),
            ("{\"a\": \"line\nbreak\"}", 1, 12),
        ] {
            let t = Text::new("t.json", s.to_string(), 0);
            match read(&t, false).map(|_| ()).unwrap_err().kind {
                InputErrorKind::Malformed {
                    line: l,
                    column: c,
                    message,
                } => {
                    assert_eq!((l, c), (line, col), "{s:?}: {message}")
                }
                k => panic!("{k:?}"),
            }
        }
        let deep = "[".repeat(100_000);
        let t = Text::new("t.json", deep, 0);
        assert!(read(&t, false).is_err());
    }
}
