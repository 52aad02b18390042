//! A tiny browser for the integration tests: drives the router in-process,
//! keeps cookies (with their paths), follows nothing unless asked.

#![allow(dead_code)]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use mock_ent::{AppState, Config};
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:4000";
pub const ORIGIN: &str = "http://127.0.0.1:4000";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    /// The body with Tera's entity escapes decoded.
    pub fn text(&self) -> String {
        decode(&self.body)
    }

    /// The value of hidden/visible input `name` in the page.
    pub fn input(&self, name: &str) -> String {
        let needle = format!("name=\"{name}\"");
        let Some(at) = self.body.find(&needle) else {
            panic!("no input {name} in:\n{}", self.body)
        };
        let tag_start = self.body[..at].rfind('<').unwrap_or(0);
        let tag_end = at + self.body[at..].find('>').unwrap_or(0);
        let tag = &self.body[tag_start..tag_end];
        let v = tag.find("value=\"").map(|i| &tag[i + 7..]).unwrap_or("");
        decode(&v[..v.find('"').unwrap_or(0)])
    }
}

pub struct Browser {
    pub router: Router,
    pub state: AppState,
    cookies: HashMap<String, (String, String)>,
}

impl Browser {
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    pub fn with_config(config: Config) -> Self {
        let state = mock_ent::new_state(config);
        let router = mock_ent::app_with_state(state.clone());
        Browser {
            router,
            state,
            cookies: HashMap::new(),
        }
    }

    /// Another browser on the same mock (its own cookies).
    pub fn sibling(&self) -> Self {
        Browser {
            router: self.router.clone(),
            state: self.state.clone(),
            cookies: HashMap::new(),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.get(name).map(|(_, v)| v.clone())
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.into(), ("/".into(), value.into()));
    }

    pub async fn request(&mut self, method: &str, uri: &str, body: Option<String>) -> Reply {
        let path = uri.strip_prefix(ORIGIN).unwrap_or(uri).to_string();
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .filter(|(_, (p, _))| path.starts_with(p.as_str()))
            .map(|(k, (_, v))| format!("{k}={v}"))
            .collect();
        let mut req = Request::builder()
            .method(method)
            .uri(&path)
            .header(header::HOST, HOST);
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie.join("; "));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(b)),
            None => req.body(Body::empty()),
        }
        .expect("request");
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        for v in resp.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or("");
            let mut parts = v.split(';');
            let Some((name, value)) = parts.next().and_then(|kv| kv.split_once('=')) else {
                continue;
            };
            let path = parts
                .filter_map(|p| p.trim().strip_prefix("Path="))
                .next()
                .unwrap_or("/")
                .to_string();
            if v.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies
                    .insert(name.to_string(), (path, value.to_string()));
            }
        }
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.request("GET", uri, None).await
    }

    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = form(fields);
        self.request("POST", uri, Some(body)).await
    }

    /// GET, following redirects (at most 10).
    pub async fn follow(&mut self, uri: &str) -> Reply {
        let mut uri = uri.to_string();
        for _ in 0..10 {
            let r = self.get(&uri).await;
            if !r.status.is_redirection() {
                return r;
            }
            uri = r.location();
        }
        panic!("too many redirects from {uri}");
    }

    /// JSON control API call.
    pub async fn control(
        &mut self,
        method: &str,
        uri: &str,
        json: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, HOST);
        let body = match json {
            Some(j) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(j.to_string())
            }
            None => Body::empty(),
        };
        let resp = self
            .router
            .clone()
            .oneshot(req.body(body).expect("request"))
            .await
            .expect("infallible");
        let status = resp.status();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }

    pub async fn persona(&mut self, kind: &str) -> serde_json::Value {
        let (status, p) = self
            .control(
                "POST",
                "/__mock/personas",
                Some(serde_json::json!({ "kind": kind })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        p
    }

    /// Portal → CAS → portal with `login`/`password`; returns the CAS answer
    /// to the form post.
    pub async fn cas_login(&mut self, login: &str, password: &str) -> Reply {
        let page = self.follow("/uPortal/Login").await;
        assert!(page.body.contains("SE CONNECTER"), "{}", page.body);
        let action = attr(&page.body, "action");
        let execution = page.input("execution");
        self.post(
            &action,
            &[
                ("username", login),
                ("password", password),
                ("execution", &execution),
                ("_eventId", "submit"),
            ],
        )
        .await
    }

    /// Logs in fully (through CAS, back to the portal).
    pub async fn login(&mut self, login: &str, password: &str) -> Reply {
        let r = self.cas_login(login, password).await;
        assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
        self.follow(&r.location()).await
    }
}

pub fn form(fields: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// First value of attribute `name` in `html`, entity-decoded for `&amp;`.
pub fn attr(html: &str, name: &str) -> String {
    let needle = format!("{name}=\"");
    let start = html.find(&needle).map(|i| i + needle.len()).unwrap_or(0);
    let end = start + html[start..].find('"').unwrap_or(0);
    decode(&html[start..end])
}

/// Decodes the entities Tera's autoescape writes.
pub fn decode(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn s(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}
