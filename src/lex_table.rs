//! The layout of the compiled lexicon tables, shared by `build.rs` (which writes them from
//! `data/wordfreq/*.tsv` and `data/casing/*.tsv` at compile time) and `src/lang.rs` (which reads
//! them from the binary): the hash of a word, the parsing of a Zipf value, and the builder.
//!
//! One table per script group ("fr en de es it", "ru"):
//!
//! - `blob`: the entries. An entry is `len: u8`, the word (`len` bytes, lower case UTF-8), one
//!   Zipf value per lexicon of the group (tenths, 0 = absent) and one casing byte (2 bits per
//!   casing list of the group: 0 unlisted = lower case, 1 capitalised, 2 capitals, 3 unknown to
//!   the dictionary). The bucket of a word is the top bits of [`word_hash`]; a bucket has about
//!   eight words. Its frequent words (Zipf ≥ [`HOT_TENTHS`] / 10) are in the hot region, at the
//!   start of the blob, bucket after bucket; its other words in the cold region after it. Inside
//!   a part, the most frequent words come first.
//! - `dir`: `buckets + 1` records of 16 bytes, little-endian: `u32` start of the bucket's hot
//!   part, `u32` start of its cold part, `u64` mask of its cold words ([`cold_bit`]). Bucket `b`
//!   is `blob[hot[b]..hot[b + 1]]` and `blob[cold[b]..cold[b + 1]]`.
//!
//! A lookup reads 16 bytes of the directory (a few hundred KiB: it stays in cache) and scans the
//! bucket's hot part (the hot region is small enough to stay in cache too); only a word that is
//! not there, and whose bit is in the bucket's mask of cold words, goes on to the cold part,
//! which is usually a cache miss. In running text nine words in ten are hot, and the mask turns
//! most unknown words (names, numbers, foreign words) away without reading the cold part.

// build.rs uses the builder, the library only the hash (and the builder in its tests).
#![allow(dead_code)]

/// Words with a Zipf frequency of at least 4.0 (in some lexicon of the group) are in the hot
/// region: about 34,000 of the 263,000 Latin-script words, 90 % of the words of running text.
pub const HOT_TENTHS: u8 = 40;

/// The bit of a word in its bucket's mask of cold words (the low bits of the hash; the bucket is
/// picked by the top bits).
#[inline]
pub fn cold_bit(hash: u64) -> u64 {
    1 << (hash & 63)
}

/// Casing marks in the casing byte.
pub const CASE_LOWER: u8 = 0;
pub const CASE_CAPITALIZED: u8 = 1;
pub const CASE_UPPER: u8 = 2;
pub const CASE_UNKNOWN: u8 = 3;

/// Hash of a word's bytes (multiply-rotate over 8-byte words; the top bits, which pick the
/// bucket, depend on every byte and on the length).
#[inline]
pub fn word_hash(b: &[u8]) -> u64 {
    const M: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (0x243F_6A88_85A3_08D3 ^ b.len() as u64).wrapping_mul(M);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let k = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(29) ^ k).wrapping_mul(M);
    }
    let r = chunks.remainder();
    if !r.is_empty() {
        h = (h.rotate_left(29) ^ tail(r)).wrapping_mul(M);
    }
    h ^ (h >> 31)
}

/// 1 to 7 bytes as a little-endian number, in at most two loads: two overlapping reads of the
/// first and the last 4 (or 2) bytes put each byte at its place (where they overlap, both reads
/// hold the same byte).
#[inline]
pub fn tail(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4")));
    let u16_at = |i: usize| u64::from(u16::from_le_bytes(b[i..i + 2].try_into().expect("2")));
    match n {
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        2..=3 => u16_at(0) | u16_at(n - 2) << (8 * (n - 2)),
        1 => u64::from(b[0]),
        _ => 0,
    }
}

/// A Zipf value of the bundled lists ("4.7") in tenths. Values that are not one-decimal numbers
/// are parsed and rounded to tenths (the bundled lists have none: tested); 0 and below, or
/// unparsable values, are skipped.
pub fn parse_tenths(z: &str) -> Option<u8> {
    let z = z.strip_suffix('\r').unwrap_or(z);
    match z.as_bytes() {
        &[a @ b'0'..=b'9', b'.', b @ b'0'..=b'9'] => {
            let t = (a - b'0') * 10 + (b - b'0');
            (t > 0).then_some(t)
        }
        _ => {
            let v: f32 = z.parse().ok()?;
            let t = (v * 10.0).round();
            (1.0..=255.0).contains(&t).then_some(t as u8)
        }
    }
}

/// A word's values (one per lexicon) and its casing byte.
type Row = (Vec<u8>, u8);

