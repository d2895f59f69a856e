//! Consistency across a bilingual file: the same source translated differently, and different
//! sources given the same translation. A first pass over the file finds the groups; each is
//! reported once, on its first segment, with all the segment ids.

use crate::finding::Finding;
use crate::input::{InputError, Segment};
use std::collections::{BTreeMap, HashMap};

/// Consistency findings by segment id.
#[derive(Debug, Default)]
pub struct Consistency {
    by_segment: HashMap<String, Vec<(&'static str, String)>>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_words(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Groups of (key → list of (segment id, other side)) where the other side varies.
fn inconsistent(pairs: &[(String, String, String)], by_source: bool) -> Vec<Vec<(String, String)>> {
    let mut groups: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (id, src, tgt) in pairs {
        let (key, other) = if by_source { (src, tgt) } else { (tgt, src) };
        let g = groups.entry(key.as_str()).or_insert_with(|| {
            order.push(key.as_str());
            Vec::new()
        });
        g.push((id.clone(), other.clone()));
    }
    order
        .into_iter()
        .filter_map(|k| {
            let g = groups.remove(k)?;
            let first = &g[0].1;
            g.iter().any(|(_, o)| o != first).then_some(g)
        })
        .collect()
}

impl Consistency {
    /// Scans the segments of one file (the first pass).
    pub fn scan(segments: impl Iterator<Item = Result<Segment, InputError>>) -> Consistency {
        let mut pairs = Vec::new();
        for seg in segments.map_while(Result::ok) {
            let Some(src) = seg.source.as_deref() else {
                continue;
            };
            let (s, t) = (norm(src), norm(&seg.text));
            if has_words(&s) && has_words(&t) {
                pairs.push((seg.id, s, t));
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
        for g in inconsistent(&pairs, true) {
            let ids: Vec<&str> = g.iter().map(|(id, _)| id.as_str()).collect();
            let mut variants: Vec<String> =
                g.iter().map(|(_, t)| format!("“{}”", clip(t))).collect();
            variants.dedup();
            variants.sort();
            variants.dedup();
            c.by_segment.entry(g[0].0.clone()).or_default().push((
                "inconsistent-translation",
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
                "inconsistent-source",
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

    /// Appends the consistency findings of segment `seg` (spanning its whole text).
    pub fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>) {
        let Some(notes) = self.by_segment.get(&seg.id) else {
            return;
        };
        let start = seg.text.len() - seg.text.trim_start().len();
        let end = seg.text.trim_end().len().max(start);
        for (rule, msg) in notes {
            out.push(crate::checks::finding(rule, start..end, msg.clone()));
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
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
