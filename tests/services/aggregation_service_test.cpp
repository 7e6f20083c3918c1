// Aggregation, evaluations and co-owner consent on SQLite and PostgreSQL:
// every refusal names what is wrong and leaves the database unchanged.
#include "services/aggregation_service.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "services/history.h"
#include "services/registry_service.h"
#include "store/aggregation_store.h"
#include "store/registry_store.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

using testing::TestDb;

// A pending patent filed in JP on 2012-03-01, owners to be added.
testing::PatentRecord patent_line(const std::string& number) {
  return testing::patent(number).filed("2012-03-01").title("Lithium-ion battery electrode").kind("patent").status(
      "pending");
}

// JP2012000001A sole (U-KYOTO); …2 two owners 2/3 + 1/3; …3 three owners;
// …4 owned by the aggregator.
std::string patents() {
  return testing::patent_lines(
      {patent_line("JP2012000001A").owner("U-KYOTO", "1"),
       patent_line("JP2012000002A").owner("U-TOKYO", "2/3").owner("C-0001", "1/3"),
       patent_line("JP2012000003A").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/4").owner("C-0001", "1/4"),
       patent_line("JP2012000004A").owner("AGG-JST", "1")});
}

Date d(const char* text) { return Date::parse(text).value(); }
Fraction f(std::int64_t n, std::int64_t den) { return Fraction::make(n, den).value(); }

AggregationRequest assignment(const char* date) {
  return {AggregationMode::kAssignment, d(date), "core battery patent"};
}
AggregationRequest mandate(const char* date) {
  return {AggregationMode::kMandate, d(date), "managed for licensing"};
}

void expect_owners(const std::vector<Owner>& got, const std::vector<Owner>& want) {
  ASSERT_EQ(got.size(), want.size()) << describe_owners(got);
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].institution, want[i].institution);
    EXPECT_EQ(got[i].share, want[i].share) << got[i].institution;
  }
}

class AggregationServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "C-0001", "U-OSAKA"}, testing::Names::kBilingual),
              patents(), 4);
    if (HasFatalFailure()) return;
    service_ = std::make_unique<AggregationService>(*db_, SchemeSettings{}, "tester");
  }

  // Runs a request that must be refused: its message contains `part`, and
  // the database is exactly as before.
  template <class Fn>
  void expect_refused(Fn fn, const std::string& part) {
    const std::string before = testing::dump_content(*db_);
    auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected a refusal containing: " << part;
    EXPECT_NE(r.error().message.find(part), std::string::npos) << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refused request changed the database";
  }

  void consent(const char* number, const char* code, ConsentScope scope, const char* date) {
    auto r = service_->add_consent(number, Consent{code, scope, d(date)});
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->recorded);
  }

  std::vector<Owner> registered_owners(const char* number) {
    return RegistryService(*db_).find_patent(number)->patent.owners;
  }

  // Every aggregated patent `filter` selects, in one page.
  std::vector<AggregatedPatent> list(const AggregationFilter& filter) {
    return service_->list(filter, PageRequest{"", 1000}).value().items;
  }

  std::unique_ptr<AggregationService> service_;
};

