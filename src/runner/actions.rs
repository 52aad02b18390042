//! Runs one action of the step language in a page's session: finds its
//! target, acts like a person (real mouse clicks, typed text), then waits for
//! the page to settle. Errors are the reason a reader would need.
//!
//! Clicks are real mouse events (`Input.dispatchMouseEvent`) at the target's
//! first line box once nothing covers it; text is typed with
//! `Input.insertText`; an option is chosen by its text; uploads are set with
//! `DOM.setFileInputFiles` from a small deterministic PDF, PNG or text file
//! named as the step says ([`write_upload`]). `mail` waits (control API) for
//! a message with that subject, opens the persona's mailbox and clicks the
//! subject. Waits are polled conditions (every 25 ms, 50 ms for mail) up to
//! the run's `--timeout`, never fixed sleeps.

use super::control::{Mock, Persona};
use super::finder::{self, Kind, Match};
use crate::chrome::Session;
use crate::steps::{Action, Element};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the network must stay idle after typing or choosing an option
/// (which load no page themselves, but may start a request from a script).
const TYPING_QUIET: Duration = Duration::from_millis(10);

/// Everything an action needs: the tab, the mock, the page's persona.
pub struct Replay<'a> {
    pub session: &'a Session,
    pub mock: &'a Mock,
    pub persona: Option<&'a Persona>,
    pub timeout: Duration,
    /// Where generated upload files are written.
    pub uploads: &'a Path,
}

/// The kind of element an action's target names (from its definition,
/// [`crate::steps::action`]); text for actions that aim at nothing.
pub fn kind_of(action: &Action) -> Kind {
    match action.kind().def().element {
        Element::Control => Kind::Click,
        Element::Field => Kind::Field,
        Element::DropDown => Kind::Select,
        Element::Checkbox => Kind::Check,
        Element::FileInput => Kind::File,
        Element::Text | Element::Nothing => Kind::Text,
    }
}

#[derive(Deserialize)]
struct Aim {
    gone: bool,
    #[serde(default)]
    x: f64,
    #[serde(default)]
    y: f64,
    #[serde(default)]
    ok: bool,
    #[serde(default)]
    covered_by: Option<String>,
}

#[derive(Deserialize)]
struct Choice {
    ok: bool,
    options: Vec<String>,
}

