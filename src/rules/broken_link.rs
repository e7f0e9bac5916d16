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
        let mut own_anchors = Anchors::new(doc);
        let mut other_anchors: HashMap<*const Document, Anchors<'_>> = HashMap::new();
        for link in &doc.links {
            let Some(target) = link.local_target() else {
                continue;
            };
            let anchors = if target.path.is_empty() {
                &mut own_anchors
            } else {
                let Some(resolved) = cx.workspace().resolve(&directory.join(&target.path)) else {
                    cx.report(
                        link.span,
                        Broken::MissingFile {
                            target: target.path,
                        },
                    );
                    continue;
                };
                // Anchors are checked in the Markdown documents the run loaded.
                let Some(target_doc) = cx.workspace().document(&resolved) else {
                    continue;
                };
                other_anchors
                    .entry(std::ptr::from_ref(target_doc))
                    .or_insert_with(|| Anchors::new(target_doc))
            };
            if target.anchor.is_empty() || anchors.contains(&target.anchor) {
                continue;
            }
            let closest = closest(anchors.all(), &target.anchor);
            let file = (!target.path.is_empty()).then_some(target.path);
            cx.report(
                link.span,
                Broken::MissingAnchor {
                    anchor: target.anchor,
                    file,
                    closest,
                },
            );
        }
    }
}

/// How many anchor links into one document are checked heading by heading before its
/// anchor set is built: most documents have one or two, and the set costs several scans.
const SCANS_BEFORE_SET: u8 = 4;

/// One document's anchors, looked up cheaply for the first few links and through a set
/// built once after that, so that many links into a large file stay linear.
struct Anchors<'d> {
    doc: &'d Document,
    scans: u8,
    set: Option<HashSet<String>>,
}

impl<'d> Anchors<'d> {
    fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            scans: 0,
            set: None,
        }
    }

    fn contains(&mut self, anchor: &str) -> bool {
        if self.set.is_none() && self.scans < SCANS_BEFORE_SET {
            self.scans += 1;
            if has_plain_anchor(self.doc, anchor) {
                return true;
            }
        }
        self.all().contains(anchor)
    }

    fn all(&mut self) -> &HashSet<String> {
        self.set.get_or_insert_with(|| anchors(self.doc))
    }
}

/// Whether an ASCII heading's slug is exactly `anchor`: the common case, checked without
/// building the full anchor set (which also knows numbered duplicates, HTML ids, and the
/// Unicode categories that decide other headings' slugs). A slug found here is always in
/// the set too, so the answer never depends on which way it was found.
fn has_plain_anchor(doc: &Document, anchor: &str) -> bool {
    doc.sections.iter().any(|section| {
        let text = doc.text(section.text);
        if !text.is_ascii() {
            return false;
        }
        let mut slug = text
            .bytes()
            .filter(|&b| b == b' ' || b == b'-' || b == b'_' || b.is_ascii_alphanumeric())
            .map(|b| {
                if b == b' ' {
                    b'-'
                } else {
                    b.to_ascii_lowercase()
                }
            });
        let mut wanted = anchor.bytes();
        loop {
            match (slug.next(), wanted.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    })
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
    use super::META;
    use crate::rules::check_markdown;

    #[test]
    fn an_anchor_is_judged_alike_whatever_links_come_before_it() {
        // A decomposed accent is a mark: GitHub keeps it, so `#resume` is no anchor here.
        let heading = "# Re\u{301}sume\u{301}\n\n## Scope\n\n";
        let alone = check_markdown(&META, &format!("{heading}[x](#resume) [s](#scope)\n"));
        let after_a_miss = check_markdown(
            &META,
            &format!("{heading}[y](#nope) [x](#resume) [s](#scope)\n"),
        );
        assert_eq!(alone.len(), 1, "{alone:?}");
        assert_eq!(after_a_miss.len(), 2, "{after_a_miss:?}");
    }
}
