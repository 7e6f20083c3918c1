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
  std::string expires_at;  // empty: never
};

// The doors record who did it: the API server appends an audit record for
// every mutation, the CLI commands for theirs.
class AuthService {
 public:
  explicit AuthService(Database& db) : db_(db) {}

  // Adds a user. Refuses a bad name ("bad_name": a letter, then letters,
  // digits, '.', '_' or '-', at most 64), an unknown role ("bad_role"), a
  // scoped role without an institution ("missing_institution"), an
  // unscoped role (admin, finance, tech_transfer: they see every
  // institution) with one ("institution_not_allowed"), an unknown
  // institution ("unknown_institution"), a taken name ("duplicate_user")
  // and a malformed e-mail address (check_email; empty: none).
  Result<ApiUser> add_user(const std::string& name, const std::string& role,
                           const std::string& institution, const std::string& email = "");
  // A page of the users, by name (store/auth_store.h's list_users).
  Page<ApiUser> list_users(const PageRequest& page);
  std::optional<ApiUser> find_user(const std::string& name);

  // Disables (`disabled`) or enables user `name` ("unknown_user"). A
  // disabled user's tokens stop working at once and work again when it is
  // enabled (unless revoked or expired meanwhile). Returns the user as now;
  // disabling a disabled user (or enabling an enabled one) changes nothing.
  Result<ApiUser> set_disabled(const std::string& name, bool disabled);
  // Gives user `name` role `role` with `institution` (empty: none), checked
  // as add_user checks them ("unknown_user", "bad_role",
  // "missing_institution", "institution_not_allowed",
  // "unknown_institution"). Returns the user as now.
  Result<ApiUser> set_role(const std::string& name, const std::string& role, const std::string& institution);

  // Sets user `name`'s e-mail address, where the docket's reminder digest
  // goes (empty: none, no reminders). Refuses "unknown_user" and a
  // malformed address (check_email). Returns the user as now.
  Result<ApiUser> set_email(const std::string& name, const std::string& email);

  // A new token for `user` ("unknown_user", "user_disabled") expiring as
  // `expires` says (token_expiry; empty: never).
  Result<IssuedToken> create_token(const std::string& user, const std::string& expires = "");
  // Revokes one token by id (digits) or every valid token of a user (name).
  // Returns how many were revoked ("unknown_user", "unknown_token").
  Result<long long> revoke(const std::string& user_or_token_id);
  // A page of the tokens of `user` (empty: everyone's), by id
  // ("unknown_user"). No secrets: only ids, dates and states.
  Result<Page<TokenInfo>> list_tokens(const std::string& user, const PageRequest& page);

  // The owner of a valid token (not revoked, not expired, its user not
  // disabled), or nothing.
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

// When a token given `expires` at `now` (seconds since 1970 UTC) expires,
// as "YYYY-MM-DDTHH:MM:SSZ": a date YYYY-MM-DD (valid through that UTC
// day), a UTC time YYYY-MM-DDTHH:MM:SSZ, or a duration ("90d", "12h");
// empty for empty. Refuses anything else, or a time not after `now`
// ("bad_expiry", field "expires").
Result<std::string> token_expiry(const std::string& expires, long long now);
// True when `owner`'s token has expired at `now` ("YYYY-MM-DDTHH:MM:SSZ").
bool token_expired(const TokenOwner& owner, const std::string& now);

// Checks an e-mail address for the reminder digest: empty (none), or
// local@domain of at most 254 characters, the local part of letters,
// digits and !#$%&'*+/=?^_`{|}~.- (no leading, trailing or doubled dot),
// the domain of at least two dot-separated labels of letters, digits and
// inner hyphens. No spaces, quotes, angle brackets or line breaks, so the
// address can go into a message header as it is. Refusal: "bad_email",
// field "email".
Status check_email(const std::string& email);

// The SHA-256 (hex) under which a token is stored.
std::string token_hash(std::string_view token);

}  // namespace chizai
