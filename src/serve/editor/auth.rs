//! Who may edit. Editing is on by default only when the preview listens on
//! loopback; on any other address it needs `--edit-token`, else it is off.
//! With a token, every `/__edit/` request must carry it (the `ent_edit`
//! cookie, set by opening `/__edit/?token=…` once, or an `X-Edit-Token`
//! header). Every write also carries the CSRF token of the editor pages
//! (`X-CSRF-Token`, a random value made at start and written into each
//! editor page), and without a token the `Host` must be a loopback name, so
//! that neither another site nor a DNS-rebound name can write.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// The editor's access rules for one run of the preview.
#[derive(Debug, Clone)]
pub struct Access {
    /// Whether `/__edit/` exists at all.
    pub enabled: bool,
    /// Why it is off, to print at start.
    pub off_reason: Option<String>,
    token: Option<String>,
    /// Written into every editor page; required on every write.
    pub csrf: String,
}

/// The outcome of a request's check.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// 403 with this reason.
    Refused(&'static str),
}

/// The cookie holding the edit token.
pub const COOKIE: &str = "ent_edit";

impl Access {
    pub fn new(bind: IpAddr, token: Option<String>) -> Access {
        let token = token.filter(|t| !t.is_empty());
        let (enabled, off_reason) = if bind.is_loopback() || token.is_some() {
            (true, None)
        } else {
            (
                false,
                Some(format!(
                    "editing is off: serving on {bind} without --edit-token (anyone on the network could change the guide); add --edit-token SECRET to edit from other machines"
                )),
            )
        };
        Access {
            enabled,
            off_reason,
            token,
            csrf: random_hex(),
        }
    }

    /// Whether `given` is the edit token.
    pub fn token_matches(&self, given: &str) -> bool {
        self.token
            .as_deref()
            .is_some_and(|t| constant_time_eq(t.as_bytes(), given.as_bytes()))
    }

    /// May this request read editor pages?
    pub fn read(&self, headers: &HeaderMap) -> Verdict {
        if !self.enabled {
            return Verdict::Refused("editing is off on this preview");
        }
        match &self.token {
            Some(_) => {
                let given = header(headers, "x-edit-token").or_else(|| cookie(headers, COOKIE));
                if given.is_some_and(|g| self.token_matches(&g)) {
                    Verdict::Allowed
                } else {
                    Verdict::Refused(
                        "this preview needs the edit token: open the editor address `serve` printed (…/__edit/?token=…)",
                    )
                }
            }
            None if loopback_host(headers) => Verdict::Allowed,
            None => Verdict::Refused("the editor answers only to 127.0.0.1 or localhost"),
        }
    }

    /// May this request write? What [`Access::read`] needs, plus the CSRF token.
    pub fn write(&self, headers: &HeaderMap) -> Verdict {
        match self.read(headers) {
            Verdict::Allowed => {}
            refused => return refused,
        }
        match header(headers, "x-csrf-token") {
            Some(t) if constant_time_eq(t.as_bytes(), self.csrf.as_bytes()) => Verdict::Allowed,
            _ => Verdict::Refused(
                "missing or wrong CSRF token: reload the editor page and try again",
            ),
        }
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether the `Host` header names this machine by a loopback name.
fn loopback_host(headers: &HeaderMap) -> bool {
    let Some(host) = header(headers, "host") else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h)
    };
    name == "localhost" || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 random hex digits from the operating system.
fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: std's per-process random hash keys.
        use std::hash::{BuildHasher, Hasher};
        for half in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            half.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn loopback_edits_without_token_but_needs_csrf() {
        let a = Access::new("127.0.0.1".parse().expect("ip"), None);
        assert!(a.enabled);
        let h = headers(&[("host", "127.0.0.1:1111")]);
        assert_eq!(a.read(&h), Verdict::Allowed);
        assert!(matches!(a.write(&h), Verdict::Refused(_)));
        let h = headers(&[("host", "localhost:1111"), ("x-csrf-token", &a.csrf)]);
        assert_eq!(a.write(&h), Verdict::Allowed);
        // A DNS-rebound name is not loopback.
        let h = headers(&[("host", "evil.example:1111"), ("x-csrf-token", &a.csrf)]);
        assert!(matches!(a.write(&h), Verdict::Refused(_)));
    }

    #[test]
    fn the_network_needs_a_token() {
        let off = Access::new("0.0.0.0".parse().expect("ip"), None);
        assert!(!off.enabled);
        assert!(off
            .off_reason
            .as_deref()
            .is_some_and(|r| r.contains("--edit-token")));
        let on = Access::new("0.0.0.0".parse().expect("ip"), Some("s3cret".into()));
        assert!(on.enabled);
        let csrf = on.csrf.clone();
        let no = headers(&[("host", "10.0.0.2:1111"), ("x-csrf-token", &csrf)]);
        assert!(matches!(on.write(&no), Verdict::Refused(_)));
        let wrong = headers(&[("cookie", "ent_edit=nope"), ("x-csrf-token", &csrf)]);
        assert!(matches!(on.write(&wrong), Verdict::Refused(_)));
        let yes = headers(&[("cookie", "a=b; ent_edit=s3cret"), ("x-csrf-token", &csrf)]);
        assert_eq!(on.write(&yes), Verdict::Allowed);
    }
}
