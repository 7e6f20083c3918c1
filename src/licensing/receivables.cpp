#include "licensing/receivables.h"

#include <algorithm>

namespace chizai {

const char* aging_bucket(long long days_past_due) {
  if (days_past_due <= 0) return "current";
  if (days_past_due <= 30) return "1-30";
  if (days_past_due <= 60) return "31-60";
  if (days_past_due <= 90) return "61-90";
  return "90+";
}

const std::vector<std::string>& aging_buckets() {
  static const std::vector<std::string> names = {"current", "1-30", "31-60", "61-90", "90+"};
  return names;
}

std::vector<ReportingPeriod> reporting_periods(Date start, Date end, const std::string& period,
                                               int reporting_days, Date until) {
  int months = 0;
  if (period == "quarterly") months = 3;
  if (period == "semiannual") months = 6;
  if (period == "annual") months = 12;
  std::vector<ReportingPeriod> out;
  if (months == 0) return out;
  for (int k = 0;; ++k) {
    const Date first = start.add_months(k * months);
    if (first > end) break;
    Date last = start.add_months((k + 1) * months).add_days(-1);
    if (last > end) last = end;
    if (last > until) break;
    out.push_back(ReportingPeriod{first, last, last.add_days(reporting_days)});
  }
  return out;
}

bool period_reported(const ReportingPeriod& p, std::vector<std::pair<Date, Date>> reports) {
  std::sort(reports.begin(), reports.end());
  Date next = p.first;  // the first day not yet covered
  for (const auto& [first, last] : reports) {
    if (last < next) continue;
    if (first > next) return false;
    if (last >= p.last) return true;
    next = last.add_days(1);
  }
  return false;
}

}  // namespace chizai
