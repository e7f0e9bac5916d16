//! Throughput: how close linting comes to the cost of comrak parsing alone, what it holds in
//! memory, what one whole process costs, and how it compares with general Markdown linters.
//!
//! `cargo bench --bench throughput` generates, deterministically and once (rebuilt when the
//! generator's version changes):
//!
//! - `target/bench-corpus/`: 5,000 ladder-like level files of 4–10 KiB in tracks of five to
//!   eight levels that share competencies and responsibility names, as real ladders do,
//!   with document and cross-level defects planted;
//! - `target/bench-handbook/handbook.md`: one 20 MB file holding hundreds of ladders one
//!   after the other, each level under a `##` heading.
//!
//! It then reports, with times the best of `BENCH_REPS` runs (default 3) beside the median
//! of ratios taken within each run ("paired"), the phases taking turns within each run so
//! that a slow spell of a shared machine weighs on all of them:
//!
//! 1. on one thread: reading the corpus; reading and parsing it as GitHub-flavoured
//!    Markdown with front matter (the bare parse, the ceiling every ratio is taken
//!    against), and again with ladderlint's own options, which skip autolinks, task lists
//!    and tables (the outline reads tables from their paragraphs' lines itself);
//!    `Linter::lint_paths` over it, as the command line runs it, with and without the
//!    cross-level rules;
//! 2. the same parse and lint on every core;
//! 3. the handbook: its parse on one thread, and its lint on one thread and on every core
//!    (a file that large is parsed in stretches side by side);
//! 4. heap use, counted by the allocator: the corpus lint's peak and what its report
//!    keeps, beside what keeping every outline of the corpus and the parse of its largest
//!    file would take; and the handbook
//!    (its parse, and its lint on one thread and on every core);
//! 5. planted defects against findings;
//! 6. whole processes: `ladderlint` on one level file (what a pre-commit hook or an editor
//!    pays per file; the median of 21 runs), then on the whole corpus beside the general Markdown linters
//!    `markdownlint-cli2` and `rumdl` when they are on `PATH`.
//!
//! With `BENCH_PHASE` set (`parse`, `parse-own-options`, `documents`, `lint`,
//! `handbook-parse` or `handbook-lint`) it runs that one phase once, on one thread, and reports
//! its time and nothing else: for counting instructions, which unlike times do not drift with
//! a shared machine, or for timing two builds in interleaved runs. The
//! lint runs on a pool thread, so count from `run_phase` and from `lint_paths`:
//! `BENCH_PHASE=lint valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect='*run_phase' --toggle-collect='*lint_paths' target/release/deps/throughput-<hash>`.
//!
//! MB means 10^6 bytes throughout.

mod corpus;
mod heap;
mod process;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ladderlint::Linter;
use ladderlint::document::Document;
use ladderlint::resolve::Overrides;
use ladderlint::rules::{REGISTRY, RuleKind};

use corpus::{Corpus, Handbook};

#[global_allocator]
static ALLOCATOR: heap::CountingAllocator = heap::CountingAllocator;

const DEFAULT_REPS: usize = 3;
/// Lint throughput on one thread, as a fraction of bare-parse throughput.
const TARGET_RATIO: f64 = 0.8;
/// Share of a full lint's time that the cross-level rules may take.
const TARGET_LADDER_SHARE: f64 = 0.10;
/// Two-thread lint throughput, as a multiple of one thread's.
const TARGET_SPEEDUP: f64 = 1.7;
/// The handbook's lint time, as a multiple of its parse time.
const TARGET_HANDBOOK: f64 = 1.3;
/// One level file as a whole process, median.
const TARGET_PROCESS: Duration = Duration::from_millis(10);

