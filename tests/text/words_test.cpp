#include "text/words.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace chizai::text {
namespace {

using Words = std::vector<std::string>;

bool has(const Words& w, const std::string& word) { return std::find(w.begin(), w.end(), word) != w.end(); }

TEST(WordsTest, JapaneseIsSplitIntoWordsNotBigrams) {
  // Character bigrams gave リチ チウ … ン電 電池; MeCab gives the words.
  EXPECT_EQ(words("リチウムイオン電池"), (Words{"リチウム", "イオン", "電池"}));
  const Words title = words("光電変換素子の製造方法");
  EXPECT_TRUE(has(title, "製造"));
  EXPECT_TRUE(has(title, "素子"));
  EXPECT_FALSE(has(title, "の"));
  EXPECT_FALSE(has(title, "の製"));
}

TEST(WordsTest, ParticlesAndAuxiliariesAreDroppedVerbsTakeTheirDictionaryForm) {
  const Words w = words("触媒を用いた水素の製造");
  EXPECT_TRUE(has(w, "触媒"));
  EXPECT_TRUE(has(w, "用いる"));
  EXPECT_TRUE(has(w, "水素"));
  EXPECT_FALSE(has(w, "を"));
  EXPECT_FALSE(has(w, "た"));
}

TEST(WordsTest, LatinWordsAreLowerCasedAndKept) {
  EXPECT_EQ(words("Lithium-ion Battery 5G x"), (Words{"lithium", "ion", "battery", "5g", "x"}));
  EXPECT_EQ(words("Ångström ÉCOLE"), (Words{"ångström", "école"}));
}

TEST(WordsTest, MixedScriptsAndFullWidthAscii) {
  EXPECT_EQ(words("ＬＥＤ照明"), (Words{"led", "照明"}));
  const Words w = words("Solid electrolyte 固体電解質");
  EXPECT_EQ(w.front(), "solid");
  EXPECT_TRUE(has(w, "固体"));
}

TEST(WordsTest, PunctuationAndInvalidUtf8Separate) {
  EXPECT_EQ(words("正極、負極。"), (Words{"正極", "負極"}));
  EXPECT_EQ(words("abc\xFF" "def"), (Words{"abc", "def"}));
  EXPECT_EQ(words(""), Words{});
}

TEST(WordsTest, ThreadSafe) {
  const Words expected = words("ペロブスカイト太陽電池の製造方法");
  EXPECT_FALSE(has(expected, "ト太"));
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t t = 0; t < ok.size(); ++t) {
    threads.emplace_back([&, t] {
      bool same = true;
      for (int i = 0; i < 200; ++i) same = same && words("ペロブスカイト太陽電池の製造方法") == expected;
      ok[t] = same ? 1 : 0;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, std::vector<int>(4, 1));
}

}  // namespace
}  // namespace chizai::text
