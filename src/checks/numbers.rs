//! Numbers as the bilingual `number-mismatch` check compares them: each number written with
//! digits is read with every value it may stand for, so that a faithful translation that writes
//! it another way still matches. "1,5" and "1.5" (decimal separators), "1 000", "1.000" and
//! "1,000" (grouping), "5.30pm", "17:30" and "17.30 Uhr" (12- and 24-hour times), "12.1.21" and
//! "12/01/2021" (dates and two-digit years), "12th", "12." and "12e" (ordinals), "85mph" (units
//! written on). Numbers written as words ("three", "dreißig", "восемнадцати") come from the
//! language packs' `number_words`.

use crate::lang::Language;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// One number written with digits: its span and the values it may stand for (the first is the
/// one shown in messages, as written).
#[derive(Debug, Clone)]
pub struct Num {
    pub span: Range<usize>,
    pub shown: String,
    pub values: Vec<String>,
    /// An idiom that stands for no quantity ("24/7": always): never missing from a translation
    /// that words it ("rund um die Uhr").
    pub idiom: bool,
    /// Part of a name or code ("G7", "Watch4", "COVID-19"): never reported, but it answers the
    /// same number written apart on the other side ("Watch 4", "Covid-19").
    pub name: bool,
}

impl Num {
    /// A quantity at `span`, shown as `shown`, that may stand for any of `values`.
    fn quantity(span: Range<usize>, shown: String, values: Vec<String>) -> Num {
        Num {
            span,
            shown,
            values,
            idiom: false,
            name: false,
        }
    }
}

