// Users, tokens and the audit log over HTTP (admin only), on both backends.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <sstream>

#include "api_harness.h"
#include "registry_fixture.h"
#include "services/auth_service.h"
#include "services/registry_service.h"
#include "store/session.h"

namespace chizai::testing {
namespace {

using api::Role;

class AdminApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    h_ = std::make_unique<ApiHarness>(GetParam());
    std::istringstream in(institutions({"AGG-JST", "U-TOKYO"}));
    ASSERT_TRUE(RegistryService(h_->db()).import_institutions(in, FileFormat::kJsonl, {}).written);
    admin_ = h_->token_for("root", Role::kAdmin);
  }
  long long count(const std::string& table) {
    long long n = 0;
    soci_session(h_->db()) << "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table, soci::into(n);
    return n;
  }
  std::unique_ptr<ApiHarness> h_;
  std::string admin_;
};

TEST_P(AdminApiTest, AddUserCreateTokenUseItRevokeIt) {
  auto added = h_->post("/api/v1/users", R"({"name":"tanaka","role":"ip_manager","institution":"U-TOKYO"})", admin_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_NE(added.body.find(R"("name":"tanaka","role":"ip_manager","institution":"U-TOKYO")"), std::string::npos)
      << added.body;

  auto token = h_->post("/api/v1/users/tanaka/tokens", "", admin_);
  ASSERT_EQ(token.status, 201) << token.body;
  EXPECT_EQ(token.headers["cache-control"], "no-store");
  const auto at = token.body.find("\"token\":\"");
  ASSERT_NE(at, std::string::npos);
  const std::string secret = token.body.substr(at + 9, 68);
  const auto id_at = token.body.find("\"id\":");
  const std::string id = token.body.substr(id_at + 5, token.body.find(',', id_at) - id_at - 5);

  // The new token works (and is not an admin's: 403 on admin routes).
  EXPECT_EQ(h_->get("/api/v1/users", secret).status, 403);
  auto users = h_->get("/api/v1/users", admin_);
  ASSERT_EQ(users.status, 200);
  EXPECT_NE(users.body.find("\"tanaka\""), std::string::npos);
  EXPECT_NE(users.body.find("\"active_tokens\":1"), std::string::npos) << users.body;

  auto revoked = h_->request("DELETE", "/api/v1/tokens/" + id, "", admin_);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_NE(revoked.body.find("\"revoked\":true"), std::string::npos);
  EXPECT_EQ(h_->get("/api/v1/users", secret).status, 401);

  // Each mutation left one audit record, newest first, with the admin's name.
  auto audit = h_->get("/api/v1/audit", admin_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto p_revoke = audit.body.find("\"route\":\"/api/v1/tokens/{id}\"");
  const auto p_token = audit.body.find("\"route\":\"/api/v1/users/{name}/tokens\"");
  const auto p_user = audit.body.find("\"route\":\"/api/v1/users\"");
  ASSERT_NE(p_revoke, std::string::npos);
  ASSERT_NE(p_token, std::string::npos);
  ASSERT_NE(p_user, std::string::npos);
  EXPECT_LT(p_revoke, p_token);
  EXPECT_LT(p_token, p_user);
  EXPECT_NE(audit.body.find("\"user\":\"root\""), std::string::npos);
  EXPECT_NE(audit.body.find("\"entity_type\":\"user\",\"entity_id\":\"tanaka\""), std::string::npos);
  EXPECT_EQ(count("api_audit"), 3);
  // The token itself is nowhere in the database.
  EXPECT_EQ(dump_content(h_->db()).find(secret.substr(4)), std::string::npos);
}

// The value of `"key":"` in `body`, up to the next quote.
std::string text_field(const std::string& body, const std::string& key) {
  const auto at = body.find("\"" + key + "\":\"");
  if (at == std::string::npos) return "";
  const auto from = at + key.size() + 4;
  return body.substr(from, body.find('"', from) - from);
}

TEST_P(AdminApiTest, DisabledUsersTokensStopAtOnceAndEnablingBringsThemBack) {
  ASSERT_EQ(h_->post("/api/v1/users", R"({"name":"sato","role":"finance"})", admin_).status, 201);
  auto token = h_->post("/api/v1/users/sato/tokens", "", admin_);
  ASSERT_EQ(token.status, 201) << token.body;
  const std::string secret = text_field(token.body, "token");
  EXPECT_NE(token.body.find("\"expires_at\":null"), std::string::npos) << token.body;
  // Read twice: the second answer may come from the server's token cache.
  ASSERT_EQ(h_->get("/api/v1/payouts", secret).status, 200);
  ASSERT_EQ(h_->get("/api/v1/payouts", secret).status, 200);

  auto off = h_->post("/api/v1/users/sato/disable", "", admin_);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_NE(off.body.find("\"disabled_at\":\"20"), std::string::npos) << off.body;
  EXPECT_EQ(h_->get("/api/v1/payouts", secret).status, 401);
  EXPECT_EQ(h_->post("/api/v1/users/sato/tokens", "", admin_).status, 422);

  auto on = h_->post("/api/v1/users/sato/enable", "{}", admin_);
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_NE(on.body.find("\"disabled_at\":null"), std::string::npos) << on.body;
  EXPECT_EQ(h_->get("/api/v1/payouts", secret).status, 200);

  // Disabled by another process (the CLI) while the server has it cached.
  ASSERT_TRUE(AuthService(h_->db()).set_disabled("sato", true));
  EXPECT_EQ(h_->get("/api/v1/payouts", secret).status, 401);
  EXPECT_EQ(h_->post("/api/v1/users/nobody/disable", "", admin_).status, 404);
  EXPECT_EQ(h_->post("/api/v1/users/sato/disable", R"({"x":1})", admin_).status, 400);
}

TEST_P(AdminApiTest, SetRoleRefusesInstitutionsThatContradictTheRole) {
  ASSERT_EQ(h_->post("/api/v1/users", R"({"name":"ito","role":"ip_manager","institution":"U-TOKYO"})", admin_)
                .status,
            201);
  const std::string before = dump_content(h_->db());
  struct Case {
    std::string body;
    int status;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {R"({"role":"admin","institution":"U-TOKYO"})", 400, "institution_not_allowed", "institution"},
      {R"({"role":"finance","institution":"U-TOKYO"})", 400, "institution_not_allowed", "institution"},
      {R"({"role":"institution_viewer"})", 400, "missing_institution", "institution"},
      {R"({"role":"ip_manager","institution":"U-NONE"})", 404, "unknown_institution", "institution"},
      {R"({"institution":"U-TOKYO"})", 400, "bad_request", "role"},
  };
  for (const auto& c : cases) {
    auto r = h_->request("PUT", "/api/v1/users/ito/role", c.body, admin_);
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    EXPECT_NE(r.body.find("\"code\":\"" + c.code + "\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"field\":\"" + c.field + "\""), std::string::npos) << r.body;
  }
  // add_user refuses the same contradiction.
  auto added = h_->post("/api/v1/users", R"({"name":"x1","role":"admin","institution":"U-TOKYO"})", admin_);
  EXPECT_EQ(added.status, 400) << added.body;
  EXPECT_NE(added.body.find("institution_not_allowed"), std::string::npos) << added.body;
  EXPECT_EQ(dump_content(h_->db()), before);

  auto r = h_->request("PUT", "/api/v1/users/ito/role", R"({"role":"institution_viewer","institution":"AGG-JST"})",
                       admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("role":"institution_viewer","institution":"AGG-JST")"), std::string::npos) << r.body;
  auto t = h_->request("PUT", "/api/v1/users/ito/role", R"({"role":"tech_transfer"})", admin_);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_NE(t.body.find(R"("role":"tech_transfer","institution":null)"), std::string::npos) << t.body;
}

TEST_P(AdminApiTest, TokensExpireAndAreListedWithoutSecrets) {
  ASSERT_EQ(h_->post("/api/v1/users", R"({"name":"kato","role":"finance"})", admin_).status, 201);
  auto dated = h_->post("/api/v1/users/kato/tokens", R"({"expires":"2099-01-31"})", admin_);
  ASSERT_EQ(dated.status, 201) << dated.body;
  EXPECT_NE(dated.body.find(R"("expires_at":"2099-01-31T23:59:59Z")"), std::string::npos) << dated.body;
  const std::string secret = text_field(dated.body, "token");
  ASSERT_EQ(h_->get("/api/v1/payouts", secret).status, 200);
  auto bad = h_->post("/api/v1/users/kato/tokens", R"({"expires":"2001-01-01"})", admin_);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find(R"("code":"bad_expiry")"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find(R"("field":"expires")"), std::string::npos) << bad.body;

  auto listed = h_->get("/api/v1/tokens?user=kato", admin_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_NE(listed.body.find(R"("user":"kato")"), std::string::npos) << listed.body;
  EXPECT_NE(listed.body.find(R"("expires_at":"2099-01-31T23:59:59Z","revoked_at":null)"), std::string::npos)
      << listed.body;
  EXPECT_EQ(listed.body.find(secret.substr(4)), std::string::npos);
  EXPECT_EQ(listed.body.find("\"token\""), std::string::npos);
  EXPECT_EQ(h_->get("/api/v1/tokens?user=nobody", admin_).status, 404);
  auto all = h_->get("/api/v1/tokens?limit=1", admin_);
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("\"next_cursor\":\""), std::string::npos) << all.body;  // root's and kato's

  // Past its expiry the token is refused.
  soci_session(h_->db()) << "UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z' "
                            "WHERE expires_at = '2099-01-31T23:59:59Z'";
  EXPECT_EQ(h_->get("/api/v1/payouts", secret).status, 401);
}

TEST_P(AdminApiTest, BadBodiesAreRefusedNamingTheFieldAndWriteNothing) {
  const std::string before = dump_content(h_->db());
  struct Case {
    std::string body;
    int status;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {R"({"name":"x1","role":"admin","extra":1})", 400, "bad_request", "extra"},
      {R"({"name":5,"role":"admin"})", 400, "bad_request", "name"},
      {R"({"role":"admin"})", 400, "bad_request", "name"},
      {R"({"name":"x1","role":"emperor"})", 400, "bad_role", "role"},
      {R"({"name":"x1","role":"ip_manager"})", 400, "missing_institution", "institution"},
      {R"({"name":"x1","role":"ip_manager","institution":"U-NONE"})", 404, "unknown_institution",
       "institution"},
      {R"({"name":"root","role":"admin"})", 409, "duplicate_user", "name"},
      {R"([1,2])", 400, "bad_request", ""},
  };
  for (const auto& c : cases) {
    auto r = h_->post("/api/v1/users", c.body, admin_);
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    EXPECT_NE(r.body.find("\"code\":\"" + c.code + "\""), std::string::npos) << r.body;
    const std::string field = c.field.empty() ? "\"field\":null" : "\"field\":\"" + c.field + "\"";
    EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
  }
  EXPECT_EQ(h_->post("/api/v1/users/nobody/tokens", "", admin_).status, 404);
  EXPECT_EQ(h_->request("DELETE", "/api/v1/tokens/abc", "", admin_).status, 400);
  EXPECT_EQ(h_->request("DELETE", "/api/v1/tokens/99999", "", admin_).status, 404);
  EXPECT_EQ(dump_content(h_->db()), before);
}

TEST_P(AdminApiTest, EmailIsSetCheckedClearedAndAudited) {
  auto added = h_->post("/api/v1/users", R"({"name":"mori","role":"finance","email":"mori@agg.example.jp"})", admin_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_NE(added.body.find(R"("email":"mori@agg.example.jp")"), std::string::npos) << added.body;
  const std::string before = dump_content(h_->db());
  for (const char* body : {R"({"email":"mori@agg"})", R"({"email":"Mori <mori@agg.example.jp>"})",
                           R"({"email":"mori@agg.example.jp\r\nBcc: x@y.example"})", R"({"email":"a..b@agg.example.jp"})"}) {
    auto r = h_->request("PUT", "/api/v1/users/mori/email", body, admin_);
    EXPECT_EQ(r.status, 400) << body << " → " << r.body;
    EXPECT_NE(r.body.find(R"("code":"bad_email")"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(R"("field":"email")"), std::string::npos) << r.body;
  }
  auto bad_add = h_->post("/api/v1/users", R"({"name":"x2","role":"finance","email":"x2"})", admin_);
  EXPECT_EQ(bad_add.status, 400) << bad_add.body;
  EXPECT_EQ(dump_content(h_->db()), before);
  auto set = h_->request("PUT", "/api/v1/users/mori/email", R"({"email":"m.mori+docket@agg.example.jp"})", admin_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_NE(set.body.find(R"("email":"m.mori+docket@agg.example.jp")"), std::string::npos) << set.body;
  auto cleared = h_->request("PUT", "/api/v1/users/mori/email", R"({"email":""})", admin_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_NE(cleared.body.find(R"("email":null)"), std::string::npos) << cleared.body;
  EXPECT_EQ(h_->request("PUT", "/api/v1/users/nobody/email", R"({"email":"a@b.example"})", admin_).status, 404);
  auto audit = h_->get("/api/v1/audit?entity_type=user", admin_);
  EXPECT_NE(audit.body.find(R"("route":"/api/v1/users/{name}/email")"), std::string::npos) << audit.body;
}

TEST_P(AdminApiTest, OnlyAdminsMayUseAdminRoutes) {
  for (Role role : {Role::kIpManager, Role::kTechTransfer, Role::kFinance, Role::kInstitutionViewer}) {
    const bool scoped = role == Role::kIpManager || role == Role::kInstitutionViewer;
    const auto token = h_->token(role, scoped ? "U-TOKYO" : "");
    EXPECT_EQ(h_->get("/api/v1/users", token).status, 403);
    EXPECT_EQ(h_->get("/api/v1/audit", token).status, 403);
    EXPECT_EQ(h_->post("/api/v1/users", R"({"name":"z","role":"admin"})", token).status, 403);
    EXPECT_EQ(h_->post("/api/v1/users/root/tokens", "", token).status, 403);
    EXPECT_EQ(h_->request("DELETE", "/api/v1/tokens/1", "", token).status, 403);
    EXPECT_EQ(h_->get("/api/v1/tokens", token).status, 403);
    EXPECT_EQ(h_->post("/api/v1/users/root/disable", "", token).status, 403);
    EXPECT_EQ(h_->post("/api/v1/users/root/enable", "", token).status, 403);
    EXPECT_EQ(h_->request("PUT", "/api/v1/users/root/role", R"({"role":"finance"})", token).status, 403);
    EXPECT_EQ(h_->request("PUT", "/api/v1/users/root/email", R"({"email":"a@b.example"})", token).status, 403);
  }
  EXPECT_EQ(count("api_audit"), 0);
}

TEST_P(AdminApiTest, AuditLogPagesWithACursorAndFilters) {
  for (int i = 0; i < 5; ++i) {
    auto r = h_->post("/api/v1/users", R"({"name":"u)" + std::to_string(i) + R"(","role":"finance"})", admin_);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = h_->get("/api/v1/audit?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    for (std::size_t at = r.body.find("\"entity_id\":\""); at != std::string::npos;
         at = r.body.find("\"entity_id\":\"", at + 1)) {
      seen.push_back(r.body.substr(at + 13, 2));
    }
    const auto c = r.body.find("\"next_cursor\":\"");
    if (c == std::string::npos) break;
    cursor = r.body.substr(c + 15, r.body.find('"', c + 15) - c - 15);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"u4", "u3", "u2", "u1", "u0"}));
  // Users page by name the same way.
  std::vector<std::string> names;
  cursor.clear();
  for (int page = 0; page < 10; ++page) {
    auto r = h_->get("/api/v1/users?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    for (std::size_t at = r.body.find("\"name\":\""); at != std::string::npos;
         at = r.body.find("\"name\":\"", at + 1)) {
      names.push_back(r.body.substr(at + 8, r.body.find('"', at + 8) - at - 8));
    }
    const auto c = r.body.find("\"next_cursor\":\"");
    if (c == std::string::npos) break;
    cursor = r.body.substr(c + 15, r.body.find('"', c + 15) - c - 15);
  }
  ASSERT_EQ(names.size(), 6u);  // the admin and u0 … u4
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names.back(), "u4");
  auto filtered = h_->get("/api/v1/audit?entity_type=token", admin_);
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(filtered.body, R"({"items":[],"next_cursor":null})");
  auto too_big = h_->get("/api/v1/audit?limit=100000", admin_);
  EXPECT_EQ(too_big.status, 400);
  EXPECT_NE(too_big.body.find("\"field\":\"limit\""), std::string::npos);
  EXPECT_EQ(h_->get("/api/v1/audit?cursor=zz", admin_).status, 400);
  auto not_an_id = h_->get("/api/v1/audit?cursor=616263", admin_);  // "abc"
  EXPECT_EQ(not_an_id.status, 400);
  EXPECT_NE(not_an_id.body.find("\"field\":\"cursor\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminApiTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing
