use crate::diagnostic::{Severity, Violation};
use crate::ladder::Ladder;
use crate::ladder::names::{
    SharedName, difference, level_list, nearest, responsibility_names, section_names,
};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "heading-drift",
    summary: "a heading written differently from the same heading at the other levels",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/heading-drift.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn LadderRule> {
    Box::new(HeadingDrift)
}

struct HeadingDrift;

struct Drifted {
    noun: &'static str,
    written: String,
    canonical: String,
    levels: String,
    difference: &'static str,
}

impl Violation for Drifted {
    fn message(&self) -> String {
        format!(
            "{} `{}` is written `{}` at {} of this track",
            self.noun, self.written, self.canonical, self.levels
        )
    }

    fn help(&self) -> Option<String> {
        Some(format!(
            "rename it to `{}` (they differ in {}) so the levels read as one ladder",
            self.canonical, self.difference
        ))
    }
}

impl LadderRule for HeadingDrift {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        for name in section_names(ladder) {
            let spans: Vec<Span> = name
                .uses
                .iter()
                .map(|u| ladder.document(&ladder.levels()[u.level]).sections[u.at].span)
                .collect();
            report_drift(ladder, name, &spans, "heading", cx);
        }
        // A responsibility table names its rows the way other ladders name sub-headings.
        for name in responsibility_names(ladder) {
            let spans: Vec<Span> = name.uses.iter().map(|u| u.at).collect();
            report_drift(ladder, name, &spans, "responsibility", cx);
        }
    }
}

/// Report every use of `name` that is not written the canonical way. `spans[i]` is where
/// `name.uses[i]` is.
fn report_drift<T>(
    ladder: &Ladder<'_>,
    name: &SharedName<T>,
    spans: &[Span],
    noun: &'static str,
    cx: &mut LadderContext<'_>,
) {
    {
        {
            let canonical = name.canonical().to_owned();
            let canonical_levels: Vec<usize> = {
                let mut levels: Vec<usize> = name
                    .uses
                    .iter()
                    .filter(|u| u.written == canonical)
                    .map(|u| u.level)
                    .collect();
                levels.dedup();
                levels
            };
            for (drifted, &span) in name.uses.iter().zip(spans) {
                if drifted.written == canonical {
                    continue;
                }
                let level = &ladder.levels()[drifted.level];
                let diagnostic = cx.report(
                    level,
                    span,
                    Drifted {
                        noun,
                        written: drifted.written.clone(),
                        canonical: canonical.clone(),
                        levels: level_list(ladder, &canonical_levels),
                        difference: difference(&drifted.written, &canonical),
                    },
                );
                for other in nearest(&canonical_levels, drifted.level, 3) {
                    let other_level = &ladder.levels()[other];
                    let Some(used) = name
                        .uses
                        .iter()
                        .position(|u| u.level == other && u.written == canonical)
                    else {
                        continue;
                    };
                    let span = spans[used];
                    diagnostic.related.push(evidence(
                        ladder,
                        other_level,
                        span,
                        format!("written `{canonical}` at {}", other_level.level.id),
                    ));
                }
            }
        }
    }
}
