//! Words written in a script the target language does not use: untranslated names and words.
//! Consecutive foreign words form one finding; names get a romanization suggestion.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use crate::translit;
use std::ops::Range;
use unicode_script::Script;

/// See `foreign-name`, `foreign-word`, `foreign-gloss` and `foreign-brand` in data/rules.toml.
pub struct ForeignScript;

impl Check for ForeignScript {
    fn rules(&self) -> &'static [Rule] {
        &[
            Rule::ForeignName,
            Rule::ForeignWord,
            Rule::ForeignGloss,
            Rule::ForeignBrand,
            Rule::UntransliteratedName,
        ]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for run in ctx.foreign_runs() {
            report_run(ctx, run, out);
        }
    }
}

/// A run of consecutive words in one foreign script.
pub(crate) struct Run {
    pub script: Script,
    /// Word indices, first..=last.
    pub first: usize,
    pub last: usize,
}

impl Run {
    pub fn span(&self, ctx: &Ctx<'_>) -> Range<usize> {
        ctx.words[self.first].span.start..ctx.words[self.last].span.end
    }
    pub fn len(&self) -> usize {
        self.last - self.first + 1
    }
}

fn is_foreign(ctx: &Ctx<'_>, i: usize) -> Option<Script> {
    let w = &ctx.words[i];
    let s = w.script?;
    if w.mixed || ctx.lang.uses_script(s) || ctx.is_protected(&w.span) {
        return None;
    }
    if super::homoglyph::lone_lookalike(ctx, i).is_some() {
        return None;
    }
    // Han characters are shared by Japanese and Korean targets; kana and hangul are not.
    Some(s)
}

/// Whether the gap between two words keeps them in one run (a name, a phrase).
fn joins(gap: &str) -> bool {
    !gap.is_empty()
        && gap.len() <= 4
        && gap
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '‐' | '−' | '\'' | '’' | '.'))
}

/// The runs of foreign-script words in the segment (computed once per segment by
/// [`Ctx::foreign_runs`]).
pub(crate) fn foreign_runs(ctx: &Ctx<'_>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for i in 0..ctx.words.len() {
        let Some(s) = is_foreign(ctx, i) else {
            continue;
        };
        if let Some(r) = runs.last_mut()
            && r.last + 1 == i
            && r.script == s
            && joins(ctx.gap_before(i))
        {
            r.last = i;
            continue;
        }
        runs.push(Run {
            script: s,
            first: i,
            last: i,
        });
    }
    runs.retain(|r| !is_formula(ctx, r) && !is_lone_letter(ctx, r));
    runs
}

/// A letter standing alone: a symbol (λ, μ, Δ), a variable, a grade, a gene, model or series
/// letter ("участок S", "витамин C", "серия A", "S1"), never an untranslated word. Only a
/// lower-case Cyrillic letter that is a word of its language ("в", "и") is one.
fn is_lone_letter(ctx: &Ctx<'_>, run: &Run) -> bool {
    let w = &ctx.words[run.first];
    if run.len() != 1 || w.letters != 1 {
        return false;
    }
    match run.script {
        Script::Greek | Script::Latin => true,
        Script::Cyrillic => {
            let text = ctx.word(run.first);
            let lang = translit::cyrillic_language(text).unwrap_or("ru");
            w.upper > 0
                || w.digits > 0
                || !crate::lang::lexicon(lang).is_some_and(|l| l.zipf(&text.to_lowercase()) >= 4.5)
        }
        _ => false,
    }
}

/// Greek letters used as symbols in a formula ("λ = 2,5", "Δt", "α-particle" stays prose).
fn is_formula(ctx: &Ctx<'_>, run: &Run) -> bool {
    if run.script != Script::Greek || ctx.lang.uses_script(Script::Greek) {
        return false;
    }
    if (run.first..=run.last).any(|i| ctx.words[i].letters > 3) {
        return false;
    }
    let span = run.span(ctx);
    let before = ctx.text[..span.start].chars().rev().take(4);
    let after = ctx.text[span.end..].chars().take(4);
    let mathy = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '=' | '<'
                    | '>'
                    | '≤'
                    | '≥'
                    | '≈'
                    | '±'
                    | '×'
                    | '·'
                    | '/'
                    | '+'
                    | '−'
                    | '*'
                    | '^'
                    | '('
                    | ')'
                    | '∑'
                    | '∫'
                    | '√'
                    | '∂'
                    | '∆'
                    | '²'
                    | '³'
            )
    };
    before.chain(after).any(mathy)
}

