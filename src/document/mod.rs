//! The document outline: the small model every rule reads, built from one comrak parse.

mod build;
pub mod html;
mod stretches;
mod table;

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use crate::level::Level;
use crate::source::{Source, Span};

pub use build::parse_options;

/// Index of a [`Section`] in [`Document::sections`].
pub type SectionId = u32;
/// Index of an [`Item`] in [`Document::items`].
pub type ItemId = u32;
/// Index of a [`Details`] block in [`Document::details`].
pub type DetailsId = u32;

/// One Markdown file, parsed once and reduced to what the rules need.
#[derive(Debug)]
pub struct Document {
    pub source: Source,
    /// The rendered text of every heading, item, cell and label; see [`TextRange`]. Some
    /// bytes belong to no text (whitespace trimmed off, the start of a text that moved).
    rendered: String,
    pub front_matter: Vec<Field>,
    pub title: Option<Title>,
    pub level: Option<Level>,
    /// Every heading, in document order.
    pub sections: Vec<Section>,
    /// List items, paragraphs, table rows and labels, in document order.
    pub items: Vec<Item>,
    /// The cells of every table row, row after row.
    cells: Vec<Cell>,
    /// The labels of the items that have one; read them with [`Document::label`].
    labels: Vec<Label>,
    pub details: Vec<Details>,
    pub links: Vec<Link>,
    /// Raw HTML fragments (blocks and inline tags), in document order.
    pub html: Vec<Span>,
    /// `id` and `name` attributes of HTML elements: link targets beside the headings.
    pub html_anchors: Vec<String>,
    /// Code spans and code blocks: their words are not prose (`TODO` in code is not a
    /// placeholder).
    pub code: Vec<Span>,
    /// `**` or `__` runs that the parser left as literal text: emphasis that did not parse.
    pub literal_delimiters: Vec<Span>,
}

/// A `key: value` line of the front matter.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Title {
    pub text: String,
    pub span: Span,
    pub origin: TitleOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleOrigin {
    Heading,
    FrontMatter,
}

/// Where a rendered text sits in [`Document::text`]'s buffer. One buffer per document keeps
/// the outline to a handful of allocations however many items it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextRange {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Heading text exactly as written, trailing spaces included; read it with
    /// [`Document::text`].
    pub raw: TextRange,
    /// Where `raw` is: what a fix that renames the heading replaces.
    pub raw_span: Span,
    /// Heading text as rendered (inline markup removed).
    pub text: TextRange,
    /// Comparison key: lower case, emoji and punctuation dropped, `&` read as "and"; read
    /// it with [`Document::text`].
    pub normalized: TextRange,
    pub depth: u8,
    /// The heading line.
    pub span: Span,
    pub parent: Option<SectionId>,
    /// Whether any block other than a heading sits directly in this section.
    pub has_own_content: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    ListItem,
    Paragraph,
    TableHeader,
    TableRow,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub kind: ItemKind,
    /// Rendered text: a list item's own paragraphs, a paragraph (or one labelled line of
    /// it), a table row's first cell.
    pub text: TextRange,
    pub span: Span,
    pub section: Option<SectionId>,
    pub details: Option<DetailsId>,
    /// The enclosing list item, for nested lists.
    pub parent: Option<ItemId>,
    /// A leading bold label (`**Planning horizon**: ...`), as an index into the document's
    /// labels: few items have one, so they live apart; read it with [`Document::label`].
    label: Option<u32>,
    /// Table cells (rows and headers only), as a range of [`Document::cells`]; read them
    /// with [`Document::cells`].
    cells: CellRange,
    /// Byte column where a list item's content starts; continuation lines indented less
    /// than this are lazy.
    pub content_column: u32,
}

/// Where an item's cells sit in [`Document`]'s cell list: one list per document keeps
/// items small and saves an allocation per table row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct CellRange {
    start: u32,
    end: u32,
}

