//! `--format json`: version 1 of the contract documented in the README.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Source, Span};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    span: JsonSpan,
    related: Vec<JsonRelated<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonSpan {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: String,
    span: Option<JsonSpan>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn span(source: &Source, span: Span) -> JsonSpan {
    let position = |offset| {
        let position = source.position(offset);
        JsonPosition {
            line: position.line,
            column: position.column,
            offset: position.offset,
        }
    };
    JsonSpan {
        start: position(span.start),
        end: position(span.end),
    }
}

fn path_string(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let sources = report.sources();
    let diagnostics = report
        .findings
        .iter()
        .flat_map(|file| file.diagnostics.iter().map(move |d| (&file.source, d)))
        .map(
            |(source, diagnostic): (&Source, &Diagnostic)| JsonDiagnostic {
                path: path_string(source.path()),
                rule: diagnostic.rule,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                help: diagnostic.help.as_deref(),
                span: span(source, diagnostic.span),
                related: diagnostic
                    .related
                    .iter()
                    .map(|related| JsonRelated {
                        path: path_string(&related.path),
                        span: sources
                            .get(related.path.as_path())
                            .map(|s| span(s, related.span)),
                        message: &related.message,
                    })
                    .collect(),
                fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
                    message: &fix.message,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| JsonEdit {
                            span: span(source, edit.span),
                            replacement: &edit.replacement,
                        })
                        .collect(),
                }),
            },
        )
        .collect();
    let output = Output {
        version: 1,
        diagnostics,
        summary: Summary {
            files: report.files,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(io::Error::from)?;
    writeln!(out)
}
