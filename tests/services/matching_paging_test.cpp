// Keyset pages of the matching and deal lists on SQLite and PostgreSQL:
// 2,500 rows seeded in one transaction, read back a page of 97 at a time
// through the services; every row is seen once, in key order, and the last
// page has no next key.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/page.h"
#include "services/deal_service.h"
#include "services/matching_service.h"
#include "test_db.h"
#include "store/session.h"

namespace chizai {
namespace {

constexpr int kRows = 2500;
constexpr std::size_t kPage = 97;

// Numbers 1..kRows as a CTE named n(i); codes "<prefix>1xxxx" sort as the numbers do.
const std::string kNumbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                             std::to_string(kRows) + ") ";

// Every page of `read` from the start, checking each page's size and next key.
template <class T, class Read, class Key>
std::vector<T> walk(Read read, Key key) {
  std::vector<T> out;
  PageRequest request{"", kPage};
  for (;;) {
    Page<T> page = read(request);
    EXPECT_LE(page.items.size(), kPage);
    if (!page.next.empty()) {
      EXPECT_EQ(page.items.size(), kPage);
      EXPECT_EQ(page.next, key(page.items.back()));
    }
    for (auto& item : page.items) out.push_back(std::move(item));
    if (page.next.empty()) return out;
    request.after = page.next;
  }
}

class MatchingPagingTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    store_ = std::make_unique<testing::TestDb>(GetParam());
    db_ = store_->open_migrated();
  }

  void seed(const std::vector<std::string>& statements) {
    WriteTransaction tx(*db_);
    for (const auto& s : statements) soci_session(*db_) << s;
    tx.commit();
  }

  std::unique_ptr<testing::TestDb> store_;
  std::unique_ptr<Database> db_;
};

TEST_P(MatchingPagingTest, CompaniesPageByCode) {
  seed({"INSERT INTO institution (code, kind, name_en, country, content_hash) " + kNumbers +
            "SELECT 'C' || CAST(10000 + i AS TEXT), 'company', 'Co', 'JP', 'x' FROM n",
        "INSERT INTO company_profile (institution_id, region, size) SELECT id, CASE WHEN id % 2 = 0 "
        "THEN 'europe' ELSE 'japan' END, 'sme' FROM institution",
        "INSERT INTO company_interest (institution_id, code, weight_milli) SELECT id, 'H01M', id FROM institution"});
  MatchingService service(*db_, "test");
  const auto key = [](const CompanyProfile& c) { return c.code; };
  const auto all = walk<CompanyProfile>([&](const PageRequest& p) { return service.list_companies("", p); }, key);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kRows));
  for (int i = 0; i < kRows; ++i) {
    const CompanyProfile& c = all[static_cast<std::size_t>(i)];
    EXPECT_EQ(c.code, "C" + std::to_string(10001 + i));
    ASSERT_EQ(c.interests.size(), 1u) << c.code;  // the page's own interests, none lost at a page edge
  }
  const auto europe =
      walk<CompanyProfile>([&](const PageRequest& p) { return service.list_companies("europe", p); }, key);
  EXPECT_EQ(europe.size(), static_cast<std::size_t>(kRows / 2));
  for (const auto& c : europe) EXPECT_EQ(c.region, "europe");
}

// 25 dates of 100 events each: the code breaks the date's ties. Each event
// presents a package and has one company attending.
TEST_P(MatchingPagingTest, EventsPageByDateThenCode) {
  seed({"INSERT INTO institution (code, kind, name_en, country, content_hash) VALUES ('C1', 'company', 'Co', 'JP', 'x')",
        "INSERT INTO package (code, name_en, status, created_on) VALUES ('P1', 'Pkg', 'marketed', '2026-01-01')",
        "INSERT INTO matching_event (code, name, kind, held_on) " + kNumbers +
            "SELECT 'E' || CAST(10000 + i AS TEXT), 'Fair', 'fair', CAST(2000 + i % 25 AS TEXT) || '-01-01' FROM n",
        "INSERT INTO event_package (event_id, package_id) SELECT e.id, k.id FROM matching_event e CROSS JOIN package k",
        "INSERT INTO event_attendance (event_id, institution_id) SELECT e.id, i.id FROM matching_event e "
        "CROSS JOIN institution i"});
  MatchingService service(*db_, "test");
  const auto key = [](const MatchingEvent& e) { return e.held_on.to_string() + "/" + e.code; };
  const auto all = walk<MatchingEvent>([&](const PageRequest& p) { return service.list_events(p).value(); }, key);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kRows));
  std::vector<std::string> keys, sorted;
  for (const auto& e : all) {
    keys.push_back(key(e));
    EXPECT_EQ(e.packages, std::vector<std::string>{"P1"}) << e.code;
    EXPECT_EQ(e.companies, std::vector<std::string>{"C1"}) << e.code;
  }
  sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(keys, sorted);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
  EXPECT_EQ(service.list_events({"2000-01-01", 10}).error().field, "cursor");
}

