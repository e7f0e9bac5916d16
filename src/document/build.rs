//! One walk over comrak's AST, without recursion, producing the [`Document`] outline.

use std::cell::RefCell;
use std::mem::take;
use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, Options, parse_document};

use super::html::tags;
use super::{
    Cell, CellRange, Details, Document, Field, Item, ItemId, ItemKind, Label, Link, Section,
    SectionId, TextRange, Title, TitleOrigin, normalize_heading_into,
};
use crate::level;
use crate::source::{Source, Span};

/// The comrak options every file is parsed with (GitHub-flavoured tables and front matter).
pub fn parse_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    // No autolinks: a bare address keeps its text without them, no rule reads the links
    // they make, and `placeholder` tells addresses apart itself. Finding them cost 3% of
    // the parse. One difference remains: `__` or `*` runs inside a bare address
    // (`…#object.__init__`) read as emphasis, as anywhere else in the text.
    // No task lists either: comrak looks for a checkbox at the start of every text node,
    // which cost 2% of the parse; the walk drops a bullet's checkbox itself.
    options.extension.front_matter_delimiter = Some("---".to_owned());
    options
}

/// [`parse_options`], built once: every file is parsed with the same options.
fn shared_options() -> &'static Options<'static> {
    static OPTIONS: std::sync::OnceLock<Options<'static>> = std::sync::OnceLock::new();
    OPTIONS.get_or_init(parse_options)
}

/// What leaving a node closes.
#[derive(Clone, Copy)]
enum Leave {
    Nothing,
    /// A heading's or table cell's text.
    CloseText,
    /// A list item's text, and the item.
    CloseItem,
    /// A paragraph's text, if the paragraph is an item of its own.
    CloseParagraph,
    /// A table row: its cells' HTML lists become items.
    CloseRow,
}

/// Where the text of the inline nodes being visited goes.
#[derive(Clone, Copy)]
enum TextTarget {
    Heading(usize),
    Item(usize),
    /// Index into the document's cells.
    Cell(usize),
}

/// The `<details>` block a `<summary>` names.
#[derive(Clone, Copy)]
enum SummaryOf {
    /// One opened in the text walked, by index.
    Own(usize),
    /// One opened before it: the innermost still open once this many of them closed.
    Outer(usize),
}

/// What the text walked does to `<details>` blocks opened before it. Only a stretch of a
/// file meets such blocks (see [`Part`]); in a whole file, a `</details>` or `<summary>`
/// with no block open is a stray tag, and this is never read.
#[derive(Default)]
pub(super) struct OuterDetails {
    /// Each `</details>` with no block of its own open: where it ends, and how many items
    /// came before it.
    pub closes: Vec<(usize, ItemId)>,
    /// Each `<summary>` with no block of its own open: how many such closes came before
    /// it, and its text.
    pub summaries: Vec<(usize, String)>,
}

/// An open text target and the scratch buffer its text collects in.
struct OpenText {
    target: TextTarget,
    text: String,
    /// The text starts with a task-list checkbox, which is not part of it.
    after_checkbox: bool,
}

struct Builder<'s> {
    source: &'s Source,
    /// Lines of the file before the stretch being walked: comrak counts from its start.
    lines_before: usize,
    /// What the walk does to `<details>` blocks opened before the stretch.
    outer: OuterDetails,
    doc: Document,
    /// The walk's stacks and spare buffers.
    scratch: Scratch,
    current_section: Option<SectionId>,
    /// The paragraph item receiving text, for paragraphs split at labelled lines.
    paragraph_item: Option<usize>,
    /// Whether the next inline node starts a new line of the current paragraph.
    at_line_start: bool,
}

