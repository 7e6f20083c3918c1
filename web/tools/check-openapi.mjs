// Validates Chizai's OpenAPI document (the output of `chizai openapi`)
// against the OpenAPI 3.0 specification with @apidevtools/swagger-parser,
// and checks what a generated client needs: every request body and every
// success response has a schema, and every schema's example fits it.
//
//   node tools/check-openapi.mjs openapi.json
import fs from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { compiler, successSchemas } from "./openapi-ajv.mjs";

const file = process.argv[2];
if (!file) {
  console.error("usage: check-openapi.mjs OPENAPI.json");
  process.exit(64);
}
const doc = JSON.parse(fs.readFileSync(file, "utf8"));
try {
  await SwaggerParser.validate(structuredClone(doc));
} catch (e) {
  console.error(`${file}: not a valid OpenAPI document: ${e.message}`);
  process.exit(1);
}

const problems = [];
const ajv = compiler(doc);
let operations = 0;
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
    operations++;
    const where = `${method.toUpperCase()} ${path}`;
    if (["post", "put", "patch"].includes(method)) {
      const content = op.requestBody?.content ?? {};
      if (!Object.values(content).some((c) => c.schema)) problems.push(`${where}: no request-body schema`);
      const json = content["application/json"];
      if (json?.example !== undefined && !ajv.validate(json.schema, json.example)) {
        problems.push(`${where}: the request example does not fit its schema: ${ajv.errorsText()}`);
      }
    }
    const successes = successSchemas(op);
    if (successes.length === 0) problems.push(`${where}: no success-response schema`);
    for (const { status, media, schema, example } of successes) {
      if (example !== undefined && !ajv.validate(schema, example)) {
        problems.push(`${where} ${status} ${media}: the example does not fit its schema: ${ajv.errorsText()}`);
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${file}: valid OpenAPI ${doc.openapi}, ${operations} operations, ` +
  `${Object.keys(doc.components.schemas).length} schemas, every body and success response described`);
