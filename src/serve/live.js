// ent-guide serve: the preview toolbar, live reload, stylesheet swap and the
// rebuild-problems overlay. Injected by `ent-guide serve` only.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(me && me.dataset.version) || 0;
  var mock = (me && me.dataset.mock) || "";

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }

  var bar = el("div", "position:fixed;z-index:2147483646;bottom:0;inset-inline-end:0;" +
    "font:13px/1.4 sans-serif;background:#1d2b3a;color:#fff;padding:4px 10px;" +
    "border-start-start-radius:6px;direction:ltr");
  bar.id = "ent-preview-bar";
  bar.appendChild(el("span", "", "Preview · "));
  var link = el("a", "color:#9fd3ff", "Try it on the mock intranet");
  link.href = mock;
  link.target = "_blank";
  link.rel = "noopener";
  bar.appendChild(link);
  var state = el("span", "margin-inline-start:8px;opacity:.8", "");
  state.id = "ent-preview-state";
  bar.appendChild(state);
  document.body.appendChild(bar);

  var overlay = null;
  function showProblems(list) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!list || !list.length) return;
    overlay = el("div", "position:fixed;z-index:2147483647;inset:0;overflow:auto;" +
      "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 monospace;padding:24px;direction:ltr;text-align:left");
    overlay.id = "ent-preview-problems";
    overlay.appendChild(el("h2", "font:bold 18px sans-serif;color:#ff8a80;margin:0 0 12px",
      "The guide could not be rebuilt — the last good version is served"));
    var ul = el("ul", "margin:0;padding-left:20px");
    list.forEach(function (p) { ul.appendChild(el("li", "white-space:pre-wrap;margin:4px 0", p)); });
    overlay.appendChild(ul);
    overlay.appendChild(el("p", "font:13px sans-serif;opacity:.8", "Fix the file and save: this page updates by itself."));
    document.body.appendChild(overlay);
  }

  function here() {
    return location.pathname.replace(/index\.html$/, "");
  }

  function swapCss(list) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (l) {
      var path = new URL(l.href, location.href).pathname;
      if (list.indexOf(path) < 0) return;
      var fresh = l.cloneNode();
      fresh.href = path + "?v=" + version;
      fresh.onload = fresh.onerror = function () { l.remove(); };
      l.after(fresh);
    });
  }

  var source = null;
  function connect() {
    source = new EventSource("/__preview/events");
    source.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      state.textContent = "";
      if (d.version !== version) { location.reload(); return; }
      showProblems(d.problems);
    });
    source.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      if (!d.pages || d.pages.indexOf(here()) >= 0) { location.reload(); return; }
      version = d.version;
      showProblems([]);
    });
    source.addEventListener("css", function (e) {
      var d = JSON.parse(e.data);
      version = d.version;
      swapCss(d.css || []);
      showProblems([]);
    });
    source.addEventListener("problems", function (e) {
      showProblems(JSON.parse(e.data).problems);
    });
    source.onerror = function () {
      state.textContent = "· reconnecting…";
      // The browser retries by itself unless the stream was refused.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    };
  }
  connect();
})();
