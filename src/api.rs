//! A library entry point for checking texts and files without the command line: a [`Checker`]
//! built once from [`Options`] (the same options and error messages as `mtlint check`), then
//! used for one text, a batch of texts in parallel, or a whole file in any input format.
//! The Python package (`python/`) is built on it; the CLI could be too.

use crate::check_segments_with;
use crate::config::Policy;
use crate::finding::Finding;
use crate::formats::{self, InputFormat};
use crate::input::Segment;
use crate::lang::{self, Language};
use crate::registry::metas as rule_docs;
use crate::report::Record;
use std::path::PathBuf;

/// What `mtlint check` takes on its command line, for a [`Checker`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Target language (`--lang`); `None`: the config's, else what a file says, else detected.
    pub lang: Option<String>,
    /// Source language of bilingual input (`--source-lang`).
    pub source_lang: Option<String>,
    /// Extra user rule files (`--rules`).
    pub rule_files: Vec<PathBuf>,
    /// Configuration file (`--config`); `None`: no configuration (as `--no-config`).
    pub config: Option<PathBuf>,
    /// Glossary (`--glossary`).
    pub glossary: Option<PathBuf>,
    /// Input format of files (`--input-format`); `None`: by extension.
    pub input_format: Option<InputFormat>,
    /// Column (key) of the source text (`--source-col`).
    pub source_col: String,
    /// Column (key) of the target text (`--target-col`).
    pub target_col: String,
    /// Replace invalid UTF-8 and report it (`--lossy`).
    pub lossy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: None,
            source_lang: None,
            rule_files: Vec::new(),
            config: None,
            glossary: None,
            input_format: None,
            source_col: "source".into(),
            target_col: "target".into(),
            lossy: false,
        }
    }
}

/// The name texts checked with [`Checker::check`] go by in the config's globs: standard input's.
const TEXT_NAME: &str = "-";

/// The engine, configuration and languages of a run, built once.
pub struct Checker {
    /// The engine, configuration, languages and read options, built as the CLI builds them.
    plan: crate::run::Plan,
    text_policy: Policy,
}

/// The findings of one segment of a file: the segment and its findings placed in the file.
#[derive(Debug, Clone)]
pub struct SegmentFindings {
    /// The segment (id, text, source, position in the file).
    pub segment: Segment,
    /// Its findings, in report order, as the CLI reports them.
    pub records: Vec<Record>,
}

/// What [`Checker::check_file`] found.
#[derive(Debug, Clone, Default)]
pub struct FileFindings {
    /// Segments with at least one finding, in file order.
    pub segments: Vec<SegmentFindings>,
    /// Segments checked.
    pub checked: u64,
    /// Words checked.
    pub words: u64,
    /// Target language used (empty when the file had no text to detect one from).
    pub lang: String,
    /// Findings dropped by inline suppressions (`mtlint: ignore[…]`).
    pub suppressed: u64,
    /// Segments skipped because the file marks them locked or approved.
    pub locked: u64,
}

impl Checker {
    /// Builds the engine as `mtlint check` does; errors carry the CLI's messages.
    pub fn new(opts: &Options) -> Result<Checker, String> {
        // The CLI's plan, without a config found from the working directory and without a
        // thread pool of its own (batches use the library's parallel engine).
        let plan = crate::run::Plan::build(&crate::run::PlanOptions {
            lang: opts.lang.clone(),
            source_lang: opts.source_lang.clone(),
            rules: opts.rule_files.clone(),
            config: opts.config.clone(),
            no_config: opts.config.is_none(),
            glossary: opts.glossary.clone(),
            input_format: opts.input_format,
            source_col: opts.source_col.clone(),
            target_col: opts.target_col.clone(),
            lossy: opts.lossy,
            threads: Some(1),
            quiet: true,
            ..crate::run::PlanOptions::default()
        })?;
        let text_policy = plan.config.policy_for(TEXT_NAME);
        Ok(Checker { plan, text_policy })
    }

