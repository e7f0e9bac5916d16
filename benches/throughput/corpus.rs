//! The benchmark's input, generated deterministically: a corpus of ladder-like level files
//! in tracks, with planted defects, and one large handbook file that holds many ladders.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

/// Change this whenever the generator's output changes, so stale corpora are rebuilt.
const CORPUS_VERSION: &str = "ladderlint-bench-corpus v3";
const HANDBOOK_VERSION: &str = "ladderlint-bench-handbook v1";
const SEED: u64 = 0x1add_e71a_2025_0001;
pub const FILE_COUNT: usize = 5_000;
const LEVELS_PER_TRACK: RangeInclusive<usize> = 5..=8;
/// Files are filled up to a target size drawn from this range; the generator asserts that
/// every file ends up between 4 and 10 KiB.
const TARGET_FILE_BYTES: RangeInclusive<usize> = 4_300..=10_000;
const FILE_BYTES: RangeInclusive<usize> = 4 * 1024..=10 * 1024;
/// The handbook grows by whole levels until it holds at least this many bytes.
pub const HANDBOOK_BYTES: usize = 20_000_000;
const MARKER_FILE: &str = ".corpus-version";

/// What the generator produced; computed on every run so the planted counts are known even
/// when the files on disk are reused.
pub struct Corpus {
    pub files: usize,
    pub tracks: usize,
    pub bytes: usize,
    /// Planted defects, by the rule expected to report them.
    pub planted: BTreeMap<&'static str, usize>,
    /// A defect-free level file, relative to the corpus directory.
    pub sample: PathBuf,
    /// Whether the files were (re)written on this run.
    pub written: bool,
}

impl Corpus {
    pub fn ensure(dir: &Path) -> Self {
        let marker = format!("{CORPUS_VERSION} seed={SEED:#x} files={FILE_COUNT}\n");
        let marker_path = dir.join(MARKER_FILE);
        let up_to_date = fs::read_to_string(&marker_path).is_ok_and(|found| found == marker);
        if !up_to_date && dir.exists() {
            fs::remove_dir_all(dir).expect("remove stale corpus");
        }

        let mut rng = SplitMix64(SEED);
        let mut corpus = Corpus {
            files: 0,
            tracks: 0,
            bytes: 0,
            planted: BTreeMap::new(),
            sample: PathBuf::new(),
            written: !up_to_date,
        };
        while corpus.files < FILE_COUNT {
            let levels = track_size(&mut rng, FILE_COUNT - corpus.files);
            let track = Track::new(&mut rng, corpus.tracks, levels);
            let track_dir = dir.join(&track.dir);
            if corpus.written {
                fs::create_dir_all(&track_dir).expect("create track directory");
            }
            for level in track.levels() {
                let file = LevelFile::generate(&mut rng, &track, level);
                let name = format!("L{level}.md");
                assert!(
                    FILE_BYTES.contains(&file.text.len()),
                    "{}/{name} is {} bytes",
                    track.dir,
                    file.text.len()
                );
                if corpus.written {
                    fs::write(track_dir.join(&name), &file.text).expect("write level file");
                }
                if file.defects.is_empty() && corpus.sample.as_os_str().is_empty() {
                    corpus.sample = Path::new(&track.dir).join(&name);
                }
                for defect in file.defects {
                    *corpus.planted.entry(defect.rule()).or_default() += 1;
                }
                corpus.files += 1;
                corpus.bytes += file.text.len();
            }
            for rule in track.planted() {
                *corpus.planted.entry(rule).or_default() += 1;
            }
            corpus.tracks += 1;
        }
        if corpus.written {
            // Written last, so an interrupted generation is redone.
            fs::write(&marker_path, marker).expect("write corpus marker");
        }
        corpus
    }
}

/// One large file holding many ladders one after the other, each level under a `##`
/// heading: the stress case for a single parse and for the rules' scaling.
pub struct Handbook {
    pub path: PathBuf,
    pub bytes: usize,
    pub ladders: usize,
    pub written: bool,
}

