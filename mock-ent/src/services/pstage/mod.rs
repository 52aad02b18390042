//! The work placement agreement (esup-pstage): **Créer une convention**, the
//! wizard's seven parts with server-side checks (`Valider`, `Précédent`,
//! `Enregistrer` to resume later), the summary and **Valider la convention**,
//! then the teacher's `Validation pédagogique`, after which the student can
//! no longer edit it and may print it.
//!
//! The teacher validates a submitted agreement two days after submission on
//! the persona's clock (advance it with `/__mock/clock/advance`), or at once
//! with `POST /__mock/pstage/{login}/validate` (control API only).
//!
//! `model.rs` keeps the agreements, `form.rs` the parts, fields and checks,
//! `views.rs` renders the pages, `handlers.rs` answers the routes below.

pub mod form;
pub mod handlers;
pub mod model;
pub mod views;

use axum::response::Redirect;
use axum::routing::{get, post};
use axum::Router;

use crate::core::state::AppState;
pub use model::TEACHER_DELAY_DAYS;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/esup-pstage",
            get(|| async { Redirect::to("/esup-pstage/") }),
        )
        .route("/esup-pstage/", get(handlers::home))
        .route("/esup-pstage/create", post(handlers::create))
        .route("/esup-pstage/convention/{n}", get(handlers::agreement_page))
        .route(
            "/esup-pstage/convention/{n}/etape/{s}",
            get(handlers::step_page).post(handlers::step_post),
        )
        .route(
            "/esup-pstage/convention/{n}/valider",
            post(handlers::submit),
        )
}

/// The service's part of the control API, merged only when it is served.
pub fn control_routes() -> Router<AppState> {
    Router::new().route(
        "/__mock/pstage/{login}/validate",
        post(handlers::control_validate),
    )
}
