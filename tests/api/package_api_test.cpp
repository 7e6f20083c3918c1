// The package and consortium routes over real HTTP (tests/support/
// api_harness), on SQLite and PostgreSQL: create, members (one patent or a
// simple family), weights, removal, status, show on a day with history,
// consortia and NDAs, with their refusals (unknown codes, bad bodies naming
// the field, domain refusals, roles). Bodies are compared with the CLI's
// views, so both doors say the same.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api_fixture.h"
#include "api_harness.h"
#include "api/route.h"
#include "services/package_service.h"
#include "services/registry_service.h"
#include "render/package.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::text_at;
using testing::int_at;
using testing::texts_at;
using testing::expect_error;

// P1 (U-TOKYO) alone; P2 (U-KYOTO) and P3 (U-KYOTO, claiming only P2) share a simple family.
const std::string kPatents = testing::patent_lines(
    {testing::patent("JP2020000001A").owner("U-TOKYO"),
     testing::patent("JP2020000002A").filed("2020-04-01").title("Separator").owner("U-KYOTO"),
     testing::patent("JP2021000003A").filed("2021-02-01").title("Separator 2").owner("U-KYOTO").priority("JP2020000002A", "2020-04-01")});

const std::string kCreate =
    R"({"code":"PKG-BATT","name_en":"Solid-state battery","name_ja":"全固体電池","theme":"energy storage","core":["JP 2020-000001"],"date":"2020-04-01"})";

Date d(const char* s) { return Date::parse(s).value(); }

class PackageApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(api_->db(), testing::four_institutions(), kPatents));
    admin_ = api_->token(Role::kAdmin);
    tech_ = api_->token(Role::kTechTransfer);
  }

  PackageService packages() { return PackageService(api_->db(), "test"); }
  ConsortiumService consortia() { return ConsortiumService(api_->db(), "test"); }

  void create() { ASSERT_EQ(api_->post("/api/v1/packages", kCreate, tech_).status, 201); }

  std::string state() { return testing::dump_content(api_->db()); }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, tech_;
};

TEST_P(PackageApiTest, CreatesAndListsPackages) {
  const Reply r = api_->post("/api/v1/packages", kCreate, tech_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text_at(r.body, "/code"), "PKG-BATT");
  EXPECT_EQ(text_at(r.body, "/status"), "draft");
  EXPECT_EQ(int_at(r.body, "/core"), 1);
  const Reply list = api_->get("/api/v1/packages", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, api::page_response(packages().list(std::nullopt, today_local(), PageRequest{}),
                                          render::write_package_summary_json)
                           .body);
  EXPECT_EQ(api_->get("/api/v1/packages?status=marketed", admin_).body, R"({"items":[],"next_cursor":null})");
  expect_error(api_->get("/api/v1/packages?status=sold", admin_), 400, "status");
}

TEST_P(PackageApiTest, RefusesBadPackagesAndWritesNothing) {
  const std::string before = state();
  expect_error(api_->post("/api/v1/packages", R"({"code":"PKG-X","name_en":"X","date":"2020-04-01"})", tech_),
               400, "core");
  expect_error(api_->post("/api/v1/packages", R"({"code":"PKG-X","name_en":"X","core":"JP2020000001A"})", tech_),
               400, "core");
  expect_error(api_->post("/api/v1/packages", R"({"code":"PKG-X","name_en":"X","core":[7]})", tech_), 400,
               "core[0]");
  expect_error(api_->post("/api/v1/packages", R"({"code":"PKG-X","name_en":"X","core":["JP2020000001A"],"owner":"me"})",
                          tech_),
               400, "owner");
  expect_error(api_->post("/api/v1/packages", R"({"code":"PKG-X","name_en":"X","core":["JP2099999999A"]})", tech_),
               404, "", "unknown_patent");
  expect_error(api_->post("/api/v1/packages", "{\"code\":", tech_), 400);
  EXPECT_EQ(state(), before);
  create();
  expect_error(api_->post("/api/v1/packages", kCreate, tech_), 409, "", "duplicate_package");
}

TEST_P(PackageApiTest, AddsPatentsAndFamiliesAndShowsThemOnADay) {
  create();
  const std::string url = "/api/v1/packages/PKG-BATT/members";
  const Reply one = api_->post(
      url, R"({"patent":"JP2020000002A","role":"peripheral","weight":2,"date":"2021-04-01"})", tech_);
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(texts_at(one.body, "/added"), (std::vector<std::string>{"JP2020000002A"}));
  EXPECT_EQ(int_at(one.body, "/weight"), 2);

  const Reply family =
      api_->post(url, R"({"family":"JP2021000003A","role":"peripheral","date":"2022-01-01"})", tech_);
  ASSERT_EQ(family.status, 201) << family.body;
  EXPECT_EQ(text_at(family.body, "/family"), "JP2020000002A");
  EXPECT_EQ(texts_at(family.body, "/added"), (std::vector<std::string>{"JP2021000003A"}));
  EXPECT_EQ(texts_at(family.body, "/skipped"), (std::vector<std::string>{"JP2020000002A"}));

  const Reply show = api_->get("/api/v1/packages/PKG-BATT?at=2021-04-01&history=true", admin_);
  ASSERT_EQ(show.status, 200) << show.body;
  const auto history = packages().history("PKG-BATT").value();
  EXPECT_EQ(show.body, render::package_view_json(packages().show("PKG-BATT", d("2021-04-01")).value(), &history));
  EXPECT_EQ(int_at(show.body, "/total_weight"), 3);
  EXPECT_EQ(text_at(show.body, "/members/1/share"), "2/3");
  const Reply plain = api_->get("/api/v1/packages/PKG-BATT?at=2022-01-01", admin_);
  EXPECT_EQ(plain.body, render::package_view_json(packages().show("PKG-BATT", d("2022-01-01")).value(), nullptr));
}

