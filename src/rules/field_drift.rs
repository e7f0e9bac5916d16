use std::collections::BTreeMap;

use crate::diagnostic::{Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::ladder::names::{
    Having, NameKey, SharedName, difference, group, level_list, nearest, responsibility_names,
};
use crate::ladder::{Ladder, TrackLevel};
use crate::level::Scheme;
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "field-drift",
    summary: "a level field missing or named differently than at the other levels",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/field-drift.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn LadderRule> {
    Box::new(FieldDrift)
}

struct FieldDrift;

/// The kinds of field a level document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `**Planning horizon**: a quarter`.
    Label,
    /// A front-matter key.
    FrontMatter,
    /// The first cell of a row in a responsibility table (only its presence: its spelling
    /// is heading-drift's).
    Responsibility,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Label => "field",
            Kind::FrontMatter => "front-matter key",
            Kind::Responsibility => "responsibility",
        }
    }
}

enum Drift {
    Renamed {
        kind: Kind,
        written: String,
        canonical: String,
        levels: String,
        difference: &'static str,
    },
    Missing {
        kind: Kind,
        name: String,
        levels: String,
    },
}

impl Violation for Drift {
    fn message(&self) -> String {
        match self {
            Drift::Renamed {
                kind,
                written,
                canonical,
                levels,
                ..
            } => format!(
                "{} `{written}` is named `{canonical}` at {levels} of this track",
                kind.noun()
            ),
            Drift::Missing { kind, name, levels } => format!(
                "{} `{name}` is missing; {levels} of this track have it",
                kind.noun()
            ),
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            Drift::Renamed {
                canonical,
                difference,
                ..
            } => format!("rename it to `{canonical}` (they differ in {difference})"),
            Drift::Missing { kind, name, .. } => {
                format!("add the {} `{name}`, as the other levels have", kind.noun())
            }
        })
    }
}

/// Front-matter keys that differ between levels by design: navigation to the previous or
/// next level, ordering and publishing details.
fn varies_by_design(key: &str) -> bool {
    // Compared without case, with no lower-cased copy: every key of every level is asked.
    let navigation = key.split(['_', '-', ' ']).any(|part| {
        ["prev", "previous", "next"]
            .iter()
            .any(|word| part.eq_ignore_ascii_case(word))
    });
    navigation
        || [
            "weight",
            "order",
            "nav_order",
            "permalink",
            "date",
            "draft",
            "aliases",
            "layout",
            "parent",
            "redirect_from",
            "slug",
        ]
        .iter()
        .any(|name| key.eq_ignore_ascii_case(name))
}

/// The fields of `kind` at one level: each name as written, and where.
fn fields<'d>(
    kind: Kind,
    doc: &'d Document,
    level: &TrackLevel,
) -> impl Iterator<Item = (&'d str, Span)> + 'd {
    // A file that holds several levels has one front matter for all of them.
    let front_matter = (kind == Kind::FrontMatter && level.heading.is_none()).then(|| {
        doc.front_matter
            .iter()
            .filter(|field| !varies_by_design(&field.key))
            .map(|field| (field.key.as_str(), field.span))
    });
    let labels = (kind == Kind::Label).then(|| {
        doc.items[level.items.clone()].iter().filter_map(|item| {
            let label = doc.label(item)?;
            (item.kind == ItemKind::Paragraph).then_some((doc.text(label.name), label.span))
        })
    });
    front_matter
        .into_iter()
        .flatten()
        .chain(labels.into_iter().flatten())
}

/// Whether the level at `level`, without a field, should have it. Labels and front-matter
/// keys: most other levels have it. Responsibilities: levels on both sides have it; ladders
/// add responsibilities as levels rise, so one missing at the bottom or top is by design.
/// A level that another document of the track claims too (`claimed_twice`) is not held to
/// the responsibilities around it: which of the two lacks one says nothing, and a
/// directory of many ladders' levels would otherwise flag every responsibility of each at
/// every level of the others.
fn expected(kind: Kind, having: &Having<'_>, claimed_twice: &[bool], level: usize) -> bool {
    if kind == Kind::Responsibility {
        return !claimed_twice[level] && having.below_and_above(level);
    }
    having.level_count() >= 3 && having.most_others_have(level)
}

/// For each level of `levels`, whether another level of the track has its scheme and rank.
fn claimed_twice(levels: &[TrackLevel]) -> Vec<bool> {
    let mut claims: BTreeMap<(&Scheme, u32), usize> = BTreeMap::new();
    for level in levels {
        *claims
            .entry((&level.level.scheme, level.level.rank))
            .or_default() += 1;
    }
    levels
        .iter()
        .map(|level| claims[&(&level.level.scheme, level.level.rank)] > 1)
        .collect()
}

impl LadderRule for FieldDrift {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        let levels = ladder.levels();
        let claimed_twice = claimed_twice(levels);
        // Which levels use a name, for each name in turn.
        let mut has = Vec::with_capacity(levels.len());
        for kind in [Kind::FrontMatter, Kind::Label] {
            let uses = levels.iter().enumerate().flat_map(|(index, level)| {
                fields(kind, ladder.document(level), level)
                    .map(move |(name, span)| (index, NameKey::OfWritten, name, span))
            });
            for name in group(uses, ladder.max_edits) {
                if !name.is_uniform() {
                    self.renamed(ladder, kind, &name, cx);
                }
                if levels.len() >= 3 {
                    self.missing(ladder, kind, &name, &mut has, &claimed_twice, cx);
                }
            }
        }
        // Responsibility names are headings in table form: heading-drift checks their
        // spelling; this rule checks that none goes missing.
        if levels.len() >= 3 {
            for name in responsibility_names(ladder) {
                self.missing(
                    ladder,
                    Kind::Responsibility,
                    name,
                    &mut has,
                    &claimed_twice,
                    cx,
                );
            }
        }
    }
}

