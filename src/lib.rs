//! ent-guide: builds, checks, verifies and illustrates the UJM student
//! intranet guide from Markdown.

pub mod diagnostics;
pub mod steps;
