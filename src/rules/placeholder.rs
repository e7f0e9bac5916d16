use crate::diagnostic::{Severity, Violation};
use crate::document::Document;
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::{Span, SpanIndex};

pub static META: RuleMeta = RuleMeta {
    name: "placeholder",
    summary: "stand-in text such as TBD, TODO or lorem ipsum where content belongs",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/placeholder.md"),
};

/// Finds placeholder text. Built once from the settings; shared with the rules that must
/// tell a placeholder item from a real one.
#[derive(Debug, Clone)]
pub struct PlaceholderMatcher {
    /// Matched as whole words, case-sensitively (`TODO`, not "todo list").
    words: Vec<String>,
    /// Runs of whole words matched ASCII-case-insensitively ("coming soon"), split into words.
    phrases: Vec<Vec<String>>,
    /// Whether a byte can start a word or phrase: short texts are scanned byte by byte.
    starts: [bool; 256],
    /// The words and the phrases' first words (in any case) as one search, whose literal
    /// prefilter finds where a placeholder may start in a long text far faster than a byte
    /// loop does. Candidates only: boundaries and whole phrases are checked as for short texts.
    openings: Option<regex::bytes::Regex>,
    /// Regular expressions from the config (`[insert .*]`), matched anywhere.
    patterns: Vec<regex::Regex>,
}

impl Default for PlaceholderMatcher {
    fn default() -> Self {
        Self::new(
            &["TBD", "TBA", "TODO", "FIXME", "XXX"],
            &["coming soon", "lorem ipsum"],
        )
    }
}

/// Letters, digits, `_`, and any byte of a non-ASCII character count as part of a word.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// Byte ranges of the words of `text`.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !is_word_byte(bytes[at]) {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && is_word_byte(bytes[at]) {
            at += 1;
        }
        (at > start).then_some((start, at))
    })
}

/// Texts longer than this (whole files) are searched; shorter ones (items, cells) scanned.
const LONG_TEXT: usize = 512;

impl PlaceholderMatcher {
    /// The words and phrases matched, as a config would write them.
    pub fn lists(&self) -> (Vec<String>, Vec<String>) {
        let phrases = self.phrases.iter().map(|words| words.join(" ")).collect();
        (self.words.clone(), phrases)
    }

    /// The matcher with `patterns` added; each must be a valid regular expression (the
    /// config is checked when read), and an invalid one is skipped.
    pub fn with_patterns(mut self, patterns: &[String]) -> Self {
        self.patterns
            .extend(patterns.iter().filter_map(|p| regex::Regex::new(p).ok()));
        self
    }

    pub fn from_lists(words: &[String], phrases: &[String]) -> Self {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
        Self::new(&words, &phrases)
    }

