// The change history's table, change_log: append-only, one row per change a
// service makes, written in the same transaction as the change.
// Writes expect the caller to hold a write transaction.
#pragma once

#include <string>
#include <vector>

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
  long long limit = 100;    // newest first
};

// Appends `r` (its id is ignored; the database gives one).
// REQUIRES: the caller holds a write transaction.
void insert_change(Database& db, const ChangeRecord& r);

// Returns the records that match `filter`, newest (highest id) first, at
// most filter.limit of them (a negative limit: 100).
std::vector<ChangeRecord> select_changes(Database& db, const ChangeFilter& filter);

}  // namespace chizai
