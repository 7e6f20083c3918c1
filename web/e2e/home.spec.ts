// The home page per role: each role sees the "what needs doing" items its
// API rights cover (admin and finance the months not closed; tech_transfer
// the deals without a next step) and the programme's figures; an
// institution viewer sees only U-TOKYO's figures. axe and untranslated keys
// in both languages; a screenshot per role and language.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  backends, launchBrowser, newPage, screenshot, seriousViolations, setLanguage, signIn, startServer,
  untranslated, type RoleKey, type Server,
} from "./harness";

async function items(page: Page): Promise<string[]> {
  return page.locator("main [data-testid^=todo-], main [data-testid^=figure-]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid") ?? ""));
}

for (const backend of backends()) {
  describe(`home (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServer(backend, { patents: 200 });
      // An open deal whose last step is long past: a deal without a next step.
      server.cli(["company", "import", join(server.work, "demo", "companies.jsonl")]);
      server.cli(["staff", "add", "--code", "ST-SATO", "--name-latin", "Sato Hanako", "--name-ja", "佐藤花子", "--region", "japan"]);
      server.cli(["deal", "set", "C-0034", "PKG-004", "contacted", "--changed-on", "2026-01-15", "--staff", "ST-SATO"]);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const expected: Record<RoleKey, { has: string[]; not: string[] }> = {
      admin: { has: ["todo-candidates", "todo-deals", "todo-months", "todo-statements", "figure-patents", "figure-utilisation"], not: [] },
      finance: { has: ["todo-months", "todo-statements", "figure-utilisation"], not: ["todo-deals", "todo-candidates", "figure-patents"] },
      tech_transfer: { has: ["todo-candidates", "todo-deals", "figure-patents", "figure-utilisation"], not: ["todo-months", "todo-statements"] },
      ip_manager: { has: ["todo-candidates", "todo-statements", "figure-patents"], not: ["todo-deals", "todo-months", "figure-utilisation"] },
      institution_viewer: { has: ["todo-statements", "figure-patents"], not: ["todo-deals", "todo-months", "todo-candidates", "figure-utilisation"] },
    };

    for (const role of Object.keys(expected) as RoleKey[]) {
      it(`${role} sees its own home`, async () => {
        const { context, page } = await newPage(browser, server);
        const calls: string[] = [];
        page.on("request", (r) => { if (r.url().includes("/api/v1/")) calls.push(new URL(r.url()).pathname); });
        await signIn(page, role);
        await page.locator("main .home .cards").first().waitFor();
        const shown = await items(page);
        for (const id of expected[role].has) expect(shown, `${role} should see ${id}`).toContain(id);
        for (const id of expected[role].not) expect(shown, `${role} should not see ${id}`).not.toContain(id);
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `home-${role}-ja`);
        await setLanguage(page, "en");
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        const text = await page.locator("main").innerText();
        if (role === "admin" || role === "finance") {
          // The demo closed its first year of months; the months since are open.
          const months = Number((await page.locator("[data-testid=todo-months] .figure").innerText()).replace(/\D/g, ""));
          expect(months).toBeGreaterThan(0);
          expect(text).toContain("Months not yet closed");
        }
        if (role === "tech_transfer" || role === "admin") {
          const stale = Number((await page.locator("[data-testid=todo-deals] .figure").innerText()).replace(/\D/g, ""));
          expect(stale).toBeGreaterThanOrEqual(1);
          expect(await page.locator("[data-testid=todo-deals] a").getAttribute("href")).toBe("/matching/deals");
        }
        if (expected[role].has.includes("figure-utilisation")) {
          const u = await page.locator("[data-testid=figure-utilisation]").innerText();
          expect(u).toContain("30.3%");
          expect(u).toContain("not the same population");
          expect(u).toContain("÷");
        }
        if (role === "institution_viewer" || role === "ip_manager") {
          // Only U-TOKYO: its patent count is its own, and no other institution is named.
          const own = JSON.parse(server.cli(["portfolio", "summary", "--institution", "U-TOKYO", "--format", "json"])) as { patents: number };
          const figure = Number((await page.locator("[data-testid=figure-patents] .figure").innerText()).replace(/\D/g, ""));
          expect(figure).toBe(own.patents);
          expect(text).toContain("U-TOKYO");
          expect(text).not.toMatch(/U-KYOTO|U-OSAKA|SH-0\d/);
          expect(calls).not.toContain("/api/v1/programme/report");
          expect(calls.filter((c) => c.startsWith("/api/v1/deals"))).toEqual([]);
        }
        await screenshot(page, backend, `home-${role}-en`);
        await context.close();
      });
    }

    it("shows the income and budget charts with their table alternatives", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "admin");
      await setLanguage(page, "en");
      await page.locator("figure.chart").first().waitFor();
      const captions = await page.locator("figure.chart figcaption").allInnerTexts();
      expect(captions.some((c) => c.includes("Licence income by month"))).toBe(true);
      expect(captions.some((c) => c.includes("Super Highway project"))).toBe(true);
      // The hidden table holds the same figures, formatted as amounts.
      expect(await page.locator("figure.chart table tbody tr").count()).toBeGreaterThan(3);
      expect(await page.locator("figure.chart table").first().innerText()).toMatch(/¥[\d,]+/);
      await context.close();
    });
  });
}
