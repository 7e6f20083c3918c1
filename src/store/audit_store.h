// The audit log: table api_audit, append-only (one record per mutation the
// API or the CLI made). Appends join the caller's transaction, if any.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"

namespace chizai {

struct AuditRecord {
  long long id = 0;
  std::string at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string user;
  std::string method;
  std::string route;  // the route pattern, or "cli …" for a command
  std::string path;
  long long status = 0;
  std::string entity_type;
  std::string entity_id;
  std::string digest;  // SHA-256 (hex) of the request body
};

struct AuditFilter {
  std::string user;         // empty = anyone
  std::string entity_type;  // empty = any
  std::string since;        // records at or after this UTC time/date; empty = all
  long long before_id = 0;  // pagination: only records with a smaller id (newest first); 0 = all
  long long limit = 100;    // < 1 = 100
};

// Writes `record` as it is (its id is ignored). Returns the new id.
long long insert_audit_record(Database& db, const AuditRecord& record);

// The records matching `filter`, newest (highest id) first, at most
// `filter.limit` of them.
std::vector<AuditRecord> list_audit_records(Database& db, const AuditFilter& filter);

}  // namespace chizai
