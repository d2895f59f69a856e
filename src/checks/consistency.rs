//! Consistency across a bilingual file: the same source translated differently, different
//! sources given the same translation, and targets whose length ratio to their source falls
//! outside the range learnt from the file itself (median and median absolute deviation of the
//! log ratio, so a few outliers do not move it). A first pass over the file finds them; each
//! group is reported once, on its first segment, with all the segment ids.

use super::{FileNotes, FilePass, Rule};
use crate::finding::Finding;
use crate::input::{InputError, Segment};
use std::collections::{BTreeMap, HashMap};

/// Consistency findings by segment id.
#[derive(Debug, Default)]
pub struct Consistency {
    by_segment: HashMap<String, Vec<(Rule, String)>>,
}

/// Sources shorter than this (in characters) give no reliable length ratio.
const MIN_RATIO_CHARS: usize = 20;

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_words(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// One translated segment as the consistency pass sees it.
struct Pair {
    id: String,
    /// The gettext entry of a plural form, else the segment id.
    entry: String,
    /// The plural form (`msgstr[N]`), 0 for a segment without plural forms.
    form: usize,
    /// The gettext context: equal sources in different contexts are different strings.
    context: Option<String>,
    source: String,
    target: String,
}

/// Groups of (key → list of (segment id, other side)) where the other side varies between
/// entries. Plural forms of one entry are translations of one source for different numbers
/// (“million” / “millions”), so with `by_source` a source is compared only with the same plural
/// form of other entries, and without it a translation shared by the forms of one entry
/// (“%d mois” for “%d month” and “%d months”) is not an inconsistency.
fn inconsistent(pairs: &[Pair], by_source: bool) -> Vec<Vec<(String, String)>> {
    type Key<'a> = (Option<&'a str>, &'a str, usize);
    let mut groups: BTreeMap<Key, Vec<(&Pair, &str)>> = BTreeMap::new();
    let mut order: Vec<Key> = Vec::new();
    // An entry's plural forms stand for its singular source (msgid), whatever msgid_plural says.
    let singular: HashMap<&str, &str> = pairs
        .iter()
        .filter(|p| p.form == 0)
        .map(|p| (p.entry.as_str(), p.source.as_str()))
        .collect();
    for p in pairs {
        let src = if by_source {
            p.source.as_str()
        } else {
            singular.get(p.entry.as_str()).copied().unwrap_or(&p.source)
        };
        let key = if by_source {
            (p.context.as_deref(), src, p.form)
        } else {
            (None, p.target.as_str(), 0)
        };
        let other = if by_source { p.target.as_str() } else { src };
        groups
            .entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push((p, other));
    }
    order
        .into_iter()
        .filter_map(|k| {
            let g = groups.remove(&k)?;
            // Two members with different counterparts and different entries exist exactly when
            // the counterparts are not all the same and the entries are not all the same (if
            // x and y of different entries share a counterpart, a third member with another
            // counterpart differs in entry from one of them): linear, where comparing every
            // pair took 5·10⁹ steps for a group of 100,000.
            let (p0, o0) = g[0];
            let varies =
                g.iter().any(|(_, o)| *o != o0) && g.iter().any(|(p, _)| p.entry != p0.entry);
            varies.then(|| {
                g.into_iter()
                    .map(|(p, other)| (p.id.clone(), other.to_string()))
                    .collect()
            })
        })
        .collect()
}

impl Consistency {
    /// Scans the segments of one file (the first pass).
    pub fn scan(segments: impl Iterator<Item = Result<Segment, InputError>>) -> Consistency {
        let mut pairs = Vec::new();
        let mut ratios: Vec<(String, f64, usize, usize)> = Vec::new();
        for seg in segments.map_while(Result::ok) {
            let Some(src) = seg.source.as_deref() else {
                continue;
            };
            let (s, t) = (norm(src), norm(&seg.text));
            let (sc, tc) = (s.chars().count(), t.chars().count());
            if sc >= MIN_RATIO_CHARS && tc > 0 {
                ratios.push((seg.id.clone(), (tc as f64 / sc as f64).ln(), sc, tc));
            }
            if has_words(&s) && has_words(&t) {
                let (entry, form) = match seg.plural {
                    Some(p) => (p.entry, p.form),
                    None => (seg.id.clone(), 0),
                };
                pairs.push(Pair {
                    id: seg.id,
                    entry,
                    form,
                    context: seg.context,
                    source: s,
                    target: t,
                });
            }
        }
        let mut c = Consistency::default();
        let clip = |s: &str| -> String {
            let mut out: String = s.chars().take(60).collect();
            if out.len() < s.len() {
                out.push('…');
            }
            out
        };
        c.length_outliers(&ratios);
        for g in inconsistent(&pairs, true) {
            let ids: Vec<&str> = g.iter().map(|(id, _)| id.as_str()).collect();
            let mut variants: Vec<String> =
                g.iter().map(|(_, t)| format!("“{}”", clip(t))).collect();
            variants.dedup();
            variants.sort();
            variants.dedup();
            c.by_segment.entry(g[0].0.clone()).or_default().push((
                Rule::InconsistentTranslation,
                format!(
                    "The same source is translated {} ways in segments {}: {}.",
                    variants.len(),
                    ids.join(", "),
                    variants.join(", ")
                ),
            ));
        }
        for g in inconsistent(&pairs, false) {
            let ids: Vec<&str> = g.iter().map(|(id, _)| id.as_str()).collect();
            let mut sources: Vec<String> =
                g.iter().map(|(_, s)| format!("“{}”", clip(s))).collect();
            sources.sort();
            sources.dedup();
            c.by_segment.entry(g[0].0.clone()).or_default().push((
                Rule::InconsistentSource,
                format!(
                    "The same translation stands for {} different sources in segments {}: {}.",
                    sources.len(),
                    ids.join(", "),
                    sources.join(", ")
                ),
            ));
        }
        c
    }

    /// Flags length ratios more than four robust standard deviations (and 50 %) from the
    /// file's median; needs at least 10 segments to learn the range.
    fn length_outliers(&mut self, ratios: &[(String, f64, usize, usize)]) {
        if ratios.len() < 10 {
            return;
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            let n = v.len();
            if n % 2 == 1 {
                v[n / 2]
            } else {
                (v[n / 2 - 1] + v[n / 2]) / 2.0
            }
        };
        let mut logs: Vec<f64> = ratios.iter().map(|r| r.1).collect();
        let med = median(&mut logs);
        let mut dev: Vec<f64> = ratios.iter().map(|r| (r.1 - med).abs()).collect();
        let mad = median(&mut dev) * 1.4826;
        let limit = (4.0 * mad).max(1.5f64.ln());
        for (id, r, sc, tc) in ratios {
            if (r - med).abs() > limit {
                let typical = med.exp();
                let what = if *r < med { "short" } else { "long" };
                self.by_segment.entry(id.clone()).or_default().push((
                    Rule::LengthRatio,
                    format!(
                        "The target is unusually {what} for its source ({tc} characters for {sc}; this file's translations are typically {typical:.2}× their source): check for omitted or added text."
                    ),
                ));
            }
        }
    }

    /// Appends the consistency findings of segment `seg` (spanning its whole text).
    pub fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>) {
        if self.by_segment.is_empty() {
            // Plain text, or nothing inconsistent: no lookup.
            return;
        }
        let Some(notes) = self.by_segment.get(&seg.id) else {
            return;
        };
        let start = seg.text.len() - seg.text.trim_start().len();
        let end = seg.text.trim_end().len().max(start);
        for (rule, msg) in notes {
            out.push(rule.finding(start..end, msg.clone()));
        }
        out.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    }
}

