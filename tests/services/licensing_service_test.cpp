// Licence agreements, royalty reports, milestones and minimum-royalty
// true-ups on SQLite and PostgreSQL: what is stored and invoiced (expected
// yen derived in the comments), and every refusal leaving the database
// unchanged.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "page_walk.h"
#include "registry_fixture.h"
#include "services/aggregation_service.h"
#include "services/history.h"
#include "requests/licensing.h"
#include "services/close_service.h"
#include "services/licensing_service.h"
#include "services/ledger_check.h"
#include "services/payment_service.h"
#include "services/package_service.h"
#include "store/session.h"

namespace chizai {
namespace {

// P1 U-TOKYO alone; P2 U-KYOTO and C-0003 half each; P3 U-KYOTO alone.
std::string patents_file() {
  return testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                                testing::patent("JP2020000002A").owner("U-KYOTO", "1/2").owner("C-0003", "1/2"),
                                testing::patent("JP2020000003A").owner("U-KYOTO")});
}

Date d(const char* text) { return Date::parse(text).value(); }

// LIC-1: C-0001, package PKG-BATT, exclusive, automotive batteries in JP and
// US, 2026-04-01 .. 2031-03-31; upfront 5,000,000; 3% of net sales up to
// 10,000,000 a contract year, 2% above; minimum 1,000,000 a year; one
// milestone of 2,000,000; 25% of sublicence income.
std::string agreement_json(const std::string& overrides = "") {
  std::string json = R"({"id":"LIC-1","licensee":"C-0001","package":"PKG-BATT","exclusive":true,
    "field":"automotive batteries","territory":["JP","US"],"start":"2026-04-01","end":"2031-03-31",
    "currency":"JPY","upfront_fee":"5,000,000",
    "royalty_tiers":[{"up_to":"10000000","rate_bps":300},{"rate_bps":200}],
    "minimum_annual_royalty":"1000000","milestones":[{"name":"first sale","amount":"2000000"}],
    "sublicense_share_bps":2500)";
  return json + overrides + "}";
}

std::string report_json(const std::string& from, const std::string& to, const std::string& sales,
                        const std::string& extra = "") {
  return R"({"agreement":"LIC-1","period_start":")" + from + R"(","period_end":")" + to +
         R"(","lines":[{"territory":"JP","product":"Cell A","net_sales":")" + sales + R"("}])" + extra + "}";
}

class LicensingServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::four_institutions() + testing::company("C-0002", "Fuji Motors K.K.") +
                  testing::company("C-0003", "Kaede Chemical K.K."),
              patents_file(), 3);
    if (HasFatalFailure()) return;
    dir_.write("default.properties", "aggregator_share = 1/3\n");
    service_ = std::make_unique<LicensingService>(*db_, SchemeSettings{}, "tester", dir_.path());
    // PKG-BATT from 2026-01-01: core P1 (weight 1), peripheral P3 (weight 2
    // from 2026-02-01).
    PackageService packages(*db_, "tester");
    PackageDraft draft;
    draft.code = "PKG-BATT";
    draft.name_en = "Solid-state battery";
    draft.core = {"JP2020000001A"};
    draft.peripheral = {"JP2020000003A"};
    draft.created_on = d("2026-01-01");
    ASSERT_TRUE(packages.create(draft).ok());
    ASSERT_TRUE(packages.set_weight("PKG-BATT", "JP2020000003A", 2, d("2026-02-01")).ok());
  }

  AgreementView add(const std::string& json) {
    auto r = requests::add_agreement_text(*service_, json);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : AgreementView{};
  }

  // Marks the months up to `month` closed, as a close would (without its statements).
  void close_through(const std::string& month) {
    soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES (:m, '2027-04-01T00:00:00Z')",
        soci::use(month);
  }

  ReportOutcome report(const std::string& json) {
    auto r = requests::add_report_text(*service_, json);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : ReportOutcome{};
  }

  void consent(const char* number, const char* institution, const char* day) {
    AggregationService aggregation(*db_, SchemeSettings{}, "tester");
    auto r = aggregation.add_consent(number, Consent{institution, ConsentScope::kLicensing, d(day)});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // Runs `fn`, expects a refusal whose message contains `part`, and checks
  // that the database is unchanged.
  template <class Fn>
  void expect_refused(Fn fn, const std::string& part) {
    const std::string before = testing::dump_content(*db_);
    auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected a refusal containing: " << part;
    EXPECT_NE(r.error().message.find(part), std::string::npos)
        << "message: " << r.error().message << "\nexpected to contain: " << part;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refusal changed the database";
  }
  void refused_agreement(const std::string& json, const std::string& part) {
    expect_refused([&] { return requests::add_agreement_text(*service_, json); }, part);
  }
  void refused_report(const std::string& json, const std::string& part) {
    expect_refused([&] { return requests::add_report_text(*service_, json); }, part);
  }

  long long count(const std::string& sql) {
    long long n = 0;
    soci_session(*db_) << sql, soci::into(n);
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<LicensingService> service_;
};

// The policy is checked as a payment will load it: a missing
// default.properties means the built-in defaults (accepted), a policy file
// that does not parse is refused when the agreement is added, not later.
TEST_P(LicensingServiceTest, PolicyCheckedAsPaymentsLoadIt) {
  testing::TempDir empty;
  LicensingService without_files(*db_, SchemeSettings{}, "tester", empty.path());
  auto ok = requests::add_agreement_text(without_files, agreement_json());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->terms.policy, "default");

  dir_.write("broken.properties", "aggregator_share = 4/3\n");
  std::string json = agreement_json();
  auto swap = [&json](const std::string& from, const std::string& to) {
    json.replace(json.find(from), from.size(), to);
  };
  swap("\"LIC-1\"", "\"LIC-2\"");
  swap("\"exclusive\":true", "\"exclusive\":false");
  swap("\"sublicense_share_bps\":2500", "\"sublicense_share_bps\":2500,\"policy\":\"broken\"");
  const std::string before = testing::dump_content(*db_);
  auto r = requests::add_agreement_text(*service_, json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "policy");
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(LicensingServiceTest, AgreementOnAPackage) {
  const AgreementView v = add(agreement_json());
  EXPECT_EQ(v.terms.reference, "LIC-1");
  EXPECT_EQ(v.terms.licensee, "C-0001");
  EXPECT_EQ(v.licensee_name, "Sakura Denki K.K.");
  EXPECT_EQ(v.terms.package, "PKG-BATT");
  EXPECT_TRUE(v.terms.exclusive);
  EXPECT_EQ(v.terms.territory, (std::vector<std::string>{"JP", "US"}));
  EXPECT_EQ(v.terms.policy, "default");
  ASSERT_EQ(v.terms.tiers.size(), 2u);
  EXPECT_EQ(v.terms.tiers[0].up_to_minor, 10'000'000);
  EXPECT_EQ(v.terms.tiers[1].rate_bps, 200);
  EXPECT_FALSE(v.terms.tiers[1].up_to_minor.has_value());
  EXPECT_EQ(v.terms.minimum_annual_minor, 1'000'000);
  EXPECT_EQ(v.terms_json, agreement_json());  // kept as submitted
  // The package's members on the start date, with their weights then.
  ASSERT_EQ(v.patents.size(), 2u);
  EXPECT_EQ(v.patents[0].application_number, "JP2020000001A");
  EXPECT_EQ(v.patents[0].weight, 1);
  EXPECT_EQ(v.patents[1].application_number, "JP2020000003A");
  EXPECT_EQ(v.patents[1].weight, 2);
  ASSERT_EQ(v.milestones.size(), 1u);
  EXPECT_EQ(v.milestones[0].amount_minor, 2'000'000);
  EXPECT_FALSE(v.milestones[0].reached_on.has_value());
  // The upfront fee is invoiced on the start date, open in full.
  ASSERT_EQ(v.invoices.size(), 1u);
  EXPECT_EQ(v.invoices[0].income_type, "upfront");
  EXPECT_EQ(v.invoices[0].issued_on, d("2026-04-01"));
  EXPECT_EQ(v.invoices[0].amount_minor, 5'000'000);
  EXPECT_EQ(v.invoices[0].open_minor, 5'000'000);
  EXPECT_EQ(v.totals.invoiced_minor, 5'000'000);
  EXPECT_EQ(v.totals.paid_minor, 0);
  EXPECT_EQ(v.totals.open_minor, 5'000'000);
  // Its journal entry: Dr receivable of the licensee, Cr undistributed.
  EXPECT_EQ(count("SELECT COUNT(*) FROM posting WHERE account = 'assets:receivable:C-0001' AND "
                  "amount_minor = 5000000"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM posting WHERE account = 'liabilities:undistributed' AND "
                  "amount_minor = -5000000"), 1);
  auto log = list_changes(*db_, {"agreement", "LIC-1", 10});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "agreement.add");
  EXPECT_EQ(log[0].actor, "tester");
  auto all = service_->list("", PageRequest{});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 1u);
  EXPECT_EQ(all->items[0].patents, 2);
  EXPECT_EQ(all->items[0].totals.open_minor, 5'000'000);
  EXPECT_TRUE(service_->list("C-0002", PageRequest{})->items.empty());
}

