// The registry routes over real HTTP (tests/support/api_harness), on SQLite
// and PostgreSQL: institutions (list, show, create), patents (register,
// replace, import upload of CSV and JSONL with the import's report, list
// with cursor pagination, show), every refusal path, role refusals and
// object-level institution scoping.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <soci/soci.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api/server.h"
#include "api_fixture.h"
#include "api_harness.h"
#include "registry/numbers.h"
#include "services/auth_service.h"
#include "services/registry_service.h"
#include "store/registry_store.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::Json;
using testing::expect_error_code;

// A JSONL patent record owned by `owners` (a JSON array), filed on March 1st
// of the year its number carries (a first filing's number says its year).
std::string patent(const std::string& number, const std::string& owners, const std::string& title = "Electrode") {
  const int year = application_number_year(normalize_application_number(number).value().canonical).value();
  return testing::patent(number).filed(std::to_string(year) + "-03-01").title(title).owners(owners).json();
}
const std::string kTokyo = R"([{"institution":"U-TOKYO","share":"1"}])";
const std::string kKyoto = R"([{"institution":"U-KYOTO","share":"1"}])";
const std::string kBoth = R"([{"institution":"U-TOKYO","share":"1/2"},{"institution":"U-KYOTO","share":"1/2"}])";

// Reading JSON replies.

class RegistryApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        api_->db(), testing::four_institutions(testing::Names::kBilingual),
        patent("JP2020000001A", kTokyo) + "\n" + patent("JP2020000002A", kKyoto) + "\n" +
            patent("JP2020000003A", kBoth) + "\n" + patent("JP2020000004A", kTokyo) + "\n"));
    admin_ = api_->token(Role::kAdmin);
    tokyo_manager_ = api_->token(Role::kIpManager, "U-TOKYO");
    tokyo_viewer_ = api_->token(Role::kInstitutionViewer, "U-TOKYO");
    tech_ = api_->token(Role::kTechTransfer);
    finance_ = api_->token(Role::kFinance);
  }

  // Every stored patent: number → content hash (what "nothing written" compares).
  std::map<std::string, std::string> patents() {
    std::map<std::string, std::string> out;
    for (const auto& [number, rec] : RegistryStore(api_->db()).patent_index()) out[number] = rec.hash;
    return out;
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, tokyo_manager_, tokyo_viewer_, tech_, finance_;
};

TEST_P(RegistryApiTest, InstitutionsListAndShow) {
  const Reply list = api_->get("/api/v1/institutions", tokyo_viewer_);
  ASSERT_EQ(list.status, 200) << list.body;
  Json j(list.body);
  ASSERT_EQ(j.size("/items"), 4u);
  EXPECT_EQ(j.str("/items/0/code"), "AGG-JST");
  EXPECT_EQ(j.str("/items/3/code"), "U-TOKYO");

  const Reply show = api_->get("/api/v1/institutions/U-KYOTO", finance_);
  ASSERT_EQ(show.status, 200) << show.body;
  Json s(show.body);
  EXPECT_EQ(s.str("/name_en"), "Kyoto University");
  EXPECT_EQ(s.str("/kind"), "university");

  expect_error_code(api_->get("/api/v1/institutions/U-NOWHERE", admin_), 404, "not_found");
  EXPECT_EQ(api_->get("/api/v1/institutions", "").status, 401);
}

TEST_P(RegistryApiTest, InstitutionCreate) {
  const std::string body =
      R"({"code":"U-OSAKA","kind":"university","name_en":"Osaka University","name_ja":"大阪大学","country":"JP"})";
  EXPECT_EQ(api_->post("/api/v1/institutions", body, tokyo_manager_).status, 403);
  EXPECT_EQ(api_->post("/api/v1/institutions", body, finance_).status, 403);
  const Reply created = api_->post("/api/v1/institutions", body, admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created.body).str("/result"), "inserted");
  const Reply again = api_->post("/api/v1/institutions", body, admin_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json(again.body).str("/result"), "unchanged");
  auto stored = RegistryService(api_->db()).find_institution("U-OSAKA");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->name_ja, "大阪大学");

  // Refusals name the field and write nothing.
  expect_error_code(api_->post("/api/v1/institutions",
                          R"({"code":"U-BAD","kind":"castle","name_en":"Bad","country":"JP"})", admin_),
               400, "bad_request", "kind");
  expect_error_code(api_->post("/api/v1/institutions",
                          R"({"code":"U-BAD","kind":"university","name_en":"Bad","country":"JP","motto":"x"})",
                          admin_),
               400, "bad_request", "motto");
  expect_error_code(api_->post("/api/v1/institutions", R"({"code":"U-BAD","kind":"university","name_en":7,"country":"JP"})",
                          admin_),
               400, "bad_request", "name_en");
  expect_error_code(api_->post("/api/v1/institutions", "[1, 2]", admin_), 400, "bad_request");
  EXPECT_FALSE(RegistryService(api_->db()).find_institution("U-BAD").has_value());
}