/// The consistency checks as a registered [`FilePass`].
pub struct ConsistencyPass;

impl FilePass for ConsistencyPass {
    fn rules(&self) -> &'static [Rule] {
        &[
            Rule::InconsistentTranslation,
            Rule::InconsistentSource,
            Rule::LengthRatio,
        ]
    }

    fn scan(
        &self,
        segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
    ) -> Box<dyn FileNotes> {
        Box::new(Consistency::scan(segments))
    }
}

impl FileNotes for Consistency {
    fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>) {
        Consistency::findings_for(self, seg, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: &str, src: &str, tgt: &str) -> Result<Segment, InputError> {
        let mut s = Segment::plain(id, tgt, 1, 1, 0);
        s.source = Some(src.to_string());
        Ok(s)
    }

    #[test]
    fn length_ratio_outliers_learnt_from_the_file() {
        let mut segs: Vec<_> = (0..20)
            .map(|i| {
                seg(
                    &i.to_string(),
                    &format!("The meeting number {i} was held today."),
                    &format!("La réunion numéro {i} a eu lieu aujourd’hui."),
                )
            })
            .collect();
        segs.push(seg(
            "short",
            "The committee met for six hours and adopted the budget.",
            "Le comité.",
        ));
        let c = Consistency::scan(segs.into_iter());
        let mut out = Vec::new();
        c.findings_for(&Segment::plain("short", "Le comité.", 1, 1, 0), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "length-ratio");
        assert!(
            out[0].message.contains("unusually short"),
            "{}",
            out[0].message
        );
        out.clear();
        c.findings_for(
            &Segment::plain("3", "La réunion numéro 3 a eu lieu aujourd’hui.", 1, 1, 0),
            &mut out,
        );
        assert!(out.is_empty());
    }

    #[test]
    fn plural_forms_of_one_entry_are_not_inconsistent() {
        // Plural forms as the PO reader gives them: ids ENTRY[N], and the entry and N.
        let form = |entry: &str, n: usize, src: &str, tgt: &str| {
            let mut s = Segment::plain(format!("{entry}[{n}]"), tgt, 1, 1, 0);
            s.source = Some(src.to_string());
            s.plural = Some(crate::input::Plural {
                entry: entry.to_string(),
                form: n,
            });
            Ok(s)
        };
        let c = Consistency::scan(
            vec![
                // msgid == msgid_plural: the forms differ by number, not by choice.
                form("m", 0, "%(value)s million", "%(value)s million"),
                form("m", 1, "%(value)s million", "%(value)s millions"),
                seg("single", "%(value)s million", "%(value)s million"),
                // One translation for the singular and plural sources of one entry.
                form("d", 0, "%d month", "%d mois"),
                form("d", 1, "%d months", "%d mois"),
                form("e", 0, "%d month", "%d mois"),
                form("e", 1, "%d months", "%d mois"),
                // Across entries the same checks still apply.
                form("f", 0, "%d file", "%d fichier"),
                form("f", 1, "%d files", "%d fichiers"),
                form("g", 0, "%d file", "%d document"),
                // Ids that merely look like plural forms (XLIFF units "u[0]", "u[1]") are
                // segments of their own.
                seg("u[0]", "Open the file", "Ouvrir le fichier"),
                seg("u[1]", "Open the file", "Ouvre le fichier"),
            ]
            .into_iter(),
        );
        let rules = |id: &str, text: &str| {
            let mut out = Vec::new();
            c.findings_for(&Segment::plain(id, text, 1, 1, 0), &mut out);
            out.into_iter().map(|f| f.rule).collect::<Vec<_>>()
        };
        assert!(rules("m[0]", "%(value)s million").is_empty());
        assert!(rules("d[0]", "%d mois").is_empty());
        assert_eq!(rules("f[0]", "%d fichier"), ["inconsistent-translation"]);
        assert_eq!(
            rules("u[0]", "Ouvrir le fichier"),
            ["inconsistent-translation"]
        );
    }

    #[test]
    fn gettext_contexts_make_different_strings() {
        let ctx = |id: &str, c: Option<&str>, tgt: &str| {
            let mut s = seg(id, "Open", tgt).unwrap();
            s.context = c.map(str::to_string);
            Ok(s)
        };
        let c = Consistency::scan(
            vec![
                ctx("menu|Open", Some("menu"), "Ouvrir"),
                ctx("state|Open", Some("state"), "Ouvert"),
                ctx("Open", None, "Ouvrir"),
                ctx("menu|Open again", Some("menu"), "Ouvrez"),
            ]
            .into_iter(),
        );
        let mut out = Vec::new();
        c.findings_for(&Segment::plain("state|Open", "Ouvert", 1, 1, 0), &mut out);
        assert!(out.is_empty(), "{out:?}");
        // The same context and source still must agree.
        c.findings_for(&Segment::plain("menu|Open", "Ouvrir", 1, 1, 0), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, "inconsistent-translation");
        assert!(
            out[0].message.contains("menu|Open again"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn groups_are_reported_once_with_all_ids() {
        let c = Consistency::scan(
            vec![
                seg("1", "Save the file", "Enregistrer le fichier"),
                seg("2", "Open", "Ouvrir"),
                seg("3", "Save the file", "Sauvegarder le fichier"),
                seg("4", "Save  the file", "Enregistrer le fichier"),
                seg("5", "Open a file", "Ouvrir"),
            ]
            .into_iter(),
        );
        let mut out = Vec::new();
        c.findings_for(
            &Segment::plain("1", "Enregistrer le fichier", 1, 1, 0),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "inconsistent-translation");
        assert!(
            out[0].message.contains("segments 1, 3, 4"),
            "{}",
            out[0].message
        );
        out.clear();
        c.findings_for(&Segment::plain("2", "Ouvrir", 1, 1, 0), &mut out);
        assert_eq!(out[0].rule, "inconsistent-source");
        assert!(
            out[0].message.contains("segments 2, 5"),
            "{}",
            out[0].message
        );
        out.clear();
        c.findings_for(
            &Segment::plain("3", "Sauvegarder le fichier", 1, 1, 0),
            &mut out,
        );
        assert!(out.is_empty());
    }
}
