#include "store/audit_store.h"

#include <soci/soci.h>

#include <string>
#include <utility>
#include <vector>

#include "store/sql_util.h"
#include "store/session.h"

namespace chizai {

long long insert_audit_record(Database& db, const AuditRecord& r) {
  return insert_row(db, "api_audit",
                    "INSERT INTO api_audit (at, user_name, method, route, path, status, entity_type, "
                    "entity_id, digest) VALUES (:at, :u, :m, :r, :p, :s, :et, :ei, :d)",
                    soci::use(r.at), soci::use(r.user), soci::use(r.method), soci::use(r.route),
                    soci::use(r.path), soci::use(r.status), soci::use(r.entity_type),
                    soci::use(r.entity_id), soci::use(r.digest));
}

Page<AuditRecord> list_audit_records(Database& db, const AuditFilter& f, const PageRequest& page) {
  const long long before = page.after.empty() ? 0 : std::stoll(page.after);
  const long long n = fetch_limit(page);
  std::string sql =
      "SELECT id, at, user_name, method, route, path, status, entity_type, entity_id, digest "
      "FROM api_audit WHERE 1 = 1";
  if (!f.user.empty()) sql += " AND user_name = :u";
  if (!f.entity_type.empty()) sql += " AND entity_type = :et";
  if (!f.since.empty()) sql += " AND at >= :since";
  if (before > 0) sql += " AND id < :before";
  sql += " ORDER BY id DESC LIMIT :n";
  AuditRecord r;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(r.id), soci::into(r.at), soci::into(r.user), soci::into(r.method),
      soci::into(r.route), soci::into(r.path), soci::into(r.status), soci::into(r.entity_type),
      soci::into(r.entity_id), soci::into(r.digest);
  if (!f.user.empty()) prep, soci::use(f.user);
  if (!f.entity_type.empty()) prep, soci::use(f.entity_type);
  if (!f.since.empty()) prep, soci::use(f.since);
  if (before > 0) prep, soci::use(before);
  prep, soci::use(n);
  soci::statement st(prep);
  st.execute();
  std::vector<AuditRecord> rows;
  while (st.fetch()) rows.push_back(r);
  return page_of_rows(std::move(rows), page.limit,
                      [](const AuditRecord& x) { return std::to_string(x.id); });
}

}  // namespace chizai
