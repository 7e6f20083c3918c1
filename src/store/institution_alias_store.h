// The institution_alias table (migration 0030): the names office data gives
// an institution, each with its key under the name rules (text/names.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace chizai {

struct StoredAlias {
  std::string institution;  // the institution's code
  std::string alias;        // as written
  std::string key;          // its key when it was added
  std::string added_at;
  std::string added_by;
};

// An institution's names as the resolver reads them.
struct InstitutionNameRow {
  std::string code;
  std::string name_en;
  std::string name_ja;
};

class InstitutionAliasStore {
 public:
  explicit InstitutionAliasStore(Database& db) : db_(db) {}

  // Every alias, by institution code and then alias.
  std::vector<StoredAlias> all();
  // The aliases of the institution `code`, by alias.
  std::vector<StoredAlias> of(const std::string& code);
  // The alias whose key is `key`, if any.
  std::optional<StoredAlias> by_key(const std::string& key);
  // Every institution's code and names, by code.
  std::vector<InstitutionNameRow> institution_names();

  // REQUIRES: the institution `code` exists and no alias has `key`.
  void insert(const std::string& code, const std::string& alias, const std::string& key, const std::string& added_at,
              const std::string& added_by);
  // Removes the alias of `code` whose key is `key`; the number removed (0, 1).
  long long remove(const std::string& code, const std::string& key);

 private:
  Database& db_;
};

}  // namespace chizai
