//! Precision benchmark: how often mtlint speaks on professional translations (false alarms) and
//! on real MT output, and how many of its findings a reviewer would act on.
//!
//! ```text
//! bench/precision.sh                  # build, measure, write reports/precision.md
//! bench/precision.sh --unlabelled     # print the sampled findings that have no label yet
//! ```
//!
//! Arguments (all optional): `--eval DIR` (default `../shared/eval`), `--out DIR` (default
//! `reports`), `--bin PATH` (default `target/release/mtlint`), `--labels FILE` (default
//! `reports/precision-labels.tsv`), `--sample N` (findings sampled per rule and language,
//! default 30), `--unlabelled` (print the sampled findings without a label, ready to label,
//! instead of writing the report).
//!
//! What it runs, always through the release binary (what a user gets), `--format jsonl`:
//! - `eval/wmt22/<pair>/`: the professional reference and every `mt.<system>.<l>.txt`, target
//!   only (the plain files as they are) and with the source (JSON Lines `{"id","source","target"}`
//!   written to a temporary directory, one line per segment, id = line number);
//! - `eval/mqm/clean_sample.tsv.gz`: MT segments every MQM rater marked error-free, per language
//!   pair, target only and with the source (temporary files again).
//!
//! Rates are findings per 1,000 words (whitespace-separated tokens of the targets, as `wc -w`):
//! error+warning and info apart, per rule, for the reference and the mean over the MT systems.
//!
//! Precision: the findings on the WMT22 files (references and MT output, both modes) are pooled
//! per target language and rule, identified by a stable key (pair, file, segment, rule, flagged
//! text; the same key in both modes is one finding), and ordered by a hash of the key. The first
//! `--sample` of them are the rule's sample for that language: a proportional random sample of
//! what a reviewer sees, mostly MT output. Verdicts live in `reports/precision-labels.tsv`
//! (`real` = a professional reviewer would change the text there for the reason the rule gives,
//! `false` = a false alarm), matched by key: when the checks change, findings that disappear drop
//! out of the sample, new ones enter it unlabelled and are counted, never guessed. Labels whose
//! finding is gone are kept (they may come back) and counted as stale.
//! A rule with fewer than `--sample` findings in a language on WMT22 is topped up from every
//! segment of `eval/mqm/segments.tsv.gz` (MT output of en-de, en-ru and zh-en, both modes), so
//! rules that rarely fire on news still get a measured figure; English targets come only from
//! there.
//!
//! Besides the report, it writes `data/precision.toml` (per rule and language: findings,
//! labelled, real), which is compiled into mtlint: `mtlint explain RULE` prints it, and a test
//! (src/precision.rs) keeps every default severity within what the figures allow.
//!
//! The output is deterministic apart from the commit line: everything is sorted.

use flate2::read::GzDecoder;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

type Res<T> = Result<T, Box<dyn Error>>;

/// Goals of issue 10.
const REF_GOAL: f64 = 0.25;
const RATIO_GOAL: f64 = 5.0;
use mtlint::precision::{ERROR_MIN, MIN_LABELLED, WARNING_MIN, wilson_low};

struct Args {
    eval: PathBuf,
    out: PathBuf,
    bin: PathBuf,
    labels: PathBuf,
    /// The measured figures compiled into the binary (data/precision.toml).
    data: PathBuf,
    sample: usize,
    unlabelled: bool,
}

fn args() -> Res<Args> {
    let mut a = Args {
        eval: PathBuf::from("../shared/eval"),
        out: PathBuf::from("reports"),
        bin: PathBuf::from("target/release/mtlint"),
        labels: PathBuf::from("reports/precision-labels.tsv"),
        data: PathBuf::from("data/precision.toml"),
        sample: 30,
        unlabelled: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--eval" => a.eval = value()?.into(),
            "--out" => a.out = value()?.into(),
            "--bin" => a.bin = value()?.into(),
            "--labels" => a.labels = value()?.into(),
            "--data" => a.data = value()?.into(),
            "--sample" => a.sample = value()?.parse()?,
            "--unlabelled" => a.unlabelled = true,
            _ => return Err(format!("unknown argument `{arg}`").into()),
        }
    }
    Ok(a)
}

