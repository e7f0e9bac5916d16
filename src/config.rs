//! `ladderlint.toml`: the options as written, where they are found, and what is wrong with
//! them. Options are only read here; [`crate::settings::Settings::apply`] resolves them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::hash::FastMap;
use crate::rules;

/// The names a config file may have, in the order they are looked for in one directory.
pub const FILE_NAMES: &[&str] = &["ladderlint.toml", ".ladderlint.toml"];

/// One config file as written. Every field is optional: what a file leaves out, a config
/// further up or the defaults decide.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Stop looking for config files in the directories above this one.
    pub root: Option<bool>,
    /// Globs, relative to the config file's directory, of files and directories not to lint.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Files larger than this many bytes are reported, not parsed.
    pub max_file_size: Option<u64>,
    /// Rule name to severity (`error`, `warning`, `info`, `off`).
    pub severity: Option<BTreeMap<Spanned<String>, SeverityOption>>,
    pub placeholder: Option<PlaceholderOptions>,
    pub copied_behavior: Option<CopiedBehaviorOptions>,
    pub heading_drift: Option<HeadingDriftOptions>,
    /// How level ids are written.
    pub levels: Option<LevelOptions>,
    /// Tracks named and grouped by glob, instead of one track per directory.
    pub track: Option<Vec<TrackOptions>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelOptions {
    /// Regular expressions that match a level id, with a capture group for its number:
    /// `Band (\d+)`. Tried before the standard forms.
    pub patterns: Option<Vec<Spanned<String>>>,
    /// Code prefixes added to the standard ones: `SDE` makes `SDE2` a level id.
    pub prefixes: Option<Vec<String>>,
    /// The rung names of the ladder, lowest first, in place of the standard ones.
    pub rungs: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityOption {
    Error,
    Warning,
    Info,
    Off,
}

impl SeverityOption {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Off => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderOptions {
    /// Words that mark unfinished text, matched whole and case-sensitively. Replaces the
    /// default list.
    pub words: Option<Vec<String>>,
    /// Phrases matched whole and case-insensitively. Replaces the default list.
    pub phrases: Option<Vec<String>>,
    /// Words added to the list in force (the defaults or a parent config's).
    pub extend_words: Option<Vec<String>>,
    /// Regular expressions that mark unfinished text, added to the words and phrases.
    pub patterns: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CopiedBehaviorOptions {
    /// Behaviours shorter than this many characters are never called copied.
    pub min_length: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HeadingDriftOptions {
    /// How many letters a long word may differ by and still be the same heading (0 turns
    /// typo matching off).
    pub max_edits: Option<usize>,
    /// Spellings that are right wherever they appear, even when other levels differ.
    pub accept: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrackOptions {
    pub name: String,
    /// Globs, relative to the config file's directory, of the track's level documents.
    pub files: Vec<Spanned<String>>,
    /// Sections every level of the track must have.
    #[serde(default)]
    pub required_sections: Vec<String>,
    /// Whether the required sections must appear in the order given.
    #[serde(default)]
    pub ordered: bool,
}

/// A config file read and parsed, with its text kept for error messages.
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub text: Arc<String>,
    pub options: Options,
}

impl ConfigFile {
    /// The directory that the file's globs are relative to, absolute.
    pub fn directory(&self) -> PathBuf {
        absolute(self.path.parent().unwrap_or(Path::new("")))
    }

    /// An error about the part of this file at `span`.
    pub fn error_at(
        &self,
        span: std::ops::Range<usize>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        ConfigError {
            message,
            source_code: NamedSource::new(shown(&self.path), self.text.clone()),
            span: Some(span.into()),
            label: label.to_owned(),
            help,
        }
    }
}

/// A config file that cannot be used, with the offending key or value labelled.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(ladderlint::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub source_code: NamedSource<Arc<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl ConfigError {
    /// An error about a whole file (it cannot be read), with no span to point at.
    fn whole_file(path: &Path, message: String) -> Self {
        Self {
            message,
            source_code: NamedSource::new(shown(path), Arc::default()),
            span: None,
            label: String::new(),
            help: None,
        }
    }
}

/// `path` as a user would write it: relative to the working directory when inside it.
fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_owned));
    relative.as_deref().unwrap_or(path).display().to_string()
}

/// Read and check the config file at `path`.
pub fn load(path: &Path) -> Result<ConfigFile, Box<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Box::new(ConfigError::whole_file(
            path,
            format!("{}: cannot read config file: {error}", shown(path)),
        ))
    })?;
    parse(path, text)
}

