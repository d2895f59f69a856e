//! Subtitles: SubRip (`.srt`) and WebVTT (`.vtt`).
//!
//! Each cue is a segment: its id is the cue number (the SRT index; the WebVTT cue identifier,
//! else the cue's ordinal), its text the cue's lines joined with `\n` (line breaks are kept),
//! and [`Segment::timing`] its start and end in milliseconds. Timings, indexes and settings are
//! never part of the text. Styling tags (`<i>`, `<b>`, `<u>`, `<font color=…>`, WebVTT
//! `<c.yellow>`, `<v Roger>`, `<ruby>`, ASS overrides such as `{\an8}`) stay in the text
//! verbatim, where the checks treat them as protected markup (they compare them with the
//! source's as inline tags) and the subtitle rules do not count them. WebVTT character
//! references (`&amp;`, `&lt;`, `&gt;`, `&nbsp;`, `&lrm;`, `&rlm;`, numeric) are decoded with an
//! anchor at the `&`; WebVTT `NOTE`, `STYLE` and `REGION` blocks are skipped.
//!
//! A timing line that does not parse is an error with its line and column (the column of the
//! first character that is wrong); so is a cue number without a timing line after it, and a
//! WebVTT file that does not start with `WEBVTT`.

use super::{Document, Pos, TextBuilder, column_of, io_error, malformed, segment, start_stream};
use crate::input::{InputError, InputErrorKind, Segment};
use std::io::{BufRead, Read};

/// Which subtitle format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Srt,
    Vtt,
}

/// A line of the file: its text without the line end, where it starts, its number, and
/// whether it ends with `\r\n`.
struct Line<'a> {
    text: &'a str,
    start: usize,
    number: usize,
    crlf: bool,
    /// Offset of the line end (`\r` or `\n`), or the end of the file.
    end: usize,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut number = 1;
    while start < text.len() {
        let nl = text[start..].find('\n').map(|i| start + i);
        let raw_end = nl.unwrap_or(text.len());
        let crlf = raw_end > start && text.as_bytes()[raw_end - 1] == b'\r' && nl.is_some();
        let end = if crlf { raw_end - 1 } else { raw_end };
        out.push(Line {
            text: &text[start..end],
            start,
            number,
            crlf,
            end,
        });
        number += 1;
        start = match nl {
            Some(n) => n + 1,
            None => text.len(),
        };
    }
    out
}

/// Reads the whole stream as UTF-8 text; NUL bytes and invalid UTF-8 are errors.
pub(crate) fn load_text(
    file: &str,
    reader: Box<dyn BufRead + Send>,
) -> Result<(String, u64), InputError> {
    let mut stream = start_stream(file, reader)?;
    let mut raw = Vec::new();
    stream
        .reader
        .read_to_end(&mut raw)
        .map_err(|e| io_error(file, e))?;
    let base = stream.base;
    if let Some(p) = raw.iter().position(|&b| b == 0) {
        return Err(InputError {
            file: file.to_string(),
            kind: InputErrorKind::Binary {
                offset: base + p as u64,
            },
        });
    }
    String::from_utf8(raw).map(|t| (t, base)).map_err(|e| {
        let p = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..p].iter().filter(|&&b| b == b'\n').count() + 1;
        InputError {
            file: file.to_string(),
            kind: InputErrorKind::InvalidUtf8 {
                line,
                offset: base + p as u64,
            },
        }
    })
}

/// Reads a subtitle file.
pub(crate) fn read(
    file: &str,
    reader: Box<dyn BufRead + Send>,
    kind: Kind,
) -> Result<Document, InputError> {
    let (text, base) = load_text(file, reader)?;
    let (segments, lang) = parse(file, &text, base, kind)?;
    Ok(Document {
        source_lang: None,
        target_lang: lang,
        segments: Box::new(segments.into_iter().map(Ok)),
    })
}

