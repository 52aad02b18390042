//! The password policy of activation: at least 6 characters, no accented
//! letters, no spaces, at least 2 kinds among lower case, upper case, digits
//! and special characters; each failure explained. And the strength meter.

pub const MIN_LENGTH: usize = 6;
/// Special characters the directory refuses.
pub const FORBIDDEN: &[char] = &['"', '\'', '\\', '`'];

pub const MSG_EMPTY: &str = "Veuillez saisir un nouveau mot de passe.";
pub const MSG_SHORT: &str = "Le mot de passe doit contenir au moins 6 caractères.";
pub const MSG_SPACES: &str = "Le mot de passe ne doit pas contenir des espaces";
pub const MSG_ACCENTS: &str = "Le mot de passe ne doit pas contenir de lettres accentuées.";
pub const MSG_KINDS: &str = "Le mot de passe doit contenir au moins 2 types de caractères parmi : minuscules, majuscules, chiffres, caractères spéciaux.";
pub const MSG_MISMATCH: &str = "Les deux mots de passe saisis ne sont pas identiques.";

/// Every rule `password` breaks, in the order the page lists them.
pub fn problems(password: &str) -> Vec<String> {
    let mut out = Vec::new();
    if password.is_empty() {
        out.push(MSG_EMPTY.to_string());
        return out;
    }
    if password.chars().count() < MIN_LENGTH {
        out.push(MSG_SHORT.to_string());
    }
    if password.chars().any(char::is_whitespace) {
        out.push(MSG_SPACES.to_string());
    }
    if password.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        out.push(MSG_ACCENTS.to_string());
    }
    let mut seen = Vec::new();
    for c in password.chars() {
        let forbidden = FORBIDDEN.contains(&c)
            || (!c.is_ascii() && !c.is_alphabetic() && !c.is_whitespace())
            || c.is_control();
        if forbidden && !c.is_whitespace() && !seen.contains(&c) {
            seen.push(c);
            let shown = if c.is_control() {
                format!("U+{:04X}", c as u32)
            } else {
                c.to_string()
            };
            out.push(format!(
                "Le caractère spécial suivant est interdit : {shown}"
            ));
        }
    }
    if kinds(password) < 2 {
        out.push(MSG_KINDS.to_string());
    }
    out
}

/// How many kinds of characters among lower, upper, digit, special (ASCII).
pub fn kinds(password: &str) -> usize {
    let lower = password.chars().any(|c| c.is_ascii_lowercase());
    let upper = password.chars().any(|c| c.is_ascii_uppercase());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    let special = password.chars().any(|c| c.is_ascii_punctuation());
    [lower, upper, digit, special]
        .iter()
        .filter(|k| **k)
        .count()
}

/// The strength meter's label (the same rule as `static/js/activ.js`).
pub fn strength(password: &str) -> &'static str {
    const LABELS: [&str; 5] = ["Très faible", "Faible", "Moyen", "Fort", "Très fort"];
    let len = password.chars().count();
    let mut score = kinds(password);
    if len >= 8 {
        score += 1;
    }
    if len >= 12 {
        score += 1;
    }
    if len < MIN_LENGTH {
        score = score.min(1);
    }
    LABELS[score.saturating_sub(1).min(4)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_explains_itself() {
        assert_eq!(problems(""), vec![MSG_EMPTY]);
        assert_eq!(problems("Ab1"), vec![MSG_SHORT]);
        assert_eq!(problems("abc def1"), vec![MSG_SPACES]);
        assert_eq!(problems("éléphant1"), vec![MSG_ACCENTS]);
        assert_eq!(problems("abcdefgh"), vec![MSG_KINDS]);
        assert_eq!(problems("12345678"), vec![MSG_KINDS]);
        assert_eq!(
            problems("abc\"def1"),
            vec!["Le caractère spécial suivant est interdit : \"".to_string()]
        );
        assert!(problems("Forez-loire42").is_empty());
        assert!(problems("abcdef1").is_empty());
        assert!(problems("ab-cd!").is_empty());
    }

    #[test]
    fn strength_grows_with_kinds_and_length() {
        assert_eq!(strength(""), "Très faible");
        assert_eq!(strength("abcdefg"), "Très faible");
        assert_eq!(strength("abcde1"), "Faible");
        assert_eq!(strength("Abcde1"), "Moyen");
        assert_eq!(strength("Abcdef1!"), "Très fort");
        assert_eq!(strength("Ab1"), "Très faible");
    }
}
