// What the money and statement specs add to the demo portfolio: a USD
// licence of a patent U-TOKYO owns alone (JP2013112687A in the seed-2014
// demo), starting in 2026-04, the first month the demo leaves open (its
// scheme closes 2025-04 … 2026-03). Its upfront fee is invoiced on the
// start date; a payment of it routes 2/3 of its yen value to U-TOKYO.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "./harness";

export const AGREEMENT = "LIC-E2E-USD";
export const OPEN_MONTH = "2026-04";
/** A closed month of another institution (the demo's scheme issues it). */
export const OTHER_STATEMENT = "/statements/U-TOKYOTECH/2026-03";

export function addUsdAgreement(server: Server): void {
  const file = join(server.work, "agreement-e2e.json");
  writeFileSync(file, JSON.stringify({
    id: AGREEMENT, licensee: "C-0001", patents: ["JP2013112687A"], exclusive: false, field: "all fields",
    territory: ["US"], start: "2026-04-01", end: "2029-03-31", currency: "USD", upfront_fee: "20,000.00",
    royalty_tiers: [{ rate_bps: 300 }],
  }));
  server.cli(["agreement", "add", file]);
}

/** Pages have loaded their data: a heading and no loading indicator. */
export async function settled(page: import("playwright-core").Page): Promise<void> {
  await page.locator("main h1").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .loading"));
}
