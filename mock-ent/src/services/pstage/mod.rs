//! The work placement agreement (esup-pstage): **Créer une convention**, the
//! wizard's seven parts with server-side checks (`Valider`, `Précédent`,
//! `Enregistrer` to resume later), the summary and **Valider la convention**,
//! then the teacher's `Validation pédagogique`, after which the student can
//! no longer edit it and may print it.
//!
//! The teacher validates a submitted agreement two days after submission on
//! the persona's clock (advance it with `/__mock/clock/advance`), or at once
//! with `POST /__mock/pstage/{login}/validate` (control API only).

pub mod form;

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::core::csrf::CsrfForm;
use crate::core::render;
use crate::core::session::CurrentUser;
use crate::core::state::AppState;
use form::{Input, STEPS};

/// How long the referent teacher takes to check a submitted agreement.
pub const TEACHER_DELAY_DAYS: i64 = 2;
/// Most agreements one student may create.
const MAX_AGREEMENTS: usize = 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Draft,
    Submitted,
    Validated,
}

pub struct Agreement {
    /// `2026-2027`.
    pub year: String,
    pub values: BTreeMap<String, String>,
    /// The furthest part reached (1..=8), where **Reprendre** leads.
    pub reached: usize,
    pub status: Status,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The 924-hour warning was shown and confirmed.
    pub hours_confirmed: bool,
}

/// Every persona's agreements, keyed by login; a persona's agreement `n` is
/// the `n`-th of its own list, so nobody can name another's.
#[derive(Default)]
pub struct Pstage {
    users: HashMap<String, Vec<Agreement>>,
}

fn academic_year(day: NaiveDate) -> String {
    let start = if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    };
    format!("{start}-{}", start + 1)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/esup-pstage",
            get(|| async { Redirect::to("/esup-pstage/") }),
        )
        .route("/esup-pstage/", get(home))
        .route("/esup-pstage/create", post(create))
        .route("/esup-pstage/convention/{n}", get(agreement_page))
        .route(
            "/esup-pstage/convention/{n}/etape/{s}",
            get(step_page).post(step_post),
        )
        .route("/esup-pstage/convention/{n}/valider", post(submit))
}

/// The service's part of the control API, merged only when it is served.
pub fn control_routes() -> Router<AppState> {
    Router::new().route("/__mock/pstage/{login}/validate", post(control_validate))
}

/// Runs `f` on `login`'s agreements, after the teacher's time-based checks.
fn with_agreements<R>(
    state: &AppState,
    login: &str,
    f: impl FnOnce(&mut Vec<Agreement>) -> R,
) -> R {
    let now = state.clock().now(Some(login));
    state.service::<Pstage, _>(|p| {
        let list = p.users.entry(login.to_string()).or_default();
        for a in list.iter_mut() {
            if a.status == Status::Submitted
                && a.submitted_at
                    .is_some_and(|t| now >= t + Duration::days(TEACHER_DELAY_DAYS))
            {
                a.status = Status::Validated;
            }
        }
        f(list)
    })
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Draft => "En cours de saisie",
        Status::Submitted => "En attente de validation pédagogique",
        Status::Validated => "Validation pédagogique effectuée",
    }
}

fn not_found(state: &AppState) -> Response {
    render::error_page(
        state,
        StatusCode::NOT_FOUND,
        "Convention introuvable",
        "Cette convention n'existe pas.",
    )
}

fn context(state: &AppState, user: &CurrentUser) -> tera::Context {
    render::context(state, Some(&user.session.0), Some(&user.login))
}

#[derive(Serialize)]
struct ListItem {
    number: usize,
    year: String,
    status: &'static str,
    organisation: String,
    href: String,
    resume: bool,
}

async fn home(State(state): State<AppState>, user: CurrentUser) -> Response {
    let items: Vec<ListItem> = with_agreements(&state, &user.login, |list| {
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
    });
    let mut ctx = context(&state, &user);
    ctx.insert("items", &items);
    render::page(&state, "pstage/home.html", &ctx)
}

