//! Real ladders: the seed documents and the public corpus in `../shared`.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{lint, rule_lines, shared};
use ladderlint::rules::{self, RuleKind};

/// Whether `rule` looks at one document at a time. Linting one seed brings the other into
/// view as a level of the same track, so the seed tests below look at document rules only.
fn is_document_rule(rule: &str) -> bool {
    rules::find(rule).is_some_and(|registered| !matches!(registered.kind, RuleKind::Ladder(_)))
}

/// `../shared/<dir>`, or `None` (with a notice) where it is not checked out beside the
/// repository. `.ci/run` sets `LADDERLINT_REQUIRE_SHARED`, so there it must be present.
fn shared_dir(dir: &str) -> Option<PathBuf> {
    let path = shared().join(dir);
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing in CI",
        path.display()
    );
    eprintln!("skipping: {} is not present", path.display());
    None
}

#[test]
fn seed_000_placeholders_and_empty_examples() {
    let Some(seeds) = shared_dir("seeds") else {
        return;
    };
    let report = lint(&[&seeds.join("000_a6d49d4c8d309b4b.md")]);
    let mut found = rule_lines(&report, "000_a6d49d4c8d309b4b.md");
    found.retain(|(rule, _)| is_document_rule(rule));
    let lines = |rule: &str| -> Vec<usize> {
        found
            .iter()
            .filter(|(r, _)| r == rule)
            .map(|(_, line)| *line)
            .collect()
    };
    assert_eq!(lines("placeholder"), vec![19, 46, 47, 48, 61, 62]);
    // Only the Customer Success block (opening at line 58) has no real example.
    assert_eq!(lines("empty-examples"), vec![58]);
    assert_eq!(found.len(), 7, "nothing else: {found:?}");
}

#[test]
fn seed_004_lazy_continuation_and_empty_behaviors() {
    let Some(seeds) = shared_dir("seeds") else {
        return;
    };
    let report = lint(&[&seeds.join("004_4defafd9ceda7771.md")]);
    let mut found = rule_lines(&report, "004_4defafd9ceda7771.md");
    found.retain(|(rule, _)| is_document_rule(rule));
    assert_eq!(
        found,
        vec![
            ("lazy-continuation".to_owned(), 109),
            ("empty-behaviors".to_owned(), 137)
        ]
    );
}

#[test]
fn seeds_as_one_track() {
    let Some(seeds) = shared_dir("seeds") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    for name in ["000_a6d49d4c8d309b4b.md", "004_4defafd9ceda7771.md"] {
        std::fs::copy(seeds.join(name), dir.path().join(name)).expect("copy a seed");
    }
    let report = lint(&[dir.path()]);
    assert_eq!(report.tracks.len(), 1, "the two seeds are one track");
    let ids: Vec<&str> = report.tracks[0]
        .levels
        .iter()
        .map(|(_, level)| level.id.as_str())
        .collect();
    assert_eq!(ids, ["L2", "IC5"]);
    let messages = |file: &str, rule: &str| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|found| found.source.path().ends_with(file))
            .flat_map(|found| &found.diagnostics)
            .filter(|d| d.rule == rule)
            .map(|d| d.message.clone())
            .collect()
    };
    // `L2: Security Engineer` against `IC5 Staff Security Engineer`.
    assert_eq!(
        messages("004_4defafd9ceda7771.md", "title-scheme"),
        ["title follows the pattern `IC{n} {role}`; L2 of this track follow `L{n}: {role}`"]
    );
    // Each seed lacks the sections of the other.
    let missing_in_l2 = messages("000_a6d49d4c8d309b4b.md", "missing-section");
    assert_eq!(missing_in_l2.len(), 8, "{missing_in_l2:#?}");
    assert!(
        missing_in_l2
            .iter()
            .any(|m| m.starts_with("section `Craft` is missing; IC5"))
    );
    let missing_in_ic5 = messages("004_4defafd9ceda7771.md", "missing-section");
    assert_eq!(missing_in_ic5.len(), 4, "{missing_in_ic5:#?}");
    assert!(
        missing_in_ic5
            .iter()
            .any(|m| m.starts_with("section `🦉 Domain expertise` is missing; L2"))
    );
}

#[test]
fn corpus_findings_per_rule() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let report = lint(&[&corpus]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in report.diagnostics() {
        *per_rule.entry(diagnostic.rule).or_default() += 1;
    }
    let mut summary = format!("files: {}\n", report.files);
    for (rule, count) in per_rule {
        summary.push_str(&format!("{rule}: {count}\n"));
    }
    insta::assert_snapshot!(summary);
}

