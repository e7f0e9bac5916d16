//! Source text with a line index: byte offsets ⇄ 1-based lines and character columns.

use std::path::{Path, PathBuf};

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Spans (possibly nested or overlapping) indexed to find the ones containing a given span
/// in logarithmic time, where a scan of every span per query would make a rule quadratic
/// in the size of a large file.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// The spans sorted by start, each with its index in the slice the index was built from.
    spans: Vec<(Span, usize)>,
    /// The furthest end among `spans[..=i]`: no span before `i` reaches past `reach[i]`.
    reach: Vec<usize>,
}

impl SpanIndex {
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Self {
        let mut spans: Vec<(Span, usize)> = spans
            .into_iter()
            .enumerate()
            .map(|(index, span)| (span, index))
            .collect();
        // Spans in document order are sorted already; sorting would still allocate.
        if !spans.is_sorted_by_key(|(span, _)| span.start) {
            spans.sort_by_key(|(span, _)| span.start);
        }
        let reach = spans
            .iter()
            .scan(0, |furthest, (span, _)| {
                *furthest = span.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Self { spans, reach }
    }

    /// The indices of the spans that contain `inner`, innermost-starting first.
    pub fn containing(&self, inner: Span) -> impl Iterator<Item = usize> + '_ {
        let candidates = self
            .spans
            .partition_point(|(span, _)| span.start <= inner.start);
        (0..candidates)
            .rev()
            .take_while(move |&at| self.reach[at] >= inner.end)
            .filter(move |&at| self.spans[at].0.end >= inner.end)
            .map(move |at| self.spans[at].1)
    }

    pub fn contains(&self, inner: Span) -> bool {
        self.containing(inner).next().is_some()
    }
}

/// Calls `found` with the offset of each `a` or `b` in `bytes`, in order; pass one byte
/// twice to find it alone. Where the processor has AVX2, memchr's searcher (for one byte or
/// for two) is asked directly: `memchr2_iter` chooses an implementation again for every
/// hit, which took a quarter of a line index's instructions.
pub fn for_each_offset_of(a: u8, b: u8, bytes: &[u8], found: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    if a == b {
        if let Some(searcher) = memchr::arch::x86_64::avx2::memchr::One::new(a) {
            searcher.iter(bytes).for_each(found);
            return;
        }
    } else if let Some(searcher) = memchr::arch::x86_64::avx2::memchr::Two::new(a, b) {
        searcher.iter(bytes).for_each(found);
        return;
    }
    memchr::memchr2_iter(a, b, bytes).for_each(found);
}

/// A 1-based line and character column, plus the byte offset it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// One file's text and the byte offset at which each of its lines starts.
#[derive(Debug, Clone)]
pub struct Source {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        // Lines end as CommonMark (and so comrak's positions) ends them: at `\n`, `\r\n`, or a
        // `\r` alone. Most files hold no `\r`, and one scan for it spares them the check.
        if memchr::memchr(b'\r', bytes).is_none() {
            for_each_offset_of(b'\n', b'\n', bytes, |at| line_starts.push(at + 1));
        } else {
            for_each_offset_of(b'\n', b'\r', bytes, |at| {
                if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                    line_starts.push(at + 1);
                }
            });
        }
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Forget the text of a file that has nothing to report yet: later rules read only the
    /// outline, and a finding they make reloads the file for rendering. Afterwards
    /// this is the source of an empty file, so every method stays in bounds.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.line_starts = vec![0];
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// `span` without trailing whitespace (a hard break's two spaces, say).
    pub fn trim_end(&self, span: Span) -> Span {
        let trimmed = self.slice(span).trim_end();
        Span::new(span.start, span.start + trimmed.len())
    }