impl Handbook {
    /// Writes `dir/handbook.md` (with a config raising the file size limit beside it)
    /// unless an up-to-date one is there.
    pub fn ensure(dir: &Path) -> Self {
        let marker = format!("{HANDBOOK_VERSION} seed={SEED:#x} bytes={HANDBOOK_BYTES}\n");
        let marker_path = dir.join(MARKER_FILE);
        let path = dir.join("handbook.md");
        // The marker's second line keeps the ladder count, which the file does not show.
        let recorded = fs::read_to_string(&marker_path).ok().and_then(|found| {
            let count = found.strip_prefix(&marker)?.strip_prefix("ladders=")?;
            count.trim().parse::<usize>().ok()
        });
        if let (Some(ladders), Ok(metadata)) = (recorded, fs::metadata(&path)) {
            return Self {
                path,
                bytes: metadata.len() as usize,
                ladders,
                written: false,
            };
        }
        // A seed of its own, so the corpus and the handbook never share text by accident.
        let mut rng = SplitMix64(SEED ^ 0x5a5a_5a5a);
        let mut text = String::with_capacity(HANDBOOK_BYTES + 64 * 1024);
        text.push_str(
            "# Engineering handbook\n\nEvery ladder of the company, one after the other.\n",
        );
        let mut ladders = 0;
        while text.len() < HANDBOOK_BYTES {
            let levels = rng.range(LEVELS_PER_TRACK);
            let track = Track::new(&mut rng, ladders, levels);
            for level in track.levels() {
                let file = LevelFile::generate(&mut rng, &track, level);
                text.push('\n');
                push_as_handbook_level(&mut text, &file.text);
            }
            ladders += 1;
        }
        fs::create_dir_all(dir).expect("create handbook directory");
        // The default size limit (10 MiB) protects editors and hooks from generated files;
        // a handbook this size is linted by choice.
        fs::write(
            dir.join("ladderlint.toml"),
            "root = true\nmax-file-size = 67108864\n",
        )
        .expect("write handbook config");
        fs::write(&path, &text).expect("write handbook");
        fs::write(&marker_path, format!("{marker}ladders={ladders}\n"))
            .expect("write handbook marker");
        Self {
            path,
            bytes: text.len(),
            ladders,
            written: true,
        }
    }
}

/// A level file's text as one section of a handbook: every heading one level deeper, and
/// links to the other level files (which the handbook has not) as plain text.
fn push_as_handbook_level(handbook: &mut String, level: &str) {
    for line in level.split_inclusive('\n') {
        if line.starts_with('#') {
            handbook.push('#');
        }
        let mut rest = line;
        while let Some(at) = rest.find("](L") {
            let target_end = rest[at..].find(".md)").map(|end| at + end + ".md)".len());
            let opening = rest[..at].rfind('[');
            let (Some(target_end), Some(opening)) = (target_end, opening) else {
                break;
            };
            handbook.push_str(&rest[..opening]);
            handbook.push_str(&rest[opening + 1..at]);
            rest = &rest[target_end..];
        }
        handbook.push_str(rest);
    }
}

/// A track size in `LEVELS_PER_TRACK` whose remainder can still be split into tracks of
/// that size: zero, one track's worth, or at least two.
fn track_size(rng: &mut SplitMix64, remaining: usize) -> usize {
    loop {
        let size = rng.range(LEVELS_PER_TRACK);
        if size > remaining {
            continue;
        }
        let left = remaining - size;
        if left == 0 || LEVELS_PER_TRACK.contains(&left) || left >= 2 * LEVELS_PER_TRACK.start() {
            return size;
        }
    }
}

/// SplitMix64: tiny, fast and good enough to make varied but reproducible text.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform enough over `range`; the modulo bias does not matter for test text.
    fn range(&mut self, range: RangeInclusive<usize>) -> usize {
        let (low, high) = range.into_inner();
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.next_u64() % 100 < chance
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0..=items.len() - 1)]
    }
}

