// Reading CSV bytes as UTF-8 or CP932 (io/text_encoding.h): the characters
// on which Excel's CP932 differs from JIS-based Shift_JIS, detection, the
// BOM, refusals naming the line and byte offset, and the committed CP932
// files in tests/data/cp932 decoding to their UTF-8 sources byte for byte.
#include "io/text_encoding.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace chizai {
namespace {

std::string cp932(const std::string& bytes) {
  auto d = decode_text(bytes, TextEncoding::kCp932);
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
  return d.ok() ? d->text : "";
}

std::string error_of(const std::string& bytes, TextEncoding e) {
  auto d = decode_text(bytes, e);
  EXPECT_FALSE(d.ok()) << "decoded as " << (d.ok() ? d->text : "");
  if (d.ok()) return "";
  EXPECT_EQ(d.error().code, "bad_encoding");
  EXPECT_EQ(d.error().kind, ErrorKind::kInvalid);
  return d.error().message;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The characters Excel's CP932 maps differently from plain (JIS X 0208)
// Shift_JIS, and the NEC / IBM extensions plain Shift_JIS does not have.
TEST(TextEncodingTest, Cp932IsMicrosoftsMapping) {
  EXPECT_EQ(cp932("\x81\x60"), "\uFF5E");  // ～ FULLWIDTH TILDE, not U+301C WAVE DASH
  EXPECT_EQ(cp932("\x81\x7C"), "\uFF0D");  // － FULLWIDTH HYPHEN-MINUS, not U+2212 MINUS SIGN
  EXPECT_NE(cp932("\x81\x7C"), "\u2212");
  EXPECT_EQ(cp932("\x81\x5F"), "\uFF3C");  // ＼ FULLWIDTH REVERSE SOLIDUS, not U+005C
  EXPECT_EQ(cp932("\x81\x61"), "\u2225");  // ∥ PARALLEL TO, not U+2016
  EXPECT_EQ(cp932("\x81\x91"), "\uFFE0");  // ￠
  EXPECT_EQ(cp932("\x81\xCA"), "\uFFE2");  // ￢
  EXPECT_EQ(cp932("\x87\x40"), "\u2460");  // ① NEC special characters (row 13)
  EXPECT_EQ(cp932("\x87\x8A"), "\u3231");  // ㈱
  EXPECT_EQ(cp932("\x87\x7E"), "\u337B");  // ㍻
  EXPECT_EQ(cp932("\xEE\xE0"), "\u9AD9");  // 髙 NEC-selected IBM extension
  EXPECT_EQ(cp932("\xFB\xFC"), "\u9AD9");  // 髙 IBM extension
  EXPECT_EQ(cp932("\xFA\x40"), "\u2170");  // ⅰ IBM extension
  // Single bytes: ASCII as is (0x5C is the backslash, 0x7E the tilde),
  // 0xA1..0xDF half-width katakana.
  EXPECT_EQ(cp932("a\\~,\"\r\n"), "a\\~,\"\r\n");
  EXPECT_EQ(cp932("\xB1\xDD"), "\uFF71\uFF9D");  // ｱﾝ
  EXPECT_EQ(cp932("\x93\x8C\x8B\x9E"), "東京");
}

TEST(TextEncodingTest, Cp932GrowsItsBuffer) {
  // Half-width katakana: 1 byte → 3 bytes of UTF-8, past the first guess.
  const std::string in(10000, '\xB1');
  std::string want;
  for (int i = 0; i < 10000; ++i) want += "\uFF71";
  EXPECT_EQ(cp932(in), want);
  EXPECT_EQ(cp932(""), "");
}

TEST(TextEncodingTest, Utf8IsReadAsItIs) {
  for (TextEncoding e : {TextEncoding::kAuto, TextEncoding::kUtf8}) {
    auto d = decode_text("code,name_ja\nU-TOKYO,東京大学\n", e);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->text, "code,name_ja\nU-TOKYO,東京大学\n");
    EXPECT_EQ(d->read_as, TextEncoding::kUtf8);
    EXPECT_FALSE(d->detected);
    EXPECT_EQ(d->note, "");
  }
}

TEST(TextEncodingTest, AUtf8ByteOrderMarkIsSkipped) {
  for (TextEncoding e : {TextEncoding::kAuto, TextEncoding::kUtf8}) {
    auto d = decode_text("\xEF\xBB\xBF" "code\nU-TOKYO\n", e);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->text, "code\nU-TOKYO\n");
    EXPECT_EQ(d->read_as, TextEncoding::kUtf8);
  }
  // With a BOM the file says it is UTF-8: no CP932 fallback, and CP932 is refused.
  const std::string bom_then_cp932 = "\xEF\xBB\xBF" "code\n\x93\x8C\x8B\x9E\n";
  const std::string m = error_of(bom_then_cp932, TextEncoding::kAuto);
  EXPECT_TRUE(has(m, "not valid UTF-8 at line 2, byte offset 8 (0x93")) << m;
  EXPECT_TRUE(has(m, "byte order mark")) << m;
  EXPECT_TRUE(has(error_of("\xEF\xBB\xBF" "code\n", TextEncoding::kCp932), "byte order mark"));
}