TEST_P(AggregationServiceTest, AssignsSoleOwnedPatent) {
  auto v = service_->aggregate("JP 2012-000001", assignment("2014-04-01"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->application, "JP2012000001A");
  ASSERT_TRUE(v->aggregation.has_value());
  EXPECT_EQ(v->aggregation->mode, AggregationMode::kAssignment);
  EXPECT_EQ(v->aggregation->aggregator, "AGG-JST");
  EXPECT_EQ(v->aggregation->date, d("2014-04-01"));
  EXPECT_EQ(v->aggregation->reason, "core battery patent");
  expect_owners(v->owner_of_record, {{"AGG-JST", Fraction::one()}});
  expect_owners(v->beneficiaries, {{"U-KYOTO", Fraction::one()}});
  EXPECT_FALSE(v->latest_evaluation.has_value());
  // The originating owner stays on record.
  expect_owners(registered_owners("JP2012000001A"), {{"U-KYOTO", Fraction::one()}});
  // The aggregator is the owner of record from the day, not before.
  expect_owners(service_->owner_of_record("JP2012000001A", d("2014-03-31")).value(),
                {{"U-KYOTO", Fraction::one()}});
  expect_owners(service_->owner_of_record("特願2012-000001", d("2014-04-01")).value(),
                {{"AGG-JST", Fraction::one()}});
  expect_owners(service_->beneficiaries("JP2012000001A").value(), {{"U-KYOTO", Fraction::one()}});
  // What `patent show` reads: the same aggregation, and none for a patent
  // not aggregated or not registered.
  auto only = service_->aggregation_of("JP2012000001A");
  ASSERT_TRUE(only.has_value());
  EXPECT_EQ(only->mode, AggregationMode::kAssignment);
  EXPECT_EQ(only->aggregator, "AGG-JST");
  EXPECT_EQ(only->date, d("2014-04-01"));
  EXPECT_EQ(only->reason, "core battery patent");
  expect_owners(only->beneficiaries, {{"U-KYOTO", Fraction::one()}});
  EXPECT_FALSE(service_->aggregation_of("JP2012000002A").has_value());
  EXPECT_FALSE(service_->aggregation_of("JP2099999999A").has_value());
  // The patent with it, by any accepted spelling; nothing for an unknown number.
  auto detail = service_->patent_detail("特願2012-000001");
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->stored.patent.application_number, "JP2012000001A");
  expect_owners(detail->stored.patent.owners, {{"U-KYOTO", Fraction::one()}});
  ASSERT_TRUE(detail->aggregation.has_value());
  EXPECT_EQ(detail->aggregation->aggregator, "AGG-JST");
  detail = service_->patent_detail("JP2012000002A");
  ASSERT_TRUE(detail.ok());
  EXPECT_FALSE(detail->aggregation.has_value());
  EXPECT_EQ(service_->patent_detail("JP2099999999A").error().code, "unknown_patent");
}

