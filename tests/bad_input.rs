//! The catalogue of bad inputs: none may panic, hang or exhaust memory; unreadable ones exit 2
//! with a message naming the file.

use assert_cmd::Command;
use std::fs;

fn run(args: &[&str], stdin: Option<Vec<u8>>) -> (i32, String, String) {
    let mut c = Command::cargo_bin("mtlint").unwrap();
    c.args(args);
    if let Some(s) = stdin {
        c.write_stdin(s);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn lossy_reports_bad_bytes_and_goes_on_with_exact_positions() {
    let (code, out, _) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--lossy",
            "--format",
            "jsonl",
            "tests/fixtures/bad_utf8.txt",
        ],
        None,
    );
    assert_eq!(code, 1);
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bad = recs.iter().find(|r| r["rule"] == "invalid-bytes").unwrap();
    assert_eq!(
        (
            bad["line"].as_u64(),
            bad["column"].as_u64(),
            bad["byte_start"].as_u64()
        ),
        (Some(2), Some(14), Some(42))
    );
    let name = recs.iter().find(|r| r["flagged"] == "Крутских").unwrap();
    assert_eq!(
        name["line"].as_u64(),
        Some(3),
        "the file went on after the bad byte"
    );
}

#[test]
fn empty_file_and_empty_stdin_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.txt");
    fs::write(&p, "").unwrap();
    assert_eq!(
        run(&["check", "--lang", "fr", p.to_str().unwrap()], None).0,
        0
    );
    assert_eq!(
        run(&["check", p.to_str().unwrap()], None).0,
        0,
        "no language to detect, nothing to check"
    );
    assert_eq!(run(&["check", "--lang", "fr"], Some(Vec::new())).0, 0);
}

#[test]
fn binary_file_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("image.bin");
    fs::write(&p, b"PNG\x00\x01\x02 binary").unwrap();
    let (code, _, err) = run(&["check", "--lang", "fr", p.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("image.bin: binary file"), "{err}");
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Le président de RUSSIE a parlé.\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (code, out, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            "csv",
        ],
        Some(bytes.clone()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",RUSSIE,"), "{out}");
    // JSON Lines offsets of UTF-16 input count the bytes of the text decoded to UTF-8, as the
    // README and the report schema say ("Le président de " is 17 bytes in UTF-8, 34 in UTF-16).
    let (_, out, _) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            "jsonl",
        ],
        Some(bytes),
    );
    let rec: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["flagged"] == "RUSSIE")
        .unwrap();
    assert_eq!(
        (rec["byte_start"].as_u64(), rec["byte_end"].as_u64()),
        (Some(17), Some(23))
    );
}

#[test]
fn a_very_long_single_line_is_checked_in_linear_time() {
    // 20 MB on one line (the 100 MB case is the same code path, checked in windows of 64 KiB).
    let line =
        "Le président de RUSSIE a parlé à André Крутских hier soir à Genève. ".repeat(280_000);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.txt");
    fs::write(&p, &line).unwrap();
    let (code, out, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--fail-on",
            "never",
            "--format",
            "csv",
            p.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().filter(|l| l.contains(",Крутских,")).count(),
        280_000
    );
}

/// A French text with findings on every line (doubled words, a Cyrillic name).
fn findings_text(lines: usize) -> String {
    "Le président a parlé à André Крутских hier soir le le matin.\n".repeat(lines)
}