TEST(TextEncodingTest, Cp932IsDetectedAndSaid) {
  const std::string bytes = "code,name_ja\r\nU-TOKYO,\x93\x8C\x8B\x9E\x91\xE5\x8A\x77\r\n";
  auto d = decode_text(bytes, TextEncoding::kAuto);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->text, "code,name_ja\r\nU-TOKYO,東京大学\r\n");
  EXPECT_EQ(d->read_as, TextEncoding::kCp932);
  EXPECT_TRUE(d->detected);
  EXPECT_EQ(d->note, "read as CP932 (not valid UTF-8: line 2, byte offset 22 (0x93 0x8C 0x8B 0x9E))");
  // Named, it is not "detected".
  auto named = decode_text(bytes, TextEncoding::kCp932);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->text, d->text);
  EXPECT_FALSE(named->detected);
  EXPECT_EQ(named->note, "");
}

TEST(TextEncodingTest, RefusalsNameTheLineAndByteOffset) {
  // UTF-8 asked, CP932 given.
  EXPECT_EQ(error_of("a,b\n1,2\nx,\x93\x8C\n", TextEncoding::kUtf8),
            "not valid UTF-8 at line 3, byte offset 10 (0x93 0x8C 0x0A)");
  // CP932 asked: 0x80 is no CP932 byte; 0x85 0x40 an unassigned code; a
  // lead byte cut off at the end of the file.
  EXPECT_EQ(error_of("a,b\n1,\x80\n", TextEncoding::kCp932),
            "not valid CP932 at line 2, byte offset 6 (0x80 0x0A)");
  EXPECT_EQ(error_of("a\n\n\x85\x40", TextEncoding::kCp932),
            "not valid CP932 at line 3, byte offset 3 (0x85 0x40)");
  EXPECT_EQ(error_of("ab\x93", TextEncoding::kCp932), "not valid CP932 at line 1, byte offset 2 (0x93)");
  // Neither: both failures are named.
  const std::string m = error_of("a,b\n\x93\x8C,ok\n\xFF\n", TextEncoding::kAuto);
  EXPECT_EQ(m, "neither UTF-8 nor CP932: not valid UTF-8 at line 2, byte offset 4 (0x93 0x8C 0x2C 0x6F); "
               "not valid CP932 at line 3, byte offset 10 (0xFF 0x0A)");
}

TEST(TextEncodingTest, Cp932AskedOfAUtf8FileIsNoted) {
  // "東" in UTF-8 (E6 9D B1) happens to be two CP932 characters.
  auto d = decode_text("\xE6\x9D\xB1", TextEncoding::kCp932);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_TRUE(has(d->note, "also valid UTF-8")) << d->note;
  // Plain ASCII is both: nothing to say.
  auto ascii = decode_text("a,b\n", TextEncoding::kCp932);
  ASSERT_TRUE(ascii.ok());
  EXPECT_EQ(ascii->note, "");
}

TEST(TextEncodingTest, Names) {
  EXPECT_EQ(parse_text_encoding("utf-8").value(), TextEncoding::kUtf8);
  EXPECT_EQ(parse_text_encoding("UTF8").value(), TextEncoding::kUtf8);
  for (const char* n : {"cp932", "CP932", "Windows-31J", "ms932", "Shift_JIS", "sjis"}) {
    EXPECT_EQ(parse_text_encoding(n).value(), TextEncoding::kCp932) << n;
  }
  EXPECT_EQ(parse_text_encoding("auto").value(), TextEncoding::kAuto);
  auto bad = parse_text_encoding("latin1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "unknown_encoding");
  EXPECT_TRUE(has(bad.error().message, "utf-8 or cp932")) << bad.error().message;
  EXPECT_STREQ(text_encoding_name(TextEncoding::kCp932), "CP932");
}

std::string file_bytes(const std::string& name) {
  const auto path = std::filesystem::path(CHIZAI_SOURCE_DIR) / "tests/data/cp932" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The committed CP932 files (iconv -f UTF-8 -t CP932 of the .utf8.csv
// sources, tests/data/README.md) decode to their sources exactly, named and
// detected; the sources hold the characters above.
TEST(TextEncodingTest, CommittedCp932FilesDecodeToTheirSources) {
  for (const char* name : {"institutions", "patents", "companies"}) {
    const std::string source = file_bytes(std::string(name) + ".utf8.csv");
    const std::string bytes = file_bytes(std::string(name) + ".cp932.csv");
    ASSERT_FALSE(source.empty()) << name;
    EXPECT_NE(source, bytes) << name << ": the CP932 file must not be the UTF-8 one";
    auto named = decode_text(bytes, TextEncoding::kCp932);
    ASSERT_TRUE(named.ok()) << name << ": " << named.error().message;
    EXPECT_EQ(named->text, source) << name;
    auto detected = decode_text(bytes, TextEncoding::kAuto);
    ASSERT_TRUE(detected.ok()) << name << ": " << detected.error().message;
    EXPECT_TRUE(detected->detected) << name;
    EXPECT_EQ(detected->text, source) << name;
    EXPECT_TRUE(has(error_of(bytes, TextEncoding::kUtf8), "not valid UTF-8 at line 2")) << name;
  }
  const std::string patents = file_bytes("patents.cp932.csv");
  for (const char* cp932_bytes : {"\x81\x60", "\x81\x7C", "\x87\x40", "\xFB\xFC", "\x81\x5F"}) {
    EXPECT_NE(patents.find(cp932_bytes), std::string::npos) << "patents.cp932.csv lacks a test character";
  }
  EXPECT_NE(file_bytes("institutions.cp932.csv").find("\x87\x8A"), std::string::npos);  // ㈱
}

}  // namespace
}  // namespace chizai