/// Name of the language a foreign word is probably in, for messages.
fn source_language(script: Script, word: &str) -> String {
    let code = match script {
        Script::Cyrillic => translit::cyrillic_language(word).unwrap_or("ru"),
        Script::Han => "zh",
        Script::Hiragana | Script::Katakana => "ja",
        Script::Hangul => "ko",
        Script::Greek => "el",
        Script::Arabic => "ar",
        Script::Hebrew => "he",
        Script::Devanagari => "hi",
        Script::Latin => return "Latin-script".to_string(),
        other => return format!("{}-script", other.full_name()),
    };
    crate::lang::language(code)
        .map(|l| l.name.clone())
        .unwrap_or_else(|_| format!("{}-script", script.full_name()))
}


/// Whether a capitalized Cyrillic word looks like a personal name even at a sentence start.
fn name_shaped(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ской", "ская", "их", "ых", "енко", "ук",
        "юк", "ич", "ова", "ева", "ина", "ого", "ому", "овым", "евым", "иным",
    ];
    let lower = word.to_lowercase();
    ENDINGS.iter().any(|e| lower.ends_with(e)) && lower.chars().count() >= 4
}

fn is_name(ctx: &Ctx<'_>, run: &Run) -> bool {
    let all_cap = (run.first..=run.last).all(|i| ctx.words[i].capitalized);
    if !all_cap {
        return false;
    }
    if ctx.words[run.first].is_all_caps() && run.len() == 1 && run.script != Script::Latin {
        // A shouted foreign word or a foreign acronym: not a personal name.
        return false;
    }
    if !ctx.starts_sentence(run.first) || run.len() > 1 {
        return true;
    }
    match run.script {
        Script::Cyrillic => name_shaped(ctx.word(run.first)),
        _ => false,
    }
}

/// A foreign-script run that the text itself introduces as a gloss: "(en russe Антон Чехов)",
/// "(auf Russisch: Антон Чехов)", "(russ., Антон Чехов)", "— по-английски, dashboard".
fn is_gloss(ctx: &Ctx<'_>, span: &Range<usize>) -> bool {
    let before = &ctx.text[..span.start];
    let window_start = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    let window = before[window_start..].to_lowercase();
    let markers = &ctx.lang.gloss_markers;
    // The marker right before the run, past the punctuation that may follow it.
    let trimmed = window.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ':' | '—' | '–' | '-' | '=' | '«' | '"' | '“' | '„')
    });
    let ends_with_marker = markers.iter().any(|m| {
        let m = m.trim_end_matches([':', ' ']);
        trimmed.ends_with(m)
            && !trimmed[..trimmed.len() - m.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    });
    if ends_with_marker {
        return true;
    }
    // Or a marker after the bracket, dash or colon that opens the gloss: "(en russe le nom Антон)".
    let Some(paren) = window.rfind(['(', '[', '—', ':']) else {
        return false;
    };
    let intro = &window[paren..];
    markers.iter().any(|m| intro.contains(m.as_str()))
}

/// A Latin run that is the whole content of brackets right after an acronym in capitals: the
/// acronym's expansion or original term ("технологии FTBTM (fade-thru-black)", "HQV (Hollywood
/// Quality Video)").
fn explains_acronym(ctx: &Ctx<'_>, run: &Run) -> bool {
    if run.script != Script::Latin || run.first == 0 {
        return false;
    }
    let span = run.span(ctx);
    let before = ctx.text[..span.start].trim_end();
    let after = ctx.text[span.end..].trim_start();
    let Some(before) = before.strip_suffix('(').map(str::trim_end) else {
        return false;
    };
    if !after.starts_with(')') || !before.ends_with(|c: char| c.is_alphanumeric()) {
        return false;
    }
    let prev = &ctx.words[run.first - 1];
    prev.span.end == before.len() && prev.upper >= 2 && prev.lower == 0
}

/// A run of several words that is the whole content of a pair of quotation marks: a title or a
/// quotation given in its original script on purpose («Feds Go Home», „Война и мир“).
fn is_quoted_original(ctx: &Ctx<'_>, run: &Run) -> bool {
    if run.len() < 2 {
        return false;
    }
    let span = run.span(ctx);
    let open = ctx.text[..span.start].trim_end_matches(char::is_whitespace);
    let close = ctx.text[span.end..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | '?' | '…' | ',')
    });
    let (Some(o), Some(c)) = (open.chars().next_back(), close.chars().next()) else {
        return false;
    };
    const PAIRS: &[(char, char)] = &[
        ('«', '»'),
        ('“', '”'),
        ('„', '“'),
        ('„', '”'),
        ('"', '"'),
        ('‹', '›'),
        ('»', '«'),
        ('‚', '‘'),
        ('‘', '’'),
        ('\'', '\''),
    ];
    PAIRS.contains(&(o, c))
}