#[test]
fn a_full_device_on_output_exits_2_naming_it() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("no /dev/full: not tested");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("doc.txt");
    fs::write(&p, findings_text(2000)).unwrap();
    for format in ["jsonl", "csv", "text", "json", "sarif", "html"] {
        let (code, _, err) = run(
            &[
                "check",
                "--lang",
                "fr",
                "--format",
                format,
                "-o",
                "/dev/full",
                p.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(code, 2, "{format}: {err}");
        assert!(err.contains("cannot write /dev/full"), "{format}: {err}");
        assert!(!err.contains("panicked"), "{format}: {err}");
    }
}

#[test]
fn a_full_file_system_leaves_the_old_report_untouched_and_no_partial_one() {
    // A 64 KiB tmpfs, mounted in a private user and mount namespace (no root needed where user
    // namespaces are allowed); the check runs inside it and its results are printed.
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.txt");
    fs::write(&doc, findings_text(2000)).unwrap();
    let mnt = dir.path().join("small");
    fs::create_dir(&mnt).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("mtlint");
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs {m} || exit 99
         printf 'the previous report\\n' > {m}/report.jsonl
         {bin} check --lang fr --format jsonl -o {m}/report.jsonl {doc}
         echo \"exit $?\"
         echo '--- report'; cat {m}/report.jsonl
         echo '--- listing'; ls -A {m}",
        m = mnt.display(),
        bin = bin.display(),
        doc = doc.display(),
    );
    let out = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .output();
    let Ok(out) = out else {
        eprintln!("no unshare: not tested");
        return;
    };
    if out.status.code() == Some(99) || !out.status.success() {
        eprintln!(
            "cannot mount a tmpfs here: not tested ({})",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let shown = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        shown, "exit 2\n--- report\nthe previous report\n--- listing\nreport.jsonl\n",
        "{err}"
    );
    assert!(
        err.contains(&format!("cannot write {}/report.jsonl", mnt.display()))
            && err.contains("No space left on device"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_deleted_while_another_is_read_from_a_fifo_exits_2_naming_it() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("a.fifo");
    let later = dir.path().join("b.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo: not tested");
        return;
    }
    fs::write(&later, findings_text(3)).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mtlint"))
        .current_dir(dir.path())
        .args(["check", "--no-config", "--lang", "fr", "--format", "jsonl"])
        .args(["a.fifo", "b.txt"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // mtlint is blocked opening the FIFO until it is opened here for writing: b.txt goes first.
    fs::remove_file(&later).unwrap();
    let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    w.write_all(findings_text(2).as_bytes()).unwrap();
    w.write_all(b"Une derni\xc3\xa8re ligne sans fin de ligne le le")
        .unwrap();
    drop(w);
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("mtlint: b.txt: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let recs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        recs.len(),
        5,
        "two findings a line, one on the last: {stdout}"
    );
    assert!(recs.iter().all(|r| r["file"] == "a.fifo"));
    assert_eq!(
        recs.last().unwrap()["line"],
        3,
        "the unterminated last line is read"
    );
}

#[cfg(unix)]
#[test]
fn a_bilingual_file_from_a_named_pipe_is_read_once() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("strings.tsv");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo: not tested");
        return;
    }
    let tsv = fs::read("tests/fixtures/bilingual/strings.tsv").unwrap();
    let plain = dir.path().join("copy.tsv");
    fs::write(&plain, &tsv).unwrap();
    let args = [
        "check",
        "--no-config",
        "--format",
        "jsonl",
        "--fail-on",
        "never",
    ];
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mtlint"))
        .args(args)
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opened once for writing: a second read of the pipe (the consistency pass of a regular
    // file) would wait for a writer for ever.
    let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    w.write_all(&tsv).unwrap();
    drop(w);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let rules = |stdout: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"].to_string())
            .collect()
    };
    let from_pipe = rules(&out.stdout);
    let (_, from_file, _) = run(&[&args[..], &[plain.to_str().unwrap()]].concat(), None);
    let from_file = rules(from_file.as_bytes());
    assert!(!from_pipe.is_empty());
    // The same findings but those of the consistency pass, which needs a second reading.
    let without_consistency: Vec<String> = from_file
        .into_iter()
        .filter(|r| !r.contains("inconsistent-"))
        .collect();
    assert_eq!(from_pipe, without_consistency);
}

/// `-o` naming a file that is also read: refused (exit 2) before anything is read or written,
/// whether it is the only input, the second of several, the same file through a symbolic or a
/// hard link, or the output of `baseline`.
#[test]
fn an_output_that_is_also_an_input_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Le président a dit – il que la RUSSIE est là.\n";
    let a = dir.path().join("a.txt");
    let x = dir.path().join("x.txt");
    fs::write(&a, text).unwrap();
    fs::write(&x, text).unwrap();
    let soft = dir.path().join("soft.txt");
    std::os::unix::fs::symlink(&x, &soft).unwrap();
    let hard = dir.path().join("hard.txt");
    fs::hard_link(&x, &hard).unwrap();
    let (a, x, soft, hard) = (
        a.to_str().unwrap(),
        x.to_str().unwrap(),
        soft.to_str().unwrap(),
        hard.to_str().unwrap(),
    );
    let dotted = format!("{}/./x.txt", dir.path().display());
    let cases: [&[&str]; 6] = [
        &["check", "--lang", "fr", "-o", x, x],
        &["check", "--lang", "fr", "-o", x, a, x],
        &["check", "--lang", "fr", "-o", &dotted, x],
        &["check", "--lang", "fr", "-o", soft, a, x],
        &["check", "--lang", "fr", "-o", hard, x],
        &["baseline", "--lang", "fr", "-o", x, x],
    ];
    for args in cases {
        let (code, out, err) = run(args, None);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}");
        assert!(
            err.contains("the output is also an input"),
            "{args:?}: {err}"
        );
        assert_eq!(fs::read_to_string(x).unwrap(), text, "{args:?}");
    }
}

