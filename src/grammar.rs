//! Grammar back ends: an external grammar checker run once per run on the segments of each file
//! in the language it checks, its grammar findings mapped into mtlint findings (category
//! `grammar`, rule ids `<back end>/<its rule>`, byte spans in the segment text, its suggestions).
//!
//! One back end exists, Grammalecte for French (Debian `grammalecte-cli`), reached two ways: a
//! driver (`data/grammar/grammalecte_driver.py`) run with Grammalecte's Python, speaking JSON
//! lines on its standard input and output and ending when mtlint closes them (it never outlives
//! the run), or a running `grammalecte-server` at a URL (`--grammar-url`). Another back end of the
//! same shape (a LanguageTool server) is a [`Kind`], its request and its answer parser: the
//! batching, the file pre-pass and the mapping of spans are shared.
//!
//! Which of Grammalecte's findings are kept (grammar, not typography) is data:
//! `data/grammar/grammar.toml`.

use crate::checks::FileNotes;
use crate::finding::{Category, Finding, Severity};
use crate::input::{InputError, Segment};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// The Debian package that ships Grammalecte, named in the error when it is missing.
pub const GRAMMALECTE_PACKAGE: &str = "grammalecte-cli";

/// What `data/grammar/grammar.toml` says of one back end.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The back end's finding types kept (Grammalecte's `sType`).
    pub keep: Vec<String>,
    /// Its options switched off in every request.
    pub off: Vec<String>,
    /// Its rules whose findings are dropped (by the name in the mtlint rule id).
    #[serde(default)]
    pub ignore_rules: Vec<String>,
    /// Paragraphs (segments) per request.
    pub batch_paragraphs: usize,
    /// The largest request, in bytes of text.
    pub batch_bytes: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tables {
    grammalecte: Table,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    toml::from_str(include_str!("../data/grammar/grammar.toml"))
        .expect("data/grammar/grammar.toml is valid")
});

const DRIVER: &str = include_str!("../data/grammar/grammalecte_driver.py");

/// A grammar back end mtlint knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Grammalecte, French.
    Grammalecte,
}

impl Kind {
    /// Every back end, by name.
    pub const ALL: [Kind; 1] = [Kind::Grammalecte];

    /// The name given to `--grammar` and used as the prefix of its rule ids.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Grammalecte => "grammalecte",
        }
    }

    /// The back end of `--grammar NAME`.
    pub fn parse(name: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name.trim())
            .ok_or_else(|| {
                format!(
                    "unknown grammar back end `{name}` (expected {})",
                    Kind::ALL.map(|k| k.name()).join(", ")
                )
            })
    }

    /// What the data file says of it.
    pub fn table(self) -> &'static Table {
        match self {
            Kind::Grammalecte => &TABLES.grammalecte,
        }
    }

    /// Whether it checks language `code` (a language code, possibly with a region).
    pub fn checks_language(self, code: &str) -> bool {
        let base = code.split(['-', '_']).next().unwrap_or(code);
        match self {
            Kind::Grammalecte => base.eq_ignore_ascii_case("fr"),
        }
    }

    /// The languages it checks, for notes.
    pub fn languages(self) -> &'static str {
        match self {
            Kind::Grammalecte => "French",
        }
    }
}

/// One finding of a back end as it reports it: a character span in the paragraph sent.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RawError {
    /// First character (Unicode scalar value) of the span.
    #[serde(rename = "nStart")]
    pub start: usize,
    /// Character after the span.
    #[serde(rename = "nEnd")]
    pub end: usize,
    /// The back end's rule id.
    #[serde(rename = "sRuleId", default)]
    pub rule: String,
    /// The option group of the rule (Grammalecte's `sType`).
    #[serde(rename = "sType", default)]
    pub kind: String,
    /// Its message.
    #[serde(rename = "sMessage", default)]
    pub message: String,
    /// Its suggestions, best first.
    #[serde(rename = "aSuggestions", default)]
    pub suggestions: Vec<String>,
}

