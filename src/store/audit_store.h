// The audit log: table api_audit, append-only (one record per mutation the
// API or the CLI made). Appends join the caller's transaction, if any.
#pragma once

#include <string>
#include <vector>

#include "core/page.h"
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
};

// Writes `record` as it is (its id is ignored). Returns the new id.
long long insert_audit_record(Database& db, const AuditRecord& record);

// A page of the records matching `filter`, newest first: the key is the id,
// read downwards, so `page.after` (the decimal id of the last record seen;
// empty: from the newest) selects records with a smaller id, and `next` is
// the decimal id of the page's oldest record. Backed by the primary key.
// REQUIRES: page.after is empty or a decimal id (the doors check it).
Page<AuditRecord> list_audit_records(Database& db, const AuditFilter& filter, const PageRequest& page);

}  // namespace chizai
