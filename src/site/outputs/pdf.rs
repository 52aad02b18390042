//! PDFs of the guide (`build --pdf`): each language's print view, staged on
//! disk, is printed by the system Chromium (`Page.printToPDF`: A4,
//! backgrounds, the title in the header, page numbers in the footer, an
//! outline of the headings), then made deterministic —
//! Chromium's dates and document id are replaced by fixed values of the
//! same length, so two builds of one guide give the same bytes.
//!
//! That rewrite happens in place, keeping every byte offset (the
//! cross-reference table stays valid): `/CreationDate` and `/ModDate`
//! become `D:20000101000000+00'00'`, and the trailer's `/ID`, if any, a
//! digest (FNV-1a) of the rest of the file.

use super::{print, BuildStats, Output, RenderContext};
use crate::chrome::{self, cdp, Session};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::sink::Sink;
use crate::site::staged::{self, Staged};
use crate::site::Site;
use anyhow::{anyhow, Context as _, Result};
use headless_chrome::protocol::cdp::Page;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

/// One language's PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfStats {
    pub lang: String,
    /// Its path in the output (`en/ent-guide-en.pdf`).
    pub file: String,
    pub bytes: usize,
    /// PDF pages.
    pub pages: usize,
    /// Time to load the print view and print it.
    pub time: Duration,
}

/// How long the print view may take to load (every screenshot of the
/// guide) and to print.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The date written in every PDF, as long as Chromium's
/// (`D:YYYYMMDDHHmmSS+HH'mm'`).
const FIXED_DATE: &[u8] = b"D:20000101000000+00'00'";

/// The header: the guide's title (the print view's `<title>`).
const HEADER: &str = "<div style=\"width:100%;font-size:8px;text-align:center;color:#57606a\"><span class=\"title\"></span></div>";

/// The footer: page number and count.
const FOOTER: &str = "<div style=\"width:100%;font-size:8px;text-align:center;color:#57606a\"><span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></div>";

/// The PDFs (with `build --pdf`): printed from the print views staged on
/// disk, before the staging folder replaces the output.
pub struct Pdf;

impl Output for Pdf {
    fn name(&self) -> &'static str {
        "PDF"
    }

    fn reads_site(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        // Chromium prints files: only a site staged on disk has them.
        let Sink::Disk(staged) = ctx.out else {
            return Ok(());
        };
        stats.pdfs = print_all(ctx.site, staged, ctx.shown_out)?;
        stats.files += stats.pdfs.len();
        Ok(())
    }
}

/// Prints the PDF of every language from the print views staged in
/// `staged` into `<lang>/ent-guide-<lang>.pdf` there; problems name the
/// files as they would be in `out`, the output the staging folder is meant
/// to replace.
pub fn print_all(
    site: &Site,
    staged: &Staged,
    out: &Path,
) -> Result<Vec<PdfStats>, Vec<Diagnostic>> {
    let problem = |file: &Path, e: anyhow::Error| {
        Diagnostic::new(
            file,
            Pos { line: 1, col: 1 },
            format!("cannot print the PDF: {e:#}"),
            "install Chromium (apt-get install chromium) or set CHROME to its path",
        )
    };
    let browser = chrome::launch().map_err(|e| {
        vec![problem(
            &chrome::chromium_path().unwrap_or_else(|_| "chromium".into()),
            e,
        )]
    })?;
    // One language after the other: printing in parallel tabs was no
    // faster (Chromium's own processes already share the cores).
    site.config
        .codes()
        .into_iter()
        .map(|lang| {
            print_lang(site, &browser, staged, lang)
                .map_err(|(rel, e)| vec![problem(&out.join(rel), e)])
        })
        .collect()
}

/// Prints language `lang`'s PDF; on failure, the file concerned (its path
/// in the output) and why.
fn print_lang(
    site: &Site,
    browser: &headless_chrome::Browser,
    staged: &Staged,
    lang: &str,
) -> Result<PdfStats, (String, anyhow::Error)> {
    let view_rel = print::file(lang);
    // Chromium reads the view and what it links from the folder itself.
    staged
        .place_linked()
        .map_err(|d| (view_rel.clone(), anyhow::anyhow!(d.message)))?;
    let view = staged.dir().join(&view_rel);
    let started = Instant::now();
    // Links that leave the document lead to the published site.
    let published = crate::slug::url(&site.config.base_url, lang, print::SLUG);
    let bytes = print_one(browser, &view, &published).map_err(|e| (view_rel, e))?;
    let time = started.elapsed();
    let rel = print::pdf_file(lang);
    std::fs::write(staged.dir().join(&rel), &bytes).map_err(|e| (rel.clone(), e.into()))?;
    staged.record(&rel, staged::digest(&bytes));
    Ok(PdfStats {
        lang: lang.to_string(),
        file: rel,
        bytes: bytes.len(),
        pages: count_pages(&bytes),
        time,
    })
}

