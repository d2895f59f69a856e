//! Paths as people type them: `x`, `./x`, `../proj/x`, `/home/me/proj/x` and `x` typed from a
//! subdirectory name the same file. Baselines and config globs compare paths relative to a root
//! (the baseline file's folder, the config file's folder), computed here without touching the
//! file system, so a file that does not exist yet or a symlinked folder keep their names.

use std::path::{Component, Path, PathBuf};

/// `p` made absolute against the current directory, with `.` and `..` resolved lexically.
pub fn lexical_absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `/..` is `/`.
                if !matches!(
                    out.components().next_back(),
                    Some(Component::RootDir) | None
                ) {
                    out.pop();
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `file` relative to `root`, with `/` separators: `../` steps where the file lies outside the
/// root. Standard input (`-`) stays `-`. Both are made absolute against the current directory
/// first ([`lexical_absolute`]).
pub fn relative_to(root: &Path, file: &str) -> String {
    if file == "-" {
        return file.to_string();
    }
    let (root, file) = (lexical_absolute(root), lexical_absolute(Path::new(file)));
    let (r, f): (Vec<_>, Vec<_>) = (root.components().collect(), file.components().collect());
    let common = r.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    parts.extend(std::iter::repeat_n("..".to_string(), r.len() - common));
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// The folder a file such as `mtlint.toml` or a baseline sits in (`.` for a bare name).
pub fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_path_is_the_same_relative_path() {
        let cwd = std::env::current_dir().unwrap();
        let root = cwd.join("proj");
        for typed in [
            "proj/locales/fr.txt".to_string(),
            "./proj/locales/fr.txt".to_string(),
            "proj/./locales/../locales/fr.txt".to_string(),
            cwd.join("proj/locales/fr.txt").display().to_string(),
            format!(
                "../{}/proj/locales/fr.txt",
                cwd.file_name().unwrap().to_string_lossy()
            ),
        ] {
            assert_eq!(relative_to(&root, &typed), "locales/fr.txt", "{typed}");
        }
        // Relative roots are taken against the current directory too.
        assert_eq!(relative_to(Path::new("proj/"), "proj/x.txt"), "x.txt");
        assert_eq!(
            relative_to(Path::new("proj"), "other/x.txt"),
            "../other/x.txt"
        );
        assert_eq!(relative_to(Path::new("."), "./x.txt"), "x.txt");
        assert_eq!(relative_to(Path::new("."), "-"), "-");
    }

    #[test]
    fn parent_steps_never_climb_above_the_root_folder() {
        assert_eq!(
            lexical_absolute(Path::new("/../a/./b/..")),
            PathBuf::from("/a")
        );
    }

    #[test]
    fn folder_of_a_bare_name_is_the_current_folder() {
        assert_eq!(folder_of(Path::new("baseline.json")), PathBuf::from("."));
        assert_eq!(
            folder_of(Path::new("ci/baseline.json")),
            PathBuf::from("ci")
        );
    }
}
