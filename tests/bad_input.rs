//! Bad input never panics, never hangs, and never stops the other files from being linted.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A clean level document with one known finding, linted beside every bad file.
const GOOD: &str = "# L2: Engineer\n\n## Craft\n\n- TBD\n- I ship small changes.\n";

/// Run the binary on `dir` with a deadline: a hang fails the test instead of blocking it.
fn lint_dir(dir: &Path, extra: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ladderlint"))
        .args(["--format", "concise"])
        .args(extra)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("ladderlint hung on {extra:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_ne!(
        output.status.code(),
        Some(101),
        "panicked: {}",
        common::stderr(&output)
    );
    output
}

fn with_good_file(setup: impl FnOnce(&Path)) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), GOOD).unwrap();
    setup(dir.path());
    let output = lint_dir(dir.path(), &["."]);
    let text = common::stdout(&output);
    assert!(
        text.contains("good.md:5:3: warning[placeholder]"),
        "good file still linted:\n{text}"
    );
    (dir, output)
}

#[test]
fn non_utf8_names_the_offset_of_the_first_bad_byte() {
    let (_dir, output) = with_good_file(|dir| {
        fs::write(dir.join("latin1.md"), b"# L1: Engineer\n\n- caf\xe9 rota\n").unwrap();
    });
    let text = common::stdout(&output);
    assert!(
        text.contains("latin1.md:3:6: error[invalid-file] file is not valid UTF-8: the first bad byte is at offset 21"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn binary_files_are_reported_not_parsed() {
    let (_dir, output) = with_good_file(|dir| {
        fs::write(dir.join("image.md"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    });
    assert!(common::stdout(&output).contains(
        "image.md:1:1: error[invalid-file] file looks binary: it holds a NUL byte at offset 8"
    ));
}

#[test]
fn an_empty_file_is_a_clean_result() {
    let (_dir, output) = with_good_file(|dir| fs::write(dir.join("empty.md"), "").unwrap());
    assert!(
        !common::stdout(&output).contains("empty.md"),
        "{}",
        common::stdout(&output)
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn files_over_the_size_cap_are_reported_not_parsed() {
    let (_dir, output) = with_good_file(|dir| {
        let line = "- I write a behaviour that is long enough to fill the file quickly.\n";
        fs::write(
            dir.join("huge.md"),
            line.repeat(11 * 1024 * 1024 / line.len()),
        )
        .unwrap();
    });
    let text = common::stdout(&output);
    assert!(
        text.contains("huge.md:1:1: error[invalid-file] file is"),
        "{text}"
    );
    assert!(
        text.contains("over the 10485760-byte limit; it was not parsed"),
        "{text}"
    );
}

#[test]
fn a_fifo_named_on_the_command_line_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), GOOD).unwrap();
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let output = lint_dir(dir.path(), &["pipe.md", "good.md"]);
    let text = common::stdout(&output);
    assert!(
        text.contains("pipe.md:1:1: error[invalid-file] not a regular file"),
        "{text}"
    );
    assert!(text.contains("good.md:5:3: warning[placeholder]"), "{text}");
}

#[test]
fn unreadable_paths_are_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), GOOD).unwrap();
    std::os::unix::fs::symlink("gone.md", dir.path().join("dangling.md")).unwrap();
    let output = lint_dir(dir.path(), &["dangling.md", "good.md"]);
    let text = common::stdout(&output);
    assert!(
        text.contains(
            "dangling.md:1:1: error[invalid-file] cannot read file: No such file or directory"
        ),
        "{text}"
    );
    assert!(text.contains("good.md:5:3"), "{text}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn symlink_loops_neither_hang_nor_stop_the_run() {
    let (dir, _) = with_good_file(|dir| {
        fs::create_dir(dir.join("levels")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("levels/up")).unwrap();
        std::os::unix::fs::symlink("b.md", dir.join("a.md")).unwrap();
        std::os::unix::fs::symlink("a.md", dir.join("b.md")).unwrap();
    });
    // Named explicitly, the loop is followed once and reported.
    let output = lint_dir(dir.path(), &["a.md", "good.md"]);
    let text = common::stdout(&output);
    assert!(
        text.contains("a.md:1:1: error[invalid-file] cannot read file"),
        "{text}"
    );
    assert!(text.contains("good.md:5:3"), "{text}");
}

#[test]
fn deeply_nested_markdown_does_not_overflow_the_stack() {
    let (_dir, output) = with_good_file(|dir| {
        fs::write(dir.join("quotes.md"), ">".repeat(1024 * 1024) + " TBD\n").unwrap();
        let list: String = (0..2000)
            .map(|depth| format!("{}- level\n", "  ".repeat(depth)))
            .collect();
        fs::write(dir.join("lists.md"), list).unwrap();
    });
    let text = common::stdout(&output);
    assert!(
        text.contains("quotes.md"),
        "the nested quote is still linted: {text}"
    );
}
