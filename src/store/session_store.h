// Signing in: users' password hashes and languages (api_user), sessions
// (api_session, known by the SHA-256 of the cookie only) and failed
// sign-ins (api_sign_in_failure). services/session_service.h makes and
// checks what is stored here. Writes expect the caller to hold a write
// transaction; reads take the caller's transaction, if any.
#pragma once

#include <optional>
#include <string>

#include "store/database.h"

namespace chizai {

// What signing in needs to know about a user.
struct SignInUser {
  long long id = 0;
  std::string name;
  std::string password_hash;  // empty: no password set (cannot sign in)
  bool disabled = false;
};

// A session that has not ended, of a user that is not disabled, with what
// the request needs: who, and the session's times and CSRF token.
struct SessionRow {
  long long id = 0;
  long long user_id = 0;
  std::string user;
  std::string role;
  std::string institution;  // code; empty for unscoped roles
  std::string language;     // "ja" or "en"
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
};

// The user called `name` for signing in, or nothing.
std::optional<SignInUser> find_sign_in_user(Database& db, const std::string& name);
// Sets user `user_id`'s password hash.
void set_password_hash(Database& db, long long user_id, const std::string& hash);
// Sets user `user_id`'s language ("ja" or "en").
void set_user_language(Database& db, long long user_id, const std::string& language);
// The language of user `user_id` ("ja" when none was chosen).
std::string user_language(Database& db, long long user_id);

// Writes a session of `row.user_id` stored under `id_hash`. Returns its id.
long long insert_session(Database& db, const std::string& id_hash, const SessionRow& row);
// The live session stored under `id_hash` (not ended, its user not
// disabled), or nothing. Expiry is the caller's to check.
std::optional<SessionRow> find_session(Database& db, const std::string& id_hash);
// Moves session `id`'s last_seen_at to `at`.
void touch_session(Database& db, long long id, const std::string& at);
// Ends session `id` at `at` (no-op when it has ended).
void end_session(Database& db, long long id, const std::string& at);
// Ends every live session of user `user_id` but `except_id` (0: none) at
// `at`. Returns how many.
long long end_user_sessions(Database& db, long long user_id, long long except_id, const std::string& at);

// Failed sign-ins of `subject` after `since` (seconds since 1970): how many,
// and the latest one's time (0 when none).
struct FailureCount {
  long long count = 0;
  long long last_at = 0;
};
FailureCount count_sign_in_failures(Database& db, const std::string& subject, long long since);
// Records a failed sign-in of `subject` at `at`, and forgets its failures
// at or before `forget_before`.
void add_sign_in_failure(Database& db, const std::string& subject, long long at, long long forget_before);
// Forgets every failed sign-in of `subject`.
void clear_sign_in_failures(Database& db, const std::string& subject);

}  // namespace chizai
