// GET /api/v1/patents/{number}/activity and GET /api/v1/aggregation-candidates over real HTTP, on SQLite and
// PostgreSQL: a patent's packages (dated membership, removed ones kept), the
// licence agreements naming it, the income distributed for it by
// institution and income type; any spelling of the number; a scoped user
// gets 404 for a patent its institution does not own, and sees only its own
// institution's income for a co-owned one.
#include <gtest/gtest.h>

#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::expect_error_code;
using testing::Json;
using testing::Reply;

// LIC-1: C-0001 on P1 (U-TOKYO) and P2 (U-TOKYO 1/2, U-KYOTO 1/2), JPY, upfront 1,200,000.
const char* kAgreement =
    R"({"id":"LIC-1","licensee":"C-0001","patents":["JP2020000001A","JP2020000002A"],"exclusive":true,
  "field":"batteries","territory":["JP"],"start":"2026-04-01","end":"2031-03-31","currency":"JPY",
  "upfront_fee":"1200000","royalty_tiers":[{"rate_bps":300}]})";

class ActivityApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    h_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        h_->db(), testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "C-0001"}),
        testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                               testing::patent("JP2020000002A").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2"),
                               testing::patent("JP2020000003A").owner("U-KYOTO")})));
    admin_ = h_->token(Role::kAdmin);
    tech_ = h_->token(Role::kTechTransfer);
    finance_ = h_->token(Role::kFinance);
    tokyo_viewer_ = h_->token(Role::kInstitutionViewer, "U-TOKYO");
    kyoto_manager_ = h_->token(Role::kIpManager, "U-KYOTO");
    // PKG-A from 2026-01-10 with P1 core; P2 peripheral (weight 2), removed on 2026-03-01.
    ASSERT_EQ(h_->post("/api/v1/packages",
                       R"({"code":"PKG-A","name_en":"Batteries","name_ja":"電池","core":["JP2020000001A"],"date":"2026-01-10"})",
                       tech_).status, 201);
    ASSERT_EQ(h_->post("/api/v1/packages/PKG-A/members",
                       R"({"patent":"JP2020000002A","role":"peripheral","weight":2,"date":"2026-01-20"})", tech_).status,
              201);
    ASSERT_EQ(h_->request("DELETE", "/api/v1/packages/PKG-A/members/JP2020000002A?date=2026-03-01", "", tech_).status, 200);
    for (const char* owner : {"U-TOKYO", "U-KYOTO"}) {  // co-owners consent to licensing (art. 73)
      const Reply c = h_->post("/api/v1/patents/JP2020000002A/consents",
                               std::string(R"({"institution":")") + owner + R"(","scope":"licensing","date":"2026-03-15"})",
                               admin_);
      ASSERT_EQ(c.status, 201) << c.body;
    }
    policies_.write("default.properties", "aggregator_share = 1/3\n");
    LicensingService licensing(h_->db(), SchemeSettings{}, "tester", policies_.path());
    auto added = requests::add_agreement_text(licensing, kAgreement);
    ASSERT_TRUE(added.ok()) << added.error().message;
    const Reply paid = h_->post("/api/v1/payments",
                                R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":"1200000","currency":"JPY","reference":"BANK-1"})",
                                finance_);
    ASSERT_EQ(paid.status, 201) << paid.body;
  }

  testing::TempDir policies_;
  std::unique_ptr<ApiHarness> h_;
  std::string admin_, tech_, finance_, tokyo_viewer_, kyoto_manager_;
};

TEST_P(ActivityApiTest, PackagesLicencesAndIncomeOfOnePatent) {
  const Reply r = h_->get("/api/v1/patents/JP%202020-000002/activity", admin_);  // another spelling
  ASSERT_EQ(r.status, 200) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.str("/application"), "JP2020000002A");
  ASSERT_EQ(j.size("/packages"), 1u);
  EXPECT_EQ(j.str("/packages/0/package"), "PKG-A");
  EXPECT_EQ(j.str("/packages/0/name_ja"), "電池");
  EXPECT_EQ(j.str("/packages/0/role"), "peripheral");
  EXPECT_EQ(j.num("/packages/0/weight"), 2);
  EXPECT_EQ(j.str("/packages/0/added_on"), "2026-01-20");
  EXPECT_EQ(j.str("/packages/0/removed_on"), "2026-03-01");
  ASSERT_EQ(j.size("/licences"), 1u);
  EXPECT_EQ(j.str("/licences/0/agreement"), "LIC-1");
  EXPECT_EQ(j.str("/licences/0/licensee"), "C-0001");
  EXPECT_EQ(j.str("/licences/0/starts_on"), "2026-04-01");
  // 1,200,000 upfront: the aggregator keeps 1/3, the rest is split over two
  // patents (weight 1 each) and P2's half goes half to each owner.
  ASSERT_EQ(j.size("/income"), 2u);
  EXPECT_EQ(j.str("/income/0/institution"), "U-KYOTO");
  EXPECT_EQ(j.str("/income/0/income_type"), "upfront");
  EXPECT_EQ(j.str("/income/0/currency"), "JPY");
  EXPECT_EQ(j.num("/income/0/amount_minor"), 200000);
  EXPECT_EQ(j.str("/income/1/institution"), "U-TOKYO");
  EXPECT_EQ(j.num("/income/1/amount_minor"), 200000);

  const Reply p1 = h_->get("/api/v1/patents/JP2020000001A/activity", tech_);
  ASSERT_EQ(p1.status, 200) << p1.body;
  Json one(p1.body);
  EXPECT_EQ(one.str("/packages/0/role"), "core");
  EXPECT_TRUE(one.is_null("/packages/0/removed_on"));
  EXPECT_EQ(one.num("/income/0/amount_minor"), 400000);

  const Reply none = h_->get("/api/v1/patents/JP2020000003A/activity", admin_);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(Json(none.body).size("/packages"), 0u);
  EXPECT_EQ(Json(none.body).size("/licences"), 0u);
  EXPECT_EQ(Json(none.body).size("/income"), 0u);
}

