//! The formats for CI: GitHub workflow commands and SARIF, and `--output-file`.

mod common;

use std::fs;

use common::{ladderlint, ladderlint_in, stdout};

#[test]
fn github_commands_escape_what_the_runner_reads() {
    let dir = tempfile::tempdir().unwrap();
    let level = |id: &str, heading: &str| {
        format!("# {id}: Engineer\n\n## {heading}\n\n- Works with the team on shared goals.\n")
    };
    // A directory whose name needs escaping in the `file` property too.
    let track = dir.path().join("eng, core: 2026");
    fs::create_dir(&track).unwrap();
    fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let files = [
        ("L1.md", level("L1", "Scope: teams, 100% of them")),
        ("L2.md", level("L2", "scope: Teams, 100% of them")),
        ("L3.md", level("L3", "Scope: teams, 100% of them")),
    ];
    for (name, text) in files {
        fs::write(track.join(name), text).unwrap();
    }
    let output = ladderlint_in(dir.path(), &["--format", "github", "."]);
    assert_eq!(output.status.code(), Some(0), "warnings only");
    // The heading drifted in case; its message holds `:`, `,` and `%`, and the help
    // follows on a new line.
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let output = ladderlint(&["--format", "sarif", "fixtures/ladders"]);
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string("tests/schemas/sarif-schema-2.1.0.json").expect("the schema copy"),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ladderlint::rules::REGISTRY.len());
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let results = run["results"].as_array().unwrap();
    let json = ladderlint(&["--format", "json", "fixtures/ladders"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(results.len(), json["diagnostics"].as_array().unwrap().len());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("fixtures/ladders/"),
            "relative to the repository: {uri}"
        );
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let drift = results
        .iter()
        .find(|result| result["ruleId"] == "heading-drift")
        .expect("the sample ladder has a drifted heading");
    let related = drift["relatedLocations"].as_array().expect("evidence");
    assert!(related.iter().all(|location| {
        location["physicalLocation"]["region"]["startLine"].as_u64() >= Some(1)
    }));
}

#[test]
fn output_file_takes_the_report_and_the_exit_code_still_tells() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("ladderlint.sarif");
    let output = ladderlint(&[
        "--format",
        "sarif",
        "--output-file",
        report.to_str().unwrap(),
        "fixtures/ladders",
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the sample ladder has errors"
    );
    assert_eq!(stdout(&output), "");
    let log: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
}

#[test]
fn markdown_summary_table() {
    let output = ladderlint(&["--format", "markdown", "fixtures/ladders/security"]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn github_reports_what_stopped_the_run_as_an_annotation() {
    let output = ladderlint(&["--format", "github", "no/such/ladder"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stdout(&output),
        "::error title=ladderlint::no/such/ladder: no such file or directory\n"
    );
}