TEST_P(RegistryApiTest, RegisterPatentAndReadItBack) {
  const std::string body = patent("JP 2021-000001", kKyoto, "Separator");
  const Reply created = api_->post("/api/v1/patents", body, admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  Json c(created.body);
  EXPECT_EQ(c.str("/application_number"), "JP2021000001A");
  EXPECT_EQ(c.str("/result"), "inserted");

  const Reply shown = api_->get("/api/v1/patents/JP2021000001A", admin_);
  ASSERT_EQ(shown.status, 200) << shown.body;
  Json s(shown.body);
  EXPECT_EQ(s.str("/title"), "Separator");
  EXPECT_EQ(s.str("/owners/0/institution"), "U-KYOTO");
  EXPECT_EQ(s.str("/simple_family"), "JP2021000001A");
  EXPECT_TRUE(s.is_null("/aggregation"));

  const Reply same = api_->post("/api/v1/patents", body, admin_);
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(Json(same.body).str("/result"), "unchanged");
  const Reply changed = api_->post("/api/v1/patents", patent("JP2021000001A", kKyoto, "Better separator"), admin_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Json(changed.body).str("/result"), "updated");
  EXPECT_EQ(RegistryService(api_->db()).find_patent("JP2021000001A")->patent.title, "Better separator");
}

TEST_P(RegistryApiTest, RegisterPatentRefusals) {
  const auto before = patents();
  // Shares that do not sum to 1: the registry's rule, naming the field.
  const Reply shares = api_->post(
      "/api/v1/patents",
      patent("JP2021000009A", R"([{"institution":"U-TOKYO","share":"1/2"},{"institution":"U-KYOTO","share":"1/3"}])"),
      admin_);
  EXPECT_EQ(shares.status, 400) << shares.body;
  EXPECT_EQ(Json(shares.body).str("/error/field"), "owners");
  EXPECT_NE(Json(shares.body).str("/error/message").find("shares sum to 5/6"), std::string::npos) << shares.body;
  // An unknown owner.
  expect_error_code(api_->post("/api/v1/patents", patent("JP2021000009A", R"([{"institution":"U-NONE","share":"1"}])"),
                          admin_),
               400, "invalid_patent", "owners[0].institution");
  // Form: a wrong type, an unknown field, a bad date, not an object.
  expect_error_code(api_->post("/api/v1/patents",
                          R"({"application_number":"JP2021000009A","jurisdiction":"JP","filing_date":20200301,"title":"T","owners":)" +
                              kTokyo + "}",
                          admin_),
               400, "bad_request", "filing_date");
  expect_error_code(api_->post("/api/v1/patents",
                          R"({"application_number":"JP2021000009A","jurisdiction":"JP","filing_date":"2020-03-01","title":"T","colour":"red","owners":)" +
                              kTokyo + "}",
                          admin_),
               400, "bad_request", "colour");
  expect_error_code(api_->post("/api/v1/patents",
                          R"({"application_number":"JP2021000009A","jurisdiction":"JP","filing_date":"2020-02-30","title":"T","owners":)" +
                              kTokyo + "}",
                          admin_),
               400, "bad_request", "filing_date");
  expect_error_code(api_->post("/api/v1/patents", R"("JP2021000009A")", admin_), 400, "bad_request");
  // Roles without the right.
  EXPECT_EQ(api_->post("/api/v1/patents", patent("JP2021000009A", kTokyo), tech_).status, 403);
  EXPECT_EQ(api_->post("/api/v1/patents", patent("JP2021000009A", kTokyo), finance_).status, 403);
  EXPECT_EQ(api_->post("/api/v1/patents", patent("JP2021000009A", kTokyo), tokyo_viewer_).status, 403);
  EXPECT_EQ(api_->post("/api/v1/patents", patent("JP2021000009A", kTokyo), "").status, 401);
  EXPECT_EQ(patents(), before);
}

TEST_P(RegistryApiTest, IpManagerRegistersOnlyItsOwn) {
  const auto before = patents();
  // Another institution's patent, by putting its code in the body: 404.
  expect_error_code(api_->post("/api/v1/patents", patent("JP2021000010A", kKyoto), tokyo_manager_), 404, "not_found",
               "owners");
  // Taking over another institution's stored patent by naming itself owner: 404.
  expect_error_code(api_->post("/api/v1/patents", patent("JP2020000002A", kTokyo, "Mine now"), tokyo_manager_), 404,
               "not_found");
  EXPECT_EQ(patents(), before);
  // Its own, alone or jointly: allowed.
  const Reply own = api_->post("/api/v1/patents", patent("JP2021000010A", kTokyo), tokyo_manager_);
  EXPECT_EQ(own.status, 201) << own.body;
  const Reply joint = api_->post("/api/v1/patents", patent("JP2021000011A", kBoth), tokyo_manager_);
  EXPECT_EQ(joint.status, 201) << joint.body;
  // Editing a joint patent it co-owns.
  const Reply edit = api_->post("/api/v1/patents", patent("JP2020000003A", kBoth, "Joint, renamed"), tokyo_manager_);
  EXPECT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(Json(edit.body).str("/result"), "updated");
}

TEST_P(RegistryApiTest, ReplacePatentWithPut) {
  const Reply put = api_->request("PUT", "/api/v1/patents/JP2020-000001", patent("JP2020000001A", kTokyo, "Renamed"),
                                  tokyo_manager_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Json(put.body).str("/result"), "updated");
  EXPECT_EQ(RegistryService(api_->db()).find_patent("JP2020000001A")->patent.title, "Renamed");

  const auto before = patents();
  expect_error_code(api_->request("PUT", "/api/v1/patents/JP2020000001A", patent("JP2020000004A", kTokyo, "Other"),
                             admin_),
               400, "bad_request", "application_number");
  expect_error_code(api_->request("PUT", "/api/v1/patents/JP2029999999A", patent("JP2029999999A", kTokyo), admin_),
               404, "not_found");
  // Another institution's patent: as if it did not exist.
  expect_error_code(api_->request("PUT", "/api/v1/patents/JP2020000002A", patent("JP2020000002A", kKyoto, "X"),
                             tokyo_manager_),
               404, "not_found");
  // Giving its own patent away to another institution.
  expect_error_code(api_->request("PUT", "/api/v1/patents/JP2020000004A", patent("JP2020000004A", kKyoto, "X"),
                             tokyo_manager_),
               404, "not_found", "owners");
  EXPECT_EQ(api_->request("PUT", "/api/v1/patents/JP2020000001A", patent("JP2020000001A", kTokyo), tech_).status,
            403);
  EXPECT_EQ(patents(), before);
}

TEST_P(RegistryApiTest, ShowPatentScoping) {
  // Any accepted spelling of the number.
  const Reply spelled = api_->get("/api/v1/patents/JP%202020-000001", tech_);
  ASSERT_EQ(spelled.status, 200) << spelled.body;
  EXPECT_EQ(Json(spelled.body).str("/application_number"), "JP2020000001A");

  EXPECT_EQ(api_->get("/api/v1/patents/JP2020000001A", tokyo_viewer_).status, 200);
  EXPECT_EQ(api_->get("/api/v1/patents/JP2020000003A", tokyo_viewer_).status, 200);  // joint
  const Reply foreign = api_->get("/api/v1/patents/JP2020000002A", tokyo_viewer_);
  expect_error_code(foreign, 404, "not_found");
  const Reply missing = api_->get("/api/v1/patents/JP2029999999A", tokyo_viewer_);
  expect_error_code(missing, 404, "not_found");
  // A foreign patent looks exactly like a missing one (apart from the number).
  EXPECT_EQ(Json(foreign.body).str("/error/message"), "patent JP2020000002A not found");
  EXPECT_EQ(api_->get("/api/v1/patents/JP2020000002A", tokyo_manager_).status, 404);
  EXPECT_EQ(api_->get("/api/v1/patents/JP2020000001A", finance_).status, 403);
  EXPECT_EQ(api_->get("/api/v1/patents/JP2020000001A", "").status, 401);
  EXPECT_EQ(api_->get("/api/v1/patents/JP2020000001A", "not-a-token").status, 401);
}

// A number in a path or query that does not parse is 400 saying what is
// wrong (not 404); a US series form without its year finds its application,
// 409 naming both when two match; a well-formed unregistered number stays 404.
TEST_P(RegistryApiTest, NumbersInPathsSayWhatIsWrong) {
  auto us = [&](const std::string& number, const std::string& filed, const std::string& owners) {
    return testing::patent(number).jurisdiction("US").filed(filed).title("Electrode").owners(owners).json();
  };
  ASSERT_EQ(api_->post("/api/v1/patents", us("US 18/612,345", "2024-03-01", kTokyo), admin_).status, 201);
  ASSERT_EQ(api_->post("/api/v1/patents", us("US 13/167,395", "2011-06-23", kTokyo), admin_).status, 201);
  ASSERT_EQ(api_->post("/api/v1/patents", us("US 13/167,395", "2012-06-23", kKyoto), admin_).status, 201);
  const auto before = patents();

  const Reply bad = api_->get("/api/v1/patents/JP%202024-1234567", admin_);
  expect_error_code(bad, 400, "bad_number", "number");
  EXPECT_EQ(Json(bad.body).str("/error/message"),
            "application number \"JP 2024-1234567\": the serial number 1234567 has 7 digits; at most 6 are allowed");
  expect_error_code(api_->get("/api/v1/patents/XX%20123", admin_), 400, "unknown_jurisdiction", "number");
  expect_error_code(api_->get("/api/v1/patents/XX%20123", tokyo_viewer_), 400, "unknown_jurisdiction", "number");
  expect_error_code(api_->request("PATCH", "/api/v1/patents/XX%20123", R"({"title":"T"})", admin_), 400,
                    "unknown_jurisdiction", "number");
  expect_error_code(api_->get("/api/v1/families/JP%202024-1234567", admin_), 400, "bad_number", "number");
  expect_error_code(api_->get("/api/v1/patents/XX%20123/aggregation", admin_), 400, "unknown_jurisdiction");
  expect_error_code(api_->get("/api/v1/history?key=JP%202024-1234567", admin_), 400, "bad_number", "key");
  expect_error_code(api_->get("/api/v1/history?key=XX%20123", tokyo_viewer_), 400, "unknown_jurisdiction", "key");
  // Well-formed but not registered: 404 as before.
  expect_error_code(api_->get("/api/v1/patents/JP2099999999A", admin_), 404, "not_found");

  // The series form, with or without US and the comma.
  for (const char* path : {"/api/v1/patents/US%2018%2F612%2C345", "/api/v1/patents/18%2F612345"}) {
    const Reply r = api_->get(path, tech_);
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    EXPECT_EQ(Json(r.body).str("/application_number"), "US202418612345A");
  }
  const Reply patched =
      api_->request("PATCH", "/api/v1/patents/18%2F612%2C345", R"({"title":"Anode"})", tokyo_manager_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(api_->get("/api/v1/patents/US202418612345A", admin_).body).str("/title"), "Anode");
  // Two match: 409 naming both; a scoped caller resolves among its own.
  const Reply two = api_->get("/api/v1/patents/13%2F167%2C395", admin_);
  expect_error_code(two, 409, "ambiguous_number", "number");
  EXPECT_NE(Json(two.body).str("/error/message").find("US201113167395A, US201213167395A"), std::string::npos)
      << two.body;
  const Reply mine = api_->get("/api/v1/patents/13%2F167%2C395", tokyo_viewer_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Json(mine.body).str("/application_number"), "US201113167395A");
  // …and the admin still gets the refusal after that (nothing cached for it).
  expect_error_code(api_->get("/api/v1/patents/13%2F167%2C395", admin_), 409, "ambiguous_number");
  expect_error_code(api_->get("/api/v1/families/13%2F167%2C395", admin_), 409, "ambiguous_number");
  // None registered.
  expect_error_code(api_->get("/api/v1/patents/US%2017%2F000%2C001", admin_), 404, "not_found");

  auto after = patents();
  after.erase("US202418612345A");
  auto expected = before;
  expected.erase("US202418612345A");
  EXPECT_EQ(after, expected) << "a refused request changed a patent";
}

// GET /patents/{number} answers from the read cache on SQLite (api.cache_mb):
// every write — through this server, or through any other connection or
// process — is seen by the next request, and scoping applies to cached bodies.
TEST_P(RegistryApiTest, ShowPatentFollowsEveryWriteThroughTheReadCache) {
  const std::string path = "/api/v1/patents/JP2020000001A";
  const std::string kyoto_viewer = api_->token_for("kyoto_viewer", Role::kInstitutionViewer, "U-KYOTO");
  for (int i = 0; i < 5; ++i) {
    const Reply r = api_->get(path, admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r.body).str("/title"), "Electrode");
  }
  const api::CacheStats warm = api_->server().patent_cache_stats();
  if (GetParam() == "sqlite") {
    EXPECT_GE(warm.hits, 3u) << "the third and later reads come from the cache";
    EXPECT_GE(api_->server().token_cache_stats().hits, 3u);
  } else {
    EXPECT_EQ(warm.hits + warm.misses, 0u) << "PostgreSQL reads the database every time";
  }

  // A cached body is still scoped: another institution gets 404, its owner 200.
  expect_error_code(api_->get(path, kyoto_viewer), 404, "not_found");
  EXPECT_EQ(api_->get(path, tokyo_viewer_).status, 200);

  // A write by another connection (as by another process): seen at once.
  soci_session(api_->db()) << "UPDATE patent SET title = 'Anode' WHERE application_number = 'JP2020000001A'";
  EXPECT_EQ(Json(api_->get(path, admin_).body).str("/title"), "Anode");
  EXPECT_EQ(Json(api_->get(path, admin_).body).str("/title"), "Anode");

  // A write through this server: seen by its next read.
  ASSERT_EQ(api_->request("PUT", path, patent("JP2020000001A", kTokyo, "Cathode"), tokyo_manager_).status, 200);
  EXPECT_EQ(Json(api_->get(path, admin_).body).str("/title"), "Cathode");
  EXPECT_EQ(Json(api_->get(path, tokyo_viewer_).body).str("/title"), "Cathode");

  // Ownership moved elsewhere: the cached scoping moves with it.
  ASSERT_EQ(api_->request("PUT", path + "?replace=true", patent("JP2020000001A", kKyoto, "Cathode"), admin_).status, 200);
  EXPECT_EQ(api_->get(path, kyoto_viewer).status, 200);
  expect_error_code(api_->get(path, tokyo_viewer_), 404, "not_found");

  // A token revoked elsewhere (chizai token revoke): refused at once.
  ASSERT_TRUE(AuthService(api_->db()).revoke("kyoto_viewer").ok());
  EXPECT_EQ(api_->get(path, kyoto_viewer).status, 401);
}

