//! Text analysis shared by the checks: words with their script and casing, sentences, and the
//! spans that are not prose (URLs, e-mail addresses, paths, numbers with units, formulas, markup).

use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;
use unicode_script::{Script, UnicodeScript};

/// A word: a maximal run of letters, digits and combining marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte span in the segment.
    pub span: Range<usize>,
    /// Script of the first letter that has one (not Common/Inherited).
    pub script: Option<Script>,
    /// Whether letters of more than one script occur (before UTS #39 resolution).
    pub mixed: bool,
    /// Number of letters.
    pub letters: u32,
    /// Number of upper-case letters.
    pub upper: u32,
    /// Number of lower-case letters.
    pub lower: u32,
    /// Number of decimal digits.
    pub digits: u32,
    /// Whether the first character is an upper-case letter.
    pub capitalized: bool,
}

impl Word {
    /// The word's text in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.clone()]
    }

    /// At least two letters, all of them upper case.
    pub fn is_all_caps(&self) -> bool {
        self.letters >= 2 && self.lower == 0 && self.upper == self.letters
    }

    /// Whether the word has letters at all.
    pub fn has_letters(&self) -> bool {
        self.letters > 0
    }
}

/// The lower case of `c` where it is one character known without the Unicode tables: ASCII,
/// Latin-1 and basic Cyrillic (U+0400..U+045F) capitals map at a fixed distance, and the lower-case
/// letters of those blocks are themselves. None for every other character: ask
/// `char::to_lowercase` (tested to agree on every character up to U+3000).
#[inline]
pub fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        // × U+00D7 is no letter.
        0xC0..=0xDE if c != '×' => u + 0x20,
        0x410..=0x42F => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0xDF..=0xFF | 0x430..=0x45F => u,
        _ => return None,
    };
    char::from_u32(l)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || (c.script() == Script::Inherited && !c.is_whitespace())
}

/// What [`words`] needs to know about a character.
#[derive(Clone, Copy)]
struct CharInfo {
    /// `WORD`, `DIGIT`, `LETTER`, `UPPER`, `LOWER` bits.
    flags: u8,
    /// Script of a letter (Latin for ASCII), as [`words`] records it.
    script: Script,
}

const WORD: u8 = 1;
const DIGIT: u8 = 2;
const LETTER: u8 = 4;
const UPPER: u8 = 8;
const LOWER: u8 = 16;

fn char_info_slow(c: char) -> CharInfo {
    let mut flags = 0;
    if is_word_char(c) {
        flags |= WORD;
    }
    if c.is_ascii_digit() || c.is_numeric() {
        flags |= DIGIT;
    }
    if c.is_alphabetic() {
        flags |= LETTER;
    }
    if c.is_uppercase() {
        flags |= UPPER;
    }
    if c.is_lowercase() {
        flags |= LOWER;
    }
    let script = if c.is_ascii() {
        Script::Latin
    } else {
        c.script()
    };
    CharInfo { flags, script }
}

/// Code points below this are looked up in a table (Latin, Greek, Cyrillic, Armenian, Hebrew,
/// Arabic…); the table is built from the same functions as [`char_info_slow`].
const TABLE_END: u32 = 0x800;
/// So are the general punctuation (’ “ ” – — … and the narrow no-break space) and the symbols
/// after it, up to here.
const PUNCT_START: u32 = 0x2000;
const PUNCT_END: u32 = 0x2100;

/// The lookup table of [`char_info`]: code points below [`TABLE_END`], then the general
/// punctuation block.
fn char_table() -> &'static [CharInfo] {
    static TABLE: OnceLock<Vec<CharInfo>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .chain(PUNCT_START..PUNCT_END)
            .map(|cp| char::from_u32(cp).map_or(char_info_slow('\0'), char_info_slow))
            .collect()
    })
}

#[cfg(test)]
fn char_info(c: char) -> CharInfo {
    char_info_in(char_table(), c)
}

#[inline(always)]
fn char_info_in(table: &[CharInfo], c: char) -> CharInfo {
    let cp = c as u32;
    if cp < TABLE_END {
        table[cp as usize]
    } else if (PUNCT_START..PUNCT_END).contains(&cp) {
        table[(TABLE_END + cp - PUNCT_START) as usize]
    } else {
        char_info_slow(c)
    }
}

