//! `--format human`: miette's graphical report, one block per finding.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceSpan, SpanContents,
};

use super::{Style, summary};
use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Source, Span};

/// One finding, shaped for miette.
struct Finding<'s> {
    message: String,
    /// The rule's name; none for evidence shown under a finding.
    rule: Option<&'static str>,
    severity: Severity,
    help: Option<String>,
    source: Option<Snippet<'s>>,
    labels: Vec<LabeledSpan>,
    /// Evidence in other files, each shown with its own snippet.
    related: Vec<Finding<'s>>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
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

fn finding<'s>(source: &'s Source, diagnostic: &Diagnostic, sources: &Sources<'s>) -> Finding<'s> {
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

fn named(source: &Source) -> Snippet<'_> {
    Snippet {
        name: source.path().display().to_string(),
        source,
    }
}

/// A file's text as miette reads it for a snippet, read from the lines around the span
/// only. miette's own reading of a text counts lines from its start for every snippet:
/// thousands of findings in a large file would take minutes.
struct Snippet<'s> {
    name: String,
    source: &'s Source,
}

impl miette::SourceCode for Snippet<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let source = self.source;
        let text = source.text();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        // Whole lines, from one more than the context above the span to one more than the
        // context below it: miette finds the same lines in them as in the whole text.
        let first_line = source
            .line_of(start)
            .saturating_sub(context_lines_before + 1)
            .max(1);
        let last_line = source.line_of(end) + context_lines_after + 1;
        let window_start = source.line_span(first_line).start;
        // The start of the line after the last, or the end of the text.
        let window_end = source.offset_of(last_line + 1, 1);
        let window = &text[window_start..window_end];
        let local = SourceSpan::new((start - window_start).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let lines_above = first_line - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + window_start).into(),
                contents.span().len(),
            ),
            contents.line() + lines_above,
            contents.column(),
            contents.line_count() + lines_above,
        )))
    }
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

#[cfg(test)]
mod tests {
    use miette::{SourceCode, SourceSpan};

    use super::named;
    use crate::source::Source;

    #[test]
    fn a_snippet_reads_what_miette_reads_from_the_whole_text() {
        let text = "# Title\r\n\nline three\rfour\n- a\n- b\n\n## Héading 🦉\n  nested\nlast";
        let source = Source::new("L1.md", text);
        let snippet = named(&source);
        for offset in 0..=text.len() {
            for len in [0, 1, 3, 12, 40] {
                for context in 0..4 {
                    let span = SourceSpan::new(offset.into(), len);
                    let whole = text.read_span(&span, context, context);
                    let windowed = snippet.read_span(&span, context, context);
                    let (whole, windowed) = match (whole, windowed) {
                        (Ok(whole), Ok(windowed)) => (whole, windowed),
                        (whole, windowed) => {
                            assert_eq!(whole.is_err(), windowed.is_err(), "{offset} {len}");
                            continue;
                        }
                    };
                    let read = |c: &dyn miette::SpanContents<'_>| {
                        (
                            c.data().to_vec(),
                            *c.span(),
                            c.line(),
                            c.column(),
                            c.line_count(),
                        )
                    };
                    assert_eq!(
                        read(whole.as_ref()),
                        read(windowed.as_ref()),
                        "span at {offset}, {len} long, {context} lines of context"
                    );
                    assert_eq!(windowed.name(), Some("L1.md"));
                }
            }
        }
    }
}