const FAMILIES: &[(&str, &str)] = &[
    ("Engineer", "engineering"),
    ("Security Engineer", "security"),
    ("Site Reliability Engineer", "sre"),
    ("Data Scientist", "data-science"),
    ("Product Designer", "design"),
    ("Product Manager", "product"),
    ("Data Engineer", "data-engineering"),
    ("QA Engineer", "quality"),
    ("Technical Writer", "docs"),
    ("Machine Learning Engineer", "ml"),
];

/// Rung name prefixes by level number (index 0 is unused).
const RUNGS: &[&str] = &[
    "",
    "Associate ",
    "",
    "Senior ",
    "Staff ",
    "Senior Staff ",
    "Principal ",
    "Senior Principal ",
    "Distinguished ",
];

/// Competency names with the emoji some ladders put in front of them.
const COMPETENCIES: &[(&str, &str)] = &[
    ("Craft", "🛠️"),
    ("Impact", "🎯"),
    ("Collaboration", "🤝"),
    ("Leadership", "🌱"),
    ("Delivery", "🚀"),
    ("Technical Design", "📐"),
    ("Operations", "⚙️"),
    ("Communication", "💬"),
    ("Strategy", "🧭"),
    ("Security Practice", "🔒"),
    ("Quality", "✅"),
    ("Data & Analysis", "📊"),
    ("Product Sense", "💡"),
    ("Mentorship", "🧑‍🏫"),
];

const VERBS: &[&str] = &[
    "Designs",
    "Reviews",
    "Owns",
    "Leads",
    "Drives",
    "Improves",
    "Documents",
    "Measures",
    "Automates",
    "Plans",
    "Negotiates",
    "Simplifies",
    "Debugs",
    "Ships",
    "Coordinates",
    "Audits",
    "Prototypes",
    "Migrates",
    "Hardens",
    "Instruments",
    "Estimates",
    "Retires",
    "Scales",
    "Tests",
    "Explains",
    "Unblocks",
    "Triages",
    "Refactors",
    "Shapes",
    "Secures",
];

const ADJECTIVES: &[&str] = &[
    "reliable",
    "observable",
    "shared",
    "critical",
    "legacy",
    "customer-facing",
    "internal",
    "cross-team",
    "high-traffic",
    "regulated",
    "experimental",
    "long-lived",
    "batch",
    "real-time",
    "public",
    "multi-region",
];

const OBJECTS: &[&str] = &[
    "services",
    "pipelines",
    "dashboards",
    "release processes",
    "data models",
    "APIs",
    "on-call rotations",
    "design reviews",
    "incident reviews",
    "runbooks",
    "test suites",
    "deployment tooling",
    "access policies",
    "schemas",
    "roadmaps",
    "interfaces",
    "migration plans",
    "capacity plans",
    "alerting rules",
    "experiments",
    "onboarding guides",
    "cost reports",
];

const QUALIFIERS: &[&str] = &[
    "with little guidance",
    "across several teams",
    "before they reach production",
    "within one quarter",
    "so that others can operate them",
    "and shares what they learn",
    "without adding toil",
    "using data rather than opinion",
    "for the whole group",
    "with clear written trade-offs",
    "while keeping the error budget intact",
    "in a way new joiners can follow",
    "ahead of the planning cycle",
    "together with product and design",
];

const SCOPES: &[&str] = &[
    "their own tasks within one team",
    "features within one team",
    "projects within one team, and the services that team owns",
    "a group of teams and their shared systems",
    "an organisation's technical direction",
    "the company's most critical systems",
];

const AUTONOMY: &[&str] = &[
    "Works from well-defined tasks with regular check-ins",
    "Sets their own direction within the team's goals",
    "Chooses which problems the team should solve next",
    "Defines goals for several teams and holds the trade-offs",
];

const HORIZONS: &[&str] = &[
    "One sprint",
    "One month",
    "One quarter",
    "Two quarters",
    "One year",
    "Several years",
];

