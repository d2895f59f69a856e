//! Config file, baselines, --fail-on new and --max-score, end to end.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

const SAMPLE: &str = "data/sample/000_5d35f27f8244f893.txt";

fn mtlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("mtlint").unwrap();
    c.current_dir(dir);
    c
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = mtlint(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(SAMPLE, dir.path().join("doc.txt")).unwrap();
    dir
}

fn rules(csv: &str) -> Vec<(String, String)> {
    csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[4].to_string(), r[7].to_string())
        })
        .collect()
}

#[test]
fn init_writes_a_starter_that_parses_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["init"]).0, 0);
    let text = fs::read_to_string(dir.path().join("mtlint.toml")).unwrap();
    assert!(text.contains("[languages]") && text.starts_with('#'));
    let (code, _, err) = run(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("exists"), "{err}");
    assert_eq!(run(dir.path(), &["init", "--force"]).0, 0);
}

#[test]
fn config_sets_language_rules_severity_and_allow_lists() {
    let dir = project();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("mtlint.toml"),
        r#"
[languages]
"*.txt" = "fr"

[allow]
names = ["Крутских"]

[rules.caps-word]
severity = "error"
allow = ["HYDROMEL"]

[rules.case-break]
enabled = false
"#,
    )
    .unwrap();
    // Found from a subdirectory too (nearest parent), and paths match relative to the config.
    let (code, out, err) = run(
        &dir.path().join("sub"),
        &["check", "--format", "csv", "../doc.txt"],
    );
    assert_eq!(code, 1, "{err}");
    let r = rules(&out);
    assert!(!r.iter().any(|(_, f)| f == "Крутских"), "allowed name");
    assert!(!r.iter().any(|(_, f)| f == "HYDROMEL"), "rule allow-list");
    assert!(
        !r.iter().any(|(rule, _)| rule == "case-break"),
        "disabled rule"
    );
    assert!(r.iter().any(|(_, f)| f == "Рябкова"));
    assert!(
        out.contains(",caps-word,phrasing,error,RUSSIE,"),
        "severity override"
    );
    // --no-config restores the defaults.
    let (_, out, _) = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--lang",
            "fr",
            "--format",
            "csv",
            "doc.txt",
        ],
    );
    assert!(rules(&out).iter().any(|(_, f)| f == "Крутских"));
}

#[test]
fn config_errors_name_file_line_and_key() {
    let dir = project();
    fs::write(
        dir.path().join("mtlint.toml"),
        "lang = \"fr\"\n\n[rules.caps-word]\nseverty = \"info\"\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["check", "doc.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("mtlint.toml:4:") && err.contains("severty"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["check", "--config", "nope.toml", "doc.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.toml"), "{err}");
}

#[test]
fn ignored_files_and_overrides() {
    let dir = project();
    fs::write(dir.path().join("skip.txt"), "le le chat Крутских\n").unwrap();
    fs::write(
        dir.path().join("mtlint.toml"),
        "lang = \"fr\"\nignore = [\"skip.txt\"]\n[[overrides]]\nfiles = [\"doc.txt\"]\ndisable = [\"foreign-name\"]\n",
    )
    .unwrap();
    let (_, out, err) = run(
        dir.path(),
        &["check", "--format", "csv", "doc.txt", "skip.txt"],
    );
    assert!(err.contains("skip.txt: skipped"), "{err}");
    assert!(!out.contains("skip.txt"));
    assert!(!rules(&out).iter().any(|(r, _)| r == "foreign-name"));
    assert!(rules(&out).iter().any(|(r, _)| r == "foreign-word"));
}

#[test]
fn baseline_round_trip_survives_moved_lines_and_catches_edits() {
    let dir = project();
    let (code, _, err) = run(
        dir.path(),
        &["baseline", "--lang", "fr", "-o", "base.json", "doc.txt"],
    );
    assert_eq!(code, 0, "{err}");
    let base: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("base.json")).unwrap()).unwrap();
    assert!(base["findings"].as_array().unwrap().len() > 10);

    // Same text: everything hidden, exit 0 even with --fail-on new.
    let args = [
        "check",
        "--lang",
        "fr",
        "--baseline",
        "base.json",
        "--fail-on",
        "new",
    ];
    let (code, out, _) = run(dir.path(), &[&args[..], &["doc.txt"]].concat());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 findings"), "{out}");
    assert!(
        out.contains("baseline: ") && out.contains("0 baseline entries no longer match"),
        "{out}"
    );

    // A line inserted above: positions move, findings stay matched.
    let text = fs::read_to_string(dir.path().join("doc.txt")).unwrap();
    fs::write(
        dir.path().join("doc.txt"),
        format!("Une ligne ajoutée en tête.\n\n{text}"),
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &[&args[..], &["doc.txt"]].concat());
    assert_eq!(code, 0, "{out}");

    // An edited flagged word is new (and the old entry is stale).
    assert!(text.contains("de RUSSIE. Il a ajouté"));
    fs::write(
        dir.path().join("doc.txt"),
        text.replace("de RUSSIE. Il a ajouté", "de FRANCE. Il a ajouté"),
    )
    .unwrap();
    let (code, out, _) = run(
        dir.path(),
        &[&args[..], &["--format", "csv", "doc.txt"]].concat(),
    );
    assert_eq!(code, 1);
    assert_eq!(
        rules(&out),
        [("caps-word".to_string(), "FRANCE".to_string())]
    );
    let (_, out, _) = run(dir.path(), &[&args[..], &["doc.txt"]].concat());
    assert!(out.contains("1 baseline entry no longer matches"), "{out}");
}

