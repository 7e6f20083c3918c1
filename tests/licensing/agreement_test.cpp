// The pure agreement rules: validation of the terms, the exclusivity rule,
// contract years of reports, and what a report or a correction charges.
#include "licensing/agreement.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

// 3% of net sales up to JPY 10,000,000 in a contract year, 2% above.
std::vector<RoyaltyTier> two_tiers() {
  return {RoyaltyTier{10'000'000, 300}, RoyaltyTier{std::nullopt, 200}};
}

AgreementTerms valid_terms() {
  AgreementTerms t;
  t.reference = "LIC-2026-001";
  t.licensee = "C-0001";
  t.package = "PKG-BATT";
  t.exclusive = true;
  t.field = "automotive batteries";
  t.territory = {"JP", "US"};
  t.start = d("2026-04-01");
  t.end = d("2031-03-31");
  t.currency = "JPY";
  t.upfront_minor = 5'000'000;
  t.tiers = two_tiers();
  t.minimum_annual_minor = 1'000'000;
  t.milestones = {{"first sale", 2'000'000}};
  t.sublicense_share_bps = 2500;
  return t;
}

// The refusal's message, checking the field it names.
std::string refusal(const AgreementTerms& t, const std::string& field) {
  Status s = validate_terms(t);
  EXPECT_FALSE(s.ok());
  if (s.ok()) return "";
  EXPECT_EQ(s.error().field, field) << s.error().message;
  return s.error().message;
}

TEST(AgreementTerms, ValidTermsPass) {
  EXPECT_TRUE(validate_terms(valid_terms()).ok());
  AgreementTerms t = valid_terms();
  t.package.clear();
  t.patents = {"JP2020000001A", "JP 2020-000002"};
  t.end = t.start;  // a one-day term is allowed
  t.currency = "USD";
  t.policy = "consortium_2";
  EXPECT_TRUE(validate_terms(t).ok());
}

TEST(AgreementTerms, RefusalsNameTheKey) {
  AgreementTerms t = valid_terms();
  t.reference = "bad id";
  EXPECT_NE(refusal(t, "id").find("agreement id 'bad id'"), std::string::npos);
  t = valid_terms();
  t.patents = {"JP2020000001A"};
  EXPECT_NE(refusal(t, "package").find("not both or neither"), std::string::npos);
  t.package.clear();
  t.patents = {"JP2020000001A", "JP2020000001A"};
  EXPECT_EQ(refusal(t, "patents"), "patent JP2020000001A is listed twice");
  t = valid_terms();
  t.end = d("2026-03-31");
  EXPECT_EQ(refusal(t, "end"), "end 2026-03-31 is before start 2026-04-01");
  t = valid_terms();
  t.territory = {"JP", "usa"};
  EXPECT_NE(refusal(t, "territory").find("territory 'usa' is not an ISO 3166"), std::string::npos);
  t.territory = {};
  EXPECT_EQ(refusal(t, "territory"), "territory needs at least one country code");
  t = valid_terms();
  t.field = "  ";
  EXPECT_EQ(refusal(t, "field"), "field (of use) is required");
  t = valid_terms();
  t.currency = "XYZ";
  EXPECT_NE(refusal(t, "currency").find("XYZ"), std::string::npos);
  t = valid_terms();
  t.tiers = {RoyaltyTier{10'000'000, 300}};  // the last tier is bounded
  EXPECT_NE(refusal(t, "royalty_tiers").find("the last tier must have no up_to"), std::string::npos);
  t.tiers = {RoyaltyTier{10'000'000, 300}, RoyaltyTier{5'000'000, 200}, RoyaltyTier{std::nullopt, 100}};
  EXPECT_NE(refusal(t, "royalty_tiers").find("must be greater than the previous tier's 10000000"),
            std::string::npos);
  t = valid_terms();
  t.milestones = {{"first sale", 1}, {"first sale", 2}};
  EXPECT_EQ(refusal(t, "milestones"), "milestone 'first sale' is listed twice");
  t.milestones = {{"approval", 0}};
  EXPECT_EQ(refusal(t, "milestones"), "milestone 'approval': amount must be greater than 0");
  t = valid_terms();
  t.sublicense_share_bps = 10001;
  EXPECT_EQ(refusal(t, "sublicense_share_bps"), "sublicense_share_bps 10001 is outside 0..10000");
  t = valid_terms();
  t.upfront_minor = -1;
  EXPECT_EQ(refusal(t, "upfront_fee"), "upfront_fee must not be negative");
  t = valid_terms();
  t.policy = "../etc/passwd";
  EXPECT_NE(refusal(t, "policy").find("policy name '../etc/passwd'"), std::string::npos);
}

