//! Large files parsed in stretches: side by side on every core, and each small enough
//! that its tree is walked from cache rather than from main memory. A file that holds
//! many ladders (a handbook) is cut before top-level headings that follow a blank line:
//! there Markdown's block structure starts afresh, so each stretch parses on its own as
//! it would within the file. The stretches are parsed and walked side by side and their
//! outlines joined, giving the outline of a walk over the whole file; `<details>` blocks
//! may stay open across a cut. Each stretch is parsed with the heading line after it, so
//! that its last blocks close as they do in the file; if that line does not parse as a
//! heading, the cut fell inside a block, and the file is built again from there in one
//! piece.

use std::ops::Range;

use rayon::iter::{IndexedParallelIterator, IntoParallelRefIterator, ParallelIterator};

use super::build::{Part, build_range};
use super::{DetailsId, Document, ItemId, SectionId, TextRange};
use crate::source::Source;

/// Files smaller than this are parsed whole: cutting them gains little.
const STRETCHES_FROM: usize = 1 << 20;
/// How long a stretch is, about. comrak's tree takes some fifteen times the text it
/// holds, so a stretch's tree fits in a core's L2 cache (1 to 2 MiB on current
/// machines) while it is walked, where a file parsed whole is walked from main memory.
/// So even on one thread stretches beat one parse, and the largest tree held at once
/// stays small.
const STRETCH: usize = 128 << 10;

/// The outline of `source` built in stretches, side by side on every core, or `None` if
/// it is better (or must be) built in one piece.
pub(super) fn build(source: &Source) -> Option<Document> {
    if source.text().len() < STRETCHES_FROM {
        return None;
    }
    build_in_stretches(source, STRETCH)
}

/// The outline of `source` built in stretches of about `stretch` bytes, or `None` if it
/// cannot be cut.
pub(super) fn build_in_stretches(source: &Source, stretch: usize) -> Option<Document> {
    let ranges = stretches(source, stretch)?;
    let text = source.text();
    let mut parts = build_parts(source, &ranges);
    // A part whose next heading did not parse as one was cut inside a block. It and the
    // rest of the file are built again in one piece: the parts before it stand, as each
    // began where nothing was open, and the file costs at most two parses.
    let before_last = parts.len() - 1;
    if let Some(open) = parts[..before_last]
        .iter()
        .position(|part| !part.ends_cleanly)
    {
        let (range, lines_before) = &ranges[open];
        let rest = build_range(source, range.start..text.len(), *lines_before, 0);
        parts.truncate(open);
        parts.push(rest);
    }
    join(parts)
}

/// The parts of `source` in `ranges`, side by side; each is parsed with the heading line
/// that starts the next.
fn build_parts(source: &Source, ranges: &[(Range<usize>, usize)]) -> Vec<Part> {
    // The next part's heading runs to the start of the line after it.
    let lookaheads: Vec<usize> = ranges
        .windows(2)
        .map(|pair| source.offset_of(pair[1].1 + 2, 1) - pair[1].0.start)
        .chain([0])
        .collect();
    ranges
        .par_iter()
        .zip(lookaheads)
        .map(|((range, lines_before), lookahead)| {
            build_range(source, range.clone(), *lines_before, lookahead)
        })
        .collect()
}

