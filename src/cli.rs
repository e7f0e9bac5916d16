//! Command-line arguments and the run they ask for. Writes only to the writers it is given.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use std::sync::Arc;

use crate::config;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::fix;
use crate::output::{self, Format, Style};
use crate::resolve::{self, Overrides};
use crate::rules::{self, REGISTRY};
use crate::settings::Settings;
use crate::{Linter, Report};

/// Lint career-ladder Markdown documents.
#[derive(Debug, Parser)]
#[command(
    name = "ladderlint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files and directories to lint (directories are searched for .md and .markdown).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to report findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Fail (exit code 1) on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Lint standard input (an editor's unsaved buffer) instead of files.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub stdin: bool,

    /// The path standard input stands for: its config, its track and the name in the
    /// report. The file need not exist.
    #[arg(
        long,
        value_name = "PATH",
        requires = "stdin",
        default_value = "stdin.md"
    )]
    pub stdin_filename: PathBuf,

    /// Write the report to this file instead of standard output; the exit code still
    /// tells whether the run passed.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Apply the safe fixes to the files, then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Show the safe fixes as a unified diff, without writing (exit code 1 if any).
    #[arg(long)]
    pub diff: bool,

    /// How many threads read, parse and check files (default: one per core; 1 for a
    /// serial run). The output is the same whatever the number.
    #[arg(long, value_name = "N", global = true)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Where settings come from, and what the command line changes in them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Use this config file for every file, instead of looking for `ladderlint.toml`.
    #[arg(long, value_name = "PATH", global = true, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore config files: use the built-in defaults.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Run only these rules (comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',', global = true)]
    pub select: Vec<String>,

    /// Do not run these rules (comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',', global = true)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule with its default severity and summary.
    Rules,
    /// Print the documentation of one rule.
    Explain {
        /// The rule's name, e.g. `placeholder`.
        rule: String,
    },
    /// Show the ladder tracks found under the paths: each track's levels in order, and
    /// where each level id came from.
    Ladders {
        /// Files and directories to look at.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Run as a language server over standard input and output, for editors.
    Server,
    /// Write a commented ladderlint.toml inferred from the ladder in a directory: its
    /// tracks, the sections every level has, the level ids found.
    Init {
        /// The ladder's directory; the file is written there.
        #[arg(default_value = ".")]
        directory: PathBuf,
        /// Replace an existing config file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The process's outcome, mapped to the documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing that fails the run.
    Clean,
    /// Findings that fail the run.
    Failed,
    /// ladderlint could not do its job.
    Trouble,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(match outcome {
            Outcome::Clean => 0,
            Outcome::Failed => 1,
            Outcome::Trouble => 2,
        })
    }
}

/// Whether stdout gets colour: never when it is not a terminal or `NO_COLOR` is set.
fn wants_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn style(cli: &Cli) -> Style {
    Style {
        color: wants_color(cli.color),
        width: 100,
    }
}

/// Run what `cli` asks for. A write to a closed pipe ends the output quietly.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    if let Some(threads) = cli.threads {
        // Fails only if the pool was already built, by an earlier run in this process;
        // that pool then serves.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let result = match &cli.command {
        Some(Command::Rules) => list_rules(out).map(|()| Outcome::Clean),
        Some(Command::Explain { rule }) => explain(rule, cli, out, err),
        Some(Command::Ladders { paths }) => ladders(paths, cli, out, err),
        Some(Command::Init { directory, force }) => init(directory, *force, cli, out, err),
        Some(Command::Server) => match crate::server::run_stdio() {
            Ok(()) => Ok(Outcome::Clean),
            Err(error) => writeln!(err, "ladderlint server: {error}").map(|()| Outcome::Trouble),
        },
        None => lint(cli, out, err),
    };
    match result {
        Ok(outcome) => outcome,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(error) => {
            let _ = writeln!(err, "ladderlint: cannot write output: {error}");
            Outcome::Trouble
        }
    }
}

