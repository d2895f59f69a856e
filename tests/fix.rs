//! `mtlint check --fix` and `--diff`: a round trip per input format on the fixtures of
//! tests/fixtures/fix/ (only the fixed spans change, a span holding an escape is left, the file
//! re-checks clean of what was fixed), the diff, SARIF fixes, standard input refused.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

const DIR: &str = "tests/fixtures/fix";
/// The rules marked safe that the fixtures fire, and the user rule.
const SAFE: &str = "homoglyph,doubled-word,case-break,space-before-punct,double-space,punct-space,fr-inversion-dash,fr-inversion-t-dash,fr-inversion-at,straight-quotes";

fn mtlint() -> Command {
    Command::cargo_bin("mtlint").unwrap()
}

/// Runs mtlint in `dir` with `args`: (status, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = mtlint().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A temporary folder holding fixture `name` and the user rule file.
fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    for f in [name, "quotes.toml"] {
        fs::copy(Path::new(DIR).join(f), tmp.path().join(f)).unwrap();
    }
    let p = tmp.path().join(name);
    (tmp, p)
}

/// The findings of the safe rules in `name` (in `dir`), as `rule flagged` lines.
fn safe_findings(dir: &Path, name: &str) -> Vec<String> {
    let (code, out, err) = run(
        dir,
        &[
            "check",
            "--lang",
            "fr",
            "--rules",
            "quotes.toml",
            "--select",
            SAFE,
            "--format",
            "jsonl",
            "-q",
            name,
        ],
    );
    assert!(code == 0 || code == 1, "{err}");
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{} {}",
                v["rule"].as_str().unwrap(),
                v["flagged"].as_str().unwrap()
            )
        })
        .collect()
}

/// `--fix` on fixture `name`: the file becomes `expected/NAME` byte for byte, stderr says how
/// many were fixed, and a new check finds of the safe rules only `left` (spans with escapes).
fn round_trip(name: &str, fixed: usize, left: &[&str]) {
    let (tmp, path) = copy(name);
    let before = safe_findings(tmp.path(), name);
    assert_eq!(before.len(), fixed + left.len(), "{name}: {before:?}");
    let (code, _out, err) = run(
        tmp.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--rules",
            "quotes.toml",
            "--fix",
            name,
        ],
    );
    assert!(code == 0 || code == 1, "{name}: {err}");
    let s = if fixed == 1 { "" } else { "s" };
    assert!(
        err.contains(&format!("fixed {fixed} finding{s} in 1 file;")),
        "{name}: {err}"
    );
    let want = fs::read(Path::new(DIR).join("expected").join(name)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&fs::read(&path).unwrap()),
        String::from_utf8_lossy(&want),
        "{name}"
    );
    assert_eq!(
        safe_findings(tmp.path(), name),
        left.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "{name}: what is left"
    );
    // A second run has nothing more to fix.
    let (_, _, err) = run(
        tmp.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--rules",
            "quotes.toml",
            "--fix",
            name,
        ],
    );
    assert!(
        err.contains("fixed 0 findings in 0 files;"),
        "{name}: {err}"
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        fs::read(Path::new(DIR).join("expected").join(name)).unwrap()
    );
}

#[test]
fn plain_text_round_trip() {
    round_trip("notes.txt", 6, &[]);
}

#[test]
fn xliff_1_2_round_trip_leaves_a_character_reference() {
    round_trip("ui.xlf", 3, &["homoglyph Genеve"]);
}

#[test]
fn xliff_2_round_trip_leaves_a_character_reference() {
    round_trip("news.xlf", 3, &["homoglyph Genеve"]);
}

#[test]
fn tmx_round_trip_leaves_a_character_reference() {
    round_trip("memory.tmx", 2, &["homoglyph Genеve"]);
}

#[test]
fn po_round_trip_leaves_escapes_and_continuations() {
    round_trip(
        "app.po",
        2,
        &["straight-quotes \"Enregistrer\"", "doubled-word Les les"],
    );
}

#[test]
fn tsv_round_trip() {
    round_trip("strings.tsv", 3, &[]);
}

#[test]
fn csv_round_trip_leaves_doubled_quotes() {
    round_trip("strings.csv", 4, &["straight-quotes \"oui\""]);
}

#[test]
fn jsonl_round_trip_leaves_json_escapes() {
    round_trip(
        "mt.jsonl",
        4,
        &["homoglyph Genеve", "straight-quotes \"fichiers\""],
    );
}

#[test]
fn json_resource_round_trip_leaves_json_escapes() {
    // A key path per string; the `\u0435` escape is left.
    round_trip("app.json", 4, &["homoglyph B\u{435}rne"]);
}

