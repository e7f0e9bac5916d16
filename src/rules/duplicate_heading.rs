use crate::diagnostic::{Related, Severity, Violation};
use crate::document::Document;
use crate::hash::FastMap;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "duplicate-heading",
    summary: "the same heading twice under one parent",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/duplicate-heading.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(DuplicateHeading)
}

struct DuplicateHeading;

struct Repeated {
    heading: String,
    first_line: usize,
}

impl Violation for Repeated {
    fn message(&self) -> String {
        format!(
            "heading `{}` repeats the one on line {}",
            self.heading, self.first_line
        )
    }

    fn help(&self) -> Option<String> {
        Some("merge the two sections, or rename one so each says what it covers".into())
    }
}

impl DocumentRule for DuplicateHeading {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let mut seen: FastMap<(Option<u32>, &str), usize> =
            FastMap::with_capacity_and_hasher(doc.sections.len(), Default::default());
        for (index, section) in doc.sections.iter().enumerate() {
            let normalized = doc.text(section.normalized);
            if normalized.is_empty() {
                continue;
            }
            let key = (section.parent, normalized);
            let Some(&first) = seen.get(&key) else {
                seen.insert(key, index);
                continue;
            };
            let first = &doc.sections[first];
            let first_line = doc.source.line_of(first.span.start);
            cx.report(
                section.span,
                Repeated {
                    heading: doc.text(section.text).to_owned(),
                    first_line,
                },
            )
            .related
            .push(Related {
                path: doc.source.path().to_owned(),
                span: first.span,
                message: "first used here".into(),
            });
        }
    }
}
