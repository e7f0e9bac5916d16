use crate::diagnostic::{Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::rules::placeholder::PlaceholderMatcher;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "empty-examples",
    summary: "an Examples block with no real example in it",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/empty-examples.md"),
};

pub(crate) fn build(settings: &Settings) -> Box<dyn DocumentRule> {
    Box::new(EmptyExamples {
        placeholders: settings.placeholders.clone(),
    })
}

struct EmptyExamples {
    placeholders: PlaceholderMatcher,
}

struct NoRealExample {
    placeholders: usize,
    notes: usize,
}

impl Violation for NoRealExample {
    fn message(&self) -> String {
        match (self.placeholders, self.notes) {
            (0, 0) => "examples block is empty".into(),
            (0, _) => "examples block holds a note but no example".into(),
            (1, _) => "examples block holds only a placeholder, no real example".into(),
            (n, _) => format!("examples block holds only placeholders ({n}), no real example"),
        }
    }

    fn help(&self) -> Option<String> {
        Some("add a concrete example of the behaviour at this level, or remove the block".into())
    }
}

fn is_examples_title(text: &str) -> bool {
    // Every label and heading is asked; most have no `x`, and need no trimming. They are
    // short: a byte loop beats setting up a vector search.
    if !text.bytes().any(|byte| byte | 0x20 == b'x') {
        return false;
    }
    let text = text.trim().trim_end_matches(':').trim();
    text.eq_ignore_ascii_case("examples") || text.eq_ignore_ascii_case("example")
}

/// Tally of the items in one examples block. Examples are bullets or table rows; a
/// paragraph is a note about the examples, not one.
#[derive(Default)]
struct Tally {
    real: usize,
    placeholders: usize,
    notes: usize,
}

impl EmptyExamples {
    fn count(&self, tally: &mut Tally, kind: ItemKind, text: &str) {
        // One real example settles the block, and the rest of the tally is only read for
        // a block that has none: skip the placeholder search.
        if tally.real > 0 || text.trim().is_empty() {
            return;
        }
        if self.placeholders.is_placeholder(text) {
            tally.placeholders += 1;
        } else if kind == ItemKind::Paragraph {
            tally.notes += 1;
        } else {
            tally.real += 1;
        }
    }

    fn finish(&self, tally: Tally, span: Span, cx: &mut Context<'_>) {
        if tally.real == 0 {
            cx.report(
                span,
                NoRealExample {
                    placeholders: tally.placeholders,
                    notes: tally.notes,
                },
            );
        }
    }
}

impl DocumentRule for EmptyExamples {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // `<details><summary>Examples</summary>` blocks.
        let mut tallies: Vec<Tally> = doc.details.iter().map(|_| Tally::default()).collect();
        // `### Examples` sections.
        let mut section_tallies: Vec<Option<Tally>> = doc
            .sections
            .iter()
            .map(|section| is_examples_title(doc.text(section.text)).then(Tally::default))
            .collect();
        // `**Examples**:` labels: the label's own value, then the items after it in its
        // section, up to the next label.
        let mut open_label: Option<(Span, Option<u32>, Tally)> = None;

        for item in &doc.items {
            if item.kind == ItemKind::TableHeader {
                continue;
            }
            if let Some(details) = item.details {
                self.count(
                    &mut tallies[details as usize],
                    item.kind,
                    doc.text(item.text),
                );
            }
            if let Some(Some(tally)) = item.section.map(|s| &mut section_tallies[s as usize]) {
                self.count(tally, item.kind, doc.text(item.text));
            }
            let label = doc.label(item);
            let closes_label = label.is_some()
                || open_label
                    .as_ref()
                    .is_some_and(|(_, section, _)| *section != item.section);
            if closes_label && let Some((span, _, tally)) = open_label.take() {
                self.finish(tally, span, cx);
            }
            match label {
                Some(label) if is_examples_title(doc.text(label.name)) => {
                    let mut tally = Tally::default();
                    let value = doc.source.slice(Span::new(label.span.end, item.span.end));
                    let value = value.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
                    // `**Examples**: I led ...` holds its example on the label's line.
                    self.count(&mut tally, ItemKind::ListItem, value);
                    open_label = Some((label.span, item.section, tally));
                }
                _ => {
                    if let Some((_, _, tally)) = open_label.as_mut() {
                        self.count(tally, item.kind, doc.text(item.text));
                    }
                }
            }
        }
        if let Some((span, _, tally)) = open_label {
            self.finish(tally, span, cx);
        }

        for (details, tally) in doc.details.iter().zip(tallies) {
            if details.summary.as_deref().is_some_and(is_examples_title) {
                self.finish(tally, details.span, cx);
            }
        }
        for (section, tally) in doc.sections.iter().zip(section_tallies) {
            if let Some(tally) = tally {
                self.finish(tally, section.span, cx);
            }
        }
    }
}
