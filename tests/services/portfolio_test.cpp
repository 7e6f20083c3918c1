// Issue 18 point 9, on SQLite and PostgreSQL: the patent list's filters
// (status, jurisdiction, IPC prefix, filing dates, title words in English
// and Japanese through the word table of migration 0020) with keyset
// paging, bad filter values refused naming the parameter, the title words
// of patents registered before 0020 filled in by the migration, and the
// portfolio summary's counts.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <vector>

#include "page_walk.h"
#include "registry_fixture.h"
#include "services/aggregation_service.h"
#include "services/portfolio_service.h"
#include "services/registry_service.h"
#include "store/migrate.h"
#include "store/session.h"

namespace chizai {
namespace {

using testing::patent;

// Five patents: A, B, C (co-owned), E of U-TOKYO; C, D of U-KYOTO.
std::string fixture_patents() {
  const std::string granted = R"(,"grant_date":"2022-01-01","stage":"utilization")";
  return testing::patent_lines({
      patent("JP2020000001A").filed("2020-03-01")
          .title("Method for manufacturing photoelectric conversion element", "光電変換素子の製造方法")
          .status("granted").ipc("H01L 31/0224").owner("U-TOKYO").extra(granted),
      patent("JP2021000002A").filed("2021-05-10").title("Solar cell module", "太陽電池モジュール")
          .status("pending").ipc("H01L 31/042").owner("U-TOKYO"),
      patent("EP21123456A").jurisdiction("EP").filed("2021-06-01")
          .title("Method for manufacturing solar cell", "太陽電池の製造方法").status("pending")
          .ipc("H01L 31/18").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2")
          .extra(R"(,"stage":"foreign_filing")"),
      patent("JP2019000004A").filed("2019-01-15").title("Lithium battery electrode", "リチウム電池用電極")
          .status("abandoned").ipc("H01M 10/052").owner("U-KYOTO").extra(R"(,"stage":"evaluation")"),
      patent("JP2022000005A").filed("2022-02-02").title("Manufacturing apparatus for semiconductors", "半導体製造装置")
          .status("pending").ipc("H01L 310/01").owner("U-TOKYO"),
  });
}

class PortfolioTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped()) return;
    ASSERT_NO_FATAL_FAILURE(open_with(testing::four_institutions(testing::Names::kBilingual), fixture_patents(), 5));
  }

  // The numbers the filters of `q` list, read a page of `limit` at a time.
  std::vector<std::string> listed(const PatentQuery& q, std::size_t limit = 100) {
    auto filter = read_patent_filter(q);
    EXPECT_TRUE(filter.ok()) << (filter.ok() ? "" : filter.error().message);
    if (!filter.ok()) return {};
    RegistryService service(*db_);
    return testing::walk_pages<StoredPatent>(
        [&](const PageRequest& p) { return service.list_patents(*filter, p); },
        [](const StoredPatent& p) { return p.patent.application_number; }, limit);
  }

  static PatentQuery text(const std::string& words) {
    PatentQuery q;
    q.text = words;
    return q;
  }
};

using Numbers = std::vector<std::string>;

TEST_P(PortfolioTest, AJapaneseWordFindsTheTitlesThatHaveIt) {
  // 製造 is a word of 光電変換素子の製造方法 (MeCab: 光電 変換 素子 製造 方法), not a substring match.
  EXPECT_EQ(listed(text("製造")), (Numbers{"EP21123456A", "JP2020000001A", "JP2022000005A"}));
  EXPECT_EQ(listed(text("光電変換")), (Numbers{"JP2020000001A"}));  // both of its words must be there
  EXPECT_EQ(listed(text("電極")), (Numbers{"JP2019000004A"}));
  EXPECT_EQ(listed(text("製")), Numbers{});  // a character is not a word
}

TEST_P(PortfolioTest, EnglishWordsAreLowerCasedAndAllMustMatch) {
  EXPECT_EQ(listed(text("MANUFACTURING")), (Numbers{"EP21123456A", "JP2020000001A", "JP2022000005A"}));
  EXPECT_EQ(listed(text("solar")), (Numbers{"EP21123456A", "JP2021000002A"}));
  EXPECT_EQ(listed(text("solar module")), (Numbers{"JP2021000002A"}));
  EXPECT_EQ(listed(text("solar 製造")), (Numbers{"EP21123456A"}));  // the two languages together
  EXPECT_EQ(listed(text("solar battery")), Numbers{});
}

