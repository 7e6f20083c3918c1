#include "api/routes.h"

#include "api/openapi.h"
#include "io/json_writer.h"
#include "store/health_store.h"

namespace chizai::api {

namespace {

ResponseDoc fixed(const char* name, std::vector<std::string> examples, bool free_form = false) {
  ResponseDoc doc{name, [examples] { return examples; }, false, {}};
  doc.free_form = free_form;
  return doc;
}

}  // namespace

void add_server_routes(Router& router) {
  router.add(Route{"GET", "/healthz", 0, "The process is up", [](Request&) {
                     return json(R"({"status":"ok"})");
                   },
                   "server", true, "", nullptr, {}, fixed("Health", {R"({"status":"ok"})"})});
  router.add(Route{"GET", "/readyz", 0, "The database is reachable", [](Request& req) {
                     // Public routes may run without a connection when the
                     // pool cannot open one: that is exactly "not ready".
                     const bool ready = req.db && database_answers(*req.db);
                     if (ready) return json(R"({"status":"ready"})");
                     return json(R"({"error":{"code":"not_ready","message":"the database is not reachable","field":null}})",
                                 503);
                   },
                   "server", true, "", nullptr, {}, fixed("Readiness", {R"({"status":"ready"})"})});
  router.add(Route{"GET", "/api/v1/openapi.json", 0, "This API's OpenAPI 3 document",
                   [](Request& req) { return json(openapi_document(*req.router)); }, "server", true, "",
                   nullptr, {}, fixed("OpenApiDocument", {R"({"openapi":"3.0.3","info":{"title":"Chizai API"}})"}, true)});
}

void all_routes(Router& router) {
  add_server_routes(router);
  add_registry_routes(router);
  add_ownership_routes(router);
  add_event_routes(router);
  add_event_import_routes(router);
  add_family_routes(router);
  add_aggregation_routes(router);
  add_package_routes(router);
  add_project_routes(router);
  add_licensing_routes(router);
  add_payment_routes(router);
  add_receivables_routes(router);
  add_close_routes(router);
  add_matching_routes(router);
  add_deal_routes(router);
  add_staff_member_routes(router);
  add_institution_alias_routes(router);
  add_portfolio_routes(router);
  add_fees_routes(router);
  add_patent_activity_routes(router);
  add_docket_routes(router);
  add_admin_routes(router);
  add_session_routes(router);
}

}  // namespace chizai::api
