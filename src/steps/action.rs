//! The step language's actions as one table: each [`Keyword`] has one
//! [`Def`] (its word, how it is written, the shape of its arguments, what its
//! target names on the screen, whether a screenshot is taken before it
//! runs). The parser, the messages, the runner's finder and the moment a
//! step is observed all read it, and every `match` over [`Keyword`] is
//! exhaustive: a new action makes the compiler point at every place to
//! change (in the spirit of ripgrep's `flags/defs.rs`).

/// An action's keyword, one per [`super::Action`] variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Open,
    Click,
    Fill,
    Select,
    Check,
    Upload,
    Expect,
    Mail,
    Wait,
}

/// What follows an action's keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An address or a path, quoted or not (`open`).
    Address,
    /// One quoted text.
    Quoted,
    /// Two quoted texts joined by this word (`fill "A" with "B"`).
    Pair(&'static str),
    /// A number of days and `day`/`days` (`wait`).
    Days,
}

/// The kind of element an action's target names on the screen, for the finder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// Nothing on the screen (`open`, `mail`, `wait`).
    Nothing,
    /// Any visible text or named element (`expect`).
    Text,
    /// Buttons, links, anything clickable.
    Control,
    /// A text field.
    Field,
    /// A drop-down.
    DropDown,
    /// A checkbox or radio button.
    Checkbox,
    /// A file input.
    FileInput,
}

/// Everything about one action but its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Def {
    /// The word written in a comment.
    pub word: &'static str,
    /// How it is written, for messages.
    pub form: &'static str,
    pub shape: Shape,
    pub element: Element,
    /// Whether the action changes the page where it aims (click, fill…):
    /// a step ending with it is observed (labels checked, shot taken) just
    /// before it runs, not after.
    pub acts_on_page: bool,
}

impl Keyword {
    /// Every keyword, in the order the guide's authors meet them.
    pub const ALL: [Keyword; 9] = [
        Keyword::Open,
        Keyword::Click,
        Keyword::Fill,
        Keyword::Select,
        Keyword::Check,
        Keyword::Upload,
        Keyword::Expect,
        Keyword::Mail,
        Keyword::Wait,
    ];

    /// The action's definition: the one place each action is described.
    pub const fn def(self) -> &'static Def {
        match self {
            Keyword::Open => &Def {
                word: "open",
                form: "open https://ent.univ-st-etienne.fr/",
                shape: Shape::Address,
                element: Element::Nothing,
                acts_on_page: false,
            },
            Keyword::Click => &Def {
                word: "click",
                form: "click \"TEXT\"",
                shape: Shape::Quoted,
                element: Element::Control,
                acts_on_page: true,
            },
            Keyword::Fill => &Def {
                word: "fill",
                form: "fill \"LABEL\" with \"VALUE\"",
                shape: Shape::Pair("with"),
                element: Element::Field,
                acts_on_page: true,
            },
            Keyword::Select => &Def {
                word: "select",
                form: "select \"OPTION\" in \"LABEL\"",
                shape: Shape::Pair("in"),
                element: Element::DropDown,
                acts_on_page: true,
            },
            Keyword::Check => &Def {
                word: "check",
                form: "check \"LABEL\"",
                shape: Shape::Quoted,
                element: Element::Checkbox,
                acts_on_page: true,
            },
            Keyword::Upload => &Def {
                word: "upload",
                form: "upload \"LABEL\" with \"FILE NAME\"",
                shape: Shape::Pair("with"),
                element: Element::FileInput,
                acts_on_page: true,
            },
            Keyword::Expect => &Def {
                word: "expect",
                form: "expect \"TEXT\"",
                shape: Shape::Quoted,
                element: Element::Text,
                acts_on_page: false,
            },
            Keyword::Mail => &Def {
                word: "mail",
                form: "mail \"SUBJECT\"",
                shape: Shape::Quoted,
                element: Element::Nothing,
                acts_on_page: false,
            },
            Keyword::Wait => &Def {
                word: "wait",
                form: "wait 1 day",
                shape: Shape::Days,
                element: Element::Nothing,
                acts_on_page: false,
            },
        }
    }

    /// The keyword written `word`.
    pub fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.def().word == word)
    }
}

/// The action words, in [`Keyword::ALL`]'s order.
pub const WORDS: [&str; Keyword::ALL.len()] = {
    let mut out = [""; Keyword::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = Keyword::ALL[i].def().word;
        i += 1;
    }
    out
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_keyword_has_its_own_definition() {
        for k in Keyword::ALL {
            assert_eq!(Keyword::from_word(k.def().word), Some(k));
            assert!(k.def().form.starts_with(k.def().word));
        }
        assert_eq!(
            WORDS,
            ["open", "click", "fill", "select", "check", "upload", "expect", "mail", "wait"]
        );
    }
}
