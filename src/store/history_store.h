// The change history's table, change_log: append-only, one row per change a
// service makes, written in the same transaction as the change.
// Writes expect the caller to hold a write transaction.
#pragma once

#include <string>
#include <vector>

#include "core/page.h"
#include "store/database.h"

namespace chizai {

struct ChangeRecord {
  long long id = 0;
  std::string changed_at;  // UTC ISO 8601
  std::string actor;
  std::string action;       // "aggregate", "package.add", …
  std::string entity_type;  // "patent", "package", …
  std::string entity_key;   // number, code or id
  std::string detail;       // JSON
};

struct ChangeFilter {
  std::string entity_type;  // empty = any
  std::string entity_key;   // empty = any
  long long limit = 100;    // select_changes only: the newest this many
};

// Appends `r` (its id is ignored; the database gives one).
// REQUIRES: the caller holds a write transaction.
void insert_change(Database& db, const ChangeRecord& r);

// A page of the records that match `filter` (its limit aside), newest first:
// the key is the id, read downwards, so `page.after` (the decimal id of the
// last record seen; empty: from the newest) selects records with a smaller
// id, and `next` is the decimal id of the page's oldest record. Backed by
// the primary key (and change_log_entity, which ends in the rowid on
// SQLite). REQUIRES: page.after is empty or a decimal id (the doors check).
Page<ChangeRecord> page_changes(Database& db, const ChangeFilter& filter, const PageRequest& page);

// Returns the records that match `filter`, newest (highest id) first, at
// most filter.limit of them (a negative limit: 100): page_changes' first page.
std::vector<ChangeRecord> select_changes(Database& db, const ChangeFilter& filter);

}  // namespace chizai
