// Validates the API's live replies recorded by the API tests
// (CHIZAI_API_RECORD_DIR: one JSON line per exchange, {method, path,
// status, content_type, body}) against the OpenAPI document: each reply's
// status must be documented for its operation, and a JSON body must fit
// the schema of that status.
//
//   node tools/check-responses.mjs openapi.json RECORD_DIR
import fs from "node:fs";
import path from "node:path";
import { compiler } from "./openapi-ajv.mjs";

const [file, dir] = process.argv.slice(2);
if (!file || !dir) {
  console.error("usage: check-responses.mjs OPENAPI.json RECORD_DIR");
  process.exit(64);
}
const doc = JSON.parse(fs.readFileSync(file, "utf8"));
const ajv = compiler(doc);

// Path templates, most literal first, as the server's router matches them.
const templates = Object.keys(doc.paths).map((t) => ({
  template: t,
  re: new RegExp("^" + t.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
  literal: t.split("/").filter((s) => !s.startsWith("{")).length,
})).sort((a, b) => b.literal - a.literal);

function operation(method, url) {
  const p = decodeURI(url.split("?")[0]);
  for (const t of templates) {
    if (t.re.test(p) && doc.paths[t.template][method.toLowerCase()]) {
      return { template: t.template, op: doc.paths[t.template][method.toLowerCase()] };
    }
  }
  return null;
}

let checked = 0;
let skipped = 0;
const problems = new Map();  // one line per problem kind, with a count
const note = (key) => problems.set(key, (problems.get(key) ?? 0) + 1);
for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
  for (const line of fs.readFileSync(path.join(dir, name), "utf8").split("\n")) {
    if (!line) continue;
    const x = JSON.parse(line);
    const found = operation(x.method, x.path);
    // A route that does not exist (404/405 from the router itself) is not
    // an operation of the document.
    if (!found) {
      if (x.status === 404 || x.status === 405) { skipped++; continue; }
      note(`${x.method} ${x.path}: no operation in the document`);
      continue;
    }
    const where = `${x.method} ${found.template} → ${x.status}`;
    const response = found.op.responses[String(x.status)];
    if (!response) {
      // Statuses any route can give from the server itself.
      if ([401, 405, 406, 408, 411, 413, 415, 429, 431, 500, 503].includes(x.status)) { skipped++; continue; }
      note(`${where}: status not documented`);
      continue;
    }
    const media = (x.content_type || "").split(";")[0].trim();
    const content = response.content?.[media];
    if (!content) {
      if (!x.body) { checked++; continue; }
      note(`${where}: media type '${media}' not documented`);
      continue;
    }
    checked++;
    if (media !== "application/json") continue;
    let body;
    try {
      body = JSON.parse(x.body);
    } catch {
      note(`${where}: body is not JSON`);
      continue;
    }
    if (!ajv.validate(content.schema, body)) note(`${where}: ${ajv.errorsText()}`);
  }
}
if (problems.size) {
  for (const [p, n] of problems) console.error(n > 1 ? `${p} (×${n})` : p);
  console.error(`${problems.size} kinds of mismatch in ${checked} replies`);
  process.exit(1);
}
console.log(`${checked} live replies fit the OpenAPI document (${skipped} server-level replies not checked)`);