/// The numbers written with digits in `text` (language `lang`), leaving out those inside `skip`
/// (placeholders, URLs) and those that are part of a name or code ("G7", "A4", "COVID-19",
/// "Log4Shell"). A date yields its day, month and year as three numbers; a number followed by a
/// scale word ("175 тысяч", "20 Milliarden") is also read with its full value.
pub fn numbers_in(text: &str, skip: &[Range<usize>], lang: Option<&Language>) -> Vec<Num> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            // 1: the "always" idiom, 24/7 (24/7/365).
            r"(?P<idiom>\b24\s?[/x]\s?7(?:\s?/\s?365)?\b)",
            // 2: dates D.M.Y, D/M/Y, M/D/Y (two- or four-digit year) and ISO Y-M-D.
            r"|(?P<date>\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b)",
            // German day and month without the year, "am 16.3.", "am 18.01.".
            r"|(?P<daymonth>\b(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.)",
            // Chinese and Japanese times, 5时30分, 19點54分, 4点半.
            r"|(?P<cjktime>(?P<ch>\d{1,2})[时時点點](?:(?P<cm>\d{1,2})分|(?P<half>半)))",
            // 3: times with minutes, 17:30, 17.30, 17h30, 5.30 p.m.
            r"|(?P<time>\b(?P<h>\d{1,2})(?P<sep>[:.h：]| h )(?P<m>\d{2})(?: ?(?P<ap>[ap])\.? ?m\b\.?|\b))",
            // 4: hours with am/pm, 9pm, 3 p.m.
            r"|(?P<hour>\b(?P<hh>\d{1,2}) ?(?P<ap2>[ap])\.? ?m\b\.?)",
            // A clock time glued to a word without a space (Chinese, Japanese: 周日12：00).
            r"|(?P<clock>(?P<kh>\d{1,2})[:：](?P<km>\d{2}))",
            // 5: any other number, grouped or not, with a decimal part or not.
            // A grouped number must not run on into more digits ("5.4652" is not "5.465" and "2"):
            // the character after it is taken and given back.
            r"|(?P<num>\d{1,3}(?:[ \u{a0}\u{202f},.]\d{3}| [,.]\d{3})+(?:[.,]\d+)?)(?:[^\d]|$)",
            r"|(?P<num2>\d+(?:[.,]\d+)?)",
        ))
        .expect("number regex compiles")
    });
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        let whole = c.get(0).expect("match");
        if skip
            .iter()
            .any(|s| s.start < whole.end() && whole.start() < s.end)
        {
            continue;
        }
        // The grouped-number branch takes the character after the number: give it back.
        let range = match c.name("num") {
            Some(n) => n.range(),
            None => whole.range(),
        };
        let whole_str = &text[range.clone()];
        if part_of_name(text, range.start) || code_after(text, range.clone()) {
            let mut n = plain(text, range);
            n.name = true;
            out.push(n);
            continue;
        }
        let shown = whole_str.trim_end_matches('.').to_string();
        if c.name("idiom").is_some() {
            out.push(Num {
                span: range,
                values: vec!["24/7".into()],
                shown,
                idiom: true,
                name: false,
            });
        } else if let Some(d) = c.name("date") {
            let parts: Vec<&str> = d.as_str().split(['.', '/', '-']).collect();
            let mut start = d.start();
            for p in parts {
                let span = start..start + p.len();
                start += p.len() + 1;
                let mut values = vec![integer(p)];
                if p.len() == 2 {
                    values.extend(two_digit_year(p));
                }
                out.push(Num::quantity(span, p.to_string(), values));
            }
        } else if c.name("daymonth").is_some()
            && !text[range.end..].starts_with(|c: char| c.is_ascii_digit())
            && c["mo"].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        {
            // "16.3." is the 16th of March ("le 16 mars"), or 16.3 at the end of a sentence: the
            // day reads either way; the month answers a number but is never missing (it may be
            // written as a month name).
            let (d, mo) = (c.name("d").expect("d"), c.name("mo").expect("mo"));
            let mut day = plain(text, d.range());
            day.values
                .push(normalise_number(&text[d.start()..mo.end()]));
            let mut month = plain(text, mo.range());
            month.name = true;
            out.push(day);
            out.push(month);
        } else if c.name("daymonth").is_some() {
            let (d, mo) = (c.name("d").expect("d"), c.name("mo").expect("mo"));
            out.push(plain(text, d.start()..mo.end()));
        } else if c.name("cjktime").is_some() {
            let h: u32 = c["ch"].parse().unwrap_or(99);
            let m: u32 = match c.name("cm") {
                Some(m) => m.as_str().parse().unwrap_or(99),
                None => 30,
            };
            if h > 24 || m > 59 {
                out.push(plain(text, c.name("ch").expect("ch").range()));
                continue;
            }
            let mut values = time_values(h, m, None);
            if h < 12 {
                values.extend(time_values(h + 12, m, None));
            }
            out.push(Num::quantity(range, shown, values));
        } else if c.name("clock").is_some() {
            let (hs, ms) = (c.name("kh").expect("kh"), c.name("km").expect("km"));
            let (h, m): (u32, u32) = (
                hs.as_str().parse().unwrap_or(99),
                ms.as_str().parse().unwrap_or(99),
            );
            if h > 24 || m > 59 {
                out.push(plain(text, hs.range()));
                out.push(plain(text, ms.range()));
                continue;
            }
            out.push(Num::quantity(range, shown, time_values(h, m, None)));
        } else if c.name("time").is_some() {
            let h: u32 = c["h"].parse().unwrap_or(99);
            let m: u32 = c["m"].parse().unwrap_or(99);
            let ap = c.name("ap").map(|a| a.as_str());
            let sep = c["sep"].trim();
            if h > 24 || m > 59 {
                // Not a time: a decimal number (“45.99”) or a score (“61:72”).
                let (hs, ms) = (c.name("h").expect("h"), c.name("m").expect("m"));
                if sep == "." {
                    out.push(plain(text, hs.start()..ms.end()));
                } else {
                    out.push(plain(text, hs.range()));
                    out.push(plain(text, ms.range()));
                }
                continue;
            }
            let mut values = time_values(h, m, ap);
            if sep == "." && ap.is_none() {
                // 12.39 may be a decimal number as well as a time ("10.07 billion").
                let decimal = normalise_number(
                    &text[c.name("h").expect("h").start()..c.name("m").expect("m").end()],
                );
                let end = c.name("m").expect("m").end();
                values.extend(scaled(std::slice::from_ref(&decimal), text, end, lang));
                values.push(decimal);
            }
            out.push(Num::quantity(range, shown, values));
        } else if c.name("hour").is_some() {
            let h: u32 = c["hh"].parse().unwrap_or(99);
            if h > 12 {
                out.push(plain(text, c.name("hh").expect("hh").range()));
                continue;
            }
            let values = time_values(h, 0, c.name("ap2").map(|a| a.as_str()));
            out.push(Num::quantity(range, shown, values));
        } else if let Some(n) = c.name("num").or_else(|| c.name("num2")) {
            let mut num = plain(text, n.range());
            let full = scaled(&num.values, text, n.end(), lang);
            num.values.extend(full);
            out.push(num);
        }
    }
    out
}

