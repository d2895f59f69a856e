//! i18n resource files (issue 13): JSON, ARB, Java properties, YAML, Android strings.xml and
//! Apple .strings, each a small app with an English source and a French translation carrying the same
//! planted MT errors, paired by key with `--source`.

use std::process::Command;

const DIR: &str = "tests/fixtures/i18n";

fn mtlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

/// The findings of a jsonl report: (rule, line, column, segment).
fn findings(out: &std::process::Output) -> Vec<(String, u64, u64, String)> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["rule"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["segment"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Checks `target` against `source`: every planted error at its (line, column), the keys
/// `missing` and `extra` reported, and no finding starting before `value_mark` on its line
/// (inside a key, an attribute or metadata).
fn planted(source: &str, target: &str, at: &[(&str, u64, u64)], value_mark: &str) {
    let (source, target) = (format!("{DIR}/{source}"), format!("{DIR}/{target}"));
    let out = mtlint(&[
        "--format",
        "jsonl",
        "--fail-on",
        "never",
        "--source",
        &source,
        &target,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out);
    for &(rule, line, column) in at {
        assert!(
            found
                .iter()
                .any(|(r, l, c, _)| r == rule && *l == line && *c == column),
            "{target}: no {rule} at {line}:{column} in {found:#?}"
        );
    }
    let text = std::fs::read_to_string(format!("{}/{target}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (rule, line, column, _) in &found {
        let before: String = lines[*line as usize - 1]
            .chars()
            .take(*column as usize - 1)
            .collect();
        assert!(
            before.contains(value_mark),
            "{target}: {rule} at {line}:{column} is not inside a value"
        );
    }
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(rules.iter().filter(|r| **r == "missing-key").count(), 1);
    assert_eq!(rules.iter().filter(|r| **r == "extra-key").count(), 1);
    // Nothing else than the planted errors (and the number finding's other half).
    assert_eq!(found.len(), at.len() + 1, "{found:#?}");
}

#[test]
fn json_resources_paired_by_key_path() {
    planted(
        "json/en.json",
        "json/fr.json",
        &[
            ("missing-key", 3, 15),
            ("placeholder-mismatch", 4, 17),
            ("target-equals-source", 7, 15),
            ("number-mismatch", 8, 43),
            ("doubled-word", 9, 26),
            ("foreign-word", 14, 50),
            ("extra-key", 18, 16),
        ],
        ": \"",
    );
}

#[test]
fn arb_resources_skip_their_metadata() {
    planted(
        "arb/app_en.arb",
        "arb/app_fr.arb",
        &[
            ("missing-key", 3, 16),
            ("placeholder-mismatch", 4, 18),
            ("target-equals-source", 9, 18),
            ("number-mismatch", 10, 46),
            ("doubled-word", 11, 29),
            ("foreign-word", 13, 53),
            ("extra-key", 15, 22),
        ],
        ": \"",
    );
}

#[test]
fn rails_yaml_resources_without_their_locale_root_key() {
    // `en:` and `fr:` are the files' languages, not part of the keys; the foreign word is on
    // the first line of a two-line plain scalar, the extra key a single-quoted `''` string.
    planted(
        "yaml/en.yml",
        "yaml/fr.yml",
        &[
            ("missing-key", 4, 12),
            ("placeholder-mismatch", 5, 15),
            ("target-equals-source", 7, 12),
            ("number-mismatch", 8, 40),
            ("doubled-word", 9, 23),
            ("foreign-word", 14, 47),
            ("extra-key", 20, 14),
        ],
        ": ",
    );
}

#[test]
fn java_properties_with_escapes_and_continuations() {
    planted(
        "properties/messages.properties",
        "properties/messages_fr.properties",
        &[
            ("missing-key", 2, 13),
            ("placeholder-mismatch", 3, 15),
            ("target-equals-source", 4, 15),
            ("number-mismatch", 5, 53),
            ("doubled-word", 6, 26),
            // On the continuation line.
            ("foreign-word", 8, 23),
            ("extra-key", 10, 19),
        ],
        "",
    );
}

#[test]
fn android_strings_xml_sniffed_by_its_root() {
    planted(
        "android/values/strings.xml",
        "android/values-fr/strings.xml",
        &[
            ("missing-key", 4, 30),
            ("placeholder-mismatch", 5, 32),
            ("target-equals-source", 6, 32),
            ("number-mismatch", 7, 60),
            ("doubled-word", 8, 43),
            ("foreign-word", 13, 67),
            ("extra-key", 15, 36),
        ],
        "\">",
    );
}

#[test]
fn apple_strings_paired_by_key() {
    planted(
        "strings/en.lproj/Localizable.strings",
        "strings/fr.lproj/Localizable.strings",
        &[
            ("missing-key", 2, 16),
            ("placeholder-mismatch", 3, 18),
            ("target-equals-source", 4, 18),
            ("number-mismatch", 5, 46),
            ("doubled-word", 6, 29),
            ("foreign-word", 7, 53),
            ("extra-key", 9, 22),
        ],
        "= \"",
    );
}

#[test]
fn a_folder_walk_finds_the_resources_and_their_language_from_the_path() {
    // No --lang: French from `values-fr`, `fr.lproj`, `_fr`, `@@locale`, `fr.json`, the catalog's
    // only target language; English for the sources. The Cyrillic word is found in every French file.
    let out = mtlint(&["--format", "jsonl", "--fail-on", "never", DIR]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut files: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["rule"] == "foreign-word" && v["lang"] == "fr")
        .map(|v| v["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "tests/fixtures/i18n/android/values-fr/strings.xml",
            "tests/fixtures/i18n/arb/app_fr.arb",
            "tests/fixtures/i18n/json/fr.json",
            "tests/fixtures/i18n/properties/messages_fr.properties",
            "tests/fixtures/i18n/strings/fr.lproj/Localizable.strings",
            "tests/fixtures/i18n/xcstrings/Localizable.xcstrings",
            "tests/fixtures/i18n/yaml/fr.yml",
        ]
    );
}

#[test]
fn malformed_resources_stop_with_line_and_column_and_the_others_are_checked() {
    let dir = std::env::temp_dir().join(format!("mtlint-i18n-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "fr.json",
            "{\n  \"a\": \"Bonjour\",\n  \"b\": \"x\"\n  \"c\": \"y\"\n}\n",
            "4:3",
        ),
        ("fr.arb", "{\"@@locale\": \"fr\", \"a\": [}", "1:26"),
        ("messages_fr.properties", "a = b\nc = \\u12\n", "2:5"),
        ("fr.yml", "fr:\n  a: Bonjour\n b: x\n", "3:3"),
        (
            "strings.xml",
            "<resources>\n  <string name=\"a\">A &nbsp;</string>\n</resources>\n",
            "2:22",
        ),
        (
            "Localizable.strings",
            "\"a\" = \"A\"\n\"b\" = \"B\";\n",
            "2:1",
        ),
    ];
    let good = format!("{DIR}/json/fr.json");
    for (name, content, at) in cases {
        let bad = dir.join(name);
        std::fs::write(&bad, content).unwrap();
        let bad = bad.to_str().unwrap();
        let out = mtlint(&["--format", "jsonl", bad, &good]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&format!("{bad}:{at}:")), "{name}: {stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("foreign-word"),
            "{name}: the good file was not checked"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_string_catalog_is_bilingual_on_its_own() {
    let out = mtlint(&[
        "--format",
        "jsonl",
        "--fail-on",
        "never",
        "tests/fixtures/i18n/xcstrings/Localizable.xcstrings",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out);
    let mut got: Vec<(&str, u64, u64)> = found
        .iter()
        .map(|(r, l, c, _)| (r.as_str(), *l, *c))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("doubled-word", 28, 80),
            ("foreign-word", 45, 106),
            // `needs_review`.
            ("fuzzy-segment", 50, 72),
            ("number-mismatch", 23, 70),
            ("number-mismatch", 23, 98),
            ("placeholder-mismatch", 13, 70),
            ("target-equals-source", 18, 70),
        ]
    );
    // The plural form `%lld notes` is the same in French: not flagged, nor the key
    // `Notely` (shouldTranslate false) nor the comment.
    assert!(found.iter().all(|f| f.1 != 38 && f.1 != 39 && f.1 != 11));
}

/// Every prefix and many one-byte changes of each fixture through its reader: no panic, and
/// every position inside the file (a cheap stand-in for the fuzz targets of fuzz/).
#[test]
fn damaged_resources_never_panic_and_positions_stay_in_the_file() {
    use mtlint::formats::{InputFormat, ReadOptions, from_reader};
    let files = [
        ("json/fr.json", InputFormat::Json),
        ("arb/app_fr.arb", InputFormat::Arb),
        ("properties/messages_fr.properties", InputFormat::Properties),
        ("android/values-fr/strings.xml", InputFormat::Android),
        (
            "strings/fr.lproj/Localizable.strings",
            InputFormat::AppleStrings,
        ),
        ("xcstrings/Localizable.xcstrings", InputFormat::Xcstrings),
        ("yaml/fr.yml", InputFormat::Yaml),
    ];
    for (name, format) in files {
        let path = format!("{}/{DIR}/{name}", env!("CARGO_MANIFEST_DIR"));
        let data = std::fs::read(&path).unwrap();
        let mut variants: Vec<Vec<u8>> = (0..data.len()).map(|n| data[..n].to_vec()).collect();
        for (i, b) in [b'"', b'\\', b'{', b'}', b'<', b'\n', b'=', 0xC3]
            .iter()
            .enumerate()
        {
            for at in (i..data.len()).step_by(7) {
                let mut d = data.clone();
                d[at] = *b;
                variants.push(d);
            }
        }
        for d in variants {
            let len = d.len() as u64;
            let reader: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(d));
            let Ok(doc) = from_reader(name, reader, format, &ReadOptions::default()) else {
                continue;
            };
            for seg in doc.segments.flatten() {
                for k in seg
                    .text
                    .char_indices()
                    .map(|(k, _)| k)
                    .chain([seg.text.len()])
                {
                    let _ = mtlint::position::line_col(&seg, k);
                    assert!(mtlint::position::file_offset(&seg, k) <= len, "{name}");
                }
            }
        }
    }
}

/// A key defined twice with two texts is reported on the later definition, at its value; the
/// same text repeated is not. Subtitle cues numbered twice are not keys: no finding there.
#[test]
fn a_key_defined_twice_with_two_texts_is_reported_once() {
    let out = mtlint(&[
        "--format",
        "jsonl",
        "--fail-on",
        "never",
        &format!("{DIR}/duplicates/messages_fr.properties"),
    ]);
    assert!(out.status.success(), "{out:?}");
    let dups: Vec<_> = findings(&out)
        .into_iter()
        .filter(|f| f.0 == "duplicate-key")
        .collect();
    assert_eq!(
        dups,
        vec![(
            "duplicate-key".to_string(),
            7,
            13,
            "dialog.save".to_string()
        )]
    );

    let dir = std::env::temp_dir().join(format!("mtlint-dup-srt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let srt = dir.join("fr.srt");
    std::fs::write(
        &srt,
        "1\n00:00:01,000 --> 00:00:03,000\nBonjour.\n\n1\n00:00:04,000 --> 00:00:06,000\nAu revoir.\n",
    )
    .unwrap();
    let out = mtlint(&["--format", "jsonl", "--lang", "fr", srt.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        findings(&out).iter().all(|f| f.0 != "duplicate-key"),
        "{out:?}"
    );
}
