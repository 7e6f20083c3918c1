// The patents pages in Chromium against a real `chizai serve`: the list
// (filters in the URL, keyset pages and the back button, a number in any
// spelling), a patent page with its families drawn, the register form with
// the API's field error beside the field, the import refused with its row
// report and nothing written, and a scoped viewer's "not found" for another
// institution's patent. Every page is checked with axe-core and for
// untranslated keys in Japanese and English.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  backends, checkBothLanguages, launchBrowser, newPage, PROJECT_DIR, screenshot, seriousViolations, signIn, startServer,
  type Server,
} from "./harness";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Row { number: string; owners: string; family: string }

/** Whether `code` is one of the row's owners ("U-TOKYO:1/2; C-0001:1/2"). */
const ownedBy = (r: Row, code: string) => r.owners.split(/;\s*/).some((o) => o.split(":")[0] === code);

/** The registry as the CLI lists it (number, owners, simple family). */
function registry(server: Server): Row[] {
  const csv = server.cli(["patent", "list", "--format", "csv"]).trim().split("\n").slice(1);
  return csv.map((line) => {
    const f = line.split(",");
    return { number: f[0], owners: f[6], family: f[8] };
  });
}

/** axe and untranslated keys in both languages, with screenshots `<name>-ja` / `<name>-en`. */
for (const backend of backends()) {
  describe(`patents pages (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    let rows: Row[];
    beforeAll(async () => {
      server = await startServer(backend, { patents: 300 });
      browser = await launchBrowser();
      rows = registry(server);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("lists the registry with filters in the URL, keyset pages and the back button", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      await page.goto("/patents");
      const body = page.locator("main table tbody tr");
      await body.first().waitFor();
      expect(await body.count()).toBe(50);
      const firstPage = await body.first().locator("td").first().innerText();
      await page.locator("main a[rel=next]").click();
      await page.waitForURL(/after=/);
      await page.waitForFunction((first) => {
        const cell = document.querySelector("main table tbody tr td");
        return cell && cell.textContent !== first;
      }, firstPage);
      expect(await body.first().locator("td").first().innerText()).not.toBe(firstPage);
      await page.goBack();
      await page.waitForURL((u) => !u.search.includes("after="));
      await page.waitForFunction((first) => document.querySelector("main table tbody tr td")?.textContent === first, firstPage);

      // A filter is part of the URL; the list holds only that institution's patents.
      await page.locator("#pf-institution").fill("U-TOKYO");
      await page.locator("main form.filters button[type=submit]").click();
      await page.waitForURL(/institution=U-TOKYO/);
      await page.waitForFunction(() => [...document.querySelectorAll("main table tbody tr")]
        .every((tr) => (tr.textContent ?? "").includes("U-TOKYO")));
      expect(await body.count()).toBeGreaterThan(0);
      await checkBothLanguages(page, server.backend, "patents-list", () => body.first().waitFor());

      // The aggregator is owner of record of the patents assigned to it (the
      // universities stay beneficiaries): the role filter shows each side.
      const assigned = server.cli(["patent", "list", "--institution", "AGG-JST", "--role", "owner", "--format", "csv"])
        .trim().split("\n").slice(1).map((l) => l.split(",")[0]);
      expect(assigned.length).toBeGreaterThan(0);
      await page.goto("/patents?institution=AGG-JST&role=owner");
      await page.waitForFunction((n) => document.querySelectorAll("main table tbody tr td:first-child a").length === n,
        Math.min(assigned.length, 50));
      expect(await page.locator("#pf-role").inputValue()).toBe("owner");
      await page.goto("/patents?institution=AGG-JST&role=beneficiary");
      await page.locator("main td.empty").waitFor();

      // A bad filter value: the API's refusal beside the field it names.
      await page.goto("/patents?ipc=31H");
      await page.locator("#pf-ipc-error").waitFor();
      expect(await page.locator("#pf-ipc").getAttribute("aria-invalid")).toBe("true");
      await context.close();
    });

    it("shows a patent with owners, priority claims, both families drawn, aggregation and activity", async () => {
      // A patent whose simple family has several registered members.
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.family, (counts.get(r.family) ?? 0) + 1);
      const member = rows.find((r) => (counts.get(r.family) ?? 0) >= 3 && r.number !== r.family) ??
        rows.find((r) => (counts.get(r.family) ?? 0) >= 2);
      expect(member).toBeTruthy();
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      await page.goto(`/patents/${encodeURIComponent(member!.number)}`);
      await page.locator("figure.family-graph svg").first().waitFor();
      expect(await page.locator("main h1").innerText()).toBe(member!.number);
      expect(await page.locator("figure.family-graph").first().locator(".fg-node").count())
        .toBe(rows.filter((r) => r.family === member!.family).length);
      expect(await page.locator("figure.family-graph .fg-current").count()).toBeGreaterThan(0);
      expect(await page.locator("figure.family-graph .fg-edge").count()).toBeGreaterThan(0);
      await page.locator("main h2", { hasText: "受領した収入" }).waitFor();
      await checkBothLanguages(page, server.backend, "patent-page", () => page.locator("main h2", { hasText: /受領した収入|Income received/ }).waitFor());

      // A licensed, co-owned patent of the demo scheme: its package, licences and income.
      await page.goto(`/patents/${encodeURIComponent("特願2011-066388")}`);
      await page.locator("main h1", { hasText: "JP2011066388A" }).waitFor();
      await page.locator("[data-testid=patent-income-total]").waitFor();
      expect(await page.locator("main table", { has: page.locator("caption", { hasText: "ライセンス" }) }).locator("tbody tr").count())
        .toBeGreaterThanOrEqual(1);
      expect(await page.locator("main").innerText()).toContain("PKG-001");
      expect(await page.locator("[data-testid=patent-income-total]").innerText()).toMatch(/￥[\d,]+/);
      await page.goto("/families/" + encodeURIComponent(member!.number));
      await page.locator("main table tbody tr").first().waitFor();
      expect(await page.locator("main table tbody tr").count()).toBe(rows.filter((r) => r.family === member!.family).length);
      await checkBothLanguages(page, server.backend, "family-page", () => page.locator("main table tbody tr").first().waitFor());
      await context.close();
    });

    it("an IP manager registers a patent, sees the field error, fixes it and finds it by another spelling", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "ip_manager");
      await page.goto("/patents/new");
      await page.locator("#pf-application_number").fill("特願2026-012345");
      await page.locator("#pf-filing_date").fill("2026-13-40");
      await page.locator("#pf-title").fill("Solid electrolyte for thin-film batteries");
      await page.locator("#pf-title_ja").fill("薄膜電池用固体電解質");
      expect(await page.locator("#pf-owners").inputValue()).toBe("U-TOKYO");
      await page.locator("main form button[type=submit]").click();
      const fieldError = page.locator("#pf-filing_date-error");
      await fieldError.waitFor();
      expect(await fieldError.innerText()).toContain("2026-13-40");
      expect(await page.locator("#pf-filing_date").getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator("#pf-filing_date").getAttribute("aria-describedby")).toContain("pf-filing_date-error");
      // Nothing was registered.
      expect(() => server.cli(["patent", "show", "JP2026012345A"])).toThrow();
      await checkBothLanguages(page, server.backend, "patent-form-error", () => fieldError.waitFor());

      await page.locator("#pf-filing_date").fill("2026-02-01");
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/patents\/JP2026012345A$/);
      await page.locator("main h1", { hasText: "JP2026012345A" }).waitFor();

      // Found again by another spelling of its number, typed in the list's search box.
      await page.goto("/patents");
      await page.locator("#pf-q").fill("JP 2026-012345");
      await page.locator("main form.filters button[type=submit]").click();
      await page.waitForURL(/\/patents\/JP2026012345A$/);
      await page.locator("main h1", { hasText: "JP2026012345A" }).waitFor();
      expect(await page.locator("main").innerText()).toContain("薄膜電池用固体電解質");
      // And by a URL with the Japanese spelling.
      await page.goto(`/patents/${encodeURIComponent("特願2026-012345")}`);
      await page.locator("main h1", { hasText: "JP2026012345A" }).waitFor();

      // The edit form changes one field through PATCH.
      await page.goto("/patents/JP2026012345A/edit");
      await page.locator("#pf-title").fill("Solid electrolyte for thin-film cells");
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/patents\/JP2026012345A$/);
      expect(server.cli(["patent", "show", "JP2026012345A", "--format", "json"])).toContain('"title": "Solid electrolyte for thin-film cells"');
      await context.close();
    });

    it("refuses an import with a bad row, names the row, and writes nothing", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "ip_manager");
      await page.goto("/patents/import");
      const csv = "application_number,filing_date,title,owners\n" +
        "特願2026-020001,2026-03-01,Good row,U-TOKYO:1\n" +
        "特願2026-020002,2026-99-01,Bad row,U-TOKYO:1\n";
      await page.locator("#imp-file").setInputFiles({ name: "patents.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.locator("main form button[type=submit]").click();
      const problems = page.locator("main table tbody tr");
      await problems.first().waitFor();
      expect(await problems.count()).toBe(1);
      const cells = await problems.first().locator("td").allInnerTexts();
      expect(cells[0]).toBe("3");
      expect(cells[2]).toBe("filing_date");
      expect(cells[3]).toContain("2026-99-01");
      expect(await page.locator("[data-testid=import-written]").innerText()).toBe("いいえ");
      expect(await page.locator("[data-testid=import-rejected]").innerText()).toBe("1");
      await page.locator("main .error-box").waitFor();
      // The good row's patent does not exist.
      expect(() => server.cli(["patent", "show", "JP2026020001A"])).toThrow();
      await checkBothLanguages(page, server.backend, "patent-import-report", () => problems.first().waitFor());
      await page.goto("/patents/JP2026020001A");
      await page.locator("main h1", { hasText: /見つかりません|Not found/ }).waitFor();
      await context.close();
    });

    it("imports a DOCDB document: refused naming the unresolved applicant, then created by an administrator", async () => {
      // tests/data/office: an EPO DOCDB exchange document (MIT, go-epo-bdds).
      const xml = readFileSync(join(PROJECT_DIR, "tests/data/office/go-epo-bdds_docdb/WO-2023012807-A1_507242069.xml"));
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      await page.goto("/patents/import");
      await page.locator("#imp-file").setInputFiles({ name: "WO2023012807.xml", mimeType: "application/xml", buffer: xml });
      await page.locator("main form button[type=submit]").click();
      await page.locator("[data-testid=import-office-unresolved]").waitFor();
      const unresolved = await page.locator("[data-testid=import-office-unresolved] li").allInnerTexts();
      expect(unresolved.length).toBe(1);
      // The name, then the registered institutions closest to it (edit distance of the folded names, per mille).
      expect(unresolved[0]).toMatch(/^YEDA RESEARCH AND DEVELOPMENT CO\. LTD\. — 近い機関: O-AMED \(Japan Agency for Medical Research and Development, \d+‰\)/);
      expect(await page.locator("[data-testid=import-written]").innerText()).toBe("いいえ");
      expect(() => server.cli(["patent", "show", "IL2022050854W"])).toThrow();
      await page.locator("#imp-unresolved").selectOption("create");
      await page.locator("main form button[type=submit]").click();
      await page.locator("[data-testid=import-written]", { hasText: "はい" }).waitFor();
      expect(await page.locator("[data-testid=import-office-kind]").innerText()).toBe("EPO DOCDB exchange documents");
      expect(await page.locator("[data-testid=import-inserted]").innerText()).toBe("1");
      expect(await page.locator("[data-testid=import-office-publications_added]").innerText()).toBe("1");
      expect(server.cli(["patent", "show", "IL2022050854W"])).toContain("priority: US202163230089P 2021-08-06 provisional");
      await context.close();
    });

    it("an institution viewer gets 'not found' and nothing else for another institution's patent", async () => {
      const foreign = rows.find((r) => !ownedBy(r, "U-TOKYO"));
      expect(foreign).toBeTruthy();
      const own = rows.find((r) => ownedBy(r, "U-TOKYO"));
      const { context, page } = await newPage(browser, server);
      await signIn(page, "institution_viewer");
      for (const path of [`/patents/${encodeURIComponent(foreign!.number)}`, `/families/${encodeURIComponent(foreign!.number)}`,
        `/patents/${encodeURIComponent(foreign!.number)}/edit`, "/patents/new"]) {
        await page.goto(path);
        await page.locator("main h1", { hasText: "見つかりません" }).waitFor();
        const text = await page.locator("main").innerText();
        expect(text).not.toContain(foreign!.number);
        expect(await page.locator("main table").count()).toBe(0);
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "patent-not-found-ja");
      // Its own patents open, and the list shows nothing of anyone else's.
      await page.goto(`/patents/${encodeURIComponent(own!.number)}`);
      await page.locator("main h1", { hasText: own!.number }).waitFor();
      await page.goto("/patents");
      await page.locator("main table tbody tr").first().waitFor();
      const listed = await page.locator("main table tbody tr").allInnerTexts();
      expect(listed.every((t) => t.includes("U-TOKYO"))).toBe(true);
      expect(await page.locator("header nav a", { hasText: "特許" }).count()).toBe(1);
      expect(await page.locator("main a[href='/patents/new']").count()).toBe(0);
      await context.close();
    });
  });
}