/// Which data a file belongs to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Kind {
    /// A WMT22 professional reference.
    Reference,
    /// A WMT22 MT output.
    Mt,
    /// MQM segments marked error-free (MT output).
    MqmClean,
    /// Every MQM segment (MT output and human translations, with and without errors): only a
    /// pool that tops up the precision sample of a rule with few findings on WMT22.
    MqmAll,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Mode {
    TargetOnly,
    WithSource,
}

/// One checked text: a WMT22 file or the clean MQM segments of a pair.
struct Doc {
    /// Language pair, e.g. `en-ru` (`mqm:en-ru` for the MQM data).
    pair: String,
    /// `reference`, the MT system's name, or `clean`.
    label: String,
    kind: Kind,
    src_lang: String,
    tgt_lang: String,
    sources: Vec<String>,
    targets: Vec<String>,
    /// The original file for target-only runs (WMT22); `None` means write one.
    plain: Option<PathBuf>,
    words: usize,
}

/// A finding as the JSON Lines report has it.
#[derive(Deserialize)]
struct Row {
    file: String,
    segment: String,
    rule: String,
    severity: String,
    flagged: String,
    message: String,
}

struct Found {
    doc: usize,
    mode: Mode,
    segment: String,
    rule: String,
    severity: String,
    flagged: String,
    message: String,
}

/// The label key of a finding: pair, file, segment, rule, flagged text.
type Key = (String, String, String, String, String);

struct Label {
    verdict: bool,
}

fn main() -> Res<()> {
    let a = args()?;
    if !a.bin.exists() {
        return Err(format!("{} not found: run bench/precision.sh", a.bin.display()).into());
    }
    let docs = load(&a.eval)?;
    let tmp = tempfile::tempdir()?;
    let found = run_all(&a.bin, &docs, tmp.path())?;
    let labels = read_labels(&a.labels)?;
    let samples = sample(&docs, &found, a.sample);
    if a.unlabelled {
        return print_unlabelled(&docs, &found, &samples, &labels);
    }
    let md = report(&a, &docs, &found, &samples, &labels);
    fs::create_dir_all(&a.out)?;
    let path = a.out.join("precision.md");
    fs::write(&path, md)?;
    eprintln!("wrote {}", path.display());
    fs::write(&a.data, precision_toml(&samples, &labels))?;
    eprintln!(
        "wrote {} (rebuild: the figures are compiled into mtlint)",
        a.data.display()
    );
    Ok(())
}

