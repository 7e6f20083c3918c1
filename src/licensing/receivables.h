// Receivables: how late an open invoice is (aging buckets) and which
// royalty reports an agreement expects (its reporting periods and their due
// dates). Pure: the store reads the invoices and reports, the service
// (services/receivables_service.h) puts them together.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/date.h"

namespace chizai {

// Days past due → bucket: ≤ 0 "current", 1–30 "1-30", 31–60 "31-60",
// 61–90 "61-90", > 90 "90+".
const char* aging_bucket(long long days_past_due);
// The buckets in that order.
const std::vector<std::string>& aging_buckets();

// One reporting period of an agreement and the day its report is due.
struct ReportingPeriod {
  Date first, last;  // both included
  Date due;          // last + the agreement's reporting days
};

// The agreement's reporting periods — `period` "quarterly" (3 months),
// "semiannual" (6) or "annual" (12), counted from `start` (month arithmetic
// clamps to month end), the last one cut at `end`; "none": no period — whose
// last day is on or before `until`, oldest first.
std::vector<ReportingPeriod> reporting_periods(Date start, Date end, const std::string& period,
                                               int reporting_days, Date until);

// Whether the reports received (their [first, last] periods) together
// cover every day of `p`.
bool period_reported(const ReportingPeriod& p, std::vector<std::pair<Date, Date>> reports);

}  // namespace chizai
