import { describe, expect, it } from "vitest";
import { hasMessage } from "../src/lib/i18n";
import "../src/pages/docket/messages";
import {
  agendaFilters, agendaQuery, decimalToMinor, fiscalYears, fiscalYearSpan, forecastGroups, forecastSeries, GROUPINGS,
  isIsoDate, keepCostJpy, laterOpenTasks, minorToDecimal, monthOf, payersText, reviewFlags, standingDecision,
  TASK_KINDS, TASK_STATUSES, urgency, waiveEndsApplication, type DocketDecision, type DocketTask, type ForecastLine, type ReviewItem,
} from "../src/pages/docket/model";

const task = (key: string, due: string, status: DocketTask["status"] = "open", grace_end: string | null = null): DocketTask => ({
  application: "JP2016012440A", key, kind: "annual_fee", jurisdiction: "JP", label: key, nominal_due: due, due,
  window_start: null, grace_end, provisional: false, status, fee: null, payers: [], sequence: 0, modified_at: "",
});

describe("the agenda's month and query", () => {
  it("is this month by default, across month lengths and leap years", () => {
    expect(monthOf("2026-12-07")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(monthOf("2028-02-10")).toEqual({ from: "2028-02-01", to: "2028-02-29" }); // 2028 is a leap year
    expect(monthOf("2027-02-28")).toEqual({ from: "2027-02-01", to: "2027-02-28" });
    expect(monthOf("2027-04-30")).toEqual({ from: "2027-04-01", to: "2027-04-30" });
    expect(() => monthOf("2027-4-30")).toThrow();
  });
  it("takes the URL's range and filters, and asks the API only for those with a value", () => {
    const f = agendaFilters({ jurisdiction: "US", status: "missed" }, "2026-12-07");
    expect(f).toEqual({ from: "2026-12-01", to: "2026-12-31", institution: "", jurisdiction: "US", kind: "", status: "missed" });
    expect(agendaQuery(f)).toEqual({ from: "2026-12-01", to: "2026-12-31", jurisdiction: "US", status: "missed" });
    const g = agendaFilters({ from: "2027-01-01", to: "2027-03-31", institution: "U-TOKYO" }, "2026-12-07");
    expect(agendaQuery(g)).toEqual({ from: "2027-01-01", to: "2027-03-31", institution: "U-TOKYO" });
  });
  it("tells a real date", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-13-01")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });
});

describe("urgency", () => {
  const today = "2026-12-07";
  it("follows the API's decided and missed statuses", () => {
    expect(urgency(task("a", "2026-11-01", "missed"), today)).toBe("missed");
    expect(urgency(task("a", "2026-12-01", "done"), today)).toBe("done");
    expect(urgency(task("a", "2026-12-01", "waived"), today)).toBe("waived");
    // An expiry is not an action: the API says expires/expired, never open or missed, whatever the date.
    expect(urgency(task("a", "2026-11-01", "expired"), today)).toBe("expired");
    expect(urgency(task("a", "2027-01-01", "expires"), today)).toBe("expires");
  });
  it("marks an open task past its due date as in the grace period", () => {
    expect(urgency(task("a", "2026-12-06", "open", "2027-06-06"), today)).toBe("grace");
  });
  it("calls due today up to 30 days ahead soon (2026-12-07 + 30 days = 2027-01-06)", () => {
    expect(urgency(task("a", "2026-12-07"), today)).toBe("soon");
    expect(urgency(task("a", "2027-01-06"), today)).toBe("soon");
    expect(urgency(task("a", "2027-01-07"), today)).toBe("open");
  });
});

describe("amounts", () => {
  it("reads the API's decimal fee texts exactly in minor units", () => {
    expect(decimalToMinor("21000", "JPY")).toBe(21000n);
    expect(decimalToMinor("2130.00", "USD")).toBe(213000n);
    expect(decimalToMinor("2130.5", "USD")).toBe(213050n);
    expect(decimalToMinor("0.07", "EUR")).toBe(7n);
    expect(decimalToMinor("-12.34", "GBP")).toBe(-1234n);
    // 2^53 + 1 yen: no float in between.
    expect(decimalToMinor("9007199254740993", "JPY")).toBe(9007199254740993n);
    expect(() => decimalToMinor("1.5", "JPY")).toThrow();
    expect(() => decimalToMinor("1,000", "JPY")).toThrow();
  });
  it("writes minor units as plain decimals for CSV", () => {
    expect(minorToDecimal(213000, "USD")).toBe("2130.00");
    expect(minorToDecimal(7, "EUR")).toBe("0.07");
    expect(minorToDecimal(-1234, "GBP")).toBe("-12.34");
    expect(minorToDecimal(30900, "JPY")).toBe("30900");
    expect(minorToDecimal(null, "JPY")).toBe("");
  });
  it("names the paying institutions with their shares", () => {
    const t = task("jp.annual.4", "2027-05-20");
    t.payers = [{ institution: "AGG-JST", pays: true, amount: "21000" }, { institution: "U-TOKYO", pays: false, amount: null }];
    expect(payersText(t)).toBe("AGG-JST 21000");
    t.payers = [{ institution: "U-TOKYO", pays: true, amount: null }, { institution: "U-OSAKA", pays: true, amount: null }];
    expect(payersText(t)).toBe("U-TOKYO, U-OSAKA");
  });
});

describe("a patent's decisions", () => {
  const tasks = [
    task("jp.annual.4", "2027-05-20"), task("jp.annual.5", "2028-05-22"), task("jp.annual.6", "2029-05-21"),
    task("jp.annual.3", "2026-05-20", "done"), task("jp.annual.7", "2030-05-20", "waived"),
  ];
  it("lists the open tasks a waive ends: those due after it", () => {
    expect(laterOpenTasks(tasks, "jp.annual.4").map((t) => t.key)).toEqual(["jp.annual.5", "jp.annual.6"]);
    expect(laterOpenTasks(tasks, "jp.annual.6")).toEqual([]);
    expect(laterOpenTasks(tasks, "nope")).toEqual([]);
    // An option forgone (filing abroad, one office's national phase) ends nothing else.
    const paris = { ...task("paris.priority", "2026-12-01"), kind: "paris_priority" };
    expect(laterOpenTasks([paris, ...tasks], "paris.priority")).toEqual([]);
    expect(waiveEndsApplication("national_phase")).toBe(false);
    expect(waiveEndsApplication("annual_fee")).toBe(true);
    expect(waiveEndsApplication("examination_request")).toBe(true);
  });
  const dec = (id: number, task: string, action: DocketDecision["action"], undoes: number | null = null): DocketDecision => ({
    id, task, action, date: "2026-12-01", fee_paid: null, fee_expected: null, currency: null, fee_table: null,
    reference: "", reason: "", recoverable: false, undoes, actor: "api:e2e", recorded_at: "",
  });
  it("finds the decision an undo would reverse, skipping those already undone", () => {
    const ds = [dec(1, "jp.annual.3", "done"), dec(2, "jp.annual.3", "undo", 1), dec(3, "jp.annual.3", "done"), dec(4, "jp.annual.7", "waive")];
    expect(standingDecision(ds, "jp.annual.3")?.id).toBe(3);
    expect(standingDecision(ds, "jp.annual.7")?.id).toBe(4);
    expect(standingDecision(ds.slice(0, 2), "jp.annual.3")).toBeNull();
    expect(standingDecision(ds, "jp.annual.4")).toBeNull();
  });
});

describe("the forecast", () => {
  const line = (fiscal_year: number, group: string | null, currency: string, amount_minor: number, jpy: number | null): ForecastLine => ({
    fiscal_year, group, currency, amount_minor, jpy_amount_minor: jpy, fees: 1,
  });
  const lines = [
    line(2026, "U-TOKYO", "JPY", 30900, 30900), line(2026, "U-OSAKA", "JPY", 10300, 10300),
    line(2028, "U-TOKYO", "JPY", 16700, 16700), line(2028, "U-TOKYO", "USD", 213000, null), line(2028, null, "JPY", 500, 500),
  ];
  const totals = [
    { fiscal_year: 2026, jpy_amount_minor: 41200, fees: 2, by_currency: [] },
    { fiscal_year: 2028, jpy_amount_minor: null, fees: 3, by_currency: [] },
  ];
  it("spans April to March", () => {
    expect(fiscalYearSpan(2026)).toEqual({ from: "2026-04-01", to: "2027-03-31" });
  });
  it("covers every fiscal year from the first to the last, gaps included", () => {
    expect(fiscalYears({ lines, totals })).toEqual([2026, 2027, 2028]);
    expect(fiscalYears({ lines: [], totals: [] })).toEqual([]);
  });
  it("keeps the groups in the API's order, none last", () => {
    expect(forecastGroups({ lines: [line(2026, null, "JPY", 1, 1), ...lines] })).toEqual(["U-TOKYO", "U-OSAKA", null]);
  });
  it("charts the JPY figures per group and year, leaving unconverted foreign lines out", () => {
    // U-TOKYO: FY2026 30900; FY2027 nothing; FY2028 16700 (the USD line has no JPY value).
    expect(forecastSeries({ lines, totals })).toEqual({
      years: [2026, 2027, 2028],
      groups: [
        { group: "U-TOKYO", jpy_minor: [30900, 0, 16700] },
        { group: "U-OSAKA", jpy_minor: [10300, 0, 0] },
        { group: null, jpy_minor: [0, 0, 500] },
      ],
      unconverted: 1,
    });
  });
  it("has a label for every grouping, kind and status", () => {
    for (const lang of ["ja", "en"] as const) {
      for (const g of GROUPINGS) expect(hasMessage(lang, `docket.by.${g}`)).toBe(true);
      for (const k of TASK_KINDS) expect(hasMessage(lang, `docket.kind.${k}`)).toBe(true);
      for (const s of TASK_STATUSES) expect(hasMessage(lang, `docket.status.${s}`)).toBe(true);
      for (const a of ["done", "waive", "undo"]) {
        expect(hasMessage(lang, `docket.dec.action.${a}`)).toBe(true);
        expect(hasMessage(lang, `docket.result.${a}`)).toBe(true);
      }
      for (const f of ["income", "licensed", "package", "project", "deal", "none"]) expect(hasMessage(lang, `docket.flag.${f}`)).toBe(true);
      for (const p of ["aggregator", "owners"]) expect(hasMessage(lang, `docket.payer.${p}`)).toBe(true);
      for (const u of ["grace", "soon"]) expect(hasMessage(lang, `docket.urgency.${u}`)).toBe(true);
    }
  });
});

describe("the review", () => {
  const item = (over: Partial<ReviewItem>): ReviewItem => ({
    number: "JP2019-123456", jurisdiction: "JP", owners: ["U-TOKYO"], payer: "owners", task: "jp.annual.4", label: "",
    due: "2027-01-15", late: false, fee: { amount_minor: 10300, currency: "JPY", jpy_amount_minor: 10300 }, expiry: null,
    keep_cost: { jpy_amount_minor: 812000, fees: 13, by_currency: [{ currency: "JPY", amount_minor: 812000 }] },
    earned_jpy_minor: 0, licences: [], packages: [], projects: [], open_deals: 0, companies: 0, unsupported: true, ...over,
  });
  it("sorts by the keep cost in JPY, unconverted foreign costs as unknown", () => {
    expect(keepCostJpy(item({}))).toBe(812000);
    // JPY only, no converted total: 500000 + 312000.
    expect(keepCostJpy(item({ keep_cost: { jpy_amount_minor: null, fees: 2, by_currency: [{ currency: "JPY", amount_minor: 500000 }, { currency: "JPY", amount_minor: 312000 }] } }))).toBe(812000);
    expect(keepCostJpy(item({ keep_cost: { jpy_amount_minor: null, fees: 2, by_currency: [{ currency: "USD", amount_minor: 213000 }] } }))).toBeNull();
  });
  it("names what speaks for keeping", () => {
    expect(reviewFlags(item({}))).toEqual([]);
    expect(reviewFlags(item({ earned_jpy_minor: 400000, licences: ["LIC-1"], packages: ["PKG-BATT"], projects: ["SH-01"], open_deals: 1 })))
      .toEqual(["income", "licensed", "package", "project", "deal"]);
    expect(reviewFlags(item({ packages: ["PKG-BATT"] }))).toEqual(["package"]);
  });
});