/// The mtlint rule id of Grammalecte rule `id`: its graph rules are named
/// `g2__conj_il__b1_a1_1` (graph, rule, action): the rule name is kept (`grammalecte/conj_il`),
/// so that one id covers the actions of a rule; a regex rule keeps its whole id.
pub fn rule_id(kind: Kind, id: &str) -> String {
    let parts: Vec<&str> = id.split("__").collect();
    let name = match parts.as_slice() {
        [graph, name, ..] if parts.len() >= 2 && graph.starts_with('g') && !name.is_empty() => name,
        _ => id,
    };
    format!("{}/{}", kind.name(), name)
}

/// The byte range of characters `start..end` of `text`; `None` when out of bounds or empty.
pub fn char_span_to_bytes(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    if start >= end {
        return None;
    }
    let mut bounds = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let s = bounds.nth(start)?;
    let e = bounds.nth(end - start - 1)?;
    Some(s..e)
}

/// The placeholders the XML readers put for inline tags (`{pc1}`, `{/pc1}`, `{ph2}`).
static INLINE_TAG: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\{/?[A-Za-z]+[0-9A-Za-z_.-]*/?\}").expect("valid"));

/// The paragraph sent for a segment text, with as many characters as the text (so character
/// offsets are those of the segment): line breaks become spaces, as the back ends split
/// paragraphs on them, and inline-tag placeholders (`{pc1}`) become spaces, as they are not
/// words and hide the grammar around them.
pub fn paragraph(text: &str) -> String {
    let text = text.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ");
    INLINE_TAG
        .replace_all(&text, |c: &regex::Captures<'_>| {
            " ".repeat(c[0].chars().count())
        })
        .into_owned()
}

/// The mtlint finding for `e` on segment text `text`, when its type is kept.
pub fn to_finding(kind: Kind, text: &str, e: &RawError) -> Option<Finding> {
    if !kind.table().keep.contains(&e.kind) {
        return None;
    }
    let rule = rule_id(kind, &e.rule);
    let name = &rule[kind.name().len() + 1..];
    if kind.table().ignore_rules.iter().any(|r| r == name) {
        return None;
    }
    let span = char_span_to_bytes(text, e.start, e.end)?;
    let mut message = e.message.trim().to_string();
    if message.is_empty() {
        message = format!("{} finds a grammar error here", kind.name());
    }
    if e.suggestions.len() > 1 {
        message.push_str(&format!(" (suggestions: {})", e.suggestions.join(", ")));
    }
    let f = Finding::new(rule, Category::Grammar, Severity::Info, span, message);
    Some(match e.suggestions.first() {
        Some(s) => f.with_suggestion(s.clone()),
        None => f,
    })
}

/// How requests reach the back end.
enum Transport {
    /// The driver: a child process speaking JSON lines.
    Driver {
        child: Child,
        stdin: Option<ChildStdin>,
        stdout: BufReader<ChildStdout>,
    },
    /// A running server: `host:port` and the path before `/gc_text/fr`.
    Http { addr: String, prefix: String },
}

/// A started grammar back end, shared by the files of a run.
pub struct Backend {
    kind: Kind,
    transport: Mutex<Transport>,
    /// Where it runs, for messages.
    pub place: String,
}

/// Where Grammalecte's Python is: the interpreter of `grammalecte-cli` found on `PATH` (its
/// `#!` line), which is the one its Python package is installed for.
fn grammalecte_python() -> Option<String> {
    let path = std::env::var_os("PATH")?;
    let cli = std::env::split_paths(&path)
        .map(|d| d.join("grammalecte-cli"))
        .find(|p| p.is_file())?;
    let mut head = String::new();
    std::fs::File::open(&cli)
        .ok()?
        .take(200)
        .read_to_string(&mut head)
        .ok()?;
    let line = head.lines().next()?.strip_prefix("#!")?.trim();
    let mut words = line.split_whitespace();
    let first = words.next()?;
    // `#!/usr/bin/env python3`
    if first.ends_with("/env") {
        return words.next().map(str::to_string);
    }
    Some(first.to_string())
}