TEST_P(PortfolioTest, StatusJurisdictionClassAndDatesCombine) {
  PatentQuery q;
  q.status = "pending";
  EXPECT_EQ(listed(q), (Numbers{"EP21123456A", "JP2021000002A", "JP2022000005A"}));
  q.jurisdiction = "jp";
  EXPECT_EQ(listed(q), (Numbers{"JP2021000002A", "JP2022000005A"}));
  q.text = "製造";
  EXPECT_EQ(listed(q), (Numbers{"JP2022000005A"}));

  PatentQuery ipc;
  ipc.ipc = "H01L31";  // group 31, not group 310
  EXPECT_EQ(listed(ipc), (Numbers{"EP21123456A", "JP2020000001A", "JP2021000002A"}));
  ipc.ipc = "h01l 31/02";
  EXPECT_EQ(listed(ipc), (Numbers{"JP2020000001A"}));
  ipc.ipc = "H01L";
  EXPECT_EQ(listed(ipc), (Numbers{"EP21123456A", "JP2020000001A", "JP2021000002A", "JP2022000005A"}));
  ipc.ipc = "H01";
  EXPECT_EQ(listed(ipc).size(), 5u);

  PatentQuery dates;
  dates.filed_from = "2021-01-01";
  dates.filed_to = "2021-12-31";
  EXPECT_EQ(listed(dates), (Numbers{"EP21123456A", "JP2021000002A"}));
  dates.filed_to = "2021-06-01";  // both days included
  dates.filed_from = "2021-06-01";
  EXPECT_EQ(listed(dates), (Numbers{"EP21123456A"}));

  PatentQuery all;
  all.institution = "U-KYOTO";
  all.text = "manufacturing";
  all.ipc = "H01L31/18";
  all.filed_from = "2021-01-01";
  all.status = "pending";
  all.jurisdiction = "EP";
  EXPECT_EQ(listed(all), (Numbers{"EP21123456A"}));
  all.status = "granted";
  EXPECT_EQ(listed(all), Numbers{});
}

TEST_P(PortfolioTest, FilteredResultsPageWithACursor) {
  // walk_pages checks each page is full and its next is its last key.
  EXPECT_EQ(listed(text("製造"), 1), (Numbers{"EP21123456A", "JP2020000001A", "JP2022000005A"}));
  EXPECT_EQ(listed(text("製造"), 2), (Numbers{"EP21123456A", "JP2020000001A", "JP2022000005A"}));
  PatentQuery q = text("manufacturing");
  q.jurisdiction = "JP";
  auto filter = read_patent_filter(q);
  ASSERT_TRUE(filter.ok());
  RegistryService service(*db_);
  auto first = service.list_patents(*filter, PageRequest{"", 1});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].patent.application_number, "JP2020000001A");
  EXPECT_EQ(first->next, "JP2020000001A");
  auto second = service.list_patents(*filter, PageRequest{first->next, 1});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].patent.application_number, "JP2022000005A");
  EXPECT_EQ(second->next, "");
}

