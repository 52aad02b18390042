//! The iCalendar export (RFC 5545) as ADE writes it: `METHOD:REQUEST`,
//! `PRODID:-//ADE/version 6.0`, one `VEVENT` per class with UTC times, the ADE
//! `DESCRIPTION` shape and `UID:ADE6...`; text escaped, lines folded at 75
//! octets, CRLF line ends.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::catalogue::Event;

/// `20260914T070000Z`.
fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A Paris wall-clock time as a UTC stamp.
fn paris_as_utc(t: NaiveDateTime) -> String {
    utc_stamp(crate::core::clock::from_paris(t))
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line exceeds 75 octets
/// (continuations start with a space), never splitting a UTF-8 character.
pub fn push_line(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut used = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if used + len > budget {
            out.push_str("\r\n ");
            used = 1;
            budget = 75;
        }
        out.push(ch);
        used += len;
    }
    out.push_str("\r\n");
}

/// The calendar of `events`, exported at `now` (`now_paris` is the same
/// instant on the Paris clock, for the `Exporté le` note).
pub fn calendar(events: &[Event<'_>], now: DateTime<Utc>, now_paris: NaiveDateTime) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "METHOD:REQUEST",
        "PRODID:-//ADE/version 6.0",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
    ] {
        push_line(&mut out, line);
    }
    let stamp = utc_stamp(now);
    let exported = now_paris.format("%d/%m/%Y %H:%M").to_string();
    for e in events {
        let c = e.course;
        let description = format!(
            "\n\n{}\n{}\n{}\n(Exporté le:{exported})\n",
            e.group(),
            c.module,
            c.lecturer
        );
        let uid_source = format!("UJM-{}-{}-{}", c.resource, e.index, e.date.format("%Y%m%d"));
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART:{}", paris_as_utc(e.start())));
        push_line(&mut out, &format!("DTEND:{}", paris_as_utc(e.end())));
        push_line(
            &mut out,
            &format!("SUMMARY:{}", escape(&format!("{} - {}", c.module, c.kind))),
        );
        push_line(&mut out, &format!("LOCATION:{}", escape(c.room)));
        push_line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        push_line(
            &mut out,
            &format!(
                "UID:ADE60{}",
                crate::core::secret::hex(uid_source.as_bytes())
            ),
        );
        push_line(&mut out, "CREATED:19700101T000000Z");
        push_line(&mut out, &format!("LAST-MODIFIED:{stamp}"));
        push_line(&mut out, "SEQUENCE:0");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        push_line(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
