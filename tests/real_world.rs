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
        "json/fr-FR.json",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/json/en.json",
        ],
    ),
    (
        "properties/messages_fr.properties",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/properties/messages.properties",
        ],
    ),
    (
        "yaml/fr.yml",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/yaml/en.yml",
        ],
    ),
    (
        "android/values-fr/strings.xml",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/android/values/strings.xml",
        ],
    ),
    (
        "strings/fr.lproj/Sparkle.strings",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/strings/Base.lproj/Sparkle.strings",
        ],
    ),
    (
        "markdown/fr/events.md",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/markdown/en/events.md",
        ],
    ),
    (
        "html/qa-translate-flag.fr.html",
        &[
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/html/qa-translate-flag.en.html",
        ],
    ),
    (
        "srt/fra/synfig-03-rendering.srt",
        &[
            "--lang",
            "fr",
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/srt/eng/synfig-03-rendering.srt",
        ],
    ),
    (
        "vtt/synfig-03-rendering.fra.vtt",
        &[
            "--lang",
            "fr",
            "--source-lang",
            "en",
            "--source",
            "tests/real-world/vtt/synfig-03-rendering.eng.vtt",
        ],
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

/// The source files the entries of [`FILES`] pair with (`--source`): read, not checked.
const SOURCES: &[&str] = &[
    "json/en.json",
    "properties/messages.properties",
    "yaml/en.yml",
    "android/values/strings.xml",
    "strings/Base.lproj/Sparkle.strings",
    "markdown/en/events.md",
    "html/qa-translate-flag.en.html",
    "srt/eng/synfig-03-rendering.srt",
    "vtt/synfig-03-rendering.eng.vtt",
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
        // The byte offset points at the flagged text in the original file …
        if let Some(first) = r["flagged"].as_str().unwrap().chars().next() {
            let at = r["byte_start"].as_u64().unwrap() as usize;
            // … or at the escape that writes it (`\:` in properties, `&amp;` in XML).
            assert!(
                bytes[at..].starts_with(first.to_string().as_bytes())
                    || matches!(bytes[at], b'\\' | b'&'),
                "{file}: {rec}"
            );
        }
        let escape = |v: &serde_json::Value| {
            v.as_str()
                .unwrap()
                .replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\t', "\\t")
        };
        let flagged = escape(&r["flagged"]);
        lines.push_str(&format!(
            "{}\t{}:{}\t{}\t{}\t{}\n",
            escape(&r["segment"]),
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
    // Every file under tests/real-world/, at any depth, but the notes on where it comes from.
    fn walk(dir: &std::path::Path, files: &mut Vec<String>) {
        for f in fs::read_dir(dir).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if f.is_dir() {
                walk(&f, files);
            } else if !["README.md", "REVIEW.md", "NOTICE", "SOURCE"].contains(&name.as_str())
                && !name.starts_with("LICENSE")
            {
                files.push(
                    f.strip_prefix("tests/real-world")
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    let mut files = Vec::new();
    walk(std::path::Path::new("tests/real-world"), &mut files);
    files.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    let mut all: Vec<String> = listed
        .iter()
        .cloned()
        .chain(SOURCES.iter().map(|s| s.to_string()))
        .collect();
    all.sort();
    assert_eq!(files, all);
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
