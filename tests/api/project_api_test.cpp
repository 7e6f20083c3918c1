// The Super Highway routes over real HTTP (tests/support/api_harness), on
// SQLite and PostgreSQL: projects, contracts, expenditures, staff and the
// programme report, with their refusals (unknown ids, bad bodies naming the
// field, domain refusals, roles). Bodies are compared with the CLI's views,
// so both doors say the same.
#include <gtest/gtest.h>

#include <simdjson.h>
#include <soci/soci.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api_fixture.h"
#include "api_harness.h"
#include "services/package_service.h"
#include "services/project_service.h"
#include "services/registry_service.h"
#include "render/project.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::text_at;
using testing::int_at;
using testing::expect_error;

// P1: U-TOKYO with a U-TOKYO inventor, core of PKG-A. P2: U-KYOTO, in no package.
const std::string kPatents = testing::patent_lines(
    {testing::patent("JP2020000001A").owner("U-TOKYO").inventor("Yamada Taro", "U-TOKYO"),
     testing::patent("JP2020000002A").filed("2020-04-01").title("Separator").owner("U-KYOTO").inventor("Suzuki Hanako", "U-KYOTO")});

const std::string kProject =
    R"({"code":"SH-01","package":"PKG-A","basic_patents":["JP 2020-000001"],"from":"2026-04-01","to":"2028-03-31"})";
const std::string kContract =
    R"({"project":"SH-01","institution":"U-TOKYO","amount":"12,000,000","from":"2026-04-01","to":"2027-03-31","deliverable":"Prototype cell"})";

class ProjectApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(api_->db(), testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO"}), kPatents));
    const PackageDraft draft{"PKG-A", "Electrodes", "", "", {"JP2020000001A"}, {},
                             Date::parse("2025-04-01").value()};
    ASSERT_TRUE(PackageService(api_->db(), "test").create(draft).ok());
    admin_ = api_->token(Role::kAdmin);
    tech_ = api_->token(Role::kTechTransfer);
    finance_ = api_->token(Role::kFinance);
  }

  ProjectService projects() { return ProjectService(api_->db(), SchemeSettings{}, "test"); }

  void create_project() { ASSERT_EQ(api_->post("/api/v1/projects", kProject, tech_).status, 201); }
  // Creates SH-01 and one contract; returns the contract's id.
  long long create_contract() {
    create_project();
    const Reply r = api_->post("/api/v1/contracts", kContract, tech_);
    EXPECT_EQ(r.status, 201) << r.body;
    return int_at(r.body, "/id");
  }

  std::string state() { return testing::dump_content(api_->db()); }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, tech_, finance_;
};

TEST_P(ProjectApiTest, CreatesShowsAndListsProjects) {
  const Reply r = api_->post("/api/v1/projects", kProject, tech_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body, render::project_json(projects().show_project("SH-01").value()));
  EXPECT_EQ(int_at(r.body, "/budget_minor"), 18000000);
  const Reply show = api_->get("/api/v1/projects/SH-01", finance_);
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(show.body, r.body);
  const Reply list = api_->get("/api/v1/projects", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, render::projects_json(projects().list_projects()));
  expect_error(api_->get("/api/v1/projects/SH-99", admin_), 404, "", "unknown_project");
}

