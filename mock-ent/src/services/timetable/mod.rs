//! The timetable (ADE Campus): the persona's week as a grid of time slots ×
//! weekdays, week navigation, and the iCalendar export at ADE's own address
//! (`/jsp/custom/modules/plannings/anonymous_cal.jsp`), which, as in ADE, needs
//! no login: it names group resources, not a person.

pub mod catalogue;
pub mod courses;
pub mod ical;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{Datelike, Duration, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::core::render;
use crate::core::session::CurrentUser;
use crate::core::state::AppState;

/// Where ADE's export lives.
pub const EXPORT_PATH: &str = "/jsp/custom/modules/plannings/anonymous_cal.jsp";
/// The address the export page shows for subscriptions (the real host).
pub const PUBLIC_ORIGIN: &str = "https://planning.univ-st-etienne.fr";

const DAY_NAMES: [&str; 6] = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"];
/// First and last hour of the grid: rows 08:00 … 19:00.
const FIRST_HOUR: u32 = 8;
const LAST_HOUR: u32 = 19;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/ade",
            get(|| async { axum::response::Redirect::to("/ade/") }),
        )
        .route("/ade/", get(week))
        .route("/ade/export", get(export))
        .route(EXPORT_PATH, get(anonymous_cal))
}

#[derive(Deserialize)]
struct WeekQuery {
    week: Option<String>,
}

/// The Monday of the week `asked` names (`YYYY-MM-DD`, any day of it), or of
/// the current week when absent or unreadable.
fn monday_of(asked: Option<&str>, today: NaiveDate) -> NaiveDate {
    let day = asked
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .filter(|d| (2000..=2100).contains(&d.year()))
        .unwrap_or(today);
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

#[derive(Serialize)]
struct DayView {
    name: &'static str,
    date: String,
    column: usize,
    today: bool,
}

#[derive(Serialize)]
struct SlotView {
    label: String,
    row: u32,
}

#[derive(Serialize)]
struct EventView {
    module: &'static str,
    kind: &'static str,
    lecturer: &'static str,
    room: &'static str,
    group: &'static str,
    time: String,
    column: usize,
    row_start: u32,
    row_end: u32,
}

/// Grid row of a time (row 1 holds the day headers; one row per half hour).
fn row_of(hour: u32, minute: u32) -> u32 {
    let minutes = (hour * 60 + minute).clamp(FIRST_HOUR * 60, (LAST_HOUR + 1) * 60);
    2 + (minutes - FIRST_HOUR * 60) / 30
}

async fn week(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> Response {
    let today = state.clock().today(Some(&user.login));
    let monday = monday_of(q.week.as_deref(), today);
    let saturday = monday + Duration::days(5);
    let resources = catalogue::resources_of(&user.login);
    let days: Vec<DayView> = DAY_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let date = monday + Duration::days(i as i64);
            DayView {
                name,
                date: date.format("%d/%m/%y").to_string(),
                column: i + 2,
                today: date == today,
            }
        })
        .collect();
    let slots: Vec<SlotView> = (FIRST_HOUR..=LAST_HOUR)
        .map(|h| SlotView {
            label: format!("{h:02}:00"),
            row: row_of(h, 0),
        })
        .collect();
    let events: Vec<EventView> = catalogue::events(&resources, monday, saturday)
        .iter()
        .map(|e| {
            let (s, t) = (e.start(), e.end());
            EventView {
                module: e.course.module,
                kind: e.course.kind,
                lecturer: e.course.lecturer,
                room: e.course.room,
                group: e.group(),
                time: format!("{} - {}", s.format("%H:%M"), t.format("%H:%M")),
                column: e.date.weekday().num_days_from_monday() as usize + 2,
                row_start: row_of(s.hour(), s.minute()),
                row_end: row_of(t.hour(), t.minute()),
            }
        })
        .collect();
    let mut ctx = render::context(&state, Some(&user.session.0), Some(&user.login));
    ctx.insert("days", &days);
    ctx.insert("slots", &slots);
    ctx.insert("events", &events);
    ctx.insert("week_number", &monday.iso_week().week());
    ctx.insert("first_day", &monday.format("%d/%m/%Y").to_string());
    ctx.insert("last_day", &saturday.format("%d/%m/%Y").to_string());
    ctx.insert("week", &monday.to_string());
    ctx.insert("previous", &(monday - Duration::days(7)).to_string());
    ctx.insert("next", &(monday + Duration::days(7)).to_string());
    ctx.insert("groups", &group_names(&resources));
    render::page(&state, "ade/week.html", &ctx)
}

