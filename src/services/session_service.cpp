#include "services/session_service.h"

#include <argon2.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "core/date.h"
#include "core/text.h"
#include "io/digest.h"

namespace chizai {
namespace {

// Argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane
// (about 30 ms here); the parameters travel in the stored hash, so they can
// be raised later without invalidating passwords already set.
constexpr std::uint32_t kArgonTime = 2;
constexpr std::uint32_t kArgonMemoryKiB = 19 * 1024;
constexpr std::uint32_t kArgonLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kMaxPasswordBytes = 1024;
// A cookie value: 32 bytes in base64url without padding.
constexpr std::size_t kCookieChars = 43;

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::getrandom(out.data() + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    got += static_cast<std::size_t>(r);
  }
  return out;
}

std::string base64url(std::string_view bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
  }
  return out;
}

bool well_formed_cookie(std::string_view value) {
  return value.size() == kCookieChars && std::all_of(value.begin(), value.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_';
         });
}

// A hash of a password nobody knows: an unknown name is checked against it,
// so that it costs what a wrong password costs.
const std::string& dummy_hash() {
  static const std::string hash = hash_password(base64url(random_bytes(24)));
  return hash;
}

std::string name_subject(const std::string& name) { return "name:" + to_lower_ascii(name.substr(0, 128)); }
std::string address_subject(const std::string& address) { return "address:" + address.substr(0, 128); }

}  // namespace

long long epoch_of_timestamp(std::string_view timestamp) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string text(timestamp);
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6) return 0;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<long long>(::timegm(&tm));
}

Status check_password(std::string_view password) {
  if (password.size() > kMaxPasswordBytes || !is_valid_utf8(password) ||
      password.find('\0') != std::string_view::npos) {
    return make_error(ErrorKind::kInvalid, "weak_password",
                      "the password must be UTF-8 text without NUL of at most " +
                          std::to_string(kMaxPasswordBytes) + " bytes",
                      "password");
  }
  if (utf8_length(password) < kMinPasswordLength) {
    return make_error(ErrorKind::kInvalid, "weak_password",
                      "the password must have at least " + std::to_string(kMinPasswordLength) + " characters (it has " +
                          std::to_string(utf8_length(password)) + ")",
                      "password");
  }
  return {};
}

std::string hash_password(std::string_view password) {
  const std::string salt = random_bytes(kSaltBytes);
  std::string encoded(argon2_encodedlen(kArgonTime, kArgonMemoryKiB, kArgonLanes, kSaltBytes, kHashBytes, Argon2_id),
                      '\0');
  const int rc = argon2id_hash_encoded(kArgonTime, kArgonMemoryKiB, kArgonLanes, password.data(), password.size(),
                                       salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  const std::string e(encoded);
  return argon2id_verify(e.c_str(), password.data(), password.size()) == ARGON2_OK;
}

Result<ApiUser> SessionService::set_password(const std::string& name, std::string_view password,
                                             long long keep_session) {
  if (auto ok = check_password(password); !ok) return ok.error();
  const std::string hash = hash_password(password);  // slow: before the transaction
  WriteTransaction tx(db_);
  const auto user = chizai::find_user(db_, name);
  if (!user) return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + name + "'", "user");
  set_password_hash(db_, user->id, hash);
  end_user_sessions(db_, user->id, keep_session, utc_timestamp(now_));
  tx.commit();
  return *user;
}

