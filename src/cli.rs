//! The command line: parse arguments, build the engine, run, and decide the exit code (here and
//! nowhere else: 0 clean, 1 findings at or above `--fail-on`, 2 usage or input errors).

use crate::checks::rule_docs;
use crate::finding::Severity;
use crate::input::{self, InputError};
use crate::lang;
use crate::report::{CsvReporter, JsonlReporter, Record, Reporter, Summary, TextReporter};
use crate::rules_file::{RegexRule, RuleFile};
use crate::{Engine, check_segments};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

/// Exit status: no finding at or above the threshold.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status: findings at or above the threshold.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage error or unreadable input.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "mtlint",
    version,
    about = "Review machine-translated text: foreign-script tokens, language switches, MT phrasing damage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check files (or standard input) and report suspect passages.
    Check(CheckArgs),
    /// List every rule: id, category, default severity, summary.
    Rules {
        /// Only rules that apply to this target language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print a rule's documentation with examples.
    Explain {
        /// Rule id, as listed by `mtlint rules`.
        rule: String,
    },
}

/// Report formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style listing with underlines and a summary.
    Text,
    /// One row per finding, for spreadsheets.
    Csv,
    /// One JSON object per finding.
    Jsonl,
}

/// The `--fail-on` threshold.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files to check; none or "-" reads standard input.
    paths: Vec<String>,
    /// Target language (ISO 639-1: fr, en, de, ru, es, it, …); default: detected per file.
    #[arg(long)]
    lang: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Extra user rules (TOML); may be repeated.
    #[arg(long = "rules")]
    rules: Vec<PathBuf>,
    /// Worker threads (default: the number of CPUs); output is identical for any value.
    #[arg(short = 'j', long = "threads")]
    threads: Option<usize>,
}

/// Runs the CLI with `args` (including the program name); returns the exit status.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN };
        }
    };
    let result = match cli.command {
        Command::Check(a) => check(a),
        Command::Rules { lang } => rules(lang.as_deref()).map(|()| EXIT_CLEAN),
        Command::Explain { rule } => explain(&rule).map(|()| EXIT_CLEAN),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("mtlint: {msg}");
            EXIT_ERROR
        }
    }
}

