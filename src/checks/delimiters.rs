//! Unbalanced brackets and quotation marks, for the target language's quote styles.
//!
//! A segment is scanned once ([`scan`]): brackets, the language's quotation marks and straight
//! double quotes are paired with a stack, and what is left over is a list of [`Loose`]
//! delimiters. Each is reported unless the source leaves a delimiter of the same kind loose the
//! same way (the translation is faithful to it).
//!
//! Segments of a file are consecutive sentences: a quotation may open in one and close in a
//! later one, and a paragraph of dialogue or of a long quotation leaves its quotation open and
//! the next paragraph opens it again. [`Pairing`] pairs the loose delimiters of consecutive
//! segments; the engine runs it over each file in input order (see `check_segments_with`), so
//! the result does not depend on how segments are split among threads.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use crate::lang::Language;
use std::collections::VecDeque;
use std::ops::Range;

/// The rule this module reports.
pub(crate) const RULE: Rule = Rule::UnbalancedDelimiter;

/// See `unbalanced-delimiter` in data/rules.toml.
pub struct Delimiters;

const BRACKETS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('{', '}')];

/// The straight double quote: opening or closing by its neighbours.
const STRAIGHT: char = '"';

/// What a delimiter pairs with across segments: a quotation mark of any style closes a
/// quotation of any style opened in an earlier segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Round,
    Square,
    Curly,
    Double,
    Single,
}

fn family(c: char) -> Family {
    match c {
        '(' | ')' => Family::Round,
        '[' | ']' => Family::Square,
        '{' | '}' => Family::Curly,
        '‹' | '›' | '‚' | '‘' | '’' | '\'' => Family::Single,
        _ => Family::Double,
    }
}

/// The delimiter pairs checked in one language: brackets, straight double quotes and the
/// language's quotation marks, with the first bytes of their characters.
struct Pairs {
    list: [(char, char); 16],
    len: usize,
    lead: [bool; 256],
}

impl Pairs {
    fn of(lang: &Language) -> Pairs {
        let mut p = Pairs {
            list: [('\0', '\0'); 16],
            len: 0,
            lead: [false; 256],
        };
        let quotes = lang
            .quotes
            .iter()
            .filter_map(|(a, b)| Some((a.chars().next()?, b.chars().next()?)))
            // ’ doubles as the apostrophe and ¿ ¡ close with ordinary ? !: not checkable by pairing.
            .filter(|(a, b)| *b != '’' && !matches!(a, '¿' | '¡'));
        for (a, b) in BRACKETS
            .iter()
            .copied()
            .chain([(STRAIGHT, STRAIGHT)])
            .chain(quotes)
        {
            if p.len == p.list.len() || p.list[..p.len].contains(&(a, b)) {
                continue;
            }
            p.list[p.len] = (a, b);
            p.len += 1;
            for c in [a, b] {
                p.lead[c.encode_utf8(&mut [0; 4]).as_bytes()[0] as usize] = true;
            }
        }
        p
    }

    fn all(&self) -> &[(char, char)] {
        &self.list[..self.len]
    }

    fn opens(&self, c: char) -> bool {
        self.all().iter().any(|(a, _)| *a == c)
    }

    fn closes(&self, c: char) -> bool {
        self.all().iter().any(|(_, b)| *b == c)
    }

    fn pair(&self, open: char, close: char) -> bool {
        self.all().contains(&(open, close))
    }

    /// The closing mark of `open`.
    fn close_of(&self, open: char) -> char {
        self.all()
            .iter()
            .find(|(a, _)| *a == open)
            .map_or(' ', |(_, b)| *b)
    }

    /// The opening mark of `close`.
    fn open_of(&self, close: char) -> char {
        self.all()
            .iter()
            .find(|(_, b)| *b == close)
            .map_or(' ', |(a, _)| *a)
    }
}