/// Byte ranges covering `source`, each with the number of lines before it, cut before
/// headings at least `stretch` bytes apart; `None` if there is nowhere to cut or the
/// file could not be cut safely at all.
fn stretches(source: &Source, stretch: usize) -> Option<Vec<(Range<usize>, usize)>> {
    let text = source.text();
    // Carriage returns would need the front matter and blank lines read as comrak reads
    // them there; files that large rarely have them. A link reference definition
    // (`[name]: url`, in any container, its name on any number of lines) serves links
    // anywhere in the file. Either way, the file is built whole.
    let bytes = text.as_bytes();
    if memchr::memchr(b'\r', bytes).is_some() || memchr::memmem::find(bytes, b"]:").is_some() {
        return None;
    }
    // Front matter runs from a `---` line to the next, wherever that is.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let front_matter_end = if body.starts_with("---\n") {
        let after_opening = text.len() - body.len() + "---\n".len();
        let rest = &bytes[after_opening..];
        let closing =
            memchr::memmem::find(rest, b"\n---\n").or_else(|| memchr::memmem::find(rest, b"\n---"));
        closing.map_or(0, |at| after_opening + at + "\n---".len())
    } else {
        0
    };
    let mut ranges = Vec::new();
    let (mut start, mut start_line) = (0, 0);
    let mut scan = LineScan::default();
    for line in 1..=source.line_of(text.len()) {
        let offset = source.offset_of(line, 1);
        let written = source.line_text(line);
        let cut_here = offset >= start + stretch.max(1)
            && offset > front_matter_end
            && scan.may_cut_before(written);
        if cut_here {
            ranges.push((start..offset, start_line));
            (start, start_line) = (offset, line - 1);
        }
        scan.read(written);
    }
    if ranges.is_empty() {
        return None;
    }
    ranges.push((start..text.len(), start_line));
    Some(ranges)
}

/// What the lines read so far leave open, as far as cutting is concerned. It errs
/// towards "open": a missed cut costs only parallelism, and a wrong one is caught by
/// the walk ([`Part::ends_cleanly`]).
#[derive(Default)]
struct LineScan {
    /// The open code fence: its character and length.
    fence: Option<(u8, usize)>,
    /// Inside `<!--` … `-->`.
    comment: bool,
    previous_blank: bool,
}

impl LineScan {
    /// Whether `line` (without its line end) is an ATX heading at the left margin after
    /// a blank line, with nothing open: a place where a new stretch may start.
    fn may_cut_before(&self, line: &str) -> bool {
        if self.fence.is_some() || self.comment || !self.previous_blank {
            return false;
        }
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes)
            && line
                .as_bytes()
                .get(hashes)
                .is_none_or(|b| matches!(b, b' ' | b'\t'))
    }

    fn read(&mut self, line: &str) {
        // Blank as CommonMark has it: spaces and tabs only (not a no-break space).
        self.previous_blank = line.bytes().all(|b| matches!(b, b' ' | b'\t'));
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = &line.as_bytes()[indent..];
        let run = |c: u8| rest.iter().take_while(|&&b| b == c).count();
        match self.fence {
            Some((c, length)) => {
                let closing = run(c);
                if indent <= 3
                    && closing >= length
                    && rest[closing..].iter().all(u8::is_ascii_whitespace)
                {
                    self.fence = None;
                }
            }
            None if indent <= 3 => {
                for c in [b'`', b'~'] {
                    let opening = run(c);
                    // A backtick fence's info string holds no backtick.
                    if opening >= 3 && (c == b'~' || !rest[opening..].contains(&b'`')) {
                        self.fence = Some((c, opening));
                    }
                }
            }
            None => {}
        }
        // Both markers hold an angle bracket; most lines have none, and a byte scan
        // costs far less than two substring searches.
        if self.fence.is_none() && memchr::memchr2(b'<', b'>', line.as_bytes()).is_some() {
            let opened = line.rfind("<!--");
            let closed = line.rfind("-->");
            match (opened, closed) {
                (Some(open), Some(close)) => self.comment = open > close,
                (Some(_), None) => self.comment = true,
                (None, Some(_)) => self.comment = false,
                (None, None) => {}
            }
        }
    }
}

