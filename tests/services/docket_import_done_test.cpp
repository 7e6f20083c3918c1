// `chizai docket import-done`: fees paid before (another docketing system's
// history) recorded in bulk, on SQLite and PostgreSQL — the file read by its
// spec (CSV or JSONL, each bad row named by line and field), all or nothing,
// each row a decision exactly like `docket done` (change history); a
// payment older than the rule book's fee tables, with its fee given, is
// recorded as given.
//
// The engine is the test's own: one task "fee.1" due 12 months after filing
// with a 10,000 JPY fee (late 20,000 after the due date); its only fee
// table is in force from 2026-01-01.
#include <gtest/gtest.h>

#include <sstream>

#include "registry_fixture.h"
#include "requests/docket.h"
#include "services/docket_service.h"
#include "services/history.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

std::shared_ptr<DocketRules> fee_engine() {
  auto r = std::make_shared<DocketRules>();
  r->rules_version = "import-done-test";
  r->calendars_version = "import-done-calendars";
  r->compute = [](const docket::Application& app) -> Result<std::vector<docket::Task>> {
    docket::Task t;
    t.key = "fee.1";
    t.kind = "annual_fee";
    t.jurisdiction = app.jurisdiction;
    t.label = "fee 1";
    t.nominal_due = app.filing_date.add_months(12);
    t.due = t.nominal_due;
    t.grace_end = t.due.add_months(6);
    docket::Fee f;
    f.amount = 10000;
    f.late_amount = 20000;
    f.currency = "JPY";
    f.table = "T@2020-01-01";
    t.fee = f;
    return std::vector<docket::Task>{t};
  };
  r->fee_on = [](const docket::Application&, const docket::Task& t, Date on) -> Result<docket::Fee> {
    if (on < d("2026-01-01")) {
      return make_error(ErrorKind::kRefused, "no_fee_table", "no fee table in force on " + on.to_string(), "date");
    }
    docket::Fee f = *t.fee;
    if (on > t.due) f.amount = f.late_amount;
    return f;
  };
  return r;
}

class DocketImportDoneTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    // Filed 2025-03-01 and 2025-06-01: fee.1 due 2026-03-01 and 2026-06-01.
    open_with(testing::institutions({"U-TOKYO"}),
              testing::patent_lines({testing::patent("JP2025000001A").filed("2025-03-01").owner("U-TOKYO"),
                                     testing::patent("JP2025000002A").filed("2025-06-01").owner("U-TOKYO")}),
              2);
  }
  DocketService service() { return DocketService(*db_, fee_engine(), "tester", d("2026-12-07")); }
};

TEST_P(DocketImportDoneTest, TheFileNamesEachUnreadableRowByLineAndField) {
  std::istringstream csv(
      "number,task,date,fee,currency,reference\n"
      "JP2025000001A,fee.1,2026-02-20,,JPY,OLD-1\n"
      "JP2025000002A,fee.1,2026-02-30,,,OLD-2\n"  // no such day
      "JP2025000002A,,2026-05-20,,,OLD-3\n");     // no task
  const auto read = requests::read_docket_done_file(csv, FileFormat::kCsv);
  EXPECT_EQ(read.read, 3);
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_EQ(read.rows[0].line, 2u);
  EXPECT_EQ(read.rows[0].request.currency, "JPY");
  ASSERT_EQ(read.problems.size(), 2u);
  EXPECT_EQ(read.problems[0].line, 3u);
  EXPECT_EQ(read.problems[0].field, "date");
  EXPECT_EQ(read.problems[1].line, 4u);
  EXPECT_EQ(read.problems[1].field, "task");
}

