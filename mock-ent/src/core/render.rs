//! Rendering pages: the base context every page gets (CSRF token, user,
//! dates), pages with a status, and the error pages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tera::Context;

use crate::core::state::AppState;

/// The signed-in user as pages show it.
#[derive(Serialize)]
pub struct UserView {
    pub login: String,
    pub given_name: String,
    pub family_name: String,
    pub display_name: String,
    pub email: String,
}

/// The context every page starts from: `csrf_token`, `user` (if any),
/// `now` (`14/09/2026 09:00`), `today` (`2026-09-14`).
pub fn context(state: &AppState, sid: Option<&str>, login: Option<&str>) -> Context {
    let mut ctx = Context::new();
    if let Some(sid) = sid {
        ctx.insert("csrf_token", &state.csrf_token(sid));
    }
    let now = state.clock().paris_now(login);
    ctx.insert("now", &crate::core::clock::french(now));
    ctx.insert("today", &now.date().to_string());
    if let Some(p) = login.and_then(|l| state.identity(l)) {
        ctx.insert(
            "user",
            &UserView {
                display_name: format!("{} {}", p.given_name, p.family_name),
                login: p.login,
                given_name: p.given_name,
                family_name: p.family_name,
                email: p.email,
            },
        );
    }
    ctx
}

/// Renders `template` as a `200` page.
pub fn page(state: &AppState, template: &str, ctx: &Context) -> Response {
    page_with_status(state, StatusCode::OK, template, ctx)
}

/// Renders `template` with `status`; a rendering failure is a `500` page.
pub fn page_with_status(
    state: &AppState,
    status: StatusCode,
    template: &str,
    ctx: &Context,
) -> Response {
    match state.tera().render(template, ctx) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            eprintln!("mock-ent: rendering {template}: {msg}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Erreur</title><p>Erreur interne du serveur.</p>"),
            )
                .into_response()
        }
    }
}

/// A simple page in the portal's look with a title and a message.
pub fn error_page(state: &AppState, status: StatusCode, title: &str, message: &str) -> Response {
    let mut ctx = context(state, None, None);
    ctx.insert("title", title);
    ctx.insert("message", message);
    page_with_status(state, status, "error.html", &ctx)
}

/// The title and message of the `404` page.
pub const NOT_FOUND_TITLE: &str = "Page introuvable";
pub const NOT_FOUND_MESSAGE: &str = "La page demandée n'existe pas.";

/// The fallback: `404` page.
pub async fn not_found(State(state): State<AppState>) -> Response {
    error_page(
        &state,
        StatusCode::NOT_FOUND,
        NOT_FOUND_TITLE,
        NOT_FOUND_MESSAGE,
    )
}
