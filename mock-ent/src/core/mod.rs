//! What every part of the mock stands on, importing nothing outside `core`:
//! configuration, the clock, secrets, the shared state, sessions, CSRF,
//! templates and rendering, error pages, URL helpers and the bundled static
//! files.

pub mod assets;
pub mod clock;
pub mod config;
pub mod csrf;
pub mod error;
pub mod render;
pub mod secret;
pub mod session;
pub mod session_store;
pub mod state;
pub mod templates;
pub mod urls;
