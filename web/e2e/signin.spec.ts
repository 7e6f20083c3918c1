// Signing in and out, per role; the session cookie and the CSRF defence as
// a hostile page would meet them; security headers; accessibility of the
// sign-in and home pages.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  backends, launchBrowser, newPage, screenshot, seriousViolations, setLanguage, signIn, startServer,
  untranslated, USERS, type RoleKey, type Server,
} from "./harness";

for (const backend of backends()) {
  describe(`sign-in (${backend})`, () => {
    let server: Server;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServer(backend, { patents: 120 });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("serves the page with its security headers and caching", async () => {
      const res = await fetch(`${server.base}/patents?institution=U-TOKYO`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(res.headers.get("cache-control")).toMatch(/no-cache|no-store/);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBeTruthy();
      const html = await res.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeTruthy();
      const js = await fetch(`${server.base}${asset}`);
      expect(js.headers.get("cache-control")).toContain("max-age=31536000");
      // No script inline in the page (the CSP would refuse it anyway).
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    });

    it("refuses a wrong password without saying whether the name exists", async () => {
      const { context, page } = await newPage(browser, server, "en");
      await page.goto("/signin");
      await setLanguage(page, "en");
      await page.locator("#signin-name").fill(USERS.finance.name);
      await page.locator("#signin-password").fill("not the password");
      await page.locator("form button[type=submit]").click();
      const wrongPassword = await page.locator("[role=alert]").first().innerText();
      await page.locator("#signin-name").fill("nobody-by-this-name");
      await page.locator("#signin-password").fill("not the password");
      await page.locator("form button[type=submit]").click();
      await page.waitForTimeout(200);
      const unknownName = await page.locator("[role=alert]").first().innerText();
      expect(wrongPassword).toBe(unknownName);
      expect(wrongPassword).toContain("not right");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, backend, "signin-en");
      await context.close();
    });

    for (const role of Object.keys(USERS) as RoleKey[]) {
      it(`${role} signs in and sees a home page`, async () => {
        const { context, page } = await newPage(browser, server);
        await signIn(page, role);
        await page.locator("main h1").first().waitFor();
        expect(await page.locator("header .who").innerText()).toContain(USERS[role].name);
        expect(await untranslated(page)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, backend, `home-${role}-ja`);
        await setLanguage(page, "en");
        expect(await untranslated(page)).toEqual([]);
        await screenshot(page, backend, `home-${role}-en`);
        await context.close();
      });
    }

    it("remembers the language per user", async () => {
      const first = await newPage(browser, server, "ja");
      await signIn(first.page, "finance");
      await setLanguage(first.page, "en");
      await first.context.close();
      const second = await newPage(browser, server, "ja");
      await signIn(second.page, "finance");
      await second.page.waitForFunction(() => document.documentElement.lang === "en");
      await setLanguage(second.page, "ja");
      await second.context.close();
    });

    it("sign-out ends the session: the old cookie is refused", async () => {
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      const cookie = (await context.cookies()).find((c) => c.name === "chizai_session");
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe("Strict");
      const before = await fetch(`${server.base}/api/v1/session`, { headers: { Cookie: `chizai_session=${cookie?.value}` } });
      expect(before.status).toBe(200);
      await page.locator("header button", { hasText: /サインアウト|Sign out/ }).click();
      await page.waitForURL(/\/signin/);
      const after = await fetch(`${server.base}/api/v1/session`, { headers: { Cookie: `chizai_session=${cookie?.value}` } });
      expect(after.status).toBe(401);
      const list = await fetch(`${server.base}/api/v1/patents`, { headers: { Cookie: `chizai_session=${cookie?.value}` } });
      expect(list.status).toBe(401);
      await context.close();
    });

    it("refuses a cross-site form post made with the user's session", async () => {
      // A page on another origin (another port: the same "site" to the
      // browser, so SameSite alone would not stop it) posts a form to the
      // API while the admin is signed in.
      const hostile: HttpServer = createServer((_req, res) => {
        res.setHeader("Content-Type", "text/html");
        res.end(`<!doctype html><form id=f method=POST enctype="text/plain"
          action="${server.base}/api/v1/institutions"><input name='{"code":"EVIL-1","kind":"university","name_en":"Evil","x":"' value='"}'></form>
          <script>document.getElementById('f').submit()</script>`);
      });
      await new Promise<void>((ok) => hostile.listen(0, "127.0.0.1", ok));
      const port = (hostile.address() as AddressInfo).port;
      const { context, page } = await newPage(browser, server);
      await signIn(page, "admin");
      const answer = page.waitForResponse((r) => r.url().includes("/api/v1/institutions"));
      await page.goto(`http://127.0.0.1:${port}/`);
      const res = await answer;
      expect([401, 403]).toContain(res.status());
      expect(server.cli(["institution", "list", "--format", "csv"])).not.toContain("EVIL-1");
      await context.close();
      hostile.close();
    });
  });
}
