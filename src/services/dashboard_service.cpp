#include "services/dashboard_service.h"

#include "services/close_service.h"

namespace chizai {
namespace {

std::string month_text(Date d) { return d.to_string().substr(0, 7); }

}  // namespace

Dashboard DashboardService::dashboard(const std::string& institution, Date as_of, DashboardParts parts) {
  ReadSnapshot snapshot(db_);
  Dashboard out;
  out.as_of = as_of;
  out.institution = institution;
  if (parts.candidates) out.candidates_awaiting = approved_not_aggregated(db_, institution);
  if (parts.open_months) {
    std::vector<std::string> months;
    if (auto next = CloseService(db_, "").next_month_to_close()) {
      const std::string current = month_text(as_of);
      if (auto start = Date::parse(*next + "-01")) {
        for (Date d = *start; month_text(d) < current && months.size() < 240; d = d.add_months(1)) {
          months.push_back(month_text(d));
        }
      }
    }
    out.open_months = std::move(months);
  }
  if (parts.statements) out.statements_issued_this_month = statements_closed_in(db_, month_text(as_of), institution);
  if (parts.income) out.income_by_month = income_by_month(db_, institution);
  return out;
}

}  // namespace chizai
