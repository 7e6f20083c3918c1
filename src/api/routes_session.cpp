// Signing in to the web interface (README "Web interface"): a session
// cookie for a name and password, the current session, signing out, the
// interface's language, and an admin setting a user's password.
#include "api/auth.h"
#include "api/body.h"
#include "api/errors.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "render/admin.h"
#include "requests/session.h"
#include "services/session_service.h"

namespace chizai::api {
namespace {

std::string session_json(const SessionView& s) {
  JsonWriter w;
  w.begin_object().field("user", s.user).field("role", s.role).key("institution");
  if (s.institution.empty()) {
    w.null();
  } else {
    w.value(s.institution);
  }
  w.field("language", s.language);
  // A bearer token's caller has no session: these are null.
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"csrf_token", &s.csrf_token},
                                   {"idle_expires_at", &s.idle_expires_at},
                                   {"expires_at", &s.expires_at}}) {
    w.key(key);
    if (value->empty()) {
      w.null();
    } else {
      w.value(*value);
    }
  }
  w.end_object();
  return w.take();
}

std::string signed_out_json(bool ended) {
  JsonWriter w;
  w.begin_object().field("signed_out", ended).end_object();
  return w.take();
}

std::string language_json(const std::string& user, const std::string& language) {
  JsonWriter w;
  w.begin_object().field("user", user).field("language", language).end_object();
  return w.take();
}

std::string user_json(const ApiUser& u) {
  JsonWriter w;
  render::write_user(w, u);
  return w.take();
}

SessionService sessions(const Request& req) {
  const WebSettings& web = req.settings->web;
  return SessionService(*req.db, {web.session_idle_minutes, web.session_hours}, web.now());
}

// A name as the log may show it: printable ASCII, at most 64 characters.
std::string loggable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

// The caller as GET /api/v1/session shows it: its session, or (a bearer
// token) who it is without one.
SessionView caller(const Request& req) {
  if (req.session) return *req.session;
  SessionView v;
  v.user = req.principal.user;
  v.role = std::string(role_name(req.principal.role));
  v.institution = req.principal.institution;
  v.language = value_or_refuse(sessions(req).language_of(req.principal.user));
  return v;
}

Response no_store(Response r) {
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response sign_in(Request& req) {
  if (!req.db) throw ApiError(503, "not_ready", "the database is not reachable");
  check_origin(req);
  const requests::SignInRequest r = read_request(req, requests::sign_in_spec(), requests::read_sign_in);
  const SignInResult result = sessions(req).sign_in(r.name, r.password, req.client_address);
  const std::string who = "name '" + loggable(r.name) + "' from " + req.client_address;
  switch (result.outcome) {
    case SignInResult::Outcome::kThrottled: {
      req.settings->log("chizai serve: sign-in refused (too many failures) for " + who);
      Response out = error_response(429, "sign_in_throttled",
                                    "too many failed sign-ins for this name or address: try again in " +
                                        std::to_string(result.retry_after_seconds) + " seconds");
      out.headers.emplace_back("Retry-After", std::to_string(result.retry_after_seconds));
      return out;
    }
    case SignInResult::Outcome::kFailed: {
      req.settings->log("chizai serve: sign-in failed for " + who);
      Response out = error_response(401, "sign_in_failed", "the name or the password is not right");
      out.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"chizai\"");
      return out;
    }
    case SignInResult::Outcome::kSignedIn:
      break;
  }
  req.principal.user = result.session.user;  // for the request log
  Response out = no_store(json(session_json(result.session)));
  out.headers.emplace_back("Set-Cookie", session_cookie_header(result.cookie_value, req.settings->web.secure_cookies));
  return out;
}

Response current_session(Request& req) { return no_store(json(session_json(caller(req)))); }