TEST_P(AggregationServiceTest, BeneficiariesSnapshotTheOwnersSharesBefore) {
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kAssignment, "2014-03-01");
  consent("JP2012000002A", "C-0001", ConsentScope::kAssignment, "2014-03-15");
  const auto before = registered_owners("JP2012000002A");
  auto v = service_->aggregate("JP2012000002A", assignment("2014-04-01"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  expect_owners(v->beneficiaries, before);
  expect_owners(v->beneficiaries, {{"U-TOKYO", f(2, 3)}, {"C-0001", f(1, 3)}});
  expect_owners(v->aggregation->beneficiaries, before);
  // A later change to the registered owners does not move the income: the
  // registry refuses it (an aggregated patent's owners change only by a
  // dated transfer), even when the import says replace.
  std::istringstream changed(patent_line("JP2012000002A").owner("U-OSAKA", "1").line());
  ImportOptions replace;
  replace.scope.replace = true;
  const ImportReport refused = RegistryService(*db_).import_patents(changed, FileFormat::kJsonl, replace);
  ASSERT_FALSE(refused.written);
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_NE(refused.problems[0].reason.find("it is aggregated"), std::string::npos) << refused.problems[0].reason;
  expect_owners(service_->beneficiaries("JP2012000002A").value(),
                {{"U-TOKYO", f(2, 3)}, {"C-0001", f(1, 3)}});
  expect_owners(service_->owner_of_record("JP2012000002A", d("2020-01-01")).value(),
                {{"AGG-JST", Fraction::one()}});
}

TEST_P(AggregationServiceTest, AnInstitutionsKindIsFixedOnceItHasHistory) {
  RegistryService registry(*db_);
  // Without history the kind may still be corrected.
  auto fresh = registry.register_institution(Institution{"U-OSAKA", InstitutionKind::kCompany, "Osaka", "", "JP"});
  ASSERT_TRUE(fresh) << fresh.error().message;
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kAssignment, "2014-03-01");
  consent("JP2012000002A", "C-0001", ConsentScope::kAssignment, "2014-03-15");
  ASSERT_TRUE(service_->aggregate("JP2012000002A", assignment("2014-04-01")).ok());
  const std::string before = testing::dump_content(*db_);
  // The aggregator turned into a university: refused, naming what it has.
  auto r = registry.register_institution(Institution{"AGG-JST", InstitutionKind::kUniversity, "JST", "", "JP"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "kind_has_history");
  EXPECT_EQ(r.error().field, "kind");
  EXPECT_NE(r.error().message.find("from aggregator to university"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("1 aggregation(s) as aggregator"), std::string::npos) << r.error().message;
  // A beneficiary's kind the same, by import too (the line names the field).
  std::istringstream line(testing::institution("U-TOKYO", "company", "Tokyo", "JP", "") + "\n");
  auto report = registry.import_institutions(line, FileFormat::kJsonl, {});
  EXPECT_FALSE(report.written);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].field, "kind");
  EXPECT_NE(report.problems[0].reason.find("beneficiary share(s)"), std::string::npos) << report.problems[0].reason;
  EXPECT_NE(report.problems[0].reason.find("consent(s) to aggregation"), std::string::npos);
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(AggregationServiceTest, CoOwnedAssignmentNeedsEveryCoOwnersConsent) {
  const char* number = "JP2012000003A";
  auto go = [&] { return service_->aggregate(number, assignment("2014-04-01")); };
  expect_refused(go,
                 "no assignment consent on or before 2014-04-01 from: U-TOKYO, U-KYOTO, C-0001");
  consent(number, "U-TOKYO", ConsentScope::kAssignment, "2014-03-01");
  consent(number, "U-KYOTO", ConsentScope::kLicensing, "2014-03-01");  // the wrong scope
  consent(number, "C-0001", ConsentScope::kAssignment, "2014-04-02");  // too late
  expect_refused(go, "from: U-KYOTO, C-0001");
  EXPECT_EQ(service_->missing_consents(number, ConsentScope::kAssignment, d("2014-04-01")).value(),
            (std::vector<std::string>{"U-KYOTO", "C-0001"}));
  consent(number, "U-KYOTO", ConsentScope::kAssignment, "2014-03-20");
  expect_refused(go, "from: C-0001");
  // On a later day every consent is in place.
  auto v = service_->aggregate(number, assignment("2014-04-02"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  expect_owners(v->beneficiaries,
                {{"U-TOKYO", f(1, 2)}, {"U-KYOTO", f(1, 4)}, {"C-0001", f(1, 4)}});
  EXPECT_EQ(v->consents.size(), 4u);
}

TEST_P(AggregationServiceTest, ConsentOnlyFromACurrentOwner) {
  expect_refused(
      [&] {
        return service_->add_consent("JP2012000002A",
                                     {"U-KYOTO", ConsentScope::kLicensing, d("2014-01-01")});
      },
      "U-KYOTO is not an owner of JP2012000002A; its owners are U-TOKYO 2/3, C-0001 1/3");
  expect_refused(
      [&] {
        return service_->add_consent("JP2012000002A",
                                     {"U-NOWHERE", ConsentScope::kLicensing, d("2014-01-01")});
      },
      "unknown institution code 'U-NOWHERE'");
  expect_refused(
      [&] {
        return service_->add_consent("JP 2099-999999",
                                     {"U-TOKYO", ConsentScope::kLicensing, d("2014-01-01")});
      },
      "no patent with application number 'JP 2099-999999'");
}

TEST_P(AggregationServiceTest, SameConsentAgainIsANoOp) {
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kLicensing, "2014-01-01");
  const std::string before = testing::dump_content(*db_);
  auto again = service_->add_consent("JP2012000002A",
                                     {"U-TOKYO", ConsentScope::kLicensing, d("2015-06-01")});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(again->consent.date, d("2014-01-01"));  // the one on record
  EXPECT_EQ(testing::dump_content(*db_), before);
  // Another scope is another consent.
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kAssignment, "2014-01-02");
  auto all = service_->consents("JP2012000002A").value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].scope, ConsentScope::kAssignment);
  EXPECT_EQ(all[0].date, d("2014-01-02"));
  EXPECT_EQ(all[1].scope, ConsentScope::kLicensing);
}

