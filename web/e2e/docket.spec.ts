// The docket's pages on the demo portfolio: the agenda with its filters and
// calendar subscriptions, a patent's tasks (done then undo, persisting on
// reload; waive with its confirmation), the fee forecast's table against
// the API's figures, the keep-or-drop review, axe and both languages on
// every page, and an institution's user seeing only its own tasks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  backends, checkBothLanguages, launchBrowser, newPage, screenshot, seriousViolations, setLanguage, signIn, startServer, untranslated,
  type Server,
} from "./harness";
import { settled } from "./money-fixture";

interface Task {
  application: string; key: string; kind: string; jurisdiction: string; due: string; status: string;
  window_start: string | null; grace_end: string | null; fee: { amount: string; currency: string; table: string } | null;
  payers: { institution: string; pays: boolean }[];
}
interface TaskPage { items: Task[]; next_cursor: string | null }

/** The API as the signed-in browser sees it (its session cookie). */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json();
  }, path) as Promise<T>;
}

function isoToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const AGENDA_ROWS = "main section.docket > .table-wrap table tbody tr";
const TODAY = isoToday();

async function agendaReady(page: Page): Promise<void> {
  await settled(page);
  await page.locator(AGENDA_ROWS).first().waitFor();
}

async function docketReady(page: Page): Promise<void> {
  await settled(page);
  await page.locator("[data-testid=patent-docket] table").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .loading"));
}

function taskRow(page: Page, key: string) {
  return page.locator("[data-testid=patent-docket] .table-wrap").first().locator("tbody tr", { has: page.locator(`code:text-is("${key}")`) });
}

