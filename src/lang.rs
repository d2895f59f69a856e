//! Language knowledge compiled into the binary: scripts and quotes per language
//! (`data/languages.toml`), phrasing packs (`data/lang/<code>.toml`) and word-frequency lexicons
//! (`data/wordfreq/<code>.tsv`) with the usual casing of their words (`data/casing/<code>.tsv`).

use crate::rules_file::{RegexRule, RuleFile};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;
use unicode_script::Script;

static LANGUAGES_TOML: &str = include_str!("../data/languages.toml");
/// Every language CLDR knows a script for: code, English name, ISO 15924 scripts.
static CLDR_LANGUAGES: &str = include_str!("../data/cldr/languages.tsv");

/// The language packs compiled in: code, TOML text.
static PACKS: &[(&str, &str)] = &[
    ("fr", include_str!("../data/lang/fr.toml")),
    ("en", include_str!("../data/lang/en.toml")),
    ("de", include_str!("../data/lang/de.toml")),
    ("es", include_str!("../data/lang/es.toml")),
    ("it", include_str!("../data/lang/it.toml")),
    ("ru", include_str!("../data/lang/ru.toml")),
];

/// Lexicon groups: languages whose lexicons share a table (same script), in column order. The
/// tables are built at compile time by build.rs, which has the same groups (tested).
#[cfg(test)]
const LEX_GROUPS: &[&[&str]] = &[&["fr", "en", "de", "es", "it"], &["ru"]];

#[path = "lex_table.rs"]
mod lex_table;

// `GROUPS` (the compiled lexicon tables), `LEXICONS` (code, lexicon) and `CASINGS` (code, casing
// table), written by build.rs from data/wordfreq/<code>.tsv and data/casing/<code>.tsv.
include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// How a word of the language is usually written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsualCase {
    /// In lower case: a common word ("hydromel").
    Lower,
    /// Capitalised: a proper name ("Russie").
    Capitalized,
    /// In capitals or mixed case: an acronym or a brand ("NATO", "FedEx").
    Upper,
    /// Not a word of the language's spelling dictionary: a foreign word, a brand, a code.
    Unknown,
}

/// The usual casing of each listed word of one language (data/casing/<code>.tsv, compiled into
/// the casing byte of the language's lexicon group: 2 bits at `slot`).
pub struct CasingTable {
    group: &'static LexGroup,
    slot: u32,
}

impl CasingTable {
    /// How `lower_word` (a lexicon word, lower case) is usually written: unlisted words of the
    /// lexicon are common lower-case words.
    pub fn of(&self, lower_word: &str) -> UsualCase {
        let case = self
            .group
            .entry_at(lower_word, self.group.probe(lower_word))
            .map_or(lex_table::CASE_LOWER, |e| {
                (e[self.group.width] >> (2 * self.slot)) & 3
            });
        match case {
            lex_table::CASE_CAPITALIZED => UsualCase::Capitalized,
            lex_table::CASE_UPPER => UsualCase::Upper,
            lex_table::CASE_UNKNOWN => UsualCase::Unknown,
            _ => UsualCase::Lower,
        }
    }
}

/// How `lower_word` is usually written in language `code`. Where that language's list does not
/// know the word (or there is no list: German, Italian), a word another bundled list marks as an
/// acronym or brand (`Upper`: "usb", "fedex") is one here too; otherwise it is `Lower` without a
/// list.
pub fn usual_case(code: &str, lower_word: &str) -> UsualCase {
    let own = casing(code).map(|t| t.of(lower_word));
    if matches!(
        own,
        Some(UsualCase::Lower | UsualCase::Capitalized | UsualCase::Upper)
    ) {
        return own.unwrap_or(UsualCase::Lower);
    }
    let upper_elsewhere = CASINGS
        .iter()
        .filter(|(c, _)| *c != code)
        .any(|(_, t)| t.of(lower_word) == UsualCase::Upper);
    if upper_elsewhere {
        UsualCase::Upper
    } else {
        own.unwrap_or(UsualCase::Lower)
    }
}

/// The casing table for `code`, when one is bundled.
pub fn casing(code: &str) -> Option<&'static CasingTable> {
    CASINGS.iter().find(|(c, _)| *c == code).map(|(_, t)| t)
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    scripts: Vec<String>,
    quotes: Vec<(String, String)>,
    /// None for a language known from CLDR data only.
    whatlang: Option<String>,
    #[serde(default)]
    keeps_latin_names: bool,
    #[serde(default)]
    pack: bool,
    #[serde(default)]
    non_word: bool,
}

/// A context in which the doubling of some words is legitimate (`[[doubled_when]]` of a pack).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoubledWhen {
    /// The doubled words (lower case).
    pub words: Vec<String>,
    /// The doubling is legitimate right after one of these words (lower case; "," for a comma).
    #[serde(default)]
    pub after: Vec<String>,
    /// The doubling is legitimate right before one of these words (lower case).
    #[serde(default)]
    pub before: Vec<String>,
}