/// `-o` onto a symbolic link writes the file it leads to; the link stays a link.
#[test]
fn an_output_through_a_symbolic_link_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    fs::write(&input, "Bonjour.\n").unwrap();
    let real = dir.path().join("real.csv");
    fs::write(&real, "old\n").unwrap();
    let link = dir.path().join("report.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let (code, _, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--format",
            "csv",
            "-q",
            "-o",
            link.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&real).unwrap().starts_with("file,"));
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["in.txt", "real.csv", "report.csv"]);
}

/// A new report gets the permissions of any new file (0666 less the umask), not a fixed 0644.
#[test]
fn a_new_report_honours_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    fs::write(&input, "Bonjour.\n").unwrap();
    let out = dir.path().join("report.txt");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" check --lang fr -q -o \"$1\" \"$2\"")
        .arg(assert_cmd::cargo::cargo_bin("mtlint"))
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// `-o` onto a directory or a place where no file can be made: the message names the path
/// given, never the temporary file.
#[test]
fn an_output_that_cannot_be_a_file_is_named_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    fs::write(&input, "Bonjour.\n").unwrap();
    let input = input.to_str().unwrap();
    let (code, _, err) = run(&["check", "--lang", "fr", "-o", ".", input], None);
    assert_eq!(code, 2);
    assert_eq!(err.trim_end(), "mtlint: cannot write .: is a directory");
    let (code, _, err) = run(
        &["check", "--lang", "fr", "-o", "/proc/version", input],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("mtlint: cannot write /proc/version: "),
        "{err}"
    );
    assert!(!err.contains(".tmp"), "{err}");
}

/// SIGTERM or SIGINT while a report is being written removes its temporary file.
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    for (signal, number) in [("-TERM", 15), ("-INT", 2)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.txt");
        // Standard input stays open: the run waits for it, its temporary report already made.
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mtlint"))
            .args(["check", "--lang", "fr", "-q", "-o"])
            .arg(&out)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let listing = || fs::read_dir(dir.path()).unwrap().count();
        for _ in 0..600 {
            if listing() > 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(listing(), 1, "{signal}: the temporary report");
        let killed = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(number),
            "{signal}"
        );
        assert_eq!(listing(), 0, "{signal}: the temporary report is removed");
    }
}

