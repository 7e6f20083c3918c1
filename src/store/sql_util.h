// Small pieces of SQL plumbing the services share.
#pragma once

#include <soci/soci.h>

#include <string>
#include <utility>

#include "store/database.h"
#include "store/session.h"

namespace chizai {

// INSERT … returning the new row's id on both backends. `uses` are
// soci::use(…) bindings, in the statement's order.
template <class... Uses>
long long insert_row(Database& db, const char* table, std::string sql, Uses&&... uses) {
  long long id = 0;
  const bool pg = db.backend() == Backend::kPostgres;
  if (pg) sql += " RETURNING id";
  {
    soci::details::once_temp_type once = (soci_session(db) << sql);
    (once, ..., std::forward<Uses>(uses));
    if (pg) once, soci::into(id);
  }  // the statement runs here
  if (!pg) soci_session(db).get_last_insert_id(table, id);
  return id;
}

}  // namespace chizai
