// The month close's store operations on SQLite and PostgreSQL: a ledger
// checkpoint reads back as written, and the journal streams entry by entry.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "store/close_store.h"
#include "store/journal_store.h"
#include "store/sql_util.h"
#include "page_walk.h"
#include "test_db.h"

namespace chizai {
namespace {

using testing::TestDb;

class CloseStoreTest : public testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (IsSkipped()) return;
  }
  static JournalEntry transfer(const char* day, const char* reference, std::int64_t amount) {
    return JournalEntry{Date::parse(day).value(), "transfer", reference, "a transfer",
                        {make_posting(cash_account("JPY"), "JPY", amount),
                         make_posting(undistributed_account(), "JPY", -amount)}};
  }
};

TEST_P(CloseStoreTest, CheckpointReadsBackAsWritten) {
  LedgerMarks none;
  LedgerSums empty;
  load_ledger_checkpoint(*db_, none, empty);
  EXPECT_TRUE(none.from_start());
  EXPECT_TRUE(empty.invoiced.empty() && empty.undistributed.empty());

  LedgerMarks m;
  m.entry = 7;
  m.posting = 20;
  m.payment = 3;
  m.payout_reversal = 1;
  LedgerSums s;
  s.invoiced[{"LIC", "USD"}] = 150000;
  s.applied[{"LIC", "USD"}] = 100000;
  s.receivable[{receivable_account("LIC"), "USD"}] = 50000;
  s.payable[{payable_account("U-TOKYO"), "JPY"}] = -9000;
  s.undistributed["USD"] = -50000;
  WriteTransaction tx(*db_);
  insert_ledger_checkpoint(*db_, "2026-06", LedgerMarks{}, LedgerSums{});
  insert_ledger_checkpoint(*db_, "2026-07", m, s);
  tx.commit();

  LedgerMarks got;
  LedgerSums sums;
  load_ledger_checkpoint(*db_, got, sums);  // the latest month's
  EXPECT_EQ(got.entry, 7);
  EXPECT_EQ(got.posting, 20);
  EXPECT_EQ(got.payment, 3);
  EXPECT_EQ(got.payout_reversal, 1);
  EXPECT_EQ(got.invoice, 0);
  EXPECT_TRUE(sums.invoiced == s.invoiced);
  EXPECT_TRUE(sums.applied == s.applied);
  EXPECT_TRUE(sums.receivable == s.receivable);
  EXPECT_TRUE(sums.payable == s.payable);
  EXPECT_TRUE(sums.undistributed == s.undistributed);
}

TEST_P(CloseStoreTest, CheckpointRefusesASumBeyond64Bits) {
  LedgerSums s;
  s.undistributed["JPY"] = static_cast<int128>(INT64_MAX) + 1;
  WriteTransaction tx(*db_);
  EXPECT_THROW(insert_ledger_checkpoint(*db_, "2026-07", LedgerMarks{}, s), std::overflow_error);
}

TEST_P(CloseStoreTest, EntriesStreamInDateOrderWithTheirPostings) {
  WriteTransaction tx(*db_);
  ASSERT_TRUE(post_journal_entry(*db_, transfer("2026-07-20", "B", 300)).ok());
  ASSERT_TRUE(post_journal_entry(*db_, transfer("2026-07-10", "A", 200)).ok());
  ASSERT_TRUE(post_journal_entry(*db_, transfer("2026-08-01", "C", 100)).ok());
  tx.commit();
  std::vector<std::string> seen;
  auto s = for_each_entry(*db_, Date::parse("2026-07-31").value(), [&](long long, const JournalEntry& e) -> Status {
    EXPECT_EQ(e.postings.size(), 2u);
    seen.push_back(e.reference + ":" + std::to_string(e.postings.at(0).amount_minor));
    return {};
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"A:200", "B:300"}));
  EXPECT_EQ(earliest_posting_day(*db_), Date::parse("2026-07-10").value());
  int calls = 0;
  auto stop = for_each_entry(*db_, std::nullopt, [&](long long, const JournalEntry&) -> Status {
    ++calls;
    return make_error(ErrorKind::kInternal, "stop", "stop");
  });
  EXPECT_FALSE(stop.ok());
  EXPECT_EQ(calls, 1);
}

TEST_P(CloseStoreTest, StatementsOfAnInstitutionPageInSqlByMonth) {
  std::vector<std::string> months;
  {
    WriteTransaction tx(*db_);
    const auto add_institution = [&](const char* code) {
      return insert_row(*db_, "institution",
                        "INSERT INTO institution (code, kind, name_en, country, content_hash) "
                        "VALUES (:c, 'university', :c2, 'JP', '')",
                        soci::use(std::string(code)), soci::use(std::string(code)));
    };
    const long long tokyo = add_institution("U-TOKYO");
    const long long kyoto = add_institution("U-KYOTO");
    for (int i = 0; i < 2500; ++i) {
      const int year = 1800 + i / 12, month = 1 + i % 12;
      const std::string m = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
      months.push_back(m);
      insert_statement(*db_, tokyo, m, "sha", "{}", 3);
      if (i % 100 == 0) insert_statement(*db_, kyoto, m, "sha", "{}", 3);  // not U-TOKYO's
    }
    tx.commit();
  }
  const auto seen = testing::walk_pages<StoredStatement>(
      [&](const PageRequest& p) { return statements_of_institution(*db_, "U-TOKYO", p); }, [](const StoredStatement& s) { return s.month; });
  EXPECT_EQ(seen, months);
  EXPECT_TRUE(statements_of_institution(*db_, "U-NONE", {}).items.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CloseStoreTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
