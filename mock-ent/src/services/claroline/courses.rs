//! The course catalogue: every course's code, title, teacher, enrolment rule,
//! tool contents, and the documents its teacher shares.

use chrono::{NaiveDate, NaiveDateTime};

/// A Claroline course.
pub struct Course {
    pub code: &'static str,
    pub title: &'static str,
    pub teacher: &'static str,
    pub faculty: &'static str,
    /// Every persona is enrolled in it from the start.
    pub default: bool,
    /// The enrolment key (`Clé d'inscription`) needed to enrol, if any.
    pub key: Option<&'static str>,
    pub description: &'static str,
    pub agenda: &'static [(&'static str, &'static str)],
    pub announcements: &'static [(&'static str, &'static str, &'static str)],
    /// Teacher documents: (path, date `YYYY-MM-DD HH:MM`); paths ending in
    /// `/` are folders, the others PDF files.
    pub documents: &'static [(&'static str, &'static str)],
}

pub const COURSES: &[Course] = &[
    Course {
        code: "FLE101",
        title: "Français langue étrangère",
        teacher: "Élodie Martin",
        faculty: "CILEC",
        default: true,
        key: None,
        description: "Cours de français langue étrangère pour les étudiants internationaux (niveaux B1 et B2) : compréhension et expression orales et écrites, grammaire, civilisation française. Évaluation : contrôle continu (50 %) et examen final (50 %).",
        agenda: &[
            ("15/09/2026 17:30", "Premier cours : présentation et test oral"),
            ("13/10/2026 17:30", "Exposé oral n° 1"),
            ("15/12/2026 17:30", "Examen final"),
        ],
        announcements: &[(
            "10/09/2026",
            "Bienvenue dans le cours de FLE",
            "Le programme du semestre est dans Documents et liens. Apportez-le au premier cours.",
        )],
        documents: &[
            ("/Programme du semestre.pdf", "2026-09-01 10:12"),
            ("/Cours/", "2026-09-01 10:15"),
            ("/Cours/Séance 1 - Se présenter.pdf", "2026-09-01 10:16"),
            ("/Cours/Séance 2 - La vie étudiante.pdf", "2026-09-08 18:40"),
            ("/Exercices/", "2026-09-01 10:20"),
            ("/Exercices/Exercices de grammaire.pdf", "2026-09-08 18:45"),
        ],
    },
    Course {
        code: "MTU100",
        title: "Méthodologie du travail universitaire",
        teacher: "Nathalie Dubois",
        faculty: "Faculté des Arts, Lettres et Langues",
        default: true,
        key: None,
        description: "Prendre des notes, faire une recherche documentaire, rédiger un dossier et citer ses sources dans une université française.",
        agenda: &[("22/09/2026 10:00", "Visite de la bibliothèque universitaire")],
        announcements: &[],
        documents: &[
            ("/Guide de la prise de notes.pdf", "2026-09-02 09:00"),
            ("/Citer ses sources.pdf", "2026-09-02 09:05"),
        ],
    },
    Course {
        code: "ANG201",
        title: "Anglais - niveau B2",
        teacher: "Emma Walker",
        faculty: "Centre de langues",
        default: false,
        key: None,
        description: "English for academic purposes: reading articles, writing abstracts, giving presentations.",
        agenda: &[],
        announcements: &[],
        documents: &[("/Syllabus.pdf", "2026-09-03 14:00")],
    },
    Course {
        code: "CSF150",
        title: "Culture et société françaises",
        teacher: "Antoine Roche",
        faculty: "CILEC",
        default: false,
        key: Some("forez2026"),
        description: "Histoire, institutions et vie quotidienne en France, avec des sorties à Saint-Étienne et à Lyon.",
        agenda: &[("03/10/2026 09:00", "Sortie : Cité du design, Saint-Étienne")],
        announcements: &[],
        documents: &[("/Calendrier des sorties.pdf", "2026-09-04 11:00")],
    },
];

pub fn course(code: &str) -> Option<&'static Course> {
    COURSES.iter().find(|c| c.code == code)
}

/// `YYYY-MM-DD HH:MM` → date and time (the epoch of the teaching year if unreadable).
pub fn when(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_else(|_| {
        NaiveDate::from_ymd_opt(2026, 9, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default()
    })
}

/// A small valid PDF whose page shows `title` (the course documents' bytes).
pub fn pdf(title: &str, course: &str) -> Vec<u8> {
    let text: String = format!("{course} - {title}")
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'É' => 'e',
            'à' | 'â' => 'a',
            'ç' => 'c',
            'ô' => 'o',
            c if c.is_ascii_alphanumeric() || " -.".contains(c) => c,
            _ => ' ',
        })
        .collect();
    let stream = format!("BT /F1 16 Tf 60 740 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