/// How a delimiter is left over in a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Opened and not closed in the segment.
    Unclosed,
    /// Closed and not opened in the segment.
    Unopened,
    /// A quotation opened with one style and closed with another ("„Nein"", « oui ”): the
    /// closing mark at `close_at`.
    Mismatched { close_at: usize, close: char },
}

/// A delimiter left over by a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Loose {
    /// Byte offset of the delimiter (the opening one of a mismatched pair).
    pub at: usize,
    pub ch: char,
    pub kind: Kind,
    pub family: Family,
    /// An opening mark with only spaces, dashes and other opening marks before it: the segment
    /// (a paragraph) opens with a quotation.
    pub at_start: bool,
    /// Left open at the end of the segment (not inside a pair closed after it): a later
    /// segment may close it.
    pub trailing: bool,
}

impl Loose {
    /// The span a finding for it points at.
    fn span(&self) -> Range<usize> {
        match self.kind {
            Kind::Mismatched { close_at, close } => close_at..close_at + close.len_utf8(),
            _ => self.at..self.at + self.ch.len_utf8(),
        }
    }
}

/// The delimiters of `text` left unpaired: those closed without an opener and mismatched
/// quotation marks in the order met, then those left open.
fn scan(text: &str, pairs: &Pairs, protected: &[Range<usize>]) -> Vec<Loose> {
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(i) = crate::text::next_marked(bytes, &pairs.lead, pos) {
        let c = text[i..].chars().next().expect("a character at a boundary");
        pos = i + c.len_utf8();
        let opens = pairs.opens(c);
        if !opens && !pairs.closes(c) {
            continue;
        }
        if crate::text::overlaps(protected, &(i..pos)) {
            continue;
        }
        let top = stack.last().map(|&(o, _)| o);
        let closes_top = top.is_some_and(|o| pairs.pair(o, c));
        // A mark that both opens and closes (the straight quote, German “ and » «): its
        // neighbours say which it does.
        if opens && pairs.closes(c) {
            match role(text, i, c, closes_top) {
                Role::Open => stack.push((c, i)),
                Role::Close if closes_top => {
                    stack.pop();
                }
                Role::Close => closer(c, i, text, pairs, &mut stack, &mut out),
                Role::Neither => {}
            }
            continue;
        }
        if closes_top {
            stack.pop();
        } else if opens && (closing_position(text, i, c) || isolated(text, i, c)) {
            // An opening mark where a quotation closes ("durchzuführen„", "„Nein „ und"): a
            // wrong closing mark.
            closer(c, i, text, pairs, &mut stack, &mut out);
        } else if opens {
            if !is_emoticon_open(text, i) {
                stack.push((c, i));
            }
        } else if opening_position(text, i, c) {
            // A closing mark where a quotation opens (»Smart Stone« in French): it opens one.
            stack.push((c, i));
        } else {
            closer(c, i, text, pairs, &mut stack, &mut out);
        }
    }
    for (o, at) in stack {
        let at_start = text[..at]
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '—' | '–' | '-') || pairs.opens(c));
        out.push(Loose {
            at,
            ch: o,
            kind: Kind::Unclosed,
            family: family(o),
            at_start,
            trailing: true,
        });
    }
    out
}

/// A closing mark `c` at `i` that does not close the innermost open delimiter.
fn closer(
    c: char,
    i: usize,
    text: &str,
    pairs: &Pairs,
    stack: &mut Vec<(char, usize)>,
    out: &mut Vec<Loose>,
) {
    // Its opener is deeper in the stack: the ones above it are unclosed.
    if let Some(p) = stack.iter().rposition(|&(o, _)| pairs.pair(o, c)) {
        for (o, at) in stack.drain(p + 1..) {
            out.push(Loose {
                at,
                ch: o,
                kind: Kind::Unclosed,
                family: family(o),
                at_start: false,
                trailing: false,
            });
        }
        stack.pop();
        return;
    }
    if is_list_marker(text, i) || is_emoticon(text, i) {
        return;
    }
    let fam = family(c);
    // A single closing mark glued to a word with no opening one: an apostrophe ("Editor‘s").
    if fam == Family::Single
        && text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    {
        return;
    }
    // A quotation closed in another style than it was opened.
    if let Some(&(o, at)) = stack.last()
        && family(o) == fam
        && matches!(fam, Family::Double | Family::Single)
    {
        stack.pop();
        out.push(Loose {
            at,
            ch: o,
            kind: Kind::Mismatched {
                close_at: i,
                close: c,
            },
            family: fam,
            at_start: false,
            trailing: false,
        });
        return;
    }
    out.push(Loose {
        at: i,
        ch: c,
        kind: Kind::Unopened,
        family: fam,
        at_start: false,
        trailing: false,
    });
}

