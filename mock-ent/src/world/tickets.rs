//! Service tickets: CAS issues them after a login or from single sign-on,
//! and any CAS client redeems them (CAS's validation endpoints, the portal's
//! `/uPortal/Login`). Single use, valid [`TICKET_SECONDS`] by the login's
//! clock, bound to the service they were issued for.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

/// How long a service ticket lives (by the login's clock).
pub const TICKET_SECONDS: i64 = 5 * 60;
/// Live tickets kept at most (a flood cannot exhaust memory).
const MAX_LIVE: usize = 50_000;

/// A ticket as issued.
pub struct Ticket {
    pub login: String,
    pub service: String,
    pub issued: DateTime<Utc>,
    /// Issued from a login form (not from single sign-on): satisfies `renew`.
    pub fresh: bool,
    /// When the user typed their credentials.
    pub authenticated: DateTime<Utc>,
}

/// A redeemed ticket.
#[derive(Debug)]
pub struct Validated {
    pub login: String,
    /// When the user typed their credentials (the single-sign-on session's start).
    pub authenticated: DateTime<Utc>,
    /// The ticket came straight from the login form, not from single sign-on.
    pub new_login: bool,
}

/// Why a redemption failed: the CAS error code and its message.
#[derive(Debug, PartialEq, Eq)]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

/// The live tickets.
#[derive(Default)]
pub struct Tickets {
    live: HashMap<String, Ticket>,
    issued: u64,
}

impl Tickets {
    /// Issues `ticket`; returns its id `ST-N-...-cas`.
    pub fn issue(&mut self, ticket: Ticket) -> String {
        if self.live.len() > MAX_LIVE {
            self.live.clear();
        }
        self.issued += 1;
        let id = format!(
            "ST-{}-{}-cas",
            self.issued,
            crate::core::secret::random_token(32)
        );
        self.live.insert(id.clone(), ticket);
        id
    }

    /// Redeems (and consumes) `ticket` for `service`, as `serviceValidate`
    /// does; `now_of(login)` is the time by that login's clock.
    pub fn redeem(
        &mut self,
        ticket: &str,
        service: &str,
        renew: bool,
        now_of: impl FnOnce(&str) -> DateTime<Utc>,
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
        let Some(t) = self.live.remove(ticket) else {
            return Err(not_recognized());
        };
        if now_of(&t.login) - t.issued > Duration::seconds(TICKET_SECONDS) {
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
}
