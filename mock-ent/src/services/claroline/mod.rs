//! Claroline, the course platform: **Liste de mes cours**, `M'inscrire à un
//! cours` (with an enrolment key where the course has one), a course's tools,
//! and **Documents et liens** (in `documents.rs`). Each persona's enrolments
//! and uploads are its own (`Claroline` service state keyed by login).

pub mod courses;
pub mod docs;
mod documents;

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::core::csrf::CsrfForm;
use crate::core::error::{PageError, PageResult};
use crate::core::render;
use crate::core::session::CurrentUser;
use crate::core::state::AppState;
use courses::Course;
use docs::Tree;

/// One persona's Claroline: its courses and its view of their documents.
pub struct Space {
    pub enrolled: Vec<&'static str>,
    pub trees: HashMap<&'static str, Tree>,
}

impl Default for Space {
    fn default() -> Self {
        Space {
            enrolled: courses::COURSES
                .iter()
                .filter(|c| c.default)
                .map(|c| c.code)
                .collect(),
            trees: HashMap::new(),
        }
    }
}

impl Space {
    /// The persona's tree of `course`, made from the teacher's on first use.
    pub fn tree(&mut self, course: &'static Course) -> &mut Tree {
        self.trees
            .entry(course.code)
            .or_insert_with(|| Tree::of(course))
    }
}

/// Every persona's space.
#[derive(Default)]
pub struct Claroline {
    users: HashMap<String, Space>,
}

/// Runs `f` on `login`'s space.
pub fn with_space<R>(state: &AppState, login: &str, f: impl FnOnce(&mut Space) -> R) -> R {
    state.service::<Claroline, _>(|c| f(c.users.entry(login.to_string()).or_default()))
}

/// A course's tools, in Claroline's order: (path segment, label).
pub const TOOLS: &[(&str, &str)] = &[
    ("description", "Description du cours"),
    ("agenda", "Agenda"),
    ("announcements", "Annonces"),
    ("document", "Documents et liens"),
    ("exercises", "Exercices"),
    ("work", "Travaux"),
    ("forums", "Forums"),
    ("groups", "Groupes"),
    ("users", "Utilisateurs"),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/claroline", get(|| async { Redirect::to("/claroline/") }))
        .route("/claroline/", get(home))
        .route("/claroline/courses", get(my_courses))
        .route("/claroline/enrol", get(enrol_page).post(enrol))
        .route("/claroline/course/{code}/", get(course_home))
        .route("/claroline/course/{code}/document", get(documents::list))
        .route(
            "/claroline/course/{code}/document/file",
            get(documents::download),
        )
        .route("/claroline/course/{code}/document/zip", get(documents::zip))
        .route(
            "/claroline/course/{code}/document/upload",
            get(documents::upload_form)
                .post(documents::upload)
                .layer(DefaultBodyLimit::max(docs::MAX_FILE + 256 * 1024)),
        )
        .route(
            "/claroline/course/{code}/document/mkdir",
            get(documents::mkdir_form).post(documents::mkdir),
        )
        .route("/claroline/course/{code}/{tool}", get(tool))
}

/// The context of every Claroline page.
pub fn context(state: &AppState, user: &CurrentUser) -> tera::Context {
    render::context(state, Some(&user.session.0), Some(&user.login))
}

/// A course of the catalogue the user is enrolled in, or the page saying why not.
pub fn enrolled(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<&'static Course, PageError> {
    let Some(course) = courses::course(code) else {
        return Err(message(
            state,
            user,
            StatusCode::NOT_FOUND,
            "Cours introuvable",
            "Ce cours n'existe pas.",
        )
        .into());
    };
    if with_space(state, &user.login, |s| s.enrolled.contains(&course.code)) {
        Ok(course)
    } else {
        Err(message(
            state,
            user,
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "Vous n'êtes pas inscrit à ce cours. Inscrivez-vous avec « M'inscrire à un cours ».",
        )
        .into())
    }
}

/// A page with a title and a message, in Claroline's look.
pub fn message(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    title: &str,
    text: &str,
) -> Response {
    let mut ctx = context(state, user);
    ctx.insert("title", title);
    ctx.insert("message", text);
    render::page_with_status(state, status, "claroline/message.html", &ctx)
}

