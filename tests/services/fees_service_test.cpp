// The maintenance budget on SQLite and PostgreSQL: the fees forecast by
// fiscal year and grouping with hand-computed figures (a USD fee converted
// with a dated rate, a missing rate refused), the keep-or-drop review's facts
// (a licensed patent with routed income beside an unlicensed one), and the
// programme report's fiscal-year fees and licence income.
//
// The tasks are constructed here (FeesService takes the task computation),
// so these figures test the budget, not the rule book.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "demo/demo_data.h"
#include "requests/event.h"
#include "services/docket_service.h"
#include "services/event_service.h"
#include "services/scheme_loader.h"
#include "services/fees_service.h"
#include "services/payment_service.h"
#include "services/project_service.h"
#include "store/docket_store.h"
#include "store/fees_store.h"
#include "store/invoice_store.h"
#include "registry_fixture.h"
#include "store/session.h"

namespace chizai {
namespace {

using docket::ForecastGrouping;
using docket::Task;

Date d(const char* s) { return Date::parse(s).value(); }

constexpr const char* kP1 = "JP2020000001A";  // U-TOKYO; licensed, income routed to it; in PKG-A
constexpr const char* kP2 = "US202000000002A";  // U-TOKYO 1/2, U-KYOTO 1/2; USD fees
constexpr const char* kP3 = "JP2020000003A";  // U-KYOTO; aggregated under assignment to AGG-JST

Task fee_task(const std::string& key, const char* due, std::int64_t amount, const std::string& currency,
              const std::string& jurisdiction) {
  Task t;
  t.key = key;
  t.kind = "annual_fee";
  t.jurisdiction = jurisdiction;
  t.label = key;
  t.nominal_due = t.due = d(due);
  t.grace_end = t.due.add_months(6);  // six months' grace, the fee doubled (late_amount)
  docket::Fee f;
  f.amount = amount;
  f.late_amount = amount * 2;
  f.currency = currency;
  f.table = "test";
  t.fee = f;
  return t;
}

// The tasks each application gets, by number.
std::vector<Task> tasks_of(const docket::Application& app) {
  if (app.number == kP1) {
    Task expiry;
    expiry.key = "expiry";
    expiry.kind = "expiry";
    expiry.jurisdiction = "JP";
    expiry.due = expiry.nominal_due = d("2040-03-01");
    return {fee_task("jp.annual.4", "2027-01-15", 10300, "JPY", "JP"),
            fee_task("jp.annual.5", "2028-01-15", 24800, "JPY", "JP"), expiry};
  }
  if (app.number == kP2) {
    return {fee_task("us.maintenance.3.5", "2027-06-30", 213001, "USD", "US"),
            fee_task("us.maintenance.7.5", "2031-06-30", 401000, "USD", "US")};
  }
  if (app.number == kP3) {
    // The last day of FY2026 and the first of FY2027.
    return {fee_task("jp.annual.4", "2027-03-31", 6400, "JPY", "JP"),
            fee_task("jp.annual.5", "2027-04-01", 10300, "JPY", "JP")};
  }
  return {};
}

ComputeTasks constructed() {
  return [](const docket::Application& app) -> Result<std::vector<Task>> { return tasks_of(app); };
}

docket::FxRates rates(const std::string& csv) {
  std::istringstream in(csv);
  auto r = read_fx_csv(in, "fx.csv");
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(r).value() : docket::FxRates{};
}

// A USD rate before the as-of day (used) and one after it (not used).
const char* kFx =
    "date,currency,rate,source\n"
    "2026-11-30,USD,151.234567,MUFG TTM\n"
    "2026-12-08,USD,160,MUFG TTM\n"
    "2026-11-30,EUR,162.5,MUFG TTM\n";

void exec(Database& db, const std::string& sql) { soci_session(db) << sql; }

class FeesServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    const std::string patents = testing::patent(kP1).filed("2020-03-01").owner("U-TOKYO").line() +
                                testing::patent(kP2).jurisdiction("US").filed("2020-04-01")
                                    .owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2").line() +
                                testing::patent(kP3).filed("2020-05-01").owner("U-KYOTO").line();
    open_with(testing::four_institutions(), patents, 3);
    if (HasFatalFailure()) return;
    exec(*db_, "INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) "
               "SELECT p.id, i.id, 'assignment', '2026-01-10', 'test' FROM patent p, institution i "
               "WHERE p.application_number = '" + std::string(kP3) + "' AND i.code = 'AGG-JST'");
    exec(*db_, "INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Cells', 'marketed', "
               "'2026-01-01')");
    exec(*db_, "INSERT INTO package_member (package_id, patent_id, role, weight, added_on) "
               "SELECT k.id, p.id, 'core', 1, '2026-02-01' FROM package k, patent p "
               "WHERE k.code = 'PKG-A' AND p.application_number = '" + std::string(kP1) + "'");
  }