/// Loads the print view at `file` in a fresh tab, waits for its fonts and
/// pictures, points its links that leave the document at `published` (the
/// print view's address on the site), and prints it.
fn print_one(browser: &headless_chrome::Browser, file: &Path, published: &str) -> Result<Vec<u8>> {
    use base64::Engine as _;
    let session = Session::open(browser)?;
    session.navigate(&file_url(file)?, TIMEOUT)?;
    session.settle(TIMEOUT, true)?;
    session.eval(&format!(
        "for (const a of document.querySelectorAll('a[href]')) {{ const h = a.getAttribute('href'); \
         if (!h.startsWith('#')) a.setAttribute('href', new URL(h, {}).href); }}",
        serde_json::to_string(published)?
    ))?;
    let printed = cdp::<Page::PrintToPDF>(
        &session.tab,
        json!({
            "paperWidth": 8.27, "paperHeight": 11.69,
            "marginTop": 0.6, "marginBottom": 0.6, "marginLeft": 0.6, "marginRight": 0.6,
            "printBackground": true,
            "displayHeaderFooter": true,
            "headerTemplate": HEADER,
            "generateDocumentOutline": true,
            "footerTemplate": FOOTER,
            "preferCSSPageSize": false,
        }),
    )?;
    let mut pdf = base64::engine::general_purpose::STANDARD
        .decode(printed.data)
        .context("Chromium sent a PDF that is not base64")?;
    normalise(&mut pdf);
    Ok(pdf)
}

/// `file://` URL of a local file (absolute, percent-encoded).
fn file_url(path: &Path) -> Result<String> {
    let abs = std::fs::canonicalize(path)
        .with_context(|| format!("the print view {} is missing", path.display()))?;
    let text = abs
        .to_str()
        .ok_or_else(|| anyhow!("{} is not a UTF-8 path", abs.display()))?;
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    Ok(format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(text, KEEP)
    ))
}

/// Makes a PDF from Chromium deterministic, in place and without changing
/// its length (so the cross-reference offsets stay valid): every
/// `/CreationDate (…)` and `/ModDate (…)` gets `FIXED_DATE`, and the
/// trailer's `/ID [<…> <…>]` a digest of the rest of the file.
pub fn normalise(pdf: &mut [u8]) {
    for key in [&b"/CreationDate"[..], b"/ModDate"] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key).map(|i| i + from) {
            from = at + key.len();
            let Some(open) = pdf[from..]
                .iter()
                .position(|&b| b == b'(')
                .map(|i| i + from)
            else {
                break;
            };
            let Some(close) = pdf[open..]
                .iter()
                .position(|&b| b == b')')
                .map(|i| i + open)
            else {
                break;
            };
            let len = close - open - 1;
            if pdf[from..open].iter().all(u8::is_ascii_whitespace) && len == FIXED_DATE.len() {
                pdf[open + 1..close].copy_from_slice(FIXED_DATE);
            }
            from = close;
        }
    }
    // The /ID: hex strings, replaced by a digest of everything else.
    let mut ids = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], b"/ID").map(|i| i + from) {
        from = at + 3;
        let rest = &pdf[from..];
        let Some(start) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
            break;
        };
        if rest[start] != b'[' {
            continue;
        }
        let Some(end) = rest[start..].iter().position(|&b| b == b']') else {
            break;
        };
        let mut i = from + start + 1;
        let stop = from + start + end;
        while i < stop {
            if pdf[i] == b'<' {
                if let Some(j) = pdf[i..stop].iter().position(|&b| b == b'>') {
                    ids.push((i + 1, i + j));
                    i += j;
                }
            }
            i += 1;
        }
        from = stop;
    }
    if ids.is_empty() {
        return;
    }
    for &(a, b) in &ids {
        pdf[a..b].fill(b'0');
    }
    let digest = crate::digest::fnv(pdf);
    let hex: Vec<u8> = format!("{digest:016X}").into_bytes();
    for &(a, b) in &ids {
        for (k, byte) in pdf[a..b].iter_mut().enumerate() {
            *byte = hex[k % hex.len()];
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The number of page objects (`/Type /Page`, not `/Pages`) in a PDF.
pub fn count_pages(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    let mut n = 0;
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], key) {
        let end = from + at + key.len();
        if pdf.get(end) != Some(&b's') {
            n += 1;
        }
        from = end;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_id_become_fixed_without_moving_a_byte() {
        let a = b"%PDF-1.4\n1 0 obj << /CreationDate (D:20261128160500+00'00') /ModDate (D:20261128160501+00'00') >>\ntrailer << /ID [<0A1B2C3D4E5F60718293A4B5C6D7E8F9> <0A1B2C3D4E5F60718293A4B5C6D7E8F9>] >>\n";
        let b = b"%PDF-1.4\n1 0 obj << /CreationDate (D:20261128170000+00'00') /ModDate (D:20261128170000+00'00') >>\ntrailer << /ID [<FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF> <00000000000000000000000000000000>] >>\n";
        let (mut a, mut b) = (a.to_vec(), b.to_vec());
        let len = a.len();
        normalise(&mut a);
        normalise(&mut b);
        assert_eq!(a.len(), len);
        assert_eq!(a, b);
        let text = String::from_utf8_lossy(&a);
        assert!(
            text.contains("/CreationDate (D:20000101000000+00'00')"),
            "{text}"
        );
        assert!(!text.contains("<0000000000000000"), "{text}");
    }

    #[test]
    fn pages_are_counted_without_the_page_tree() {
        let pdf = b"<< /Type /Pages /Kids [] >> << /Type /Page >> << /Type /Page/Parent 1 0 R >>";
        assert_eq!(count_pages(pdf), 2);
    }
}
