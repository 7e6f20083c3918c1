import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, allPages, api, buildUrl, onUnauthorized, setCsrfToken, setFetch } from "../src/lib/api";

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { "Content-Type": "application/json", ...headers } });
}

afterEach(() => setCsrfToken(null));

describe("the API client", () => {
  it("builds URLs, leaving out empty query values", () => {
    expect(buildUrl("patents", { institution: "U-TOKYO", q: "", after: null, limit: 50 }))
      .toBe("/api/v1/patents?institution=U-TOKYO&limit=50");
  });

  it("turns an API error body into an ApiError with code, message and field", async () => {
    setFetch(async () => reply(400, { error: { code: "bad_date", message: "filing_date: not a date", field: "filing_date" } }));
    const err = await api.post("patents", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).code).toBe("bad_date");
    expect((err as ApiError).field).toBe("filing_date");
    expect((err as ApiError).message).toBe("filing_date: not a date");
  });

  it("keeps the status when the error body is not JSON", async () => {
    setFetch(async () => new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const err = (await api.get("patents").catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe("http_502");
    expect(err.status).toBe(502);
  });

  it("reports a network failure as code network", async () => {
    setFetch(async () => { throw new TypeError("Failed to fetch"); });
    const err = (await api.get("patents").catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe("network");
    expect(err.status).toBe(0);
  });

  it("reads Retry-After of a throttled answer", async () => {
    setFetch(async () => reply(429, { error: { code: "sign_in_throttled", message: "wait" } }, { "Retry-After": "120" }));
    const err = (await api.post("session", { name: "a", password: "b" }).catch((e: unknown) => e)) as ApiError;
    expect(err.retryAfter).toBe(120);
  });

  it("sends the CSRF token on changes only, and tells listeners about 401", async () => {
    const seen: Array<Record<string, string>> = [];
    setFetch(async (_url, init) => {
      seen.push({ ...(init?.headers as Record<string, string>) });
      return reply(401, { error: { code: "unauthorized", message: "sign in" } });
    });
    setCsrfToken("tok");
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    await api.get("patents").catch(() => undefined);
    await api.post("patents", {}).catch(() => undefined);
    off();
    expect(seen[0]["X-CSRF-Token"]).toBeUndefined();
    expect(seen[1]["X-CSRF-Token"]).toBe("tok");
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("follows next_cursor through every page", async () => {
    const pages: Record<string, unknown> = {
      "": { items: [1, 2], next_cursor: "c1" },
      c1: { items: [3], next_cursor: null },
    };
    setFetch(async (url) => {
      const after = new URL(String(url), "http://x").searchParams.get("cursor") ?? "";
      return reply(200, pages[after]);
    });
    const progress: number[] = [];
    expect(await allPages<number>("patents", {}, (n) => progress.push(n))).toEqual([1, 2, 3]);
    expect(progress).toEqual([2, 3]);
  });
});