  Result<docket::Forecast> forecast(ForecastGrouping by, const docket::FxRates* fx,
                                    const std::string& institution = "") {
    ForecastRequest r;
    r.as_of = d("2026-12-07");
    r.years = 3;
    r.by = by;
    r.fx = fx;
    r.institution = institution;
    return FeesService(*db_, constructed()).forecast(r);
  }

  // The same from the stored docket: the tasks above stored by the
  // recomputation (DocketService with this test's engine), then summed.
  Result<docket::Forecast> stored(ForecastGrouping by, const docket::FxRates* fx,
                                  const std::string& institution = "") {
    auto rules = std::make_shared<DocketRules>();
    rules->rules_version = "constructed";
    rules->calendars_version = "none";
    rules->compute = constructed();
    ForecastRequest r;
    r.as_of = d("2026-12-07");
    r.years = 3;
    r.by = by;
    r.fx = fx;
    r.institution = institution;
    return FeesService(*db_, constructed()).stored_forecast(r, rules, "tester");
  }

  // (fiscal year, group, currency) → (amount, JPY or -1 when null, fees)
  using Key = std::tuple<int, std::string, std::string>;
  std::map<Key, std::tuple<std::int64_t, std::int64_t, std::int64_t>> lines(const docket::Forecast& f) {
    std::map<Key, std::tuple<std::int64_t, std::int64_t, std::int64_t>> out;
    for (const auto& l : f.lines) {
      out[{l.fiscal_year, l.group, l.currency}] = {l.amount_minor, l.jpy_minor.value_or(-1), l.fees};
    }
    return out;
  }
};

TEST_P(FeesServiceTest, ForecastByInstitutionAndFiscalYearWithAUsdFeeAtTheDatedRate) {
  const docket::FxRates fx = rates(kFx);
  auto f = forecast(ForecastGrouping::kInstitution, &fx);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->until, d("2029-12-07"));
  EXPECT_EQ(f->applications, 3);
  // FY2026 (to 2027-03-31): P1's 10,300 (U-TOKYO), P3's 6,400 on the FY's
  // last day, paid by the aggregator under the assignment.
  // FY2027 (from 2027-04-01): P1's 24,800; P3's 10,300 on the FY's first
  // day; P2's USD 2,130.01 split 1/2 each, the odd cent to U-KYOTO (largest
  // remainder, tie by code), each share converted once at 151.234567 (the
  // rate of 2026-11-30, the latest on or before 2026-12-07; not 160 of
  // 2026-12-08): 1,065.01 → 161,066.33 → 161,066; 1,065.00 → 161,064.81 →
  // 161,065. P2's 2031 fee is after 2029-12-07: left out.
  const std::map<Key, std::tuple<std::int64_t, std::int64_t, std::int64_t>> want = {
      {{2026, "U-TOKYO", "JPY"}, {10300, 10300, 1}},
      {{2026, "AGG-JST", "JPY"}, {6400, 6400, 1}},
      {{2027, "U-TOKYO", "JPY"}, {24800, 24800, 1}},
      {{2027, "AGG-JST", "JPY"}, {10300, 10300, 1}},
      {{2027, "U-KYOTO", "USD"}, {106501, 161066, 1}},
      {{2027, "U-TOKYO", "USD"}, {106500, 161065, 1}},
  };
  EXPECT_EQ(lines(*f), want);
  ASSERT_EQ(f->totals.size(), 2u);
  EXPECT_EQ(f->totals[0].fiscal_year, 2026);
  EXPECT_EQ(f->totals[0].jpy_minor, 16700);
  EXPECT_EQ(f->totals[0].fees, 2);
  EXPECT_EQ(f->totals[1].fiscal_year, 2027);
  // 24,800 + 10,300 + USD 2,130.01 × 151.234567 = 322,131.14 → 322,131.
  EXPECT_EQ(f->totals[1].jpy_minor, 24800 + 10300 + 322131);
  EXPECT_EQ(f->totals[1].fees, 3);
  ASSERT_EQ(f->totals[1].by_currency.size(), 2u);
  EXPECT_EQ(f->totals[1].by_currency[1].currency, "USD");
  EXPECT_EQ(f->totals[1].by_currency[1].amount_minor, 213001);
}

