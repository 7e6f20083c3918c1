// Authentication at the door: a request's Bearer token or session cookie →
// its Principal, then the route's role check; and the CSRF checks of a
// request authenticated by a session.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/route.h"
#include "services/session_service.h"

namespace chizai::api {

// The name of the session cookie.
inline constexpr const char* kSessionCookie = "chizai_session";

// Authenticates `request` for `route` (not public): by its Authorization
// header value `authorization` when there is one (a bearer token; exactly
// as before sessions), else by `session` (the live session of its cookie,
// found by SessionService::authenticate; null when there is no cookie or it
// names no live session; `had_cookie` tells which). Fills
// request.principal (and request.session) and returns nullopt when
// authenticated; returns the 401 response (with its WWW-Authenticate
// header) when the token or session is missing, malformed, unknown,
// revoked, ended or expired. Throws ApiError 403 when the role may not call
// `route`, and refuses (403 csrf_failed) a session request that is not a
// GET or HEAD without the session's X-CSRF-Token or with a foreign Origin.
// The token's owner comes from the read cache when request.cache is set
// (keyed by the token's hash, valid tokens only), else from the database.
// A session is never cached: its lookup joins the user, so a disabled
// user's sessions stop at once. Without a token or session, a route with
// calendar_key (GET /api/v1/docket.ics) accepts ?key= with a live calendar
// subscription's secret, as that subscription's user; no other route does.
// REQUIRES: request.db is set.
std::optional<Response> authenticate(std::string_view authorization, const SessionView* session, bool had_cookie,
                                     const Route& route, Request& request);

// Refuses (403 csrf_failed) a request whose Origin header is present and
// names another host than its Host header.
void check_origin(const Request& request);

// The Set-Cookie value that sets the session cookie to `value`, or (empty
// `value`) clears it.
std::string session_cookie_header(const std::string& value, bool secure);

}  // namespace chizai::api