/// Latin brands, acronyms and product names kept in non-Latin text: Google, NASA, iPhone,
/// "micro-USB", "15-pin HD", and product names with one lower-case word among capitalised ones
/// ("Battery powered Vacuum Pump").
fn is_brand_like(ctx: &Ctx<'_>, run: &Run) -> bool {
    let named = |i: usize| {
        let w = &ctx.words[i];
        w.capitalized || w.upper > 0 || w.digits > 0 || technical(ctx, i)
    };
    if is_name_run_with(ctx, run.first, run.last, &named) {
        return true;
    }
    let lower = (run.first..=run.last).filter(|&i| !named(i)).count();
    run.len() >= 3 && named(run.first) && named(run.last) && lower * 3 <= run.len()
}

/// Latin words in capitals that are common English words, usually written in lower case
/// ("отвертками и CHAINSAW", "в каждом классе (EVEN POOR)", "Это DAUNTING."): shouted words the
/// engine left untranslated, not acronyms or brands ("NATO", "HDMI", "COVID" are usually written
/// in capitals; "SEATTLE" is a proper name; see data/casing/en.tsv). One of them has 4 letters or
/// more, so that short words that are also acronyms ("IT", "US") stay brands.
fn shouted_common_words(ctx: &Ctx<'_>, run: &Run) -> bool {
    let Some(en) = crate::lang::lexicon("en") else {
        return false;
    };
    let common = |i: usize| {
        let w = &ctx.words[i];
        let lower = ctx.word(i).to_lowercase();
        w.is_all_caps()
            && w.digits == 0
            && !ctx.lang.acronyms.contains(ctx.word(i))
            && en.zipf(&lower) >= SHOUTED_COMMON
            && crate::lang::usual_case("en", &lower) == crate::lang::UsualCase::Lower
    };
    (run.first..=run.last).all(common) && (run.first..=run.last).any(|i| ctx.words[i].letters >= 4)
}

/// Zipf frequency from which a word in capitals is a common English word shouted, not a name.
const SHOUTED_COMMON: f32 = 3.0;

/// A single lower-case Latin word that no common English word spells: a user name, handle,
/// domain or product name as it is written ("имя пользователя anjahoehne"), when a class noun
/// announces it. A common word there ("приложение dashboard") is still untranslated.
fn is_identifier(ctx: &Ctx<'_>, run: &Run) -> bool {
    let w = ctx.word(run.first);
    run.len() == 1
        && ctx.words[run.first].letters >= 3
        && !ctx.words[run.first].capitalized
        && crate::lang::lexicon("en").is_none_or(|l| l.zipf(&w.to_lowercase()) < RARE_WORD)
}

/// A lower-case part of a technical term, joined by a hyphen to an acronym, a number or a
/// capitalised part: "micro-USB", "USB-c", "15-pin", "s-Video".
fn technical(ctx: &Ctx<'_>, i: usize) -> bool {
    // Some engines write the hyphen of "15−pin", "s−Video" as a minus sign (U+2212).
    let hyphen = |gap: &str| matches!(gap, "-" | "‐" | "−");
    // An acronym, a number or a capitalised part: "micro-USB", "15-pin", "s-Video".
    let strong = |k: usize| ctx.words[k].upper >= 1 || ctx.words[k].digits > 0;
    let start = ctx.words[i].span.start;
    let number_before = ctx.text[..start]
        .strip_suffix(['-', '‐', '−'])
        .and_then(|t| t.chars().next_back())
        .is_some_and(|c| c.is_ascii_digit());
    number_before
        || (i > 0 && hyphen(ctx.gap_before(i)) && strong(i - 1))
        || (i + 1 < ctx.words.len() && hyphen(ctx.gap_after(i)) && strong(i + 1))
}

/// Lower-case words that occur inside multi-word names and titles ("Press Trust of India").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "on", "and", "for", "in", "at", "a", "de", "la", "le", "du", "des", "di", "da",
    "del", "von", "van", "der", "den", "y", "e", "et", "und", "&",
];

/// Words `first..=last` are capitalised, acronyms or numbered, with name particles between.
pub(crate) fn is_name_run(ctx: &Ctx<'_>, first: usize, last: usize) -> bool {
    is_name_run_with(ctx, first, last, &|i| {
        let w = &ctx.words[i];
        w.capitalized || w.upper > 0 || w.digits > 0
    })
}