/// Whether the number starting at `at` belongs to a word before it: "G7", "A4", "COVID-19",
/// "Log4Shell". A lone "x" between numbers is a multiplication sign ("30 x15 mm").
fn part_of_name(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let b = before.strip_suffix(['-', '−', '–', '‑']).unwrap_or(before);
    let Some(c) = b.chars().next_back() else {
        return false;
    };
    // Chinese and Japanese write no spaces: a number after an ideograph or kana is not glued to
    // a word ("有1100多万人口").
    if !c.is_alphabetic() || cjk_char(c) {
        return false;
    }
    let word_start = b
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &b[word_start..];
    // "x", "×", Cyrillic "х".
    let times = ['x', '×', 'х', 'X', 'Х'];
    let multiplication = word
        .strip_suffix(times)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| c.is_ascii_digit()));
    // A hyphen after a digit-less word of letters is "COVID-19"; after a word with digits or an
    // ordinary word in lower case ("bis-5") it is a range or a compound: still a number.
    let hyphenated_name = b.len() < before.len() && !word.chars().any(|c| c.is_lowercase());
    !multiplication && (b.len() == before.len() || hyphenated_name)
}

/// Whether the number at `span` is the start of a code: one capital letter right after it and no
/// letter after that ("2G-Regel", "5G", "3D", "4K"), or a number of three digits or more with a
/// leading zero ("0815", "007").
fn code_after(text: &str, span: Range<usize>) -> bool {
    let s = &text[span.clone()];
    let mut rest = text[span.end..].chars();
    let capital = rest.next().is_some_and(|c| c.is_uppercase())
        && !rest.next().is_some_and(char::is_alphabetic);
    let leading_zero = s.len() >= 3 && s.starts_with('0') && s.chars().all(|c| c.is_ascii_digit());
    capital || leading_zero
}

/// The value of a Chinese or Japanese scale character right after `at`, with “more than” (多, 余)
/// between or not: 4500万 is 45 million, 1.74亿 174 million, 4万多 over 40,000, 6成 60 (per cent).
fn cjk_scale_after(text: &str, at: usize) -> Option<u64> {
    let mut rest = text[at..].chars().peekable();
    if rest.peek().is_some_and(|c| matches!(c, '多' | '余' | '餘')) {
        rest.next();
    }
    let next = rest.next()?;
    if matches!(next, '至' | '到' | '~' | '～' | '-' | '–' | '—') {
        // The first number of a range takes the unit of the second: 600至850亿.
        let digits: String = rest
            .clone()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let after = &text[at..];
        let skip = after.find(next).map_or(0, |i| i + next.len_utf8()) + digits.len();
        return (!digits.is_empty())
            .then(|| cjk_scale_after(text, at + skip))
            .flatten()
            .filter(|&u| u >= 10_000);
    }
    cjk_unit(next).or_else(|| {
        // Tenths: 6成 is 60 %.
        (next == '成').then_some(10)
    })
}

/// An ideograph or kana (CJK radicals to unified ideographs, compatibility ideographs, extensions).
fn cjk_char(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// The multiplier of a Chinese numeral unit character.
fn cjk_unit(c: char) -> Option<u64> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1_000),
        '万' | '萬' => Some(10_000),
        '亿' | '億' => Some(100_000_000),
        _ => None,
    }
}

/// The value of a Chinese numeral digit character.
fn cjk_digit(c: char) -> Option<u64> {
    match c {
        '〇' | '零' => Some(0),
        '一' | '壹' => Some(1),
        '二' | '两' | '兩' | '贰' => Some(2),
        '三' | '叁' => Some(3),
        '四' | '肆' => Some(4),
        '五' | '伍' => Some(5),
        '六' | '陆' => Some(6),
        '七' | '柒' => Some(7),
        '八' | '捌' => Some(8),
        '九' | '玖' => Some(9),
        _ => None,
    }
}