TEST_P(DocketImportDoneTest, AllOrNothingThenEachRowADecisionLikeDone) {
  DocketService s = service();
  s.ensure_current();
  const std::string before = testing::dump_content(*db_);
  std::istringstream bad(
      R"({"number":"JP2025000001A","task":"fee.1","date":"2026-02-20","reference":"OLD-1"})" "\n"
      R"({"number":"JP2025000002A","task":"fee.9","date":"2026-05-20"})" "\n"
      R"({"number":"JP2025000002A","task":"fee.1","date":"2026-05-20","currency":"USD"})" "\n");
  auto read = requests::read_docket_done_file(bad, FileFormat::kJsonl);
  ASSERT_TRUE(read.problems.empty());
  const ImportReport refused = s.import_done(read.rows);
  EXPECT_FALSE(refused.written);
  EXPECT_EQ(refused.inserted, 0);
  ASSERT_EQ(refused.problems.size(), 2u);
  EXPECT_EQ(refused.problems[0].line, 2u);
  EXPECT_EQ(refused.problems[0].field, "task");
  EXPECT_EQ(refused.problems[0].code, "unknown_task");
  EXPECT_EQ(refused.problems[1].line, 3u);
  EXPECT_EQ(refused.problems[1].field, "currency");
  EXPECT_EQ(refused.problems[1].code, "currency_mismatch");
  EXPECT_EQ(testing::dump_content(*db_), before) << "a refused file wrote something";

  std::istringstream good(
      R"({"number":"JP2025000001A","task":"fee.1","date":"2026-02-20","reference":"OLD-1"})" "\n"
      R"({"number":"JP 2025-000002","task":"fee.1","date":"2026-07-10","fee":"20,000","currency":"JPY"})" "\n");
  read = requests::read_docket_done_file(good, FileFormat::kJsonl);
  ASSERT_TRUE(read.problems.empty());
  const ImportReport r = s.import_done(read.rows);
  ASSERT_TRUE(r.written);
  EXPECT_EQ(r.inserted, 2);
  // Paid before the due date 2026-03-01: the fee, 10,000.
  const auto one = s.show("JP2025000001A").value();
  ASSERT_EQ(one.decisions.size(), 1u);
  EXPECT_EQ(one.decisions[0].action, "done");
  EXPECT_EQ(one.decisions[0].fee_paid, 10000);
  EXPECT_EQ(one.decisions[0].reference, "OLD-1");
  EXPECT_EQ(one.tasks[0].status, docket::TaskStatus::kDone);
  // Paid 2026-07-10, in the grace period after 2026-06-01: the late fee, 20,000 as given.
  const auto two = s.show("JP2025000002A").value();
  ASSERT_EQ(two.decisions.size(), 1u);
  EXPECT_EQ(two.decisions[0].fee_paid, 20000);
  EXPECT_EQ(two.decisions[0].fee_expected, 20000);
  // In the change history exactly as `docket done` records it.
  const auto h = list_changes(*db_, ChangeFilter{"patent", "JP2025000001A", 100});
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h.front().action, "docket.done");
  // Importing the same file again: each task is decided already; nothing written.
  std::istringstream again(
      R"({"number":"JP2025000001A","task":"fee.1","date":"2026-02-20","reference":"OLD-1"})" "\n");
  read = requests::read_docket_done_file(again, FileFormat::kJsonl);
  const ImportReport twice = s.import_done(read.rows);
  EXPECT_FALSE(twice.written);
  ASSERT_EQ(twice.problems.size(), 1u);
  EXPECT_EQ(twice.problems[0].code, "task_decided");
}

TEST_P(DocketImportDoneTest, APaymentOlderThanTheFeeTablesNeedsItsFeeAndIsRecordedAsGiven) {
  DocketService s = service();
  s.ensure_current();
  std::istringstream without(R"({"number":"JP2025000001A","task":"fee.1","date":"2025-12-20"})" "\n");
  auto read = requests::read_docket_done_file(without, FileFormat::kJsonl);
  const ImportReport refused = s.import_done(read.rows);
  EXPECT_FALSE(refused.written);
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_EQ(refused.problems[0].code, "no_fee_table");
  EXPECT_EQ(refused.problems[0].field, "date");
  std::istringstream with(R"({"number":"JP2025000001A","task":"fee.1","date":"2025-12-20","fee":"9,800"})" "\n");
  read = requests::read_docket_done_file(with, FileFormat::kJsonl);
  ASSERT_TRUE(s.import_done(read.rows).written);
  const auto one = s.show("JP2025000001A").value();
  ASSERT_EQ(one.decisions.size(), 1u);
  EXPECT_EQ(one.decisions[0].fee_paid, 9800);
  EXPECT_EQ(one.decisions[0].fee_currency, "JPY");  // the task's
  EXPECT_FALSE(one.decisions[0].fee_expected.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, DocketImportDoneTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