/// Words `first..=last` are `named`, with name particles and a final possessive between.
fn is_name_run_with(
    ctx: &Ctx<'_>,
    first: usize,
    last: usize,
    named: &dyn Fn(usize) -> bool,
) -> bool {
    // A long name may end in a particle: "Royal Mail International Signed for" (a postal
    // service), never a short one ("Click for").
    let long = (first..=last).filter(|&i| named(i)).count() >= 3;
    (first..=last).all(|i| {
        let particle = i > first && (i < last || long) && NAME_PARTICLES.contains(&ctx.word(i));
        // The possessive of a name: "McDonald's", "Fox’s".
        let possessive = i == last
            && i > first
            && matches!(ctx.word(i), "s" | "S")
            && matches!(ctx.gap_before(i), "'" | "’");
        named(i) || particle || possessive
    })
}

/// "Twitter-аккаунт", "USB-кабель", "usb-кабель": the run is the first part of a compound of the
/// target language, which keeps the name or the term in Latin on purpose.
fn first_part_of_compound(ctx: &Ctx<'_>, run: &Run) -> bool {
    run.last + 1 < ctx.words.len()
        && matches!(ctx.gap_after(run.last), "-" | "‐")
        && ctx.words[run.last + 1]
            .script
            .is_some_and(|s| ctx.lang.uses_script(s))
}

/// Where a single Latin word's spelling in the target script comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Native {
    /// A place, person, institution or event (`native_forms`): kept in Latin, untransliterated.
    Name,
    /// A company, product or service (`brand_forms`): kept in Latin as often, on purpose.
    Brand,
}

/// In a target that writes names in its own script, a single Latin word that has an established
/// native form ("Washington" → "Вашингтон", "Twitter" → "Твиттер"). Other single Title-case words
/// are brands, products and titles as often as names: `foreign-brand`.
fn native_form<'a>(ctx: &Ctx<'a>, run: &Run) -> Option<(&'a str, Native)> {
    if run.script != Script::Latin || !ctx.lang.keeps_latin_names || run.len() != 1 {
        return None;
    }
    // "@Twitter", "@ Twitter": a handle, written as the service writes it.
    if ctx.gap_before(run.first).trim_end().ends_with('@') {
        return None;
    }
    if first_part_of_compound(ctx, run) {
        return None;
    }
    let w = ctx.word(run.first);
    if let Some(n) = ctx.lang.native_forms.get(w) {
        return Some((n.as_str(), Native::Name));
    }
    ctx.lang
        .brand_forms
        .get(w)
        .map(|n| (n.as_str(), Native::Brand))
}

/// A Title-case word as personal names are written: "Joe", "Rhodes" (not "NASA", "iPhone", "X5").
fn name_cased(ctx: &Ctx<'_>, i: usize) -> bool {
    let w = &ctx.words[i];
    w.capitalized && w.upper == 1 && w.letters >= 2 && w.digits == 0
}

/// A personal name left in Latin script: two or three Title-case words, a known given name first
/// and surnames (or words too rare to be common English) after it: "Joe Biden", "Dusty Rhodes",
/// "Tobias Ellwood". A given name that is also a common word ("Mark", "Royal") needs a known
/// surname after it, so "Royal Mail" and "Crystal Mountain" stay brands.
fn is_person(ctx: &Ctx<'_>, run: &Run) -> bool {
    if run.script != Script::Latin || !ctx.lang.keeps_latin_names || !(2..=3).contains(&run.len()) {
        return false;
    }
    if !(run.first..=run.last).all(|i| name_cased(ctx, i))
        || !(run.first + 1..=run.last).all(|i| ctx.gap_before(i) == " ")
    {
        return false;
    }
    let Some(given) = crate::names::given(ctx.word(run.first)) else {
        return false;
    };
    let en = crate::lang::lexicon("en");
    (run.first + 1..=run.last).all(|i| {
        let w = ctx.word(i);
        let known = crate::names::surname(w)
            || crate::names::given(w) == Some(crate::names::Given::Name)
            || ctx.lang.native_forms.contains_key(w);
        let rare = en.is_none_or(|l| l.zipf(&w.to_lowercase()) < RARE_WORD);
        known || (given == crate::names::Given::Name && rare)
    })
}

/// Zipf frequency under which an English word is too rare to be a common noun of a brand name.
const RARE_WORD: f32 = 3.0;

