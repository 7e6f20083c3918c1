// The docket over real HTTP, on SQLite and PostgreSQL: the agenda scoped
// like patents (an institution sees its own applications' tasks only; 404
// for another's), keyset pages soonest first, decisions by patent writers
// only, the calendar as text/calendar, and calendar subscriptions whose
// secret opens GET /api/v1/docket.ics and nothing else.
#include <gtest/gtest.h>

#include <string>

#include "api/router.h"
#include "api/server.h"
#include "api_fixture.h"
#include "api_harness.h"
#include "services/docket_service.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::expect_error_code;
using testing::Json;
using testing::Reply;

class DocketApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    h_ = std::make_unique<ApiHarness>(GetParam());
    // Two first filings (a Paris priority task each, due 2027-03-01 and
    // 2027-02-01) and one claiming a priority (none).
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        h_->db(), testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO"}),
        testing::patent_lines({testing::patent("JP2026000001A").filed("2026-03-01").owner("U-TOKYO"),
                               testing::patent("JP2026000002A").filed("2026-02-01").owner("U-KYOTO"),
                               testing::patent("JP2026000003A").filed("2026-02-10").owner("U-KYOTO")
                                   .priority("JP2026000002A", "2026-02-01", "paris")})));
    auto rules = load_docket_rules(std::string(CHIZAI_SOURCE_DIR) + "/config/docketing");
    ASSERT_TRUE(rules.ok()) << rules.error().message;
    DocketService(h_->db(), rules.value(), "tester", today_local()).ensure_current();
    admin_ = h_->token(Role::kAdmin);
    tokyo_manager_ = h_->token_for("tokyo", Role::kIpManager, "U-TOKYO");
    tokyo_viewer_ = h_->token(Role::kInstitutionViewer, "U-TOKYO");
    finance_ = h_->token(Role::kFinance);
  }

  std::unique_ptr<ApiHarness> h_;
  std::string admin_, tokyo_manager_, tokyo_viewer_, finance_;
};