TEST_P(FeesServiceTest, ForecastByPackageJurisdictionAndPayer) {
  const docket::FxRates fx = rates(kFx);
  auto by_package = forecast(ForecastGrouping::kPackage, &fx);
  ASSERT_TRUE(by_package.ok()) << by_package.error().message;
  const auto p = lines(*by_package);
  EXPECT_EQ(p.at({2026, "PKG-A", "JPY"}), std::make_tuple(10300, 10300, 1));
  EXPECT_EQ(p.at({2026, "", "JPY"}), std::make_tuple(6400, 6400, 1));
  EXPECT_EQ(p.at({2027, "", "USD"}), std::make_tuple(213001, 322131, 1));

  auto by_office = forecast(ForecastGrouping::kJurisdiction, &fx);
  ASSERT_TRUE(by_office.ok()) << by_office.error().message;
  const auto j = lines(*by_office);
  EXPECT_EQ(j.at({2026, "JP", "JPY"}), std::make_tuple(16700, 16700, 2));
  EXPECT_EQ(j.at({2027, "US", "USD"}), std::make_tuple(213001, 322131, 1));

  auto by_payer = forecast(ForecastGrouping::kPayer, &fx);
  ASSERT_TRUE(by_payer.ok()) << by_payer.error().message;
  const auto y = lines(*by_payer);
  EXPECT_EQ(y.at({2026, "aggregator", "JPY"}), std::make_tuple(6400, 6400, 1));
  EXPECT_EQ(y.at({2026, "owners", "JPY"}), std::make_tuple(10300, 10300, 1));
  EXPECT_EQ(y.at({2027, "owners", "JPY"}), std::make_tuple(24800, 24800, 1));
}

// Every field of two forecasts, for EXPECT_EQ.
std::string forecast_text(const Result<docket::Forecast>& f) {
  if (!f) return "error " + f.error().code + " field " + f.error().field;
  std::ostringstream o;
  const auto jpy = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("null"); };
  o << f->as_of.to_string() << ' ' << f->until.to_string() << ' ' << f->years << ' ' << docket::to_string(f->by)
    << ' ' << f->converted << " applications " << f->applications << '\n';
  for (const auto& l : f->lines) {
    o << "line " << l.fiscal_year << ' ' << l.group << ' ' << l.currency << ' ' << l.amount_minor << ' '
      << jpy(l.jpy_minor) << ' ' << l.fees << '\n';
  }
  for (const auto& y : f->totals) {
    o << "total " << y.fiscal_year << ' ' << jpy(y.jpy_minor) << ' ' << y.fees << '\n';
    for (const auto& l : y.by_currency) {
      o << "  " << l.currency << ' ' << l.amount_minor << ' ' << jpy(l.jpy_minor) << ' ' << l.fees << '\n';
    }
  }
  return o.str();
}

TEST_P(FeesServiceTest, TheStoredDocketGivesTheSameForecastForEveryGroupingAndOption) {
  const docket::FxRates fx = rates(kFx);
  // The hand-derived lines of ForecastByInstitutionAndFiscalYear… above,
  // now from the stored tasks and their shares: P2's USD 2,130.01 split by
  // the recomputation (largest remainder, the odd cent to U-KYOTO), each
  // part converted once: 161,066 and 161,065; P3's fees to the aggregator.
  auto f = stored(ForecastGrouping::kInstitution, &fx);
  ASSERT_TRUE(f.ok()) << f.error().message;
  const std::map<Key, std::tuple<std::int64_t, std::int64_t, std::int64_t>> want = {
      {{2026, "U-TOKYO", "JPY"}, {10300, 10300, 1}},   {{2026, "AGG-JST", "JPY"}, {6400, 6400, 1}},
      {{2027, "U-TOKYO", "JPY"}, {24800, 24800, 1}},   {{2027, "AGG-JST", "JPY"}, {10300, 10300, 1}},
      {{2027, "U-KYOTO", "USD"}, {106501, 161066, 1}}, {{2027, "U-TOKYO", "USD"}, {106500, 161065, 1}},
  };
  EXPECT_EQ(lines(*f), want);
  EXPECT_EQ(f->applications, 3);
  // 24,800 + 10,300 + USD 2,130.01 × 151.234567 = 322,131.14 → 322,131:
  // the totals convert each fee once, not the parts.
  ASSERT_EQ(f->totals.size(), 2u);
  EXPECT_EQ(f->totals[1].jpy_minor, 24800 + 10300 + 322131);
  for (auto by : {ForecastGrouping::kInstitution, ForecastGrouping::kPackage, ForecastGrouping::kJurisdiction,
                  ForecastGrouping::kPayer}) {
    for (const docket::FxRates* rates_given : {static_cast<const docket::FxRates*>(nullptr), &fx}) {
      for (const char* institution : {"", "U-KYOTO", "U-TOKYO", "AGG-JST"}) {
        EXPECT_EQ(forecast_text(stored(by, rates_given, institution)),
                  forecast_text(forecast(by, rates_given, institution)))
            << docket::to_string(by) << " fx " << (rates_given != nullptr) << " institution " << institution;
      }
    }
  }
  // A missing rate is refused the same way.
  const docket::FxRates eur_only = rates("date,currency,rate,source\n2026-11-30,EUR,162.5,x\n");
  EXPECT_EQ(forecast_text(stored(ForecastGrouping::kPayer, &eur_only)),
            "error fx_rate_missing field currency");
}

