//! Safe auto-fix (`mtlint check --fix`, `--diff`, and the fixes of SARIF reports): the
//! suggestions of the rules marked `fix = "safe"` (registry data: `data/rules.toml`, the language
//! packs, user rule files) written into the file in place, touching only the bytes of the fixed
//! spans.
//!
//! A finding's span is a byte range of its segment's text; it maps verbatim onto the file only
//! when no [`Anchor`](crate::input::Anchor) falls strictly inside it and the file bytes at the
//! mapped range are the text bytes. Both are verified against the file itself before an edit is
//! made; a span that holds an escape (an XML entity, a PO or JSON escape, a doubled CSV quote) or
//! an inline tag is left, and counted as left. The replacement is escaped for the format at that
//! place ([`escape`]): a format this module does not know is never edited.
//!
//! The edits of one file never overlap: they are taken left to right, and a fix whose span
//! overlaps one already taken is left for a second run. `--fix`, `--diff` and SARIF make the same
//! edits, through [`Fixer`].

use crate::formats::InputFormat;
use crate::input::Segment;
use std::fmt::Write as _;

/// Why a suggestion was not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The rule is not marked safe to fix, or the finding has no suggestion.
    NotSafe,
    /// The span does not stand verbatim in the file (an escape, an entity, a tag inside it), or
    /// the file could not be read or changed since.
    NotVerbatim,
    /// The replacement cannot be written at that place in this format (a line break in a
    /// one-line cell, a character an unquoted CSV cell cannot hold, a format without escaping
    /// rules here).
    CannotEscape,
    /// The span overlaps a fix already taken: a second run may take it.
    Overlap,
}

/// One edit of a file: bytes `start..end` become `replacement` (already escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte offset of the first byte replaced.
    pub start: usize,
    /// Byte offset just past the last byte replaced.
    pub end: usize,
    /// The bytes written instead, escaped for the file's format.
    pub replacement: String,
}

/// Whether `--fix` may apply `suggestion` of rule `rule` in target language `lang`: a built-in
/// rule marked `fix = "safe"` in `data/rules.toml` (within its `fix_only` words), a language-pack
/// rule marked so in its pack, or a user rule among `user_safe`.
pub fn is_safe(rule: &str, lang: &str, suggestion: &str, user_safe: &[String]) -> bool {
    if let Some(m) = crate::registry::meta(rule) {
        return m.fix_is_safe(lang, suggestion);
    }
    if user_safe.iter().any(|u| u == rule) {
        return true;
    }
    crate::lang::language(lang).is_ok_and(|l| l.rules.iter().any(|r| r.id == rule && r.fix_safe))
}

/// `replacement` escaped for the place `at..` (the start of a span of a segment whose text starts
/// at `seg_offset`) in `file` of format `format`; `None` where it cannot be written there.
pub fn escape(
    format: InputFormat,
    file: &[u8],
    seg_offset: usize,
    at: usize,
    replacement: &str,
) -> Option<String> {
    let line_break = replacement.contains(['\n', '\r']);
    match format {
        InputFormat::Plain => (!line_break).then(|| replacement.to_string()),
        InputFormat::Tsv => {
            (!line_break && !replacement.contains('\t')).then(|| replacement.to_string())
        }
        InputFormat::Csv => {
            if csv_quoted(file, seg_offset, at) {
                Some(replacement.replace('"', "\"\""))
            } else {
                (!replacement.contains(['"', ',', ';', '\t', '\n', '\r']))
                    .then(|| replacement.to_string())
            }
        }
        InputFormat::Xliff | InputFormat::Tmx => xml_escape(file, at, replacement),
        InputFormat::Po => c_escape(replacement, false),
        InputFormat::Jsonl | InputFormat::Json | InputFormat::Arb | InputFormat::Xcstrings => {
            c_escape(replacement, true)
        }
        // `"key" = "value";`: C string escapes, as PO's.
        InputFormat::AppleStrings => c_escape(replacement, false),
        // A backslash starts an escape, a leading space would be dropped with the separator.
        InputFormat::Properties => {
            (!line_break && !replacement.contains('\\') && !replacement.starts_with([' ', '\t']))
                .then(|| replacement.to_string())
        }
        // Android unescapes `\'`, `\"`, `\\`, `\@`, `\?` on top of XML: a replacement holding
        // one of them is left.
        InputFormat::Android => {
            if replacement.contains(['\'', '"', '\\', '@', '?']) {
                None
            } else {
                xml_escape(file, at, replacement)
            }
        }
        // HTML text and WebVTT cue text: character references as in XML. A line break would
        // fold (HTML) or split the cue (WebVTT).
        InputFormat::Html | InputFormat::Vtt => (!line_break)
            .then(|| xml_escape(file, at, replacement))
            .flatten(),
        // YAML: which characters need escaping depends on the scalar's style (plain, quoted,
        // block) and on flow context; a replacement with none of the characters that matter in
        // any of them is written as is, anything else is left.
        InputFormat::Yaml => (!line_break
            && !replacement.contains([
                '"', '\'', '\\', ':', '#', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%',
                '@', '`',
            ]))
        .then(|| replacement.to_string()),
        // SubRip cue text is raw; a line break would change the cue's lines.
        InputFormat::Srt => (!line_break).then(|| replacement.to_string()),
        // Markdown: a character with a meaning in Markdown could change the rendering.
        InputFormat::Markdown => (!line_break
            && !replacement.contains(['*', '_', '`', '[', ']', '<', '>', '\\', '#', '|', '&']))
        .then(|| replacement.to_string()),
    }
}

