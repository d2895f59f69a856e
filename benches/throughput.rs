//! In-process throughput of the full default check set: `Engine::check_segment` per language.
//!
//! `cargo bench --bench throughput [-- LANG...]` (default: fr de ru en). Plain `std::time`, no
//! harness. For each language it reads the corpus that `bench/gen_corpus.py` writes
//! (`target/bench-corpus/<lang>.txt`) or, when that file is missing, builds a smaller corpus in
//! memory from `data/sample/*.txt` and built-in sentences. It prints:
//!
//! 1. MiB/s and segments/s of `Engine::check_segment` over segments already in memory, and of
//!    the same streamed from a `PlainReader` with words counted (the CLI's one-thread path,
//!    minus the report);
//! 2. a per-stage breakdown over the first MiB: `text::words`, `text::protected_spans`, each check
//!    of `checks::registry()`, each regex rule of the language pack, and the engine's own
//!    filtering and sorting (the rest of `check_segment`).
//!
//! Environment: `MTLINT_BENCH_CORPUS` (folder, default `target/bench-corpus`), `MTLINT_BENCH_MB`
//! (MiB per language, default 4; `all` for the whole file), `MTLINT_BENCH_BREAKDOWN_MB` (default
//! 1; 0 skips the breakdown), `MTLINT_BENCH_REPS` (runs per stage, fastest kept; default 3). End-to-end figures with peak memory: `bench/run.sh`.

use mtlint::checks::{self, Ctx};
use mtlint::finding::Finding;
use mtlint::input::PlainReader;
use mtlint::lang::{self, Language};
use mtlint::{Engine, text};
use std::hint::black_box;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MIB: f64 = 1024.0 * 1024.0;
const LANGS: [&str; 4] = ["fr", "de", "ru", "en"];

/// MT-like sentences for the in-memory corpus when the generated one is missing.
const FALLBACK_DE: &[&str] = &[
    "Der Sprecher des Ministeriums sagte am Donnerstag, dass die Gespräche mit Washington fortgesetzt werden.",
    "Nach Angaben der Polizei wurden bei dem Unfall auf der A7 drei Menschen leicht verletzt.",
    "Die Regierung will bis 2025 rund 12 Milliarden Euro in den Ausbau der Netze investieren.",
    "„Wir haben keine andere Wahl“, sagte er gegenüber Reportern in Berlin.",
    "Die Entscheidung sei politisch, erklärte der Diplomat Sergei Рябков in Moskau.",
    "Viele Fans waren enttäuscht, als das Konzert kurzfristig abgesagt wurde wurde.",
    "Laut dem Bericht stieg die Zahl der Cyberangriffe im letzten Jahr um 40 %.",
    "The company said it would not comment on the report, teilte das Unternehmen mit.",
];
const FALLBACK_RU: &[&str] = &[
    "Представитель министерства заявил в четверг, что переговоры с Вашингтоном продолжатся.",
    "По данным полиции, в результате аварии на трассе М4 пострадали три человека.",
    "Правительство планирует до 2025 года вложить около 12 миллиардов рублей в развитие сетей.",
    "«У нас нет другого выбора», — сказал он журналистам в Москве.",
    "Многие фанаты были разочарованы, когда концерт был отменен в последний момент момент.",
    "Согласно отчету, число кибератак за прошлый год выросло на 40 %.",
    "В интервью BBC она сказала, что не будет снова баллотироваться.",
    "Исследование опубликовано в журнале Nature и доступно на сайте www.example.org.",
];
const FALLBACK_EN: &[&str] = &[
    "A spokesman for the ministry said on Thursday that talks with Beijing would continue.",
    "According to police, three people were slightly injured in the accident on the M4.",
    "The government plans to invest about 12 billion yuan in the expansion of networks by 2025.",
    "\u{201c}We have no other choice,\u{201d} he told reporters in Shanghai.",
    "Many fans were disappointed when the concert was was cancelled at the last minute.",
    "According to the report, the number of cyber attacks rose by 40% last year.",
    "He said the team played better in the second half, and the coach Zhang Wei 张伟 agreed.",
    "The study was published in the journal Nature and can be read at www.example.org.",
];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn env_mib(name: &str, default: f64) -> Option<usize> {
    match std::env::var(name) {
        Ok(v) if v == "all" => None,
        Ok(v) => Some((v.parse::<f64>().unwrap_or(default) * MIB) as usize),
        Err(_) => Some((default * MIB) as usize),
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first whole lines of `path` totalling at most `limit` bytes (at least one line).
fn read_head(path: &Path, limit: Option<usize>) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path)?;
    match limit {
        None => {
            std::io::BufReader::new(file).read_to_end(&mut bytes)?;
        }
        Some(n) => {
            file.take(n as u64).read_to_end(&mut bytes)?;
            if bytes.len() == n
                && let Some(p) = bytes.iter().rposition(|&b| b == b'\n')
            {
                bytes.truncate(p + 1);
            }
        }
    }
    Ok(bytes)
}

