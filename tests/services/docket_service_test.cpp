// The docket on SQLite and PostgreSQL: tasks computed from the facts and
// stored; a recomputation replaces the open tasks and keeps the done ones
// with what was paid; a changed rule-book version recomputes everything
// before any read; a waive ends the later tasks, an undo brings them back;
// missed by date; scoping by institution; done fees recorded as recoverable
// costs of the patent's packages, which the ledger's cost recovery reads.
//
// Two engines: the configured one (config/docketing, the real rule book)
// for the Paris priority task — 12 months from a first filing without
// priority claims, moved to the office's next working day — and a small
// engine of the test's own (two fee tasks a year apart, a fee table that
// changes on 2027-04-01) for the decisions and fees.
#include "services/docket_service.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <sstream>

#include "registry_fixture.h"
#include "services/event_service.h"
#include "services/history.h"
#include "services/project_service.h"
#include "services/registry_service.h"
#include "store/lookup.h"
#include "store/session.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

// JP2026000001A filed 2026-03-01 by U-TOKYO (a first filing);
// JP2026000002A filed 2026-02-01 by U-KYOTO (a first filing);
// JP2026000003A filed 2026-02-10 by U-TOKYO 1/2 + U-KYOTO 1/2, claiming the
// priority of JP2026000002A (no Paris task of its own).
std::string patents() {
  return testing::patent_lines(
      {testing::patent("JP2026000001A").filed("2026-03-01").owner("U-TOKYO"),
       testing::patent("JP2026000002A").filed("2026-02-01").owner("U-KYOTO"),
       testing::patent("JP2026000003A").filed("2026-02-10").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2")
           .priority("JP2026000002A", "2026-02-01", "paris")});
}

// The test's engine: "fee.1" due 12 months after filing (window from 6
// months before, 6 months' grace), "fee.2" due 24 months after; fees 10,000
// JPY (late 20,000) under table "T/old@2020-01-01", and 12,000 (late
// 24,000) under "T/new@2027-04-01" when paid from 2027-04-01 (or, for the
// stored forecast, when `new_table_for_all` says every task uses it).
std::shared_ptr<DocketRules> test_engine(const std::string& version, bool new_table_for_all = false) {
  auto r = std::make_shared<DocketRules>();
  r->rules_version = version;
  r->calendars_version = "test-calendars";
  auto fee = [new_table_for_all](Date on) {
    docket::Fee f;
    const bool fresh = new_table_for_all || on >= d("2027-04-01");
    f.amount = fresh ? 12000 : 10000;
    f.late_amount = 2 * f.amount;
    f.currency = "JPY";
    f.table = fresh ? "T/new@2027-04-01" : "T/old@2020-01-01";
    return f;
  };
  r->compute = [fee](const docket::Application& app) -> Result<std::vector<docket::Task>> {
    std::vector<docket::Task> out;
    for (int i = 1; i <= 2; ++i) {
      docket::Task t;
      t.key = "fee." + std::to_string(i);
      t.kind = "annual_fee";
      t.jurisdiction = app.jurisdiction;
      t.label = "fee " + std::to_string(i);
      t.nominal_due = app.filing_date.add_months(12 * i);
      t.due = t.nominal_due;
      t.window_start = t.due.add_months(-6);
      t.grace_end = t.due.add_months(6);
      t.fee = fee(t.due);
      out.push_back(t);
    }
    return out;
  };
  r->fee_on = [fee](const docket::Application&, const docket::Task& t, Date on) -> Result<docket::Fee> {
    if (t.window_start && on < *t.window_start) {
      return make_error(ErrorKind::kRefused, "outside_period", "before the window", "date");
    }
    docket::Fee f = fee(on);
    if (on > t.due) f.amount = f.late_amount;
    return f;
  };
  return r;
}

class DocketServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "C-0001"}), patents(), 3);
  }

  std::shared_ptr<const DocketRules> configured() {
    auto r = load_docket_rules(std::string(CHIZAI_SOURCE_DIR) + "/config/docketing");
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.value();
  }

  void sql(const std::string& text) { soci_session(*db_) << text; }

  // Every task the agenda lists with `q` on `today`, in order.
  std::vector<DocketTaskView> agenda(DocketService& s, DocketQuery q = {}) {
    auto page = s.list(q, PageRequest{"", 1000});
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->items : std::vector<DocketTaskView>{};
  }

  static const DocketTaskView* find(const std::vector<DocketTaskView>& tasks, const std::string& number,
                                    const std::string& key) {
    for (const auto& t : tasks) {
      if (t.number == number && t.task.key == key) return &t;
    }
    return nullptr;
  }

  long long patent_id(const char* number) { return find_patent_id(*db_, number).value(); }
};

TEST_P(DocketServiceTest, ParisPriorityTaskOfFirstFilingsOnlyMovedToAWorkingDay) {
  DocketService s(*db_, configured(), "tester", d("2026-12-07"));
  EXPECT_TRUE(s.ensure_current());   // nothing stored yet: computed now
  EXPECT_FALSE(s.ensure_current());  // and current from then on
  const auto tasks = agenda(s);
  const DocketTaskView* p1 = find(tasks, "JP2026000001A", "paris.priority");
  const DocketTaskView* p2 = find(tasks, "JP2026000002A", "paris.priority");
  ASSERT_NE(p1, nullptr);
  ASSERT_NE(p2, nullptr);
  EXPECT_EQ(find(tasks, "JP2026000003A", "paris.priority"), nullptr);  // claims a priority
  EXPECT_EQ(p1->task.nominal_due, d("2027-03-01"));
  EXPECT_EQ(p1->task.due, d("2027-03-01"));   // a Monday
  EXPECT_EQ(p2->task.nominal_due, d("2027-02-01"));
  EXPECT_EQ(p2->status, docket::TaskStatus::kOpen);
  // Soonest first.
  EXPECT_TRUE(std::is_sorted(tasks.begin(), tasks.end(), [](const DocketTaskView& a, const DocketTaskView& b) {
    return a.task.due < b.task.due;
  }));
  // Who it concerns: the registered owner, who pays.
  ASSERT_EQ(p1->shares.size(), 1u);
  EXPECT_EQ(p1->shares[0].institution, "U-TOKYO");
  EXPECT_TRUE(p1->shares[0].pays);
}

// An events file changes many patents' facts: the import recomputes them
// in batches (recompute_patents, from the connection's facts hook at commit), to exactly the tasks
// a full recomputation gives.
TEST_P(DocketServiceTest, AnEventsImportRecomputesItsPatentsInBatchesToTheSameTasks) {
  DocketService s(*db_, configured(), "tester", d("2026-12-07"));
  ASSERT_TRUE(s.ensure_current());
  const auto text = [&] {
    std::string out;
    for (const auto& t : agenda(s)) {
      out += t.number + " " + t.task.key + " " + t.task.due.to_string() + " " +
             std::string(docket::to_string(t.status)) + " " +
             (t.task.performed_on ? t.task.performed_on->to_string() : "-") + "\n";
    }
    return out;
  };
  const std::string before = text();
  std::vector<EventImportRow> rows;
  for (const char* number : {"JP2026000001A", "JP2026000002A", "JP2026000003A"}) {
    EventImportRow row;
    row.line = rows.size() + 2;
    row.number = number;
    row.event.kind = "examination_request";
    row.event.date = d("2026-06-01");
    rows.push_back(row);
  }
  std::vector<long long> batches_of;
  int calls = 0;
  db_->set_facts_hook([&](Database&, const std::vector<long long>& ids) {
    ++calls;
    batches_of = ids;
    auto r = s.recompute_patents(ids);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->patents, 3);  // ids 1..3: one batch
  });
  EventService events(*db_, "tester");
  const ImportReport imported = events.import(rows, false);
  ASSERT_TRUE(imported.written);
  EXPECT_EQ(calls, 1) << "once for the whole file, not one patent at a time";
  EXPECT_EQ(batches_of.size(), 3u);
  const std::string batched = text();
  EXPECT_NE(batched, before);  // the examination requests changed tasks
  sql("UPDATE docket_state SET rules_version = 'other'");
  ASSERT_TRUE(s.ensure_current());  // every task recomputed from scratch
  EXPECT_EQ(text(), batched);
}

