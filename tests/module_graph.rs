//! No import cycles between the crate's top-level modules: each module may use only modules below
//! it, so the layers stay readable (finding → registry → checks → engine → reports → cli). Test
//! code is left out: a module's tests may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module of a file under src/ (`checks` for src/checks/x.rs), or None for the
/// crate root.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// `crate::x` names in `code` outside comments, strings are not told apart (a path in a string
/// is rare and would only add an edge).
fn used_modules(code: &str) -> BTreeSet<String> {
    let code = code.split("#[cfg(test)]").next().unwrap_or("");
    let mut used = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(p) = rest.find("crate::") {
            rest = &rest[p + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c};` on one line.
                let body = group.split('}').next().unwrap_or("");
                for item in body.split(',') {
                    let m = item.trim().split("::").next().unwrap_or("").trim();
                    if !m.is_empty() {
                        used.insert(m.to_string());
                    }
                }
                continue;
            }
            let m: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !m.is_empty() {
                used.insert(m);
            }
        }
    }
    used
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix("src").unwrap();
            let Some(m) = module_of(rel) else { continue };
            let code = std::fs::read_to_string(&p).unwrap();
            let deps = used_modules(&code);
            let entry = g.entry(m.clone()).or_default();
            entry.extend(deps.into_iter().filter(|d| *d != m));
        }
    }
    let known: BTreeSet<String> = g.keys().cloned().collect();
    for deps in g.values_mut() {
        deps.retain(|d| known.contains(d));
    }
    g
}

/// A cycle through `start`, if any: the path of modules back to it.
fn cycle_from(g: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    fn walk(
        g: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        let here = path.last().unwrap().clone();
        for next in &g[&here] {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(g, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    walk(g, start, &mut path, &mut seen).then_some(path)
}

#[test]
fn no_import_cycles_between_modules() {
    let g = graph();
    assert!(g.len() > 10, "modules found: {:?}", g.keys());
    assert!(g["cli"].contains("run"), "the scan sees `crate::` paths");
    let cycles: Vec<String> = g
        .keys()
        .filter_map(|m| cycle_from(&g, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// The check modules under src/checks/ and the sibling modules each uses (`super::x`), the
/// parent `mod.rs` left out (it declares them all).
fn checks_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in std::fs::read_dir("src/checks").unwrap() {
        let p = e.unwrap().path();
        let Some(name) = p.file_stem().and_then(|n| n.to_str()) else {
            continue;
        };
        if name == "mod" || p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let code = std::fs::read_to_string(&p).unwrap();
        let code = code.split("#[cfg(test)]").next().unwrap_or("");
        let mut deps = BTreeSet::new();
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or("");
            for prefix in ["super::", "crate::checks::"] {
                let mut rest = line;
                while let Some(i) = rest.find(prefix) {
                    rest = &rest[i + prefix.len()..];
                    let m: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !m.is_empty() && m != name {
                        deps.insert(m);
                    }
                }
            }
        }
        g.insert(name.to_string(), deps);
    }
    let known: BTreeSet<String> = g.keys().cloned().collect();
    for deps in g.values_mut() {
        deps.retain(|d| known.contains(d));
    }
    g
}

#[test]
fn no_import_cycles_between_checks() {
    let g = checks_graph();
    assert!(g.contains_key("foreign_script") && g["repetition"].contains("doubled_word"));
    let cycles: Vec<String> = g
        .keys()
        .filter_map(|m| cycle_from(&g, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_scan_finds_a_planted_cycle() {
    let mut g = graph();
    g.get_mut("finding").unwrap().insert("cli".into());
    assert!(cycle_from(&g, "finding").is_some());
}
