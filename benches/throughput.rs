//! Throughput: how close a full lint run comes to the cost of comrak parsing alone.
//!
//! `cargo bench --bench throughput` generates a deterministic corpus of ladder-like Markdown
//! under `target/bench-corpus/` (rebuilt when its version marker differs): tracks of five to
//! eight levels that share their competencies and responsibility names, as real ladders do,
//! with document and cross-level defects planted. It then times on one thread, as the best
//! of `BENCH_REPS` runs (default 3):
//!
//! - reading every file;
//! - reading and parsing every file with ladderlint's comrak options;
//! - `Linter::lint_paths` over the corpus directory (discover, look for config files, read,
//!   parse, lint), with and without the cross-level rules;
//! - then the parse and the full lint again on every core.
//!
//! The last line times the whole `ladderlint` process on one small file. It runs
//! `target/release/ladderlint`, which `cargo bench` builds too; when running the benchmark
//! executable directly, run `cargo build --release` first, or the line is skipped.
//!
//! MB means 10^6 bytes throughout.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ladderlint::Linter;
use ladderlint::resolve::Overrides;

/// Change this whenever the generator's output changes, so stale corpora are rebuilt.
const CORPUS_VERSION: &str = "ladderlint-bench-corpus v3";
const SEED: u64 = 0x1add_e71a_2025_0001;
const FILE_COUNT: usize = 5_000;
const LEVELS_PER_TRACK: RangeInclusive<usize> = 5..=8;
/// Files are filled up to a target size drawn from this range; the generator asserts that
/// every file ends up between 4 and 10 KiB.
const TARGET_FILE_BYTES: RangeInclusive<usize> = 4_300..=10_000;
const FILE_BYTES: RangeInclusive<usize> = 4 * 1024..=10 * 1024;
const MARKER_FILE: &str = ".corpus-version";

const DEFAULT_REPS: usize = 3;
const PROCESS_RUNS: usize = 20;
/// Lint throughput, as a fraction of bare-parse throughput, that the linter aims to keep.
const TARGET_RATIO: f64 = 0.7;

