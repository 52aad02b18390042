//! **Documents et liens**: the folder list (Nom, Taille, Date), downloading a
//! file byte for byte, **Ajouter un fichier** (multipart, bounded, safe
//! names), **Ajouter un répertoire**, **Télécharger ce dossier** as a zip,
//! `Remonter` / `Racine`.

use std::sync::Arc;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::docs::{self, Content, Node};
use super::{course_context, enrolled, message, with_space};
use crate::core::csrf::CsrfForm;
use crate::core::error::{PageError, PageResult};
use crate::core::render;
use crate::core::session::CurrentUser;
use crate::core::state::AppState;
use crate::core::urls::encode;

const FAILED: &str = "Le chargement du fichier a échoué";

#[derive(Deserialize)]
pub struct DocQuery {
    path: Option<String>,
    notice: Option<String>,
}

#[derive(Serialize)]
struct Row {
    name: String,
    href: String,
    folder: bool,
    size: String,
    date: String,
    own: bool,
}

fn base(code: &str) -> String {
    format!("/claroline/course/{code}/document")
}

fn not_found(state: &AppState, user: &CurrentUser) -> Response {
    message(
        state,
        user,
        StatusCode::NOT_FOUND,
        "Document introuvable",
        "Ce document ou ce répertoire n'existe pas.",
    )
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> PageResult {
    let (course, path) = course_path(&state, &user, &code, q.path.as_deref(), "/")?;
    let b = base(course.code);
    let rows: Option<Vec<Row>> = with_space(&state, &user.login, |s| {
        let tree = s.tree(course);
        if !tree.is_folder(&path) {
            return None;
        }
        Some(
            tree.children(&path)
                .into_iter()
                .map(|(p, n)| {
                    let folder = matches!(n.content, Content::Folder);
                    Row {
                        name: docs::name(p).to_string(),
                        href: if folder {
                            format!("{b}?path={}", encode(p))
                        } else {
                            format!("{b}/file?path={}", encode(p))
                        },
                        folder,
                        size: match &n.content {
                            Content::File(bytes) => docs::human_size(bytes.len()),
                            Content::Folder => String::new(),
                        },
                        date: n.date.format("%d/%m/%Y").to_string(),
                        own: n.own,
                    }
                })
                .collect(),
        )
    });
    let Some(rows) = rows else {
        return Err(not_found(&state, &user).into());
    };
    let notice = match q.notice.as_deref() {
        Some("uploaded") => Some("Chargement terminé"),
        Some("folder") => Some("Répertoire créé"),
        _ => None,
    };
    let mut ctx = super::context(&state, &user);
    course_context(&mut ctx, course, "document");
    ctx.insert("rows", &rows);
    ctx.insert("path", &path);
    ctx.insert("path_q", &encode(&path));
    ctx.insert("at_root", &(path == "/"));
    ctx.insert("up_q", &encode(docs::parent(&path)));
    ctx.insert("notice", &notice);
    ctx.insert("base", &b);
    Ok(render::page(&state, "claroline/documents.html", &ctx))
}

/// `attachment` with the name both as ASCII and as UTF-8 (RFC 6266).
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let utf8: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}")
}

fn media_type(name: &str) -> &'static str {
    match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn attachment(name: &str, media: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media.to_string()),
            (header::CONTENT_DISPOSITION, disposition(name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        body,
    )
        .into_response()
}

pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> PageResult {
    let (course, path) = course_path(&state, &user, &code, q.path.as_deref(), "")?;
    let found: Option<Node> = with_space(&state, &user.login, |s| {
        s.tree(course).nodes.get(&path).cloned()
    });
    Ok(match found.map(|n| n.content) {
        Some(Content::File(bytes)) => {
            let name = docs::name(&path);
            attachment(name, media_type(name), bytes.as_ref().clone())
        }
        Some(Content::Folder) => {
            Redirect::to(&format!("{}?path={}", base(course.code), encode(&path))).into_response()
        }
        None => not_found(&state, &user),
    })
}

