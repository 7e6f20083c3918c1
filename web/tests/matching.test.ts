import { afterEach, describe, expect, it } from "vitest";
import { setFetch } from "../src/lib/api";
import { registeredKeys } from "../src/lib/i18n";
import "../src/pages/matching/messages";
import "../src/pages/home/messages";
import {
  allRows, byStage, daysBetween, moveTargets, nextStage, scoreBars, withoutNextStep,
} from "../src/pages/matching/model";
import { assignmentBody } from "../src/pages/matching/Assignment";

afterEach(() => setFetch((...args) => globalThis.fetch(...args)));

describe("deal stages", () => {
  it("moves an open deal to the next stage on the way to a licence", () => {
    expect(nextStage("lead")).toBe("contacted");
    expect(nextStage("contacted")).toBe("nda");
    expect(nextStage("nda")).toBe("negotiation");
    expect(nextStage("negotiation")).toBeNull(); // licensed comes only from an agreement
    expect(nextStage("licensed")).toBeNull();
  });

  it("offers every settable stage but the deal's own, and none for a closed deal", () => {
    expect(moveTargets("nda")).toEqual(["lead", "contacted", "negotiation", "declined"]);
    expect(moveTargets("licensed")).toEqual([]);
    expect(moveTargets("declined")).toEqual([]);
    expect(moveTargets("nonsense")).toEqual([]);
  });

  it("groups deals into every stage's column, in the pipeline's order", () => {
    const cols = byStage([{ stage: "nda", id: 1 }, { stage: "lead", id: 2 }, { stage: "nda", id: 3 }, { stage: "odd", id: 4 }]);
    expect(Object.keys(cols)).toEqual(["lead", "contacted", "nda", "negotiation", "licensed", "declined"]);
    expect(cols.nda.map((d) => d.id)).toEqual([1, 3]);
    expect(cols.lead.map((d) => d.id)).toEqual([2]);
    expect(cols.licensed).toEqual([]);
  });

  it("counts an open deal without a change for 30 days as without a next step", () => {
    expect(daysBetween("2026-11-01", "2026-12-01")).toBe(30);
    expect(daysBetween("2026-03-01", "2026-02-28")).toBe(-1);
    expect(withoutNextStep({ stage: "contacted", changed_on: "2026-11-01" }, "2026-12-01")).toBe(true);
    expect(withoutNextStep({ stage: "contacted", changed_on: "2026-11-02" }, "2026-12-01")).toBe(false);
    // A licensed or declined deal needs no next step, however old.
    expect(withoutNextStep({ stage: "licensed", changed_on: "2020-01-01" }, "2026-12-01")).toBe(false);
    expect(withoutNextStep({ stage: "declined", changed_on: "2020-01-01" }, "2026-12-01")).toBe(false);
  });
});

describe("score components as bars", () => {
  it("puts each component's points on one 0-100 scale, beside the most its weight allows", () => {
    const bars = scoreBars({
      text: { score: 25, weight: 0.35, points: 8.8 },
      classification: { score: 80, weight: 0.45, points: 36 },
      region: { score: 100, weight: 0.05, points: 5 },
      signals: { score: 50, weight: 0.15, points: 7.5 },
    });
    expect(bars.map((b) => b.key)).toEqual(["classification", "text", "signals", "region"]);
    expect(bars[0]).toMatchObject({ width: 36, max: 45, score: 80, weight: 0.45 });
    expect(bars[3]).toMatchObject({ width: 5, max: 5 });
    // The bars add up to the total score.
    expect(bars.reduce((s, b) => s + b.width, 0)).toBeCloseTo(57.3, 5);
  });

  it("clamps out-of-range points and leaves out missing components", () => {
    const bars = scoreBars({ text: { score: 300, weight: 1.2, points: 140 } });
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatchObject({ key: "text", width: 100, max: 100 });
  });
});

describe("paged lists", () => {
  it("follows next_cursor with ?cursor= under the list's own key", async () => {
    const seen: string[] = [];
    setFetch(async (input) => {
      const url = String(input);
      seen.push(url);
      const body = url.includes("cursor=c2")
        ? { companies: [{ code: "C-3" }], next_cursor: null }
        : { companies: [{ code: "C-1" }, { code: "C-2" }], next_cursor: "c2" };
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    });
    const rows = await allRows<{ code: string }>("companies", "companies", { region: "japan" });
    expect(rows.map((r) => r.code)).toEqual(["C-1", "C-2", "C-3"]);
    expect(seen[0]).toBe("/api/v1/companies?region=japan&limit=1000");
    expect(seen[1]).toBe("/api/v1/companies?region=japan&limit=1000&cursor=c2");
  });
});

describe("the assignment request", () => {
  it("sends the caps as integers and leaves empty fields out", () => {
    expect(assignmentBody({ package_cap: "2", company_cap: "1", top: "", date: "2026-04-01" }))
      .toEqual({ package_cap: 2, company_cap: 1, date: "2026-04-01" });
    expect(assignmentBody({ package_cap: "", company_cap: "", top: "", date: "" })).toEqual({});
  });
});

describe("messages", () => {
  it("has every stage, component and left-out reason in both languages", () => {
    for (const lang of ["ja", "en"] as const) {
      const keys = registeredKeys(lang);
      for (const s of ["lead", "contacted", "nda", "negotiation", "licensed", "declined"]) expect(keys).toContain(`deals.stage.${s}`);
      for (const c of ["classification", "text", "signals", "region"]) expect(keys).toContain(`matching.component.${c}`);
    }
    expect(registeredKeys("ja")).toEqual(registeredKeys("en"));
  });
});
