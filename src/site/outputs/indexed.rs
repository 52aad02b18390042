//! What the search index reads of a page: the page without the part of its
//! `<body>` before the element marked `data-pagefind-body` (the header,
//! the language switch and the navigation menu, which on a large guide
//! are most of the page's bytes).
//!
//! Pagefind indexes only the marked element and what follows it, so the
//! index made from the shorter document is the same, byte for byte, as
//! long as the part left out holds nothing else Pagefind reads there: no
//! `data-pagefind-*` attribute (meta, filters, sort keys, ignored parts),
//! no `<h1>` (the result's title is the first one) and no `<title>`. A
//! page whose part before the body holds any of them is indexed whole.
//! The `<html lang>` (the index's language), the `<head>` (the page's
//! `<title>`) and everything from the marked element on are kept as
//! written.

use std::borrow::Cow;

/// The attribute marking the part of a page that is indexed.
pub const BODY: &str = "data-pagefind-body";

/// The document to index for the page `html`, or `None` for a page the
/// index leaves out (one without a `data-pagefind-body` element).
pub fn document(html: &str) -> Option<Cow<'_, str>> {
    let marked = html.find(BODY)?;
    let Some(cut) = cut(html, marked) else {
        return Some(Cow::Borrowed(html));
    };
    let mut doc = String::with_capacity(html.len() - (cut.end - cut.start));
    doc.push_str(&html[..cut.start]);
    doc.push_str(&html[cut.end..]);
    Some(Cow::Owned(doc))
}

/// The bytes that may be left out: from the end of the `<body>` tag to the
/// start of the tag holding the attribute at `marked`; `None` when there is
/// no such part or it holds something Pagefind reads.
fn cut(html: &str, marked: usize) -> Option<std::ops::Range<usize>> {
    let before = &html[..marked];
    let tag = before.rfind('<')?;
    // Searched in lower case, the bytes at the same places (ASCII only
    // changes case).
    let lower = before[..tag].to_ascii_lowercase();
    let body = lower.find("<body")?;
    let start = body + lower[body..].find('>')? + 1;
    let skipped = &lower[start..];
    let read = ["data-pagefind", "<h1", "<title"];
    if read.iter().any(|r| skipped.contains(r)) {
        return None;
    }
    Some(start..tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html lang=\"fr\"><head><title>T · Guide</title></head><body class=\"x\"><header><a href=\"/\">Guide</a><nav id=\"site-nav\"><h2>Menu</h2><ul><li>Page</li></ul></nav></header><main id=\"main\"><article lang=\"fr\" data-pagefind-body><h1>T</h1><p>Text</p></article><nav class=\"pager\">Next</nav></main><footer>Print</footer></body></html>";

    #[test]
    fn the_part_before_the_indexed_element_is_left_out() {
        let doc = document(PAGE).expect("indexed");
        assert_eq!(
            doc,
            "<!doctype html><html lang=\"fr\"><head><title>T · Guide</title></head><body class=\"x\"><article lang=\"fr\" data-pagefind-body><h1>T</h1><p>Text</p></article><nav class=\"pager\">Next</nav></main><footer>Print</footer></body></html>"
        );
    }

    #[test]
    fn a_page_without_an_indexed_element_is_left_out() {
        assert_eq!(document("<html><body><p>404</p></body></html>"), None);
    }

    #[test]
    fn a_page_with_something_pagefind_reads_before_the_body_is_kept_whole() {
        for extra in [
            "<h1>Other title</h1>",
            "<H1>Other title</H1>",
            "<p data-pagefind-meta=\"author\">A</p>",
            "<svg><title>Icon</title></svg>",
            "<div data-pagefind-ignore=\"all\">",
        ] {
            let page = PAGE.replace("<header>", &format!("<header>{extra}"));
            assert_eq!(
                document(&page),
                Some(Cow::Borrowed(page.as_str())),
                "{extra}"
            );
        }
    }

    #[test]
    fn a_page_without_a_body_tag_is_kept_whole() {
        let page = "<html lang=\"en\"><main data-pagefind-body><h1>T</h1></main></html>";
        assert_eq!(document(page), Some(Cow::Borrowed(page)));
    }
}