fn main() {
    let reps = repetitions();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let corpus_dir = root.join("bench-corpus");

    let started = Instant::now();
    let corpus = Corpus::ensure(&corpus_dir);
    let origin = if corpus.written {
        format!("generated in {:.1} s", started.elapsed().as_secs_f64())
    } else {
        "reused".to_owned()
    };
    let corpus_mb = megabytes(corpus.bytes);
    println!(
        "corpus   {} files in {} tracks, {corpus_mb:.2} MB, {} ({origin})",
        corpus.files,
        corpus.tracks,
        corpus_dir.display()
    );
    println!("timing   best of {reps}, single thread\n");

    let options = ladderlint::document::parse_options();
    // As the command line runs: looking for config files above every directory.
    let linter = Linter::discovering_config(Overrides::default());
    let document_rules_only = Overrides {
        ignore: ladderlint::rules::REGISTRY
            .iter()
            .filter(|rule| matches!(rule.kind, ladderlint::rules::RuleKind::Ladder(_)))
            .map(|rule| rule.meta)
            .collect(),
        ..Overrides::default()
    };
    let without_ladders = Linter::discovering_config(document_rules_only);
    let paths = [corpus_dir.clone()];
    // The phases take turns within each repetition, so a slow spell of a shared machine
    // weighs on all of them rather than on whichever ran during it.
    let (mut read_time, mut parse_time, mut lint_time) =
        (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut documents_time = Duration::MAX;
    let (mut read_bytes, mut parse_bytes, mut report) = (0, 0, None);
    // Per repetition: (parse, lint with document rules only, full lint) seconds.
    let mut paired: Vec<[f64; 3]> = Vec::with_capacity(reps);
    // Single-threaded phases run on a pool of one thread (the lint would otherwise use
    // every core); the multi-threaded ones are timed after.
    let serial = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    for repetition in 0..reps {
        let (time, bytes) = timed(|| read_all(&corpus_dir));
        (read_time, read_bytes) = (read_time.min(time), bytes);
        let (parse, bytes) = timed(|| read_and_parse(&corpus_dir, &options));
        (parse_time, parse_bytes) = (parse_time.min(parse), bytes);
        drop(report.take());
        // The two lints swap places every repetition, so neither always runs second.
        let run_documents = || {
            let (documents, documents_report) =
                timed(|| serial.install(|| without_ladders.lint_paths(&paths)));
            drop(documents_report);
            documents
        };
        let run_full = || timed(|| serial.install(|| linter.lint_paths(&paths)));
        let (documents, (lint, this_report)) = if repetition % 2 == 0 {
            let documents = run_documents();
            (documents, run_full())
        } else {
            let full = run_full();
            (run_documents(), full)
        };
        documents_time = documents_time.min(documents);
        (lint_time, report) = (lint_time.min(lint), Some(this_report));
        paired.push([parse, documents, lint].map(|time| time.as_secs_f64()));
    }
    let report = report.expect("at least one repetition");

    // The same parse and lint on every core, phases interleaved.
    let threads = rayon::current_num_threads();
    let (mut parallel_parse, mut parallel_lint) = (Duration::MAX, Duration::MAX);
    for _ in 0..reps {
        let (time, bytes) = timed(|| read_and_parse_parallel(&corpus_dir, &options));
        assert_eq!(bytes, corpus.bytes, "the corpus changed while parsing it");
        parallel_parse = parallel_parse.min(time);
        let (time, parallel_report) = timed(|| linter.lint_paths(&paths));
        parallel_lint = parallel_lint.min(time);
        drop(parallel_report);
    }

    assert_eq!(
        read_bytes, corpus.bytes,
        "the corpus changed while reading it"
    );
    assert_eq!(
        parse_bytes, corpus.bytes,
        "the corpus changed while parsing it"
    );
    assert_eq!(
        report.files, corpus.files,
        "lint_paths saw a different file set"
    );
    assert!(report.errors.is_empty(), "lint errors: {:?}", report.errors);

    println!("{:<22}{:>12}{:>14}", "phase", "time", "throughput");
    for (phase, time) in [
        ("read", read_time),
        ("read + parse", parse_time),
        ("lint, document rules", documents_time),
        ("lint_paths", lint_time),
    ] {
        println!(
            "{phase:<22}{:>9.1} ms{:>9.1} MB/s",
            time.as_secs_f64() * 1e3,
            corpus_mb / time.as_secs_f64()
        );
    }
    // Equal byte counts, so a throughput ratio is the inverse ratio of the times. Two
    // estimates: the best times of each phase, and the median of the ratios within each
    // repetition, whose phases ran back to back; on a shared machine whose speed drifts
    // between repetitions, the second is the steadier. The target counts as met only if
    // both meet it.
    let median = |ratio: &dyn Fn(&[f64; 3]) -> f64| {
        let mut ratios: Vec<f64> = paired.iter().map(ratio).collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    };
    let best = |numerator: Duration, denominator: Duration| {
        numerator.as_secs_f64() / denominator.as_secs_f64()
    };
    let ratio = (best(parse_time, lint_time), median(&|r| r[0] / r[2]));
    let documents_ratio = (best(parse_time, documents_time), median(&|r| r[0] / r[1]));
    let ladder_share = (
        best(lint_time, documents_time) - 1.0,
        median(&|r| r[2] / r[1]) - 1.0,
    );
    let verdict = |met: bool| if met { "met" } else { "NOT MET" };
    println!("\n{:<26}{:>8}{:>9}", "", "best", "paired");
    println!(
        "{:<26}{:>7.2}x{:>8.2}x  target >= {TARGET_RATIO:.2}x: {}",
        "lint / parse throughput",
        ratio.0,
        ratio.1,
        verdict(ratio.0 >= TARGET_RATIO && ratio.1 >= TARGET_RATIO)
    );
    println!(
        "{:<26}{:>7.2}x{:>8.2}x  target >= {TARGET_RATIO:.2}x: {}",
        "  document rules only",
        documents_ratio.0,
        documents_ratio.1,
        verdict(documents_ratio.0 >= TARGET_RATIO && documents_ratio.1 >= TARGET_RATIO)
    );
    println!(
        "{:<26}{:>+7.1}%{:>+8.1}%  target <= +10%: {}  ({} tracks)\n",
        "cross-level analysis",
        ladder_share.0 * 100.0,
        ladder_share.1 * 100.0,
        verdict(ladder_share.0 <= 0.10 && ladder_share.1 <= 0.10),
        corpus.tracks,
    );

    println!(
        "on {threads} threads: read + parse {:.1} ms ({:.2}x one thread), lint {:.1} ms ({:.2}x one thread); lint / parse {:.2}x\n",
        parallel_parse.as_secs_f64() * 1e3,
        best(parse_time, parallel_parse),
        parallel_lint.as_secs_f64() * 1e3,
        best(lint_time, parallel_lint),
        best(parallel_parse, parallel_lint),
    );

    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in report.diagnostics() {
        *found.entry(diagnostic.rule).or_default() += 1;
    }
    let rules: BTreeSet<&str> = found.keys().chain(corpus.planted.keys()).copied().collect();
    println!("{:<20}{:>8}{:>8}", "rule", "planted", "found");
    for rule in rules {
        let planted = corpus.planted.get(rule).copied().unwrap_or(0);
        let found = found.get(rule).copied().unwrap_or(0);
        println!("{rule:<20}{planted:>8}{found:>8}");
    }
    println!();

    let binary = root
        .join("release")
        .join(format!("ladderlint{}", std::env::consts::EXE_SUFFIX));
    let sample = corpus_dir.join(&corpus.sample);
    if binary.is_file() {
        let median = median_process_time(&binary, &sample);
        let size = fs::metadata(&sample).map_or(0, |meta| meta.len());
        println!(
            "process  ladderlint {} ({:.1} KB): median of {PROCESS_RUNS} runs {:.2} ms",
            corpus.sample.display(),
            size as f64 / 1e3,
            median.as_secs_f64() * 1e3
        );
    } else {
        println!(
            "process  skipped: {} not found (run `cargo build --release` first)",
            binary.display()
        );
    }
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

/// Runs `run` `reps` times; returns the fastest time and the last result. Results are
/// dropped outside the timed region.
fn timed<T>(run: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let result = black_box(run());
    (start.elapsed(), result)
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
        let root = comrak::parse_document(&arena, &text, options);
        black_box(root);
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

fn median_process_time(binary: &Path, file: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..PROCESS_RUNS)
        .map(|_| {
            let start = Instant::now();
            // Exit code 1 just means findings; only a failure to run is an error.
            Command::new(binary)
                .arg(file)
                .args(["--color", "never"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap_or_else(|error| panic!("cannot run {}: {error}", binary.display()));
            start.elapsed()
        })
        .collect();
    times.sort();
    let middle = times.len() / 2;
    if times.len().is_multiple_of(2) {
        (times[middle - 1] + times[middle]) / 2
    } else {
        times[middle]
    }
}

/// What the generator produced; computed on every run so the planted counts are known even
/// when the files on disk are reused.
struct Corpus {
    files: usize,
    tracks: usize,
    bytes: usize,
    /// Planted defects, by the rule expected to report them.
    planted: BTreeMap<&'static str, usize>,
    /// A defect-free level file, relative to the corpus directory.
    sample: PathBuf,
    /// Whether the files were (re)written on this run.
    written: bool,
}

impl Corpus {
    fn ensure(dir: &Path) -> Self {
        let marker = format!("{CORPUS_VERSION} seed={SEED:#x} files={FILE_COUNT}\n");
        let marker_path = dir.join(MARKER_FILE);
        let up_to_date = fs::read_to_string(&marker_path).is_ok_and(|found| found == marker);
        if !up_to_date && dir.exists() {
            fs::remove_dir_all(dir).expect("remove stale corpus");
        }

        let mut rng = SplitMix64(SEED);
        let mut corpus = Corpus {
            files: 0,
            tracks: 0,
            bytes: 0,
            planted: BTreeMap::new(),
            sample: PathBuf::new(),
            written: !up_to_date,
        };
        while corpus.files < FILE_COUNT {
            let levels = track_size(&mut rng, FILE_COUNT - corpus.files);
            let track = Track::new(&mut rng, corpus.tracks, levels);
            let track_dir = dir.join(&track.dir);
            if corpus.written {
                fs::create_dir_all(&track_dir).expect("create track directory");
            }
            for level in track.levels() {
                let file = LevelFile::generate(&mut rng, &track, level);
                let name = format!("L{level}.md");
                assert!(
                    FILE_BYTES.contains(&file.text.len()),
                    "{}/{name} is {} bytes",
                    track.dir,
                    file.text.len()
                );
                if corpus.written {
                    fs::write(track_dir.join(&name), &file.text).expect("write level file");
                }
                if file.defects.is_empty() && corpus.sample.as_os_str().is_empty() {
                    corpus.sample = Path::new(&track.dir).join(&name);
                }
                for defect in file.defects {
                    *corpus.planted.entry(defect.rule()).or_default() += 1;
                }
                corpus.files += 1;
                corpus.bytes += file.text.len();
            }
            for rule in track.planted() {
                *corpus.planted.entry(rule).or_default() += 1;
            }
            corpus.tracks += 1;
        }
        if corpus.written {
            // Written last, so an interrupted generation is redone.
            fs::write(&marker_path, marker).expect("write corpus marker");
        }
        corpus
    }
}

/// A track size in `LEVELS_PER_TRACK` whose remainder can still be split into tracks of
/// that size: zero, one track's worth, or at least two.
fn track_size(rng: &mut SplitMix64, remaining: usize) -> usize {
    loop {
        let size = rng.range(LEVELS_PER_TRACK);
        if size > remaining {
            continue;
        }
        let left = remaining - size;
        if left == 0 || LEVELS_PER_TRACK.contains(&left) || left >= 2 * LEVELS_PER_TRACK.start() {
            return size;
        }
    }
}

/// SplitMix64: tiny, fast and good enough to make varied but reproducible text.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform enough over `range`; the modulo bias does not matter for test text.
    fn range(&mut self, range: RangeInclusive<usize>) -> usize {
        let (low, high) = range.into_inner();
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.next_u64() % 100 < chance
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0..=items.len() - 1)]
    }
}

const FAMILIES: &[(&str, &str)] = &[
    ("Engineer", "engineering"),
    ("Security Engineer", "security"),
    ("Site Reliability Engineer", "sre"),
    ("Data Scientist", "data-science"),
    ("Product Designer", "design"),
    ("Product Manager", "product"),
    ("Data Engineer", "data-engineering"),
    ("QA Engineer", "quality"),
    ("Technical Writer", "docs"),
    ("Machine Learning Engineer", "ml"),
];

/// Rung name prefixes by level number (index 0 is unused).
const RUNGS: &[&str] = &[
    "",
    "Associate ",
    "",
    "Senior ",
    "Staff ",
    "Senior Staff ",
    "Principal ",
    "Senior Principal ",
    "Distinguished ",
];

/// Competency names with the emoji some ladders put in front of them.
const COMPETENCIES: &[(&str, &str)] = &[
    ("Craft", "🛠️"),
    ("Impact", "🎯"),
    ("Collaboration", "🤝"),
    ("Leadership", "🌱"),
    ("Delivery", "🚀"),
    ("Technical Design", "📐"),
    ("Operations", "⚙️"),
    ("Communication", "💬"),
    ("Strategy", "🧭"),
    ("Security Practice", "🔒"),
    ("Quality", "✅"),
    ("Data & Analysis", "📊"),
    ("Product Sense", "💡"),
    ("Mentorship", "🧑‍🏫"),
];

const VERBS: &[&str] = &[
    "Designs",
    "Reviews",
    "Owns",
    "Leads",
    "Drives",
    "Improves",
    "Documents",
    "Measures",
    "Automates",
    "Plans",
    "Negotiates",
    "Simplifies",
    "Debugs",
    "Ships",
    "Coordinates",
    "Audits",
    "Prototypes",
    "Migrates",
    "Hardens",
    "Instruments",
    "Estimates",
    "Retires",
    "Scales",
    "Tests",
    "Explains",
    "Unblocks",
    "Triages",
    "Refactors",
    "Shapes",
    "Secures",
];

const ADJECTIVES: &[&str] = &[
    "reliable",
    "observable",
    "shared",
    "critical",
    "legacy",
    "customer-facing",
    "internal",
    "cross-team",
    "high-traffic",
    "regulated",
    "experimental",
    "long-lived",
    "batch",
    "real-time",
    "public",
    "multi-region",
];

const OBJECTS: &[&str] = &[
    "services",
    "pipelines",
    "dashboards",
    "release processes",
    "data models",
    "APIs",
    "on-call rotations",
    "design reviews",
    "incident reviews",
    "runbooks",
    "test suites",
    "deployment tooling",
    "access policies",
    "schemas",
    "roadmaps",
    "interfaces",
    "migration plans",
    "capacity plans",
    "alerting rules",
    "experiments",
    "onboarding guides",
    "cost reports",
];

const QUALIFIERS: &[&str] = &[
    "with little guidance",
    "across several teams",
    "before they reach production",
    "within one quarter",
    "so that others can operate them",
    "and shares what they learn",
    "without adding toil",
    "using data rather than opinion",
    "for the whole group",
    "with clear written trade-offs",
    "while keeping the error budget intact",
    "in a way new joiners can follow",
    "ahead of the planning cycle",
    "together with product and design",
];

const SCOPES: &[&str] = &[
    "their own tasks within one team",
    "features within one team",
    "projects within one team, and the services that team owns",
    "a group of teams and their shared systems",
    "an organisation's technical direction",
    "the company's most critical systems",
];

const AUTONOMY: &[&str] = &[
    "Works from well-defined tasks with regular check-ins",
    "Sets their own direction within the team's goals",
    "Chooses which problems the team should solve next",
    "Defines goals for several teams and holds the trade-offs",
];

const HORIZONS: &[&str] = &[
    "One sprint",
    "One month",
    "One quarter",
    "Two quarters",
    "One year",
    "Several years",
];

/// Singular, to agree with the behaviour verbs ("Designs ...").
const SUBJECTS: &[&str] = &[
    "Someone at this level",
    "At this level, a person",
    "This level",
    "Each holder of this role",
];

const PAST_VERBS: &[&str] = &[
    "Led the move of",
    "Migrated",
    "Replaced",
    "Rewrote",
    "Shipped",
    "Untangled",
    "Consolidated",
    "Documented",
    "Automated",
    "Retired",
    "Hardened",
    "Redesigned",
    "Split",
    "Cut the cost of",
];

const OUTCOMES: &[&str] = &[
    "without downtime",
    "ahead of a regulatory deadline",
    "halving the pager load",
    "in two weeks",
    "with a rollback plan for each stage",
    "and wrote the guide other teams now follow",
    "after a series of incidents",
    "to a new region",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "vi", "mer", "dra", "sil", "tor", "qua", "ne", "bry", "zen", "ost", "pha", "rul",
    "gan", "dex", "ira", "vel", "co", "thu", "mi", "sar", "el", "bo",
];

/// One directory of level files sharing a family, a set of competencies and a way of
/// writing responsibilities, as the levels of a real ladder do.
struct Track {
    dir: String,
    family: &'static str,
    first_level: usize,
    level_count: usize,
    /// Competency names and the heading each gets in this track.
    competencies: Vec<Competency>,
    style: ResponsibilityStyle,
    /// A planted cross-level defect: (level, competency) whose section is left out.
    dropped: Option<(usize, usize)>,
    /// A planted cross-level defect: (level, competency) whose heading is lower-cased.
    drifted: Option<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ResponsibilityStyle {
    /// `| Responsibility | Key Behaviors |` tables.
    Table,
    /// `**Responsibility**: X` then `**Key Behaviors**` and bullets.
    Blocks,
    /// Behaviour bullets only.
    Plain,
}

struct Competency {
    name: &'static str,
    heading: String,
    /// The heading's anchor, for plain headings only: emoji make anchors irregular.
    anchor: Option<String>,
    /// The responsibility names every level lists under this competency.
    responsibilities: Vec<String>,
}

impl Track {
    fn new(rng: &mut SplitMix64, index: usize, level_count: usize) -> Self {
        let (family, slug) = rng.pick(FAMILIES);
        let max_first = RUNGS.len() - level_count;
        let first_level = rng.range(1..=max_first.min(2));
        let count = rng.range(4..=6);
        let mut competencies: Vec<Competency> = Vec::with_capacity(count);
        while competencies.len() < count {
            let (name, emoji) = rng.pick(COMPETENCIES);
            if competencies.iter().any(|c| c.name == name) {
                continue;
            }
            let with_emoji = rng.percent(40);
            let responsibilities = (0..rng.range(2..=3)).map(|_| responsibility(rng)).collect();
            competencies.push(Competency {
                name,
                heading: if with_emoji {
                    format!("{emoji} {name}")
                } else {
                    name.to_owned()
                },
                anchor: (!with_emoji).then(|| anchor(name)),
                responsibilities,
            });
        }
        let style = match rng.range(0..=99) {
            0..45 => ResponsibilityStyle::Table,
            45..75 => ResponsibilityStyle::Blocks,
            _ => ResponsibilityStyle::Plain,
        };
        // Ladder defects go to a middle level, where both neighbours show what is expected.
        let middle = first_level + rng.range(1..=level_count - 2);
        let unlinked: Vec<usize> = (0..competencies.len())
            .filter(|&c| competencies[c].anchor.is_none())
            .collect();
        // Only a section nothing links to is left out, so no link breaks with it.
        let dropped = (rng.percent(10) && !unlinked.is_empty())
            .then(|| (middle, unlinked[rng.range(0..=unlinked.len() - 1)]));
        let plain: Vec<usize> = (0..competencies.len())
            .filter(|&c| competencies[c].anchor.is_some() && Some((middle, c)) != dropped)
            .collect();
        let drifted = (rng.percent(10) && !plain.is_empty())
            .then(|| (middle, plain[rng.range(0..=plain.len() - 1)]));
        Track {
            dir: format!("{index:04}-{slug}"),
            family,
            first_level,
            level_count,
            competencies,
            style,
            dropped,
            drifted,
        }
    }

    /// The defects planted across this track's levels, by the rule that should report them.
    fn planted(&self) -> Vec<&'static str> {
        let mut rules = Vec::new();
        if let Some((_, competency)) = self.dropped {
            rules.push("missing-section");
            // The rows of its responsibility table go missing with it (field-drift compares
            // table rows; `**Responsibility**:` blocks are labels, present at every level).
            if self.style == ResponsibilityStyle::Table {
                let count = self.competencies[competency].responsibilities.len();
                rules.extend(std::iter::repeat_n("field-drift", count));
            }
        }
        if self.drifted.is_some() {
            rules.push("heading-drift");
        }
        rules
    }

    fn levels(&self) -> RangeInclusive<usize> {
        self.first_level..=self.first_level + self.level_count - 1
    }

    fn title(&self, level: usize) -> String {
        format!("L{level}: {}{}", RUNGS[level], self.family)
    }
}

/// GitHub's anchor for a plain ASCII heading.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    Placeholder,
    LazyContinuation,
    SkippedHeadingLevel,
    UnclosedDetails,
}

