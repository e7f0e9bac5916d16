//! Level ids: `L2`, `IC5`, `SW3`, `Level 4`, `Software Engineer II`, `senior-engineer`.

use std::fmt;

use crate::document::Document;

/// Prefixes that mark a level code such as `L3`, `IC5`, `SW2`, `E4`, `P3`, `M2`, `D1`.
const LEVEL_PREFIXES: &[&str] = &[
    "L", "IC", "E", "SW", "SWE", "SE", "P", "PE", "M", "EM", "D", "T", "TL", "G", "S", "A",
];

/// Rung names in their usual order; several names share a rung.
const RUNGS: &[(&str, u32)] = &[
    ("intern", 0),
    ("apprentice", 0),
    ("associate", 1),
    ("junior", 1),
    ("entry", 1),
    ("graduate", 1),
    ("mid", 2),
    ("intermediate", 2),
    ("senior", 3),
    ("staff", 4),
    ("senior staff", 5),
    ("principal", 6),
    ("senior principal", 7),
    ("distinguished", 8),
    ("fellow", 8),
];

/// Words of management titles, whose rung names do not place them on an engineering ladder.
const MANAGEMENT: &[&str] = &[
    "manager",
    "director",
    "vp",
    "head",
    "chief",
    "cto",
    "president",
    "executive",
];

/// What counts as a level id: code prefixes and rung names. The standard scheme knows the
/// common ones; a config can add prefixes and replace the rungs with its own ladder's.
#[derive(Debug, Clone)]
pub struct LevelScheme {
    /// Id patterns from the config, tried first: the match is the id, and its first
    /// capture group the number that orders it (`SDE-(\d+)` reads `SDE-2`).
    patterns: Vec<regex::Regex>,
    /// Upper-case prefixes of level codes (`L`, `IC`, `SDE`).
    prefixes: Vec<String>,
    /// Rung names, lower case, split into words, with their rank.
    rungs: Vec<(Vec<String>, u32)>,
}

impl Default for LevelScheme {
    fn default() -> Self {
        Self {
            patterns: Vec::new(),
            prefixes: LEVEL_PREFIXES.iter().map(|p| (*p).to_owned()).collect(),
            rungs: RUNGS
                .iter()
                .map(|&(name, rank)| (split_rung(name), rank))
                .collect(),
        }
    }
}

fn split_rung(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl LevelScheme {
    /// This scheme with a config's additions: id `patterns` (regular expressions with a
    /// capture group for the number) and code `prefixes` added, and, if given, `rungs`
    /// (lowest first) in place of the rung names. A pattern that does not compile is
    /// skipped; the config is checked when read.
    pub fn extended(
        &self,
        patterns: &[String],
        prefixes: &[String],
        rungs: Option<&[String]>,
    ) -> Self {
        let mut scheme = self.clone();
        scheme.patterns.extend(
            patterns
                .iter()
                .filter_map(|pattern| regex::Regex::new(pattern).ok()),
        );
        for prefix in prefixes {
            let upper = prefix.trim().to_ascii_uppercase();
            if !upper.is_empty() && !scheme.prefixes.contains(&upper) {
                scheme.prefixes.push(upper);
            }
        }
        if let Some(rungs) = rungs {
            scheme.rungs = rungs
                .iter()
                .enumerate()
                .map(|(rank, name)| (split_rung(name), rank as u32))
                .filter(|(words, _)| !words.is_empty())
                .collect();
        }
        scheme
    }
}

/// How a level id is written; ids of one scheme can be ordered against each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// A letter prefix and a number: `L3`, `IC5`. Holds the upper-case prefix.
    Code(String),
    /// `Level 3`, or a bare number in front matter.
    Number,
    /// A roman numeral after a role name: `Engineer II`.
    Roman,
    /// A rung name: `senior`, `staff`, `principal`.
    Rung,
    /// A site generator's page weight: it orders the levels but names none, and weights
    /// leave gaps on purpose.
    Weight,
}

/// Where a document's level id was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelOrigin {
    FrontMatter(String),
    Title,
    FileName,
    /// A level heading inside a file that holds several levels.
    Heading,
}

impl fmt::Display for LevelOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelOrigin::FrontMatter(key) => write!(f, "front matter `{key}`"),
            LevelOrigin::Title => f.write_str("title"),
            LevelOrigin::FileName => f.write_str("file name"),
            LevelOrigin::Heading => f.write_str("heading"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// The id as written: `L3`, `IC5`, `II`, `senior`, `3`.
    pub id: String,
    pub scheme: Scheme,
    /// Position within the scheme, for ordering.
    pub rank: u32,
    pub origin: LevelOrigin,
}

