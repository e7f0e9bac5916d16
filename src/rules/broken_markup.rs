use crate::diagnostic::{Severity, Violation};
use crate::document::Document;
use crate::document::html::tags;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "broken-markup",
    summary: "unclosed HTML, details without a summary, or emphasis that did not render",
    default_severity: Severity::Error,
    enabled_by_default: true,
    doc: include_str!("../../rules/broken-markup.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(BrokenMarkup)
}

struct BrokenMarkup;

enum Markup {
    Unclosed { tag: &'static str },
    Unopened { tag: String },
    NoSummary,
    LiteralEmphasis { markers: String },
}

impl Violation for Markup {
    fn message(&self) -> String {
        match self {
            Markup::Unclosed { tag } => format!("`<{tag}>` is never closed"),
            Markup::Unopened { tag } => format!("`</{tag}>` closes nothing"),
            Markup::NoSummary => {
                "`<details>` has no `<summary>`; readers see a bare \"Details\" toggle".into()
            }
            Markup::LiteralEmphasis { markers } => {
                format!("`{markers}` shows as literal text: this emphasis did not render")
            }
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            Markup::Unclosed { tag } => format!(
                "add `</{tag}>` where the block ends; everything after it renders inside it"
            ),
            Markup::Unopened { tag } => format!("remove the `</{tag}>`, or add the opening tag"),
            Markup::NoSummary => {
                "add `<summary>Examples</summary>` (or what it holds) after `<details>`".into()
            }
            Markup::LiteralEmphasis { markers } if markers.len() >= 4 => {
                "two bold runs touch here; bold the whole phrase once: `**Fluency**`, not `**F****luency**`".into()
            }
            Markup::LiteralEmphasis { .. } => {
                "close the emphasis with the same markers, or remove the stray ones".into()
            }
        })
    }
}

/// Block-level tags whose closing tag is required.
const PAIRED: &[&str] = &["table", "ul", "ol"];

impl DocumentRule for BrokenMarkup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for details in &doc.details {
            if details.close.is_none() {
                cx.report(details.span, Markup::Unclosed { tag: "details" });
            }
            if details.summary.is_none() {
                cx.report(details.span, Markup::NoSummary);
            }
        }
        let mut open: Vec<(&'static str, Span)> = Vec::new();
        for &span in &doc.html {
            for tag in tags(doc.source.slice(span)) {
                let Some(&paired) = PAIRED.iter().find(|&&p| tag.is(p)) else {
                    continue;
                };
                let tag_span = Span::new(span.start + tag.span.start, span.start + tag.span.end);
                if !tag.closing {
                    open.push((paired, tag_span));
                } else if let Some(at) = open.iter().rposition(|(name, _)| *name == paired) {
                    // Anything opened inside and left open is reported with its own tag.
                    for (inner, inner_span) in open.drain(at..).skip(1) {
                        cx.report(inner_span, Markup::Unclosed { tag: inner });
                    }
                } else {
                    cx.report(
                        tag_span,
                        Markup::Unopened {
                            tag: tag.name.to_ascii_lowercase(),
                        },
                    );
                }
            }
        }
        for (tag, span) in open {
            cx.report(span, Markup::Unclosed { tag });
        }
        for &span in &doc.literal_delimiters {
            cx.report(
                span,
                Markup::LiteralEmphasis {
                    markers: doc.source.slice(span).to_owned(),
                },
            );
        }
    }
}
