//! A CAS client logs in over real HTTP, doing exactly what CAS client
//! libraries do (Apereo's Java client, python-cas, phpCAS): redirect the
//! browser to `/login?service=`, receive `?ticket=ST-...` back, validate it
//! server-side at `/p3/serviceValidate` with the same service, and read
//! `cas:user` and the attributes from the XML.

use std::io::{Read, Write};
use std::net::TcpStream;

use mock_ent::Config;

struct Http {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Http {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn http(port: u16, method: &str, path: &str, cookie: &str, body: &str) -> Http {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        req.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).expect("write");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    // Chunked bodies: keep only the chunk data.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 || after.len() < n {
                break;
            }
            out.push_str(&after[..n]);
            rest = after[n..].trim_start_matches("\r\n");
        }
        out
    } else {
        body.to_string()
    };
    Http {
        status,
        headers,
        body,
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// A fresh active-student persona from the control API.
fn active_student(port: u16) -> serde_json::Value {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let json = r#"{"kind":"active-student"}"#;
    write!(s, "POST /__mock/personas HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}", json.len()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    serde_json::from_str(raw.split_once("\r\n\r\n").unwrap().1).unwrap()
}

#[test]
fn a_cas_client_logs_a_user_in_over_http() {
    let mock = mock_ent::spawn(Config::default()).expect("spawn");
    let port = mock.port;
    let persona = http(port, "POST", "/__mock/personas", "", "");
    assert_eq!(persona.status, 400); // no JSON body
    let v = active_student(port);
    let (login, password) = (
        v["login"].as_str().unwrap(),
        v["password"].as_str().unwrap(),
    );

    // 1. The application sends the browser to CAS with its service URL.
    let service = format!("http://127.0.0.1:{port}/app/protected?page=1");
    let form = http(
        port,
        "GET",
        &format!("/esup-cas/login?service={}", enc(&service)),
        "",
        "",
    );
    assert_eq!(form.status, 200);
    let execution = between(&form.body, "name=\"execution\" value=\"", "\"")
        .unwrap()
        .to_string();
    // 2. The user submits the form.
    let body = format!(
        "username={}&password={}&execution={}&_eventId=submit",
        enc(login),
        enc(password),
        enc(&execution)
    );
    let posted = http(
        port,
        "POST",
        &format!("/esup-cas/login?service={}", enc(&service)),
        "",
        &body,
    );
    assert_eq!(posted.status, 302, "{}", posted.body);
    let location = posted.header("location").unwrap();
    assert!(
        location.starts_with(&format!("{service}&ticket=ST-")),
        "{location}"
    );
    let tgc = posted.header("set-cookie").unwrap();
    assert!(tgc.starts_with("TGC=") && tgc.contains("Path=/esup-cas") && tgc.contains("HttpOnly"));
    // 3. The application validates the ticket, back channel.
    let ticket = location.split("ticket=").nth(1).unwrap();
    let xml = http(
        port,
        "GET",
        &format!(
            "/esup-cas/p3/serviceValidate?service={}&ticket={ticket}",
            enc(&service)
        ),
        "",
        "",
    );
    assert_eq!(xml.status, 200);
    assert!(xml.header("content-type").unwrap().contains("xml"));
    assert_eq!(between(&xml.body, "<cas:user>", "</cas:user>"), Some(login));
    assert_eq!(
        between(&xml.body, "<cas:givenName>", "</cas:givenName>"),
        v["given_name"].as_str()
    );
    assert_eq!(
        between(&xml.body, "<cas:mail>", "</cas:mail>"),
        v["email"].as_str()
    );
    // 4. Single sign-on: the next application gets a ticket without a form.
    let tgc_pair = tgc.split(';').next().unwrap();
    let other = format!("http://127.0.0.1:{port}/other/");
    let sso = http(
        port,
        "GET",
        &format!("/esup-cas/login?service={}", enc(&other)),
        tgc_pair,
        "",
    );
    assert_eq!(sso.status, 302);
    assert!(sso
        .header("location")
        .unwrap()
        .starts_with(&format!("{other}?ticket=ST-")));
    mock.stop();
}

/// python-cas (a CAS client library used by real web applications) logs a
/// persona in through the mock with protocols 2 and 3, and has a replayed
/// ticket refused. Needs `python3` with `python-cas` (the README's test
/// command installs it).
#[test]
fn the_python_cas_library_logs_a_user_in() {
    let mock = mock_ent::spawn(Config::default()).expect("spawn");
    let port = mock.port;
    let v = active_student(port);
    let (login, password) = (
        v["login"].as_str().unwrap(),
        v["password"].as_str().unwrap(),
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cas_python_client.py");
    let out = std::process::Command::new("python3")
        .args([script, &format!("http://127.0.0.1:{port}"), login, password])
        .output()
        .expect("python3 must be installed (the README's test command sets it up)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "python-cas failed: {}{}\n(install it with: python3 -m pip install python-cas)",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(&format!("protocol 2: {login}")), "{stdout}");
    assert!(
        stdout.contains(&format!("protocol 3: {login} [")),
        "{stdout}"
    );
    mock.stop();
}