/// `/dev/zero` given to every reader, under a 1 GB address-space limit: each stops at the first
/// NUL byte (exit 2, naming it) instead of reading until memory runs out.
#[test]
fn dev_zero_is_refused_by_every_reader_without_reading_it_all() {
    for format in ["plain", "jsonl", "po", "xliff", "tmx", "tsv", "csv"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1000000 && exec \"$0\" check --lang fr -j 1 --input-format \"$1\" /dev/zero")
            .arg(assert_cmd::cargo::cargo_bin("mtlint"))
            .arg(format)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {err}");
        assert!(
            err.contains("/dev/zero: binary file (NUL byte at byte offset 0)"),
            "{format}: {err}"
        );
    }
}

/// `--max-score nan` would disable the gate and `-1` means nothing: both refused (exit 2), as
/// `max_score` in mtlint.toml is.
#[test]
fn max_score_nan_or_negative_is_refused() {
    for bad in ["nan", "-1"] {
        let (code, _, err) = run(
            &["check", "--lang", "fr", &format!("--max-score={bad}"), "-"],
            Some(b"Bonjour.\n".to_vec()),
        );
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("must be a number ≥ 0"), "{bad}: {err}");
    }
    let (code, _, _) = run(
        &["check", "--lang", "fr", "--max-score", "0", "-"],
        Some(b"Bonjour.\n".to_vec()),
    );
    assert_eq!(code, 0);
}

/// `-j 100000` starts as many threads as there are CPUs, and says so.
#[test]
fn a_huge_thread_count_is_capped_with_a_note() {
    let (code, _, err) = run(
        &["check", "--lang", "fr", "-j", "100000", "-"],
        Some(b"Bonjour.\n".to_vec()),
    );
    assert_eq!(code, 0);
    assert!(err.contains("-j 100000: using "), "{err}");
}

/// gettext entries that differ only in msgctxt are different strings: "Open" (a menu command)
/// and "Open" (a state) may be translated differently; the same context still must agree (the
/// second msgid differs only in its spaces).
#[test]
fn gettext_contexts_are_not_inconsistent_translations() {
    let dir = tempfile::tempdir().unwrap();
    let po = dir.path().join("ui.po");
    fs::write(
        &po,
        "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\n\
         msgctxt \"menu\"\nmsgid \"Open the file\"\nmsgstr \"Ouvrir le fichier\"\n\n\
         msgctxt \"status\"\nmsgid \"Open the file\"\nmsgstr \"Fichier ouvert\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        &[
            "check",
            "--format",
            "jsonl",
            "--fail-on",
            "info",
            po.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.contains("inconsistent-translation"), "{out}");
    assert_eq!(code, 0, "{out}{err}");
    fs::write(
        &po,
        "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\n\
         msgctxt \"menu\"\nmsgid \"Open the file\"\nmsgstr \"Ouvrir le fichier\"\n\n\
         msgctxt \"menu\"\nmsgid \"Open  the file\"\nmsgstr \"Fichier ouvert\"\n",
    )
    .unwrap();
    let (_, out, _) = run(&["check", "--format", "jsonl", po.to_str().unwrap()], None);
    assert!(out.contains("inconsistent-translation"), "{out}");
}

/// In a `.tsv` file a `"` is text (its quotes kept, a cell starting with `"` ends at the tab);
/// in a `.csv` file an unterminated quote is an error naming the file and line (exit 2), as in
/// a CSV glossary.
#[test]
fn tsv_quotes_are_text_and_an_unterminated_csv_quote_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("t.tsv");
    fs::write(
        &tsv,
        "source\ttarget\n\"Hello\", he said\t\"Bonjour\", dit-il\nOpen\t\"Ouvrir\nSave\tEnregistrer\n",
    )
    .unwrap();
    let (code, out, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--source-lang",
            "en",
            "--fail-on",
            "never",
            tsv.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("in 3 segments"), "{out}");
    let csv = dir.path().join("t.csv");
    fs::write(
        &csv,
        "source,target\nHello,Bonjour\nOpen,\"Ouvrir\nSave,Enregistrer\n",
    )
    .unwrap();
    let (code, _, err) = run(&["check", "--lang", "fr", csv.to_str().unwrap()], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("t.csv:3:6: unterminated quote"), "{err}");
    let g = dir.path().join("g.csv");
    fs::write(&g, "cloud,\"nuage\nfile,fichier\n").unwrap();
    let (code, _, err) = run(
        &[
            "check",
            "--lang",
            "fr",
            "--glossary",
            g.to_str().unwrap(),
            "-",
        ],
        Some(b"Bonjour.\n".to_vec()),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("g.csv:1:7: unterminated quote"), "{err}");
}

