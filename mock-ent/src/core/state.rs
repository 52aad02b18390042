//! The shared state every handler sees: configuration, clock, templates,
//! sessions, and one typed slot per kind of data (the world, CAS's single
//! sign-on, activation's progress, each service's own), which core never
//! names. Core asks who a login is through the [`People`] lookup it is given.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::core::clock::Clock;
use crate::core::config::Config;
use crate::core::session_store::{SessionStore, COOKIE};

/// What core knows of a person: enough to greet them on a page and to
/// accept their session.
#[derive(Clone, Debug)]
pub struct Identity {
    pub login: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
}

/// Who a login is, if anyone: the directory answers (`mock_ent::new_state`
/// passes `world::identity`).
pub type People = fn(&AppState, &str) -> Option<Identity>;

type Slot = Arc<Mutex<Box<dyn Any + Send>>>;

struct Inner {
    config: Config,
    clock: Clock,
    secret: [u8; 32],
    tera: tera::Tera,
    people: People,
    sessions: Mutex<SessionStore>,
    slots: Mutex<HashMap<TypeId, Slot>>,
}

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// A fresh state: no data, no session, the clock at its start; `people`
    /// tells who a login is. (`mock_ent::new_state` builds it with the
    /// directory and creates the fixtures' personas.)
    pub fn new(config: Config, people: People) -> Self {
        AppState(Arc::new(Inner {
            clock: Clock::new(config.clock),
            secret: crate::core::secret::random_bytes::<32>(),
            tera: crate::core::templates::build_tera(),
            people,
            sessions: Mutex::new(SessionStore::default()),
            slots: Mutex::new(HashMap::new()),
            config,
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The per-process key of CSRF tokens and other MACs.
    pub fn secret(&self) -> &[u8] {
        &self.0.secret
    }

    /// The CSRF token forms of session `sid` must carry (a MAC of the id).
    pub fn csrf_token(&self, sid: &str) -> String {
        let mut mac = crate::core::secret::mac_hex(self.secret(), format!("csrf:{sid}").as_bytes());
        mac.truncate(43);
        mac
    }

    pub fn tera(&self) -> &tera::Tera {
        &self.0.tera
    }

    /// Who `login` is, if the directory knows it.
    pub fn identity(&self, login: &str) -> Option<Identity> {
        (self.0.people)(self, login)
    }

    /// Runs `f` on the session store under its lock.
    pub fn sessions<R>(&self, f: impl FnOnce(&mut SessionStore) -> R) -> R {
        let mut sessions = self.0.sessions.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut sessions)
    }

    /// Runs `f` on the data of type `T` (created with `T::default()` on first
    /// use, dropped by reset): the world, or a service's own state. Each type
    /// has its own lock: keep `f` short, never await inside, and never ask
    /// for the same `T` again inside `f`.
    pub fn service<T: Default + Send + 'static, R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let slot: Slot = {
            let mut slots = self.0.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots
                .entry(TypeId::of::<T>())
                .or_insert_with(|| Arc::new(Mutex::new(Box::new(T::default()))))
                .clone()
        };
        let mut data = slot.lock().unwrap_or_else(|e| e.into_inner());
        match data.downcast_mut::<T>() {
            Some(t) => f(t),
            None => {
                let mut fresh = T::default();
                let r = f(&mut fresh);
                *data = Box::new(fresh);
                r
            }
        }
    }

    /// Forgets everything: personas, mail, tickets, sessions, service data, clock advances.
    pub fn reset(&self) {
        self.sessions(|s| *s = SessionStore::default());
        self.0
            .slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.clock().reset();
    }

    /// A logged-in session for `login`, as a `Cookie` header value
    /// (`JSESSIONID=...`), for tests of services that skip the CAS dance.
    pub fn test_session_cookie(&self, login: &str) -> String {
        let sid = self.sessions(|s| s.create_logged_in(login));
        format!("{COOKIE}={sid}")
    }
}