/// Whether the CSV cell whose text starts at `seg_offset` is quoted and `at` is still inside its
/// quotes (text after the closing quote is kept as is, unquoted).
fn csv_quoted(file: &[u8], seg_offset: usize, at: usize) -> bool {
    if seg_offset == 0 || file.get(seg_offset - 1) != Some(&b'"') {
        return false;
    }
    let mut i = seg_offset;
    while i < at.min(file.len()) {
        if file[i] == b'"' {
            if file.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return false; // the closing quote comes before `at`
        }
        i += 1;
    }
    true
}

/// XML character data: `&`, `<`, `>` and both quotes (valid in content and in attributes) as
/// entities, a carriage return as `&#13;`; other control characters cannot be written in XML
/// 1.0. Inside a CDATA section the text is written as is (unless it holds `]]>`).
fn xml_escape(file: &[u8], at: usize, replacement: &str) -> Option<String> {
    if replacement
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return None;
    }
    let before = &file[..at.min(file.len())];
    let last = |needle: &[u8]| before.windows(needle.len()).rposition(|w| w == needle);
    let in_cdata = match (last(b"<![CDATA["), last(b"]]>")) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    };
    if in_cdata {
        return (!replacement.contains("]]>") && !replacement.contains('\r'))
            .then(|| replacement.to_string());
    }
    let mut out = String::with_capacity(replacement.len());
    for c in replacement.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Some(out)
}

/// The escapes of a PO string (`json` false: `\"`, `\\`, `\n`, `\t`, `\r`; other control
/// characters cannot be written) or of a JSON string (`json` true: the same, and `\u00XX` for the
/// other control characters).
fn c_escape(replacement: &str, json: bool) -> Option<String> {
    let mut out = String::with_capacity(replacement.len());
    for c in replacement.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                if !json {
                    return None;
                }
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// The edits of one file, and its bytes as read.
#[derive(Debug)]
pub struct FileFixes {
    /// The path as given.
    pub path: String,
    /// Its format.
    pub format: InputFormat,
    /// Its bytes when first needed (`None`: it could not be read).
    pub bytes: Option<Vec<u8>>,
    /// The edits taken, sorted by `start`, never overlapping.
    pub edits: Vec<Edit>,
}

impl FileFixes {
    fn new(path: &str, format: InputFormat) -> FileFixes {
        FileFixes {
            path: path.to_string(),
            format,
            bytes: std::fs::read(path).ok(),
            edits: Vec::new(),
        }
    }

    /// The edit that applies `suggestion` to `span` of `seg`, verified against the file bytes.
    pub fn edit_for(
        &self,
        seg: &Segment,
        span: std::ops::Range<usize>,
        suggestion: &str,
    ) -> Result<Edit, Skip> {
        let bytes = self.bytes.as_deref().ok_or(Skip::NotVerbatim)?;
        if span.end > seg.text.len()
            || seg
                .anchors
                .iter()
                .any(|a| span.start < a.text && a.text < span.end)
        {
            return Err(Skip::NotVerbatim);
        }
        let old = &seg.text.as_bytes()[span.clone()];
        let start = usize::try_from(crate::position::file_offset(seg, span.start))
            .map_err(|_| Skip::NotVerbatim)?;
        let end = start + old.len();
        if bytes.get(start..end) != Some(old) {
            return Err(Skip::NotVerbatim);
        }
        // An edit never adds or removes a line break: `--diff` compares lines one to one, and a
        // safe fix has no reason to.
        if old.contains(&b'\n') || old.contains(&b'\r') {
            return Err(Skip::CannotEscape);
        }
        let seg_offset = usize::try_from(seg.offset).map_err(|_| Skip::NotVerbatim)?;
        let replacement =
            escape(self.format, bytes, seg_offset, start, suggestion).ok_or(Skip::CannotEscape)?;
        if replacement.contains(['\n', '\r']) {
            return Err(Skip::CannotEscape);
        }
        Ok(Edit {
            start,
            end,
            replacement,
        })
    }

    /// Takes `edit` unless it overlaps one already taken (touching is fine, but two insertions
    /// at one place are not).
    fn take(&mut self, edit: Edit) -> Result<(), Skip> {
        let i = self.edits.partition_point(|e| e.start < edit.start);
        let clash = |e: &Edit| {
            e.start < edit.end && edit.start < e.end
                || (e.start == edit.start)
                || (e.start == e.end && edit.start < e.start && e.start < edit.end)
        };
        if (i > 0 && clash(&self.edits[i - 1])) || self.edits.get(i).is_some_and(clash) {
            return Err(Skip::Overlap);
        }
        self.edits.insert(i, edit);
        Ok(())
    }

    /// The file's bytes with every edit applied; `None` if it could not be read.
    pub fn fixed(&self) -> Option<Vec<u8>> {
        let bytes = self.bytes.as_deref()?;
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        for e in &self.edits {
            out.extend_from_slice(&bytes[at..e.start]);
            out.extend_from_slice(e.replacement.as_bytes());
            at = e.end;
        }
        out.extend_from_slice(&bytes[at..]);
        Some(out)
    }

    /// A unified diff (3 lines of context) from the file as read to the file fixed, headed
    /// `--- PATH` / `+++ PATH` (apply with `patch -p0`). Empty without edits.
    pub fn diff(&self) -> String {
        match (self.bytes.as_deref(), self.fixed()) {
            (Some(old), Some(new)) if !self.edits.is_empty() => unified_diff(&self.path, old, &new),
            _ => String::new(),
        }
    }
}

/// Lines of `b`, each with its line end (the last may have none).
fn lines(b: &[u8]) -> Vec<&[u8]> {
    b.split_inclusive(|&c| c == b'\n').collect()
}

/// A unified diff of two texts with the same number of lines (edits never add or remove a line
/// break), 3 lines of context.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    const CONTEXT: usize = 3;
    let (a, b) = (lines(old), lines(new));
    let n = a.len().min(b.len());
    let changed: Vec<usize> = (0..n).filter(|&i| a[i] != b[i]).collect();
    let mut out = String::new();
    if changed.is_empty() {
        return out;
    }
    let _ = writeln!(out, "--- {path}\n+++ {path}");
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k].saturating_sub(CONTEXT);
        let mut last = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= last + 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let end = (last + CONTEXT + 1).min(n);
        let len = end - first;
        let _ = writeln!(out, "@@ -{},{len} +{},{len} @@", first + 1, first + 1);
        let line = |out: &mut String, mark: char, l: &[u8]| {
            out.push(mark);
            let text = String::from_utf8_lossy(l);
            match text.strip_suffix('\n') {
                Some(t) => {
                    out.push_str(t);
                    out.push('\n');
                }
                None => {
                    out.push_str(&text);
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        };
        let mut i = first;
        while i < end {
            if a[i] == b[i] {
                line(&mut out, ' ', a[i]);
                i += 1;
                continue;
            }
            // A run of changed lines: the old ones, then the new ones.
            let run = (i..end).take_while(|&j| a[j] != b[j]).count();
            for l in &a[i..i + run] {
                line(&mut out, '-', l);
            }
            for l in &b[i..i + run] {
                line(&mut out, '+', l);
            }
            i += run;
        }
    }
    out
}

/// What [`Fixer::take`] needs of a finding placed in its file (a report record).
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The path as given.
    pub file: &'a str,
    /// Rule id.
    pub rule: &'a str,
    /// Target language code.
    pub lang: &'a str,
    /// The suggestion.
    pub suggestion: Option<&'a str>,
    /// Byte span in the segment text.
    pub span: std::ops::Range<usize>,
}

