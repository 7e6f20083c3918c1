import { describe, expect, it } from "vitest";
import { institutionName, normalizeStatement } from "../src/pages/statements/normalize";

describe("normalizeStatement", () => {
  it("reads format 2 (amounts in *_minor with currency)", () => {
    const s = normalizeStatement({
      format: 2, institution: "U-TOKYO", institution_name_en: "The University of Tokyo", institution_name_ja: "東京大学",
      month: "2026-04", currency: "JPY", provisional: false, opening_balance_minor: 100, income_total_minor: 2016667,
      payouts_total_minor: 0, closing_balance_minor: 2016767,
      lines: [{ date: "2026-04-20", agreement: "LIC-E2E", licensee: "C-0001", package: null, patent: "JP2013112687A",
        income_type: "upfront", payment_reference: "WIRE-1", share: "2/3", currency: "JPY", amount_minor: 2016667 }],
      payouts: [], sha256: "b".repeat(64),
    });
    expect(s.format).toBe(2);
    expect(s.closing_balance_minor).toBe(2016767);
    expect(s.lines[0].package).toBe("");
    expect(s.lines[0].amount_minor).toBe(2016667);
    expect(s.sha256).toHaveLength(64);
  });
  it("reads format 1 (yen without _minor, no currency in lines and payouts)", () => {
    const s = normalizeStatement({
      institution: "U-KYOTO", month: "2025-06", provisional: false, opening_balance: 0, income_total: 222222,
      payouts_total: 100000, closing_balance: 122222,
      lines: [{ date: "2025-06-20", agreement: "LIC-1", patent: "JP1", income_type: "running_royalty", share: "2/9", amount: 222222 }],
      payouts: [{ date: "2025-06-30", reference: "PO-1", amount: 100000 }], sha256: "c".repeat(64),
    });
    expect(s.format).toBe(1);
    expect(s.currency).toBe("JPY");
    expect(s.income_total_minor).toBe(222222);
    expect(s.closing_balance_minor).toBe(122222);
    expect(s.lines[0].currency).toBe("JPY");
    expect(s.payouts[0]).toEqual({ date: "2025-06-30", reference: "PO-1", currency: "JPY", amount_minor: 100000 });
  });
  it("names the institution in the reader's language, falling back to the other, then the code", () => {
    expect(institutionName("ja", { institution: "U-TOKYO", institution_name_en: "The University of Tokyo", institution_name_ja: "東京大学" })).toBe("東京大学");
    expect(institutionName("en", { institution: "U-TOKYO", institution_name_en: "", institution_name_ja: "東京大学" })).toBe("東京大学");
    expect(institutionName("en", { institution: "X" })).toBe("X");
  });
});
