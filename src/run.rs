//! The runner: a [`Plan`] built once from the options (config, rules, glossary, languages,
//! threads), and the per-file job ([`execute`]): language precedence (option, config, file,
//! detection), the file passes (consistency), checking in parallel, the config's policy and the
//! placement of findings (line, column, context). The CLI parses arguments into
//! [`PlanOptions`], picks the reporter and maps the outcome to an exit code; library users
//! (the Python package, the examples) call the same code.

use crate::config::Config;
use crate::formats::{self, InputFormat, ReadOptions};
use crate::input::{self, InputError};
use crate::lang::{self, Language};
use crate::report::{Record, Summary};
use crate::rules_file::{RegexRule, RuleFile};
use crate::selection::Selection;
use crate::{Engine, check_segments_with};
use std::io;
use std::path::PathBuf;

/// What to check and how: the options of `mtlint check` and `mtlint baseline` that decide the
/// run (not the report).
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Files to check; empty or "-" reads standard input.
    pub paths: Vec<std::ffi::OsString>,
    /// Target language; default from the config, the file, else detected per file.
    pub lang: Option<String>,
    /// Extra user rule files.
    pub rules: Vec<PathBuf>,
    /// Worker threads (default: the number of CPUs).
    pub threads: Option<usize>,
    /// Configuration file (default: mtlint.toml found from the current directory up).
    pub config: Option<PathBuf>,
    /// Ignore any mtlint.toml.
    pub no_config: bool,
    /// Input format (default: by extension).
    pub input_format: Option<InputFormat>,
    /// Source language of bilingual input, when the file does not say.
    pub source_lang: Option<String>,
    /// TSV/CSV column (JSON Lines key) of the source text.
    pub source_col: String,
    /// `--source PATH`: a source-language file paired with each target by segment id.
    pub source_file: Option<String>,
    /// TSV/CSV column (JSON Lines key) of the target text.
    pub target_col: String,
    /// Glossary file (CSV/TSV or TBX).
    pub glossary: Option<PathBuf>,
    /// Replace invalid UTF-8 by U+FFFD and report it, rather than stop the file.
    pub lossy: bool,
    /// No notes.
    pub quiet: bool,
    /// `--select`: keep only the findings of these rules, categories, prefixes or packs.
    pub select: Vec<String>,
    /// `--ignore`: drop the findings of these.
    pub ignore: Vec<String>,
    /// `--dictionary`: Hunspell dictionaries (`PATH` or `LANG=PATH`) looked up before the
    /// standard folders (rule `non-word`).
    pub dictionaries: Vec<String>,
    /// `--include-locked`: also check the segments the file marks locked or approved.
    pub include_locked: bool,
    /// XLIFF, TMX: the largest file read (`--max-xml-size`; default
    /// [`crate::formats::MAX_XML`]).
    pub max_xml_size: Option<u64>,
    /// `--grammar`: the grammar back end (default: the config's `grammar`; none).
    pub grammar: Option<String>,
    /// `--grammar-url`: a running grammar server (implies `--grammar grammalecte`).
    pub grammar_url: Option<String>,
}

impl Default for PlanOptions {
    /// The defaults of `mtlint check`: standard input, columns `source` and `target`.
    fn default() -> Self {
        PlanOptions {
            paths: Vec::new(),
            lang: None,
            rules: Vec::new(),
            threads: None,
            config: None,
            no_config: false,
            input_format: None,
            source_lang: None,
            source_col: "source".into(),
            source_file: None,
            target_col: "target".into(),
            glossary: None,
            lossy: false,
            quiet: false,
            select: Vec::new(),
            ignore: Vec::new(),
            dictionaries: Vec::new(),
            include_locked: false,
            max_xml_size: None,
            grammar: None,
            grammar_url: None,
        }
    }
}

/// What a run tells its caller as it goes: the CLI draws a progress bar and prints notes on
/// standard error; a library caller may ignore it all (`()`).
pub trait Observer {
    /// Checking of `path` starts.
    fn start_file(&mut self, _path: &str) {}
    /// Window `window` of `seg` was checked.
    fn advance(&mut self, _seg: &input::Segment, _window: &std::ops::Range<usize>) {}
    /// Checking of the file at hand ended.
    fn end_file(&mut self) {}
    /// A note or an error for the user, one line (`mtlint: …`).
    fn note(&self, _line: &str) {}
}

