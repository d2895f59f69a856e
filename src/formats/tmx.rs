//! TMX 1.4 translation memories.
//!
//! One segment per `<tu>`: id = its `tuid`, else its 1-based number in the file. Each `<tuv>`
//! (`xml:lang`, or TMX 1.1's `lang`) holds a `<seg>` whose inline `<bpt>`, `<ept>`, `<ph>`,
//! `<it>` and `<ut>` become placeholders and whose `<hi>` content stays text (see `xml.rs`).
//!
//! The language pair: [`ReadOptions::source_lang`], else the header's `srclang` (unless
//! `*all*`), else the first language of the first unit; [`ReadOptions::target_lang`], else the
//! first language other than the source met in the file (decided once, by looking ahead before
//! the first segment is returned, and kept for the whole file). Languages match by primary
//! subtag, case-insensitively (`en-US` ≈ `en`), an exact match winning over a primary-subtag
//! one. A unit without the target language gives an empty target placed at its `<tu>` tag; one
//! with neither language is skipped.

use super::xml::{Inline, Tag, Tok, XmlDoc};
use super::{Document, ReadOptions, TextBuilder, primary_lang, segment};
use crate::input::{InputError, Segment};

/// How well language tag `lang` matches `wanted`: 2 exact, 1 same primary subtag, 0 not.
fn rank(lang: Option<&str>, wanted: Option<&str>) -> u8 {
    let (Some(lang), Some(wanted)) = (lang, wanted) else {
        return 0;
    };
    let norm = |s: &str| s.trim().replace('_', "-").to_ascii_lowercase();
    if norm(lang) == norm(wanted) {
        2
    } else if primary_lang(lang).is_some() && primary_lang(lang) == primary_lang(wanted) {
        1
    } else {
        0
    }
}

/// The language of a `<tuv>`.
fn tuv_lang(doc: &mut XmlDoc, t: &Tag) -> Result<Option<String>, InputError> {
    Ok(match doc.attr(t, "xml:lang")? {
        Some(l) => Some(l),
        None => doc.attr(t, "lang")?,
    })
}

/// Opens a TMX document and decides the language pair.
pub(crate) fn read(mut doc: XmlDoc, opts: &ReadOptions) -> Result<Document, InputError> {
    let root = loop {
        match doc.next()? {
            Tok::Start(t) => break t,
            Tok::Eof => return Err(doc.error(0, "no root element")),
            _ => {}
        }
    };
    if doc.name(&root) != "tmx" {
        let name = doc.name(&root).to_string();
        return Err(doc.error(
            root.at,
            format!("not a TMX file: the root element is <{name}>"),
        ));
    }
    let mut source = opts.source_lang.clone();
    let mut target = opts.target_lang.clone();
    let mut done = root.empty;
    if !root.empty {
        // The header comes first; read it.
        loop {
            let probe = doc.clone();
            match doc.next()? {
                Tok::Start(t) if doc.name(&t) == "header" => {
                    let src = doc
                        .attr(&t, "srclang")?
                        .filter(|s| !s.eq_ignore_ascii_case("*all*"));
                    source = source.or(src);
                    doc.skip(&t)?;
                    break;
                }
                Tok::Start(_) | Tok::End { .. } => {
                    doc = probe;
                    break;
                }
                Tok::Eof => {
                    done = true;
                    break;
                }
                _ => {}
            }
        }
    }
    if !done && (source.is_none() || target.is_none()) {
        // Look ahead (on a copy) for the first unit that names the missing language(s). An error
        // here is left for the real pass to report in order.
        let mut probe = doc.clone();
        let mut saw_units = false;
        'scan: while let Ok(tok) = probe.next() {
            let t = match tok {
                Tok::Start(t) if probe.name(&t) == "tuv" => t,
                Tok::Start(t) => {
                    saw_units |= probe.name(&t) == "tu";
                    continue;
                }
                Tok::Eof => break,
                _ => continue,
            };
            let Ok(Some(lang)) = tuv_lang(&mut probe, &t) else {
                continue;
            };
            if source.is_none() {
                source = Some(lang);
            } else if target.is_none() && rank(Some(&lang), source.as_deref()) == 0 {
                target = Some(lang);
            }
            if source.is_some() && target.is_some() {
                break 'scan;
            }
        }
        if saw_units && target.is_none() {
            let at = root.at;
            return Err(doc.error(
                at,
                format!(
                    "no target language: every unit is in {} only",
                    source.as_deref().unwrap_or("one language")
                ),
            ));
        }
    }
    Ok(Document {
        source_lang: source.as_deref().and_then(primary_lang),
        target_lang: target.as_deref().and_then(primary_lang),
        segments: Box::new(TmxReader {
            doc,
            source,
            target,
            done,
            units: 0,
        }),
    })
}

