//! The command line: parse arguments, build the engine, run, and decide the exit code (here and
//! nowhere else: 0 clean, 1 findings at or above `--fail-on`, 2 usage or input errors).

use crate::baseline::{BaselineFile, Matcher};
use crate::finding::Severity;
use crate::formats::InputFormat;
use crate::input;
use crate::report::{BaselineCounts, CsvReporter, JsonlReporter, Reporter, Summary, TextReporter};
use crate::run::{Observer, Plan, PlanOptions, execute, regular_file_size};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// Exit status: no finding at or above the threshold.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status: findings at or above the threshold.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage error or unreadable input.
pub const EXIT_ERROR: i32 = 2;
/// Exit status when the reader of standard output went away (`mtlint check | head`): what a
/// process killed by SIGPIPE reports in a shell (128 + 13), and nothing on standard error.
pub const EXIT_BROKEN_PIPE: i32 = 141;

/// Set when writing the report to standard output failed because its reader closed the pipe.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Standard output that notes a closed pipe (see [`EXIT_BROKEN_PIPE`]); the error still ends
/// the run, but [`run`] then exits quietly.
struct Stdout(io::Stdout);

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Self::noted(self.0.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        Self::noted(self.0.flush())
    }
}

impl Stdout {
    fn noted<T>(r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        r
    }
}

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
    /// Record the current findings in a baseline file, so that CI fails only on new ones.
    Baseline(BaselineArgs),
    /// Write a commented starter mtlint.toml in the current directory.
    Init {
        /// Overwrite an existing mtlint.toml.
        #[arg(long)]
        force: bool,
    },
    /// List every rule: id, category, default severity, summary.
    Rules {
        /// Only rules that apply to this target language.
        #[arg(long)]
        lang: Option<String>,
        /// `text` (a table) or `json` (an array of objects: id, category, severity, lang,
        /// summary, mqm_category, mqm_severity, fix: "safe" or "").
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
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
    /// One self-contained HTML page for reviewers (filters, review marks, reviewed CSV).
    Html,
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and others).
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding and a summary notice.
    Github,
    /// One JSON document: summary with MQM-style scores, and every finding.
    Json,
    /// TSV in the layout of the WMT MQM annotations, one row per finding.
    Mqm,
    /// An Excel workbook: the CSV columns with a status drop-down, frozen header, filters, and a
    /// summary sheet (needs -o FILE or a redirected standard output).
    Xlsx,
}

/// `--color`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set (non-empty) or TERM is dumb; CLICOLOR_FORCE=1 forces it.
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

/// Whether the text report is coloured: `--color` first, then the conventions of
/// <https://no-color.org> and `CLICOLOR_FORCE`, then whether standard output (not `-o`) is a
/// terminal.
fn use_color(
    choice: ColorChoice,
    to_file: bool,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    stdout_is_terminal: bool,
) -> bool {
    let nonempty = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if nonempty("NO_COLOR") => false,
        ColorChoice::Auto
            if nonempty("CLICOLOR_FORCE") && env("CLICOLOR_FORCE").unwrap() != "0" =>
        {
            true
        }
        ColorChoice::Auto => {
            !to_file && stdout_is_terminal && env("TERM").is_none_or(|t| t != "dumb")
        }
    }
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
    /// Fail on any finding not hidden by the baseline (needs --baseline).
    New,
}

