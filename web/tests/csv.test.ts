import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../src/lib/csv";

describe("CSV export", () => {
  it("quotes separators and defuses formulas", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-1234")).toBe("-1234");
    expect(csvCell(null)).toBe("");
  });
  it("writes a BOM and CRLF lines", () => {
    expect(toCsv(["番号", "amount"], [["特願2024-000001", 5]])).toBe("\uFEFF番号,amount\r\n特願2024-000001,5\r\n");
  });
});
