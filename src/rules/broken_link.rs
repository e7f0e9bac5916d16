use std::collections::HashSet;
use std::path::Path;

use comrak::Anchorizer;

use crate::diagnostic::{Severity, Violation};
use crate::document::Document;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::text::edit_distance;

pub static META: RuleMeta = RuleMeta {
    name: "broken-link",
    summary: "a relative link to a file or heading anchor that does not exist",
    default_severity: Severity::Error,
    doc: include_str!("../../rules/broken-link.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(BrokenLink)
}

struct BrokenLink;

enum Broken {
    MissingFile {
        target: String,
    },
    MissingAnchor {
        anchor: String,
        file: Option<String>,
        closest: Option<String>,
    },
}

impl Violation for Broken {
    fn message(&self) -> String {
        match self {
            Broken::MissingFile { target } => format!("link target `{target}` does not exist"),
            Broken::MissingAnchor {
                anchor,
                file: Some(file),
                ..
            } => {
                format!("`{file}` has no heading with the anchor `#{anchor}`")
            }
            Broken::MissingAnchor {
                anchor, file: None, ..
            } => {
                format!("no heading in this document has the anchor `#{anchor}`")
            }
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            Broken::MissingFile { .. } => {
                Some("fix the path (it is relative to this file), or remove the link".into())
            }
            Broken::MissingAnchor {
                closest: Some(closest),
                ..
            } => Some(format!("did you mean `#{closest}`?")),
            Broken::MissingAnchor { closest: None, .. } => Some(
                "anchors are the heading text in lower case, spaces as `-`, punctuation dropped"
                    .into(),
            ),
        }
    }
}

/// A link that leaves the repository or the file system: `https:`, `mailto:`, `//host`.
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '#', '?']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The anchors GitHub gives a document's headings, plus explicit HTML `id`/`name`s.
fn anchors(doc: &Document) -> HashSet<String> {
    let mut anchorizer = Anchorizer::new();
    let mut anchors: HashSet<String> = doc
        .sections
        .iter()
        .map(|section| anchorizer.anchorize(&section.text))
        .collect();
    for &span in &doc.html {
        let html = doc.source.slice(span);
        for attribute in ["id=\"", "name=\""] {
            for (at, _) in html.match_indices(attribute) {
                let value = &html[at + attribute.len()..];
                if let Some(end) = value.find('"') {
                    anchors.insert(value[..end].to_owned());
                }
            }
        }
    }
    anchors
}

impl DocumentRule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let directory = doc.source.path().parent().unwrap_or(Path::new(""));
        let mut own_anchors: Option<HashSet<String>> = None;
        for link in &doc.links {
            let url = link.url.trim();
            if url.is_empty() || is_external(url) || url.starts_with('/') {
                // Site-absolute paths depend on the site generator's root.
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let path = path.split_once('?').map_or(path, |(path, _)| path);
            let fragment = percent_decode(fragment);
            if path.is_empty() {
                if fragment.is_empty() {
                    continue;
                }
                let anchors = own_anchors.get_or_insert_with(|| anchors(doc));
                if !anchors.contains(&fragment) {
                    let closest = closest(anchors, &fragment);
                    cx.report(
                        link.span,
                        Broken::MissingAnchor {
                            anchor: fragment,
                            file: None,
                            closest,
                        },
                    );
                }
                continue;
            }
            // Browsers read `\` in a URL path as `/`.
            let decoded = percent_decode(path).replace('\\', "/");
            let Some(target) = cx.workspace().resolve(&directory.join(&decoded)) else {
                cx.report(link.span, Broken::MissingFile { target: decoded });
                continue;
            };
            if fragment.is_empty() {
                continue;
            }
            // Anchors are checked in documents of this run; others are not parsed.
            if let Some(target_doc) = cx.workspace().document(&target) {
                let anchors = anchors(target_doc);
                if !anchors.contains(&fragment) {
                    let closest = closest(&anchors, &fragment);
                    cx.report(
                        link.span,
                        Broken::MissingAnchor {
                            anchor: fragment,
                            file: Some(decoded),
                            closest,
                        },
                    );
                }
            }
        }
    }
}

fn closest(anchors: &HashSet<String>, wanted: &str) -> Option<String> {
    anchors
        .iter()
        .map(|anchor| (edit_distance(anchor, wanted), anchor))
        .filter(|&(distance, anchor)| distance <= 3.max(anchor.len() / 4))
        .min()
        .map(|(_, anchor)| anchor.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_not_checked() {
        assert!(is_external("https://example.com/a.md"));
        assert!(is_external("mailto:team@example.com"));
        assert!(is_external("//cdn.example.com/x.png"));
        assert!(!is_external("L2.md"));
        assert!(!is_external("../security/L3.md#scope"));
        assert!(!is_external("#a:b"));
    }
}