impl CellRange {
    fn new(range: Range<usize>) -> Self {
        Self {
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Label {
    /// Label text without the bold markers and the colon; read it with [`Document::text`].
    pub name: TextRange,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: TextRange,
    pub span: Span,
}

/// A `<details>` block.
#[derive(Debug, Clone)]
pub struct Details {
    /// The opening tag.
    pub span: Span,
    pub summary: Option<String>,
    /// Byte offset just after `</details>`, if it was closed.
    pub close: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub span: Span,
}

/// Where a relative link points: a path relative to the linking file (empty for the
/// same document) and a heading anchor (empty for none), both percent-decoded.
/// Borrowed from the link's URL unless decoding changed something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTarget<'u> {
    pub path: Cow<'u, str>,
    pub anchor: Cow<'u, str>,
}

impl Link {
    /// The local target of a relative link; `None` for external links (`https:`,
    /// `mailto:`, `//host`) and site-absolute paths, which depend on a site's root.
    pub fn local_target(&self) -> Option<LocalTarget<'_>> {
        let url = crate::text::trim(&self.url);
        if url.is_empty() || url.starts_with('/') {
            return None;
        }
        let parts = UrlParts::of(url);
        // A scheme (`https:`, `mailto:`) is a colon before any `/`, `?` or `#`.
        if parts
            .colon
            .is_some_and(|colon| parts.path_end.is_none_or(|end| colon < end))
        {
            return None;
        }
        let (path, anchor) = match parts.hash {
            Some(hash) => (&url[..hash], &url[hash + 1..]),
            None => (url, ""),
        };
        let path = &path[..parts.query.unwrap_or(path.len())];
        let mut path = percent_decode(path);
        if path.contains('\\') {
            // Browsers read `\` in a URL path as `/`.
            path = Cow::Owned(path.replace('\\', "/"));
        }
        Some(LocalTarget {
            path,
            anchor: percent_decode(anchor),
        })
    }
}

/// Where a URL's parts start, found in one pass over its bytes: every link of a file is
/// asked, and searching for each separator apart cost several times as much.
struct UrlParts {
    /// The first `:`, if before the first `#`.
    colon: Option<usize>,
    /// The first `/`, `?` or `#`.
    path_end: Option<usize>,
    /// The first `?` before the first `#`.
    query: Option<usize>,
    hash: Option<usize>,
}

impl UrlParts {
    fn of(url: &str) -> Self {
        let mut parts = UrlParts {
            colon: None,
            path_end: None,
            query: None,
            hash: None,
        };
        for (at, &byte) in url.as_bytes().iter().enumerate() {
            match byte {
                b':' => {
                    parts.colon.get_or_insert(at);
                }
                b'/' => {
                    parts.path_end.get_or_insert(at);
                }
                b'?' => {
                    parts.path_end.get_or_insert(at);
                    parts.query.get_or_insert(at);
                }
                b'#' => {
                    parts.path_end.get_or_insert(at);
                    parts.hash = Some(at);
                    // Nothing after the fragment's start changes the parts before it.
                    break;
                }
                _ => {}
            }
        }
        parts
    }
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

impl Document {
    /// Parse `source` once and build its outline. Never fails: malformed Markdown is still
    /// Markdown.
    pub fn parse(source: Source) -> Self {
        build::build(source)
    }

    /// An empty outline with room for what a document of `len` bytes typically holds.
    fn with_capacity_for(len: usize) -> Self {
        let mut doc = Self::empty();
        // Generous: outgrowing a reservation copies it, and `finish` gives back the rest.
        doc.items.reserve(len / 60);
        doc.rendered.reserve(len + len / 4);
        doc.sections.reserve(len / 600);
        doc
    }

    fn empty() -> Self {
        Document {
            source: Source::new("", ""),
            rendered: String::new(),
            front_matter: Vec::new(),
            title: None,
            level: None,
            sections: Vec::new(),
            items: Vec::new(),
            cells: Vec::new(),
            labels: Vec::new(),
            details: Vec::new(),
            links: Vec::new(),
            html: Vec::new(),
            html_anchors: Vec::new(),
            code: Vec::new(),
            literal_delimiters: Vec::new(),
        }
    }

    /// The cells of a table row or header; empty for other items.
    pub fn cells(&self, item: &Item) -> &[Cell] {
        &self.cells[item.cells.range()]
    }

    /// The leading bold label of `item`, if it has one.
    pub fn label(&self, item: &Item) -> Option<&Label> {
        item.label.and_then(|id| self.labels.get(id as usize))
    }

    /// The rendered text behind `range`.
    pub fn text(&self, range: TextRange) -> &str {
        &self.rendered[range.start as usize..range.end as usize]
    }