    pub fn new(words: &[&str], phrases: &[&str]) -> Self {
        let words: Vec<String> = words
            .iter()
            .filter(|w| !w.is_empty())
            .map(|w| (*w).to_owned())
            .collect();
        let phrases: Vec<Vec<String>> = phrases
            .iter()
            .map(|phrase| {
                phrase
                    .split_whitespace()
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .filter(|phrase: &Vec<String>| !phrase.is_empty())
            .collect();
        let mut starts = [false; 256];
        for word in &words {
            starts[usize::from(word.as_bytes()[0])] = true;
        }
        for phrase in &phrases {
            let first = phrase[0].as_bytes()[0];
            starts[usize::from(first.to_ascii_lowercase())] = true;
            starts[usize::from(first.to_ascii_uppercase())] = true;
        }
        let mut alternatives: Vec<String> = words.iter().map(|word| regex::escape(word)).collect();
        alternatives.extend(
            phrases
                .iter()
                .map(|phrase| format!("(?i:{})", regex::escape(&phrase[0]))),
        );
        let openings = (!alternatives.is_empty())
            .then(|| regex::bytes::Regex::new(&format!("(?-u:{})", alternatives.join("|"))).ok())
            .flatten();
        Self {
            words,
            phrases,
            starts,
            openings,
            patterns: Vec::new(),
        }
    }

    /// The end of a placeholder that starts at `at` (a word boundary), if one does.
    fn match_at(&self, bytes: &[u8], at: usize) -> Option<usize> {
        let ends_word = |end: usize| bytes.get(end).is_none_or(|&b| !is_word_byte(b));
        let first = bytes[at];
        for word in self.words.iter().filter(|w| w.as_bytes()[0] == first) {
            let end = at + word.len();
            if bytes[at..].starts_with(word.as_bytes()) && ends_word(end) {
                return Some(end);
            }
        }
        self.phrase_at(bytes, at)
    }

    /// The end of a phrase that starts at `at`, if one does.
    fn phrase_at(&self, bytes: &[u8], at: usize) -> Option<usize> {
        let ends_word = |end: usize| bytes.get(end).is_none_or(|&b| !is_word_byte(b));
        let first = bytes[at].to_ascii_lowercase();
        let phrases = self.phrases.iter().filter(|p| p[0].as_bytes()[0] == first);
        'phrases: for phrase in phrases {
            let mut end = at;
            for (index, word) in phrase.iter().enumerate() {
                if index > 0 {
                    let gap = bytes[end..]
                        .iter()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                    if gap == 0 {
                        continue 'phrases;
                    }
                    end += gap;
                }
                let candidate = bytes.get(end..end + word.len());
                if !candidate.is_some_and(|c| c.eq_ignore_ascii_case(word.as_bytes())) {
                    continue 'phrases;
                }
                end += word.len();
            }
            if ends_word(end) {
                return Some(end);
            }
        }
        None
    }

    /// Every placeholder in `text`, as byte ranges, in order, never overlapping: each match
    /// is the one that starts first, then the first that starts after it ends. One pass
    /// looks up each byte in a table of the bytes that start a word or phrase, in either
    /// case; allocates only on a match.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        match &self.openings {
            Some(openings) if bytes.len() > LONG_TEXT => {
                // Every position where an opening starts, overlapping ones included.
                let mut from = 0;
                let candidates = std::iter::from_fn(|| {
                    let start = openings.find_at(bytes, from)?.start();
                    from = start + 1;
                    Some(start)
                });
                self.scan(bytes, candidates, &mut found);
            }
            _ => {
                let candidates = (0..bytes.len()).filter(|&at| self.starts[usize::from(bytes[at])]);
                self.scan(bytes, candidates, &mut found);
            }
        }
        self.find_patterns(text, &mut found);
        found
    }

    /// Adds the config's pattern matches to `found`, keeping it sorted and free of overlaps.
    fn find_patterns(&self, text: &str, found: &mut Vec<(usize, usize)>) {
        for pattern in &self.patterns {
            found.extend(
                pattern
                    .find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start(), m.end())),
            );
        }
        if found.len() > 1 {
            found.sort_unstable();
            // A match found by one search may overlap one found by another.
            found.dedup_by(|later, earlier| later.0 < earlier.1);
        }
    }

    fn scan(
        &self,
        bytes: &[u8],
        candidates: impl Iterator<Item = usize>,
        found: &mut Vec<(usize, usize)>,
    ) {
        let mut resume = 0;
        for at in candidates {
            if at < resume || (at > 0 && is_word_byte(bytes[at - 1])) {
                continue;
            }
            if let Some(end) = self.match_at(bytes, at) {
                found.push((at, end));
                resume = end;
            }
        }
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
        let mut other_words = 0;
        let mut hit = 0;
        for (start, end) in words(text) {
            while hit < found.len() && found[hit].1 <= start {
                hit += 1;
            }
            let inside = found.get(hit).is_some_and(|&(s, e)| s <= start && end <= e);
            other_words += usize::from(!inside);
        }
        other_words < 3
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
        // One scan of the whole file; the hits are then checked for being prose.
        let text = doc.source.text();
        let hits = self.matcher.find_all(text);
        if hits.is_empty() {
            return;
        }
        let prose = Prose::new(doc);
        for (start, end) in hits {
            let span = Span::new(start, end);
            if prose.contains(doc, span) {
                cx.report(
                    span,
                    PlaceholderText {
                        text: text[start..end].to_owned(),
                    },
                );
            }
        }
    }
}

/// Where a document's prose is: headings, list items, paragraphs and table rows, outside
/// code, raw HTML and link destinations.
struct Prose {
    not_prose: SpanIndex,
    links: SpanIndex,
    blocks: SpanIndex,
}

impl Prose {
    fn new(doc: &Document) -> Self {
        Self {
            not_prose: SpanIndex::new(doc.code.iter().chain(&doc.html).copied()),
            links: SpanIndex::new(doc.links.iter().map(|link| link.span)),
            blocks: SpanIndex::new(
                doc.sections
                    .iter()
                    .map(|section| section.span)
                    .chain(doc.items.iter().map(|item| item.span)),
            ),
        }
    }

    fn contains(&self, doc: &Document, span: Span) -> bool {
        if self.not_prose.contains(span) {
            return false;
        }
        if let Some(link) = self.links.containing(span).next() {
            // `[text](destination)`: only the text is prose; an autolink has none.
            let link = doc.links[link].span;
            let text_end = doc.source.slice(link).find("](").map(|at| link.start + at);
            if text_end.is_none_or(|end| span.start >= end) {
                return false;
            }
        }
        !in_bare_address(doc.source.text(), span) && self.blocks.contains(span)
    }
}

/// Whether `span` lies in a web or email address written out bare, as GitHub links
/// them: `https://example.com/TODO`, `www.example.com/TBD`, `TBD@example.com`. Documents
/// are parsed without autolink detection, which no other rule needs; the rare match is
/// checked here instead.
fn in_bare_address(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    // An address holds no space: a phrase that runs past one is prose.
    if bytes[span.start..span.end]
        .iter()
        .any(u8::is_ascii_whitespace)
    {
        return false;
    }
    in_web_address(bytes, span) || in_email_address(bytes, span)
}

