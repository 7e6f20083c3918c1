// The scheme pages in Chromium against a real `chizai serve` with the demo
// scheme: aggregated patents with each co-owner's consent and the
// evaluations, packages as of a date (dated membership, weights, shares),
// Super Highway projects with budget, commitments, spending and what is
// recoverable, consortia. Each page is checked with axe-core and for
// untranslated keys in Japanese and English, with screenshots; a role the
// API refuses is offered nothing and gets "not found".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  backends, checkBothLanguages, launchBrowser, newPage, seriousViolations, signIn, startServer, type Server,
} from "./harness";

/** Some table row in the page's main part (captions change with the language). */
const anyRow = (page: Page) => () => page.locator("main table tbody tr").first().waitFor();

const rows = (page: Page, caption: RegExp) =>
  page.locator("main table", { has: page.locator("caption", { hasText: caption }) }).locator("tbody tr");

for (const backend of backends()) {
  describe(`scheme pages (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServer(backend, { patents: 300 });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("aggregation candidates and aggregated patents with evaluations, and each co-owner's consent given or not", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      await page.goto("/scheme/aggregations");
      const list = rows(page, /集約された特許/);
      await list.first().waitFor();
      expect(await list.count()).toBe(12);
      expect(await list.first().innerText()).toMatch(/承認|見送り|評価なし/);
      // Candidates: evaluated, not aggregated, each co-owner's consent given or not.
      const candidates = rows(page, /集約の候補/);
      await candidates.first().waitFor();
      expect(await candidates.count()).toBeGreaterThan(0);
      for (const text of await candidates.allInnerTexts()) expect(text).toMatch(/同意あり|同意なし/);
      expect((await page.locator("main").innerText()).includes("JP2011066388A")).toBe(true);
      // JP2011066388A is co-owned (U-GUNMA and a company) and both consented.
      await page.locator("main a[aria-label$='JP2011066388A']").click();
      await page.waitForURL(/patent=JP2011066388A/);
      const consents = rows(page, /共有者の同意/);
      await consents.first().waitFor();
      expect(await consents.count()).toBe(2);
      expect((await consents.allInnerTexts()).every((t) => t.includes("同意あり"))).toBe(true);
      expect(await rows(page, /^評価$/).count()).toBeGreaterThan(0);
      await checkBothLanguages(page, server.backend, "scheme-aggregations", anyRow(page));
      // The back button returns to the list without a selection.
      await page.goBack();
      await page.waitForURL((u) => !u.search.includes("patent="));
      expect(await page.locator("#agg-detail").count()).toBe(0);
      await context.close();
    });

    it("packages as of a date, with dated membership, weights and shares", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "tech_transfer");
      await page.goto("/scheme/packages");
      const list = rows(page, /パッケージ（/);
      await list.first().waitFor();
      expect(await list.count()).toBe(12);
      await checkBothLanguages(page, server.backend, "scheme-packages", anyRow(page));

      await page.goto("/scheme/packages/PKG-002");
      const members = rows(page, /時点の構成/);
      await members.first().waitFor();
      expect(await members.count()).toBe(2);
      expect(await page.locator("[data-testid=package-status]").innerText()).toBe("ライセンス済");
      expect(await members.first().innerText()).toContain("1/2 (50.0%)");
      await checkBothLanguages(page, server.backend, "scheme-package", anyRow(page));

      // As of a day before the licence: the URL holds the date, the status is the one of that day.
      await page.locator("#pkg-as-of").fill("2016-01-01");
      await page.locator("main form.filters button[type=submit]").click();
      await page.waitForURL(/as_of=2016-01-01/);
      await page.locator("caption", { hasText: "2016" }).first().waitFor();
      expect(await page.locator("[data-testid=package-status]").innerText()).not.toBe("ライセンス済");
      // Before the package existed: the refusal beside the date.
      await page.goto("/scheme/packages/PKG-002?as_of=2015-09-01");
      await page.locator("#pkg-as-of-error").waitFor();
      await page.goto("/scheme/packages/PKG-NONE");
      await page.locator("main h1", { hasText: "見つかりません" }).waitFor();
      await context.close();
    });

    it("Super Highway projects with budget, commitments, spending and what is recoverable", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "finance");
      await page.goto("/scheme/projects");
      const list = rows(page, /プロジェクトの予算/);
      await list.first().waitFor();
      expect(await list.count()).toBe(10);
      expect(await list.first().innerText()).toContain("￥18,000,000");
      await checkBothLanguages(page, server.backend, "scheme-projects", anyRow(page));
      await page.goto("/scheme/projects/SH-01");
      const contracts = rows(page, /委託契約/);
      await contracts.first().waitFor();
      expect(await page.locator("main .card").count()).toBe(5);
      await checkBothLanguages(page, server.backend, "scheme-project", anyRow(page));
      // Finance may not read packages or consortia: not offered, and "not found".
      expect(await page.locator("header nav a[href='/scheme/packages']").count()).toBe(0);
      await page.goto("/scheme/packages");
      await page.locator("main h1", { hasText: "見つかりません" }).waitFor();
      await context.close();
    });

    it("consortia and their members with NDAs", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      await page.goto("/scheme/consortia");
      const list = rows(page, /コンソーシアム（/);
      await list.first().waitFor();
      expect(await list.count()).toBe(10);
      await checkBothLanguages(page, server.backend, "scheme-consortia", anyRow(page));
      await page.locator("main table tbody a", { hasText: "CON-001" }).click();
      await page.waitForURL(/\/scheme\/consortia\/CON-001$/);
      const members = rows(page, /参加者/);
      await members.first().waitFor();
      expect(await members.count()).toBe(4);
      await checkBothLanguages(page, server.backend, "scheme-consortium", anyRow(page));
      await context.close();
    });

    it("an institution viewer sees its own aggregated patents only", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "institution_viewer");
      await page.goto("/scheme/aggregations");
      await page.locator("main table caption").first().waitFor();
      const texts = await rows(page, /集約された特許/).allInnerTexts();
      expect(texts.every((t) => t.includes("U-TOKYO") || t.includes("該当するものはありません"))).toBe(true);
      expect(await page.locator("#agg-institution").inputValue()).toBe("U-TOKYO");
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/scheme/consortia");
      await page.locator("main h1", { hasText: "見つかりません" }).waitFor();
      await context.close();
    });
  });
}
