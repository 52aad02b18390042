//! The world the services share: the directory of personas, the mailboxes
//! the mock delivers to, the service tickets CAS issues and CAS clients
//! redeem, and the programmes students are enrolled in. One typed slot of
//! the app state, reached through [`WorldState`], forgotten by reset; the
//! directory answers core's question "who is this login?" ([`identity`]).

pub mod directory;
pub mod enrolment;
pub mod mailbox;
pub mod tickets;

/// The people, the mail and the tickets; each service keeps the rest in its
/// own state.
#[derive(Default)]
pub struct World {
    pub directory: directory::Directory,
    pub mail: mailbox::Mailboxes,
    pub tickets: tickets::Tickets,
}

use crate::core::state::{AppState, Identity};

/// The world's part of the app state.
pub trait WorldState {
    /// Runs `f` on the world under its lock (keep it short; never await
    /// inside, never ask for the world again inside).
    fn world<R>(&self, f: impl FnOnce(&mut World) -> R) -> R;

    /// A persona's directory entry (a copy), if the login exists.
    fn persona(&self, login: &str) -> Option<directory::Persona>;
}

impl WorldState for AppState {
    fn world<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        self.service::<World, R>(f)
    }

    fn persona(&self, login: &str) -> Option<directory::Persona> {
        self.world(|w| w.directory.get(login).cloned())
    }
}

/// Who `login` is, from the directory: the [`People`](crate::core::state::People)
/// lookup the app state is built with.
pub fn identity(state: &AppState, login: &str) -> Option<Identity> {
    state.persona(login).map(|p| Identity {
        login: p.login,
        given_name: p.given_name,
        family_name: p.family_name,
        email: p.email,
    })
}
