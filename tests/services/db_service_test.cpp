// chizai db backup | restore | verify (services/db_service.h), and the
// running balances behind payments and payouts (sql/0031), on SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <filesystem>
#include <sstream>
#include <thread>

#include "services/close_service.h"
#include "services/db_service.h"
#include "services/ledger_check.h"
#include "services/licensing_service.h"
#include "services/payment_service.h"
#include "services/registry_service.h"
#include "store/migrate.h"
#include "store/payment_store.h"
#include "store/session.h"
#include "test_db.h"

namespace chizai {
namespace {

using testing::TestDb;
using testing::TempDir;

Date d(const char* s) { return Date::parse(s).value(); }

std::string policy_dir() { return std::string(CHIZAI_SOURCE_DIR) + "/config/policies"; }

void exec(Database& db, const std::string& sql) { soci_session(db) << sql; }

long long count_of(Database& db, const std::string& table) {
  long long n = 0;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table, soci::into(n);
  return n;
}

// U-0001 owns JP2020000001A alone; C-0001 licenses it (L-1, JPY) with an
// upfront fee of 1,000,000 invoiced on 2026-01-01.
void seed(Database& db) {
  RegistryService registry(db);
  std::istringstream inst(
      R"({"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","country":"JP"})" "\n"
      R"({"code":"U-0001","kind":"university","name_en":"University 1","country":"JP"})" "\n"
      R"({"code":"C-0001","kind":"company","name_en":"Company 1","country":"JP"})" "\n");
  const auto ri = registry.import_institutions(inst, FileFormat::kJsonl, {});
  ASSERT_TRUE(ri.written && !ri.rejected);
  std::istringstream pat(
      R"({"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Invention 1","owners":[{"institution":"U-0001","share":"1"}]})" "\n");
  const auto rp = registry.import_patents(pat, FileFormat::kJsonl, {});
  ASSERT_TRUE(rp.written && !rp.rejected);
  LicensingService licensing(db, SchemeSettings{}, "test", policy_dir());
  AgreementTerms t;
  t.reference = "L-1";
  t.licensee = "C-0001";
  t.patents = {"JP2020000001A"};
  t.field = "all fields";
  t.territory = {"JP"};
  t.start = d("2026-01-01");
  t.end = d("2027-12-31");
  t.upfront_minor = 1'000'000;
  t.tiers = {{std::nullopt, 300}};
  WriteTransaction tx(db);
  ASSERT_TRUE(licensing.add_agreement(t)) << "agreement";
  tx.commit();
}

PaymentRequest payment(int i, std::int64_t amount) {
  PaymentRequest r;
  r.agreement = "L-1";
  r.received_on = d("2026-12-01");
  r.currency = "JPY";
  r.amount_minor = amount;
  r.reference = "PAY-" + std::to_string(i);
  r.confirm_duplicate = true;
  return r;
}

class DbServiceTest : public testing::MigratedDbTest {};

// The running balances follow every posting: after two payments of 300,000
// and 900,000 on the 1,000,000 invoice, 1,000,000 is applied and 200,000
// stays as C-0001's credit on L-1 (credit account balance −200,000); the
// payable of U-0001 is what the payments distributed to it, the same as the
// sum of its postings.
TEST_P(DbServiceTest, RunningBalancesEqualThePostings) {
  seed(*db_);
  PaymentService pay(*db_, SchemeSettings{}, "test", policy_dir());
  ASSERT_TRUE(pay.record_payment(payment(1, 300'000)));
  ASSERT_TRUE(pay.record_payment(payment(2, 900'000)));
  long long agreement_id = 0;
  soci_session(*db_) << "SELECT id FROM agreement WHERE reference = 'L-1'", soci::into(agreement_id);
  EXPECT_EQ(agreement_credit(*db_, agreement_id, "C-0001", "JPY"), 200'000);
  long long payable_sum = 0;
  soci_session(*db_) << "SELECT CAST(-SUM(amount_minor) AS BIGINT) FROM posting WHERE account = "
                        "'liabilities:payable:U-0001' AND currency = 'JPY'",
      soci::into(payable_sum);
  EXPECT_GT(payable_sum, 0);
  EXPECT_EQ(credit_balance(*db_, "liabilities:payable:U-0001", "JPY"), payable_sum);
  EXPECT_TRUE(verify_ledger(*db_)) << "ledger check";
}

// A balance changed behind the ledger's back is named by the ledger check.
TEST_P(DbServiceTest, LedgerCheckNamesADriftedRunningBalance) {
  seed(*db_);
  PaymentService pay(*db_, SchemeSettings{}, "test", policy_dir());
  ASSERT_TRUE(pay.record_payment(payment(1, 300'000)));
  exec(*db_, "UPDATE account_balance SET balance_minor = balance_minor + 7 WHERE account = "
             "'liabilities:payable:U-0001'");
  auto r = verify_ledger(*db_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "ledger_violation");
  // U-0001's payable: the postings' sum, less 7 (a credit balance is negative).
  long long posted = 0;
  soci_session(*db_) << "SELECT CAST(SUM(amount_minor) AS BIGINT) FROM posting WHERE account = "
                        "'liabilities:payable:U-0001'",
      soci::into(posted);
  EXPECT_LT(posted, 0);
  EXPECT_EQ(r.error().message, "running balance of liabilities:payable:U-0001 in JPY is " + std::to_string(posted + 7) +
                                   " but its postings sum to " + std::to_string(posted));
}

TEST_P(DbServiceTest, VerifyReportsEveryCheck) {
  seed(*db_);
  PaymentService pay(*db_, SchemeSettings{}, "test", policy_dir());
  ASSERT_TRUE(pay.record_payment(payment(1, 300'000)));
  auto r = verify_database(*db_, embedded_migration_files());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->migrations, embedded_migration_files().size());
  EXPECT_EQ(r->integrity_checked, GetParam() == "sqlite");
  EXPECT_EQ(r->ledger.payments, 1);
  EXPECT_EQ(r->statements, 0);
}

TEST_P(DbServiceTest, RestoreRefusesANonEmptyDatabaseNamingIt) {
  TempDir dir;
  auto s = restore_database(*db_, dir.write("any.backup", "x"));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "database_not_empty");
  EXPECT_NE(s.error().message.find(db_->url().display), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("it has table"), std::string::npos) << s.error().message;
}

TEST_P(DbServiceTest, BackupNeverOverwrites) {
  TempDir dir;
  const std::string out = dir.write("taken.backup", "keep me");
  auto s = backup_database(*db_, out);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "backup_exists");
  std::ifstream in(out);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep me");
}

INSTANTIATE_TEST_SUITE_P(Backends, DbServiceTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

// The first `limit` rows of `table` ordered by every column (the first:
// the id, where there is one), as text lines.
std::vector<std::string> rows_of(Database& db, const std::string& table, long long limit) {
  std::vector<std::string> out;
  std::size_t columns = 0;
  {
    soci::rowset<soci::row> one = (soci_session(db).prepare << "SELECT * FROM " + table + " LIMIT 1");
    for (const auto& r : one) columns = r.size();
  }
  if (columns == 0 || limit == 0) return out;
  std::string order = "1";
  for (std::size_t i = 2; i <= columns; ++i) order += ", " + std::to_string(i);
  soci::rowset<soci::row> rs = (soci_session(db).prepare << "SELECT * FROM " + table + " ORDER BY " + order +
                                                                " LIMIT " + std::to_string(limit));
  for (const auto& r : rs) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += "|";
      if (r.get_indicator(i) == soci::i_null) {
        line += "NULL";
        continue;
      }
      switch (r.get_properties(i).get_data_type()) {
        case soci::dt_string: line += r.get<std::string>(i); break;
        case soci::dt_long_long: line += std::to_string(r.get<long long>(i)); break;
        case soci::dt_unsigned_long_long: line += std::to_string(r.get<unsigned long long>(i)); break;
        case soci::dt_integer: line += std::to_string(r.get<int>(i)); break;
        case soci::dt_double: line += std::to_string(r.get<double>(i)); break;
        default: line += "?";
      }
    }
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> table_names(Database& db) {
  std::vector<std::string> out;
  std::string name;
  soci::statement st = db.backend() == Backend::kSqlite
      ? (soci_session(db).prepare << "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                                     "ORDER BY name", soci::into(name))
      : (soci_session(db).prepare << "SELECT table_name FROM information_schema.tables WHERE "
                                     "table_schema = current_schema() ORDER BY table_name", soci::into(name));
  st.execute();
  while (st.fetch()) out.push_back(name);
  return out;
}

// Records payments 1, 2, … (1,000 + i yen each) on its own connection
// until stopped; `recorded` is the last one committed.
class PaymentWriter {
 public:
  explicit PaymentWriter(const TestDb& db) : thread_([this, &db] { run(db); }) {}
  ~PaymentWriter() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int recorded() const { return recorded_; }
  void wait_for(int n) const {
    while (recorded_ < n && !failed_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

 private:
  void run(const TestDb& db) {
    auto wdb = db.open();
    PaymentService pay(*wdb, SchemeSettings{}, "test", policy_dir());
    for (int i = 1; i <= 400 && !stop_; ++i) {
      auto r = pay.record_payment(payment(i, 1'000 + i));
      if (!r) {
        ADD_FAILURE() << r.error().message;
        failed_ = true;
        return;
      }
      recorded_ = i;
    }
  }
  std::atomic<int> recorded_{0};
  std::atomic<bool> stop_{false}, failed_{false};
  std::thread thread_;
};

// The restored database `restored` is the source `db` at one commit of the
// writer, between `before` and `after` payments: verify passes, every table
// but account_balance holds exactly the source's first rows (tables only
// grow), and the balances are the restored postings'.
void expect_one_committed_state(Database& restored, Database& db, int before, int after) {
  auto v = verify_database(restored, embedded_migration_files());
  ASSERT_TRUE(v) << v.error().message;
  const long long payments = count_of(restored, "payment");
  EXPECT_GE(payments, before);
  EXPECT_LE(payments, after + 1);  // (+1: one committed between the copy's end and `recorded`'s update)
  EXPECT_LT(payments, count_of(db, "payment"));
  EXPECT_EQ(v->ledger.payments, payments);
  for (const std::string& table : table_names(restored)) {
    if (table == "account_balance") continue;
    const long long n = count_of(restored, table);
    EXPECT_EQ(rows_of(restored, table, n), rows_of(db, table, n)) << table;
  }
  long long max_posting = 0, payable_restored = 0, payable_source = 0, cash_restored = 0;
  soci_session(restored) << "SELECT CAST(MAX(id) AS BIGINT) FROM posting", soci::into(max_posting);
  soci_session(restored) << "SELECT balance_minor FROM account_balance WHERE account = 'liabilities:payable:U-0001'",
      soci::into(payable_restored);
  soci_session(db) << "SELECT CAST(SUM(amount_minor) AS BIGINT) FROM posting WHERE "
                      "account = 'liabilities:payable:U-0001' AND id <= :m",
      soci::use(max_posting), soci::into(payable_source);
  EXPECT_EQ(payable_restored, payable_source);
  soci_session(restored) << "SELECT CAST(SUM(amount_minor) AS BIGINT) FROM posting WHERE account = 'assets:cash:JPY'",
      soci::into(cash_restored);
  // Payments 1 … P of 1,000 + i each: P × 1,000 + P(P+1)/2 in cash.
  EXPECT_EQ(cash_restored, payments * 1'000 + payments * (payments + 1) / 2);
}

// PostgreSQL: the same with pg_dump while a writer records payments,
// restored with pg_restore into a new database (the dump recreates the
// source's schema there).
TEST(DbBackupTest, PostgresBackupWhileAWriterRecordsPaymentsRestoresOneCommittedState) {
  const char* base = std::getenv("CHIZAI_TEST_PG");
  if (!base || !*base) GTEST_SKIP() << "CHIZAI_TEST_PG is not set (scripts/test.sh sets it)";
  TestDb source("postgresql");
  auto db = source.open_migrated();
  seed(*db);
  std::string schema;
  soci_session(*db) << "SELECT current_schema()", soci::into(schema);
  TempDir dir;
  const std::string file = dir.file("chizai.dump");
  int before = 0, after = 0;
  {
    PaymentWriter writer(source);
    writer.wait_for(20);
    before = writer.recorded();
    const Status s = backup_database(*db, file);
    after = writer.recorded();
    writer.wait_for(after + 2);
    writer.stop();
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_GT(writer.recorded(), after) << "the writer went on after the backup";
  }
  const std::string target_db = "r_" + schema;
  soci::session admin("postgresql", base);
  admin << "CREATE DATABASE " + target_db;
  std::string conn = base;
  const auto at = conn.find("dbname=");
  ASSERT_NE(at, std::string::npos);
  conn.replace(at, conn.find(' ', at) == std::string::npos ? std::string::npos : conn.find(' ', at) - at,
               "dbname=" + target_db);
  {
    auto url = parse_db_url("postgresql://" + conn + " options='-c search_path=" + schema + "'");
    ASSERT_TRUE(url);
    auto restored = Database::open(url.value());
    const Status r = restore_database(*restored, file);
    ASSERT_TRUE(r) << r.error().message;
    expect_one_committed_state(*restored, *db, before, after);
  }
  admin << "DROP DATABASE " + target_db;
}

// A database in the default schema, public, restores into a new database:
// the dump's CREATE SCHEMA public met the public schema every new database
// has, and pg_restore failed.
TEST(DbBackupTest, PostgresPublicSchemaRestoresIntoANewDatabase) {
  const char* base = std::getenv("CHIZAI_TEST_PG");
  if (!base || !*base) GTEST_SKIP() << "CHIZAI_TEST_PG is not set (scripts/test.sh sets it)";
  const std::string suffix = std::to_string(::getpid()) + "_" +
                             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
  const std::string source_db = "pub_src_" + suffix, target_db = "pub_dst_" + suffix;
  soci::session admin("postgresql", base);
  admin << "CREATE DATABASE " + source_db;
  admin << "CREATE DATABASE " + target_db;
  const auto url_of = [&](const std::string& name) {
    std::string conn = base;
    const auto at = conn.find("dbname=");
    const auto end = conn.find(' ', at);
    conn.replace(at, end == std::string::npos ? std::string::npos : end - at, "dbname=" + name);
    return parse_db_url("postgresql://" + conn);
  };
  TempDir dir;
  const std::string file = dir.file("public.dump");
  {
    auto url = url_of(source_db);
    ASSERT_TRUE(url);
    auto db = Database::open(url.value());
    ASSERT_TRUE(migrate(*db, embedded_migration_files()));
    seed(*db);
    const Status s = backup_database(*db, file);
    ASSERT_TRUE(s) << s.error().message;
    auto url2 = url_of(target_db);
    ASSERT_TRUE(url2);
    auto restored = Database::open(url2.value());
    const Status r = restore_database(*restored, file);
    ASSERT_TRUE(r) << r.error().message;
    auto v = verify_database(*restored, embedded_migration_files());
    ASSERT_TRUE(v) << v.error().message;
    for (const std::string table : {"institution", "payment", "posting"}) {
      EXPECT_EQ(count_of(*restored, table), count_of(*db, table)) << table;
    }
    EXPECT_GT(count_of(*restored, "institution"), 0);
  }
  admin << "DROP DATABASE " + source_db;
  admin << "DROP DATABASE " + target_db;
}

// SQLite: a backup taken while another connection records payments, one
// transaction each, is one committed state: restored into a new database,
// verify passes, and every append-only table holds exactly the source's
// first rows (its rows at the backup point: tables only grow), the same
// number of payments' worth in each. account_balance (updated in place)
// equals the restored postings (the ledger check in verify).
TEST(DbBackupTest, SqliteBackupWhileAWriterRecordsPaymentsRestoresOneCommittedState) {
  TestDb source("sqlite");
  auto db = source.open_migrated();
  seed(*db);
  TempDir dir;
  const std::string file = dir.file("chizai.backup");
  int before = 0, after = 0;
  {
    PaymentWriter writer(source);
    writer.wait_for(20);
    before = writer.recorded();  // committed before the backup began: all in it
    const Status s = backup_database(*db, file);
    after = writer.recorded();   // committed by its end: at most these in it
    writer.wait_for(after + 2);
    writer.stop();
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_GT(writer.recorded(), after) << "the writer went on after the backup";
  }
  TestDb target("sqlite");
  auto restored = target.open();
  const Status r = restore_database(*restored, file);
  ASSERT_TRUE(r) << r.error().message;
  expect_one_committed_state(*restored, *db, before, after);
}

}  // namespace
}  // namespace chizai