/// The position of byte `at` of line `l`.
fn pos(l: &Line<'_>, base: u64, at: usize) -> Pos {
    Pos {
        offset: base + (l.start + at) as u64,
        line: l.number,
        column: column_of(l.text.as_bytes(), at),
    }
}

fn is_blank(l: &Line<'_>) -> bool {
    l.text.trim().is_empty()
}

/// Parses the cues of `text`, which starts at file offset `base`; also the language a WebVTT
/// header names (`Language: fr`).
fn parse(
    file: &str,
    text: &str,
    base: u64,
    kind: Kind,
) -> Result<(Vec<Segment>, Option<String>), InputError> {
    let lines = lines(text);
    let err = |l: &Line<'_>, at: usize, msg: String| {
        malformed(file, l.number, column_of(l.text.as_bytes(), at), msg)
    };
    let mut i = 0;
    let mut lang = None;
    if kind == Kind::Vtt {
        let first = lines.first().map_or("", |l| l.text);
        let ok = first
            .strip_prefix("WEBVTT")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if !ok {
            return Err(malformed(
                file,
                1,
                1,
                "a WebVTT file starts with the line `WEBVTT`",
            ));
        }
        // The header runs to the first blank line.
        while i < lines.len() && !is_blank(&lines[i]) {
            if let Some((k, v)) = lines[i].text.split_once(':')
                && k.trim().eq_ignore_ascii_case("language")
            {
                lang = super::primary_lang(v);
            }
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut ordinal = 0;
    while i < lines.len() {
        if is_blank(&lines[i]) {
            i += 1;
            continue;
        }
        let l = &lines[i];
        if kind == Kind::Vtt && !l.text.contains("-->") {
            let word = l.text.split([' ', '\t']).next().unwrap_or("");
            if matches!(word, "NOTE" | "STYLE" | "REGION") {
                while i < lines.len() && !is_blank(&lines[i]) {
                    i += 1;
                }
                continue;
            }
        }
        // An identifier line (the SRT index), then the timing line.
        let mut id = None;
        if !l.text.contains("-->") {
            if kind == Kind::Srt && !l.text.trim().chars().all(|c| c.is_ascii_digit()) {
                return Err(err(
                    l,
                    0,
                    format!(
                        "expected a cue number or a timing line (`00:00:01,000 --> 00:00:02,500`), found {:?}",
                        cut(l.text)
                    ),
                ));
            }
            id = Some(l.text.trim().to_string());
            i += 1;
            match lines.get(i) {
                Some(t) if !is_blank(t) => {}
                _ => {
                    return Err(err(
                        l,
                        l.text.len(),
                        format!("cue {} has no timing line after it", l.text.trim()),
                    ));
                }
            }
        }
        let t = &lines[i];
        let timing = timing_line(t.text, kind).map_err(|(at, msg)| err(t, at, msg))?;
        i += 1;
        ordinal += 1;
        // The text: every line up to a blank one (SRT: or up to the next cue's number and timing
        // line, for files that leave out the blank line).
        let mut b = TextBuilder::default();
        let empty_at = pos(t, base, t.text.len());
        let mut last: Option<&Line<'_>> = None;
        while i < lines.len() && !is_blank(&lines[i]) {
            let l = &lines[i];
            if kind == Kind::Srt
                && last.is_some()
                && l.text.trim().chars().all(|c| c.is_ascii_digit())
                && lines.get(i + 1).is_some_and(|n| n.text.contains("-->"))
            {
                break;
            }
            if kind == Kind::Vtt && l.text.contains("-->") {
                return Err(err(
                    l,
                    0,
                    "a timing line inside a cue's text (a blank line must end the cue before it)"
                        .into(),
                ));
            }
            if let Some(prev) = last {
                let at = pos(prev, base, prev.text.len());
                if prev.crlf {
                    b.replaced("\n", at);
                } else {
                    b.verbatim("\n", at);
                }
            }
            put_line(&mut b, l, base, kind);
            last = Some(l);
            i += 1;
        }
        let end = match last {
            Some(l) => Pos {
                offset: base + l.end as u64,
                line: l.number,
                column: column_of(l.text.as_bytes(), l.text.len()),
            },
            None => empty_at,
        };
        let built = b.finish(end, empty_at);
        let id = id.unwrap_or_else(|| ordinal.to_string());
        let mut seg = segment(id, built, None, false);
        seg.timing = Some(timing);
        out.push(seg);
    }
    Ok((out, lang))
}

fn cut(s: &str) -> &str {
    match s.char_indices().nth(40) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Appends the text of one cue line: verbatim, with WebVTT character references decoded.
fn put_line(b: &mut TextBuilder, l: &Line<'_>, base: u64, kind: Kind) {
    let s = l.text;
    if kind == Kind::Srt {
        b.verbatim(s, pos(l, base, 0));
        return;
    }
    let mut from = 0;
    let mut search = 0;
    while let Some(amp) = s[search..].find('&').map(|p| search + p) {
        let decoded = s[amp + 1..]
            .find(';')
            .filter(|&n| n > 0 && n <= 10)
            .and_then(|n| entity(&s[amp + 1..amp + 1 + n]).map(|c| (c, amp + 2 + n)));
        match decoded {
            Some((c, after)) => {
                b.verbatim(&s[from..amp], pos(l, base, from));
                b.replaced(c.encode_utf8(&mut [0; 4]), pos(l, base, amp));
                from = after;
                search = after;
            }
            None => search = amp + 1,
        }
    }
    b.verbatim(&s[from..], pos(l, base, from));
}

/// The character of a WebVTT character reference (without `&` and `;`).
fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{A0}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v).filter(|&c| c != '\0')?
        }
    })
}