/// Adds the course and its tools to a context.
pub fn course_context(ctx: &mut tera::Context, course: &Course, current: &str) {
    #[derive(Serialize)]
    struct ToolView {
        href: String,
        label: &'static str,
        current: bool,
    }
    let tools: Vec<ToolView> = TOOLS
        .iter()
        .map(|(seg, label)| ToolView {
            href: format!("/claroline/course/{}/{seg}", course.code),
            label,
            current: *seg == current,
        })
        .collect();
    ctx.insert("course", &CourseView::of(course));
    ctx.insert("tools", &tools);
}

#[derive(Serialize)]
struct CourseView {
    code: &'static str,
    title: &'static str,
    teacher: &'static str,
    faculty: &'static str,
    key: bool,
    href: String,
}

impl CourseView {
    fn of(c: &Course) -> Self {
        CourseView {
            code: c.code,
            title: c.title,
            teacher: c.teacher,
            faculty: c.faculty,
            key: c.key.is_some(),
            href: format!("/claroline/course/{}/", c.code),
        }
    }
}

async fn home(State(state): State<AppState>, user: CurrentUser) -> Response {
    let ctx = context(&state, &user);
    render::page(&state, "claroline/home.html", &ctx)
}

#[derive(Deserialize)]
struct NoticeQuery {
    notice: Option<String>,
}

async fn my_courses(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let codes = with_space(&state, &user.login, |s| s.enrolled.clone());
    let list: Vec<CourseView> = courses::COURSES
        .iter()
        .filter(|c| codes.contains(&c.code))
        .map(CourseView::of)
        .collect();
    let mut ctx = context(&state, &user);
    ctx.insert("courses", &list);
    ctx.insert(
        "enrolled_notice",
        &(q.notice.as_deref() == Some("enrolled")),
    );
    render::page(&state, "claroline/courses.html", &ctx)
}

fn enrol_view(state: &AppState, user: &CurrentUser, error: Option<(&str, &str)>) -> Response {
    let codes = with_space(state, &user.login, |s| s.enrolled.clone());
    let list: Vec<CourseView> = courses::COURSES
        .iter()
        .filter(|c| !codes.contains(&c.code))
        .map(CourseView::of)
        .collect();
    let mut ctx = context(state, user);
    ctx.insert("courses", &list);
    ctx.insert("error_code", &error.map(|e| e.0));
    ctx.insert("error", &error.map(|e| e.1));
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render::page_with_status(state, status, "claroline/enrol.html", &ctx)
}

async fn enrol_page(State(state): State<AppState>, user: CurrentUser) -> Response {
    enrol_view(&state, &user, None)
}

#[derive(Deserialize)]
struct EnrolForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    key: String,
}

async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<EnrolForm>,
) -> Response {
    let Some(course) = courses::course(&form.code) else {
        return message(
            &state,
            &user,
            StatusCode::NOT_FOUND,
            "Cours introuvable",
            "Ce cours n'existe pas.",
        );
    };
    if let Some(key) = course.key {
        if !crate::core::secret::same(key, form.key.trim()) {
            return enrol_view(
                &state,
                &user,
                Some((course.code, "Clé d'inscription incorrecte")),
            );
        }
    }
    with_space(&state, &user.login, |s| {
        if !s.enrolled.contains(&course.code) {
            s.enrolled.push(course.code);
        }
    });
    Redirect::to("/claroline/courses?notice=enrolled").into_response()
}

async fn course_home(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> PageResult {
    let course = enrolled(&state, &user, &code)?;
    let mut ctx = context(&state, &user);
    course_context(&mut ctx, course, "");
    ctx.insert("description", course.description);
    Ok(render::page(&state, "claroline/course.html", &ctx))
}

async fn tool(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((code, tool)): Path<(String, String)>,
) -> PageResult {
    let course = enrolled(&state, &user, &code)?;
    let Some((seg, label)) = TOOLS
        .iter()
        .find(|(seg, _)| *seg == tool && *seg != "document")
    else {
        return Err(message(
            &state,
            &user,
            StatusCode::NOT_FOUND,
            "Outil introuvable",
            "Cet outil n'existe pas dans ce cours.",
        )
        .into());
    };
    let mut ctx = context(&state, &user);
    course_context(&mut ctx, course, seg);
    ctx.insert("tool", seg);
    ctx.insert("tool_label", label);
    ctx.insert("description", course.description);
    ctx.insert("agenda", course.agenda);
    ctx.insert("announcements", course.announcements);
    Ok(render::page(&state, "claroline/tool.html", &ctx))
}
