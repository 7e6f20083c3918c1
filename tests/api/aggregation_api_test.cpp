// The aggregation routes over real HTTP (tests/support/api_harness), on
// SQLite and PostgreSQL: evaluations, co-owner consent, aggregation, the
// aggregated list and the change history, with their refusals (unknown
// patent, bad bodies naming the field, domain refusals, roles, scoping).
// Bodies are compared with the CLI's views, so both doors say the same.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api_fixture.h"
#include "api_harness.h"
#include "api/route.h"
#include "services/aggregation_service.h"
#include "services/registry_service.h"
#include "render/aggregation.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::text_at;
using testing::int_at;
using testing::null_at;
using testing::length_at;
using testing::expect_error;

// P1: U-TOKYO alone. P2: U-KYOTO 1/2 + C-0001 1/2 (assigning it needs both consents).
const std::string kPatents = testing::patent_lines(
    {testing::patent("JP2020000001A").title("Electrode", "電極").owner("U-TOKYO"),
     testing::patent("JP2020000002A").filed("2020-04-01").title("Separator").owner("U-KYOTO", "1/2").owner("C-0001", "1/2")});

const char* kP1 = "/api/v1/patents/JP2020000001A";
const char* kP2 = "/api/v1/patents/JP2020000002A";

const std::string kEvaluation =
    R"({"date":"2020-06-01","technology":4,"market":3,"rights":5,"evaluator":"Sato Hanako","decision":"approve","reason":"core battery patent"})";

class AggregationApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(api_->db(), testing::four_institutions(), kPatents));
    admin_ = api_->token(Role::kAdmin);
  }

  AggregationService service() { return AggregationService(api_->db(), SchemeSettings{}, "test"); }

  // What a refused request must leave alone.
  std::string state() { return testing::dump_content(api_->db()); }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_;
};

TEST_P(AggregationApiTest, RecordsAndListsEvaluations) {
  const Reply r = api_->post(std::string(kP1) + "/evaluations", kEvaluation, admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_GT(int_at(r.body, "/id"), 0);
  EXPECT_EQ(text_at(r.body, "/decision"), "approve");
  EXPECT_EQ(int_at(r.body, "/rights"), 5);

  const Reply list = api_->get(std::string(kP1) + "/evaluations", api_->token(Role::kTechTransfer));
  ASSERT_EQ(list.status, 200) << list.body;
  const auto stored = service().evaluations("JP2020000001A");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(list.body, render::evaluations_json(*stored));
  EXPECT_EQ(r.body, render::evaluation_json(stored->front()));
}

TEST_P(AggregationApiTest, RefusesBadEvaluationBodiesNamingTheField) {
  const std::string before = state();
  const std::string url = std::string(kP1) + "/evaluations";
  std::string wrong_type = kEvaluation;
  wrong_type.replace(wrong_type.find("\"technology\":4"), 14, "\"technology\":\"4\"");
  expect_error(api_->post(url, wrong_type, admin_), 400, "technology");
  std::string unknown = kEvaluation;
  unknown.insert(1, "\"score\":3,");
  expect_error(api_->post(url, unknown, admin_), 400, "score");
  std::string bad_word = kEvaluation;
  bad_word.replace(bad_word.find("approve"), 7, "maybe");
  expect_error(api_->post(url, bad_word, admin_), 400, "decision");
  expect_error(api_->post(url, R"({"technology":4})", admin_), 400, "market");
  expect_error(api_->post(url, "[1,2]", admin_), 400);
  std::string huge = kEvaluation;
  huge.replace(huge.find("\"market\":3"), 10, "\"market\":4294967299");
  expect_error(api_->post(url, huge, admin_), 400, "market");
  // The domain's own check: scores are 1 to 5.
  std::string out_of_range = kEvaluation;
  out_of_range.replace(out_of_range.find("\"rights\":5"), 10, "\"rights\":9");
  expect_error(api_->post(url, out_of_range, admin_), 400, "", "bad_score");
  expect_error(api_->post("/api/v1/patents/JP2099999999A/evaluations", kEvaluation, admin_), 404, "",
               "unknown_patent");
  EXPECT_EQ(state(), before);
}

TEST_P(AggregationApiTest, OnlyTheAggregatorEvaluatesAndAggregates) {
  const std::string tech = api_->token(Role::kTechTransfer);
  const std::string manager = api_->token(Role::kIpManager, "U-TOKYO");
  expect_error(api_->post(std::string(kP1) + "/evaluations", kEvaluation, tech), 403);
  expect_error(api_->post(std::string(kP1) + "/evaluations", kEvaluation, manager), 403);
  const std::string body = R"({"mode":"mandate","date":"2020-07-01","reason":"battery"})";
  expect_error(api_->post(std::string(kP1) + "/aggregation", body, manager), 403);
  expect_error(api_->get("/api/v1/history", tech), 403);
  expect_error(api_->get(std::string(kP1) + "/evaluations", api_->token(Role::kFinance)), 403);
  expect_error(api_->get(std::string(kP1) + "/evaluations", ""), 401);
}

TEST_P(AggregationApiTest, ConsentIsRecordedOncePerOwnerAndScope) {
  const std::string kyoto = api_->token(Role::kIpManager, "U-KYOTO");
  const std::string body = R"({"institution":"U-KYOTO","scope":"assignment","date":"2020-05-01"})";
  const Reply first = api_->post(std::string(kP2) + "/consents", body, kyoto);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.body.find("\"recorded\": true") != std::string::npos, true) << first.body;
  EXPECT_EQ(text_at(first.body, "/consent/institution"), "U-KYOTO");
  const Reply again = api_->post(std::string(kP2) + "/consents", body, kyoto);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body.find("\"recorded\": false") != std::string::npos, true) << again.body;

  const Reply list = api_->get(std::string(kP2) + "/consents", kyoto);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, render::consents_json(service().consents("JP2020000002A").value()));
  EXPECT_EQ(length_at(list.body, ""), 1u);
}

