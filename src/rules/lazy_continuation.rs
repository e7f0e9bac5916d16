use crate::diagnostic::{Fix, Severity, Violation};
use crate::document::{Document, ItemKind};
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "lazy-continuation",
    summary: "a line that joins the bullet above although it reads as a bullet of its own",
    default_severity: Severity::Error,
    enabled_by_default: true,
    doc: include_str!("../../rules/lazy-continuation.md"),
};

pub(crate) fn build(_: &Settings) -> Box<dyn DocumentRule> {
    Box::new(LazyContinuation)
}

struct LazyContinuation;

struct LostBullet;

impl Violation for LostBullet {
    fn message(&self) -> String {
        "this line is joined to the bullet above; it reads as a bullet that lost its marker".into()
    }

    fn help(&self) -> Option<String> {
        Some("start the line with `- ` to make it its own bullet, or indent it to continue the bullet above".into())
    }
}

impl DocumentRule for LazyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let source = &doc.source;
        // Items come in document order, so their first lines are found going forward.
        let mut first_line = 1;
        for (index, item) in doc.items.iter().enumerate() {
            if item.kind != ItemKind::ListItem {
                continue;
            }
            first_line = source.line_of_forward(item.span.start, first_line);
            // Most bullets are one line, with nothing to continue.
            if item.span.end <= source.line_span(first_line).end {
                continue;
            }
            let last_line = source.line_of(item.span.end);
            let item_line_start = source.line_span(first_line).start;
            let marker_prefix = Span::new(item_line_start, item.span.start);
            if !source.slice(marker_prefix).trim().is_empty() {
                // Inside a block quote or another container: indentation means something else.
                continue;
            }
            // Nested items own their lines. They follow their parent in document order, as
            // the lines do, so one pass over them serves every line.
            let mut children = doc.items[index + 1..]
                .iter()
                .take_while(|child| child.span.start < item.span.end)
                .filter(|child| child.parent == Some(index as u32))
                .peekable();
            for line in first_line + 1..=last_line {
                let span = source.line_span(line);
                while children
                    .next_if(|child| child.span.end < span.end)
                    .is_some()
                {}
                if children
                    .peek()
                    .is_some_and(|child| child.span.contains(span))
                {
                    continue;
                }
                let text = source.slice(span);
                let content = text.trim_start_matches([' ', '\t']);
                if content.is_empty() || text.len() - content.len() >= item.content_column as usize
                {
                    continue;
                }
                let previous = source.line_text(line - 1).trim_end();
                let starts_upper = content.chars().next().is_some_and(char::is_uppercase);
                let previous_ends_sentence = previous.ends_with(['.', '!', '?']);
                if starts_upper || previous_ends_sentence {
                    let start = span.start + (text.len() - content.len());
                    let diagnostic = cx.report(Span::new(start, span.end), LostBullet);
                    // The item's own indentation, marker and padding, as written; an
                    // ordered list's number would have to change, so it gets no fix.
                    let marker = source.slice(Span::new(
                        item_line_start,
                        item_line_start + item.content_column as usize,
                    ));
                    if marker.trim_end().ends_with(['-', '*', '+']) {
                        diagnostic.fix = Some(Fix::replace(
                            format!("restore the bullet marker `{}`", marker.trim()),
                            Span::new(span.start, start),
                            marker,
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::rules::check_markdown;

    #[test]
    fn every_line_ending_joins_a_lost_bullet_alike() {
        for ending in ["\n", "\r\n", "\r"] {
            let markdown = [
                "# L1",
                "",
                "## Craft",
                "",
                "- Writes tests.",
                "Reviews code",
                "",
            ]
            .join(ending);
            let found = check_markdown(&META, &markdown);
            assert_eq!(found.len(), 1, "{ending:?}: {found:?}");
            let start = markdown.find("Reviews").unwrap();
            assert_eq!(found[0].span.start, start, "{ending:?}");
        }
    }
}
