// Use case: what licensees owe and when it was due (`chizai receivables`,
// GET /api/v1/receivables). Reads only.
//
// Aging: an invoice's days past due on the day asked for (as_of − due_on;
// its due date is its date + the agreement's payment terms) puts its open
// amount in a bucket: current (not yet due), 1-30, 31-60, 61-90, 90+ days
// past due. A credit note still open (negative: a correction the licensee
// has not yet been credited for, see payment_service.h) stays current.
// Late reports: for each agreement with a reporting period, the periods
// ended whose report was due (period end + reporting days) before the day
// asked for and is not on record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "store/database.h"
#include "store/receivables_store.h"

namespace chizai {

struct ReceivableLine {
  OpenItem item;
  long long days_past_due = 0;  // as_of − due_on (≤ 0: not yet due)
  std::string bucket;           // current | 1-30 | 31-60 | 61-90 | 90+
};

// Open amounts per bucket, in the order of aging_buckets(), and their sum.
struct AgingTotal {
  std::string licensee;  // "" in the per-currency totals
  std::string currency;
  std::vector<std::int64_t> buckets_minor = std::vector<std::int64_t>(5, 0);
  std::int64_t total_minor = 0;
};

struct LateReport {
  std::string agreement, licensee, reporting_period;
  Date period_first, period_last, due_on;
  long long days_late = 0;  // as_of − due_on (> 0)
};

struct ReceivablesReport {
  Date as_of;
  std::vector<ReceivableLine> invoices;    // by licensee, currency, due date, invoice id
  std::vector<AgingTotal> by_licensee;     // by licensee, currency
  std::vector<AgingTotal> totals;          // per currency, by currency
  std::vector<ReceivableLine> overdue;     // open > 0 and past due, most days past due first
  std::vector<LateReport> late_reports;    // by agreement, period
};

class ReceivablesService {
 public:
  explicit ReceivablesService(Database& db) : db_(db) {}
  // The receivables on `as_of` (none: today).
  Result<ReceivablesReport> report(std::optional<Date> as_of);

 private:
  Database& db_;
};

}  // namespace chizai
