import { describe, expect, it } from "vitest";
import { formatAmount, formatDate, formatMonth, formatPercent, formatShare, minorDigits } from "../src/lib/format";

describe("formatAmount", () => {
  it("formats yen without decimals in both languages", () => {
    expect(formatAmount(1234567, "JPY", "en")).toBe("JP¥1,234,567");
    expect(formatAmount(1234567, "JPY", "ja")).toBe("￥1,234,567");
  });
  it("formats minor units of two-digit currencies exactly", () => {
    expect(formatAmount(1234, "USD", "en")).toBe("US$12.34");
    expect(formatAmount(5, "USD", "en")).toBe("US$0.05");
    expect(formatAmount(-1234, "EUR", "en")).toBe("-€12.34");
    expect(formatAmount(1234, "USD", "ja")).toBe("$12.34");
  });
  it("keeps every digit of amounts beyond float precision", () => {
    expect(formatAmount("900719925474099312", "USD", "en")).toBe("US$9,007,199,254,740,993.12");
    expect(formatAmount(9007199254740993n, "JPY", "en")).toBe("JP¥9,007,199,254,740,993");
  });
  it("refuses an unknown currency", () => {
    expect(() => minorDigits("XXXX")).toThrow(/unknown currency/);
  });
});

describe("dates", () => {
  it("formats ISO dates for each language", () => {
    expect(formatDate("2026-04-01", "ja")).toBe("2026/04/01");
    expect(formatDate("2026-04-01", "en")).toBe("1 Apr 2026");
    expect(formatDate("", "en")).toBe("");
    expect(formatDate("not a date", "en")).toBe("not a date");
  });
  it("formats months", () => {
    expect(formatMonth("2026-03", "ja")).toBe("2026年3月");
    expect(formatMonth("2026-03", "en")).toBe("March 2026");
  });
});

describe("ratios and shares", () => {
  it("formats percentages with one decimal", () => {
    expect(formatPercent(0.303, "en")).toBe("30.3%");
    expect(formatShare("1/3", "en")).toBe("1/3 (33.3%)");
    expect(formatShare("1", "ja")).toBe("1 (100.0%)");
  });
});
