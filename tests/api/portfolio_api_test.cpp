// Issue 18 point 9 over real HTTP, on SQLite and PostgreSQL: GET
// /api/v1/patents with its filters (title words in Japanese and English,
// status, jurisdiction, IPC prefix, filing dates) paged with a cursor, bad
// filter values refused naming the parameter, and GET
// /api/v1/portfolio/summary, which a scoped user gets for its own
// institution only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_fixture.h"
#include "api_harness.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::expect_error_code;
using testing::Json;
using testing::Reply;

const std::string kMaking = "%E8%A3%BD%E9%80%A0";  // 製造, percent-encoded

class PortfolioApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    using testing::patent;
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        api_->db(), testing::four_institutions(testing::Names::kBilingual),
        testing::patent_lines({
            patent("JP2020000001A").filed("2020-03-01")
                .title("Method for manufacturing photoelectric conversion element", "光電変換素子の製造方法")
                .status("granted").ipc("H01L 31/0224").owner("U-TOKYO")
                .extra(R"(,"grant_date":"2022-01-01","stage":"utilization")"),
            patent("JP2021000002A").filed("2021-05-10").title("Solar cell module", "太陽電池モジュール")
                .status("pending").ipc("H01L 31/042").owner("U-TOKYO"),
            patent("EP21123456A").jurisdiction("EP").filed("2021-06-01")
                .title("Method for manufacturing solar cell", "太陽電池の製造方法").status("pending")
                .ipc("H01L 31/18").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2"),
            patent("JP2019000004A").filed("2019-01-15").title("Lithium battery electrode", "リチウム電池用電極")
                .status("abandoned").ipc("H01M 10/052").owner("U-KYOTO"),
            patent("JP2022000005A").filed("2022-02-02")
                .title("Manufacturing apparatus for semiconductors", "半導体製造装置").status("pending")
                .ipc("H01L 310/01").owner("U-TOKYO"),
        })));
    testing::insert_agreement(api_->db(), {.reference = "LIC-1", .patents = {"JP2020000001A", "EP21123456A"},
                                           .starts_on = "2026-01-01", .ends_on = "2030-12-31"});
    admin_ = api_->token(Role::kAdmin);
    kyoto_manager_ = api_->token(Role::kIpManager, "U-KYOTO");
    tokyo_viewer_ = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  }

  // Every application number GET /api/v1/patents?<query> lists, a page of
  // `limit` at a time through the cursor.
  std::vector<std::string> listed(const std::string& query, const std::string& token, int limit = 1) {
    std::vector<std::string> seen;
    std::string cursor;
    for (int pages = 0; pages < 10; ++pages) {
      const Reply r = api_->get("/api/v1/patents?" + query + "&limit=" + std::to_string(limit) +
                                    (cursor.empty() ? "" : "&cursor=" + cursor),
                                token);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) return seen;
      Json j(r.body);
      for (std::size_t i = 0; i < j.size("/items"); ++i) {
        seen.push_back(j.str("/items/" + std::to_string(i) + "/application_number"));
      }
      if (j.is_null("/next_cursor")) return seen;
      cursor = j.str("/next_cursor");
    }
    ADD_FAILURE() << "more than 10 pages";
    return seen;
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, kyoto_manager_, tokyo_viewer_;
};

using Numbers = std::vector<std::string>;

TEST_P(PortfolioApiTest, PatentListFiltersPageWithACursor) {
  EXPECT_EQ(listed("text=" + kMaking, admin_), (Numbers{"EP21123456A", "JP2020000001A", "JP2022000005A"}));
  EXPECT_EQ(listed("text=Manufacturing", admin_, 2), (Numbers{"EP21123456A", "JP2020000001A", "JP2022000005A"}));
  EXPECT_EQ(listed("text=solar+" + kMaking, admin_), (Numbers{"EP21123456A"}));
  EXPECT_EQ(listed("status=pending&jurisdiction=JP&text=" + kMaking, admin_), (Numbers{"JP2022000005A"}));
  EXPECT_EQ(listed("ipc=H01L31", admin_), (Numbers{"EP21123456A", "JP2020000001A", "JP2021000002A"}));
  EXPECT_EQ(listed("ipc=H01L31%2F02", admin_), (Numbers{"JP2020000001A"}));
  EXPECT_EQ(listed("filed_from=2021-01-01&filed_to=2021-12-31", admin_), (Numbers{"EP21123456A", "JP2021000002A"}));
  // A scoped user's filters apply within its own institution's patents.
  EXPECT_EQ(listed("text=" + kMaking, kyoto_manager_), (Numbers{"EP21123456A"}));
  EXPECT_EQ(listed("status=abandoned", tokyo_viewer_), Numbers{});
}