/// Singular, to agree with the behaviour verbs ("Designs ...").
const SUBJECTS: &[&str] = &[
    "Someone at this level",
    "At this level, a person",
    "This level",
    "Each holder of this role",
];

const PAST_VERBS: &[&str] = &[
    "Led the move of",
    "Migrated",
    "Replaced",
    "Rewrote",
    "Shipped",
    "Untangled",
    "Consolidated",
    "Documented",
    "Automated",
    "Retired",
    "Hardened",
    "Redesigned",
    "Split",
    "Cut the cost of",
];

const OUTCOMES: &[&str] = &[
    "without downtime",
    "ahead of a regulatory deadline",
    "halving the pager load",
    "in two weeks",
    "with a rollback plan for each stage",
    "and wrote the guide other teams now follow",
    "after a series of incidents",
    "to a new region",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "vi", "mer", "dra", "sil", "tor", "qua", "ne", "bry", "zen", "ost", "pha", "rul",
    "gan", "dex", "ira", "vel", "co", "thu", "mi", "sar", "el", "bo",
];

/// One directory of level files sharing a family, a set of competencies and a way of
/// writing responsibilities, as the levels of a real ladder do.
struct Track {
    dir: String,
    family: &'static str,
    first_level: usize,
    level_count: usize,
    /// Competency names and the heading each gets in this track.
    competencies: Vec<Competency>,
    style: ResponsibilityStyle,
    /// A planted cross-level defect: (level, competency) whose section is left out.
    dropped: Option<(usize, usize)>,
    /// A planted cross-level defect: (level, competency) whose heading is lower-cased.
    drifted: Option<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ResponsibilityStyle {
    /// `| Responsibility | Key Behaviors |` tables.
    Table,
    /// `**Responsibility**: X` then `**Key Behaviors**` and bullets.
    Blocks,
    /// Behaviour bullets only.
    Plain,
}

struct Competency {
    name: &'static str,
    heading: String,
    /// The heading's anchor, for plain headings only: emoji make anchors irregular.
    anchor: Option<String>,
    /// The responsibility names every level lists under this competency.
    responsibilities: Vec<String>,
}

impl Track {
    fn new(rng: &mut SplitMix64, index: usize, level_count: usize) -> Self {
        let (family, slug) = rng.pick(FAMILIES);
        let max_first = RUNGS.len() - level_count;
        let first_level = rng.range(1..=max_first.min(2));
        let count = rng.range(4..=6);
        let mut competencies: Vec<Competency> = Vec::with_capacity(count);
        while competencies.len() < count {
            let (name, emoji) = rng.pick(COMPETENCIES);
            if competencies.iter().any(|c| c.name == name) {
                continue;
            }
            let with_emoji = rng.percent(40);
            let responsibilities = (0..rng.range(2..=3)).map(|_| responsibility(rng)).collect();
            competencies.push(Competency {
                name,
                heading: if with_emoji {
                    format!("{emoji} {name}")
                } else {
                    name.to_owned()
                },
                anchor: (!with_emoji).then(|| anchor(name)),
                responsibilities,
            });
        }
        let style = match rng.range(0..=99) {
            0..45 => ResponsibilityStyle::Table,
            45..75 => ResponsibilityStyle::Blocks,
            _ => ResponsibilityStyle::Plain,
        };
        // Ladder defects go to a middle level, where both neighbours show what is expected.
        let middle = first_level + rng.range(1..=level_count - 2);
        let unlinked: Vec<usize> = (0..competencies.len())
            .filter(|&c| competencies[c].anchor.is_none())
            .collect();
        // Only a section nothing links to is left out, so no link breaks with it.
        let dropped = (rng.percent(10) && !unlinked.is_empty())
            .then(|| (middle, unlinked[rng.range(0..=unlinked.len() - 1)]));
        let plain: Vec<usize> = (0..competencies.len())
            .filter(|&c| competencies[c].anchor.is_some() && Some((middle, c)) != dropped)
            .collect();
        let drifted = (rng.percent(10) && !plain.is_empty())
            .then(|| (middle, plain[rng.range(0..=plain.len() - 1)]));
        Track {
            dir: format!("{index:04}-{slug}"),
            family,
            first_level,
            level_count,
            competencies,
            style,
            dropped,
            drifted,
        }
    }