/// A level id found in a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub scheme: Scheme,
    pub rank: u32,
}

impl Found {
    /// The level this id makes, found at `origin`.
    pub fn into_level(self, origin: LevelOrigin) -> Level {
        Level {
            id: self.id,
            scheme: self.scheme,
            rank: self.rank,
            origin,
        }
    }
}

/// How strictly to read a text: titles are prose, file names and ids are slugs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Title,
    Slug,
}

/// Pages that sit beside the levels of a ladder without being one.
const NOT_LEVELS: &[&str] = &[
    "readme",
    "index",
    "_index",
    "faq",
    "glossary",
    "introduction",
    "overview",
    "summary",
    "changelog",
    "contributing",
    "about",
];

/// The standard scheme, built once.
pub fn standard() -> &'static LevelScheme {
    static STANDARD: std::sync::LazyLock<LevelScheme> =
        std::sync::LazyLock::new(LevelScheme::default);
    &STANDARD
}

/// The document's level by the standard scheme.
pub fn detect(doc: &Document) -> Option<Level> {
    standard().detect(doc)
}

/// The first level id in `text` by the standard scheme.
pub fn find(text: &str, kind: TextKind) -> Option<Found> {
    standard().find(text, kind)
}

impl LevelScheme {
    /// The document's level: front matter `level`/`id` first, then a front-matter `weight`
    /// (site generators order pages by it), then the title, then the file name.
    pub fn detect(&self, doc: &Document) -> Option<Level> {
        for key in ["level", "id"] {
            if let Some(field) = doc.front_matter_value(key) {
                let found = if let Ok(number) = field.value.trim().parse::<u32>() {
                    Some(Found {
                        id: format!("Level {number}"),
                        scheme: Scheme::Number,
                        rank: number,
                    })
                } else {
                    self.find(&field.value, TextKind::Slug)
                };
                if let Some(found) = found {
                    return Some(found.into_level(LevelOrigin::FrontMatter(field.key.clone())));
                }
            }
        }
        let stem = doc.source.path().file_stem()?.to_str()?;
        if NOT_LEVELS
            .iter()
            .any(|name| stem.eq_ignore_ascii_case(name))
        {
            return None;
        }
        let title_level = doc
            .title
            .as_ref()
            .and_then(|title| self.find(&title.text, TextKind::Title));
        if let Some(field) = doc.front_matter_value("weight")
            && let Ok(weight) = field.value.trim().parse::<u32>()
        {
            let id = match (&title_level, &doc.title) {
                (Some(found), _) => found.id.clone(),
                (None, Some(title)) => title.text.clone(),
                (None, None) => stem.to_owned(),
            };
            return Some(Level {
                id,
                scheme: Scheme::Weight,
                rank: weight,
                origin: LevelOrigin::FrontMatter(field.key.clone()),
            });
        }
        if let Some(found) = title_level {
            return Some(found.into_level(LevelOrigin::Title));
        }
        self.find(stem, TextKind::Slug)
            .map(|found| found.into_level(LevelOrigin::FileName))
    }

    /// The first level id in `text`: a code beats `Level N`, which beats a roman numeral,
    /// which beats a rung name.
    pub fn find(&self, text: &str, kind: TextKind) -> Option<Found> {
        self.find_with_rungs(text, kind, true)
    }

    /// The first numbered level id in `text` (pattern, code, `Level N`, roman numeral):
    /// [`Self::find`] without rung names, which cannot number the levels of one file.
    pub fn find_numbered(&self, text: &str, kind: TextKind) -> Option<Found> {
        // Every heading of every level is asked, and few hold a level: most are ruled out
        // by one pass over their bytes, before any word list is built.
        if self.patterns.is_empty() && !may_hold_number(text) {
            return None;
        }
        self.find_with_rungs(text, kind, false)
    }

    fn find_with_rungs(&self, text: &str, kind: TextKind, rungs: bool) -> Option<Found> {
        if let Some(found) = self.find_pattern(text) {
            return Some(found);
        }
        let words = words(text);
        self.find_code(text, &words, kind)
            .or_else(|| find_level_number(text, &words))
            .or_else(|| find_roman(text, &words, kind))
            .or_else(|| rungs.then(|| self.find_rung(text, &words)).flatten())
    }

