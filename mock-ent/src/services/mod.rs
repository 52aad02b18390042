//! Every service of the mock intranet: the portal, CAS, activation, the
//! personal mailbox, the Windows sign-in, and the services behind the
//! portal's entries (timetable, webmail, Claroline, placement agreement).
//! Each is a module `services/<name>.rs` (or a folder) exposing
//! `pub fn routes() -> Router<AppState>`, merged below; a service never
//! imports another. See docs/ARCHITECTURE.md, "Adding a service to the mock".

pub mod activation;
pub mod cas;
pub mod claroline;
pub mod perso_mail;
pub mod portal;
pub mod pstage;
pub mod timetable;
pub mod webmail;
pub mod windows;

use axum::Router;

use crate::core::state::AppState;

/// Every service's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(portal::routes())
        .merge(cas::routes())
        .merge(activation::routes())
        .merge(perso_mail::routes())
        .merge(windows::routes())
        .merge(timetable::routes())
        .merge(webmail::routes())
        .merge(claroline::routes())
        .merge(pstage::routes())
}

/// The services' parts of the control API (under `/__mock/`), merged only
/// when the control API is served: without it every `/__mock/` path is 404.
pub fn control_routes() -> Router<AppState> {
    Router::new()
        .merge(activation::control_routes())
        .merge(pstage::control_routes())
}
