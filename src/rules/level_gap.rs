use crate::diagnostic::{Severity, Violation};
use crate::ladder::{Ladder, TrackLevel};
use crate::level::{self, Scheme};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "level-gap",
    summary: "a hole in a track's level sequence, or two documents claiming one level",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/level-gap.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn LadderRule> {
    Box::new(LevelGap)
}

struct LevelGap;

enum Gap {
    Hole {
        below: String,
        above: String,
        missing: String,
    },
    Claimed {
        id: String,
    },
}

impl Violation for Gap {
    fn message(&self) -> String {
        match self {
            Gap::Hole {
                below,
                above,
                missing,
            } => {
                let verb = if missing.contains(' ') { "are" } else { "is" };
                format!(
                    "no level between {below} and {above}: {missing} {verb} missing from this track"
                )
            }
            Gap::Claimed { id } => format!("another level of this track also claims to be {id}"),
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            Gap::Hole { missing, .. } => format!(
                "add the {missing} document, or renumber the levels so the sequence has no hole"
            ),
            Gap::Claimed { .. } => {
                "give each document its own level id, or merge the two into one".into()
            }
        })
    }
}

/// Ids with numbers in them can be checked for holes; rung names and page weights cannot.
fn numbered(scheme: &Scheme) -> bool {
    matches!(scheme, Scheme::Code(_) | Scheme::Number | Scheme::Roman)
}

impl LadderRule for LevelGap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        // Levels are sorted by rank; each scheme is its own sequence (`L1…L4` beside `IC5`).
        let levels = ladder.levels();
        let mut schemes: Vec<&Scheme> = levels
            .iter()
            .map(|level| &level.level.scheme)
            .filter(|scheme| numbered(scheme))
            .collect();
        schemes.sort();
        schemes.dedup();
        for scheme in schemes {
            let sequence: Vec<&TrackLevel> = levels
                .iter()
                .filter(|level| &level.level.scheme == scheme)
                .collect();
            for pair in sequence.windows(2) {
                let (lower, upper) = (pair[0], pair[1]);
                let upper_doc = ladder.document(upper);
                if lower.level.rank == upper.level.rank {
                    let diagnostic = cx.report(
                        upper,
                        upper.anchor(upper_doc),
                        Gap::Claimed {
                            id: upper.level.id.clone(),
                        },
                    );
                    let lower_doc = ladder.document(lower);
                    diagnostic.related.push(evidence(
                        ladder,
                        lower,
                        lower.anchor(lower_doc),
                        format!("also {}", lower.level.id),
                    ));
                } else if upper.level.rank > lower.level.rank + 1 {
                    let missing = missing_ids(scheme, lower.level.rank, upper.level.rank);
                    cx.report(
                        upper,
                        upper.anchor(upper_doc),
                        Gap::Hole {
                            below: lower.level.id.clone(),
                            above: upper.level.id.clone(),
                            missing,
                        },
                    );
                }
            }
        }
    }
}

/// `L3`, `L3 and L4`, or `L3 to L6`: the ids strictly between two ranks.
fn missing_ids(scheme: &Scheme, lower: u32, upper: u32) -> String {
    let id = |rank: u32| match scheme {
        Scheme::Code(prefix) => format!("{prefix}{rank}"),
        Scheme::Roman => level::roman(rank),
        _ => format!("Level {rank}"),
    };
    match upper - lower {
        2 => id(lower + 1),
        3 => format!("{} and {}", id(lower + 1), id(lower + 2)),
        _ => format!("{} to {}", id(lower + 1), id(upper - 1)),
    }
}
