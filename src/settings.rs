//! Settings: resolved once, before any rule is built.

use crate::diagnostic::Severity;
use crate::rules::placeholder::PlaceholderMatcher;
use crate::rules::{REGISTRY, RuleMeta};

/// Files larger than this are reported, not parsed: dense Markdown costs comrak about a
/// hundred times its size in memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Settings {
    pub max_file_size: u64,
    pub placeholders: PlaceholderMatcher,
    /// Per registered rule, in registry order: its severity, or `None` when it is off.
    severities: Vec<Option<Severity>>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            placeholders: PlaceholderMatcher::default(),
            severities: REGISTRY
                .iter()
                .map(|rule| {
                    let meta = rule.meta;
                    meta.enabled_by_default.then_some(meta.default_severity)
                })
                .collect(),
        }
    }
}

impl Settings {
    /// The severity `rule` reports at, or `None` when it is turned off.
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        REGISTRY
            .iter()
            .position(|registered| std::ptr::eq(registered.meta, rule))
            .and_then(|index| self.severities[index])
    }

    /// Turn `rule` on at `severity`, or off with `None`.
    pub fn set_severity(&mut self, rule: &RuleMeta, severity: Option<Severity>) {
        if let Some(index) = REGISTRY
            .iter()
            .position(|registered| std::ptr::eq(registered.meta, rule))
        {
            self.severities[index] = severity;
        }
    }
}
