use crate::diagnostic::{Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;
use crate::text::find_word;

pub static META: RuleMeta = RuleMeta {
    name: "placeholder",
    summary: "stand-in text such as TBD, TODO or lorem ipsum where content belongs",
    default_severity: Severity::Warning,
    doc: include_str!("../../rules/placeholder.md"),
};

/// Finds placeholder text. Built once from the settings; shared with the rules that must
/// tell a placeholder item from a real one.
#[derive(Debug, Clone)]
pub struct PlaceholderMatcher {
    /// Matched as whole words, case-sensitively (`TODO`, not "todo list").
    words: Vec<String>,
    /// Matched case-insensitively anywhere.
    phrases: Vec<String>,
}

impl Default for PlaceholderMatcher {
    fn default() -> Self {
        Self {
            words: ["TBD", "TBA", "TODO", "FIXME", "XXX"]
                .map(String::from)
                .to_vec(),
            phrases: ["coming soon", "lorem ipsum"].map(String::from).to_vec(),
        }
    }
}

impl PlaceholderMatcher {
    /// Every placeholder in `text`, as byte ranges, in order.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for word in &self.words {
            found.extend(find_word(text, word).map(|at| (at, at + word.len())));
        }
        if !self.phrases.is_empty() {
            // ASCII lower-casing keeps byte offsets; the phrases are plain ASCII.
            let lower = text.to_ascii_lowercase();
            for phrase in &self.phrases {
                found.extend(
                    lower
                        .match_indices(phrase.as_str())
                        .map(|(at, p)| (at, at + p.len())),
                );
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether `text` stands in for content: it opens with a placeholder ("TBD.",
    /// "TODO: add an example from the migration") or holds little besides one.
    pub fn is_placeholder(&self, text: &str) -> bool {
        let found = self.find_all(text);
        let Some(&(first, _)) = found.first() else {
            return false;
        };
        if !text[..first].chars().any(char::is_alphanumeric) {
            return true;
        }
        let mut rest = String::with_capacity(text.len());
        let mut last = 0;
        for (start, end) in found {
            rest.push_str(&text[last..start.max(last)]);
            rest.push(' ');
            last = end.max(last);
        }
        rest.push_str(&text[last..]);
        rest.split_whitespace()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count()
            < 3
    }
}

pub(crate) fn build(settings: &Settings) -> Box<dyn DocumentRule> {
    Box::new(Placeholder {
        matcher: settings.placeholders.clone(),
    })
}

struct Placeholder {
    matcher: PlaceholderMatcher,
}

struct PlaceholderText {
    text: String,
}

impl Violation for PlaceholderText {
    fn message(&self) -> String {
        format!("placeholder `{}` where content belongs", self.text)
    }

    fn help(&self) -> Option<String> {
        Some("write the real text, or remove the line until there is something to say".into())
    }
}

impl DocumentRule for Placeholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for section in &doc.sections {
            self.check_text(doc, &section.text, section.span, cx);
        }
        for item in &doc.items {
            match item.kind {
                ItemKind::ListItem | ItemKind::Paragraph => {
                    self.check_text(doc, &item.text, item.span, cx);
                }
                ItemKind::TableRow | ItemKind::TableHeader => {
                    for cell in &item.cells {
                        self.check_text(doc, &cell.text, cell.span, cx);
                    }
                }
            }
        }
    }
}

impl Placeholder {
    /// Reports each placeholder of `text` (rendered) at its place in `within` (source).
    fn check_text(&self, doc: &Document, text: &str, within: Span, cx: &mut Context<'_>) {
        let found = self.matcher.find_all(text);
        if found.is_empty() {
            return;
        }
        let written = doc.source.slice(within);
        let written_lower = written.to_ascii_lowercase();
        let mut search_from = 0;
        for (start, end) in found {
            let needle = &text[start..end];
            let rest = written.get(search_from..).unwrap_or("");
            let at = rest
                .find(needle)
                .or_else(|| {
                    written_lower[search_from.min(written_lower.len())..]
                        .find(&needle.to_ascii_lowercase())
                })
                .map(|at| search_from + at);
            let span = match at {
                Some(at) => {
                    search_from = at + needle.len();
                    Span::new(within.start + at, within.start + at + needle.len())
                }
                None => within,
            };
            if doc.code.iter().any(|code| code.contains(span)) {
                continue;
            }
            cx.report(
                span,
                PlaceholderText {
                    text: text[start..end].to_owned(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PlaceholderMatcher;

    #[test]
    fn placeholder_items() {
        let matcher = PlaceholderMatcher::default();
        assert!(matcher.is_placeholder("TBD."));
        assert!(matcher.is_placeholder("TODO: add examples"));
        assert!(matcher.is_placeholder("Coming soon!"));
        assert!(matcher.is_placeholder("TODO: add an example from the billing migration"));
        assert!(!matcher.is_placeholder("I led the migration (details TBD)"));
        assert!(!matcher.is_placeholder("I keep a todo list"));
        assert!(matcher.find_all("a TBDs b").is_empty());
    }
}
