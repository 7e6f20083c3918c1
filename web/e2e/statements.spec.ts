// Statements and the institution's own view: the institution_viewer of
// U-TOKYO sees its statements month by month, its income chart and a link
// to its patents, and "not found" (nothing else) for another institution's
// statement that exists; finance picks any institution. Every page in
// Japanese and English (axe, no untranslated key, screenshots), and the
// statement's print view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  backends, launchBrowser, newPage, screenshot, seriousViolations, setLanguage, signIn, startServer, untranslated,
  type Server,
} from "./harness";
import { addUsdAgreement, AGREEMENT, OPEN_MONTH, OTHER_STATEMENT, settled } from "./money-fixture";

for (const backend of backends()) {
  describe(`statements (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    let closing = 0;
    let sha = "";
    beforeAll(async () => {
      server = await startServer(backend);
      addUsdAgreement(server);
      server.cli(["payment", "record", "--agreement", AGREEMENT, "--received-on", `${OPEN_MONTH}-20`, "--amount", "20,000.00",
        "--currency", "USD", "--fx-rate", "151.25", "--reference", "WIRE-E2E-1"]);
      server.cli(["close", "--month", OPEN_MONTH]);
      const issued = JSON.parse(server.cli(["statement", "--institution", "U-TOKYO", "--month", OPEN_MONTH, "--format", "json"]));
      closing = issued.closing_balance_minor;
      sha = issued.sha256;
      // The other institution's statement exists (so its 404 is scoping, not absence).
      expect(server.cli(["statement", "--institution", "U-TOKYOTECH", "--month", "2026-03", "--format", "json"])).toContain("sha256");
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    for (const lang of ["ja", "en"] as const) {
      it(`the institution viewer's own statements, chart and statement in ${lang}`, async () => {
        const { context, page } = await newPage(browser, server, lang);
        await signIn(page, "institution_viewer");
        await setLanguage(page, lang);
        // Nothing of finance's is offered.
        const nav = await page.locator("header nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        expect(nav).toContain("/statements");
        expect(nav.filter((h) => h && /^\/(money|licensing)\//.test(h))).toEqual([]);
        // The picker is its own institution.
        await page.locator("header nav a[href='/statements']").click();
        await page.waitForURL("**/statements/U-TOKYO");
        await settled(page);
        expect(await page.locator("main canvas").count()).toBe(1);
        expect(await page.locator(`main a[href="/patents?institution=U-TOKYO"]`).count()).toBe(1);
        const months = page.locator("main .table-wrap table tbody tr");
        expect(await months.count()).toBe(1);
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `statements-own-${lang}`);

        await months.first().locator("a").click();
        await page.waitForURL(`**/statements/U-TOKYO/${OPEN_MONTH}`);
        await settled(page);
        expect(await page.locator("[data-testid=statement-sha256]").innerText()).toBe(sha);
        expect((await page.locator("[data-testid=closing-balance]").innerText()).replace(/\D/g, "")).toBe(String(closing));
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `statement-own-${lang}`);
        await page.emulateMedia({ media: "print" });
        await screenshot(page, backend, `statement-print-${lang}`);
        await page.emulateMedia({ media: "screen" });

        // The back button returns to the months.
        await page.goBack();
        await page.waitForURL("**/statements/U-TOKYO");
        await settled(page);
        await context.close();
      });
    }

    it("another institution's statement URL is \"not found\" and nothing else", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "institution_viewer");
      await setLanguage(page, "en");
      for (const path of [OTHER_STATEMENT, "/statements/U-TOKYOTECH", "/money/close", "/licensing/agreements"]) {
        await page.goto(path);
        await settled(page);
        expect(await page.locator("main h1").innerText()).toBe("Not found");
        expect(await page.locator("main [data-testid=closing-balance]").count()).toBe(0);
        expect(await page.locator("main table").count()).toBe(0);
        expect(await page.locator("main").innerText()).not.toContain("U-TOKYOTECH");
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "statement-not-found-en");
      // Its own statement of that month does not exist either: the API's "no statement".
      await page.goto("/statements/U-TOKYO/2026-03");
      await settled(page);
      expect(await page.locator("main h1").innerText()).toBe("Not found");
      await context.close();
    });

    for (const lang of ["ja", "en"] as const) {
      it(`finance picks an institution and reads its statements in ${lang}`, async () => {
        const { context, page } = await newPage(browser, server, lang);
        await signIn(page, "finance");
        await setLanguage(page, lang);
        await page.goto("/statements");
        await settled(page);
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `statements-${lang}`);
        await page.locator("main a[href='/statements/U-TOKYOTECH']").click();
        await page.waitForURL("**/statements/U-TOKYOTECH");
        await settled(page);
        expect(await page.locator("main .table-wrap table tbody tr").count()).toBeGreaterThanOrEqual(12);
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `statements-months-${lang}`);
        await page.goto(OTHER_STATEMENT);
        await settled(page);
        expect(await page.locator("[data-testid=statement-sha256]").innerText()).toMatch(/^[0-9a-f]{64}$/);
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `statement-${lang}`);
        await context.close();
      });
    }
  });
}
