//! TBX termbases (ISO 30042) for `--glossary`: TBX-Basic / TBX v2 (`<martif>` root,
//! `<termEntry>`, `<langSet>`, `<tig>`/`<ntig>`) and TBX v3 (`<tbx>` root, `<conceptEntry>`,
//! `<langSec>`, `<termSec>`), in both v3 styles: DCA (`<termNote type="administrativeStatus">`)
//! and DCT (`<basic:administrativeStatus>`).
//!
//! Read with the project's own XML tokenizer ([`super::xml`]): no entity is ever expanded, and a
//! malformed file is an error with its line and column.
//!
//! What is kept of each concept: its terms by language (`xml:lang` of the `<langSet>`/`<langSec>`),
//! each term's status from `administrativeStatus` or `normativeAuthorization`
//! (`preferredTerm-admn-sts`, `admittedTerm-admn-sts`, `deprecatedTerm-admn-sts`,
//! `supersededTerm-admn-sts`, …; without one a term is [`TermStatus::Unrated`]), and the notes and
//! definitions at concept, language and term level. Headers and back matter are skipped.

use super::xml::{Tag, Tok, XmlDoc};
use crate::input::InputError;

/// How a termbase rates a term (`administrativeStatus` / `normativeAuthorization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermStatus {
    /// `preferredTerm`, `standardizedTerm`.
    Preferred,
    /// `admittedTerm`, `legalTerm`, `regulatedTerm`.
    Admitted,
    /// No status given.
    Unrated,
    /// `deprecatedTerm`: must not be used.
    Deprecated,
    /// `supersededTerm`: replaced by another term, must not be used any more.
    Superseded,
}

impl TermStatus {
    /// The status a value of `administrativeStatus` or `normativeAuthorization` names.
    fn parse(v: &str) -> Option<TermStatus> {
        let v = v.trim();
        let v = v
            .strip_suffix("-admn-sts")
            .unwrap_or(v)
            .to_ascii_lowercase();
        Some(match v.as_str() {
            "preferredterm" | "standardizedterm" => TermStatus::Preferred,
            "admittedterm" | "legalterm" | "regulatedterm" => TermStatus::Admitted,
            "deprecatedterm" => TermStatus::Deprecated,
            "supersededterm" => TermStatus::Superseded,
            _ => return None,
        })
    }

    /// Whether a translation may use a term of this status.
    pub fn allowed(self) -> bool {
        !matches!(self, TermStatus::Deprecated | TermStatus::Superseded)
    }

    /// The word used in messages.
    pub fn word(self) -> &'static str {
        match self {
            TermStatus::Preferred => "preferred",
            TermStatus::Admitted => "admitted",
            TermStatus::Unrated => "unrated",
            TermStatus::Deprecated => "deprecated",
            TermStatus::Superseded => "superseded",
        }
    }
}

/// One term of a concept in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TbxTerm {
    /// The term, white space collapsed.
    pub text: String,
    pub status: TermStatus,
    /// Notes and definitions given for this term, joined by "; ".
    pub note: String,
    /// Line of the `<term>` element.
    pub line: usize,
}

/// The terms of a concept in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TbxLang {
    /// `xml:lang` as written (`en-US`).
    pub lang: String,
    pub terms: Vec<TbxTerm>,
    /// Notes and definitions at language level.
    pub note: String,
}

/// A concept (`<termEntry>` / `<conceptEntry>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TbxConcept {
    /// The `id` attribute, else the concept's 1-based number in the file.
    pub id: String,
    pub langs: Vec<TbxLang>,
    /// Notes and definitions at concept level.
    pub note: String,
}

/// A whole termbase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Termbase {
    /// `xml:lang` of the root element (the termbase's working language), if any.
    pub lang: Option<String>,
    pub concepts: Vec<TbxConcept>,
}

/// Appends a note to `to`.
fn add_note(to: &mut String, note: &str) {
    let note = collapse(note);
    if note.is_empty() || to.split("; ").any(|n| n == note) {
        return;
    }
    if !to.is_empty() {
        to.push_str("; ");
    }
    to.push_str(&note);
}

/// `s` with runs of white space made single spaces and trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A term group being read: its term and the term's line (once met), status and notes.
type Group = (Option<(String, usize)>, TermStatus, String);

/// What an element is, for the walk.
enum Frame {
    Concept,
    Lang,
    TermGroup,
    Other,
}

/// Reads the termbase in file `path`.
pub(crate) fn load(path: &std::path::Path) -> Result<Termbase, InputError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| super::io_error(&name, e))?;
    read(super::xml::load(
        &name,
        Box::new(std::io::BufReader::new(file)),
        super::MAX_XML,
    )?)
}

