//! Subtitle norms, checked on the cues of SRT and WebVTT files (segments with a display time):
//! characters per line, lines per cue and reading speed, against the limits of the config's
//! `[subtitles]` table (defaults from common subtitling guidelines: 42 characters per line, two
//! lines, 17 characters per second).
//!
//! What is counted, in every rule: the characters a viewer reads. Styling tags (`<i>`, `</i>`,
//! `<font …>`, WebVTT `<c.x>`, `<v Name>`, timestamps `<00:00:01.000>`) and ASS overrides
//! (`{\an8}`) are not counted; each other Unicode character is, spaces and punctuation included,
//! except combining marks and zero-width format characters (U+200B–U+200F, U+2060, U+FEFF).
//!
//! Reading speed = characters of the cue's text without its line breaks / display time in
//! seconds (end − start), the formula of the Netflix and BBC style guides. A cue shown for no
//! time at all is reported whenever it holds text.

use super::{Check, Ctx, Rule, finding};
use crate::finding::Finding;
use std::ops::Range;

/// The limits the subtitle rules apply (`[subtitles]` in mtlint.toml).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubtitleLimits {
    /// Longest line, in characters (`subtitle-line-length`). Default 42.
    pub max_line_chars: usize,
    /// Highest reading speed, in characters per second (`reading-speed`). Default 17.
    pub max_cps: f64,
    /// Most lines in one cue (`subtitle-lines`). Default 2.
    pub max_lines: usize,
}

impl Default for SubtitleLimits {
    fn default() -> Self {
        SubtitleLimits {
            max_line_chars: 42,
            max_cps: 17.0,
            max_lines: 2,
        }
    }
}

/// `subtitle-line-length`, `subtitle-lines`, `reading-speed`.
pub struct Subtitles;

impl Check for Subtitles {
    fn rules(&self) -> &'static [Rule] {
        &[
            Rule::SubtitleLineLength,
            Rule::SubtitleLines,
            Rule::ReadingSpeed,
        ]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some((start, end)) = ctx.marks.timing else {
            return;
        };
        let limits = &ctx.subtitle_limits;
        let text = ctx.text;
        let lines = line_ranges(text);
        let mut total = 0;
        let mut counted_lines = Vec::new();
        for r in &lines {
            let n = shown_chars(&text[r.clone()]);
            total += n;
            if n > 0 {
                counted_lines.push(r.clone());
            }
            if n > limits.max_line_chars {
                out.push(finding(
                    Rule::SubtitleLineLength,
                    r.clone(),
                    format!(
                        "This subtitle line has {n} characters, over the limit of {} per line: it may be cut off or hard to read.",
                        limits.max_line_chars
                    ),
                ));
            }
        }
        if counted_lines.len() > limits.max_lines {
            let extra = counted_lines[limits.max_lines].start..text.trim_end().len();
            out.push(finding(
                Rule::SubtitleLines,
                extra,
                format!(
                    "This cue has {} lines, over the limit of {}: the extra lines cover the picture or are not shown.",
                    counted_lines.len(),
                    limits.max_lines
                ),
            ));
        }
        if total == 0 {
            return;
        }
        let span = text.len() - text.trim_start().len()..text.trim_end().len();
        let ms = end.saturating_sub(start);
        if ms == 0 {
            out.push(finding(
                Rule::ReadingSpeed,
                span,
                format!("This cue of {total} characters is shown for no time at all (it ends when it starts)."),
            ));
            return;
        }
        let cps = total as f64 * 1000.0 / ms as f64;
        if cps > limits.max_cps + 1e-9 {
            let needed = (total as f64 * 1000.0 / limits.max_cps).ceil() as u64;
            out.push(finding(
                Rule::ReadingSpeed,
                span,
                format!(
                    "Reading speed {cps:.1} characters per second ({total} characters in {:.3} s), over the limit of {}: shorten the text or show it for at least {:.3} s.",
                    ms as f64 / 1000.0,
                    trim_float(limits.max_cps),
                    needed as f64 / 1000.0
                ),
            ));
        }
    }
}

fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// The byte ranges of the lines of `text` (without their `\n` or `\r\n`).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        let end = if text[..i].ends_with('\r') { i - 1 } else { i };
        out.push(start..end);
        start = i + 1;
    }
    out.push(start..text.len());
    out
}

