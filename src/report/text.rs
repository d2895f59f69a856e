//! Text: a compiler-style listing for terminals.
//! `path:line:col: severity[rule]: message`, the line with the span underlined, the suggestion,
//! and a summary of counts at the end.

use super::{Record, Reporter, Summary};
use crate::input::Segment;
use std::io::{self, Write};

/// Writes the listing.
#[derive(Default)]
pub struct TextReporter;

/// Line of `seg` where byte `at` lies, and the byte offset of that line's start.
fn line_of(seg: &Segment, at: usize) -> (&str, usize) {
    let start = seg.text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = seg.text[at..].find('\n').map_or(seg.text.len(), |i| at + i);
    (&seg.text[start..end], start)
}

impl Reporter for TextReporter {
    fn finding(&mut self, out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            r.file, r.line, r.column, r.severity, r.rule, r.message
        )?;
        let (line, line_start) = line_of(seg, r.segment_byte_start);
        let from = r.segment_byte_start - line_start;
        let to = (r.segment_byte_end - line_start).min(line.len());
        // Long MT lines are cut around the span so the underline stays readable.
        let pre: Vec<char> = line[..from].chars().collect();
        let keep = pre.len().saturating_sub(60);
        let tail: Vec<char> = line[to..].chars().collect();
        let shown_pre: String = pre[keep..].iter().collect();
        let shown_tail: String = tail.iter().take(60).collect();
        let lead = if keep > 0 { "…" } else { "" };
        let trail = if tail.len() > 60 { "…" } else { "" };
        let flagged = &line[from..to];
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
