// Rows named by their natural keys: the one place every store and service
// turns an institution code or an application number into its row id.
// Reads only; the caller chooses the transaction.
#pragma once

#include <optional>
#include <string>

#include "store/database.h"

namespace chizai {

struct InstitutionRef {
  long long id = 0;
  std::string kind;  // "university", "company", "aggregator", …
};

// Returns the institution with `code`, or nothing when there is none.
std::optional<InstitutionRef> find_institution(Database& db, const std::string& code);
// Returns the id of the institution with `code`, or nothing.
std::optional<long long> find_institution_id(Database& db, const std::string& code);
// Returns the id of the patent whose canonical application number is
// `number`, or nothing. REQUIRES: `number` is canonical (registry/numbers.h).
std::optional<long long> find_patent_id(Database& db, const std::string& number);
// Returns the id of the package with `code`, or nothing.
std::optional<long long> find_package_id(Database& db, const std::string& code);

}  // namespace chizai