pub async fn zip(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> PageResult {
    let (course, path) = course_path(&state, &user, &code, q.path.as_deref(), "/")?;
    let tree = with_space(&state, &user.login, |s| {
        let t = s.tree(course);
        t.is_folder(&path).then(|| t.clone())
    });
    let Some(tree) = tree else {
        return Err(not_found(&state, &user).into());
    };
    Ok(match docs::zip_folder(&tree, &path) {
        Ok(bytes) => {
            let name = if path == "/" {
                format!("{}.zip", course.code)
            } else {
                format!("{}.zip", docs::name(&path))
            };
            attachment(&name, "application/zip", bytes)
        }
        Err(_) => message(
            &state,
            &user,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Erreur",
            "L'archive n'a pas pu être créée.",
        ),
    })
}

fn form_page(
    state: &AppState,
    user: &CurrentUser,
    course: &'static super::courses::Course,
    template: &str,
    path: &str,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let mut ctx = super::context(state, user);
    course_context(&mut ctx, course, "document");
    ctx.insert("path", path);
    ctx.insert("path_q", &encode(path));
    ctx.insert("base", &base(course.code));
    ctx.insert("error", &error);
    ctx.insert("max_size", &docs::human_size(docs::MAX_FILE));
    render::page_with_status(state, status, template, &ctx)
}

/// The course (one the user is enrolled in) and the cleaned `?path=` of a
/// documents request (`default` when there is none), or the page saying why
/// not.
fn course_path(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    raw: Option<&str>,
    default: &str,
) -> Result<(&'static super::courses::Course, String), PageError> {
    let course = enrolled(state, user, code)?;
    let path = docs::clean_path(raw.unwrap_or(default))
        .ok_or_else(|| PageError::from(not_found(state, user)))?;
    Ok((course, path))
}

fn folder_of(
    state: &AppState,
    user: &CurrentUser,
    course: &'static super::courses::Course,
    raw: Option<&str>,
) -> Option<String> {
    let path = docs::clean_path(raw.unwrap_or("/"))?;
    with_space(state, &user.login, |s| s.tree(course).is_folder(&path)).then_some(path)
}

/// The blank form `template` (upload or new folder) for the folder `?path=`.
fn folder_form(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    path: Option<&str>,
    template: &str,
) -> PageResult {
    let course = enrolled(state, user, code)?;
    Ok(match folder_of(state, user, course, path) {
        Some(path) => form_page(state, user, course, template, &path, StatusCode::OK, None),
        None => not_found(state, user),
    })
}

pub async fn upload_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> PageResult {
    folder_form(
        &state,
        &user,
        &code,
        q.path.as_deref(),
        "claroline/upload.html",
    )
}

/// What the upload form sent: its CSRF token, the folder, the file (its
/// name and bytes).
struct Posted {
    token: String,
    path: String,
    file: Option<(String, Vec<u8>)>,
}

/// Reads the upload form; `None` when a part is too large or unreadable.
async fn read_upload(multipart: &mut Multipart) -> Option<Posted> {
    let mut posted = Posted {
        token: String::new(),
        path: String::from("/"),
        file: None,
    };
    while let Some(field) = multipart.next_field().await.ok()? {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.ok()?;
        match name.as_str() {
            crate::core::csrf::FIELD => posted.token = String::from_utf8_lossy(&bytes).into_owned(),
            "path" => posted.path = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => posted.file = Some((file_name.unwrap_or_default(), bytes.to_vec())),
            _ => {}
        }
    }
    Some(posted)
}

/// `POST /claroline/course/{code}/document/upload`: checks the token, the
/// folder, the name, the size and the quota, then stores the file.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let course = enrolled(&state, &user, &code)?;
    let fail = |path: &str, status: StatusCode, why: &str| {
        form_page(
            &state,
            &user,
            course,
            "claroline/upload.html",
            path,
            status,
            Some(&format!("{FAILED} : {why}")),
        )
    };
    let Ok(mut multipart) = multipart else {
        return Err(fail(
            "/",
            StatusCode::BAD_REQUEST,
            "le formulaire envoyé n'a pas pu être lu.",
        )
        .into());
    };
    let too_large = || {
        format!(
            "le fichier dépasse la taille maximale ({}).",
            docs::human_size(docs::MAX_FILE)
        )
    };
    let Some(Posted {
        token,
        path: raw_path,
        file,
    }) = read_upload(&mut multipart).await
    else {
        return Err(fail("/", StatusCode::PAYLOAD_TOO_LARGE, &too_large()).into());
    };
    if !crate::core::csrf::verify(&state, &user.session.0, &token) {
        return Err(crate::core::csrf::rejection(&state).into());
    }
    let Some(folder) = folder_of(&state, &user, course, Some(&raw_path)) else {
        return Err(not_found(&state, &user).into());
    };
    let Some((raw_name, bytes)) = file.filter(|(n, _)| !n.is_empty()) else {
        return Err(fail(
            &folder,
            StatusCode::BAD_REQUEST,
            "aucun fichier n'a été choisi.",
        )
        .into());
    };
    let Some(name) = docs::safe_name(&raw_name) else {
        return Err(fail(
            &folder,
            StatusCode::BAD_REQUEST,
            "le nom du fichier n'est pas valide.",
        )
        .into());
    };
    if bytes.len() > docs::MAX_FILE {
        return Err(fail(&folder, StatusCode::PAYLOAD_TOO_LARGE, &too_large()).into());
    }
    let date = state.clock().paris_now(Some(&user.login));
    let stored = with_space(&state, &user.login, |s| {
        let tree = s.tree(course);
        let (used, items) = tree.own_usage();
        if used + bytes.len() > docs::QUOTA || items >= docs::MAX_ITEMS {
            return false;
        }
        let path = tree.free_path(&folder, &name);
        tree.nodes.insert(
            path,
            Node {
                content: Content::File(Arc::new(bytes)),
                date,
                own: true,
            },
        );
        true
    });
    if !stored {
        return Err(fail(
            &folder,
            StatusCode::PAYLOAD_TOO_LARGE,
            "votre espace de stockage est plein.",
        )
        .into());
    }
    Ok(Redirect::to(&format!(
        "{}?path={}&notice=uploaded",
        base(course.code),
        encode(&folder)
    ))
    .into_response())
}

