//! Baselines: record today's findings so that CI fails only on new ones. Entries are matched by
//! content — file, rule, flagged text and normalised context — not by position, so edits
//! elsewhere in a file do not resurrect them.

use crate::report::Record;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// One recorded finding (with how many identical ones there were).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The path as given when recorded.
    pub file: String,
    /// Rule id.
    pub rule: String,
    /// Flagged text.
    pub flagged: String,
    /// Normalised context (lower case, whitespace folded, ellipses dropped).
    pub context: String,
    /// Identical findings recorded.
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

impl Entry {
    /// What the entry matches: file, rule, flagged text and context.
    fn matches(&self, other: &Entry) -> bool {
        (&self.file, &self.rule, &self.flagged, &self.context)
            == (&other.file, &other.rule, &other.flagged, &other.context)
    }
}

/// The baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    /// Format version.
    pub version: u32,
    /// Entries, sorted.
    pub findings: Vec<Entry>,
}

/// The match key of a finding.
pub type Key = (String, String, String, String);

/// Lower case, whitespace folded, the "…" of cut contexts and the CSV `'` guard removed.
pub fn normalise_context(context: &str) -> String {
    context
        .trim_matches('…')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The key of a record.
pub fn key_of(r: &Record) -> Key {
    (
        r.file.clone(),
        r.rule.clone(),
        r.flagged.clone(),
        normalise_context(&r.context),
    )
}

impl BaselineFile {
    /// Builds a baseline from findings.
    pub fn from_keys(keys: impl IntoIterator<Item = Key>) -> BaselineFile {
        let mut counts: BTreeMap<Key, u32> = BTreeMap::new();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
        BaselineFile {
            version: 1,
            findings: counts
                .into_iter()
                .map(|((file, rule, flagged, context), count)| Entry {
                    file,
                    rule,
                    flagged,
                    context,
                    count,
                })
                .collect(),
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<BaselineFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let b: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
        if b.version != 1 {
            return Err(format!(
                "{}: unsupported baseline version {}",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serialises");
        s.push('\n');
        s
    }

    /// Entries from a reviewed CSV (the HTML report's download): rows whose `status` is
    /// `false-positive`.
    pub fn from_review(path: &Path) -> Result<BaselineFile, String> {
        let name = path.display().to_string();
        let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{name}: {e}"))?;
        let headers = rdr.headers().map_err(|e| format!("{name}: {e}"))?.clone();
        let col = |h: &str| {
            headers.iter().position(|x| x == h).ok_or_else(|| {
                format!("{name}: no `{h}` column; expected a reviewed CSV from the HTML report")
            })
        };
        let (file, rule, flagged, context, status) = (
            col("file")?,
            col("rule")?,
            col("flagged")?,
            col("context")?,
            col("status")?,
        );
        let mut keys = Vec::new();
        for (i, row) in rdr.records().enumerate() {
            let row = row.map_err(|e| format!("{name}: row {}: {e}", i + 2))?;
            if row.get(status) != Some("false-positive") {
                continue;
            }
            let cell = |c: usize| unguard(row.get(c).unwrap_or_default());
            keys.push((
                cell(file),
                cell(rule),
                cell(flagged),
                normalise_context(&cell(context)),
            ));
        }
        Ok(BaselineFile::from_keys(keys))
    }

    /// Merges another baseline into this one: every entry of either, sorted; an entry in both
    /// keeps the larger count.
    pub fn merge(&mut self, other: BaselineFile) {
        self.findings.extend(other.findings);
        self.findings.sort();
        self.findings.dedup_by(|next, kept| {
            let same = next.matches(kept);
            if same {
                kept.count = kept.count.max(next.count);
            }
            same
        });
    }
}

/// Undoes the CSV spreadsheet guard (`'` before `= + - @ tab CR`).
fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// Matches findings of a run against a baseline.
#[derive(Debug, Default)]
pub struct Matcher {
    remaining: BTreeMap<Key, u32>,
    /// Findings hidden so far.
    pub hidden: u64,
}

impl Matcher {
    /// A matcher for `b`.
    pub fn new(b: &BaselineFile) -> Matcher {
        Matcher {
            remaining: b
                .findings
                .iter()
                .map(|e| {
                    (
                        (
                            e.file.clone(),
                            e.rule.clone(),
                            e.flagged.clone(),
                            e.context.clone(),
                        ),
                        e.count,
                    )
                })
                .collect(),
            hidden: 0,
        }
    }

    /// Whether the record is in the baseline (then it is consumed and counted as hidden).
    pub fn hide(&mut self, r: &Record) -> bool {
        match self.remaining.get_mut(&key_of(r)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                self.hidden += 1;
                true
            }
            _ => false,
        }
    }

    /// Baseline entries that matched nothing in this run (only for the files checked).
    pub fn stale(&self, files: &[String]) -> u64 {
        self.remaining
            .iter()
            .filter(|(k, _)| files.contains(&k.0))
            .map(|(_, n)| u64::from(*n))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_normalisation() {
        assert_eq!(
            normalise_context("…Le  président de\tRUSSIE a…"),
            "le président de russie a"
        );
    }

    #[test]
    fn merge_is_the_union_with_the_larger_count() {
        let entry = |flagged: &str, count| Entry {
            file: "a.txt".into(),
            rule: "foreign-word".into(),
            flagged: flagged.into(),
            context: format!("le mot {flagged}"),
            count,
        };
        let mut old = BaselineFile {
            version: 1,
            findings: vec![entry("b", 3), entry("c", 1)],
        };
        old.merge(BaselineFile {
            version: 1,
            findings: vec![entry("c", 2), entry("a", 1), entry("b", 1)],
        });
        assert_eq!(
            old,
            BaselineFile {
                version: 1,
                findings: vec![entry("a", 1), entry("b", 3), entry("c", 2)],
            }
        );
    }

    #[test]
    fn unguard_undoes_the_csv_guard_only() {
        assert_eq!(unguard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguard("'quoted"), "'quoted");
    }
}
