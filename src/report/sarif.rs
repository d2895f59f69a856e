//! SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning dashboards
//! such as GitHub's. One run; `tool.driver.rules` lists every rule that has a result, sorted by
//! id; each result points at its file (the path as given, percent-encoded as a URI reference;
//! standard input is `stdin`) and region, with lines and columns in Unicode code points
//! (`columnKind: unicodeCodePoints`, as in every mtlint report). Byte and character offsets are
//! left out: the reporter does not see the text before a segment, so it cannot count characters
//! of the file exactly.
//!
//! `partialFingerprints["mtlintFinding/v1"]` is the FNV-1a 64 hash of the rule, the flagged text,
//! the context (whitespace collapsed, lowercased) and the index of that same triple among earlier
//! findings of the file: it survives lines moving and changes when the flagged text does.
//!
//! Buffered: everything is written by `finish`.

use super::json::ScoreSummary;
use super::{DocumentReporter, Record, Summary, message_with_suggestion};
use crate::finding::{Category, Severity};
use crate::input::{InputError, Segment};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The `$schema` of the log: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Collects results and writes one SARIF log at the end.
///
/// A result carries a `fixes` entry only for a rule marked safe to fix (`fix = "safe"`), and only
/// when `mtlint check --fix` would make that very edit ([`crate::fix::Fixer`]): the span stands
/// verbatim in the file, the replacement is escaped for the file's format, and it overlaps no
/// earlier fix. Its deleted region gives the byte offset and length too.
#[derive(Default)]
pub struct SarifReporter {
    results: Vec<(Record, String, Option<crate::fix::Edit>)>,
    /// Finds the fixes (reading each input file once more); `None` with [`Self::without_fixes`].
    fixer: Option<crate::fix::Fixer>,
    /// No fixes at all.
    no_fixes: bool,
    rules: BTreeMap<String, RuleInfo>,
    /// (file, rule ␀ flagged ␀ context) → findings seen so far.
    seen: HashMap<(String, String), u64>,
    errors: Vec<InputError>,
}

/// What the log says about a rule.
struct RuleInfo {
    summary: String,
    description: String,
    severity: Severity,
    category: Category,
    /// Built-in or language-pack rule: `mtlint explain` knows it.
    documented: bool,
}

/// Documentation of the rule of `r`: built-in rules from `data/rules.toml`, language-pack rules
/// from `data/lang/`; a user rule (`--rules`) is not visible here and is described by its
/// message and the severity of its finding.
fn rule_info(r: &Record) -> RuleInfo {
    if let Some(d) = crate::registry::meta(&r.rule) {
        return RuleInfo {
            summary: unfold(&d.summary),
            description: unfold(&d.description),
            severity: d.severity,
            category: d.category,
            documented: true,
        };
    }
    let own = crate::lang::language(&r.lang).ok();
    let others = crate::lang::known_codes()
        .into_iter()
        .filter_map(|c| crate::lang::language(c).ok());
    for l in own.into_iter().chain(others) {
        if let Some(p) = l.rules.iter().find(|p| p.id == r.rule) {
            return RuleInfo {
                summary: unfold(&p.summary),
                description: unfold(&p.description),
                severity: p.severity,
                category: p.category,
                documented: true,
            };
        }
    }
    RuleInfo {
        summary: r.message.trim().to_string(),
        description: String::new(),
        severity: r.severity,
        category: r.category,
        documented: false,
    }
}

/// Documentation text with its hard line breaks undone: lines of a paragraph are joined with a
/// space, paragraphs stay separated by a blank line.
fn unfold(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a, 64 bits: small and stable across Rust versions and platforms (unlike std's hasher).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The path as a URI reference: standard input is `stdin`; bytes outside RFC 3986's unreserved
/// characters, sub-delimiters, `@` and `/` are percent-encoded (`:` too, so that a first path
/// segment cannot pass for a scheme).
pub fn artifact_uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let mut s = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => s.push(b as char),
            b'-' | b'.' | b'_' | b'~' | b'/' | b'@' => s.push(b as char),
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => {
                s.push(b as char)
            }
            _ => {
                let _ = write!(s, "%{b:02X}");
            }
        }
    }
    s
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties,
}

