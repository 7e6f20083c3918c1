// The scheme loader on SQLite and PostgreSQL: the generated demo scheme
// loads whole, twelve months of licensing and closes included; a bad
// operation anywhere leaves the database unchanged.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "demo/demo_data.h"
#include "services/close_service.h"
#include "services/licensing_service.h"
#include "services/package_service.h"
#include "services/payment_service.h"
#include "services/project_service.h"
#include "services/registry_service.h"
#include "services/scheme_loader.h"
#include "store/journal_store.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

using testing::TempDir;
using testing::TestDb;

const std::string kPolicies = std::string(CHIZAI_SOURCE_DIR) + "/config/policies";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class SchemeLoaderTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    summary_ = write_demo_data(DemoOptions{dir_.path(), 600, 11});
    open_with(read_file(summary_.institutions_file), read_file(summary_.patents_file), 600);
    if (HasFatalFailure()) return;
    scheme_ = read_file(summary_.scheme_file);
  }

  Result<SchemeLoadReport> load(const std::string& text) {
    std::istringstream in(text);
    return load_scheme(*db_, in, SchemeSettings{}, "tester", kPolicies);
  }

  TempDir dir_;
  DemoSummary summary_;
  std::string scheme_;
};

TEST_P(SchemeLoaderTest, TheDemoSchemeLoadsWhole) {
  auto r = load(scheme_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->operations, summary_.scheme_operations);
  EXPECT_EQ(r->by_op.at("aggregate"), summary_.aggregated);
  EXPECT_EQ(r->by_op.at("package.create"), summary_.packages);
  EXPECT_EQ(r->by_op.at("project.create"), summary_.projects);
  ProjectService projects(*db_, SchemeSettings{}, "tester");
  EXPECT_EQ(static_cast<std::int64_t>(projects.list_projects().size()), summary_.projects);
  // Every project stays within its budget, every contract within its amount.
  for (const auto& p : projects.list_projects()) {
    auto view = projects.show_project(p.code);
    ASSERT_TRUE(view.ok());
    for (const auto& c : view->contracts) EXPECT_LE(c.spent, c.amount) << c.id;
  }
}

