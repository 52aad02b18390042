//! The editor inside the preview (`/__edit/`): the international office
//! edits, records and checks pages in the browser, with no command line.
//!
//! - `pages.rs`: the HTML of the page list and of one file's editor.
//! - `files.rs`: paths confined to `content/`, digests, atomic saves.
//! - `auth.rs`: who may edit (loopback, `--edit-token`, CSRF token).
//! - `record.rs`: the preview's mock with the recorder script injected.
//! - `run.rs`: "Run this page" / "Retake screenshots" with the runner.
//!
//! The browser side (`editor.js`, `editor.css`, `recorder.js`) is embedded
//! in the binary and served under `/__edit/assets/` and by the wrapped
//! mock: it belongs to no theme, and `build` output never carries it.
//! Every route checks [`auth::Access`] through its first argument
//! ([`Read`], [`ReadPage`] or [`Write`], extracted before the handler
//! runs); writes (`POST /__edit/api/…`) also need the CSRF token. Saving answers the problems `check` finds in the
//! saved file (by line, in plain words) — a file with problems is saved
//! all the same — or `409` with the text on disk when the file changed
//! since the editor read it. Slow work (loading the site, `check`, runs)
//! happens off the async runtime.

pub mod auth;
pub mod files;
pub mod pages;
pub mod record;
pub mod run;

use auth::{Access, Verdict};
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const EDITOR_JS: &str = include_str!("editor.js");
const EDITOR_CSS: &str = include_str!("editor.css");

/// The editor of one preview.
pub struct Editor {
    root: PathBuf,
    /// `root/content`, canonical.
    content: PathBuf,
    pub access: Access,
    /// The preview's mock (with the recorder), `http://127.0.0.1:PORT`.
    mock_url: String,
    /// One run of the browser at a time.
    running: tokio::sync::Mutex<()>,
}

impl Editor {
    pub fn new(root: &Path, access: Access, mock_url: String) -> Arc<Editor> {
        // Without a content folder nothing can be confined to it: every
        // path is refused.
        let content = root.join("content");
        let content = content.canonicalize().unwrap_or(content);
        Arc::new(Editor {
            root: root.to_path_buf(),
            content,
            access,
            mock_url,
            running: tokio::sync::Mutex::new(()),
        })
    }
}

/// The editor's routes (none when editing is off: `/__edit/` then answers
/// 404 with why).
pub fn routes(editor: Arc<Editor>) -> Router {
    if !editor.access.enabled {
        let why = editor.access.off_reason.clone().unwrap_or_default();
        let off = get(move || {
            let page = pages::refused("Editing is off", &why);
            async move { (StatusCode::NOT_FOUND, Html(page)) }
        });
        return Router::new()
            .route("/__edit", off.clone())
            .route("/__edit/", off.clone())
            .route("/__edit/{*rest}", off);
    }
    Router::new()
        .route("/__edit", get(|| async { Redirect::permanent("/__edit/") }))
        .route("/__edit/", get(list))
        .route("/__edit/page", get(page))
        .route(
            "/__edit/assets/editor.js",
            get(|| async { asset("text/javascript; charset=utf-8", EDITOR_JS) }),
        )
        .route(
            "/__edit/assets/editor.css",
            get(|| async { asset("text/css; charset=utf-8", EDITOR_CSS) }),
        )
        .route("/__edit/api/problems", get(problems))
        .route("/__edit/api/artifact", get(artifact))
        .route("/__edit/api/save", post(save))
        .route("/__edit/api/new", post(new_page))
        .route("/__edit/api/record", post(record_start))
        .route("/__edit/api/run", post(run_page))
        .with_state(editor)
}

