//! ent-guide: builds, checks, verifies and illustrates the UJM student
//! intranet guide from Markdown.

pub mod allocator;
pub mod check;
pub mod chrome;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod digest;
pub mod i18n;
pub mod links;
pub mod output;
pub mod render;
pub mod runner;
pub mod screenshots;
pub mod serve;
pub mod site;
pub mod slug;
pub mod steps;
pub mod theme;
pub mod timings;
pub mod words;
pub mod yaml;
