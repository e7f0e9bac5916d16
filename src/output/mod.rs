//! Reporters: each renders a [`Report`] into the writer it is given.

mod concise;
mod github;
mod human;
mod json;
mod markdown;
mod sarif;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::Report;
use crate::diagnostic::Severity;

pub use human::render_error;

/// The project's home, where every rule's page lives under `rules/`.
pub const HOME: &str = "https://github.com/ladderlint/ladderlint";

/// The repository the run is in: `GITHUB_WORKSPACE` on GitHub Actions, else the nearest
/// directory above the working directory that holds `.git`, else the working directory.
pub fn repository_root() -> PathBuf {
    if let Some(workspace) = std::env::var_os("GITHUB_WORKSPACE").filter(|w| !w.is_empty()) {
        return crate::config::absolute(Path::new(&workspace));
    }
    let cwd = crate::config::absolute(Path::new("."));
    cwd.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&cwd)
        .to_owned()
}

/// `path` relative to `root` with `/` separators, if it lies inside it.
pub fn relative_to(path: &Path, root: &Path) -> Option<String> {
    let absolute = crate::config::absolute(path);
    let relative = absolute.strip_prefix(root).ok()?;
    Some(
        relative
            .components()
            .map(|component| component.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The web page of a rule's documentation.
pub fn rule_url(rule: &str) -> String {
    format!("{HOME}/blob/main/rules/{rule}.md")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help (the default).
    Human,
    /// One finding a line: `path:line:col: severity[rule] message`.
    Concise,
    /// The versioned JSON contract, for editors and scripts.
    Json,
    /// GitHub Actions workflow commands: annotations on a pull request's lines.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// A Markdown table, for a CI job summary or a pull-request comment.
    Markdown,
}

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Wrap width for human output.
    pub width: usize,
}

pub fn write_report(
    report: &Report,
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, style, out),
        Format::Concise => concise::write(report, out),
        Format::Json => json::write(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Markdown => markdown::write(report, out),
    }
}

/// `Found 3 problems (1 error, 2 warnings) in 2 of 9 files.`
pub fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    let total = errors + warnings + infos;
    let files = plural(report.files, "file", "files");
    if total == 0 {
        return format!("No problems found in {files}.");
    }
    let mut parts = vec![
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    ];
    if infos > 0 {
        parts.push(plural(infos, "info", "infos"));
    }
    let fixable = report.diagnostics().filter(|d| d.fix.is_some()).count();
    let fixable = if fixable > 0 {
        format!("\n{fixable} fixable with `ladderlint --fix` (`--diff` shows how).")
    } else {
        String::new()
    };
    format!(
        "Found {} ({}) in {} of {files}.{fixable}",
        plural(total, "problem", "problems"),
        parts.join(", "),
        report.findings.len(),
    )
}

/// `1 file`, `2 files`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `ladderlint ladders`: each track with its levels in order and where each id came from.
pub fn write_tracks(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.tracks.is_empty() {
        return writeln!(
            out,
            "no ladder tracks found: a track needs two or more documents with a level id in one directory, or one file with a heading per level"
        );
    }
    for (index, track) in report.tracks.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        let levels = track.levels.len();
        match &track.name {
            Some(name) => writeln!(
                out,
                "{} ({levels} levels, track `{name}` of the config)",
                track.path.display()
            )?,
            None => writeln!(out, "{} ({levels} levels)", track.path.display())?,
        }
        let id_width = track
            .levels
            .iter()
            .map(|(_, level)| level.id.chars().count())
            .max()
            .unwrap_or(0);
        let path_width = track
            .levels
            .iter()
            .map(|(path, _)| path.display().to_string().chars().count())
            .max()
            .unwrap_or(0);
        for (path, level) in &track.levels {
            writeln!(
                out,
                "  {:id_width$}  {:path_width$}  from {}",
                level.id,
                path.display().to_string(),
                level.origin
            )?;
        }
    }
    let levels: usize = report.tracks.iter().map(|track| track.levels.len()).sum();
    writeln!(out, "\n{} tracks, {levels} levels", report.tracks.len())
}
