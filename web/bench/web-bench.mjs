// The web interface's page-load benchmark (run by `scripts/bench.sh web`).
// For each page: LOADS loads after 2 warm-ups, each in the same signed-in
// browser context (as a user moving around), measured inside Chromium:
//   visible  navigation start → the first frame in which the page's data
//            selector is in the document (requestAnimationFrame polling)
//   api      the union of the page's /api/v1/ calls' [startTime, responseEnd]
//            intervals from Resource Timing (sequential calls add, parallel
//            ones count once)
//   added    visible − api: what the page itself costs (HTML, JS, rendering)
// Prints the medians and p90s, and the gzip (level 6) weight of the
// JavaScript and CSS the first load fetched.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const pages = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--page") {
    const [label, path, selector] = args[i + 1].split("|");
    pages.push({ label, path, selector });
  }
}
const base = opt("base");
const loads = Number(opt("loads", "20"));
if (!base || pages.length === 0) {
  console.error("usage: web-bench.mjs --base URL --user U --password P [--loads N] --page 'label|path|selector' …");
  process.exit(64);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.9) - 1)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();

// Sign in through the API (the cookie lands in the context).
const signIn = await context.request.post("/api/v1/session", {
  data: { name: opt("user"), password: opt("password") },
});
if (!signIn.ok()) {
  console.error(`bench web: sign-in failed: ${signIn.status()} ${await signIn.text()}`);
  process.exit(1);
}

// The first load's JS and CSS, from a fresh context (nothing cached).
{
  const fresh = await browser.newContext({ baseURL: base, storageState: await context.storageState() });
  const p = await fresh.newPage();
  const assets = new Set();
  p.on("response", (r) => {
    const u = new URL(r.url());
    if (/\.(js|css)$/.test(u.pathname)) assets.add(u.pathname);
  });
  await p.goto(pages[0].path);
  await p.waitForSelector(pages[0].selector, { timeout: 60_000 });
  let raw = 0;
  let gz = 0;
  for (const a of assets) {
    const bytes = readFileSync(join(process.cwd(), "dist", a));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 6 }).length;
  }
  console.log(`first load: ${assets.size} JS/CSS files, ${(raw / 1024).toFixed(1)} KB, ` +
    `${(gz / 1024).toFixed(1)} KB gzip level 6 (goal < 250 KB)`);
  await fresh.close();
}

let failed = false;
for (const { label, path, selector } of pages) {
  const visible = [];
  const api = [];
  const added = [];
  let calls = 0;
  for (let i = 0; i < loads + 2; i++) {
    await page.goto("about:blank");
    await page.goto(path, { waitUntil: "commit" });
    await page.waitForFunction((sel) => {
      if (document.querySelector(sel)) {
        window.__visibleAt ??= performance.now();
        return true;
      }
      return false;
    }, selector, { polling: "raf", timeout: 60_000 });
    const m = await page.evaluate(() => {
      const entries = performance.getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname.startsWith("/api/v1/") && e.startTime <= window.__visibleAt)
        .map((e) => [e.startTime, e.responseEnd])
        .sort((a, b) => a[0] - b[0]);
      let total = 0;
      let end = -Infinity;
      for (const [s, e] of entries) {
        if (s >= end) { total += e - s; end = e; } else if (e > end) { total += e - end; end = e; }
      }
      return { visible: window.__visibleAt, api: total, calls: entries.length };
    });
    if (i < 2) continue;
    visible.push(m.visible);
    api.push(m.api);
    added.push(m.visible - m.api);
    calls = m.calls;
  }
  const addedMedian = median(added);
  if (addedMedian > 150) failed = true;
  console.log(`${label.padEnd(12)} ${path}\n` +
    `  visible median ${median(visible).toFixed(1)} ms (p90 ${p90(visible).toFixed(1)}), ` +
    `API calls ${calls}, API time median ${median(api).toFixed(1)} ms, ` +
    `page adds median ${addedMedian.toFixed(1)} ms (p90 ${p90(added).toFixed(1)}; goal <= 150 ms)`);
}
await browser.close();
process.exit(failed ? 2 : 0);
