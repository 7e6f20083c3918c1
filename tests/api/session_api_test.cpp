// Signing in to the web interface, on both backends: the session cookie,
// sign-out ending it on the server, CSRF, idle and absolute expiry on an
// injected clock, throttled failures, a disabled user, passwords, and a
// scoped session seeing exactly what its user's token sees.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <ctime>

#include "api_fixture.h"
#include "api_harness.h"
#include "core/date.h"
#include "io/digest.h"
#include "services/session_service.h"
#include "store/session.h"

namespace chizai::testing {
namespace {

using api::Role;

const char* const kPassword = "correct horse battery";
const std::string kTokyo = R"([{"institution":"U-TOKYO","share":"1"}])";
const std::string kKyoto = R"([{"institution":"U-KYOTO","share":"1"}])";

// A JSONL patent record owned by `owners` (a JSON array).
std::string owned(const std::string& number, const std::string& owners) {
  return patent(number).filed("2020-03-01").title("Electrode").owners(owners).json();
}

std::string sign_in_body(const std::string& name, const std::string& password) {
  return R"({"name":")" + name + R"(","password":")" + password + "\"}";
}

// The cookie value of a Set-Cookie header ("" when none).
std::string cookie_of(const Reply& r) {
  const auto it = r.headers.find("set-cookie");
  if (it == r.headers.end()) return "";
  const std::string& h = it->second;
  const std::string prefix = "chizai_session=";
  if (h.rfind(prefix, 0) != 0) return "";
  return h.substr(prefix.size(), h.find(';') - prefix.size());
}

long long count_where(Database& db, const std::string& sql) {
  long long n = 0;
  soci_session(db) << sql, soci::into(n);
  return n;
}

class SessionApiTest : public BackendTest {
 protected:
  void start(std::map<std::string, std::string> config = {}) {
    HarnessOptions o;
    o.config = std::move(config);
    o.clock = [this] { return now_.load(); };
    h_ = std::make_unique<ApiHarness>(GetParam(), o);
    ASSERT_NO_FATAL_FAILURE(seed_registry(h_->db(), four_institutions(),
                                          owned("JP2020000001A", kTokyo) + "\n" + owned("JP2020000002A", kKyoto) +
                                              "\n"));
    admin_ = h_->token_for("root", Role::kAdmin);
  }
  // A user with a password (and a bearer token, returned).
  std::string user(const std::string& name, Role role, const std::string& institution = "") {
    const std::string token = h_->token_for(name, role, institution);
    auto set = SessionService(h_->db(), {}, now_.load()).set_password(name, kPassword);
    EXPECT_TRUE(set) << (set ? "" : set.error().message);
    return token;
  }
  Reply sign_in(const std::string& name, const std::string& password = kPassword,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    return h_->post("/api/v1/session", sign_in_body(name, password), "", headers);
  }
  // The cookie of a successful sign-in (a test failure otherwise), and its csrf token.
  std::pair<std::string, std::string> session_of(const std::string& name) {
    const Reply r = sign_in(name);
    EXPECT_EQ(r.status, 200) << r.body;
    return {cookie_of(r), text_at(r.body, "/csrf_token")};
  }
  Reply with_cookie(const std::string& method, const std::string& path, const std::string& cookie,
                    std::vector<std::pair<std::string, std::string>> headers = {}, const std::string& body = "") {
    headers.emplace_back("Cookie", "theme=dark; chizai_session=" + cookie);
    return h_->request(method, path, body, "", headers);
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(h_->port()); }