for (const backend of backends()) {
  describe(`docket (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServer(backend);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("the agenda shows this month's tasks, filters them, pages them and issues a calendar URL", async () => {
      const { context, page } = await newPage(browser, server, "ja");
      await signIn(page, "admin");
      await setLanguage(page, "ja");
      await page.locator("header nav a[href='/docket']").click();
      await page.waitForURL("**/docket");
      await settled(page);
      // This month by default: the date boxes hold its first and last day.
      const month = TODAY.slice(0, 7);
      expect(await page.locator("#f-from").inputValue()).toBe(`${month}-01`);
      expect((await page.locator("#f-to").inputValue()).slice(0, 7)).toBe(month);

      // A quarter ahead, where the demo has tasks; the rows are the API's, soonest first.
      const from = TODAY;
      const to = addDays(TODAY, 120);
      await page.locator("#f-from").fill(from);
      await page.locator("#f-to").fill(to);
      await page.locator("form.filters button[type=submit]").click();
      await page.waitForURL((u) => u.searchParams.get("from") === from && u.searchParams.get("to") === to);
      await agendaReady(page);
      const api = await apiGet<TaskPage>(page, `/api/v1/docket?from=${from}&to=${to}&limit=100`);
      expect(api.items.length).toBeGreaterThan(0);
      expect(await page.locator(AGENDA_ROWS).count()).toBe(api.items.length);
      const shown = await page.locator(`${AGENDA_ROWS} td:nth-child(3)`).allInnerTexts();
      expect(shown).toEqual(api.items.map((t) => t.application));
      const dues = api.items.map((t) => t.due);
      expect([...dues].sort()).toEqual(dues);
      // More pages on request when the API has more.
      if (api.next_cursor) {
        await page.locator(".pager button").click();
        await page.waitForFunction((n) => document.querySelectorAll("main section.docket > .table-wrap table tbody tr").length > n, api.items.length);
      }

      // An office and a status: every row is of that office.
      const office = api.items[0].jurisdiction;
      await page.locator("#f-jurisdiction").selectOption(office);
      await page.waitForURL((u) => u.searchParams.get("jurisdiction") === office);
      await agendaReady(page);
      const offices = await page.locator(`${AGENDA_ROWS} td:nth-child(5)`).allInnerTexts();
      expect(offices.length).toBeGreaterThan(0);
      expect(new Set(offices)).toEqual(new Set([office]));
      const filtered = await apiGet<TaskPage>(page, `/api/v1/docket?from=${from}&to=${to}&jurisdiction=${office}&status=open&limit=100`);
      await page.locator("#f-status").selectOption("open");
      await page.waitForURL((u) => u.searchParams.get("status") === "open");
      await settled(page);
      await page.waitForFunction((n) => document.querySelectorAll("main section.docket > .table-wrap table tbody tr").length === Math.max(n, 1), filtered.items.length);
      expect(await page.locator(`${AGENDA_ROWS} [data-status=open]`).count()).toBe(filtered.items.length);

      await checkBothLanguages(page, backend, "docket-agenda", () => settled(page));
      await screenshot(page, backend, "docket-agenda");

      // Missed tasks are marked (the past year holds some: fees the demo never paid).
      await page.goto(`/docket?from=${addDays(TODAY, -365)}&to=${TODAY}&status=missed`);
      await settled(page);
      const missed = await apiGet<TaskPage>(page, `/api/v1/docket?from=${addDays(TODAY, -365)}&to=${TODAY}&status=missed&limit=100`);
      if (missed.items.length > 0) {
        await page.locator(AGENDA_ROWS).first().waitFor();
        expect(await page.locator(`${AGENDA_ROWS}.row-missed`).count()).toBe(missed.items.length);
        expect(await page.locator(`${AGENDA_ROWS} .badge-missed`).count()).toBe(missed.items.length);
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "docket-agenda-missed");

      // A calendar subscription: its URL shown once, then listed (without it) and revoked.
      await page.locator(".subscriptions button.primary").click();
      const url = await page.locator("#subs-url").inputValue();
      expect(url).toMatch(/\/api\/v1\/docket\.ics\?key=cal_[0-9a-f]{64}$/);
      const subs = page.locator(".subscriptions table tbody tr");
      await page.waitForFunction(() => document.querySelectorAll(".subscriptions table tbody tr button.danger").length === 1);
      expect(await page.locator(".subscriptions table").innerText()).not.toContain("cal_");
      const ics = await page.evaluate(async (u) => (await fetch(new URL(u).pathname + new URL(u).search, { credentials: "omit" })).text(), url);
      expect(ics).toContain("BEGIN:VCALENDAR");
      await screenshot(page, backend, "docket-subscription");
      await subs.first().locator("button.danger").click();
      await page.waitForFunction(() => document.querySelectorAll(".subscriptions table tbody tr button.danger").length === 0);
      expect(await page.locator("[data-testid=subscription-issued]").count()).toBe(0);
      const after = await page.evaluate(async (u) => (await fetch(new URL(u).pathname + new URL(u).search, { credentials: "omit" })).status, url);
      expect(after).toBe(401);
      await context.close();
    });

    it("a patent's task done then undone, each persisting on reload; a waive confirmed ends the later tasks", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "admin");
      await setLanguage(page, "en");
      // An open annual fee whose window has opened (to record done, then undo), and another
      // patent's annual fee to waive.
      const open = await apiGet<TaskPage>(page, `/api/v1/docket?from=${TODAY}&to=${addDays(TODAY, 365)}&status=open&kind=annual_fee&limit=1000`);
      const t1 = open.items.find((t) => t.fee && t.fee.currency === "JPY" && (!t.window_start || t.window_start <= TODAY)) as Task;
      expect(t1).toBeTruthy();
      const t2 = open.items.find((t) => t.fee && t.application !== t1.application) as Task;
      expect(t2).toBeTruthy();
      await page.goto(`/patents/${encodeURIComponent(t1.application)}#docket`);
      await docketReady(page);
      const row = () => taskRow(page, t1.key);
      expect(await row().locator("[data-status]").getAttribute("data-status")).toBe("open");
      await checkBothLanguages(page, backend, "docket-patent", () => docketReady(page));
      await page.locator("header .lang-switch button[lang=en]").click();

      await row().getByRole("button", { name: `Record ${t1.key} done` }).click();
      const form = page.locator("[data-testid=done-form]");
      expect(await form.locator("#done-date").inputValue()).toBe(TODAY);
      await form.locator("#done-reference").fill("RCPT-E2E-1");
      await form.locator("button[type=submit]").click();
      await page.locator("[data-testid=decision-result]").waitFor();
      await row().locator("[data-status=done]").waitFor();
      await screenshot(page, backend, "docket-patent-done");
      await page.reload();
      await docketReady(page);
      expect(await row().locator("[data-status]").getAttribute("data-status")).toBe("done");
      expect(await page.locator("[data-testid=patent-docket]").innerText()).toContain("RCPT-E2E-1");

      await row().getByRole("button", { name: `Undo the decision on ${t1.key}` }).click();
      const undo = page.locator("[data-testid=undo-form]");
      // A reason is required: the API's field error lands on the box.
      await undo.locator("button[type=submit]").click();
      await page.locator("#undo-reason[aria-invalid=true]").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await undo.locator("#undo-reason").fill("recorded on the wrong patent");
      await undo.locator("button[type=submit]").click();
      await page.locator("[data-testid=decision-result]").waitFor();
      await page.reload();
      await docketReady(page);
      expect(await row().locator("[data-status]").getAttribute("data-status")).toBe("open");
      const decisions = (await apiGet<{ decisions: { action: string; fee_paid: string | null; fee_table: string | null; reference: string }[] }>(
        page, `/api/v1/patents/${encodeURIComponent(t1.application)}/docket`)).decisions;
      expect(decisions.map((d) => d.action)).toEqual(["done", "undo"]);
      // Paid before its due date without a fee given: the on-time fee the agenda showed, under its table.
      expect(decisions[0].fee_paid).toBe(t1.fee?.amount);
      expect(decisions[0].fee_table).toBe(t1.fee?.table);
      expect(decisions[0].reference).toBe("RCPT-E2E-1");

      // Waive: the confirmation names the lapse and the later tasks, then they are gone.
      await page.goto(`/patents/${encodeURIComponent(t2.application)}#docket`);
      await docketReady(page);
      const before = await apiGet<{ tasks: Task[] }>(page, `/api/v1/patents/${encodeURIComponent(t2.application)}/docket`);
      const later = before.tasks.filter((x) => x.key !== t2.key && (x.status === "open" || x.status === "missed") && x.due > t2.due);
      await taskRow(page, t2.key).getByRole("button", { name: `Waive ${t2.key}` }).click();
      const waive = page.locator("[data-testid=waive-form]");
      await waive.locator("#waive-reason").fill("no licensee interest");
      await waive.locator("button[type=submit]").click();
      const confirm = page.locator("[data-testid=waive-confirm]");
      await confirm.waitFor();
      const text = await confirm.innerText();
      expect(text).toContain("lapses after its last day");
      expect(text).toContain(later.length === 0 ? "no later tasks" : `Later tasks that end and leave the docket: ${later.length}.`);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "docket-waive-confirm");
      await waive.getByRole("button", { name: "Confirm waive" }).click();
      await page.locator("[data-testid=decision-result]").waitFor();
      await page.reload();
      await docketReady(page);
      expect(await taskRow(page, t2.key).locator("[data-status]").getAttribute("data-status")).toBe("waived");
      await page.locator("[data-testid=docket-lapse]").waitFor();
      const afterWaive = await apiGet<{ tasks: Task[]; lapse: { task: string } | null }>(page, `/api/v1/patents/${encodeURIComponent(t2.application)}/docket`);
      expect(afterWaive.lapse?.task).toBe(t2.key);
      for (const x of later) expect(afterWaive.tasks.some((y) => y.key === x.key && y.status === "open")).toBe(false);
      await screenshot(page, backend, "docket-patent-waived-en");
      await context.close();
    });

    it("the forecast's table holds the API's figures, by fiscal year", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "finance");
      await setLanguage(page, "en");
      await page.locator("header nav a[href='/fees/forecast']").click();
      await page.waitForURL("**/fees/forecast");
      await settled(page);
      await page.locator("[data-testid=forecast-summary]").waitFor();
      for (const by of ["institution", "jurisdiction"]) {
        if (by !== "institution") {
          await page.locator("#f-by").selectOption(by);
          await page.waitForURL((u) => u.searchParams.get("by") === by);
          await settled(page);
          await page.locator("[data-testid=forecast-summary]").waitFor();
        }
        const f = await apiGet<{ years: number; lines: { jpy_amount_minor: number | null; fees: number }[];
          totals: { fiscal_year: number; jpy_amount_minor: number | null; fees: number }[] }>(page, `/api/v1/fees/forecast?years=5&by=${by}`);
        expect(f.years).toBe(5);
        expect(f.totals.length).toBeGreaterThan(0);
        const totals = page.locator("main .table-wrap").nth(0).locator("tbody tr");
        expect(await totals.count()).toBe(f.totals.length);
        for (let i = 0; i < f.totals.length; i += 1) {
          const cells = totals.nth(i).locator("td");
          expect(await cells.nth(0).innerText()).toContain(`FY${f.totals[i].fiscal_year}`);
          const jpy = f.totals[i].jpy_amount_minor;
          if (jpy !== null) expect((await cells.nth(1).innerText()).replace(/\D/g, "")).toBe(String(jpy));
          expect(await cells.nth(3).innerText()).toBe(String(f.totals[i].fees));
        }
        const lines = page.locator("main .table-wrap").nth(1).locator("tbody tr");
        expect(await lines.count()).toBe(f.lines.length);
        for (let i = 0; i < Math.min(f.lines.length, 25); i += 1) {
          const jpy = f.lines[i].jpy_amount_minor;
          const cells = lines.nth(i).locator("td");
          if (jpy !== null) expect((await cells.nth(4).innerText()).replace(/\D/g, "")).toBe(String(jpy));
          expect(await cells.nth(5).innerText()).toBe(String(f.lines[i].fees));
        }
      }
      expect(await page.locator("main canvas").count()).toBe(1);
      await checkBothLanguages(page, backend, "docket-forecast", () => page.locator("[data-testid=forecast-summary]").waitFor());
      await context.close();
    });

    it("the review lists the applications with a fee due, sortable, linking to the patent's docket", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "ip_manager");
      await setLanguage(page, "en");
      await page.goto("/docket/review?within=365");
      await settled(page);
      const r = await apiGet<{ items: { number: string }[] }>(page, "/api/v1/docket/review?within=365");
      expect(r.items.length).toBeGreaterThan(0);
      const rows = page.locator("main .table-wrap tbody tr");
      await rows.first().waitFor();
      expect(await rows.count()).toBe(r.items.length);
      expect(await rows.locator("td:nth-child(2)").allInnerTexts()).toEqual(r.items.map((x) => x.number));
      // Sort by the cost to expiry, then back.
      await page.locator("main th button.sort", { hasText: "Cost to expiry" }).click();
      expect(await page.locator("main th[aria-sort=ascending]").innerText()).toContain("Cost to expiry");
      await checkBothLanguages(page, backend, "docket-review", () => settled(page));
      await page.locator("header .lang-switch button[lang=en]").click();
      await rows.first().locator("a", { hasText: "Done or waive" }).click();
      await page.waitForURL((u) => u.pathname.startsWith("/patents/") && u.hash === "#docket");
      await docketReady(page);
      await context.close();
    });

    it("an institution's user sees only its own tasks and cannot decide", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "admin");
      await setLanguage(page, "en");
      const from = TODAY;
      const to = addDays(TODAY, 120);
      const all = await apiGet<TaskPage>(page, `/api/v1/docket?from=${from}&to=${to}&limit=1000`);
      const own = await apiGet<TaskPage>(page, `/api/v1/docket?from=${from}&to=${to}&institution=U-TOKYO&limit=1000`);
      expect(own.items.length).toBeGreaterThan(0);
      expect(own.items.length).toBeLessThan(all.items.length);
      const others = all.items.filter((t) => !own.items.some((o) => o.application === t.application));
      expect(others.length).toBeGreaterThan(0);
      await context.close();

      const v = await newPage(browser, server, "en");
      await signIn(v.page, "institution_viewer");
      await setLanguage(v.page, "en");
      // Another institution's application that the viewer may not see at all (the patent is 404 to it too).
      let foreign: Task | undefined;
      for (const t of others) {
        const status = await v.page.evaluate(async (n) => (await fetch(`/api/v1/patents/${encodeURIComponent(n)}/docket`)).status, t.application);
        if (status === 404) { foreign = t; break; }
      }
      if (!foreign) throw new Error("no foreign application in the range");
      await v.page.goto(`/docket?from=${from}&to=${to}`);
      await settled(v.page);
      await v.page.locator(AGENDA_ROWS).first().waitFor();
      while (await v.page.locator(".pager button").count()) {
        const n = await v.page.locator(AGENDA_ROWS).count();
        await v.page.locator(".pager button").click();
        await v.page.waitForFunction((k) => document.querySelectorAll("main section.docket > .table-wrap table tbody tr").length > k, n);
      }
      const shown = await v.page.locator(`${AGENDA_ROWS} td:nth-child(3)`).allInnerTexts();
      expect(shown).toEqual(own.items.map((t) => t.application));
      expect(shown).not.toContain(foreign.application);
      expect(await v.page.locator("#f-institution").count()).toBe(0);
      expect(await untranslated(v.page)).toEqual([]);
      expect(await seriousViolations(v.page)).toEqual([]);
      await screenshot(v.page, backend, "docket-agenda-viewer-en");

      // Its own patent's tasks without the actions; another's patent is "not found".
      await v.page.goto(`/patents/${encodeURIComponent(own.items[0].application)}#docket`);
      await docketReady(v.page);
      expect(await v.page.locator("[data-testid=patent-docket] .row-actions").count()).toBe(0);
      expect(await v.page.locator("[data-testid=patent-docket] button", { hasText: /^(Done|Waive|Undo)$/ }).count()).toBe(0);
      await v.page.goto(`/patents/${encodeURIComponent(foreign.application)}`);
      await settled(v.page);
      expect(await v.page.locator("main h1").innerText()).toBe("Not found");
      await v.context.close();
    });
  });
}
