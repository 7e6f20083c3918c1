#include "services/history.h"

#include "core/date.h"
#include "registry/numbers.h"
#include "services/registry_service.h"

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

namespace {

// The canonical number a patent's history is kept under, for `raw` as typed.
Result<std::string> patent_key(Database& db, const std::string& raw) {
  if (us_series_form(raw)) {
    auto p = RegistryService(db).lookup_patent(raw, "key");
    if (!p) return p.error();
    return p->patent.application_number;
  }
  auto n = normalize_application_number(raw);
  if (!n) return with_message(n.error(), n.error().message, "key");
  return n->canonical;
}

}  // namespace

Result<Page<ChangeRecord>> page_changes_of(Database& db, ChangeFilter filter, const PageRequest& page) {
  const bool patent = filter.entity_type == "patent" ||
                      (filter.entity_type.empty() && looks_like_application_number(filter.entity_key));
  if (patent && !filter.entity_key.empty()) {
    auto key = patent_key(db, filter.entity_key);
    if (!key) return key.error();
    filter.entity_key = *key;
  } else if (filter.entity_type.empty() && !filter.entity_key.empty()) {
    if (auto n = normalize_application_number(filter.entity_key); n.ok()) filter.entity_key = n->canonical;
  }
  return page_changes(db, filter, page);
}

}  // namespace chizai