/// Reads the WMT22 pairs and the clean MQM segments.
fn load(eval: &Path) -> Res<Vec<Doc>> {
    let mut docs = Vec::new();
    let wmt = eval.join("wmt22");
    let mut pairs: Vec<PathBuf> = fs::read_dir(&wmt)
        .map_err(|e| format!("{}: {e}", wmt.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    pairs.sort();
    for dir in pairs {
        let pair = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (s, t) = pair.split_once('-').ok_or("pair folder named xx-yy")?;
        let sources = lines(&dir.join(format!("source.{s}.txt")))?;
        let mut names: Vec<String> = fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(&format!(".{t}.txt")))
            .collect();
        names.sort();
        for name in names {
            let (label, kind) = if name.starts_with("reference.") {
                ("reference".to_string(), Kind::Reference)
            } else if let Some(rest) = name.strip_prefix("mt.") {
                let sys = rest.strip_suffix(&format!(".{t}.txt")).unwrap();
                (sys.to_string(), Kind::Mt)
            } else {
                continue;
            };
            let path = dir.join(&name);
            let targets = lines(&path)?;
            if targets.len() != sources.len() {
                return Err(format!("{}: not line-aligned with its source", path.display()).into());
            }
            docs.push(Doc {
                pair: pair.clone(),
                label,
                kind,
                src_lang: s.to_string(),
                tgt_lang: t.to_string(),
                words: words(&targets),
                sources: sources.clone(),
                targets,
                plain: Some(path),
            });
        }
    }
    docs.extend(mqm(
        &eval.join("mqm/clean_sample.tsv.gz"),
        Kind::MqmClean,
        "mqm",
    )?);
    docs.extend(mqm(
        &eval.join("mqm/segments.tsv.gz"),
        Kind::MqmAll,
        "mqm-all",
    )?);
    Ok(docs)
}

/// One doc per language pair, dataset and system of an MQM file, as an MT job would be: the
/// segments of several systems in one file would be "inconsistent translations" of each other.
fn mqm(path: &Path, kind: Kind, prefix: &str) -> Res<Vec<Doc>> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_reader(GzDecoder::new(
            fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?,
        ));
    let mut by_lp: BTreeMap<(String, String), (Vec<String>, Vec<String>)> = BTreeMap::new();
    let hdr = rdr.headers()?.clone();
    let col = |name: &str| {
        hdr.iter()
            .position(|h| h == name)
            .ok_or(format!("no column {name}"))
    };
    let (lp, ds, sys) = (col("lp")?, col("dataset")?, col("system")?);
    let (src, tgt) = (col("source")?, col("target")?);
    for rec in rdr.records() {
        let rec = rec?;
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let file = format!("{}.{}", &rec[ds], &rec[sys]);
        let e = by_lp.entry((rec[lp].to_string(), file)).or_default();
        e.0.push(one_line(&rec[src]));
        e.1.push(one_line(&rec[tgt]));
    }
    let mut docs = Vec::new();
    for ((lp, file), (sources, targets)) in by_lp {
        let (s, t) = lp.split_once('-').ok_or("lp xx-yy")?;
        docs.push(Doc {
            pair: format!("{prefix}:{lp}"),
            label: file,
            kind,
            src_lang: s.into(),
            tgt_lang: t.into(),
            words: words(&targets),
            sources,
            targets,
            plain: None,
        });
    }
    Ok(docs)
}

fn lines(path: &Path) -> Res<Vec<String>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.lines().map(str::to_string).collect())
}

fn words(lines: &[String]) -> usize {
    lines.iter().map(|l| l.split_whitespace().count()).sum()
}

/// Runs the binary once per pair, target language and mode, on all the pair's files.
fn run_all(bin: &Path, docs: &[Doc], tmp: &Path) -> Res<Vec<Found>> {
    let mut groups: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        groups
            .entry((&d.pair, &d.src_lang, &d.tgt_lang))
            .or_default()
            .push(i);
    }
    let mut found = Vec::new();
    for ((_, s, t), ids) in groups {
        for mode in [Mode::TargetOnly, Mode::WithSource] {
            let mut paths: HashMap<String, usize> = HashMap::new();
            let mut cmd = Command::new(bin);
            cmd.args([
                "check",
                "--lang",
                t,
                "--fail-on",
                "never",
                "--format",
                "jsonl",
            ])
            .arg("--quiet");
            if mode == Mode::WithSource {
                cmd.args(["--source-lang", s]);
            }
            for &i in &ids {
                let d = &docs[i];
                let stem: String = format!("{}.{}", d.pair, d.label)
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let path = match (mode, &d.plain) {
                    (Mode::TargetOnly, Some(p)) => p.clone(),
                    (Mode::TargetOnly, None) => {
                        let p = tmp.join(format!("{stem}.txt"));
                        fs::write(&p, d.targets.join("\n") + "\n")?;
                        p
                    }
                    (Mode::WithSource, _) => {
                        let p = tmp.join(format!("{stem}.jsonl"));
                        let mut w = std::io::BufWriter::new(fs::File::create(&p)?);
                        for (n, (src, tgt)) in d.sources.iter().zip(&d.targets).enumerate() {
                            let row = serde_json::json!({"id": (n + 1).to_string(), "source": src, "target": tgt});
                            writeln!(w, "{row}")?;
                        }
                        w.flush()?;
                        p
                    }
                };
                paths.insert(path.display().to_string(), i);
                cmd.arg(&path);
            }
            let out = cmd.output()?;
            if !out.status.success() {
                return Err(format!(
                    "{cmd:?} failed ({}): {}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr)
                )
                .into());
            }
            for line in out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                let r: Row = serde_json::from_slice(line)?;
                let doc = *paths
                    .get(&r.file)
                    .ok_or_else(|| format!("finding in unknown file {}", r.file))?;
                found.push(Found {
                    doc,
                    mode,
                    segment: r.segment,
                    rule: r.rule,
                    severity: r.severity,
                    flagged: r.flagged,
                    message: r.message,
                });
            }
        }
    }
    Ok(found)
}