fn missing(kind: Kind, why: &str) -> String {
    match kind {
        Kind::Grammalecte => format!(
            "--grammar grammalecte: {why}; install the Debian package {GRAMMALECTE_PACKAGE} (apt-get install {GRAMMALECTE_PACKAGE}), or give --grammar-url of a running grammalecte-server"
        ),
    }
}

impl Backend {
    /// Starts back end `kind`, or connects to the server at `url`. A missing back end is an
    /// error naming the package to install.
    pub fn start(kind: Kind, url: Option<&str>) -> Result<Backend, String> {
        match url {
            Some(u) => Backend::connect(kind, u),
            None => Backend::spawn(kind),
        }
    }

    fn spawn(kind: Kind) -> Result<Backend, String> {
        let python =
            grammalecte_python().ok_or_else(|| missing(kind, "grammalecte-cli is not on PATH"))?;
        let mut child = Command::new(&python)
            .arg("-c")
            .arg(DRIVER)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| missing(kind, &format!("cannot run {python}: {e}")))?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut backend = Backend {
            kind,
            transport: Mutex::new(Transport::Driver {
                child,
                stdin,
                stdout,
            }),
            place: format!("{python} (Grammalecte)"),
        };
        let ready = backend.read_line()?;
        let v: serde_json::Value =
            serde_json::from_str(&ready).map_err(|_| missing(kind, "Grammalecte did not start"))?;
        if let Some(e) = v.get("error").and_then(|e| e.as_str()) {
            return Err(missing(kind, e));
        }
        if let Some(version) = v.get("version").and_then(|e| e.as_str()) {
            backend.place = format!("Grammalecte {version}");
        }
        Ok(backend)
    }

    fn connect(kind: Kind, url: &str) -> Result<Backend, String> {
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            format!("--grammar-url {url}: give an http:// URL of a running grammalecte-server")
        })?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        let addr = if host.contains(':') {
            host.to_string()
        } else {
            format!("{host}:80")
        };
        let backend = Backend {
            kind,
            transport: Mutex::new(Transport::Http {
                addr,
                prefix: path.to_string(),
            }),
            place: url.to_string(),
        };
        // One empty request: the server answers, or the run stops here.
        backend
            .check(&[""])
            .map_err(|e| format!("--grammar-url {url}: {e}"))?;
        Ok(backend)
    }

    /// The back end.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    fn read_line(&mut self) -> Result<String, String> {
        let t = self.transport.get_mut().unwrap_or_else(|p| p.into_inner());
        let Transport::Driver { stdout, .. } = t else {
            unreachable!("only the driver reads lines")
        };
        let mut line = String::new();
        match stdout.read_line(&mut line) {
            Ok(0) => Err(missing(self.kind, "Grammalecte exited at once")),
            Ok(_) => Ok(line),
            Err(e) => Err(missing(self.kind, &e.to_string())),
        }
    }

    /// The options of every request: the table's `off` list switched off.
    fn options(&self) -> serde_json::Value {
        let off: serde_json::Map<String, serde_json::Value> = self
            .kind
            .table()
            .off
            .iter()
            .map(|o| (o.clone(), serde_json::Value::Bool(false)))
            .collect();
        serde_json::Value::Object(off)
    }

    /// The back end's errors for each paragraph of `texts` (no line breaks in them), in order.
    pub fn check(&self, texts: &[&str]) -> Result<Vec<Vec<RawError>>, String> {
        let mut t = self.transport.lock().unwrap_or_else(|p| p.into_inner());
        match &mut *t {
            Transport::Driver { stdin, stdout, .. } => {
                let request = serde_json::json!({"texts": texts, "options": self.options()});
                let stdin = stdin
                    .as_mut()
                    .ok_or_else(|| "the grammar driver is closed".to_string())?;
                writeln!(stdin, "{request}")
                    .and_then(|_| stdin.flush())
                    .map_err(|e| format!("Grammalecte stopped: {e}"))?;
                let mut line = String::new();
                if stdout.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                    return Err("Grammalecte stopped".into());
                }
                parse_driver_answer(&line, texts.len())
            }
            Transport::Http { addr, prefix } => {
                let text = texts.join("\n");
                let body = format!(
                    "text={}&options={}",
                    form_encode(&text),
                    form_encode(&self.options().to_string())
                );
                let answer = http_post(addr, &format!("{prefix}/gc_text/fr"), &body)?;
                parse_server_answer(&answer, texts.len())
            }
        }
    }
}

