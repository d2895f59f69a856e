//! Baselines: record today's findings so that CI fails only on new ones. Entries are matched by
//! content — file, rule, flagged text and normalised context — not by position, so edits
//! elsewhere in a file do not resurrect them.
//!
//! File names are kept relative to the baseline file's folder ([`crate::paths::relative_to`]),
//! so `x`, `./x`, an absolute path or a run from a subdirectory match the same entries.

use crate::report::Record;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// One recorded finding (with how many identical ones there were).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, relative to the baseline file's folder, with `/` separators (older
    /// baselines: the path as given when recorded, read as relative to that folder).
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

/// The key of a record, its file relative to `root` (the baseline file's folder).
pub fn key_of(r: &Record, root: &Path) -> Key {
    (
        crate::paths::relative_to(root, &r.file),
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

    /// Entries from a reviewed CSV (the HTML report's download, or the CSV report with a
    /// `status` column added in a spreadsheet): rows whose status says the finding is a false
    /// positive. Comma-, semicolon- or tab-separated (a spreadsheet saves what its locale uses),
    /// with or without a byte-order mark; statuses in any usual spelling ([`ReviewStatus::parse`]);
    /// an unknown status is an error naming its line.
    ///
    /// The file names of the review (as the report showed them, from the current directory)
    /// are stored relative to `root`, the folder of the baseline being written.
    pub fn from_review(path: &Path, root: &Path) -> Result<BaselineFile, String> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(sniff_delimiter(bytes))
            .from_reader(bytes);
        let headers = rdr.headers().map_err(|e| format!("{name}: {e}"))?.clone();
        let col = |h: &str| {
            headers
                .iter()
                .position(|x| x.trim().eq_ignore_ascii_case(h))
                .ok_or_else(|| {
                    format!(
                        "{name}: no `{h}` column; expected a reviewed CSV from the HTML report \
                         (or the CSV report with a `status` column)"
                    )
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
        for row in rdr.records() {
            let row = row.map_err(|e| format!("{name}: {e}"))?;
            let line = row.position().map_or(0, |p| p.line());
            let said = row.get(status).unwrap_or_default();
            match ReviewStatus::parse(said) {
                Some(ReviewStatus::FalsePositive) => {}
                Some(_) => continue,
                None => {
                    return Err(format!(
                        "{name}: line {line}: unknown status `{}`; write false-positive (fp, \
                         false alarm), confirmed (tp, error) or leave it empty (unreviewed)",
                        said.trim()
                    ));
                }
            }
            let cell = |c: usize| unguard(row.get(c).unwrap_or_default());
            keys.push((
                crate::paths::relative_to(root, &cell(file)),
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

/// A reviewer's verdict on one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    /// Not looked at yet.
    Unreviewed,
    /// A real error.
    Confirmed,
    /// Not an error: goes into the baseline.
    FalsePositive,
}

impl ReviewStatus {
    /// The status as people type it: case, spaces, `_` and `-` do not matter. `None` for a word
    /// that is none of them (an ambiguous "ok" or "no" included: it could mean either).
    pub fn parse(s: &str) -> Option<ReviewStatus> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "" | "unreviewed" | "todo" | "pending" | "open" | "new" | "?" => {
                ReviewStatus::Unreviewed
            }
            "confirmed" | "confirm" | "truepositive" | "tp" | "error" | "real" | "valid"
            | "fixed" | "accepted" => ReviewStatus::Confirmed,
            "falsepositive" | "fp" | "falsealarm" | "false" | "notanerror" | "noerror"
            | "notanissue" | "wrong" | "invalid" | "ignore" | "ignored" | "wontfix" => {
                ReviewStatus::FalsePositive
            }
            _ => return None,
        })
    }
}

/// The field separator of a CSV file: `;` or tab when its first line has more of them than
/// commas (outside quotes), else `,`.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for &b in bytes.iter().take_while(|&&b| b != b'\n') {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    delimiters[best]
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
    /// The baseline file's folder, absolute.
    root: std::path::PathBuf,
    /// Findings hidden so far.
    pub hidden: u64,
}

impl Matcher {
    /// A matcher for `b`, the baseline file read from `path`: its entries name files relative
    /// to its folder.
    pub fn new(b: &BaselineFile, path: &Path) -> Matcher {
        let root = crate::paths::lexical_absolute(&crate::paths::folder_of(path));
        Matcher {
            remaining: b
                .findings
                .iter()
                .map(|e| {
                    // An entry written by hand or by an older version may be absolute or
                    // spelled `./x`: the same normalisation as the findings'.
                    let file =
                        crate::paths::relative_to(&root, &root.join(&e.file).to_string_lossy());
                    (
                        (file, e.rule.clone(), e.flagged.clone(), e.context.clone()),
                        e.count,
                    )
                })
                .fold(BTreeMap::new(), |mut m, (k, n)| {
                    *m.entry(k).or_default() += n;
                    m
                }),
            root,
            hidden: 0,
        }
    }

    /// Whether the record is in the baseline (then it is consumed and counted as hidden).
    pub fn hide(&mut self, r: &Record) -> bool {
        match self.remaining.get_mut(&key_of(r, &self.root)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                self.hidden += 1;
                true
            }
            _ => false,
        }
    }

    /// Baseline entries that matched nothing in this run (only for the files checked, named
    /// as they were given).
    pub fn stale(&self, files: &[String]) -> u64 {
        let checked: std::collections::BTreeSet<String> = files
            .iter()
            .map(|f| crate::paths::relative_to(&self.root, f))
            .collect();
        self.remaining
            .iter()
            .filter(|(k, _)| checked.contains(&k.0))
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

    #[test]
    fn review_statuses_in_the_spellings_people_type() {
        use ReviewStatus::*;
        for (typed, status) in [
            ("false-positive", FalsePositive),
            ("False positive", FalsePositive),
            ("FALSE_POSITIVE", FalsePositive),
            ("FP", FalsePositive),
            ("false alarm", FalsePositive),
            ("not an error", FalsePositive),
            ("Confirmed", Confirmed),
            ("TP", Confirmed),
            (" error ", Confirmed),
            ("", Unreviewed),
            ("unreviewed", Unreviewed),
        ] {
            assert_eq!(ReviewStatus::parse(typed), Some(status), "{typed:?}");
        }
        for ambiguous in ["ok", "no", "yes", "done", "maybe"] {
            assert_eq!(ReviewStatus::parse(ambiguous), None, "{ambiguous:?}");
        }
    }

    fn review_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reviewed.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_semicolon_separated_review_with_a_bom_is_read() {
        // As Excel saves "CSV UTF-8" in a French or German locale.
        let (_dir, path) = review_file(
            "\u{feff}file;line;rule;flagged;context;Status\n\
             a.txt;1;caps-word;HYDROMEL;\"…de l'HYDROMEL, dit-il\";False Positive\n\
             a.txt;2;caps-word;RUSSIE;de RUSSIE;confirmed\n",
        );
        let b = BaselineFile::from_review(&path, Path::new(".")).unwrap();
        assert_eq!(b.findings.len(), 1);
        assert_eq!(b.findings[0].flagged, "HYDROMEL");
        assert_eq!(b.findings[0].context, "de l'hydromel, dit-il");
    }

    #[test]
    fn an_unknown_status_is_an_error_with_its_line() {
        let (_dir, path) = review_file(
            "file,rule,flagged,context,status,note\n\
             a.txt,caps-word,RUSSIE,de RUSSIE,confirmed,\n\
             a.txt,caps-word,HYDROMEL,\"de l'HYDROMEL,\nsur deux lignes\",okay,\n",
        );
        let err = BaselineFile::from_review(&path, Path::new(".")).unwrap_err();
        assert!(
            err.contains("reviewed.csv: line 3: unknown status `okay`"),
            "{err}"
        );
    }
}
