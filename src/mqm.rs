//! MQM classification of findings and the MQM-style penalty score (data/mqm.toml).

use crate::finding::Category;
pub use crate::registry::MqmClass;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{OnceLock, RwLock};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    defaults: BTreeMap<String, MqmClass>,
}

/// MQM classes of the regex rules loaded in this process (language packs, user rules), by id.
fn registered() -> &'static RwLock<HashMap<String, &'static MqmClass>> {
    static R: OnceLock<RwLock<HashMap<String, &'static MqmClass>>> = OnceLock::new();
    R.get_or_init(Default::default)
}

/// Records the MQM class a regex rule declares (called when a rule file is compiled). Built-in
/// rules carry theirs in the registry.
pub fn register(rule: &str, class: MqmClass) {
    let mut map = registered().write().unwrap_or_else(|e| e.into_inner());
    if map.get(rule).is_none_or(|c| **c != class) {
        // A rule file is compiled once per run (packs once per language): a handful of leaks.
        map.insert(rule.to_string(), Box::leak(Box::new(class)));
    }
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        toml::from_str(include_str!("../data/mqm.toml")).expect("data/mqm.toml is valid (tested)")
    })
}

/// The MQM class of a finding of `rule` in `category`: the rule's own (built-in rules from the
/// registry, regex rules from their file), else its category's default.
pub fn classify(rule: &str, category: Category) -> &'static MqmClass {
    if let Some(m) = crate::registry::meta(rule) {
        return &m.mqm;
    }
    if let Some(c) = registered()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(rule)
    {
        return c;
    }
    table()
        .defaults
        .get(category.as_str())
        .expect("every category has a default in data/mqm.toml")
}

/// Penalty per 1,000 words.
pub fn score(penalty: f64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        penalty * 1000.0 / words as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_every_category_and_weights() {
        for c in [
            Category::MixedScript,
            Category::LanguageSwitch,
            Category::Phrasing,
            Category::Custom,
        ] {
            classify("no-such-rule", c);
        }
        assert_eq!(
            classify("foreign-name", Category::MixedScript).weight(),
            5.0
        );
        assert_eq!(classify("double-space", Category::Phrasing).weight(), 0.1);
        assert_eq!(classify("caps-word", Category::Phrasing).weight(), 1.0);
        assert_eq!(
            classify("foreign-brand", Category::MixedScript).weight(),
            0.0
        );
        assert_eq!(score(10.0, 2000), 5.0);
    }

    #[test]
    fn every_rule_class_is_valid_and_every_category_has_a_default() {
        for m in crate::registry::metas() {
            m.mqm.validate().unwrap_or_else(|e| panic!("{}: {e}", m.id));
        }
        for c in Category::ALL {
            assert!(table().defaults.contains_key(c.as_str()), "{c}");
        }
        let fr = crate::lang::language("fr").unwrap();
        assert!(fr.rules.iter().any(|r| r.id == "fr-inversion-at"));
        assert_eq!(
            classify("fr-inversion-at", Category::Phrasing).category,
            "Fluency/Spelling"
        );
    }
}