impl DoubledWhen {
    fn lowercased(self) -> Self {
        let low = |v: Vec<String>| v.iter().map(|w| w.to_lowercase()).collect();
        DoubledWhen {
            words: low(self.words),
            after: low(self.after),
            before: low(self.before),
        }
    }
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
    /// Words whose doubling is legitimate only in a context: after a given word or a comma
    /// (German relative pronoun + article: ", der der Frau half", "in der der Status"), or before a
    /// given word (Russian "кто кто такой").
    #[serde(default)]
    pub doubled_when: Vec<DoubledWhen>,
    /// Coordinating conjunctions: a two-word phrase said again with one of them is a
    /// progression ("more and more", "bigger and bigger"), not a repetition loop.
    #[serde(default)]
    pub coordinators: Vec<String>,
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
    /// Non-Latin targets: Latin names of companies, products and services that have a spelling in
    /// the target script but that professional translators keep in Latin as often ("Twitter" →
    /// "Твиттер"): `foreign-brand` (info), with the native spelling as the suggestion.
    #[serde(default)]
    pub brand_forms: BTreeMap<String, String>,
    /// Non-Latin targets: Latin brand and product names the target keeps as they are
    /// ("Google", "Android").
    #[serde(default)]
    pub kept_latin: Vec<String>,
    /// Words that introduce a foreign-language gloss ("en russe", "in Russian").
    #[serde(default)]
    pub gloss_markers: Vec<String>,
    /// Non-Latin targets: stems of class nouns that announce a brand, product, service, work or
    /// organisation name right after them ("игр" for "игра Minecraft"), lower case.
    #[serde(default)]
    pub name_nouns: Vec<String>,
    /// The endings `name_nouns` stems take ("", "а", "ы", "ой"…), lower case.
    #[serde(default)]
    pub noun_endings: Vec<String>,
    /// Numbers written as words, cardinal and ordinal, and month names with their number
    /// ("three" = 3, "third" = 3, "March" = 3), lower case; a key ending in `-` is a stem that
    /// starts longer words ("zweit-" = 2 for "zweiten", "четырех-" = 4 for "четырехминутный").
    #[serde(default)]
    pub number_words: BTreeMap<String, u64>,
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
    /// whatlang's id for the language; `None` for a language known from CLDR data only
    /// (language identification, and so `language-switch`, cannot run for it).
    pub whatlang: Option<whatlang::Lang>,
    /// The language has a phrasing pack (data/lang/<code>.toml).
    pub has_pack: bool,
    /// Known from CLDR data only (its name and scripts): not in data/languages.toml.
    pub from_cldr: bool,
    /// Whether Latin brands, acronyms and product names are kept as they are.
    pub keeps_latin_names: bool,
    /// Rule `non-word` runs for this language: its measured precision on real text is worth a
    /// reviewer's time (`non_word` in data/languages.toml).
    pub non_word: bool,
    /// Acronyms (upper case).
    pub acronyms: HashSet<String>,
    /// Words that may legitimately be doubled (lower case).
    pub doubled_ok: HashSet<String>,
    /// Contexts in which the doubling of some words is legitimate (lower case).
    pub doubled_when: Vec<DoubledWhen>,
    /// Coordinating conjunctions (lower case), see [`RawPack::coordinators`].
    pub coordinators: HashSet<String>,
    /// Lower-cased compound → correct spelling.
    pub compounds: HashMap<String, String>,
    /// Brands with internal capitals.
    pub brands: HashSet<String>,
    /// Month names (lower case).
    pub months: HashSet<String>,
    /// Latin name → its established spelling in the target script.
    pub native_forms: HashMap<String, String>,
    /// Latin brand or service name → its spelling in the target script (kept in Latin as often).
    pub brand_forms: HashMap<String, String>,
    /// Latin names the target keeps as they are.
    pub kept_latin: HashSet<String>,
    /// Phrases that introduce a foreign gloss (lower case).
    pub gloss_markers: Vec<String>,
    /// Stems of class nouns that announce a name ("игр" for "игра Minecraft"), lower case.
    pub name_nouns: Vec<String>,
    /// Endings the `name_nouns` stems take, lower case.
    pub noun_endings: Vec<String>,
    /// Numbers written as words (lower case) and their value; see [`RawPack::number_words`].
    pub number_words: HashMap<String, u64>,
    /// Stems of number words ("zweit" = 2), longest first.
    pub number_stems: Vec<(String, u64)>,
    /// Characters that take a space before them.
    pub space_before: String,
    /// Nouns are capitalised.
    pub noun_capitals: bool,
    /// Regex rules of the language's pack, compiled on first use.
    pub rules: PackRules,
}

/// The regex rules of a language pack. They are compiled (and their examples checked) the first
/// time they are used, so a run pays only for the packs of the languages it checks. Derefs to
/// the compiled rules.
pub struct PackRules {
    name: String,
    code: String,
    raw: Vec<crate::rules_file::RawRule>,
    compiled: OnceLock<Vec<RegexRule>>,
}

impl PackRules {
    fn new(name: String, code: String, raw: Vec<crate::rules_file::RawRule>) -> Self {
        PackRules {
            name,
            code,
            raw,
            compiled: OnceLock::new(),
        }
    }

    /// Compiles the rules anew and checks their examples, reporting the first error (the
    /// tests run this for every bundled pack).
    pub fn try_compile(&self) -> Result<Vec<RegexRule>, String> {
        RuleFile::compile(&self.name, self.raw.clone(), Some(&self.code))
            .map(|f| f.rules)
            .map_err(|e| e.to_string())
    }