TEST_P(ActivityApiTest, ScopedUsersSeeTheirOwnPatentsAndIncomeOnly) {
  const Reply co = h_->get("/api/v1/patents/JP2020000002A/activity", tokyo_viewer_);
  ASSERT_EQ(co.status, 200) << co.body;
  Json j(co.body);
  ASSERT_EQ(j.size("/income"), 1u);
  EXPECT_EQ(j.str("/income/0/institution"), "U-TOKYO");
  EXPECT_EQ(j.size("/licences"), 1u);
  expect_error_code(h_->get("/api/v1/patents/JP2020000003A/activity", tokyo_viewer_), 404, "not_found");
  expect_error_code(h_->get("/api/v1/patents/JP2020000001A/activity", kyoto_manager_), 404, "not_found");
  expect_error_code(h_->get("/api/v1/patents/JP2020000009A/activity", admin_), 404, "not_found");
  expect_error_code(h_->get("/api/v1/patents/not-a-number/activity", admin_), 400, "bad_number");
  EXPECT_EQ(h_->get("/api/v1/patents/JP2020000001A/activity", finance_).status, 403);
}

TEST_P(ActivityApiTest, AggregationCandidatesWithConsentsAndEvaluations) {
  auto evaluate = [&](const std::string& number, const char* decision) {
    const Reply r = h_->post("/api/v1/patents/" + number + "/evaluations",
                             std::string(R"({"date":"2026-02-01","technology":4,"market":3,"rights":5,"evaluator":"Sato",)") +
                                 R"("decision":")" + decision + R"(","reason":"r"})",
                             admin_);
    ASSERT_EQ(r.status, 201) << r.body;
  };
  evaluate("JP2020000001A", "approve");
  evaluate("JP2020000002A", "approve");
  evaluate("JP2020000003A", "decline");
  // P1 goes under the aggregator: no longer a candidate.
  const Reply agg = h_->post("/api/v1/patents/JP2020000001A/aggregation",
                             R"({"mode":"mandate","date":"2026-02-10","reason":"core"})", admin_);
  ASSERT_EQ(agg.status, 201) << agg.body;

  const Reply all = h_->get("/api/v1/aggregation-candidates?limit=1", admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  Json first(all.body);
  ASSERT_EQ(first.size("/items"), 1u);
  EXPECT_EQ(first.str("/items/0/application"), "JP2020000002A");
  EXPECT_EQ(first.size("/items/0/owners"), 2u);
  EXPECT_EQ(first.str("/items/0/owners/1/institution"), "U-KYOTO");
  EXPECT_EQ(first.size("/items/0/consents"), 2u);  // both co-owners consented to licensing
  EXPECT_EQ(first.str("/items/0/consents/0/scope"), "licensing");
  EXPECT_EQ(first.str("/items/0/latest_evaluation/decision"), "approve");
  const Reply second = h_->get("/api/v1/aggregation-candidates?limit=1&cursor=" + first.str("/next_cursor"), admin_);
  ASSERT_EQ(second.status, 200) << second.body;
  Json next(second.body);
  ASSERT_EQ(next.size("/items"), 1u);
  EXPECT_EQ(next.str("/items/0/application"), "JP2020000003A");
  EXPECT_EQ(next.size("/items/0/consents"), 0u);
  EXPECT_EQ(next.str("/items/0/evaluations/0/decision"), "decline");
  EXPECT_TRUE(next.is_null("/next_cursor"));

  // Scoped: U-TOKYO's viewer sees only P2 (co-owned); another institution is 404.
  const Reply tokyo = h_->get("/api/v1/aggregation-candidates", tokyo_viewer_);
  ASSERT_EQ(tokyo.status, 200) << tokyo.body;
  EXPECT_EQ(Json(tokyo.body).size("/items"), 1u);
  EXPECT_EQ(Json(tokyo.body).str("/items/0/application"), "JP2020000002A");
  expect_error_code(h_->get("/api/v1/aggregation-candidates?institution=U-KYOTO", tokyo_viewer_), 404, "not_found");
  const Reply kyoto = h_->get("/api/v1/aggregation-candidates?institution=U-KYOTO", admin_);
  ASSERT_EQ(kyoto.status, 200) << kyoto.body;
  EXPECT_EQ(Json(kyoto.body).size("/items"), 2u);
  expect_error_code(h_->get("/api/v1/aggregation-candidates?institution=U-NONE", admin_), 404, "unknown_institution",
                    "institution");
  EXPECT_EQ(h_->get("/api/v1/aggregation-candidates", finance_).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ActivityApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
