use crate::diagnostic::{Severity, Violation};
use crate::document::Document;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "heading-increment",
    summary: "a heading more than one level deeper than the heading before it",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/heading-increment.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(HeadingIncrement)
}

struct HeadingIncrement;

struct SkippedLevel {
    from: u8,
    to: u8,
}

impl Violation for SkippedLevel {
    fn message(&self) -> String {
        format!("heading jumps from H{} to H{}", self.from, self.to)
    }

    fn help(&self) -> Option<String> {
        Some(format!(
            "make this an H{} (`{}`), or add the missing level above it",
            self.from + 1,
            "#".repeat(usize::from(self.from) + 1)
        ))
    }
}

impl DocumentRule for HeadingIncrement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for pair in doc.sections.windows(2) {
            let (previous, heading) = (&pair[0], &pair[1]);
            if heading.depth > previous.depth + 1 {
                cx.report(
                    heading.span,
                    SkippedLevel {
                        from: previous.depth,
                        to: heading.depth,
                    },
                );
            }
        }
    }
}
