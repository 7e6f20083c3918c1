#include "views/admin_view.h"

#include <cstdint>

namespace chizai::views {

void write_audit_record(JsonWriter& w, const AuditRecord& r) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(r.id))
      .field("at", r.at)
      .field("user", r.user)
      .field("method", r.method)
      .field("route", r.route)
      .field("path", r.path)
      .field("status", static_cast<std::int64_t>(r.status))
      .field("entity_type", r.entity_type)
      .field("entity_id", r.entity_id)
      .field("digest", r.digest)
      .end_object();
}

}  // namespace chizai::views