    /// The defects planted across this track's levels, by the rule that should report them.
    fn planted(&self) -> Vec<&'static str> {
        let mut rules = Vec::new();
        if let Some((_, competency)) = self.dropped {
            rules.push("missing-section");
            // The rows of its responsibility table go missing with it (field-drift compares
            // table rows; `**Responsibility**:` blocks are labels, present at every level).
            if self.style == ResponsibilityStyle::Table {
                let count = self.competencies[competency].responsibilities.len();
                rules.extend(std::iter::repeat_n("field-drift", count));
            }
        }
        if self.drifted.is_some() {
            rules.push("heading-drift");
        }
        rules
    }

    fn levels(&self) -> RangeInclusive<usize> {
        self.first_level..=self.first_level + self.level_count - 1
    }

    fn title(&self, level: usize) -> String {
        format!("L{level}: {}{}", RUNGS[level], self.family)
    }
}

/// GitHub's anchor for a plain ASCII heading.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    Placeholder,
    LazyContinuation,
    SkippedHeadingLevel,
    UnclosedDetails,
}

impl Defect {
    const ALL: [Defect; 4] = [
        Defect::Placeholder,
        Defect::LazyContinuation,
        Defect::SkippedHeadingLevel,
        Defect::UnclosedDetails,
    ];

    fn rule(self) -> &'static str {
        match self {
            Defect::Placeholder => "placeholder",
            Defect::LazyContinuation => "lazy-continuation",
            Defect::SkippedHeadingLevel => "heading-increment",
            Defect::UnclosedDetails => "broken-markup",
        }
    }

    /// Percentage of files that get this defect.
    fn chance(self) -> u64 {
        match self {
            Defect::Placeholder | Defect::LazyContinuation => 3,
            Defect::SkippedHeadingLevel | Defect::UnclosedDetails => 2,
        }
    }
}

struct LevelFile {
    text: String,
    defects: Vec<Defect>,
}

/// One competency section while the file is filled up to its size, in output order.
struct SectionDraft {
    /// Heading and optional intro.
    head: String,
    /// Behaviour bullets; more are added until the file reaches its size.
    bullets: Vec<String>,
    /// Responsibility tables and blocks, Examples.
    blocks: String,
    /// A skipped-level subheading, when planted.
    tail: String,
}

impl SectionDraft {
    fn len(&self) -> usize {
        self.head.len()
            + self.bullets.iter().map(String::len).sum::<usize>()
            + self.blocks.len()
            + self.tail.len()
    }
}

