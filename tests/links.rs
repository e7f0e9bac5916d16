//! `broken-link` across directories: a track's files are checked together, and links into
//! another directory's headings (a file's, or a directory's index page's) are checked once
//! every track is done. Each test builds a small tree in a temporary directory and runs
//! the binary there.

mod common;

use std::path::Path;

use common::{ladderlint_in, tree};
use tempfile::TempDir;

/// The concise `broken-link` and `missing-section` findings of `ladderlint ARGS` in `dir`.
fn findings(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "concise"];
    all.extend_from_slice(args);
    let output = ladderlint_in(dir, &all);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        common::stderr(&output)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.contains("[broken-link]") || line.contains("[missing-section]"))
        .map(str::to_owned)
        .collect()
}

const LINKING_LEVEL: &str = "# L1: Engineer

## Impact

- Ships work scoped as in the [glossary](../shared/glossary.md#scope).
- Knows what [ownership](../shared/glossary.md#ownershp) means here.
- Reads the [handbook](../shared/handbook.md#intro) before starting.
- Works to the [next level's craft](L2.md#craft).
- Takes part in the [team's rota](../team/#rota), not its [on-call](../team/#on-call).
";

fn level(id: &str, sections: &[&str]) -> String {
    let mut text = format!("# {id}: Engineer\n");
    for section in sections {
        text.push_str(&format!("\n## {section}\n\n- Does what {id} does here.\n"));
    }
    text
}

fn engineering_tree() -> TempDir {
    tree(&[
        ("ladderlint.toml", "root = true\n"),
        ("eng/L1.md", LINKING_LEVEL),
        ("eng/L2.md", &level("L2", &["Impact", "Craft"])),
        ("eng/L3.md", &level("L3", &["Impact", "Craft"])),
        ("team/README.md", "# Team\n\n## Rota\n\nWho is on duty.\n"),
        (
            "shared/glossary.md",
            "# Glossary\n\n## Scope\n\nHow far a piece of work reaches.\n\n## Ownership\n\nWho answers for it.\n",
        ),
    ])
}

const EXPECTED: [&str; 4] = [
    "eng/L1.md:1:1: warning[missing-section] section `Craft` is missing; L2 and L3 of this track have it",
    "eng/L1.md:6:14: error[broken-link] `../shared/glossary.md` has no heading with the anchor `#ownershp`",
    "eng/L1.md:7:13: error[broken-link] link target `../shared/handbook.md` does not exist",
    "eng/L1.md:9:59: error[broken-link] `../team/` has no heading with the anchor `#on-call`",
];

#[test]
fn links_into_another_directory_are_checked_with_the_whole_tree() {
    let dir = engineering_tree();
    assert_eq!(findings(dir.path(), &["."]), EXPECTED);
}

#[test]
fn links_into_a_directory_outside_the_run_are_checked_too() {
    let dir = engineering_tree();
    assert_eq!(findings(dir.path(), &["eng"]), EXPECTED);
}

#[test]
fn a_file_named_alone_still_sees_its_track_and_the_files_it_links_to() {
    let dir = engineering_tree();
    assert_eq!(findings(dir.path(), &["eng/L1.md"]), EXPECTED);
}
