//! Rule selection on the command line, as in ruff: `--select` keeps only the findings of the
//! rules it names, `--ignore` drops those of the rules it names. A selector is a rule id
//! (`doubled-word`), a category (`mixed-script`), an id prefix ending in `*` (`fr-*`: every rule
//! of the French pack and any user rule named so), or `lang:CODE` (every rule of that language's
//! pack). An unknown selector is an error, so a typo cannot silently switch a gate off.

use crate::finding::{Category, Finding};
use std::collections::HashSet;

/// One selector, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    /// Rule ids (one for an id, several for a prefix or a language pack).
    Rules(HashSet<String>),
    /// A whole category.
    Category(Category),
    /// Rule ids named at run time by a grammar back end: `grammalecte/*` (a prefix) or one id.
    Dynamic(String, bool),
}

impl Selector {
    /// Parses `s`; `known` lists every rule id the run can emit (built-in, packs, user rules).
    fn parse(s: &str, known: &[String]) -> Result<Selector, String> {
        let s = s.trim();
        if let Ok(c) = s.parse::<Category>() {
            return Ok(Selector::Category(c));
        }
        if crate::grammar::Kind::ALL
            .iter()
            .any(|k| s.strip_prefix(k.name()).is_some_and(|r| r.starts_with('/')))
        {
            return Ok(match s.strip_suffix('*') {
                Some(prefix) => Selector::Dynamic(prefix.to_string(), true),
                None => Selector::Dynamic(s.to_string(), false),
            });
        }
        if let Some(code) = s.strip_prefix("lang:") {
            let lang = crate::lang::language(code).map_err(|e| format!("`{s}`: {e}"))?;
            return Ok(Selector::Rules(
                lang.rules.iter().map(|r| r.id.clone()).collect(),
            ));
        }
        let ids: HashSet<String> = match s.strip_suffix('*') {
            Some(prefix) => known
                .iter()
                .filter(|id| id.starts_with(prefix))
                .cloned()
                .collect(),
            None => known.iter().filter(|id| *id == s).cloned().collect(),
        };
        if ids.is_empty() {
            return Err(format!(
                "`{s}` selects no rule: give a rule id (`mtlint rules` lists them), a category ({}), an id prefix ending in * (`fr-*`) or lang:CODE",
                Category::ALL.map(|c| c.as_str()).join(", ")
            ));
        }
        Ok(Selector::Rules(ids))
    }

    fn matches(&self, f: &Finding) -> bool {
        match self {
            Selector::Rules(ids) => ids.contains(&f.rule),
            Selector::Category(c) => f.category == *c,
            Selector::Dynamic(id, prefix) => {
                if *prefix {
                    f.rule.starts_with(id.as_str())
                } else {
                    f.rule == *id
                }
            }
        }
    }
}

/// Checks one selector as `--ignore` takes it (the error says why it selects no rule); for the
/// selectors of inline suppressions.
pub fn check_selector(s: &str, known: &[String]) -> Result<(), String> {
    Selector::parse(s, known).map(|_| ())
}

/// The run's `--select` and `--ignore`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<Selector>,
    ignore: Vec<Selector>,
}

impl Selection {
    /// Resolves the selectors (each argument may hold several, comma-separated) against the
    /// rule ids the run knows.
    pub fn new(
        select: &[String],
        ignore: &[String],
        known: &[String],
    ) -> Result<Selection, String> {
        let parse = |args: &[String], what: &str| -> Result<Vec<Selector>, String> {
            args.iter()
                .flat_map(|a| a.split(','))
                .filter(|s| !s.trim().is_empty())
                .map(|s| Selector::parse(s, known).map_err(|e| format!("--{what}: {e}")))
                .collect()
        };
        Ok(Selection {
            select: parse(select, "select")?,
            ignore: parse(ignore, "ignore")?,
        })
    }

    /// Whether nothing is selected or ignored.
    pub fn is_empty(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }

    /// Whether finding `f` is kept.
    pub fn keeps(&self, f: &Finding) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(f)))
            && !self.ignore.iter().any(|s| s.matches(f))
    }

    /// Drops the findings not kept.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        if !self.is_empty() {
            findings.retain(|f| self.keeps(f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn f(rule: &str, category: Category) -> Finding {
        Finding::new(rule, category, Severity::Warning, 0..1, "m")
    }

    fn known() -> Vec<String> {
        [
            "doubled-word",
            "caps-word",
            "fr-inversion-dash",
            "fr-inversion-at",
            "de-in-year",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn ids_categories_prefixes_and_packs() {
        let s = |sel: &[&str], ign: &[&str]| {
            let sel: Vec<String> = sel.iter().map(|x| x.to_string()).collect();
            let ign: Vec<String> = ign.iter().map(|x| x.to_string()).collect();
            Selection::new(&sel, &ign, &known()).unwrap()
        };
        let doubled = f("doubled-word", Category::Phrasing);
        let inv = f("fr-inversion-dash", Category::Phrasing);
        let foreign = f("foreign-word", Category::MixedScript);
        let only = s(&["doubled-word"], &[]);
        assert!(only.keeps(&doubled) && !only.keeps(&inv) && !only.keeps(&foreign));
        let cat = s(&["mixed-script"], &[]);
        assert!(cat.keeps(&foreign) && !cat.keeps(&doubled));
        let no_fr = s(&[], &["fr-*"]);
        assert!(no_fr.keeps(&doubled) && !no_fr.keeps(&inv));
        let pack = s(&["lang:fr"], &[]);
        assert!(pack.keeps(&inv) && !pack.keeps(&doubled));
        let conj = f("grammalecte/conj_il", Category::Grammar);
        let gn = f("grammalecte/gn_la_1m", Category::Grammar);
        let g = s(&["grammalecte/conj_il"], &[]);
        assert!(g.keeps(&conj) && !g.keeps(&gn) && !g.keeps(&doubled));
        let no_g = s(&[], &["grammalecte/*"]);
        assert!(!no_g.keeps(&conj) && !no_g.keeps(&gn) && no_g.keeps(&doubled));
        let both = s(&["phrasing"], &["doubled-word,fr-inversion-at"]);
        assert!(both.keeps(&inv) && !both.keeps(&doubled) && !both.keeps(&foreign));
    }

    #[test]
    fn unknown_selectors_are_errors() {
        for bad in ["doubled-wrod", "zz-*", "lang:xx", "phrasin"] {
            let e = Selection::new(&[bad.to_string()], &[], &known()).unwrap_err();
            assert!(e.starts_with("--select: `"), "{e}");
        }
    }
}
