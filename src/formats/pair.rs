//! Pairing a monolingual target file with a source file of the same strings (`--source PATH`):
//! `locales/en.json` with `locales/fr.json`, a source Markdown page with its translation, a
//! source subtitle file with the translated one. The segments of both files are matched by id
//! (the key of a resource string, the structural id of a document block, the cue number of a
//! subtitle); each target segment without a source of its own gets the text of the source
//! segment with the same id, so every source-aware check runs on it.
//!
//! The source file is read whole (its segments are kept in a map); the target stays streamed.

use super::{Document, InputFormat, ReadOptions};
use crate::input::{InputError, Segment};
use std::collections::HashMap;
use std::sync::Arc;

/// The segments of a source file by id, and the ids in file order.
#[derive(Debug, Default)]
pub struct SourceIndex {
    /// Source text by segment id.
    pub by_id: HashMap<String, String>,
    /// Every id, in file order (for reporting the ids the target lacks).
    pub order: Vec<String>,
    /// The language the source file names, as a primary subtag.
    pub lang: Option<String>,
    /// Subtitles: the source cues' display times (start, end in ms) and ids, sorted by start.
    pub timed: Vec<(u64, u64, String)>,
}

impl SourceIndex {
    /// Reads every segment of `path` as `format`. An error in the source file is an error of
    /// the target being checked (it names the source file).
    pub fn read(
        path: &str,
        format: InputFormat,
        opts: &ReadOptions,
    ) -> Result<SourceIndex, InputError> {
        // The source is read as a monolingual file: no pairing of its own; its text is in the
        // source language (`--source-lang`), never in the target's (`--lang`).
        let opts = ReadOptions {
            source_file: None,
            target_lang: opts.source_lang.clone(),
            ..opts.clone()
        };
        let doc = super::open(path, format, &opts)?;
        let mut index = SourceIndex {
            lang: doc.target_lang.clone(),
            ..SourceIndex::default()
        };
        for seg in doc.segments {
            let seg = seg?;
            if let Some((start, end)) = seg.timing {
                index.timed.push((start, end, seg.id.clone()));
            }
            if !index.by_id.contains_key(&seg.id) {
                index.order.push(seg.id.clone());
            }
            index.by_id.insert(seg.id, seg.text);
        }
        index.timed.sort();
        if index.lang.is_none() {
            // A file that names no language (Markdown, subtitles, plain text): detected from
            // its first few KiB of text, when the detection is reliable (a wrong source
            // language would mislead the untranslated-text checks; none turns them off).
            let mut sample = String::new();
            for id in &index.order {
                if sample.len() > 4096 {
                    break;
                }
                sample.push_str(&index.by_id[id]);
                sample.push('\n');
            }
            index.lang = whatlang::detect(&sample)
                .filter(whatlang::Info::is_reliable)
                .and_then(|i| crate::lang::from_whatlang(i.lang()))
                .map(|l| l.code.to_string());
        }
        Ok(index)
    }

    /// The source text for a target segment: for a subtitle cue, the source cue shown longest
    /// during it (cue numbers differ when a translation splits or merges cues; times rarely
    /// move), else the segment of the same id.
    pub fn source_for(&self, seg: &Segment) -> Option<&String> {
        if let Some((start, end)) = seg.timing
            && !self.timed.is_empty()
        {
            // Source cues starting before this one ends; the few before that point are the
            // ones that can overlap it (cues rarely overlap more than a handful of others).
            let upto = self.timed.partition_point(|c| c.0 < end.max(start + 1));
            let best = self.timed[upto.saturating_sub(32)..upto]
                .iter()
                .map(|c| {
                    (
                        c.1.min(end.max(start + 1)).saturating_sub(c.0.max(start)),
                        c,
                    )
                })
                .filter(|(overlap, _)| *overlap > 0)
                .max_by_key(|(overlap, c)| (*overlap, std::cmp::Reverse(c.0)));
            if let Some((_, c)) = best {
                return self.by_id.get(&c.2);
            }
        }
        self.by_id.get(&seg.id)
    }
}

/// The format a source file is read as: by its own extension, else the target's.
pub fn source_format(source: &str, target_format: InputFormat) -> InputFormat {
    match InputFormat::detect(source) {
        InputFormat::Plain => target_format,
        f => f,
    }
}

/// `doc` with each segment that has no source given the source segment of the same id.
/// The document's source language becomes the source file's when it names none.
pub fn pair(mut doc: Document, source: Arc<SourceIndex>) -> Document {
    if doc.source_lang.is_none() {
        doc.source_lang = source.lang.clone();
    }
    let segments = doc.segments;
    doc.segments = Box::new(segments.map(move |seg: Result<Segment, InputError>| {
        let mut seg = seg?;
        if seg.source.is_none() {
            seg.source = source.source_for(&seg).cloned();
        }
        Ok(seg)
    }));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_files_pair_line_by_line() {
        let dir = std::env::temp_dir().join(format!("mtlint-pair-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (src, tgt) = (dir.join("en.txt"), dir.join("fr.txt"));
        std::fs::write(&src, "Open the file.\nSave it.\n").unwrap();
        std::fs::write(&tgt, "Ouvrez le fichier.\n\nEnregistrez-le.\n").unwrap();
        let opts = ReadOptions {
            source_file: Some(src.to_str().unwrap().to_string()),
            ..ReadOptions::default()
        };
        let doc = super::super::open(tgt.to_str().unwrap(), InputFormat::Plain, &opts).unwrap();
        let segs: Vec<Segment> = doc.segments.map(Result::unwrap).collect();
        assert_eq!(segs[0].source.as_deref(), Some("Open the file."));
        // Line 3 of the target has no line 3 in the source.
        assert_eq!(segs[1].id, "3");
        assert_eq!(segs[1].source, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn subtitle_cues_pair_by_time_before_number() {
        let dir = std::env::temp_dir().join(format!("mtlint-pair-srt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (src, tgt) = (dir.join("en.srt"), dir.join("fr.srt"));
        std::fs::write(
            &src,
            "1\n00:00:01,000 --> 00:00:03,000\nHello.\n\n2\n00:00:04,000 --> 00:00:08,000\nThe ship leaves at 6.\n\n3\n00:00:09,000 --> 00:00:10,000\nBye.\n",
        )
        .unwrap();
        // The translation dropped the first cue and renumbered; the last one is retimed a little.
        std::fs::write(
            &tgt,
            "1\n00:00:04,000 --> 00:00:08,000\nLe bateau part à 6 h.\n\n2\n00:00:08,900 --> 00:00:10,200\nAu revoir.\n\n3\n00:00:20,000 --> 00:00:21,000\nFin.\n",
        )
        .unwrap();
        let opts = ReadOptions {
            source_file: Some(src.to_str().unwrap().to_string()),
            ..ReadOptions::default()
        };
        let doc = super::super::open(tgt.to_str().unwrap(), InputFormat::Srt, &opts).unwrap();
        let got: Vec<Option<String>> = doc.segments.map(|s| s.unwrap().source).collect();
        assert_eq!(
            got,
            [
                Some("The ship leaves at 6.".to_string()),
                Some("Bye.".to_string()),
                // No source cue at that time: the cue of the same number.
                Some("Bye.".to_string()),
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
