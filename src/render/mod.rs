//! Rendering: a page body's Markdown to HTML ([`markdown`]), the size of
//! its images ([`media`]) and step screenshots with their overlays
//! ([`shots`]).

pub mod markdown;
pub mod media;
pub mod shots;

pub use markdown::{escape, render, Env, Rendered};
