//! The webmail (Outlook Web App): the first visit asks for the language and
//! time zone; the inbox with the university's welcome messages and a reading
//! pane; the gear (**Paramètres** / **Settings**) → **Options** → **Général** →
//! **Région et fuseau horaire** settings. The whole interface follows the
//! chosen language (French or English), kept per persona across logins. A
//! `returning-student` finds its webmail already set up in French.

pub mod i18n;
pub mod inbox;

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::core::csrf::CsrfForm;
use crate::core::error::{PageError, PageResult};
use crate::core::render;
use crate::core::session::CurrentUser;
use crate::core::state::AppState;
use crate::world::directory::Kind;
use crate::world::WorldState;
use i18n::{Language, TimeZone, Ui};
use inbox::Message;

/// A persona's regional settings.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub language: &'static Language,
    pub time_zone: &'static TimeZone,
    pub date_format: &'static str,
    pub time_format: &'static str,
}

impl Settings {
    fn new(language: &'static Language, time_zone: &'static TimeZone) -> Self {
        Settings {
            language,
            time_zone,
            date_format: language.formats.0,
            time_format: language.formats.1,
        }
    }
    fn ui(&self) -> &'static Ui {
        self.language.ui
    }
}

/// One persona's mailbox: settings (none before the first visit) and messages.
pub struct Mailbox {
    pub settings: Option<Settings>,
    pub messages: Vec<Message>,
}

/// Every persona's mailbox, keyed by login.
#[derive(Default)]
pub struct Webmail {
    boxes: HashMap<String, Mailbox>,
}

impl std::fmt::Debug for i18n::Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

impl std::fmt::Debug for i18n::TimeZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/owa", get(|| async { Redirect::to("/owa/") }))
        .route("/owa/", get(mailbox_page))
        .route("/owa/lang.owa", post(first_run_save))
        .route("/owa/options", get(options_home))
        .route("/owa/options/regional", get(regional).post(regional_save))
        .route("/owa/options/{section}", get(options_section))
}

/// The settings the webmail starts with for a persona (French for a
/// `returning-student`, nothing yet for the others).
fn initial_settings(kind: Kind) -> Option<Settings> {
    match kind {
        Kind::ReturningStudent => Some(Settings::new(
            i18n::language("fr-FR")?,
            i18n::time_zone(i18n::PARIS)?,
        )),
        _ => None,
    }
}

/// Runs `f` on the user's mailbox, creating it on first use.
fn with_box<R>(
    state: &AppState,
    user: &CurrentUser,
    f: impl FnOnce(&mut Mailbox) -> R,
) -> Option<R> {
    let persona = state.persona(&user.login)?;
    let now = state.clock().now(Some(&user.login));
    Some(state.service::<Webmail, _>(|w| {
        let mb = w
            .boxes
            .entry(user.login.clone())
            .or_insert_with(|| Mailbox {
                settings: initial_settings(persona.kind),
                messages: inbox::welcome(&persona, now),
            });
        f(mb)
    }))
}

fn settings_of(state: &AppState, user: &CurrentUser) -> Option<Settings> {
    with_box(state, user, |mb| mb.settings).flatten()
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

fn language_choices(current: &str) -> Vec<Choice> {
    i18n::LANGUAGES
        .iter()
        .map(|l| Choice {
            value: l.code,
            label: l.name.to_string(),
            selected: l.code == current,
        })
        .collect()
}

fn zone_choices(current: &str, ui: &Ui) -> Vec<Choice> {
    i18n::TIME_ZONES
        .iter()
        .map(|z| Choice {
            value: z.id,
            label: if ui.lang == "fr" { z.fr } else { z.en }.to_string(),
            selected: z.id == current,
        })
        .collect()
}

fn base_context(state: &AppState, user: &CurrentUser, ui: &Ui) -> tera::Context {
    let mut ctx = render::context(state, Some(&user.session.0), Some(&user.login));
    ctx.insert("t", ui);
    ctx
}

fn first_run_page(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let mut ctx = base_context(state, user, &i18n::FR);
    ctx.insert("languages", &language_choices("fr-FR"));
    ctx.insert("zones", &zone_choices(i18n::PARIS, &i18n::FR));
    ctx.insert("error", &error);
    render::page_with_status(state, status, "owa/first-run.html", &ctx)
}

#[derive(Deserialize)]
struct MailboxQuery {
    id: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: usize,
    from_name: &'static str,
    subject: String,
    preview: String,
    date: String,
    unread: bool,
    selected: bool,
}

#[derive(Serialize)]
struct Reading {
    subject: String,
    from_name: &'static str,
    from_address: &'static str,
    to: String,
    date: String,
    paragraphs: Vec<String>,
}

async fn mailbox_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MailboxQuery>,
) -> Response {
    let Some(settings) = settings_of(&state, &user) else {
        return first_run_page(&state, &user, StatusCode::OK, None);
    };
    let Some(persona) = state.persona(&user.login) else {
        return Redirect::to("/uPortal/").into_response();
    };
    let selected: Option<usize> = q.id.as_deref().and_then(|s| s.parse().ok());
    let when = |m: &Message| {
        let local = settings.time_zone.local(m.date);
        format!(
            "{} {}",
            i18n::format_date(local, settings.date_format),
            i18n::format_time(local, settings.time_format)
        )
    };
    let (rows, reading) = with_box(&state, &user, |mb| {
        let mut reading = None;
        if let Some(m) = selected
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| mb.messages.get_mut(i))
        {
            m.read = true;
            reading = Some(Reading {
                subject: m.subject.clone(),
                from_name: m.from_name,
                from_address: m.from_address,
                to: format!(
                    "{} {} <{}>",
                    persona.given_name, persona.family_name, persona.email
                ),
                date: when(m),
                paragraphs: m.body.split("\n\n").map(str::to_string).collect(),
            });
        }
        let rows: Vec<Row> = mb
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| Row {
                id: i + 1,
                from_name: m.from_name,
                subject: m.subject.clone(),
                preview: m
                    .body
                    .chars()
                    .take(90)
                    .collect::<String>()
                    .replace('\n', " "),
                date: when(m),
                unread: !m.read,
                selected: selected == Some(i + 1),
            })
            .collect();
        (rows, reading)
    })
    .unwrap_or_default();
    let ui = settings.ui();
    let mut ctx = base_context(&state, &user, ui);
    let unread = rows.iter().filter(|r| r.unread).count();
    ctx.insert("rows", &rows);
    ctx.insert("unread_count", &unread);
    ctx.insert("reading", &reading);
    ctx.insert("missing", &(selected.is_some() && reading.is_none()));
    render::page(&state, "owa/inbox.html", &ctx)
}