    /// The compiled rules. Their examples are not run here: [`PackRules::try_compile`] does
    /// that in the tests of every bundled pack.
    pub fn get(&self) -> &[RegexRule] {
        self.compiled.get_or_init(|| {
            RuleFile::compile_with(&self.name, self.raw.clone(), Some(&self.code), false)
                .expect("bundled language pack rules are valid (tested)")
                .rules
        })
    }
}

impl std::ops::Deref for PackRules {
    type Target = [RegexRule];
    fn deref(&self) -> &[RegexRule] {
        self.get()
    }
}

impl<'a> IntoIterator for &'a PackRules {
    type Item = &'a RegexRule;
    type IntoIter = std::slice::Iter<'a, RegexRule>;
    fn into_iter(self) -> Self::IntoIter {
        self.get().iter()
    }
}

impl std::fmt::Debug for PackRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackRules")
            .field("name", &self.name)
            .field("rules", &self.raw.len())
            .finish()
    }
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

    /// The usual casing of this language's lexicon words, when a list is bundled.
    pub fn casing(&self) -> Option<&'static CasingTable> {
        casing(&self.code)
    }
}

/// Every language, built (tests: all the bundled data is valid).
#[cfg(test)]
fn build_languages() -> Result<BTreeMap<String, Language>, String> {
    let raw: BTreeMap<String, RawLanguage> =
        toml::from_str(LANGUAGES_TOML).map_err(|e| format!("data/languages.toml: {e}"))?;
    raw.into_iter()
        .map(|(code, r)| Ok((code.clone(), build_language(code, r)?)))
        .collect()
}

/// The language `code` of data/languages.toml, with its pack (data/lang/<code>.toml) parsed.
fn build_language(code: String, r: RawLanguage) -> Result<Language, String> {
    let scripts = r
        .scripts
        .iter()
        .map(|s| {
            Script::from_full_name(s)
                .ok_or_else(|| format!("data/languages.toml: [{code}] unknown script `{s}`"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let whatlang = r
        .whatlang
        .as_deref()
        .map(|w| {
            whatlang::Lang::from_code(w)
                .ok_or_else(|| format!("data/languages.toml: [{code}] unknown whatlang code `{w}`"))
        })
        .transpose()?;
    let has_pack = r.pack;
    let pack = if r.pack {
        let text = PACKS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                format!("data/languages.toml: [{code}] pack = true but no data/lang/{code}.toml")
            })?;
        let name = format!("data/lang/{code}.toml");
        let raw: RawPack = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        Some((name, raw))
    } else {
        None
    };
    let (pack_name, pack) = pack.unwrap_or_else(|| (String::new(), RawPack::default()));
    let rules = PackRules::new(pack_name, code.clone(), pack.rule);
    let lang = Language {
        code: code.clone(),
        name: r.name,
        scripts,
        quotes: r.quotes,
        whatlang,
        has_pack,
        from_cldr: false,
        keeps_latin_names: r.keeps_latin_names,
        non_word: r.non_word,
        acronyms: pack.acronyms.into_iter().collect(),
        doubled_ok: pack.doubled_ok.iter().map(|w| w.to_lowercase()).collect(),
        coordinators: pack.coordinators.iter().map(|w| w.to_lowercase()).collect(),
        doubled_when: pack
            .doubled_when
            .into_iter()
            .map(DoubledWhen::lowercased)
            .collect(),
        compounds: pack
            .compounds
            .into_iter()
            .map(|c| (c.to_lowercase(), c))
            .collect(),
        brands: pack.brands.into_iter().collect(),
        months: pack.months.iter().map(|w| w.to_lowercase()).collect(),
        native_forms: pack.native_forms.into_iter().collect(),
        brand_forms: pack.brand_forms.into_iter().collect(),
        kept_latin: pack.kept_latin.into_iter().collect(),
        gloss_markers: pack
            .gloss_markers
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        name_nouns: pack.name_nouns.iter().map(|w| w.to_lowercase()).collect(),
        noun_endings: pack.noun_endings.iter().map(|w| w.to_lowercase()).collect(),
        number_words: pack
            .number_words
            .iter()
            .filter(|(w, _)| !w.ends_with('-'))
            .map(|(w, v)| (w.to_lowercase(), *v))
            .collect(),
        number_stems: {
            let mut stems: Vec<(String, u64)> = pack
                .number_words
                .iter()
                .filter_map(|(w, v)| Some((w.strip_suffix('-')?.to_lowercase(), *v)))
                .collect();
            stems.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
            stems
        },
        space_before: pack.space_before,
        noun_capitals: pack.noun_capitals,
        rules,
    };
    Ok(lang)
}

/// The languages of data/languages.toml (parsed once; a few KiB), each with a cell for the
/// language built on first use: a run parses the packs of the languages it uses only.
fn languages() -> &'static [(String, RawLanguage, OnceLock<Language>)] {
    static LANGS: OnceLock<Vec<(String, RawLanguage, OnceLock<Language>)>> = OnceLock::new();
    LANGS.get_or_init(|| {
        let raw: BTreeMap<String, RawLanguage> =
            toml::from_str(LANGUAGES_TOML).expect("data/languages.toml is valid (tested)");
        raw.into_iter()
            .map(|(code, r)| (code, r, OnceLock::new()))
            .collect()
    })
}

/// The built language of an entry of [`languages`].
fn built(entry: &'static (String, RawLanguage, OnceLock<Language>)) -> &'static Language {
    let (code, raw, cell) = entry;
    cell.get_or_init(|| {
        build_language(code.clone(), raw.clone()).expect("bundled language data is valid (tested)")
    })
}

/// The language code in `s` as mtlint keys its languages: the primary subtag of a locale in any
/// usual spelling, lower case (`fr-FR`, `fr_FR`, `FR`, `pt-BR`, `fr_FR.UTF-8` → `fr`, `pt`).
pub fn canonical_code(s: &str) -> String {
    s.trim()
        .split(['-', '_', '.', '@'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The language with ISO 639-1 code `code` (a locale in any usual spelling, see
/// [`canonical_code`]), or an error listing the known codes.
///
/// A language mtlint has no data for but CLDR knows (Northern Sami `se`, Sardinian `sc`…) is
/// built from its CLDR name and scripts: the language-independent checks and the foreign-script
/// checks run for it ([`skipped_checks`] says what does not).
pub fn language(code: &str) -> Result<&'static Language, String> {
    let canonical = canonical_code(code);
    languages()
        .iter()
        .find(|(c, _, _)| *c == canonical)
        .map(built)
        .or_else(|| cldr_language(&canonical))
        .ok_or_else(|| {
            format!(
                "unknown language `{code}` (not an ISO 639 code that CLDR knows); with language data: {}",
                known_codes().join(", ")
            )
        })
}

/// The Unicode scripts an ISO 15924 code stands for (`Jpan` is Han with the kana).
fn scripts_of_iso15924(code: &str) -> Vec<Script> {
    match code {
        "Hans" | "Hant" => vec![Script::Han],
        "Jpan" => vec![Script::Han, Script::Hiragana, Script::Katakana],
        "Kore" => vec![Script::Hangul, Script::Han],
        "Hanb" => vec![Script::Han, Script::Bopomofo],
        // Variants of a script (Fraktur, Gaelic, Old Church Slavonic, Nastaliq…).
        "Latf" | "Latg" => vec![Script::Latin],
        "Cyrs" => vec![Script::Cyrillic],
        "Aran" => vec![Script::Arabic],
        "Syre" | "Syrj" | "Syrn" => vec![Script::Syriac],
        "Geok" => vec![Script::Georgian],
        other => Script::from_short_name(other).into_iter().collect(),
    }
}

/// The language `code` (canonical) from data/cldr/languages.tsv, built once per run.
fn cldr_language(code: &str) -> Option<&'static Language> {
    static BUILT: OnceLock<std::sync::Mutex<HashMap<String, &'static Language>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().ok()?;
    if let Some(l) = built.get(code) {
        return Some(l);
    }
    let (name, scripts) = CLDR_LANGUAGES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?, f.next()?))
        })
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, s)| (n, s))?;
    let scripts: Vec<String> = scripts
        .split(' ')
        .flat_map(scripts_of_iso15924)
        .map(|s| s.full_name().to_string())
        .collect();
    if scripts.is_empty() {
        return None;
    }
    let raw = RawLanguage {
        name: name.to_string(),
        scripts,
        quotes: Vec::new(),
        whatlang: None,
        keeps_latin_names: false,
        pack: false,
        non_word: false,
    };
    let mut lang = build_language(code.to_string(), raw).ok()?;
    lang.from_cldr = true;
    let lang: &'static Language = Box::leak(Box::new(lang));
    built.insert(code.to_string(), lang);
    Some(lang)
}

