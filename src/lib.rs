//! ladderlint: a linter for career-ladder Markdown documents.
//!
//! The library reads the files it is given and returns a [`Report`]; it never prints.
//! Rendering belongs to [`output`], and the process's exit code to the binary.

pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod error;
pub mod level;
pub mod load;
pub mod output;
pub mod rules;
pub mod settings;
pub mod source;
pub mod text;
pub mod workspace;

use std::path::{Path, PathBuf};

use diagnostic::{Diagnostic, Severity};
use document::Document;
use error::Error;
use rules::{Context, DocumentRule, InvalidFile, REGISTRY, RuleKind};
use settings::Settings;
use source::Source;
use workspace::Workspace;

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
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
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
    settings: Settings,
    /// Rules that need nothing but the document: run right after each parse, while the
    /// document is still in cache.
    local_rules: Vec<(Severity, Box<dyn DocumentRule>)>,
    /// Rules that follow links into other documents: run once every document is parsed.
    linked_rules: Vec<(Severity, Box<dyn DocumentRule>)>,
}

type Rules = Vec<(Severity, Box<dyn DocumentRule>)>;

impl Linter {
    pub fn new(settings: Settings) -> Self {
        let mut local_rules = Rules::new();
        let mut linked_rules = Rules::new();
        for registered in REGISTRY {
            let (rules, build) = match registered.kind {
                RuleKind::Document(build) => (&mut local_rules, build),
                RuleKind::Linked(build) => (&mut linked_rules, build),
                RuleKind::File => continue,
            };
            if let Some(severity) = settings.severity(registered.meta) {
                rules.push((severity, build(&settings)));
            }
        }
        Self {
            settings,
            local_rules,
            linked_rules,
        }
    }

    /// Discover, read, parse and check everything under `paths`.
    pub fn lint_paths(&self, paths: &[PathBuf]) -> Report {
        let (files, errors) = discover::discover(paths);
        let mut report = Report {
            files: files.len(),
            errors,
            ..Report::default()
        };
        let no_workspace = Workspace::new([]);
        let mut documents = Vec::with_capacity(files.len());
        let mut found = Vec::with_capacity(files.len());
        for path in files {
            match load::load(&path, self.settings.max_file_size) {
                Ok(source) => {
                    let mut diagnostics = Vec::new();
                    let mut doc = Document::parse(source);
                    run(&self.local_rules, &doc, &no_workspace, &mut diagnostics);
                    if diagnostics.is_empty() {
                        // Most files are clean: keep their outline, not their text.
                        doc.source.release_text();
                    }
                    documents.push(doc);
                    found.push(diagnostics);
                }
                Err(failure) => {
                    if let Some(file) = self.invalid_file(failure) {
                        report.findings.push(file);
                    }
                }
            }
        }
        let context = self.load_context(documents.iter());
        let workspace = Workspace::new(documents.iter().chain(&context));
        for (doc, diagnostics) in documents.iter().zip(&mut found) {
            run(&self.linked_rules, doc, &workspace, diagnostics);
        }
        drop(workspace);
        for (doc, mut diagnostics) in documents.into_iter().zip(found) {
            if diagnostics.is_empty() {
                continue;
            }
            let mut source = doc.source;
            if source.text().is_empty() {
                // Released after a clean first pass; read it again for rendering.
                if let Ok(reloaded) = load::load(source.path(), self.settings.max_file_size) {
                    source = reloaded;
                }
            }
            diagnostics.sort_by(|a, b| (a.span, a.rule).cmp(&(b.span, b.rule)));
            report.findings.push(FileReport {
                source,
                diagnostics,
            });
        }
        report
            .findings
            .sort_by(|a, b| a.source.path().cmp(b.source.path()));
        report
    }

    /// Documents outside the report set that rules need to see: the Markdown files that
    /// anchor links point into. They are parsed once and never reported on.
    fn load_context<'a>(
        &self,
        documents: impl Iterator<Item = &'a Document> + Clone,
    ) -> Vec<Document> {
        let linted = Workspace::new(documents.clone());
        let mut wanted: Vec<PathBuf> = documents
            .flat_map(|doc| {
                let directory = doc.source.path().parent().unwrap_or(Path::new(""));
                doc.links.iter().filter_map(move |link| {
                    let target = link.local_target()?;
                    let path = directory.join(&target.path);
                    let wants_anchors = !target.anchor.is_empty() && !target.path.is_empty();
                    (wants_anchors && discover::is_markdown(&path)).then_some(path)
                })
            })
            .filter(|path| linted.document(path).is_none())
            .map(|path| discover::lexical_normalize(&path))
            .collect();
        wanted.sort();
        wanted.dedup();
        wanted
            .into_iter()
            .filter_map(|path| load::load(&path, self.settings.max_file_size).ok())
            .map(Document::parse)
            .collect()
    }

    fn invalid_file(&self, failure: load::LoadFailure) -> Option<FileReport> {
        let meta = &rules::INVALID_FILE;
        let severity = self.settings.severity(meta)?;
        let mut diagnostics = Vec::new();
        let workspace = Workspace::new([]);
        let mut cx = Context::new(meta, severity, &workspace, &mut diagnostics);
        cx.report(failure.span, InvalidFile(&failure.error));
        Some(FileReport {
            source: failure.source,
            diagnostics,
        })
    }
}

fn run(
    rules: &Rules,
    doc: &Document,
    workspace: &Workspace<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (severity, rule) in rules {
        let mut cx = Context::new(rule.meta(), *severity, workspace, diagnostics);
        rule.check(doc, &mut cx);
    }
}
