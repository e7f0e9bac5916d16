//! ladderlint: a linter for career-ladder Markdown documents.
//!
//! The library reads the files it is given and returns a [`Report`]; it never prints.
//! Rendering belongs to [`output`], and the process's exit code to the binary.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod error;
pub mod fix;
pub mod hash;
pub mod init;
pub mod ladder;
pub mod level;
pub mod load;
pub mod output;
pub mod resolve;
pub mod rules;
pub mod server;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod text;
pub mod workspace;

use std::collections::{BTreeSet, HashMap};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::iter::{
    IndexedParallelIterator, IntoParallelIterator, IntoParallelRefIterator, ParallelExtend,
    ParallelIterator,
};

use diagnostic::{Diagnostic, Severity};
use document::Document;
use error::Error;
use hash::{FastMap, FastSet};
use ladder::Ladder;
use level::Level;
use resolve::{Mode, Overrides, Resolver, RuleSet, Rules};
use rules::{Context, InvalidFile, InvalidSuppression, LadderContext, UnusedSuppression};
use settings::Settings;
use source::Source;
use suppress::Suppressions;
use workspace::{LinkTarget, Workspace};

/// The findings of one file, with its text for rendering.
#[derive(Debug)]
pub struct FileReport {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// How many files were linted (or found unlintable).
    pub files: usize,
    /// Files with findings, sorted by path; findings sorted by position.
    pub findings: Vec<FileReport>,
    /// Paths that could not be linted at all; they make the run exit with code 2.
    pub errors: Vec<Error>,
    /// Files that findings point into as evidence but that have no findings of their own.
    pub related_sources: Vec<Source>,
    /// The ladder tracks found, with their levels in order; empty unless the linter was
    /// asked for them ([`Linter::summarizing_tracks`]).
    pub tracks: Vec<TrackSummary>,
}

/// A track as `ladderlint ladders` and `ladderlint init` show it.
#[derive(Debug, Clone)]
pub struct TrackSummary {
    pub path: PathBuf,
    /// The config's name for a track grouped by glob.
    pub name: Option<String>,
    /// Each level's document and its level id, lowest first.
    pub levels: Vec<(PathBuf, Level)>,
    /// The top-level sections of the levels, in order of first use; empty unless the
    /// linter was asked to survey them.
    pub sections: Vec<SectionSummary>,
}

/// A section name shared by the levels of a track.
#[derive(Debug, Clone)]
pub struct SectionSummary {
    /// Its canonical spelling.
    pub name: String,
    /// Per level: where the section comes among the level's top-level sections, if it
    /// has it.
    pub positions: Vec<Option<usize>>,
}

impl TrackSummary {
    fn new(ladder: &Ladder<'_>, with_sections: bool) -> Self {
        let levels = ladder.levels();
        let sections = if with_sections {
            Self::sections(ladder)
        } else {
            Vec::new()
        };
        Self {
            path: ladder.track.path.clone(),
            name: ladder.spec().map(|spec| spec.name.clone()),
            levels: levels
                .iter()
                .map(|level| {
                    let path = ladder.document(level).source.path().to_owned();
                    (path, level.level.clone())
                })
                .collect(),
            sections,
        }
    }

    fn sections(ladder: &Ladder<'_>) -> Vec<SectionSummary> {
        let levels = ladder.levels();
        // Each level's top-level sections, as indices into its document's sections.
        let top_sections: Vec<Vec<usize>> = levels
            .iter()
            .map(|level| {
                let doc = ladder.document(level);
                let depth = level.sections(doc).map(|(_, s)| s.depth).min();
                level
                    .sections(doc)
                    .filter(|(_, section)| Some(section.depth) == depth)
                    .map(|(index, _)| index)
                    .collect()
            })
            .collect();
        ladder::names::section_names(ladder)
            .iter()
            .filter_map(|name| {
                let positions: Vec<Option<usize>> = (0..levels.len())
                    .map(|level| {
                        let at = name.uses.iter().find(|u| u.level == level)?.at;
                        top_sections[level].iter().position(|&index| index == at)
                    })
                    .collect();
                positions
                    .iter()
                    .any(Option::is_some)
                    .then(|| SectionSummary {
                        name: name.canonical().trim().to_owned(),
                        positions,
                    })
            })
            .collect()
    }
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Every file a reporter may show: those with findings and those findings point into.
    pub fn sources(&self) -> HashMap<&Path, &Source> {
        self.findings
            .iter()
            .map(|file| &file.source)
            .chain(&self.related_sources)
            .map(|source| (source.path(), source))
            .collect()
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings.iter().flat_map(|file| &file.diagnostics)
    }
}

/// Rules built once from resolved settings, ready to lint any number of files.
///
/// ```
/// use ladderlint::{Linter, settings::Settings};
///
/// let linter = Linter::new(Settings::default());
/// let report = linter.lint_paths(&["fixtures/ladders/engineering".into()]);
/// let lost_bullet = report.diagnostics().find(|d| d.rule == "lazy-continuation");
/// assert!(lost_bullet.is_some());
/// assert_eq!(report.files, 5);
/// ```
pub struct Linter {
    mode: Mode,
    /// What the report says of the tracks found.
    track_detail: TrackDetail,
}

/// How much a report tells of the tracks found; a plain lint needs none of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TrackDetail {
    None,
    /// Each track's levels (`ladderlint ladders`).
    Levels,
    /// Its levels and sections (`ladderlint init`).
    Sections,
}

impl Linter {
    /// A linter that applies `settings` to every file and reads no config file.
    pub fn new(settings: Settings) -> Self {
        Self {
            mode: Mode::Fixed(Arc::new(RuleSet::new(settings))),
            track_detail: TrackDetail::None,
        }
    }

