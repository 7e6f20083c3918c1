#include "services/history.h"

#include "core/date.h"

namespace chizai {

std::string utc_now() { return utc_timestamp(); }

void record_change(Database& db, std::string_view actor, std::string_view action,
                   std::string_view entity_type, std::string_view entity_key,
                   const std::string& detail_json) {
  ChangeRecord r;
  r.changed_at = utc_now();
  r.actor = actor;
  r.action = action;
  r.entity_type = entity_type;
  r.entity_key = entity_key;
  r.detail = detail_json;
  insert_change(db, r);
}

std::vector<ChangeRecord> list_changes(Database& db, const ChangeFilter& filter) {
  return select_changes(db, filter);
}

}  // namespace chizai
