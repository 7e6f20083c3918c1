// An application's dated events over real HTTP (tests/support/api_harness),
// on SQLite and PostgreSQL: record (201), list, withdraw; refusals with
// their status and field (400, 409, 422) writing nothing; roles (403) and
// institution scoping (404); bodies the same as the CLI's renderers.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "api/route.h"
#include "io/json_writer.h"
#include "render/event.h"
#include "services/event_service.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::expect_error;
using testing::expect_error_code;
using testing::expect_refusal;
using testing::int_at;
using testing::length_at;
using testing::null_at;
using testing::text_at;

// P1: U-TOKYO's JP application; P2: U-KYOTO's, abandoned on the record.
const std::string kPatents = testing::patent_lines(
    {testing::patent("JP2020000001A").owner("U-TOKYO"),
     testing::patent("JP2020000002A").filed("2020-04-01").status("abandoned").owner("U-KYOTO")});

const std::string kP1 = "/api/v1/patents/JP2020000001A/events";
const std::string kP2 = "/api/v1/patents/JP2020000002A/events";

class EventApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(api_->db(), testing::four_institutions(), kPatents));
    admin_ = api_->token(Role::kAdmin);
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_;
};

TEST_P(EventApiTest, RecordsListsAndWithdrawsAnEvent) {
  const std::string tokyo = api_->token(Role::kIpManager, "U-TOKYO");
  const Reply r = api_->post(kP1, R"({"kind":"grant","date":"2023-05-10","reference":"7123456","claims":6})", tokyo);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text_at(r.body, "/application"), "JP2020000001A");
  EXPECT_EQ(text_at(r.body, "/event/kind"), "grant");
  EXPECT_EQ(int_at(r.body, "/event/claims"), 6);
  EXPECT_TRUE(null_at(r.body, "/event/withdrawn"));
  const std::int64_t id = int_at(r.body, "/event/id");

  // The list is the CLI's rendering of the service's listing.
  const Reply list = api_->get(kP1, api_->token(Role::kInstitutionViewer, "U-TOKYO"));
  ASSERT_EQ(list.status, 200) << list.body;
  JsonWriter w;
  write_event_listing_json(w, EventService(api_->db(), "test").list("JP2020000001A").value());
  EXPECT_EQ(list.body, w.take());
  EXPECT_EQ(text_at(list.body, "/events/0/source"), "derived");
  EXPECT_EQ(text_at(list.body, "/events/0/kind"), "filing");
  EXPECT_EQ(text_at(list.body, "/events/1/reference"), "7123456");
  // The record followed the grant.
  const Reply patent = api_->get("/api/v1/patents/JP2020000001A", admin_);
  EXPECT_EQ(text_at(patent.body, "/grant_number"), "7123456");
  EXPECT_EQ(text_at(patent.body, "/status"), "granted");

  // A second grant: 409; withdrawal needs a reason: 400.
  expect_refusal(*api_, "POST", kP1, R"({"kind":"grant","date":"2023-05-11","reference":"7123457"})", tokyo, 409,
                 "second_grant", "kind");
  const std::string withdraw = kP1 + "/" + std::to_string(id) + "/withdraw";
  expect_refusal(*api_, "POST", withdraw, R"({"reason":""})", tokyo, 400, "missing_reason", "reason");
  const Reply w2 = api_->post(withdraw, R"({"reason":"wrong number"})", tokyo);
  ASSERT_EQ(w2.status, 201) << w2.body;
  EXPECT_EQ(text_at(w2.body, "/event/withdrawn/reason"), "wrong number");
  expect_refusal(*api_, "POST", withdraw, R"({"reason":"again"})", tokyo, 409, "event_already_withdrawn",
                 "event_id");
  expect_error(api_->post(kP1 + "/999999/withdraw", R"({"reason":"x"})", tokyo), 404);
  expect_error(api_->post(kP1 + "/abc/withdraw", R"({"reason":"x"})", tokyo), 404);
  // The change history shows the event and its withdrawal.
  const Reply changes = api_->get("/api/v1/history?key=JP2020000001A", admin_);
  ASSERT_EQ(changes.status, 200) << changes.body;
  EXPECT_NE(changes.body.find("patent.event_withdrawal"), std::string::npos);
  EXPECT_NE(changes.body.find("\"patent.event\""), std::string::npos);
}