TEST_P(LicensingServiceTest, AgreementOnListedPatentsWithConsents) {
  // P2 is co-owned: both co-owners consent on or before the start.
  consent("JP2020000002A", "U-KYOTO", "2026-03-01");
  consent("JP2020000002A", "C-0003", "2026-04-01");
  const AgreementView v = add(R"({"id":"LIC-2","licensee":"C-0002","patents":["JP 2020-000002","JP2020000001A"],
    "exclusive":false,"field":"medical","territory":["DE"],"start":"2026-04-01","end":"2027-03-31",
    "currency":"USD","royalty_tiers":[{"rate_bps":150}]})");
  ASSERT_EQ(v.patents.size(), 2u);
  EXPECT_EQ(v.patents[0].application_number, "JP2020000001A");
  EXPECT_EQ(v.patents[1].application_number, "JP2020000002A");
  EXPECT_EQ(v.patents[1].weight, 1);
  EXPECT_EQ(v.terms.patents, (std::vector<std::string>{"JP2020000001A", "JP2020000002A"}));
  EXPECT_EQ(v.terms.currency, "USD");
  EXPECT_TRUE(v.invoices.empty());  // no upfront fee
  EXPECT_EQ(count("SELECT COUNT(*) FROM journal_entry"), 0);
  // Amounts are in the agreement's currency: USD 1,234.56 at 1.5% =
  // 1,851.84 cents → USD 18.52.
  ReportOutcome r = report(R"({"agreement":"LIC-2","period_start":"2026-04-01","period_end":"2026-06-30",
    "lines":[{"territory":"DE","product":"Stent","net_sales":"1,234.56"}]})");
  EXPECT_EQ(r.currency, "USD");
  EXPECT_EQ(r.report.net_sales_minor, 123'456);
  ASSERT_EQ(r.invoices.size(), 1u);
  EXPECT_EQ(r.invoices[0].amount_minor, 1'852);
  EXPECT_EQ(count("SELECT COUNT(*) FROM posting WHERE currency = 'USD' AND amount_minor = 1852"), 1);
  // A report corrects a report of its own agreement only.
  add(agreement_json());
  refused_report(report_json("2026-04-01", "2026-06-30", "1", R"(,"corrects":)" + std::to_string(r.report.id)),
                 "report " + std::to_string(r.report.id) + " is a report of agreement LIC-2, not LIC-1");
}

// LIC-9: the agreement file of LIC-1 under another id, with `from` replaced by `to`.
std::string variant(const std::string& from, const std::string& to, const std::string& id = "LIC-9") {
  std::string json = agreement_json();
  json.replace(json.find("LIC-1"), 5, id);
  if (!from.empty()) json.replace(json.find(from), from.size(), to);
  return json;
}

TEST_P(LicensingServiceTest, PagesAgreementsByReference) {
  // 2,500 agreements (references inserted out of order, two licensees, every
  // tenth also in the US), seeded in one transaction.
  long long fuji = 0, kaede = 0;
  soci_session(*db_) << "SELECT id FROM institution WHERE code = 'C-0002'", soci::into(fuji);
  soci_session(*db_) << "SELECT id FROM institution WHERE code = 'C-0003'", soci::into(kaede);
  std::vector<std::string> all, fujis, rows;
  for (int i = 0; i < 2'500; ++i) {
    char reference[16];
    std::snprintf(reference, sizeof reference, "L-%04d", (i * 7) % 2'500);
    all.emplace_back(reference);
    if (i % 2 == 0) fujis.emplace_back(reference);
    rows.push_back(std::string("('") + reference + "', " + std::to_string(i % 2 == 0 ? fuji : kaede) +
                   ", 0, 'all', '2026-04-01', '2027-03-31', 'JPY', 0, 0, 0, 'default', '{}', 'now')");
  }
  {
    WriteTransaction tx(*db_);
    testing::insert_rows(*db_, "INSERT INTO agreement (reference, licensee_id, exclusive, field, starts_on, "
                               "ends_on, currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, "
                               "policy, terms, created_at) VALUES ", rows);
    soci_session(*db_) << "INSERT INTO agreement_territory (agreement_id, country) SELECT id, 'JP' FROM agreement";
    soci_session(*db_) << "INSERT INTO agreement_territory (agreement_id, country) SELECT id, 'US' FROM agreement "
                  "WHERE reference LIKE '%0'";
    tx.commit();
  }
  std::sort(all.begin(), all.end());
  std::sort(fujis.begin(), fujis.end());
  const auto key = [](const AgreementSummary& a) {
    const std::vector<std::string> countries =
        a.reference.back() == '0' ? std::vector<std::string>{"JP", "US"} : std::vector<std::string>{"JP"};
    EXPECT_EQ(a.territory, countries) << a.reference;
    return a.reference;
  };
  EXPECT_EQ(testing::walk_pages<AgreementSummary>([&](const PageRequest& p) { return service_->list("", p); }, key),
            all);
  EXPECT_EQ(
      testing::walk_pages<AgreementSummary>([&](const PageRequest& p) { return service_->list("C-0002", p); }, key),
      fujis);
  EXPECT_EQ(service_->list("", PageRequest{"L-9999", 10}).error().field, "after");
}

// The ids of `table`'s rows (of agreement `agreement_id`, or all for 0), in
// id order, as the lists' keys.
std::vector<std::string> ids_of(Database& db, const std::string& table, long long agreement_id) {
  std::vector<std::string> out;
  long long id = 0;
  soci::statement st = (soci_session(db).prepare << "SELECT id FROM " + table +
                                                        " WHERE :a = 0 OR agreement_id = :a ORDER BY id",
                        soci::use(agreement_id, "a"), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(std::to_string(id));
  return out;
}

TEST_P(LicensingServiceTest, PagesReportsAndInvoicesById) {
  // LIC-1 (its upfront invoice) and LIC-RAW, then 2,500 reports and 2,500
  // invoices seeded in one transaction, alternating between the two.
  add(agreement_json());
  long long lic1 = 0, raw = 0;
  {
    WriteTransaction tx(*db_);
    soci_session(*db_) << "INSERT INTO agreement (reference, licensee_id, exclusive, field, starts_on, ends_on, "
                          "currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, "
                          "created_at) SELECT 'LIC-RAW', id, 0, 'all', '2026-04-01', '2031-03-31', 'USD', 0, 0, 0, "
                          "'default', '{}', 'now' FROM institution WHERE code = 'C-0002'";
    soci_session(*db_) << "SELECT id FROM agreement WHERE reference = 'LIC-1'", soci::into(lic1);
    soci_session(*db_) << "SELECT id FROM agreement WHERE reference = 'LIC-RAW'", soci::into(raw);
    std::vector<std::string> reports, entries;
    for (int i = 0; i < 2'500; ++i) {
      const std::string a = std::to_string(i % 2 == 0 ? lic1 : raw);
      const char* period = i % 3 == 0 ? "'2027-04-01', '2027-06-30'" : "'2026-04-01', '2026-06-30'";
      reports.push_back("(" + a + ", " + period + ", " + std::to_string(i) + ", 0, 'now')");
      entries.push_back("('2026-06-30', 'seed', '" + a + "', 'seeded invoice', 'now')");
    }
    testing::insert_rows(*db_, "INSERT INTO royalty_report (agreement_id, period_start, period_end, net_sales_minor, "
                               "sublicense_income_minor, received_at) VALUES ", reports);
    testing::insert_rows(*db_, "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) "
                               "VALUES ", entries);
    soci_session(*db_) << "INSERT INTO invoice (agreement_id, income_type, issued_on, currency, amount_minor, "
                          "entry_id, due_on) SELECT CAST(reference AS BIGINT), 'running_royalty', posted_on, 'JPY', 100, id, posted_on "
                          "FROM journal_entry WHERE kind = 'seed'";
    tx.commit();
  }
  const auto report_key = [&](const AgreementReport& r) {
    EXPECT_EQ(r.agreement, r.currency == "JPY" ? "LIC-1" : "LIC-RAW");
    EXPECT_EQ(r.report.contract_year, r.report.period_start.to_string() == "2027-04-01" ? 1 : 0);
    return std::to_string(r.report.id);
  };
  const auto invoice_key = [](const AgreementInvoice& i) { return std::to_string(i.invoice.id); };
  const auto reports = [&](const std::string& a) {
    return testing::walk_pages<AgreementReport>(
        [&](const PageRequest& p) { return service_->list_reports(a, p); }, report_key);
  };
  const auto invoices = [&](const std::string& a) {
    return testing::walk_pages<AgreementInvoice>(
        [&](const PageRequest& p) { return service_->list_invoices(a, p); }, invoice_key);
  };
  EXPECT_EQ(ids_of(*db_, "royalty_report", 0).size(), 2'500u);
  EXPECT_EQ(reports(""), ids_of(*db_, "royalty_report", 0));
  EXPECT_EQ(reports("LIC-RAW"), ids_of(*db_, "royalty_report", raw));
  EXPECT_EQ(ids_of(*db_, "invoice", 0).size(), 2'501u);
  EXPECT_EQ(invoices(""), ids_of(*db_, "invoice", 0));
  EXPECT_EQ(invoices("LIC-1"), ids_of(*db_, "invoice", lic1));
  EXPECT_EQ(service_->list_invoices("LIC-1", PageRequest{"", 1}).value().items.at(0).invoice.income_type, "upfront");
  EXPECT_EQ(service_->list_reports("LIC-404", PageRequest{"", 10}).error().code, "unknown_agreement");
  EXPECT_EQ(service_->list_invoices("", PageRequest{"x1", 10}).error().field, "after");
  EXPECT_TRUE(service_->list_reports("", PageRequest{"999999", 10}).value().items.empty());
}

TEST_P(LicensingServiceTest, AgreementRefusals) {
  add(agreement_json());
  const std::string before = testing::dump_content(*db_);
  refused_agreement(agreement_json(), "agreement LIC-1 already exists");
  refused_agreement(variant("", ""),
                    "exclusive licence LIC-9 would overlap exclusive licence LIC-1 on patent JP2020000001A, "
                    "field 'automotive batteries', territory JP, US, 2026-04-01 .. 2031-03-31");
  refused_agreement(variant(R"("licensee":"C-0001")", R"("licensee":"C-9999")"),
                    "unknown licensee: no institution with code 'C-9999'");
  refused_agreement(variant(R"("licensee":"C-0001")", R"("licensee":"U-TOKYO")"),
                    "licensee U-TOKYO is a university, not a company");
  refused_agreement(variant("PKG-BATT", "PKG-NONE"), "unknown package code 'PKG-NONE'");
  refused_agreement(variant(R"("package":"PKG-BATT")", R"("patents":["JP2099999999A"])"),
                    "unknown patent 'JP2099999999A'");
  refused_agreement(variant(R"("package":"PKG-BATT")", R"("patents":["JP 2024-1234567"])"),
                    "application number \"JP 2024-1234567\": the serial number 1234567 has 7 digits");
  refused_agreement(variant(R"("package":"PKG-BATT")", R"("patents":["JP2020000001A","JP 2020-000001"])"),
                    "patents 'JP2020000001A' and 'JP 2020-000001' are the same patent JP2020000001A");
  refused_agreement(variant(R"("start":"2026-04-01")", R"("start":"2025-12-01")"),
                    "package PKG-BATT had no members on 2025-12-01 (it was created on 2026-01-01)");
  refused_agreement(variant(R"("end":"2031-03-31")", R"("end":"2026-03-31")"),
                    "end 2026-03-31 is before start 2026-04-01");
  refused_agreement(variant(R"({"rate_bps":200})", R"({"up_to":"5000000","rate_bps":200})"),
                    "bad royalty tiers: tier 2 of 2 (royalty_tiers[1]): the last tier must have no up_to");
  refused_agreement(variant(R"("currency":"JPY")", R"("currency":"XYZ")"), "unknown currency 'XYZ'");
  refused_agreement(variant(R"("sublicense_share_bps":2500)", R"("sublicense_share_bps":2500,"policy":"generous")"),
                    "unknown distribution policy 'generous': no file ");
  refused_agreement(variant(R"("sublicense_share_bps":2500)", R"("sublicense_share_bps":2500,"royalty":"3%")"),
                    "'royalty' is not a known key");
  refused_agreement(variant(R"("exclusive":true)", R"("exclusive":"yes")"), "'exclusive' must be true or false");
  refused_agreement(variant(R"("rate_bps":300)", R"("rate_bps":"300")"),
                    "'royalty_tiers[0].rate_bps' must be an integer");
  refused_agreement(variant(R"("upfront_fee":"5,000,000")", R"("upfront_fee":5000000)"),
                    "'upfront_fee' must be a string");
  refused_agreement(variant(R"("upfront_fee":"5,000,000")", R"("upfront_fee":"5000000.5")"),
                    "'upfront_fee' must be an amount in JPY: too many decimals");
  refused_agreement(variant(R"("field":"automotive batteries",)", ""), "'field' is required");
  refused_agreement(R"({"id":"LIC-9")", "not valid JSON");
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(LicensingServiceTest, MissingLicensingConsentNamesTheCoOwners) {
  // U-KYOTO consented after the start; C-0003 not at all (named in the
  // order the owners are registered).
  consent("JP2020000002A", "U-KYOTO", "2026-04-02");
  refused_agreement(R"({"id":"LIC-2","licensee":"C-0002","patents":["JP2020000001A","JP2020000002A"],
    "exclusive":false,"field":"medical","territory":["JP"],"start":"2026-04-01","end":"2027-03-31",
    "currency":"JPY","royalty_tiers":[{"rate_bps":300}]})",
                    "a licence needs every co-owner's consent to licensing on or before the start 2026-04-01 "
                    "(JP Patent Act art. 73): patent JP2020000002A: no consent from U-KYOTO, C-0003");
}

// A licence on JP2020000003A (C-0002) in `field`, `territory` from `start` to 2032-03-31.
std::string licence(const char* id, const char* field, const char* territory, const char* start,
                    const char* exclusive, const std::string& extra = "") {
  return std::string(R"({"id":")") + id + R"(","licensee":"C-0002","patents":["JP2020000003A"],"exclusive":)" +
         exclusive + R"(,"field":")" + field + R"(",)" + extra + R"("territory":)" + territory + R"(,"start":")" +
         start + R"(","end":"2032-03-31","currency":"JPY","royalty_tiers":[{"rate_bps":300}]})";
}

TEST_P(LicensingServiceTest, ExclusivityNeedsTheSameFieldTerritoryAndPeriod) {
  add(agreement_json());
  add(licence("LIC-3", "medical devices", R"(["JP"])", "2026-04-01", "true"));        // another field
  add(licence("LIC-4", "automotive batteries", R"(["KR"])", "2026-04-01", "true"));   // another country
  add(licence("LIC-5", "automotive batteries", R"(["JP"])", "2031-04-01", "true"));   // after LIC-1
  refused_agreement(licence("LIC-6", "Automotive Batteries", R"(["CN","US"])", "2030-01-01", "true"),
                    "would overlap exclusive licence LIC-1 on patent JP2020000003A, field 'automotive "
                    "batteries', territory US, 2030-01-01 .. 2031-03-31");
  // A non-exclusive licence overlapping an exclusive one conflicts too (issue 18).
  refused_agreement(licence("LIC-2", "automotive batteries", R"(["JP"])", "2026-04-01", "false"),
                    "licence LIC-2 would overlap exclusive licence LIC-1 on patent JP2020000003A");
}

// Issue 18: "all fields" contains every field, so it cannot bypass an
// exclusive licence in one of them, nor can a non-exclusive licence.
TEST_P(LicensingServiceTest, AFieldContainingAnotherOverlapsIt) {
  add(licence("LIC-BIPV", "building-integrated photovoltaics", R"(["JP"])", "2026-04-01", "true"));
  const std::string before = testing::dump_content(*db_);
  refused_agreement(licence("LIC-ALL", "all fields", R"(["JP"])", "2026-04-01", "true"),
                    "exclusive licence LIC-ALL would overlap exclusive licence LIC-BIPV on patent JP2020000003A, "
                    "field 'all fields' (LIC-BIPV: 'building-integrated photovoltaics'), territory JP");
  refused_agreement(licence("LIC-PV", "photovoltaics", R"(["JP"])", "2026-04-01", "false"),
                    "licence LIC-PV would overlap exclusive licence LIC-BIPV");
  EXPECT_EQ(testing::dump_content(*db_), before);
  add(licence("LIC-MED", "medical", R"(["JP"])", "2026-04-01", "true"));  // beside it: fine
}

TEST_P(LicensingServiceTest, AnExclusiveLicenceOverlapsNonExclusiveOnes) {
  add(licence("LIC-PV", "photovoltaics", R"(["JP"])", "2026-04-01", "false"));
  refused_agreement(licence("LIC-BIPV", "building-integrated photovoltaics", R"(["JP"])", "2026-04-01", "true"),
                    "exclusive licence LIC-BIPV would overlap non-exclusive licence LIC-PV");
}

TEST_P(LicensingServiceTest, RightsReservedLeaveRoomForOtherLicences) {
  const AgreementView all = add(licence("LIC-ALL", "all fields", R"(["JP"])", "2026-04-01", "true",
                                        R"("reserved_fields":["Photovoltaics"],)"));
  EXPECT_EQ(all.terms.reserved_fields, std::vector<std::string>{"photovoltaics"});
  EXPECT_EQ(service_->show("LIC-ALL").value().terms.reserved_fields, std::vector<std::string>{"photovoltaics"});
  add(licence("LIC-BIPV", "building-integrated photovoltaics", R"(["JP"])", "2026-04-01", "true"));
  add(licence("LIC-PV", "utility-scale photovoltaics", R"(["JP"])", "2026-04-01", "false"));
  refused_agreement(licence("LIC-PV2", "photovoltaics", R"(["JP"])", "2026-04-01", "false"),
                    "would overlap exclusive licence LIC-BIPV");  // the reserved field, not LIC-ALL's
  refused_agreement(licence("LIC-BAT", "batteries", R"(["JP"])", "2026-04-01", "false"),
                    "would overlap exclusive licence LIC-ALL");
  refused_agreement(licence("LIC-R", "energy", R"(["KR"])", "2026-04-01", "true", R"("reserved_fields":["medical"],)"),
                    "reserved field 'medical' is not a part of the field 'energy'");
  refused_agreement(licence("LIC-R", "energy", R"(["KR"])", "2026-04-01", "false", R"("reserved_fields":["batteries"],)"),
                    "only an exclusive licence reserves fields");
}

TEST_P(LicensingServiceTest, AFieldOfUseComesFromTheVocabulary) {
  const auto refusal = requests::add_agreement_text(
      *service_, licence("LIC-X", "solar things", R"(["JP"])", "2026-04-01", "false"));
  ASSERT_FALSE(refusal.ok());
  EXPECT_EQ(refusal.error().field, "field");
  EXPECT_NE(refusal.error().message.find("unknown field of use 'solar things'; the fields of use are: all fields; "
                                         "energy; photovoltaics"),
            std::string::npos)
      << refusal.error().message;
  SchemeSettings configured;
  configured.fields_of_use = "all fields\n  solar things\n";
  LicensingService custom(*db_, configured, "tester", dir_.path());
  auto added = requests::add_agreement_text(custom, licence("LIC-X", "Solar things", R"(["JP"])", "2026-04-01", "false"));
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->terms.field, "solar things");
}

TEST_P(LicensingServiceTest, InvoicesDueInAClosedMonthAreDatedTheFirstOpenDay) {
  soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES ('2026-04', '2026-05-02T00:00:00Z')";
  const AgreementView v = add(agreement_json());
  ASSERT_EQ(v.invoices.size(), 1u);
  EXPECT_EQ(v.invoices[0].issued_on, d("2026-05-01"));
  EXPECT_NE(v.invoices[0].description.find("due 2026-04-01, in a closed month: dated 2026-05-01"),
            std::string::npos) << v.invoices[0].description;
  // A report received after its period's month was closed.
  soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES ('2026-06', '2026-07-03T00:00:00Z')";
  ReportOutcome q1 = report(report_json("2026-04-01", "2026-06-30", "1000000"));
  ASSERT_EQ(q1.invoices.size(), 1u);
  EXPECT_EQ(q1.invoices[0].amount_minor, 30'000);
  EXPECT_EQ(q1.invoices[0].issued_on, d("2026-07-01"));
  EXPECT_NE(q1.invoices[0].description.find("due 2026-06-30, in a closed month"), std::string::npos);
}

TEST_P(LicensingServiceTest, TieredRoyaltyAcrossTheBoundaryOverTwoReports) {
  add(agreement_json());
  // Q1 of contract year 0: 8,000,000 at 3% = 240,000.
  ReportOutcome q1 = report(report_json("2026-04-01", "2026-06-30", "8,000,000"));
  EXPECT_EQ(q1.year.index, 0);
  EXPECT_EQ(q1.year.last, d("2027-03-31"));
  EXPECT_EQ(q1.cumulative_before_minor, 0);
  EXPECT_EQ(q1.cumulative_after_minor, 8'000'000);
  ASSERT_EQ(q1.invoices.size(), 1u);
  EXPECT_EQ(q1.invoices[0].income_type, "running_royalty");
  EXPECT_EQ(q1.invoices[0].amount_minor, 240'000);
  EXPECT_EQ(q1.invoices[0].issued_on, d("2026-06-30"));
  EXPECT_EQ(q1.invoices[0].contract_year, 0);
  EXPECT_EQ(q1.invoices[0].report_id, q1.report.id);
  // Q2: 5,000,000 more, cumulative 13,000,000: 10,000,000 × 3% + 3,000,000 ×
  // 2% = 360,000, minus the 240,000 already invoiced = 120,000.
  ReportOutcome q2 = report(report_json("2026-07-01", "2026-09-30", "5000000"));
  EXPECT_EQ(q2.cumulative_before_minor, 8'000'000);
  EXPECT_EQ(q2.cumulative_after_minor, 13'000'000);
  ASSERT_EQ(q2.invoices.size(), 1u);
  EXPECT_EQ(q2.invoices[0].amount_minor, 120'000);
  // The next contract year starts again from the first tier: 1,000,000 at 3%.
  ReportOutcome y1 = report(report_json("2027-04-01", "2027-06-30", "1000000"));
  EXPECT_EQ(y1.year.index, 1);
  EXPECT_EQ(y1.cumulative_before_minor, 0);
  ASSERT_EQ(y1.invoices.size(), 1u);
  EXPECT_EQ(y1.invoices[0].amount_minor, 30'000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM report_line"), 3);
  auto v = service_->show("LIC-1");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->reports.size(), 3u);
  // 5,000,000 upfront + 240,000 + 120,000 + 30,000.
  EXPECT_EQ(v->totals.invoiced_minor, 5'390'000);
  // `report show`: Q2 as it was recorded (cumulative 8,000,000 → 13,000,000,
  // invoiced 120,000); an unknown id is refused.
  auto shown = service_->show_report(q2.report.id);
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  EXPECT_FALSE(shown->recorded);
  EXPECT_EQ(shown->agreement, "LIC-1");
  EXPECT_EQ(shown->cumulative_before_minor, 8'000'000);
  EXPECT_EQ(shown->cumulative_after_minor, 13'000'000);
  ASSERT_EQ(shown->invoices.size(), 1u);
  EXPECT_EQ(shown->invoices[0].amount_minor, 120'000);
  auto missing = service_->show_report(y1.report.id + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "unknown_report");
}

TEST_P(LicensingServiceTest, CorrectionInvoicesTheNegativeDifference) {
  add(agreement_json());
  const long long q1 = report(report_json("2026-04-01", "2026-06-30", "8000000")).report.id;
  const long long q2 = report(report_json("2026-07-01", "2026-09-30", "5000000")).report.id;
  // Q2 corrected from 5,000,000 to 3,000,000: the year goes from 13,000,000
  // (360,000) to 11,000,000 (300,000 + 1,000,000 × 2% = 320,000): a credit
  // note of −40,000.
  ReportOutcome fix = report(report_json("2026-07-01", "2026-09-30", "3000000",
                                         R"(,"corrects":)" + std::to_string(q2)));
  EXPECT_EQ(fix.report.corrects, q2);
  EXPECT_EQ(fix.cumulative_before_minor, 13'000'000);
  EXPECT_EQ(fix.cumulative_after_minor, 11'000'000);
  ASSERT_EQ(fix.invoices.size(), 1u);
  EXPECT_EQ(fix.invoices[0].income_type, "running_royalty");
  EXPECT_EQ(fix.invoices[0].amount_minor, -40'000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM posting p JOIN journal_entry e ON e.id = p.entry_id WHERE e.kind = "
                  "'invoice' AND p.account = 'assets:receivable:C-0001' AND p.amount_minor = -40000"), 1);
  // Nothing paid yet: the credit note is netted at once against the oldest
  // open invoice (the upfront fee), so no invoice shows a negative open
  // amount (a credit_note_netting entry moving 40,000 on the receivable).
  EXPECT_EQ(count("SELECT COUNT(*) FROM credit_note_application WHERE amount_minor = 40000 AND invoice_id IS NOT "
                  "NULL"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM posting p JOIN journal_entry e ON e.id = p.entry_id WHERE e.kind = "
                  "'credit_note_netting' AND p.account = 'assets:receivable:C-0001'"), 2);
  // A later report counts the corrected figure: 11,000,000 + 1,000,000 at 2% = 20,000.
  ReportOutcome q3 = report(report_json("2026-10-01", "2026-12-31", "1000000"));
  EXPECT_EQ(q3.cumulative_before_minor, 11'000'000);
  ASSERT_EQ(q3.invoices.size(), 1u);
  EXPECT_EQ(q3.invoices[0].amount_minor, 20'000);
  // The corrected report cannot be corrected again, nor another period.
  refused_report(report_json("2026-07-01", "2026-09-30", "1", R"(,"corrects":)" + std::to_string(q2)),
                 "report " + std::to_string(q2) + " was already corrected by report " +
                     std::to_string(fix.report.id) + ": correct report " + std::to_string(fix.report.id) +
                     " instead");
  refused_report(report_json("2026-04-01", "2026-05-31", "1", R"(,"corrects":)" + std::to_string(q1)),
                 "a correction covers the same period as the report it corrects: report " + std::to_string(q1) +
                     " is for 2026-04-01 .. 2026-06-30, not 2026-04-01 .. 2026-05-31");
  refused_report(report_json("2026-04-01", "2026-06-30", "1", R"(,"corrects":999)"),
                 "unknown report 999 to correct");
  auto v = service_->show("LIC-1");
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->reports.size(), 4u);
  EXPECT_EQ(v->reports[1].corrected_by, fix.report.id);
}

TEST_P(LicensingServiceTest, SublicenceShare) {
  add(agreement_json());
  // 25% of 400,000 sublicence income = 100,000; and 2,000,000 at 3% = 60,000.
  ReportOutcome r = report(report_json("2026-04-01", "2026-06-30", "2000000", R"(,"sublicense_income":"400000")"));
  ASSERT_EQ(r.invoices.size(), 2u);
  EXPECT_EQ(r.invoices[0].income_type, "running_royalty");
  EXPECT_EQ(r.invoices[0].amount_minor, 60'000);
  EXPECT_EQ(r.invoices[1].income_type, "sublicense");
  EXPECT_EQ(r.invoices[1].amount_minor, 100'000);
  EXPECT_EQ(r.invoices[1].contract_year, 0);
  // Corrected to 300,000 of sublicence income, same sales: (300,000 −
  // 400,000) × 25% = −25,000, and no running royalty invoice (0).
  ReportOutcome fix = report(report_json("2026-04-01", "2026-06-30", "2000000",
                                         R"(,"sublicense_income":"300000","corrects":)" +
                                             std::to_string(r.report.id)));
  ASSERT_EQ(fix.invoices.size(), 1u);
  EXPECT_EQ(fix.invoices[0].income_type, "sublicense");
  EXPECT_EQ(fix.invoices[0].amount_minor, -25'000);
}

// Issue 18: the same report again is a replay (the first result, nothing
// written); other content for the same period needs `corrects`.
TEST_P(LicensingServiceTest, TheSameReportAgainIsAReplay) {
  add(agreement_json());
  const ReportOutcome first = report(report_json("2026-04-01", "2026-06-30", "8000000"));
  ASSERT_TRUE(first.recorded);
  const std::string before = testing::dump_content(*db_);
  auto again = requests::add_report_text(*service_, report_json("2026-04-01", "2026-06-30", "8,000,000"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(again->report.id, first.report.id);
  EXPECT_EQ(again->cumulative_before_minor, first.cumulative_before_minor);
  EXPECT_EQ(again->cumulative_after_minor, first.cumulative_after_minor);
  ASSERT_EQ(again->invoices.size(), first.invoices.size());
  for (std::size_t i = 0; i < first.invoices.size(); ++i) EXPECT_EQ(again->invoices[i].id, first.invoices[i].id);
  EXPECT_EQ(testing::dump_content(*db_), before);
  refused_report(report_json("2026-04-01", "2026-06-30", "8000001"),
                 "overlaps report " + std::to_string(first.report.id));
  // A correction, and the correction again: a replay of the correction.
  const std::string fix = report_json("2026-04-01", "2026-06-30", "9000000",
                                      R"(,"corrects":)" + std::to_string(first.report.id));
  const ReportOutcome corrected = report(fix);
  auto fix_again = requests::add_report_text(*service_, fix);
  ASSERT_TRUE(fix_again.ok()) << fix_again.error().message;
  EXPECT_FALSE(fix_again->recorded);
  EXPECT_EQ(fix_again->report.id, corrected.report.id);
  EXPECT_EQ(fix_again->cumulative_before_minor, 8'000'000);
  EXPECT_EQ(fix_again->cumulative_after_minor, 9'000'000);
  // The corrected first report is no longer standing: sending it is not a replay.
  refused_report(report_json("2026-04-01", "2026-06-30", "8000000"),
                 "overlaps report " + std::to_string(corrected.report.id));
}

TEST_P(LicensingServiceTest, ReportRefusals) {
  add(agreement_json());
  const long long q1 = report(report_json("2026-04-01", "2026-06-30", "8000000")).report.id;
  refused_report(report_json("2026-06-01", "2026-08-31", "1000"),
                 "period 2026-06-01 .. 2026-08-31 overlaps report " + std::to_string(q1) +
                     " (2026-04-01 .. 2026-06-30) of LIC-1: to change that report, submit a correction with "
                     "\"corrects\": " + std::to_string(q1) + " and the same period");
  refused_report(report_json("2027-01-01", "2027-06-30", "1000"),
                 "period 2027-01-01 .. 2027-06-30 crosses the contract-year boundary on 2027-04-01 (contract "
                 "year 2026-04-01 .. 2027-03-31 ends the day before): split it into 2027-01-01 .. 2027-03-31 "
                 "and a report from 2027-04-01");
  refused_report(report_json("2026-03-01", "2026-03-31", "1000"),
                 "period 2026-03-01 .. 2026-03-31 is not within the agreement's term 2026-04-01 .. 2031-03-31");
  refused_report(R"({"agreement":"LIC-1","period_start":"2026-07-01","period_end":"2026-09-30",
    "lines":[{"territory":"KR","product":"Cell A","net_sales":"1000"}]})",
                 "lines[0]: territory 'KR' is not licensed by LIC-1 (JP, US)");
  refused_report(report_json("2026-07-01", "2026-09-30", "-1000"),
                 "the report's net sales total -1,000 JPY is negative");
  refused_report(report_json("2026-07-01", "2026-09-30", "12.5"), "lines[0].net_sales: too many decimals");
  refused_report(R"({"agreement":"LIC-404","period_start":"2026-07-01","period_end":"2026-09-30","lines":[]})",
                 "unknown agreement 'LIC-404'");
  refused_report(R"({"agreement":"LIC-1","period_start":"2026-07-01","period_end":"2026-09-30","lines":[],"notes":"x"})",
                 "'notes' is not a known key");
  refused_report(R"({"agreement":"LIC-1","period_start":"2026-07-01","period_end":"2026-09-30",
    "lines":[{"territory":"JP","product":"Cell A","net_sales":1000}]})",
                 "'lines[0].net_sales' must be a string");
}

TEST_P(LicensingServiceTest, MilestoneReachedOnce) {
  add(agreement_json());
  auto inv = service_->reach_milestone("LIC-1", "first sale", d("2026-09-15"));
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  EXPECT_EQ(inv->income_type, "milestone");
  EXPECT_EQ(inv->milestone, "first sale");
  EXPECT_EQ(inv->amount_minor, 2'000'000);
  EXPECT_EQ(inv->issued_on, d("2026-09-15"));
  expect_refused([&] { return service_->reach_milestone("LIC-1", "first sale", d("2026-10-01")); },
                 "milestone 'first sale' of LIC-1 was already reached on 2026-09-15");
  expect_refused([&] { return service_->reach_milestone("LIC-1", "approval", d("2026-10-01")); },
                 "agreement LIC-1 has no milestone 'approval' (its milestones: 'first sale')");
  expect_refused([&] { return service_->reach_milestone("LIC-404", "first sale", d("2026-10-01")); },
                 "unknown agreement 'LIC-404'");
  auto v = service_->show("LIC-1");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->milestones[0].reached_on, d("2026-09-15"));
}

TEST_P(LicensingServiceTest, MinimumRoyaltyTrueUpIsIdempotent) {
  add(agreement_json());
  // Contract year 0 (2026-04-01 .. 2027-03-31): 8,000,000 at 3% = 240,000,
  // corrected to 6,000,000 (180,000): a credit note of −60,000. Running
  // royalties of the year: 240,000 − 60,000 = 180,000; minimum 1,000,000:
  // true-up 820,000, dated 2027-03-31.
  const long long q1 = report(report_json("2026-04-01", "2026-06-30", "8000000")).report.id;
  report(report_json("2026-04-01", "2026-06-30", "6000000", R"(,"corrects":)" + std::to_string(q1)));
  // The sublicence share does not count towards the minimum.
  report(report_json("2026-07-01", "2026-09-30", "0", R"(,"sublicense_income":"4000000")"));
  auto none = service_->issue_true_ups(d("2027-02-28"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto issued = service_->issue_true_ups(d("2027-03-31"));
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->size(), 1u);
  auto v = service_->show("LIC-1");
  ASSERT_TRUE(v.ok());
  const InvoiceView& t = v->invoices.back();
  EXPECT_EQ(t.id, (*issued)[0]);
  EXPECT_EQ(t.income_type, "minimum_true_up");
  EXPECT_EQ(t.amount_minor, 820'000);
  EXPECT_EQ(t.issued_on, d("2027-03-31"));
  EXPECT_EQ(t.contract_year, 0);
  // Again (a re-run of the same close, or any day of the month): nothing.
  const std::string before = testing::dump_content(*db_);
  auto again = service_->issue_true_ups(d("2027-03-15"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(testing::dump_content(*db_), before);
  // Year 1 had 40,000,000 of sales: 300,000 + 30,000,000 × 2% = 900,000 —
  // still 100,000 short of the minimum.
  report(report_json("2027-04-01", "2028-03-31", "40000000"));
  auto year1 = service_->issue_true_ups(d("2028-03-01"));
  ASSERT_TRUE(year1.ok());
  ASSERT_EQ(year1->size(), 1u);
  EXPECT_EQ(service_->show("LIC-1")->invoices.back().amount_minor, 100'000);
  auto log = list_changes(*db_, {"agreement", "LIC-1", 10});
  EXPECT_EQ(log[0].action, "true_up");
}

// An agreement entered after a month was closed: its contract years that
// ended in closed months are trued up at the next close, dated in that
// close's month, the reason in the invoice and on the statements of the
// income it brings. LIC-1 on P1 (U-TOKYO alone) from 2025-04-01, minimum
// 1,000,000 a year, no reports, is entered after 2026-05 was closed: year 0
// (2025-04-01 .. 2026-03-31) ended in a closed month with no running
// royalty, so the June 2026 close trues it up by 1,000,000 − 0 = 1,000,000,
// dated 2026-06-01 (the first open day).
TEST_P(LicensingServiceTest, ALateAgreementIsTruedUpAtTheNextClose) {
  soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES ('2026-05', '2026-01-01T00:00:00Z')";
  std::string json = agreement_json();
  json.replace(json.find(R"("package":"PKG-BATT")"), 20, R"("patents":["JP2020000001A"])");
  json.replace(json.find("2026-04-01"), 10, "2025-04-01");
  json.replace(json.find("2031-03-31"), 10, "2030-03-31");
  add(json);
  // The close of 2026-06 (no contract year ends in June).
  auto issued = service_->issue_true_ups(d("2026-06-30"));
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->size(), 1u);
  auto v = service_->show("LIC-1");
  ASSERT_TRUE(v.ok());
  const InvoiceView& t = v->invoices.back();
  EXPECT_EQ(t.income_type, "minimum_true_up");
  EXPECT_EQ(t.amount_minor, 1'000'000);
  EXPECT_EQ(t.issued_on, d("2026-06-01"));
  EXPECT_EQ(t.contract_year, 0);
  EXPECT_EQ(t.description.rfind("late agreement: LIC-1 was entered after 2026-05 was closed", 0), 0u) << t.description;
  // Once only.
  const std::string before = testing::dump_content(*db_);
  auto again = service_->issue_true_ups(d("2026-06-30"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(testing::dump_content(*db_), before);
  // Paid: the upfront 5,000,000 (dated 2026-06-01 too) then the true-up.
  // The true-up's 1,000,000 on P1 alone: U-TOKYO 2/3 → 666,666.67, the
  // aggregator 1/3 → 333,333.33; the yen left goes to the larger remainder:
  // U-TOKYO 666,667.
  PaymentService payments(*db_, SchemeSettings{}, "tester", dir_.path());
  PaymentRequest p;
  p.agreement = "LIC-1";
  p.received_on = d("2026-06-10");
  p.currency = "JPY";
  p.amount_minor = 6'000'000;
  p.reference = "BANK-LATE";
  auto paid = payments.record_payment(p);
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  auto statement = CloseService(*db_, "tester", {}, "AGG-JST").statement("U-TOKYO", "2026-06");
  ASSERT_TRUE(statement.ok()) << statement.error().message;
  int true_ups = 0;
  for (const auto& l : statement->statement.lines) {
    if (l.income_type != "minimum_true_up") {
      EXPECT_EQ(l.note, "");
      continue;
    }
    ++true_ups;
    EXPECT_EQ(l.amount, 666'667);
    EXPECT_EQ(l.note.rfind("late agreement: LIC-1 was entered after 2026-05 was closed", 0), 0u) << l.note;
  }
  EXPECT_EQ(true_ups, 1);
}

// An agreement entered before the last close is not a late one: its years
// were the closes' to true up.
TEST_P(LicensingServiceTest, AnAgreementEnteredBeforeTheLastCloseIsNotLate) {
  soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES ('2026-05', '2099-01-01T00:00:00Z')";
  std::string json = agreement_json();
  json.replace(json.find(R"("package":"PKG-BATT")"), 20, R"("patents":["JP2020000001A"])");
  json.replace(json.find("2026-04-01"), 10, "2025-04-01");
  add(json);
  auto issued = service_->issue_true_ups(d("2026-06-30"));
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_TRUE(issued->empty());
}

// A report that lands in a contract year after its true-up (late, or a
// correction) revises the true-up: the year comes to max(running, minimum).
TEST_P(LicensingServiceTest, ALateReportRevisesTheTrueUp) {
  add(agreement_json());
  // Year 0: 6,000,000 at 3% = 180,000; minimum 1,000,000: true-up 820,000.
  report(report_json("2026-04-01", "2026-06-30", "6000000"));
  auto issued = service_->issue_true_ups(d("2027-03-31"));
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->size(), 1u);
  close_through("2027-03");  // the close that issued it is behind us
  auto year_total = [&] {
    std::int64_t total = 0;
    const auto agreement = service_->show("LIC-1");  // kept: the loop reads its invoices
    if (!agreement.ok()) return std::int64_t{-1};
    for (const auto& i : agreement->invoices) {
      if (i.contract_year == 0 && (i.income_type == "running_royalty" || i.income_type == "minimum_true_up")) {
        total += i.amount_minor;
      }
    }
    return total;
  };
  EXPECT_EQ(year_total(), 1'000'000);
  // The Q3 report arrives late: 10,000,000 more. Cumulative 6,000,000 ->
  // 16,000,000: 300,000 + 6,000,000 x 2% = 420,000, so 240,000 more running
  // royalty; the shortfall is now 580,000, 240,000 less than trued up: a
  // credit note of -240,000 with it.
  auto late = report(report_json("2026-07-01", "2026-09-30", "10000000"));
  ASSERT_EQ(late.invoices.size(), 2u);
  EXPECT_EQ(late.invoices[0].income_type, "running_royalty");
  EXPECT_EQ(late.invoices[0].amount_minor, 240'000);
  EXPECT_EQ(late.invoices[1].income_type, "minimum_true_up");
  EXPECT_EQ(late.invoices[1].amount_minor, -240'000);
  EXPECT_EQ(late.invoices[1].contract_year, 0);
  EXPECT_EQ(year_total(), 1'000'000);
  // Corrected to 40,000,000: 6,000,000 -> 46,000,000 is 300,000 +
  // 36,000,000 x 2% = 1,020,000, 600,000 more than before; above the minimum,
  // so the remaining 580,000 of true-up is credited back.
  auto corrected = report(report_json("2026-07-01", "2026-09-30", "40000000",
                                      R"(,"corrects":)" + std::to_string(late.report.id)));
  ASSERT_EQ(corrected.invoices.size(), 2u);
  EXPECT_EQ(corrected.invoices[0].amount_minor, 600'000);
  EXPECT_EQ(corrected.invoices[1].amount_minor, -580'000);
  EXPECT_EQ(year_total(), 1'020'000);
  // Closing the month again issues no second true-up.
  auto again = service_->issue_true_ups(d("2027-03-31"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

// The minimum was met when the year closed; a correction takes the year
// below it: the first true-up comes with the correction.
TEST_P(LicensingServiceTest, ACorrectionBelowTheMinimumAfterTheCloseTruesUp) {
  add(agreement_json());
  // 40,000,000: 300,000 + 30,000,000 x 2% = 900,000; 10,000,000 more: 1,100,000.
  report(report_json("2026-04-01", "2026-09-30", "40000000"));
  const long long h2 = report(report_json("2026-10-01", "2027-03-31", "10000000")).report.id;
  auto issued = service_->issue_true_ups(d("2027-03-31"));
  ASSERT_TRUE(issued.ok());
  EXPECT_TRUE(issued->empty());
  close_through("2027-03");
  // The second half corrected to 0: -200,000 of running royalty, 900,000 in
  // the year, 100,000 short of the minimum.
  auto corrected = report(report_json("2026-10-01", "2027-03-31", "0", R"(,"corrects":)" + std::to_string(h2)));
  ASSERT_EQ(corrected.invoices.size(), 2u);
  EXPECT_EQ(corrected.invoices[0].amount_minor, -200'000);
  EXPECT_EQ(corrected.invoices[1].income_type, "minimum_true_up");
  EXPECT_EQ(corrected.invoices[1].amount_minor, 100'000);
  EXPECT_EQ(corrected.invoices[1].issued_on, d("2027-04-01"));  // the first open day
}

TEST_P(LicensingServiceTest, NoTrueUpWhenTheMinimumIsMet) {
  add(agreement_json());
  // 40,000,000: 900,000; then 10,000,000 more at 2% = 200,000: 1,100,000 ≥ 1,000,000.
  report(report_json("2026-04-01", "2026-09-30", "40000000"));
  report(report_json("2026-10-01", "2027-03-31", "10000000"));
  const std::string before = testing::dump_content(*db_);
  auto issued = service_->issue_true_ups(d("2027-03-31"));
  ASSERT_TRUE(issued.ok());
  EXPECT_TRUE(issued->empty());
  EXPECT_EQ(testing::dump_content(*db_), before);
}

// ---- issue 21: rounding once, pro-rata minimums --------------------------------------------------

// Finding 3: the same year's sales reported quarterly or annually come to
// the same royalty. A flat 3% (300 bps): quarters of 2,500,050 ×3 and
// 2,499,984 (10,000,134 in the year). Annually 300,004.02 → 300,004.
// Quarterly, each report invoices round(3% of the year so far) less what
// was invoiced: 75,002 (75,001.5), 75,001 (150,003 − 75,002), 75,002
// (225,004.5 → 225,005 − 150,003), 74,999 (300,004.02 → 300,004 − 225,005):
// 300,004 too (rounded per report it was 75,002 × 3 + 75,000 = 300,006).
TEST_P(LicensingServiceTest, QuarterlyAndAnnualReportingInvoiceTheSameYear) {
  auto json = [&](const char* id) {
    std::string j = agreement_json();
    j.replace(j.find(R"("minimum_annual_royalty":"1000000")"), 34, R"("minimum_annual_royalty":"0")");
    j.replace(j.find(R"("royalty_tiers":[{"up_to":"10000000","rate_bps":300},{"rate_bps":200}],)"),
              std::string(R"("royalty_tiers":[{"up_to":"10000000","rate_bps":300},{"rate_bps":200}],)").size(),
              R"("royalty_tiers":[{"rate_bps":300}],)");
    j.replace(j.find(R"("id":"LIC-1")"), 12, std::string(R"("id":")") + id + "\"");
    return j;
  };
  // Two non-exclusive agreements side by side (the same package and field).
  std::string quarterly = json("LIC-Q"), annual = json("LIC-A");
  quarterly.replace(quarterly.find(R"("exclusive":true)"), 16, R"("exclusive":false)");
  annual.replace(annual.find(R"("exclusive":true)"), 16, R"("exclusive":false)");
  add(quarterly);
  add(annual);
  auto report_of = [](const std::string& agreement, const std::string& from, const std::string& to,
                      const std::string& sales) {
    std::string r = report_json(from, to, sales);
    r.replace(r.find(R"("agreement":"LIC-1")"), 19, R"("agreement":")" + agreement + "\"");
    return r;
  };
  std::vector<std::int64_t> invoiced;
  const std::vector<std::array<const char*, 3>> quarters = {{"2026-04-01", "2026-06-30", "2500050"},
                                                             {"2026-07-01", "2026-09-30", "2500050"},
                                                             {"2026-10-01", "2026-12-31", "2500050"},
                                                             {"2027-01-01", "2027-03-31", "2499984"}};
  for (const auto& [from, to, sales] : quarters) {
    ReportOutcome q = report(report_of("LIC-Q", from, to, sales));
    ASSERT_EQ(q.invoices.size(), 1u);
    invoiced.push_back(q.invoices[0].amount_minor);
  }
  EXPECT_EQ(invoiced, (std::vector<std::int64_t>{75'002, 75'001, 75'002, 74'999}));
  ReportOutcome year = report(report_of("LIC-A", "2026-04-01", "2027-03-31", "10000134"));
  ASSERT_EQ(year.invoices.size(), 1u);
  EXPECT_EQ(year.invoices[0].amount_minor, 300'004);
  // Upfront 5,000,000 each, then the same 300,004 of royalty.
  EXPECT_EQ(service_->show("LIC-Q")->totals.invoiced_minor, 5'300'004);
  EXPECT_EQ(service_->show("LIC-A")->totals.invoiced_minor, 5'300'004);
}

// Finding 4: a short last contract year. LIC-1 runs 2026-04-01 ..
// 2027-06-30: year 1 is 2027-04-01 .. 2027-06-30, 91 days of the 366 of a
// full year from 2027-04-01 (2027-04-01 .. 2028-03-31 holds 29 February
// 2028). Minimum 1,200,000, running royalty 100,000 (3% of 3,333,333.33…:
// sales of 3,333,334 → 100,000.02 → 100,000).
//   Pro rata (the default): 1,200,000 × 91 / 366 = 298,360.65… → 298,361
//   (half away from zero, once); true-up 298,361 − 100,000 = 198,361.
//   In full ("minimum_pro_rata": false): 1,200,000 − 100,000 = 1,100,000.
TEST_P(LicensingServiceTest, AShortLastYearOwesTheMinimumProRataOrInFull) {
  auto json = [](const char* id, const char* extra) {
    std::string j = agreement_json(extra);
    j.replace(j.find(R"("minimum_annual_royalty":"1000000")"), 34, R"("minimum_annual_royalty":"1200000")");
    j.replace(j.find(R"("id":"LIC-1")"), 12, std::string(R"("id":")") + id + "\"");
    j.replace(j.find(R"("end":"2031-03-31")"), 18, R"("end":"2027-06-30")");
    j.replace(j.find(R"("exclusive":true)"), 16, R"("exclusive":false)");
    return j;
  };
  const AgreementView pro = add(json("LIC-P", ""));
  EXPECT_TRUE(pro.terms.minimum_pro_rata);
  const AgreementView full = add(json("LIC-F", R"(,"minimum_pro_rata":false)"));
  EXPECT_FALSE(full.terms.minimum_pro_rata);
  // Year 0 (a full year, no sales): both owe the full 1,200,000.
  auto year0 = service_->issue_true_ups(d("2027-03-31"));
  ASSERT_TRUE(year0.ok()) << year0.error().message;
  EXPECT_EQ(service_->show("LIC-P")->invoices.back().amount_minor, 1'200'000);
  EXPECT_EQ(service_->show("LIC-F")->invoices.back().amount_minor, 1'200'000);
  for (const char* id : {"LIC-P", "LIC-F"}) {
    std::string r = report_json("2027-04-01", "2027-06-30", "3333334");
    r.replace(r.find(R"("agreement":"LIC-1")"), 19, std::string(R"("agreement":")") + id + "\"");
    ReportOutcome out = report(r);
    ASSERT_EQ(out.invoices.size(), 1u);
    EXPECT_EQ(out.invoices[0].amount_minor, 100'000);
  }
  auto issued = service_->issue_true_ups(d("2027-06-30"));
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->size(), 2u);
  const InvoiceView p = service_->show("LIC-P")->invoices.back();
  EXPECT_EQ(p.income_type, "minimum_true_up");
  EXPECT_EQ(p.contract_year, 1);
  EXPECT_EQ(p.issued_on, d("2027-06-30"));
  EXPECT_EQ(p.amount_minor, 198'361);
  EXPECT_NE(p.description.find("1,200,000 JPY pro rata 91/366 days = 298,361 JPY"), std::string::npos)
      << p.description;
  EXPECT_EQ(service_->show("LIC-F")->invoices.back().amount_minor, 1'100'000);
  // A late correction revises against the same (pro-rata) minimum: sales
  // corrected to 0 → running 0, shortfall 298,361, trued up 198,361 before:
  // +100,000.
  close_through("2027-06");
  std::string c = report_json("2027-04-01", "2027-06-30", "0");
  c.replace(c.find(R"("agreement":"LIC-1")"), 19, R"("agreement":"LIC-P")");
  const long long first = service_->show("LIC-P")->reports.back().id;
  c.insert(c.size() - 1, R"(,"corrects":)" + std::to_string(first));
  ReportOutcome corrected = report(c);
  ASSERT_EQ(corrected.invoices.size(), 2u);
  EXPECT_EQ(corrected.invoices[0].amount_minor, -100'000);
  EXPECT_EQ(corrected.invoices[1].income_type, "minimum_true_up");
  EXPECT_EQ(corrected.invoices[1].amount_minor, 100'000);
}

// Finding 1: credit is applied to the next invoice. LIC-1's upfront fee
// (5,000,000) is paid with 5,100,000: 100,000 stays as C-0001's credit. Q1's
// running royalty (8,000,000 × 3% = 240,000, dated 2026-06-30) is issued
// with the credit applied at once: 140,000 open. The 100,000 is routed
// then (PKG-BATT: P1 weight 1, U-TOKYO; P3 weight 2, U-KYOTO; aggregator
// 1/3): aggregator 33,333.33, U-TOKYO 2/9 = 22,222.22, U-KYOTO 4/9 =
// 44,444.44 → floors 99,999, the yen left to U-KYOTO (.44): 22,222 and
// 44,445. The upfront fee gave U-TOKYO 1,111,111 and U-KYOTO 2,222,222
// (5,000,000 × 2/9 and × 4/9, the leftover yen to the aggregator's .67):
// 1,133,333 and 2,266,667 after.
TEST_P(LicensingServiceTest, CreditIsAppliedToTheNextInvoice) {
  add(agreement_json());
  PaymentService payments(*db_, SchemeSettings{}, "tester", dir_.path());
  PaymentRequest pay;
  pay.agreement = "LIC-1";
  pay.received_on = d("2026-04-10");
  pay.currency = "JPY";
  pay.amount_minor = 5'100'000;
  pay.reference = "BANK-OVER";
  auto paid = payments.record_payment(pay);
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_EQ(paid->payment.credit_minor, 100'000);
  ASSERT_EQ(payments.payable_balance("U-TOKYO").value(), 1'111'111);
  ASSERT_EQ(payments.payable_balance("U-KYOTO").value(), 2'222'222);
  ReportOutcome q1 = report(report_json("2026-04-01", "2026-06-30", "8000000"));
  ASSERT_EQ(q1.invoices.size(), 1u);
  EXPECT_EQ(q1.invoices[0].amount_minor, 240'000);
  EXPECT_EQ(q1.invoices[0].paid_minor, 100'000);
  EXPECT_EQ(service_->show("LIC-1")->totals.open_minor, 140'000);
  EXPECT_EQ(payments.payable_balance("U-TOKYO").value(), 1'133'333);
  EXPECT_EQ(payments.payable_balance("U-KYOTO").value(), 2'266'667);
  // One credit_application entry, dated the invoice's day, says so.
  std::string kind, posted, description;
  soci_session(*db_) << "SELECT e.kind, e.posted_on, e.description FROM journal_entry e JOIN credit_application ca "
                        "ON ca.entry_id = e.id",
      soci::into(kind), soci::into(posted), soci::into(description);
  EXPECT_EQ(kind, "credit_application");
  EXPECT_EQ(posted, "2026-06-30");
  EXPECT_NE(description.find("licensee credit of C-0001 applied to invoice(s)"), std::string::npos);
  auto credits = payments.list_credits("", PageRequest{});
  ASSERT_TRUE(credits.ok());
  ASSERT_EQ(credits->items.size(), 1u);
  EXPECT_EQ(credits->items[0].agreement, "LIC-1");
  EXPECT_EQ(credits->items[0].balance_minor, 0);
  EXPECT_EQ(credits->items[0].applied_minor, 100'000);
  EXPECT_TRUE(check_ledger(*db_).ok());
  // The credit is used: reversing the payment that left it is refused.
  auto reversed = payments.reverse_payment(ReversalRequest{"BANK-OVER", d("2026-07-01"), "wrong"});
  ASSERT_FALSE(reversed.ok());
  EXPECT_NE(reversed.error().message.find("(used since)"), std::string::npos) << reversed.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, LicensingServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
