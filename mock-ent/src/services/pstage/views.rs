//! The placement agreement's pages: the list of agreements, a part of the
//! wizard, the summary, the print view and an agreement's status page, with
//! the notices esup-pstage shows.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::form::{self, Input, STEPS};
use super::model::{Agreement, Snapshot, Status};
use crate::core::error::PageError;
use crate::core::render;
use crate::core::session::CurrentUser;
use crate::core::state::AppState;

pub const LOCKED: &str =
    "Attention : La convention ne peut plus être modifiée par l'étudiant une fois vérifiée.";
pub const SECOND: &str =
    "Attention : vous disposez déjà d'une convention de stage sur cette année universitaire.";
pub const SAVED: &str = "Vos informations ont été enregistrées. Vous pourrez reprendre la saisie plus tard depuis l'accueil de la convention de stage.";

pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Draft => "En cours de saisie",
        Status::Submitted => "En attente de validation pédagogique",
        Status::Validated => "Validation pédagogique effectuée",
    }
}

/// The page for an agreement number the persona does not have.
pub fn not_found(state: &AppState) -> PageError {
    PageError::page(
        state,
        StatusCode::NOT_FOUND,
        "Convention introuvable",
        "Cette convention n'existe pas.",
    )
}

fn context(state: &AppState, user: &CurrentUser) -> tera::Context {
    render::context(state, Some(&user.session.0), Some(&user.login))
}

/// One row of the home page's list.
#[derive(Serialize)]
pub struct ListItem {
    number: usize,
    year: String,
    status: &'static str,
    organisation: String,
    href: String,
    resume: bool,
}

/// The home page's rows: a draft leads where it stopped.
pub fn list_items(list: &[Agreement]) -> Vec<ListItem> {
    list.iter()
        .enumerate()
        .map(|(i, a)| ListItem {
            number: i + 1,
            year: a.year.clone(),
            status: status_label(a.status),
            organisation: a.values.get("org_raison").cloned().unwrap_or_default(),
            href: if a.status == Status::Draft {
                format!("/esup-pstage/convention/{}/etape/{}", i + 1, a.reached)
            } else {
                format!("/esup-pstage/convention/{}", i + 1)
            },
            resume: a.status == Status::Draft,
        })
        .collect()
}

/// The home page: the persona's agreements and **Créer une convention**.
pub fn home(state: &AppState, user: &CurrentUser, items: &[ListItem]) -> Response {
    let mut ctx = context(state, user);
    ctx.insert("items", items);
    render::page(state, "pstage/home.html", &ctx)
}

#[derive(Serialize)]
struct FieldView {
    key: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    options: Vec<&'static str>,
    error: Option<&'static str>,
    required: bool,
    hidden: bool,
}

#[derive(Serialize)]
struct SummaryPart {
    number: usize,
    title: &'static str,
    rows: Vec<(&'static str, String)>,
}

/// What a part of the wizard shows besides the agreement's values.
pub struct StepRender<'a> {
    pub errors: BTreeMap<&'static str, &'static str>,
    pub notice: Option<&'a str>,
    pub warning: Option<&'a str>,
    pub status: StatusCode,
}

impl StepRender<'_> {
    /// No error, notice or warning.
    pub fn plain(status: StatusCode) -> Self {
        StepRender {
            errors: BTreeMap::new(),
            notice: None,
            warning: None,
            status,
        }
    }
}

fn steps_bar(current: usize) -> Vec<(usize, &'static str, bool)> {
    STEPS
        .iter()
        .map(|s| s.title)
        .chain([form::SUMMARY_TITLE, form::PRINT_TITLE])
        .enumerate()
        .map(|(i, t)| (i + 1, t, i + 1 == current))
        .collect()
}

/// The amount field shows only with a gratification.
fn paid(values: &BTreeMap<String, String>) -> bool {
    values.get("stage_gratification").map(String::as_str) == Some("Oui")
}