TEST(AgreementTerms, AmountText) {
  EXPECT_EQ(amount_text(240000, Currency::jpy()), "240,000 JPY");
  EXPECT_EQ(amount_text(-120000, Currency::jpy()), "-120,000 JPY");
  EXPECT_EQ(amount_text(123456789, Currency::of("USD").value()), "1,234,567.89 USD");
  EXPECT_EQ(amount_text(5, Currency::of("USD").value()), "0.05 USD");
  EXPECT_EQ(amount_text(999, Currency::jpy()), "999 JPY");
}

// ---- exclusivity -------------------------------------------------------------

LicenceScope scope(const char* ref, bool exclusive, const char* field,
                   std::vector<std::string> territory, const char* start, const char* end,
                   std::vector<std::string> patents) {
  return LicenceScope{ref, exclusive, field, std::move(territory), d(start), d(end), std::move(patents), {}};
}

const FieldsOfUse& vocabulary() { return FieldsOfUse::builtin(); }

TEST(Exclusivity, OverlapOnPatentFieldTerritoryAndPeriodConflicts) {
  const auto first = scope("LIC-1", true, "Batteries", {"US", "JP"}, "2026-04-01", "2028-03-31",
                           {"JP2020000001A", "JP2020000002A"});
  const auto second = scope("LIC-2", true, " batteries", {"JP", "DE"}, "2028-03-31", "2030-03-31",
                            {"JP2020000003A", "JP2020000002A"});
  auto c = find_exclusivity_conflict(second, {first}, vocabulary());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->other, "LIC-1");
  EXPECT_EQ(c->patent, "JP2020000002A");
  EXPECT_EQ(c->countries, std::vector<std::string>{"JP"});
  EXPECT_EQ(c->from, d("2028-03-31"));  // the one shared day
  EXPECT_EQ(c->to, d("2028-03-31"));
  EXPECT_EQ(describe_conflict(second, *c),
            "exclusive licence LIC-2 would overlap exclusive licence LIC-1 on patent JP2020000002A, "
            "field ' batteries', territory JP, 2028-03-31 .. 2028-03-31");
}

TEST(Exclusivity, AnyDifferenceAvoidsTheConflict) {
  const auto base = scope("LIC-1", true, "batteries", {"JP"}, "2026-04-01", "2028-03-31",
                          {"JP2020000001A"});
  // Each candidate differs from the base in exactly one respect.
  const std::vector<LicenceScope> fine = {
      scope("LIC-3", true, "medical devices", {"JP"}, "2026-04-01", "2028-03-31", {"JP2020000001A"}),
      scope("LIC-4", true, "batteries", {"US", "KR"}, "2026-04-01", "2028-03-31", {"JP2020000001A"}),
      scope("LIC-5", true, "batteries", {"JP"}, "2028-04-01", "2030-03-31", {"JP2020000001A"}),
      scope("LIC-6", true, "batteries", {"JP"}, "2026-04-01", "2028-03-31", {"JP2020000009A"}),
  };
  for (const auto& candidate : fine) {
    EXPECT_FALSE(find_exclusivity_conflict(candidate, {base}, vocabulary()).has_value()) << candidate.reference;
  }
  // Issue 18: a non-exclusive licence conflicts with an exclusive one, either
  // way round; two non-exclusive ones never do.
  auto open = base;
  open.exclusive = false;
  auto candidate = base;
  candidate.reference = "LIC-7";
  EXPECT_TRUE(find_exclusivity_conflict(candidate, {open}, vocabulary()).has_value());
  EXPECT_TRUE(find_exclusivity_conflict(open, {candidate}, vocabulary()).has_value());
  auto open2 = open;
  open2.reference = "LIC-8";
  EXPECT_FALSE(find_exclusivity_conflict(open2, {open}, vocabulary()).has_value());
}