/// What does not run for `lang`, for the note said once per run: `None` for a language with
/// full data (a pack and language identification).
pub fn skipped_checks(lang: &Language) -> Option<String> {
    let scripts: Vec<&str> = lang.scripts.iter().map(|s| s.full_name()).collect();
    if lang.from_cldr {
        return Some(format!(
            "{} ({}) is known from CLDR data only (written in {}): the language-independent checks \
             and the foreign-script checks run; skipped: language-switch and foreign-title (no \
             language identification for it), the phrasing rule pack, non-word",
            lang.name,
            lang.code,
            scripts.join(", ")
        ));
    }
    if !lang.has_pack {
        return Some(format!(
            "{} ({}) has no phrasing pack: its pack rules (typography, broken constructions, \
             casing and doubled-word lists) are skipped; every other check runs",
            lang.name, lang.code
        ));
    }
    None
}

/// Every language code mtlint knows.
pub fn known_codes() -> Vec<&'static str> {
    languages().iter().map(|(c, _, _)| c.as_str()).collect()
}

/// The known language whose whatlang id is `lang`.
pub fn from_whatlang(lang: whatlang::Lang) -> Option<&'static Language> {
    languages()
        .iter()
        .find(|(_, r, _)| r.whatlang.as_deref().and_then(whatlang::Lang::from_code) == Some(lang))
        .map(built)
}

/// A word-frequency lexicon: lower-case word → Zipf frequency. The lexicons of languages written
/// in one script share one table ([`LexGroup`]), so a word is hashed once for all of them.
#[derive(Debug)]
pub struct Lexicon {
    group: &'static LexGroup,
    col: usize,
}

impl Lexicon {
    /// Zipf frequency of a lower-case word; 0 when unknown.
    pub fn zipf(&self, lower_word: &str) -> f32 {
        self.group
            .row(lower_word)
            .map_or(0.0, |r| zipf_of(r[self.col]))
    }