TEST_P(AggregationApiTest, AnIdempotencyKeyReplaysTheFirstConsent) {
  const std::string body = R"({"institution":"C-0001","scope":"licensing","date":"2020-05-01"})";
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "consent-c0001"}};
  const Reply first = api_->post(std::string(kP2) + "/consents", body, admin_, key);
  ASSERT_EQ(first.status, 201) << first.body;
  const Reply replay = api_->post(std::string(kP2) + "/consents", body, admin_, key);
  EXPECT_EQ(replay.status, 201) << replay.body;  // not 200 "already on record": it did not act again
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(service().consents("JP2020000002A").value().size(), 1u);
}

TEST_P(AggregationApiTest, ConsentRefusals) {
  const std::string kyoto = api_->token(Role::kIpManager, "U-KYOTO");
  const std::string tech = api_->token(Role::kTechTransfer);
  const std::string before = state();
  // A scoped caller consents for its own institution only, on its own patents.
  expect_error(api_->post(std::string(kP2) + "/consents",
                          R"({"institution":"C-0001","scope":"assignment","date":"2020-05-01"})", kyoto),
               404);
  expect_error(api_->post(std::string(kP1) + "/consents",
                          R"({"institution":"U-KYOTO","scope":"assignment","date":"2020-05-01"})", kyoto),
               404);
  expect_error(api_->get(std::string(kP1) + "/consents", kyoto), 404);
  expect_error(api_->get(std::string(kP1) + "/evaluations", kyoto), 404);
  expect_error(api_->get("/api/v1/patents/JP2099999999A/consents", admin_), 404, "", "unknown_patent");
  expect_error(api_->get("/api/v1/patents/JP2099999999A/evaluations", admin_), 404, "", "unknown_patent");
  expect_error(api_->post("/api/v1/patents/JP2099999999A/consents",
                          R"({"institution":"U-KYOTO","scope":"licensing","date":"2020-05-01"})", admin_),
               404, "", "unknown_patent");
  // Only a current owner consents (a domain refusal: 422).
  expect_error(api_->post(std::string(kP2) + "/consents",
                          R"({"institution":"U-TOKYO","scope":"licensing","date":"2020-05-01"})", admin_),
               422, "", "not_an_owner");
  expect_error(api_->post(std::string(kP2) + "/consents",
                          R"({"institution":"U-KYOTO","scope":"everything","date":"2020-05-01"})", admin_),
               400, "scope");
  expect_error(api_->post(std::string(kP2) + "/consents",
                          R"({"institution":"U-KYOTO","scope":"licensing","date":"01/05/2020"})", admin_),
               400, "date");
  expect_error(api_->post(std::string(kP2) + "/consents", "", admin_), 400);
  expect_error(api_->post(std::string(kP2) + "/consents",
                          R"({"institution":"U-KYOTO","scope":"licensing","date":"2020-05-01"})", tech),
               403);
  EXPECT_EQ(state(), before);
}

