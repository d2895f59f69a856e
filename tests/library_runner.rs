//! The runner is in the library: a program that builds a `Plan` gets the CLI's findings, file
//! passes (consistency) and placement included, without the CLI.

use mtlint::run::{Plan, PlanOptions, execute};
use std::process::Command;

#[test]
fn a_plan_run_from_the_library_finds_what_the_cli_finds() {
    let file = "tests/fixtures/rules/file-level.tsv";
    let opts = PlanOptions {
        paths: vec![file.into()],
        lang: Some("fr".into()),
        glossary: Some("tests/fixtures/rules/glossary.csv".into()),
        no_config: true,
        quiet: true,
        ..PlanOptions::default()
    };
    let plan = Plan::build(&opts).unwrap();
    let mut found = Vec::new();
    let (summary, errors) = execute(&plan, &mut (), "memory", None, |_, located, _| {
        for r in &located.records {
            found.push((r.segment.clone(), r.rule.clone(), r.line, r.column));
        }
        Ok(())
    })
    .unwrap();
    assert!(errors.is_empty());
    assert_eq!(summary.files, 1);
    let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args([
            "check",
            "--no-config",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
        ])
        .args([
            "--lang",
            "fr",
            "--glossary",
            "tests/fixtures/rules/glossary.csv",
            file,
        ])
        .output()
        .unwrap();
    let cli: Vec<(String, String, u64, u64)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["segment"].as_str().unwrap().to_string(),
                v["rule"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let lib: Vec<(String, String, u64, u64)> = found
        .into_iter()
        .map(|(s, r, l, c)| (s, r, l as u64, c as u64))
        .collect();
    assert_eq!(lib, cli);
    for rule in ["inconsistent-translation", "term-forbidden", "length-ratio"] {
        assert!(lib.iter().any(|f| f.1 == rule), "{rule}: {lib:?}");
    }
}
