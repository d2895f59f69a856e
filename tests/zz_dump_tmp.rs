use mtlint::formats::{InputFormat, ReadOptions, open};
#[test]
fn dump() {
    for f in std::fs::read_dir("tests/fixtures/bilingual")
        .unwrap()
        .chain(std::fs::read_dir("tests/fixtures/bilingual/malformed").unwrap())
    {
        let p = f.unwrap().path();
        if p.is_dir() {
            continue;
        }
        let p = p.to_str().unwrap().to_string();
        let fmt = InputFormat::from_path(&p);
        println!("== {p} ({fmt})");
        match open(&p, fmt, &ReadOptions::default()) {
            Err(e) => println!("OPEN ERR {e}"),
            Ok(d) => {
                println!("langs {:?} {:?}", d.source_lang, d.target_lang);
                for s in d.segments {
                    match s {
                        Ok(s) => println!(
                            "  [{}] {}:{} off={} fuzzy={} src={:?}\n      tgt={:?} anchors={}",
                            s.id,
                            s.line,
                            s.column,
                            s.offset,
                            s.fuzzy,
                            s.source,
                            s.text,
                            s.anchors.len()
                        ),
                        Err(e) => println!("  ERR {e}"),
                    }
                }
            }
        }
    }
}
