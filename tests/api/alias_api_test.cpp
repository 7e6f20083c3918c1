// Institution aliases over real HTTP (issue 22, section 2), on SQLite and
// PostgreSQL: add, list, remove; a key two institutions claim refused
// naming both (409); an ip_manager writes its own institution's aliases
// only; and GET /api/v1/patents/{number} by the old US form, the series
// form and a publication number (section 3).
#include <gtest/gtest.h>

#include <string>

#include "api_fixture.h"
#include "api_harness.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::expect_error_code;

class AliasApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        api_->db(), testing::four_institutions(testing::Names::kBilingual),
        testing::patent("US20685698A").jurisdiction("US").filed("1998-12-08").owner("U-TOKYO").line() +
            testing::patent("US201113167395A").jurisdiction("US").filed("2011-06-23").owner("U-TOKYO").line() +
            testing::patent("US2013064552W")
                .jurisdiction("WO")
                .filed("2013-10-11")
                .kind("pct")
                .owner("U-KYOTO")
                .extra(R"(,"publication_number":"WO 2014/059999 A1","publication_date":"2014-04-17")")
                .line()));
    admin_ = api_->token(Role::kAdmin);
    tokyo_manager_ = api_->token(Role::kIpManager, "U-TOKYO");
    tech_ = api_->token(Role::kTechTransfer);
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, tokyo_manager_, tech_;
};

TEST_P(AliasApiTest, AddListRemove) {
  const std::string path = "/api/v1/institutions/U-TOKYO/aliases";
  Reply r = api_->request("POST", path, R"({"alias":"TODAI"})", admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body, R"({"institution":"U-TOKYO","alias":"TODAI","key":"todai","result":"inserted"})");
  r = api_->request("POST", path, R"({"alias":"ｔｏｄａｉ."})", tokyo_manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("result":"unchanged")"), std::string::npos) << r.body;
  ASSERT_EQ(api_->request("POST", path, R"({"alias":"国立大学法人 東大"})", tokyo_manager_).status, 201);

  r = api_->get(path, tech_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("alias":"TODAI","key":"todai")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("alias":"国立大学法人 東大","key":"東大")"), std::string::npos) << r.body;

  r = api_->request("DELETE", path + "?alias=TODAI", "", tokyo_manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("result":"removed")"), std::string::npos) << r.body;
  expect_error_code(api_->request("DELETE", path + "?alias=TODAI", "", admin_), 404, "unknown_alias", "alias");
  expect_error_code(api_->request("DELETE", path, "", admin_), 400, "bad_request", "alias");
  expect_error_code(api_->request("POST", path, R"({"alias":"..."})", admin_), 400, "bad_alias", "alias");
  expect_error_code(api_->request("POST", "/api/v1/institutions/U-NOWHERE/aliases", R"({"alias":"X"})", admin_), 404,
                    "unknown_institution", "institution");
}

TEST_P(AliasApiTest, AKeyTwoInstitutionsClaimIsRefusedNamingBoth) {
  ASSERT_EQ(api_->request("POST", "/api/v1/institutions/U-TOKYO/aliases", R"({"alias":"TODAI"})", admin_).status,
            201);
  const Reply r = api_->request("POST", "/api/v1/institutions/U-KYOTO/aliases", R"({"alias":"Todai"})", admin_);
  expect_error_code(r, 409, "alias_taken", "alias");
  EXPECT_NE(r.body.find("U-TOKYO"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("U-KYOTO"), std::string::npos) << r.body;
  // Another institution's name is taken too.
  expect_error_code(
      api_->request("POST", "/api/v1/institutions/U-KYOTO/aliases", R"({"alias":"THE UNIV OF TOKYO"})", admin_), 409,
      "alias_taken", "alias");
}

TEST_P(AliasApiTest, AnIpManagerWritesItsOwnInstitutionsAliasesOnly) {
  const Reply r =
      api_->request("POST", "/api/v1/institutions/U-KYOTO/aliases", R"({"alias":"KYODAI"})", tokyo_manager_);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(api_->request("DELETE", "/api/v1/institutions/U-KYOTO/aliases?alias=X", "", tokyo_manager_).status, 404);
  EXPECT_EQ(api_->request("POST", "/api/v1/institutions/U-KYOTO/aliases", R"({"alias":"KYODAI"})", tech_).status, 403);
  // Reading is everyone's, as institutions are.
  EXPECT_EQ(api_->get("/api/v1/institutions/U-KYOTO/aliases", tokyo_manager_).status, 200);
}

TEST_P(AliasApiTest, PatentsByAnyNumberTheImportAccepts) {
  // The old DOCDB US form, as imported and as the series form; the series
  // form without a year; a publication number (URL-encoded).
  for (const char* path : {"/api/v1/patents/US20685698A", "/api/v1/patents/US%2020685698%20A",
                           "/api/v1/patents/09%2F206%2C856", "/api/v1/patents/US199809206856A"}) {
    const Reply r = api_->get(path, admin_);
    ASSERT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_NE(r.body.find(R"("application_number":"US20685698A")"), std::string::npos) << path;
  }
  const Reply series = api_->get("/api/v1/patents/US%2013%2F167%2C395", admin_);
  ASSERT_EQ(series.status, 200) << series.body;
  EXPECT_NE(series.body.find(R"("application_number":"US201113167395A")"), std::string::npos);
  const Reply published = api_->get("/api/v1/patents/WO2014059999A1", admin_);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_NE(published.body.find(R"("application_number":"US2013064552W")"), std::string::npos);
  // A scoped caller finds its own institution's patents only.
  EXPECT_EQ(api_->get("/api/v1/patents/WO2014059999A1", tokyo_manager_).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, AliasApiTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
