//! Where a Markdown link or image points on the site: `*.md` links become
//! the page's URL in the reader's language (anchors kept, to be checked
//! once every page is rendered), files become `media/…` (a
//! `name.<lang>.png` beside `name.png` wins), outside links stay; broken
//! ones are problems.

use super::{AnchorRef, Env, Problem, Rendered};
use crate::links::{resolve, Known, Target};

/// The site URL of a link or image destination, or `None` to leave it
/// as written (outside links, and broken ones after reporting them).
pub fn rewrite(
    dest: &str,
    at: usize,
    image: bool,
    env: &Env,
    out: &mut Rendered,
) -> Option<String> {
    match resolve(dest, env.slug, env.dir, env.known) {
        Err(b) => {
            out.problems.push(Problem {
                at,
                message: if image {
                    format!("image: {}", b.message)
                } else {
                    b.message
                },
                hint: b.hint,
            });
            None
        }
        Ok(Target::External) => None,
        Ok(Target::Page { slug, fragment }) => {
            if image {
                out.problems.push(Problem {
                    at,
                    message: format!("`{dest}` is a page, not an image"),
                    hint: "point the image at a .png, .jpg or .svg file under content/".into(),
                });
                return None;
            }
            if let Some(f) = &fragment {
                out.anchor_refs.push(AnchorRef {
                    slug: slug.clone(),
                    fragment: f.clone(),
                    at,
                });
            }
            let mut url = if slug == env.slug {
                String::new()
            } else {
                crate::slug::url(env.root, env.lang, &slug)
            };
            match fragment {
                Some(f) => {
                    url.push('#');
                    url.push_str(&f);
                }
                None if url.is_empty() => url.push_str("./"),
                None => {}
            }
            Some(url)
        }
        Ok(Target::File { rel }) => Some(format!(
            "{}media/{}",
            env.root,
            localized(&rel, env.lang, env.known)
        )),
    }
}

/// `name.<lang>.png` when it exists beside `name.png`.
fn localized(rel: &str, lang: &str, known: &dyn Known) -> String {
    if let Some((stem, ext)) = rel.rsplit_once('.') {
        if !stem.ends_with('/') {
            let candidate = format!("{stem}.{lang}.{ext}");
            if known.has_file(&candidate) {
                return candidate;
            }
        }
    }
    rel.to_string()
}
