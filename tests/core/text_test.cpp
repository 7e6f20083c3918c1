#include "core/text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace chizai {
namespace {

using Pieces = std::vector<std::string_view>;

// Encodes a code point as UTF-8 without validation (for building test input).
std::string encode(char32_t cp) {
  std::string out;
  const auto byte = [&](char32_t b) { out.push_back(static_cast<char>(b)); };
  if (cp < 0x80) {
    byte(cp);
  } else if (cp < 0x800) {
    byte(0xC0 | (cp >> 6));
    byte(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    byte(0xE0 | (cp >> 12));
    byte(0x80 | ((cp >> 6) & 0x3F));
    byte(0x80 | (cp & 0x3F));
  } else {
    byte(0xF0 | (cp >> 18));
    byte(0x80 | ((cp >> 12) & 0x3F));
    byte(0x80 | ((cp >> 6) & 0x3F));
    byte(0x80 | (cp & 0x3F));
  }
  return out;
}

TEST(Utf8Test, Valid) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ASCII"));
  EXPECT_TRUE(is_valid_utf8(std::string_view("\0", 1)));
  EXPECT_TRUE(is_valid_utf8("特許ライセンス"));
  EXPECT_TRUE(is_valid_utf8("é€𝄞"));
  EXPECT_TRUE(is_valid_utf8("\x7F"));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, below surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000, above surrogates
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8Test, Invalid) {
  for (std::string_view bad : {
           "\x80",                  // lone continuation
           "\xBF",                  // lone continuation
           "a\x80" "b",             // continuation in ASCII
           "\xC0\x80",              // overlong NUL
           "\xC1\xBF",              // overlong U+007F
           "\xE0\x80\x80",          // overlong
           "\xE0\x9F\xBF",          // overlong U+07FF
           "\xF0\x80\x80\x80",      // overlong
           "\xF0\x8F\xBF\xBF",      // overlong U+FFFF
           "\xED\xA0\x80",          // U+D800
           "\xED\xBF\xBF",          // U+DFFF
           "\xED\xB0\x80",          // U+DC00
           "\xF4\x90\x80\x80",      // U+110000
           "\xF7\xBF\xBF\xBF",      // U+1FFFFF
           "\xF8\x88\x80\x80\x80",  // 5-byte form
           "\xFC\x84\x80\x80\x80\x80",
           "\xFE", "\xFF",
           "\xC2",                  // truncated
           "\xE3\x81",              // truncated
           "\xF0\x9F\x98",          // truncated
           "abc\xE3",               // truncated at the end
           "\xE3\x41\x81",          // ASCII where a continuation belongs
           "\xC2\xC2\x80",
       }) {
    EXPECT_FALSE(is_valid_utf8(bad)) << testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8Test, EveryCodePointBoundary) {
  // Each scalar value encodes validly; each surrogate does not.
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x11000 ? 1 : 0x3FF)) {
    const std::string s = encode(cp);
    EXPECT_EQ(is_valid_utf8(s), cp < 0xD800 || cp > 0xDFFF) << static_cast<std::uint32_t>(cp);
    if (cp < 0xD800 || cp > 0xDFFF) {
      ASSERT_EQ(utf8_length(s), 1u);
    }
  }
  EXPECT_TRUE(is_valid_utf8(encode(0x10FFFF)));
  EXPECT_FALSE(is_valid_utf8(encode(0x110000)));
}

TEST(Utf8Test, Length) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("特許"), 2u);
  EXPECT_EQ(utf8_length("a é € 𝄞"), 7u);
  EXPECT_EQ(utf8_length("２０１２－１２３４５６"), 11u);
}

TEST(TrimTest, AsciiAndIdeographicSpace) {
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim("abc"), "abc");
  EXPECT_EQ(trim("  abc  "), "abc");
  EXPECT_EQ(trim("\t\r\n\v\f abc \t\r\n\v\f"), "abc");
  EXPECT_EQ(trim("a b"), "a b");
  EXPECT_EQ(trim(" a b "), "a b");
  EXPECT_EQ(trim("\xE3\x80\x80" "特許" "\xE3\x80\x80"), "特許");
  EXPECT_EQ(trim(" \xE3\x80\x80 \xE3\x80\x80x\xE3\x80\x80 \xE3\x80\x80 "), "x");
  EXPECT_EQ(trim("\xE3\x80\x80"), "");
  EXPECT_EQ(trim("a\xE3\x80\x80" "b"), "a\xE3\x80\x80" "b");  // inner kept
  // A partial U+3000 prefix is not white space: nothing is removed.
  EXPECT_EQ(trim("\xE3\x80"), "\xE3\x80");
  EXPECT_EQ(trim("\xE3\x80\x81"), "\xE3\x80\x81");  // U+3001 "、" is not space
  EXPECT_EQ(trim(std::string_view("\0a", 2)), std::string_view("\0a", 2));
}

TEST(SplitTest, KeepsEmptyPieces) {
  EXPECT_EQ(split("a,b,c", ','), (Pieces{"a", "b", "c"}));
  EXPECT_EQ(split("", ','), (Pieces{""}));
  EXPECT_EQ(split(",", ','), (Pieces{"", ""}));
  EXPECT_EQ(split("a,,b", ','), (Pieces{"a", "", "b"}));
  EXPECT_EQ(split(",a,", ','), (Pieces{"", "a", ""}));
  EXPECT_EQ(split("abc", ','), (Pieces{"abc"}));
  EXPECT_EQ(split("a|b", ','), (Pieces{"a|b"}));
  EXPECT_EQ(split("a|b", '|'), (Pieces{"a", "b"}));
  EXPECT_EQ(split("特,許", ','), (Pieces{"特", "許"}));
}

