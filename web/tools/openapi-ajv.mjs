// Ajv set up for the schemas of an OpenAPI 3.0 document: `nullable`, the
// "date" format, and $refs into #/components/schemas.
import Ajv from "ajv";
import addFormats from "ajv-formats";

export function compiler(doc) {
  // strict: false — OpenAPI's own keywords (example, nullable's
  // companions) are not JSON Schema keywords.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, "openapi.json");
  return {
    validate(schema, value) {
      const fn = ajv.compile(rebase(schema));
      const ok = fn(value);
      this.errors = fn.errors;
      return ok;
    },
    errorsText() {
      return ajv.errorsText(this.errors);
    },
    errors: null,
  };
}

// $refs of a schema taken out of the document point into it.
function rebase(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
}

// The success responses of an operation: [{status, media, schema, example}].
export function successSchemas(op) {
  const out = [];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (!status.startsWith("2")) continue;
    for (const [media, content] of Object.entries(response.content ?? {})) {
      if (content.schema) out.push({ status, media, schema: content.schema, example: content.example });
    }
  }
  return out;
}