/// The builder's working buffers, kept by each thread from one file to the next: a file
/// then costs the allocations of its outline, not a new set of stacks and lists.
#[derive(Default)]
struct Scratch {
    targets: Vec<OpenText>,
    /// Cleared text buffers, reused so that collecting text allocates almost nothing.
    spare: Vec<String>,
    open_items: Vec<usize>,
    open_details: Vec<usize>,
    /// Open sections by depth, to find each heading's parent.
    section_stack: Vec<SectionId>,
    on_leave: Vec<Leave>,
    /// Lists of the outline whose length is hard to guess: they grow here and are moved
    /// out at their final size.
    cells: Vec<Cell>,
    labels: Vec<Label>,
    html: Vec<Span>,
    code: Vec<Span>,
    links: Vec<Link>,
    literal_delimiters: Vec<Span>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl Scratch {
    /// Lend `doc` the lists, to grow in place of new ones.
    fn lend_lists(&mut self, doc: &mut Document) {
        doc.cells = take(&mut self.cells);
        doc.labels = take(&mut self.labels);
        doc.html = take(&mut self.html);
        doc.code = take(&mut self.code);
        doc.links = take(&mut self.links);
        doc.literal_delimiters = take(&mut self.literal_delimiters);
    }

    /// Take the lists back, leaving `doc` copies of their exact size, and empty the
    /// stacks for the next file.
    fn reclaim(&mut self, doc: &mut Document) {
        doc.cells = move_out(&mut doc.cells, &mut self.cells);
        doc.labels = move_out(&mut doc.labels, &mut self.labels);
        doc.html = move_out(&mut doc.html, &mut self.html);
        doc.code = move_out(&mut doc.code, &mut self.code);
        doc.links = move_out(&mut doc.links, &mut self.links);
        doc.literal_delimiters =
            move_out(&mut doc.literal_delimiters, &mut self.literal_delimiters);
        self.targets.clear();
        self.open_items.clear();
        self.open_details.clear();
        self.section_stack.clear();
        self.on_leave.clear();
    }
}

/// `built`'s items in a list of their own exact size; `built`, emptied, is kept for the
/// next file.
fn move_out<T>(built: &mut Vec<T>, keep: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::with_capacity(built.len());
    exact.append(built);
    *keep = take(built);
    exact
}

pub(super) fn build(source: Source) -> Document {
    let doc = super::stretches::build(&source)
        .unwrap_or_else(|| build_range(&source, 0..source.text().len(), 0, 0).doc);
    complete(doc, source)
}

/// The outline of one stretch of a file, before the steps that need the whole file.
pub(super) struct Part {
    pub doc: Document,
    /// Whether the heading after the stretch parsed as a heading of its own, so that
    /// nothing in the stretch runs on past it; always true for a file's last stretch.
    pub ends_cleanly: bool,
    /// The `<details>` blocks it leaves open, innermost last.
    pub open_details: Vec<usize>,
    /// What it does to those an earlier stretch left open.
    pub outer: OuterDetails,
}

/// Parse and walk the lines of `source` in `range`, which starts after `lines_before`
/// lines: positions are the whole file's. `lookahead` bytes after `range`, the heading
/// line that starts the next stretch, are parsed too but not walked: the blocks before
/// it then close as they do in the whole file, where comrak gives a block that ends at
/// the end of the input other end positions. Headings get no comparison key and the
/// document no title yet; [`complete`] adds them.
pub(super) fn build_range(
    source: &Source,
    range: Range<usize>,
    lines_before: usize,
    lookahead: usize,
) -> Part {
    let mut scratch = SCRATCH.with(RefCell::take);
    let text = &source.text()[range.start..range.end + lookahead];
    // The AST lives only inside this function: rules read the outline, never the tree.
    let arena = Arena::new();
    let root = parse_document(&arena, text, shared_options());
    // The lookahead heading, if it parsed as one: a top-level heading on the line after
    // the stretch's own.
    let next_heading = root.last_child().filter(|last| {
        let ast = last.data.borrow();
        lookahead > 0
            && matches!(ast.value, NodeValue::Heading(_))
            && ast.sourcepos.start.line == source.line_of(range.end) - lines_before
    });
    let mut doc = Document::with_capacity_for(text.len());
    scratch.lend_lists(&mut doc);
    // What to do on leaving each open node that has children, so leaving reads no node
    // again: after its children, a node's data is often out of cache. The root is never
    // pushed, so the stack is empty exactly while a top-level node is entered.
    let mut on_leave = take(&mut scratch.on_leave);
    let mut builder = Builder {
        source,
        lines_before,
        outer: OuterDetails::default(),
        doc,
        scratch,
        current_section: None,
        paragraph_item: None,
        at_line_start: false,
    };
    // Depth first, without recursion. A node without children is left as soon as it
    // is entered: most nodes are text, and they never touch the stack.
    let mut next = root.first_child();
    'walk: while let Some(node) = next {
        if next_heading.is_some_and(|heading| std::ptr::eq(heading, node)) {
            break;
        }
        let leave = builder.enter(node, on_leave.is_empty());
        if let Some(child) = node.first_child() {
            on_leave.push(leave);
            next = Some(child);
            continue;
        }
        builder.leave(leave);
        let mut done = node;
        loop {
            if let Some(sibling) = done.next_sibling() {
                next = Some(sibling);
                continue 'walk;
            }
            // With nothing open, the last top-level node is done.
            let Some(leave) = on_leave.pop() else {
                break 'walk;
            };
            builder.leave(leave);
            // A node with an open ancestor has a parent.
            let Some(parent) = done.parent() else {
                break 'walk;
            };
            done = parent;
        }
    }
    builder.scratch.on_leave = on_leave;
    let ends_cleanly = lookahead == 0 || next_heading.is_some();
    let open_details = builder.scratch.open_details.clone();
    let outer = take(&mut builder.outer);
    let (mut doc, mut scratch) = builder.finish();
    scratch.reclaim(&mut doc);
    SCRATCH.with(|kept| kept.replace(scratch));
    Part {
        doc,
        ends_cleanly,
        open_details,
        outer,
    }
}

