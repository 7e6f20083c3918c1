#include "api/idempotency.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "api/errors.h"
#include "core/date.h"
#include "core/text.h"
#include "io/digest.h"

namespace chizai::api {

namespace {

using Clock = std::chrono::system_clock;

std::string iso_utc(Clock::time_point t) {
  return utc_timestamp(static_cast<long long>(Clock::to_time_t(t)));
}

ApiError key_in_use(const std::string& key) {
  return ApiError(409, "idempotency_key_in_use", "a request with Idempotency-Key '" + key + "' is still running",
                  "Idempotency-Key");
}

// True when `r` no longer counts: a 'done' key past its retention, or one
// left 'pending' by a process that died.
bool expired(const IdempotencyRecord& r, Clock::time_point now, const IdempotencyPolicy& policy) {
  const std::string retention_cutoff = iso_utc(now - std::chrono::hours(policy.retention_hours));
  const std::string pending_cutoff = iso_utc(now - std::chrono::seconds(policy.pending_seconds));
  return (r.state == "done" && r.created_at < retention_cutoff) ||
         (r.state == "pending" && r.created_at < pending_cutoff);
}

// A key seen before: 422 for another request, 409 while the first runs,
// else its stored response.
Response replay(const IdempotencyRecord& r, const std::string& key, const std::string& hash) {
  if (r.request_hash != hash) {
    throw ApiError(422, "idempotency_key_reused", "Idempotency-Key '" + key + "' was used with a different request",
                   "Idempotency-Key");
  }
  if (r.state == "pending") throw key_in_use(key);
  Response out;
  out.status = static_cast<int>(r.status);
  out.content_type = r.content_type;
  out.body = r.body;
  out.headers.emplace_back("Idempotent-Replayed", "true");
  return out;
}

bool shown_once(const Response& r) {
  return std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
    return to_lower_ascii(h.first) == "cache-control" && h.second == "no-store";
  });
}

}  // namespace

std::string idempotency_key(bool present, const std::string& value) {
  if (!present) return {};
  const bool printable = std::all_of(value.begin(), value.end(), [](char c) { return c > 32 && c < 127; });
  if (value.empty() || value.size() > 200 || !printable) {
    throw ApiError(400, "bad_request", "Idempotency-Key must be 1 to 200 printable ASCII characters without spaces",
                   "Idempotency-Key");
  }
  return value;
}

std::string request_hash(const Request& request) {
  // A body with a password is left out: its hash would be a password hash
  // without salt or work factor.
  // Everything that can change what a mutation does is in the fingerprint:
  // the method, the path, the query (?skip_invalid=true imports what
  // another query refuses), the media type (the same bytes read as CSV or
  // as JSONL) and the body. Each part is length-prefixed, so no two
  // different requests give the same text.
  std::string text = request.method + " " + request.path + "\n";
  const auto part = [&text](std::string_view s) {
    text += std::to_string(s.size());
    text += ':';
    text += s;
    text += ';';
  };
  for (const auto& [name, value] : request.query) {  // std::map: sorted by name
    part(name);
    part(value);
  }
  text += "\n";
  part(request.content_type);
  text += "\n";
  text += request.secret_body ? "" : request.body;
  return sha256_hex(text);
}

IdempotentRun::IdempotentRun(Database& db, IdempotencyPolicy policy, std::string user, std::string key,
                             std::string request_hash)
    : store_(db),
      db_(db),
      policy_(policy),
      user_(std::move(user)),
      key_(std::move(key)),
      hash_(std::move(request_hash)) {}

std::optional<Response> IdempotentRun::claim() {
  if (key_.empty()) return std::nullopt;
  const auto now = Clock::now();
  // The stored row for the key, unless it expired or was abandoned.
  const auto live = [&]() -> std::optional<IdempotencyRecord> {
    auto r = store_.find(user_, key_);
    if (!r || expired(*r, now, policy_)) return std::nullopt;
    return r;
  };
  // First without any lock (SQLite's WAL lets this read run beside a
  // writer), so a second request sees a running first one at once.
  if (auto r = live()) return replay(*r, key_, hash_);
  try {
    WriteTransaction tx(db_);
    if (auto r = live()) return replay(*r, key_, hash_);  // claimed meanwhile (tx rolls back)
    store_.claim_pending(user_, key_, hash_, iso_utc(now));
    tx.commit();
  } catch (const ApiError&) {
    throw;
  } catch (const std::exception& e) {
    // PostgreSQL: a concurrent first request inserted the key and
    // committed while this one waited on the primary key.
    if (Database::classify(e).kind() == StoreError::Kind::kConstraint) throw key_in_use(key_);
    throw;
  }
  return std::nullopt;
}

void IdempotentRun::complete(const Response& r) {
  if (key_.empty()) return;
  if (shown_once(r)) {
    // A response shown once (a new token) is never stored: a replay says
    // so instead of acting again.
    store_.complete(user_, key_, 410, "application/json",
                    error_body("response_not_kept",
                               "the first response to this Idempotency-Key held a secret shown only once",
                               "Idempotency-Key"));
    return;
  }
  store_.complete(user_, key_, r.status, r.content_type, r.body);
}

void IdempotentRun::release(const std::function<void(const std::string&)>& log) {
  if (key_.empty()) return;
  try {
    WriteTransaction tx(db_);
    store_.release_pending(user_, key_);
    tx.commit();
  } catch (const std::exception& e) {
    log("chizai serve: could not release an Idempotency-Key of " + user_ + ": " + Database::classify(e).what());
  }
}

}  // namespace chizai::api
