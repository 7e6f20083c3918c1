// Derives jp_holidays.tsv from the @holiday-jp/holiday_jp npm package.
//
//   cd /tmp && npm pack @holiday-jp/holiday_jp && tar xzf holiday-jp-holiday_jp-*.tgz
//   node tests/data/calendars/derive_jp_holidays_tsv.mjs /tmp/package > tests/data/calendars/jp_holidays.tsv
//
// Reads the package's lib/holidays.js (one object keyed by date) and writes one
// line per holiday: date, Japanese name, English name, tab-separated, in date
// order, after a header line. No npm install: the tarball is only unpacked.
import { createRequire } from "node:module";
import path from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: derive_jp_holidays_tsv.mjs UNPACKED_PACKAGE_DIR");
  process.exit(64);
}
const require = createRequire(import.meta.url);
const holidays = require(path.resolve(dir, "lib/holidays.js"));
const lines = ["date\tname\tname_en"];
for (const date of Object.keys(holidays).sort()) {
  const h = holidays[date];
  lines.push(`${h.date}\t${h.name}\t${h.name_en}`);
}
process.stdout.write(lines.join("\n") + "\n");
