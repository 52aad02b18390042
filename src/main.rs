//! The `ent-guide` command line (see `ent_guide::cli`).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ent_guide::cli::Cli::parse();
    ent_guide::cli::run(&cli)
}