struct TmxReader {
    doc: XmlDoc,
    source: Option<String>,
    target: Option<String>,
    done: bool,
    units: usize,
}

impl TmxReader {
    /// The next segment, if the next token starts a unit that gives one.
    fn step(&mut self) -> Result<Option<Segment>, InputError> {
        let t = match self.doc.next()? {
            Tok::Start(t) if self.doc.name(&t) == "tu" => t,
            Tok::Eof => {
                self.done = true;
                return Ok(None);
            }
            _ => return Ok(None),
        };
        self.units += 1;
        let id = self
            .doc
            .attr(&t, "tuid")?
            .unwrap_or_else(|| self.units.to_string());
        let tu_at = self.doc.pos(t.at);
        if t.empty {
            return Ok(None);
        }
        let mut src: Option<(u8, Option<Inline>)> = None;
        let mut tgt: Option<(u8, Option<Inline>, super::Pos)> = None;
        loop {
            match self.doc.next()? {
                Tok::Start(c) if self.doc.name(&c) == "tuv" => {
                    let lang = tuv_lang(&mut self.doc, &c)?;
                    let rs = rank(lang.as_deref(), self.source.as_deref());
                    let rt = rank(lang.as_deref(), self.target.as_deref());
                    let at = self.doc.pos(c.at);
                    let seg = self.tuv(&c)?;
                    if rs > 0 && rs >= rt {
                        if src.as_ref().is_none_or(|(r, _)| *r < rs) {
                            src = Some((rs, seg));
                        }
                    } else if rt > 0 && tgt.as_ref().is_none_or(|(r, _, _)| *r < rt) {
                        tgt = Some((rt, seg, at));
                    }
                }
                Tok::Start(c) => self.doc.skip(&c)?,
                Tok::End { .. } => break,
                Tok::Eof => return Err(self.doc.error(t.at, "element <tu> is not closed")),
                _ => {}
            }
        }
        if src.is_none() && tgt.is_none() {
            return Ok(None);
        }
        let empty = |p| TextBuilder::default().finish(p, p);
        let target = match tgt {
            Some((_, Some(inl), _)) => inl.whole,
            Some((_, None, at)) => empty(at),
            None => empty(tu_at),
        };
        let source = src.map(|(_, s)| s.map(|i| i.whole.text).unwrap_or_default());
        Ok(Some(segment(id, target, source, false)))
    }

    /// The `<seg>` of a `<tuv>`.
    fn tuv(&mut self, t: &Tag) -> Result<Option<Inline>, InputError> {
        let mut seg = None;
        if t.empty {
            return Ok(None);
        }
        loop {
            match self.doc.next()? {
                Tok::Start(c) if self.doc.name(&c) == "seg" => {
                    seg = Some(self.doc.inline(&c, false)?)
                }
                Tok::Start(c) => self.doc.skip(&c)?,
                Tok::End { .. } => return Ok(seg),
                Tok::Eof => return Err(self.doc.error(t.at, "element <tuv> is not closed")),
                _ => {}
            }
        }
    }
}

