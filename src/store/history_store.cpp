#include "store/history_store.h"
#include "store/session.h"

#include <soci/soci.h>

namespace chizai {

void insert_change(Database& db, const ChangeRecord& r) {
  soci_session(db) << "INSERT INTO change_log (changed_at, actor, action, entity_type, entity_key, detail) "
              "VALUES (:at, :who, :what, :type, :key, :detail)",
      soci::use(r.changed_at), soci::use(r.actor), soci::use(r.action), soci::use(r.entity_type),
      soci::use(r.entity_key), soci::use(r.detail);
}

std::vector<ChangeRecord> select_changes(Database& db, const ChangeFilter& filter) {
  std::string sql =
      "SELECT id, changed_at, actor, action, entity_type, entity_key, detail FROM change_log "
      "WHERE 1 = 1";
  if (!filter.entity_type.empty()) sql += " AND entity_type = :type";
  if (!filter.entity_key.empty()) sql += " AND entity_key = :key";
  sql += " ORDER BY id DESC LIMIT " + std::to_string(filter.limit < 0 ? 100 : filter.limit);
  ChangeRecord r;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
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
