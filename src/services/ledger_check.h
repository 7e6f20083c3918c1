// The ledger's invariants, checked over the whole ledger (`chizai ledger
// check`, GET /api/v1/ledger/check) or, at month close, over what was added
// since the last close's checkpoint (sql/0008_ledger_checkpoint.sql).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/journal_store.h"  // LedgerSummary

namespace chizai {

// Verifies, in this order, and stops at the first violation (the error names
// it: the entry, the licensee, the payment, the institution or the payout):
//   1. every journal entry has at least two non-zero postings and balances
//      in each currency;
//   2. each licensee's receivable per currency = its invoices − the payments
//      applied to them, and liabilities:undistributed = −(the same) per
//      currency (tables against postings);
//   3. every payment is fully posted and distributed: cash = its amount, the
//      receivable credit = its applications, the licensee credit = the rest,
//      its JPY value = amount × rate, and the JPY distribution lines = the
//      JPY value of the applied part; every reversal's entry is the exact
//      negation of its payment's (and the payment's applications no longer
//      count in 2);
//   4. no payable is below zero, and no licensee's credit (per account and
//      currency; credit applied to invoices counts as settled in 2);
//   5. every payout's postings move exactly its amount, and every payout
//      reversal's entry is the exact negation of its payout's;
//   6. (whole-ledger checks only) every running balance (sql/0031
//      account_balance, what recording a payment or payout reads) equals
//      the sum of its postings.
// Reads only (inside the caller's transaction, if any).
Result<LedgerSummary> verify_ledger(Database& db);
// verify_ledger without the summary.
Status check_ledger(Database& db);

// The same invariants for month close, without reading the whole ledger:
// starts from the latest checkpoint (the row ids the last close covered and
// the sums it verified), checks the entries, payments and payouts added or
// touched since, adds the new rows' sums to the checkpoint's and checks the
// balances on the totals; then writes the checkpoint of `month`. With no
// checkpoint yet it checks everything. Call inside the close's transaction.
//
// Sound because the ledger tables are append-only (database triggers) and
// row ids grow in commit order: SQLite admits one writer at a time, and on
// PostgreSQL every transaction that posts holds closed_month in ROW SHARE
// mode (hold_off_month_close) while the close holds it EXCLUSIVE, so no
// posting transaction is in flight while a close reads its marks.
Status check_ledger_for_close(Database& db, const std::string& month);

}  // namespace chizai