TEST_P(DocketApiTest, AgendaIsScopedLikePatents) {
  const Reply all = h_->get("/api/v1/docket?kind=paris_priority", admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(testing::texts_at(all.body, "/items", "application"),
            (std::vector<std::string>{"JP2026000002A", "JP2026000001A"}));  // soonest first
  const Reply own = h_->get("/api/v1/docket?kind=paris_priority", tokyo_manager_);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(testing::texts_at(own.body, "/items", "application"), (std::vector<std::string>{"JP2026000001A"}));
  EXPECT_EQ(own.body.find("U-KYOTO"), std::string::npos);
  expect_error_code(h_->get("/api/v1/docket?institution=U-KYOTO", tokyo_manager_), 404, "not_found");
  expect_error_code(h_->get("/api/v1/patents/JP2026000002A/docket", tokyo_viewer_), 404, "not_found");
  const Reply mine = h_->get("/api/v1/patents/JP%202026-000001/docket", tokyo_viewer_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  Json j(mine.body);
  EXPECT_EQ(j.str("/application"), "JP2026000001A");
  EXPECT_EQ(j.str("/tasks/0/key"), "paris.priority");
  EXPECT_EQ(j.str("/tasks/0/due"), "2027-03-01");
  EXPECT_EQ(j.str("/tasks/0/payers/0/institution"), "U-TOKYO");
  EXPECT_TRUE(j.is_null("/lapse"));
  // Finance reads no patents, nor their docket.
  expect_error_code(h_->get("/api/v1/docket", finance_), 403, "forbidden");
  // Filters are checked.
  expect_error_code(h_->get("/api/v1/docket?status=late", admin_), 400, "bad_status", "status");
  expect_error_code(h_->get("/api/v1/docket?from=2027-02-30", admin_), 400, "bad_date", "from");
}

TEST_P(DocketApiTest, KeysetPagesSoonestFirst) {
  const Reply first = h_->get("/api/v1/docket?kind=paris_priority&limit=1", admin_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(testing::texts_at(first.body, "/items", "application"), (std::vector<std::string>{"JP2026000002A"}));
  const std::string cursor = testing::text_at(first.body, "/next_cursor");
  ASSERT_FALSE(cursor.empty());
  const Reply second = h_->get("/api/v1/docket?kind=paris_priority&limit=1&cursor=" + cursor, admin_);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(testing::texts_at(second.body, "/items", "application"), (std::vector<std::string>{"JP2026000001A"}));
  EXPECT_TRUE(testing::null_at(second.body, "/next_cursor"));  // the last page
  expect_error_code(h_->get("/api/v1/docket?cursor=not-a-cursor", admin_), 400, "bad_request", "cursor");
}

TEST_P(DocketApiTest, DecisionsByPatentWritersOnTheirOwnPatents) {
  expect_error_code(h_->post("/api/v1/patents/JP2026000001A/docket/paris.priority/waive",
                             R"({"reason":"not filing abroad"})", tokyo_viewer_),
                    403, "forbidden");
  testing::expect_refusal(*h_, "POST", "/api/v1/patents/JP2026000002A/docket/paris.priority/waive",
                          R"({"reason":"not filing abroad"})", tokyo_manager_, 404, "not_found");
  testing::expect_refusal(*h_, "POST", "/api/v1/patents/JP2026000001A/docket/paris.priority/waive", R"({})",
                          tokyo_manager_, 400, "bad_request", "reason");
  testing::expect_refusal(*h_, "POST", "/api/v1/patents/JP2026000001A/docket/no.such/waive",
                          R"({"reason":"x"})", tokyo_manager_, 404, "unknown_task", "task");
  testing::expect_refusal(*h_, "POST", "/api/v1/patents/JP2026000001A/docket/paris.priority/done",
                          R"({"date":"2026-12-01","fee":"1000"})", tokyo_manager_, 422, "no_fee", "fee");
  const Reply w = h_->post("/api/v1/patents/JP2026000001A/docket/paris.priority/waive",
                           R"({"reason":"not filing abroad"})", tokyo_manager_);
  ASSERT_EQ(w.status, 201) << w.body;
  EXPECT_EQ(testing::text_at(w.body, "/task/status"), "waived");
  EXPECT_EQ(testing::text_at(w.body, "/decision/action"), "waive");
  EXPECT_EQ(testing::text_at(w.body, "/decision/actor"), "api:tokyo");
  testing::expect_audited(*h_, admin_, "patent", "JP2026000001A");
  const Reply shown = h_->get("/api/v1/patents/JP2026000001A/docket", tokyo_manager_);
  // Not filing abroad is an option forgone: the application does not lapse.
  EXPECT_NE(shown.body.find("\"lapse\":null"), std::string::npos) << shown.body;
  testing::expect_refusal(*h_, "POST", "/api/v1/patents/JP2026000001A/docket/paris.priority/waive",
                          R"({"reason":"again"})", tokyo_manager_, 409, "task_decided", "task");
  const Reply u = h_->post("/api/v1/patents/JP2026000001A/docket/paris.priority/undo",
                           R"({"reason":"we will file in the US"})", tokyo_manager_);
  ASSERT_EQ(u.status, 201) << u.body;
  EXPECT_EQ(testing::text_at(u.body, "/task/status"), "open");
  const Reply d = h_->post("/api/v1/patents/JP2026000001A/docket/paris.priority/done",
                           R"({"date":"2026-12-01","reference":"US 19/000,001"})", admin_);
  ASSERT_EQ(d.status, 201) << d.body;
  EXPECT_EQ(testing::text_at(d.body, "/task/status"), "done");
  EXPECT_EQ(testing::text_at(d.body, "/decision/reference"), "US 19/000,001");
  const Reply status = h_->get("/api/v1/docket?status=done", admin_);
  EXPECT_EQ(testing::texts_at(status.body, "/items", "application"), (std::vector<std::string>{"JP2026000001A"}));
}

TEST_P(DocketApiTest, CalendarIsTextCalendarWithStableUids) {
  const Reply r = h_->get("/api/v1/docket.ics", tokyo_manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string type = r.headers.count("content-type") ? r.headers.at("content-type") : "";
  EXPECT_EQ(type.rfind("text/calendar", 0), 0u) << type;
  EXPECT_EQ(r.body.rfind("BEGIN:VCALENDAR", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("UID:JP2026000001A.paris.priority@"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("DTSTART;VALUE=DATE:20270301"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("JP2026000002A"), std::string::npos);  // another institution's
  EXPECT_EQ(h_->get("/api/v1/docket.ics", tokyo_manager_).body, r.body);  // the same export twice
}

TEST_P(DocketApiTest, SubscriptionSecretOpensTheCalendarAndNothingElse) {
  const Reply created = h_->post("/api/v1/calendar-subscriptions", "", tokyo_manager_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = testing::text_at(created.body, "/secret");
  ASSERT_EQ(secret.rfind("cal_", 0), 0u);
  EXPECT_NE(testing::text_at(created.body, "/url").find("/api/v1/docket.ics?key=" + secret), std::string::npos);

  const Reply cal = h_->get("/api/v1/docket.ics?key=" + secret, "");
  ASSERT_EQ(cal.status, 200) << cal.body;
  EXPECT_NE(cal.body.find("JP2026000001A"), std::string::npos);
  EXPECT_EQ(cal.body.find("JP2026000002A"), std::string::npos);  // scoped like its user
  expect_error_code(h_->get("/api/v1/docket.ics?key=" + secret + "x", ""), 401, "unauthorized");
  expect_error_code(h_->get("/api/v1/docket.ics", ""), 401, "unauthorized");
  // The secret is no token, and opens no other route.
  expect_error_code(h_->get("/api/v1/docket", secret), 401, "unauthorized");
  int others = 0;
  for (const api::Route& route : h_->server().router().routes()) {
    if (route.public_route || route.calendar_key) continue;
    std::string path;
    for (std::size_t i = 0; i < route.pattern.size(); ++i) {
      if (route.pattern[i] == '{') {
        path += route.pattern.find("number") != std::string::npos ? "JP2026000001A" : "1";
        i = route.pattern.find('}', i);
      } else {
        path += route.pattern[i];
      }
    }
    const Reply r = h_->request(route.method, path + "?key=" + secret, route.method == "GET" ? "" : "{}", "");
    EXPECT_EQ(r.status, 401) << route.method << " " << path << " with the calendar key → " << r.body;
    ++others;
  }
  EXPECT_GT(others, 50);

  // Listed without the secret; revocable by its user only.
  const Reply list = h_->get("/api/v1/calendar-subscriptions", tokyo_manager_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(testing::length_at(list.body, "/items"), 1u);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  const std::string id = std::to_string(testing::int_at(created.body, "/id"));
  expect_error_code(h_->request("DELETE", "/api/v1/calendar-subscriptions/" + id, "", tokyo_viewer_), 404,
                    "not_found");
  const Reply revoked = h_->request("DELETE", "/api/v1/calendar-subscriptions/" + id, "", tokyo_manager_);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(testing::null_at(revoked.body, "/revoked_at"));
  expect_error_code(h_->get("/api/v1/docket.ics?key=" + secret, ""), 401, "unauthorized");
}

INSTANTIATE_TEST_SUITE_P(Backends, DocketApiTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