    /// Keep `text` in the buffer and return where it is.
    fn store_text(&mut self, text: &str) -> TextRange {
        let start = self.rendered.len();
        if !self.append_text(text) {
            return TextRange::default();
        }
        self.text_range(start..self.rendered.len())
    }

    /// Append `text` to the buffer, unless that would take it past what a [`TextRange`]
    /// can point into. Offsets are u32 to keep the outline small. The buffer holds a few
    /// copies of the text at most, so only a file of about a gigabyte (with
    /// `max-file-size` raised that far) could pass 4 GiB; its texts past that point are
    /// left empty, not wrapped.
    #[inline]
    fn append_text(&mut self, text: &str) -> bool {
        if u32::try_from(self.rendered.len() + text.len()).is_err() {
            return false;
        }
        self.rendered.push_str(text);
        true
    }

    /// The range of the buffer's bytes `bytes`.
    fn text_range(&self, bytes: Range<usize>) -> TextRange {
        match (u32::try_from(bytes.start), u32::try_from(bytes.end)) {
            (Ok(start), Ok(end)) if bytes.end <= self.rendered.len() => TextRange { start, end },
            _ => TextRange::default(),
        }
    }

    pub fn h1s(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|section| section.depth == 1)
    }

    pub fn front_matter_value(&self, key: &str) -> Option<&Field> {
        self.front_matter
            .iter()
            .find(|field| field.key.eq_ignore_ascii_case(key))
    }
}

/// The comparison key of a heading: case, emoji, punctuation and spacing differences
/// disappear; `&` reads as "and".
pub fn normalize_heading(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 2);
    normalize_heading_into(text, &mut key);
    key
}

/// Whether the heading key of `text` passes `test`. The key is built in a buffer each
/// thread reuses: these checks run on every label and table header, and allocate nothing.
pub fn heading_key_matches(text: &str, test: impl FnOnce(&str) -> bool) -> bool {
    thread_local! {
        static KEY: RefCell<String> = const { RefCell::new(String::new()) };
    }
    KEY.with(|key| match key.try_borrow_mut() {
        Ok(mut key) => {
            key.clear();
            normalize_heading_into(text, &mut key);
            test(&key)
        }
        // `test` itself asked for a key: this one is built apart.
        Err(_) => test(&normalize_heading(text)),
    })
}

/// Whether the heading key of `text` starts with `prefix` (lower-case) and then passes
/// `test`. Most texts are ruled out by their first letter, before any key is built.
pub fn heading_key_starts_with(text: &str, prefix: &str, test: impl FnOnce(&str) -> bool) -> bool {
    prefix
        .chars()
        .next()
        .is_none_or(|first| key_may_start_with(text, first))
        && heading_key_matches(text, |key| key.starts_with(prefix) && test(key))
}

/// Whether the heading key of `text` may start with `letter` (lower-case ASCII): the key
/// starts with the first alphanumeric character, or with "and" for a leading `&`.
fn key_may_start_with(text: &str, letter: char) -> bool {
    match text.chars().find(|c| c.is_alphanumeric() || *c == '&') {
        Some('&') => letter == 'a',
        Some(first) if first.is_ascii() => first.to_ascii_lowercase() == letter,
        // Lower-casing a non-ASCII character can give more than one character.
        Some(_) => true,
        None => false,
    }
}

/// [`normalize_heading`], appended to `out`: no allocation when `out` has room. Runs of
/// ASCII letters and digits are copied whole and lower-cased together at the end; other
/// characters (an emoji before the name, accented letters) are taken one by one.
pub fn normalize_heading_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut key = KeyWriter::new(out);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if ASCII_WORD[usize::from(byte)] {
            let word_len = bytes[at..]
                .iter()
                .position(|&next| !ASCII_WORD[usize::from(next)])
                .unwrap_or(bytes.len() - at);
            key.ascii_word(&text[at..at + word_len]);
            at += word_len;
            continue;
        }
        if byte.is_ascii() {
            key.any_char(char::from(byte));
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        key.any_char(c);
        at += c.len_utf8();
    }
    key.lowercase_ascii_words();
}

/// The ASCII letters and digits, looked up rather than compared: keys are built for every
/// heading, label and table header, a few bytes at a time.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// [`normalize_heading_into`] one character at a time: the definition the fast path is
/// tested against.
#[cfg(test)]
fn normalize_any_heading(text: &str, out: &mut String) {
    let mut key = KeyWriter::new(out);
    for c in text.chars() {
        key.any_char(c);
    }
}