TEST_P(AggregationServiceTest, MandateLeavesOwnershipUnchanged) {
  const auto before = registered_owners("JP2012000002A");
  auto v = service_->aggregate("JP2012000002A", mandate("2014-04-01"));  // no consent needed
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->aggregation->mode, AggregationMode::kMandate);
  EXPECT_TRUE(v->aggregation->beneficiaries.empty());
  expect_owners(v->owner_of_record, before);
  expect_owners(v->beneficiaries, before);
  expect_owners(registered_owners("JP2012000002A"), before);
  expect_owners(service_->owner_of_record("JP2012000002A", d("2030-01-01")).value(), before);
  // The co-owners still have to consent to licensing (for the licensing work).
  EXPECT_EQ(service_->missing_consents("JP2012000002A", ConsentScope::kLicensing, d("2015-01-01"))
                .value(),
            (std::vector<std::string>{"U-TOKYO", "C-0001"}));
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kLicensing, "2014-05-01");
  consent("JP2012000002A", "C-0001", ConsentScope::kLicensing, "2014-05-02");
  EXPECT_TRUE(service_->missing_consents("JP2012000002A", ConsentScope::kLicensing, d("2015-01-01"))
                  .value()
                  .empty());
}

TEST_P(AggregationServiceTest, AfterAnAssignmentTheAggregatorAloneLicenses) {
  ASSERT_TRUE(service_->aggregate("JP2012000001A", assignment("2014-04-01")).ok());
  EXPECT_TRUE(service_->missing_consents("JP2012000001A", ConsentScope::kLicensing, d("2015-01-01"))
                  .value()
                  .empty());
  EXPECT_TRUE(service_->missing_consents("JP2012000003A", ConsentScope::kLicensing, d("2015-01-01"))
                  .value()
                  .size() == 3u);
  expect_refused(
      [&] {
        return service_->missing_consents("JP2099999999A", ConsentScope::kLicensing,
                                          d("2015-01-01"));
      },
      "no patent with application number 'JP2099999999A'");
}

TEST_P(AggregationServiceTest, AggregatedTwiceRefused) {
  ASSERT_TRUE(service_->aggregate("JP2012000001A", mandate("2014-04-01")).ok());
  expect_refused([&] { return service_->aggregate("JP2012000001A", assignment("2015-01-01")); },
                 "JP2012000001A is already aggregated: mandate to AGG-JST on 2014-04-01");
}

TEST_P(AggregationServiceTest, UnknownPatentRefusedAsTyped) {
  expect_refused([&] { return service_->aggregate("JP 2099-999999", mandate("2014-04-01")); },
                 "no patent with application number 'JP 2099-999999'");
  // A number that does not parse is not "not found": the refusal says why.
  expect_refused([&] { return service_->evaluations("nonsense"); },
                 "application number \"nonsense\": unexpected character 'N'");
  EXPECT_EQ(service_->evaluations("nonsense").error().code, "bad_number");
  EXPECT_EQ(service_->aggregate("XX 123", mandate("2014-04-01")).error().code, "unknown_jurisdiction");
}

TEST_P(AggregationServiceTest, DateBeforeFilingRefused) {
  expect_refused([&] { return service_->aggregate("JP2012000001A", mandate("2012-02-29")); },
                 "aggregation date 2012-02-29 is before JP2012000001A's filing date 2012-03-01");
}