TEST_P(FeesServiceTest, AMissingRateIsRefusedNamingTheCurrency) {
  // Only EUR, and a USD rate after the as-of day: no USD rate to use.
  const docket::FxRates fx = rates("date,currency,rate,source\n2026-11-30,EUR,162.5,x\n2026-12-08,USD,160,x\n");
  auto f = forecast(ForecastGrouping::kInstitution, &fx);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, "fx_rate_missing");
  EXPECT_EQ(f.error().field, "currency");
  EXPECT_NE(f.error().message.find("USD"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().message.find("2026-12-07"), std::string::npos) << f.error().message;
}

TEST_P(FeesServiceTest, WithoutRatesOnlyJpyFeesHaveJpyFigures) {
  auto f = forecast(ForecastGrouping::kJurisdiction, nullptr);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_FALSE(f->converted);
  const auto j = lines(*f);
  EXPECT_EQ(j.at({2027, "US", "USD"}), std::make_tuple(213001, -1, 1));
  EXPECT_EQ(j.at({2027, "JP", "JPY"}), std::make_tuple(35100, 35100, 2));
  EXPECT_EQ(f->totals[0].jpy_minor, 16700);
  EXPECT_FALSE(f->totals[1].jpy_minor.has_value());
}

TEST_P(FeesServiceTest, AnInstitutionSeesTheApplicationsItOwns) {
  const docket::FxRates fx = rates(kFx);
  auto f = forecast(ForecastGrouping::kJurisdiction, &fx, "U-KYOTO");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->applications, 2);  // P2 (co-owned) and P3
  const auto j = lines(*f);
  EXPECT_EQ(j.count({2026, "JP", "JPY"}), 1u);
  EXPECT_EQ(j.at({2026, "JP", "JPY"}), std::make_tuple(6400, 6400, 1));  // P3 only, not P1
}

TEST_P(FeesServiceTest, BadFxFilesAreRefusedNamingLineAndColumn) {
  const auto refused = [](const std::string& csv) {
    std::istringstream in(csv);
    auto r = read_fx_csv(in, "fx.csv");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().code + ": " + r.error().message;
  };
  EXPECT_NE(refused("day,currency,rate,source\n").find("header"), std::string::npos);
  EXPECT_NE(refused("date,currency,rate,source\n2026-13-01,USD,150,x\n").find("line 2, column date"),
            std::string::npos);
  EXPECT_NE(refused("date,currency,rate,source\n2026-12-01,USD,1.5e2,x\n").find("column rate"), std::string::npos);
  EXPECT_NE(refused("date,currency,rate,source\n2026-12-01,XYZ,150,x\n").find("unknown currency 'XYZ'"),
            std::string::npos);
  EXPECT_NE(refused("date,currency,rate,source\n2026-12-01,USD,150,x\n2026-12-01,USD,151,y\n")
                .find("duplicate_fx_rate"),
            std::string::npos);
  EXPECT_NE(refused("date,currency,rate,source\n2026-12-01,USD,150\n").find("4 columns"), std::string::npos);
}

// ---- the review -----------------------------------------------------------------------