    /// Zipf frequency of a lower-case word in tenths ([`zipf_of`]); 0 when unknown.
    pub fn tenths(&self, lower_word: &str) -> u8 {
        self.group.row(lower_word).map_or(0, |r| r[self.col])
    }

    /// Whether the lexicon holds the lower-case word.
    pub fn contains(&self, lower_word: &str) -> bool {
        self.group.row(lower_word).is_some_and(|r| r[self.col] != 0)
    }

    /// The shared table this lexicon is a column of.
    pub fn group(&self) -> &'static LexGroup {
        self.group
    }

    /// This lexicon's column in [`LexGroup::row`].
    pub fn column(&self) -> usize {
        self.col
    }
}

/// Zipf frequencies are stored in tenths (the bundled lists have one decimal); 0 is "unknown".
/// `zipf_of(t)` is exactly the `f32` that parsing the decimal text gives.
pub fn zipf_of(tenths: u8) -> f32 {
    static TABLE: OnceLock<[f32; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0f32; 256];
        for (i, z) in t.iter_mut().enumerate().skip(1) {
            *z = format!("{}.{}", i / 10, i % 10)
                .parse()
                .expect("a decimal number");
        }
        t
    })[tenths as usize]
}

/// The lexicons of the languages written in one script, in one table built at compile time
/// (build.rs; layout in `src/lex_table.rs`): word → one Zipf value (in tenths, 0 = absent) per
/// language, and the word's usual casing in the group's casing lists.
///
/// The words are hashed into buckets of about eight entries; a bucket's frequent words are in a
/// small hot region that stays in cache, its rare words in the cold region. A lookup reads the
/// bucket's bounds from a directory of a few hundred KiB (which stays in cache too), scans the
/// hot part, and only for a rare or unknown word the cold part. The whole table is about a
/// quarter of the size of the open-addressed table it replaced, and a run touches only the
/// pages of the words it looks up.
pub struct LexGroup {
    /// The entries, bucket after bucket: `len`, word, `width` values, casing byte.
    blob: &'static [u8],
    /// `buckets + 1` records of 16 bytes: the start of the bucket's hot part and of its cold part
    /// in `blob`, and the mask of its cold words.
    dir: &'static [u8],
    /// `64 - log2(buckets)`: the top bits of a hash pick the bucket.
    shift: u32,
    /// Lexicons in the group.
    width: usize,
    /// First characters of the words below U+0800, one bit each; `first_high`: some word starts
    /// at or above U+0800. A word whose first character is not there is in no lexicon of the
    /// group, and is not hashed at all (a Cyrillic word in a Latin-script group, say).
    first_low: [u64; 32],
    first_high: bool,
}

impl std::fmt::Debug for LexGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LexGroup")
            .field("width", &self.width)
            .field("buckets", &(self.dir.len() / 16 - 1))
            .field("bytes", &self.blob.len())
            .finish()
    }
}

/// Where a lookup goes on, from [`LexGroup::prefetch`], for [`LexGroup::row_at`]: the word's
/// entry when the hot part of its bucket has it, else the bounds of the bucket's cold part (empty
/// when the word's first character rules it out).
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    at: u32,
    /// [`Probe::FOUND`]: `at` is the offset of the word's values.
    end: u32,
}

impl Probe {
    const FOUND: u32 = u32::MAX;
    const NONE: Probe = Probe { at: 0, end: 0 };
}

