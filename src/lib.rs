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

use std::path::PathBuf;

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
pub struct Linter {
    settings: Settings,
    rules: Vec<(Severity, Box<dyn DocumentRule>)>,
}

impl Linter {
    pub fn new(settings: Settings) -> Self {
        let rules = REGISTRY
            .iter()
            .filter_map(|registered| match registered.kind {
                RuleKind::Document(build) => {
                    let severity = settings.severity(registered.meta)?;
                    Some((severity, build(&settings)))
                }
                RuleKind::File => None,
            })
            .collect();
        Self { settings, rules }
    }

    /// Discover, read, parse and check everything under `paths`.
    pub fn lint_paths(&self, paths: &[PathBuf]) -> Report {
        let (files, errors) = discover::discover(paths);
        let mut report = Report {
            files: files.len(),
            errors,
            ..Report::default()
        };
        let mut documents = Vec::with_capacity(files.len());
        for path in files {
            match load::load(&path, self.settings.max_file_size) {
                Ok(source) => documents.push(Document::parse(source)),
                Err(failure) => {
                    if let Some(file) = self.invalid_file(failure) {
                        report.findings.push(file);
                    }
                }
            }
        }
        report.findings.extend(self.check(&documents));
        report
            .findings
            .sort_by(|a, b| a.source.path().cmp(b.source.path()));
        report
    }

    /// Lint texts that are already in memory (tests, editors' unsaved buffers).
    pub fn lint_sources(&self, sources: Vec<Source>) -> Report {
        let documents: Vec<Document> = sources.into_iter().map(Document::parse).collect();
        let mut findings = self.check(&documents);
        findings.sort_by(|a, b| a.source.path().cmp(b.source.path()));
        Report {
            files: documents.len(),
            findings,
            errors: Vec::new(),
        }
    }

    fn check(&self, documents: &[Document]) -> Vec<FileReport> {
        let workspace = Workspace::new(documents);
        let mut findings = Vec::new();
        for doc in documents {
            let mut diagnostics = Vec::new();
            for (severity, rule) in &self.rules {
                let mut cx = Context::new(rule.meta(), *severity, &workspace, &mut diagnostics);
                rule.check(doc, &mut cx);
            }
            if !diagnostics.is_empty() {
                diagnostics.sort_by(|a, b| (a.span, a.rule).cmp(&(b.span, b.rule)));
                findings.push(FileReport {
                    source: doc.source.clone(),
                    diagnostics,
                });
            }
        }
        findings
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
