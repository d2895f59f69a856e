//! MQM classification of findings and the MQM-style penalty score (data/mqm.toml).

use crate::finding::Category;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// An MQM category and severity for a rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MqmClass {
    /// MQM category, e.g. `Accuracy/Untranslated text`.
    pub category: String,
    /// `Major`, `Minor`, `Neutral` or `Non-translation`.
    pub severity: String,
}

impl MqmClass {
    /// Penalty: Major 5, Minor 1 (0.1 for punctuation), Non-translation 25, Neutral 0.
    pub fn weight(&self) -> f64 {
        match self.severity.as_str() {
            "Major" => 5.0,
            "Minor" if self.category == "Fluency/Punctuation" => 0.1,
            "Minor" => 1.0,
            "Non-translation" => 25.0,
            _ => 0.0,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    defaults: BTreeMap<String, MqmClass>,
    rules: BTreeMap<String, MqmClass>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        toml::from_str(include_str!("../data/mqm.toml")).expect("data/mqm.toml is valid (tested)")
    })
}

/// The MQM class of a finding of `rule` in `category`.
pub fn classify(rule: &str, category: Category) -> &'static MqmClass {
    let t = table();
    t.rules
        .get(rule)
        .or_else(|| t.defaults.get(category.as_str()))
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
    fn every_built_in_rule_is_mapped() {
        for d in crate::checks::rule_docs() {
            assert!(
                table().rules.contains_key(&d.id),
                "{} missing in data/mqm.toml",
                d.id
            );
        }
    }
}
