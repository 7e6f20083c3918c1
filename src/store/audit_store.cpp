#include "store/audit_store.h"

#include <soci/soci.h>

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

std::vector<AuditRecord> list_audit_records(Database& db, const AuditFilter& f) {
  std::string sql =
      "SELECT id, at, user_name, method, route, path, status, entity_type, entity_id, digest "
      "FROM api_audit WHERE 1 = 1";
  if (!f.user.empty()) sql += " AND user_name = :u";
  if (!f.entity_type.empty()) sql += " AND entity_type = :et";
  if (!f.since.empty()) sql += " AND at >= :since";
  if (f.before_id > 0) sql += " AND id < :before";
  sql += " ORDER BY id DESC LIMIT " + std::to_string(f.limit < 1 ? 100 : f.limit);
  AuditRecord r;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(r.id), soci::into(r.at), soci::into(r.user), soci::into(r.method),
      soci::into(r.route), soci::into(r.path), soci::into(r.status), soci::into(r.entity_type),
      soci::into(r.entity_id), soci::into(r.digest);
  if (!f.user.empty()) prep, soci::use(f.user);
  if (!f.entity_type.empty()) prep, soci::use(f.entity_type);
  if (!f.since.empty()) prep, soci::use(f.since);
  if (f.before_id > 0) prep, soci::use(f.before_id);
  soci::statement st(prep);
  st.execute();
  std::vector<AuditRecord> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace chizai
