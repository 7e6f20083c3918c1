// The reads behind `chizai receivables`: the invoices open on a day and the
// agreements that expect royalty reports, with the reports they received.
// Reads only; inside the caller's read snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "store/database.h"

namespace chizai {

// An invoice with what was open on it on the day asked for.
struct OpenItem {
  long long invoice_id = 0;
  std::string agreement, licensee, licensee_name, currency, income_type;
  Date issued_on, due_on;
  std::int64_t amount_minor = 0;
  std::int64_t open_minor = 0;  // amount − what settled it on or before the day (≠ 0)
};
// The invoices issued on or before `as_of` whose open amount on `as_of` —
// their amount less the standing payments received, the credit applied and
// the credit notes settled on or before it (a payment reversed after
// `as_of` still counts) — is not 0; by licensee, currency, due date, id.
std::vector<OpenItem> open_items(Database& db, Date as_of);

// An agreement that expects royalty reports, with the periods of the
// reports (not corrections) on record (whenever they were received).
struct ReportingAgreement {
  std::string agreement, licensee, licensee_name, reporting_period;
  Date start, end;
  long long reporting_days = 0;
  std::vector<std::pair<Date, Date>> reports;
};
// The agreements with a reporting period other than none that started on
// or before `as_of`, by reference.
std::vector<ReportingAgreement> reporting_agreements(Database& db, Date as_of);

}  // namespace chizai
