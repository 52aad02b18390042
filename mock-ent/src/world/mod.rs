//! The world the services share: the directory of personas, the mailboxes
//! the mock delivers to, the service tickets CAS issues and CAS clients
//! redeem, and the programmes students are enrolled in. Under one lock in
//! the app state (`AppState::world`), forgotten by reset.

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
