//! Inline suppression (`mtlint: ignore[RULES]` written in the files) and locked or approved
//! segments (skipped unless `--include-locked`), end to end on realistic files: the finding
//! disappears, the summary counts it, and `--include-locked` brings locked segments back.

use assert_cmd::Command;
use serde_json::Value;

const DIR: &str = "tests/fixtures/suppress";

/// A run with `--format json`: exit code, the report, standard error.
fn json(args: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--no-config", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap(),
        doc,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A run with the text report: exit code and standard output.
fn text(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// `(rule, line, flagged)` of each finding.
fn found(doc: &Value) -> Vec<(String, u64, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["flagged"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn flagged(doc: &Value) -> Vec<String> {
    found(doc).into_iter().map(|(_, _, f)| f).collect()
}

fn count(doc: &Value, key: &str) -> u64 {
    doc["summary"][key].as_u64().unwrap_or(0)
}

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

#[test]
fn a_po_translator_comment_suppresses_its_entry_only() {
    let po = path("ui.fr.po");
    let (_, doc, _) = json(&[&po]);
    // The entry with `# mtlint: ignore[caps-word]` is quiet; the next one is not.
    assert_eq!(flagged(&doc), ["ANNULER"]);
    assert_eq!(count(&doc, "suppressed"), 1);
    assert_eq!(doc["summary"].get("locked"), None);
    let (_, out) = text(&[&po]);
    assert!(!out.contains("SAUVEGARDER"), "{out}");
    assert!(
        out.contains("\n1 finding suppressed inline (mtlint: ignore)\n"),
        "{out}"
    );
    // --ignore takes precedence: what it drops is not counted as suppressed inline.
    let (_, doc, _) = json(&["--ignore", "caps-word", &po]);
    assert!(flagged(&doc).is_empty());
    assert_eq!(count(&doc, "suppressed"), 0);
}

#[test]
fn a_locked_sdlxliff_segment_is_skipped_unless_include_locked() {
    let sdl = path("report.sdlxliff");
    // Segment 1 (`sdl:seg locked="true"`) has "Der der": not checked by default.
    let (code, doc, _) = json(&["--fail-on", "warning", &sdl]);
    assert_eq!(code, 0);
    assert_eq!(flagged(&doc), ["ABBRECHEN"]);
    assert_eq!(count(&doc, "locked"), 1);
    assert_eq!(count(&doc, "segments"), 1);
    let (_, out) = text(&[&sdl]);
    assert!(
        out.contains("\n1 locked or approved segment skipped (--include-locked checks them)\n"),
        "{out}"
    );
    let (code, doc, _) = json(&["--fail-on", "warning", "--include-locked", &sdl]);
    assert_eq!(code, 1);
    let rules: Vec<(String, u64, String)> = found(&doc);
    assert_eq!(
        rules[0],
        ("doubled-word".to_string(), 8, "Der der".to_string())
    );
    assert_eq!(count(&doc, "segments"), 2);
    assert_eq!(doc["summary"].get("locked"), None);
}

#[test]
fn include_locked_can_be_set_in_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mtlint.toml");
    std::fs::write(&config, "include_locked = true\n").unwrap();
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--format", "json", "--config"])
        .arg(&config)
        .arg(path("report.sdlxliff"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(count(&doc, "segments"), 2);
    assert!(flagged(&doc).contains(&"Der der".to_string()));
}

#[test]
fn approved_and_final_xliff_units_are_skipped_and_a_note_suppresses() {
    let xlf = path("approved.xlf");
    let (_, doc, _) = json(&[&xlf]);
    // `approved="yes"` (SAUVEGARDER) and `state="signed-off"` (Le le) are skipped; the
    // `<note>` with `mtlint: ignore[caps-word]` quiets ANNULER; IMPRIMER stays.
    assert_eq!(flagged(&doc), ["IMPRIMER"]);
    assert_eq!(count(&doc, "locked"), 2);
    assert_eq!(count(&doc, "suppressed"), 1);
    let (_, out) = text(&[&xlf]);
    assert!(out.contains("\n1 finding suppressed inline (mtlint: ignore); 2 locked or approved segments skipped (--include-locked checks them)\n"), "{out}");
    let (_, doc, _) = json(&["--include-locked", &xlf]);
    assert_eq!(flagged(&doc), ["SAUVEGARDER", "Le le", "IMPRIMER"]);
    assert_eq!(count(&doc, "suppressed"), 1);
    assert_eq!(doc["summary"].get("locked"), None);
}

#[test]
fn a_tsv_mtlint_column_suppresses_its_row() {
    let tsv = path("strings.tsv");
    let (_, doc, _) = json(&[&tsv]);
    assert_eq!(flagged(&doc), ["ANNULER"]);
    assert_eq!(count(&doc, "suppressed"), 1);
}

#[test]
fn plain_text_comment_lines_suppress_the_next_line_and_are_not_segments() {
    let txt = path("mt.ru.txt");
    let (_, doc, _) = json(&[&txt]);
    // Line 2 is `# mtlint: ignore[foreign-brand]`: not a segment, so its Latin text is not
    // flagged in this Russian file, and "Save" on line 3 is quiet. Line 5 ends with
    // `# mtlint: ignore`: "Help" is quiet and the comment is cut off the segment.
    assert_eq!(
        found(&doc),
        [("foreign-brand".to_string(), 4, "Language".to_string())]
    );
    assert_eq!(count(&doc, "segments"), 4);
    assert_eq!(count(&doc, "suppressed"), 2);
}

#[test]
fn a_directive_naming_no_rule_is_a_note_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let po = dir.path().join("typo.po");
    let text = std::fs::read_to_string(path("ui.fr.po"))
        .unwrap()
        .replace("ignore[caps-word]", "ignore[caps-wrod]");
    std::fs::write(&po, text).unwrap();
    let po = po.to_str().unwrap();
    let (_, doc, err) = json(&[po]);
    assert_eq!(flagged(&doc), ["SAUVEGARDER", "ANNULER"]);
    assert_eq!(count(&doc, "suppressed"), 0);
    assert!(
        err.contains(&format!("mtlint: {po}:9: note: in the inline suppression")),
        "{err}"
    );
    assert!(err.contains("`caps-wrod` selects no rule"), "{err}");
    // --quiet keeps it off standard error, like the other notes.
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--no-config", "-q", po])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn the_counts_reach_the_summaries_of_the_other_formats() {
    let xlf = path("approved.xlf");
    let line = "1 finding suppressed inline (mtlint: ignore); 2 locked or approved segments skipped (--include-locked checks them)";
    for format in ["csv", "jsonl"] {
        let out = Command::cargo_bin("mtlint")
            .unwrap()
            .args(["check", "--no-config", "--format", format, &xlf])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(&format!("mtlint: {line}\n")),
            "{format}: {err}"
        );
    }
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--no-config", "--format", "github", &xlf])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(line));
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--no-config", "--format", "sarif", &xlf])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &sarif["runs"][0]["properties"]["summary"];
    assert_eq!(props["suppressed"], 1, "{props}");
    assert_eq!(props["locked"], 2, "{props}");
}
