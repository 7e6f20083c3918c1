#include "services/audit_service.h"

#include "core/date.h"
#include "store/audit_store.h"

namespace chizai {

long long AuditService::append(AuditRecord r) {
  if (r.at.empty()) r.at = utc_timestamp();
  return insert_audit_record(db_, r);
}

Page<AuditRecord> AuditService::list(const AuditFilter& filter, const PageRequest& page) {
  return list_audit_records(db_, filter, page);
}

}  // namespace chizai