impl Observer for () {}

/// The number of worker threads for `-j requested` on a machine with `cpus` CPUs: more threads
/// than CPUs only cost memory and start-up time (`-j 100000` would never finish starting), so
/// a larger value is lowered to `cpus`, with a note saying so.
pub fn worker_count(requested: Option<usize>, cpus: usize) -> (usize, Option<String>) {
    let cpus = cpus.max(1);
    match requested {
        None => (cpus, None),
        Some(0) => (1, None),
        Some(n) if n > cpus => (
            cpus,
            Some(format!(
                "-j {n}: using {cpus} worker threads, the number of CPUs (more would not be faster)"
            )),
        ),
        Some(n) => (n, None),
    }
}

/// The extensions of the files taken from a folder or a pattern: those of the formats mtlint
/// reads (a file named on the command line is read whatever its name). An `.xml` file is taken
/// only when it is Android resources ([`InputFormat::detect`]).
pub const WALKED_EXTENSIONS: &[&str] = &[
    "xlf",
    "xliff",
    "sdlxliff",
    "mxliff",
    "tmx",
    "po",
    "tsv",
    "tab",
    "csv",
    "jsonl",
    "ndjson",
    "txt",
    "json",
    "arb",
    "properties",
    "yml",
    "yaml",
    "strings",
    "xcstrings",
    "xml",
    "srt",
    "vtt",
    "md",
    "markdown",
    "html",
    "htm",
];

/// Extensions that a repository also uses for what is not a translation (`package.json`,
/// `README.md`, an HTML report): a walked folder gives only the files whose path names a
/// language (`fr.json`, `locales/fr/…`, `docs/fr/guide.md`, `index.fr.html`) or to which a
/// `[languages]` glob of the config gives one. A pattern (`'docs/**/*.md'`) or a file named on the command line
/// is taken whatever its path.
const GENERIC_EXTENSIONS: &[&str] = &["json", "yml", "yaml", "md", "markdown", "html", "htm"];

/// Whether an argument is a pattern (holds `*`, `?`, `[` or `{`).
fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '[', '{'])
}

/// The files an argument stands for: `None` for a file (or standard input), read as named;
/// for a folder, the files under it that mtlint reads (by extension), skipping what `.gitignore`,
/// `.ignore`, hidden names and the config's `ignore` leave out; for a pattern that names no
/// existing file (`"locales/**/*.po"`, quoted so the shell does not expand it), the files it
/// matches, walked the same way from its literal folder. `skipped` counts the files of other
/// types.
fn expand(arg: &str, config: &Config, skipped: &mut usize) -> Result<Option<Vec<String>>, String> {
    let path = std::path::Path::new(arg);
    let (root, pattern) = if arg == "-" || path.is_file() {
        return Ok(None);
    } else if path.is_dir() {
        (arg.to_string(), None)
    } else if is_pattern(arg) {
        // The literal folders before the first component with a pattern.
        let mut root = PathBuf::new();
        for c in path.components() {
            if is_pattern(&c.as_os_str().to_string_lossy()) {
                break;
            }
            root.push(c);
        }
        let root = if root.as_os_str().is_empty() {
            ".".to_string()
        } else {
            root.to_string_lossy().into_owned()
        };
        let glob = globset::GlobBuilder::new(arg.strip_prefix("./").unwrap_or(arg))
            .literal_separator(true)
            .build()
            .map_err(|e| format!("{arg}: not a valid pattern: {e}"))?
            .compile_matcher();
        (root, Some(glob))
    } else {
        // Missing: reading it reports the error, as for any file.
        return Ok(None);
    };
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(&root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| format!("{arg}: {e}"))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(name) = entry.path().to_str() else {
            *skipped += 1;
            continue;
        };
        // `./x/y.po` under `.` is shown as `x/y.po`.
        let name = if root == "." {
            name.strip_prefix("./").unwrap_or(name)
        } else {
            name
        };
        if let Some(g) = &pattern
            && !g.is_match(name)
        {
            continue;
        }
        if config.ignores(name) {
            continue;
        }
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !WALKED_EXTENSIONS.contains(&ext.as_str())
            || (ext == "xml" && InputFormat::detect(name) != InputFormat::Android)
            || (pattern.is_none()
                && GENERIC_EXTENSIONS.contains(&ext.as_str())
                && crate::formats::resource::lang_from_path(name).is_none()
                && config.lang_by_glob(name).is_none()
                && !config.in_pairs(name))
        {
            *skipped += 1;
            continue;
        }
        found.push(name.to_string());
    }
    Ok(Some(found))
}

