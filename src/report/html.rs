//! HTML: one self-contained review page. No network, no external assets: the CSS and the script
//! are inline (`html/review.css`, `html/review.js`), a Content-Security-Policy forbids every fetch,
//! and the script is allowed by its SHA-256 hash only.
//!
//! The page has a per-file summary (rendered here, every input string HTML-escaped), then every
//! segment with findings, rendered by the script from the JSON block `#mtlint-data` with
//! `textContent` only. In that block `<`, `>`, `&`, U+2028 and U+2029 are `\u` escapes, so input
//! text can never close the element. Findings are buffered and the page is written in `finish()`;
//! the output is byte-identical from run to run.

use super::{DocumentReporter, Record, Summary};
use crate::finding::{Category, Severity};
use crate::input::{InputError, Segment};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

const SCRIPT: &str = include_str!("html/review.js");
const STYLE: &str = include_str!("html/review.css");

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
/// The summary table always has a column for the categories any input can produce; the others
/// (those only bilingual inputs produce) get one when some file has findings in them.
const ALWAYS_SHOWN: [Category; 4] = [
    Category::MixedScript,
    Category::LanguageSwitch,
    Category::Phrasing,
    Category::Custom,
];

/// Buffers findings and writes the review page at the end.
#[derive(Default)]
pub struct HtmlReporter {
    findings: Vec<DataFinding>,
    segments: Vec<DataSegment>,
    /// (file, segment id) → index in `segments`.
    seen: HashMap<(String, String), usize>,
    errors: Vec<DataError>,
    /// Per file: findings by severity and by category.
    counts: BTreeMap<String, Tally>,
}

/// Findings of one file by severity and by category.
#[derive(Default)]
struct Tally {
    by_severity: BTreeMap<Severity, u64>,
    by_category: BTreeMap<Category, u64>,
}

/// A finding as the page's script sees it: the CSV columns plus where to highlight.
#[derive(Serialize)]
struct DataFinding {
    file: String,
    line: usize,
    column: usize,
    segment: String,
    rule: String,
    category: Category,
    severity: Severity,
    flagged: String,
    context: String,
    message: String,
    suggestion: Option<String>,
    /// MQM class, e.g. `Accuracy/Untranslated text (Major)`.
    mqm: String,
    /// Index in `segments`.
    seg: usize,
    /// Span in the segment's target text, in UTF-16 code units (JavaScript string indices).
    start: usize,
    end: usize,
    /// The matching span in the segment's source text, in UTF-16 code units, when there is one
    /// (see [`source_span`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<[usize; 2]>,
}

/// A segment with findings.
#[derive(Serialize)]
struct DataSegment {
    file: String,
    id: String,
    line: usize,
    lang: String,
    target: String,
    /// The source text, for bilingual input; plain-text input has none.
    source: Option<String>,
    /// Marked as needing review in the file (gettext `fuzzy`, XLIFF `needs-review-*`).
    fuzzy: bool,
}

#[derive(Serialize)]
struct DataError {
    file: String,
    message: String,
}

#[derive(Serialize)]
struct DataFile {
    path: String,
    findings: u64,
    segments: u64,
    words: u64,
    /// MQM-style penalty per 1,000 words, as in the summary table.
    score: f64,
}

#[derive(Serialize)]
struct Data<'a> {
    version: u32,
    /// The reviewed CSV cuts sources as the CSV report does ([`super::SOURCE_CHARS`]).
    source_chars: usize,
    files: Vec<DataFile>,
    segments: &'a [DataSegment],
    findings: &'a [DataFinding],
    errors: &'a [DataError],
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

