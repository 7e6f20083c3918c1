// Use cases: payments in (applied to the oldest open invoices, distributed
// to the aggregator and the owners' payables in one journal entry), payouts
// to institutions, payable balances, and the ledger's invariants.
//
// Accounting (debits positive; one journal entry per payment, kind
// "payment", reference = the bank reference), in the payment currency C:
//   Dr assets:cash:<C>                        the amount
//   Cr assets:receivable:<licensee>           what is applied to open invoices
//   Cr liabilities:licensee-credit:<licensee> an overpayment
// then per applied invoice (its income type on each line):
//   Dr liabilities:undistributed (C)          the applied part
//   Cr equity:fx (C) / Dr equity:fx (JPY)     when C is not JPY, with the rate
//   Cr income:cost-recovery:<package>, income:aggregator and
//      liabilities:payable:<institution> per (patent, owner)   in JPY.
// Each write runs in one transaction with its change-history record; a
// refused request writes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "ledger/distribution.h"
#include "portfolio/settings.h"
#include "services/ledger_check.h"
#include "store/database.h"
#include "store/payment_store.h"  // the views

namespace chizai {

// ---- distribution policies ----------------------------------------------------

// Parses a policy file (Java properties syntax: `key = value`, `#` and `!`
// comments). Keys: cost_recovery_max_bps (0..10000), aggregator_share (a
// fraction in [0, 1], "1/3"), company_owners (include | exclude); an absent
// key keeps its default (10000, 1/3, include); an unknown key is refused.
// `source` names the file in messages.
Result<DistributionPolicy> parse_distribution_policy(std::string_view text,
                                                     const std::string& source);
// Reads `<dir>/<name>.properties`. A missing "default" file means the
// defaults; any other missing policy is refused. Names are letters, digits,
// '-' and '_'.
Result<DistributionPolicy> load_distribution_policy(const std::string& dir,
                                                    const std::string& name);

// ---- payments -------------------------------------------------------------------

struct PaymentRequest {
  std::string agreement;  // agreement reference
  Date received_on;
  std::string currency;   // ISO 4217; must be the agreement's
  std::int64_t amount_minor = 0;  // > 0, minor units of `currency`
  std::string fx_rate;    // JPY per unit, ≤ 6 decimals; empty (and required empty) for JPY;
                          // empty for another currency: the rate table's rate of received_on
  std::string fx_source;  // where fx_rate comes from (with fx_rate only; default "given with the payment")
  std::string reference;  // the bank reference: unique, the idempotency key
  // Records it even when a standing payment of the same agreement, amount
  // and date exists (else refused as a probable duplicate).
  bool confirm_duplicate = false;
};

// `recorded` is false for a replay of the same reference and content: then
// nothing was written and `payment` is what was recorded the first time.
struct PaymentOutcome {
  PaymentView payment;
  bool recorded = false;
};

struct ReversalRequest {
  std::string reference;  // the payment's bank reference, or the payout's reference
  Date reversed_on;       // on or after the payment's date, in an open month
  std::string reason;     // why (required): kept on the reversal and in the history
};

// ---- payouts and payables ---------------------------------------------------------

struct PayoutRequest {
  std::string institution;  // institution code
  Date paid_on;
  std::int64_t amount_minor = 0;  // JPY, > 0, at most the payable balance
  std::string reference;          // unique, the idempotency key
};

struct PayoutOutcome {
  PayoutView payout;
  bool recorded = false;
};

// ---- licensee credit ------------------------------------------------------------

// Licensee credit paid back to the licensee (`chizai credit refund`): one
// journal entry, kind credit_refund, reference = the bank reference:
//   Dr liabilities:licensee-credit:<licensee>  the amount (agreement currency)
//   Cr assets:cash:<currency>                  the amount
struct CreditRefundRequest {
  std::string agreement;  // agreement reference
  Date date;              // the day the money left (an open month)
  std::string currency = "JPY";   // must be the agreement's
  std::int64_t amount_minor = 0;  // > 0, at most the credit held on the agreement
  std::string reference;  // the bank reference: unique, the idempotency key
};
struct CreditRefundOutcome {
  CreditRefundView refund;
  std::int64_t credit_left_minor = 0;  // the agreement's credit after it
  bool recorded = false;               // false: a replay, nothing written
};

// Applies the credit the licensee holds on `agreement` (an overpayment, or a
// payment received before the invoice it pays was dated) to the agreement's
// open invoices dated on or before `on` (credit notes netted), oldest first,
// in one journal entry dated `on` (kind credit_application: Dr
// liabilities:licensee-credit, Cr receivable, then the applied part
// distributed in one step as a payment's is — at the rate of the agreement's
// latest standing payment for a foreign currency) and one credit_application
// row per invoice. Returns what was applied (0: nothing to apply, nothing
// written). Runs inside the caller's transaction; REQUIRES: `on` in an open
// month. Called whenever an invoice is issued and after a payment that left
// credit beside invoices dated after it.
Result<std::int64_t> apply_licensee_credit(Database& db, const SchemeSettings& settings, const std::string& actor,
                                           const std::string& policy_dir, const std::string& agreement, Date on);

// At a month close (the close hook, inside the close's transaction): every
// agreement's credit notes dated on or before `month_end` still open are
// netted against its open invoices, and those left open when nothing is
// open any more are turned into licensee credit and taken back from the
// institutions (kind correction_credit; see the README). Done at the close,
// not when the note is issued, so the month's reports give the same ledger
// in whatever order they arrive.
Status credit_open_credit_notes(Database& db, const std::string& actor, Date month_end);

class PaymentService {
 public:
  // `policy_dir` holds the distribution policy files (<name>.properties).
  PaymentService(Database& db, SchemeSettings settings, std::string actor, std::string policy_dir)
      : db_(db), settings_(std::move(settings)), actor_(std::move(actor)),
        policy_dir_(std::move(policy_dir)) {}