/// Options shared by `check` and `baseline`: what to check and how.
#[derive(clap::Args, Debug)]
struct InputArgs {
    /// Files, folders (walked, respecting .gitignore, .ignore and the config's ignore; only the
    /// file types mtlint reads) or quoted patterns ('locales/**/*.po'); none or "-" reads
    /// standard input.
    paths: Vec<std::ffi::OsString>,
    /// Target language (ISO 639-1: fr, en, de, ru, es, it, …); default: from mtlint.toml, else
    /// detected per file.
    #[arg(long)]
    lang: Option<String>,
    /// Extra user rules (TOML); may be repeated.
    #[arg(long = "rules")]
    rules: Vec<PathBuf>,
    /// Worker threads for files (default: the number of CPUs); output is identical for any
    /// value. Standard input and pipes are checked segment by segment as they arrive.
    #[arg(short = 'j', long = "threads")]
    threads: Option<usize>,
    /// Configuration file (default: mtlint.toml in the current directory or a parent).
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any mtlint.toml.
    #[arg(long)]
    no_config: bool,
    /// Input format (default: by file extension: .xlf/.xliff, .tmx, .po/.pot, .tsv, .csv,
    /// .jsonl; i18n resources .json, .arb, .properties, .strings, .xcstrings and Android .xml (root
    /// <resources>); subtitles .srt, .vtt; documents .md, .html; anything else is plain text, one
    /// segment per line). TSV has no quoting; `csv`
    /// on a file whose header has tabs and no comma reads tab-separated, CSV-quoted cells.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Source language of bilingual input, when the file does not say (TMX: which language is
    /// the source).
    #[arg(long)]
    source_lang: Option<String>,
    /// A file of the same strings in the source language (`locales/en.json` for
    /// `locales/fr.json`, a source page, a source subtitle file): each target segment is paired
    /// with the source segment of the same id (key, block, cue; line number for plain text) and
    /// gets the source-aware checks. It is not checked itself when also named as an input.
    /// Overrides the `[[pairs]]` of mtlint.toml (which pair each target with its own source).
    #[arg(long = "source", value_name = "PATH")]
    source_file: Option<String>,
    /// TSV/CSV column (JSON Lines key) holding the source text.
    #[arg(long, default_value = "source")]
    source_col: String,
    /// TSV/CSV column (JSON Lines key) holding the target text.
    #[arg(long, default_value = "target")]
    target_col: String,
    /// Glossary: CSV/TSV (source term, target term, note; `!term` forbids a target term) or TBX
    /// (deprecated and superseded terms are forbidden).
    #[arg(long)]
    glossary: Option<PathBuf>,
    /// Hunspell dictionary for rule non-word: a .dic file with its .aff beside it, as `PATH`
    /// (language from the file name: de_DE.dic is German) or `LANG=PATH`; may be repeated. Looked
    /// up before $DICPATH, /usr/share/hunspell and /usr/share/myspell/dicts.
    #[arg(long = "dictionary", value_name = "[LANG=]PATH")]
    dictionaries: Vec<String>,
    /// Grammar back end for the files in its language (category grammar, rule ids
    /// `grammalecte/…`): `grammalecte` (French; Debian package grammalecte-cli), started once per
    /// run. Default: `grammar` in mtlint.toml; none.
    #[arg(long, value_name = "NAME")]
    grammar: Option<String>,
    /// A running grammar server to use rather than starting one (`http://localhost:8080` for
    /// `grammalecte-server`); implies `--grammar grammalecte`.
    #[arg(long, value_name = "URL")]
    grammar_url: Option<String>,
    /// Plain text: replace invalid UTF-8 (or UTF-16) by U+FFFD, report it as a finding and go on (default:
    /// stop the file with an error naming the byte offset).
    #[arg(long)]
    lossy: bool,
    /// XLIFF and TMX files larger than this are refused (exit 2): an XML file is held in memory
    /// whole while it is read, so this is about the memory one can take. Bytes, or a number with
    /// K, M, G or T (default 1G).
    #[arg(long, value_name = "SIZE", value_parser = crate::formats::parse_size)]
    max_xml_size: Option<u64>,
    /// Print nothing on standard error but errors and the reason for a failing exit status: no
    /// progress bar (otherwise drawn when standard error is a terminal and the report goes
    /// elsewhere), no summary lines (CSV, JSON Lines), no notes on skipped files. The report
    /// itself is unchanged.
    #[arg(short, long)]
    quiet: bool,
    /// Keep only the findings of these rules: ids, categories, id prefixes ending in * (fr-*)
    /// or lang:CODE (a language's pack); comma-separated or repeated.
    #[arg(long, value_name = "RULES")]
    select: Vec<String>,
    /// Drop the findings of these rules (same selectors as --select).
    #[arg(long, value_name = "RULES")]
    ignore: Vec<String>,
    /// Also check the segments the file marks locked or approved (XLIFF approved="yes",
    /// state="final" or "signed-off"; SDLXLIFF locked="true" or ApprovedSignOff), which are
    /// skipped and counted in the summary by default.
    #[arg(long)]
    include_locked: bool,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1 (default: error, or mtlint.toml's fail_on).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Hide the findings recorded in this baseline file (see `mtlint baseline`).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Exit 1 when the MQM-style penalty per 1,000 words exceeds this (a number ≥ 0).
    #[arg(long, value_parser = parse_max_score)]
    max_score: Option<f64>,
    /// Colour the text report: auto (on a terminal, unless NO_COLOR is set or TERM=dumb;
    /// CLICOLOR_FORCE=1 forces it), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// With --format csv: start the file with a UTF-8 byte-order mark, so that Excel reads it as
    /// UTF-8 (without one it uses the machine's legacy code page).
    #[arg(long)]
    csv_bom: bool,
    /// Apply the fixes of rules marked safe (their suggestion cannot change the meaning: see
    /// `mtlint rules`) in place, touching only the fixed bytes; the report lists what is left.
    /// Not with standard input.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the safe fixes as a unified diff on standard output and change nothing; the report
    /// goes to -o FILE only.
    #[arg(long)]
    diff: bool,
}

#[derive(clap::Args, Debug)]
struct BaselineArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The baseline file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Take the entries from a reviewed CSV (the HTML report's download): rows marked
    /// false-positive. Merged into the output file if it exists.
    #[arg(long)]
    from_review: Option<PathBuf>,
}

/// `--max-score`: a number ≥ 0, as `max_score` in mtlint.toml (NaN would disable the gate).
fn parse_max_score(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v >= 0.0 => Ok(v),
        _ => Err("must be a number ≥ 0".into()),
    }
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
            return if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    let result = match cli.command {
        Command::Check(a) => check(a),
        Command::Baseline(a) => baseline(a),
        Command::Init { force } => init(force).map(|()| EXIT_CLEAN),
        Command::Rules { lang, format } => {
            rules(lang.as_deref(), format == "json").map(|()| EXIT_CLEAN)
        }
        Command::Explain { rule } => explain(&rule).map(|()| EXIT_CLEAN),
    };
    match result {
        _ if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) => EXIT_BROKEN_PIPE,
        Ok(code) => code,
        Err(msg) => {
            eprintln!("mtlint: {msg}");
            EXIT_ERROR
        }
    }
}