impl LevelFile {
    fn generate(rng: &mut SplitMix64, track: &Track, level: usize) -> Self {
        let target = rng.range(TARGET_FILE_BYTES);
        let defects: Vec<Defect> = Defect::ALL
            .into_iter()
            .filter(|defect| rng.percent(defect.chance()))
            .collect();

        let header = header(rng, track, level);
        let mut sections: Vec<SectionDraft> = track
            .competencies
            .iter()
            .enumerate()
            .filter(|&(index, _)| track.dropped != Some((level, index)))
            .map(|(index, competency)| {
                let drifted = track.drifted == Some((level, index));
                section_draft(rng, track, level, competency, drifted)
            })
            .collect();
        let mut unclosed = String::new();
        for &defect in &defects {
            let section = rng.range(0..=sections.len() - 1);
            let section = &mut sections[section];
            match defect {
                Defect::Placeholder => {
                    let at = rng.range(0..=section.bullets.len());
                    section.bullets.insert(at, "- TBD.\n".to_owned());
                }
                Defect::LazyContinuation => {
                    // A bullet that lost its marker, read as part of the one above.
                    let lost = format!("- {}.\n{}\n", behaviour(rng), behaviour(rng));
                    let at = rng.range(0..=section.bullets.len());
                    section.bullets.insert(at, lost);
                }
                Defect::SkippedHeadingLevel => {
                    let _ = write!(
                        section.tail,
                        "\n#### Notes on {}\n\n- {}\n",
                        system_name(rng),
                        behaviour(rng)
                    );
                }
                // Goes after the last section: it swallows everything below it.
                Defect::UnclosedDetails => {
                    unclosed = format!(
                        "\n<details>\n<summary>Examples</summary>\n\n- {}\n",
                        example(rng)
                    );
                }
            }
        }

        let mut size =
            header.len() + unclosed.len() + sections.iter().map(SectionDraft::len).sum::<usize>();
        // Optional blocks only within a share of the target, so that small files stay small
        // and later sections get their share of blocks too.
        let section_share = target / sections.len() * 3 / 4;
        let kept = track
            .competencies
            .iter()
            .enumerate()
            .filter(|&(index, _)| track.dropped != Some((level, index)));
        for (section, (_, competency)) in sections.iter_mut().zip(kept) {
            // Every level writes its responsibilities the track's way.
            let names = &competency.responsibilities;
            let responsibilities = match track.style {
                ResponsibilityStyle::Table => responsibility_table(rng, names),
                ResponsibilityStyle::Blocks => responsibility_blocks(rng, names),
                ResponsibilityStyle::Plain => String::new(),
            };
            size += responsibilities.len();
            section.blocks.push_str(&responsibilities);
            let block = examples(rng);
            let fits = section.len() + block.len() <= section_share && size + block.len() <= target;
            if rng.percent(45) && fits {
                size += block.len();
                section.blocks.push_str(&block);
            }
        }
        // Round-robin, so sections grow alike. Nested bullets only while there is room for
        // them, so the file ends at most one plain bullet short of its target.
        'fill: loop {
            for section in &mut sections {
                let bullet = bullet(rng, target - size > NESTED_ROOM);
                if size + bullet.len() > target {
                    break 'fill;
                }
                size += bullet.len();
                section.bullets.push(bullet);
            }
        }

        let mut text = header;
        for section in sections {
            text.push_str(&section.head);
            section
                .bullets
                .iter()
                .for_each(|bullet| text.push_str(bullet));
            text.push_str(&section.blocks);
            text.push_str(&section.tail);
        }
        text.push_str(&unclosed);
        LevelFile { text, defects }
    }
}

/// Room a nested bullet (a parent and up to three children) may need.
const NESTED_ROOM: usize = 600;

fn header(rng: &mut SplitMix64, track: &Track, level: usize) -> String {
    let mut text = format!("# {}\n\n", track.title(level));
    for _ in 0..rng.range(2..=4) {
        let _ = write!(
            text,
            "{} {} and {}. ",
            rng.pick(SUBJECTS),
            lower_first(&behaviour(rng)),
            lower_first(&behaviour(rng))
        );
    }
    let levels = track.levels();
    if level > *levels.start() {
        let _ = write!(
            text,
            "Previous level: [{}](L{}.md). ",
            track.title(level - 1),
            level - 1
        );
    }
    if level < *levels.end() {
        let _ = write!(
            text,
            "Next level: [{}](L{}.md).",
            track.title(level + 1),
            level + 1
        );
    }
    let rank = (level - 1).min(SCOPES.len() - 1);
    let _ = write!(
        text,
        "\n\n- **Scope**: {}\n- **Autonomy**: {}\n- **Planning horizon**: {}\n",
        SCOPES[rank],
        AUTONOMY[rank * AUTONOMY.len() / SCOPES.len()],
        HORIZONS[rank],
    );
    text
}