#[test]
fn fail_on_new_needs_a_baseline() {
    let dir = project();
    let (code, _, err) = run(
        dir.path(),
        &["check", "--lang", "fr", "--fail-on", "new", "doc.txt"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("needs a baseline"), "{err}");
}

#[test]
fn max_score_gates_on_the_mqm_penalty() {
    let dir = project();
    let (_, out, _) = run(
        dir.path(),
        &["check", "--lang", "fr", "--fail-on", "never", "doc.txt"],
    );
    let score: f64 = out
        .rsplit("penalty ")
        .next()
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(score > 10.0, "{score}");
    let code = |max: f64| {
        run(
            dir.path(),
            &[
                "check",
                "--lang",
                "fr",
                "--fail-on",
                "never",
                "--max-score",
                &max.to_string(),
                "doc.txt",
            ],
        )
        .0
    };
    assert_eq!(code(score + 1.0), 0);
    assert_eq!(code(score - 1.0), 1);
}

#[test]
fn reviewed_csv_becomes_baseline_entries() {
    let dir = project();
    let (_, csv, _) = run(
        dir.path(),
        &["check", "--lang", "fr", "--format", "csv", "doc.txt"],
    );
    // A reviewer marks the HYDROMEL finding as a false positive in the HTML page's CSV.
    let mut reviewed = String::new();
    for (i, line) in csv.lines().enumerate() {
        let status = if i == 0 {
            "status,note".to_string()
        } else if line.contains(",HYDROMEL,") {
            "false-positive,mead is right here".to_string()
        } else {
            "confirmed,".to_string()
        };
        reviewed.push_str(&format!("{line},{status}\n"));
    }
    fs::write(dir.path().join("reviewed.csv"), reviewed).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &[
            "baseline",
            "--from-review",
            "reviewed.csv",
            "-o",
            "base.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(
        dir.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--format",
            "csv",
            "--baseline",
            "base.json",
            "doc.txt",
        ],
    );
    let r = rules(&out);
    assert!(!r.iter().any(|(_, f)| f == "HYDROMEL"));
    assert!(r.iter().any(|(_, f)| f == "RUSSIE"));
    // The same review again is merged into the baseline: nothing changes.
    let before = fs::read(dir.path().join("base.json")).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &[
            "baseline",
            "--from-review",
            "reviewed.csv",
            "-o",
            "base.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read(dir.path().join("base.json")).unwrap(), before);
}

/// The starter `mtlint init` writes, and the same with every example key switched on, are valid
/// against schemas/config.schema.json and are read by mtlint.
#[test]
fn init_starter_matches_the_config_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("schemas/config.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the config schema compiles");
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["init"]).0, 0);
    let starter = fs::read_to_string(dir.path().join("mtlint.toml")).unwrap();
    let example =
        regex::Regex::new(r#"^# ((?:[a-z_]+|"[^"]+") = .*|\[\[?[a-z_.-]+\]\]?)\s*$"#).unwrap();
    let all_on: String = starter
        .lines()
        .map(|l| match example.captures(l) {
            Some(c) => c[1].to_string(),
            None => l.to_string(),
        })
        .map(|l| l + "\n")
        .collect();
    assert!(
        all_on.lines().filter(|l| !l.starts_with('#')).count() > 15,
        "{all_on}"
    );
    for (what, text) in [
        ("starter", &starter),
        ("starter with every example", &all_on),
    ] {
        let doc: serde_json::Value =
            toml::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{what}: {errors:?}\n{text}");
        fs::write(dir.path().join("mtlint.toml"), text).unwrap();
        fs::write(dir.path().join("x.txt"), "Bonjour.\n").unwrap();
        let (code, _, err) = run(
            dir.path(),
            &[
                "check",
                "--lang",
                "fr",
                "--fail-on",
                "never",
                "--format",
                "jsonl",
                "x.txt",
            ],
        );
        // Every key is understood; with every example on, the files it names are missing.
        assert!(
            code == 0 || (err.contains("mtlint-rules.toml") && !err.contains("unknown")),
            "{what}: {err}"
        );
    }
}