/// The value of a run of Chinese numeral characters: 十五 = 15, 三百二十 = 320, 一万五千 = 15,000,
/// 三亿 = 300 million, 亿 = 100 million; digit by digit without units (二〇一九 = 2019).
fn cjk_value(run: &str) -> Option<u64> {
    let chars: Vec<char> = run.chars().collect();
    if !chars.iter().any(|c| cjk_unit(*c).is_some()) {
        return chars
            .iter()
            .try_fold(0u64, |v, c| v.checked_mul(10)?.checked_add(cjk_digit(*c)?));
    }
    let (mut total, mut section, mut num) = (0u64, 0u64, 0u64);
    for c in chars {
        if let Some(d) = cjk_digit(c) {
            num = d;
            continue;
        }
        let u = cjk_unit(c)?;
        if u < 10_000 {
            section += num.max(1) * u;
        } else {
            let part = section + num;
            total = if u == 100_000_000 {
                (total + part.max(u64::from(total == 0))) * u
            } else {
                total + part.max(1) * u
            };
            section = 0;
        }
        num = 0;
    }
    Some(total + section + num)
}

/// The values of the numbers written in Chinese numerals in `text` (十位 = 10, 十八大 = 18,
/// 两成 = 2 and 20 %, 过亿 = 100 million), with the time they give before 点 (四点半 = 4:30,
/// 零点 = 0:00). Numerals inside words (一些, 统一) give values too: these values only answer
/// numbers of the other side, they are never reported missing.
pub fn cjk_values(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if cjk_digit(c).is_none() && cjk_unit(c).is_none() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if cjk_digit(c).is_none() && cjk_unit(c).is_none() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let Some(v) = cjk_value(&text[start..end]) else {
            continue;
        };
        out.push(v.to_string());
        // Two digits before a unit are an approximate range: 四五十天 is 40 to 50 days, 三五年
        // three to five years.
        let run: Vec<char> = text[start..end].chars().collect();
        for w in run.windows(3) {
            if let (Some(a), Some(b), Some(u)) = (cjk_digit(w[0]), cjk_digit(w[1]), cjk_unit(w[2]))
            {
                out.extend([(a * u).to_string(), (b * u).to_string()]);
            }
        }
        if run.len() == 2 && run.iter().all(|c| cjk_digit(*c).is_some()) {
            out.extend(
                run.iter()
                    .filter_map(|c| cjk_digit(*c))
                    .map(|d| d.to_string()),
            );
        }
        let after = &text[end..];
        if after.starts_with('成') {
            out.push((v * 10).to_string());
        }
        if let Some(t) = after.strip_prefix(['点', '點', '时', '時'])
            && v <= 24
        {
            let m = if t.starts_with('半') { 30 } else { 0 };
            for h in [v, v + 12] {
                out.push(format!("{h}:{m:02}"));
            }
        }
    }
    out
}

/// `values` multiplied by the scale written after the number that ends at `at` ("20 Milliarden",
/// "4500万"), none when there is none.
fn scaled(values: &[String], text: &str, at: usize, lang: Option<&Language>) -> Vec<String> {
    let scale = cjk_scale_after(text, at).or_else(|| lang.and_then(|l| scale_after(text, at, l)));
    let Some(scale) = scale else {
        return Vec::new();
    };
    values
        .iter()
        .filter_map(|v| Some((v.parse::<f64>().ok()? * scale as f64).round()))
        .map(|v| format!("{v}"))
        .collect()
}

