// The family routes over real HTTP (tests/support/api_harness), on SQLite
// and PostgreSQL: list with pagination, show, rebuild, role refusals and
// institution scoping. A shown body is compared with the CLI's view, so
// both doors say the same thing byte for byte.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api_fixture.h"
#include "api_harness.h"
#include "services/registry_service.h"
#include "render/family.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::text_at;
using testing::int_at;
using testing::texts_at;
using testing::expect_error;

// P1 (U-TOKYO) is a first filing; P2 (U-KYOTO + C-0001) claims only P1, so
// both are one simple and one extended family, named after P1. P3 (U-KYOTO)
// stands alone.
const std::string kPatents = testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                                                     testing::patent("JP2021000002A")
                                                         .filed("2021-02-01")
                                                         .title("Electrode 2")
                                                         .owner("U-KYOTO", "1/2")
                                                         .owner("C-0001", "1/2")
                                                         .priority("JP2020000001A", "2020-03-01"),
                                                     testing::patent("JP2020000003A").filed("2020-05-01").title("Catalyst").owner("U-KYOTO")});

// A JSON value of a reply, by JSON pointer ("/error/field").

class FamilyApiTest : public testing::BackendTest {
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

TEST_P(FamilyApiTest, ListsFamiliesOfEitherKind) {
  const Reply simple = api_->get("/api/v1/families", admin_);
  ASSERT_EQ(simple.status, 200) << simple.body;
  EXPECT_EQ(text_at(simple.body, "/kind"), "simple");
  EXPECT_EQ(texts_at(simple.body, "/items", "id"),
            (std::vector<std::string>{"JP2020000001A", "JP2020000003A"}));
  EXPECT_EQ(texts_at(simple.body, "/items/0/members"),
            (std::vector<std::string>{"JP2020000001A", "JP2021000002A"}));
  EXPECT_TRUE(testing::null_at(simple.body, "/next_cursor"));

  const Reply extended = api_->get("/api/v1/families?kind=extended", admin_);
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(text_at(extended.body, "/kind"), "extended");
  EXPECT_EQ(texts_at(extended.body, "/items", "id"),
            (std::vector<std::string>{"JP2020000001A", "JP2020000003A"}));
}

TEST_P(FamilyApiTest, PagesThroughFamiliesWithTheCursor) {
  const Reply first = api_->get("/api/v1/families?limit=1", admin_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(texts_at(first.body, "/items", "id"), (std::vector<std::string>{"JP2020000001A"}));
  const std::string cursor = text_at(first.body, "/next_cursor");
  ASSERT_FALSE(cursor.empty());
  const Reply second = api_->get("/api/v1/families?limit=1&cursor=" + cursor, admin_);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(texts_at(second.body, "/items", "id"), (std::vector<std::string>{"JP2020000003A"}));
  EXPECT_TRUE(testing::null_at(second.body, "/next_cursor"));
}

TEST_P(FamilyApiTest, RefusesBadQueryValues) {
  expect_error(api_->get("/api/v1/families?kind=docdb", admin_), 400, "kind");
  expect_error(api_->get("/api/v1/families?limit=1000000", admin_), 400, "limit");
  expect_error(api_->get("/api/v1/families?limit=0", admin_), 400, "limit");
}

TEST_P(FamilyApiTest, ShowsBothFamiliesAsTheCliDoes) {
  const Reply r = api_->get("/api/v1/families/JP%202021-000002", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto expected = RegistryService(api_->db()).families_of("JP2021000002A");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(r.body, render::patent_families_json(*expected));
  EXPECT_EQ(text_at(r.body, "/application"), "JP2021000002A");
  EXPECT_EQ(text_at(r.body, "/simple_family/id"), "JP2020000001A");
  EXPECT_EQ(texts_at(r.body, "/extended_family/members"),
            (std::vector<std::string>{"JP2020000001A", "JP2021000002A"}));
}

TEST_P(FamilyApiTest, UnknownPatentIsNotFound) {
  expect_error(api_->get("/api/v1/families/JP2099999999A", admin_), 404);
}

TEST_P(FamilyApiTest, RolesWithoutPatentsAreRefused) {
  const std::string finance = api_->token(Role::kFinance);
  expect_error(api_->get("/api/v1/families", finance), 403);
  expect_error(api_->get("/api/v1/families/JP2020000001A", finance), 403);
  expect_error(api_->get("/api/v1/families", ""), 401);
  const std::string tech = api_->token(Role::kTechTransfer);
  EXPECT_EQ(api_->get("/api/v1/families/JP2020000001A", tech).status, 200);
  expect_error(api_->post("/api/v1/families/rebuild", "", tech), 403);
  expect_error(api_->post("/api/v1/families/rebuild", "", api_->token(Role::kIpManager, "U-TOKYO")), 403);
}

TEST_P(FamilyApiTest, ScopedCallersSeeOnlyTheirInstitutionsMembers) {
  const std::string tokyo = api_->token(Role::kInstitutionViewer, "U-TOKYO");
  const Reply list = api_->get("/api/v1/families", tokyo);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(texts_at(list.body, "/items", "id"), (std::vector<std::string>{"JP2020000001A"}));
  EXPECT_EQ(texts_at(list.body, "/items/0/members"), (std::vector<std::string>{"JP2020000001A"}));

  const Reply own = api_->get("/api/v1/families/JP2020000001A", tokyo);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(texts_at(own.body, "/simple_family/members"), (std::vector<std::string>{"JP2020000001A"}));
  // Another institution's patent is as unknown as a missing one.
  expect_error(api_->get("/api/v1/families/JP2021000002A", tokyo), 404);
  EXPECT_EQ(text_at(api_->get("/api/v1/families/JP2021000002A", tokyo).body, "/error/message").find("U-KYOTO"),
            std::string::npos);

  const std::string kyoto = api_->token(Role::kIpManager, "U-KYOTO");
  const Reply k = api_->get("/api/v1/families/JP2021000002A", kyoto);
  ASSERT_EQ(k.status, 200) << k.body;
  EXPECT_EQ(texts_at(k.body, "/simple_family/members"), (std::vector<std::string>{"JP2021000002A"}));
}

TEST_P(FamilyApiTest, RebuildRecomputesEveryFamily) {
  const Reply r = api_->post("/api/v1/families/rebuild", "", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(int_at(r.body, "/applications"), 3);
  EXPECT_EQ(int_at(r.body, "/simple_families"), 2);
  EXPECT_EQ(int_at(r.body, "/extended_families"), 2);
  EXPECT_EQ(int_at(r.body, "/changed"), 0);  // the import computed them already
}

INSTANTIATE_TEST_SUITE_P(Backends, FamilyApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
