//! The grammar back end (`--grammar grammalecte`): findings on French MT errors, quiet on clean
//! French, positions in the original file, other languages and standard input skipped with a
//! note, a missing back end a clear error, and a running server reached by URL. The tests that
//! need Grammalecte (Debian grammalecte-cli, installed by .ci/run) skip with a note without it.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

const DIR: &str = "tests/fixtures/grammar";

fn mtlint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mtlint"));
    c.arg("check")
        .args(["--no-config", "--format", "jsonl", "--fail-on", "never"]);
    c
}

fn have_grammalecte() -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("grammalecte-cli").is_file()));
    if !found {
        eprintln!("grammalecte-cli is not installed: grammar back-end tests skipped");
    }
    found
}

fn findings(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn grammar_errors_of_mt_fire_and_clean_french_stays_quiet() {
    if !have_grammalecte() {
        return;
    }
    let errors = format!("{DIR}/errors_fr.txt");
    let clean = format!("{DIR}/clean_fr.txt");
    let out = mtlint()
        .args([
            "--grammar",
            "grammalecte",
            "--select",
            "grammar",
            &errors,
            &clean,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out.stdout);
    let text = std::fs::read_to_string(&errors).unwrap();
    for (i, line) in text.lines().enumerate() {
        let on_line: Vec<_> = found
            .iter()
            .filter(|f| f["file"] == errors.as_str() && f["line"] == i + 1)
            .collect();
        assert!(!on_line.is_empty(), "no grammar finding on `{line}`");
    }
    let bytes = std::fs::read(&errors).unwrap();
    for f in &found {
        assert_eq!(f["file"], errors.as_str(), "clean French flagged: {f}");
        assert_eq!(f["category"], "grammar");
        assert_eq!(f["severity"], "info");
        assert!(
            f["rule"].as_str().unwrap().starts_with("grammalecte/"),
            "{f}"
        );
        let (s, e) = (
            f["byte_start"].as_u64().unwrap(),
            f["byte_end"].as_u64().unwrap(),
        );
        assert_eq!(
            &bytes[s as usize..e as usize],
            f["flagged"].as_str().unwrap().as_bytes()
        );
    }
    let agreement = found
        .iter()
        .find(|f| f["line"] == 1)
        .expect("« Ces consultations ont été annulés »");
    assert_eq!(agreement["flagged"], "annulés");
    assert_eq!(agreement["suggestion"], "annulées");
    // Typography is left to mtlint's own rules: no Grammalecte typography finding.
    assert!(!found.iter().any(|f| {
        let r = f["rule"].as_str().unwrap();
        r.contains("/typo_") || r.contains("/esp_") || r.contains("/nbsp")
    }));
}

#[test]
fn positions_are_in_the_original_file_through_entities_and_tags() {
    if !have_grammalecte() {
        return;
    }
    let xlf = format!("{DIR}/news_fr.xlf");
    let out = mtlint()
        .args(["--grammar", "grammalecte", "--select", "grammar", &xlf])
        .output()
        .unwrap();
    let found = findings(&out.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    let bytes = std::fs::read(&xlf).unwrap();
    let (s, e) = (
        f["byte_start"].as_u64().unwrap(),
        f["byte_end"].as_u64().unwrap(),
    );
    assert_eq!(&bytes[s as usize..e as usize], "annulés".as_bytes());
    assert_eq!(
        (f["line"].as_u64(), f["segment"].as_str()),
        (Some(7), Some("lead/1"))
    );
}

#[test]
fn other_languages_and_standard_input_are_skipped_with_a_note() {
    if !have_grammalecte() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.txt");
    std::fs::write(&en, "The consultations was cancelled.\nThey is here.\n").unwrap();
    let out = mtlint()
        .args(["--grammar", "grammalecte", "--select", "grammar"])
        .arg(&en)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(err.matches("checks French only").count(), 1, "{err}");
    let mut child = mtlint()
        .args(["--grammar", "grammalecte", "--lang", "fr", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Ces consultations ont été annulés.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a file"), "{err}");
}

#[test]
fn a_missing_back_end_names_the_package_to_install() {
    let out = mtlint()
        .args(["--grammar", "grammalecte", &format!("{DIR}/clean_fr.txt")])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt-get install grammalecte-cli"), "{err}");
    let out = mtlint()
        .args(["--grammar", "languagetool", &format!("{DIR}/clean_fr.txt")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown grammar back end"));
}

/// A stand-in for `grammalecte-server`: answers every POST /gc_text/fr with an agreement error on
/// characters 26..33 of the first paragraph, as Grammalecte does for the line sent.
fn fake_server() -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        let mut requests = Vec::new();
        // The probe at start, then one batch.
        for _ in 0..2 {
            let (mut s, _) = listener.accept().unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = s.read(&mut chunk).unwrap();
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf);
                if let Some(i) = text.find("\r\n\r\n") {
                    let len: usize = text
                        .lines()
                        .find_map(|l| l.strip_prefix("Content-Length: "))
                        .unwrap()
                        .trim()
                        .parse()
                        .unwrap();
                    if buf.len() >= i + 4 + len {
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            requests.push(String::from_utf8_lossy(&buf).into_owned());
            let body = r##"{ "program": "grammalecte-fr", "version": "2.1.2", "lang": "fr", "error": "", "data" : [
{"iParagraph": 1, "lGrammarErrors": [{"nStart": 26, "nEnd": 33, "sLineId": "#31321", "sRuleId": "gv1__ppas_sujet_être_accord_pluriel__b1_a2_1", "sType": "ppas", "aColor": [133, 71, 133], "sMessage": "Accord erroné.", "aSuggestions": ["annulées"], "URL": ""}, {"nStart": 0, "nEnd": 3, "sLineId": "#1", "sRuleId": "typo_x", "sType": "typo", "aColor": null, "sMessage": "typo", "aSuggestions": [], "URL": ""}], "lSpellingErrors": []}
]}
"##;
            write!(
                s,
                "HTTP/1.0 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        requests
    });
    (format!("http://{addr}"), handle)
}

#[test]
fn a_running_server_is_used_by_url() {
    let (url, server) = fake_server();
    let dir = tempfile::tempdir().unwrap();
    let fr = dir.path().join("fr.txt");
    std::fs::write(&fr, "Les consultations ont été annulés.\n").unwrap();
    let out = mtlint()
        .args(["--grammar-url", &url, "--lang", "fr", "--select", "grammar"])
        .arg(&fr)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["flagged"], "annulés");
    assert_eq!(
        found[0]["rule"],
        "grammalecte/ppas_sujet_être_accord_pluriel"
    );
    let requests = server.join().unwrap();
    let batch = &requests[1];
    assert!(
        batch.starts_with("POST /gc_text/fr HTTP/1.1\r\n"),
        "{batch}"
    );
    assert!(batch.contains("text=Les+consultations+ont+%C3%A9t%C3%A9+annul%C3%A9s."));
    // Typography is switched off in the request.
    assert!(batch.contains("%22typo%22%3Afalse"), "{batch}");
}