/// The value of a scale word ("thousand", "тысяч", "Millionen", "bn") right after `at`; the first
/// number of a range takes the scale of the second ("60 to 85 billion", "3–4 Millionen").
fn scale_after(text: &str, at: usize, lang: &Language) -> Option<u64> {
    let rest = text[at..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if let Some(&v) = lang.number_words.get(&word) {
        return (v >= 1000 && v.to_string().trim_end_matches('0').len() == 1).then_some(v);
    }
    // A range: a dash or one short word ("to", "bis", "à", "до", "or"), then a number.
    let after_link = if word.is_empty() {
        rest.strip_prefix(['-', '–', '—', '~'])?
    } else if word.chars().count() <= 3 {
        &rest[word.len()..]
    } else {
        return None;
    };
    let after_link = after_link.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let digits = after_link
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',')))
        .unwrap_or(after_link.len());
    if digits == 0 || !after_link.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let next = text.len() - after_link.len() + digits;
    let rest = text[next..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let v = *lang.number_words.get(&word)?;
    (v >= 1000 && v.to_string().trim_end_matches('0').len() == 1).then_some(v)
}

/// A number that is not a time or a date.
fn plain(text: &str, span: Range<usize>) -> Num {
    let s = &text[span.clone()];
    let mut values = vec![normalise_number(s)];
    // One ambiguous separator before three digits ("3.000", "3,000") is grouping in one locale and
    // a decimal point in another: both readings.
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let seps = s.chars().filter(|c| matches!(c, ',' | '.')).count();
    if seps == 1 && s.len() - s.rfind([',', '.']).unwrap_or(0) == 4 {
        values.push(integer(&digits));
        // And the decimal reading: "13.169 million" is 13,169,000.
        let p = s.rfind([',', '.']).unwrap_or(0);
        let whole: String = s[..p].chars().filter(char::is_ascii_digit).collect();
        values.push(
            format!("{}.{}", integer(&whole), s[p + 1..].trim_end_matches('0'))
                .trim_end_matches('.')
                .to_string(),
        );
    }
    if s.len() == 2 && seps == 0 {
        values.extend(two_digit_year(s));
    }
    // "the 1800s" is the 19th century (“19. Jahrhundert”, “XIXe siècle”).
    if s.len() == 4 && s.ends_with("00") && text[span.end..].starts_with('s') {
        values.push((s[..2].parse::<u32>().unwrap_or(0) + 1).to_string());
    }
    Num::quantity(span, s.to_string(), values)
}

/// The values of a time: 24-hour "h:mm", and the bare hour when the minutes are zero ("21 Uhr").
fn time_values(h: u32, m: u32, ap: Option<&str>) -> Vec<String> {
    let mut hours = vec![h];
    match ap {
        Some("p") if h < 12 => hours = vec![h + 12, h],
        Some("a") if h == 12 => hours = vec![0, 24, 12],
        _ => {}
    }
    let mut values = Vec::new();
    for h in hours {
        values.push(format!("{h}:{m:02}"));
        if m == 0 {
            values.push(h.to_string());
        }
    }
    if ap.is_none() && h == 24 && m == 0 {
        values.push("0:00".into());
    }
    values
}

/// "21" is also the year 2021 (“12.1.21”), "90" the 1990s (“90er-Jahre”, “années 1990”) and
/// "’49" 1849.
fn two_digit_year(s: &str) -> Vec<String> {
    vec![format!("18{s}"), format!("19{s}"), format!("20{s}")]
}

/// An integer without leading zeros ("01" is 1).
fn integer(s: &str) -> String {
    let t = s.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }.to_string()
}

/// A number as a normalised value string: "1 000,5", "1,000.5" and "1.000,5" are all "1000.5".
pub fn normalise_number(s: &str) -> String {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    // The last separator followed by exactly three digits is a thousands separator when another
    // separator of the same kind precedes it, or when the other kind follows; otherwise decimal.
    let seps: Vec<(usize, char)> = digits
        .char_indices()
        .filter(|(_, c)| matches!(c, ',' | '.'))
        .collect();
    let Some(&(last_i, last_c)) = seps.last() else {
        return integer(&digits);
    };
    let tail = digits.len() - last_i - 1;
    let mixed = seps.iter().any(|(_, c)| *c != last_c);
    let repeated = seps.len() > 1 && !mixed;
    let decimal = if mixed {
        true
    } else if repeated {
        false
    } else {
        tail != 3
    };
    let mut out = String::new();
    for (i, c) in digits.char_indices() {
        match c {
            ',' | '.' if decimal && i == last_i => out.push('.'),
            ',' | '.' => {}
            d => out.push(d),
        }
    }
    let out = match out.find('.') {
        Some(p) => {
            // Compare by value without trailing zeros ("3.50" is 3.5).
            let trimmed = out.trim_end_matches('0').trim_end_matches('.');
            if trimmed.len() >= p {
                trimmed.to_string()
            } else {
                out
            }
        }
        None => out,
    };
    match out.split_once('.') {
        Some((i, f)) => format!("{}.{f}", integer(i)),
        None => integer(&out),
    }
}

