#include "services/history.h"

#include <soci/soci.h>

#include "core/date.h"

namespace chizai {

std::string utc_now() { return utc_timestamp(); }

void record_change(Database& db, std::string_view actor, std::string_view action,
                   std::string_view entity_type, std::string_view entity_key,
                   const std::string& detail_json) {
  const std::string at = utc_now(), who(actor), what(action), type(entity_type), key(entity_key);
  db.sql() << "INSERT INTO change_log (changed_at, actor, action, entity_type, entity_key, detail) "
              "VALUES (:at, :who, :what, :type, :key, :detail)",
      soci::use(at), soci::use(who), soci::use(what), soci::use(type), soci::use(key),
      soci::use(detail_json);
}

std::vector<ChangeRecord> list_changes(Database& db, const ChangeFilter& filter) {
  std::string sql =
      "SELECT id, changed_at, actor, action, entity_type, entity_key, detail FROM change_log "
      "WHERE 1 = 1";
  if (!filter.entity_type.empty()) sql += " AND entity_type = :type";
  if (!filter.entity_key.empty()) sql += " AND entity_key = :key";
  sql += " ORDER BY id DESC LIMIT " + std::to_string(filter.limit < 0 ? 100 : filter.limit);
  ChangeRecord r;
  soci::details::prepare_temp_type prep = (db.sql().prepare << sql);
  prep, soci::into(r.id), soci::into(r.changed_at), soci::into(r.actor), soci::into(r.action),
      soci::into(r.entity_type), soci::into(r.entity_key), soci::into(r.detail);
  if (!filter.entity_type.empty()) prep, soci::use(filter.entity_type);
  if (!filter.entity_key.empty()) prep, soci::use(filter.entity_key);
  soci::statement st(prep);
  st.execute();
  std::vector<ChangeRecord> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace chizai