class FeesReviewTest : public FeesServiceTest {
 protected:
  void SetUp() override {
    FeesServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // LIC-1 on P1 alone, in force 2026-04-01 .. 2031-03-31; a JPY payment
    // of 300,000 routes 1/3 to the aggregator and 200,000 to P1's owner.
    testing::insert_agreement(*db_, {.reference = "LIC-1", .territory = {"JP"}, .patents = {kP1},
                                     .starts_on = "2026-04-01", .ends_on = "2031-03-31"});
    {
      WriteTransaction tx(*db_);
      InvoiceDraft draft;
      draft.agreement = "LIC-1";
      draft.income_type = "running_royalty";
      draft.issued_on = d("2026-07-01");
      draft.amount_minor = 300000;
      ASSERT_TRUE(issue_invoice(*db_, draft).ok());
      tx.commit();
    }
    PaymentRequest pay;
    pay.agreement = "LIC-1";
    pay.received_on = d("2026-07-10");
    pay.amount_minor = 300000;
    pay.currency = "JPY";
    pay.reference = "BANK-1";
    auto paid = PaymentService(*db_, SchemeSettings{}, "tester", policies_.path()).record_payment(pay);
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    // A Super Highway project on PKG-A and an open deal on it.
    exec(*db_, "INSERT INTO project (code, package_id, starts_on, ends_on, budget_minor) "
               "SELECT 'SH-01', id, '2026-04-01', '2028-03-31', 30000000 FROM package WHERE code = 'PKG-A'");
    exec(*db_, "INSERT INTO deal (institution_id, package_id, stage, staff, changed_on, opened_on) "
               "SELECT i.id, k.id, 'nda', 'sato', '2026-10-01', '2026-09-01' FROM institution i, package k "
               "WHERE i.code = 'C-0001' AND k.code = 'PKG-A'");
  }

  Result<Review> review(int within, const docket::FxRates* fx, const std::string& institution = "",
                        const char* as_of = "2026-12-07") {
    ReviewRequest r;
    r.as_of = d(as_of);
    r.within_days = within;
    r.fx = fx;
    r.institution = institution;
    return FeesService(*db_, constructed()).review(r);
  }

  testing::TempDir policies_;
};

// In the grace period, keeping the application costs the fee with its
// surcharge (JP: the surcharge equals the fee, 特許法112条): on 2027-02-01
// P1's year-4 fee of 2027-01-15 is late, 2 x 10,300, then year 5's 24,800.
TEST_P(FeesReviewTest, KeepingAnApplicationInGraceCostsTheLateFee) {
  auto r = review(30, nullptr, "", "2027-02-01");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ReviewRow* p1 = nullptr;
  for (const ReviewRow& row : r->rows) {
    if (row.number == kP1) p1 = &row;
  }
  ASSERT_NE(p1, nullptr);
  EXPECT_TRUE(p1->late);
  EXPECT_EQ(p1->fee_minor, 2 * 10300);
  EXPECT_EQ(p1->keep.jpy_minor, 2 * 10300 + 24800);
}

TEST_P(FeesReviewTest, ALicensedPatentWithIncomeBesideAnUnlicensedOne) {
  // Within 120 days of 2026-12-07 (to 2027-04-06): P1's fee of 2027-01-15
  // and P3's of 2027-03-31; P2's first fee (2027-06-30) is later.
  auto r = review(120, nullptr);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rows.size(), 2u);
  const ReviewRow& p1 = r->rows[0];
  EXPECT_EQ(p1.number, kP1);
  EXPECT_EQ(p1.task_key, "jp.annual.4");
  EXPECT_EQ(p1.due, d("2027-01-15"));
  EXPECT_EQ(p1.fee_minor, 10300);
  EXPECT_EQ(p1.fee_jpy, 10300);
  EXPECT_EQ(p1.keep.jpy_minor, 10300 + 24800);  // every fee from the one due on
  EXPECT_EQ(p1.keep.fees, 2);
  EXPECT_EQ(p1.expiry, d("2040-03-01"));
  EXPECT_EQ(p1.earned_jpy, 200000);  // 300,000 less the aggregator's 1/3
  EXPECT_EQ(p1.licences, std::vector<std::string>{"LIC-1"});
  EXPECT_EQ(p1.packages, std::vector<std::string>{"PKG-A"});
  EXPECT_EQ(p1.projects, std::vector<std::string>{"SH-01"});
  EXPECT_EQ(p1.open_deals, 1);
  EXPECT_EQ(p1.companies, 0);  // no company profiles: no candidate edges
  EXPECT_FALSE(p1.unsupported());
  EXPECT_EQ(p1.payer, "owners");

  const ReviewRow& p3 = r->rows[1];
  EXPECT_EQ(p3.number, kP3);
  EXPECT_EQ(p3.due, d("2027-03-31"));
  EXPECT_EQ(p3.keep.jpy_minor, 6400 + 10300);
  EXPECT_EQ(p3.earned_jpy, 0);
  EXPECT_TRUE(p3.licences.empty());
  EXPECT_TRUE(p3.packages.empty());
  EXPECT_TRUE(p3.projects.empty());
  EXPECT_EQ(p3.open_deals, 0);
  EXPECT_TRUE(p3.unsupported());
  EXPECT_EQ(p3.payer, "aggregator");
}

