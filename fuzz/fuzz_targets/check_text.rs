//! Arbitrary bytes → lossy UTF-8 → `Engine::check_segment` in several languages.
//! Every finding span must be a non-empty-or-empty range on char boundaries inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::Engine;
use std::sync::OnceLock;

const LANGS: &[&str] = &["fr", "en", "de", "ru", "zh", "ja", "ar", "he", "hi", "el", "tr"];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Vec::new()))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks a language subset so every language gets full-length inputs too.
    let (pick, rest) = match data.split_first() {
        Some((p, r)) => (*p as usize, r),
        None => (0, data),
    };
    let text = String::from_utf8_lossy(rest);
    let engine = engine();
    let langs: Vec<&str> = if pick & 0x80 != 0 {
        LANGS.to_vec()
    } else {
        vec![LANGS[pick % LANGS.len()], "fr"]
    };
    for code in langs {
        let lang = mtlint::lang::language(code).expect("bundled language");
        for f in engine.check_segment(&text, lang) {
            let s = &f.span;
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "rule {} span {:?} outside text of {} bytes",
                f.rule,
                s,
                text.len()
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "rule {} span {:?} not on char boundaries in {:?}",
                f.rule,
                s,
                text
            );
        }
    }
});
