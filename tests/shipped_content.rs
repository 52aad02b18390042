//! The guide shipped in `content/` passes `ent-guide check` and stays light.

use std::process::Command;

#[test]
fn shipped_content_passes_check() {
    let out = Command::new(env!("CARGO_BIN_EXE_ent-guide"))
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "check"])
        .output()
        .expect("run ent-guide");
    assert!(
        out.status.success(),
        "ent-guide check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Students read on phones, often on poor connections: every page of the
/// shipped guide stays within the page budget (HTML + CSS + JS before
/// compression, screenshots aside). A page that grows past it should be
/// trimmed or split.
#[test]
fn every_shipped_page_stays_within_the_weight_budget() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = ent_guide::site::Site::load(root).expect("the shipped guide loads");
    let (stats, _) = ent_guide::site::build_in_memory(&site).expect("the shipped guide builds");
    assert_eq!(
        stats.weights.len(),
        stats.pages,
        "every page in every language is weighed"
    );
    let over: Vec<&(String, usize)> = stats.over(ent_guide::cli::PAGE_BUDGET).collect();
    assert!(over.is_empty(), "pages over 30 KB: {over:?}");
}