/// [`char_info_slow`] of the ASCII characters, as flags (their script is Latin).
const ASCII_FLAGS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_digit() {
            t[b] = WORD | DIGIT;
        } else if c.is_ascii_uppercase() {
            t[b] = WORD | LETTER | UPPER;
        } else if c.is_ascii_lowercase() {
            t[b] = WORD | LETTER | LOWER;
        }
        b += 1;
    }
    t
};

/// The character starting at byte `i` of `text` (a character boundary).
#[inline(always)]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("a character at a boundary")
}

/// [`char_info`] of the non-ASCII character starting at byte `i` of `text`, and its length.
#[inline(always)]
fn info_at(table: &[CharInfo], text: &str, i: usize) -> (CharInfo, usize) {
    let bytes = text.as_bytes();
    let b0 = bytes[i];
    if b0 < 0xE0 {
        // Two bytes (Latin, Greek, Cyrillic…): below U+0800, in the table.
        let cp = (u32::from(b0 & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
        (table[cp as usize], 2)
    } else {
        let c = char_at(text, i);
        (char_info_in(table, c), c.len_utf8())
    }
}

/// The counts of a word being built.
struct Acc {
    script: Option<Script>,
    mixed: bool,
    letters: u32,
    upper: u32,
    lower: u32,
    digits: u32,
}

impl Acc {
    #[inline(always)]
    fn letter_script(&mut self, s: Script) {
        match self.script {
            None => self.script = Some(s),
            Some(prev) if prev != s => self.mixed = true,
            _ => {}
        }
    }

    #[inline(always)]
    fn add(&mut self, info: CharInfo) {
        if info.flags & DIGIT != 0 {
            self.digits += 1;
        } else if info.flags & LETTER != 0 {
            self.letters += 1;
            if info.flags & UPPER != 0 {
                self.upper += 1;
            } else if info.flags & LOWER != 0 {
                self.lower += 1;
            }
            let s = info.script;
            if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
                self.letter_script(s);
            }
        }
    }
}

/// For each byte, what an ASCII letter or digit adds to a word's counts, packed in one number:
/// letters in bits 0-20, upper-case letters in bits 21-41, digits from bit 42. Zero for every
/// other byte (no word character, or not ASCII).
const ASCII_COUNTS: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 128 {
        let f = ASCII_FLAGS[b];
        if f & DIGIT != 0 {
            t[b] = 1 << 42;
        } else if f & UPPER != 0 {
            t[b] = 1 | 1 << 21;
        } else if f & LETTER != 0 {
            t[b] = 1;
        }
        b += 1;
    }
    t
};

/// Longest stretch of ASCII counted in one packed number (the fields hold 2^21 - 1).
const ASCII_STRETCH: usize = 1 << 20;

/// The words of `text` (as [`words`] gives them), handed to `each` with the piece of `text`
/// their spans are in and that piece's offset in `text`, a piece of about 64 KiB at a time, cut
/// at an ASCII space or line break (which no word crosses): a long text never has all its words
/// in memory at once.
pub fn each_word_in_pieces(text: &str, each: impl FnMut(&Word, &str, usize)) {
    each_word_in_pieces_of(text, 64 * 1024, each)
}

fn each_word_in_pieces_of(text: &str, piece: usize, mut each: impl FnMut(&Word, &str, usize)) {
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + piece).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        end += text.as_bytes()[end..]
            .iter()
            .position(|&b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            .unwrap_or(text.len() - end);
        let part = &text[start..end];
        for w in words(part) {
            each(&w, part, start);
        }
        start = end;
    }
}

