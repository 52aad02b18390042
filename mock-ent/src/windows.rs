//! `/windows/`: the Windows workstation sign-in, with the directory's credentials.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
