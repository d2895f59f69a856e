//! Text: a compiler-style listing for terminals.
//! `path:line:col: severity[rule]: message`, the line with the span underlined, the suggestion,
//! and a summary of counts at the end.
//!
//! Nothing from the input reaches the terminal raw: in file names, messages and suggestions a
//! newline, a control character or a bidirectional control is written as an escape (`\n`,
//! `\x1B`, `\u{202E}`), and in the quoted line each is shown as one visible character (the
//! Unicode control pictures, `␛` for ESC, or `�`), so the underline stays under the span.

use std::borrow::Cow;

use super::{Encoder, Record, StreamReporter, Summary, count};
use crate::input::Segment;
use std::io::{self, Write};

/// Writes the listing.
#[derive(Default)]
pub struct TextReporter {
    /// Colour the severities, the underline and the suggestion with ANSI escapes.
    color: bool,
}

/// ANSI escapes of the coloured listing.
mod ansi {
    pub const BOLD: &str = "\x1b[1m";
    pub const RED: &str = "\x1b[1;31m";
    pub const YELLOW: &str = "\x1b[1;33m";
    pub const CYAN: &str = "\x1b[1;36m";
    pub const GREEN: &str = "\x1b[32m";
    pub const RESET: &str = "\x1b[0m";
}

/// The escapes of one finding's parts: (path, severity, suggestion, reset); all empty without
/// colour.
fn palette(sev: crate::finding::Severity, color: bool) -> [&'static str; 4] {
    use crate::finding::Severity::*;
    if !color {
        return [""; 4];
    }
    let sev = match sev {
        Error => ansi::RED,
        Warning => ansi::YELLOW,
        Info => ansi::CYAN,
    };
    [ansi::BOLD, sev, ansi::GREEN, ansi::RESET]
}

/// Characters of context shown on each side of the flagged span.
const SHOWN: usize = 60;

impl TextReporter {
    /// A listing coloured with ANSI escapes when `color` (the CLI decides: `--color`, `NO_COLOR`,
    /// a terminal).
    pub fn new(color: bool) -> Self {
        TextReporter { color }
    }

    /// The lines of one finding.
    pub fn encode(r: &Record, seg: &Segment, buf: &mut Vec<u8>) {
        Self::write_finding(buf, r, seg, false).expect("writing to memory does not fail");
    }

    /// The lines of one finding, coloured.
    pub fn encode_colored(r: &Record, seg: &Segment, buf: &mut Vec<u8>) {
        Self::write_finding(buf, r, seg, true).expect("writing to memory does not fail");
    }

    fn write_finding(
        out: &mut dyn Write,
        r: &Record,
        seg: &Segment,
        color: bool,
    ) -> io::Result<()> {
        let [path, sev, good, reset] = palette(r.severity, color);
        writeln!(
            out,
            "{path}{}:{}:{}:{reset} {sev}{}{reset}[{}]: {}",
            escaped(&r.file),
            r.line,
            r.column,
            r.severity,
            r.rule,
            escaped(&r.message)
        )?;
        // The flagged span's line, cut to SHOWN characters each side; the scan never goes further
        // than that, so a whole book on one line costs no more per finding than a short line.
        let text = &seg.text;
        let (from, to) = (r.segment_byte_start, r.segment_byte_end);
        let span_end = text[from..to].find('\n').map_or(to, |i| from + i);
        let mut pre: Vec<char> = text[..from]
            .chars()
            .rev()
            .take(SHOWN + 1)
            .take_while(|c| *c != '\n')
            .collect();
        let lead = if pre.len() > SHOWN {
            pre.truncate(SHOWN);
            "…"
        } else {
            ""
        };
        pre.reverse();
        let mut tail: Vec<char> = text[span_end..]
            .chars()
            .take(SHOWN + 1)
            .take_while(|c| *c != '\n')
            .collect();
        let trail = if tail.len() > SHOWN {
            tail.truncate(SHOWN);
            "…"
        } else {
            ""
        };
        let shown_pre: String = pre.iter().collect();
        let shown_tail: String = tail.iter().collect();
        let flagged = &text[from..span_end];
        let visible = |s: &str| s.chars().map(visible_char).collect::<String>();
        writeln!(
            out,
            "    | {lead}{}{}{}{trail}",
            visible(&shown_pre),
            visible(flagged),
            visible(&shown_tail)
        )?;
        let pad = lead.chars().count() + shown_pre.chars().count();
        let width = flagged.chars().count().max(1);
        writeln!(
            out,
            "    | {}{sev}{}{reset}",
            " ".repeat(pad),
            "^".repeat(width)
        )?;
        if let Some(s) = &r.suggestion {
            writeln!(out, "    = suggestion: {good}{}{reset}", escaped(s))?;
        }
        writeln!(out)
    }
}

