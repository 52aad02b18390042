//! Rendering: a page body's Markdown to HTML ([`markdown`]), the size of
//! its images ([`media`]) and step screenshots with their overlays
//! ([`shots`]).

pub mod markdown;
pub mod media;
pub mod shots;

pub use markdown::{escape, page_url, print_anchor, render, Env, Rendered};