/// UTF-16 with an unpaired surrogate: "invalid UTF-16" at its byte offset in the file (exit 2,
/// for plain text and structured formats); `--lossy` replaces it and goes on; an odd trailing
/// byte is reported, not read as a phantom segment.
#[test]
fn utf16_errors_are_named_with_their_offset_and_lossy_applies() {
    let utf16 = |s: &str| {
        let mut b = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        b
    };
    // "Le 𝄞 a" is 8 code units (the clef is two): the lone surrogate is at 2 + 16.
    let mut bytes = utf16("Le 𝄞 a ");
    bytes.extend(0xD800u16.to_le_bytes());
    bytes.extend(&utf16(" parlé de RUSSIE.\nBonjour André Крутских.\n")[2..]);
    let (code, _, err) = run(&["check", "--lang", "fr", "-"], Some(bytes.clone()));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("-: invalid UTF-16 at byte offset 18 (line 1): an unpaired surrogate"),
        "{err}"
    );
    let (code, out, err) = run(
        &["check", "--lang", "fr", "--lossy", "--format", "csv", "-"],
        Some(bytes),
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("invalid-bytes"), "{out}");
    assert!(out.contains(",Крутских,"), "the file went on: {out}");

    let dir = tempfile::tempdir().unwrap();
    let po = dir.path().join("x.po");
    let mut bytes = utf16("msgid \"a\"\nmsgstr \"b\"\n");
    bytes.push(b'\n');
    fs::write(&po, &bytes).unwrap();
    let (code, _, err) = run(&["check", "--lang", "fr", po.to_str().unwrap()], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invalid UTF-16 at byte offset 44"), "{err}");
    assert!(err.contains("odd trailing byte"), "{err}");
}

/// XLIFF whose elements carry a namespace prefix is read (it used to give 0 segments and
/// exit 0); a file of a known format with no segment at all gets a note on standard error.
#[test]
fn namespace_prefixed_xliff_is_read_and_an_empty_one_gets_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.xlf");
    fs::write(
        &p,
        r#"<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<x:file source-language="en" target-language="fr" datatype="plaintext" original="a"><x:body>
<x:trans-unit id="1"><x:source>The minister said it again.</x:source><x:target>Le ministre a dit это снова.</x:target></x:trans-unit>
</x:body></x:file></x:xliff>
"#,
    )
    .unwrap();
    let (code, out, err) = run(
        &[
            "check",
            "--format",
            "csv",
            "--fail-on",
            "never",
            p.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",это снова,"), "{out}");
    assert!(!err.contains("no segment"), "{err}");
    fs::write(
        &p,
        r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file source-language="en" target-language="fr" datatype="plaintext" original="a"><body/></file></xliff>"#,
    )
    .unwrap();
    let (code, _, err) = run(&["check", p.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("p.xlf: note: no segment found in this xliff file"),
        "{err}"
    );
    let (_, _, err) = run(&["check", "--quiet", p.to_str().unwrap()], None);
    assert!(err.is_empty(), "{err}");
}