TEST_P(RegistryApiTest, ListWithCursorPagination) {
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const Reply r = api_->get("/api/v1/patents?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    Json j(r.body);
    const std::size_t n = j.size("/items");
    ASSERT_LE(n, 3u);
    for (std::size_t i = 0; i < n; ++i) seen.push_back(j.str("/items/" + std::to_string(i) + "/application_number"));
    cursor = j.is_null("/next_cursor") ? "" : j.str("/next_cursor");
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, (std::vector<std::string>{"JP2020000001A", "JP2020000002A", "JP2020000003A", "JP2020000004A"}));

  // An exact last page says there is no next one.
  const Reply exact = api_->get("/api/v1/patents?limit=4", admin_);
  ASSERT_EQ(exact.status, 200);
  EXPECT_TRUE(Json(exact.body).is_null("/next_cursor"));

  const Reply kyoto = api_->get("/api/v1/patents?institution=U-KYOTO", tech_);
  ASSERT_EQ(kyoto.status, 200) << kyoto.body;
  Json k(kyoto.body);
  ASSERT_EQ(k.size("/items"), 2u);
  EXPECT_EQ(k.str("/items/0/application_number"), "JP2020000002A");
  EXPECT_EQ(k.str("/items/1/application_number"), "JP2020000003A");

  expect_error_code(api_->get("/api/v1/patents?limit=1001", admin_), 400, "bad_request", "limit");
  expect_error_code(api_->get("/api/v1/patents?limit=0", admin_), 400, "bad_request", "limit");
  expect_error_code(api_->get("/api/v1/patents?cursor=zz", admin_), 400, "bad_request", "cursor");
  expect_error_code(api_->get("/api/v1/patents?institution=U-NONE", admin_), 404, "unknown_institution");
  EXPECT_EQ(api_->get("/api/v1/patents", finance_).status, 403);
}

