//! Issuing and validating service tickets on behalf of CAS: the tickets
//! themselves live in the world (`world::tickets`), stamped by the login's
//! clock.

use chrono::{DateTime, Utc};

use super::CasState;
use crate::core::state::AppState;
use crate::world::tickets::Ticket;
pub use crate::world::tickets::{Failure, Validated};
use crate::world::WorldState;

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
    state.service::<CasState, _>(|cas| cas.prune());
    state.world(|w| {
        w.tickets.issue(Ticket {
            login: login.to_string(),
            service: service.to_string(),
            issued,
            fresh,
            authenticated,
        })
    })
}

/// Validates (and consumes) `ticket` for `service`, as `serviceValidate` does.
pub fn validate(
    state: &AppState,
    ticket: &str,
    service: &str,
    renew: bool,
) -> Result<Validated, Failure> {
    state.world(|w| {
        w.tickets.redeem(ticket, service, renew, |login| {
            state.clock().now(Some(login))
        })
    })
}