/// The run is the name of a product, service, work or organisation that a class noun right before
/// it announces: "игра Minecraft", "в программе Recovery", "подписку Norton", "онлайн-игре".
/// The nouns are stems with the endings they take (`name_nouns`, `noun_endings` in the pack).
fn announced_by_class_noun(ctx: &Ctx<'_>, run: &Run) -> bool {
    if run.first == 0 || ctx.lang.name_nouns.is_empty() {
        return false;
    }
    // "игра Minecraft", "игра «Minecraft»", "учётная запись — anjahoehn", "логин: jdoe".
    // A hyphen counts as a dash only with a space on each side ("учётная запись - jdoe").
    let gap = ctx.gap_before(run.first);
    let dash = |c: char| matches!(c, '—' | '–' | ':' | '-');
    if gap.is_empty()
        || !gap
            .chars()
            .all(|c| c.is_whitespace() || dash(c) || matches!(c, '«' | '“' | '"' | '„'))
        || gap.chars().filter(|&c| dash(c)).count() > 1
        || (gap.contains('-') && !(gap.starts_with(' ') && gap.trim_start().starts_with('-')))
    {
        return false;
    }
    let prev = ctx.word(run.first - 1).to_lowercase();
    let last = prev.rsplit(['-', '‐']).next().unwrap_or(&prev);
    ctx.lang.name_nouns.iter().any(|stem| {
        last.strip_prefix(stem.as_str())
            .is_some_and(|ending| ctx.lang.noun_endings.iter().any(|e| e == ending))
    })
}

