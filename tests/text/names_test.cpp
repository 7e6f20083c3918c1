// Organisation names to keys (text/names.h) with the built-in rules
// (config/institution_names.txt).
#include "text/names.h"

#include <gtest/gtest.h>

#include <string>

namespace chizai::text {
namespace {

std::string key(std::string_view s) { return NameRules::builtin().key(s); }

TEST(NameWidth, FullWidthAsciiAndHalfWidthKana) {
  // Ｕ→U … folded, then lower-cased.
  EXPECT_EQ(fold_width_and_case("ＵＮＩＶ　ＴＯＫＹＯ"), "univ tokyo");
  // ｻｸﾗ → サクラ; ﾃﾞ → デ (the dakuten joins); ﾊﾟ → パ.
  EXPECT_EQ(fold_width_and_case("ｻｸﾗﾃﾞﾝｷ"), "サクラデンキ");
  EXPECT_EQ(fold_width_and_case("ﾊﾟﾅｿﾆｯｸ"), "パナソニック");
  EXPECT_EQ(fold_width_and_case("ｳﾞｨ"), "ヴィ");
  // A lone sound mark stays a (full-width) mark.
  EXPECT_EQ(fold_width_and_case("ﾞ"), "゛");
  // ㈱ is (株).
  EXPECT_EQ(fold_width_and_case("㈱ｻｸﾗ"), "(株)サクラ");
}

TEST(NameKey, CaseWidthAndPunctuation) {
  EXPECT_EQ(key("THE UNIVERSITY OF TOKYO"), "university tokyo");
  EXPECT_EQ(key("The University of Tokyo"), "university tokyo");
  EXPECT_EQ(key("UNIV TOKYO"), "university tokyo");         // univ -> university
  EXPECT_EQ(key("Univ. of Tokyo"), "university tokyo");
  EXPECT_EQ(key("ＵＮＩＶ．ＴＯＫＹＯ"), "university tokyo");  // full width, the dot a separator
  EXPECT_EQ(key("Tokyo-Institute-of-Technology"), "tokyo institute technology");
  EXPECT_EQ(key("  Kyoto   University  "), "kyoto university");
}

TEST(NameKey, LegalForms) {
  EXPECT_EQ(key("国立大学法人東京大学"), "東京大学");
  EXPECT_EQ(key("国立大学法人 東京大学"), "東京大学");
  EXPECT_EQ(key("さくら電機株式会社"), "さくら電機");
  EXPECT_EQ(key("株式会社さくら電機"), "さくら電機");
  EXPECT_EQ(key("(株)さくら電機"), "さくら電機");
  EXPECT_EQ(key("（株）さくら電機"), "さくら電機");      // full-width parentheses
  EXPECT_EQ(key("㈱さくら電機"), "さくら電機");
  EXPECT_EQ(key("ｻｸﾗ電機㈱"), "サクラ電機");
  EXPECT_EQ(key("Sakura Denki K.K."), "sakura denki");
  EXPECT_EQ(key("SAKURA DENKI KK"), "sakura denki");
  EXPECT_EQ(key("Sakura Denki Kabushiki Kaisha"), "sakura denki");
  EXPECT_EQ(key("Sakura Denki Co., Ltd."), "sakura denki");
  EXPECT_EQ(key("SAKURA DENKI CO LTD"), "sakura denki");
  EXPECT_EQ(key("9SOLUTIONS OY"), "9solutions");
  EXPECT_EQ(key("Siemens GmbH"), "siemens");
  EXPECT_EQ(key("Acme Corp."), "acme");                    // corp -> corporation, a legal form
  EXPECT_EQ(key("Acme Corporation"), "acme");
}

TEST(NameKey, OnlyALegalFormKeepsItsWords) {
  EXPECT_EQ(key("株式会社"), "株式会社");
  EXPECT_EQ(key("K.K."), "k k");
  EXPECT_EQ(key("..."), "");
}

TEST(NameRulesFile, DirectivesAndErrors) {
  auto r = NameRules::parse("# comment\nlegal Pty Ltd\nignore and\nabbrev u university\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->legal_form_count(), 1u);
  EXPECT_EQ(r->key("Acme and Sons Pty. Ltd."), "acme sons");
  EXPECT_EQ(r->key("U Tokyo"), "university tokyo");
  // The built-in rules are not these: "pty" is kept there.
  EXPECT_EQ(key("Acme Pty"), "acme pty");

  auto unknown = NameRules::parse("legal Oy\nremove Oy\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "bad_name_rules");
  EXPECT_NE(unknown.error().message.find("line 2"), std::string::npos) << unknown.error().message;
  auto short_abbrev = NameRules::parse("abbrev univ\n");
  ASSERT_FALSE(short_abbrev.ok());
  EXPECT_NE(short_abbrev.error().message.find("line 1"), std::string::npos);
  EXPECT_FALSE(NameRules::parse("legal\n").ok());
}

TEST(NameDistance, EditDistanceInCodePoints) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // k→s, e→i, +g
  EXPECT_EQ(edit_distance("東京大学", "京都大学"), 2u);  // 東→京, 京→都 (code points, not bytes)
  EXPECT_EQ(edit_distance("university tokyo", "university tokyo"), 0u);
  // "university toky" vs "university tokyo": one insertion, 16 code points
  // in the longer: 1000 × 15 / 16 = 937.5, rounded down.
  EXPECT_EQ(similarity_permille("university toky", "university tokyo"), 937);
  EXPECT_EQ(similarity_permille("abc", "xyz"), 0);
  EXPECT_EQ(similarity_permille("", ""), 1000);
  // 東京大学 vs 京都大学: 2 of 4 → 500.
  EXPECT_EQ(similarity_permille("東京大学", "京都大学"), 500);
}

}  // namespace
}  // namespace chizai::text