/// The characters of `line` a viewer reads: without styling tags (`<…>` that opens with a
/// letter, `/`, `.` or a digit), ASS overrides (`{\…}`), combining marks and zero-width
/// characters.
pub fn shown_chars(line: &str) -> usize {
    let mut n = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(close) = rest.find('>')
            && rest[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '.')
            && !rest[1..close].contains('<')
        {
            rest = &rest[close + 1..];
            continue;
        }
        if rest.starts_with("{\\")
            && let Some(close) = rest.find('}')
        {
            rest = &rest[close + 1..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if !invisible(c) {
            n += 1;
        }
    }
    n
}

fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\r')
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Marks;

    fn run(text: &str, timing: Option<(u64, u64)>, limits: SubtitleLimits) -> Vec<Finding> {
        let lang = crate::lang::language("fr").unwrap();
        let mut ctx = Ctx::new(text, lang);
        ctx.marks = Marks {
            timing,
            ..Marks::default()
        };
        ctx.subtitle_limits = limits;
        let mut out = Vec::new();
        Subtitles.check(&ctx, &mut out);
        out
    }

    fn rules(out: &[Finding]) -> Vec<&str> {
        out.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn tags_and_marks_are_not_counted() {
        assert_eq!(shown_chars("<i>Oui</i>"), 3);
        assert_eq!(shown_chars("{\\an8}<font color=\"#fff\">Non !</font>"), 5);
        assert_eq!(shown_chars("<v Roger><c.yellow>Ah</c></v>"), 2);
        assert_eq!(shown_chars("e\u{301}te\u{301}"), 3);
        assert_eq!(shown_chars("1 < 2 > 0"), 9);
    }

    #[test]
    fn a_long_line_fires_a_well_cut_cue_stays_quiet() {
        let d = SubtitleLimits::default();
        let quiet = "Je ne savais pas que tu viendrais\n<i>ce soir, avec tes amis.</i>";
        assert!(run(quiet, Some((0, 4000)), d).is_empty());
        let long = "Je ne savais pas que tu viendrais ce soir avec tous tes amis.\nBienvenue !";
        let out = run(long, Some((0, 6000)), d);
        assert_eq!(rules(&out), ["subtitle-line-length"]);
        assert_eq!(&long[out[0].span.clone()], long.lines().next().unwrap());
        assert!(out[0].message.contains("61 characters"), "{}", out[0].message);
        // Not a subtitle: no display time, no subtitle rule.
        assert!(run(long, None, d).is_empty());
        // The limit comes from the config.
        let wide = SubtitleLimits {
            max_line_chars: 70,
            ..d
        };
        assert!(run(long, Some((0, 6000)), wide).is_empty());
    }

    #[test]
    fn reading_speed_counts_characters_without_tags_or_breaks() {
        let d = SubtitleLimits::default();
        // 34 characters in 2 s: exactly 17 per second is allowed.
        let text = "<i>Il est parti.</i>\nIl reviendra demain.";
        assert_eq!(shown_chars("Il est parti.") + shown_chars("Il reviendra demain."), 33);
        assert!(run(text, Some((10_000, 12_000)), d).is_empty());
        let out = run(text, Some((10_000, 11_500)), d);
        assert_eq!(rules(&out), ["reading-speed"]);
        assert!(out[0].message.contains("22.0 characters per second"), "{}", out[0].message);
        assert!(out[0].message.contains("1.942 s"), "{}", out[0].message);
        assert_eq!(out[0].span, 0..text.len());
        let zero = run("Oui.", Some((5000, 5000)), d);
        assert_eq!(rules(&zero), ["reading-speed"]);
        assert!(run("", Some((5000, 5000)), d).is_empty());
    }

    #[test]
    fn a_third_line_fires_from_where_it_starts() {
        let d = SubtitleLimits::default();
        let text = "Attends.\nJe reviens.\nNe bouge pas.";
        let out = run(text, Some((0, 5000)), d);
        assert_eq!(rules(&out), ["subtitle-lines"]);
        assert_eq!(&text[out[0].span.clone()], "Ne bouge pas.");
        assert!(run("Attends.\nJe reviens.", Some((0, 5000)), d).is_empty());
        let three = SubtitleLimits { max_lines: 3, ..d };
        assert!(run(text, Some((0, 5000)), three).is_empty());
    }
}