TEST_P(AggregationServiceTest, PatentTheAggregatorOwnsRefused) {
  expect_refused([&] { return service_->aggregate("JP2012000004A", mandate("2014-04-01")); },
                 "AGG-JST already owns 1 of JP2012000004A");
}

TEST_P(AggregationServiceTest, AggregatorMustExistAndBeOfKindAggregator) {
  SchemeSettings missing;
  missing.aggregator_code = "AGG-NONE";
  AggregationService a(*db_, missing, "tester");
  expect_refused([&] { return a.aggregate("JP2012000001A", mandate("2014-04-01")); },
                 "the aggregator institution 'AGG-NONE' (scheme.aggregator) is not registered");
  SchemeSettings university;
  university.aggregator_code = "U-OSAKA";
  AggregationService b(*db_, university, "tester");
  expect_refused([&] { return b.aggregate("JP2012000001A", mandate("2014-04-01")); },
                 "institution U-OSAKA is of kind university, not aggregator");
}

TEST_P(AggregationServiceTest, EvaluationsKeptIncludingDeclinedWithReason) {
  auto declined = service_->evaluate(
      "JP2012000001A",
      {0, d("2013-05-01"), 2, 1, 3, "Sato", EvaluationDecision::kDecline, "no market yet"});
  ASSERT_TRUE(declined.ok()) << declined.error().message;
  EXPECT_GT(declined->id, 0);
  auto approved = service_->evaluate("JP 2012-000001", {0, d("2014-03-01"), 4, 4, 5, "Suzuki",
                                                        EvaluationDecision::kApprove, "EV demand"});
  ASSERT_TRUE(approved.ok());
  EXPECT_NE(approved->id, declined->id);
  auto all = service_->evaluations("JP2012000001A").value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].decision, EvaluationDecision::kDecline);
  EXPECT_EQ(all[0].reason, "no market yet");
  EXPECT_EQ(all[0].technology, 2);
  EXPECT_EQ(all[0].market, 1);
  EXPECT_EQ(all[0].rights, 3);
  EXPECT_EQ(all[0].evaluator, "Sato");
  EXPECT_EQ(all[1].id, approved->id);
  // Out-of-range scores and unknown patents are refused, writing nothing.
  expect_refused(
      [&] {
        return service_->evaluate(
            "JP2012000001A", {0, d("2014-03-01"), 6, 4, 5, "S", EvaluationDecision::kApprove, "r"});
      },
      "technology score 6 is outside 1-5");
  expect_refused(
      [&] {
        return service_->evaluate(
            "JP2012000001A", {0, d("2014-03-01"), 3, 0, 5, "S", EvaluationDecision::kApprove, "r"});
      },
      "market score 0 is outside 1-5");
  expect_refused(
      [&] {
        return service_->evaluate(
            "JP2012000001A", {0, d("2014-03-01"), 3, 3, 3, "S", EvaluationDecision::kDecline, ""});
      },
      "needs a reason");
  expect_refused(
      [&] {
        return service_->evaluate(
            "JP2099999999A", {0, d("2014-03-01"), 3, 3, 3, "S", EvaluationDecision::kApprove, "r"});
      },
      "no patent with application number 'JP2099999999A'");
}

