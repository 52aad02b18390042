//! Every service of the mock intranet: the portal, CAS, activation, the
//! personal mailbox, the Windows sign-in, and the services behind the
//! portal's entries (timetable, webmail, Claroline, placement agreement).
//! Each is a module `services/<name>.rs` (or a folder) exposing
//! `pub fn routes() -> Router<AppState>`, merged below; a service never
//! imports another.
//!
//! # Adding a service
//! Write `services/<name>.rs` (or a folder) with `pub fn routes() ->
//! Router<AppState>`, declare it here and merge it below. Routes use their
//! full paths (`/ade/...`).
//! - **Dependencies**: `core` and `world` only; what two services share
//!   (people, mail, tickets, enrolment) belongs in `world/`.
//! - **Current user**: take `core::session::CurrentUser` as an extractor:
//!   with nobody logged in it answers the redirect to CAS (back to the same
//!   page after login through `/uPortal/Login` and a real service ticket);
//!   an account not yet activated is sent to `/esup-activ/`. `user.login`
//!   keys the persona's data.
//! - **Persona**: `state.persona(&login)` (names, e-mails, kind, student
//!   number; `use crate::world::WorldState`).
//! - **Service data**: `state.service::<T, _>(|t: &mut T| ...)` gives the
//!   service its own `T: Default + Send` (created on first use, dropped by
//!   `/__mock/reset`); keep per-persona data in it keyed by login and check
//!   the owner on every access (one persona never sees another's data).
//!   Each type has its own lock: never ask for the same `T` inside that
//!   closure.
//! - **Errors**: a handler may return `core::error::PageResult` and give up
//!   with `?` on a `PageError` (`PageError::not_found(&state)`,
//!   `PageError::page(&state, status, title, message)`, or any `Response`).
//! - **Control API**: a service's own `/__mock/` endpoints go in its `pub fn
//!   control_routes()`, merged in [`control_routes`]; without the control
//!   API every `/__mock/` path answers `404`.
//! - **Clock**: `state.clock().now(Some(&login))` (UTC) or `.paris_now(..)`
//!   / `.today(..)` (Europe/Paris); always pass the login (per-persona
//!   clocks).
//! - **Rendering**: templates in `mock-ent/templates/<name>/...` are
//!   embedded at build time (every file under `templates/` and `static/`,
//!   nothing to register). Start from `core::render::context(&state,
//!   Some(&user.session.0), Some(&user.login))` (gives `csrf_token`, `user`,
//!   `now`, `today`) and render with `render::page(&state,
//!   "name/page.html", &ctx)`. `base.html` is the portal's look (header
//!   band, **Connexion**/**Déconnexion**; insert `tabs` = `portal::TABS` and
//!   `active_tab` to show the tabs); `bare.html` is an empty page with the
//!   bundled fonts and `ent.css`, for services with their own look. Tera
//!   autoescapes `.html`; never mark user data `safe`.
//! - **CSRF**: every state-changing form includes `{% include
//!   "partials/csrf.html" %}`; its handler takes `core::csrf::CsrfForm<T>`
//!   instead of `Form<T>` (wrong or missing token: `403`). Multipart forms
//!   call `core::csrf::verify(&state, &user.session.0, token)`.
//! - **Bodies**: the router caps bodies at 64 KiB
//!   (`mock_ent::FORM_BODY_LIMIT`); an upload route raises it with
//!   `.layer(DefaultBodyLimit::max(N))`.
//! - **Portal entry**: the tabs and their entries are `portal::TABS`.
//! - **Tests**: `AppState::test_session_cookie(login)` gives a logged-in
//!   `JSESSIONID` cookie; `mock-ent/tests/common/mod.rs` has a small
//!   cookie-keeping client over the router, with `login()` through CAS.

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