/// Splits `text` into words.
pub fn words(text: &str) -> Vec<Word> {
    // About one word per six bytes of prose: sized once instead of grown by doubling.
    let mut out = Vec::with_capacity(text.len() / 6 + 2);
    let table = char_table();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // Skip to the start of a word.
        let b = bytes[i];
        let capitalized = if b < 0x80 {
            let f = ASCII_FLAGS[b as usize];
            if f & WORD == 0 {
                i += 1;
                continue;
            }
            f & UPPER != 0
        } else {
            let (info, len) = info_at(table, text, i);
            if info.flags & WORD == 0 {
                i += len;
                continue;
            }
            info.flags & UPPER != 0
        };
        let start = i;
        let mut acc = Acc {
            script: None,
            mixed: false,
            letters: 0,
            upper: 0,
            lower: 0,
            digits: 0,
        };
        // Extend it: runs of ASCII letters and digits are counted without branches per byte.
        while i < n {
            if bytes[i] < 0x80 {
                let limit = n.min(i + ASCII_STRETCH);
                let mut packed = 0u64;
                let mut j = i;
                while j < limit {
                    let v = ASCII_COUNTS[bytes[j] as usize];
                    if v == 0 {
                        break;
                    }
                    packed += v;
                    j += 1;
                }
                if j == i {
                    break;
                }
                const FIELD: u64 = (1 << 21) - 1;
                let letters = (packed & FIELD) as u32;
                let upper = ((packed >> 21) & FIELD) as u32;
                acc.letters += letters;
                acc.upper += upper;
                acc.lower += letters - upper;
                acc.digits += (packed >> 42) as u32;
                if letters > 0 {
                    acc.letter_script(Script::Latin);
                }
                i = j;
            } else {
                let (info, len) = info_at(table, text, i);
                if info.flags & WORD == 0 {
                    break;
                }
                acc.add(info);
                i += len;
            }
        }
        out.push(Word {
            span: start..i,
            script: acc.script,
            mixed: acc.mixed,
            letters: acc.letters,
            upper: acc.upper,
            lower: acc.lower,
            digits: acc.digits,
            capitalized,
        });
    }
    out
}