impl Drop for Backend {
    /// Closes the driver's input (it ends) and waits a moment for it; kills it if it lingers.
    fn drop(&mut self) {
        let t = self.transport.get_mut().unwrap_or_else(|p| p.into_inner());
        if let Transport::Driver { child, stdin, .. } = t {
            drop(stdin.take());
            for _ in 0..50 {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The driver's answer: `{"results": [[error…] per paragraph]}` or `{"error": …}`.
pub fn parse_driver_answer(line: &str, n: usize) -> Result<Vec<Vec<RawError>>, String> {
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        results: Option<Vec<Vec<RawError>>>,
        #[serde(default)]
        error: Option<String>,
    }
    let a: Answer = serde_json::from_str(line)
        .map_err(|e| format!("unreadable answer from Grammalecte: {e}"))?;
    if let Some(e) = a.error {
        return Err(format!("Grammalecte failed: {e}"));
    }
    let results = a.results.unwrap_or_default();
    if results.len() != n {
        return Err(format!(
            "Grammalecte answered for {} paragraphs of {n}",
            results.len()
        ));
    }
    Ok(results)
}

/// The answer of `grammalecte-server`'s `/gc_text/fr`: `{"data": [{"iParagraph": 1-based,
/// "lGrammarErrors": […]}]}` for the paragraphs with errors, or `{"error": "…"}`.
pub fn parse_server_answer(body: &str, n: usize) -> Result<Vec<Vec<RawError>>, String> {
    #[derive(Deserialize)]
    struct Paragraph {
        #[serde(rename = "iParagraph")]
        index: usize,
        #[serde(rename = "lGrammarErrors", default)]
        errors: Vec<RawError>,
    }
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        data: Vec<Paragraph>,
        #[serde(default)]
        error: Option<String>,
    }
    let a: Answer = serde_json::from_str(body)
        .map_err(|e| format!("unreadable answer from grammalecte-server: {e}"))?;
    if let Some(e) = a.error.filter(|e| !e.is_empty()) {
        return Err(format!("grammalecte-server: {e}"));
    }
    let mut out = vec![Vec::new(); n];
    for p in a.data {
        let slot = p
            .index
            .checked_sub(1)
            .and_then(|i| out.get_mut(i))
            .ok_or_else(|| format!("grammalecte-server answered for paragraph {}", p.index))?;
        *slot = p.errors;
    }
    Ok(out)
}

/// `application/x-www-form-urlencoded` encoding of `s`.
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A minimal HTTP/1.1 POST (one connection per request, closed by the server): the body of a
/// 200 answer, else an error naming the status.
pub fn http_post(addr: &str, path: &str, body: &str) -> Result<String, String> {
    use std::net::{TcpStream, ToSocketAddrs};
    let sock = addr
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {addr}: {e}"))?
        .next()
        .ok_or_else(|| format!("cannot resolve {addr}"))?;
    let mut stream = TcpStream::connect_timeout(&sock, Duration::from_secs(10))
        .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(300)));
    let host = addr.split(':').next().unwrap_or(addr);
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded; charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(body.as_bytes()))
        .map_err(|e| format!("cannot send to {addr}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("no answer from {addr}: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no HTTP answer from {addr}"))?;
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut payload = raw[split + 4..].to_vec();
    let status = headers.lines().next().unwrap_or("");
    if status.split_whitespace().nth(1) != Some("200") {
        return Err(format!("{addr}{path} answered `{status}`"));
    }
    let chunked = headers.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    if chunked {
        payload = dechunk(&payload).ok_or_else(|| format!("bad chunked answer from {addr}"))?;
    }
    String::from_utf8(payload).map_err(|_| format!("answer from {addr} is not UTF-8"))
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n")?;
        let size_line = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// The grammar findings of one file, by segment (id and text).
pub struct GrammarNotes {
    by_segment: HashMap<(String, String), Vec<Finding>>,
}

impl GrammarNotes {
    /// Findings in all.
    pub fn len(&self) -> usize {
        self.by_segment.values().map(Vec::len).sum()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.by_segment.is_empty()
    }
}

impl FileNotes for GrammarNotes {
    fn findings_for(&self, seg: &Segment, out: &mut Vec<Finding>) {
        if self.by_segment.is_empty() {
            return;
        }
        if let Some(found) = self.by_segment.get(&(seg.id.clone(), seg.text.clone())) {
            out.extend(found.iter().cloned());
        }
    }
}

/// Sends `segments` to `backend` in batches and keeps the grammar findings of each.
pub fn check_segments(backend: &Backend, segments: &[Segment]) -> Result<GrammarNotes, String> {
    let table = backend.kind().table();
    let mut by_segment: HashMap<(String, String), Vec<Finding>> = HashMap::new();
    let todo: Vec<&Segment> = segments
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .collect();
    let mut i = 0;
    while i < todo.len() {
        let mut bytes = 0;
        let mut j = i;
        while j < todo.len()
            && j - i < table.batch_paragraphs.max(1)
            && (j == i || bytes + todo[j].text.len() <= table.batch_bytes)
        {
            bytes += todo[j].text.len() + 1;
            j += 1;
        }
        let paragraphs: Vec<String> = todo[i..j].iter().map(|s| paragraph(&s.text)).collect();
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let answers = backend.check(&refs)?;
        for (seg, errors) in todo[i..j].iter().zip(answers) {
            let mut found: Vec<Finding> = errors
                .iter()
                .filter_map(|e| to_finding(backend.kind(), &seg.text, e))
                .collect();
            if !found.is_empty() {
                found.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
                found.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
                by_segment
                    .entry((seg.id.clone(), seg.text.clone()))
                    .or_default()
                    .extend(found);
            }
        }
        i = j;
    }
    Ok(GrammarNotes { by_segment })
}

/// Reads every segment of a file (the first error stops it).
pub fn read_all(
    segments: &mut dyn Iterator<Item = Result<Segment, InputError>>,
    include_locked: bool,
) -> Result<Vec<Segment>, InputError> {
    let mut out = Vec::new();
    for s in segments {
        let s = s?;
        if include_locked || !s.locked {
            out.push(s);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(start: usize, end: usize, kind: &str, rule: &str, sugg: &[&str]) -> RawError {
        RawError {
            start,
            end,
            rule: rule.into(),
            kind: kind.into(),
            message: "Accord erroné.".into(),
            suggestions: sugg.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn character_offsets_become_byte_offsets() {
        let text = "Les réunions ont été annulés.";
        // « annulés » is characters 21..28.
        let span = char_span_to_bytes(text, 21, 28).unwrap();
        assert_eq!(&text[span], "annulés");
        assert_eq!(char_span_to_bytes(text, 0, 3), Some(0..3));
        let end = text.chars().count();
        assert_eq!(&text[char_span_to_bytes(text, end - 1, end).unwrap()], ".");
        assert_eq!(char_span_to_bytes(text, 5, 5), None);
        assert_eq!(char_span_to_bytes(text, 2, end + 1), None);
    }

    #[test]
    fn line_breaks_become_spaces_one_for_one() {
        let text = "Il es\nlà,\r\ndit-il.";
        let p = paragraph(text);
        assert!(!p.contains(['\n', '\r']));
        assert_eq!(p.chars().count(), text.chars().count());
        let tagged = "les {pc1}consultations{/pc1} ont été annulés";
        let p = paragraph(tagged);
        assert_eq!(p, "les      consultations       ont été annulés");
        assert_eq!(p.chars().count(), tagged.chars().count());
    }

    #[test]
    fn grammar_is_kept_and_typography_left_to_mtlint() {
        let text = "Les consultations ont été annulés.";
        let k = Kind::Grammalecte;
        let f = to_finding(
            k,
            text,
            &err(
                26,
                33,
                "ppas",
                "gv1__ppas_sujet_être_accord_pluriel__b1_a2_1",
                &["annulées"],
            ),
        )
        .unwrap();
        assert_eq!(f.rule, "grammalecte/ppas_sujet_être_accord_pluriel");
        assert_eq!(f.category, Category::Grammar);
        assert_eq!(f.severity, Severity::Info);
        assert_eq!(&text[f.span.clone()], "annulés");
        assert_eq!(f.suggestion.as_deref(), Some("annulées"));
        for typo in ["typo", "esp", "nbsp", "apos", "maj", "tu", "num", "notype"] {
            assert!(
                to_finding(k, text, &err(0, 3, typo, "esp_milieu_ligne", &[" "])).is_none(),
                "{typo}"
            );
        }
        let salutation = err(0, 7, "gn", "g3__gn_start_2m__b1_a1_1", &["Bonjours"]);
        assert!(to_finding(k, "Bonjour chers collègues,", &salutation).is_none());
        let two = to_finding(k, "Il es là.", &err(3, 5, "conj", "x", &["est", "ait"])).unwrap();
        assert!(two.message.contains("est, ait"), "{}", two.message);
    }

    #[test]
    fn rule_ids_name_the_rule_not_its_action() {
        let k = Kind::Grammalecte;
        assert_eq!(rule_id(k, "g2__conj_il__b1_a1_1"), "grammalecte/conj_il");
        assert_eq!(
            rule_id(k, "esp_milieu_ligne"),
            "grammalecte/esp_milieu_ligne"
        );
        assert_eq!(Kind::parse("grammalecte"), Ok(Kind::Grammalecte));
        assert!(
            Kind::parse("languagetool")
                .unwrap_err()
                .contains("grammalecte")
        );
        assert!(k.checks_language("fr") && k.checks_language("fr-CA"));
        assert!(!k.checks_language("en") && !k.checks_language("fy"));
    }

    #[test]
    fn answers_of_the_driver_and_the_server() {
        let d = r#"{"results": [[], [{"nStart": 3, "nEnd": 5, "sRuleId": "g2__conj_il__b1_a1_1", "sType": "conj", "sMessage": "m", "aSuggestions": ["est"]}]]}"#;
        let r = parse_driver_answer(d, 2).unwrap();
        assert_eq!(r[1][0].start, 3);
        assert!(parse_driver_answer(d, 3).is_err());
        assert!(parse_driver_answer(r#"{"error": "boom"}"#, 1).is_err());
        let s = r##"{ "program": "grammalecte-fr", "version": "2.1.2", "lang": "fr", "error": "", "data" : [
{"iParagraph": 2, "lGrammarErrors": [{"nStart": 3, "nEnd": 5, "sLineId": "#7402", "sRuleId": "g2__conj_il__b1_a1_1", "sType": "conj", "aColor": [1, 2, 3], "sMessage": "m", "aSuggestions": ["est"], "URL": ""}], "lSpellingErrors": []}
]}"##;
        let r = parse_server_answer(s, 2).unwrap();
        assert!(r[0].is_empty() && r[1][0].kind == "conj");
        assert!(parse_server_answer(s, 1).is_err());
    }

    #[test]
    fn form_encoding_and_chunks() {
        assert_eq!(form_encode("a é&b=c d"), "a+%C3%A9%26b%3Dc+d");
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
    }
}