    /// A linter that applies to each file the config files above it (`ladderlint.toml`
    /// or `.ladderlint.toml`, nearest first, up to one that says `root = true`), then
    /// `overrides`.
    pub fn discovering_config(overrides: Overrides) -> Self {
        Self {
            mode: Mode::Discover(overrides),
            track_detail: TrackDetail::None,
        }
    }

    /// Make the report list the tracks found, with their levels, in [`Report::tracks`].
    pub fn summarizing_tracks(mut self) -> Self {
        self.track_detail = self.track_detail.max(TrackDetail::Levels);
        self
    }

    /// Make the report list the tracks found with their levels and their sections, as
    /// `ladderlint init` needs.
    pub fn surveying_sections(mut self) -> Self {
        self.track_detail = TrackDetail::Sections;
        self
    }

    /// Discover, read, parse and check everything under `paths`.
    ///
    /// Files named one by one are linted with the other levels of their track in view:
    /// the Markdown files beside them are read for the ladder rules but not reported on.
    pub fn lint_paths(&self, paths: &[PathBuf]) -> Report {
        self.lint(paths, None)
    }

    /// Lint `bytes` as if they were the file at `path`: an editor's unsaved buffer, or
    /// `--stdin`. The other levels of its track still come from disk, and the file need
    /// not exist there.
    pub fn lint_buffer(&self, path: &Path, bytes: Vec<u8>) -> Report {
        self.lint(&[path.to_owned()], Some((path, bytes)))
    }

    fn lint(&self, paths: &[PathBuf], buffer: Option<(&Path, Vec<u8>)>) -> Report {
        let resolver = Resolver::new(&self.mode);
        // The configs over each directory named are read even if it holds nothing to
        // lint, so a broken one is always reported.
        for path in paths.iter().filter(|path| path.is_dir()) {
            resolver.rules_in(path);
        }
        let buffer_path = buffer.as_ref().map(|(path, _)| path.to_path_buf());
        let mut buffer = buffer.map(|(_, bytes)| bytes);
        let (files, errors) = match &buffer_path {
            Some(path) if resolver.is_excluded(path) => (Vec::new(), Vec::new()),
            Some(path) => (vec![path.clone()], Vec::new()),
            None => discover::discover(paths, &|path| resolver.is_excluded(path)),
        };
        let mut report = Report {
            files: files.len(),
            errors,
            ..Report::default()
        };
        // Which rules apply to each file is settled first (the resolver reads config files
        // and caches them). The files then go in batches of whole tracks (small ones joined);
        // a batch's outlines are dropped once its tracks are checked, so a run holds the
        // outlines of the batches in progress, not of every file.
        let siblings = siblings(&resolver, paths, buffer_path.as_deref(), &files);
        let planned = files
            .into_iter()
            .map(|path| (path, true))
            .chain(siblings.into_iter().map(|path| (path, false)))
            .map(|(path, reported)| {
                let rules = resolver.rules_for(&path);
                let bytes = buffer.take_if(|_| buffer_path.as_ref() == Some(&path));
                Planned {
                    path,
                    rules,
                    bytes,
                    reported,
                }
            });
        let summarize = self.track_detail;
        let outcomes: Vec<BatchOutcome> = batches(planned)
            .into_par_iter()
            .map(|batch| lint_batch(batch, summarize))
            .collect();
        let mut deferred = Vec::new();
        let mut evidence = Vec::new();
        for outcome in outcomes {
            report.findings.extend(outcome.files);
            deferred.extend(outcome.deferred);
            report.tracks.extend(outcome.tracks);
            evidence.extend(outcome.evidence);
        }
        report
            .findings
            .extend(check_deferred_links(&resolver, deferred));
        // Batches come in the order of their tracks' keys; within one path, that order
        // stays.
        report.tracks.sort_by(|a, b| a.path.cmp(&b.path));

        let mut related_paths: BTreeSet<PathBuf> = report
            .diagnostics()
            .flat_map(|diagnostic| &diagnostic.related)
            .map(|related| related.path.clone())
            .collect();
        report
            .findings
            .sort_by(|a, b| a.source.path().cmp(b.source.path()));
        for file in &report.findings {
            related_paths.remove(file.source.path());
        }
        // Sources the batches kept are used as they are; the others are read again.
        report.related_sources = evidence
            .into_iter()
            .filter(|source| related_paths.remove(source.path()))
            .collect();
        report
            .related_sources
            .extend(related_paths.into_iter().filter_map(|path| {
                let max_size = resolver.rules_for(&path).settings.max_file_size;
                load::load(&path, max_size).ok()
            }));
        report
            .related_sources
            .sort_by(|a, b| a.path().cmp(b.path()));
        report
            .errors
            .extend(resolver.into_errors().into_iter().map(Error::Config));
        report
    }
}

/// A file to read: linted and reported on, or read as context for its track.
struct Planned {
    path: PathBuf,
    rules: Arc<RuleSet>,
    /// The text of an editor's buffer, in place of the file's.
    bytes: Option<Vec<u8>>,
    reported: bool,
}

