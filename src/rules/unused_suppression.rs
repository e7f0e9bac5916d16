use crate::diagnostic::{Severity, Violation};
use crate::rules::RuleMeta;
use crate::suppress::Unused;

pub static META: RuleMeta = RuleMeta {
    name: "unused-suppression",
    summary: "a ladderlint-disable comment that suppresses nothing",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/unused-suppression.md"),
};

/// Reported by the engine once every rule has run, so it has no check of its own.
pub struct UnusedSuppression<'a> {
    pub unused: &'a Unused,
    /// Whether the rule it names is turned off, which is why it suppresses nothing.
    pub rule_off: bool,
}

impl Violation for UnusedSuppression<'_> {
    fn message(&self) -> String {
        let directive = &self.unused.directive;
        match &self.unused.rule {
            Some(rule) if self.rule_off => {
                format!("`{directive}` suppresses nothing: rule `{rule}` is turned off")
            }
            Some(rule) => format!(
                "`{directive}` suppresses nothing here: no `{rule}` finding is in its range"
            ),
            None => format!("`{directive}` suppresses nothing: no finding is in its range"),
        }
    }

    fn help(&self) -> Option<String> {
        Some(match &self.unused.rule {
            Some(rule) => format!("remove `{rule}` from the comment, or the whole comment"),
            None => "remove the comment".to_owned(),
        })
    }
}
