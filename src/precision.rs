//! How often each rule is right on real text: the measured precision that its default severity
//! promises.
//!
//! `data/precision.toml` is written by the precision benchmark (`bench/precision.sh`,
//! examples/precision.rs): for every rule and target language, how many distinct findings the
//! rule made on the WMT22 references and MT output, how many of a sample of them a reviewer
//! labelled, and how many of those were real problems. `data/severity.toml` lists the rules whose
//! default severity rests on something else than such a sample (a rule exact by construction, or
//! one with too few findings on the evaluation data to measure), each with its reason.
//!
//! The policy, kept by a test: a rule's default severity is `error` only where at least
//! [`ERROR_MIN`] of its labelled findings are real, `warning` from [`WARNING_MIN`], otherwise
//! `info`; the figure that counts is the worst language with at least [`MIN_LABELLED`] labels.
//! `mtlint explain RULE` prints the figures.

use crate::finding::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Precision a rule needs for the default severity `error`.
pub const ERROR_MIN: f64 = 0.95;
/// Precision a rule needs for the default severity `warning`.
pub const WARNING_MIN: f64 = 0.80;
/// A language's figure counts for the default severity from this many labelled findings on.
pub const MIN_LABELLED: usize = 10;

/// One rule's figures in one target language.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// Distinct findings on the WMT22 references and MT output.
    pub findings: usize,
    /// Distinct findings on every MQM segment (the pool that tops up a small sample).
    #[serde(default)]
    pub mqm: usize,
    /// Findings of the sample that carry a reviewer's verdict.
    pub labelled: usize,
    /// Labelled findings that are real problems.
    pub real: usize,
}

impl Sample {
    /// Real / labelled, or `None` without labels.
    pub fn precision(&self) -> Option<f64> {
        (self.labelled > 0).then(|| self.real as f64 / self.labelled as f64)
    }
}

/// The measured figures of every rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Commit the figures were measured on.
    pub commit: String,
    /// Where the text came from.
    pub data: String,
    /// Rule id → target language → figures.
    #[serde(default)]
    pub rules: BTreeMap<String, BTreeMap<String, Sample>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Exceptions {
    #[serde(default)]
    unmeasured: BTreeMap<String, String>,
}

/// The figures compiled into this binary (data/precision.toml).
pub fn measured() -> &'static Measured {
    static M: OnceLock<Measured> = OnceLock::new();
    M.get_or_init(|| {
        toml::from_str(include_str!("../data/precision.toml"))
            .expect("data/precision.toml is valid (checked by a test)")
    })
}

/// Why a rule's default severity is not decided by a measured sample, if it is not
/// (data/severity.toml).
pub fn unmeasured_reason(rule: &str) -> Option<&'static str> {
    static E: OnceLock<Exceptions> = OnceLock::new();
    E.get_or_init(|| {
        toml::from_str(include_str!("../data/severity.toml"))
            .expect("data/severity.toml is valid (checked by a test)")
    })
    .unmeasured
    .get(rule)
    .map(String::as_str)
}

/// The severity a precision allows.
pub fn allowed(p: f64) -> Severity {
    if p >= ERROR_MIN {
        Severity::Error
    } else if p >= WARNING_MIN {
        Severity::Warning
    } else {
        Severity::Info
    }
}

/// The figure that decides a rule's default severity: its worst language among those with at
/// least [`MIN_LABELLED`] labels, as (language, figures).
pub fn deciding(rule: &str) -> Option<(&'static str, Sample)> {
    measured()
        .rules
        .get(rule)?
        .iter()
        .filter(|(_, s)| s.labelled >= MIN_LABELLED)
        .min_by(|a, b| {
            let (pa, pb) = (
                a.1.precision().unwrap_or(0.0),
                b.1.precision().unwrap_or(0.0),
            );
            pa.total_cmp(&pb)
        })
        .map(|(l, s)| (l.as_str(), *s))
}

/// Wilson score interval lower bound at 95 %.
pub fn wilson_low(real: usize, n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let (z, n, p) = (1.96f64, n as f64, real as f64 / n as f64);
    let d = 1.0 + z * z / n;
    (p + z * z / (2.0 * n) - z * ((p * (1.0 - p) + z * z / (4.0 * n)) / n).sqrt()) / d
}

