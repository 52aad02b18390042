//! The crate's layers hold: `core` imports nothing outside itself, `world`
//! only `core`, a service only `core` and `world` (never another service),
//! and no module imports another in a circle. Read from the sources'
//! `crate::` and `super::` paths, so a change that breaks a rule fails here
//! with the offending files named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every module of `src/` (its path from the crate root) and its source,
/// comments left out.
fn modules() -> BTreeMap<Module, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).expect("under src");
            let mut parts: Module = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            match parts.last().map(String::as_str) {
                Some("mod") | Some("lib") => {
                    parts.pop();
                }
                Some("main") => continue,
                _ => {}
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(parts, code);
        }
    }
    out
}

/// The modules `code` of module `here` names through `crate::` or `super::`.
fn imports(here: &Module, code: &str, all: &BTreeMap<Module, String>) -> BTreeSet<Module> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|i| i + from) {
            from = at + start.len();
            let boundary =
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            // `use super::*;` is how an inline `mod tests` reaches its file.
            if !boundary || code[at..].starts_with("super::*") {
                continue;
            }
            let tail: String = code[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut segments = tail.split("::").filter(|s| !s.is_empty());
            let mut target: Module = match segments.next() {
                Some("crate") => Vec::new(),
                _ => here[..here.len().saturating_sub(1)].to_vec(),
            };
            for s in segments {
                if s == "super" {
                    target.pop();
                } else {
                    target.push(s.to_string());
                }
            }
            while !target.is_empty() && !all.contains_key(&target) {
                target.pop();
            }
            if &target != here {
                found.insert(target);
            }
        }
    }
    found
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let all = modules();
    all.iter()
        .map(|(m, code)| (m.clone(), imports(m, code, &all)))
        .collect()
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// `core`, `world`, `services::<name>`, `control` or `lib`.
fn layer(m: &Module) -> String {
    match m.first().map(String::as_str) {
        None => "lib".into(),
        Some("services") if m.len() > 1 => format!("services::{}", m[1]),
        Some(top) => top.to_string(),
    }
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let mut broken = Vec::new();
    for (m, targets) in graph() {
        let from = layer(&m);
        for t in targets {
            let to = layer(&t);
            let allowed = from == to
                || match from.as_str() {
                    "core" => false,
                    "world" => to == "core",
                    "services" => to == "core",
                    f if f.starts_with("services::") => to == "core" || to == "world",
                    "control" => to == "core" || to == "world" || to.starts_with("services"),
                    _ => true,
                };
            if !allowed {
                broken.push(format!("{} imports {}", name(&m), name(&t)));
            }
        }
    }
    assert!(broken.is_empty(), "layers broken:\n{}", broken.join("\n"));
}

#[test]
fn no_module_imports_another_in_a_circle() {
    let g = graph();
    assert!(g.len() > 40, "only {} modules found", g.len());
    // Depth-first search; a module met again on the current path closes a circle.
    fn visit(
        m: &Module,
        g: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.clone());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.clone());
        for t in g.get(m).into_iter().flatten() {
            // A module's use of its own parent (`super::X`) is the tree, not a circle.
            if m.starts_with(t) {
                continue;
            }
            if let Some(c) = visit(t, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.clone());
        None
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        if let Some(circle) = visit(m, &g, &mut Vec::new(), &mut done) {
            let names: Vec<String> = circle.iter().map(name).collect();
            panic!("import circle: {}", names.join(" -> "));
        }
    }
}

#[test]
fn the_check_sees_a_service_importing_another() {
    let all = modules();
    let here: Module = vec!["services".into(), "pstage".into(), "model".into()];
    let found = imports(
        &here,
        "use crate::services::timetable::catalogue::resources_of;\nuse super::form::STEPS;",
        &all,
    );
    let timetable: Module = vec!["services".into(), "timetable".into(), "catalogue".into()];
    let form: Module = vec!["services".into(), "pstage".into(), "form".into()];
    assert!(found.contains(&timetable), "{found:?}");
    assert!(found.contains(&form), "{found:?}");
}