TEST_P(FeesReviewTest, AForeignFeeIsConvertedWithRatesAndScopedToTheOwner) {
  const docket::FxRates fx = rates(kFx);
  auto r = review(220, &fx, "U-KYOTO");  // to 2027-07-15: P2's USD fee and P3's
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0].number, kP3);
  EXPECT_EQ(r->rows[1].number, kP2);
  EXPECT_EQ(r->rows[1].fee_minor, 213001);
  EXPECT_EQ(r->rows[1].fee_jpy, 322131);
  // Both USD fees until expiry, each converted once: 322,131 + 606,451.
  EXPECT_EQ(r->rows[1].keep.jpy_minor, 322131 + 606451);
  // Without rates: by currency only.
  auto plain = review(220, nullptr, "U-KYOTO");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->rows[1].keep.jpy_minor.has_value());
  EXPECT_EQ(plain->rows[1].keep.by_currency, (std::vector<std::pair<std::string, std::int64_t>>{{"USD", 614001}}));
}

TEST(FeesReviewOrder, SoonestFirstThenNothingSpeaksForItThenDearest) {
  ReviewRow a, b, c;
  a.number = "A";
  a.due = d("2027-01-15");
  a.earned_jpy = 5;
  a.keep.jpy_minor = 900000;
  b.number = "B";
  b.due = d("2027-01-15");
  b.keep.jpy_minor = 1000;
  c.number = "C";
  c.due = d("2027-01-14");
  c.earned_jpy = 99;
  c.keep.jpy_minor = 1;
  std::vector<ReviewRow> rows = {a, b, c};
  std::sort(rows.begin(), rows.end(), review_order);
  EXPECT_EQ(rows[0].number, "C");  // soonest
  EXPECT_EQ(rows[1].number, "B");  // same day: nothing speaks for B
  EXPECT_EQ(rows[2].number, "A");
}

TEST_P(FeesReviewTest, ProgrammeReportHasTheFiscalYearsFeesBesideLicenceIncome) {
  ProgrammeReport report = ProjectService(*db_, SchemeSettings{}, "tester").programme_report(FiscalYear{2026});
  EXPECT_EQ(report.licence_income_jpy, 300000);
  auto fees = FeesService(*db_, constructed()).fiscal_year_fees(FiscalYear{2026}, nullptr);
  ASSERT_TRUE(fees.ok()) << fees.error().message;
  add_fiscal_year_fees(report, *fees);
  // FY2026: P1's 10,300 and P3's 6,400 (2027-03-31); P3's 2027-04-01 fee is FY2027.
  EXPECT_EQ(report.fees_due_jpy, 16700);
  EXPECT_EQ(report.fees_due_count, 2);
  ASSERT_EQ(report.fees_due.size(), 1u);
  EXPECT_EQ(report.fees_due[0].currency, "JPY");
  ProgrammeReport next = ProjectService(*db_, SchemeSettings{}, "tester").programme_report(FiscalYear{2027});
  EXPECT_EQ(next.licence_income_jpy, 0);
  const docket::FxRates fx = rates(kFx);
  auto fees27 = FeesService(*db_, constructed()).fiscal_year_fees(FiscalYear{2027}, &fx);
  ASSERT_TRUE(fees27.ok()) << fees27.error().message;
  add_fiscal_year_fees(next, *fees27);
  // Converted at the rate in force on the FY's first day: 160 (2026-12-08):
  // USD 2,130.01 × 160 = 340,801.6 → 340,802.
  EXPECT_EQ(next.fees_due_jpy, 24800 + 10300 + 340802);
}

// ---- the stored docket against the computation, on the demo's data -------------------------

// The demo's registry (600 applications, its scheme: aggregations under
// assignment and packages; its dated events) with the real rule book
// (config/docketing): the forecast from the stored docket equals the one
// computed application by application, for every grouping, with and
// without FX rates, for everyone and for single institutions.
class FeesDemoTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    summary_ = write_demo_data(DemoOptions{dir_.path(), 600, 2014});
    open_with(read_text(summary_.institutions_file), read_text(summary_.patents_file), 600);
    if (HasFatalFailure()) return;
    std::istringstream scheme(read_text(summary_.scheme_file));
    auto loaded = load_scheme(*db_, scheme, SchemeSettings{}, "tester",
                              std::string(CHIZAI_SOURCE_DIR) + "/config/policies");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    std::istringstream events(read_text(summary_.patent_events_file));
    const auto file = requests::read_patent_event_file(events, FileFormat::kJsonl);
    ASSERT_TRUE(file.problems.empty());
    const ImportReport imported = EventService(*db_, "tester").import(file.rows, false);
    ASSERT_TRUE(imported.written);
    auto r = load_docket_rules(std::string(CHIZAI_SOURCE_DIR) + "/config/docketing");
    ASSERT_TRUE(r.ok()) << r.error().message;
    rules_ = r.value();
  }

  static std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  ForecastRequest request(ForecastGrouping by, const docket::FxRates* fx, const std::string& institution) {
    ForecastRequest r;
    r.as_of = d("2026-12-07");
    r.years = 10;
    r.by = by;
    r.fx = fx;
    r.institution = institution;
    return r;
  }

  testing::TempDir dir_;
  DemoSummary summary_;
  std::shared_ptr<const DocketRules> rules_;
};

