#include "store/history_store.h"
#include "store/session.h"

#include <soci/soci.h>

namespace chizai {

namespace {

// The INSERT prepared once per connection (Database::kept): an import
// appends a record per patent, and preparing the statement each time was a
// measurable part of it.
struct ChangeInsert {
  explicit ChangeInsert(Database& db)
      : insert((soci_session(db).prepare
                    << "INSERT INTO change_log (changed_at, actor, action, entity_type, entity_key, detail) "
                       "VALUES (:at, :who, :what, :type, :key, :detail)",
                soci::use(row.changed_at), soci::use(row.actor), soci::use(row.action),
                soci::use(row.entity_type), soci::use(row.entity_key), soci::use(row.detail))) {}
  ChangeRecord row;  // bound by reference: declared before the statement
  soci::statement insert;
};

}  // namespace

void insert_change(Database& db, const ChangeRecord& r) {
  ChangeInsert& c = db.kept<ChangeInsert>();
  c.row = r;
  c.insert.execute(true);
}

Page<ChangeRecord> page_changes(Database& db, const ChangeFilter& filter, const PageRequest& page) {
  const long long before = page.after.empty() ? 0 : std::stoll(page.after);
  const long long n = fetch_limit(page);
  std::string sql =
      "SELECT id, changed_at, actor, action, entity_type, entity_key, detail FROM change_log "
      "WHERE 1 = 1";
  if (!filter.entity_type.empty()) sql += " AND entity_type = :type";
  if (!filter.entity_key.empty()) sql += " AND entity_key = :key";
  if (before > 0) sql += " AND id < :before";
  sql += " ORDER BY id DESC LIMIT :n";
  ChangeRecord r;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(r.id), soci::into(r.changed_at), soci::into(r.actor), soci::into(r.action),
      soci::into(r.entity_type), soci::into(r.entity_key), soci::into(r.detail);
  if (!filter.entity_type.empty()) prep, soci::use(filter.entity_type);
  if (!filter.entity_key.empty()) prep, soci::use(filter.entity_key);
  if (before > 0) prep, soci::use(before);
  prep, soci::use(n);
  soci::statement st(prep);
  st.execute();
  std::vector<ChangeRecord> rows;
  while (st.fetch()) rows.push_back(r);
  return page_of_rows(std::move(rows), page.limit,
                      [](const ChangeRecord& x) { return std::to_string(x.id); });
}

std::vector<ChangeRecord> select_changes(Database& db, const ChangeFilter& filter) {
  const std::size_t limit = filter.limit < 0 ? 100 : static_cast<std::size_t>(filter.limit);
  if (limit == 0) return {};
  return page_changes(db, filter, PageRequest{"", limit}).items;
}

}  // namespace chizai
