//! Python bindings (PyO3) over the mtlint library: `mtlint._mtlint`, re-exported by the
//! `mtlint` package. Nothing is checked here: every call goes to `mtlint::api`.

use mtlint::api::{self, Options};
use mtlint::finding::Finding as RustFinding;
use mtlint::formats::InputFormat;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::path::PathBuf;

create_exception!(
    mtlint,
    MtlintError,
    PyValueError,
    "An error mtlint reports (unknown language or rule, unreadable file, bad configuration…), with the command line's message."
);

fn err(msg: String) -> PyErr {
    MtlintError::new_err(msg)
}

/// One suspect passage.
///
/// ``start`` and ``end`` are offsets in characters (code points) of the Python string that was
/// checked (for ``check_file``, of the segment text, ``segment_text``): ``text[f.start:f.end] ==
/// f.flagged``. ``byte_start``/``byte_end`` are the same span in the UTF-8 encoding.
#[pyclass(frozen, module = "mtlint", eq, get_all)]
#[derive(Clone, PartialEq)]
struct Finding {
    /// Stable rule id, e.g. ``foreign-word``.
    rule: String,
    /// Category: ``mixed-script``, ``language-switch``, ``phrasing``, ``untranslated``, …
    category: String,
    /// ``info``, ``warning`` or ``error`` (after the configuration's overrides).
    severity: String,
    /// Start offset, in characters.
    start: usize,
    /// End offset (exclusive), in characters.
    end: usize,
    /// Start offset in the UTF-8 bytes of the text.
    byte_start: usize,
    /// End offset in the UTF-8 bytes of the text.
    byte_end: usize,
    /// The flagged text.
    flagged: String,
    /// A sentence a reviewer understands.
    message: String,
    /// The replacement for the flagged text, where one is known.
    suggestion: Option<String>,
    /// MQM category, e.g. ``Accuracy/Untranslated text``.
    mqm_category: String,
    /// MQM severity: ``Major``, ``Minor``, ``Neutral`` or ``Non-translation``.
    mqm_severity: String,
    /// MQM penalty of the finding (Major 5, Minor 1, punctuation 0.1, Non-translation 25).
    penalty: f64,
    /// ``check_file``: the file.
    file: Option<String>,
    /// ``check_file``: the segment id (line number, unit id, JSON Lines ``id``…).
    segment: Option<String>,
    /// ``check_file``: 1-based line of the start in the file.
    line: Option<usize>,
    /// ``check_file``: 1-based column of the start in the file.
    column: Option<usize>,
    /// ``check_file``: the segment's target text (the string ``start``/``end`` index).
    segment_text: Option<String>,
}

#[pymethods]
impl Finding {
    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, severity={:?}, start={}, end={}, flagged={:?})",
            self.rule, self.severity, self.start, self.end, self.flagged
        )
    }

    /// The finding as a dict of plain values (``segment_text`` left out).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("category", &self.category)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("flagged", &self.flagged)?;
        d.set_item("message", &self.message)?;
        d.set_item("suggestion", &self.suggestion)?;
        d.set_item("mqm_category", &self.mqm_category)?;
        d.set_item("mqm_severity", &self.mqm_severity)?;
        d.set_item("penalty", self.penalty)?;
        if self.file.is_some() {
            d.set_item("file", &self.file)?;
            d.set_item("segment", &self.segment)?;
            d.set_item("line", self.line)?;
            d.set_item("column", self.column)?;
        }
        Ok(d)
    }
}

/// Character offsets of the byte offsets `at` (sorted or not) of `text`.
fn char_offsets(text: &str, at: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return at.to_vec();
    }
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_by_key(|&i| at[i]);
    let mut out = vec![0; at.len()];
    let (mut bytes, mut chars) = (0usize, 0usize);
    let mut it = text.char_indices().peekable();
    for i in order {
        while bytes < at[i] {
            let (_, c) = it.next().expect("offset inside the text");
            bytes += c.len_utf8();
            chars += 1;
        }
        out[i] = chars;
    }
    out
}

/// Python findings of `found`, spans into `text`.
fn convert(text: &str, found: Vec<RustFinding>) -> Vec<Finding> {
    let at: Vec<usize> = found
        .iter()
        .flat_map(|f| [f.span.start, f.span.end])
        .collect();
    let chars = char_offsets(text, &at);
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mqm = mtlint::mqm::classify(&f.rule, f.category);
            Finding {
                flagged: text[f.span.clone()].to_string(),
                start: chars[2 * i],
                end: chars[2 * i + 1],
                byte_start: f.span.start,
                byte_end: f.span.end,
                category: f.category.to_string(),
                severity: f.severity.to_string(),
                mqm_category: mqm.category.clone(),
                mqm_severity: mqm.severity.clone(),
                penalty: mqm.weight(),
                rule: f.rule,
                message: f.message,
                suggestion: f.suggestion,
                file: None,
                segment: None,
                line: None,
                column: None,
                segment_text: None,
            }
        })
        .collect()
}

