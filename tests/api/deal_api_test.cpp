// The deal routes over real HTTP (tests/support/api_harness), on SQLite and
// PostgreSQL: stage changes (opening a deal → 201), show with history, list
// with filters and cursor pages, the pipeline report, every refusal path
// (nothing written) and the role refusals.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <soci/soci.h>

#include <memory>
#include <sstream>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"
#include "services/package_service.h"
#include "services/staff_service.h"
#include "services/registry_service.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::Json;

// Reading JSON replies.

std::string change(const std::string& stage, const std::string& date, const std::string& staff = "Sato",
                   const std::string& note = "") {
  return R"({"stage":")" + stage + R"(","changed_on":")" + date + R"(","staff":")" + staff + R"(","note":")" + note +
         R"("})";
}

class DealApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    Database& db = api_->db();
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(db, testing::institutions({"U-TOKYO", "C-0001"}) + testing::european_companies(),
                                                   testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO")})));
    PackageDraft draft;
    draft.code = "PKG-A";
    draft.name_en = "Anode";
    draft.core = {"JP2020000001A"};
    draft.created_on = Date::parse("2026-01-01").value();
    ASSERT_TRUE(PackageService(db, "tester").create(draft).ok());
    for (const auto& [code, region] : {std::pair<std::string, std::string>{"C-0001", "japan"},
                                       {"C-0002", "europe"}, {"C-0003", "europe"}}) {
      soci_session(db) << "INSERT INTO company_profile (institution_id, region, size) "
                  "SELECT id, :r, 'sme' FROM institution WHERE code = :c",
          soci::use(region), soci::use(code);
    }
    // The staff the tests name, registered: deals name staff by code.
    StaffService staff(db, "tester");
    ASSERT_TRUE(staff.put({"Sato", "Sato Hanako", "佐藤花子", "japan", ""}).ok());
    ASSERT_TRUE(staff.put({"Tanaka", "Tanaka Taro", "田中太郎", "japan", ""}).ok());
    admin_ = api_->token(Role::kAdmin);
    tech_ = api_->token(Role::kTechTransfer);
    finance_ = api_->token(Role::kFinance);
    manager_ = api_->token(Role::kIpManager, "U-TOKYO");
  }

  Reply set(const std::string& company, const std::string& body, const std::string& token) {
    return api_->post("/api/v1/deals/" + company + "/PKG-A", body, token);
  }

  // The deal tables and the change history, as text.
  std::string deal_content() {
    std::string out;
    long long n = 0;
    std::string text;
    for (const char* sql : {"SELECT CAST(COUNT(*) AS BIGINT) FROM deal", "SELECT CAST(COUNT(*) AS BIGINT) FROM deal_event",
                            "SELECT CAST(COUNT(*) AS BIGINT) FROM change_log"}) {
      soci_session(api_->db()) << sql, soci::into(n);
      out += std::to_string(n) + " ";
    }
    soci::rowset<std::string> rows = (soci_session(api_->db()).prepare << "SELECT stage || changed_on || staff FROM deal ORDER BY id");
    for (const auto& row : rows) out += row + ";";
    return out;
  }

  void refused(const Reply& r, int status, const std::string& code, const std::string& part,
               const std::string& before) {
    EXPECT_EQ(r.status, status) << r.body;
    Json j(r.body);
    EXPECT_EQ(j.str("/error/code"), code) << r.body;
    EXPECT_NE(j.str("/error/message").find(part), std::string::npos) << r.body;
    EXPECT_EQ(deal_content(), before) << "a refusal changed the deals";
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, tech_, finance_, manager_;
};

