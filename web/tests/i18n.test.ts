// Every message key the interface uses exists in both languages: the
// dictionaries of every module are
// compared, and every literal key passed to t("…") in the sources is
// looked up. Keys built at run time (`error.${code}`, `role.${role}`) are
// checked where they are built.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasMessage, registeredKeys } from "../src/lib/i18n";

// Every module of the interface (each registers its messages on import),
// except the entry point, which renders into a document.
import.meta.glob(["../src/**/*.{ts,tsx}", "!../src/main.tsx"], { eager: true });

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("messages", () => {
  it("has the same keys in Japanese and English", () => {
    const ja = registeredKeys("ja");
    expect(ja.length).toBeGreaterThan(20);
    expect(registeredKeys("en")).toEqual(ja);
  });

  it("has every literal key the sources use", () => {
    const missing: string[] = [];
    for (const file of sources(join(__dirname, "../src"))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([^"]+)"/g)) {
        for (const lang of ["ja", "en"] as const) {
          if (!hasMessage(lang, m[1])) missing.push(`${lang}:${m[1]} (${file})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("has a name for every role", () => {
    for (const role of ["admin", "ip_manager", "tech_transfer", "finance", "institution_viewer"]) {
      expect(hasMessage("ja", `role.${role}`)).toBe(true);
      expect(hasMessage("en", `role.${role}`)).toBe(true);
    }
  });
});