fn asset(ctype: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// A JSON error answer.
fn error(status: StatusCode, why: impl Into<String>) -> Response {
    (status, Json(json!({ "error": why.into() }))).into_response()
}

/// A request the access rules let read. The check runs as the handler's
/// arguments are extracted, so no route can leave it out; refused → 403
/// with why, in JSON ([`ReadPage`] answers an HTML page instead).
struct Read;
/// As [`Read`], for routes that answer an HTML page.
struct ReadPage;
/// A request allowed to write: [`Read`]'s checks and the CSRF token.
struct Write;

impl FromRequestParts<Arc<Editor>> for Read {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, ed: &Arc<Editor>) -> Result<Self, Response> {
        match ed.access.read(&parts.headers) {
            Verdict::Allowed => Ok(Read),
            Verdict::Refused(why) => Err(error(StatusCode::FORBIDDEN, why)),
        }
    }
}

impl FromRequestParts<Arc<Editor>> for ReadPage {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, ed: &Arc<Editor>) -> Result<Self, Response> {
        match ed.access.read(&parts.headers) {
            Verdict::Allowed => Ok(ReadPage),
            Verdict::Refused(why) => Err(refused_page(why)),
        }
    }
}

impl FromRequestParts<Arc<Editor>> for Write {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, ed: &Arc<Editor>) -> Result<Self, Response> {
        match ed.access.write(&parts.headers) {
            Verdict::Allowed => Ok(Write),
            Verdict::Refused(why) => Err(error(StatusCode::FORBIDDEN, why)),
        }
    }
}

fn refused_page(why: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(pages::refused("Not allowed", why)),
    )
        .into_response()
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn list(
    State(ed): State<Arc<Editor>>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
) -> Response {
    if let Some(t) = q.token {
        if ed.access.token_matches(&t) {
            let cookie = format!(
                "{}={t}; Path=/__edit; HttpOnly; SameSite=Strict",
                auth::COOKIE
            );
            let mut r = Redirect::to("/__edit/").into_response();
            if let Ok(v) = cookie.parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            return r;
        }
        return (
            StatusCode::FORBIDDEN,
            Html(pages::refused("Not allowed", "wrong edit token")),
        )
            .into_response();
    }
    if let Verdict::Refused(why) = ed.access.read(&headers) {
        return refused_page(why);
    }
    let root = ed.root.clone();
    let csrf = ed.access.csrf.clone();
    let html = blocking(move || {
        let (site, problems, extra) = crate::site::Site::load_all(&root);
        let n = problems.len() + extra.len();
        pages::list(&root, site.as_ref(), n, &csrf)
    })
    .await
    .unwrap_or_default();
    Html(html).into_response()
}

#[derive(Deserialize)]
struct PathQuery {
    path: String,
}

/// The file `rel` confined to `content/`, or a 400 answer saying why.
fn confined(ed: &Editor, rel: &str) -> Result<PathBuf, Box<Response>> {
    files::confine(&ed.content, rel).map_err(|r| Box::new(error(StatusCode::BAD_REQUEST, r.0)))
}

/// The page and language a file belongs to, by the guide's languages.
fn locate(root: &Path, rel: &str) -> (pages::Located, Option<crate::site::Site>) {
    let (site, _, _) = crate::site::Site::load_all(root);
    let located = match &site {
        Some(s) => pages::locate(rel, &s.config.codes(), &s.config.default_language),
        None => pages::locate(rel, &[], "en"),
    };
    (located, site)
}

