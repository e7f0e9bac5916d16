use std::cell::OnceCell;

use crate::diagnostic::{Severity, Violation};
use crate::ladder::Ladder;
use crate::ladder::names::{find_section, level_list, section_names};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "section-order",
    summary: "sections in a different order than at the other levels of the track",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/section-order.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn LadderRule> {
    Box::new(SectionOrder)
}

/// A track's config (`Ladder::spec`) may require sections, and their order.
struct SectionOrder;

/// A required section above one the config lists before it.
struct AgainstConfig {
    section: String,
    before: String,
    track: String,
}

impl Violation for AgainstConfig {
    fn message(&self) -> String {
        format!(
            "section `{}` comes after `{}` here; the config orders track `{}` with it first",
            self.section, self.before, self.track
        )
    }

    fn help(&self) -> Option<String> {
        Some(format!(
            "move `{}` above `{}`, in the order of `required-sections`",
            self.section, self.before
        ))
    }
}

struct OutOfOrder {
    section: String,
    before: String,
    levels: String,
}

impl Violation for OutOfOrder {
    fn message(&self) -> String {
        format!(
            "section `{}` comes after `{}` here; at {} it comes before it",
            self.section, self.before, self.levels
        )
    }

    fn help(&self) -> Option<String> {
        Some(format!(
            "move `{}` above `{}`, so readers find each section in the same place at every level",
            self.section, self.before
        ))
    }
}

impl LadderRule for SectionOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        let levels = ladder.levels();
        let names = section_names(ladder);
        // Each name's canonical spelling, worked out once, when a finding first needs it.
        let canonical: Vec<OnceCell<String>> = names.iter().map(|_| OnceCell::new()).collect();
        let canonical_name =
            |name: usize| canonical[name].get_or_init(|| names[name].canonical().trim().to_owned());
        // Which name each section of each level is, by its place among the level's sections.
        let mut name_of_section: Vec<Vec<Option<usize>>> = levels
            .iter()
            .map(|level| vec![None; level.sections.len()])
            .collect();
        for (name, shared) in names.iter().enumerate() {
            for u in &shared.uses {
                let first = levels[u.level].sections.start;
                if let Some(slot) = name_of_section[u.level].get_mut(u.at - first) {
                    *slot = Some(name);
                }
            }
        }
        // Per level: the names of its top-level sections, in order, first use only, with
        // the section each one is.
        let sequences: Vec<Vec<(usize, usize)>> = (0..levels.len())
            .map(|level| {
                let doc = ladder.document(&levels[level]);
                let depth = levels[level]
                    .sections(doc)
                    .map(|(_, section)| section.depth)
                    .min();
                let first = levels[level].sections.start;
                let mut sequence: Vec<(usize, usize)> = Vec::new();
                for (index, section) in levels[level].sections(doc) {
                    if Some(section.depth) != depth {
                        continue;
                    }
                    let name = name_of_section[level][index - first];
                    if let Some(name) = name
                        && !sequence.iter().any(|&(seen, _)| seen == name)
                    {
                        sequence.push((name, index));
                    }
                }
                sequence
            })
            .collect();
        // With an order fixed by config, the config decides between required sections.
        let mut fixed: Vec<usize> = Vec::new();
        if let Some(spec) = ladder.spec().filter(|spec| spec.ordered) {
            fixed = spec
                .required_sections
                .iter()
                .filter_map(|section| find_section(ladder, names, section))
                .collect();
            for (level, sequence) in sequences.iter().enumerate() {
                let present: Vec<(usize, usize)> = fixed
                    .iter()
                    .filter_map(|&name| sequence.iter().find(|&&(seen, _)| seen == name))
                    .copied()
                    .collect();
                // `present` is in config order; a section placed above the one the
                // config lists before it is out of order.
                let Some(pair) = present.windows(2).find(|pair| pair[1].1 < pair[0].1) else {
                    continue;
                };
                let ((first, first_section), (second, _)) = (pair[0], pair[1]);
                cx.report(
                    &levels[level],
                    ladder.document(&levels[level]).sections[first_section].span,
                    AgainstConfig {
                        section: canonical_name(first).clone(),
                        before: canonical_name(second).clone(),
                        track: spec.name.clone(),
                    },
                );
            }
        }
        let position =
            |level: usize, name: usize| sequences[level].iter().position(|&(seen, _)| seen == name);
        for (level, sequence) in sequences.iter().enumerate() {
            for pair in sequence.windows(2) {
                let ((first, _), (second, second_section)) = (pair[0], pair[1]);
                if fixed.contains(&first) && fixed.contains(&second) {
                    continue;
                }
                let mut agree = 0;
                let mut disagree = Vec::new();
                for other in (0..levels.len()).filter(|&other| other != level) {
                    match (position(other, first), position(other, second)) {
                        (Some(a), Some(b)) if a < b => agree += 1,
                        (Some(_), Some(_)) => disagree.push(other),
                        _ => {}
                    }
                }
                if disagree.len() < 2 || disagree.len() <= agree {
                    continue;
                }
                let doc = ladder.document(&levels[level]);
                let diagnostic = cx.report(
                    &levels[level],
                    doc.sections[second_section].span,
                    OutOfOrder {
                        section: canonical_name(second).clone(),
                        before: canonical_name(first).clone(),
                        levels: level_list(ladder, &disagree),
                    },
                );
                let shown = disagree.first().and_then(|&other| {
                    let &(_, section) =
                        sequences[other].iter().find(|&&(seen, _)| seen == second)?;
                    Some((other, section))
                });
                if let Some((other, section)) = shown {
                    let other_level = &levels[other];
                    let span = ladder.document(other_level).sections[section].span;
                    diagnostic.related.push(evidence(
                        ladder,
                        other_level,
                        span,
                        format!(
                            "{} puts it here, before `{}`",
                            other_level.level.id,
                            canonical_name(first)
                        ),
                    ));
                }
            }
        }
    }
}
