use crate::diagnostic::{Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::hash::FastMap;
use crate::ladder::{Ladder, TrackLevel};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;
use crate::text::{loose_fingerprint, same_loosely};

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

/// The behaviours of a level by loose fingerprint (case, spacing and a closing full stop
/// do not count), with their item indices. List items that open with a label
/// (`**Autonomy**: ...`) are level fields, not behaviours: neighbouring levels may well
/// share their values.
fn behaviors(doc: &Document, level: &TrackLevel, min_length: usize) -> FastMap<u64, Vec<usize>> {
    let mut by_fingerprint: FastMap<u64, Vec<usize>> = FastMap::default();
    for index in level.items.clone() {
        let item = &doc.items[index];
        if item.kind != ItemKind::ListItem || doc.label(item).is_some() {
            continue;
        }
        let text = doc.text(item.text);
        if text.chars().count() < min_length {
            continue;
        }
        by_fingerprint
            .entry(loose_fingerprint(text))
            .or_default()
            .push(index);
    }
    by_fingerprint
}

impl LadderRule for CopiedBehavior {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        let levels = ladder.levels();
        // Each level's behaviours, worked out once: a level is compared both ways.
        let by_level: Vec<FastMap<u64, Vec<usize>>> = levels
            .iter()
            .map(|level| behaviors(ladder.document(level), level, self.min_length))
            .collect();
        for (index, pair) in levels.windows(2).enumerate() {
            let (below, level) = (&pair[0], &pair[1]);
            let (known, own) = (&by_level[index], &by_level[index + 1]);
            let below_doc = ladder.document(below);
            let doc = ladder.document(level);
            // Fingerprints narrow the candidates; the texts decide.
            let mut copied: Vec<(usize, usize)> = Vec::new();
            for (fingerprint, indices) in own {
                let Some(candidates) = known.get(fingerprint) else {
                    continue;
                };
                for &index in indices {
                    let text = doc.text(doc.items[index].text);
                    let original = candidates.iter().copied().find(|&candidate| {
                        same_loosely(text, below_doc.text(below_doc.items[candidate].text))
                    });
                    copied.extend(original.map(|original| (index, original)));
                }
            }
            // In document order, so findings come out in a stable order.
            copied.sort_unstable();
            for (index, original) in copied {
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
