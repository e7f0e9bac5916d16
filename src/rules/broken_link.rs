use std::collections::{HashMap, HashSet};
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
    enabled_by_default: true,
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

/// The anchors GitHub gives a document's headings, plus explicit HTML `id`/`name`s.
fn anchors(doc: &Document) -> HashSet<String> {
    let mut anchorizer = Anchorizer::new();
    let mut anchors: HashSet<String> = doc
        .sections
        .iter()
        .map(|section| anchorizer.anchorize(doc.text(section.text)))
        .collect();
    anchors.extend(doc.html_anchors.iter().cloned());
    anchors
}

impl DocumentRule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let directory = doc.source.path().parent().unwrap_or(Path::new(""));
        // Each document's anchors are built once, however many links point into it.
        let mut own_anchors: Option<HashSet<String>> = None;
        let mut other_anchors: HashMap<*const Document, HashSet<String>> = HashMap::new();
        for link in &doc.links {
            let Some(target) = link.local_target() else {
                continue;
            };
            if target.path.is_empty() {
                if target.anchor.is_empty() {
                    continue;
                }
                let anchors = own_anchors.get_or_insert_with(|| anchors(doc));
                if !anchors.contains(&target.anchor) {
                    let closest = closest(anchors, &target.anchor);
                    cx.report(
                        link.span,
                        Broken::MissingAnchor {
                            anchor: target.anchor,
                            file: None,
                            closest,
                        },
                    );
                }
                continue;
            }
            let Some(resolved) = cx.workspace().resolve(&directory.join(&target.path)) else {
                cx.report(
                    link.span,
                    Broken::MissingFile {
                        target: target.path,
                    },
                );
                continue;
            };
            if target.anchor.is_empty() {
                continue;
            }
            // Anchors are checked in the Markdown documents the run loaded.
            if let Some(target_doc) = cx.workspace().document(&resolved) {
                let anchors = other_anchors
                    .entry(std::ptr::from_ref(target_doc))
                    .or_insert_with(|| anchors(target_doc));
                if !anchors.contains(&target.anchor) {
                    let closest = closest(anchors, &target.anchor);
                    cx.report(
                        link.span,
                        Broken::MissingAnchor {
                            anchor: target.anchor,
                            file: Some(target.path),
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