/// Builds the run's plan from the arguments and prints its notes (unless quiet).
fn plan(a: &InputArgs) -> Result<Plan, String> {
    let plan = Plan::build(&a.options())?;
    for note in &plan.notes {
        eprintln!("mtlint: {note}");
    }
    Ok(plan)
}

impl InputArgs {
    /// The options of the run, for the library's runner.
    fn options(&self) -> PlanOptions {
        PlanOptions {
            paths: self.paths.clone(),
            lang: self.lang.clone(),
            rules: self.rules.clone(),
            threads: self.threads,
            config: self.config.clone(),
            no_config: self.no_config,
            input_format: self.input_format,
            source_lang: self.source_lang.clone(),
            source_col: self.source_col.clone(),
            source_file: self.source_file.clone(),
            target_col: self.target_col.clone(),
            glossary: self.glossary.clone(),
            lossy: self.lossy,
            quiet: self.quiet,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            dictionaries: self.dictionaries.clone(),
            include_locked: self.include_locked,
            max_xml_size: self.max_xml_size,
            grammar: self.grammar.clone(),
            grammar_url: self.grammar_url.clone(),
        }
    }

    /// The files named on the command line that are read: inputs, rule files, glossary.
    fn files(&self) -> impl Iterator<Item = &std::path::Path> {
        self.paths
            .iter()
            .map(std::path::Path::new)
            .chain(self.rules.iter().map(PathBuf::as_path))
            .chain(self.glossary.as_deref())
    }
}

/// The progress bar of a run, on standard error: bytes read of the inputs (against their total
/// size when every input is a regular file), throughput, segments checked per second and the
/// file at hand. Off, it does nothing; it is cleared when the run ends (dropped).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    /// Bytes of the inputs finished.
    done: u64,
    /// Size of the input at hand, when it is a regular file.
    len: Option<u64>,
    /// Bytes of the input at hand checked so far.
    at: u64,
    segments: u64,
    /// When the bar was last redrawn.
    drawn: Option<std::time::Instant>,
}

impl Observer for Progress {
    fn start_file(&mut self, path: &str) {
        Progress::start_file(self, path);
    }
    fn advance(&mut self, seg: &input::Segment, window: &std::ops::Range<usize>) {
        Progress::advance(self, seg, window);
    }
    fn end_file(&mut self) {
        Progress::end_file(self);
    }
    fn note(&self, line: &str) {
        Progress::note(self, line);
    }
}

impl Progress {
    fn new(paths: &[String], on: bool) -> Progress {
        let mut p = Progress {
            bar: None,
            done: 0,
            len: None,
            at: 0,
            segments: 0,
            drawn: None,
        };
        if !on {
            return p;
        }
        let sizes: Option<u64> = paths.iter().map(|path| regular_file_size(path)).sum();
        // At most 72 columns before the file name, which `wide_msg` cuts to what is left of the
        // terminal's width: the bar stays on one line of an 80-column terminal.
        let template = match sizes {
            Some(_) => {
                "{spinner} [{bar:16}] {percent:>3}% {bytes_per_sec} eta {eta} · {prefix} · {wide_msg}"
            }
            None => "{spinner} {bytes} {bytes_per_sec} · {prefix} · {wide_msg}",
        };
        let style = indicatif::ProgressStyle::with_template(template)
            .expect("valid template")
            .progress_chars("=> ");
        let bar = indicatif::ProgressBar::with_draw_target(
            sizes,
            indicatif::ProgressDrawTarget::stderr(),
        )
        .with_style(style);
        p.bar = Some(bar);
        p
    }

    fn start_file(&mut self, path: &str) {
        self.len = regular_file_size(path);
        self.at = 0;
        if let Some(bar) = &self.bar {
            bar.set_message(path.to_string());
        }
        self.drawn = None;
    }

