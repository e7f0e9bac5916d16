//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ladderlint::Linter;
use ladderlint::Report;
use ladderlint::output::{self, Format, Style};
use ladderlint::rules::RuleKind;
use ladderlint::settings::Settings;

pub const STYLE: Style = Style {
    color: false,
    width: 100,
};

pub fn lint(paths: &[&Path]) -> Report {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    Linter::new(Settings::default())
        .summarizing_tracks()
        .lint_paths(&paths)
}

/// Lint a rule's fixture: with `rule` on at its default severity even if it is off by
/// default. A document rule's fixture is one file, not a level of a track, so the ladder
/// rules stay off for it (its neighbours are other rules' fixtures).
pub fn lint_fixture(rule: &str, paths: &[&Path]) -> Report {
    let mut settings = Settings::default();
    let registered = ladderlint::rules::find(rule).expect("fixtures are named after rules");
    if !matches!(registered.kind, RuleKind::Ladder(_)) {
        for other in ladderlint::rules::REGISTRY {
            if matches!(other.kind, RuleKind::Ladder(_)) {
                settings.set_severity(other.meta, None);
            }
        }
    }
    settings.set_severity(registered.meta, Some(registered.meta.default_severity));
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    Linter::new(settings).lint_paths(&paths)
}

pub fn render(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    output::write_report(report, format, STYLE, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// Run the real binary from the package root.
pub fn ladderlint(args: &[&str]) -> Output {
    ladderlint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Run the real binary in `dir`, without colour and outside any GitHub workspace.
pub fn ladderlint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladderlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("the binary runs")
}

/// A copy of the sample ladder `fixtures/ladders` in a temporary directory.
pub fn copy_of_sample_ladder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ladders");
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.expect("a readable fixture");
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `../shared`, beside the repository (present on developer machines and in CI).
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// `(rule, line)` of every finding, for assertions that name exact places.
pub fn rule_lines(report: &Report, file_suffix: &str) -> Vec<(String, usize)> {
    report
        .findings
        .iter()
        .filter(|file| file.source.path().to_string_lossy().ends_with(file_suffix))
        .flat_map(|file| {
            file.diagnostics
                .iter()
                .map(|d| (d.rule.to_owned(), file.source.position(d.span.start).line))
        })
        .collect()
}

/// Write `files` (path, text) under a new temporary directory.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("files live in a directory")).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}
