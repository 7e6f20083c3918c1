// Never a stale due date, on SQLite and PostgreSQL: every write that changes
// what the docket's rules read (store/docket_facts_store.h) recomputes the
// patent's tasks in its own transaction, through the connection's one hook
// (Database::set_facts_hook + docket_recompute_hook) — a patent updated or
// imported, an aggregation, an ownership transfer, an owner's kind or
// country, an event. A bulk import hands every touched patent to the hook
// once, at the end. Without a computed docket the hook computes nothing. A
// recompute that fails rolls the write back.
//
// Two engines: the configured rule book (config/docketing) for the JP
// examination request deadline — 3 years from the filing date (特許法48条の3),
// moved to the office's next working day — and a small engine of the test's
// own for who pays: one task "fee.1" due 12 months after filing, 10,000 JPY,
// split by the owners' shares (largest remainder), or the aggregator's alone
// under an assignment.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "registry_fixture.h"
#include "services/aggregation_service.h"
#include "services/docket_service.h"
#include "services/event_service.h"
#include "services/ownership_service.h"
#include "services/registry_service.h"
#include "store/docket_store.h"
#include "store/lookup.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

// JP2026000001A filed 2026-03-01 by U-TOKYO;
// JP2026000003A filed 2026-02-10 by U-TOKYO 1/2 + U-KYOTO 1/2.
std::string patents() {
  return testing::patent_lines(
      {testing::patent("JP2026000001A").filed("2026-03-01").owner("U-TOKYO"),
       testing::patent("JP2026000003A").filed("2026-02-10").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2")});
}

std::shared_ptr<DocketRules> fee_engine() {
  auto r = std::make_shared<DocketRules>();
  r->rules_version = "hook-test";
  r->calendars_version = "hook-test-calendars";
  r->compute = [](const docket::Application& app) -> Result<std::vector<docket::Task>> {
    docket::Task t;
    t.key = "fee.1";
    t.kind = "annual_fee";
    t.jurisdiction = app.jurisdiction;
    t.label = "fee 1";
    t.nominal_due = app.filing_date.add_months(12);
    t.due = t.nominal_due;
    docket::Fee f;
    f.amount = 10000;
    f.late_amount = 20000;
    f.currency = "JPY";
    f.table = "T@2020-01-01";
    t.fee = f;
    return std::vector<docket::Task>{t};
  };
  r->fee_on = [](const docket::Application&, const docket::Task& t, Date) -> Result<docket::Fee> { return *t.fee; };
  return r;
}

class DocketFactsHookTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO"}), patents(), 2);
  }

  // Computes the docket with `rules` and installs the hook over them,
  // counting its calls and the ids it was handed.
  void start_docket(std::shared_ptr<const DocketRules> rules) {
    rules_ = std::move(rules);
    DocketService(*db_, rules_, "tester", d("2026-12-07")).ensure_current();
    install_hook();
  }
  void install_hook() {
    auto real = docket_recompute_hook([this] { return rules_; }, "tester");
    db_->set_facts_hook([this, real](Database& db, const std::vector<long long>& ids) {
      ++calls_;
      handed_.insert(handed_.end(), ids.begin(), ids.end());
      real(db, ids);
    });
  }

  std::shared_ptr<const DocketRules> configured() {
    auto r = load_docket_rules(std::string(CHIZAI_SOURCE_DIR) + "/config/docketing");
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.value();
  }

  // The stored task of `number` with kind `kind` (the first), read without
  // any recompute of the reading side (DocketStore directly).
  std::optional<DocketTaskView> task(const char* number, const std::string& kind) {
    auto shown = DocketService(*db_, rules_, "tester", d("2026-12-07")).show(number);
    EXPECT_TRUE(shown.ok()) << shown.error().message;
    if (!shown.ok()) return std::nullopt;
    for (const auto& t : shown->tasks) {
      if (t.task.kind == kind) return t;
    }
    return std::nullopt;
  }

  // "CODE pays? amount" for each share row of `t`, in order.
  static std::string shares(const DocketTaskView& t) {
    std::string out;
    for (const auto& s : t.shares) {
      out += (out.empty() ? "" : ", ") + s.institution + (s.pays ? " " : " (not paying) ") +
             (s.amount ? std::to_string(*s.amount) : std::string("-"));
    }
    return out;
  }

  std::shared_ptr<const DocketRules> rules_;
  int calls_ = 0;
  std::vector<long long> handed_;
};

