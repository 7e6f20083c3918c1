// JSON renderings of the payment services (payments, payouts, payables, the
// ledger check), shared by the CLI (--format json) and the HTTP API. The
// write_* functions append one value to a writer; the *_json functions
// render a whole document as the CLI prints it (no trailing newline).
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/fx_service.h"
#include "services/payment_service.h"

namespace chizai::render {

// A rate of the FX table: {"date", "currency", "rate", "source",
// "imported_at", "imported_by"}.
void write_fx_rate(JsonWriter& w, const FxRateRow& rate);
// An FX import's outcome: {"read", "inserted", "unchanged"}.
void write_fx_import(JsonWriter& w, const FxImportReport& report);

// A payment with the invoices it settled ("applications") and its JPY
// distribution ("lines"); "reversal" is null or {"reversed_on", "reason"}
// (then what it settled and distributed has been taken back).
void write_payment(JsonWriter& w, const PaymentView& payment);
std::string payment_json(const PaymentView& payment, int indent = 2);

// A payment without applications and lines, as listed.
void write_payment_summary(JsonWriter& w, const PaymentView& payment);
std::string payment_list_json(const std::vector<PaymentView>& all, int indent = 2);

// {"reference", "institution", "paid_on", "currency", "amount", "balance_after",
//  "reversal": null | {"reversed_on", "reason"}}
void write_payout(JsonWriter& w, const PayoutView& payout);
std::string payout_json(const PayoutView& payout, int indent = 2);
// A payout in a list: without balance_after_minor (a list does not read it).
void write_payout_summary(JsonWriter& w, const PayoutView& payout);
std::string payout_list_json(const std::vector<PayoutView>& all, int indent = 2);

// {"institution", "name_en", "currency", "credited", "paid", "balance"}
void write_payable(JsonWriter& w, const PayableBalance& balance);
std::string payable_list_json(const std::vector<PayableBalance>& all, int indent = 2);

// {"agreement", "licensee", "currency", "balance_minor", "applied_minor"}:
// a licensee's credit on one agreement.
void write_credit(JsonWriter& w, const CreditBalance& credit);
std::string credit_list_json(const std::vector<CreditBalance>& all, int indent = 2);

// A passed ledger check: {"status": "ok", counts, "currencies"}.
void write_ledger_summary(JsonWriter& w, const LedgerSummary& summary);
std::string ledger_summary_json(const LedgerSummary& summary, int indent = 2);

}  // namespace chizai::render
