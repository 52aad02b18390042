//! The JSON sidecar beside each screenshot (`<name>.json`): where the
//! picture comes from and the boxes of its highlighted targets and
//! callouts, in image pixels. `shoot` writes it ([`Sidecar::to_text`]), the
//! site reads it (only `image` is required there; the other fields default).

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// The sidecar of one screenshot. Fields are declared in the order they are
/// written (alphabetical), so the text stays the same from run to run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    #[serde(default)]
    pub callouts: Vec<Mark>,
    /// The captured area in page pixels, when the shot is cropped.
    #[serde(default)]
    pub crop: Option<Crop>,
    #[serde(default)]
    pub device_scale: u32,
    pub image: Size,
    /// The page's slug (its screenshots folder).
    #[serde(default)]
    pub page: String,
    /// The step's `file:line:col`.
    #[serde(default)]
    pub source: String,
    /// The step's number on its page.
    #[serde(default)]
    pub step: usize,
    #[serde(default)]
    pub targets: Vec<Mark>,
    #[serde(default)]
    pub viewport: Size,
}

impl Sidecar {
    /// The file's text: pretty JSON and a final newline.
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// A size in pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    pub height: u32,
    pub width: u32,
}

/// A highlighted target or a numbered callout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    #[serde(rename = "box")]
    pub rect: Rect,
    #[serde(default)]
    pub label: String,
    pub number: u32,
}

/// A box in image pixels; written as whole numbers when it is whole.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Serialize for Rect {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Rect", 4)?;
        st.serialize_field("height", &Pixels(self.height))?;
        st.serialize_field("width", &Pixels(self.width))?;
        st.serialize_field("x", &Pixels(self.x))?;
        st.serialize_field("y", &Pixels(self.y))?;
        st.end()
    }
}

/// A pixel count, as an integer when it is one (as `shoot` writes every
/// box: rounded, and not finite numbers saturated as Rust casts them).
struct Pixels(f64);

impl Serialize for Pixels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.0.is_finite() || self.0.fract() == 0.0 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// The captured area of a cropped shot, in page pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Crop {
    pub height: f64,
    pub width: f64,
    pub x: f64,
    pub y: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_shoot_always_wrote_it() {
        let side = Sidecar {
            callouts: Vec::new(),
            crop: Some(Crop {
                height: 52.0,
                width: 300.0,
                x: 16.0,
                y: 0.0,
            }),
            device_scale: 1,
            image: Size {
                height: 52,
                width: 300,
            },
            page: "log-in".into(),
            source: "content/log-in.md:3:1".into(),
            step: 2,
            targets: vec![Mark {
                rect: Rect {
                    x: 12.0,
                    y: -0.0,
                    width: 40.0,
                    height: 20.5,
                },
                label: "OK".into(),
                number: 1,
            }],
            viewport: Size {
                height: 768,
                width: 1024,
            },
        };
        let text = side.to_text();
        assert!(text.starts_with("{\n  \"callouts\": [],\n  \"crop\": {\n    \"height\": 52.0,"));
        assert!(text.contains("\"box\": {\n        \"height\": 20.5,\n        \"width\": 40,\n        \"x\": 12,\n        \"y\": 0\n      },"));
        assert!(text.ends_with("}\n"));
        let back: Sidecar = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back.targets[0].rect.height, 20.5);
        assert_eq!(back.crop, side.crop);
    }

    #[test]
    fn only_the_image_size_is_required() {
        let side: Sidecar =
            serde_json::from_str(r#"{"image": {"width": 10, "height": 5}, "extra": 1}"#)
                .expect("reads");
        assert_eq!((side.image.width, side.image.height), (10, 5));
        assert!(side.targets.is_empty() && side.crop.is_none());
    }
}
