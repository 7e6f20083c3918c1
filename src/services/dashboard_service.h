// The home page's figures for one caller (GET /api/v1/programme/dashboard):
// what needs doing and licence income by month, for the whole programme or
// for one institution. Each part is asked for separately, so that a route can
// leave out what a role may not see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/dashboard_store.h"
#include "store/database.h"

namespace chizai {

struct DashboardParts {
  bool candidates = false, open_months = false, statements = false, income = false;
};

struct Dashboard {
  Date as_of;
  std::string institution;  // empty: the whole programme
  // Each is set when asked for.
  std::optional<long long> candidates_awaiting;  // approved, not yet aggregated
  // The months before as_of's month that are not closed, from the next one
  // to close (months close in order), oldest first.
  std::optional<std::vector<std::string>> open_months;
  std::optional<long long> statements_issued_this_month;  // at closes made in as_of's month
  std::optional<std::vector<MonthIncome>> income_by_month;
};

class DashboardService {
 public:
  explicit DashboardService(Database& db) : db_(db) {}
  Dashboard dashboard(const std::string& institution, Date as_of, DashboardParts parts);

 private:
  Database& db_;
};

}  // namespace chizai
