// API users and their bearer tokens: tables api_user and api_token. Only a
// token's hash is stored (services/auth_service.h makes and hashes tokens).
// Writes expect the caller to hold a write transaction; reads take the
// caller's transaction, if any.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "store/database.h"

namespace chizai {

struct ApiUser {
  long long id = 0;
  std::string name;
  std::string role;
  std::string institution;  // code; empty for unscoped roles without one
  std::string created_at;
  long long active_tokens = 0;
  std::string disabled_at;  // empty while enabled
  std::string email;        // empty: none (no reminders)
};

struct TokenInfo {
  long long id = 0;
  std::string user;
  std::string created_at;
  std::string expires_at;  // empty: never
  std::string revoked_at;  // empty while not revoked
};

// Who a valid token belongs to.
struct TokenOwner {
  std::string user;
  std::string role;
  std::string institution;
  long long token_id = 0;
  std::string expires_at;  // empty: never (checked by the caller: a cached owner outlives its query)
};

// Returns the id of the user called `name`, or nothing.
std::optional<long long> find_user_id(Database& db, const std::string& name);
// Writes `user` (id and active_tokens ignored; an empty email is NULL) with `institution_id` (none:
// NULL). Returns the new id. REQUIRES: the name is free and the
// institution exists.
long long insert_user(Database& db, const ApiUser& user, std::optional<long long> institution_id);
// A page of the users with their count of valid tokens, by name: the key is
// the name (unique), `page.after` the last name seen (empty: from the
// first), `next` the page's last name.
Page<ApiUser> list_users(Database& db, const PageRequest& page);
// The user called `name` with their count of valid tokens, or nothing.
std::optional<ApiUser> find_user(Database& db, const std::string& name);

// Sets user `user_id`'s disabled_at (empty: enabled again).
void set_user_disabled(Database& db, long long user_id, const std::string& at);
// Sets user `user_id`'s e-mail address (empty: NULL, none).
void set_user_email(Database& db, long long user_id, const std::string& email);
// Sets user `user_id`'s role and institution (none: NULL).
void set_user_role(Database& db, long long user_id, const std::string& role,
                   std::optional<long long> institution_id);

// Writes a valid token of user `user_id` expiring at `expires_at` (empty:
// never). Returns its id.
long long insert_token(Database& db, long long user_id, const std::string& hash, const std::string& created_at,
                       const std::string& expires_at);
// Returns whether token `id` is revoked, or nothing when there is no such token.
std::optional<bool> token_revoked(Database& db, long long id);
// Marks token `id` revoked at `at`. REQUIRES: it is valid.
void revoke_token(Database& db, long long id, const std::string& at);
// Marks every valid token of user `user_id` revoked at `at`. Returns how many.
long long revoke_user_tokens(Database& db, long long user_id, const std::string& at);
// A page of the tokens (valid or not) of the user called `user` (empty:
// every user's), by id: `page.after` the last id seen (empty: from the
// first), `next` the page's last id. No secret is stored, so none is shown.
Page<TokenInfo> list_tokens(Database& db, const std::string& user, const PageRequest& page);

// Returns the owner of the token stored under `hash` if it is not revoked
// and its user is not disabled, or nothing. Expiry is the caller's to check
// (TokenOwner::expires_at).
std::optional<TokenOwner> find_token_owner(Database& db, const std::string& hash);

// find_token_owner with its query prepared once: a server checks a token on every request and keeps one per
// connection (Database::kept). Not thread-safe, like the connection.
class TokenOwnerLookup {
 public:
  explicit TokenOwnerLookup(Database& db);
  ~TokenOwnerLookup();
  TokenOwnerLookup(const TokenOwnerLookup&) = delete;
  TokenOwnerLookup& operator=(const TokenOwnerLookup&) = delete;
  // Returns the owner, or nothing. Holds no read snapshot afterwards (on
  // SQLite the next call sees tokens created or revoked meanwhile).
  std::optional<TokenOwner> find(std::string hash);

 private:
  struct Statement;
  std::unique_ptr<Statement> st_;
};

}  // namespace chizai
