// The audit log of the API: one record per mutation (time, user, route,
// entity, digest of the change), append-only in the database.
#pragma once

#include "core/page.h"
#include "store/audit_store.h"
#include "store/database.h"

namespace chizai {

class AuditService {
 public:
  explicit AuditService(Database& db) : db_(db) {}
  // Appends a record (`at` is set now when empty). Returns its id.
  long long append(AuditRecord record);
  // A page of the records matching `filter`, newest first (the key and
  // cursor are list_audit_records', store/audit_store.h).
  // REQUIRES: page.after is empty or a decimal id.
  Page<AuditRecord> list(const AuditFilter& filter, const PageRequest& page);

 private:
  Database& db_;
};

}  // namespace chizai
