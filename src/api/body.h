// Reading a request: its JSON body and its date query parameters.
#pragma once

#include <simdjson.h>

#include <set>
#include <string>

#include "api/route.h"
#include "core/date.h"
#include "io/registry_formats.h"
#include "io/request_spec.h"
#include "io/strict_json.h"

namespace chizai::api {

// A JSON request body parsed once, by the server before the handler runs
// (limits.h: within api.max_json_depth), and read by the handler through
// Request::json. Elements point into the parser: they live as long as it.
struct JsonDocument {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};

// Returns the body's JSON root: the server's parse (request.json) when it
// parsed the body, else the body parsed here into `own` (400 when it is
// not valid JSON; a body the server did not take for JSON, e.g. sent
// with another content type).
simdjson::dom::element json_root(const Request& request, simdjson::dom::parser& own);

// A JSON object request body read strictly (io/strict_json.h): an empty
// body, invalid JSON or a non-object is a 400; unknown keys and wrong types
// are refused by Fields naming the key.
class JsonBody {
 public:
  explicit JsonBody(const Request& request);
  Fields fields(std::set<std::string> allowed) const { return Fields(root_, "", std::move(allowed)); }
  // The body without insignificant white space.
  std::string minified() const { return simdjson::minify(root_); }

 private:
  simdjson::dom::parser parser_;  // unused when the server parsed the body
  simdjson::dom::element root_;
};

// The date in query parameter `name` (YYYY-MM-DD), today when it is absent
// or empty; anything else is a 400 naming `name`.
Date query_date(const Request& request, const char* name);

// The body parsed as JSON (400 if it is not) and read strictly with `read`
// (FileError, naming the field, becomes a 400 at the server's error
// boundary).
template <class Read>
auto read_body(const Request& request, Read read) {
  simdjson::dom::parser own;
  return read(json_root(request, own));
}

// The body read as the request `spec` describes, by its one reader (the
// same reader the CLI and the scheme loader use; src/requests/).
template <class T>
T read_request(const Request& request, const RequestSpec& spec, T (*reader)(const SpecFields&)) {
  simdjson::dom::parser own;
  return reader(SpecFields(json_root(request, own), spec));
}

// An uploaded file's format from the request's Content-Type: text/csv, or
// JSON Lines (application/x-ndjson and its other names, application/json);
// anything else is 415 naming Content-Type. `what` names the file in the
// message ("a patent file", "an events file").
FileFormat upload_format(const Request& request, const std::string& what);

}  // namespace chizai::api
