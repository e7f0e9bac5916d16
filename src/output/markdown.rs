//! `--format markdown`: a summary table, for a CI job summary (`$GITHUB_STEP_SUMMARY`) or a
//! pull-request comment.

use std::io::{self, Write};

use super::summary;
use crate::Report;
use crate::diagnostic::Severity;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let total = report.diagnostics().count();
    writeln!(out, "### ladderlint\n")?;
    writeln!(out, "{}\n", summary(report).replace('\n', " "))?;
    for error in &report.errors {
        writeln!(
            out,
            "❌ ladderlint could not finish: {}\n",
            cell(&error.to_string())
        )?;
    }
    if total == 0 {
        return Ok(());
    }
    writeln!(out, "| severity | location | rule | message |")?;
    writeln!(out, "|---|---|---|---|")?;
    for file in &report.findings {
        for diagnostic in &file.diagnostics {
            let start = file.source.position(diagnostic.span.start);
            let severity = match diagnostic.severity {
                Severity::Error => "❌ error",
                Severity::Warning => "⚠️ warning",
                Severity::Info => "ℹ️ info",
            };
            writeln!(
                out,
                "| {severity} | `{}:{}:{}` | [`{}`]({}) | {} |",
                file.source.path().display(),
                start.line,
                start.column,
                diagnostic.rule,
                super::rule_url(diagnostic.rule),
                cell(&diagnostic.message),
            )?;
        }
    }
    writeln!(out)
}

/// Text that stays inside one table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}