#[derive(Deserialize)]
struct FirstRun {
    #[serde(default)]
    lcid: String,
    #[serde(default)]
    tzid: String,
}

async fn first_run_save(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<FirstRun>,
) -> Response {
    let (Some(language), Some(zone)) = (i18n::language(&form.lcid), i18n::time_zone(&form.tzid))
    else {
        return first_run_page(
            &state,
            &user,
            StatusCode::BAD_REQUEST,
            Some("Choisissez une langue et un fuseau horaire dans les listes."),
        );
    };
    with_box(&state, &user, |mb| {
        mb.settings = Some(Settings::new(language, zone))
    });
    Redirect::to("/owa/").into_response()
}

/// The options pages: which entry of the left menu is open.
fn options_page(
    state: &AppState,
    user: &CurrentUser,
    settings: Settings,
    section: &str,
    extra: impl FnOnce(&mut tera::Context),
) -> Response {
    let ui = settings.ui();
    let mut ctx = base_context(state, user, ui);
    let general_open = matches!(
        section,
        "general" | "theme" | "keyboard" | "regional" | "storage"
    );
    ctx.insert("section", section);
    ctx.insert("general_open", &general_open);
    extra(&mut ctx);
    render::page(state, "owa/options.html", &ctx)
}

async fn options_home(State(state): State<AppState>, user: CurrentUser) -> Response {
    match settings_of(&state, &user) {
        Some(s) => options_page(&state, &user, s, "shortcuts", |_| {}),
        None => Redirect::to("/owa/").into_response(),
    }
}

async fn options_section(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(section): Path<String>,
) -> PageResult {
    const KNOWN: &[&str] = &[
        "general", "theme", "keyboard", "storage", "mail", "calendar", "people",
    ];
    let Some(settings) = settings_of(&state, &user) else {
        return Ok(Redirect::to("/owa/").into_response());
    };
    let section = KNOWN
        .iter()
        .find(|k| **k == section)
        .ok_or_else(|| PageError::not_found(&state))?;
    Ok(options_page(&state, &user, settings, section, |_| {}))
}

#[derive(Deserialize)]
struct RegionalQuery {
    saved: Option<String>,
}

fn regional_page(
    state: &AppState,
    user: &CurrentUser,
    settings: Settings,
    saved: bool,
    error: bool,
) -> Response {
    let ui = settings.ui();
    let dates: Vec<Choice> = i18n::DATE_FORMATS
        .iter()
        .map(|f| Choice {
            value: f,
            label: i18n::format_date(sample(), f),
            selected: *f == settings.date_format,
        })
        .collect();
    let times: Vec<Choice> = i18n::TIME_FORMATS
        .iter()
        .map(|f| Choice {
            value: f,
            label: i18n::format_time(sample(), f),
            selected: *f == settings.time_format,
        })
        .collect();
    options_page(state, user, settings, "regional", |ctx| {
        ctx.insert("languages", &language_choices(settings.language.code));
        ctx.insert("zones", &zone_choices(settings.time_zone.id, ui));
        ctx.insert("date_formats", &dates);
        ctx.insert("time_formats", &times);
        ctx.insert("saved", &saved);
        ctx.insert("invalid", &error);
    })
}

/// The example date the format lists show (1 February 2027, 13:05).
fn sample() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2027, 2, 1)
        .and_then(|d| d.and_hms_opt(13, 5, 0))
        .unwrap_or_default()
}

async fn regional(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<RegionalQuery>,
) -> Response {
    match settings_of(&state, &user) {
        Some(s) => regional_page(&state, &user, s, q.saved.is_some(), false),
        None => Redirect::to("/owa/").into_response(),
    }
}

#[derive(Deserialize)]
struct RegionalForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    date_format: String,
    #[serde(default)]
    time_format: String,
}

async fn regional_save(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<RegionalForm>,
) -> Response {
    let Some(current) = settings_of(&state, &user) else {
        return Redirect::to("/owa/").into_response();
    };
    let language = i18n::language(&form.language);
    let zone = i18n::time_zone(&form.time_zone);
    let date = i18n::DATE_FORMATS.iter().find(|f| **f == form.date_format);
    let time = i18n::TIME_FORMATS.iter().find(|f| **f == form.time_format);
    let (Some(language), Some(time_zone), Some(date_format), Some(time_format)) =
        (language, zone, date, time)
    else {
        let mut resp = regional_page(&state, &user, current, false, true);
        *resp.status_mut() = StatusCode::BAD_REQUEST;
        return resp;
    };
    let new = Settings {
        language,
        time_zone,
        date_format,
        time_format,
    };
    with_box(&state, &user, |mb| mb.settings = Some(new));
    Redirect::to("/owa/options/regional?saved=1").into_response()
}
