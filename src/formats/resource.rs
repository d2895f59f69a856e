//! What the i18n resource readers share (JSON/ARB, Java properties, Android `strings.xml`,
//! Apple `.strings`): the whole file as text with a line table for positions, the target
//! language a file's path names (`values-fr/`, `fr.lproj/`, `fr.json`, `messages_fr.properties`),
//! and the document made of the segments read.
//!
//! Resource files are small; each is read whole (up to [`super::ReadOptions::max_xml`]) and
//! its strings are produced in file order, each with its key path as segment id, so that a
//! source file given with `--source` pairs with the target by key ([`super::pair`]). A
//! malformed file gives the strings before the error, then the error (with line and column).

use super::{Built, Document, Pos, Stream, io_error, malformed, start_stream};
use crate::input::{InputError, InputErrorKind, Segment};
use std::io::BufRead;

/// A whole resource file in memory, with the start of every line.
pub(crate) struct Text {
    pub file: String,
    pub data: String,
    /// File offset of `data[0]` (3 after a UTF-8 byte-order mark).
    pub base: u64,
    lines: Vec<usize>,
    /// The last position computed (byte, line, column): a later byte of the same line goes on
    /// from it, so a long line (minified JSON) is not counted again for every string.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl Text {
    /// Reads the whole of `reader` (UTF-8, or UTF-16 with a byte-order mark), at most `max`
    /// bytes.
    pub fn load(file: &str, reader: Box<dyn BufRead + Send>, max: u64) -> Result<Text, InputError> {
        let Stream { mut reader, base } = start_stream(file, reader)?;
        let mut raw = Vec::new();
        let limit = usize::try_from(max).unwrap_or(usize::MAX);
        let end = crate::input::read_checked(&mut reader, &mut raw, None, true, limit)
            .map_err(|e| io_error(file, e))?;
        let kind = match end {
            crate::input::ReadEnd::Done(_) => None,
            crate::input::ReadEnd::Nul(p) => Some(InputErrorKind::Binary {
                offset: base + p as u64,
            }),
            crate::input::ReadEnd::Invalid(p) => Some(InputErrorKind::InvalidUtf8 {
                line: raw[..p.min(raw.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1,
                offset: base + p as u64,
            }),
            crate::input::ReadEnd::TooLong => Some(InputErrorKind::Io(format!(
                "resource file larger than {}: it would be read into memory whole; \
                 --max-xml-size raises the limit",
                super::show_size(max)
            ))),
        };
        if let Some(kind) = kind {
            return Err(InputError {
                file: file.to_string(),
                kind,
            });
        }
        match String::from_utf8(raw) {
            Ok(s) => Ok(Text::new(file, s, base)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(InputError {
                    file: file.to_string(),
                    kind: InputErrorKind::InvalidUtf8 {
                        line,
                        offset: base + at as u64,
                    },
                })
            }
        }
    }

    /// A text over `data`, whose first byte is at file offset `base`.
    pub fn new(file: &str, data: String, base: u64) -> Text {
        let mut lines = vec![0];
        lines.extend(
            data.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Text {
            file: file.to_string(),
            data,
            base,
            lines,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// The file position of byte `off` of the data.
    pub fn pos(&self, off: usize) -> Pos {
        let off = off.min(self.data.len());
        let line = self.lines.partition_point(|&s| s <= off);
        let start = self.lines[line - 1];
        let (last_off, last_line, last_col) = self.last.get();
        let column = if last_line == line && last_off <= off {
            last_col + super::column_of(&self.data.as_bytes()[last_off..off], off - last_off) - 1
        } else {
            super::column_of(&self.data.as_bytes()[start..], off - start)
        };
        self.last.set((off, line, column));
        Pos {
            offset: self.base + off as u64,
            line,
            column,
        }
    }

    /// A malformed-input error at byte `off`.
    pub fn error(&self, off: usize, msg: impl Into<String>) -> InputError {
        let p = self.pos(off);
        malformed(&self.file, p.line, p.column, msg)
    }
}

/// A document of the strings read (the error, if any, last).
pub(crate) fn document(
    items: Vec<Result<Segment, InputError>>,
    source_lang: Option<String>,
    target_lang: Option<String>,
) -> Document {
    Document {
        source_lang,
        target_lang,
        segments: Box::new(items.into_iter()),
    }
}

/// The file positions of the characters of a built text, walked in order (linear time: each
/// call goes on from the last).
pub(crate) struct Walker<'a> {
    built: &'a Built,
    /// The next anchor to apply.
    anchor: usize,
    /// Byte of the text reached, and its position.
    at: usize,
    pos: Pos,
}

impl<'a> Walker<'a> {
    pub fn new(built: &'a Built) -> Walker<'a> {
        Walker {
            built,
            anchor: 0,
            at: 0,
            pos: built.at,
        }
    }

    /// The file position of byte `i` of the text (`i` at least that of the last call).
    pub fn pos(&mut self, i: usize) -> Pos {
        let (text, anchors) = (&self.built.text, &self.built.anchors);
        loop {
            while let Some(a) = anchors.get(self.anchor).filter(|a| a.text <= self.at) {
                if a.text == self.at {
                    self.pos = Pos {
                        offset: a.offset,
                        line: a.line,
                        column: a.column,
                    };
                }
                self.anchor += 1;
            }
            let Some(c) = text.get(self.at..).and_then(|t| t.chars().next()) else {
                return self.pos;
            };
            if self.at >= i {
                return self.pos;
            }
            self.pos.offset += c.len_utf8() as u64;
            if c == '\n' {
                self.pos.line += 1;
                self.pos.column = 1;
            } else {
                self.pos.column += 1;
            }
            self.at += c.len_utf8();
        }
    }
}

/// Whether `code` names a language mtlint knows, as a locale in a file name or folder would
/// (`fr`, `fr-FR`, `fr_CA`, `pt-rBR`, `zh-Hans`): 2 or 3 letters, then an optional region or
/// script of letters and digits.
fn locale_code(code: &str) -> Option<String> {
    let mut parts = code.split(['-', '_']);
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    // A lower-case primary subtag (`fr`, not `UI` or `Fr`), or one all in capitals only when it
    // stands alone as in `FR.json`... which is too ambiguous: lower case only.
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
    }
    // Only the languages mtlint has data for: CLDR also knows `bin`, `new`, `min`, `ml`, `ts`…,
    // which are far more often folder names than locales.
    crate::lang::known_codes()
        .contains(&primary)
        .then(|| primary.to_string())
}

/// The target language a resource file's path names, when it names one mtlint knows:
/// an Android `values-fr/` (`values-fr-rCA`, `values-b+sr+Latn`) or Apple `fr.lproj/` folder,
/// a file named for its locale (`fr.json`, `fr-FR.yml`), a Java or Flutter suffix
/// (`messages_fr.properties`, `app_fr_CA.arb`), a dotted one (`messages.fr.json`), or a folder
/// named for the locale (`locales/fr/common.json`).
pub fn lang_from_path(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let (name, dirs) = parts.split_last()?;
    for d in dirs.iter().rev() {
        if let Some(rest) = d.strip_prefix("values-") {
            let rest = rest.strip_prefix("b+").unwrap_or(rest);
            let code = rest.split(['-', '+']).next().unwrap_or("");
            if let Some(c) = locale_code(code) {
                return Some(c);
            }
        }
        if let Some(code) = d.strip_suffix(".lproj") {
            return locale_code(code);
        }
    }
    let stem = name.rsplit_once('.').map_or(*name, |(s, _)| s);
    if let Some(c) = locale_code(stem) {
        return Some(c);
    }
    // `messages.fr` (the last dotted part), `messages_fr`, `messages_fr_FR`, `app_pt_BR`.
    if let Some((_, last)) = stem.rsplit_once('.')
        && let Some(c) = locale_code(last)
    {
        return Some(c);
    }
    let pieces: Vec<&str> = stem.split('_').collect();
    if pieces.len() >= 2 {
        let last = pieces[pieces.len() - 1];
        let region = last.len() == 2 && last.bytes().all(|b| b.is_ascii_uppercase());
        if region
            && pieces.len() >= 3
            && let Some(c) = locale_code(pieces[pieces.len() - 2])
        {
            return Some(c);
        }
        if let Some(c) = locale_code(last) {
            return Some(c);
        }
    }
    // `locales/fr/common.json`: the nearest folder that is a locale.
    dirs.iter().rev().find_map(|d| locale_code(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_paths() {
        for (path, want) in [
            ("app/src/main/res/values-fr/strings.xml", Some("fr")),
            ("res/values-de-rAT/strings.xml", Some("de")),
            ("res/values-b+sr+Latn/strings.xml", Some("sr")),
            ("res/values/strings.xml", None),
            ("res/values-night/colors.xml", None),
            ("Resources/fr.lproj/Localizable.strings", Some("fr")),
            ("Base.lproj/Main.strings", None),
            ("locales/fr.json", Some("fr")),
            ("locales/pt-BR.json", Some("pt")),
            ("config/locales/de.yml", Some("de")),
            ("src/main/resources/messages_fr.properties", Some("fr")),
            ("messages_fr_CA.properties", Some("fr")),
            ("messages.properties", None),
            ("lib/l10n/app_es.arb", Some("es")),
            ("translations/messages.it.json", Some("it")),
            ("public/locales/fr/common.json", Some("fr")),
            ("package.json", None),
            ("ui_strings.json", None),
            ("C:\\proj\\values-ru\\strings.xml", Some("ru")),
        ] {
            assert_eq!(lang_from_path(path).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn positions_from_the_line_table() {
        let t = Text::new("t", "ab\né\nxyz".to_string(), 3);
        assert_eq!(
            t.pos(0),
            Pos {
                offset: 3,
                line: 1,
                column: 1
            }
        );
        assert_eq!(t.pos(3).line, 2);
        assert_eq!(
            t.pos(6),
            Pos {
                offset: 9,
                line: 3,
                column: 1
            }
        );
        assert_eq!(t.pos(8).column, 3);
    }
}