TEST_P(DocketFactsHookTest, ACorrectedFilingDateMovesTheExaminationDeadlineAtOnce) {
  start_docket(configured());
  const auto before = task("JP2026000001A", "examination_request");
  ASSERT_TRUE(before.has_value());
  // 2026-03-01 + 3 years = 2029-03-01, a Thursday: due that day.
  EXPECT_EQ(before->task.due, d("2029-03-01"));
  auto r = RegistryService(*db_).update_patent("JP2026000001A", R"({"filing_date":"2026-03-04"})",
                                               {"tester", "", false});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls_, 1);
  const auto after = task("JP2026000001A", "examination_request");
  ASSERT_TRUE(after.has_value());
  // 2026-03-04 + 3 years = 2029-03-04, a Sunday: the next working day, Monday 2029-03-05.
  EXPECT_EQ(after->task.nominal_due, d("2029-03-04"));
  EXPECT_EQ(after->task.due, d("2029-03-05"));
  EXPECT_EQ(after->sequence, before->sequence + 1);  // changed content: a new calendar sequence
}

TEST_P(DocketFactsHookTest, AnImportRecomputesEachTouchedPatentOnceAtTheEnd) {
  start_docket(fee_engine());
  // One existing patent re-filed a month later, one new patent; the
  // unchanged JP2026000003A is not touched.
  std::istringstream in(testing::patent_lines(
      {testing::patent("JP2026000001A").filed("2026-04-01").owner("U-TOKYO"),
       testing::patent("JP2026000003A").filed("2026-02-10").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2"),
       testing::patent("JP2026000009A").filed("2026-05-01").owner("U-KYOTO")}));
  ImportOptions opt;
  opt.scope.replace = true;
  const ImportReport r = RegistryService(*db_).import_patents(in, FileFormat::kJsonl, opt);
  ASSERT_TRUE(r.written);
  EXPECT_EQ(calls_, 1);  // one hook call for the whole file
  const long long p1 = find_patent_id(*db_, "JP2026000001A").value();
  const long long p9 = find_patent_id(*db_, "JP2026000009A").value();
  EXPECT_EQ(handed_, (std::vector<long long>{p1, p9}));
  // Filed 2026-04-01: fee.1 due 12 months later; the new patent has its task.
  EXPECT_EQ(task("JP2026000001A", "annual_fee")->task.due, d("2027-04-01"));
  const auto t9 = task("JP2026000009A", "annual_fee");
  ASSERT_TRUE(t9.has_value());
  EXPECT_EQ(t9->task.due, d("2027-05-01"));
  EXPECT_EQ(shares(*t9), "U-KYOTO 10000");
}

TEST_P(DocketFactsHookTest, AnAssignmentMakesTheAggregatorThePayerAtOnce) {
  start_docket(fee_engine());
  EXPECT_EQ(shares(*task("JP2026000001A", "annual_fee")), "U-TOKYO 10000");
  auto v = AggregationService(*db_, SchemeSettings{}, "tester")
               .aggregate("JP2026000001A", AggregationRequest{AggregationMode::kAssignment, d("2026-06-01"), "test"});
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(calls_, 1);
  // The aggregator pays the whole fee; the owner is listed, not paying.
  EXPECT_EQ(shares(*task("JP2026000001A", "annual_fee")), "AGG-JST 10000, U-TOKYO (not paying) -");
}