/// The files of a run grouped as tracks group them: by the config track that names them,
/// else by directory. No track spans two batches; a batch may hold several small tracks.
/// Batches come in the order tracks sort in.
fn batches(planned: impl Iterator<Item = Planned>) -> Vec<Vec<Planned>> {
    type BatchKey = (Option<(PathBuf, String)>, PathBuf);
    // Files come sorted, so most join the batch of the file before them: that is checked
    // first, with one comparison of equal paths. Ordering paths component by component
    // costs more, so only the batches are sorted, once, at the end.
    let mut keys: Vec<BatchKey> = Vec::new();
    let mut batches: Vec<Vec<Planned>> = Vec::new();
    let mut index_of: FastMap<BatchKey, usize> = FastMap::default();
    for file in planned {
        let key = match file.rules.settings.track_of(&file.path) {
            Some(spec) => (
                Some((spec.files.base.clone(), spec.name.clone())),
                PathBuf::new(),
            ),
            None => (None, file.path.parent().unwrap_or(Path::new("")).to_owned()),
        };
        let index = if keys.last() == Some(&key) {
            keys.len() - 1
        } else {
            *index_of.entry(key).or_insert_with_key(|key| {
                keys.push(key.clone());
                batches.push(Vec::new());
                keys.len() - 1
            })
        };
        batches[index].push(file);
    }
    let mut keyed: Vec<(BatchKey, Vec<Planned>)> = keys.into_iter().zip(batches).collect();
    keyed.sort_by(|(a, _), (b, _)| a.cmp(b));
    join_small(
        keyed.into_iter().map(|(_, batch)| batch),
        BATCH_JOINED_UP_TO,
    )
}

/// Consecutive batches joined while together they hold at most `limit` files, so that
/// each step of the first pass runs over more files in a row; a larger batch stays whole.
fn join_small<T>(batches: impl ExactSizeIterator<Item = Vec<T>>, limit: usize) -> Vec<Vec<T>> {
    let mut joined: Vec<Vec<T>> = Vec::with_capacity(batches.len());
    for batch in batches {
        match joined.last_mut() {
            Some(last) if last.len() + batch.len() <= limit => last.extend(batch),
            _ => joined.push(batch),
        }
    }
    joined
}

/// What a batch gives the report.
#[derive(Default)]
struct BatchOutcome {
    /// Reported files with findings, or that could not be linted.
    files: Vec<FileReport>,
    /// Files whose links into other batches' files are still to check.
    deferred: Vec<Deferred>,
    /// Clean files that its findings point at as evidence, with their texts.
    evidence: Vec<Source>,
    /// Summaries of its tracks, by path.
    tracks: Vec<TrackSummary>,
}

/// A parsed file's findings so far and what settling them takes; kept beside its
/// document, which the rules read while findings are added.
struct Findings {
    rules: Arc<RuleSet>,
    diagnostics: Vec<Diagnostic>,
    suppressions: Suppressions,
    /// Linted and reported on; false for a file read as context for its track.
    reported: bool,
    /// Its text can be read again from disk: false for an editor's buffer.
    rereadable: bool,
    /// It links to headings of files outside its batch: its linked rules wait for the end
    /// of the run.
    links_wait: bool,
}

/// A reported file whose linked rules wait for the end of the run.
type Deferred = (Document, Findings);

/// Read, parse and check the files of one batch: document rules, the ladder rules of its
/// tracks, then the linked rules of files whose links stay inside the batch.
fn lint_batch(batch: Vec<Planned>, summarize: TrackDetail) -> BatchOutcome {
    let texts = if batch.len() <= TEXTS_KEPT_UP_TO {
        CleanTexts::KeepSmall
    } else {
        CleanTexts::Release
    };
    // A chunk of files is read, then parsed, then checked, each step for every file of
    // the chunk before the next (but a text too large to keep): run between two parses,
    // the document rules left comrak's parse slower than it is alone.
    let mut checked: Vec<Checked> = Vec::with_capacity(batch.len());
    let mut pending = batch.into_iter();
    loop {
        let chunk: Vec<Planned> = pending.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let loaded: Vec<_> = chunk
            .into_par_iter()
            .map(|file| read_or_finish(file, texts))
            .collect();
        let parsed: Vec<_> = loaded
            .into_par_iter()
            .map(|loaded| parse(loaded?))
            .collect();
        checked.par_extend(parsed.into_par_iter().map(|parsed| finish(parsed, texts)));
    }
    let mut outcome = BatchOutcome::default();
    let mut documents = Vec::with_capacity(checked.len());
    let mut files: Vec<Findings> = Vec::with_capacity(checked.len());
    for checked in checked {
        match checked {
            Checked::Linted(doc, findings) => {
                documents.push(doc);
                files.push(findings);
            }
            Checked::Invalid(file) => outcome.files.extend(file),
        }
    }

    let all: Vec<&Document> = documents.iter().collect();
    // Tracks serve the ladder rules and the summaries; without either, skip them.
    let wants_tracks = summarize != TrackDetail::None
        || files.iter().any(|file| !file.rules.ladder_rules.is_empty());
    let tracks = if wants_tracks {
        ladder::tracks(
            &all,
            |index| {
                files[index]
                    .rules
                    .settings
                    .track_of(all[index].source.path())
            },
            |index| files[index].rules.settings.level_scheme(),
        )
    } else {
        Vec::new()
    };
    // Tracks are independent: each runs its ladder rules on a thread of its own, and the
    // findings join their documents' in track order, as in a serial run.
    let per_track: Vec<TrackOutcome> = tracks
        .par_iter()
        .filter_map(|track| {
            let first = track.levels.first()?;
            let rules = &files[first.doc].rules;
            let ladder = Ladder::new(track, &all, rules.settings.max_edits);
            let mut findings = Vec::new();
            for (severity, rule) in &rules.ladder_rules {
                let mut cx = LadderContext::new(rule.meta(), *severity, &mut findings);
                rule.check(&ladder, &mut cx);
            }
            let summary = (summarize != TrackDetail::None)
                .then(|| TrackSummary::new(&ladder, summarize == TrackDetail::Sections));
            Some((findings, summary))
        })
        .collect();
    for (findings, summary) in per_track {
        for (doc, diagnostic) in findings {
            files[doc].diagnostics.push(diagnostic);
        }
        outcome.tracks.extend(summary);
    }

    // Links into files of this batch are checked now; a file that links to headings
    // elsewhere waits until every batch is done.
    let workspace = Workspace::new(all);
    documents
        .par_iter()
        .zip(&mut files)
        .for_each(|(doc, file)| {
            if !file.reported || file.rules.linked_rules.is_empty() {
                return;
            }
            if headings_linked_outside(doc, &workspace).next().is_some() {
                file.links_wait = true;
                return;
            }
            run(
                &file.rules.linked_rules,
                doc,
                &workspace,
                &mut file.diagnostics,
            );
        });
    drop(workspace);

    // A clean file that a finding points at as evidence is shown beside it: its text, if
    // the batch kept it, goes to the report rather than being read again.
    let evidence: FastSet<PathBuf> = files
        .iter()
        .filter(|file| file.reported)
        .flat_map(|file| &file.diagnostics)
        .flat_map(|diagnostic| &diagnostic.related)
        .map(|related| related.path.clone())
        .collect();
    let as_evidence = |source: Source| {
        (!source.text().is_empty() && evidence.contains(source.path()))
            .then_some(Settled::Evidence(source))
    };
    // Each file's findings are settled, and clean outlines dropped, in parallel: with
    // thousands of files, a serial tail would cap what the second core gives.
    let settled: Vec<Settled> = documents
        .into_par_iter()
        .zip(files)
        .filter_map(|(mut doc, file)| {
            if !file.reported {
                return as_evidence(doc.source);
            }
            if file.links_wait {
                // Deferred files may be many: only those with findings keep their text,
                // and a buffer's, which could not be read again.
                if file.diagnostics.is_empty() && file.rereadable {
                    doc.source.release_text();
                }
                return Some(Settled::Deferred((doc, file)));
            }
            match settle(doc, file) {
                Ok(file) => Some(Settled::Report(file)),
                Err(source) => as_evidence(source),
            }
        })
        .collect();
    for file in settled {
        match file {
            Settled::Report(file) => outcome.files.push(file),
            Settled::Deferred(deferred) => outcome.deferred.push(deferred),
            Settled::Evidence(source) => outcome.evidence.push(source),
        }
    }
    outcome
}

