// API users and tokens: validation, hashing (the token is never stored),
// authentication and revocation, on both backends.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/date.h"
#include "io/digest.h"
#include "page_walk.h"
#include "registry_fixture.h"
#include "services/audit_service.h"
#include "services/auth_service.h"
#include "store/session.h"

namespace chizai::testing {
namespace {

class AuthServiceTest : public RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped()) return;
    open_with(institutions({"AGG-JST", "U-TOKYO"}), "", 0);
  }
};

TEST_P(AuthServiceTest, AddsUsersWithRolesAndInstitutions) {
  AuthService auth(*db_);
  auto admin = auth.add_user("alice", "admin", "");
  ASSERT_TRUE(admin) << admin.error().message;
  auto viewer = auth.add_user("bob", "institution_viewer", "U-TOKYO");
  ASSERT_TRUE(viewer) << viewer.error().message;
  const auto users = auth.list_users({}).items;
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "alice");
  EXPECT_EQ(users[0].role, "admin");
  EXPECT_EQ(users[0].institution, "");
  EXPECT_EQ(users[1].name, "bob");
  EXPECT_EQ(users[1].institution, "U-TOKYO");
}

TEST_P(AuthServiceTest, RefusesBadUsersAndWritesNothing) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("alice", "admin", ""));
  const std::string before = dump_content(*db_);
  struct Case {
    std::string name, role, institution, code, field;
  };
  const std::vector<Case> cases = {
      {"1abc", "admin", "", "bad_name", "name"},
      {"", "admin", "", "bad_name", "name"},
      {"has space", "admin", "", "bad_name", "name"},
      {"carol", "root", "", "bad_role", "role"},
      {"carol", "ip_manager", "", "missing_institution", "institution"},
      {"carol", "institution_viewer", "", "missing_institution", "institution"},
      {"carol", "ip_manager", "U-NOWHERE", "unknown_institution", "institution"},
      {"alice", "finance", "", "duplicate_user", "name"},
  };
  for (const auto& c : cases) {
    auto r = auth.add_user(c.name, c.role, c.institution);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name;
    EXPECT_EQ(r.error().field, c.field) << c.name;
  }
  EXPECT_EQ(dump_content(*db_), before);
}

TEST_P(AuthServiceTest, TokensAreRandomStoredOnlyAsHashesAndAuthenticate) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "ip_manager", "U-TOKYO"));
  auto t1 = auth.create_token("bob");
  auto t2 = auth.create_token("bob");
  ASSERT_TRUE(t1);
  ASSERT_TRUE(t2);
  EXPECT_EQ(t1->token.size(), 68u);
  EXPECT_EQ(t1->token.substr(0, 4), "chz_");
  EXPECT_NE(t1->token, t2->token);
  // The database holds the SHA-256, never the token.
  const std::string dump = dump_content(*db_);
  EXPECT_EQ(dump.find(t1->token.substr(4)), std::string::npos);
  EXPECT_NE(dump.find(sha256_hex(t1->token)), std::string::npos);

  auto owner = auth.authenticate(t1->token);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->user, "bob");
  EXPECT_EQ(owner->role, "ip_manager");
  EXPECT_EQ(owner->institution, "U-TOKYO");
  EXPECT_EQ(owner->token_id, t1->id);
  EXPECT_FALSE(auth.authenticate(""));
  EXPECT_FALSE(auth.authenticate("chz_" + std::string(64, '0')));
  std::string altered = t1->token;
  altered.back() = altered.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(auth.authenticate(altered));
  EXPECT_FALSE(auth.create_token("nobody"));
  EXPECT_EQ(auth.create_token("nobody").error().code, "unknown_user");
}

TEST_P(AuthServiceTest, RevokesOneTokenOrAllOfAUser) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "finance", ""));
  auto t1 = auth.create_token("bob");
  auto t2 = auth.create_token("bob");
  auto t3 = auth.create_token("bob");
  ASSERT_TRUE(t1 && t2 && t3);
  auto one = auth.revoke(std::to_string(t1->id));
  ASSERT_TRUE(one);
  EXPECT_EQ(one.value(), 1);
  EXPECT_FALSE(auth.authenticate(t1->token));
  EXPECT_TRUE(auth.authenticate(t2->token));
  // Revoking a revoked token again revokes nothing.
  EXPECT_EQ(auth.revoke(std::to_string(t1->id)).value(), 0);
  auto all = auth.revoke("bob");
  ASSERT_TRUE(all);
  EXPECT_EQ(all.value(), 2);
  EXPECT_FALSE(auth.authenticate(t2->token));
  EXPECT_FALSE(auth.authenticate(t3->token));
  EXPECT_EQ(auth.list_users({}).items[0].active_tokens, 0);
  EXPECT_EQ(auth.revoke("999999").error().code, "unknown_token");
  EXPECT_EQ(auth.revoke("nobody").error().code, "unknown_user");
  const auto tokens = auth.list_tokens("bob", {}).value().items;
  ASSERT_EQ(tokens.size(), 3u);
  for (const auto& t : tokens) EXPECT_FALSE(t.revoked_at.empty());
}

