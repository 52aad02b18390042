//! The mock's control API (`/__mock/...`), spoken over a minimal blocking
//! HTTP/1.0 client: the mock is always a plain-HTTP origin on this machine,
//! so a full HTTP client would only add weight.

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A mock origin such as `http://127.0.0.1:41234`.
#[derive(Debug, Clone)]
pub struct Mock {
    pub origin: String,
    host_port: String,
}

impl Mock {
    pub fn new(url: &str) -> Result<Mock> {
        let origin = url.trim_end_matches('/').to_string();
        let rest = origin
            .strip_prefix("http://")
            .ok_or_else(|| anyhow!("the mock's address must start with http:// (got {url})"))?;
        let host_port = rest.split('/').next().unwrap_or(rest).to_string();
        if host_port.is_empty() {
            bail!("the mock's address names no host: {url}");
        }
        let host_port = if host_port.contains(':') {
            host_port
        } else {
            format!("{host_port}:80")
        };
        Ok(Mock { origin, host_port })
    }

    /// Sends one request; returns the status and the body parsed as JSON
    /// (`null` for an empty body).
    pub fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value)> {
        let mut stream = TcpStream::connect(&self.host_port)
            .with_context(|| format!("could not reach the mock at {}", self.origin))?;
        stream.set_read_timeout(Some(Duration::from_secs(20)))?;
        let payload = body.map(Value::to_string).unwrap_or_default();
        let mut req = format!(
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nAccept: application/json\r\n",
            self.host_port
        );
        if body.is_some() {
            req.push_str("Content-Type: application/json\r\n");
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n", payload.len()));
        req.push_str(&payload);
        stream.write_all(req.as_bytes())?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| anyhow!("malformed answer from the mock to {method} {path}"))?;
        let head = String::from_utf8_lossy(&raw[..split]);
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("malformed status line from the mock: {head}"))?;
        let body = &raw[split + 4..];
        let value = if body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
        };
        Ok((status, value))
    }

    fn ok(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let (status, value) = self.request(method, path, body)?;
        if !(200..300).contains(&status) {
            bail!("the mock answered {status} to {method} {path}: {value}");
        }
        Ok(value)
    }

    /// Creates a fresh persona of `kind`; its fields become `{variables}`.
    /// The same `seed` (the page's slug) gives the same person whatever
    /// else the mock has created, so a page's screenshots do not depend on
    /// the order pages run in.
    pub fn persona(&self, kind: &str, seed: &str) -> Result<Persona> {
        let body = json!({ "kind": kind, "seed": seed });
        let v = self.ok("POST", "/__mock/personas", Some(&body))?;
        let obj = v
            .as_object()
            .ok_or_else(|| anyhow!("the mock returned no persona for kind \"{kind}\": {v}"))?;
        let vars = obj
            .iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k.clone(), s.clone())),
                Value::Number(n) => Some((k.clone(), n.to_string())),
                _ => None,
            })
            .collect();
        Ok(Persona { vars })
    }

    /// The answer of the captcha last shown to `login`.
    pub fn captcha(&self, login: &str) -> Result<String> {
        let v = self.ok(
            "GET",
            &format!("/__mock/personas/{}/captcha", escape(login)),
            None,
        )?;
        v.get("answer")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| anyhow!("the mock gave no captcha answer for {login}: {v}"))
    }

    /// The messages of a mailbox, newest first.
    pub fn mailbox(&self, address: &str) -> Result<Vec<Value>> {
        let v = self.ok(
            "GET",
            &format!("/__mock/mailboxes/{}", escape(address)),
            None,
        )?;
        Ok(v.get("messages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Moves `login`'s clock forward by `days`.
    pub fn advance(&self, days: u32, login: Option<&str>) -> Result<()> {
        let mut body = json!({ "days": days });
        if let Some(login) = login {
            body["login"] = json!(login);
        }
        self.ok("POST", "/__mock/clock/advance", Some(&body))?;
        Ok(())
    }
}

/// Percent-encodes a path segment.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A persona's variables (`login`, `birthdate`, `personal_email`, ...).
#[derive(Debug, Clone, Default)]
pub struct Persona {
    pub vars: BTreeMap<String, String>,
}

impl Persona {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The login the runner gets for `seed` after the mock has made
    /// personas for `before`.
    fn login_after(before: &[&str], seed: &str) -> String {
        let running = mock_ent::spawn(mock_ent::Config::default()).expect("mock");
        let mock = Mock::new(&running.url).expect("address");
        for other in before {
            mock.persona("new-student", other).expect("persona");
        }
        let p = mock.persona("new-student", seed).expect("persona");
        p.vars.get("login").cloned().expect("login")
    }

    #[test]
    fn a_pages_persona_does_not_depend_on_the_pages_run_before_it() {
        let alone = login_after(&[], "first-login");
        assert_eq!(login_after(&["windows-session"], "first-login"), alone);
        assert_eq!(login_after(&["log-in", "email"], "first-login"), alone);
        assert_ne!(login_after(&[], "windows-session"), alone);
    }
}