/// Sentence spans of `text`: split after `.`, `!`, `?`, `…` (and closing quotes/brackets that
/// follow them) when whitespace follows. Leading and trailing whitespace is trimmed.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut pos = 0;
    // Terminators are ASCII or three-byte characters led by one of the marked lead bytes (so
    // `i` is a character boundary): the bytes in between need no decoding, and the three-byte
    // candidates are told apart by their bytes.
    while let Some(i) = next_marked(bytes, &SENTENCE_MARK, pos) {
        let len = match bytes[i] {
            b'.' | b'!' | b'?' => 1,
            _ => {
                // … 。 ！ ？
                if !matches!(
                    bytes.get(i..i + 3),
                    Some([0xE2, 0x80, 0xA6] | [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81 | 0x9F])
                ) {
                    // Another character led by the same byte: three bytes long.
                    pos = i + 3;
                    continue;
                }
                3
            }
        };
        // The terminator and the closing characters after it: . ! ? » ” " ) ’ “
        let mut end = i + len;
        loop {
            match bytes.get(end..) {
                Some([b'.' | b'!' | b'?' | b'"' | b')', ..]) => end += 1,
                Some([0xC2, 0xBB, ..]) => end += 2,
                Some([0xE2, 0x80, 0x9D | 0x99 | 0x9C, ..]) => end += 3,
                _ => break,
            }
        }
        // French closing quotes follow a (no-break) space: « Bon ! »
        if !bytes
            .get(end)
            .is_some_and(|&b| b < 0x80 && !is_ascii_space(b))
        {
            let rest = &text[end..];
            let trimmed = rest.trim_start();
            if trimmed.starts_with(['»', '”']) && rest.len() - trimmed.len() <= 3 {
                end +=
                    rest.len() - trimmed.len() + trimmed.chars().next().map_or(0, char::len_utf8);
            }
        }
        // Scanning resumes after everything taken into this terminator.
        pos = end;
        let at_space = match bytes.get(end) {
            None => true,
            Some(&b) if b < 0x80 => is_ascii_space(b),
            Some(_) => text[end..].starts_with(char::is_whitespace),
        };
        if at_space {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// The bytes [`sentences`] stops at: ASCII terminators and the lead bytes of … 。 ！ ？.
const SENTENCE_MARK: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// `char::is_whitespace` for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// The rest of a URL (or path) after its start: characters other than spaces, quotation marks
/// and brackets, or brackets in pairs, not ending with punctuation.
const URL_TAIL: &str = r#"(?:[^\s<>"«»“”„()\[\]]|\([^\s<>"«»()]*\)|\[[^\s<>"«»\[\]]*\])*(?:[^\s<>"«»“”„()\[\].,;:!?'’]|\([^\s<>"«»()]*\)|\[[^\s<>"«»\[\]]*\])"#;

/// The top-level domains a bare domain name is recognised by.
const TLDS: &str = "com|org|net|gov|edu|int|mil|info|biz|io|co|ru|рф|de|fr|uk|us|eu|it|es|gr|ua|by|kz|cn|jp|kr|in|br|ca|au|nl|be|ch|at|pl|cz|se|no|fi|dk|tv|me|app|dev";

fn protected_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // URLs. Brackets inside a URL are part of it only in pairs ("/wiki/A_(b)"), and it does
        // not end with punctuation: "(see https://x.org/a)." keeps ")." as prose.
        let url = format!(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.){URL_TAIL}");
        let domain = format!(
            r"(?i)\b(?:[a-z0-9-]+\.)+(?:{TLDS})\b(?:/(?:{URL_TAIL})?)?"
        );
        let windows_path = format!(r"\b[A-Za-z]:\\{URL_TAIL}");
        let parts = [
            url.as_str(),
            // e-mail addresses
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            // bare domain names (travel.gov.gr, example.com/page)
            domain.as_str(),
            // paths (unix, windows) and file names with a common extension
            r"(?:~|\.{1,2})?/[\w.-]+(?:/[\w.-]*[\w-])+/?",
            windows_path.as_str(),
            r"(?i)\b[\w-]+\.(?:txt|pdf|docx?|xlsx?|pptx?|csv|tsv|json|xml|html?|png|jpe?g|gif|svg|exe|zip|gz|tar|rs|py|js|ts|md|toml|ya?ml|ini|log|mp[34]|wav|sh)\b",
            // numbers with units
            r"\d[\d.,\u{A0}\u{202F}]*\s?(?:°[CFK]?|[kKmMcµnG]?(?:m|g|l|L|s|W|V|A|J|Hz|Pa|B|b|t|bit|byte)|km/h|mph|kWh|mAh|ppm|dB|%|‰)[²³]?(?:/[a-zA-Z]+[²³]?)?\b",
            r"\b(?:km|cm|mm|m|ft|in)[²³]",
            // chemical formulas with at least one digit (H2O, CO₂, H₂SO₄)
            r"\b(?:[A-Z][a-z]?[0-9₀-₉]*)*[A-Z][a-z]?[0-9₀-₉]+(?:[A-Z][a-z]?[0-9₀-₉]*)*\b",
            // inline code, placeholders and markup tags
            r"`[^`\n]+`|\{(?:[^{}\n]|\{(?:[^{}\n]|\{[^{}\n]*\})*\})*\}|%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:(?:ll|l|hh|h|q|j|z|t)[diouxX]|lf|L[feEgG]|[sdifuxXeEgGcp@])|\$t\([^()\s]*\)|%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[sdifuxXeEgGcr]|</?[A-Za-z][^<>\n]*>|&[a-zA-Z]+;|&#\d+;",
            // command-line options
            r#"\B--[A-Za-z][\w-]*(?:=[^\s"'«»“”()]+)?"#,
            // @handles and #hashtags (a full stop after one ends the sentence)
            r"[@#]\w+(?:\.\w+)*",
        ];
        // Each part in its own group so that `(?i)` stays inside it; ASCII word boundaries keep
        // the regex on the lazy DFA for non-ASCII text (a Unicode `\b` forces the backtracker).
        let joined = parts
            .iter()
            .map(|p| {
                let p = p.replace(r"\b", r"(?-u:\b)").replace(r"\B", r"(?-u:\B)");
                format!("(?:{p})")
            })
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&joined).expect("protected-span regex compiles")
    })
}

/// Byte classes of [`may_have_protected`], as bits.
const PRE_STRONG: u8 = 1;
const PRE_DOT: u8 = 2;
const PRE_C2: u8 = 4;
const PRE_E2: u8 = 8;
const PRE_DIGIT_LEAD: u8 = 16;
const PRE_DASH: u8 = 32;

const PRE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let strong = b"/@`{%<&#\\0123456789";
    let mut k = 0;
    while k < strong.len() {
        t[strong[k] as usize] = PRE_STRONG;
        k += 1;
    }
    t[b'.' as usize] = PRE_DOT;
    t[b'-' as usize] = PRE_DASH;
    t[0xC2] = PRE_C2;
    t[0xE2] = PRE_E2;
    // Lead bytes of the non-ASCII decimal digits (`\d`): Arabic-Indic, NKo, the Indic and
    // South-East Asian scripts, fullwidth, and everything beyond the BMP.
    let digit_leads = [
        0xD9, 0xDB, 0xDF, 0xE0, 0xE1, 0xEA, 0xEF, 0xF0, 0xF1, 0xF2, 0xF3, 0xF4,
    ];
    let mut k = 0;
    while k < digit_leads.len() {
        t[digit_leads[k]] = PRE_DIGIT_LEAD;
        k += 1;
    }
    t
};