impl Defect {
    const ALL: [Defect; 4] = [
        Defect::Placeholder,
        Defect::LazyContinuation,
        Defect::SkippedHeadingLevel,
        Defect::UnclosedDetails,
    ];

    fn rule(self) -> &'static str {
        match self {
            Defect::Placeholder => "placeholder",
            Defect::LazyContinuation => "lazy-continuation",
            Defect::SkippedHeadingLevel => "heading-increment",
            Defect::UnclosedDetails => "broken-markup",
        }
    }

    /// Percentage of files that get this defect.
    fn chance(self) -> u64 {
        match self {
            Defect::Placeholder | Defect::LazyContinuation => 3,
            Defect::SkippedHeadingLevel | Defect::UnclosedDetails => 2,
        }
    }
}

struct LevelFile {
    text: String,
    defects: Vec<Defect>,
}

/// One competency section while the file is filled up to its size, in output order.
struct SectionDraft {
    /// Heading and optional intro.
    head: String,
    /// Behaviour bullets; more are added until the file reaches its size.
    bullets: Vec<String>,
    /// Responsibility tables and blocks, Examples.
    blocks: String,
    /// A skipped-level subheading, when planted.
    tail: String,
}

impl SectionDraft {
    fn len(&self) -> usize {
        self.head.len()
            + self.bullets.iter().map(String::len).sum::<usize>()
            + self.blocks.len()
            + self.tail.len()
    }
}

