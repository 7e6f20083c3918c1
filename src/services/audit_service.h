// The audit log of the API: one record per mutation (time, user, route,
// entity, digest of the change), append-only in the database.
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
  long long limit = 100;
};

class AuditService {
 public:
  explicit AuditService(Database& db) : db_(db) {}
  // Appends a record (`at` is set now when empty). Returns its id.
  long long append(AuditRecord record);
  // Newest first.
  std::vector<AuditRecord> list(const AuditFilter& filter);

 private:
  Database& db_;
};

}  // namespace chizai
