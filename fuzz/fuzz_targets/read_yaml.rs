//! Arbitrary bytes through the YAML reader: iterate every segment and map every char boundary
//! of every segment to a file position. Nothing may panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use mtlint::formats::InputFormat;

fuzz_target!(|data: &[u8]| common::exercise(data, InputFormat::Yaml, "config/locales/fr.yml"));