fn group_names(resources: &[u32]) -> Vec<&'static str> {
    resources
        .iter()
        .filter_map(|id| catalogue::resource(*id))
        .map(|r| r.name)
        .collect()
}

/// The export query of a persona's resources over the academic year of `day`.
fn export_query(resources: &[u32], day: NaiveDate) -> String {
    let first = catalogue::academic_year_start(day);
    let last = first.with_year(first.year() + 1).unwrap_or(first) - Duration::days(1);
    let ids: Vec<String> = resources.iter().map(u32::to_string).collect();
    format!(
        "resources={}&projectId={}&calType=ical&firstDate={}&lastDate={}",
        ids.join(","),
        catalogue::PROJECT_ID,
        first,
        last
    )
}

async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> Response {
    let today = state.clock().today(Some(&user.login));
    let monday = monday_of(q.week.as_deref(), today);
    let resources = catalogue::resources_of(&user.login);
    let query = export_query(&resources, monday);
    let mut ctx = render::context(&state, Some(&user.session.0), Some(&user.login));
    ctx.insert("download", &format!("{EXPORT_PATH}?{query}"));
    ctx.insert(
        "subscription",
        &format!("{PUBLIC_ORIGIN}{EXPORT_PATH}?{query}"),
    );
    ctx.insert("week", &monday.to_string());
    ctx.insert("groups", &group_names(&resources));
    render::page(&state, "ade/export.html", &ctx)
}

#[derive(Deserialize)]
struct CalQuery {
    resources: Option<String>,
    #[serde(rename = "projectId")]
    project_id: Option<String>,
    #[serde(rename = "calType")]
    cal_type: Option<String>,
    #[serde(rename = "firstDate")]
    first_date: Option<String>,
    #[serde(rename = "lastDate")]
    last_date: Option<String>,
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_string(),
    )
        .into_response()
}

/// Parses the export query: `resources` (comma-separated numbers), the
/// project, `calType=ical`, and the date range (at most 400 days).
fn parse_cal(q: &CalQuery) -> Result<(Vec<u32>, NaiveDate, NaiveDate), &'static str> {
    let resources: Vec<u32> = q
        .resources
        .as_deref()
        .filter(|s| !s.is_empty() && s.len() <= 200)
        .ok_or("missing parameter: resources")?
        .split(',')
        .map(|id| {
            id.trim()
                .parse::<u32>()
                .map_err(|_| "resources must be numbers separated by commas")
        })
        .collect::<Result<_, _>>()?;
    if q.project_id.as_deref() != Some(&catalogue::PROJECT_ID.to_string()) {
        return Err("unknown projectId");
    }
    if q.cal_type.as_deref().is_some_and(|t| t != "ical") {
        return Err("calType must be ical");
    }
    let date = |s: &Option<String>| {
        s.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .filter(|d| (2000..=2100).contains(&d.year()))
    };
    let first = date(&q.first_date).ok_or("firstDate must be a date YYYY-MM-DD")?;
    let last = date(&q.last_date).ok_or("lastDate must be a date YYYY-MM-DD")?;
    if last < first {
        return Err("lastDate is before firstDate");
    }
    if (last - first).num_days() > 400 {
        return Err("the period may not exceed 400 days");
    }
    Ok((resources, first, last))
}

async fn anonymous_cal(State(state): State<AppState>, Query(q): Query<CalQuery>) -> Response {
    let (resources, first, last) = match parse_cal(&q) {
        Ok(v) => v,
        Err(msg) => return bad_request(msg),
    };
    let events = catalogue::events(&resources, first, last);
    let body = ical::calendar(
        &events,
        state.clock().now(None),
        state.clock().paris_now(None),
    );
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ADECal.ics\"",
            ),
        ],
        body,
    )
        .into_response()
}
