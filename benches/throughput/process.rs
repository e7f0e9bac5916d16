//! Whole processes: `ladderlint` on one file, and beside general Markdown linters on the
//! whole corpus. Each child is reaped with `wait4`, which also reports its peak resident
//! memory and CPU time.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{megabytes, milliseconds, verdict};

const SINGLE_FILE_RUNS: usize = 21;

/// One finished child process.
struct Run {
    wall: Duration,
    cpu: Duration,
    /// Peak resident set size, bytes.
    peak_rss: usize,
    /// Whether it ran to an exit code (findings make most linters exit with 1).
    exited: bool,
}

#[expect(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, with its resource use"
)]
fn run(command: &mut Command) -> Run {
    let start = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // A signal may interrupt the wait; the child is still there to reap.
    let reaped = loop {
        // SAFETY: `pid` is this process's own unreaped child; `status` and `usage` are
        // valid for writes. The `Child` is never waited on again after this reaps it.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped != -1 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
        {
            break reaped;
        }
    };
    let wall = start.elapsed();
    assert_eq!(reaped, pid, "wait4 failed for {command:?}");
    let time = |value: libc::timeval| {
        Duration::from_secs(value.tv_sec as u64) + Duration::from_micros(value.tv_usec as u64)
    };
    Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux reports kilobytes.
        peak_rss: usage.ru_maxrss as usize * 1024,
        exited: libc::WIFEXITED(status),
    }
}

pub struct SingleFile {
    file: PathBuf,
    median: Run,
    /// This process's own peak RSS when it started the runs.
    floor: usize,
}

pub fn single_file(binary: &Path, file: &Path) -> SingleFile {
    let floor = own_peak_rss();
    let mut runs: Vec<Run> = (0..SINGLE_FILE_RUNS)
        .map(|_| run(Command::new(binary).arg(file).args(["--color", "never"])))
        .collect();
    assert!(runs.iter().all(|run| run.exited), "ladderlint crashed");
    runs.sort_by_key(|run| run.wall);
    SingleFile {
        file: file.to_owned(),
        median: runs.swap_remove(SINGLE_FILE_RUNS / 2),
        floor,
    }
}

impl SingleFile {
    pub fn print(&self, target: Duration) {
        let size = std::fs::metadata(&self.file).map_or(0, |meta| meta.len());
        println!(
            "one level file as a whole process: ladderlint {} ({:.1} KB)\n  median of {SINGLE_FILE_RUNS}: {:.2} ms wall, {:.2} ms CPU, peak RSS {:.1} MB{}  target < {} ms: {}\n",
            self.file.display(),
            size as f64 / 1e3,
            milliseconds(self.median.wall),
            milliseconds(self.median.cpu),
            megabytes(self.median.peak_rss),
            inherited(self.median.peak_rss, self.floor),
            target.as_millis(),
            verdict(self.median.wall < target),
        );
    }
}

/// Tools that take longer than this are run once: one run of a slow peer already says
/// what it costs.
const SLOW_TOOL: Duration = Duration::from_secs(20);

/// A linter run as a whole process over the corpus directory.
struct Tool {
    label: String,
    command: Command,
}

pub struct Peers {
    reps: usize,
    /// Each tool's label and fastest run, ladderlint on every core first.
    runs: Vec<(String, Run)>,
    missing: Vec<&'static str>,
    floor: usize,
}

pub fn peers(binary: &Path, corpus_dir: &Path, reps: usize) -> Peers {
    let mut tools = vec![
        Tool {
            label: format!("ladderlint ({} threads)", rayon::current_num_threads()),
            command: ladderlint(binary, corpus_dir, &[]),
        },
        Tool {
            label: "ladderlint --threads 1".to_owned(),
            command: ladderlint(binary, corpus_dir, &["--threads", "1"]),
        },
    ];
    let mut missing = Vec::new();
    match on_path("markdownlint-cli2") {
        Some(path) => {
            // Its globs are relative to its working directory, where it also looks for
            // configuration; the corpus has none, so every default rule runs.
            let mut command = Command::new(path);
            command.arg("**/*.md").current_dir(corpus_dir);
            tools.push(Tool {
                label: "markdownlint-cli2".to_owned(),
                command,
            });
        }
        None => missing.push("markdownlint-cli2 (npm install -g markdownlint-cli2)"),
    }
    match on_path("rumdl") {
        Some(path) => {
            let mut command = Command::new(path);
            command.arg("check").arg(corpus_dir).arg("--no-cache");
            tools.push(Tool {
                label: "rumdl".to_owned(),
                command,
            });
        }
        None => missing.push("rumdl (cargo install rumdl)"),
    }

    let floor = own_peak_rss();
    let mut best: Vec<Option<Run>> = tools.iter().map(|_| None).collect();
    // Tools take turns, as the phases of the in-process benchmark do.
    for repetition in 0..reps {
        for (tool, best) in tools.iter_mut().zip(&mut best) {
            if repetition > 0 && best.as_ref().is_some_and(|best| best.wall > SLOW_TOOL) {
                continue;
            }
            let this = run(&mut tool.command);
            assert!(this.exited, "{} crashed", tool.label);
            if best.as_ref().is_none_or(|best| this.wall < best.wall) {
                *best = Some(this);
            }
        }
    }
    let runs = tools
        .into_iter()
        .zip(best)
        .filter_map(|(tool, run)| Some((tool.label, run?)))
        .collect();
    Peers {
        reps,
        runs,
        missing,
        floor,
    }
}

impl Peers {
    pub fn print(&self) {
        println!(
            "the corpus as whole processes, best of {} (tools slower than {} s: one run)",
            self.reps,
            SLOW_TOOL.as_secs()
        );
        let baseline = self.runs[0].1.wall.as_secs_f64();
        for (label, run) in &self.runs {
            println!(
                "  {label:<26}{:>10.1} ms wall{:>10.1} ms CPU{:>8.1} MB peak RSS{:>8.1}x ladderlint's time",
                milliseconds(run.wall),
                milliseconds(run.cpu),
                megabytes(run.peak_rss),
                run.wall.as_secs_f64() / baseline,
            );
        }
        if self.runs.iter().any(|(_, run)| run.peak_rss >= self.floor) {
            println!(
                "  a peak RSS at or above {:.1} MB may be this benchmark's own, counted at spawn",
                megabytes(self.floor)
            );
        }
        if self.runs.len() > 2 {
            println!(
                "  markdownlint-cli2 and rumdl check general Markdown style, not ladders: the ratio says what a hook costs, not which checks more."
            );
        }
        for tool in &self.missing {
            println!("  skipped, not on PATH: {tool}");
        }
        println!();
    }
}

/// A warning when a child's peak RSS is no higher than this process's was when it spawned
/// the child: the kernel may have counted the parent's pages, which exec then replaced.
fn inherited(child_rss: usize, floor: usize) -> String {
    if child_rss >= floor {
        format!(
            " (may be this benchmark's own {:.1} MB, counted at spawn)",
            megabytes(floor)
        )
    } else {
        String::new()
    }
}

/// This process's peak RSS so far, bytes.
fn own_peak_rss() -> usize {
    // SAFETY: an all-zero `rusage` is valid, and getrusage only writes to it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is valid for writes.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as usize * 1024
}

fn ladderlint(binary: &Path, corpus_dir: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(binary);
    command
        .arg(corpus_dir)
        .args(["--color", "never"])
        .args(extra);
    command
}

fn on_path(name: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
