// Loading a whole scheme from a file of operations (scheme.jsonl: one JSON
// object per line, applied top to bottom): evaluations, consents,
// aggregations, packages, projects, contracts, expenditures, staff and
// consortia. Every operation goes through the same service the CLI uses,
// inside one outer transaction: the file is applied whole or not at all.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>

#include "core/result.h"
#include "portfolio/settings.h"
#include "store/database.h"

namespace chizai {

struct SchemeLoadReport {
  std::int64_t operations = 0;
  std::map<std::string, std::int64_t> by_op;  // "aggregate" -> count, …
  double seconds = 0;
};

// Applies every operation, or none: the error names the line, the
// operation and what is wrong.
Result<SchemeLoadReport> load_scheme(Database& db, std::istream& in, const SchemeSettings& settings,
                                     const std::string& actor);

}  // namespace chizai
