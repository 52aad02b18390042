//! Captcha pictures: deterministic text per persona and attempt, drawn into a PNG.
