//! Inline suppressions: `<!-- ladderlint-disable rule-a, rule-b -->` and friends, read from a
//! document's HTML comments and applied to its findings.
//!
//! Ranges are kept as byte offsets, worked out while the text is at hand, so they apply
//! to findings made after the text was released.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::source::Span;

/// The rules that report on suppressions: a comment may silence them too, but whether it
/// did is not known when unused suppressions are counted.
const SUPPRESSION_RULES: &[&str] = &["unused-suppression", "invalid-suppression"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Off from here to a matching `enable`, or to the end of the file.
    Disable,
    Enable,
    /// Off on the line after the comment.
    DisableNextLine,
    /// Off in the whole file.
    DisableFile,
}

impl Kind {
    const ALL: [(&'static str, Kind); 4] = [
        ("disable-next-line", Kind::DisableNextLine),
        ("disable-file", Kind::DisableFile),
        ("disable", Kind::Disable),
        ("enable", Kind::Enable),
    ];
}

/// One `ladderlint-…` comment.
#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    /// The rules named, with where each is written; empty for every rule.
    rules: Vec<(String, Span)>,
    /// The whole comment.
    span: Span,
    /// For `disable-next-line`: the line it covers.
    next_line: Span,
}

impl Directive {
    fn names(&self, rule: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|(name, _)| name == rule)
    }

    /// The directive as written, for messages: `ladderlint-disable placeholder`.
    fn written(&self) -> String {
        let keyword = Kind::ALL
            .iter()
            .find(|(_, kind)| *kind == self.kind)
            .map_or("", |(name, _)| name);
        format!("ladderlint-{keyword}")
    }
}

/// A comment that looks like a suppression but cannot be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// `ladderlint-disabel`: not a known directive.
    UnknownDirective { written: String, span: Span },
    /// A rule name that no rule has.
    UnknownRule {
        name: String,
        suggestion: Option<&'static str>,
        span: Span,
    },
}

/// A suppression, or one rule of it, that suppressed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    /// The directive as written: `ladderlint-disable-next-line`.
    pub directive: String,
    /// The rule that was never reported there; `None` when the directive names none.
    pub rule: Option<String>,
    pub span: Span,
}

/// The suppressions of one document.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    invalid: Vec<Invalid>,
}

impl Suppressions {
    /// Read the `ladderlint-…` comments of `doc`. `is_rule` tells known rule names.
    pub fn parse(doc: &Document, is_rule: impl Fn(&str) -> bool) -> Self {
        let mut found = Self::default();
        for &html in &doc.html {
            let fragment = doc.source.slice(html);
            let mut from = 0;
            while let Some(open) = memchr::memmem::find(&fragment.as_bytes()[from..], b"<!--") {
                let comment_start = from + open;
                let body_start = comment_start + "<!--".len();
                let Some(close) = memchr::memmem::find(&fragment.as_bytes()[body_start..], b"-->")
                else {
                    break;
                };
                let body_end = body_start + close;
                from = body_end + "-->".len();
                found.read_comment(
                    &fragment[body_start..body_end],
                    html.start + body_start,
                    Span::new(html.start + comment_start, html.start + from),
                    doc,
                    &is_rule,
                );
            }
        }
        found
    }

