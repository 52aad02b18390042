//! mock-ent: a faithful mock of the UJM student intranet (ENT).
//!
//! One origin serves every service under the path prefixes the real hosts use
//! (see `docs/ARCHITECTURE.md`). [`app`] builds the router; [`spawn`] serves it
//! on an ephemeral loopback port from any caller, sync or async.
//!
//! Modules in layers, each importing only those before it: [`core`] (state,
//! sessions, rendering, ...), [`world`] (people, mail, tickets, enrolment),
//! [`services`] (one module each, never importing another), [`control`] (the
//! `/__mock/` API); this file puts them together.

pub mod control;
pub mod core;
pub mod services;
pub mod world;

use axum::extract::DefaultBodyLimit;
use axum::Router;

pub use crate::core::config::{ClockMode, Config};
pub use crate::core::state::AppState;

/// Largest request body a form may send (services that accept uploads raise
/// it on their own routes with `DefaultBodyLimit::max`).
pub const FORM_BODY_LIMIT: usize = 64 * 1024;

/// The whole mock as one router, with a fresh world built from `config`.
pub fn app(config: Config) -> Router {
    app_with_state(new_state(config))
}

/// A fresh state for `config`, with the personas of its fixtures file
/// created (a file that cannot be read is reported on stderr).
pub fn new_state(config: Config) -> AppState {
    let fixtures = config.fixtures.clone();
    let state = AppState::new(config, world::identity);
    if let Some(path) = fixtures {
        if let Err(e) = control::load_fixtures(&state, &path) {
            eprintln!("mock-ent: {}: {e}", path.display());
        }
    }
    state
}

/// The router over an existing state (tests and [`spawn`] keep a handle on it).
pub fn app_with_state(state: AppState) -> Router {
    let mut router = Router::new()
        .merge(services::routes())
        .merge(crate::core::assets::routes());
    if state.config().control {
        router = router.merge(control::routes());
    }
    router
        .fallback(crate::core::render::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::core::session::middleware,
        ))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
        .with_state(state)
}

/// A mock being served in the background; dropping it stops the server.
pub struct Running {
    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
    /// The bound port.
    pub port: u16,
    state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The live state, for in-process control (tests, the generator).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

/// Binds `127.0.0.1:0` and serves the mock on its own thread and runtime, so
/// both sync callers (the browser runner) and async ones can use it.
pub fn spawn(config: Config) -> std::io::Result<Running> {
    spawn_on("127.0.0.1:0", config)
}

/// Like [`spawn`], on a given address (`127.0.0.1:8080`).
pub fn spawn_on(addr: &str, config: Config) -> std::io::Result<Running> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let state = new_state(config);
    let router = app_with_state(state.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("mock-ent")
        .enable_all()
        .build()?;
    let thread = std::thread::Builder::new()
        .name("mock-ent".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let _ = axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        })?;
    Ok(Running {
        url: format!("http://127.0.0.1:{port}"),
        port,
        state,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// Serves the mock on a listener of the current tokio runtime until the
/// process ends (the binary uses it).
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let router = app(config);
    axum::serve(listener, router).await
}
