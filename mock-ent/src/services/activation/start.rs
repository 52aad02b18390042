//! Step 1: the captcha picture (`Image de vérification`), **Recopiez le texte
//! de l'image**, the **Vous êtes** drop-down, **Valider**. Three wrong answers
//! block the form for 30 seconds.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::Deserialize;

use super::ActivationState;
use super::{
    context, not_pending, pending_login, Step, BLOCK_SECONDS, MAX_CAPTCHA_FAILURES, MSG_FORM_ERRORS,
};
use crate::core::csrf::CsrfForm;
use crate::core::render;
use crate::core::session::SessionId;
use crate::core::state::AppState;

pub const PROFILES: [&str; 4] = [
    "Etudiant",
    "Personnel",
    "Ancien Etudiant",
    "Etudiant externe",
];
pub const MSG_BAD_CODE: &str = "Code invalide";
pub const MSG_BLOCKED: &str =
    "Trop d'erreurs de saisie : veuillez patienter 30 secondes avant de réessayer.";
pub const MSG_NO_PROFILE: &str = "Veuillez indiquer votre profil.";
pub const MSG_WRONG_PROFILE: &str = "Ce profil ne correspond pas à votre compte.";

/// `GET /esup-activ/`: the step the persona is at.
pub async fn show(State(state): State<AppState>, session: SessionId) -> Response {
    let Some(login) = pending_login(&state, &session) else {
        return not_pending(&state, &session);
    };
    let step = state
        .service::<ActivationState, _>(|act| act.progress.entry(login.clone()).or_default().step);
    match step {
        Step::Captcha => captcha_page(&state, &session, &login, &[], None, StatusCode::OK),
        Step::Info => super::info::page(
            &state,
            &session,
            &login,
            &Default::default(),
            &[],
            StatusCode::OK,
        ),
        Step::Sent => super::info::sent_page(&state, &session, &login),
    }
}

pub fn captcha_page(
    state: &AppState,
    session: &SessionId,
    login: &str,
    errors: &[&str],
    profile: Option<&str>,
    status: StatusCode,
) -> Response {
    let number = state.service::<ActivationState, _>(|act| {
        let p = act.progress.entry(login.to_string()).or_default();
        if p.captcha_number == 0 {
            p.captcha_number = 1;
        }
        p.captcha_shown = true;
        p.captcha_number
    });
    let mut ctx = context(state, session, None);
    ctx.insert("errors", errors);
    ctx.insert("profiles", &PROFILES);
    ctx.insert("profile", &profile.unwrap_or(""));
    ctx.insert("captcha_number", &number);
    render::page_with_status(state, status, "activation/captcha.html", &ctx)
}

/// `GET /esup-activ/captcha.png`: the picture of the captcha now shown.
pub async fn picture(State(state): State<AppState>, session: SessionId) -> Response {
    let Some(login) = pending_login(&state, &session) else {
        return (StatusCode::NOT_FOUND, "no captcha").into_response();
    };
    let number = state.service::<ActivationState, _>(|act| {
        act.progress
            .get(&login)
            .map(|p| p.captcha_number.max(1))
            .unwrap_or(1)
    });
    let text = super::captcha::text(&login, number);
    let png = super::captcha::picture(&text, &login);
    (
        [(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "no-store")],
        png,
    )
        .into_response()
}

#[derive(Deserialize, Default)]
pub struct CaptchaForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    profile: String,
}

/// `POST /esup-activ/`: checks the captcha and the profile.
pub async fn submit(
    State(state): State<AppState>,
    session: SessionId,
    CsrfForm(f): CsrfForm<CaptchaForm>,
) -> Response {
    let Some(login) = pending_login(&state, &session) else {
        return not_pending(&state, &session);
    };
    let now = state.clock().now(Some(&login));
    let profile = PROFILES.iter().find(|p| **p == f.profile).copied();
    enum Outcome {
        Blocked,
        WrongCode,
        Ok,
    }
    let outcome = state.service::<ActivationState, _>(|act| {
        let p = act.progress.entry(login.clone()).or_default();
        if p.step != super::Step::Captcha {
            return Outcome::Ok;
        }
        if p.blocked_until.is_some_and(|until| now < until) {
            return Outcome::Blocked;
        }
        let expected = super::captcha::text(&login, p.captcha_number.max(1));
        if super::captcha::matches(&expected, &f.code) {
            p.failures = 0;
            return Outcome::Ok;
        }
        p.failures += 1;
        p.captcha_number = p.captcha_number.max(1) + 1;
        if p.failures >= MAX_CAPTCHA_FAILURES {
            p.failures = 0;
            p.blocked_until = Some(now + Duration::seconds(BLOCK_SECONDS));
            Outcome::Blocked
        } else {
            Outcome::WrongCode
        }
    });
    match outcome {
        Outcome::Blocked => {
            return captcha_page(
                &state,
                &session,
                &login,
                &[MSG_FORM_ERRORS, MSG_BLOCKED],
                profile,
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
        Outcome::WrongCode => {
            return captcha_page(
                &state,
                &session,
                &login,
                &[MSG_FORM_ERRORS, MSG_BAD_CODE],
                profile,
                StatusCode::OK,
            );
        }
        Outcome::Ok => {}
    }
    let profile_error = match profile {
        None => Some(MSG_NO_PROFILE),
        Some("Etudiant") => None,
        Some(_) => Some(MSG_WRONG_PROFILE),
    };
    if let Some(e) = profile_error {
        // The code was right: keep the same picture, ask for the profile again.
        return captcha_page(
            &state,
            &session,
            &login,
            &[MSG_FORM_ERRORS, e],
            profile,
            StatusCode::OK,
        );
    }
    state.service::<ActivationState, _>(|act| {
        let p = act.progress.entry(login.clone()).or_default();
        if p.step == Step::Captcha {
            p.step = Step::Info;
            p.profile = profile.map(str::to_string);
        }
    });
    Redirect::to("/esup-activ/").into_response()
}
