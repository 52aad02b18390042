//! The command line: parses arguments and runs the generator's commands.
//! Each subcommand is one variant of [`Command`] and one `run_*` function;
//! diagnostics go to stderr, exit status 1 when there is any.

use crate::diagnostics::Diagnostic;
use crate::site::{build_with, Options, Site};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "ent-guide",
    version,
    about = "Builds, checks and verifies the UJM student intranet guide"
)]
pub struct Cli {
    /// The site's folder (holding content/, themes/, screenshots/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the static site.
    Build {
        /// Output folder (relative to the current folder).
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Also print each language's guide to PDF with Chromium
        /// (`<out>/<lang>/ent-guide-<lang>.pdf`), linked from every page.
        #[arg(long)]
        pdf: bool,
        /// Leave out the search index and the search box (a faster build).
        #[arg(long)]
        no_search: bool,
        /// Leave out the web app manifests and the service worker that
        /// keep the guide readable offline.
        #[arg(long)]
        no_offline: bool,
        /// Build everything anew, without reading or writing the build
        /// cache (`.ent-guide-cache/` beside `content/`).
        #[arg(long)]
        no_cache: bool,
    },
    /// Check content, links, anchors, images, step syntax and translations; writes nothing.
    Check,
    /// Translation status per page and language, and the segments changed since review; `mark`, `export`, `import`, `context`.
    I18n {
        #[command(subcommand)]
        action: Option<I18nAction>,
    },
    /// Replay every documented step in Chromium against the mock.
    Verify(crate::runner::cli::VerifyArgs),
    /// Replay the steps and write the guide's screenshots.
    Shoot(crate::runner::cli::ShootArgs),
    /// Live preview: serve the site, rebuild on save, with the mock intranet beside it.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (loopback only unless told otherwise).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the desktop's browser.
        #[arg(long)]
        open: bool,
        /// Secret that the editor (`/__edit/`) asks for; needed to edit
        /// when `--bind` is not loopback (without it editing is off).
        #[arg(long, value_name = "SECRET")]
        edit_token: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum I18nAction {
    /// Mark the LANG translation of PAGE as reviewed against the current source.
    Mark {
        page: String,
        lang: String,
        /// Only this segment (an id as `ent-guide i18n` lists it).
        #[arg(long)]
        segment: Option<String>,
    },
    /// Write a translation package of LANG: the missing and outdated segments.
    Export {
        lang: String,
        #[arg(long, value_enum, default_value = "xliff")]
        format: crate::i18n::export::Format,
        /// Output file (default: standard output).
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Every segment, not only the missing and outdated ones.
        #[arg(long)]
        all: bool,
    },
    /// Write a translated package (XLIFF or PO) back into the translations.
    Import { file: PathBuf },
    /// Write an HTML page showing each segment of LANG with its screenshot.
    Context {
        lang: String,
        /// Folder to write LANG/index.html into.
        #[arg(long, default_value = "target/i18n-context")]
        out: PathBuf,
    },
}

/// Prints diagnostics, one per line, and a count.
pub fn report(problems: &[Diagnostic]) -> ExitCode {
    for d in problems {
        eprintln!("{d}");
    }
    eprintln!(
        "{} problem{} found",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    ExitCode::FAILURE
}

fn load(cli: &Cli) -> Result<Site, ExitCode> {
    Site::load(&cli.root).map_err(|d| report(&d))
}

pub fn run_build(cli: &Cli, out: &Path, options: Options) -> ExitCode {
    let started = std::time::Instant::now();
    crate::timings::mark("build started");
    let cache = if options.cache {
        crate::site::cache::Cache::of(&cli.root)
    } else {
        crate::site::cache::Cache::off()
    };
    let site = match Site::load_cached(&cli.root, &cache) {
        Ok(s) => s,
        Err(d) => return report(&d),
    };
    crate::timings::mark("site loaded");
    let parsed = site.parsed;
    let result = build_with(&site, out, options);
    // The process ends here: let the OS reclaim the site's memory at once
    // rather than freeing it piece by piece.
    std::mem::forget(site);
    match result {
        Ok(stats) => {
            println!(
                "built {} pages ({} files) into {} in {} ms",
                stats.pages,
                stats.files,
                out.display(),
                started.elapsed().as_millis()
            );
            if let Some(r) = &stats.rendered {
                println!(
                    "render cache: {} bodies and {} pages rendered, the others reused",
                    r.bodies, r.pages
                );
            }
            if let Some(s) = &stats.search {
                println!(
                    "search: {} pages indexed in {} languages ({}), {} files, {:.1} KB, in {} ms",
                    s.pages,
                    s.languages.len(),
                    s.languages.join(", "),
                    s.files,
                    s.bytes as f64 / 1024.0,
                    s.took.as_millis()
                );
                if options.cache {
                    println!(
                        "search cache: {} pages parsed, the others read back; indexes reused: {}; updated with their changed pages: {}",
                        s.parsed,
                        list(&s.reused),
                        list(&s.updated)
                    );
                }
            }
            if options.cache {
                println!("content cache: {parsed} page files parsed, the others read back");
            }
            print_weights(&stats);
            print_extras(&stats);
            ExitCode::SUCCESS
        }
        Err(d) => {
            let code = report(&d);
            eprintln!("{} left as it was", out.display());
            code
        }
    }
}

pub fn run_check(cli: &Cli) -> ExitCode {
    let problems = crate::check::check(&cli.root);
    if problems.is_empty() {
        println!("no problems found");
        ExitCode::SUCCESS
    } else {
        report(&problems)
    }
}

pub fn run_i18n(cli: &Cli, action: &Option<I18nAction>) -> ExitCode {
    let site = match load(cli) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let root = &cli.root;
    match action {
        None => {
            // Files reviewed before per-segment records get theirs now.
            match crate::i18n::migrate(&site) {
                Ok(files) => {
                    for f in &files {
                        eprintln!("{}: per-segment review record written", f.display());
                    }
                }
                Err(d) => return report(&[d]),
            }
            print!("{}", crate::i18n::table(&site));
            print!("{}", crate::i18n::report(&site));
            ExitCode::SUCCESS
        }
        Some(I18nAction::Mark {
            page,
            lang,
            segment,
        }) => match crate::i18n::mark(&site, page, lang, segment.as_deref()) {
            Ok(files) => {
                let what = segment
                    .as_deref()
                    .map_or("every segment".to_string(), |s| format!("segment {s}"));
                println!("{page} ({lang}): {what} marked reviewed");
                for f in files {
                    println!("  wrote {}", f.display());
                }
                ExitCode::SUCCESS
            }
            Err(d) => report(&[d]),
        },
        Some(I18nAction::Export {
            lang,
            format,
            out,
            all,
        }) => match crate::i18n::export::export(&site, lang, *format, *all) {
            Ok(text) => match out {
                None => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Some(path) => match std::fs::write(path, text) {
                    Ok(()) => {
                        println!("wrote {}", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("{}: cannot write: {e}", path.display());
                        ExitCode::FAILURE
                    }
                },
            },
            Err(d) => report(&[d]),
        },
        Some(I18nAction::Import { file }) => match crate::i18n::import::import(&site, file) {
            Ok(files) => {
                for f in &files {
                    println!("wrote {}", f.display());
                }
                println!("{}: {} file(s) written", file.display(), files.len());
                ExitCode::SUCCESS
            }
            Err(d) => report(&d),
        },
        Some(I18nAction::Context { lang, out }) => {
            let out = if out.is_absolute() {
                out.clone()
            } else {
                root.join(out)
            };
            match crate::i18n::context::write(&site, lang, &out) {
                Ok(path) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(d) => report(&[d]),
            }
        }
    }
}

/// Runs the generator's commands.
pub fn run(cli: &Cli) -> ExitCode {
    match &cli.command {
        Command::Build {
            out,
            pdf,
            no_search,
            no_offline,
            no_cache,
        } => run_build(
            cli,
            out,
            Options {
                pdf: *pdf,
                search: !no_search,
                offline: !no_offline,
                cache: !no_cache,
            },
        ),
        Command::Check => run_check(cli),
        Command::I18n { action } => run_i18n(cli, action),
        Command::Verify(args) => crate::runner::cli::verify(&cli.root, args),
        Command::Shoot(args) => crate::runner::cli::shoot(&cli.root, args),
        Command::Serve {
            port,
            bind,
            open,
            edit_token,
        } => match crate::serve::run(&cli.root, *bind, *port, *open, edit_token.clone()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ent-guide serve: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}

/// A page's budget before compression, screenshots aside (HTML + CSS + JS).
pub const PAGE_BUDGET: usize = 30 * 1024;

/// Prints each page's weight, or the heaviest ten and the total when there
/// are many, and every page over the budget.
fn print_weights(stats: &crate::site::BuildStats) {
    let n = stats.weights.len();
    if n == 0 {
        return;
    }
    let kb = |b: usize| format!("{:.1} KB", b as f64 / 1024.0);
    let shown = if n <= 40 { n } else { 10 };
    println!(
        "page weight (HTML + {} of CSS/JS, before compression, screenshots aside){}:",
        kb(stats.shared_bytes),
        if shown < n { ", heaviest 10" } else { "" }
    );
    for (url, w) in stats.weights.iter().take(shown) {
        println!("  {:>9}  {url}", kb(*w));
    }
    let over = stats.over(PAGE_BUDGET).count();
    println!(
        "total {} for {n} pages, median {}, {over} over the {} budget",
        kb(stats.total()),
        kb(stats.weights[n / 2].1),
        kb(PAGE_BUDGET)
    );
}

/// Prints the print views' weights (kept out of the page budget) and each
/// PDF's pages, size and time.
fn print_extras(stats: &crate::site::BuildStats) {
    let kb = |b: usize| format!("{:.1} KB", b as f64 / 1024.0);
    if !stats.print_weights.is_empty() {
        let list: Vec<String> = stats
            .print_weights
            .iter()
            .map(|(url, w)| format!("{url} {}", kb(*w)))
            .collect();
        println!(
            "print views (whole guide, outside the budget): {}",
            list.join(", ")
        );
    }
    for p in &stats.pdfs {
        println!(
            "pdf {}: {} pages, {}, {} ms",
            p.file,
            p.pages,
            kb(p.bytes),
            p.time.as_millis()
        );
    }
}

/// Folder names joined for a report line, `none` for no folder.
fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}