/// A few lines for `mtlint explain`: the measured figures per language and what they allow.
pub fn explain(rule: &str, severity: Severity) -> String {
    let m = measured();
    let mut out = String::from("Measured precision");
    match m.rules.get(rule) {
        Some(langs) if langs.values().any(|s| s.labelled > 0) => {
            out.push_str(&format!(
                " ({}, commit {}; real / labelled of a sample of the distinct findings):\n",
                m.data, m.commit
            ));
            for (lang, s) in langs {
                match s.precision() {
                    Some(p) => out.push_str(&format!(
                        "    {lang}: {:.0} % ({} / {} labelled, 95 % lower bound {:.0} %; {} findings on WMT22, {} on MQM)\n",
                        p * 100.0,
                        s.real,
                        s.labelled,
                        wilson_low(s.real, s.labelled) * 100.0,
                        s.findings,
                        s.mqm
                    )),
                    None => out.push_str(&format!(
                        "    {lang}: not labelled yet ({} findings on WMT22, {} on MQM)\n",
                        s.findings, s.mqm
                    )),
                }
            }
        }
        Some(langs) => out.push_str(&format!(
            ": not labelled yet ({} findings on {}).\n",
            langs.values().map(|s| s.findings + s.mqm).sum::<usize>(),
            m.data
        )),
        None => out.push_str(&format!(": no finding on {}.\n", m.data)),
    }
    match (deciding(rule), unmeasured_reason(rule)) {
        (Some((lang, s)), _) => out.push_str(&format!(
            "Default severity {severity}: the worst measured language ({lang}, {:.0} %) allows {} \
             (error from {:.0} %, warning from {:.0} %).\n",
            s.precision().unwrap_or(0.0) * 100.0,
            allowed(s.precision().unwrap_or(0.0)),
            ERROR_MIN * 100.0,
            WARNING_MIN * 100.0
        )),
        (None, Some(why)) => out.push_str(&format!(
            "Default severity {severity}, not measured: {why}\n"
        )),
        (None, None) => out.push_str(&format!(
            "Default severity {severity}: fewer than {MIN_LABELLED} labelled findings in every \
             language, so the rule reports as info.\n"
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule id with its default severity: built-in rules and the language packs' rules.
    fn all_rules() -> Vec<(String, Severity)> {
        let mut v: Vec<(String, Severity)> = crate::registry::metas()
            .iter()
            .map(|d| (d.id.clone(), d.severity))
            .collect();
        for code in crate::lang::known_codes() {
            for r in &crate::lang::language(code).unwrap().rules {
                v.push((r.id.clone(), r.severity));
            }
        }
        v
    }

    #[test]
    fn default_severities_follow_measured_precision() {
        let mut wrong = Vec::new();
        for (id, sev) in all_rules() {
            match (deciding(&id), unmeasured_reason(&id)) {
                (Some((lang, s)), _) => {
                    let allows = allowed(s.precision().unwrap());
                    if sev > allows {
                        wrong.push(format!(
                            "{id}: default {sev}, but {lang} measures {}/{} real, which allows {allows}",
                            s.real, s.labelled
                        ));
                    }
                }
                (None, Some(_)) => {}
                (None, None) => {
                    if sev > Severity::Info {
                        wrong.push(format!(
                            "{id}: default {sev} without {MIN_LABELLED} labelled findings in any \
                             language and without a reason in data/severity.toml"
                        ));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn the_data_names_only_known_rules() {
        let ids: std::collections::HashSet<String> =
            all_rules().into_iter().map(|(id, _)| id).collect();
        for id in measured().rules.keys() {
            assert!(ids.contains(id), "data/precision.toml: unknown rule `{id}`");
        }
        unmeasured_reason("");
        let e: Exceptions = toml::from_str(include_str!("../data/severity.toml")).unwrap();
        for (id, why) in &e.unmeasured {
            assert!(ids.contains(id), "data/severity.toml: unknown rule `{id}`");
            assert!(
                why.len() > 20,
                "data/severity.toml: `{id}` needs a real reason"
            );
        }
    }

    #[test]
    fn the_policy_thresholds() {
        assert_eq!(allowed(0.96), Severity::Error);
        assert_eq!(allowed(0.94), Severity::Warning);
        assert_eq!(allowed(0.79), Severity::Info);
        let s = Sample {
            mqm: 0,
            findings: 40,
            labelled: 30,
            real: 30,
        };
        assert_eq!(s.precision(), Some(1.0));
        assert!(wilson_low(30, 30) > 0.85 && wilson_low(30, 30) < 0.9);
    }
}
