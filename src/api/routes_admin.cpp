// Users, tokens and the audit log over HTTP: admin only.
#include "api/body.h"
#include "api/router.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "requests/admin.h"
#include "services/audit_service.h"
#include "services/auth_service.h"
#include "render/admin.h"

namespace chizai::api {
namespace {

std::string user_json(const ApiUser& u) {
  JsonWriter w;
  render::write_user(w, u);
  return w.take();
}

// {"id", "user", "token", "expires_at"}: the secret, shown once.
std::string token_json(const IssuedToken& t) {
  JsonWriter w;
  w.begin_object().field("id", static_cast<std::int64_t>(t.id)).field("user", t.user).field("token", t.token);
  w.key("expires_at");
  if (t.expires_at.empty()) {
    w.null();
  } else {
    w.value(t.expires_at);
  }
  w.end_object();
  return w.take();
}

// {"id", "revoked"}: false when the token was revoked already.
std::string revoked_json(std::int64_t id, bool revoked) {
  JsonWriter w;
  w.begin_object().field("id", id).field("revoked", revoked).end_object();
  return w.take();
}

// The standard list body of users, by name.
Response list_users(Request& req) {
  return page_response(AuthService(*req.db).list_users(page(req)), render::write_user);
}

Response add_user(Request& req) {
  const requests::UserRequest r = read_request(req, requests::user_spec(), requests::read_user);
  auto u = value_or_refuse(AuthService(*req.db).add_user(r.name, r.role, r.institution, r.email));
  req.audit_entity_type = "user";
  req.audit_entity_id = u.name;
  return json(user_json(u), 201);
}

// Reads nothing: a spec with no fields refuses any key.
bool read_nothing(const SpecFields&) { return true; }

// The user of the path as changed by `change(AuthService&, name)`, audited.
template <class Change>
Response change_user(Request& req, Change change) {
  const std::string& name = req.param("name");
  AuthService auth(*req.db);
  auto u = value_or_refuse(change(auth, name));
  req.audit_entity_type = "user";
  req.audit_entity_id = u.name;
  return json(user_json(u));
}

Response disable_user(Request& req) {
  if (!req.body.empty()) read_request(req, requests::user_state_spec(), read_nothing);
  return change_user(req, [](AuthService& auth, const std::string& name) { return auth.set_disabled(name, true); });
}

Response enable_user(Request& req) {
  if (!req.body.empty()) read_request(req, requests::user_state_spec(), read_nothing);
  return change_user(req, [](AuthService& auth, const std::string& name) { return auth.set_disabled(name, false); });
}

Response set_role(Request& req) {
  const requests::RoleRequest r = read_request(req, requests::role_spec(), requests::read_role);
  return change_user(req, [&r](AuthService& auth, const std::string& name) {
    return auth.set_role(name, r.role, r.institution);
  });
}

Response set_email(Request& req) {
  const requests::EmailRequest r = read_request(req, requests::email_spec(), requests::read_email);
  return change_user(req, [&r](AuthService& auth, const std::string& name) { return auth.set_email(name, r.email); });
}

// The standard list body of tokens (no secrets), by id (?user).
Response list_tokens(Request& req) {
  const PageRequest p = id_page(req);
  const std::string user = req.query_value("user").value_or("");
  return page_response(value_or_refuse(AuthService(*req.db).list_tokens(user, p)), render::write_token);
}

Response create_token(Request& req) {
  const std::string& name = req.param("name");
  requests::TokenRequest body;
  if (!req.body.empty()) body = read_request(req, requests::token_spec(), requests::read_token);
  auto t = value_or_refuse(AuthService(*req.db).create_token(name, body.expires));
  req.audit_entity_type = "token";
  req.audit_entity_id = std::to_string(t.id);
  Response r = json(token_json(t), 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response revoke_token(Request& req) {
  const std::string& id = req.param("id");
  auto n = parse_int64(id);
  if (!n || *n < 1) bad_request("token id must be a positive whole number, not '" + id + "'", "id");
  const long long revoked = value_or_refuse(AuthService(*req.db).revoke(std::to_string(*n)));
  req.audit_entity_type = "token";
  req.audit_entity_id = std::to_string(*n);
  return json(revoked_json(*n, revoked == 1));
}

Response list_audit(Request& req) {
  const PageRequest p = id_page(req);
  AuditFilter filter;
  filter.user = req.query_value("user").value_or("");
  filter.entity_type = req.query_value("entity_type").value_or("");
  filter.since = req.query_value("since").value_or("");
  return page_response(AuditService(*req.db).list(filter, p), render::write_audit_record);
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

std::vector<ApiUser> example_users() {
  return {{1, "alice", "admin", "", "2026-04-01T09:00:00Z", 1, "", "alice@aggregator.example.jp"},
          {2, "tokyo-ip", "ip_manager", "U-TOKYO", "2026-04-02T10:30:00Z", 2, "2026-06-01T08:00:00Z", ""}};
}

std::vector<TokenInfo> example_tokens() {
  return {{3, "tokyo-ip", "2026-04-02T10:31:00Z", "2027-01-31T23:59:59Z", ""},
          {4, "alice", "2026-04-03T09:00:00Z", "", "2026-05-01T12:00:00Z"}};
}

std::vector<AuditRecord> example_audit_records() {
  return {{1207, "2026-05-10T08:15:02Z", "alice", "POST", "/api/v1/payments", "/api/v1/payments", 201, "payment",
           "BANK-20260430-01", "9f2c4a7e0b1d3c5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e"}};
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler) {
  return Route{method, pattern, roles({Role::kAdmin}), summary, std::move(handler), "admin"};
}

}  // namespace

void add_admin_routes(Router& router) {
  const ResponseDoc user{"ApiUser", rendered(example_users(), user_json)};
  const ResponseDoc token{
      "IssuedToken",
      rendered(std::vector<IssuedToken>{{3, "tokyo-ip", "chz_5f0c2d9a8e7b6c4d3a2f1e0d9c8b7a6f", ""},
                                        {4, "tokyo-ip", "chz_0a1b2c3d4e5f60718293a4b5c6d7e8f9", "2027-01-31T23:59:59Z"}},
               token_json)};
  const ResponseDoc revoked{"TokenRevoked", [] {
                              return std::vector<std::string>{revoked_json(3, true), revoked_json(4, false)};
                            }};
  router.add(documented(route("GET", "/api/v1/users", "List API users, by name (?limit, ?cursor)", list_users),
                        nullptr, {"ApiUser", written(example_users(), render::write_user), true}));
  router.add(documented(route("POST", "/api/v1/users", "Add an API user {name, role, institution, email}", add_user),
                        &requests::user_spec(), user));
  router.add(documented(route("POST", "/api/v1/users/{name}/disable",
                              "Disable a user: its tokens stop working at once (kept, not revoked)", disable_user),
                        &requests::user_state_spec(), user));
  router.add(documented(route("POST", "/api/v1/users/{name}/enable",
                              "Enable a disabled user: its valid tokens work again", enable_user),
                        &requests::user_state_spec(), user));
  router.add(documented(route("PUT", "/api/v1/users/{name}/role", "Set a user's role {role, institution}", set_role),
                        &requests::role_spec(), user));
  router.add(documented(route("PUT", "/api/v1/users/{name}/email",
                              "Set a user's e-mail address for the reminder digest {email} (empty: none)", set_email),
                        &requests::email_spec(), user));
  router.add(documented(route("POST", "/api/v1/users/{name}/tokens",
                              "Create a bearer token for a user (returned once) {expires}", create_token),
                        &requests::token_spec(), token));
  router.add(documented(route("GET", "/api/v1/tokens",
                              "List tokens without secrets, by id (?user, ?limit, ?cursor)", list_tokens),
                        nullptr, {"TokenInfo", written(example_tokens(), render::write_token), true}));
  router.add(documented(route("DELETE", "/api/v1/tokens/{id}", "Revoke a token", revoke_token), nullptr, revoked));
  router.add(documented(route("GET", "/api/v1/audit",
                              "The audit log, newest first (?user, ?entity_type, ?since, ?limit, ?cursor)",
                              list_audit),
                        nullptr, {"AuditRecord", written(example_audit_records(), render::write_audit_record), true}));
}

}  // namespace chizai::api