/// The steps that need the whole outline: each heading's comparison key, the title and
/// the level.
pub(super) fn complete(mut doc: Document, source: Source) -> Document {
    let mut key = String::new();
    for index in 0..doc.sections.len() {
        key.clear();
        normalize_heading_into(doc.text(doc.sections[index].text), &mut key);
        doc.sections[index].normalized = doc.store_text(&key);
    }
    let h1 = doc.sections.iter().find(|section| section.depth == 1);
    doc.title = h1
        .map(|h1| Title {
            text: doc.text(h1.text).to_owned(),
            span: h1.span,
            origin: TitleOrigin::Heading,
        })
        .or_else(|| {
            doc.front_matter_value("title").map(|field| Title {
                text: field.value.clone(),
                span: field.span,
                origin: TitleOrigin::FrontMatter,
            })
        });
    // The outline outlives the parse; give back what the reservations overshot.
    doc.items.shrink_to_fit();
    doc.rendered.shrink_to_fit();
    doc.sections.shrink_to_fit();
    doc.source = source;
    doc.level = level::detect(&doc);
    doc
}

impl<'s> Builder<'s> {
    fn span(&self, pos: Sourcepos) -> Span {
        self.source.span_of(
            (self.lines_before + pos.start.line, pos.start.column),
            (self.lines_before + pos.end.line, pos.end.column),
        )
    }

    fn new_item(&mut self, kind: ItemKind, span: Span) -> usize {
        self.doc.items.push(Item {
            kind,
            text: TextRange::default(),
            span,
            section: self.current_section,
            details: self.scratch.open_details.last().map(|&d| d as u32),
            parent: self.scratch.open_items.last().map(|&i| i as u32),
            label: None,
            cells: CellRange::default(),
            content_column: 0,
        });
        self.doc.items.len() - 1
    }

    fn mark_section_content(&mut self) {
        if let Some(id) = self.current_section {
            self.doc.sections[id as usize].has_own_content = true;
        }
    }

