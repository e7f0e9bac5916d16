use std::process::ExitCode;

use clap::Parser;
use ladderlint::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = run(
        &cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    outcome.into()
}