    fn find_code(
        &self,
        text: &str,
        words: &[std::ops::Range<usize>],
        kind: TextKind,
    ) -> Option<Found> {
        words.iter().find_map(|range| {
            let word = &text[range.clone()];
            let digits_at = word.find(|c: char| c.is_ascii_digit())?;
            let (prefix, digits) = word.split_at(digits_at);
            if digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            if kind == TextKind::Title && prefix.bytes().any(|b| b.is_ascii_lowercase()) {
                return None;
            }
            // Known prefixes are upper case; comparing without case spares a copy per word.
            let upper = self
                .prefixes
                .iter()
                .find(|known| known.eq_ignore_ascii_case(prefix))?;
            // Built by hand: `format!` costs several times as much, once per title.
            let mut id = String::with_capacity(upper.len() + digits.len());
            id.push_str(upper);
            id.push_str(digits);
            Some(Found {
                id,
                scheme: Scheme::Code(upper.clone()),
                rank: digits.parse().unwrap_or(0),
            })
        })
    }

    /// The first match of a configured id pattern. Its scheme is the id without its digits,
    /// so `SDE-2` and `SDE-3` are ordered against each other.
    fn find_pattern(&self, text: &str) -> Option<Found> {
        self.patterns.iter().find_map(|pattern| {
            let captures = pattern.captures(text)?;
            let id = captures.get(0)?.as_str();
            let rank = captures
                .get(1)
                .and_then(|number| number.as_str().parse().ok())
                .unwrap_or(0);
            let prefix: String = id.chars().filter(|c| !c.is_ascii_digit()).collect();
            Some(Found {
                id: id.to_owned(),
                scheme: Scheme::Code(prefix.to_ascii_uppercase()),
                rank,
            })
        })
    }

    fn find_rung(&self, text: &str, words: &[std::ops::Range<usize>]) -> Option<Found> {
        // `sr` is a common abbreviation of senior.
        let lower: Vec<String> = words
            .iter()
            .map(|range| match text[range.clone()].to_lowercase() {
                word if word == "sr" => "senior".to_owned(),
                word => word,
            })
            .collect();
        // Management roles have rungs of their own: a senior manager is not a senior engineer.
        if lower.iter().any(|word| MANAGEMENT.contains(&word.as_str())) {
            return None;
        }
        (0..lower.len()).find_map(|index| {
            // The longest rung that starts here wins: "senior staff" over "senior".
            let (name, rank) = self
                .rungs
                .iter()
                .filter(|(name, _)| lower[index..].starts_with(name))
                .max_by_key(|(name, _)| name.len())?;
            Some(Found {
                id: name.join(" "),
                scheme: Scheme::Rung,
                rank: *rank,
            })
        })
    }
}

/// Whether `text` may hold a numbered level id without a configured pattern: codes and
/// `Level N` need an ASCII digit, roman numerals a word of the letters I, V and X alone.
/// Wide on purpose: a non-ASCII character ends a word here, whether or not it is a letter.
fn may_hold_number(text: &str) -> bool {
    let mut word_is_roman = false;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        match byte {
            b'0'..=b'9' => return true,
            b'I' | b'V' | b'X' | b'i' | b'v' | b'x' => {
                word_is_roman = word_is_roman || !in_word;
                in_word = true;
            }
            _ if byte.is_ascii_alphabetic() => {
                word_is_roman = false;
                in_word = true;
            }
            _ => {
                if word_is_roman {
                    return true;
                }
                in_word = false;
            }
        }
    }
    word_is_roman
}

