//! Conventions: every registered rule has a source file, a doc page with the fixed headings,
//! and pass and fail fixtures; nothing documents or tests a rule that does not exist.

use std::collections::BTreeSet;
use std::fs;

use ladderlint::rules::REGISTRY;

const DOC_HEADINGS: &[&str] = &[
    "## What it does",
    "## Why it matters",
    "## Example",
    "## How to fix",
    "## Options",
];

fn names_in(dir: &str, extension: Option<&str>) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{dir}: {error}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| match extension {
            Some(extension) => path.extension().is_some_and(|e| e == extension),
            None => path.is_dir(),
        })
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn registered() -> BTreeSet<String> {
    REGISTRY
        .iter()
        .map(|rule| rule.meta.name.to_owned())
        .collect()
}

#[test]
fn every_rule_has_a_doc_with_the_fixed_headings() {
    for rule in REGISTRY {
        let path = format!("rules/{}.md", rule.meta.name);
        let on_disk = fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path} is missing"));
        assert_eq!(
            on_disk, rule.meta.doc,
            "{path}: the embedded doc is not this file"
        );
        assert!(
            on_disk.starts_with(&format!("# {}\n", rule.meta.name)),
            "{path}: title"
        );
        let severity = format!("Default severity: {}", rule.meta.default_severity);
        assert!(
            on_disk.contains(&severity),
            "{path}: must state `{severity}`"
        );
        let mut at = 0;
        for heading in DOC_HEADINGS {
            let found = on_disk[at..].find(&format!("\n{heading}\n"));
            assert!(
                found.is_some(),
                "{path}: `{heading}` missing or out of order"
            );
            at += found.unwrap() + 1;
        }
    }
}

#[test]
fn every_rule_has_pass_and_fail_fixtures() {
    for rule in REGISTRY {
        let dir = format!("fixtures/{}", rule.meta.name);
        // A document rule's fixtures are files; a ladder rule's are directories (tracks).
        let mut fixtures = names_in(&dir, Some("md"));
        fixtures.extend(names_in(&dir, None));
        assert!(
            fixtures.iter().any(|f| f.starts_with("pass_")),
            "{dir}: no pass_ fixture"
        );
        assert!(
            fixtures.iter().any(|f| f.starts_with("fail_")),
            "{dir}: no fail_ fixture"
        );
    }
}

#[test]
fn every_document_rule_has_its_own_source_file() {
    let sources: BTreeSet<String> = names_in("src/rules", Some("rs"))
        .into_iter()
        .filter(|name| name != "mod")
        .map(|name| name.replace('_', "-"))
        .collect();
    for rule in REGISTRY {
        assert!(
            sources.contains(rule.meta.name),
            "src/rules/{}.rs is missing",
            rule.meta.name.replace('-', "_")
        );
    }
    let registered = registered();
    let unknown: Vec<_> = sources.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "rule files not in the registry: {unknown:?}"
    );
}

#[test]
fn docs_and_fixtures_name_only_registered_rules() {
    let registered = registered();
    let docs = names_in("rules", Some("md"));
    let unknown_docs: Vec<_> = docs.difference(&registered).collect();
    assert!(
        unknown_docs.is_empty(),
        "docs for unknown rules: {unknown_docs:?}"
    );
    let mut fixtures = names_in("fixtures", None);
    fixtures.remove("ladders");
    let unknown_fixtures: Vec<_> = fixtures.difference(&registered).collect();
    assert!(
        unknown_fixtures.is_empty(),
        "fixtures for unknown rules: {unknown_fixtures:?}"
    );
}

#[test]
fn rule_names_are_kebab_case_and_summaries_lowercase() {
    for rule in REGISTRY {
        let meta = rule.meta;
        assert!(
            meta.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            meta.name
        );
        assert!(
            !meta.summary.ends_with('.'),
            "{}: summary ends with a period",
            meta.name
        );
        assert!(
            meta.summary.starts_with(|c: char| c.is_lowercase()),
            "{}: summary",
            meta.name
        );
    }
}
