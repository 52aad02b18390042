//! `/perso-mail/{token}/`: the persona's personal (outside) mailbox, a plain
//! webmail reachable only through its secret address: the list of messages
//! and one message with its links.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use crate::core::error::{PageError, PageResult};
use crate::core::render;
use crate::core::state::AppState;
use crate::world::mailbox::{Link, Message};
use crate::world::WorldState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/perso-mail/{token}/", get(inbox))
        .route("/perso-mail/{token}/{id}", get(message))
}

#[derive(Serialize)]
struct MessageView {
    id: u64,
    from: String,
    to: String,
    subject: String,
    date: String,
    paragraphs: Vec<String>,
    links: Vec<Link>,
}

fn view(m: &Message) -> MessageView {
    MessageView {
        id: m.id,
        from: m.from.clone(),
        to: m.to.clone(),
        subject: m.subject.clone(),
        date: crate::core::clock::french(crate::core::clock::to_paris(m.delivered)),
        paragraphs: m.text.split("\n\n").map(str::to_string).collect(),
        links: m.links.clone(),
    }
}

/// The owner's address and messages for a mailbox token, if it is one.
fn open(state: &AppState, token: &str) -> Option<(String, String, Vec<Message>)> {
    let (login, address) = state.world(|w| {
        w.directory
            .by_mailbox_token(token)
            .map(|p| (p.login.clone(), p.personal_email.clone()))
    })?;
    let now = state.clock().now(Some(&login));
    let messages = state.world(|w| w.mail.inbox(&address, now));
    Some((login, address, messages))
}

fn missing(state: &AppState) -> PageError {
    PageError::page(
        state,
        StatusCode::NOT_FOUND,
        "Boîte introuvable",
        "Cette adresse de messagerie n'existe pas.",
    )
}

async fn inbox(State(state): State<AppState>, Path(token): Path<String>) -> PageResult {
    let (_, address, messages) = open(&state, &token).ok_or_else(|| missing(&state))?;
    let mut ctx = render::context(&state, None, None);
    ctx.insert("token", &token);
    ctx.insert("address", &address);
    ctx.insert("messages", &messages.iter().map(view).collect::<Vec<_>>());
    Ok(render::page(&state, "perso-mail/inbox.html", &ctx))
}

async fn message(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> PageResult {
    let (_, address, messages) = open(&state, &token).ok_or_else(|| missing(&state))?;
    let m = id
        .parse::<u64>()
        .ok()
        .and_then(|id| messages.iter().find(|m| m.id == id))
        .ok_or_else(|| missing(&state))?;
    let mut ctx = render::context(&state, None, None);
    ctx.insert("token", &token);
    ctx.insert("address", &address);
    ctx.insert("message", &view(m));
    Ok(render::page(&state, "perso-mail/message.html", &ctx))
}