/// Reads the user rule files: each rule's language must be known and its id new (not a
/// built-in rule, not another user rule). Errors name the file and the rule.
pub fn load_user_rules<'a>(
    paths: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<Vec<RegexRule>, String> {
    let mut user: Vec<RegexRule> = Vec::new();
    for path in paths {
        let f = RuleFile::load(path).map_err(|e| e.to_string())?;
        for r in f.rules {
            if let Some(l) = &r.lang {
                lang::language(l)
                    .map_err(|e| format!("{}: rule `{}`: {e}", path.display(), r.id))?;
            }
            if user.iter().any(|u| u.id == r.id) || crate::checks::rule_exists(&r.id) {
                return Err(format!(
                    "{}: rule `{}`: id already used by another rule",
                    path.display(),
                    r.id
                ));
            }
            user.push(r);
        }
    }
    Ok(user)
}

/// Everything a run needs, built from the arguments and the config before any input is read.
pub struct Plan {
    /// The checks, user rules and glossary.
    pub engine: Engine,
    /// The input format forced by the options (else by extension).
    pub input_format: Option<InputFormat>,
    /// How files are read (columns, languages, lossy).
    pub read: ReadOptions,
    /// The source language given by the options.
    pub source_lang: Option<&'static lang::Language>,
    /// Worker threads; none for one.
    pub pool: Option<rayon::ThreadPool>,
    /// The configuration (mtlint.toml).
    pub config: Config,
    /// The target language given by the options.
    pub lang: Option<&'static lang::Language>,
    /// The inputs, sorted, duplicates removed ("-" for standard input).
    pub paths: Vec<String>,
    /// Inputs whose names are not UTF-8, as shown (`\xNN` for each bad byte): each is an error
    /// for that file alone.
    pub bad_names: Vec<String>,
    /// No notes on skipped files or empty files.
    pub quiet: bool,
    /// Notes on how the plan differs from what was asked (a lowered `-j`), for the caller to
    /// show; empty with `quiet`.
    pub notes: Vec<String>,
    /// The rules selected and ignored on the command line.
    pub selection: Selection,
    /// Check the segments the file marks locked or approved (`--include-locked`, or
    /// `include_locked` in the config); by default they are skipped and counted.
    pub include_locked: bool,
    /// The ids of the user rules, for checking the selectors of inline suppressions.
    pub user_rule_ids: Vec<String>,
    /// The grammar back end, started once for the run (`--grammar`).
    pub grammar: Option<crate::grammar::Backend>,
    /// The source file of each input that a `[[pairs]]` entry of the config pairs with an
    /// existing source (none with `--source`, which pairs every input).
    pub sources: std::collections::HashMap<String, String>,
}