TEST_P(DealApiTest, StageChangesShowAndList) {
  Reply r = set("C-0001", change("lead", "2026-01-10", "Tanaka", "met at the fair"), tech_);
  ASSERT_EQ(r.status, 201) << r.body;  // opened
  EXPECT_EQ(Json(r.body).str("/stage"), "lead");
  r = set("C-0001", change("nda", "2026-02-01"), tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  r = set("C-0002", change("contacted", "2026-02-15", "Tanaka"), admin_);
  ASSERT_EQ(r.status, 201) << r.body;

  r = api_->get("/api/v1/deals/C-0001/PKG-A", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  Json show(r.body);
  EXPECT_EQ(show.str("/company"), "C-0001");
  EXPECT_EQ(show.str("/company_name"), "Sakura Denki K.K.");
  EXPECT_EQ(show.str("/region"), "japan");
  EXPECT_EQ(show.str("/stage"), "nda");
  EXPECT_EQ(show.str("/staff"), "Sato");
  EXPECT_EQ(show.str("/opened_on"), "2026-01-10");
  EXPECT_TRUE(show.is_null("/agreement"));
  ASSERT_EQ(show.size("/history"), 2u);
  EXPECT_TRUE(show.is_null("/history/0/from"));
  EXPECT_EQ(show.str("/history/0/note"), "met at the fair");
  EXPECT_EQ(show.str("/history/1/from"), "lead");
  EXPECT_EQ(show.str("/history/1/to"), "nda");

  r = api_->get("/api/v1/deals", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  Json all(r.body);
  ASSERT_EQ(all.size("/items"), 2u);
  EXPECT_TRUE(all.is_null("/next_cursor"));
  r = api_->get("/api/v1/deals?region=europe", tech_);
  Json europe(r.body);
  ASSERT_EQ(europe.size("/items"), 1u);
  EXPECT_EQ(europe.str("/items/0/company"), "C-0002");
  r = api_->get("/api/v1/deals?stage=nda&staff=Sato", tech_);
  Json nda(r.body);
  ASSERT_EQ(nda.size("/items"), 1u);
  EXPECT_EQ(nda.str("/items/0/company"), "C-0001");
  // Cursor pages of one.
  r = api_->get("/api/v1/deals?limit=1", tech_);
  Json page1(r.body);
  ASSERT_EQ(page1.size("/items"), 1u);
  EXPECT_EQ(page1.str("/items/0/company"), "C-0001");
  const std::string cursor = page1.str("/next_cursor");
  r = api_->get("/api/v1/deals?limit=1&cursor=" + cursor, tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  Json page2(r.body);
  ASSERT_EQ(page2.size("/items"), 1u);
  EXPECT_EQ(page2.str("/items/0/company"), "C-0002");
  EXPECT_TRUE(page2.is_null("/next_cursor"));
}

TEST_P(DealApiTest, PipelineReport) {
  ASSERT_EQ(set("C-0001", change("lead", "2026-01-10"), tech_).status, 201);
  ASSERT_EQ(set("C-0001", change("contacted", "2026-03-01"), tech_).status, 200);
  ASSERT_EQ(set("C-0002", change("lead", "2026-03-21", "Tanaka"), tech_).status, 201);
  ASSERT_EQ(set("C-0003", change("lead", "2026-04-05", "Tanaka"), tech_).status, 201);  // after the day
  // As of 2026-03-31: C-0001 contacted 30 days, C-0002 lead 10 days.
  Reply r = api_->get("/api/v1/pipeline?as_of=2026-03-31", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.str("/as_of"), "2026-03-31");
  EXPECT_EQ(j.num("/deals"), 2);
  EXPECT_EQ(j.str("/by_stage/0/stage"), "lead");
  EXPECT_EQ(j.num("/by_stage/0/count"), 1);
  EXPECT_EQ(j.num("/by_stage/0/age_days/max"), 10);
  EXPECT_EQ(j.num("/by_stage/1/count"), 1);
  EXPECT_EQ(j.num("/by_stage/1/age_days/min"), 30);
  EXPECT_EQ(j.str("/by_staff/0/staff"), "Sato");
  EXPECT_EQ(j.str("/by_staff/0/staff_name"), "Sato Hanako (佐藤花子)");
  EXPECT_EQ(j.str("/by_region/0/region"), "europe");
  // 2 reached lead, 1 went on to contacted.
  EXPECT_EQ(j.num("/conversion/0/reached"), 2);
  EXPECT_EQ(j.num("/conversion/0/advanced"), 1);
  EXPECT_EQ(j.num("/conversion/0/rate_bps"), 5000);
  r = api_->get("/api/v1/pipeline?as_of=2026-02-30", tech_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json(r.body).str("/error/field"), "as_of");
}

TEST_P(DealApiTest, RefusalsWriteNothing) {
  ASSERT_EQ(set("C-0001", change("negotiation", "2026-03-01"), tech_).status, 201);
  const std::string before = deal_content();
  refused(set("C-9999", change("lead", "2026-04-01"), tech_), 404, "unknown_company", "'C-9999'", before);
  refused(api_->post("/api/v1/deals/C-0001/PKG-Z", change("lead", "2026-04-01"), tech_), 404, "unknown_package",
          "'PKG-Z'", before);
  refused(set("U-TOKYO", change("lead", "2026-04-01"), tech_), 422, "not_a_company",
          "U-TOKYO is a university, not a company", before);
  refused(set("C-0001", change("won", "2026-04-01"), tech_), 400, "bad_stage", "unknown stage 'won'", before);
  refused(set("C-0001", change("declined", "2026-04-01", "Nobody"), tech_), 404, "unknown_staff",
          "no staff member Nobody", before);
  refused(set("C-0001", change("licensed", "2026-04-01"), tech_), 422, "agreement_required",
          "licensed only when a licence agreement is recorded", before);
  refused(set("C-0001", change("negotiation", "2026-04-01"), tech_), 409, "already_at_stage",
          "already at stage negotiation", before);
  refused(set("C-0001", change("declined", "2026-02-01"), tech_), 422, "date_before_previous_change",
          "before the deal's previous change on 2026-03-01", before);
  // Bodies: a missing date, an unknown key, a bad date, not JSON.
  Reply r = set("C-0001", R"({"stage":"declined","staff":"Sato"})", tech_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json(r.body).str("/error/field"), "changed_on");
  r = set("C-0001", R"({"stage":"declined","changed_on":"2026-04-01","staff":"Sato","owner":"x"})", tech_);
  EXPECT_EQ(r.status, 400) << r.body;
  r = set("C-0001", change("declined", "2026-04-31"), tech_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(deal_content(), before);
  // Reads: an unknown deal, a bad filter.
  r = api_->get("/api/v1/deals/C-0002/PKG-A", tech_);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(Json(r.body).str("/error/code"), "unknown_deal");
  r = api_->get("/api/v1/deals?region=mars", tech_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json(r.body).str("/error/field"), "region");
  r = api_->get("/api/v1/deals?stage=won", tech_);
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST_P(DealApiTest, NoGoingBackFromLicensed) {
  ASSERT_EQ(set("C-0001", change("negotiation", "2026-03-01"), tech_).status, 201);
  testing::TempDir dir;
  dir.write("default.properties", "aggregator_share = 1/3\n");
  LicensingService licensing(api_->db(), SchemeSettings{}, "clerk", dir.path());
  auto a = requests::add_agreement_text(licensing, 
      R"({"id":"LIC-1","licensee":"C-0001","package":"PKG-A","exclusive":false,"field":"batteries",
      "territory":["JP"],"start":"2026-04-01","end":"2030-12-31","currency":"JPY","royalty_tiers":[{"rate_bps":300}]})");
  ASSERT_TRUE(a.ok()) << a.error().message;
  Reply r = api_->get("/api/v1/deals/C-0001/PKG-A", tech_);
  Json j(r.body);
  EXPECT_EQ(j.str("/stage"), "licensed");
  EXPECT_EQ(j.str("/agreement"), "LIC-1");
  EXPECT_EQ(j.str("/history/1/agreement"), "LIC-1");
  const std::string before = deal_content();
  refused(set("C-0001", change("negotiation", "2026-05-01"), tech_), 422, "deal_licensed",
          "a licensed deal cannot go back to negotiation", before);
}

TEST_P(DealApiTest, Roles) {
  EXPECT_EQ(set("C-0001", change("lead", "2026-01-10"), finance_).status, 403);
  EXPECT_EQ(set("C-0001", change("lead", "2026-01-10"), manager_).status, 403);
  EXPECT_EQ(api_->get("/api/v1/deals", finance_).status, 403);
  EXPECT_EQ(api_->get("/api/v1/pipeline", manager_).status, 403);
  EXPECT_EQ(api_->get("/api/v1/deals", "").status, 401);
  EXPECT_EQ(api_->get("/api/v1/deals", admin_).status, 200);
  EXPECT_EQ(api_->get("/api/v1/pipeline", tech_).status, 200);
}

// Issue 18 point 17: staff members over the API (admin, tech_transfer).
TEST_P(DealApiTest, StaffMembers) {
  const std::string body = R"({"code":"ST-KATO","name_latin":"Kato Yumi","name_ja":"加藤由美","region":"europe"})";
  Reply r = api_->post("/api/v1/staff-members", body, tech_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Json(r.body).str("/outcome"), "inserted");
  EXPECT_EQ(Json(r.body).str("/staff/name_ja"), "加藤由美");
  r = api_->post("/api/v1/staff-members", body, admin_);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body).str("/outcome"), "unchanged");
  r = api_->get("/api/v1/staff-members/ST-KATO", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body).str("/region"), "europe");
  r = api_->get("/api/v1/staff-members?region=europe", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body).str("/items/0/code"), "ST-KATO");
  r = api_->get("/api/v1/staff-members?limit=1", tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(Json(r.body).str("/next_cursor"), "");  // there is a next page
  EXPECT_EQ(api_->get("/api/v1/staff-members/ST-NONE", tech_).status, 404);
  r = api_->post("/api/v1/staff-members", R"({"code":"ST-X","name_latin":"加藤","region":"japan"})", tech_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json(r.body).str("/error/field"), "name_latin");
  for (const std::string& token : {finance_, manager_}) {
    EXPECT_EQ(api_->get("/api/v1/staff-members", token).status, 403);
    EXPECT_EQ(api_->post("/api/v1/staff-members", body, token).status, 403);
  }
  // A deal names the member; its show and the report name them.
  ASSERT_EQ(set("C-0001", change("lead", "2026-01-10", "ST-KATO"), tech_).status, 201);
  r = api_->get("/api/v1/deals/C-0001/PKG-A", tech_);
  EXPECT_EQ(Json(r.body).str("/staff_name"), "Kato Yumi (加藤由美)");
  EXPECT_EQ(Json(r.body).str("/package_name"), "Anode");
}

INSTANTIATE_TEST_SUITE_P(Backends, DealApiTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