fn key(docs: &[Doc], f: &Found) -> Key {
    let d = &docs[f.doc];
    (
        d.pair.clone(),
        d.label.clone(),
        f.segment.clone(),
        f.rule.clone(),
        f.flagged.clone(),
    )
}

/// Tabs, newlines and backslashes escaped for one TSV field.
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unesc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

const LABEL_HEADER: &str = "pair\tfile\tsegment\trule\tflagged\tverdict\treason";

fn read_labels(path: &Path) -> Res<HashMap<Key, Label>> {
    let mut labels = HashMap::new();
    let Ok(f) = fs::File::open(path) else {
        return Ok(labels);
    };
    for (n, line) in BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() || line.starts_with('#') || line == LABEL_HEADER {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |why: &str| format!("{}:{}: {why}", path.display(), n + 1);
        if cols.len() < 6 {
            return Err(bad("expected pair, file, segment, rule, flagged, verdict, reason").into());
        }
        let verdict = match cols[5].trim() {
            "real" => true,
            "false" => false,
            "" => continue,
            v => return Err(bad(&format!("verdict `{v}` is neither `real` nor `false`")).into()),
        };
        let k = (
            cols[0].to_string(),
            cols[1].to_string(),
            cols[2].to_string(),
            cols[3].to_string(),
            unesc(cols[4]),
        );
        if labels.insert(k, Label { verdict }).is_some() {
            return Err(bad("the same finding is labelled twice").into());
        }
    }
    Ok(labels)
}

