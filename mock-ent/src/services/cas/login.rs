//! `/esup-cas/login`: the form (single-use `execution`), `service`, `renew`,
//! `gateway`, the `warn` option, single sign-on, lockout, and the French
//! messages of the real server.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::CasState;
use super::{authorized_service, throttle, tickets, with_ticket, Execution, Tgt, TGC, TGT_HOURS};
use crate::core::render;
use crate::core::session::{cookie, set_cookie, SessionData, SessionId};
use crate::core::state::AppState;
use crate::world::directory::Auth;
use crate::world::WorldState;

pub const MSG_INSTRUCTION: &str = "Entrez votre identifiant et votre mot de passe.";
pub const MSG_BAD_CREDENTIALS: &str =
    "Les informations transmises n'ont pas permis de vous authentifier.";
pub const MSG_NO_USERNAME: &str = "Vous devez entrer votre identifiant.";
pub const MSG_NO_PASSWORD: &str = "Vous devez entrer votre mot de passe.";
pub const MSG_REPLAYED: &str =
    "Vous ne pouvez pas re-soumettre un formulaire d'autentification qui a déjà été soumis.";
pub const MSG_LOCKED_TITLE: &str = "Accès non autorisé";
pub const MSG_LOCKED: &str =
    "Vous avez saisi un mauvais mot de passe trop de fois de suite. Vous avez été bloqué.";
pub const MSG_UNKNOWN_SERVICE: &str = "Application non autorisée à utiliser CAS";

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    service: Option<String>,
    renew: Option<String>,
    gateway: Option<String>,
}

fn flag(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| v != "false")
}

fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::FOUND, [(LOCATION, v)]).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "bad redirect").into_response(),
    }
}

/// The live single-sign-on session of this browser, if any: its cookie, the
/// login, the `warn` choice and when the session started.
fn live_tgt(
    state: &AppState,
    headers: &HeaderMap,
) -> Option<(String, String, bool, DateTime<Utc>)> {
    let tgc = cookie(headers, TGC)?;
    let (login, warn, created) = state.service::<CasState, _>(|cas| {
        cas.tgts
            .get(&tgc)
            .map(|t| (t.login.clone(), t.warn, t.created))
    })?;
    let now = state.clock().now(Some(&login));
    if now - created > Duration::hours(TGT_HOURS) || state.persona(&login).is_none() {
        state.service::<CasState, _>(|cas| cas.tgts.remove(&tgc));
        return None;
    }
    Some((tgc, login, warn, created))
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: SessionId,
    Query(q): Query<LoginQuery>,
) -> Response {
    let service = q.service.filter(|s| !s.is_empty());
    if let Some(s) = &service {
        if !authorized_service(&headers, s) {
            return unknown_service(&state);
        }
    }
    let renew = flag(&q.renew);
    if !renew {
        if let Some((_, login, warn, created)) = live_tgt(&state, &headers) {
            return match service {
                Some(s) => {
                    let ticket = tickets::issue(&state, &login, &s, false, created);
                    let target = with_ticket(&s, &ticket);
                    if warn {
                        let mut ctx = render::context(&state, Some(&session.0), None);
                        ctx.insert("target", &target);
                        render::page(&state, "cas/confirm.html", &ctx)
                    } else {
                        found(&target)
                    }
                }
                None => success_page(&state, &session),
            };
        }
    }
    if flag(&q.gateway) {
        if let Some(s) = &service {
            return found(s);
        }
    }
    form(&state, &session, service, renew, &[], "", StatusCode::OK)
}

fn form(
    state: &AppState,
    session: &SessionId,
    service: Option<String>,
    renew: bool,
    errors: &[&str],
    username: &str,
    status: StatusCode,
) -> Response {
    let execution = format!("e1s{}", crate::core::secret::random_token(48));
    state.service::<CasState, _>(|cas| {
        cas.prune();
        cas.executions.insert(
            execution.clone(),
            Execution {
                service: service.clone(),
                renew,
            },
        )
    });
    let mut ctx = render::context(state, Some(&session.0), None);
    let action = match &service {
        Some(s) => format!("/esup-cas/login?service={}", crate::core::urls::encode(s)),
        None => "/esup-cas/login".to_string(),
    };
    ctx.insert("action", &action);
    ctx.insert("execution", &execution);
    ctx.insert("service", &service);
    ctx.insert("errors", errors);
    ctx.insert("username", username);
    ctx.insert("instruction", MSG_INSTRUCTION);
    render::page_with_status(state, status, "cas/login.html", &ctx)
}

