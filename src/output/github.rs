//! `--format github`: workflow commands, which GitHub Actions shows as annotations on the
//! lines of a pull request.

use std::io::{self, Write};

use crate::Report;
use crate::diagnostic::Severity;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // The runner reads `file` relative to the repository, whatever directory ran the lint.
    let root = super::repository_root();
    for error in &report.errors {
        writeln!(
            out,
            "::error title=ladderlint::{}",
            data(&error.to_string())
        )?;
    }
    for file in &report.findings {
        let path = file.source.path();
        let path = property(
            &super::relative_to(path, &root).unwrap_or_else(|| path.display().to_string()),
        );
        for diagnostic in &file.diagnostics {
            let start = file.source.position(diagnostic.span.start);
            let end = file.source.position(diagnostic.span.end);
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push('\n');
                message.push_str(help);
            }
            // The runner keeps columns only on a one-line annotation.
            let place = if start.line == end.line {
                format!(
                    "line={},col={},endLine={},endColumn={}",
                    start.line, start.column, end.line, end.column
                )
            } else {
                format!("line={},endLine={}", start.line, end.line)
            };
            writeln!(
                out,
                "::{command} file={path},{place},title={}::{}",
                property(&format!("ladderlint({})", diagnostic.rule)),
                data(&message),
            )?;
        }
    }
    Ok(())
}

/// A command's message: `%`, CR and LF escaped, as the runner reads them.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
