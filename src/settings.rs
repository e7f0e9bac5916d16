//! Settings: resolved once from the defaults, the config files and the command line, before
//! any rule is built.

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use crate::config::Options;
use crate::diagnostic::Severity;
use crate::level::LevelScheme;
use crate::rules::placeholder::PlaceholderMatcher;
use crate::rules::{REGISTRY, RuleMeta};

/// Files larger than this are reported, not parsed: dense Markdown costs comrak about a
/// hundred times its size in memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Behaviours shorter than this many characters are too generic to call copied.
pub const DEFAULT_COPIED_MIN_LENGTH: usize = 24;

/// How many letters a long word of a heading may differ by and still be the same word.
pub const DEFAULT_MAX_EDITS: usize = 2;

#[derive(Debug, Clone)]
pub struct Settings {
    pub max_file_size: u64,
    pub placeholders: PlaceholderMatcher,
    /// The regular expressions `placeholders` holds, as written, for configs further down.
    placeholder_patterns: Vec<String>,
    pub copied_min_length: usize,
    /// Typo tolerance when the levels' names are matched up.
    pub max_edits: usize,
    /// Heading spellings that are never reported as drift, as written.
    pub accepted_spellings: Vec<String>,
    /// Files and directories not to lint.
    pub exclude: Vec<Patterns>,
    /// Tracks named in config, grouped by glob rather than by directory.
    pub tracks: Vec<TrackSpec>,
    /// The level scheme a config sets; `None` for the standard one.
    pub levels: Option<LevelScheme>,
    /// Per registered rule, in registry order: its severity, or `None` when it is off.
    severities: Vec<Option<Severity>>,
}

/// Globs relative to the directory of the config file that gave them.
#[derive(Debug, Clone)]
pub struct Patterns {
    pub base: PathBuf,
    pub globs: GlobSet,
}

impl Patterns {
    fn new(base: &Path, globs: &[impl AsRef<str>]) -> Self {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            // Config files are checked when read, so every glob here is valid.
            if let Ok(glob) = crate::config::glob(glob.as_ref()) {
                builder.add(glob);
            }
        }
        Self {
            base: base.to_owned(),
            globs: builder.build().unwrap_or_else(|_| GlobSet::empty()),
        }
    }

    /// Whether `path` (absolute) lies under the base and matches one of the globs.
    pub fn matches(&self, path: &Path) -> bool {
        path.strip_prefix(&self.base)
            .is_ok_and(|relative| self.globs.is_match(relative))
    }
}

/// A `[[track]]` of the config.
#[derive(Debug, Clone)]
pub struct TrackSpec {
    pub name: String,
    pub files: Patterns,
    pub required_sections: Vec<String>,
    pub ordered: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            placeholders: PlaceholderMatcher::default(),
            placeholder_patterns: Vec::new(),
            copied_min_length: DEFAULT_COPIED_MIN_LENGTH,
            max_edits: DEFAULT_MAX_EDITS,
            accepted_spellings: Vec::new(),
            exclude: Vec::new(),
            tracks: Vec::new(),
            levels: None,
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
        registry_index(rule).and_then(|index| self.severities[index])
    }

    /// Turn `rule` on at `severity`, or off with `None`.
    pub fn set_severity(&mut self, rule: &RuleMeta, severity: Option<Severity>) {
        if let Some(index) = registry_index(rule) {
            self.severities[index] = severity;
        }
    }

    /// Lay the options of one config file over these settings. Apply the farthest file
    /// first, so nearer files win. Globs are relative to `directory`, the file's own.
    pub fn apply(&mut self, options: &Options, directory: &Path) {
        if let Some(size) = options.max_file_size {
            self.max_file_size = size;
        }
        for (name, severity) in options.severity.iter().flatten() {
            if let Some(rule) = crate::rules::find(name.get_ref()) {
                self.set_severity(rule.meta, severity.severity());
            }
        }
        if let Some(exclude) = &options.exclude {
            let globs: Vec<&str> = exclude.iter().map(|glob| glob.get_ref().as_str()).collect();
            self.exclude.push(Patterns::new(directory, &globs));
        }
        if let Some(placeholder) = &options.placeholder {
            let (mut words, mut phrases) = self.placeholders.lists();
            if let Some(replaced) = &placeholder.words {
                words.clone_from(replaced);
            }
            if let Some(replaced) = &placeholder.phrases {
                phrases.clone_from(replaced);
            }
            words.extend(placeholder.extend_words.iter().flatten().cloned());
            let mut patterns = self.placeholder_patterns.clone();
            patterns.extend(
                placeholder
                    .patterns
                    .iter()
                    .flatten()
                    .map(|pattern| pattern.get_ref().clone()),
            );
            self.placeholders =
                PlaceholderMatcher::from_lists(&words, &phrases).with_patterns(&patterns);
            self.placeholder_patterns = patterns;
        }
        if let Some(copied) = &options.copied_behavior
            && let Some(length) = copied.min_length
        {
            self.copied_min_length = length;
        }
        if let Some(drift) = &options.heading_drift {
            if let Some(edits) = drift.max_edits {
                self.max_edits = edits;
            }
            if let Some(accept) = &drift.accept {
                self.accepted_spellings = accept.iter().map(|s| s.trim().to_owned()).collect();
            }
        }
        if let Some(levels) = &options.levels {
            let patterns: Vec<String> = levels
                .patterns
                .iter()
                .flatten()
                .map(|pattern| pattern.get_ref().clone())
                .collect();
            let prefixes = levels.prefixes.as_deref().unwrap_or_default();
            // Laid over the scheme in force, so a nearer config adds to a farther one.
            let scheme = self
                .level_scheme()
                .extended(&patterns, prefixes, levels.rungs.as_deref());
            self.levels = Some(scheme);
        }
        for track in options.track.iter().flatten() {
            let globs: Vec<&str> = track.files.iter().map(|g| g.get_ref().as_str()).collect();
            self.tracks.push(TrackSpec {
                name: track.name.clone(),
                files: Patterns::new(directory, &globs),
                required_sections: track.required_sections.clone(),
                ordered: track.ordered,
            });
        }
    }

    /// The level scheme ids are read with.
    pub fn level_scheme(&self) -> &LevelScheme {
        self.levels
            .as_ref()
            .unwrap_or_else(|| crate::level::standard())
    }

    /// Whether `path` is excluded by a config's `exclude` globs.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let path = crate::config::absolute(path);
        self.exclude.iter().any(|patterns| {
            path.ancestors()
                .take_while(|ancestor| ancestor.starts_with(&patterns.base))
                .any(|ancestor| patterns.matches(ancestor))
        })
    }

    /// The configured track that `path` belongs to, if any: the nearest config's first.
    pub fn track_of(&self, path: &Path) -> Option<&TrackSpec> {
        if self.tracks.is_empty() {
            return None;
        }
        let path = crate::config::absolute(path);
        // Nearer configs were applied last; within one config the first match wins.
        let by_config = self.tracks.chunk_by(|a, b| a.files.base == b.files.base);
        by_config
            .rev()
            .find_map(|specs| specs.iter().find(|track| track.files.matches(&path)))
    }
}

fn registry_index(rule: &RuleMeta) -> Option<usize> {
    REGISTRY
        .iter()
        .position(|registered| std::ptr::eq(registered.meta, rule))
}