    /// Window `window` of `seg` was checked.
    fn advance(&mut self, seg: &input::Segment, window: &std::ops::Range<usize>) {
        let Some(bar) = &self.bar else {
            return;
        };
        if window.start == 0 {
            self.segments += 1;
        }
        // The segment's position in the file is exact for plain text, close for the others.
        let at = seg.offset + window.end as u64;
        self.at = self.at.max(self.len.map_or(at, |l| at.min(l)));
        let now = std::time::Instant::now();
        if self
            .drawn
            .is_some_and(|t| now.duration_since(t).as_millis() < 100)
        {
            return;
        }
        self.drawn = Some(now);
        let rate = self.segments as f64 / bar.elapsed().as_secs_f64().max(1e-3);
        bar.set_prefix(format!("{} segments {rate:.0}/s", self.segments));
        bar.set_position(self.done + self.at);
    }

    fn end_file(&mut self) {
        self.done += self.len.unwrap_or(self.at);
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        }
    }

    /// Prints `line` on standard error, under the bar if there is one.
    fn note(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn check(a: CheckArgs) -> Result<i32, String> {
    if let Some(out) = &a.output {
        refuse_output_among_inputs(out, a.input.files().chain(a.baseline.as_deref()))?;
    }
    let plan = plan(&a.input)?;
    if let Some(out) = &a.output {
        let from_config = plan.config.baseline.iter().chain(&plan.config.rule_files);
        refuse_output_among_inputs(out, from_config.map(PathBuf::as_path))?;
    }
    let fail_on = match (a.fail_on, plan.config.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, Some(f)) => FailOn::from_str(f, false).map_err(|e| format!("mtlint.toml: {e}"))?,
        (None, None) => FailOn::Error,
    };
    let baseline_path = a.baseline.clone().or_else(|| plan.config.baseline.clone());
    if fail_on == FailOn::New && baseline_path.is_none() {
        return Err(
            "--fail-on new needs a baseline (--baseline FILE or `baseline` in mtlint.toml)".into(),
        );
    }
    let mut matcher = match baseline_path.as_deref() {
        Some(p) => Some(Matcher::new(&BaselineFile::load(p)?, p)),
        None => None,
    };
    let max_score = a.max_score.or(plan.config.max_score);
    if a.csv_bom && a.format != Format::Csv {
        return Err("--csv-bom applies to --format csv only".into());
    }
    if a.format == Format::Xlsx
        && a.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err("--format xlsx writes a binary workbook: give -o FILE.xlsx".into());
    }
    let mut reporter = match a.format {
        Format::Text => Reporter::Stream(Box::new(TextReporter::new(use_color(
            a.color,
            a.output.is_some(),
            |k| std::env::var_os(k),
            std::io::IsTerminal::is_terminal(&std::io::stdout()),
        )))),
        Format::Csv => Reporter::Stream(Box::new(CsvReporter::with_bom(a.csv_bom))),
        // Flushed per segment when some input is a stream (standard input, a pipe): a map step
        // gets each record's findings as it is checked. From regular files, buffered.
        Format::Jsonl => Reporter::Stream(Box::new(JsonlReporter::streaming(
            plan.paths.iter().any(|p| regular_file_size(p).is_none()),
        ))),
        Format::Html => Reporter::Document(Box::<crate::report::HtmlReporter>::default()),
        // Its fixes are the edits `--fix` makes (none once --fix has changed the files).
        Format::Sarif if a.fix => {
            Reporter::Document(Box::new(crate::report::SarifReporter::without_fixes()))
        }
        Format::Sarif => Reporter::Document(Box::new(crate::report::SarifReporter::with_fixer(
            crate::fix::Fixer::new(plan.input_format, plan.engine.safe_user_rules()),
        ))),
        Format::Github => Reporter::Stream(Box::new(crate::report::GithubReporter)),
        Format::Json => Reporter::Document(Box::<crate::report::JsonReporter>::default()),
        Format::Mqm => Reporter::Document(Box::<crate::report::MqmTsvReporter>::default()),
        Format::Xlsx => Reporter::Document(Box::<crate::report::XlsxReporter>::default()),
    };
    let fixing = a.fix || a.diff;
    if fixing && plan.paths.iter().any(|p| p == "-") {
        let opt = if a.fix { "--fix" } else { "--diff" };
        return Err(format!(
            "{opt} edits files in place: it cannot read standard input; name the files"
        ));
    }
    let mut fixer =
        fixing.then(|| crate::fix::Fixer::new(plan.input_format, plan.engine.safe_user_rules()));
    let mut sink = if a.diff && a.output.is_none() {
        Output::Null(io::sink())
    } else {
        Output::open(a.output.as_deref())?
    };
    let mut counts = Summary::default();
    // A bar on the terminal where the report is being printed would garble it: the report is
    // then its own progress.
    let to_terminal = a.output.is_none() && io::stdout().is_terminal();
    let progress = !plan.quiet && io::stderr().is_terminal() && !to_terminal;
    let report = sink.name();
    // A streaming format's findings are encoded by the threads that check them, unless a
    // baseline must see each record first.
    let encoder = reporter
        .encoder()
        .filter(|_| matcher.is_none() && fixer.is_none());
    let mut bar = Progress::new(&plan.paths, progress);
    let (mut summary, errors) = execute(&plan, &mut bar, &report, encoder, |path, found, seg| {
        for rec in &found.records {
            if matcher.as_mut().is_some_and(|m| m.hide(rec)) {
                continue;
            }
            if let Some(f) = fixer.as_mut()
                && f.take(&rec.fix_request(), seg).is_ok()
                && a.fix
            {
                continue;
            }
            counts.count(rec);
            reporter.finding(sink.writer(), rec, seg)?;
        }
        if !found.tallies.is_empty() {
            for t in &found.tallies {
                counts.count_tally(path, *t);
            }
            reporter.encoded(sink.writer(), &found.bytes)?;
        }
        Ok(())
    })?;
    // The bar leaves the terminal before anything else is printed there.
    drop(bar);
    summary.absorb_findings(counts);
    dictionary_notes(&plan);
    if let Some(m) = &matcher {
        let files: Vec<String> = summary.per_file.keys().cloned().collect();
        summary.baseline = Some(BaselineCounts {
            hidden: m.hidden,
            stale: m.stale(&files),
        });
    }
    if let Some(f) = fixer {
        apply_fixes(f, a.fix, &summary, plan.quiet)?;
    }
    for e in &errors {
        reporter
            .file_error(sink.writer(), e)
            .map_err(|e| format!("cannot write {report}: {e}"))?;
    }
    reporter
        .finish(sink.writer(), &summary)
        .and_then(|()| sink.commit())
        .map_err(|e| format!("cannot write {report}: {e}"))?;
    // CSV and JSON Lines hold one record per finding and nothing else: their summary (counts and
    // MQM-style score, per file and overall) goes to standard error.
    if matches!(a.format, Format::Csv | Format::Jsonl) && !plan.quiet {
        let mut buf = Vec::new();
        if crate::report::StreamReporter::finish(&mut TextReporter::default(), &mut buf, &summary)
            .is_ok()
        {
            for line in String::from_utf8_lossy(&buf).lines() {
                eprintln!("mtlint: {}", line.trim_start());
            }
        }
    }
    let mut code = exit_code(&summary, fail_on, !errors.is_empty());
    if code == EXIT_CLEAN
        && let Some(max) = max_score
        && summary.score() > max
    {
        eprintln!(
            "mtlint: MQM-style penalty {:.2} per 1,000 words exceeds --max-score {max}",
            summary.score()
        );
        code = EXIT_FINDINGS;
    }
    Ok(code)
}