TEST(Exclusivity, AFieldOverlapsTheFieldsItContainsUnlessReserved) {
  const auto bipv = scope("LIC-1", true, "building-integrated photovoltaics", {"JP"}, "2026-04-01", "2028-03-31",
                          {"JP2020000001A"});
  auto all = scope("LIC-2", true, "all fields", {"JP"}, "2026-04-01", "2028-03-31", {"JP2020000001A"});
  auto c = find_exclusivity_conflict(all, {bipv}, vocabulary());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(describe_conflict(all, *c),
            "exclusive licence LIC-2 would overlap exclusive licence LIC-1 on patent JP2020000001A, field 'all "
            "fields' (LIC-1: 'building-integrated photovoltaics'), territory JP, 2026-04-01 .. 2028-03-31");
  EXPECT_TRUE(find_exclusivity_conflict(bipv, {all}, vocabulary()).has_value());
  all.reserved = {"photovoltaics"};
  EXPECT_FALSE(find_exclusivity_conflict(all, {bipv}, vocabulary()).has_value());
  EXPECT_FALSE(find_exclusivity_conflict(bipv, {all}, vocabulary()).has_value());
  all.reserved = {"batteries"};
  EXPECT_TRUE(find_exclusivity_conflict(all, {bipv}, vocabulary()).has_value());
  const auto medical = scope("LIC-3", true, "medical", {"JP"}, "2026-04-01", "2028-03-31", {"JP2020000001A"});
  EXPECT_FALSE(find_exclusivity_conflict(medical, {bipv}, vocabulary()).has_value());
}

TEST(FieldsOfUse, ReadsAnIndentedTree) {
  auto v = FieldsOfUse::parse("# fields\nall\n  a\n    a1\n  b\n");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->names(), (std::vector<std::string>{"all", "a", "a1", "b"}));
  EXPECT_TRUE(v->contains("ALL", "a1"));
  EXPECT_TRUE(v->contains("a", "a1"));
  EXPECT_FALSE(v->contains("b", "a1"));
  EXPECT_FALSE(v->contains("a1", "a"));
  EXPECT_EQ(v->find(" A1 "), std::optional<std::string>("a1"));
  EXPECT_FALSE(v->find("c").has_value());
  EXPECT_EQ(FieldsOfUse::parse("all\n  a\n  a\n").error().message, "fields of use, line 3: 'a' is given twice");
  EXPECT_EQ(FieldsOfUse::parse("all\nother\n").error().message, "fields of use, line 2: a second root");
  EXPECT_EQ(FieldsOfUse::parse("all\n    a\n").error().code, "bad_fields_of_use");
  EXPECT_EQ(FieldsOfUse::parse("all\n a\n").error().code, "bad_fields_of_use");
  EXPECT_TRUE(FieldsOfUse::builtin().contains("all fields", "automotive traction batteries"));
}

TEST(Exclusivity, PeriodsOverlapInclusive) {
  EXPECT_TRUE(periods_overlap(d("2026-01-01"), d("2026-01-31"), d("2026-01-31"), d("2026-02-28")));
  EXPECT_FALSE(periods_overlap(d("2026-01-01"), d("2026-01-30"), d("2026-01-31"), d("2026-02-28")));
  EXPECT_TRUE(periods_overlap(d("2026-01-10"), d("2026-01-11"), d("2026-01-01"), d("2026-12-31")));
  EXPECT_TRUE(same_field("Batteries", " BATTERIES "));
  EXPECT_FALSE(same_field("batteries", "battery"));
}

// ---- contract years ------------------------------------------------------------

TEST(ContractYears, ReportPeriodsFallInOneYear) {
  const Date start = d("2026-04-01"), end = d("2028-09-30");
  auto y = report_contract_year(start, end, d("2026-04-01"), d("2026-06-30"));
  ASSERT_TRUE(y.ok()) << y.error().message;
  EXPECT_EQ(y->index, 0);
  EXPECT_EQ(y->first, d("2026-04-01"));
  EXPECT_EQ(y->last, d("2027-03-31"));
  y = report_contract_year(start, end, d("2027-04-01"), d("2028-03-31"));
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->index, 1);
  // The last year is cut short at the agreement's end.
  y = report_contract_year(start, end, d("2028-07-01"), d("2028-09-30"));
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->index, 2);
  EXPECT_EQ(y->last, d("2028-09-30"));
}

TEST(ContractYears, RefusedPeriods) {
  const Date start = d("2026-04-01"), end = d("2028-03-31");
  auto y = report_contract_year(start, end, d("2027-01-01"), d("2027-06-30"));
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error().message,
            "period 2027-01-01 .. 2027-06-30 crosses the contract-year boundary on 2027-04-01 "
            "(contract year 2026-04-01 .. 2027-03-31 ends the day before): split it into "
            "2027-01-01 .. 2027-03-31 and a report from 2027-04-01");
  y = report_contract_year(start, end, d("2026-03-01"), d("2026-04-30"));
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error().message,
            "period 2026-03-01 .. 2026-04-30 is not within the agreement's term 2026-04-01 .. 2028-03-31");
  EXPECT_EQ(y.error().field, "period_start");
  y = report_contract_year(start, end, d("2028-01-01"), d("2028-04-30"));
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error().field, "period_end");
  y = report_contract_year(start, end, d("2026-06-30"), d("2026-04-01"));
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error().message, "period_end 2026-04-01 is before period_start 2026-06-30");
}

