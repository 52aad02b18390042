//! The webmail's interface in French and English, the display languages
//! offered, the time zones (with their UTC offsets) and the date and time
//! formats of the regional settings.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::Serialize;

/// Every word of the webmail's interface.
#[derive(Serialize)]
pub struct Ui {
    pub lang: &'static str,
    pub mail: &'static str,
    pub calendar: &'static str,
    pub people: &'static str,
    pub tasks: &'static str,
    pub new_message: &'static str,
    pub search: &'static str,
    pub folders: &'static str,
    pub inbox: &'static str,
    pub drafts: &'static str,
    pub sent: &'static str,
    pub deleted: &'static str,
    pub junk: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub subject: &'static str,
    pub received: &'static str,
    pub sent_on: &'static str,
    pub select_item: &'static str,
    pub unread: &'static str,
    pub settings: &'static str,
    pub refresh: &'static str,
    pub options: &'static str,
    pub sign_out: &'static str,
    pub back: &'static str,
    pub shortcuts: &'static str,
    pub general: &'static str,
    pub my_account: &'static str,
    pub change_theme: &'static str,
    pub keyboard_shortcuts: &'static str,
    pub region: &'static str,
    pub storage: &'static str,
    pub display_name: &'static str,
    pub email_address: &'static str,
    pub language: &'static str,
    pub rename_folders: &'static str,
    pub date_format: &'static str,
    pub time_format: &'static str,
    pub time_zone: &'static str,
    pub save: &'static str,
    pub discard: &'static str,
    pub saved: &'static str,
    pub region_intro: &'static str,
    pub shortcuts_intro: &'static str,
    pub section_soon: &'static str,
    pub storage_used: &'static str,
    pub empty_folder: &'static str,
    pub not_found: &'static str,
}

pub const FR: Ui = Ui {
    lang: "fr",
    mail: "Courrier",
    calendar: "Calendrier",
    people: "Contacts",
    tasks: "Tâches",
    new_message: "Nouveau",
    search: "Rechercher dans le courrier et les contacts",
    folders: "Dossiers",
    inbox: "Boîte de réception",
    drafts: "Brouillons",
    sent: "Éléments envoyés",
    deleted: "Éléments supprimés",
    junk: "Courrier indésirable",
    from: "De",
    to: "À",
    subject: "Objet",
    received: "Reçu",
    sent_on: "Envoyé",
    select_item: "Sélectionnez un élément à lire.",
    unread: "Non lu",
    settings: "Paramètres",
    refresh: "Actualiser",
    options: "Options",
    sign_out: "Déconnexion",
    back: "Retour au courrier",
    shortcuts: "Raccourcis",
    general: "Général",
    my_account: "Mon compte",
    change_theme: "Changer de thème",
    keyboard_shortcuts: "Raccourcis clavier",
    region: "Région et fuseau horaire",
    storage: "Stockage",
    display_name: "Nom complet",
    email_address: "Adresse de messagerie",
    language: "Langue",
    rename_folders: "Renommer les dossiers par défaut pour qu'ils correspondent à la langue spécifiée",
    date_format: "Format de date (court)",
    time_format: "Format de l'heure",
    time_zone: "Fuseau horaire actuel",
    save: "Enregistrer",
    discard: "Ignorer",
    saved: "Vos modifications ont été enregistrées.",
    region_intro: "Choisissez la langue de l'interface, le fuseau horaire et la façon dont les dates et les heures sont affichées.",
    shortcuts_intro: "Les paramètres les plus utilisés : choisissez une rubrique dans le menu de gauche.",
    section_soon: "Ces paramètres ne sont pas disponibles pour les comptes étudiants.",
    storage_used: "Espace utilisé : 1 % de 2 Go",
    empty_folder: "Ce dossier est vide.",
    not_found: "Cet élément n'existe plus.",
};

pub const EN: Ui = Ui {
    lang: "en",
    mail: "Mail",
    calendar: "Calendar",
    people: "People",
    tasks: "Tasks",
    new_message: "New",
    search: "Search Mail and People",
    folders: "Folders",
    inbox: "Inbox",
    drafts: "Drafts",
    sent: "Sent Items",
    deleted: "Deleted Items",
    junk: "Junk Email",
    from: "From",
    to: "To",
    subject: "Subject",
    received: "Received",
    sent_on: "Sent",
    select_item: "Select an item to read.",
    unread: "Unread",
    settings: "Settings",
    refresh: "Refresh",
    options: "Options",
    sign_out: "Sign out",
    back: "Back to mail",
    shortcuts: "Shortcuts",
    general: "General",
    my_account: "My account",
    change_theme: "Change theme",
    keyboard_shortcuts: "Keyboard shortcuts",
    region: "Region and time zone",
    storage: "Storage",
    display_name: "Full name",
    email_address: "Email address",
    language: "Language",
    rename_folders: "Rename default folders so their names match the specified language",
    date_format: "Date format (short)",
    time_format: "Time format",
    time_zone: "Current time zone",
    save: "Save",
    discard: "Discard",
    saved: "Your changes have been saved.",
    region_intro:
        "Choose the language of the interface, your time zone and how dates and times are shown.",
    shortcuts_intro: "The most used settings: choose a section in the menu on the left.",
    section_soon: "These settings are not available for student accounts.",
    storage_used: "Used: 1% of 2 GB",
    empty_folder: "This folder is empty.",
    not_found: "This item no longer exists.",
};