/// What becomes of a file of a batch once its findings are in.
#[allow(
    clippy::large_enum_variant,
    reason = "each value is moved once, into the batch's lists; boxing would cost an allocation per file"
)]
enum Settled {
    Report(FileReport),
    /// Its links to headings in other batches' files are still to check.
    Deferred(Deferred),
    /// Clean, and kept with its text: a finding points at it.
    Evidence(Source),
}

/// The report of a file whose findings are all in: suppressions applied, findings in
/// order, its text read again if it was released. If nothing is left to report, the
/// file's source, as it was kept.
fn settle(doc: Document, file: Findings) -> Result<FileReport, Source> {
    let Findings {
        rules,
        mut diagnostics,
        suppressions,
        ..
    } = file;
    if !suppressions.is_empty() {
        apply_suppressions(&suppressions, &rules.settings, &mut diagnostics);
    }
    if diagnostics.is_empty() {
        return Err(doc.source);
    }
    diagnostics.sort_by(|a, b| (a.span, a.rule).cmp(&(b.span, b.rule)));
    Ok(FileReport {
        source: with_text(doc.source, rules.settings.max_file_size),
        diagnostics,
    })
}

/// Run the linked rules of the files that link to headings in other batches' files, with
/// those files read again, and settle their findings.
fn check_deferred_links(resolver: &Resolver<'_>, deferred: Vec<Deferred>) -> Vec<FileReport> {
    if deferred.is_empty() {
        return Vec::new();
    }
    let (documents, mut files): (Vec<Document>, Vec<Findings>) = deferred.into_iter().unzip();
    let targets = load_anchor_targets(resolver, &documents);
    let workspace = Workspace::new(documents.iter().chain(&targets));
    documents
        .par_iter()
        .zip(&mut files)
        .for_each(|(doc, file)| {
            run(
                &file.rules.linked_rules,
                doc,
                &workspace,
                &mut file.diagnostics,
            );
        });
    drop(workspace);
    documents
        .into_par_iter()
        .zip(files)
        .filter_map(|(doc, file)| settle(doc, file).ok())
        .collect()
}

/// Drop the findings that comments suppress, and report the comments that suppress nothing
/// or cannot work.
fn apply_suppressions(
    suppressions: &Suppressions,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (unused, invalid) = suppressions.apply(diagnostics);
    let workspace = Workspace::new([]);
    let mut about_suppressions = Vec::new();
    if let Some(severity) = settings.severity(&rules::UNUSED_SUPPRESSION) {
        let mut cx = Context::new(
            &rules::UNUSED_SUPPRESSION,
            severity,
            &workspace,
            &mut about_suppressions,
        );
        for unused in &unused {
            let rule = unused.rule.as_deref().and_then(rules::find);
            let rule_off = rule.is_some_and(|rule| settings.severity(rule.meta).is_none());
            cx.report(unused.span, UnusedSuppression { unused, rule_off });
        }
    }
    if let Some(severity) = settings.severity(&rules::INVALID_SUPPRESSION) {
        let mut cx = Context::new(
            &rules::INVALID_SUPPRESSION,
            severity,
            &workspace,
            &mut about_suppressions,
        );
        for invalid in invalid {
            cx.report(invalid.span(), InvalidSuppression(invalid));
        }
    }
    suppressions.drop_suppressed(&mut about_suppressions);
    diagnostics.append(&mut about_suppressions);
}

/// A track's findings (each with its document's index) and, if asked for, its summary.
type TrackOutcome = (Vec<(usize, Diagnostic)>, Option<TrackSummary>);

