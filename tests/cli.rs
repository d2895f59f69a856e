//! CLI tests: every format, -o, stdin, several files, --fail-on and every exit code, bad input.

use assert_cmd::Command;
use std::fs;

const SAMPLE: &str = "data/sample/000_5d35f27f8244f893.txt";
const HEADER: &str =
    "file,line,column,segment,rule,category,severity,flagged,context,message,suggestion,source";

fn mtlint() -> Command {
    Command::cargo_bin("mtlint").unwrap()
}

fn stdout(args: &[&str]) -> (i32, String, String) {
    let out = mtlint().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn sample_csv_has_the_exact_header_and_the_required_findings() {
    let (code, out, _) = stdout(&["check", "--lang", "fr", "--format", "csv", SAMPLE]);
    assert_eq!(code, 1, "errors found → exit 1");
    assert_eq!(out.lines().next().unwrap(), HEADER);
    let rows = csv_rows(&out);
    let count = |flagged: &str, cat: &str| {
        rows.iter()
            .filter(|r| &r[7] == flagged && &r[5] == cat)
            .count()
    };
    assert_eq!(count("Крутских", "mixed-script"), 4);
    for w in [
        "кибербеспределом",
        "кибертехнологий",
        "кибертерроризму",
        "недипломатический",
        "Рябкова",
        "Кибербеспредел",
    ] {
        assert_eq!(count(w, "mixed-script"), 1, "{w}");
    }
    assert_eq!(count("états-UNIS", "phrasing"), 2);
    assert_eq!(count("RUSSIE", "phrasing"), 2);
    assert_eq!(count("HYDROMEL", "phrasing"), 1);
    assert_eq!(count("dit – il", "phrasing"), 2);
    assert_eq!(count("a – t-il", "phrasing"), 1);
    assert_eq!(count("at-il", "phrasing"), 1);
    assert!(
        !rows
            .iter()
            .any(|r| r[7].contains("MOSCOU") || r[7].contains("TASS"))
    );
    // Rows are sorted by file, line, column and carry line numbers as segment ids.
    let keys: Vec<(usize, usize)> = rows
        .iter()
        .map(|r| (r[1].parse().unwrap(), r[2].parse().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(rows.iter().all(|r| r[1] == r[3]));
    // Names get a romanization suggestion in French.
    let name = rows.iter().find(|r| &r[7] == "Крутских").unwrap();
    assert_eq!(&name[10], "Kroutskikh");
    let genitive = rows.iter().find(|r| &r[7] == "Рябкова").unwrap();
    assert_eq!(&genitive[10], "Riabkov");
    assert!(genitive[9].contains("genitive"), "{}", &genitive[9]);
}

#[test]
fn csv_and_jsonl_summaries_go_to_stderr() {
    for fmt in ["csv", "jsonl"] {
        let (_, out, err) = stdout(&["check", "--lang", "fr", "--format", fmt, SAMPLE]);
        assert!(!out.contains("MQM-style"), "{fmt}: the data stays pure");
        assert!(
            err.contains("mtlint: 22 findings")
                && err.contains("MQM-style penalty 102.50 per 1,000 words"),
            "{fmt}: {err}"
        );
    }
}

#[test]
fn output_is_byte_identical_between_runs() {
    let a = stdout(&["check", "--lang", "fr", "--format", "csv", SAMPLE]).1;
    let b = stdout(&["check", "--lang", "fr", "--format", "csv", SAMPLE]).1;
    assert_eq!(a, b);
}

#[test]
fn jsonl_carries_the_csv_fields_and_byte_offsets() {
    let (code, out, _) = stdout(&["check", "--lang", "fr", "--format", "jsonl", SAMPLE]);
    assert_eq!(code, 1);
    let text = fs::read(SAMPLE).unwrap();
    let mut n = 0;
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for k in [
            "file",
            "line",
            "column",
            "segment",
            "rule",
            "category",
            "severity",
            "flagged",
            "context",
            "message",
            "suggestion",
            "byte_start",
            "byte_end",
        ] {
            assert!(v.get(k).is_some(), "{k} missing in {line}");
        }
        let (s, e) = (
            v["byte_start"].as_u64().unwrap() as usize,
            v["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&text[s..e]).unwrap(),
            v["flagged"].as_str().unwrap()
        );
        n += 1;
    }
    assert!(n >= 20);
}

#[test]
fn text_format_is_a_compiler_style_listing_with_summary() {
    let (code, out, _) = stdout(&["check", "--lang", "fr", SAMPLE]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{SAMPLE}:1:448: error[foreign-name]: Untranslated Russian name “Крутских”"
        )),
        "{out}"
    );
    assert!(out.contains("    = suggestion: Kroutskikh"));
    assert!(
        out.lines()
            .any(|l| l.trim_start_matches("    | ").trim() == "^^^^^^^^"),
        "underline of 8 chars"
    );
    let last = out.lines().last().unwrap();
    assert!(
        last.contains("findings (") && last.contains("errors"),
        "{last}"
    );
}

#[test]
fn output_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    let out = mtlint()
        .args(["check", "--lang", "fr", "--format", "csv", "-o"])
        .arg(&path)
        .arg(SAMPLE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.starts_with(HEADER));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "a report is not a private temporary file");
    }

    let input = fs::read(SAMPLE).unwrap();
    for args in [
        vec!["check", "--lang", "fr", "--format", "csv"],
        vec!["check", "--lang", "fr", "--format", "csv", "-"],
    ] {
        let out = mtlint()
            .args(&args)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let s = String::from_utf8(out.stdout).unwrap();
        let rows = csv_rows(&s);
        assert!(!rows.is_empty() && rows.iter().all(|r| &r[0] == "-"));
        assert_eq!(
            s.replace("\n-,", "\nX,"),
            written.replace(&format!("\n{SAMPLE},"), "\nX,")
        );
    }
}