/// Parses a timing line: `start --> end` and, in WebVTT, cue settings after it (SRT: the
/// coordinates `X1:… Y2:…` some files add are ignored too). Returns the times in milliseconds,
/// or the byte offset in the line of what is wrong and why.
fn timing_line(s: &str, kind: Kind) -> Result<(u64, u64), (usize, String)> {
    let Some(arrow) = s.find("-->") else {
        return Err((
            0,
            format!(
                "expected a timing line (`{}`), found {:?}",
                example(kind),
                cut(s)
            ),
        ));
    };
    let start = time(&s[..arrow], 0, kind)?;
    let rest = &s[arrow + 3..];
    let skip = rest.len() - rest.trim_start().len();
    let from = arrow + 3 + skip;
    let end_len = s[from..].find([' ', '\t']).unwrap_or(s.len() - from);
    let end = time(&s[from..from + end_len], from, kind)?;
    if end < start {
        return Err((
            from,
            format!(
                "the cue ends ({}) before it starts ({})",
                s[from..from + end_len].trim(),
                s[..arrow].trim()
            ),
        ));
    }
    Ok((start, end))
}

fn example(kind: Kind) -> &'static str {
    match kind {
        Kind::Srt => "00:00:01,000 --> 00:00:02,500",
        Kind::Vtt => "00:00:01.000 --> 00:00:02.500",
    }
}