/// A small repository: translations in several formats, a `.gitignore`d build folder, a
/// `.ignore`d file, a hidden folder, the config's `ignore`, and files of other types (a Rust
/// file, a PNG, the config itself).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for d in ["locales/fr", "build", "vendor", ".cache", "docs", "src"] {
        fs::create_dir_all(p.join(d)).unwrap();
    }
    fs::write(p.join(".gitignore"), "build/\n").unwrap();
    fs::write(p.join(".ignore"), "docs/draft.txt\n").unwrap();
    fs::write(p.join("mtlint.toml"), "ignore = [\"vendor/**\"]\n").unwrap();
    fs::write(
        p.join("locales/fr/app.po"),
        "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgid \"The file is saved.\"\nmsgstr \"Le le fichier est enregistré.\"\n",
    )
    .unwrap();
    fs::write(p.join("locales/fr/notes.txt"), "C’est fini, dit – il.\n").unwrap();
    fs::write(p.join("docs/guide.txt"), "Le guide est prêt.\n").unwrap();
    fs::write(p.join("docs/draft.txt"), "Le le brouillon.\n").unwrap();
    fs::write(p.join("build/out.txt"), "Le le build.\n").unwrap();
    fs::write(p.join("vendor/lib.txt"), "Le le vendor.\n").unwrap();
    fs::write(p.join(".cache/x.txt"), "Le le cache.\n").unwrap();
    fs::write(p.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(p.join("docs/logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
    // A repository's own JSON, Markdown and HTML are not translations: only those whose path
    // names a language are taken from a folder.
    fs::write(p.join("package.json"), "{\"description\": \"A tool\"}\n").unwrap();
    fs::write(p.join("README.md"), "# Tool\n\nThe English readme.\n").unwrap();
    fs::write(p.join("docs/report.html"), "<p>Generated report</p>\n").unwrap();
    fs::write(
        p.join("locales/fr/common.json"),
        "{\"hello\": \"Bonjour\"}\n",
    )
    .unwrap();
    fs::create_dir_all(p.join("docs/fr")).unwrap();
    fs::write(
        p.join("docs/fr/guide.md"),
        "# Guide\n\nLe guide est prêt.\n",
    )
    .unwrap();
    dir
}

/// The files a run read, from the JSON report's summary.
fn files_read(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec![
        "check",
        "--lang",
        "fr",
        "--fail-on",
        "never",
        "--format",
        "json",
    ];
    all.extend(args);
    let (code, out, err) = run(dir, &all);
    let doc: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let files = doc["summary"]["per_file"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    (code, files, err)
}

#[test]
fn a_folder_is_walked_respecting_ignore_files_and_the_config() {
    let dir = repository();
    let (code, files, err) = files_read(dir.path(), &["."]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        files,
        [
            "docs/fr/guide.md",
            "docs/guide.txt",
            "locales/fr/app.po",
            "locales/fr/common.json",
            "locales/fr/notes.txt"
        ],
        "{err}"
    );
    assert!(err.contains("skipped 6 files in the folders"), "{err}");
    // A sub-folder, and a quoted pattern the shell did not expand.
    let (_, files, _) = files_read(dir.path(), &["locales"]);
    assert_eq!(
        files,
        [
            "locales/fr/app.po",
            "locales/fr/common.json",
            "locales/fr/notes.txt"
        ]
    );
    // A pattern asks for its files whatever their paths say.
    let (_, files, _) = files_read(dir.path(), &["*.md"]);
    assert_eq!(files, ["README.md"]);
    let (_, files, err) = files_read(dir.path(), &["locales/**/*.po"]);
    assert_eq!(files, ["locales/fr/app.po"], "{err}");
    // The findings of walked files are there (doubled word in the PO file, broken inversion).
    let (_, out, _) = run(
        dir.path(),
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            "jsonl",
            ".",
        ],
    );
    assert!(out.contains("\"rule\":\"doubled-word\"") && out.contains("fr-inversion-dash"));
    assert!(!out.contains("build/") && !out.contains("vendor/") && !out.contains(".cache"));
    // A file named on the command line is read whatever its type or the ignore files say.
    let (_, files, _) = files_read(dir.path(), &["build/out.txt"]);
    assert_eq!(files, ["build/out.txt"]);
}

#[test]
fn an_empty_input_set_is_an_error() {
    let dir = repository();
    let (code, _, err) = run(dir.path(), &["check", "--lang", "fr", "src"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("src: no file mtlint reads here"), "{err}");
    let (code, _, err) = run(dir.path(), &["check", "--lang", "fr", "locales/**/*.xlf"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no file mtlint reads"), "{err}");
}

#[test]
fn baselines_and_config_globs_match_every_spelling_of_a_path() {
    let dir = project();
    let root = dir.path();
    fs::create_dir_all(root.join("locales/fr")).unwrap();
    fs::create_dir_all(root.join("ci")).unwrap();
    fs::rename(root.join("doc.txt"), root.join("locales/fr/doc.txt")).unwrap();
    // The config's globs are written from its folder; the language comes from the glob.
    fs::write(
        root.join("mtlint.toml"),
        "[languages]\n\"locales/fr/**\" = \"fr\"\n[[overrides]]\nfiles = [\"locales/fr/doc.txt\"]\ndisable = [\"foreign-name\"]\n",
    )
    .unwrap();
    // Recorded from the repository root, into a baseline kept in a subfolder.
    let (code, _, err) = run(
        root,
        &["baseline", "-o", "ci/base.json", "./locales/fr/doc.txt"],
    );
    assert_eq!(code, 0, "{err}");
    let base = fs::read_to_string(root.join("ci/base.json")).unwrap();
    assert!(
        base.contains("\"file\": \"../locales/fr/doc.txt\""),
        "{base}"
    );
    assert!(
        !base.contains("foreign-name"),
        "the override applied: {base}"
    );
    // Checked from a subdirectory, with a relative path going up, and with an absolute path:
    // the same entries match, none is stale, and the config globs still apply.
    let abs = root.join("locales/fr/doc.txt").display().to_string();
    for (cwd, base, file) in [
        (root.join("locales"), "../ci/base.json", "fr/doc.txt"),
        (root.join("ci"), "base.json", "../locales/fr/doc.txt"),
        (root.to_path_buf(), "ci/base.json", abs.as_str()),
    ] {
        let (code, out, err) = run(
            &cwd,
            &["check", "--baseline", base, "--fail-on", "new", file],
        );
        assert_eq!(code, 0, "{file} from {}: {out}{err}", cwd.display());
        assert!(out.contains("0 findings"), "{file}: {out}");
        assert!(
            out.contains("0 baseline entries no longer match"),
            "{file}: {out}"
        );
    }
    // An entry written by hand as `./…` from the baseline's folder matches too.
    let (_, out, _) = run(root, &["check", "--format", "csv", "locales/fr/doc.txt"]);
    let first = rules(&out)[0].clone();
    let hand = format!(
        "{{\"version\": 1, \"findings\": [{{\"file\": \"./locales/fr/doc.txt\", \"rule\": \"{}\", \"flagged\": \"{}\", \"context\": \"\"}}]}}\n",
        first.0, first.1
    );
    fs::write(root.join("hand.json"), hand).unwrap();
    let (_, out, _) = run(
        &root.join("locales"),
        &["check", "--baseline", "../hand.json", "fr/doc.txt"],
    );
    // The context does not match (empty), so the entry is stale, counted for this file.
    assert!(out.contains("1 baseline entry no longer matches"), "{out}");
}
