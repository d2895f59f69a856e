//! Reviewed snapshots of mtlint's findings on the real-world files in tests/real-world/ (files
//! taken unchanged from public packages; see its README.md). Each file is checked through the CLI
//! with the languages it needs, and the findings are compared with
//! tests/golden/real-world/NAME.txt, one line per finding:
//! `segment <TAB> line:column <TAB> rule <TAB> severity <TAB> flagged text` (or `error <TAB>` and
//! the message, for a file mtlint refuses).
//!
//! Every line of those snapshots was reviewed by hand (tests/real-world/REVIEW.md says, finding by
//! finding, whether it is a real problem of the file or a false alarm). When a check changes, the
//! test fails: review the difference, update REVIEW.md, then regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test real_world`.

use assert_cmd::Command;
use std::fs;

/// The real-world files and the options each needs (the language the file does not name).
const FILES: &[(&str, &[&str])] = &[
    ("xliff/security.fr.xlf", &[]),
    ("xliff/validators.de.xlf", &[]),
    ("xliff/validators.ru.xlf", &[]),
    ("po/humanize.fr.po", &["--source-lang", "en"]),
    ("tmx/memory.tmx", &[]),
    ("tmx/memory2.tmx", &[]),
    ("csv/fr-multi.csv", &["--source-lang", "en", "--lang", "fr"]),
    (
        "csv/terms-header.csv",
        &["--source-lang", "en", "--lang", "cs"],
    ),
    (
        "tsv/newstest2020.human-b.en-de.tsv",
        // Tab-separated with CSV quoting: read as CSV (TSV has no quoting).
        &[
            "--source-lang",
            "en",
            "--lang",
            "de",
            "--input-format",
            "csv",
        ],
    ),
];

/// The findings on one file, one line each.
fn findings(file: &str, opts: &[&str]) -> String {
    let path = format!("tests/real-world/{file}");
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args([
            "check",
            "--no-config",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
            "-j",
            "1",
        ])
        .args(opts)
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut lines = String::new();
    // A file mtlint cannot check (exit 2) is recorded with its error message.
    match out.status.code() {
        Some(0) => {}
        Some(2) => {
            for l in stderr.lines().filter(|l| l.contains(path.as_str())) {
                lines.push_str(&format!("error\t{l}\n"));
            }
        }
        c => panic!("{file}: exit {c:?}: {stderr}"),
    }
    let bytes = fs::read(&path).unwrap();
    for rec in String::from_utf8(out.stdout).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(rec).unwrap();
        assert_eq!(r["file"], path.as_str());
        // The byte offset points at the flagged text in the original file.
        if let Some(first) = r["flagged"].as_str().unwrap().chars().next() {
            let at = r["byte_start"].as_u64().unwrap() as usize;
            assert!(
                bytes[at..].starts_with(first.to_string().as_bytes()),
                "{file}: {rec}"
            );
        }
        let flagged = r["flagged"]
            .as_str()
            .unwrap()
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        lines.push_str(&format!(
            "{}\t{}:{}\t{}\t{}\t{}\n",
            r["segment"].as_str().unwrap(),
            r["line"],
            r["column"],
            r["rule"].as_str().unwrap(),
            r["severity"].as_str().unwrap(),
            flagged
        ));
    }
    lines
}

#[test]
fn real_world_findings_match_the_reviewed_snapshots() {
    let bless = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (file, opts) in FILES {
        let actual = findings(file, opts);
        let name = file.replace('/', "__");
        let golden = format!("tests/golden/real-world/{name}.txt");
        if bless {
            fs::create_dir_all("tests/golden/real-world").unwrap();
            fs::write(&golden, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&golden).unwrap_or_default();
        if expected != actual {
            let exp: Vec<&str> = expected.lines().collect();
            let act: Vec<&str> = actual.lines().collect();
            let gone: Vec<&&str> = exp.iter().filter(|l| !act.contains(l)).collect();
            let new: Vec<&&str> = act.iter().filter(|l| !exp.contains(l)).collect();
            stale.push(format!(
                "{golden}:\n  no longer found: {gone:#?}\n  new: {new:#?}"
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nreview every change (tests/real-world/REVIEW.md), then regenerate with UPDATE_GOLDEN=1 cargo test --test real_world",
        stale.join("\n")
    );
}

/// Every real-world file has a reviewed snapshot, and every snapshot a file.
#[test]
fn every_real_world_file_has_a_snapshot() {
    let mut files = Vec::new();
    for dir in fs::read_dir("tests/real-world").unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.file_name().unwrap() != "README.md" {
                files.push(
                    f.strip_prefix("tests/real-world")
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    files.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
    let mut snaps: Vec<String> = fs::read_dir("tests/golden/real-world")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    snaps.sort();
    let mut want: Vec<String> = listed
        .iter()
        .map(|f| format!("{}.txt", f.replace('/', "__")))
        .collect();
    want.sort();
    assert_eq!(snaps, want);
}
