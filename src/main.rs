//! The `ent-guide` command line (see `ent_guide::cli`).

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: ent_guide::allocator::Allocator = ent_guide::allocator::Allocator;

fn main() -> ExitCode {
    let cli = ent_guide::cli::Cli::parse();
    ent_guide::cli::run(&cli)
}