/// Whether the protected-span regex needs to run on `text`: false only when it cannot match, or
/// when `text` has none of the characters the earlier, coarser pre-test looked for (slash, at
/// sign, full stop, backquote, brace, per cent, less-than, ampersand, hash, backslash, ASCII
/// digit), whose answer is kept.
///
/// Every pattern needs one of those characters other than the full stop, a decimal digit (ASCII
/// or not), a subscript digit, `²` or `³`, a full stop followed by a letter (domains, file
/// names) or preceded by `w` (`www.`), or two hyphens and a letter (a command-line option):
/// sentence ends alone do not call for the regex.
fn may_have_protected(text: &str) -> bool {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // One of the old pre-test's characters seen; a non-ASCII character some pattern needs seen.
    let (mut old_any, mut needed) = (false, false);
    let mut base = 0;
    // Sixteen bytes at a time: most chunks of prose hold none of these bytes.
    for chunk in bytes.chunks(16) {
        let classes = chunk.iter().fold(0, |a, &b| a | PRE_CLASS[b as usize]);
        if classes & PRE_STRONG != 0 {
            return true;
        }
        if classes != 0 {
            for i in base..base + chunk.len() {
                match PRE_CLASS[bytes[i] as usize] {
                    0 => continue,
                    PRE_DOT => {
                        old_any = true;
                        let next_letter = i + 1 < n
                            && (bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] >= 0x80);
                        let after_w = i > 0 && matches!(bytes[i - 1], b'w' | b'W');
                        if next_letter || after_w {
                            return true;
                        }
                    }
                    // A command-line option: "--" and a letter.
                    PRE_DASH => {
                        if bytes.get(i + 1) == Some(&b'-')
                            && bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
                        {
                            return true;
                        }
                    }
                    // ² ³
                    PRE_C2 => needed |= i + 1 < n && matches!(bytes[i + 1], 0xB2 | 0xB3),
                    // ₀-₉ (U+2080-U+2089)
                    PRE_E2 => {
                        needed |= i + 2 < n
                            && bytes[i + 1] == 0x82
                            && (0x80..=0x89).contains(&bytes[i + 2]);
                    }
                    _ => needed = true,
                }
                if needed && old_any {
                    return true;
                }
            }
        }
        base += chunk.len();
    }
    false
}

/// Spans that are not prose and that script and casing checks leave alone.
pub fn protected_spans(text: &str) -> Vec<Range<usize>> {
    if !may_have_protected(text) {
        return Vec::new();
    }
    protected_re()
        .find_iter(text)
        // An ASCII boundary is no boundary before a non-ASCII letter ("49 L" of "49 Länder").
        .filter(|m| {
            !(m.as_str().ends_with(|c: char| c.is_ascii_alphanumeric())
                && text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic))
        })
        .map(|m| m.range())
        .collect()
}

/// The first position at or after `from` whose byte is marked in `table` (sixteen bytes are
/// tested at a time).
pub(crate) fn next_marked(bytes: &[u8], table: &[bool; 256], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 16 <= bytes.len() {
        if bytes[i..i + 16]
            .iter()
            .fold(false, |a, &b| a | table[b as usize])
        {
            break;
        }
        i += 16;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| table[b as usize])
        .map(|p| i + p)
}

/// Whether `span` overlaps one of the (sorted) `spans`.
pub fn overlaps(spans: &[Range<usize>], span: &Range<usize>) -> bool {
    // Spans are sorted by start and do not overlap each other (regex matches, or findings of
    // one kind), so ends are sorted too: find the first that ends after `span` starts.
    let i = spans.partition_point(|p| p.end <= span.start);
    spans.get(i).is_some_and(|p| p.start < span.end)
}

