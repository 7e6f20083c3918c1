#include "api/routes.h"

#include <soci/soci.h>

#include "api/openapi.h"
#include "io/json_writer.h"

namespace chizai::api {

void add_server_routes(Router& router) {
  router.add(Route{"GET", "/healthz", 0, "The process is up", [](Request&) {
                     return json(R"({"status":"ok"})");
                   },
                   "server", true});
  router.add(Route{"GET", "/readyz", 0, "The database is reachable", [](Request& req) {
                     // Public routes may run without a connection when the
                     // pool cannot open one: that is exactly "not ready".
                     bool ready = false;
                     if (req.db) {
                       try {
                         int one = 0;
                         req.db->sql() << "SELECT 1", soci::into(one);
                         ready = one == 1;
                       } catch (const std::exception&) {
                         ready = false;
                       }
                     }
                     if (ready) return json(R"({"status":"ready"})");
                     return json(R"({"error":{"code":"not_ready","message":"the database is not reachable","field":null}})",
                                 503);
                   },
                   "server", true});
  router.add(Route{"GET", "/api/v1/openapi.json", 0, "This API's OpenAPI 3 document",
                   [](Request& req) { return json(openapi_document(*req.router)); }, "server", true});
}

void all_routes(Router& router) {
  add_server_routes(router);
  add_registry_routes(router);
  add_family_routes(router);
  add_aggregation_routes(router);
  add_package_routes(router);
  add_project_routes(router);
  add_licensing_routes(router);
  add_payment_routes(router);
  add_close_routes(router);
  add_matching_routes(router);
  add_deal_routes(router);
  add_admin_routes(router);
}

}  // namespace chizai::api