// Forgoing an option — not filing abroad under the Paris priority — is a
// waive that ends nothing else: the application does not lapse and its
// later tasks (the examination request, due 3 years from filing) stay.
TEST_P(DocketServiceTest, WaivingAnOptionEndsNoOtherTaskAndLapsesNothing) {
  auto rules = configured();
  DocketService s(*db_, rules, "tester", d("2026-12-07"));
  ASSERT_TRUE(s.ensure_current());
  const auto before = agenda(s);
  const auto* exam = find(before, "JP2026000002A", "jp.examination");
  ASSERT_NE(exam, nullptr);
  ASSERT_GT(exam->task.due, find(before, "JP2026000002A", "paris.priority")->task.due);
  auto w = s.waive("JP2026000002A", "paris.priority", "no foreign filing: no market abroad");
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->task.status, docket::TaskStatus::kWaived);
  for (int pass = 0; pass < 2; ++pass) {  // as waived, and after a full recomputation
    const auto after = agenda(s);
    EXPECT_NE(find(after, "JP2026000002A", "jp.examination"), nullptr) << "pass " << pass;
    EXPECT_EQ(after.size(), before.size()) << "pass " << pass;
    EXPECT_FALSE(s.show("JP2026000002A")->lapse.has_value()) << "pass " << pass;
    s.recompute_all();
  }
}

TEST_P(DocketServiceTest, MissedOnlyAfterTheLastDay) {
  auto rules = configured();
  const auto on = [&](const char* today) {
    DocketService s(*db_, rules, "tester", d(today));
    s.ensure_current();
    return find(agenda(s), "JP2026000002A", "paris.priority")->status;
  };
  EXPECT_EQ(on("2027-02-01"), docket::TaskStatus::kOpen);    // the due day itself (no grace period)
  EXPECT_EQ(on("2027-02-02"), docket::TaskStatus::kMissed);  // the day after
  DocketService s(*db_, rules, "tester", d("2027-02-02"));
  DocketQuery missed;
  missed.status = "missed";
  const auto list = agenda(s, missed);
  EXPECT_NE(find(list, "JP2026000002A", "paris.priority"), nullptr);
  EXPECT_EQ(find(list, "JP2026000001A", "paris.priority"), nullptr);  // due 2027-03-01: still open
  DocketQuery open;
  open.status = "open";
  EXPECT_NE(find(agenda(s, open), "JP2026000001A", "paris.priority"), nullptr);
  EXPECT_EQ(find(agenda(s, open), "JP2026000002A", "paris.priority"), nullptr);
}

TEST_P(DocketServiceTest, ChangedRuleBookVersionRecomputesEveryTaskBeforeAnyRead) {
  auto rules = configured();
  {
    DocketService s(*db_, rules, "tester", d("2026-12-07"));
    s.ensure_current();
  }
  // A stored task made stale behind the service's back, and the versions
  // of another rule book.
  sql("UPDATE docket_task SET due = '2030-01-01' WHERE task_key = 'paris.priority'");
  sql("UPDATE docket_state SET rules_version = 'an-older-rule-book'");
  DocketService s(*db_, rules, "tester", d("2026-12-07"));
  EXPECT_FALSE(s.current());
  EXPECT_TRUE(s.ensure_current());
  EXPECT_TRUE(s.current());
  EXPECT_EQ(find(agenda(s), "JP2026000001A", "paris.priority")->task.due, d("2027-03-01"));
  // The same for the calendars.
  sql("UPDATE docket_task SET due = '2030-01-01' WHERE task_key = 'paris.priority'");
  sql("UPDATE docket_state SET calendars_version = 'older-calendars'");
  EXPECT_TRUE(s.ensure_current());
  EXPECT_EQ(find(agenda(s), "JP2026000002A", "paris.priority")->task.due, d("2027-02-01"));
}

