use crate::diagnostic::{Related, Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::hash::FastMap;
use crate::rules::placeholder::PlaceholderMatcher;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;
use crate::text::{loose_ends, loose_head, same_loosely};

pub static META: RuleMeta = RuleMeta {
    name: "duplicate-item",
    summary: "the same behaviour listed twice in one section",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/duplicate-item.md"),
};

pub(crate) fn build(settings: &Settings) -> Box<dyn DocumentRule> {
    Box::new(DuplicateItem {
        placeholders: settings.placeholders.clone(),
    })
}

struct DuplicateItem {
    placeholders: PlaceholderMatcher,
}

struct Repeated {
    first_line: usize,
}

impl Violation for Repeated {
    fn message(&self) -> String {
        format!("this bullet repeats the one on line {}", self.first_line)
    }

    fn help(&self) -> Option<String> {
        Some("remove one of the two, or say what is different about each".into())
    }
}

impl DocumentRule for DuplicateItem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // Items of one section are contiguous; compare within each section. The lists are
        // sized once for the document and reused for each section.
        let mut section_items: Vec<usize> = Vec::with_capacity(doc.items.len());
        let mut seen: Vec<(u64, usize)> = Vec::with_capacity(doc.items.len());
        let mut section = None;
        for (index, item) in doc.items.iter().enumerate() {
            if item.kind != ItemKind::ListItem || doc.text(item.text).is_empty() {
                continue;
            }
            if item.section != section {
                self.check_section(doc, &section_items, &mut seen, cx);
                section_items.clear();
                section = item.section;
            }
            section_items.push(index);
        }
        self.check_section(doc, &section_items, &mut seen, cx);
    }
}

/// Sections with more bullets than this are checked through a hash map.
const LINEAR_SCAN_LIMIT: usize = 128;

impl DuplicateItem {
    /// `seen` is scratch space, emptied here before use.
    fn check_section(
        &self,
        doc: &Document,
        items: &[usize],
        seen: &mut Vec<(u64, usize)>,
        cx: &mut Context<'_>,
    ) {
        // Only items with equal fingerprints are compared in full. A section usually holds
        // a few dozen bullets, where a linear scan beats a hash map; huge ones get the map.
        let same = |earlier: usize, index: usize| {
            let (earlier, item) = (&doc.items[earlier], &doc.items[index]);
            (earlier.details, earlier.parent) == (item.details, item.parent)
                && same_loosely(doc.text(earlier.text), doc.text(item.text))
        };
        let key = |index: usize, of_text: fn(&str) -> u64| {
            let item = &doc.items[index];
            of_text(doc.text(item.text)) ^ scope_hash(item.details, item.parent)
        };
        if items.len() <= LINEAR_SCAN_LIMIT {
            // A few dozen bullets: their first and last characters spare most comparisons.
            seen.clear();
            for &index in items {
                let key = key(index, loose_ends);
                let first = seen
                    .iter()
                    .find(|&&(k, earlier)| k == key && same(earlier, index));
                match first {
                    Some(&(_, first)) => self.report(doc, first, index, cx),
                    None => seen.push((key, index)),
                }
            }
            return;
        }
        let mut seen: FastMap<u64, Vec<usize>> =
            FastMap::with_capacity_and_hasher(items.len(), Default::default());
        for &index in items {
            let bucket = seen.entry(key(index, loose_head)).or_default();
            match bucket.iter().copied().find(|&earlier| same(earlier, index)) {
                Some(first) => self.report(doc, first, index, cx),
                None => bucket.push(index),
            }
        }
    }

    fn report(&self, doc: &Document, first: usize, repeat: usize, cx: &mut Context<'_>) {
        let item = &doc.items[repeat];
        // Two identical placeholders are the placeholder rule's business.
        if self.placeholders.is_placeholder(doc.text(item.text)) {
            return;
        }
        let first = &doc.items[first];
        let first_line = doc.source.line_of(first.span.start);
        let line_end = doc
            .source
            .line_span(doc.source.line_of(item.span.start))
            .end;
        let first_end = doc.source.line_span(first_line).end;
        cx.report(
            Span::new(item.span.start, line_end),
            Repeated { first_line },
        )
        .related
        .push(Related {
            path: doc.source.path().to_owned(),
            span: Span::new(first.span.start, first_end),
            message: "first listed here".into(),
        });
    }
}

fn scope_hash(details: Option<u32>, parent: Option<u32>) -> u64 {
    let encode = |id: Option<u32>| id.map_or(0, |id| u64::from(id) + 1);
    encode(details).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ encode(parent).rotate_left(32)
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::rules::check_markdown;

    #[test]
    fn finds_repeats_in_sections_too_big_for_a_linear_scan() {
        let mut markdown = String::from("# L1: Engineer\n\n## Craft\n\n");
        for n in 0..300 {
            markdown.push_str(&format!("- I keep service number {n} healthy\n"));
        }
        markdown.push_str("- i keep  service number 7 healthy.\n");
        let found = check_markdown(&META, &markdown);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "this bullet repeats the one on line 12");
    }

    #[test]
    fn sections_of_every_size_report_each_repeat_against_its_first_writing() {
        // A linear scan of fingerprints up to 128 bullets, a map beyond.
        for count in [2, 5, 8, 9, 40, 128, 129, 300] {
            let mut markdown = String::from("# L1: Engineer\n\n## Craft\n\n");
            let mut expected = Vec::new();
            for n in 0..count {
                // Every third bullet repeats an earlier one, written loosely differently.
                let text = match n % 3 {
                    2 => format!("KEEPS  service {} healthy.", n / 3),
                    _ => format!("Keeps service {n} healthy"),
                };
                if n % 3 == 2 && (n / 3) % 3 != 2 && n / 3 < n {
                    expected.push(format!("this bullet repeats the one on line {}", 5 + n / 3));
                }
                markdown.push_str(&format!("- {text}\n"));
            }
            let found: Vec<String> = check_markdown(&META, &markdown)
                .into_iter()
                .map(|finding| finding.message)
                .collect();
            assert_eq!(found, expected, "{count} bullets");
        }
    }

    #[test]
    fn the_same_text_in_different_lists_is_not_a_repeat() {
        let markdown =
            "# L1: E\n\n## Craft\n\n- Leads\n  - Writes docs\n- Mentors\n  - Writes docs\n";
        assert!(check_markdown(&META, markdown).is_empty());
    }
}