TEST_P(PortfolioApiTest, BadFilterValuesAreRefusedNamingTheParameter) {
  expect_error_code(api_->get("/api/v1/patents?status=issued", admin_), 400, "bad_filter", "status");
  expect_error_code(api_->get("/api/v1/patents?jurisdiction=Japan", admin_), 400, "bad_filter", "jurisdiction");
  expect_error_code(api_->get("/api/v1/patents?ipc=31H", admin_), 400, "bad_filter", "ipc");
  expect_error_code(api_->get("/api/v1/patents?filed_from=2021-02-30", admin_), 400, "bad_filter", "filed_from");
  expect_error_code(api_->get("/api/v1/patents?filed_from=2022-01-01&filed_to=2021-01-01", admin_), 400,
                    "bad_filter", "filed_to");
  expect_error_code(api_->get("/api/v1/patents?text=%21%21", admin_), 400, "bad_filter", "text");
}

TEST_P(PortfolioApiTest, SummaryCountsAndAScopedUserSeesOnlyItsOwn) {
  const Reply all = api_->get("/api/v1/portfolio/summary?as_of=2026-06-01", admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  Json a(all.body);
  EXPECT_TRUE(a.is_null("/institution"));
  EXPECT_EQ(a.str("/as_of"), "2026-06-01");
  EXPECT_EQ(a.num("/patents"), 5);
  EXPECT_EQ(a.str("/by_status/0/status"), "pending");
  EXPECT_EQ(a.num("/by_status/0/patents"), 3);
  EXPECT_EQ(a.size("/by_jurisdiction"), 2u);
  EXPECT_EQ(a.str("/by_jurisdiction/0/jurisdiction"), "EP");
  EXPECT_EQ(a.num("/by_jurisdiction/1/patents"), 4);
  EXPECT_EQ(a.size("/by_stage"), 7u);
  EXPECT_EQ(a.num("/licensed"), 2);
  EXPECT_EQ(a.num("/not_licensed"), 3);
  EXPECT_EQ(a.num("/aggregated"), 0);
  EXPECT_EQ(a.num("/not_aggregated"), 5);

  // Without ?institution, a scoped user's own institution: U-KYOTO owns two.
  const Reply kyoto = api_->get("/api/v1/portfolio/summary?as_of=2026-06-01", kyoto_manager_);
  ASSERT_EQ(kyoto.status, 200) << kyoto.body;
  Json k(kyoto.body);
  EXPECT_EQ(k.str("/institution"), "U-KYOTO");
  EXPECT_EQ(k.num("/patents"), 2);
  EXPECT_EQ(k.num("/licensed"), 1);
  const Reply tokyo = api_->get("/api/v1/portfolio/summary?institution=U-TOKYO&as_of=2026-06-01", tokyo_viewer_);
  ASSERT_EQ(tokyo.status, 200) << tokyo.body;
  EXPECT_EQ(Json(tokyo.body).num("/patents"), 4);
  // Another institution's summary is not found, as if it did not exist.
  expect_error_code(api_->get("/api/v1/portfolio/summary?institution=U-TOKYO", kyoto_manager_), 404, "not_found");
  expect_error_code(api_->get("/api/v1/portfolio/summary?institution=U-KYOTO", tokyo_viewer_), 404, "not_found");
  // The admin may ask for any; an unknown one and a bad day are refused.
  EXPECT_EQ(Json(api_->get("/api/v1/portfolio/summary?institution=U-KYOTO", admin_).body).num("/patents"), 2);
  expect_error_code(api_->get("/api/v1/portfolio/summary?institution=U-NONE", admin_), 404, "unknown_institution",
                    "institution");
  expect_error_code(api_->get("/api/v1/portfolio/summary?as_of=June", admin_), 400, "bad_request", "as_of");
  EXPECT_EQ(api_->get("/api/v1/portfolio/summary", api_->token(Role::kFinance)).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, PortfolioApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