/// Parses one timestamp (`hh:mm:ss,mmm`; WebVTT `hh:mm:ss.mmm` or `mm:ss.mmm`; SRT accepts
/// either separator), `at` being its offset in the line (for errors).
fn time(s: &str, at: usize, kind: Kind) -> Result<u64, (usize, String)> {
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    let at = at + lead;
    let bad = |off: usize, what: &str| {
        Err((
            at + off,
            format!(
                "bad timestamp {:?}: {what} (expected `{}`)",
                t,
                match kind {
                    Kind::Srt => "hh:mm:ss,mmm",
                    Kind::Vtt => "hh:mm:ss.mmm or mm:ss.mmm",
                }
            ),
        ))
    };
    if t.is_empty() {
        return bad(0, "missing");
    }
    let sep = t.rfind([',', '.']);
    let Some(sep) = sep else {
        let at = t
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(t.len());
        return bad(at, "no milliseconds");
    };
    if kind == Kind::Vtt && t.as_bytes()[sep] == b',' {
        return bad(sep, "WebVTT separates the milliseconds with `.`");
    }
    let ms = &t[sep + 1..];
    if ms.len() != 3 || !ms.bytes().all(|b| b.is_ascii_digit()) {
        let off = ms
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(ms.len().min(3));
        return bad(sep + 1 + off, "the milliseconds are three digits");
    }
    let parts: Vec<&str> = t[..sep].split(':').collect();
    let min_parts = if kind == Kind::Vtt { 2 } else { 3 };
    if parts.len() < min_parts || parts.len() > 3 {
        return bad(0, "hours, minutes and seconds are separated by `:`");
    }
    let mut total: u64 = 0;
    let mut off = 0;
    for (k, p) in parts.iter().enumerate() {
        let hours = parts.len() == 3 && k == 0;
        let ok_len = if hours {
            !p.is_empty() && p.len() <= 9
        } else {
            p.len() == 2
        };
        if !ok_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            let bad_at = p.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(0);
            return bad(
                off + bad_at,
                "hours, minutes and seconds are numbers (two digits for minutes and seconds)",
            );
        }
        let v: u64 = p.parse().unwrap_or(0);
        if !hours && v > 59 {
            return bad(off, "minutes and seconds go up to 59");
        }
        total = total * 60 + v;
        off += p.len() + 1;
    }
    Ok(total * 1000 + ms.parse::<u64>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;

    fn cues(s: &str, kind: Kind) -> Result<Vec<Segment>, InputError> {
        parse("t", s, 0, kind).map(|(v, _)| v)
    }

    fn bad(s: &str, kind: Kind) -> (usize, usize, String) {
        match cues(s, kind).unwrap_err().kind {
            InputErrorKind::Malformed {
                line,
                column,
                message,
            } => (line, column, message),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn srt_cues_with_lines_tags_and_exact_positions() {
        let s = "1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>Bonjour à tous.</i>\r\nÇa va ?\r\n\r\n2\n00:01:02,250 --> 00:01:04,000 X1:10 X2:20\nFin.\n";
        let segs = cues(s, Kind::Srt).unwrap();
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].id, "1");
        assert_eq!(segs[0].text, "<i>Bonjour à tous.</i>\nÇa va ?");
        assert_eq!(segs[0].timing, Some((1000, 3500)));
        assert_eq!((segs[0].line, segs[0].column), (3, 1));
        assert_eq!(segs[1].timing, Some((62_250, 64_000)));
        assert_eq!((segs[1].id.as_str(), segs[1].line), ("2", 8));
        check_positions(s, &segs, "\r");
    }

    #[test]
    fn srt_without_blank_lines_or_numbers() {
        let s = "1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n\n00:00:05,000 --> 00:00:06,000\nC";
        let segs = cues(s, Kind::Srt).unwrap();
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(got, [("1", "A"), ("2", "B"), ("3", "C")]);
        check_positions(s, &segs, "");
    }

    #[test]
    fn vtt_header_notes_ids_and_references() {
        let s = "WEBVTT - a film\nLanguage: fr-FR\n\nNOTE written by hand\nover two lines\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:04.000 align:start line:0\n<v Roger>Tom &amp; Jerry&nbsp;!</v>\n\n01:00:00.000 --> 01:00:01.500\n<c.yellow>Oui</c>\n";
        let (segs, lang) = parse("t", s, 0, Kind::Vtt).unwrap();
        assert_eq!(lang.as_deref(), Some("fr"));
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].id, "intro");
        assert_eq!(segs[0].text, "<v Roger>Tom & Jerry\u{A0}!</v>");
        assert_eq!(segs[0].timing, Some((1000, 4000)));
        assert_eq!(segs[1].id, "2");
        assert_eq!(segs[1].timing, Some((3_600_000, 3_601_500)));
        check_positions(s, &segs, "&");
    }

    #[test]
    fn malformed_timings_have_line_and_column() {
        let (l, c, m) = bad("1\n00:00:01,000 --> 00:00:02,5x0\nA\n", Kind::Srt);
        assert_eq!((l, c), (2, 28), "{m}");
        let (l, c, _) = bad("1\n00:00:01,000 -> 00:00:02,000\nA\n", Kind::Srt);
        assert_eq!((l, c), (2, 1));
        let (l, c, m) = bad("1\n00:00:01,000 --> 00:61:02,000\nA\n", Kind::Srt);
        assert_eq!((l, c), (2, 21), "{m}");
        let (l, c, m) = bad("1\n00:00:05,000 --> 00:00:02,000\nA\n", Kind::Srt);
        assert_eq!((l, c), (2, 18), "{m}");
        let (l, c, _) = bad("1\nHello\n", Kind::Srt);
        assert_eq!((l, c), (2, 1));
        let (l, c, _) = bad("Hello\n00:00:01,000 --> 00:00:02,000\n", Kind::Srt);
        assert_eq!((l, c), (1, 1));
        let (l, c, _) = bad("12\n", Kind::Srt);
        assert_eq!((l, c), (1, 3));
        let (l, c, _) = bad("WEBVTT\n\n00:01,000 --> 00:02.000\nA\n", Kind::Vtt);
        assert_eq!((l, c), (3, 6));
        let (l, c, _) = bad("1\n00:00:01,000 --> 00:00:02,000\nA\n", Kind::Vtt);
        assert_eq!((l, c), (1, 1));
    }

    #[test]
    fn empty_cue_is_placed_after_its_timing() {
        let s = "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n";
        let segs = cues(s, Kind::Srt).unwrap();
        assert_eq!(segs[0].text, "");
        assert_eq!(segs[1].text, "B");
    }
}