TEST_P(DocketServiceTest, RecomputeReplacesOpenTasksAndKeepsDoneOnesWithWhatWasPaid) {
  auto v1 = test_engine("v1");
  DocketService s(*db_, v1, "tester", d("2027-03-20"));
  s.ensure_current();
  DocketDoneRequest r{"JP2026000001A", "fee.1", "2027-02-20", "9500", "RCPT-1", false, ""};
  auto done = s.done(r);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->decision.fee_paid, 9500);
  EXPECT_EQ(done->decision.fee_expected, 10000);
  EXPECT_EQ(done->decision.fee_table, "T/old@2020-01-01");
  ASSERT_EQ(done->warnings.size(), 1u);  // a different amount: recorded as given, with a warning
  EXPECT_NE(done->warnings[0].find("10000"), std::string::npos) << done->warnings[0];
  EXPECT_EQ(done->task.status, docket::TaskStatus::kDone);

  // A new rule book whose table applies to every task: the open tasks take
  // it, the done one keeps the table it was done under.
  auto v2 = test_engine("v2", true);
  DocketService s2(*db_, v2, "tester", d("2027-03-20"));
  EXPECT_TRUE(s2.ensure_current());
  auto shown = s2.show("JP2026000001A");
  ASSERT_TRUE(shown.ok());
  const auto& tasks = shown->tasks;
  const DocketTaskView* f1 = find(tasks, "JP2026000001A", "fee.1");
  const DocketTaskView* f2 = find(tasks, "JP2026000001A", "fee.2");
  ASSERT_NE(f1, nullptr);
  ASSERT_NE(f2, nullptr);
  EXPECT_EQ(f1->status, docket::TaskStatus::kDone);
  EXPECT_EQ(f1->task.fee->table, "T/old@2020-01-01");
  EXPECT_EQ(f1->task.fee->amount, 10000);
  EXPECT_EQ(f2->task.fee->table, "T/new@2027-04-01");
  EXPECT_EQ(f2->task.fee->amount, 12000);
  ASSERT_EQ(shown->decisions.size(), 1u);
  EXPECT_EQ(shown->decisions[0].fee_paid, 9500);
  EXPECT_EQ(shown->decisions[0].reference, "RCPT-1");
  // The change history has it.
  const auto changes = list_changes(*db_, {"patent", "JP2026000001A", 10});
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.front().action, "docket.done");
  // A recomputation of the patent alone keeps it too, and changes the
  // open task's sequence only when it changed.
  auto again = s2.recompute(patent_id("JP2026000001A"));
  ASSERT_TRUE(again.ok());
  const auto after = s2.show("JP2026000001A").value();
  EXPECT_EQ(find(after.tasks, "JP2026000001A", "fee.1")->task.fee->table, "T/old@2020-01-01");
  EXPECT_EQ(find(after.tasks, "JP2026000001A", "fee.2")->sequence, f2->sequence);
}

// The real rule book: a stored annual-fee task recorded done without a fee
// defaults to the fee in force that day. (The stored task did not keep its
// fee year, the fee table's row, so every JP annual fee was refused with
// no_fee_table: `done` now takes the year from the rules' computation.)
TEST_P(DocketServiceTest, DoneAnnualFeeOfTheRealRuleBookDefaultsToTheTableRow) {
  // Filed 2020-03-02, granted 2023-06-01 with 5 claims, owned by C-0001 (a company: no reduction).
  // Year 4 fell due on 2026-06-01 (missed); year 5 is due 2027-06-01, its window open on 2026-12-07.
  std::istringstream line(testing::patent_lines({testing::patent("JP2020000009A").filed("2020-03-02").owner("C-0001")
      .status("granted").extra(R"(,"grant_number":"7000009","grant_date":"2023-06-01","claims":5)")}));
  ASSERT_TRUE(RegistryService(*db_).import_patents(line, FileFormat::kJsonl, {}).written);
  DocketService s(*db_, configured(), "tester", d("2026-12-07"));
  EXPECT_TRUE(s.ensure_current());  // every task computed
  const auto tasks = agenda(s);
  const DocketTaskView* y5 = find(tasks, "JP2020000009A", "jp.annual.5");
  ASSERT_NE(y5, nullptr);
  EXPECT_EQ(y5->status, docket::TaskStatus::kOpen);
  EXPECT_EQ(y5->task.due, d("2027-06-01"));
  // The table from 2022-04-01, years 4-6: 10,300 + 800 a claim; 5 claims: 10,300 + 4,000 = 14,300 yen.
  ASSERT_TRUE(y5->task.fee.has_value());
  EXPECT_EQ(y5->task.fee->amount, 14300);
  auto done = s.done({"JP2020000009A", "jp.annual.5", "2026-12-07", "", "RCPT-1", false, ""});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->decision.fee_paid, 14300);
  EXPECT_EQ(done->decision.fee_expected, 14300);
  EXPECT_EQ(done->decision.fee_table, "JP/annual@2022-04-01");
  EXPECT_TRUE(done->warnings.empty());
  EXPECT_EQ(done->task.status, docket::TaskStatus::kDone);
}

