// The aggregation rules without a database: consent (art. 73), the checks
// on an aggregation, owner of record and beneficiaries, evaluations.
#include "portfolio/aggregation.h"

#include <gtest/gtest.h>

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }
Fraction f(std::int64_t n, std::int64_t den) { return Fraction::make(n, den).value(); }

Institution aggregator() {
  return Institution{"AGG-JST", InstitutionKind::kAggregator, "JST", "科学技術振興機構", "JP"};
}

Patent co_owned() {
  Patent p;
  p.application_number = "JP2012000001A";
  p.jurisdiction = "JP";
  p.filing_date = d("2012-03-01");
  p.owners = {{"U-TOKYO", f(2, 3)}, {"C-0001", f(1, 3)}};
  return p;
}

AggregationRequest assignment_on(const char* date) {
  return AggregationRequest{AggregationMode::kAssignment, d(date), "core battery patent"};
}

TEST(AggregationWords, RoundTrip) {
  EXPECT_EQ(parse_aggregation_mode("assignment"), AggregationMode::kAssignment);
  EXPECT_EQ(parse_aggregation_mode("mandate"), AggregationMode::kMandate);
  EXPECT_FALSE(parse_aggregation_mode("Mandate").has_value());
  EXPECT_EQ(parse_consent_scope("licensing"), ConsentScope::kLicensing);
  EXPECT_FALSE(parse_consent_scope("selling").has_value());
  EXPECT_EQ(parse_evaluation_decision("decline"), EvaluationDecision::kDecline);
  EXPECT_STREQ(to_string(AggregationMode::kAssignment), "assignment");
  EXPECT_STREQ(to_string(ConsentScope::kAssignment), "assignment");
  EXPECT_STREQ(to_string(EvaluationDecision::kApprove), "approve");
}

TEST(MissingConsents, SoleOwnerNeedsNone) {
  EXPECT_TRUE(missing_consents({{"U-TOKYO", Fraction::one()}}, {}, ConsentScope::kLicensing,
                               d("2020-01-01"))
                  .empty());
}

TEST(MissingConsents, NamesEveryCoOwnerWithoutConsentInOrder) {
  const auto owners = co_owned().owners;
  EXPECT_EQ(missing_consents(owners, {}, ConsentScope::kAssignment, d("2020-01-01")),
            (std::vector<std::string>{"U-TOKYO", "C-0001"}));
  const std::vector<Consent> one = {{"C-0001", ConsentScope::kAssignment, d("2019-05-01")}};
  EXPECT_EQ(missing_consents(owners, one, ConsentScope::kAssignment, d("2020-01-01")),
            (std::vector<std::string>{"U-TOKYO"}));
}

TEST(MissingConsents, ScopeAndDateMatter) {
  const auto owners = co_owned().owners;
  const std::vector<Consent> consents = {
      {"U-TOKYO", ConsentScope::kLicensing, d("2019-05-01")},
      {"C-0001", ConsentScope::kLicensing, d("2020-06-01")},
  };
  // Licensing consent does not cover an assignment.
  EXPECT_EQ(missing_consents(owners, consents, ConsentScope::kAssignment, d("2021-01-01")).size(),
            2u);
  // A consent given after the day does not count; on the day it does.
  EXPECT_EQ(missing_consents(owners, consents, ConsentScope::kLicensing, d("2020-05-31")),
            (std::vector<std::string>{"C-0001"}));
  EXPECT_TRUE(
      missing_consents(owners, consents, ConsentScope::kLicensing, d("2020-06-01")).empty());
}

TEST(Consent, OnlyFromARegisteredOwner) {
  EXPECT_TRUE(check_consenting_owner(co_owned(), "C-0001").ok());
  auto r = check_consenting_owner(co_owned(), "U-KYOTO");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "not_an_owner");
  EXPECT_EQ(r.error().message,
            "U-KYOTO is not an owner of JP2012000001A; its owners are U-TOKYO 2/3, C-0001 1/3");
}

