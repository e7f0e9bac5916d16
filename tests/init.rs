//! `ladderlint init` on a copy of the sample ladder: the config it infers, and that the
//! ladder lints the same with it.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladderlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(output: &[u8]) -> String {
    String::from_utf8_lossy(output).into_owned()
}

/// A copy of `fixtures/ladders`, with no config.
fn sample_ladder() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ladders");
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

#[test]
fn init_infers_a_config_that_lints_the_ladder_without_new_findings() {
    let dir = sample_ladder();
    let missing_sections = |dir: &Path| {
        let output = run_in(dir, &["--format", "concise", "."]);
        text(&output.stdout)
            .lines()
            .filter(|line| line.contains("[missing-section]"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let before = missing_sections(dir.path());

    let output = run_in(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "Wrote ladderlint.toml: 2 tracks, 8 levels. Review it, then run `ladderlint`.\n"
    );
    let config = fs::read_to_string(dir.path().join("ladderlint.toml")).unwrap();
    insta::assert_snapshot!("init_sample_ladder", config);
    // With the config, the only missing section is still the one planted at L5.
    assert_eq!(missing_sections(dir.path()), before);
    assert_eq!(before.len(), 1, "{before:?}");

    let again = run_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("ladderlint.toml already exists"));
    fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let forced = run_in(dir.path(), &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("ladderlint.toml")).unwrap(),
        config
    );
}

#[test]
fn init_in_another_directory_writes_globs_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let ladder = sample_ladder();
    let target = dir.path().join("ladders");
    fs::rename(ladder.path(), &target).unwrap();
    let output = run_in(dir.path(), &["init", "./ladders"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let config = fs::read_to_string(target.join("ladderlint.toml")).unwrap();
    assert!(
        config.contains("files = [\"engineering/*.md\"]"),
        "{config}"
    );
}