SignInResult SessionService::sign_in(const std::string& name, std::string_view password, const std::string& address) {
  SignInResult result;
  const std::string by_name = name_subject(name), by_address = address_subject(address);
  const auto wait_for = [this](const std::string& subject) -> long long {
    const FailureCount c = count_sign_in_failures(db_, subject, now_ - kSignInWindowSeconds);
    if (c.count < kSignInFreeFailures) return 0;
    const long long doublings = std::min<long long>(c.count - kSignInFreeFailures, 10);
    const long long wait = std::min(kSignInFirstWaitSeconds << doublings, kSignInMaxWaitSeconds);
    return std::max(0LL, c.last_at + wait - now_);
  };
  const long long retry = std::max(wait_for(by_name), wait_for(by_address));
  if (retry > 0) {
    result.outcome = SignInResult::Outcome::kThrottled;
    result.retry_after_seconds = retry;
    return result;
  }

  const auto user = find_sign_in_user(db_, name);
  bool ok = false;
  if (password.size() > kMaxPasswordBytes) {
    verify_password(dummy_hash(), password.substr(0, kMaxPasswordBytes));
  } else if (user && !user->password_hash.empty()) {
    ok = verify_password(user->password_hash, password) && !user->disabled;
  } else {
    verify_password(dummy_hash(), password);
  }
  if (!ok) {
    WriteTransaction tx(db_);
    add_sign_in_failure(db_, by_name, now_, now_ - kSignInWindowSeconds);
    add_sign_in_failure(db_, by_address, now_, now_ - kSignInWindowSeconds);
    tx.commit();
    result.outcome = SignInResult::Outcome::kFailed;
    return result;
  }

  result.cookie_value = base64url(random_bytes(32));
  SessionRow row;
  row.user_id = user->id;
  row.csrf_token = base64url(random_bytes(32));
  row.created_at = utc_timestamp(now_);
  row.last_seen_at = row.created_at;
  row.expires_at = utc_timestamp(now_ + static_cast<long long>(settings_.hours) * 3600);
  const std::string id_hash = sha256_hex(result.cookie_value);
  WriteTransaction tx(db_);
  insert_session(db_, id_hash, row);
  clear_sign_in_failures(db_, by_name);
  const auto stored = find_session(db_, id_hash);
  tx.commit();
  if (!stored) throw std::runtime_error("a session just written is not found");
  result.outcome = SignInResult::Outcome::kSignedIn;
  result.session = view_of(*stored, now_);
  return result;
}

SessionView SessionService::view_of(const SessionRow& row, long long last_seen) const {
  SessionView v;
  v.id = row.id;
  v.user = row.user;
  v.role = row.role;
  v.institution = row.institution;
  v.language = row.language;
  v.csrf_token = row.csrf_token;
  v.expires_at = row.expires_at;
  const long long idle_end = last_seen + static_cast<long long>(settings_.idle_minutes) * 60;
  v.idle_expires_at = utc_timestamp(std::min(idle_end, epoch_of_timestamp(row.expires_at)));
  return v;
}

std::optional<SessionRow> SessionService::live_row(std::string_view cookie_value) {
  if (!well_formed_cookie(cookie_value)) return std::nullopt;
  auto row = find_session(db_, sha256_hex(cookie_value));
  if (!row) return std::nullopt;
  const long long idle = static_cast<long long>(settings_.idle_minutes) * 60;
  if (now_ >= epoch_of_timestamp(row->expires_at) || now_ >= epoch_of_timestamp(row->last_seen_at) + idle) {
    return std::nullopt;
  }
  return row;
}

std::optional<SessionView> SessionService::find(std::string_view cookie_value) {
  const auto row = live_row(cookie_value);
  if (!row) return std::nullopt;
  return view_of(*row, epoch_of_timestamp(row->last_seen_at));
}

std::optional<SessionView> SessionService::authenticate(std::string_view cookie_value) {
  const auto row = live_row(cookie_value);
  if (!row) return std::nullopt;
  // Moved at most every minute (a quarter of the idle time when shorter):
  // a page's burst of requests writes once.
  const long long idle = static_cast<long long>(settings_.idle_minutes) * 60;
  long long last_seen = epoch_of_timestamp(row->last_seen_at);
  if (now_ - last_seen >= std::min<long long>(60, idle / 4)) {
    WriteTransaction tx(db_);
    touch_session(db_, row->id, utc_timestamp(now_));
    tx.commit();
    last_seen = now_;
  }
  return view_of(*row, last_seen);
}

void SessionService::end(long long id) {
  WriteTransaction tx(db_);
  end_session(db_, id, utc_timestamp(now_));
  tx.commit();
}

Result<std::string> SessionService::language_of(const std::string& user) {
  const auto id = find_user_id(db_, user);
  if (!id) return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + user + "'", "user");
  return user_language(db_, *id);
}

Status SessionService::set_language(const std::string& user, const std::string& language) {
  if (language != "ja" && language != "en") {
    return make_error(ErrorKind::kInvalid, "bad_language",
                      "language '" + language + "' is not one of the interface's: ja, en", "language");
  }
  WriteTransaction tx(db_);
  const auto id = find_user_id(db_, user);
  if (!id) return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + user + "'", "user");
  set_user_language(db_, *id, language);
  tx.commit();
  return {};
}

}  // namespace chizai