    /// Byte span of 1-based `line`, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return Span::new(self.text.len(), self.text.len());
        };
        let mut end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    pub fn line_text(&self, line: usize) -> &str {
        self.slice(self.line_span(line))
    }

    /// Byte offset of a comrak source position (1-based line, 1-based byte column).
    ///
    /// comrak reports some end positions at column 0 (the end of the previous line) and may
    /// point past the end of a line; both are clamped so the result is always a char boundary.
    pub fn offset_of(&self, line: usize, byte_column: usize) -> usize {
        let line = line.max(1);
        let Some(&start) = self.line_starts.get(line - 1) else {
            return self.text.len();
        };
        let with_terminator_end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let offset = (start + byte_column.saturating_sub(1)).min(with_terminator_end);
        self.floor_char_boundary(offset)
    }

    /// Byte span from a comrak start position to an inclusive comrak end position.
    pub fn span_of(&self, start: (usize, usize), end_inclusive: (usize, usize)) -> Span {
        let start = self.offset_of(start.0, start.1);
        let end = if end_inclusive.1 == 0 {
            // Column 0 means "before the first byte of this line": the end of the line above.
            self.line_span(end_inclusive.0.saturating_sub(1).max(1)).end
        } else {
            let last = self.offset_of(end_inclusive.0, end_inclusive.1);
            self.ceil_char_boundary(last + 1)
        };
        let end = self.trim_line_end(end.max(start));
        Span::new(start, end.max(start))
    }

    fn trim_line_end(&self, mut end: usize) -> usize {
        let bytes = self.text.as_bytes();
        while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end
    }

    /// 1-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        }
    }

    /// [`Source::line_of`], searching forward from line `from` (1-based): for offsets met
    /// in increasing order, each costs the lines between them. An offset before line
    /// `from` is searched for from the start.
    pub fn line_of_forward(&self, offset: usize, from: usize) -> usize {
        let mut line = from.max(1);
        if self
            .line_starts
            .get(line - 1)
            .is_none_or(|&start| start > offset)
        {
            return self.line_of(offset);
        }
        while self
            .line_starts
            .get(line)
            .is_some_and(|&next| next <= offset)
        {
            line += 1;
        }
        line
    }

    /// Line and character column (1-based) of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_of(offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position {
            line,
            column,
            offset,
        }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn ceil_char_boundary(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_found_going_forward_are_the_lines_found_by_search() {
        for text in [
            "a\nbb\n\nccc\n",
            "a\r\nbb\r\n\r\nc",
            "a\rbb\r\rc\r",
            "",
            "\n\n",
        ] {
            let source = Source::new("a.md", text);
            let mut line = 1;
            for offset in 0..=text.len() {
                line = source.line_of_forward(offset, line);
                assert_eq!(line, source.line_of(offset), "{text:?} at {offset}");
                // From the first line too, not only from the line before, and from past it.
                assert_eq!(
                    source.line_of_forward(offset, 1),
                    line,
                    "{text:?} at {offset}"
                );
                let beyond = source.line_of(text.len()) + 1;
                assert_eq!(
                    source.line_of_forward(offset, beyond),
                    line,
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let source = Source::new("a.md", "# x\n## 🦉 Domain expertise\n");
        let offset = source.text().find("Domain").unwrap();
        let position = source.position(offset);
        assert_eq!((position.line, position.column), (2, 6));
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let source = Source::new("a.md", "a\rb\r\nc\nd\r");
        let lines: Vec<&str> = (1..=5).map(|line| source.line_text(line)).collect();
        assert_eq!(lines, ["a", "b", "c", "d", ""]);
        assert_eq!(source.position(source.text().find('c').unwrap()).line, 3);
    }

    #[test]
    fn comrak_byte_columns_map_to_spans() {
        let source = Source::new("a.md", "intro\n## 🦉 Owl\nnext\n");
        // comrak: heading at line 2, columns 1..=12 (bytes); the owl is 4 bytes.
        let span = source.span_of((2, 1), (2, 12));
        assert_eq!(source.slice(span), "## 🦉 Owl");
    }

    #[test]
    fn column_zero_end_clamps_to_previous_line() {
        let source = Source::new("a.md", "- a\n- b\n\nnext\n");
        let span = source.span_of((1, 1), (3, 0));
        assert_eq!(source.slice(span), "- a\n- b");
    }

    #[test]
    fn out_of_range_positions_never_panic() {
        let source = Source::new("a.md", "é");
        assert_eq!(source.offset_of(9, 9), 2);
        assert_eq!(source.offset_of(1, 2), 0);
        let span = source.span_of((1, 1), (4, 40));
        assert_eq!(source.slice(span), "é");
        assert_eq!(source.position(99).column, 2);
    }

    #[test]
    fn crlf_lines_exclude_the_carriage_return() {
        let source = Source::new("a.md", "one\r\ntwo\r\n");
        assert_eq!(source.line_text(1), "one");
        assert_eq!(source.line_text(2), "two");
    }

    #[test]
    fn span_index_finds_every_container_and_only_those() {
        // An outer item holding two nested ones, then a separate item; out of order.
        let spans = [
            Span::new(50, 60),
            Span::new(0, 40),
            Span::new(5, 10),
            Span::new(12, 30),
        ];
        let index = SpanIndex::new(spans);
        let mut containing: Vec<usize> = index.containing(Span::new(14, 20)).collect();
        containing.sort_unstable();
        assert_eq!(containing, [1, 3]);
        assert_eq!(index.containing(Span::new(35, 40)).collect::<Vec<_>>(), [1]);
        assert!(!index.contains(Span::new(38, 52)), "straddles two spans");
        assert!(!index.contains(Span::new(41, 45)), "between spans");
        assert!(index.contains(Span::new(60, 60)), "an empty span at an end");
        assert!(!SpanIndex::new([]).contains(Span::new(0, 0)));
    }
}