impl Iterator for TmxReader {
    type Item = Result<Segment, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.step() {
                Ok(Some(s)) => return Some(Ok(s)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;

    const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/>
  <body>
    <tu tuid="greet">
      <tuv xml:lang="en-US"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept></seg></tuv>
      <tuv xml:lang="de-DE"><seg>Hallo <bpt i="1">&lt;b&gt;</bpt>Welt<ept i="1">&lt;/b&gt;</ept></seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Bonjour <bpt i="1">&lt;b&gt;</bpt>le monde<ept i="1">&lt;/b&gt;</ept></seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr-FR"><seg>Fichiers &amp; <ph x="1">%s</ph> <hi type="x">dossiers</hi></seg></tuv>
      <tuv xml:lang="EN"><seg>Files &amp; <ph x="1">%s</ph> folders</seg></tuv>
    </tu>
    <tu tuid="only-en"><tuv xml:lang="en"><seg>Alone</seg></tuv></tu>
  </body>
</tmx>"#;

    fn read_str(s: &str, opts: &ReadOptions) -> (Document, Vec<Segment>) {
        let mut d = read(
            XmlDoc::new("t.tmx", s.as_bytes().to_vec(), 0).unwrap(),
            opts,
        )
        .unwrap();
        let segs: Vec<Segment> = std::mem::replace(&mut d.segments, Box::new(std::iter::empty()))
            .map(Result::unwrap)
            .collect();
        check_positions(s, &segs, "<&");
        (d, segs)
    }

    /// A TMX whose elements carry a prefix bound to the root's namespace reads as the
    /// unprefixed file does.
    #[test]
    fn namespace_prefixed_tmx() {
        let re = regex::Regex::new(r"<(/?)([A-Za-z])").unwrap();
        let s = re
            .replace_all(TMX, "<${1}t:$2")
            .replace("<t:tmx ", "<t:tmx xmlns:t=\"http://www.lisa.org/tmx14\" ");
        let (d, segs) = read_str(&s, &ReadOptions::default());
        let (_, plain) = read_str(TMX, &ReadOptions::default());
        assert_eq!(
            (d.source_lang.as_deref(), d.target_lang.as_deref()),
            (Some("en"), Some("de"))
        );
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        let want: Vec<(&str, &str)> = plain
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn default_pair_is_srclang_and_first_other_language() {
        let (d, segs) = read_str(TMX, &ReadOptions::default());
        assert_eq!(
            (d.source_lang.as_deref(), d.target_lang.as_deref()),
            (Some("en"), Some("de"))
        );
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("greet", "Hallo {bpt1}Welt{ept1}"),
                ("2", ""),
                ("only-en", "")
            ]
        );
        assert_eq!(segs[1].source.as_deref(), Some("Files & {ph1} folders"));
    }

    #[test]
    fn options_choose_the_pair() {
        let opts = ReadOptions {
            target_lang: Some("fr".into()),
            ..ReadOptions::default()
        };
        let (d, segs) = read_str(TMX, &opts);
        assert_eq!(d.target_lang.as_deref(), Some("fr"));
        assert_eq!(segs[0].text, "Bonjour {bpt1}le monde{ept1}");
        assert_eq!(segs[1].text, "Fichiers & {ph1} dossiers");
        assert_eq!((segs[1].line, segs[1].column), (11, 34));
        let opts = ReadOptions {
            source_lang: Some("fr-FR".into()),
            target_lang: Some("en".into()),
            ..ReadOptions::default()
        };
        let (_, segs) = read_str(TMX, &opts);
        assert_eq!(segs[1].text, "Files & {ph1} folders");
        assert_eq!(segs[2].source, None);
    }

    #[test]
    fn one_language_only_is_an_error() {
        let s = "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu></body></tmx>";
        let e = read(
            XmlDoc::new("t.tmx", s.as_bytes().to_vec(), 0).unwrap(),
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("no target language"), "{e}");
        let s = "<tmx version=\"1.4\"><header srclang=\"*all*\"/><body/></tmx>";
        let (d, segs) = read_str(s, &ReadOptions::default());
        assert!(segs.is_empty() && d.target_lang.is_none());
    }
}