    fn read_comment(
        &mut self,
        body: &str,
        body_offset: usize,
        span: Span,
        doc: &Document,
        is_rule: &impl Fn(&str) -> bool,
    ) {
        let trimmed = body.trim_start();
        let Some(rest) = trimmed.strip_prefix("ladderlint-") else {
            return;
        };
        let keyword_len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let (keyword, list) = rest.split_at(keyword_len);
        let Some(&(_, kind)) = Kind::ALL.iter().find(|(name, _)| *name == keyword) else {
            let start = body_offset + (body.len() - trimmed.len());
            self.invalid.push(Invalid::UnknownDirective {
                written: format!("ladderlint-{keyword}"),
                span: Span::new(start, start + "ladderlint-".len() + keyword.len()),
            });
            return;
        };
        let list_offset = body_offset + (body.len() - list.len());
        let mut rules = Vec::new();
        for name in list.split(|c: char| c == ',' || c.is_whitespace()) {
            if name.is_empty() {
                continue;
            }
            // `name` is a slice of `list`; separators may be several bytes (NBSP).
            let start = list_offset + (name.as_ptr() as usize - list.as_ptr() as usize);
            let name_span = Span::new(start, start + name.len());
            if is_rule(name) {
                rules.push((name.to_owned(), name_span));
            } else {
                self.invalid.push(Invalid::UnknownRule {
                    name: name.to_owned(),
                    suggestion: crate::rules::suggest(name),
                    span: name_span,
                });
            }
        }
        // A directive whose every rule is unknown must not silence everything.
        if rules.is_empty() && !list.trim().is_empty() {
            return;
        }
        let source = &doc.source;
        let next_line = source.line_span(source.line_of(span.end.saturating_sub(1)) + 1);
        self.directives.push(Directive {
            kind,
            rules,
            span,
            next_line,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.invalid.is_empty()
    }

    /// Drop the findings the directives suppress, and return the directives (or rules of
    /// them) that suppressed nothing, then the comments that are not valid suppressions.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) -> (Vec<Unused>, &[Invalid]) {
        if self.directives.is_empty() {
            return (Vec::new(), &self.invalid);
        }
        // (directive, rule named or None for all) pairs that suppressed something.
        let mut used: HashSet<(usize, Option<&str>)> = HashSet::new();
        diagnostics.retain(|diagnostic| match self.suppressor(diagnostic) {
            Some(index) => {
                let directive = &self.directives[index];
                let named = directive
                    .rules
                    .iter()
                    .find(|(name, _)| name == diagnostic.rule)
                    .map(|(name, _)| name.as_str());
                used.insert((index, named));
                false
            }
            None => true,
        });
        let mut unused = Vec::new();
        for (index, directive) in self.directives.iter().enumerate() {
            if directive.kind == Kind::Enable {
                continue;
            }
            if directive.rules.is_empty() {
                if !used.contains(&(index, None)) {
                    unused.push(Unused {
                        directive: directive.written(),
                        rule: None,
                        span: directive.span,
                    });
                }
                continue;
            }
            for (name, span) in &directive.rules {
                // Findings about suppressions come later; see `drop_suppressed`.
                let about_suppressions = SUPPRESSION_RULES.contains(&name.as_str());
                if !about_suppressions && !used.contains(&(index, Some(name.as_str()))) {
                    unused.push(Unused {
                        directive: directive.written(),
                        rule: Some(name.clone()),
                        span: *span,
                    });
                }
            }
        }
        (unused, &self.invalid)
    }

    /// Drop the findings the directives suppress, without counting them as uses: for the
    /// findings about the suppressions themselves, made after [`Self::apply`].
    pub fn drop_suppressed(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.directives.is_empty() {
            diagnostics.retain(|diagnostic| self.suppressor(diagnostic).is_none());
        }
    }

    /// The directive that silences `diagnostic`, if any: a file-wide one, then one for the
    /// line, then the innermost open `disable`.
    fn suppressor(&self, diagnostic: &Diagnostic) -> Option<usize> {
        let rule = diagnostic.rule;
        let at = diagnostic.span.start;
        let directives = || self.directives.iter().enumerate();
        if let Some((index, _)) =
            directives().find(|(_, d)| d.kind == Kind::DisableFile && d.names(rule))
        {
            return Some(index);
        }
        if let Some((index, _)) = directives().find(|(_, d)| {
            d.kind == Kind::DisableNextLine
                && d.names(rule)
                && d.next_line.start <= at
                && at <= d.next_line.end
        }) {
            return Some(index);
        }
        // Replay disable/enable up to the finding.
        let mut all: Option<usize> = None;
        let mut except: HashSet<&str> = HashSet::new();
        let mut by_rule: HashMap<&str, usize> = HashMap::new();
        for (index, directive) in directives().filter(|(_, d)| d.span.end <= at) {
            match (directive.kind, directive.rules.is_empty()) {
                (Kind::Disable, true) => {
                    all = Some(index);
                    except.clear();
                }
                (Kind::Disable, false) => {
                    for (name, _) in &directive.rules {
                        by_rule.insert(name, index);
                        except.remove(name.as_str());
                    }
                }
                (Kind::Enable, true) => {
                    all = None;
                    except.clear();
                    by_rule.clear();
                }
                (Kind::Enable, false) => {
                    for (name, _) in &directive.rules {
                        by_rule.remove(name.as_str());
                        if all.is_some() {
                            except.insert(name);
                        }
                    }
                }
                _ => {}
            }
        }
        by_rule
            .get(rule)
            .copied()
            .or(all.filter(|_| !except.contains(rule)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::Source;

    fn doc(text: &str) -> Document {
        Document::parse(Source::new("L1.md", text))
    }

    fn finding(doc: &Document, rule: &'static str, needle: &str) -> Diagnostic {
        let start = doc.source.text().find(needle).expect("needle in text");
        Diagnostic {
            rule,
            severity: Severity::Warning,
            span: Span::new(start, start + needle.len()),
            message: String::new(),
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    fn known(name: &str) -> bool {
        ["placeholder", "title", "empty-section"].contains(&name)
    }

    /// The needles whose findings survive `text`'s suppressions, and the unused ones.
    fn run(text: &str, findings: &[(&'static str, &str)]) -> (Vec<String>, Vec<Unused>) {
        let doc = doc(text);
        let suppressions = Suppressions::parse(&doc, known);
        let mut diagnostics: Vec<Diagnostic> = findings
            .iter()
            .map(|&(rule, needle)| finding(&doc, rule, needle))
            .collect();
        let (unused, _) = suppressions.apply(&mut diagnostics);
        let kept = diagnostics
            .iter()
            .map(|d| format!("{}@{}", d.rule, doc.source.slice(d.span)))
            .collect();
        (kept, unused)
    }

    #[test]
    fn disable_until_enable() {
        let text = "# T\n\n<!-- ladderlint-disable placeholder -->\n\nTBD one\n\n<!-- ladderlint-enable placeholder -->\n\nTBD two\n";
        let (kept, unused) = run(
            text,
            &[("placeholder", "TBD one"), ("placeholder", "TBD two")],
        );
        assert_eq!(kept, ["placeholder@TBD two"]);
        assert!(unused.is_empty());
    }

    #[test]
    fn disable_without_rules_covers_every_rule_and_enable_one_reopens_it() {
        let text = "<!-- ladderlint-disable -->\n\nA\n\n<!-- ladderlint-enable title -->\n\nB\n";
        let (kept, _) = run(
            text,
            &[("title", "A"), ("placeholder", "B"), ("title", "B")],
        );
        assert_eq!(kept, ["title@B"]);
    }

    #[test]
    fn next_line_and_file() {
        let text =
            "# T\n\n<!-- ladderlint-disable-next-line placeholder -->\nTBD here\n\nTBD there\n";
        let (kept, _) = run(
            text,
            &[("placeholder", "TBD here"), ("placeholder", "TBD there")],
        );
        assert_eq!(kept, ["placeholder@TBD there"]);
        let text = "TBD\n\n<!-- ladderlint-disable-file title -->\n";
        let (kept, _) = run(text, &[("title", "TBD"), ("placeholder", "TBD")]);
        assert_eq!(kept, ["placeholder@TBD"]);
    }

    #[test]
    fn unused_rules_are_reported_one_by_one() {
        let text = "<!-- ladderlint-disable-file placeholder, title -->\n\nTBD\n";
        let (_, unused) = run(text, &[("placeholder", "TBD")]);
        assert_eq!(unused.len(), 1);
        assert_eq!(unused[0].rule.as_deref(), Some("title"));
        assert_eq!(unused[0].directive, "ladderlint-disable-file");
    }

    #[test]
    fn unknown_rules_and_directives_are_invalid() {
        let doc = doc(
            "<!-- ladderlint-disabel placeholder -->\n\n<!-- ladderlint-disable placehodler -->\n",
        );
        let suppressions = Suppressions::parse(&doc, known);
        let (_, invalid) = suppressions.apply(&mut Vec::new());
        assert!(matches!(
            &invalid[0],
            Invalid::UnknownDirective { written, .. } if written == "ladderlint-disabel"
        ));
        assert!(matches!(
            &invalid[1],
            Invalid::UnknownRule { name, suggestion: Some("placeholder"), span }
                if doc.source.slice(*span) == "placehodler"
        ));
        // Naming only unknown rules silences nothing.
        assert!(suppressions.directives.is_empty());
    }

    #[test]
    fn rule_spans_survive_wide_separators_and_crlf() {
        let doc = doc("<!-- ladderlint-disable placeholder,\u{a0}tilte -->\r\n");
        let suppressions = Suppressions::parse(&doc, known);
        let (_, invalid) = suppressions.apply(&mut Vec::new());
        let Invalid::UnknownRule { span, .. } = &invalid[0] else {
            panic!("expected an unknown rule, got {invalid:?}");
        };
        assert_eq!(doc.source.slice(*span), "tilte");

        let text = "# T\r\n\r\n<!-- ladderlint-disable-next-line placeholder -->\r\nTBD here\r\n\r\nTBD there\r\n";
        let (kept, unused) = run(
            text,
            &[("placeholder", "TBD here"), ("placeholder", "TBD there")],
        );
        assert_eq!(kept, ["placeholder@TBD there"]);
        assert!(unused.is_empty());
    }

    #[test]
    fn comments_that_are_not_directives_are_ignored() {
        let doc = doc("<!-- a note for editors -->\n\nText <!-- ladderlint is great --> here\n");
        assert!(Suppressions::parse(&doc, known).is_empty());
    }
}
