// JSON views of the API's administration (the audit log), shared by the
// CLI (`chizai audit list --format json`) and GET /api/v1/audit.
#pragma once

#include "io/json_writer.h"
#include "services/audit_service.h"

namespace chizai::views {

// {"id", "at", "user", "method", "route", "path", "status", "entity_type",
//  "entity_id", "digest"}
void write_audit_record(JsonWriter& w, const AuditRecord& r);

}  // namespace chizai::views
