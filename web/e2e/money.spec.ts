// Licensing and money, as finance uses them: every page in Japanese and
// English (axe, no untranslated key, screenshots); a USD payment with an FX
// rate recorded through the form, its replay and a probable duplicate;
// the month close with its confirmation; the statement opened, downloaded
// as CSV and printed to an A4 PDF whose text (pdftotext) holds the closing
// balance and the SHA-256.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  backends, launchBrowser, newPage, screenshot, seriousViolations, setLanguage, signIn, startServer, untranslated,
  type Server,
} from "./harness";
import { formatAmount } from "../src/lib/format";
import { addUsdAgreement, AGREEMENT, OPEN_MONTH, settled } from "./money-fixture";

const PAGES: [string, string][] = [
  ["agreements", "/licensing/agreements"],
  ["agreement", "/licensing/agreements/LIC-2025-003"],
  ["reports", "/licensing/reports"],
  ["invoices", "/licensing/invoices"],
  ["payments", "/money/payments"],
  ["payment", "/money/payments/PAY-2025-0001"],
  ["payment-new", `/money/payments/new?agreement=${AGREEMENT}`],
  ["payouts", "/money/payouts"],
  ["payables", "/money/payables"],
  ["close", "/money/close"],
];

async function checkPage(page: Page): Promise<void> {
  await settled(page);
  expect(await untranslated(page)).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
}