async fn page(_: ReadPage, State(ed): State<Arc<Editor>>, Query(q): Query<PathQuery>) -> Response {
    let file = match confined(&ed, &q.path) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let root = ed.root.clone();
    let mock = ed.mock_url.clone();
    let csrf = ed.access.csrf.clone();
    let html = blocking(move || {
        let (located, site) = locate(&root, &q.path);
        let (text, digest, is_new) = match std::fs::read(&file) {
            Ok(bytes) => (
                String::from_utf8_lossy(&bytes).into_owned(),
                files::digest(&bytes),
                false,
            ),
            // A translation starts as a copy of its source: the text
            // around the step comments is what gets translated.
            Err(_) => {
                let source = site.as_ref().and_then(|s| {
                    s.pages
                        .iter()
                        .find(|p| p.slug.as_str() == located.slug)
                        .map(|p| p.source.text.clone())
                });
                (
                    source.unwrap_or_else(|| "---\ntitle: \n---\n".into()),
                    String::new(),
                    true,
                )
            }
        };
        pages::editor(&pages::EditorPage {
            rel: &q.path,
            text: &text,
            digest: &digest,
            located: &located,
            mock_url: &mock,
            csrf: &csrf,
            is_new,
        })
    })
    .await
    .unwrap_or_default();
    Html(html).into_response()
}

/// `check`'s problems in `file` (line, column, message, hint) and how many
/// there are in other files.
fn problems_in(root: &Path, file: &Path) -> Value {
    let all = crate::check::check(root);
    let mut here = Vec::new();
    let mut elsewhere = Vec::new();
    for d in &all {
        let abs = if d.file.is_absolute() {
            d.file.clone()
        } else {
            root.join(&d.file)
        };
        let same = abs == file || abs.canonicalize().is_ok_and(|a| a == file);
        if same {
            here.push(json!({ "line": d.pos.line, "col": d.pos.col, "message": d.message, "hint": d.hint }));
        } else {
            elsewhere.push(d.to_string());
        }
    }
    json!({ "problems": here, "elsewhere": elsewhere })
}

async fn problems(_: Read, State(ed): State<Arc<Editor>>, Query(q): Query<PathQuery>) -> Response {
    let file = match confined(&ed, &q.path) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let root = ed.root.clone();
    Json(
        blocking(move || problems_in(&root, &file))
            .await
            .unwrap_or_default(),
    )
    .into_response()
}

#[derive(Deserialize)]
struct SaveBody {
    path: String,
    text: String,
    /// The digest of the version the editor started from; empty for a file
    /// that did not exist.
    digest: String,
}

async fn save(_: Write, State(ed): State<Arc<Editor>>, Json(b): Json<SaveBody>) -> Response {
    let file = match confined(&ed, &b.path) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let root = ed.root.clone();
    let out = blocking(move || {
        let expected = (!b.digest.is_empty()).then_some(b.digest.as_str());
        match files::save(&file, &b.text, expected) {
            Ok(files::Saved::Written(digest)) => {
                let mut v = problems_in(&root, &file);
                v["digest"] = json!(digest);
                (StatusCode::OK, v)
            }
            Ok(files::Saved::Conflict { text, digest }) => (
                StatusCode::CONFLICT,
                json!({ "error": "the file changed since you opened it", "text": text, "digest": digest }),
            ),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({ "error": format!("could not save {}: {e}", b.path) }),
            ),
        }
    })
    .await;
    match out {
        Some((status, v)) => (status, Json(v)).into_response(),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "the save stopped"),
    }
}

#[derive(Deserialize)]
struct NewBody {
    slug: String,
    title: String,
    persona: Option<String>,
}

/// Whether `slug` is lower-case words joined by `-`, in folders.
fn good_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('-')
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        && slug != "print"
}

/// A YAML double-quoted string.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

async fn new_page(_: Write, State(ed): State<Arc<Editor>>, Json(b): Json<NewBody>) -> Response {
    let slug = b.slug.trim().trim_matches('/').to_string();
    if !good_slug(&slug) {
        return error(
            StatusCode::BAD_REQUEST,
            format!("`{slug}` cannot be a page address: use lower-case letters, digits and -, like library-card"),
        );
    }
    if b.title.trim().is_empty() {
        return error(StatusCode::BAD_REQUEST, "give the page a title");
    }
    let persona = b
        .persona
        .filter(|p| crate::content::front::PERSONAS.contains(&p.as_str()));
    let rel = format!("{slug}.md");
    let file = match confined(&ed, &rel) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let mut text = format!("---\ntitle: {}\n", yaml_quoted(b.title.trim()));
    if let Some(p) = persona {
        text.push_str(&format!("persona: {p}\n"));
    }
    text.push_str("---\nWhat this page helps with, in one or two sentences.\n\n");
    match blocking(move || files::save(&file, &text, None)).await {
        Some(Ok(files::Saved::Written(_))) => Json(json!({ "path": rel })).into_response(),
        Some(Ok(files::Saved::Conflict { .. })) => error(
            StatusCode::CONFLICT,
            format!("a page `{slug}` exists already: open it from the list"),
        ),
        Some(Err(e)) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not create {rel}: {e}"),
        ),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "stopped"),
    }
}

