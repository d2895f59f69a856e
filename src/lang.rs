//! Language knowledge compiled into the binary: scripts and quotes per language
//! (`data/languages.toml`), phrasing packs (`data/lang/<code>.toml`) and word-frequency lexicons
//! (`data/wordfreq/<code>.tsv`) with the usual casing of their words (`data/casing/<code>.tsv`).

use crate::rules_file::{RegexRule, RuleFile};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;
use unicode_script::Script;

static LANGUAGES_TOML: &str = include_str!("../data/languages.toml");

/// The language packs compiled in: code, TOML text.
static PACKS: &[(&str, &str)] = &[
    ("fr", include_str!("../data/lang/fr.toml")),
    ("en", include_str!("../data/lang/en.toml")),
    ("de", include_str!("../data/lang/de.toml")),
    ("es", include_str!("../data/lang/es.toml")),
    ("it", include_str!("../data/lang/it.toml")),
    ("ru", include_str!("../data/lang/ru.toml")),
];

/// The word-frequency lexicons compiled in: code, TSV text (word, Zipf frequency).
static LEXICONS: &[(&str, &str)] = &[
    ("fr", include_str!("../data/wordfreq/fr.tsv")),
    ("en", include_str!("../data/wordfreq/en.tsv")),
    ("de", include_str!("../data/wordfreq/de.tsv")),
    ("es", include_str!("../data/wordfreq/es.tsv")),
    ("it", include_str!("../data/wordfreq/it.tsv")),
    ("ru", include_str!("../data/wordfreq/ru.tsv")),
];

/// The usual casing of the lexicon words, where a spelling dictionary with a compatible licence
/// gave it: code, TSV text (lower-case word, `C` | `U` | `X`; see data/casing/README.md).
static CASINGS: &[(&str, &str)] = &[
    ("fr", include_str!("../data/casing/fr.tsv")),
    ("en", include_str!("../data/casing/en.tsv")),
    ("ru", include_str!("../data/casing/ru.tsv")),
    ("es", include_str!("../data/casing/es.tsv")),
];

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