impl LexGroup {
    /// Every entry of the table: the word and its values (one per lexicon of the group).
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &'static [u8])> {
        let blob: &'static [u8] = self.blob;
        let width = self.width;
        let mut p = 0;
        std::iter::from_fn(move || {
            while p < blob.len() {
                let n = blob[p] as usize;
                let word = &blob[p + 1..p + 1 + n];
                let values = &blob[p + 1 + n..p + 1 + n + width];
                p += 1 + n + width + 1;
                if let Ok(w) = std::str::from_utf8(word) {
                    return Some((w, values));
                }
            }
            None
        })
    }

    /// The Zipf values (tenths, 0 = absent; see [`zipf_of`]) of a lower-case word in every
    /// lexicon of the group, in column order; None when no lexicon of the group has it.
    pub fn row(&self, lower_word: &str) -> Option<&'static [u8]> {
        self.row_at(lower_word, self.probe(lower_word))
    }

    /// Looks `lower_word` up in the hot part of its bucket.
    #[inline]
    fn probe(&self, lower_word: &str) -> Probe {
        if !self.possible(lower_word) {
            return Probe::NONE;
        }
        let h = lex_table::word_hash(lower_word.as_bytes());
        let b = (h >> self.shift) as usize;
        let d = &self.dir[16 * b..16 * b + 24];
        let at = |i: usize| u32::from_le_bytes(d[i..i + 4].try_into().expect("4"));
        if let Some(v) = self.scan(lower_word.as_bytes(), at(0), at(16)) {
            return Probe {
                at: v,
                end: Probe::FOUND,
            };
        }
        let mask = u64::from_le_bytes(d[8..16].try_into().expect("8"));
        if mask & lex_table::cold_bit(h) == 0 {
            return Probe::NONE;
        }
        Probe {
            at: at(4),
            end: at(20),
        }
    }

    /// The offset of the values of `word` among the entries `blob[start..end]`.
    #[inline]
    fn scan(&self, word: &[u8], start: u32, end: u32) -> Option<u32> {
        let blob: &'static [u8] = self.blob;
        let part = &blob[start as usize..end as usize];
        let stride = self.width + 1;
        let mut p = 0;
        while p < part.len() {
            let n = part[p] as usize;
            if n == word.len() && same_bytes(&part[p + 1..p + 1 + n], word) {
                return Some(start + (p + 1 + n) as u32);
            }
            p += 1 + n + stride;
        }
        None
    }

    /// [`LexGroup::row`] in two steps, for many words at once: `prefetch` every word first (it
    /// looks the word up among the frequent words of its bucket, and otherwise starts loading
    /// the rest of the bucket), then [`LexGroup::row_at`] each. The loads of the rare words then
    /// overlap instead of each waiting for memory in turn.
    #[inline]
    pub fn prefetch(&self, lower_word: &str) -> Probe {
        let p = self.probe(lower_word);
        if p.end != Probe::FOUND && p.at < p.end {
            std::hint::black_box(self.blob[p.at as usize]);
        }
        p
    }

    /// The values of `lower_word` (one per lexicon of the group), looked up from `probe`, which
    /// must come from [`LexGroup::prefetch`] for this word.
    #[inline]
    pub fn row_at(&self, lower_word: &str, probe: Probe) -> Option<&'static [u8]> {
        self.entry_at(lower_word, probe).map(|e| &e[..self.width])
    }

    /// The values and the casing byte of `lower_word`, from its probe.
    #[inline]
    fn entry_at(&self, lower_word: &str, probe: Probe) -> Option<&'static [u8]> {
        let at = if probe.end == Probe::FOUND {
            probe.at
        } else {
            self.scan(lower_word.as_bytes(), probe.at, probe.end)?
        } as usize;
        let blob: &'static [u8] = self.blob;
        Some(&blob[at..at + self.width + 1])
    }

    /// Whether some word of the group starts with the first character of `lower_word`.
    #[inline]
    fn possible(&self, lower_word: &str) -> bool {
        let first = lower_word.chars().next().map(|c| c as u32);
        match first {
            Some(c) if c < 0x800 => self.first_low[c as usize / 64] & (1 << (c % 64)) != 0,
            Some(_) => self.first_high,
            None => false,
        }
    }
}

/// `a == b` for two slices of the same length, eight bytes at a time (words are short: no call
/// to `memcmp`).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
    for (x, y) in (&mut ca).zip(&mut cb) {
        if word(x) != word(y) {
            return false;
        }
    }
    let (ra, rb) = (ca.remainder(), cb.remainder());
    ra.len() == rb.len() && lex_table::tail(ra) == lex_table::tail(rb)
}

/// The lexicon for `code`, when one is bundled.
pub fn lexicon(code: &str) -> Option<&'static Lexicon> {
    LEXICONS.iter().find(|(c, _)| *c == code).map(|(_, l)| l)
}

/// The words of language `code`'s bundled lexicon, in table order (none for a language without
/// one).
pub fn lexicon_words(code: &str) -> impl Iterator<Item = &'static str> {
    lexicon(code).into_iter().flat_map(|lex| {
        let col = lex.col;
        lex.group
            .entries()
            .filter(move |(_, values)| values[col] != 0)
            .map(|(word, _)| word)
    })
}

