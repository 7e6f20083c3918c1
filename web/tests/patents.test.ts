import { describe, expect, it } from "vitest";
import {
  apiQuery, emptyForm, filterField, formField, formFromPatent, layoutFamily, listUrl, looksLikeNumber, patchBody,
  patentPath, readFilters, requestBody, uploadType,
} from "../src/pages/patents/logic";

describe("the patent list's URL", () => {
  it("reads the filters from the query and writes them back in a stable order", () => {
    const f = readFilters({ q: " battery ", institution: "U-TOKYO", after: "4a50", other: "x" });
    expect(f.q).toBe("battery");
    expect(f.institution).toBe("U-TOKYO");
    expect(f.status).toBe("");
    expect(listUrl(f)).toBe("/patents?institution=U-TOKYO&q=battery&after=4a50");
    expect(listUrl({})).toBe("/patents");
  });

  it("maps the filters to GET /api/v1/patents's parameters", () => {
    const f = readFilters({ institution: "U-TOKYO", from: "2020-01-01", to: "2020-12-31", q: "電池", ipc: "H01M", status: "granted" });
    expect(apiQuery(f)).toEqual({
      institution: "U-TOKYO", filed_from: "2020-01-01", filed_to: "2020-12-31", text: "電池", ipc: "H01M", status: "granted",
    });
    expect(filterField("filed_from")).toBe("from");
    expect(filterField("text")).toBe("q");
    expect(filterField("cursor")).toBeNull();
  });

  it("asks for the owner of record or the beneficiary only with an institution", () => {
    expect(apiQuery(readFilters({ institution: "AGG-JST", role: "owner" }))).toEqual({ institution: "AGG-JST", role: "owner" });
    expect(apiQuery(readFilters({ institution: "U-TOKYO", role: "beneficiary" }))).toEqual({ institution: "U-TOKYO", role: "beneficiary" });
    expect(apiQuery(readFilters({ role: "owner" }))).toEqual({});
    expect(apiQuery(readFilters({ institution: "U-TOKYO", role: "nonsense" }))).toEqual({ institution: "U-TOKYO" });
    expect(filterField("role")).toBe("role");
  });
});

describe("a search box entry", () => {
  it("is tried as an application number when it looks like one", () => {
    for (const s of ["特願2026-012345", "JP 2026-012345", "JP2026012345A", "PCT/JP2024/012345", "13/167,395", "特願令和2-012345"]) {
      expect(looksLikeNumber(s), s).toBe(true);
    }
    for (const s of ["battery", "リチウム電池", "", "solid electrolyte for 2 lithium cells now"]) {
      expect(looksLikeNumber(s), s).toBe(false);
    }
  });

  it("becomes one encoded path segment", () => {
    expect(patentPath("PCT/JP2024/012345")).toBe("/patents/PCT%2FJP2024%2F012345");
    expect(patentPath("JP 2026-012345")).toBe("/patents/JP%202026-012345");
  });
});

describe("the register and edit form", () => {
  it("sends only what was filled in, lists without blank rows", () => {
    const f = { ...emptyForm("U-TOKYO"), application_number: " 特願2026-012345 ", filing_date: "2026-02-01", title: "Cell",
      ipc: "H01M 10/052\n\nH01L 21/02", claims: "12",
      inventors: [{ name: "Yamada Taro", institution: "" }, { name: " ", institution: "U-TOKYO" }],
      priority_claims: [{ number: "JP2025000001A", date: "", kind: "paris", active: true }] };
    expect(requestBody(f)).toEqual({
      application_number: "特願2026-012345", filing_date: "2026-02-01", kind: "patent", status: "pending", title: "Cell",
      ipc: ["H01M 10/052", "H01L 21/02"], claims: 12, owners: [{ institution: "U-TOKYO", share: "1" }],
      inventors: [{ name: "Yamada Taro" }], priority_claims: [{ number: "JP2025000001A", active: true, kind: "paris" }],
    });
  });

  it("keeps a value the server must judge (a bad date, a non-number claim count) as typed", () => {
    const body = requestBody({ ...emptyForm(null), filing_date: "2026-13-40", claims: "twelve" });
    expect(body.filing_date).toBe("2026-13-40");
    expect(body.claims).toBe("twelve");
  });

  it("patches only the fields that changed", () => {
    const stored = formFromPatent({
      application_number: "JP2026012345A", jurisdiction: "JP", filing_date: "2026-02-01", kind: "patent", status: "pending",
      title: "Cell", title_ja: "", ipc: ["H01M 10/052"], owners: [{ institution: "U-TOKYO", share: "1" }], inventors: [], priority_claims: [],
    });
    expect(patchBody(stored, stored)).toEqual({});
    expect(patchBody(stored, { ...stored, title_ja: "電池", status: "granted" })).toEqual({ title_ja: "電池", status: "granted" });
    expect(patchBody(stored, { ...stored, ipc: "" })).toEqual({ ipc: [] });
    expect(patchBody(stored, { ...stored, owners: [{ institution: "U-TOKYO", share: "1/2" }, { institution: "C-0001", share: "1/2" }] }))
      .toEqual({ owners: [{ institution: "U-TOKYO", share: "1/2" }, { institution: "C-0001", share: "1/2" }] });
  });

  it("puts an API field error on the control it names", () => {
    expect(formField("filing_date")).toBe("filing_date");
    expect(formField("owners[1].share")).toBe("owners");
    expect(formField("priority_claims.0.date")).toBe("priority_claims");
    expect(formField("Content-Type")).toBeNull();
    expect(formField(null)).toBeNull();
  });

  it("sends an import file with the type its name or the chosen format says", () => {
    expect(uploadType("patents.csv", "auto")).toBe("text/csv");
    expect(uploadType("patents.jsonl", "auto")).toBe("application/x-ndjson");
    expect(uploadType("patents.txt", "jsonl")).toBe("application/x-ndjson");
    expect(uploadType("US08930553.XML", "auto")).toBe("application/xml");
    expect(uploadType("family.txt", "xml")).toBe("application/xml");
  });
});