/// FNV-1a, 64 bits: a stable order of keys across runs and platforms.
fn fnv(k: &Key) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [&k.0, &k.1, &k.2, &k.3, &k.4] {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Per (target language, rule): the number of distinct WMT22 findings (population), and the
/// sample: up to `n` of them by hash order, topped up from the MQM pool when WMT22 has fewer.
struct Sample {
    population: usize,
    /// Distinct findings in the MQM pool (every MQM segment), whether or not sampled.
    mqm: usize,
    keys: Vec<Key>,
    /// One finding per key (for context and severity).
    first: HashMap<Key, usize>,
}

fn sample(docs: &[Doc], found: &[Found], n: usize) -> BTreeMap<(String, String), Sample> {
    // WMT22 findings first; the MQM pool only tops up a rule and language with fewer than `n`.
    type Pool = BTreeMap<(String, String), BTreeMap<(u64, Key), usize>>;
    let mut wmt: Pool = BTreeMap::new();
    let mut extra: Pool = BTreeMap::new();
    for (i, f) in found.iter().enumerate() {
        let d = &docs[f.doc];
        let pool = match d.kind {
            Kind::MqmClean => continue,
            Kind::MqmAll => &mut extra,
            Kind::Reference | Kind::Mt => &mut wmt,
        };
        let k = key(docs, f);
        pool.entry((d.tgt_lang.clone(), f.rule.clone()))
            .or_default()
            .entry((fnv(&k), k))
            .or_insert(i);
    }
    let populations: HashMap<(String, String), usize> =
        wmt.iter().map(|(lr, k)| (lr.clone(), k.len())).collect();
    let mqm: HashMap<(String, String), usize> =
        extra.iter().map(|(lr, k)| (lr.clone(), k.len())).collect();
    for (lr, keys) in extra {
        let w = wmt.entry(lr).or_default();
        let room = n.saturating_sub(w.len());
        for ((_, k), i) in keys.into_iter().take(room) {
            // After every WMT22 finding, in the MQM pool's hash order.
            w.insert((u64::MAX, k), i);
        }
    }
    wmt.into_iter()
        .map(|(lr, keys)| {
            let population = populations.get(&lr).copied().unwrap_or(0);
            let mqm = mqm.get(&lr).copied().unwrap_or(0);
            let mut first = HashMap::new();
            let mut picked = Vec::new();
            for ((_, k), i) in keys.into_iter().take(n) {
                first.insert(k.clone(), i);
                picked.push(k);
            }
            (
                lr,
                Sample {
                    population,
                    mqm,
                    keys: picked,
                    first,
                },
            )
        })
        .collect()
}

/// The current default severity of each rule, from the registry (built-in and pack rules).
fn registry() -> BTreeMap<String, String> {
    let mut sev = BTreeMap::new();
    for d in mtlint::registry::metas() {
        sev.insert(d.id.clone(), d.severity.to_string());
    }
    for code in mtlint::lang::known_codes() {
        let l = mtlint::lang::language(code).expect("known code");
        for r in l.rules.iter() {
            sev.insert(r.id.clone(), r.severity.to_string());
        }
    }
    sev
}

fn print_unlabelled(
    docs: &[Doc],
    found: &[Found],
    samples: &BTreeMap<(String, String), Sample>,
    labels: &HashMap<Key, Label>,
) -> Res<()> {
    let reg = registry();
    // Rules at error or warning first: their precision decides the gate.
    let mut order: Vec<(&(String, String), &Sample)> = samples.iter().collect();
    order.sort_by_key(|((l, r), _)| {
        let rank = match reg.get(r).map(String::as_str) {
            Some("error") => 0,
            Some("warning") => 1,
            _ => 2,
        };
        (rank, l.clone(), r.clone())
    });
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "# Sampled findings without a label. Fill in verdict (real/false) and a short reason, drop\n\
         # the `#` context lines, and append the rows to reports/precision-labels.tsv.\n{LABEL_HEADER}"
    )?;
    let mut total = 0;
    for ((lang, rule), s) in order {
        for k in &s.keys {
            if labels.contains_key(k) {
                continue;
            }
            total += 1;
            let f = &found[s.first[k]];
            let d = &docs[f.doc];
            let line: usize = f.segment.parse().unwrap_or(0);
            let at = |v: &[String]| v.get(line.wrapping_sub(1)).cloned().unwrap_or_default();
            writeln!(
                out,
                "# {lang} {rule} ({}): {}\n#   src: {}\n#   tgt: {}",
                f.severity,
                f.message,
                at(&d.sources),
                at(&d.targets)
            )?;
            writeln!(out, "{}\t{}\t{}\t{}\t{}\t\t", k.0, k.1, k.2, k.3, esc(&k.4))?;
        }
    }
    eprintln!("{total} sampled findings need a label");
    Ok(())
}

/// Per 1,000 words.
fn rate(n: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        n as f64 * 1000.0 / words as f64
    }
}

fn is_ew(sev: &str) -> bool {
    sev == "error" || sev == "warning"
}

/// The severity a precision allows.
fn allowed(p: f64) -> &'static str {
    mtlint::precision::allowed(p).as_str()
}

