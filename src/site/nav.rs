//! Navigation: the order of pages (a tree by folder, siblings by weight
//! then slug) and the per-page menu, which lists the top level and opens
//! only the current page's branch, so its size does not grow with the
//! whole guide.

use crate::config::Config;
use crate::content::Page;
use crate::render::escape;
use std::collections::HashMap;

/// Returns the navigation order of `pages` (indexes into `pages`) and, for
/// each page *in that order*, the order-indexes of its children. A page's
/// parent is its nearest existing ancestor folder page, else home.
pub fn order(pages: &[Page]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let by_slug: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    let mut roots = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if p.slug.is_home() {
            roots.push(i);
            continue;
        }
        let mut parent = p.parent().unwrap_or("");
        loop {
            if let Some(&j) = by_slug.get(parent) {
                kids[j].push(i);
                break;
            }
            match parent.rsplit_once('/') {
                Some((up, _)) => parent = up,
                None if parent.is_empty() => {
                    roots.push(i);
                    break;
                }
                None => parent = "",
            }
        }
    }
    let key = |&i: &usize| (pages[i].weight(), pages[i].slug.clone());
    roots.sort_by_key(key);
    for k in &mut kids {
        k.sort_by_key(key);
    }
    let mut out = Vec::with_capacity(pages.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        out.push(i);
        stack.extend(kids[i].iter().rev());
    }
    let mut pos = vec![0; pages.len()];
    for (n, &i) in out.iter().enumerate() {
        pos[i] = n;
    }
    let children = out
        .iter()
        .map(|&i| kids[i].iter().map(|&c| pos[c]).collect())
        .collect();
    (out, children)
}

/// What the menu of one language needs: each page's title in it.
pub struct Menu<'a> {
    pub lang: &'a str,
    pub titles: Vec<String>,
    /// ` lang=".." dir=".."` for titles not in the menu's language.
    pub title_attrs: Vec<String>,
    /// Each page's URL from the site root.
    pub hrefs: Vec<String>,
    pub children: &'a [Vec<usize>],
    pub parents: Vec<Option<usize>>,
}

impl<'a> Menu<'a> {
    pub fn new(
        pages: &'a [Page],
        children: &'a [Vec<usize>],
        lang: &'a str,
        config: &Config,
    ) -> Menu<'a> {
        let mut parents = vec![None; pages.len()];
        for (i, kids) in children.iter().enumerate() {
            for &k in kids {
                parents[k] = Some(i);
            }
        }
        Menu {
            lang,
            titles: pages
                .iter()
                .map(|p| escape(p.version(lang).0.title()))
                .collect(),
            title_attrs: pages
                .iter()
                .map(|p| {
                    let shown = &p.version(lang).0.lang;
                    if shown == lang {
                        String::new()
                    } else {
                        let dir = config.language(shown).map_or("ltr", |l| l.dir.as_str());
                        format!(" lang=\"{shown}\" dir=\"{dir}\"")
                    }
                })
                .collect(),
            hrefs: pages.iter().map(|p| p.slug.url("", lang)).collect(),
            children,
            parents,
        }
    }

    /// The key of all [`Menu::html`] reads (the build cache's): two menus
    /// with the same key give every page the same HTML.
    pub fn key(&self) -> crate::digest::Key {
        let mut parts: Vec<&[u8]> = vec![b"menu", self.lang.as_bytes()];
        for list in [&self.titles, &self.title_attrs, &self.hrefs] {
            parts.push(b"|");
            parts.extend(list.iter().map(|s| s.as_bytes()));
        }
        let tree: Vec<u8> = self
            .children
            .iter()
            .flat_map(|kids| {
                std::iter::once(u64::MAX)
                    .chain(kids.iter().map(|&k| k as u64))
                    .flat_map(u64::to_le_bytes)
            })
            .collect();
        parts.push(&tree);
        crate::digest::key(&parts)
    }

    /// The menu HTML of page `current` (an `<ul>` tree), links relative
    /// to `root`.
    pub fn html(&self, current: usize, root: &str) -> String {
        let mut open = vec![current];
        let mut at = current;
        while let Some(p) = self.parents.get(at).copied().flatten() {
            open.push(p);
            at = p;
        }
        let mut h = String::with_capacity(2048);
        // Home (index 0) heads the menu; its children are the top level.
        self.item(&mut h, 0, current, root, &open, false);
        h
    }

    fn item(
        &self,
        h: &mut String,
        i: usize,
        current: usize,
        root: &str,
        open: &[usize],
        nested: bool,
    ) {
        if !nested {
            h.push_str("<ul>");
        }
        h.push_str("<li><a href=\"");
        h.push_str(root);
        h.push_str(&self.hrefs[i]);
        h.push('"');
        if i == current {
            h.push_str(" aria-current=\"page\"");
        }
        h.push_str(&self.title_attrs[i]);
        h.push('>');
        h.push_str(&self.titles[i]);
        h.push_str("</a>");
        let kids = &self.children[i];
        let top = i == 0;
        if !kids.is_empty() && !top && open.contains(&i) {
            h.push_str("<ul>");
            for &k in kids {
                self.item(h, k, current, root, open, true);
            }
            h.push_str("</ul>");
        }
        h.push_str("</li>");
        if top {
            for &k in kids {
                self.item(h, k, current, root, open, true);
            }
        }
        if !nested {
            h.push_str("</ul>");
        }
    }
}
