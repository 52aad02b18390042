//! The placement agreement's handlers: the list, **Créer une convention**,
//! the wizard's parts (`Valider`, `Précédent`, `Enregistrer`), the summary's
//! **Valider la convention**, an agreement's page, and the control API's
//! validation by the teacher.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;

use super::form::{self, Input, Step, STEPS};
use super::model::{self, snapshot, with_agreements, Agreement, Snapshot, Status};
use super::views::{self, not_found, StepRender, LOCKED, SAVED};
use crate::core::csrf::CsrfForm;
use crate::core::error::{PageError, PageResult};
use crate::core::session::CurrentUser;
use crate::core::state::AppState;
use crate::world::WorldState;

#[derive(Deserialize)]
pub struct Empty {}

/// `GET /esup-pstage/`.
pub async fn home(State(state): State<AppState>, user: CurrentUser) -> Response {
    let items = with_agreements(&state, &user.login, |list| views::list_items(list));
    views::home(&state, &user, &items)
}

/// `POST /esup-pstage/create`: a new draft, prefilled from the registration.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    let year = model::academic_year(state.clock().today(Some(&user.login)));
    let values = model::prefill(&state, &user.login);
    let n = with_agreements(&state, &user.login, |list| {
        if list.len() >= model::MAX_AGREEMENTS {
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
    let n = n.ok_or_else(|| {
        PageError::page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            "Trop de conventions",
            "Vous avez atteint le nombre maximal de conventions.",
        )
    })?;
    Ok(Redirect::to(&format!("/esup-pstage/convention/{n}/etape/1")).into_response())
}

/// The first part whose values do not pass, if any.
fn first_invalid(values: &BTreeMap<String, String>) -> Option<usize> {
    (0..STEPS.len())
        .find(|i| !form::validate(*i, values).is_empty())
        .map(|i| i + 1)
}

/// Agreement `n` and part `s` (1..=9) from the path.
fn parse_step(n: &str, s: &str) -> Option<(usize, usize)> {
    let n: usize = n.parse().ok()?;
    let s: usize = s.parse().ok()?;
    (1..=9).contains(&s).then_some((n, s))
}

/// The persona's agreement `n`, or the `Convention introuvable` page.
fn agreement_of(state: &AppState, user: &CurrentUser, n: usize) -> Result<Snapshot, PageError> {
    snapshot(state, &user.login, n).ok_or_else(|| not_found(state))
}

#[derive(Deserialize)]
pub struct StepQuery {
    notice: Option<String>,
}

/// `GET /esup-pstage/convention/{n}/etape/{s}`.
pub async fn step_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((n, s)): Path<(String, String)>,
    Query(q): Query<StepQuery>,
) -> PageResult {
    let (n, s) = parse_step(&n, &s).ok_or_else(|| not_found(&state))?;
    let a = agreement_of(&state, &user, n)?;
    Ok(match s {
        8 => views::summary(&state, &user, n, &a, None),
        9 => views::print(&state, &user, n, &a),
        _ => {
            let notice = (q.notice.as_deref() == Some("saved")).then_some(SAVED);
            let r = StepRender {
                notice,
                ..StepRender::plain(StatusCode::OK)
            };
            views::step(&state, &user, n, s, &a, r)
        }
    })
}

/// The agreement's values with part `step`'s posted fields (trimmed, no
/// control characters, at most `form::MAX_LEN`); fixed fields keep theirs.
fn merged(
    step: &Step,
    values: &BTreeMap<String, String>,
    posted: &[(String, String)],
) -> BTreeMap<String, String> {
    let mut values = values.clone();
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
    values
}

/// Stores part `s`'s values in agreement `n`; `advance` when the part
/// passed and the persona asked to go on. A submitted agreement changed
/// with `Valider` is a draft again (submitted again from the summary).
/// The new status, or `None` if the agreement is gone.
fn save(
    state: &AppState,
    login: &str,
    (n, s): (usize, usize),
    values: &BTreeMap<String, String>,
    hours_confirmed: bool,
    action: &str,
    advance: bool,
) -> Option<Status> {
    with_agreements(state, login, |list| {
        let a = list.get_mut(n - 1)?;
        a.values = values.clone();
        a.hours_confirmed = hours_confirmed && form::over_924(values);
        let reached = if advance { s + 1 } else { s };
        a.reached = a.reached.max(reached).min(8);
        if a.status == Status::Submitted && action == "valider" {
            a.status = Status::Draft;
            a.submitted_at = None;
        }
        Some(a.status)
    })
}

