use std::process::ExitCode;

use clap::Parser;
use ladderlint::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Not locked for the whole run: the language server writes from a thread of its own.
    let outcome = run(&cli, &mut std::io::stdout(), &mut std::io::stderr());
    outcome.into()
}