TEST(ContractYears, EndedBy) {
  const Date start = d("2026-04-01"), end = d("2028-09-30");
  auto years = contract_years_ended_by(start, end, d("2027-03-30"));
  EXPECT_TRUE(years.empty());
  years = contract_years_ended_by(start, end, d("2027-03-31"));
  ASSERT_EQ(years.size(), 1u);
  EXPECT_EQ(years[0].last, d("2027-03-31"));
  years = contract_years_ended_by(start, end, d("2030-01-01"));
  ASSERT_EQ(years.size(), 3u);
  EXPECT_EQ(years[2].first, d("2028-04-01"));
  EXPECT_EQ(years[2].last, d("2028-09-30"));
  // A 29 February start: the years follow Date::add_years' clamping.
  const Date leap = d("2024-02-29");
  years = contract_years_ended_by(leap, d("2027-12-31"), d("2026-12-31"));
  ASSERT_EQ(years.size(), 2u);
  EXPECT_EQ(years[0].last, d("2025-02-27"));
  EXPECT_EQ(years[1].first, d("2025-02-28"));
  EXPECT_EQ(years[1].last, d("2026-02-27"));
}

// ---- what a report charges -------------------------------------------------------

// What the year's reports invoiced, each charged in turn (as the service
// reads it back from the invoices).
YearInvoiced invoiced_by(const std::vector<YearReport>& year, std::int64_t bps,
                         const std::vector<RoyaltyTier>& tiers = two_tiers()) {
  YearInvoiced out;
  std::vector<YearReport> before;
  for (const auto& r : year) {
    auto c = report_charge(tiers, bps, before, NewReport{r.net_sales_minor, r.sublicense_income_minor, r.corrects},
                           out);
    EXPECT_TRUE(c.ok());
    if (!c.ok()) return out;
    out.running_royalty_minor += c->running_royalty_minor;
    out.sublicense_minor += c->sublicense_minor;
    before.push_back(r);
  }
  return out;
}

ReportCharge charge(const std::vector<YearReport>& year, const NewReport& r, std::int64_t bps = 2500) {
  auto c = report_charge(two_tiers(), bps, year, r, invoiced_by(year, bps));
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : ReportCharge{};
}

