//! Real ladders: the seed documents and the public corpus in `../shared`.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{lint, rule_lines, shared};

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
    let found = rule_lines(&report, "000_a6d49d4c8d309b4b.md");
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
    let found = rule_lines(&report, "004_4defafd9ceda7771.md");
    assert_eq!(
        found,
        vec![
            ("lazy-continuation".to_owned(), 109),
            ("empty-behaviors".to_owned(), 137)
        ]
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