TEST_P(EventApiTest, RefusalsNameTheFieldAndWriteNothing) {
  expect_refusal(*api_, "POST", kP1, R"({"kind":"granted","date":"2023-05-10"})", admin_, 400,
                 "unknown_event_kind", "kind");
  expect_refusal(*api_, "POST", kP1, R"({"kind":"grant","date":"2023-05-10"})", admin_, 400,
                 "grant_number_missing", "reference");
  expect_refusal(*api_, "POST", kP1, R"({"kind":"allowance","date":"2019-05-10"})", admin_, 400,
                 "event_before_filing", "date");
  expect_refusal(*api_, "POST", kP1, R"({"kind":"allowance","date":"2023-05-10","days":"3"})", admin_, 400,
                 "bad_request", "days");
  expect_refusal(*api_, "POST", kP1, R"({"kind":"allowance"})", admin_, 400, "bad_request", "date");
  // A rule of the domain: 422.
  expect_refusal(*api_, "POST", kP2, R"({"kind":"allowance","date":"2023-05-10"})", admin_, 422,
                 "application_ended", "date");
  expect_refusal(*api_, "POST", kP1, R"({"kind":"national_phase_entry","date":"2023-05-10"})", admin_, 422,
                 "no_pct_priority", "kind");
}

TEST_P(EventApiTest, RolesAndScoping) {
  const std::string body = R"({"kind":"examination_request","date":"2021-01-05"})";
  // Readers may not write: 403 whatever the body says.
  expect_error(api_->post(kP1, body, api_->token(Role::kTechTransfer)), 403);
  expect_error(api_->post(kP1, body, api_->token(Role::kInstitutionViewer, "U-TOKYO")), 403);
  expect_error(api_->post(kP1, body, api_->token(Role::kFinance)), 403);
  expect_error(api_->get(kP1, api_->token(Role::kFinance)), 403);
  // Another institution's patent does not exist for a scoped caller: 404, nothing written.
  const std::string kyoto = api_->token(Role::kIpManager, "U-KYOTO");
  expect_refusal(*api_, "POST", kP1, body, kyoto, 404, "not_found");
  expect_error(api_->get(kP1, api_->token(Role::kInstitutionViewer, "U-KYOTO")), 404);
  expect_error(api_->get("/api/v1/patents/JP2099000001A/events", admin_), 404);
  // Its own, and an unscoped reader's view.
  ASSERT_EQ(api_->post(kP1, body, api_->token(Role::kIpManager, "U-TOKYO")).status, 201);
  const Reply seen = api_->get(kP1, api_->token(Role::kTechTransfer));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(length_at(seen.body, "/events"), 2u);
}