#[test]
fn corpus_known_defects_are_found() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let report = lint(&[&corpus]);
    let has = |file: &str, rule: &str, line: usize| {
        rule_lines(&report, file).contains(&(rule.to_owned(), line))
    };
    assert!(has(
        "OneOceanGroup__lrds-tech-career-track/SW/SW0.md",
        "placeholder",
        27
    ));
    assert!(has("danscratch__ladder/L1.md", "heading-increment", 3));
    assert!(has("jorgef__engineeringladders/Developer.md", "title", 113));
    assert!(has(
        "dropbox__dbx-career-framework/docs/sre/L1_Reliability_Engineer.md",
        "broken-markup",
        16
    ));
}

#[test]
fn corpus_tracks_and_their_levels() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let report = lint(&[&corpus]);
    let mut tracks = String::new();
    for track in &report.tracks {
        let path = track.path.strip_prefix(&corpus).unwrap_or(&track.path);
        let levels: Vec<String> = track
            .levels
            .iter()
            .map(|(_, level)| format!("{} ({})", level.id, level.origin))
            .collect();
        tracks.push_str(&format!("{}: {}\n", path.display(), levels.join(", ")));
    }
    insta::assert_snapshot!(tracks);
}

#[test]
fn corpus_cross_level_defects_are_found() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let report = lint(&[&corpus]);
    let has = |file: &str, rule: &str, line: usize| {
        rule_lines(&report, file).contains(&(rule.to_owned(), line))
    };
    assert!(has("danscratch__ladder/L1.md", "missing-section", 1));
    let sw6 = "OneOceanGroup__lrds-tech-career-track/SW/SW6-Partner.md";
    assert!(has(sw6, "heading-drift", 54), "Code fluency");
    assert!(has(sw6, "heading-drift", 57), "Technical strategy");
    let infracloud = "infracloudio__career-ladders/content/docs/engineering";
    for (file, line) in [
        ("associate-engineer.md", 19),
        ("engineer.md", 23),
        ("senior-engineer.md", 23),
    ] {
        assert!(
            has(&format!("{infracloud}/{file}"), "heading-drift", line),
            "`### Management ` in {file}"
        );
    }
}

#[test]
fn corpus_copied_behaviours_when_enabled() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let track = corpus.join("OneOceanGroup__lrds-tech-career-track/SW");
    let report = common::lint_fixture("copied-behavior", &[&track]);
    let copied = |file: &str| {
        rule_lines(&report, file)
            .iter()
            .filter(|(rule, _)| rule == "copied-behavior")
            .count()
    };
    let sw7 = "SW/SW7-Principal.md";
    let behaviours = report
        .findings
        .iter()
        .find(|found| found.source.path().ends_with(sw7))
        .map_or(0, |_| copied(sw7));
    // Most of SW7's behaviours repeat SW6's word for word.
    let text = std::fs::read_to_string(track.join("SW7-Principal.md")).expect("SW7 is readable");
    let doc =
        ladderlint::document::Document::parse(ladderlint::source::Source::new("SW7.md", text));
    let listed = doc
        .items
        .iter()
        .filter(|item| item.kind == ladderlint::document::ItemKind::ListItem)
        .count();
    assert!(
        behaviours * 2 > listed,
        "{behaviours} of {listed} behaviours in SW7 are copied"
    );
    let off_by_default = lint(&[&track]);
    assert!(
        off_by_default
            .diagnostics()
            .all(|d| d.rule != "copied-behavior")
    );
}

#[test]
fn explicit_file_sees_its_track_but_reports_only_itself() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let ladder = corpus.join("danscratch__ladder");
    let report = lint(&[&ladder.join("L1.md")]);
    assert_eq!(report.files, 1);
    assert!(
        report
            .findings
            .iter()
            .all(|found| found.source.path().ends_with("L1.md")),
        "only L1.md is reported on"
    );
    let missing: Vec<_> = report
        .diagnostics()
        .filter(|d| d.rule == "missing-section")
        .collect();
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0]
            .message
            .starts_with("section `Leadership` is missing; L2")
    );
    // The evidence points into the sibling files loaded as context.
    assert!(missing[0].related.iter().any(|r| r.path.ends_with("L2.md")));
    for other in ["L2.md", "L3.md", "L4.md", "L5.md", "L6.md"] {
        let report = lint(&[&ladder.join(other)]);
        assert!(
            report.diagnostics().all(|d| d.rule != "missing-section"),
            "{other}"
        );
    }
}

#[test]
fn corpus_run_never_panics_and_exits_0_or_1() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    for format in ["human", "concise", "json"] {
        let output = common::ladderlint(&["--format", format, corpus.to_str().unwrap()]);
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{format}: exit {code:?}: {}",
            common::stderr(&output)
        );
    }
}

#[test]
fn corpus_findings_in_full() {
    let Some(corpus) = shared_dir("corpus") else {
        return;
    };
    let report = lint(&[&corpus]);
    let prefix = corpus.to_string_lossy().into_owned() + "/";
    let text = common::render(&report, ladderlint::output::Format::Concise).replace(&prefix, "");
    insta::assert_snapshot!(text);
}
