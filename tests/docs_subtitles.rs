//! Translated documents and subtitles end to end: every planted error found at its line and
//! column, nothing reported inside code, URLs, front matter or timings, pairing with a source
//! file by structure or by cue, and malformed files.

use assert_cmd::Command;

fn run(args: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args([
            "check",
            "--no-config",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
        ])
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

/// (rule, line, column, flagged) of every finding.
fn found(recs: &[serde_json::Value]) -> Vec<(String, u64, u64, String)> {
    recs.iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["column"].as_u64().unwrap(),
                r["flagged"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(got: &[(String, u64, u64, String)], rule: &str, line: u64, column: u64) -> bool {
    got.iter()
        .any(|(r, l, c, _)| r == rule && *l == line && *c == column)
}

/// The text at (line, column) of `file` starts with `flagged`'s first word.
fn points_into(file: &str, got: &[(String, u64, u64, String)]) {
    let content = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    for (rule, l, c, flagged) in got {
        let line = lines[*l as usize - 1];
        let at: String = line.chars().skip(*c as usize - 1).collect();
        // Its first word (markup between words, a link's address, is not text).
        let first = flagged.split(char::is_whitespace).next().unwrap_or("");
        assert!(
            at.starts_with(first),
            "{file}:{l}:{c} {rule}: {flagged:?} is not at {at:?}"
        );
    }
}

#[test]
fn srt_pair_finds_every_planted_error_at_its_place() {
    let tgt = "tests/fixtures/subtitles/fr.srt";
    let (code, recs, err) = run(&[
        "--lang",
        "fr",
        "--source",
        "tests/fixtures/subtitles/en.srt",
        tgt,
    ]);
    assert_eq!(code, 0, "{err}");
    let got = found(&recs);
    points_into(tgt, &got);
    // The changed number (6 o'clock → 8 heures).
    assert!(has(&got, "number-mismatch", 7, 18), "{got:?}");
    // A 66-character line.
    assert!(has(&got, "subtitle-line-length", 11, 1), "{got:?}");
    // 40 characters in one second.
    assert!(has(&got, "reading-speed", 15, 1), "{got:?}");
    // The third line of a cue.
    assert!(has(&got, "subtitle-lines", 22, 1), "{got:?}");
    // The cue left in English.
    assert!(has(&got, "target-equals-source", 26, 1), "{got:?}");
    // Nothing in the timings or the cue numbers.
    let content = std::fs::read_to_string(tgt).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    for (rule, l, _, _) in &got {
        let line = lines[*l as usize - 1];
        assert!(
            !line.contains("-->") && !line.chars().all(|c| c.is_ascii_digit()),
            "{rule} reported on line {l}: {line:?}"
        );
    }
    // The number: the 6 the target lost (on the cue) and the 8 it added.
    assert!(has(&got, "number-mismatch", 7, 1), "{got:?}");
    assert_eq!(got.len(), 6, "{got:?}");
    assert!(recs.iter().all(|r| r["segment"].as_str().is_some()));
}

#[test]
fn srt_without_source_still_gets_the_subtitle_rules() {
    let (code, recs, err) = run(&["--lang", "fr", "tests/fixtures/subtitles/fr.srt"]);
    assert_eq!(code, 0, "{err}");
    let got = found(&recs);
    for (rule, line) in [
        ("subtitle-line-length", 11),
        ("reading-speed", 15),
        ("subtitle-lines", 22),
        ("language-switch", 26),
    ] {
        assert!(has(&got, rule, line, 1), "{rule}: {got:?}");
    }
    assert!(!got.iter().any(|g| g.0 == "number-mismatch"));
}

#[test]
fn subtitle_limits_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mtlint.toml");
    std::fs::write(
        &cfg,
        "[subtitles]\nmax_line_chars = 70\nmax_cps = 45\nmax_lines = 3\n",
    )
    .unwrap();
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args([
            "check",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
            "--lang",
            "fr",
        ])
        .arg("--config")
        .arg(&cfg)
        .arg("tests/fixtures/subtitles/fr.srt")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(!stdout.contains("\"category\":\"subtitle\""), "{stdout}");
    std::fs::write(&cfg, "[subtitles]\nmax_cps = 0\n").unwrap();
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--lang", "fr", "--config"])
        .arg(&cfg)
        .arg("tests/fixtures/subtitles/fr.srt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mtlint.toml:2:") && err.contains("subtitles.max_cps"),
        "{err}"
    );
}

#[test]
fn webvtt_findings_point_into_the_cue_text() {
    let file = "tests/fixtures/subtitles/fr.vtt";
    // The language comes from the `Language:` header.
    let (code, recs, err) = run(&[file]);
    assert_eq!(code, 0, "{err}");
    let got = found(&recs);
    points_into(file, &got);
    assert!(
        got.iter()
            .any(|(r, l, c, f)| r.starts_with("foreign-") && *l == 14 && *c == 26 && f == "Москва"),
        "{got:?}"
    );
    assert!(has(&got, "doubled-word", 17, 7), "{got:?}");
    assert_eq!(
        got.len(),
        2,
        "nothing in the header, NOTE, STYLE or settings: {got:?}"
    );
    let segs: Vec<&str> = recs
        .iter()
        .map(|r| r["segment"].as_str().unwrap())
        .collect();
    assert_eq!(segs, ["2", "3"]);
}

#[test]
fn malformed_subtitles_exit_2_with_line_and_column() {
    let (code, _, err) = run(&["--lang", "fr", "tests/fixtures/subtitles/malformed.srt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("tests/fixtures/subtitles/malformed.srt:6:26: bad timestamp"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let vtt = dir.path().join("bad.vtt");
    std::fs::write(&vtt, "WEBVTT\n\n00:01.000 --> 00:0x.000\nOui.\n").unwrap();
    let (code, _, err) = run(&["--lang", "fr", vtt.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.vtt:3:19:"), "{err}");
    // The other files are still checked.
    let (code, recs, _) = run(&[
        "--lang",
        "fr",
        "tests/fixtures/subtitles/malformed.srt",
        "tests/fixtures/subtitles/fr.srt",
    ]);
    assert_eq!(code, 2);
    assert!(!recs.is_empty());
}

#[test]
fn folders_take_subtitle_files() {
    let (code, recs, err) = run(&["--lang", "fr", "tests/fixtures/subtitles/"]);
    assert_eq!(code, 2, "malformed.srt is among them: {err}");
    let files: std::collections::BTreeSet<&str> =
        recs.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert!(files.iter().any(|f| f.ends_with("fr.vtt")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("fr.srt")), "{files:?}");
}

#[test]
fn markdown_page_finds_every_planted_error_and_nothing_in_code_urls_or_front_matter() {
    let tgt = "tests/fixtures/docs/fr.md";
    // The language comes from the front matter.
    let (code, recs, err) = run(&[tgt]);
    assert_eq!(code, 0, "{err}");
    let alone = found(&recs);
    points_into(tgt, &alone);
    // The English sentence left in the page, the doubled word, the Cyrillic word.
    assert!(has(&alone, "language-switch", 14, 62), "{alone:?}");
    assert!(has(&alone, "doubled-word", 22, 14), "{alone:?}");
    assert!(has(&alone, "foreign-word", 23, 45), "{alone:?}");
    assert_eq!(alone.len(), 3, "{alone:?}");

    let (code, recs, err) = run(&["--source", "tests/fixtures/docs/en.md", tgt]);
    assert_eq!(code, 0, "{err}");
    let paired = found(&recs);
    points_into(tgt, &paired);
    // With the source, paired by structure (the 3rd list item with the 3rd): the changed
    // number and the copied English.
    assert!(has(&paired, "number-mismatch", 24, 10), "{paired:?}");
    assert!(has(&paired, "untranslated-phrase", 14, 62), "{paired:?}");
    let content = std::fs::read_to_string(tgt).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    for (rule, l, _, flagged) in alone.iter().chain(&paired) {
        // Not in the front matter (lines 1-5), the code block (17-21), the comment, the URL.
        assert!(*l > 5 && !(17..=21).contains(l), "{rule} on line {l}");
        assert!(!flagged.contains("example.com") && !flagged.contains("TODO"));
        assert!(!lines[*l as usize - 1].starts_with("<!--"));
    }
    let segs: Vec<&str> = recs
        .iter()
        .map(|r| r["segment"].as_str().unwrap())
        .collect();
    assert!(segs.contains(&"p2") && segs.contains(&"li3"), "{segs:?}");
}

#[test]
fn html_page_finds_its_errors_and_skips_code_scripts_and_translate_no() {
    let tgt = "tests/fixtures/docs/fr.html";
    // The language comes from <html lang="fr">.
    let (code, recs, err) = run(&[tgt]);
    assert_eq!(code, 0, "{err}");
    let alone = found(&recs);
    points_into(tgt, &alone);
    assert!(has(&alone, "doubled-word", 11, 47), "{alone:?}");
    // After two decoded references (&#8217; and &rsquo;), still the right column.
    assert!(has(&alone, "foreign-word", 15, 65), "{alone:?}");
    assert!(has(&alone, "language-switch", 16, 9), "{alone:?}");
    assert_eq!(alone.len(), 3, "{alone:?}");

    let (code, recs, err) = run(&["--source", "tests/fixtures/docs/en.html", tgt]);
    assert_eq!(code, 0, "{err}");
    let paired = found(&recs);
    points_into(tgt, &paired);
    assert!(has(&paired, "number-mismatch", 11, 29), "{paired:?}");
    assert!(has(&paired, "target-equals-source", 16, 9), "{paired:?}");
    for (rule, l, _, flagged) in alone.iter().chain(&paired) {
        // Not in <head> (script, style), <pre>, the translate="no" paragraph or an address.
        assert!(*l >= 10 && *l != 13 && *l != 19, "{rule} on line {l}");
        assert!(!flagged.contains("example.com") && !flagged.contains("Powered"));
    }
    let segs: Vec<&str> = recs
        .iter()
        .map(|r| r["segment"].as_str().unwrap())
        .collect();
    assert!(segs.contains(&"p1") && segs.contains(&"li2"), "{segs:?}");
}

#[test]
fn renumbered_cues_pair_with_the_source_cue_of_the_same_time() {
    // The translation merged nothing but starts its numbering at 101: by number no cue would
    // pair; by time each finds its source.
    let dir = tempfile::tempdir().unwrap();
    let fr = std::fs::read_to_string("tests/fixtures/subtitles/fr.srt").unwrap();
    let renumbered: String = fr
        .lines()
        .map(|l| match l.parse::<u32>() {
            Ok(n) => format!("{}\n", n + 100),
            Err(_) => format!("{l}\n"),
        })
        .collect();
    let tgt = dir.path().join("fr.srt");
    std::fs::write(&tgt, renumbered).unwrap();
    let (code, recs, err) = run(&[
        "--lang",
        "fr",
        "--source",
        "tests/fixtures/subtitles/en.srt",
        tgt.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let got = found(&recs);
    assert!(has(&got, "number-mismatch", 7, 18), "{got:?}");
    assert!(has(&got, "target-equals-source", 26, 1), "{got:?}");
    assert_eq!(recs[0]["segment"], "102");
}