TEST(ReportCharge, TieredAcrossTheBoundaryOverTwoReports) {
  // 8,000,000 at 3% = 240,000.
  ReportCharge first = charge({}, NewReport{8'000'000, 0, std::nullopt});
  EXPECT_EQ(first.cumulative_before_minor, 0);
  EXPECT_EQ(first.cumulative_after_minor, 8'000'000);
  EXPECT_EQ(first.running_royalty_minor, 240'000);
  EXPECT_EQ(first.sublicense_minor, 0);
  // Then 5,000,000: cumulative 13,000,000; tiered = 10,000,000 × 3% +
  // 3,000,000 × 2% = 300,000 + 60,000 = 360,000; minus 240,000 = 120,000.
  ReportCharge second = charge({{1, 8'000'000, 0, std::nullopt}}, NewReport{5'000'000, 0, std::nullopt});
  EXPECT_EQ(second.cumulative_before_minor, 8'000'000);
  EXPECT_EQ(second.cumulative_after_minor, 13'000'000);
  EXPECT_EQ(second.running_royalty_minor, 120'000);
}

TEST(ReportCharge, CorrectionChargesTheDifference) {
  const std::vector<YearReport> year = {{1, 8'000'000, 400'000, std::nullopt},
                                        {2, 5'000'000, 0, std::nullopt}};
  // Report 2 corrected from 5,000,000 to 3,000,000: the year goes from
  // 13,000,000 (360,000) to 11,000,000 (300,000 + 20,000 = 320,000):
  // −40,000. No sublicence income either way: 0.
  ReportCharge c = charge(year, NewReport{3'000'000, 0, 2});
  EXPECT_EQ(c.cumulative_before_minor, 13'000'000);
  EXPECT_EQ(c.cumulative_after_minor, 11'000'000);
  EXPECT_EQ(c.running_royalty_minor, -40'000);
  EXPECT_EQ(c.sublicense_minor, 0);
  // Report 1's sublicence income corrected from 400,000 to 100,000 at 25%:
  // (100,000 − 400,000) × 25% = −75,000; its sales unchanged: 0 royalty.
  c = charge(year, NewReport{8'000'000, 100'000, 1});
  EXPECT_EQ(c.running_royalty_minor, 0);
  EXPECT_EQ(c.sublicense_minor, -75'000);
  // A second correction replaces the first: report 3 corrected 2 (to
  // 3,000,000); correcting 3 back up to 6,000,000: 11,000,000 → 14,000,000,
  // 320,000 → 380,000: +60,000.
  const std::vector<YearReport> corrected = {{1, 8'000'000, 0, std::nullopt},
                                             {2, 5'000'000, 0, std::nullopt},
                                             {3, 3'000'000, 0, 2}};
  c = charge(corrected, NewReport{6'000'000, 0, 3});
  EXPECT_EQ(c.cumulative_before_minor, 11'000'000);
  EXPECT_EQ(c.running_royalty_minor, 60'000);
  auto refused = report_charge(two_tiers(), 2500, corrected, NewReport{1, 0, 2}, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "report 2 has already been corrected: correct the latest correction instead");
  refused = report_charge(two_tiers(), 2500, corrected, NewReport{1, 0, 9}, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "report 9 is not a report of this contract year");
}

TEST(ReportCharge, SublicenceShareRoundedOnce) {
  // 1,234,567 × 25% = 308,641.75 → 308,642; 10 × 3% = 0.3 → 0 royalty.
  ReportCharge c = charge({}, NewReport{10, 1'234'567, std::nullopt});
  EXPECT_EQ(c.sublicense_minor, 308'642);
  EXPECT_EQ(c.running_royalty_minor, 0);
  // 50 × 3% = 1.5 → 2 (half away from zero).
  c = charge({}, NewReport{50, 0, std::nullopt});
  EXPECT_EQ(c.running_royalty_minor, 2);
}

// Issue 21, finding 3: the year's royalty does not depend on how often the
// licensee reports. One tier of 3% (300 bps). Quarters of 2,500,050,
// 2,500,050, 2,500,050 and 2,499,984 net sales: 10,000,134 in the year.
//   Annually: 10,000,134 × 3% = 300,004.02 → 300,004.
//   Rounded per report (the old rule): 75,001.5 → 75,002 three times and
//   74,999.52 → 75,000: 300,006.
//   Rounded once on the cumulative figures (the rule): round(75,001.5) =
//   75,002; round(150,003) − 75,002 = 75,001; round(225,004.5) = 225,005,
//   − 150,003 = 75,002; round(300,004.02) = 300,004, − 225,005 = 74,999:
//   300,004, the annual figure.
TEST(ReportCharge, QuarterlyAndAnnualReportingGiveTheSameYear) {
  const std::vector<RoyaltyTier> flat = {{std::nullopt, 300}};
  auto annual = report_charge(flat, 0, {}, NewReport{10'000'134, 0, std::nullopt}, {});
  ASSERT_TRUE(annual.ok());
  EXPECT_EQ(annual->running_royalty_minor, 300'004);
  std::vector<YearReport> year;
  YearInvoiced invoiced;
  std::vector<std::int64_t> invoices;
  long long id = 0;
  for (std::int64_t sales : {2'500'050, 2'500'050, 2'500'050, 2'499'984}) {
    auto c = report_charge(flat, 0, year, NewReport{sales, 0, std::nullopt}, invoiced);
    ASSERT_TRUE(c.ok());
    invoices.push_back(c->running_royalty_minor);
    invoiced.running_royalty_minor += c->running_royalty_minor;
    year.push_back({++id, sales, 0, std::nullopt});
  }
  EXPECT_EQ(invoices, (std::vector<std::int64_t>{75'002, 75'001, 75'002, 74'999}));
  EXPECT_EQ(invoiced.running_royalty_minor, 300'004);
  // What was invoiced is what counts: a year invoiced 1 yen more under the
  // old rule is brought back to the cumulative figure by its next report.
  auto next = report_charge(flat, 0, year, NewReport{0, 0, std::nullopt}, YearInvoiced{300'006, 0});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->running_royalty_minor, -2);
}

// The sublicence share is rounded once on the year's income as well: 25%
// of 2 then 2 more. Per report: 0.5 → 1 twice, 2. Once: round(0.5) = 1,
// then round(25% of 4 = 1) − 1 = 0: 1, as 25% of 4 reported at once.
TEST(ReportCharge, SublicenceShareCumulative) {
  auto first = report_charge(two_tiers(), 2500, {}, NewReport{0, 2, std::nullopt}, {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->sublicense_minor, 1);
  auto second = report_charge(two_tiers(), 2500, {{1, 0, 2, std::nullopt}}, NewReport{0, 2, std::nullopt},
                              YearInvoiced{0, 1});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->sublicense_minor, 0);
}

}  // namespace
}  // namespace chizai