#[cfg(test)]
mod mutations {
    //! The document and subtitle readers on every prefix and many one-byte edits of their
    //! fixtures: no panic, and every character still at its exact file position (the fuzz
    //! targets read_srt, read_vtt, read_markdown and read_html do the same on random input).
    use crate::formats::test_util::check_positions;
    use crate::formats::{InputFormat, ReadOptions, from_reader};
    use crate::input::Segment;

    fn read(bytes: &[u8], format: InputFormat) -> Vec<Segment> {
        let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
        match from_reader("m", reader, format, &ReadOptions::default()) {
            Ok(doc) => doc.segments.map_while(Result::ok).collect(),
            Err(_) => Vec::new(),
        }
    }

    #[test]
    fn prefixes_and_edits_keep_exact_positions() {
        let files: [(&str, InputFormat); 5] = [
            (
                include_str!("../../tests/fixtures/subtitles/fr.srt"),
                InputFormat::Srt,
            ),
            (
                include_str!("../../tests/fixtures/subtitles/fr.vtt"),
                InputFormat::Vtt,
            ),
            (
                include_str!("../../tests/fixtures/docs/fr.md"),
                InputFormat::Markdown,
            ),
            (
                include_str!("../../tests/fixtures/docs/fr.html"),
                InputFormat::Html,
            ),
            (
                include_str!("../../tests/fixtures/docs/en.html"),
                InputFormat::Html,
            ),
        ];
        let inserts = [
            "<", ">", "&", "&amp;", "\n", "\r\n", "`", "-->", "*", "\"", "<!--", "|",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for (content, format) in files {
            let bounds: Vec<usize> = (0..=content.len())
                .filter(|&i| content.is_char_boundary(i))
                .collect();
            for &cut in bounds.iter().step_by(7) {
                let text = &content[..cut];
                check_positions(text, &read(text.as_bytes(), format), "&<\r\n` ");
            }
            for _ in 0..300 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = bounds[(seed % bounds.len() as u64) as usize];
                let ins = inserts[((seed >> 32) % inserts.len() as u64) as usize];
                let text = format!("{}{ins}{}", &content[..at], &content[at..]);
                check_positions(&text, &read(text.as_bytes(), format), "&<\r\n` ");
            }
        }
    }
}
