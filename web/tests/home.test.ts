import { describe, expect, it } from "vitest";
import { homeParts, monthSeries } from "../src/pages/home/model";

describe("the home page", () => {
  it("asks each role only for what its API rights allow", () => {
    expect(homeParts("admin")).toEqual({ report: true, summary: true, deals: true });
    expect(homeParts("tech_transfer")).toEqual({ report: true, summary: true, deals: true });
    expect(homeParts("finance")).toEqual({ report: true, summary: false, deals: false });
    expect(homeParts("ip_manager")).toEqual({ report: false, summary: true, deals: false });
    expect(homeParts("institution_viewer")).toEqual({ report: false, summary: true, deals: false });
  });

  it("fills the months without income with zero, across a year's end", () => {
    expect(monthSeries([
      { month: "2027-01", amount_minor: 5 },
      { month: "2026-10", amount_minor: 7 },
    ])).toEqual([
      { month: "2026-10", amount_minor: 7 },
      { month: "2026-11", amount_minor: 0 },
      { month: "2026-12", amount_minor: 0 },
      { month: "2027-01", amount_minor: 5 },
    ]);
    expect(monthSeries([])).toEqual([]);
  });
});