/// `--fix`: writes each fixed file (atomically, keeping its permissions); `--diff`: prints the
/// unified diff of each on standard output. Then says on standard error how many findings were
/// fixed in how many files and how many are left.
fn apply_fixes(
    fixer: crate::fix::Fixer,
    write: bool,
    summary: &Summary,
    quiet: bool,
) -> Result<(), String> {
    let fixed = fixer.fixed;
    let files = fixer.finish();
    let mut out = Stdout(io::stdout());
    for f in &files {
        if write {
            let Some(bytes) = f.fixed() else { continue };
            let mut o = Output::open(Some(std::path::Path::new(&f.path)))?;
            o.writer()
                .write_all(&bytes)
                .and_then(|()| o.commit())
                .map_err(|e| format!("cannot write the fixes to {}: {e}", f.path))?;
        } else {
            out.write_all(f.diff().as_bytes())
                .map_err(|e| format!("cannot write the diff to standard output: {e}"))?;
        }
    }
    let _ = out.flush();
    if !quiet {
        let total: u64 = summary.by_severity.values().sum();
        let left = if write {
            total
        } else {
            total - fixed.min(total)
        };
        let findings = if fixed == 1 { "finding" } else { "findings" };
        let n = files.len();
        let in_files = if n == 1 { "file" } else { "files" };
        let verb = if write { "fixed" } else { "would fix" };
        eprintln!("mtlint: {verb} {fixed} {findings} in {n} {in_files}; {left} left");
    }
    Ok(())
}

/// Says once per language that rule non-word was skipped for want of a dictionary.
fn dictionary_notes(plan: &Plan) {
    if plan.quiet {
        return;
    }
    for note in plan.engine.dictionary_notes() {
        eprintln!("mtlint: {note}");
    }
}