    /// Record what `node` opens; returns what leaving it must close. `is_top_level`: the
    /// node sits directly in the document.
    fn enter<'a>(&mut self, node: &'a AstNode<'a>, is_top_level: bool) -> Leave {
        let ast = node.data.borrow();
        if is_top_level && !matches!(ast.value, NodeValue::Heading(_) | NodeValue::FrontMatter(_)) {
            self.mark_section_content();
        }
        // Only a soft or hard line break puts the next node entered at the start of a line.
        let starts_line = matches!(ast.value, NodeValue::SoftBreak | NodeValue::LineBreak);
        let leave = match &ast.value {
            NodeValue::Text(text) => {
                self.maybe_split_paragraph(node);
                self.record_literal_delimiters(text, ast.sourcepos);
                self.push_text(text);
                Leave::Nothing
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                self.push_text(" ");
                Leave::Nothing
            }
            NodeValue::Paragraph => {
                self.enter_paragraph(node, ast.sourcepos);
                Leave::CloseParagraph
            }
            NodeValue::Item(list) => {
                let span = self.span(ast.sourcepos);
                let index = self.new_item(ItemKind::ListItem, span);
                self.doc.items[index].content_column =
                    (ast.sourcepos.start.column - 1 + list.padding) as u32;
                self.scratch.open_items.push(index);
                self.open_text(TextTarget::Item(index));
                // A checkbox bullet (`- [ ] Writes tests`) is a bullet; its text is what
                // follows the checkbox, as GitHub shows it.
                let written = self.source.slice(span);
                if starts_with_checkbox(after_list_marker(written))
                    && let Some(open) = self.scratch.targets.last_mut()
                {
                    open.after_checkbox = true;
                }
                Leave::CloseItem
            }
            NodeValue::Strong => {
                self.maybe_split_paragraph(node);
                Leave::Nothing
            }
            NodeValue::Code(code) => {
                let span = self.span(ast.sourcepos);
                self.doc.code.push(span);
                self.push_text(&code.literal);
                Leave::Nothing
            }
            NodeValue::Link(link) | NodeValue::Image(link) => {
                let span = self.span(ast.sourcepos);
                self.doc.links.push(Link {
                    url: link.url.clone(),
                    span,
                });
                Leave::Nothing
            }
            NodeValue::TableCell => {
                let span = self.span(ast.sourcepos);
                let row = self.doc.items.len() - 1;
                // A row's cells are pushed one after another, before any other row's.
                let cells = &mut self.doc.items[row].cells;
                if cells.start == cells.end {
                    cells.start = self.doc.cells.len() as u32;
                }
                self.doc.cells.push(Cell {
                    text: TextRange::default(),
                    span,
                });
                self.doc.items[row].cells.end = self.doc.cells.len() as u32;
                self.open_text(TextTarget::Cell(self.doc.cells.len() - 1));
                Leave::CloseText
            }
            NodeValue::TableRow(is_header) => {
                let kind = if *is_header {
                    ItemKind::TableHeader
                } else {
                    ItemKind::TableRow
                };
                let span = self.span(ast.sourcepos);
                self.new_item(kind, span);
                Leave::CloseRow
            }
            NodeValue::Heading(heading) => {
                let span = self.span(ast.sourcepos);
                self.open_section(heading.level, heading.setext, span);
                self.open_text(TextTarget::Heading(self.doc.sections.len() - 1));
                Leave::CloseText
            }
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => {
                let span = self.span(ast.sourcepos);
                self.html(span);
                Leave::Nothing
            }
            NodeValue::CodeBlock(_) => {
                let span = self.span(ast.sourcepos);
                self.doc.code.push(span);
                Leave::Nothing
            }
            NodeValue::FrontMatter(raw) => {
                self.front_matter(raw, ast.sourcepos);
                Leave::Nothing
            }
            _ => Leave::Nothing,
        };
        self.at_line_start = starts_line;
        leave
    }

    fn leave(&mut self, leave: Leave) {
        match leave {
            Leave::CloseText => self.close_text(),
            Leave::CloseItem => {
                self.close_text();
                self.scratch.open_items.pop();
            }
            Leave::CloseParagraph => {
                if self.paragraph_item.take().is_some() {
                    self.close_text();
                }
            }
            Leave::CloseRow => self.cell_list_items(),
            Leave::Nothing => {}
        }
    }

    /// Behaviour lists written as HTML inside table cells (`<ul><li>…</li></ul>`, a pipe
    /// table cannot hold a Markdown list) become list items of their own, after their row.
    fn cell_list_items(&mut self) {
        let row = self.doc.items.len() - 1;
        let cells = self.doc.items[row].cells;
        for cell in cells.start as usize..cells.end as usize {
            let cell_span = self.doc.cells[cell].span;
            let written = self.source.slice(cell_span);
            if !has_li_tag(written) {
                continue;
            }
            let mut open: Option<usize> = None;
            let mut found = Vec::new();
            for tag in tags(written) {
                let ends_item = tag.is("li") || (tag.closing && (tag.is("ul") || tag.is("ol")));
                if ends_item && let Some(start) = open.take() {
                    found.push(start..tag.span.start);
                }
                if tag.is("li") && !tag.closing {
                    open = Some(tag.span.end);
                }
            }
            if let Some(start) = open {
                found.push(start..written.len());
            }
            for range in found {
                let inner = &written[range.clone()];
                let text = strip_tags(inner);
                if text.is_empty() {
                    continue;
                }
                let leading = inner.len() - inner.trim_start().len();
                let start = cell_span.start + range.start + leading;
                let span = Span::new(start, start + inner.trim().len());
                let index = self.new_item(ItemKind::ListItem, span);
                self.doc.items[index].text = self.doc.store_text(&text);
            }
        }
    }

    fn front_matter(&mut self, raw: &str, pos: Sourcepos) {
        let start = self.span(pos).start;
        let mut offset = start;
        for line in raw.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            let trimmed = line.trim_end();
            if trimmed.starts_with([' ', '\t', '-', '#']) || trimmed.is_empty() {
                continue;
            }
            let Some((key, value)) = trimmed.split_once(':') else {
                continue;
            };
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            self.doc.front_matter.push(Field {
                key: key.trim().to_owned(),
                value: value.to_owned(),
                span: Span::new(line_start, line_start + trimmed.len()),
            });
        }
    }

    fn open_section(&mut self, depth: u8, setext: bool, span: Span) {
        while let Some(&top) = self.scratch.section_stack.last() {
            if self.doc.sections[top as usize].depth >= depth {
                self.scratch.section_stack.pop();
            } else {
                break;
            }
        }
        let line = self.source.slice(span);
        let raw = raw_heading_text(line, setext);
        // `raw` is a slice of `line` (or an empty string of its own for an empty heading), so
        // its offset is the distance between their starts.
        let raw_offset = (raw.as_ptr() as usize)
            .checked_sub(line.as_ptr() as usize)
            .filter(|&offset| offset + raw.len() <= line.len())
            .unwrap_or(0);
        let raw_start = span.start + raw_offset;
        let raw_span = Span::new(raw_start, raw_start + raw.len());
        let raw = self.doc.store_text(raw);
        let id = self.doc.sections.len() as SectionId;
        self.doc.sections.push(Section {
            raw,
            raw_span,
            text: TextRange::default(),
            normalized: TextRange::default(),
            depth,
            span,
            parent: self.scratch.section_stack.last().copied(),
            has_own_content: false,
        });
        self.scratch.section_stack.push(id);
        self.current_section = Some(id);
    }

    fn enter_paragraph<'a>(&mut self, node: &'a AstNode<'a>, pos: Sourcepos) {
        // Paragraphs do not nest, so an open text target here is a list item or a cell.
        let in_container = !self.scratch.targets.is_empty();
        if in_container {
            // Text of a list item's paragraphs goes to the item; separate its paragraphs.
            let label = self.label_at(node.first_child());
            if let Some(open) = self.scratch.targets.last_mut()
                && let TextTarget::Item(index) = open.target
            {
                if !open.text.is_empty() {
                    open.text.push(' ');
                }
                if self.doc.items[index].label.is_none() {
                    self.set_label(index, label);
                }
            }
            return;
        }
        let span = self.span(pos);
        let index = self.new_item(ItemKind::Paragraph, span);
        let label = self.label_at(node.first_child());
        self.set_label(index, label);
        self.paragraph_item = Some(index);
        self.open_text(TextTarget::Item(index));
    }

    /// A paragraph whose lines start with bold labels (`**Responsibility**: X` then
    /// `**Key Behaviors**`) becomes one item per labelled line.
    fn maybe_split_paragraph<'a>(&mut self, node: &'a AstNode<'a>) {
        if !self.at_line_start {
            return;
        }
        let Some(current) = self.paragraph_item else {
            return;
        };
        let Some(label) = self.label_at(Some(node)) else {
            return;
        };
        let start = label.span.start;
        let end = self.doc.items[current].span.end;
        let previous_end = self.source.line_span(self.source.line_of(start) - 1).end;
        self.doc.items[current].span.end = previous_end.max(self.doc.items[current].span.start);
        self.close_text();
        let index = self.new_item(ItemKind::Paragraph, Span::new(start, end));
        self.set_label(index, Some(label));
        self.paragraph_item = Some(index);
        self.open_text(TextTarget::Item(index));
    }

    fn set_label(&mut self, item: usize, label: Option<Label>) {
        if let Some(label) = label {
            self.doc.items[item].label = Some(self.doc.labels.len() as u32);
            self.doc.labels.push(label);
        }
    }

    /// A bold run at `node` that reads as a label: `**Name**:`, `**Name:**`, or a bold
    /// run that fills its whole line.
    fn label_at<'a>(&mut self, node: Option<&'a AstNode<'a>>) -> Option<Label> {
        let node = node?;
        let ast = node.data.borrow();
        if !matches!(ast.value, NodeValue::Strong) {
            return None;
        }
        let span = self.span(ast.sourcepos);
        let mut name = self.scratch.spare.pop().unwrap_or_default();
        for descendant in node.descendants() {
            if let NodeValue::Text(text) = &descendant.data.borrow().value {
                name.push_str(text);
            }
        }
        let colon_inside = name.trim_end().ends_with(':');
        let (colon_after, ends_line) = match node.next_sibling() {
            None => (false, true),
            Some(next) => match &next.data.borrow().value {
                NodeValue::SoftBreak | NodeValue::LineBreak => (false, true),
                NodeValue::Text(text) => {
                    (text.trim_start().starts_with(':'), text.trim().is_empty())
                }
                _ => (false, false),
            },
        };
        let trimmed = name.trim().trim_end_matches(':').trim_end();
        let label =
            (!trimmed.is_empty() && (colon_inside || colon_after || ends_line)).then(|| Label {
                name: self.doc.store_text(trimmed),
                span,
            });
        name.clear();
        self.scratch.spare.push(name);
        label
    }

    fn open_text(&mut self, target: TextTarget) {
        let text = self.scratch.spare.pop().unwrap_or_default();
        self.scratch.targets.push(OpenText {
            target,
            text,
            after_checkbox: false,
        });
    }

    /// Store the innermost target's text, trimmed, in the document's buffer.
    fn close_text(&mut self) {
        let Some(OpenText {
            target,
            mut text,
            after_checkbox,
        }) = self.scratch.targets.pop()
        else {
            return;
        };
        let mut kept = text.trim();
        if after_checkbox && starts_with_checkbox(kept) {
            kept = kept[3..].trim_start();
        }
        let range = self.doc.store_text(kept);
        match target {
            TextTarget::Heading(index) => self.doc.sections[index].text = range,
            TextTarget::Item(index) => self.doc.items[index].text = range,
            TextTarget::Cell(cell) => {
                self.doc.cells[cell].text = range;
                // A row's text is its first cell's.
                if let Some(row) = self.doc.items.last_mut()
                    && row.cells.start as usize == cell
                {
                    row.text = range;
                }
            }
        }
        text.clear();
        self.scratch.spare.push(text);
    }

    fn push_text(&mut self, text: &str) {
        if let Some(open) = self.scratch.targets.last_mut() {
            open.text.push_str(text);
        }
    }

    fn record_literal_delimiters(&mut self, text: &str, pos: Sourcepos) {
        let bytes = text.as_bytes();
        let doubled =
            memchr::memchr2_iter(b'*', b'_', bytes).any(|at| bytes.get(at + 1) == Some(&bytes[at]));
        if !doubled {
            return;
        }
        let span = self.span(pos);
        let written = self.source.slice(span);
        for delimiter in ["**", "__"] {
            let mut from = 0;
            while let Some(found) = written[from..].find(delimiter) {
                let start = span.start + from + found;
                let run = written[from + found..]
                    .bytes()
                    .take_while(|&b| b == delimiter.as_bytes()[0])
                    .count();
                self.doc
                    .literal_delimiters
                    .push(Span::new(start, start + run));
                from += found + run;
            }
        }
    }

    /// Record an HTML fragment and follow the `<details>` blocks it opens and closes.
    fn html(&mut self, span: Span) {
        self.doc.html.push(span);
        let written = self.source.slice(span);
        // Where the text of an open `<summary>` starts, and the block it belongs to.
        let mut summary: Option<(SummaryOf, usize)> = None;
        for tag in tags(written) {
            let at = |offset: usize| span.start + offset;
            // Most tags are neither: each name is compared once.
            let (is_details, is_summary) = (tag.is("details"), tag.is("summary"));
            if is_details && !tag.closing {
                self.doc.details.push(Details {
                    span: Span::new(at(tag.span.start), at(tag.span.end)),
                    summary: None,
                    close: None,
                });
                self.scratch.open_details.push(self.doc.details.len() - 1);
            } else if is_details {
                match self.scratch.open_details.pop() {
                    Some(index) => self.doc.details[index].close = Some(at(tag.span.end)),
                    None => self
                        .outer
                        .closes
                        .push((at(tag.span.end), self.doc.items.len() as ItemId)),
                }
            } else if is_summary && !tag.closing {
                let of = match self.scratch.open_details.last() {
                    Some(&index) => SummaryOf::Own(index),
                    None => SummaryOf::Outer(self.outer.closes.len()),
                };
                summary = Some((of, tag.span.end));
            } else if is_summary && let Some((of, start)) = summary.take() {
                self.set_summary(of, &written[start..tag.span.start]);
            }
        }
        if let Some((of, start)) = summary {
            self.set_summary(of, &written[start..]);
        }
        for attribute in ["id=\"", "name=\""] {
            for (at, _) in written.match_indices(attribute) {
                let value = &written[at + attribute.len()..];
                if let Some(end) = value.find('"') {
                    self.doc.html_anchors.push(value[..end].to_owned());
                }
            }
        }
    }

    fn set_summary(&mut self, of: SummaryOf, text: &str) {
        match of {
            SummaryOf::Own(details) => {
                let summary = &mut self.doc.details[details].summary;
                if summary.is_none() {
                    *summary = Some(text.trim().to_owned());
                }
            }
            SummaryOf::Outer(closed) => self.outer.summaries.push((closed, text.trim().to_owned())),
        }
    }

    /// The walked outline, and the scratch set for the next file.
    fn finish(mut self) -> (Document, Scratch) {
        // Targets left open by a malformed tree still keep their text.
        while !self.scratch.targets.is_empty() {
            self.close_text();
        }
        (self.doc, self.scratch)
    }
}