/// The values a new agreement starts with: the student's registration.
fn prefill(state: &AppState, login: &str) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let Some(p) = state.persona(login) else {
        return v;
    };
    let mut rng = crate::core::secret::Seeded::new(&format!("pstage:{login}"));
    let streets = [
        "rue Michelet",
        "rue de la Résistance",
        "cours Fauriel",
        "rue Balay",
        "boulevard Karl Marx",
        "rue des Docteurs Charcot",
    ];
    let programme = crate::world::enrolment::resources_of(login)
        .first()
        .and_then(|id| crate::world::enrolment::resource(*id))
        .map(|r| r.name)
        .unwrap_or("M1");
    let ufr = if programme.contains("Management") {
        "IAE Saint-Étienne"
    } else if programme.contains("Machine") {
        "Faculté des Sciences et Techniques"
    } else {
        "Faculté des Arts, Lettres et Langues"
    };
    for (k, val) in [
        ("etu_numero", p.student_number.clone()),
        ("etu_nom", p.family_name.to_uppercase()),
        ("etu_prenom", p.given_name.clone()),
        (
            "etu_adresse",
            format!("{} {}", 1 + rng.below(60), rng.pick(&streets)),
        ),
        ("etu_cp", "42000".to_string()),
        ("etu_commune", "Saint-Étienne".to_string()),
        ("etu_pays", "France".to_string()),
        ("etu_tel", String::new()),
        ("etu_portable", p.mobile.clone()),
        ("etu_mail_perso", p.personal_email.clone()),
        ("etu_mail", p.email.clone()),
        ("etu_etape", programme.to_string()),
        ("etu_ufr", ufr.to_string()),
        ("org_pays", "France".to_string()),
        ("stage_gratification", "Non".to_string()),
    ] {
        v.insert(k.to_string(), val);
    }
    v
}

#[derive(Deserialize)]
struct Empty {}

async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let year = academic_year(state.clock().today(Some(&user.login)));
    let values = prefill(&state, &user.login);
    let n = with_agreements(&state, &user.login, |list| {
        if list.len() >= MAX_AGREEMENTS {
            return None;
        }
        list.push(Agreement {
            year,
            values,
            reached: 1,
            status: Status::Draft,
            submitted_at: None,
            hours_confirmed: false,
        });
        Some(list.len())
    });
    match n {
        Some(n) => Redirect::to(&format!("/esup-pstage/convention/{n}/etape/1")).into_response(),
        None => render::error_page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            "Trop de conventions",
            "Vous avez atteint le nombre maximal de conventions.",
        ),
    }
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

/// What the pages of one agreement need: a copy of it.
struct Snapshot {
    year: String,
    values: BTreeMap<String, String>,
    status: Status,
    hours_confirmed: bool,
    /// Another agreement of the same academic year exists.
    second: bool,
}

fn snapshot(state: &AppState, login: &str, n: usize) -> Option<Snapshot> {
    with_agreements(state, login, |list| {
        let a = list.get(n.checked_sub(1)?)?;
        let second = list
            .iter()
            .enumerate()
            .any(|(i, b)| i + 1 != n && b.year == a.year);
        Some(Snapshot {
            year: a.year.clone(),
            values: a.values.clone(),
            status: a.status,
            hours_confirmed: a.hours_confirmed,
            second,
        })
    })
}

const LOCKED: &str =
    "Attention : La convention ne peut plus être modifiée par l'étudiant une fois vérifiée.";
const SECOND: &str =
    "Attention : vous disposez déjà d'une convention de stage sur cette année universitaire.";

struct StepRender<'a> {
    errors: BTreeMap<&'static str, &'static str>,
    notice: Option<&'a str>,
    warning: Option<&'a str>,
    status: StatusCode,
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

