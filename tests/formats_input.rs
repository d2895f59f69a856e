//! Bilingual inputs read through `mtlint::formats::open`: every fixture in
//! tests/fixtures/bilingual/ (ids, sources, targets, languages, fuzzy flags, exact positions),
//! malformed inputs (with the line of the problem, no panic, no hang), truncated and mutated
//! inputs (no panic), and the real-world files of tests/real-world/.

use mtlint::formats::{self, Document, InputFormat, ReadOptions};
use mtlint::input::{InputError, InputErrorKind, Segment};
use mtlint::position::{file_offset, line_col};
use std::io::Cursor;

const DIR: &str = "tests/fixtures/bilingual";

/// Opens a fixture; returns the document and its segments (an error ends them).
fn read(path: &str, opts: &ReadOptions) -> (Document, Vec<Segment>, Option<InputError>) {
    let mut doc =
        formats::open(path, InputFormat::from_path(path), opts).unwrap_or_else(|e| panic!("{e}"));
    let mut segs = Vec::new();
    let mut err = None;
    for s in std::mem::replace(&mut doc.segments, Box::new(std::iter::empty())) {
        match s {
            Ok(s) => segs.push(s),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    (doc, segs, err)
}

fn read_ok(name: &str, opts: &ReadOptions) -> (Document, Vec<Segment>) {
    let path = format!("{DIR}/{name}");
    let (doc, segs, err) = read(&path, opts);
    assert!(err.is_none(), "{}", err.unwrap());
    check_positions(&path, &segs);
    (doc, segs)
}

/// Every character of every segment: the file offset the anchors give holds that character, or
/// the start of the escape or tag it came from (`&`, `<`, `\`, a doubled `"`); line and column
/// agree with that offset; the end of the text maps to where the target's content ends.
fn check_positions(path: &str, segs: &[Segment]) {
    let content = std::fs::read_to_string(path).unwrap();
    let format = InputFormat::from_path(path);
    for s in segs {
        let mut bounds: Vec<usize> = s.text.char_indices().map(|(i, _)| i).collect();
        bounds.push(s.text.len());
        assert_eq!(
            (file_offset(s, 0), line_col(s, 0)),
            (s.offset, (s.line, s.column)),
            "{path} {}: start",
            s.id
        );
        let mut last = 0;
        for &i in &bounds {
            let off = file_offset(s, i) as usize;
            assert!(
                off >= last,
                "{path} {}: offsets go back at text byte {i}",
                s.id
            );
            last = off;
            let at = &content[off..];
            let before = &content[..off];
            let want = (
                before.matches('\n').count() + 1,
                before.rsplit('\n').next().unwrap().chars().count() + 1,
            );
            assert_eq!(
                line_col(s, i),
                want,
                "{path} {}: line/column of text byte {i}",
                s.id
            );
            let Some(c) = s.text[i..].chars().next() else {
                // The end of the text: where the target's content ends.
                let ok = match format {
                    InputFormat::Xliff | InputFormat::Tmx => {
                        at.starts_with('<') || at.starts_with("]]>")
                    }
                    InputFormat::Po | InputFormat::Jsonl => at.starts_with('"'),
                    _ => at.is_empty() || at.starts_with(['"', ',', '\t', '\r', '\n']),
                };
                assert!(
                    ok || s.text.is_empty(),
                    "{path} {}: the end maps to {:?}",
                    s.id,
                    &at[..at.len().min(12)]
                );
                continue;
            };
            let escape = match format {
                InputFormat::Xliff | InputFormat::Tmx => at.starts_with(['<', '&']),
                InputFormat::Po | InputFormat::Jsonl => at.starts_with('\\'),
                _ => at.starts_with("\"\""),
            };
            assert!(
                at.starts_with(c) || escape,
                "{path} {}: text byte {i} ({c:?}) maps to {:?}",
                s.id,
                &at[..at.len().min(12)]
            );
        }
    }
}

fn ids(segs: &[Segment]) -> Vec<&str> {
    segs.iter().map(|s| s.id.as_str()).collect()
}

fn texts(segs: &[Segment]) -> Vec<&str> {
    segs.iter().map(|s| s.text.as_str()).collect()
}

fn sources(segs: &[Segment]) -> Vec<Option<&str>> {
    segs.iter().map(|s| s.source.as_deref()).collect()
}

fn fuzzy(segs: &[Segment]) -> Vec<&str> {
    segs.iter()
        .filter(|s| s.fuzzy)
        .map(|s| s.id.as_str())
        .collect()
}

fn langs(d: &Document) -> (Option<&str>, Option<&str>) {
    (d.source_lang.as_deref(), d.target_lang.as_deref())
}

#[test]
fn xliff_12() {
    let (doc, segs) = read_ok("ui.xlf", &ReadOptions::default());
    assert_eq!(langs(&doc), (Some("en"), Some("fr")));
    assert_eq!(
        ids(&segs),
        [
            "menu.save",
            "menu.export",
            "dialog.delete",
            "help.html",
            "status.bold",
            "about.title"
        ]
    );
    assert_eq!(
        texts(&segs),
        [
            "Enregistrer {g1}tous{/g1} les fichiers",
            "Exporter & partager{x2}",
            "Supprimer {ph3} ? 3 files seront supprimés.",
            "Appuyez sur <Entrée> pour\n          continuer",
            "Statut : {bpt4}ready{ept4}",
            "",
        ]
    );
    assert_eq!(
        sources(&segs),
        [
            Some("Save {g1}all{/g1} files"),
            Some("Export & share{x2}"),
            Some("Delete {ph3}? 3 files will be removed."),
            Some("Press <Enter> to continue"),
            Some("Status: {bpt4}ready{ept4}"),
            Some("About this application"),
        ]
    );
    assert_eq!(fuzzy(&segs), ["menu.export", "status.bold"]);
    // A unit without a target: empty text placed at its <trans-unit> tag.
    assert_eq!((segs[5].line, segs[5].column), (33, 7));
}

#[test]
fn xliff_20() {
    let (doc, segs) = read_ok("news.xlf", &ReadOptions::default());
    assert_eq!(langs(&doc), (Some("en"), Some("ru")));
    assert_eq!(
        ids(&segs),
        ["headline", "lead/1", "lead/2", "credit", "byline"]
    );
    assert_eq!(
        texts(&segs),
        [
            "Москва принимает {pc1}Всемирный фестиваль молодёжи{/pc1}",
            "Прибыли более 20 000 гостей.",
            "Нажмите {ph2}, чтобы read полную историю & комментарии.",
            "Фото: {sc3}ТАСС{ec3}, Reuters",
            "",
        ]
    );
    assert_eq!(
        segs[2].source.as_deref(),
        Some("Click {ph2} to read the full story & comments.")
    );
    assert_eq!(
        segs[3].source.as_deref(),
        Some("Photo: {sc3}TASS{ec3}, Reuters")
    );
    assert_eq!(fuzzy(&segs), ["lead/2"]);
    assert_eq!((segs[0].line, segs[0].column, segs[0].offset), (7, 17, 348));
}

#[test]
fn sdlxliff_segments() {
    let (doc, segs) = read_ok("report.sdlxliff", &ReadOptions::default());
    assert_eq!(langs(&doc), (Some("en"), Some("de")));
    assert_eq!(ids(&segs), ["a1b2c3/1", "a1b2c3/2"]);
    assert_eq!(
        texts(&segs),
        ["Der Bericht ist ready.", "Senden Sie ihn an {g5}Anna{/g5}."]
    );
    assert_eq!(
        sources(&segs),
        [
            Some("The report is ready."),
            Some("Send it to {g5}Anna{/g5}.")
        ]
    );
    assert_eq!(fuzzy(&segs), ["a1b2c3/1"]);
}

#[test]
fn tmx_three_languages() {
    let (doc, segs) = read_ok("memory.tmx", &ReadOptions::default());
    // Source from the header; target: the first other language met (fr), kept for every unit.
    assert_eq!(langs(&doc), (Some("en"), Some("fr")));
    assert_eq!(ids(&segs), ["welcome", "2", "it-hi", "de-only"]);
    assert_eq!(
        texts(&segs),
        [
            "Bienvenue chez {bpt1}Acme{ept1} !",
            "Vous avez {ph2} nouveaux messages & 2 alerts.",
            "{it3}Lisez le guide de l'utilisateur",
            "",
        ]
    );
    assert_eq!(segs[2].source.as_deref(), Some("{it3}Read the user guide"));
    assert!(fuzzy(&segs).is_empty());

    let de = ReadOptions {
        source_lang: Some("EN".into()),
        target_lang: Some("de".into()),
        ..ReadOptions::default()
    };
    let (doc, segs) = read_ok("memory.tmx", &de);
    assert_eq!(langs(&doc), (Some("en"), Some("de")));
    assert_eq!(
        texts(&segs),
        [
            "Willkommen bei {bpt1}Acme{ept1}!",
            "Sie haben {ph2} neue Nachrichten & 2 Warnungen.",
            "",
            "Einstellungen"
        ]
    );

    let fr_de = ReadOptions {
        source_lang: Some("fr-FR".into()),
        target_lang: Some("de-DE".into()),
        ..ReadOptions::default()
    };
    let (_, segs) = read_ok("memory.tmx", &fr_de);
    assert_eq!(sources(&segs)[3], None);
    assert_eq!(
        segs[0].source.as_deref(),
        Some("Bienvenue chez {bpt1}Acme{ept1} !")
    );
}

#[test]
fn po_entries() {
    let (doc, segs) = read_ok("app.po", &ReadOptions::default());
    assert_eq!(langs(&doc), (None, Some("fr")));
    assert_eq!(
        ids(&segs),
        [
            "Open \"%s\" in a new window",
            "toolbar|Print",
            "%d file selected[0]",
            "%d file selected[1]",
            "Press Enter to continue. Press Escape to cancel.…#3fca7ce3",
            "Tom & Jerry cost 5 dollars",
        ]
    );
    assert_eq!(
        texts(&segs),
        [
            "Ouvrir « %s » dans une nouvelle window",
            "Imprimer",
            "%d fichier sélectionné",
            "%d fichiers sélectionnés",
            "Appuyez sur Entrée pour continuer.\nAppuyez sur Échap\tpour annuler.",
            "",
        ]
    );
    assert_eq!(
        sources(&segs),
        [
            Some("Open \"%s\" in a new window"),
            Some("Print"),
            Some("%d file selected"),
            Some("%d files selected"),
            Some("Press Enter to continue.\nPress Escape to cancel."),
            Some("Tom & Jerry cost 5 dollars"),
        ]
    );
    assert_eq!(fuzzy(&segs), ["toolbar|Print"]);
    // The multi-line msgstr starts on its first continuation line.
    assert_eq!((segs[4].line, segs[4].column), (36, 2));
    // With --lang given and no Language: header, the options fill in.
    let opts = ReadOptions {
        source_lang: Some("en_GB".into()),
        ..ReadOptions::default()
    };
    assert_eq!(langs(&read_ok("app.po", &opts).0), (Some("en"), Some("fr")));
}

#[test]
fn tsv_and_csv() {
    let (doc, segs) = read_ok("strings.tsv", &ReadOptions::default());
    assert_eq!(langs(&doc), (None, None));
    assert_eq!(
        ids(&segs),
        ["btn.ok", "btn.cancel", "msg.saved", "4", "msg.empty"]
    );
    assert_eq!(
        texts(&segs),
        [
            "ОК",
            "Отмена",
            "Сохранено 3 files в %s",
            "Скачать обновление",
            ""
        ]
    );
    assert_eq!(segs[2].source.as_deref(), Some("Saved 3 files to %s"));
    assert_eq!((segs[4].line, segs[4].column), (6, 24));

    let (_, segs) = read_ok("strings.csv", &ReadOptions::default());
    assert_eq!(ids(&segs), ["1", "2", "3", "4", "5"]);
    assert_eq!(
        texts(&segs),
        [
            "Bonjour, le monde",
            "Il a dit \"oui\", puis est left",
            "La version 2.5 est sortie",
            "Ligne un\nLigne deux",
            "Enregistrer & quitter {0}",
        ]
    );
    assert_eq!(
        segs[1].source.as_deref(),
        Some("He said \"yes\", then left")
    );
    assert_eq!((segs[3].line, segs[3].column), (6, 12));

    // Columns chosen by name.
    let opts = ReadOptions {
        source_col: "target".into(),
        target_col: "Source".into(),
        ..ReadOptions::default()
    };
    let (_, segs) = read_ok("strings.csv", &opts);
    assert_eq!(segs[0].text, "Hello, world");
}

#[test]
fn json_lines() {
    let (_, segs) = read_ok("mt.jsonl", &ReadOptions::default());
    assert_eq!(ids(&segs), ["news-1", "2", "4", "news-4"]);
    assert_eq!(
        texts(&segs),
        [
            "Le ministre a dit « non ».",
            "Les prix ont augmenté de 5 %.",
            "Cliquez sur <b>Save</b>\npuis fermez.",
            "",
        ]
    );
    assert_eq!(segs[0].source.as_deref(), Some("The minister said \"no\"."));
    assert_eq!((segs[1].line, segs[1].column), (2, 54));
}

/// The error a malformed input ends in (from `open` or from the segments), and how many
/// segments came before it.
fn malformed(path: &str, bytes: Option<Vec<u8>>) -> (usize, usize, String, usize) {
    let format = InputFormat::from_path(path);
    let opened = match bytes {
        Some(b) => formats::from_reader(
            path,
            Box::new(Cursor::new(b)),
            format,
            &ReadOptions::default(),
        ),
        None => formats::open(path, format, &ReadOptions::default()),
    };
    let (n, err) = match opened {
        Err(e) => (0, e),
        Ok(doc) => {
            let all: Vec<_> = doc.segments.collect();
            let n = all.iter().filter(|s| s.is_ok()).count();
            let err = all
                .into_iter()
                .find_map(Result::err)
                .unwrap_or_else(|| panic!("{path}: no error"));
            (n, err)
        }
    };
    match err.kind {
        InputErrorKind::Malformed {
            line,
            column,
            message,
        } => (line, column, message, n),
        k => panic!("{path}: {k:?}"),
    }
}

#[test]
fn malformed_inputs_name_the_line() {
    let m = |name: &str| malformed(&format!("{DIR}/malformed/{name}"), None);
    // </body> where </target> (opened on line 8) should have been closed.
    let (line, column, msg, n) = m("unclosed.xlf");
    assert_eq!((line, column, n), (9, 5, 1), "{msg}");
    assert!(msg.contains("<target>") && msg.contains("line 8"), "{msg}");
    let (line, _, msg, _) = m("mismatched.xlf");
    assert_eq!(line, 9, "{msg}");
    assert!(
        msg.contains("<trans-unit>") && msg.contains("line 6"),
        "{msg}"
    );
    let (line, column, msg, n) = m("bad_quote.po");
    assert_eq!((line, column, n), (9, 8, 1), "{msg}");
    let (line, column, msg, n) = m("ragged.tsv");
    assert_eq!((line, column, n), (3, 1, 1), "{msg}");
    let (line, column, msg, n) = m("bad_line.jsonl");
    assert_eq!((line, column, n), (2, 45, 1), "{msg}");
    let (line, _, msg, _) = m("undeclared_entity.tmx");
    assert_eq!(line, 3, "{msg}");
    assert!(msg.contains("&copy;"), "{msg}");
}

#[test]
fn entity_expansion_is_refused() {
    for (name, line) in [("billion_laughs.xlf", 3), ("xxe.tmx", 3)] {
        let (l, _, msg, n) = malformed(&format!("{DIR}/malformed/{name}"), None);
        assert_eq!((l, n), (line, 0), "{name}: {msg}");
        assert!(msg.contains("entit"), "{msg}");
    }
}

#[test]
fn unclosed_element_at_end_of_file() {
    let xlf = "<xliff version=\"1.2\">\n<file source-language=\"en\" target-language=\"fr\"><body>\n<trans-unit id=\"1\"><source>a</source>\n  <target>b";
    let (line, column, msg, _) = malformed("t.xlf", Some(xlf.as_bytes().to_vec()));
    assert_eq!((line, column), (4, 3), "{msg}");
    assert!(
        msg.contains("<target>") && msg.contains("not closed"),
        "{msg}"
    );
}

#[test]
fn deep_nesting_is_malformed_not_a_crash() {
    for (name, head) in [
        (
            "deep.xlf",
            "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>",
        ),
        (
            "deep.tmx",
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"fr\"><seg>",
        ),
    ] {
        let mut doc = head.to_string();
        doc.push('\n');
        doc.push_str(&"<g id=\"1\">".repeat(100_000));
        let (line, _, msg, _) = malformed(name, Some(doc.into_bytes()));
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains("nested"), "{msg}");
    }
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let cases: [(&str, &[u8], u64); 5] = [
        ("t.xlf", b"<xliff version=\"1.2\"><file><body>\n<trans-unit id=\"1\"><target>\xff</target></trans-unit></body></file></xliff>", 61),
        ("t.po", b"msgid \"a\"\nmsgstr \"b\xc3\"\n", 19),
        ("t.tsv", b"source\ttarget\na\tb\n\xe9\tc\n", 18),
        ("t.csv", b"source,target\na,\"b\nc\xff\"\n", 20),
        ("t.jsonl", b"{\"target\": \"a\"}\n{\"target\": \"\xff\"}\n", 28),
    ];
    for (name, bytes, offset) in cases {
        let doc = formats::from_reader(
            name,
            Box::new(Cursor::new(bytes.to_vec())),
            InputFormat::from_path(name),
            &ReadOptions::default(),
        );
        let err = match doc {
            Err(e) => e,
            Ok(d) => d.segments.filter_map(Result::err).next().unwrap(),
        };
        match err.kind {
            InputErrorKind::InvalidUtf8 { offset: o, .. } => assert_eq!(o, offset, "{name}"),
            k => panic!("{name}: {k:?}"),
        }
    }
}

#[test]
fn byte_order_marks_are_skipped_and_counted() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice("source,target\nHello,Bonjour\n".as_bytes());
    let d = formats::from_reader(
        "t.csv",
        Box::new(Cursor::new(bytes)),
        InputFormat::Csv,
        &ReadOptions::default(),
    )
    .unwrap();
    let segs: Vec<Segment> = d.segments.map(Result::unwrap).collect();
    assert_eq!(
        (
            segs[0].text.as_str(),
            segs[0].offset,
            segs[0].line,
            segs[0].column
        ),
        ("Bonjour", 23, 2, 7)
    );
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(b"<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit id=\"u\"><segment><source>a</source><target>b</target></segment></unit></file></xliff>");
    let d = formats::from_reader(
        "t.xlf",
        Box::new(Cursor::new(bytes)),
        InputFormat::Xliff,
        &ReadOptions::default(),
    )
    .unwrap();
    let segs: Vec<Segment> = d.segments.map(Result::unwrap).collect();
    assert_eq!((segs[0].offset, segs[0].column), (111, 109));
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Reads `bytes` as `format` and walks every position of every segment; must not panic.
fn exercise(name: &str, bytes: Vec<u8>, format: InputFormat) {
    let Ok(doc) = formats::from_reader(
        name,
        Box::new(Cursor::new(bytes)),
        format,
        &ReadOptions::default(),
    ) else {
        return;
    };
    for s in doc.segments.take(10_000) {
        let Ok(s) = s else { break };
        for (i, _) in s.text.char_indices().chain([(s.text.len(), ' ')]) {
            line_col(&s, i);
            file_offset(&s, i);
        }
    }
}

#[test]
fn truncated_and_mutated_inputs_do_not_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let dirs = [
        DIR.to_string(),
        format!("{DIR}/malformed"),
        "tests/real-world/xliff".into(),
        "tests/real-world/tmx".into(),
        "tests/real-world/po".into(),
        "tests/real-world/csv".into(),
    ];
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        if !path.is_file() || path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let name = path.to_str().unwrap().to_string();
        let format = InputFormat::from_path(&name);
        let bytes = std::fs::read(&path).unwrap();
        for cut in 0..bytes.len() {
            exercise(&name, bytes[..cut].to_vec(), format);
        }
        let specials = b"<>&;\"'\\/=[]!?-#\n\r\t{},:0x\xff\xc3";
        for _ in 0..2000 {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.next() % 4 {
                let at = (rng.next() as usize) % b.len().max(1);
                let c = specials[(rng.next() as usize) % specials.len()];
                match rng.next() % 3 {
                    0 if !b.is_empty() => b[at] = c,
                    1 => b.insert(at.min(b.len()), c),
                    _ if !b.is_empty() => {
                        b.remove(at);
                    }
                    _ => {}
                }
            }
            exercise(&name, b, format);
        }
        // Every format must also survive every other format's file.
        for other in InputFormat::ALL {
            exercise(&name, bytes.clone(), other);
        }
    }
}

/// tests/real-world/<format>/: files from public packages (see each README.md), with the number
/// of segments each must give.
#[test]
fn real_world_files_read_without_error() {
    let cases: &[(&str, usize, Option<&str>)] = &[
        ("tests/real-world/xliff/security.fr.xlf", 19, Some("fr")),
        ("tests/real-world/xliff/validators.de.xlf", 116, Some("de")),
        ("tests/real-world/xliff/validators.ru.xlf", 116, Some("ru")),
        ("tests/real-world/po/humanize.fr.po", 107, Some("fr")),
        ("tests/real-world/tmx/memory.tmx", 1, Some("en")),
        ("tests/real-world/tmx/memory2.tmx", 1, Some("sc")),
        ("tests/real-world/csv/fr-multi.csv", 5, None),
        ("tests/real-world/csv/terms-header.csv", 163, None),
        (
            "tests/real-world/tsv/newstest2020.human-b.en-de.tsv",
            100,
            None,
        ),
    ];
    for &(path, count, target) in cases {
        let (doc, segs, err) = read(path, &ReadOptions::default());
        assert!(err.is_none(), "{}", err.unwrap());
        assert_eq!(segs.len(), count, "{path}");
        assert_eq!(doc.target_lang.as_deref(), target, "{path}");
        assert!(segs.iter().all(|s| s.source.is_some()), "{path}");
        let unique: std::collections::HashSet<&str> = ids(&segs).into_iter().collect();
        assert_eq!(unique.len(), segs.len(), "{path}: ids are not unique");
        check_positions(path, &segs);
    }
}