/// The heading's text as written: ATX markers and the optional closing sequence removed,
/// trailing spaces kept.
fn raw_heading_text(line: &str, setext: bool) -> &str {
    if setext {
        return line.lines().next().unwrap_or("").trim_start();
    }
    let line = line.lines().next().unwrap_or("");
    let after_marker = line.trim_start().trim_start_matches('#');
    let text = after_marker
        .strip_prefix([' ', '\t'])
        .unwrap_or(after_marker);
    let text = text.trim_start_matches([' ', '\t']);
    // A closing sequence is `#`s preceded by a space; keep a trailing space that is not
    // part of one.
    let without_closing = text.trim_end_matches([' ', '\t']);
    match without_closing.strip_suffix(|c| c == '#') {
        Some(_) => {
            let stripped = without_closing.trim_end_matches('#');
            if stripped.is_empty() || stripped.ends_with([' ', '\t']) {
                stripped.trim_end_matches([' ', '\t'])
            } else {
                text
            }
        }
        None => text,
    }
}

/// Whether a cell's source holds an `<li` tag, in any case as HTML allows: most cells
/// hold none, and this spares them the tag scan.
fn has_li_tag(written: &str) -> bool {
    let bytes = written.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| {
        bytes
            .get(at + 1..at + 3)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"li"))
    })
}

