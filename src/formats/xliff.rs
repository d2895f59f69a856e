//! XLIFF 1.2 and 2.x.
//!
//! - 1.2: one segment per `<trans-unit>` (its `id`), text from its `<target>`, source from its
//!   `<source>`; `<alt-trans>` and other children are ignored. When the unit is segmented
//!   (`<seg-source>` with `<mrk mtype="seg" mid="…">`, as SDLXLIFF and other CAT tools write),
//!   one segment per `mid`, with id `unit-id/mid` when there are several. Languages come from the
//!   first `<file>`'s `source-language`/`target-language`. A `<target>` whose `state` starts
//!   with `needs-` (`needs-translation`, `needs-review-translation`, …) is fuzzy, as is an
//!   SDLXLIFF segment whose `sdl:seg` `conf` is `Draft`, `RejectedTranslation` or
//!   `RejectedSignOff`.
//! - 2.x: one segment per `<segment>` of a `<unit>`: id = the unit's id, plus `/segment-id`
//!   (or `/N`, 1-based) when the unit has several segments. Languages from `<xliff srcLang
//!   trgLang>`. `state="initial"` (written out) is fuzzy.
//!
//! A unit or segment without a target gives an empty target placed at the unit's start tag.
//! Units with `translate="no"` are skipped.
//!
//! Locked segments (checked only with `--include-locked`): 1.2 `approved="yes"` on the
//! `<trans-unit>`, a `<target>` whose `state` is `final` or `signed-off`, an SDLXLIFF `sdl:seg`
//! with `locked="true"` or `conf="ApprovedSignOff"`; 2.x `<segment state="final">`. A `<note>`
//! of the unit (1.2: in `<trans-unit>`; 2.x: in `<notes>`) holding `mtlint: ignore[…]`
//! suppresses findings in every segment of the unit (see [`crate::suppress`]). Inline codes become placeholders (see `xml.rs`).

use super::xml::{Inline, Tag, Tok, XmlDoc};
use super::{Document, Pos, TextBuilder, primary_lang, segment};
use crate::input::{InputError, Segment};
use crate::suppress::Suppression;
use std::collections::VecDeque;