TEST(CheckAggregation, SoleOwnedAssignmentNeedsNoConsent) {
  Patent p = co_owned();
  p.owners = {{"U-KYOTO", Fraction::one()}};
  EXPECT_TRUE(
      check_aggregation(p, aggregator(), std::nullopt, {}, assignment_on("2013-01-01")).ok());
}

TEST(CheckAggregation, CoOwnedAssignmentNamesMissingCoOwners) {
  const std::vector<Consent> consents = {{"U-TOKYO", ConsentScope::kAssignment, d("2013-01-01")}};
  auto r = check_aggregation(co_owned(), aggregator(), std::nullopt, consents,
                             assignment_on("2013-01-01"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "missing_consent");
  EXPECT_NE(r.error().message.find("from: C-0001"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("U-TOKYO"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("art. 73"), std::string::npos);
}

TEST(CheckAggregation, CoOwnedAssignmentAllowedWhenAllConsented) {
  const std::vector<Consent> consents = {{"U-TOKYO", ConsentScope::kAssignment, d("2013-01-01")},
                                         {"C-0001", ConsentScope::kAssignment, d("2012-12-01")}};
  EXPECT_TRUE(check_aggregation(co_owned(), aggregator(), std::nullopt, consents,
                                assignment_on("2013-01-01"))
                  .ok());
}

TEST(CheckAggregation, CoOwnedMandateNeedsNoConsent) {
  AggregationRequest r{AggregationMode::kMandate, d("2013-01-01"), "manage"};
  EXPECT_TRUE(check_aggregation(co_owned(), aggregator(), std::nullopt, {}, r).ok());
}

TEST(CheckAggregation, Refusals) {
  auto expect_code = [](const Status& s, const char* code, const char* part) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, code);
    EXPECT_NE(s.error().message.find(part), std::string::npos) << s.error().message;
  };
  Institution uni{"U-TOKYO", InstitutionKind::kUniversity, "Tokyo", "", "JP"};
  const AggregationRequest mandate{AggregationMode::kMandate, d("2013-01-01"), "r"};
  expect_code(check_aggregation(co_owned(), uni, std::nullopt, {}, mandate), "not_an_aggregator",
              "U-TOKYO is of kind university");
  const Aggregation existing{"AGG-JST", AggregationMode::kMandate, d("2012-06-01"), "earlier", {}};
  expect_code(check_aggregation(co_owned(), aggregator(), existing, {}, mandate),
              "already_aggregated", "already aggregated: mandate to AGG-JST on 2012-06-01");
  Patent owned = co_owned();
  owned.owners = {{"AGG-JST", f(1, 2)}, {"U-TOKYO", f(1, 2)}};
  expect_code(check_aggregation(owned, aggregator(), std::nullopt, {}, mandate), "aggregator_owns",
              "AGG-JST already owns 1/2 of JP2012000001A");
  const AggregationRequest early{AggregationMode::kMandate, d("2012-02-29"), "r"};
  expect_code(check_aggregation(co_owned(), aggregator(), std::nullopt, {}, early), "before_filing",
              "2012-02-29 is before JP2012000001A's filing date 2012-03-01");
  const AggregationRequest no_reason{AggregationMode::kMandate, d("2013-01-01"), "  "};
  expect_code(check_aggregation(co_owned(), aggregator(), std::nullopt, {}, no_reason),
              "missing_reason", "reason");
}

TEST(CheckAggregation, OnTheFilingDateIsAllowed) {
  const AggregationRequest r{AggregationMode::kMandate, d("2012-03-01"), "r"};
  EXPECT_TRUE(check_aggregation(co_owned(), aggregator(), std::nullopt, {}, r).ok());
}

TEST(OwnerOfRecord, AssignmentFromItsDay) {
  const auto owners = co_owned().owners;
  const Aggregation a{"AGG-JST", AggregationMode::kAssignment, d("2014-04-01"), "r",
                      beneficiaries_for(owners, AggregationMode::kAssignment)};
  const auto before = owner_of_record(owners, a, d("2014-03-31"));
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].institution, "U-TOKYO");
  const auto after = owner_of_record(owners, a, d("2014-04-01"));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].institution, "AGG-JST");
  EXPECT_EQ(after[0].share, Fraction::one());
  const auto b = beneficiaries(owners, a);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].share, f(2, 3));
  EXPECT_EQ(b[1].institution, "C-0001");
  EXPECT_EQ(b[1].share, f(1, 3));
}

