//! Load benchmark on loopback: many personas at once log in through CAS
//! (portal → CAS form → credentials → ticket → portal) and open their pages,
//! each over its own keep-alive connection. Prints requests per second,
//! median and p99 latency, and the error count, which must be zero.
//!
//! `cargo bench -p mock-ent --bench load` (`LOAD_USERS`, `LOAD_ROUNDS` to change the size).

use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use mock_ent::Config;
use tokio::net::TcpStream;

struct Conn {
    sender: http1::SendRequest<Full<Bytes>>,
    host: String,
    cookies: Vec<(String, String)>,
}

struct Reply {
    status: u16,
    location: String,
    body: String,
}

impl Conn {
    async fn open(port: u16) -> anyhow::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port)).await?;
        stream.set_nodelay(true)?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        Ok(Conn {
            sender,
            host: format!("127.0.0.1:{port}"),
            cookies: Vec::new(),
        })
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<String>,
        json: bool,
    ) -> anyhow::Result<Reply> {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("host", &self.host);
        if !cookie.is_empty() {
            req = req.header("cookie", cookie.join("; "));
        }
        if body.is_some() {
            let ct = if json {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            };
            req = req.header("content-type", ct);
        }
        let req = req.body(Full::new(Bytes::from(body.unwrap_or_default())))?;
        self.sender.ready().await?;
        let resp = self.sender.send_request(req).await?;
        for v in resp.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap_or("");
            if let Some((k, val)) = v.split(';').next().and_then(|kv| kv.split_once('=')) {
                self.cookies.retain(|(name, _)| name != k);
                if !v.contains("Max-Age=0") {
                    self.cookies.push((k.to_string(), val.to_string()));
                }
            }
        }
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body =
            String::from_utf8_lossy(&resp.into_body().collect().await?.to_bytes()).into_owned();
        Ok(Reply {
            status,
            location,
            body,
        })
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// One persona's session; returns each request's latency, or the first error.
async fn session(
    port: u16,
    login: String,
    password: String,
    pages: Vec<String>,
) -> Result<Vec<Duration>, String> {
    let mut c = Conn::open(port).await.map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    macro_rules! timed {
        ($method:expr, $path:expr, $body:expr) => {{
            let t = Instant::now();
            let r = c
                .send($method, $path, $body, false)
                .await
                .map_err(|e| e.to_string())?;
            times.push(t.elapsed());
            r
        }};
    }
    let r = timed!("GET", "/uPortal/Login", None);
    if r.status != 303 {
        return Err(format!("portal login: {}", r.status));
    }
    let form = timed!("GET", &r.location, None);
    let execution = between(&form.body, "name=\"execution\" value=\"", "\"")
        .ok_or("no execution")?
        .to_string();
    let action = between(&form.body, "action=\"", "\"")
        .ok_or("no action")?
        .replace("&amp;", "&")
        .replace("&#x2F;", "/");
    let body = format!(
        "username={}&password={}&execution={}&_eventId=submit",
        enc(&login),
        enc(&password),
        enc(&execution)
    );
    let r = timed!("POST", &action, Some(body));
    if r.status != 302 {
        return Err(format!("CAS login: {}", r.status));
    }
    let back = r
        .location
        .split_once("127.0.0.1")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .ok_or("odd location")?;
    let r = timed!("GET", &back, None);
    if r.status != 302 {
        return Err(format!("ticket validation: {}", r.status));
    }
    for page in &pages {
        let r = timed!("GET", page, None);
        if r.status != 200 {
            return Err(format!("{page}: {}", r.status));
        }
    }
    Ok(times)
}

fn main() -> anyhow::Result<()> {
    let users: usize = std::env::var("LOAD_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let rounds: usize = std::env::var("LOAD_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mock = mock_ent::spawn(Config::default())?;
    let port = mock.port;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        // The personas, through the control API.
        let mut control = Conn::open(port).await?;
        let mut personas = Vec::new();
        for i in 0..users {
            let body = format!("{{\"kind\":\"active-student\",\"seed\":\"load-{i}\"}}");
            let r = control.send("POST", "/__mock/personas", Some(body), true).await?;
            let v: serde_json::Value = serde_json::from_str(&r.body)?;
            personas.push((v["login"].as_str().unwrap_or("").to_string(), v["password"].as_str().unwrap_or("").to_string()));
        }
        // The pages each persona opens: the portal, and the timetable when the mock has one.
        let mut pages = vec!["/uPortal/".to_string(), "/uPortal/f/enseignements".to_string()];
        if session(port, personas[0].0.clone(), personas[0].1.clone(), vec!["/ade/".into()]).await.is_ok() {
            pages.push("/ade/".into());
        }
        let mut all = Vec::new();
        let mut errors = 0usize;
        let mut first_error = None;
        let started = Instant::now();
        for _ in 0..rounds {
            let tasks: Vec<_> = personas
                .iter()
                .map(|(l, p)| tokio::spawn(tokio::time::timeout(Duration::from_secs(30), session(port, l.clone(), p.clone(), pages.clone()))))
                .collect();
            for t in tasks {
                match t.await {
                    Ok(Ok(Ok(times))) => all.extend(times),
                    Ok(Ok(Err(e))) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                    _ => {
                        errors += 1;
                        first_error.get_or_insert("timeout".to_string());
                    }
                }
            }
        }
        let elapsed = started.elapsed();
        all.sort();
        let pct = |p: f64| all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or_default();
        println!("mock-ent load: {users} personas × {rounds} rounds, all at once, each logging in through CAS then opening {}", pages.join(", "));
        println!("requests:   {}", all.len());
        println!("throughput: {:.0} requests/s", all.len() as f64 / elapsed.as_secs_f64());
        println!("latency:    median {:.2} ms, p99 {:.2} ms", pct(0.50).as_secs_f64() * 1e3, pct(0.99).as_secs_f64() * 1e3);
        println!("errors:     {errors}");
        if let Some(e) = first_error {
            anyhow::bail!("{errors} sessions failed; first: {e}");
        }
        Ok::<_, anyhow::Error>(())
    })?;
    mock.stop();
    Ok(())
}
