// Posting journal entries on SQLite and PostgreSQL: balanced only, never in
// a closed month, and append-only in the database.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "store/journal_store.h"
#include "test_db.h"
#include "store/session.h"

namespace chizai {
namespace {

using testing::TestDb;

class JournalStoreTest : public testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (IsSkipped()) return;
    soci_session(*db_) << "INSERT INTO institution (code, kind, name_en, name_ja, country, content_hash) "
                  "VALUES ('U-TOKYO', 'university', 'Tokyo', '', 'JP', 'h')";
  }
  JournalEntry payout(const char* day, std::int64_t amount) {
    Posting debit = make_posting(payable_account("U-TOKYO"), "JPY", amount);
    debit.institution = "U-TOKYO";
    return JournalEntry{Date::parse(day).value(), "payout", "PAY-1", "payout",
                        {debit, make_posting(cash_account("JPY"), "JPY", -amount)}};
  }
};

TEST_P(JournalStoreTest, PostsABalancedEntryWithItsDimensions) {
  WriteTransaction tx(*db_);
  auto id = post_journal_entry(*db_, payout("2026-07-10", 5000));
  ASSERT_TRUE(id.ok()) << id.error().message;
  tx.commit();
  long long n = 0, sum = 0, with_institution = 0;
  soci_session(*db_) << "SELECT CAST(COUNT(*) AS BIGINT), CAST(SUM(amount_minor) AS BIGINT), "
                "CAST(COUNT(institution_id) AS BIGINT) FROM posting WHERE entry_id = :e",
      soci::use(id.value()), soci::into(n), soci::into(sum), soci::into(with_institution);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(sum, 0);
  EXPECT_EQ(with_institution, 1);
}

TEST_P(JournalStoreTest, RefusesUnbalancedUnknownAndClosedMonth) {
  const std::string before = testing::dump_content(*db_);
  WriteTransaction tx(*db_);
  auto bad = payout("2026-07-10", 5000);
  bad.postings[1].amount_minor = -4999;
  EXPECT_FALSE(post_journal_entry(*db_, bad).ok());
  auto unknown = payout("2026-07-10", 5000);
  unknown.postings[0].institution = "U-NOWHERE";
  auto r = post_journal_entry(*db_, unknown);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("U-NOWHERE"), std::string::npos);
  soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES ('2026-07', 'now')";
  auto closed = post_journal_entry(*db_, payout("2026-07-31", 5000));
  ASSERT_FALSE(closed.ok());
  EXPECT_NE(closed.error().message.find("2026-07 is closed"), std::string::npos);
  EXPECT_FALSE(post_journal_entry(*db_, payout("2026-06-30", 5000)).ok());
  EXPECT_TRUE(post_journal_entry(*db_, payout("2026-08-01", 5000)).ok());
  tx.rollback();
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(JournalStoreTest, LedgerTablesAreAppendOnly) {
  {
    WriteTransaction tx(*db_);
    ASSERT_TRUE(post_journal_entry(*db_, payout("2026-07-10", 5000)).ok());
    tx.commit();
  }
  for (const char* sql : {"UPDATE posting SET amount_minor = 1", "DELETE FROM posting",
                          "UPDATE journal_entry SET kind = 'x'", "DELETE FROM journal_entry"}) {
    try {
      soci_session(*db_) << sql;
      FAIL() << sql << " was accepted";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, JournalStoreTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
