//! The `mock-ent` binary: flags reach the mock (`--port`, `--no-control`,
//! `--fixtures`), and a port already taken is a plain error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the mock on a port the system picks (`--port 0`) and reads the
/// port from the address it prints once it listens: a port chosen
/// beforehand could be taken by another test before the mock binds it.
fn start(args: &[&str]) -> (Server, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-ent"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mock-ent");
    let mut said = BufReader::new(child.stderr.take().expect("stderr"));
    let server = Server(child);
    let mut line = String::new();
    said.read_line(&mut line).expect("mock-ent's first line");
    let port = line
        .trim()
        .strip_prefix("mock-ent: serving http://")
        .and_then(|addr| addr.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("mock-ent did not say where it listens: {line:?}"));
    // The rest of what it says is read, so that it never writes to a
    // closed pipe.
    std::thread::spawn(move || std::io::copy(&mut said, &mut std::io::sink()));
    (server, port)
}

fn request(port: u16, method: &str, path: &str, json: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn flags_reach_the_mock() {
    let (_server, port) = start(&[]);
    let r = request(
        port,
        "POST",
        "/__mock/personas",
        r#"{"kind":"new-student"}"#,
    );
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let r = request(port, "GET", "/__mock/clock", "");
    assert!(r.contains("\"paris\":\"2026-09-14T09:00:00\""), "{r}");

    let (_server, port) = start(&["--no-control"]);
    let r = request(
        port,
        "POST",
        "/__mock/personas",
        r#"{"kind":"new-student"}"#,
    );
    assert!(r.starts_with("HTTP/1.1 404"), "{r}");
    assert!(request(port, "GET", "/", "").starts_with("HTTP/1.1 200"));

    let fixtures = std::env::temp_dir().join(format!("mock-ent-bin-{}.json", std::process::id()));
    std::fs::write(
        &fixtures,
        r#"{"personas":[{"kind":"active-student","seed":"bin"}]}"#,
    )
    .unwrap();
    let (_server, port) = start(&["--fixtures", fixtures.to_str().unwrap(), "--clock", "real"]);
    let r = request(port, "GET", "/__mock/clock", "");
    assert!(r.contains("\"mode\":\"real\""), "{r}");
    // The fixture created the seed's person.
    let reference = mock_ent::new_state(mock_ent::Config::default());
    let expected = mock_ent::control::create(
        &reference,
        mock_ent::world::directory::Kind::ActiveStudent,
        Some("bin"),
    );
    let r = request(
        port,
        "GET",
        &format!("/__mock/personas/{}", expected.login),
        "",
    );
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(request(port, "GET", "/__mock/personas/nobody", "").starts_with("HTTP/1.1 404"));
    std::fs::remove_file(fixtures).ok();
}

#[test]
fn a_taken_port_is_a_plain_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_mock-ent"))
        .args(["--port", &port.to_string()])
        .output()
        .expect("run mock-ent");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("pick another --port"), "{err}");
}