impl Plan {
    /// Builds the plan: reads the config, the rule files and the glossary, starts the worker
    /// threads. Every error names the file and the problem.
    pub fn build(a: &PlanOptions) -> Result<Plan, String> {
        let config = if a.no_config {
            Config::default()
        } else if let Some(p) = &a.config {
            Config::load(p).map_err(|e| e.to_string())?
        } else {
            let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
            Config::discover(&cwd).map_err(|e| e.to_string())?
        };
        let lang = a.lang.as_deref().map(lang::language).transpose()?;
        let user = load_user_rules(a.rules.iter().chain(&config.rule_files))?;
        let user_rule_ids: Vec<String> = user.iter().map(|r| r.id.clone()).collect();
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        let (threads, note) = worker_count(a.threads, cpus);
        let notes: Vec<String> = note.filter(|_| !a.quiet).into_iter().collect();
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
        let mut bad_names = Vec::new();
        let mut notes = notes;
        let mut paths: Vec<String> = Vec::new();
        if a.paths.is_empty() {
            paths.push("-".to_string());
        }
        let mut skipped = 0usize;
        for p in &a.paths {
            let Some(s) = p.to_str() else {
                let shown = escaped_name(p);
                bad_names.push(shown.clone());
                paths.push(shown);
                continue;
            };
            match expand(s, &config, &mut skipped)? {
                Some(found) if found.is_empty() => {
                    return Err(format!(
                        "{s}: no file mtlint reads here (by extension: {}); nothing to check",
                        WALKED_EXTENSIONS.join(", ")
                    ));
                }
                Some(found) => paths.extend(found),
                None => paths.push(s.to_string()),
            }
        }
        if skipped > 0 && !a.quiet {
            let files = if skipped == 1 { "file" } else { "files" };
            notes.push(format!(
                "skipped {skipped} {files} in the folders and patterns given: of a type mtlint does not read, or .json, .md or .html whose path names no language (name such a file, or give it a language in the config's [languages], to check it)"
            ));
        }
        paths.sort();
        paths.dedup();
        if let Some(source) = &a.source_file {
            // `--source locales/en.json locales/*.json`: the source is not a target of itself.
            let same = |p: &str| {
                p == source
                    || matches!(
                        (std::fs::canonicalize(p), std::fs::canonicalize(source)),
                        (Ok(x), Ok(y)) if x == y
                    )
            };
            paths.retain(|p| !same(p));
            if paths.is_empty() {
                return Err(format!(
                    "{source}: the source file is the only input; name the translated files to check"
                ));
            }
            if let Err(e) = std::fs::metadata(source) {
                return Err(format!("{source}: cannot read the source file: {e}"));
            }
        }
        let sources = if a.source_file.is_none() && config.has_pairs() {
            pair_sources(
                &config,
                &mut paths,
                if a.quiet { None } else { Some(&mut notes) },
            )?
        } else {
            Default::default()
        };
        let source_lang = a.source_lang.as_deref().map(lang::language).transpose()?;
        let read = ReadOptions {
            source_col: a.source_col.clone(),
            target_col: a.target_col.clone(),
            source_lang: a.source_lang.clone(),
            target_lang: a.lang.clone(),
            lossy: a.lossy,
            max_xml: a.max_xml_size.unwrap_or(crate::formats::MAX_XML),
            source_file: a.source_file.clone(),
        };
        // Every rule id the run can emit; built (loading every pack) only when selectors are given.
        let known: Vec<String> = if a.select.is_empty() && a.ignore.is_empty() {
            Vec::new()
        } else {
            crate::checks::rule_ids()
                .map(str::to_string)
                .chain(user.iter().map(|r| r.id.clone()))
                .collect()
        };
        let selection = Selection::new(&a.select, &a.ignore, &known)?;
        let dictionaries = {
            use crate::checks::non_word::{Dictionaries, search_dirs};
            let explicit = a
                .dictionaries
                .iter()
                .map(|d| Dictionaries::parse_option(d))
                .collect::<Result<Vec<_>, _>>()?;
            Dictionaries::new(explicit, search_dirs())
        };
        let include_locked = a.include_locked || config.include_locked;
        // `--grammar`, else the config's `grammar`; `--grammar-url` alone means Grammalecte.
        let grammar = a
            .grammar
            .as_deref()
            .or(config.grammar.as_deref())
            .or(a.grammar_url.as_ref().map(|_| "grammalecte"))
            .map(|name| {
                crate::grammar::Kind::parse(name)
                    .and_then(|k| crate::grammar::Backend::start(k, a.grammar_url.as_deref()))
            })
            .transpose()?;
        let mut engine = Engine::new(user)
            .with_dictionaries(dictionaries)
            .with_subtitle_limits(config.subtitles);
        if let Some(g) = &a.glossary {
            engine = engine.with_glossary(crate::glossary::Glossary::load(g)?);
        }
        Ok(Plan {
            engine,
            input_format: a.input_format,
            read,
            source_lang,
            pool,
            config,
            lang,
            paths,
            bad_names,
            quiet: a.quiet,
            notes,
            selection,
            include_locked,
            user_rule_ids,
            grammar,
            sources,
        })
    }

    /// How `path` is read: the run's options, with the source file its `[[pairs]]` entry gives.
    pub fn read_for(&self, path: &str) -> std::borrow::Cow<'_, ReadOptions> {
        match self.sources.get(path) {
            Some(source) if self.read.source_file.is_none() => {
                std::borrow::Cow::Owned(ReadOptions {
                    source_file: Some(source.clone()),
                    ..self.read.clone()
                })
            }
            _ => std::borrow::Cow::Borrowed(&self.read),
        }
    }
}

