use std::fmt::Write;
use std::path::Path;

use comrak::Anchorizer;

use crate::diagnostic::{Severity, Violation};
use crate::document::Document;
use crate::hash::{FastMap, FastSet};
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::text::edit_distance;
use crate::workspace::LinkTarget;

pub static META: RuleMeta = RuleMeta {
    name: "broken-link",
    summary: "a relative link to a file or heading anchor that does not exist",
    default_severity: Severity::Error,
    enabled_by_default: true,
    doc: include_str!("../../rules/broken-link.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(BrokenLink)
}

struct BrokenLink;

enum Broken {
    MissingFile {
        target: String,
    },
    MissingAnchor {
        anchor: String,
        file: Option<String>,
        closest: Option<String>,
    },
}

impl Violation for Broken {
    fn message(&self) -> String {
        match self {
            Broken::MissingFile { target } => format!("link target `{target}` does not exist"),
            Broken::MissingAnchor {
                anchor,
                file: Some(file),
                ..
            } => {
                format!("`{file}` has no heading with the anchor `#{anchor}`")
            }
            Broken::MissingAnchor {
                anchor, file: None, ..
            } => {
                format!("no heading in this document has the anchor `#{anchor}`")
            }
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            Broken::MissingFile { .. } => {
                Some("fix the path (it is relative to this file), or remove the link".into())
            }
            Broken::MissingAnchor {
                closest: Some(closest),
                ..
            } => Some(format!("did you mean `#{closest}`?")),
            Broken::MissingAnchor { closest: None, .. } => Some(
                "anchors are the heading text in lower case, spaces as `-`, punctuation dropped"
                    .into(),
            ),
        }
    }
}

/// The anchors GitHub gives a document's headings, plus explicit HTML `id`/`name`s.
///
/// A repeated heading gets the first free numbered anchor (`scope`, `scope-1`, ...), by
/// the rule of comrak's `Anchorizer`; a test holds the two to the same anchors.
fn anchors(doc: &Document) -> FastSet<String> {
    let mut anchors = FastSet::with_capacity_and_hasher(
        doc.sections.len() + doc.html_anchors.len(),
        Default::default(),
    );
    // Where to start probing for a slug seen before: every suffix below it is taken.
    let mut next_suffix: FastMap<String, usize> = FastMap::default();
    // Each heading text's slug: a handbook repeats the same few headings thousands of
    // times, and slugging text that is not ASCII takes thousands of instructions.
    let mut slugs: FastMap<&str, String> = FastMap::default();
    for section in &doc.sections {
        let text = doc.text(section.text);
        let slug = slugs.entry(text).or_insert_with(|| heading_slug(text));
        if !anchors.contains(slug.as_str()) {
            anchors.insert(slug.clone());
            continue;
        }
        let mut suffix = next_suffix.get(slug.as_str()).copied().unwrap_or(1);
        let chosen = loop {
            let candidate = numbered(slug, suffix);
            if !anchors.contains(&candidate) {
                break candidate;
            }
            suffix += 1;
        };
        anchors.insert(chosen);
        next_suffix.insert(slug.clone(), suffix + 1);
    }
    anchors.extend(doc.html_anchors.iter().cloned());
    anchors
}

/// `slug-suffix`, the anchor of a repeated heading. A handbook repeats thousands of
/// headings, and `format!` costs several times as much.
fn numbered(slug: &str, suffix: usize) -> String {
    let mut anchor = String::with_capacity(slug.len() + 4);
    anchor.push_str(slug);
    anchor.push('-');
    // Writing to a `String` cannot fail.
    let _ = write!(anchor, "{suffix}");
    anchor
}

/// A heading's anchor before numbering: lower case, spaces as `-`, only letters, marks,
/// numbers, `-` and connector punctuation kept. Plain ASCII is done here; other text goes
/// through comrak, which knows the Unicode categories.
fn heading_slug(heading: &str) -> String {
    if heading.is_ascii() {
        // Collected as bytes: pushing one `char` at a time costs several times as much.
        String::from_utf8(ascii_slug(heading).collect()).unwrap_or_default()
    } else {
        // A fresh anchorizer has numbered nothing yet: it gives the slug alone.
        Anchorizer::new().anchorize(heading)
    }
}

/// The bytes of an ASCII heading's slug. Other bytes are dropped, so other text needs
/// [`heading_slug`].
fn ascii_slug(heading: &str) -> impl Iterator<Item = u8> + '_ {
    debug_assert!(heading.is_ascii());
    heading
        .bytes()
        .filter(|&b| b == b' ' || b == b'-' || b == b'_' || b.is_ascii_alphanumeric())
        .map(|b| match b {
            b' ' => b'-',
            b => b.to_ascii_lowercase(),
        })
}

