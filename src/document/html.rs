//! A small tokenizer for the tags in raw HTML fragments.

use crate::source::Span;

/// One tag: `<details>`, `</summary>`, `<li class="x">`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The name as written; compare with `eq_ignore_ascii_case`.
    pub name: &'a str,
    pub closing: bool,
    /// Offsets within the fragment, from `<` to just after `>`.
    pub span: Span,
}

impl Tag<'_> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// The tags of an HTML fragment, in order and never overlapping: as in HTML, a tag runs to
/// the first `>`, and a `<` inside it (`<li<li>>`) starts no tag of its own. Comments are
/// skipped.
pub fn tags(html: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = html.as_bytes();
    let mut at = 0;
    // Byte searches: fragments are searched for every tag of every HTML node.
    std::iter::from_fn(move || {
        loop {
            let start = at + memchr::memchr(b'<', bytes.get(at..)?)?;
            let rest = &html[start..];
            if rest.starts_with("<!--") {
                at = memchr::memmem::find(rest.as_bytes(), b"-->")
                    .map_or(html.len(), |end| start + end + 3);
                continue;
            }
            at = start + 1;
            let closing = rest[1..].starts_with('/');
            let name_start = 1 + usize::from(closing);
            let name_len = rest[name_start..]
                .bytes()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            if name_len == 0 {
                continue;
            }
            let end = memchr::memchr(b'>', rest.as_bytes()).map_or(html.len(), |gt| start + gt + 1);
            at = end;
            return Some(Tag {
                name: &rest[name_start..name_start + name_len],
                closing,
                span: Span::new(start, end),
            });
        }
    })
}

/// The offsets of the values of the attributes named `name` in an HTML fragment: just
/// after each `name="`, in order, wherever it is written (`data-id="x"` holds `id="`).
pub fn attribute_values<'h>(html: &'h str, name: &'h str) -> impl Iterator<Item = usize> + 'h {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'=', bytes).filter_map(move |equals| {
        let named = equals >= name.len() && &bytes[equals - name.len()..equals] == name.as_bytes();
        (named && bytes.get(equals + 1) == Some(&b'"')).then_some(equals + 2)
    })
}

#[cfg(test)]
mod tests {
    use super::{attribute_values, tags};

    #[test]
    fn attribute_values_are_found_after_their_names() {
        let html = r#"<a id="one" data-id="two" name="three" id=four idx="five">"#;
        let ids: Vec<&str> = attribute_values(html, "id")
            .map(|at| &html[at..at + html[at..].find('"').unwrap_or(0)])
            .collect();
        assert_eq!(ids, ["one", "two"]);
        let names: Vec<usize> = attribute_values(html, "name").collect();
        assert_eq!(names, [html.find("three").unwrap_or(0)]);
    }

    #[test]
    fn tags_in_order_without_comments() {
        let found: Vec<(&str, bool)> =
            tags("<!-- <table> --><Details>\n<summary>Ex</summary> a < b")
                .map(|tag| (tag.name, tag.closing))
                .collect();
        assert_eq!(
            found,
            vec![("Details", false), ("summary", false), ("summary", true)]
        );
    }

    #[test]
    fn a_tag_runs_to_its_first_closing_bracket() {
        for html in [
            "<ul><li<li>>one</li></ul>",
            "<li</ul>>x",
            "<summary<summary>>x</summary>",
            "<li share <br /><li>x",
            "<details <",
        ] {
            let spans: Vec<_> = tags(html).map(|tag| tag.span).collect();
            assert!(
                spans.windows(2).all(|pair| pair[0].end <= pair[1].start),
                "{html}: {spans:?}"
            );
            assert!(spans.iter().all(|span| span.end <= html.len()), "{html}");
        }
        let names: Vec<&str> = tags("<ul><li<li>>one</li>").map(|tag| tag.name).collect();
        assert_eq!(names, ["ul", "li", "li"]);
    }
}
