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
}

impl SourceIndex {
    /// Reads every segment of `path` as `format`. An error in the source file is an error of
    /// the target being checked (it names the source file).
    pub fn read(
        path: &str,
        format: InputFormat,
        opts: &ReadOptions,
    ) -> Result<SourceIndex, InputError> {
        // The source is read as a monolingual file: no pairing of its own.
        let opts = ReadOptions {
            source_file: None,
            ..opts.clone()
        };
        let doc = super::open(path, format, &opts)?;
        let mut index = SourceIndex {
            lang: doc.target_lang.clone(),
            ..SourceIndex::default()
        };
        for seg in doc.segments {
            let seg = seg?;
            if !index.by_id.contains_key(&seg.id) {
                index.order.push(seg.id.clone());
            }
            index.by_id.insert(seg.id, seg.text);
        }
        Ok(index)
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
            seg.source = source.by_id.get(&seg.id).cloned();
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
}
