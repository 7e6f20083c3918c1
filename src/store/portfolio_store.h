// The portfolio's counts for IP managers: a registry's patents (or one
// institution's) counted by status, jurisdiction and lifecycle stage, and
// how many are aggregated and licensed. Reads the registry's patent and
// patent_owner, the scheme's aggregation and the licensing tables
// agreement and agreement_patent.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"

namespace chizai {

// How many patents have one value (a status, a jurisdiction, a stage).
struct PortfolioCount {
  std::string key;
  long long patents = 0;
};

struct PortfolioCounts {
  long long patents = 0;
  // The values present, in key order.
  std::vector<PortfolioCount> by_status, by_jurisdiction, by_stage;
  long long aggregated = 0;  // under the aggregator on the day (aggregated_on <= day)
  long long licensed = 0;    // covered by an agreement in force on the day
};

class PortfolioStore {
 public:
  explicit PortfolioStore(Database& db) : db_(db) {}
  // The counts over the patents `institution` owns (a registered owner;
  // empty: every patent), with aggregated and licensed as on `day`.
  PortfolioCounts counts(const std::string& institution, Date day);

 private:
  Database& db_;
};

}  // namespace chizai