// 25 days of 100 signals each, newest first: by day then id, descending.
TEST_P(MatchingPagingTest, InterestsPageNewestFirst) {
  seed({"INSERT INTO institution (code, kind, name_en, country, content_hash) VALUES ('C1', 'company', 'Co', 'JP', 'x')",
        "INSERT INTO package (code, name_en, status, created_on) VALUES ('P1', 'Pkg', 'marketed', '2026-01-01')",
        "INSERT INTO interest_signal (institution_id, package_id, noted_on, note, recorded_at) " + kNumbers +
            "SELECT 1, 1, CAST(2000 + i % 25 AS TEXT) || '-01-01', 'n', 'x' FROM n"});
  MatchingService service(*db_, "test");
  const auto key = [](const InterestRecord& r) { return r.noted_on.to_string() + "/" + std::to_string(r.id); };
  const auto all = walk<InterestRecord>(
      [&](const PageRequest& p) { return service.list_interests("C1", "P1", p).value(); }, key);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kRows));
  std::set<long long> ids;
  for (std::size_t i = 1; i < all.size(); ++i) {
    const auto& a = all[i - 1];
    const auto& b = all[i];
    EXPECT_TRUE(a.noted_on > b.noted_on || (a.noted_on == b.noted_on && a.id > b.id)) << key(a) << " " << key(b);
  }
  for (const auto& r : all) ids.insert(r.id);
  EXPECT_EQ(ids.size(), all.size());
  EXPECT_EQ(service.list_interests("", "", {"2000-01-01/x", 10}).error().field, "cursor");
}

// 50 companies × 50 packages; the key (company, package) is compared as a
// pair, so "C10002/P10001" comes after every deal of C10001.
TEST_P(MatchingPagingTest, DealsPageByCompanyThenPackage) {
  const std::string fifty = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) ";
  seed({"INSERT INTO institution (code, kind, name_en, country, content_hash) " + fifty +
            "SELECT 'C' || CAST(10000 + i AS TEXT), 'company', 'Co', 'JP', 'x' FROM n",
        "INSERT INTO package (code, name_en, status, created_on) " + fifty +
            "SELECT 'P' || CAST(10000 + i AS TEXT), 'Pkg', 'marketed', '2026-01-01' FROM n",
        "INSERT INTO deal (institution_id, package_id, stage, staff, changed_on, opened_on) SELECT i.id, k.id, "
        "CASE WHEN (i.id + k.id) % 2 = 0 THEN 'nda' ELSE 'lead' END, 'Sato', '2026-02-01', '2026-02-01' "
        "FROM institution i CROSS JOIN package k"});
  DealService service(*db_, "test");
  const auto key = [](const DealSummary& d) { return d.company + "/" + d.package; };
  const auto read = [&](const DealFilter& f) {
    return walk<DealSummary>([&](const PageRequest& p) { return service.list(f, p).value(); }, key);
  };
  const auto all = read({});
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kRows));
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(key(all[i]), "C" + std::to_string(10001 + i / 50) + "/P" + std::to_string(10001 + i % 50));
  }
  const auto nda = read({"nda", "", ""});
  EXPECT_EQ(nda.size(), static_cast<std::size_t>(kRows / 2));
  for (const auto& d : nda) EXPECT_EQ(d.stage, DealStage::kNda);
}

INSTANTIATE_TEST_SUITE_P(Backends, MatchingPagingTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
