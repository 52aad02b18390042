//! The timetable: the week grid, week navigation, and the iCalendar export
//! (read back with the `ical` parser, and checked line by line against RFC 5545).

mod common;

use std::io::BufReader;

use axum::http::StatusCode;
use common::*;

async fn student() -> (Browser, serde_json::Value) {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    (b, p)
}

#[tokio::test]
async fn the_grid_shows_slots_days_with_dates_and_classes_of_the_fixed_week() {
    let (mut b, _) = student().await;
    let page = b.get("/ade/").await;
    assert_eq!(page.status, StatusCode::OK);
    let t = page.text();
    for slot in ["08:00", "12:00", "19:00"] {
        assert!(t.contains(&format!(">{slot}</div>")), "slot {slot}");
    }
    for (day, date) in [
        ("Lundi", "14/09/26"),
        ("Mercredi", "16/09/26"),
        ("Samedi", "19/09/26"),
    ] {
        assert!(
            t.contains(&format!(
                "<span class=\"ade-dayname\">{day}</span> <span class=\"ade-date\">{date}</span>"
            )),
            "{day}"
        );
    }
    assert!(!t.contains("Dimanche"));
    // Every persona follows French as a foreign language besides a programme.
    assert!(t.contains("FLE - "), "no FLE class");
    assert!(
        t.matches("class=\"ade-event").count() >= 8,
        "too few classes"
    );
    for part in ["ade-lecturer", "ade-room", "ade-module"] {
        assert!(t.contains(part));
    }
    for label in ["Semaine précédente", "Semaine suivante", "Exporter"] {
        assert!(t.contains(&format!(">{label}</a>")), "{label}");
    }
}

#[tokio::test]
async fn week_navigation_moves_by_seven_days_and_holidays_are_empty() {
    let (mut b, _) = student().await;
    let page = b.get("/ade/").await;
    let next = attr(
        &page.body[page.body.find("Semaine précédente").unwrap()..],
        "href",
    );
    assert_eq!(next, "/ade/?week=2026-09-21");
    let following = b.get(&next).await.text();
    assert!(following.contains(">21/09/26<") && following.contains(">26/09/26<"));
    let before = b.get("/ade/?week=2026-09-07").await.text();
    assert!(before.contains(">07/09/26<"));
    // Any day of a week shows that week; the autumn break has no class.
    let toussaint = b.get("/ade/?week=2026-10-28").await.text();
    assert!(toussaint.contains(">26/10/26<"));
    assert!(toussaint.contains("Aucun cours cette semaine."));
    // Garbage falls back on the current week, never an error.
    for bad in [
        "?week=abc",
        "?week=99999-01-01",
        "?week=%00",
        "?week=2026-02-30",
    ] {
        let r = b.get(&format!("/ade/{bad}")).await;
        assert_eq!(r.status, StatusCode::OK, "{bad}");
        assert!(r.text().contains(">14/09/26<"), "{bad}");
    }
}

#[tokio::test]
async fn the_timetable_is_the_same_for_the_same_persona_and_needs_a_login() {
    let (mut b, _) = student().await;
    let one = b.get("/ade/?week=2026-09-21").await.body;
    let two = b.get("/ade/?week=2026-09-21").await.body;
    assert_eq!(one, two);
    let mut anonymous = b.sibling();
    let r = anonymous.get("/ade/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/esup-cas/login?service="));
    let r = anonymous.get("/ade/export").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

fn export_link(body: &str) -> String {
    let at = body
        .find("Télécharger le calendrier (.ics)")
        .expect("download link");
    let start = body[..at].rfind("href=\"").expect("href") + 6;
    decode(&body[start..start + body[start..].find('"').unwrap()])
}

#[tokio::test]
async fn export_page_offers_the_download_and_the_subscription_address() {
    let (mut b, _) = student().await;
    let page = b.get("/ade/export?week=2026-09-14").await;
    assert_eq!(page.status, StatusCode::OK);
    let link = export_link(&page.body);
    assert!(
        link.starts_with("/jsp/custom/modules/plannings/anonymous_cal.jsp?resources="),
        "{link}"
    );
    assert!(
        link.ends_with("&projectId=7&calType=ical&firstDate=2026-09-01&lastDate=2027-08-31"),
        "{link}"
    );
    let subscription = format!("https://planning.univ-st-etienne.fr{link}");
    assert!(
        page.text().contains(&format!("value=\"{subscription}\"")),
        "subscription address"
    );
}

