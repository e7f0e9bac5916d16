//! Tracks: the level documents of one ladder, in level order.
//!
//! By default the documents of one directory that have a level id form a track; documents
//! without one (index pages, FAQs, glossaries) take no part. A file whose headings name
//! several levels (`## D1 - Developer 1` … `## D7 - Developer 7`) is a track of its own,
//! one level per heading.

pub mod names;

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::document::{Document, SectionId};
use crate::level::{Level, LevelOrigin, LevelScheme, Scheme, TextKind};
use crate::settings::TrackSpec;
use crate::source::Span;
use names::SharedName;

/// The levels of one ladder track, lowest first.
#[derive(Debug)]
pub struct Track {
    /// The directory the track was found in, or the file that holds all its levels; for a
    /// track named in config, the directory its files share.
    pub path: PathBuf,
    /// The config's `[[track]]` that grouped this track, if one did.
    pub spec: Option<TrackSpec>,
    pub levels: Vec<TrackLevel>,
}

/// One level of a track: a whole document, or the part of one under a level heading.
#[derive(Debug)]
pub struct TrackLevel {
    /// Index of the level's document in the slice the tracks were built from.
    pub doc: usize,
    pub level: Level,
    /// The level's heading, in a file that holds several levels.
    pub heading: Option<SectionId>,
    /// The level's own sections (not its title or level heading), as indices into
    /// `Document::sections`.
    pub sections: Range<usize>,
    /// The level's items, as indices into `Document::items`.
    pub items: Range<usize>,
}

impl TrackLevel {
    /// Where a finding about the level as a whole points: its heading or title, else the
    /// top of the file.
    pub fn anchor(&self, doc: &Document) -> Span {
        let heading = self.heading.map(|id| doc.sections[id as usize].span);
        heading
            .or(doc.title.as_ref().map(|title| title.span))
            .unwrap_or_default()
    }

    /// The sections of this level that are not its title.
    pub fn sections<'d>(
        &self,
        doc: &'d Document,
    ) -> impl Iterator<Item = (usize, &'d crate::document::Section)> + use<'d> {
        self.sections
            .clone()
            .map(move |index| (index, &doc.sections[index]))
    }
}

/// A track with its documents at hand: what ladder rules read.
pub struct Ladder<'a> {
    pub track: &'a Track,
    documents: &'a [&'a Document],
    /// Section and responsibility names across the levels, grouped once for all the rules
    /// that compare them.
    pub(crate) section_names: OnceCell<Vec<SharedName<'a, usize>>>,
    pub(crate) responsibility_names: OnceCell<Vec<SharedName<'a, Span>>>,
    /// How far a name may drift by typo and still be the same name.
    pub(crate) max_edits: usize,
}

impl<'a> Ladder<'a> {
    pub fn new(track: &'a Track, documents: &'a [&'a Document], max_edits: usize) -> Self {
        Self {
            track,
            documents,
            max_edits,
            section_names: OnceCell::new(),
            responsibility_names: OnceCell::new(),
        }
    }

    pub fn levels(&self) -> &'a [TrackLevel] {
        &self.track.levels
    }

    /// The config's `[[track]]` this ladder was grouped by, if any.
    pub fn spec(&self) -> Option<&'a TrackSpec> {
        self.track.spec.as_ref()
    }

    pub fn document(&self, level: &TrackLevel) -> &'a Document {
        self.documents[level.doc]
    }
}

/// The deepest directory that holds every one of `documents`.
fn common_directory<'d>(mut documents: impl Iterator<Item = &'d Document>) -> PathBuf {
    let Some(first) = documents.next() else {
        return PathBuf::new();
    };
    let mut common = first
        .source
        .path()
        .parent()
        .unwrap_or(Path::new(""))
        .to_owned();
    for doc in documents {
        while !doc.source.path().starts_with(&common) && common.pop() {}
    }
    common
}

/// A config track: the directory of the config that names it, and its name.
type SpecKey<'s> = (&'s Path, &'s str);

/// Smallest number of levels that makes a track: with fewer there is nothing to compare.
const MIN_LEVELS: usize = 2;

