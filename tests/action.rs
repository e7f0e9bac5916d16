//! The GitHub Action's script, run outside GitHub with its variables pointing at
//! temporary files: annotations, the job summary and the SARIF file it leaves.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn run_action(env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(".github/action/run.sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LADDERLINT", env!("CARGO_BIN_EXE_ladderlint"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("bash runs the action's script")
}

#[test]
fn action_annotates_summarises_and_writes_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let sarif = dir.path().join("ladderlint.sarif");
    fs::write(&summary, "earlier step\n").unwrap();
    let output = run_action(&[
        ("LADDERLINT_PATHS", "fixtures/ladders"),
        ("LADDERLINT_SARIF_FILE", sarif.to_str().unwrap()),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the sample ladder has errors"
    );

    let annotations = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = annotations.lines().collect();
    assert_eq!(
        lines.len(),
        13,
        "one annotation per finding:\n{annotations}"
    );
    assert!(
        lines.iter().all(|line| line.starts_with("::")),
        "{annotations}"
    );
    assert!(
        annotations.contains(
            "::error file=fixtures/ladders/engineering/L3.md,line=35,col=1,endLine=35,endColumn=71,title=ladderlint(lazy-continuation)::"
        ),
        "{annotations}"
    );

    let summary = fs::read_to_string(&summary).unwrap();
    assert!(
        summary.starts_with("earlier step\n### ladderlint\n"),
        "appended:\n{summary}"
    );
    let rows = summary
        .lines()
        .filter(|line| line.starts_with("| "))
        .count();
    assert_eq!(rows, 1 + 13, "a header and a row per finding:\n{summary}");
    assert!(summary.contains("Found 13 problems (3 errors, 10 warnings) in 6 of 9 files."));

    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 13);
}

#[test]
fn action_inputs_strict_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let ladder = dir.path().join("notes.md");
    fs::write(&ladder, "# Notes\n\nTODO\n").unwrap();
    let config = dir.path().join("quiet.toml");
    fs::write(&config, "[severity]\nplaceholder = \"off\"\n").unwrap();
    let paths = ladder.to_str().unwrap();
    let status = |env: &[(&str, &str)]| run_action(env).status.code();
    assert_eq!(
        status(&[("LADDERLINT_PATHS", paths)]),
        Some(0),
        "a warning passes"
    );
    assert_eq!(
        status(&[("LADDERLINT_PATHS", paths), ("LADDERLINT_STRICT", "true")]),
        Some(1),
        "strict fails on a warning"
    );
    assert_eq!(
        status(&[
            ("LADDERLINT_PATHS", paths),
            ("LADDERLINT_STRICT", "true"),
            ("LADDERLINT_CONFIG", config.to_str().unwrap()),
        ]),
        Some(0),
        "the config turns the placeholder off"
    );
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("action.yml")
            .is_file()
    );
}

#[test]
fn action_paths_one_per_line_may_hold_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let spaced = dir.path().join("career ladder");
    fs::create_dir(&spaced).unwrap();
    fs::write(spaced.join("notes.md"), "# Notes\n\nTODO\n").unwrap();
    fs::write(dir.path().join("other.md"), "# Other\n\nTBD\n").unwrap();
    let paths = format!(
        "{}\n  {}  \n",
        spaced.display(),
        dir.path().join("other.md").display()
    );
    let output = run_action(&[("LADDERLINT_PATHS", &paths)]);
    let annotations = String::from_utf8(output.stdout).unwrap();
    assert_eq!(annotations.lines().count(), 2, "{annotations}");
    assert!(
        annotations.contains("career ladder/notes.md"),
        "{annotations}"
    );
    assert!(annotations.contains("other.md"), "{annotations}");
}
