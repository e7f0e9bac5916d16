//! `ladderlint.toml`: where it is found, what each option changes, and how a bad one is
//! reported. Each test builds a small ladder in a temporary directory and runs the binary
//! there, so no config outside the test can reach it (every top config says `root = true`).

mod common;

use std::path::Path;

use common::{ladderlint_in, stderr, tree};
use tempfile::TempDir;

/// The concise findings of `ladderlint --format concise ARGS` in `dir`, one per line.
fn concise(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<String>) {
    let mut all = vec!["--format", "concise"];
    all.extend_from_slice(args);
    let output = ladderlint_in(dir, &all);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines = stdout.lines().map(str::to_owned).collect();
    (output.status.code(), lines)
}

/// A level document with a title, two sections and what `extra` adds to the second.
fn level(id: &str, extra: &str) -> String {
    format!(
        "# {id}: Software Engineer\n\n## Impact\n\n- Delivers work that moves the team's goals forward.\n\n## Craft\n\n- Writes tests for the code they change.\n{extra}"
    )
}

const ROOT: &str = "root = true\n";

#[test]
fn nearer_config_wins_and_merges_with_the_ones_above() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\n[severity]\nplaceholder = \"error\"\ntitle = \"error\"\n",
        ),
        ("team/ladderlint.toml", "[severity]\ntitle = \"off\"\n"),
        ("team/notes.md", "Some notes. TODO\n"),
        ("other/notes.md", "Some notes. TODO\n"),
    ]);
    let (code, lines) = concise(dir.path(), &["."]);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            "other/notes.md:1:1: error[title] document has no title: no H1 and no front-matter `title`",
            "other/notes.md:1:13: error[placeholder] placeholder `TODO` where content belongs",
            "team/notes.md:1:13: error[placeholder] placeholder `TODO` where content belongs",
        ]
    );
}

#[test]
fn root_true_stops_the_walk_up() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\n[severity]\nplaceholder = \"off\"\n",
        ),
        ("team/.ladderlint.toml", "root = true\n"),
        ("team/L1.md", &level("L1", "- TBD\n")),
    ]);
    let (_, lines) = concise(dir.path(), &["team"]);
    assert_eq!(
        lines,
        ["team/L1.md:10:3: warning[placeholder] placeholder `TBD` where content belongs"]
    );
}

#[test]
fn explicit_config_replaces_discovery_and_no_config_ignores_it() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\n[severity]\nplaceholder = \"off\"\n",
        ),
        ("strict.toml", "[severity]\nplaceholder = \"error\"\n"),
        ("L1.md", &level("L1", "- TBD\n")),
    ]);
    let finding = |severity: &str| {
        vec![format!(
            "L1.md:10:3: {severity}[placeholder] placeholder `TBD` where content belongs"
        )]
    };
    assert_eq!(concise(dir.path(), &["L1.md"]).1, Vec::<String>::new());
    assert_eq!(
        concise(dir.path(), &["--config", "strict.toml", "L1.md"]),
        (Some(1), finding("error"))
    );
    assert_eq!(
        concise(dir.path(), &["--no-config", "L1.md"]),
        (Some(0), finding("warning"))
    );
}

#[test]
fn select_and_ignore_override_the_config() {
    let dir = tree(&[
        ("ladderlint.toml", ROOT),
        ("notes.md", "Some notes. TODO\n"),
    ]);
    let (_, selected) = concise(dir.path(), &["--select", "title", "."]);
    assert_eq!(selected.len(), 1);
    assert!(selected[0].contains("[title]"), "{selected:?}");
    let (_, ignored) = concise(dir.path(), &["--ignore", "title,placeholder", "."]);
    assert!(ignored.is_empty(), "{ignored:?}");
}