/// English name of a script for messages.
pub fn script_name(s: Script) -> &'static str {
    s.full_name()
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_in_pieces_are_the_words() {
        let text = "Le président\tde RUSSIE a parlé\nà André Крутских, 10 000 fois l'an. Été ";
        let all: Vec<&str> = words(text).iter().map(|w| w.text(text)).collect();
        for piece in [1, 3, 7, 64 * 1024] {
            let mut got = Vec::new();
            each_word_in_pieces_of(text, piece, |w, part, at| {
                assert_eq!(w.text(part), &text[w.span.start + at..w.span.end + at]);
                got.push(w.text(part).to_string())
            });
            assert_eq!(got, all, "{piece}");
        }
    }

    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        words(t).iter().map(|w| w.text(t)).collect()
    }

    /// The character-by-character splitter the byte-scanning [`sentences`] replaced.
    fn sentences_reference(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if matches!(d, '.' | '!' | '?' | '»' | '”' | '"' | ')' | '’' | '“') {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                // French closing quotes follow a (no-break) space: « Bon ! »
                let rest = &text[end..];
                let trimmed = rest.trim_start();
                if trimmed.starts_with(['»', '”']) && rest.len() - trimmed.len() <= 3 {
                    end += rest.len() - trimmed.len()
                        + trimmed.chars().next().map_or(0, char::len_utf8);
                    while let Some(&(j, _)) = iter.peek() {
                        if j < end {
                            iter.next();
                        } else {
                            break;
                        }
                    }
                }
                let at_space = end >= bytes.len() || text[end..].starts_with(char::is_whitespace);
                if at_space {
                    push_trimmed(text, start..end, &mut out);
                    start = end;
                }
            }
        }
        push_trimmed(text, start..text.len(), &mut out);
        out
    }

    #[test]
    fn lower_fast_is_to_lowercase() {
        for u in 0..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(l) = lower_fast(c) {
                assert_eq!(c.to_lowercase().collect::<String>(), l.to_string(), "{c:?}");
            }
        }
        assert_eq!(lower_fast('Д'), Some('д'));
        assert_eq!(lower_fast('É'), Some('é'));
        assert_eq!(lower_fast('İ'), None);
    }

    /// The character-by-character splitter the byte-scanning [`words`] replaced.
    fn words_reference(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut cur: Option<Word> = None;
        for (i, c) in text.char_indices() {
            let info = char_info_slow(c);
            if info.flags & WORD != 0 {
                let w = cur.get_or_insert(Word {
                    span: i..i,
                    script: None,
                    mixed: false,
                    letters: 0,
                    upper: 0,
                    lower: 0,
                    digits: 0,
                    capitalized: info.flags & UPPER != 0,
                });
                w.span.end = i + c.len_utf8();
                if info.flags & DIGIT != 0 {
                    w.digits += 1;
                } else if info.flags & LETTER != 0 {
                    w.letters += 1;
                    if info.flags & UPPER != 0 {
                        w.upper += 1;
                    } else if info.flags & LOWER != 0 {
                        w.lower += 1;
                    }
                    let s = info.script;
                    if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
                        match w.script {
                            None => w.script = Some(s),
                            Some(prev) if prev != s => w.mixed = true,
                            _ => {}
                        }
                    }
                }
            } else if let Some(w) = cur.take() {
                out.push(w);
            }
        }
        out.extend(cur);
        out
    }

    /// Pieces for generated texts: ASCII, Latin, Cyrillic, Greek, CJK, marks, digits of other
    /// scripts, punctuation, and the characters the protected-span patterns start with.
    const PIECES: &[&str] = &[
        "Bon",
        " ",
        ".",
        "A",
        "z",
        "9",
        "é",
        "É",
        "ß",
        "Größe",
        "день",
        "Д",
        "е",
        "ω",
        "Ω",
        "東京",
        "\u{301}",
        "\u{a0}",
        "\u{202f}",
        "’",
        "-",
        "‐",
        "٣",
        "५",
        "１",
        "Ⅻ",
        "ǅ",
        "ª",
        "²",
        "³",
        "₂",
        "km",
        "CO",
        "H",
        "@",
        "#",
        "/",
        "\\",
        "`",
        "{",
        "}",
        "%",
        "<",
        ">",
        "&",
        ";",
        "www",
        "w",
        "W",
        ".com",
        ".рф",
        ".ſh",
        "\u{212a}",
        "x",
        "\t",
        "\n",
        "«",
        "»",
        "\u{1d7ce}",
        "°",
        "ﬁ",
        "İ",
        "ǈ",
        "\u{e000}",
        "𝐀",
        "😀",
    ];

    fn generated_texts() -> Vec<String> {
        let mut texts: Vec<String> = PIECES.iter().map(|p| p.to_string()).collect();
        for a in PIECES {
            for b in PIECES {
                texts.push(format!("{a}{b}"));
            }
        }
        let mut seed = 987654321u64;
        for _ in 0..30_000 {
            let mut t = String::new();
            for _ in 0..10 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            texts.push(t);
        }
        // The bundled sample and the benchmark corpus, when generated.
        let root = env!("CARGO_MANIFEST_DIR");
        for dir in ["data/sample", "target/bench-corpus"] {
            let Ok(rd) = std::fs::read_dir(std::path::Path::new(root).join(dir)) else {
                continue;
            };
            for f in rd.flatten() {
                if let Ok(t) = std::fs::read_to_string(f.path()) {
                    texts.extend(t.lines().take(3000).map(str::to_string));
                }
            }
        }
        texts
    }

    #[test]
    fn next_marked_finds_the_first_marked_byte() {
        let mut table = [false; 256];
        table[b'x' as usize] = true;
        table[0xC2] = true;
        let texts = generated_texts();
        for t in texts.iter().take(20_000) {
            let bytes = t.as_bytes();
            for from in [0, 1, 7, 16, 17, bytes.len()] {
                let from = from.min(bytes.len());
                let want = bytes[from..]
                    .iter()
                    .position(|&b| table[b as usize])
                    .map(|p| from + p);
                assert_eq!(next_marked(bytes, &table, from), want, "{t:?} {from}");
            }
        }
    }

    #[test]
    fn words_match_the_reference_splitter() {
        for cp in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let t = format!("a{c}b {c}{c}");
            assert_eq!(words(&t), words_reference(&t), "U+{cp:04X}");
        }
        for t in generated_texts() {
            assert_eq!(words(&t), words_reference(&t), "{t:?}");
        }
        // ASCII runs longer than one packed count holds.
        let long = format!("x {}é{} y", "Ab1".repeat(800_000), "Z".repeat(2_200_000));
        assert_eq!(words(&long), words_reference(&long));
    }

    #[test]
    fn protected_pretest_skips_only_texts_without_matches() {
        // The old pre-test, and command-line options, which it did not know.
        let old = |t: &str| {
            t.bytes().any(|b| {
                matches!(
                    b,
                    b'/' | b'@' | b'.' | b'`' | b'{' | b'%' | b'<' | b'&' | b'#' | b'\\' | b'0'
                        ..=b'9'
                )
            }) || t
                .as_bytes()
                .windows(3)
                .any(|w| w[..2] == *b"--" && w[2].is_ascii_alphabetic())
        };
        let check = |t: &str| {
            if !may_have_protected(t) {
                assert!(
                    !old(t) || !protected_re().is_match(t),
                    "pre-test skips a match in {t:?}"
                );
            } else {
                assert!(old(t), "{t:?}");
            }
        };
        // Every decimal digit the regex knows has a lead byte the pre-test looks at.
        let digit = Regex::new(r"^\d$").unwrap();
        for cp in 0x80..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = c.to_string();
            if digit.is_match(&s) {
                assert_eq!(
                    PRE_CLASS[s.as_bytes()[0] as usize],
                    PRE_DIGIT_LEAD,
                    "U+{cp:04X}"
                );
            }
            check(&format!("{s} km. Fin."));
        }
        for t in generated_texts() {
            check(&t);
        }
        for t in [
            "Fin. km²",
            "Le CO₂.",
            "Voir www.-x",
            "Voir WWW.x",
            "fichier.ſh.",
            "a.Kz",
        ] {
            assert!(may_have_protected(t), "{t}");
        }
        assert!(!may_have_protected("Il a dit. Fin."));
    }

    #[test]
    fn sentences_match_the_reference_splitter() {
        let pieces = [
            "Bon", " ", ".", "!", "?", "…", "。", "！", "？", "»", "”", "\"", ")", "’", "“", "«",
            "\u{a0}", "\u{202f}", "  ", "\n", "x", "Größe", "день", "東京", "—", "–", "€", "\t",
            "...", " » ", "¿", "¡", "é",
        ];
        // Every sequence of up to four pieces, and pseudo-random longer ones.
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for t in &texts {
                for p in &pieces {
                    next.push(format!("{t}{p}"));
                }
            }
            texts.extend(next);
            texts.dedup();
            if texts.len() > 40_000 {
                break;
            }
        }
        let mut seed = 12345u64;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(sentences(t), sentences_reference(t), "{t:?}");
        }
    }

    #[test]
    fn splits_words_on_apostrophes_and_hyphens() {
        assert_eq!(
            texts("l’information des états-UNIS, André Крутских"),
            [
                "l",
                "information",
                "des",
                "états",
                "UNIS",
                "André",
                "Крутских"
            ]
        );
    }

    #[test]
    fn char_table_matches_the_unicode_functions() {
        for cp in (0..TABLE_END + 16).chain(PUNCT_START - 16..PUNCT_END + 16) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let (a, b) = (char_info(c), char_info_slow(c));
            assert_eq!((a.flags, a.script), (b.flags, b.script), "U+{cp:04X}");
        }
    }

    #[test]
    fn word_scripts_and_case() {
        let t = "Genеve RUSSIE Крутских";
        let w = words(t);
        assert!(w[0].mixed, "Cyrillic е inside Latin word");
        assert!(w[1].is_all_caps());
        assert_eq!(w[2].script, Some(Script::Cyrillic));
        assert!(w[2].capitalized);
    }

    #[test]
    fn sentences_split_after_terminal_punctuation() {
        let t = "Il a dit. « Bon ! » Et puis? Fin";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["Il a dit.", "« Bon ! »", "Et puis?", "Fin"]);
        assert_eq!(sentences("v2.5 est là").len(), 1);
    }

    #[test]
    fn protected_spans_cover_non_prose() {
        let t = "Voir https://exemple.org/a?b=1, écrire à jean.dupont@mail.ru, ouvrir /etc/hosts ou rapport.pdf, 25 °C, 3 km², H2O, %(value).1f et {0}.";
        let p: Vec<&str> = protected_spans(t).into_iter().map(|r| &t[r]).collect();
        for want in [
            "https://exemple.org/a?b=1,",
            "jean.dupont@mail.ru",
            "/etc/hosts",
            "rapport.pdf",
            "H2O",
            "%(value).1f",
            "{0}",
        ] {
            assert!(
                p.iter().any(|x| x.contains(want.trim_end_matches(','))),
                "{want} in {p:?}"
            );
        }
        assert!(protected_spans("RUSSIE et NASA").is_empty());
        // i18n placeholders: printf with length modifiers, i18next nesting.
        let t = "%lld notes, %2$ld fichiers, voir $t(common.help).";
        let p: Vec<&str> = protected_spans(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(p, ["%lld", "%2$ld", "$t(common.help)"]);
        let t = "voir travel.gov.gr et yandex.ru/news. Fin.";
        let p: Vec<&str> = protected_spans(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(p, ["travel.gov.gr", "yandex.ru/news"]);
    }

    #[test]
    fn protected_spans_end_where_urls_code_and_handles_end() {
        let spans = |t: &str| -> Vec<String> {
            protected_spans(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect()
        };
        for (t, want) in [
            // Trailing punctuation and a bracket opened before the URL are prose.
            ("(see https://x.org/a_(b))", "https://x.org/a_(b)"),
            ("Voir (https://example.com).", "https://example.com"),
            (
                "ses musiciens (www.palast-orchester.de).",
                "www.palast-orchester.de",
            ),
            (
                "Lien : https://exemple.org/a?b=1, puis",
                "https://exemple.org/a?b=1",
            ),
            ("[docs](https://x.org/p[1])!", "https://x.org/p[1]"),
            ("« example.com/page » ou", "example.com/page"),
            ("écrire à (jean.dupont@mail.ru).", "jean.dupont@mail.ru"),
            ("ouvrir /etc/hosts.", "/etc/hosts"),
            (
                "dans C:\\Users\\Ana\\notes (copie).",
                "C:\\Users\\Ana\\notes",
            ),
            ("lancez `ls -la (` puis", "`ls -la (`"),
            ("avec --output=rapport (ou -o).", "--output=rapport"),
            ("Suivez #MeToo.", "#MeToo"),
            ("Écrivez à @jean_dupont.", "@jean_dupont"),
            (
                "Envoyez {\"a\": {\"b\": [1, 2]}, \"c\": \"d\"} au serveur.",
                "{\"a\": {\"b\": [1, 2]}, \"c\": \"d\"}",
            ),
        ] {
            assert!(
                spans(t).iter().any(|s| s == want),
                "{want} in {:?}",
                spans(t)
            );
        }
        // Prose dashes are not options.
        assert!(spans("Il a dit -- non -- et partit.").is_empty());
    }
}
