//! Lockout: [`MAX_FAILURES`] wrong passwords in a row lock a login for
//! [`LOCK_MINUTES`] of that login's clock, whatever browser tries next.

use chrono::Duration;

use super::CasState;
use super::{Failures, LOCK_MINUTES, MAX_FAILURES};
use crate::core::state::AppState;

/// Whether `login` is locked now.
pub fn is_locked(state: &AppState, login: &str) -> bool {
    let now = state.clock().now(Some(login));
    state.service::<CasState, _>(|cas| {
        cas.failures
            .get(login)
            .and_then(|f| f.locked_until)
            .is_some_and(|until| now < until)
    })
}

/// Counts a failure; returns `true` when it locks the login.
pub fn record_failure(state: &AppState, login: &str) -> bool {
    let now = state.clock().now(Some(login));
    state.service::<CasState, _>(|cas| {
        cas.prune();
        let entry = cas
            .failures
            .entry(login.to_string())
            .or_insert_with(Failures::default);
        entry.count += 1;
        if entry.count >= MAX_FAILURES {
            entry.count = 0;
            entry.locked_until = Some(now + Duration::minutes(LOCK_MINUTES));
            true
        } else {
            false
        }
    })
}

/// Forgets the failures of `login` (after a good password).
pub fn clear(state: &AppState, login: &str) {
    state.service::<CasState, _>(|cas| cas.failures.remove(login));
}
