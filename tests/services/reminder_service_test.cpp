// The daily reminder digest on SQLite and PostgreSQL (services/
// reminder_service.h) with a fake relay: which tasks each user is told
// about (horizons, once per task and horizon, missed once, scope, done and
// waived left out, users without an address or disabled skipped), that a
// failed send records nothing, and that a dry run records nothing.
//
// The tasks come from a small engine of the test's own: "fee.1" due 12
// months after filing with 6 months' grace, "fee.2" due 24 months after;
// 10,000 JPY when due before 2027-04-01.
#include "services/reminder_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "docket/reminder.h"
#include "registry_fixture.h"
#include "services/auth_service.h"
#include "services/docket_service.h"
#include "store/lookup.h"
#include "store/reminder_store.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

// JP2025000004A filed 2025-01-15 by U-TOKYO: fee.1 due 2026-01-15, grace
//   to 2026-07-15; fee.2 due 2027-01-15, grace to 2027-07-15.
// JP2026000001A filed 2026-03-01 by U-TOKYO: fee.1 due 2027-03-01.
// JP2026000002A filed 2026-02-01 by U-KYOTO: fee.1 due 2027-02-01.
// JP2026000003A filed 2026-02-10 by U-TOKYO 1/2 + U-KYOTO 1/2: fee.1 due 2027-02-10.
// (Every fee.2 of the 2026 filings is due in 2028: beyond 90 days.)
std::string patents() {
  return testing::patent_lines(
      {testing::patent("JP2025000004A").filed("2025-01-15").owner("U-TOKYO"),
       testing::patent("JP2026000001A").filed("2026-03-01").owner("U-TOKYO"),
       testing::patent("JP2026000002A").filed("2026-02-01").owner("U-KYOTO"),
       testing::patent("JP2026000003A").filed("2026-02-10").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2")});
}

std::shared_ptr<DocketRules> engine() {
  auto r = std::make_shared<DocketRules>();
  r->rules_version = "reminder-test";
  r->calendars_version = "none";
  r->compute = [](const docket::Application& app) -> Result<std::vector<docket::Task>> {
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
      docket::Fee f;
      f.amount = t.due < d("2027-04-01") ? 10000 : 12000;
      f.late_amount = 2 * f.amount;
      f.currency = "JPY";
      f.table = "T";
      t.fee = f;
      out.push_back(t);
    }
    return out;
  };
  r->fee_on = [](const docket::Application&, const docket::Task& t, Date) -> Result<docket::Fee> { return *t.fee; };
  return r;
}

// A relay that keeps what it is given; refuses the addresses in `refuse`.
class FakeRelay : public MailSender {
 public:
  Status send(const MailOut& m) override {
    if (refuse.count(m.to)) {
      return make_error(ErrorKind::kUnavailable, "mail_failed", "550 mailbox unavailable: " + m.to);
    }
    sent.push_back(m);
    return {};
  }
  std::vector<MailOut> sent;
  std::set<std::string> refuse;
};

// "number task horizon" of each reminder of a digest, in order.
std::vector<std::string> lines(const ReminderDigest& digest) {
  std::vector<std::string> out;
  for (const auto& r : digest.reminders) out.push_back(r.task.number + " " + r.task.key + " " + r.horizon);
  return out;
}

class ReminderServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "C-0001"}), patents(), 4);
    AuthService auth(*db_);
    ASSERT_TRUE(auth.add_user("alice", "admin", "", "alice@agg.example.jp"));
    ASSERT_TRUE(auth.add_user("tokyo-ip", "ip_manager", "U-TOKYO", "ip@u-tokyo.example.jp"));
    ASSERT_TRUE(auth.add_user("kyoto-view", "institution_viewer", "U-KYOTO", "view@u-kyoto.example.jp"));
    ASSERT_TRUE(auth.add_user("fin", "finance", ""));  // no address: no digest
    ASSERT_TRUE(auth.add_user("gone", "admin", "", "gone@agg.example.jp"));
    ASSERT_TRUE(auth.set_disabled("gone", true));  // disabled: no digest
    DocketService(*db_, engine(), "tester", d("2027-01-07")).ensure_current();
  }

  ReminderRun run(const char* today, MailSender* relay, ReminderMode mode = ReminderMode::kSend) {
    return ReminderService(*db_, d(today)).run({90, 30, 7}, mode, relay);
  }

  static const ReminderDigest* of(const ReminderRun& r, const std::string& user) {
    for (const auto& x : r.digests) {
      if (x.user == user) return &x;
    }
    return nullptr;
  }

  long long records() { return static_cast<long long>(ReminderStore(*db_).records(0).size()); }
};