fn report_run(ctx: &Ctx<'_>, run: &Run, out: &mut Vec<Finding>) {
    let span = run.span(ctx);
    let flagged = &ctx.text[span.clone()];
    let lang_name = &ctx.lang.name;
    let script = run.script.full_name();
    let source = source_language(run.script, flagged);
    if is_gloss(ctx, &span) {
        out.push(finding(
            Rule::ForeignGloss,
            span,
            format!(
                "“{flagged}” is a {source} gloss the text introduces itself; check it is wanted."
            ),
        ));
        return;
    }
    if explains_acronym(ctx, run) {
        out.push(finding(
            Rule::ForeignGloss,
            span,
            format!(
                "“{flagged}” spells out, in brackets, the acronym or name before it in its original language; check that it is meant to stay untranslated."
            ),
        ));
        return;
    }
    if is_quoted_original(ctx, run) {
        out.push(finding(
            Rule::ForeignGloss,
            span,
            format!(
                "“{flagged}” is a {source} title or quotation given in its original script inside quotation marks; check that it is meant to stay untranslated."
            ),
        ));
        return;
    }
    let announced = announced_by_class_noun(ctx, run);
    if let Some((native, kind)) = native_form(ctx, run) {
        if announced || kind == Native::Brand {
            // "компания Twitter", "соцсеть Instagram", "написал в Instagram": the company or
            // service itself, which professional translators keep in Latin as often.
            out.push(
                finding(
                    Rule::ForeignBrand,
                    span,
                    format!(
                        "“{flagged}” names a company, product or service and is kept in Latin script, as {lang_name} often does; its {lang_name} spelling is “{native}”."
                    ),
                )
                .with_suggestion(native.to_string()),
            );
        } else {
            out.push(
                finding(
                    Rule::UntransliteratedName,
                    span,
                    format!(
                        "“{flagged}” is left in Latin script; {lang_name} writes it “{native}”."
                    ),
                )
                .with_suggestion(native.to_string()),
            );
        }
        return;
    }
    if is_person(ctx, run) && !announced {
        let parts: Option<Vec<&String>> = (run.first..=run.last)
            .map(|i| ctx.lang.native_forms.get(ctx.word(i)))
            .collect();
        let mut f = finding(
            Rule::UntransliteratedName,
            span,
            format!(
                "“{flagged}” is a personal name left in Latin script; {lang_name} writes the names of people in its own script: transliterate it."
            ),
        );
        if let Some(parts) = parts {
            let s: Vec<&str> = parts.iter().map(|p| p.as_str()).collect();
            f = f.with_suggestion(s.join(" "));
        }
        out.push(f);
        return;
    }
    // "приложение SWAP": a name the class noun announces, even in capitals.
    // "MIME-тип": the first part of a Russian compound is a term, even in capitals.
    let shouted = run.script == Script::Latin
        && !announced
        && !first_part_of_compound(ctx, run)
        && shouted_common_words(ctx, run);
    if run.script == Script::Latin
        && ctx.lang.keeps_latin_names
        && !shouted
        && (is_brand_like(ctx, run)
            || (announced && is_identifier(ctx, run))
            || first_part_of_compound(ctx, run))
    {
        out.push(finding(
            Rule::ForeignBrand,
            span,
            format!(
                "“{flagged}” is kept in Latin script; {lang_name} usually keeps brand names, acronyms and product names as they are, so check only that it should not be translated or transliterated."
            ),
        ));
        return;
    }
    if is_name(ctx, run) && !shouted {
        let mut message = format!(
            "Untranslated {source} name “{flagged}” left in {script} script in {lang_name} text."
        );
        let mut parts = Vec::new();
        let mut prev: Option<&str> = ctx.words[..run.first].last().map(|w| w.text(ctx.text));
        for i in run.first..=run.last {
            let w = ctx.word(i);
            let base = match translit::name_case_ending(w, prev) {
                Some((base, case)) => {
                    message.push_str(&format!(
                        " “{w}” carries a {source} {case} ending; the base form is “{base}”."
                    ));
                    base
                }
                None => w.to_string(),
            };
            parts.push(translit::romanize(&base, &ctx.lang.code));
            prev = Some(w);
        }
        let mut f = finding(Rule::ForeignName, span.clone(), message);
        if ctx.lang.is_latin() && parts.iter().all(Option::is_some) {
            // Rebuild the run with the original gaps between words.
            let mut s = String::new();
            for (k, i) in (run.first..=run.last).enumerate() {
                if k > 0 {
                    s.push_str(ctx.gap_before(i));
                }
                s.push_str(parts[k].as_deref().unwrap_or_default());
            }
            f.message
                .push_str(&format!(" {lang_name} romanizes it as “{s}”."));
            f = f.with_suggestion(s);
        }
        out.push(f);
        return;
    }
    let noun = if run.len() > 1 { "words" } else { "word" };
    out.push(finding(
        Rule::ForeignWord,
        span,
        format!(
            "Untranslated {source} {noun} “{flagged}” left in {script} script in {lang_name} text; translate it."
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::checks::testutil::{flagged, run};

    #[test]
    fn flags_cyrillic_names_and_words_in_french() {
        let t = "l’ambassadeur André Крутских a dit. Je peux l’appeler кибербеспределом, a dit Sergueï Рябкова.";
        assert_eq!(flagged("fr", t, "foreign-name"), ["Крутских", "Рябкова"]);
        assert_eq!(flagged("fr", t, "foreign-word"), ["кибербеспределом"]);
    }

    #[test]
    fn consecutive_foreign_words_form_one_finding() {
        assert_eq!(
            flagged("fr", "Il a rencontré Иван Петров hier.", "foreign-name"),
            ["Иван Петров"]
        );
        assert_eq!(
            flagged("en", "The 外交部 said so.", "foreign-word"),
            ["外交部"]
        );
    }

    #[test]
    fn latin_in_russian_common_words_vs_brands() {
        assert_eq!(
            flagged("ru", "Откройте dashboard и нажмите кнопку.", "foreign-word"),
            ["dashboard"]
        );
        assert!(flagged("ru", "Приложение Android от Google и NASA.", "foreign-word").is_empty());
        assert_eq!(
            flagged(
                "ru",
                "Приложение Android от Google и NASA.",
                "foreign-brand"
            ),
            ["Android", "Google", "NASA"]
        );
        assert_eq!(
            flagged(
                "ru",
                "Агентство Press Trust of India сообщило.",
                "foreign-brand"
            ),
            ["Press Trust of India"]
        );
        assert_eq!(
            flagged("ru", "Сеть McDonald's закрылась.", "foreign-brand"),
            ["McDonald's"]
        );
    }

    #[test]
    fn untransliterated_names_in_russian() {
        let got = run(
            "ru",
            "Он написал, что Washington и London против.",
            "untransliterated-name",
        );
        let flagged: Vec<_> = got.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(got.len(), 2, "{flagged:?}");
        assert_eq!(got[0].suggestion.as_deref(), Some("Вашингтон"));
        assert!(
            run(
                "ru",
                "Приложение Android от Google.",
                "untransliterated-name"
            )
            .is_empty()
        );
        assert!(run("ru", "Фильм «Frozen» вышел.", "untransliterated-name").is_empty());
    }

    /// The mixed-script findings of warning or error severity on `t` (Russian target).
    fn serious(t: &str) -> Vec<(String, String)> {
        let engine = crate::Engine::new(Vec::new());
        let ru = crate::lang::language("ru").unwrap();
        engine
            .check_pair(t, None, None, ru)
            .into_iter()
            .filter(|f| {
                f.severity >= crate::finding::Severity::Warning
                    && f.category == crate::finding::Category::MixedScript
            })
            .map(|f| (f.rule.clone(), t[f.span].to_string()))
            .collect()
    }

    #[test]
    fn brands_products_and_titles_kept_in_latin_are_info() {
        // Sentences of professional Russian translations (WMT22 references).
        for t in [
            "Norton лидирует в этой борьбе во время нормативных испытаний.",
            "Только Norton наградили выбором редакции PC Magazine.",
            "Я переключился с iPhone 12 Pro на 13 Pro Max, и баг исчез.",
            "Подключите камеру к компьютеру с помощью кабеля micro-USB.",
            "Есть входы компонентного видео (15-pin HD), 2 HDMI и 1 DVI.",
            "Команда ослаблена из-за Covid и травм.",
            "Игра быстро распространилась в онлайн-игре Minecraft.",
            "В программе Recovery участвуют 12 тысяч пациентов.",
            "Посылки доставляет Royal Mail, а матч прошёл на Adelaide Oval.",
            "С Encore Deluxe Manual / Battery powered Vacuum Erection Penis Pump в коробке.",
            "Компания Twitter заблокировала аккаунт, а соцсеть Instagram удалила пост.",
            "Его Brexit-стратегия провалилась, сообщил London-офис компании.",
            "Его руководство действует быстрее, чем @ Twitter.",
        ] {
            assert_eq!(serious(t), [] as [(String, String); 0], "{t}");
        }
        assert_eq!(
            flagged(
                "ru",
                "Компания Twitter заблокировала аккаунт.",
                "foreign-brand"
            ),
            ["Twitter"]
        );
        // Still reported: a name with an established Russian spelling, an English word.
        assert_eq!(
            flagged(
                "ru",
                "Он написал в Twitter, что Washington против.",
                "untransliterated-name"
            ),
            ["Washington"]
        );
        assert_eq!(
            flagged(
                "ru",
                "Подключите кабель к dashboard и нажмите кнопку.",
                "foreign-word"
            ),
            ["dashboard"]
        );
        assert_eq!(
            flagged(
                "ru",
                "Гиганты La Liga giants выставили 12 звёзд.",
                "foreign-word"
            ),
            ["La Liga giants"]
        );
    }

    #[test]
    fn services_kept_in_latin_are_info_places_and_people_are_not() {
        // WMT22 en-ru references: social networks and services kept in Latin by the translator.
        for t in [
            "«Все будет перечислено подсудимым», — написал в Instagram художник.",
            "В Twitter было опубликовано видео длиной почти две минуты.",
            "В своем Twitter Роджерс не объясняет критику в адрес Ардерн.",
        ] {
            assert_eq!(serious(t), [] as [(String, String); 0], "{t}");
        }
        let got = run("ru", "В Twitter было опубликовано видео.", "foreign-brand");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].suggestion.as_deref(), Some("Твиттер"));
        // A place, an event or a person with an established Russian spelling still fires.
        assert_eq!(
            flagged(
                "ru",
                "Споры о рыбе обострились после Brexit, а Washington промолчал.",
                "untransliterated-name"
            ),
            ["Brexit", "Washington"]
        );
    }

    #[test]
    fn user_names_and_technical_compounds_are_not_untranslated_words() {
        for t in [
            "Ваша учетная запись — anjahoehn.",
            "ваша учетная запись - anjahoehn.",
            "Подключите прилагаемый usb-кабель питания к компьютеру.",
            "Ваше имя пользователя anjahoehne, адрес электронной почты указан ниже.",
            "Он масштабирует композитный, s−Video и компонентный сигнал.",
            "Есть входы компонентного видео (15−pin HD) и 2 HDMI.",
            "Основной способ доставки — Royal Mail International Signed for.",
            "Переключение с помощью технологии FTBTM (fade-thru-black).",
        ] {
            assert_eq!(serious(t), [] as [(String, String); 0], "{t}");
        }
        // Without the acronym before the brackets, the same words are untranslated.
        assert_eq!(
            flagged(
                "ru",
                "Переключение с помощью технологии (fade-thru-black).",
                "foreign-word"
            ),
            ["fade-thru-black"]
        );
        // A common English word in capitals is shouted, not an acronym.
        for (t, word) in [
            (
                "Бабуины были вооружены ножами, отвертками и CHAINSAW.",
                "CHAINSAW",
            ),
            (
                "Все наши комиксы в каждом классе (EVEN POOR) будут полными.",
                "EVEN POOR",
            ),
        ] {
            assert_eq!(flagged("ru", t, "foreign-word"), [word], "{t}");
        }
        for t in [
            "Есть 2 входа HDMI, поддержка JPEG и защита от COVID в NATO.",
            "Приложение SWAP dApp уже запущено на сайте.",
            "Команда уже запустила приложение SWAP на своем сайте.",
            "Выплаты будут меньше, чем предусмотрено законом CARES.",
            "MIME-тип файла недопустим.",
            "Вы обратились к #NAME#, номер заказа #NUMBER#.",
        ] {
            assert_eq!(serious(t), [] as [(String, String); 0], "{t}");
        }
        // An English word after the same nouns, or a short phrase ending in a particle, fires.
        assert_eq!(
            flagged(
                "ru",
                "Откройте приложение dashboard и нажмите кнопку.",
                "foreign-word"
            ),
            ["dashboard"]
        );
        assert_eq!(
            flagged(
                "ru",
                "Откройте ваш acclount и нажмите кнопку.",
                "foreign-word"
            ),
            ["acclount"]
        );
        assert_eq!(
            flagged("ru", "Нажмите Click for и подождите.", "foreign-word"),
            ["Click for"]
        );
    }

    #[test]
    fn personal_names_left_in_latin_are_warnings() {
        for (t, name) in [
            ("Об этом на встрече заявил Joe Biden.", "Joe Biden"),
            (
                "Депутат Tobias Ellwood сказал, что это ошибка.",
                "Tobias Ellwood",
            ),
            (
                "Они перекусили в парке, сказала Mark Rhodes.",
                "Mark Rhodes",
            ),
        ] {
            assert_eq!(flagged("ru", t, "untransliterated-name"), [name], "{t}");
        }
        let got = run("ru", "Об этом заявил Joe Biden.", "untransliterated-name");
        assert_eq!(got[0].suggestion, None);
        let got = run(
            "ru",
            "Об этом заявил Donald Trump.",
            "untransliterated-name",
        );
        assert_eq!(got.len(), 1);
        // A given name that is also a word, before a word that is no surname: a brand or place.
        for t in [
            "Посылку доставит Royal Mail.",
            "Отдых на курорте Crystal Mountain Resort.",
            "Он сказал это в программе Tucker Carlson Tonight.",
            "Сериал Ted Lasso получил премию.",
        ] {
            assert!(flagged("ru", t, "untransliterated-name").is_empty(), "{t}");
        }
    }

    #[test]
    fn glosses_after_a_comma_or_colon_and_quoted_originals_are_info() {
        for (lang, t) in [
            (
                "de",
                "Anton Tschechow (auf Russisch: Антон Чехов) wurde 1860 geboren.",
            ),
            (
                "de",
                "Anton Tschechow (russ., Антон Чехов) wurde 1860 geboren.",
            ),
            (
                "fr",
                "Anton Tchekhov (en russe : Антон Чехов) est né en 1860.",
            ),
            ("ru", "Протестующие несли плакаты «Feds go home» и кричали."),
            ("fr", "Il a lu « Война и мир » en une semaine."),
        ] {
            assert!(!run(lang, t, "foreign-gloss").is_empty(), "{t}");
            assert!(run(lang, t, "foreign-name").is_empty(), "{t}");
            assert!(run(lang, t, "foreign-word").is_empty(), "{t}");
        }
        // Without the marker or the quotation marks, the same words are reported.
        assert_eq!(
            flagged(
                "de",
                "Anton Tschechow, Антон Чехов, wurde 1860 geboren.",
                "foreign-name"
            ),
            ["Антон Чехов"]
        );
        assert_eq!(
            flagged(
                "ru",
                "Протестующие несли плакаты feds go home и кричали.",
                "foreign-word"
            ),
            ["feds go home"]
        );
        // A single quoted word is an untranslated word, not a quotation.
        assert_eq!(
            flagged("fr", "« Кибербеспредел »", "foreign-word"),
            ["Кибербеспредел"]
        );
    }

    #[test]
    fn non_prose_is_not_foreign() {
        for t in [
            "Смотрите https://example.com/page и файл report.pdf.",
            "Пишите на info@example.com.",
            "Температура 25 °C, площадь 3 km².",
            "Формула H2O и CO2.",
            "On a λ = 2,5 et Δ = 3.",
        ] {
            let lang = if t.starts_with("On") { "fr" } else { "ru" };
            assert!(run(lang, t, "foreign-word").is_empty(), "{t}");
            assert!(run(lang, t, "foreign-name").is_empty(), "{t}");
        }
    }

    #[test]
    fn gloss_is_info() {
        let t = "Anton Tchekhov (en russe Антон Чехов) est né en 1860.";
        assert_eq!(flagged("fr", t, "foreign-gloss"), ["Антон Чехов"]);
        assert!(run("fr", t, "foreign-name").is_empty());
    }
}
