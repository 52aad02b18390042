//! `ent-guide serve`: the live preview. Builds the whole site in memory,
//! serves it (with a toolbar and live reload injected into every page),
//! starts the mock intranet beside it, and rebuilds what each saved edit
//! affects, pushing the result to open pages.
//!
//! - `rebuild.rs`: what an edit affects, rendered from the kept site model.
//! - `watch.rs`: debounced file watching.
//! - `live.rs`: the served files, the event stream, the injected script.
//! - `http.rs`: request paths to files, safely.
//! - `editor/`: the editor under `/__edit/` (edit, record, run a page), and
//!   the mock intranet served with its recorder.
//!
//! [`start`] runs on the caller's tokio runtime and returns a [`Preview`]
//! (`url`, `mock_url`) that stops everything when dropped; [`run`] is the
//! CLI's entry. From the generator it uses `site::build_in_memory` (the same
//! outputs as `build_to`, into a map path → bytes), `theme_assets_in_memory`,
//! `print_views_in_memory`, `render_page`, `Slug::file` and
//! `content::reread` (one page's files again).

pub mod editor;
pub mod http;
pub mod live;
pub mod rebuild;
pub mod watch;

use anyhow::{Context as _, Result};
use live::Live;
use rebuild::{Outcome, Rebuilder};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `0` picks a free port.
    pub port: u16,
    /// Needed to edit from the network (`--edit-token`); on loopback,
    /// when given, the editor asks for it too.
    pub edit_token: Option<String>,
}

/// A running preview: stops when dropped.
pub struct Preview {
    /// `http://ADDR:PORT/`.
    pub url: String,
    /// The mock intranet's URL.
    pub mock_url: String,
    /// The editor's address (with the token when there is one), or why
    /// editing is off.
    pub editor: Result<String, String>,
    pub live: Live,
    /// Stops the mock when dropped.
    _mock: tokio::sync::oneshot::Sender<()>,
    _watcher: watch::Watcher,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Prints the problems of a rebuild and what was rebuilt.
fn report(outcome: &Outcome, started: Instant) {
    match outcome {
        Outcome::Failed(problems) => {
            for d in problems {
                eprintln!("{d}");
            }
            eprintln!(
                "{} problem{}: the last good version stays served",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
        }
        o => println!(
            "rebuilt ({}) in {} ms",
            o.scope(),
            started.elapsed().as_millis()
        ),
    }
}

/// Starts the preview on the caller's tokio runtime: builds the site (a
/// first build with problems still starts, showing them), starts the mock,
/// the watcher and the server.
pub async fn start(options: &Options) -> Result<Preview> {
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("no site folder {}", options.root.display()))?;
    // The preview's address first: the mock's recorder posts to it only.
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("could not listen on {addr} — is the port taken? try --port"))?;
    let local = listener.local_addr()?;
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if local.is_ipv6() {
        format!("[{}]", local.ip())
    } else {
        local.ip().to_string()
    };
    let origin = format!("http://{host}:{}", local.port());
    let (mock_origin, mock) = editor::record::serve_mock(origin.clone())
        .await
        .context("could not start the mock intranet")?;
    let mock_url = format!("{mock_origin}/");
    let live = Live::new(mock_url.clone());
    let started = Instant::now();
    let (mut rebuilder, first) = Rebuilder::start(&root);
    report(&first, started);
    live.publish(first);
    let (watcher, changes) = watch::watch(&root).context("could not watch the site's files")?;
    let feed = live.clone();
    std::thread::Builder::new()
        .name("preview-rebuild".into())
        .spawn(move || {
            while let Some(changed) = watch::next_burst(&changes) {
                let started = Instant::now();
                let outcome = rebuilder.apply(&changed);
                report(&outcome, started);
                feed.publish(outcome);
            }
        })
        .context("could not start the rebuild thread")?;
    let access = editor::auth::Access::new(options.bind, options.edit_token.clone());
    let editor_at = match &access.off_reason {
        Some(why) => Err(why.clone()),
        None => Ok(match &options.edit_token {
            Some(t) => format!("{origin}/__edit/?token={t}"),
            None => format!("{origin}/__edit/"),
        }),
    };
    let editor = editor::Editor::new(&root, access, mock_origin);
    let app = http::router(live.clone()).merge(editor::routes(editor));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await;
    });
    Ok(Preview {
        url: format!("{origin}/"),
        mock_url,
        editor: editor_at,
        live,
        _mock: mock,
        _watcher: watcher,
        shutdown: Some(tx),
    })
}

/// Opens `url` in the desktop's browser.
fn open_browser(url: &str) {
    let tried = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/c", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = tried {
        eprintln!("could not open a browser ({e}); open {url} yourself");
    }
}

/// Runs `ent-guide serve` until Ctrl-C.
pub fn run(
    root: &Path,
    bind: IpAddr,
    port: u16,
    open: bool,
    edit_token: Option<String>,
) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        if !bind.is_loopback() {
            eprintln!(
                "warning: serving on {bind}: other machines on the network can read the preview"
            );
        }
        let options = Options {
            root: root.to_path_buf(),
            bind,
            port,
            edit_token,
        };
        let preview = start(&options).await?;
        println!("preview:        {}", preview.url);
        println!("mock intranet:  {}", preview.mock_url);
        match &preview.editor {
            Ok(url) => println!("editor:         {url}"),
            Err(why) => println!("{why}"),
        }
        println!("watching content/, themes/, screenshots/ — press Ctrl-C to stop");
        if open {
            open_browser(&preview.url);
        }
        tokio::signal::ctrl_c().await?;
        drop(preview);
        Ok(())
    })
}
