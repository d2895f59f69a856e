//! `[[pairs]]` in mtlint.toml (issue 13): a repository with `locales/en/app.json` next to its
//! French and German translations and Android `values/` next to `values-fr/`; `mtlint check .`
//! pairs every translated file with its source by key, in the language `{lang}` names, and does
//! not check the sources as translations.

use std::process::{Command, Output};

const DIR: &str = "tests/fixtures/pairs";

fn mtlint_in(dir: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .current_dir(dir)
        .arg("check")
        .args(["--format", "jsonl", "--fail-on", "never"])
        .args(args)
        .output()
        .unwrap()
}

fn fixture() -> String {
    format!("{}/{DIR}", env!("CARGO_MANIFEST_DIR"))
}

/// (file, line, column, rule, lang) of each finding.
fn findings(out: &Output) -> Vec<(String, u64, u64, String, String)> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["rule"].as_str().unwrap().to_string(),
                v["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(
    found: &[(String, u64, u64, String, String)],
    file: &str,
    line: u64,
    rule: &str,
    lang: &str,
) -> bool {
    found
        .iter()
        .any(|(f, l, _, r, g)| f.ends_with(file) && *l == line && r == rule && g == lang)
}

#[test]
fn check_dot_pairs_every_target_with_its_source() {
    let out = mtlint_in(&fixture(), &["."]);
    let found = findings(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // French JSON: the dropped {{name}}, 100 → 50, the missing key `saved`.
    assert!(
        has(
            &found,
            "locales/fr/app.json",
            3,
            "placeholder-mismatch",
            "fr"
        ),
        "{found:#?}"
    );
    assert!(
        has(&found, "locales/fr/app.json", 4, "number-mismatch", "fr"),
        "{found:#?}"
    );
    assert!(
        has(&found, "locales/fr/app.json", 2, "missing-key", "fr"),
        "{found:#?}"
    );
    // German JSON: 100 → 10, in German (from `{lang}`).
    assert!(
        has(&found, "locales/de/app.json", 4, "number-mismatch", "de"),
        "{found:#?}"
    );
    // Android: the dropped %1$s and 5 → 7.
    assert!(
        has(
            &found,
            "res/values-fr/strings.xml",
            4,
            "placeholder-mismatch",
            "fr"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "res/values-fr/strings.xml",
            5,
            "number-mismatch",
            "fr"
        ),
        "{found:#?}"
    );
    // The sources are not checked as translations; the German file without a source is
    // checked alone, with a note naming both paths.
    assert!(
        found
            .iter()
            .all(|f| !f.0.contains("locales/en/") && !f.0.contains("values/")),
        "{found:#?}"
    );
    assert!(
        stderr.contains("4 files") && !stderr.contains("locales/en/app.json:"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("locales/de/admin/users.json: note: its source locales/en/admin/users.json")
            && stderr.contains("does not exist; checked without a source"),
        "{stderr}"
    );
    assert!(
        stderr.contains("locales/de/admin/users.json: 0 findings in 1 segment"),
        "{stderr}"
    );
    // The German file with its source has no missing-key, nor any other finding than the number.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.0 == "locales/de/app.json")
            .count(),
        2,
        "{found:#?}"
    );
}

#[test]
fn a_target_named_from_elsewhere_finds_its_source_spelt_like_it() {
    // From the repository root, with the config named: the source path keeps the prefix.
    let root = env!("CARGO_MANIFEST_DIR");
    let target = format!("./{DIR}/locales/fr/app.json");
    let out = mtlint_in(root, &["--config", &format!("{DIR}/mtlint.toml"), &target]);
    let found = findings(&out);
    assert!(
        has(&found, "locales/fr/app.json", 2, "missing-key", "fr"),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "locales/fr/app.json",
            3,
            "placeholder-mismatch",
            "fr"
        ),
        "{found:#?}"
    );
}

#[test]
fn the_command_line_wins_over_the_pairs() {
    // --lang overrides `{lang}`.
    let found = findings(&mtlint_in(
        &fixture(),
        &["--lang", "es", "locales/de/app.json"],
    ));
    assert!(found.iter().all(|f| f.4 == "es"), "{found:#?}");
    assert!(
        has(&found, "locales/de/app.json", 4, "number-mismatch", "es"),
        "{found:#?}"
    );
    // --source overrides the pairs: the German file against the French one.
    let found = findings(&mtlint_in(
        &fixture(),
        &["--source", "locales/fr/app.json", "locales/de/app.json"],
    ));
    assert!(
        has(&found, "locales/de/app.json", 5, "extra-key", "de"),
        "{found:#?}"
    );
    assert!(
        !has(&found, "locales/de/app.json", 2, "missing-key", "de"),
        "{found:#?}"
    );
}

#[test]
fn only_sources_is_an_error_and_a_bad_pattern_names_file_line_and_key() {
    let out = mtlint_in(&fixture(), &["locales/en/app.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("source file of the [[pairs]]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "lang = \"fr\"\n\n[[pairs]]\nsource = \"locales/en.json\"\ntarget = \"locales/fr.json\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("x.txt"), "Bonjour.\n").unwrap();
    let out = mtlint_in(dir.path().to_str().unwrap(), &["x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mtlint.toml:5: key `pairs.target` (`locales/fr.json`)")
            && stderr.contains("{lang}"),
        "{stderr}"
    );
}
