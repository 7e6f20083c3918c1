// The maintenance budget over real HTTP, on SQLite and PostgreSQL:
// GET /api/v1/fees/forecast and GET /api/v1/docket/review are scoped like the
// patent list (a scoped user reads its own institution's applications; another
// institution's ?institution is 404), their parameters are refused naming
// the parameter, and the programme report carries the fiscal year's licence
// income and official fees.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "services/docket_service.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::expect_error_code;
using testing::Json;
using testing::Reply;

class FeesApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    using testing::patent;
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        api_->db(), testing::four_institutions(),
        testing::patent_lines({
            patent("JP2020000001A").filed("2020-03-01").owner("U-TOKYO"),
            patent("JP2021000002A").filed("2021-05-10").owner("U-TOKYO"),
            patent("EP21123456A").jurisdiction("EP").filed("2021-06-01").owner("U-TOKYO", "1/2")
                .owner("U-KYOTO", "1/2"),
            patent("JP2019000004A").filed("2019-01-15").owner("U-KYOTO"),
        })));
    // The stored docket the forecast reads, computed as `chizai serve` does at start.
    auto rules = load_docket_rules(std::string(CHIZAI_SOURCE_DIR) + "/config/docketing");
    ASSERT_TRUE(rules.ok()) << rules.error().message;
    DocketService(api_->db(), rules.value(), "tester", today_local()).ensure_current();
    admin_ = api_->token(Role::kAdmin);
    finance_ = api_->token(Role::kFinance);
    kyoto_manager_ = api_->token(Role::kIpManager, "U-KYOTO");
    tokyo_viewer_ = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, finance_, kyoto_manager_, tokyo_viewer_;
};

TEST_P(FeesApiTest, AStaleDocketIsRefusedNotAnsweredFrom) {
  // Tasks computed with another rule book: 503 docket_stale, no figures.
  soci_session(api_->db()) << "UPDATE docket_state SET rules_version = 'an older rule book'";
  const Reply stale = api_->get("/api/v1/fees/forecast?years=10&as_of=2026-12-07", admin_);
  expect_error_code(stale, 503, "docket_stale");
}

TEST_P(FeesApiTest, ForecastIsScopedToTheCallersApplications) {
  const Reply all = api_->get("/api/v1/fees/forecast?years=10&as_of=2026-12-07&by=jurisdiction", admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  Json a(all.body);
  EXPECT_EQ(a.num("/applications"), 4);
  EXPECT_EQ(a.str("/by"), "jurisdiction");
  EXPECT_EQ(a.num("/years"), 10);
  EXPECT_EQ(a.str("/until"), "2036-12-07");
  EXPECT_FALSE(a.boolean("/converted"));  // no rates over HTTP
  const Reply finance = api_->get("/api/v1/fees/forecast?as_of=2026-12-07&institution=U-KYOTO", finance_);
  ASSERT_EQ(finance.status, 200) << finance.body;
  EXPECT_EQ(Json(finance.body).num("/applications"), 2);
  EXPECT_EQ(Json(finance.body).num("/years"), 5);  // the default
  // A scoped caller: its own applications without ?institution …
  const Reply kyoto = api_->get("/api/v1/fees/forecast?as_of=2026-12-07", kyoto_manager_);
  ASSERT_EQ(kyoto.status, 200) << kyoto.body;
  EXPECT_EQ(Json(kyoto.body).num("/applications"), 2);  // EP21123456A (co-owned) and JP2019000004A
  const Reply tokyo = api_->get("/api/v1/fees/forecast?institution=U-TOKYO", tokyo_viewer_);
  ASSERT_EQ(tokyo.status, 200) << tokyo.body;
  EXPECT_EQ(Json(tokyo.body).num("/applications"), 3);
  // … and another institution's is not found.
  expect_error_code(api_->get("/api/v1/fees/forecast?institution=U-TOKYO", kyoto_manager_), 404, "not_found");
}

TEST_P(FeesApiTest, ForecastParametersAreRefusedNamingThem) {
  expect_error_code(api_->get("/api/v1/fees/forecast?years=0", admin_), 400, "bad_request", "years");
  expect_error_code(api_->get("/api/v1/fees/forecast?years=51", admin_), 400, "bad_request", "years");
  expect_error_code(api_->get("/api/v1/fees/forecast?years=ten", admin_), 400, "bad_request", "years");
  expect_error_code(api_->get("/api/v1/fees/forecast?by=colour", admin_), 400, "bad_request", "by");
  expect_error_code(api_->get("/api/v1/fees/forecast?as_of=2026-02-30", admin_), 400, "bad_request", "as_of");
}

TEST_P(FeesApiTest, ReviewIsScopedAndItsWindowChecked) {
  const Reply all = api_->get("/api/v1/docket/review?as_of=2026-12-07&within=30", admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  Json a(all.body);
  EXPECT_EQ(a.num("/within_days"), 30);
  EXPECT_EQ(a.str("/as_of"), "2026-12-07");
  EXPECT_FALSE(a.boolean("/converted"));
  const Reply own = api_->get("/api/v1/docket/review", tokyo_viewer_);
  EXPECT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own.body).num("/within_days"), 90);
  expect_error_code(api_->get("/api/v1/docket/review?institution=U-KYOTO", tokyo_viewer_), 404, "not_found");
  expect_error_code(api_->get("/api/v1/docket/review?within=0", admin_), 400, "bad_request", "within");
  expect_error_code(api_->get("/api/v1/docket/review?within=3661", admin_), 400, "bad_request", "within");
}

TEST_P(FeesApiTest, ProgrammeReportHasLicenceIncomeAndOfficialFees) {
  const Reply r = api_->get("/api/v1/programme/report?fiscal_year=2026", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.str("/licence_income/currency"), "JPY");
  EXPECT_EQ(j.num("/licence_income/amount_minor"), 0);
  // EP21123456A (filed 2021-06-01, pending): the EPO renewal fee for year 6,
  // due 2026-06-30 (the last day of the month of the 5th anniversary), 1,155
  // EUR in the 2024-04-01 table. No rates over HTTP: no JPY figure.
  EXPECT_EQ(j.num("/official_fees_due/fees"), 1);
  EXPECT_TRUE(j.is_null("/official_fees_due/jpy_amount_minor"));
  ASSERT_EQ(j.size("/official_fees_due/by_currency"), 1u);
  EXPECT_EQ(j.str("/official_fees_due/by_currency/0/currency"), "EUR");
  EXPECT_EQ(j.num("/official_fees_due/by_currency/0/amount_minor"), 115500);
  EXPECT_TRUE(j.is_null("/official_fees_due/by_currency/0/jpy_amount_minor"));
  // FY2020: nothing due yet.
  const Reply before = api_->get("/api/v1/programme/report?fiscal_year=2020", admin_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(Json(before.body).num("/official_fees_due/fees"), 0);
  EXPECT_EQ(Json(before.body).num("/official_fees_due/jpy_amount_minor"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, FeesApiTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
