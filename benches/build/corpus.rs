//! The benchmark's synthetic guide: N pages × 5 languages of realistic size
//! (about 600 words a page: prose paragraphs, step lists with step
//! comments and screenshots, a table, images, links with anchors), in
//! English, French, Spanish, Chinese (unspaced, so segmented) and Arabic.
//! The prose is drawn from a fixed random sequence over a large vocabulary
//! with a few frequent words, as real text is, so that the search index
//! holds many distinct words; the same N always gives the same corpus.

use std::fmt::Write as _;
use std::path::Path;

pub const LANGS: &[&str] = &["en", "fr", "es", "zh", "ar"];
const SECTIONS: usize = 20;

/// A 1×1 PNG is enough: the generator reads sizes from the sidecar.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\0\0\0\x03\0\x08\x06\0\0\0";

/// Writes the guide under `root` (content, screenshots, theme); returns
/// the bytes of Markdown written.
pub fn generate(root: &Path, pages: usize) -> usize {
    let content = root.join("content");
    let theme_src = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme_src, &root.join("themes/default"));
    let mut bytes = write(
        &content.join("guide.yaml"),
        "title: {en: Bench guide}\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n  - {code: es, name: Español}\n  - {code: zh, name: 中文}\n  - {code: ar, name: العربية, dir: rtl}\nbase_url: https://guide.example.org/\n",
    );
    std::fs::create_dir_all(content.join("img")).expect("img");
    std::fs::write(content.join("img/portal.png"), PNG).expect("png");
    let slugs: Vec<String> = (0..pages)
        .map(|i| {
            if i == 0 {
                String::new()
            } else if i <= SECTIONS {
                format!("section-{i}")
            } else {
                format!("section-{}/page-{i}", 1 + i % SECTIONS)
            }
        })
        .collect();
    for (i, slug) in slugs.iter().enumerate() {
        let file = if slug.is_empty() {
            "index".to_string()
        } else if i <= SECTIONS {
            format!("{slug}/index")
        } else {
            slug.clone()
        };
        let depth = file.matches('/').count();
        let up = "../".repeat(depth);
        let link_to = |j: usize| {
            let s = &slugs[j % pages];
            if s.is_empty() {
                format!("{up}index.md")
            } else if j % pages <= SECTIONS {
                format!("{up}{s}/index.md")
            } else {
                format!("{up}{s}.md")
            }
        };
        for (li, lang) in LANGS.iter().enumerate() {
            let name = if li == 0 {
                format!("{file}.md")
            } else {
                format!("{file}.{lang}.md")
            };
            let text = page(i, li, &link_to, &up);
            bytes += write(&content.join(name), &text);
        }
        if i % 2 == 0 {
            let dir = root
                .join("screenshots")
                .join(if slug.is_empty() { "index" } else { slug });
            for name in ["click-connexion", "click-se-connecter"] {
                std::fs::create_dir_all(&dir).expect("shots");
                std::fs::write(dir.join(format!("{name}.png")), PNG).expect("png");
                write(
                    &dir.join(format!("{name}.json")),
                    r#"{"image": {"width": 1024, "height": 768}, "targets": [{"number": 1, "label": "Connexion", "box": {"x": 900, "y": 10, "width": 100, "height": 30}}], "callouts": []}"#,
                );
            }
        }
    }
    bytes
}

/// A fixed pseudo-random sequence (xorshift).
struct Rng(u64);

