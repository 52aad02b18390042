//! The browser, shared by the runner (`verify`, `shoot`) and the PDF output:
//! launches the system Chromium once per run and gives each page its own
//! isolated context and tab ([`Session`]) with a fixed viewport, the
//! runner's finder script, a stylesheet that stills animations, and a
//! network tracker so waits are conditions ("no request in flight for a
//! quiet window"), never fixed sleeps. It knows nothing else of the crate.
//!
//! Chromium is `$CHROME`, else `/usr/bin/chromium` (or
//! `/usr/bin/chromium-browser`), started headless with a fresh temporary
//! profile and flags that keep rendering independent of the machine; it is
//! never downloaded (headless_chrome is built without its `fetch` feature).
//! The viewport is 1024×768 at device scale 1. A page is settled when no
//! request has been in flight for 40 ms (network events, polled every
//! 10 ms) and `document.readyState` is complete.
//!
//! headless_chrome is the published crate patched in
//! `vendor/headless_chrome` (see its `README.ent-guide.md`, used through
//! `[patch.crates-io]`): a 1 ms WebSocket read timeout (upstream's 100 ms
//! delayed every DevTools call), waits that poll every 5 ms, and a DevTools
//! protocol trimmed to the domains in use.

use anyhow::{anyhow, bail, Context as _, Result};
use headless_chrome::protocol::cdp::types::{Event, Method};
use headless_chrome::protocol::cdp::{Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The viewport every page runs and is captured in.
pub const VIEWPORT: (u32, u32) = (1024, 768);

/// The runner's finder (`runner/finder.js`), put before every evaluated
/// expression so its helpers are always defined.
pub const FINDER_JS: &str = include_str!("runner/finder.js");

/// Stills everything that moves, so two captures of one state are equal.
const STILL_CSS: &str = "*, *::before, *::after { animation: none !important; \
transition: none !important; caret-color: transparent !important; \
scroll-behavior: auto !important; } ::-webkit-scrollbar { display: none; }";

/// Flags beyond headless_chrome's defaults: no sandbox (root in CI), no
/// network chatter, and rendering that does not depend on the machine.
const FLAGS: &[&str] = &[
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    "--disable-lcd-text",
    "--force-device-scale-factor=1",
    "--lang=fr-FR",
];

/// The Chromium to run: `$CHROME`, else `/usr/bin/chromium`.
pub fn chromium_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CHROME").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if std::path::Path::new(p).exists() {
            return Ok(PathBuf::from(p));
        }
    }
    bail!("no Chromium found at /usr/bin/chromium — install it (apt-get install chromium) or set CHROME to its path")
}

/// Starts Chromium headless with a fresh temporary profile.
pub fn launch() -> Result<Browser> {
    let path = chromium_path()?;
    let args: Vec<&OsStr> = FLAGS.iter().map(OsStr::new).collect();
    let options = LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(path.clone()),
        window_size: Some(VIEWPORT),
        args,
        idle_browser_timeout: Duration::from_secs(600),
        ..LaunchOptions::default()
    };
    Browser::new(options).with_context(|| format!("could not start {}", path.display()))
}

/// Calls a DevTools method given as JSON (every optional field may be left
/// out), so call sites stay short.
pub fn cdp<M>(tab: &Tab, params: Value) -> Result<M::ReturnObject>
where
    M: Method + DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let method: M = serde_json::from_value(params)?;
    tab.call_method(method)
}

/// How long requests may stay in flight with nothing else happening on
/// the network before a page whose document is complete counts as settled
/// (see `Session::network_quiet`).
const STALLED: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Traffic {
    in_flight: HashSet<String>,
    last_change: Option<Instant>,
    loading_frames: usize,
    /// The last document (page) response: its address and status.
    document: Option<(String, u32)>,
}

/// One page's tab in its own browser context.
pub struct Session {
    pub tab: Arc<Tab>,
    traffic: Arc<Mutex<Traffic>>,
    /// How long the network must stay idle for the page to count as settled.
    pub quiet: Duration,
}

impl Session {
    /// Opens a tab in a new isolated context of `browser`.
    pub fn open(browser: &Browser) -> Result<Session> {
        let context = browser.new_context()?;
        let tab = context.new_tab()?;
        tab.set_default_timeout(Duration::from_secs(20));
        cdp::<headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride>(
            &tab,
            json!({"width": VIEWPORT.0, "height": VIEWPORT.1, "deviceScaleFactor": 1, "mobile": false}),
        )?;
        cdp::<Page::Enable>(&tab, json!({}))?;
        cdp::<headless_chrome::protocol::cdp::Network::Enable>(&tab, json!({}))?;
        let still = format!(
            "document.addEventListener('DOMContentLoaded', () => {{ const s = document.createElement('style'); \
             s.id = '__entGuideStill'; s.textContent = {css}; document.head.appendChild(s); }});",
            css = serde_json::to_string(STILL_CSS)?
        );
        cdp::<Page::AddScriptToEvaluateOnNewDocument>(&tab, json!({ "source": still }))?;
        let traffic = Arc::new(Mutex::new(Traffic::default()));
        let t = Arc::clone(&traffic);
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let Ok(mut t) = t.lock() else { return };
            match event {
                Event::NetworkRequestWillBeSent(e) => {
                    t.in_flight.insert(e.params.request_id.clone());
                }
                Event::NetworkLoadingFinished(e) => {
                    t.in_flight.remove(&e.params.request_id);
                }
                Event::NetworkLoadingFailed(e) => {
                    t.in_flight.remove(&e.params.request_id);
                }
                Event::NetworkResponseReceived(e) => {
                    use headless_chrome::protocol::cdp::Network::ResourceType;
                    if e.params.Type == ResourceType::Document {
                        t.document =
                            Some((e.params.response.url.clone(), e.params.response.status));
                    }
                }
                Event::PageFrameStartedLoading(_) => t.loading_frames += 1,
                Event::PageFrameStoppedLoading(_) => {
                    t.loading_frames = t.loading_frames.saturating_sub(1)
                }
                _ => return,
            }
            t.last_change = Some(Instant::now());
        }))?;
        Ok(Session {
            tab,
            traffic,
            quiet: Duration::from_millis(40),
        })
    }

    /// Notes that the page may be about to change (an action ran), so the
    /// next settle waits a full quiet window.
    pub fn touch(&self) {
        if let Ok(mut t) = self.traffic.lock() {
            t.last_change = Some(Instant::now());
        }
    }

    /// Forgets the last document response (before an action that may load
    /// a page).
    pub fn forget_document(&self) {
        if let Ok(mut t) = self.traffic.lock() {
            t.document = None;
        }
    }

    /// The page loaded since [`Session::forget_document`] when it does not
    /// exist (404, 405, 410) or broke (5xx): its address and status. Refusals
    /// (401, 403) are pages a guide may well show.
    pub fn document_error(&self) -> Option<(String, u32)> {
        let t = self.traffic.lock().ok()?;
        t.document
            .clone()
            .filter(|(_, status)| matches!(status, 404 | 405 | 410) || *status >= 500)
    }

    /// Evaluates `expr` after (re)installing the finder, returning the value.
    pub fn eval(&self, expr: &str) -> Result<Value> {
        let full = format!("{FINDER_JS}\n;{expr}");
        let result = cdp::<Runtime::Evaluate>(
            &self.tab,
            json!({"expression": full, "returnByValue": true, "awaitPromise": false}),
        )?;
        if let Some(ex) = result.exception_details {
            let text = ex.exception.and_then(|e| e.description).unwrap_or(ex.text);
            bail!("script error: {text}");
        }
        Ok(result.result.value.unwrap_or(Value::Null))
    }

    /// Evaluates `expr`, which returns a JSON string, and parses it.
    pub fn eval_json<T: DeserializeOwned>(&self, expr: &str) -> Result<T> {
        match self.eval(expr)? {
            Value::String(s) => Ok(serde_json::from_str(&s)?),
            other => Err(anyhow!("unexpected script result {other}")),
        }
    }

    /// The remote object of found element `index` (for DOM methods).
    pub fn object_id(&self, index: usize) -> Result<String> {
        let expr = format!("{FINDER_JS}\n;__entGuide.found({index})");
        let result = cdp::<Runtime::Evaluate>(&self.tab, json!({"expression": expr}))?;
        result
            .result
            .object_id
            .ok_or_else(|| anyhow!("the element is gone"))
    }

    /// Whether nothing happened on the network for `quiet`, and no
    /// request is in flight, or those in flight have shown no sign of life
    /// for [`STALLED`]: the tab never reports the end of some requests (a
    /// service worker's update check started by the page), which must not
    /// hold a loaded page up.
    fn network_quiet(&self, quiet: Duration) -> bool {
        let Ok(t) = self.traffic.lock() else {
            return false;
        };
        let idle = t.last_change.map_or(Duration::MAX, |at| at.elapsed());
        t.loading_frames == 0 && idle >= quiet && (t.in_flight.is_empty() || idle >= STALLED)
    }

    /// Waits until no request is in flight for the quiet window and the
    /// document (with `full`, also its fonts and images) is complete.
    pub fn settle(&self, timeout: Duration, full: bool) -> Result<()> {
        self.settle_within(timeout, full, self.quiet)
    }

    /// [`Session::settle`] with a given quiet window: a short one after
    /// typing, which starts no navigation of its own.
    pub fn settle_within(&self, timeout: Duration, full: bool, quiet: Duration) -> Result<()> {
        let start = Instant::now();
        let check = if full {
            "__entGuide.ready()"
        } else {
            "document.readyState === 'complete'"
        };
        let mut last_err = None;
        loop {
            if self.network_quiet(quiet) {
                match self.eval(check) {
                    Ok(Value::Bool(true)) if self.network_quiet(quiet) => return Ok(()),
                    Ok(_) => {}
                    Err(e) => last_err = Some(e),
                }
            }
            if start.elapsed() > timeout {
                let pending = self.traffic.lock().map(|t| t.in_flight.len()).unwrap_or(0);
                let why = last_err.map(|e| format!(" ({e})")).unwrap_or_default();
                bail!(
                    "the page did not settle within {:.1} s: {pending} request(s) still in flight{why}",
                    timeout.as_secs_f64()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Loads `url` and waits for it to settle.
    pub fn navigate(&self, url: &str, timeout: Duration) -> Result<()> {
        self.touch();
        self.forget_document();
        // The old document's requests end with it; one whose end the tab
        // never reports (a service worker's update check, say) must not
        // hold up the new page.
        if let Ok(mut t) = self.traffic.lock() {
            t.in_flight.clear();
        }
        let r = cdp::<Page::Navigate>(&self.tab, json!({ "url": url }))?;
        if let Some(err) = r.error_text {
            bail!("could not load {url}: {err}");
        }
        self.settle(timeout, false)?;
        if let Some((url, status)) = self.document_error() {
            bail!("{url} answered {status} ({})", self.title());
        }
        Ok(())
    }

    /// The page's title.
    pub fn title(&self) -> String {
        match self.eval("document.title") {
            Ok(Value::String(s)) => s,
            _ => String::new(),
        }
    }

    /// Clicks at a viewport point with real mouse events.
    pub fn click_at(&self, x: f64, y: f64) -> Result<()> {
        use headless_chrome::protocol::cdp::Input::DispatchMouseEvent;
        self.touch();
        cdp::<DispatchMouseEvent>(&self.tab, json!({"type": "mouseMoved", "x": x, "y": y}))?;
        cdp::<DispatchMouseEvent>(
            &self.tab,
            json!({"type": "mousePressed", "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1}),
        )?;
        cdp::<DispatchMouseEvent>(
            &self.tab,
            json!({"type": "mouseReleased", "x": x, "y": y, "button": "left", "buttons": 0, "clickCount": 1}),
        )?;
        self.touch();
        Ok(())
    }

    /// Types `text` into the focused element.
    pub fn insert_text(&self, text: &str) -> Result<()> {
        cdp::<headless_chrome::protocol::cdp::Input::InsertText>(
            &self.tab,
            json!({ "text": text }),
        )?;
        Ok(())
    }

    /// Captures the viewport (or `clip`, in page pixels; `beyond` for a
    /// full-page capture) as PNG bytes.
    pub fn capture(&self, clip: Option<(f64, f64, f64, f64)>, beyond: bool) -> Result<Vec<u8>> {
        use base64::Engine as _;
        let mut params =
            json!({"format": "png", "fromSurface": true, "captureBeyondViewport": beyond});
        if let Some((x, y, w, h)) = clip {
            params["clip"] = json!({"x": x, "y": y, "width": w, "height": h, "scale": 1});
        }
        let shot = cdp::<Page::CaptureScreenshot>(&self.tab, params)?;
        Ok(base64::engine::general_purpose::STANDARD.decode(shot.data)?)
    }

    /// The page's current HTML, for failure reports.
    pub fn html(&self) -> Result<String> {
        match self.eval("document.documentElement ? document.documentElement.outerHTML : ''")? {
            Value::String(s) => Ok(s),
            _ => Ok(String::new()),
        }
    }

    /// The page's current address.
    pub fn url(&self) -> String {
        match self.eval("location.href") {
            Ok(Value::String(s)) => s,
            _ => self.tab.get_url(),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tab.close(false);
    }
}