/// Paths from `None`, one path, or a sequence of paths.
fn paths(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if v.is_none() => Ok(Vec::new()),
        Some(v) => match v.extract::<PathBuf>() {
            Ok(p) => Ok(vec![p]),
            Err(_) => v.extract::<Vec<PathBuf>>(),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn options(
    lang: Option<String>,
    source_lang: Option<String>,
    rules: Option<&Bound<'_, PyAny>>,
    config: Option<PathBuf>,
    glossary: Option<PathBuf>,
    input_format: Option<String>,
    source_col: Option<String>,
    target_col: Option<String>,
    lossy: bool,
) -> PyResult<Options> {
    let input_format = input_format
        .map(|f| f.parse::<InputFormat>())
        .transpose()
        .map_err(err)?;
    let d = Options::default();
    Ok(Options {
        lang,
        source_lang,
        rule_files: paths(rules)?,
        config,
        glossary,
        input_format,
        source_col: source_col.unwrap_or(d.source_col),
        target_col: target_col.unwrap_or(d.target_col),
        lossy,
    })
}

/// A checker built once (rules, configuration, glossary, languages) and reused.
///
/// ``lang``: target language (ISO 639-1: ``fr``, ``en``, ``de``, ``ru``…); ``None``: the
/// configuration's, else detected per text (per file for ``check_file``).
/// ``source_lang``: language of the sources. ``rules``: extra user rule file(s) (TOML, as
/// ``--rules``). ``config``: an ``mtlint.toml`` (``None``: no configuration; none is looked
/// for). ``glossary``: CSV/TSV/TBX glossary. ``input_format``, ``source_col``, ``target_col``,
/// ``lossy``: how ``check_file`` reads files, as the CLI's options of the same names.
/// ``threads``: worker threads of ``check_batch`` (default: one per CPU).
#[pyclass(frozen, module = "mtlint")]
struct Checker {
    inner: api::Checker,
    pool: Option<rayon::ThreadPool>,
    /// The pool of `document=True` batches when `threads` was not given: one thread per CPU.
    default_pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
}

impl Checker {
    fn document_pool(&self) -> Option<&rayon::ThreadPool> {
        if let Some(p) = &self.pool {
            return (p.current_num_threads() > 1).then_some(p);
        }
        self.default_pool
            .get_or_init(|| {
                let cpus = std::thread::available_parallelism().map_or(1, usize::from);
                (cpus > 1)
                    .then(|| {
                        rayon::ThreadPoolBuilder::new()
                            .num_threads(cpus)
                            .build()
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    fn batch(&self, pairs: &[(String, Option<String>)]) -> Vec<Result<Vec<RustFinding>, String>> {
        match &self.pool {
            Some(p) => p.install(|| self.inner.check_batch(pairs)),
            None => self.inner.check_batch(pairs),
        }
    }
}

#[pymethods]
impl Checker {
    #[new]
    #[pyo3(signature = (lang=None, source_lang=None, rules=None, config=None, glossary=None,
        input_format=None, source_col=None, target_col=None, lossy=false, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        lang: Option<String>,
        source_lang: Option<String>,
        rules: Option<&Bound<'_, PyAny>>,
        config: Option<PathBuf>,
        glossary: Option<PathBuf>,
        input_format: Option<String>,
        source_col: Option<String>,
        target_col: Option<String>,
        lossy: bool,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let opts = options(
            lang,
            source_lang,
            rules,
            config,
            glossary,
            input_format,
            source_col,
            target_col,
            lossy,
        )?;
        let inner = py.detach(|| api::Checker::new(&opts)).map_err(err)?;
        let pool = match threads {
            None => None,
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n.max(1))
                    .build()
                    .map_err(|e| err(format!("cannot start {n} threads: {e}")))?,
            ),
        };
        Ok(Checker {
            inner,
            pool,
            default_pool: std::sync::OnceLock::new(),
        })
    }

    /// Findings of one target ``text`` (with its ``source`` for the bilingual checks).
    #[pyo3(signature = (text, source=None))]
    fn check(&self, text: &str, source: Option<&str>) -> PyResult<Vec<Finding>> {
        let found = self.inner.check(text, source).map_err(err)?;
        Ok(convert(text, found))
    }

    /// Findings of every target of ``targets`` (with ``sources[i]`` when given), one list per
    /// target, in order. Checked in parallel with the GIL released.
    ///
    /// By default each target is checked alone: the same result as one ``check`` call per
    /// target (rows of a table). With ``document=True`` the targets are the consecutive
    /// segments of one document, as the CLI reads the records of a file: a quotation opened in
    /// one may close in a later one, and the language (when not given) is detected once from the
    /// first segments. Then the findings are those of ``mtlint check`` over the same records.
    #[pyo3(signature = (targets, sources=None, document=false))]
    fn check_batch(
        &self,
        py: Python<'_>,
        targets: Vec<String>,
        sources: Option<Vec<Option<String>>>,
        document: bool,
    ) -> PyResult<Vec<Vec<Finding>>> {
        let sources = match sources {
            Some(s) if s.len() != targets.len() => {
                return Err(err(format!(
                    "{} targets but {} sources: give one source (or None) per target",
                    targets.len(),
                    s.len()
                )));
            }
            Some(s) => s,
            None => vec![None; targets.len()],
        };
        let pairs: Vec<(String, Option<String>)> = targets.into_iter().zip(sources).collect();
        let results = py.detach(|| {
            let found = if document {
                match self.inner.check_document(&pairs, self.document_pool()) {
                    Ok(f) => f.into_iter().map(Ok).collect(),
                    Err(e) => return Err(e),
                }
            } else {
                self.batch(&pairs)
            };
            found
                .into_iter()
                .zip(&pairs)
                .map(|(r, (t, _))| r.map(|f| convert(t, f)))
                .collect::<Result<Vec<_>, String>>()
        });
        results.map_err(err)
    }

    /// Findings of a file in any format the CLI reads (plain text, XLIFF, TMX, PO, TSV, CSV,
    /// JSON Lines), as ``mtlint check FILE`` reports them, in file order.
    fn check_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<Vec<Finding>> {
        let name = path.to_string_lossy().into_owned();
        let found = py.detach(|| self.inner.check_file(&name)).map_err(err)?;
        let mut out = Vec::new();
        for sf in found.segments {
            let text = &sf.segment.text;
            let at: Vec<usize> = sf
                .records
                .iter()
                .flat_map(|r| [r.segment_byte_start, r.segment_byte_end])
                .collect();
            let chars = char_offsets(text, &at);
            for (i, r) in sf.records.into_iter().enumerate() {
                let mqm = mtlint::mqm::classify(&r.rule, r.category);
                out.push(Finding {
                    start: chars[2 * i],
                    end: chars[2 * i + 1],
                    byte_start: r.segment_byte_start,
                    byte_end: r.segment_byte_end,
                    category: r.category.to_string(),
                    severity: r.severity.to_string(),
                    mqm_category: mqm.category.clone(),
                    mqm_severity: mqm.severity.clone(),
                    penalty: mqm.weight(),
                    rule: r.rule,
                    flagged: r.flagged,
                    message: r.message,
                    suggestion: r.suggestion,
                    file: Some(r.file),
                    segment: Some(r.segment),
                    line: Some(r.line),
                    column: Some(r.column),
                    segment_text: Some(text.clone()),
                });
            }
        }
        Ok(out)
    }
}

/// Every rule as ``mtlint rules`` lists them: dicts with ``id``, ``category``, ``severity``
/// (default), ``lang`` (``all`` or a rule pack's language) and ``summary``.
#[pyfunction]
#[pyo3(signature = (lang=None))]
fn rules<'py>(py: Python<'py>, lang: Option<&str>) -> PyResult<Bound<'py, PyList>> {
    let rows = api::rules(lang).map_err(err)?;
    let out = PyList::empty(py);
    for r in rows {
        let d = PyDict::new(py);
        d.set_item("id", r.id)?;
        d.set_item("category", r.category)?;
        d.set_item("severity", r.severity)?;
        d.set_item("lang", r.lang)?;
        d.set_item("summary", r.summary)?;
        out.append(d)?;
    }
    Ok(out)
}

/// A rule's documentation with examples, as ``mtlint explain RULE`` prints it.
#[pyfunction]
fn explain<'py>(py: Python<'py>, rule: &str) -> PyResult<Bound<'py, PyString>> {
    api::explain(rule)
        .map(|s| PyString::new(py, &s))
        .map_err(err)
}

#[pymodule]
fn _mtlint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Finding>()?;
    m.add_class::<Checker>()?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add("MtlintError", m.py().get_type::<MtlintError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