for (const backend of backends()) {
  describe(`licensing and money (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServer(backend);
      addUsdAgreement(server);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    for (const lang of ["ja", "en"] as const) {
      it(`finance's pages in ${lang}: accessible, translated, with their data`, async () => {
        const { context, page } = await newPage(browser, server, lang);
        await signIn(page, "finance");
        await setLanguage(page, lang);
        for (const [name, path] of PAGES) {
          await page.goto(path);
          await checkPage(page);
          await screenshot(page, backend, `${name}-${lang}`);
        }
        // The lists hold the demo's rows; the agreement page its terms and invoices.
        await page.goto("/licensing/agreements");
        await settled(page);
        expect(await page.locator("main table tbody tr").count()).toBeGreaterThanOrEqual(10);
        await page.goto("/licensing/agreements/LIC-2025-003");
        await settled(page);
        expect(await page.locator("main").innerText()).toContain("C-0096");
        await context.close();
      });
    }

    it("a filter is in the URL and the back button undoes it", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "finance");
      await page.goto("/money/payments");
      await settled(page);
      const all = await page.locator("main table tbody tr").count();
      await page.locator("#f-agreement").fill("LIC-2025-002");
      await page.locator("#f-agreement").press("Enter");
      await page.waitForURL(/agreement=LIC-2025-002/);
      await settled(page);
      const rows = page.locator("main table tbody tr");
      await page.waitForFunction((n) => document.querySelectorAll("main table tbody tr").length < n, all);
      for (const text of await rows.allInnerTexts()) expect(text).toContain("LIC-2025-002");
      await page.goBack();
      await page.waitForURL((u) => !u.search.includes("agreement="));
      await page.waitForFunction((n) => document.querySelectorAll("main table tbody tr").length === n, all);
      expect(await page.locator("#f-agreement").inputValue()).toBe("");
      await context.close();
    });

    it("finance records a USD payment with an FX rate; a replay shows the first result; a duplicate asks first", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "finance");
      await setLanguage(page, "en");
      await page.goto(`/money/payments/new?agreement=${AGREEMENT}`);
      await settled(page);
      expect(await page.locator("#pay-agreement").inputValue()).toBe(AGREEMENT);
      const fill = async (reference: string, fx: string) => {
        await page.locator("#pay-amount").fill("20,000.00");
        await page.locator("#pay-currency").selectOption("USD");
        await page.locator("#pay-fx").fill(fx);
        await page.locator("#pay-reference").fill(reference);
        await page.locator("#pay-date").fill(`${OPEN_MONTH}-20`);
      };
      // No rate: refused beside the field before anything is sent.
      await fill("WIRE-E2E-1", "");
      await page.locator("form button[type=submit]").click();
      await expect.poll(() => page.locator("#pay-fx-error").innerText()).toContain("FX rate");
      // An implausible rate: the API's refusal, beside the field.
      await page.locator("#pay-fx").fill("1.25");
      await page.locator("form button[type=submit]").click();
      await expect.poll(() => page.locator("#pay-fx-error").innerText()).toContain("outside the accepted range");
      expect(await page.locator("#pay-fx").getAttribute("aria-invalid")).toBe("true");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "payment-new-error-en");
      await page.locator("#pay-fx").fill("151.25");
      await page.locator("form button[type=submit]").click();
      await page.locator("p.notice").waitFor();
      expect(await page.locator("p.notice").innerText()).toContain("WIRE-E2E-1 was recorded");
      // 20,000.00 USD at 151.25 JPY = 3,025,000 JPY; U-TOKYO's 2/3 of it.
      expect(await page.locator("[data-testid=payment-jpy]").innerText()).toBe(formatAmount(3025000, "JPY", "en"));
      expect(await page.locator("main").innerText()).toContain("U-TOKYO");
      await screenshot(page, backend, "payment-recorded-en");

      // The same bank reference and content again: the first result, nothing written.
      await page.goto(`/money/payments/new?agreement=${AGREEMENT}`);
      await settled(page);
      await fill("WIRE-E2E-1", "151.25");
      await page.locator("form button[type=submit]").click();
      await page.locator("p.notice").waitFor();
      expect(await page.locator("p.notice").innerText()).toContain("already recorded");
      expect(await page.locator("[data-testid=payment-jpy]").innerText()).toBe(formatAmount(3025000, "JPY", "en"));

      // Another reference, the same agreement, amount and day: a probable duplicate.
      await page.goto(`/money/payments/new?agreement=${AGREEMENT}`);
      await settled(page);
      await fill("WIRE-E2E-2", "151.25");
      await page.locator("form button[type=submit]").click();
      const warning = page.locator("[role=alertdialog]");
      await warning.waitFor();
      expect(await warning.innerText()).toContain("WIRE-E2E-1");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "payment-duplicate-en");
      await warning.locator("button", { hasText: "Do not record it" }).click();
      await warning.waitFor({ state: "detached" });
      expect(server.cli(["payment", "list", "--agreement", AGREEMENT, "--format", "json"])).not.toContain("WIRE-E2E-2");
      // Confirmed: recorded (the licensee's credit: the invoice is paid already).
      await page.locator("form button[type=submit]").click();
      await warning.waitFor();
      await warning.locator("button.primary").click();
      await page.locator("p.notice").waitFor();
      expect(await page.locator("p.notice").innerText()).toContain("WIRE-E2E-2 was recorded");
      expect(server.cli(["payment", "list", "--agreement", AGREEMENT, "--format", "json"])).toContain("WIRE-E2E-2");
      await context.close();
    });

    it("a payout recorded in error is reversed with its reason, which the list then shows", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "finance");
      await setLanguage(page, "en");
      await page.goto("/money/payouts?institution=U-GIFU");
      await settled(page);
      const row = page.locator("main table tbody tr", { hasText: "PO-2026-03-01" });
      await row.locator("button", { hasText: "Reverse" }).click();
      const form = page.locator("[data-testid=reverse-form]");
      await form.waitFor();
      // The keyboard is on the form's first control.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("rev-date-payouts");
      await form.locator("input[type=date]").fill(`${OPEN_MONTH}-25`);
      await form.locator("textarea").fill("paid twice");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "payout-reverse-en");
      await form.locator("button[type=submit]").click();
      await form.waitFor({ state: "detached" });
      await expect.poll(() => row.innerText()).toContain("paid twice");
      expect(await row.innerText()).toContain("Reversed (25 Apr 2026)");
      await context.close();
    });

    it("finance submits a royalty report and a correction of it; each shows the invoice it issued", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "finance");
      await setLanguage(page, "en");
      await page.goto(`/licensing/reports?agreement=${AGREEMENT}`);
      await settled(page);
      expect(await page.locator("main .table-wrap tbody td.empty").count()).toBe(1);
      await page.locator("main .page-title button", { hasText: "Submit a royalty report" }).click();
      const form = page.locator("[data-testid=report-form]");
      await form.waitFor();
      expect(await page.locator("#rep-agreement").inputValue()).toBe(AGREEMENT);
      await page.locator("#rep-start").fill(`${OPEN_MONTH}-01`);
      await page.locator("#rep-end").fill(`${OPEN_MONTH}-30`);
      await page.locator("#rep-territory-0").fill("US");
      await page.locator("#rep-product-0").fill("cell A");
      await page.locator("#rep-sales-0").fill("100,000.00");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "report-form-en");
      await form.locator("button[type=submit]").click();
      const outcome = page.locator("[data-testid=report-outcome]");
      await outcome.waitFor();
      // 3% of 100,000.00 USD.
      expect(await outcome.innerText()).toContain(formatAmount(300000, "USD", "en"));
      await outcome.locator("button", { hasText: "Close" }).click();
      const row = page.locator("main .table-wrap tbody tr").first();
      await expect.poll(() => row.innerText()).toContain("Correct");
      await row.locator("button", { hasText: "Correct" }).click();
      await form.waitFor();
      expect(await form.locator("h2").innerText()).toMatch(/^Corrects report \d+$/);
      expect(await page.locator("#rep-start").inputValue()).toBe(`${OPEN_MONTH}-01`);
      await page.locator("#rep-territory-0").fill("US");
      await page.locator("#rep-product-0").fill("cell A");
      await page.locator("#rep-sales-0").fill("50,000.00");
      await form.locator("button[type=submit]").click();
      await outcome.waitFor();
      // The correction invoices the difference: a credit note of 1,500.00 USD.
      expect(await outcome.innerText()).toContain(formatAmount(-150000, "USD", "en"));
      await screenshot(page, backend, "report-correction-en");
      await outcome.locator("button", { hasText: "Close" }).click();
      await expect.poll(() => page.locator("main .table-wrap tbody").innerText()).toMatch(/Corrected by report \d+/);
      await context.close();
    });

    it("finance closes the month after a confirmation of what will be issued, opens the statement and prints it on A4", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await signIn(page, "finance");
      await setLanguage(page, "en");
      await page.goto("/money/close");
      await settled(page);
      await page.locator("#close-month").fill(OPEN_MONTH);
      await page.locator("form button[type=submit]").click();
      const confirm = page.locator("[data-testid=close-confirm]");
      await confirm.waitFor();
      const shown = await confirm.innerText();
      expect(shown).toContain("Closing April 2026 will issue these statements");
      expect(shown).toContain("U-TOKYO");
      // Nothing was written by the preview: the month is still open.
      const open = JSON.parse(server.cli(["statement", "--institution", "U-TOKYO", "--month", OPEN_MONTH, "--format", "json"]));
      expect(open.provisional).toBe(true);
      const previewRow = confirm.locator("tbody tr", { hasText: "U-TOKYO" }).first();
      const previewSha = (await previewRow.locator("code").innerText()).trim();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "close-confirm-en");
      await confirm.locator("button.primary").click();
      const done = page.locator("[data-testid=close-done]");
      await done.waitFor();
      expect(await done.innerText()).toContain("April 2026 is closed");
      await screenshot(page, backend, "close-done-en");

      // The statement the close issued: the hash the confirmation showed.
      await done.locator("a", { hasText: "U-TOKYO" }).first().click();
      await page.waitForURL(`**/statements/U-TOKYO/${OPEN_MONTH}`);
      await settled(page);
      const closing = (await page.locator("[data-testid=closing-balance]").innerText()).trim();
      const sha = (await page.locator("[data-testid=statement-sha256]").innerText()).trim();
      expect(sha).toBe(previewSha);
      const issued = JSON.parse(server.cli(["statement", "--institution", "U-TOKYO", "--month", OPEN_MONTH, "--format", "json"]));
      expect(issued.sha256).toBe(sha);
      expect(issued.provisional).toBe(false);
      expect(closing).toBe(formatAmount(issued.closing_balance_minor, "JPY", "en"));
      expect(issued.closing_balance_minor).toBeGreaterThanOrEqual(2016667);
      expect(await seriousViolations(page)).toEqual([]);

      // The statement's CSV, as the API renders it.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator("main button", { hasText: "Download CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`statement-U-TOKYO-${OPEN_MONTH}.csv`);
      const csvPath = join(server.work, "statement.csv");
      await download.saveAs(csvPath);
      expect(readFileSync(csvPath, "utf8")).toContain("WIRE-E2E-1");

      // Printed: Chromium's PDF on A4, read back with pdftotext.
      await page.emulateMedia({ media: "print" });
      await screenshot(page, backend, "close-statement-print-en");
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      const pdfPath = join(server.work, "statement.pdf");
      writeFileSync(pdfPath, pdf);
      const text = execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" });
      expect(text).toContain(closing);
      expect(text.replace(/\s+/g, "")).toContain(sha);
      expect(text).not.toContain("Download CSV");
      await page.emulateMedia({ media: "screen" });
      await context.close();
    });
  });
}