/// The config's `[[pairs]]` applied to the inputs: the source files are dropped (they are not
/// translations to check), and each target gets its source, when that exists; a target whose
/// source is missing is checked alone, with a note (in `notes`, unless quiet).
fn pair_sources(
    config: &Config,
    paths: &mut Vec<String>,
    mut notes: Option<&mut Vec<String>>,
) -> Result<std::collections::HashMap<String, String>, String> {
    let before = paths.len();
    paths.retain(|p| p == "-" || !config.is_pair_source(p) || config.pair_for(p).is_some());
    if paths.is_empty() && before > 0 {
        return Err(format!(
            "every input is a source file of the [[pairs]] in {}; name the translated files to check (or `.`)",
            crate::config::FILE_NAME
        ));
    }
    let mut sources = std::collections::HashMap::new();
    for p in paths.iter() {
        let Some(m) = config.pair_for(p) else {
            continue;
        };
        if std::path::Path::new(&m.source).is_file() {
            sources.insert(p.clone(), m.source);
        } else if let Some(notes) = notes.as_deref_mut() {
            notes.push(format!(
                "{p}: note: its source {} (pair `{}` → `{}` in {}) does not exist; checked without a source",
                m.source,
                m.source_pattern,
                m.target_pattern,
                crate::config::FILE_NAME
            ));
        }
    }
    Ok(sources)
}

/// Whether standard input was closed when mtlint started (`mtlint check <&-`), which is not an
/// empty input. The Rust runtime opens `/dev/null` read-write on a closed standard descriptor
/// before `main`; a shell's `< /dev/null` opens it read-only.
#[cfg(target_os = "linux")]
fn stdin_closed() -> bool {
    use rustix::fs::{FileType, OFlags};
    let stdin = std::io::stdin();
    let Ok(flags) = rustix::fs::fcntl_getfl(&stdin) else {
        return true;
    };
    flags & OFlags::RWMODE == OFlags::RDWR
        && rustix::fs::fstat(&stdin).is_ok_and(|st| {
            FileType::from_raw_mode(st.st_mode) == FileType::CharacterDevice
                && st.st_rdev == rustix::fs::makedev(1, 3)
        })
}

#[cfg(not(target_os = "linux"))]
fn stdin_closed() -> bool {
    false
}

/// A file name that is not UTF-8, with `\xNN` for each byte that is not.
fn escaped_name(p: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned()
    }
}

/// What became of the findings of one segment (or window of a long one), made on the thread
/// that checked it: records, or, for a streaming report, their bytes.
#[derive(Default)]
pub struct Located {
    /// The records, when no encoder was given.
    pub records: Vec<Record>,
    /// With an encoder: the bytes of the records, in order.
    pub bytes: Vec<u8>,
    /// With an encoder: what the summary counts of each record.
    pub tallies: Vec<crate::report::Tally>,
    /// Findings dropped by the segment's inline suppression.
    pub suppressed: u64,
}

/// Drops the findings of one segment (window) that the run does not report: those left out by
/// `--select`/`--ignore`, by the config's `policy`, then those the segment's inline suppression
/// covers, whose number is returned (for the summary).
pub fn keep_findings(
    plan: &Plan,
    policy: &crate::config::Policy,
    seg: &input::Segment,
    findings: &mut Vec<crate::finding::Finding>,
) -> u64 {
    plan.selection.apply(findings);
    policy.apply(findings, |f| seg.text[f.span.clone()].to_string());
    match &seg.suppress {
        Some(s) if !findings.is_empty() => s.apply(findings),
        _ => 0,
    }
}

/// The segments of a file that are checked: without `include`, those the file marks locked or
/// approved are left out and counted in `skipped`.
pub fn unlocked<'a, I>(
    segments: I,
    include: bool,
    skipped: &'a mut u64,
) -> impl Iterator<Item = I::Item> + 'a
where
    I: Iterator<Item = Result<input::Segment, InputError>> + 'a,
{
    segments.filter(move |s| match s {
        Ok(seg) if seg.locked && !include => {
            *skipped += 1;
            false
        }
        _ => true,
    })
}