impl FieldDrift {
    fn renamed(
        &self,
        ladder: &Ladder<'_>,
        kind: Kind,
        name: &SharedName<'_, Span>,
        cx: &mut LadderContext<'_>,
    ) {
        let canonical = name.canonical().to_owned();
        let canonical_levels = name.levels_writing(&canonical);
        for drifted in name.uses.iter().filter(|u| u.written != canonical) {
            let level = &ladder.levels()[drifted.level];
            let diagnostic = cx.report(
                level,
                drifted.at,
                Drift::Renamed {
                    kind,
                    written: drifted.written.to_owned(),
                    canonical: canonical.clone(),
                    levels: level_list(ladder, &canonical_levels),
                    difference: difference(drifted.written, &canonical),
                },
            );
            if let Some(&other) = nearest(&canonical_levels, drifted.level, 1).first()
                && let Some(used) = name
                    .uses
                    .iter()
                    .find(|u| u.level == other && u.written == canonical)
            {
                let other_level = &ladder.levels()[other];
                diagnostic.related.push(evidence(
                    ladder,
                    other_level,
                    used.at,
                    format!("named `{canonical}` at {}", other_level.level.id),
                ));
            }
        }
    }

    fn missing(
        &self,
        ladder: &Ladder<'_>,
        kind: Kind,
        name: &SharedName<'_, Span>,
        has: &mut Vec<bool>,
        claimed_twice: &[bool],
        cx: &mut LadderContext<'_>,
    ) {
        let levels = ladder.levels();
        let having = name.used_by_level(levels.len(), has);
        // Most names are used at every level: nothing is missing, and nothing is listed.
        if having.everywhere() {
            return;
        }
        let with = name.levels();
        let canonical = name.canonical().trim();
        for (index, level) in levels.iter().enumerate() {
            if having.at(index) || !expected(kind, &having, claimed_twice, index) {
                continue;
            }
            let doc = ladder.document(level);
            let diagnostic = cx.report(
                level,
                level.anchor(doc),
                Drift::Missing {
                    kind,
                    name: canonical.to_owned(),
                    levels: level_list(ladder, &with),
                },
            );
            if let Some(&other) = nearest(&with, index, 1).first()
                && let Some(used) = name.uses.iter().find(|u| u.level == other)
            {
                let other_level = &levels[other];
                diagnostic.related.push(evidence(
                    ladder,
                    other_level,
                    used.at,
                    format!("{} has it here", other_level.level.id),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::Linter;
    use crate::settings::Settings;

    fn field_drift_messages(dir: &Path) -> Vec<String> {
        let report = Linter::new(Settings::default()).lint_paths(&[dir.to_owned()]);
        report
            .diagnostics()
            .filter(|diagnostic| diagnostic.rule == "field-drift")
            .map(|diagnostic| diagnostic.message.clone())
            .collect()
    }

    #[test]
    fn a_level_claimed_twice_is_not_held_to_the_responsibilities_around_it() {
        let fixture = Path::new("fixtures/field-drift/fail_missing_responsibility");
        let dir = tempfile::tempdir().unwrap();
        for level in ["L1", "L2", "L3"] {
            std::fs::copy(
                fixture.join(format!("{level}.md")),
                dir.path().join(format!("{level}.md")),
            )
            .unwrap();
        }
        assert_eq!(
            field_drift_messages(dir.path()),
            ["responsibility `Ticket triage` is missing; L1 and L3 of this track have it"]
        );
        // A second L2 (level-gap reports the claim): neither is held to the responsibility.
        std::fs::copy(fixture.join("L2.md"), dir.path().join("L2-draft.md")).unwrap();
        assert_eq!(field_drift_messages(dir.path()), Vec::<String>::new());
    }
}