  // Records and distributes a payment (see the accounting above). Refused:
  // an empty reference, an amount ≤ 0, an unknown agreement, a currency that
  // is not the agreement's, a missing rate for a foreign currency or a rate
  // for JPY, a bad rate, a closed month, a distribution that cannot be made
  // (no licensed patents, owners' shares, an unknown policy), the reference
  // already recorded with different content (naming what differs).
  Result<PaymentOutcome> record_payment(const PaymentRequest& request);
  // Undoes a payment recorded in error: posts the exact negation of its
  // journal entry (kind payment_reversal) on `reversed_on`, so the invoices
  // it settled are open again and the payables, aggregator income, cost
  // recovery and licensee credit it moved are moved back. The payment and
  // its entry stay as they are (append-only). The same request again is a
  // replay (`recorded` false). Refused, writing nothing: an unknown payment,
  // an empty reason, a date before the payment or in a closed month, a
  // payment already reversed with another date or reason, and a reversal
  // that would take a payable or the licensee's credit below zero (money
  // already paid out or used: the error names the institution and amounts).
  Result<PaymentOutcome> reverse_payment(const ReversalRequest& request);
  Result<PaymentView> show_payment(const std::string& reference);
  // A page of payments by date, then reference, after the payment whose
  // bank reference is `page.after` (empty: from the first); `next` is a
  // reference. `agreement` empty = all (else it must exist). Refused: an
  // `after` that names no payment (field "after").
  // A page of the payouts to `institution` ("" = all) by date, then
  // reference, without the balance after each (show_payout has it).
  // Refused: an unknown institution; an `after` naming no payout (field "after").
  Result<Page<PayoutView>> list_payouts(const std::string& institution, const PageRequest& page);
  Result<Page<PaymentView>> list_payments(const std::string& agreement, const PageRequest& page);
  // A page of the agreements on which a licensee holds or held credit, by
  // agreement reference, after `page.after`; `licensee` "" = all. Refused:
  // an unknown licensee (field "licensee"), an `after` naming no agreement.
  Result<Page<CreditBalance>> list_credits(const std::string& licensee, const PageRequest& page);
  // Pays licensee credit back (see CreditRefundRequest). Refused, writing
  // nothing: an empty reference, an amount ≤ 0, an unknown agreement, a
  // currency that is not the agreement's, a closed month or a date beyond
  // the horizon, an amount above the credit held (insufficient_credit), the
  // reference already recorded with different content. The same request
  // again is a replay (`recorded` false).
  Result<CreditRefundOutcome> refund_credit(const CreditRefundRequest& request);

  // Pays part of an institution's payable. Refused: unknown institution, an
  // amount ≤ 0 or above the payable balance, a closed month, the reference
  // already recorded with different content.
  Result<PayoutOutcome> record_payout(const PayoutRequest& request);
  // Undoes a payout recorded in error: posts the negation of its entry
  // (kind payout_reversal) on `reversed_on`, so the institution is owed the
  // amount again. Replays and refusals as for reverse_payment (a payout
  // reversal cannot take a payable below zero).
  Result<PayoutOutcome> reverse_payout(const ReversalRequest& request);
  Result<PayoutView> show_payout(const std::string& reference);
  // A page of the institutions with a payable account, by code, after the
  // code `page.after` (empty: from the first); `next` is a code.
  // `institution` non-empty: that one only (none when it has no payable
  // account). Refused: an `after` that names no institution (field "after").
  Result<Page<PayableBalance>> list_payables(const std::string& institution, const PageRequest& page);
  // Every institution with a payable account, by code (a page at a time).
  std::vector<PayableBalance> payables();
  // Refused for an unknown institution; 0 for one never credited.
  Result<std::int64_t> payable_balance(const std::string& institution);

 private:
  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
  std::string policy_dir_;
};

}  // namespace chizai
