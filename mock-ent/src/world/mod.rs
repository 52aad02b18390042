//! The world the services share: the directory of personas and the
//! mailboxes the mock delivers to.

pub mod directory;
pub mod mailbox;
