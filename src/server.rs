//! `ladderlint server`: a language server over stdio. It lints each open buffer as the file
//! it stands for (its config and its track's other levels come from disk) and publishes the
//! findings, with the evidence in other levels as related information and fixes as code
//! actions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, Location, MessageType, NumberOrString,
    Position, PublishDiagnosticsParams, Range, SaveOptions, ServerCapabilities, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};

use crate::Linter;
use crate::diagnostic::{self, Severity};
use crate::output::rule_url;
use crate::resolve::Overrides;
use crate::source::{Source, Span};

/// Serve on standard input and output until the client says exit.
pub fn run_stdio() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Run the initialize handshake, then answer the client until it shuts down.
pub fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let capabilities = serde_json::to_value(capabilities())?;
    connection.initialize(capabilities)?;
    let mut state = State::default();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = state.answer(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                for published in state.notice(notification) {
                    connection.sender.send(Message::Notification(published))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// An open buffer and what was found in it last.
struct Buffer {
    path: PathBuf,
    text: String,
    version: Option<i32>,
    /// Fixes offered for the last findings, with the range they were reported at.
    fixes: Vec<(Range, String, Vec<TextEdit>)>,
}

#[derive(Default)]
struct State {
    buffers: HashMap<Url, Buffer>,
    /// Problems already shown to the user (a broken config), so each is shown once.
    shown: std::collections::HashSet<String>,
}

impl State {
    fn answer(&mut self, request: Request) -> Response {
        if request.method != CodeActionRequest::METHOD {
            return Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("ladderlint does not handle `{}`", request.method),
            );
        }
        let id = request.id.clone();
        match request.extract::<CodeActionParams>(CodeActionRequest::METHOD) {
            Ok((id, params)) => Response::new_ok(id, self.code_actions(&params)),
            Err(error) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("bad code action request: {error:?}"),
            ),
        }
    }

    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(buffer) = self.buffers.get(uri) else {
            return Vec::new();
        };
        let wanted = params.range;
        buffer
            .fixes
            .iter()
            .filter(|(range, _, _)| range.start <= wanted.end && wanted.start <= range.end)
            .map(|(_, title, edits)| {
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits.clone())])),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                })
            })
            .collect()
    }

    /// Take in a notification; returns the diagnostics to publish.
    fn notice(&mut self, notification: Notification) -> Vec<Notification> {
        let method = notification.method.clone();
        let uri = match method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = notification.extract::<DidOpenTextDocumentParams>(&method) else {
                    return Vec::new();
                };
                let document = params.text_document;
                let Ok(path) = document.uri.to_file_path() else {
                    return Vec::new();
                };
                self.buffers.insert(
                    document.uri.clone(),
                    Buffer {
                        path,
                        text: document.text,
                        version: Some(document.version),
                        fixes: Vec::new(),
                    },
                );
                document.uri
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = notification.extract::<DidChangeTextDocumentParams>(&method)
                else {
                    return Vec::new();
                };
                let Some(buffer) = self.buffers.get_mut(&params.text_document.uri) else {
                    return Vec::new();
                };
                // Full sync: the last change holds the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    buffer.text = change.text;
                }
                buffer.version = Some(params.text_document.version);
                params.text_document.uri
            }
            DidSaveTextDocument::METHOD => {
                let Ok(params) = notification.extract::<DidSaveTextDocumentParams>(&method) else {
                    return Vec::new();
                };
                // The saved level is now what its track's other levels read from disk:
                // lint every open buffer of that directory again.
                let Some(saved) = self.buffers.get(&params.text_document.uri) else {
                    return Vec::new();
                };
                let directory = saved.path.parent().map(Path::to_owned);
                let mut published = Vec::new();
                for (uri, buffer) in &mut self.buffers {
                    if buffer.path.parent().map(Path::to_owned) == directory {
                        let (diagnostics, problems) = lint(buffer);
                        published.push(publish(uri.clone(), buffer.version, diagnostics));
                        published.extend(show_once(&mut self.shown, problems));
                    }
                }
                return published;
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = notification.extract::<DidCloseTextDocumentParams>(&method) else {
                    return Vec::new();
                };
                self.buffers.remove(&params.text_document.uri);
                return vec![publish(params.text_document.uri, None, Vec::new())];
            }
            _ => return Vec::new(),
        };
        match self.buffers.get_mut(&uri) {
            Some(buffer) => {
                let (diagnostics, problems) = lint(buffer);
                let mut published = vec![publish(uri, buffer.version, diagnostics)];
                published.extend(show_once(&mut self.shown, problems));
                published
            }
            None => Vec::new(),
        }
    }
}