/// Reads a termbase from an XML document.
pub(crate) fn read(mut doc: XmlDoc) -> Result<Termbase, InputError> {
    let root = loop {
        match doc.next()? {
            Tok::Start(t) => break t,
            Tok::Eof => return Err(doc.error(0, "no root element")),
            _ => {}
        }
    };
    let root_name = local(doc.name(&root)).to_string();
    if root_name != "martif" && root_name != "tbx" {
        return Err(doc.error(
            root.at,
            format!(
                "not a TBX termbase: the root element is <{}> (expected <martif> or <tbx>)",
                doc.name(&root)
            ),
        ));
    }
    let mut base = Termbase {
        lang: doc
            .attr(&root, "xml:lang")?
            .filter(|l| !l.trim().is_empty()),
        concepts: Vec::new(),
    };
    if root.empty {
        return Err(doc.error(root.at, "the termbase has no entries"));
    }
    let mut stack: Vec<Frame> = vec![Frame::Other];
    let mut concept: Option<TbxConcept> = None;
    let mut lang: Option<TbxLang> = None;
    // The term group being read: its term and line (if met yet), status and notes.
    let mut group: Option<Group> = None;
    let mut numbered = 0usize;
    loop {
        let t = match doc.next()? {
            Tok::Eof => break,
            Tok::Text(_) | Tok::CData(_) => continue,
            Tok::End { .. } => {
                match stack.pop() {
                    Some(Frame::TermGroup) => {
                        if let (Some((Some((text, line)), status, note)), Some(l)) =
                            (group.take(), lang.as_mut())
                        {
                            l.terms.push(TbxTerm {
                                text,
                                status,
                                note,
                                line,
                            });
                        }
                    }
                    Some(Frame::Lang) => {
                        if let (Some(l), Some(c)) = (lang.take(), concept.as_mut())
                            && !l.terms.is_empty()
                        {
                            c.langs.push(l);
                        }
                    }
                    Some(Frame::Concept) => {
                        if let Some(c) = concept.take()
                            && !c.langs.is_empty()
                        {
                            base.concepts.push(c);
                        }
                    }
                    Some(Frame::Other) | None => {}
                }
                if stack.is_empty() {
                    break;
                }
                continue;
            }
            Tok::Start(t) => t,
        };
        let name = local(doc.name(&t)).to_string();
        let ty = doc.attr(&t, "type")?.unwrap_or_default();
        // A data category in DCA style (`<termNote type="administrativeStatus">`) or DCT style
        // (`<basic:administrativeStatus>`).
        let category = match name.as_str() {
            "termNote" | "descrip" | "admin" => ty.as_str(),
            other => other,
        };
        match (name.as_str(), category) {
            ("martifHeader" | "tbxHeader" | "back", _) => doc.skip(&t)?,
            // An empty concept, language section or term section holds no term.
            (
                "termEntry" | "conceptEntry" | "langSet" | "langSec" | "tig" | "ntig" | "termSec",
                _,
            ) if t.empty => {
                numbered += usize::from(name.ends_with("Entry"));
            }
            ("termEntry" | "conceptEntry", _) => {
                numbered += 1;
                if concept.is_some() {
                    return Err(doc.error(t.at, format!("<{name}> inside another concept")));
                }
                let id = doc.attr(&t, "id")?.unwrap_or_else(|| numbered.to_string());
                concept = Some(TbxConcept {
                    id,
                    langs: Vec::new(),
                    note: String::new(),
                });
                push(&mut stack, &t, Frame::Concept);
            }
            ("langSet" | "langSec", _) => {
                if concept.is_none() || lang.is_some() {
                    return Err(doc.error(
                        t.at,
                        format!("<{name}> outside a <termEntry> or <conceptEntry>"),
                    ));
                }
                // `lang` is the attribute of MARTIF, TBX's ancestor, still written by old tools.
                let l = match doc.attr(&t, "xml:lang")? {
                    Some(l) => Some(l),
                    None => doc.attr(&t, "lang")?,
                };
                let Some(l) = l.filter(|l| !l.trim().is_empty()) else {
                    return Err(doc.error(t.at, format!("<{name}> without xml:lang")));
                };
                lang = Some(TbxLang {
                    lang: l.trim().to_string(),
                    terms: Vec::new(),
                    note: String::new(),
                });
                push(&mut stack, &t, Frame::Lang);
            }
            ("tig" | "ntig" | "termSec", _) => {
                if lang.is_none() || group.is_some() {
                    return Err(doc.error(t.at, format!("<{name}> outside a language section")));
                }
                group = Some((None, TermStatus::Unrated, String::new()));
                push(&mut stack, &t, Frame::TermGroup);
            }
            ("term", _) => {
                let at = doc.pos(t.at);
                let text = collapse(&doc.inline(&t, false)?.whole.text);
                let Some(g) = group.as_mut() else {
                    if lang.is_none() {
                        return Err(doc.error(t.at, "<term> outside a language section"));
                    }
                    // A bare <term> in a language section (not valid TBX, but unambiguous).
                    if let (Some(l), false) = (lang.as_mut(), text.is_empty()) {
                        l.terms.push(TbxTerm {
                            text,
                            status: TermStatus::Unrated,
                            note: String::new(),
                            line: at.line,
                        });
                    }
                    continue;
                };
                if g.0.is_some() {
                    return Err(doc.error(t.at, "a second <term> in the same term section"));
                }
                if !text.is_empty() {
                    g.0 = Some((text, at.line));
                }
            }
            (_, "administrativeStatus" | "normativeAuthorization") => {
                let value = doc.inline(&t, false)?.whole.text;
                let Some(status) = TermStatus::parse(&value) else {
                    return Err(doc.error(
                        t.at,
                        format!(
                            "unknown {category} `{}` (expected preferredTerm, admittedTerm, deprecatedTerm, supersededTerm, standardizedTerm, legalTerm or regulatedTerm, with or without -admn-sts)",
                            collapse(&value)
                        ),
                    ));
                };
                match group.as_mut() {
                    Some(g) => g.1 = status,
                    None => {
                        return Err(doc.error(t.at, format!("{category} outside a term section")));
                    }
                }
            }
            ("note", _) | (_, "definition" | "explanation") => {
                let text = doc.inline(&t, false)?.whole.text;
                if let Some(g) = group.as_mut() {
                    add_note(&mut g.2, &text);
                } else if let Some(l) = lang.as_mut() {
                    add_note(&mut l.note, &text);
                } else if let Some(c) = concept.as_mut() {
                    add_note(&mut c.note, &text);
                }
            }
            _ => push(&mut stack, &t, Frame::Other),
        }
    }
    if base.concepts.is_empty() {
        return Err(doc.error(
            root.at,
            "the termbase has no <termEntry> or <conceptEntry> with terms",
        ));
    }
    Ok(base)
}

