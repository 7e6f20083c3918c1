// The staff table (sql/0017): registered tech-transfer staff members, whom
// deals name by code. Writes expect the caller to hold a write transaction;
// reads run in the caller's transaction or snapshot.
#pragma once

#include <optional>
#include <string>

#include "core/page.h"
#include "store/database.h"

namespace chizai {

struct StaffRecord {
  std::string code, name_latin, name_ja;
  std::string region;       // a region word, or "" when not recorded
  std::string legacy_name;  // the free-text name it was migrated from, or ""
};

class StaffStore {
 public:
  explicit StaffStore(Database& db) : db_(db) {}

  // Returns the staff member with `code`, or nothing.
  std::optional<StaffRecord> find(const std::string& code);
  // Inserts a new staff member (created now) or updates the one with its
  // code (names and region; legacy_name is kept).
  void insert(const StaffRecord& s, const std::string& created_at);
  void update(const StaffRecord& s);
  // A page of the staff by code (codes after `page.after`); `region` empty
  // = all. `next` is a code.
  Page<StaffRecord> list(const std::string& region, const PageRequest& page);

 private:
  Database& db_;
};

}  // namespace chizai