TEST_P(AggregationApiTest, AssignmentNeedsEveryCoOwnersConsent) {
  const std::string url = std::string(kP2) + "/aggregation";
  const std::string body = R"({"mode":"assignment","date":"2020-06-01","reason":"core separator"})";
  ASSERT_EQ(api_->post(std::string(kP2) + "/consents",
                       R"({"institution":"U-KYOTO","scope":"assignment","date":"2020-05-01"})", admin_)
                .status,
            201);
  const std::string before = state();
  const Reply refused = api_->post(url, body, admin_);
  expect_error(refused, 400, "", "missing_consent");
  EXPECT_NE(text_at(refused.body, "/error/message").find("C-0001"), std::string::npos) << refused.body;
  EXPECT_EQ(state(), before);

  ASSERT_EQ(api_->post(std::string(kP2) + "/consents",
                       R"({"institution":"C-0001","scope":"assignment","date":"2020-05-02"})", admin_)
                .status,
            201);
  const Reply done = api_->post(url, body, admin_);
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.body, render::aggregation_view_json(service().show("JP2020000002A", Date::parse("2020-06-01").value()).value()));
  EXPECT_EQ(text_at(done.body, "/owner_of_record/0/institution"), "AGG-JST");
  // The owners' shares just before the assignment, in the owners' order.
  EXPECT_EQ(text_at(done.body, "/beneficiaries/0/institution"), "U-KYOTO");
  EXPECT_EQ(text_at(done.body, "/beneficiaries/1/institution"), "C-0001");
  EXPECT_EQ(text_at(done.body, "/beneficiaries/1/share"), "1/2");

  // Already aggregated: a conflict.
  expect_error(api_->post(url, body, admin_), 409, "", "already_aggregated");
  expect_error(api_->post(url, R"({"mode":"sold","date":"2020-06-01","reason":"x"})", admin_), 400, "mode");
  expect_error(api_->post("/api/v1/patents/JP2099999999A/aggregation", body, admin_), 404);

  // The aggregator's kind is fixed now that it has an aggregation (and the
  // owners' now that they have consents and beneficiary shares).
  const std::string settled = state();
  const Reply kind = api_->post(
      "/api/v1/institutions", R"({"code":"AGG-JST","kind":"university","name_en":"JST","country":"JP"})", admin_);
  expect_error(kind, 409, "kind", "kind_has_history");
  EXPECT_NE(text_at(kind.body, "/error/message").find("1 aggregation(s) as aggregator"), std::string::npos)
      << kind.body;
  const Reply owner = api_->post(
      "/api/v1/institutions", R"({"code":"C-0001","kind":"university","name_en":"C","country":"JP"})", admin_);
  expect_error(owner, 409, "kind", "kind_has_history");
  EXPECT_NE(text_at(owner.body, "/error/message").find("beneficiary share(s)"), std::string::npos) << owner.body;
  EXPECT_EQ(state(), settled);
}

TEST_P(AggregationApiTest, ShowsTheOwnerOfRecordOnADay) {
  ASSERT_EQ(api_->post(std::string(kP1) + "/aggregation",
                       R"({"mode":"assignment","date":"2020-06-01","reason":"core"})", admin_)
                .status,
            201);
  const std::string tokyo = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  const Reply before = api_->get(std::string(kP1) + "/aggregation?at=2020-05-31", tokyo);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(text_at(before.body, "/owner_of_record/0/institution"), "U-TOKYO");
  EXPECT_EQ(before.body, render::aggregation_view_json(service().show("JP2020000001A", Date::parse("2020-05-31").value()).value()));
  const Reply after = api_->get(std::string(kP1) + "/aggregation?at=2020-06-01", tokyo);
  EXPECT_EQ(text_at(after.body, "/owner_of_record/0/institution"), "AGG-JST");

  const Reply p2 = api_->get(std::string(kP2) + "/aggregation", admin_);
  ASSERT_EQ(p2.status, 200) << p2.body;
  EXPECT_TRUE(null_at(p2.body, "/aggregation"));

  expect_error(api_->get(std::string(kP1) + "/aggregation?at=yesterday", admin_), 400, "at");
  expect_error(api_->get(std::string(kP2) + "/aggregation", tokyo), 404);
  expect_error(api_->get("/api/v1/patents/JP2099999999A/aggregation", admin_), 404);
}