TEST(OwnerOfRecord, BeneficiariesKeepTheSnapshotWhenOwnersChangeLater) {
  const Aggregation a{"AGG-JST",
                      AggregationMode::kAssignment,
                      d("2014-04-01"),
                      "r",
                      {{"U-TOKYO", Fraction::one()}}};
  const std::vector<Owner> later = {{"U-KYOTO", Fraction::one()}};
  const auto b = beneficiaries(later, a);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].institution, "U-TOKYO");
}

TEST(OwnerOfRecord, MandateAndNoAggregationKeepTheOwners) {
  const auto owners = co_owned().owners;
  const Aggregation m{"AGG-JST", AggregationMode::kMandate, d("2014-04-01"), "r", {}};
  EXPECT_TRUE(beneficiaries_for(owners, AggregationMode::kMandate).empty());
  EXPECT_EQ(owner_of_record(owners, m, d("2020-01-01")).size(), 2u);
  EXPECT_EQ(beneficiaries(owners, m)[0].share, f(2, 3));
  EXPECT_EQ(owner_of_record(owners, std::nullopt, d("2020-01-01"))[1].institution, "C-0001");
  EXPECT_EQ(beneficiaries(owners, std::nullopt).size(), 2u);
  EXPECT_EQ(describe_owners(owners), "U-TOKYO 2/3, C-0001 1/3");
}

Evaluation eval(long long id, const char* date, EvaluationDecision decision) {
  return Evaluation{id, d(date), 3, 4, 5, "Sato", decision, "strong claims"};
}

TEST(Evaluations, ScoresOutsideOneToFiveRefused) {
  EXPECT_TRUE(check_evaluation(eval(1, "2020-01-01", EvaluationDecision::kApprove)).ok());
  Evaluation e = eval(1, "2020-01-01", EvaluationDecision::kApprove);
  e.market = 6;
  auto r = check_evaluation(e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "market score 6 is outside 1-5");
  e.market = 1;
  e.technology = 0;
  EXPECT_EQ(check_evaluation(e).error().field, "technology");
  e.technology = 5;
  e.rights = -1;
  EXPECT_EQ(check_evaluation(e).error().field, "rights");
}

TEST(Evaluations, DeclineNeedsReason) {
  Evaluation e = eval(1, "2020-01-01", EvaluationDecision::kDecline);
  e.reason = "";
  auto r = check_evaluation(e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "an evaluation (decline) needs a reason");
  e.reason = "x";
  e.evaluator = " ";
  EXPECT_EQ(check_evaluation(e).error().field, "evaluator");
}

TEST(Evaluations, LatestByDateThenRecordOrder) {
  EXPECT_FALSE(latest_evaluation({}).has_value());
  const std::vector<Evaluation> all = {eval(1, "2020-05-01", EvaluationDecision::kDecline),
                                       eval(2, "2020-03-01", EvaluationDecision::kApprove),
                                       eval(3, "2020-05-01", EvaluationDecision::kApprove)};
  EXPECT_EQ(latest_evaluation(all)->id, 3);
  EXPECT_EQ(latest_evaluation({all[0], all[1]})->decision, EvaluationDecision::kDecline);
}

}  // namespace
}  // namespace chizai
