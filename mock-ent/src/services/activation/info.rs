//! Step 2: personal information (**Courriel alternatif**, **Mobile**) with the
//! reference's validation messages; **Envoyer** mails the activation link to
//! the personal mailbox (delivered after the configured delay).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::ActivationState;
use super::{context, not_pending, pending_login, Link, Step, LINK_HOURS, MSG_FORM_ERRORS};
use crate::core::csrf::CsrfForm;
use crate::core::render;
use crate::core::session::SessionId;
use crate::core::state::AppState;
use crate::world::mailbox::{self, Outgoing};
use crate::world::WorldState;

pub const MSG_BAD_EMAIL: &str = "Courriel invalide";
pub const MSG_UNIVERSITY_EMAIL: &str =
    "Votre courriel personnel doit être différent de celui de l'université";
pub const MSG_NEITHER: &str = "Veuillez saisir soit un courriel alternatif soit un numéro portable";
pub const MSG_BAD_MOBILE: &str = "Numéro de portable invalide";
pub const MSG_SENT: &str =
    "Un courriel contenant un lien d'activation a été envoyé à votre adresse personnelle.";
pub const SUBJECT: &str = "Activation de votre compte";
pub const SENDER: &str = "Université Jean Monnet <ne-pas-repondre@univ-st-etienne.fr>";

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct InfoForm {
    #[serde(default)]
    pub courriel: String,
    #[serde(default)]
    pub mobile: String,
}

/// Field errors of the information form.
#[derive(Serialize, Default)]
struct FieldErrors {
    courriel: Option<&'static str>,
    mobile: Option<&'static str>,
}

pub fn page(
    state: &AppState,
    session: &SessionId,
    login: &str,
    form: &InfoForm,
    errors: &[&str],
    status: StatusCode,
) -> Response {
    let mut ctx = context(state, session, None);
    ctx.insert("form", form);
    ctx.insert("errors", errors);
    ctx.insert("field_errors", &FieldErrors::default());
    if let Some(p) = state.persona(login) {
        ctx.insert("persona", &PersonaInfo::from(&p));
    }
    render::page_with_status(state, status, "activation/info.html", &ctx)
}

/// What the pages show of a persona.
#[derive(Serialize)]
pub struct PersonaInfo {
    pub login: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
}

impl From<&crate::world::directory::Persona> for PersonaInfo {
    fn from(p: &crate::world::directory::Persona) -> Self {
        PersonaInfo {
            login: p.login.clone(),
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            email: p.email.clone(),
        }
    }
}

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-".contains(&b))
}

/// French or international mobile number: `06 12 34 56 78`, `+33 6 ...`, `+44 7...`.
fn valid_mobile(s: &str) -> bool {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if let Some(rest) = digits.strip_prefix('+') {
        return (8..=15).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit());
    }
    digits.len() == 10
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("06") || digits.starts_with("07"))
}

/// `POST /esup-activ/info`: validates, then sends the link.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: SessionId,
    CsrfForm(f): CsrfForm<InfoForm>,
) -> Response {
    let Some(login) = pending_login(&state, &session) else {
        return not_pending(&state, &session);
    };
    let step = state.service::<ActivationState, _>(|act| {
        act.progress.get(&login).map(|p| p.step).unwrap_or_default()
    });
    if step != Step::Info {
        return Redirect::to("/esup-activ/").into_response();
    }
    let Some(persona) = state.persona(&login) else {
        return not_pending(&state, &session);
    };
    let courriel = f.courriel.trim().to_string();
    let mobile = f.mobile.trim().to_string();
    let mut fe = FieldErrors::default();
    if courriel.is_empty() && mobile.is_empty() {
        fe.courriel = Some(MSG_NEITHER);
    }
    if !courriel.is_empty() {
        if !valid_email(&courriel) {
            fe.courriel = Some(MSG_BAD_EMAIL);
        } else if courriel
            .to_ascii_lowercase()
            .ends_with("univ-st-etienne.fr")
        {
            fe.courriel = Some(MSG_UNIVERSITY_EMAIL);
        }
    }
    if !mobile.is_empty() && !valid_mobile(&mobile) {
        fe.mobile = Some(MSG_BAD_MOBILE);
    }
    if fe.courriel.is_some() || fe.mobile.is_some() {
        let mut ctx = context(&state, &session, None);
        ctx.insert("form", &InfoForm { courriel, mobile });
        ctx.insert("errors", &[MSG_FORM_ERRORS]);
        ctx.insert("field_errors", &fe);
        ctx.insert("persona", &PersonaInfo::from(&persona));
        return render::page_with_status(&state, StatusCode::OK, "activation/info.html", &ctx);
    }
    // Only a mobile given: the link still goes to the address given at registration.
    let to = if courriel.is_empty() {
        persona.personal_email.clone()
    } else {
        courriel
    };
    send_link(&state, &headers, &persona, &to);
    state.service::<ActivationState, _>(|act| {
        if let Some(p) = act.progress.get_mut(&login) {
            p.step = Step::Sent;
        }
    });
    Redirect::to("/esup-activ/").into_response()
}