/// A display language: its code, its name in the list, and the interface it gets.
#[derive(Serialize, Clone, Copy)]
pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
    #[serde(skip)]
    pub ui: &'static Ui,
    /// Default (short date, time) formats.
    #[serde(skip)]
    pub formats: (&'static str, &'static str),
}

pub const LANGUAGES: &[Language] = &[
    Language {
        code: "en-GB",
        name: "English (United Kingdom)",
        ui: &EN,
        formats: ("dd/MM/yyyy", "HH:mm"),
    },
    Language {
        code: "en-US",
        name: "English (United States)",
        ui: &EN,
        formats: ("M/d/yyyy", "h:mm tt"),
    },
    Language {
        code: "fr-FR",
        name: "Français (France)",
        ui: &FR,
        formats: ("dd/MM/yyyy", "HH:mm"),
    },
];

pub fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.code == code)
}

/// How a zone moves its clocks.
#[derive(Clone, Copy)]
enum Rule {
    Fixed,
    /// European summer time (the switch dates Paris uses).
    European,
}

/// A time zone as Exchange names it.
#[derive(Clone, Copy)]
pub struct TimeZone {
    pub id: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
    base_hours: i64,
    rule: Rule,
}

pub const PARIS: &str = "Romance Standard Time";

pub const TIME_ZONES: &[TimeZone] = &[
    TimeZone {
        id: "E. South America Standard Time",
        fr: "(UTC-03:00) Brasilia",
        en: "(UTC-03:00) Brasilia",
        base_hours: -3,
        rule: Rule::Fixed,
    },
    TimeZone {
        id: "UTC",
        fr: "(UTC) Temps universel coordonné",
        en: "(UTC) Coordinated Universal Time",
        base_hours: 0,
        rule: Rule::Fixed,
    },
    TimeZone {
        id: "GMT Standard Time",
        fr: "(UTC+00:00) Dublin, Édimbourg, Lisbonne, Londres",
        en: "(UTC+00:00) Dublin, Edinburgh, Lisbon, London",
        base_hours: 0,
        rule: Rule::European,
    },
    TimeZone {
        id: PARIS,
        fr: "(UTC+01:00) Bruxelles, Copenhague, Madrid, Paris",
        en: "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris",
        base_hours: 1,
        rule: Rule::European,
    },
    TimeZone {
        id: "W. Central Africa Standard Time",
        fr: "(UTC+01:00) Afrique du Centre-Ouest",
        en: "(UTC+01:00) West Central Africa",
        base_hours: 1,
        rule: Rule::Fixed,
    },
    TimeZone {
        id: "Arab Standard Time",
        fr: "(UTC+03:00) Koweït, Riyad",
        en: "(UTC+03:00) Kuwait, Riyadh",
        base_hours: 3,
        rule: Rule::Fixed,
    },
    TimeZone {
        id: "China Standard Time",
        fr: "(UTC+08:00) Pékin, Chongqing, Hong Kong, Urumqi",
        en: "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi",
        base_hours: 8,
        rule: Rule::Fixed,
    },
    TimeZone {
        id: "Tokyo Standard Time",
        fr: "(UTC+09:00) Osaka, Sapporo, Tokyo",
        en: "(UTC+09:00) Osaka, Sapporo, Tokyo",
        base_hours: 9,
        rule: Rule::Fixed,
    },
];

pub fn time_zone(id: &str) -> Option<&'static TimeZone> {
    TIME_ZONES.iter().find(|z| z.id == id)
}

impl TimeZone {
    /// Wall-clock time of `utc` in this zone.
    pub fn local(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        let summer = match self.rule {
            Rule::Fixed => 0,
            Rule::European => crate::core::clock::paris_offset_hours(utc) - 1,
        };
        utc.naive_utc() + Duration::hours(self.base_hours + summer)
    }
}

/// Short date formats offered (Exchange patterns).
pub const DATE_FORMATS: &[&str] = &[
    "dd/MM/yyyy",
    "dd/MM/yy",
    "d/M/yyyy",
    "M/d/yyyy",
    "yyyy-MM-dd",
];
/// Time formats offered.
pub const TIME_FORMATS: &[&str] = &["HH:mm", "H:mm", "h:mm tt"];

/// Formats `t` with an Exchange date pattern.
pub fn format_date(t: NaiveDateTime, pattern: &str) -> String {
    let f = match pattern {
        "dd/MM/yy" => "%d/%m/%y",
        "d/M/yyyy" => "%-d/%-m/%Y",
        "M/d/yyyy" => "%-m/%-d/%Y",
        "yyyy-MM-dd" => "%Y-%m-%d",
        _ => "%d/%m/%Y",
    };
    t.format(f).to_string()
}

/// Formats `t` with an Exchange time pattern.
pub fn format_time(t: NaiveDateTime, pattern: &str) -> String {
    let f = match pattern {
        "H:mm" => "%-H:%M",
        "h:mm tt" => "%-I:%M %p",
        _ => "%H:%M",
    };
    t.format(f).to_string()
}
