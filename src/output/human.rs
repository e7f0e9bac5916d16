//! `--format human`: miette's graphical report, one block per finding.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Style, summary};
use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Source, Span};

/// One finding, shaped for miette.
struct Finding {
    message: String,
    /// The rule's name; none for evidence shown under a finding.
    rule: Option<&'static str>,
    severity: Severity,
    help: Option<String>,
    source: Option<NamedSource<Arc<String>>>,
    labels: Vec<LabeledSpan>,
    /// Evidence in other files, each shown with its own snippet.
    related: Vec<Finding>,
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl miette::Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.rule
            .map(|rule| Box::new(rule) as Box<dyn fmt::Display + 'a>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_ref()
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related
                .iter()
                .map(|finding| finding as &dyn miette::Diagnostic),
        ))
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

/// At most this many other-file snippets per finding; the rest are named in the help.
const MAX_RELATED_SNIPPETS: usize = 3;

fn finding(source: &Source, diagnostic: &Diagnostic, sources: &Sources<'_>) -> Finding {
    let has_text = !source.text().is_empty();
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        source_span(diagnostic.span),
    )];
    labels.extend(
        diagnostic
            .related
            .iter()
            .filter(|related| related.path == source.path())
            .map(|related| {
                LabeledSpan::new_with_span(Some(related.message.clone()), source_span(related.span))
            }),
    );
    let mut related = Vec::new();
    let mut others = Vec::new();
    for evidence in diagnostic
        .related
        .iter()
        .filter(|related| related.path != source.path())
    {
        let other = sources.get(evidence.path.as_path());
        match other {
            Some(other) if related.len() < MAX_RELATED_SNIPPETS => related.push(Finding {
                message: evidence.message.clone(),
                rule: Some(diagnostic.rule),
                severity: Severity::Info,
                help: None,
                source: Some(named(other)),
                labels: vec![LabeledSpan::new_primary_with_span(
                    None,
                    source_span(evidence.span),
                )],
                related: Vec::new(),
            }),
            Some(other) => {
                let line = other.position(evidence.span.start).line;
                others.push(format!("{}:{line}", evidence.path.display()));
            }
            None => others.push(evidence.path.display().to_string()),
        }
    }
    let mut help_lines: Vec<String> = diagnostic.help.iter().cloned().collect();
    if !others.is_empty() {
        help_lines.push(format!("also {}", others.join(", ")));
    }
    if let Some(fix) = &diagnostic.fix {
        help_lines.push(format!("--fix will {}", fix.message));
    }
    let help = (!help_lines.is_empty()).then(|| help_lines.join("\n"));
    Finding {
        message: diagnostic.message.clone(),
        rule: Some(diagnostic.rule),
        severity: diagnostic.severity,
        help,
        source: has_text.then(|| named(source)),
        labels: if has_text { labels } else { Vec::new() },
        related,
    }
}

fn named(source: &Source) -> NamedSource<Arc<String>> {
    NamedSource::new(source.path().display().to_string(), source.shared_text())
}

type Sources<'a> = HashMap<&'a Path, &'a Source>;

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(style);
    let sources = report.sources();
    let mut rendered = String::new();
    for file in &report.findings {
        for diagnostic in &file.diagnostics {
            rendered.clear();
            let finding = finding(&file.source, diagnostic, &sources);
            if handler.render_report(&mut rendered, &finding).is_err() {
                rendered = format!("{}: {}\n", file.source.path().display(), diagnostic.message);
            }
            if finding.source.is_none() {
                // Without a snippet miette cannot name the file; say which one it is.
                writeln!(out, "{}:", file.source.path().display())?;
            }
            writeln!(out, "{rendered}")?;
        }
    }
    writeln!(out, "{}", summary(report))
}

/// Render an error that stops the run (bad path, bad usage) the same way.
pub fn render_error(error: &dyn miette::Diagnostic, style: Style) -> String {
    let mut rendered = String::new();
    if handler(style).render_report(&mut rendered, error).is_err() {
        rendered = error.to_string();
    }
    rendered
}