/// Parse and check config text that was read from `path`.
pub fn parse(path: &Path, text: String) -> Result<ConfigFile, Box<ConfigError>> {
    let text = Arc::new(text);
    let mut file = ConfigFile {
        path: path.to_owned(),
        text: text.clone(),
        options: Options::default(),
    };
    match toml::from_str::<Options>(&text) {
        Ok(options) => file.options = options,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let (message, label, help) = describe_toml_error(error.message());
            return Err(Box::new(file.error_at(span, message, label, help)));
        }
    }
    check(&file)?;
    Ok(file)
}

/// A toml or serde message in ladderlint's words, with a label and, when an unknown key or
/// value is close to a known one, a suggestion.
fn describe_toml_error(message: &str) -> (String, &'static str, Option<String>) {
    let message = message.trim();
    let unknown = [
        ("unknown field `", "unknown key", "known keys here"),
        ("unknown variant `", "unknown value", "use one of"),
    ];
    for (prefix, what, listing) in unknown {
        let Some((name, expected)) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once('`'))
        else {
            continue;
        };
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let listed = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match crate::text::closest(name, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("{listing}: {listed}"),
        };
        return (format!("{what} `{name}`"), what, Some(help));
    }
    (message.to_owned(), "here", None)
}

/// What serde cannot check: rule names and globs.
fn check(file: &ConfigFile) -> Result<(), Box<ConfigError>> {
    let options = &file.options;
    for name in options.severity.iter().flat_map(|map| map.keys()) {
        if rules::find(name.get_ref()).is_none() {
            return Err(Box::new(unknown_rule(file, name)));
        }
    }
    let globs = options.exclude.iter().flatten().chain(
        options
            .track
            .iter()
            .flatten()
            .flat_map(|track| &track.files),
    );
    for glob in globs {
        if let Err(error) = self::glob(glob.get_ref()) {
            return Err(Box::new(file.error_at(
                glob.span(),
                format!("invalid glob `{}`", glob.get_ref()),
                "this glob",
                Some(error.kind().to_string()),
            )));
        }
    }
    let placeholder_patterns = options
        .placeholder
        .iter()
        .flat_map(|placeholder| placeholder.patterns.iter().flatten())
        .map(|pattern| (pattern, false));
    let level_patterns = options
        .levels
        .iter()
        .flat_map(|levels| levels.patterns.iter().flatten())
        .map(|pattern| (pattern, true));
    for (pattern, needs_number) in placeholder_patterns.chain(level_patterns) {
        let compiled = regex::Regex::new(pattern.get_ref());
        if let Ok(regex) = &compiled
            && needs_number
            && regex.captures_len() < 2
        {
            return Err(Box::new(file.error_at(
                pattern.span(),
                format!("level pattern `{}` captures no number", pattern.get_ref()),
                "this pattern",
                Some("put the level's number in a group, as in `Band (\\d+)`; it orders the levels".into()),
            )));
        }
        if let Err(error) = compiled {
            let reason = match error {
                regex::Error::Syntax(syntax) => syntax.lines().last().unwrap_or("").to_owned(),
                other => other.to_string(),
            };
            return Err(Box::new(file.error_at(
                pattern.span(),
                format!("invalid regular expression `{}`", pattern.get_ref()),
                "this pattern",
                Some(reason),
            )));
        }
    }
    Ok(())
}

fn unknown_rule(file: &ConfigFile, name: &Spanned<String>) -> ConfigError {
    let help = match rules::suggest(name.get_ref()) {
        Some(close) => format!("did you mean `{close}`? `ladderlint rules` lists every rule"),
        None => "`ladderlint rules` lists every rule".to_owned(),
    };
    file.error_at(
        name.span(),
        format!("unknown rule `{}`", name.get_ref()),
        "not a rule",
        Some(help),
    )
}

/// A config glob: `*` stays within one directory, `**` crosses them, as in `.gitignore`.
pub fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
}

/// The config file in `directory`, if it holds one.
pub fn file_in(directory: &Path) -> Option<PathBuf> {
    FILE_NAMES
        .iter()
        .map(|name| directory.join(name))
        .find(|path| path.is_file())
}

/// Finds and caches the config chain of each directory, so each file is read once.
#[derive(Default)]
pub struct Finder {
    // Hashed: ordering paths compares them component by component, and these are
    // looked up for every directory of a run.
    by_directory: FastMap<PathBuf, Arc<[Arc<ConfigFile>]>>,
    loaded: FastMap<PathBuf, Option<Arc<ConfigFile>>>,
    /// Config files that could not be used, each reported once.
    pub errors: Vec<Box<ConfigError>>,
}