TEST_P(AuthServiceTest, UnscopedRolesTakeNoInstitution) {
  AuthService auth(*db_);
  for (const std::string role : {"admin", "finance", "tech_transfer"}) {
    auto r = auth.add_user("carol", role, "U-TOKYO");
    ASSERT_FALSE(r) << role;
    EXPECT_EQ(r.error().code, "institution_not_allowed") << role;
    EXPECT_EQ(r.error().field, "institution") << role;
    EXPECT_NE(r.error().message.find("U-TOKYO"), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(auth.list_users({}).items.empty());
}

TEST_P(AuthServiceTest, SetRoleChecksRoleAndInstitutionAsAddDoes) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "ip_manager", "U-TOKYO"));
  auto t = auth.create_token("bob");
  ASSERT_TRUE(t);
  const std::string before = dump_content(*db_);
  EXPECT_EQ(auth.set_role("bob", "admin", "U-TOKYO").error().code, "institution_not_allowed");
  EXPECT_EQ(auth.set_role("bob", "institution_viewer", "").error().code, "missing_institution");
  EXPECT_EQ(auth.set_role("bob", "root", "").error().code, "bad_role");
  EXPECT_EQ(auth.set_role("bob", "ip_manager", "U-NOWHERE").error().code, "unknown_institution");
  EXPECT_EQ(auth.set_role("nobody", "admin", "").error().code, "unknown_user");
  EXPECT_EQ(dump_content(*db_), before);

  auto viewer = auth.set_role("bob", "institution_viewer", "AGG-JST");
  ASSERT_TRUE(viewer) << viewer.error().message;
  EXPECT_EQ(viewer->role, "institution_viewer");
  EXPECT_EQ(viewer->institution, "AGG-JST");
  auto finance = auth.set_role("bob", "finance", "");
  ASSERT_TRUE(finance) << finance.error().message;
  EXPECT_EQ(finance->institution, "");
  // The token follows the user's new role at once.
  auto o = auth.authenticate(t->token);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->role, "finance");
  EXPECT_EQ(o->institution, "");
}

TEST_P(AuthServiceTest, DisabledUsersTokensStopAtOnceAndWorkAgainWhenEnabled) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "finance", ""));
  auto t = auth.create_token("bob");
  ASSERT_TRUE(t);
  TokenAuthenticator prepared(*db_);
  ASSERT_TRUE(prepared.authenticate(t->token));
  // Another connection disables (as `chizai user disable` in another process).
  auto other = tdb_->open();
  auto off = AuthService(*other).set_disabled("bob", true);
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->disabled_at.empty());
  EXPECT_FALSE(prepared.authenticate(t->token));
  EXPECT_FALSE(auth.authenticate(t->token));
  EXPECT_EQ(auth.create_token("bob").error().code, "user_disabled");
  EXPECT_EQ(auth.set_disabled("nobody", true).error().code, "unknown_user");
  // The token is not revoked: enabling the user brings it back.
  auto on = AuthService(*other).set_disabled("bob", false);
  ASSERT_TRUE(on);
  EXPECT_TRUE(on->disabled_at.empty());
  EXPECT_TRUE(prepared.authenticate(t->token));
}

