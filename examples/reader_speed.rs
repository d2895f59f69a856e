//! Throughput of the document and subtitle readers alone (no checks), one core:
//! `cargo run --release --example reader_speed [MiB]` reads each fixture repeated to about MiB
//! mebibytes (default 32) from memory and prints MB/s per reader (reports/bench.md).

use mtlint::formats::{InputFormat, ReadOptions, from_reader};
use std::time::Instant;

fn main() {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(32);
    let inputs = [
        (
            "srt",
            "tests/fixtures/subtitles/fr.srt",
            InputFormat::Srt,
            "",
        ),
        (
            "vtt",
            "tests/fixtures/subtitles/fr.vtt",
            InputFormat::Vtt,
            "WEBVTT\n\n",
        ),
        (
            "markdown",
            "tests/fixtures/docs/fr.md",
            InputFormat::Markdown,
            "",
        ),
        ("html", "tests/fixtures/docs/fr.html", InputFormat::Html, ""),
    ];
    println!("| reader | input | segments | seconds | MB/s |");
    println!("|---|---|---:|---:|---:|");
    for (name, path, format, head) in inputs {
        let one = std::fs::read_to_string(path).expect("run from the repository root");
        // A WebVTT file has one header; the repeated part is its cues.
        let body = if head.is_empty() {
            one.as_str()
        } else {
            one.split_once("\n\n")
                .map_or(one.as_str(), |(_, cues)| cues)
        };
        let mut data = String::from(head);
        while data.len() < mib << 20 {
            data.push_str(body);
            data.push('\n');
        }
        let bytes = data.into_bytes();
        let len = bytes.len();
        let start = Instant::now();
        let reader = Box::new(std::io::Cursor::new(bytes));
        let doc = from_reader(path, reader, format, &ReadOptions::default()).unwrap();
        let mut n = 0usize;
        for s in doc.segments {
            let s = s.unwrap();
            n += 1;
            std::hint::black_box(&s);
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "| {name} | {path} repeated, {:.1} MB | {n} | {secs:.2} | {:.1} |",
            len as f64 / 1e6,
            len as f64 / 1e6 / secs
        );
    }
}
