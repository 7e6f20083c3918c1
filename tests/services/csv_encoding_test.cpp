// The import path on SQLite and PostgreSQL reads a CP932 CSV file (what
// Excel writes on Japanese Windows) to the very records its UTF-8 twin
// gives: tests/data/cp932/*.cp932.csv are iconv -f UTF-8 -t CP932 of the
// .utf8.csv files beside them. Decoding is io/text_encoding.h, as
// `chizai … import --encoding cp932` (or detection) does it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/text_encoding.h"
#include "services/matching_service.h"
#include "services/registry_service.h"
#include "test_db.h"

namespace chizai {
namespace {

std::string file_bytes(const std::string& name) {
  const auto path = std::filesystem::path(CHIZAI_SOURCE_DIR) / "tests/data/cp932" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text of tests/data/cp932/NAME.ENCODING.csv as the CLI reads it.
std::string text_of(const std::string& name, const std::string& encoding, TextEncoding as) {
  auto d = decode_text(file_bytes(name + "." + encoding + ".csv"), as);
  EXPECT_TRUE(d.ok()) << name << ": " << d.error().message;
  return d.ok() ? d->text : "";
}

class CsvEncodingTest : public testing::MigratedDbTest {
 protected:
  ImportReport import(const std::string& what, const std::string& text) {
    std::istringstream in(text);
    RegistryService registry(*db_);
    MatchingService matching(*db_, "tester");
    ImportReport r = what == "institutions" ? registry.import_institutions(in, FileFormat::kCsv, {})
                     : what == "patents"    ? registry.import_patents(in, FileFormat::kCsv, {})
                                            : matching.import_companies(in, FileFormat::kCsv, {});
    EXPECT_TRUE(r.written) << what << ": " << describe_problems(r.problems);
    return r;
  }
};

TEST_P(CsvEncodingTest, Cp932AndUtf8ImportToTheSameRecords) {
  for (TextEncoding as : {TextEncoding::kCp932, TextEncoding::kAuto}) {
    SCOPED_TRACE(text_encoding_name(as));
    for (const std::string what : {"institutions", "patents", "companies"}) {
      const ImportReport first = import(what, text_of(what, "cp932", as));
      EXPECT_EQ(first.rejected, 0) << what;
      // The UTF-8 twin changes nothing: every record is the same.
      const std::string before = testing::dump_content(*db_);
      const ImportReport twin = import(what, text_of(what, "utf8", TextEncoding::kUtf8));
      EXPECT_EQ(twin.unchanged, twin.read) << what;
      EXPECT_EQ(twin.inserted + twin.updated, 0) << what;
      EXPECT_EQ(testing::dump_content(*db_), before) << what;
    }
  }
  RegistryService registry(*db_);
  const auto p = registry.find_patent("JP2019100001A");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->patent.title_ja, "固体電解質\uFF5E改良型\u2460");  // ～ ①
  EXPECT_EQ(p->patent.claims, 12);                                  // １２
  EXPECT_EQ(p->patent.filing_date.to_string(), "2019-04-01");       // ２０１９－０４－０１
  ASSERT_EQ(p->patent.owners.size(), 2u);
  ASSERT_EQ(p->patent.inventors.size(), 2u);
  EXPECT_EQ(p->patent.inventors[0].name, "\u9AD9橋 一郎");  // 髙 (IBM extension 0xFBFC)
  EXPECT_EQ(p->patent.inventors[1].name, "ｻｸﾗ ﾀﾛｳ");       // half-width katakana
  const auto q = registry.find_patent("JP2019100002A");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->patent.title_ja, "電極（\uFF0D２０℃対応）②");  // －: CP932 0x817C is U+FF0D
  const auto r = registry.find_patent("JP2019100003A");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->patent.claims, 0);
  EXPECT_EQ(r->patent.owners[0].share.to_string(), "3/4");  // ０．７５
  const auto inst = registry.find_institution("C-0001");
  ASSERT_TRUE(inst);
  EXPECT_EQ(inst->name_ja, "\u3231さくら電機 ｻｸﾗﾃﾞﾝｷ");  // ㈱
  const auto c = MatchingService(*db_, "tester").find_company("C-0100");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name_ja, "\u3231\u9AD9橋バッテリー");
  ASSERT_EQ(c->interests.size(), 2u);
  EXPECT_EQ(c->interests[1].weight_milli, 500);  // ０．５
}

INSTANTIATE_TEST_SUITE_P(Backends, CsvEncodingTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