impl StreamReporter for TextReporter {
    fn encoder(&self) -> Encoder {
        if self.color {
            Self::encode_colored
        } else {
            Self::encode
        }
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        use crate::finding::Severity::*;
        let n = |sev| s.by_severity.get(&sev).copied().unwrap_or(0);
        let cats: Vec<String> = s
            .by_category
            .iter()
            .map(|(c, k)| format!("{c}: {k}"))
            .collect();
        let unread = if s.file_errors > 0 {
            format!(
                "; {} could not be read",
                count(s.file_errors as u64, "file")
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{} ({}, {}, {} info) in {} of {}{}{unread}; MQM-style penalty {:.2} per 1,000 words",
            count(s.total(), "finding"),
            count(n(Error), "error"),
            count(n(Warning), "warning"),
            n(Info),
            count(s.segments, "segment"),
            count(s.files as u64, "file"),
            if cats.is_empty() {
                String::new()
            } else {
                format!("; {}", cats.join(", "))
            },
            s.score()
        )?;
        if s.per_file.len() > 1 {
            for (file, c) in &s.per_file {
                writeln!(
                    out,
                    "  {}: {} in {}, penalty {:.2} per 1,000 words",
                    escaped(file),
                    count(c.findings, "finding"),
                    count(c.segments, "segment"),
                    c.score()
                )?;
            }
        }
        if let Some(line) = skipped_line(s) {
            writeln!(out, "{line}")?;
        }
        if let Some(b) = s.baseline {
            let stale = if b.stale == 1 {
                "1 baseline entry no longer matches".to_string()
            } else {
                format!("{} baseline entries no longer match", b.stale)
            };
            writeln!(
                out,
                "baseline: {} hidden, {stale} (stale)",
                count(b.hidden, "finding")
            )?;
        }
        Ok(())
    }
}

/// The summary line on what the files themselves left out: findings suppressed inline and
/// locked segments skipped; `None` when there were neither.
pub(crate) fn skipped_line(s: &Summary) -> Option<String> {
    let mut parts = Vec::new();
    if s.suppressed > 0 {
        parts.push(format!(
            "{} suppressed inline (mtlint: ignore)",
            count(s.suppressed, "finding")
        ));
    }
    if s.locked > 0 {
        parts.push(format!(
            "{} skipped (--include-locked checks them)",
            count(s.locked, "locked or approved segment")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Characters a terminal would act on rather than show: C0 and C1 controls, DEL, and the
/// bidirectional embeddings, overrides and isolates (which reorder what follows them).
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with its control characters escaped (`\n`, `\r`, `\t`, `\x1B`, `\u{202E}`).
fn escaped(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c if is_control(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One visible character for `c` in the quoted line: a tab is a space, other C0 controls and
/// DEL their control pictures (`␛`), C1 and bidirectional controls `�`.
fn visible_char(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        c if is_control(c) => '\u{FFFD}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Control characters in file names, messages and text reach the terminal escaped or as
    /// visible pictures: an ESC sequence cannot recolour the terminal, a newline in a file
    /// name cannot forge a finding line, and the underline stays under the span.
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escaped("a\nb:1:1: error[x]: \u{1b}[31m\u{202E}"),
            "a\\nb:1:1: error[x]: \\x1B[31m\\u{202E}"
        );
        assert!(matches!(escaped("plain.txt"), Cow::Borrowed(_)));
        let shown: String = "a\u{1b}[2Jb\tc\u{85}".chars().map(visible_char).collect();
        assert_eq!(shown, "a\u{241B}[2Jb c\u{FFFD}");
        assert_eq!(
            shown.chars().count(),
            "a\u{1b}[2Jb\tc\u{85}".chars().count()
        );
    }
}