/// The values of the numbers written as words in `text` (language `lang`): single words
/// ("three", "восемнадцати", stems such as "zweijährigen"), German compounds with "und"
/// ("fünfundachtzig" = 85), tens followed by units ("eighty-five", "vingt-cinq", "двадцать
/// пять") and multiples ("two hundred", "drei Millionen"). Month names give their number.
pub fn spelled_values(text: &str, lang: &Language) -> Vec<u64> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let re = WORD.get_or_init(|| Regex::new(r"\p{L}+").expect("word regex compiles"));
    if lang.number_words.is_empty() && lang.number_stems.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // The previous word's value, when it ended right before this one (space or hyphen between).
    let mut prev: Option<(u64, usize)> = None;
    for m in re.find_iter(text) {
        let lower = m.as_str().to_lowercase();
        let v = word_value(&lower, lang).or_else(|| roman(m.as_str()));
        let adjacent = prev.filter(|(_, end)| {
            text[*end..m.start()]
                .chars()
                .all(|c| c == ' ' || c == '-' || c == '\u{a0}')
        });
        if let Some(v) = v {
            out.push(v);
            if let Some((p, _)) = adjacent {
                if (20..100).contains(&p) && p % 10 == 0 && (1..10).contains(&v) {
                    out.push(p + v);
                }
                if v >= 100 && [100, 1000, 1_000_000, 1_000_000_000].contains(&v) && p < v {
                    out.push(p * v);
                }
            }
            prev = Some((v, m.end()));
        } else {
            prev = None;
        }
    }
    out
}

/// A Roman numeral in capitals, with an ordinal ending or not ("XIIIe", "XVII", "IV."), in its
/// canonical spelling only ("CIVIL" is not one).
fn roman(word: &str) -> Option<u64> {
    let caps = word.trim_end_matches(|c: char| c.is_lowercase());
    if caps.chars().count() < 2 && caps.len() == word.len() {
        // A lone capital letter is a letter, not a numeral ("I", "C").
        return None;
    }
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let ds: Vec<u64> = caps.chars().map(digit).collect::<Option<_>>()?;
    if ds.is_empty() {
        return None;
    }
    let mut v = 0u64;
    for (i, d) in ds.iter().enumerate() {
        if ds.get(i + 1).is_some_and(|n| n > d) {
            v = v.checked_sub(*d)?;
        } else {
            v += d;
        }
    }
    (to_roman(v) == caps).then_some(v)
}

