// The API's Idempotency-Key records (table api_idempotency): one row per
// (user, key), 'pending' while the key's first request runs (committed
// before its handler), 'done' with the response a repeat gets. The rules
// (expiry, replay, 409 / 422) are the server's: api/idempotency.h.
#pragma once

#include <optional>
#include <string>

#include "store/database.h"

namespace chizai {

struct IdempotencyRecord {
  std::string request_hash;  // SHA-256 of method, path and body
  std::string state;         // "pending" or "done"
  long long status = 0;      // the stored response ('done' only)
  std::string content_type;
  std::string body;
  std::string created_at;    // UTC "YYYY-MM-DDTHH:MM:SSZ": compares as text
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(Database& db) : db_(db) {}

  // Returns the row of `user`'s `key`, whatever its state or age; nullopt
  // when there is none.
  std::optional<IdempotencyRecord> find(const std::string& user, const std::string& key);

  // Replaces any row of `user`'s `key` (an expired or abandoned one) with a
  // 'pending' row for `request_hash`, created at `created_at`.
  // REQUIRES: a write transaction. Throws the database's constraint error
  // when a concurrent transaction inserted the same key (PostgreSQL).
  void claim_pending(const std::string& user, const std::string& key, const std::string& request_hash,
                     const std::string& created_at);

  // Marks `user`'s `key` 'done' with the response a repeat replays.
  // REQUIRES: a write transaction; the key claimed by claim_pending.
  void complete(const std::string& user, const std::string& key, long long status,
                const std::string& content_type, const std::string& body);

  // Deletes `user`'s `key` if it is still 'pending' (its first request was
  // refused or failed), so that a retry runs. A 'done' row stays.
  // REQUIRES: a write transaction.
  void release_pending(const std::string& user, const std::string& key);

 private:
  Database& db_;
};

}  // namespace chizai
