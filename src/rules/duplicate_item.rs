use std::collections::HashMap;

use crate::diagnostic::{Related, Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::rules::placeholder::PlaceholderMatcher;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "duplicate-item",
    summary: "the same behaviour listed twice in one section",
    default_severity: Severity::Warning,
    doc: include_str!("../../rules/duplicate-item.md"),
};

pub(crate) fn build(settings: &Settings) -> Box<dyn DocumentRule> {
    Box::new(DuplicateItem {
        placeholders: settings.placeholders.clone(),
    })
}

struct DuplicateItem {
    placeholders: PlaceholderMatcher,
}

struct Repeated {
    first_line: usize,
}

impl Violation for Repeated {
    fn message(&self) -> String {
        format!("this bullet repeats the one on line {}", self.first_line)
    }

    fn help(&self) -> Option<String> {
        Some("remove one of the two, or say what is different about each".into())
    }
}

/// Comparison key: case, spacing and closing punctuation do not make a bullet different.
fn comparison_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key.trim_end_matches(['.', ';', ',', '!']).to_owned()
}

impl DocumentRule for DuplicateItem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        type Scope = (Option<u32>, Option<u32>, Option<u32>);
        let mut seen: HashMap<(Scope, String), usize> = HashMap::new();
        for (index, item) in doc.items.iter().enumerate() {
            if item.kind != ItemKind::ListItem || item.text.is_empty() {
                continue;
            }
            if self.placeholders.is_placeholder(&item.text) {
                continue;
            }
            let key = (
                (item.section, item.details, item.parent),
                comparison_key(&item.text),
            );
            let Some(&first) = seen.get(&key) else {
                seen.insert(key, index);
                continue;
            };
            let first = &doc.items[first];
            let first_line = doc.source.line_of(first.span.start);
            let span = doc.source.line_span(doc.source.line_of(item.span.start));
            cx.report(span, Repeated { first_line })
                .related
                .push(Related {
                    path: doc.source.path().to_owned(),
                    span: doc.source.line_span(first_line),
                    message: "first listed here".into(),
                });
        }
    }
}
