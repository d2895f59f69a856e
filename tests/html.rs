//! The HTML review page: self-contained (no network reference), the data block present and
//! parseable, input text never reaching the markup unescaped, deterministic output.
//! The page's behaviour in a real browser is tested by tests/browser/ (`tests/browser/run.sh`).

use assert_cmd::Command;
use std::fs;

const SAMPLE: &str = "data/sample/000_5d35f27f8244f893.txt";
const XSS: &str = "tests/fixtures/html_xss.txt";
const DATA_OPEN: &str = "<script type=\"application/json\" id=\"mtlint-data\">";

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty() || out.status.code() != Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn html(paths: &[&str]) -> String {
    let mut args = vec!["check", "--lang", "fr", "--format", "html"];
    args.extend_from_slice(paths);
    let (code, out) = run(&args);
    assert!(code == 0 || code == 1, "exit {code}");
    out
}

/// The JSON in the data block, parsed.
fn data(page: &str) -> serde_json::Value {
    let start = page.find(DATA_OPEN).expect("data block") + DATA_OPEN.len();
    let len = page[start..].find("</script>").expect("data block closed");
    serde_json::from_str(&page[start..start + len]).expect("data block is JSON")
}

fn csv_rows(paths: &[&str]) -> usize {
    let mut args = vec!["check", "--lang", "fr", "--format", "csv"];
    args.extend_from_slice(paths);
    let (_, out) = run(&args);
    csv::Reader::from_reader(out.as_bytes()).records().count()
}

#[test]
fn sample_page_is_self_contained_and_carries_the_findings() {
    let page = html(&[SAMPLE]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    for external in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "href='http",
        "src=\"//",
        "href=\"//",
        "<link",
        "@import",
        "url(",
    ] {
        assert!(!page.contains(external), "external reference {external:?}");
    }
    assert!(page.contains("http-equiv=\"Content-Security-Policy\""));
    assert!(page.contains("default-src 'none'; script-src 'sha256-"));
    assert!(page.contains(DATA_OPEN));
    // Exactly two script elements: the data block and the inline script.
    assert_eq!(page.matches("<script").count(), 2);

    let d = data(&page);
    let findings = d["findings"].as_array().unwrap();
    assert_eq!(findings.len(), csv_rows(&[SAMPLE]));
    assert!(
        findings
            .iter()
            .any(|f| f["flagged"] == "Крутских" && f["suggestion"] == "Kroutskikh")
    );
    // Spans index the segment text in UTF-16 units, as JavaScript does.
    for f in findings {
        let seg = &d["segments"][f["seg"].as_u64().unwrap() as usize];
        let target: Vec<u16> = seg["target"].as_str().unwrap().encode_utf16().collect();
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf16(&target[s..e]).unwrap(),
            f["flagged"].as_str().unwrap()
        );
        assert!(seg["source"].is_null(), "plain text has no source");
    }
    // The summary: per-file counts and the MQM-style score.
    assert!(page.contains(&format!("<td class=\"total\">{}</td>", findings.len())));
    assert!(page.contains("<td class=\"score\">"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(html(&[SAMPLE, XSS]), html(&[SAMPLE, XSS]));
}

#[test]
fn input_text_never_reaches_the_markup_unescaped() {
    let page = html(&[XSS]);
    for raw in [
        "<script>alert",
        "<img src=x",
        "</script><script>window",
        "<b>gras</b>",
        "onerror=alert(1)>",
    ] {
        assert!(!page.contains(raw), "unescaped {raw:?} in the page");
    }
    assert_eq!(page.matches("<script").count(), 2);
    // The text is still all there, in the data block, and decodes to the original.
    let d = data(&page);
    let target = d["segments"][0]["target"].as_str().unwrap();
    assert!(target.contains("<script>alert(1)</script>"));
    assert!(target.contains("\"><img src=x onerror=alert(1)>"));
    assert_eq!(d["findings"].as_array().unwrap().len(), csv_rows(&[XSS]));
}

#[test]
fn file_names_are_escaped_too() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("\"><img src=x onerror=alert(1)>.txt");
    fs::copy(XSS, &name).unwrap();
    let page = html(&[name.to_str().unwrap()]);
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.txt"));
    assert_eq!(page.matches("<script").count(), 2);
}

