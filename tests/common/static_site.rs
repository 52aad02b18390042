//! A static file server for a built site, as any web host would serve it:
//! folders answer with their `index.html`, unknown paths with `404.html`.
//! One thread per connection, one request per connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A server whose folder can be swapped (a new build published) or taken
/// away (the host unreachable: connections close unanswered).
#[derive(Clone)]
pub struct Host(Arc<Mutex<Option<PathBuf>>>);

impl Host {
    /// Serves `dir` from now on, or nothing with `None`.
    pub fn publish(&self, dir: Option<&Path>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = dir.map(Path::to_path_buf);
    }
}

/// Serves `dir` like [`serve`], through a [`Host`] that can swap or drop it.
pub fn serve_switchable(dir: &Path) -> (String, Host) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    let host = Host(Arc::new(Mutex::new(Some(dir.to_path_buf()))));
    let shared = host.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let dir = shared.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
            match dir {
                Some(dir) => {
                    std::thread::spawn(move || answer(&dir, stream, Duration::ZERO));
                }
                None => drop(stream),
            }
        }
    });
    (url, host)
}

/// Serves `dir` on a free loopback port until the process ends; returns
/// its address (`http://127.0.0.1:PORT/`).
pub fn serve(dir: &Path) -> String {
    serve_with_script_delay(dir, Duration::ZERO)
}

/// [`serve`], but every script is sent `delay` late: a phone on a slow
/// network, which paints the page before its scripts arrive.
pub fn serve_with_script_delay(dir: &Path, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let dir = dir.clone();
            std::thread::spawn(move || answer(&dir, stream, delay));
        }
    });
    url
}

fn answer(dir: &Path, mut stream: TcpStream, script_delay: Duration) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // The headers are not needed; read them so the client sees a clean close.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match find(dir, path) {
        Some(f) => ("200 OK", f),
        None => ("404 Not Found", dir.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    if file.extension().is_some_and(|e| e == "js") {
        std::thread::sleep(script_delay);
    }
    let kind = ent_guide::serve::http::content_type(&file.to_string_lossy());
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// The file a URL path names, if it is inside `dir`.
fn find(dir: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = dir.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}
