//! Property tests: on arbitrary text, findings' spans lie on character boundaries inside their
//! segment, and the CSV report parses back to the same findings.

use assert_cmd::Command;
use mtlint::Engine;
use mtlint::lang;
use proptest::prelude::*;

/// Text mixing the scripts, punctuation and spacing the checks care about.
fn mt_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("Крутских".to_string()),
        Just("RUSSIE".to_string()),
        Just("états-UNIS".to_string()),
        Just("dit – il".to_string()),
        Just("at-il".to_string()),
        Just("le le".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("(".to_string()),
        Just(" . . .".to_string()),
        Just("Genеve".to_string()),
        Just("外交部".to_string()),
        Just("https://x.org/a".to_string()),
        Just("λ = 2,5".to_string()),
        Just("The meeting was cancelled at the last minute.".to_string()),
        "[a-zA-Zéèà ,.;:!?'’\\-]{0,12}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_on_char_boundaries(text in mt_text(), code in prop::sample::select(vec!["fr", "en", "de", "ru", "es", "it", "zh", "ja"])) {
        let engine = Engine::new(Vec::new());
        let l = lang::language(code).unwrap();
        for f in engine.check_segment(&text, l) {
            prop_assert!(f.span.start < f.span.end, "{f:?}");
            prop_assert!(f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{f:?} in {text:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn csv_parses_back_to_the_same_findings(lines in prop::collection::vec(mt_text(), 1..6)) {
        let input = lines.join("\n");
        let run = |fmt: &str| {
            Command::cargo_bin("mtlint").unwrap()
                .args(["check", "--lang", "fr", "--fail-on", "never", "--format", fmt])
                .write_stdin(input.clone())
                .output()
                .unwrap()
                .stdout
        };
        let csv_out = run("csv");
        let jsonl_out = String::from_utf8(run("jsonl")).unwrap();
        let mut rdr = csv::Reader::from_reader(&csv_out[..]);
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        let recs: Vec<serde_json::Value> = jsonl_out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        prop_assert_eq!(rows.len(), recs.len());
        // The guard is a leading quote in front of a cell that would be guarded.
        let unguard = |s: &str| -> String {
            match s.strip_prefix('\'') {
                Some(r) if mtlint::report::needs_guard(r) => r.to_string(),
                _ => s.to_string(),
            }
        };
        for (row, rec) in rows.iter().zip(&recs) {
            prop_assert_eq!(&row[1], rec["line"].to_string());
            prop_assert_eq!(&row[2], rec["column"].to_string());
            prop_assert_eq!(&row[4], rec["rule"].as_str().unwrap());
            prop_assert_eq!(unguard(&row[7]), rec["flagged"].as_str().unwrap());
            prop_assert_eq!(unguard(&row[8]), rec["context"].as_str().unwrap());
            prop_assert_eq!(unguard(&row[9]), rec["message"].as_str().unwrap());
            prop_assert_eq!(unguard(&row[10]), rec["suggestion"].as_str().unwrap_or(""));
        }
    }
}
