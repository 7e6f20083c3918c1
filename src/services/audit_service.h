// The audit log of the API: one record per mutation (time, user, route,
// entity, digest of the change), append-only in the database.
#pragma once

#include <vector>

#include "store/audit_store.h"
#include "store/database.h"

namespace chizai {

class AuditService {
 public:
  explicit AuditService(Database& db) : db_(db) {}
  // Appends a record (`at` is set now when empty). Returns its id.
  long long append(AuditRecord record);
  // Newest first.
  std::vector<AuditRecord> list(const AuditFilter& filter);

 private:
  Database& db_;
};

}  // namespace chizai
