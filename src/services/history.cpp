#include "services/history.h"

#include "core/date.h"
#include "registry/numbers.h"

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

Page<ChangeRecord> page_changes_of(Database& db, ChangeFilter filter, const PageRequest& page) {
  if ((filter.entity_type.empty() || filter.entity_type == "patent") && !filter.entity_key.empty()) {
    if (auto n = normalize_application_number(filter.entity_key); n.ok()) filter.entity_key = n->canonical;
  }
  return page_changes(db, filter, page);
}

}  // namespace chizai
