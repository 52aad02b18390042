//! The portal (ESUP/uPortal): public home with **Connexion**, login through
//! CAS with real service tickets, the tabs and their entries, logout.

use axum::extract::{Path, Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::core::error::{PageError, PageResult};
use crate::core::render;
use crate::core::session::{CurrentUser, SessionData, SessionId};
use crate::core::state::AppState;
use crate::core::urls::{encode, safe_local_path, service_url};
use crate::world::WorldState;

/// One entry of a portal tab: a link to a service.
#[derive(Serialize, Clone, Copy)]
pub struct Entry {
    pub label: &'static str,
    pub href: &'static str,
    pub description: &'static str,
}

/// A portal tab and its entries.
#[derive(Serialize, Clone, Copy)]
pub struct Tab {
    pub id: &'static str,
    pub label: &'static str,
    pub entries: &'static [Entry],
}

/// The tabs after login, as docs/ARCHITECTURE.md ("Labels the guide relies
/// on") lists them. A new service adds its entry here.
pub const TABS: &[Tab] = &[
    Tab {
        id: "accueil",
        label: "ACCUEIL",
        entries: &[],
    },
    Tab {
        id: "enseignements",
        label: "ENSEIGNEMENTS",
        entries: &[
            Entry {
                label: "Mon emploi du temps",
                href: "/ade/",
                description: "Vos cours de la semaine : horaires, salles, enseignants (ADE).",
            },
            Entry {
                label: "Claroline",
                href: "/claroline/",
                description: "La plateforme pédagogique : vos cours, documents et travaux.",
            },
        ],
    },
    Tab {
        id: "bureau-virtuel",
        label: "BUREAU VIRTUEL",
        entries: &[Entry {
            label: "Bureau Virtuel",
            href: "/uPortal/p/bureau-virtuel",
            description: "Messagerie, espace de stockage et outils de l'université.",
        }],
    },
    Tab {
        id: "scolarite",
        label: "SCOLARITÉ",
        entries: &[Entry {
            label: "Convention de stage",
            href: "/esup-pstage/",
            description: "Saisir et suivre votre convention de stage (P-Stage).",
        }],
    },
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/uPortal", get(|| async { Redirect::to("/uPortal/") }))
        .route("/uPortal/", get(logged_in_home))
        .route("/uPortal/Login", get(login))
        .route("/uPortal/Logout", get(logout))
        .route("/uPortal/f/{tab}", get(tab))
        .route("/uPortal/p/bureau-virtuel", get(bureau_virtuel))
}

fn tabs_context(state: &AppState, user: &CurrentUser, active: &str) -> tera::Context {
    let mut ctx = render::context(state, Some(&user.session.0), Some(&user.login));
    ctx.insert("tabs", TABS);
    ctx.insert("active_tab", active);
    ctx
}

async fn home(State(state): State<AppState>, session: SessionId) -> Response {
    let login = state.sessions(|s| s.login_of(&session.0));
    if login.is_some() {
        return Redirect::to("/uPortal/").into_response();
    }
    let ctx = render::context(&state, Some(&session.0), None);
    render::page(&state, "portal/public.html", &ctx)
}

async fn logged_in_home(State(state): State<AppState>, user: CurrentUser) -> Response {
    let ctx = tabs_context(&state, &user, "accueil");
    render::page(&state, "portal/accueil.html", &ctx)
}

async fn tab(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    if id == "accueil" {
        return Ok(Redirect::to("/uPortal/").into_response());
    }
    let tab = TABS
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| PageError::not_found(&state))?;
    let mut ctx = tabs_context(&state, &user, tab.id);
    ctx.insert("tab", tab);
    Ok(render::page(&state, "portal/tab.html", &ctx))
}

async fn bureau_virtuel(State(state): State<AppState>, user: CurrentUser) -> Response {
    let ctx = tabs_context(&state, &user, "bureau-virtuel");
    render::page(&state, "portal/bureau-virtuel.html", &ctx)
}

#[derive(Deserialize)]
struct LoginQuery {
    ticket: Option<String>,
    #[serde(rename = "refUrl")]
    ref_url: Option<String>,
}

/// `/uPortal/Login`: without a ticket, off to CAS; with one, validate it
/// exactly as a CAS client does, open the session and go where asked.
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: SessionId,
    Query(q): Query<LoginQuery>,
) -> Response {
    let return_to = q
        .ref_url
        .as_deref()
        .filter(|r| safe_local_path(r))
        .unwrap_or("/uPortal/")
        .to_string();
    let service = service_url(&headers, Some(&return_to));
    let Some(ticket) = q.ticket.filter(|t| !t.is_empty()) else {
        return Redirect::to(&format!("/esup-cas/login?service={}", encode(&service)))
            .into_response();
    };
    let redeemed = state.world(|w| {
        w.tickets
            .redeem(&ticket, &service, false, |l| state.clock().now(Some(l)))
    });
    match redeemed {
        Ok(v) => {
            let sid = state.sessions(|s| {
                s.rotate(
                    &session.0,
                    SessionData {
                        login: Some(v.login),
                        pending_activation: None,
                    },
                )
            });
            (
                StatusCode::FOUND,
                [
                    (LOCATION, return_to),
                    (SET_COOKIE, crate::core::session::set_cookie(crate::core::session::COOKIE, &sid, "/").to_str().unwrap_or("").to_string()),
                ],
            )
                .into_response()
        }
        Err(_) => render::error_page(
            &state,
            StatusCode::UNAUTHORIZED,
            "Erreur d'authentification",
            "Le ticket d'authentification est invalide ou a expiré. Cliquez sur Connexion pour vous authentifier à nouveau.",
        ),
    }
}

async fn logout(State(state): State<AppState>, session: SessionId) -> Response {
    state.sessions(|s| s.destroy(&session.0));
    Redirect::to("/esup-cas/logout").into_response()
}