#[test]
fn clean_input_and_unreadable_files_still_give_a_page() {
    let (code, page) = run(&[
        "check",
        "--lang",
        "fr",
        "--format",
        "html",
        "tests/fixtures/clean_fr.txt",
        "tests/fixtures/bad_utf8.txt",
    ]);
    assert_eq!(code, 2, "an unreadable input → exit 2");
    assert!(page.contains("Inputs that could not be read"));
    assert!(page.contains("invalid UTF-8"));
    assert!(page.trim_end().ends_with("</html>"));
    let d = data(&page);
    assert_eq!(d["errors"].as_array().unwrap().len(), 1);
    assert!(
        d["segments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["file"] != "tests/fixtures/clean_fr.txt")
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("review.html");
    let (code, stdout) = run(&[
        "check",
        "--lang",
        "fr",
        "--fail-on",
        "never",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
        SAMPLE,
    ]);
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    assert_eq!(fs::read_to_string(&out).unwrap(), html(&[SAMPLE]));
}

const BILINGUAL: &str = "tests/browser/fixtures/bilingual.tsv";

#[test]
fn source_aware_findings_carry_their_source_span() {
    let (code, page) = run(&[
        "check",
        "--lang",
        "fr",
        "--source-lang",
        "en",
        "--format",
        "html",
        BILINGUAL,
    ]);
    assert_eq!(code, 1);
    let d = data(&page);
    let segments = d["segments"].as_array().unwrap();
    let spans: Vec<(String, String)> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let src = f.get("src")?.as_array()?;
            let seg = &segments[f["seg"].as_u64()? as usize];
            let source: Vec<u16> = seg["source"].as_str()?.encode_utf16().collect();
            let (a, b) = (src[0].as_u64()? as usize, src[1].as_u64()? as usize);
            Some((
                f["rule"].as_str()?.to_string(),
                String::from_utf16(&source[a..b]).unwrap(),
            ))
        })
        .collect();
    for want in [
        ("number-mismatch", "12"),
        ("number-mismatch", "3"),
        ("placeholder-mismatch", "{name}"),
        ("untranslated-phrase", "in all regions"),
        ("target-equals-source", "Privacy settings"),
        ("url-mismatch", "https://example.com/help"),
    ] {
        assert!(
            spans.iter().any(|(r, s)| r == want.0 && s == want.1),
            "{want:?} in {spans:?}"
        );
    }
    // An added number has no source span: the field is left out.
    assert!(d["findings"].as_array().unwrap().iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("The number 4 is not")
            && f.get("src").is_none()
    }));
    // Per file: the score the summary table shows, for the chart.
    let file = &d["files"][0];
    assert_eq!(file["segments"], 10);
    let score = format!("{:.2}", file["score"].as_f64().unwrap());
    assert!(page.contains(&format!("<td class=\"score\">{score}</td>")));
}

#[test]
fn the_page_has_search_import_pages_and_charts_under_the_same_csp() {
    let page = html(&[SAMPLE]);
    for id in [
        "id=\"search\"",
        "id=\"import\"",
        "id=\"pager-top\"",
        "id=\"pager-bottom\"",
        "id=\"charts\"",
        "id=\"chart-grid\"",
    ] {
        assert!(page.contains(id), "{id}");
    }
    // The import is a file picker read in the page: no form, no upload anywhere.
    assert!(!page.contains("<form"));
    assert!(page.contains("form-action 'none'"));
    assert!(page.contains("default-src 'none'; script-src 'sha256-"));
    assert!(!page.contains("unsafe-eval"));
    // The script builds text and SVG through DOM calls only.
    let script_start = page.rfind("<script>").unwrap();
    let script = &page[script_start..];
    for sink in [
        ".innerHTML",
        ".outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!script.contains(sink), "{sink}");
    }
}