fn check(a: CheckArgs) -> Result<i32, String> {
    let lang = a.lang.as_deref().map(lang::language).transpose()?;
    let mut user: Vec<RegexRule> = Vec::new();
    for path in &a.rules {
        let f = RuleFile::load(path).map_err(|e| e.to_string())?;
        for r in f.rules {
            if user.iter().any(|u| u.id == r.id) || known_rule(&r.id) {
                return Err(format!(
                    "{}: rule `{}`: id already used by another rule",
                    path.display(),
                    r.id
                ));
            }
            user.push(r);
        }
    }
    let engine = Engine::new(user);
    let threads = a
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let pool = if threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| format!("cannot start {threads} threads: {e}"))?,
        )
    } else {
        None
    };
    let mut paths = if a.paths.is_empty() {
        vec!["-".to_string()]
    } else {
        a.paths.clone()
    };
    paths.sort();
    paths.dedup();
    let mut reporter: Box<dyn Reporter> = match a.format {
        Format::Text => Box::new(TextReporter),
        Format::Csv => Box::<CsvReporter>::default(),
        Format::Jsonl => Box::new(JsonlReporter),
    };
    let mut sink = Output::open(a.output.as_deref())?;
    let mut summary = Summary::default();
    let mut errors: Vec<InputError> = Vec::new();
    let mut write_err: Option<io::Error> = None;
    for path in &paths {
        summary.files += 1;
        let result = input::open(path).and_then(|segs| {
            check_segments(path, segs, lang, &engine, pool.as_ref(), |seg, findings, l| {
                for f in findings {
                    let rec = Record::new(path, seg, f, &l.code);
                    summary.count(&rec);
                    if write_err.is_none()
                        && let Err(e) = reporter.finding(sink.writer(), &rec, seg)
                    {
                        write_err = Some(e);
                    }
                }
            })
        });
        match result {
            Ok(stats) => {
                summary.segments += stats.segments;
                summary.words += stats.words;
            }
            Err(e) => {
                eprintln!("mtlint: {e}");
                let _ = reporter.file_error(sink.writer(), &e);
                summary.file_errors += 1;
                errors.push(e);
            }
        }
        if let Some(e) = write_err.take() {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    reporter
        .finish(sink.writer(), &summary)
        .and_then(|()| sink.commit())
        .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(exit_code(&summary, a.fail_on, !errors.is_empty()))
}

/// The exit status for a finished run.
pub fn exit_code(summary: &Summary, fail_on: FailOn, input_errors: bool) -> i32 {
    if input_errors {
        return EXIT_ERROR;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return EXIT_CLEAN,
    };
    match summary.max_severity() {
        Some(s) if s >= threshold => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

/// Standard output, or a temporary file renamed over `-o PATH` only when the report is complete.
enum Output {
    Stdout(io::BufWriter<io::Stdout>),
    File(io::BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Output {
    fn open(path: Option<&std::path::Path>) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(io::BufWriter::new(io::stdout())));
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        let tmp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Output::File(io::BufWriter::new(tmp), path.to_path_buf()))
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File(w, _) => w,
        }
    }

    fn commit(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::File(w, path) => {
                let tmp = w.into_inner().map_err(|e| e.into_error())?;
                tmp.as_file().sync_all()?;
                tmp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

fn known_rule(id: &str) -> bool {
    rule_docs().iter().any(|d| d.id == id)
        || lang::known_codes()
            .iter()
            .filter_map(|c| lang::language(c).ok())
            .any(|l| l.rules.iter().any(|r| r.id == id))
}

/// One line per rule: (id, category, severity, languages, summary).
fn rule_table(only: Option<&str>) -> Vec<(String, String, String, String, String)> {
    let mut rows = Vec::new();
    for d in rule_docs() {
        rows.push((
            d.id.clone(),
            d.category.to_string(),
            d.severity.to_string(),
            "all".to_string(),
            d.summary.clone(),
        ));
    }
    for code in lang::known_codes() {
        if only.is_some_and(|o| o != code) {
            continue;
        }
        let l = lang::language(code).expect("known code");
        for r in &l.rules {
            rows.push((
                r.id.clone(),
                r.category.to_string(),
                r.severity.to_string(),
                code.to_string(),
                r.summary.clone(),
            ));
        }
    }
    rows
}

fn rules(only: Option<&str>) -> Result<(), String> {
    if let Some(code) = only {
        lang::language(code)?;
    }
    let rows = rule_table(only);
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4);
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{:<w$}  {:<15}  {:<7}  {:<4}  summary", "rule", "category", "severity", "lang");
    for (id, cat, sev, l, summary) in rows {
        let _ = writeln!(out, "{id:<w$}  {cat:<15}  {sev:<7}  {l:<4}  {summary}");
    }
    Ok(())
}

fn explain(id: &str) -> Result<(), String> {
    let mut out = io::stdout().lock();
    if let Some(d) = rule_docs().iter().find(|d| d.id == id) {
        let _ = writeln!(
            out,
            "{}  ({}, default severity {})\n\n{}\n\n{}\n",
            d.id,
            d.category,
            d.severity,
            d.summary,
            d.description.trim()
        );
        let _ = writeln!(out, "Fires (target language {}):", d.lang);
        for e in &d.fires {
            let _ = writeln!(out, "    {e}");
        }
        let _ = writeln!(out, "\nDoes not fire:");
        for e in &d.quiet {
            let _ = writeln!(out, "    {e}");
        }
        return Ok(());
    }
    for code in lang::known_codes() {
        let l = lang::language(code).expect("known code");
        if let Some(r) = l.rules.iter().find(|r| r.id == id) {
            let _ = writeln!(
                out,
                "{}  ({}, default severity {}, {} rule pack)\n\n{}\n",
                r.id, r.category, r.severity, l.name, r.summary
            );
            if !r.description.is_empty() {
                let _ = writeln!(out, "{}\n", r.description.trim());
            }
            let _ = writeln!(out, "Pattern: {}", r.regex.as_str());
            if let Some(s) = &r.suggestion {
                let _ = writeln!(out, "Suggestion: {s}");
            }
            let _ = writeln!(out, "\nFires (target language {code}):");
            for e in &r.fires {
                let _ = writeln!(out, "    {e}");
            }
            let _ = writeln!(out, "\nDoes not fire:");
            for e in &r.quiet {
                let _ = writeln!(out, "    {e}");
            }
            return Ok(());
        }
    }
    Err(format!("unknown rule `{id}`; `mtlint rules` lists them"))
}
