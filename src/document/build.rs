//! One walk over comrak's AST, without recursion, producing the [`Document`] outline.

use std::cell::RefCell;
use std::mem::take;
use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, Options, parse_document};

use super::html::{attribute_values, tags};
use super::table;
use super::{
    Cell, CellRange, Details, Document, Field, Item, ItemId, ItemKind, Label, Link, Section,
    SectionId, TextRange, Title, TitleOrigin, normalize_heading_into,
};
use crate::level;
use crate::source::{Source, Span, for_each_offset_of};

/// The comrak options every file is parsed with: GitHub's strikethrough and front matter.
/// Tables are read by the walk itself (see [`super::table`]): comrak's table extension
/// allocates a node per cell and parses every row twice: 17% of the parse's instructions
/// over a corpus of ladders, where reading them off their paragraphs' lines costs about a
/// ninth of that.
pub fn parse_options() -> Options<'static> {
    let mut options = Options::default();
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

/// [`parse_options`] with comrak's tables, for the few tables whose paragraph reads
/// differently without them (see [`super::table`]).
fn options_with_tables() -> Options<'static> {
    let mut options = parse_options();
    options.extension.table = true;
    options
}

/// The options of each reading, built once: every file is parsed with the same options.
fn shared_options(tables: Tables) -> &'static Options<'static> {
    static OWN: std::sync::OnceLock<Options<'static>> = std::sync::OnceLock::new();
    static COMRAK: std::sync::OnceLock<Options<'static>> = std::sync::OnceLock::new();
    match tables {
        Tables::Own => OWN.get_or_init(parse_options),
        Tables::Comrak => COMRAK.get_or_init(options_with_tables),
    }
}

/// Who reads the tables of a file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tables {
    /// The walk, from the lines of the paragraphs comrak parsed them as.
    Own,
    /// comrak's table extension.
    Comrak,
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

/// An open text target and where its text collects: straight in the document's buffer,
/// `start..end`, while nothing else is stored after it; else in a scratch buffer.
struct OpenText {
    target: TextTarget,
    start: usize,
    end: usize,
    /// The text so far, once something else was stored after its start in the buffer
    /// (a nested item's text, a label): the rest of it then collects here.
    spilled: Option<String>,
    /// The text starts with a task-list checkbox, which is not part of it.
    after_checkbox: bool,
}

impl OpenText {
    fn is_empty(&self) -> bool {
        self.spilled
            .as_ref()
            .map_or(self.start == self.end, String::is_empty)
    }
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
    /// Who reads the tables; with [`Tables::Own`], comrak parsed them as paragraphs.
    tables: Tables,
    /// A table met that the walk cannot read as comrak would: the stretch is parsed again
    /// with comrak's tables.
    leave_tables_to_comrak: bool,
    /// The table read from the paragraph being walked.
    table: Option<OpenTable>,
    /// The first of the scratch's `doubled` not yet passed by the walk.
    next_doubled: usize,
}

/// A table the walk reads from the paragraph it is in: its lines are in the scratch's
/// `table_lines`, and the paragraph's inline nodes go to its cells by position.
#[derive(Clone, Copy)]
struct OpenTable {
    /// Where the header's content starts: inline nodes before it are the paragraph's.
    start: usize,
    /// The header's number of cells.
    columns: usize,
    /// The next of the table's lines to open.
    next_line: usize,
    /// The line open: its row's cells, as indices into the document's cells.
    row_cells: CellRange,
    /// Its cells' byte ranges in the source: indices into the scratch's `table_cells`.
    cell_ranges: CellRange,
    /// The cell whose text is open, and the next cell of the row to open.
    open_cell: Option<usize>,
    next_cell: usize,
}

/// One line of a table read by the walk.
struct TableLine {
    /// `None` for the delimiter row.
    kind: Option<ItemKind>,
    /// 1-based line of the file.
    line: usize,
    /// Where its content starts, in the file and in the line.
    start: usize,
    content_offset: usize,
    /// Its length in bytes without its line break: where its content ends in the line.
    len: usize,
    /// Its cells' bytes in the file, in the scratch's `table_cells`: at most the
    /// header's number of cells.
    cells: CellRange,
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
    /// Where `**` and `__` are written in the text parsed, as comrak's (line, column):
    /// text nodes holding none need no closer look.
    doubled: Vec<(usize, usize)>,
    /// The lines of the table being read, their cells, and one row's cells in its line.
    table_lines: Vec<TableLine>,
    table_cells: Vec<Range<usize>>,
    row_cells: Vec<Range<usize>>,
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
        self.table_lines.clear();
        self.table_cells.clear();
        self.doubled.clear();
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
    let (part, read_all) = walk_range(source, range.clone(), lines_before, lookahead, Tables::Own);
    if read_all {
        part
    } else {
        walk_range(source, range, lines_before, lookahead, Tables::Comrak).0
    }
}

/// Append `text` to the buffer, where the text of `open` ends; past what a text range can
/// point into, the text collects apart instead, to be left empty when it is stored.
#[inline]
fn append_or_spill(open: &mut OpenText, doc: &mut Document, spare: &mut Vec<String>, text: &str) {
    if doc.append_text(text) {
        open.end = doc.rendered.len();
    } else {
        spill(open, spare, &doc.rendered, text);
    }
}