/// The linter the config arguments ask for; `None` once the error that stops the run is
/// written to `err`.
fn linter_or_report(cli: &Cli, err: &mut dyn Write) -> io::Result<Option<Linter>> {
    match linter(&cli.config) {
        Ok(linter) => Ok(Some(linter)),
        Err(error) => {
            write!(err, "{}", output::render_error(&error, style(cli)))?;
            Ok(None)
        }
    }
}

/// The linter the config arguments ask for, or the error that stops the run.
fn linter(args: &ConfigArgs) -> Result<Linter, Error> {
    let mut overrides = Overrides::default();
    for (names, rules) in [
        (&args.select, &mut overrides.select),
        (&args.ignore, &mut overrides.ignore),
    ] {
        for name in names {
            let name = name.trim();
            match rules::find(name) {
                Some(rule) => rules.push(rule.meta),
                None => return Err(unknown_rule(name)),
            }
        }
    }
    if args.no_config {
        let mut settings = Settings::default();
        overrides.apply(&mut settings);
        return Ok(Linter::new(settings));
    }
    if let Some(path) = &args.config {
        let file = config::load(path).map_err(Error::Config)?;
        let settings = resolve::resolve(&[Arc::new(file)], &overrides);
        return Ok(Linter::new(settings));
    }
    Ok(Linter::discovering_config(overrides))
}

fn lint(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    let Some(linter) = linter_or_report(cli, err)? else {
        return Ok(Outcome::Trouble);
    };
    let style = style(cli);
    let mut report = if cli.stdin {
        let mut bytes = Vec::new();
        if let Err(source) = io::stdin().lock().read_to_end(&mut bytes) {
            let error = Error::Io {
                path: PathBuf::from("<stdin>"),
                source,
            };
            write!(err, "{}", output::render_error(&error, style))?;
            return Ok(Outcome::Trouble);
        }
        linter.lint_buffer(&cli.stdin_filename, bytes)
    } else {
        linter.lint_paths(&cli.paths)
    };
    if cli.diff {
        return show_fixes(&report, out, err, style);
    }
    let mut fix_failed = false;
    if cli.fix {
        let (fixed, files, errors) = apply_fixes(&report);
        for error in &errors {
            write!(err, "{}", output::render_error(error, style))?;
        }
        fix_failed = !errors.is_empty();
        if fixed > 0 {
            writeln!(
                err,
                "Fixed {} in {}.",
                output::plural(fixed, "problem", "problems"),
                output::plural(files, "file", "files")
            )?;
            report = linter.lint_paths(&cli.paths);
        }
    }
    match &cli.output_file {
        Some(path) => {
            // A file gets no colour, whatever the terminal.
            let plain = Style {
                color: false,
                ..style
            };
            let mut rendered = Vec::new();
            output::write_report(&report, cli.format, plain, &mut rendered)?;
            if let Err(source) = std::fs::write(path, rendered) {
                let error = Error::Io {
                    path: path.clone(),
                    source,
                };
                write!(err, "{}", output::render_error(&error, style))?;
                return Ok(Outcome::Trouble);
            }
        }
        None => output::write_report(&report, cli.format, style, out)?,
    }
    for error in &report.errors {
        write!(err, "{}", output::render_error(error, style))?;
    }
    Ok(match outcome(&report, cli.strict) {
        Outcome::Clean | Outcome::Failed if fix_failed => Outcome::Trouble,
        outcome => outcome,
    })
}

/// Write every planned fix; returns how many findings and files were fixed, and the files
/// that could not be.
fn apply_fixes(report: &Report) -> (usize, usize, Vec<fix::FixError>) {
    let (mut fixed, mut files, mut errors) = (0, 0, Vec::new());
    for file in fix::plan(report) {
        match fix::write_atomically(&file.path, &file.fixed) {
            Ok(()) => {
                fixed += file.fixes;
                files += 1;
            }
            Err(error) => errors.push(error),
        }
    }
    (fixed, files, errors)
}

