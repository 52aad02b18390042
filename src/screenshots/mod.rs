//! The files of `screenshots/` that the runner writes and the site reads,
//! as types, so both sides share one definition: the sidecar of each
//! picture ([`sidecar`]), the name of its phone copy ([`copy_name`]) and the
//! record of the last `verify` ([`verified`]). See ARCHITECTURE.md,
//! "Screenshots". Imports nothing else of the crate.

pub mod sidecar;
pub mod verified;

pub use sidecar::{Crop, Mark, Rect, Sidecar, Size};

/// What a phone copy's file name adds to its shot's name.
const COPY_SUFFIX: &str = ".small";

/// File name of the phone copy of the shot `name`: `<name>.small.png`.
pub fn copy_name(name: &str) -> String {
    format!("{name}{COPY_SUFFIX}.png")
}

/// The shot a file stem of the screenshots folder belongs to: a phone
/// copy's stem (`<name>.small`) belongs to `<name>`.
pub fn shot_of_stem(stem: &str) -> &str {
    stem.strip_suffix(COPY_SUFFIX).unwrap_or(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_copy_belongs_to_its_shot() {
        assert_eq!(copy_name("click-ok"), "click-ok.small.png");
        assert_eq!(shot_of_stem("click-ok.small"), "click-ok");
        assert_eq!(shot_of_stem("click-ok"), "click-ok");
    }
}
