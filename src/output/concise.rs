use std::io::{self, Write};

use crate::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.findings {
        let path = file.source.path().display();
        for diagnostic in &file.diagnostics {
            let start = file.source.position(diagnostic.span.start);
            writeln!(
                out,
                "{path}:{}:{}: {}[{}] {}",
                start.line, start.column, diagnostic.severity, diagnostic.rule, diagnostic.message
            )?;
        }
    }
    Ok(())
}