/// `POST /esup-pstage/convention/{n}/etape/{s}`: `Valider` (checks, then
/// the next part), `Précédent`, `Enregistrer` (to resume later).
pub async fn step_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((n, s)): Path<(String, String)>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let (n, s) = parse_step(&n, &s)
        .filter(|(_, s)| *s <= STEPS.len())
        .ok_or_else(|| not_found(&state))?;
    let before = agreement_of(&state, &user, n)?;
    if before.status == Status::Validated {
        let r = StepRender::plain(StatusCode::FORBIDDEN);
        let mut page = views::step(&state, &user, n, s, &before, r);
        *page.status_mut() = StatusCode::FORBIDDEN;
        return Err(page.into());
    }
    let action = posted
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str())
        .unwrap_or("valider");
    let confirm = posted.iter().any(|(k, v)| k == "confirm_hours" && v == "1");
    let values = merged(&STEPS[s - 1], &before.values, &posted);
    let errors = form::validate(s - 1, &values);
    let hours_confirmed = before.hours_confirmed || confirm;
    let advance = errors.is_empty() && action == "valider";
    let status = save(
        &state,
        &user.login,
        (n, s),
        &values,
        hours_confirmed,
        action,
        advance,
    )
    .ok_or_else(|| not_found(&state))?;
    let now = Snapshot {
        values,
        status,
        hours_confirmed,
        ..before
    };
    let base = format!("/esup-pstage/convention/{n}/etape");
    Ok(match action {
        "precedent" => Redirect::to(&format!("{base}/{}", (s - 1).max(1))).into_response(),
        "enregistrer" => Redirect::to(&format!("{base}/{s}?notice=saved")).into_response(),
        _ if !errors.is_empty() => {
            let r = StepRender {
                errors,
                ..StepRender::plain(StatusCode::OK)
            };
            views::step(&state, &user, n, s, &now, r)
        }
        _ if s == 5 && form::over_924(&now.values) && !confirm => {
            let r = StepRender {
                warning: Some(form::HOURS_WARNING),
                ..StepRender::plain(StatusCode::OK)
            };
            views::step(&state, &user, n, s, &now, r)
        }
        _ => Redirect::to(&format!("{base}/{}", s + 1)).into_response(),
    })
}

/// `POST /esup-pstage/convention/{n}/valider`: **Valider la convention**.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(n): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    let n = n.parse::<usize>().map_err(|_| not_found(&state))?;
    let a = agreement_of(&state, &user, n)?;
    let page = format!("/esup-pstage/convention/{n}");
    match a.status {
        Status::Validated => {
            let locked = Some(LOCKED.to_string());
            return Err(views::summary(&state, &user, n, &a, locked).into());
        }
        Status::Submitted => return Ok(Redirect::to(&page).into_response()),
        Status::Draft => {}
    }
    if let Some(part) = first_invalid(&a.values) {
        let error = format!(
            "{} : complétez la partie {part}, « {} ».",
            form::FORM_ERROR,
            STEPS[part - 1].title
        );
        return Err(views::summary(&state, &user, n, &a, Some(error)).into());
    }
    let now = state.clock().now(Some(&user.login));
    with_agreements(&state, &user.login, |list| {
        if let Some(a) = list.get_mut(n - 1) {
            a.status = Status::Submitted;
            a.submitted_at = Some(now);
            a.reached = 8;
        }
    });
    Ok(Redirect::to(&page).into_response())
}

/// `GET /esup-pstage/convention/{n}`.
pub async fn agreement_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(n): Path<String>,
) -> PageResult {
    let n = n.parse::<usize>().map_err(|_| not_found(&state))?;
    let a = agreement_of(&state, &user, n)?;
    Ok(views::agreement(&state, &user, n, &a))
}

/// `POST /__mock/pstage/{login}/validate`: the referent teacher validates
/// every submitted agreement of `login` now.
pub async fn control_validate(
    State(state): State<AppState>,
    Path(login): Path<String>,
) -> Response {
    if state.persona(&login).is_none() {
        return (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "error": format!("no persona {login:?}") })),
        )
            .into_response();
    }
    let validated = model::validate_submitted(&state, &login);
    Json(serde_json::json!({ "validated": validated })).into_response()
}