fn main() {
    let reps = repetitions();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let corpus_dir = target.join("bench-corpus");
    let handbook_dir = target.join("bench-handbook");

    let started = Instant::now();
    let corpus = Corpus::ensure(&corpus_dir);
    let handbook = Handbook::ensure(&handbook_dir);
    let origin = if corpus.written || handbook.written {
        format!("generated in {:.1} s", started.elapsed().as_secs_f64())
    } else {
        "reused".to_owned()
    };
    println!(
        "corpus   {} files in {} tracks, {:.2} MB, {}",
        corpus.files,
        corpus.tracks,
        megabytes(corpus.bytes),
        corpus_dir.display()
    );
    println!(
        "handbook one file of {} ladders, {:.2} MB, {} ({origin})",
        handbook.ladders,
        megabytes(handbook.bytes),
        handbook.path.display()
    );
    if let Some(phase) = std::env::var_os("BENCH_PHASE") {
        let bench = Bench::new(&corpus_dir);
        let phase = phase.to_string_lossy();
        let (time, ()) = timed(|| bench.run_phase(&phase, &handbook));
        println!("ran phase {phase} once in {:.1} ms", milliseconds(time));
        return;
    }
    println!("timing   best of {reps}\n");

    // Whole processes first: a child's peak RSS counts the memory of the process that
    // spawned it, which is smallest now.
    let binary = Path::new(env!("CARGO_BIN_EXE_ladderlint"));
    let single_file = process::single_file(binary, &corpus_dir.join(&corpus.sample));
    let peers = process::peers(binary, &corpus_dir, reps);

    let bench = Bench::new(&corpus_dir);
    let single = bench.single_thread(reps, &corpus);
    let parallel = bench.all_threads(reps, &corpus);
    let large = bench.handbook(reps, &handbook);
    single.print(corpus.bytes);
    parallel.print(&single);
    large.print(handbook.bytes);
    bench.memory(&handbook).print();
    print_planted(&corpus, &single.report);
    single_file.print(TARGET_PROCESS);
    peers.print();
}

/// The bare parse every ratio is taken against: comrak reading GitHub-flavoured Markdown
/// (tables, strikethrough, autolinks, task lists) with front matter, as ladder documents
/// are written. ladderlint's own options leave out autolinks, task lists and tables (no
/// rule needs the first; the outline drops checkboxes and reads tables itself); the
/// benchmark shows that parse too, but does not move the ceiling with it.
fn bare_parse_options() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    options
}

fn repetitions() -> usize {
    match std::env::var("BENCH_REPS") {
        Ok(value) => value
            .parse()
            .ok()
            .filter(|&reps| reps > 0)
            .unwrap_or_else(|| panic!("BENCH_REPS must be a positive integer, got {value:?}")),
        Err(_) => DEFAULT_REPS,
    }
}

fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn milliseconds(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn timed<T>(run: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let result = black_box(run());
    (start.elapsed(), result)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT MET" }
}

/// The median of `values`, which must not be empty.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

struct Bench {
    corpus_dir: PathBuf,
    /// The bare parse: see [`bare_parse_options`].
    options: comrak::Options<'static>,
    /// ladderlint's own parse options.
    own_options: comrak::Options<'static>,
    /// As the command line runs: looking for config files above every directory.
    linter: Linter,
    /// The same without the cross-level rules.
    documents_only: Linter,
    /// Single-threaded phases run on a pool of one thread; the lint would otherwise use
    /// every core.
    serial: rayon::ThreadPool,
}

impl Bench {
    fn new(corpus_dir: &Path) -> Self {
        let documents_only = Overrides {
            ignore: REGISTRY
                .iter()
                .filter(|rule| matches!(rule.kind, RuleKind::Ladder(_)))
                .map(|rule| rule.meta)
                .collect(),
            ..Overrides::default()
        };
        Self {
            corpus_dir: corpus_dir.to_owned(),
            options: bare_parse_options(),
            own_options: ladderlint::document::parse_options(),
            linter: Linter::discovering_config(Overrides::default()),
            documents_only: Linter::discovering_config(documents_only),
            serial: rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a one-thread pool"),
        }
    }

    fn lint(&self, linter: &Linter, paths: &[PathBuf]) -> ladderlint::Report {
        self.serial.install(|| linter.lint_paths(paths))
    }

    fn single_thread(&self, reps: usize, corpus: &Corpus) -> SingleThread {
        let paths = [self.corpus_dir.clone()];
        let mut best = [Duration::MAX; 5];
        // Per repetition: (parse, lint with document rules only, full lint) seconds.
        let mut paired: Vec<[f64; 3]> = Vec::with_capacity(reps);
        let mut report = None;
        for repetition in 0..reps {
            let (read, bytes) = timed(|| read_all(&self.corpus_dir));
            assert_eq!(bytes, corpus.bytes, "the corpus changed while reading it");
            // The two parses swap places every repetition too.
            let bare = || timed(|| read_and_parse(&self.corpus_dir, &self.options));
            let own = || timed(|| read_and_parse(&self.corpus_dir, &self.own_options)).0;
            let ((parse, bytes), own_parse) = if repetition % 2 == 0 {
                let bare = bare();
                (bare, own())
            } else {
                let own = own();
                (bare(), own)
            };
            assert_eq!(bytes, corpus.bytes, "the corpus changed while parsing it");
            drop(report.take());
            // The two lints swap places every repetition, so neither always runs second.
            let documents = || timed(|| self.lint(&self.documents_only, &paths)).0;
            let full = || timed(|| self.lint(&self.linter, &paths));
            let (documents, (lint, this_report)) = if repetition % 2 == 0 {
                let documents = documents();
                (documents, full())
            } else {
                let full = full();
                (documents(), full)
            };
            for (slot, time) in best
                .iter_mut()
                .zip([read, parse, own_parse, documents, lint])
            {
                *slot = (*slot).min(time);
            }
            paired.push([parse, documents, lint].map(|time| time.as_secs_f64()));
            report = Some(this_report);
        }
        let report = report.expect("at least one repetition");
        assert_eq!(
            report.files, corpus.files,
            "lint_paths saw another file set"
        );
        assert!(report.errors.is_empty(), "lint errors: {:?}", report.errors);
        SingleThread {
            read: best[0],
            parse: best[1],
            own_parse: best[2],
            documents: best[3],
            lint: best[4],
            paired,
            tracks: corpus.tracks,
            report,
        }
    }

    fn all_threads(&self, reps: usize, corpus: &Corpus) -> AllThreads {
        let paths = [self.corpus_dir.clone()];
        let (mut parse, mut lint) = (Duration::MAX, Duration::MAX);
        for _ in 0..reps {
            let (time, bytes) = timed(|| read_and_parse_parallel(&self.corpus_dir, &self.options));
            assert_eq!(bytes, corpus.bytes, "the corpus changed while parsing it");
            parse = parse.min(time);
            let (time, report) = timed(|| self.linter.lint_paths(&paths));
            lint = lint.min(time);
            drop(report);
        }
        AllThreads {
            threads: rayon::current_num_threads(),
            parse,
            lint,
        }
    }

    /// One phase, once, on one thread (see `BENCH_PHASE`). Never inlined, so that a
    /// profiler can count this function alone.
    #[inline(never)]
    fn run_phase(&self, phase: &str, handbook: &Handbook) {
        let corpus = [self.corpus_dir.clone()];
        let book = [handbook.path.clone()];
        match phase {
            "parse" => {
                black_box(read_and_parse(&self.corpus_dir, &self.options));
            }
            "parse-own-options" => {
                black_box(read_and_parse(&self.corpus_dir, &self.own_options));
            }
            "documents" => {
                black_box(self.lint(&self.documents_only, &corpus));
            }
            "lint" => {
                black_box(self.lint(&self.linter, &corpus));
            }
            "handbook-parse" => self.parse_file(&handbook.path),
            "handbook-lint" => {
                black_box(self.lint(&self.linter, &book));
            }
            other => panic!(
                "BENCH_PHASE must be parse, parse-own-options, documents, lint, \
                 handbook-parse or handbook-lint, got {other:?}"
            ),
        }
    }

    fn handbook(&self, reps: usize, handbook: &Handbook) -> Large {
        let paths = [handbook.path.clone()];
        let (mut parse, mut lint, mut lint_all) = (Duration::MAX, Duration::MAX, Duration::MAX);
        let (mut paired, mut paired_all) = (Vec::with_capacity(reps), Vec::with_capacity(reps));
        let mut findings = 0;
        for repetition in 0..reps {
            let (parse_time, ()) = timed(|| self.parse_file(&handbook.path));
            // The two lints swap places every repetition.
            let one = || timed(|| self.lint(&self.linter, &paths));
            let all = || timed(|| self.linter.lint_paths(&paths));
            let ((lint_time, report), (all_time, all_report)) = if repetition % 2 == 0 {
                let one = one();
                (one, all())
            } else {
                let all = all();
                (one(), all)
            };
            assert!(report.errors.is_empty(), "lint errors: {:?}", report.errors);
            findings = report.diagnostics().count();
            assert_eq!(
                all_report.diagnostics().count(),
                findings,
                "every core found what one did"
            );
            drop((report, all_report));
            parse = parse.min(parse_time);
            lint = lint.min(lint_time);
            lint_all = lint_all.min(all_time);
            paired.push(lint_time.as_secs_f64() / parse_time.as_secs_f64());
            paired_all.push(all_time.as_secs_f64() / parse_time.as_secs_f64());
        }
        Large {
            parse,
            lint,
            paired: median(paired),
            threads: rayon::current_num_threads(),
            lint_all,
            paired_all: median(paired_all),
            findings,
        }
    }

    fn memory(&self, handbook: &Handbook) -> Memory {
        let paths = [self.corpus_dir.clone()];
        let (lint, report) = heap::measure(|| self.lint(&self.linter, &paths));
        drop(report);
        let files = markdown_files(&self.corpus_dir);
        let (outlines, documents) = heap::measure(|| {
            files
                .iter()
                .map(|path| {
                    let source = ladderlint::load::load(path, u64::MAX)
                        .unwrap_or_else(|_| panic!("cannot load {}", path.display()));
                    let mut doc = Document::parse(source);
                    doc.source.release_text();
                    doc
                })
                .collect::<Vec<_>>()
        });
        drop(documents);
        let largest = files
            .iter()
            .max_by_key(|path| fs::metadata(path).map_or(0, |meta| meta.len()))
            .expect("a corpus file");
        let (one_parse, ()) = heap::measure(|| self.parse_file(largest));
        let (handbook_parse, ()) = heap::measure(|| self.parse_file(&handbook.path));
        let book = std::slice::from_ref(&handbook.path);
        let (handbook_lint, report) = heap::measure(|| self.lint(&self.linter, book));
        drop(report);
        let (handbook_lint_all, report) = heap::measure(|| self.linter.lint_paths(book));
        drop(report);
        Memory {
            lint,
            outlines: outlines.retained,
            one_parse: one_parse.peak,
            largest: fs::metadata(largest).map_or(0, |meta| meta.len() as usize),
            handbook_parse: handbook_parse.peak,
            handbook_lint: handbook_lint.peak,
            handbook_lint_all: handbook_lint_all.peak,
        }
    }

    /// Read and parse one file: the bare parse.
    fn parse_file(&self, path: &Path) {
        let text = read(path);
        let arena = comrak::Arena::new();
        black_box(comrak::parse_document(&arena, &text, &self.options));
    }
}

struct SingleThread {
    read: Duration,
    parse: Duration,
    own_parse: Duration,
    documents: Duration,
    lint: Duration,
    paired: Vec<[f64; 3]>,
    tracks: usize,
    report: ladderlint::Report,
}

impl SingleThread {
    fn print(&self, bytes: usize) {
        println!("on one thread{:>21}{:>14}", "time", "throughput");
        for (phase, time) in [
            ("read", self.read),
            ("read + parse", self.parse),
            ("  with own options", self.own_parse),
            ("lint, document rules", self.documents),
            ("lint", self.lint),
        ] {
            println!(
                "  {phase:<22}{:>9.1} ms{:>9.1} MB/s",
                milliseconds(time),
                megabytes(bytes) / time.as_secs_f64()
            );
        }
        // Equal byte counts, so a throughput ratio is the inverse ratio of the times. Two
        // estimates: the best times of each phase, and the median of the ratios within
        // each repetition, whose phases ran back to back; on a shared machine whose speed
        // drifts between repetitions, the second is the steadier. A target counts as met
        // only if both meet it.
        let paired = |ratio: fn(&[f64; 3]) -> f64| median(self.paired.iter().map(ratio).collect());
        let best = |numerator: Duration, denominator: Duration| {
            numerator.as_secs_f64() / denominator.as_secs_f64()
        };
        let ratio = (best(self.parse, self.lint), paired(|r| r[0] / r[2]));
        let documents = (best(self.parse, self.documents), paired(|r| r[0] / r[1]));
        let ladder_share = (
            best(self.lint, self.documents) - 1.0,
            paired(|r| r[2] / r[1]) - 1.0,
        );
        println!("\n{:<28}{:>8}{:>9}", "", "best", "paired");
        println!(
            "  {:<26}{:>7.2}x{:>8.2}x  target >= {TARGET_RATIO:.2}x: {}",
            "lint / parse throughput",
            ratio.0,
            ratio.1,
            verdict(ratio.0 >= TARGET_RATIO && ratio.1 >= TARGET_RATIO)
        );
        println!(
            "  {:<26}{:>7.2}x{:>8.2}x",
            "  document rules only", documents.0, documents.1,
        );
        println!(
            "  {:<26}{:>+7.1}%{:>+8.1}%  target <= +{:.0}%: {}  ({} tracks)\n",
            "cross-level analysis",
            ladder_share.0 * 100.0,
            ladder_share.1 * 100.0,
            TARGET_LADDER_SHARE * 100.0,
            verdict(ladder_share.0 <= TARGET_LADDER_SHARE && ladder_share.1 <= TARGET_LADDER_SHARE),
            self.tracks,
        );
    }
}

struct AllThreads {
    threads: usize,
    parse: Duration,
    lint: Duration,
}

impl AllThreads {
    fn print(&self, single: &SingleThread) {
        let speedup = |one: Duration, all: Duration| one.as_secs_f64() / all.as_secs_f64();
        let lint_speedup = speedup(single.lint, self.lint);
        println!(
            "on {} threads\n  read + parse{:>19.1} ms  {:.2}x one thread\n  lint{:>27.1} ms  {:.2}x one thread{}  lint / parse {:.2}x\n",
            self.threads,
            milliseconds(self.parse),
            speedup(single.parse, self.parse),
            milliseconds(self.lint),
            lint_speedup,
            if self.threads == 2 {
                format!(
                    ", target >= {TARGET_SPEEDUP:.1}x: {};",
                    verdict(lint_speedup >= TARGET_SPEEDUP)
                )
            } else {
                ";".to_owned()
            },
            speedup(self.parse, self.lint),
        );
    }
}

struct Large {
    parse: Duration,
    lint: Duration,
    /// Median over repetitions of lint time / parse time.
    paired: f64,
    /// The lint on every core, as the command line runs it, against the same parse on
    /// one thread: comrak parses one file on one thread, while ladderlint cuts a file
    /// this large into stretches parsed side by side.
    threads: usize,
    lint_all: Duration,
    paired_all: f64,
    findings: usize,
}

impl Large {
    fn print(&self, bytes: usize) {
        let ratio = |lint: Duration| lint.as_secs_f64() / self.parse.as_secs_f64();
        let line = |ratio: f64, paired: f64| {
            format!(
                "{ratio:>5.2}x best, {paired:.2}x paired  target <= {TARGET_HANDBOOK:.1}x: {}",
                verdict(ratio <= TARGET_HANDBOOK && paired <= TARGET_HANDBOOK)
            )
        };
        println!(
            "handbook ({:.1} MB, {} findings)\n  read + parse, 1 thread{:>9.1} ms  (comrak parses one file on one thread)\n  lint, 1 thread{:>17.1} ms  lint / parse time {}\n  lint, {} threads{:>16.1} ms  lint / parse time {}\n",
            megabytes(bytes),
            self.findings,
            milliseconds(self.parse),
            milliseconds(self.lint),
            line(ratio(self.lint), self.paired),
            self.threads,
            milliseconds(self.lint_all),
            line(ratio(self.lint_all), self.paired_all),
        );
    }
}

/// Heap bytes, counted by the allocator.
struct Memory {
    /// The corpus lint on one thread: its peak, and what its report keeps.
    lint: heap::HeapUse,
    /// Every outline of the corpus, texts released.
    outlines: usize,
    /// Peak while reading and parsing the largest corpus file.
    one_parse: usize,
    largest: usize,
    handbook_parse: usize,
    handbook_lint: usize,
    /// The handbook's lint on every core, its stretches parsed side by side.
    handbook_lint_all: usize,
}

impl Memory {
    fn print(&self) {
        println!("heap, one thread unless said");
        println!(
            "  corpus lint: peak {:.1} MB; its report keeps {:.1} MB",
            megabytes(self.lint.peak),
            megabytes(self.lint.retained)
        );
        println!(
            "    beside: all outlines {:.1} MB + parse of the largest file ({:.1} KB) {:.2} MB = {:.1} MB",
            megabytes(self.outlines),
            self.largest as f64 / 1e3,
            megabytes(self.one_parse),
            megabytes(self.outlines + self.one_parse)
        );
        println!(
            "  handbook: parse peak {:.0} MB, lint peak {:.0} MB ({:.2}x); on {} threads {:.0} MB ({:.2}x)\n",
            megabytes(self.handbook_parse),
            megabytes(self.handbook_lint),
            self.handbook_lint as f64 / self.handbook_parse as f64,
            rayon::current_num_threads(),
            megabytes(self.handbook_lint_all),
            self.handbook_lint_all as f64 / self.handbook_parse as f64
        );
    }
}

fn print_planted(corpus: &Corpus, report: &ladderlint::Report) {
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in report.diagnostics() {
        *found.entry(diagnostic.rule).or_default() += 1;
    }
    let rules: BTreeSet<&str> = found.keys().chain(corpus.planted.keys()).copied().collect();
    println!("{:<22}{:>8}{:>8}", "corpus defects", "planted", "found");
    for rule in rules {
        let planted = corpus.planted.get(rule).copied().unwrap_or(0);
        let found = found.get(rule).copied().unwrap_or(0);
        println!("  {rule:<20}{planted:>8}{found:>8}");
    }
    println!();
}

/// The corpus's Markdown files, sorted. Listing is part of every timed phase, because
/// `lint_paths` does its own discovery.
fn markdown_files(corpus_dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut tracks: Vec<PathBuf> = read_dir(corpus_dir)
        .into_iter()
        .filter(|path| path.is_dir())
        .collect();
    tracks.sort();
    for track in tracks {
        let mut levels: Vec<PathBuf> = read_dir(&track)
            .into_iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
            .collect();
        levels.sort();
        files.extend(levels);
    }
    files
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn read_all(corpus_dir: &Path) -> usize {
    markdown_files(corpus_dir)
        .iter()
        .map(|path| black_box(read(path)).len())
        .sum()
}

fn read_and_parse(corpus_dir: &Path, options: &comrak::Options) -> usize {
    let mut bytes = 0;
    for path in markdown_files(corpus_dir) {
        let text = read(&path);
        let arena = comrak::Arena::new();
        black_box(comrak::parse_document(&arena, &text, options));
        bytes += text.len();
    }
    bytes
}

fn read_and_parse_parallel(corpus_dir: &Path, options: &comrak::Options) -> usize {
    use rayon::iter::{IntoParallelIterator, ParallelIterator};
    markdown_files(corpus_dir)
        .into_par_iter()
        .map(|path| {
            let text = read(&path);
            let arena = comrak::Arena::new();
            black_box(comrak::parse_document(&arena, &text, options));
            text.len()
        })
        .sum()
}
