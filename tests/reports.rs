//! The sample reports in reports/ are what the README's run command produces today: this test
//! regenerates them and fails when they are stale. It is also the snapshot of the whole sample
//! corpus: any change in findings shows up as a diff in review.
//! Refresh with the README command, or `UPDATE_REPORTS=1 cargo test --test reports`.

use assert_cmd::Command;
use std::fs;

const SAMPLE: &str = "data/sample/000_5d35f27f8244f893.txt";

#[test]
fn sample_reports_are_fresh() {
    let mut stale = Vec::new();
    for fmt in [
        "csv", "text", "jsonl", "json", "sarif", "github", "mqm", "html",
    ] {
        let out = Command::cargo_bin("mtlint")
            .unwrap()
            .args([
                "check",
                "--lang",
                "fr",
                "--fail-on",
                "never",
                "--format",
                fmt,
                SAMPLE,
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = format!("reports/sample.{fmt}");
        if std::env::var_os("UPDATE_REPORTS").is_some() {
            fs::write(&path, &out.stdout).unwrap();
            continue;
        }
        let committed = fs::read(&path).unwrap_or_default();
        if committed != out.stdout {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale reports: {stale:?}; review the change and regenerate them with the README's run command"
    );
}
