// Portfolio views for IP managers: what a registry (or one institution's
// part of it) holds, counted. Reads only.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "store/database.h"
#include "store/portfolio_store.h"

namespace chizai {

struct PortfolioSummary {
  std::string institution;  // the owner counted for; empty: the whole registry
  Date as_of;               // the day aggregated and licensed are counted on
  long long patents = 0;
  // Every status and every lifecycle stage (registry/model.h) in the
  // model's order, zero counts included; the jurisdictions present, in
  // code order.
  std::vector<PortfolioCount> by_status, by_jurisdiction, by_stage;
  long long aggregated = 0, not_aggregated = 0;
  // Licensed: named by a licence agreement in force on `as_of` (starts_on <=
  // as_of <= ends_on), directly or through its package.
  long long licensed = 0, not_licensed = 0;
};

class PortfolioService {
 public:
  explicit PortfolioService(Database& db) : db_(db) {}

  // The summary of the patents `institution` owns (empty: all) as on `as_of`;
  // an unknown institution is not_found (unknown_institution, field
  // "institution").
  Result<PortfolioSummary> summary(const std::string& institution, Date as_of);

 private:
  Database& db_;
};

}  // namespace chizai
