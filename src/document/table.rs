//! GitHub-flavoured pipe tables, read from the lines of a paragraph as comrak's table
//! extension reads them. comrak parses without that extension: the walk finds the tables
//! in the paragraphs it meets and reads their rows itself (see `build`).

use std::ops::Range;

/// Blank space inside a table line, as GFM counts it.
fn is_table_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\x0b' | b'\x0c')
}

/// A line's content (without its line break), from its first byte that is neither a
/// space nor a tab; and whether it is indented four columns or more, which makes it
/// code rather than a table line.
pub(super) fn line_content(line: &str) -> (usize, bool) {
    let mut column = 0;
    let mut at = 0;
    for &byte in line.as_bytes() {
        match byte {
            b' ' => column += 1,
            b'\t' => column += 4 - column % 4,
            _ => break,
        }
        at += 1;
    }
    (at, column >= 4)
}

/// Whether `content` (a line from its first non-blank byte, without its line break) is a
/// delimiter row: `|---|:--:|`, with the outer pipes optional.
pub(super) fn is_delimiter_row(content: &str) -> bool {
    let bytes = content.as_bytes();
    let mut at = 0;
    if bytes.first() == Some(&b'|') {
        at = 1;
    }
    loop {
        // One delimiter: blank space, `:`?, dashes, `:`?, blank space.
        while bytes.get(at).copied().is_some_and(is_table_space) {
            at += 1;
        }
        if bytes.get(at) == Some(&b':') {
            at += 1;
        }
        let dashes = bytes[at.min(bytes.len())..]
            .iter()
            .take_while(|&&byte| byte == b'-')
            .count();
        if dashes == 0 {
            return false;
        }
        at += dashes;
        if bytes.get(at) == Some(&b':') {
            at += 1;
        }
        while bytes.get(at).copied().is_some_and(is_table_space) {
            at += 1;
        }
        match bytes.get(at) {
            None => return true,
            Some(b'|') => {
                at += 1;
                // A closing pipe: only blank space may follow.
                if bytes[at..].iter().all(|&byte| is_table_space(byte)) {
                    return true;
                }
            }
            Some(_) => return false,
        }
    }
}

/// The cells of a row, as byte ranges of `content` (a line from its first non-blank byte,
/// without its line break), pushed to `cells` after clearing it. A cell runs from just
/// after the pipe before it (or the start) to just before the pipe after it (or the end);
/// a pipe after a backslash is part of its cell, even after two (`\\|`), as comrak's
/// scanner takes the longest run of escaped and plain characters. Returns false for a
/// row of no cells.
pub(super) fn split_row(content: &str, cells: &mut Vec<Range<usize>>) -> bool {
    cells.clear();
    let bytes = content.as_bytes();
    let mut at = pipe_run(bytes, 0);
    while at < bytes.len() {
        let cell = cell_len(bytes, at);
        let pipe = pipe_run(bytes, at + cell);
        if cell > 0 || pipe > 0 {
            // The cell's blank space after the pipe before it is the cell's too.
            let mut start = at;
            while start > 0 && bytes[start - 1] != b'|' {
                start -= 1;
            }
            cells.push(start..at + cell);
        }
        at += cell + pipe;
        if pipe == 0 {
            break;
        }
    }
    !cells.is_empty()
}

/// The length of a cell's text from `from`: up to a pipe not after a backslash, or the
/// end. `bytes` is one line, without its line break.
fn cell_len(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(pipe) = memchr::memchr(b'|', &bytes[at..]) {
        let pipe = at + pipe;
        // A pipe at the cell's start is never escaped, even after a backslash.
        if pipe == from || bytes[pipe - 1] != b'\\' {
            return pipe - from;
        }
        at = pipe + 1;
    }
    bytes.len() - from
}

/// The length of a pipe and the blank space after it at `from`; 0 if no pipe is there.
fn pipe_run(bytes: &[u8], from: usize) -> usize {
    if bytes.get(from) != Some(&b'|') {
        return 0;
    }
    1 + bytes[from + 1..]
        .iter()
        .take_while(|&&byte| is_table_space(byte))
        .count()
}

/// Whether a line inside a table may end it in comrak's reading but continue the
/// paragraph in a reading without tables: code indentation, an HTML tag, an ordered
/// list item or an empty bullet. Such tables are left to comrak, so this errs wide: any
/// line starting with `<`, with digits then `.` or `)`, or with a bullet marker and
/// nothing but blank space after it.
pub(super) fn ends_table_not_paragraph(content: &str, indented: bool) -> bool {
    let bytes = content.as_bytes();
    let digits = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    let empty_bullet = matches!(bytes.first(), Some(b'-' | b'+' | b'*'))
        && bytes[1..].iter().all(|&byte| is_table_space(byte));
    indented
        || bytes.first() == Some(&b'<')
        || (digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')))
        || empty_bullet
}

#[cfg(test)]
mod tests {
    use super::{is_delimiter_row, line_content, split_row};

    fn cells(content: &str) -> Vec<&str> {
        let mut ranges = Vec::new();
        split_row(content, &mut ranges);
        ranges.into_iter().map(|range| &content[range]).collect()
    }

    #[test]
    fn delimiter_rows_need_dashes_in_every_column() {
        for row in [
            "|---|---|",
            "---|---",
            "| :-- | --: |",
            ":-:",
            "|-|  ",
            "| --- |\t",
        ] {
            assert!(is_delimiter_row(row), "{row:?}");
        }
        for row in [
            "|", "| |", "|--|x|", "- - -", "|---||", "text", "|:|", "--- x",
        ] {
            assert!(!is_delimiter_row(row), "{row:?}");
        }
    }

    #[test]
    fn rows_split_at_unescaped_pipes() {
        assert_eq!(cells("| a | b |"), [" a ", " b "]);
        assert_eq!(cells("a | b"), ["a ", " b"]);
        assert_eq!(cells("| a \\| b | c"), [" a \\| b ", " c"]);
        assert_eq!(cells("| a \\\\| b |"), [" a \\\\| b "]);
        assert_eq!(cells("|| x |"), ["", " x "]);
        assert!(cells("|").is_empty());
        assert!(cells("|   ").is_empty());
    }

    #[test]
    fn code_indentation_counts_tabs_to_the_next_stop() {
        assert_eq!(line_content("  | a |"), (2, false));
        assert_eq!(line_content("\t| a |"), (1, true));
        assert_eq!(line_content(" \t| a |"), (2, true));
        assert_eq!(line_content("   | a |"), (3, false));
    }
}
