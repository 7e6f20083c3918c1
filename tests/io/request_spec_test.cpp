// RequestSpec and SpecFields: a reader reads only what its spec declares,
// with the declared type and required-ness, and the object's keys must be
// the spec's.
#include "io/request_spec.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <stdexcept>
#include <string>

namespace chizai {
namespace {

const RequestSpec& spec() {
  static const RequestSpec s{"ThingRequest",
                             "a thing",
                             {
                                 {"name", FieldType::kText, true, "its name", "widget"},
                                 {"made_on", FieldType::kDate, true, "when", "2026-01-02"},
                                 {"price", FieldType::kAmount, false, "JPY", "1,000"},
                                 {"count", FieldType::kInteger, false, "how many", "3"},
                                 {"tags", FieldType::kTextList, false, "labels", "a|b"},
                                 {"fragile", FieldType::kBoolean, false, "handle with care", "true"},
                             }};
  return s;
}

class SpecFieldsTest : public ::testing::Test {
 protected:
  SpecFields fields(const std::string& json, const std::set<std::string>& extra = {}) {
    text_ = json;
    simdjson::dom::element root;
    EXPECT_EQ(parser_.parse(text_).get(root), simdjson::SUCCESS);
    return SpecFields(root, spec(), "", extra);
  }
  std::string text_;
  simdjson::dom::parser parser_;
};

TEST_F(SpecFieldsTest, ReadsDeclaredFieldsByType) {
  const SpecFields f = fields(R"({"name":"w","made_on":"2026-01-02","price":"1,500","count":4,"tags":["x"],"fragile":true})");
  EXPECT_EQ(f.text("name"), "w");
  EXPECT_EQ(f.date("made_on").to_string(), "2026-01-02");
  EXPECT_EQ(f.amount_or("price", Currency::jpy(), "0"), 1500);
  EXPECT_EQ(f.optional_integer("count"), 4);
  EXPECT_EQ(f.optional_texts("tags"), std::vector<std::string>{"x"});
  EXPECT_TRUE(f.flag("fragile"));
}

TEST_F(SpecFieldsTest, AbsentOptionalFieldsTakeTheirFallback) {
  const SpecFields f = fields(R"({"name":"w","made_on":"2026-01-02","count":null})");
  EXPECT_EQ(f.amount_or("price", Currency::jpy(), "0"), 0);
  EXPECT_FALSE(f.optional_integer("count").has_value());
  EXPECT_TRUE(f.optional_texts("tags").empty());
  EXPECT_FALSE(f.flag("fragile"));
}

TEST_F(SpecFieldsTest, UndeclaredKeysAreRefusedNamingTheKey) {
  try {
    fields(R"({"name":"w","made_on":"2026-01-02","colour":"red"})");
    FAIL() << "an undeclared key was accepted";
  } catch (const FileError& e) {
    EXPECT_EQ(e.field, "colour");
    EXPECT_NE(e.message.find("not a known key"), std::string::npos) << e.message;
  }
  // An extra key the caller allows (the scheme loader's "op").
  EXPECT_NO_THROW(fields(R"({"op":"thing","name":"w","made_on":"2026-01-02"})", {"op"}));
}

TEST_F(SpecFieldsTest, BadValuesAreRefusedNamingTheField) {
  const SpecFields f = fields(R"({"name":7,"made_on":"2026-02-30","price":"1.5"})");
  try {
    f.text("name");
    FAIL();
  } catch (const FileError& e) {
    EXPECT_EQ(e.field, "name");
  }
  try {
    f.date("made_on");
    FAIL();
  } catch (const FileError& e) {
    EXPECT_EQ(e.field, "made_on");
  }
  try {
    f.amount_or("price", Currency::jpy(), "0");
    FAIL();
  } catch (const FileError& e) {
    EXPECT_EQ(e.field, "price");
  }
}

// A reader that asks for what its spec does not say is a bug: it fails
// loudly the first time a test runs it, whatever the input.
TEST_F(SpecFieldsTest, AReaderMustAskAsItsSpecSays) {
  const SpecFields f = fields(R"({"name":"w","made_on":"2026-01-02"})");
  EXPECT_THROW(f.text("colour"), std::logic_error);           // undeclared
  EXPECT_THROW(f.has("colour"), std::logic_error);            // undeclared
  EXPECT_THROW(f.date("name"), std::logic_error);             // declared as text
  EXPECT_THROW(f.optional_text("name"), std::logic_error);    // declared required
  EXPECT_THROW(f.integer("count"), std::logic_error);         // declared optional
}

TEST(RequestSpecTest, FlagsAreTheFieldNamesWithDashes) {
  EXPECT_EQ(flag_of("received_on"), "--received-on");
  EXPECT_EQ(flag_of("fx_rate"), "--fx-rate");
  EXPECT_EQ(flag_of("reference"), "--reference");
  EXPECT_EQ(spec().keys(), (std::set<std::string>{"name", "made_on", "price", "count", "tags", "fragile"}));
  EXPECT_EQ(spec().find("count")->type, FieldType::kInteger);
  EXPECT_EQ(spec().find("colour"), nullptr);
}

}  // namespace
}  // namespace chizai
