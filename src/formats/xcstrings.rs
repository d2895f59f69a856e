//! Apple String Catalogs (`Localizable.xcstrings`): JSON holding every language of an app's
//! strings, so the file is bilingual on its own.
//!
//! The source language is the catalog's `sourceLanguage`; the target is the language `--lang`
//! names (matched by primary subtag, `pt` ≈ `pt-BR`), else the only language other than the
//! source that the catalog has (with several, `--lang` must choose: an error says which there
//! are). Each string's target is its `stringUnit` value in that language, with id the string's
//! key; plural and device variations (`variations.plural.one`) are segments of their own, id
//! `key[one]`. The source is the source language's value (of the same variation when there is
//! one), else the key itself (Xcode's default). A state other than `translated`
//! (`needs_review`, `new`, `stale`) marks the segment fuzzy. Strings marked
//! `"shouldTranslate": false` are skipped. Positions are those of the value in the file (read
//! by the JSON scanner of [`super::json`]).

use super::json::{JVal, parse};
use super::resource::{Text, document};
use super::{Document, ReadOptions, primary_lang, segment};
use crate::input::{InputError, Segment};

/// The `stringUnit` value and state of one localization (or variation).
fn unit(v: &JVal) -> Option<(&super::Built, bool)> {
    let u = v.get("stringUnit")?;
    let JVal::Str(b) = u.get("value")? else {
        return None;
    };
    let fuzzy = u
        .get("state")
        .and_then(JVal::str)
        .is_some_and(|s| s != "translated");
    Some((b, fuzzy))
}