/// What the first pass made of one file.
#[allow(
    clippy::large_enum_variant,
    reason = "each value is moved once, into the run's lists; boxing would cost an allocation per file"
)]
enum Checked {
    /// Parsed, with the findings of its document rules.
    Linted(Document, Findings),
    /// A file that could not be linted, reported as such unless that is turned off.
    Invalid(Option<FileReport>),
}

/// `step`'s outcome for the file at `path`; a panic in it becomes the file's
/// `invalid-file` finding, so that one file that trips a bug does not end the run.
fn contain_panic<T>(
    path: &Path,
    settings: &Settings,
    step: impl FnOnce() -> Result<T, Option<FileReport>>,
) -> Result<T, Option<FileReport>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "it panicked".to_owned());
        let failure = load::LoadFailure {
            error: error::FileError::Internal { message },
            source: Source::new(path, ""),
            span: source::Span::default(),
        };
        Err(invalid_file(settings, failure))
    })
}

/// What becomes of the text of a file its document rules found nothing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CleanTexts {
    /// Released once the document rules ran: the outline is all the later rules read,
    /// and a finding of theirs reads the file again.
    Release,
    /// Kept if small, until the batch's findings are all in, so that neither a finding of
    /// a ladder rule nor the evidence it cites needs a second read. For batches of a few
    /// files, where that costs little memory.
    KeepSmall,
}

/// Batches of up to this many files keep their small clean texts.
const TEXTS_KEPT_UP_TO: usize = 64;
/// The largest text a batch keeps: with [`TEXTS_KEPT_UP_TO`], at most 16 MiB a batch.
const KEPT_TEXT_MAX: usize = 256 * 1024;

/// Whether `text` is small enough for a batch to keep. A larger one goes through the first
/// pass on its own, so that only small texts wait for the rest of their chunk.
fn keepable(text: &str) -> bool {
    text.len() <= KEPT_TEXT_MAX
}

/// Files taken through each step of the first pass before the next step.
const CHUNK: usize = 32;
/// Small tracks are joined into batches of up to this many files, so that a chunk of
/// small tracks' files is full.
const BATCH_JOINED_UP_TO: usize = CHUNK;

/// What the first pass keeps of a planned file while it reads, parses and checks it.
struct InPass {
    path: PathBuf,
    rules: Arc<RuleSet>,
    reported: bool,
    /// Its text can be read again from disk: false for an editor's buffer.
    rereadable: bool,
}

impl InPass {
    /// `step`'s outcome for the file, to go on with; if it fails or panics, the file's
    /// `invalid-file` finding, left out for a file read only as context, as it would be if
    /// it did not exist.
    fn step<T>(
        &self,
        step: impl FnOnce() -> Result<T, Option<FileReport>>,
    ) -> ControlFlow<Checked, T> {
        match contain_panic(&self.path, &self.rules.settings, step) {
            Ok(made) => ControlFlow::Continue(made),
            Err(report) => ControlFlow::Break(Checked::Invalid(report.filter(|_| self.reported))),
        }
    }
}

/// Read one file, or take its text from its buffer.
fn read(file: Planned) -> ControlFlow<Checked, (InPass, Source)> {
    let Planned {
        path,
        rules,
        bytes,
        reported,
    } = file;
    let file = InPass {
        path,
        rules,
        reported,
        rereadable: bytes.is_none(),
    };
    let source = file.step(|| {
        let settings = &file.rules.settings;
        let loaded = match bytes {
            Some(bytes) => load::from_bytes(&file.path, bytes, settings.max_file_size),
            None => load::load(&file.path, settings.max_file_size),
        };
        loaded.map_err(|failure| invalid_file(settings, failure))
    })?;
    ControlFlow::Continue((file, source))
}

/// [`read`] one file; one whose text is not [`keepable`] is also parsed and checked at
/// once.
fn read_or_finish(file: Planned, texts: CleanTexts) -> ControlFlow<Checked, (InPass, Source)> {
    let (file, source) = read(file)?;
    if !keepable(source.text()) {
        return ControlFlow::Break(finish(parse((file, source)), texts));
    }
    ControlFlow::Continue((file, source))
}

/// Parse one file read, into its outline.
fn parse((file, source): (InPass, Source)) -> ControlFlow<Checked, (InPass, Document)> {
    let doc = file.step(|| Ok(outline(source, &file.rules.settings)))?;
    ControlFlow::Continue((file, doc))
}

/// Check one parsed file with its document rules (a file read only as context is not
/// checked); or give what became of it in an earlier step.
fn finish(parsed: ControlFlow<Checked, (InPass, Document)>, texts: CleanTexts) -> Checked {
    let (file, doc) = match parsed {
        ControlFlow::Continue(parsed) => parsed,
        ControlFlow::Break(done) => return done,
    };
    match file.step(|| Ok(check(doc, &file, texts))) {
        ControlFlow::Continue(checked) => checked,
        ControlFlow::Break(failed) => failed,
    }
}

/// Run the document rules of `file`, parsed as `doc`, and keep what the later steps read.
fn check(mut doc: Document, file: &InPass, texts: CleanTexts) -> Checked {
    let mut diagnostics = Vec::new();
    let suppressions = if file.reported {
        run(
            &file.rules.local_rules,
            &doc,
            &Workspace::new([]),
            &mut diagnostics,
        );
        Suppressions::parse(&doc, |name| rules::find(name).is_some())
    } else {
        Suppressions::default()
    };
    // Most files are clean: keep their outline, not their text, unless the batch is small
    // enough to keep it. A buffer's text could not be read again, so it stays.
    let keep = match texts {
        CleanTexts::Release => false,
        CleanTexts::KeepSmall => keepable(doc.source.text()),
    };
    if diagnostics.is_empty() && file.rereadable && !keep {
        doc.source.release_text();
    }
    let findings = Findings {
        rules: Arc::clone(&file.rules),
        diagnostics,
        suppressions,
        reported: file.reported,
        rereadable: file.rereadable,
        links_wait: false,
    };
    Checked::Linted(doc, findings)
}