fn render_step(
    state: &AppState,
    user: &CurrentUser,
    n: usize,
    s: usize,
    a: &Snapshot,
    r: StepRender<'_>,
) -> Response {
    let Some(step) = STEPS.get(s - 1) else {
        return not_found(state);
    };
    let locked = a.status == Status::Validated;
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
            hidden: f.key == "stage_montant"
                && a.values.get("stage_gratification").map(String::as_str) != Some("Oui"),
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
    ctx.insert("locked", &locked.then_some(LOCKED));
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
                .filter(|f| {
                    f.key != "stage_montant"
                        || values.get("stage_gratification").map(String::as_str) == Some("Oui")
                })
                .map(|f| (f.label, values.get(f.key).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect()
}

/// The first part whose values do not pass, if any.
fn first_invalid(values: &BTreeMap<String, String>) -> Option<usize> {
    (0..STEPS.len())
        .find(|i| !form::validate(*i, values).is_empty())
        .map(|i| i + 1)
}

fn render_summary(
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
    ctx.insert("error", &error);
    ctx.insert("year", &a.year);
    let status = if ctx.get("error").is_some_and(|e| !e.is_null()) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render::page_with_status(state, status, "pstage/summary.html", &ctx)
}

fn render_print(state: &AppState, user: &CurrentUser, n: usize, a: &Snapshot) -> Response {
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

fn parse_step(n: &str, s: &str) -> Option<(usize, usize)> {
    let n: usize = n.parse().ok()?;
    let s: usize = s.parse().ok()?;
    (1..=9).contains(&s).then_some((n, s))
}

#[derive(Deserialize)]
struct StepQuery {
    notice: Option<String>,
}

async fn step_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((n, s)): Path<(String, String)>,
    Query(q): Query<StepQuery>,
) -> Response {
    let Some((n, s)) = parse_step(&n, &s) else {
        return not_found(&state);
    };
    let Some(a) = snapshot(&state, &user.login, n) else {
        return not_found(&state);
    };
    match s {
        8 => render_summary(&state, &user, n, &a, None),
        9 => render_print(&state, &user, n, &a),
        _ => {
            let notice = (q.notice.as_deref() == Some("saved")).then_some(SAVED);
            render_step(
                &state,
                &user,
                n,
                s,
                &a,
                StepRender {
                    errors: BTreeMap::new(),
                    notice,
                    warning: None,
                    status: StatusCode::OK,
                },
            )
        }
    }
}

const SAVED: &str = "Vos informations ont été enregistrées. Vous pourrez reprendre la saisie plus tard depuis l'accueil de la convention de stage.";

async fn step_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((n, s)): Path<(String, String)>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some((n, s)) = parse_step(&n, &s).filter(|(_, s)| *s <= STEPS.len()) else {
        return not_found(&state);
    };
    let Some(before) = snapshot(&state, &user.login, n) else {
        return not_found(&state);
    };
    if before.status == Status::Validated {
        let mut r = render_step(
            &state,
            &user,
            n,
            s,
            &before,
            StepRender {
                errors: BTreeMap::new(),
                notice: None,
                warning: None,
                status: StatusCode::FORBIDDEN,
            },
        );
        *r.status_mut() = StatusCode::FORBIDDEN;
        return r;
    }
    let step = &STEPS[s - 1];
    let action = posted
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str())
        .unwrap_or("valider");
    let confirm = posted.iter().any(|(k, v)| k == "confirm_hours" && v == "1");
    let mut values = before.values.clone();
    for field in step.fields.iter().filter(|f| f.input != Input::Fixed) {
        if let Some((_, v)) = posted.iter().find(|(k, _)| k == field.key) {
            let v: String = v
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .take(form::MAX_LEN)
                .collect();
            values.insert(field.key.to_string(), v.trim().to_string());
        }
    }
    let errors = form::validate(s - 1, &values);
    let hours_confirmed = before.hours_confirmed || confirm;
    let next_reached = |reached: usize| {
        if errors.is_empty() && action == "valider" {
            reached.max(s + 1)
        } else {
            reached.max(s)
        }
    };
    let new_status = with_agreements(&state, &user.login, |list| {
        let a = list.get_mut(n - 1)?;
        a.values = values.clone();
        a.hours_confirmed = hours_confirmed && form::over_924(&values);
        a.reached = next_reached(a.reached).min(8);
        if a.status == Status::Submitted && action == "valider" {
            // Changed after submission: submitted again from the summary.
            a.status = Status::Draft;
            a.submitted_at = None;
        }
        Some(a.status)
    });
    let Some(status) = new_status else {
        return not_found(&state);
    };
    let now = Snapshot {
        values,
        status,
        hours_confirmed,
        ..before
    };
    let base = format!("/esup-pstage/convention/{n}/etape");
    match action {
        "precedent" => Redirect::to(&format!("{base}/{}", (s - 1).max(1))).into_response(),
        "enregistrer" => Redirect::to(&format!("{base}/{s}?notice=saved")).into_response(),
        _ if !errors.is_empty() => render_step(
            &state,
            &user,
            n,
            s,
            &now,
            StepRender {
                errors,
                notice: None,
                warning: None,
                status: StatusCode::OK,
            },
        ),
        _ if s == 5 && form::over_924(&now.values) && !confirm => render_step(
            &state,
            &user,
            n,
            s,
            &now,
            StepRender {
                errors,
                notice: None,
                warning: Some(form::HOURS_WARNING),
                status: StatusCode::OK,
            },
        ),
        _ => Redirect::to(&format!("{base}/{}", s + 1)).into_response(),
    }
}