/// A competency section with an optional linking intro and two plain bullets.
fn section_draft(
    rng: &mut SplitMix64,
    track: &Track,
    level: usize,
    competency: &Competency,
    drifted: bool,
) -> SectionDraft {
    let heading = if drifted {
        competency.heading.to_lowercase()
    } else {
        competency.heading.clone()
    };
    let mut head = format!("\n## {heading}\n\n");
    let linkable: Vec<&Competency> = track
        .competencies
        .iter()
        .filter(|other| other.anchor.is_some())
        .collect();
    if !linkable.is_empty() && rng.percent(30) {
        let other = rng.pick(&linkable);
        let anchor = other.anchor.as_deref().unwrap_or_default();
        let previous = level - 1;
        let _ = if level > track.first_level && rng.percent(50) {
            write!(
                head,
                "Builds on [L{previous} {}](L{previous}.md#{anchor}).\n\n",
                other.name
            )
        } else {
            write!(
                head,
                "{}; see also [{}](#{anchor}).\n\n",
                behaviour(rng),
                other.name
            )
        };
    }
    SectionDraft {
        head,
        bullets: vec![bullet(rng, false), bullet(rng, false)],
        blocks: String::new(),
        tail: String::new(),
    }
}

/// A behaviour bullet; when `may_nest`, some carry sub-behaviours.
fn bullet(rng: &mut SplitMix64, may_nest: bool) -> String {
    let mut text = format!("- {}\n", behaviour(rng));
    if may_nest && rng.percent(15) {
        for _ in 0..rng.range(1..=3) {
            let _ = writeln!(text, "  - {}", behaviour(rng));
        }
    }
    text
}

fn responsibility_table(rng: &mut SplitMix64, names: &[String]) -> String {
    let mut text = "\n| Responsibility | Key Behaviors |\n| --- | --- |\n".to_owned();
    for name in names {
        let _ = writeln!(
            text,
            "| {name} | {}; {} |",
            behaviour(rng),
            lower_first(&behaviour(rng))
        );
    }
    text
}

fn responsibility_blocks(rng: &mut SplitMix64, names: &[String]) -> String {
    let mut text = String::new();
    for name in names {
        let _ = writeln!(text, "\n**Responsibility**: {name}  \n**Key Behaviors**");
        for _ in 0..rng.range(1..=3) {
            let _ = writeln!(text, "- {}", behaviour(rng));
        }
    }
    text
}

fn examples(rng: &mut SplitMix64) -> String {
    let mut text = "\n<details>\n<summary>Examples</summary>\n\n".to_owned();
    for _ in 0..rng.range(1..=3) {
        let _ = writeln!(text, "- {}", example(rng));
    }
    text.push_str("\n</details>\n");
    text
}

/// A sentence such as "Hardens shared pipelines for Kalovi with little guidance".
fn behaviour(rng: &mut SplitMix64) -> String {
    format!(
        "{} {} {} for {} {}",
        rng.pick(VERBS),
        rng.pick(ADJECTIVES),
        rng.pick(OBJECTS),
        system_name(rng),
        rng.pick(QUALIFIERS)
    )
}

/// A sentence such as "Migrated the legacy schemas of Dravel to a new region".
fn example(rng: &mut SplitMix64) -> String {
    format!(
        "{} the {} {} of {} {}",
        rng.pick(PAST_VERBS),
        rng.pick(ADJECTIVES),
        rng.pick(OBJECTS),
        system_name(rng),
        rng.pick(OUTCOMES)
    )
}

fn responsibility(rng: &mut SplitMix64) -> String {
    let object = rng.pick(OBJECTS);
    format!("{} {object}", system_name(rng))
}

/// A made-up product name, so the text is not a handful of phrases repeated.
fn system_name(rng: &mut SplitMix64) -> String {
    let mut name = String::new();
    for _ in 0..rng.range(2..=3) {
        name.push_str(rng.pick(SYLLABLES));
    }
    name[..1].to_ascii_uppercase() + &name[1..]
}

fn lower_first(text: &str) -> String {
    text[..1].to_ascii_lowercase() + &text[1..]
}
