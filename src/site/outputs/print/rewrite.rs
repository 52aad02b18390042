//! The print view's copy of a page body, made from the body already
//! rendered for the page itself (as mdBook's `html/print.rs` does): every
//! `id` gets the page's anchor as prefix (`log-in--step-2`), links to guide
//! pages become in-document anchors (`#log-in`, `#log-in--step-2`), the
//! body's other addresses are made relative to the print view, and every
//! picture loads at once, full size (no `loading="lazy"`, no phone copy in
//! `srcset`).
//!
//! Only tags are touched, never text: in rendered Markdown a `<` always
//! opens a tag (text escapes it) and attribute values never hold `"` or
//! `>`. Raw HTML written in a page is rewritten like the rest.

use crate::slug;

/// A body rendered for page `anchor` (its [`slug::Slug::name`]) in `lang`,
/// from `page_root` (its relative path to the site root), rewritten for the
/// print view at `print_root`.
pub struct Rewrite<'a> {
    pub anchor: &'a str,
    pub lang: &'a str,
    pub page_root: &'a str,
    pub print_root: &'a str,
}

impl Rewrite<'_> {
    /// `html` for the print view.
    pub fn apply(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            out.push_str(&rest[..open]);
            let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
            let tag = &rest[open..tag_end];
            if tag.starts_with("<!") || tag.starts_with("</") {
                out.push_str(tag);
            } else {
                self.tag(tag, &mut out);
            }
            rest = &rest[tag_end..];
        }
        out.push_str(rest);
        out
    }

    /// One opening tag, its attributes rewritten.
    fn tag(&self, tag: &str, out: &mut String) {
        let mut rest = tag;
        while let Some(at) = rest.find(' ') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let Some((name, value, after)) = attribute(rest) else {
                out.push(' ');
                rest = &rest[1..];
                continue;
            };
            match name {
                "loading" if value == "lazy" => {}
                "srcset" | "sizes" => {}
                "id" => {
                    out.push_str(" id=\"");
                    out.push_str(self.anchor);
                    out.push_str("--");
                    out.push_str(value);
                    out.push('"');
                }
                "href" => {
                    out.push_str(" href=\"");
                    out.push_str(&self.href(value));
                    out.push('"');
                }
                "src" => {
                    out.push_str(" src=\"");
                    out.push_str(&self.address(value));
                    out.push('"');
                }
                _ => out.push_str(&rest[..rest.len() - after.len()]),
            }
            rest = after;
        }
        out.push_str(rest);
    }

    /// A link's address in the print view.
    fn href(&self, value: &str) -> String {
        if let Some(fragment) = value.strip_prefix('#') {
            return format!("#{}--{fragment}", self.anchor);
        }
        if value == "./" {
            return format!("#{}", self.anchor);
        }
        let pages = format!("{}{}/", self.page_root, self.lang);
        if let Some(page) = value.strip_prefix(&pages) {
            let (path, fragment) = match page.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (page, None),
            };
            let mut url = format!("#{}", slug::name(path.trim_end_matches('/')));
            if let Some(f) = fragment {
                url.push_str("--");
                url.push_str(f);
            }
            return url;
        }
        self.address(value)
    }

    /// An address relative to the page, made relative to the print view.
    fn address(&self, value: &str) -> String {
        match value.strip_prefix(self.page_root) {
            Some(rest) => format!("{}{rest}", self.print_root),
            None => value.to_string(),
        }
    }
}

/// The attribute at the start of `s` (` name="value"`, or ` name=value`
/// unquoted, as steps are written): its name, value and what follows it.
fn attribute(s: &str) -> Option<(&str, &str, &str)> {
    let s = s.strip_prefix(' ')?;
    if let Some(eq) = s.find('=').filter(|&eq| !s[eq + 1..].starts_with('"')) {
        let name = &s[..eq];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        let value = &s[eq + 1..];
        let end = value.find([' ', '>']).unwrap_or(value.len());
        if end == 0 || value[..end].contains(['"', '\'', '=', '<', '`']) {
            return None;
        }
        return Some((name, &value[..end], &value[end..]));
    }
    let eq = s.find("=\"")?;
    let name = &s[..eq];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let value_start = eq + 2;
    let close = s[value_start..].find('"')? + value_start;
    Some((name, &s[value_start..close], &s[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(page_root: &'static str) -> Rewrite<'static> {
        Rewrite {
            anchor: "p",
            lang: "fr",
            page_root,
            print_root: "../../",
        }
    }

    #[test]
    fn ids_and_links_stay_in_the_document() {
        let html = "<h2 id=\"part\">Part</h2>\n<li class=step id=step-1 data-n=1>Open <a href=\"../../fr/login/#step-1\">log in</a>, <a href=\"../../fr/\">home</a>, <a href=\"#part\">here</a>, <a href=\"./\">me</a>, <a class=\"ext\" href=\"https://www.univ-st-etienne.fr/\">UJM</a> and a = \"quote\" in text.<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup></li>\n<div class=\"footnote-definition\" id=\"n\"><sup class=\"footnote-definition-label\">1</sup>";
        let out = rw("../../").apply(html);
        for want in [
            "<h2 id=\"p--part\">",
            "class=step id=\"p--step-1\" data-n=1",
            "href=\"#login--step-1\"",
            "href=\"#index\"",
            "href=\"#p--part\"",
            "href=\"#p\"",
            "<a class=\"ext\" href=\"https://www.univ-st-etienne.fr/\">UJM</a>",
            "a = \"quote\" in text",
            "href=\"#p--n\"",
            "id=\"p--n\"",
        ] {
            assert!(out.contains(want), "{want}: {out}");
        }
    }

    #[test]
    fn pictures_load_at_once_full_size_from_the_print_view() {
        let html = "<figure class=\"shot\"><div><img src=\"../../../screenshots/a/b.png\" srcset=\"../../../screenshots/a/b.small.png 512w,../../../screenshots/a/b.png 1024w\" sizes=\"70vw\" width=\"1024\" height=\"768\" loading=\"lazy\" alt=\"Step\"></div></figure>\n<p><img src=\"../../../media/a/x.png\" alt=\"X\" width=\"4\" height=\"3\" loading=\"lazy\"> <a href=\"../../../media/a/f.pdf\">file</a></p>";
        let out = rw("../../../").apply(html);
        assert_eq!(
            out,
            "<figure class=\"shot\"><div><img src=\"../../screenshots/a/b.png\" width=\"1024\" height=\"768\" alt=\"Step\"></div></figure>\n<p><img src=\"../../media/a/x.png\" alt=\"X\" width=\"4\" height=\"3\"> <a href=\"../../media/a/f.pdf\">file</a></p>"
        );
    }
}
