//! JSON: one document for programs that want the whole report at once:
//! `{"version": 1, "tool": {…}, "summary": {…}, "findings": [Record…], "errors": [{file, message}…]}`.
//! `findings` holds the same objects as `--format jsonl`; `summary` has the counts by severity and
//! category, the MQM-style penalty and score per 1,000 words overall and per file. The document
//! is described by `schemas/report.schema.json`; `version` is that schema's version and changes
//! only when a field changes meaning or disappears.
//!
//! Buffered: everything is written by `finish`, pretty-printed, keys in a fixed order.

use super::{BaselineCounts, DocumentReporter, Record, Summary};
use crate::finding::{Category, Severity};
use crate::input::{InputError, Segment};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Version of the JSON report layout (`schemas/report.schema.json`).
pub const FORMAT_VERSION: u32 = 1;

/// Collects findings and writes one JSON document at the end.
#[derive(Default)]
pub struct JsonReporter {
    findings: Vec<Record>,
    errors: Vec<FileError>,
}

/// An input that could not be read.
#[derive(Serialize)]
struct FileError {
    file: String,
    message: String,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: ScoreSummary,
    findings: &'a [Record],
    errors: &'a [FileError],
}

/// Findings by severity; every key present.
#[derive(Serialize)]
pub(crate) struct BySeverity {
    error: u64,
    warning: u64,
    info: u64,
}

/// Findings by category; every key of [`Category::ALL`] present, in that order.
pub(crate) struct ByCategory([u64; Category::ALL.len()]);

impl Serialize for ByCategory {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (c, n) in Category::ALL.iter().zip(self.0) {
            map.serialize_entry(c.as_str(), &n)?;
        }
        map.end()
    }
}

/// Counts and MQM-style score of one file.
#[derive(Serialize)]
pub(crate) struct FileScore {
    segments: u64,
    words: u64,
    findings: u64,
    penalty: f64,
    score: f64,
}

/// The report summary shared by the JSON document and SARIF's `run.properties`.
#[derive(Serialize)]
pub(crate) struct ScoreSummary {
    files: usize,
    file_errors: usize,
    segments: u64,
    words: u64,
    findings: u64,
    by_severity: BySeverity,
    by_category: ByCategory,
    penalty: f64,
    score: f64,
    per_file: BTreeMap<String, FileScore>,
    /// Present when a baseline was applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineCounts>,
    /// Findings dropped by inline suppressions; present when there were some.
    #[serde(skip_serializing_if = "is_zero")]
    suppressed: u64,
    /// Segments skipped as locked or approved; present when there were some.
    #[serde(skip_serializing_if = "is_zero")]
    locked: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Rounds a penalty or score to two decimals, so that sums of 0.1 penalties print as `75.3`
/// rather than `75.30000000000001`.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl ScoreSummary {
    pub(crate) fn new(s: &Summary) -> ScoreSummary {
        let sev = |k| s.by_severity.get(&k).copied().unwrap_or(0);
        let cat = |k| s.by_category.get(&k).copied().unwrap_or(0);
        ScoreSummary {
            files: s.files,
            file_errors: s.file_errors,
            segments: s.segments,
            words: s.words,
            findings: s.total(),
            by_severity: BySeverity {
                error: sev(Severity::Error),
                warning: sev(Severity::Warning),
                info: sev(Severity::Info),
            },
            by_category: ByCategory(Category::ALL.map(cat)),
            penalty: round2(s.penalty),
            score: round2(s.score()),
            per_file: s
                .per_file
                .iter()
                .map(|(path, f)| {
                    let score = FileScore {
                        segments: f.segments,
                        words: f.words,
                        findings: f.findings,
                        penalty: round2(f.penalty),
                        score: round2(f.score()),
                    };
                    (path.clone(), score)
                })
                .collect(),
            baseline: s.baseline,
            suppressed: s.suppressed,
            locked: s.locked,
        }
    }
}

impl DocumentReporter for JsonReporter {
    fn finding(&mut self, _out: &mut dyn Write, r: &Record, _seg: &Segment) -> io::Result<()> {
        self.findings.push(r.clone());
        Ok(())
    }

    fn file_error(&mut self, _out: &mut dyn Write, err: &InputError) -> io::Result<()> {
        self.errors.push(FileError {
            file: err.file.clone(),
            message: err.to_string(),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let doc = Document {
            version: FORMAT_VERSION,
            tool: Tool {
                name: "mtlint",
                version: env!("CARGO_PKG_VERSION"),
            },
            summary: ScoreSummary::new(summary),
            findings: &self.findings,
            errors: &self.errors,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_rounded_to_two_decimals() {
        assert_eq!(round2(0.1 + 0.2), 0.3);
        assert_eq!(round2(107.5714285), 107.57);
        assert_eq!(round2(0.0), 0.0);
    }
}