#[test]
fn unknown_rule_on_the_command_line_exits_2() {
    let dir = tree(&[("ladderlint.toml", ROOT)]);
    let output = ladderlint_in(dir.path(), &["--select", "plceholder", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown rule `plceholder`"));
    assert!(stderr(&output).contains("did you mean `placeholder`?"));
}

#[test]
fn misspelt_rule_in_config_is_a_labelled_error() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\n\n[severity]\nplacehodler = \"off\"\n",
        ),
        ("L1.md", &level("L1", "")),
    ]);
    let output = ladderlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&output));
}

#[test]
fn unknown_key_and_bad_value_are_labelled_errors() {
    let dir = tree(&[
        ("ladderlint.toml", "root = true\nmax-file-sise = 1000\n"),
        ("L1.md", &level("L1", "")),
    ]);
    let output = ladderlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("unknown_key", stderr(&output));

    std::fs::write(
        dir.path().join("ladderlint.toml"),
        "root = true\n[severity]\ntitle = \"fatal\"\n",
    )
    .unwrap();
    let output = ladderlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("bad_severity", stderr(&output));
}

#[test]
fn a_broken_config_below_is_reported_and_the_rest_still_linted() {
    let dir = tree(&[
        ("ladderlint.toml", ROOT),
        ("a/ladderlint.toml", "[severity\n"),
        ("a/notes.md", "# Notes\n\nTODO\n"),
        ("b/notes.md", "# Notes\n\nTODO\n"),
    ]);
    let output = ladderlint_in(dir.path(), &["--format", "concise", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a/ladderlint.toml"),
        "{}",
        stderr(&output)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("b/notes.md:3:1"), "{stdout}");
    assert!(stdout.contains("a/notes.md:3:1"), "{stdout}");
}

#[test]
fn explicit_config_that_is_broken_stops_the_run() {
    let dir = tree(&[("bad.toml", "exclude = \"not a list\"\n")]);
    let output = ladderlint_in(dir.path(), &["--config", "bad.toml", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bad.toml"));
}

#[test]
fn placeholder_words_replace_or_extend_the_defaults() {
    let text = "# Notes\n\nTODO and WIP and TBD\n\n- [insert an example]\n";
    let dir = tree(&[("ladderlint.toml", ROOT), ("notes.md", text)]);
    let placeholders = |config: &str| {
        std::fs::write(dir.path().join("ladderlint.toml"), config).unwrap();
        let (_, lines) = concise(dir.path(), &["."]);
        lines
            .iter()
            .filter_map(|line| line.split('`').nth(1).map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(placeholders(ROOT), ["TODO", "TBD"]);
    assert_eq!(
        placeholders("root = true\n[placeholder]\nwords = [\"WIP\"]\n"),
        ["WIP"]
    );
    assert_eq!(
        placeholders("root = true\n[placeholder]\nextend-words = [\"WIP\"]\n"),
        ["TODO", "WIP", "TBD"]
    );
    assert_eq!(
        placeholders("root = true\n[placeholder]\npatterns = ['\\[insert [^]]*\\]']\n"),
        ["TODO", "TBD", "[insert an example]"]
    );
}

#[test]
fn exclude_skips_files_and_directories() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\nexclude = [\"drafts\", \"*.draft.md\"]\n",
        ),
        ("drafts/notes.md", "TODO\n"),
        ("plan.draft.md", "TODO\n"),
        ("notes.md", "# Notes\n\nTODO\n"),
    ]);
    let (_, lines) = concise(dir.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("notes.md:"));
    // Named one by one, as pre-commit does, an excluded file stays excluded.
    let (_, lines) = concise(dir.path(), &["plan.draft.md", "drafts/notes.md"]);
    assert!(lines.is_empty(), "{lines:?}");
}

#[test]
fn max_file_size_reports_larger_files() {
    let dir = tree(&[
        ("ladderlint.toml", "root = true\nmax-file-size = 10\n"),
        ("notes.md", "# Notes\n\nLonger than ten bytes.\n"),
    ]);
    let (_, lines) = concise(dir.path(), &["."]);
    assert_eq!(
        lines,
        [
            "notes.md:1:1: error[invalid-file] file is 32 bytes, over the 10-byte limit; it was not parsed"
        ]
    );
}

/// A three-level track whose middle level spells a heading the British way.
fn drifting_track(config: &str) -> TempDir {
    let behaviors = "\n## Behaviors\n\n- Asks for help early.\n";
    let drifted = level("L2", &behaviors.replace("Behaviors", "Behaviours"));
    tree(&[
        ("ladderlint.toml", config),
        ("L1.md", &level("L1", behaviors)),
        ("L2.md", &drifted),
        ("L3.md", &level("L3", behaviors)),
    ])
}

#[test]
fn heading_drift_accepts_configured_spellings() {
    let dir = drifting_track(ROOT);
    let (_, lines) = concise(dir.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("heading `Behaviours` is written `Behaviors`"),
        "{lines:?}"
    );

    let dir = drifting_track("root = true\n[heading-drift]\naccept = [\"Behaviours\"]\n");
    let (_, lines) = concise(dir.path(), &["."]);
    assert!(lines.is_empty(), "{lines:?}");
}

#[test]
fn heading_drift_max_edits_bounds_typos() {
    let typo = level("L2", "").replace("## Impact", "## Impakt");
    let long = |config: &str| {
        let dir = tree(&[
            ("ladderlint.toml", config),
            ("L1.md", &level("L1", "").replace("Impact", "Collaboration")),
            ("L2.md", &typo.replace("Impakt", "Colaboration")),
            ("L3.md", &level("L3", "").replace("Impact", "Collaboration")),
        ]);
        let (_, lines) = concise(dir.path(), &["."]);
        lines
    };
    let default = long(ROOT);
    assert!(
        default.iter().any(|l| l.contains("[heading-drift]")),
        "{default:?}"
    );
    let strict = long("root = true\n[heading-drift]\nmax-edits = 0\n");
    assert!(
        !strict.iter().any(|l| l.contains("[heading-drift]")),
        "{strict:?}"
    );
    assert!(
        strict.iter().any(|l| l.contains("[missing-section]")),
        "with typos not folded, the level lacks the section: {strict:?}"
    );
}

#[test]
fn copied_behavior_is_turned_on_and_tuned_in_config() {
    let copied = "- Reviews the designs of others with care.\n";
    let files = |config: &'static str| {
        tree(&[
            ("ladderlint.toml", config),
            ("L1.md", &level("L1", copied)),
            ("L2.md", &level("L2", copied)),
        ])
    };
    let rules = |dir: &TempDir| {
        let (_, lines) = concise(dir.path(), &["."]);
        lines
            .iter()
            .filter(|line| line.contains("[copied-behavior]"))
            .count()
    };
    assert_eq!(rules(&files(ROOT)), 0, "off by default");
    let on = "root = true\n[severity]\ncopied-behavior = \"info\"\n";
    // The two behaviours every test level has (38 and 50 characters) and the added one (40).
    assert_eq!(rules(&files(on)), 3);
    let long =
        "root = true\n[severity]\ncopied-behavior = \"info\"\n[copied-behavior]\nmin-length = 45\n";
    assert_eq!(
        rules(&files(long)),
        1,
        "only the behaviour of 45+ characters"
    );
}

#[test]
fn configured_track_groups_by_glob_and_requires_sections() {
    let config = r#"root = true

[[track]]
name = "security"
files = ["security/**/*.md"]
required-sections = ["Impact", "Threat modelling"]
"#;
    let dir = tree(&[
        ("ladderlint.toml", config),
        ("security/junior/L1.md", &level("L1", "")),
        (
            "security/senior/L2.md",
            &level("L2", "\n## Threat Modelling\n\n- Leads threat models.\n"),
        ),
    ]);
    let output = ladderlint_in(dir.path(), &["ladders", "."]);
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(listing.contains("security"), "{listing}");
    assert!(
        listing.contains("L1") && listing.contains("L2"),
        "{listing}"
    );
    let (_, lines) = concise(dir.path(), &["."]);
    assert_eq!(
        lines,
        [
            "security/junior/L1.md:1:1: warning[missing-section] section `Threat modelling` is missing; the config requires it at every level of track `security`"
        ]
    );
}

#[test]
fn ordered_track_checks_the_configured_order() {
    let swapped =
        "# L2: Software Engineer\n\n## Craft\n\n- Writes tests.\n\n## Impact\n\n- Delivers work.\n";
    let config = |ordered: bool| {
        format!(
            "root = true\n[[track]]\nname = \"eng\"\nfiles = [\"*.md\"]\nrequired-sections = [\"Impact\", \"Craft\"]\nordered = {ordered}\n"
        )
    };
    let order_findings = |ordered: bool| {
        let dir = tree(&[
            ("ladderlint.toml", &config(ordered)),
            ("L1.md", &level("L1", "")),
            ("L2.md", swapped),
        ]);
        let (_, lines) = concise(dir.path(), &["."]);
        lines
            .into_iter()
            .filter(|line| line.contains("[section-order]"))
            .collect::<Vec<_>>()
    };
    assert!(
        order_findings(false).is_empty(),
        "two levels cannot outvote each other"
    );
    assert_eq!(
        order_findings(true),
        [
            "L2.md:7:1: warning[section-order] section `Impact` comes after `Craft` here; the config orders track `eng` with it first"
        ]
    );
}

#[test]
fn level_scheme_sets_prefixes_and_rungs() {
    let page = |title: &str| format!("# {title}\n\n## Impact\n\n- Delivers work.\n");
    let dir = tree(&[
        ("ladderlint.toml", ROOT),
        ("sde/a.md", &page("SDE1 Engineer")),
        ("sde/b.md", &page("SDE2 Engineer")),
        ("rungs/first.md", &page("Craftsperson")),
        ("rungs/second.md", &page("Master Craftsperson")),
    ]);
    let listing = |dir: &TempDir| {
        let output = ladderlint_in(dir.path(), &["ladders", "."]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let standard = listing(&dir);
    assert!(!standard.contains("SDE1"), "{standard}");
    assert!(!standard.contains("craftsperson"), "{standard}");

    std::fs::write(
        dir.path().join("ladderlint.toml"),
        "root = true\n[levels]\nprefixes = [\"SDE\"]\nrungs = [\"craftsperson\", \"master craftsperson\"]\n",
    )
    .unwrap();
    let configured = listing(&dir);
    let at = |needle: &str| {
        configured
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` missing from:\n{configured}"))
    };
    assert!(at("SDE1") < at("SDE2"));
    assert!(at("rungs/first.md") < at("rungs/second.md"));
    assert!(configured.contains("master craftsperson"), "{configured}");
}

#[test]
fn suppressions_silence_ladder_findings_too() {
    let dir = drifting_track(ROOT);
    let l2 = dir.path().join("L2.md");
    let text = std::fs::read_to_string(&l2).unwrap().replace(
        "## Behaviours",
        "<!-- ladderlint-disable-next-line heading-drift -->\n## Behaviours",
    );
    std::fs::write(&l2, text).unwrap();
    let (code, lines) = concise(dir.path(), &["."]);
    assert_eq!((code, lines), (Some(0), Vec::new()));
}

#[test]
fn readme_config_example_is_valid() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .find("## Configuration")
        .expect("a configuration section");
    let start = section + readme[section..].find("```toml\n").expect("a toml example") + 8;
    let end = start + readme[start..].find("```").expect("closed block");
    let dir = tree(&[
        ("ladderlint.toml", &readme[start..end]),
        ("L1.md", &level("L1", "")),
    ]);
    let output = ladderlint_in(dir.path(), &["--format", "concise", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn globs_keep_star_within_one_directory() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\nexclude = [\"*.draft.md\"]\n[[track]]\nname = \"eng\"\nfiles = [\"eng/*.md\"]\n",
        ),
        ("plan.draft.md", "TODO\n"),
        ("sub/plan.draft.md", "# Plan\n\nTODO\n"),
        ("eng/L1.md", &level("L1", "")),
        ("eng/L2.md", &level("L2", "")),
        ("eng/managers/L1.md", &level("L1", "")),
        ("eng/managers/L2.md", &level("L2", "")),
    ]);
    let (_, lines) = concise(dir.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("sub/plan.draft.md:"), "{lines:?}");
    let output = ladderlint_in(dir.path(), &["ladders", "."]);
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(
        listing.contains("eng (2 levels, track `eng` of the config)"),
        "{listing}"
    );
    assert!(listing.contains("eng/managers (2 levels)"), "{listing}");
}

#[test]
fn same_track_name_in_two_configs_makes_two_tracks_and_the_nearer_wins() {
    let track = |required: &str| {
        format!(
            "[[track]]\nname = \"eng\"\nfiles = [\"*.md\"]\nrequired-sections = [\"{required}\"]\n"
        )
    };
    let dir = tree(&[
        (
            "ladderlint.toml",
            &format!("root = true\n{}", track("Impact")),
        ),
        ("a/ladderlint.toml", &track("Impact")),
        ("a/L1.md", &level("L1", "")),
        ("a/L2.md", &level("L2", "")),
        ("b/ladderlint.toml", &track("Mentoring")),
        ("b/L1.md", &level("L1", "")),
        ("b/L2.md", &level("L2", "")),
    ]);
    let (_, lines) = concise(dir.path(), &["."]);
    assert!(
        !lines.iter().any(|l| l.contains("[level-gap]")),
        "{lines:?}"
    );
    assert_eq!(
        lines,
        [
            "b/L1.md:1:1: warning[missing-section] section `Mentoring` is missing; the config requires it at every level of track `eng`",
            "b/L2.md:1:1: warning[missing-section] section `Mentoring` is missing; the config requires it at every level of track `eng`",
        ]
    );
}

#[test]
fn parent_paths_find_the_configs_above_the_files() {
    let dir = tree(&[
        ("ladderlint.toml", ROOT),
        (
            "tools/ladderlint.toml",
            "[severity]\nplaceholder = \"off\"\n",
        ),
        ("ladders/notes.md", "# Notes\n\nTODO\n"),
    ]);
    let (_, lines) = concise(&dir.path().join("tools"), &["../ladders"]);
    assert_eq!(
        lines.len(),
        1,
        "tools/ladderlint.toml does not cover ../ladders: {lines:?}"
    );
}

#[test]
fn level_options_merge_with_the_config_above() {
    let page = |title: &str| format!("# {title}\n\n## Impact\n\n- Delivers work.\n");
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\n[levels]\nrungs = [\"craftsperson\", \"master craftsperson\"]\n",
        ),
        ("team/ladderlint.toml", "[levels]\nprefixes = [\"SDE\"]\n"),
        ("team/rungs/a.md", &page("Craftsperson")),
        ("team/rungs/b.md", &page("Master Craftsperson")),
        ("team/codes/a.md", &page("SDE1 Engineer")),
        ("team/codes/b.md", &page("SDE2 Engineer")),
    ]);
    let output = ladderlint_in(dir.path(), &["ladders", "."]);
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(listing.contains("master craftsperson"), "{listing}");
    assert!(listing.contains("SDE2"), "{listing}");
}

#[test]
fn level_pattern_needs_a_number_group() {
    let dir = tree(&[
        (
            "ladderlint.toml",
            "root = true\n[levels]\npatterns = ['Band \\d+']\n",
        ),
        ("L1.md", &level("L1", "")),
    ]);
    let output = ladderlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("level pattern `Band \\d+` captures no number"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn suppression_findings_can_be_suppressed() {
    let dir = tree(&[
        ("ladderlint.toml", ROOT),
        (
            "L1.md",
            &level(
                "L1",
                "\n<!-- ladderlint-disable-file unused-suppression -->\n<!-- ladderlint-disable-next-line title -->\n- Fine.\n",
            ),
        ),
    ]);
    let (code, lines) = concise(dir.path(), &["."]);
    assert_eq!((code, lines), (Some(0), Vec::new()));
}