// Signing out a bearer token's caller ends nothing (revoke the token for that).
Response sign_out(Request& req) {
  const bool has_session = req.session != nullptr;
  if (has_session) sessions(req).end(req.session->id);
  req.audit_entity_type = "session";
  req.audit_entity_id = has_session ? std::to_string(req.session->id) : "";
  Response out = no_store(json(signed_out_json(has_session)));
  out.headers.emplace_back("Set-Cookie", session_cookie_header("", req.settings->web.secure_cookies));
  return out;
}

Response set_language(Request& req) {
  const requests::LanguageRequest r = read_request(req, requests::language_spec(), requests::read_language);
  ok_or_refuse(sessions(req).set_language(req.principal.user, r.language));
  req.audit_entity_type = "user";
  req.audit_entity_id = req.principal.user;
  return json(language_json(req.principal.user, r.language));
}

Response set_password(Request& req) {
  const std::string& name = req.param("name");
  const requests::PasswordRequest r = read_request(req, requests::password_spec(), requests::read_password);
  // An admin setting its own password keeps the session it does it from.
  const long long keep = req.session && req.session->user == name ? req.session->id : 0;
  const ApiUser u = value_or_refuse(sessions(req).set_password(name, r.password, keep));
  req.audit_entity_type = "user";
  req.audit_entity_id = u.name;
  return json(user_json(u));
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

std::vector<SessionView> example_sessions() {
  return {{1, "tanaka", "ip_manager", "U-TOKYO", "ja", "Q2hpemFpIENTUkYgdG9rZW4gZXhhbXBsZSAxMjM0NTY3",
           "2026-12-07T10:30:00Z", "2026-12-07T22:00:00Z"},
          {2, "suzuki", "finance", "", "en", "b3RoZXIgQ1NSRiB0b2tlbiBleGFtcGxlIDk4NzY1NDMyMQ",
           "2026-12-07T10:45:00Z", "2026-12-07T22:15:00Z"},
          {0, "batch-job", "finance", "", "ja", "", "", ""}};
}

// The same examples as routes_admin.cpp's: one schema, one set of examples.
std::vector<ApiUser> example_users() {
  return {{1, "alice", "admin", "", "2026-04-01T09:00:00Z", 1, "", "alice@aggregator.example.jp"},
          {2, "tokyo-ip", "ip_manager", "U-TOKYO", "2026-04-02T10:30:00Z", 2, "2026-06-01T08:00:00Z", ""}};
}

const Roles kEveryRole = kAllRoles;

}  // namespace

void add_session_routes(Router& router) {
  const ResponseDoc session{"Session", rendered(example_sessions(), session_json)};
  Route post{"POST", "/api/v1/session",
             0, "Sign in with a name and password: sets the session cookie (chizai_session)", sign_in, "session", true};
  post.answers_200_only = true;
  router.add(documented(post, &requests::sign_in_spec(), session));
  router.add(documented(Route{"GET", "/api/v1/session", kEveryRole,
                              "The current session: user, role, institution, language, csrf_token, expiry (null without a session)",
                              current_session, "session"},
                        nullptr, session));
  router.add(documented(Route{"DELETE", "/api/v1/session", kEveryRole,
                              "Sign out: the session ends on the server and its cookie is cleared (a bearer token: nothing ends)", sign_out,
                              "session"},
                        nullptr, {"SignedOut", [] { return std::vector<std::string>{signed_out_json(true), signed_out_json(false)}; }}));
  router.add(documented(Route{"PUT", "/api/v1/session/language", kEveryRole,
                              "Set the signed-in user's interface language {language: ja | en}", set_language,
                              "session"},
                        &requests::language_spec(),
                        {"UserLanguage", [] {
                           return std::vector<std::string>{language_json("tanaka", "en"),
                                                           language_json("suzuki", "ja")};
                         }}));
  Route password{"PUT", "/api/v1/users/{name}/password", roles({Role::kAdmin}),
                 "Set a user's password {password} (at least 10 characters); its other sessions end", set_password,
                 "admin"};
  password.secret_body = true;
  router.add(documented(password, &requests::password_spec(),
                        {"ApiUser", rendered(example_users(), user_json)}));
}

}  // namespace chizai::api