TEST_P(FeesDemoTest, TheStoredForecastEqualsTheComputedOne) {
  // Rates with six decimals for every currency the rule book charges in, so
  // that a second rounding would show.
  const docket::FxRates fx = rates(
      "date,currency,rate,source\n2026-11-30,USD,151.234567,x\n2026-11-30,EUR,162.518901,x\n"
      "2026-11-30,GBP,190.333333,x\n2026-11-30,CHF,171.777777,x\n2026-11-30,CNY,21.123457,x\n");
  FeesService computed(*db_, rules_->compute);
  FeesService from_docket(*db_, rules_->compute);
  // Institutions: one that owns many applications, the aggregator, none.
  const std::string owner = [&] {
    std::string code;
    soci_session(*db_) << "SELECT i.code FROM patent_owner o JOIN institution i ON i.id = o.institution_id "
                          "GROUP BY i.code ORDER BY COUNT(*) DESC, i.code LIMIT 1",
        soci::into(code);
    return code;
  }();
  std::int64_t foreign_lines = 0, fees = 0;
  for (auto by : {ForecastGrouping::kInstitution, ForecastGrouping::kPackage, ForecastGrouping::kJurisdiction,
                  ForecastGrouping::kPayer}) {
    for (const docket::FxRates* given : {static_cast<const docket::FxRates*>(nullptr), &fx}) {
      for (const std::string& institution : {std::string(), owner, std::string("AGG-JST")}) {
        const auto want = computed.forecast(request(by, given, institution));
        ASSERT_TRUE(want.ok()) << want.error().message;
        EXPECT_EQ(forecast_text(from_docket.stored_forecast(request(by, given, institution), rules_, "tester")),
                  forecast_text(want))
            << docket::to_string(by) << " fx " << (given != nullptr) << " institution " << institution;
        for (const auto& l : want->lines) foreign_lines += l.currency != "JPY" ? 1 : 0;
        for (const auto& y : want->totals) fees += y.fees;
      }
    }
  }
  // The comparison is not of empty forecasts: fees in JPY and abroad.
  EXPECT_GT(foreign_lines, 0);
  EXPECT_GT(fees, 1000);
}