/// The usual casing of each listed word of one language.
pub struct CasingTable(HashMap<&'static str, UsualCase>);

impl CasingTable {
    fn parse(text: &'static str) -> Self {
        let map = text
            .lines()
            .filter_map(|l| {
                let (w, k) = l.split_once('\t')?;
                let k = match k.trim_end() {
                    "C" => UsualCase::Capitalized,
                    "U" => UsualCase::Upper,
                    "X" => UsualCase::Unknown,
                    _ => return None,
                };
                Some((w, k))
            })
            .collect();
        CasingTable(map)
    }

    /// How `lower_word` (a lexicon word, lower case) is usually written: unlisted words of the
    /// lexicon are common lower-case words.
    pub fn of(&self, lower_word: &str) -> UsualCase {
        self.0.get(lower_word).copied().unwrap_or(UsualCase::Lower)
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
        .filter_map(|(c, _)| casing(c))
        .any(|t| t.of(lower_word) == UsualCase::Upper);
    if upper_elsewhere {
        UsualCase::Upper
    } else {
        own.unwrap_or(UsualCase::Lower)
    }
}

/// The casing table for `code`, when one is bundled (parsed on first use).
pub fn casing(code: &str) -> Option<&'static CasingTable> {
    static CELLS: [OnceLock<CasingTable>; CASINGS.len()] =
        [const { OnceLock::new() }; CASINGS.len()];
    let idx = CASINGS.iter().position(|(c, _)| *c == code)?;
    Some(CELLS[idx].get_or_init(|| CasingTable::parse(CASINGS[idx].1)))
}

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
    /// whatlang's id for the language.
    pub whatlang: whatlang::Lang,
    /// Whether Latin brands, acronyms and product names are kept as they are.
    pub keeps_latin_names: bool,
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
        let rules = PackRules::new(pack_name, code.clone(), pack.rule);
        let lang = Language {
            code: code.clone(),
            name: r.name,
            scripts,
            quotes: r.quotes,
            whatlang,
            keeps_latin_names: r.keeps_latin_names,
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

/// The lexicons of the languages written in one script, in one table: word → one Zipf value (in
/// tenths, 0 = absent) per language.
///
/// The table is open-addressed with linear probing, and a slot holds the word itself (up to
/// [`INLINE_KEY`] bytes, zero-padded) next to its values: a lookup reads one 32-byte slot, half a
/// cache line, and compares the key as three machine words. That makes the lookups of a
/// segment's words independent memory accesses that [`LexGroup::prefetch`] can start all at once
/// (language-switch looks up every word of every segment; see `reports/bench.md`). Longer words,
/// rare in running text, are in a hash map beside it.
#[derive(Debug)]
pub struct LexGroup {
    slots: Box<[Slot]>,
    /// `64 - log2(slots.len())`: the top bits of a hash pick the first slot.
    shift: u32,
    /// Words longer than [`INLINE_KEY`] bytes.
    long: rustc_hash::FxHashMap<&'static str, [u8; MAX_GROUP]>,
    width: usize,
    /// First characters of the words below U+0800, one bit each; `first_high`: some word starts
    /// at or above U+0800. A word whose first character is not there is in no lexicon of the
    /// group, and is not hashed at all (a Cyrillic word in a Latin-script group, say).
    first_low: Box<[u64; 32]>,
    first_high: bool,
}

/// Most lexicons in one group.
pub const MAX_GROUP: usize = 7;

/// Longest word (in bytes) kept inside a table slot.
pub const INLINE_KEY: usize = 24;

/// One table slot: the word zero-padded, as three little-endian words (`len` 0: empty slot), and
/// its values.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(32))]
struct Slot {
    key: [u64; 3],
    len: u8,
    row: [u8; MAX_GROUP],
}

const EMPTY_SLOT: Slot = Slot {
    key: [0; 3],
    len: 0,
    row: [0; MAX_GROUP],
};

/// A word of at most [`INLINE_KEY`] bytes, zero-padded, as three little-endian machine words.
#[inline]
fn padded(bytes: &[u8]) -> [u64; 3] {
    debug_assert!(bytes.len() <= INLINE_KEY);
    let mut k = [0u64; 3];
    let mut i = 0;
    while i + 8 <= bytes.len() {
        k[i / 8] = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        i += 8;
    }
    if i < bytes.len() {
        k[i / 8] = tail(&bytes[i..]);
    }
    k
}

/// 1 to 7 bytes as a little-endian number, in at most two loads: two overlapping reads of the
/// first and the last 4 (or 2) bytes put each byte at its place (where they overlap, both reads
/// hold the same byte).
#[inline]
fn tail(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4")));
    let u16_at = |i: usize| u64::from(u16::from_le_bytes(b[i..i + 2].try_into().expect("2")));
    match n {
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        2..=3 => u16_at(0) | u16_at(n - 2) << (8 * (n - 2)),
        1 => u64::from(b[0]),
        _ => 0,
    }
}

/// Hash of a padded key (multiply-rotate; the top bits, which pick the slot, depend on every
/// byte).
#[inline]
fn key_hash(k: &[u64; 3], len: usize) -> u64 {
    const M: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (k[0] ^ 0x243F_6A88_85A3_08D3).wrapping_mul(M);
    let h = (h.rotate_left(29) ^ k[1]).wrapping_mul(M);
    let h = (h.rotate_left(29) ^ k[2] ^ len as u64).wrapping_mul(M);
    h ^ (h >> 31)
}

/// Where a lookup starts, and the padded word: from [`LexGroup::prefetch`], for
/// [`LexGroup::row_at`].
#[derive(Clone, Copy, Debug)]
pub struct Probe(usize, [u64; 3]);

impl Probe {
    /// The word is in no lexicon of the group (its first character rules it out), or it is too
    /// long for the table and goes to the map of long words.
    const NONE: usize = usize::MAX;
    const LONG: usize = usize::MAX - 1;
}

impl LexGroup {
    fn parse(texts: &[&'static str]) -> LexGroup {
        let width = texts.len();
        assert!(
            width <= MAX_GROUP,
            "at most {MAX_GROUP} lexicons in a group"
        );
        // Room for every line at a load factor of at most 0.7 (fewer when words repeat).
        let lines: usize = texts
            .iter()
            .map(|t| t.bytes().filter(|&b| b == b'\n').count() + 1)
            .sum();
        let n = (lines * 10 / 7).next_power_of_two().max(16);
        let mut g = LexGroup {
            slots: huge_table(n),
            shift: 64 - n.trailing_zeros(),
            long: rustc_hash::FxHashMap::default(),
            width,
            first_low: Box::new([0u64; 32]),
            first_high: false,
        };
        const PIPELINE: usize = 16;
        let mut pending: std::collections::VecDeque<(&'static str, usize, usize, u8)> =
            std::collections::VecDeque::with_capacity(PIPELINE);
        for (col, text) in texts.iter().enumerate() {
            let bytes = text.as_bytes();
            let mut start = 0;
            while start < bytes.len() {
                // One line: word, tab, value. Find the tab (or a line without one)...
                let rest = &bytes[start..];
                let Some(p) = rest.iter().position(|&b| b == b'\t' || b == b'\n') else {
                    break;
                };
                if rest[p] == b'\n' {
                    start += p + 1;
                    continue;
                }
                let tab = start + p;
                // ... then the end of the line: right after a three-byte value ("4.7") in the
                // bundled lists, else at the next newline.
                let end = if bytes.get(tab + 4).is_none_or(|&b| b == b'\n')
                    && !bytes[tab + 1..(tab + 4).min(bytes.len())].contains(&b'\n')
                {
                    (tab + 4).min(bytes.len())
                } else {
                    bytes[tab..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |q| tab + q)
                };
                let line_start = start;
                start = end + 1;
                // Tab and newline are ASCII: both slices are on character boundaries.
                let w = &text[line_start..tab];
                let Some(tenths) = parse_tenths(&text[tab + 1..end]) else {
                    continue;
                };
                if w.is_empty() {
                    continue;
                }
                // Inserted a few lines later, after a prefetch of the word's slot: the inserts
                // do not each wait for memory. First in, first inserted: a later line for the
                // same word wins, as in a map insert.
                let start = g.home(w);
                if start < g.slots.len() {
                    prefetch_read(&g.slots[start]);
                }
                if pending.len() == PIPELINE {
                    let (w, start, col, tenths) = pending.pop_front().expect("full");
                    g.entry_at(w, start)[col] = tenths;
                }
                pending.push_back((w, start, col, tenths));
                match w.chars().next().map(|c| c as u32) {
                    Some(c) if c < 0x800 => g.first_low[c as usize / 64] |= 1 << (c % 64),
                    Some(_) => g.first_high = true,
                    None => {}
                }
            }
        }
        for (w, start, col, tenths) in pending {
            g.entry_at(w, start)[col] = tenths;
        }
        g
    }

    /// The first slot of `w`'s probe sequence; past the end for a word too long for a slot.
    fn home(&self, w: &str) -> usize {
        let bytes = w.as_bytes();
        if bytes.len() > INLINE_KEY {
            return usize::MAX;
        }
        (key_hash(&padded(bytes), bytes.len()) >> self.shift) as usize
    }

    /// The values of `w`, inserted (all 0) when new; `start` is [`LexGroup::home`] of `w`.
    fn entry_at(&mut self, w: &'static str, start: usize) -> &mut [u8; MAX_GROUP] {
        let bytes = w.as_bytes();
        if bytes.len() > INLINE_KEY {
            return self.long.entry(w).or_insert([0; MAX_GROUP]);
        }
        let key = padded(bytes);
        let mask = self.slots.len() - 1;
        let mut i = start;
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                let s = &mut self.slots[i];
                s.key = key;
                s.len = bytes.len() as u8;
                return &mut s.row;
            }
            if s.len as usize == bytes.len() && s.key == key {
                return &mut self.slots[i].row;
            }
            i = (i + 1) & mask;
        }
    }

    /// The Zipf values (tenths, 0 = absent; see [`zipf_of`]) of a lower-case word in every
    /// lexicon of the group, in column order; None when no lexicon of the group has it.
    pub fn row(&self, lower_word: &str) -> Option<&[u8]> {
        self.row_at(lower_word, self.probe(lower_word))
            .map(|r| &r[..self.width])
    }

    /// Where the lookup of `lower_word` starts, without touching the table.
    #[inline]
    fn probe(&self, lower_word: &str) -> Probe {
        if !self.possible(lower_word) {
            return Probe(Probe::NONE, [0; 3]);
        }
        let bytes = lower_word.as_bytes();
        if bytes.len() > INLINE_KEY {
            return Probe(Probe::LONG, [0; 3]);
        }
        let key = padded(bytes);
        Probe((key_hash(&key, bytes.len()) >> self.shift) as usize, key)
    }

    /// [`LexGroup::row`] in two steps, for many words at once: `prefetch` every word first (it
    /// asks the CPU to load the word's slot), then [`LexGroup::row_at`] each. The loads then
    /// overlap instead of each waiting for memory in turn.
    #[inline]
    pub fn prefetch(&self, lower_word: &str) -> Probe {
        let p = self.probe(lower_word);
        if p.0 < Probe::LONG {
            prefetch_read(&self.slots[p.0]);
        }
        p
    }

    /// The values of `lower_word` (all [`MAX_GROUP`] of them; those past the group's width are
    /// 0), looked up from `probe`, which must come from [`LexGroup::prefetch`] for this word.
    #[inline]
    pub fn row_at(&self, lower_word: &str, probe: Probe) -> Option<&[u8; MAX_GROUP]> {
        match probe.0 {
            Probe::NONE => None,
            Probe::LONG => self.long.get(lower_word),
            start => {
                let bytes = lower_word.as_bytes();
                let key = probe.1;
                let mask = self.slots.len() - 1;
                let mut i = start;
                loop {
                    let s = &self.slots[i];
                    if s.len == 0 {
                        return None;
                    }
                    if s.len as usize == bytes.len() && s.key == key {
                        return Some(&s.row);
                    }
                    i = (i + 1) & mask;
                }
            }
        }
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

/// `n` empty slots. On Linux the memory is first marked for transparent huge pages: a lookup
/// touches a random slot of a table of many megabytes, and with 4 KiB pages nearly every lookup
/// would also miss the TLB (a page walk, costly under virtualisation).
fn huge_table(n: usize) -> Box<[Slot]> {
    let mut v: Vec<Slot> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = v.as_ptr() as usize;
        let end = start + n * std::mem::size_of::<Slot>();
        let (a, b) = (start.div_ceil(HUGE) * HUGE, end / HUGE * HUGE);
        if b > a {
            // SAFETY: madvise only advises the kernel about how to back pages of this process's
            // own allocation ([a, b) lies inside the capacity just reserved, not yet touched); it
            // neither reads nor writes the memory, and a failure is harmless (ignored).
            unsafe { libc::madvise(a as *mut libc::c_void, b - a, libc::MADV_HUGEPAGE) };
        }
    }
    v.resize(n, EMPTY_SLOT);
    v.into_boxed_slice()
}

/// Asks the CPU to bring `slot` into its cache (a hint: no effect on the result).
#[inline(always)]
fn prefetch_read(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint that never faults and reads nothing the program sees; the
        // pointer comes from a live reference anyway, and SSE is part of the x86-64 baseline.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((slot as *const Slot).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = slot;
    }
}

/// A Zipf value of the bundled lists ("4.7") in tenths. Values that are not one-decimal numbers
/// are parsed and rounded to tenths (the bundled lists have none: tested); 0 and below, or
/// unparsable values, are skipped.
fn parse_tenths(z: &str) -> Option<u8> {
    let z = z.strip_suffix('\r').unwrap_or(z);
    match z.as_bytes() {
        &[a @ b'0'..=b'9', b'.', b @ b'0'..=b'9'] => {
            let t = (a - b'0') * 10 + (b - b'0');
            (t > 0).then_some(t)
        }
        _ => {
            let v: f32 = z.parse().ok()?;
            let t = (v * 10.0).round();
            (1.0..=255.0).contains(&t).then_some(t as u8)
        }
    }
}

/// Lexicon groups: languages whose lexicons share a table (same script).
const LEX_GROUPS: &[&[&str]] = &[&["fr", "en", "de", "es", "it"], &["ru"]];

/// The lexicon for `code`, parsed on first use (with the other lexicons of its group).
pub fn lexicon(code: &str) -> Option<&'static Lexicon> {
    static GROUPS: [OnceLock<LexGroup>; 2] = [const { OnceLock::new() }; 2];
    static CELLS: [OnceLock<Lexicon>; 6] = [const { OnceLock::new() }; 6];
    let idx = LEXICONS.iter().position(|(c, _)| *c == code)?;
    Some(CELLS[idx].get_or_init(|| {
        let (g, members) = LEX_GROUPS
            .iter()
            .enumerate()
            .find(|(_, m)| m.contains(&code))
            .expect("every lexicon is in a group (tested)");
        let group = GROUPS[g].get_or_init(|| {
            let texts: Vec<&'static str> = members
                .iter()
                .map(|m| {
                    LEXICONS
                        .iter()
                        .find(|(c, _)| c == m)
                        .expect("group member has a lexicon")
                        .1
                })
                .collect();
            LexGroup::parse(&texts)
        });
        let col = members.iter().position(|m| *m == code).unwrap_or(0);
        Lexicon { group, col }
    }))
}

/// The words of language `code`'s bundled lexicon, most frequent first (none for a language
/// without one).
pub fn lexicon_words(code: &str) -> impl Iterator<Item = &'static str> {
    LEXICONS
        .iter()
        .filter(move |(c, _)| *c == code)
        .flat_map(|(_, text)| text.lines())
        .filter_map(|l| l.split('\t').next())
        .filter(|w| !w.is_empty())
}