TEST_P(AggregationServiceTest, AggregationShowsTheLatestEvaluation) {
  ASSERT_TRUE(service_
                  ->evaluate("JP2012000001A", {0, d("2014-03-01"), 4, 4, 5, "Suzuki",
                                               EvaluationDecision::kApprove, "EV demand"})
                  .ok());
  ASSERT_TRUE(service_
                  ->evaluate("JP2012000001A", {0, d("2013-05-01"), 2, 1, 3, "Sato",
                                               EvaluationDecision::kDecline, "no market yet"})
                  .ok());
  auto v = service_->aggregate("JP2012000001A", mandate("2014-04-01"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_TRUE(v->latest_evaluation.has_value());
  EXPECT_EQ(v->latest_evaluation->evaluator, "Suzuki");  // latest by date, not by entry
  EXPECT_EQ(v->evaluations.size(), 2u);
  EXPECT_EQ(v->evaluations[0].evaluator, "Sato");
  auto listed = list({});
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_TRUE(listed[0].latest_evaluation.has_value());
  EXPECT_EQ(listed[0].latest_evaluation->decision, EvaluationDecision::kApprove);
}

TEST_P(AggregationServiceTest, HistoryRecordsEveryChange) {
  ASSERT_TRUE(service_
                  ->evaluate("JP2012000002A", {0, d("2014-03-01"), 4, 4, 5, "Suzuki",
                                               EvaluationDecision::kApprove, "EV demand"})
                  .ok());
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kAssignment, "2014-03-02");
  consent("JP2012000002A", "C-0001", ConsentScope::kAssignment, "2014-03-03");
  ASSERT_TRUE(service_->aggregate("JP2012000002A", assignment("2014-04-01")).ok());
  // A refusal and a repeated consent add nothing.
  ASSERT_FALSE(service_->aggregate("JP2012000002A", assignment("2014-04-01")).ok());
  ASSERT_TRUE(
      service_->add_consent("JP2012000002A", {"C-0001", ConsentScope::kAssignment, d("2014-03-03")})
          .ok());
  const auto changes = list_changes(*db_, {"patent", "JP2012000002A", 100});
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].action, "aggregate");  // newest first
  EXPECT_EQ(changes[1].action, "consent.add");
  EXPECT_EQ(changes[2].action, "consent.add");
  EXPECT_EQ(changes[3].action, "evaluate");
  EXPECT_EQ(changes[4].action, "patent.import");  // the fixture's registration
  for (const auto& c : changes) {
    if (c.action != "patent.import") {
      EXPECT_EQ(c.actor, "tester");
    }
    EXPECT_EQ(c.entity_type, "patent");
    EXPECT_EQ(c.entity_key, "JP2012000002A");
  }
  EXPECT_EQ(
      changes[0].detail,
      R"({"aggregator":"AGG-JST","mode":"assignment","date":"2014-04-01","reason":"core battery patent",)"
      R"("owners":[{"institution":"U-TOKYO","share":"2/3"},{"institution":"C-0001","share":"1/3"}],)"
      R"("beneficiaries":[{"institution":"U-TOKYO","share":"2/3"},{"institution":"C-0001","share":"1/3"}]})");
  EXPECT_EQ(changes[1].detail,
            R"({"institution":"C-0001","scope":"assignment","date":"2014-03-03"})");
  EXPECT_NE(changes[3].detail.find(R"("decision":"approve","reason":"EV demand")"),
            std::string::npos)
      << changes[3].detail;
}

TEST_P(AggregationServiceTest, ListFiltersByModeAndOriginatingInstitution) {
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kAssignment, "2014-03-02");
  consent("JP2012000002A", "C-0001", ConsentScope::kAssignment, "2014-03-03");
  ASSERT_TRUE(service_->aggregate("JP2012000002A", assignment("2014-04-01")).ok());
  ASSERT_TRUE(service_->aggregate("JP2012000001A", mandate("2014-05-01")).ok());
  ASSERT_TRUE(service_->aggregate("JP2012000003A", mandate("2014-06-01")).ok());
  auto all = list({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].application, "JP2012000001A");
  EXPECT_EQ(all[1].application, "JP2012000002A");
  expect_owners(all[1].originating, {{"U-TOKYO", f(2, 3)}, {"C-0001", f(1, 3)}});
  EXPECT_EQ(all[1].aggregation.reason, "core battery patent");
  EXPECT_FALSE(all[1].latest_evaluation.has_value());
  auto mandates = list({"", AggregationMode::kMandate});
  ASSERT_EQ(mandates.size(), 2u);
  EXPECT_EQ(mandates[1].application, "JP2012000003A");
  auto kyoto = list({"U-KYOTO", std::nullopt});
  ASSERT_EQ(kyoto.size(), 2u);
  EXPECT_EQ(kyoto[0].application, "JP2012000001A");
  EXPECT_EQ(kyoto[1].application, "JP2012000003A");
  EXPECT_EQ(list({"C-0001", AggregationMode::kAssignment}).size(), 1u);
  EXPECT_TRUE(list({"U-OSAKA", std::nullopt}).empty());
  expect_refused(
      [&] {
        return service_->list({"U-NOWHERE", std::nullopt}, PageRequest{});
      },
      "unknown institution code 'U-NOWHERE'");
}

