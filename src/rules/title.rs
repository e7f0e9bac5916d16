use crate::diagnostic::{Edit, Fix, Related, Severity, Violation};
use crate::document::{Document, TitleOrigin};
use crate::level::{LevelOrigin, LevelScheme, Scheme, TextKind};
use crate::rules::{Context, DocumentRule, RuleMeta};
use crate::settings::Settings;
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    name: "title",
    summary: "a missing title, several H1s, or a title that does not name its level",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    doc: include_str!("../../rules/title.md"),
};

pub(crate) fn build(settings: &Settings) -> Box<dyn DocumentRule> {
    Box::new(TitleRule {
        levels: settings.level_scheme().clone(),
    })
}

struct TitleRule {
    /// How level ids are written, to read the one in the title.
    levels: LevelScheme,
}

enum TitleProblem {
    Missing,
    SeveralH1 {
        first_line: usize,
    },
    NoLevel {
        title: String,
        level: String,
        origin: LevelOrigin,
    },
    WrongLevel {
        title_level: String,
        level: String,
        origin: LevelOrigin,
    },
}

impl Violation for TitleProblem {
    fn message(&self) -> String {
        match self {
            TitleProblem::Missing => {
                "document has no title: no H1 and no front-matter `title`".into()
            }
            TitleProblem::SeveralH1 { first_line } => {
                format!("second H1 in one document; the title is already set on line {first_line}")
            }
            TitleProblem::NoLevel {
                title,
                level,
                origin,
            } => {
                format!("title `{title}` does not name its level `{level}` (from the {origin})")
            }
            TitleProblem::WrongLevel {
                title_level,
                level,
                origin,
            } => {
                format!("title names level `{title_level}` but the {origin} says `{level}`")
            }
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            TitleProblem::Missing => {
                "start the document with `# <level>: <role>`, e.g. `# L3: Software Engineer`".into()
            }
            TitleProblem::SeveralH1 { .. } => {
                "make this heading an H2, or split the document in two".into()
            }
            TitleProblem::NoLevel { title, level, .. } => {
                format!("name the level in the title: `{level}: {title}`")
            }
            TitleProblem::WrongLevel { .. } => {
                "make the title and the file agree on the level".into()
            }
        })
    }
}

impl DocumentRule for TitleRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        if doc.sections.is_empty() && doc.items.is_empty() {
            // Empty, or front matter only (a site's index stub): nothing to title.
            return;
        }
        let Some(title) = &doc.title else {
            cx.report(Span::new(0, 0), TitleProblem::Missing);
            return;
        };
        let mut h1s = doc.h1s();
        if let Some(first) = h1s.next() {
            let first_line = doc.source.line_of(first.span.start);
            for extra in h1s {
                cx.report(extra.span, TitleProblem::SeveralH1 { first_line })
                    .related
                    .push(Related {
                        path: doc.source.path().to_owned(),
                        span: first.span,
                        message: "the title".into(),
                    });
            }
        }
        // A level code that comes from elsewhere (`id: L3`, `L3.md`) belongs in the title.
        let Some(level) = &doc.level else { return };
        if level.origin == LevelOrigin::Title || !matches!(level.scheme, Scheme::Code(_)) {
            return;
        }
        match self.levels.find(&title.text, TextKind::Title) {
            Some(found) if found.scheme == level.scheme && found.id != level.id => {
                cx.report(
                    title.span,
                    TitleProblem::WrongLevel {
                        title_level: found.id,
                        level: level.id.clone(),
                        origin: level.origin.clone(),
                    },
                );
            }
            Some(found) if found.scheme == level.scheme => {}
            _ => {
                let diagnostic = cx.report(
                    title.span,
                    TitleProblem::NoLevel {
                        title: title.text.clone(),
                        level: level.id.clone(),
                        origin: level.origin.clone(),
                    },
                );
                if title.origin == TitleOrigin::Heading {
                    let text_start = doc
                        .source
                        .slice(title.span)
                        .find(|c: char| c != '#' && !c.is_whitespace());
                    if let Some(offset) = text_start {
                        let at = title.span.start + offset;
                        diagnostic.fix = Some(Fix {
                            message: format!("prefix the title with `{}: `", level.id),
                            edits: vec![Edit {
                                span: Span::new(at, at),
                                replacement: format!("{}: ", level.id),
                            }],
                        });
                    }
                }
            }
        }
    }
}
