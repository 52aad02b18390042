//! The intranet's services behind the portal's entries (timetable, webmail,
//! Claroline, placement agreement). Each is a module `services/<name>.rs`
//! exposing `pub fn routes() -> Router<AppState>`, merged below; see
//! docs/ARCHITECTURE.md, "Adding a service to the mock".

pub mod claroline;
pub mod pstage;
pub mod timetable;
pub mod webmail;

use axum::Router;

use crate::state::AppState;

/// Every service's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(timetable::routes())
        .merge(webmail::routes())
        .merge(claroline::routes())
        .merge(pstage::routes())
}

/// The services' parts of the control API (under `/__mock/`), merged only
/// when the control API is served: without it every `/__mock/` path is 404.
pub fn control_routes() -> Router<AppState> {
    Router::new().merge(pstage::control_routes())
}
