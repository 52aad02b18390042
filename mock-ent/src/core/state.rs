//! The shared state every handler sees: configuration, clock, templates, the
//! world (directory, mailboxes), sessions, and a typed slot per service for
//! the service's own data (CAS's tickets, activation's progress, ...), which
//! core never names.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::core::clock::Clock;
use crate::core::config::Config;
use crate::core::session_store::{SessionStore, COOKIE};
use crate::world::World;

type ServiceSlots = HashMap<TypeId, Box<dyn Any + Send>>;

struct Inner {
    config: Config,
    clock: Clock,
    secret: [u8; 32],
    tera: tera::Tera,
    world: Mutex<World>,
    sessions: Mutex<SessionStore>,
    services: Mutex<ServiceSlots>,
}

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// A fresh state: an empty world, no session, the clock at its start.
    /// (`mock_ent::new_state` also creates the fixtures' personas.)
    pub fn new(config: Config) -> Self {
        AppState(Arc::new(Inner {
            clock: Clock::new(config.clock),
            secret: crate::core::secret::random_bytes::<32>(),
            tera: crate::core::templates::build_tera(),
            world: Mutex::new(World::default()),
            sessions: Mutex::new(SessionStore::default()),
            services: Mutex::new(HashMap::new()),
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

    /// Runs `f` on the world under its lock (keep it short; never await inside).
    pub fn world<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut world = self.0.world.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut world)
    }

    /// Runs `f` on the session store under its lock.
    pub fn sessions<R>(&self, f: impl FnOnce(&mut SessionStore) -> R) -> R {
        let mut sessions = self.0.sessions.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut sessions)
    }

    /// Runs `f` on a service's own state `T` (created with `T::default()` on
    /// first use, dropped by reset). Keep per-persona data keyed by login.
    /// Every service's state shares one lock: never call `service` (nor
    /// `world`) inside `f`.
    pub fn service<T: Default + Send + 'static, R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let mut slots = self.0.services.lock().unwrap_or_else(|e| e.into_inner());
        let slot = slots
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()));
        match slot.downcast_mut::<T>() {
            Some(t) => f(t),
            None => {
                let mut fresh = T::default();
                let r = f(&mut fresh);
                *slot = Box::new(fresh);
                r
            }
        }
    }

    /// A persona's directory entry (a copy), if the login exists.
    pub fn persona(&self, login: &str) -> Option<crate::world::directory::Persona> {
        self.world(|w| w.directory.get(login).cloned())
    }

    /// Forgets everything: personas, mail, tickets, sessions, service data, clock advances.
    pub fn reset(&self) {
        self.world(|w| *w = World::default());
        self.sessions(|s| *s = SessionStore::default());
        self.0
            .services
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
