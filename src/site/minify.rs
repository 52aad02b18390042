//! The theme's stylesheets and scripts as published: comments and layout
//! whitespace removed, nothing else touched. Deliberately conservative (no
//! rule or statement is rewritten), so the result means exactly what the
//! source says. CSS: strings are copied as they are, a space before `:` is
//! kept (`a :focus` differs from `a:focus`), and spaces around `+` and `-`
//! are kept (`calc`). JavaScript: only whole comment lines and indentation
//! go, line breaks stay (automatic semicolons), and a script with template
//! literals is left as it is.

/// `css` without comments and needless whitespace.
pub fn css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A whitespace run seen but not yet written.
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            _ => {
                flush_space(&mut out, &mut space, c);
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

/// `js` without its comment lines, indentation and blank lines.
pub fn js(js: &str) -> String {
    if js.contains('`') {
        return js.to_string();
    }
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.ends_with("*/");
            continue;
        }
        if line.starts_with("/*") && !line[2..].contains("*/") {
            in_comment = true;
            continue;
        }
        let whole_comment = line.starts_with("//")
            || (line.starts_with("/*")
                && line.ends_with("*/")
                && line.find("*/") == Some(line.len() - 2));
        if line.is_empty() || whole_comment {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Writes the pending space before `next`, unless a neighbour makes it
/// needless.
fn flush_space(out: &mut String, space: &mut bool, next: char) {
    if !*space {
        return;
    }
    *space = false;
    let Some(prev) = out.chars().next_back() else {
        return;
    };
    let around = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
    if around(prev) || around(next) || prev == ':' {
        return;
    }
    out.push(' ');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_comments_go_meaning_stays() {
        let src = "/* theme */\n:root {\n  --a: #fff; /* white */\n}\n\
                   [dir=rtl] :is(main strong, a) { unicode-bidi: plaintext; }\n\
                   .x > .y,\n.z { width: calc(100% - 2rem); font: 1rem/1.6 \"Segoe  UI\", sans-serif; }\n\
                   .p::before { content: \"\\2190  /*not*/\" / \"\"; }\n\
                   @media (min-width: 60rem) {\n  .a { margin: 0 auto; }\n}\n";
        assert_eq!(
            css(src),
            ":root{--a:#fff}[dir=rtl] :is(main strong,a){unicode-bidi:plaintext}\
             .x>.y,.z{width:calc(100% - 2rem);font:1rem/1.6 \"Segoe  UI\",sans-serif}\
             .p::before{content:\"\\2190  /*not*/\" / \"\"}\
             @media (min-width:60rem){.a{margin:0 auto}}\n"
        );
    }

    #[test]
    fn scripts_lose_comment_lines_and_indentation_only() {
        let src = "/* The menu.\n   Two lines. */\n(function () {\n  // why\n  var a = \"/* kept */\"; // kept too\n\n  /* one line */\n  return a\n})();\n";
        assert_eq!(
            js(src),
            "(function () {\nvar a = \"/* kept */\"; // kept too\nreturn a\n})();\n"
        );
        let template = "var t = `\n  two\n`;\n";
        assert_eq!(js(template), template, "template literals keep their lines");
    }

    #[test]
    fn unterminated_comments_and_strings_do_not_panic() {
        assert_eq!(css("a { b: c } /* open"), "a{b:c}\n");
        assert_eq!(css("a { content: \"open"), "a{content:\"open\n");
    }
}