TEST_P(AggregationApiTest, ListsAggregatedPatentsWithinTheCallersScope) {
  ASSERT_EQ(api_->post(std::string(kP1) + "/aggregation",
                       R"({"mode":"mandate","date":"2020-06-01","reason":"manage"})", admin_)
                .status,
            201);
  const Reply all = api_->get("/api/v1/aggregations", api_->token(Role::kTechTransfer));
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body, api::page_response(service().list({}, PageRequest{}).value(),
                                         render::write_aggregated_patent_json)
                          .body);
  EXPECT_EQ(length_at(all.body, "/items"), 1u);
  EXPECT_EQ(text_at(all.body, "/items/0/title"), "Electrode");
  EXPECT_EQ(text_at(all.body, "/items/0/title_ja"), "電極");  // the web page shows it in Japanese
  EXPECT_TRUE(null_at(all.body, "/next_cursor"));
  EXPECT_EQ(length_at(api_->get("/api/v1/aggregations?mode=assignment", admin_).body, "/items"), 0u);
  expect_error(api_->get("/api/v1/aggregations?mode=sold", admin_), 400, "mode");

  const std::string tokyo = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  const std::string kyoto = api_->token(Role::kInstitutionViewer, "U-KYOTO");
  EXPECT_EQ(length_at(api_->get("/api/v1/aggregations", tokyo).body, "/items"), 1u);
  EXPECT_EQ(length_at(api_->get("/api/v1/aggregations", kyoto).body, "/items"), 0u);
  expect_error(api_->get("/api/v1/aggregations?institution=U-TOKYO", kyoto), 404);
  EXPECT_EQ(api_->get("/api/v1/aggregations?institution=U-KYOTO", kyoto).status, 200);
}

