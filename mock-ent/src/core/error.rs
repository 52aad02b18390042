//! One error type for page handlers, after axum's `examples/error-handling`:
//! a [`PageError`] is the page to answer instead (a `404`, an error page in
//! the portal's look, or any early answer such as a redirect), so handlers
//! return [`PageResult`] and use `?` on what may fail.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::core::render;
use crate::core::state::AppState;

/// The answer a handler gives up with, ready to send (boxed: results stay
/// small).
pub struct PageError(Box<Response>);

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

impl PageError {
    /// The `404` page (`Page introuvable`).
    pub fn not_found(state: &AppState) -> Self {
        Self::page(
            state,
            StatusCode::NOT_FOUND,
            render::NOT_FOUND_TITLE,
            render::NOT_FOUND_MESSAGE,
        )
    }

    /// A page in the portal's look with `status`, `title` and `message`.
    pub fn page(state: &AppState, status: StatusCode, title: &str, message: &str) -> Self {
        PageError(Box::new(render::error_page(state, status, title, message)))
    }
}

/// Any answer (a redirect, a page with a form's errors) can end a handler.
impl From<Response> for PageError {
    fn from(response: Response) -> Self {
        PageError(Box::new(response))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        *self.0
    }
}
