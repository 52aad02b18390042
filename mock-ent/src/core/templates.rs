//! The Tera templates and static files embedded from `mock-ent/templates/`
//! and `mock-ent/static/` at build time, and the template set parsed once
//! (autoescaped for `.html` and `.xml`).

use tera::Tera;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{STATIC_FILES, TEMPLATES};

/// All templates, parsed once. A template that fails to parse is a build
/// defect: the tests render every page, so it cannot ship unnoticed.
pub fn build_tera() -> Tera {
    let mut tera = Tera::default();
    let files: Vec<(&str, &str)> = TEMPLATES
        .iter()
        .filter(|(name, _)| {
            name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")
        })
        .map(|(n, c)| (*n, *c))
        .collect();
    if let Err(e) = tera.add_raw_templates(files) {
        eprintln!("mock-ent: templates: {e:?}");
    }
    tera.autoescape_on(vec![".html", ".xml"]);
    tera
}
