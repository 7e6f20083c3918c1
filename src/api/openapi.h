// The OpenAPI 3.0 document of a route table, built from the router itself
// (so it cannot drift from what is routed): paths, methods, summaries, tags,
// path parameters, bearer security (none on public routes), the roles in
// "x-roles" and the scoping in "x-scope".
#pragma once

#include <string>

#include "api/router.h"

namespace chizai::api {

std::string openapi_document(const Router& router);

}  // namespace chizai::api
