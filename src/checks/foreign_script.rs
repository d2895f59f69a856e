//! Words written in a script the target language does not use: untranslated names and words.
//! Consecutive foreign words form one finding; names get a romanization suggestion.

use super::{Check, Ctx, finding};
use crate::finding::Finding;
use crate::translit;
use std::ops::Range;
use unicode_script::Script;

/// See `foreign-name`, `foreign-word`, `foreign-gloss` and `foreign-brand` in data/rules.toml.
pub struct ForeignScript;

impl Check for ForeignScript {
    fn rules(&self) -> &'static [&'static str] {
        &[
            "foreign-name",
            "foreign-word",
            "foreign-gloss",
            "foreign-brand",
            "untransliterated-name",
        ]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for run in foreign_runs(ctx) {
            report_run(ctx, &run, out);
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
            .all(|c| c.is_whitespace() || matches!(c, '-' | '‐' | '\'' | '’' | '.'))
}

/// The runs of foreign-script words in the segment.
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

/// Whether word `i` opens a sentence (after ., !, ?, …, : or an opening quote or bracket).
pub(crate) fn at_sentence_start(ctx: &Ctx<'_>, i: usize) -> bool {
    ctx.gap_before(i)
        .trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '«' | '“' | '„' | '"' | '(' | '—' | '–' | '-' | '‹' | '‚' | '\''
                )
        })
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | '»' | '”'))
        && (i == 0 || {
            let before = ctx.text[..ctx.words[i].span.start].trim_end();
            before.is_empty()
                || before.ends_with(['.', '!', '?', '…', ':', '«', '“', '„', '"', '—', '–'])
        })
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
    if !at_sentence_start(ctx, run.first) || run.len() > 1 {
        return true;
    }
    match run.script {
        Script::Cyrillic => name_shaped(ctx.word(run.first)),
        _ => false,
    }
}

/// A foreign-script run that the text itself introduces as a gloss: "(en russe Антон Чехов)".
fn is_gloss(ctx: &Ctx<'_>, span: &Range<usize>) -> bool {
    let before = &ctx.text[..span.start];
    let window_start = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    let window = before[window_start..].to_lowercase();
    let Some(paren) = window.rfind(['(', '[', ',', '—', ':']) else {
        return false;
    };
    let intro = window[paren..].trim_end();
    ctx.lang
        .gloss_markers
        .iter()
        .any(|m| intro.contains(m.as_str()))
}

/// Latin brands, acronyms and product names kept in non-Latin text: Google, NASA, iPhone.
fn is_brand_like(ctx: &Ctx<'_>, run: &Run) -> bool {
    is_name_run(ctx, run.first, run.last)
}

/// Lower-case words that occur inside multi-word names and titles ("Press Trust of India").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "on", "and", "for", "in", "at", "a", "de", "la", "le", "du", "des", "di", "da",
    "del", "von", "van", "der", "den", "y", "e", "et", "und", "&",
];

/// Words `first..=last` are capitalised, acronyms or numbered, with name particles between.
pub(crate) fn is_name_run(ctx: &Ctx<'_>, first: usize, last: usize) -> bool {
    (first..=last).all(|i| {
        let w = &ctx.words[i];
        let particle = i > first && i < last && NAME_PARTICLES.contains(&ctx.word(i));
        // The possessive of a name: "McDonald's", "Fox’s".
        let possessive = i == last
            && i > first
            && matches!(ctx.word(i), "s" | "S")
            && matches!(ctx.gap_before(i), "'" | "’");
        w.capitalized || w.upper > 0 || w.digits > 0 || particle || possessive
    })
}

/// In a target that writes names in its own script, a single Title-case Latin word that is a
/// known English word or name ("Twitter", "Washington"), or that has an established native form.
fn untransliterated(ctx: &Ctx<'_>, run: &Run) -> Option<Option<String>> {
    if run.script != Script::Latin || !ctx.lang.keeps_latin_names || run.len() != 1 {
        return None;
    }
    let w = &ctx.words[run.first];
    let text = ctx.word(run.first);
    if let Some(native) = ctx.lang.native_forms.get(text) {
        return Some(Some(native.clone()));
    }
    let title_case = w.capitalized && w.upper == 1 && w.letters >= 3 && w.digits == 0;
    if !title_case || ctx.lang.kept_latin.contains(text) || ctx.lang.brands.contains(text) {
        return None;
    }
    // Joined to other Latin text by a hyphen or apostrophe, or quoted: a title or a compound.
    let gap_b = ctx.gap_before(run.first);
    let gap_a = ctx.gap_after(run.first);
    if gap_b.ends_with(['-', '\'', '’']) || gap_a.starts_with(['-', '\'', '’']) {
        return None;
    }
    if super::language_switch::quoted(ctx.text, &w.span) {
        return None;
    }
    let en = crate::lang::lexicon("en")?;
    (en.zipf(&text.to_lowercase()) >= 3.5).then_some(None)
}

fn report_run(ctx: &Ctx<'_>, run: &Run, out: &mut Vec<Finding>) {
    let span = run.span(ctx);
    let flagged = &ctx.text[span.clone()];
    let lang_name = &ctx.lang.name;
    let script = run.script.full_name();
    let source = source_language(run.script, flagged);
    if is_gloss(ctx, &span) {
        out.push(finding(
            "foreign-gloss",
            span,
            format!(
                "“{flagged}” is a {source} gloss the text introduces itself; check it is wanted."
            ),
        ));
        return;
    }
    if let Some(native) = untransliterated(ctx, run) {
        let mut f = finding(
            "untransliterated-name",
            span,
            match &native {
                Some(n) => {
                    format!("“{flagged}” is left in Latin script; {lang_name} writes it “{n}”.")
                }
                None => format!(
                    "“{flagged}” is left in Latin script; {lang_name} usually writes names of people, places and media in its own script: check whether it should be transliterated."
                ),
            },
        );
        if let Some(n) = native {
            f = f.with_suggestion(n);
        }
        out.push(f);
        return;
    }
    if run.script == Script::Latin && ctx.lang.keeps_latin_names && is_brand_like(ctx, run) {
        out.push(finding(
            "foreign-brand",
            span,
            format!(
                "“{flagged}” is kept in Latin script; {lang_name} usually keeps brand names, acronyms and product names as they are, so check only that it should not be translated or transliterated."
            ),
        ));
        return;
    }
    if is_name(ctx, run) {
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
        let mut f = finding("foreign-name", span.clone(), message);
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
        "foreign-word",
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
            "Он написал в Twitter, что Washington против.",
            "untransliterated-name",
        );
        let flagged: Vec<_> = got.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(got.len(), 2, "{flagged:?}");
        assert_eq!(got[0].suggestion.as_deref(), Some("Твиттер"));
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
