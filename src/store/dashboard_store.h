// The figures of the home page's dashboard (GET /api/v1/programme/dashboard)
// that no other store answers: approved candidates not yet aggregated,
// statements issued in a calendar month, licence income by month.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"

namespace chizai {

// Patents whose latest evaluation (by date, then id) approves them and that
// are not aggregated: candidates awaiting the aggregation decision. Only
// those `institution` co-owns when it is not empty.
long long approved_not_aggregated(Database& db, const std::string& institution);

// Statements issued at closes made in the calendar month `month` ("YYYY-MM"
// of closed_at, UTC), to `institution` only when it is not empty.
long long statements_closed_in(Database& db, const std::string& month, const std::string& institution);

struct MonthIncome {
  std::string month;  // "YYYY-MM" of the posting date
  long long amount_minor = 0;  // JPY
};
// Licence income received per month, in JPY, by month: what payments (net
// of their reversals) credited to the institutions' payables and to the
// aggregator's income accounts; with `institution`, to its payable only.
std::vector<MonthIncome> income_by_month(Database& db, const std::string& institution);

}  // namespace chizai
