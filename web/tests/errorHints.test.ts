// Every error code the server can return (tests/data/error_codes.tsv) has a
// hint in both languages, and errorText uses it: the Japanese hint with the
// API's message (which names the refused value) after it, the API's English
// message followed by the English hint. An error.<code>
// message, where one exists, still comes first.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errorText } from "../src/components/common";
import { ApiError } from "../src/lib/api";
import { hasMessage, translate, type Lang } from "../src/lib/i18n";

// Every module of the interface (each registers its messages on import),
// so that the error.<code> keys defined beside the pages are present too.
import.meta.glob(["../src/**/*.{ts,tsx}", "!../src/main.tsx"], { eager: true });

const codes = readFileSync(new URL("../../tests/data/error_codes.tsv", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => line.split("\t")[0].trim());

const t = (lang: Lang) => (key: string) => translate(lang, key);
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe("error hints", () => {
  it("reads the list of error codes", () => {
    expect(codes.length).toBeGreaterThan(150);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("has a hint for every code in both languages", () => {
    const problems: string[] = [];
    for (const code of codes) {
      const key = `errorhint.${code}`;
      for (const lang of ["ja", "en"] as const) {
        if (!hasMessage(lang, key)) problems.push(`${lang}: no ${key}`);
        else if (translate(lang, key).trim() === "") problems.push(`${lang}: empty ${key}`);
      }
      if (hasMessage("ja", key) && !japanese.test(translate("ja", key))) {
        problems.push(`ja: ${key} has no Japanese text`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("shows the hint with the API's message beside it, in both languages", () => {
    // bad_budget has a hint and no error.bad_budget message.
    expect(hasMessage("ja", "error.bad_budget")).toBe(false);
    const err = new ApiError(400, "bad_budget", "budget ¥0 must be positive", "budget");
    const ja = errorText(err, "ja", t("ja"));
    expect(ja).toBe(`${translate("ja", "errorhint.bad_budget")}（budget ¥0 must be positive）`);
    expect(errorText(err, "en", t("en"))).toBe(
      `budget ¥0 must be positive — ${translate("en", "errorhint.bad_budget")}`,
    );
  });

  it("lets an error.<code> message win over the hint", () => {
    expect(hasMessage("ja", "error.bad_month")).toBe(true);
    const err = new ApiError(400, "bad_month", "month '2025-13' is not YYYY-MM", "month");
    for (const lang of ["ja", "en"] as const) {
      expect(errorText(err, lang, t(lang))).toBe(translate(lang, "error.bad_month"));
    }
  });

  it("keeps the status fallbacks before the hint", () => {
    const err = new ApiError(404, "unknown_patent", "no patent with application number 'X'");
    expect(errorText(err, "ja", t("ja"))).toBe(translate("ja", "error.not_found"));
  });

  it("keeps today's fallback for a code with neither", () => {
    const err = new ApiError(400, "made_up_code", "something specific");
    expect(errorText(err, "en", t("en"))).toBe("something specific");
    expect(errorText(err, "ja", t("ja"))).toBe(`${translate("ja", "error.generic")} (something specific)`);
  });
});