/// Codes of the languages with a bundled lexicon.
pub fn lexicon_codes() -> impl Iterator<Item = &'static str> {
    LEXICONS.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_words_are_the_table_words() {
        for code in ["fr", "ru"] {
            let lex = lexicon(code).unwrap();
            let words: Vec<&str> = lexicon_words(code).collect();
            assert!(words.len() > 10_000, "{code}: {}", words.len());
            assert!(words.iter().all(|w| lex.contains(w)), "{code}");
        }
    }

    /// The source lists the tables are compiled from: code, TSV text.
    static LEXICON_TEXTS: &[(&str, &str)] = &[
        ("fr", include_str!("../data/wordfreq/fr.tsv")),
        ("en", include_str!("../data/wordfreq/en.tsv")),
        ("de", include_str!("../data/wordfreq/de.tsv")),
        ("es", include_str!("../data/wordfreq/es.tsv")),
        ("it", include_str!("../data/wordfreq/it.tsv")),
        ("ru", include_str!("../data/wordfreq/ru.tsv")),
    ];
    static CASING_TEXTS: &[(&str, &str)] = &[
        ("fr", include_str!("../data/casing/fr.tsv")),
        ("en", include_str!("../data/casing/en.tsv")),
        ("ru", include_str!("../data/casing/ru.tsv")),
        ("es", include_str!("../data/casing/es.tsv")),
    ];

    fn text_of(code: &str) -> &'static str {
        LEXICON_TEXTS.iter().find(|(c, _)| *c == code).unwrap().1
    }

    /// A table built at run time, as build.rs builds the bundled ones.
    fn build_group(texts: &[&str], casings: &[&str]) -> LexGroup {
        let b = lex_table::build(texts, casings).unwrap();
        LexGroup {
            blob: Box::leak(b.blob.into_boxed_slice()),
            dir: Box::leak(b.dir.into_boxed_slice()),
            shift: b.shift,
            width: b.width,
            first_low: b.first_low,
            first_high: b.first_high,
        }
    }

    #[test]
    fn casing_lists_parse_and_know_their_words() {
        assert_eq!(CASINGS.len(), CASING_TEXTS.len());
        for (code, text) in CASING_TEXTS {
            let table = casing(code).unwrap();
            let lex = lexicon(code).unwrap();
            for line in text.lines() {
                let (w, k) = line.split_once('\t').expect("word TAB mark");
                let want = match k.trim_end() {
                    "C" => UsualCase::Capitalized,
                    "U" => UsualCase::Upper,
                    "X" => UsualCase::Unknown,
                    other => panic!("{code}: {line:?}: mark {other:?}"),
                };
                assert_eq!(table.of(w), want, "{code}: {w}");
                assert!(lex.contains(w), "{code}: {w} is a lexicon word");
            }
        }
        let fr = casing("fr").unwrap();
        assert_eq!(fr.of("russie"), UsualCase::Capitalized);
        assert_eq!(fr.of("hydromel"), UsualCase::Lower);
        assert_eq!(fr.of("onu"), UsualCase::Upper);
        assert_eq!(fr.of("reach"), UsualCase::Unknown);
        assert_eq!(fr.of("zzzzqx"), UsualCase::Lower);
        assert_eq!(casing("ru").unwrap().of("москве"), UsualCase::Capitalized);
        assert!(casing("de").is_none());
        // Another list's acronyms and brands count where the language's own list is silent.
        assert_eq!(usual_case("ru", "usb"), UsualCase::Upper);
        assert_eq!(usual_case("de", "fedex"), UsualCase::Upper);
        assert_eq!(usual_case("de", "nicht"), UsualCase::Lower);
        assert_eq!(usual_case("fr", "hydromel"), UsualCase::Lower);
    }

    #[test]
    fn casing_bits_are_per_list() {
        let lex = "paris\t5.0\nnato\t4.0\nword\t3.0\n";
        let g: &'static LexGroup = Box::leak(Box::new(build_group(
            &[lex, lex],
            &["paris\tC\nnato\tU\n", "nato\tX\nword\tC\n"],
        )));
        let of = |slot, w| CasingTable { group: g, slot }.of(w);
        assert_eq!(of(0, "paris"), UsualCase::Capitalized);
        assert_eq!(of(0, "nato"), UsualCase::Upper);
        assert_eq!(of(0, "word"), UsualCase::Lower);
        assert_eq!(of(1, "paris"), UsualCase::Lower);
        assert_eq!(of(1, "nato"), UsualCase::Unknown);
        assert_eq!(of(1, "word"), UsualCase::Capitalized);
        assert_eq!(of(1, "absent"), UsualCase::Lower);
        // A casing word that no lexicon of the group has does not build.
        assert!(lex_table::build(&[lex], &["other\tC\n"]).is_err());
    }

    #[test]
    fn bundled_data_parses() {
        for lang in build_languages().unwrap().values() {
            lang.rules.try_compile().unwrap();
        }
        assert!(language("fr").unwrap().is_latin());
        assert!(language("xx").is_err());
        assert!(lexicon("fr").unwrap().zipf("le") > 7.0);
        assert_eq!(lexicon("fr").unwrap().zipf("zzzzqx"), 0.0);
    }

    #[test]
    fn grouped_lexicons_match_the_lists() {
        // Every lexicon is in exactly one group, in the order of the source lists, and every
        // bundled line is `word<TAB>d.d`.
        let flat: Vec<&str> = LEX_GROUPS.iter().flat_map(|g| g.iter().copied()).collect();
        let codes: Vec<&str> = lexicon_codes().collect();
        assert_eq!(codes, flat);
        for (code, text) in LEXICON_TEXTS {
            let groups = LEX_GROUPS.iter().filter(|g| g.contains(code)).count();
            assert_eq!(groups, 1, "{code}");
            let lex = lexicon(code).unwrap();
            let mut want: std::collections::HashMap<&str, f32> = HashMap::new();
            for line in text.lines() {
                let (w, z) = line.split_once('\t').expect("word TAB zipf");
                let b = z.as_bytes();
                assert!(
                    b.len() == 3 && b[0].is_ascii_digit() && b[1] == b'.' && b[2].is_ascii_digit(),
                    "{code}: {line:?}"
                );
                want.insert(w, z.parse::<f32>().unwrap());
            }
            for (w, z) in &want {
                assert_eq!(lex.zipf(w).to_bits(), z.to_bits(), "{code}: {w}");
                assert!(lex.contains(w));
            }
        }
        // Words of one list are unknown to the others unless listed there too.
        let fr = lexicon("fr").unwrap();
        let fr_words: HashSet<&str> = text_of("fr")
            .lines()
            .filter_map(|l| l.split('\t').next())
            .collect();
        let en_only = text_of("en")
            .lines()
            .filter_map(|l| l.split('\t').next())
            .find(|w| !fr_words.contains(w))
            .unwrap();
        assert!(lexicon("en").unwrap().contains(en_only));
        assert!(
            !fr.contains(en_only) && fr.zipf(en_only) == 0.0,
            "{en_only}"
        );
        assert_eq!(lexicon("ru").unwrap().zipf("zzzzqx"), 0.0);
        use lex_table::parse_tenths;
        assert_eq!(parse_tenths("4.7"), Some(47));
        assert_eq!(parse_tenths("4.75"), Some(48));
        assert_eq!(parse_tenths("0.0"), None);
        assert_eq!(parse_tenths("x"), None);
        for t in 1..=99u8 {
            let text = format!("{}.{}", t / 10, t % 10);
            assert_eq!(zipf_of(t).to_bits(), text.parse::<f32>().unwrap().to_bits());
        }
    }

    #[test]
    fn lexicon_parser_edge_cases() {
        let a = "x\t5.0\nno tab here\ncrlf\t4.2\r\nlong\t3.25\n\nlast\t2.5\nдом\t3.0\n東京\t3.1\n";
        let b = "x\t6.1\nx\t6.3\nother\t9.9\n";
        let g = build_group(&[a, b], &[]);
        let row = |w: &str| g.row(w).map(<[u8]>::to_vec);
        assert_eq!(row("x"), Some(vec![50, 63]));
        assert_eq!(row("crlf"), Some(vec![42, 0]));
        assert_eq!(row("long"), Some(vec![33, 0]));
        assert_eq!(row("last"), Some(vec![25, 0]));
        assert_eq!(row("other"), Some(vec![0, 99]));
        assert_eq!(row("no tab here"), None);
        // The first-character filter passes words that are there, whatever their script.
        assert_eq!(row("дом"), Some(vec![30, 0]));
        assert_eq!(row("дым"), None);
        assert_eq!(row("мир"), None);
        assert_eq!(row("東京"), Some(vec![31, 0]));
        assert_eq!(row("東"), None);
        assert_eq!(row(""), None);
        // Words of any length, and words that share a bucket.
        let long = "a".repeat(255);
        let many: String = (0..1000).map(|i| format!("w{i}\t1.{}\n", i % 10)).collect();
        let g = build_group(&[&format!("{long}\t2.0\n{many}")], &[]);
        assert_eq!(g.row(&long).map(<[u8]>::to_vec), Some(vec![20]));
        assert_eq!(g.row(&long[1..]), None);
        for i in 0..1000 {
            let want = vec![10 + (i % 10) as u8];
            assert_eq!(g.row(&format!("w{i}")).map(<[u8]>::to_vec), Some(want));
        }
        assert!(lex_table::build(&[&format!("{}\t2.0\n", "a".repeat(256))], &[]).is_err());
    }

    #[test]
    fn table_gives_the_map_rows() {
        // The compiled table against a plain map built from the lists, for every word and for
        // variants that are in no list, through `row` and through `prefetch` + `row_at` with the
        // probes taken first.
        for code in ["fr", "ru"] {
            let group = lexicon(code).unwrap().group();
            let members = LEX_GROUPS.iter().find(|g| g.contains(&code)).unwrap();
            let mut want: HashMap<&str, Vec<u8>> = HashMap::new();
            for (col, m) in members.iter().enumerate() {
                for line in text_of(m).lines() {
                    let (w, z) = line.split_once('\t').unwrap();
                    want.entry(w).or_insert_with(|| vec![0; members.len()])[col] =
                        lex_table::parse_tenths(z).unwrap();
                }
            }
            let mut variants: Vec<String> = Vec::new();
            for w in want.keys().step_by(3) {
                variants.push(w.to_string());
                variants.push(format!("{w}x"));
                variants.push(format!("{w}{w}{w}"));
                variants.push(w.chars().rev().collect());
                variants.push(w.chars().take(2).collect());
            }
            variants.extend(["", "zzzqqq", "東京", "дом", "the", "der", "и"].map(String::from));
            let probes: Vec<Probe> = variants.iter().map(|v| group.prefetch(v)).collect();
            for (v, p) in variants.iter().zip(probes) {
                let expect = want.get(v.as_str()).cloned();
                assert_eq!(group.row(v).map(<[u8]>::to_vec), expect, "{v:?}");
                let at = group.row_at(v, p);
                assert_eq!(at.map(<[u8]>::to_vec), expect, "{v:?}");
            }
        }
    }

    #[test]
    fn every_pack_is_loaded() {
        for (code, _) in PACKS {
            assert!(language(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn a_language_outside_the_data_is_built_from_cldr() {
        let se = language("se-NO").unwrap();
        assert_eq!(
            (se.name.as_str(), se.code.as_str()),
            ("Northern Sami", "se")
        );
        assert_eq!(se.scripts, [Script::Latin]);
        assert!(se.from_cldr && se.whatlang.is_none() && !se.has_pack);
        // Built once: the same language each time.
        assert!(std::ptr::eq(se, language("se").unwrap()));
        assert_eq!(language("yue").unwrap().scripts, [Script::Han]);
        assert!(skipped_checks(se).unwrap().contains("language-switch"));
        // Languages with data are not from CLDR; with a pack, nothing is skipped.
        assert!(skipped_checks(language("fr").unwrap()).is_none());
        assert!(
            skipped_checks(language("da").unwrap())
                .unwrap()
                .contains("no phrasing pack")
        );
        assert!(language("xx").is_err());
        // Every CLDR row has a name and scripts mtlint can map.
        for line in CLDR_LANGUAGES.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 3, "{line}");
            assert!(
                f[2].split(' ').any(|s| !scripts_of_iso15924(s).is_empty()),
                "{line}"
            );
        }
    }
}
