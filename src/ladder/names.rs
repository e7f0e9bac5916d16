//! Names the levels of a track share (section headings, responsibility names, field labels),
//! with their written variants folded together, for the rules that compare levels.

use std::borrow::Cow;

use crate::document::{
    ItemKind, heading_key_starts_with, normalize_heading, normalize_heading_into,
};
use crate::hash::FastMap;
use crate::ladder::Ladder;
use crate::source::Span;
use crate::text::edit_distance;

/// One name as the levels of a track use it. Variants that differ only in case, emoji,
/// spacing, `&`/`and`, British/American spelling or a small typo are one name.
/// Names borrow what the documents hold, so grouping copies no text.
#[derive(Debug)]
pub struct SharedName<'d, T> {
    /// The normalised form of the first use, which stands for the whole group.
    pub key: Cow<'d, str>,
    pub uses: Vec<Use<'d, T>>,
}

/// One use of a name: at which level (index into `Ladder::levels`), and what was written.
#[derive(Debug, Clone)]
pub struct Use<'d, T> {
    pub level: usize,
    pub written: &'d str,
    pub at: T,
}

impl<T> SharedName<'_, T> {
    /// Whether every use writes the name the same way: nothing can have drifted.
    pub fn is_uniform(&self) -> bool {
        self.uses
            .split_first()
            .is_none_or(|(first, rest)| rest.iter().all(|u| u.written == first.written))
    }

    /// Indices of the levels that use this name, in level order, without repeats.
    pub fn levels(&self) -> Vec<usize> {
        let mut levels: Vec<usize> = self.uses.iter().map(|u| u.level).collect();
        levels.sort_unstable();
        levels.dedup();
        levels
    }

    /// The levels that write the name exactly as `spelling`, in level order, without repeats.
    pub fn levels_writing(&self, spelling: &str) -> Vec<usize> {
        let mut levels: Vec<usize> = self
            .uses
            .iter()
            .filter(|u| u.written == spelling)
            .map(|u| u.level)
            .collect();
        levels.dedup();
        levels
    }

    pub fn used_at(&self, level: usize) -> bool {
        self.uses.iter().any(|u| u.level == level)
    }

    /// Which of `level_count` levels use the name, written into `used` (emptied first, so
    /// one list serves every name of a track).
    pub fn used_by_level<'h>(&self, level_count: usize, used: &'h mut Vec<bool>) -> Having<'h> {
        used.clear();
        used.resize(level_count, false);
        for u in &self.uses {
            if let Some(slot) = used.get_mut(u.level) {
                *slot = true;
            }
        }
        Having::new(used)
    }

    /// The spelling that stands for the name: one without stray whitespace if there is
    /// one; then the one three quarters of the levels agree on; else the one of the lowest
    /// level, since drift tends to creep in as a ladder grows upwards.
    pub fn canonical(&self) -> &str {
        let is_clean = |written: &str| written.trim() == written && !written.contains("  ");
        let any_clean = self.uses.iter().any(|u| is_clean(u.written));
        let candidates = self
            .uses
            .iter()
            .filter(|u| !any_clean || is_clean(u.written));
        let levels = self.levels().len();
        // How many levels write each spelling, as `levels_writing` counts them, for all
        // spellings in one pass: asking it for each candidate took time in the square of
        // the uses, where a directory holds thousands of levels.
        let mut agreeing: FastMap<&str, (usize, usize)> = FastMap::default();
        for u in &self.uses {
            let (count, last) = agreeing.entry(u.written).or_insert((0, usize::MAX));
            if *last != u.level {
                *count += 1;
                *last = u.level;
            }
        }
        let overwhelming = candidates.clone().find(|candidate| {
            let agreeing = agreeing[candidate.written].0;
            agreeing >= 3 && agreeing * 4 >= levels * 3
        });
        overwhelming
            .or_else(|| candidates.min_by_key(|u| u.level))
            .map_or("", |u| u.written)
    }
}

/// Where a use's grouping key comes from.
#[derive(Debug, Clone, Copy)]
pub enum NameKey<'d> {
    /// Normalised already: section headings carry theirs.
    Normalized(&'d str),
    /// The normalised form of what is written, built in a reused buffer: only a name's
    /// first use keeps a copy.
    OfWritten,
}

/// Room made for a name's uses when it is first met: most names are used once per level,
/// and most tracks have up to eight levels. Growing from one would copy each list twice.
const USES_RESERVED: usize = 8;

