//! `/perso-mail/`: the persona's personal (outside) mailbox, reachable only
//! through its secret address.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
