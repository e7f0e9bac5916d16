use crate::diagnostic::{Severity, Violation};
use crate::error::FileError;
use crate::rules::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    name: "invalid-file",
    summary: "a file that could not be linted: unreadable, not UTF-8, binary, too large, or a bug",
    default_severity: Severity::Error,
    enabled_by_default: true,
    doc: include_str!("../../rules/invalid-file.md"),
};

/// A file the loader could not turn into a document.
pub struct InvalidFile<'a>(pub &'a FileError);

impl Violation for InvalidFile<'_> {
    fn message(&self) -> String {
        self.0.to_string()
    }

    fn help(&self) -> Option<String> {
        Some(match self.0 {
            FileError::Io(_) | FileError::NotAFile => "check the path and its permissions".into(),
            FileError::NotUtf8 { .. } => "save the file as UTF-8".into(),
            FileError::Binary { .. } => "ladderlint reads Markdown text; exclude this file".into(),
            FileError::TooLarge { .. } => {
                "split the document, or raise the size limit if it really is one ladder document"
                    .into()
            }
            FileError::Internal { .. } => {
                "this is a bug in ladderlint, not in the file: please report it with the file; \
                 the other files were linted"
                    .into()
            }
        })
    }
}
