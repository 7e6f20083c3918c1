// Helpers shared by the API tests (tests/api/*_api_test.cpp): seeding the
// registry, reading values out of a JSON reply and checking an error reply.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

#include "api_harness.h"
#include "registry_fixture.h"
#include "store/database.h"

namespace chizai::testing {

// Imports `institutions` and then `patents` (JSONL) into `db`; a fatal
// failure naming the problems if either file is refused.
void seed_registry(Database& db, const std::string& institutions, const std::string& patents);

// Values at a JSON pointer of a reply body, or a marker that makes the
// comparison fail: "<not json>"/"<no string at …>", -1, false, 9999.
std::string text_at(const std::string& body, const char* pointer);
std::int64_t int_at(const std::string& body, const char* pointer);
// The number (integer or decimal) at `pointer`, or -1.
double number_at(const std::string& body, const char* pointer);
bool null_at(const std::string& body, const char* pointer);
std::size_t length_at(const std::string& body, const char* pointer);
// The strings of an array of strings (or of one key of each object in it).
std::vector<std::string> texts_at(const std::string& body, const char* pointer, const char* key = nullptr);

// A parsed reply body; a missing pointer or wrong type is a test failure.
class Json {
 public:
  explicit Json(const std::string& text);
  simdjson::dom::element at(const std::string& pointer) const;
  std::string str(const std::string& pointer) const;
  std::int64_t num(const std::string& pointer) const;
  bool boolean(const std::string& pointer) const;
  bool is_null(const std::string& pointer) const { return at(pointer).is_null(); }
  std::size_t size(const std::string& pointer) const;

 private:
  std::string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

// The {"error": {"code", "message", "field"}} of a refusal (a failure if the
// body is not JSON or has no "error").
struct ErrorBody {
  std::string code, message, field;
};
ErrorBody error_of(const Reply& r);

// For expect_refusal: the reply's /error/field is not checked (401 and 403
// name none).
inline constexpr const char* kAnyField = "*";

// Sends the request through `h` and expects a refusal with `status`, /error/code
// `code` (when not empty), /error/field `field` (unless kAnyField) and a
// message, and the database unchanged by it.
void expect_refusal(ApiHarness& h, const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token, int status, const std::string& code,
                    const std::string& field = kAnyField);

// Expects the audit log (GET /api/v1/audit, read with `admin_token`) to
// name the entity a mutation changed.
void expect_audited(ApiHarness& h, const std::string& admin_token, const std::string& type, const std::string& id);

// Expects `status` and, when not empty, /error/field and /error/code.
void expect_error(const Reply& r, int status, const std::string& field = {}, const std::string& code = {});
// Expects `status` and /error/code, and /error/field when not empty.
void expect_error_code(const Reply& r, int status, const std::string& code, const std::string& field = "");

}  // namespace chizai::testing
