// Small pieces of SQL plumbing the services share.
#pragma once

#include <soci/soci.h>

#include <string>
#include <utility>

#include "store/database.h"

namespace chizai {

// A read-only transaction for reads made of several queries (one consistent
// snapshot), unless the caller already holds a transaction.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : db_(db), mine_(!db.in_transaction()) {
    if (mine_) db_.begin_read();
  }
  ~ReadSnapshot() {
    if (!mine_) return;
    try {
      db_.rollback();
    } catch (...) {
      // Nothing was written; the server drops the transaction with the session.
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
  bool mine_;
};

// INSERT … returning the new row's id on both backends. `uses` are
// soci::use(…) bindings, in the statement's order.
template <class... Uses>
long long insert_row(Database& db, const char* table, std::string sql, Uses&&... uses) {
  long long id = 0;
  const bool pg = db.backend() == Backend::kPostgres;
  if (pg) sql += " RETURNING id";
  {
    soci::details::once_temp_type once = (db.sql() << sql);
    (once, ..., std::forward<Uses>(uses));
    if (pg) once, soci::into(id);
  }  // the statement runs here
  if (!pg) db.sql().get_last_insert_id(table, id);
  return id;
}

}  // namespace chizai
