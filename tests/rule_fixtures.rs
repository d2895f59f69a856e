//! Rules that need a file (data/rules.toml `needs_file`) fire on the fixture their docs name.

use std::process::Command;

#[test]
fn every_file_level_rule_fires_on_its_fixture() {
    let mut checked = 0;
    for m in mtlint::registry::metas() {
        let Some(args) = &m.fixture else {
            continue;
        };
        let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .arg("check")
            .args(["--format", "jsonl", "--fail-on", "never"])
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success(),
            "{}: {args:?}: {}",
            m.id,
            String::from_utf8_lossy(&out.stderr)
        );
        let fired = stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["rule"] == m.id.as_str())
            .count();
        assert!(fired > 0, "`{}` does not fire on {args:?}:\n{stdout}", m.id);
        checked += 1;
    }
    assert!(checked >= 7, "{checked} fixtures");
}
