#include "api_fixture.h"

#include <sstream>

#include "services/registry_service.h"

namespace chizai::testing {

void seed_registry(Database& db, const std::string& institutions, const std::string& patents) {
  RegistryService registry(db);
  std::istringstream inst(institutions), pat(patents);
  const auto r = registry.import_institutions(inst, FileFormat::kJsonl, {});
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  const auto p = registry.import_patents(pat, FileFormat::kJsonl, {});
  ASSERT_TRUE(p.written) << describe_problems(p.problems);
}

std::string text_at(const std::string& body, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root)) return "<not json>";
  std::string_view s;
  if (root.at_pointer(pointer).get(s)) return "<no string at " + std::string(pointer) + ">";
  return std::string(s);
}

std::int64_t int_at(const std::string& body, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::int64_t n = -1;
  if (parser.parse(body).get(root) || root.at_pointer(pointer).get(n)) return -1;
  return n;
}

double number_at(const std::string& body, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, e;
  if (parser.parse(body).get(root) || root.at_pointer(pointer).get(e)) return -1;
  double x = -1;
  if (e.is_double()) return e.get(x) ? -1 : x;
  std::int64_t n = -1;
  return e.get(n) ? -1 : static_cast<double>(n);
}

bool null_at(const std::string& body, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, e;
  if (parser.parse(body).get(root) || root.at_pointer(pointer).get(e)) return false;
  return e.is_null();
}

std::size_t length_at(const std::string& body, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array a;
  if (parser.parse(body).get(root) || root.at_pointer(pointer).get(a)) return 9999;
  return a.size();
}

std::vector<std::string> texts_at(const std::string& body, const char* pointer, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array items;
  std::vector<std::string> out;
  if (parser.parse(body).get(root) || root.at_pointer(pointer).get(items)) return {"<no array>"};
  for (simdjson::dom::element e : items) {
    std::string_view s;
    if ((key ? e[key].get(s) : e.get(s)) != simdjson::SUCCESS) return {"<not a string>"};
    out.emplace_back(s);
  }
  return out;
}

Json::Json(const std::string& text) : text_(text) {
  if (parser_.parse(text_).get(root_) != simdjson::SUCCESS) ADD_FAILURE() << "not JSON: " << text_;
}

simdjson::dom::element Json::at(const std::string& pointer) const {
  simdjson::dom::element e;
  if (root_.at_pointer(pointer).get(e) != simdjson::SUCCESS) ADD_FAILURE() << "no " << pointer << " in " << text_;
  return e;
}

std::string Json::str(const std::string& pointer) const {
  std::string_view v;
  if (at(pointer).get(v) != simdjson::SUCCESS) return "<not a string>";
  return std::string(v);
}

std::int64_t Json::num(const std::string& pointer) const {
  std::int64_t v = -1;
  if (at(pointer).get(v) != simdjson::SUCCESS) ADD_FAILURE() << pointer << " is not an integer in " << text_;
  return v;
}

bool Json::boolean(const std::string& pointer) const {
  bool v = false;
  if (at(pointer).get(v) != simdjson::SUCCESS) ADD_FAILURE() << pointer << " is not a boolean in " << text_;
  return v;
}

std::size_t Json::size(const std::string& pointer) const {
  simdjson::dom::array a;
  if (at(pointer).get(a) != simdjson::SUCCESS) return 0;
  return a.size();
}

ErrorBody error_of(const Reply& r) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ErrorBody e;
  if (parser.parse(r.body).get(root) != simdjson::SUCCESS) {
    ADD_FAILURE() << "error body is not JSON: " << r.body;
    return e;
  }
  simdjson::dom::element error;
  if (root["error"].get(error) != simdjson::SUCCESS) {
    ADD_FAILURE() << "no \"error\" in " << r.body;
    return e;
  }
  std::string_view s;
  if (error["code"].get(s) == simdjson::SUCCESS) e.code = std::string(s);
  if (error["message"].get(s) == simdjson::SUCCESS) e.message = std::string(s);
  if (error["field"].get(s) == simdjson::SUCCESS) e.field = std::string(s);
  return e;
}

void expect_error(const Reply& r, int status, const std::string& field, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  if (!field.empty()) {
    EXPECT_EQ(text_at(r.body, "/error/field"), field) << r.body;
  }
  if (!code.empty()) {
    EXPECT_EQ(text_at(r.body, "/error/code"), code) << r.body;
  }
}

void expect_error_code(const Reply& r, int status, const std::string& code, const std::string& field) {
  EXPECT_EQ(r.status, status) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.str("/error/code"), code) << r.body;
  if (!field.empty()) {
    EXPECT_EQ(j.str("/error/field"), field) << r.body;
  }
}

void expect_refusal(ApiHarness& h, const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token, int status, const std::string& code, const std::string& field) {
  const std::string before = dump_content(h.db());
  const Reply r = h.request(method, path, body, token);
  EXPECT_EQ(r.status, status) << method << " " << path << " " << body << ": " << r.body;
  const ErrorBody e = error_of(r);
  if (!code.empty()) {
    EXPECT_EQ(e.code, code) << r.body;
  }
  if (field != kAnyField) {
    EXPECT_EQ(e.field, field) << r.body;
  }
  EXPECT_FALSE(e.message.empty()) << r.body;
  EXPECT_EQ(dump_content(h.db()), before) << method << " " << path << " changed the database";
}

void expect_audited(ApiHarness& h, const std::string& admin_token, const std::string& type, const std::string& id) {
  const Reply log = h.get("/api/v1/audit?entity_type=" + type, admin_token);
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(log.body.find(R"("entity_type":")" + type + R"(","entity_id":")" + id + "\""), std::string::npos)
      << log.body;
}

}  // namespace chizai::testing
