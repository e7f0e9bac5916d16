//! Finding the files to lint.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Error;

/// Directories never worth walking into.
const SKIPPED_DIRECTORIES: &[&str] = &["target", "node_modules"];

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown")
        })
}

/// Files named on the command line are linted whatever their extension; directories are
/// walked for Markdown files, skipping hidden directories, `target/` and `node_modules/`,
/// without following symlinks, and leaving out what `excluded` names (a config's `exclude`).
/// The result is sorted and free of duplicates.
pub fn discover(paths: &[PathBuf], excluded: &dyn Fn(&Path) -> bool) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let metadata = match std::fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                errors.push(Error::PathNotFound { path: path.clone() });
                continue;
            }
            Err(source) => {
                errors.push(Error::Io {
                    path: path.clone(),
                    source,
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            // A named file (or a symlink to one) is linted as asked, unless a config
            // excludes it (pre-commit names every changed file); the loader reports
            // anything that is not a readable regular file.
            if !excluded(path) {
                files.push(path.clone());
            }
            continue;
        }
        let walker = WalkDir::new(path)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_dir();
                entry.depth() == 0
                    || !(is_skipped_directory(entry) || is_dir && excluded(entry.path()))
            });
        for entry in walker {
            match entry {
                Ok(entry)
                    if entry.file_type().is_file()
                        && is_markdown(entry.path())
                        && !excluded(entry.path()) =>
                {
                    // `./levels/L1.md` reads better as `levels/L1.md`.
                    let path = entry.into_path();
                    files.push(match path.strip_prefix(".") {
                        Ok(relative) => relative.to_owned(),
                        Err(_) => path,
                    });
                }
                Ok(_) => {}
                Err(error) => {
                    let path = error.path().unwrap_or(path).to_owned();
                    let source = error
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("file system loop"));
                    errors.push(Error::Io { path, source });
                }
            }
        }
    }
    // One directory walked with its entries sorted by name comes out sorted already, each
    // file once: comparing paths component by component is not cheap.
    if paths.len() > 1 {
        files.sort();
        files.dedup();
    }
    debug_assert!(files.is_sorted() && files.windows(2).all(|pair| pair[0] != pair[1]));
    (files, errors)
}

/// The Markdown files beside `file` in its directory, sorted; empty if it cannot be listed.
/// These are the other levels of a named file's track.
pub fn siblings(file: &Path) -> Vec<PathBuf> {
    let directory = file.parent().unwrap_or(Path::new(""));
    let listed = if directory.as_os_str().is_empty() {
        Path::new(".")
    } else {
        directory
    };
    let Ok(entries) = std::fs::read_dir(listed) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| directory.join(entry.file_name()))
        .filter(|path| is_markdown(path) && path.as_path() != file)
        .collect();
    files.sort();
    files
}

fn is_skipped_directory(entry: &walkdir::DirEntry) -> bool {
    if !entry.file_type().is_dir() {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || SKIPPED_DIRECTORIES.contains(&name.as_ref())
}

/// `a/b/../c/./d.md` → `a/c/d.md`, without touching the file system. A path that is
/// normal already is kept as it is (copied, if borrowed): most are (discovery builds them),
/// and that is cheaper than rebuilding one component by component.
pub fn lexical_normalize<'p>(path: impl Into<Cow<'p, Path>>) -> PathBuf {
    let path = path.into();
    if is_lexically_normal(&path) {
        return path.into_owned();
    }
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let popped =
                    matches!(out.components().next_back(), Some(Component::Normal(_))) && out.pop();
                if !popped {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `lexical_normalize` would return `path` unchanged: no `.` or `..` component,
/// no doubled or trailing separator.
fn is_lexically_normal(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let body = bytes.strip_prefix(b"/").unwrap_or(bytes);
    !body.is_empty()
        && body
            .split(|&byte| byte == b'/')
            .all(|part| !matches!(part, b"" | b"." | b".."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(
            lexical_normalize(Path::new("a/b/../c/./d.md")),
            PathBuf::from("a/c/d.md")
        );
        assert_eq!(
            lexical_normalize(Path::new("../x.md")),
            PathBuf::from("../x.md")
        );
        assert_eq!(
            lexical_normalize(Path::new("./x.md")),
            PathBuf::from("x.md")
        );
        assert_eq!(lexical_normalize(Path::new("a//b/")), PathBuf::from("a/b"));
        assert_eq!(lexical_normalize(Path::new("//a")), PathBuf::from("/a"));
    }

    #[test]
    fn paths_taken_as_they_are_are_normal() {
        for path in [
            "a/b.md",
            "/a/b.md",
            "a",
            "/",
            "x/.hidden/y.md",
            "a/..b/c..md",
        ] {
            let path = Path::new(path);
            if is_lexically_normal(path) {
                let rebuilt: PathBuf = path.components().collect();
                assert_eq!(rebuilt, path, "{}", path.display());
            }
        }
        assert!(is_lexically_normal(Path::new("x/.hidden/y.md")));
        assert!(
            !is_lexically_normal(Path::new("/")),
            "the root alone takes the slow way"
        );
    }
}
