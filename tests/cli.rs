//! The binary as a user runs it: commands, formats, exit codes.

mod common;

use common::{ladderlint, stderr, stdout};

#[test]
fn sample_ladder_human_output() {
    let output = ladderlint(&["fixtures/ladders"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the sample ladder has error findings"
    );
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn sample_ladder_concise_output() {
    let output = ladderlint(&["--format", "concise", "fixtures/ladders"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_output_follows_the_contract() {
    let output = ladderlint(&["--format", "json", "fixtures/ladders"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics array");
    assert!(!diagnostics.is_empty());
    for diagnostic in diagnostics {
        for key in [
            "path", "rule", "severity", "message", "help", "span", "related", "fix",
        ] {
            assert!(
                diagnostic.get(key).is_some(),
                "missing `{key}` in {diagnostic}"
            );
        }
        let start = &diagnostic["span"]["start"];
        assert!(start["line"].as_u64().unwrap() >= 1 && start["column"].as_u64().unwrap() >= 1);
    }
    let summary = &json["summary"];
    let counted = summary["errors"].as_u64().unwrap()
        + summary["warnings"].as_u64().unwrap()
        + summary["infos"].as_u64().unwrap();
    assert_eq!(counted as usize, diagnostics.len());
    assert_eq!(summary["files"], 9);
}

#[test]
fn json_columns_count_characters_on_emoji_headings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("L2.md");
    std::fs::write(
        &file,
        "# L2: Engineer\n\n## 🦉 Domain TBD\n\n- I do things.\n",
    )
    .unwrap();
    let output = ladderlint(&["--format", "json", file.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let span = &json["diagnostics"][0]["span"];
    // `## 🦉 Domain ` is 12 characters but 15 bytes before `TBD`.
    assert_eq!(json["diagnostics"][0]["rule"], "placeholder");
    assert_eq!(
        (
            span["start"]["line"].as_u64(),
            span["start"]["column"].as_u64()
        ),
        (Some(3), Some(13))
    );
    assert_eq!(span["start"]["offset"].as_u64(), Some(16 + 15));
    assert_eq!(span["end"]["column"].as_u64(), Some(16));
}

#[test]
fn rules_command_lists_every_rule() {
    let output = ladderlint(&["rules"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn ladders_command_shows_tracks_in_level_order() {
    let output = ladderlint(&["ladders", "fixtures/ladders"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn ladders_command_says_when_there_is_no_track() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let lone = dir.path().join("L3.md");
    std::fs::write(&lone, "# L3: Engineer\n\n## Craft\n\n- Builds things\n").unwrap();
    let output = ladderlint(&["ladders", lone.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("no ladder tracks found"));
}

#[test]
fn explain_prints_the_embedded_rule_doc() {
    let output = ladderlint(&["explain", "lazy-continuation"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        std::fs::read_to_string("rules/lazy-continuation.md").unwrap()
    );
}

#[test]
fn explain_unknown_rule_suggests_the_closest_and_exits_2() {
    let output = ladderlint(&["explain", "placehodler"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    insta::assert_snapshot!(stderr(&output));
}

#[test]
fn strict_makes_warnings_fail() {
    let warnings_only = "fixtures/placeholder/fail_text.md";
    assert_eq!(ladderlint(&[warnings_only]).status.code(), Some(0));
    assert_eq!(
        ladderlint(&["--strict", warnings_only]).status.code(),
        Some(1)
    );
    assert_eq!(
        ladderlint(&["--strict", "fixtures/placeholder/pass_code_and_urls.md"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn missing_path_is_reported_the_rest_is_linted_and_the_exit_code_is_2() {
    let output = ladderlint(&[
        "--format",
        "concise",
        "no-such-ladder.md",
        "fixtures/ladders/engineering/L3.md",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-ladder.md: no such file or directory"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("L3.md:35:1: error[lazy-continuation]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn default_path_is_the_current_directory() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ladderlint"))
        .args(["--format", "concise"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/ladders"))
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("\nengineering/L3.md:35:1: error[lazy-continuation]"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let piped = ladderlint(&["fixtures/ladders/engineering/L3.md"]);
    assert!(
        !stdout(&piped).contains('\x1b'),
        "no escape codes when stdout is a pipe"
    );
    let forced = ladderlint(&["--color", "always", "fixtures/ladders/engineering/L3.md"]);
    assert!(stdout(&forced).contains('\x1b'), "--color always colours");
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let script = format!(
        "set -o pipefail; '{}' fixtures/ladders | head -c 1 >/dev/null",
        env!("CARGO_BIN_EXE_ladderlint")
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(stderr(&output).is_empty(), "stderr: {}", stderr(&output));
    assert_ne!(output.status.code(), Some(101));
}

/// Run the binary from the package root with `input` on standard input.
fn ladderlint_with_stdin(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ladderlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("the binary ends")
}

#[test]
fn stdin_is_linted_as_the_named_file_with_its_track_from_disk() {
    // An unsaved edit of L2 that lost its Craft section and has a TBD.
    let on_disk = std::fs::read_to_string("fixtures/ladders/engineering/L2.md").unwrap();
    let start = on_disk.find("## 🛠️ Craft").expect("L2 has a Craft section");
    let end = start
        + on_disk[start..]
            .find("\n## ")
            .expect("a section after Craft")
        + 1;
    let edited = format!("{}{}\n- TBD\n", &on_disk[..start], &on_disk[end..]);
    let output = ladderlint_with_stdin(
        &[
            "--stdin",
            "--stdin-filename",
            "fixtures/ladders/engineering/L2.md",
            "--format",
            "concise",
        ],
        &edited,
    );
    let lines = stdout(&output);
    assert!(
        lines.contains("L2.md:1:1: warning[missing-section] section `🛠️ Craft` is missing"),
        "the other levels come from disk:\n{lines}"
    );
    assert!(lines.contains("warning[placeholder]"), "{lines}");
    assert!(
        lines
            .lines()
            .all(|line| line.starts_with("fixtures/ladders/engineering/L2.md:")),
        "only the buffer is reported:\n{lines}"
    );
    // A buffer for a file that does not exist yet is linted too.
    let output = ladderlint_with_stdin(
        &[
            "--stdin",
            "--stdin-filename",
            "drafts/new.md",
            "--format",
            "concise",
        ],
        "# Notes\n\nTODO\n",
    );
    assert_eq!(
        stdout(&output),
        "drafts/new.md:3:1: warning[placeholder] placeholder `TODO` where content belongs\n"
    );
}

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let corpus = common::shared().join("corpus");
    let mut targets = vec!["fixtures".to_owned()];
    if corpus.is_dir() {
        targets.push(corpus.display().to_string());
    }
    for target in &targets {
        let run = |threads: &str| {
            let output = ladderlint(&["--threads", threads, "--format", "json", target]);
            (output.status.code(), stdout(&output))
        };
        let serial = run("1");
        assert!(!serial.1.is_empty());
        assert_eq!(serial, run("4"), "{target}");
    }
}
