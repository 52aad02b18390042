//! Service tickets: issued after a login or from single sign-on, single use,
//! valid [`TICKET_SECONDS`](super::TICKET_SECONDS) by the login's clock, and
//! bound to the service they were issued for.

use chrono::{DateTime, Duration, Utc};

use super::CasState;
use super::{Ticket, TICKET_SECONDS};
use crate::core::state::AppState;

/// A validated ticket.
#[derive(Debug)]
pub struct Validated {
    pub login: String,
    /// When the user typed their credentials (the single-sign-on session's start).
    pub authenticated: DateTime<Utc>,
    /// The ticket came straight from the login form, not from single sign-on.
    pub new_login: bool,
}

/// Why a validation failed: the CAS error code and its message.
#[derive(Debug, PartialEq, Eq)]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

/// Issues a ticket for `login` to `service`; `fresh` when it comes from the
/// login form, `authenticated` when the credentials were typed.
pub fn issue(
    state: &AppState,
    login: &str,
    service: &str,
    fresh: bool,
    authenticated: DateTime<Utc>,
) -> String {
    let issued = state.clock().now(Some(login));
    state.service::<CasState, _>(|cas| {
        cas.prune();
        cas.issued += 1;
        let id = format!(
            "ST-{}-{}-cas",
            cas.issued,
            crate::core::secret::random_token(32)
        );
        cas.tickets.insert(
            id.clone(),
            Ticket {
                login: login.to_string(),
                service: service.to_string(),
                issued,
                fresh,
                authenticated,
            },
        );
        id
    })
}

/// Validates (and consumes) `ticket` for `service`, as `serviceValidate` does.
pub fn validate(
    state: &AppState,
    ticket: &str,
    service: &str,
    renew: bool,
) -> Result<Validated, Failure> {
    if ticket.is_empty() || service.is_empty() {
        return Err(Failure {
            code: "INVALID_REQUEST",
            message: "'service' and 'ticket' parameters are both required".into(),
        });
    }
    let not_recognized = || Failure {
        code: "INVALID_TICKET",
        message: format!("Ticket '{ticket}' not recognized"),
    };
    if !ticket.starts_with("ST-") {
        return Err(not_recognized());
    }
    // Single use: whatever the outcome, the ticket is gone.
    let Some(t) = state.service::<CasState, _>(|cas| cas.tickets.remove(ticket)) else {
        return Err(not_recognized());
    };
    let now = state.clock().now(Some(&t.login));
    if now - t.issued > Duration::seconds(TICKET_SECONDS) {
        return Err(not_recognized());
    }
    if t.service != service {
        return Err(Failure {
            code: "INVALID_SERVICE",
            message: format!(
                "Ticket '{ticket}' does not match supplied service. The original service was '{}' and the supplied service was '{service}'.",
                t.service
            ),
        });
    }
    if renew && !t.fresh {
        return Err(Failure {
            code: "INVALID_TICKET",
            message: format!(
                "Ticket '{ticket}' was not issued from a primary authentication (renew=true)"
            ),
        });
    }
    Ok(Validated {
        login: t.login,
        authenticated: t.authenticated,
        new_login: t.fresh,
    })
}
