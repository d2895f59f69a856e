//! YAML resource files, Rails and Symfony style (`config/locales/fr.yml`,
//! `translations/messages.fr.yaml`).
//!
//! Every string scalar of the file is a segment whose id is its key path: nested mappings join
//! their keys with `.` (`activerecord.errors.messages.record_invalid`), sequence items take
//! their index in brackets (`date.day_names[0]`), and the forms of a Rails plural hash (keys
//! `one`, `other`, `zero`, `few`…) are `errors.too_long[one]` as in the other readers. A root mapping with one key that is a locale
//! (`fr:`, `pt-BR:`) gives the file's language and is left out of the ids, so `en.yml` and
//! `fr.yml` pair by key. Plain scalars that YAML reads as something else than a string (`~`,
//! `null`, `true`, `false`, numbers, an empty value) are skipped; quoted scalars are always
//! strings.
//!
//! The structure is read with the `yaml-rust2` event parser (YAML 1.2, malformed input is an
//! error with its line and column). Aliases are never expanded: an alias node (`*name`, a merge
//! key `<<: *defaults`) is skipped, so the segments read are bounded by the size of the file
//! (no "billion laughs"). The parser gives the position where each scalar starts and its
//! decoded value, not where each character comes from; so the value is aligned here with the
//! file text from that position on (quotes, `''`, escapes, folded line breaks and block-scalar
//! indentation), every character placed at the file character it comes from, with an anchor
//! after each one that does not follow the file byte for byte.

use super::resource::{Text, document, lang_from_path};
use super::{Built, Document, TextBuilder, segment};
use crate::input::{InputError, Segment};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nesting deeper than this is refused (the reader keeps one frame per level).
pub(crate) const MAX_DEPTH: usize = 256;

/// What the node being read is, in its parent.
enum Frame {
    /// A mapping: its id, and the key read whose value comes next (`None`: a key comes next;
    /// `Some(None)`: the key was not a scalar, its value is skipped).
    Map {
        prefix: String,
        key: Option<Option<String>>,
        /// The scalar keys read, and the first of `found` read under this mapping.
        keys: Vec<String>,
        first: usize,
    },
    Seq {
        prefix: String,
        next: usize,
    },
    /// A node that is skipped whole (a mapping or sequence used as a key, or a value under one).
    Skip {
        depth: usize,
    },
}

/// Turns a parser marker (line, column in characters) into a byte offset of the data. The last
/// answer is kept: a later column of the same line goes on from it, so that a long line (a
/// flow mapping on one line) is not counted again for every scalar.
struct Offsets<'a> {
    data: &'a str,
    lines: Vec<usize>,
    /// (line, column, byte) of the last answer.
    last: (usize, usize, usize),
}

