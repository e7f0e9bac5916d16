use crate::diagnostic::{Severity, Violation};
use crate::rules::RuleMeta;
use crate::suppress::Invalid;

pub static META: RuleMeta = RuleMeta {
    name: "invalid-suppression",
    summary: "a ladderlint comment with an unknown directive or rule name",
    default_severity: Severity::Error,
    enabled_by_default: true,
    doc: include_str!("../../rules/invalid-suppression.md"),
};

/// Reported by the engine while reading suppressions, so it has no check of its own.
pub struct InvalidSuppression<'a>(pub &'a Invalid);

impl Violation for InvalidSuppression<'_> {
    fn message(&self) -> String {
        match self.0 {
            Invalid::UnknownDirective { written, .. } => {
                format!("unknown directive `{written}`; it suppresses nothing")
            }
            Invalid::UnknownRule { name, .. } => {
                format!("unknown rule `{name}` in a suppression comment")
            }
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self.0 {
            Invalid::UnknownDirective { .. } => "use `ladderlint-disable`, `ladderlint-enable`, `ladderlint-disable-next-line` or `ladderlint-disable-file`".to_owned(),
            Invalid::UnknownRule {
                suggestion: Some(close),
                ..
            } => format!("did you mean `{close}`? `ladderlint rules` lists every rule"),
            Invalid::UnknownRule { .. } => "`ladderlint rules` lists every rule".to_owned(),
        })
    }
}

impl Invalid {
    pub fn span(&self) -> crate::source::Span {
        match self {
            Invalid::UnknownDirective { span, .. } | Invalid::UnknownRule { span, .. } => *span,
        }
    }
}
