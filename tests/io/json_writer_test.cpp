// JsonWriter: compact and pretty output, escaping, and numbers given as text.
#include "io/json_writer.h"

#include <gtest/gtest.h>

namespace chizai {
namespace {

TEST(JsonWriter, CompactObjectKeepsKeyOrderAndEscapes) {
  JsonWriter w;
  w.begin_object().field("b", "x\"y").field("a", std::int64_t{-3}).field("ok", true);
  w.key("list").begin_array().value("1").null().end_array().end_object();
  EXPECT_EQ(w.str(), R"({"b":"x\"y","a":-3,"ok":true,"list":["1",null]})");
}

TEST(JsonWriter, NumberTextIsCopiedAsAValue) {
  JsonWriter w;
  w.begin_array().number("0.5").value(1).number("-12.25").end_array();
  EXPECT_EQ(w.str(), "[0.5,1,-12.25]");
  JsonWriter o;
  o.begin_object().key("weight").number("0.5").field("code", "H01M").end_object();
  EXPECT_EQ(o.str(), R"({"weight":0.5,"code":"H01M"})");
}

TEST(JsonWriter, PrettyPrintsWithIndent) {
  JsonWriter w(2);
  w.begin_object().key("w").number("0.5").end_object();
  EXPECT_EQ(w.str(), "{\n  \"w\": 0.5\n}");
}

}  // namespace
}  // namespace chizai
