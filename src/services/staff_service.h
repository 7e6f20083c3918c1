// Use cases: the registered tech-transfer staff, whom deals name by code.
// A staff member is one person: a code, the name in Latin letters and in
// Japanese script (at least one of the two), and the region they cover.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "core/page.h"
#include "core/result.h"
#include "store/database.h"

namespace chizai {

struct StaffMember {
  std::string code;        // 1-32 of A-Z a-z 0-9 . _ - ("ST-SATO")
  std::string name_latin;  // "Sato Hanako"; no Japanese script
  std::string name_ja;     // "佐藤花子"; in Japanese script
  std::string region;      // a region word (japan, north_america, …); "" only for migrated records
  std::string legacy_name; // the free-text name a migrated record came from, or ""
};

// "Sato Hanako (佐藤花子)", or the one name there is.
std::string display_name(const std::string& name_latin, const std::string& name_ja);

// Checks a staff member as `put` would (the first problem: code, a name,
// the scripts, the region). Errors "bad_staff" naming the field.
Status validate_staff(const StaffMember& s);

class StaffService {
 public:
  StaffService(Database& db, std::string actor) : db_(db), actor_(std::move(actor)) {}

  // Registers a staff member, or changes the names and region of the one
  // with its code. Returns "inserted", "updated" or "unchanged"; records
  // the change in the history.
  Result<std::string> put(const StaffMember& s);
  // Error "unknown_staff" naming "staff".
  Result<StaffMember> show(const std::string& code);
  // A page of the staff by code (`page.after` and `next` are codes);
  // `region` empty = all, else checked (a region word).
  Result<Page<StaffMember>> list(const std::string& region, const PageRequest& page);

 private:
  Database& db_;
  std::string actor_;
};

// For the deal pipeline, inside the caller's transaction: the staff member
// with `code`, or the error "unknown_staff" naming `field`, telling how to
// register one.
Result<StaffMember> find_staff(Database& db, const std::string& code, const char* field);

}  // namespace chizai