TEST_P(RegistryApiTest, ScopedListShowsOnlyItsOwn) {
  const Reply own = api_->get("/api/v1/patents", tokyo_viewer_);
  ASSERT_EQ(own.status, 200) << own.body;
  Json j(own.body);
  ASSERT_EQ(j.size("/items"), 3u);
  EXPECT_EQ(j.str("/items/0/application_number"), "JP2020000001A");
  EXPECT_EQ(j.str("/items/1/application_number"), "JP2020000003A");
  EXPECT_EQ(j.str("/items/2/application_number"), "JP2020000004A");
  EXPECT_EQ(api_->get("/api/v1/patents?institution=U-TOKYO", tokyo_manager_).status, 200);
  expect_error_code(api_->get("/api/v1/patents?institution=U-KYOTO", tokyo_viewer_), 404, "not_found");
  expect_error_code(api_->get("/api/v1/patents?institution=U-KYOTO", tokyo_manager_), 404, "not_found");
}

const std::string kCsvHeader = "application_number,jurisdiction,filing_date,title,owners,claims\n";

TEST_P(RegistryApiTest, ImportJsonlAndCsv) {
  const std::string jsonl = patent("JP2022000001A", kTokyo) + "\n" + patent("JP2022000002A", kKyoto) + "\n" +
                            patent("JP2020000001A", kTokyo) + "\n";
  const Reply r = api_->post("/api/v1/patents/import", jsonl, admin_, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.num("/read"), 3);
  EXPECT_EQ(j.num("/inserted"), 2);
  EXPECT_EQ(j.num("/unchanged"), 1);
  EXPECT_EQ(j.num("/rejected"), 0);
  EXPECT_EQ(j.size("/problems"), 0u);

  const std::string csv = kCsvHeader + "JP 2022-000003,JP,2022-03-01,\"Cell, improved\",U-TOKYO:1,3\n";
  const Reply c = api_->post("/api/v1/patents/import", csv, admin_, {{"Content-Type", "text/csv; charset=utf-8"}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(Json(c.body).num("/inserted"), 1);
  auto stored = RegistryService(api_->db()).find_patent("JP2022000003A");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->patent.title, "Cell, improved");
  ASSERT_TRUE(stored->patent.claims.has_value());
  EXPECT_EQ(*stored->patent.claims, 3);
}

TEST_P(RegistryApiTest, ImportRefusedWholeWithTheSameReport) {
  const std::string csv = kCsvHeader +
                          "JP 2019-000001,JP,2019-02-29,Bad date,U-TOKYO:1,3\n"
                          "JP 2019-000002,JP,2019-03-01,Good,U-TOKYO:1,3\n"
                          "JP 2019-000003,JP,2019-03-01,Bad shares,U-TOKYO:1/2; U-KYOTO:1/3,-1\n";
  const auto before = patents();
  const Reply r = api_->post("/api/v1/patents/import", csv, admin_, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 422) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.str("/error/code"), "invalid_records");
  EXPECT_EQ(j.str("/error/field"), "filing_date");
  EXPECT_NE(j.str("/error/message").find("nothing was written"), std::string::npos);
  EXPECT_EQ(j.num("/report/read"), 3);
  EXPECT_EQ(j.num("/report/rejected"), 2);
  EXPECT_EQ(j.num("/report/inserted"), 0);
  EXPECT_FALSE(j.at("/report/written").get_bool().value());
  EXPECT_EQ(patents(), before);

  // The report is the import service's, problem for problem.
  std::istringstream in(csv);
  const ImportReport direct = [&] {
    RegistryService service(api_->db());
    return service.import_patents(in, FileFormat::kCsv, {});
  }();
  ASSERT_EQ(j.size("/report/problems"), direct.problems.size());
  for (std::size_t i = 0; i < direct.problems.size(); ++i) {
    const std::string p = "/report/problems/" + std::to_string(i);
    EXPECT_EQ(j.num(p + "/line"), static_cast<std::int64_t>(direct.problems[i].line));
    EXPECT_EQ(j.str(p + "/key"), direct.problems[i].key);
    EXPECT_EQ(j.str(p + "/field"), direct.problems[i].field);
    EXPECT_EQ(j.str(p + "/reason"), direct.problems[i].reason);
  }
  EXPECT_EQ(j.str("/report/problems/0/field"), "filing_date");
  EXPECT_EQ(j.num("/report/problems/0/line"), 2);
  EXPECT_NE(j.str("/report/problems/1/reason").find("shares sum to 5/6"), std::string::npos);

  // With ?skip_invalid=true the good record goes in, the report says the rest.
  const Reply skip = api_->post("/api/v1/patents/import?skip_invalid=true", csv, admin_, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(skip.status, 200) << skip.body;
  Json s(skip.body);
  EXPECT_EQ(s.num("/inserted"), 1);
  EXPECT_EQ(s.num("/rejected"), 2);
  EXPECT_TRUE(RegistryService(api_->db()).find_patent("JP2019000002A").has_value());
  EXPECT_FALSE(RegistryService(api_->db()).find_patent("JP2019000001A").has_value());
}

TEST_P(RegistryApiTest, ImportRefusals) {
  const auto before = patents();
  const std::string jsonl = patent("JP2022000001A", kTokyo) + "\n";
  // (application/xml is an office document now: README "Office XML".)
  expect_error_code(api_->post("/api/v1/patents/import", jsonl, admin_, {{"Content-Type", "application/pdf"}}), 415,
               "unsupported_media_type");
  expect_error_code(api_->post("/api/v1/patents/import?skip_invalid=maybe", jsonl, admin_,
                          {{"Content-Type", "application/x-ndjson"}}),
               400, "bad_request", "skip_invalid");
  // A scoped manager importing another institution's patents: the whole file refused.
  const std::string mixed = jsonl + patent("JP2022000002A", kKyoto) + "\n";
  const Reply foreign = api_->post("/api/v1/patents/import", mixed, tokyo_manager_,
                                   {{"Content-Type", "application/x-ndjson"}});
  expect_error_code(foreign, 404, "not_found", "owners");
  EXPECT_NE(Json(foreign.body).str("/error/message").find("line 2"), std::string::npos) << foreign.body;
  // Or overwriting one it cannot see.
  expect_error_code(api_->post("/api/v1/patents/import", patent("JP2020000002A", kTokyo) + "\n", tokyo_manager_,
                          {{"Content-Type", "application/x-ndjson"}}),
               404, "not_found");
  EXPECT_EQ(api_->post("/api/v1/patents/import", jsonl, tech_, {{"Content-Type", "application/x-ndjson"}}).status,
            403);
  EXPECT_EQ(api_->post("/api/v1/patents/import", jsonl, tokyo_viewer_, {{"Content-Type", "application/x-ndjson"}})
                .status,
            403);
  EXPECT_EQ(patents(), before);
  // Its own: allowed.
  const Reply own = api_->post("/api/v1/patents/import", jsonl, tokyo_manager_,
                               {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own.body).num("/inserted"), 1);
}

// Issue 18's attack: the ip_manager of one co-owner replaces the co-owned
// patent with itself as sole owner. Refused on every door (403), even with
// ?replace=true, and nothing changes.
TEST_P(RegistryApiTest, IpManagerCannotTakeOverACoOwnedPatent) {
  const auto before = patents();
  const std::string path = "/api/v1/patents/JP2020000003A";
  for (const std::string& q : {std::string(), std::string("?replace=true")}) {
    expect_error_code(api_->request("PUT", path + q, patent("JP2020000003A", kTokyo), tokyo_manager_), 403,
                      "owner_change_forbidden", "owners");
    expect_error_code(api_->post("/api/v1/patents" + q, patent("JP2020000003A", kTokyo), tokyo_manager_), 403,
                      "owner_change_forbidden", "owners");
  }
  expect_error_code(api_->request("PATCH", path, R"({"owners":)" + kTokyo + "}", tokyo_manager_), 403, "owner_change_forbidden",
                    "owners");
  EXPECT_EQ(patents(), before);
  // Renaming its co-owned patent stays allowed.
  const Reply rename = api_->request("PATCH", path, R"({"title":"Joint, renamed"})", tokyo_manager_);
  ASSERT_EQ(rename.status, 200) << rename.body;
  EXPECT_EQ(RegistryService(api_->db()).find_patent("JP2020000003A")->patent.owners.size(), 2u);
}

// A full replacement that would drop data says what and needs ?replace=true;
// PATCH changes only what it names.
TEST_P(RegistryApiTest, ReplacementThatLosesDataNeedsReplace) {
  const std::string full = testing::patent("JP2021000020A").filed("2021-03-01").title("Electrode", "電極").ipc("H01M 4/13")
                               .inventor("Yamada Taro", "U-TOKYO").owners(kBoth).json();
  ASSERT_EQ(api_->post("/api/v1/patents", full, admin_).status, 201);
  const auto before = patents();
  const Reply lossy = api_->request("PUT", "/api/v1/patents/JP2021000020A", patent("JP2021000020A", kBoth), admin_);
  expect_error_code(lossy, 409, "would_remove", "replace");
  EXPECT_NE(Json(lossy.body).str("/error/message").find("inventor Yamada Taro"), std::string::npos) << lossy.body;
  EXPECT_NE(Json(lossy.body).str("/error/message").find("title_ja"), std::string::npos) << lossy.body;
  EXPECT_EQ(patents(), before);

  const Reply patch = api_->request("PATCH", "/api/v1/patents/JP2021-000020", R"({"title":"Cathode"})", admin_);
  ASSERT_EQ(patch.status, 200) << patch.body;
  const Patent p = RegistryService(api_->db()).find_patent("JP2021000020A")->patent;
  EXPECT_EQ(p.title, "Cathode");
  EXPECT_EQ(p.title_ja, "電極");
  ASSERT_EQ(p.inventors.size(), 1u);
  ASSERT_EQ(p.owners.size(), 2u);
  // A patch is read by the one reader: every rule applies.
  expect_error_code(api_->request("PATCH", "/api/v1/patents/JP2021000020A",
                                  R"({"owners":[{"institution":"U-TOKYO","share":"1/2"}]})", admin_),
                    400, "invalid_patent", "owners");
  EXPECT_EQ(api_->request("PATCH", "/api/v1/patents/JP2021000020A", "[]", admin_).status, 400);

  const Reply replaced =
      api_->request("PUT", "/api/v1/patents/JP2021000020A?replace=true", patent("JP2021000020A", kBoth), admin_);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_TRUE(RegistryService(api_->db()).find_patent("JP2021000020A")->patent.inventors.empty());
}

// An owner with a recorded consent is not edited away, even by an admin
// with ?replace=true: that is a dated transfer.
TEST_P(RegistryApiTest, OwnerWithAConsentIsNotEditedAway) {
  const Reply consent = api_->post("/api/v1/patents/JP2020000003A/consents",
                                    R"({"institution":"U-KYOTO","scope":"licensing","date":"2020-05-01"})", admin_);
  ASSERT_EQ(consent.status, 201) << consent.body;
  const auto before = patents();
  const Reply r =
      api_->request("PUT", "/api/v1/patents/JP2020000003A?replace=true", patent("JP2020000003A", kTokyo), admin_);
  expect_error_code(r, 409, "ownership_transfer_required", "owners");
  EXPECT_NE(Json(r.body).str("/error/message").find("U-KYOTO"), std::string::npos) << r.body;
  EXPECT_EQ(patents(), before);
}

// Every registry write is in the history, field by field; the institution's
// own users read their patents' history, any spelling of the number.
TEST_P(RegistryApiTest, RegistryChangesAreInTheHistory) {
  ASSERT_EQ(api_->request("PATCH", "/api/v1/patents/JP2020000001A", R"({"title":"Anode"})", tokyo_manager_).status,
            200);
  const Reply mine = api_->get("/api/v1/history?key=JP%202020-000001", tokyo_viewer_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  Json j(mine.body);
  ASSERT_GE(j.size("/items"), 1u);
  EXPECT_EQ(j.str("/items/0/action"), "patent.update");
  EXPECT_EQ(j.str("/items/0/entity_key"), "JP2020000001A");
  EXPECT_NE(j.str("/items/0/actor").find("api:"), std::string::npos);
  EXPECT_NE(mine.body.find(R"(\"title\":{\"from\":\"Electrode\",\"to\":\"Anode\"})"), std::string::npos)
      << mine.body;
  EXPECT_EQ(api_->get("/api/v1/history?key=JP2020000001A", tokyo_manager_).status, 200);
  // Another institution's patent: as if it had no history at all.
  expect_error_code(api_->get("/api/v1/history?key=JP2020000002A", tokyo_viewer_), 404, "not_found");
  expect_error_code(api_->get("/api/v1/history", tokyo_viewer_), 400, "bad_request", "key");
  EXPECT_EQ(api_->get("/api/v1/history", tech_).status, 403);

  ASSERT_EQ(api_->post("/api/v1/patents", patent("JP2021000030A", kTokyo), tokyo_manager_).status, 201);
  EXPECT_EQ(Json(api_->get("/api/v1/history?key=JP2021000030A", admin_).body).str("/items/0/action"), "patent.add");
}

// The consistency checks (README "Consistency checks") on every door: an
// error is 400 with the rule's code and field; a warning is 422
// needs_confirmation until ?accept_warnings=true; nothing is written meanwhile.
TEST_P(RegistryApiTest, ConsistencyChecksRefuseNamingTheFieldAndCode) {
  const auto before = patents();
  // Priority 2019-03-04, period ended 2020-03-04: filed 2020-04-01.
  const std::string late = testing::patent("US202000000001A").jurisdiction("US").filed("2020-04-01")
                               .owners(kTokyo).priority("JP2019100001A", "2019-03-04", "paris").json();
  const Reply warned = api_->post("/api/v1/patents", late, admin_);
  expect_error_code(warned, 422, "needs_confirmation", "priority_claims[0].date");
  EXPECT_NE(Json(warned.body).str("/error/message").find("priority_restoration"), std::string::npos) << warned.body;
  expect_error_code(api_->post("/api/v1/patents?accept_warnings=maybe", late, admin_), 400, "bad_request",
                    "accept_warnings");
  expect_error_code(api_->post("/api/v1/patents", testing::patent("特願2024-100001").filed("2019-04-01").owners(kTokyo).json(),
                               admin_),
                    400, "number_year_mismatch", "application_number");
  const Reply conflict = api_->post(
      "/api/v1/patents", testing::patent("PCT/JP2020/000123").jurisdiction("JP").filed("2020-03-30").owners(kTokyo).json(),
      admin_);
  expect_error_code(conflict, 400, "jurisdiction_mismatch", "jurisdiction");
  EXPECT_NE(Json(conflict.body).str("/error/message").find("a WO application"), std::string::npos) << conflict.body;
  expect_error_code(api_->post("/api/v1/patents",
                               testing::patent("JP2020100001A").filed("2020-02-01").owners(kTokyo)
                                   .priority("JP2020000001A", "", "divisional").json(),
                               admin_),
                    400, "filed_before_parent", "filing_date");
  EXPECT_EQ(patents(), before);

  const Reply accepted = api_->post("/api/v1/patents?accept_warnings=true", late, admin_);
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  // The jurisdiction left to the number.
  const Reply bare = api_->post(
      "/api/v1/patents", R"({"application_number":"特願2020-100002","filing_date":"2020-04-01","title":"T","owners":)" + kTokyo + "}",
      admin_);
  ASSERT_EQ(bare.status, 201) << bare.body;
  EXPECT_EQ(RegistryService(api_->db()).find_patent("JP2020100002A")->patent.jurisdiction, "JP");

  // PATCH and PUT: the same checks on the record they make.
  const std::string path = "/api/v1/patents/JP2020100002A";
  const std::string late_claim = R"({"priority_claims":[{"number":"JP2019100009A","date":"2019-03-01","kind":"paris"}]})";
  expect_error_code(api_->request("PATCH", path, late_claim, admin_), 422, "needs_confirmation",
                    "priority_claims[0].date");
  expect_error_code(api_->request("PUT", path, testing::patent("JP2020100002A").filed("2020-04-01").title("T").owners(kTokyo)
                                                  .extra(R"(,"status":"granted","grant_date":"2020-01-01")").json(),
                                  admin_),
                    400, "grant_before_filing", "grant_date");
  ASSERT_EQ(api_->request("PATCH", path + "?accept_warnings=true", late_claim, admin_).status, 200);
}

TEST_P(RegistryApiTest, ImportReportsTheChecksCodesAndAcceptsWarningsOnRequest) {
  const std::string jsonl = testing::patent("US202000000001A").jurisdiction("US").filed("2020-04-01").owners(kTokyo)
                                .priority("JP2019100001A", "2019-03-04", "paris").json() + "\n" +
                            patent("JP2022000001A", R"([{"institution":"U-TOKYO","share":"1/2"}])") + "\n";
  const auto before = patents();
  const Reply refused = api_->post("/api/v1/patents/import", jsonl, admin_, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  Json j(refused.body);
  EXPECT_EQ(j.str("/report/problems/0/field"), "priority_claims[0].date");
  EXPECT_EQ(j.str("/report/problems/0/code"), "priority_restoration");
  EXPECT_EQ(j.str("/report/problems/1/field"), "owners");
  EXPECT_TRUE(j.is_null("/report/problems/1/code"));
  EXPECT_EQ(patents(), before);
  const std::string good = jsonl.substr(0, jsonl.find('\n') + 1);
  expect_error_code(api_->post("/api/v1/patents/import", good, admin_, {{"Content-Type", "application/x-ndjson"}}), 422,
                    "invalid_records", "priority_claims[0].date");
  const Reply accepted = api_->post("/api/v1/patents/import?accept_warnings=true", good, admin_,
                                    {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Json(accepted.body).num("/inserted"), 1);
}

// Office XML through the same upload (README "Office XML"): the report is
// the import's with "office" beside it; a malformed file is a 422 naming
// its line; creating institutions is an administrator's act.
TEST_P(RegistryApiTest, ImportOfficeXml) {
  std::ifstream in(std::string(CHIZAI_SOURCE_DIR) + "/tests/data/office/go-uspto/grant_v4-5-B1.xml", std::ios::binary);
  std::stringstream xml;
  xml << in.rdbuf();
  const auto before = patents();
  const Reply refused = api_->post("/api/v1/patents/import", xml.str(), admin_, {{"Content-Type", "application/xml"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  Json rj(refused.body);
  EXPECT_EQ(rj.str("/report/office/unresolved/0/name"), "Toyota Motor Engineering & Manufacturing North America, Inc.");
  EXPECT_EQ(patents(), before);
  expect_error_code(api_->post("/api/v1/patents/import?unresolved=create", xml.str(), tokyo_manager_,
                               {{"Content-Type", "application/xml"}}),
                    403, "forbidden");
  const Reply r = api_->post("/api/v1/patents/import?unresolved=create", xml.str(), admin_,
                             {{"Content-Type", "application/xml"}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json j(r.body);
  EXPECT_EQ(j.num("/inserted"), 1);
  EXPECT_EQ(j.str("/office/kind"), "USPTO grant");
  EXPECT_EQ(j.num("/office/publications_added"), 1);
  // US 14/558,596 filed 2014-12-02: DOCDB puts the year in front.
  auto stored = RegistryService(api_->db()).find_patent("US201414558596A");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->patent.grant_number, "US09358892");
  EXPECT_EQ(stored->patent.claims, 20);

  const Reply bad = api_->post("/api/v1/patents/import", "<a>\n<b>\n</a>", admin_, {{"Content-Type", "text/xml"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Json(bad.body).str("/error/code"), "invalid_office_xml");
  EXPECT_NE(Json(bad.body).str("/error/message").find("line 3"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
