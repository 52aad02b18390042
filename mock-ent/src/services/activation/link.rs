//! Step 3, the activation link's page: the persona's information, the new
//! password under the policy with the strength meter, the charter checkbox,
//! **Valider**; then `Activation de votre compte réussie` and **Quitter**.
//! The link works once, for a limited time.

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::info::PersonaInfo;
use super::ActivationState;
use super::{context, policy, MSG_ALREADY, MSG_FORM_ERRORS};
use crate::core::csrf::CsrfForm;
use crate::core::render;
use crate::core::session::{set_cookie, SessionData, SessionId, COOKIE};
use crate::core::state::AppState;
use crate::world::WorldState;

pub const MSG_CODE_INVALID: &str = "Code invalide";
pub const MSG_CODE_EXPIRED: &str = "Délai d'utilisation du code dépassé";
pub const MSG_CHARTER: &str = "Vous devez accepter la charte pour pouvoir continuer";
pub const MSG_DONE_TITLE: &str = "Activation de votre compte réussie";

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// The login a code opens, or the message saying why it does not.
fn resolve(state: &AppState, code: &str) -> Result<String, &'static str> {
    let link = state.service::<ActivationState, _>(|act| {
        act.links.get(code).map(|l| (l.login.clone(), l.expires))
    });
    let Some((login, expires)) = link.filter(|_| !code.is_empty()) else {
        return Err(MSG_CODE_INVALID);
    };
    if state.persona(&login).is_some_and(|p| p.activated) {
        return Err(MSG_ALREADY);
    }
    if state.clock().now(Some(&login)) > expires {
        state.service::<ActivationState, _>(|act| act.links.remove(code));
        return Err(MSG_CODE_EXPIRED);
    }
    Ok(login)
}

fn refused(state: &AppState, session: &SessionId, message: &str) -> Response {
    let mut ctx = context(state, session, None);
    ctx.insert("message", message);
    render::page_with_status(state, StatusCode::GONE, "activation/message.html", &ctx)
}

fn form_page(
    state: &AppState,
    session: &SessionId,
    login: &str,
    code: &str,
    errors: &[String],
    password_errors: &[String],
    charter_error: Option<&str>,
) -> Response {
    let mut ctx = context(state, session, None);
    if let Some(p) = state.persona(login) {
        ctx.insert("persona", &PersonaInfo::from(&p));
    }
    ctx.insert("code", code);
    ctx.insert("errors", errors);
    ctx.insert("password_errors", password_errors);
    ctx.insert("charter_error", &charter_error);
    ctx.insert("strength", policy::strength(""));
    render::page(state, "activation/password.html", &ctx)
}

/// `GET /esup-activ/activer?code=...`
pub async fn show(
    State(state): State<AppState>,
    session: SessionId,
    Query(q): Query<CodeQuery>,
) -> Response {
    match resolve(&state, &q.code) {
        Ok(login) => form_page(&state, &session, &login, &q.code, &[], &[], None),
        Err(message) => refused(&state, &session, message),
    }
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    charte: Option<String>,
}

/// `POST /esup-activ/activer`
pub async fn submit(
    State(state): State<AppState>,
    session: SessionId,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Response {
    let login = match resolve(&state, &f.code) {
        Ok(login) => login,
        Err(message) => return refused(&state, &session, message),
    };
    let mut password_errors = policy::problems(&f.password);
    if password_errors.is_empty() && f.password != f.confirm {
        password_errors.push(policy::MSG_MISMATCH.to_string());
    }
    let charter_error = f.charte.is_none().then_some(MSG_CHARTER);
    if !password_errors.is_empty() || charter_error.is_some() {
        let errors = vec![MSG_FORM_ERRORS.to_string()];
        return form_page(
            &state,
            &session,
            &login,
            &f.code,
            &errors,
            &password_errors,
            charter_error,
        );
    }
    // Hash outside the locks, consume the link (once: a second submit finds
    // it gone), then activate.
    let hash = crate::core::secret::PasswordHash::new(&f.password);
    let consumed = state.service::<ActivationState, _>(|act| {
        if act.links.remove(&f.code).is_none() {
            return false;
        }
        act.progress.remove(&login);
        true
    });
    if !consumed {
        return refused(&state, &session, MSG_CODE_INVALID);
    }
    state.world(|w| w.directory.activate_with(&login, hash, &f.password));
    // The browser that logged in with this account's birth date is now
    // logged in to the portal (a fresh session id), so **Quitter** lands on
    // the portal with **Déconnexion**, as the 2015 guide tells it: "Click on
    // Quitter. Log out and check if your new password is working." Another
    // account's birth-date session in this browser is over.
    let renewed = state.sessions(|s| {
        let pending = s
            .get(&session.0)
            .and_then(|d| d.pending_activation.clone())?;
        if pending == login.to_lowercase() {
            Some(s.rotate(
                &session.0,
                SessionData {
                    login: Some(login.clone()),
                    pending_activation: None,
                },
            ))
        } else {
            s.set(&session.0, SessionData::default());
            None
        }
    });
    let session = renewed.clone().map_or(session, SessionId);
    let Some(p) = state.persona(&login) else {
        return refused(&state, &session, MSG_CODE_INVALID);
    };
    let mut ctx = context(&state, &session, None);
    ctx.insert("done_title", MSG_DONE_TITLE);
    ctx.insert(
        "done_message",
        &format!(
            "Votre identifiant unique est {} et votre courriel est {}",
            p.login, p.email
        ),
    );
    let page = render::page(&state, "activation/done.html", &ctx);
    match renewed {
        Some(sid) => ([(SET_COOKIE, set_cookie(COOKIE, &sid, "/"))], page).into_response(),
        None => page,
    }
}