    /// The target language for a text: the option, the config's, else detected from `text`.
    fn lang_for_text(&self, text: &str) -> Result<&'static Language, String> {
        match self.plan.lang {
            Some(l) => Ok(l),
            None => match self.plan.config.lang_for(TEXT_NAME) {
                Some(code) => lang::language(code),
                None => crate::detect_language(text),
            },
        }
    }

    /// The findings of one target text (and its source), checked alone, with byte spans into
    /// `text`, in report order, after the configuration's policy.
    pub fn check(&self, text: &str, source: Option<&str>) -> Result<Vec<Finding>, String> {
        let lang = match self.lang_for_text(text) {
            Ok(l) => l,
            // Nothing to detect a language from: nothing to report in it either.
            Err(_) if text.trim().is_empty() => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = self
            .plan
            .engine
            .check_pair(text, source, self.plan.source_lang, lang);
        self.text_policy
            .apply(&mut out, |f| text[f.span.clone()].to_string());
        Ok(out)
    }

    /// [`Checker::check`] on every `(target, source)` pair, in parallel on rayon's pool, in
    /// input order (the same result as one call per pair).
    pub fn check_batch(
        &self,
        pairs: &[(String, Option<String>)],
    ) -> Vec<Result<Vec<Finding>, String>> {
        use rayon::prelude::*;
        pairs
            .par_iter()
            .with_min_len(16)
            .map(|(t, s)| self.check(t, s.as_deref()))
            .collect()
    }

    /// The `(target, source)` pairs as the consecutive segments of one document, as the CLI
    /// checks the records of a file: the same findings as `mtlint check` over a JSON Lines file
    /// of these records read from standard input (a quotation opened in one segment may close
    /// in a later one; no file-wide consistency pass). The language is the option's, the
    /// config's, else detected from the first segments. Checked in parallel on `pool`, results
    /// in input order, one list per pair.
    pub fn check_document(
        &self,
        pairs: &[(String, Option<String>)],
        pool: Option<&rayon::ThreadPool>,
    ) -> Result<Vec<Vec<Finding>>, String> {
        let lang = match self.plan.lang {
            Some(l) => Some(l),
            None => self
                .plan
                .config
                .lang_for(TEXT_NAME)
                .map(lang::language)
                .transpose()?,
        };
        let segments = pairs.iter().enumerate().map(|(i, (t, s))| {
            let mut seg = Segment::plain(i.to_string(), t.clone(), i + 1, 1, 0);
            seg.source = s.clone();
            Ok(seg)
        });
        let mut out: Vec<Vec<Finding>> = vec![Vec::new(); pairs.len()];
        let policy = &self.text_policy;
        check_segments_with(
            TEXT_NAME,
            segments,
            lang,
            self.plan.source_lang,
            &self.plan.engine,
            pool,
            |seg: &Segment, _, mut found: Vec<Finding>, _, _: &mut ()| {
                policy.apply(&mut found, |f| seg.text[f.span.clone()].to_string());
                found
            },
            |seg, _, found| {
                let i: usize = seg.id.parse().expect("ids are indices");
                out[i].extend(found);
            },
        )
        .map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// Checks a file as `mtlint check FILE` does (format by extension or the option, the
    /// language from the option, the config, the file or detection, the file-wide consistency
    /// pass for bilingual files, the config's policy for the file). An unreadable or malformed
    /// file is an error with the CLI's message (its findings before the error are dropped).
    pub fn check_file(&self, path: &str) -> Result<FileFindings, String> {
        let format = self
            .plan
            .input_format
            .unwrap_or_else(|| InputFormat::detect(path));
        let policy = self.plan.config.policy_for(path);
        let read = self.plan.read_for(path);
        let file_notes = crate::run::scan_file_passes(&self.plan.engine, path, format, &read);
        let mut out = FileFindings::default();
        let doc = formats::open(path, format, &read).map_err(|e| e.to_string())?;
        let lang = crate::run::target_lang(self.plan.lang, &self.plan.config, path, &doc)
            .map_err(|e| e.to_string())?;
        let source_lang = crate::run::source_lang(self.plan.source_lang, &doc);
        let (policy, file_notes) = (&policy, &file_notes);
        let locate =
            |seg: &Segment,
             window: std::ops::Range<usize>,
             mut findings: Vec<Finding>,
             l: &'static Language,
             locs: &mut (crate::position::Locator, crate::position::Locator)| {
                crate::run::add_file_notes(file_notes, seg, &window, &mut findings);
                let suppressed = crate::run::keep_findings(&self.plan, policy, seg, &mut findings);
                let records: Vec<Record> = findings
                    .into_iter()
                    .map(|f| Record::placed(path, seg, f, &l.code, locs))
                    .collect();
                (records, l, suppressed)
            };
        let mut locked = 0;
        let segments = crate::run::unlocked(doc.segments, self.plan.include_locked, &mut locked);
        let mut suppressed = 0;
        let stats = check_segments_with(
            path,
            segments,
            lang,
            source_lang,
            &self.plan.engine,
            None,
            locate,
            |seg, window, (records, l, n)| {
                out.lang = l.code.clone();
                suppressed += n;
                if records.is_empty() {
                    return;
                }
                match out.segments.last_mut() {
                    // The next window of a long segment.
                    Some(last) if window.start > 0 && last.segment.id == seg.id => {
                        last.records.extend(records)
                    }
                    _ => out.segments.push(SegmentFindings {
                        segment: seg.clone(),
                        records,
                    }),
                }
            },
        )
        .map_err(|e| e.to_string())?;
        out.suppressed = suppressed;
        out.locked = locked;
        out.checked = stats.segments;
        out.words = stats.words;
        Ok(out)
    }
}

/// One rule as `mtlint rules` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Category name.
    pub category: String,
    /// Default severity.
    pub severity: String,
    /// `all`, or the language code of the rule pack it belongs to.
    pub lang: String,
    /// One line.
    pub summary: String,
    /// Its MQM class (`Accuracy/Untranslated text`…).
    pub mqm_category: String,
    /// Its MQM severity (`Major`, `Minor`, `Neutral`, `Non-translation`).
    pub mqm_severity: String,
    /// `safe` when `mtlint check --fix` applies its suggestions (`fix = "safe"`), else empty.
    pub fix: String,
}