impl<'a> Offsets<'a> {
    fn new(data: &'a str) -> Offsets<'a> {
        let mut lines = vec![0];
        lines.extend(
            data.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Offsets {
            data,
            lines,
            last: (1, 0, 0),
        }
    }

    fn byte_of(&mut self, m: &Marker) -> usize {
        let Some(&start) = self.lines.get(m.line().saturating_sub(1)) else {
            return self.data.len();
        };
        let (line, col, byte) = self.last;
        let (from_col, from) = if line == m.line() && col <= m.col() {
            (col, byte)
        } else {
            (0, start)
        };
        let at = self.data[from..]
            .char_indices()
            .nth(m.col() - from_col)
            .map_or(self.data.len(), |(i, _)| from + i);
        self.last = (m.line(), m.col(), at);
        at
    }
}

/// Whether a plain scalar is a null, boolean or number (YAML 1.2 core schema).
fn non_string(v: &str) -> bool {
    if matches!(
        v,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
            | ".nan"
            | ".NaN"
            | ".NAN"
    ) {
        return true;
    }
    if let Some(h) = v.strip_prefix("0x") {
        return !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(o) = v.strip_prefix("0o") {
        return !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let b = v.strip_prefix(['-', '+']).unwrap_or(v).as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let s = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - s
    };
    let int = digits(&mut i);
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = digits(&mut i);
    }
    if int == 0 && frac == 0 {
        return false;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The positioned text of a scalar whose value is `value`, written in `style` from byte `s`.
fn build(t: &Text, s: usize, style: TScalarStyle, value: &str) -> Built {
    let data = t.data.as_str();
    let b = data.as_bytes();
    let dq = style == TScalarStyle::DoubleQuoted;
    let sq = style == TScalarStyle::SingleQuoted;
    let mut c = match style {
        TScalarStyle::DoubleQuoted if b.get(s) == Some(&b'"') => s + 1,
        TScalarStyle::SingleQuoted if b.get(s) == Some(&b'\'') => s + 1,
        // The parser places a block scalar at its first content character, after the header.
        _ => s,
    };
    let empty_at = t.pos(c);
    let mut tb = TextBuilder::default();
    'value: for (vi, v) in value.char_indices() {
        loop {
            let Some(sc) = data[c..].chars().next() else {
                // The file ran out before the value (should not happen): the rest at the end.
                tb.replaced(&value[vi..], t.pos(c));
                break 'value;
            };
            if dq && sc == '\\' {
                let len = match b.get(c + 1) {
                    Some(b'\r' | b'\n') => {
                        // An escaped line break: nothing in the value.
                        c += 1;
                        if b.get(c) == Some(&b'\r') {
                            c += 1;
                        }
                        if b.get(c) == Some(&b'\n') {
                            c += 1;
                        }
                        while let Some(b' ' | b'\t') = b.get(c) {
                            c += 1;
                        }
                        continue;
                    }
                    Some(b'x') => 4,
                    Some(b'u') => 6,
                    Some(b'U') => 10,
                    Some(_) => 1 + data[c + 1..].chars().next().map_or(0, char::len_utf8),
                    None => 1,
                };
                tb.replaced(v.encode_utf8(&mut [0; 4]), t.pos(c));
                c = (c + len).min(data.len());
                while !data.is_char_boundary(c) {
                    c += 1;
                }
                continue 'value;
            }
            if sq && v == '\'' && data[c..].starts_with("''") {
                tb.replaced("'", t.pos(c));
                c += 2;
                continue 'value;
            }
            if sc == v {
                let n = v.len_utf8();
                tb.verbatim(&data[c..c + n], t.pos(c));
                c += n;
                continue 'value;
            }
            if v == ' ' && (sc == '\n' || sc == '\r') {
                // A folded line break.
                tb.replaced(" ", t.pos(c));
                c += if data[c..].starts_with("\r\n") { 2 } else { 1 };
                continue 'value;
            }
            if matches!(sc, ' ' | '\t' | '\n' | '\r') {
                // Indentation, or white space that folding drops.
                c += 1;
                continue;
            }
            // The value does not follow the file (should not happen): the rest placed here.
            tb.replaced(&value[vi..], t.pos(c));
            break 'value;
        }
    }
    let end = t.pos(c);
    tb.finish(end, empty_at)
}

/// Whether a root key names a locale (`fr`, `en-GB`, `pt_BR`, `zh-Hans`): its ids are then
/// left out of the key paths.
fn locale_key(k: &str) -> bool {
    let mut parts = k.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A Rails plural hash (`count: {one: …, other: …}`: every key a CLDR plural category, `other`
/// among them) gives its forms the ids of the other readers' plural forms, `count[one]`, so that
/// a language with other forms than the source's (`zero`, `few`, `many`) has no missing or
/// extra key and its forms are checked as plural forms.
fn plural_ids(prefix: &str, keys: &[String], found: &mut [(String, Built)]) {
    const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
    if prefix.is_empty()
        || !keys.iter().any(|k| k == "other")
        || !keys.iter().all(|k| FORMS.contains(&k.as_str()))
    {
        return;
    }
    for (id, _) in found {
        let Some(rest) = id.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let (form, tail) = rest.split_at(rest.find(['.', '[']).unwrap_or(rest.len()));
        if FORMS.contains(&form) {
            *id = format!("{prefix}[{form}]{tail}");
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Reads a YAML resource file.
pub(crate) fn read(t: &Text) -> Result<Document, InputError> {
    let mut offsets = Offsets::new(&t.data);
    let mut parser = Parser::new_from_str(&t.data);
    let mut stack: Vec<Frame> = Vec::new();
    let mut found: Vec<(String, Built)> = Vec::new();
    let mut root_keys: Vec<String> = Vec::new();
    let mut error = None;
    loop {
        let (ev, mark) = match parser.next_token() {
            Ok(e) => e,
            Err(e) => {
                let at = offsets.byte_of(e.marker());
                error = Some(t.error(at, e.info().to_string()));
                break;
            }
        };
        let start = matches!(ev, Event::MappingStart(..) | Event::SequenceStart(..));
        let end = matches!(ev, Event::MappingEnd | Event::SequenceEnd);
        let node = start || matches!(ev, Event::Scalar(..) | Event::Alias(..));
        match ev {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue;
            }
            _ => {}
        }
        if let Some(Frame::Skip { depth }) = stack.last_mut() {
            if start {
                *depth += 1;
            } else if end {
                *depth -= 1;
                if *depth == 0 {
                    stack.pop();
                }
            }
            continue;
        }
        if end {
            if let Some(Frame::Map {
                prefix,
                keys,
                first,
                ..
            }) = stack.pop()
            {
                plural_ids(&prefix, &keys, &mut found[first..]);
            }
            continue;
        }
        if !node {
            continue;
        }
        // The id of this node, or `None` when it is a key or is skipped.
        let depth = stack.len();
        let id: Option<String> = match stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map {
                prefix, key, keys, ..
            }) => match key.take() {
                None => {
                    // This node is a key: a scalar, or a node skipped with its value.
                    let k = match &ev {
                        Event::Scalar(v, ..) => Some(v.clone()),
                        _ => None,
                    };
                    if let Some(k) = &k {
                        keys.push(k.clone());
                        if depth == 1 {
                            root_keys.push(k.clone());
                        }
                    }
                    *key = Some(k);
                    if start {
                        stack.push(Frame::Skip { depth: 1 });
                    }
                    continue;
                }
                Some(None) => None,
                Some(Some(k)) => Some(join(prefix, &k)),
            },
            Some(Frame::Seq { prefix, next }) => {
                *next += 1;
                Some(format!("{prefix}[{}]", *next - 1))
            }
            Some(Frame::Skip { .. }) => None,
        };
        match (ev, id) {
            (Event::MappingStart(..), Some(prefix)) if stack.len() < MAX_DEPTH => {
                stack.push(Frame::Map {
                    prefix,
                    key: None,
                    keys: Vec::new(),
                    first: found.len(),
                });
            }
            (Event::SequenceStart(..), Some(prefix)) if stack.len() < MAX_DEPTH => {
                stack.push(Frame::Seq { prefix, next: 0 });
            }
            (Event::MappingStart(..) | Event::SequenceStart(..), Some(_)) => {
                error = Some(t.error(
                    offsets.byte_of(&mark),
                    format!("nesting deeper than {MAX_DEPTH} levels"),
                ));
                break;
            }
            (Event::MappingStart(..) | Event::SequenceStart(..), None) => {
                stack.push(Frame::Skip { depth: 1 });
            }
            (Event::Scalar(v, style, ..), Some(id)) => {
                if style == TScalarStyle::Plain && non_string(&v) {
                    continue;
                }
                let at = offsets.byte_of(&mark);
                found.push((id, build(t, at, style, &v)));
            }
            // Aliases are not expanded; scalars under a skipped key are skipped.
            _ => {}
        }
    }
    let mut lang = None;
    let mut strip = None;
    if let [k] = root_keys.as_slice()
        && locale_key(k)
    {
        lang = lang_from_path(&format!("{k}.yml"));
        strip = Some(format!("{k}."));
    }
    let mut items: Vec<Result<Segment, InputError>> = found
        .into_iter()
        .map(|(id, b)| {
            let id = match strip.as_deref().and_then(|p| id.strip_prefix(p)) {
                Some(rest) => rest.to_string(),
                None => id,
            };
            Ok(segment(id, b, None, false))
        })
        .collect();
    if let Some(e) = error {
        items.push(Err(e));
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

    fn read_all(s: &str, name: &str) -> (Document, Vec<Result<Segment, InputError>>) {
        let t = Text::new(name, s.to_string(), 0);
        let mut doc = read(&t).unwrap();
        let items = doc.segments.by_ref().collect();
        (doc, items)
    }

    fn segs(s: &str, name: &str) -> (Document, Vec<Segment>) {
        let (doc, items) = read_all(s, name);
        (doc, items.into_iter().map(Result::unwrap).collect())
    }

    fn pairs(segs: &[Segment]) -> Vec<(&str, &str)> {
        segs.iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect()
    }

    #[test]
    fn rails_root_key_nested_maps_sequences_and_scalars() {
        let s = "# Rails\nfr:\n  activerecord:\n    errors:\n      messages:\n        record_invalid: \"La validation a échoué : %{errors}\"\n  date:\n    formats:\n      default: \"%d/%m/%Y\"\n    day_names:\n    - dimanche\n    - lundi\n    order:\n      - :day\n  number:\n    precision: 3\n    strip: false\n    none: ~\n    empty:\n  quote: 'l''été'\n";
        let (doc, segs) = segs(s, "config/locales/fr.yml");
        check_positions(s, &segs, "\\'\n");
        assert_eq!(
            pairs(&segs),
            [
                (
                    "activerecord.errors.messages.record_invalid",
                    "La validation a échoué : %{errors}"
                ),
                ("date.formats.default", "%d/%m/%Y"),
                ("date.day_names[0]", "dimanche"),
                ("date.day_names[1]", "lundi"),
                ("date.order[0]", ":day"),
                ("quote", "l'été"),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (6, 26));
        assert_eq!((segs[2].line, segs[2].column), (11, 7));
        assert_eq!(doc.target_lang.as_deref(), Some("fr"));
    }

    #[test]
    fn escapes_folding_and_block_scalars_keep_positions() {
        let s = "de:\n  dq: \"Zeile\\teins\\u00e9 \\\"x\\\"\\\n    weiter\"\n  plain: ein langer\n    Satz über\n\n    Zeilen\n  lit: |\n    Erste Zeile\n      eingerückt\n    Ende\n  fold: >-\n    gefaltete\n    Zeilen\n  sq: 'a\n    b'\n";
        let (doc, segs) = segs(s, "de.yml");
        check_positions(s, &segs, "\\'\n");
        assert_eq!(
            pairs(&segs),
            [
                ("dq", "Zeile\teinsé \"x\"weiter"),
                ("plain", "ein langer Satz über\nZeilen"),
                ("lit", "Erste Zeile\n  eingerückt\nEnde\n"),
                ("fold", "gefaltete Zeilen"),
                ("sq", "a b"),
            ]
        );
        assert_eq!(doc.target_lang.as_deref(), Some("de"));
        let w = segs[1].text.find("Zeilen").unwrap();
        assert_eq!(crate::position::line_col(&segs[1], w), (7, 5));
    }

    #[test]
    fn rails_plural_hashes_give_plural_form_ids() {
        let s = "fr:\n  x_months:\n    zero: aucun mois\n    one: \"%{count} mois\"\n    other: \"%{count} mois\"\n  answer:\n    one: Oui\n    yes: Oui\n  other: Autre\n";
        let (_, segs) = segs(s, "fr.yml");
        assert_eq!(
            pairs(&segs),
            [
                ("x_months[zero]", "aucun mois"),
                ("x_months[one]", "%{count} mois"),
                ("x_months[other]", "%{count} mois"),
                // Not a plural hash: `yes` is not a plural category, and no `other`.
                ("answer.one", "Oui"),
                ("answer.yes", "Oui"),
                ("other", "Autre"),
            ]
        );
        assert!(crate::checks::is_plural_form(&segs[0]));
    }

    #[test]
    fn symfony_files_without_a_locale_root_keep_every_key() {
        let s = "app:\n  title: Mes notes\nvalidators:\n  required: Ce champ est requis.\n";
        let (doc, segs) = segs(s, "translations/messages.fr.yaml");
        assert_eq!(
            pairs(&segs),
            [
                ("app.title", "Mes notes"),
                ("validators.required", "Ce champ est requis.")
            ]
        );
        assert_eq!(doc.target_lang.as_deref(), Some("fr"));
    }

    #[test]
    fn aliases_are_never_expanded() {
        // A billion-laughs file: every level refers to the last one ten times.
        let mut s = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for i in 1..30 {
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n",
                p = i - 1
            ));
        }
        s.push_str("en:\n  <<: *a29\n  hi: Hello\n");
        let (_, segs) = segs(&s, "x.yml");
        assert_eq!(segs.len(), 6);
        assert_eq!(segs[5].id, "en.hi");
    }

    #[test]
    fn complex_keys_are_skipped_and_numbers_are_not_strings() {
        let s = "? [a, b]\n: skipped\nn: 12\nf: -1.5e3\nh: 0x1F\ns: \"12\"\nv: 1.2.3\n";
        let (_, segs) = segs(s, "x.yml");
        assert_eq!(pairs(&segs), [("s", "12"), ("v", "1.2.3")]);
    }

    #[test]
    fn a_flow_mapping_on_one_long_line_is_read_in_linear_time() {
        let body: Vec<String> = (0..50_000)
            .map(|i| format!("k{i}: \"Texte numéro {i}\""))
            .collect();
        let s = format!("{{{}}}\n", body.join(", "));
        let (_, segs) = segs(&s, "fr.yml");
        assert_eq!(segs.len(), 50_000);
        let last = &segs[49_999];
        assert_eq!(&s[last.offset as usize..][..5], "Texte");
        assert_eq!(last.column, s[..last.offset as usize].chars().count() + 1);
    }

    #[test]
    fn malformed_yaml_has_a_line_and_column() {
        for (s, line, col) in [
            ("fr:\n  a: \"x\n", 2, 6),
            ("fr:\n  a: b\n c: d\n", 3, 3),
            ("fr:\n  a: [x, y\n", 3, 1),
            ("fr:\n  a: *nope\n", 2, 6),
        ] {
            let (_, items) = read_all(s, "fr.yml");
            let err = items
                .into_iter()
                .find_map(Result::err)
                .unwrap_or_else(|| panic!("no error for {s:?}"));
            match err.kind {
                InputErrorKind::Malformed {
                    line: l, column, ..
                } => {
                    assert_eq!((l, column), (line, col), "{s:?}")
                }
                k => panic!("{k:?}"),
            }
        }
    }
}
