//! The catalogue of bad inputs: none may panic, hang or exhaust memory; unreadable ones exit 2
//! with a message naming the file.

use assert_cmd::Command;
use std::fs;

fn run(args: &[&str], stdin: Option<Vec<u8>>) -> (i32, String, String) {
    let mut c = Command::cargo_bin("mtlint").unwrap();
    c.args(args);
    if let Some(s) = stdin {
        c.write_stdin(s);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn lossy_reports_bad_bytes_and_goes_on_with_exact_positions() {
    let (code, out, _) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--lossy",
            "--format",
            "jsonl",
            "tests/fixtures/bad_utf8.txt",
        ],
        None,
    );
    assert_eq!(code, 1);
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bad = recs.iter().find(|r| r["rule"] == "invalid-bytes").unwrap();
    assert_eq!(
        (
            bad["line"].as_u64(),
            bad["column"].as_u64(),
            bad["byte_start"].as_u64()
        ),
        (Some(2), Some(14), Some(42))
    );
    let name = recs.iter().find(|r| r["flagged"] == "Крутских").unwrap();
    assert_eq!(
        name["line"].as_u64(),
        Some(3),
        "the file went on after the bad byte"
    );
}

#[test]
fn empty_file_and_empty_stdin_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.txt");
    fs::write(&p, "").unwrap();
    assert_eq!(
        run(&["check", "--lang", "fr", p.to_str().unwrap()], None).0,
        0
    );
    assert_eq!(
        run(&["check", p.to_str().unwrap()], None).0,
        0,
        "no language to detect, nothing to check"
    );
    assert_eq!(run(&["check", "--lang", "fr"], Some(Vec::new())).0, 0);
}

#[test]
fn binary_file_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("image.bin");
    fs::write(&p, b"PNG\x00\x01\x02 binary").unwrap();
    let (code, _, err) = run(&["check", "--lang", "fr", p.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("image.bin: binary file"), "{err}");
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Le président de RUSSIE a parlé.\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (code, out, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            "csv",
        ],
        Some(bytes),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",RUSSIE,"), "{out}");
}

#[test]
fn a_very_long_single_line_is_checked_in_linear_time() {
    // 20 MB on one line (the 100 MB case is the same code path, checked in windows of 64 KiB).
    let line =
        "Le président de RUSSIE a parlé à André Крутских hier soir à Genève. ".repeat(280_000);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.txt");
    fs::write(&p, &line).unwrap();
    let (code, out, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            "csv",
            p.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().filter(|l| l.contains(",Крутских,")).count(),
        280_000
    );
}