/// A source whose text was released after a clean first pass, read again for rendering.
fn with_text(source: Source, max_size: u64) -> Source {
    if !source.text().is_empty() {
        return source;
    }
    load::load(source.path(), max_size).unwrap_or(source)
}

/// The other files in the directories of files named one by one, which may hold the
/// other levels of their tracks: read for the ladder rules, never reported on.
fn siblings(
    resolver: &Resolver<'_>,
    paths: &[PathBuf],
    buffer: Option<&Path>,
    files: &[PathBuf],
) -> Vec<PathBuf> {
    let named: Vec<&PathBuf> = paths
        .iter()
        .filter(|path| path.is_file() || Some(path.as_path()) == buffer)
        .collect();
    if named.is_empty() {
        return Vec::new();
    }
    let mut linted: Vec<PathBuf> = files.iter().map(discover::lexical_normalize).collect();
    linted.sort();
    let mut wanted: Vec<PathBuf> = named
        .into_iter()
        .flat_map(|path| discover::siblings(path))
        .filter(|path| {
            linted
                .binary_search(&discover::lexical_normalize(path))
                .is_err()
                && !resolver.is_excluded(path)
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    wanted
}

/// The Markdown files outside `documents` whose headings they link to. Parsed once, never
/// reported on.
fn load_anchor_targets(resolver: &Resolver<'_>, documents: &[Document]) -> Vec<Document> {
    let loaded = Workspace::new(documents);
    let mut wanted: Vec<PathBuf> = documents
        .iter()
        .flat_map(|doc| headings_linked_outside(doc, &loaded))
        .collect();
    wanted.sort();
    wanted.dedup();
    parse_context(resolver, wanted)
}

/// The Markdown files outside `workspace` whose headings `doc` links to (`L3.md#scope`,
/// or `team/#scope` for `team/README.md`), as the links resolve on disk.
fn headings_linked_outside<'d>(
    doc: &'d Document,
    workspace: &'d Workspace<'_>,
) -> impl Iterator<Item = PathBuf> + 'd {
    let directory = doc.source.path().parent().unwrap_or(Path::new(""));
    doc.links.iter().filter_map(move |link| {
        // Most links have no anchor: they are ruled out before their target is decoded.
        if !link.url.contains('#') {
            return None;
        }
        let target = link.local_target()?;
        if target.anchor.is_empty() || target.path.is_empty() {
            return None;
        }
        match workspace.resolve(directory.join(&*target.path))? {
            LinkTarget::File(path) if discover::is_markdown(&path) => Some(path),
            _ => None,
        }
    })
}

fn parse_context(resolver: &Resolver<'_>, paths: Vec<PathBuf>) -> Vec<Document> {
    paths
        .into_iter()
        .filter_map(|path| {
            let rules = resolver.rules_for(&path);
            let source = load::load(&path, rules.settings.max_file_size).ok()?;
            let mut doc = outline(source, &rules.settings);
            doc.source.release_text();
            Some(doc)
        })
        .collect()
}

/// The outline of `source`, its level read by the level scheme set in config, if any.
fn outline(source: Source, settings: &Settings) -> Document {
    let mut doc = Document::parse(source);
    if let Some(scheme) = &settings.levels {
        doc.level = scheme.detect(&doc);
    }
    doc
}

fn invalid_file(settings: &Settings, failure: load::LoadFailure) -> Option<FileReport> {
    let meta = &rules::INVALID_FILE;
    let severity = settings.severity(meta)?;
    let mut diagnostics = Vec::new();
    let workspace = Workspace::new([]);
    let mut cx = Context::new(meta, severity, &workspace, &mut diagnostics);
    cx.report(failure.span, InvalidFile(&failure.error));
    Some(FileReport {
        source: failure.source,
        diagnostics,
    })
}

/// Items from which a document's rules run side by side, on every core: a handbook that
/// holds a whole ladder would otherwise keep one core busy while the others wait.
/// Smaller files are checked side by side with each other instead.
const RULES_SIDE_BY_SIDE_FROM: usize = 20_000;

