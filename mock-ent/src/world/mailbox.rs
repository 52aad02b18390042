//! Mailboxes by address: the messages the mock sends (the activation e-mail
//! to a personal address), each with a delivery time so a delay can be mocked.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A link in a message: its text and target.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

#[derive(Clone, Debug)]
pub struct Message {
    pub id: u64,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub sent: DateTime<Utc>,
    pub delivered: DateTime<Utc>,
    /// Plain-text body; links are also listed in `links`.
    pub text: String,
    pub links: Vec<Link>,
}

/// A message to send.
pub struct Outgoing {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub text: String,
    pub links: Vec<Link>,
    pub sent: DateTime<Utc>,
    /// When it reaches the mailbox (a mocked delivery delay).
    pub delivered: DateTime<Utc>,
}

#[derive(Default)]
pub struct Mailboxes {
    boxes: HashMap<String, Vec<Message>>,
    next_id: u64,
}

fn key(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}

impl Mailboxes {
    /// Puts `message` in its recipient's mailbox; returns its id.
    pub fn send(&mut self, message: Outgoing) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.boxes
            .entry(key(&message.to))
            .or_default()
            .push(Message {
                id,
                from: message.from,
                to: message.to,
                subject: message.subject,
                sent: message.sent,
                delivered: message.delivered,
                text: message.text,
                links: message.links,
            });
        id
    }

    /// Messages of `address` delivered by `now`, newest first.
    pub fn inbox(&self, address: &str, now: DateTime<Utc>) -> Vec<Message> {
        let mut list: Vec<Message> = self
            .boxes
            .get(&key(address))
            .map(|v| v.iter().filter(|m| m.delivered <= now).cloned().collect())
            .unwrap_or_default();
        list.sort_by(|a, b| b.delivered.cmp(&a.delivered).then(b.id.cmp(&a.id)));
        list
    }
}