/// The MQM class of a rule, as `explain` prints it.
fn mqm_line(id: &str, category: crate::finding::Category) -> String {
    let m = crate::mqm::classify(id, category);
    format!(
        "MQM class: {} ({}; penalty {} per finding in the MQM-style score).",
        m.category,
        m.severity,
        m.weight()
    )
}

/// Every rule, as `mtlint rules [--lang CODE]` lists them.
pub fn rules(only: Option<&str>) -> Result<Vec<RuleInfo>, String> {
    if let Some(code) = only {
        lang::language(code)?;
    }
    let mut rows: Vec<RuleInfo> = rule_docs()
        .iter()
        .map(|d| RuleInfo {
            id: d.id.clone(),
            category: d.category.to_string(),
            severity: d.severity.to_string(),
            lang: "all".into(),
            summary: d.summary.clone(),
            mqm_category: d.mqm.category.clone(),
            mqm_severity: d.mqm.severity.clone(),
            fix: fix_name(d.fix.is_some()),
        })
        .collect();
    for code in lang::known_codes() {
        if only.is_some_and(|o| o != code) {
            continue;
        }
        let l = lang::language(code).expect("known code");
        rows.extend(l.rules.iter().map(|r| RuleInfo {
            id: r.id.clone(),
            category: r.category.to_string(),
            severity: r.severity.to_string(),
            lang: code.to_string(),
            summary: r.summary.clone(),
            mqm_category: crate::mqm::classify(&r.id, r.category).category.clone(),
            mqm_severity: crate::mqm::classify(&r.id, r.category).severity.clone(),
            fix: fix_name(r.fix_safe),
        }));
    }
    Ok(rows)
}

/// `safe` for a rule whose suggestions `--fix` applies, else empty.
fn fix_name(safe: bool) -> String {
    if safe { "safe".into() } else { String::new() }
}

