// The receivables report as JSON, shared by `chizai receivables --format
// json` and GET /api/v1/receivables.
#pragma once

#include <string>

#include "io/json_writer.h"
#include "services/receivables_service.h"

namespace chizai::render {

// {"as_of", "buckets": [...], "invoices": [{"invoice", "agreement",
// "licensee", "licensee_name", "income_type", "issued_on", "due_on",
// "currency", "amount_minor", "open_minor", "days_past_due", "bucket"}],
// "by_licensee": [{"licensee", "currency", "current_minor", "days_1_30_minor",
// "days_31_60_minor", "days_61_90_minor", "days_over_90_minor", "total_minor"}],
// "totals": [same without licensee], "overdue": [invoices],
// "late_reports": [{"agreement", "licensee", "reporting_period",
// "period_first", "period_last", "due_on", "days_late"}]}
void write_receivables(JsonWriter& w, const ReceivablesReport& report);
std::string receivables_json(const ReceivablesReport& report, int indent = 2);

// The bucket's JSON key: current_minor, days_1_30_minor, …
const char* bucket_key(std::size_t index);

}  // namespace chizai::render
