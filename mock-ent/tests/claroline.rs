//! Claroline: my courses, enrolment (with and without a key), a course's
//! tools, and Documents et liens: list, byte-identical download, upload (size
//! limit, safe names, CSRF), folders, the folder as a zip, privacy.

mod common;

use std::io::Read;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

const DOCS: &str = "/claroline/course/FLE101/document";

async fn student(b: &mut Browser) -> serde_json::Value {
    let p = b.persona("active-student").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    p
}

/// Posts a multipart form (`fields`, then one file) with the browser's session.
async fn upload(
    b: &mut Browser,
    token: Option<&str>,
    path: &str,
    file_name: &str,
    bytes: &[u8],
) -> Reply {
    let boundary = "----mockentboundary7MA4YWxk";
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    };
    if let Some(t) = token {
        text("_csrf", t);
    }
    text("path", path);
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri(format!("{DOCS}/upload"))
        .header(header::HOST, HOST)
        .header(
            header::COOKIE,
            format!("JSESSIONID={}", b.cookie("JSESSIONID").unwrap()),
        )
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let resp = b.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

fn href_of(body: &str, text: &str) -> String {
    let at = body
        .find(&format!(">{text}</a>"))
        .unwrap_or_else(|| panic!("no link {text}"));
    let start = body[..at].rfind("href=\"").unwrap() + 6;
    decode(&body[start..start + body[start..].find('"').unwrap()])
}

#[tokio::test]
async fn from_my_courses_to_the_documents_and_back_a_file_byte_for_byte() {
    let mut b = Browser::new();
    student(&mut b).await;
    let home = b.get("/claroline/").await.text();
    assert!(
        home.contains(">Liste de mes cours</a>") && home.contains(">M'inscrire à un cours</a>")
    );
    let list = b.get("/claroline/courses").await.text();
    let course = b
        .get(&href_of(&list, "Français langue étrangère"))
        .await
        .text();
    for tool in [
        "Description du cours",
        "Agenda",
        "Annonces",
        "Documents et liens",
        "Exercices",
        "Travaux",
        "Forums",
        "Groupes",
        "Utilisateurs",
    ] {
        let href = href_of(&course, tool);
        let r = b.get(&href).await;
        assert_eq!(r.status, StatusCode::OK, "{tool}");
        assert!(r.text().contains(&format!("<h1>{tool}</h1>")), "{tool}");
    }
    let docs = b.get(&href_of(&course, "Documents et liens")).await.text();
    assert!(docs.contains("<th>Nom</th><th>Taille</th><th>Date</th>"));
    for cmd in [
        "Ajouter un fichier",
        "Ajouter un répertoire",
        "Télécharger ce dossier",
    ] {
        assert!(docs.contains(&format!(">{cmd}</a>")), "{cmd}");
    }
    let pdf = b.get(&href_of(&docs, "Programme du semestre.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF-1.4") && pdf.bytes.ends_with(b"%%EOF\n"));
    assert!(pdf.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"Programme du semestre.pdf\""));
    // Into a folder and back up.
    let cours = b.get(&href_of(&docs, "Cours")).await.text();
    assert!(
        cours.contains("Séance 1 - Se présenter.pdf")
            && cours.contains(">Remonter</a>")
            && cours.contains(">Racine</a>")
    );
    assert!(!docs.contains(">Remonter</a>"));
    assert_eq!(b.get(&href_of(&cours, "Remonter")).await.text(), docs);
}

