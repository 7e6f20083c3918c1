// Users, tokens and the audit log over HTTP: admin only.
#include <simdjson.h>

#include "api/router.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "services/audit_service.h"
#include "services/auth_service.h"
#include "render/admin.h"

namespace chizai::api {
namespace {

simdjson::dom::element parse_body(simdjson::dom::parser& parser, const Request& req) {
  simdjson::dom::element root;
  if (parser.parse(req.body).get(root) != simdjson::SUCCESS) {
    bad_request("the body must be a JSON object");
  }
  return root;
}

Response list_users(Request& req) {
  const auto users = AuthService(*req.db).list_users(page(req));
  JsonWriter w;
  w.begin_object().key("users").begin_array();
  for (const auto& u : users.items) render::write_user(w, u);
  w.end_array();
  write_next_cursor(w, users.next);
  w.end_object();
  return json(w.take());
}

Response add_user(Request& req) {
  simdjson::dom::parser parser;
  Fields f(parse_body(parser, req), "", {"name", "role", "institution"});
  const std::string name = f.text("name");
  const std::string role = f.text("role");
  const std::string institution = f.text_or("institution", "");
  auto u = value_or_refuse(AuthService(*req.db).add_user(name, role, institution));
  req.audit_entity_type = "user";
  req.audit_entity_id = u.name;
  JsonWriter w;
  render::write_user(w, u);
  return json(w.take(), 201);
}

Response create_token(Request& req) {
  const std::string& name = req.param("name");
  if (!req.body.empty()) {
    simdjson::dom::parser parser;
    Fields f(parse_body(parser, req), "", {});
  }
  auto t = value_or_refuse(AuthService(*req.db).create_token(name));
  req.audit_entity_type = "token";
  req.audit_entity_id = std::to_string(t.id);
  JsonWriter w;
  w.begin_object().field("id", static_cast<std::int64_t>(t.id)).field("user", t.user).field("token", t.token);
  w.end_object();
  Response r = json(w.take(), 201);
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
  JsonWriter w;
  w.begin_object().field("id", static_cast<std::int64_t>(*n)).field("revoked", revoked == 1).end_object();
  return json(w.take());
}

Response list_audit(Request& req) {
  const PageRequest p = id_page(req);
  AuditFilter filter;
  filter.user = req.query_value("user").value_or("");
  filter.entity_type = req.query_value("entity_type").value_or("");
  filter.since = req.query_value("since").value_or("");
  const auto records = AuditService(*req.db).list(filter, p);
  JsonWriter w;
  w.begin_object().key("records").begin_array();
  for (const auto& r : records.items) render::write_audit_record(w, r);
  w.end_array();
  write_next_cursor(w, records.next);
  w.end_object();
  return json(w.take());
}

}  // namespace

void add_admin_routes(Router& router) {
  const Roles admin = roles({Role::kAdmin});
  router.add(Route{"GET", "/api/v1/users", admin, "List API users, by name (?limit, ?cursor)", list_users, "admin"});
  router.add(Route{"POST", "/api/v1/users", admin,
                   "Add an API user {name, role, institution}", add_user, "admin"});
  router.add(Route{"POST", "/api/v1/users/{name}/tokens", admin,
                   "Create a bearer token for a user (returned once)", create_token, "admin"});
  router.add(Route{"DELETE", "/api/v1/tokens/{id}", admin, "Revoke a token", revoke_token, "admin"});
  router.add(Route{"GET", "/api/v1/audit", admin,
                   "The audit log, newest first (?user, ?entity_type, ?since, ?limit, ?cursor)",
                   list_audit, "admin"});
}

}  // namespace chizai::api
