//! `/esup-cas/validate` (CAS 1), `/esup-cas/serviceValidate` (CAS 2) and
//! `/esup-cas/p3/serviceValidate` (CAS 3): the real XML and error codes.

use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::tickets::{validate, Failure, Validated};
use crate::core::state::AppState;
use crate::world::WorldState;

#[derive(Deserialize, Default)]
pub struct ValidateQuery {
    service: Option<String>,
    ticket: Option<String>,
    renew: Option<String>,
}

fn run(state: &AppState, q: &ValidateQuery) -> Result<Validated, Failure> {
    let renew = q.renew.as_deref().is_some_and(|r| r != "false");
    validate(
        state,
        q.ticket.as_deref().unwrap_or(""),
        q.service.as_deref().unwrap_or(""),
        renew,
    )
}

/// CAS 1: `yes\nLOGIN\n` or `no\n`.
pub async fn cas1(State(state): State<AppState>, Query(q): Query<ValidateQuery>) -> Response {
    let body = match run(&state, &q) {
        Ok(v) => format!("yes\n{}\n", v.login),
        Err(_) => "no\n".to_string(),
    };
    ([(CONTENT_TYPE, "text/plain; charset=UTF-8")], body).into_response()
}

pub async fn cas2(State(state): State<AppState>, Query(q): Query<ValidateQuery>) -> Response {
    service_validate(&state, q)
}

pub async fn cas3(State(state): State<AppState>, Query(q): Query<ValidateQuery>) -> Response {
    service_validate(&state, q)
}

fn service_validate(state: &AppState, q: ValidateQuery) -> Response {
    let xml = match run(state, &q) {
        Ok(v) => success_xml(state, &v),
        Err(f) => failure_xml(&f),
    };
    ([(CONTENT_TYPE, "application/xml; charset=UTF-8")], xml).into_response()
}

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The success document. `cas:attributes` opens with the three attributes the
/// CAS 3.0 schema requires, in its order, as Apereo CAS sends them; the
/// directory's attributes follow.
fn success_xml(state: &AppState, v: &Validated) -> String {
    let login = v.login.as_str();
    let date = v
        .authenticated
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut attrs = format!(
        "      <cas:authenticationDate>{date}</cas:authenticationDate>\n      <cas:longTermAuthenticationRequestTokenUsed>false</cas:longTermAuthenticationRequestTokenUsed>\n      <cas:isFromNewLogin>{}</cas:isFromNewLogin>\n",
        v.new_login
    );
    if let Some(p) = state.persona(login) {
        let affiliation = "student";
        for (name, value) in [
            ("uid", p.login.as_str()),
            ("mail", p.email.as_str()),
            ("givenName", p.given_name.as_str()),
            ("sn", p.family_name.as_str()),
            (
                "displayName",
                &format!("{} {}", p.given_name, p.family_name),
            ),
            ("eduPersonAffiliation", affiliation),
            ("supannEtuId", p.student_number.as_str()),
        ] {
            attrs.push_str(&format!(
                "      <cas:{name}>{}</cas:{name}>\n",
                xml_escape(value)
            ));
        }
    }
    format!(
        "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n  <cas:authenticationSuccess>\n    <cas:user>{}</cas:user>\n    <cas:attributes>\n{attrs}    </cas:attributes>\n  </cas:authenticationSuccess>\n</cas:serviceResponse>\n",
        xml_escape(login)
    )
}

fn failure_xml(f: &Failure) -> String {
    format!(
        "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n  <cas:authenticationFailure code=\"{}\">{}</cas:authenticationFailure>\n</cas:serviceResponse>\n",
        f.code,
        xml_escape(&f.message)
    )
}