fn to_roman(mut v: u64) -> String {
    const T: &[(u64, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (n, s) in T {
        while v >= *n {
            out.push_str(s);
            v -= n;
        }
    }
    out
}

fn word_value(lower: &str, lang: &Language) -> Option<u64> {
    if let Some(v) = lang.number_words.get(lower) {
        return Some(*v);
    }
    // German: units "und" tens, written as one word.
    if let Some((u, t)) = lower.split_once("und")
        && let (Some(u), Some(t)) = (lang.number_words.get(u), lang.number_words.get(t))
        && (1..10).contains(u)
        && (20..100).contains(t)
    {
        return Some(u + t);
    }
    lang.number_stems
        .iter()
        .find(|(stem, _)| lower.starts_with(stem.as_str()) && lower.len() > stem.len())
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        numbers_in(text, &[], None)
            .into_iter()
            .filter(|n| !n.name)
            .map(|n| n.values)
            .collect()
    }

    #[test]
    fn separators_and_grouping() {
        assert_eq!(normalise_number("1,000.5"), "1000.5");
        assert_eq!(normalise_number("1 000,5"), "1000.5");
        assert_eq!(normalise_number("1.000,5"), "1000.5");
        assert_eq!(normalise_number("2,5"), "2.5");
        assert_eq!(normalise_number("1,000,000"), "1000000");
        assert_eq!(normalise_number("01"), "1");
        assert_eq!(normalise_number("3,50"), "3.5");
        // A stray space before the group separator ("25 .000 Euro") is still one number.
        assert_eq!(values("auf 25 .000 Euro")[0][0], "25000");
    }

    #[test]
    fn units_times_and_dates() {
        // Units and ordinal suffixes written on.
        let firsts: Vec<String> = values("85mph, 12th, 3mm")
            .into_iter()
            .map(|v| v[0].clone())
            .collect();
        assert_eq!(firsts, ["85", "12", "3"]);
        // 12-hour and 24-hour times.
        let pm = &values("5.30pm")[0];
        assert!(pm.contains(&"17:30".to_string()), "{pm:?}");
        assert!(values("17.30 Uhr")[0].contains(&"17:30".to_string()));
        assert!(values("9pm")[0].contains(&"21".to_string()));
        assert!(values("3 p.m.")[0].contains(&"15".to_string()));
        assert!(values("14h00")[0].contains(&"14".to_string()));
        // Dates: day, month and year, two-digit years.
        let d = values("12.1.21");
        assert_eq!(d.len(), 3);
        assert!(d[2].contains(&"2021".to_string()));
        // Not a time.
        assert_eq!(values("45.99"), [["45.99"]]);
        // Names and codes are not numbers; a multiplication sign is not a name.
        assert!(values("G7, A4, COVID-19, Log4Shell").is_empty());
        assert_eq!(values("30mm x15.5mm").len(), 2);
        assert_eq!(values("4х3 или 16х9").len(), 4);
        // Day and month: the month is optional.
        assert_eq!(
            values("erst am 16.3. gestartet"),
            [["16", "1816", "1916", "2016", "16.3"]]
        );
        assert_eq!(values("um 2.5.")[0], ["2", "2.5"]);
        assert_eq!(values("61:72 (28:38)").len(), 4);
        // Scale words.
        let ru = crate::lang::language("ru").unwrap();
        let n = numbers_in("до 175 тысяч военных", &[], Some(ru));
        assert!(n[0].values.contains(&"175000".to_string()), "{n:?}");
    }

    #[test]
    fn chinese_numerals() {
        for (run, v) in [
            ("三", 3),
            ("十五", 15),
            ("三百二十", 320),
            ("一万五千", 15_000),
            ("三亿五千万", 350_000_000),
            ("亿", 100_000_000),
            ("一万亿", 1_000_000_000_000),
            ("二〇一九", 2019),
        ] {
            assert_eq!(cjk_value(run), Some(v), "{run}");
        }
        let v = cjk_values("一干就是四五十天，两成，凌晨四点半");
        for want in ["40", "50", "2", "20", "4:30", "16:30"] {
            assert!(v.contains(&want.to_string()), "{want}: {v:?}");
        }
        // 1.5万 = 15,000; a number after an ideograph is not glued to a word.
        let n = numbers_in("约1.5万人", &[], None);
        assert!(n[0].values.contains(&"15000".to_string()), "{n:?}");
        assert!(!n[0].name);
    }

    #[test]
    fn words() {
        let de = crate::lang::language("de").unwrap();
        let en = crate::lang::language("en").unwrap();
        let ru = crate::lang::language("ru").unwrap();
        assert!(spelled_values("fünfundachtzig Meilen", de).contains(&85));
        assert!(spelled_values("seit zweijährigen Pausen", de).contains(&2));
        assert!(spelled_values("eighty-five miles", en).contains(&85));
        assert!(spelled_values("two hundred", en).contains(&200));
        assert!(spelled_values("парня восемнадцати лет", ru).contains(&18));
        assert!(spelled_values("четырехминутное", ru).contains(&4));
        assert!(!spelled_values("The house is green.", en).contains(&3));
        let fr = crate::lang::language("fr").unwrap();
        assert!(spelled_values("au XIIIe siècle", fr).contains(&13));
        assert!(spelled_values("купцу XVII века", ru).contains(&17));
        assert!(spelled_values("the CIVIL war", en).is_empty());
    }
}
