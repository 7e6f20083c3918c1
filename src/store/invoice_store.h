// Issuing an invoice (a receivable): the invoice row and its journal entry
// (Dr assets:receivable:<licensee> / Cr liabilities:undistributed, in the
// agreement's currency), together. A negative amount is a credit note
// (a correction). REQUIRES: the caller holds a write transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "store/database.h"

namespace chizai {

struct InvoiceDraft {
  std::string agreement;    // agreement reference
  std::string income_type;  // upfront, running_royalty, minimum_true_up, milestone, sublicense, …
  Date issued_on;
  std::int64_t amount_minor = 0;  // agreement currency; != 0
  std::optional<long long> report_id;
  std::string milestone;    // for income_type milestone
  std::optional<std::int64_t> contract_year;  // 0-based, for running royalties and true-ups
  std::string description;
};

// SQL condition on a payment_application row aliased `pa`: its payment has
// not been reversed (a reversed payment no longer settles its invoices).
inline constexpr const char* kStandingApplication =
    "NOT EXISTS (SELECT 1 FROM payment_reversal rv WHERE rv.payment_id = pa.payment_id)";

// SQL: what settled invoice `v` (aliased so): the applications of standing
// payments plus the licensee credit applied to it (sql/0025), plus the
// credit notes netted against it, less (for a credit note) what of it was
// netted or turned into licensee credit (sql/0028), BIGINT. A credit note's
// open amount (amount − settled) so rises from its negative amount to 0.
inline constexpr const char* kSettledOnInvoice =
    "(CAST(COALESCE((SELECT SUM(pa.amount_minor) FROM payment_application pa WHERE pa.invoice_id = v.id AND "
    "NOT EXISTS (SELECT 1 FROM payment_reversal rv WHERE rv.payment_id = pa.payment_id)), 0) AS BIGINT) + "
    "CAST(COALESCE((SELECT SUM(ca.amount_minor) FROM credit_application ca WHERE ca.invoice_id = v.id), 0) "
    "AS BIGINT) + "
    "CAST(COALESCE((SELECT SUM(na.amount_minor) FROM credit_note_application na WHERE na.invoice_id = v.id), 0) "
    "AS BIGINT) - "
    "CAST(COALESCE((SELECT SUM(nc.amount_minor) FROM credit_note_application nc WHERE nc.credit_note_id = v.id), "
    "0) AS BIGINT))";

// Returns the invoice id. Refused: unknown agreement, zero amount, a closed
// month, an unknown income type.
Result<long long> issue_invoice(Database& db, const InvoiceDraft& draft);

// An invoice with what is still open on it.
struct InvoiceBalance {
  long long id = 0;
  std::string income_type;
  Date issued_on;
  std::int64_t open_minor = 0;  // amount − standing applications (negative: a credit note)
};
// The invoices of agreement `agreement_id` issued on or before `on`, oldest
// first (issued_on, then id), each with what the payments not reversed and
// the credit applied left open.
std::vector<InvoiceBalance> invoice_balances(Database& db, long long agreement_id, Date on);

}  // namespace chizai