TEST_P(PortfolioTest, BadFilterValuesAreRefusedNamingTheParameter) {
  const auto refused = [](PatentQuery q, const std::string& field) {
    auto f = read_patent_filter(q);
    ASSERT_FALSE(f.ok()) << field;
    EXPECT_EQ(f.error().code, "bad_filter");
    EXPECT_EQ(f.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(f.error().field, field) << f.error().message;
  };
  PatentQuery q;
  q.status = "issued";
  refused(q, "status");
  q = {};
  q.jurisdiction = "Japan";
  refused(q, "jurisdiction");
  q = {};
  q.ipc = "31H01L";
  refused(q, "ipc");
  q.ipc = "H01L 31/02/1";
  refused(q, "ipc");
  q = {};
  q.filed_from = "2021-13-01";
  refused(q, "filed_from");
  q = {};
  q.filed_to = "yesterday";
  refused(q, "filed_to");
  q = {};
  q.filed_from = "2022-01-01";
  q.filed_to = "2021-01-01";
  refused(q, "filed_to");
  q = {};
  q.text = "!!! の";
  refused(q, "text");
  // Each word is a lookup of its own: a search is held to a few of them.
  q.text = "";
  for (int i = 0; i < 17; ++i) q.text += "word" + std::to_string(i) + " ";
  refused(q, "text");
  q.text = "solar cell module";
  EXPECT_TRUE(read_patent_filter(q).ok());
}

TEST_P(PortfolioTest, ARetitledPatentIsFoundByItsNewWordsOnly) {
  RegistryService service(*db_);
  auto stored = service.find_patent("JP2019000004A");
  ASSERT_TRUE(stored);
  Patent p = stored->patent;
  p.title = "Solid electrolyte";
  p.title_ja = "固体電解質の製造方法";
  ASSERT_TRUE(service.register_patent(p).ok());
  EXPECT_EQ(listed(text("electrode")), Numbers{});
  EXPECT_EQ(listed(text("電極")), Numbers{});
  EXPECT_EQ(listed(text("electrolyte")), (Numbers{"JP2019000004A"}));
  EXPECT_EQ(listed(text("製造")), (Numbers{"EP21123456A", "JP2019000004A", "JP2020000001A", "JP2022000005A"}));
}

TEST_P(PortfolioTest, SummaryCountsByStatusJurisdictionStageAggregationAndLicence) {
  AggregationRequest mandate;
  mandate.mode = AggregationMode::kMandate;
  mandate.date = *Date::parse("2023-01-01");
  mandate.reason = "core photovoltaic patent";
  ASSERT_TRUE(AggregationService(*db_, SchemeSettings{}, "tester").aggregate("JP2020000001A", mandate).ok());
  testing::insert_agreement(*db_, {.reference = "LIC-1", .patents = {"JP2020000001A", "EP21123456A"},
                                   .starts_on = "2026-01-01", .ends_on = "2030-12-31"});
  testing::insert_agreement(*db_, {.reference = "LIC-OLD", .patents = {"JP2019000004A"},
                                   .starts_on = "2019-06-01", .ends_on = "2020-12-31"});
  PortfolioService portfolio(*db_);
  const auto counts = [](const std::vector<PortfolioCount>& v) {
    std::vector<std::string> out;
    for (const auto& c : v) out.push_back(c.key + "=" + std::to_string(c.patents));
    return out;
  };

  auto all = portfolio.summary("", *Date::parse("2026-06-01"));
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->institution, "");
  EXPECT_EQ(all->patents, 5);
  EXPECT_EQ(counts(all->by_status),
            (Numbers{"pending=3", "granted=1", "lapsed=0", "abandoned=1", "expired=0"}));
  EXPECT_EQ(counts(all->by_jurisdiction), (Numbers{"EP=1", "JP=4"}));
  EXPECT_EQ(counts(all->by_stage), (Numbers{"research=0", "invention=0", "disclosure=0", "evaluation=1",
                                            "domestic_filing=2", "foreign_filing=1", "utilization=1"}));
  EXPECT_EQ(all->aggregated, 1);
  EXPECT_EQ(all->not_aggregated, 4);
  EXPECT_EQ(all->licensed, 2);  // LIC-1's two; LIC-OLD ended
  EXPECT_EQ(all->not_licensed, 3);

  auto kyoto = portfolio.summary("U-KYOTO", *Date::parse("2026-06-01"));
  ASSERT_TRUE(kyoto.ok());
  EXPECT_EQ(kyoto->patents, 2);  // the co-owned EP and its own JP
  EXPECT_EQ(counts(kyoto->by_jurisdiction), (Numbers{"EP=1", "JP=1"}));
  EXPECT_EQ(counts(kyoto->by_status), (Numbers{"pending=1", "granted=0", "lapsed=0", "abandoned=1", "expired=0"}));
  EXPECT_EQ(kyoto->aggregated, 0);
  EXPECT_EQ(kyoto->licensed, 1);
  EXPECT_EQ(kyoto->not_licensed, 1);

  // On other days: before the aggregation and LIC-1; while LIC-OLD was in force.
  auto before = portfolio.summary("", *Date::parse("2022-06-01"));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->aggregated, 0);
  EXPECT_EQ(before->licensed, 0);
  auto old = portfolio.summary("U-KYOTO", *Date::parse("2020-12-31"));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->licensed, 1);

  auto unknown = portfolio.summary("U-NOWHERE", *Date::parse("2026-06-01"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_institution");
  EXPECT_EQ(unknown.error().field, "institution");
}

// Patents registered before migration 0020 have their title words after it:
// `chizai db migrate` fills the table in C++ in 0020's transaction.
class TitleWordMigrationTest : public testing::BackendTest {};

TEST_P(TitleWordMigrationTest, PatentsRegisteredBeforeAreSearchable) {
  testing::TestDb tdb(GetParam());
  auto db = tdb.open();
  auto files = embedded_migration_files();
  const auto words_file = std::find_if(files.begin(), files.end(),
                                       [](const MigrationFile& f) { return f.name == "0020_title_words.sql"; });
  ASSERT_NE(words_file, files.end());
  ASSERT_TRUE(migrate(*db, std::vector<MigrationFile>(files.begin(), words_file)).ok());
  auto& sql = soci_session(*db);
  sql << "INSERT INTO patent (application_number, jurisdiction, filing_date, kind, title, title_ja, status, stage, "
         "content_hash) VALUES ('JP2020000001A', 'JP', '2020-03-01', 'patent', 'Photoelectric conversion element', "
         "'光電変換素子の製造方法', 'pending', 'domestic_filing', 'h')";
  sql << "INSERT INTO patent (application_number, jurisdiction, filing_date, kind, title, title_ja, status, stage, "
         "content_hash) VALUES ('JP2020000002A', 'JP', '2020-04-01', 'patent', 'Solar cell', '', 'pending', "
         "'domestic_filing', 'h')";
  ASSERT_TRUE(migrate(*db, files).ok());
  RegistryService service(*db);
  const auto numbers = [&](const std::string& words) {
    PatentQuery q;
    q.text = words;
    std::vector<std::string> out;
    auto filter = read_patent_filter(q);
    if (!filter.ok()) return out;
    auto page = service.list_patents(*filter, {});
    if (!page.ok()) return out;
    for (const auto& p : page->items) out.push_back(p.patent.application_number);
    return out;
  };
  EXPECT_EQ(numbers("製造"), (Numbers{"JP2020000001A"}));
  EXPECT_EQ(numbers("photoelectric"), (Numbers{"JP2020000001A"}));
  EXPECT_EQ(numbers("cell"), (Numbers{"JP2020000002A"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, PortfolioTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, TitleWordMigrationTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