/// Notes on the selectors of a segment's inline suppression that select no rule (a typo in
/// `mtlint: ignore[caps-wrod]` must not pass unseen), naming the file and the directive's line.
/// `known` is filled with the run's rule ids the first time it is needed.
pub fn suppression_notes(
    plan: &Plan,
    path: &str,
    seg: &input::Segment,
    known: &mut Option<Vec<String>>,
) -> Vec<String> {
    let Some(s) = &seg.suppress else {
        return Vec::new();
    };
    if s.selectors.is_empty() {
        return Vec::new();
    }
    let known = known.get_or_insert_with(|| {
        crate::checks::rule_ids()
            .map(str::to_string)
            .chain(plan.user_rule_ids.iter().cloned())
            .collect()
    });
    s.selectors
        .iter()
        .filter_map(|sel| crate::selection::check_selector(sel, known).err())
        .map(|e| {
            format!(
                "mtlint: {path}:{}: note: in the inline suppression (mtlint: ignore[…]): {e}",
                s.line
            )
        })
        .collect()
}

/// Runs the engine's file passes (consistency) on a bilingual file: they read every segment
/// first, so the file is read twice. Not on plain text, standard input or a named pipe (read
/// only once); a file that does not open gets none (the main pass reports the error).
pub fn scan_file_passes(
    engine: &Engine,
    path: &str,
    format: InputFormat,
    read: &ReadOptions,
) -> Vec<Box<dyn crate::checks::FileNotes>> {
    if format == InputFormat::Plain || regular_file_size(path).is_none() {
        return Vec::new();
    }
    // With `--source`, the source's keys (read once for all the passes). Only resource files
    // are keyed: the ids of document blocks, subtitle cues (paired by time) and plain-text
    // lines shift with every block added or merged, so a key check there would be noise.
    let source = read
        .source_file
        .as_deref()
        .filter(|_| format.is_keyed())
        .and_then(|s| {
            formats::pair::SourceIndex::read(s, formats::pair::source_format(s, format), read).ok()
        });
    engine
        .file_passes()
        .iter()
        .filter(|pass| format.is_keyed() || !pass.keyed_only())
        .filter_map(|pass| {
            let mut doc = formats::open(path, format, read).ok()?;
            Some(pass.scan_paired(&mut *doc.segments, source.as_ref()))
        })
        .collect()
}

/// The target language of file `path`: the option, then the config's (a `[languages]` glob, the
/// `{lang}` of a `[[pairs]]` target pattern, the default `lang`), then what the file says;
/// `None` leaves it to detection. A language the file or config names but mtlint does not know
/// is an error for that file.
pub fn target_lang(
    option: Option<&'static Language>,
    config: &Config,
    path: &str,
    doc: &formats::Document,
) -> Result<Option<&'static Language>, InputError> {
    if option.is_some() {
        return Ok(option);
    }
    match config.target_lang_for(path).or(doc.target_lang.clone()) {
        Some(code) => lang::language(&code).map(Some).map_err(|e| InputError {
            file: path.to_string(),
            kind: input::InputErrorKind::UnknownLanguage(e),
        }),
        None => Ok(None),
    }
}

/// The source language of a file: the option, else what the file says (when mtlint knows it).
pub fn source_lang(
    option: Option<&'static Language>,
    doc: &formats::Document,
) -> Option<&'static Language> {
    option.or_else(|| {
        doc.source_lang
            .as_deref()
            .and_then(|c| lang::language(c).ok())
    })
}

/// The grammar back end's findings for file `path`: its segments are read once more and sent in
/// batches when the file is in a language the back end checks. A file in another language, or
/// standard input (read once), gets none, with a note once per run (`Err`; none with `quiet`);
/// a back end that fails is an error note for that file (`Err`, quiet or not).
pub fn grammar_notes(
    plan: &Plan,
    backend: &crate::grammar::Backend,
    path: &str,
    format: InputFormat,
    noted: &mut std::collections::HashSet<String>,
) -> Result<Option<Box<dyn crate::checks::FileNotes>>, String> {
    let name = backend.kind().name();
    if regular_file_size(path).is_none() {
        return if noted.insert("-".into()) && !plan.quiet {
            Err(format!(
                "mtlint: {path}: note: the grammar back end {name} needs a file (standard input and pipes are read once); not checked for grammar"
            ))
        } else {
            Ok(None)
        };
    }
    // A file that does not open or read is reported by the main pass.
    let Ok(doc) = formats::open(path, format, &plan.read) else {
        return Ok(None);
    };
    let Ok(lang) = target_lang(plan.lang, &plan.config, path, &doc) else {
        return Ok(None);
    };
    let mut segments = doc.segments;
    let Ok(segs) = crate::grammar::read_all(&mut *segments, plan.include_locked) else {
        return Ok(None);
    };
    let lang = match lang {
        Some(l) => l,
        None => {
            let mut sample = String::new();
            for s in &segs {
                if sample.len() >= crate::DETECT_BYTES {
                    break;
                }
                sample.push_str(&s.text);
                sample.push('\n');
            }
            match crate::detect_language(&sample) {
                Ok(l) => l,
                Err(_) => return Ok(None),
            }
        }
    };
    if !backend.kind().checks_language(&lang.code) {
        return if noted.insert(lang.code.clone()) && !plan.quiet {
            Err(format!(
                "mtlint: note: the grammar back end {name} checks {} only; files in {} ({path}…) are not checked for grammar",
                backend.kind().languages(),
                lang.code
            ))
        } else {
            Ok(None)
        };
    }
    match crate::grammar::check_segments(backend, &segs) {
        Ok(n) => Ok(Some(Box::new(n))),
        Err(e) => Err(format!(
            "mtlint: {path}: error: the grammar back end {name} failed ({e}); this file has no grammar findings"
        )),
    }
}

