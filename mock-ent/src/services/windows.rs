//! `/windows/`: the Windows workstation sign-in, which accepts the same
//! directory credentials as the intranet (the birth date until activation).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::core::csrf::CsrfForm;
use crate::core::render;
use crate::core::session::SessionId;
use crate::core::state::AppState;
use crate::world::directory::{check, Auth};
use crate::world::WorldState;

pub const MSG_BAD: &str = "Le nom d'utilisateur ou le mot de passe est incorrect. Réessayez.";

pub fn routes() -> Router<AppState> {
    Router::new().route("/windows/", get(show).post(submit))
}

fn page(
    state: &AppState,
    session: &SessionId,
    error: Option<&str>,
    username: &str,
    status: StatusCode,
) -> Response {
    let mut ctx = render::context(state, Some(&session.0), None);
    ctx.insert("error", &error);
    ctx.insert("username", username);
    render::page_with_status(state, status, "windows/signin.html", &ctx)
}

async fn show(State(state): State<AppState>, session: SessionId) -> Response {
    page(&state, &session, None, "", StatusCode::OK)
}

#[derive(Deserialize, Default)]
struct SignIn {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

async fn submit(
    State(state): State<AppState>,
    session: SessionId,
    CsrfForm(f): CsrfForm<SignIn>,
) -> Response {
    // `UJM\login` and `login@...` are the same account.
    let login = f
        .username
        .trim()
        .rsplit('\\')
        .next()
        .unwrap_or("")
        .split('@')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let today = state.clock().today(Some(&login));
    let outcome = state
        .persona(&login)
        .map(|p| (check(&p, &f.password, today), p))
        .filter(|(a, _)| *a != Auth::Denied);
    match outcome {
        Some((_, p)) => {
            let mut ctx = render::context(&state, Some(&session.0), None);
            ctx.insert("given_name", &p.given_name);
            render::page(&state, "windows/desktop.html", &ctx)
        }
        None => page(
            &state,
            &session,
            Some(MSG_BAD),
            f.username.trim(),
            StatusCode::UNAUTHORIZED,
        ),
    }
}
