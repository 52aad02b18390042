//! URL helpers every part of the mock shares: the request's host, the
//! portal's CAS service URL and the CAS login address that returns to a page,
//! query encoding, and the check that a path is safe to redirect to.

use axum::http::HeaderMap;

/// The request's host, as a browser sent it (sanitised; `localhost` if odd).
pub fn host(headers: &HeaderMap) -> String {
    headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost")
        .to_string()
}

/// The portal's CAS service URL, with the page to return to after login.
pub fn service_url(headers: &HeaderMap, return_to: Option<&str>) -> String {
    let base = format!("http://{}/uPortal/Login", host(headers));
    match return_to.filter(|r| safe_local_path(r) && *r != "/uPortal/") {
        Some(r) => format!("{base}?refUrl={}", encode(r)),
        None => base,
    }
}

/// The CAS login address that brings the browser back to `return_to`.
pub fn cas_login_url(headers: &HeaderMap, return_to: &str) -> String {
    format!(
        "/esup-cas/login?service={}",
        encode(&service_url(headers, Some(return_to)))
    )
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A path on this site (no scheme, no `//host`), safe to redirect to.
pub fn safe_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && p.bytes().all(|b| b.is_ascii_graphic())
}
