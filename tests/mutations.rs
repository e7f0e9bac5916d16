//! Mangled documents never trip ladderlint: every fixture, cut, spliced and salted with the
//! tokens ladders are made of, lints without an internal failure. The mutations are
//! deterministic, so a failure here is a file that can be rebuilt and kept as a test.

use std::fs;
use std::path::Path;

use ladderlint::Linter;
use ladderlint::discover::discover;
use ladderlint::resolve::Overrides;

/// What each mutation may insert: markup that opens, closes or breaks a construct.
const TOKENS: &[&str] = &[
    "**",
    "__",
    "*",
    "_",
    "|",
    "| --- |",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "# ",
    "###### ",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\t",
    "`",
    "```\n",
    "<details>",
    "</details>",
    "<summary>",
    "</summary>",
    "<li>",
    "</li>",
    "<li",
    "<li<",
    "<summary<",
    "<ul>",
    "</ul>",
    ">",
    "<",
    "[x](#a)",
    "[y](L2.md#scope)",
    "](",
    "---\n",
    "<!-- ladderlint-disable -->",
    "é",
    "🦉",
    "\u{301}",
    "TBD",
    "**Key Behaviors**",
    "**Responsibility**: ",
    "<br>",
    "\\",
    "- [ ] ",
    "~~",
    "www.example.com",
    "\u{a0}",
    "=====\n",
];

const MUTANTS_PER_FILE: usize = 12;

/// A small deterministic generator (xorshift): the same mutants on every run.
struct Mutator(u64);

impl Mutator {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }

    fn mutate(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + self.below(8) {
            let at = self.below(bytes.len() + 1);
            match self.below(3) {
                0 => {
                    let token = TOKENS[self.below(TOKENS.len())].as_bytes();
                    bytes.splice(at..at, token.iter().copied());
                }
                1 => {
                    let end = (at + self.below(40)).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ => {
                    let end = (at + self.below(200)).min(bytes.len());
                    let copied = bytes[at..end].to_vec();
                    let to = self.below(bytes.len() + 1);
                    bytes.splice(to..to, copied);
                }
            }
        }
        bytes
    }
}

#[test]
fn mutated_fixtures_lint_without_an_internal_failure() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let (files, errors) = discover(&[fixtures], &|_| false);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(files.len() > 50, "fixtures not found: {}", files.len());
    let linter = Linter::discovering_config(Overrides::default());
    let mut mutator = Mutator(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    for path in &files {
        // Fixtures that are not UTF-8 on purpose are bad input's test, not this one's.
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        for _ in 0..MUTANTS_PER_FILE {
            let mutant = mutator.mutate(&text);
            let report = linter.lint_buffer(path, mutant.clone());
            let failed = report.diagnostics().any(|diagnostic| {
                diagnostic.rule == "invalid-file"
                    && diagnostic.message.starts_with("ladderlint failed")
            });
            if failed {
                failures.push((path.clone(), String::from_utf8_lossy(&mutant).into_owned()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mutants failed, the first of {}:\n{}",
        failures.len(),
        failures[0].0.display(),
        failures[0].1
    );
}
