// Reading a request: its JSON body and its date query parameters.
#pragma once

#include <simdjson.h>

#include <set>
#include <string>

#include "api/route.h"
#include "core/date.h"
#include "io/strict_json.h"

namespace chizai::api {

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
  simdjson::dom::parser parser_;
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
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(request.body).get(root) != simdjson::SUCCESS) {
    bad_request("the body is not valid JSON");
  }
  return read(root);
}

}  // namespace chizai::api