/// Applies the safe fixes of a run's findings, file by file, as the findings come: the same
/// edits for `--fix`, `--diff` and the fixes of a SARIF report.
#[derive(Debug, Default)]
pub struct Fixer {
    /// The input format forced by the options (else by extension).
    pub input_format: Option<InputFormat>,
    /// User rules marked `fix = "safe"`.
    pub user_safe: Vec<String>,
    /// The file at hand.
    current: Option<FileFixes>,
    /// Files done that have edits.
    done: Vec<FileFixes>,
    /// Findings fixed.
    pub fixed: u64,
}

impl Fixer {
    /// A fixer for a run with `input_format` forced (or by extension) and these safe user rules.
    pub fn new(input_format: Option<InputFormat>, user_safe: Vec<String>) -> Fixer {
        Fixer {
            input_format,
            user_safe,
            ..Fixer::default()
        }
    }

    /// The file `path`, read when first met.
    fn file(&mut self, path: &str) -> &mut FileFixes {
        if self.current.as_ref().is_none_or(|f| f.path != path) {
            let format = self
                .input_format
                .unwrap_or_else(|| InputFormat::from_path(path));
            let fresh = FileFixes::new(path, format);
            if let Some(old) = self.current.replace(fresh)
                && !old.edits.is_empty()
            {
                self.done.push(old);
            }
        }
        self.current.as_mut().expect("just set")
    }

    /// Takes the fix of finding `rec` of `seg`: the edit made, or why there is none.
    pub fn take(&mut self, rec: &Request<'_>, seg: &Segment) -> Result<Edit, Skip> {
        let suggestion = rec.suggestion.ok_or(Skip::NotSafe)?;
        if rec.file == "-" || !is_safe(rec.rule, rec.lang, suggestion, &self.user_safe) {
            return Err(Skip::NotSafe);
        }
        let file = self.file(rec.file);
        let edit = file.edit_for(seg, rec.span.clone(), suggestion)?;
        file.take(edit.clone())?;
        self.fixed += 1;
        Ok(edit)
    }