TEST(CaseTest, AsciiOnly) {
  EXPECT_EQ(to_upper_ascii("jp-2012abc"), "JP-2012ABC");
  EXPECT_EQ(to_lower_ascii("JP-2012ABC"), "jp-2012abc");
  EXPECT_EQ(to_upper_ascii(""), "");
  EXPECT_EQ(to_upper_ascii("@[`{"), "@[`{");
  EXPECT_EQ(to_lower_ascii("@[`{"), "@[`{");
  EXPECT_EQ(to_upper_ascii("é特ａ"), "é特ａ");  // non-ASCII untouched
  EXPECT_EQ(to_lower_ascii("É特Ａ"), "É特Ａ");
  EXPECT_EQ(to_upper_ascii("azAZ"), "AZAZ");
  EXPECT_EQ(to_lower_ascii("azAZ"), "azaz");
}

TEST(ParseInt64Test, Accepts) {
  EXPECT_EQ(parse_int64("0"), 0);
  EXPECT_EQ(parse_int64("-0"), 0);
  EXPECT_EQ(parse_int64("42"), 42);
  EXPECT_EQ(parse_int64("-42"), -42);
  EXPECT_EQ(parse_int64("007"), 7);
  EXPECT_EQ(parse_int64("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_int64("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(parse_int64("-9223372036854775807"), -std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_int64("00000000000000000000009223372036854775807"),
            std::numeric_limits<std::int64_t>::max());
}

TEST(ParseInt64Test, Rejects) {
  for (std::string_view bad :
       {"", "-", "+1", " 1", "1 ", "1a", "a1", "1.0", "1e3", "0x1", "--1", "1-", "１",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "99999999999999999999999", "1,000"}) {
    EXPECT_EQ(parse_int64(bad), std::nullopt) << bad;
  }
}

TEST(ParseInt64Test, RoundTripsRandomValues) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 10000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const auto v = static_cast<std::int64_t>(x >> (i % 64));
    const auto neg = -(v / 2);
    ASSERT_EQ(parse_int64(std::to_string(v)), v);
    ASSERT_EQ(parse_int64(std::to_string(neg)), neg);
  }
}

TEST(FoldFullwidthTest, FoldsFullwidthAscii) {
  EXPECT_EQ(fold_fullwidth_ascii("２０１２－１２３４５６"), "2012-123456");
  EXPECT_EQ(fold_fullwidth_ascii("ＪＰ２０１２"), "JP2012");
  EXPECT_EQ(fold_fullwidth_ascii("ａｂｃ"), "abc");
  EXPECT_EQ(fold_fullwidth_ascii("！"), "!");   // U+FF01 → 0x21
  EXPECT_EQ(fold_fullwidth_ascii("～"), "~");   // U+FF5E → 0x7E
  EXPECT_EQ(fold_fullwidth_ascii("\xE3\x80\x80"), " ");  // U+3000
  EXPECT_EQ(fold_fullwidth_ascii("特許　第１号"), "特許 第1号");
  EXPECT_EQ(fold_fullwidth_ascii("plain"), "plain");
  EXPECT_EQ(fold_fullwidth_ascii(""), "");
  // Neighbours are kept: U+FF00, U+FF5F (｟), half-width katakana U+FF61.
  EXPECT_EQ(fold_fullwidth_ascii("\xEF\xBC\x80"), "\xEF\xBC\x80");
  EXPECT_EQ(fold_fullwidth_ascii("\xEF\xBD\x9F"), "\xEF\xBD\x9F");
  EXPECT_EQ(fold_fullwidth_ascii("｡ｱ"), "｡ｱ");
  // Invalid bytes pass through untouched.
  EXPECT_EQ(fold_fullwidth_ascii("\xEF\xBC"), "\xEF\xBC");
  EXPECT_EQ(fold_fullwidth_ascii("a\xFF" "b"), "a\xFF" "b");
}

TEST(FoldFullwidthTest, WholeRange) {
  for (char32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) {
    const std::string folded = fold_fullwidth_ascii(encode(cp));
    ASSERT_EQ(folded.size(), 1u);
    ASSERT_EQ(static_cast<char32_t>(folded[0]), cp - 0xFEE0);
  }
}

TEST(EscapeLogTextTest, ControlCharactersAndBackslashAreEscapedOthersKept) {
  EXPECT_EQ(escape_log_text("GET /api/v1/patents 200"), "GET /api/v1/patents 200");
  EXPECT_EQ(escape_log_text("a\nb\rc\td"), "a\\x0Ab\\x0Dc\\x09d");
  EXPECT_EQ(escape_log_text(std::string("x\0y", 3)), "x\\x00y");
  EXPECT_EQ(escape_log_text("\x1B[31m\x7F"), "\\x1B[31m\\x7F");
  // The backslash doubles, so "\x0A" typed by a client stays distinguishable from an escaped newline.
  EXPECT_EQ(escape_log_text("\\x0A"), "\\\\x0A");
  EXPECT_EQ(escape_log_text("特許 JP2012-123456"), "特許 JP2012-123456");
}

}  // namespace
}  // namespace chizai