impl LevelFile {
    fn generate(rng: &mut SplitMix64, track: &Track, level: usize) -> Self {
        let target = rng.range(TARGET_FILE_BYTES);
        let defects: Vec<Defect> = Defect::ALL
            .into_iter()
            .filter(|defect| rng.percent(defect.chance()))
            .collect();

        let header = header(rng, track, level);
        let mut sections: Vec<SectionDraft> = track
            .competencies
            .iter()
            .enumerate()
            .filter(|&(index, _)| track.dropped != Some((level, index)))
            .map(|(index, competency)| {
                let drifted = track.drifted == Some((level, index));
                section_draft(rng, track, level, competency, drifted)
            })
            .collect();
        let mut unclosed = String::new();
        for &defect in &defects {
            let section = rng.range(0..=sections.len() - 1);
            let section = &mut sections[section];
            match defect {
                Defect::Placeholder => {
                    let at = rng.range(0..=section.bullets.len());
                    section.bullets.insert(at, "- TBD.\n".to_owned());
                }
                Defect::LazyContinuation => {
                    // A bullet that lost its marker, read as part of the one above.
                    let lost = format!("- {}.\n{}\n", behaviour(rng), behaviour(rng));
                    let at = rng.range(0..=section.bullets.len());
                    section.bullets.insert(at, lost);
                }
                Defect::SkippedHeadingLevel => {
                    let _ = write!(
                        section.tail,
                        "\n#### Notes on {}\n\n- {}\n",
                        system_name(rng),
                        behaviour(rng)
                    );
                }
                // Goes after the last section: it swallows everything below it.
                Defect::UnclosedDetails => {
                    unclosed = format!(
                        "\n<details>\n<summary>Examples</summary>\n\n- {}\n",
                        example(rng)
                    );
                }
            }
        }

        let mut size =
            header.len() + unclosed.len() + sections.iter().map(SectionDraft::len).sum::<usize>();
        // Optional blocks only within a share of the target, so that small files stay small
        // and later sections get their share of blocks too.
        let section_share = target / sections.len() * 3 / 4;
        let kept = track
            .competencies
            .iter()
            .enumerate()
            .filter(|&(index, _)| track.dropped != Some((level, index)));
        for (section, (_, competency)) in sections.iter_mut().zip(kept) {
            // Every level writes its responsibilities the track's way.
            let names = &competency.responsibilities;
            let responsibilities = match track.style {
                ResponsibilityStyle::Table => responsibility_table(rng, names),
                ResponsibilityStyle::Blocks => responsibility_blocks(rng, names),
                ResponsibilityStyle::Plain => String::new(),
            };
            size += responsibilities.len();
            section.blocks.push_str(&responsibilities);
            let block = examples(rng);
            let fits = section.len() + block.len() <= section_share && size + block.len() <= target;
            if rng.percent(45) && fits {
                size += block.len();
                section.blocks.push_str(&block);
            }
        }
        // Round-robin, so sections grow alike. Nested bullets only while there is room for
        // them, so the file ends at most one plain bullet short of its target.
        'fill: loop {
            for section in &mut sections {
                let bullet = bullet(rng, target - size > NESTED_ROOM);
                if size + bullet.len() > target {
                    break 'fill;
                }
                size += bullet.len();
                section.bullets.push(bullet);
            }
        }