#[tokio::test]
async fn an_upload_comes_back_identical_and_stays_private() {
    let mut b = Browser::new();
    student(&mut b).await;
    let form = b.get(&format!("{DOCS}/upload?path=/")).await;
    assert!(
        form.text()
            .contains("<label for=\"file\">Fichier :</label>")
            && form.body.contains(">Ajouter</button>")
    );
    let token = form.input("_csrf");
    let bytes: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let r = upload(&mut b, Some(&token), "/", "my-report.pdf", &bytes).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = b.follow(&r.location()).await.text();
    assert!(list.contains("Chargement terminé") && list.contains(">my-report.pdf</a>"));
    assert!(list.contains("68,4 Ko") && list.contains("14/09/2026"));
    let back = b.get(&href_of(&list, "my-report.pdf")).await;
    assert_eq!(back.bytes, bytes);
    // The same name again gets a new name, not an overwrite.
    upload(&mut b, Some(&token), "/", "my-report.pdf", b"second").await;
    assert!(b.get(DOCS).await.text().contains(">my-report_1.pdf</a>"));
    // Another student sees the teacher's files but not these.
    let mut other = b.sibling();
    student(&mut other).await;
    let theirs = other.get(DOCS).await.text();
    assert!(theirs.contains("Programme du semestre.pdf") && !theirs.contains("my-report"));
    let r = other.get(&format!("{DOCS}/file?path=/my-report.pdf")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nobody logged in: CAS.
    let mut anonymous = b.sibling();
    assert_eq!(anonymous.get(DOCS).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn uploads_are_bounded_named_safely_and_need_the_token() {
    let mut b = Browser::new();
    student(&mut b).await;
    let token = b.get(&format!("{DOCS}/upload")).await.input("_csrf");
    let r = upload(&mut b, None, "/", "x.pdf", b"x").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = upload(&mut b, Some("forged"), "/", "x.pdf", b"x").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Just over the limit, and far over it (beyond the body limit).
    for size in [5 * 1024 * 1024 + 1, 7 * 1024 * 1024] {
        let big = vec![b'a'; size];
        let r = upload(&mut b, Some(&token), "/", "big.pdf", &big).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{size}");
        assert!(
            r.text().contains("Le chargement du fichier a échoué"),
            "{size}"
        );
    }
    assert!(!b.get(DOCS).await.text().contains("big.pdf"));
    // Names cannot climb out or hide.
    let r = upload(
        &mut b,
        Some(&token),
        "/Cours",
        "../../../etc/passwd",
        b"root",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cours = b.get(&format!("{DOCS}?path=/Cours")).await.text();
    assert!(cours.contains(">passwd</a>"));
    let r = upload(&mut b, Some(&token), "/", "..", b"x").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("Le chargement du fichier a échoué"));
    let r = upload(&mut b, Some(&token), "/../..", "a.txt", b"x").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = upload(
        &mut b,
        Some(&token),
        "/",
        "<script>alert(1)</script>.txt",
        b"x",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = b.get(DOCS).await.body;
    assert!(
        !list.contains("<script>") && list.contains(">script_.txt</a>"),
        "{list}"
    );
    let r = upload(&mut b, Some(&token), "/", "<b onmouseover=x>.txt", b"x").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = b.get(DOCS).await.body;
    assert!(
        !list.contains("<b ") && list.contains(">_b onmouseover=x_.txt</a>"),
        "{list}"
    );
    // No file chosen.
    let r = upload(&mut b, Some(&token), "/", "", b"").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Not a multipart body at all.
    let r = b
        .post(&format!("{DOCS}/upload"), &[("_csrf", &token)])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("Le chargement du fichier a échoué"));
}

#[tokio::test]
async fn folders_are_created_and_downloaded_as_a_deterministic_zip() {
    let mut b = Browser::new();
    student(&mut b).await;
    let form = b.get(&format!("{DOCS}/mkdir?path=/")).await;
    let token = form.input("_csrf");
    let r = b
        .post(
            &format!("{DOCS}/mkdir"),
            &[("path", "/"), ("name", "Mes rendus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no token");
    let r = b
        .post(
            &format!("{DOCS}/mkdir"),
            &[("_csrf", &token), ("path", "/"), ("name", "Mes rendus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = b.follow(&r.location()).await.text();
    assert!(list.contains("Répertoire créé") && list.contains(">Mes rendus</a>"));
    let r = b
        .post(
            &format!("{DOCS}/mkdir"),
            &[("_csrf", &token), ("path", "/"), ("name", "Mes rendus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("existe déjà"));
    let r = b
        .post(
            &format!("{DOCS}/mkdir"),
            &[("_csrf", &token), ("path", "/"), ("name", "  ..  ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    upload(
        &mut b,
        Some(&token),
        "/Mes rendus",
        "notes.txt",
        b"mes notes\n",
    )
    .await;
    let page = b.get(&format!("{DOCS}?path=/Mes%20rendus")).await.text();
    let zip_href = href_of(&page, "Télécharger ce dossier");
    let one = b.get(&zip_href).await;
    let two = b.get(&zip_href).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.bytes, two.bytes, "same folder, same bytes");
    assert_eq!(one.headers[header::CONTENT_TYPE], "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(one.bytes.clone())).unwrap();
    assert_eq!(archive.len(), 1);
    let mut entry = archive.by_name("notes.txt").unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    assert_eq!(text, "mes notes\n");
    // The whole course: teacher folders and files, with their own dates.
    let root = b.get(&format!("{DOCS}/zip?path=/")).await;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(root.bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .collect();
    for want in [
        "Cours/",
        "Cours/Séance 1 - Se présenter.pdf",
        "Programme du semestre.pdf",
        "Mes rendus/notes.txt",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    let programme = archive.by_name("Programme du semestre.pdf").unwrap();
    let t = programme.last_modified().unwrap();
    assert_eq!(
        (t.year(), t.month(), t.day(), t.hour(), t.minute()),
        (2026, 9, 1, 10, 12)
    );
}

#[tokio::test]
async fn enrolment_with_a_key_and_courses_one_is_not_in() {
    let mut b = Browser::new();
    student(&mut b).await;
    let r = b.get("/claroline/course/CSF150/").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        b.get("/claroline/course/CSF150/document").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        b.get("/claroline/course/NOPE/").await.status,
        StatusCode::NOT_FOUND
    );
    let page = b.get("/claroline/enrol").await;
    assert!(page.text().contains("Clé d'inscription"));
    let token = page.input("_csrf");
    let r = b
        .post(
            "/claroline/enrol",
            &[("_csrf", &token), ("code", "CSF150"), ("key", "wrong")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("Clé d'inscription incorrecte"));
    let r = b
        .post(
            "/claroline/enrol",
            &[("code", "CSF150"), ("key", "forez2026")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no token");
    let r = b
        .post(
            "/claroline/enrol",
            &[("_csrf", &token), ("code", "CSF150"), ("key", "forez2026")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(b
        .follow(&r.location())
        .await
        .text()
        .contains(">Culture et société françaises</a>"));
    assert_eq!(
        b.get("/claroline/course/CSF150/").await.status,
        StatusCode::OK
    );
    let r = b
        .post("/claroline/enrol", &[("_csrf", &token), ("code", "ANG201")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for bad in [
        "/claroline/course/FLE101/nope",
        "/claroline/course/FLE101/document/file?path=/nope.pdf",
        "/claroline/course/FLE101/document?path=/../x",
        "/claroline/course/FLE101/document/zip?path=/Programme%20du%20semestre.pdf",
    ] {
        assert_eq!(b.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
}