fn publish(uri: Url, version: Option<i32>, diagnostics: Vec<Diagnostic>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_owned(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
}

/// A message for each problem not shown before: what kept ladderlint from doing its job
/// (a broken config), which has no line of the buffer to sit on.
fn show_once(
    shown: &mut std::collections::HashSet<String>,
    problems: Vec<String>,
) -> Vec<Notification> {
    problems
        .into_iter()
        .filter(|problem| shown.insert(problem.clone()))
        .map(|message| {
            Notification::new(
                ShowMessage::METHOD.to_owned(),
                ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("ladderlint: {message}"),
                },
            )
        })
        .collect()
}

/// Lint a buffer as the file it stands for; keep its fixes for code actions. Returns the
/// diagnostics, and the problems that stopped part of the run.
fn lint(buffer: &mut Buffer) -> (Vec<Diagnostic>, Vec<String>) {
    let linter = Linter::discovering_config(Overrides::default());
    let report = linter.lint_buffer(&buffer.path, buffer.text.clone().into_bytes());
    let problems = report.errors.iter().map(ToString::to_string).collect();
    let sources = report.sources();
    let mut diagnostics = Vec::new();
    buffer.fixes.clear();
    for file in report
        .findings
        .iter()
        .filter(|file| file.source.path() == buffer.path)
    {
        for finding in &file.diagnostics {
            let range = range_of(&file.source, finding.span);
            if let Some(fix) = &finding.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|edit| TextEdit {
                        range: range_of(&file.source, edit.span),
                        new_text: edit.replacement.clone(),
                    })
                    .collect();
                buffer.fixes.push((range, fix.message.clone(), edits));
            }
            diagnostics.push(to_lsp(&sources, &file.source, finding, range));
        }
    }
    (diagnostics, problems)
}

fn to_lsp(
    sources: &HashMap<&Path, &Source>,
    source: &Source,
    finding: &diagnostic::Diagnostic,
    range: Range,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|related| {
            let uri = file_uri(&related.path)?;
            let range = match sources.get(related.path.as_path()) {
                Some(other) => range_of(other, related.span),
                None if related.path == source.path() => range_of(source, related.span),
                None => Range::default(),
            };
            Some(DiagnosticRelatedInformation {
                location: Location { uri, range },
                message: related.message.clone(),
            })
        })
        .collect();
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push('\n');
        message.push_str(help);
    }
    Diagnostic {
        range,
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: Url::parse(&rule_url(finding.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("ladderlint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

fn file_uri(path: &Path) -> Option<Url> {
    Url::from_file_path(crate::config::absolute(path)).ok()
}

/// An LSP range: 0-based lines, and characters counted in UTF-16 code units, as the
/// protocol requires by default (an emoji heading counts two per emoji).
fn range_of(source: &Source, span: Span) -> Range {
    Range {
        start: position(source, span.start),
        end: position(source, span.end),
    }
}

fn position(source: &Source, offset: usize) -> Position {
    let line = source.position(offset).line;
    let line_start = source.line_span(line).start;
    let before = source.text().get(line_start..offset).unwrap_or("");
    Position {
        line: (line - 1) as u32,
        character: before.encode_utf16().count() as u32,
    }
}
