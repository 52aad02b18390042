//! CSRF protection: every state-changing form carries a hidden `_csrf` field
//! bound to the session (`{% include "partials/csrf.html" %}` writes it);
//! [`CsrfForm`] checks it before the handler runs.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::core::session::SessionId;
use crate::core::state::AppState;

/// Name of the hidden form field.
pub const FIELD: &str = "_csrf";

/// The token of session `sid`.
pub fn token(state: &AppState, sid: &str) -> String {
    state.csrf_token(sid)
}

/// Whether `given` is the token of session `sid`.
pub fn verify(state: &AppState, sid: &str, given: &str) -> bool {
    crate::core::secret::same(&token(state, sid), given)
}

/// The page shown for a missing or wrong token (`403`).
pub fn rejection(state: &AppState) -> Response {
    crate::core::render::error_page(
        state,
        StatusCode::FORBIDDEN,
        "Formulaire expiré",
        "Ce formulaire a expiré ou ne provient pas de ce site. Rechargez la page et recommencez.",
    )
}

/// A urlencoded form whose `_csrf` field matched the session; `T` is the rest.
/// Unreadable bodies answer `400` with a page, never a panic.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let sid = req
            .extensions()
            .get::<SessionId>()
            .cloned()
            .ok_or_else(|| rejection(state))?;
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| e.into_response())?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| bad_form(state))?;
        let given = pairs
            .iter()
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if !verify(state, &sid.0, given) {
            return Err(rejection(state));
        }
        let value = serde_urlencoded::from_bytes(&bytes).map_err(|_| bad_form(state))?;
        Ok(CsrfForm(value))
    }
}

/// The page shown for a form that cannot be read (`400`).
pub fn bad_form(state: &AppState) -> Response {
    crate::core::render::error_page(
        state,
        StatusCode::BAD_REQUEST,
        "Requête invalide",
        "Le formulaire envoyé n'a pas pu être lu.",
    )
}