/// Appends a heading key to a buffer: one space between words, none at either end.
struct KeyWriter<'o> {
    out: &'o mut String,
    start: usize,
    pending_space: bool,
}

impl<'o> KeyWriter<'o> {
    fn new(out: &'o mut String) -> Self {
        let start = out.len();
        Self {
            out,
            start,
            pending_space: false,
        }
    }

    #[inline]
    fn ampersand(&mut self) {
        if self.out.len() > self.start {
            self.out.push(' ');
        }
        self.out.push_str("and");
        self.pending_space = true;
    }

    #[inline]
    fn word_char(&mut self, c: char) {
        if self.pending_space && self.out.len() > self.start {
            self.out.push(' ');
        }
        self.pending_space = false;
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else {
            self.out.extend(c.to_lowercase());
        }
    }

    /// A run of ASCII letters and digits, appended as written: call
    /// [`KeyWriter::lowercase_ascii_words`] once the key is complete.
    #[inline]
    fn ascii_word(&mut self, word: &str) {
        if self.pending_space && self.out.len() > self.start {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push_str(word);
    }

    /// Lower-case what [`KeyWriter::ascii_word`] appended, all at once; the buffer's
    /// earlier contents are left as they were.
    fn lowercase_ascii_words(self) {
        self.out[self.start..].make_ascii_lowercase();
    }

    #[inline]
    fn separator(&mut self) {
        self.pending_space = true;
    }

    /// Any one character: `&` reads as "and", letters and digits join the current word,
    /// spaces and `-`, `_`, `/` end it, and other punctuation, emoji and symbols carry no
    /// meaning in a heading name.
    #[inline]
    fn any_char(&mut self, c: char) {
        if c == '&' {
            self.ampersand();
        } else if c.is_alphanumeric() {
            self.word_char(c);
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            self.separator();
        }
    }
}

#[cfg(test)]
impl Document {
    /// The same outline with each text stored once, in a fixed order: two outlines with
    /// the same texts print alike, however their walks filled the buffer.
    pub(crate) fn compacted(mut self) -> Self {
        let old = std::mem::take(&mut self.rendered);
        let mut rendered = String::with_capacity(old.len());
        let mut store = |range: &mut TextRange| {
            let text = &old[range.start as usize..range.end as usize];
            let start = rendered.len() as u32;
            rendered.push_str(text);
            *range = TextRange {
                start,
                end: rendered.len() as u32,
            };
        };
        for section in &mut self.sections {
            store(&mut section.raw);
            store(&mut section.text);
            store(&mut section.normalized);
        }
        self.items.iter_mut().for_each(|item| store(&mut item.text));
        self.cells.iter_mut().for_each(|cell| store(&mut cell.text));
        self.labels
            .iter_mut()
            .for_each(|label| store(&mut label.name));
        self.rendered = rendered;
        self
    }
}

/// Files and texts the document tests share.
#[cfg(test)]
mod test_files {
    use std::path::{Path, PathBuf};

    /// The `.md` files under `dir` (relative to the crate), sorted.
    pub fn markdown_under(dir: &str) -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .map(walkdir::DirEntry::into_path)
            .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
            .collect();
        files.sort();
        files
    }

