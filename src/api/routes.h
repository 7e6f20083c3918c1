// The whole route table of `chizai serve`.
#pragma once

#include "api/router.h"

namespace chizai::api {

// Every domain's routes (add_*_routes) plus the server's own: /healthz
// (process up), /readyz (database reachable) and /api/v1/openapi.json.
void all_routes(Router& router);
// Only the server's own routes (tests that bring their own).
void add_server_routes(Router& router);

}  // namespace chizai::api
