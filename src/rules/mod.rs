//! The rule registry: one static table of every rule, and the shape rules share.

mod broken_link;
mod broken_markup;
mod copied_behavior;
mod duplicate_heading;
mod duplicate_item;
mod empty_behaviors;
mod empty_examples;
mod empty_section;
mod field_drift;
mod heading_drift;
mod heading_increment;
mod invalid_file;
mod invalid_suppression;
mod lazy_continuation;
mod level_gap;
mod missing_section;
pub(crate) mod placeholder;
mod section_order;
mod title;
mod title_scheme;
mod unused_suppression;

use crate::diagnostic::{Diagnostic, Related, Severity, Violation};
use crate::document::Document;
use crate::ladder::{Ladder, TrackLevel};
use crate::settings::Settings;
use crate::source::Span;
use crate::workspace::Workspace;

pub use invalid_file::{InvalidFile, META as INVALID_FILE};
pub use invalid_suppression::{InvalidSuppression, META as INVALID_SUPPRESSION};
pub use unused_suppression::{META as UNUSED_SUPPRESSION, UnusedSuppression};

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case name that says what the rule flags.
    pub name: &'static str,
    /// One line, for `ladderlint rules` and SARIF.
    pub summary: &'static str,
    pub default_severity: Severity,
    /// Whether the rule runs without being asked for; some are too opinionated to.
    pub enabled_by_default: bool,
    /// The rule's page, `rules/<name>.md`.
    pub doc: &'static str,
}

/// A rule that looks at one document at a time.
pub trait DocumentRule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, doc: &Document, cx: &mut Context<'_>);
}

/// A rule that compares the levels of one ladder track.
pub trait LadderRule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ladder: &Ladder<'_>, cx: &mut LadderContext<'_>);
}

/// How a registered rule comes to life.
pub enum RuleKind {
    /// Built once with the resolved settings, then run on every document as soon as it is
    /// parsed.
    Document(fn(&Settings) -> Box<dyn DocumentRule>),
    /// A document rule that looks into other files through the workspace, so it runs once
    /// every document of the run is parsed.
    Linked(fn(&Settings) -> Box<dyn DocumentRule>),
    /// Built once, then run on every track once all documents are parsed.
    Ladder(fn(&Settings) -> Box<dyn LadderRule>),
    /// Reported by the engine (the file loader, the suppression reader) rather than by a
    /// check of its own.
    File,
}

pub struct Registered {
    pub meta: &'static RuleMeta,
    pub kind: RuleKind,
}

/// Every rule ladderlint knows, in the order `ladderlint rules` lists them.
pub static REGISTRY: &[Registered] = &[
    Registered {
        meta: &placeholder::META,
        kind: RuleKind::Document(placeholder::build),
    },
    Registered {
        meta: &empty_examples::META,
        kind: RuleKind::Document(empty_examples::build),
    },
    Registered {
        meta: &empty_section::META,
        kind: RuleKind::Document(empty_section::build),
    },
    Registered {
        meta: &empty_behaviors::META,
        kind: RuleKind::Document(empty_behaviors::build),
    },
    Registered {
        meta: &lazy_continuation::META,
        kind: RuleKind::Document(lazy_continuation::build),
    },
    Registered {
        meta: &heading_increment::META,
        kind: RuleKind::Document(heading_increment::build),
    },
    Registered {
        meta: &title::META,
        kind: RuleKind::Document(title::build),
    },
    Registered {
        meta: &duplicate_heading::META,
        kind: RuleKind::Document(duplicate_heading::build),
    },
    Registered {
        meta: &duplicate_item::META,
        kind: RuleKind::Document(duplicate_item::build),
    },
    Registered {
        meta: &broken_markup::META,
        kind: RuleKind::Document(broken_markup::build),
    },
    Registered {
        meta: &broken_link::META,
        kind: RuleKind::Linked(broken_link::build),
    },
    Registered {
        meta: &missing_section::META,
        kind: RuleKind::Ladder(missing_section::build),
    },
    Registered {
        meta: &heading_drift::META,
        kind: RuleKind::Ladder(heading_drift::build),
    },
    Registered {
        meta: &section_order::META,
        kind: RuleKind::Ladder(section_order::build),
    },
    Registered {
        meta: &level_gap::META,
        kind: RuleKind::Ladder(level_gap::build),
    },
    Registered {
        meta: &field_drift::META,
        kind: RuleKind::Ladder(field_drift::build),
    },
    Registered {
        meta: &copied_behavior::META,
        kind: RuleKind::Ladder(copied_behavior::build),
    },
    Registered {
        meta: &title_scheme::META,
        kind: RuleKind::Ladder(title_scheme::build),
    },
    Registered {
        meta: &invalid_file::META,
        kind: RuleKind::File,
    },
    Registered {
        meta: &unused_suppression::META,
        kind: RuleKind::File,
    },
    Registered {
        meta: &invalid_suppression::META,
        kind: RuleKind::File,
    },
];