/// One outline from the parts of a file, in order, as one walk over it would have made:
/// indices and text ranges shifted past the parts before, each heading's parent found
/// across parts, and `<details>` blocks left open by one part closed, named and holding
/// items in the next. `None` if a part other than the first has content before its
/// first heading, which its cut should have made impossible.
fn join(parts: Vec<Part>) -> Option<Document> {
    // Text ranges are 32-bit; a walk over the whole file stores what fits.
    let rendered: usize = parts.iter().map(|part| part.doc.rendered.len()).sum();
    if u32::try_from(rendered).is_err() {
        return None;
    }
    let mut parts = parts.into_iter();
    let first = parts.next()?;
    let mut doc = first.doc;
    // The blocks open at the end of the parts joined so far, innermost last.
    let mut open: Vec<DetailsId> = first.open_details.iter().map(|&d| d as DetailsId).collect();
    for part in parts {
        let Part {
            doc: part_doc,
            open_details,
            outer,
            ..
        } = part;
        if part_doc.items.iter().any(|item| item.section.is_none()) {
            return None;
        }
        let text = doc.rendered.len() as u32;
        let shift = |range: TextRange| TextRange {
            start: range.start + text,
            end: range.end + text,
        };
        let sections = doc.sections.len() as SectionId;
        let items = doc.items.len() as ItemId;
        let cells = doc.cells.len() as u32;
        let labels = doc.labels.len() as u32;
        let details = doc.details.len() as DetailsId;
        // The innermost block open before the part, once `closed` of them have closed.
        let outer_open = |closed: usize| open.len().checked_sub(closed + 1).map(|at| open[at]);
        doc.rendered.push_str(&part_doc.rendered);
        doc.sections
            .extend(part_doc.sections.into_iter().map(|mut section| {
                section.raw = shift(section.raw);
                section.text = shift(section.text);
                section.normalized = shift(section.normalized);
                section
            }));
        let mut closed = 0;
        for (index, mut item) in part_doc.items.into_iter().enumerate() {
            while outer
                .closes
                .get(closed)
                .is_some_and(|&(_, before)| before as usize <= index)
            {
                closed += 1;
            }
            item.text = shift(item.text);
            item.section = item.section.map(|id| id + sections);
            item.details = match item.details {
                Some(id) => Some(id + details),
                None => outer_open(closed),
            };
            item.parent = item.parent.map(|id| id + items);
            item.label = item.label.map(|id| id + labels);
            // An item without cells keeps the empty range every such item has.
            if item.cells.start != item.cells.end {
                item.cells.start += cells;
                item.cells.end += cells;
            }
            doc.items.push(item);
        }
        for (closed, &(end, _)) in outer.closes.iter().enumerate() {
            if let Some(id) = outer_open(closed) {
                doc.details[id as usize].close = Some(end);
            }
        }
        for (closed, summary) in outer.summaries {
            if let Some(id) = outer_open(closed) {
                doc.details[id as usize].summary.get_or_insert(summary);
            }
        }
        open.truncate(open.len().saturating_sub(outer.closes.len()));
        open.extend(open_details.iter().map(|&d| d as DetailsId + details));
        doc.cells.extend(part_doc.cells.into_iter().map(|mut cell| {
            cell.text = shift(cell.text);
            cell
        }));
        doc.labels
            .extend(part_doc.labels.into_iter().map(|mut label| {
                label.name = shift(label.name);
                label
            }));
        doc.details.extend(part_doc.details);
        doc.links.extend(part_doc.links);
        doc.html.extend(part_doc.html);
        doc.html_anchors.extend(part_doc.html_anchors);
        doc.code.extend(part_doc.code);
        doc.literal_delimiters.extend(part_doc.literal_delimiters);
        doc.front_matter.extend(part_doc.front_matter);
    }
    // Each part found its headings' parents among its own; a heading's parent may sit in
    // an earlier part, so all are found again, as the walk finds them.
    let mut open: Vec<SectionId> = Vec::new();
    for index in 0..doc.sections.len() {
        let depth = doc.sections[index].depth;
        while open
            .last()
            .is_some_and(|&top| doc.sections[top as usize].depth >= depth)
        {
            open.pop();
        }
        doc.sections[index].parent = open.last().copied();
        open.push(index as SectionId);
    }
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::super::build::{build_range, complete};
    use super::super::test_files::{markdown_under, salted};
    use super::{LineScan, Part, build_in_stretches, build_parts, stretches};
    use crate::source::Source;

    /// Where `text` may be cut, however close together.
    fn cuts(text: &str) -> Option<Vec<(std::ops::Range<usize>, usize)>> {
        stretches(&Source::new("ladder.md", text), 1)
    }

    /// Whether `text`, cut before every heading it may be cut at, gives the outline of
    /// one walk over it; `None` if it was built whole.
    fn cut_outline_matches(text: &str) -> Option<bool> {
        let source = Source::new("ladder.md", text);
        let cut = complete(build_in_stretches(&source, 1)?, source.clone());
        let whole = complete(build_range(&source, 0..text.len(), 0, 0).doc, source);
        Some(format!("{:#?}", cut.compacted()) == format!("{:#?}", whole.compacted()))
    }

    /// `text`, cut everywhere, has a part that `shows` picks out, and still gives the
    /// outline of one walk.
    fn assert_cut_with_a_part(text: &str, shows: impl Fn(&Part) -> bool) {
        let source = Source::new("ladder.md", text);
        let parts = build_parts(&source, &cuts(text).expect("cuts"));
        assert!(parts.iter().any(shows), "{text:?}: no part shows it");
        assert_eq!(cut_outline_matches(text), Some(true), "{text:?}");
    }

    #[test]
    fn every_cut_file_has_the_outline_of_one_walk() {
        let mut files = markdown_under("fixtures");
        files.extend(markdown_under("../shared/seeds"));
        files.extend(markdown_under("../shared/corpus"));
        let texts: Vec<String> = files
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect();
        assert!(texts.len() > 100, "found only {} files", texts.len());
        let mut cut = 0;
        for (path, text) in files.iter().zip(&texts) {
            match cut_outline_matches(text) {
                Some(true) => cut += 1,
                Some(false) => panic!("{} cut differs from whole", path.display()),
                None => {}
            }
        }
        // Every file one after another: each cut meets whatever the file before left.
        let all = texts.join("\n");
        assert_eq!(cut_outline_matches(&all), Some(true), "the files joined");
        // The same with only the files that close what they open, so that no part is
        // built again and every join is a cut.
        let closed: Vec<&str> = texts
            .iter()
            .map(String::as_str)
            .filter(|text| {
                let source = Source::new("ladder.md", *text);
                build_range(&source, 0..text.len(), 0, 0).ends_cleanly
            })
            .collect();
        let all = closed.join("\n");
        assert!(cuts(&all).is_some_and(|cuts| cuts.len() > closed.len()));
        assert_eq!(
            cut_outline_matches(&all),
            Some(true),
            "the closed files joined"
        );
        assert!(
            cut > texts.len() / 2,
            "only {cut} of {} files were cut",
            texts.len()
        );
    }

    /// Every fixture with markup that opens or closes blocks put at the start of some of
    /// its lines, so that cuts meet blocks left open in every way.
    #[test]
    fn cut_files_salted_with_block_markup_have_the_outline_of_one_walk() {
        const TOKENS: &[&str] = &[
            "```\n",
            "~~~\n",
            "<details>\n",
            "</details>\n",
            "<summary>S</summary>\n",
            "<!--\n",
            "-->\n",
            "<pre>\n",
            "</pre>\n",
            "<div>\n",
            "\n",
            "- ",
            "> ",
            "    ",
            "| --- |\n",
            "<?x\n",
            "<![CDATA[\n",
        ];
        let mut checked = 0;
        for path in markdown_under("fixtures") {
            // Fixtures of bad input may not be text.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for (salt, token) in TOKENS.iter().enumerate() {
                // The token before every fifth line, starting at a different line each time.
                let salted = salted(&text, token, 5, salt);
                match cut_outline_matches(&salted) {
                    Some(false) => panic!("{} salted with {token:?} cut differs", path.display()),
                    Some(true) => checked += 1,
                    None => {}
                }
            }
        }
        assert!(checked > 1000, "only {checked} salted files were cut");
    }

    #[test]
    fn details_left_open_by_one_part_carry_into_the_next() {
        for text in [
            // Open across a heading, then closed.
            "# A\n\n<details>\n\n## B\n\n- in it\n\n</details>\n\n- after\n",
            // Nested, its summary after the cut, closed one part at a time.
            "# A\n\n<details>\n<details>\n\n## B\n\n<summary>Late</summary>\n\n- inner\n\n\
             </details>\n\n- outer\n\n## C\n\n- still outer\n\n</details>\n\n- none\n\n\
             </details>\n\n- stray close above\n",
            // Never closed: every later item sits in it.
            "# A\n\n<details><summary>Open</summary>\n\n## B\n\n- x\n\n## C\n\n- y\n",
            // A part that opens its own inside one left open.
            "# A\n\n<details>\n\n## B\n\n<details><summary>Own</summary>\n\n- own\n\n\
             </details>\n\n- outer\n\n</details>\n",
        ] {
            assert_cut_with_a_part(text, |part| !part.open_details.is_empty());
        }
    }

    /// comrak ends some blocks at other positions when the input ends right after them
    /// than when a heading follows; a part is parsed with its next heading for that.
    #[test]
    fn blocks_before_a_cut_end_where_they_end_in_the_file() {
        for text in [
            "# A\n\n1. ---\n\n# B\n\n- x\n",
            "# A\n\n- item\n \n\n## B\n\n- x\n",
        ] {
            assert_eq!(cut_outline_matches(text), Some(true), "{text:?}");
        }
    }

    #[test]
    fn a_cut_inside_an_open_block_is_undone() {
        for text in [
            // The scan takes the indented fence for the file's own, and the last
            // fence as its close: the heading after it is in fact code.
            "# A\n\n- item\n  ```\n  code\n\n## B\n\n```\n\n## C\n\nend\n```\n",
            // A `<pre>` block whose heading-like lines the scan does not see as open.
            "# A\n\n<pre>\n\n## B\n</pre>\n",
        ] {
            assert_cut_with_a_part(text, |part| !part.ends_cleanly);
        }
    }

    #[test]
    fn cuts_fall_before_headings_after_blank_lines_outside_fences_and_comments() {
        let text = "# A\n\ntext\n## B\n\n```\n\n## not a heading\n```\n\n<!--\n\n## hidden\n-->\n\n## C\n\n- x\n\n## D\n";
        let starts: Vec<&str> = cuts(text)
            .expect("cuts")
            .iter()
            .map(|(range, _)| text[range.clone()].lines().next().unwrap_or(""))
            .collect();
        assert_eq!(starts, ["# A", "## C", "## D"]);
        let lines: Vec<usize> = cuts(text)
            .expect("cuts")
            .iter()
            .map(|(_, lines)| *lines)
            .collect();
        assert_eq!(lines, [0, 15, 19]);
    }

    #[test]
    fn reference_definitions_and_carriage_returns_keep_a_file_whole() {
        assert!(cuts("# A\n\n[x]: y.md\n\n## B\n").is_none());
        assert!(cuts("# A\n\n> - [x\ny]: y.md\n\n## B\n").is_none());
        assert!(cuts("# A\r\n\r\n## B\r\n").is_none());
        assert!(cuts("# A\n\n## B\n").is_some());
    }

    #[test]
    fn no_cut_falls_in_front_matter_or_after_a_line_that_only_looks_blank() {
        let starts = |text: &str| -> Vec<usize> {
            cuts(text).map_or_else(Vec::new, |cuts| {
                cuts.iter().map(|(range, _)| range.start).collect()
            })
        };
        let text = "---\ntitle: L1\n\n# note\n---\n\n# A\n\n## B\n";
        assert_eq!(cut_outline_matches(text), Some(true));
        // The closing line is looked for after the opening one.
        let doubled = "---\n---\nkey: value\n\n# A\n---\n\n## B\n";
        assert_eq!(starts(doubled), [0, doubled.find("## B").expect("B")]);
        assert_eq!(cut_outline_matches(doubled), Some(true));
        let after = |heading: &str| text.find(heading).expect("a heading");
        assert_eq!(starts(text), [0, after("\n# A") + 1, after("## B")]);
        assert_eq!(cut_outline_matches(text), Some(true));
        // A no-break space does not make a line blank: `<div>` runs on into `## B`.
        let text = "# A\n\n<div>\n\u{a0}\n## B\n\n## C\n";
        assert_eq!(starts(text), [0, text.find("## C").expect("C")]);
        assert_eq!(cut_outline_matches(text), Some(true));
    }

    #[test]
    fn fences_close_only_with_a_long_enough_run_of_their_own_character() {
        let mut scan = LineScan::default();
        for line in ["````md\n", "```\n", "~~~~\n"] {
            scan.read(line);
            assert!(scan.fence.is_some(), "{line:?} closed the fence");
        }
        scan.read("`````  \n");
        assert!(scan.fence.is_none());
    }
}
