//! The reviewer's export: the source text beside each finding of a bilingual file (CSV, JSON
//! Lines, JSON), a CSV with a byte-order mark for Excel, a real XLSX workbook, and the reviewed
//! sheet coming back as baseline entries.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::io::Read;
use std::path::Path;

const NEWS: &str = "tests/fixtures/bilingual/news.xlf";

fn mtlint(dir: Option<&Path>, args: &[&str]) -> (i32, Vec<u8>, String) {
    let mut cmd = Command::cargo_bin("mtlint").unwrap();
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::Reader::from_reader(bytes);
    let header = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_carries_the_source_in_a_last_column() {
    let (_, out, _) = mtlint(None, &["check", "--format", "csv", "-q", NEWS]);
    let (header, rows) = csv_rows(&out);
    // The first release's columns keep their places; `source` comes last.
    assert_eq!(
        header,
        [
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
            "source"
        ]
    );
    let read = rows
        .iter()
        .find(|r| r[7] == "read")
        .expect("the `read` finding");
    assert_eq!(read[11], "Click {ph2} to read the full story & comments.");
    let empty = rows.iter().find(|r| r[4] == "empty-target").unwrap();
    assert_eq!(empty[11], "By our correspondent");
    // Monolingual input: the column is there, empty.
    let (_, out, _) = mtlint(
        None,
        &[
            "check",
            "--format",
            "csv",
            "-q",
            "data/sample/000_5d35f27f8244f893.txt",
        ],
    );
    let (header, rows) = csv_rows(&out);
    assert_eq!(header.len(), 12);
    assert!(rows.iter().all(|r| r[11].is_empty()));
}

#[test]
fn json_lines_and_json_carry_the_source() {
    let (_, out, _) = mtlint(None, &["check", "--format", "jsonl", "-q", NEWS]);
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let read = lines.iter().find(|v| v["flagged"] == "read").unwrap();
    assert_eq!(
        read["source"],
        "Click {ph2} to read the full story & comments."
    );
    let (_, out, _) = mtlint(None, &["check", "--format", "json", NEWS]);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "empty-target" && f["source"] == "By our correspondent")
    );
    // Plain text has no source: null, as the schema says.
    let (_, out, _) = mtlint(
        None,
        &[
            "check",
            "--format",
            "json",
            "data/sample/000_5d35f27f8244f893.txt",
        ],
    );
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert!(doc["findings"][0]["source"].is_null());
}

#[test]
fn a_long_source_is_cut_in_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let source = "The council met again. ".repeat(200);
    let line = serde_json::json!({"source": source, "target": "Le conseil s'est réuni à nouveau : Крутских."});
    fs::write(dir.path().join("long.jsonl"), format!("{line}\n")).unwrap();
    let (_, out, err) = mtlint(
        Some(dir.path()),
        &[
            "check",
            "--lang",
            "fr",
            "--format",
            "jsonl",
            "-q",
            "long.jsonl",
        ],
    );
    let first: Value = serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap())
        .unwrap_or_else(|e| panic!("{e}: {err}"));
    let s = first["source"].as_str().unwrap();
    assert_eq!(s.chars().count(), 2001);
    assert!(s.ends_with('…'));
}

#[test]
fn csv_bom_starts_the_file_with_a_byte_order_mark() {
    let (code, out, _) = mtlint(None, &["check", "--format", "csv", "--csv-bom", NEWS]);
    assert_eq!(code, 1);
    assert!(out.starts_with("\u{feff}file,line,".as_bytes()));
    let (_, plain, _) = mtlint(None, &["check", "--format", "csv", NEWS]);
    assert_eq!(&out[3..], &plain[..]);
    let (code, _, err) = mtlint(None, &["check", "--format", "json", "--csv-bom", NEWS]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--csv-bom applies to --format csv only"),
        "{err}"
    );
}

