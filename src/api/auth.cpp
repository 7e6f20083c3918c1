#include "api/auth.h"

#include <memory>
#include <string>

#include "api/errors.h"
#include "api/read_cache.h"
#include "core/date.h"
#include "core/text.h"
#include "services/auth_service.h"
#include "services/docket_service.h"

namespace chizai::api {

namespace {

// The token's owner, from the read cache when the request may use it.
std::optional<TokenOwner> token_owner(std::string_view token, const Request& req) {
  TokenAuthenticator& auth = req.db->kept<TokenAuthenticator>();
  if (!req.cache) return auth.authenticate(token);
  // Keyed by the token's hash: the raw token is never kept. Only valid
  // tokens are stored (made-up ones cannot fill the cache). A disabled user
  // or a revoked token is a commit, which empties the cache (read_cache.h);
  // an expiry is not, so a cached owner is checked against the clock.
  std::string key = token_hash(token);
  if (auto hit = req.cache->tokens.find(key, req.cache_epoch)) {
    if (token_expired(*hit, utc_timestamp())) return std::nullopt;
    return *hit;
  }
  auto owner = auth.authenticate(token);
  if (owner) {
    const std::size_t bytes = sizeof(TokenOwner) + owner->user.size() + owner->role.size() +
                              owner->institution.size() + owner->expires_at.size();
    req.cache->tokens.put(std::move(key), std::make_shared<const TokenOwner>(*owner), bytes, req.cache_epoch);
  }
  return owner;
}

Response unauthorized(const std::string& message, const std::string& challenge) {
  Response r = error_response(401, "unauthorized", message);
  r.headers.emplace_back("WWW-Authenticate", challenge);
  return r;
}

}  // namespace

namespace {

// True when `a` and `b` are equal, in a time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

[[noreturn]] void csrf_refused(const std::string& message, const std::string& field) {
  refuse(make_error(ErrorKind::kForbidden, "csrf_failed", message, field));
}

// The role's check, the same for both ways in.
void check_role(const Route& route, Role role, const Request& req) {
  if (!(route.roles & static_cast<Roles>(role))) {
    throw ApiError(403, "forbidden",
                   "role " + std::string(role_name(role)) + " may not " + req.method + " " + route.pattern);
  }
}

}  // namespace

void check_origin(const Request& req) {
  if (req.origin.empty()) return;
  std::string origin = to_lower_ascii(trim(req.origin));
  for (const char* scheme : {"https://", "http://"}) {
    if (origin.rfind(scheme, 0) == 0) {
      origin = origin.substr(std::string_view(scheme).size());
      break;
    }
  }
  if (origin.empty() || origin != to_lower_ascii(trim(req.host))) {
    csrf_refused("the request comes from another site (Origin " + req.origin + ", this server is " + req.host + ")",
                 "Origin");
  }
}

std::string session_cookie_header(const std::string& value, bool secure) {
  std::string h = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) h += "; Secure";
  if (value.empty()) h += "; Max-Age=0";
  return h;
}

std::optional<Response> authenticate(std::string_view authorization, const SessionView* session, bool had_cookie,
                                     const Route& route, Request& req) {
  const std::string_view a = trim(authorization);
  if (a.empty() && !session && route.calendar_key) {
    // A calendar client: the subscription's secret in ?key=, for this
    // route only (every other route ignores ?key=).
    if (const auto key = req.query_value("key")) {
      const auto owner = calendar_subscription_owner(*req.db, *key);
      const std::optional<Role> role = owner ? parse_role(owner->role) : std::nullopt;
      if (!owner || !role) {
        return unauthorized("the calendar key is not valid, was revoked, or its user is disabled",
                            "Bearer realm=\"chizai\"");
      }
      req.principal.user = owner->user;
      req.principal.role = *role;
      req.principal.institution = owner->institution;
      check_role(route, *role, req);
      return std::nullopt;
    }
  }
  if (a.empty()) {
    if (!session) {
      if (had_cookie) {
        return unauthorized("the session has ended or expired, or its user is disabled: sign in again",
                            "Bearer realm=\"chizai\"");
      }
      return unauthorized(
          "a bearer token (Authorization: Bearer TOKEN) or a session (POST /api/v1/session) is required",
          "Bearer realm=\"chizai\"");
    }
    const std::optional<Role> role = parse_role(session->role);
    if (!role) return unauthorized("the session's user has no known role", "Bearer realm=\"chizai\"");
    // A cross-site page can make the browser send the cookie, but cannot
    // set a header or hide its Origin.
    if (req.method != "GET" && req.method != "HEAD") {
      if (req.csrf_header.empty()) {
        csrf_refused("a request signed in by the session cookie needs the header X-CSRF-Token (the csrf_token of "
                     "GET /api/v1/session)",
                     "X-CSRF-Token");
      }
      if (!same_secret(req.csrf_header, session->csrf_token)) {
        csrf_refused("X-CSRF-Token does not match this session's csrf_token", "X-CSRF-Token");
      }
      check_origin(req);
    }
    req.principal.user = session->user;
    req.principal.role = *role;
    req.principal.institution = session->institution;
    req.session = std::make_shared<const SessionView>(*session);
    check_role(route, *role, req);
    return std::nullopt;
  }
  std::optional<TokenOwner> owner;
  if (a.size() > 7 && to_lower_ascii(a.substr(0, 7)) == "bearer ") owner = token_owner(trim(a.substr(7)), req);
  std::optional<Role> role = owner ? parse_role(owner->role) : std::nullopt;
  if (!owner || !role) {
    return unauthorized("the bearer token is not valid, was revoked or has expired, or its user is disabled",
                        "Bearer realm=\"chizai\", error=\"invalid_token\"");
  }
  req.principal.user = owner->user;
  req.principal.role = *role;
  req.principal.institution = owner->institution;
  check_role(route, *role, req);
  return std::nullopt;
}

}  // namespace chizai::api