fn baseline(a: BaselineArgs) -> Result<i32, String> {
    // The output itself is read (merged) with --from-review: that is not a conflict.
    refuse_output_among_inputs(&a.output, a.input.files().chain(a.from_review.as_deref()))?;
    let mut b = if let Some(review) = &a.from_review {
        let mut b = BaselineFile::from_review(review, &crate::paths::folder_of(&a.output))?;
        if a.output.exists() {
            let mut old = BaselineFile::load(&a.output)?;
            old.merge(b);
            b = old;
        }
        b
    } else {
        let plan = plan(&a.input)?;
        let mut keys = Vec::new();
        let progress = !plan.quiet && io::stderr().is_terminal();
        let report = a.output.display().to_string();
        let mut bar = Progress::new(&plan.paths, progress);
        let (_, errors) = execute(&plan, &mut bar, &report, None, |_, found, _| {
            let root = crate::paths::folder_of(&a.output);
            keys.extend(
                found
                    .records
                    .iter()
                    .map(|r| crate::baseline::key_of(r, &root)),
            );
            Ok(())
        })?;
        dictionary_notes(&plan);
        if !errors.is_empty() {
            return Ok(EXIT_ERROR);
        }
        BaselineFile::from_keys(keys)
    };
    b.findings.sort();
    let quiet = a.input.quiet;
    let mut out = Output::open(Some(&a.output))?;
    out.writer()
        .write_all(b.to_json().as_bytes())
        .and_then(|()| out.commit())
        .map_err(|e| format!("cannot write {}: {e}", a.output.display()))?;
    let n: u32 = b.findings.iter().map(|e| e.count).sum();
    if !quiet {
        eprintln!("mtlint: {} findings recorded in {}", n, a.output.display());
    }
    Ok(EXIT_CLEAN)
}

fn init(force: bool) -> Result<(), String> {
    let path = std::path::Path::new(crate::config::FILE_NAME);
    if path.exists() && !force {
        return Err(format!(
            "{} exists; use --force to overwrite it",
            path.display()
        ));
    }
    std::fs::write(path, crate::config::STARTER)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("mtlint: wrote {}", path.display());
    Ok(())
}

/// The exit status for a finished run.
pub fn exit_code(summary: &Summary, fail_on: FailOn, input_errors: bool) -> i32 {
    if input_errors {
        return EXIT_ERROR;
    }
    let threshold = match fail_on {
        FailOn::New => Severity::Info,
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

/// Standard output, or a temporary file renamed over `-o PATH` only when the report is complete;
/// a device or pipe (`-o /dev/null`, `-o /dev/stderr`) is written directly.
enum Output {
    /// `--diff` without `-o`: the report is not written.
    Null(io::Sink),
    Stdout(io::BufWriter<Stdout>),
    File(io::BufWriter<Staged>, PathBuf),
    Special(io::BufWriter<std::fs::File>, PathBuf),
}

/// The temporary file a report is written to before it is renamed over its path. Dropped without
/// [`Output::commit`] (a write failed: full disk, quota), it is deleted: no half-written report
/// is left and a previous report at the path is untouched.
struct Staged {
    tmp: tempfile::NamedTempFile,
    /// Removes the temporary file if the run is interrupted (SIGINT, SIGTERM).
    _guard: interrupt::Guard,
    /// Tests: bytes that may still be written before the disk is "full".
    #[cfg(test)]
    room: Option<usize>,
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        #[cfg(test)]
        if let Some(room) = &mut self.room {
            if *room == 0 {
                return Err(io::Error::from_raw_os_error(28)); // ENOSPC
            }
            let n = self.tmp.write(&buf[..buf.len().min(*room)])?;
            *room -= n;
            return Ok(n);
        }
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

impl Output {
    fn open(path: Option<&std::path::Path>) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(io::BufWriter::new(Stdout(io::stdout()))));
        };
        // A symbolic link is written through: the file it leads to gets the report and the
        // link stays a link. Messages name the path given and, when it differs, the real one.
        let target = real_target(path);
        let cannot = |e: &dyn std::fmt::Display| {
            if target == path {
                format!("cannot write {}: {e}", path.display())
            } else {
                format!(
                    "cannot write {} (a link to {}): {e}",
                    path.display(),
                    target.display()
                )
            }
        };
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => return Err(cannot(&"is a directory")),
            Ok(m) if !m.is_file() => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| cannot(&e))?;
                return Ok(Output::Special(io::BufWriter::new(f), path.to_path_buf()));
            }
            _ => {}
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        // A new report gets the permissions a new file gets (0666 less the umask); one that
        // replaces a file keeps that file's (set in `commit`).
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        // The error of the temporary file names it: only its kind is told, with the real path.
        let tmp = builder.tempfile_in(dir).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => cannot(&format!("no folder {}", dir.display())),
            io::ErrorKind::PermissionDenied => {
                cannot(&format!("no permission to write in {}", dir.display()))
            }
            kind => cannot(&io::Error::from(kind)),
        })?;
        let guard = interrupt::remove_on_signal(tmp.path());
        let staged = Staged {
            tmp,
            _guard: guard,
            #[cfg(test)]
            room: None,
        };
        Ok(Output::File(io::BufWriter::new(staged), target))
    }

    /// Where the report goes, for messages.
    fn name(&self) -> String {
        match self {
            Output::Stdout(_) | Output::Null(_) => "the report to standard output".to_string(),
            Output::File(_, p) | Output::Special(_, p) => p.display().to_string(),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Null(w) => w,
            Output::Stdout(w) => w,
            Output::File(w, _) => w,
            Output::Special(w, _) => w,
        }
    }

    fn commit(self) -> io::Result<()> {
        match self {
            Output::Null(_) => Ok(()),
            Output::Stdout(mut w) => w.flush(),
            Output::Special(mut w, _) => w.flush(),
            Output::File(w, path) => {
                let staged = w.into_inner().map_err(|e| e.into_error())?;
                let tmp = staged.tmp;
                tmp.as_file().sync_all()?;
                // A report that replaces a file keeps its permissions; a new one keeps those
                // the temporary file was created with (0666 less the umask).
                if let Ok(m) = std::fs::metadata(&path) {
                    tmp.as_file().set_permissions(m.permissions())?;
                }
                tmp.persist(&path)
                    .map_err(|e| io::Error::from(e.error.kind()))?;
                drop(staged._guard);
                Ok(())
            }
        }
    }
}

