use crate::diagnostic::{Severity, Violation};
use crate::document::Document;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "empty-section",
    summary: "a heading with nothing under it",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/empty-section.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(EmptySection)
}

struct EmptySection;

struct NothingUnder {
    heading: String,
}

impl Violation for NothingUnder {
    fn message(&self) -> String {
        format!("section `{}` is empty", self.heading)
    }

    fn help(&self) -> Option<String> {
        Some("describe what this level expects here, or remove the heading".into())
    }
}

impl DocumentRule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // Children come after their parents, so one backwards pass settles every section.
        let mut filled: Vec<bool> = doc.sections.iter().map(|s| s.has_own_content).collect();
        for index in (0..doc.sections.len()).rev() {
            if let Some(parent) = doc.sections[index].parent
                && filled[index]
            {
                filled[parent as usize] = true;
            }
        }
        for (index, section) in doc.sections.iter().enumerate() {
            // Report the outermost empty section only: its empty subsections go with it.
            let parent_filled = section.parent.is_none_or(|parent| filled[parent as usize]);
            if !filled[index] && parent_filled {
                cx.report(
                    section.span,
                    NothingUnder {
                        heading: doc.text(section.text).to_owned(),
                    },
                );
            }
        }
    }
}