pub fn find(name: &str) -> Option<&'static Registered> {
    REGISTRY.iter().find(|rule| rule.meta.name == name)
}

/// The closest registered name, for "did you mean" hints.
pub fn suggest(name: &str) -> Option<&'static str> {
    crate::text::closest(name, REGISTRY.iter().map(|rule| rule.meta.name))
}

/// Where a rule reports what it finds in one document.
pub struct Context<'a> {
    rule: &'static RuleMeta,
    severity: Severity,
    workspace: &'a Workspace<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        rule: &'static RuleMeta,
        severity: Severity,
        workspace: &'a Workspace<'a>,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            rule,
            severity,
            workspace,
            diagnostics,
        }
    }

    /// The other documents of this run, for rules that follow links.
    pub fn workspace(&self) -> &Workspace<'a> {
        self.workspace
    }

    pub fn report(&mut self, span: Span, violation: impl Violation) -> &mut Diagnostic {
        self.diagnostics
            .push(finding(self.rule, self.severity, span, &violation));
        self.diagnostics.last_mut().expect("just pushed")
    }
}

/// A rule's finding at `span`, worded by its violation.
fn finding(
    rule: &'static RuleMeta,
    severity: Severity,
    span: Span,
    violation: &impl Violation,
) -> Diagnostic {
    Diagnostic {
        rule: rule.name,
        severity,
        span,
        message: violation.message(),
        help: violation.help(),
        related: Vec::new(),
        fix: None,
    }
}

/// Where a ladder rule reports: findings land in the document of the level they are about.
pub struct LadderContext<'a> {
    rule: &'static RuleMeta,
    severity: Severity,
    /// The track's findings so far, each with the index of the document it is in.
    diagnostics: &'a mut Vec<(usize, Diagnostic)>,
}

impl<'a> LadderContext<'a> {
    pub(crate) fn new(
        rule: &'static RuleMeta,
        severity: Severity,
        diagnostics: &'a mut Vec<(usize, Diagnostic)>,
    ) -> Self {
        Self {
            rule,
            severity,
            diagnostics,
        }
    }

    /// Report a finding at `span` in the document of `level`.
    pub fn report(
        &mut self,
        level: &TrackLevel,
        span: Span,
        violation: impl Violation,
    ) -> &mut Diagnostic {
        let diagnostic = finding(self.rule, self.severity, span, &violation);
        self.diagnostics.push((level.doc, diagnostic));
        &mut self.diagnostics.last_mut().expect("just pushed").1
    }
}

/// Evidence at `span` in the document of `level`, for a finding's `related` list.
pub fn evidence(ladder: &Ladder<'_>, level: &TrackLevel, span: Span, message: String) -> Related {
    Related {
        path: ladder.document(level).source.path().to_owned(),
        span,
        message,
    }
}

/// Run one rule on a Markdown string, for rule unit tests.
#[cfg(test)]
pub(crate) fn check_markdown(meta: &'static RuleMeta, markdown: &str) -> Vec<Diagnostic> {
    let registered = find(meta.name).expect("a registered rule");
    let (RuleKind::Document(build) | RuleKind::Linked(build)) = registered.kind else {
        panic!("{} is not a document rule", meta.name)
    };
    let doc = Document::parse(crate::source::Source::new("test.md", markdown));
    let workspace = Workspace::new([&doc]);
    let mut diagnostics = Vec::new();
    let mut cx = Context::new(meta, meta.default_severity, &workspace, &mut diagnostics);
    build(&Settings::default()).check(&doc, &mut cx);
    diagnostics
}