        let mut text = header;
        for section in sections {
            text.push_str(&section.head);
            section
                .bullets
                .iter()
                .for_each(|bullet| text.push_str(bullet));
            text.push_str(&section.blocks);
            text.push_str(&section.tail);
        }
        text.push_str(&unclosed);
        LevelFile { text, defects }
    }
}

/// Room a nested bullet (a parent and up to three children) may need.
const NESTED_ROOM: usize = 600;

fn header(rng: &mut SplitMix64, track: &Track, level: usize) -> String {
    let mut text = format!("# {}\n\n", track.title(level));
    for _ in 0..rng.range(2..=4) {
        let _ = write!(
            text,
            "{} {} and {}. ",
            rng.pick(SUBJECTS),
            lower_first(&behaviour(rng)),
            lower_first(&behaviour(rng))
        );
    }
    let levels = track.levels();
    if level > *levels.start() {
        let _ = write!(
            text,
            "Previous level: [{}](L{}.md). ",
            track.title(level - 1),
            level - 1
        );
    }
    if level < *levels.end() {
        let _ = write!(
            text,
            "Next level: [{}](L{}.md).",
            track.title(level + 1),
            level + 1
        );
    }
    let rank = (level - 1).min(SCOPES.len() - 1);
    let _ = write!(
        text,
        "\n\n- **Scope**: {}\n- **Autonomy**: {}\n- **Planning horizon**: {}\n",
        SCOPES[rank],
        AUTONOMY[rank * AUTONOMY.len() / SCOPES.len()],
        HORIZONS[rank],
    );
    text
}

