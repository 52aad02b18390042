//! The preview's HTTP side: maps a request path onto the site held in
//! memory — safely (no `..`, backslash, drive or NUL after percent-decoding;
//! nothing outside the site can be named), `index.html` for folders, the
//! site's own 404 page with status 404, the right content type — and serves
//! the live-reload script and event stream.

use super::live::{Live, EVENTS_PATH, LIVE_JS, SCRIPT_PATH};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The preview's routes.
pub fn router(live: Live) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(site)
        .with_state(live)
}

async fn events(State(live): State<Live>) -> Response {
    live.stream().into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site (`en/log-in/index.html`).
    File(String),
    /// A folder named without its final `/`: redirect there, so the page's
    /// relative links resolve.
    AddSlash(String),
    /// Nothing of the site.
    NotFound,
    /// A path that tries to leave the site or cannot be decoded.
    Bad,
}

/// Resolves the raw (percent-encoded) request path against the files held
/// (`has` tells whether a file exists).
pub fn resolve(raw: &str, has: impl Fn(&str) -> bool) -> Target {
    let Ok(path) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Target::Bad;
    };
    if path.contains(['\\', '\0']) || !path.starts_with('/') {
        return Target::Bad;
    }
    let mut parts = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Target::Bad,
            s if s.contains(':') => return Target::Bad,
            s => parts.push(s),
        }
    }
    let rel = parts.join("/");
    let index = if rel.is_empty() {
        "index.html".to_string()
    } else {
        format!("{rel}/index.html")
    };
    if !rel.is_empty() && has(&rel) && !path.ends_with('/') {
        return Target::File(rel);
    }
    if has(&index) {
        if path.ends_with('/') {
            return Target::File(index);
        }
        return Target::AddSlash(format!("{path}/"));
    }
    Target::NotFound
}

/// The content type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn site(State(live): State<Live>, req: Request<Body>) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD").into_response();
    }
    if let Some(rel) = req.uri().path().strip_prefix("/pagefind/") {
        let path = format!("{}/{rel}", crate::site::search::DIR);
        let l = live.clone();
        let found = tokio::task::spawn_blocking(move || l.search_file(&path).map(|b| (path, b)))
            .await
            .ok()
            .flatten();
        return match found {
            Some((path, bytes)) => file(&live, &path, StatusCode::OK, bytes),
            None => not_found(&live),
        };
    }
    match resolve(req.uri().path(), |p| live.has(p)) {
        Target::File(path) => match live.file(&path) {
            Some(bytes) => file(&live, &path, StatusCode::OK, bytes),
            None => not_found(&live),
        },
        Target::AddSlash(to) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound => not_found(&live),
        Target::Bad => (StatusCode::BAD_REQUEST, "bad path").into_response(),
    }
}

fn not_found(live: &Live) -> Response {
    match live.file("404.html") {
        Some(bytes) => file(live, "404.html", StatusCode::NOT_FOUND, bytes),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file(live: &Live, path: &str, status: StatusCode, bytes: axum::body::Bytes) -> Response {
    let ctype = content_type(path);
    let body = if ctype.starts_with("text/html") {
        Body::from(live.inject(&bytes))
    } else {
        Body::from(bytes)
    };
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(p: &str) -> bool {
        [
            "index.html",
            "en/index.html",
            "en/log-in/index.html",
            "assets/style.css",
        ]
        .contains(&p)
    }

    #[test]
    fn folders_get_their_index_and_a_slash() {
        assert_eq!(resolve("/", has), Target::File("index.html".into()));
        assert_eq!(
            resolve("/en/log-in/", has),
            Target::File("en/log-in/index.html".into())
        );
        assert_eq!(
            resolve("/en/log-in", has),
            Target::AddSlash("/en/log-in/".into())
        );
        assert_eq!(
            resolve("/assets/style.css", has),
            Target::File("assets/style.css".into())
        );
        assert_eq!(resolve("/assets/nope.css", has), Target::NotFound);
    }

    #[test]
    fn nothing_escapes_the_site() {
        for p in [
            "/../etc/passwd",
            "/en/%2e%2e/%2e%2e/etc/passwd",
            "/en/..%2f..%2fetc/passwd",
            "/en\\..\\secret",
            "/en/%5c..%5csecret",
            "/C:/Windows/win.ini",
            "/en/%00",
            "/%ff",
        ] {
            assert_eq!(resolve(p, has), Target::Bad, "{p}");
        }
        // An absolute path inside the URL is only a path of the site.
        assert_eq!(resolve("//etc/passwd", has), Target::NotFound);
        assert_eq!(resolve("/%2Fetc%2Fpasswd", has), Target::NotFound);
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.PNG"), "image/png");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
