use crate::diagnostic::{Severity, Violation};
use crate::ladder::names::level_list;
use crate::ladder::{Ladder, TrackLevel};
use crate::level::{LevelScheme, Scheme, TextKind};
use crate::rules::{LadderContext, LadderRule, RuleMeta, evidence};
use crate::settings::Settings;

pub static META: RuleMeta = RuleMeta {
    name: "title-scheme",
    summary: "level titles in one track that follow different patterns",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/title-scheme.md"),
};

pub(crate) fn build(settings: &Settings) -> Box<dyn LadderRule> {
    Box::new(TitleScheme {
        levels: settings.level_scheme().clone(),
    })
}

struct TitleScheme {
    levels: LevelScheme,
}

struct OtherPattern {
    pattern: String,
    canonical: String,
    levels: String,
}

impl Violation for OtherPattern {
    fn message(&self) -> String {
        format!(
            "title follows the pattern `{}`; {} of this track follow `{}`",
            self.pattern, self.levels, self.canonical
        )
    }

    fn help(&self) -> Option<String> {
        Some(format!(
            "write the title as `{}`, so the levels read as one ladder",
            self.canonical
        ))
    }
}

/// The shape of a title around its level id: `L{n}: {role}`, `IC{n} {role}`,
/// `{role} {roman}`. Titles whose id is a rung name or missing have no pattern.
fn pattern(title: &str, levels: &LevelScheme) -> Option<String> {
    // `Software Engineer IV / Platform Manager`: an alias after the title is not its shape.
    let title = title.split(['/', '|']).next().unwrap_or(title).trim();
    let found = levels.find(title, TextKind::Title)?;
    let (prefix, placeholder) = match &found.scheme {
        Scheme::Code(prefix) => (prefix.as_str(), "{n}"),
        Scheme::Number => ("", "Level {n}"),
        Scheme::Roman => ("", "{roman}"),
        Scheme::Rung | Scheme::Weight => return None,
    };
    let at = whole_word(title, &found.id, found.scheme == Scheme::Roman)?;
    let before = title[..at].trim();
    let after = &title[at + found.id.len()..];
    let rest = after.trim_start_matches(|c: char| !c.is_alphanumeric());
    let separator = after[..after.len() - rest.len()].trim();
    let mut shape = String::with_capacity(32);
    if !before.is_empty() {
        shape.push_str("{role} ");
    }
    shape.push_str(prefix);
    shape.push_str(placeholder);
    match separator {
        "" => {}
        ":" | "," | ")" | "]" => shape.push_str(separator),
        other => {
            shape.push(' ');
            shape.push_str(other);
        }
    }
    if !rest.is_empty() {
        shape.push_str(" {role}");
    }
    Some(shape)
}

/// Where `word` stands as a whole word in `text`, compared ASCII-case-insensitively (which
/// keeps byte offsets valid): the last such place for a roman numeral (`Engineer I`, not
/// the `I` of `Infrastructure`), else the first.
fn whole_word(text: &str, word: &str, last: bool) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let wanted = word.to_ascii_lowercase();
    let is_boundary = |at: Option<char>| at.is_none_or(|c| !c.is_alphanumeric());
    let mut matches = lower
        .match_indices(&wanted)
        .map(|(at, _)| at)
        .filter(|&at| {
            is_boundary(text[..at].chars().next_back())
                && is_boundary(text[at + wanted.len()..].chars().next())
        });
    if last { matches.last() } else { matches.next() }
}

impl LadderRule for TitleScheme {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>) {
        let levels = ladder.levels();
        let patterns: Vec<Option<(String, &TrackLevel)>> = levels
            .iter()
            .map(|level| {
                let doc = ladder.document(level);
                let title = match level.heading {
                    Some(heading) => doc.text(doc.sections[heading as usize].text),
                    None => doc.title.as_ref()?.text.as_str(),
                };
                Some((pattern(title, &self.levels)?, level))
            })
            .collect();
        // The canonical pattern is the most common one; a tie goes to the lowest level's.
        let mut counts: Vec<(&str, Vec<usize>)> = Vec::new();
        for (index, entry) in patterns.iter().enumerate() {
            let Some((shape, _)) = entry else { continue };
            match counts.iter_mut().find(|(seen, _)| seen == shape) {
                Some((_, users)) => users.push(index),
                None => counts.push((shape, vec![index])),
            }
        }
        if counts.len() < 2 {
            return;
        }
        let (canonical, users) = counts
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.1[0].cmp(&a.1[0])))
            .cloned()
            .unwrap_or_default();
        for entry in patterns.iter().flatten() {
            let (shape, level) = entry;
            if shape == canonical {
                continue;
            }
            let doc = ladder.document(level);
            let diagnostic = cx.report(
                level,
                level.anchor(doc),
                OtherPattern {
                    pattern: shape.clone(),
                    canonical: canonical.to_owned(),
                    levels: level_list(ladder, &users),
                },
            );
            if let Some(&first) = users.first() {
                let other = &levels[first];
                diagnostic.related.push(evidence(
                    ladder,
                    other,
                    other.anchor(ladder.document(other)),
                    format!("{} follows `{canonical}`", other.level.id),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pattern;
    use crate::level;

    #[test]
    fn patterns() {
        assert_eq!(
            pattern("L2: Security Engineer", level::standard()).as_deref(),
            Some("L{n}: {role}")
        );
        assert_eq!(
            pattern("IC5 Staff Security Engineer", level::standard()).as_deref(),
            Some("IC{n} {role}")
        );
        assert_eq!(
            pattern("D1 - Developer 1", level::standard()).as_deref(),
            Some("D{n} - {role}")
        );
        assert_eq!(
            pattern("Software Engineer II", level::standard()).as_deref(),
            Some("{role} {roman}")
        );
        assert_eq!(pattern("L1", level::standard()).as_deref(), Some("L{n}"));
        assert_eq!(pattern("Staff Engineer", level::standard()), None);
        assert_eq!(
            pattern("Infrastructure Engineer I", level::standard()).as_deref(),
            Some("{role} {roman}")
        );
        assert_eq!(
            pattern("Senior Software Engineer (L3)", level::standard()).as_deref(),
            Some("{role} L{n})")
        );
        assert_eq!(
            pattern("İİ level 3 é", level::standard()).as_deref(),
            Some("{role} Level {n} {role}")
        );
    }
}
