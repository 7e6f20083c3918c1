// Payments in, routed out, on SQLite and PostgreSQL: a payment applied to
// the oldest open invoices and distributed in one journal entry (cost
// recovery, the aggregator, one payable line per patent and owner), FX
// payments, idempotent references, payouts, append-only tables and the
// ledger's invariants, with a fixed-seed property test. Agreements are
// written with plain SQL and invoices with issue_invoice, so these tests do
// not depend on the agreements slice.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "io/digest.h"
#include "ledger/journal.h"
#include "licensing/royalty.h"
#include "render/statement.h"
#include "render/statement_print.h"
#include "services/aggregation_service.h"
#include "services/close_service.h"
#include "services/fx_service.h"
#include "services/history.h"
#include "services/ownership_service.h"
#include "services/package_service.h"
#include "services/payment_service.h"
#include "services/project_service.h"
#include "services/receivables_service.h"
#include "services/registry_service.h"
#include "store/invoice_store.h"
#include "store/journal_store.h"
#include "page_walk.h"
#include "registry_fixture.h"
#include "store/session.h"

namespace chizai {
namespace {

using testing::TestDb;

Date d(const char* s) { return Date::parse(s).value(); }

constexpr const char* kP1 = "JP2020000001A";  // U-TOKYO 1
constexpr const char* kP2 = "JP2020000002A";  // U-KYOTO, U-OSAKA, U-TOHOKU 1/3 each
constexpr const char* kP3 = "JP2020000003A";  // U-HOKKAIDO, U-NAGOYA 1/2 each
constexpr const char* kP4 = "JP2020000004A";  // U-TOKYO 1/2, C-0002 (a company) 1/2

// One institution line each (reordered by the shuffled world).
const std::vector<std::string> kInstitutionLines = {
    testing::institutions({"AGG-JST"}),
    testing::institutions({"U-TOKYO"}),
    testing::institutions({"U-KYOTO"}),
    testing::institutions({"U-OSAKA"}),
    testing::institution("U-TOHOKU", "university", "Tohoku University"),
    testing::institution("U-NAGOYA", "university", "Nagoya University"),
    testing::institution("U-HOKKAIDO", "university", "Hokkaido University"),
    testing::institutions({"C-0001"}),
    testing::company("C-0002", "Fuji Kagaku K.K."),
};

struct PatentSpec {
  std::string number;
  std::vector<std::pair<std::string, std::string>> owners;  // (code, share)
  std::string inventor_institution;
};

// The issue's three patents (owners deliberately out of code order) and a
// fourth co-owned with a company.
std::vector<PatentSpec> patent_specs() {
  return {
      {kP1, {{"U-TOKYO", "1"}}, "U-TOKYO"},
      {kP2, {{"U-TOHOKU", "1/3"}, {"U-OSAKA", "1/3"}, {"U-KYOTO", "1/3"}}, "U-KYOTO"},
      {kP3, {{"U-NAGOYA", "1/2"}, {"U-HOKKAIDO", "1/2"}}, "U-NAGOYA"},
      {kP4, {{"U-TOKYO", "1/2"}, {"C-0002", "1/2"}}, "U-TOKYO"},
  };
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

std::string patents_jsonl(const std::vector<PatentSpec>& specs) {
  std::string out;
  for (const auto& p : specs) {
    testing::PatentRecord record = testing::patent(p.number);
    for (const auto& [code, share] : p.owners) record.owner(code, share);
    out += record.inventor("Yamada Taro", p.inventor_institution).line();
  }
  return out;
}

// ---- plain-SQL and store helpers (no agreements service) ---------------------------------

void exec(Database& db, const std::string& sql) { soci_session(db) << sql; }

// An agreement on `patents` (weight 1 each), licensee C-0001, from 2026-04-01.
void add_agreement(Database& db, const std::string& reference, const std::string& currency,
                   const std::vector<std::string>& patents, const std::string& package_code = "",
                   const std::string& policy = "default") {
  testing::insert_agreement(db, {.reference = reference,
                                 .package = package_code,
                                 .territory = {"JP"},
                                 .patents = patents,
                                 .field = "all fields",
                                 .starts_on = "2026-04-01",
                                 .ends_on = "2031-03-31",
                                 .currency = currency,
                                 .policy = policy});
}

long long add_invoice(Database& db, const std::string& agreement, std::int64_t amount, const char* on,
                      const std::string& type = "running_royalty") {
  WriteTransaction tx(db);
  InvoiceDraft draft;
  draft.agreement = agreement;
  draft.income_type = type;
  draft.issued_on = d(on);
  draft.amount_minor = amount;
  auto id = issue_invoice(db, draft);
  EXPECT_TRUE(id.ok()) << id.error().message;
  if (!id.ok()) return 0;
  tx.commit();
  return id.value();
}

PaymentRequest payment(const std::string& agreement, const char* on, std::int64_t amount,
                       const std::string& reference, const std::string& currency = "JPY",
                       const std::string& rate = "") {
  PaymentRequest r;
  r.agreement = agreement;
  r.received_on = d(on);
  r.amount_minor = amount;
  r.reference = reference;
  r.currency = currency;
  r.fx_rate = rate;
  return r;
}

// (kind, patent or package, institution) → amount, over a payment's lines.
using LineKey = std::tuple<std::string, std::string, std::string>;
std::map<LineKey, std::int64_t> line_amounts(const PaymentView& v) {
  std::map<LineKey, std::int64_t> out;
  for (const auto& l : v.lines) {
    out[{l.kind, l.kind == "cost_recovery" ? l.package : l.patent, l.institution}] += l.amount_minor;
  }
  return out;
}

std::map<LineKey, std::string> line_shares(const PaymentView& v) {
  std::map<LineKey, std::string> out;
  for (const auto& l : v.lines) out[{l.kind, l.patent, l.institution}] = l.share;
  return out;
}

std::int64_t lines_total(const PaymentView& v) {
  std::int64_t total = 0;
  for (const auto& l : v.lines) total += l.amount_minor;
  return total;
}

std::map<std::string, std::int64_t> payable_map(PaymentService& s) {
  std::map<std::string, std::int64_t> out;
  for (const auto& b : s.payables()) out[b.institution] = b.balance_minor;
  return out;
}

long long count(Database& db, const std::string& table) {
  long long n = 0;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table, soci::into(n);
  return n;
}

std::int64_t account_sum(Database& db, const std::string& account, const std::string& currency = "JPY") {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT CAST(SUM(amount_minor) AS BIGINT) FROM posting WHERE account = :a AND currency = :c",
      soci::use(account), soci::use(currency), soci::into(n, ind);
  return ind == soci::i_ok ? n : 0;
}

// ---- the package with recoverable costs ---------------------------------------------------

// PKG-A = P1, P2, P3 (weight 1 each) from 2026-04-01; project SH-01 with a
// recoverable contract to U-TOKYO and three recoverable expenditures:
// 300,000 (2026-05-01), 400,000 (2026-05-15), 500,000 (2026-06-01) —
// 1,200,000 JPY outstanding.
void add_package_with_costs(Database& db) {
  PackageService packages(db, "tester");
  PackageDraft draft;
  draft.code = "PKG-A";
  draft.name_en = "Electrodes";
  draft.core = {kP1, kP2, kP3};
  draft.created_on = d("2026-04-01");
  auto created = packages.create(draft);
  ASSERT_TRUE(created.ok()) << created.error().message;
  ProjectService projects(db, SchemeSettings{}, "tester");
  ProjectRequest p;
  p.code = "SH-01";
  p.package = "PKG-A";
  p.basic_patents = {kP1};
  p.from = d("2026-04-01");
  p.to = d("2028-03-31");
  auto project = projects.create_project(p);
  ASSERT_TRUE(project.ok()) << project.error().message;
  ContractRequest c;
  c.project = "SH-01";
  c.institution = "U-TOKYO";
  c.amount_minor = 10'000'000;
  c.from = d("2026-04-01");
  c.to = d("2027-12-31");
  c.deliverable = "Prototype cell";
  c.recoverable = true;
  auto contract = projects.add_contract(c);
  ASSERT_TRUE(contract.ok()) << contract.error().message;
  for (auto [amount, on] : {std::pair<std::int64_t, const char*>{300'000, "2026-05-01"},
                            {400'000, "2026-05-15"}, {500'000, "2026-06-01"}}) {
    ExpenseRequest e;
    e.contract_id = contract.value();
    e.amount_minor = amount;
    e.date = d(on);
    auto id = projects.add_expense(e);
    ASSERT_TRUE(id.ok()) << id.error().message;
  }
}

class PaymentServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(join_lines(kInstitutionLines), patents_jsonl(patent_specs()), 4);
    if (HasFatalFailure()) return;
    policies_.write("half.properties", "cost_recovery_max_bps = 5000\n");
    policies_.write("exclude.properties", "# companies take nothing\ncompany_owners = exclude\n");
    service_ = std::make_unique<PaymentService>(*db_, SchemeSettings{}, "tester", policies_.path());
    // LIC-1: the issue's three patents, JPY, no package.
    add_agreement(*db_, "LIC-1", "JPY", {kP1, kP2, kP3});
  }

  PaymentView record(const PaymentRequest& r) {
    auto out = service_->record_payment(r);
    EXPECT_TRUE(out.ok()) << out.error().message;
    if (!out.ok()) return {};
    EXPECT_TRUE(out->recorded);
    expect_ledger_ok();
    return out->payment;
  }

  void expect_ledger_ok() {
    auto s = check_ledger(*db_);
    EXPECT_TRUE(s.ok()) << s.error().message;
  }

  // Runs a refused request: checks the message and that nothing changed.
  template <class Fn>
  void expect_refused(Fn fn, const std::string& message_part) {
    const std::string before = testing::dump_content(*db_);
    const auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected a refusal mentioning: " << message_part;
    EXPECT_NE(r.error().message.find(message_part), std::string::npos)
        << "'" << message_part << "' not in: " << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refused request changed the database";
  }

  testing::TempDir policies_;
  std::unique_ptr<PaymentService> service_;
};

// ---- the issue's worked example ----------------------------------------------------------

TEST_P(PaymentServiceTest, IssueWorkedExampleLandsInPayables) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  // 1,000,000 JPY, aggregator 1/3, three patents of equal weight: each
  // patent's part is (1 − 1/3) × 1/3 = 2/9 (tests/ledger/distribution_test.cpp):
  //   aggregator 9/27 → 333,333.33…; A U-TOKYO 6/27 → 222,222.22…;
  //   B each 2/27 → 74,074.07…; C each 3/27 → 111,111.11…
  // Floors sum to 999,999; the one yen left goes to the largest remainder,
  // the aggregator's 9/27 → 333,334.
  const PaymentView v = record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  EXPECT_EQ(v.reference, "BANK-0001");
  EXPECT_EQ(v.agreement, "LIC-1");
  EXPECT_EQ(v.licensee, "C-0001");
  EXPECT_EQ(v.package, "");
  EXPECT_EQ(v.currency, "JPY");
  EXPECT_EQ(v.amount_minor, 1'000'000);
  EXPECT_EQ(v.jpy_minor, 1'000'000);
  EXPECT_EQ(v.applied_minor, 1'000'000);
  EXPECT_EQ(v.credit_minor, 0);
  EXPECT_EQ(v.distributed_jpy_minor, 1'000'000);
  ASSERT_EQ(v.applications.size(), 1u);
  EXPECT_EQ(v.applications[0].amount_minor, 1'000'000);
  EXPECT_EQ(v.applications[0].income_type, "running_royalty");
  const auto a = line_amounts(v);
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a.at({"aggregator", "", "AGG-JST"}), 333'334);
  EXPECT_EQ(a.at({"owner", kP1, "U-TOKYO"}), 222'222);
  EXPECT_EQ(a.at({"owner", kP2, "U-KYOTO"}), 74'074);
  EXPECT_EQ(a.at({"owner", kP2, "U-OSAKA"}), 74'074);
  EXPECT_EQ(a.at({"owner", kP2, "U-TOHOKU"}), 74'074);
  EXPECT_EQ(a.at({"owner", kP3, "U-HOKKAIDO"}), 111'111);
  EXPECT_EQ(a.at({"owner", kP3, "U-NAGOYA"}), 111'111);
  const auto shares = line_shares(v);
  EXPECT_EQ(shares.at({"aggregator", "", "AGG-JST"}), "1/3");
  EXPECT_EQ(shares.at({"owner", kP1, "U-TOKYO"}), "2/9");
  EXPECT_EQ(shares.at({"owner", kP2, "U-OSAKA"}), "2/27");
  EXPECT_EQ(shares.at({"owner", kP3, "U-NAGOYA"}), "1/9");
  for (const auto& l : v.lines) EXPECT_EQ(l.income_type, "running_royalty");

  // The owners' lines land in their payables; the aggregator's in its income.
  const auto payables = payable_map(*service_);
  EXPECT_EQ(payables, (std::map<std::string, std::int64_t>{{"U-HOKKAIDO", 111'111}, {"U-KYOTO", 74'074},
                                                           {"U-NAGOYA", 111'111}, {"U-OSAKA", 74'074},
                                                           {"U-TOHOKU", 74'074}, {"U-TOKYO", 222'222}}));
  EXPECT_EQ(account_sum(*db_, "income:aggregator"), -333'334);
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001"), 0);
  EXPECT_EQ(account_sum(*db_, "liabilities:undistributed"), 0);
  EXPECT_EQ(account_sum(*db_, "assets:cash:JPY"), 1'000'000);
  // One entry: cash, receivable, undistributed and 7 distribution lines.
  EXPECT_EQ(count(*db_, "payment"), 1);
  EXPECT_EQ(count(*db_, "payment_application"), 1);
  long long postings = 0;
  soci_session(*db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM posting WHERE entry_id = :e", soci::use(v.entry_id),
      soci::into(postings);
  EXPECT_EQ(postings, 10);
  std::string kind, reference, posted;
  soci_session(*db_) << "SELECT kind, reference, posted_on FROM journal_entry WHERE id = :e", soci::use(v.entry_id),
      soci::into(kind), soci::into(reference), soci::into(posted);
  EXPECT_EQ(kind, "payment");
  EXPECT_EQ(reference, "BANK-0001");
  EXPECT_EQ(posted, "2026-07-10");
  auto log = list_changes(*db_, {"payment", "BANK-0001", 10});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "payment.record");
  EXPECT_EQ(log[0].actor, "tester");
  EXPECT_EQ(log[0].detail,
            R"({"reference":"BANK-0001","agreement":"LIC-1","received_on":"2026-07-10","currency":"JPY",)"
            R"("amount":1000000,"fx_rate":null,"jpy_amount":1000000,"applied":1000000,"credit":0,)"
            R"("distributed_jpy":1000000})");
  // Read back, the payment is the same.
  auto shown = service_->show_payment("BANK-0001");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(line_amounts(shown.value()), a);
  auto summary = verify_ledger(*db_);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->entries, 2);
  EXPECT_EQ(summary->payments, 1);
  ASSERT_EQ(summary->currencies.size(), 1u);
  // Debits: receivable 1,000,000 (invoice) + cash 1,000,000 + undistributed 1,000,000.
  EXPECT_EQ(summary->currencies[0].debits_minor, 3'000'000);
  EXPECT_EQ(summary->currencies[0].credits_minor, 3'000'000);
}

// Issue 18: the same money entered twice under a new bank reference.
TEST_P(PaymentServiceTest, ASecondPaymentOfTheSameAmountAndDayIsAProbableDuplicate) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 400'000, "BANK-0001"));
  const std::string before = testing::dump_content(*db_);
  auto again = service_->record_payment(payment("LIC-1", "2026-07-10", 400'000, "BANK-0002"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "probable_duplicate");
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().field, "confirm_duplicate");
  EXPECT_EQ(again.error().message,
            "payment BANK-0002 looks like a duplicate of payment BANK-0001 (agreement LIC-1, the same amount, "
            "received on 2026-07-10): set confirm_duplicate to record it");
  EXPECT_EQ(testing::dump_content(*db_), before);
  // Another day or amount is not a duplicate; a confirmed one is recorded.
  record(payment("LIC-1", "2026-07-11", 400'000, "BANK-0003"));
  record(payment("LIC-1", "2026-07-10", 400'001, "BANK-0004"));
  PaymentRequest confirmed = payment("LIC-1", "2026-07-10", 400'000, "BANK-0002");
  confirmed.confirm_duplicate = true;
  EXPECT_EQ(record(confirmed).reference, "BANK-0002");
  // The replay of the first is still a replay, not a duplicate.
  auto replay = service_->record_payment(payment("LIC-1", "2026-07-10", 400'000, "BANK-0001"));
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->recorded);
}

TEST_P(PaymentServiceTest, AssignedPatentPaysTheOwnersOfRecordBeforeTheAssignment) {
  // P3 (U-NAGOYA, U-HOKKAIDO 1/2 each) assigned to AGG-JST with both
  // co-owners' consent: its part still goes to them, by the snapshot.
  AggregationService aggregation(*db_, SchemeSettings{}, "tester");
  for (const char* code : {"U-NAGOYA", "U-HOKKAIDO"}) {
    ASSERT_TRUE(aggregation.add_consent(kP3, Consent{code, ConsentScope::kAssignment, d("2026-05-01")}).ok());
  }
  auto agg = aggregation.aggregate(kP3, AggregationRequest{AggregationMode::kAssignment, d("2026-05-02"), "core"});
  ASSERT_TRUE(agg.ok()) << agg.error().message;
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  const auto a = line_amounts(record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001")));
  // The same amounts as the worked example.
  EXPECT_EQ(a.at({"owner", kP3, "U-HOKKAIDO"}), 111'111);
  EXPECT_EQ(a.at({"owner", kP3, "U-NAGOYA"}), 111'111);
  EXPECT_EQ(a.at({"aggregator", "", "AGG-JST"}), 333'334);
  EXPECT_EQ(a.count({"owner", kP3, "AGG-JST"}), 0u);
}

TEST_P(PaymentServiceTest, CompanyCoOwnersByPolicy) {
  // P4: U-TOKYO 1/2, C-0002 (a company) 1/2. 90,000 JPY: aggregator 30,000;
  // the patent's 60,000 goes 30,000 / 30,000 under "include" (default) and
  // all to U-TOKYO under "exclude".
  add_agreement(*db_, "LIC-INC", "JPY", {kP4});
  add_agreement(*db_, "LIC-EXC", "JPY", {kP4}, "", "exclude");
  add_invoice(*db_, "LIC-INC", 90'000, "2026-07-01");
  add_invoice(*db_, "LIC-EXC", 90'000, "2026-07-01");
  const auto inc = line_amounts(record(payment("LIC-INC", "2026-07-10", 90'000, "B-INC")));
  EXPECT_EQ(inc.at({"aggregator", "", "AGG-JST"}), 30'000);
  EXPECT_EQ(inc.at({"owner", kP4, "U-TOKYO"}), 30'000);
  EXPECT_EQ(inc.at({"owner", kP4, "C-0002"}), 30'000);
  const auto exc = line_amounts(record(payment("LIC-EXC", "2026-07-10", 90'000, "B-EXC")));
  EXPECT_EQ(exc.at({"aggregator", "", "AGG-JST"}), 30'000);
  EXPECT_EQ(exc.at({"owner", kP4, "U-TOKYO"}), 60'000);
  EXPECT_EQ(exc.count({"owner", kP4, "C-0002"}), 0u);
  EXPECT_EQ(payable_map(*service_).at("C-0002"), 30'000);
}


// Issue 21, finding 3: one payment is distributed in one step over all it
// settles. LIC-T licenses P3 alone (U-HOKKAIDO and U-NAGOYA half each), so
// the aggregator (1/3) and the two owners ((1 − 1/3) × 1/2 = 1/3 each) are
// owed thirds. Invoices of 1,000,001 and 1,338,640 settled by one payment
// of 2,338,641 = 3 × 779,547: 779,547 each. Split once per invoice (the old
// rule) it came to 779,548 / 779,547 / 779,546: 1,000,001 = 3 × 333,333 + 2
// (the aggregator and U-HOKKAIDO, first by key, take the two yen) and
// 1,338,640 = 3 × 446,213 + 1 (the aggregator takes it).
TEST_P(PaymentServiceTest, OnePaymentIsDistributedInOneStep) {
  add_agreement(*db_, "LIC-T", "JPY", {kP3});
  add_invoice(*db_, "LIC-T", 1'000'001, "2026-06-30", "upfront");
  add_invoice(*db_, "LIC-T", 1'338'640, "2026-07-01");
  const PaymentView v = record(payment("LIC-T", "2026-07-10", 2'338'641, "BANK-THIRDS"));
  EXPECT_EQ(v.applied_minor, 2'338'641);
  ASSERT_EQ(v.applications.size(), 2u);
  const auto a = line_amounts(v);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.at({"aggregator", "", "AGG-JST"}), 779'547);
  EXPECT_EQ(a.at({"owner", kP3, "U-HOKKAIDO"}), 779'547);
  EXPECT_EQ(a.at({"owner", kP3, "U-NAGOYA"}), 779'547);
  EXPECT_EQ(payable_map(*service_),
            (std::map<std::string, std::int64_t>{{"U-HOKKAIDO", 779'547}, {"U-NAGOYA", 779'547}}));
  // Each line is labelled by income type so that every line keeps 779,547
  // and every invoice's income type gets exactly its amount: the upfront
  // 1,000,001 is split over the three lines by what they hold (thirds):
  // 333,333 each and two yen to the first keys (the aggregator, U-HOKKAIDO);
  // the running royalty takes the rest of each line: 446,213, 446,213 and
  // 446,214 (1,338,640).
  std::map<std::pair<std::string, std::string>, std::int64_t> by_type;  // (institution, income type)
  std::map<std::string, std::int64_t> per_type;
  for (const auto& l : v.lines) {
    by_type[{l.institution, l.income_type}] += l.amount_minor;
    per_type[l.income_type] += l.amount_minor;
  }
  EXPECT_EQ(per_type, (std::map<std::string, std::int64_t>{{"running_royalty", 1'338'640}, {"upfront", 1'000'001}}));
  EXPECT_EQ(by_type, (std::map<std::pair<std::string, std::string>, std::int64_t>{
                         {{"AGG-JST", "running_royalty"}, 446'213},
                         {{"AGG-JST", "upfront"}, 333'334},
                         {{"U-HOKKAIDO", "running_royalty"}, 446'213},
                         {{"U-HOKKAIDO", "upfront"}, 333'334},
                         {{"U-NAGOYA", "running_royalty"}, 446'214},
                         {{"U-NAGOYA", "upfront"}, 333'333}}));
}

// Finding 1: a payment received before its invoice's date. The invoice of
// 1,000,000 is dated 2026-07-31; the payment arrives on 2026-07-10, so it
// settles nothing that day (the money is the licensee's credit) and is
// applied on 2026-07-31, routed then exactly as the worked example above:
// aggregator 333,334, U-TOKYO 222,222, 74,074 × 3, 111,111 × 2.
TEST_P(PaymentServiceTest, AnEarlyPaymentSettlesItsInvoiceOnTheInvoiceDate) {
  const long long invoice = add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-31");
  const PaymentView v = record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-EARLY"));
  EXPECT_EQ(v.applied_minor, 0);
  EXPECT_EQ(v.credit_minor, 1'000'000);
  EXPECT_TRUE(v.lines.empty());
  EXPECT_EQ(count(*db_, "credit_application"), 1);
  long long applied_to = 0, amount = 0;
  std::string on;
  soci_session(*db_) << "SELECT invoice_id, amount_minor, applied_on FROM credit_application", soci::into(applied_to),
      soci::into(amount), soci::into(on);
  EXPECT_EQ(applied_to, invoice);
  EXPECT_EQ(amount, 1'000'000);
  EXPECT_EQ(on, "2026-07-31");
  EXPECT_EQ(payable_map(*service_),
            (std::map<std::string, std::int64_t>{{"U-HOKKAIDO", 111'111}, {"U-KYOTO", 74'074},
                                                 {"U-NAGOYA", 111'111}, {"U-OSAKA", 74'074},
                                                 {"U-TOHOKU", 74'074}, {"U-TOKYO", 222'222}}));
  EXPECT_EQ(account_sum(*db_, "income:aggregator"), -333'334);
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), 0);
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001"), 0);
  EXPECT_EQ(account_sum(*db_, "liabilities:undistributed"), 0);
  // Nothing is open: a second payment is all credit.
  const PaymentView more = record(payment("LIC-1", "2026-08-03", 5'000, "BANK-MORE"));
  EXPECT_EQ(more.applied_minor, 0);
  EXPECT_EQ(more.credit_minor, 5'000);
}

// The ledger check refuses a licensee credit below zero (more used than
// received): a hand-made entry applying credit nobody paid.
TEST_P(PaymentServiceTest, LedgerCheckRefusesNegativeCredit) {
  add_invoice(*db_, "LIC-1", 1'000, "2026-07-01");
  WriteTransaction tx(*db_);
  JournalEntry e;
  e.posted_on = d("2026-07-02");
  e.kind = "credit_application";
  e.reference = "forged";
  e.description = "credit nobody paid";
  Posting used = make_posting("liabilities:licensee-credit:C-0001", "JPY", 1'000);
  Posting cash = make_posting("assets:cash:JPY", "JPY", -1'000);
  e.postings = {used, cash};
  ASSERT_TRUE(post_journal_entry(*db_, e).ok());
  tx.commit();
  auto s = check_ledger(*db_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "licensee credit liabilities:licensee-credit:C-0001 is below zero: 1,000 JPY more was used than "
            "received");
}

// ---- FX ------------------------------------------------------------------------------------

TEST_P(PaymentServiceTest, UsdPaymentBookedInYenAtTheRate) {
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_invoice(*db_, "LIC-USD", 1'000'000, "2026-07-01");  // USD 10,000.00
  // USD 10,000.00 × 151.234567 = 1,512,345.67 JPY → 1,512,346 (half away from zero).
  // Distribution of 1,512,346: aggregator 1/3 = 504,115.33… → 504,115;
  // U-TOKYO 2/3 = 1,008,230.67… → 1,008,230; the yen left goes to the larger
  // remainder (2/3): U-TOKYO 1,008,231. 504,115 + 1,008,231 = 1,512,346.
  const PaymentView v = record(payment("LIC-USD", "2026-07-10", 1'000'000, "WIRE-USD-1", "USD", "151.234567"));
  EXPECT_EQ(v.currency, "USD");
  EXPECT_EQ(v.fx_rate, "151.234567");
  EXPECT_EQ(v.jpy_minor, 1'512'346);
  EXPECT_EQ(v.applied_minor, 1'000'000);
  EXPECT_EQ(v.distributed_jpy_minor, 1'512'346);
  const auto a = line_amounts(v);
  EXPECT_EQ(a.at({"aggregator", "", "AGG-JST"}), 504'115);
  EXPECT_EQ(a.at({"owner", kP1, "U-TOKYO"}), 1'008'231);
  // Both currencies balance on their own, through equity:fx at the rate.
  EXPECT_EQ(account_sum(*db_, "assets:cash:USD", "USD"), 1'000'000);
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001", "USD"), 0);
  EXPECT_EQ(account_sum(*db_, "equity:fx", "USD"), -1'000'000);
  EXPECT_EQ(account_sum(*db_, "equity:fx", "JPY"), 1'512'346);
  long long unbalanced = 0;
  soci_session(*db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT currency FROM posting WHERE entry_id = :e "
                "GROUP BY currency HAVING SUM(amount_minor) <> 0) x",
      soci::use(v.entry_id), soci::into(unbalanced);
  EXPECT_EQ(unbalanced, 0);
  std::string rate;
  soci_session(*db_) << "SELECT fx_rate FROM posting WHERE entry_id = :e AND account = 'equity:fx' AND currency = 'JPY'",
      soci::use(v.entry_id), soci::into(rate);
  EXPECT_EQ(rate, "151.234567");
}

TEST_P(PaymentServiceTest, ForeignPaymentOverTwoInvoicesRoundsOnce) {
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_invoice(*db_, "LIC-USD", 1, "2026-07-01");  // USD 0.01
  add_invoice(*db_, "LIC-USD", 1, "2026-07-02");  // USD 0.01
  // USD 0.02 at 150.5 = 3.01 JPY → 3. Rounded per invoice it would be
  // 1.505 → 2 twice = 4: instead each part's JPY is the difference of the
  // cumulative values: 0.01 → 2, then 0.02 → 3, so 2 + 1 = 3.
  //   first part 2 JPY: aggregator 2/3 → 0 rem 2/3, U-TOKYO 4/3 → 1 rem 1/3;
  //     the yen left goes to the aggregator (2/3) → 1 / 1;
  //   second part 1 JPY: aggregator 1/3, U-TOKYO 2/3 → U-TOKYO 1.
  const PaymentView v = record(payment("LIC-USD", "2026-07-10", 2, "WIRE-2", "USD", "150.5"));
  EXPECT_EQ(v.jpy_minor, 3);
  EXPECT_EQ(v.distributed_jpy_minor, 3);
  ASSERT_EQ(v.applications.size(), 2u);
  EXPECT_EQ(line_amounts(v).at({"aggregator", "", "AGG-JST"}), 1);
  EXPECT_EQ(line_amounts(v).at({"owner", kP1, "U-TOKYO"}), 2);
  EXPECT_EQ(account_sum(*db_, "equity:fx", "JPY"), 3);
}

// ---- cost recovery ---------------------------------------------------------------------------

TEST_P(PaymentServiceTest, CostRecoveryCappedAtHalfOldestFirst) {
  add_package_with_costs(*db_);
  if (HasFatalFailure()) return;
  add_agreement(*db_, "LIC-PKG", "JPY", {kP1, kP2, kP3}, "PKG-A", "half");
  for (const char* on : {"2026-07-01", "2026-08-01", "2026-09-01"}) add_invoice(*db_, "LIC-PKG", 1'000'000, on);
  // Payment 1: at most floor(1,000,000 × 5000 / 10000) = 500,000 recovers
  // costs: 300,000 (2026-05-01, all of it) + 200,000 of the 400,000. The
  // other 500,000 = 27 × 18,518 + 14 is split as in the worked example:
  //   aggregator 9/27 → 166,666 rem 18/27; A 6/27 → 111,111 rem 3/27;
  //   B each 2/27 → 37,037 rem 1/27; C each 3/27 → 55,555 rem 15/27.
  // Floors 499,998; two yen left: the aggregator (18/27) → 166,667, then a
  // C line (15/27), the tie going to U-HOKKAIDO before U-NAGOYA → 55,556.
  const PaymentView v1 = record(payment("LIC-PKG", "2026-07-10", 1'000'000, "B-1"));
  EXPECT_EQ(v1.package, "PKG-A");
  const auto a = line_amounts(v1);
  EXPECT_EQ(a.at({"cost_recovery", "PKG-A", ""}), 500'000);
  EXPECT_EQ(a.at({"aggregator", "", "AGG-JST"}), 166'667);
  EXPECT_EQ(a.at({"owner", kP1, "U-TOKYO"}), 111'111);
  EXPECT_EQ(a.at({"owner", kP2, "U-KYOTO"}), 37'037);
  EXPECT_EQ(a.at({"owner", kP2, "U-OSAKA"}), 37'037);
  EXPECT_EQ(a.at({"owner", kP2, "U-TOHOKU"}), 37'037);
  EXPECT_EQ(a.at({"owner", kP3, "U-HOKKAIDO"}), 55'556);
  EXPECT_EQ(a.at({"owner", kP3, "U-NAGOYA"}), 55'555);
  EXPECT_EQ(lines_total(v1), 1'000'000);
  // Payment 2: outstanding 1,200,000 − 500,000 = 700,000, over the cap:
  // 500,000 again (the 200,000 left of the second cost, 300,000 of the third).
  const PaymentView v2 = record(payment("LIC-PKG", "2026-08-10", 1'000'000, "B-2"));
  EXPECT_EQ(line_amounts(v2).at({"cost_recovery", "PKG-A", ""}), 500'000);
  // Payment 3: 200,000 outstanding, under the cap: all of it; 800,000 is shared.
  const PaymentView v3 = record(payment("LIC-PKG", "2026-09-10", 1'000'000, "B-3"));
  EXPECT_EQ(line_amounts(v3).at({"cost_recovery", "PKG-A", ""}), 200'000);
  EXPECT_EQ(lines_total(v3), 1'000'000);
  // 800,000 × 1/3 = 266,666.67 → the aggregator's line is within a yen.
  EXPECT_GE(line_amounts(v3).at({"aggregator", "", "AGG-JST"}), 266'666);
  EXPECT_LE(line_amounts(v3).at({"aggregator", "", "AGG-JST"}), 266'667);
  EXPECT_EQ(account_sum(*db_, "income:cost-recovery:PKG-A"), -1'200'000);
  // The project service still reports all recoverable spend; the ledger
  // holds what was recovered.
  auto costs = ProjectService(*db_, SchemeSettings{}, "tester").outstanding_recoverable_costs("PKG-A");
  ASSERT_TRUE(costs.ok());
  EXPECT_EQ(costs->total, 1'200'000);
}

TEST_P(PaymentServiceTest, DefaultPolicyRecoversEverythingFirst) {
  add_package_with_costs(*db_);
  if (HasFatalFailure()) return;
  add_agreement(*db_, "LIC-PKG", "JPY", {kP1, kP2, kP3}, "PKG-A");
  add_invoice(*db_, "LIC-PKG", 1'000'000, "2026-07-01");
  // cost_recovery_max_bps = 10000: the 1,200,000 outstanding takes all of
  // the 1,000,000; nothing is left to share.
  const PaymentView v = record(payment("LIC-PKG", "2026-07-10", 1'000'000, "B-1"));
  ASSERT_EQ(v.lines.size(), 1u);
  EXPECT_EQ(v.lines[0].kind, "cost_recovery");
  EXPECT_EQ(v.lines[0].amount_minor, 1'000'000);
}

// ---- the aggregator's statement, FX rates from the table, statement formats (issue 21) ----------

// The aggregator's statement: like an institution's, from its income
// accounts. LIC-PKG (policy half) invoices 1,000,000 on 2026-07-01, paid on
// 2026-07-10 (CostRecoveryCappedAtHalfOldestFirst above): cost recovery
// min(1,200,000, 1,000,000 × 5000 / 10000) = 500,000 and the aggregator's
// share 166,667 of the other 500,000 (9/27 → 166,666 rem 18/27, plus the
// largest remainder's yen). A payout of 100,000 to U-TOKYO the same month.
TEST_P(PaymentServiceTest, TheAggregatorGetsItsOwnStatementAtTheClose) {
  add_package_with_costs(*db_);
  if (HasFatalFailure()) return;
  add_agreement(*db_, "LIC-PKG", "JPY", {kP1, kP2, kP3}, "PKG-A", "half");
  add_invoice(*db_, "LIC-PKG", 1'000'000, "2026-07-01");
  record(payment("LIC-PKG", "2026-07-10", 1'000'000, "B-1"));
  PayoutRequest po;
  po.institution = "U-TOKYO";
  po.paid_on = d("2026-07-31");
  po.amount_minor = 100'000;
  po.reference = "PO-1";
  ASSERT_TRUE(service_->record_payout(po).ok());
  CloseService close(*db_, "tester", {}, "AGG-JST");
  // Provisional first: no SHA-256 in any format.
  auto draft = close.statement("AGG-JST", "2026-07");
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_TRUE(draft->statement.provisional);
  EXPECT_EQ(draft->sha256, "");
  const std::string draft_json = render_statement(*draft, StatementFormat::kJson);
  EXPECT_NE(draft_json.find(R"("provisional":true)"), std::string::npos);
  EXPECT_NE(draft_json.find(R"("sha256":null})"), std::string::npos) << draft_json;
  EXPECT_NE(render_statement(*draft, StatementFormat::kCsv).find(",provisional,,opening_balance"), std::string::npos);
  const std::string draft_html = render_statement(*draft, StatementFormat::kHtml);
  EXPECT_NE(draft_html.find("PROVISIONAL"), std::string::npos);
  EXPECT_EQ(draft_html.find("SHA-256"), std::string::npos);

  auto closed = close.close("2026-07");
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  auto v = close.statement("AGG-JST", "2026-07");
  ASSERT_TRUE(v.ok()) << v.error().message;
  const Statement& s = v->statement;
  EXPECT_TRUE(v->stored);
  EXPECT_EQ(s.party, "aggregator");
  EXPECT_EQ(s.format, 3);
  EXPECT_EQ(s.opening_balance, 0);
  ASSERT_EQ(s.lines.size(), 2u);
  std::map<std::string, std::int64_t> by_note;
  for (const auto& l : s.lines) {
    EXPECT_EQ(l.payment_reference, "B-1");
    EXPECT_EQ(l.agreement, "LIC-PKG");
    EXPECT_EQ(l.package, "PKG-A");
    by_note[l.note] = l.amount;
  }
  EXPECT_EQ(by_note.at("cost recovery (income:cost-recovery:PKG-A)"), 500'000);
  EXPECT_EQ(by_note.at(""), 166'667);
  EXPECT_EQ(s.income_total, 666'667);
  EXPECT_EQ(s.payouts_total, 0);
  EXPECT_EQ(s.closing_balance, 666'667);
  EXPECT_EQ(v->sha256, sha256_hex(v->canonical));
  EXPECT_NE(v->canonical.find(R"("party":"aggregator")"), std::string::npos);

  // U-TOKYO: 111,111 from B-1 (6/27 of 500,000), the payout as paid: +100,000
  // in the JSON, the CSV and the HTML (no minus sign anywhere for it).
  auto tokyo = close.statement("U-TOKYO", "2026-07");
  ASSERT_TRUE(tokyo.ok()) << tokyo.error().message;
  EXPECT_EQ(tokyo->statement.income_total, 111'111);
  EXPECT_EQ(tokyo->statement.payouts_total, 100'000);
  EXPECT_EQ(tokyo->statement.closing_balance, 11'111);
  EXPECT_NE(render_statement(*tokyo, StatementFormat::kJson).find(R"("reference":"PO-1","currency":"JPY","amount_minor":100000})"),
            std::string::npos);
  EXPECT_NE(render_statement(*tokyo, StatementFormat::kCsv).find(",payout,2026-07-31,PO-1,,,,,,,100000,"), std::string::npos);
  const std::string html = render_statement(*tokyo, StatementFormat::kHtml);
  EXPECT_NE(html.find(">100,000<"), std::string::npos);
  EXPECT_EQ(html.find("-100,000"), std::string::npos);

  // The hledger export leaves the aggregator's statement out of the payable
  // assertions (it is not one account) and still asserts U-TOKYO's.
  std::ostringstream journal;
  ASSERT_TRUE(close.export_hledger(journal).ok());
  EXPECT_NE(journal.str().find("liabilities:payable:U-TOKYO  0 JPY = -11111 JPY"), std::string::npos);
  EXPECT_EQ(journal.str().find("liabilities:payable:AGG-JST"), std::string::npos);

  // The next month: the aggregator's opening balance is July's closing.
  auto august = close.statement("AGG-JST", "2026-08");
  ASSERT_TRUE(august.ok());
  EXPECT_EQ(august->statement.opening_balance, 666'667);
  EXPECT_EQ(august->statement.closing_balance, 666'667);
}

// A USD payment without a rate takes the table's rate of its day, recorded
// with the table's source; a day without a rate is refused, naming the day
// and the currency, and nothing is written. USD 10,000.00 × 151.234567 =
// 1,512,345.67 → 1,512,346 JPY: aggregator 504,115, U-TOKYO 1,008,231
// (UsdPaymentBookedInYenAtTheRate above).
TEST_P(PaymentServiceTest, AForeignPaymentWithoutARateTakesTheTablesRate) {
  FxService fx(*db_, SchemeSettings{}, "tester");
  std::istringstream file("date,currency,rate,source\n2026-07-10,USD,151.234567,MUFG TTM\n2026-07-10,EUR,163.5,BOJ\n");
  auto imported = fx.import_csv(file);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->inserted, 2);
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_invoice(*db_, "LIC-USD", 1'000'000, "2026-07-01");
  add_invoice(*db_, "LIC-USD", 500'000, "2026-07-02");
  const PaymentView v = record(payment("LIC-USD", "2026-07-10", 1'000'000, "WIRE-1", "USD"));
  EXPECT_EQ(v.fx_rate, "151.234567");
  EXPECT_EQ(v.fx_source, "fx table 2026-07-10: MUFG TTM");
  EXPECT_EQ(v.jpy_minor, 1'512'346);
  EXPECT_EQ(line_amounts(v).at({"owner", kP1, "U-TOKYO"}), 1'008'231);
  // A rate given with the payment keeps its source.
  PaymentRequest given = payment("LIC-USD", "2026-07-11", 100'000, "WIRE-2", "USD", "150");
  given.fx_source = "Mizuho TTB";
  EXPECT_EQ(record(given).fx_source, "Mizuho TTB");
  // None in the table for 2026-07-12, none given: refused.
  expect_refused([&] { return service_->record_payment(payment("LIC-USD", "2026-07-12", 100'000, "WIRE-3", "USD")); },
                 "no fx rate for USD on 2026-07-12");
  auto refused = service_->record_payment(payment("LIC-USD", "2026-07-12", 100'000, "WIRE-3", "USD"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "no_fx_rate");
  EXPECT_EQ(refused.error().field, "fx_rate");
  // The statement line shows the original amount, currency and rate beside the yen.
  auto st = CloseService(*db_, "tester", {}, "AGG-JST").statement("U-TOKYO", "2026-07");
  ASSERT_TRUE(st.ok()) << st.error().message;
  bool found = false;
  for (const auto& l : st->statement.lines) {
    if (l.payment_reference != "WIRE-1") continue;
    found = true;
    EXPECT_EQ(l.amount, 1'008'231);
    EXPECT_EQ(l.original_currency, "USD");
    EXPECT_EQ(l.original_amount, 1'000'000);
    EXPECT_EQ(l.fx_rate, "151.234567");
  }
  EXPECT_TRUE(found);
  EXPECT_NE(render_statement(*st, StatementFormat::kCsv).find(",1008231,USD,\"10,000.00\",151.234567,"),
            std::string::npos);
  EXPECT_NE(render_statement(*st, StatementFormat::kHtml).find(">151.234567<"), std::string::npos);
}

// The FX file is all or nothing; a rate in the table is never changed.
TEST_P(PaymentServiceTest, FxImportRefusesBadFilesWholly) {
  FxService fx(*db_, SchemeSettings{}, "tester");
  auto import = [&](const std::string& text) {
    std::istringstream in(text);
    return fx.import_csv(in);
  };
  ASSERT_TRUE(import("date,currency,rate,source\n2026-07-10,USD,151.5,MUFG TTM\n").ok());
  const std::string h = "date,currency,rate,source\n";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"when,currency,rate,source\n", "first line must be date,currency,rate,source"},
      {h + "2026-07-11,USD,151,MUFG\n2026-13-01,USD,150,MUFG\n", "line 3, date: '2026-13-01' is not a date"},
      {h + "2026-07-11,XXX,151,MUFG\n", "line 2, currency:"},
      {h + "2026-07-11,JPY,1,MUFG\n", "line 2, currency: JPY needs no rate"},
      {h + "2026-07-11,USD,1.1234567,MUFG\n", "line 2, rate:"},
      {h + "2026-07-11,USD,0,MUFG\n", "line 2, rate:"},
      {h + "2026-07-11,USD,151,\n", "line 2, source: a rate needs its source"},
      {h + "2026-07-11,USD,151,A\n2026-07-11,USD,152,B\n", "line 3, date: USD on 2026-07-11 is already on line 2"},
      {h + "2026-07-11,USD,151,A\n2026-07-10,USD,152,MUFG TTM\n", "line 3, rate: the table already has USD on 2026-07-10 at 151.5"},
  };
  for (const auto& [text, part] : bad) {
    expect_refused([&] { return import(text); }, part);
  }
  // The same rate again is unchanged.
  auto again = import(h + "2026-07-10,USD,151.500,MUFG TTM\n");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->inserted, 0);
  auto page = fx.list("", PageRequest{"", 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].rate, "151.5");
  EXPECT_EQ(page->items[0].source, "MUFG TTM");
}

// ---- applying payments -------------------------------------------------------------------

TEST_P(PaymentServiceTest, PartialPaymentsSettleOldestInvoicesFirst) {
  const long long upfront = add_invoice(*db_, "LIC-1", 600'000, "2026-07-01", "upfront");
  const long long royalty = add_invoice(*db_, "LIC-1", 400'000, "2026-07-05");
  // 700,000 settles the upfront (600,000) and 100,000 of the royalty.
  const PaymentView v1 = record(payment("LIC-1", "2026-07-10", 700'000, "B-1"));
  ASSERT_EQ(v1.applications.size(), 2u);
  EXPECT_EQ(v1.applications[0].invoice_id, upfront);
  EXPECT_EQ(v1.applications[0].amount_minor, 600'000);
  EXPECT_EQ(v1.applications[1].invoice_id, royalty);
  EXPECT_EQ(v1.applications[1].amount_minor, 100'000);
  EXPECT_EQ(v1.credit_minor, 0);
  // Each part is distributed on its own, with its invoice's income type.
  // The 600,000 part: 600,000 × k/27: aggregator 200,000 exactly; A 133,333
  // rem 9/27; B each 44,444 rem 12/27; C each 66,666 rem 18/27. Floors
  // 599,997; three yen: both C lines (18/27), then one B line (12/27), the
  // tie by code: U-KYOTO.
  std::map<LineKey, std::int64_t> upfront_lines;
  std::int64_t upfront_total = 0, royalty_total = 0;
  for (const auto& l : v1.lines) {
    if (l.income_type == "upfront") {
      upfront_lines[{l.kind, l.patent, l.institution}] += l.amount_minor;
      upfront_total += l.amount_minor;
    } else {
      EXPECT_EQ(l.income_type, "running_royalty");
      royalty_total += l.amount_minor;
    }
  }
  EXPECT_EQ(upfront_total, 600'000);
  EXPECT_EQ(royalty_total, 100'000);
  EXPECT_EQ(upfront_lines.at({"aggregator", "", "AGG-JST"}), 200'000);
  EXPECT_EQ(upfront_lines.at({"owner", kP1, "U-TOKYO"}), 133'333);
  EXPECT_EQ(upfront_lines.at({"owner", kP2, "U-KYOTO"}), 44'445);
  EXPECT_EQ(upfront_lines.at({"owner", kP2, "U-OSAKA"}), 44'444);
  EXPECT_EQ(upfront_lines.at({"owner", kP2, "U-TOHOKU"}), 44'444);
  EXPECT_EQ(upfront_lines.at({"owner", kP3, "U-HOKKAIDO"}), 66'667);
  EXPECT_EQ(upfront_lines.at({"owner", kP3, "U-NAGOYA"}), 66'667);
  // 300,000 settles the rest of the royalty.
  const PaymentView v2 = record(payment("LIC-1", "2026-07-20", 300'000, "B-2"));
  ASSERT_EQ(v2.applications.size(), 1u);
  EXPECT_EQ(v2.applications[0].invoice_id, royalty);
  EXPECT_EQ(v2.applications[0].amount_minor, 300'000);
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001"), 0);
}

TEST_P(PaymentServiceTest, OverpaymentStaysAsTheLicenseesCredit) {
  add_invoice(*db_, "LIC-1", 100'000, "2026-07-01");
  const PaymentView v = record(payment("LIC-1", "2026-07-10", 150'000, "B-1"));
  EXPECT_EQ(v.applied_minor, 100'000);
  EXPECT_EQ(v.credit_minor, 50'000);
  EXPECT_EQ(v.distributed_jpy_minor, 100'000);
  EXPECT_EQ(lines_total(v), 100'000);
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), -50'000);
  // Nothing open: a further payment is all credit, and distributes nothing.
  const PaymentView v2 = record(payment("LIC-1", "2026-07-11", 20'000, "B-2"));
  EXPECT_EQ(v2.applied_minor, 0);
  EXPECT_EQ(v2.credit_minor, 20'000);
  EXPECT_TRUE(v2.lines.empty());
  EXPECT_TRUE(v2.applications.empty());
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), -70'000);
  // An invoice issued after a payment's date is not settled by it.
  add_invoice(*db_, "LIC-1", 10'000, "2026-07-15");
  const PaymentView v3 = record(payment("LIC-1", "2026-07-12", 10'000, "B-3"));
  EXPECT_EQ(v3.applied_minor, 0);
}

TEST_P(PaymentServiceTest, CreditNotesNetAgainstTheOldestOpenInvoices) {
  const long long a = add_invoice(*db_, "LIC-1", 500'000, "2026-07-01");
  const long long b = add_invoice(*db_, "LIC-1", 300'000, "2026-07-02");
  add_invoice(*db_, "LIC-1", -200'000, "2026-07-03");  // a correction's credit note
  // Open: A 500,000, B 300,000; the credit note's 200,000 nets against the
  // oldest (A → 300,000). 400,000 settles A 300,000 and B 100,000.
  const PaymentView v1 = record(payment("LIC-1", "2026-07-10", 400'000, "B-1"));
  ASSERT_EQ(v1.applications.size(), 2u);
  EXPECT_EQ(v1.applications[0].invoice_id, a);
  EXPECT_EQ(v1.applications[0].amount_minor, 300'000);
  EXPECT_EQ(v1.applications[1].invoice_id, b);
  EXPECT_EQ(v1.applications[1].amount_minor, 100'000);
  // Now A has 200,000 unpaid by the tables, which the credit note covers
  // (again from the oldest): only B's 200,000 is open. 250,000 settles it
  // and leaves 50,000 of credit; the licensee owes nothing.
  const PaymentView v2 = record(payment("LIC-1", "2026-07-11", 250'000, "B-2"));
  ASSERT_EQ(v2.applications.size(), 1u);
  EXPECT_EQ(v2.applications[0].invoice_id, b);
  EXPECT_EQ(v2.applications[0].amount_minor, 200'000);
  EXPECT_EQ(v2.credit_minor, 50'000);
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001"), 0);
  // Credit notes beyond what is open leave nothing to settle.
  add_invoice(*db_, "LIC-1", -1'000, "2026-07-12");
  add_invoice(*db_, "LIC-1", 600, "2026-07-13");
  EXPECT_EQ(record(payment("LIC-1", "2026-07-14", 600, "B-3")).applied_minor, 0);
}

// ---- idempotency ---------------------------------------------------------------------------

TEST_P(PaymentServiceTest, SameReferenceSameContentIsANoOp) {
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_invoice(*db_, "LIC-USD", 1'000'000, "2026-07-01");
  const PaymentView first = record(payment("LIC-USD", "2026-07-10", 600'000, "WIRE-1", "USD", "151.5"));
  add_invoice(*db_, "LIC-USD", 500'000, "2026-07-11");  // more open invoices now
  const std::string before = testing::dump_content(*db_);
  // "151.500" is the same rate as "151.5".
  auto again = service_->record_payment(payment("LIC-USD", "2026-07-10", 600'000, "WIRE-1", "USD", "151.500"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(testing::dump_content(*db_), before);
  EXPECT_EQ(again->payment.entry_id, first.entry_id);
  EXPECT_EQ(again->payment.applied_minor, first.applied_minor);
  EXPECT_EQ(again->payment.jpy_minor, 909'000);  // USD 6,000.00 × 151.5
  EXPECT_EQ(line_amounts(again->payment), line_amounts(first));
  EXPECT_EQ(count(*db_, "payment"), 1);
  // Also after the month is closed: the replay writes nothing.
  exec(*db_, "INSERT INTO closed_month (month, closed_at) VALUES ('2026-07', '2026-08-01T00:00:00Z')");
  auto closed = service_->record_payment(payment("LIC-USD", "2026-07-10", 600'000, "WIRE-1", "USD", "151.5"));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_FALSE(closed->recorded);
}

TEST_P(PaymentServiceTest, SameReferenceDifferentContentRefused) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  expect_refused([&] { return service_->record_payment(payment("LIC-1", "2026-07-10", 900'000, "BANK-0001")); },
                 "payment reference BANK-0001 was already recorded with different content: amount "
                 "1,000,000 JPY recorded, 900,000 JPY given");
  expect_refused([&] { return service_->record_payment(payment("LIC-1", "2026-07-11", 1'000'000, "BANK-0001")); },
                 "date 2026-07-10 recorded, 2026-07-11 given");
  add_agreement(*db_, "LIC-2", "JPY", {kP1});
  expect_refused([&] { return service_->record_payment(payment("LIC-2", "2026-07-10", 1'000'000, "BANK-0001")); },
                 "agreement LIC-1 recorded, LIC-2 given");
}

// ---- refusals ------------------------------------------------------------------------------

TEST_P(PaymentServiceTest, RefusalsWriteNothing) {
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_agreement(*db_, "LIC-NONE", "JPY", {});
  add_agreement(*db_, "LIC-POL", "JPY", {kP1}, "", "nosuch");
  add_invoice(*db_, "LIC-1", 100'000, "2026-07-01");
  add_invoice(*db_, "LIC-USD", 100'000, "2026-07-01");
  add_invoice(*db_, "LIC-NONE", 100'000, "2026-07-01");
  add_invoice(*db_, "LIC-POL", 100'000, "2026-07-01");
  auto refused = [&](const PaymentRequest& r, const std::string& message) {
    expect_refused([&] { return service_->record_payment(r); }, message);
  };
  refused(payment("LIC-9", "2026-07-10", 100, "R-1"), "unknown agreement 'LIC-9'");
  refused(payment("LIC-1", "2026-07-10", 100, "R-1", "USD", "150"),
          "payment currency USD is not agreement LIC-1's currency JPY");
  // No rate given and none in the rate table for the day (sql/0026).
  refused(payment("LIC-USD", "2026-07-10", 100, "R-1", "USD"), "no fx rate for USD on 2026-07-10");
  refused(payment("LIC-1", "2026-07-10", 100, "R-1", "JPY", "1"), "a JPY payment takes no fx rate");
  refused(payment("LIC-USD", "2026-07-10", 100, "R-1", "USD", "151.1234567"), "fx rate '151.1234567'");
  refused(payment("LIC-USD", "2026-07-10", 100, "R-1", "USD", "-1"), "fx rate '-1'");
  refused(payment("LIC-1", "2026-07-10", 0, "R-1"), "must be more than zero");
  refused(payment("LIC-1", "2026-07-10", 100, " "), "a payment needs a bank reference");
  refused(payment("LIC-1", "2026-07-10", 100, "R-1", "XYZ"), "XYZ");
  refused(payment("LIC-NONE", "2026-07-10", 100, "R-1"), "cannot distribute payment R-1");
  refused(payment("LIC-POL", "2026-07-10", 100, "R-1"), "unknown distribution policy 'nosuch'");
  exec(*db_, "INSERT INTO closed_month (month, closed_at) VALUES ('2026-07', '2026-08-01T00:00:00Z')");
  refused(payment("LIC-1", "2026-07-31", 100, "R-1"), "2026-07 is closed");
  record(payment("LIC-1", "2026-08-01", 100, "R-1"));
}

// Typos that would move money: a rate far outside its currency's range, a
// rate that makes the payment 0 JPY, a date years ahead (issue 18, point 21).
TEST_P(PaymentServiceTest, ImplausibleRatesAndDatesAreRefused) {
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_invoice(*db_, "LIC-USD", 1'000'000, "2026-07-01");
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  const auto refused = [&](const PaymentRequest& r, const std::string& code, const std::string& field,
                           const std::string& message) {
    const std::string before = testing::dump_content(*db_);
    auto out = service_->record_payment(r);
    ASSERT_FALSE(out.ok()) << r.reference;
    EXPECT_EQ(out.error().code, code);
    EXPECT_EQ(out.error().field, field);
    EXPECT_NE(out.error().message.find(message), std::string::npos) << out.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refused payment wrote something";
  };
  refused(payment("LIC-USD", "2026-07-10", 100'000, "R-1", "USD", "0.000001"), "implausible_fx_rate", "fx_rate",
          "fx rate 0.000001 JPY per USD is outside 50..500 (ledger.fx_bounds.USD)");
  refused(payment("LIC-USD", "2026-07-10", 100'000, "R-1", "USD", "1510"), "implausible_fx_rate", "fx_rate",
          "outside 50..500");
  refused(payment("LIC-1", "9999-12-31", 100, "R-2"), "implausible_date", "received_on",
          "a payment dated 9999-12-31 is more than 31 days after today (ledger.date_horizon_days)");
  // Within the bounds and the horizon: recorded.
  record(payment("LIC-USD", "2026-07-10", 100'000, "R-3", "USD", "151.5"));
  // A currency without bounds is still refused a rate that makes it 0 JPY.
  SchemeSettings unbounded;
  unbounded.fx_bounds.clear();
  PaymentService service(*db_, unbounded, "tester", policies_.path());
  auto zero = service.record_payment(payment("LIC-USD", "2026-07-11", 1, "R-4", "USD", "0.000001"));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, "implausible_fx_rate");
  EXPECT_NE(zero.error().message.find("makes 0.01 USD worth 0 JPY"), std::string::npos) << zero.error().message;
  // Payouts: the same horizon.
  auto payout = service_->record_payout({"U-TOKYO", d("9999-12-31"), 1, "OUT-X"});
  ASSERT_FALSE(payout.ok());
  EXPECT_EQ(payout.error().code, "implausible_date");
  EXPECT_EQ(payout.error().field, "paid_on");
}

// ---- payouts -------------------------------------------------------------------------------

TEST_P(PaymentServiceTest, PayoutsUpToThePayableBalance) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));  // U-TOKYO is owed 222,222
  PayoutRequest r{"U-TOKYO", d("2026-07-31"), 222'223, "PAY-T-1"};
  expect_refused([&] { return service_->record_payout(r); },
                 "payout of 222,223 JPY to U-TOKYO is more than its payable balance of 222,222 JPY");
  r.amount_minor = 200'000;
  auto out = service_->record_payout(r);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_TRUE(out->recorded);
  EXPECT_EQ(out->payout.balance_after_minor, 22'222);
  expect_ledger_ok();
  EXPECT_EQ(payable_map(*service_).at("U-TOKYO"), 22'222);
  EXPECT_EQ(service_->payable_balance("U-TOKYO").value(), 22'222);
  auto listed = service_->payables();
  const auto tokyo = std::find_if(listed.begin(), listed.end(), [](auto& b) { return b.institution == "U-TOKYO"; });
  ASSERT_NE(tokyo, listed.end());
  EXPECT_EQ(tokyo->credited_minor, 222'222);
  EXPECT_EQ(tokyo->paid_minor, 200'000);
  EXPECT_EQ(tokyo->name_en, "The University of Tokyo");
  // Replays: identical → no-op with the original result; different → refused.
  const std::string before = testing::dump_content(*db_);
  auto again = service_->record_payout(r);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(again->payout.balance_after_minor, 22'222);
  EXPECT_EQ(testing::dump_content(*db_), before);
  r.amount_minor = 1;
  expect_refused([&] { return service_->record_payout(r); },
                 "payout reference PAY-T-1 was already recorded with different content: amount "
                 "200,000 JPY recorded, 1 JPY given");
  expect_refused([&] { return service_->record_payout({"U-NOWHERE", d("2026-07-31"), 1, "PAY-X"}); },
                 "unknown institution code 'U-NOWHERE'");
  expect_refused([&] { return service_->record_payout({"U-TOKYO", d("2026-07-31"), 0, "PAY-X"}); },
                 "must be more than zero");
  expect_refused([&] { return service_->record_payout({"C-0002", d("2026-07-31"), 1, "PAY-X"}); },
                 "payable balance of 0 JPY");
  auto rest = service_->record_payout({"U-TOKYO", d("2026-08-01"), 22'222, "PAY-T-2"});
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->payout.balance_after_minor, 0);
  expect_refused([&] { return service_->record_payout({"U-TOKYO", d("2026-08-02"), 1, "PAY-T-3"}); },
                 "payable balance of 0 JPY");
  EXPECT_EQ(account_sum(*db_, "assets:cash:JPY"), 1'000'000 - 222'222);
  expect_ledger_ok();
  auto log = list_changes(*db_, {"payout", "PAY-T-1", 10});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].detail,
            R"({"reference":"PAY-T-1","institution":"U-TOKYO","paid_on":"2026-07-31","currency":"JPY",)"
            R"("amount":200000,"balance_after":22222})");
}

// ---- append-only and the ledger check ------------------------------------------------------

TEST_P(PaymentServiceTest, LedgerTablesAreAppendOnly) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  ASSERT_TRUE(service_->record_payout({"U-TOKYO", d("2026-07-31"), 1'000, "PAY-1"}).ok());
  const std::string before = testing::dump_content(*db_);
  for (const char* sql : {"UPDATE posting SET amount_minor = amount_minor + 1",
                          "DELETE FROM posting",
                          "UPDATE journal_entry SET posted_on = '2026-01-01'",
                          "DELETE FROM journal_entry",
                          "UPDATE payment SET amount_minor = 1",
                          "DELETE FROM payment",
                          "UPDATE payment_application SET amount_minor = 1",
                          "DELETE FROM payment_application",
                          "UPDATE payout SET amount_minor = 1",
                          "DELETE FROM payout"}) {
    EXPECT_ANY_THROW(exec(*db_, sql)) << sql;
  }
  EXPECT_EQ(testing::dump_content(*db_), before);
  expect_ledger_ok();
}

// Posts an entry with raw SQL, bypassing the services' checks.
long long raw_entry(Database& db, const std::string& kind, const std::string& reference,
                    const std::vector<std::tuple<std::string, std::string, long long>>& postings) {
  exec(db, "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) VALUES "
           "('2026-07-20', '" + kind + "', '" + reference + "', 'injected', '2026-07-20T00:00:00Z')");
  long long id = 0;
  soci_session(db) << "SELECT MAX(id) FROM journal_entry", soci::into(id);
  for (const auto& [account, currency, amount] : postings) {
    exec(db, "INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES (" + std::to_string(id) +
                 ", '" + account + "', '" + currency + "', " + std::to_string(amount) + ")");
  }
  return id;
}

// What a month close's check writes: the later close checks start from it.
void checkpoint(Database& db, const std::string& month) {
  WriteTransaction tx(db);
  auto s = check_ledger_for_close(db, month);
  ASSERT_TRUE(s.ok()) << s.error().message;
  tx.commit();
}

// The full check's first violation; the close's check, from the checkpoint
// written before the injection, must name the same one (and write nothing).
std::string ledger_error(Database& db) {
  auto s = check_ledger(db);
  EXPECT_FALSE(s.ok()) << "the ledger check found nothing";
  WriteTransaction tx(db);
  auto since = check_ledger_for_close(db, "2026-12");
  tx.commit();
  EXPECT_FALSE(since.ok()) << "the close's check from the checkpoint found nothing";
  if (!s.ok() && !since.ok()) {
    EXPECT_EQ(since.error().message, s.error().message);
  }
  long long written = 0;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM ledger_checkpoint WHERE month = '2026-12'", soci::into(written);
  EXPECT_EQ(written, 0);
  return s.ok() ? "" : s.error().message;
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAnUnbalancedEntry) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  checkpoint(*db_, "2026-06");
  const long long id = raw_entry(*db_, "manual", "FIX-1",
                                 {{"assets:cash:JPY", "JPY", 500}, {"income:aggregator", "JPY", -499}});
  EXPECT_EQ(ledger_error(*db_), "journal entry " + std::to_string(id) +
                                    " (manual FIX-1) does not balance in JPY: its debits exceed its "
                                    "credits by 1 JPY");
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAOneLegEntry) {
  checkpoint(*db_, "2026-06");
  const long long id = raw_entry(*db_, "manual", "FIX-2", {{"assets:cash:JPY", "JPY", 0}});
  EXPECT_EQ(ledger_error(*db_), "journal entry " + std::to_string(id) +
                                    " (manual FIX-2) has 1 posting(s); an entry needs at least two");
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAReceivableWithoutInvoice) {
  checkpoint(*db_, "2026-06");
  raw_entry(*db_, "manual", "FIX-3",
            {{"assets:receivable:C-0001", "JPY", 1'000}, {"liabilities:undistributed", "JPY", -1'000}});
  EXPECT_EQ(ledger_error(*db_),
            "receivable of C-0001 in JPY is 1,000 JPY in the ledger, but its invoices (0 JPY) less the "
            "payments applied to them (0 JPY) come to 0 JPY");
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAPayableBelowZero) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  checkpoint(*db_, "2026-06");
  raw_entry(*db_, "manual", "FIX-4",
            {{"liabilities:payable:U-OSAKA", "JPY", 74'075}, {"assets:cash:JPY", "JPY", -74'075}});
  EXPECT_EQ(ledger_error(*db_), "payable of U-OSAKA is below zero: -1 JPY");
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAPaymentNotFullyDistributed) {
  // A payment row whose entry keeps the cash as credit but claims a JPY
  // value different from its amount.
  checkpoint(*db_, "2026-06");
  const long long id = raw_entry(*db_, "payment", "FAKE-1",
                                 {{"assets:cash:JPY", "JPY", 1'000},
                                  {"liabilities:licensee-credit:C-0001", "JPY", -1'000}});
  exec(*db_, "INSERT INTO payment (reference, agreement_id, received_on, currency, amount_minor, fx_rate, "
             "jpy_minor, content_hash, entry_id) SELECT 'FAKE-1', id, '2026-07-20', 'JPY', 1000, NULL, 999, "
             "'x', " + std::to_string(id) + " FROM agreement WHERE reference = 'LIC-1'");
  EXPECT_EQ(ledger_error(*db_), "payment FAKE-1: its JPY value is stored as 999 JPY, but its amount is 1,000 JPY");
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAPaymentWhoseLinesFallShort) {
  add_invoice(*db_, "LIC-1", 1'000, "2026-07-01");
  long long invoice = 0;
  soci_session(*db_) << "SELECT MAX(id) FROM invoice", soci::into(invoice);
  // Settles the invoice but credits only 999 of the 1,000 to the owners.
  checkpoint(*db_, "2026-06");
  const long long id = raw_entry(*db_, "payment", "FAKE-2",
                                 {{"assets:cash:JPY", "JPY", 1'000},
                                  {"assets:receivable:C-0001", "JPY", -1'000},
                                  {"liabilities:undistributed", "JPY", 1'000},
                                  {"liabilities:payable:U-TOKYO", "JPY", -999},
                                  {"equity:fx", "JPY", -1}});
  exec(*db_, "INSERT INTO payment (reference, agreement_id, received_on, currency, amount_minor, fx_rate, "
             "jpy_minor, content_hash, entry_id) SELECT 'FAKE-2', id, '2026-07-20', 'JPY', 1000, NULL, 1000, "
             "'x', " + std::to_string(id) + " FROM agreement WHERE reference = 'LIC-1'");
  exec(*db_, "INSERT INTO payment_application (payment_id, invoice_id, amount_minor) SELECT id, " +
                 std::to_string(invoice) + ", 1000 FROM payment WHERE reference = 'FAKE-2'");
  EXPECT_EQ(ledger_error(*db_), "payment FAKE-2 is not fully distributed: its JPY distribution lines sum "
                                "to 999 JPY, but the part it settled is worth 1,000 JPY");
}

// A payment recorded before the checkpoint whose entry gets a posting after
// it: the close's check looks at it again (and names the same violation).
TEST_P(PaymentServiceTest, LedgerCheckNamesAnOldPaymentChangedLater) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  checkpoint(*db_, "2026-07");
  long long entry = 0;
  soci_session(*db_) << "SELECT entry_id FROM payment WHERE reference = 'BANK-0001'", soci::into(entry);
  for (const char* leg : {"'assets:cash:JPY', 'JPY', 1", "'income:aggregator', 'JPY', -1"}) {
    exec(*db_, "INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES (" + std::to_string(entry) +
                   ", " + leg + ")");
  }
  EXPECT_EQ(ledger_error(*db_),
            "payment BANK-0001: the cash received is posted as 1,000,001 JPY, not its amount 1,000,000 JPY");
}

// ---- reversals ---------------------------------------------------------------------------------

ReversalRequest reversal(const std::string& reference, const char* on, const std::string& reason) {
  ReversalRequest r;
  r.reference = reference;
  r.reversed_on = d(on);
  r.reason = reason;
  return r;
}

// A payment from before the last checkpoint, reversed after it: the invoice
// is open again, every yen it moved is moved back, and both the full check
// and the close's check from the checkpoint agree the ledger holds.
TEST_P(PaymentServiceTest, ReversalReopensTheInvoicesAndTakesBackTheDistribution) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  const PaymentView paid = record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  EXPECT_EQ(payable_map(*service_).at("U-TOKYO"), 222'222);
  checkpoint(*db_, "2026-07");

  auto out = service_->reverse_payment(reversal("BANK-0001", "2026-08-05", "  returned by the bank  "));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_TRUE(out->recorded);
  ASSERT_TRUE(out->payment.reversal.has_value());
  EXPECT_EQ(out->payment.reversal->reversed_on, d("2026-08-05"));
  EXPECT_EQ(out->payment.reversal->reason, "returned by the bank");
  // What the payment did is still shown as it was done.
  EXPECT_EQ(out->payment.applied_minor, 1'000'000);
  EXPECT_EQ(out->payment.lines.size(), paid.lines.size());
  expect_ledger_ok();
  checkpoint(*db_, "2026-08");

  // Every account the payment moved is back where it was.
  for (const char* account : {"assets:cash:JPY", "assets:receivable:C-0001", "liabilities:undistributed",
                              "income:aggregator", "liabilities:payable:U-TOKYO",
                              "liabilities:payable:U-KYOTO", "liabilities:payable:U-OSAKA"}) {
    const std::int64_t invoice_part = std::string(account) == "assets:receivable:C-0001"    ? 1'000'000
                                      : std::string(account) == "liabilities:undistributed" ? -1'000'000
                                                                                            : 0;
    EXPECT_EQ(account_sum(*db_, account), invoice_part) << account;
  }
  for (const auto& [code, balance] : payable_map(*service_)) EXPECT_EQ(balance, 0) << code;
  // Taken back is not paid out: the payable list nets it from what was credited.
  for (const PayableBalance& b : service_->payables()) {
    EXPECT_EQ(b.credited_minor, 0) << b.institution;
    EXPECT_EQ(b.paid_minor, 0) << b.institution;
  }
  auto log = list_changes(*db_, {"payment", "BANK-0001", 10});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "payment.reverse");
  EXPECT_EQ(log[0].detail, R"({"reference":"BANK-0001","reversed_on":"2026-08-05",)"
                           R"("reason":"returned by the bank","amount":1000000,"currency":"JPY"})");

  // The same reversal again changes nothing; another date or reason is refused.
  const std::string before = testing::dump_content(*db_);
  EXPECT_ANY_THROW(exec(*db_, "DELETE FROM payment_reversal"));
  EXPECT_ANY_THROW(exec(*db_, "UPDATE payment_reversal SET reversed_on = '2026-08-31'"));
  EXPECT_EQ(testing::dump_content(*db_), before);
  auto again = service_->reverse_payment(reversal("BANK-0001", "2026-08-05", "returned by the bank"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(testing::dump_content(*db_), before);
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-08-06", "returned by the bank")); },
                 "payment BANK-0001 was already reversed on 2026-08-05: date 2026-08-05 recorded, 2026-08-06 given");
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-08-05", "typo")); },
                 "payment BANK-0001 was already reversed on 2026-08-05: a different reason");

  // The invoice is open again: the corrected payment settles it as the
  // first did, to the yen.
  const PaymentView redone = record(payment("LIC-1", "2026-08-06", 1'000'000, "BANK-0002"));
  EXPECT_EQ(redone.applied_minor, 1'000'000);
  EXPECT_EQ(redone.credit_minor, 0);
  ASSERT_EQ(redone.lines.size(), paid.lines.size());
  for (std::size_t i = 0; i < paid.lines.size(); ++i) {
    EXPECT_EQ(redone.lines[i].account, paid.lines[i].account);
    EXPECT_EQ(redone.lines[i].amount_minor, paid.lines[i].amount_minor);
  }
  EXPECT_EQ(payable_map(*service_).at("U-TOKYO"), 222'222);
  checkpoint(*db_, "2026-09");
  auto listed = service_->list_payments("LIC-1", PageRequest{});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 2u);
  EXPECT_TRUE(listed->items[0].reversal.has_value());
  EXPECT_FALSE(listed->items[1].reversal.has_value());
}

// An overpayment's credit goes back too; a foreign payment is reversed at
// its own rate (the same JPY legs, negated).
TEST_P(PaymentServiceTest, ReversalOfAForeignOverpaymentTakesBackItsCredit) {
  add_agreement(*db_, "LIC-USD", "USD", {kP1});
  add_invoice(*db_, "LIC-USD", 100'00, "2026-07-01");
  PaymentRequest r = payment("LIC-USD", "2026-07-10", 150'00, "BANK-USD");
  r.currency = "USD";
  r.fx_rate = "151.25";
  const PaymentView paid = record(r);
  EXPECT_EQ(paid.credit_minor, 50'00);
  ASSERT_TRUE(service_->reverse_payment(reversal("BANK-USD", "2026-07-20", "wrong agreement")).ok());
  expect_ledger_ok();
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), 0);
  EXPECT_EQ(account_sum(*db_, "assets:cash:USD"), 0);
  EXPECT_EQ(account_sum(*db_, "equity:fx"), 0);
  for (const auto& [code, balance] : payable_map(*service_)) EXPECT_EQ(balance, 0) << code;
}

TEST_P(PaymentServiceTest, ReversalRefusalsWriteNothing) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-07-20", "  ")); },
                 "a payment reversal needs a reason");
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-07-20", std::string(1001, 'x'))); },
                 "at most 1000 bytes");
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-NONE", "2026-07-20", "why")); },
                 "unknown payment reference 'BANK-NONE'");
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-07-09", "why")); },
                 "a reversal on 2026-07-09 is before payment BANK-0001 was received (2026-07-10)");
  // U-TOKYO was credited 222,222 and has been paid 200,000 of it.
  ASSERT_TRUE(service_->record_payout({"U-TOKYO", d("2026-07-31"), 200'000, "PAY-T-1"}).ok());
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-08-01", "why")); },
                 "cannot reverse payment BANK-0001: it credited liabilities:payable:U-TOKYO with 222,222 JPY, "
                 "but that account now holds 22,222 JPY (paid out since); reversing it would take the "
                 "balance below zero");
  exec(*db_, "INSERT INTO closed_month (month, closed_at) VALUES ('2026-07', '2026-08-01T00:00:00Z')");
  expect_refused([&] { return service_->reverse_payment(reversal("BANK-0001", "2026-07-31", "why")); },
                 "2026-07 is closed");
  expect_ledger_ok();
}

ReversalRequest payout_reversal(const std::string& reference, const char* on, const std::string& reason) {
  return reversal(reference, on, reason);
}

TEST_P(PaymentServiceTest, PayoutReversalOwesTheAmountAgain) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));  // U-TOKYO is owed 222,222
  ASSERT_TRUE(service_->record_payout({"U-TOKYO", d("2026-07-31"), 200'000, "OUT-1"}).ok());
  checkpoint(*db_, "2026-07");
  auto out = service_->reverse_payout(payout_reversal("OUT-1", "2026-08-02", "paid twice by the bank"));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_TRUE(out->recorded);
  ASSERT_TRUE(out->payout.reversal.has_value());
  EXPECT_EQ(out->payout.reversal->reversed_on, d("2026-08-02"));
  EXPECT_EQ(out->payout.amount_minor, 200'000);
  expect_ledger_ok();
  checkpoint(*db_, "2026-08");
  EXPECT_EQ(service_->payable_balance("U-TOKYO").value(), 222'222);
  EXPECT_EQ(account_sum(*db_, "assets:cash:JPY"), 1'000'000);
  for (const PayableBalance& b : service_->payables()) {
    if (b.institution != "U-TOKYO") continue;
    EXPECT_EQ(b.credited_minor, 222'222);
    EXPECT_EQ(b.paid_minor, 0);
  }
  auto log = list_changes(*db_, {"payout", "OUT-1", 10});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "payout.reverse");
  // The owed amount can be paid out again, in full.
  ASSERT_TRUE(service_->record_payout({"U-TOKYO", d("2026-08-03"), 222'222, "OUT-2"}).ok());
  expect_ledger_ok();
  // Replays and refusals.
  const std::string before = testing::dump_content(*db_);
  auto again = service_->reverse_payout(payout_reversal("OUT-1", "2026-08-02", "paid twice by the bank"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(testing::dump_content(*db_), before);
  expect_refused([&] { return service_->reverse_payout(payout_reversal("OUT-1", "2026-08-02", "other")); },
                 "payout OUT-1 was already reversed on 2026-08-02: a different reason");
  expect_refused([&] { return service_->reverse_payout(payout_reversal("OUT-2", "2026-08-01", "x")); },
                 "a reversal on 2026-08-01 is before payout OUT-2 was paid (2026-08-03)");
  expect_refused([&] { return service_->reverse_payout(payout_reversal("OUT-9", "2026-08-05", "x")); },
                 "unknown payout reference 'OUT-9'");
  expect_refused([&] { return service_->reverse_payout(payout_reversal("OUT-2", "2026-08-05", "")); },
                 "a payout reversal needs a reason");
  exec(*db_, "INSERT INTO closed_month (month, closed_at) VALUES ('2026-08', '2026-09-01T00:00:00Z')");
  expect_refused([&] { return service_->reverse_payout(payout_reversal("OUT-2", "2026-08-31", "x")); },
                 "2026-08 is closed");
  EXPECT_ANY_THROW(exec(*db_, "DELETE FROM payout_reversal"));
}

TEST_P(PaymentServiceTest, LedgerCheckNamesAPayoutReversalThatDoesNotUndoIt) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  ASSERT_TRUE(service_->record_payout({"U-TOKYO", d("2026-07-31"), 200'000, "OUT-1"}).ok());
  checkpoint(*db_, "2026-07");
  // Gives back 1 yen too many to the payable.
  const long long id = raw_entry(*db_, "payout_reversal", "OUT-1",
                                 {{"liabilities:payable:U-TOKYO", "JPY", -200'001}, {"assets:cash:JPY", "JPY", 200'001}});
  exec(*db_, "INSERT INTO payout_reversal (payout_id, reversed_on, reason, entry_id, created_at) SELECT id, "
             "'2026-07-20', 'injected', " + std::to_string(id) + ", '2026-07-20T00:00:00Z' FROM payout "
             "WHERE reference = 'OUT-1'");
  EXPECT_EQ(ledger_error(*db_),
            "the reversal of payout OUT-1 does not undo it: assets:cash:JPY is left moved by 1 JPY");
}

// A reversal row whose entry does not negate its payment's exactly: one yen
// of the aggregator's line is taken from U-TOKYO's payable instead.
TEST_P(PaymentServiceTest, LedgerCheckNamesAReversalThatDoesNotUndoItsPayment) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  checkpoint(*db_, "2026-07");
  long long payment_entry = 0;
  soci_session(*db_) << "SELECT entry_id FROM payment WHERE reference = 'BANK-0001'", soci::into(payment_entry);
  std::vector<std::tuple<std::string, std::string, long long>> legs;
  for (const Posting& p : entry_postings(*db_, payment_entry)) {
    long long amount = -p.amount_minor;
    if (p.account == "income:aggregator") amount -= 1;
    if (p.account == "liabilities:payable:U-TOKYO") amount += 1;
    legs.emplace_back(p.account, p.currency, amount);
  }
  const long long id = raw_entry(*db_, "payment_reversal", "BANK-0001", legs);
  exec(*db_, "INSERT INTO payment_reversal (payment_id, reversed_on, reason, entry_id, created_at) SELECT id, "
             "'2026-07-20', 'injected', " + std::to_string(id) + ", '2026-07-20T00:00:00Z' FROM payment "
             "WHERE reference = 'BANK-0001'");
  EXPECT_EQ(ledger_error(*db_),
            "the reversal of payment BANK-0001 does not undo it: income:aggregator is left moved by -1 JPY");
}

// A reversed payment whose entry gets a posting after the checkpoint: the
// close's check looks at the reversal again, as the full check does.
TEST_P(PaymentServiceTest, LedgerCheckNamesAReversedPaymentChangedLater) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  ASSERT_TRUE(service_->reverse_payment(reversal("BANK-0001", "2026-07-11", "bounced")).ok());
  checkpoint(*db_, "2026-07");
  long long entry = 0;
  soci_session(*db_) << "SELECT entry_id FROM payment WHERE reference = 'BANK-0001'", soci::into(entry);
  for (const char* leg : {"'income:aggregator', 'JPY', 1", "'liabilities:payable:U-TOKYO', 'JPY', -1"}) {
    exec(*db_, "INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES (" + std::to_string(entry) +
                   ", " + leg + ")");
  }
  EXPECT_EQ(ledger_error(*db_),
            "the reversal of payment BANK-0001 does not undo it: income:aggregator is left moved by 1 JPY");
}

TEST_P(PaymentServiceTest, ListsPayments) {
  add_agreement(*db_, "LIC-2", "JPY", {kP1});
  add_invoice(*db_, "LIC-1", 1'000, "2026-07-01");
  record(payment("LIC-2", "2026-07-12", 500, "B-2"));
  record(payment("LIC-1", "2026-07-10", 1'500, "B-1"));
  auto all = service_->list_payments("", PageRequest{});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].reference, "B-1");  // by date
  EXPECT_EQ(all->items[0].applied_minor, 1'000);
  EXPECT_EQ(all->items[0].credit_minor, 500);
  EXPECT_EQ(all->items[1].reference, "B-2");
  EXPECT_TRUE(all->next.empty());
  auto one = service_->list_payments("LIC-2", PageRequest{});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].agreement, "LIC-2");
  EXPECT_FALSE(service_->list_payments("LIC-9", PageRequest{}).ok());
  // A page after a reference that names no payment is refused, naming "after".
  auto unknown = service_->list_payments("", PageRequest{"NOPE", 10});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "after");
  EXPECT_FALSE(service_->show_payment("NOPE").ok());
}

// ---- pages -----------------------------------------------------------------------------------

TEST_P(PaymentServiceTest, PagesPaymentsByDateThenReference) {
  // 2,500 payments on 28 days, references out of date order, seeded in one
  // transaction on the entry of one recorded payment.
  const PaymentView first = record(payment("LIC-1", "2026-07-10", 1'000, "P-0000"));
  std::vector<std::pair<std::string, std::string>> expected = {{"2026-07-10", "P-0000"}};
  long long agreement_id = 0;
  soci_session(*db_) << "SELECT agreement_id FROM payment WHERE reference = 'P-0000'", soci::into(agreement_id);
  std::vector<std::string> rows;
  for (int i = 1; i < 2'500; ++i) {
    char day[11], reference[16];
    std::snprintf(day, sizeof day, "2026-07-%02d", (i * 11) % 28 + 1);
    std::snprintf(reference, sizeof reference, "P-%04d", 2'500 - i);
    expected.emplace_back(day, reference);
    rows.push_back(std::string("('") + reference + "', " + std::to_string(agreement_id) + ", '" + day +
                   "', 'JPY', 1000, 1000, 'x', " + std::to_string(first.entry_id) + ")");
  }
  {
    WriteTransaction tx(*db_);
    testing::insert_rows(*db_, "INSERT INTO payment (reference, agreement_id, received_on, currency, amount_minor, "
                      "jpy_minor, content_hash, entry_id) VALUES ", rows);
    tx.commit();
  }
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> references;
  for (const auto& e : expected) references.push_back(e.second);
  const auto key = [](const PaymentView& v) { return v.reference; };
  EXPECT_EQ(testing::walk_pages<PaymentView>([&](const PageRequest& p) { return service_->list_payments("", p); }, key),
            references);
  EXPECT_EQ(testing::walk_pages<PaymentView>([&](const PageRequest& p) { return service_->list_payments("LIC-1", p); }, key),
            references);
  EXPECT_EQ(first.entry_id, service_->show_payment("P-0000")->entry_id);
}

TEST_P(PaymentServiceTest, PagesPayoutsByDateThenReference) {
  // 2,500 payouts on 28 days to two institutions, references out of date
  // order, seeded in one transaction on the entry of one recorded payout.
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  auto first = service_->record_payout({"U-TOKYO", d("2026-07-01"), 1, "OUT-0000"});
  ASSERT_TRUE(first.ok()) << first.error().message;
  long long tokyo = 0, kyoto = 0;
  soci_session(*db_) << "SELECT id FROM institution WHERE code = 'U-TOKYO'", soci::into(tokyo);
  soci_session(*db_) << "SELECT id FROM institution WHERE code = 'U-KYOTO'", soci::into(kyoto);
  std::vector<std::tuple<std::string, std::string, bool>> expected = {{"2026-07-01", "OUT-0000", true}};
  std::vector<std::string> rows;
  for (int i = 1; i < 2'500; ++i) {
    char day[11], reference[16];
    std::snprintf(day, sizeof day, "2026-07-%02d", (i * 11) % 28 + 1);
    std::snprintf(reference, sizeof reference, "OUT-%04d", 2'500 - i);
    const bool to_tokyo = i % 3 != 0;
    expected.emplace_back(day, reference, to_tokyo);
    rows.push_back(std::string("('") + reference + "', " + std::to_string(to_tokyo ? tokyo : kyoto) + ", '" +
                   day + "', 1, " + std::to_string(first->payout.entry_id) + ")");
  }
  {
    WriteTransaction tx(*db_);
    testing::insert_rows(*db_, "INSERT INTO payout (reference, institution_id, paid_on, amount_minor, entry_id) VALUES ",
                         rows);
    tx.commit();
  }
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> all, tokyo_only;
  for (const auto& [day, reference, to_tokyo] : expected) {
    all.push_back(reference);
    if (to_tokyo) tokyo_only.push_back(reference);
  }
  const auto key = [](const PayoutView& v) { return v.reference; };
  EXPECT_EQ(testing::walk_pages<PayoutView>([&](const PageRequest& p) { return service_->list_payouts("", p); }, key),
            all);
  EXPECT_EQ(testing::walk_pages<PayoutView>([&](const PageRequest& p) { return service_->list_payouts("U-TOKYO", p); },
                                            key),
            tokyo_only);
  auto unknown = service_->list_payouts("U-NOWHERE", PageRequest{"", 10});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "institution");
  auto bad_after = service_->list_payouts("", PageRequest{"OUT-NONE", 10});
  ASSERT_FALSE(bad_after.ok());
  EXPECT_EQ(bad_after.error().field, "after");
}

TEST_P(PaymentServiceTest, PagesPayablesByInstitution) {
  // 2,500 institutions with a payable, seeded in one transaction (codes
  // inserted out of order) on the entry of one recorded payment.
  const PaymentView first = record(payment("LIC-1", "2026-07-10", 1'000, "B-1"));
  std::vector<std::string> codes, institutions, postings;
  for (int i = 0; i < 2'500; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "PAY-%04d", (i * 7) % 2'500);
    codes.emplace_back(code);
    institutions.push_back(std::string("('") + code + "', 'university', 'Payee', 'JP', 'x')");
    postings.push_back("(" + std::to_string(first.entry_id) + ", '" + payable_account(code) + "', 'JPY', -100, 'B-1')");
  }
  {
    WriteTransaction tx(*db_);
    testing::insert_rows(*db_, "INSERT INTO institution (code, kind, name_en, country, content_hash) VALUES ", institutions);
    testing::insert_rows(*db_, "INSERT INTO posting (entry_id, account, currency, amount_minor, payment_reference) VALUES ",
                postings);
    tx.commit();
  }
  std::sort(codes.begin(), codes.end());
  const auto key = [](const PayableBalance& b) { return b.institution; };
  EXPECT_EQ(testing::walk_pages<PayableBalance>([&](const PageRequest& p) { return service_->list_payables("", p); }, key),
            codes);
  std::vector<std::string> whole;
  for (const PayableBalance& b : service_->payables()) whole.push_back(b.institution);
  EXPECT_EQ(whole, codes);
  auto one = service_->list_payables("PAY-0042", PageRequest{});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].credited_minor, 100);
  EXPECT_EQ(one->items[0].name_en, "Payee");
  EXPECT_EQ(service_->list_payables("", PageRequest{"NOPE", 10}).error().field, "after");
}

// ---- policy files ----------------------------------------------------------------------------

TEST(DistributionPolicyTest, TheShippedDefaultIsTheDefault) {
  auto p = load_distribution_policy(std::string(CHIZAI_SOURCE_DIR) + "/config/policies", "default");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->cost_recovery_max_bps, 10000);
  EXPECT_EQ(p->aggregator_share, Fraction::make(1, 3).value());
  EXPECT_EQ(p->company_owners, CompanyOwners::kInclude);
  // Without a file, "default" means the same numbers; another name is refused.
  testing::TempDir empty;
  auto builtin = load_distribution_policy(empty.path(), "default");
  ASSERT_TRUE(builtin.ok());
  EXPECT_EQ(builtin->aggregator_share, Fraction::make(1, 3).value());
  auto missing = load_distribution_policy(empty.path(), "other");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("unknown distribution policy 'other'"), std::string::npos);
  EXPECT_FALSE(load_distribution_policy(empty.path(), "../etc/passwd").ok());
}

TEST(DistributionPolicyTest, ParsesEveryKeyAndRefusesNonsense) {
  auto p = parse_distribution_policy("# comment\n! also\n\ncost_recovery_max_bps = 5000\r\n"
                                     "aggregator_share: 0.25\ncompany_owners=exclude\n", "t");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->cost_recovery_max_bps, 5000);
  EXPECT_EQ(p->aggregator_share, Fraction::make(1, 4).value());
  EXPECT_EQ(p->company_owners, CompanyOwners::kExclude);
  auto error = [](const char* text) {
    auto r = parse_distribution_policy(text, "p.properties");
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(error("cost_recovery_max_bps = 10001"),
            "p.properties line 1: cost_recovery_max_bps '10001' is not a whole number from 0 to 10000");
  EXPECT_EQ(error("\naggregator_share = 4/3"),
            "p.properties line 2: aggregator_share '4/3' is not a fraction from 0 to 1 (e.g. 1/3)");
  EXPECT_EQ(error("aggregator_share = -1/3"),
            "p.properties line 1: aggregator_share '-1/3' is not a fraction from 0 to 1 (e.g. 1/3)");
  EXPECT_EQ(error("company_owners = maybe"), "p.properties line 1: company_owners 'maybe': use include or exclude");
  EXPECT_EQ(error("aggregator = 1/3"),
            "p.properties line 1: unknown key 'aggregator' (keys: cost_recovery_max_bps, aggregator_share, "
            "company_owners)");
  EXPECT_EQ(error("just text"), "p.properties line 1: expected 'key = value'");
}

// ---- the fixed-seed property test ------------------------------------------------------------

// One database with the registry imported in a given order, the agreements
// and the package with costs.
struct World {
  std::unique_ptr<TestDb> tdb;
  std::unique_ptr<Database> db;
  std::unique_ptr<PaymentService> service;
};

void build_world(World& w, const std::string& backend, const std::string& policy_dir, bool shuffled) {
  w.tdb = std::make_unique<TestDb>(backend);
  w.db = w.tdb->open_migrated();
  std::vector<std::string> institutions = kInstitutionLines;
  std::vector<PatentSpec> patents = patent_specs();
  if (shuffled) {
    // Other ids, other registry order, other owner order.
    std::reverse(institutions.begin(), institutions.end());
    std::reverse(patents.begin(), patents.end());
    for (auto& p : patents) std::reverse(p.owners.begin(), p.owners.end());
  }
  RegistryService registry(*w.db);
  std::istringstream inst(join_lines(institutions)), pat(patents_jsonl(patents));
  ASSERT_TRUE(registry.import_institutions(inst, FileFormat::kJsonl, {}).written);
  ASSERT_TRUE(registry.import_patents(pat, FileFormat::kJsonl, {}).written);
  add_package_with_costs(*w.db);
  std::vector<std::string> three = {kP1, kP2, kP3}, two = {kP2, kP4};
  if (shuffled) {
    std::reverse(three.begin(), three.end());
    std::reverse(two.begin(), two.end());
  }
  add_agreement(*w.db, "LIC-J", "JPY", three);
  add_agreement(*w.db, "LIC-U", "USD", two, "", "exclude");
  add_agreement(*w.db, "LIC-P", "JPY", three, "PKG-A", "half");
  // No rate bounds: the property walks rates of 0.5 and 1 JPY per USD for
  // their rounding, which a real configuration would refuse as implausible.
  SchemeSettings settings;
  settings.fx_bounds.clear();
  w.service = std::make_unique<PaymentService>(*w.db, settings, "tester", policy_dir);
}

struct Sorted {
  std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string, std::int64_t>> lines;
  bool operator==(const Sorted&) const = default;
};

Sorted sorted_lines(const PaymentView& v) {
  Sorted s;
  for (const auto& l : v.lines) {
    s.lines.emplace_back(l.kind, l.income_type, l.package + l.patent, l.institution, l.share, l.amount_minor);
  }
  std::sort(s.lines.begin(), s.lines.end());
  return s;
}

class PaymentPropertyTest : public testing::BackendTest {};

TEST_P(PaymentPropertyTest, RandomInvoicesPaymentsAndPayoutsKeepTheLedger) {
  testing::TempDir policies;
  policies.write("half.properties", "cost_recovery_max_bps = 5000\n");
  policies.write("exclude.properties", "company_owners = exclude\n");
  World a, b;
  build_world(a, GetParam(), policies.path(), false);
  if (HasFatalFailure()) return;
  build_world(b, GetParam(), policies.path(), true);
  if (HasFatalFailure()) return;

  std::mt19937_64 rng(20260701);
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
  };
  const std::vector<std::string> agreements = {"LIC-J", "LIC-U", "LIC-P"};
  const std::vector<std::string> rates = {"151.234567", "149.5", "0.5", "1", "160.000001"};
  const std::vector<std::string> institutions = {"U-TOKYO", "U-KYOTO", "U-OSAKA", "U-TOHOKU",
                                                 "U-NAGOYA", "U-HOKKAIDO", "C-0002"};
  const std::vector<std::string> types = {"upfront", "running_royalty", "milestone", "sublicense"};
  std::int64_t distributed = 0, paid_out = 0, payments = 0, refusals = 0;
  Date day = d("2026-07-01");
  for (int step = 0; step < 60; ++step) {
    day = day.add_days(static_cast<int>(pick(0, 3)));
    const std::string on = day.to_string();
    const std::string agreement = agreements[static_cast<std::size_t>(pick(0, 2))];
    const std::int64_t what = pick(0, 9);
    SCOPED_TRACE("step " + std::to_string(step) + " on " + on);
    if (what < 4) {
      // An invoice; one in five is a credit note.
      std::int64_t amount = pick(1, 1'500'000);
      if (pick(0, 4) == 0) amount = -pick(1, 200'000);
      const std::string type = types[static_cast<std::size_t>(pick(0, 3))];
      for (World* w : {&a, &b}) add_invoice(*w->db, agreement, amount, on.c_str(), type);
    } else if (what < 8) {
      const bool usd = agreement == "LIC-U";
      PaymentRequest r = payment(agreement, on.c_str(), pick(1, 2'000'000), "P-" + std::to_string(step),
                                 usd ? "USD" : "JPY", usd ? rates[static_cast<std::size_t>(pick(0, 4))] : "");
      auto ra = a.service->record_payment(r);
      auto rb = b.service->record_payment(r);
      ASSERT_TRUE(ra.ok()) << ra.error().message;
      ASSERT_TRUE(rb.ok()) << rb.error().message;
      const PaymentView& v = ra->payment;
      // The lines sum exactly to the JPY value of the part that settled
      // invoices; the rest is credit.
      EXPECT_EQ(v.applied_minor + v.credit_minor, r.amount_minor);
      std::int64_t applied_jpy = v.applied_minor;
      if (usd && v.applied_minor > 0) {
        applied_jpy = to_jpy_minor(Money(v.applied_minor, Currency::of("USD").value()), r.fx_rate).value();
      }
      EXPECT_EQ(lines_total(v), applied_jpy);
      EXPECT_EQ(v.distributed_jpy_minor, applied_jpy);
      // The shuffled world routes every yen the same way.
      EXPECT_TRUE(sorted_lines(v) == sorted_lines(rb->payment));
      EXPECT_EQ(v.applications.size(), rb->payment.applications.size());
      distributed += applied_jpy;
      ++payments;
      // A replay of the same payment changes nothing.
      if (pick(0, 5) == 0) {
        auto again = a.service->record_payment(r);
        ASSERT_TRUE(again.ok());
        EXPECT_FALSE(again->recorded);
        EXPECT_TRUE(sorted_lines(again->payment) == sorted_lines(v));
      }
    } else {
      const std::string who = institutions[static_cast<std::size_t>(pick(0, 6))];
      const std::int64_t balance = a.service->payable_balance(who).value();
      EXPECT_EQ(b.service->payable_balance(who).value(), balance);
      const std::int64_t amount = pick(1, balance + 10'000);
      PayoutRequest r{who, day, amount, "OUT-" + std::to_string(step)};
      if (amount > balance) {
        const std::string before = testing::dump_content(*a.db);
        EXPECT_FALSE(a.service->record_payout(r).ok());
        EXPECT_EQ(testing::dump_content(*a.db), before);
        EXPECT_FALSE(b.service->record_payout(r).ok());
        ++refusals;
      } else {
        ASSERT_TRUE(a.service->record_payout(r).ok());
        ASSERT_TRUE(b.service->record_payout(r).ok());
        paid_out += amount;
      }
    }
    for (World* w : {&a, &b}) {
      auto s = check_ledger(*w->db);
      ASSERT_TRUE(s.ok()) << s.error().message;
    }
  }
  EXPECT_GT(payments, 10);
  EXPECT_GT(refusals + paid_out, 0);
  // Every distributed yen is in a payable, the aggregator's income or cost
  // recovery, less what was paid out.
  std::int64_t held = -account_sum(*a.db, "income:aggregator") - account_sum(*a.db, "income:cost-recovery:PKG-A");
  for (const auto& p : a.service->payables()) held += p.balance_minor;
  EXPECT_EQ(held, distributed - paid_out);
  EXPECT_EQ(payable_map(*a.service), payable_map(*b.service));
  EXPECT_EQ(account_sum(*a.db, "income:aggregator"), account_sum(*b.db, "income:aggregator"));
}


// ---- dated ownership transfers (owner history) ------------------------------------------------

TransferRequest transfer_to(const char* date, std::vector<Owner> owners, std::vector<std::string> consents) {
  return TransferRequest{d(date), std::move(owners), std::move(consents), "sold its share"};
}

TEST_P(PaymentServiceTest, PaymentsFollowTheOwnersInForceOnTheDayReceived) {
  // P3 (U-NAGOYA, U-HOKKAIDO 1/2 each) goes to U-NAGOYA alone from
  // 2026-08-01, recorded before any payment: a payment received before the
  // date pays the former owners, one received from it on the new owner.
  OwnershipService ownership(*db_, SchemeSettings{}, "admin");
  auto t = ownership.transfer(kP3, transfer_to("2026-08-01", {{"U-NAGOYA", Fraction::one()}}, {"U-HOKKAIDO"}));
  ASSERT_TRUE(t.ok()) << t.error().message;
  add_invoice(*db_, "LIC-1", 2'000'000, "2026-07-01");
  const auto before = line_amounts(record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001")));
  EXPECT_EQ(before.at({"owner", kP3, "U-HOKKAIDO"}), 111'111);
  EXPECT_EQ(before.at({"owner", kP3, "U-NAGOYA"}), 111'111);
  const auto after = line_amounts(record(payment("LIC-1", "2026-08-10", 1'000'000, "BANK-0002")));
  EXPECT_EQ(after.at({"owner", kP3, "U-NAGOYA"}), 222'222);
  EXPECT_EQ(after.count({"owner", kP3, "U-HOKKAIDO"}), 0u);
  EXPECT_EQ(after.at({"aggregator", "", "AGG-JST"}), 333'334);
  const auto payables = payable_map(*service_);
  EXPECT_EQ(payables.at("U-HOKKAIDO"), 111'111);
  EXPECT_EQ(payables.at("U-NAGOYA"), 333'333);
  // The owner history: the first period (from filing) and the transfer.
  auto h = ownership.history(kP3);
  ASSERT_TRUE(h.ok()) << h.error().message;
  ASSERT_EQ(h->periods.size(), 2u);
  EXPECT_EQ(h->periods[0].kind, "first");
  EXPECT_EQ(h->periods[0].owners.size(), 2u);
  EXPECT_EQ(h->periods[1].kind, "transfer");
  EXPECT_EQ(h->periods[1].valid_from, d("2026-08-01"));
  EXPECT_EQ(h->periods[1].consents, std::vector<std::string>{"U-HOKKAIDO"});
  EXPECT_EQ(h->periods[1].actor, "admin");
  ASSERT_EQ(h->owners_of_record.size(), 1u);
  EXPECT_EQ(h->owners_of_record[0].institution, "U-NAGOYA");
  // The change history has the transfer, with both owner lists.
  const auto changes = list_changes(*db_, ChangeFilter{"patent", kP3});
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.front().action, "patent.transfer");
  EXPECT_EQ(changes.front().actor, "admin");
  EXPECT_NE(changes.front().detail.find("\"from\":[{\"institution\":\"U-NAGOYA\""), std::string::npos)
      << changes.front().detail;
  EXPECT_NE(changes.front().detail.find("\"to\":[{\"institution\":\"U-NAGOYA\",\"share\":\"1\"}]"),
            std::string::npos)
      << changes.front().detail;
}

TEST_P(PaymentServiceTest, TransferWithoutTheLosingOwnersConsentIsRefused) {
  OwnershipService ownership(*db_, SchemeSettings{}, "admin");
  expect_refused([&] { return ownership.transfer(kP3, transfer_to("2026-08-01", {{"U-NAGOYA", Fraction::one()}}, {})); },
                 "U-HOKKAIDO, whose consent is not given");
  // A share going down needs consent too; a consent from a non-owner is refused.
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2026-08-01",
                                               {{"U-NAGOYA", Fraction::make(3, 4).value()},
                                                {"U-HOKKAIDO", Fraction::make(1, 4).value()}},
                                               {"U-NAGOYA"}));
  }, "U-HOKKAIDO, whose consent");
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2026-08-01", {{"U-NAGOYA", Fraction::one()}}, {"U-HOKKAIDO", "U-TOKYO"}));
  }, "consent from U-TOKYO, which is not an owner");
  auto r = ownership.transfer(kP3, transfer_to("2026-08-01", {{"U-NAGOYA", Fraction::one()}}, {}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "missing_consent");
  EXPECT_EQ(r.error().field, "consents");
  // Shares that do not sum to 1, and a future date.
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2026-08-01", {{"U-NAGOYA", Fraction::make(1, 2).value()}}, {"U-HOKKAIDO"}));
  }, "sum to 1/2, not 1");
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2999-01-01", {{"U-NAGOYA", Fraction::one()}}, {"U-HOKKAIDO"}));
  }, "after today");
}

TEST_P(PaymentServiceTest, TransferDatedBeforeRoutedIncomeIsRefused) {
  add_invoice(*db_, "LIC-1", 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-0001"));
  OwnershipService ownership(*db_, SchemeSettings{}, "admin");
  // The income of 2026-07-10 went to U-NAGOYA and U-HOKKAIDO: a transfer
  // dated on or before it would move it.
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2026-07-10", {{"U-NAGOYA", Fraction::one()}}, {"U-HOKKAIDO"}));
  }, "payment BANK-0001");
  auto ok = ownership.transfer(kP3, transfer_to("2026-07-11", {{"U-NAGOYA", Fraction::one()}}, {"U-HOKKAIDO"}));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  // Transfers go in date order; the owners are not edited by a record change.
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2026-07-11", {{"U-HOKKAIDO", Fraction::one()}}, {"U-NAGOYA"}));
  }, "not after the last ownership change");
  RegistryService registry(*db_);
  auto edit = registry.update_patent(kP3, R"({"owners":[{"institution":"U-NAGOYA","share":"1/2"},)"
                                          R"({"institution":"U-HOKKAIDO","share":"1/2"}]})",
                                     WriteScope{"tester", "", true, false});
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, "ownership_transfer_required");
}

TEST_P(PaymentServiceTest, AssignmentMakesTheAggregatorOwnerOfRecordAndKeepsTheBeneficiaries) {
  AggregationService aggregation(*db_, SchemeSettings{}, "tester");
  for (const char* code : {"U-NAGOYA", "U-HOKKAIDO"}) {
    ASSERT_TRUE(aggregation.add_consent(kP3, Consent{code, ConsentScope::kAssignment, d("2026-05-01")}).ok());
  }
  ASSERT_TRUE(aggregation.aggregate(kP3, AggregationRequest{AggregationMode::kAssignment, d("2026-05-02"), "core"}).ok());
  auto detail = aggregation.patent_detail(kP3);
  ASSERT_TRUE(detail.ok()) << detail.error().message;
  ASSERT_EQ(detail->owners_of_record.size(), 1u);
  EXPECT_EQ(detail->owners_of_record[0].institution, "AGG-JST");
  ASSERT_EQ(detail->beneficiaries.size(), 2u);
  // Lists by role: the aggregator owns it of record, the universities are beneficiaries.
  RegistryService registry(*db_);
  auto numbers = [&](const char* institution, const char* role) {
    PatentQuery q;
    q.institution = institution;
    q.role = role;
    auto f = read_patent_filter(q);
    EXPECT_TRUE(f.ok()) << f.error().message;
    std::vector<std::string> out;
    auto page = registry.list_patents(*f, PageRequest{"", 100});
    EXPECT_TRUE(page.ok());
    for (const auto& p : page->items) out.push_back(p.patent.application_number);
    return out;
  };
  EXPECT_EQ(numbers("AGG-JST", "owner"), std::vector<std::string>{kP3});
  EXPECT_EQ(numbers("AGG-JST", ""), std::vector<std::string>{kP3});
  EXPECT_TRUE(numbers("AGG-JST", "beneficiary").empty());
  EXPECT_TRUE(numbers("U-NAGOYA", "owner").empty());
  EXPECT_EQ(numbers("U-NAGOYA", "beneficiary"), std::vector<std::string>{kP3});
  EXPECT_EQ(numbers("U-NAGOYA", "either"), std::vector<std::string>{kP3});
  EXPECT_EQ(numbers("U-TOKYO", "owner"), (std::vector<std::string>{kP1, kP4}));
  PatentQuery bad;
  bad.role = "owner";
  EXPECT_EQ(read_patent_filter(bad).error().field, "role");
  bad.institution = "U-TOKYO";
  bad.role = "licensee";
  EXPECT_EQ(read_patent_filter(bad).error().field, "role");
  // A transfer of an assigned patent is refused: the beneficiaries keep the income.
  OwnershipService ownership(*db_, SchemeSettings{}, "admin");
  expect_refused([&] {
    return ownership.transfer(kP3, transfer_to("2026-08-01", {{"U-NAGOYA", Fraction::one()}}, {"U-HOKKAIDO"}));
  }, "was assigned to the aggregator AGG-JST");
  auto h = ownership.history(kP3);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->periods.size(), 2u);
  EXPECT_EQ(h->periods[1].kind, "assignment");
  EXPECT_EQ(h->periods[1].owners[0].institution, "AGG-JST");
}

TEST_P(PaymentServiceTest, AssignmentBeforeTheLastTransferIsRefused) {
  OwnershipService ownership(*db_, SchemeSettings{}, "admin");
  ASSERT_TRUE(ownership.transfer(kP1, transfer_to("2026-08-01", {{"U-KYOTO", Fraction::one()}}, {"U-TOKYO"})).ok());
  AggregationService aggregation(*db_, SchemeSettings{}, "tester");
  expect_refused([&] {
    return aggregation.aggregate(kP1, AggregationRequest{AggregationMode::kAssignment, d("2026-07-01"), "core"});
  }, "before the transfer");
}

// ---- credit notes netted, corrections after payment, refunds (issue 21, finding 2) ---------

// Issues an invoice (a credit note when negative) and settles what it can at
// once, as the licensing service does after every invoice it issues.
long long issue_and_settle(Database& db, const std::string& policy_dir, std::int64_t amount, const char* on) {
  WriteTransaction tx(db);
  InvoiceDraft draft;
  draft.agreement = "LIC-1";
  draft.income_type = "running_royalty";
  draft.issued_on = d(on);
  draft.amount_minor = amount;
  auto id = issue_invoice(db, draft);
  EXPECT_TRUE(id.ok()) << id.error().message;
  if (!id.ok()) return 0;
  auto applied = apply_licensee_credit(db, SchemeSettings{}, "tester", policy_dir, "LIC-1", d(on));
  EXPECT_TRUE(applied.ok()) << applied.error().message;
  tx.commit();
  return id.value();
}

// What the month close's hook does with credit notes still open.
void settle_at_close(Database& db, const char* month_end) {
  WriteTransaction tx(db);
  auto s = credit_open_credit_notes(db, "tester", d(month_end));
  ASSERT_TRUE(s.ok()) << s.error().message;
  tx.commit();
}

// invoice id → open amount, as the invoice lists show it.
std::map<long long, std::int64_t> open_amounts(Database& db) {
  std::map<long long, std::int64_t> out;
  for (const auto& v : invoice_balances(db, 1, d("9999-12-31"))) out[v.id] = v.open_minor;
  return out;
}

CreditRefundRequest refund(std::int64_t amount, const char* on, const std::string& reference) {
  CreditRefundRequest r;
  r.agreement = "LIC-1";
  r.date = d(on);
  r.amount_minor = amount;
  r.reference = reference;
  return r;
}

// A credit note of 10,000 against an invoice of 100,000 still open: netted
// on the note's date, so the invoice shows 90,000 open and the note 0 (not
// −10,000 beside +100,000); a payment of 90,000 then settles everything.
TEST_P(PaymentServiceTest, ACreditNoteIsNettedAgainstTheOpenInvoice) {
  const long long invoice = issue_and_settle(*db_, policies_.path(), 100'000, "2026-07-01");
  const long long note = issue_and_settle(*db_, policies_.path(), -10'000, "2026-07-15");
  expect_ledger_ok();
  EXPECT_EQ(open_amounts(*db_), (std::map<long long, std::int64_t>{{invoice, 90'000}, {note, 0}}));
  long long note_id = 0, invoice_id = 0, amount = 0, jpy = -1;
  std::string on;
  soci_session(*db_) << "SELECT credit_note_id, invoice_id, amount_minor, jpy_minor, applied_on FROM "
                        "credit_note_application",
      soci::into(note_id), soci::into(invoice_id), soci::into(amount), soci::into(jpy), soci::into(on);
  EXPECT_EQ(note_id, note);
  EXPECT_EQ(invoice_id, invoice);
  EXPECT_EQ(amount, 10'000);
  EXPECT_EQ(jpy, 0);
  EXPECT_EQ(on, "2026-07-15");
  // The receivable (100,000 − 10,000) and undistributed do not move.
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001"), 90'000);
  EXPECT_EQ(account_sum(*db_, "liabilities:undistributed"), -90'000);
  const PaymentView v = record(payment("LIC-1", "2026-07-20", 90'000, "BANK-NET"));
  EXPECT_EQ(v.applied_minor, 90'000);
  EXPECT_EQ(v.credit_minor, 0);
  EXPECT_EQ(open_amounts(*db_), (std::map<long long, std::int64_t>{{invoice, 0}, {note, 0}}));
}

// A correction after everything was paid: 1,000,000 invoiced and paid
// (aggregator 333,334; U-TOKYO 222,222; U-HOKKAIDO and U-NAGOYA 111,111;
// U-KYOTO, U-OSAKA, U-TOHOKU 74,074), then a credit note of 100,000. The
// licensee is owed 100,000 as credit, and the 100,000 is taken back from
// the lines in proportion to what they got (at the month close, dated
// 2026-07-31), 1/10 of each:
//   33,333.4 aggregator, 22,222.2 U-TOKYO, 11,111.1 U-HOKKAIDO and U-NAGOYA,
//   7,407.4 U-KYOTO, U-OSAKA and U-TOHOKU; floors sum to 99,998, the two
//   units left go to the largest remainders (.4), ties to the smaller key
//   (account order: income:aggregator, then U-KYOTO before U-OSAKA, U-TOHOKU):
//   aggregator 33,334, U-KYOTO 7,408, the rest their floors.
// Then a refund of 40,000 (credit 60,000 left), applied to the next invoice.
TEST_P(PaymentServiceTest, ACorrectionAfterPaymentIsOwedToTheLicenseeAndTakenBack) {
  const long long invoice = issue_and_settle(*db_, policies_.path(), 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-FULL"));
  const long long note = issue_and_settle(*db_, policies_.path(), -100'000, "2026-07-20");
  // Until the month closes the note is open: the licensee is owed 100,000.
  EXPECT_EQ(open_amounts(*db_), (std::map<long long, std::int64_t>{{invoice, 0}, {note, -100'000}}));
  settle_at_close(*db_, "2026-07-31");
  expect_ledger_ok();
  EXPECT_EQ(open_amounts(*db_), (std::map<long long, std::int64_t>{{invoice, 0}, {note, 0}}));
  EXPECT_EQ(payable_map(*service_),
            (std::map<std::string, std::int64_t>{{"U-HOKKAIDO", 100'000}, {"U-KYOTO", 66'666},
                                                 {"U-NAGOYA", 100'000}, {"U-OSAKA", 66'667},
                                                 {"U-TOHOKU", 66'667}, {"U-TOKYO", 200'000}}));
  EXPECT_EQ(account_sum(*db_, "income:aggregator"), -300'000);
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), -100'000);
  EXPECT_EQ(account_sum(*db_, "assets:receivable:C-0001"), 0);
  EXPECT_EQ(account_sum(*db_, "liabilities:undistributed"), 0);
  long long rows = 0, jpy = 0;
  soci_session(*db_) << "SELECT CAST(COUNT(*) AS BIGINT), CAST(SUM(jpy_minor) AS BIGINT) FROM "
                        "credit_note_application WHERE invoice_id IS NULL",
      soci::into(rows), soci::into(jpy);
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(jpy, 100'000);
  const auto credits = service_->list_credits("", PageRequest{"", 10});
  ASSERT_TRUE(credits.ok());
  ASSERT_EQ(credits->items.size(), 1u);
  EXPECT_EQ(credits->items[0].balance_minor, 100'000);

  // Refund 40,000: a payment out (Dr credit, Cr cash), idempotent by reference.
  auto paid = service_->refund_credit(refund(40'000, "2026-08-05", "REFUND-1"));
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_TRUE(paid->recorded);
  EXPECT_EQ(paid->credit_left_minor, 60'000);
  expect_ledger_ok();
  EXPECT_EQ(account_sum(*db_, "assets:cash:JPY"), 960'000);
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), -60'000);
  auto again = service_->refund_credit(refund(40'000, "2026-08-05", "REFUND-1"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(count(*db_, "credit_refund"), 1);
  expect_refused([&] { return service_->refund_credit(refund(50'000, "2026-08-05", "REFUND-1")); },
                 "already recorded with different content: amount 40,000 JPY recorded, 50,000 JPY given");
  expect_refused([&] { return service_->refund_credit(refund(60'001, "2026-08-06", "REFUND-2")); },
                 "C-0001 holds 60,000 JPY of credit on LIC-1: cannot refund 60,001 JPY");
  // The credit left (60,000) settles the next invoice of 200,000 in part.
  const long long next = issue_and_settle(*db_, policies_.path(), 200'000, "2026-08-10");
  EXPECT_EQ(open_amounts(*db_)[next], 140'000);
  EXPECT_EQ(account_sum(*db_, "liabilities:licensee-credit:C-0001"), 0);
  expect_ledger_ok();
}

// A correction after payment when the institutions were paid out meanwhile:
// taking 1/10 back would put U-TOKYO's payable (0 after its payout) below
// zero, so the credit note is left open (−100,000) and nothing is taken.
TEST_P(PaymentServiceTest, ACorrectionIsNotTakenBackFromAPayablePaidOut) {
  issue_and_settle(*db_, policies_.path(), 1'000'000, "2026-07-01");
  record(payment("LIC-1", "2026-07-10", 1'000'000, "BANK-FULL"));
  PayoutRequest out{"U-TOKYO", d("2026-07-12"), 222'222, "PO-1"};
  ASSERT_TRUE(service_->record_payout(out).ok());
  const long long note = issue_and_settle(*db_, policies_.path(), -100'000, "2026-07-20");
  settle_at_close(*db_, "2026-07-31");
  EXPECT_EQ(open_amounts(*db_)[note], -100'000);
  EXPECT_EQ(count(*db_, "credit_note_application"), 0);
  expect_ledger_ok();
}

// ---- receivables (issue 21, finding 8) ----------------------------------------------------

// LIC-1 with 30-day terms, reporting quarterly within 45 days from 2026-04-01.
// Invoices: 100,000 on 2026-07-01 (due 07-31), 50,000 on 10-15 (due 11-14),
// 30,000 on 11-20 (due 12-20); 40,000 paid on 08-01 (to the oldest). As of
// 2026-12-01: 60,000 is 123 days past due (07-31 → 12-01: 31+30+31+30+1),
// 50,000 17 days (11-14 → 12-01), 30,000 not due (−19). The Q1 report
// (04-01..06-30, due 08-14) is on record; Q2 (07-01..09-30, due 11-14) is
// 17 days late; Q3 has not ended.
TEST_P(PaymentServiceTest, ReceivablesAgeOpenInvoicesAndListLateReports) {
  exec(*db_, "UPDATE agreement SET reporting_period = 'quarterly', reporting_days = 45 WHERE reference = 'LIC-1'");
  exec(*db_, "INSERT INTO royalty_report (agreement_id, period_start, period_end, net_sales_minor, "
             "sublicense_income_minor, received_at) VALUES (1, '2026-04-01', '2026-06-30', 0, 0, "
             "'2026-07-20T00:00:00Z')");
  const long long i1 = add_invoice(*db_, "LIC-1", 100'000, "2026-07-01");
  record(payment("LIC-1", "2026-08-01", 40'000, "BANK-PART"));
  const long long i2 = add_invoice(*db_, "LIC-1", 50'000, "2026-10-15");
  const long long i3 = add_invoice(*db_, "LIC-1", 30'000, "2026-11-20");
  ReceivablesService receivables(*db_);
  auto r = receivables.report(d("2026-12-01"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->invoices.size(), 3u);
  EXPECT_EQ(r->invoices[0].item.invoice_id, i1);
  EXPECT_EQ(r->invoices[0].item.due_on, d("2026-07-31"));
  EXPECT_EQ(r->invoices[0].item.open_minor, 60'000);
  EXPECT_EQ(r->invoices[0].days_past_due, 123);
  EXPECT_EQ(r->invoices[0].bucket, "90+");
  EXPECT_EQ(r->invoices[1].item.invoice_id, i2);
  EXPECT_EQ(r->invoices[1].days_past_due, 17);
  EXPECT_EQ(r->invoices[1].bucket, "1-30");
  EXPECT_EQ(r->invoices[2].item.invoice_id, i3);
  EXPECT_EQ(r->invoices[2].days_past_due, -19);
  EXPECT_EQ(r->invoices[2].bucket, "current");
  ASSERT_EQ(r->totals.size(), 1u);
  EXPECT_EQ(r->totals[0].currency, "JPY");
  EXPECT_EQ(r->totals[0].buckets_minor, (std::vector<std::int64_t>{30'000, 50'000, 0, 0, 60'000}));
  EXPECT_EQ(r->totals[0].total_minor, 140'000);
  ASSERT_EQ(r->by_licensee.size(), 1u);
  EXPECT_EQ(r->by_licensee[0].licensee, "C-0001");
  ASSERT_EQ(r->overdue.size(), 2u);
  EXPECT_EQ(r->overdue[0].item.invoice_id, i1);
  EXPECT_EQ(r->overdue[1].item.invoice_id, i2);
  ASSERT_EQ(r->late_reports.size(), 1u);
  EXPECT_EQ(r->late_reports[0].period_first, d("2026-07-01"));
  EXPECT_EQ(r->late_reports[0].period_last, d("2026-09-30"));
  EXPECT_EQ(r->late_reports[0].due_on, d("2026-11-14"));
  EXPECT_EQ(r->late_reports[0].days_late, 17);
  // As of 2026-07-31 the payment had not arrived and the first invoice was
  // due that day: 100,000 current, nothing overdue, no report late yet.
  auto early = receivables.report(d("2026-07-31"));
  ASSERT_TRUE(early.ok());
  ASSERT_EQ(early->invoices.size(), 1u);
  EXPECT_EQ(early->invoices[0].item.open_minor, 100'000);
  EXPECT_EQ(early->invoices[0].bucket, "current");
  EXPECT_TRUE(early->overdue.empty());
  EXPECT_TRUE(early->late_reports.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, PaymentPropertyTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