TEST_P(DocketFactsHookTest, ATransferChangesTheSharesAtOnce) {
  start_docket(fee_engine());
  // 10,000 split 1/2 + 1/2 (rows by institution code).
  EXPECT_EQ(shares(*task("JP2026000003A", "annual_fee")), "U-KYOTO 5000, U-TOKYO 5000");
  auto t = OwnershipService(*db_, SchemeSettings{}, "tester")
               .transfer("JP2026000003A", TransferRequest{d("2026-10-01"),
                                                          {{"U-TOKYO", Fraction::make(1, 4).value()}, {"U-KYOTO", Fraction::make(3, 4).value()}},
                                                          {"U-TOKYO", "U-KYOTO"},
                                                          "half of U-TOKYO's half sold"});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(calls_, 1);
  // 10,000 × 1/4 = 2,500 and × 3/4 = 7,500.
  EXPECT_EQ(shares(*task("JP2026000003A", "annual_fee")), "U-KYOTO 7500, U-TOKYO 2500");
}

TEST_P(DocketFactsHookTest, AnOwnersKindOrCountryChangesEachOfItsPatents) {
  start_docket(fee_engine());
  // U-KYOTO becomes a public lab: its patents' fee reductions may change.
  std::istringstream in(testing::institution("U-KYOTO", "public_lab", "Kyoto University"));
  ASSERT_TRUE(RegistryService(*db_).import_institutions(in, FileFormat::kJsonl, {}).written);
  EXPECT_EQ(calls_, 1);
  EXPECT_EQ(handed_, (std::vector<long long>{find_patent_id(*db_, "JP2026000003A").value()}));
  // A name alone is no docket fact.
  std::istringstream renamed(testing::institution("U-KYOTO", "public_lab", "Kyoto Univ."));
  ASSERT_TRUE(RegistryService(*db_).import_institutions(renamed, FileFormat::kJsonl, {}).written);
  EXPECT_EQ(calls_, 1);
}

TEST_P(DocketFactsHookTest, AnEventRecomputesThroughTheSameHook) {
  start_docket(configured());
  EventRequest grant;
  grant.kind = "grant";
  grant.date = d("2026-11-02");
  grant.reference = "7000001";
  auto r = EventService(*db_, "tester").add("JP2026000001A", grant);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls_, 1);  // the event and the record's grant update: one patent, one call
  EXPECT_EQ(handed_.size(), 1u);
  // Granted: the examination request is no longer a task to do; annual fees are.
  EXPECT_TRUE(task("JP2026000001A", "annual_fee").has_value());
}

TEST_P(DocketFactsHookTest, WithoutADocketTheHookComputesNothing) {
  rules_ = fee_engine();
  install_hook();
  auto r = RegistryService(*db_).update_patent("JP2026000001A", R"({"filing_date":"2026-03-04"})",
                                               {"tester", "", false});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls_, 1);
  EXPECT_FALSE(DocketStore(*db_).versions().has_value());
  const std::string dump = testing::dump_content(*db_);
  EXPECT_EQ(dump.find("fee.1"), std::string::npos);  // no task stored
}

TEST_P(DocketFactsHookTest, AFailedRecomputeRollsTheWriteBack) {
  start_docket(fee_engine());
  const std::string before = testing::dump_content(*db_);
  db_->set_facts_hook(docket_recompute_hook(
      []() -> std::shared_ptr<const DocketRules> { throw std::runtime_error("rule book unreadable"); }, "tester"));
  EXPECT_THROW((void)RegistryService(*db_).update_patent("JP2026000001A", R"({"filing_date":"2026-04-01"})",
                                                         {"tester", "", false}),
               std::runtime_error);
  EXPECT_EQ(testing::dump_content(*db_), before) << "the write was not rolled back";
  EXPECT_EQ(RegistryService(*db_).find_patent("JP2026000001A")->patent.filing_date, d("2026-03-01"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DocketFactsHookTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
