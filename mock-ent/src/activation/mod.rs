//! First-login activation (`/esup-activ/`): captcha and profile, personal
//! information and the activation e-mail, the link's page with the password
//! policy and the charter, the success page.

use std::collections::HashMap;

use axum::Router;

use crate::state::AppState;

/// Per-login activation progress.
#[derive(Default)]
pub struct ActivationState {
    captchas: HashMap<String, String>,
}

impl ActivationState {
    /// The answer of the latest captcha shown to `login`.
    pub fn captcha_answer(&self, login: &str) -> Option<String> {
        self.captchas.get(login).cloned()
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
