//! `ladderlint init` on a copy of the sample ladder: the config it infers, and that the
//! ladder lints the same with it.

mod common;

use std::fs;
use std::path::Path;

use common::{copy_of_sample_ladder, ladderlint_in, stderr, stdout};

#[test]
fn init_infers_a_config_that_lints_the_ladder_without_new_findings() {
    let dir = copy_of_sample_ladder();
    let missing_sections = |dir: &Path| {
        let output = ladderlint_in(dir, &["--format", "concise", "."]);
        stdout(&output)
            .lines()
            .filter(|line| line.contains("[missing-section]"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let before = missing_sections(dir.path());

    let output = ladderlint_in(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "Wrote ladderlint.toml: 2 tracks, 8 levels. Review it, then run `ladderlint`.\n"
    );
    let config = fs::read_to_string(dir.path().join("ladderlint.toml")).unwrap();
    insta::assert_snapshot!("init_sample_ladder", config);
    // With the config, the only missing section is still the one planted at L5.
    assert_eq!(missing_sections(dir.path()), before);
    assert_eq!(before.len(), 1, "{before:?}");

    let again = ladderlint_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("ladderlint.toml already exists"));
    fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let forced = ladderlint_in(dir.path(), &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("ladderlint.toml")).unwrap(),
        config
    );
}

#[test]
fn init_in_another_directory_writes_globs_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let ladder = copy_of_sample_ladder();
    let target = dir.path().join("ladders");
    fs::rename(ladder.path(), &target).unwrap();
    let output = ladderlint_in(dir.path(), &["init", "./ladders"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let config = fs::read_to_string(target.join("ladderlint.toml")).unwrap();
    assert!(
        config.contains("files = [\"engineering/*.md\"]"),
        "{config}"
    );
}
