#include "services/receivables_service.h"

#include <algorithm>
#include <map>
#include <utility>

#include "licensing/receivables.h"

namespace chizai {
namespace {

std::size_t bucket_index(const std::string& bucket) {
  const auto& names = aging_buckets();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), bucket) - names.begin());
}

void add_to(AgingTotal& t, const ReceivableLine& line) {
  t.buckets_minor[bucket_index(line.bucket)] += line.item.open_minor;
  t.total_minor += line.item.open_minor;
}

}  // namespace

Result<ReceivablesReport> ReceivablesService::report(std::optional<Date> as_of) {
  ReadSnapshot snapshot(db_);
  ReceivablesReport out;
  out.as_of = as_of.value_or(today_local());
  std::map<std::pair<std::string, std::string>, AgingTotal> by_licensee;
  std::map<std::string, AgingTotal> totals;
  for (OpenItem& item : open_items(db_, out.as_of)) {
    ReceivableLine line;
    line.days_past_due = out.as_of.days_since_epoch() - item.due_on.days_since_epoch();
    line.bucket = item.open_minor < 0 ? "current" : aging_bucket(line.days_past_due);
    line.item = std::move(item);
    AgingTotal& l = by_licensee[{line.item.licensee, line.item.currency}];
    l.licensee = line.item.licensee;
    l.currency = line.item.currency;
    add_to(l, line);
    AgingTotal& t = totals[line.item.currency];
    t.currency = line.item.currency;
    add_to(t, line);
    if (line.item.open_minor > 0 && line.days_past_due > 0) out.overdue.push_back(line);
    out.invoices.push_back(std::move(line));
  }
  for (auto& kv : by_licensee) out.by_licensee.push_back(std::move(kv.second));
  for (auto& kv : totals) out.totals.push_back(std::move(kv.second));
  std::stable_sort(out.overdue.begin(), out.overdue.end(), [](const ReceivableLine& a, const ReceivableLine& b) {
    return a.days_past_due > b.days_past_due;
  });
  for (const ReportingAgreement& a : reporting_agreements(db_, out.as_of)) {
    for (const ReportingPeriod& p : reporting_periods(a.start, a.end, a.reporting_period,
                                                      static_cast<int>(a.reporting_days), out.as_of)) {
      if (p.due >= out.as_of || period_reported(p, a.reports)) continue;
      out.late_reports.push_back(LateReport{a.agreement, a.licensee, a.reporting_period, p.first, p.last, p.due,
                                            out.as_of.days_since_epoch() - p.due.days_since_epoch()});
    }
  }
  return out;
}

}  // namespace chizai
