#include "api/auth.h"

#include <memory>
#include <string>

#include "api/errors.h"
#include "api/read_cache.h"
#include "core/date.h"
#include "core/text.h"
#include "services/auth_service.h"

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

std::optional<Response> authenticate(std::string_view authorization, const Route& route, Request& req) {
  const std::string_view a = trim(authorization);
  if (a.empty()) {
    return unauthorized("a bearer token is required (Authorization: Bearer TOKEN)", "Bearer realm=\"chizai\"");
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
  if (!(route.roles & static_cast<Roles>(*role))) {
    throw ApiError(403, "forbidden",
                   "role " + std::string(role_name(*role)) + " may not " + req.method + " " + route.pattern);
  }
  return std::nullopt;
}

}  // namespace chizai::api
