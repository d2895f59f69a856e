//! GitHub Actions workflow commands: one annotation per finding,
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE` (`::warning` for
//! warnings, `::notice` for info), then the MQM-style score of each file as plain log lines in a
//! collapsed group, and one closing `::notice title=mtlint::…` with the counts and the overall
//! score. Standard input (`-`) gets no `file=` property (its message starts with `stdin:L:C:`).
//!
//! Escaping, as GitHub's toolkit does it: in the message `%` → `%25`, CR → `%0D`, LF → `%0A`;
//! in property values also `:` → `%3A` and `,` → `%2C`. Plain log lines are escaped like
//! messages and start with `mtlint: `, so that no text from an input can begin a command.
//! Streamed: one line per finding, flushed.

use super::{Encoder, Record, StreamReporter, Summary, message_with_suggestion};
use crate::finding::Severity;
use crate::input::Segment;
use std::io::{self, Write};

/// Writes workflow commands.
#[derive(Default)]
pub struct GithubReporter;

/// Escapes a command's message (its data).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `2 findings in 3 segments, 40 words; MQM-style penalty 5.10, 127.50 per 1,000 words`
fn score_text(findings: u64, segments: u64, words: u64, penalty: f64, score: f64) -> String {
    format!(
        "{} in {}, {}; MQM-style penalty {:.2}, {:.2} per 1,000 words",
        super::count(findings, "finding"),
        super::count(segments, "segment"),
        super::count(words, "word"),
        penalty,
        score
    )
}

impl GithubReporter {
    /// The annotation of one finding.
    pub fn encode(r: &Record, _seg: &Segment, out: &mut Vec<u8>) {
        let mut props = Vec::new();
        let mut message = message_with_suggestion(r);
        if r.file == "-" {
            message = format!("stdin:{}:{}: {message}", r.line, r.column);
        } else {
            props.push(format!("file={}", escape_property(&r.file)));
        }
        props.push(format!("line={}", r.line));
        props.push(format!("col={}", r.column));
        props.push(format!("endLine={}", r.end_line));
        props.push(format!("endColumn={}", r.end_column));
        props.push(format!("title={}", escape_property(&r.rule)));
        writeln!(
            out,
            "::{} {}::{}",
            command(r.severity),
            props.join(","),
            escape_data(&message)
        )
        .expect("writing to memory does not fail");
    }
}

impl StreamReporter for GithubReporter {
    fn encoder(&self) -> Encoder {
        Self::encode
    }

    /// Annotations are flushed as they come (a segment's at once).
    fn encoded(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)?;
        out.flush()
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(out, "::group::mtlint: MQM-style score per file")?;
        for (path, f) in &s.per_file {
            let name = if path == "-" { "stdin" } else { path };
            writeln!(
                out,
                "mtlint: {}: {}",
                escape_data(name),
                score_text(f.findings, f.segments, f.words, f.penalty, f.score())
            )?;
        }
        writeln!(out, "::endgroup::")?;
        let n = |sev| s.by_severity.get(&sev).copied().unwrap_or(0);
        let mut text = format!(
            "{} ({}, {}, {} info) in {}, {} of {}; MQM-style penalty {:.2}, {:.2} per 1,000 words",
            super::count(s.total(), "finding"),
            super::count(n(Severity::Error), "error"),
            super::count(n(Severity::Warning), "warning"),
            n(Severity::Info),
            super::count(s.segments, "segment"),
            super::count(s.words, "word"),
            super::count(s.files as u64, "file"),
            s.penalty,
            s.score(),
        );
        if let Some(b) = s.baseline.filter(|b| b.hidden > 0) {
            text.push_str(&format!("; {} more hidden by the baseline", b.hidden));
        }
        if let Some(skipped) = super::text::skipped_line(s) {
            text.push_str("; ");
            text.push_str(&skipped);
        }
        if s.file_errors > 0 {
            let unread = super::count(s.file_errors as u64, "file");
            text.push_str(&format!("; {unread} could not be read"));
        }
        writeln!(out, "::notice title=mtlint::{}", escape_data(&text))?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
