//! `ladderlint init`: a commented `ladderlint.toml` inferred from the ladder at hand, so
//! adopting the tool on an existing ladder takes one command.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::level::Scheme;
use crate::{Report, TrackSummary};

/// The config text for the tracks of `report`, whose paths are relative to `base` (the
/// directory the file is written to).
pub fn config_text(report: &Report, base: &Path) -> String {
    let mut text = String::new();
    let line = |text: &mut String, line: &str| {
        text.push_str(line);
        text.push('\n');
    };
    line(
        &mut text,
        "# ladderlint configuration, inferred by `ladderlint init` from the ladder in this directory.",
    );
    line(
        &mut text,
        "# Every key is optional. `ladderlint rules` lists the rules; `ladderlint explain RULE` tells one.",
    );
    line(&mut text, "");
    line(
        &mut text,
        "# Do not look for ladderlint.toml files in the directories above this one.",
    );
    line(&mut text, "root = true");
    line(&mut text, "");
    line(
        &mut text,
        "# Files and directories not to lint, as globs relative to this file.",
    );
    line(&mut text, "# exclude = [\"drafts/**\"]");
    line(&mut text, "");
    line(
        &mut text,
        "# Severity per rule: \"error\", \"warning\", \"info\" or \"off\".",
    );
    line(&mut text, "[severity]");
    line(
        &mut text,
        "# copied-behavior = \"info\"  # off by default: behaviours copied word for word from the level below",
    );
    line(&mut text, "");
    write_levels(&mut text, &report.tracks);
    for track in &report.tracks {
        line(&mut text, "");
        write_track(&mut text, track, base);
    }
    if report.tracks.is_empty() {
        line(&mut text, "");
        line(
            &mut text,
            "# No ladder tracks were found here: a track is two or more level documents in one",
        );
        line(
            &mut text,
            "# directory. Group files into a track by glob, and name the sections it must have:",
        );
        line(&mut text, "# [[track]]");
        line(&mut text, "# name = \"engineering\"");
        line(&mut text, "# files = [\"engineering/*.md\"]");
        line(&mut text, "# required-sections = [\"Impact\", \"Craft\"]");
    }
    text
}

/// The level ids found, by scheme, and the keys that would change how ids are read.
fn write_levels(text: &mut String, tracks: &[TrackSummary]) {
    let mut schemes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, level) in tracks.iter().flat_map(|track| &track.levels) {
        let scheme = match &level.scheme {
            Scheme::Code(prefix) => format!("codes {prefix}<n>"),
            Scheme::Number => "Level <n>".to_owned(),
            Scheme::Roman => "roman numerals".to_owned(),
            Scheme::Rung => "rung names".to_owned(),
            Scheme::Weight => "page weights".to_owned(),
        };
        let ids = schemes.entry(scheme).or_default();
        if !ids.contains(&level.id) {
            ids.push(level.id.clone());
        }
    }
    text.push_str("# How level ids are read.");
    if schemes.is_empty() {
        text.push_str(" No level ids were found.\n");
    } else {
        text.push_str(" Found here:\n");
        for (scheme, ids) in &schemes {
            let _ = writeln!(text, "#   {scheme}: {}", ids.join(", "));
        }
    }
    text.push_str("[levels]\n");
    text.push_str(
        "# prefixes = [\"SDE\"]  # code prefixes beyond the standard L, IC, E, SW, P, M, …\n",
    );
    text.push_str("# rungs = [\"junior\", \"mid\", \"senior\", \"staff\", \"principal\"]  # your rung names, lowest first\n");
}

fn write_track(text: &mut String, track: &TrackSummary, base: &Path) {
    // Discovery drops a leading `./`; compare both spelled the same way.
    let base = crate::discover::lexical_normalize(base);
    let path = crate::discover::lexical_normalize(&track.path);
    let relative = path.strip_prefix(&base).unwrap_or(&path);
    let shown = relative.display().to_string();
    let ids: Vec<&str> = track
        .levels
        .iter()
        .map(|(_, level)| level.id.as_str())
        .collect();
    let is_file = track.levels.iter().all(|(path, _)| path == &track.path);
    let name = if shown.is_empty() {
        "ladder".to_owned()
    } else {
        shown.replace(['/', '\\'], "-")
    };
    let _ = writeln!(text, "# {shown}: levels {}.", ids.join(", "));
    if is_file {
        // A file with a heading per level is a track of its own; globs cover whole files.
        let _ = writeln!(
            text,
            "# It holds every level as a heading, so it is a track of its own; no [[track]] is needed."
        );
        return;
    }
    let levels = track.levels.len();
    let everywhere: Vec<&crate::SectionSummary> = track
        .sections
        .iter()
        .filter(|section| section.positions.iter().all(Option::is_some))
        .collect();
    let mostly: Vec<(&crate::SectionSummary, Vec<&str>)> = track
        .sections
        .iter()
        .filter_map(|section| {
            let missing: Vec<&str> = section
                .positions
                .iter()
                .zip(&ids)
                .filter(|(position, _)| position.is_none())
                .map(|(_, id)| *id)
                .collect();
            let has = levels - missing.len();
            (!missing.is_empty() && has >= 2 && has * 2 > levels).then_some((section, missing))
        })
        .collect();
    // The order is fixed only if every level has the required sections in one order.
    let mut required = everywhere.clone();
    let first_order = |section: &&crate::SectionSummary| section.positions[0];
    required.sort_by_key(first_order);
    let ordered = (0..levels).all(|level| {
        required
            .windows(2)
            .all(|pair| pair[0].positions[level] < pair[1].positions[level])
    });
    text.push_str("[[track]]\n");
    let _ = writeln!(text, "name = {}", quoted(&name));
    let glob = if shown.is_empty() {
        "*.md".to_owned()
    } else {
        format!("{}/*.md", shown.replace('\\', "/"))
    };
    let _ = writeln!(text, "files = [{}]", quoted(&glob));
    text.push_str("# Sections every level has, in the order they come.\n");
    let names: Vec<String> = required.iter().map(|s| quoted(&s.name)).collect();
    let _ = writeln!(text, "required-sections = [{}]", names.join(", "));
    if !ordered {
        text.push_str(
            "# The levels order these sections differently, so the order is not enforced.\n",
        );
    }
    let _ = writeln!(text, "ordered = {ordered}");
    for (section, missing) in mostly {
        let _ = writeln!(
            text,
            "# `{}` is at most levels but not at {}: add it there, then to required-sections.",
            section.name,
            missing.join(", ")
        );
    }
}

/// A TOML basic string.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