/// Adds the file passes' findings for `seg` to those of its window `window`: a finding on the
/// whole segment goes with the window where its span starts.
pub fn add_file_notes(
    file_notes: &[Box<dyn crate::checks::FileNotes>],
    seg: &input::Segment,
    window: &std::ops::Range<usize>,
    findings: &mut Vec<crate::finding::Finding>,
) {
    let mut notes = Vec::new();
    for n in file_notes {
        n.findings_for(seg, &mut notes);
    }
    notes.retain(|f| {
        window.contains(&f.span.start)
            || (f.span.start == window.end && window.end == seg.text.len())
    });
    if !notes.is_empty() {
        findings.extend(notes);
        findings.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    }
}

/// Checks every input of `plan`, handing the kept findings of each segment (window) to
/// `on_findings` with the path of their input, in input order. With `encoder`, the findings come
/// as the bytes it makes and their tallies; without, as records. A write error from
/// `on_findings` stops the run (the error names `report`, where the report goes). `observer`
/// hears of each file and segment as it is checked, and of notes for the user (see
/// [`Observer`]).
///
/// Placing findings (lines, columns, context) and encoding them are done by the thread that
/// checked the segment; only `on_findings` runs in sequence.
pub fn execute(
    plan: &Plan,
    bar: &mut dyn Observer,
    report: &str,
    encoder: Option<crate::report::Encoder>,
    mut on_findings: impl FnMut(&str, &Located, &input::Segment) -> io::Result<()>,
) -> Result<(Summary, Vec<InputError>), String> {
    let mut summary = Summary::default();
    let mut errors: Vec<InputError> = Vec::new();
    let mut write_err: Option<io::Error> = None;
    // Languages whose skipped checks were noted (once per run).
    let mut noted_langs: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Languages (and standard input) the grammar back end skipped, noted once per run.
    let mut noted_grammar: std::collections::HashSet<String> = std::collections::HashSet::new();
    // The run's rule ids, for notes on inline suppressions; built when first needed.
    let mut known: Option<Vec<String>> = None;
    for path in &plan.paths {
        if path != "-" && plan.config.ignores(path) {
            if !plan.quiet {
                bar.note(&format!(
                    "mtlint: {path}: skipped (ignored by {})",
                    crate::config::FILE_NAME
                ));
            }
            bar.start_file(path);
            bar.end_file();
            continue;
        }
        summary.files += 1;
        if path == "-" && stdin_closed() {
            let e = InputError {
                file: path.clone(),
                kind: input::InputErrorKind::Io(
                    "standard input is closed (not an empty input); nothing was read".into(),
                ),
            };
            bar.note(&format!("mtlint: {e}"));
            summary.file_errors += 1;
            errors.push(e);
            continue;
        }
        if plan.bad_names.contains(path) {
            let e = InputError {
                file: path.clone(),
                kind: input::InputErrorKind::Io(
                    "the file name is not valid UTF-8 (shown with \\xNN for its bad bytes); skipped"
                        .into(),
                ),
            };
            bar.note(&format!("mtlint: {e}"));
            summary.file_errors += 1;
            errors.push(e);
            continue;
        }
        bar.start_file(path);
        let format = plan
            .input_format
            .unwrap_or_else(|| InputFormat::detect(path));
        let policy = plan.config.policy_for(path);
        let read = plan.read_for(path);
        let mut file_notes = scan_file_passes(&plan.engine, path, format, &read);
        if let Some(backend) = &plan.grammar {
            match grammar_notes(plan, backend, path, format, &mut noted_grammar) {
                Ok(Some(n)) => file_notes.push(n),
                Ok(None) => {}
                Err(note) => bar.note(&note),
            }
        }
        // Segments and words emitted, for the summary of a file that fails part-way.
        let mut partial = (0u64, 0u64);
        let (mut locked, mut suppressed) = (0u64, 0u64);
        let result = formats::open(path, format, &read).and_then(|doc| {
            let lang = target_lang(plan.lang, &plan.config, path, &doc)?;
            if let Some(note) = lang
                .filter(|l| !plan.quiet && noted_langs.insert(l.code.clone()))
                .and_then(lang::skipped_checks)
            {
                bar.note(&format!("mtlint: {note}"));
            }
            let source_lang = source_lang(plan.source_lang, &doc);
            let segs = unlocked(doc.segments, plan.include_locked, &mut locked);
            let (policy, file_notes) = (&policy, &file_notes);
            // Runs on the worker threads. The locators are kept across the windows of a long
            // segment, so that positions are counted once.
            let locate =
                |seg: &input::Segment,
                 window: std::ops::Range<usize>,
                 mut findings: Vec<crate::finding::Finding>,
                 l: &'static lang::Language,
                 locs: &mut (crate::position::Locator, crate::position::Locator)| {
                    add_file_notes(file_notes, seg, &window, &mut findings);
                    let suppressed = keep_findings(plan, policy, seg, &mut findings);
                    let mut out = Located {
                        suppressed,
                        ..Located::default()
                    };
                    if encoder.is_some() {
                        // A record takes a few hundred bytes in any of the streaming formats.
                        out.bytes.reserve(findings.len() * 512);
                    }
                    for f in findings {
                        let rec = Record::placed(path, seg, f, &l.code, locs);
                        match encoder {
                            Some(encode) => {
                                encode(&rec, seg, &mut out.bytes);
                                out.tallies.push(crate::report::Tally::of(&rec));
                            }
                            None => out.records.push(rec),
                        }
                    }
                    out
                };
            check_segments_with(
                path,
                segs,
                lang,
                source_lang,
                &plan.engine,
                // Standard input or a pipe is checked as it comes, one segment at a time: a
                // batch would wait for 512 segments (or the end of the input) before its
                // findings came out, and a streaming consumer would wait with it, whatever -j.
                plan.pool
                    .as_ref()
                    .filter(|_| regular_file_size(path).is_some()),
                locate,
                |seg, window, located| {
                    bar.advance(seg, &window);
                    if window.start == 0 {
                        partial.0 += 1;
                        partial.1 += crate::count_words(seg.source.as_deref().unwrap_or(&seg.text));
                        if !plan.quiet {
                            for note in suppression_notes(plan, path, seg, &mut known) {
                                bar.note(&note);
                            }
                        }
                    }
                    suppressed += located.suppressed;
                    if write_err.is_none()
                        && let Err(e) = on_findings(path, &located, seg)
                    {
                        write_err = Some(e);
                    }
                },
            )
        });
        bar.end_file();
        summary.locked += locked;
        summary.suppressed += suppressed;
        match result {
            Ok(stats) => {
                // A structured file that gives no segment at all may be one the reader does not
                // understand (elements of another namespace, other column names): say so.
                if stats.segments == 0 && format != InputFormat::Plain && !plan.quiet {
                    bar.note(&format!(
                        "mtlint: {path}: note: no segment found in this {format} file; nothing was checked"
                    ));
                }
                summary.add_file(path, stats.segments, stats.words)
            }
            Err(e) => {
                bar.note(&format!("mtlint: {e}"));
                // What was checked before the error counts (its findings are in the report).
                if partial.0 > 0 {
                    summary.add_file(path, partial.0, partial.1);
                }
                summary.file_errors += 1;
                errors.push(e);
            }
        }
        if let Some(e) = write_err.take() {
            return Err(format!("cannot write {report}: {e}"));
        }
    }
    Ok((summary, errors))
}

/// The size of `path` when it is a regular file (not standard input, a pipe or a device).
pub fn regular_file_size(path: &str) -> Option<u64> {
    if path == "-" {
        return None;
    }
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}