enum Role {
    Open,
    Close,
    Neither,
}

/// Whether a mark `c` at `i` that may open or close opens or closes, from its neighbours: after
/// a space or an opening bracket and before a word it opens; otherwise it closes. A straight
/// quote after a digit, with no straight quote open, is an inch mark (`6x4"`), and one between
/// two letters or two spaces closes only an open quotation.
fn role(text: &str, i: usize, c: char, closes_top: bool) -> Role {
    let prev = text[..i].chars().next_back();
    let next = text[i + c.len_utf8()..].chars().next();
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let after_opening = prev.is_some_and(|p| {
        matches!(
            p,
            '(' | '[' | '{' | '«' | '„' | '“' | '‚' | '‹' | '—' | '–' | '-' | '/'
        )
    });
    // Before punctuation ("umzuziehen ".") a mark closes, spaced or not.
    let punct_next = next.is_some_and(|n| matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | ')'));
    if (space(prev) || after_opening) && !space(next) && !punct_next {
        return Role::Open;
    }
    if closes_top {
        return Role::Close;
    }
    let word_next = next.is_some_and(char::is_alphanumeric);
    if c == STRAIGHT && (space(prev) || word_next || prev.is_some_and(|p| p.is_ascii_digit())) {
        return Role::Neither;
    }
    Role::Close
}

/// Whether an opening quotation mark `c` at `i` stands where a quotation closes: after a word or
/// its final punctuation, before a space, punctuation or the end.
fn closing_position(text: &str, i: usize, c: char) -> bool {
    if BRACKETS.iter().any(|(a, _)| *a == c) {
        return false;
    }
    let prev = text[..i].chars().next_back();
    let next = text[i + c.len_utf8()..].chars().next();
    prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '!' | '?' | '…'))
        && next.is_none_or(|n| {
            n.is_whitespace() || matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | ')')
        })
}