/// Move the text of `open` out of the buffer, into a spare scratch buffer, with `text` after
/// it: once something else is stored after it, or once the buffer is full.
fn spill(open: &mut OpenText, spare: &mut Vec<String>, rendered: &str, text: &str) {
    let mut spilled = spare.pop().unwrap_or_default();
    spilled.push_str(&rendered[open.start..open.end]);
    spilled.push_str(text);
    open.spilled = Some(spilled);
}

/// Bytes of Markdown per AST node to reserve for: a little fewer than ladder documents
/// take per node (about 24), so that most files fit the first chunk. Room reserved but
/// not used is never written, so the margin costs little.
const NODE_BYTES: usize = 20;
/// The most nodes reserved up front (about 9 MB): a large file with few nodes (a long code
/// block) would otherwise reserve many times its size. Past it the arena grows as usual.
const MAX_NODES_RESERVED: usize = 1 << 16;

/// [`build_range`], with tables read by `tables`; and whether the walk read every table,
/// which is false if it met one it leaves to comrak (never with [`Tables::Comrak`]). The
/// part is then cut short.
pub(super) fn walk_range(
    source: &Source,
    range: Range<usize>,
    lines_before: usize,
    lookahead: usize,
    tables: Tables,
) -> (Part, bool) {
    let mut scratch = SCRATCH.with(RefCell::take);
    let text = &source.text()[range.start..range.end + lookahead];
    // Reserved before the parse: the allocator serves these large blocks fastest before
    // the parse has freed its many small ones.
    let mut doc = Document::with_capacity_for(text.len());
    // The AST lives only inside this function: rules read the outline, never the tree.
    // Sized for the nodes a ladder document of this length makes: an arena grows by
    // adding chunks, each twice the last, and from its default of a few nodes a 7 KB
    // file took seven of them.
    let arena = Arena::with_capacity((text.len() / NODE_BYTES).min(MAX_NODES_RESERVED));
    let root = parse_document(&arena, text, shared_options(tables));
    // The lookahead heading, if it parsed as one: a top-level heading on the line after
    // the stretch's own.
    let next_heading = root.last_child().filter(|last| {
        let ast = last.data.borrow();
        lookahead > 0
            && matches!(ast.value, NodeValue::Heading(_))
            && ast.sourcepos.start.line == source.line_of(range.end) - lines_before
    });
    scratch.lend_lists(&mut doc);
    find_doubled_delimiters(
        source,
        range.start,
        lines_before,
        text,
        &mut scratch.doubled,
    );
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
        tables,
        leave_tables_to_comrak: false,
        table: None,
        next_doubled: 0,
    };
    // Depth first, without recursion. A node without children is left as soon as it
    // is entered: most nodes are text, and they never touch the stack.
    let mut next = root.first_child();
    'walk: while let Some(node) = next {
        if next_heading.is_some_and(|heading| std::ptr::eq(heading, node)) {
            break;
        }
        let leave = builder.enter(node, on_leave.is_empty());
        if builder.leave_tables_to_comrak {
            break;
        }
        if let Some(child) = node.first_child() {
            on_leave.push(leave);
            next = Some(child);
            continue;
        }
        // Most childless nodes are text, which leaves nothing to close.
        if !matches!(leave, Leave::Nothing) {
            builder.leave(leave);
        }
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
    let left_to_comrak = builder.leave_tables_to_comrak;
    let ends_cleanly = lookahead == 0 || next_heading.is_some();
    let open_details = builder.scratch.open_details.clone();
    let outer = take(&mut builder.outer);
    let (mut doc, mut scratch) = builder.finish();
    scratch.reclaim(&mut doc);
    SCRATCH.with(|kept| kept.replace(scratch));
    let part = Part {
        doc,
        ends_cleanly,
        open_details,
        outer,
    };
    (part, !left_to_comrak)
}

