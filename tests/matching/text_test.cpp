#include "matching/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace chizai::matching {
namespace {

using Tokens = std::vector<std::string>;

TEST(TokenizeTest, JapaneseWordsNotBigrams) {
  EXPECT_EQ(tokenize("リチウムイオン電池"), (Tokens{"リチウム", "イオン", "電池"}));
}

TEST(TokenizeTest, EnglishWords) {
  EXPECT_EQ(tokenize("Lithium-ion battery electrode"),
            (Tokens{"lithium", "ion", "battery", "electrode"}));
}

TEST(TokenizeTest, EnglishStopWordsIncludingGenericPatentWords) {
  EXPECT_EQ(tokenize("Method and device for the use thereof"), Tokens{});
  EXPECT_EQ(tokenize("System, apparatus and program for producing the same"),
            Tokens{"producing"});
  EXPECT_EQ(tokenize("A METHOD OF Manufacturing an Electrode"),
            (Tokens{"manufacturing", "electrode"}));
}

TEST(TokenizeTest, StopWordListIsDataAndSorted) {
  const auto words = english_stop_words();
  EXPECT_TRUE(std::ranges::is_sorted(words));
  for (std::string_view w : {"the", "a", "an", "of", "and", "for", "with", "method", "device",
                             "apparatus", "system", "program", "use", "thereof", "same"}) {
    EXPECT_TRUE(is_stop_word(w)) << w;
  }
  EXPECT_FALSE(is_stop_word("battery"));
  EXPECT_TRUE(std::ranges::is_sorted(japanese_stop_words()));
}

TEST(TokenizeTest, LongVowelMarkIsPartOfKatakana) {
  EXPECT_EQ(tokenize("ポリマー"), (Tokens{"ポリマー"}));
  EXPECT_EQ(tokenize("ー"), Tokens{});
}

TEST(TokenizeTest, SingleCharacterWords) {
  // A lone ideograph noun is a word; a lone hiragana particle is not.
  EXPECT_EQ(tokenize("炭 の"), (Tokens{"炭"}));
  EXPECT_EQ(tokenize("a 炭"), (Tokens{"炭"}));
}

TEST(TokenizeTest, ParticlesAndGenericWordsAreDropped) {
  // 方法 is a Japanese stop word, の a particle.
  EXPECT_EQ(tokenize("電池の製造方法"), (Tokens{"電池", "製造"}));
  EXPECT_EQ(tokenize("触媒を用いた装置"), (Tokens{"触媒"}));
}

TEST(TokenizeTest, JapanesePunctuationSeparates) {
  EXPECT_EQ(tokenize("リチウム・イオン"), (Tokens{"リチウム", "イオン"}));
  EXPECT_EQ(tokenize("正極、負極。"), (Tokens{"正極", "負極"}));
  EXPECT_EQ(tokenize("「電池」"), (Tokens{"電池"}));
}

TEST(TokenizeTest, FullWidthAsciiIsFolded) {
  EXPECT_EQ(tokenize("ＬＥＤ照明"), (Tokens{"led", "照明"}));
  EXPECT_EQ(tokenize("Ｌｉｔｈｉｕｍ　Ｂａｔｔｅｒｙ"), (Tokens{"lithium", "battery"}));
}

TEST(TokenizeTest, MixedText) {
  EXPECT_EQ(tokenize("LiCoO2正極材料 and 5G antenna"),
            (Tokens{"licoo2", "正極", "材料", "5g", "antenna"}));
  EXPECT_EQ(tokenize("Solid electrolyte 固体電解質"),
            (Tokens{"solid", "electrolyte", "固体", "電解", "質"}));
}

TEST(TokenizeTest, OneCharacterWordsAndNumbersAreDropped) {
  EXPECT_EQ(tokenize("type 2 diabetes x 2019"), (Tokens{"type", "diabetes"}));
}

TEST(TokenizeTest, NonAsciiLatinIsLowerCased) {
  EXPECT_EQ(tokenize("Ångström ÉCOLE"), (Tokens{"ångström", "école"}));
  EXPECT_EQ(tokenize("Ωmega"), (Tokens{"ωmega"}));
}

TEST(TokenizeTest, RepeatsAreKept) {
  EXPECT_EQ(tokenize("battery; Battery"), (Tokens{"battery", "battery"}));
}

TEST(TokenizeTest, InvalidUtf8Separates) {
  EXPECT_EQ(tokenize("abc\xFF" "def"), (Tokens{"abc", "def"}));
  EXPECT_EQ(tokenize("\xE3\x81"), Tokens{});  // truncated
  EXPECT_EQ(tokenize(""), Tokens{});
}

}  // namespace
}  // namespace chizai::matching
