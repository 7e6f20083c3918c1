// JSON Schemas (OpenAPI 3.0 dialect) for the OpenAPI document, produced from
// what the code itself reads and writes, never written a second time:
//  - a request's schema and example from its RequestSpec (io/request_spec.h),
//    the same spec its one reader checks its keys and types against;
//  - a response's schema from JSON the route's own renderer wrote for
//    example values (the examples also become the document's examples):
//    every key seen, its type, whether it can be null, whether it is in
//    every object of its place. Live API responses are validated against
//    the document in the tests, so a renderer that writes what its
//    examples never showed is caught.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "io/request_spec.h"

namespace chizai::api {

// Writes the schema of `spec`'s object: properties, required, no other
// keys; nested specs as $ref to #/components/schemas/<name>.
void write_request_schema(JsonWriter& w, const RequestSpec& spec);
// Writes an example object made of the fields' examples (nested too).
void write_request_example(JsonWriter& w, const RequestSpec& spec);
// `spec` and every spec nested in it, each once, depth first.
std::vector<const RequestSpec*> nested_specs(const RequestSpec& spec);

// Writes the schema every one of `examples` (JSON texts) fits, as tightly as
// they show: objects with additionalProperties false. Throws
// std::logic_error naming the place when the examples cannot say
// (a value only ever null, an array never with an element, a key whose
// values have different types).
void write_inferred_schema(JsonWriter& w, const std::vector<std::string>& examples,
                           const std::string& name);

}  // namespace chizai::api