fn unknown_service(state: &AppState) -> Response {
    let ctx = render::context(state, None, None);
    render::page_with_status(
        state,
        StatusCode::FORBIDDEN,
        "cas/unknown-service.html",
        &ctx,
    )
}

fn success_page(state: &AppState, session: &SessionId) -> Response {
    let ctx = render::context(state, Some(&session.0), None);
    render::page(state, "cas/success.html", &ctx)
}

fn locked_page(state: &AppState) -> Response {
    let mut ctx = render::context(state, None, None);
    ctx.insert("title", MSG_LOCKED_TITLE);
    ctx.insert("message", MSG_LOCKED);
    render::page_with_status(state, StatusCode::FORBIDDEN, "cas/locked.html", &ctx)
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    execution: String,
    #[serde(default)]
    warn: Option<String>,
}

pub async fn submit(State(state): State<AppState>, session: SessionId, body: Bytes) -> Response {
    let Ok(f) = serde_urlencoded::from_bytes::<LoginForm>(&body) else {
        return crate::core::csrf::bad_form(&state);
    };
    // Single use: the execution is consumed whatever happens next.
    let Some(exec) = state.service::<CasState, _>(|cas| cas.executions.remove(&f.execution)) else {
        return form(
            &state,
            &session,
            None,
            false,
            &[MSG_REPLAYED],
            "",
            StatusCode::OK,
        );
    };
    let username = f.username.trim().to_string();
    let mut missing = Vec::new();
    if username.is_empty() {
        missing.push(MSG_NO_USERNAME);
    }
    if f.password.is_empty() {
        missing.push(MSG_NO_PASSWORD);
    }
    if !missing.is_empty() {
        return form(
            &state,
            &session,
            exec.service,
            exec.renew,
            &missing,
            &username,
            StatusCode::OK,
        );
    }
    let key = username.to_lowercase();
    if throttle::is_locked(&state, &key) {
        return locked_page(&state);
    }
    let today = state.clock().today(Some(&key));
    // The hash is checked on a copy, outside the world's lock.
    let outcome = state
        .persona(&key)
        .map(|p| crate::world::directory::check(&p, &f.password, today))
        .unwrap_or(Auth::Denied);
    match outcome {
        Auth::Denied if throttle::record_failure(&state, &key) => locked_page(&state),
        Auth::Denied => form(
            &state,
            &session,
            exec.service,
            exec.renew,
            &[MSG_BAD_CREDENTIALS],
            &username,
            StatusCode::UNAUTHORIZED,
        ),
        Auth::NeedsActivation => {
            throttle::clear(&state, &key);
            start_activation(&state, &session, &key)
        }
        Auth::Ok => {
            throttle::clear(&state, &key);
            grant(&state, &session, &key, exec.service, f.warn.is_some())
        }
    }
}

/// Birth-date login of an account not activated yet: no single sign-on,
/// only the activation pages (with a fresh session id).
fn start_activation(state: &AppState, session: &SessionId, login: &str) -> Response {
    let sid = state.sessions(|s| {
        s.rotate(
            &session.0,
            SessionData {
                login: None,
                pending_activation: Some(login.to_string()),
            },
        )
    });
    (
        StatusCode::FOUND,
        [
            (LOCATION, HeaderValue::from_static("/esup-activ/")),
            (
                SET_COOKIE,
                set_cookie(crate::core::session::COOKIE, &sid, "/"),
            ),
        ],
    )
        .into_response()
}

/// Good credentials: the single-sign-on cookie, then a ticket for the
/// service (or the `Connexion réussie` page without one).
fn grant(
    state: &AppState,
    session: &SessionId,
    login: &str,
    service: Option<String>,
    warn: bool,
) -> Response {
    let tgc = format!("TGT-{}", crate::core::secret::random_token(48));
    let created = state.clock().now(Some(login));
    state.service::<CasState, _>(|cas| {
        cas.prune();
        cas.tgts.insert(
            tgc.clone(),
            Tgt {
                login: login.to_string(),
                warn,
                created,
            },
        )
    });
    let tgc_cookie = set_cookie(TGC, &tgc, "/esup-cas");
    let Some(service) = service else {
        return ([(SET_COOKIE, tgc_cookie)], success_page(state, session)).into_response();
    };
    let ticket = tickets::issue(state, login, &service, true, created);
    match HeaderValue::from_str(&with_ticket(&service, &ticket)) {
        Ok(loc) => (
            StatusCode::FOUND,
            [(LOCATION, loc), (SET_COOKIE, tgc_cookie)],
        )
            .into_response(),
        Err(_) => unknown_service(state),
    }
}