/// Codes of the languages with a bundled lexicon.
pub fn lexicon_codes() -> impl Iterator<Item = &'static str> {
    LEXICONS.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_lists_parse_and_know_their_words() {
        for (code, text) in CASINGS {
            let table = casing(code).unwrap();
            assert_eq!(
                table.0.len(),
                text.lines().count(),
                "{code}: every line parses"
            );
            let lex = lexicon(code).unwrap();
            for w in table.0.keys() {
                assert!(lex.contains(w), "{code}: {w} is a lexicon word");
            }
        }
        let fr = casing("fr").unwrap();
        assert_eq!(fr.of("russie"), UsualCase::Capitalized);
        assert_eq!(fr.of("hydromel"), UsualCase::Lower);
        assert_eq!(fr.of("onu"), UsualCase::Upper);
        assert_eq!(fr.of("reach"), UsualCase::Unknown);
        assert_eq!(casing("ru").unwrap().of("москве"), UsualCase::Capitalized);
        assert!(casing("de").is_none());
        // Another list's acronyms and brands count where the language's own list is silent.
        assert_eq!(usual_case("ru", "usb"), UsualCase::Upper);
        assert_eq!(usual_case("de", "fedex"), UsualCase::Upper);
        assert_eq!(usual_case("de", "nicht"), UsualCase::Lower);
        assert_eq!(usual_case("fr", "hydromel"), UsualCase::Lower);
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
        // Every lexicon is in exactly one group, and every bundled line is `word<TAB>d.d`.
        for (code, text) in LEXICONS {
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
        let fr_words: HashSet<&str> = LEXICONS[0]
            .1
            .lines()
            .filter_map(|l| l.split('\t').next())
            .collect();
        let en_only = LEXICONS[1]
            .1
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
        let g = LexGroup::parse(&[a, b]);
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
    }

    #[test]
    fn padded_keys_are_the_zero_padded_bytes() {
        let text = "abcdefghijklmnopqrstuvwx";
        for n in 0..=INLINE_KEY {
            let mut want = [0u8; INLINE_KEY];
            want[..n].copy_from_slice(&text.as_bytes()[..n]);
            let words: Vec<u64> = want
                .chunks(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
                .collect();
            assert_eq!(padded(&text.as_bytes()[..n]).to_vec(), words, "{n}");
        }
    }

    #[test]
    fn table_gives_the_map_rows() {
        // The open-addressed table (short words inline, long ones in a map) against a plain map
        // built from the lists, for every word and for variants that are in no list, through
        // `row` and through `prefetch` + `row_at` with the probes taken first.
        for code in ["fr", "ru"] {
            let group = lexicon(code).unwrap().group();
            let members = LEX_GROUPS.iter().find(|g| g.contains(&code)).unwrap();
            let mut want: HashMap<&str, Vec<u8>> = HashMap::new();
            for (col, m) in members.iter().enumerate() {
                let text = LEXICONS.iter().find(|(c, _)| c == m).unwrap().1;
                for line in text.lines() {
                    let (w, z) = line.split_once('\t').unwrap();
                    want.entry(w).or_insert_with(|| vec![0; members.len()])[col] =
                        parse_tenths(z).unwrap();
                }
            }
            let long = want.keys().filter(|w| w.len() > INLINE_KEY).count();
            assert!(long > 0, "{code}: some words are longer than a slot holds");
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
                assert_eq!(at.map(|r| r[..members.len()].to_vec()), expect, "{v:?}");
                assert!(at.is_none_or(|r| r[members.len()..].iter().all(|&b| b == 0)));
            }
        }
    }

    #[test]
    fn every_pack_is_loaded() {
        for (code, _) in PACKS {
            assert!(language(code).is_ok(), "{code}");
        }
    }
}
