//! The guide shipped in `content/` passes `ent-guide check`.

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
