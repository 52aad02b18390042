//! First-login activation (`/esup-activ/`), as the 2015 guide tells it:
//! 1. captcha picture and the **Vous êtes** profile (`start.rs`);
//! 2. personal information, **Envoyer** mails a single-use, expiring link to
//!    the personal mailbox (`info.rs`);
//! 3. the link's page: information, new password under the policy
//!    (`policy.rs`), the charter, **Valider**; then the success page with
//!    **Quitter** (`link.rs`).

pub mod captcha;
pub mod info;
pub mod link;
pub mod png;
pub mod policy;
pub mod start;

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::core::render;
use crate::core::session::SessionId;
use crate::core::state::AppState;
use crate::world::WorldState;

/// Wrong captcha answers in a row that block the form.
pub const MAX_CAPTCHA_FAILURES: u32 = 3;
/// How long that block lasts (by the persona's clock).
pub const BLOCK_SECONDS: i64 = 30;
/// How long an activation link works.
pub const LINK_HOURS: i64 = 48;

pub const TITLE: &str = "Activation de votre compte";
pub const MSG_FORM_ERRORS: &str = "Ce formulaire ne peut pas être validé en raison d'une (ou plusieurs) erreurs de saisie : voir ci-dessous.";
pub const MSG_ALREADY: &str = "Votre compte a déjà été activé.";

/// Where a persona is in the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Captcha,
    Info,
    Sent,
}

/// One persona's progress.
#[derive(Default)]
pub struct Progress {
    pub step: Step,
    /// Number of the captcha now shown (its text derives from it).
    pub captcha_number: u32,
    pub captcha_shown: bool,
    pub failures: u32,
    pub blocked_until: Option<DateTime<Utc>>,
    pub profile: Option<String>,
}

/// A sent activation link.
pub struct Link {
    pub login: String,
    pub expires: DateTime<Utc>,
}

#[derive(Default)]
pub struct ActivationState {
    pub progress: HashMap<String, Progress>,
    /// Live links by code; used or superseded links are removed.
    pub links: HashMap<String, Link>,
}

impl ActivationState {
    /// The answer of the latest captcha shown to `login`.
    pub fn captcha_answer(&self, login: &str) -> Option<String> {
        self.progress
            .get(login)
            .filter(|p| p.captcha_shown)
            .map(|p| captcha::text(login, p.captcha_number))
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/esup-activ",
            get(|| async { axum::response::Redirect::to("/esup-activ/") }),
        )
        .route("/esup-activ/", get(start::show).post(start::submit))
        .route("/esup-activ/captcha.png", get(start::picture))
        .route("/esup-activ/info", axum::routing::post(info::submit))
        .route(
            "/esup-activ/recommencer",
            axum::routing::post(info::restart),
        )
        .route("/esup-activ/activer", get(link::show).post(link::submit))
}

/// The service's part of the control API, merged only when it is served.
pub fn control_routes() -> Router<AppState> {
    Router::new().route("/__mock/personas/{login}/captcha", get(captcha_answer))
}

/// `GET /__mock/personas/{login}/captcha`: the answer of the latest captcha
/// shown to `login`, `404` if none.
async fn captcha_answer(State(state): State<AppState>, Path(login): Path<String>) -> Response {
    match state.service::<ActivationState, _>(|act| act.captcha_answer(&login)) {
        Some(answer) => Json(json!({ "answer": answer })).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("no captcha shown to {login:?} yet") })),
        )
            .into_response(),
    }
}

/// The login this browser is activating (logged in with the birth date).
pub fn pending_login(state: &AppState, session: &SessionId) -> Option<String> {
    state
        .sessions(|s| s.get(&session.0).and_then(|d| d.pending_activation.clone()))
        .filter(|l| state.persona(l).is_some_and(|p| !p.activated))
}

/// The base context of activation pages.
pub fn context(state: &AppState, session: &SessionId, login: Option<&str>) -> tera::Context {
    let mut ctx = render::context(state, Some(&session.0), login);
    ctx.insert("title", TITLE);
    ctx
}

/// Without a birth-date login: an activated user is told so, anyone else is
/// sent to log in first.
pub fn not_pending(state: &AppState, session: &SessionId) -> Response {
    let login = state.sessions(|s| s.login_of(&session.0));
    if login.is_some() {
        let mut ctx = context(state, session, login.as_deref());
        ctx.insert("message", MSG_ALREADY);
        return render::page(state, "activation/message.html", &ctx);
    }
    Redirect::to("/uPortal/Login").into_response()
}