// On 2027-01-07 (horizons 90, 30, 7):
//   JP2025000004A fee.1: last day 2026-07-15 passed      -> missed
//   JP2025000004A fee.2: due in 8 days (2027-01-15)      -> 30 (8 > 7)
//   JP2026000002A fee.1: due in 25 days (24 left in January + 1) -> 30
//   JP2026000003A fee.1: due in 34 days                  -> 90
//   JP2026000001A fee.1: due in 53 days (24 + 28 + 1)    -> 90
// alice (admin) sees all five; tokyo-ip the U-TOKYO ones (JP2025000004A,
// JP2026000003A, JP2026000001A); kyoto-view JP2026000002A and JP2026000003A.
TEST_P(ReminderServiceTest, EachUserGetsItsScopesTasksUnderTheirHorizonSoonestFirst) {
  FakeRelay relay;
  const ReminderRun r = run("2027-01-07", &relay);
  EXPECT_EQ(r.users, 3);  // alice, kyoto-view, tokyo-ip: fin has no address, gone is disabled
  EXPECT_EQ(r.messages, 3);
  EXPECT_EQ(r.tasks, 5 + 4 + 2);
  EXPECT_EQ(r.failed, 0);
  ASSERT_EQ(relay.sent.size(), 3u);
  const ReminderDigest* alice = of(r, "alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(lines(*alice), (std::vector<std::string>{"JP2025000004A fee.1 missed", "JP2025000004A fee.2 30",
                                                      "JP2026000002A fee.1 30", "JP2026000003A fee.1 90",
                                                      "JP2026000001A fee.1 90"}));
  EXPECT_TRUE(alice->sent);
  EXPECT_EQ(lines(*of(r, "tokyo-ip")),
            (std::vector<std::string>{"JP2025000004A fee.1 missed", "JP2025000004A fee.2 30",
                                      "JP2026000003A fee.1 90", "JP2026000001A fee.1 90"}));
  EXPECT_EQ(lines(*of(r, "kyoto-view")),
            (std::vector<std::string>{"JP2026000002A fee.1 30", "JP2026000003A fee.1 90"}));
  EXPECT_EQ(of(r, "fin"), nullptr);
  EXPECT_EQ(of(r, "gone"), nullptr);
  // The message to alice: her address, the count in the subject, both languages.
  const MailOut& m = relay.sent[0];  // by user name: alice first
  EXPECT_EQ(m.to, "alice@agg.example.jp");
  EXPECT_EQ(m.subject, "[Chizai] 期限のお知らせ 5件 / Docket reminder: 5 tasks (2027-01-07)");
  EXPECT_NE(m.body.find("1. JP2025000004A  annual_fee (fee 1)"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("猶予期間の最終日 / last day of grace: 2026-07-15"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("料金 / fee: 10,000 JPY"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("5. JP2026000001A"), std::string::npos) << m.body;
  EXPECT_EQ(records(), 11);
}

TEST_P(ReminderServiceTest, OncePerTaskAndHorizonThenAgainInTheNextHorizon) {
  FakeRelay relay;
  run("2027-01-07", &relay);
  ASSERT_EQ(records(), 11);
  // The same day again: nothing new, no message.
  const ReminderRun again = run("2027-01-07", &relay);
  EXPECT_EQ(again.messages, 0);
  EXPECT_EQ(again.tasks, 0);
  EXPECT_TRUE(again.digests.empty());
  EXPECT_EQ(relay.sent.size(), 3u);
  // 2027-01-09: JP2025000004A fee.2 is due in 6 days: it enters 7. The
  // others stay in the horizon they were reminded under (JP2026000002A
  // fee.1: 23 days, 30; the missed one: missed).
  const ReminderRun later = run("2027-01-09", &relay);
  EXPECT_EQ(later.messages, 2);
  EXPECT_EQ(lines(*of(later, "alice")), (std::vector<std::string>{"JP2025000004A fee.2 7"}));
  EXPECT_EQ(lines(*of(later, "tokyo-ip")), (std::vector<std::string>{"JP2025000004A fee.2 7"}));
  EXPECT_EQ(of(later, "kyoto-view"), nullptr);
  // 2027-01-20: JP2025000004A fee.2 is in its grace period (due 5 days
  // ago, last day 2027-07-15): still 7, reminded already. JP2026000003A
  // fee.1 is due in 21 days: it enters 30 (everyone sees it).
  // JP2026000002A fee.1 (12 days) stays in 30, JP2026000001A (40) in 90.
  const ReminderRun jan20 = run("2027-01-20", &relay);
  EXPECT_EQ(jan20.messages, 3);
  EXPECT_EQ(lines(*of(jan20, "alice")), (std::vector<std::string>{"JP2026000003A fee.1 30"}));
  EXPECT_EQ(lines(*of(jan20, "kyoto-view")), (std::vector<std::string>{"JP2026000003A fee.1 30"}));
  // 2027-07-16, a run after months without one: fee.2's last day has
  // passed (missed, once); the three fee.1 tasks are past due, in grace
  // (last days 2027-08-01, -08-10, -09-01): under 7, not sent before.
  const ReminderRun missed = run("2027-07-16", &relay);
  EXPECT_EQ(lines(*of(missed, "alice")),
            (std::vector<std::string>{"JP2025000004A fee.2 missed", "JP2026000002A fee.1 7", "JP2026000003A fee.1 7",
                                      "JP2026000001A fee.1 7"}));
  EXPECT_EQ(run("2027-07-17", &relay).messages, 0);
}

TEST_P(ReminderServiceTest, DoneAndWaivedTasksAreNeverReminded) {
  DocketService s(*db_, engine(), "tester", d("2027-01-07"));
  ASSERT_TRUE(s.done({"JP2026000003A", "fee.1", "2027-01-05", "", "", false, ""}));
  ASSERT_TRUE(s.waive("JP2025000004A", "fee.1", "let it lapse"));  // ends fee.2 too
  FakeRelay relay;
  const ReminderRun r = run("2027-01-07", &relay);
  EXPECT_EQ(lines(*of(r, "alice")),
            (std::vector<std::string>{"JP2026000002A fee.1 30", "JP2026000001A fee.1 90"}));
  EXPECT_EQ(lines(*of(r, "tokyo-ip")), (std::vector<std::string>{"JP2026000001A fee.1 90"}));
  EXPECT_EQ(lines(*of(r, "kyoto-view")), (std::vector<std::string>{"JP2026000002A fee.1 30"}));
}

TEST_P(ReminderServiceTest, AFailedSendRecordsNothingForThatUserAndTheRunGoesOn) {
  FakeRelay relay;
  relay.refuse = {"ip@u-tokyo.example.jp"};
  const ReminderRun r = run("2027-01-07", &relay);
  EXPECT_EQ(r.messages, 2);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(r.tasks, 5 + 2);
  const ReminderDigest* tokyo = of(r, "tokyo-ip");
  ASSERT_NE(tokyo, nullptr);
  EXPECT_FALSE(tokyo->sent);
  EXPECT_NE(tokyo->error.find("550 mailbox unavailable"), std::string::npos) << tokyo->error;
  EXPECT_EQ(records(), 7);  // alice's 5 and kyoto-view's 2
  // The next run sends tokyo-ip its four, and only those.
  relay.refuse.clear();
  const ReminderRun next = run("2027-01-07", &relay);
  EXPECT_EQ(next.messages, 1);
  EXPECT_EQ(next.tasks, 4);
  EXPECT_EQ(records(), 11);
}

TEST_P(ReminderServiceTest, ADryRunComposesEveryMessageAndRecordsNothing) {
  const std::string before = testing::dump_content(*db_);
  const ReminderRun r = run("2027-01-07", nullptr, ReminderMode::kDryRun);
  EXPECT_EQ(r.messages, 3);
  EXPECT_EQ(r.tasks, 11);
  EXPECT_EQ(of(r, "kyoto-view")->text.subject,
            "[Chizai] 期限のお知らせ 2件 / Docket reminder: 2 tasks (2027-01-07)");
  EXPECT_FALSE(of(r, "alice")->sent);
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(ReminderServiceTest, AClaimedReminderCannotBeClaimedTwice) {
  const long long alice = find_user_id(*db_, "alice").value();
  const long long patent = find_patent_id(*db_, "JP2026000002A").value();
  const ReminderRecord rec{alice, patent, "fee.1", "30", d("2027-01-07"), d("2027-02-01"), "a@b.example", "2027-01-07T00:00:00Z"};
  {
    WriteTransaction tx(*db_);
    EXPECT_TRUE(ReminderStore(*db_).claim(rec));
    EXPECT_FALSE(ReminderStore(*db_).claim(rec));  // within the same transaction
    tx.commit();
  }
  {
    // Another connection (a second run) after the first committed.
    auto other = tdb_->open();
    WriteTransaction tx(*other);
    EXPECT_FALSE(ReminderStore(*other).claim(rec));
    ReminderRecord next = rec;
    next.horizon = "7";
    EXPECT_TRUE(ReminderStore(*other).claim(next));  // another horizon
    tx.commit();
  }
  EXPECT_EQ(records(), 2);
}

TEST_P(ReminderServiceTest, ASecondRunWaitsForTheFirstsClaimAndSkipsIt) {
  // Run A has claimed alice's reminders and is still sending (its
  // transaction open). Run B, on another connection, starts meanwhile: it
  // waits for A (SQLite: the write lock; PostgreSQL: the unique key) and,
  // once A committed, finds every reminder taken: no message of its own.
  const long long alice = find_user_id(*db_, "alice").value();
  const long long patent = find_patent_id(*db_, "JP2026000002A").value();
  const ReminderRecord rec{alice, patent, "fee.1", "30", d("2027-01-07"), d("2027-02-01"), "alice@agg.example.jp",
                           "2027-01-07T00:00:00Z"};
  auto a = tdb_->open();
  auto tx = std::make_unique<WriteTransaction>(*a);
  ASSERT_TRUE(ReminderStore(*a).claim(rec));
  std::atomic<bool> b_done{false};
  FakeRelay b_relay;
  ReminderRun b_run;
  std::thread b([&] {
    auto conn = tdb_->open();
    b_run = ReminderService(*conn, d("2027-01-07")).run({90, 30, 7}, ReminderMode::kSend, &b_relay);
    b_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(b_done);  // waiting for A
  tx->commit();
  tx.reset();
  b.join();
  // B sent alice the four others (the missed one, JP2025000004A fee.2 30,
  // and the two 90s), not the one A holds.
  const ReminderDigest* alice_b = of(b_run, "alice");
  ASSERT_NE(alice_b, nullptr);
  EXPECT_EQ(lines(*alice_b), (std::vector<std::string>{"JP2025000004A fee.1 missed", "JP2025000004A fee.2 30",
                                                        "JP2026000003A fee.1 90", "JP2026000001A fee.1 90"}));
  EXPECT_EQ(records(), 11);  // A's one + B's 10: each reminder once
}

INSTANTIATE_TEST_SUITE_P(Backends, ReminderServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

// ---- the pure rules (no database) ----------------------------------------------

TEST(ReminderRules, HorizonsAreReadLargestFirstAndRefusedWhenMalformed) {
  EXPECT_EQ(docket::parse_horizons("90,30,7").value(), (std::vector<int>{90, 30, 7}));
  EXPECT_EQ(docket::parse_horizons(" 7, 90 ,30").value(), (std::vector<int>{90, 30, 7}));
  EXPECT_EQ(docket::parse_horizons("0").value(), (std::vector<int>{0}));
  for (const char* bad : {"", "30,", "30,,7", "x", "-7", "7.5", "3651", "30,30"}) {
    auto r = docket::parse_horizons(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "bad_horizons");
    EXPECT_EQ(r.error().field, "docket.reminder_horizons");
  }
}

TEST(ReminderRules, TheSmallestHorizonHoldingTheDaysLeftAndMissedAfterTheLastDay) {
  const std::vector<int> h{90, 30, 7};
  docket::ReminderTask t;
  t.due = d("2027-02-01");
  t.last_day = d("2027-03-01");
  const auto on = [&](const char* today) { return docket::reminder_horizon(t, h, d(today)).value_or("-"); };
  EXPECT_EQ(on("2026-11-02"), "-");       // 91 days left
  EXPECT_EQ(on("2026-11-03"), "90");      // 90
  EXPECT_EQ(on("2027-01-01"), "90");      // 31 days left
  EXPECT_EQ(on("2027-01-02"), "30");      // 30
  EXPECT_EQ(on("2027-01-25"), "7");       // 7
  EXPECT_EQ(on("2027-02-01"), "7");       // due today
  EXPECT_EQ(on("2027-03-01"), "7");       // the last day of grace: not missed yet
  EXPECT_EQ(on("2027-03-02"), "missed");  // the day after
}

}  // namespace
}  // namespace chizai
