//! Recording steps by doing them. The preview's mock intranet is served
//! here, wrapped: every `text/html` answer gets one `<script>` before
//! `</body>` (only in the preview: mock-ent's own binary and the runner's
//! mock never carry it). The script is the runner's own `finder.js` — the
//! one definition of how a target is named — followed by `recorder.js`,
//! which names each click, typed field, chosen option, ticked box or
//! attached file by those rules, counts the elements of that name (more
//! than one: the replay could not tell them apart, so the step is flagged)
//! and posts it to the editor page that opened the tab, at the preview's
//! origin only. The editor turns it into a numbered step with its
//! directive.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The recorder's own script, after the runner's finder.
const RECORDER_JS: &str = include_str!("recorder.js");

/// Where the wrapped mock serves the script.
pub const SCRIPT_PATH: &str = "/__ent-guide/recorder.js";

/// Largest HTML page the wrapper rewrites (bigger ones pass untouched).
const MAX_PAGE: usize = 8 << 20;

/// The mock intranet with the recorder injected, posting to `editor_origin`
/// (`http://127.0.0.1:1111`).
pub fn mock_router(config: mock_ent::Config, editor_origin: String) -> Router {
    mock_ent::app(config)
        .route(SCRIPT_PATH, get(script))
        .layer(axum::middleware::from_fn_with_state(editor_origin, inject))
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{}\n{RECORDER_JS}", crate::chrome::FINDER_JS),
    )
        .into_response()
}

/// Adds the recorder's `<script>` to HTML answers.
async fn inject(State(origin): State<String>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE).await else {
        return (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "page too large",
        )
            .into_response();
    };
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-editor=\"{}\"></script>",
        crate::render::escape(&origin)
    );
    let at = bytes
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(bytes.len());
    let mut out = Vec::with_capacity(bytes.len() + tag.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&bytes[at..]);
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(v) = HeaderValue::from_str(&out.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, v);
    }
    Response::from_parts(parts, Body::from(out))
}

/// Serves the wrapped mock on a loopback port of the current runtime;
/// returns its URL (`http://127.0.0.1:PORT`) and the sender that stops it.
pub async fn serve_mock(
    editor_origin: String,
) -> std::io::Result<(String, tokio::sync::oneshot::Sender<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let app = mock_router(mock_ent::Config::default(), editor_origin);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await;
    });
    Ok((format!("http://127.0.0.1:{port}"), tx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt as _;

    #[tokio::test]
    async fn html_answers_get_the_recorder_and_others_do_not() {
        let app = mock_router(mock_ent::Config::default(), "http://127.0.0.1:1111".into());
        let res = app
            .clone()
            .oneshot(
                axum::http::Request::get("/")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("answer");
        let html = to_bytes(res.into_body(), MAX_PAGE).await.expect("body");
        let html = String::from_utf8_lossy(&html);
        assert!(
            html.contains("<script src=\"/__ent-guide/recorder.js\" data-editor=\"http://127.0.0.1:1111\"></script></body>"),
            "{html}"
        );
        let res = app
            .clone()
            .oneshot(
                axum::http::Request::get(SCRIPT_PATH)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("answer");
        let js = to_bytes(res.into_body(), MAX_PAGE).await.expect("body");
        let js = String::from_utf8_lossy(&js);
        // One definition of naming: the runner's finder, then the recorder.
        assert!(js.starts_with(crate::chrome::FINDER_JS));
        assert!(js.contains("postMessage"));
        let res = app
            .oneshot(
                axum::http::Request::get("/static/css/fonts.css")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("answer");
        let css = to_bytes(res.into_body(), MAX_PAGE).await.expect("body");
        assert!(!String::from_utf8_lossy(&css).contains("recorder"));
    }
}