async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(n): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let Some(n) = n.parse::<usize>().ok() else {
        return not_found(&state);
    };
    let Some(a) = snapshot(&state, &user.login, n) else {
        return not_found(&state);
    };
    match a.status {
        Status::Validated => return render_summary(&state, &user, n, &a, Some(LOCKED.to_string())),
        Status::Submitted => {
            return Redirect::to(&format!("/esup-pstage/convention/{n}")).into_response()
        }
        Status::Draft => {}
    }
    if let Some(part) = first_invalid(&a.values) {
        return render_summary(
            &state,
            &user,
            n,
            &a,
            Some(format!(
                "{} : complétez la partie {part}, « {} ».",
                form::FORM_ERROR,
                STEPS[part - 1].title
            )),
        );
    }
    let now = state.clock().now(Some(&user.login));
    with_agreements(&state, &user.login, |list| {
        if let Some(a) = list.get_mut(n - 1) {
            a.status = Status::Submitted;
            a.submitted_at = Some(now);
            a.reached = 8;
        }
    });
    Redirect::to(&format!("/esup-pstage/convention/{n}")).into_response()
}

async fn agreement_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(n): Path<String>,
) -> Response {
    let Some(n) = n.parse::<usize>().ok() else {
        return not_found(&state);
    };
    let Some(a) = snapshot(&state, &user.login, n) else {
        return not_found(&state);
    };
    let mut ctx = context(&state, &user);
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
    render::page(&state, "pstage/agreement.html", &ctx)
}

/// `POST /__mock/pstage/{login}/validate`: the referent teacher validates
/// every submitted agreement of `login` now.
async fn control_validate(State(state): State<AppState>, Path(login): Path<String>) -> Response {
    if state.persona(&login).is_none() {
        return (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "error": format!("no persona {login:?}") })),
        )
            .into_response();
    }
    let validated = with_agreements(&state, &login, |list| {
        let mut count = 0;
        for a in list.iter_mut().filter(|a| a.status == Status::Submitted) {
            a.status = Status::Validated;
            count += 1;
        }
        count
    });
    Json(serde_json::json!({ "validated": validated })).into_response()
}
