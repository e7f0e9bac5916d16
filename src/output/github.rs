//! `--format github`: workflow commands, which GitHub Actions shows as annotations on the
//! lines of a pull request.

use std::io::{self, Write};

use crate::Report;
use crate::diagnostic::Severity;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.findings {
        let path = property(&file.source.path().display().to_string());
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
            writeln!(
                out,
                "::{command} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                start.line,
                start.column,
                end.line,
                end.column,
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
