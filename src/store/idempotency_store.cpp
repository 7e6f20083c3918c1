#include "store/idempotency_store.h"
#include "store/session.h"

#include <soci/soci.h>

namespace chizai {

std::optional<IdempotencyRecord> IdempotencyStore::find(const std::string& user, const std::string& key) {
  IdempotencyRecord r;
  soci_session(db_) << "SELECT request_hash, state, status, content_type, body, created_at "
               "FROM api_idempotency WHERE user_name = :u AND idem_key = :k",
      soci::use(user), soci::use(key), soci::into(r.request_hash), soci::into(r.state), soci::into(r.status),
      soci::into(r.content_type), soci::into(r.body), soci::into(r.created_at);
  if (!soci_session(db_).got_data()) return std::nullopt;
  return r;
}

void IdempotencyStore::claim_pending(const std::string& user, const std::string& key,
                                     const std::string& request_hash, const std::string& created_at) {
  soci_session(db_) << "DELETE FROM api_idempotency WHERE user_name = :u AND idem_key = :k", soci::use(user),
      soci::use(key);
  soci_session(db_) << "INSERT INTO api_idempotency (user_name, idem_key, request_hash, state, status, "
               "content_type, body, created_at) VALUES (:u, :k, :h, 'pending', 0, '', '', :at)",
      soci::use(user), soci::use(key), soci::use(request_hash), soci::use(created_at);
}

void IdempotencyStore::complete(const std::string& user, const std::string& key, long long status,
                                const std::string& content_type, const std::string& body) {
  soci_session(db_) << "UPDATE api_idempotency SET state = 'done', status = :s, content_type = :t, "
               "body = :b WHERE user_name = :u AND idem_key = :k",
      soci::use(status), soci::use(content_type), soci::use(body), soci::use(user), soci::use(key);
}

void IdempotencyStore::release_pending(const std::string& user, const std::string& key) {
  soci_session(db_) << "DELETE FROM api_idempotency WHERE user_name = :u AND idem_key = :k AND state = 'pending'",
      soci::use(user), soci::use(key);
}

}  // namespace chizai
