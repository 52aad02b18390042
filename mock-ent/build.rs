//! Embeds `templates/` and `static/` into the binary, so the mock works from any
//! working directory: writes `$OUT_DIR/embedded.rs` with one `include_*!` per file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (dir, konst, macro_name) in [
        ("templates", "TEMPLATES", "include_str"),
        ("static", "STATIC_FILES", "include_bytes"),
    ] {
        let base = root.join(dir);
        println!("cargo:rerun-if-changed={}", base.display());
        let mut files = Vec::new();
        walk(&base, &mut files);
        files.sort();
        let ty = if macro_name == "include_str" {
            "&str"
        } else {
            "&[u8]"
        };
        writeln!(out, "pub static {konst}: &[(&str, {ty})] = &[").ok();
        for file in files {
            let rel = file.strip_prefix(&base).expect("walked under base");
            let name = rel.to_string_lossy().replace('\\', "/");
            writeln!(
                out,
                "    ({name:?}, {macro_name}!({:?})),",
                file.display().to_string()
            )
            .ok();
        }
        writeln!(out, "];").ok();
    }
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            walk(&path, files);
        } else if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            files.push(path);
        }
    }
}