    /// `text` with `token` put before every `every`th line, starting at line `first`.
    pub fn salted(text: &str, token: &str, every: usize, first: usize) -> String {
        text.split_inclusive('\n')
            .enumerate()
            .flat_map(|(index, line)| {
                let here = index % every == first % every;
                [if here { token } else { "" }, line]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{
        Link, LocalTarget, heading_key_starts_with, key_may_start_with, normalize_any_heading,
        normalize_heading, normalize_heading_into,
    };
    use crate::source::Span;
    use std::borrow::Cow;

    fn target(url: &str) -> Option<LocalTarget<'static>> {
        let link = Link {
            url: url.into(),
            span: Span::default(),
        };
        link.local_target().map(|target| LocalTarget {
            path: Cow::Owned(target.path.into_owned()),
            anchor: Cow::Owned(target.anchor.into_owned()),
        })
    }

    #[test]
    fn external_and_absolute_links_have_no_local_target() {
        assert_eq!(target("https://example.com/a.md"), None);
        assert_eq!(target("mailto:team@example.com"), None);
        assert_eq!(target("//cdn.example.com/x.png"), None);
        assert_eq!(target("/docs/l3"), None);
        assert_eq!(target("C:notes.md"), None);
        assert_eq!(target("tel:+1-555?x#y"), None);
        assert_eq!(target("  "), None);
    }

    #[test]
    fn a_colon_after_a_path_query_or_fragment_start_is_no_scheme() {
        let split = |url: &str| {
            let found = target(url).unwrap();
            (found.path.into_owned(), found.anchor.into_owned())
        };
        let owned = |path: &str, anchor: &str| (path.to_owned(), anchor.to_owned());
        assert_eq!(split("levels/x:y.md"), owned("levels/x:y.md", ""));
        assert_eq!(split("L3.md?v=a:b#scope"), owned("L3.md", "scope"));
        assert_eq!(split("L3.md#a?b:c"), owned("L3.md", "a?b:c"));
        assert_eq!(split("L3.md#a#b"), owned("L3.md", "a#b"));
        assert_eq!(split(" L2.md "), owned("L2.md", ""));
        assert_eq!(split("?tab=1"), owned("", ""));
    }

    #[test]
    fn local_targets_split_and_decode() {
        let found = target("../security/L3%20draft.md#scope").unwrap();
        assert_eq!(
            (&*found.path, &*found.anchor),
            ("../security/L3 draft.md", "scope")
        );
        let found = target("#a:b").unwrap();
        assert_eq!((&*found.path, &*found.anchor), ("", "a:b"));
        assert_eq!(target(r"..\assets\x.png").unwrap().path, "../assets/x.png");
    }

    #[test]
    fn normalization_ignores_case_emoji_and_ampersands() {
        assert_eq!(
            normalize_heading("🧭 Culture & Leadership"),
            "culture and leadership"
        );
        assert_eq!(
            normalize_heading("Culture and  leadership "),
            "culture and leadership"
        );
        assert_eq!(normalize_heading("🛠️Craft"), "craft");
        assert_eq!(
            normalize_heading("Knowledge & Technical Skill"),
            "knowledge and technical skill"
        );
    }

    #[test]
    fn a_key_never_starts_with_a_letter_the_quick_test_rules_out() {
        for heading in [
            "Responsibility",
            "  **Responsibilities** ",
            "🧭 Role",
            "& more",
            "İstanbul",
            "ǅemal",
            "-- 3 items",
            "",
        ] {
            let key = normalize_heading(heading);
            for letter in ['a', 'r', 'i', 'd', '3'] {
                if key.starts_with(letter) {
                    assert!(key_may_start_with(heading, letter), "{heading:?} {letter}");
                }
            }
        }
        assert!(!key_may_start_with("Behaviours", 'r'));
    }

    #[test]
    fn a_key_prefix_is_checked_on_the_whole_key() {
        assert!(heading_key_starts_with(
            "**Responsibilities**",
            "responsib",
            |_| true
        ));
        assert!(heading_key_starts_with(
            "🧭 Responsibility",
            "responsib",
            |key| { key == "responsibility" }
        ));
        assert!(!heading_key_starts_with(
            "Responsible for",
            "responsib",
            |key| { key == "responsibility" }
        ));
        assert!(!heading_key_starts_with("Role", "responsib", |_| true));
        assert!(!heading_key_starts_with("R&D", "responsib", |_| true));
    }

    #[test]
    fn word_runs_normalize_as_characters_one_by_one() {
        for heading in [
            "Culture & Leadership",
            "  Technical_skill / Design-review  ",
            "Scope\x0bImpact",
            "&&",
            "L3: Senior Engineer (IC)",
            "",
            "🦉 Domain expertise",
            "Café Ops & ÉQUIPE",
            "naïve\u{a0}Design—Review",
            "İstanbul 🚀Launch",
        ] {
            // A prefix in mixed case: appending a key must leave it as it is.
            let prefix = "PreFix ";
            let (mut fast, mut any) = (prefix.to_owned(), prefix.to_owned());
            normalize_heading_into(heading, &mut fast);
            normalize_any_heading(heading, &mut any);
            assert_eq!(fast, any, "{heading:?}");
            assert!(fast.starts_with(prefix), "{fast:?}");
        }
    }
}