/// The steps that need the whole outline: each heading's comparison key, the title and
/// the level.
pub(super) fn complete(mut doc: Document, source: Source) -> Document {
    // Room for most heading keys, so the buffer is not grown key by key.
    let mut key = String::with_capacity(128);
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
    // Called for every node from the walk's loop: left to its heuristics, the compiler
    // inlines it or not on unrelated edits, and not inlining it cost 1% of a lint.
    #[inline(always)]
    fn enter<'a>(&mut self, node: &'a AstNode<'a>, is_top_level: bool) -> Leave {
        let ast = node.data.borrow();
        if self.table.is_some() && self.enter_in_table(&ast.value, ast.sourcepos) {
            return Leave::Nothing;
        }
        if is_top_level && !matches!(ast.value, NodeValue::Heading(_) | NodeValue::FrontMatter(_)) {
            self.mark_section_content();
        }
        // Only a soft or hard line break puts the next node entered at the start of a line.
        let starts_line = matches!(ast.value, NodeValue::SoftBreak | NodeValue::LineBreak);
        let leave = match &ast.value {
            NodeValue::Text(text) => {
                // A labelled line starts with a bold run, never with text: no split here.
                self.record_literal_delimiters(ast.sourcepos);
                self.push_text(text);
                Leave::Nothing
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                self.push_text(" ");
                Leave::Nothing
            }
            NodeValue::Paragraph => {
                self.enter_paragraph(node, ast.sourcepos, is_top_level);
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
                if heading.setext && self.tables == Tables::Own {
                    self.leave_table_in_lines_to_comrak(ast.sourcepos, 1);
                }
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
                if self.table.is_some() {
                    self.finish_table();
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

    fn enter_paragraph<'a>(&mut self, node: &'a AstNode<'a>, pos: Sourcepos, is_top_level: bool) {
        if self.tables == Tables::Own && pos.start.line < pos.end.line {
            if is_top_level {
                self.table = self.find_table(pos);
                if self
                    .table
                    .is_some_and(|table| table.start == self.span(pos).start)
                {
                    // The table is the whole paragraph.
                    return;
                }
            } else {
                self.leave_table_in_lines_to_comrak(pos, 0);
            }
        }
        // Paragraphs do not nest, so an open text target here is a list item or a cell.
        let in_container = !self.scratch.targets.is_empty();
        if in_container {
            // Text of a list item's paragraphs goes to the item; separate its paragraphs.
            let label = self.label_at(node.first_child());
            if let Some(open) = self.scratch.targets.last_mut()
                && let TextTarget::Item(index) = open.target
            {
                let separate = !open.is_empty();
                if self.doc.items[index].label.is_none() {
                    self.set_label(index, label);
                }
                if separate {
                    self.push_text(" ");
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
        let start = self.doc.rendered.len();
        self.scratch.targets.push(OpenText {
            target,
            start,
            end: start,
            spilled: None,
            after_checkbox: false,
        });
    }

    /// Set the innermost target's text, trimmed: where it is in the document's buffer, or
    /// stored there from its scratch buffer.
    fn close_text(&mut self) {
        let Some(open) = self.scratch.targets.pop() else {
            return;
        };
        let kept = |text: &str| -> Range<usize> {
            let mut kept = crate::text::trim(text);
            if open.after_checkbox && starts_with_checkbox(kept) {
                kept = kept[3..].trim_start();
            }
            let start = kept.as_ptr() as usize - text.as_ptr() as usize;
            start..start + kept.len()
        };
        let range = match open.spilled {
            Some(mut text) => {
                let range = self.doc.store_text(&text[kept(&text)]);
                text.clear();
                self.scratch.spare.push(text);
                range
            }
            None => {
                let within = kept(&self.doc.rendered[open.start..open.end]);
                self.doc
                    .text_range(open.start + within.start..open.start + within.end)
            }
        };
        match open.target {
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
    }

    /// Add `text` to the innermost target: at the end of the buffer while its text ends
    /// the buffer; else in its scratch buffer.
    #[inline]
    fn push_text(&mut self, text: &str) {
        let Some(open) = self.scratch.targets.last_mut() else {
            return;
        };
        if open.spilled.is_none() && open.end == self.doc.rendered.len() {
            append_or_spill(open, &mut self.doc, &mut self.scratch.spare, text);
            return;
        }
        self.push_text_apart(text);
    }

    /// [`Builder::push_text`] for a target whose text no longer ends the buffer.
    #[cold]
    fn push_text_apart(&mut self, text: &str) {
        let Some(open) = self.scratch.targets.last_mut() else {
            return;
        };
        match &mut open.spilled {
            Some(spilled) => spilled.push_str(text),
            // Nothing collected yet: start again at the end of the buffer.
            None if open.start == open.end => {
                open.start = self.doc.rendered.len();
                open.end = open.start;
                append_or_spill(open, &mut self.doc, &mut self.scratch.spare, text);
            }
            None => spill(open, &mut self.scratch.spare, &self.doc.rendered, text),
        }
    }

    fn record_literal_delimiters(&mut self, pos: Sourcepos) {
        if self.doubled_within(pos) {
            let span = self.span(pos);
            self.record_literal_delimiters_in(span);
        }
    }

    /// Whether a `**` or `__` starts within the text node at `pos`. Text nodes come in
    /// the order of the text, so the ones before it are passed for good.
    fn doubled_within(&mut self, pos: Sourcepos) -> bool {
        let doubled = &self.scratch.doubled;
        let (start, end) = (
            (pos.start.line, pos.start.column),
            (pos.end.line, pos.end.column),
        );
        let mut next = self.next_doubled;
        while doubled.get(next).is_some_and(|&at| at < start) {
            next += 1;
        }
        self.next_doubled = next;
        doubled.get(next).is_some_and(|&at| at <= end)
    }

    /// Record the `**` and `__` runs written in `span`, text that comrak did not read as
    /// emphasis.
    fn record_literal_delimiters_in(&mut self, span: Span) {
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
        for name in ["id", "name"] {
            for at in attribute_values(written, name) {
                let value = &written[at..];
                if let Some(end) = memchr::memchr(b'"', value.as_bytes()) {
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

    /// Whether a line after the first of the block at `pos` (its last `skip_last` lines
    /// left out) could be a table's delimiter row: in a container or a setext heading, the
    /// walk leaves tables to comrak. Blank space and quote markers before it are skipped.
    fn leave_table_in_lines_to_comrak(&mut self, pos: Sourcepos, skip_last: usize) {
        let first = self.lines_before + pos.start.line;
        let last = (self.lines_before + pos.end.line).saturating_sub(skip_last);
        let may_hold_table = (first + 1..=last).any(|line| {
            let text = self.source.line_text(line);
            table::is_delimiter_row(text.trim_start_matches([' ', '\t', '>']))
        });
        self.leave_tables_to_comrak |= may_hold_table;
    }

    /// The table in the lines of the top-level paragraph at `pos`, as comrak's table
    /// extension finds it: the first line after the first that is a delimiter row (not
    /// indented as code), under a header line with as many cells; the rows are the lines
    /// after it. Its lines go to the scratch. A table whose lines read differently in a
    /// paragraph is left to comrak.
    fn find_table(&mut self, pos: Sourcepos) -> Option<OpenTable> {
        let first = self.lines_before + pos.start.line;
        let last = self.lines_before + pos.end.line;
        let delimiter = (first + 1..=last).find(|&line| {
            let text = self.source.line_text(line);
            let (at, indented) = table::line_content(text);
            !indented && table::is_delimiter_row(&text[at..])
        })?;
        // Left to comrak, all rare: a pipe after a backslash (comrak drops the backslash
        // before parsing the cells' text, and the positions after it shift); link
        // reference definitions, which comrak's tables take as text but a paragraph drops,
        // and which may have moved the paragraph's start past them; a delimiter row of
        // dashes alone, a setext underline to comrak even where it makes no heading.
        let written = self.source.slice(self.span(pos));
        let above = self.source.line_text(first - 1).trim_start();
        let delimiter_text = self
            .source
            .line_text(delimiter)
            .trim_end_matches([' ', '\t']);
        if memchr::memmem::find(written.as_bytes(), b"\\|").is_some()
            || written.starts_with('[')
            || (first > 1 && above.starts_with('['))
            || delimiter_text.trim_start().bytes().all(|byte| byte == b'-')
        {
            self.leave_tables_to_comrak = true;
            return None;
        }
        let Scratch {
            table_lines,
            table_cells,
            row_cells,
            ..
        } = &mut self.scratch;
        table_lines.clear();
        table_cells.clear();
        let mut columns = 0;
        let mut filled_in = 0;
        for line in delimiter - 1..=last {
            let line_start = self.source.line_span(line).start;
            let text = self.source.line_text(line);
            let (at, indented) = table::line_content(text);
            let content = &text[at..];
            let kind = match line.cmp(&delimiter) {
                std::cmp::Ordering::Less => Some(ItemKind::TableHeader),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => Some(ItemKind::TableRow),
            };
            if kind == Some(ItemKind::TableRow)
                && table::ends_table_not_paragraph(content, indented)
            {
                self.leave_tables_to_comrak = true;
                return None;
            }
            // comrak refuses a row of more than 65,535 cells; rows of that many or more are
            // left to it.
            if !table::split_row(content, row_cells) || row_cells.len() >= usize::from(u16::MAX) {
                if line < delimiter {
                    // No header: the paragraph holds no table.
                    return None;
                }
                self.leave_tables_to_comrak = true;
                return None;
            }
            if line < delimiter {
                columns = row_cells.len();
            } else if line == delimiter && row_cells.len() != columns {
                return None;
            }
            // comrak stops filling in a table's missing cells past this many; from a row
            // before that (counting the row itself), comrak reads the table.
            filled_in += columns.saturating_sub(row_cells.len());
            if filled_in > 500_000 {
                self.leave_tables_to_comrak = true;
                return None;
            }
            let first_cell = table_cells.len();
            let content_start = line_start + at;
            // The delimiter row's cells hold no text.
            let kept = if kind.is_some() { columns } else { 0 };
            table_cells.extend(
                row_cells
                    .iter()
                    .take(kept)
                    .map(|cell| content_start + cell.start..content_start + cell.end),
            );
            table_lines.push(TableLine {
                kind,
                line,
                start: content_start,
                content_offset: at,
                len: text.len(),
                cells: CellRange::new(first_cell..table_cells.len()),
            });
        }
        Some(OpenTable {
            start: table_lines[0].start,
            columns,
            next_line: 0,
            row_cells: CellRange::default(),
            cell_ranges: CellRange::default(),
            open_cell: None,
            next_cell: 0,
        })
    }

    /// Take an inline node of a paragraph holding a table: the table's nodes go to its
    /// cells. False for a node of the paragraph's lines before the table, walked as any.
    fn enter_in_table(&mut self, value: &NodeValue, pos: Sourcepos) -> bool {
        let Some(table) = self.table else {
            return false;
        };
        let span = self.span(pos);
        let line_break = matches!(value, NodeValue::SoftBreak | NodeValue::LineBreak);
        let backslash_break =
            line_break && self.source.text().as_bytes().get(span.start) == Some(&b'\\');
        if span.start < table.start {
            // Markup running from the lines before into the table; or a backslash line
            // break before it, a backslash ending the lines before to comrak's tables.
            if (span.end > table.start && !line_break) || backslash_break {
                self.leave_tables_to_comrak = true;
            }
            return false;
        }
        if table.next_line == 0 {
            self.start_table(table.start);
        }
        self.open_table_lines_to(span.start);
        let Some(table) = self.table else {
            return true;
        };
        match value {
            NodeValue::Text(text) => self.table_text(text, span, pos),
            // A backslash before a row's line break is the last cell's text.
            _ if line_break => self.leave_tables_to_comrak |= backslash_break,
            _ => match self.cell_holding(&table, span) {
                None => self.leave_tables_to_comrak = true,
                Some(cell) => match value {
                    NodeValue::Code(code) => {
                        self.doc.code.push(span);
                        self.push_cell_text(cell, &code.literal);
                    }
                    NodeValue::Link(link) | NodeValue::Image(link) => {
                        self.doc.links.push(Link {
                            url: link.url.clone(),
                            span,
                        });
                    }
                    NodeValue::HtmlInline(_) => self.html(span),
                    _ => {}
                },
            },
        }
        true
    }

    /// A text node of a table's lines: each stretch of it between pipes goes to the cell
    /// it is in, or nowhere (the delimiter row, a row's cells past the header's).
    fn table_text(&mut self, text: &str, span: Span, pos: Sourcepos) {
        let Some(table) = self.table else {
            return;
        };
        let doubled = self.doubled_within(pos);
        let source = self.source;
        let written = source.slice(span);
        if text == written {
            // Most text is as written: each cell gets the bytes of it that it holds.
            for index in table.cell_ranges.range() {
                let bytes = &self.scratch.table_cells[index];
                let (start, end) = (bytes.start.max(span.start), bytes.end.min(span.end));
                if start >= end {
                    continue;
                }
                let piece = &written[start - span.start..end - span.start];
                if doubled && has_doubled_delimiter(piece) {
                    self.record_literal_delimiters_in(Span::new(start, end));
                }
                let cell = table.row_cells.range().start + index - table.cell_ranges.range().start;
                self.push_cell_text(cell, piece);
            }
            return;
        }
        // Each pipe in the text is one in the source (a pipe after a backslash left the
        // table to comrak), unless an entity stood for one.
        let pipes = |text: &str| memchr::memchr_iter(b'|', text.as_bytes()).count();
        if pipes(text) != pipes(written) {
            self.leave_tables_to_comrak = true;
            return;
        }
        let mut written_at = span.start;
        for (piece, written_piece) in text.split('|').zip(written.split('|')) {
            let piece_span = Span::new(written_at, written_at + written_piece.len());
            written_at += written_piece.len() + 1;
            if piece.is_empty() {
                continue;
            }
            let Some(cell) = self.cell_holding(&table, piece_span) else {
                continue;
            };
            if doubled && has_doubled_delimiter(piece) {
                self.record_literal_delimiters_in(piece_span);
            }
            self.push_cell_text(cell, piece);
        }
    }

    /// The cell of the open row whose bytes hold all of `span`, as an index into the
    /// document's cells.
    fn cell_holding(&self, table: &OpenTable, span: Span) -> Option<usize> {
        let cell_bytes = &self.scratch.table_cells[table.cell_ranges.range()];
        let cell = cell_bytes
            .iter()
            .position(|bytes| bytes.start <= span.start && span.end <= bytes.end)?;
        Some(table.row_cells.range().start + cell)
    }

    /// The lines before the table, if any, end their paragraph where the table starts.
    fn start_table(&mut self, table_start: usize) {
        // A paragraph item is open only if the table starts after the paragraph's first
        // line (`enter_paragraph` opens none for a table that is the whole paragraph), so
        // there is a line before it.
        if self.paragraph_item.take().is_some() {
            let before = self.source.line_span(self.source.line_of(table_start) - 1);
            if let Some(item) = self
                .scratch
                .targets
                .last()
                .and_then(|open| match open.target {
                    TextTarget::Item(item) => Some(item),
                    _ => None,
                })
            {
                self.doc.items[item].span.end = before.end.max(self.doc.items[item].span.start);
            }
            self.close_text();
        }
    }

    /// Open the table's lines up to the one holding `offset`.
    fn open_table_lines_to(&mut self, offset: usize) {
        while let Some(table) = self.table
            && let Some(line) = self.scratch.table_lines.get(table.next_line)
            && line.start <= offset
        {
            self.open_table_line();
        }
    }

    /// Close the table's open line and open its next: a row and its cells.
    fn open_table_line(&mut self) {
        self.close_table_line();
        let Some(mut table) = self.table else {
            return;
        };
        let line = &self.scratch.table_lines[table.next_line];
        let (kind, number, column, len, cells) = (
            line.kind,
            line.line,
            line.content_offset,
            line.len,
            line.cells,
        );
        let line_start = line.start - column;
        table.next_line += 1;
        table.cell_ranges = cells;
        table.open_cell = None;
        let first_cell = self.doc.cells.len();
        if let Some(kind) = kind {
            // A row's content runs to the line's end; it is never empty.
            let row = self.new_item(kind, Span::new(line_start + column, line_start + len));
            // Columns as comrak gives them: a cell from after the pipe before it to its
            // last byte; a missing cell, one column after the row's last.
            let mut last_column = column + 1;
            for index in cells.range() {
                // A cell's bytes are its span: they end before a pipe or the line's end.
                let bytes = &self.scratch.table_cells[index];
                self.doc.cells.push(Cell {
                    text: TextRange::default(),
                    span: Span::new(bytes.start, bytes.end),
                });
                last_column = bytes.end - line_start;
            }
            for _ in cells.range().len()..table.columns {
                self.doc.cells.push(Cell {
                    text: TextRange::default(),
                    span: self
                        .source
                        .span_of((number, last_column + 1), (number, last_column + 1)),
                });
            }
            self.doc.items[row].cells = CellRange::new(first_cell..self.doc.cells.len());
        }
        table.row_cells = CellRange::new(first_cell..self.doc.cells.len());
        table.next_cell = first_cell;
        self.table = Some(table);
    }

    /// Close the open line's cells, each in turn as comrak's walk would, and read the
    /// HTML lists in them.
    fn close_table_line(&mut self) {
        let Some(table) = self.table else {
            return;
        };
        if table.row_cells.range().is_empty() {
            return;
        }
        if let Some(last) = table.row_cells.range().last() {
            self.push_cell_text(last, "");
        }
        self.close_text();
        if let Some(table) = &mut self.table {
            table.open_cell = None;
            table.row_cells = CellRange::default();
        }
        self.cell_list_items();
    }

    /// Append `text` to cell `cell` of the open row, opening (and closing) the cells
    /// before it that are not yet.
    fn push_cell_text(&mut self, cell: usize, text: &str) {
        let Some(mut table) = self.table else {
            return;
        };
        while table.open_cell != Some(cell) {
            if table.next_cell > cell || table.next_cell >= table.row_cells.range().end {
                // Text for a cell already closed: the nodes came out of order.
                self.leave_tables_to_comrak = true;
                self.table = Some(table);
                return;
            }
            if table.open_cell.is_some() {
                self.close_text();
            }
            self.open_text(TextTarget::Cell(table.next_cell));
            table.open_cell = Some(table.next_cell);
            table.next_cell += 1;
        }
        self.table = Some(table);
        self.push_text(text);
    }

    /// The paragraph holding the table ends: so do the table's lines not yet open.
    fn finish_table(&mut self) {
        if let Some(table) = self.table
            && table.next_line == 0
        {
            self.start_table(table.start);
        }
        while let Some(table) = self.table
            && table.next_line < self.scratch.table_lines.len()
        {
            self.open_table_line();
        }
        self.close_table_line();
        self.table = None;
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

/// Where `**` and `__` start in `text`, which starts at `offset` in `source`, after
/// `lines_before` lines: as comrak's (line, column) of the text parsed, in order.
fn find_doubled_delimiters(
    source: &Source,
    offset: usize,
    lines_before: usize,
    text: &str,
    doubled: &mut Vec<(usize, usize)>,
) {
    let bytes = text.as_bytes();
    doubled.clear();
    let record = |at: usize| {
        if bytes.get(at + 1) == Some(&bytes[at]) {
            let line = source.line_of(offset + at);
            let column = offset + at - source.line_span(line).start + 1;
            doubled.push((line - lines_before, column));
        }
    };
    for_each_offset_of(b'*', b'_', bytes, record);
}

/// Whether `text` holds `**` or `__`.
fn has_doubled_delimiter(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'*', b'_', bytes).any(|at| bytes.get(at + 1) == Some(&bytes[at]))
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
    use super::super::test_files::{markdown_under, salted};
    use super::{Tables, complete, has_li_tag, raw_heading_text, starts_with_checkbox, walk_range};
    use crate::document::{Document, ItemKind};
    use crate::source::Source;

    fn list_item_texts(doc: &Document) -> Vec<&str> {
        doc.items
            .iter()
            .filter(|item| item.kind == ItemKind::ListItem)
            .map(|item| doc.text(item.text))
            .collect()
    }

    /// The outline of `text` with tables read by `tables`, and whether they were.
    fn outline(text: &str, tables: Tables) -> (String, bool) {
        let source = Source::new("ladder.md", text);
        let (part, read_all) = walk_range(&source, 0..text.len(), 0, 0, tables);
        (
            format!("{:#?}", complete(part.doc, source).compacted()),
            read_all,
        )
    }

    /// Whether the walk read `text`'s tables itself, giving the outline comrak's tables
    /// give; panics if it read them into another outline.
    fn reads_tables_as_comrak(name: &str, text: &str) -> bool {
        let (own, read_all) = outline(text, Tables::Own);
        if read_all {
            let (comrak, _) = outline(text, Tables::Comrak);
            assert!(
                own == comrak,
                "{name}: own tables differ from comrak's:\n{own}\n{comrak}"
            );
        }
        read_all
    }

    #[test]
    fn tables_read_by_the_walk_give_comrak_tables_outline() {
        let mut files = markdown_under("fixtures");
        files.extend(markdown_under("../shared/seeds"));
        files.extend(markdown_under("../shared/corpus"));
        let (mut with_tables, mut read) = (0, 0);
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            if !text.contains("-|") && !text.contains("|-") && !text.contains("| -") {
                continue;
            }
            with_tables += 1;
            if reads_tables_as_comrak(&path.display().to_string(), &text) {
                read += 1;
            }
        }
        assert!(with_tables > 15, "only {with_tables} files with tables");
        assert!(read * 10 >= with_tables * 9, "read {read} of {with_tables}");
    }

    /// Every fixture and seed with table lines and markup that reads differently in a
    /// table put before some of its lines: whatever the walk reads, it reads as comrak.
    #[test]
    fn files_salted_with_table_lines_read_as_comrak() {
        const TOKENS: &[&str] = &[
            "| a | b |\n|---|---|\n",
            "|---|---|\n",
            "| x | *y | z* |\n",
            "| `x | y` |\n",
            "| [x](y) | <b>z</b> |\n",
            "    | a |\n",
            "2. ",
            "-\n",
            "<span>\n",
            "---\n",
            "| \\| | &#124; |\n",
            "| a | b \\\n",
            "> ",
            "  ",
        ];
        let (mut salted_files, mut read) = (0, 0);
        let mut files = markdown_under("fixtures");
        files.extend(markdown_under("../shared/seeds"));
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for (salt, token) in TOKENS.iter().enumerate() {
                salted_files += 1;
                let name = format!("{} salted with {token:?}", path.display());
                if reads_tables_as_comrak(&name, &salted(&text, token, 3, salt)) {
                    read += 1;
                }
            }
        }
        assert!(salted_files > 500, "only {salted_files} salted files");
        assert!(
            read * 4 > salted_files,
            "read only {read} of {salted_files}"
        );
    }

    /// Small documents of table rows, delimiter rows and other lines, drawn at random
    /// (with a fixed seed) from pieces that read differently in a table and a paragraph.
    struct TableDocuments(u64);

    impl TableDocuments {
        const CELLS: &[&str] = &[
            "a",
            "",
            " ",
            "`c`",
            "`c | d`",
            "*e*",
            "**f**",
            "__g__",
            "[l](u)",
            "[l](u|v)",
            "<http://a|b>",
            "![i](p)",
            "<b>x</b>",
            "&amp;",
            "&#124;",
            "\\|",
            "\\",
            "é",
            "🦀",
            "~~s~~",
            "*",
            "**",
            "`",
            "[",
            "<li>x</li>",
            "<ul><li>a",
            "<details>",
            "[a]: x",
            "**L**:",
            "x\\",
            "===",
            "---",
            ":--",
            "\u{a0}",
            "*a",
            "b*",
            "_a",
            "b_",
        ];
        const PREFIXES: &[&str] = &["", "", "", "  ", "    ", "\t", "> ", "- ", "2) ", "\x0b"];
        const OTHERS: &[&str] = &[
            "",
            "text",
            "**Label**: x",
            "# H",
            "===",
            "---",
            "-",
            "- x",
            "1. x",
            "2. y",
            "<span>",
            "<details>",
            "[a]: http://x",
            "```",
            "    code",
            "|",
            "| |",
            "***",
            "a\\",
            "a  ",
            "<!-- x -->",
            "> q",
            ":",
            "x|y",
            "🦀 | ü",
        ];

        fn next(&mut self) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 33) as usize
        }

        fn pick(&mut self, pieces: &[&'static str]) -> &'static str {
            pieces[self.next() % pieces.len()]
        }

        /// A row (or, with `delimiter`, a delimiter row) of `cells` cells.
        fn row(&mut self, cells: usize, delimiter: bool) -> String {
            let mut row = String::new();
            let outer = self.next() % 3;
            if outer != 0 {
                row.push('|');
            }
            for cell in 0..cells {
                if cell > 0 {
                    row.push('|');
                }
                row.push_str(self.pick(&["", " ", "\t"]));
                if delimiter {
                    row.push_str(self.pick(&["-", "---", ":--", "--:", ":-:", "- -"]));
                } else {
                    row.push_str(self.pick(Self::CELLS));
                }
                row.push_str(self.pick(&["", " ", "  "]));
            }
            if outer == 2 {
                row.push('|');
            }
            row.push_str(self.pick(&["", "", "", " ", "\\"]));
            row
        }

        fn document(&mut self) -> String {
            let columns = 1 + self.next() % 3;
            let mut text = String::new();
            let line_break = self.pick(&["\n", "\n", "\n", "\r\n", "\r"]);
            for _ in 0..1 + self.next() % 7 {
                if self.next().is_multiple_of(4) {
                    text.push_str(self.pick(Self::PREFIXES));
                }
                let cells = if self.next().is_multiple_of(4) {
                    1 + self.next() % 4
                } else {
                    columns
                };
                match self.next() % 10 {
                    0..4 => text.push_str(&self.row(cells, false)),
                    4..6 => text.push_str(&self.row(cells, true)),
                    _ => text.push_str(self.pick(Self::OTHERS)),
                }
                text.push_str(line_break);
            }
            text
        }
    }

    #[test]
    fn random_table_documents_read_as_comrak() {
        let mut documents = TableDocuments(0x9e37_79b9_7f4a_7c15);
        let (mut count, mut read) = (0, 0);
        for _ in 0..4_000 {
            let text = documents.document();
            count += 1;
            if reads_tables_as_comrak(&format!("{text:?}"), &text) {
                read += 1;
            }
        }
        // Most are read by the walk: the test compares, rather than leaving all to comrak.
        assert!(read * 2 > count, "read only {read} of {count}");
    }

    #[test]
    fn tables_the_walk_reads_as_comrak_does() {
        for text in [
            "| a | b |\n|---|---|\n| c | d |\n",
            "Intro line\n**Label**: x\n  | a | b |  \n |:-:|--:|\n| c |\n| d | e | f |\n",
            "| a | b |\n|---|---|\n|| x |\n| `y` | *z* [w](l.md) <b>v</b> |\n",
            "a | b\n-|-\nR&amp;D | **bold** and __x__ ** y\n",
            "| Level | Scope |\n| --- | --- |\n| L1 | <ul><li>One</li><li>Two</li></ul> |\n",
            "x\n| a | b |\n|---|\n| c | d |\n",
            "x\n| a | b |\n    |---|---|\n| c | d |\n|---|---|\n",
            "# T\n\n| a |\n|---|\n| TODO |\n\n## U\n\n| a | b |\n|---|---|\n",
            "| a | b |\n|---|---|\n| c ~~d~~ | ![i](p.png) |\n| <details><summary>S</summary> | x |\n",
        ] {
            assert!(
                reads_tables_as_comrak(text, text),
                "{text:?} was left to comrak"
            );
        }
    }

    #[test]
    fn tables_that_read_differently_in_a_paragraph_are_left_to_comrak() {
        for text in [
            // Markup across cells, lines or the table's start.
            "| a | b |\n|---|---|\n| `c | d` |\n",
            "| a | b |\n|---|---|\n| *c | d* |\n",
            "*x\n| a* | b |\n|---|---|\n",
            "| a | b |\n|---|---|\n| [c | d](e) |\n",
            // Lines that end a table but not a paragraph.
            "| a | b |\n|---|---|\n    code\n",
            "| a | b |\n|---|---|\n2. item\n",
            "| a | b |\n|---|---|\n-\n",
            "| a | b |\n|---|---|\n<span>\n",
            "| a | b |\n|---|---|\n|\n",
            "| a | b |\n|---|---|\n| c |\n---\n",
            // Escaped pipes, pipes from entities, a backslash line break, a table in a list.
            "| a \\| b | c |\n|---|---|\n",
            "| a | b |\n|---|---|\n| &#124; | c |\n",
            "| a | b |\n|---|---|\n| c | d \\\n| e | f |\n",
            "Intro \\\n| a | b |\n|---|---|\n",
            // Link reference definitions: text to comrak's tables, dropped by a paragraph.
            "[ref]:\nhttps://x.org\n| a |\n|---|\n",
            "[a]: x\n| -----\n",
            "See [ref].\n\n[ref]:\n/url\n| b |\n|---|\n",
            // Dashes alone: a setext underline to comrak, even where it makes no heading.
            "[a]:x\n-\n",
            "[a]:x\n-\n|-\n",
            "- item\n  | a | b |\n  |---|---|\n",
            "> | a | b |\n> |---|---|\n",
            // Markup in cells past the header's.
            "| a |\n|---|\n| b | `c` |\n",
        ] {
            let (own, read_all) = outline(text, Tables::Own);
            assert!(!read_all, "{text:?} was read by the walk:\n{own}");
            let source = Source::new("ladder.md", text);
            let built = format!("{:#?}", Document::parse(source).compacted());
            assert_eq!(built, outline(text, Tables::Comrak).0, "{text:?}");
        }
    }

    #[test]
    fn item_texts_continue_past_nested_items_labels_and_headings() {
        // Each text is collected in the buffer until something else is stored after it,
        // then apart: the texts must read the same either way.
        for (markdown, expected) in [
            ("- a\n  - b\n\n  c\n", &["a c", "b"][..]),
            ("- a\n\n  **L**: b\n", &["a L: b"][..]),
            ("- **L**: b\n", &["L: b"][..]),
            ("- [ ] a\n  - b\n\n  c\n", &["a c", "b"][..]),
            ("- # H\n  text\n", &["text"][..]),
            (
                "- a\n  - b\n    - c\n\n    d\n\n  e\n",
                &["a e", "b d", "c"][..],
            ),
        ] {
            let doc = Document::parse(Source::new("ladder.md", markdown));
            let texts: Vec<&str> = doc.items.iter().map(|item| doc.text(item.text)).collect();
            assert_eq!(texts, expected, "{markdown:?}");
        }
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
