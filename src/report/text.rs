//! Text: a compiler-style listing for terminals.
//! `path:line:col: severity[rule]: message`, the line with the span underlined, the suggestion,
//! and a summary of counts at the end.

use super::{Encoder, Record, Reporter, Summary};
use crate::input::Segment;
use std::io::{self, Write};

/// Writes the listing.
#[derive(Default)]
pub struct TextReporter;

/// Characters of context shown on each side of the flagged span.
const SHOWN: usize = 60;

impl TextReporter {
    /// The lines of one finding.
    pub fn encode(r: &Record, seg: &Segment, buf: &mut Vec<u8>) {
        Self::write_finding(buf, r, seg).expect("writing to memory does not fail");
    }

    fn write_finding(out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            r.file, r.line, r.column, r.severity, r.rule, r.message
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
        let visible = |s: &str| s.replace('\t', " ");
        writeln!(
            out,
            "    | {lead}{}{}{}{trail}",
            visible(&shown_pre),
            visible(flagged),
            visible(&shown_tail)
        )?;
        let pad = lead.chars().count() + shown_pre.chars().count();
        let width = flagged.chars().count().max(1);
        writeln!(out, "    | {}{}", " ".repeat(pad), "^".repeat(width))?;
        if let Some(s) = &r.suggestion {
            writeln!(out, "    = suggestion: {s}")?;
        }
        writeln!(out)
    }
}

impl Reporter for TextReporter {
    fn finding(&mut self, out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        Self::write_finding(out, r, seg)
    }

    fn encoder(&self) -> Option<Encoder> {
        Some(Self::encode)
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        use crate::finding::Severity::*;
        let n = |sev| s.by_severity.get(&sev).copied().unwrap_or(0);
        let cats: Vec<String> = s
            .by_category
            .iter()
            .map(|(c, k)| format!("{c}: {k}"))
            .collect();
        writeln!(
            out,
            "{} findings ({} errors, {} warnings, {} info) in {} segments of {} file{}{}{}; MQM-style penalty {:.2} per 1,000 words",
            s.total(),
            n(Error),
            n(Warning),
            n(Info),
            s.segments,
            s.files,
            if s.files == 1 { "" } else { "s" },
            if cats.is_empty() {
                String::new()
            } else {
                format!("; {}", cats.join(", "))
            },
            if s.file_errors > 0 {
                format!("; {} file(s) could not be read", s.file_errors)
            } else {
                String::new()
            },
            s.score()
        )?;
        if s.per_file.len() > 1 {
            for (file, c) in &s.per_file {
                writeln!(
                    out,
                    "  {file}: {} findings in {} segments, penalty {:.2} per 1,000 words",
                    c.findings,
                    c.segments,
                    c.score()
                )?;
            }
        }
        if let Some(b) = s.baseline {
            writeln!(
                out,
                "baseline: {} findings hidden, {} baseline entries no longer match (stale)",
                b.hidden, b.stale
            )?;
        }
        Ok(())
    }
}
