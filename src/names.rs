//! Latin-script personal names: given names and surnames (US Census 1990 lists, public domain;
//! see data/names/README.md). They tell a person's name left in Latin in a target written in
//! another script ("Joe Biden" in Russian text) from a brand or title kept in Latin ("Royal Mail").

use std::collections::HashSet;
use std::sync::OnceLock;

struct Lists {
    given: HashSet<&'static str>,
    given_words: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let set = |text: &'static str| text.lines().filter(|l| !l.is_empty()).collect();
        Lists {
            given: set(include_str!("../data/names/given.txt")),
            given_words: set(include_str!("../data/names/given-words.txt")),
            surnames: set(include_str!("../data/names/surnames.txt")),
        }
    })
}

/// How a Title-case word reads as a given name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// Only a name ("Joe", "Emily").
    Name,
    /// A name that is also a common English word ("Mark", "Crystal", "Royal").
    AlsoWord,
}

/// Whether `word` (Title case, as written) is a known given name.
pub fn given(word: &str) -> Option<Given> {
    let l = lists();
    if l.given.contains(word) {
        Some(Given::Name)
    } else if l.given_words.contains(word) {
        Some(Given::AlsoWord)
    } else {
        None
    }
}

/// Whether `word` (Title case) is a frequent surname that is not a common English word.
pub fn surname(word: &str) -> bool {
    lists().surnames.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded_and_split() {
        assert_eq!(given("Joe"), Some(Given::Name));
        assert_eq!(given("Mark"), Some(Given::AlsoWord));
        assert_eq!(given("Royal"), Some(Given::AlsoWord));
        assert_eq!(given("Sunday"), None);
        assert_eq!(given("Mail"), None);
        assert!(surname("Rhodes") && surname("Phillips"));
        assert!(!surname("Brown") && !surname("Mail"));
    }
}