/// The line of `mtlint explain` on `--fix`.
fn fix_line(safe: bool, only: &std::collections::BTreeMap<String, Vec<String>>) -> String {
    if !safe {
        return "Fix: not applied by --fix (its suggestion, if any, needs a reviewer).".into();
    }
    let mut s =
        "Fix: safe: `mtlint check --fix` applies its suggestion (it cannot change the meaning)."
            .to_string();
    if !only.is_empty() {
        let lists: Vec<String> = only
            .iter()
            .map(|(l, w)| format!("{l}: {}", w.join(", ")))
            .collect();
        s.push_str(&format!(
            " Only for these words, whose repetition is never legitimate: {}.",
            lists.join("; ")
        ));
    }
    s
}

/// The text `mtlint explain RULE` prints.
pub fn explain(id: &str) -> Result<String, String> {
    use std::fmt::Write;
    let mut out = String::new();
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
        let _ = writeln!(out, "\n{}", mqm_line(&d.id, d.category));
        let _ = writeln!(out, "{}", fix_line(d.fix.is_some(), &d.fix_only));
        let _ = writeln!(
            out,
            "\n{}",
            crate::precision::explain(&d.id, d.severity).trim_end()
        );
        return Ok(out);
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
            let _ = writeln!(out, "\n{}", mqm_line(&r.id, r.category));
            let _ = writeln!(
                out,
                "{}",
                fix_line(r.fix_safe, &std::collections::BTreeMap::new())
            );
            let _ = writeln!(
                out,
                "\n{}",
                crate::precision::explain(&r.id, r.severity).trim_end()
            );
            return Ok(out);
        }
    }
    Err(format!("unknown rule `{id}`; `mtlint rules` lists them"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> Checker {
        Checker::new(&Options {
            lang: Some("fr".into()),
            ..Options::default()
        })
        .unwrap()
    }

    #[test]
    fn a_text_is_checked_as_the_engine_checks_a_segment() {
        let c = fr();
        let text = "Le président a parlé à André Крутских hier.";
        let found = c.check(text, None).unwrap();
        assert!(found.iter().any(|f| &text[f.span.clone()] == "Крутских"));
        assert!(
            c.check("Le président a parlé hier.", None)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_batch_gives_what_one_call_per_text_gives_in_order() {
        let c = fr();
        let pairs: Vec<(String, Option<String>)> = (0..200)
            .map(|i| {
                let t = if i % 3 == 0 {
                    format!("Le RUSSIE a dit {i} fois.")
                } else {
                    format!("Il a dit {i} fois.")
                };
                (t, (i % 2 == 0).then(|| format!("He said it {i} times.")))
            })
            .collect();
        let batch = c.check_batch(&pairs);
        for ((t, s), got) in pairs.iter().zip(batch) {
            assert_eq!(got.unwrap(), c.check(t, s.as_deref()).unwrap());
        }
    }

    #[test]
    fn a_document_pairs_quotations_across_segments_as_the_cli_does() {
        let c = fr();
        let pairs: Vec<(String, Option<String>)> = [
            "« Pourquoi le courrier ici ?",
            "Il a dit le le mot. »",
            "Le président de RUSSIE a parlé.",
        ]
        .iter()
        .map(|t| (t.to_string(), None))
        .collect();
        let doc = c.check_document(&pairs, None).unwrap();
        let alone = c.check_batch(&pairs);
        let rules = |f: &[Finding]| f.iter().map(|f| f.rule.clone()).collect::<Vec<_>>();
        assert!(!rules(&doc[0]).contains(&"unbalanced-delimiter".to_string()));
        assert!(rules(alone[0].as_ref().unwrap()).contains(&"unbalanced-delimiter".to_string()));
        assert_eq!(doc[2], *alone[2].as_ref().unwrap());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        assert_eq!(c.check_document(&pairs, Some(&pool)).unwrap(), doc);
    }

    #[test]
    fn errors_carry_the_cli_messages() {
        let bad = Options {
            lang: Some("xx".into()),
            ..Options::default()
        };
        assert!(
            Checker::new(&bad)
                .err()
                .unwrap()
                .starts_with("unknown language `xx`")
        );
        assert_eq!(
            explain("no-such-rule").unwrap_err(),
            "unknown rule `no-such-rule`; `mtlint rules` lists them"
        );
        assert!(
            explain("foreign-word")
                .unwrap()
                .starts_with("foreign-word  (")
        );
        assert!(rules(None).unwrap().iter().any(|r| r.id == "foreign-word"));
    }
}