TEST_P(AggregationApiTest, ChangeHistoryForTheAdmin) {
  ASSERT_EQ(api_->post(std::string(kP1) + "/evaluations", kEvaluation, admin_).status, 201);
  const Reply r = api_->get("/api/v1/history?entity_type=patent&key=JP%202020-000001&limit=10", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  // The evaluation, and before it the fixture's import of the patent.
  EXPECT_EQ(length_at(r.body, "/items"), 2u);
  EXPECT_EQ(text_at(r.body, "/items/1/action"), "patent.import");
  EXPECT_EQ(text_at(r.body, "/items/0/entity_key"), "JP2020000001A");
  EXPECT_EQ(text_at(r.body, "/items/0/actor").rfind("api:", 0), 0u) << r.body;
  EXPECT_TRUE(null_at(r.body, "/next_cursor"));
  // Paged like every list: the cursor in the body, no Next-Cursor header.
  ASSERT_EQ(api_->post(std::string(kP1) + "/evaluations", kEvaluation, admin_).status, 201);
  const Reply first = api_->get("/api/v1/history?limit=1", admin_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(length_at(first.body, "/items"), 1u);
  ASSERT_FALSE(null_at(first.body, "/next_cursor")) << first.body;
  const Reply second = api_->get("/api/v1/history?limit=1&cursor=" + text_at(first.body, "/next_cursor"), admin_);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_LT(int_at(second.body, "/items/0/id"), int_at(first.body, "/items/0/id"));
  EXPECT_EQ(first.headers.count("next-cursor"), 0u);
  expect_error(api_->get("/api/v1/history?limit=0", admin_), 400, "limit");
  expect_error(api_->get("/api/v1/history?limit=many", admin_), 400, "limit");
}


// ---- ownership transfers and the owner of record ------------------------------------------------

TEST_P(AggregationApiTest, TransferIsAnAdminsActWithTheLosingOwnersConsent) {
  const std::string url = std::string(kP2) + "/transfers";
  const std::string kyoto = api_->token(Role::kIpManager, "U-KYOTO");
  const std::string tech = api_->token(Role::kTechTransfer);
  // U-KYOTO's ip_manager takes C-0001's half: 403 whatever the body says.
  const std::string to_kyoto =
      R"({"date":"2026-10-01","owners":[{"institution":"U-KYOTO","share":"1"}],"consents":["C-0001"],"reason":"bought"})";
  const std::string before = state();
  expect_error(api_->post(url, to_kyoto, kyoto), 403);
  expect_error(api_->post(url, to_kyoto, tech), 403);
  // An admin without C-0001's consent: refused naming it and the field.
  const std::string no_consent = R"({"date":"2026-10-01","owners":[{"institution":"U-KYOTO","share":"1"}]})";
  const Reply refused = api_->post(url, no_consent, admin_);
  expect_error_code(refused, 400, "missing_consent", "consents");
  EXPECT_NE(refused.body.find("C-0001"), std::string::npos) << refused.body;
  expect_error_code(api_->post(url, R"({"date":"2026-10-01","owners":[{"institution":"U-KYOTO","share":"1/3"}]})",
                               admin_),
                    400, "bad_transfer", "owners");
  EXPECT_EQ(state(), before);

  const Reply done = api_->post(url, to_kyoto, admin_);
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(text_at(done.body, "/date"), "2026-10-01");
  EXPECT_EQ(text_at(done.body, "/to/0/institution"), "U-KYOTO");
  EXPECT_EQ(length_at(done.body, "/from"), 2u);

  // The former owner reads the history; an institution never involved does not see it.
  const Reply history = api_->get(std::string(kP2) + "/owners/history", api_->token(Role::kIpManager, "C-0001"));
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(length_at(history.body, "/periods"), 2u);
  EXPECT_EQ(text_at(history.body, "/periods/0/valid_to"), "2026-09-30");
  EXPECT_EQ(text_at(history.body, "/periods/1/consents/0"), "C-0001");
  EXPECT_EQ(text_at(history.body, "/owners_of_record/0/institution"), "U-KYOTO");
  expect_error(api_->get(std::string(kP2) + "/owners/history", api_->token(Role::kIpManager, "U-TOKYO")), 404);
  // The change history shows it.
  const Reply changes = api_->get("/api/v1/history?key=JP2020000002A", admin_);
  ASSERT_EQ(changes.status, 200) << changes.body;
  EXPECT_EQ(text_at(changes.body, "/items/0/action"), "patent.transfer");
}

TEST_P(AggregationApiTest, AfterAnAssignmentTheAggregatorIsOwnerOfRecordAndTheUniversityBeneficiary) {
  const Reply agg =
      api_->post(std::string(kP1) + "/aggregation", R"({"mode":"assignment","date":"2020-07-01","reason":"core"})",
                 admin_);
  ASSERT_EQ(agg.status, 201) << agg.body;
  const Reply shown = api_->get(kP1, admin_);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(text_at(shown.body, "/owners_of_record/0/institution"), "AGG-JST");
  EXPECT_EQ(text_at(shown.body, "/beneficiaries/0/institution"), "U-TOKYO");
  EXPECT_EQ(text_at(shown.body, "/owners/0/institution"), "U-TOKYO");

  const Reply owned = api_->get("/api/v1/patents?institution=AGG-JST&role=owner", admin_);
  ASSERT_EQ(owned.status, 200) << owned.body;
  ASSERT_EQ(length_at(owned.body, "/items"), 1u);
  EXPECT_EQ(text_at(owned.body, "/items/0/application_number"), "JP2020000001A");
  const Reply tokyo_owner = api_->get("/api/v1/patents?institution=U-TOKYO&role=owner", admin_);
  ASSERT_EQ(tokyo_owner.status, 200) << tokyo_owner.body;
  EXPECT_EQ(length_at(tokyo_owner.body, "/items"), 0u);
  expect_error_code(api_->get("/api/v1/patents?institution=U-TOKYO&role=licensee", admin_), 400, "bad_filter", "role");

  // Scoped users: the beneficiary still sees it (and lists it as beneficiary), the aggregator's too.
  const std::string tokyo = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  EXPECT_EQ(api_->get(kP1, tokyo).status, 200);
  const Reply mine = api_->get("/api/v1/patents?role=beneficiary", tokyo);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(length_at(mine.body, "/items"), 1u);
  EXPECT_EQ(api_->get(kP1, api_->token(Role::kIpManager, "AGG-JST")).status, 200);
  EXPECT_EQ(api_->get(std::string(kP1) + "/owners/history", tokyo).status, 200);
  // A transfer of the assigned patent is refused (the beneficiaries keep the income).
  expect_error_code(api_->post(std::string(kP1) + "/transfers",
                               R"({"date":"2026-10-01","owners":[{"institution":"U-KYOTO","share":"1"}],"consents":["U-TOKYO"]})",
                               admin_),
                    422, "patent_assigned", "number");
}

INSTANTIATE_TEST_SUITE_P(Backends, AggregationApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
