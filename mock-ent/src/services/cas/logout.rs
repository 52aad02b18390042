//! `/esup-cas/logout`: ends the single-sign-on session (and, as single
//! logout would, the browser's service session); follows `service` when the
//! registry allows it, else shows `Déconnexion réussie`.

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::CasState;
use super::{authorized_service, TGC};
use crate::core::session::{clear_cookie, cookie, SessionId};
use crate::core::state::AppState;

#[derive(Deserialize, Default)]
pub struct LogoutQuery {
    service: Option<String>,
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: SessionId,
    Query(q): Query<LogoutQuery>,
) -> Response {
    if let Some(tgc) = cookie(&headers, TGC) {
        state.service::<CasState, _>(|cas| cas.tgts.remove(&tgc));
    }
    state.sessions(|s| s.destroy(&session.0));
    let clear = [(SET_COOKIE, clear_cookie(TGC, "/esup-cas"))];
    let service = q.service.filter(|s| authorized_service(&headers, s));
    if let Some(service) = service {
        return (clear, Redirect::to(&service)).into_response();
    }
    let ctx = crate::core::render::context(&state, Some(&session.0), None);
    (
        clear,
        crate::core::render::page(&state, "cas/logout.html", &ctx),
    )
        .into_response()
}
