//! Which settings and rules apply to each file: the config files above its directory,
//! resolved into settings once per distinct chain of files, with the command line on top.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, ConfigError, ConfigFile};
use crate::diagnostic::Severity;
use crate::hash::FastMap;
use crate::rules::{DocumentRule, LadderRule, REGISTRY, RuleKind, RuleMeta};
use crate::settings::Settings;

pub(crate) type Rules = Vec<(Severity, Box<dyn DocumentRule>)>;

/// The rules built from one set of resolved settings.
pub struct RuleSet {
    pub settings: Settings,
    /// Rules that need nothing but the document: run once the chunk of files it was
    /// parsed with is parsed (a file too large for its text to be kept: at once).
    pub(crate) local_rules: Rules,
    /// Rules that follow links into other documents: run once every document is parsed.
    pub(crate) linked_rules: Rules,
    /// Rules that compare the levels of a track.
    pub(crate) ladder_rules: Vec<(Severity, Box<dyn LadderRule>)>,
}

impl RuleSet {
    pub fn new(settings: Settings) -> Self {
        let mut local_rules = Rules::new();
        let mut linked_rules = Rules::new();
        let mut ladder_rules = Vec::new();
        for registered in REGISTRY {
            let Some(severity) = settings.severity(registered.meta) else {
                continue;
            };
            match registered.kind {
                RuleKind::Document(build) => local_rules.push((severity, build(&settings))),
                RuleKind::Linked(build) => linked_rules.push((severity, build(&settings))),
                RuleKind::Ladder(build) => ladder_rules.push((severity, build(&settings))),
                RuleKind::File => {}
            }
        }
        Self {
            settings,
            local_rules,
            linked_rules,
            ladder_rules,
        }
    }
}

/// What the command line lays over every config: `--select` and `--ignore`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// When not empty, only these rules run (at their configured severity, or their
    /// default one if the config turned them off).
    pub select: Vec<&'static RuleMeta>,
    pub ignore: Vec<&'static RuleMeta>,
}

impl Overrides {
    pub fn apply(&self, settings: &mut Settings) {
        if !self.select.is_empty() {
            for registered in REGISTRY {
                let meta = registered.meta;
                let selected = self.select.iter().any(|s| std::ptr::eq(*s, meta));
                let severity = settings.severity(meta);
                match (selected, severity) {
                    (false, _) => settings.set_severity(meta, None),
                    (true, None) => settings.set_severity(meta, Some(meta.default_severity)),
                    (true, Some(_)) => {}
                }
            }
        }
        for meta in &self.ignore {
            settings.set_severity(meta, None);
        }
    }
}

/// Where a linter's settings come from.
pub(crate) enum Mode {
    /// One set of settings for every file (`--config`, `--no-config`, library use).
    Fixed(Arc<RuleSet>),
    /// The config files above each file, then the overrides.
    Discover(Overrides),
}

/// Resolves, for one run, the rule set of each directory; each config file is read once.
pub(crate) struct Resolver<'m> {
    mode: &'m Mode,
    finder: RefCell<config::Finder>,
    by_directory: RefCell<FastMap<PathBuf, Arc<RuleSet>>>,
    by_chain: RefCell<FastMap<Vec<PathBuf>, Arc<RuleSet>>>,
    /// The last directory asked about: files come directory by directory.
    last: RefCell<Option<(PathBuf, Arc<RuleSet>)>>,
}

impl<'m> Resolver<'m> {
    pub fn new(mode: &'m Mode) -> Self {
        Self {
            mode,
            finder: RefCell::default(),
            by_directory: RefCell::default(),
            by_chain: RefCell::default(),
            last: RefCell::default(),
        }
    }

    /// The rules for the file (or directory) at `path`: those of the directory it is in.
    pub fn rules_for(&self, path: &Path) -> Arc<RuleSet> {
        self.rules_in(path.parent().unwrap_or(Path::new("")))
    }

    /// The rules for the files directly in `directory`.
    pub fn rules_in(&self, directory: &Path) -> Arc<RuleSet> {
        let overrides = match self.mode {
            Mode::Fixed(rules) => return Arc::clone(rules),
            Mode::Discover(overrides) => overrides,
        };
        if let Some((last, rules)) = &*self.last.borrow()
            && last == directory
        {
            return Arc::clone(rules);
        }
        let known = self.by_directory.borrow().get(directory).cloned();
        if let Some(rules) = known {
            *self.last.borrow_mut() = Some((directory.to_owned(), Arc::clone(&rules)));
            return rules;
        }
        let chain = self.finder.borrow_mut().chain(directory);
        let key: Vec<PathBuf> = chain.iter().map(|file| file.path.clone()).collect();
        let rules = Arc::clone(
            self.by_chain
                .borrow_mut()
                .entry(key)
                .or_insert_with(|| Arc::new(RuleSet::new(resolve(&chain, overrides)))),
        );
        self.by_directory
            .borrow_mut()
            .insert(directory.to_owned(), Arc::clone(&rules));
        rules
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        self.rules_for(path).settings.is_excluded(path)
    }

    /// Config files that could not be used.
    #[allow(
        clippy::vec_box,
        reason = "the errors travel on boxed, inside `Error::Config`"
    )]
    pub fn into_errors(self) -> Vec<Box<ConfigError>> {
        self.finder.into_inner().errors
    }
}

/// Settings from the defaults, then each config file from the farthest to the nearest,
/// then the command line.
pub fn resolve(chain: &[Arc<ConfigFile>], overrides: &Overrides) -> Settings {
    let mut settings = Settings::default();
    for file in chain.iter().rev() {
        settings.apply(&file.options, &file.directory());
    }
    overrides.apply(&mut settings);
    settings
}