/// A file that fails part-way: the summary counts the segments it did check (and the report
/// has their findings).
#[test]
fn a_file_failing_part_way_counts_what_was_checked() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("part.txt");
    fs::write(&p, b"Le chat le le matin.\nBonjour.\n\xff\nFin.\n").unwrap();
    let (code, out, err) = run(
        &["check", "--lang", "fr", "-j", "1", p.to_str().unwrap()],
        None,
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("doubled-word"), "{out}");
    assert!(out.contains(" in 2 segments of 1 file; "), "{out}");
    assert!(out.contains("1 file could not be read"), "{out}");
}

/// Lone CR line ends (classic Mac OS) are line ends: each line is its segment, with its line.
#[test]
fn lone_cr_line_ends_are_line_ends() {
    let (code, out, err) = run(
        &["check", "--lang", "fr", "--format", "csv", "-"],
        Some(b"Bonjour.\rLe chat le le matin.\rFin.\r".to_vec()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n-,2,9,2,doubled-word,"), "{out}");
}

/// A file name that is not UTF-8 is an error for that file only: the others are checked.
#[cfg(target_os = "linux")]
#[test]
fn a_non_utf8_file_name_fails_that_file_only() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"bad\xffname.txt"));
    fs::write(&bad, "Bonjour.\n").unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "Le chat le le matin.\n").unwrap();
    let out = Command::cargo_bin("mtlint")
        .unwrap()
        .args(["check", "--lang", "fr"])
        .arg(&bad)
        .arg(&good)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad\\xFFname.txt: the file name is not valid UTF-8"),
        "{stderr}"
    );
    assert!(stdout.contains("good.txt:1:"), "{stdout}");
}

/// `--format text` shows no control character raw: a newline in a file name is `\n` (it
/// cannot forge a finding line), an ESC in the text is `␛` (it cannot recolour the terminal).
#[test]
fn text_format_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a\nb.txt");
    fs::write(&p, "Le \u{1b}[31mchat le le matin.\n").unwrap();
    let (code, out, err) = run(&["check", "--lang", "fr", p.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("a\\nb.txt:1:"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("Le \u{241B}[31mchat le le"), "{out}");
}

/// MQM rows: the marks are the only `<v>` and `</v>` of the target cell, even when the text has
/// its own.
#[test]
fn mqm_marks_are_unambiguous() {
    let (_, out, err) = run(
        &["check", "--lang", "fr", "--format", "mqm", "-"],
        Some(b"Tapez <v> puis le le nom.\n".to_vec()),
    );
    let row = out.lines().find(|l| l.starts_with('-')).expect(&err);
    assert!(
        row.contains("\tTapez &lt;v> puis <v>le le</v> nom.\t"),
        "{row}"
    );
}

/// A rule with an empty pattern is refused (exit 2).
#[test]
fn an_empty_rule_pattern_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("r.toml");
    fs::write(&r, "[[rule]]\nid = \"x\"\npattern = ''\nmessage = \"m\"\n").unwrap();
    let (code, _, err) = run(
        &["check", "--lang", "fr", "--rules", r.to_str().unwrap(), "-"],
        Some(b"Bonjour.\n".to_vec()),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("empty pattern"), "{err}");
}

/// A closed standard input is an error (exit 2), not an empty input; `< /dev/null` is empty.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_input_is_an_error() {
    let bin = assert_cmd::cargo::cargo_bin("mtlint");
    let closed = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" check --lang fr <&-")
        .arg(&bin)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&closed.stderr);
    assert_eq!(closed.status.code(), Some(2), "{err}");
    assert!(err.contains("-: standard input is closed"), "{err}");
    let empty = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" check --lang fr < /dev/null")
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(0));
}