fn send_link(
    state: &AppState,
    headers: &HeaderMap,
    persona: &crate::world::directory::Persona,
    to: &str,
) {
    let now = state.clock().now(Some(&persona.login));
    let code = crate::core::secret::random_token(40);
    let url = format!(
        "http://{}/esup-activ/activer?code={code}",
        crate::core::urls::host(headers)
    );
    let delay = Duration::minutes(state.config().mail_delay_minutes.max(0));
    let text = format!(
        "Bonjour {} {},\n\nVous avez demandé l'activation de votre compte informatique de l'Université Jean Monnet (identifiant : {}).\n\nPour vérifier vos informations, choisir votre mot de passe et activer votre compte, cliquez sur le lien ci-dessous. Il n'est valable qu'une seule fois, pendant {LINK_HOURS} heures.\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nLa Direction du Numérique\nUniversité Jean Monnet Saint-Étienne",
        persona.given_name, persona.family_name, persona.login
    );
    state.service::<ActivationState, _>(|act| {
        // A new link supersedes any earlier one.
        act.links.retain(|_, l| l.login != persona.login);
        act.links.insert(
            code,
            Link {
                login: persona.login.clone(),
                expires: now + Duration::hours(LINK_HOURS),
            },
        );
    });
    state.world(|w| {
        w.mail.send(Outgoing {
            to: to.to_string(),
            from: SENDER.to_string(),
            subject: SUBJECT.to_string(),
            text,
            links: vec![mailbox::Link {
                text: "Activer mon compte".into(),
                url,
            }],
            sent: now,
            delivered: now + delay,
        });
    });
}

/// The notice after **Envoyer**, with a way to start again.
pub fn sent_page(state: &AppState, session: &SessionId, _login: &str) -> Response {
    let mut ctx = context(state, session, None);
    ctx.insert("notice", MSG_SENT);
    render::page(state, "activation/sent.html", &ctx)
}

/// `POST /esup-activ/recommencer`: back to the captcha (the guide: "if
/// nothing arrives, start again from the beginning").
pub async fn restart(
    State(state): State<AppState>,
    session: SessionId,
    CsrfForm(_): CsrfForm<InfoForm>,
) -> Response {
    let Some(login) = pending_login(&state, &session) else {
        return not_pending(&state, &session);
    };
    state.service::<ActivationState, _>(|act| {
        let p = act.progress.entry(login).or_default();
        p.step = Step::Captcha;
        p.captcha_number += 1;
    });
    Redirect::to("/esup-activ/").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_numbers() {
        assert!(valid_email("amina.diallo@example.org"));
        assert!(!valid_email("amina.diallo@example"));
        assert!(!valid_email("@example.org"));
        assert!(!valid_email("a b@example.org"));
        assert!(valid_mobile("06 12 34 56 78"));
        assert!(valid_mobile("+44 7700 900123"));
        assert!(!valid_mobile("01 23 45 67 89"));
        assert!(!valid_mobile("06abc"));
    }
}
