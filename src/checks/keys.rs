//! Keys of a resource file against its source (`--source`): a key of the source that the
//! target lacks (`missing-key`), a key of the target the source lacks (`extra-key`). A file
//! pass: the target's ids are all read before its findings are placed. Without a source file,
//! nothing. Plural forms vary by language (French adds `many`, Russian has `few` and `many`), so
//! a key that is one plural form (`files[few]`, i18next `files_few`) counts as present when any
//! form of the same key is.

use super::{FileNotes, FilePass, Rule, finding};
use crate::finding::Finding;
use crate::formats::pair::SourceIndex;
use crate::input::{InputError, Segment};
use std::collections::HashSet;

/// See the `missing-key` and `extra-key` rules in data/rules.toml.
pub struct KeyPass;

/// What the pass learnt from one target file and its source.
#[derive(Debug, Default)]
struct Keys {
    /// The first segment of the target (id and offset): where the missing keys are reported.
    first: Option<(String, u64)>,
    /// The source's keys the target lacks, with their source text, in source order.
    missing: Vec<(String, String)>,
    /// The source's keys and their plural bases (`None`: no source file, nothing to report).
    source_ids: Option<HashSet<String>>,
}

/// The key of a plural form without its form (`files[one]` → `files`, `count_few` → `count`),
/// or the key itself.
fn plural_base(id: &str) -> &str {
    const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
    for f in FORMS {
        if let Some(b) = id.strip_suffix(&format!("[{f}]")) {
            return b;
        }
        if let Some(b) = id.strip_suffix(&format!("_{f}")) {
            return b;
        }
    }
    id
}

/// Cuts a source text quoted in a message to about 80 characters.
fn quote(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

impl FilePass for KeyPass {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::MissingKey, Rule::ExtraKey]
    }

    fn scan(
        &self,
        _segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
    ) -> Box<dyn FileNotes> {
        Box::new(Keys::default())
    }

    fn scan_paired(
        &self,
        segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
        source: Option<&SourceIndex>,
    ) -> Box<dyn FileNotes> {
        let Some(source) = source else {
            return Box::new(Keys::default());
        };
        let mut first = None;
        let mut seen = HashSet::new();
        for seg in segments {
            // A file that fails part-way: its keys after the error are unknown, so none is
            // called missing.
            let Ok(seg) = seg else {
                return Box::new(Keys::default());
            };
            if first.is_none() {
                first = Some((seg.id.clone(), seg.offset));
            }
            seen.insert(plural_base(&seg.id).to_string());
            seen.insert(seg.id);
        }
        let missing = source
            .order
            .iter()
            .filter(|id| !seen.contains(*id) && !seen.contains(plural_base(id)))
            .map(|id| (id.clone(), source.by_id[id].clone()))
            .collect();
        Box::new(Keys {
            first,
            missing,
            source_ids: Some(
                source
                    .order
                    .iter()
                    .flat_map(|id| [id.clone(), plural_base(id).to_string()])
                    .collect(),
            ),
        })
    }
}

impl FileNotes for Keys {
    fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>) {
        let Some(ids) = &self.source_ids else {
            return;
        };
        if self
            .first
            .as_ref()
            .is_some_and(|(id, off)| *id == seg.id && *off == seg.offset)
        {
            for (id, text) in &self.missing {
                out.push(finding(
                    Rule::MissingKey,
                    0..0,
                    format!(
                        "The key `{id}` of the source is missing from this file (source: “{}”).",
                        quote(text)
                    ),
                ));
            }
        }
        if !ids.contains(&seg.id) && !ids.contains(plural_base(&seg.id)) {
            out.push(finding(
                Rule::ExtraKey,
                0..seg.text.len(),
                format!("The key `{}` is not in the source file.", seg.id),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: &str, text: &str, offset: u64) -> Segment {
        Segment::plain(id, text, 1, 1, offset)
    }

    #[test]
    fn missing_and_extra_keys_against_the_source() {
        let mut source = SourceIndex::default();
        for (id, text) in [
            ("title", "My notes"),
            ("save", "Save"),
            ("delete", "Delete the note"),
        ] {
            source.order.push(id.into());
            source.by_id.insert(id.into(), text.into());
        }
        let target = vec![
            seg("title", "Mes notes", 10),
            seg("save", "Enregistrer", 40),
            seg("old.key", "Ancienne clé", 70),
        ];
        let notes = KeyPass.scan_paired(&mut target.clone().into_iter().map(Ok), Some(&source));
        let mut out = Vec::new();
        notes.findings_for(&target[0], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "missing-key");
        assert!(out[0].message.contains("`delete`"), "{}", out[0].message);
        assert!(out[0].message.contains("Delete the note"));
        out.clear();
        notes.findings_for(&target[1], &mut out);
        assert!(out.is_empty());
        notes.findings_for(&target[2], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "extra-key");
        assert_eq!(out[0].span, 0..13);
        // Plural forms vary by language: French `many` is not extra, English `few` not missing.
        let mut source = SourceIndex::default();
        for (id, text) in [("files[one]", "%d file"), ("files[other]", "%d files")] {
            source.order.push(id.into());
            source.by_id.insert(id.into(), text.into());
        }
        let target = vec![
            seg("files[one]", "%d fichier", 10),
            seg("files[many]", "%d de fichiers", 40),
            seg("files[other]", "%d fichiers", 70),
        ];
        let notes = KeyPass.scan_paired(&mut target.clone().into_iter().map(Ok), Some(&source));
        out.clear();
        for s in &target {
            notes.findings_for(s, &mut out);
        }
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(plural_base("count_few"), "count");
        assert_eq!(plural_base("settings.title"), "settings.title");
        // No source file: quiet.
        let notes = KeyPass.scan_paired(&mut target.clone().into_iter().map(Ok), None);
        out.clear();
        for s in &target {
            notes.findings_for(s, &mut out);
        }
        assert!(out.is_empty());
    }
}