/// `--diff`: the fixes as a unified diff on stdout; nothing is written.
fn show_fixes(
    report: &Report,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: Style,
) -> io::Result<Outcome> {
    let plan = fix::plan(report);
    for file in &plan {
        out.write_all(fix::unified_diff(file).as_bytes())?;
    }
    for error in &report.errors {
        write!(err, "{}", output::render_error(error, style))?;
    }
    let fixes: usize = plan.iter().map(|file| file.fixes).sum();
    writeln!(
        err,
        "{} in {}.",
        output::plural(fixes, "fixable problem", "fixable problems"),
        output::plural(plan.len(), "file", "files")
    )?;
    Ok(if !report.errors.is_empty() {
        Outcome::Trouble
    } else if plan.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed
    })
}

fn ladders(
    paths: &[PathBuf],
    cli: &Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(linter) = linter_or_report(cli, err)? else {
        return Ok(Outcome::Trouble);
    };
    let report = linter.summarizing_tracks().lint_paths(paths);
    output::write_tracks(&report, out)?;
    for error in &report.errors {
        write!(err, "{}", output::render_error(error, style(cli)))?;
    }
    Ok(if report.errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Trouble
    })
}

fn init(
    directory: &Path,
    force: bool,
    cli: &Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    if let Some(existing) = config::file_in(directory)
        && !force
    {
        let error = Error::ConfigExists { path: existing };
        write!(err, "{}", output::render_error(&error, style(cli)))?;
        return Ok(Outcome::Trouble);
    }
    // Inferred from what the defaults see, whatever config is there now.
    let linter = Linter::new(Settings::default()).surveying_sections();
    let report = linter.lint_paths(&[directory.to_owned()]);
    for error in &report.errors {
        write!(err, "{}", output::render_error(error, style(cli)))?;
    }
    if !report.errors.is_empty() {
        return Ok(Outcome::Trouble);
    }
    let text = crate::init::config_text(&report, directory);
    let path = match directory.to_str() {
        Some("." | "") => PathBuf::from(config::FILE_NAMES[0]),
        _ => directory.join(config::FILE_NAMES[0]),
    };
    if let Err(source) = std::fs::write(&path, text) {
        let error = Error::Io { path, source };
        write!(err, "{}", output::render_error(&error, style(cli)))?;
        return Ok(Outcome::Trouble);
    }
    let levels: usize = report.tracks.iter().map(|track| track.levels.len()).sum();
    writeln!(
        out,
        "Wrote {}: {} tracks, {levels} levels. Review it, then run `ladderlint`.",
        path.display(),
        report.tracks.len()
    )?;
    Ok(Outcome::Clean)
}

fn outcome(report: &Report, strict: bool) -> Outcome {
    if !report.errors.is_empty() {
        return Outcome::Trouble;
    }
    let fails = |severity: Severity| {
        severity == Severity::Error || (strict && severity == Severity::Warning)
    };
    if report.diagnostics().any(|d| fails(d.severity)) {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

fn list_rules(out: &mut dyn Write) -> io::Result<()> {
    let width = REGISTRY
        .iter()
        .map(|rule| rule.meta.name.len())
        .max()
        .unwrap_or(0);
    writeln!(out, "{:width$}  {:8}  summary", "rule", "severity")?;
    for rule in REGISTRY {
        let meta = rule.meta;
        writeln!(
            out,
            "{:width$}  {:8}  {}",
            meta.name,
            meta.default_severity.as_str(),
            meta.summary
        )?;
    }
    Ok(())
}

fn explain(name: &str, cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    if let Some(rule) = rules::find(name) {
        out.write_all(rule.meta.doc.as_bytes())?;
        return Ok(Outcome::Clean);
    }
    write!(
        err,
        "{}",
        output::render_error(&unknown_rule(name), style(cli))
    )?;
    Ok(Outcome::Trouble)
}

fn unknown_rule(name: &str) -> Error {
    let help = match rules::suggest(name) {
        Some(close) => format!("did you mean `{close}`? `ladderlint rules` lists every rule"),
        None => "`ladderlint rules` lists every rule".to_owned(),
    };
    Error::UnknownRule {
        name: name.to_owned(),
        help,
    }
}