fn commit() -> String {
    Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=10"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Counts per (doc, mode, rule, is error/warning).
type Counts = HashMap<(usize, Mode, String, bool), usize>;

fn report(
    a: &Args,
    docs: &[Doc],
    found: &[Found],
    samples: &BTreeMap<(String, String), Sample>,
    labels: &HashMap<Key, Label>,
) -> String {
    let reg = registry();
    let mut counts: Counts = HashMap::new();
    for f in found {
        *counts
            .entry((f.doc, f.mode, f.rule.clone(), is_ew(&f.severity)))
            .or_default() += 1;
    }
    let total = |doc: usize, mode: Mode, ew: bool, rule: Option<&str>| -> usize {
        counts
            .iter()
            .filter(|((d, m, r, e), _)| {
                *d == doc && *m == mode && *e == ew && rule.is_none_or(|x| x == r)
            })
            .map(|(_, n)| n)
            .sum()
    };
    // Rate of a set of docs (mean over them) for a mode, severity class and rule.
    let mean_rate = |ids: &[usize], mode: Mode, ew: bool, rule: Option<&str>| -> f64 {
        if ids.is_empty() {
            return f64::NAN;
        }
        if docs[ids[0]].kind == Kind::MqmClean {
            // Many small files: one pooled rate.
            let n = ids.iter().map(|&i| total(i, mode, ew, rule)).sum();
            return rate(n, ids.iter().map(|&i| docs[i].words).sum());
        }
        ids.iter()
            .map(|&i| rate(total(i, mode, ew, rule), docs[i].words))
            .sum::<f64>()
            / ids.len() as f64
    };
    let langs: BTreeSet<&str> = docs
        .iter()
        .filter(|d| d.kind != Kind::MqmClean && d.kind != Kind::MqmAll)
        .map(|d| d.tgt_lang.as_str())
        .collect();
    let ids = |lang: &str, kind: Kind| -> Vec<usize> {
        (0..docs.len())
            .filter(|&i| docs[i].tgt_lang == lang && docs[i].kind == kind)
            .collect()
    };
    let langs_all: BTreeSet<&str> = docs
        .iter()
        .filter(|d| d.kind != Kind::MqmAll)
        .map(|d| d.tgt_lang.as_str())
        .collect();
    let f2 = |x: f64| {
        if x.is_nan() {
            "–".to_string()
        } else {
            format!("{x:.2}")
        }
    };

    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Precision benchmark\n\n\
         Generated by `bench/precision.sh` (examples/precision.rs) at commit `{}` from \
         `../shared/eval/wmt22/` (professional references and every MT system's output) and the \
         error-free segments of `../shared/eval/mqm/clean_sample.tsv.gz`, each checked target only \
         and with its source (JSON Lines). Rates are findings per 1,000 words of the target \
         (`wc -w`); MT = mean over the systems. A finding on a reference is a false alarm in \
         nearly every case. Goals (issue 10): reference ≤ {REF_GOAL} error+warning per 1,000 \
         words, MT ≥ {RATIO_GOAL}× the reference.\n",
        commit()
    );

    // Headline.
    let _ = writeln!(
        md,
        "## Headline: error+warning per 1,000 words\n\n\
         | lang | pair | ref words | MT systems | mode | reference | MT (mean) | MT / ref | MQM clean | goals |\n\
         |---|---|---:|---:|---|---:|---:|---:|---:|---|"
    );
    for lang in &langs {
        let r = ids(lang, Kind::Reference);
        let m = ids(lang, Kind::Mt);
        let c = ids(lang, Kind::MqmClean);
        let pair = r.first().map(|&i| docs[i].pair.as_str()).unwrap_or("");
        let ref_words = r.first().map(|&i| docs[i].words).unwrap_or(0);
        for mode in [Mode::TargetOnly, Mode::WithSource] {
            let rr = mean_rate(&r, mode, true, None);
            let mr = mean_rate(&m, mode, true, None);
            let ratio = if rr > 0.0 { mr / rr } else { f64::INFINITY };
            let ok = rr <= REF_GOAL && ratio >= RATIO_GOAL;
            let _ = writeln!(
                md,
                "| {lang} | {pair} | {ref_words} | {} | {} | {} | {} | {} | {} | {} |",
                m.len(),
                mode_name(mode),
                f2(rr),
                f2(mr),
                if ratio.is_finite() {
                    format!("{ratio:.1}×")
                } else {
                    "∞".into()
                },
                f2(mean_rate(&c, mode, true, None)),
                if ok { "met" } else { "not met" }
            );
        }
    }
    let _ = writeln!(
        md,
        "\nMQM clean: MT segments every rater marked error-free ({}), one file per dataset and \
         system, pooled rate; a second false-alarm figure, on MT output.\n",
        langs_all
            .iter()
            .map(|l| (
                l,
                ids(l, Kind::MqmClean)
                    .iter()
                    .map(|&i| docs[i].words)
                    .sum::<usize>()
            ))
            .filter(|(_, w)| *w > 0)
            .map(|(l, w)| format!("{l} {w} words"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Per language and rule.
    let _ = writeln!(
        md,
        "## Per language and rule (per 1,000 words)\n\n\
         Columns: reference and MT (mean over systems), target only (T) and with source (S); \
         MQM clean likewise. Rules that found nothing are left out.\n"
    );
    for lang in &langs_all {
        let r = ids(lang, Kind::Reference);
        let m = ids(lang, Kind::Mt);
        let c = ids(lang, Kind::MqmClean);
        for ew in [true, false] {
            let rules: BTreeSet<&str> = counts
                .keys()
                .filter(|(d, _, _, e)| docs[*d].tgt_lang == *lang && *e == ew)
                .map(|(_, _, r, _)| r.as_str())
                .collect();
            if rules.is_empty() {
                continue;
            }
            let _ = writeln!(
                md,
                "### {lang}: {}\n\n\
                 | rule | default | ref T | ref S | MT T | MT S | MQM clean T | MQM clean S |\n\
                 |---|---|---:|---:|---:|---:|---:|---:|",
                if ew { "error + warning" } else { "info" }
            );
            let mut rows: Vec<(f64, &str)> = rules
                .iter()
                .map(|rule| (-mean_rate(&m, Mode::WithSource, ew, Some(rule)), *rule))
                .collect();
            rows.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(y.1)));
            for (_, rule) in rows {
                let _ = writeln!(
                    md,
                    "| {rule} | {} | {} | {} | {} | {} | {} | {} |",
                    reg.get(rule).map(String::as_str).unwrap_or("?"),
                    f2(mean_rate(&r, Mode::TargetOnly, ew, Some(rule))),
                    f2(mean_rate(&r, Mode::WithSource, ew, Some(rule))),
                    f2(mean_rate(&m, Mode::TargetOnly, ew, Some(rule))),
                    f2(mean_rate(&m, Mode::WithSource, ew, Some(rule))),
                    f2(mean_rate(&c, Mode::TargetOnly, ew, Some(rule))),
                    f2(mean_rate(&c, Mode::WithSource, ew, Some(rule))),
                );
            }
            let _ = writeln!(md);
        }
    }

    // Precision.
    let _ = writeln!(
        md,
        "## Per-rule precision\n\n\
         Sample: up to {} distinct findings per rule and language, drawn by a stable hash of \
         their key from the WMT22 findings (references and MT output, both modes; mostly MT \
         output, as a reviewer sees it), topped up from every MQM segment of \
         `../shared/eval/mqm/segments.tsv.gz` (MT output of en-de, en-ru, zh-en) when WMT22 has \
         fewer; `findings` counts the WMT22 ones. Verdicts: `{}` ({} labels). Precision = real / labelled \
         (95 % Wilson lower bound beside it); `allows` is the severity that precision permits \
         (error ≥ {:.0} %, warning ≥ {:.0} %, else info); `unlabelled` findings of the sample need \
         a verdict (`bench/precision.sh --unlabelled`).\n\n\
         | rule | lang | default | findings | sampled | labelled | real | precision | low 95 % | allows | unlabelled |\n\
         |---|---|---|---:|---:|---:|---:|---:|---:|---|---:|",
        a.sample,
        a.labels.display(),
        labels.len(),
        ERROR_MIN * 100.0,
        WARNING_MIN * 100.0
    );
    let mut needed = 0;
    let mut used: BTreeSet<&Key> = BTreeSet::new();
    let mut worst: BTreeMap<&str, (f64, String, usize)> = BTreeMap::new();
    for ((lang, rule), s) in samples {
        let mut real = 0;
        let mut labelled = 0;
        for k in &s.keys {
            if let Some(l) = labels.get(k) {
                used.insert(k);
                labelled += 1;
                real += usize::from(l.verdict);
            }
        }
        let unl = s.keys.len() - labelled;
        needed += unl;
        let p = if labelled > 0 {
            real as f64 / labelled as f64
        } else {
            f64::NAN
        };
        if labelled >= MIN_LABELLED {
            let e = worst
                .entry(rule.as_str())
                .or_insert((f64::INFINITY, String::new(), 0));
            if p < e.0 {
                *e = (p, lang.clone(), labelled);
            }
        }
        let _ = writeln!(
            md,
            "| {rule} | {lang} | {} | {} | {} | {labelled} | {real} | {} | {} | {} | {unl} |",
            reg.get(rule).map(String::as_str).unwrap_or("?"),
            s.population,
            s.keys.len(),
            if p.is_nan() {
                "–".into()
            } else {
                format!("{:.0} %", p * 100.0)
            },
            if labelled > 0 {
                format!("{:.0} %", (wilson_low(real, labelled) * 100.0).max(0.0))
            } else {
                "–".into()
            },
            if labelled >= MIN_LABELLED {
                allowed(p)
            } else {
                "–"
            },
        );
    }
    let stale = labels.keys().filter(|k| !used.contains(k)).count();
    let _ = writeln!(
        md,
        "\n{needed} sampled findings have no verdict yet; {stale} labels match no sampled finding \
         today (kept: the finding may come back).\n"
    );

    // Default severity.
    let _ = writeln!(
        md,
        "## Default severity\n\n\
         A rule has one default severity for every language: the one its worst language allows, \
         among the languages with at least {MIN_LABELLED} labelled findings (a rule reviewers \
         cannot trust in one language is not trusted). Rules without such a sample are `info` \
         unless `data/severity.toml` gives a reason (exact by construction, or too rare to measure; the test in src/precision.rs keeps this).\n\n\
         | rule | default now | worst language | labelled there | precision there | allows | consistent |\n\
         |---|---|---|---:|---:|---|---|"
    );
    for (rule, (p, lang, n)) in &worst {
        let now = reg.get(*rule).map(String::as_str).unwrap_or("?");
        let allows = allowed(*p);
        let rank = |s: &str| match s {
            "error" => 2,
            "warning" => 1,
            _ => 0,
        };
        let _ = writeln!(
            md,
            "| {rule} | {now} | {lang} | {n} | {:.0} % | {allows} | {} |",
            p * 100.0,
            if rank(now) <= rank(allows) {
                "yes"
            } else {
                "**no**"
            }
        );
    }
    md
}

/// data/precision.toml: per rule and target language, the distinct findings, the labelled ones
/// of the sample and the real ones among them. Read by `mtlint explain` and by the test that ties
/// default severities to precision (src/precision.rs).
fn precision_toml(
    samples: &BTreeMap<(String, String), Sample>,
    labels: &HashMap<Key, Label>,
) -> String {
    // Per rule: (language, WMT22 findings, MQM findings, labelled, real).
    type Row<'a> = (&'a str, usize, usize, usize, usize);
    let mut by_rule: BTreeMap<&str, Vec<Row>> = BTreeMap::new();
    for ((lang, rule), s) in samples {
        let (mut labelled, mut real) = (0, 0);
        for k in &s.keys {
            if let Some(l) = labels.get(k) {
                labelled += 1;
                real += usize::from(l.verdict);
            }
        }
        by_rule
            .entry(rule)
            .or_default()
            .push((lang, s.population, s.mqm, labelled, real));
    }
    let mut t = format!(
        "# Generated by bench/precision.sh (examples/precision.rs); do not edit by hand.\n\
         # Per rule and target language: distinct findings on the WMT22 references and MT output\n\
         # (findings) and on every MQM segment (mqm: the pool that tops up a small sample), findings\n\
         # of the sample with a reviewer's verdict (reports/precision-labels.tsv), real ones.\n\
         commit = \"{}\"\n\
         data = \"WMT22 references and MT output (en-de, de-fr, en-ru), MQM-annotated MT output (en-de, en-ru, zh-en)\"\n",
        commit().trim_end_matches("-dirty")
    );
    for (rule, langs) in by_rule {
        let _ = write!(t, "\n[rules.{rule}]\n");
        for (lang, findings, mqm, labelled, real) in langs {
            let _ = writeln!(
                t,
                "{lang} = {{ findings = {findings}, mqm = {mqm}, labelled = {labelled}, real = {real} }}"
            );
        }
    }
    t
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::TargetOnly => "target only",
        Mode::WithSource => "with source",
    }
}
