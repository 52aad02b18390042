//! Sessions on the request side: the `JSESSIONID` cookie (HttpOnly,
//! SameSite=Lax) every service shares, the middleware that gives each
//! request its session (the store is `session_store.rs`), and the extractors
//! for the session and for the logged-in user (which redirects to CAS when
//! nobody is logged in).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE as COOKIE_HEADER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::core::session_store::new_id;
pub use crate::core::session_store::{SessionData, SessionStore, COOKIE};
use crate::core::state::AppState;

fn well_formed(id: &str) -> bool {
    id.len() == 40 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The value of cookie `name` in the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, on `path`.
pub fn set_cookie(name: &str, value: &str, path: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Lax"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Path=/"))
}

/// A `Set-Cookie` value that deletes cookie `name` on `path`.
pub fn clear_cookie(name: &str, path: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}=; Path={path}; HttpOnly; SameSite=Lax; Max-Age=0"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Path=/"))
}

/// Gives every request (but static files and the control API) a session id,
/// setting the cookie when the browser had none.
pub async fn middleware(State(_state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/") || path.starts_with("/__mock/") {
        return next.run(req).await;
    }
    let existing = cookie(req.headers(), COOKIE).filter(|id| well_formed(id));
    let fresh = existing.is_none();
    let sid = existing.unwrap_or_else(new_id);
    req.extensions_mut().insert(SessionId(sid.clone()));
    let mut resp = next.run(req).await;
    let already_set = resp
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with("JSESSIONID=")));
    if fresh && !already_set {
        resp.headers_mut()
            .append(SET_COOKIE, set_cookie(COOKIE, &sid, "/"));
    }
    resp
}

/// The request's session id (anonymous or not).
#[derive(Clone, Debug)]
pub struct SessionId(pub String);

impl SessionId {
    /// The CSRF token forms of this session must carry.
    pub fn csrf_token(&self, state: &AppState) -> String {
        state.csrf_token(&self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SessionId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<SessionId>().cloned().ok_or_else(|| {
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "no session").into_response()
        })
    }
}

/// The logged-in user. Extracting it from a request with no logged-in session
/// answers a redirect to CAS (back to the same page after login), or to the
/// activation pages for an account that is not activated yet.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub login: String,
    pub session: SessionId,
}

impl CurrentUser {
    pub fn csrf_token(&self, state: &AppState) -> String {
        self.session.csrf_token(state)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = SessionId::from_request_parts(parts, state).await?;
        let data = state.sessions(|s| s.get(&session.0).cloned());
        match data {
            Some(SessionData {
                login: Some(login), ..
            }) if state.identity(&login).is_some() => Ok(CurrentUser { login, session }),
            Some(SessionData {
                pending_activation: Some(_),
                ..
            }) => Err(Redirect::to("/esup-activ/").into_response()),
            _ => {
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/uPortal/".into());
                Err(
                    Redirect::to(&crate::core::urls::cas_login_url(&parts.headers, &here))
                        .into_response(),
                )
            }
        }
    }
}