TEST_P(ProjectApiTest, RefusesBadProjectsAndWritesNothing) {
  const std::string before = state();
  const auto with = [](const std::string& from, const std::string& to) {
    std::string s = kProject;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  expect_error(api_->post("/api/v1/projects", with("\"to\":\"2028-03-31\"", "\"to\":\"2028-03-31\",\"budget\":18000000"), tech_),
               400, "budget");
  expect_error(api_->post("/api/v1/projects", with("\"to\":\"2028-03-31\"", "\"to\":\"2028-03-31\",\"budget\":\"lots\""), tech_),
               400, "budget");
  expect_error(api_->post("/api/v1/projects", with("\"to\":\"2028-03-31\"", "\"to\":\"2028-03-31\",\"budget\":\"19,000,000\""), tech_),
               422, "", "over_cap");
  expect_error(api_->post("/api/v1/projects", with("JP 2020-000001", "JP2020000002A"), tech_), 422, "", "not_in_package");
  expect_error(api_->post("/api/v1/projects", with("PKG-A", "PKG-NONE"), tech_), 404, "", "unknown_package");
  expect_error(api_->post("/api/v1/projects", with("\"from\"", "\"start\""), tech_), 400, "start");
  expect_error(api_->post("/api/v1/projects", with("[\"JP 2020-000001\"]", "\"JP 2020-000001\""), tech_), 400,
               "basic_patents");
  EXPECT_EQ(state(), before);
  create_project();
  expect_error(api_->post("/api/v1/projects", kProject, tech_), 409, "", "duplicate_project");
}

TEST_P(ProjectApiTest, ContractsWithinTheBudget) {
  const long long id = create_contract();
  ASSERT_GT(id, 0);
  const Reply show = api_->get("/api/v1/contracts/" + std::to_string(id), finance_);
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(show.body, render::contract_json(projects().find_contract(id).value()));
  EXPECT_EQ(text_at(show.body, "/project"), "SH-01");
  EXPECT_EQ(int_at(show.body, "/amount_minor"), 12000000);

  const std::string before = state();
  std::string over = kContract;
  over.replace(over.find("12,000,000"), 10, "6,000,001");
  const Reply refused = api_->post("/api/v1/contracts", over, tech_);
  expect_error(refused, 422, "", "over_budget");
  EXPECT_NE(text_at(refused.body, "/error/message").find("remaining 6,000,000 JPY"), std::string::npos)
      << refused.body;
  std::string stranger = kContract;
  stranger.replace(stranger.find("U-TOKYO"), 7, "U-KYOTO");
  const Reply not_inventor = api_->post("/api/v1/contracts", stranger, tech_);
  expect_error(not_inventor, 422, "institution", "not_inventor_institution");
  EXPECT_NE(text_at(not_inventor.body, "/error/message").find("goes to U-TOKYO"), std::string::npos);
  std::string flag = kContract;
  flag.replace(flag.find("\"deliverable\""), 13, "\"recoverable\":\"yes\",\"deliverable\"");
  expect_error(api_->post("/api/v1/contracts", flag, tech_), 400, "recoverable");
  expect_error(api_->post("/api/v1/contracts", R"({"project":"SH-01"})", tech_), 400, "institution");
  EXPECT_EQ(state(), before);

  expect_error(api_->get("/api/v1/contracts/99999", admin_), 404, "", "unknown_contract");
  expect_error(api_->get("/api/v1/contracts/abc", admin_), 404);
}

TEST_P(ProjectApiTest, ExpendituresAndContractStatus) {
  const long long id = create_contract();
  const std::string body = R"({"contract":)" + std::to_string(id) +
                           R"(,"amount":"2,000,000","date":"2026-05-10","recoverable":true,"note":"cells"})";
  const Reply r = api_->post("/api/v1/expenditures", body, finance_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_GT(int_at(r.body, "/id"), 0);
  EXPECT_EQ(int_at(r.body, "/contract/spent_minor"), 2000000);
  EXPECT_EQ(int_at(r.body, "/contract/left_minor"), 10000000);

  const std::string before = state();
  expect_error(api_->post("/api/v1/expenditures",
                          R"({"contract":")" + std::to_string(id) + R"(","amount":"1","date":"2026-05-10"})", finance_),
               400, "contract");
  expect_error(api_->post("/api/v1/expenditures",
                          R"({"contract":)" + std::to_string(id) + R"(,"amount":"10,000,001","date":"2026-05-10"})",
                          finance_),
               422, "", "over_contract");
  expect_error(api_->post("/api/v1/expenditures",
                          R"({"contract":)" + std::to_string(id) + R"(,"amount":"1","date":"2030-01-01"})", finance_),
               422, "", "outside_period");
  expect_error(api_->post("/api/v1/expenditures", R"({"contract":99999,"amount":"1","date":"2026-05-10"})", finance_),
               404, "", "unknown_contract");
  expect_error(api_->post("/api/v1/expenditures", body, tech_), 403);
  const std::string status = "/api/v1/contracts/" + std::to_string(id) + "/status";
  expect_error(api_->post(status, R"({"status":"cancelled"})", tech_), 422, "", "has_expenditures");
  expect_error(api_->post(status, R"({"status":"paused"})", tech_), 400, "", "bad_status");
  expect_error(api_->post(status, R"({"state":"completed"})", tech_), 400, "state");
  expect_error(api_->post("/api/v1/contracts/99999/status", R"({"status":"completed"})", tech_), 404);
  EXPECT_EQ(state(), before);

  const Reply done = api_->post(status, R"({"status":"completed"})", tech_);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(text_at(done.body, "/status"), "completed");
  EXPECT_EQ(done.body, render::contract_json(projects().find_contract(id).value()));
}

TEST_P(ProjectApiTest, StaffAssignments) {
  create_project();
  const Reply r = api_->post(
      "/api/v1/staff", R"({"project":"SH-01","name":"Anna Berg","region":"europe","from":"2026-04-01"})", tech_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text_at(r.body, "/region"), "europe");
  EXPECT_EQ(text_at(r.body, "/name"), "Anna Berg");
  const Reply list = api_->get("/api/v1/staff?project=SH-01", finance_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, render::staff_list_json(projects().list_staff("SH-01").value()));

  const std::string before = state();
  expect_error(api_->post("/api/v1/staff", R"({"project":"SH-01","name":"X","region":"mars","from":"2026-04-01"})",
                          tech_),
               400, "", "bad_region");
  expect_error(api_->post("/api/v1/staff", R"({"project":"SH-99","name":"X","region":"europe","from":"2026-04-01"})",
                          tech_),
               404, "", "unknown_project");
  expect_error(api_->post("/api/v1/staff", R"({"project":"SH-01","name":"X","region":"europe","from":"2026-04-01","to":5})",
                          tech_),
               400, "to");
  expect_error(api_->get("/api/v1/staff?project=SH-99", tech_), 404);
  EXPECT_EQ(state(), before);
}

TEST_P(ProjectApiTest, ProgrammeReport) {
  create_contract();
  const Reply r = api_->get("/api/v1/programme/report?fiscal_year=2026", finance_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, render::programme_report_json(projects().programme_report(FiscalYear{2026})));
  EXPECT_EQ(int_at(r.body, "/fiscal_year"), 2026);
  EXPECT_EQ(int_at(r.body, "/project_totals/committed_minor"), 12000000);
  expect_error(api_->get("/api/v1/programme/report?fiscal_year=abc", finance_), 400, "fiscal_year");
  expect_error(api_->get("/api/v1/programme/report?fiscal_year=0", finance_), 400, "fiscal_year");
  EXPECT_EQ(api_->get("/api/v1/programme/report", admin_).status, 200);
}

// The official fees paid in the fiscal year, beside the fees due and the
// licence income: done decisions dated in it with their fee, not undone.
TEST_P(ProjectApiTest, ProgrammeReportCountsTheFeesPaidInTheFiscalYear) {
  auto sql = [this](const std::string& text) { soci_session(api_->db()) << text; };
  const std::string insert =
      "INSERT INTO docket_decision (patent_id, task_key, action, decided_on, fee_paid_minor, fee_currency, "
      "fee_table, fee_expected_minor, undoes_id, actor, recorded_at) SELECT p.id, ";
  const std::string p1 = " FROM patent p WHERE p.application_number = 'JP2020000001A'";
  sql(insert + "'jp.annual.4', 'done', '2026-05-10', 10400, 'JPY', 'JP/annual', 10400, NULL, 'test', 'now'" + p1);
  sql(insert + "'jp.annual.5', 'done', '2027-03-31', 21000, 'JPY', 'JP/annual', 21000, NULL, 'test', 'now'" + p1);
  sql(insert + "'us.maintenance.3.5', 'done', '2026-09-01', 40000, 'USD', 'US/m', 40000, NULL, 'test', 'now'" + p1);
  // Outside FY2026 (2026-04-01 .. 2027-03-31), or undone: not counted.
  sql(insert + "'jp.annual.3', 'done', '2026-03-31', 9999, 'JPY', 'JP/annual', 9999, NULL, 'test', 'now'" + p1);
  sql(insert + "'jp.annual.6', 'done', '2026-06-01', 5555, 'JPY', 'JP/annual', 5555, NULL, 'test', 'now'" + p1);
  sql("INSERT INTO docket_decision (patent_id, task_key, action, decided_on, undoes_id, reason, actor, recorded_at) "
      "SELECT d.patent_id, d.task_key, 'undo', '2026-06-02', d.id, 'wrong patent', 'test', 'now' FROM "
      "docket_decision d WHERE d.task_key = 'jp.annual.6'");
  const Reply r = api_->get("/api/v1/programme/report?fiscal_year=2026", finance_);
  ASSERT_EQ(r.status, 200) << r.body;
  const testing::Json j(r.body);
  // JPY: 10,400 + 21,000 = 31,400 in 2 fees; USD 400.00 (40,000 cents), no
  // rate over HTTP: its JPY null, and so the total's.
  EXPECT_EQ(j.num("/official_fees_paid/fees"), 3);
  EXPECT_TRUE(j.is_null("/official_fees_paid/jpy_amount_minor"));
  ASSERT_EQ(j.size("/official_fees_paid/by_currency"), 2u);
  EXPECT_EQ(j.str("/official_fees_paid/by_currency/0/currency"), "JPY");
  EXPECT_EQ(j.num("/official_fees_paid/by_currency/0/amount_minor"), 31400);
  EXPECT_EQ(j.num("/official_fees_paid/by_currency/0/jpy_amount_minor"), 31400);
  EXPECT_EQ(j.num("/official_fees_paid/by_currency/0/fees"), 2);
  EXPECT_EQ(j.str("/official_fees_paid/by_currency/1/currency"), "USD");
  EXPECT_EQ(j.num("/official_fees_paid/by_currency/1/amount_minor"), 40000);
  EXPECT_TRUE(j.is_null("/official_fees_paid/by_currency/1/jpy_amount_minor"));
  EXPECT_TRUE(j.is_null("/official_fees_due/unavailable"));
}

// No rule book can be read: the report is still given, with the licence
// figures, the fees due marked unavailable saying why.
TEST_P(ProjectApiTest, ProgrammeReportWithoutARuleBookKeepsTheLicenceFigures) {
  testing::HarnessOptions options;
  options.config["docket.rules_dir"] = "/nonexistent/chizai-test/docketing";
  ApiHarness api(GetParam(), options);
  ASSERT_NO_FATAL_FAILURE(
      testing::seed_registry(api.db(), testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO"}), kPatents));
  const Reply r = api.get("/api/v1/programme/report?fiscal_year=2026", api.token(Role::kFinance));
  ASSERT_EQ(r.status, 200) << r.body;
  const testing::Json j(r.body);
  EXPECT_EQ(j.str("/licence_income/currency"), "JPY");
  EXPECT_EQ(j.num("/licence_income/amount_minor"), 0);
  EXPECT_FALSE(j.is_null("/official_fees_due/unavailable"));
  EXPECT_NE(j.str("/official_fees_due/unavailable").find("/nonexistent/chizai-test/docketing"), std::string::npos)
      << j.str("/official_fees_due/unavailable");
  EXPECT_TRUE(j.is_null("/official_fees_due/jpy_amount_minor"));
  EXPECT_EQ(j.size("/official_fees_due/by_currency"), 0u);
  EXPECT_EQ(j.num("/official_fees_paid/fees"), 0);
}

TEST_P(ProjectApiTest, RolesAreChecked) {
  create_project();
  const std::string manager = api_->token(Role::kIpManager, "U-TOKYO");
  const std::string viewer = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  for (const std::string& token : {manager, viewer}) {
    expect_error(api_->get("/api/v1/projects", token), 403);
    expect_error(api_->get("/api/v1/projects/SH-01", token), 403);
    expect_error(api_->get("/api/v1/programme/report", token), 403);
    expect_error(api_->post("/api/v1/contracts", kContract, token), 403);
  }
  expect_error(api_->post("/api/v1/projects", kProject, finance_), 403);
  expect_error(api_->post("/api/v1/contracts", kContract, finance_), 403);
  expect_error(api_->get("/api/v1/projects", ""), 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