#[tokio::test]
async fn the_ics_export_is_valid_rfc5545_and_a_parser_reads_it() {
    let (mut b, _) = student().await;
    let page = b.get("/ade/export").await;
    let link = export_link(&page.body);
    let grid = b.get("/ade/").await.text();
    let r = b.sibling().get(&link).await; // no login needed, as in ADE
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let ics = r.body.clone();
    // CRLF everywhere, no line over 75 octets, folded lines start with a space.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:-//ADE/version 6.0\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n"));
    let mut parser = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none());
    assert!(
        cal.events.len() > 100,
        "a year of classes: {}",
        cal.events.len()
    );
    let mut uids = std::collections::HashSet::new();
    for e in &cal.events {
        let get = |name: &str| {
            e.properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_else(|| panic!("no {name}"))
        };
        assert_eq!(get("DTSTAMP"), "20260914T070000Z");
        for t in ["DTSTART", "DTEND"] {
            let v = get(t);
            assert!(
                v.len() == 16 && v.ends_with('Z') && v.as_bytes()[8] == b'T',
                "{t}:{v}"
            );
        }
        assert!(get("DTSTART") < get("DTEND"));
        assert!(get("UID").starts_with("ADE60"));
        assert!(uids.insert(get("UID")), "duplicate UID");
        let d = get("DESCRIPTION");
        assert!(
            d.starts_with("\\n\\n") && d.ends_with("(Exporté le:14/09/2026 09:00)\\n"),
            "{d}"
        );
        assert_eq!(d.matches("\\n").count(), 6, "{d}");
        assert!(!get("SUMMARY").is_empty() && !get("LOCATION").is_empty());
    }
    // The first Monday class of the grid is in the export, at the right UTC hour
    // (Paris is UTC+2 in September).
    let first = cal
        .events
        .iter()
        .find(|e| {
            e.properties
                .iter()
                .any(|p| p.name == "DTSTART" && p.value.as_deref() == Some("20260914T060000Z"))
        })
        .expect("a class on Monday 14/09 at 08:00 Paris");
    let summary = first
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .unwrap()
        .value
        .clone()
        .unwrap();
    let module = summary
        .rsplit_once(" - ")
        .unwrap()
        .0
        .replace("\\,", ",")
        .replace("\\;", ";");
    assert!(grid.contains(&module), "{module} not in the grid");
    // Winter time: a December class is at UTC+1.
    assert!(ics.contains("DTSTART:20261207T0"), "December classes");
}

#[tokio::test]
async fn bad_export_queries_answer_400_never_a_crash() {
    let mut b = Browser::new();
    let base = "/jsp/custom/modules/plannings/anonymous_cal.jsp";
    for q in [
        "",
        "?resources=&projectId=7&calType=ical&firstDate=2026-09-01&lastDate=2026-09-30",
        "?resources=abc&projectId=7&calType=ical&firstDate=2026-09-01&lastDate=2026-09-30",
        "?resources=3101&projectId=8&calType=ical&firstDate=2026-09-01&lastDate=2026-09-30",
        "?resources=3101&projectId=7&calType=vcs&firstDate=2026-09-01&lastDate=2026-09-30",
        "?resources=3101&projectId=7&calType=ical&firstDate=2026-09-31&lastDate=2026-09-30",
        "?resources=3101&projectId=7&calType=ical&firstDate=2026-10-01&lastDate=2026-09-30",
        "?resources=3101&projectId=7&calType=ical&firstDate=2020-01-01&lastDate=2026-09-30",
    ] {
        let r = b.get(&format!("{base}{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
    }
    // An unknown group is an empty calendar, as in ADE.
    let r = b
        .get(&format!(
            "{base}?resources=1&projectId=7&calType=ical&firstDate=2026-09-01&lastDate=2026-09-30"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("BEGIN:VEVENT"));
}