impl DocumentReporter for HtmlReporter {
    fn finding(&mut self, _out: &mut dyn Write, r: &Record, seg: &Segment) -> io::Result<()> {
        let key = (r.file.clone(), seg.id.clone());
        let index = match self.seen.get(&key) {
            Some(&i) => i,
            None => {
                self.segments.push(DataSegment {
                    file: r.file.clone(),
                    id: seg.id.clone(),
                    line: seg.line,
                    lang: r.lang.clone(),
                    target: seg.text.clone(),
                    source: seg.source.clone(),
                    fuzzy: seg.fuzzy,
                });
                self.seen.insert(key, self.segments.len() - 1);
                self.segments.len() - 1
            }
        };
        let start = r.segment_byte_start.min(seg.text.len());
        let end = r.segment_byte_end.clamp(start, seg.text.len());
        let start16 = utf16_len(seg.text.get(..start).unwrap_or(""));
        let end16 = start16 + utf16_len(seg.text.get(start..end).unwrap_or(""));
        let class = crate::mqm::classify(&r.rule, r.category);
        self.findings.push(DataFinding {
            file: r.file.clone(),
            line: r.line,
            column: r.column,
            segment: r.segment.clone(),
            rule: r.rule.clone(),
            category: r.category,
            severity: r.severity,
            flagged: r.flagged.clone(),
            context: r.context.clone(),
            message: r.message.clone(),
            suggestion: r.suggestion.clone(),
            mqm: format!("{} ({})", class.category, class.severity),
            seg: index,
            start: start16,
            end: end16,
            src: seg.source.as_deref().and_then(|source| {
                let span = source_span(r.category, &r.rule, &r.flagged, &r.message, source)?;
                let a = utf16_len(&source[..span.start]);
                Some([a, a + utf16_len(&source[span])])
            }),
        });
        let c = self.counts.entry(r.file.clone()).or_default();
        *c.by_severity.entry(r.severity).or_default() += 1;
        *c.by_category.entry(r.category).or_default() += 1;
        Ok(())
    }