#[test]
fn several_files_sorted_by_file_and_language_detected_per_file() {
    let (code, out, _) = stdout(&[
        "check",
        "--format",
        "csv",
        "tests/fixtures/warn_fr.txt",
        SAMPLE,
    ]);
    assert_eq!(code, 1);
    let files: Vec<String> = csv_rows(&out).iter().map(|r| r[0].to_string()).collect();
    let first_warn = files
        .iter()
        .position(|f| f.ends_with("warn_fr.txt"))
        .unwrap();
    assert!(files[..first_warn].iter().all(|f| f == SAMPLE));
    assert!(
        files[first_warn..]
            .iter()
            .all(|f| f.ends_with("warn_fr.txt"))
    );
}

#[test]
fn fail_on_levels() {
    let warn = "tests/fixtures/warn_fr.txt";
    let clean = "tests/fixtures/clean_fr.txt";
    let code = |args: &[&str]| mtlint().args(args).output().unwrap().status.code().unwrap();
    assert_eq!(code(&["check", "--lang", "fr", clean]), 0);
    assert_eq!(
        code(&["check", "--lang", "fr", warn]),
        0,
        "warnings only, fail-on error"
    );
    assert_eq!(
        code(&["check", "--lang", "fr", "--fail-on", "warning", warn]),
        1
    );
    assert_eq!(
        code(&["check", "--lang", "fr", "--fail-on", "info", warn]),
        1
    );
    assert_eq!(
        code(&["check", "--lang", "fr", "--fail-on", "never", SAMPLE]),
        0
    );
    assert_eq!(
        code(&["check", "--lang", "fr", "--fail-on", "error", SAMPLE]),
        1
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = stdout(&["check", "--lang", "xx", SAMPLE]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown language `xx`"), "{err}");
    assert_eq!(stdout(&["check", "--format", "pdf", SAMPLE]).0, 2);
    assert_eq!(stdout(&["frobnicate"]).0, 2);
    assert_eq!(stdout(&["--help"]).0, 0);
}

#[test]
fn unreadable_file_exit_2_but_others_still_reported() {
    let (code, out, err) = stdout(&[
        "check",
        "--lang",
        "fr",
        "--format",
        "csv",
        "no/such/file.txt",
        SAMPLE,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.txt"), "{err}");
    assert!(csv_rows(&out).iter().any(|r| &r[0] == SAMPLE));
    // A folder is walked; one with no file mtlint reads is an error, not a silent pass.
    let (code, _, err) = stdout(&["check", "--lang", "fr", "src/report"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("src/report: no file mtlint reads here"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let (code, out, err) = stdout(&[
        "check",
        "--lang",
        "fr",
        "--format",
        "csv",
        "tests/fixtures/bad_utf8.txt",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("tests/fixtures/bad_utf8.txt: invalid UTF-8 at byte offset 42 (line 2)"),
        "{err}"
    );
    assert!(
        !out.contains("Крутских"),
        "nothing after the bad byte is reported"
    );
}

#[test]
fn bom_and_crlf_keep_positions_right() {
    let (_, out, _) = stdout(&[
        "check",
        "--lang",
        "fr",
        "--format",
        "jsonl",
        "tests/fixtures/bom_crlf.txt",
    ]);
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let name = recs.iter().find(|r| r["flagged"] == "Крутских").unwrap();
    assert_eq!(
        (name["line"].as_u64(), name["column"].as_u64()),
        (Some(1), Some(32))
    );
    assert_eq!(
        name["byte_start"].as_u64(),
        Some(3 + "La réunion à Genève avec André ".len() as u64)
    );
    let caps = recs.iter().find(|r| r["flagged"] == "RUSSIE").unwrap();
    assert_eq!(
        (caps["line"].as_u64(), caps["column"].as_u64()),
        (Some(2), Some(17))
    );
    assert!(!out.contains('\r'));
}

#[test]
fn user_rules_and_csv_injection() {
    let (code, out, _) = stdout(&[
        "check",
        "--lang",
        "fr",
        "--format",
        "csv",
        "--rules",
        "tests/fixtures/rules_ok.toml",
        "tests/fixtures/injection.txt",
        SAMPLE,
    ]);
    assert_eq!(code, 1);
    let rows = csv_rows(&out);
    let f = rows.iter().find(|r| &r[4] == "no-formula").unwrap();
    assert_eq!(&f[7], "'=HYPERLINK(\"http://evil.example\")");
    assert_eq!(&f[5], "custom");
    assert!(
        f[8].starts_with("'="),
        "context cell made inert too: {}",
        &f[8]
    );
    let m = rows.iter().find(|r| &r[4] == "fr-muflerie").unwrap();
    assert_eq!(
        (&m[10], &m[5], &m[6]),
        ("grossièreté", "phrasing", "warning")
    );
    assert!(!out.lines().skip(1).any(|l| l.starts_with(['=', '+', '@'])));
}

#[test]
fn bad_rule_file_names_file_rule_and_regex_error() {
    let (code, out, err) = stdout(&[
        "check",
        "--lang",
        "fr",
        "--rules",
        "tests/fixtures/rules_bad.toml",
        SAMPLE,
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("tests/fixtures/rules_bad.toml: rule `broken`: invalid regex"),
        "{err}"
    );
    let (code, _, err) = stdout(&["check", "--rules", "no/such.toml", SAMPLE]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such.toml"), "{err}");
}

#[test]
fn rules_and_explain() {
    let (code, out, _) = stdout(&["rules"]);
    assert_eq!(code, 0);
    for id in [
        "foreign-name",
        "foreign-word",
        "homoglyph",
        "language-switch",
        "doubled-word",
        "caps-word",
        "case-break",
        "fr-inversion-dash",
    ] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} listed");
    }
    let (code, out, _) = stdout(&["explain", "caps-word"]);
    assert_eq!(code, 0);
    assert!(out.contains("Fires (target language fr):") && out.contains("Does not fire:"));
    // The severity is a promise about measured precision: explain gives the figures.
    assert!(out.contains("Measured precision"), "{out}");
    assert!(
        out.contains("labelled") && out.contains("Default severity info"),
        "{out}"
    );
    let (code, out, _) = stdout(&["explain", "fr-inversion-at"]);
    assert_eq!(code, 0);
    assert!(out.contains("at-il"));
    assert!(
        out.contains("Default severity warning, not measured:"),
        "{out}"
    );
    // The MQM class comes from the rule's own registry entry, also for a pack rule.
    assert!(
        out.contains("MQM class: Fluency/Spelling (Minor; penalty 1 "),
        "{out}"
    );
    let (code, _, err) = stdout(&["explain", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule"));
    // The machine-readable list: every built-in rule with its registry data.
    let (code, out, _) = stdout(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let list: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    for rule in mtlint::registry::Rule::ALL {
        let row = list
            .iter()
            .find(|r| r["id"] == rule.id())
            .unwrap_or_else(|| panic!("{rule} listed"));
        assert_eq!(row["category"], rule.category().as_str());
        assert_eq!(row["severity"], rule.severity().as_str());
        assert_eq!(row["mqm_category"], rule.meta().mqm.category.as_str());
    }
    assert!(
        list.iter()
            .any(|r| r["id"] == "fr-inversion-at" && r["lang"] == "fr")
    );
}

#[test]
fn thread_count_does_not_change_output() {
    let big: String = std::iter::repeat_n(fs::read_to_string(SAMPLE).unwrap(), 40).collect();
    let run = |j: &str| {
        mtlint()
            .args(["check", "--lang", "fr", "--format", "jsonl", "-j", j])
            .write_stdin(big.clone())
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
}

#[cfg(unix)]
#[test]
fn output_to_a_device_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let out = mtlint()
        .args([
            "check",
            "--lang",
            "fr",
            "--format",
            "csv",
            "-o",
            "/dev/null",
            SAMPLE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/null is still a device"
    );
}

const SHORT: &str = "Il a dit le le mot à Крутских.\nUne phrase correcte.\n";
const SHORT_SUMMARY: &str = "mtlint: 2 findings (1 error, 1 warning, 0 info) in 2 segments of 1 file; mixed-script: 1, phrasing: 1; MQM-style penalty 545.45 per 1,000 words\n";

#[test]
fn without_a_terminal_stderr_has_the_summary_and_no_progress() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("short.txt");
    fs::write(&p, SHORT).unwrap();
    let (code, out, err) = stdout(&[
        "check",
        "--lang",
        "fr",
        "--format",
        "jsonl",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 2);
    assert_eq!(err, SHORT_SUMMARY, "exactly the summary: no progress bar");
}

#[test]
fn quiet_keeps_the_report_and_the_exit_status_and_silences_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("short.txt");
    fs::write(&p, SHORT).unwrap();
    let p = p.to_str().unwrap();
    for format in ["jsonl", "csv", "text", "json"] {
        let loud = stdout(&["check", "--lang", "fr", "--format", format, p]);
        let quiet = stdout(&["check", "--quiet", "--lang", "fr", "--format", format, p]);
        assert_eq!((quiet.0, &quiet.1), (loud.0, &loud.1), "{format}");
        assert_eq!(quiet.2, "", "{format}");
    }
    // Errors are still told, and so is the reason for a failing --max-score.
    let (code, _, err) = stdout(&["check", "-q", "--lang", "fr", p, "missing.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.txt"), "{err}");
    let (code, _, err) = stdout(&[
        "check",
        "-q",
        "--lang",
        "fr",
        "--fail-on",
        "never",
        "--max-score",
        "1",
        p,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--max-score"), "{err}");
}

/// Runs `mtlint args` with a pseudo-terminal for its standard streams (util-linux `script`);
/// returns what the terminal showed, or None where `script` is not available.
fn on_terminal(args: &[&str]) -> Option<String> {
    on_terminal_of_width(None, args)
}

/// [`on_terminal`] on a terminal `cols` columns wide (set with `stty`).
fn on_terminal_of_width(cols: Option<u16>, args: &[&str]) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("mtlint");
    let mut cmd = cols.map_or(String::new(), |c| format!("stty cols {c} rows 24; "));
    cmd.push_str(bin.to_str().unwrap());
    for a in args {
        cmd.push(' ');
        cmd.push_str(a);
    }
    let script = |cmd: &str| {
        std::process::Command::new("script")
            .args(["-qec", cmd, "/dev/null"])
            .output()
            .ok()
    };
    // `script` may be missing, or unable to open a pseudo-terminal.
    if !script("true")?.status.success() {
        return None;
    }
    let out = script(&cmd)?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn on_a_terminal_a_progress_bar_is_drawn_unless_quiet_or_the_report_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("short.txt");
    fs::write(&p, SHORT).unwrap();
    let report = dir.path().join("report.csv");
    let (p, o) = (p.to_str().unwrap(), report.to_str().unwrap());
    // The bar: `⠁ [====>     ]  64% 1.2 KiB/s eta 0s · 1 segments 40/s · short.txt`.
    let Some(shown) = on_terminal(&["check", "--lang", "fr", "--format", "csv", "-o", o, p]) else {
        eprintln!("no `script` command: terminal behaviour not tested");
        return;
    };
    // The file name, cut to what fits the terminal.
    assert!(shown.contains(&format!("/s · {}", &p[..10])), "{shown:?}");
    assert!(
        shown.contains("mtlint: 2 findings"),
        "the summary follows: {shown:?}"
    );
    let (_, piped, _) = stdout(&["check", "--lang", "fr", "--format", "csv", p]);
    assert_eq!(
        fs::read_to_string(&report).unwrap(),
        piped,
        "the report is unchanged"
    );

    let shown =
        on_terminal(&["check", "-q", "--lang", "fr", "--format", "csv", "-o", o, p]).unwrap();
    assert_eq!(shown, "", "--quiet: nothing at all");
    // The report on the terminal is its own progress: a bar would garble it.
    let shown = on_terminal(&["check", "--lang", "fr", "--format", "jsonl", p]).unwrap();
    assert!(!shown.contains("/s · "), "{shown:?}");
    assert_eq!(
        shown.lines().count(),
        3,
        "two findings and the summary: {shown:?}"
    );
}

#[test]
fn quotations_pair_across_lines_whatever_the_thread_count() {
    // Line 1 is plain; then each odd line opens a quotation that the next line closes, so that
    // pairs straddle the batches the worker threads are given (512 lines each).
    let mut lines = vec!["Le maire a parlé hier.".to_string()];
    for i in 0..400 {
        lines.push(format!("Il a dit : « Nous viendrons demain ({i})."));
        lines.push("La réunion aura lieu à midi », a-t-il ajouté.".to_string());
    }
    // A quotation never closed, and a closing mark with nothing open before it.
    lines.push("Il a dit « nous viendrons et partit.".to_string());
    lines.extend(std::iter::repeat_n("Rien à signaler.".to_string(), 10));
    lines.push("Tout va bien », a-t-il dit.".to_string());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let run = |j: &str| {
        let (_, out, _) = stdout(&[
            "check",
            "--lang",
            "fr",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
            "-j",
            j,
            path.to_str().unwrap(),
        ]);
        out
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let unbalanced: Vec<(u64, String)> = one
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["rule"] == "unbalanced-delimiter")
        .map(|v| {
            (
                v["line"].as_u64().unwrap(),
                v["flagged"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        unbalanced,
        [(802, "«".to_string()), (813, "»".to_string())],
        "{one}"
    );
}

#[test]
fn select_and_ignore_choose_rules_by_id_category_prefix_or_pack() {
    let rules_of = |extra: &[&str]| -> (i32, Vec<String>, String) {
        let mut args = vec![
            "check",
            "--lang",
            "fr",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
        ];
        args.extend(extra);
        args.push(SAMPLE);
        let (code, out, err) = stdout(&args);
        let mut rules: Vec<String> = out
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        rules.sort();
        rules.dedup();
        (code, rules, err)
    };
    let (_, all, _) = rules_of(&[]);
    assert!(
        all.contains(&"foreign-name".to_string()) && all.contains(&"fr-inversion-at".to_string())
    );
    let (_, mixed, _) = rules_of(&["--select", "mixed-script"]);
    assert_eq!(mixed, ["foreign-name", "foreign-word"]);
    let (_, pack, _) = rules_of(&["--select", "lang:fr"]);
    assert!(
        !pack.is_empty() && pack.iter().all(|r| r.starts_with("fr-")),
        "{pack:?}"
    );
    let (_, rest, _) = rules_of(&["--ignore", "fr-*", "--ignore", "caps-word,mixed-script"]);
    assert!(!rest.is_empty());
    assert!(
        rest.iter()
            .all(|r| !r.starts_with("fr-") && r != "caps-word" && !r.starts_with("foreign"))
    );
    // A typo is an error, not a gate silently switched off.
    let (code, _, err) = rules_of(&["--select", "doubled-wrod"]);
    assert_eq!(code, 2);
    assert!(err.contains("`doubled-wrod` selects no rule"), "{err}");
}

/// Rule non-word without any dictionary: one note per language on standard error, however many
/// segments, and the run goes on; with `--dictionary` the rule works.
#[test]
fn non_word_notes_a_missing_dictionary_once_and_takes_dictionary_files() {
    let text = "Une extistante des serveurs.\nUne autre extistante.\nEncore une extistante.\n";
    let run = |args: &[&str]| {
        let out = mtlint()
            .env("MTLINT_DICPATH", "")
            .args(args)
            .write_stdin(text)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, out, err) = run(&["check", "--no-config", "--lang", "fr", "-"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("non-word"), "{out}");
    assert_eq!(
        err.matches("note: no Hunspell dictionary for `fr`").count(),
        1,
        "{err}"
    );
    assert!(err.contains("hunspell-fr"), "{err}");
    // --quiet: no note.
    let (_, _, err) = run(&["check", "--no-config", "--lang", "fr", "-q", "-"]);
    assert!(!err.contains("note"), "{err}");
    // A .dic file, the language from its name, or LANG=PATH.
    for d in [
        "tests/fixtures/hunspell/fr_TEST.dic",
        "fr=tests/fixtures/hunspell/fr_TEST.dic",
    ] {
        let (code, out, err) = run(&[
            "check",
            "--no-config",
            "--lang",
            "fr",
            "--format",
            "csv",
            "--dictionary",
            d,
            "-",
        ]);
        assert_eq!(code, 0, "{out}{err}");
        let rows = csv_rows(&out);
        let flagged: Vec<&str> = rows
            .iter()
            .filter(|r| &r[4] == "non-word")
            .map(|r| &r[7])
            .collect();
        assert_eq!(flagged, ["extistante"; 3], "{out}");
        assert!(!err.contains("note: no Hunspell"), "{err}");
    }
    // A dictionary that does not exist is an error naming it.
    let (code, _, err) = run(&[
        "check",
        "--lang",
        "fr",
        "--dictionary",
        "fr=/nowhere/fr.dic",
        "-",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/nowhere/fr.dic"), "{err}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("short.txt");
    fs::write(&p, SHORT).unwrap();
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut cmd = mtlint();
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["check", "--lang", "fr"])
            .args(extra)
            .arg(&p)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // A pipe (as here): plain text.
    assert!(!run(&[], &[]).contains('\x1b'));
    let coloured = run(&["--color", "always"], &[]);
    assert!(
        coloured.contains("\x1b[1;31merror\x1b[0m[foreign-name]"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[1;33mwarning\x1b[0m[doubled-word]"),
        "{coloured}"
    );
    // Stripped of its escapes, the coloured listing is the plain one.
    let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&coloured, "")
        .into_owned();
    assert_eq!(stripped, run(&[], &[]));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]).contains('\x1b'));
    assert!(!run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
    assert!(!run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains('\x1b'));
}

#[test]
fn the_summary_speaks_singular_and_plural() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("one.txt");
    fs::write(&p, "Il a parlé à Крутских.\n").unwrap();
    let (code, out, _) = stdout(&["check", "--lang", "fr", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("1 finding (1 error, 0 warnings, 0 info) in 1 segment of 1 file;"),
        "{last}"
    );
}

#[test]
fn a_report_into_a_missing_folder_says_which_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/report.csv");
    let (code, _, err) = stdout(&["check", "-q", "-o", target.to_str().unwrap(), SAMPLE]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        format!(
            "mtlint: cannot write {}: no folder {}",
            target.display(),
            dir.path().join("no/such").display()
        )
    );
}

#[test]
fn the_progress_bar_fits_an_80_column_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir
        .path()
        .join(format!("{}.txt", "a-very-long-file-name".repeat(6)));
    fs::write(&p, SHORT.repeat(200)).unwrap();
    let report = dir.path().join("report.csv");
    let (p, o) = (p.to_str().unwrap(), report.to_str().unwrap());
    let args = ["check", "--lang", "fr", "--format", "csv", "-o", o, p];
    let Some(shown) = on_terminal_of_width(Some(80), &args) else {
        eprintln!("no `script` command or pseudo-terminal: terminal behaviour not tested");
        return;
    };
    let escapes = regex::Regex::new("\x1b\\[[0-9;?]*[A-Za-z]").unwrap();
    let plain = escapes.replace_all(&shown, "");
    let bars: Vec<&str> = plain
        .split(['\r', '\n'])
        .filter(|l| l.contains("/s · "))
        .collect();
    assert!(!bars.is_empty(), "a bar was drawn: {shown:?}");
    for bar in bars {
        assert!(
            bar.chars().count() <= 80,
            "{} columns: {bar:?}",
            bar.chars().count()
        );
    }
}

#[test]
fn a_language_without_a_pack_gets_the_language_independent_checks() {
    // Danish has no phrasing pack: numbers, placeholders and foreign script are still checked.
    let (code, out, err) = stdout(&[
        "check",
        "--format",
        "csv",
        "tests/fixtures/bilingual/ui.da.xlf",
    ]);
    assert_eq!(code, 1, "{err}");
    let rows = csv_rows(&out);
    let rules: Vec<(&str, &str)> = rows.iter().map(|r| (&r[4], &r[7])).collect();
    assert!(rules.contains(&("number-mismatch", "4")), "{rules:?}");
    assert!(
        rules.contains(&("placeholder-mismatch", "Åbn")),
        "{rules:?}"
    );
    assert!(rules.contains(&("foreign-name", "Крутских")), "{rules:?}");
    assert!(out.contains("in Danish text"), "{out}");
}

#[test]
fn a_language_known_from_cldr_only_gets_the_language_independent_checks() {
    // Northern Sami: no language data in mtlint, but CLDR gives its name and script (Latin).
    let (code, out, err) = stdout(&[
        "check",
        "--format",
        "csv",
        "tests/fixtures/bilingual/ui.se.xlf",
    ]);
    assert_eq!(code, 1, "{err}");
    let rows = csv_rows(&out);
    let rules: Vec<(&str, &str)> = rows.iter().map(|r| (&r[4], &r[7])).collect();
    assert!(rules.contains(&("number-mismatch", "4")), "{rules:?}");
    assert!(
        rules.contains(&("placeholder-mismatch", "Raba")),
        "{rules:?}"
    );
    assert!(rules.contains(&("foreign-name", "Крутских")), "{rules:?}");
    assert!(out.contains("in Northern Sami text"), "{out}");
    // The Sami words themselves are not foreign, and nothing else is reported (the number
    // check reports the 3 missing and the 4 added).
    assert!(
        rules
            .iter()
            .all(|(r, _)| ["number-mismatch", "placeholder-mismatch", "foreign-name"].contains(r)),
        "{rules:?}"
    );
    // What was skipped is said once.
    assert_eq!(
        err.matches("Northern Sami (se) is known from CLDR data only")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("skipped: language-switch"), "{err}");
    // --lang in any spelling, and a Danish file (a language without pack) says so once too.
    let (code, _, err) = stdout(&[
        "check",
        "--lang",
        "SC",
        "tests/fixtures/bilingual/ui.se.xlf",
        "tests/fixtures/bilingual/ui.da.xlf",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.matches("Sardinian (sc)").count(), 1, "{err}");
    let (_, _, err) = stdout(&["check", "tests/fixtures/bilingual/ui.da.xlf"]);
    assert!(err.contains("Danish (da) has no phrasing pack"), "{err}");
    let (_, _, err) = stdout(&["check", "-q", "tests/fixtures/bilingual/ui.da.xlf"]);
    assert!(!err.contains("phrasing pack"), "{err}");
}

#[test]
fn lang_accepts_locale_codes_in_any_usual_spelling() {
    let (_, expected, _) = stdout(&["check", "--lang", "fr", "--format", "csv", SAMPLE]);
    for spelling in ["fr-FR", "fr_FR", "FR", "fr_FR.UTF-8", " fr-ca "] {
        let (code, out, err) = stdout(&["check", "--lang", spelling, "--format", "csv", SAMPLE]);
        assert_eq!(code, 1, "{spelling}: {err}");
        assert_eq!(out, expected, "{spelling}");
    }
    let (code, _, err) = stdout(&["check", "--lang", "xx-YY", SAMPLE]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown language `xx-YY`"), "{err}");
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    // `mtlint check … | head -1`: the pipe closes long before the report is written.
    use std::io::{BufRead, Read};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.txt");
    fs::write(&p, SHORT.repeat(5000)).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mtlint"))
        .args(["check", "--lang", "fr"])
        .arg(&p)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("[doubled-word]"), "{first}");
    // The reader is gone (dropped above); mtlint's next writes fail with a closed pipe.
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(141), "{err}");
    assert_eq!(err, "", "nothing on standard error");
}