/// Starts a recording: a fresh persona of the page's kind on the preview's
/// mock (its values become `{login}`, `{password}`… in recorded steps).
async fn record_start(
    _: Write,
    State(ed): State<Arc<Editor>>,
    Json(b): Json<PathQuery>,
) -> Response {
    if let Err(r) = confined(&ed, &b.path) {
        return *r;
    }
    let root = ed.root.clone();
    let mock = ed.mock_url.clone();
    let out = blocking(move || -> anyhow::Result<Value> {
        let (located, site) = locate(&root, &b.path);
        let kind = site
            .as_ref()
            .and_then(|s| s.pages.iter().find(|p| p.slug.as_str() == located.slug))
            .and_then(|p| p.persona().map(str::to_string));
        let vars = match &kind {
            Some(kind) => {
                let m = crate::runner::control::Mock::new(&mock)?;
                m.persona(kind, located.page_name())?.vars
            }
            None => Default::default(),
        };
        Ok(json!({ "mock": mock, "persona": kind, "vars": vars }))
    })
    .await;
    match out {
        Some(Ok(v)) => Json(v).into_response(),
        Some(Err(e)) => error(
            StatusCode::BAD_GATEWAY,
            format!("could not prepare the mock: {e:#}"),
        ),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "stopped"),
    }
}

#[derive(Deserialize)]
struct RunBody {
    path: String,
    #[serde(default)]
    shoot: bool,
}

async fn run_page(_: Write, State(ed): State<Arc<Editor>>, Json(b): Json<RunBody>) -> Response {
    if let Err(r) = confined(&ed, &b.path) {
        return *r;
    }
    let _one_at_a_time = ed.running.lock().await;
    let root = ed.root.clone();
    let out = blocking(move || {
        let (located, _) = locate(&root, &b.path);
        run::run(&root, located.page_name(), &located.lang, b.shoot)
    })
    .await;
    match out {
        Some(v) => Json(v).into_response(),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "the run stopped"),
    }
}

/// A failure screenshot of the last run (`target/verify/<page>/step-N.png`).
async fn artifact(_: Read, State(ed): State<Arc<Editor>>, Query(q): Query<PathQuery>) -> Response {
    let ok = q.path.ends_with(".png")
        && !q.path.contains(['\\', '\0', ':'])
        && q.path
            .split('/')
            .all(|s| !s.is_empty() && !s.starts_with('.'));
    let dir = ed.root.join("target/verify");
    let file = dir.join(&q.path);
    let inside = match (dir.canonicalize(), file.canonicalize()) {
        (Ok(d), Ok(f)) => f.starts_with(d),
        _ => false,
    };
    if !ok || !inside {
        return error(StatusCode::NOT_FOUND, "no such screenshot");
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => error(StatusCode::NOT_FOUND, "no such screenshot"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_addresses_are_plain_words() {
        assert!(good_slug("library-card"));
        assert!(good_slug("mail/settings"));
        for s in ["", "Library", "a b", "../x", "a//b", "-x", "print", "é"] {
            assert!(!good_slug(s), "{s}");
        }
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(yaml_quoted("Say \"hi\": now"), "\"Say \\\"hi\\\": now\"");
    }
}