impl DocumentRule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let directory = doc.source.path().parent().unwrap_or(Path::new(""));
        let mut own_anchors = Anchors::new(doc);
        let mut other_anchors: FastMap<*const Document, Anchors<'_>> = FastMap::default();
        for link in &doc.links {
            let Some(target) = link.local_target() else {
                continue;
            };
            let anchors = if target.path.is_empty() {
                &mut own_anchors
            } else {
                let target_doc = match cx.workspace().resolve(directory.join(&*target.path)) {
                    Some(LinkTarget::Document(document)) => document,
                    // Anchors are checked in the Markdown documents the run loaded.
                    Some(LinkTarget::File(_)) => continue,
                    None => {
                        cx.report(
                            link.span,
                            Broken::MissingFile {
                                target: target.path.into_owned(),
                            },
                        );
                        continue;
                    }
                };
                other_anchors
                    .entry(std::ptr::from_ref(target_doc))
                    .or_insert_with(|| Anchors::new(target_doc))
            };
            if target.anchor.is_empty() || anchors.contains(&target.anchor) {
                continue;
            }
            let closest = closest(anchors.all(), &target.anchor);
            let file = (!target.path.is_empty()).then(|| target.path.into_owned());
            cx.report(
                link.span,
                Broken::MissingAnchor {
                    anchor: target.anchor.into_owned(),
                    file,
                    closest,
                },
            );
        }
    }
}

/// How many anchor links into one document are checked heading by heading before its
/// anchor set is built: most documents have one or two, and the set costs several scans.
const SCANS_BEFORE_SET: u8 = 4;

/// One document's anchors, looked up cheaply for the first few links and through a set
/// built once after that, so that many links into a large file stay linear.
struct Anchors<'d> {
    doc: &'d Document,
    scans: u8,
    set: Option<FastSet<String>>,
}

impl<'d> Anchors<'d> {
    fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            scans: 0,
            set: None,
        }
    }

    fn contains(&mut self, anchor: &str) -> bool {
        if self.set.is_none() && self.scans < SCANS_BEFORE_SET {
            self.scans += 1;
            if has_plain_anchor(self.doc, anchor) {
                return true;
            }
        }
        self.all().contains(anchor)
    }

    fn all(&mut self) -> &FastSet<String> {
        self.set.get_or_insert_with(|| anchors(self.doc))
    }
}

/// Whether an ASCII heading's slug is exactly `anchor`: the common case, checked without
/// building the full anchor set (which also knows numbered duplicates, HTML ids, and the
/// Unicode categories that decide other headings' slugs). A slug found here is always in
/// the set too, so the answer never depends on which way it was found.
fn has_plain_anchor(doc: &Document, anchor: &str) -> bool {
    doc.sections.iter().any(|section| {
        let text = doc.text(section.text);
        if !text.is_ascii() {
            return false;
        }
        let mut slug = ascii_slug(text);
        let mut wanted = anchor.bytes();
        loop {
            match (slug.next(), wanted.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    })
}

fn closest(anchors: &FastSet<String>, wanted: &str) -> Option<String> {
    anchors
        .iter()
        .map(|anchor| (edit_distance(anchor, wanted), anchor))
        .filter(|&(distance, anchor)| distance <= 3.max(anchor.len() / 4))
        .min()
        .map(|(_, anchor)| anchor.clone())
}

#[cfg(test)]
mod tests {
    use comrak::Anchorizer;

    use super::{META, anchors};
    use crate::document::Document;
    use crate::hash::FastSet;
    use crate::rules::check_markdown;
    use crate::source::Source;

    #[test]
    fn anchors_are_the_ones_comrak_gives() {
        let headings = [
            "Scope",
            "Scope 1",
            "scope",
            "Scope",
            "Scope-1",
            "SCOPE",
            "Scope 1",
            "C++ & C#",
            "snake_case name",
            "Ré\u{301}sumé",
            "🦉 Domain expertise",
            "Domain expertise",
            "Ünïcödé Scope",
            "  spaced  out  ",
            "Tabs\tand-dashes",
            "100% done!",
            "Ⅻ roman",
            "",
            "-",
            "Scope",
            "Scope 1 1",
            "Scope 1",
        ];
        // Every printable ASCII character, punctuation escaped so that it stays text.
        let printable: String = (' '..='~').collect();
        let escaped: String = printable
            .chars()
            .flat_map(|c| [(c.is_ascii_punctuation()).then_some('\\'), Some(c)])
            .flatten()
            .collect();
        let markdown: String = headings
            .iter()
            .map(|h| format!("## {h}\n\n"))
            .chain([format!("## x{escaped}\n")])
            .collect();
        let doc = Document::parse(Source::new("t.md", markdown));
        let last = doc.sections.last().map(|section| doc.text(section.text));
        assert_eq!(last, Some(format!("x{printable}").as_str()));
        let mut anchorizer = Anchorizer::new();
        let expected: FastSet<String> = doc
            .sections
            .iter()
            .map(|section| anchorizer.anchorize(doc.text(section.text)))
            .collect();
        assert_eq!(doc.sections.len(), headings.len() + 1);
        assert_eq!(anchors(&doc), expected);
    }

    #[test]
    fn an_anchor_is_judged_alike_whatever_links_come_before_it() {
        // A decomposed accent is a mark: GitHub keeps it, so `#resume` is no anchor here.
        let heading = "# Re\u{301}sume\u{301}\n\n## Scope\n\n";
        let alone = check_markdown(&META, &format!("{heading}[x](#resume) [s](#scope)\n"));
        let after_a_miss = check_markdown(
            &META,
            &format!("{heading}[y](#nope) [x](#resume) [s](#scope)\n"),
        );
        assert_eq!(alone.len(), 1, "{alone:?}");
        assert_eq!(after_a_miss.len(), 2, "{after_a_miss:?}");
    }
}
