//! The rule registry (src/registry.rs, data/rules.toml) is the one source of what a rule is:
//! the README's rule tables and the JSON report schema must agree with it.

use mtlint::finding::Category;
use mtlint::registry::Rule;
use std::collections::BTreeMap;

/// `| `id` | category | severity | …` rows of the README's tables.
fn readme_rows() -> BTreeMap<String, (String, String)> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut rows = BTreeMap::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
        if cells.len() < 4 || !cells[0].starts_with("| `") {
            continue;
        }
        let id = cells[0].trim_start_matches("| `").trim_end_matches('`');
        if !matches!(cells[2], "error" | "warning" | "info") {
            continue;
        }
        let prev = rows.insert(id.to_string(), (cells[1].to_string(), cells[2].to_string()));
        assert!(prev.is_none(), "README lists `{id}` twice");
    }
    rows
}

#[test]
fn readme_rule_tables_match_the_registry() {
    let rows = readme_rows();
    let mut wrong = Vec::new();
    for rule in Rule::ALL {
        match rows.get(rule.id()) {
            None => wrong.push(format!("no README table row for `{rule}`")),
            Some((cat, sev)) => {
                if cat != rule.category().as_str() || sev != rule.severity().as_str() {
                    wrong.push(format!(
                        "README says `{rule}` is {cat}/{sev}; the registry {}/{}",
                        rule.category(),
                        rule.severity()
                    ));
                }
            }
        }
    }
    for id in rows.keys() {
        if Rule::from_id(id).is_none() {
            wrong.push(format!("README lists `{id}`, which is not a built-in rule"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn report_schema_names_every_category() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schemas/report.schema.json").unwrap())
            .unwrap();
    let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    let by_cat = &schema["$defs"]["summary"]["properties"]["by_category"];
    let required: Vec<&str> = by_cat["required"]
        .as_array()
        .expect("by_category.required")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, names, "summary.by_category in the schema");
    let props: Vec<&str> = by_cat["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    let mut props_sorted = props.clone();
    props_sorted.sort();
    assert_eq!(props_sorted, sorted);
    let text = std::fs::read_to_string("schemas/report.schema.json").unwrap();
    let enum_line = text
        .lines()
        .find(|l| l.contains("\"category\": { \"enum\""))
        .expect("a finding's category enum");
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    assert!(
        enum_line.contains(&quoted.join(", ")),
        "the finding's category enum lists Category::ALL in order: {enum_line}"
    );
}