TEST_P(PackageApiTest, RefusesBadMemberRequests) {
  create();
  const std::string before = state();
  const std::string url = "/api/v1/packages/PKG-BATT/members";
  expect_error(api_->post(url, R"({"patent":"JP2020000002A","family":"JP2020000002A","role":"core"})", tech_), 400,
               "patent");
  expect_error(api_->post(url, R"({"role":"core"})", tech_), 400, "patent");
  expect_error(api_->post(url, R"({"patent":"JP2020000002A","role":"side"})", tech_), 400, "role");
  expect_error(api_->post(url, R"({"patent":"JP2020000002A","role":"core","weight":"2"})", tech_), 400, "weight");
  expect_error(api_->post(url, R"({"patent":"JP2020000002A","role":"core","weight":0,"date":"2021-01-01"})", tech_),
               400, "", "bad_weight");
  expect_error(api_->post(url, R"({"patent":"JP2020000001A","role":"core","date":"2021-01-01"})", tech_), 409, "",
               "already_member");
  expect_error(api_->post("/api/v1/packages/PKG-NONE/members", R"({"patent":"JP2020000002A","role":"core"})", tech_),
               404);
  expect_error(api_->get("/api/v1/packages/PKG-NONE", tech_), 404);
  expect_error(api_->get("/api/v1/packages/PKG-BATT?at=someday", tech_), 400, "at");
  expect_error(api_->get("/api/v1/packages/PKG-BATT?history=maybe", tech_), 400, "history");
  EXPECT_EQ(state(), before);
}

TEST_P(PackageApiTest, ChangesWeightsRemovesMembersAndMovesStatus) {
  create();
  ASSERT_EQ(api_->post("/api/v1/packages/PKG-BATT/members",
                       R"({"patent":"JP2020000002A","role":"peripheral","date":"2020-05-01"})", tech_)
                .status,
            201);
  const std::string member = "/api/v1/packages/PKG-BATT/members/JP2020000002A";
  const Reply w = api_->request("PATCH", member, R"({"weight":3,"date":"2021-01-01"})", tech_);
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(int_at(w.body, "/previous_weight"), 1);
  EXPECT_EQ(int_at(w.body, "/weight"), 3);
  expect_error(api_->request("PATCH", member, R"({"weight":3,"date":"2021-02-01"})", tech_), 422, "", "same_weight");
  expect_error(api_->request("PATCH", member, R"({"weight":"3"})", tech_), 400, "weight");
  expect_error(api_->request("PATCH", member, R"({"date":"2021-02-01"})", tech_), 400, "weight");

  const Reply removed = api_->request("DELETE", member + "?date=2022-10-01", "", tech_);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(text_at(removed.body, "/removed_on"), "2022-10-01");
  EXPECT_EQ(packages().show("PKG-BATT", d("2022-10-01")).value().members.size(), 1u);
  expect_error(api_->request("DELETE", member + "?date=2023-01-01", "", tech_), 422, "", "not_member");
  expect_error(api_->request("DELETE", "/api/v1/packages/PKG-BATT/members/JP2020000001A?date=2023-01-01", "", tech_),
               422, "", "last_core");
  expect_error(api_->request("DELETE", member + "?date=tomorrow", "", tech_), 400, "date");

  const std::string status = "/api/v1/packages/PKG-BATT/status";
  const Reply s = api_->post(status, R"({"status":"marketed","date":"2023-02-01"})", tech_);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(text_at(s.body, "/previous_status"), "draft");
  EXPECT_EQ(text_at(s.body, "/status"), "marketed");
  ASSERT_EQ(api_->post(status, R"({"status":"retired","date":"2023-03-01"})", tech_).status, 200);
  expect_error(api_->post(status, R"({"status":"draft","date":"2023-04-01"})", tech_), 400, "", "bad_status_move");
  expect_error(api_->post(status, R"({"status":"sold"})", tech_), 400, "status");
  expect_error(api_->post("/api/v1/packages/PKG-NONE/status", R"({"status":"marketed"})", tech_), 404);
  expect_error(api_->request("PATCH", "/api/v1/packages/PKG-NONE/members/JP2020000002A", R"({"weight":2})", tech_),
               404, "", "unknown_package");
  expect_error(api_->request("DELETE", "/api/v1/packages/PKG-NONE/members/JP2020000002A", "", tech_), 404, "",
               "unknown_package");
}

