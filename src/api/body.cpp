#include "api/body.h"

namespace chizai::api {

simdjson::dom::element json_root(const Request& request, simdjson::dom::parser& own) {
  if (request.json) return request.json->root;
  simdjson::dom::element root;
  if (own.parse(request.body).get(root) != simdjson::SUCCESS) bad_request("the body is not valid JSON");
  return root;
}

JsonBody::JsonBody(const Request& request) {
  if (request.body.empty()) bad_request("a JSON object body is required");
  root_ = json_root(request, parser_);
  if (root_.type() != simdjson::dom::element_type::OBJECT) bad_request("the body must be a JSON object");
}

Date query_date(const Request& request, const char* name) {
  const auto text = request.query_value(name);
  if (!text || text->empty()) return today_local();
  auto d = Date::parse(*text);
  if (!d) bad_request("'" + std::string(name) + "' must be a date YYYY-MM-DD, not '" + *text + "'", name);
  return *d;
}

FileFormat upload_format(const Request& request, const std::string& what) {
  const std::string& type = request.content_type;
  if (type == "text/csv") return FileFormat::kCsv;
  if (type == "application/jsonl" || type == "application/x-ndjson" || type == "application/x-jsonlines" ||
      type == "application/json-lines" || type == "application/json") {
    return FileFormat::kJsonl;
  }
  throw ApiError(415, "unsupported_media_type",
                 "import " + what + " as text/csv or application/x-ndjson (JSONL), not '" + type + "'",
                 "Content-Type");
}

}  // namespace chizai::api
