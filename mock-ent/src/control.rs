//! The control API under `/__mock/` (JSON), for scripts: personas,
//! mailboxes, the clock, reset, plus the endpoints the services contribute
//! (activation's captcha answer, the placement agreement's validation).
//! Absent with `--no-control`, when every `/__mock/` path answers 404.

use std::path::Path as FsPath;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::core::state::AppState;
use crate::world::directory::{Kind, Persona};
use crate::world::WorldState;

/// The whole control API: this module's endpoints and the services'.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(crate::services::control_routes())
        .route("/__mock/personas", post(create_persona))
        .route("/__mock/personas/{login}", get(show_persona))
        .route("/__mock/mailboxes/{address}", get(mailbox))
        .route("/__mock/clock", get(clock))
        .route("/__mock/clock/advance", post(advance))
        .route("/__mock/reset", post(reset))
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

#[derive(Deserialize)]
struct NewPersona {
    kind: String,
    /// Optional: on a fresh mock the same seed gives the same person (e.g. the
    /// page slug); used again on one mock, it gives the seed's next variant
    /// (see `Directory::create`).
    seed: Option<String>,
}

/// A persona as the control API returns it.
#[derive(Serialize)]
pub struct PersonaView {
    kind: &'static str,
    login: String,
    password: String,
    birthdate: String,
    new_password: String,
    given_name: String,
    family_name: String,
    email: String,
    personal_email: String,
    mobile: String,
    personal_mailbox_url: String,
    activated: bool,
}

fn origin(headers: &HeaderMap) -> String {
    format!("http://{}", crate::core::urls::host(headers))
}

fn view(p: &Persona, origin: &str) -> PersonaView {
    PersonaView {
        kind: p.kind.name(),
        login: p.login.clone(),
        password: p.current_password.clone(),
        birthdate: p.birthdate_password(),
        new_password: p.new_password.clone(),
        given_name: p.given_name.clone(),
        family_name: p.family_name.clone(),
        email: p.email.clone(),
        personal_email: p.personal_email.clone(),
        mobile: p.mobile.clone(),
        personal_mailbox_url: format!("{origin}/perso-mail/{}/", p.mailbox_token),
        activated: p.activated,
    }
}

/// Creates a persona (also used by fixtures).
pub fn create(state: &AppState, kind: Kind, seed: Option<&str>) -> Persona {
    let today = state.clock().today(None);
    state.world(|w| w.directory.create(kind, seed, today))
}

async fn create_persona(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Ok(req) = serde_json::from_slice::<NewPersona>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "expected JSON {\"kind\": \"new-student\" | \"new-student-today\" | \"active-student\" | \"returning-student\", \"seed\": optional}",
        );
    };
    let Some(kind) = Kind::parse(&req.kind) else {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "unknown kind {:?}; known kinds: {}",
                req.kind,
                known.join(", ")
            ),
        );
    };
    let p = create(&state, kind, req.seed.as_deref());
    (StatusCode::CREATED, Json(view(&p, &origin(&headers)))).into_response()
}

async fn show_persona(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(login): Path<String>,
) -> Response {
    match state.persona(&login) {
        Some(p) => Json(view(&p, &origin(&headers))).into_response(),
        None => error(StatusCode::NOT_FOUND, format!("no persona {login:?}")),
    }
}

async fn mailbox(State(state): State<AppState>, Path(address): Path<String>) -> Response {
    let owner = state.world(|w| {
        w.directory
            .all()
            .find(|p| {
                p.personal_email.eq_ignore_ascii_case(&address)
                    || p.email.eq_ignore_ascii_case(&address)
            })
            .map(|p| p.login.clone())
    });
    let now = state.clock().now(owner.as_deref());
    let messages = state.world(|w| w.mail.inbox(&address, now));
    let list: Vec<_> = messages
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "from": m.from,
                "to": m.to,
                "subject": m.subject,
                "date": m.delivered.to_rfc3339(),
                "text": m.text,
                "links": m.links,
            })
        })
        .collect();
    Json(json!({ "messages": list })).into_response()
}

async fn clock(State(state): State<AppState>) -> Response {
    let now = state.clock().now(None);
    Json(json!({
        "mode": match state.clock().mode() { crate::core::config::ClockMode::Fixed => "fixed", crate::core::config::ClockMode::Real => "real" },
        "now": now.to_rfc3339(),
        "paris": crate::core::clock::to_paris(now).format("%Y-%m-%dT%H:%M:%S").to_string(),
    }))
    .into_response()
}

#[derive(Deserialize, Default)]
struct Advance {
    #[serde(default)]
    days: i64,
    #[serde(default)]
    hours: i64,
    #[serde(default)]
    minutes: i64,
    #[serde(default)]
    seconds: i64,
    login: Option<String>,
}

async fn advance(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Advance>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "expected JSON {\"days\": N, \"login\": optional} (also hours, minutes, seconds)",
        );
    };
    let parts = [
        (req.days, 86_400i64),
        (req.hours, 3_600),
        (req.minutes, 60),
        (req.seconds, 1),
    ];
    let mut total: i64 = 0;
    for (n, unit) in parts {
        if !(0..=3_650 * 86_400).contains(&n) {
            return error(
                StatusCode::BAD_REQUEST,
                "the clock only moves forward, by at most 10 years",
            );
        }
        total = total.saturating_add(n.saturating_mul(unit));
    }
    if total > 3_650 * 86_400 {
        return error(
            StatusCode::BAD_REQUEST,
            "the clock moves by at most 10 years at once",
        );
    }
    if let Some(login) = &req.login {
        if state.persona(login).is_none() {
            return error(StatusCode::NOT_FOUND, format!("no persona {login:?}"));
        }
    }
    state
        .clock()
        .advance(req.login.as_deref(), Duration::seconds(total));
    let now = state.clock().now(req.login.as_deref());
    Json(json!({
        "now": now.to_rfc3339(),
        "paris": crate::core::clock::to_paris(now).format("%Y-%m-%dT%H:%M:%S").to_string(),
    }))
    .into_response()
}

async fn reset(State(state): State<AppState>) -> Response {
    state.reset();
    Json(json!({ "reset": true })).into_response()
}

#[derive(Deserialize)]
struct Fixtures {
    personas: Vec<NewPersona>,
}

/// Creates the personas listed in a fixtures file.
pub fn load_fixtures(state: &AppState, path: &FsPath) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let fixtures: Fixtures = serde_json::from_str(&text)?;
    for (i, p) in fixtures.personas.iter().enumerate() {
        let kind = Kind::parse(&p.kind)
            .ok_or_else(|| anyhow::anyhow!("persona {}: unknown kind {:?}", i + 1, p.kind))?;
        let persona = create(state, kind, p.seed.as_deref());
        eprintln!(
            "mock-ent: persona {} ({}) password {}",
            persona.login,
            kind.name(),
            persona.current_password
        );
    }
    Ok(())
}