/// Group `documents` into tracks, each sorted by level. Tracks are sorted by path.
/// `named(index)` gives the config track a document belongs to, if any; those documents
/// form that track wherever they are, instead of their directory's. Config tracks are
/// told apart by the directory of the config that names them, then their name.
/// `scheme(index)` reads the level headings of a document that holds several levels.
pub fn tracks<'s>(
    documents: &[&Document],
    named: impl Fn(usize) -> Option<&'s TrackSpec>,
    scheme: impl Fn(usize) -> &'s LevelScheme,
) -> Vec<Track> {
    // Each level with its group: config track (none for directory tracks), then directory.
    let mut grouped: Vec<(Option<SpecKey<'_>>, &Path, TrackLevel)> = Vec::new();
    let mut specs: BTreeMap<(&Path, &str), &TrackSpec> = BTreeMap::new();
    let mut tracks = Vec::new();
    for (index, doc) in documents.iter().enumerate() {
        let in_headings = levels_in_headings(doc, index, scheme(index));
        if !in_headings.is_empty() {
            tracks.extend(in_headings.into_iter().map(|levels| Track {
                path: doc.source.path().to_owned(),
                spec: None,
                levels,
            }));
            continue;
        }
        let Some(level) = doc.level.clone() else {
            continue;
        };
        let title_depth = doc.title.as_ref().map(|_| 1);
        let first = doc
            .sections
            .iter()
            .position(|section| Some(section.depth) != title_depth)
            .unwrap_or(doc.sections.len());
        let spec = named(index);
        let key = spec.map(|spec| (spec.files.base.as_path(), spec.name.as_str()));
        if let (Some(key), Some(spec)) = (key, spec) {
            specs.insert(key, spec);
        }
        let directory = match spec {
            Some(_) => Path::new(""),
            None => doc.source.path().parent().unwrap_or(Path::new("")),
        };
        let level = TrackLevel {
            doc: index,
            level,
            heading: None,
            sections: first..doc.sections.len(),
            items: 0..doc.items.len(),
        };
        grouped.push((key, directory, level));
    }
    // Documents come sorted by path, so this stable sort mostly confirms one long run;
    // a map keyed by path would compare paths a dozen times per document.
    grouped.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut grouped = grouped.into_iter().peekable();
    while let Some((key, directory, first)) = grouped.next() {
        let mut levels = vec![first];
        while let Some((_, _, level)) = grouped.next_if(|next| (next.0, next.1) == (key, directory))
        {
            levels.push(level);
        }
        let spec = key
            .and_then(|key| specs.get(&key))
            .map(|spec| (*spec).clone());
        let path = match &spec {
            Some(_) => common_directory(levels.iter().map(|level| documents[level.doc])),
            None => directory.to_owned(),
        };
        tracks.push(Track { path, spec, levels });
    }
    tracks.retain(|track| track.levels.len() >= MIN_LEVELS);
    for track in &mut tracks {
        track.levels.sort_by(|a, b| {
            order_key(&a.level).cmp(&order_key(&b.level)).then_with(|| {
                documents[a.doc]
                    .source
                    .path()
                    .cmp(documents[b.doc].source.path())
            })
        });
    }
    tracks.sort_by(|a, b| a.path.cmp(&b.path));
    tracks
}

/// Numbered levels (codes, `Level N`, roman numerals) come before rung names: a track that
/// mixes them reads `Engineer I … IV, Staff, Principal`.
fn order_key(level: &Level) -> (u8, u32) {
    let class = match level.scheme {
        Scheme::Rung => 1,
        Scheme::Weight => 2,
        _ => 0,
    };
    (class, level.rank)
}

/// The ladders of a file that names one level per heading: sibling headings whose text
/// carries a numbered level id, naming at least three different levels. Each level prefix
/// forms its own sequence (`IC1 M1 IC2 M2 …` holds two ladders), which runs up or down
/// (highest level first is a ladder too). A sequence starts a new ladder where it turns
/// back (`L1 … L6`, then `L2 …`), so a handbook that holds several ladders one after the
/// other is read as several tracks. A turn that leads to fewer than three levels is a
/// stray or mistyped level, not a ladder: it stays with the levels before it, for the
/// rules to report, as does a level written twice.
fn levels_in_headings(doc: &Document, index: usize, scheme: &LevelScheme) -> Vec<Vec<TrackLevel>> {
    let mut candidates: Vec<(usize, Level)> = Vec::new();
    for (position, section) in doc.sections.iter().enumerate() {
        if section.depth < 2 {
            continue;
        }
        // Rung names do not number levels: `## Senior` is a topic more often than a level.
        let Some(found) = scheme.find_numbered(doc.text(section.text), TextKind::Title) else {
            continue;
        };
        candidates.push((position, found.into_level(LevelOrigin::Heading)));
    }
    // The shallowest depth decides the split.
    let Some(depth) = candidates
        .iter()
        .map(|(position, _)| doc.sections[*position].depth)
        .min()
    else {
        return Vec::new();
    };
    candidates.retain(|(position, _)| doc.sections[*position].depth == depth);

    // Per prefix, in order of first appearance: its ladders so far, the last one open.
    let mut sequences: Vec<Vec<Run>> = Vec::new();
    for candidate in candidates {
        let sequence = match sequences
            .iter()
            .position(|runs| runs[0].levels[0].1.scheme == candidate.1.scheme)
        {
            Some(at) => &mut sequences[at],
            None => {
                sequences.push(Vec::new());
                sequences.last_mut().expect("just pushed")
            }
        };
        match sequence.last_mut() {
            Some(run) if run.admits(&candidate.1) => run.push(candidate),
            _ => sequence.push(Run::new(candidate)),
        }
    }
    let mut ladders: Vec<Vec<(usize, Level)>> = Vec::new();
    for sequence in sequences {
        let mut kept: Vec<Vec<(usize, Level)>> = Vec::new();
        for run in sequence {
            match kept.last_mut() {
                Some(previous) if distinct_ranks(&run.levels) < MIN_HEADING_LEVELS => {
                    previous.extend(run.levels);
                }
                _ => kept.push(run.levels),
            }
        }
        ladders.extend(kept);
    }
    ladders.retain(|levels| distinct_ranks(levels) >= MIN_HEADING_LEVELS);
    // In the order the ladders start in the file.
    ladders.sort_by_key(|levels| levels[0].0);
    ladders
        .into_iter()
        .map(|levels| {
            levels
                .into_iter()
                .map(|(position, level)| heading_level(doc, index, depth, position, level))
                .collect()
        })
        .collect()
}

/// Fewest different levels that make the headings of a file a ladder.
const MIN_HEADING_LEVELS: usize = 3;

/// Consecutive level headings of one prefix that run one way.
struct Run {
    levels: Vec<(usize, Level)>,
    /// Up or down, once two different levels have set it.
    direction: Option<Ordering>,
}

impl Run {
    fn new(first: (usize, Level)) -> Self {
        Self {
            levels: vec![first],
            direction: None,
        }
    }

    /// How `level` steps from the run's last level: up, down or level.
    fn step(&self, level: &Level) -> Ordering {
        level.rank.cmp(&self.levels[self.levels.len() - 1].1.rank)
    }

    /// Whether `level` continues the run: the same level again, or a step its way.
    fn admits(&self, level: &Level) -> bool {
        let step = self.step(level);
        step == Ordering::Equal || self.direction.is_none_or(|way| way == step)
    }

    fn push(&mut self, candidate: (usize, Level)) {
        let step = self.step(&candidate.1);
        if step != Ordering::Equal {
            self.direction.get_or_insert(step);
        }
        self.levels.push(candidate);
    }
}

fn distinct_ranks(levels: &[(usize, Level)]) -> usize {
    let mut ranks: Vec<u32> = levels.iter().map(|(_, level)| level.rank).collect();
    ranks.sort_unstable();
    ranks.dedup();
    ranks.len()
}

/// The level under the heading at `position`, which runs until the next heading of its
/// depth or shallower.
fn heading_level(
    doc: &Document,
    index: usize,
    depth: u8,
    position: usize,
    level: Level,
) -> TrackLevel {
    let end = doc.sections[position + 1..]
        .iter()
        .position(|section| section.depth <= depth)
        .map_or(doc.sections.len(), |offset| position + 1 + offset);
    let span = doc.sections[position].span;
    let end_offset = doc
        .sections
        .get(end)
        .map_or(usize::MAX, |section| section.span.start);
    let items_start = doc
        .items
        .partition_point(|item| item.span.start < span.start);
    let items_end = doc
        .items
        .partition_point(|item| item.span.start < end_offset);
    TrackLevel {
        doc: index,
        level,
        heading: Some(position as SectionId),
        sections: position + 1..end,
        items: items_start..items_end.max(items_start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level;
    use crate::source::Source;

    fn parse(path: &str, markdown: &str) -> Document {
        Document::parse(Source::new(path, markdown))
    }

    #[test]
    fn one_directory_is_one_track_in_level_order() {
        let docs = [
            parse("ladder/L3.md", "# L3 Senior\n\n## Craft\n"),
            parse("ladder/L1.md", "# L1 Junior\n\n## Craft\n"),
            parse("ladder/README.md", "# About\n"),
            parse("ladder/L2.md", "# L2\n\n## Craft\n"),
            parse("other/L1.md", "# L1\n"),
        ];
        let refs: Vec<&Document> = docs.iter().collect();
        let tracks = tracks(&refs, |_| None, |_| level::standard());
        assert_eq!(tracks.len(), 1, "a lone level is no track");
        let ids: Vec<&str> = tracks[0]
            .levels
            .iter()
            .map(|l| l.level.id.as_str())
            .collect();
        assert_eq!(ids, ["L1", "L2", "L3"]);
        assert_eq!(tracks[0].path, Path::new("ladder"));
        let l1 = &tracks[0].levels[0];
        assert_eq!(
            l1.sections.len(),
            1,
            "the title is not a section of the level"
        );
    }

    #[test]
    fn numbered_levels_come_before_rungs() {
        let docs = [
            parse("se/staff_engineer.md", "# Staff Engineer\n"),
            parse("se/software_engineer_II.md", "# Software Engineer II\n"),
            parse("se/software_engineer_I.md", "# Software Engineer I\n"),
        ];
        let refs: Vec<&Document> = docs.iter().collect();
        let ids: Vec<String> = tracks(&refs, |_| None, |_| level::standard())[0]
            .levels
            .iter()
            .map(|l| l.level.id.clone())
            .collect();
        assert_eq!(ids, ["I", "II", "staff"]);
    }

    #[test]
    fn a_file_with_level_headings_is_split() {
        let doc = parse(
            "Developer.md",
            "# Developer\n\n## D1 - Developer 1\n\n- learns\n\n## D2 - Developer 2\n\n- teaches\n\n\
             ### Notes\n\n## D3 - Developer 3\n\n- leads\n\n# Other pages\n\n- elsewhere\n",
        );
        let tracks = tracks(&[&doc], |_| None, |_| level::standard());
        assert_eq!(tracks.len(), 1);
        let levels = &tracks[0].levels;
        let ids: Vec<&str> = levels.iter().map(|l| l.level.id.as_str()).collect();
        assert_eq!(ids, ["D1", "D2", "D3"]);
        assert_eq!(levels[1].sections.len(), 1, "D2 holds its Notes");
        let d3_items: Vec<&str> = levels[2]
            .items
            .clone()
            .map(|i| doc.text(doc.items[i].text))
            .collect();
        assert_eq!(
            d3_items,
            ["leads"],
            "the level ends at the next shallower heading"
        );
    }

    #[test]
    fn a_file_of_several_ladders_is_several_tracks() {
        let ids = |markdown: &str| -> Vec<Vec<String>> {
            let doc = parse("handbook.md", markdown);
            tracks(&[&doc], |_| None, |_| level::standard())
                .iter()
                .map(|track| track.levels.iter().map(|l| l.level.id.clone()).collect())
                .collect()
        };
        let headings = |ids: &[&str]| -> String {
            let mut markdown = "# Handbook\n".to_owned();
            for id in ids {
                markdown.push_str(&format!("\n## {id}\n"));
            }
            markdown
        };
        assert_eq!(
            ids(&headings(&[
                "L1", "L2", "L3", "L1", "L2", "L3", "L4", "L2", "L3", "L4", "L1", "L2", "L3"
            ])),
            [
                vec!["L1", "L2", "L3"],
                vec!["L1", "L2", "L3", "L4"],
                vec!["L2", "L3", "L4"],
                vec!["L1", "L2", "L3"]
            ],
            "a ladder that turns back starts another"
        );
        assert_eq!(
            ids(&headings(&["L1", "L2", "L3", "L2", "L3", "L4", "L5"])),
            [vec!["L1", "L2", "L3"], vec!["L2", "L3", "L4", "L5"]],
            "overlapping ladders stay apart"
        );
        for (written, ladder) in [
            (&["L1", "L2", "L2", "L3"][..], &["L1", "L2", "L2", "L3"][..]),
            (&["L1", "L1", "L2", "L3"], &["L1", "L1", "L2", "L3"]),
            (
                &["L1", "L2", "L3", "L4", "L3", "L6"],
                &["L1", "L2", "L3", "L3", "L4", "L6"],
            ),
            (&["L1", "L2", "L1", "L4"], &["L1", "L1", "L2", "L4"]),
            (&["L5", "L4", "L3", "L2"], &["L2", "L3", "L4", "L5"]),
            (
                &["L6", "L4", "L3", "L2", "L1"],
                &["L1", "L2", "L3", "L4", "L6"],
            ),
            (&["L5", "L4", "L2", "L1"], &["L1", "L2", "L4", "L5"]),
        ] {
            assert_eq!(
                ids(&headings(written)),
                [ladder],
                "{written:?}: duplicates, typos and holes stay in one ladder, up or down"
            );
        }
        assert_eq!(
            ids(&headings(&["IC1", "M1", "IC2", "M2", "IC3", "M3"])),
            [vec!["IC1", "IC2", "IC3"], vec!["M1", "M2", "M3"]],
            "interleaved schemes are one ladder each"
        );
    }
}