describe("the family graph", () => {
  it("draws priority claims between members only, in layers from the first filing", () => {
    const g = layoutFamily(["US2", "JP1", "WO1", "EP3"], {
      WO1: ["JP1"], US2: ["WO1", "JP1"], EP3: ["WO1", "XX-OTHER"], JP1: [],
    });
    expect(g.edges).toEqual(expect.arrayContaining([
      { from: "JP1", to: "WO1" }, { from: "WO1", to: "US2" }, { from: "JP1", to: "US2" }, { from: "WO1", to: "EP3" },
    ]));
    expect(g.edges).toHaveLength(4);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(["EP3", "JP1", "US2", "WO1"]);
    const layer = Object.fromEntries(g.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toEqual({ JP1: 0, WO1: 1, US2: 2, EP3: 2 });
    const ep = g.nodes.find((n) => n.id === "EP3")!;
    const us = g.nodes.find((n) => n.id === "US2")!;
    expect(ep.x).toBe(us.x);
    expect(ep.y).not.toBe(us.y);
    expect(g.width).toBeGreaterThan(us.x);
  });

  it("survives a cycle in bad data and a family of one", () => {
    expect(layoutFamily(["A", "B"], { A: ["B"], B: ["A"] }).nodes).toHaveLength(2);
    const one = layoutFamily(["JP1"], {});
    expect(one.nodes).toEqual([{ id: "JP1", layer: 0, x: 12, y: 12 }]);
    expect(one.edges).toEqual([]);
  });
});

describe("the API client as the patents pages use it", () => {
  it("pages a whole list with the API's ?cursor=", async () => {
    const { allPages, setFetch } = await import("../src/lib/api");
    const seen: string[] = [];
    setFetch(async (input) => {
      const url = new URL(String(input), "http://x");
      seen.push(url.search);
      const cursor = url.searchParams.get("cursor");
      const body = cursor ? { items: [{ n: 3 }], next_cursor: null } : { items: [{ n: 1 }, { n: 2 }], next_cursor: "c2" };
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    });
    const progress: number[] = [];
    const rows = await allPages<{ n: number }>("patents", { institution: "U-TOKYO" }, (n) => progress.push(n));
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(progress).toEqual([2, 3]);
    expect(seen[1]).toContain("cursor=c2");
  });

  it("keeps a refused import's report in the error", async () => {
    const { ApiError, request, setFetch } = await import("../src/lib/api");
    const report = { read: 2, inserted: 0, rejected: 1, written: false, problems: [{ line: 3, field: "filing_date" }] };
    setFetch(async () => new Response(JSON.stringify({
      error: { code: "invalid_records", message: "1 invalid record(s)", field: "filing_date" }, report,
    }), { status: 422, headers: { "Content-Type": "application/json" } }));
    const err = await request("POST", "patents/import", { raw: { text: "x", contentType: "text/csv" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as InstanceType<typeof ApiError>).code).toBe("invalid_records");
    expect(((err as InstanceType<typeof ApiError>).body as { report: unknown }).report).toEqual(report);
  });
});