/// The variations of a localization: (form, value) pairs of `variations.plural` or
/// `variations.device`.
fn variations(v: &JVal) -> Vec<(&str, &JVal)> {
    let Some(JVal::Obj(kinds)) = v.get("variations") else {
        return Vec::new();
    };
    kinds
        .iter()
        .flat_map(|(_, _, forms)| match forms {
            JVal::Obj(m) => m.iter().map(|(k, _, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Reads a String Catalog.
pub(crate) fn read(t: &Text, opts: &ReadOptions) -> Result<Document, InputError> {
    let root = parse(t)?;
    let source = root
        .get("sourceLanguage")
        .and_then(JVal::str)
        .unwrap_or("en")
        .to_string();
    let Some(JVal::Obj(strings)) = root.get("strings") else {
        return Err(t.error(0, "not a String Catalog: no `strings` object"));
    };
    let is_source = |l: &str| l == source;
    // Every target language of the catalog, in order of appearance.
    let mut langs: Vec<&str> = Vec::new();
    for (_, _, entry) in strings {
        if let Some(JVal::Obj(locs)) = entry.get("localizations") {
            for (l, _, _) in locs {
                if !is_source(l) && !langs.contains(&l.as_str()) {
                    langs.push(l);
                }
            }
        }
    }
    let target: Option<String> = match opts.target_lang.as_deref() {
        Some(want) => langs
            .iter()
            .find(|l| **l == want || primary_lang(l) == primary_lang(want))
            .map(|l| l.to_string()),
        None if langs.len() == 1 => Some(langs[0].to_string()),
        None if langs.is_empty() => None,
        None => {
            return Err(t.error(
                0,
                format!(
                    "the catalog has several target languages ({}): choose one with --lang",
                    langs.join(", ")
                ),
            ));
        }
    };
    let mut items: Vec<Result<Segment, InputError>> = Vec::new();
    if let Some(target) = &target {
        for (key, _, entry) in strings {
            if matches!(entry.get("shouldTranslate"), Some(JVal::Scalar(s)) if s == "false") {
                continue;
            }
            let src_loc = entry.get("localizations").and_then(|l| l.get(&source));
            let Some(tgt_loc) = entry.get("localizations").and_then(|l| l.get(target)) else {
                continue;
            };
            let src_text = src_loc
                .and_then(unit)
                .map_or(key.as_str(), |(b, _)| b.text.as_str());
            if let Some((b, fuzzy)) = unit(tgt_loc) {
                items.push(Ok(segment(
                    key.clone(),
                    b.clone(),
                    Some(src_text.to_string()),
                    fuzzy,
                )));
            }
            let src_forms = src_loc.map(variations).unwrap_or_default();
            for (form, v) in variations(tgt_loc) {
                let Some((b, fuzzy)) = unit(v) else {
                    continue;
                };
                let src = src_forms
                    .iter()
                    .find(|(f, _)| *f == form)
                    .or_else(|| src_forms.iter().find(|(f, _)| *f == "other"))
                    .and_then(|(_, v)| unit(v))
                    .map_or(src_text, |(b, _)| b.text.as_str());
                items.push(Ok(segment(
                    format!("{key}[{form}]"),
                    b.clone(),
                    Some(src.to_string()),
                    fuzzy,
                )));
            }
        }
    }
    Ok(document(
        items,
        primary_lang(&source),
        target.as_deref().and_then(primary_lang),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::check_positions;

    const CATALOG: &str = r#"{
  "sourceLanguage" : "en",
  "strings" : {
    "Open %@" : {
      "localizations" : {
        "fr" : { "stringUnit" : { "state" : "translated", "value" : "Ouvrir %@" } }
      }
    },
    "greeting" : {
      "comment" : "Shown on launch",
      "localizations" : {
        "en" : { "stringUnit" : { "state" : "translated", "value" : "Welcome back!" } },
        "fr" : { "stringUnit" : { "state" : "needs_review", "value" : "Bon \"retour\" !" } }
      }
    },
    "%lld files" : {
      "localizations" : {
        "en" : { "variations" : { "plural" : {
          "one" : { "stringUnit" : { "state" : "translated", "value" : "%lld file" } },
          "other" : { "stringUnit" : { "state" : "translated", "value" : "%lld files" } }
        } } },
        "fr" : { "variations" : { "plural" : {
          "one" : { "stringUnit" : { "state" : "translated", "value" : "%lld fichier" } },
          "many" : { "stringUnit" : { "state" : "translated", "value" : "%lld de fichiers" } },
          "other" : { "stringUnit" : { "state" : "translated", "value" : "%lld fichiers" } }
        } } }
      }
    },
    "API_KEY" : { "shouldTranslate" : false },
    "Untranslated" : { }
  },
  "version" : "1.0"
}"#;

    #[test]
    fn the_only_target_language_with_sources_states_and_plurals() {
        let t = Text::new("Localizable.xcstrings", CATALOG.to_string(), 0);
        let doc = read(&t, &ReadOptions::default()).unwrap();
        assert_eq!(
            (doc.source_lang.as_deref(), doc.target_lang.as_deref()),
            (Some("en"), Some("fr"))
        );
        let segs: Vec<Segment> = doc.segments.map(Result::unwrap).collect();
        check_positions(CATALOG, &segs, "\\");
        let got: Vec<(&str, &str, &str, bool)> = segs
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.text.as_str(),
                    s.source.as_deref().unwrap(),
                    s.fuzzy,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Open %@", "Ouvrir %@", "Open %@", false),
                ("greeting", "Bon \"retour\" !", "Welcome back!", true),
                ("%lld files[one]", "%lld fichier", "%lld file", false),
                ("%lld files[many]", "%lld de fichiers", "%lld files", false),
                ("%lld files[other]", "%lld fichiers", "%lld files", false),
            ]
        );
        assert_eq!((segs[0].line, segs[0].column), (6, 70));
    }

    #[test]
    fn several_languages_need_lang() {
        let two = CATALOG.replace(
            "\"fr\" : { \"stringUnit\" : { \"state\" : \"translated\", \"value\" : \"Ouvrir %@\" } }",
            "\"fr\" : { \"stringUnit\" : { \"state\" : \"translated\", \"value\" : \"Ouvrir %@\" } },\n        \"de\" : { \"stringUnit\" : { \"state\" : \"translated\", \"value\" : \"%@ öffnen\" } }",
        );
        let t = Text::new("L.xcstrings", two, 0);
        let err = read(&t, &ReadOptions::default()).map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("fr, de"), "{err}");
        let opts = ReadOptions {
            target_lang: Some("de-DE".into()),
            ..ReadOptions::default()
        };
        let segs: Vec<Segment> = read(&t, &opts)
            .unwrap()
            .segments
            .map(Result::unwrap)
            .collect();
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].text, "%@ öffnen");
    }
}