/// Group `(level, key, written, location)` uses into shared names, in order of first
/// use. Equal keys meet through a hash map; only distinct keys are compared for near
/// variants, so a track costs its number of distinct names squared, not its uses.
/// `max_edits` caps how many letters a long word may differ by (0: typos never fold).
pub fn group<'d, T>(
    uses: impl IntoIterator<Item = (usize, NameKey<'d>, &'d str, T)>,
    max_edits: usize,
) -> Vec<SharedName<'d, T>> {
    let mut names: Vec<SharedName<'d, T>> = Vec::new();
    let mut by_key: FastMap<Cow<'d, str>, usize> = FastMap::default();
    // Most names are written alike at every level: a spelling met before finds its name
    // without being normalised again. Only for keys of what is written, which the
    // spelling decides.
    let mut by_written: FastMap<&'d str, usize> = FastMap::default();
    let mut scratch = String::with_capacity(128);
    for (level, key, written, at) in uses {
        let of_written = matches!(key, NameKey::OfWritten);
        if of_written && let Some(&index) = by_written.get(written) {
            names[index].uses.push(Use { level, written, at });
            continue;
        }
        let normalized: &str = match key {
            NameKey::Normalized(key) => key,
            NameKey::OfWritten => {
                scratch.clear();
                normalize_heading_into(written, &mut scratch);
                &scratch
            }
        };
        if normalized.is_empty() {
            continue;
        }
        let entry = Use { level, written, at };
        if let Some(&index) = by_key.get(normalized) {
            names[index].uses.push(entry);
            if of_written {
                by_written.insert(written, index);
            }
            continue;
        }
        let key: Cow<'d, str> = match key {
            NameKey::Normalized(key) => Cow::Borrowed(key),
            NameKey::OfWritten => Cow::Owned(normalized.to_owned()),
        };
        by_key.insert(key.clone(), names.len());
        if of_written {
            by_written.insert(written, names.len());
        }
        let mut uses = Vec::with_capacity(USES_RESERVED);
        uses.push(entry);
        names.push(SharedName { key, uses });
    }
    // Fold each name into the first earlier name it is a variant of. Keys are split into
    // words once, since every pair of distinct names may be compared.
    let american: Vec<Cow<str>> = names.iter().map(|name| american(&name.key)).collect();
    let words: Vec<Vec<&str>> = names
        .iter()
        .map(|name| name.key.split(' ').collect())
        .collect();
    let mut kept: Vec<usize> = Vec::with_capacity(names.len());
    let mut target_of: Vec<usize> = Vec::with_capacity(names.len());
    for index in 0..names.len() {
        let target = kept.iter().copied().find(|&earlier| {
            american[earlier] == american[index] || typo(&words[earlier], &words[index], max_edits)
        });
        target_of.push(target.unwrap_or(index));
        if target.is_none() {
            kept.push(index);
        }
    }
    drop(words);
    drop(american);
    let mut slots: Vec<Option<SharedName<T>>> = names.into_iter().map(Some).collect();
    for index in 0..slots.len() {
        let target = target_of[index];
        if target != index
            && let Some(name) = slots[index].take()
            && let Some(kept) = slots[target].as_mut()
        {
            kept.uses.extend(name.uses);
        }
    }
    let merged: Vec<SharedName<T>> = slots.into_iter().flatten().collect();
    merged
}

/// The section headings of every level of `ladder`, grouped by name; each use holds the
/// section's index in its document.
pub fn section_names<'l, 'd>(ladder: &'l Ladder<'d>) -> &'l [SharedName<'d, usize>] {
    ladder.section_names.get_or_init(|| group_sections(ladder))
}

fn group_sections<'d>(ladder: &Ladder<'d>) -> Vec<SharedName<'d, usize>> {
    let uses = ladder
        .levels()
        .iter()
        .enumerate()
        .flat_map(|(index, level)| {
            let doc = ladder.document(level);
            level.sections(doc).map(move |(section_index, section)| {
                (
                    index,
                    NameKey::Normalized(doc.text(section.normalized)),
                    doc.text(section.raw),
                    section_index,
                )
            })
        });
    group(uses, ladder.max_edits)
}

/// The index in `names` of the shared section name a config writes as `wanted`: the one
/// whose key or any use normalises the same way.
pub fn find_section(
    ladder: &Ladder<'_>,
    names: &[SharedName<'_, usize>],
    wanted: &str,
) -> Option<usize> {
    let wanted = normalize_heading(wanted);
    names.iter().position(|name| {
        name.key == wanted
            || name.uses.iter().any(|u| {
                let doc = ladder.document(&ladder.levels()[u.level]);
                doc.text(doc.sections[u.at].normalized) == wanted
            })
    })
}

/// The responsibility names of every level of `ladder`: the first cells of the rows of
/// tables whose first header is a responsibility column. Each use holds the cell's span.
pub fn responsibility_names<'l, 'd>(ladder: &'l Ladder<'d>) -> &'l [SharedName<'d, Span>] {
    ladder
        .responsibility_names
        .get_or_init(|| group_responsibilities(ladder))
}

fn group_responsibilities<'d>(ladder: &Ladder<'d>) -> Vec<SharedName<'d, Span>> {
    let uses = ladder
        .levels()
        .iter()
        .enumerate()
        .flat_map(|(index, level)| {
            let doc = ladder.document(level);
            let mut in_responsibility_table = false;
            doc.items[level.items.clone()]
                .iter()
                .filter_map(move |item| match item.kind {
                    ItemKind::TableHeader => {
                        in_responsibility_table = doc.cells(item).first().is_some_and(|cell| {
                            heading_key_starts_with(doc.text(cell.text), "responsib", |_| true)
                        });
                        None
                    }
                    ItemKind::TableRow if in_responsibility_table => {
                        let cell = doc.cells(item).first()?;
                        let name = doc.text(cell.text);
                        Some((index, NameKey::OfWritten, name, cell.span))
                    }
                    _ => None,
                })
        });
    group(uses, ladder.max_edits)
}

/// Whether two different normalised names are one name written two ways: British and
/// American spelling, or a typo in a long word. Names that differ in a number never are
/// (`level 2 scope`, `level 3 scope`), nor do short words (`craft`, `draft`).
#[cfg(test)]
fn near_variants(a: &str, b: &str) -> bool {
    let (a_words, b_words): (Vec<&str>, Vec<&str>) =
        (a.split(' ').collect(), b.split(' ').collect());
    a == b || american(a) == american(b) || typo(&a_words, &b_words, 2)
}

/// The same words but one, and that one a long word one or two edits away.
fn typo(a: &[&str], b: &[&str], max_edits: usize) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut differing = a.iter().zip(b).filter(|(x, y)| x != y);
    let (Some((x, y)), None) = (differing.next(), differing.next()) else {
        return false;
    };
    if x.len().abs_diff(y.len()) > 2 * 4 {
        return false;
    }
    if x.chars().any(|c| c.is_ascii_digit()) || y.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let shorter = x.chars().count().min(y.chars().count());
    let allowed = match shorter {
        0..8 => return false,
        8..12 => 1,
        _ => 2,
    }
    .min(max_edits);
    if allowed == 0 {
        return false;
    }
    x.chars().count().abs_diff(y.chars().count()) <= allowed && edit_distance(x, y) <= allowed
}

/// A normalised name with British spellings turned American, word by word.
fn american(name: &str) -> Cow<'_, str> {
    if name.split(' ').all(|word| american_word(word).is_none()) {
        return Cow::Borrowed(name);
    }
    let words: Vec<Cow<str>> = name
        .split(' ')
        .map(|word| american_word(word).map_or(Cow::Borrowed(word), Cow::Owned))
        .collect();
    Cow::Owned(words.join(" "))
}

/// The American spelling of a British word; `None` for any other word.
fn american_word(word: &str) -> Option<String> {
    const WHOLE: &[(&str, &str)] = &[
        ("judgement", "judgment"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("centre", "center"),
        ("defence", "defense"),
        ("licence", "license"),
        ("practise", "practice"),
        ("catalogue", "catalog"),
        ("analyse", "analyze"),
        ("analysed", "analyzed"),
    ];
    if let Some((_, american)) = WHOLE.iter().find(|(british, _)| *british == word) {
        return Some((*american).to_owned());
    }
    const ENDINGS: &[(&str, &str)] = &[
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("elling", "eling"),
        ("elled", "eled"),
        ("iour", "ior"),
        ("iours", "iors"),
        ("our", "or"),
        ("ours", "ors"),
    ];
    for (british, american) in ENDINGS {
        if let Some(stem) = word.strip_suffix(british)
            && stem.chars().count() >= 3
        {
            return Some(format!("{stem}{american}"));
        }
    }
    None
}

/// How a variant differs from the canonical spelling, in words for a message.
pub fn difference(written: &str, canonical: &str) -> &'static str {
    if written.trim() == canonical.trim() {
        return "stray whitespace";
    }
    if written.to_lowercase() == canonical.to_lowercase() {
        return "letter case";
    }
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if letters(written) == letters(canonical) {
        let has_symbol = |s: &str| s.chars().any(is_symbol);
        return if has_symbol(written) && has_symbol(canonical) {
            "spacing around an emoji"
        } else {
            "an emoji"
        };
    }
    let ampersand = |s: &str| s.to_lowercase().replace('&', "and").replace("  ", " ");
    if ampersand(written) == ampersand(canonical) {
        return "`&` against `and`";
    }
    let (written, canonical) = (normalize_heading(written), normalize_heading(canonical));
    if written == canonical {
        return "punctuation or markup";
    }
    if american(&written) == american(&canonical) {
        return "British and American spelling";
    }
    "spelling"
}

