// API users and their bearer tokens. A token is 32 random bytes shown once
// ("chz_" + 64 hex digits); only its SHA-256 is stored, so a stolen database
// does not yield usable tokens. Roles are the API's five (api/route.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/auth_store.h"
#include "store/database.h"

namespace chizai {

// "admin", "ip_manager", "tech_transfer", "finance", "institution_viewer".
const std::vector<std::string>& api_role_names();
// True for the roles that see one institution only (they need one).
bool is_scoped_role(std::string_view role);

struct IssuedToken {
  long long id = 0;
  std::string user;
  std::string token;  // the secret: shown once, never stored
};

// The doors record who did it: the API server appends an audit record for
// every mutation, the CLI commands for theirs.
class AuthService {
 public:
  explicit AuthService(Database& db) : db_(db) {}

  // Adds a user. Refuses a bad name ("bad_name": a letter, then letters,
  // digits, '.', '_' or '-', at most 64), an unknown role ("bad_role"), a
  // scoped role without an institution ("missing_institution"), an unknown
  // institution ("unknown_institution") and a taken name ("duplicate_user").
  Result<ApiUser> add_user(const std::string& name, const std::string& role,
                           const std::string& institution);
  // A page of the users, by name (store/auth_store.h's list_users).
  Page<ApiUser> list_users(const PageRequest& page);
  std::optional<ApiUser> find_user(const std::string& name);

  // A new token for `user` ("unknown_user").
  Result<IssuedToken> create_token(const std::string& user);
  // Revokes one token by id (digits) or every valid token of a user (name).
  // Returns how many were revoked ("unknown_user", "unknown_token").
  Result<long long> revoke(const std::string& user_or_token_id);
  std::vector<TokenInfo> list_tokens(const std::string& user);

  // The owner of a valid (not revoked) token, or nothing.
  std::optional<TokenOwner> authenticate(std::string_view token);

 private:
  Database& db_;
};

// AuthService::authenticate with its query prepared once, for a server that
// checks a token on every request over one long-lived connection.
class TokenAuthenticator {
 public:
  explicit TokenAuthenticator(Database& db);
  TokenAuthenticator(const TokenAuthenticator&) = delete;
  TokenAuthenticator& operator=(const TokenAuthenticator&) = delete;
  std::optional<TokenOwner> authenticate(std::string_view token);

 private:
  TokenOwnerLookup lookup_;
};

// The SHA-256 (hex) under which a token is stored.
std::string token_hash(std::string_view token);

}  // namespace chizai
