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

/// The lexicons of the languages written in one script, in one hash table: word → one Zipf value
/// (in tenths, 0 = absent) per language.
#[derive(Debug)]
pub struct LexGroup {
    /// Word → its values, `width` of them used (kept in the map: one memory access less).
    map: rustc_hash::FxHashMap<&'static str, [u8; MAX_GROUP]>,
    width: usize,
    /// First characters of the words below U+0800, one bit each; `first_high`: some word starts
    /// at or above U+0800. A word whose first character is not there is in no lexicon of the
    /// group, and is not hashed at all (a Cyrillic word in a Latin-script group, say).
    first_low: Box<[u64; 32]>,
    first_high: bool,
    /// Index of the group in [`LEX_GROUPS`] (its slot in a [`RowCache`]).
    id: usize,
}

/// Most lexicons in one group.
pub const MAX_GROUP: usize = 8;

impl LexGroup {
    fn parse(id: usize, texts: &[&'static str]) -> LexGroup {
        let width = texts.len();
        assert!(
            width <= MAX_GROUP,
            "at most {MAX_GROUP} lexicons in a group"
        );
        let lines: usize = texts.iter().map(|t| t.len() / 10).sum();
        let mut map = rustc_hash::FxHashMap::default();
        map.reserve(lines);
        let mut first_low = Box::new([0u64; 32]);
        let mut first_high = false;
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
                // A later line for the same word wins, as in a map insert.
                map.entry(w).or_insert([0; MAX_GROUP])[col] = tenths;
                match w.chars().next().map(|c| c as u32) {
                    Some(c) if c < 0x800 => first_low[c as usize / 64] |= 1 << (c % 64),
                    Some(_) => first_high = true,
                    None => {}
                }
            }
        }
        LexGroup {
            map,
            width,
            first_low,
            first_high,
            id,
        }
    }

    /// The Zipf values (tenths, 0 = absent; see [`zipf_of`]) of a lower-case word in every
    /// lexicon of the group, in column order; None when no lexicon of the group has it.
    pub fn row(&self, lower_word: &str) -> Option<&[u8]> {
        if !self.possible(lower_word) {
            return None;
        }
        self.map.get(lower_word).map(|r| &r[..self.width])
    }

    /// Whether some word of the group starts with the first character of `lower_word`.
    fn possible(&self, lower_word: &str) -> bool {
        let first = lower_word.chars().next().map(|c| c as u32);
        match first {
            Some(c) if c < 0x800 => self.first_low[c as usize / 64] & (1 << (c % 64)) != 0,
            Some(_) => self.first_high,
            None => true,
        }
    }
}

/// Longest word (in bytes) a [`RowCache`] entry holds; longer words go to the table directly.
const CACHE_KEY: usize = 22;
/// Entries per group in a [`RowCache`] (a power of two).
const CACHE_SLOTS: usize = 32768;

/// One remembered lookup: the word's bytes, and its row (`found` false: in no lexicon).
#[derive(Clone, Copy)]
struct CacheEntry {
    /// Length of the word; `u8::MAX` for an empty slot.
    len: u8,
    found: bool,
    key: [u8; CACHE_KEY],
    row: [u8; MAX_GROUP],
}

const EMPTY_ENTRY: CacheEntry = CacheEntry {
    len: u8::MAX,
    found: false,
    key: [0; CACHE_KEY],
    row: [0; MAX_GROUP],
};

/// A small direct-mapped cache in front of the lexicon tables: frequent words (most of running
/// text) are found in a few kilobytes that stay in the CPU cache instead of the large table. It
/// gives exactly what [`LexGroup::row`] gives (tested).
pub struct RowCache {
    /// Per group id, lazily allocated.
    slots: Vec<Box<[CacheEntry]>>,
}

impl Default for RowCache {
    fn default() -> Self {
        Self::new()
    }
}

impl RowCache {
    /// An empty cache (tables are allocated on first use).
    pub fn new() -> Self {
        RowCache { slots: Vec::new() }
    }

    /// [`LexGroup::row`] of `group` for `lower_word`, as an owned row (only the group's width of
    /// it is meaningful; the rest is 0).
    pub fn row(&mut self, group: &LexGroup, lower_word: &str) -> Option<[u8; MAX_GROUP]> {
        if !group.possible(lower_word) {
            return None;
        }
        let bytes = lower_word.as_bytes();
        if bytes.len() > CACHE_KEY {
            return group.map.get(lower_word).copied();
        }
        if self.slots.len() <= group.id {
            self.slots
                .resize_with(group.id + 1, || vec![EMPTY_ENTRY; 0].into_boxed_slice());
        }
        let table = &mut self.slots[group.id];
        if table.is_empty() {
            *table = vec![EMPTY_ENTRY; CACHE_SLOTS].into_boxed_slice();
        }
        let mut h = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut h, bytes);
        let hash = std::hash::Hasher::finish(&h);
        let e = &mut table[(hash >> 20) as usize & (CACHE_SLOTS - 1)];
        // Keys are kept zero-padded: with the lengths equal, comparing the whole arrays is
        // comparing the words (a few vector compares, no memcmp call).
        let mut key = [0u8; CACHE_KEY];
        key[..bytes.len()].copy_from_slice(bytes);
        if e.len as usize == bytes.len() && e.key == key {
            return e.found.then_some(e.row);
        }
        let got = group.map.get(lower_word).copied();
        e.len = bytes.len() as u8;
        e.key = key;
        e.found = got.is_some();
        e.row = got.unwrap_or([0; MAX_GROUP]);
        got
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
            LexGroup::parse(g, &texts)
        });
        let col = members.iter().position(|m| *m == code).unwrap_or(0);
        Lexicon { group, col }
    }))
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
        let g = LexGroup::parse(0, &[a, b]);
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
    fn row_cache_gives_the_table_rows() {
        // Every word of every lexicon (and variants that are in none), looked up three times
        // through one small cache: many collisions and evictions, hits and misses.
        for code in ["fr", "ru"] {
            let group = lexicon(code).unwrap().group();
            let mut cache = RowCache::new();
            let text = LEXICONS.iter().find(|(c, _)| *c == code).unwrap().1;
            let words: Vec<&str> = text
                .lines()
                .filter_map(|l| l.split('\t').next())
                .step_by(7)
                .take(20_000)
                .collect();
            for round in 0..3 {
                for w in &words {
                    let variants = [
                        w.to_string(),
                        format!("{w}x"),
                        format!("{w}{w}{w}"),
                        w.chars().rev().collect(),
                        w.chars().take(round + 1).collect(),
                    ];
                    for v in &variants {
                        let want = group.row(v).map(<[u8]>::to_vec);
                        let got = cache.row(group, v).map(|r| r[..want_width(group)].to_vec());
                        assert_eq!(got, want, "{v:?}");
                        if let Some(r) = cache.row(group, v) {
                            assert!(r[want_width(group)..].iter().all(|&b| b == 0));
                        }
                    }
                }
            }
            for v in ["", "zzzqqq", "東京", "дом", "the", "der", "и"] {
                let want = group.row(v).map(<[u8]>::to_vec);
                let got = cache.row(group, v).map(|r| r[..want_width(group)].to_vec());
                assert_eq!(got, want, "{v:?}");
            }
        }

        fn want_width(g: &LexGroup) -> usize {
            g.width
        }
    }

    #[test]
    fn every_pack_is_loaded() {
        for (code, _) in PACKS {
            assert!(language(code).is_ok(), "{code}");
        }
    }
}
