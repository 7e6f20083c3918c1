// The OpenAPI schemas: a request's from its spec, a response's inferred
// from examples its renderer wrote.
#include "api/schema.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace chizai::api {
namespace {

std::string inferred(const std::vector<std::string>& examples) {
  JsonWriter w;
  write_inferred_schema(w, examples, "Thing");
  return w.take();
}

TEST(InferredSchemaTest, KeysTypesAndFormats) {
  EXPECT_EQ(inferred({R"({"code":"A","on":"2026-01-02","amount_minor":5,"ok":true,"rate":1.5})"}),
            R"({"type":"object","properties":{"code":{"type":"string"},"on":{"type":"string","format":"date"},)"
            R"("amount_minor":{"type":"integer"},"ok":{"type":"boolean"},"rate":{"type":"number"}},)"
            R"("required":["code","on","amount_minor","ok","rate"],"additionalProperties":false})");
}

TEST(InferredSchemaTest, NullInOneExampleMakesNullableAndAbsenceMakesOptional) {
  EXPECT_EQ(inferred({R"({"a":null,"b":1})", R"({"a":"x"})"}),
            R"({"type":"object","properties":{"a":{"type":"string","nullable":true},"b":{"type":"integer"}},)"
            R"("required":["a"],"additionalProperties":false})");
}

TEST(InferredSchemaTest, ArrayItemsMergeOverEveryElement) {
  EXPECT_EQ(inferred({R"([{"n":1},{"n":2,"m":"x"}])"}),
            R"({"type":"array","items":{"type":"object","properties":{"n":{"type":"integer"},"m":{"type":"string"}},)"
            R"("required":["n"],"additionalProperties":false}})");
  EXPECT_EQ(inferred({"[1]", "[2.5]"}), R"({"type":"array","items":{"type":"number"}})");
}

TEST(InferredSchemaTest, ExamplesThatCannotSayAreRefusedNamingThePlace) {
  try {
    inferred({R"({"a":null})"});
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("Thing/a"), std::string::npos) << e.what();
  }
  EXPECT_THROW(inferred({R"({"list":[]})"}), std::logic_error);
  EXPECT_THROW(inferred({R"({"a":1})", R"({"a":"1"})"}), std::logic_error);
  EXPECT_THROW(inferred({}), std::logic_error);
  EXPECT_THROW(inferred({"not json"}), std::logic_error);
}

const RequestSpec& line_spec() {
  static const RequestSpec s{"LineRequest", "", {{"sku", FieldType::kText, true, "", "A-1"}}};
  return s;
}
const RequestSpec& order_spec() {
  static const RequestSpec s{"OrderRequest",
                             "an order",
                             {{"placed_on", FieldType::kDate, true, "when", "2026-01-02"},
                              {"kind", FieldType::kWord, false, "", "rush", nullptr, {"rush", "normal"}},
                              {"lines", FieldType::kObjectList, true, "", "", &line_spec()}}};
  return s;
}

TEST(RequestSchemaTest, FromTheSpec) {
  JsonWriter w;
  write_request_schema(w, order_spec());
  EXPECT_EQ(w.str(),
            R"({"type":"object","description":"an order","properties":{)"
            R"("placed_on":{"type":"string","format":"date","description":"when"},)"
            R"("kind":{"type":"string","enum":["rush","normal"],"nullable":true},)"
            R"("lines":{"type":"array","items":{"$ref":"#/components/schemas/LineRequest"}}},)"
            R"("required":["placed_on","lines"],"additionalProperties":false})");
  JsonWriter e;
  write_request_example(e, order_spec());
  EXPECT_EQ(e.str(), R"({"placed_on":"2026-01-02","kind":"rush","lines":[{"sku":"A-1"}]})");
  const auto specs = nested_specs(order_spec());
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[1]->name, "LineRequest");
}

}  // namespace
}  // namespace chizai::api