TEST_P(AggregationServiceTest, ListPagesInNumberOrder) {
  // 2,500 more patents, owned by U-TOKYO or (every third) U-KYOTO; every
  // one aggregated, assignments and mandates in turn.
  std::string lines;
  for (int i = 0; i < 2500; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "JP2013%06dA", i);
    lines += patent_line(number).filed("2013-03-01").owner(i % 3 == 0 ? "U-KYOTO" : "U-TOKYO", "1").json() + "\n";
  }
  std::istringstream in(lines);
  ASSERT_TRUE(RegistryService(*db_).import_patents(in, FileFormat::kJsonl, {}).written);
  std::vector<std::string> all, kyoto, mandates;
  {
    RegistryStore registry(*db_);
    const long long aggregator = registry.institution_index().at("AGG-JST").id;
    const auto ids = registry.patent_index();
    AggregationStore store(*db_);
    WriteTransaction tx(*db_);
    for (int i = 0; i < 2500; ++i) {
      char number[16];
      std::snprintf(number, sizeof number, "JP2013%06dA", i);
      const std::string owner = i % 3 == 0 ? "U-KYOTO" : "U-TOKYO";
      const bool assigned = i % 2 == 0;
      store.insert_aggregation(ids.at(number).id, aggregator, assigned ? assignment("2014-04-01") : mandate("2014-04-01"),
                               assigned ? std::vector<Owner>{{owner, f(1, 1)}} : std::vector<Owner>{});
      all.push_back(number);
      if (owner == "U-KYOTO") kyoto.push_back(number);
      if (!assigned) mandates.push_back(number);
    }
    tx.commit();
  }
  auto walk = [&](const AggregationFilter& filter) {
    std::vector<std::string> seen;
    PageRequest request{"", 97};
    for (;;) {
      const auto page = service_->list(filter, request).value();
      EXPECT_LE(page.items.size(), 97u);
      for (const auto& p : page.items) seen.push_back(p.application);
      if (page.next.empty()) return seen;
      EXPECT_EQ(page.next, seen.back());
      request.after = page.next;
    }
  };
  EXPECT_EQ(walk({}), all);
  EXPECT_EQ(walk({"U-KYOTO", std::nullopt}), kyoto);
  EXPECT_EQ(walk({"", AggregationMode::kMandate}), mandates);
}

TEST_P(AggregationServiceTest, ShowANotAggregatedCandidate) {
  consent("JP2012000002A", "U-TOKYO", ConsentScope::kLicensing, "2014-03-02");
  auto v = service_->show("JP2012000002A", d("2020-01-01"));
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->aggregation.has_value());
  expect_owners(v->owner_of_record, {{"U-TOKYO", f(2, 3)}, {"C-0001", f(1, 3)}});
  expect_owners(v->beneficiaries, {{"U-TOKYO", f(2, 3)}, {"C-0001", f(1, 3)}});
  ASSERT_EQ(v->consents.size(), 1u);
  EXPECT_EQ(v->consents[0].institution, "U-TOKYO");
  EXPECT_EQ(v->filing_date, d("2012-03-01"));
  EXPECT_TRUE(list({}).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AggregationServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
