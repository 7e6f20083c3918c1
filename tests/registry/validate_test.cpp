// The consistency checks of a patent record (README "Consistency checks"),
// without a database: validate_patent on records built here, the registry's
// knowledge of other applications given as plain lookups.
#include "registry/validate.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "registry/numbers.h"

namespace chizai {
namespace {

Date day(const char* text) { return Date::parse(text).value(); }

// A valid pending JP first filing of U-TOKYO: number `number` (canonical),
// filed on `filed`.
Patent first_filing(const std::string& number, const char* filed) {
  Patent p;
  p.application_number = number;
  p.jurisdiction = normalize_application_number(number).value().jurisdiction;
  p.filing_date = day(filed);
  p.title = "Electrode";
  p.owners = {{"U-TOKYO", Fraction::one()}};
  return p;
}

PriorityClaim claim(const std::string& number, const char* date, PriorityKind kind, bool active = true) {
  return PriorityClaim{number, day(date), kind, active};
}

bool known(std::string_view code) { return code == "U-TOKYO"; }

std::vector<FieldError> problems(const Patent& p, const RelatedFilings& related = {}) {
  return validate_patent(p, known, related);
}

// The problems with `code`, as "field warning|error".
std::vector<std::string> with_code(const std::vector<FieldError>& all, const std::string& code) {
  std::vector<std::string> out;
  for (const FieldError& e : all) {
    if (e.code == code) out.push_back(e.field + (e.warning ? " warning" : " error"));
  }
  return out;
}

std::string describe(const std::vector<FieldError>& all) {
  std::string out;
  for (const FieldError& e : all) out += e.field + ": " + e.reason + " [" + e.code + "]\n";
  return out;
}

using Names = std::vector<std::string>;

// ---- the number's year against the filing date ------------------------------

TEST(ConsistencyNumberYear, AFirstFilingIsNumberedInTheYearItIsFiled) {
  EXPECT_TRUE(problems(first_filing("JP2019100001A", "2019-04-01")).empty());
  EXPECT_TRUE(problems(first_filing("JP2019100001A", "2019-01-01")).empty());
  EXPECT_TRUE(problems(first_filing("JP2019100001A", "2019-12-31")).empty());
  const auto jp = problems(first_filing("JP2024100001A", "2019-04-01"));
  EXPECT_EQ(with_code(jp, kNumberYearMismatch), Names{"application_number error"}) << describe(jp);
  EXPECT_NE(jp.front().reason.find("2024"), std::string::npos);
  EXPECT_NE(jp.front().reason.find("2019-04-01"), std::string::npos);
  // PCT/JP2024/… filed in 2025.
  Patent pct = first_filing("JP2024000123W", "2025-01-15");
  pct.kind = PatentKind::kPct;
  EXPECT_EQ(with_code(problems(pct), kNumberYearMismatch), Names{"application_number error"});
  pct.filing_date = day("2024-12-20");
  EXPECT_TRUE(problems(pct).empty());
  // US numbers carry DOCDB's filing year.
  EXPECT_EQ(with_code(problems(first_filing("US201313844704A", "2014-01-02")), kNumberYearMismatch),
            Names{"application_number error"});
  EXPECT_TRUE(problems(first_filing("US201313844704A", "2013-10-02")).empty());
}

TEST(ConsistencyNumberYear, OtherOfficesNumbersAreNotRead) {
  EXPECT_EQ(application_number_year("EP13844704A"), std::nullopt);
  EXPECT_EQ(application_number_year("CN201310123456A"), std::nullopt);
  EXPECT_EQ(application_number_year("JP2019100001A"), 2019);
  EXPECT_EQ(application_number_year("JP2019100001U"), 2019);
  EXPECT_EQ(application_number_year("US2013064552W"), 2013);
  EXPECT_EQ(application_number_year("IB2022055385W"), 2022);
  EXPECT_EQ(application_number_year("US201261713164P"), 2012);
  EXPECT_EQ(application_number_year(""), std::nullopt);
  EXPECT_EQ(application_number_year("JP 2019-100001"), std::nullopt);  // not canonical
  EXPECT_TRUE(problems(first_filing("EP13844704A", "2019-04-01")).empty());
}

TEST(ConsistencyNumberYear, ANationalPhaseEntryIsNumberedInTheYearOfEntry) {
  // 特願2024-… entering the national phase of PCT/US2022/… keeps the
  // international filing date.
  Patent entry = first_filing("JP2024100001A", "2022-06-01");
  entry.priority_claims = {claim("US2022012345W", "2022-06-01", PriorityKind::kPct)};
  EXPECT_TRUE(is_national_phase(entry));
  EXPECT_FALSE(files_on_its_own_date(entry));
  EXPECT_TRUE(problems(entry).empty()) << describe(problems(entry));
  // A PCT application claiming one (kind pct) is still a first filing.
  Patent pct = first_filing("JP2024000123W", "2025-01-15");
  pct.kind = PatentKind::kPct;
  pct.priority_claims = {claim("US2024012345W", "2024-02-01", PriorityKind::kPct)};
  EXPECT_FALSE(is_national_phase(pct));
  EXPECT_EQ(with_code(problems(pct), kNumberYearMismatch), Names{"application_number error"});
}

TEST(ConsistencyNumberYear, ADivisionalOrContinuationKeepsItsParentsFilingDate) {
  for (PriorityKind kind : {PriorityKind::kDivisional, PriorityKind::kContinuation}) {
    SCOPED_TRACE(to_string(kind));
    Patent child = first_filing("JP2024100001A", "2019-04-01");
    child.priority_claims = {claim("JP2019050001A", "2019-04-01", kind, false)};  // inactive counts too
    EXPECT_TRUE(is_divisional_or_continuation(child));
    EXPECT_TRUE(problems(child).empty()) << describe(problems(child));
  }
}

// ---- the Paris priority period ------------------------------------------------

TEST(ConsistencyParisPriority, TwelveMonthsAreTheLimit) {
  Patent p = first_filing("US202000000001A", "2020-03-04");
  p.priority_claims = {claim("JP2019100001A", "2019-03-04", PriorityKind::kParis)};  // exactly 12 months
  EXPECT_TRUE(problems(p).empty()) << describe(problems(p));
  p.filing_date = day("2020-03-05");  // a day late: valid only if restored
  const auto late = problems(p);
  EXPECT_EQ(with_code(late, kPriorityRestoration), Names{"priority_claims[0].date warning"}) << describe(late);
  EXPECT_NE(late.front().reason.find("12 months"), std::string::npos);
  p.filing_date = day("2020-05-04");  // 14 months: the last day of a restoration
  EXPECT_EQ(with_code(problems(p), kPriorityRestoration), Names{"priority_claims[0].date warning"});
  p.filing_date = day("2020-05-05");  // past it: an error
  const auto lost = problems(p);
  EXPECT_EQ(with_code(lost, kPriorityPeriodExceeded), Names{"priority_claims[0].date error"}) << describe(lost);
  EXPECT_TRUE(with_code(lost, kPriorityRestoration).empty());
}

TEST(ConsistencyParisPriority, PeriodsEndingOnAWeekendRunToMonday) {
  EXPECT_EQ(priority_period_end(day("2019-03-04")), day("2020-03-04"));  // a Wednesday
  EXPECT_EQ(priority_period_end(day("2020-03-06")), day("2021-03-08"));  // Saturday → Monday
  EXPECT_EQ(priority_period_end(day("2019-02-23")), day("2020-02-24"));  // Sunday → Monday
  EXPECT_EQ(priority_restoration_end(day("2019-03-04")), day("2020-05-04"));
  Patent p = first_filing("US202100000001A", "2021-03-08");
  p.priority_claims = {claim("JP2020100001A", "2020-03-06", PriorityKind::kParis)};
  EXPECT_TRUE(problems(p).empty()) << describe(problems(p));
  p.filing_date = day("2021-03-09");
  EXPECT_EQ(with_code(problems(p), kPriorityRestoration), Names{"priority_claims[0].date warning"});
}

TEST(ConsistencyParisPriority, OnlyActiveParisClaimsOfFirstFilings) {
  Patent p = first_filing("US202000000001A", "2020-12-01");
  // A lost priority (inactive) and other kinds of claim are not Paris periods.
  p.priority_claims = {claim("JP2018100001A", "2018-01-10", PriorityKind::kParis, false),
                       claim("US201862700001P", "2018-02-01", PriorityKind::kProvisional),
                       claim("JP2018100002A", "2018-03-01", PriorityKind::kDomestic)};
  EXPECT_TRUE(problems(p).empty()) << describe(problems(p));
  // A national-phase entry's claims were made by the international application.
  Patent entry = first_filing("US202000000002A", "2020-12-01");
  entry.priority_claims = {claim("JP2018100001A", "2018-06-01", PriorityKind::kParis),
                           claim("JP2019000123W", "2019-05-30", PriorityKind::kPct)};
  EXPECT_TRUE(problems(entry).empty()) << describe(problems(entry));
  // A continuation keeps the priority claims of its parent.
  Patent continuation = first_filing("US202000000003A", "2020-12-01");
  continuation.priority_claims = {claim("US201900000001A", "2019-05-30", PriorityKind::kContinuation),
                                  claim("JP2018100001A", "2018-06-01", PriorityKind::kParis)};
  EXPECT_TRUE(problems(continuation).empty()) << describe(problems(continuation));
}

TEST(ConsistencyParisPriority, WarningsAreRefusedUnlessAccepted) {
  Patent p = first_filing("US202000000001A", "2020-04-01");
  p.priority_claims = {claim("JP2019100001A", "2019-03-04", PriorityKind::kParis)};
  const auto all = problems(p);
  ASSERT_EQ(all.size(), 1u) << describe(all);
  EXPECT_TRUE(refusing(all, true).empty());
  const auto refused = refusing(all, false);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_TRUE(refused.front().warning);
  EXPECT_NE(refused.front().reason.find("--accept-warnings"), std::string::npos);
  // An error stays, accepted warnings or not.
  p.owners.clear();
  EXPECT_EQ(refusing(problems(p), true).size(), 1u);
}

// ---- grants -----------------------------------------------------------------------

TEST(ConsistencyGrant, AGrantFollowsTheFilingAndHasItsDate) {
  Patent p = first_filing("JP2019100001A", "2019-04-01");
  p.status = PatentStatus::kGranted;
  EXPECT_EQ(with_code(problems(p), kGrantDateMissing), Names{"grant_date error"});
  p.grant_date = day("2019-03-31");
  EXPECT_EQ(with_code(problems(p), kGrantBeforeFiling), Names{"grant_date error"});
  p.grant_date = day("2021-06-01");
  EXPECT_TRUE(problems(p).empty());
}

// ---- divisionals and continuations after their parents ------------------------

TEST(ConsistencyFilingOrder, TheParentsDateOnTheClaim) {
  Patent child = first_filing("JP2021100001A", "2021-04-01");
  child.priority_claims = {claim("JP2021000001A", "2021-05-01", PriorityKind::kDivisional)};
  EXPECT_EQ(with_code(problems(child), kFiledBeforeParent), Names{"priority_claims[0].date error"});
  child.priority_claims.front().date = day("2021-04-01");
  EXPECT_TRUE(problems(child).empty());
}

TEST(ConsistencyFilingOrder, ARegisteredParent) {
  const std::map<std::string, Date> registered = {{"JP2021000001A", day("2021-05-01")}};
  RelatedFilings related;
  related.filing_date = [&](const std::string& n) -> std::optional<Date> {
    auto it = registered.find(n);
    return it == registered.end() ? std::nullopt : std::optional<Date>(it->second);
  };
  Patent child = first_filing("JP2021100001A", "2021-04-01");
  child.priority_claims = {PriorityClaim{"JP2021000001A", std::nullopt, PriorityKind::kContinuation, true}};
  const auto found = problems(child, related);
  EXPECT_EQ(with_code(found, kFiledBeforeParent), Names{"filing_date error"}) << describe(found);
  EXPECT_NE(found.front().reason.find("JP2021000001A"), std::string::npos);
  // Unknown parents and later filings are fine; a Paris claim is no parent.
  EXPECT_TRUE(problems(child).empty());
  child.filing_date = day("2021-05-01");
  EXPECT_TRUE(problems(child, related).empty());
  child.filing_date = day("2021-04-01");
  child.priority_claims.front().kind = PriorityKind::kParis;
  EXPECT_TRUE(with_code(problems(child, related), kFiledBeforeParent).empty());
}

TEST(ConsistencyFilingOrder, ARegisteredDivisional) {
  RelatedFilings related;
  related.children = [](const std::string& n) {
    std::vector<RegisteredChild> out;
    if (n == "JP2021000001A") out.push_back({"JP2021100001A", day("2021-04-01"), PriorityKind::kDivisional});
    return out;
  };
  const Patent parent = first_filing("JP2021000001A", "2021-05-01");
  const auto found = problems(parent, related);
  EXPECT_EQ(with_code(found, kFiledBeforeParent), Names{"filing_date error"}) << describe(found);
  EXPECT_NE(found.front().reason.find("JP2021100001A"), std::string::npos);
  EXPECT_TRUE(problems(first_filing("JP2021000001A", "2021-04-01"), related).empty());
}

}  // namespace
}  // namespace chizai