TEST_P(DocketServiceTest, DoneFeeDefaultsToTheTableInForceThatDay) {
  auto rules = test_engine("v1");
  DocketService s(*db_, rules, "tester", d("2027-04-05"));
  s.ensure_current();
  // fee.1 of JP2026000002A is due 2027-02-01; paid in grace on 2027-04-01:
  // the new table's late amount.
  auto done = s.done({"JP2026000002A", "fee.1", "2027-04-01", "", "", false, ""});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->decision.fee_paid, 24000);
  EXPECT_EQ(done->decision.fee_table, "T/new@2027-04-01");
  EXPECT_TRUE(done->warnings.empty());
  // The day before the new table: the old one's.
  auto other = s.done({"JP2026000001A", "fee.1", "2027-03-31", "", "", false, ""});
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ(other->decision.fee_paid, 20000);  // in grace (due 2027-03-01): the late amount
  EXPECT_EQ(other->decision.fee_table, "T/old@2020-01-01");
}

TEST_P(DocketServiceTest, RefusalsNameTheFieldAndChangeNothing) {
  auto rules = test_engine("v1");
  DocketService s(*db_, rules, "tester", d("2027-03-20"));
  s.ensure_current();
  const std::string before = testing::dump_content(*db_);
  const auto refused = [&](Result<DocketDecisionResult> r, const char* code, const char* field) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << code;
  };
  refused(s.done({"JP2026000001A", "no.such", "2027-03-10", "", "", false, ""}), "unknown_task", "task");
  refused(s.done({"JP2026000001A", "fee.1", "2027-13-10", "", "", false, ""}), "bad_date", "date");
  refused(s.done({"JP2026000001A", "fee.1", "2027-03-21", "", "", false, ""}), "bad_date", "date");  // after today
  refused(s.done({"JP2026000001A", "fee.1", "2027-03-10", "-5", "", false, ""}), "bad_amount", "fee");
  refused(s.done({"JP2026000001A", "fee.1", "2027-03-10", "", "", true, ""}), "not_recoverable", "recoverable");
  refused(s.done({"JP2099000001A", "fee.1", "2027-03-10", "", "", false, ""}), "unknown_patent", "number");
  refused(s.waive("JP2026000001A", "fee.1", " "), "missing_reason", "reason");
  refused(s.undo("JP2026000001A", "fee.1", "oops"), "nothing_to_undo", "task");
  refused(s.done({"JP2026000001A", "fee.1", "2027-03-10", "", "", false, ""}, "U-KYOTO"), "unknown_patent", "number");
}

