//! CAS (Apereo CAS as ESUP runs it, protocol 2 and 3): login with single-use
//! `execution`, single-sign-on cookie, service tickets (kept in the world,
//! where the portal redeems them too), validation endpoints, logout, lockout
//! after repeated failures, the registry of services.

pub mod login;
pub mod logout;
pub mod throttle;
pub mod tickets;
pub mod validate;

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};

use crate::core::state::AppState;

/// The single-sign-on cookie (path `/esup-cas`).
pub const TGC: &str = "TGC";
/// Failed logins in a row that lock a login.
pub const MAX_FAILURES: u32 = 5;
/// How long a lock lasts (by the login's clock).
pub const LOCK_MINUTES: i64 = 15;
pub use crate::world::tickets::TICKET_SECONDS;
/// How long a single-sign-on session lives.
pub const TGT_HOURS: i64 = 8;

const MAX_PENDING: usize = 50_000;

pub struct Execution {
    pub service: Option<String>,
    pub renew: bool,
}

pub struct Tgt {
    pub login: String,
    pub warn: bool,
    pub created: DateTime<Utc>,
}

#[derive(Default)]
pub struct Failures {
    pub count: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct CasState {
    pub executions: HashMap<String, Execution>,
    pub tgts: HashMap<String, Tgt>,
    pub failures: HashMap<String, Failures>,
}

impl CasState {
    /// Keeps the pending maps bounded (a flood of forms cannot exhaust memory).
    fn prune(&mut self) {
        if self.executions.len() > MAX_PENDING {
            self.executions.clear();
        }
        if self.failures.len() > MAX_PENDING {
            self.failures.retain(|_, f| f.locked_until.is_some());
        }
        if self.tgts.len() > MAX_PENDING {
            // Keep the newest half of the single-sign-on sessions.
            let mut ages: Vec<DateTime<Utc>> = self.tgts.values().map(|t| t.created).collect();
            ages.sort();
            let cut = ages[ages.len() / 2];
            self.tgts.retain(|_, t| t.created > cut);
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/esup-cas",
            get(|| async { axum::response::Redirect::to("/esup-cas/login") }),
        )
        .route(
            "/esup-cas/",
            get(|| async { axum::response::Redirect::to("/esup-cas/login") }),
        )
        .route("/esup-cas/login", get(login::show).post(login::submit))
        .route("/esup-cas/logout", get(logout::logout))
        .route("/esup-cas/validate", get(validate::cas1))
        .route("/esup-cas/serviceValidate", get(validate::cas2))
        .route("/esup-cas/p3/serviceValidate", get(validate::cas3))
}

/// The services registry: `http`/`https` URLs on this host, on loopback, or
/// on `univ-st-etienne.fr` and its subdomains. Anything else is refused
/// (`Application non autorisée à utiliser CAS`).
pub fn authorized_service(headers: &HeaderMap, service: &str) -> bool {
    if service.len() > 2048 || !service.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    let rest = match service.split_once("://") {
        Some(("http" | "https", rest)) => rest,
        _ => return false,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    if authority.eq_ignore_ascii_case(&crate::core::urls::host(headers)) {
        return true;
    }
    let hostname = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        authority
            .split(':')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    matches!(
        hostname.as_str(),
        "localhost" | "127.0.0.1" | "[::1]" | "univ-st-etienne.fr"
    ) || hostname.ends_with(".univ-st-etienne.fr")
}

/// `service` with `ticket=...` appended (before any fragment).
pub fn with_ticket(service: &str, ticket: &str) -> String {
    let (base, fragment) = match service.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (service, None),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut url = format!("{base}{sep}ticket={ticket}");
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("host", "127.0.0.1:4000".parse().unwrap());
        h
    }

    #[test]
    fn registry_accepts_the_university_and_this_host_only() {
        let h = headers();
        assert!(authorized_service(
            &h,
            "https://ent.univ-st-etienne.fr/uPortal/Login"
        ));
        assert!(authorized_service(
            &h,
            "http://127.0.0.1:4000/uPortal/Login?refUrl=%2Fade%2F"
        ));
        assert!(authorized_service(&h, "http://localhost:9/app"));
        assert!(!authorized_service(&h, "https://evil.example/steal"));
        assert!(!authorized_service(
            &h,
            "https://univ-st-etienne.fr.evil.example/"
        ));
        assert!(!authorized_service(
            &h,
            "https://ent.univ-st-etienne.fr@evil.example/"
        ));
        assert!(!authorized_service(&h, "javascript:alert(1)"));
    }

    #[test]
    fn ticket_goes_before_the_fragment() {
        assert_eq!(with_ticket("http://a/b", "ST-1"), "http://a/b?ticket=ST-1");
        assert_eq!(
            with_ticket("http://a/b?x=1#top", "ST-1"),
            "http://a/b?x=1&ticket=ST-1#top"
        );
    }
}