impl Rng {
    fn new(page: usize, lang: usize) -> Self {
        Rng(0x9E37_79B9_7F4A_7C15
            ^ ((page as u64) << 8 | lang as u64).wrapping_mul(0x2545_F491_4F6C_DD1D))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n`, small ones far more often (about Zipf's law).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// Each language's frequent words and the syllables of its rarer ones.
struct Lexicon {
    common: &'static [&'static str],
    syllables: &'static [&'static str],
    /// Words are written without spaces between them (Chinese).
    unspaced: bool,
    stop: &'static str,
    comma: &'static str,
}

const LEXICONS: [Lexicon; 5] = [
    Lexicon {
        common: &[
            "the",
            "to",
            "your",
            "and",
            "of",
            "a",
            "in",
            "page",
            "click",
            "you",
            "student",
            "portal",
            "is",
            "for",
            "on",
            "with",
            "then",
            "mail",
            "course",
            "office",
            "university",
            "timetable",
            "password",
            "login",
            "check",
            "open",
            "menu",
            "button",
            "grade",
            "registration",
        ],
        syllables: &[
            "ar", "be", "con", "de", "en", "fi", "ga", "ho", "in", "ju", "ka", "li", "mo", "nu",
            "or", "pa", "qui", "ro", "sa", "ti", "un", "ve", "wa", "xe", "yo", "ze", "ment",
            "tion", "ing", "er",
        ],
        unspaced: false,
        stop: ".",
        comma: ",",
    },
    Lexicon {
        common: &[
            "le",
            "la",
            "de",
            "votre",
            "et",
            "les",
            "des",
            "un",
            "une",
            "page",
            "cliquez",
            "vous",
            "étudiant",
            "portail",
            "est",
            "pour",
            "sur",
            "avec",
            "puis",
            "messagerie",
            "cours",
            "bureau",
            "université",
            "emploi",
            "mot",
            "passe",
            "identifiant",
            "vérifiez",
            "ouvrez",
            "inscription",
        ],
        syllables: &[
            "ré", "con", "dé", "é", "en", "fi", "ga", "ho", "in", "ju", "ça", "li", "mo", "nu",
            "or", "pa", "qui", "ro", "sa", "ti", "un", "vè", "ai", "xe", "yo", "zé", "ment",
            "tion", "eur", "ête",
        ],
        unspaced: false,
        stop: ".",
        comma: ",",
    },
    Lexicon {
        common: &[
            "el",
            "la",
            "de",
            "su",
            "y",
            "los",
            "las",
            "un",
            "una",
            "página",
            "haga",
            "clic",
            "usted",
            "estudiante",
            "portal",
            "es",
            "para",
            "en",
            "con",
            "luego",
            "correo",
            "curso",
            "oficina",
            "universidad",
            "horario",
            "contraseña",
            "usuario",
            "compruebe",
            "abra",
            "matrícula",
        ],
        syllables: &[
            "re", "con", "de", "ñe", "en", "fi", "ga", "ho", "in", "ju", "ca", "li", "mo", "nu",
            "or", "pa", "qui", "ro", "sa", "ti", "ún", "ve", "ía", "xe", "yo", "zó", "mente",
            "ción", "ero", "ado",
        ],
        unspaced: false,
        stop: ".",
        comma: ",",
    },
    Lexicon {
        common: &[
            "的",
            "你",
            "点击",
            "页面",
            "学生",
            "门户",
            "登录",
            "然后",
            "课程",
            "邮箱",
            "密码",
            "账号",
            "学校",
            "打开",
            "查看",
            "菜单",
            "按钮",
            "成绩",
            "注册",
            "时间",
            "在",
            "和",
            "是",
            "了",
            "请",
            "可以",
            "网站",
            "办公室",
            "选择",
            "输入",
        ],
        syllables: &[
            "学", "生", "课", "程", "表", "网", "页", "邮", "件", "登", "录", "密", "码", "帐",
            "号", "时", "间", "地", "址", "手", "机", "信", "息", "服", "务", "中", "心", "文",
            "件", "系", "统", "管", "理", "教", "室", "考", "试", "成", "绩", "单", "图", "书",
            "馆", "校", "园", "卡", "实", "习", "协", "议",
        ],
        unspaced: true,
        stop: "。",
        comma: "，",
    },
    Lexicon {
        common: &[
            "في",
            "من",
            "على",
            "إلى",
            "ثم",
            "انقر",
            "الصفحة",
            "الطالب",
            "البوابة",
            "كلمة",
            "المرور",
            "البريد",
            "الجامعة",
            "المقرر",
            "افتح",
            "تحقق",
            "القائمة",
            "الزر",
            "التسجيل",
            "مع",
            "هذا",
            "التي",
            "أن",
            "هو",
            "الجدول",
            "المكتب",
            "الدخول",
            "حسابك",
            "اختر",
            "اكتب",
        ],
        syllables: &[
            "ال", "م", "ت", "س", "ك", "ب", "ر", "ن", "ق", "ل", "ع", "د", "ف", "ج", "ح", "ص", "ط",
            "ي", "و", "ا", "ة", "ين", "ون", "ات", "يت", "اس", "مل", "قد", "رف", "هم",
        ],
        unspaced: false,
        stop: ".",
        comma: "،",
    },
];

/// About 4,000 distinct words a language: the common ones, then words of
/// two to four syllables.
const VOCABULARY: usize = 4000;

impl Lexicon {
    fn word(&self, rng: &mut Rng, out: &mut String) {
        let n = rng.skewed(VOCABULARY);
        if n < self.common.len() {
            out.push_str(self.common[n]);
            return;
        }
        // The word's number spells it: the same number, the same word.
        let s = self.syllables.len();
        let mut k = n;
        let parts = 2 + n % 3;
        for _ in 0..parts {
            out.push_str(self.syllables[k % s]);
            k = k / s + 7;
        }
    }

    /// A sentence of `words` words, capitalised nowhere (no language here
    /// needs it for search).
    fn sentence(&self, rng: &mut Rng, words: usize, out: &mut String) {
        for w in 0..words {
            if w > 0 {
                if !self.unspaced {
                    out.push(' ');
                }
                if w % 9 == 8 {
                    out.truncate(out.trim_end().len());
                    out.push_str(self.comma);
                    if !self.unspaced {
                        out.push(' ');
                    }
                }
            }
            self.word(rng, out);
        }
        out.push_str(self.stop);
    }

    /// A paragraph of about `words` words.
    fn prose(&self, rng: &mut Rng, words: usize, out: &mut String) {
        let mut left = words;
        while left > 0 {
            let n = (8 + rng.next() as usize % 14).min(left);
            self.sentence(rng, n, out);
            left -= n;
            if left > 0 && !self.unspaced {
                out.push(' ');
            }
        }
    }
}

fn page(i: usize, li: usize, link_to: &dyn Fn(usize) -> String, up: &str) -> String {
    let lex = &LEXICONS[li];
    let mut rng = Rng::new(i, li);
    let mut t = String::with_capacity(8000);
    let mut title = String::new();
    lex.sentence(&mut rng, 4, &mut title);
    title.pop();
    let mut summary = String::new();
    lex.sentence(&mut rng, 14, &mut summary);
    let _ = write!(
        t,
        "---\ntitle: \"{title} {i}\"\nsummary: \"{summary}\"\nweight: {}\n",
        i % 7
    );
    if li != 0 {
        t.push_str("source_digest: 0000000000000000\n");
    }
    t.push_str("---\n\n");
    lex.prose(&mut rng, 60, &mut t);
    t.push_str("\n\n");
    for part in 0..3 {
        let mut heading = String::new();
        lex.sentence(&mut rng, 4, &mut heading);
        heading.pop();
        let _ = write!(t, "## {heading} {{#part-{part}}}\n\n");
        lex.prose(&mut rng, 40, &mut t);
        let _ = write!(
            t,
            " [{}]({}#step-1) ",
            if lex.unspaced { "相关页面" } else { "see" },
            link_to(i + 1 + part)
        );
        lex.prose(&mut rng, 40, &mut t);
        let _ = write!(t, " [#](#part-{part})\n\n");
        for s in 0..4 {
            let n = part * 4 + s;
            let _ = write!(t, "{}. **Connexion** ", s + 1);
            lex.prose(&mut rng, 14, &mut t);
            t.push_str("\n   <!-- step: click \"Connexion\" -->\n");
            if n == 1 || n == 6 {
                t.push_str(if n == 1 {
                    "   <!-- shot -->\n"
                } else {
                    "   <!-- step: click \"SE CONNECTER\" -->\n   <!-- shot -->\n"
                });
            }
        }
        t.push('\n');
    }
    t.push_str("| Identifiant | Mot de passe | ");
    lex.sentence(&mut rng, 2, &mut t);
    t.push_str(" |\n|---|---|---|\n");
    for _ in 0..4 {
        t.push_str("| ");
        lex.sentence(&mut rng, 3, &mut t);
        t.push_str(" | ");
        lex.sentence(&mut rng, 3, &mut t);
        t.push_str(" | ");
        lex.sentence(&mut rng, 5, &mut t);
        t.push_str(" |\n");
    }
    let mut alt = String::new();
    lex.sentence(&mut rng, 5, &mut alt);
    let _ = write!(t, "\n![{alt}]({up}img/portal.png)\n\n> ");
    lex.prose(&mut rng, 30, &mut t);
    t.push_str("\n\n```\nhttps://ent.univ-st-etienne.fr/\n```\n");
    t
}

fn write(path: &Path, text: &str) -> usize {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create folder");
    }
    std::fs::write(path, text).expect("write");
    text.len()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for e in std::fs::read_dir(from).expect("read theme") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