TEST_P(DocketServiceTest, WaiveEndsLaterTasksAndUndoBringsThemBack) {
  auto rules = test_engine("v1");
  DocketService s(*db_, rules, "tester", d("2026-12-07"));
  s.ensure_current();
  ASSERT_NE(find(agenda(s), "JP2026000001A", "fee.2"), nullptr);
  auto w = s.waive("JP2026000001A", "fee.1", "not worth keeping");
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->task.status, docket::TaskStatus::kWaived);
  const auto listed = agenda(s);
  EXPECT_EQ(find(listed, "JP2026000001A", "fee.2"), nullptr);     // ended
  EXPECT_NE(find(listed, "JP2026000001A", "fee.1"), nullptr);     // listed as waived
  EXPECT_NE(find(listed, "JP2026000002A", "fee.2"), nullptr);     // other applications untouched
  // A full recomputation does not bring it back.
  s.recompute_all();
  EXPECT_EQ(find(agenda(s), "JP2026000001A", "fee.2"), nullptr);
  // The application lapses after the waived task's grace period.
  auto shown = s.show("JP2026000001A").value();
  ASSERT_TRUE(shown.lapse.has_value());
  EXPECT_EQ(shown.lapse->task, "fee.1");
  EXPECT_EQ(shown.lapse->after, d("2027-09-01"));
  EXPECT_FALSE(shown.lapse->lapsed);
  EXPECT_TRUE(DocketService(*db_, rules, "tester", d("2027-09-02")).show("JP2026000001A")->lapse->lapsed);
  // A waived task cannot be done; undo is a new record and reopens it.
  EXPECT_EQ(s.done({"JP2026000001A", "fee.1", "2026-12-01", "", "", false, ""}).error().code, "task_decided");
  auto u = s.undo("JP2026000001A", "fee.1", "decided too early");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->decision.undoes_id, w->decision.id);
  EXPECT_EQ(u->task.status, docket::TaskStatus::kOpen);
  EXPECT_NE(find(agenda(s), "JP2026000001A", "fee.2"), nullptr);
  const auto decisions = s.show("JP2026000001A")->decisions;
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].action, "waive");
  EXPECT_EQ(decisions[1].action, "undo");
  EXPECT_FALSE(s.show("JP2026000001A")->lapse.has_value());
  // Decisions cannot be changed or deleted.
  EXPECT_ANY_THROW(sql("DELETE FROM docket_decision"));
  EXPECT_ANY_THROW(sql("UPDATE docket_decision SET reason = 'x'"));
  const auto changes = list_changes(*db_, {"patent", "JP2026000001A", 10});
  ASSERT_GE(changes.size(), 2u);
  EXPECT_EQ(changes[0].action, "docket.undo");
  EXPECT_EQ(changes[1].action, "docket.waive");
}

TEST_P(DocketServiceTest, ScopedByInstitutionAndPagedSoonestFirst) {
  auto rules = test_engine("v1");
  DocketService s(*db_, rules, "tester", d("2026-12-07"));
  s.ensure_current();
  DocketQuery kyoto;
  kyoto.institution = "U-KYOTO";
  std::vector<std::string> numbers;
  for (const auto& t : agenda(s, kyoto)) numbers.push_back(t.number);
  // U-KYOTO's own patent and the co-owned one, never U-TOKYO's alone.
  EXPECT_EQ(std::count(numbers.begin(), numbers.end(), "JP2026000001A"), 0);
  EXPECT_EQ(std::count(numbers.begin(), numbers.end(), "JP2026000002A"), 2);
  EXPECT_EQ(std::count(numbers.begin(), numbers.end(), "JP2026000003A"), 2);
  // The co-owned patent's fee split by share.
  const DocketTaskView* shared = find(agenda(s, kyoto), "JP2026000003A", "fee.1");
  ASSERT_NE(shared, nullptr);
  ASSERT_EQ(shared->shares.size(), 2u);
  EXPECT_EQ(shared->shares[0].amount, 5000);
  EXPECT_EQ(shared->shares[1].amount, 5000);
  DocketQuery unknown;
  unknown.institution = "U-NOWHERE";
  EXPECT_EQ(s.list(unknown, {}).error().code, "unknown_institution");
  // Pages of 2, soonest first, then by id: the same as one page.
  std::vector<std::string> paged, whole;
  for (const auto& t : agenda(s)) whole.push_back(t.number + t.task.key);
  PageRequest p{"", 2};
  for (;;) {
    auto page = s.list({}, p).value();
    for (const auto& t : page.items) paged.push_back(t.number + t.task.key);
    if (page.next.empty()) break;
    p.after = page.next;
  }
  EXPECT_EQ(paged, whole);
  EXPECT_EQ(whole.size(), 6u);
  EXPECT_EQ(s.list({}, PageRequest{"garbage", 2}).error().field, "after");
  // Filters: kind, jurisdiction and dates.
  DocketQuery window;
  window.from = d("2027-02-05");
  window.to = d("2027-03-01");
  const auto in_window = agenda(s, window);
  ASSERT_EQ(in_window.size(), 2u);
  EXPECT_EQ(in_window[0].number, "JP2026000003A");
  EXPECT_EQ(in_window[1].number, "JP2026000001A");
  DocketQuery us;
  us.jurisdiction = "US";
  EXPECT_TRUE(agenda(s, us).empty());
}

