//! Every fixture under `fixtures/<rule>/`: pass files are clean, fail files trigger their
//! rule, and what a user sees (human and JSON output) is snapshotted.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use ladderlint::output::Format;

fn fixture_files() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let mut rule_dirs: Vec<PathBuf> = fs::read_dir("fixtures")
        .expect("fixtures/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir() && !path.ends_with("ladders"))
        .collect();
    rule_dirs.sort();
    for dir in rule_dirs {
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        // Files for document rules; directories, each a small track, for ladder rules.
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_dir() || path.extension().is_some_and(|e| e == "md"))
            .collect();
        entries.sort();
        files.extend(entries.into_iter().map(|path| (rule.clone(), path)));
    }
    files
}

#[test]
fn pass_fixtures_are_clean_and_fail_fixtures_fire() {
    let mut problems = Vec::new();
    for (rule, path) in fixture_files() {
        let report = common::lint_fixture(&rule, &[path.as_path()]);
        let name = path.file_name().unwrap().to_string_lossy();
        let rules: Vec<&str> = report.diagnostics().map(|d| d.rule).collect();
        if name.starts_with("pass_") && !rules.is_empty() {
            problems.push(format!(
                "{}: expected no findings, got {rules:?}",
                path.display()
            ));
        }
        if name.starts_with("fail_") && !rules.contains(&rule.as_str()) {
            problems.push(format!(
                "{}: expected `{rule}`, got {rules:?}",
                path.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixture_snapshots() {
    for (rule, path) in fixture_files() {
        let report = common::lint_fixture(&rule, &[path.as_path()]);
        let stem = Path::new(path.file_name().unwrap()).with_extension("");
        let name = format!("{rule}__{}", stem.display());
        insta::assert_snapshot!(
            format!("{name}__human"),
            common::render(&report, Format::Human)
        );
        insta::assert_snapshot!(
            format!("{name}__json"),
            common::render(&report, Format::Json)
        );
    }
}