/// The file `path` leads to: `path` itself, or, through every symbolic link, the path it names
/// (which may not exist yet). A loop of links is left to the open to report.
fn real_target(path: &std::path::Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&p) {
                Ok(link) => {
                    p = match p.parent() {
                        Some(dir) if link.is_relative() => dir.join(link),
                        _ => link,
                    }
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// Refuses `-o output` when it is the same file as one of `inputs` (same canonical path, or same
/// device and inode: a hard link): writing the report would destroy the file being checked.
/// Called before any input is read.
fn refuse_output_among_inputs<'a>(
    output: &std::path::Path,
    inputs: impl IntoIterator<Item = &'a std::path::Path>,
) -> Result<(), String> {
    let target = real_target(output);
    let Ok(out_meta) = std::fs::metadata(&target) else {
        return Ok(()); // a new file cannot be an input
    };
    if !out_meta.is_file() {
        return Ok(()); // a device or a pipe is written, not replaced
    }
    let out_canon = std::fs::canonicalize(&target).ok();
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let same_path = out_canon.is_some() && std::fs::canonicalize(input).ok() == out_canon;
        let same_file = std::fs::metadata(input).is_ok_and(|m| same_identity(&m, &out_meta));
        if same_path || same_file {
            return Err(format!(
                "-o {}: the output is also an input ({}); nothing was read or written",
                output.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_identity(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_identity(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Removal of a report's temporary file when the run is killed by SIGINT or SIGTERM: the
/// handler unlinks the file (async-signal-safe) and re-raises the signal with its default action,
/// so the exit status still tells the signal.
//
// The one exception to the crate's `deny(unsafe_code)`: installing a signal handler and the
// async-signal-safe calls inside it have no safe interface in the standard library (or in the
// dependencies), and nothing else in mtlint needs `unsafe`.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod interrupt {
    use std::ffi::CString;
    use std::sync::Once;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// The temporary file to remove, as a C string, or null.
    static PENDING: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static INSTALL: Once = Once::new();

    /// While alive, the file is removed if the process is interrupted.
    pub struct Guard(());

    extern "C" fn on_signal(sig: libc::c_int) {
        let p = PENDING.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: unlink, signal and raise are async-signal-safe; `p` is a C string leaked by
        // `remove_on_signal` and taken out of PENDING, so it is not freed meanwhile.
        unsafe {
            if !p.is_null() {
                libc::unlink(p);
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    pub fn remove_on_signal(path: &std::path::Path) -> Guard {
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = CString::new(path.as_os_str().as_bytes()) {
            let old = PENDING.swap(c.into_raw(), Ordering::SeqCst);
            free(old);
            INSTALL.call_once(|| {
                let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                // SAFETY: installs a handler that only calls async-signal-safe functions.
                unsafe {
                    libc::signal(libc::SIGINT, handler);
                    libc::signal(libc::SIGTERM, handler);
                }
            });
        }
        Guard(())
    }

    fn free(p: *mut libc::c_char) {
        if !p.is_null() {
            // SAFETY: every non-null pointer in PENDING comes from CString::into_raw.
            drop(unsafe { CString::from_raw(p) });
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            free(PENDING.swap(std::ptr::null_mut(), Ordering::SeqCst));
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod interrupt {
    pub struct Guard(());
    pub fn remove_on_signal(_: &std::path::Path) -> Guard {
        Guard(())
    }
}

fn rules(only: Option<&str>, json: bool) -> Result<(), String> {
    let rows = crate::api::rules(only)?;
    let mut out = io::stdout().lock();
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "category": r.category,
                    "severity": r.severity,
                    "lang": r.lang,
                    "summary": r.summary,
                    "mqm_category": r.mqm_category,
                    "mqm_severity": r.mqm_severity,
                    "fix": r.fix,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "{text}");
        return Ok(());
    }
    let w = rows.iter().map(|r| r.id.len()).max().unwrap_or(4);
    let _ = writeln!(
        out,
        "{:<w$}  {:<15}  {:<7}  {:<4}  {:<4}  summary",
        "rule", "category", "severity", "lang", "fix"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<w$}  {:<15}  {:<7}  {:<4}  {:<4}  {}",
            r.id, r.category, r.severity, r.lang, r.fix, r.summary
        );
    }
    Ok(())
}

fn explain(id: &str) -> Result<(), String> {
    let text = crate::api::explain(id)?;
    let _ = io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_no_color_then_the_terminal() {
        use ColorChoice::*;
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let none: &[(&str, &str)] = &[];
        // (choice, -o given, environment, stdout a terminal) → coloured
        assert!(use_color(Auto, false, env(none), true));
        assert!(!use_color(Auto, false, env(none), false), "a pipe");
        assert!(!use_color(Auto, true, env(none), true), "-o FILE");
        assert!(!use_color(Auto, false, env(&[("NO_COLOR", "1")]), true));
        assert!(
            !use_color(Auto, false, env(&[("NO_COLOR", "0")]), true),
            "any value"
        );
        assert!(
            use_color(Auto, false, env(&[("NO_COLOR", "")]), true),
            "empty: unset"
        );
        assert!(!use_color(Auto, false, env(&[("TERM", "dumb")]), true));
        assert!(use_color(
            Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1")]),
            false
        ));
        assert!(!use_color(
            Auto,
            false,
            env(&[("CLICOLOR_FORCE", "0")]),
            false
        ));
        assert!(!use_color(
            Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
            true
        ));
        assert!(use_color(Always, true, env(&[("NO_COLOR", "1")]), false));
        assert!(!use_color(
            Never,
            false,
            env(&[("CLICOLOR_FORCE", "1")]),
            true
        ));
    }

    /// The names in `dir`, sorted.
    fn listing(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_full_disk_leaves_no_half_written_report_and_the_old_one_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        std::fs::write(&target, "the previous report\n").unwrap();
        let mut out = Output::open(Some(&target)).unwrap();
        let Output::File(w, _) = &mut out else {
            panic!("a regular path is staged in a temporary file");
        };
        w.get_mut().room = Some(10_000);
        let row = "x".repeat(100) + "\n";
        let failed = (0..1000)
            .map(|_| out.writer().write_all(row.as_bytes()))
            .find(Result::is_err);
        let err = failed.expect("the disk fills up").unwrap_err();
        assert_eq!(err.raw_os_error(), Some(28));
        assert_eq!(out.name(), target.display().to_string());
        assert_eq!(
            listing(dir.path()).len(),
            2,
            "the temporary file, while writing"
        );
        drop(out);
        assert_eq!(
            listing(dir.path()),
            ["report.csv"],
            "the temporary file is gone"
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "the previous report\n"
        );
    }

    #[test]
    fn a_failing_flush_at_the_end_does_not_replace_the_report_either() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.jsonl");
        std::fs::write(&target, "old\n").unwrap();
        let mut out = Output::open(Some(&target)).unwrap();
        // Fits the buffer: the error comes only when it is flushed, in commit.
        out.writer().write_all(b"new report\n").unwrap();
        if let Output::File(w, _) = &mut out {
            w.get_mut().room = Some(3);
        }
        assert_eq!(out.commit().unwrap_err().raw_os_error(), Some(28));
        assert_eq!(listing(dir.path()), ["report.jsonl"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    }

    #[test]
    fn worker_threads_are_capped_at_the_cpus_with_a_note() {
        assert_eq!(crate::run::worker_count(None, 2), (2, None));
        assert_eq!(crate::run::worker_count(Some(1), 2), (1, None));
        assert_eq!(crate::run::worker_count(Some(2), 2), (2, None));
        let (n, note) = crate::run::worker_count(Some(100_000), 2);
        assert_eq!(n, 2);
        assert!(
            note.unwrap()
                .starts_with("-j 100000: using 2 worker threads")
        );
        assert_eq!(crate::run::worker_count(Some(0), 4).0, 1);
    }

    #[test]
    fn max_score_must_be_a_number_not_below_zero() {
        assert_eq!(parse_max_score("2.5"), Ok(2.5));
        assert_eq!(parse_max_score("0"), Ok(0.0));
        for bad in ["nan", "NaN", "-1", "-0.5", "x", ""] {
            assert!(parse_max_score(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_complete_report_replaces_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        std::fs::write(&target, "old\n").unwrap();
        let mut out = Output::open(Some(&target)).unwrap();
        out.writer().write_all(b"new\n").unwrap();
        out.commit().unwrap();
        assert_eq!(listing(dir.path()), ["report.csv"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
    }
}