/// Pushes a frame for a non-empty element.
fn push(stack: &mut Vec<Frame>, t: &Tag, f: Frame) {
    if !t.empty {
        stack.push(f);
    }
}

/// The local part of a qualified name (`basic:definition` → `definition`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputErrorKind;

    fn parse(s: &str) -> Result<Termbase, InputError> {
        read(XmlDoc::new("t.tbx", s.as_bytes().to_vec(), 0)?)
    }

    fn terms(c: &TbxConcept, lang: &str) -> Vec<(String, TermStatus)> {
        c.langs
            .iter()
            .filter(|l| l.lang == lang)
            .flat_map(|l| l.terms.iter().map(|t| (t.text.clone(), t.status)))
            .collect()
    }

    #[test]
    fn tbx_basic_v2() {
        let s = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="subjectField">security</descrip>
      <descripGrp><descrip type="definition">An  attack on
        computer systems.</descrip><admin type="source">ISO</admin></descripGrp>
      <langSet xml:lang="en-US">
        <tig><term>cyberattack</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="fr">
        <tig><term>cyberattaque</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>attaque informatique</term><termNote type="normativeAuthorization">admittedTerm</termNote></termGrp></ntig>
        <tig><term>cyber-attaque</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote><note>graphie &amp; usage fautifs</note></tig>
      </langSet>
    </termEntry>
    <termEntry id="empty"/>
    <termEntry><langSet xml:lang="de"/><langSet xml:lang="en"><tig/></langSet></termEntry>
    <termEntry>
      <langSet xml:lang="en"><tig><term>e-mail</term></tig></langSet>
      <langSet xml:lang="fr"><tig><term>courriel</term></tig><tig><term>mél</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig></langSet>
    </termEntry>
  </body><back><refObjectList type="respPerson"/></back></text>
</martif>"#;
        let tb = parse(s).unwrap();
        assert_eq!(tb.lang.as_deref(), Some("en-US"));
        assert_eq!(tb.concepts.len(), 2);
        let c = &tb.concepts[0];
        assert_eq!(c.id, "c1");
        assert_eq!(c.note, "An attack on computer systems.");
        assert_eq!(
            terms(c, "fr"),
            [
                ("cyberattaque".to_string(), TermStatus::Preferred),
                ("attaque informatique".to_string(), TermStatus::Admitted),
                ("cyber-attaque".to_string(), TermStatus::Deprecated),
            ]
        );
        let fr = c.langs.iter().find(|l| l.lang == "fr").unwrap();
        assert_eq!(fr.terms[2].note, "graphie & usage fautifs");
        assert_eq!(fr.terms[2].line, 16);
        let c = &tb.concepts[1];
        assert_eq!(c.id, "4");
        assert_eq!(
            terms(c, "fr"),
            [
                ("courriel".to_string(), TermStatus::Unrated),
                ("mél".to_string(), TermStatus::Superseded),
            ]
        );
    }

    #[test]
    fn tbx_v3_dca_and_dct() {
        let dca = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="login">
      <langSec xml:lang="en"><descrip type="definition">Signing in.</descrip>
        <termSec><term>log in</term></termSec></langSec>
      <langSec xml:lang="de">
        <termSec><term>anmelden</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>einloggen</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote><note>Anglizismus</note></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>"#;
        // Elements prefixed with a prefix bound to the TBX namespace read the same.
        let re = regex::Regex::new(r"<(/?)([A-Za-z])").unwrap();
        let prefixed = re
            .replace_all(dca, "<${1}t:$2")
            .replace("xmlns=", "xmlns:t=");
        for tb in [parse(dca).unwrap(), parse(&prefixed).unwrap()] {
            let c = &tb.concepts[0];
            assert_eq!(c.id, "login");
            assert_eq!(terms(c, "de").len(), 2);
        }
        let tb = parse(dca).unwrap();
        let c = &tb.concepts[0];
        assert_eq!(c.id, "login");
        assert_eq!(c.langs[0].note, "Signing in.");
        assert_eq!(
            terms(c, "de"),
            [
                ("anmelden".to_string(), TermStatus::Preferred),
                ("einloggen".to_string(), TermStatus::Deprecated),
            ]
        );
        let dct = r#"<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <text><body><conceptEntry id="1">
    <basic:definition>Signing in.</basic:definition>
    <langSec xml:lang="en"><termSec><term>log in</term></termSec></langSec>
    <langSec xml:lang="de">
      <termSec><term>einloggen</term><basic:administrativeStatus>supersededTerm-admn-sts</basic:administrativeStatus></termSec>
      <termSec><term>anmelden</term><termNoteGrp><basic:administrativeStatus>admittedTerm-admn-sts</basic:administrativeStatus></termNoteGrp></termSec>
    </langSec>
  </conceptEntry></body></text></tbx>"#;
        let tb = parse(&dct.replace("xml:lang=\"de\"", "lang=\"de\"")).unwrap();
        let c = &tb.concepts[0];
        assert_eq!(c.note, "Signing in.");
        assert_eq!(
            terms(c, "de"),
            [
                ("einloggen".to_string(), TermStatus::Superseded),
                ("anmelden".to_string(), TermStatus::Admitted),
            ]
        );
    }

    fn error_at(s: &str) -> (usize, usize, String) {
        match parse(s).unwrap_err().kind {
            InputErrorKind::Malformed {
                line,
                column,
                message,
            } => (line, column, message),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn bad_termbases_name_line_and_column() {
        let (l, c, m) = error_at("<xliff/>");
        assert_eq!((l, c), (1, 1));
        assert!(m.contains("not a TBX"), "{m}");
        let (l, c, m) = error_at(
            "<martif>\n<text><body><termEntry>\n  <langSet><tig><term>x</term></tig></langSet></termEntry></body></text></martif>",
        );
        assert_eq!((l, c), (3, 3), "{m}");
        assert!(m.contains("xml:lang"), "{m}");
        let (l, c, m) = error_at(
            "<martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term>x</term>\n<termNote type=\"administrativeStatus\">forbidden</termNote></tig></langSet></termEntry></body></text></martif>",
        );
        assert_eq!((l, c), (2, 1), "{m}");
        assert!(m.contains("`forbidden`"), "{m}");
        // Unclosed element, entity declarations: the tokenizer's errors.
        let (l, _, m) = error_at("<martif>\n<text><body><termEntry>");
        assert_eq!(l, 2, "{m}");
        let (l, _, m) = error_at(
            "<!DOCTYPE martif [\n<!ENTITY e SYSTEM \"file:///etc/passwd\">]><martif>&e;</martif>",
        );
        assert_eq!(l, 2, "{m}");
        let (_, _, m) = error_at("<tbx><text><body/></text></tbx>");
        assert!(m.contains("no <termEntry>"), "{m}");
    }
}