/// Sentences of the seed text for `code`: `data/sample/*.txt` for French, built-in otherwise.
fn seed_sentences(code: &str) -> Vec<String> {
    let fixed: &[&str] = match code {
        "de" => FALLBACK_DE,
        "ru" => FALLBACK_RU,
        "en" => FALLBACK_EN,
        _ => &[],
    };
    let mut out: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    if code == "fr" {
        let mut names: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("data/sample"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.sort();
        for p in names
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            let t = std::fs::read_to_string(p).unwrap_or_default();
            out.extend(
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from),
            );
        }
        if out.is_empty() {
            out.push("Le dialogue de Moscou et de Washington n’est pas interrompu, a dit André Крутских.".into());
        }
    }
    out
}

/// A deterministic in-memory corpus of about `size` bytes: seed lines shuffled, spliced and with
/// their numbers changed, one segment a line.
fn synthetic(code: &str, size: usize) -> Vec<u8> {
    let seeds = seed_sentences(code);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ code.bytes().fold(0, |h, b| h * 31 + b as u64));
    let mut out = String::with_capacity(size + 4096);
    while out.len() < size {
        let parts = 1 + rng.below(3);
        let mut line = String::new();
        for k in 0..parts {
            if k > 0 {
                line.push(' ');
            }
            line.push_str(&seeds[rng.below(seeds.len())]);
        }
        for c in line.chars() {
            if c.is_ascii_digit() {
                out.push(char::from(b'0' + rng.below(10) as u8));
            } else {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

struct Corpus {
    source: String,
    bytes: Vec<u8>,
    segments: Vec<String>,
}

fn load(code: &str, limit: Option<usize>) -> Corpus {
    let dir = std::env::var_os("MTLINT_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target/bench-corpus"));
    let path = dir.join(format!("{code}.txt"));
    let (source, bytes) = match read_head(&path, limit) {
        Ok(b) if !b.is_empty() => (path.display().to_string(), b),
        _ => {
            let size = limit.unwrap_or(4 << 20).min(4 << 20);
            (
                "in-memory (no corpus file)".to_string(),
                synthetic(code, size),
            )
        }
    };
    let segments = PlainReader::new(code, Cursor::new(bytes.clone()))
        .map(|s| s.expect("corpus is valid UTF-8 text").text)
        .collect();
    Corpus {
        source,
        bytes,
        segments,
    }
}

fn rate(bytes: usize, segs: usize, t: Duration) -> (f64, f64) {
    let s = t.as_secs_f64().max(1e-9);
    (bytes as f64 / MIB / s, segs as f64 / s)
}

/// Times `f` over all segments; returns the elapsed time and the number of findings.
fn time_segments(segs: &[String], mut f: impl FnMut(&str) -> usize) -> (Duration, usize) {
    let start = Instant::now();
    let mut findings = 0;
    for s in segs {
        findings += f(s);
    }
    (start.elapsed(), findings)
}

fn breakdown(engine: &Engine, language: &'static Language, segs: &[String], reps: usize) {
    let bytes: usize = segs.iter().map(|s| s.len() + 1).sum();
    // Each stage is timed `reps` times and the fastest run kept: the machine is shared.
    let best = |f: &mut dyn FnMut() -> Duration| (0..reps.max(1)).map(|_| f()).min().unwrap();
    let mut rows: Vec<(String, Duration)> = Vec::new();
    let total =
        best(&mut || time_segments(segs, |s| black_box(engine.check_segment(s, language)).len()).0);
    let t = best(&mut || time_segments(segs, |s| black_box(text::words(s)).len()).0);
    rows.push(("ctx: text::words".into(), t));
    let t = best(&mut || time_segments(segs, |s| black_box(text::protected_spans(s)).len()).0);
    rows.push(("ctx: text::protected_spans".into(), t));

    let ctxs: Vec<Ctx<'_>> = segs.iter().map(|s| Ctx::new(s, language)).collect();
    let mut out: Vec<Finding> = Vec::new();
    for check in checks::registry() {
        let t = best(&mut || {
            let start = Instant::now();
            for ctx in &ctxs {
                check.check(ctx, &mut out);
                black_box(&out);
                out.clear();
            }
            start.elapsed()
        });
        let ids: Vec<&str> = check.rules().iter().map(|r| r.id()).collect();
        let mut name = format!("check: {}", ids.join(", "));
        if name.chars().count() > 64 {
            name = name.chars().take(61).collect::<String>() + "…";
        }
        rows.push((name, t));
    }
    drop(ctxs);
    for rule in &language.rules {
        let t = best(&mut || {
            time_segments(segs, |s| {
                rule.apply(s, &mut out);
                let n = out.len();
                out.clear();
                n
            })
            .0
        });
        rows.push((format!("pack rule: {}", rule.id), t));
    }
    // What check_segment does beyond the stages: Ctx assembly, the filter, sort and dedup. The
    // stages timed apart run with warmer caches, so this is a rough figure and may be negative.
    let parts: f64 = rows.iter().map(|r| r.1.as_secs_f64()).sum();
    let rest = total.as_secs_f64() - parts;

    println!(
        "\n  breakdown, {} ({:.2} MiB, {} segments; check_segment {:.2} s = {:.2} MiB/s)",
        language.code,
        bytes as f64 / MIB,
        segs.len(),
        total.as_secs_f64(),
        rate(bytes, segs.len(), total).0
    );
    println!(
        "  {:<64} {:>9} {:>7} {:>12}",
        "stage", "µs/seg", "share", "alone MiB/s"
    );
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (name, t) in rows {
        let share = 100.0 * t.as_secs_f64() / total.as_secs_f64().max(1e-9);
        let us = t.as_secs_f64() * 1e6 / segs.len().max(1) as f64;
        let alone = rate(bytes, segs.len(), t).0;
        println!("  {name:<64} {us:>9.2} {share:>6.1}% {alone:>12.1}");
    }
    let n = segs.len().max(1) as f64;
    println!(
        "  {:<64} {:>9.2} {:>6.1}%",
        "engine: the rest (total minus the stages)",
        rest * 1e6 / n,
        100.0 * rest / total.as_secs_f64().max(1e-9)
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let codes: Vec<&str> = if args.is_empty() {
        LANGS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    let limit = env_mib("MTLINT_BENCH_MB", 4.0);
    let breakdown_limit = env_mib("MTLINT_BENCH_BREAKDOWN_MB", 1.0);
    let reps = std::env::var("MTLINT_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);

    let start = Instant::now();
    let engine = Engine::new(Vec::new());
    let languages: Vec<&'static Language> = codes
        .iter()
        .map(|c| lang::language(c).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    // The first segment pays for the lazily built lexicons, packs and regexes.
    for l in &languages {
        black_box(engine.check_segment("Warm-up 1.", l));
    }
    println!(
        "mtlint throughput bench: engine + lazy data for {} built in {:.0} ms",
        codes.join(","),
        start.elapsed().as_secs_f64() * 1000.0
    );

    let corpora: Vec<Corpus> = codes.iter().map(|c| load(c, limit)).collect();
    println!(
        "\n{:<5} {:>7} {:>9} {:>8} {:>9} {:>11} {:>9} {:>11} {:>10}  corpus",
        "lang",
        "MiB",
        "segments",
        "seconds",
        "MiB/s",
        "segments/s",
        "stream s",
        "stream MiB/s",
        "findings"
    );
    let mut total = (0usize, 0usize, Duration::ZERO);
    for (language, corpus) in languages.iter().zip(&corpora) {
        let segs = &corpus.segments;
        let (t, findings) =
            time_segments(segs, |s| black_box(engine.check_segment(s, language)).len());
        // The CLI's sequential path: stream and split lines, count words, check.
        let owned = corpus.bytes.clone();
        let stream_start = Instant::now();
        let mut streamed = 0usize;
        let mut words = 0usize;
        for seg in PlainReader::new(&language.code, Cursor::new(owned)) {
            let seg = seg.expect("corpus reads");
            words += seg.text.split_whitespace().count();
            streamed += black_box(engine.check_segment(&seg.text, language)).len();
        }
        black_box(words);
        let stream_t = stream_start.elapsed();
        assert_eq!(streamed, findings, "the same findings either way");
        let n = corpus.bytes.len();
        let (mibs, segps) = rate(n, segs.len(), t);
        println!(
            "{:<5} {:>7.2} {:>9} {:>8.2} {:>9.2} {:>11.0} {:>9.2} {:>11.2} {:>10}  {}",
            language.code,
            n as f64 / MIB,
            segs.len(),
            t.as_secs_f64(),
            mibs,
            segps,
            stream_t.as_secs_f64(),
            rate(n, segs.len(), stream_t).0,
            findings,
            corpus.source
        );
        total = (total.0 + n, total.1 + segs.len(), total.2 + t);
    }
    let (mibs, segps) = rate(total.0, total.1, total.2);
    println!(
        "{:<5} {:>7.2} {:>9} {:>8.2} {:>9.2} {:>11.0}",
        "all",
        total.0 as f64 / MIB,
        total.1,
        total.2.as_secs_f64(),
        mibs,
        segps
    );

    if let Some(b) = breakdown_limit.filter(|&b| b > 0) {
        for (language, corpus) in languages.iter().zip(&corpora) {
            let mut size = 0;
            let n = corpus
                .segments
                .iter()
                .take_while(|s| {
                    size += s.len() + 1;
                    size <= b
                })
                .count();
            breakdown(&engine, language, &corpus.segments[..n.max(1)], reps);
        }
    } else if breakdown_limit.is_none() {
        for (language, corpus) in languages.iter().zip(&corpora) {
            breakdown(&engine, language, &corpus.segments, reps);
        }
    }
}
