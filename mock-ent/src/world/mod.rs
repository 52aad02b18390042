//! The world the services share: the directory of personas and the
//! mailboxes the mock delivers to, under one lock in the app state
//! (`AppState::world`) and forgotten by reset.

pub mod directory;
pub mod mailbox;

/// The people and the mail; the services keep the rest in their own state.
#[derive(Default)]
pub struct World {
    pub directory: directory::Directory,
    pub mail: mailbox::Mailboxes,
}