/// Whether a closing quotation mark `c` at `i` stands where a quotation opens: after a space or
/// the start, before a letter or digit.
fn opening_position(text: &str, i: usize, c: char) -> bool {
    !BRACKETS.iter().any(|(_, b)| *b == c)
        && text[..i]
            .chars()
            .next_back()
            .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{'))
        && text[i + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Whether a low opening mark `c` („ ‚) at `i` stands after a space and before a space or
/// punctuation ("bringen „, sagte er"): no language spaces it so when it opens (French spaces
/// its guillemets, and nests them, so this is not said of them).
fn isolated(text: &str, i: usize, c: char) -> bool {
    matches!(c, '„' | '‚')
        && text[..i].ends_with(char::is_whitespace)
        && text[i + c.len_utf8()..]
            .chars()
            .next()
            .is_none_or(|n| n.is_whitespace() || matches!(n, '.' | ',' | ';' | ':' | '!' | '?'))
}

/// "(;" "(:" and ":(" are emoticons, not brackets.
fn is_emoticon_open(text: &str, i: usize) -> bool {
    if !text[i..].starts_with('(') {
        return false;
    }
    let after = &text[i + 1..];
    let wink = after.starts_with([';', ':'])
        && after[1..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == ')');
    text[..i].ends_with([':', ';', '=']) || wink
}

fn message(l: &Loose, pairs: &Pairs) -> String {
    match l.kind {
        Kind::Unclosed if !pairs.opens(l.ch) => format!(
            "Closing mark “{}” stands where a quotation opens, before a word, and nothing closes it.",
            l.ch
        ),
        Kind::Unclosed => format!(
            "Opening “{}” is never closed by “{}” in this segment or the next ones.",
            l.ch,
            pairs.close_of(l.ch)
        ),
        Kind::Unopened if !pairs.closes(l.ch) => format!(
            "Opening mark “{}” stands where a quotation closes, after a word, and closes nothing.",
            l.ch
        ),
        Kind::Unopened => format!(
            "Closing “{}” has no matching “{}” before it in this segment or the ones before.",
            l.ch,
            pairs.open_of(l.ch)
        ),
        Kind::Mismatched { close, .. } => format!(
            "The quotation opened with “{}” is closed with “{close}”: the marks do not match (“{}”).",
            l.ch,
            pairs.close_of(l.ch)
        ),
    }
}

impl Check for Delimiters {
    fn rules(&self) -> &'static [Rule] {
        &[RULE]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let pairs = Pairs::of(ctx.lang);
        for l in scan(ctx.text, &pairs, &ctx.protected) {
            out.push(finding(RULE, l.span(), message(&l, &pairs)));
        }
    }
}

/// The delimiters a segment left loose and reported in `findings` that may pair with those of
/// neighbouring segments (not mismatched quotation marks, not openers left inside a pair closed
/// after them), each with whether it is faithful to the source: the source (in `source_lang`,
/// else `lang`) leaves a delimiter of the same family loose the same way.
pub(crate) fn reported_loose(
    text: &str,
    source: Option<&str>,
    lang: &Language,
    source_lang: Option<&Language>,
    findings: &[Finding],
) -> Vec<(Loose, bool)> {
    if !findings.iter().any(|f| f.rule == RULE) {
        return Vec::new();
    }
    let mut loose = scan(text, &Pairs::of(lang), &crate::text::protected_spans(text));
    loose.retain(|l| {
        (l.kind == Kind::Unopened || l.kind == Kind::Unclosed && l.trailing)
            && findings
                .iter()
                .any(|f| f.rule == RULE && f.span == l.span())
    });
    let in_source = match source {
        Some(s) if !loose.is_empty() => {
            let sp = Pairs::of(source_lang.unwrap_or(lang));
            scan(s, &sp, &crate::text::protected_spans(s))
        }
        _ => Vec::new(),
    };
    loose
        .into_iter()
        .map(|l| {
            let faithful = in_source.iter().any(|s| {
                s.family == l.family && s.kind == l.kind && (s.trailing || s.kind == Kind::Unopened)
            });
            (l, faithful)
        })
        .collect()
}

/// A segment checked alone (a document of one segment): drops from `findings` the loose
/// delimiters that are faithful to the source.
pub(crate) fn settle_alone(
    text: &str,
    source: Option<&str>,
    lang: &Language,
    source_lang: Option<&Language>,
    findings: &mut Vec<Finding>,
) {
    if source.is_none() {
        return;
    }
    let loose = reported_loose(text, source, lang, source_lang, findings);
    let mut pairing = Pairing::default();
    pairing.push((), std::mem::take(findings), loose);
    pairing.settle();
    if let Some(((), kept)) = pairing.pop() {
        *findings = kept;
    }
}

/// Segments a delimiter may stay open across: a quotation of a few sentences, a parenthesis of
/// two. A quotation not closed or continued within this many segments is reported.
pub(crate) const REACH: u64 = 8;

/// Pairs the loose delimiters of the consecutive segments of one document: a closing mark pairs
/// with the nearest delimiter of its family left open by one of the [`REACH`] segments before,
/// and a segment that opens with a quotation continues a quotation left open before it (the
/// paragraphs of a long quotation, dialogue). Both findings are then dropped.
///
/// Segments are pushed in order with their payload `E`; a segment comes out of [`Pairing::pop`]
/// once none of its delimiters can be paired any more (at most [`REACH`] segments later), with
/// its findings less the paired ones.
pub(crate) struct Pairing<E> {
    held: VecDeque<Held<E>>,
    /// Number of the segment at the front of `held`.
    base: u64,
    /// Delimiters left open by held segments, innermost last: (segment number, index in its
    /// `loose`, family).
    open: Vec<(u64, usize, Family)>,
}

struct Held<E> {
    entry: E,
    findings: Vec<Finding>,
    /// Its loose delimiters, and whether each is settled: paired, or faithful to the source.
    loose: Vec<(Loose, bool)>,
}

impl<E> Default for Pairing<E> {
    fn default() -> Self {
        Pairing {
            held: VecDeque::new(),
            base: 0,
            open: Vec::new(),
        }
    }
}

impl<E> Pairing<E> {
    /// The next segment of the document, its findings, and its loose delimiters with whether
    /// each is faithful to the source (from [`reported_loose`]; empty for a segment with none).
    pub(crate) fn push(&mut self, entry: E, findings: Vec<Finding>, loose: Vec<(Loose, bool)>) {
        let seg = self.base + self.held.len() as u64;
        // Delimiters opened too far back stay unclosed.
        self.open.retain(|&(s, _, _)| seg - s <= REACH);
        self.held.push_back(Held {
            entry,
            findings,
            loose,
        });
        let here = self.held.len() - 1;
        for k in 0..self.held[here].loose.len() {
            let l = self.held[here].loose[k].0;
            // A delimiter faithful to the source pairs like any other; it is not reported when
            // it stays unpaired.
            let earlier = self.open.iter().rposition(|&(_, _, f)| f == l.family);
            match l.kind {
                Kind::Unopened => {
                    if let Some(p) = earlier {
                        self.pair(p);
                        self.held[here].loose[k].1 = true;
                    }
                }
                Kind::Unclosed => {
                    // A paragraph that opens with a quotation continues the one left open.
                    if l.at_start
                        && l.family == Family::Double
                        && let Some(p) = earlier
                    {
                        self.pair(p);
                    }
                    self.open.push((seg, k, l.family));
                }
                Kind::Mismatched { .. } => {}
            }
        }
    }

    /// Marks open delimiter `p` of `open` paired and forgets it.
    fn pair(&mut self, p: usize) {
        let (s, k, _) = self.open.remove(p);
        self.held[(s - self.base) as usize].loose[k].1 = true;
    }

    /// The oldest segment whose delimiters are settled, with its findings.
    pub(crate) fn pop(&mut self) -> Option<(E, Vec<Finding>)> {
        self.held.front()?;
        if self.open.iter().any(|&(s, _, _)| s == self.base) {
            return None;
        }
        let held = self.held.pop_front()?;
        self.base += 1;
        let mut findings = held.findings;
        if held.loose.iter().any(|(_, settled)| *settled) {
            let paired: Vec<Range<usize>> = held
                .loose
                .iter()
                .filter(|(_, settled)| *settled)
                .map(|(l, _)| l.span())
                .collect();
            findings.retain(|f| !(f.rule == RULE && paired.contains(&f.span)));
        }
        Some((held.entry, findings))
    }

    /// The document ends (or a segment that is not paired comes): nothing more can close
    /// what is open, and every held segment can be popped.
    pub(crate) fn settle(&mut self) {
        self.open.clear();
    }
}

/// "1)", "a)", "iv)" list markers: a short number or letter run after a space or the start.
fn is_list_marker(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let token_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(i, |(j, _)| j);
    let token = &before[token_start..];
    let short = match token.chars().count() {
        1 => true,
        2 => token.chars().all(|c| c.is_ascii_digit()),
        3..=4 => token.chars().all(|c| matches!(c, 'i' | 'v' | 'x')),
        _ => false,
    };
    short
        && before[..token_start]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
}

fn is_emoticon(text: &str, i: usize) -> bool {
    text[..i].ends_with([':', ';', '='])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testutil::{flagged, run_pair};

    #[test]
    fn fires_on_unbalanced() {
        for (l, t, want) in [
            ("fr", "Il a dit « bonjour et partit.", "«"),
            ("fr", "Il a dit bonjour » et partit.", "»"),
            ("en", "See (page 4 for details.", "("),
            ("de", "Er sagte „Hallo und ging.", "„"),
            ("en", "a [b (c] d", "("),
            // MT drops the closing quote of a straight-quoted quotation.
            (
                "de",
                "Er sagte, wie wir \"versuchen, das herauszufinden.",
                "\"",
            ),
            ("ru", "Как мы «пытаемся выяснить это, спасибо.", "«"),
            // A quotation opened at the start of a lone segment is not closed anywhere.
            (
                "fr",
                "« Le premier paragraphe d’une longue citation continue.",
                "«",
            ),
            // An inch mark turned into a quotation mark.
            ("de", "Fotos bis zu 16x12„ nach Europa.", "„"),
            ("de", "Versuchen Sie, diese Prozeduren durchzuführen„", "„"),
            (
                "de",
                "Möge Weihnachten Frieden bringen „, sagte der Papst.",
                "„",
            ),
        ] {
            assert_eq!(flagged(l, t, RULE), [want], "{t}");
        }
    }

    #[test]
    fn mismatched_quotes_are_one_finding_on_the_closing_mark() {
        assert_eq!(
            flagged(
                "de",
                "Ein bereits „unterzeichnetes „ und „endgültiges“ Geschäft.",
                RULE
            ),
            ["„"]
        );
        assert_eq!(
            flagged("de", "Sie sehen einen „Ausgeschaltet\"-Bildschirm.", RULE),
            ["\""]
        );
        assert_eq!(
            flagged(
                "fr",
                "Il a pris en compte plusieurs “détails\": il y a",
                RULE
            ),
            ["\""]
        );
        // German quotation marks left by MT in French: one finding per quotation.
        assert_eq!(
            flagged("fr", "Placez la »pierre lumineuse« au soleil (»AA«).", RULE),
            ["«", "«"]
        );
    }

    #[test]
    fn balanced_and_special_cases_are_quiet() {
        for (l, t) in [
            ("fr", "« C’est un processus », dit-il (car) [y compris]."),
            ("fr", "«\u{a0}Oui\u{a0}», dit-il, «\u{202f}non\u{202f}»."),
            ("de", "Er sagte „Hallo“ und »Tschüss« und ‚ja‘ und ›nein‹."),
            ("de", "Er sagte “Hallo” und ging."),
            ("de", "Er sagte \"Hallo\" und ging, \"ja\"."),
            ("de", "Das „unterzeichnete“ Geschäft, «so» in der Schweiz."),
            ("ru", "Он сказал: «Привет», “Hello” и \"пока\"."),
            ("ru", "«Он сказал: „привет“»."),
            ("en", "1) First item, 2) second item :) done."),
            ("en", "He said “don’t go” and left."),
            ("en", "It is 6x4\" (10x15cm) and 20x16\" wide."),
            ("es", "¿Qué pasa? ¡Nada!"),
            (
                "de",
                "Der PC Magazine Editor‘s Choice Award und die Students‘ Union.",
            ),
            ("fr", "Il est trop petit :( Salut d’une végétalienne (;"),
        ] {
            assert!(
                flagged(l, t, RULE).is_empty(),
                "{t}: {:?}",
                flagged(l, t, RULE)
            );
        }
    }

    #[test]
    fn brackets_after_urls_and_code_are_quiet() {
        for t in [
            "Et ses musiciens (www.palast-orchester.de).",
            "Voir la page (https://example.com).",
            "(see https://x.org/a_(b))",
            "Écrivez-nous (contact@example.org) ou lancez `ls (` puis {\"a\": {\"b\": [1]}}.",
        ] {
            assert!(flagged("fr", t, RULE).is_empty(), "{t}");
        }
        // A bracket still opened before a URL and never closed.
        assert_eq!(
            flagged("fr", "Voir (https://example.com et la suite.", RULE),
            ["("]
        );
    }

    #[test]
    fn a_source_left_unbalanced_the_same_way_makes_the_target_faithful() {
        let en = Some("The best news is that they are stable,\" said the president.");
        let de = "Die beste Nachricht ist, dass sie stabil sind“, sagte der Präsident.";
        assert!(run_pair("de", de, en, RULE).is_empty());
        // The source closes its quotation: the target dropped the opening mark.
        let en = Some("He said: \"The best news is that they are stable,\" and left.");
        assert_eq!(run_pair("de", de, en, RULE).len(), 1);
    }

    fn document(lang: &str, lines: &[&str]) -> Vec<(usize, String)> {
        let engine = crate::Engine::new(Vec::new());
        let language = crate::lang::language(lang).unwrap();
        let mut pairing = Pairing::default();
        let mut out = Vec::new();
        let mut take = |p: &mut Pairing<usize>| {
            while let Some((n, found)) = p.pop() {
                let text: &str = lines[n];
                out.extend(
                    found
                        .into_iter()
                        .filter(|f| f.rule == RULE)
                        .map(|f| (n, text[f.span].to_string())),
                );
            }
        };
        for (n, line) in lines.iter().enumerate() {
            let found = engine.check_segment(line, language);
            let loose = reported_loose(line, None, language, None, &found);
            pairing.push(n, found, loose);
            take(&mut pairing);
        }
        pairing.settle();
        take(&mut pairing);
        out
    }

    #[test]
    fn quotations_pair_across_consecutive_segments() {
        let quiet: &[(&str, &[&str])] = &[
            (
                "fr",
                &[
                    "« C'était super cool pour moi, mon premier podium.",
                    "Je suis super contente du résultat.",
                    "Il y a encore beaucoup à améliorer », a déclaré Burghardt.",
                ],
            ),
            (
                "de",
                &[
                    "Professor Lee sagte, „Ich denke, dass die Technik hilft.",
                    "Sie wird es ermöglichen, Varianten zu analysieren.“",
                ],
            ),
            (
                "ru",
                &[
                    "Они поразили нас окончательным «Нет.",
                    "Это не является необходимым с медицинской точки зрения».",
                ],
            ),
            (
                "de",
                &[
                    "Es war so etwas wie Kartonteller (oder hatte was damit zu tun?",
                    "Strohhalme?).",
                ],
            ),
            // Dialogue: each paragraph opens the quotation again, the last one closes it.
            (
                "fr",
                &[
                    "« Nous étions trop prudents.",
                    "« Contre l'Espagne, nous devons jouer autrement.",
                    "Nous le savons », a dit l'entraîneur.",
                ],
            ),
        ];
        for (lang, lines) in quiet {
            assert!(document(lang, lines).is_empty(), "{lines:?}");
        }
    }

    #[test]
    fn quotations_left_open_or_closed_from_nowhere_still_fire() {
        // The quotation never closes in the document.
        let lines = [
            "Il a dit « nous viendrons demain.",
            "La réunion a eu lieu.",
            "Le maire a confirmé la date.",
        ];
        assert_eq!(document("fr", &lines), [(0, "«".to_string())]);
        // A closing mark with no quotation opened before it.
        let lines = [
            "Le parc est ouvert.",
            "Le décor était parfait », explique le parc.",
        ];
        assert_eq!(document("fr", &lines), [(1, "»".to_string())]);
        // Too far apart: not one quotation.
        let mut lines = vec!["Er sagte „Hallo und ging."];
        lines.extend(["Es regnete."; REACH as usize]);
        lines.push("Das war gut“, sagte sie.");
        assert_eq!(
            document("de", &lines),
            [(0, "„".to_string()), (lines.len() - 1, "“".to_string())]
        );
    }
}