    fn file_error(&mut self, _out: &mut dyn Write, err: &InputError) -> io::Result<()> {
        self.errors.push(DataError {
            file: err.file.clone(),
            message: err.to_string(),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let page = self.page(summary).map_err(io::Error::other)?;
        out.write_all(page.as_bytes())?;
        out.flush()
    }
}

impl HtmlReporter {
    fn page(&self, s: &Summary) -> Result<String, String> {
        let files: Vec<DataFile> = s
            .per_file
            .iter()
            .map(|(path, c)| DataFile {
                path: path.clone(),
                findings: c.findings,
                segments: c.segments,
                words: c.words,
                score: (c.score() * 100.0).round() / 100.0,
            })
            .collect();
        let data = Data {
            version: 1,
            source_chars: super::SOURCE_CHARS,
            files,
            segments: &self.segments,
            findings: &self.findings,
            errors: &self.errors,
        };
        let json = script_safe_json(&serde_json::to_string(&data).map_err(|e| e.to_string())?);
        let report_id = hex(&sha256(json.as_bytes())[..8]);
        let csp = format!(
            "default-src 'none'; script-src 'sha256-{}'; style-src 'unsafe-inline'; img-src data:; \
             base-uri 'none'; form-action 'none'",
            base64(&sha256(SCRIPT.as_bytes()))
        );

        let total = s.total();
        let sev = |v: Severity| s.by_severity.get(&v).copied().unwrap_or(0);
        let mut h = String::with_capacity(64 * 1024 + json.len());
        let title = match s.per_file.keys().next() {
            Some(only) if s.per_file.len() == 1 => {
                format!("mtlint review: {}", display_path(only))
            }
            _ => format!("mtlint review: {} files", s.files),
        };
        h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // A constant but for the hash (base64: no quote), so it needs no escaping.
        let _ = writeln!(
            h,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
        );
        h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(
            h,
            "<meta name=\"generator\" content=\"mtlint {}\">",
            env!("CARGO_PKG_VERSION")
        );
        let _ = writeln!(
            h,
            "<meta name=\"mtlint-report-id\" content=\"{report_id}\">"
        );
        let _ = writeln!(h, "<title>{}</title>", esc(&title));
        let _ = writeln!(h, "<style>{STYLE}</style>");
        h.push_str("</head>\n<body>\n");

        // Header: the run in one line.
        h.push_str("<header class=\"top\">\n<div class=\"wrap\">\n");
        let _ = writeln!(
            h,
            "<h1><span class=\"brand\">mtlint</span> review</h1>\n<p class=\"lede\" id=\"lede\">\
             <strong>{total}</strong> finding{} \
             (<span class=\"sev-text sev-error\">{} error{}</span>, \
             <span class=\"sev-text sev-warning\">{} warning{}</span>, \
             <span class=\"sev-text sev-info\">{} info</span>) in {} segment{} of {} file{} · \
             {} words · MQM-style penalty <strong>{:.2}</strong> per 1,000 words</p>",
            plural(total),
            sev(Severity::Error),
            plural(sev(Severity::Error)),
            sev(Severity::Warning),
            plural(sev(Severity::Warning)),
            sev(Severity::Info),
            s.segments,
            plural(s.segments),
            s.files,
            plural(s.files as u64),
            s.words,
            s.score()
        );
        if let Some(skipped) = super::text::skipped_line(s) {
            let _ = writeln!(h, "<p class=\"lede\" id=\"skipped\">{}</p>", esc(&skipped));
        }
        h.push_str("</div>\n</header>\n<main class=\"wrap\">\n");

        // Summary per file.
        h.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n");
        h.push_str("<div class=\"table-scroll\"><table class=\"summary\">\n<thead><tr>");
        let categories: Vec<Category> = Category::ALL
            .into_iter()
            .filter(|c| ALWAYS_SHOWN.contains(c) || s.by_category.get(c).is_some_and(|&n| n > 0))
            .collect();
        h.push_str("<th scope=\"col\" class=\"file\">File</th><th scope=\"col\">Segments</th><th scope=\"col\">Words</th><th scope=\"col\">Findings</th>");
        for v in SEVERITIES {
            let _ = write!(
                h,
                "<th scope=\"col\"><span class=\"dot sev-{0}\"></span>{0}</th>",
                v.as_str()
            );
        }
        for &c in &categories {
            let _ = write!(h, "<th scope=\"col\">{}</th>", c.as_str());
        }
        h.push_str("<th scope=\"col\" title=\"MQM-style penalty per 1,000 words (Major 5, Minor 1, punctuation 0.1, non-translation 25); lower is better\">MQM / 1k words</th></tr></thead>\n<tbody>\n");
        let empty = Tally::default();
        for (path, fc) in &s.per_file {
            let t = self.counts.get(path).unwrap_or(&empty);
            let (by_sev, by_cat) = (&t.by_severity, &t.by_category);
            let _ = write!(
                h,
                "<tr data-file=\"{}\"><th scope=\"row\" class=\"file\">{}</th><td>{}</td><td>{}</td><td class=\"total\">{}</td>",
                esc(path),
                esc(&display_path(path)),
                fc.segments,
                fc.words,
                fc.findings
            );
            for v in SEVERITIES {
                let n = by_sev.get(&v).copied().unwrap_or(0);
                let _ = write!(
                    h,
                    "<td class=\"n sev-{}{}\" data-severity=\"{}\">{n}</td>",
                    v.as_str(),
                    if n == 0 { " zero" } else { "" },
                    v.as_str()
                );
            }
            for &c in &categories {
                let n = by_cat.get(&c).copied().unwrap_or(0);
                let _ = write!(
                    h,
                    "<td class=\"n{}\" data-category=\"{}\">{n}</td>",
                    if n == 0 { " zero" } else { "" },
                    c.as_str()
                );
            }
            let _ = writeln!(h, "<td class=\"score\">{:.2}</td></tr>", fc.score());
        }
        h.push_str("</tbody>\n");
        if s.per_file.len() > 1 {
            let _ = write!(
                h,
                "<tfoot><tr><th scope=\"row\" class=\"file\">All files</th><td>{}</td><td>{}</td><td class=\"total\">{total}</td>",
                s.segments, s.words
            );
            for v in SEVERITIES {
                let _ = write!(h, "<td class=\"n sev-{}\">{}</td>", v.as_str(), sev(v));
            }
            for &c in &categories {
                let n = s.by_category.get(&c).copied().unwrap_or(0);
                let _ = write!(h, "<td class=\"n\">{n}</td>");
            }
            let _ = writeln!(h, "<td class=\"score\">{:.2}</td></tr></tfoot>", s.score());
        }
        h.push_str("</table></div>\n");
        if !self.errors.is_empty() {
            h.push_str(
                "<div class=\"errors\" role=\"alert\"><h3>Inputs that could not be read</h3><ul>\n",
            );
            for e in &self.errors {
                let _ = writeln!(h, "<li>{}</li>", esc(&e.message));
            }
            h.push_str("</ul></div>\n");
        }
        h.push_str("</section>\n");

        // Charts, drawn by the script as inline SVG from the data block.
        h.push_str(concat!(
            "<section id=\"charts\" aria-labelledby=\"charts-h\" hidden>\n",
            "<h2 id=\"charts-h\">Charts</h2>\n",
            "<p class=\"chart-note\">All findings, whatever the filters. Click a bar to filter by it.</p>\n",
            "<div class=\"chart-grid\" id=\"chart-grid\"></div>\n",
            "</section>\n",
        ));
        // The review: toolbar (filled by the script), help line, segments in pages.
        h.push_str(concat!(
            "<section id=\"review\" aria-labelledby=\"review-h\">\n",
            "<h2 id=\"review-h\">Findings</h2>\n",
            "<div class=\"toolbar\" id=\"toolbar\">\n",
            "<div class=\"filters\" role=\"group\" aria-label=\"Filters\">\n",
            "<label class=\"search\">Search<input type=\"search\" id=\"search\" placeholder=\"Words in the text, source, message, rule…\" autocomplete=\"off\" spellcheck=\"false\"></label>\n",
            "<label>Category<select id=\"filter-category\" data-key=\"category\"><option value=\"\">All categories</option></select></label>\n",
            "<label>Severity<select id=\"filter-severity\" data-key=\"severity\"><option value=\"\">All severities</option></select></label>\n",
            "<label>Rule<select id=\"filter-rule\" data-key=\"rule\"><option value=\"\">All rules</option></select></label>\n",
            "<label>File<select id=\"filter-file\" data-key=\"file\"><option value=\"\">All files</option></select></label>\n",
            "<label>Status<select id=\"filter-status\" data-key=\"status\"><option value=\"\">Any status</option></select></label>\n",
            "</div>\n",
            "<div class=\"actions\">\n",
            "<label class=\"button\" id=\"import-label\" title=\"Restore the statuses and notes of a reviewed CSV downloaded from this page (or edited in a spreadsheet)\">Import reviewed CSV",
            "<input type=\"file\" id=\"import\" accept=\".csv,.tsv,text/csv,text/tab-separated-values\"></label>\n",
            "<button type=\"button\" id=\"download\" class=\"primary\">Download reviewed CSV</button>\n",
            "</div>\n",
            "<div class=\"statusline\">\n",
            "<span class=\"count\" id=\"visible-count\" aria-live=\"polite\"></span>\n",
            "<nav class=\"pager\" id=\"pager-top\" aria-label=\"Pages of findings\" hidden></nav>\n",
            "<span class=\"progress\" id=\"progress\"></span>\n",
            "<span class=\"import-result\" id=\"import-result\" role=\"status\" hidden></span>\n",
            "<p class=\"help\" id=\"help\"><strong>Keys</strong> <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>↓</kbd> next · ",
            "<kbd>k</kbd>/<kbd>↑</kbd> previous · <kbd>c</kbd> confirmed · <kbd>f</kbd> false positive · ",
            "<kbd>u</kbd> unreviewed · <kbd>n</kbd> note (<kbd>Esc</kbd> leaves it) · click a highlight to select its finding</p>\n",
            "</div>\n",
            "</div>\n",
            "<noscript><p class=\"noscript\">The interactive review needs JavaScript. The same findings are in ",
            "<code>mtlint check --format csv</code>.</p></noscript>\n",
            "<div id=\"segments\"></div>\n",
            "<p class=\"empty\" id=\"empty\" hidden>No finding matches the filters.</p>\n",
            "<nav class=\"pager\" id=\"pager-bottom\" aria-label=\"Pages of findings\" hidden></nav>\n",
            "</section>\n</main>\n",
            "<footer class=\"wrap foot\">Generated by mtlint. Self-contained: this page loads nothing from the network. ",
            "Review marks are kept in this browser for this report; download the reviewed CSV to share them.</footer>\n",
        ));
        let _ = writeln!(
            h,
            "<script type=\"application/json\" id=\"mtlint-data\">{json}</script>"
        );
        let _ = writeln!(h, "<script>{SCRIPT}</script>");
        h.push_str("</body>\n</html>\n");
        Ok(h)
    }
}

/// Where a finding's matter is in the source, for the page to highlight it beside the target:
/// 1. the flagged text itself when the source has it (copied words, an identical segment, a
///    number, placeholder or URL present on both sides), exactly, else ignoring case; at least
///    two characters or a digit, and not inside a word;
/// 2. for the bilingual categories, the first item the message names that the source has: a
///    token of the message with a digit or one of `{}%<>$@/` (a missing number, placeholder,
///    tag: "The source has the number 12 that the target does not");
/// 3. for `url-mismatch`, the source's first URL.
///
/// Byte range in `source`, or `None` when nothing in the source matches.
pub fn source_span(
    category: Category,
    rule: &str,
    flagged: &str,
    message: &str,
    source: &str,
) -> Option<std::ops::Range<usize>> {
    let flagged = flagged.trim();
    if (flagged.chars().count() >= 2 || flagged.chars().any(|c| c.is_ascii_digit()))
        && let Some(r) = find_bounded(source, flagged)
    {
        return Some(r);
    }
    if ALWAYS_SHOWN.contains(&category) {
        return None;
    }
    for token in message.split_whitespace() {
        let token = token
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
            .trim_start_matches('(');
        let token = token
            .strip_prefix(['“', '"', '‘', '«'])
            .unwrap_or(token)
            .trim_end_matches(['”', '"', '’', '»']);
        let named = token
            .chars()
            .any(|c| c.is_ascii_digit() || "{}%<>$@/".contains(c));
        if named
            && !token.is_empty()
            && let Some(r) = find_bounded(source, token)
        {
            return Some(r);
        }
    }
    if rule == "url-mismatch" {
        let start = source.find("://").map(|i| {
            source[..i]
                .rfind(|c: char| !c.is_ascii_alphanumeric())
                .map_or(0, |j| j + 1)
        })?;
        let len = source[start..]
            .find(|c: char| c.is_whitespace() || "\"'<>)]".contains(c))
            .unwrap_or(source.len() - start);
        let end = start
            + source[start..start + len]
                .trim_end_matches(['.', ',', ';', ':', '!', '?'])
                .len();
        return (end > start).then_some(start..end);
    }
    None
}

/// The first occurrence of `needle` in `hay` not inside a word or a number (exact case first,
/// then ignoring case).
fn find_bounded(hay: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let bounded = |start: usize, end: usize| {
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        let first = needle.chars().next();
        let last = needle.chars().next_back();
        let joins = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric());
        !joins(before, first) && !joins(last, after)
    };
    for (start, _) in hay.match_indices(needle) {
        if bounded(start, start + needle.len()) {
            return Some(start..start + needle.len());
        }
    }
    // Ignoring case: only where lowercasing keeps every byte offset.
    let (lh, ln) = (hay.to_lowercase(), needle.to_lowercase());
    if lh.len() == hay.len() && ln.len() == needle.len() {
        for (start, _) in lh.match_indices(&ln) {
            if hay.is_char_boundary(start)
                && hay.is_char_boundary(start + needle.len())
                && bounded(start, start + needle.len())
            {
                return Some(start..start + needle.len());
            }
        }
    }
    None
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn display_path(p: &str) -> String {
    if p == "-" {
        "standard input".to_string()
    } else {
        p.to_string()
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Makes serialized JSON safe inside a `<script>` element: no `<`, `>` or `&` (so no `</script>`
/// or `<!--`), and no U+2028/U+2029. These only occur inside JSON strings, where the `\u`
/// escapes mean the same characters.
pub fn script_safe_json(json: &str) -> String {
    let mut o = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => o.push_str("\\u003c"),
            '>' => o.push_str("\\u003e"),
            '&' => o.push_str("\\u0026"),
            '\u{2028}' => o.push_str("\\u2028"),
            '\u{2029}' => o.push_str("\\u2029"),
            c => o.push(c),
        }
    }
    o
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding (for the CSP hash source).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                o.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

/// SHA-256 (FIPS 180-4), for the script's CSP hash and the report id.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_known_vectors() {
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let long = vec![b'a'; 1000];
        assert_eq!(
            hex(&sha256(&long)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn script_and_style_cannot_close_their_elements() {
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        assert!(!SCRIPT.contains("<!--"));
        assert!(!STYLE.to_ascii_lowercase().contains("</style"));
    }

    #[test]
    fn json_is_made_script_safe() {
        let j = serde_json::to_string("</script><!-- & \u{2028}\u{2029}").unwrap();
        let s = script_safe_json(&j);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029}");
    }

    /// The review page of one file `file` with one segment `seg` of `words` words and one finding.
    fn page_of(file: &str, seg: &Segment, f: &crate::finding::Finding, words: u64) -> String {
        let rec = Record::new(file, seg, f, "fr");
        let mut r = HtmlReporter::default();
        let mut sink = Vec::new();
        r.finding(&mut sink, &rec, seg).unwrap();
        let mut summary = Summary::default();
        summary.count(&rec);
        summary.add_file(file, 1, words);
        r.finish(&mut sink, &summary).unwrap();
        String::from_utf8(sink).unwrap()
    }

    #[test]
    fn a_bilingual_segment_carries_its_source() {
        let mut seg = Segment::plain("42", "Il a dit le le mot.", 3, 1, 0);
        seg.source = Some("He said <the> word.".to_string());
        seg.fuzzy = true;
        let f = crate::finding::Finding::new(
            "doubled-word",
            Category::Phrasing,
            Severity::Warning,
            9..14,
            "repeated",
        );
        let page = page_of("a.po", &seg, &f, 5);
        assert!(page.contains(r#""source":"He said \u003cthe\u003e word.","fuzzy":true"#));
        assert!(page.contains(r#""start":9,"end":14"#));
    }

    #[test]
    fn the_summary_has_a_column_for_each_category_with_findings() {
        let seg = Segment::plain("1", "Il a 3 pommes.", 1, 1, 0);
        let f = crate::finding::Finding::new(
            "number-mismatch",
            Category::Number,
            Severity::Error,
            5..6,
            "The number 3 is not in the source.",
        );
        let page = page_of("a.po", &seg, &f, 4);
        assert!(page.contains(r#"<td class="n" data-category="number">1</td>"#));
        assert!(page.contains(r#"data-category="phrasing">0</td>"#));
        assert!(!page.contains(r#"data-category="terminology""#));
    }

    #[test]
    fn the_source_span_of_a_source_aware_finding() {
        let span = |cat, rule, flagged, msg, src: &'static str| {
            source_span(cat, rule, flagged, msg, src).map(|r| &src[r])
        };
        // The copied words, the identical segment.
        assert_eq!(
            span(
                Category::Untranslated,
                "untranslated-phrase",
                "in all regions",
                "“in all regions” is English text copied from the source",
                "The report shows growth in all regions."
            ),
            Some("in all regions")
        );
        assert_eq!(
            span(
                Category::Untranslated,
                "target-equals-source",
                "Privacy settings",
                "identical",
                "Privacy Settings"
            ),
            Some("Privacy Settings")
        );
        // A missing number: named by the message, found as a whole number (not the 3 of 35).
        assert_eq!(
            span(
                Category::Number,
                "number-mismatch",
                "Vous avez 35 messages.",
                "The source has the number 3 that the target does not.",
                "You have 35 messages in 3 folders."
            ),
            Some("3")
        );
        // An added number the source lacks: nothing to show.
        assert_eq!(
            span(
                Category::Number,
                "number-mismatch",
                "4",
                "The number 4 is not in the source: added or altered by the translation.",
                "Ships within 3 days."
            ),
            None
        );
        assert_eq!(
            span(
                Category::Markup,
                "placeholder-mismatch",
                "Bon retour !",
                "The target lacks the source's {name}.",
                "Welcome back, {name}!"
            ),
            Some("{name}")
        );
        assert_eq!(
            span(
                Category::Markup,
                "url-mismatch",
                "https://example.org/aide",
                "The URL or address https://example.org/aide is not in the source: changed?",
                "See https://example.com/help."
            ),
            Some("https://example.com/help")
        );
        // A monolingual finding is only matched by its flagged text, never inside a word.
        assert_eq!(
            span(
                Category::MixedScript,
                "foreign-word",
                "files",
                "Untranslated word “files”",
                "Saved 3 files"
            ),
            Some("files")
        );
        assert_eq!(
            span(
                Category::Phrasing,
                "doubled-word",
                "le le",
                "repeated",
                "Hello"
            ),
            None
        );
        assert_eq!(
            span(
                Category::MixedScript,
                "foreign-word",
                "file",
                "“file”",
                "Profiles"
            ),
            None
        );
        // Case-insensitive search never lands inside a character.
        assert_eq!(
            span(
                Category::Untranslated,
                "untranslated-phrase",
                "straße",
                "x",
                "STRASSE straße"
            ),
            Some("straße")
        );
    }

    #[test]
    fn html_escaping() {
        assert_eq!(
            esc("\"><img src=x onerror='a'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }
}
