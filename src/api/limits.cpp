#include "api/limits.h"

#include <algorithm>
#include <new>

#include "core/text.h"

namespace chizai::api {

void check_header_count(std::size_t count, int max, bool& close_connection) {
  if (static_cast<int>(count) <= max) return;
  close_connection = true;
  throw ApiError(400, "too_many_headers",
                 "the request has " + std::to_string(count) + " header fields; the limit is " + std::to_string(max));
}

void check_framing(const Poco::Net::MessageHeader& head, bool& close_connection) {
  const auto refuse = [&](const std::string& message, const std::string& field) {
    close_connection = true;  // what follows on this connection cannot be trusted to be a request
    return ApiError(400, "bad_request", message, field);
  };
  int lengths = 0, encodings = 0, authorizations = 0;
  std::string length, encoding;
  for (const auto& [name, value] : head) {
    if (Poco::icompare(name, "Content-Length") == 0) {
      ++lengths;
      length = value;
    } else if (Poco::icompare(name, "Transfer-Encoding") == 0) {
      ++encodings;
      encoding = value;
    } else if (Poco::icompare(name, "Authorization") == 0) {
      ++authorizations;
    }
  }
  if (lengths > 1) throw refuse("Content-Length is given " + std::to_string(lengths) + " times", "Content-Length");
  if (encodings > 1) {
    throw refuse("Transfer-Encoding is given " + std::to_string(encodings) + " times", "Transfer-Encoding");
  }
  if (lengths == 1 && encodings == 1) {
    throw refuse("both Content-Length and Transfer-Encoding are given: send one", "Transfer-Encoding");
  }
  if (lengths == 1) {
    const bool digits = !length.empty() && length.size() <= 18 &&
                        std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) throw refuse("Content-Length '" + length + "' is not a decimal number of bytes", "Content-Length");
  }
  if (encodings == 1 && Poco::icompare(encoding, "chunked") != 0) {
    throw refuse("Transfer-Encoding '" + encoding + "' is not supported (only chunked)", "Transfer-Encoding");
  }
  if (authorizations > 1) throw refuse("Authorization is given " + std::to_string(authorizations) + " times", "Authorization");
}

bool is_json_body(const Request& req) {
  const std::string& t = req.content_type;
  if (t == "application/json" || (t.size() > 5 && t.substr(t.size() - 5) == "+json")) return true;
  if (!t.empty()) return false;
  const std::string_view b = trim(req.body);
  return !b.empty() && (b.front() == '{' || b.front() == '[');
}

void parse_json_body(const std::string& body, int max_depth, JsonDocument& doc) {
  // Allocating for this body up front sets the depth limit (a later
  // reallocation keeps it). The size limit is read_request_body's: the body
  // is within it before it is parsed. (Not the parser's max_capacity:
  // simdjson 3.0.1's set_max_capacity caps it at 32 bytes instead.)
  const std::size_t capacity = std::max(body.size(), simdjson::dom::MINIMAL_DOCUMENT_CAPACITY);
  simdjson::error_code err = doc.parser.allocate(capacity, static_cast<std::size_t>(max_depth));
  if (!err) err = doc.parser.parse(body).get(doc.root);
  switch (err) {
    case simdjson::SUCCESS:
      return;
    case simdjson::DEPTH_ERROR:
      throw ApiError(400, "too_deep",
                     "JSON nested deeper than the limit of " + std::to_string(max_depth) + " levels");
    case simdjson::CAPACITY:  // beyond simdjson's 4 GiB (api.max_body_bytes allows more)
      throw ApiError(413, "payload_too_large",
                     "the request body is larger than the " + std::to_string(doc.parser.max_capacity()) +
                         " bytes a JSON body may have");
    case simdjson::MEMALLOC:
      throw std::bad_alloc();
    case simdjson::UTF8_ERROR:
      throw ApiError(400, "malformed_json", "the JSON body is not valid UTF-8");
    case simdjson::EMPTY:
      throw ApiError(400, "malformed_json", "malformed JSON: the body is empty; a JSON value was expected");
    default:
      throw ApiError(400, "malformed_json", std::string("malformed JSON: ") + simdjson::error_message(err));
  }
}

}  // namespace chizai::api