TEST_P(SchemeLoaderTest, TheDemoLicensingYearLoadsAndCloses) {
  ASSERT_GT(summary_.agreements, 0);
  auto r = load(scheme_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->by_op.at("agreement.add"), summary_.agreements);
  EXPECT_EQ(r->by_op.at("report.add"), summary_.reports);
  EXPECT_EQ(r->by_op.at("payment.record"), summary_.payments);
  EXPECT_EQ(r->by_op.count("payout.record") ? r->by_op.at("payout.record") : 0, summary_.payouts);
  EXPECT_EQ(r->by_op.at("close"), 12);

  LicensingService licensing(*db_, SchemeSettings{}, "tester", kPolicies);
  auto agreements = licensing.list("", PageRequest{"", 100'000});
  ASSERT_TRUE(agreements.ok());
  EXPECT_EQ(static_cast<std::int64_t>(agreements->items.size()), summary_.agreements);
  PaymentService payments(*db_, SchemeSettings{}, "tester", kPolicies);
  auto received = payments.list_payments("", PageRequest{"", 100'000});
  ASSERT_TRUE(received.ok());
  EXPECT_EQ(static_cast<std::int64_t>(received->items.size()), summary_.payments);

  // Twelve months closed, FY2025: 2025-04 .. 2026-03; the ledger holds.
  EXPECT_EQ(last_closed_month(*db_), std::optional<std::string>("2026-03"));
  CloseService close(*db_, "tester");
  EXPECT_EQ(close.next_month_to_close(), std::optional<std::string>("2026-04"));
  auto again = close.close("2025-04");  // closed: a no-op
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->already_closed);
  auto skipped = close.close("2026-05");
  ASSERT_FALSE(skipped.ok());
  EXPECT_NE(skipped.error().message.find("close 2026-04 first"), std::string::npos) << skipped.error().message;
  const Status ledger = check_ledger(*db_);
  EXPECT_TRUE(ledger.ok()) << ledger.error().message;

  // Every institution with income has its March 2026 statement, closing on
  // its payable balance; money was paid out to some of them.
  std::int64_t with_income = 0, paid_out = 0;
  for (const PayableBalance& b : payments.payables()) {
    if (b.credited_minor == 0) continue;
    ++with_income;
    paid_out += b.paid_minor;
    SCOPED_TRACE(b.institution);
    auto st = close.statement(b.institution, "2026-03");
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_TRUE(st->stored);
    EXPECT_FALSE(st->statement.provisional);
    EXPECT_EQ(st->statement.closing_balance, b.balance_minor);
    EXPECT_EQ(st->sha256.size(), 64u);
  }
  EXPECT_GE(with_income, 3);
  if (summary_.payouts > 0) {
    EXPECT_GT(paid_out, 0);
  }
}

TEST_P(SchemeLoaderTest, ABadLicensingOperationLeavesNothingBehind) {
  const std::string before = testing::dump_content(*db_);
  // The whole demo year, then a payout far above any payable.
  const std::string bad = scheme_ +
      R"({"op":"payout.record","institution":"U-TOKYO","paid_on":"2026-04-10","amount":"999999999999","reference":"PO-X"})" "\n";
  auto r = load(bad);
  ASSERT_FALSE(r.ok());
  const std::string line = std::to_string(summary_.scheme_operations + 1);
  EXPECT_NE(r.error().message.find("line " + line + " (payout.record)"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("nothing was loaded"), std::string::npos);
  EXPECT_EQ(testing::dump_content(*db_), before);
  EXPECT_EQ(last_closed_month(*db_), std::nullopt);
}

TEST_P(SchemeLoaderTest, ABadOperationLeavesNothingBehind) {
  const std::string before = testing::dump_content(*db_);
  // The demo scheme with one impossible contract appended at the end.
  const std::string bad = scheme_ +
      R"({"op":"contract.add","ref":"X/1","project":"SH-01","institution":"U-TOKYO","amount":"999999999","from":"2024-10-01","to":"2025-03-31","deliverable":"x","recoverable":false})" "\n";
  auto r = load(bad);
  ASSERT_FALSE(r.ok());
  const std::string line = std::to_string(summary_.scheme_operations + 1);
  EXPECT_NE(r.error().message.find("line " + line + " (contract.add)"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("nothing was loaded"), std::string::npos);
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(SchemeLoaderTest, StrictFields) {
  const std::string before = testing::dump_content(*db_);
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"op":"teleport"})", "unknown operation 'teleport'"},
           {R"({"op":"package.status","code":"PKG-001","status":"marketed","date":"2024-01-01","colour":"red"})",
            "'colour' is not a known key"},
           {R"({"op":"expense.add","contract":"nope","amount":"1","date":"2024-01-01"})",
            "no contract with ref 'nope'"},
           {R"({"op":"evaluate","patent":"JP2099999999A","date":"2024-01-01","technology":"high"})",
            "'technology' must be an integer"},
           {R"({"op":"package.add","code":"PKG-001","patent":"JP2016012440A","family":"JP2016012440A","role":"core"})",
            "give either 'patent' or 'family'"},
           {R"({"op":"package.status","code":"PKG-001","status":"sold"})",
            "'status' has an unknown value 'sold': use draft, marketed, licensed, retired"},
           {R"({"op":"contract.add","ref":"X/1","project":"SH-01","institution":"U-TOKYO","amount":"1","currency":"USD","from":"2024-10-01","to":"2025-03-31","deliverable":"x"})",
            "'currency' has an unknown value 'USD': use JPY"},
           {R"({"op":"agreement.add","agreement":"LIC-1"})", "'agreement' must be a JSON object"},
           {R"({"op":"agreement.add","agreement":{"id":"LIC-1","currency":"JPY"}})", "agreement file: 'licensee' is required"},
           {R"({"op":"report.add","report":{"agreement":"LIC-1","period_start":"2025-04-01","period_end":"2025-06-30","lines":[]},"corrects_ref":"Q1"})",
            "no report with ref 'Q1' earlier in the file"},
           {R"({"op":"report.add","report":{"agreement":"LIC-1","period_start":"2025-04-01","period_end":"2025-06-30","lines":[]}})",
            "unknown agreement 'LIC-1'"},
           {R"({"op":"milestone.reach","agreement":"LIC-1","name":"first sale","reached_on":"2025-05-01"})",
            "unknown agreement 'LIC-1'"},
           {R"({"op":"milestone.reach","agreement":"LIC-1","name":"first sale","date":"2025-05-01"})",
            "'date' is not a known key"},
           {R"({"op":"milestone.reach","name":"first sale","reached_on":"2025-05-01"})", "'agreement' is required"},
           {R"({"op":"payment.record","agreement":"LIC-1","received_on":"2025-05-01","amount":"100","currency":"XXX","reference":"P1"})",
            "'currency'"},
           {R"({"op":"payment.record","agreement":"LIC-1","received_on":"2025-05-01","amount":"1.5","currency":"JPY","reference":"P1"})",
            "'amount'"},
           {R"({"op":"payout.record","institution":"U-TOKYO","paid_on":"2025-05-01","amount":"100","reference":"P1","bank":"x"})",
            "'bank' is not a known key"},
           {R"({"op":"payout.record","institution":"U-TOKYO","paid_on":"2025-05-01","amount":"100","reference":"P1"})",
            "payout of 100 JPY to U-TOKYO"},
           {R"({"op":"close","month":"2025-13"})", "month '2025-13' is not YYYY-MM"},
           {R"({"op":"close","month":"2025-12","day":"2025-12-31"})", "'day' is not a known key"},
           {"not json", "malformed JSON"}}) {
    auto r = load(text + "\n");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().message.find(expected), std::string::npos) << text << "\n" << r.error().message;
  }
  EXPECT_EQ(testing::dump_content(*db_), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemeLoaderTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
