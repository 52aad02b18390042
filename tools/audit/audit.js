// Audits every page of a built guide served over HTTP, as a phone meets it,
// in the system Chromium ($CHROME, else /usr/bin/chromium):
//   - axe-core's violations (WCAG 2.x A and AA, and best practices);
//   - console errors and failed requests.
// Layout shift is measured by tests/site_browser.rs on every page, and by
// Lighthouse (lighthouse.sh) from Chromium's own trace.
// Usage: node audit.js http://127.0.0.1:8000/ [public/]
// Prints one line a page with a problem, then totals; exits 1 on any.
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");
const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [base, dir = "public"] = process.argv.slice(2);
if (!base) {
  console.error("usage: node audit.js http://HOST:PORT/ [built-site-folder]");
  process.exit(2);
}

/** Every HTML file under `dir` (but the root, which redirects), as URL paths. */
function pages(dir) {
  const out = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) out.push(path.relative(dir, p).split(path.sep).join("/"));
    }
  })(dir);
  return out
    .filter((p) => p !== "index.html")
    .map((p) => p.replace(/(^|\/)index\.html$/, "$1"));
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 375, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  let said = [];
  page.on("console", (m) => m.type() === "error" && said.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => said.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => said.push(`failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && said.push(`${r.status()}: ${r.url()}`));
  const all = pages(dir);
  let violations = 0, errors = 0;
  for (const p of all) {
    said = [];
    await page.goto(base + p, { waitUntil: "load" });
    await new Promise((r) => setTimeout(r, 200));
    await page.evaluate(axe);
    const found = await page.evaluate(async () =>
      (await axe.run(document, { resultTypes: ["violations"] })).violations.map(
        (v) => `${v.id} (${v.impact}, ${v.nodes.length} node(s))`));
    violations += found.length;
    errors += said.length;
    const problems = [...found.map((f) => `axe: ${f}`), ...said];
    if (problems.length) console.log(`/${p}: ${problems.join("; ")}`);
  }
  await browser.close();
  console.log(`audit: ${all.length} pages, ${violations} axe violation(s), ${errors} console error(s) or failed request(s)`);
  process.exit(violations || errors ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
