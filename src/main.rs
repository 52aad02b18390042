//! The `ent-guide` command line (see `ent_guide::cli`).

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than glibc's allocator: a build makes and frees
/// millions of small strings and lists on every thread (Markdown events,
/// template values, Pagefind's words), and with glibc's allocator this took
/// a fifth of the build's CPU time. Built without transparent huge pages,
/// which would keep whole 2 MiB pages resident for a few small blocks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option "purge delay" (`mi_option_purge_delay` in the
/// `mimalloc.h` of the mimalloc 3 it builds).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory is given back to the system at once rather than after a
    // delay: each language's search index frees what the next one would
    // otherwise add to the build's peak (on the benchmark's guide, a peak
    // of about 275 MiB instead of 320, for the same time).
    // SAFETY: setting an option has no precondition.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    let cli = ent_guide::cli::Cli::parse();
    ent_guide::cli::run(&cli)
}