TEST_P(AuthServiceTest, TokensExpire) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "finance", ""));
  auto dated = auth.create_token("bob", "2099-01-31");
  ASSERT_TRUE(dated) << dated.error().message;
  EXPECT_EQ(dated->expires_at, "2099-01-31T23:59:59Z");
  auto lasting = auth.create_token("bob", "90d");
  ASSERT_TRUE(lasting) << lasting.error().message;
  EXPECT_GT(lasting->expires_at, utc_timestamp());
  EXPECT_TRUE(auth.authenticate(dated->token));
  for (const std::string bad : {"2020-01-01", "tomorrow", "-3d", "2099-02-30"}) {
    auto r = auth.create_token("bob", bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "bad_expiry") << bad;
    EXPECT_EQ(r.error().field, "expires") << bad;
  }
  // A token past its expiry no longer authenticates, prepared or not.
  soci_session(*db_) << "UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z' WHERE id = " +
                            std::to_string(dated->id);
  EXPECT_FALSE(auth.authenticate(dated->token));
  TokenAuthenticator prepared(*db_);
  EXPECT_FALSE(prepared.authenticate(dated->token));
  EXPECT_TRUE(prepared.authenticate(lasting->token));
  // Listed with its expiry, never its secret.
  const auto listed = auth.list_tokens("", {}).value().items;
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].expires_at, "2020-01-01T00:00:00Z");
  EXPECT_EQ(listed[1].expires_at, lasting->expires_at);
  EXPECT_EQ(auth.list_tokens("nobody", {}).error().code, "unknown_user");
}

TEST_P(AuthServiceTest, TokensPageInSqlById) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "finance", ""));
  ASSERT_TRUE(auth.add_user("carol", "finance", ""));
  for (const char* u : {"bob", "carol", "bob"}) ASSERT_TRUE(auth.create_token(u));
  auto first = auth.list_tokens("", {"", 2}).value();
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_FALSE(first.next.empty());
  auto rest = auth.list_tokens("", {first.next, 2}).value();
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.next, "");
  EXPECT_EQ(auth.list_tokens("bob", {}).value().items.size(), 2u);
}

TEST_P(AuthServiceTest, PreparedAuthenticatorSeesNewAndRevokedTokensAtOnce) {
  AuthService auth(*db_);
  ASSERT_TRUE(auth.add_user("bob", "institution_viewer", "U-TOKYO"));
  ASSERT_TRUE(auth.add_user("root", "admin", ""));
  TokenAuthenticator prepared(*db_);
  auto t1 = auth.create_token("bob");
  ASSERT_TRUE(t1);
  for (int i = 0; i < 3; ++i) {  // the statement is reused
    auto o = prepared.authenticate(t1->token);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->user, "bob");
    EXPECT_EQ(o->institution, "U-TOKYO");
  }
  // Another connection revokes (as `chizai token revoke` in another process).
  auto other = tdb_->open();
  ASSERT_TRUE(AuthService(*other).revoke("bob"));
  EXPECT_FALSE(prepared.authenticate(t1->token));
  // A token made elsewhere afterwards works at once; an unscoped user has no institution.
  auto t2 = AuthService(*other).create_token("root");
  ASSERT_TRUE(t2);
  auto o = prepared.authenticate(t2->token);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->user, "root");
  EXPECT_EQ(o->institution, "");
  EXPECT_FALSE(prepared.authenticate("chz_" + std::string(64, 'f')));
  EXPECT_FALSE(prepared.authenticate("nonsense"));
  // The connection is free for writes (no snapshot left open by the reads).
  EXPECT_TRUE(auth.add_user("carol", "finance", ""));
}

TEST_P(AuthServiceTest, ScopedRoleWithoutInstitutionIsRefusedByTheDatabaseToo) {
  // The CHECK constraint backs the service's rule.
  EXPECT_ANY_THROW(soci_session(*db_) << "INSERT INTO api_user (name, role, created_at) "
                                 "VALUES ('x', 'ip_manager', '2026-01-01T00:00:00Z')");
}

TEST_P(AuthServiceTest, AuditLogIsAppendOnlyAndFiltered) {
  AuditService audit(*db_);
  AuditRecord r;
  r.user = "alice";
  r.method = "POST";
  r.route = "/api/v1/users";
  r.path = "/api/v1/users";
  r.status = 201;
  r.entity_type = "user";
  r.entity_id = "bob";
  r.digest = sha256_hex("{}");
  const long long first = audit.append(r);
  r.user = "carol";
  r.entity_type = "token";
  const long long second = audit.append(r);
  EXPECT_GT(second, first);
  auto all = audit.list({}, {}).items;
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, second);  // newest first
  EXPECT_EQ(all[1].user, "alice");
  AuditFilter by_user;
  by_user.user = "alice";
  EXPECT_EQ(audit.list(by_user, {}).items.size(), 1u);
  AuditFilter by_type;
  by_type.entity_type = "token";
  ASSERT_EQ(audit.list(by_type, {}).items.size(), 1u);
  EXPECT_EQ(audit.list(by_type, {}).items[0].user, "carol");
  const PageRequest paged{std::to_string(second), 1};
  ASSERT_EQ(audit.list({}, paged).items.size(), 1u);
  EXPECT_EQ(audit.list({}, paged).items[0].id, first);
  EXPECT_EQ(audit.list({}, paged).next, "");
  // The database refuses to change or remove a record.
  EXPECT_ANY_THROW(soci_session(*db_) << "UPDATE api_audit SET user_name = 'mallory'");
  EXPECT_ANY_THROW(soci_session(*db_) << "DELETE FROM api_audit");
  EXPECT_EQ(audit.list({}, {}).items.size(), 2u);
}

