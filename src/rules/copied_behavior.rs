use std::collections::HashMap;

use crate::diagnostic::{Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::ladder::{Ladder, TrackLevel};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "copied-behavior",
    summary: "a behaviour copied word for word from the level below",
    default_severity: Severity::Info,
    enabled_by_default: false,
    doc: include_str!("../../rules/copied-behavior.md"),
};

pub(crate) fn build(settings: &Settings) -> Box<dyn LadderRule> {
    Box::new(CopiedBehavior {
        min_length: settings.copied_min_length,
    })
}

struct CopiedBehavior {
    /// Behaviours shorter than this many characters are too generic to call copied
    /// (`Mentors others`).
    min_length: usize,
}

struct Copied {
    below: String,
}

impl Violation for Copied {
    fn message(&self) -> String {
        format!("this behaviour is copied word for word from {}", self.below)
    }

    fn help(&self) -> Option<String> {
        Some(
            "say what changes at this level (scope, autonomy, impact), or leave the behaviour to the level below"
                .into(),
        )
    }
}

/// The comparison form of a behaviour: lower case, single spaces, no final full stop.
fn comparable(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words.join(" ").trim_end_matches(['.', ';']).to_owned()
}

/// The behaviours of a level in comparison form, with their item index.
fn behaviors<'d>(
    doc: &'d Document,
    level: &TrackLevel,
    min_length: usize,
) -> impl Iterator<Item = (usize, String)> + use<'d> {
    level.items.clone().filter_map(move |index| {
        let item = &doc.items[index];
        if item.kind != ItemKind::ListItem {
            return None;
        }
        let text = comparable(doc.text(item.text));
        (text.chars().count() >= min_length).then_some((index, text))
    })
}

impl LadderRule for CopiedBehavior {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        for pair in ladder.levels().windows(2) {
            let (below, level) = (&pair[0], &pair[1]);
            let below_doc = ladder.document(below);
            let known: HashMap<String, usize> = behaviors(below_doc, below, self.min_length)
                .map(|(index, text)| (text, index))
                .collect();
            if known.is_empty() {
                continue;
            }
            let doc = ladder.document(level);
            for (index, text) in behaviors(doc, level, self.min_length) {
                let Some(&original) = known.get(&text) else {
                    continue;
                };
                let diagnostic = cx.report(
                    level,
                    doc.items[index].span,
                    Copied {
                        below: below.level.id.clone(),
                    },
                );
                diagnostic.related.push(evidence(
                    ladder,
                    below,
                    below_doc.items[original].span,
                    format!("the same behaviour at {}", below.level.id),
                ));
            }
        }
    }
}
