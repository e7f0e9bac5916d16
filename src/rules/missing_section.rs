use crate::diagnostic::{Severity, Violation};
use crate::ladder::Ladder;
use crate::ladder::names::{Having, find_section, level_list, nearest, section_names};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "missing-section",
    summary: "a level lacks a section that the other levels of its track have",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/missing-section.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn LadderRule> {
    Box::new(MissingSection)
}

/// A track's config (`Ladder::spec`) may require sections, and their order.
struct MissingSection;

/// A section the config requires of every level of the track.
struct Required {
    section: String,
    track: String,
}

impl Violation for Required {
    fn message(&self) -> String {
        format!(
            "section `{}` is missing; the config requires it at every level of track `{}`",
            self.section, self.track
        )
    }

    fn help(&self) -> Option<String> {
        Some(format!(
            "add a `{}` section, or drop it from `required-sections` in the config",
            self.section
        ))
    }
}

struct Missing {
    section: String,
    levels: String,
    after: Option<String>,
}

impl Violation for Missing {
    fn message(&self) -> String {
        format!(
            "section `{}` is missing; {} of this track have it",
            self.section, self.levels
        )
    }

    fn help(&self) -> Option<String> {
        Some(match &self.after {
            Some(after) => format!(
                "add a `{}` section after `{after}`, as the other levels have",
                self.section
            ),
            None => format!("add a `{}` section, as the other levels have", self.section),
        })
    }
}

/// Whether a level without a section should have it: three quarters of the other levels
/// (and at least two of them, or the only other one) have it, or the levels on both sides
/// of it do (a hole in the middle of the ladder).
fn expected(having: &Having<'_>, level: usize) -> bool {
    let between = level > 0
        && level + 1 < having.level_count()
        && having.at(level - 1)
        && having.at(level + 1);
    having.most_others_have(level) || between
}

impl LadderRule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        let levels = ladder.levels();
        let names = section_names(ladder);
        // Required sections are reported once, as required, not again by consensus.
        let mut required_names = Vec::new();
        if let Some(spec) = ladder.spec() {
            for section in &spec.required_sections {
                let found = find_section(ladder, names, section);
                required_names.extend(found);
                for (index, level) in levels.iter().enumerate() {
                    if found.is_some_and(|name| names[name].used_at(index)) {
                        continue;
                    }
                    let doc = ladder.document(level);
                    cx.report(
                        level,
                        level.anchor(doc),
                        Required {
                            section: section.clone(),
                            track: spec.name.clone(),
                        },
                    );
                }
            }
        }
        // Which levels use the name, for each name in turn.
        let mut has: Vec<bool> = Vec::with_capacity(levels.len());
        for (name_index, name) in names.iter().enumerate() {
            if required_names.contains(&name_index) {
                continue;
            }
            let having = name.used_by_level(levels.len(), &mut has);
            let mut missing = (0..levels.len())
                .filter(|&index| !having.at(index) && expected(&having, index))
                .peekable();
            if missing.peek().is_none() {
                continue;
            }
            let with = name.levels();
            let canonical = name.canonical().trim().to_owned();
            for index in missing {
                let level = &levels[index];
                let doc = ladder.document(level);
                let closest = nearest(&with, index, 3);
                let after = closest.first().and_then(|&other| {
                    preceding_in(ladder, other, &name.uses, doc, level.sections.clone())
                });
                let diagnostic = cx.report(
                    level,
                    level.anchor(doc),
                    Missing {
                        section: canonical.clone(),
                        levels: level_list(ladder, &with),
                        after,
                    },
                );
                for other in closest {
                    let other_level = &levels[other];
                    let Some(used) = name.uses.iter().find(|u| u.level == other) else {
                        continue;
                    };
                    let span = ladder.document(other_level).sections[used.at].span;
                    diagnostic.related.push(evidence(
                        ladder,
                        other_level,
                        span,
                        format!("{} has it here", other_level.level.id),
                    ));
                }
            }
        }
    }
}

/// The heading that comes before the missing section at level `other`, if this level has
/// a heading of that name too: where the section belongs.
fn preceding_in(
    ladder: &Ladder<'_>,
    other: usize,
    uses: &[crate::ladder::names::Use<'_, usize>],
    doc: &crate::document::Document,
    sections: std::ops::Range<usize>,
) -> Option<String> {
    let other_level = &ladder.levels()[other];
    let other_doc = ladder.document(other_level);
    let at = uses.iter().find(|u| u.level == other)?.at;
    let previous = other_level
        .sections
        .clone()
        .rev()
        .find(|&index| index < at)?;
    let key = other_doc.text(other_doc.sections[previous].normalized);
    sections
        .map(|index| &doc.sections[index])
        .find(|section| doc.text(section.normalized) == key)
        .map(|section| doc.text(section.raw).trim().to_owned())
}