TEST_P(PackageApiTest, ConsortiaAroundAPackage) {
  create();
  const Reply c = api_->post("/api/v1/consortia", R"({"code":"CONS-BATT","package":"PKG-BATT","date":"2023-04-01"})",
                             tech_);
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string members = "/api/v1/consortia/CONS-BATT/members";
  const Reply joined = api_->post(
      members, R"({"institution":"C-0001","role":"licensee_candidate","date":"2023-04-10","nda_date":"2023-04-20"})",
      tech_);
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(text_at(joined.body, "/members/0/nda_status"), "signed");
  ASSERT_EQ(api_->post(members, R"({"institution":"U-TOKYO","role":"university","date":"2023-04-10"})", tech_).status,
            201);
  expect_error(api_->post("/api/v1/consortia/CONS-BATT/members/U-TOKYO/nda",
                          R"({"status":"requested","date":"2023-04-01"})", tech_),
               422, "", "nda_before_join");
  const Reply nda = api_->post("/api/v1/consortia/CONS-BATT/members/U-TOKYO/nda",
                               R"({"status":"requested","date":"2023-05-01"})", tech_);
  ASSERT_EQ(nda.status, 200) << nda.body;
  const Reply show = api_->get("/api/v1/consortia/CONS-BATT", admin_);
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(show.body, render::consortium_json(consortia().show("CONS-BATT").value()));
  EXPECT_EQ(text_at(show.body, "/members/1/nda_status"), "requested");
  const Reply list = api_->get("/api/v1/consortia?package=PKG-BATT", admin_);
  EXPECT_EQ(list.body, api::page_response(consortia().list("PKG-BATT", PageRequest{}).value(),
                                          render::write_consortium_summary_json)
                           .body);
  EXPECT_EQ(int_at(list.body, "/items/0/nda_signed"), 1);
}

TEST_P(PackageApiTest, ConsortiumRefusals) {
  create();
  ASSERT_EQ(api_->post("/api/v1/consortia", R"({"code":"CONS-BATT","package":"PKG-BATT","date":"2023-04-01"})", tech_)
                .status,
            201);
  const std::string before = state();
  expect_error(api_->post("/api/v1/consortia", R"({"code":"CONS-BATT","package":"PKG-BATT","date":"2023-04-01"})",
                          tech_),
               409, "", "duplicate_consortium");
  expect_error(api_->post("/api/v1/consortia", R"({"code":"CONS-X","package":"PKG-NONE"})", tech_), 404);
  expect_error(api_->post("/api/v1/consortia", R"({"code":"CONS-X","package":"PKG-BATT","date":20230401})", tech_),
               400, "date");
  const std::string members = "/api/v1/consortia/CONS-BATT/members";
  // A company is not a university.
  expect_error(api_->post(members, R"({"institution":"C-0001","role":"university","date":"2023-04-10"})", tech_),
               400, "", "bad_role");
  expect_error(api_->post(members, R"({"institution":"C-0001","role":"friend","date":"2023-04-10"})", tech_), 400,
               "role");
  expect_error(api_->post(members, R"({"institution":"C-0001","role":"partner"})", tech_), 400, "date");
  expect_error(api_->post("/api/v1/consortia/CONS-NONE/members",
                          R"({"institution":"C-0001","role":"partner","date":"2023-04-10"})", tech_),
               404);
  expect_error(api_->post("/api/v1/consortia/CONS-BATT/members/C-0001/nda", R"({"status":"none","date":"2023-05-01"})",
                          tech_),
               400, "status");
  expect_error(api_->post("/api/v1/consortia/CONS-NONE/members/C-0001/nda", R"({"status":"signed","date":"2023-05-01"})",
                          tech_),
               404);
  expect_error(api_->get("/api/v1/consortia/CONS-NONE", tech_), 404);
  expect_error(api_->get("/api/v1/consortia?package=PKG-NONE", tech_), 404);
  EXPECT_EQ(state(), before);
}

TEST_P(PackageApiTest, OnlyAdminAndTechTransferWorkOnPackages) {
  create();
  for (const std::string& token : {api_->token(Role::kFinance), api_->token(Role::kIpManager, "U-TOKYO"),
                                   api_->token(Role::kInstitutionViewer, "U-TOKYO")}) {
    expect_error(api_->get("/api/v1/packages", token), 403);
    expect_error(api_->get("/api/v1/packages/PKG-BATT", token), 403);
    expect_error(api_->post("/api/v1/packages/PKG-BATT/status", R"({"status":"marketed"})", token), 403);
    expect_error(api_->get("/api/v1/consortia", token), 403);
  }
  expect_error(api_->get("/api/v1/packages", ""), 401);
  EXPECT_EQ(api_->get("/api/v1/packages/PKG-BATT", admin_).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, PackageApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