/// A competency section with an optional linking intro and two plain bullets.
fn section_draft(
    rng: &mut SplitMix64,
    track: &Track,
    level: usize,
    competency: &Competency,
    drifted: bool,
) -> SectionDraft {
    let heading = if drifted {
        competency.heading.to_lowercase()
    } else {
        competency.heading.clone()
    };
    let mut head = format!("\n## {heading}\n\n");
    let linkable: Vec<&Competency> = track
        .competencies
        .iter()
        .filter(|other| other.anchor.is_some())
        .collect();
    if !linkable.is_empty() && rng.percent(30) {
        let other = rng.pick(&linkable);
        let anchor = other.anchor.as_deref().unwrap_or_default();
        let previous = level - 1;
        let _ = if level > track.first_level && rng.percent(50) {
            write!(
                head,
                "Builds on [L{previous} {}](L{previous}.md#{anchor}).\n\n",
                other.name
            )
        } else {
            write!(
                head,
                "{}; see also [{}](#{anchor}).\n\n",
                behaviour(rng),
                other.name
            )
        };
    }
    SectionDraft {
        head,
        bullets: vec![bullet(rng, false), bullet(rng, false)],
        blocks: String::new(),
        tail: String::new(),
    }
}

/// A behaviour bullet; when `may_nest`, some carry sub-behaviours.
fn bullet(rng: &mut SplitMix64, may_nest: bool) -> String {
    let mut text = format!("- {}\n", behaviour(rng));
    if may_nest && rng.percent(15) {
        for _ in 0..rng.range(1..=3) {
            let _ = writeln!(text, "  - {}", behaviour(rng));
        }
    }
    text
}

