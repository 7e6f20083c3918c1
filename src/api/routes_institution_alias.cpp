// The institution alias routes (issue 22, section 2): the names office data
// gives an institution. Thin doors over InstitutionAliasService; the
// responses are the CLI's --format json renderings.
//   GET    /api/v1/institutions/{code}/aliases            every role (institutions are read by all)
//   POST   /api/v1/institutions/{code}/aliases            admin; ip_manager for its own institution
//   DELETE /api/v1/institutions/{code}/aliases?alias=NAME admin; ip_manager for its own institution
#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "render/institution_alias.h"
#include "requests/institution_alias.h"
#include "services/institution_names.h"

namespace chizai::api {
namespace {

constexpr Roles kAliasWriters = roles({Role::kAdmin, Role::kIpManager});

// A scoped caller (ip_manager) changes only its own institution's aliases;
// another's is not found, as its other objects are.
const std::string& own_code(const Request& request) {
  const std::string& code = request.param("code");
  if (!request.principal.may_see(code)) not_found("institution " + code);
  return code;
}

Response list_aliases(Request& request) {
  const std::string& code = request.param("code");
  const auto aliases = value_or_refuse(InstitutionAliasService(*request.db, request.actor()).list(code));
  return json(render::aliases_json(code, aliases, 0));
}

Response add_alias(Request& request) {
  const std::string& code = own_code(request);
  const std::string alias =
      read_request(request, requests::institution_alias_spec(), requests::read_institution_alias);
  const AliasChange c = value_or_refuse(InstitutionAliasService(*request.db, request.actor()).add(code, alias));
  request.audit_entity_type = "institution";
  request.audit_entity_id = code;
  return json(render::alias_change_json(c, 0), c.result == "inserted" ? 201 : 200);
}

Response remove_alias(Request& request) {
  const std::string& code = own_code(request);
  const auto alias = request.query_value("alias");
  if (!alias || alias->empty()) {
    bad_request("?alias= names the alias to remove", "alias");
  }
  const AliasChange c = value_or_refuse(InstitutionAliasService(*request.db, request.actor()).remove(code, *alias));
  request.audit_entity_type = "institution";
  request.audit_entity_id = code;
  return json(render::alias_change_json(c, 0));
}

// ---- documentation: examples written by the renderers -------------------

std::vector<StoredAlias> example_aliases() {
  return {StoredAlias{"U-TOKYO", "UNIV TOKYO", "university tokyo", "2026-12-08T03:00:00Z", "alice"},
          StoredAlias{"U-TOKYO", "国立大学法人東京大学", "東京大学", "2026-12-08T03:00:00Z", "alice"}};
}

Route route(const char* method, const char* summary, Roles who, Handler handler, const char* scope) {
  Route r;
  r.method = method;
  r.pattern = "/api/v1/institutions/{code}/aliases";
  r.roles = who;
  r.summary = summary;
  r.handler = std::move(handler);
  r.tag = "institutions";
  r.scope = scope;
  return r;
}

}  // namespace

void add_institution_alias_routes(Router& router) {
  const ResponseDoc list{"InstitutionAliases", [] {
                           return std::vector<std::string>{render::aliases_json("U-TOKYO", example_aliases(), 0)};
                         }};
  const ResponseDoc change{"InstitutionAliasChange", [] {
                             return std::vector<std::string>{
                                 render::alias_change_json({"U-TOKYO", "UNIV TOKYO", "university tokyo", "inserted"}, 0),
                                 render::alias_change_json({"U-TOKYO", "UNIV TOKYO", "university tokyo", "removed"}, 0)};
                           }};
  router.add(documented(route("GET", "List an institution's aliases (the names office data gives it), by alias",
                              kAllRoles, list_aliases, ""),
                        nullptr, list));
  router.add(documented(route("POST",
                              "Give an institution an alias (201; 200 unchanged); 409 alias_taken when another "
                              "institution has an alias or name with the same key, naming it",
                              kAliasWriters, add_alias, "code"),
                        &requests::institution_alias_spec(), change));
  router.add(documented(route("DELETE", "Remove an institution's alias (?alias=, matched by its key)", kAliasWriters,
                              remove_alias, "code"),
                        nullptr, change));
}

}  // namespace chizai::api
