use crate::diagnostic::{Fix, Severity, Violation};
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

pub(crate) fn build(settings: &Settings) -> Box<dyn LadderRule> {
    Box::new(HeadingDrift {
        accepted: settings.accepted_spellings.clone(),
    })
}

struct HeadingDrift {
    /// Spellings that are never drift, as written.
    accepted: Vec<String>,
}

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
        for name in section_names(ladder)
            .iter()
            .filter(|name| !name.is_uniform())
        {
            let places: Vec<Place> = name
                .uses
                .iter()
                .map(|u| {
                    let section = &ladder.document(&ladder.levels()[u.level]).sections[u.at];
                    Place {
                        span: section.span,
                        rename: Some(section.raw_span),
                    }
                })
                .collect();
            report_drift(ladder, name, &places, "heading", &self.accepted, cx);
        }
        // A responsibility table names its rows the way other ladders name sub-headings.
        // A cell's rendered text may differ from its source (markup), so it gets no fix.
        for name in responsibility_names(ladder)
            .iter()
            .filter(|name| !name.is_uniform())
        {
            let places: Vec<Place> = name
                .uses
                .iter()
                .map(|u| Place {
                    span: u.at,
                    rename: None,
                })
                .collect();
            report_drift(ladder, name, &places, "responsibility", &self.accepted, cx);
        }
    }
}

/// Where one use of a name is written.
struct Place {
    span: Span,
    /// The text a rename replaces, when it can be replaced safely.
    rename: Option<Span>,
}

/// Report every use of `name` that is not written the canonical way, nor in a spelling
/// the config accepts. `places[i]` is where `name.uses[i]` is.
fn report_drift<T>(
    ladder: &Ladder<'_>,
    name: &SharedName<'_, T>,
    places: &[Place],
    noun: &'static str,
    accepted: &[String],
    cx: &mut LadderContext<'_>,
) {
    let canonical = name.canonical().to_owned();
    let canonical_levels = name.levels_writing(&canonical);
    for (drifted, place) in name.uses.iter().zip(places) {
        let is_accepted = accepted.iter().any(|a| a == drifted.written.trim());
        if drifted.written == canonical || is_accepted {
            continue;
        }
        let level = &ladder.levels()[drifted.level];
        let diagnostic = cx.report(
            level,
            place.span,
            Drifted {
                noun,
                written: drifted.written.to_owned(),
                canonical: canonical.clone(),
                levels: level_list(ladder, &canonical_levels),
                difference: difference(drifted.written, &canonical),
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
            diagnostic.related.push(evidence(
                ladder,
                other_level,
                places[used].span,
                format!("written `{canonical}` at {}", other_level.level.id),
            ));
        }
        // A typo match may be two different words (`Influencer`, `Influence`): the fix is
        // only offered where the two spellings are certainly one name.
        let certain = difference(drifted.written, &canonical) != "spelling";
        if let Some(rename) = place.rename.filter(|_| certain) {
            diagnostic.fix = Some(Fix::replace(
                format!("rename to `{canonical}`"),
                rename,
                &canonical,
            ));
        }
    }
}