/// A built table: see the module documentation.
pub struct Built {
    pub blob: Vec<u8>,
    pub dir: Vec<u8>,
    /// `64 - log2(buckets)`.
    pub shift: u32,
    /// Lexicons in the group.
    pub width: usize,
    /// First characters of the words below U+0800, one bit each.
    pub first_low: [u64; 32],
    /// Some word starts at or above U+0800.
    pub first_high: bool,
}

/// Builds the table of a group from its lexicons' text (lines `word<TAB>zipf`; a later line for
/// the same word wins; lines without a tab, with an empty word or with a value that
/// [`parse_tenths`] skips are skipped) and its casing lists (`casings[k]` is the text of the
/// k-th list: lines `word<TAB>C|U|X`, others skipped; at most 4). A casing word that no lexicon
/// of the group has is an error.
pub fn build(texts: &[&str], casings: &[&str]) -> Result<Built, String> {
    use std::collections::HashMap;
    let width = texts.len();
    assert!(casings.len() <= 4, "at most 4 casing lists in a group");
    let mut rows: HashMap<&str, Row> = HashMap::new();
    for (col, text) in texts.iter().enumerate() {
        for line in text.split('\n') {
            let Some((w, z)) = line.split_once('\t') else {
                continue;
            };
            let Some(t) = parse_tenths(z) else {
                continue;
            };
            if w.is_empty() {
                continue;
            }
            if w.len() > 255 {
                return Err(format!("word longer than 255 bytes: {w:?}"));
            }
            rows.entry(w).or_insert_with(|| (vec![0; width], 0)).0[col] = t;
        }
    }
    for (k, text) in casings.iter().enumerate() {
        for line in text.lines() {
            let Some((w, mark)) = line.split_once('\t') else {
                continue;
            };
            let mark = match mark.trim_end() {
                "C" => CASE_CAPITALIZED,
                "U" => CASE_UPPER,
                "X" => CASE_UNKNOWN,
                _ => continue,
            };
            let Some((_, case)) = rows.get_mut(w) else {
                return Err(format!(
                    "casing list {k}: {w:?} is in no lexicon of the group"
                ));
            };
            *case = (*case & !(3 << (2 * k))) | (mark << (2 * k));
        }
    }
    // About eight entries a bucket.
    let buckets = (rows.len() / 16).next_power_of_two().max(16);
    let shift = 64 - buckets.trailing_zeros();
    let mut by_bucket: Vec<Vec<(&str, &Row)>> = vec![Vec::new(); buckets];
    let mut first_low = [0u64; 32];
    let mut first_high = false;
    for (w, row) in &rows {
        by_bucket[(word_hash(w.as_bytes()) >> shift) as usize].push((w, row));
        match w.chars().next().map(|c| c as u32) {
            Some(c) if c < 0x800 => first_low[c as usize / 64] |= 1 << (c % 64),
            Some(_) => first_high = true,
            None => {}
        }
    }
    // Each bucket in two parts: its frequent words in the hot region at the start of the blob
    // (a few hundred KiB that stay in cache), the others in the cold region after it.
    let top = |r: &Vec<u8>| r.iter().copied().max().unwrap_or(0);
    let mut hot = Vec::new();
    let mut cold = Vec::new();
    let mut starts = Vec::with_capacity(buckets + 1);
    for bucket in &mut by_bucket {
        // The most frequent words first (in any lexicon of the group), then in byte order.
        bucket.sort_by(|a, b| top(&b.1.0).cmp(&top(&a.1.0)).then(a.0.cmp(b.0)));
        starts.push((hot.len(), cold.len()));
        for (w, (row, case)) in bucket.iter() {
            let part = if top(row) >= HOT_TENTHS {
                &mut hot
            } else {
                &mut cold
            };
            part.push(w.len() as u8);
            part.extend_from_slice(w.as_bytes());
            part.extend_from_slice(row);
            part.push(*case);
        }
    }
    starts.push((hot.len(), cold.len()));
    let mut dir = Vec::with_capacity(16 * (buckets + 1));
    for (b, (h, c)) in starts.into_iter().enumerate() {
        let mut mask = 0u64;
        for (w, (row, _)) in by_bucket.get(b).into_iter().flatten() {
            if top(row) < HOT_TENTHS {
                mask |= cold_bit(word_hash(w.as_bytes()));
            }
        }
        dir.extend_from_slice(&offset(h)?.to_le_bytes());
        dir.extend_from_slice(&offset(hot.len() + c)?.to_le_bytes());
        dir.extend_from_slice(&mask.to_le_bytes());
    }
    let mut blob = hot;
    blob.append(&mut cold);
    Ok(Built {
        blob,
        dir,
        shift,
        width,
        first_low,
        first_high,
    })
}

fn offset(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "lexicon table larger than 4 GiB".to_string())
}