fn run(
    rules: &Rules,
    doc: &Document,
    workspace: &Workspace<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let check = |(severity, rule): &(Severity, Box<dyn rules::DocumentRule>),
                 diagnostics: &mut Vec<Diagnostic>| {
        let mut cx = Context::new(rule.meta(), *severity, workspace, diagnostics);
        rule.check(doc, &mut cx);
    };
    if doc.items.len() >= RULES_SIDE_BY_SIDE_FROM && rayon::current_num_threads() > 1 {
        // Each rule's findings in a list of its own, joined in rule order as in a serial run.
        let found: Vec<Vec<Diagnostic>> = rules
            .par_iter()
            .map(|rule| {
                let mut found = Vec::new();
                check(rule, &mut found);
                found
            })
            .collect();
        diagnostics.extend(found.into_iter().flatten());
    } else {
        for rule in rules {
            check(rule, diagnostics);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{
        BATCH_JOINED_UP_TO, Checked, CleanTexts, ControlFlow, InPass, KEPT_TEXT_MAX, Linter,
        Overrides, Planned, TEXTS_KEPT_UP_TO, contain_panic, join_small, read_or_finish,
    };
    use crate::resolve::RuleSet;
    use crate::settings::Settings;

    /// A level file whose one section is headed `heading`.
    fn level_text(id: &str, heading: &str) -> String {
        format!("# {id}: Engineer\n\n## {heading}\n\n- Ships work\n")
    }

    /// Levels L1 to L`levels` in `dir`, alike but for L2, whose heading has trailing
    /// spaces: one heading-drift finding, citing other levels as evidence.
    fn write_drifting_track(dir: &Path, levels: usize) {
        for level in 1..=levels {
            let heading = if level == 2 { "Delivery  " } else { "Delivery" };
            let text = level_text(&format!("L{level}"), heading);
            std::fs::write(dir.join(format!("L{level}.md")), text).unwrap();
        }
    }

    #[test]
    fn cited_files_kept_by_one_batch_and_read_again_for_another_are_shown_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        // A large batch releases clean texts and reads cited files again; a small one keeps them.
        for (track, levels) in [("large", TEXTS_KEPT_UP_TO + 1), ("small", 3)] {
            std::fs::create_dir(dir.path().join(track)).unwrap();
            write_drifting_track(&dir.path().join(track), levels);
        }
        let linter = Linter::discovering_config(Overrides::default());
        let report = linter.lint_paths(&[dir.path().to_owned()]);
        let mut cited: Vec<&Path> = report
            .diagnostics()
            .flat_map(|diagnostic| &diagnostic.related)
            .map(|related| related.path.as_path())
            .collect();
        cited.sort();
        cited.dedup();
        let shown: Vec<&Path> = report.related_sources.iter().map(|s| s.path()).collect();
        assert_eq!(
            shown, cited,
            "every cited file once, in path order, and no other"
        );
        assert!(
            shown
                .iter()
                .any(|path| path.starts_with(dir.path().join("large")))
        );
        assert!(
            shown
                .iter()
                .any(|path| path.starts_with(dir.path().join("small")))
        );
        for source in &report.related_sources {
            let level = source.path().file_stem().unwrap().to_str().unwrap();
            assert_eq!(
                source.text(),
                level_text(level, "Delivery"),
                "{:?}",
                source.path()
            );
        }
    }

    #[test]
    fn small_batches_are_joined_in_order_up_to_the_limit() {
        let batches = vec![
            vec![1, 2],
            vec![3],
            vec![4, 5, 6, 7, 8],
            vec![9],
            vec![10, 11],
            vec![12, 13],
            vec![14, 15],
        ];
        let joined = join_small(batches.into_iter(), 4);
        let expected = [
            vec![1, 2, 3],
            vec![4, 5, 6, 7, 8],
            vec![9, 10, 11],
            vec![12, 13, 14, 15],
        ];
        assert_eq!(joined, expected);
        assert!(join_small(Vec::<Vec<u8>>::new().into_iter(), 4).is_empty());
    }

    #[test]
    fn tracks_that_share_a_batch_are_linted_as_they_are_alone() {
        // Tracks of three levels: all but the last share a batch, the last has its own.
        let count = BATCH_JOINED_UP_TO / 3 + 1;
        let dir = tempfile::tempdir().unwrap();
        let tracks: Vec<_> = (1..=count)
            .map(|n| dir.path().join(format!("track{n:02}")))
            .collect();
        for track in &tracks {
            std::fs::create_dir(track).unwrap();
            write_drifting_track(track, 3);
        }
        // A level too large for a batch to keep its text goes through the first pass on
        // its own; links into the next track and into the last one, checked within the
        // batch or at the end of the run.
        let mut first = level_text("L1", "Delivery");
        first.push_str("\nSee [scope](../track02/L1.md#delivery), [none](../track02/L1.md#none)");
        first.push_str(&format!(" and [last](../track{count:02}/L3.md#none).\n\n"));
        first.push_str("- TBD\n\n```text\n");
        while first.len() <= KEPT_TEXT_MAX {
            first.push_str("a line of a long log kept in the level file\n");
        }
        first.push_str("```\n");
        std::fs::write(tracks[0].join("L1.md"), first).unwrap();
        let linter = Linter::discovering_config(Overrides::default());
        let together = linter.lint_paths(&[dir.path().to_owned()]);
        let alone: Vec<_> = tracks
            .iter()
            .map(|track| linter.lint_paths(std::slice::from_ref(track)))
            .collect();
        let findings = |files: &[super::FileReport]| -> Vec<_> {
            files
                .iter()
                .map(|file| (file.source.path().to_owned(), file.diagnostics.clone()))
                .collect()
        };
        let alone_findings: Vec<_> = alone
            .iter()
            .flat_map(|report| findings(&report.findings))
            .collect();
        assert_eq!(findings(&together.findings), alone_findings);
        let rules = |path: &Path| -> Vec<&str> {
            together
                .findings
                .iter()
                .filter(|file| file.source.path() == path)
                .flat_map(|file| file.diagnostics.iter().map(|diagnostic| diagnostic.rule))
                .collect()
        };
        let first_rules = rules(&tracks[0].join("L1.md"));
        for rule in ["broken-link", "placeholder"] {
            assert!(first_rules.contains(&rule), "{rule} in {first_rules:?}");
        }
        assert_eq!(
            first_rules
                .iter()
                .filter(|&&rule| rule == "broken-link")
                .count(),
            2,
            "one broken link into the same batch, one into the last"
        );
        assert_eq!(rules(&tracks[1].join("L2.md")), ["heading-drift"]);
        let paths = |sources: &[crate::source::Source]| -> Vec<std::path::PathBuf> {
            sources
                .iter()
                .map(|source| source.path().to_owned())
                .collect()
        };
        let mut alone_sources: Vec<_> = alone
            .iter()
            .flat_map(|report| paths(&report.related_sources))
            .collect();
        alone_sources.sort();
        assert_eq!(paths(&together.related_sources), alone_sources);
    }

    #[test]
    fn a_text_too_large_to_keep_is_checked_as_soon_as_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let rules = std::sync::Arc::new(RuleSet::new(Settings::default()));
        let planned = |name: &str, text: &str, buffer: bool| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            Planned {
                path,
                rules: std::sync::Arc::clone(&rules),
                bytes: buffer.then(|| text.as_bytes().to_vec()),
                reported: true,
            }
        };
        let mut text = level_text("L1", "Delivery");
        text.push_str(&"x".repeat(KEPT_TEXT_MAX - text.len() - 1));
        text.push('\n');
        assert_eq!(text.len(), KEPT_TEXT_MAX);
        let kept = read_or_finish(planned("L1.md", &text, false), CleanTexts::KeepSmall);
        assert!(
            matches!(kept, ControlFlow::Continue(_)),
            "a keepable text waits"
        );
        text.push('\n');
        for buffer in [false, true] {
            let done = read_or_finish(planned("L2.md", &text, buffer), CleanTexts::KeepSmall);
            let ControlFlow::Break(Checked::Linted(doc, findings)) = done else {
                panic!("a text over the kept size is checked at once");
            };
            assert!(
                findings.diagnostics.is_empty(),
                "{:?}",
                findings.diagnostics
            );
            // A clean file gives back its text, unless it is a buffer: that could not be
            // read again.
            let expected = if buffer { text.as_str() } else { "" };
            assert_eq!(doc.source.text(), expected, "buffer: {buffer}");
        }
    }

    #[test]
    fn a_step_that_panics_reports_the_file_unless_it_is_only_context() {
        for reported in [true, false] {
            let file = InPass {
                path: "ladder/L2.md".into(),
                rules: std::sync::Arc::new(RuleSet::new(Settings::default())),
                reported,
                rereadable: true,
            };
            let step: ControlFlow<Checked, ()> = file.step(|| panic!("index 9 out of range"));
            let ControlFlow::Break(Checked::Invalid(report)) = step else {
                panic!("a panicking step must end the file's pass");
            };
            assert_eq!(report.is_some(), reported, "reported: {reported}");
        }
    }

    #[test]
    fn a_buffer_waiting_for_links_into_other_directories_keeps_its_own_text() {
        // Its links are checked at the end of the run; its text is the buffer's, not the
        // file's on disk, then too.
        let dir = tempfile::tempdir().unwrap();
        for name in ["a", "b"] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join("b/L2.md"), "# L2: Engineer\n\n## Scope\n").unwrap();
        let path = dir.path().join("a/L1.md");
        std::fs::write(&path, "# L1: Engineer\n\nSaved text.\n").unwrap();
        let buffer = "# L1: Engineer\n\nSee [scope](../b/L2.md#nothing-here).\n";
        let linter = Linter::discovering_config(Overrides::default());
        let report = linter.lint_buffer(&path, buffer.as_bytes().to_vec());
        let [file] = report.findings.as_slice() else {
            panic!(
                "one file with findings expected: {:?}",
                report.findings.len()
            );
        };
        assert_eq!(file.diagnostics[0].rule, "broken-link");
        assert_eq!(file.source.text(), buffer);
    }

    #[test]
    fn ladder_findings_show_their_files_whether_their_texts_were_kept_or_read_again() {
        // A small batch keeps clean texts for the ladder rules' findings; a large one
        // releases them and reads a file again when a finding needs it.
        for levels in [3, TEXTS_KEPT_UP_TO + 1] {
            let dir = tempfile::tempdir().unwrap();
            write_drifting_track(dir.path(), levels);
            let linter = Linter::discovering_config(Overrides::default());
            // The directory, or the drifted file alone with its levels read as context.
            for named in [dir.path().to_owned(), dir.path().join("L2.md")] {
                let report = linter.lint_paths(&[named]);
                let [file] = report.findings.as_slice() else {
                    panic!("{levels} levels: one file with findings expected");
                };
                assert!(file.source.path().ends_with("L2.md"));
                assert_eq!(file.diagnostics[0].rule, "heading-drift", "{levels} levels");
                assert_eq!(
                    file.source.text(),
                    level_text("L2", "Delivery  "),
                    "{levels} levels"
                );
                // The levels it points at as evidence are shown too, with their texts.
                let related: Vec<&Path> = file.diagnostics[0]
                    .related
                    .iter()
                    .map(|related| related.path.as_path())
                    .collect();
                assert!(!related.is_empty());
                let shown: Vec<&Path> = report.related_sources.iter().map(|s| s.path()).collect();
                for path in related {
                    assert!(shown.contains(&path), "{levels} levels: {path:?} not shown");
                }
                for source in &report.related_sources {
                    let level = source.path().file_stem().unwrap().to_str().unwrap();
                    assert_eq!(
                        source.text(),
                        level_text(level, "Delivery"),
                        "{levels} levels"
                    );
                }
            }
        }
    }

    #[test]
    fn a_panic_while_checking_a_file_becomes_its_invalid_file_finding() {
        let settings = Settings::default();
        let checked: Result<(), _> = contain_panic(Path::new("ladder/L2.md"), &settings, || {
            panic!("index 9 out of range")
        });
        let Err(Some(file)) = checked else {
            panic!("a contained panic must give a finding");
        };
        assert_eq!(file.source.path(), Path::new("ladder/L2.md"));
        let [finding] = file.diagnostics.as_slice() else {
            panic!("one finding expected: {:?}", file.diagnostics);
        };
        assert_eq!(finding.rule, "invalid-file");
        assert_eq!(
            finding.message,
            "ladderlint failed on this file: index 9 out of range"
        );
    }
}