TEST_P(AuthServiceTest, UsersPageInSqlByName) {
  std::vector<std::string> names;
  {
    WriteTransaction tx(*db_);
    for (int i = 2499; i >= 0; --i) {  // written out of order
      std::string name = std::to_string(i);
      name = "user" + std::string(4 - name.size(), '0') + name;
      soci_session(*db_) << "INSERT INTO api_user (name, role, created_at) VALUES (:n, 'finance', '2026-12-01T00:00:00Z')",
          soci::use(name);
      names.push_back(name);
    }
    tx.commit();
  }
  std::sort(names.begin(), names.end());
  AuthService auth(*db_);
  const auto name_of = [](const ApiUser& u) { return u.name; };
  EXPECT_EQ(walk_pages<ApiUser>([&](const PageRequest& p) { return auth.list_users(p); }, name_of), names);
  ASSERT_TRUE(auth.find_user("user0042"));
  EXPECT_EQ(auth.find_user("user0042")->name, "user0042");
  EXPECT_FALSE(auth.find_user("user"));
}

TEST_P(AuthServiceTest, AuditLogPagesInSqlNewestFirst) {
  AuditService audit(*db_);
  std::vector<std::string> ids;
  {
    WriteTransaction tx(*db_);
    AuditRecord r;
    r.at = "2026-12-01T00:00:00Z";
    r.method = "POST";
    r.route = r.path = "/api/v1/users";
    r.status = 201;
    r.entity_type = "user";
    for (int i = 0; i < 2500; ++i) {
      r.user = i % 2 == 0 ? "alice" : "bob";
      r.entity_id = "u" + std::to_string(i);
      ids.push_back(std::to_string(audit.append(r)));
    }
    tx.commit();
  }
  std::reverse(ids.begin(), ids.end());  // newest first
  const auto id_of = [](const AuditRecord& r) { return std::to_string(r.id); };
  EXPECT_EQ(walk_pages<AuditRecord>([&](const PageRequest& p) { return audit.list({}, p); }, id_of),
            ids);
  AuditFilter bob;
  bob.user = "bob";
  const auto bobs =
      walk_pages<AuditRecord>([&](const PageRequest& p) { return audit.list(bob, p); }, id_of);
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < ids.size(); i += 2) expected.push_back(ids[i]);  // 2499, 2497, … are bob's
  EXPECT_EQ(bobs, expected);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthServiceTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing

namespace chizai {
namespace {

TEST(CheckEmail, AcceptsPlainAddressesAndRefusesWhatCouldNotGoIntoAHeader) {
  for (const char* good : {"", "a@b.jp", "m.mori+docket@agg.example.jp", "ip-office@u-tokyo.ac.jp", "x_y@a-b.c-d.example"}) {
    EXPECT_TRUE(check_email(good).ok()) << good;
  }
  for (const char* bad : {"a", "a@b", "@b.jp", "a@", "a@@b.jp", "a@b@c.jp", ".a@b.jp", "a.@b.jp", "a..b@c.jp",
                          "a@-b.jp", "a@b-.jp", "a@b..jp", "a b@c.jp", "Alice <a@b.jp>", "a@b.jp\r\nBcc: c@d.jp",
                          "\"a\"@b.jp", "a@b_c.jp"}) {
    auto r = check_email(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "bad_email");
    EXPECT_EQ(r.error().field, "email");
  }
  EXPECT_FALSE(check_email(std::string(65, 'a') + "@b.jp").ok());  // local part over 64
  EXPECT_FALSE(check_email("a@" + std::string(250, 'b') + ".jp").ok());  // over 254
}

}  // namespace
}  // namespace chizai