/// Alphanumeric runs of `text`, as byte ranges. Camel case splits (`SeniorEngineer`).
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    // A title or file name has a handful of words; reserving for them saves the regrowth.
    let mut words = Vec::with_capacity(8);
    let mut start = None;
    for (index, c) in text.char_indices() {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(index),
            (Some(s), false) => {
                words.push(s..index);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

fn find_level_number(text: &str, words: &[std::ops::Range<usize>]) -> Option<Found> {
    words.windows(2).find_map(|pair| {
        let (label, value) = (&text[pair[0].clone()], &text[pair[1].clone()]);
        if !label.eq_ignore_ascii_case("level") {
            return None;
        }
        let rank = value.parse::<u32>().ok().filter(|&n| n < 100)?;
        Some(Found {
            id: format!("Level {rank}"),
            scheme: Scheme::Number,
            rank,
        })
    })
}

const NUMERALS: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

fn roman_value(word: &str) -> Option<u32> {
    NUMERALS
        .iter()
        .position(|numeral| numeral.eq_ignore_ascii_case(word))
        .map(|index| index as u32 + 1)
}

/// How a rank of the roman scheme is written: `III`; past `X`, the number.
pub fn roman(rank: u32) -> String {
    rank.checked_sub(1)
        .and_then(|index| NUMERALS.get(index as usize))
        .map_or_else(|| rank.to_string(), |numeral| (*numeral).to_owned())
}

/// A roman numeral that follows a role word: `Software Engineer II`, `software_engineer_iv`.
fn find_roman(text: &str, words: &[std::ops::Range<usize>], kind: TextKind) -> Option<Found> {
    words.iter().enumerate().skip(1).find_map(|(index, range)| {
        let word = &text[range.clone()];
        let rank = roman_value(word)?;
        let upper_written = word.bytes().all(|b| b.is_ascii_uppercase());
        let is_last = index + 1 == words.len();
        let previous = &text[words[index - 1].clone()];
        let after_role = previous.chars().all(char::is_alphabetic) && previous.len() > 2;
        let accepted = match kind {
            // "I" mid-sentence is a pronoun; only trust it at the end of a title.
            TextKind::Title => upper_written && after_role && (word != "I" || is_last),
            TextKind::Slug => after_role && (word.len() > 1 || is_last || upper_written),
        };
        accepted.then(|| Found {
            id: word.to_ascii_uppercase(),
            scheme: Scheme::Roman,
            rank,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_prefilter_never_rules_out_a_numbered_level() {
        let pieces = [
            "I", "ii", "IV", "Xv", "x", "VIIx", "Level", "level", "3", "L2", "IC5", "9", "Impact",
            "Engineer", "Senior", "é", "Ⅳ", "–", "-", " ", "_", ":", "İ", "Vé", "(",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for text in [format!("{a}{b}{c}"), format!("{a} {b} {c}")] {
                        for kind in [TextKind::Title, TextKind::Slug] {
                            let found = standard().find_with_rungs(&text, kind, false);
                            assert!(
                                found.is_none() || may_hold_number(&text),
                                "{text:?} holds {found:?} but was ruled out"
                            );
                            checked += usize::from(found.is_some());
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "few texts held a level: {checked}");
        assert!(!may_hold_number("Impact and Influence"));
        assert!(!may_hold_number("Technical Excellence"));
    }

    fn id(text: &str, kind: TextKind) -> Option<String> {
        find(text, kind).map(|found| found.id)
    }

    #[test]
    fn codes() {
        assert_eq!(
            id("L2: Security Engineer", TextKind::Title).as_deref(),
            Some("L2")
        );
        assert_eq!(
            id("IC5 Staff Security Engineer", TextKind::Title).as_deref(),
            Some("IC5")
        );
        assert_eq!(id("SW5-Staff", TextKind::Slug).as_deref(), Some("SW5"));
        assert_eq!(
            id("D1 - Developer 1", TextKind::Title).as_deref(),
            Some("D1")
        );
        assert_eq!(id("sw3-senior", TextKind::Slug).as_deref(), Some("SW3"));
        assert_eq!(id("Q3 planning", TextKind::Title), None);
    }

    #[test]
    fn numbers_romans_and_rungs() {
        assert_eq!(
            id("Level 4 Engineer", TextKind::Title).as_deref(),
            Some("Level 4")
        );
        assert_eq!(
            id("Software Engineer II", TextKind::Title).as_deref(),
            Some("II")
        );
        assert_eq!(
            id("software_engineer_IV", TextKind::Slug).as_deref(),
            Some("IV")
        );
        assert_eq!(
            id("software-engineer-i", TextKind::Slug).as_deref(),
            Some("I")
        );
        assert_eq!(
            id("senior-engineer", TextKind::Slug).as_deref(),
            Some("senior")
        );
        assert_eq!(
            id("Sr. Principal Engineer", TextKind::Title).as_deref(),
            Some("senior principal")
        );
        assert_eq!(id("What I value as a lead", TextKind::Title), None);
        assert_eq!(id("Engineering Manager", TextKind::Title), None);
        assert_eq!(id("Sr. Engineering Manager", TextKind::Title), None);
        assert_eq!(id("sr_director_of_engineering", TextKind::Slug), None);
    }

    #[test]
    fn configured_prefixes_and_rungs() {
        let rungs = ["engineer".to_owned(), "lead engineer".to_owned()];
        let scheme = LevelScheme::default().extended(&[], &["sde".to_owned()], Some(&rungs));
        let found = scheme.find("SDE2 Engineer", TextKind::Title).unwrap();
        assert_eq!((found.id.as_str(), found.rank), ("SDE2", 2));
        let found = scheme.find("Lead Engineer", TextKind::Title).unwrap();
        assert_eq!((found.id.as_str(), found.rank), ("lead engineer", 1));
        assert_eq!(
            scheme.find("Senior Engineer", TextKind::Title).unwrap().id,
            "engineer"
        );
        assert_eq!(find("SDE2 Engineer", TextKind::Title), None);
        let scheme = LevelScheme::default().extended(&[r"Band (\d+)".to_owned()], &[], None);
        let found = scheme.find("Band 7: Engineer", TextKind::Title).unwrap();
        assert_eq!((found.id.as_str(), found.rank), ("Band 7", 7));
    }
}
