// The matching pages for a tech-transfer user: the index, a company's and a
// package's ranked matches with their component bars and reasons, the offer
// assignment with its caps, the deal board (a deal moved to the next stage
// with a date and a note, seen in its new column after a reload) and the
// conversion report. axe and untranslated keys in both languages, a
// screenshot of each page in each language; a role without the rights is
// not offered the pages.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  backends, checkBothLanguages, launchBrowser, newPage, screenshot, signIn, startServer, type Server,
} from "./harness";

for (const backend of backends()) {
  describe(`matching (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServer(backend);  // the 300-patent demo: C-0065 and PKG-003 match well
      server.cli(["company", "import", join(server.work, "demo", "companies.jsonl")]);
      server.cli(["staff", "add", "--code", "ST-SATO", "--name-latin", "Sato Hanako", "--name-ja", "佐藤花子", "--region", "japan"]);
      server.cli(["deal", "set", "C-0065", "PKG-003", "lead", "--changed-on", "2026-01-15", "--staff", "ST-SATO", "--note", "first call"]);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("the index lists packages and companies and links to the other pages", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.locator("header nav a[href='/matching']").click();
      await page.waitForURL(/\/matching$/);
      const ready = () => page.locator("main table").nth(1).locator("tbody tr").first().waitFor();
      await checkBothLanguages(page, backend, "matching-index", ready);
      expect(await page.locator("main a[href='/matching/packages/PKG-003']").count()).toBe(1);
      // The region filter is in the URL.
      await page.locator("#match-region").selectOption("europe");
      await page.waitForURL(/region=europe/);
      // The old rows stay until the filtered list has loaded: wait for the new ones.
      const regionCells = page.locator("main table").nth(1).locator("tbody tr td:nth-child(4)");
      await expect.poll(async () => [...new Set(await regionCells.allInnerTexts())]).toEqual(["欧州"]);  // the region's name in Japanese
      await context.close();
    });

    it("a company's matches show each score as component bars with the reasons", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.goto("/matching");
      await page.locator("#match-company").fill("C-0065");
      await page.locator("main form button[type=submit]").first().click();
      await page.waitForURL(/\/matching\/companies\/C-0065/);
      const ready = () => page.locator("main tbody tr meter").first().waitFor();
      await checkBothLanguages(page, backend, "matching-company", ready);
      const first = page.locator("main tbody tr").first();
      // Four components, each a meter on the same 0–100 scale, named with its weight.
      expect(await first.locator("meter.score-meter").count()).toBe(4);
      expect(await first.locator("meter").first().getAttribute("max")).toBe("100");
      const label = await first.locator("meter").first().getAttribute("aria-label");
      expect(label).toMatch(/分類: [\d.]+点（スコア [\d.]+ × 重み 0\.45）/);
      // The top package is PKG-003 with its matched words as the reason.
      expect(await first.locator("td").nth(1).innerText()).toContain("PKG-003");
      expect((await first.locator(".reasons").innerText()).toLowerCase()).toContain("polarizing");
      await context.close();
    });

    it("a package's matches rank companies with bars; an unknown package is not found", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.goto("/matching/packages/PKG-003?top=5");
      const ready = () => page.locator("main tbody tr meter").first().waitFor();
      await checkBothLanguages(page, backend, "matching-package", ready);
      expect(await page.locator("main tbody tr").count()).toBe(5);
      expect(await page.locator("main tbody tr").first().innerText()).toContain("C-0065");
      await page.goto("/matching/packages/PKG-NONE");
      await page.locator("main .not-found").waitFor();
      expect(await page.locator("main table").count()).toBe(0);
      await context.close();
    });

    it("the offer assignment shows its caps and the pairs", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.goto("/matching/assignment");
      await page.locator("#assign-package-cap").fill("2");
      await page.locator("#assign-top").fill("5");
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/run=1/);
      const ready = () => page.locator("main table tbody tr").first().waitFor();
      await checkBothLanguages(page, backend, "matching-assignment", ready);
      expect(await page.locator("main .caps").innerText()).toContain("2");
      const pairs = await page.locator("main table tbody tr").count();
      expect(pairs).toBeGreaterThan(0);
      // Each package at most twice.
      const packages = await page.locator("main table tbody tr td:nth-child(2) a").allInnerTexts();
      for (const p of new Set(packages)) expect(packages.filter((x) => x === p).length).toBeLessThanOrEqual(2);
      // A bad cap: the API's message beside the field, and no result.
      await page.goto("/matching/assignment?package_cap=0&run=1");
      await page.locator("#assign-package-cap-error").waitFor();
      expect(await page.locator("#assign-package-cap-error").innerText()).toContain("at least 1");
      expect(await page.locator("#assign-package-cap").getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator("main table").count()).toBe(0);
      await context.close();
    });

    it("a deal moves to the next stage with a date and a note, and stays there after a reload", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.goto("/matching/deals");
      const card = page.locator("[data-stage=lead] [data-deal='C-0065/PKG-003']");
      const ready = () => page.locator("[data-stage=licensed] .deal-card").first().waitFor();
      await checkBothLanguages(page, backend, "matching-deals", ready);
      await card.waitFor();
      await card.locator("button").click();
      await page.waitForURL(/move=C-0065/);
      const form = card.locator("form.move-form");
      // The keyboard reaches the form: focus is on "move to", next stage chosen.
      expect(await form.locator("select").first().evaluate((e) => e === document.activeElement)).toBe(true);
      expect(await form.locator("select").first().inputValue()).toBe("contacted");
      await form.locator("input[type=date]").fill("2026-02-03");
      await form.locator("textarea").fill("demo at the customer's lab");
      await screenshot(page, backend, "matching-deals-move-ja");
      await form.locator("button[type=submit]").press("Enter");
      await page.locator("main .notice").waitFor();
      await page.reload();
      await page.locator("[data-stage=contacted] [data-deal='C-0065/PKG-003']").waitFor();
      expect(await page.locator("[data-stage=lead] [data-deal='C-0065/PKG-003']").count()).toBe(0);
      const shown = JSON.parse(server.cli(["deal", "show", "C-0065", "PKG-003", "--format", "json"])) as
        { stage: string; changed_on: string; history: { to: string; on: string; note: string }[] };
      expect(shown.stage).toBe("contacted");
      expect(shown.changed_on).toBe("2026-02-03");
      expect(shown.history.at(-1)?.note).toBe("demo at the customer's lab");
      // A date before the previous change is refused with the API's message, nothing moves.
      await page.locator("[data-deal='C-0065/PKG-003'] button").click();
      const again = page.locator("[data-deal='C-0065/PKG-003'] form.move-form");
      await again.locator("input[type=date]").fill("2026-01-01");
      await again.locator("button[type=submit]").click();
      await again.locator("[role=alert]").waitFor();
      expect(await again.locator("[role=alert]").innerText()).toContain("前回の変更日");
      await context.close();
    });

    it("the conversion report shows stages and conversion rates", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.goto("/matching/report");
      const ready = () => page.locator("main table tbody tr").first().waitFor();
      await checkBothLanguages(page, backend, "matching-report", ready);
      expect(await page.locator("main table").count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator("main").innerText()).toMatch(/\d+(\.\d)?%/);
      await context.close();
    });

    it("finance is not offered matching and gets not found", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "finance");
      expect(await page.locator("header nav a[href='/matching']").count()).toBe(0);
      await page.goto("/matching/deals");
      await page.locator("main .not-found").waitFor();
      await context.close();
    });
  });
}
