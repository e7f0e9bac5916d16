use crate::diagnostic::{Severity, Violation};
use crate::document::{Document, Item, ItemKind, heading_key_matches, heading_key_starts_with};
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "empty-behaviors",
    summary: "a responsibility with no behaviours listed under it",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/empty-behaviors.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(EmptyBehaviors)
}

struct EmptyBehaviors;

struct NoBehaviors {
    responsibility: String,
}

impl Violation for NoBehaviors {
    fn message(&self) -> String {
        if self.responsibility.is_empty() {
            "responsibility has no behaviours".into()
        } else {
            format!("responsibility `{}` has no behaviours", self.responsibility)
        }
    }

    fn help(&self) -> Option<String> {
        Some("list the behaviours that show this responsibility at this level, as bullets".into())
    }
}

fn is_responsibility(name: &str) -> bool {
    heading_key_starts_with(name, "responsib", |key| {
        matches!(key, "responsibility" | "responsibilities")
    })
}

fn is_behaviors(name: &str) -> bool {
    // Only a `b` or `B` lower-cases to the `b` the key needs.
    name.contains(['b', 'B'])
        && heading_key_matches(name, |key| {
            key.contains("behavior") || key.contains("behaviour")
        })
}

/// An open `**Responsibility**: X` waiting for its behaviours.
struct Open {
    name: String,
    span: Span,
    section: Option<u32>,
    behaviors: usize,
}

impl DocumentRule for EmptyBehaviors {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        self.check_labels(doc, cx);
        self.check_tables(doc, cx);
    }
}

impl EmptyBehaviors {
    fn check_labels(&self, doc: &Document, cx: &mut Context<'_>) {
        let mut open: Option<Open> = None;
        let close = |open: Option<Open>, cx: &mut Context<'_>| {
            if let Some(open) = open.filter(|open| open.behaviors == 0) {
                cx.report(
                    open.span,
                    NoBehaviors {
                        responsibility: open.name,
                    },
                );
            }
        };
        for item in &doc.items {
            // A paragraph labelled `**Responsibility**` opens a new one.
            let responsibility = doc.label(item).filter(|label| {
                item.kind == ItemKind::Paragraph && is_responsibility(doc.text(label.name))
            });
            let left_section = open
                .as_ref()
                .is_some_and(|open| open.section != item.section);
            if responsibility.is_some() || left_section {
                close(open.take(), cx);
            }
            if let Some(label) = responsibility {
                open = Some(Open {
                    name: value_after_label(doc, item, label.span),
                    span: doc.source.trim_end(item.span),
                    section: item.section,
                    behaviors: 0,
                });
                continue;
            }
            if let Some(open) = open.as_mut() {
                let is_behavior = item.kind == ItemKind::ListItem
                    && item.details.is_none()
                    && !doc.text(item.text).is_empty();
                if is_behavior {
                    open.behaviors += 1;
                }
            }
        }
        close(open, cx);
    }

    fn check_tables(&self, doc: &Document, cx: &mut Context<'_>) {
        // Column indexes of the table being read: (responsibility, behaviours).
        let mut columns: Option<(usize, usize)> = None;
        for item in &doc.items {
            match item.kind {
                ItemKind::TableHeader => {
                    let cells = doc.cells(item);
                    let texts = || cells.iter().map(|cell| doc.text(cell.text));
                    // No name is both, so the responsibility column is not asked again.
                    columns = texts().position(is_responsibility).and_then(|name_at| {
                        let behaviors_at = texts()
                            .enumerate()
                            .position(|(at, text)| at != name_at && is_behaviors(text))?;
                        Some((name_at, behaviors_at))
                    });
                }
                ItemKind::TableRow => {
                    let Some((name_at, behaviors_at)) = columns else {
                        continue;
                    };
                    let (Some(name), Some(behaviors)) = (
                        doc.cells(item).get(name_at),
                        doc.cells(item).get(behaviors_at),
                    ) else {
                        continue;
                    };
                    let written = doc.source.slice(behaviors.span).trim();
                    if !doc.text(name.text).is_empty() && written.is_empty() {
                        cx.report(
                            name.span,
                            NoBehaviors {
                                responsibility: doc.text(name.text).to_owned(),
                            },
                        );
                    }
                }
                _ => columns = None,
            }
        }
    }
}

/// `Impact` in `**Responsibility**: Impact`.
fn value_after_label(doc: &Document, item: &Item, label: Span) -> String {
    let rest = doc.source.slice(Span::new(label.end, item.span.end));
    let line = rest.lines().next().unwrap_or("");
    line.trim_start_matches(|c: char| c == ':' || c.is_whitespace())
        .trim_end()
        .trim_end_matches('\\')
        .trim_end()
        .to_owned()
}
