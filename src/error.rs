//! Errors that stop ladderlint from doing its job (exit code 2), and problems with one file
//! (reported as an `invalid-file` finding while the run goes on).

use std::io;
use std::path::PathBuf;

use miette::Diagnostic;
use thiserror::Error;

/// Why a file could not be linted.
#[derive(Debug, Error)]
pub enum FileError {
    #[error("cannot read file: {0}")]
    Io(#[source] io::Error),
    #[error("file is not valid UTF-8: the first bad byte is at offset {offset}")]
    NotUtf8 { offset: usize },
    #[error("file looks binary: it holds a NUL byte at offset {offset}")]
    Binary { offset: usize },
    #[error("file is {size} bytes, over the {limit}-byte limit; it was not parsed")]
    TooLarge { size: u64, limit: u64 },
    #[error("not a regular file")]
    NotAFile,
    #[error("ladderlint failed on this file: {message}")]
    Internal { message: String },
}

/// Errors that end the run with exit code 2.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("{path}: no such file or directory")]
    #[diagnostic(
        code(ladderlint::path),
        help("check the path; ladderlint lints .md and .markdown files and directories")
    )]
    PathNotFound { path: PathBuf },

    #[error("{path}: {source}")]
    #[diagnostic(code(ladderlint::io))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<crate::config::ConfigError>),

    #[error("{path} already exists")]
    #[diagnostic(code(ladderlint::init), help("`ladderlint init --force` replaces it"))]
    ConfigExists { path: PathBuf },

    #[error("unknown rule `{name}`")]
    #[diagnostic(code(ladderlint::unknown_rule), help("{help}"))]
    UnknownRule { name: String, help: String },
}
