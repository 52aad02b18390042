// The preview's editor (served under /__edit/ only; no theme, no build
// output carries it). On the page list: the "Add a page" form. On a page:
// the text with line numbers and problems beside their lines, saving
// (digest carried: a 409 shows both versions), recording steps from the
// mock tab, and running the page or retaking its screenshots.
(function () {
  "use strict";
  const csrf = (document.querySelector("meta[name=csrf]") || {}).content || "";

  async function call(path, body) {
    const res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await res.json(); } catch (e) { data = { error: "the preview gave no answer" }; }
    return { status: res.status, data };
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  // ---- The page list: add a page.
  const form = document.getElementById("new-page");
  if (form) {
    form.addEventListener("submit", async e => {
      e.preventDefault();
      const out = document.getElementById("np-status");
      const f = new FormData(form);
      const { status, data } = await call("/__edit/api/new", {
        slug: f.get("slug"), title: f.get("title"), persona: f.get("persona"),
      });
      if (status === 200) location.href = "/__edit/page?path=" + encodeURIComponent(data.path);
      else out.textContent = data.error || "could not create the page";
    });
    return;
  }

  const dataEl = document.getElementById("editor-data");
  if (!dataEl) return;
  const D = JSON.parse(dataEl.textContent);
  const ta = document.getElementById("text");
  const gutter = document.querySelector(".gutter");
  const notesBox = document.querySelector(".notes");
  const status = document.getElementById("status");
  const problemsBox = document.getElementById("problems");
  let digest = D.digest;
  let saved = ta.value;
  let problems = [];
  let results = [];
  ta.setAttribute("wrap", "off");

  function say(text) { status.textContent = text; }

  // ---- Line numbers and notes beside lines.
  function lineHeight() { return parseFloat(getComputedStyle(ta).lineHeight) || 20; }
  function draw() {
    const n = ta.value.split("\n").length;
    let nums = "";
    for (let i = 1; i <= n; i++) nums += i + "\n";
    gutter.textContent = nums;
    gutter.scrollTop = ta.scrollTop;
    const lh = lineHeight();
    const pad = parseFloat(getComputedStyle(ta).paddingTop) || 0;
    notesBox.textContent = "";
    const notes = problems.map(p => ({ line: p.line, cls: "bad", text: plain(p) }))
      .concat(results.map(r => ({ line: r.line, cls: r.status === "passed" ? "ok" : r.status === "failed" ? "bad" : "skip",
        text: "Step " + r.number + ": " + (r.status === "failed" ? r.reasons.join("; ") : r.status) })));
    for (const note of notes) {
      const top = pad + (note.line - 1) * lh - ta.scrollTop;
      if (top < -lh || top > ta.clientHeight) continue;
      notesBox.append(el("div", { class: "note " + note.cls, style: "top:" + top + "px", title: note.text }, note.text));
    }
  }
  ta.addEventListener("input", draw);
  ta.addEventListener("scroll", draw);
  window.addEventListener("resize", draw);

  function plain(p) { return "Line " + p.line + ": " + p.message + (p.hint ? " — " + p.hint : ""); }

  function goTo(line) {
    const lines = ta.value.split("\n");
    let at = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    ta.focus();
    ta.setSelectionRange(at, at);
    ta.scrollTop = Math.max(0, (line - 3) * lineHeight());
    draw();
  }

  function showProblems(data) {
    problems = data.problems || [];
    problemsBox.textContent = "";
    if (problems.length) {
      problemsBox.append(el("h2", {}, problems.length === 1 ? "1 problem in this page" : problems.length + " problems in this page"));
      const ul = el("ul");
      for (const p of problems) {
        const b = el("button", { type: "button", class: "link" }, plain(p));
        b.addEventListener("click", () => goTo(p.line));
        ul.append(el("li", {}, b));
      }
      problemsBox.append(ul);
    }
    const others = data.elsewhere || [];
    if (others.length) {
      const d = el("details", {}, el("summary", {}, others.length + " in other files"));
      const ul = el("ul");
      for (const o of others) ul.append(el("li", {}, o));
      d.append(ul);
      problemsBox.append(d);
    }
    draw();
  }

  fetch("/__edit/api/problems?path=" + encodeURIComponent(D.path)).then(r => r.json()).then(showProblems, () => {});

  // The lines that differ between two texts (longest common subsequence
  // of lines; very long texts are compared line by line).
  function differences(a, b) {
    const x = a.split("\n"), y = b.split("\n");
    const out = [];
    if (x.length * y.length > 4e6) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        if (x[i] !== y[i]) out.push([i + 1, x[i], y[i]]);
      }
      return out;
    }
    const n = x.length, m = y.length;
    const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
      L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    }
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) { i++; j++; }
      else if (i < n && (j === m || L[i + 1][j] >= L[i][j + 1])) { out.push([j + 1, x[i], undefined]); i++; }
      else { out.push([j + 1, undefined, y[j]]); j++; }
    }
    return out;
  }

  // ---- Saving.
  const conflict = document.getElementById("conflict");
  function showDifferences(theirsText, mine) {
    const box = conflict.querySelector(".diff");
    box.textContent = "";
    for (const [line, a, b] of differences(theirsText, mine).slice(0, 50)) {
      const li = el("li", {}, "Line " + line + ": ");
      if (a !== undefined) li.append(el("del", { title: "saved meanwhile" }, a || " "));
      if (b !== undefined) li.append(el("ins", { title: "yours" }, b || " "));
      box.append(li);
    }
  }
  let theirs = null;
  async function save(over) {
    say("Saving…");
    const { status: code, data } = await call("/__edit/api/save", { path: D.path, text: ta.value, digest: over || digest });
    if (code === 200) {
      digest = data.digest;
      saved = ta.value;
      D.isNew = false;
      conflict.hidden = true;
      showProblems(data);
      const n = (data.problems || []).length;
      say(n ? "Saved, with " + (n === 1 ? "1 problem" : n + " problems") + " to fix (listed below)" : "Saved");
      return true;
    }
    if (code === 409) {
      theirs = data;
      document.getElementById("theirs").value = data.text;
      document.getElementById("mine").value = ta.value;
      showDifferences(data.text, ta.value);
      conflict.hidden = false;
      conflict.scrollIntoView({ block: "nearest" });
      say("Not saved: someone saved this file after you opened it");
      return false;
    }
    say("Not saved: " + (data.error || code));
    return false;
  }
  document.getElementById("save").addEventListener("click", () => save());
  document.getElementById("keep-mine").addEventListener("click", () => theirs && save(theirs.digest || "-"));
  document.getElementById("take-theirs").addEventListener("click", () => {
    if (!theirs) return;
    ta.value = theirs.text; saved = theirs.text; digest = theirs.digest;
    conflict.hidden = true; draw(); say("Took the saved version");
  });
  document.addEventListener("keydown", e => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
  });
  window.addEventListener("beforeunload", e => { if (ta.value !== saved) e.preventDefault(); });

  // ---- Recording.
  const recorded = document.getElementById("recorded");
  const mockOrigin = new URL(D.mock).origin;
  let vars = {};
  const SAY = {
    login: "your login", password: "your password", new_password: "your new password",
    personal_email: "your personal e-mail address", email: "your university e-mail address",
    mobile: "your mobile number", birthdate: "your date of birth",
    given_name: "your first name", family_name: "your family name",
  };
  function q(s) { return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"'; }
  function variable(value) {
    for (const k of Object.keys(SAY)) if (vars[k] && vars[k] === value) return k;
    return null;
  }
  // The directive and a first sentence for a recorded step.
  function phrase(s) {
    const name = s.name;
    switch (s.action) {
      case "click": return ["click " + q(name), "Click **" + name + "**."];
      case "check": return ["check " + q(name), "Tick **" + name + "**."];
      case "select": return ["select " + q(s.value) + " in " + q(name), "Choose **" + s.value + "** in **" + name + "**."];
      case "upload": return ["upload " + q(name) + " with " + q(s.value), "Attach your file in **" + name + "**."];
      default: {
        const v = variable(s.value);
        return v ? ["fill " + q(name) + " with " + q("{" + v + "}"), "Type " + SAY[v] + " in **" + name + "**."]
          : ["fill " + q(name) + " with " + q(s.value), "Type “" + s.value + "” in **" + name + "**."];
      }
    }
  }
  // Where the front matter ends (0 without one).
  function bodyStart(text) {
    const m = /^---\r?\n[\s\S]*?\n---[^\n]*(\n|$)/.exec(text);
    return m ? m[0].length : 0;
  }
  // Inserts a numbered step after the caret's line; returns its number.
  function insertStep(sentence, directive) {
    let text = ta.value;
    let pos = ta.selectionEnd;
    if (pos < bodyStart(text)) pos = text.length;
    const eol = text.indexOf("\n", pos);
    pos = eol === -1 ? text.length : eol + 1;
    let before = text.slice(0, pos);
    if (before && !before.endsWith("\n")) before += "\n";
    const lines = before.split("\n");
    lines.pop();
    let n = 1;
    for (const l of lines) { const m = /^(\d+)\.\s/.exec(l); if (m) n = +m[1] + 1; }
    const last = [...lines].reverse().find(l => l.trim() !== "") || "";
    const inList = /^(\d+\.\s|\s{2,})/.test(last);
    const blank = lines.length && lines[lines.length - 1].trim() !== "" && !inList ? "\n" : "";
    const shot = document.getElementById("with-shot").checked ? "   <!-- shot -->\n" : "";
    const item = blank + n + ". " + sentence + "\n   <!-- step: " + directive + " -->\n" + shot;
    ta.value = before + item + text.slice(pos);
    const caret = before.length + item.length - 1;
    ta.setSelectionRange(caret, caret);
    draw();
    return n;
  }
  function note(text, cls) {
    recorded.querySelector("ol").append(el("li", { class: cls || "" }, text));
  }
  window.addEventListener("message", e => {
    if (e.origin !== mockOrigin || !e.data || !e.data.entGuideStep) return;
    const s = e.data.entGuideStep;
    if (!s.name) {
      note("Not recorded: the " + s.action + " on " + s.page + " was on something with no name the runner can find.", "bad");
      return;
    }
    const [directive, sentence] = phrase(s);
    const n = insertStep(sentence, directive);
    if (s.count > 1 || !s.same) {
      note("Step " + n + ": " + directive + " — ambiguous: " + (s.count > 1 ? s.count + " elements are" : "another element is") +
        " named “" + s.name + "” on this screen, so a replay cannot tell which one you meant.", "bad");
    } else {
      note("Step " + n + ": " + directive);
    }
  });
  document.getElementById("record").addEventListener("click", async () => {
    // Opened at once, while the click still allows a new tab.
    const tab = window.open("", "ent-guide-record");
    say("Preparing the mock intranet…");
    const { status: code, data } = await call("/__edit/api/record", { path: D.path });
    if (code !== 200) { if (tab) tab.close(); say("Cannot record: " + (data.error || code)); return; }
    vars = data.vars || {};
    recorded.hidden = false;
    const who = recorded.querySelector(".who");
    who.textContent = data.persona
      ? "Do the steps in the new tab. Log in as " + vars.login + " with the password " + vars.password + "."
      : "Do the steps in the new tab. (This page names no persona: add `persona:` to its settings to log in as a student.)";
    if (!/<!--\s*step:\s*open\b/.test(ta.value)) {
      if (ta.selectionEnd < bodyStart(ta.value)) ta.setSelectionRange(ta.value.length, ta.value.length);
      const n = insertStep("Open the intranet.", "open https://ent.univ-st-etienne.fr/");
      note("Step " + n + ": open https://ent.univ-st-etienne.fr/");
    }
    if (tab) tab.location.href = data.mock + "/";
    else window.open(data.mock + "/", "ent-guide-record");
    say("Recording: each click and entry in the mock's tab becomes a step here");
  });

  // ---- Running.
  const resultsBox = document.getElementById("results");
  async function runPage(shoot) {
    if (ta.value !== saved || D.isNew) { if (!(await save())) return; }
    say(shoot ? "Retaking this page's screenshots…" : "Running this page's steps…");
    for (const b of document.querySelectorAll(".tools button")) b.disabled = true;
    const { status: code, data } = await call("/__edit/api/run", { path: D.path, shoot });
    for (const b of document.querySelectorAll(".tools button")) b.disabled = false;
    resultsBox.hidden = false;
    const list = resultsBox.querySelector("ol");
    list.textContent = "";
    if (code !== 200 || data.error) {
      resultsBox.querySelector(".summary").textContent = "Could not run: " + (data.error || code);
      say("Could not run");
      return;
    }
    results = data.steps || [];
    const failed = results.filter(r => r.status === "failed").length;
    let summary = data.passed ? "All " + results.length + " steps passed" : failed + " of " + results.length + " steps failed";
    if (data.shots) {
      summary += "; screenshots: " + data.shots.added.length + " added, " + data.shots.changed.length +
        " changed, " + data.shots.removed.length + " removed, " + data.shots.kept + " unchanged";
    }
    for (const p of data.problems || []) list.append(el("li", { class: "bad" }, p));
    resultsBox.querySelector(".summary").textContent = summary + ".";
    for (const r of results) {
      const li = el("li", { class: r.status, value: r.number });
      const b = el("button", { type: "button", class: "link" }, "Step " + r.number + " (line " + r.line + "): " + r.status);
      b.addEventListener("click", () => goTo(r.line));
      li.append(b);
      for (const reason of r.reasons) li.append(el("p", {}, reason));
      if (r.screenshot) {
        li.append(el("img", { src: "/__edit/api/artifact?path=" + encodeURIComponent(r.screenshot),
          alt: "The screen when step " + r.number + " failed", width: "512" }));
      }
      list.append(li);
    }
    say(summary);
    draw();
  }
  document.getElementById("run").addEventListener("click", () => runPage(false));
  document.getElementById("shoot").addEventListener("click", () => runPage(true));

  draw();
})();