TEST_P(DocketServiceTest, AggregatorPaysUnderAssignmentAndMayRecoverTheFee) {
  // JP2026000001A aggregated under an assignment, in package PKG-A.
  sql("INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) SELECT p.id, i.id, "
      "'assignment', '2026-06-01', 'test' FROM patent p, institution i WHERE p.application_number = "
      "'JP2026000001A' AND i.code = 'AGG-JST'");
  sql("INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', "
      "'2026-06-01')");
  sql("INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-B', 'Cells', 'marketed', "
      "'2026-06-01')");
  for (const char* pkg : {"PKG-A", "PKG-B"}) {
    sql(std::string("INSERT INTO package_member (package_id, patent_id, role, weight, added_on) SELECT k.id, p.id, "
                    "'core', 1, '2026-06-01' FROM package k, patent p WHERE k.code = '") +
        pkg + "' AND p.application_number = 'JP2026000001A'");
  }
  auto rules = test_engine("v1");
  DocketService s(*db_, rules, "tester", d("2027-03-20"));
  s.ensure_current();
  const auto tasks = s.show("JP2026000001A")->tasks;
  const DocketTaskView* t = find(tasks, "JP2026000001A", "fee.1");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->shares.size(), 2u);
  EXPECT_EQ(t->shares[0].institution, "AGG-JST");
  EXPECT_TRUE(t->shares[0].pays);
  EXPECT_EQ(t->shares[0].amount, 10000);
  EXPECT_EQ(t->shares[1].institution, "U-TOKYO");
  EXPECT_FALSE(t->shares[1].pays);
  // The aggregator sees it in its agenda.
  DocketQuery agg;
  agg.institution = "AGG-JST";
  EXPECT_EQ(agenda(s, agg).size(), 2u);

  auto done = s.done({"JP2026000001A", "fee.1", "2027-03-10", "10001", "RCPT-9", true, ""});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(done->decision.recoverable);
  // Split over the two packages, as their recoverable costs for the ledger.
  SchemeSettings settings;
  auto a = ProjectService(*db_, settings, "tester").outstanding_recoverable_costs("PKG-A");
  auto b = ProjectService(*db_, settings, "tester").outstanding_recoverable_costs("PKG-B");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->total + b->total, 10001);
  EXPECT_EQ(a->total, 5001);  // the unit left over to the first package (largest remainder, ties by code)
  ASSERT_EQ(a->items.size(), 1u);
  EXPECT_EQ(a->items[0].date, d("2027-03-10"));
  EXPECT_NE(a->items[0].docket_cost_id, 0);
  // Undone: no longer a cost to recover.
  ASSERT_TRUE(s.undo("JP2026000001A", "fee.1", "paid by the university after all").ok());
  EXPECT_EQ(ProjectService(*db_, settings, "tester").outstanding_recoverable_costs("PKG-A")->total, 0);
}

TEST_P(DocketServiceTest, SubscriptionsKeepOnlyTheSecretsHash) {
  sql("INSERT INTO api_user (name, role, institution_id, created_at) SELECT 'kyoto', 'ip_manager', id, "
      "'2026-12-01T00:00:00Z' FROM institution WHERE code = 'U-KYOTO'");
  DocketService s(*db_, nullptr, "tester", d("2026-12-07"));
  auto issued = s.create_subscription("kyoto");
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_EQ(testing::dump_content(*db_).find(issued->secret), std::string::npos);
  auto owner = calendar_subscription_owner(*db_, issued->secret);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->user, "kyoto");
  EXPECT_EQ(owner->institution, "U-KYOTO");
  EXPECT_FALSE(calendar_subscription_owner(*db_, issued->secret + "x").has_value());
  EXPECT_EQ(s.create_subscription("nobody").error().code, "unknown_user");
  ASSERT_EQ(s.list_subscriptions("kyoto")->size(), 1u);
  EXPECT_EQ(s.revoke_subscription(issued->id, "someone-else").error().code, "unknown_subscription");
  ASSERT_TRUE(s.revoke_subscription(issued->id).ok());
  EXPECT_FALSE(calendar_subscription_owner(*db_, issued->secret).has_value());
  EXPECT_TRUE(s.list_subscriptions("kyoto")->front().revoked_at.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, DocketServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
