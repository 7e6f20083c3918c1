// What one patent takes part in, for its page: the packages it is or was a
// member of (dated), the licence agreements that name it (directly or
// through their package, fixed at signing in agreement_patent), and the
// income distributed for it (the JPY distribution postings that carry the
// patent, summed by institution and income type; reversals included).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace chizai {

struct PatentPackageRow {
  std::string code, name_en, name_ja, role;
  long long weight = 0;
  std::string added_on;
  std::optional<std::string> removed_on;
};

struct PatentLicenceRow {
  std::string agreement, licensee;
  bool exclusive = false;
  std::string starts_on, ends_on;
  long long weight = 0;
};

struct PatentIncomeRow {
  std::string institution, income_type;
  long long amount_minor = 0;  // JPY distributed (credited to the institution's payable)
};

struct PatentActivityRows {
  std::vector<PatentPackageRow> packages;   // by added_on, then package code
  std::vector<PatentLicenceRow> licences;   // by starts_on, then reference
  std::vector<PatentIncomeRow> income;      // by institution, then income type
};

// The rows of the patent with row id `patent_id`; with `only_institution`
// non-empty, the income distributed to that institution only.
PatentActivityRows load_patent_activity(Database& db, long long patent_id, const std::string& only_institution);

}  // namespace chizai