/// The parts of an XLSX file that the tests read: the worksheets' XML and the shared strings.
fn xlsx_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut part = zip.by_name(name).unwrap();
    let mut s = String::new();
    part.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_is_a_workbook_with_filters_frozen_header_and_a_status_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("review.xlsx");
    // A cell that a spreadsheet would run as a formula if it were written as one.
    fs::write(
        dir.path().join("doc.txt"),
        "=HYPERLINK(\"http://x\") Крутских a parlé.\n",
    )
    .unwrap();
    let (code, _, err) = mtlint(
        None,
        &[
            "check",
            "--lang",
            "fr",
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
            NEWS,
            dir.path().join("doc.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    let sheet = xlsx_part(&out, "xl/worksheets/sheet1.xml");
    let strings = xlsx_part(&out, "xl/sharedStrings.xml");
    assert!(
        sheet.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
        "frozen header"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:N"#), "filters");
    assert!(
        sheet.contains(r#"<formula1>"unreviewed,confirmed,false-positive"</formula1>"#),
        "status drop-down"
    );
    // Never a formula: the injected text is a string cell.
    assert!(!sheet.contains("<f>"), "no formula in the sheet");
    assert!(strings.contains("=HYPERLINK("), "the text kept as a string");
    for text in [
        "source",
        "status",
        "Click {ph2} to read the full story &amp; comments.",
        "By our correspondent",
        "Крутских",
    ] {
        assert!(strings.contains(text), "{text} missing");
    }
    let summary = xlsx_part(&out, "xl/worksheets/sheet2.xml");
    assert!(summary.contains("<c r=\"B6\""), "summary rows");
    assert!(strings.contains("MQM penalty per 1,000 words"));
}

#[test]
fn xlsx_goes_to_a_pipe_but_not_to_a_terminal() {
    let (code, out, _) = mtlint(None, &["check", "--format", "xlsx", NEWS]);
    assert_eq!(code, 1);
    assert!(out.starts_with(b"PK\x03\x04"), "a zip container");
    // On a pseudo-terminal (util-linux `script`), binary bytes would garble it: refused.
    let bin = assert_cmd::cargo::cargo_bin("mtlint");
    let cmd = format!("{} check --format xlsx {NEWS}", bin.display());
    let Some(shown) = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .ok()
        .filter(|o| o.status.code() == Some(2))
    else {
        eprintln!("no `script` command or pseudo-terminal: terminal behaviour not tested");
        return;
    };
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("--format xlsx writes a binary workbook: give -o FILE.xlsx"),
        "{shown:?}"
    );
    assert!(!shown.contains("PK"), "{shown:?}");
}

#[test]
fn a_reviewed_export_saved_by_a_spreadsheet_becomes_baseline_entries() {
    let dir = tempfile::tempdir().unwrap();
    let (_, csv, _) = mtlint(None, &["check", "--format", "csv", "-q", NEWS]);
    // As Excel saves it in a French locale: BOM, semicolons, statuses typed by hand.
    let (header, rows) = csv_rows(&csv);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut h = header.clone();
    h.push("Status".into());
    w.write_record(&h).unwrap();
    for r in &rows {
        let mut r = r.clone();
        r.push(
            if r[7] == "Reuters" {
                "False positive"
            } else {
                "TP"
            }
            .into(),
        );
        w.write_record(&r).unwrap();
    }
    fs::write(dir.path().join("reviewed.csv"), w.into_inner().unwrap()).unwrap();
    let base = dir.path().join("base.json");
    let (code, _, err) = mtlint(
        None,
        &[
            "baseline",
            "--from-review",
            dir.path().join("reviewed.csv").to_str().unwrap(),
            "-o",
            base.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let b: Value = serde_json::from_slice(&fs::read(&base).unwrap()).unwrap();
    let entries = b["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["flagged"], "Reuters");

    // A status nobody can read is refused with its line.
    let text = fs::read_to_string(dir.path().join("reviewed.csv"))
        .unwrap()
        .replacen("TP", "looks fine", 1);
    fs::write(dir.path().join("bad.csv"), text).unwrap();
    let (code, _, err) = mtlint(
        None,
        &[
            "baseline",
            "--from-review",
            dir.path().join("bad.csv").to_str().unwrap(),
            "-o",
            base.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.csv: line 2: unknown status `looks fine`"),
        "{err}"
    );
}
