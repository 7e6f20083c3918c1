// Authentication at the door: a request's Bearer token → its Principal,
// then the route's role check.
#pragma once

#include <optional>
#include <string_view>

#include "api/route.h"

namespace chizai::api {

// Authenticates `request` for `route` (not public) from its Authorization
// header value `authorization`. Fills request.principal and returns nullopt
// when the token is valid; returns the 401 response (with its
// WWW-Authenticate header) when the token is missing, malformed, unknown or
// revoked. Throws ApiError 403 when the token's role may not call `route`.
// The token's owner comes from the read cache when request.cache is set
// (keyed by the token's hash, valid tokens only), else from the database.
// REQUIRES: request.db is set.
std::optional<Response> authenticate(std::string_view authorization, const Route& route, Request& request);

}  // namespace chizai::api