#[derive(Serialize)]
struct RunProperties {
    /// Counts and MQM-style scores, overall and per file: the `summary` of `--format json`.
    summary: ScoreSummary,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties {
    category: &'static str,
    tags: [&'static str; 2],
    mqm_category: &'static str,
    mqm_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[Fix; 1]>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "mtlintFinding/v1")]
    finding_v1: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    category: &'static str,
    segment: &'a str,
    mqm_category: &'static str,
    mqm_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

impl Region {
    fn of(r: &Record) -> Region {
        Region {
            start_line: r.line,
            start_column: r.column,
            end_line: r.end_line,
            end_column: r.end_column,
            snippet: None,
            byte_offset: None,
            byte_length: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

impl SarifReporter {
    /// A reporter whose fixes are those of `fixer` (the run's input format and safe user rules).
    pub fn with_fixer(fixer: crate::fix::Fixer) -> SarifReporter {
        SarifReporter {
            fixer: Some(fixer),
            ..SarifReporter::default()
        }
    }

    /// A reporter that carries no fixes (`--fix` changed the files).
    pub fn without_fixes() -> SarifReporter {
        SarifReporter {
            no_fixes: true,
            ..SarifReporter::default()
        }
    }
}

impl DocumentReporter for SarifReporter {
    fn finding(&mut self, _out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        let key = identity(r);
        let seen = self.seen.entry((r.file.clone(), key.clone())).or_insert(0);
        let index = *seen;
        *seen += 1;
        let fingerprint = format!("{:016x}", fnv1a64(format!("{key}\0{index}").as_bytes()));
        if !self.rules.contains_key(&r.rule) {
            self.rules.insert(r.rule.clone(), rule_info(r));
        }
        let edit = if self.no_fixes {
            None
        } else {
            let fixer = self.fixer.get_or_insert_with(crate::fix::Fixer::default);
            fixer.take(&r.fix_request(), seg).ok()
        };
        self.results.push((r.clone(), fingerprint, edit));
        Ok(())
    }

    fn file_error(&mut self, _out: &mut dyn Write, err: &InputError) -> io::Result<()> {
        self.errors.push(err.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let index: HashMap<&str, usize> = self
            .rules
            .keys()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let rules = self
            .rules
            .iter()
            .map(|(id, info)| {
                let mqm = crate::mqm::classify(id, info.category);
                let description = if info.description.is_empty() {
                    info.summary.clone()
                } else {
                    info.description.clone()
                };
                let (full, help) = if info.documented {
                    let help = format!(
                        "{description}\n\n`mtlint explain {id}` prints examples that fire and that do not."
                    );
                    (Some(text(description)), help)
                } else {
                    // A user rule: its summary is the message of its first finding.
                    (None, "A user rule (--rules FILE); each finding's message explains it.".to_string())
                };
                Descriptor {
                    id: id.clone(),
                    short_description: text(info.summary.clone()),
                    full_description: full,
                    help: text(help),
                    default_configuration: Configuration {
                        level: level(info.severity),
                    },
                    properties: RuleProperties {
                        category: info.category.as_str(),
                        tags: ["mtlint", info.category.as_str()],
                        mqm_category: &mqm.category,
                        mqm_severity: &mqm.severity,
                    },
                }
            })
            .collect();
        let results = self
            .results
            .iter()
            .map(|(r, fingerprint, edit)| {
                let mqm = crate::mqm::classify(&r.rule, r.category);
                let uri = artifact_uri(&r.file);
                let fixes = edit.as_ref().zip(r.suggestion.as_ref()).map(|(edit, s)| {
                    [Fix {
                        description: text(if s.is_empty() {
                            format!("Delete “{}”.", r.flagged)
                        } else {
                            format!("Replace “{}” with “{s}”.", r.flagged)
                        }),
                        artifact_changes: [ArtifactChange {
                            artifact_location: ArtifactLocation { uri: uri.clone() },
                            replacements: [Replacement {
                                deleted_region: Region {
                                    byte_offset: Some(edit.start),
                                    byte_length: Some(edit.end - edit.start),
                                    ..Region::of(r)
                                },
                                inserted_content: text(edit.replacement.clone()),
                            }],
                        }],
                    }]
                });
                SarifResult {
                    rule_id: &r.rule,
                    rule_index: index[r.rule.as_str()],
                    level: level(r.severity),
                    message: text(message_with_suggestion(r)),
                    locations: [Location {
                        physical_location: PhysicalLocation {
                            artifact_location: ArtifactLocation { uri },
                            region: Some(Region {
                                snippet: Some(text(r.flagged.clone())),
                                ..Region::of(r)
                            }),
                        },
                    }],
                    partial_fingerprints: Fingerprints {
                        finding_v1: fingerprint,
                    },
                    fixes,
                    properties: ResultProperties {
                        category: r.category.as_str(),
                        segment: &r.segment,
                        mqm_category: &mqm.category,
                        mqm_severity: &mqm.severity,
                    },
                }
            })
            .collect();
        let notifications = self
            .errors
            .iter()
            .map(|e| Notification {
                level: "error",
                message: text(e.to_string()),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: artifact_uri(&e.file),
                        },
                        region: None,
                    },
                }],
            })
            .collect::<Vec<_>>();
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "mtlint",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        rules,
                    },
                },
                invocations: [Invocation {
                    execution_successful: notifications.is_empty() && summary.file_errors == 0,
                    tool_execution_notifications: notifications,
                }],
                column_kind: "unicodeCodePoints",
                results,
                properties: RunProperties {
                    summary: ScoreSummary::new(summary),
                },
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

/// What identifies a finding wherever it sits in its file: rule, flagged text and context
/// (whitespace collapsed, lowercased), separated by NUL.
fn identity(r: &Record) -> String {
    let context = r.context.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}\0{}\0{}", r.rule, r.flagged, context.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri("-"), "stdin");
        assert_eq!(
            artifact_uri("data/sample/000_5d.txt"),
            "data/sample/000_5d.txt"
        );
        assert_eq!(artifact_uri("a b/c:d%.txt"), "a%20b/c%3Ad%25.txt");
        assert_eq!(artifact_uri("é.txt"), "%C3%A9.txt");
    }

    #[test]
    fn documentation_is_unwrapped() {
        assert_eq!(unfold(" a\nb  c\n\n d\n"), "a b c\n\nd");
    }

    #[test]
    fn levels() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