/// Part `s` (1..=7) of agreement `n`.
pub fn step(
    state: &AppState,
    user: &CurrentUser,
    n: usize,
    s: usize,
    a: &Snapshot,
    r: StepRender<'_>,
) -> Response {
    let Some(step) = s.checked_sub(1).and_then(|i| STEPS.get(i)) else {
        return not_found(state).into_response();
    };
    let fields: Vec<FieldView> = step
        .fields
        .iter()
        .map(|f| FieldView {
            key: f.key,
            label: f.label,
            kind: match f.input {
                Input::Text => "text",
                Input::Area => "area",
                Input::Select(_) => "select",
                Input::Fixed => "fixed",
            },
            value: a.values.get(f.key).cloned().unwrap_or_default(),
            options: match f.input {
                Input::Select(o) => o.to_vec(),
                _ => Vec::new(),
            },
            error: r.errors.get(f.key).copied(),
            required: f.required,
            hidden: f.key == "stage_montant" && !paid(&a.values),
        })
        .collect();
    let mut ctx = context(state, user);
    ctx.insert("n", &n);
    ctx.insert("s", &s);
    ctx.insert("title", step.title);
    ctx.insert("bar", &steps_bar(s));
    ctx.insert("fields", &fields);
    ctx.insert(
        "form_error",
        &(!r.errors.is_empty()).then_some(form::FORM_ERROR),
    );
    ctx.insert("notice", &r.notice);
    ctx.insert("warning", &r.warning);
    ctx.insert("second", &(a.second && s == 1).then_some(SECOND));
    ctx.insert("locked", &(a.status == Status::Validated).then_some(LOCKED));
    ctx.insert(
        "hours_pending",
        &(s == 5 && form::over_924(&a.values) && r.warning.is_some()),
    );
    ctx.insert("year", &a.year);
    render::page_with_status(state, r.status, "pstage/step.html", &ctx)
}

fn summary_parts(values: &BTreeMap<String, String>) -> Vec<SummaryPart> {
    STEPS
        .iter()
        .enumerate()
        .map(|(i, step)| SummaryPart {
            number: i + 1,
            title: step.title,
            rows: step
                .fields
                .iter()
                .filter(|f| f.key != "stage_montant" || paid(values))
                .map(|f| (f.label, values.get(f.key).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect()
}

/// The summary (part 8), with **Valider la convention** while a draft; an
/// `error` makes it a `400`.
pub fn summary(
    state: &AppState,
    user: &CurrentUser,
    n: usize,
    a: &Snapshot,
    error: Option<String>,
) -> Response {
    let mut ctx = context(state, user);
    ctx.insert("n", &n);
    ctx.insert("s", &8);
    ctx.insert("title", form::SUMMARY_TITLE);
    ctx.insert("bar", &steps_bar(8));
    ctx.insert("parts", &summary_parts(&a.values));
    ctx.insert("status", status_label(a.status));
    ctx.insert("can_submit", &(a.status == Status::Draft));
    ctx.insert("locked", &(a.status == Status::Validated).then_some(LOCKED));
    ctx.insert(
        "hours_warning",
        &form::over_924(&a.values).then_some(form::HOURS_WARNING),
    );
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    ctx.insert("error", &error);
    ctx.insert("year", &a.year);
    render::page_with_status(state, status, "pstage/summary.html", &ctx)
}

/// The print view (part 9).
pub fn print(state: &AppState, user: &CurrentUser, n: usize, a: &Snapshot) -> Response {
    let mut ctx = context(state, user);
    ctx.insert("n", &n);
    ctx.insert("s", &9);
    ctx.insert("title", form::PRINT_TITLE);
    ctx.insert("bar", &steps_bar(9));
    ctx.insert("validated", &(a.status == Status::Validated));
    ctx.insert("parts", &summary_parts(&a.values));
    ctx.insert("year", &a.year);
    render::page(state, "pstage/print.html", &ctx)
}

/// An agreement's status page.
pub fn agreement(state: &AppState, user: &CurrentUser, n: usize, a: &Snapshot) -> Response {
    let mut ctx = context(state, user);
    ctx.insert("n", &n);
    ctx.insert("status", status_label(a.status));
    ctx.insert("submitted", &(a.status == Status::Submitted));
    ctx.insert("validated", &(a.status == Status::Validated));
    ctx.insert("draft", &(a.status == Status::Draft));
    ctx.insert("locked", &(a.status == Status::Validated).then_some(LOCKED));
    ctx.insert("year", &a.year);
    ctx.insert(
        "organisation",
        &a.values.get("org_raison").cloned().unwrap_or_default(),
    );
    ctx.insert(
        "teacher",
        &a.values.get("ens_referent").cloned().unwrap_or_default(),
    );
    render::page(state, "pstage/agreement.html", &ctx)
}