pub async fn mkdir_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> PageResult {
    folder_form(
        &state,
        &user,
        &code,
        q.path.as_deref(),
        "claroline/mkdir.html",
    )
}

#[derive(Deserialize)]
pub struct MkdirForm {
    #[serde(default)]
    path: String,
    #[serde(default)]
    name: String,
}

pub async fn mkdir(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<MkdirForm>,
) -> PageResult {
    let course = enrolled(&state, &user, &code)?;
    let Some(folder) = folder_of(&state, &user, course, Some(&form.path)) else {
        return Err(not_found(&state, &user).into());
    };
    let again = |error: &str| {
        form_page(
            &state,
            &user,
            course,
            "claroline/mkdir.html",
            &folder,
            StatusCode::BAD_REQUEST,
            Some(error),
        )
    };
    let Some(name) = docs::safe_name(&form.name) else {
        return Err(again("Le nom du répertoire est vide ou invalide.").into());
    };
    let date = state.clock().paris_now(Some(&user.login));
    let outcome = with_space(&state, &user.login, |s| {
        let tree = s.tree(course);
        let path = docs::join(&folder, &name);
        if tree.nodes.contains_key(&path) {
            return Err("Un élément portant ce nom existe déjà.");
        }
        if tree.own_usage().1 >= docs::MAX_ITEMS {
            return Err("Votre espace de stockage est plein.");
        }
        tree.nodes.insert(
            path,
            Node {
                content: Content::Folder,
                date,
                own: true,
            },
        );
        Ok(())
    });
    Ok(match outcome {
        Ok(()) => Redirect::to(&format!(
            "{}?path={}&notice=folder",
            base(course.code),
            encode(&folder)
        ))
        .into_response(),
        Err(e) => again(e),
    })
}