    /// Every file with edits, in the order met.
    pub fn finish(mut self) -> Vec<FileFixes> {
        if let Some(f) = self.current.take()
            && !f.edits.is_empty()
        {
            self.done.push(f);
        }
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_document_and_subtitle_escapes() {
        let e = |f, r| escape(f, b"x", 0, 0, r);
        assert_eq!(e(InputFormat::Json, "\"a\"").as_deref(), Some("\\\"a\\\""));
        assert_eq!(
            e(InputFormat::AppleStrings, "a\\b").as_deref(),
            Some("a\\\\b")
        );
        assert_eq!(e(InputFormat::Properties, "a\\b"), None);
        assert_eq!(e(InputFormat::Properties, " a"), None);
        assert_eq!(e(InputFormat::Android, "l'eau"), None);
        assert_eq!(e(InputFormat::Android, "R&D").as_deref(), Some("R&amp;D"));
        assert_eq!(e(InputFormat::Html, "R&D").as_deref(), Some("R&amp;D"));
        assert_eq!(e(InputFormat::Vtt, "a\nb"), None);
        assert_eq!(e(InputFormat::Srt, "a<b").as_deref(), Some("a<b"));
        assert_eq!(e(InputFormat::Markdown, "*a*"), None);
        assert_eq!(
            e(InputFormat::Markdown, "dit-il").as_deref(),
            Some("dit-il")
        );
    }

    #[test]
    fn xml_escapes_markup_and_quotes_but_not_in_cdata() {
        let file = b"<target>a b</target>";
        assert_eq!(
            escape(InputFormat::Xliff, file, 8, 9, "R&D <x> \"q\" 'a'").as_deref(),
            Some("R&amp;D &lt;x&gt; &quot;q&quot; &apos;a&apos;")
        );
        assert_eq!(
            escape(InputFormat::Tmx, file, 8, 9, "a\u{a0}:").as_deref(),
            Some("a\u{a0}:")
        );
        assert_eq!(escape(InputFormat::Xliff, file, 8, 9, "\u{1}"), None);
        let cdata = b"<target><![CDATA[a b]]></target>";
        assert_eq!(
            escape(InputFormat::Xliff, cdata, 17, 18, "R&D").as_deref(),
            Some("R&D")
        );
        assert_eq!(escape(InputFormat::Xliff, cdata, 17, 18, "]]>"), None);
    }

    #[test]
    fn po_and_json_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            escape(InputFormat::Po, b"", 0, 0, "a \"b\" \\ \t").as_deref(),
            Some("a \\\"b\\\" \\\\ \\t")
        );
        assert_eq!(escape(InputFormat::Po, b"", 0, 0, "\u{1}"), None);
        assert_eq!(
            escape(InputFormat::Jsonl, b"", 0, 0, "\"\u{1}\"").as_deref(),
            Some("\\\"\\u0001\\\"")
        );
        assert_eq!(
            escape(InputFormat::Jsonl, b"", 0, 0, "é\u{a0}").as_deref(),
            Some("é\u{a0}")
        );
    }

    #[test]
    fn csv_doubles_quotes_in_quoted_cells_and_skips_unquoted_ones_that_would_need_quotes() {
        let quoted = b"id,target\n1,\"dit \"\"x\"\" il\"\n";
        let at = 13; // inside the quotes
        assert_eq!(
            escape(InputFormat::Csv, quoted, 13, at, "a\"b").as_deref(),
            Some("a\"\"b")
        );
        let unquoted = b"id,target\n1,dit il\n";
        assert_eq!(
            escape(InputFormat::Csv, unquoted, 12, 12, "a b").as_deref(),
            Some("a b")
        );
        assert_eq!(escape(InputFormat::Csv, unquoted, 12, 12, "a,b"), None);
        assert_eq!(escape(InputFormat::Csv, unquoted, 12, 12, "a\"b"), None);
        // After the closing quote of `"ab"cd`, the text is unquoted.
        let after = b"t\n\"ab\"cd\n";
        assert!(!csv_quoted(after, 3, 6));
        assert!(csv_quoted(after, 3, 4));
    }

    #[test]
    fn tsv_and_plain_refuse_line_breaks_and_tabs() {
        assert_eq!(escape(InputFormat::Tsv, b"", 0, 0, "a\tb"), None);
        assert_eq!(escape(InputFormat::Plain, b"", 0, 0, "a\nb"), None);
        assert_eq!(
            escape(InputFormat::Plain, b"", 0, 0, "a\tb").as_deref(),
            Some("a\tb")
        );
    }

    #[test]
    fn spans_with_an_anchor_inside_or_other_bytes_are_not_verbatim() {
        use crate::input::Anchor;
        // File `<t>a &amp; b  c</t>`: text `a & b  c` from offset 3, `&` at text 2 is `&amp;`.
        let file = b"<t>a &amp; b  c</t>".to_vec();
        let mut seg = Segment::plain("1", "a & b  c", 1, 4, 3);
        seg.anchors.push(Anchor {
            text: 3,
            offset: 10,
            line: 1,
            column: 11,
        });
        let f = FileFixes {
            path: "x.xlf".into(),
            format: InputFormat::Xliff,
            bytes: Some(file),
            edits: vec![],
        };
        assert_eq!(
            f.edit_for(&seg, 1..4, " & ").unwrap_err(),
            Skip::NotVerbatim
        );
        let e = f.edit_for(&seg, 5..7, " ").unwrap();
        assert_eq!((e.start, e.end, e.replacement.as_str()), (12, 14, " "));
        assert_eq!(
            f.edit_for(&seg, 0..1, "b").unwrap(),
            Edit {
                start: 3,
                end: 4,
                replacement: "b".into()
            }
        );
    }

    #[test]
    fn overlapping_edits_are_left_for_a_second_run() {
        let mut f = FileFixes {
            path: "x".into(),
            format: InputFormat::Plain,
            bytes: Some(b"abcdef".to_vec()),
            edits: vec![],
        };
        let e = |s, t| Edit {
            start: s,
            end: t,
            replacement: "X".into(),
        };
        f.take(e(1, 3)).unwrap();
        assert_eq!(f.take(e(2, 4)), Err(Skip::Overlap));
        f.take(e(3, 4)).unwrap();
        assert_eq!(f.fixed().unwrap(), b"aXXef");
    }

    #[test]
    fn unified_diff_has_context_and_merges_close_hunks() {
        let old = b"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20";
        let new = b"1\n2\nX\n4\n5\n6\n7\n8\n9\nY\n11\n12\n13\n14\n15\n16\n17\n18\n19\nZ";
        let d = unified_diff("f.txt", old, new);
        assert_eq!(
            d,
            "--- f.txt\n+++ f.txt\n@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+Y\n 11\n 12\n 13\n@@ -17,4 +17,4 @@\n 17\n 18\n 19\n-20\n\\ No newline at end of file\n+Z\n\\ No newline at end of file\n"
        );
    }
}
