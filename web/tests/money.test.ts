import { describe, expect, it } from "vitest";
import { incomeSeries, isMonth, minorToMajor, nextMonth, paymentBody, withQuery, type StatementSummary } from "../src/pages/money/lib";

describe("withQuery", () => {
  it("keeps filters in a stable order and leaves empty ones out", () => {
    expect(withQuery("/money/payments", { agreement: "LIC-1", b: "", a: null })).toBe("/money/payments?agreement=LIC-1");
    expect(withQuery("/x", { z: "1", a: "2" })).toBe("/x?a=2&z=1");
    expect(withQuery("/x", {})).toBe("/x");
    expect(withQuery("/patents", { institution: "U-TOKYO & Co" })).toBe("/patents?institution=U-TOKYO+%26+Co");
  });
});

describe("months", () => {
  it("steps over the year end", () => {
    expect(nextMonth("2026-03")).toBe("2026-04");
    expect(nextMonth("2025-12")).toBe("2026-01");
    expect(() => nextMonth("2026-4")).toThrow();
  });
  it("tells a month from something else", () => {
    expect(isMonth("2026-04")).toBe(true);
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth("2026-00")).toBe(false);
    expect(isMonth("2026-4")).toBe(false);
    expect(isMonth("")).toBe(false);
  });
});

const st = (month: string, income: number, closing: number, currency = "JPY"): StatementSummary => ({
  month, currency, opening_balance_minor: 0, income_total_minor: income, payouts_total_minor: 0,
  closing_balance_minor: closing, lines: 1, payouts: 0, sha256: "a".repeat(64),
});

describe("incomeSeries", () => {
  it("orders months, fills the gaps with no income and carries the closing balance", () => {
    const s = incomeSeries([st("2026-04", 300, 300), st("2026-01", 100, 100), st("2026-02", 50, 150)]);
    expect(s.labels).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(s.income).toEqual([100, 50, 0, 300]);
    expect(s.closing).toEqual([100, 150, 150, 300]);
  });
  it("is empty without statements", () => {
    expect(incomeSeries([])).toEqual({ labels: [], income: [], closing: [] });
  });
  it("converts minor units of a currency with cents", () => {
    expect(minorToMajor(1234, "USD")).toBe(12.34);
    expect(minorToMajor(1234, "JPY")).toBe(1234);
  });
});

describe("paymentBody", () => {
  const form = { agreement: " LIC-USD ", amount: "10,000.00", currency: "usd", fx_rate: "151.25", reference: " WIRE-1 ", received_on: "2026-04-20" };
  it("sends amounts and rates as the person typed them (strings), trimmed", () => {
    expect(paymentBody(form, false)).toEqual({
      agreement: "LIC-USD", amount: "10,000.00", currency: "USD", fx_rate: "151.25", reference: "WIRE-1", received_on: "2026-04-20",
    });
  });
  it("sends no FX rate for yen, and confirm_duplicate only when confirmed", () => {
    const yen = paymentBody({ ...form, currency: "JPY", amount: "1,000,000" }, true);
    expect(yen.fx_rate).toBeUndefined();
    expect(yen.confirm_duplicate).toBe(true);
    expect(paymentBody(form, false).confirm_duplicate).toBeUndefined();
  });
});
