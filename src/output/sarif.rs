//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::Report;
use crate::diagnostic::Severity;
use crate::rules::REGISTRY;
use crate::source::{Source, Span};

/// The base that result paths are relative to: the repository root.
const ROOT: &str = "%SRCROOT%";

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let root = super::repository_root();
    let sources = report.sources();
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|rule| {
            let meta = rule.meta;
            json!({
                "id": meta.name,
                "name": meta.name,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": meta.summary },
                "help": { "text": meta.doc, "markdown": meta.doc },
                "helpUri": super::rule_url(meta.name),
                "defaultConfiguration": {
                    "level": level(meta.default_severity),
                    "enabled": meta.enabled_by_default,
                },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.findings {
        for diagnostic in &file.diagnostics {
            let rule_index = REGISTRY
                .iter()
                .position(|rule| rule.meta.name == diagnostic.rule);
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\n\n");
                message.push_str(help);
            }
            let related: Vec<Value> = diagnostic
                .related
                .iter()
                .enumerate()
                .map(|(id, related)| {
                    let mut location = json!({
                        "id": id,
                        "message": { "text": related.message },
                    });
                    location["physicalLocation"] = match sources.get(related.path.as_path()) {
                        Some(source) => {
                            physical(source.path(), Some((source, related.span)), &root)
                        }
                        None => physical(&related.path, None, &root),
                    };
                    location
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.rule,
                "level": level(diagnostic.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation":
                        physical(file.source.path(), Some((&file.source, diagnostic.span)), &root),
                }],
            });
            if let Some(index) = rule_index {
                result["ruleIndex"] = json!(index);
            }
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ladderlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": super::HOME,
                    "rules": rules,
                },
            },
            "originalUriBaseIds": {
                ROOT: { "uri": directory_uri(&root) },
            },
            // Columns count characters, as in every other format.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A location in `path`, with its region when the text is at hand. Paths in the
/// repository are relative to its root; others are absolute `file:` URIs.
fn physical(path: &Path, region: Option<(&Source, Span)>, root: &Path) -> Value {
    let artifact = match super::relative_to(path, root) {
        Some(relative) => json!({ "uri": percent_encode(&relative), "uriBaseId": ROOT }),
        None => json!({
            "uri": format!(
                "file://{}",
                percent_encode(&crate::config::absolute(path).to_string_lossy())
            )
        }),
    };
    let mut location = json!({ "artifactLocation": artifact });
    if let Some((source, span)) = region {
        let (start, end) = (source.position(span.start), source.position(span.end));
        location["region"] = json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        });
    }
    location
}

fn directory_uri(dir: &Path) -> String {
    let mut uri = format!("file://{}", percent_encode(&dir.to_string_lossy()));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encode what may not appear in a URI path.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if plain {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_inside_and_outside_the_repository() {
        let root = Path::new("/repo");
        let inside = physical(Path::new("/repo/career ladder/L1.md"), None, root);
        assert_eq!(
            inside["artifactLocation"],
            json!({ "uri": "career%20ladder/L1.md", "uriBaseId": "%SRCROOT%" })
        );
        let outside = physical(Path::new("/tmp/lad der/L1.md"), None, root);
        assert_eq!(
            outside["artifactLocation"],
            json!({ "uri": "file:///tmp/lad%20der/L1.md" })
        );
        assert_eq!(directory_uri(root), "file:///repo/");
    }
}