/// The text of an HTML fragment: tags dropped, whitespace runs collapsed.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            c => text.push(c),
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// What follows a list item's marker (`-`, `*`, `+`, `1.`, `1)`) and the blank space
/// after it, line breaks included: where the item's first paragraph starts.
fn after_list_marker(item: &str) -> &str {
    // Byte by byte: this runs for every list item.
    let bytes = item.as_bytes();
    let digits = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    let mut at = if digits > 0 { digits + 1 } else { 1 };
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    item.get(at..).unwrap_or("")
}

/// Whether `text` starts with a task-list checkbox as GitHub reads one: `[ ]`, `[x]` or
/// `[X]`, then whitespace or nothing.
fn starts_with_checkbox(text: &str) -> bool {
    match text.as_bytes() {
        [b'[', b' ' | b'x' | b'X', b']', rest @ ..] => rest
            .first()
            .is_none_or(|&next| matches!(next, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{has_li_tag, raw_heading_text, starts_with_checkbox};
    use crate::document::{Document, ItemKind};
    use crate::source::Source;

    fn list_item_texts(doc: &Document) -> Vec<&str> {
        doc.items
            .iter()
            .filter(|item| item.kind == ItemKind::ListItem)
            .map(|item| doc.text(item.text))
            .collect()
    }

    #[test]
    fn checkbox_bullets_are_list_items() {
        let markdown = "## Craft\n\n- [ ] Writes tests\n- [x] Reviews code\n  - [X] Pairs\n\
                        10.  [ ] Mentors\n- `[ ] code` stays\n- [x]\n- [ ]x stays\n\
                        -\t[ ] Tabbed\n-\n  [x] Below\n";
        let doc = Document::parse(Source::new("t.md", markdown));
        assert_eq!(
            list_item_texts(&doc),
            [
                "Writes tests",
                "Reviews code",
                "Pairs",
                "Mentors",
                "[ ] code stays",
                "",
                "[ ]x stays",
                "Tabbed",
                "Below"
            ]
        );
        let columns: Vec<u32> = doc.items.iter().map(|item| item.content_column).collect();
        assert_eq!(columns, [2, 2, 4, 5, 2, 2, 2, 4, 2]);
        assert_eq!(doc.items[2].parent, Some(1));
    }

    #[test]
    fn checkboxes_are_those_github_shows() {
        for text in ["[ ] a", "[x]", "[X]\tb", "[ ]\nmore"] {
            assert!(starts_with_checkbox(text), "{text:?}");
        }
        for text in ["[] a", "[y] a", "[x]a", " [x] a", "[x", "[ x] a"] {
            assert!(!starts_with_checkbox(text), "{text:?}");
        }
    }

    #[test]
    fn html_list_items_in_table_cells_are_items() {
        let markdown = "| Responsibility | Key Behaviours |\n|---|---|\n\
                        | Quality | <ul><li>Writes <b>tests</b></li><li> Reviews code </li></ul> |\n";
        let doc = Document::parse(Source::new("t.md", markdown));
        let items: Vec<(&str, &str)> = doc
            .items
            .iter()
            .filter(|item| item.kind == ItemKind::ListItem)
            .map(|item| (doc.text(item.text), doc.source.slice(item.span)))
            .collect();
        assert_eq!(
            items,
            [
                ("Writes tests", "Writes <b>tests</b>"),
                ("Reviews code", "Reviews code")
            ]
        );
    }

    #[test]
    fn html_list_items_are_read_whatever_the_case_of_their_tags() {
        let markdown = "| Responsibility | Key Behaviours |\n|---|---|\n\
                        | Quality | <UL><Li>Writes tests</Li><lI>Reviews code</LI></UL> |\n";
        let doc = Document::parse(Source::new("t.md", markdown));
        assert_eq!(list_item_texts(&doc), ["Writes tests", "Reviews code"]);
    }

    #[test]
    fn malformed_tags_in_cells_and_details_are_read_without_panicking() {
        let markdown = "| Responsibility | Key Behaviours |\n|---|---|\n\
                        | Quality | <ul><li<li>>Writes tests</li><li</ul>>x |\n\n\
                        <details><summary<summary>>Examples</summary>\n\nText\n\n</details>\n";
        let doc = Document::parse(Source::new("t.md", markdown));
        // As in HTML, `<li<li>` is one tag, so the `>` after it is text.
        assert_eq!(list_item_texts(&doc), [">Writes tests", ">x"]);
        assert_eq!(doc.details.len(), 1);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_comrak_reads_it() {
        let doc = Document::parse(Source::new("t.md", "intro\r# Head\r\ntext\n"));
        let [section] = doc.sections.as_slice() else {
            panic!("one heading expected: {:?}", doc.sections);
        };
        assert_eq!(doc.text(section.raw), "Head");
        assert_eq!(doc.source.slice(section.raw_span), "Head");
        assert_eq!(doc.source.slice(section.span), "# Head");
    }

    #[test]
    fn li_tags_are_found_in_any_case() {
        assert!(has_li_tag("<ul><li>a</li></ul>"));
        assert!(has_li_tag("x <LI>a"));
        assert!(has_li_tag("<Li>a"));
        assert!(has_li_tag("<lI>a"));
        assert!(!has_li_tag("a < li"));
        assert!(!has_li_tag("<l"));
        assert!(!has_li_tag("plain text"));
    }

    #[test]
    fn raw_heading_keeps_trailing_space_and_drops_closing_hashes() {
        assert_eq!(raw_heading_text("### Management ", false), "Management ");
        assert_eq!(raw_heading_text("## 🦉 Domain ##", false), "🦉 Domain");
        assert_eq!(raw_heading_text("## C#", false), "C#");
        assert_eq!(raw_heading_text("Title\n=====", true), "Title");
    }
}
