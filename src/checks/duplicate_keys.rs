//! A key defined twice in one resource file with two different texts (`duplicate-key`). The
//! application shows only one of them, and which one depends on the loader: JavaScript's
//! `JSON.parse`, Java's `Properties` and Apple's `.strings` keep the last, a YAML 1.2 parser
//! refuses the file, Android's resource compiler fails the build. Merged translation files and
//! hand-edited machine output are where it happens. A file pass over keyed resource formats only
//! (document blocks and subtitle cues have no keys); the same key with the same text twice loses
//! nothing and is not reported.

use super::{FileNotes, FilePass, Rule, finding};
use crate::finding::Finding;
use crate::input::{InputError, Segment};
use std::collections::HashMap;

/// See the `duplicate-key` rule in data/rules.toml.
pub struct DuplicateKeyPass;

/// The later definitions of a key, by (id, offset), with the line and text of the first one.
#[derive(Debug, Default)]
struct Duplicates {
    later: HashMap<(String, u64), (usize, String)>,
}

/// Cuts a text quoted in a message to about 60 characters, on one line.
fn quote(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

impl FilePass for DuplicateKeyPass {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::DuplicateKey]
    }

    fn keyed_only(&self) -> bool {
        true
    }

    fn scan(
        &self,
        segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
    ) -> Box<dyn FileNotes> {
        // The first definition of each key: its line and text.
        let mut first: HashMap<String, (usize, String)> = HashMap::new();
        let mut later = HashMap::new();
        for seg in segments {
            // A file that fails part-way: what was read is still a fact about the file.
            let Ok(seg) = seg else { break };
            match first.get(&seg.id) {
                Some((line, text)) if *text != seg.text => {
                    later.insert((seg.id, seg.offset), (*line, text.clone()));
                }
                Some(_) => {}
                None => {
                    first.insert(seg.id, (seg.line, seg.text));
                }
            }
        }
        Box::new(Duplicates { later })
    }
}

impl FileNotes for Duplicates {
    fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>) {
        if self.later.is_empty() {
            return;
        }
        if let Some((line, text)) = self.later.get(&(seg.id.clone(), seg.offset)) {
            out.push(finding(
                Rule::DuplicateKey,
                0..seg.text.len(),
                format!(
                    "The key `{}` is defined again, with another text: on line {line} it is \
                     “{}”. The application shows only one of the two.",
                    seg.id,
                    quote(text)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: &str, text: &str, line: usize, offset: u64) -> Segment {
        Segment::plain(id, text, line, 1, offset)
    }

    fn run(segs: Vec<Segment>) -> Vec<(String, String)> {
        let notes = DuplicateKeyPass.scan(&mut segs.clone().into_iter().map(Ok));
        let mut found = Vec::new();
        for s in &segs {
            let mut out = Vec::new();
            notes.findings_for(s, &mut out);
            found.extend(out.into_iter().map(|f| (s.id.clone(), f.message)));
        }
        found
    }

    #[test]
    fn a_key_redefined_with_another_text_is_reported_on_the_later_one() {
        let found = run(vec![
            seg("save", "Enregistrer", 1, 0),
            seg("open", "Ouvrir", 2, 20),
            seg("save", "Sauvegarder", 3, 40),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "save");
        assert!(
            found[0].1.contains("on line 1 it is “Enregistrer”"),
            "{found:?}"
        );
    }

    #[test]
    fn distinct_keys_plural_forms_and_identical_repeats_are_quiet() {
        let found = run(vec![
            seg("files[one]", "{count} fichier", 1, 0),
            seg("files[other]", "{count} fichiers", 2, 20),
            seg("ok", "OK", 3, 40),
            seg("ok", "OK", 4, 50),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