impl Finder {
    /// The usable config files that apply in `directory`, nearest first.
    pub fn chain(&mut self, directory: &Path) -> Arc<[Arc<ConfigFile>]> {
        self.chain_of(&absolute(directory))
    }

    /// The chain of an absolute directory: its own config, then its parent's chain unless
    /// its own says `root = true`. Memoised per directory, so sibling directories share
    /// the walk above them and each directory is looked at once.
    fn chain_of(&mut self, directory: &Path) -> Arc<[Arc<ConfigFile>]> {
        if let Some(chain) = self.by_directory.get(directory) {
            return chain.clone();
        }
        let own = file_in(directory).and_then(|path| self.load_once(&path));
        let is_root = own
            .as_ref()
            .is_some_and(|file| file.options.root == Some(true));
        let above = match directory.parent() {
            Some(parent) if !is_root => self.chain_of(parent),
            _ => Arc::from([]),
        };
        let chain: Arc<[Arc<ConfigFile>]> = match own {
            Some(file) => std::iter::once(file).chain(above.iter().cloned()).collect(),
            None => above,
        };
        self.by_directory
            .insert(directory.to_owned(), chain.clone());
        chain
    }

    fn load_once(&mut self, path: &Path) -> Option<Arc<ConfigFile>> {
        if let Some(loaded) = self.loaded.get(path) {
            return loaded.clone();
        }
        let loaded = match load(path) {
            Ok(file) => Some(Arc::new(file)),
            Err(error) => {
                self.errors.push(error);
                None
            }
        };
        self.loaded.insert(path.to_owned(), loaded.clone());
        loaded
    }
}

/// `path` made absolute against the working directory, without touching the file system
/// further: config lookup must see the parents of a relative path such as `.`.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    // `tools/../ladders` must see the configs above `ladders`, not above `tools`.
    crate::discover::lexical_normalize(&absolute)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ConfigFile, Box<ConfigError>> {
        parse(Path::new("ladderlint.toml"), text.to_owned())
    }

    #[test]
    fn reads_every_section() {
        let file = parse_text(
            r#"
root = true
exclude = ["drafts/**"]
max-file-size = 1000

[severity]
placeholder = "error"
copied-behavior = "info"

[placeholder]
extend-words = ["WIP"]

[copied-behavior]
min-length = 30

[heading-drift]
max-edits = 1
accept = ["Behaviours"]

[[track]]
name = "security"
files = ["security/*.md"]
required-sections = ["Impact"]
ordered = true
"#,
        )
        .expect("valid config");
        let options = file.options;
        assert_eq!(options.root, Some(true));
        assert_eq!(options.max_file_size, Some(1000));
        let severity = options.severity.expect("severity table");
        assert_eq!(severity.len(), 2);
        let track = &options.track.expect("tracks")[0];
        assert_eq!(track.name, "security");
        assert!(track.ordered);
    }

    #[test]
    fn unknown_rule_points_at_the_key() {
        let text = "[severity]\nplacehodler = \"off\"\n";
        let error = parse_text(text).expect_err("unknown rule");
        assert_eq!(error.message, "unknown rule `placehodler`");
        let span = error.span.expect("span");
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "placehodler"
        );
        assert!(error.help.expect("help").contains("`placeholder`"));
    }

    #[test]
    fn unknown_key_suggests_the_close_one() {
        let error = parse_text("max-file-sise = 3\n").expect_err("unknown key");
        assert_eq!(error.message, "unknown key `max-file-sise`");
        assert_eq!(error.help.as_deref(), Some("did you mean `max-file-size`?"));
    }

    #[test]
    fn bad_severity_names_the_choices() {
        let error = parse_text("[severity]\ntitle = \"fatal\"\n").expect_err("bad value");
        assert_eq!(error.message, "unknown value `fatal`");
        assert_eq!(
            error.help.as_deref(),
            Some("use one of: `error`, `warning`, `info`, `off`")
        );
        assert!(error.span.is_some());
    }

    #[test]
    fn bad_pattern_is_labelled() {
        let text = "[placeholder]\npatterns = [\"(unclosed\"]\n";
        let error = parse_text(text).expect_err("bad regex");
        assert_eq!(error.message, "invalid regular expression `(unclosed`");
        assert_eq!(error.help.as_deref(), Some("error: unclosed group"));
        let span = error.span.expect("span");
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "\"(unclosed\""
        );
    }

    #[test]
    fn bad_glob_is_labelled() {
        let error = parse_text("exclude = [\"a[\"]\n").expect_err("bad glob");
        assert_eq!(error.message, "invalid glob `a[`");
    }
}
