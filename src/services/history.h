// The append-only change history: who changed what, when. Every service
// that changes the scheme's state appends one record per change, in the
// same transaction as the change.
#pragma once

#include <string>
#include <string_view>
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

// Appends one record. REQUIRES: the caller holds a write transaction.
void record_change(Database& db, std::string_view actor, std::string_view action,
                   std::string_view entity_type, std::string_view entity_key,
                   const std::string& detail_json);

struct ChangeFilter {
  std::string entity_type;  // empty = any
  std::string entity_key;   // empty = any
  long long limit = 100;    // newest first
};
std::vector<ChangeRecord> list_changes(Database& db, const ChangeFilter& filter);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now();

}  // namespace chizai