/// Worst cases of the source-aware checks, which used to be quadratic: one segment with 30,000
/// numbers on each side, none matching (a scan and a removal per number), and 100,000 rows with
/// the same source and target (every pair of a consistency group compared: 5·10⁹ steps). Both
/// are checked under a 2 GB address-space limit; no timing is asserted.
#[cfg(target_os = "linux")]
#[test]
fn huge_bilingual_inputs_are_checked_in_linear_work() {
    let dir = tempfile::tempdir().unwrap();
    let numbers = dir.path().join("numbers.csv");
    let src: String = (0..30_000).map(|i| format!("item {i}, ")).collect();
    let tgt: String = (0..30_000)
        .map(|i| format!("article {}, ", i + 100_000))
        .collect();
    fs::write(&numbers, format!("source,target\n\"{src}\",\"{tgt}\"\n")).unwrap();
    let same = dir.path().join("same.csv");
    fs::write(
        &same,
        format!("source,target\n{}", "OK,D'accord\n".repeat(100_000)),
    )
    .unwrap();
    for (p, rule) in [(&numbers, "number-mismatch"), (&same, "")] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 2000000 && exec \"$0\" check --lang fr --source-lang en -j 1 --fail-on never --format jsonl \"$1\"")
            .arg(assert_cmd::cargo::cargo_bin("mtlint"))
            .arg(p)
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stdout.contains(rule),
            "{}",
            &stdout[..stdout.len().min(500)]
        );
        assert!(!stdout.contains("inconsistent-translation"));
    }
}

/// An XML file is held in memory whole while it is read: one over `--max-xml-size` (default
/// 1 GiB) is refused (exit 2) naming the file and the option, the read stopping at the cap; the
/// other inputs are still checked. A bigger cap reads it.
#[test]
fn an_xml_file_over_the_size_cap_is_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let units: String = (0..40)
        .map(|i| {
            format!(
                "<trans-unit id=\"{i}\"><source>The minister said it again.</source>\
                 <target>Le ministre le le a dit.</target></trans-unit>\n"
            )
        })
        .collect();
    let xlf = dir.path().join("big.xlf");
    fs::write(
        &xlf,
        format!(
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file \
             source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\" original=\"a\">\
             <body>\n{units}</body></file></xliff>\n"
        ),
    )
    .unwrap();
    let txt = dir.path().join("other.txt");
    fs::write(&txt, "Le chat le le matin.\n").unwrap();
    let (xlf, txt) = (xlf.to_str().unwrap(), txt.to_str().unwrap());
    let (code, out, err) = run(&["check", "--max-xml-size", "2K", xlf, txt], None);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "{xlf}: XML file larger than 2 KiB: it would be read into memory whole; --max-xml-size raises the limit"
        )),
        "{err}"
    );
    assert!(out.contains("other.txt:1:"), "{out}");
    let (code, out, err) = run(
        &["check", "--fail-on", "never", "--max-xml-size", "1M", xlf],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("in 40 segments"), "{out}");
    let (code, _, err) = run(&["check", "--max-xml-size", "lots", xlf], None);
    assert_eq!(code, 2);
    assert!(err.contains("is not a size"), "{err}");
}

/// `mtlint check --format jsonl` as a streaming map step: with standard input a pipe that stays
/// open, each segment's findings come out as soon as its line is read, at any `-j`.
#[test]
fn jsonl_from_a_pipe_is_flushed_per_segment_at_any_thread_count() {
    use std::io::{BufRead, Write};
    for threads in ["1", "2", "8"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mtlint"))
            .args([
                "check", "--lang", "fr", "-q", "--format", "jsonl", "-j", threads,
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                if tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        for (k, word) in ["Крутских", "Петров"].iter().enumerate() {
            writeln!(stdin, "Le ministre {word} a parlé hier.").unwrap();
            stdin.flush().unwrap();
            // The input stays open: the finding must come without waiting for more lines.
            let line = rx
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("-j {threads}: no finding for line {} yet", k + 1));
            let rec: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(rec["flagged"], *word, "-j {threads}");
            assert_eq!(rec["line"], k + 1, "-j {threads}");
        }
        drop(stdin);
        assert_eq!(child.wait().unwrap().code(), Some(1), "-j {threads}");
    }
}