impl Replay<'_> {
    /// Replaces `{variable}`s with the persona's values (`{captcha}` is
    /// read from the mock now).
    pub fn substitute(&self, text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + len];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
                continue;
            }
            out.push_str(&rest[..open]);
            let persona = self.persona.ok_or_else(|| {
                format!("`{{{name}}}` needs a persona, but the page names none — add `persona: new-student` (or another kind) to its front matter")
            })?;
            let value = if name == "captcha" {
                let login = persona
                    .get("login")
                    .ok_or("the persona has no login to read a captcha for")?;
                self.mock
                    .captcha(login)
                    .map_err(|e| format!("could not read the captcha: {e}"))?
            } else {
                persona
                    .get(name)
                    .map(str::to_string)
                    .ok_or_else(|| format!("the persona has no `{{{name}}}`"))?
            };
            out.push_str(&value);
            rest = &rest[open + len + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Maps a step's URL onto the mock: `https://*.univ-st-etienne.fr/p`
    /// and `/p` both become `<mock>/p`.
    pub fn map_url(&self, url: &str) -> Result<String, String> {
        if url.starts_with('/') {
            return Ok(format!("{}{url}", self.mock.origin));
        }
        if url == self.mock.origin || url.starts_with(&format!("{}/", self.mock.origin)) {
            return Ok(url.to_string());
        }
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` is neither a path nor an https:// address"))?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host == "univ-st-etienne.fr" || host.ends_with(".univ-st-etienne.fr") {
            let path = if path.is_empty() { "/" } else { path };
            Ok(format!("{}{path}", self.mock.origin))
        } else {
            Err(format!(
                "`{url}` is outside the intranet (*.univ-st-etienne.fr), which the mock cannot show"
            ))
        }
    }

    /// Finds the element `text` names (see [`finder::find`]).
    pub fn locate(&self, kind: Kind, text: &str, first: bool) -> Result<Match, String> {
        finder::find(self.session, kind, text, first, self.timeout)
    }

    /// Waits for the page to settle; a page that loaded meanwhile with an
    /// error status (404, 500) fails the action.
    fn settle(&self) -> Result<(), String> {
        self.settle_after(self.session.quiet)
    }

    fn settle_after(&self, quiet: Duration) -> Result<(), String> {
        self.session
            .settle_within(self.timeout.max(Duration::from_secs(10)), false, quiet)
            .map_err(|e| e.to_string())?;
        match self.session.document_error() {
            Some((url, status)) => Err(format!(
                "it led to {url}, which answered {status} ({})",
                self.session.title()
            )),
            None => Ok(()),
        }
    }

    /// Clicks the centre of match `m` once nothing covers it.
    fn click(&self, m: &Match, what: &str) -> Result<(), String> {
        let start = Instant::now();
        loop {
            let aim: Aim = self
                .session
                .eval_json(&format!("__entGuide.aim({})", m.index))
                .map_err(|e| e.to_string())?;
            if aim.gone {
                return Err(format!("\"{what}\" disappeared before it could be clicked"));
            }
            if aim.ok {
                self.session.forget_document();
                if std::env::var_os("ENT_GUIDE_TRACE").is_some() {
                    eprintln!(
                        "  click \"{what}\" at ({:.0}, {:.0}) {:?}",
                        aim.x, aim.y, m.bbox
                    );
                }
                return self
                    .session
                    .click_at(aim.x, aim.y)
                    .map_err(|e| format!("the click on \"{what}\" failed: {e}"));
            }
            if start.elapsed() > self.timeout {
                return Err(format!(
                    "\"{what}\" is covered by {} and cannot be clicked",
                    aim.covered_by.unwrap_or_else(|| "another element".into())
                ));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Runs `action`; `Err` is the reason it failed.
    pub fn run(&self, action: &Action) -> Result<(), String> {
        match action {
            Action::Open { url } => {
                let url = self.map_url(&self.substitute(url)?)?;
                self.session
                    .navigate(&url, self.timeout.max(Duration::from_secs(10)))
                    .map_err(|e| e.to_string())
            }
            Action::Click { target } => {
                let target = self.substitute(target)?;
                let m = self.locate(Kind::Click, &target, false)?;
                self.click(&m, &target)?;
                self.settle()
            }
            Action::Fill { label, value } => {
                let label = self.substitute(label)?;
                let value = self.substitute(value)?;
                let m = self.locate(Kind::Field, &label, false)?;
                self.fill(&m, &label, &value)?;
                self.settle_after(TYPING_QUIET)
            }
            Action::Select { option, label } => {
                let label = self.substitute(label)?;
                let option = self.substitute(option)?;
                let m = self.locate(Kind::Select, &label, false)?;
                let choice: Choice = self
                    .session
                    .eval_json(&format!(
                        "__entGuide.choose({}, {})",
                        m.index,
                        json_str(&option)
                    ))
                    .map_err(|e| e.to_string())?;
                if !choice.ok {
                    let near = finder::near_misses(
                        &option,
                        &choice
                            .options
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>(),
                    );
                    return Err(format!(
                        "the drop-down \"{label}\" has no option \"{option}\"; it offers {}",
                        list(if near.is_empty() {
                            &choice.options
                        } else {
                            &near
                        })
                    ));
                }
                self.session.touch();
                self.settle_after(TYPING_QUIET)
            }
            Action::Check { label } => {
                let label = self.substitute(label)?;
                let m = self.locate(Kind::Check, &label, false)?;
                if !self.checked(&m)? {
                    self.click(&m, &label)?;
                    self.settle()?;
                }
                if !self.checked(&m)? {
                    return Err(format!("clicking \"{label}\" did not tick it"));
                }
                Ok(())
            }
            Action::Upload { label, file } => {
                let label = self.substitute(label)?;
                let file = self.substitute(file)?;
                let m = self.locate(Kind::File, &label, false)?;
                let path = write_upload(self.uploads, &file)?;
                let object_id = self.session.object_id(m.index).map_err(|e| e.to_string())?;
                crate::chrome::cdp::<headless_chrome::protocol::cdp::DOM::SetFileInputFiles>(
                    &self.session.tab,
                    serde_json::json!({"files": [path.to_string_lossy()], "objectId": object_id}),
                )
                .map_err(|e| format!("could not attach {file} to \"{label}\": {e}"))?;
                self.session.touch();
                self.settle()
            }
            Action::Expect { text } => {
                let text = self.substitute(text)?;
                self.locate(Kind::Text, &text, true).map(|_| ())
            }
            Action::Mail { subject } => self.mail(&self.substitute(subject)?),
            Action::Wait { days } => {
                let login = self.persona.and_then(|p| p.get("login"));
                self.mock
                    .advance(*days, login)
                    .map_err(|e| format!("could not advance the mock's clock: {e}"))
            }
        }
    }

    fn checked(&self, m: &Match) -> Result<bool, String> {
        match self
            .session
            .eval(&format!("__entGuide.checked({})", m.index))
        {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(_) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    }

    fn fill(&self, m: &Match, label: &str, value: &str) -> Result<(), String> {
        let aim: Aim = self
            .session
            .eval_json(&format!("__entGuide.aim({})", m.index))
            .map_err(|e| e.to_string())?;
        if aim.gone {
            return Err(format!("the field \"{label}\" disappeared"));
        }
        let focused = self
            .session
            .eval(&format!("__entGuide.focus({})", m.index))
            .map_err(|e| e.to_string())?;
        if focused != Value::Bool(true) {
            self.click(m, label)?;
        }
        self.session
            .insert_text(value)
            .map_err(|e| format!("could not type into \"{label}\": {e}"))?;
        self.session.touch();
        let typed = self
            .session
            .eval(&format!(
                "(__entGuide.changed({i}), __entGuide.value({i}))",
                i = m.index
            ))
            .map_err(|e| e.to_string())?;
        match typed {
            Value::String(s) if s == value => Ok(()),
            Value::String(s) => Err(format!(
                "the field \"{label}\" holds \"{s}\" after typing \"{value}\" (does it limit its length?)"
            )),
            _ => Ok(()),
        }
    }

    /// Opens the newest message titled `subject` in the persona's personal
    /// mailbox, as its owner would: open the mailbox, click the subject.
    fn mail(&self, subject: &str) -> Result<(), String> {
        let persona = self.persona.ok_or(
            "`mail` needs a persona, but the page names none — add `persona: ...` to its front matter",
        )?;
        let address = persona
            .get("personal_email")
            .ok_or("the persona has no personal_email")?;
        let start = Instant::now();
        let message = loop {
            let messages = self
                .mock
                .mailbox(address)
                .map_err(|e| format!("could not read the mailbox {address}: {e}"))?;
            let found = messages
                .iter()
                .find(|m| m.get("subject").and_then(Value::as_str) == Some(subject))
                .cloned();
            if let Some(m) = found {
                break m;
            }
            if start.elapsed() > self.timeout {
                let subjects: Vec<String> = messages
                    .iter()
                    .filter_map(|m| m.get("subject").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect();
                return Err(if subjects.is_empty() {
                    format!("no message \"{subject}\" arrived in {address} (the mailbox is empty)")
                } else {
                    format!(
                        "no message \"{subject}\" arrived in {address}; it holds {}",
                        list(&subjects)
                    )
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        if let Some(url) = message.get("url").and_then(Value::as_str) {
            let url = self.map_url(url)?;
            return self
                .session
                .navigate(&url, self.timeout.max(Duration::from_secs(10)))
                .map_err(|e| e.to_string());
        }
        let mailbox = persona
            .get("personal_mailbox_url")
            .map(str::to_string)
            .unwrap_or_else(|| format!("/perso-mail/{address}"));
        let url = self.map_url(&mailbox)?;
        self.session
            .navigate(&url, self.timeout.max(Duration::from_secs(10)))
            .map_err(|e| e.to_string())?;
        let m = self.locate(Kind::Click, subject, true)?;
        self.click(&m, subject)?;
        self.settle()
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes a small deterministic file named `name` for an upload: a valid
/// PDF, PNG or text file depending on its extension.
pub fn write_upload(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let safe: String = name
        .chars()
        .map(|c| if c == '/' || c == '\\' { '_' } else { c })
        .collect();
    let path = dir.join(&safe);
    let lower = safe.to_lowercase();
    let bytes: Vec<u8> = if lower.ends_with(".pdf") {
        sample_pdf(&safe)
    } else if lower.ends_with(".png") {
        sample_png()
    } else {
        format!("{safe}\nA sample file attached by the ent-guide runner.\n").into_bytes()
    };
    std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&path, bytes))
        .map_err(|e| format!("could not write the upload file {}: {e}", path.display()))?;
    Ok(path)
}

fn sample_pdf(title: &str) -> Vec<u8> {
    let text: String = title
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || " .-_".contains(*c))
        .collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn sample_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 2, 2);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        if let Ok(mut w) = enc.write_header() {
            let _ = w.write_image_data(&[0, 255, 255, 0]);
        }
    }
    out
}
