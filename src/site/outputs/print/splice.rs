//! The print view rendered without handing the whole guide to Tera: each
//! section's text is replaced by a marker (`<ent-guide-section N>`), the
//! template is rendered with the markers, and the texts are put in their
//! place. Tera would otherwise copy every page's HTML (megabytes per
//! language) into its context and out again. Where the markers do not
//! come out once each, in order and unescaped (a template that escapes,
//! repeats, reorders or filters the text), the view is rendered with the
//! texts themselves, so any template gives what Tera alone would.

use super::Section;
use crate::diagnostics::Diagnostic;
use crate::site::context::PrintContext;
use crate::site::Site;

/// What each marker starts with.
const PREFIX: &str = "<ent-guide-section ";

fn marker(i: usize) -> String {
    format!("{PREFIX}{i}>")
}

/// Renders `view` with the theme's `print.html` (see the module's doc).
pub fn render(site: &Site, view: &mut PrintContext<Section>) -> Result<String, Diagnostic> {
    let texts: Vec<String> = view
        .sections
        .iter_mut()
        .enumerate()
        .map(|(i, s)| std::mem::replace(&mut s.content, marker(i)))
        .collect();
    let marked = site.theme.render_with("print.html", view)?;
    if let Some(html) = splice(&marked, &texts) {
        return Ok(html);
    }
    for (s, text) in view.sections.iter_mut().zip(texts) {
        s.content = text;
    }
    site.theme.render_with("print.html", view)
}

/// `html` with the markers of `texts` replaced by them; `None` unless
/// each marker comes out exactly once, in order, and no other.
fn splice(html: &str, texts: &[String]) -> Option<String> {
    let size = html.len() + texts.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut rest = html;
    let mut next = 0;
    while let Some(at) = rest.find(PREFIX) {
        let m = marker(next);
        let text = texts.get(next)?;
        if !rest[at..].starts_with(&m) {
            return None;
        }
        out.push_str(&rest[..at]);
        out.push_str(text);
        rest = &rest[at + m.len()..];
        next += 1;
    }
    out.push_str(rest);
    (next == texts.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_once_in_order_are_replaced_and_anything_else_is_refused() {
        let texts = ["<p>one</p>".to_string(), "<p>two</p>".to_string()];
        let html = |a: &str, b: &str| format!("<main>{a}<hr>{b}</main>");
        assert_eq!(
            splice(&html(&marker(0), &marker(1)), &texts).as_deref(),
            Some("<main><p>one</p><hr><p>two</p></main>")
        );
        // Escaped (a template without `| safe`), missing, repeated, out of
        // order, or one too many: rendered with the texts instead.
        let escaped = marker(1).replace('<', "&lt;").replace('>', "&gt;");
        for wrong in [
            html(&marker(0), &escaped),
            html(&marker(0), ""),
            html(&marker(0), &marker(0)),
            html(&marker(1), &marker(0)),
            html(&marker(0), &format!("{}{}", marker(1), marker(2))),
        ] {
            assert_eq!(splice(&wrong, &texts), None, "{wrong}");
        }
        assert_eq!(
            splice("<main></main>", &[]).as_deref(),
            Some("<main></main>")
        );
    }
}
