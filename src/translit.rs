//! Romanization of Cyrillic names (work in progress by a helper; replaced).
pub fn romanize(_word: &str, _target: &str) -> Option<String> {
    None
}
pub fn cyrillic_language(_word: &str) -> Option<&'static str> {
    None
}
pub fn name_case_ending(_word: &str, _prev: Option<&str>) -> Option<(String, &'static str)> {
    None
}