/// Whether a web address (`http://`, `https://`, `ftp://`, `www.`) starts before `span`
/// in the same word, where GitHub would link it: at the word's start or after `*`, `_`,
/// `~` or `(`. It then runs to the word's end, past `span`.
fn in_web_address(bytes: &[u8], span: Span) -> bool {
    let word_start = bytes[..span.start]
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || *b == b'<')
        .map_or(0, |at| at + 1);
    (word_start..=span.start).any(|at| {
        let may_start = at == word_start || matches!(bytes[at - 1], b'*' | b'_' | b'~' | b'(');
        may_start
            && ["http://", "https://", "ftp://", "www."]
                .iter()
                .any(|prefix| {
                    bytes
                        .get(at..at + prefix.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
                })
    })
}

/// Whether `span` lies in an email address: a run of address characters with a name
/// before an `@` and a dot after it (`TBD@example.com`, not `TODO(jo@example.com)`).
fn in_email_address(bytes: &[u8], span: Span) -> bool {
    let in_address =
        |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_' | b'@');
    if !bytes[span.start..span.end].iter().all(in_address) {
        return false;
    }
    let start = bytes[..span.start]
        .iter()
        .rposition(|b| !in_address(b))
        .map_or(0, |at| at + 1);
    let end = bytes[span.end..]
        .iter()
        .position(|b| !in_address(b))
        .map_or(bytes.len(), |at| span.end + at);
    let run = &bytes[start..end];
    run.iter()
        .position(|&b| b == b'@')
        .is_some_and(|at| at > 0 && run[at + 1..].contains(&b'.'))
}

#[cfg(test)]
mod tests {
    use super::{META, PlaceholderMatcher};
    use crate::rules::check_markdown;

    #[test]
    fn phrases_match_in_any_case_and_matches_never_overlap() {
        let matcher = PlaceholderMatcher::new(&["TBD", "TODO"], &["coming soon", "soon soon"])
            .with_patterns(&["\\[insert [a-z]+\\]".to_owned()]);
        let found = |text: &str| -> Vec<String> {
            matcher
                .find_all(text)
                .into_iter()
                .map(|(start, end)| text[start..end].to_owned())
                .collect()
        };
        assert_eq!(found("CoMiNg   soon, TBD."), ["CoMiNg   soon", "TBD"]);
        assert_eq!(
            found("coming soon soon soon"),
            ["coming soon", "soon soon"],
            "after a match, the next starts at the first word after it"
        );
        assert_eq!(found("TBDs, ATODO and TODO_x"), Vec::<String>::new());
        assert_eq!(
            found("Über TBD [insert example]"),
            ["TBD", "[insert example]"]
        );
        assert_eq!(found(""), Vec::<String>::new());
        // Past LONG_TEXT, the same text is searched rather than scanned.
        let padding = "filler words. ".repeat(40);
        let long = format!("{padding}CoMiNg   soon, TBD. TBDs ATODO XXTODO TODO");
        let offsets = |found: Vec<(usize, usize)>| -> Vec<(usize, usize)> {
            found
                .into_iter()
                .map(|(s, e)| (s - padding.len(), e - padding.len()))
                .collect()
        };
        let short = &long[padding.len()..];
        assert!(long.len() > super::LONG_TEXT && short.len() <= super::LONG_TEXT);
        assert_eq!(offsets(matcher.find_all(&long)), matcher.find_all(short));
        assert_eq!(matcher.find_all(short).len(), 3);
    }

    #[test]
    fn code_html_and_link_destinations_are_not_prose() {
        let markdown = "# L1: E\n\n```\nTODO\n```\n\n<!-- TODO -->\n\n- See [the plan](TODO.md)\n- [TBD](x.md)\n";
        let found = check_markdown(&META, markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&markdown[found[0].span.start..found[0].span.end], "TBD");
    }

    #[test]
    fn bare_web_and_email_addresses_are_not_prose() {
        let markdown = "# L1: E\n\n\
            - See https://example.com/TODO/plan or (HTTPS://example.com/TBD).\n\
            - Read www.example.com/FIXME first\n\
            - Write to TBD@example.com\n\
            - TODO: https://example.com\n\
            - example.com/TBA is not an address\n\
            - FIXME(jo@example.com): a name in an address is not the address\n\
            - xhttps://example.com/XXX is not linked either\n\
            - Read https://example.com/lorem ipsum here\n";
        let found: Vec<&str> = check_markdown(&META, markdown)
            .iter()
            .map(|d| &markdown[d.span.start..d.span.end])
            .collect();
        assert_eq!(found, ["TODO", "TBA", "FIXME", "XXX", "lorem ipsum"]);
    }

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
        assert_eq!(
            matcher.find_all("x TODO: y, coming\n  Soon!"),
            vec![(2, 6), (11, 24)]
        );
        assert_eq!(matcher.find_all("é TBD"), vec![(3, 6)]);
        assert!(matcher.find_all("éTBD _TBD TBD_").is_empty());
    }
}