fn is_symbol(c: char) -> bool {
    !(c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
}

/// Which levels of a track use a name (`has[i]`: level `i` does), counted once, so that
/// asking about each level of a track of thousands takes no time in their square.
pub struct Having<'h> {
    has: &'h [bool],
    count: usize,
    lowest: Option<usize>,
    highest: Option<usize>,
}

impl<'h> Having<'h> {
    fn new(has: &'h [bool]) -> Self {
        Self {
            has,
            count: has.iter().filter(|&&with| with).count(),
            lowest: has.iter().position(|&with| with),
            highest: has.iter().rposition(|&with| with),
        }
    }

    /// How many levels the track has.
    pub fn level_count(&self) -> usize {
        self.has.len()
    }

    /// Whether the level at `level` uses the name.
    pub fn at(&self, level: usize) -> bool {
        self.has[level]
    }

    /// Whether every level uses the name.
    pub fn everywhere(&self) -> bool {
        self.count == self.has.len()
    }

    /// Whether three quarters of the levels other than `level` use the name, and at least
    /// two of them, or the only other one.
    pub fn most_others_have(&self, level: usize) -> bool {
        let others = self.has.len() - 1;
        let others_with = self.count - usize::from(self.has[level]);
        others_with >= others.min(2) && others_with * 4 >= others * 3
    }

    /// Whether some level below `level` and some level above it use the name.
    pub fn below_and_above(&self, level: usize) -> bool {
        self.lowest.is_some_and(|lowest| lowest < level)
            && self.highest.is_some_and(|highest| highest > level)
    }
}

/// `L2, L3 and L4`: the ids of `levels` (indices into the ladder's levels), at most six,
/// then how many more.
pub fn level_list(ladder: &Ladder<'_>, levels: &[usize]) -> String {
    const SHOWN: usize = 6;
    let ids: Vec<&str> = levels
        .iter()
        .map(|&index| ladder.levels()[index].level.id.as_str())
        .collect();
    match ids.len() {
        0 => String::new(),
        1 => ids[0].to_owned(),
        n if n <= SHOWN => format!("{} and {}", ids[..n - 1].join(", "), ids[n - 1]),
        n => format!(
            "{} and {} more",
            ids[..SHOWN - 1].join(", "),
            n - (SHOWN - 1)
        ),
    }
}

/// The up to `count` entries of `candidates` (level indices) nearest to `level`, nearest
/// first: the most telling evidence for a finding at `level`.
pub fn nearest(candidates: &[usize], level: usize, count: usize) -> Vec<usize> {
    let mut sorted = candidates.to_vec();
    sorted.sort_by_key(|&candidate| (candidate.abs_diff(level), candidate));
    sorted.truncate(count);
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants() {
        assert!(near_variants("threat modeling", "threat modelling"));
        assert!(near_variants("behaviours", "behaviors"));
        assert!(near_variants("collaboration", "colaboration"));
        assert!(!near_variants("craft", "draft"));
        assert!(!near_variants("level 2 scope", "level 3 scope"));
        assert!(!near_variants("impact", "import"));
        assert!(!near_variants("silka experiments", "velka experiments"));
    }

    #[test]
    fn differences() {
        assert_eq!(difference("Management ", "Management"), "stray whitespace");
        assert_eq!(difference("Code fluency", "Code Fluency"), "letter case");
        assert_eq!(difference("Collaboration", "🤝 Collaboration"), "an emoji");
        assert_eq!(
            difference("🤝Collaboration", "🤝 Collaboration"),
            "spacing around an emoji"
        );
        assert_eq!(
            difference("Culture & Leadership", "Culture and Leadership"),
            "`&` against `and`"
        );
        assert_eq!(
            difference("Threat Modelling", "Threat Modeling"),
            "British and American spelling"
        );
        assert_eq!(difference("**Craft**", "Craft"), "punctuation or markup");
    }

    #[test]
    fn canonical_prefers_clean_spellings() {
        let names = group(
            [
                (0, NameKey::OfWritten, "Management ", ()),
                (1, NameKey::Normalized("management"), "Management ", ()),
                (2, NameKey::OfWritten, "Management", ()),
            ],
            2,
        );
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].canonical(), "Management");
    }
}
