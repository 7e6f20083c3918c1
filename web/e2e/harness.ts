// The end-to-end harness: a real `chizai serve` on a fresh test database
// (SQLite, or a fresh schema of the test PostgreSQL named by
// CHIZAI_TEST_PG), loaded with the deterministic demo portfolio, with one
// user per role; Debian's Chromium driven through playwright-core; axe-core
// run on pages; screenshots written to web/e2e-artifacts/screenshots/.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = resolve(here, "..");
export const PROJECT_DIR = resolve(WEB_DIR, "..");
export const ARTIFACTS = join(WEB_DIR, "e2e-artifacts");
const BIN = process.env.CHIZAI_BIN ?? join(PROJECT_DIR, "build/src/cli/chizai");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export type Backend = "sqlite" | "postgresql";

/** The backends to run on: SQLite always, PostgreSQL when the suite has one. */
export function backends(): Backend[] {
  return process.env.CHIZAI_TEST_PG ? ["sqlite", "postgresql"] : ["sqlite"];
}

export const PASSWORD = "correct horse battery staple";

/** One user per role; the scoped ones belong to U-TOKYO. */
export const USERS = {
  admin: { name: "e2e-admin", role: "admin", institution: null },
  ip_manager: { name: "e2e-ipm", role: "ip_manager", institution: "U-TOKYO" },
  tech_transfer: { name: "e2e-tt", role: "tech_transfer", institution: null },
  finance: { name: "e2e-finance", role: "finance", institution: null },
  institution_viewer: { name: "e2e-viewer", role: "institution_viewer", institution: "U-TOKYO" },
} as const;
export type RoleKey = keyof typeof USERS;

export interface Server {
  backend: Backend;
  base: string;
  db: string;
  work: string;
  /** Runs the CLI on the server's database; returns stdout. */
  cli: (args: string[], input?: string) => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  patents?: number;
  /** Load the demo scheme (aggregations, packages, a year of licensing). */
  scheme?: boolean;
  config?: Record<string, string>;
}

function psql(conn: string, sql: string): void {
  execFileSync("psql", [conn, "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: "pipe" });
}

export async function startServer(backend: Backend, opts: StartOptions = {}): Promise<Server> {
  const work = mkdtempSync(join(tmpdir(), "chizai-e2e-"));
  let db: string;
  let schema: string | null = null;
  if (backend === "sqlite") {
    db = `sqlite3://${join(work, "e2e.db")}`;
  } else {
    const pg = process.env.CHIZAI_TEST_PG as string;
    schema = `e2e_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    psql(pg, `CREATE SCHEMA ${schema}`);
    db = `postgresql://${pg} options='-c search_path=${schema}'`;
  }
  const cli = (args: string[], input?: string): string =>
    execFileSync(BIN, ["--db", db, "--user", "e2e", ...args], {
      input, encoding: "utf8", cwd: PROJECT_DIR, stdio: ["pipe", "pipe", "pipe"],
    });

  const data = join(work, "demo");
  cli(["demo-data", "--out", data, "--patents", String(opts.patents ?? 300), "--seed", "2014"]);
  cli(["db", "migrate"]);
  cli(["institution", "import", join(data, "institutions.jsonl")]);
  cli(["patent", "import", join(data, "patents.jsonl")]);
  if (opts.scheme !== false) cli(["scheme", "load", join(data, "scheme.jsonl")]);
  for (const u of Object.values(USERS)) {
    cli(["user", "add", u.name, "--role", u.role, ...(u.institution ? ["--institution", u.institution] : [])]);
    cli(["user", "passwd", u.name, "--password-stdin"], `${PASSWORD}\n`);
  }

  const config = join(work, "chizai.properties");
  const base = readFileSync(join(PROJECT_DIR, "config/chizai.properties"), "utf8");
  // The rule book and calendars of this source tree (the config file is copied elsewhere).
  const extra = {
    "web.root": join(WEB_DIR, "dist"),
    "api.request_log": "off",
    "docket.rules_dir": join(PROJECT_DIR, "config/docketing"),
    ...opts.config,
  };
  writeFileSync(config, `${base}\n${Object.entries(extra).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`);

  const proc: ChildProcess = spawn(BIN, ["--config", config, "--db", db, "serve", "--port", "0", "--threads", "8"], {
    cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`chizai serve did not start:\n${log}`)), 20_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.on("exit", (code) => { clearTimeout(timer); fail(new Error(`chizai serve exited ${code}:\n${log}`)); });
  });

  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      await new Promise((ok) => proc.once("exit", ok));
    }
    if (schema) psql(process.env.CHIZAI_TEST_PG as string, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    rmSync(work, { recursive: true, force: true });
  };
  return { backend, base: url, db, work, cli, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

export async function newPage(browser: Browser, server: Server, lang: "ja" | "en" = "ja"):
    Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: server.base, locale: lang === "ja" ? "ja-JP" : "en-GB", viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  return { context, page };
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, role: RoleKey): Promise<void> {
  await page.goto("/signin");
  await page.locator("#signin-name").fill(USERS[role].name);
  await page.locator("#signin-password").fill(PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
}

/** Switches the interface language with the header's switch. */
export async function setLanguage(page: Page, lang: "ja" | "en"): Promise<void> {
  await page.locator(`.lang-switch button[lang=${lang}]`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/**
 * axe-core on the page as it is: the serious and critical violations. The
 * script is evaluated through the DevTools protocol, which the page's CSP
 * (no inline script) does not apply to.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return (result as AxeViolation[]).filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Message keys left untranslated on the page (rendered as ⟦key⟧). */
export async function untranslated(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  return [...text.matchAll(/⟦([^⟧]+)⟧/g)].map((m) => m[1]);
}

/** A screenshot for people to look at: e2e-artifacts/screenshots/<backend>/<name>.png. */
export async function screenshot(page: Page, backend: Backend, name: string): Promise<void> {
  const dir = join(ARTIFACTS, "screenshots", backend);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * A page in both languages: in Japanese, then in English, each with no
 * untranslated key, no serious or critical axe violation, and a screenshot
 * (<name>-ja, <name>-en); `ready` waits for the page's data after each
 * switch. Leaves the page in Japanese.
 */
export async function checkBothLanguages(page: Page, backend: Backend, name: string,
                                         ready: () => Promise<unknown>): Promise<void> {
  for (const lang of ["ja", "en"] as const) {
    await setLanguage(page, lang);
    await ready();
    expect(await untranslated(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, backend, `${name}-${lang}`);
  }
  await setLanguage(page, "ja");
}