TEST_P(EventApiTest, IdempotencyKeyReplaysTheFirstAnswer) {
  const std::string body = R"({"kind":"examination_request","date":"2021-01-05"})";
  const Reply first = api_->post(kP1, body, admin_, {{"Idempotency-Key", "event-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  const Reply again = api_->post(kP1, body, admin_, {{"Idempotency-Key", "event-1"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(length_at(api_->get(kP1, admin_).body, "/events"), 2u);  // filing + one event
}

// ---- POST /api/v1/patent-events/import and events in a patent import ------------------------

std::int64_t events_of(ApiHarness& api, const std::string& token, const std::string& events_path) {
  const Reply r = api.get(events_path, token);
  EXPECT_EQ(r.status, 200) << r.body;
  // The derived filing row is listed too: only recorded rows count here.
  std::int64_t n = 0;
  for (std::size_t at = r.body.find("\"source\":\"recorded\""); at != std::string::npos;
       at = r.body.find("\"source\":\"recorded\"", at + 1)) {
    ++n;
  }
  return n;
}

TEST_P(EventApiTest, AnEventsFileIsImportedWholeOrNotAtAll) {
  const std::vector<std::pair<std::string, std::string>> csv = {{"Content-Type", "text/csv"}};
  // Two good rows for P1, then a row with an impossible date on line 4:
  // refused whole (422, the line and field named), nothing recorded.
  const std::string bad =
      "number,kind,date,reference\n"
      "JP2020000001A,examination_request,2021-02-01,\n"
      "JP2020000001A,publication,2021-09-01,JP2021-500001A\n"
      "JP2020000001A,office_action,2022-02-30,OA-1\n";
  const Reply refused = api_->post("/api/v1/patent-events/import", bad, admin_, csv);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(text_at(refused.body, "/error/code"), "invalid_records");
  EXPECT_EQ(text_at(refused.body, "/error/field"), "date");
  EXPECT_NE(refused.body.find("line 4"), std::string::npos) << refused.body;
  EXPECT_EQ(int_at(refused.body, "/report/inserted"), 0);
  EXPECT_EQ(events_of(*api_, admin_, kP1), 0);
  // The same two good rows alone: both recorded (and listed).
  const std::string good = bad.substr(0, bad.rfind("JP2020000001A,office_action"));
  const Reply ok = api_->post("/api/v1/patent-events/import", good, admin_, csv);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(int_at(ok.body, "/read"), 2);
  EXPECT_EQ(int_at(ok.body, "/inserted"), 2);
  EXPECT_EQ(events_of(*api_, admin_, kP1), 2);
  // JSONL as the CLI reads it; the wrong media type is 415.
  const Reply jsonl = api_->post("/api/v1/patent-events/import",
                                 R"({"number":"JP2020000001A","kind":"grant","date":"2023-05-10","reference":"7123456","claims":6})"
                                 "\n",
                                 admin_, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(jsonl.status, 200) << jsonl.body;
  EXPECT_EQ(events_of(*api_, admin_, kP1), 3);
  EXPECT_EQ(api_->post("/api/v1/patent-events/import", good, admin_, {{"Content-Type", "text/plain"}}).status, 415);
}

TEST_P(EventApiTest, AnEventsImportIsScopedLikePatents) {
  const std::string tokyo = api_->token(Role::kIpManager, "U-TOKYO");
  const std::vector<std::pair<std::string, std::string>> csv = {{"Content-Type", "text/csv"}};
  // U-TOKYO's manager may not record P2's (U-KYOTO's) events: the row is an
  // unknown patent to it (line 3, field number), and P1's row on line 2 is
  // not written either.
  const std::string both =
      "number,kind,date\nJP2020000001A,examination_request,2021-02-01\nJP2020000002A,examination_request,2021-03-01\n";
  const Reply r = api_->post("/api/v1/patent-events/import", both, tokyo, csv);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(text_at(r.body, "/error/field"), "number");
  EXPECT_NE(r.body.find("line 3"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("U-KYOTO"), std::string::npos) << r.body;
  EXPECT_EQ(events_of(*api_, admin_, kP1), 0);
  // Its own patent's row alone is recorded; a viewer may not import (403).
  const Reply own = api_->post("/api/v1/patent-events/import", both.substr(0, both.rfind("JP2020000002A")), tokyo, csv);
  EXPECT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(events_of(*api_, admin_, kP1), 1);
  const std::string viewer = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  EXPECT_EQ(api_->post("/api/v1/patent-events/import", both, viewer, csv).status, 403);
}

TEST_P(EventApiTest, APatentImportBringsItsRecordsEvents) {
  // A JSONL record with an "events" array, as `chizai patent import` reads
  // it: the patent and its two events in one transaction.
  std::string record = testing::patent("JP2021000003A").filed("2021-01-15").owner("U-TOKYO").json();
  record.pop_back();  // the closing brace
  record += R"(,"events":[{"kind":"examination_request","date":"2021-06-01"},)"
            R"({"kind":"publication","date":"2022-07-15"}]})"
            "\n";
  const Reply r = api_->post("/api/v1/patents/import", record, admin_, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(int_at(r.body, "/inserted"), 1);
  EXPECT_EQ(events_of(*api_, admin_, "/api/v1/patents/JP2021000003A/events"), 2);
  // An event that cannot be read refuses the record's file: nothing written.
  std::string bad = record;
  bad.replace(bad.find("JP2021000003A"), 13, "JP2021000004A");
  bad.replace(bad.find("2022-07-15"), 10, "2022-13-15");
  const Reply refused = api_->post("/api/v1/patents/import", bad, admin_, {{"Content-Type", "application/x-ndjson"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(api_->get("/api/v1/patents/JP2021000004A", admin_).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
