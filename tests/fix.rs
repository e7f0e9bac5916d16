//! `--fix` and `--diff` on copies of the sample ladder: what changes, what does not, and
//! that a fixed ladder has nothing left to fix.

mod common;

use std::fs;

use common::{copy_of_sample_ladder, ladderlint_in, stderr, stdout};
use tempfile::TempDir;

/// A copy of the sample ladder with a `root = true` config, so nothing above it applies.
fn sample_ladder_with_root_config() -> TempDir {
    let dir = copy_of_sample_ladder();
    fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    dir
}

#[test]
fn diff_shows_the_fixes_without_writing() {
    let dir = sample_ladder_with_root_config();
    let before = fs::read_to_string(dir.path().join("engineering/L3.md")).unwrap();
    let output = ladderlint_in(dir.path(), &["--diff", "."]);
    assert_eq!(output.status.code(), Some(1), "fixes are pending");
    insta::assert_snapshot!(stdout(&output));
    assert_eq!(stderr(&output), "3 fixable problems in 3 files.\n");
    let after = fs::read_to_string(dir.path().join("engineering/L3.md")).unwrap();
    assert_eq!(before, after, "--diff writes nothing");
}

#[test]
fn fix_writes_the_fixes_then_reports_the_rest_and_is_idempotent() {
    let dir = sample_ladder_with_root_config();
    let untouched = fs::read_to_string(dir.path().join("engineering/L1.md")).unwrap();
    let output = ladderlint_in(dir.path(), &["--fix", "--format", "concise", "."]);
    assert_eq!(stderr(&output), "Fixed 3 problems in 3 files.\n");
    let remaining = stdout(&output);
    for fixed_rule in ["lazy-continuation", "heading-drift"] {
        assert!(
            !remaining.contains(fixed_rule),
            "`{fixed_rule}` should be fixed:\n{remaining}"
        );
    }
    assert!(
        remaining.contains("[placeholder]"),
        "unfixable findings remain"
    );
    insta::assert_snapshot!(
        "fixed_l3",
        fs::read_to_string(dir.path().join("engineering/L3.md")).unwrap()
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("engineering/L1.md")).unwrap(),
        untouched,
        "a file with nothing to fix is not rewritten"
    );

    let again = ladderlint_in(dir.path(), &["--diff", "."]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");
    assert_eq!(stderr(&again), "0 fixable problems in 0 files.\n");
}

#[test]
fn crlf_files_stay_crlf() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let text_crlf = "# L1: Engineer\r\n\r\n## Scope\r\n\r\n- Owns small features end to end.\r\nAsks for review early and often.\r\n";
    let path = dir.path().join("L1.md");
    fs::write(&path, text_crlf).unwrap();
    let output = ladderlint_in(dir.path(), &["--fix", "."]);
    assert_eq!(stderr(&output), "Fixed 1 problem in 1 file.\n");
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        text_crlf.replace("\r\nAsks", "\r\n- Asks"),
        "the bullet is restored and every line still ends in CRLF"
    );
}

#[test]
fn read_only_file_is_reported_and_left_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = sample_ladder_with_root_config();
    let path = dir.path().join("engineering/L3.md");
    let before = fs::read_to_string(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let output = ladderlint_in(dir.path(), &["--fix", "--format", "concise", "."]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("engineering/L3.md: cannot fix a read-only file"),
        "{stderr}"
    );
    assert!(stderr.contains("Fixed 2 problems in 2 files."), "{stderr}");
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
    assert!(stdout(&output).contains("L3.md:35:1: error[lazy-continuation]"));
}

#[test]
fn json_carries_each_fix_as_edits() {
    let dir = sample_ladder_with_root_config();
    let output = ladderlint_in(dir.path(), &["--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lost_bullet = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "lazy-continuation")
        .expect("the sample ladder has a lost bullet");
    let fix = &lost_bullet["fix"];
    assert_eq!(fix["message"], "restore the bullet marker `-`");
    let edit = &fix["edits"][0];
    assert_eq!(edit["replacement"], "- ");
    assert_eq!(edit["span"]["start"]["line"], 35);
    assert_eq!(edit["span"]["start"]["column"], 1);
    assert_eq!(edit["span"]["end"]["column"], 1, "an insertion");
}

#[test]
fn typo_matches_get_no_fix() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let level = |id: &str, heading: &str| {
        format!("# {id}: Engineer\n\n## {heading}\n\n- Works with the team on shared goals.\n")
    };
    fs::write(dir.path().join("L1.md"), level("L1", "Collaboration")).unwrap();
    fs::write(dir.path().join("L2.md"), level("L2", "Colaboration")).unwrap();
    fs::write(dir.path().join("L3.md"), level("L3", "Collaboration")).unwrap();
    let output = ladderlint_in(dir.path(), &["--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let drift = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "heading-drift")
        .expect("the typo is reported");
    assert!(
        drift["fix"].is_null(),
        "a typo may be another word: {drift}"
    );
}
