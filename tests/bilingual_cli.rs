//! Bilingual inputs end to end: each format through the CLI, source-aware findings, positions in
//! the original file, and malformed files.

use assert_cmd::Command;
use std::fs;

fn run(args: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--format", "jsonl", "--fail-on", "never"])
        .args(args)
        .output()
        .unwrap();
    let recs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        out.status.code().unwrap(),
        recs,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn rules(recs: &[serde_json::Value]) -> Vec<String> {
    recs.iter()
        .map(|r| r["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_fixture_format_is_checked_with_its_source() {
    for (file, expected) in [
        ("app.po", vec!["fuzzy-segment", "empty-target"]),
        ("memory.tmx", vec!["untranslated-phrase", "empty-target"]),
        ("mt.jsonl", vec!["empty-target"]),
        ("strings.tsv", vec!["foreign-word", "empty-target"]),
        ("ui.xlf", vec!["fuzzy-segment", "empty-target"]),
        (
            "news.xlf",
            vec!["fuzzy-segment", "foreign-word", "empty-target"],
        ),
    ] {
        let path = format!("tests/fixtures/bilingual/{file}");
        let (code, recs, err) = run(&[&path]);
        assert_eq!(code, 0, "{file}: {err}");
        let got = rules(&recs);
        for r in expected {
            assert!(got.iter().any(|g| g == r), "{file}: {r} not in {got:?}");
        }
    }
}

#[test]
fn positions_point_into_the_original_file() {
    for file in [
        "app.po",
        "memory.tmx",
        "mt.jsonl",
        "strings.tsv",
        "strings.csv",
        "ui.xlf",
        "news.xlf",
    ] {
        let path = format!("tests/fixtures/bilingual/{file}");
        let bytes = fs::read(&path).unwrap();
        let (_, recs, _) = run(&[&path]);
        for r in recs {
            let flagged = r["flagged"].as_str().unwrap();
            if flagged.is_empty() || r["rule"] == "fuzzy-segment" {
                continue;
            }
            let at = r["byte_start"].as_u64().unwrap() as usize;
            let first = flagged.chars().next().unwrap().to_string();
            assert!(
                bytes[at..].starts_with(first.as_bytes()),
                "{file}: {flagged:?} not at byte {at}"
            );
            // Line and column agree with the byte offset.
            let before = std::str::from_utf8(&bytes[..at]).unwrap();
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(
                (
                    r["line"].as_u64().unwrap() as usize,
                    r["column"].as_u64().unwrap() as usize
                ),
                (line, col),
                "{file}: {flagged}"
            );
        }
    }
}

#[test]
fn input_format_flag_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pairs.data");
    fs::write(
        &p,
        "en\tfr\nHello {name}!\tBonjour !\nIt costs 15 dollars.\tÇa coûte 16 dollars.\n",
    )
    .unwrap();
    let (code, recs, err) = run(&[
        "--input-format",
        "tsv",
        "--source-col",
        "en",
        "--target-col",
        "fr",
        "--lang",
        "fr",
        "--source-lang",
        "en",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let got = rules(&recs);
    assert!(got.contains(&"placeholder-mismatch".to_string()), "{got:?}");
    assert!(got.contains(&"number-mismatch".to_string()), "{got:?}");
    assert_eq!(recs[0]["segment"], "1");
}

#[test]
fn malformed_files_exit_2_with_line_and_column() {
    for (file, needle) in [
        ("unclosed.xlf", "unclosed.xlf:"),
        ("billion_laughs.xlf", "billion_laughs.xlf:"),
        ("bad_quote.po", "bad_quote.po:"),
        ("ragged.tsv", "ragged.tsv:"),
        ("bad_line.jsonl", "bad_line.jsonl:"),
    ] {
        let path = format!("tests/fixtures/bilingual/malformed/{file}");
        let (code, _, err) = run(&["--lang", "fr", &path]);
        assert_eq!(code, 2, "{file}");
        let at = err.find(needle).unwrap_or_else(|| panic!("{file}: {err}"));
        let rest = &err[at + needle.len()..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert!(!line.is_empty(), "{file}: no line number in {err}");
    }
}

#[test]
fn consistency_and_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("c.tsv");
    fs::write(
        &tsv,
        "id\tsource\ttarget\nu1\tSave the file\tEnregistrer le fichier\nu2\tSave the file\tSauvegarder le fichier\nu3\tOpen the cyberattack report\tOuvrir le rapport sur la cyber-attaque\n",
    )
    .unwrap();
    let glossary = dir.path().join("g.csv");
    fs::write(
        &glossary,
        "source,target,note\ncyberattack,cyberattaque,FranceTerme\n,!cyber-attaque,\n",
    )
    .unwrap();
    let (code, recs, err) = run(&[
        "--lang",
        "fr",
        "--source-lang",
        "en",
        "--glossary",
        glossary.to_str().unwrap(),
        tsv.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let by_rule = |r: &str| recs.iter().filter(|x| x["rule"] == r).collect::<Vec<_>>();
    let inc = by_rule("inconsistent-translation");
    assert_eq!(inc.len(), 1, "reported once");
    assert_eq!(inc[0]["segment"], "u1");
    assert!(inc[0]["message"].as_str().unwrap().contains("u1, u2"));
    assert_eq!(by_rule("term-missing").len(), 1);
    let forbidden = by_rule("term-forbidden");
    assert_eq!(forbidden[0]["flagged"], "cyber-attaque");
    // A bad glossary is a usage error.
    let (code, _, err) = run(&["--glossary", "no/such.csv", tsv.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such.csv"), "{err}");
}

#[test]
fn tbx_glossary() {
    // The fixture termbase (en, fr, de) on the fixture memory (en → fr): the French of unit 2
    // leaves “alerts” in English where the termbase requires “alerte”.
    let (code, recs, err) = run(&[
        "--glossary",
        "tests/fixtures/bilingual/glossary.tbx",
        "tests/fixtures/bilingual/memory.tmx",
    ]);
    assert_eq!(code, 0, "{err}");
    let missing: Vec<_> = recs
        .iter()
        .filter(|r| r["rule"] == "term-missing")
        .collect();
    assert_eq!(missing.len(), 1, "{recs:?}");
    assert_eq!(missing[0]["segment"], "2");
    assert_eq!(missing[0]["category"], "terminology");
    let msg = missing[0]["message"].as_str().unwrap();
    assert!(msg.contains("“alert”") && msg.contains("“alerte”"), "{msg}");
    assert_eq!(
        (missing[0]["line"].as_u64(), missing[0]["column"].as_u64()),
        (Some(13), Some(34))
    );
    // German (the other target language) uses the preferred term: nothing to report.
    let (_, recs, err) = run(&[
        "--lang",
        "de",
        "--glossary",
        "tests/fixtures/bilingual/glossary.tbx",
        "tests/fixtures/bilingual/memory.tmx",
    ]);
    assert!(
        !recs.iter().any(|r| r["category"] == "terminology"),
        "{recs:?} {err}"
    );

    // The run's languages choose the pair of the three-language termbase: with --lang de the
    // German deprecated “Alert” is forbidden (and “Warnung” suggested), the French one is not.
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("de.tsv");
    fs::write(
        &tsv,
        "id\tsource\ttarget\nd1\tThe alert is shown.\tDer Alert wird angezeigt.\nd2\tSave the alert.\tSpeichern Sie die Warnung.\n",
    )
    .unwrap();
    let args = |lang: &'static str| {
        [
            "--lang",
            lang,
            "--source-lang",
            "en",
            "--glossary",
            "tests/fixtures/bilingual/glossary.tbx",
        ]
    };
    let mut de = args("de").to_vec();
    de.push(tsv.to_str().unwrap());
    let (_, recs, err) = run(&de);
    let forbidden: Vec<_> = recs
        .iter()
        .filter(|r| r["rule"] == "term-forbidden")
        .map(|r| {
            (
                r["segment"].as_str().unwrap(),
                r["flagged"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(forbidden, [("d1", "Alert")], "{recs:?} {err}");

    // A TBX v3 termbase with one target language: a deprecated term is forbidden and the
    // preferred one suggested.
    let dir = tempfile::tempdir().unwrap();
    let tbx = dir.path().join("terms.tbx");
    fs::write(
        &tbx,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="save">
      <langSec xml:lang="en"><termSec><term>save</term></termSec></langSec>
      <langSec xml:lang="fr">
        <termSec><term>enregistrer</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>sauver</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"#,
    )
    .unwrap();
    let tsv = dir.path().join("t.tsv");
    fs::write(
        &tsv,
        "id\tsource\ttarget\nm1\tSave the file\tSauver le fichier\nm2\tSave all\tTout enregistrer\n",
    )
    .unwrap();
    let (code, recs, err) = run(&[
        "--lang",
        "fr",
        "--source-lang",
        "en",
        "--glossary",
        tbx.to_str().unwrap(),
        tsv.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let terms: Vec<_> = recs
        .iter()
        .filter(|r| r["category"] == "terminology")
        .map(|r| {
            (
                r["segment"].as_str().unwrap(),
                r["rule"].as_str().unwrap(),
                r["flagged"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        [
            ("m1", "term-forbidden", "Sauver"),
            ("m1", "term-missing", "Sauver le fichier")
        ],
        "{recs:?}"
    );
    let forbidden = recs.iter().find(|r| r["rule"] == "term-forbidden").unwrap();
    assert_eq!(forbidden["suggestion"], "enregistrer");

    // A malformed termbase is a usage error naming file, line and column.
    fs::write(
        &tbx,
        "<tbx>\n<text><body><conceptEntry>\n<langSec><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>",
    )
    .unwrap();
    let (code, _, err) = run(&["--glossary", tbx.to_str().unwrap(), tsv.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("terms.tbx:3:1") && err.contains("xml:lang"),
        "{err}"
    );
}

#[test]
fn source_file_pairs_a_monolingual_target_by_id() {
    let (code, recs, _) = run(&[
        "--lang",
        "fr",
        "--source",
        "tests/fixtures/paired/en.txt",
        "tests/fixtures/paired/en.txt",
        "tests/fixtures/paired/fr.txt",
    ]);
    assert_eq!(code, 0);
    // Only the target is checked, and its line 1 has the source's number 3 changed to 4.
    assert!(
        recs.iter()
            .all(|r| r["file"] == "tests/fixtures/paired/fr.txt")
    );
    let num = recs
        .iter()
        .find(|r| r["rule"] == "number-mismatch")
        .expect("number mismatch found with the paired source");
    assert_eq!(num["line"], 1);
    assert_eq!(num["source"], "Delete 3 files?");
    // Without the source, no source-aware finding.
    let (_, alone, _) = run(&["--lang", "fr", "tests/fixtures/paired/fr.txt"]);
    assert!(alone.iter().all(|r| r["rule"] != "number-mismatch"));
    // A source that does not exist is an error naming it.
    let (code, _, err) = run(&[
        "--lang",
        "fr",
        "--source",
        "tests/fixtures/paired/nope.txt",
        "tests/fixtures/paired/fr.txt",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.txt"), "{err}");
}
