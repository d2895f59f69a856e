//! Language knowledge compiled into the binary: scripts and quotes per language
//! (`data/languages.toml`), phrasing packs (`data/lang/<code>.toml`) and word-frequency lexicons
//! (`data/wordfreq/<code>.tsv`).

use crate::rules_file::{RegexRule, RuleFile};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;
use unicode_script::Script;

const LANGUAGES_TOML: &str = include_str!("../data/languages.toml");

/// The language packs compiled in: code, TOML text.
const PACKS: &[(&str, &str)] = &[
    ("fr", include_str!("../data/lang/fr.toml")),
    ("en", include_str!("../data/lang/en.toml")),
    ("de", include_str!("../data/lang/de.toml")),
    ("es", include_str!("../data/lang/es.toml")),
    ("it", include_str!("../data/lang/it.toml")),
    ("ru", include_str!("../data/lang/ru.toml")),
];

/// The word-frequency lexicons compiled in: code, TSV text (word, Zipf frequency).
const LEXICONS: &[(&str, &str)] = &[
    ("fr", include_str!("../data/wordfreq/fr.tsv")),
    ("en", include_str!("../data/wordfreq/en.tsv")),
    ("de", include_str!("../data/wordfreq/de.tsv")),
    ("es", include_str!("../data/wordfreq/es.tsv")),
    ("it", include_str!("../data/wordfreq/it.tsv")),
    ("ru", include_str!("../data/wordfreq/ru.tsv")),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    scripts: Vec<String>,
    quotes: Vec<(String, String)>,
    whatlang: String,
    #[serde(default)]
    keeps_latin_names: bool,
    #[serde(default)]
    pack: bool,
}

/// A phrasing pack: the language-specific lists the algorithmic checks read, and regex rules.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    /// Upper-case words that are acronyms, never casing damage.
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Words whose immediate repetition is legitimate ("nous nous", "had had").
    #[serde(default)]
    pub doubled_ok: Vec<String>,
    /// Words whose doubling is legitimate only at the start of a clause, after a comma (German
    /// relative pronoun + article: ", der der Frau half").
    #[serde(default)]
    pub doubled_after_comma: Vec<String>,
    /// Proper-name compounds with their correct casing ("États-Unis").
    #[serde(default)]
    pub compounds: Vec<String>,
    /// Brands and names written with internal capitals ("eBay", "YouTube").
    #[serde(default)]
    pub brands: Vec<String>,
    /// Month names, to recognise datelines ("MOSCOU, le 5 avril").
    #[serde(default)]
    pub months: Vec<String>,
    /// Non-Latin targets: Latin names with an established spelling in the target script
    /// ("Twitter" → "Твиттер"); kept in Latin they are untransliterated.
    #[serde(default)]
    pub native_forms: BTreeMap<String, String>,
    /// Non-Latin targets: Latin brand and product names the target keeps as they are
    /// ("Google", "Android").
    #[serde(default)]
    pub kept_latin: Vec<String>,
    /// Words that introduce a foreign-language gloss ("en russe", "in Russian").
    #[serde(default)]
    pub gloss_markers: Vec<String>,
    /// Characters that take a (no-break) space before them in this language, e.g. `;:!?»` in French.
    #[serde(default)]
    pub space_before: String,
    /// Nouns are capitalised (German): a shouted word's correct casing cannot be guessed.
    #[serde(default)]
    pub noun_capitals: bool,
    /// Regex rules, in the same format as user rule files.
    #[serde(default)]
    pub rule: Vec<crate::rules_file::RawRule>,
}

/// Everything mtlint knows about one target language.
#[derive(Debug)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: String,
    /// English name.
    pub name: String,
    /// Scripts the language is written in.
    pub scripts: Vec<Script>,
    /// Quotation mark pairs.
    pub quotes: Vec<(String, String)>,
    /// whatlang's id for the language.
    pub whatlang: whatlang::Lang,
    /// Whether Latin brands, acronyms and product names are kept as they are.
    pub keeps_latin_names: bool,
    /// Acronyms (upper case).
    pub acronyms: HashSet<String>,
    /// Words that may legitimately be doubled (lower case).
    pub doubled_ok: HashSet<String>,
    /// Words that may be doubled right after a comma (lower case).
    pub doubled_after_comma: HashSet<String>,
    /// Lower-cased compound → correct spelling.
    pub compounds: HashMap<String, String>,
    /// Brands with internal capitals.
    pub brands: HashSet<String>,
    /// Month names (lower case).
    pub months: HashSet<String>,
    /// Latin name → its established spelling in the target script.
    pub native_forms: HashMap<String, String>,
    /// Latin names the target keeps as they are.
    pub kept_latin: HashSet<String>,
    /// Phrases that introduce a foreign gloss (lower case).
    pub gloss_markers: Vec<String>,
    /// Characters that take a space before them.
    pub space_before: String,
    /// Nouns are capitalised.
    pub noun_capitals: bool,
    /// Regex rules of the language's pack.
    pub rules: Vec<RegexRule>,
}

impl Language {
    /// Whether `script` is one this language is written in.
    pub fn uses_script(&self, script: Script) -> bool {
        self.scripts.contains(&script)
    }

    /// Whether the language is written in the Latin script.
    pub fn is_latin(&self) -> bool {
        self.uses_script(Script::Latin)
    }