  std::atomic<long long> now_{static_cast<long long>(std::time(nullptr))};
  std::unique_ptr<ApiHarness> h_;
  std::string admin_;
};

TEST_P(SessionApiTest, SignInSetsAnHttpOnlyStrictCookieAndTheSessionActsForTheUser) {
  start();
  user("tanaka", Role::kIpManager, "U-TOKYO");
  Reply r = sign_in("tanaka");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string set_cookie = r.headers["set-cookie"];
  const std::string cookie = cookie_of(r);
  EXPECT_EQ(cookie.size(), 43u) << set_cookie;
  EXPECT_EQ(set_cookie, "chizai_session=" + cookie + "; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  Json body(r.body);
  EXPECT_EQ(body.str("/user"), "tanaka");
  EXPECT_EQ(body.str("/role"), "ip_manager");
  EXPECT_EQ(body.str("/institution"), "U-TOKYO");
  EXPECT_EQ(body.str("/language"), "ja");
  EXPECT_EQ(body.str("/csrf_token").size(), 43u);
  EXPECT_EQ(body.str("/expires_at"), utc_timestamp(now_ + 12 * 3600));
  EXPECT_EQ(body.str("/idle_expires_at"), utc_timestamp(now_ + 30 * 60));

  const Reply current = with_cookie("GET", "/api/v1/session", cookie);
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(text_at(current.body, "/csrf_token"), body.str("/csrf_token"));
  const Reply patents = with_cookie("GET", "/api/v1/patents", cookie);
  ASSERT_EQ(patents.status, 200) << patents.body;
  ASSERT_EQ(length_at(patents.body, "/items"), 1u);
  EXPECT_EQ(text_at(patents.body, "/items/0/application_number"), "JP2020000001A");

  // Only the cookie's SHA-256 is stored.
  EXPECT_EQ(count_where(h_->db(), "SELECT CAST(COUNT(*) AS BIGINT) FROM api_session WHERE id_hash = '" +
                                      sha256_hex(cookie) + "'"),
            1);
  EXPECT_EQ(count_where(h_->db(), "SELECT CAST(COUNT(*) AS BIGINT) FROM api_session WHERE id_hash = '" + cookie +
                                      "' OR csrf_token = '" + cookie + "'"),
            0);
  // A bearer request has no session: who it is, without a CSRF token or expiry.
  const Reply bearer = h_->get("/api/v1/session", admin_);
  ASSERT_EQ(bearer.status, 200) << bearer.body;
  EXPECT_EQ(text_at(bearer.body, "/user"), "root");
  EXPECT_TRUE(null_at(bearer.body, "/csrf_token"));
  EXPECT_TRUE(null_at(bearer.body, "/institution"));
  EXPECT_EQ(h_->request("DELETE", "/api/v1/session", "", admin_).body, R"({"signed_out":false})");
  expect_error_code(h_->get("/api/v1/session", ""), 401, "unauthorized");
}

TEST_P(SessionApiTest, SecureCookiesWhenConfigured) {
  start({{"web.secure_cookies", "true"}});
  user("tanaka", Role::kFinance);
  Reply r = sign_in("tanaka");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["set-cookie"], "chizai_session=" + cookie_of(r) + "; Path=/; HttpOnly; SameSite=Strict; Secure");
}

TEST_P(SessionApiTest, SignOutEndsTheSessionOnTheServer) {
  start();
  user("tanaka", Role::kFinance);
  const auto [cookie, csrf] = session_of("tanaka");
  Reply out = with_cookie("DELETE", "/api/v1/session", cookie, {{"X-CSRF-Token", csrf}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.body, R"({"signed_out":true})");
  EXPECT_EQ(out.headers["set-cookie"], "chizai_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  // The old cookie, replayed, is refused everywhere.
  expect_error_code(with_cookie("GET", "/api/v1/session", cookie), 401, "unauthorized");
  expect_error_code(with_cookie("GET", "/api/v1/patents", cookie), 401, "unauthorized");
  EXPECT_EQ(count_where(h_->db(), "SELECT CAST(COUNT(*) AS BIGINT) FROM api_session WHERE ended_at IS NOT NULL"), 1);
}

TEST_P(SessionApiTest, CsrfHeaderRequiredAndForeignOriginRefused) {
  start();
  const std::string token = user("tanaka", Role::kFinance);
  const auto [cookie, csrf] = session_of("tanaka");
  const std::string body = R"({"language":"en"})";
  const auto language = [&] {
    return text_at(with_cookie("GET", "/api/v1/session", cookie).body, "/language");
  };
  expect_error_code(with_cookie("PUT", "/api/v1/session/language", cookie, {}, body), 403, "csrf_failed",
                    "X-CSRF-Token");
  expect_error_code(with_cookie("PUT", "/api/v1/session/language", cookie, {{"X-CSRF-Token", csrf + "x"}}, body),
                    403, "csrf_failed", "X-CSRF-Token");
  expect_error_code(with_cookie("PUT", "/api/v1/session/language", cookie,
                                {{"X-CSRF-Token", csrf}, {"Origin", "https://evil.example"}}, body),
                    403, "csrf_failed", "Origin");
  // A cross-site form posting to sign-out cannot set the header either.
  expect_error_code(with_cookie("DELETE", "/api/v1/session", cookie, {{"Origin", "https://evil.example"}}), 403,
                    "csrf_failed");
  EXPECT_EQ(language(), "ja") << "a refused request changed nothing";

  const Reply ok = with_cookie("PUT", "/api/v1/session/language", cookie,
                               {{"X-CSRF-Token", csrf}, {"Origin", origin()}}, body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(text_at(ok.body, "/language"), "en");
  EXPECT_EQ(language(), "en");
  // Remembered for the user: the next sign-in has it.
  EXPECT_EQ(text_at(sign_in("tanaka").body, "/language"), "en");
  expect_error_code(with_cookie("PUT", "/api/v1/session/language", cookie, {{"X-CSRF-Token", csrf}},
                                R"({"language":"fr"})"),
                    400, "bad_language", "language");

  // Bearer requests need no CSRF header.
  const Reply bearer = h_->request("PUT", "/api/v1/session/language", R"({"language":"ja"})", token);
  EXPECT_EQ(bearer.status, 200) << bearer.body;
  // Signing in from another site is refused too.
  expect_error_code(sign_in("tanaka", kPassword, {{"Origin", "https://evil.example"}}), 403, "csrf_failed", "Origin");
  EXPECT_EQ(sign_in("tanaka", kPassword, {{"Origin", origin()}}).status, 200);
}

TEST_P(SessionApiTest, UnknownNameWrongPasswordAndDisabledUserFailAlike) {
  start();
  user("tanaka", Role::kFinance);
  h_->token_for("nopass", Role::kFinance);  // a user without a password
  user("gone", Role::kFinance);
  ASSERT_EQ(h_->post("/api/v1/users/gone/disable", "", admin_).status, 200);
  const Reply wrong = sign_in("tanaka", "not the password");
  const Reply unknown = sign_in("nobody", kPassword);
  const Reply nopass = sign_in("nopass", kPassword);
  const Reply disabled = sign_in("gone", kPassword);
  for (const Reply* r : {&wrong, &unknown, &nopass, &disabled}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->body, wrong.body);
    EXPECT_EQ(cookie_of(*r), "");
  }
  EXPECT_EQ(error_of(wrong).code, "sign_in_failed");
  // Each failure is logged with the name, never the password.
  int logged = 0;
  for (const std::string& line : h_->log_lines()) {
    EXPECT_EQ(line.find("not the password"), std::string::npos) << line;
    EXPECT_EQ(line.find(kPassword), std::string::npos) << line;
    if (line.find("sign-in failed for name 'nobody' from 127.0.0.1") != std::string::npos) ++logged;
  }
  EXPECT_EQ(logged, 1);
  expect_error_code(h_->post("/api/v1/session", R"({"name":"tanaka"})", ""), 400, "bad_request", "password");
}

TEST_P(SessionApiTest, RepeatedFailuresAreThrottledAndCountedInTheDatabase) {
  start();
  user("tanaka", Role::kFinance);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in("tanaka", "wrong password " + std::to_string(i)).status, 401);
  // The sixth try waits, even with the right password.
  Reply slowed = sign_in("tanaka");
  expect_error_code(slowed, 429, "sign_in_throttled");
  EXPECT_EQ(slowed.headers["retry-after"], "30");
  EXPECT_EQ(cookie_of(slowed), "");
  // Shared through the database: another server on it refuses as well.
  EXPECT_EQ(count_where(h_->db(), "SELECT CAST(COUNT(*) AS BIGINT) FROM api_sign_in_failure WHERE subject = "
                                  "'name:tanaka'"),
            5);
  // The same address with other names is slowed too.
  expect_error_code(sign_in("someone-else", "whatever-password"), 429, "sign_in_throttled");

  now_ += 31;
  EXPECT_EQ(sign_in("tanaka", "wrong again!").status, 401);
  // The sixth failure doubles the wait.
  Reply doubled = sign_in("tanaka");
  EXPECT_EQ(doubled.status, 429);
  EXPECT_EQ(doubled.headers["retry-after"], "60");
  now_ += 61;
  EXPECT_EQ(sign_in("tanaka").status, 200);
  // Failures older than 15 minutes no longer count.
  now_ += 16 * 60;
  EXPECT_EQ(sign_in("tanaka", "wrong password x").status, 401);
  EXPECT_EQ(sign_in("tanaka").status, 200);
}

TEST_P(SessionApiTest, IdleAndAbsoluteExpiry) {
  start({{"web.session_hours", "1"}});
  user("tanaka", Role::kTechTransfer);
  const auto [cookie, csrf] = session_of("tanaka");
  now_ += 29 * 60;
  ASSERT_EQ(with_cookie("GET", "/api/v1/patents", cookie).status, 200);  // moves the idle end
  now_ += 29 * 60;
  const Reply still = with_cookie("GET", "/api/v1/session", cookie);
  ASSERT_EQ(still.status, 200) << "29 minutes after the last request";
  now_ += 3 * 60;  // 61 minutes after sign-in: past the absolute end
  expect_error_code(with_cookie("GET", "/api/v1/session", cookie), 401, "unauthorized");

  const auto [second, csrf2] = session_of("tanaka");
  now_ += 30 * 60;  // idle for the whole idle time
  expect_error_code(with_cookie("GET", "/api/v1/patents", second), 401, "unauthorized");
}

TEST_P(SessionApiTest, DisabledUsersSessionsStopAtOnce) {
  start();
  user("tanaka", Role::kTechTransfer);
  const auto [cookie, csrf] = session_of("tanaka");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(with_cookie("GET", "/api/v1/patents/JP2020000001A", cookie).status, 200);
  ASSERT_EQ(h_->post("/api/v1/users/tanaka/disable", "", admin_).status, 200);
  expect_error_code(with_cookie("GET", "/api/v1/patents/JP2020000001A", cookie), 401, "unauthorized");
  expect_error_code(with_cookie("GET", "/api/v1/session", cookie), 401, "unauthorized");
}

TEST_P(SessionApiTest, ScopedSessionSeesWhatItsTokenSees) {
  start();
  const std::string token = user("kyoto-viewer", Role::kInstitutionViewer, "U-KYOTO");
  const auto [cookie, csrf] = session_of("kyoto-viewer");
  for (const std::string path : {"/api/v1/patents", "/api/v1/patents/JP2020000001A", "/api/v1/patents/JP2020000002A",
                                 "/api/v1/statements/U-TOKYO", "/api/v1/users"}) {
    const Reply by_token = h_->get(path, token);
    const Reply by_cookie = with_cookie("GET", path, cookie);
    EXPECT_EQ(by_cookie.status, by_token.status) << path;
    EXPECT_EQ(by_cookie.body, by_token.body) << path;
  }
  EXPECT_EQ(with_cookie("GET", "/api/v1/patents/JP2020000001A", cookie).status, 404);
  EXPECT_EQ(with_cookie("GET", "/api/v1/users", cookie).status, 403);
}

TEST_P(SessionApiTest, SettingAPasswordEndsTheUsersSessions) {
  start();
  user("tanaka", Role::kFinance);
  const auto [first, csrf1] = session_of("tanaka");
  const auto [second, csrf2] = session_of("tanaka");
  expect_error_code(h_->request("PUT", "/api/v1/users/tanaka/password", R"({"password":"short"})", admin_), 400,
                    "weak_password", "password");
  ASSERT_EQ(with_cookie("GET", "/api/v1/session", first).status, 200) << "a refused password changed nothing";
  expect_error_code(h_->request("PUT", "/api/v1/users/nobody/password", R"({"password":"long enough now"})", admin_),
                    404, "unknown_user");

  const Reply set = h_->request("PUT", "/api/v1/users/tanaka/password", R"({"password":"a new passphrase"})", admin_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(text_at(set.body, "/name"), "tanaka");
  expect_error_code(with_cookie("GET", "/api/v1/session", first), 401, "unauthorized");
  expect_error_code(with_cookie("GET", "/api/v1/session", second), 401, "unauthorized");
  EXPECT_EQ(sign_in("tanaka").status, 401);
  EXPECT_EQ(sign_in("tanaka", "a new passphrase").status, 200);
  // The audit log names the change, but its digest is not the body's.
  const std::string digest_of_body = sha256_hex(R"({"password":"a new passphrase"})");
  EXPECT_EQ(count_where(h_->db(), "SELECT CAST(COUNT(*) AS BIGINT) FROM api_audit WHERE digest = '" + digest_of_body +
                                      "'"),
            0);
  EXPECT_EQ(count_where(h_->db(), "SELECT CAST(COUNT(*) AS BIGINT) FROM api_audit WHERE route = "
                                  "'/api/v1/users/{name}/password'"),
            1);
  // Only an admin may.
  const std::string finance = h_->token(Role::kFinance);
  expect_error_code(h_->request("PUT", "/api/v1/users/tanaka/password", R"({"password":"a new passphrase"})", finance),
                    403, "forbidden");
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionApiTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing
