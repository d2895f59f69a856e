//! The review and CI formats: `sarif`, `github`, `json`, `mqm`.
//!
//! Golden files in tests/golden/ hold each format's output for the small fixtures in
//! tests/golden/fixtures/; they are compared byte for byte. (The bundled sample's reports are
//! the one set in reports/, checked by tests/reports.rs.) After a reviewed change, regenerate
//! them with `UPDATE_GOLDEN=1 cargo test --test formats` and review the diff.
//! SARIF is validated against the official OASIS schema (tests/sarif-schema-2.1.0.json, see
//! tests/sarif-schema.README.md) and JSON against schemas/report.schema.json.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

const SAMPLE: &str = "data/sample/000_5d35f27f8244f893.txt";
const RULES: &str = "tests/golden/fixtures/rules.toml";
const FIXTURES: [&str; 3] = [
    "tests/golden/fixtures/clean.txt",
    "tests/golden/fixtures/mixed.txt",
    "tests/golden/fixtures/second.txt",
];
/// (format, golden file extension)
const FORMATS: [(&str, &str); 4] = [
    ("sarif", "sarif"),
    ("github", "github.txt"),
    ("json", "json"),
    ("mqm", "mqm.tsv"),
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs mtlint with `args` in `dir` (the crate root when `None`), `stdin` on standard input.
fn mtlint_in(dir: Option<&Path>, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::cargo_bin("mtlint").unwrap();
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd.write_stdin(stdin.unwrap_or(""));
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn mtlint(args: &[&str]) -> Run {
    mtlint_in(None, args, None)
}

/// `check --lang fr --fail-on never ARGS…`, run once per distinct ARGS in this test binary
/// (each run of a debug build takes about a second).
fn cached(args: &[&str]) -> String {
    static CACHE: Mutex<BTreeMap<Vec<String>, Arc<OnceLock<String>>>> = Mutex::new(BTreeMap::new());
    let key: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let cell = CACHE.lock().unwrap().entry(key).or_default().clone();
    cell.get_or_init(|| {
        let mut all = vec!["check", "--lang", "fr", "--fail-on", "never"];
        all.extend(args);
        let r = mtlint(&all);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout
    })
    .clone()
}

/// The report of the sample in format `fmt`.
fn sample(fmt: &str) -> String {
    cached(&["--format", fmt, SAMPLE])
}

/// The report of the fixtures, with the fixture user rules, in format `fmt`.
fn fixtures(fmt: &str) -> String {
    let mut args = vec!["--format", fmt, "--rules", RULES];
    args.extend(FIXTURES);
    cached(&args)
}

/// Compares `actual` with tests/golden/NAME (or writes it there under UPDATE_GOLDEN=1); returns
/// a description of the mismatch.
fn golden(name: &str, actual: &str) -> Option<String> {
    let path = format!("tests/golden/{name}");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()))
        + 1;
    Some(format!(
        "{path} differs from the output (first at line {line})"
    ))
}

#[test]
fn fixtures_match_the_golden_files_and_runs_are_deterministic() {
    let mut stale = Vec::new();
    for (fmt, ext) in FORMATS {
        let s = sample(fmt);
        let again = mtlint(&[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            fmt,
            SAMPLE,
        ]);
        assert_eq!(s, again.stdout, "{fmt}: output differs between two runs");
        stale.extend(golden(&format!("fixtures.{ext}"), &fixtures(fmt)));
    }
    assert!(
        stale.is_empty(),
        "{stale:#?}\nreview the change, then regenerate with UPDATE_GOLDEN=1 cargo test --test formats"
    );
}

#[test]
fn no_absolute_path_or_timestamp_in_any_output() {
    let root = env!("CARGO_MANIFEST_DIR");
    for (fmt, _) in FORMATS {
        for out in [sample(fmt), fixtures(fmt)] {
            assert!(!out.contains(root), "{fmt} names the checkout");
            assert!(
                !out.contains("Utc") && !out.contains("T00:"),
                "{fmt}: a timestamp?"
            );
        }
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn sarif_validator() -> jsonschema::Validator {
    let schema = json(&fs::read_to_string("tests/sarif-schema-2.1.0.json").unwrap());
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn sarif_validator_cached() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(sarif_validator)
}

fn report_validator() -> jsonschema::Validator {
    let schema = json(&fs::read_to_string("schemas/report.schema.json").unwrap());
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schemas/report.schema.json compiles")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} is not valid: {errors:#?}");
}

/// A directory with a file that cannot be read, for the error paths.
fn missing_file_run(fmt: &str) -> Run {
    let r = mtlint(&[
        "check",
        "--lang",
        "fr",
        "--format",
        fmt,
        SAMPLE,
        "tests/golden/fixtures/missing.txt",
    ]);
    assert_eq!(r.code, 2, "unreadable input → exit 2");
    r
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let v = sarif_validator();
    let stdin = mtlint_in(
        None,
        &["check", "--lang", "fr", "--format", "sarif"],
        Some("André Крутских a parlé.\n"),
    );
    let runs = [
        ("sample", sample("sarif")),
        ("fixtures", fixtures("sarif")),
        ("stdin", stdin.stdout),
        ("missing file", missing_file_run("sarif").stdout),
        (
            "no input",
            mtlint_in(
                None,
                &["check", "--format", "sarif", "--lang", "fr"],
                Some(""),
            )
            .stdout,
        ),
    ];
    for (what, text) in &runs {
        let doc = json(text);
        assert_valid(&v, &doc, what);
        let run = &doc["runs"][0];
        assert_eq!(doc["version"], "2.1.0");
        assert_eq!(run["tool"]["driver"]["name"], "mtlint");
        assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        // Every result points at its rule; every rule has a result.
        let mut used = HashSet::new();
        for r in results {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"], "{what}");
            used.insert(i);
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            assert!(
                uri.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@%".contains(&b)),
                "{what}: {uri} is not a URI reference"
            );
            assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
            assert!(
                r["partialFingerprints"]["mtlintFinding/v1"]
                    .as_str()
                    .unwrap()
                    .len()
                    == 16
            );
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        }
        assert_eq!(used.len(), rules.len(), "{what}: a rule without result");
        assert!(run["properties"]["summary"]["per_file"].is_object());
    }
    // Specific content.
    let doc = json(&runs[0].1);
    let run = &doc["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let results = run["results"].as_array().unwrap();
    let name = results
        .iter()
        .find(|r| r["ruleId"] == "foreign-name")
        .unwrap();
    assert_eq!(name["level"], "error");
    assert_eq!(
        name["locations"][0]["physicalLocation"]["region"]["snippet"]["text"],
        "Крутских"
    );
    assert!(
        name["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with("Suggestion: “Kroutskikh”.")
    );
    // A transliteration can change the meaning: its suggestion is in the message, not a fix.
    // Fixes are those of the rules safe to fix, the edits `--fix` makes.
    assert!(name.get("fixes").is_none());
    let inversion = results
        .iter()
        .find(|r| r["ruleId"] == "fr-inversion-dash")
        .unwrap();
    let fix = &inversion["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "dit-il");
    assert_eq!(
        fix["deletedRegion"]["startColumn"],
        inversion["locations"][0]["physicalLocation"]["region"]["startColumn"]
    );
    assert!(fix["deletedRegion"]["byteOffset"].is_u64());
    assert_eq!(
        name["properties"]["mqmCategory"],
        "Accuracy/Untranslated text"
    );
    assert_eq!(name["properties"]["mqmSeverity"], "Major");
    // No suggestion, no fix.
    let word = results
        .iter()
        .find(|r| r["ruleId"] == "foreign-word")
        .unwrap();
    assert!(word.get("fixes").is_none());
    // Info becomes note; rule metadata comes from the docs.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let cyber = rules.iter().find(|r| r["id"] == "fr-cyber-hyphen").unwrap();
    assert_eq!(cyber["defaultConfiguration"]["level"], "note");
    assert_eq!(cyber["properties"]["category"], "phrasing");
    let caps = rules.iter().find(|r| r["id"] == "caps-word").unwrap();
    assert!(
        caps["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("capitals")
    );
    assert!(
        !caps["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains('\n')
    );
    // Standard input and unreadable files.
    let doc = json(&runs[2].1);
    let uri = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "stdin");
    let doc = json(&runs[3].1);
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .contains("missing.txt")
    );
}

#[test]
fn the_schemas_reject_broken_documents() {
    // The validators do bite: a result without message, a report without summary.
    let mut doc = json(&sample("sarif"));
    doc["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!sarif_validator().is_valid(&doc));
    let mut doc = json(&sample("json"));
    doc.as_object_mut().unwrap().remove("summary");
    assert!(!report_validator().is_valid(&doc));
    let mut doc = json(&sample("json"));
    doc["findings"][0]["severity"] = "fatal".into();
    assert!(!report_validator().is_valid(&doc));
}

#[test]
fn sarif_fingerprints_survive_moved_lines_and_change_with_the_flagged_text() {
    let dir = tempfile::tempdir().unwrap();
    let fingerprints = |text: &str| -> Vec<(String, u64, String)> {
        fs::write(dir.path().join("t.txt"), text).unwrap();
        let r = mtlint_in(
            Some(dir.path()),
            &["check", "--lang", "fr", "--format", "sarif", "t.txt"],
            None,
        );
        let doc = json(&r.stdout);
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                    r["partialFingerprints"]["mtlintFinding/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let line_a = "Selon André Крутских, rien ne change.";
    let line_b = "Le mot кибербеспредел revient.";
    let before = fingerprints(&format!("{line_a}\n{line_b}\n{line_b}\n"));
    assert_eq!(before.len(), 3, "{before:?}");
    assert_eq!(before[0].0, "Крутских");
    assert_eq!((before[1].1, before[2].1), (2, 3));
    // Two identical findings in one file get different fingerprints.
    assert_ne!(before[1].2, before[2].2);

    // A blank line above every finding, and one between the twins: lines move, fingerprints stay.
    let moved = fingerprints(&format!("\n{line_a}\n\n{line_b}\n{line_b}\n"));
    assert_eq!(moved.iter().map(|f| f.1).collect::<Vec<_>>(), vec![2, 4, 5]);
    let fp = |v: &[(String, u64, String)]| v.iter().map(|f| f.2.clone()).collect::<Vec<_>>();
    assert_eq!(fp(&moved), fp(&before));

    // The flagged word edited: its fingerprint changes, the others stay.
    let edited = fingerprints(&format!(
        "{}\n{line_b}\n{line_b}\n",
        line_a.replace("Крутских", "Рябков")
    ));
    assert_eq!(edited[0].0, "Рябков");
    assert_ne!(edited[0].2, before[0].2);
    assert_eq!(fp(&edited)[1..], fp(&before)[1..]);
}

#[test]
fn json_is_valid_against_its_schema_and_carries_the_jsonl_records() {
    let v = report_validator();
    for (what, text) in [
        ("sample", sample("json")),
        ("fixtures", fixtures("json")),
        ("missing file", missing_file_run("json").stdout),
    ] {
        assert_valid(&v, &json(&text), what);
    }
    let doc = json(&sample("json"));
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "mtlint");
    let jsonl: Vec<Value> = sample("jsonl").lines().map(json).collect();
    assert_eq!(doc["findings"].as_array().unwrap(), &jsonl);
    let s = &doc["summary"];
    assert_eq!(s["findings"].as_u64().unwrap() as usize, jsonl.len());
    assert_eq!(s["files"], 1);
    let f = &s["per_file"][SAMPLE];
    assert_eq!(f["findings"], s["findings"]);
    assert_eq!(f["score"], s["score"]);
    let by_sev: u64 = ["error", "warning", "info"]
        .iter()
        .map(|k| s["by_severity"][k].as_u64().unwrap())
        .sum();
    assert_eq!(by_sev, s["findings"].as_u64().unwrap());
    // Score = penalty per 1,000 words, rounded to two decimals.
    let (p, w) = (s["penalty"].as_f64().unwrap(), s["words"].as_f64().unwrap());
    assert!((s["score"].as_f64().unwrap() - p * 1000.0 / w).abs() < 0.01);

    let doc = json(&fixtures("json"));
    let per_file = doc["summary"]["per_file"].as_object().unwrap();
    assert_eq!(per_file.len(), 3);
    assert_eq!(per_file[FIXTURES[0]]["findings"], 0);
    assert_eq!(per_file[FIXTURES[0]]["score"], 0.0);
    let doc = json(&missing_file_run("json").stdout);
    assert_eq!(doc["summary"]["file_errors"], 1);
    assert_eq!(
        doc["errors"][0]["file"],
        "tests/golden/fixtures/missing.txt"
    );
}

/// Bilingual inputs add the source-aware categories (untranslated, number, markup, consistency…):
/// the JSON report names them in the schema's terms and counts every finding by category.
#[test]
fn json_on_bilingual_inputs_is_valid_and_counts_every_category() {
    let v = report_validator();
    let mut seen = HashSet::new();
    for file in [
        "ui.xlf",
        "news.xlf",
        "report.sdlxliff",
        "memory.tmx",
        "app.po",
        "strings.tsv",
        "strings.csv",
        "mt.jsonl",
    ] {
        let path = format!("tests/fixtures/bilingual/{file}");
        let mut args = vec!["check", "--fail-on", "never", "--format", "json"];
        if file.ends_with(".jsonl") {
            args.extend(["--lang", "fr", "--source-lang", "en"]);
        }
        if file.ends_with(".tsv") {
            args.extend(["--lang", "ru", "--source-lang", "en"]);
        }
        if file.ends_with(".csv") {
            args.extend(["--lang", "fr", "--source-lang", "en"]);
        }
        args.push(&path);
        let r = mtlint(&args);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let doc = json(&r.stdout);
        assert_valid(&v, &doc, file);
        // The same run as SARIF is valid against the official schema, with a rule descriptor
        // for every rule it reports.
        let sarif_args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "json" { "sarif" } else { a })
            .collect();
        let sarif = json(&mtlint(&sarif_args).stdout);
        assert_valid(sarif_validator_cached(), &sarif, file);
        let described: HashSet<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        for f in doc["findings"].as_array().unwrap() {
            assert!(
                described.contains(f["rule"].as_str().unwrap()),
                "{file}: {f}"
            );
        }
        let s = &doc["summary"];
        let by_cat = s["by_category"].as_object().unwrap();
        let total: u64 = by_cat.values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(
            total,
            s["findings"].as_u64().unwrap(),
            "{file}: by_category"
        );
        for f in doc["findings"].as_array().unwrap() {
            seen.insert(f["category"].as_str().unwrap().to_string());
        }
    }
    assert!(
        seen.contains("untranslated"),
        "no source-aware finding in the bilingual fixtures: {seen:?}"
    );
}

#[test]
fn github_commands_escape_messages_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    // A file name with every character a property value must escape.
    let name = "50%, done: x.txt";
    fs::write(dir.path().join(name), "Le chiffre atteint 50% hier.\n").unwrap();
    let rules = fs::canonicalize(RULES).unwrap();
    let r = mtlint_in(
        Some(dir.path()),
        &[
            "check",
            "--lang",
            "fr",
            "--format",
            "github",
            "--rules",
            rules.to_str().unwrap(),
            name,
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=50%25%2C done%3A x.txt,line=1,col=20,endLine=1,endColumn=23,title=fx-percent::\
         Percentage “50%25”: French writes 50 %25, with a space, in 100%25 of cases.%0D%0A\
         See the style guide: section 3, typography. Suggestion: “50 %25”."
    );
    // The CR LF of the message did not break the command over two lines.
    assert!(lines[1].starts_with("::group::"), "{lines:?}");
    assert!(lines[2].starts_with("mtlint: 50%25, done: x.txt: 1 finding in 1 segment"));
    assert_eq!(lines[3], "::endgroup::");
    assert!(lines[4].starts_with("::notice title=mtlint::1 finding (1 error, 0 warnings, 0 info)"));
    assert!(lines[4].contains("per 1,000 words"));
    assert_eq!(lines.len(), 5);
}

#[test]
fn github_levels_summary_and_stdin() {
    let out = sample("github");
    let first: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with("::group::"))
        .collect();
    let csv = sample("csv");
    assert_eq!(
        first.len(),
        csv.lines().count() - 1,
        "one command per finding"
    );
    assert!(
        first
            .iter()
            .any(|l| l.starts_with("::error file=data/sample/"))
    );
    assert!(first.iter().any(|l| l.starts_with("::warning file=")));
    assert!(first.iter().any(|l| l.starts_with("::notice file=")));
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("::notice title=mtlint::"), "{last}");
    assert!(last.ends_with("per 1,000 words"), "{last}");

    let r = mtlint_in(
        None,
        &["check", "--lang", "fr", "--format", "github"],
        Some("André Крутских a parlé.\n"),
    );
    let line = r.stdout.lines().next().unwrap();
    assert!(
        line.starts_with(
            "::error line=1,col=7,endLine=1,endColumn=15,title=foreign-name::stdin:1:7: "
        ),
        "{line}"
    );
}

/// Data rows of an mqm report (header and `#` summary lines left out), split into cells.
fn mqm_rows(text: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity"
    );
    lines
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>())
        .inspect(|cells| assert_eq!(cells.len(), 9, "{cells:?}"))
        .collect()
}

#[test]
fn mqm_marks_exactly_the_flagged_text() {
    for (what, mqm, jsonl) in [
        ("sample", sample("mqm"), sample("jsonl")),
        ("fixtures", fixtures("mqm"), fixtures("jsonl")),
    ] {
        let rows = mqm_rows(&mqm);
        let records: Vec<Value> = jsonl.lines().map(json).collect();
        assert_eq!(rows.len(), records.len(), "{what}: one row per finding");
        for (row, rec) in rows.iter().zip(&records) {
            let target = &row[6];
            let (before, rest) = target.split_once("<v>").expect("opening mark");
            let (marked, after) = rest.split_once("</v>").expect("closing mark");
            assert!(!after.contains("<v>") && !after.contains("</v>"));
            let flagged = rec["flagged"].as_str().unwrap().replace('\t', " ");
            assert_eq!(marked, flagged, "{what}: {target}");
            // Without the marks, the target is the segment (its line, tabs made spaces).
            let file = fs::read_to_string(rec["file"].as_str().unwrap()).unwrap();
            let line = rec["line"].as_u64().unwrap() as usize;
            let segment = file.lines().nth(line - 1).unwrap().replace('\t', " ");
            assert_eq!(format!("{before}{marked}{after}"), segment);
            assert_eq!(row[0], "-");
            assert_eq!(row[1], rec["file"].as_str().unwrap());
            assert_eq!(row[3], rec["segment"].as_str().unwrap());
            assert_eq!(row[4], "mtlint");
            assert_eq!(row[5], "", "plain text has no source side");
            assert!(["Major", "Minor", "Neutral", "Non-translation"].contains(&row[8].as_str()));
        }
    }
    // doc_id numbers the documents in path order; the summary closes the file.
    let out = fixtures("mqm");
    let rows = mqm_rows(&out);
    assert!(rows.iter().all(|r| (r[1] == FIXTURES[1]) == (r[2] == "2")));
    assert!(rows.iter().any(|r| r[2] == "3"));
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("# total, 3 files: 6 findings in 5 segments"),
        "{last}"
    );
    assert!(out.contains("# doc_id 1, tests/golden/fixtures/clean.txt: 0 findings"));
    // The category and severity are the MQM table's.
    let sample_rows = mqm_rows(&sample("mqm"));
    let name = sample_rows
        .iter()
        .find(|r| r[6].contains("<v>Крутских</v>"))
        .unwrap();
    assert_eq!(
        (name[7].as_str(), name[8].as_str()),
        ("Accuracy/Untranslated text", "Major")
    );
}