// docket_fee_sum (migration 0032) is kept by the docket store's writes; the
// forecast reads its whole months and the edge days from the tasks. Every
// grouping, with and without foreign units, over periods that start on the
// 1st, mid-month, within one month and span the whole docket, must give
// exactly what the tasks alone give (stored_fee_sums_scan: the previous
// computation) — after the first computation, a fee changed, a waive, its
// undo, a done, an import of fees paid, an aggregation recomputed; and the
// table kept by those writes must equal the one rebuilt from the tasks.
TEST_P(FeesDemoTest, TheFeeSumsStayEqualToTheTasksThroughEveryWrite) {
  const Date today = d("2026-12-07");
  DocketService docket(*db_, rules_, "tester", today);
  docket.ensure_current();
  using Line = std::tuple<int, std::string, std::string, long long>;
  auto normal = [](const std::vector<StoredFeeSum>& rows) {
    std::map<Line, std::pair<long long, long long>> out;
    for (const auto& r : rows) {
      auto& v = out[{r.fiscal_year, r.group, r.currency, r.unit}];
      v.first += r.amount;
      v.second += r.fees;
    }
    return out;
  };
  auto table = [&] {
    std::vector<std::string> rows;
    std::string month, jurisdiction, currency;
    long long institution = 0, unit = 0, amount = 0, fees = 0;
    soci::statement st = (soci_session(*db_).prepare
                              << "SELECT month, jurisdiction, institution_id, currency, unit, amount_minor, fees FROM "
                                 "docket_fee_sum ORDER BY month, jurisdiction, institution_id, currency, unit",
                          soci::into(month), soci::into(jurisdiction), soci::into(institution), soci::into(currency),
                          soci::into(unit), soci::into(amount), soci::into(fees));
    st.execute();
    while (st.fetch()) {
      rows.push_back(month + ' ' + jurisdiction + ' ' + std::to_string(institution) + ' ' + currency + ' ' +
                     std::to_string(unit) + ' ' + std::to_string(amount) + ' ' + std::to_string(fees));
    }
    return rows;
  };
  long long compared_fees = 0;
  auto check = [&](const std::string& after) {
    SCOPED_TRACE(after);
    FeesStore store(*db_);
    // (From the 7th: the month less its first six days; to the 7th: six
    // days; from and to the 20th: twelve days, and the month less 19.)
    const std::pair<const char*, const char*> periods[] = {{"2026-12-07", "2036-12-07"},
                                                           {"2027-01-01", "2030-04-01"},
                                                           {"2027-01-15", "2027-02-10"},
                                                           {"2026-12-20", "2036-12-20"},
                                                           {"2000-01-01", "2060-01-01"}};
    for (const auto& [from, until] : periods) {
      for (const char* by : {"", "institution", "package", "jurisdiction", "payer"}) {
        for (bool split : {false, true}) {
          StoredFeeQuery q;
          q.by = by;
          q.from = from;
          q.until = until;
          q.split_foreign = split;
          if (q.by == "package") q.package_day = from;
          const auto want = normal(store.stored_fee_sums_scan(q));
          EXPECT_EQ(normal(store.stored_fee_sums(q)), want) << by << ' ' << from << ' ' << until << ' ' << split;
          for (const auto& [k, v] : want) compared_fees += v.second;
        }
      }
    }
    const auto kept = table();
    WriteTransaction tx(*db_);
    DocketStore(*db_).rebuild_fee_sums();
    EXPECT_EQ(table(), kept);
    tx.commit();
  };
  check("the first computation");
  // Open fee tasks due after today, of different applications.
  std::vector<std::pair<std::string, std::string>> tasks;  // number, key
  std::vector<long long> ids;
  {
    std::string number, key;
    long long id = 0;
    soci::statement st = (soci_session(*db_).prepare
                              << "SELECT p.application_number, t.task_key, p.id FROM docket_task t JOIN patent p ON "
                                 "p.id = t.patent_id WHERE t.fee_amount_minor IS NOT NULL AND t.state = 'open' AND "
                                 "t.due > '2027-02-01' AND t.fee_currency = 'JPY' ORDER BY t.patent_id, t.due",
                          soci::into(number), soci::into(key), soci::into(id));
    st.execute();
    while (st.fetch() && tasks.size() < 5) {
      if (!ids.empty() && ids.back() == id) continue;
      tasks.emplace_back(number, key);
      ids.push_back(id);
    }
  }
  ASSERT_EQ(tasks.size(), 5u);
  {
    WriteTransaction tx(*db_);
    docket::Fee fee;
    fee.amount = 123457;
    fee.late_amount = 246914;
    fee.currency = "JPY";
    fee.table = "test";
    DocketStore(*db_).set_fee(ids[0], tasks[0].second, fee);
    tx.commit();
  }
  check("a fee changed");
  ASSERT_TRUE(docket.waive(tasks[1].first, tasks[1].second, "not worth it").ok());
  check("a waive");
  ASSERT_TRUE(docket.undo(tasks[1].first, tasks[1].second, "changed our mind").ok());
  check("its undo");
  DocketDoneRequest done;
  done.number = tasks[2].first;
  done.task = tasks[2].second;
  done.date = "2026-12-01";
  auto r = docket.done(done);
  ASSERT_TRUE(r.ok()) << r.error().message;
  check("a done");
  std::vector<DocketDoneImportRow> rows(2);
  rows[0].line = 1;
  rows[0].request.number = tasks[3].first;
  rows[0].request.task = tasks[3].second;
  rows[0].request.date = "2026-11-30";
  rows[0].request.fee = "1000";
  rows[1].line = 2;
  rows[1].request.number = tasks[4].first;
  rows[1].request.task = tasks[4].second;
  rows[1].request.date = "2026-12-02";
  const ImportReport imported = docket.import_done(rows);
  ASSERT_TRUE(imported.written);
  check("fees paid imported");
  // An aggregation under assignment: the aggregator pays the whole fees.
  exec(*db_, "INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) SELECT " +
                 std::to_string(ids[0]) + ", i.id, 'assignment', '2026-12-01', 'test' FROM institution i "
                 "WHERE i.code = 'AGG-JST' AND NOT EXISTS (SELECT 1 FROM aggregation a WHERE a.patent_id = " +
                 std::to_string(ids[0]) + ")");
  ASSERT_TRUE(docket.recompute_patents({ids[0], ids[0] + 1, ids[0] + 2}).ok());
  check("an aggregation recomputed");
  EXPECT_GT(compared_fees, 100000);
}

INSTANTIATE_TEST_SUITE_P(Backends, FeesDemoTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, FeesServiceTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, FeesReviewTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
