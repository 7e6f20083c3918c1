// Idempotency-Key for mutations. A key's first request runs; a repeat of
// the same request (method, path and body) gets the first one's response
// again with "Idempotent-Replayed: true"; the key with another request is a
// 422 (idempotency_key_reused); a repeat while the first still runs is a
// 409 (idempotency_key_in_use). Keys are per user. The records are kept in
// store/idempotency_store.h.
#pragma once

#include <functional>
#include <string>

#include "api/route.h"
#include "store/database.h"
#include "store/idempotency_store.h"

namespace chizai::api {

// Returns the Idempotency-Key header's value ("" when `present` is false:
// no key). Throws ApiError 400 naming the header when it is present but
// not 1 to 200 printable ASCII characters without spaces.
std::string idempotency_key(bool present, const std::string& value);

struct IdempotencyPolicy {
  int retention_hours = 24;  // a 'done' key older than this is forgotten
  int pending_seconds = 300;  // a 'pending' key older than this was abandoned (a crash)
};

// One mutation's key, from claim to completion. With an empty key every
// operation does nothing (and claim() returns nullopt).
class IdempotentRun {
 public:
  // `request_hash`: request_hash(request) of the mutation.
  IdempotentRun(Database& db, IdempotencyPolicy policy, std::string user, std::string key,
                std::string request_hash);

  // Phase 1, in its own short transaction: returns the stored response to
  // replay when the key was used before by the same request, else claims
  // the key (a 'pending' row other requests with it see) and returns
  // nullopt. Throws ApiError 422 for a key used with another request, 409
  // while the key's first request runs.
  std::optional<Response> claim();

  // Stores `response` as the key's answer to repeats; a response shown once
  // (Cache-Control: no-store, e.g. a new token) is stored as a 410
  // response_not_kept instead. REQUIRES: inside the mutation's write
  // transaction, after claim().
  void complete(const Response& response);

  // Frees the claimed key, in a transaction of its own, after the mutation
  // was refused or failed, so a retry runs. A database failure is not
  // thrown but reported through `log`.
  void release(const std::function<void(const std::string&)>& log);

 private:
  IdempotencyStore store_;
  Database& db_;
  IdempotencyPolicy policy_;
  std::string user_;
  std::string key_;
  std::string hash_;
};

// The SHA-256 of the request's method, path and body: what a repeat must
// match.
std::string request_hash(const Request& request);

}  // namespace chizai::api