/// Opens an XLIFF document: reads up to the languages, then streams the units.
pub(crate) fn read(mut doc: XmlDoc) -> Result<Document, InputError> {
    let root = loop {
        match doc.next()? {
            Tok::Start(t) => break t,
            Tok::Eof => return Err(doc.error(0, "no root element")),
            _ => {}
        }
    };
    let root_name = doc.name(&root).to_string();
    if root_name.rsplit(':').next() != Some("xliff") {
        return Err(doc.error(
            root.at,
            format!("not an XLIFF file: the root element is <{root_name}>"),
        ));
    }
    let mut source = doc.attr(&root, "srcLang")?;
    let mut target = doc.attr(&root, "trgLang")?;
    let mut pending = None;
    let mut done = root.empty;
    if source.is_none() && target.is_none() && !root.empty {
        // XLIFF 1.2: the languages are on <file>, which comes before any unit.
        loop {
            match doc.next()? {
                Tok::Start(t) if doc.name(&t) == "file" => {
                    source = doc.attr(&t, "source-language")?;
                    target = doc.attr(&t, "target-language")?;
                    break;
                }
                Tok::Start(t) if matches!(doc.name(&t), "trans-unit" | "unit") => {
                    pending = Some(t);
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
    Ok(Document {
        source_lang: source.as_deref().and_then(primary_lang),
        target_lang: target.as_deref().and_then(primary_lang),
        segments: Box::new(XliffReader {
            doc,
            pending,
            queue: VecDeque::new(),
            done,
            units: 0,
        }),
    })
}

struct XliffReader {
    doc: XmlDoc,
    /// A unit start tag read while looking for the languages.
    pending: Option<Tag>,
    queue: VecDeque<Segment>,
    done: bool,
    /// Units seen, for units without an id.
    units: usize,
}

fn empty_at(p: Pos) -> super::Built {
    TextBuilder::default().finish(p, p)
}

/// SDLXLIFF confirmation levels that mean "not final".
fn sdl_needs_review(conf: &str) -> bool {
    matches!(conf, "Draft" | "RejectedTranslation" | "RejectedSignOff")
}

/// One `<sdl:seg>` of `<sdl:seg-defs>`.
struct SdlSeg {
    /// Its `id`, the `mid` of the segment it describes.
    id: String,
    /// Confirmation level (`conf`), empty when absent.
    conf: String,
    /// `locked="true"`, or signed off (`conf="ApprovedSignOff"`).
    locked: bool,
}

/// XLIFF 1.2 target states that mean approved: the segment is locked.
fn final_state(state: &str) -> bool {
    matches!(state, "final" | "signed-off")
}

impl XliffReader {
    fn step(&mut self) -> Result<(), InputError> {
        let t = match self.pending.take() {
            Some(t) => t,
            None => match self.doc.next()? {
                Tok::Start(t) => t,
                Tok::Eof => {
                    self.done = true;
                    return Ok(());
                }
                _ => return Ok(()),
            },
        };
        match self.doc.name(&t) {
            "trans-unit" => self.unit12(t),
            "unit" => self.unit20(t),
            _ => Ok(()),
        }
    }

    /// The unit's id (or its number) and whether it is to be skipped.
    fn unit_id(&mut self, t: &Tag) -> Result<(String, bool), InputError> {
        self.units += 1;
        let id = self
            .doc
            .attr(t, "id")?
            .unwrap_or_else(|| self.units.to_string());
        let skip = self.doc.attr(t, "translate")?.as_deref() == Some("no");
        Ok((id, skip))
    }

    fn unit12(&mut self, t: Tag) -> Result<(), InputError> {
        let (id, skip) = self.unit_id(&t)?;
        let unit_at = self.doc.pos(t.at);
        if skip || t.empty {
            return self.doc.skip(&t);
        }
        let mut source: Option<Inline> = None;
        let mut seg_source: Option<Inline> = None;
        let mut target: Option<Inline> = None;
        let mut fuzzy = false;
        let mut locked = self.doc.attr(&t, "approved")?.as_deref() == Some("yes");
        let mut suppress = None;
        let mut conf: Vec<SdlSeg> = Vec::new();
        loop {
            match self.doc.next()? {
                Tok::Start(c) => match self.doc.name(&c) {
                    "source" => source = Some(self.doc.inline(&c, false)?),
                    "seg-source" => seg_source = Some(self.doc.inline(&c, true)?),
                    "target" => {
                        let state = self.doc.attr(&c, "state")?.unwrap_or_default();
                        fuzzy = state.starts_with("needs-");
                        locked |= final_state(&state);
                        target = Some(self.doc.inline(&c, true)?);
                    }
                    "note" => {
                        let line = self.doc.pos(c.at).line;
                        let note = self.doc.inline(&c, false)?;
                        let here = Suppression::find(&note.whole.text, line);
                        suppress = Suppression::merge(suppress, here);
                    }
                    "sdl:seg-defs" => self.sdl_defs(&c, &mut conf)?,
                    _ => self.doc.skip(&c)?,
                },
                Tok::End { .. } => break,
                Tok::Eof => return Err(self.doc.error(t.at, "element <trans-unit> is not closed")),
                _ => {}
            }
        }
        let segmented = seg_source.as_ref().is_some_and(|s| !s.segs.is_empty())
            && target
                .as_ref()
                .is_none_or(|t| !t.segs.is_empty() || t.whole.text.is_empty());
        if segmented {
            let srcs = seg_source.map(|s| s.segs).unwrap_or_default();
            let (mut tsegs, tat) = match target {
                Some(t) => (t.segs, t.content_at),
                None => (Vec::new(), unit_at),
            };
            let several = srcs.len() > 1;
            for (mid, src) in srcs {
                let tgt = match tsegs.iter().position(|(m, _)| *m == mid) {
                    Some(k) => tsegs.remove(k).1,
                    None => empty_at(tat),
                };
                let def = conf.iter().find(|d| d.id == mid);
                let review = def.is_some_and(|d| sdl_needs_review(&d.conf));
                let sid = if several {
                    format!("{id}/{mid}")
                } else {
                    id.clone()
                };
                let mut seg = segment(sid, tgt, Some(src.text), fuzzy || review);
                seg.locked = locked || def.is_some_and(|d| d.locked);
                seg.suppress = suppress.clone();
                self.queue.push_back(seg);
            }
            return Ok(());
        }
        if source.is_none() && target.is_none() {
            return Ok(());
        }
        let tgt = target.map_or_else(|| empty_at(unit_at), |t| t.whole);
        let review = conf.iter().any(|d| sdl_needs_review(&d.conf));
        let mut seg = segment(id, tgt, source.map(|s| s.whole.text), fuzzy || review);
        seg.locked = locked || (!conf.is_empty() && conf.iter().all(|d| d.locked));
        seg.suppress = suppress;
        self.queue.push_back(seg);
        Ok(())
    }

    /// `<sdl:seg-defs>`: the confirmation level and lock of each segment.
    fn sdl_defs(&mut self, t: &Tag, conf: &mut Vec<SdlSeg>) -> Result<(), InputError> {
        if t.empty {
            return Ok(());
        }
        loop {
            match self.doc.next()? {
                Tok::Start(c) => {
                    if self.doc.name(&c) == "sdl:seg"
                        && let Some(id) = self.doc.attr(&c, "id")?
                    {
                        let level = self.doc.attr(&c, "conf")?.unwrap_or_default();
                        let locked = self.doc.attr(&c, "locked")?.as_deref() == Some("true")
                            || level == "ApprovedSignOff";
                        conf.push(SdlSeg {
                            id,
                            conf: level,
                            locked,
                        });
                    }
                    self.doc.skip(&c)?;
                }
                Tok::End { .. } => return Ok(()),
                Tok::Eof => return Err(self.doc.error(t.at, "element is not closed")),
                _ => {}
            }
        }
    }

    fn unit20(&mut self, t: Tag) -> Result<(), InputError> {
        let (id, skip) = self.unit_id(&t)?;
        if skip || t.empty {
            return self.doc.skip(&t);
        }
        struct Seg20 {
            id: Option<String>,
            fuzzy: bool,
            locked: bool,
            at: Pos,
            source: Option<Inline>,
            target: Option<Inline>,
        }
        let mut segs: Vec<Seg20> = Vec::new();
        let mut suppress = None;
        loop {
            match self.doc.next()? {
                Tok::Start(c) if self.doc.name(&c) == "segment" => {
                    let state = self.doc.attr(&c, "state")?;
                    let mut s = Seg20 {
                        id: self.doc.attr(&c, "id")?,
                        fuzzy: state.as_deref() == Some("initial"),
                        locked: state.as_deref() == Some("final"),
                        at: self.doc.pos(c.at),
                        source: None,
                        target: None,
                    };
                    if !c.empty {
                        loop {
                            match self.doc.next()? {
                                Tok::Start(e) => match self.doc.name(&e) {
                                    "source" => s.source = Some(self.doc.inline(&e, false)?),
                                    "target" => s.target = Some(self.doc.inline(&e, false)?),
                                    _ => self.doc.skip(&e)?,
                                },
                                Tok::End { .. } => break,
                                Tok::Eof => {
                                    return Err(self
                                        .doc
                                        .error(c.at, "element <segment> is not closed"));
                                }
                                _ => {}
                            }
                        }
                    }
                    segs.push(s);
                }
                Tok::Start(c) if self.doc.name(&c) == "notes" && !c.empty => loop {
                    match self.doc.next()? {
                        Tok::Start(n) if self.doc.name(&n) == "note" => {
                            let line = self.doc.pos(n.at).line;
                            let note = self.doc.inline(&n, false)?;
                            let here = Suppression::find(&note.whole.text, line);
                            suppress = Suppression::merge(suppress, here);
                        }
                        Tok::Start(n) => self.doc.skip(&n)?,
                        Tok::End { .. } => break,
                        Tok::Eof => {
                            return Err(self.doc.error(c.at, "element <notes> is not closed"));
                        }
                        _ => {}
                    }
                },
                Tok::Start(c) => self.doc.skip(&c)?,
                Tok::End { .. } => break,
                Tok::Eof => return Err(self.doc.error(t.at, "element <unit> is not closed")),
                _ => {}
            }
        }
        let several = segs.len() > 1;
        for (k, s) in segs.into_iter().enumerate() {
            let sid = match (several, s.id) {
                (false, _) => id.clone(),
                (true, Some(sid)) => format!("{id}/{sid}"),
                (true, None) => format!("{id}/{}", k + 1),
            };
            let tgt = s.target.map_or_else(|| empty_at(s.at), |t| t.whole);
            let mut seg = segment(sid, tgt, s.source.map(|s| s.whole.text), s.fuzzy);
            seg.locked = s.locked;
            seg.suppress = suppress.clone();
            self.queue.push_back(seg);
        }
        Ok(())
    }
}

impl Iterator for XliffReader {
    type Item = Result<Segment, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(s) = self.queue.pop_front() {
                return Some(Ok(s));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.step() {
                self.done = true;
                self.queue.clear();
                return Some(Err(e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;
    use crate::input::InputErrorKind;

    fn read_str(s: &str) -> (Document, Vec<Result<Segment, InputError>>) {
        let mut d = read(XmlDoc::new("t.xlf", s.as_bytes().to_vec(), 0).unwrap()).unwrap();
        let segs = std::mem::replace(&mut d.segments, Box::new(std::iter::empty())).collect();
        (d, segs)
    }

    fn ok(s: &str) -> (Document, Vec<Segment>) {
        let (d, segs) = read_str(s);
        let segs: Vec<Segment> = segs.into_iter().map(Result::unwrap).collect();
        check_positions(s, &segs, "<&");
        (d, segs)
    }

    const V12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" target-language="fr-FR" datatype="plaintext" original="ui">
    <body>
      <trans-unit id="save">
        <source>Save <g id="1">all</g> files</source>
        <target state="translated">Enregistrer <g id="1">tous</g> les fichiers</target>
        <alt-trans><target>Sauver</target></alt-trans>
      </trans-unit>
      <trans-unit id="n"><source>5 &amp; 6<x id="2"/></source><target state="needs-review-translation">5 &amp; 6<x id="2"/></target></trans-unit>
      <trans-unit id="cdata"><source>a</source><target><![CDATA[<b>gras</b>]]> &#233;t&#xE9;</target></trans-unit>
      <trans-unit id="none"><source>Untranslated</source></trans-unit>
      <trans-unit id="skip" translate="no"><source>X</source><target>X</target></trans-unit>
    </body>
  </file>
</xliff>
"#;

    /// `<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2">` with `x:` on every element
    /// reads as the unprefixed file does (it used to give no segment at all); an element of
    /// another namespace with a known local name is not a unit.
    #[test]
    fn namespace_prefixed_xliff() {
        let re = regex::Regex::new(r"<(/?)([A-Za-z])").unwrap();
        let s = re
            .replace_all(V12, "<${1}x:$2")
            .replace("<x:b>gras</x:b>", "<b>gras</b>")
            .replace("xmlns=\"urn", "xmlns:y=\"urn:other\" xmlns:x=\"urn")
            .replace(
                "<x:trans-unit id=\"none\">",
                "<y:trans-unit id=\"other\"><x:source>Y</x:source></y:trans-unit><x:trans-unit id=\"none\">",
            );
        let (d, segs) = ok(&s);
        let (_, plain) = ok(V12);
        assert_eq!(
            (d.source_lang.as_deref(), d.target_lang.as_deref()),
            (Some("en"), Some("fr"))
        );
        let got: Vec<(&str, &str, Option<&str>)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str(), s.source.as_deref()))
            .collect();
        let want: Vec<(&str, &str, Option<&str>)> = plain
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str(), s.source.as_deref()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn xliff_12_units() {
        let (d, segs) = ok(V12);
        assert_eq!(
            (d.source_lang.as_deref(), d.target_lang.as_deref()),
            (Some("en"), Some("fr"))
        );
        let ids: Vec<&str> = segs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["save", "n", "cdata", "none"]);
        assert_eq!(segs[0].text, "Enregistrer {g1}tous{/g1} les fichiers");
        assert_eq!(segs[0].source.as_deref(), Some("Save {g1}all{/g1} files"));
        assert_eq!((segs[0].line, segs[0].column), (7, 36));
        assert!(!segs[0].fuzzy && segs[1].fuzzy);
        assert_eq!(segs[1].text, "5 & 6{x2}");
        assert_eq!(segs[2].text, "<b>gras</b> été");
        assert_eq!(
            (segs[3].text.as_str(), segs[3].line, segs[3].column),
            ("", 12, 7)
        );
    }

    #[test]
    fn xliff_20_segments() {
        let s = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
 <file id="f1">
  <unit id="u1">
   <segment id="s1" state="initial"><source>Hello <pc id="1">world</pc>.</source><target>Привет <pc id="1">мир</pc>.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source>Bye<ph id="2"/></source><target>Пока<ph id="2"/> <mrk id="m1" translate="no">Mozilla</mrk><sc id="3"/>x<ec startRef="3"/></target></segment>
  </unit>
  <unit id="u2"><segment state="translated"><source>One</source></segment></unit>
 </file>
</xliff>"#;
        let (d, segs) = ok(s);
        assert_eq!(
            (d.source_lang.as_deref(), d.target_lang.as_deref()),
            (Some("en"), Some("ru"))
        );
        let ids: Vec<&str> = segs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["u1/s1", "u1/2", "u2"]);
        assert_eq!(segs[0].text, "Привет {pc1}мир{/pc1}.");
        assert!(segs[0].fuzzy && !segs[1].fuzzy);
        assert_eq!(segs[1].text, "Пока{ph2} Mozilla{sc3}x{ec3}");
        assert_eq!(segs[1].source.as_deref(), Some("Bye{ph2}"));
        assert_eq!((segs[2].text.as_str(), segs[2].line), ("", 8));
    }

    #[test]
    fn segmented_units_as_sdlxliff_writes_them() {
        let s = r#"<xliff version="1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"><file source-language="en-US" target-language="de-DE"><body>
<trans-unit id="7"><source>A. B.</source><seg-source><mrk mtype="seg" mid="1">A.</mrk> <mrk mtype="seg" mid="2">B.</mrk></seg-source>
<target><mrk mtype="seg" mid="1">Ä.</mrk> <mrk mtype="seg" mid="2"/></target>
<sdl:seg-defs><sdl:seg id="1" conf="Draft"/><sdl:seg id="2"/></sdl:seg-defs></trans-unit>
</body></file></xliff>"#;
        let (_, segs) = ok(s);
        let got: Vec<(&str, &str, Option<&str>, bool)> = segs
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str(), s.source.as_deref(), s.fuzzy))
            .collect();
        assert_eq!(
            got,
            [
                ("7/1", "Ä.", Some("A."), true),
                ("7/2", "", Some("B."), false)
            ]
        );
    }

    #[test]
    fn malformed_documents() {
        let (_, segs) = read_str(
            "<xliff version=\"1.2\"><file><body>\n<trans-unit id=\"1\"><source>a</source><target>b</target></trans-unit>\n<trans-unit id=\"2\"><source>a</source><target>b</trans-unit>",
        );
        assert!(segs[0].is_ok());
        match &segs[1].as_ref().unwrap_err().kind {
            InputErrorKind::Malformed { line, .. } => assert_eq!(*line, 3),
            k => panic!("{k:?}"),
        }
        assert_eq!(segs.len(), 2);
        let e = read(XmlDoc::new("t.xlf", b"<tmx/>".to_vec(), 0).unwrap()).unwrap_err();
        assert!(e.to_string().contains("not an XLIFF file"), "{e}");
    }

    #[test]
    fn locked_and_approved_units_and_notes() {
        let v12 = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="fr" datatype="plaintext" original="ui">
    <body>
      <trans-unit id="a" approved="yes"><source>A</source><target>A</target></trans-unit>
      <trans-unit id="b"><source>B</source><target state="final">B</target></trans-unit>
      <trans-unit id="c"><source>C</source><target state="signed-off">C</target></trans-unit>
      <trans-unit id="d" approved="no"><source>D</source><target state="translated">D</target>
        <note>mtlint: ignore[caps-word]</note><note from="qa">mtlint: ignore[doubled-word]</note></trans-unit>
      <trans-unit id="e"><source>E</source><target>E</target><note>mtlint: ignore</note></trans-unit>
    </body>
  </file>
</xliff>"#;
        let (_, segs) = ok(v12);
        let locked: Vec<bool> = segs.iter().map(|s| s.locked).collect();
        assert_eq!(locked, [true, true, true, false, false]);
        let d = segs[3].suppress.as_ref().unwrap();
        assert_eq!(d.selectors, ["caps-word", "doubled-word"]);
        assert_eq!(d.line, 9);
        assert!(segs[4].suppress.as_ref().unwrap().selectors.is_empty());
        assert!(segs[..3].iter().all(|s| s.suppress.is_none()));

        let sdl = r#"<?xml version="1.0"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file source-language="en-US" target-language="de-DE" datatype="x" original="r.docx">
    <body>
      <trans-unit id="u">
        <seg-source><mrk mtype="seg" mid="1">A.</mrk> <mrk mtype="seg" mid="2">B.</mrk> <mrk mtype="seg" mid="3">C.</mrk></seg-source>
        <target><mrk mtype="seg" mid="1">A.</mrk> <mrk mtype="seg" mid="2">B.</mrk> <mrk mtype="seg" mid="3">C.</mrk></target>
        <sdl:seg-defs>
          <sdl:seg id="1" conf="Translated" locked="true"/>
          <sdl:seg id="2" conf="ApprovedSignOff"/>
          <sdl:seg id="3" conf="ApprovedTranslation" locked="false"/>
        </sdl:seg-defs>
      </trans-unit>
    </body>
  </file>
</xliff>"#;
        let (_, segs) = ok(sdl);
        let locked: Vec<(&str, bool)> = segs.iter().map(|s| (s.id.as_str(), s.locked)).collect();
        assert_eq!(locked, [("u/1", true), ("u/2", true), ("u/3", false)]);

        let v20 = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="f">
    <unit id="1">
      <notes><note category="mtlint">mtlint: ignore[caps-word]</note></notes>
      <segment id="s1" state="final"><source>A</source><target>A</target></segment>
      <segment id="s2" state="reviewed"><source>B</source><target>B</target></segment>
    </unit>
    <unit id="2"><segment><source>C</source><target>C</target></segment></unit>
  </file>
</xliff>"#;
        let (_, segs) = ok(v20);
        let locked: Vec<bool> = segs.iter().map(|s| s.locked).collect();
        assert_eq!(locked, [true, false, false]);
        assert_eq!(segs[0].suppress.as_ref().unwrap().selectors, ["caps-word"]);
        assert_eq!(segs[1].suppress, segs[0].suppress);
        assert_eq!(segs[2].suppress, None);
    }
}
