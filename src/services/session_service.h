// Signing in to the web interface: passwords (Argon2id, libargon2) and
// sessions (README "Web interface").
//
// A session is 32 random bytes, base64url in the cookie; only its SHA-256
// is stored. It ends when signed out, when its user's password is set
// anew, after `idle_minutes` without a request, or `hours` after sign-in;
// a disabled user's sessions are refused at once (the lookup joins the
// user). Its CSRF token (32 random bytes, base64url) is what a page sends
// back in X-CSRF-Token.
//
// Failed sign-ins are counted per name and per client address over the
// last 15 minutes, in the database (servers share them). From the 5th
// failure of either on, the next attempt must wait: 30 s after the 5th,
// doubling with each further failure, at most 15 minutes, counted from the
// latest failure. An unknown name, a wrong password, a user without a
// password and a disabled user fail alike, after the same Argon2 work.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/auth_store.h"
#include "store/database.h"
#include "store/session_store.h"

namespace chizai {

// The fewest characters (code points) a password may have.
inline constexpr std::size_t kMinPasswordLength = 10;
// Failures (of a name or of an address) in this window count.
inline constexpr long long kSignInWindowSeconds = 15 * 60;
// Failures before the slowdown starts, its first wait, and its longest.
inline constexpr long long kSignInFreeFailures = 5;
inline constexpr long long kSignInFirstWaitSeconds = 30;
inline constexpr long long kSignInMaxWaitSeconds = 15 * 60;

// Ok, or "weak_password" (field "password"): fewer than 10 characters, more
// than 1024 bytes, or not UTF-8 / holding a NUL.
Status check_password(std::string_view password);
// The Argon2id hash of `password` in PHC form ("$argon2id$v=19$m=…").
std::string hash_password(std::string_view password);
// True when `password` matches `encoded` (a hash_password result).
bool verify_password(std::string_view encoded, std::string_view password);

struct SessionSettings {
  int idle_minutes = 30;  // web.session_idle_minutes
  int hours = 12;         // web.session_hours
};

// What GET /api/v1/session shows (and the request's principal).
struct SessionView {
  long long id = 0;
  std::string user;
  std::string role;
  std::string institution;  // empty for unscoped roles
  std::string language;
  std::string csrf_token;
  std::string idle_expires_at;  // when it ends without another request
  std::string expires_at;       // when it ends regardless
};

struct SignInResult {
  enum class Outcome { kSignedIn, kFailed, kThrottled };
  Outcome outcome = Outcome::kFailed;
  long long retry_after_seconds = 0;  // kThrottled: how long to wait
  std::string cookie_value;           // kSignedIn: the secret, for the cookie only
  SessionView session;                // kSignedIn
};

class SessionService {
 public:
  // `now`: seconds since 1970 UTC (injectable for tests).
  SessionService(Database& db, SessionSettings settings, long long now)
      : db_(db), settings_(settings), now_(now) {}

  // Sets user `name`'s password ("unknown_user", "weak_password") and ends
  // every session of that user but `keep_session` (0: all). Returns the user.
  Result<ApiUser> set_password(const std::string& name, std::string_view password, long long keep_session = 0);

  // Signs `name` in with `password` from client `address`.
  SignInResult sign_in(const std::string& name, std::string_view password, const std::string& address);

  // The live session whose cookie value is `cookie_value`, or nothing
  // (malformed, unknown, ended, expired, its user disabled). Moves its
  // last-seen time when due (at most every minute), in a write transaction
  // of its own: call it outside any transaction.
  std::optional<SessionView> authenticate(std::string_view cookie_value);
  // Ends session `id` (signing out).
  void end(long long id);
  // The live session of `cookie_value` as authenticate finds it, without
  // moving its last-seen time.
  std::optional<SessionView> find(std::string_view cookie_value);

  // User `user`'s language ("unknown_user").
  Result<std::string> language_of(const std::string& user);
  // Sets user `user`'s language: "ja" or "en" ("bad_language", field
  // "language"; "unknown_user").
  Status set_language(const std::string& user, const std::string& language);

 private:
  SessionView view_of(const SessionRow& row, long long last_seen) const;
  // The stored session of `cookie_value` unless it is malformed, unknown,
  // ended, idle too long or past its absolute end, or its user disabled.
  std::optional<SessionRow> live_row(std::string_view cookie_value);
  Database& db_;
  SessionSettings settings_;
  long long now_;
};

// Seconds since 1970 of a "YYYY-MM-DDTHH:MM:SSZ" timestamp (0 when malformed).
long long epoch_of_timestamp(std::string_view timestamp);

}  // namespace chizai