fn responsibility_table(rng: &mut SplitMix64, names: &[String]) -> String {
    let mut text = "\n| Responsibility | Key Behaviors |\n| --- | --- |\n".to_owned();
    for name in names {
        let _ = writeln!(
            text,
            "| {name} | {}; {} |",
            behaviour(rng),
            lower_first(&behaviour(rng))
        );
    }
    text
}

fn responsibility_blocks(rng: &mut SplitMix64, names: &[String]) -> String {
    let mut text = String::new();
    for name in names {
        let _ = writeln!(text, "\n**Responsibility**: {name}  \n**Key Behaviors**");
        for _ in 0..rng.range(1..=3) {
            let _ = writeln!(text, "- {}", behaviour(rng));
        }
    }
    text
}

fn examples(rng: &mut SplitMix64) -> String {
    let mut text = "\n<details>\n<summary>Examples</summary>\n\n".to_owned();
    for _ in 0..rng.range(1..=3) {
        let _ = writeln!(text, "- {}", example(rng));
    }
    text.push_str("\n</details>\n");
    text
}

/// A sentence such as "Hardens shared pipelines for Kalovi with little guidance".
fn behaviour(rng: &mut SplitMix64) -> String {
    format!(
        "{} {} {} for {} {}",
        rng.pick(VERBS),
        rng.pick(ADJECTIVES),
        rng.pick(OBJECTS),
        system_name(rng),
        rng.pick(QUALIFIERS)
    )
}

/// A sentence such as "Migrated the legacy schemas of Dravel to a new region".
fn example(rng: &mut SplitMix64) -> String {
    format!(
        "{} the {} {} of {} {}",
        rng.pick(PAST_VERBS),
        rng.pick(ADJECTIVES),
        rng.pick(OBJECTS),
        system_name(rng),
        rng.pick(OUTCOMES)
    )
}

fn responsibility(rng: &mut SplitMix64) -> String {
    let object = rng.pick(OBJECTS);
    format!("{} {object}", system_name(rng))
}

/// A made-up product name, so the text is not a handful of phrases repeated.
fn system_name(rng: &mut SplitMix64) -> String {
    let mut name = String::new();
    for _ in 0..rng.range(2..=3) {
        name.push_str(rng.pick(SYLLABLES));
    }
    name[..1].to_ascii_uppercase() + &name[1..]
}

fn lower_first(text: &str) -> String {
    text[..1].to_ascii_lowercase() + &text[1..]
}
