//! The session store behind the `JSESSIONID` cookie: what each session
//! holds (the login, or a pending activation), bounded in size, with ids
//! renewed at every login.

use std::collections::HashMap;

pub const COOKIE: &str = "JSESSIONID";
const MAX_SESSIONS: usize = 100_000;

/// What a session holds.
#[derive(Clone, Debug, Default)]
pub struct SessionData {
    /// Logged in through CAS (or the test helper).
    pub login: Option<String>,
    /// Logged in with the birth date of a not-yet-activated account: only the
    /// activation pages are open.
    pub pending_activation: Option<String>,
}

#[derive(Default)]
pub struct SessionStore {
    sessions: HashMap<String, SessionData>,
}

impl SessionStore {
    pub fn get(&self, sid: &str) -> Option<&SessionData> {
        self.sessions.get(sid)
    }

    pub fn login_of(&self, sid: &str) -> Option<String> {
        self.sessions.get(sid).and_then(|s| s.login.clone())
    }

    /// Replaces the session `old` by a fresh id holding `data` (ids change on
    /// every login, so a planted cookie is worth nothing). Returns the new id.
    pub fn rotate(&mut self, old: &str, data: SessionData) -> String {
        self.sessions.remove(old);
        if self.sessions.len() >= MAX_SESSIONS {
            self.sessions
                .retain(|_, s| s.login.is_some() || s.pending_activation.is_some());
        }
        let sid = new_id();
        self.sessions.insert(sid.clone(), data);
        sid
    }

    pub fn create_logged_in(&mut self, login: &str) -> String {
        self.rotate(
            "",
            SessionData {
                login: Some(login.to_string()),
                pending_activation: None,
            },
        )
    }

    pub fn destroy(&mut self, sid: &str) {
        self.sessions.remove(sid);
    }

    pub fn set(&mut self, sid: &str, data: SessionData) {
        self.sessions.insert(sid.to_string(), data);
    }
}

/// A fresh session id: 40 random letters and digits.
pub fn new_id() -> String {
    crate::core::secret::random_token(40)
}