    /// The word-frequency lexicon of this language, when one is bundled.
    pub fn lexicon(&self) -> Option<&'static Lexicon> {
        lexicon(&self.code)
    }
}

fn build_languages() -> Result<BTreeMap<String, Language>, String> {
    let raw: BTreeMap<String, RawLanguage> =
        toml::from_str(LANGUAGES_TOML).map_err(|e| format!("data/languages.toml: {e}"))?;
    let mut out = BTreeMap::new();
    for (code, r) in raw {
        let scripts = r
            .scripts
            .iter()
            .map(|s| {
                Script::from_full_name(s)
                    .ok_or_else(|| format!("data/languages.toml: [{code}] unknown script `{s}`"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let whatlang = whatlang::Lang::from_code(&r.whatlang).ok_or_else(|| {
            format!(
                "data/languages.toml: [{code}] unknown whatlang code `{}`",
                r.whatlang
            )
        })?;
        let pack = if r.pack {
            let text = PACKS
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, t)| *t)
                .ok_or_else(|| {
                    format!(
                        "data/languages.toml: [{code}] pack = true but no data/lang/{code}.toml"
                    )
                })?;
            let name = format!("data/lang/{code}.toml");
            let raw: RawPack = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
            Some((name, raw))
        } else {
            None
        };
        let (pack_name, pack) = pack.unwrap_or_else(|| (String::new(), RawPack::default()));
        let rules = RuleFile::compile(&pack_name, pack.rule, Some(&code))
            .map_err(|e| e.to_string())?
            .rules;
        let lang = Language {
            code: code.clone(),
            name: r.name,
            scripts,
            quotes: r.quotes,
            whatlang,
            keeps_latin_names: r.keeps_latin_names,
            acronyms: pack.acronyms.into_iter().collect(),
            doubled_ok: pack.doubled_ok.iter().map(|w| w.to_lowercase()).collect(),
            doubled_after_comma: pack
                .doubled_after_comma
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            compounds: pack
                .compounds
                .into_iter()
                .map(|c| (c.to_lowercase(), c))
                .collect(),
            brands: pack.brands.into_iter().collect(),
            months: pack.months.iter().map(|w| w.to_lowercase()).collect(),
            native_forms: pack.native_forms.into_iter().collect(),
            kept_latin: pack.kept_latin.into_iter().collect(),
            gloss_markers: pack
                .gloss_markers
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            space_before: pack.space_before,
            noun_capitals: pack.noun_capitals,
            rules,
        };
        out.insert(code, lang);
    }
    Ok(out)
}

fn languages() -> &'static BTreeMap<String, Language> {
    static LANGS: OnceLock<BTreeMap<String, Language>> = OnceLock::new();
    LANGS.get_or_init(|| build_languages().expect("bundled language data is valid (tested)"))
}

/// The language with ISO 639-1 code `code`, or an error listing the known codes.
pub fn language(code: &str) -> Result<&'static Language, String> {
    languages().get(code).ok_or_else(|| {
        format!(
            "unknown language `{code}`; known: {}",
            known_codes().join(", ")
        )
    })
}

/// Every language code mtlint knows.
pub fn known_codes() -> Vec<&'static str> {
    languages().keys().map(String::as_str).collect()
}

/// The known language whose whatlang id is `lang`.
pub fn from_whatlang(lang: whatlang::Lang) -> Option<&'static Language> {
    languages().values().find(|l| l.whatlang == lang)
}

/// A word-frequency lexicon: lower-case word → Zipf frequency.
#[derive(Debug)]
pub struct Lexicon {
    map: rustc_hash::FxHashMap<&'static str, f32>,
}

impl Lexicon {
    fn parse(text: &'static str) -> Lexicon {
        let mut map = rustc_hash::FxHashMap::default();
        map.reserve(text.len() / 12);
        for line in text.lines() {
            if let Some((w, z)) = line.split_once('\t')
                && let Ok(z) = z.parse::<f32>()
            {
                map.insert(w, z);
            }
        }
        Lexicon { map }
    }

    /// Zipf frequency of a lower-case word; 0 when unknown.
    pub fn zipf(&self, lower_word: &str) -> f32 {
        self.map.get(lower_word).copied().unwrap_or(0.0)
    }

    /// Whether the lexicon holds the lower-case word.
    pub fn contains(&self, lower_word: &str) -> bool {
        self.map.contains_key(lower_word)
    }
}

/// The lexicon for `code`, parsed on first use.
pub fn lexicon(code: &str) -> Option<&'static Lexicon> {
    static CELLS: [OnceLock<Lexicon>; 6] = [const { OnceLock::new() }; 6];
    let idx = LEXICONS.iter().position(|(c, _)| *c == code)?;
    Some(CELLS[idx].get_or_init(|| Lexicon::parse(LEXICONS[idx].1)))
}

/// Codes of the languages with a bundled lexicon.
pub fn lexicon_codes() -> impl Iterator<Item = &'static str> {
    LEXICONS.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_parses() {
        build_languages().unwrap();
        assert!(language("fr").unwrap().is_latin());
        assert!(language("xx").is_err());
        assert!(lexicon("fr").unwrap().zipf("le") > 7.0);
        assert_eq!(lexicon("fr").unwrap().zipf("zzzzqx"), 0.0);
    }

    #[test]
    fn every_pack_is_loaded() {
        for (code, _) in PACKS {
            assert!(language(code).is_ok(), "{code}");
        }
    }
}
