// The matching routes over real HTTP (tests/support/api_harness), on SQLite
// and PostgreSQL: companies (one, a whole file, list, show), interest,
// events, ranked matches with their reasons, the candidate consortium and
// the offer assignment, with their refusals (bad bodies naming the field,
// unknown codes, domain refusals writing nothing, roles). Bodies are
// compared with the CLI's views, so both doors say the same.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <memory>
#include <sstream>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "services/matching_service.h"
#include "services/deal_service.h"
#include "services/package_service.h"
#include "services/staff_service.h"
#include "services/registry_service.h"
#include "render/matching.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::text_at;
using testing::int_at;
using testing::number_at;
using testing::expect_error;

const std::string kPatents = testing::patent_lines(
    {testing::patent("JP2015000001A")
         .filed("2015-01-10")
         .title("Lithium ion battery electrolyte", "リチウムイオン電池用電解質")
         .ipc("H01M 10/052")
         .owner("U-TOKYO"),
     testing::patent("JP2015000002A").filed("2015-01-10").title("Drug delivery carrier").ipc("A61K 31/00").owner("U-KYOTO")});

const char* kCompaniesCsv =
    "code,name_en,country,region,size,interests,keywords\n"
    "C-BATT,Sakura Battery,JP,japan,large,H01M,リチウムイオン電池\n"
    "C-PHARMA,Acme Pharma,US,north_america,sme,A61K:1; A61P:0.5,drug delivery\n";

Date d(const char* s) { return Date::parse(s).value(); }

const char* const kStaff = "ST-SATO";

class MatchingApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(api_->db(), testing::institutions({"U-TOKYO", "U-KYOTO"}), kPatents));
    PackageService packages(api_->db(), "test");
    for (auto [code, number] : {std::pair{"PKG-BATT", "JP2015000001A"}, std::pair{"PKG-PHARMA", "JP2015000002A"}}) {
      PackageDraft draft;
      draft.code = code;
      draft.name_en = code;
      draft.core = {number};
      draft.created_on = d("2020-04-01");
      ASSERT_TRUE(packages.create(draft).ok());
      ASSERT_TRUE(packages.set_status(code, PackageStatus::kMarketed, d("2020-04-01")).ok());
    }
    admin_ = api_->token(Role::kAdmin);
    tech_ = api_->token(Role::kTechTransfer);
  }

  void import_companies() {
    const Reply r = api_->post("/api/v1/companies/import", kCompaniesCsv, tech_, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  std::string state() { return testing::dump_content(api_->db()); }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, tech_;
};

TEST_P(MatchingApiTest, ImportsListsAndShowsCompanies) {
  const Reply r = api_->post("/api/v1/companies/import", kCompaniesCsv, tech_, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(int_at(r.body, "/inserted"), 2);
  const Reply again = api_->post("/api/v1/companies/import", kCompaniesCsv, tech_, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(int_at(again.body, "/unchanged"), 2);
  const Reply list = api_->get("/api/v1/companies", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  std::string expected = companies_json(MatchingService(api_->db(), "test").list_companies("", {}).items, 0);
  expected.insert(expected.size() - 1, ",\"next_cursor\":null");
  EXPECT_EQ(list.body, expected);
  // Pages of one, by code, to the end; a cursor that is not hex is a 400 naming it.
  std::vector<std::string> walked;
  std::string cursor;
  do {
    const Reply p = api_->get("/api/v1/companies?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor), tech_);
    ASSERT_EQ(p.status, 200) << p.body;
    for (const auto& c : testing::texts_at(p.body, "/companies", "code")) walked.push_back(c);
    cursor = testing::null_at(p.body, "/next_cursor") ? "" : text_at(p.body, "/next_cursor");
  } while (!cursor.empty() && walked.size() < 10);
  EXPECT_EQ(walked, (std::vector<std::string>{"C-BATT", "C-PHARMA"}));
  expect_error(api_->get("/api/v1/events?cursor=zz", tech_), 400, "cursor");
  expect_error(api_->get("/api/v1/events?cursor=3230", tech_), 400, "cursor");  // "20": not HELD_ON/CODE
  EXPECT_EQ(text_at(api_->get("/api/v1/companies?region=north_america", tech_).body, "/companies/0/code"),
            "C-PHARMA");
  const Reply show = api_->get("/api/v1/companies/C-PHARMA", tech_);
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(text_at(show.body, "/interests/1/code"), "A61P");
  EXPECT_EQ(text_at(show.body, "/interests/1/weight"), "0.5");
  expect_error(api_->get("/api/v1/companies/C-NONE", tech_), 404);

  const Reply one = api_->post(
      "/api/v1/companies",
      R"({"code":"C-EU","name_en":"Euro Cells","country":"DE","region":"europe","size":"startup","interests":[{"code":"H01M 10/052","weight":0.75}],"keywords":"electrolyte"})",
      tech_);
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(text_at(one.body, "/outcome"), "inserted");
  EXPECT_EQ(text_at(one.body, "/company/interests/0/weight"), "0.75");

  const std::string jsonl =
      R"({"code":"C-KR","name_en":"Hanbit","country":"KR","region":"asia_other","size":"sme","interests":["H01L"]})"
      "\n"
      R"({"code":"C-CN","name_en":"Xinghe","country":"CN","region":"china","size":"large"})"
      "\n";
  const Reply lines = api_->post("/api/v1/companies/import?format=jsonl", jsonl, tech_,
                                 {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(lines.status, 201) << lines.body;
  EXPECT_EQ(int_at(lines.body, "/inserted"), 2);
  EXPECT_EQ(text_at(api_->get("/api/v1/companies/C-KR", tech_).body, "/interests/0/code"), "H01L");
}

TEST_P(MatchingApiTest, RefusesBadCompaniesAndWritesNothing) {
  import_companies();
  const std::string before = state();
  expect_error(api_->post("/api/v1/companies/import", "code,name_en,country,region,size\nC-X,X,JP,mars,sme\n", tech_,
                          {{"Content-Type", "text/csv"}}),
               400, "region", "invalid_companies");
  expect_error(api_->post("/api/v1/companies",
                          R"({"code":"C-Y","name_en":"Y","country":"JP","region":"japan","size":"huge"})", tech_),
               400, "size");
  expect_error(api_->post("/api/v1/companies",
                          R"({"code":"U-TOKYO","name_en":"Tokyo","country":"JP","region":"japan","size":"large"})",
                          tech_),
               422, "code", "not_a_company");
  expect_error(api_->post("/api/v1/companies",
                          R"({"code":"C-Z","name_en":"Z","country":"JP","region":"japan","size":"sme","colour":"red"})",
                          tech_),
               400, "colour");
  EXPECT_EQ(state(), before);
}

TEST_P(MatchingApiTest, RanksWithReasonsLikeTheCli) {
  import_companies();
  const Reply r = api_->get("/api/v1/matches/company/C-BATT?top=5&date=2022-01-01", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text_at(r.body, "/results/0/package"), "PKG-BATT");
  EXPECT_EQ(text_at(r.body, "/results/0/codes/0/interest"), "H01M");
  EXPECT_EQ(text_at(r.body, "/results/0/codes/0/level"), "subclass");
  MatchingService service(api_->db(), "test");
  const auto expected = service.match_company("C-BATT", 5, d("2022-01-01"));
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(r.body, ranking_json("company", "C-BATT", "2022-01-01", *expected, 0));
  const Reply p = api_->get("/api/v1/matches/package/PKG-PHARMA?date=2022-01-01", admin_);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(text_at(p.body, "/results/0/company"), "C-PHARMA");
  const Reply c = api_->get("/api/v1/matches/consortium/PKG-BATT?date=2022-01-01", tech_);
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(text_at(c.body, "/universities/0/code"), "U-TOKYO");
  EXPECT_EQ(text_at(c.body, "/companies/0/company"), "C-BATT");
  expect_error(api_->get("/api/v1/matches/company/C-NONE", tech_), 404, "company", "unknown_company");
  expect_error(api_->get("/api/v1/matches/package/PKG-NONE", tech_), 404, "package", "unknown_package");
  expect_error(api_->get("/api/v1/matches/company/C-BATT?top=0", tech_), 400, "top");
  expect_error(api_->get("/api/v1/matches/company/C-BATT?date=2022-02-30", tech_), 400, "date");
}

// Issue 18 points 15 and 16: points 0-100 with one decimal, the weights
// beside the components, names beside codes; a declined pair and a package
// not marketed are left out and counted.
TEST_P(MatchingApiTest, OneScaleWeightsNamesAndWhatWasLeftOut) {
  import_companies();
  const Reply r = api_->get("/api/v1/matches/company/C-BATT?top=5&date=2022-01-01", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  const double score = number_at(r.body, "/results/0/score");
  EXPECT_GT(score, 0.0);
  EXPECT_LE(score, 100.0);
  EXPECT_DOUBLE_EQ(number_at(r.body, "/results/0/components/classification/weight"), 0.45);
  EXPECT_EQ(text_at(r.body, "/results/0/company_name"), "Sakura Battery");
  EXPECT_EQ(text_at(r.body, "/results/0/package_name"), "PKG-BATT");
  EXPECT_EQ(int_at(r.body, "/left_out_total"), 0);

  ASSERT_TRUE(StaffService(api_->db(), "test").put({kStaff, "Sato Hanako", "佐藤花子", "japan", ""}).ok());
  ASSERT_TRUE(DealService(api_->db(), "test")
                  .set_stage({"C-BATT", "PKG-BATT", "declined", d("2021-12-01"), kStaff, "not now"})
                  .ok());
  const Reply after = api_->get("/api/v1/matches/company/C-BATT?top=5&date=2022-01-01", tech_);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.body.find("\"package\":\"PKG-BATT\""), std::string::npos) << after.body;
  EXPECT_EQ(int_at(after.body, "/left_out_total"), 1);
  EXPECT_EQ(text_at(after.body, "/left_out/0/reason"), "declined");
  const Reply consortium = api_->get("/api/v1/matches/consortium/PKG-BATT?date=2022-01-01", tech_);
  ASSERT_EQ(consortium.status, 200) << consortium.body;
  EXPECT_EQ(text_at(consortium.body, "/left_out/0/reason"), "declined");

  ASSERT_TRUE(PackageService(api_->db(), "test").set_status("PKG-PHARMA", PackageStatus::kDraft, d("2021-12-01")).ok());
  expect_error(api_->get("/api/v1/matches/package/PKG-PHARMA?date=2022-01-01", tech_), 422, "package", "not_marketed");
  const Reply a = api_->post("/api/v1/assignments", R"({"top":10,"date":"2022-01-01"})", tech_);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.body.find("\"package\":\"PKG-PHARMA\""), std::string::npos) << a.body;
  EXPECT_GE(int_at(a.body, "/left_out_total"), 2);
}

TEST_P(MatchingApiTest, SignalsAndAssignment) {
  import_companies();
  const std::string before = state();
  expect_error(api_->post("/api/v1/interests", R"({"company":"C-BATT","package":"PKG-NONE"})", tech_), 404, "package");
  expect_error(api_->post("/api/v1/interests", R"({"company":"U-TOKYO","package":"PKG-BATT"})", tech_), 422, "company",
               "not_a_company");
  expect_error(api_->post("/api/v1/interests", R"({"company":"C-BATT","package":"PKG-BATT","noted_on":"soon"})", tech_),
               400, "noted_on");
  expect_error(api_->post("/api/v1/events", R"({"code":"EV-1","name":"Fair","held_on":"2021-07-01","packages":["PKG-NONE"]})",
                          tech_),
               404, "packages");
  EXPECT_EQ(state(), before);
  const Reply i = api_->post("/api/v1/interests",
                             R"({"company":"C-PHARMA","package":"PKG-BATT","noted_on":"2021-06-01","note":"call back"})", tech_);
  ASSERT_EQ(i.status, 201) << i.body;
  EXPECT_EQ(text_at(api_->get("/api/v1/interests?company=C-PHARMA", tech_).body, "/interests/0/note"), "call back");
  const Reply e = api_->post(
      "/api/v1/events",
      R"({"code":"EV-1","name":"新技術説明会","kind":"briefing","held_on":"2021-07-01","packages":["PKG-PHARMA"],"companies":["C-BATT"]})",
      tech_);
  ASSERT_EQ(e.status, 201) << e.body;
  expect_error(api_->post("/api/v1/events",
                          R"({"code":"EV-1","name":"Again","held_on":"2021-07-01","packages":["PKG-PHARMA"]})", tech_),
               409, "code", "duplicate_event");
  EXPECT_EQ(text_at(api_->get("/api/v1/events", admin_).body, "/events/0/companies/0"), "C-BATT");

  const Reply a = api_->post("/api/v1/assignments", R"({"package_cap":1,"company_cap":1,"top":10,"date":"2022-01-01"})",
                             tech_);
  ASSERT_EQ(a.status, 200) << a.body;
  MatchingService service(api_->db(), "test");
  const auto expected = service.assign(1, 1, 10, d("2022-01-01"));
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(a.body, assignment_json(*expected, 0));
  EXPECT_GT(number_at(a.body, "/total"), 0.0);
  expect_error(api_->post("/api/v1/assignments", R"({"package_cap":0})", tech_), 400, "package_cap");
  // 0 used to pass as "the default": a given top must be 1 to 100000, like ?top= on the ranking routes.
  expect_error(api_->post("/api/v1/assignments", R"({"top":0})", tech_), 400, "top");
  expect_error(api_->post("/api/v1/assignments", R"({"top":100001})", tech_), 400, "top");
  expect_error(api_->post("/api/v1/assignments", R"({"caps":1})", tech_), 400, "caps");
}

TEST_P(MatchingApiTest, OnlyAdminAndTechTransfer) {
  import_companies();
  for (auto [role, inst] : {std::pair{Role::kFinance, ""}, std::pair{Role::kIpManager, "U-TOKYO"},
                            std::pair{Role::kInstitutionViewer, "U-TOKYO"}}) {
    const std::string token = api_->token(role, inst);
    expect_error(api_->get("/api/v1/companies", token), 403);
    expect_error(api_->get("/api/v1/matches/company/C-BATT", token), 403);
    expect_error(api_->get("/api/v1/matches/package/PKG-BATT", token), 403);
    expect_error(api_->post("/api/v1/assignments", "{}", token), 403);
    expect_error(api_->post("/api/v1/interests", R"({"company":"C-BATT","package":"PKG-BATT"})", token), 403);
  }
  expect_error(api_->get("/api/v1/companies", ""), 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, MatchingApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