#[test]
fn srt_round_trip_keeps_timings_and_cue_lines() {
    round_trip("subs.srt", 4, &[]);
}

#[test]
fn diff_previews_the_same_edits_and_changes_nothing() {
    let (tmp, path) = copy("ui.xlf");
    let (code, out, err) = run(tmp.path(), &["check", "--lang", "fr", "--diff", "ui.xlf"]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(
        fs::read(&path).unwrap(),
        fs::read(Path::new(DIR).join("ui.xlf")).unwrap()
    );
    assert!(err.contains("would fix 3 findings in 1 file;"), "{err}");
    assert!(out.starts_with("--- ui.xlf\n+++ ui.xlf\n@@ -4,"), "{out}");
    assert!(out.contains("\n-        <target>« Oui », dit – il.</target>\n+        <target>« Oui », dit-il.</target>\n"), "{out}");
    // The diff applies and gives the file --fix writes.
    let patch = std::process::Command::new("patch")
        .current_dir(tmp.path())
        .args(["-p0", "-s"])
        .stdin(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = patch {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(out.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
        assert_eq!(
            fs::read(&path).unwrap(),
            fs::read(Path::new(DIR).join("expected/ui.xlf")).unwrap()
        );
    }
}

#[test]
fn diff_exit_status_counts_every_finding_and_fix_only_those_left() {
    let (tmp, _) = copy("notes.txt");
    // notes.txt has warnings only; at --fail-on warning, --diff fails (nothing was changed)…
    let (code, _, _) = run(
        tmp.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "warning",
            "--diff",
            "notes.txt",
        ],
    );
    assert_eq!(code, 1);
    // … and --fix passes: everything was fixed.
    let (code, out, err) = run(
        tmp.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "warning",
            "--fix",
            "notes.txt",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("fixed 6 findings in 1 file; 0 left"), "{err}");
}

#[test]
fn fix_reports_only_what_is_left_and_keeps_permissions() {
    let (tmp, path) = copy("ui.xlf");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (_, out, _) = run(
        tmp.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--rules",
            "quotes.toml",
            "--fix",
            "--format",
            "csv",
            "--select",
            SAFE,
            "ui.xlf",
        ],
    );
    let rules: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap())
        .collect();
    assert_eq!(rules, ["homoglyph"], "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn standard_input_is_refused() {
    for opt in ["--fix", "--diff"] {
        let out = mtlint()
            .args(["check", "--lang", "fr", opt, "-"])
            .write_stdin("Le chat , noir.\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("cannot read standard input"), "{err}");
    }
    let (code, _, err) = run(Path::new("."), &["check", "--fix", "--diff", "x.txt"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn sarif_fixes_are_the_fix_edits() {
    let (tmp, _) = copy("ui.xlf");
    let (_, out, _) = run(
        tmp.path(),
        &["check", "--lang", "fr", "--format", "sarif", "ui.xlf"],
    );
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut edits = Vec::new();
    for r in results {
        if let Some(fixes) = r.get("fixes") {
            let rep = &fixes[0]["artifactChanges"][0]["replacements"][0];
            edits.push((
                rep["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize,
                rep["deletedRegion"]["byteLength"].as_u64().unwrap() as usize,
                rep["insertedContent"]["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    // Applying them (from the end) gives the file --fix writes; the homoglyph behind a character
    // reference has no fix.
    assert_eq!(edits.len(), 3, "{out}");
    let mut bytes = fs::read(Path::new(DIR).join("ui.xlf")).unwrap();
    edits.sort();
    for (at, len, text) in edits.into_iter().rev() {
        bytes.splice(at..at + len, text.into_bytes());
    }
    assert_eq!(
        bytes,
        fs::read(Path::new(DIR).join("expected/ui.xlf")).unwrap()
    );
}

#[test]
fn rules_and_explain_say_which_rules_are_safe() {
    let (_, out, _) = run(Path::new("."), &["rules", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let fix = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .map(|r| r["fix"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(fix("homoglyph"), "safe");
    assert_eq!(fix("fr-inversion-dash"), "safe");
    assert_eq!(fix("caps-word"), "");
    let (_, out, _) = run(Path::new("."), &["explain", "doubled-word"]);
    assert!(
        out.contains("Fix: safe") && out.contains("en: the"),
        "{out}"
    );
    let (_, out, _) = run(Path::new("."), &["explain", "foreign-name"]);
    assert!(out.contains("Fix: not applied by --fix"), "{out}");
}
