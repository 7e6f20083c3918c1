// Payments, payouts and what they touch: payment, payment_application,
// payment_reversal, payout, payout_reversal, and the reads of posting sums
// they check (payables, licensee credits, cost recovery). The views below
// are what the payment service returns (services/payment_service.h).
// Writes expect the caller to hold a write transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "store/database.h"

namespace chizai {

// How much of a payment settled one invoice (payment currency).
struct PaymentApplication {
  long long invoice_id = 0;
  std::string income_type;
  Date issued_on;
  std::int64_t amount_minor = 0;
};

// One JPY line of a payment's distribution, as posted.
struct DistributionLineView {
  std::string kind;         // cost_recovery | aggregator | owner
  std::string account;
  std::string income_type;  // of the invoice the distributed part settled
  std::string package;      // cost_recovery lines
  std::string patent;       // owner lines
  std::string institution;  // aggregator and owner lines
  std::string share;        // exact fraction of the distributed amount (empty for cost recovery)
  std::int64_t amount_minor = 0;  // JPY
};

// A payment or payout undone (PaymentService::reverse_payment, reverse_payout).
struct ReversalView {
  Date reversed_on;
  std::string reason;
  long long entry_id = 0;
};

struct PaymentView {
  std::string reference, agreement, licensee;
  std::string package;  // empty for an agreement on listed patents
  Date received_on;
  std::string currency;
  std::int64_t amount_minor = 0;   // payment currency
  std::string fx_rate;             // empty for JPY
  std::string fx_source;           // where the rate came from (empty for JPY, and before sql/0026)
  std::int64_t jpy_minor = 0;      // the whole payment in JPY
  std::int64_t applied_minor = 0;  // payment currency: settled invoices
  std::int64_t credit_minor = 0;   // payment currency: left as the licensee's credit
  std::int64_t distributed_jpy_minor = 0;  // the JPY value of the applied part
  long long entry_id = 0;
  // Set once the payment is reversed: its applications no longer settle
  // the invoices (`applied_minor` and `credit_minor` stay what it did).
  std::optional<ReversalView> reversal;
  // Filled by show and record (empty in list): oldest invoice first; the
  // distribution lines in the order posted.
  std::vector<PaymentApplication> applications;
  std::vector<DistributionLineView> lines;
};

struct PayoutView {
  std::string reference, institution;
  Date paid_on;
  std::int64_t amount_minor = 0;
  std::int64_t balance_after_minor = 0;  // the payable right after this payout
  long long entry_id = 0;
  std::optional<ReversalView> reversal;  // set once the payout is reversed
};

// An institution's payable (実施補償金 owed to it), JPY.
struct PayableBalance {
  std::string institution, name_en;
  std::int64_t credited_minor = 0;  // distributed to it, less what payment reversals took back
  std::int64_t paid_minor = 0;      // paid out, less payout reversals (and any posting without a payment)
  std::int64_t balance_minor = 0;   // credited − paid
};


// ---- locks and balances ---------------------------------------------------------------------

// PostgreSQL (READ COMMITTED): takes payment and payout in SHARE ROW
// EXCLUSIVE mode until commit, so payments and payouts run one at a time
// and what they check (open invoices, payable balances) cannot move under
// them. SQLite: nothing (BEGIN IMMEDIATE admits one writer already).
// Call after hold_off_month_close (store/journal_store.h): one lock order.
void lock_money_tables(Database& db);

// The credit balance of an account in `currency`: −(the sum of its
// postings); 0 when it has none. Read from the running balances (sql/0031),
// so REQUIRES: a payable, licensee-credit or cost-recovery account (the
// accounts that have one).
std::int64_t credit_balance(Database& db, const std::string& account, const std::string& currency);

// ---- licensee credit (sql/0025) ----

// The credit the licensee holds on agreement `agreement_id` in `currency`:
// −(the postings to liabilities:licensee-credit:<licensee> that name the
// agreement); 0 when none.
std::int64_t agreement_credit(Database& db, long long agreement_id, const std::string& licensee,
                              const std::string& currency);
// The rate of the agreement's latest standing payment received on or before
// `on` (by date, then id), "" when none or JPY: the rate the credit it
// left is distributed at.
std::string latest_payment_rate(Database& db, long long agreement_id, Date on);

struct NewCreditApplication {
  long long agreement_id = 0, invoice_id = 0, entry_id = 0;
  Date applied_on;
  std::string currency, fx_rate;  // fx_rate "" for JPY
  std::int64_t amount_minor = 0, jpy_minor = 0;
};
void insert_credit_application(Database& db, const NewCreditApplication& a);

// A credit note settled (sql/0028): netted against invoice `invoice_id`, or
// (invoice_id 0) turned into licensee credit with `jpy_minor` taken back
// from the institutions.
struct NewCreditNoteApplication {
  long long agreement_id = 0, credit_note_id = 0, invoice_id = 0, entry_id = 0;
  Date applied_on;
  std::string currency, fx_rate;  // fx_rate "" for JPY or a netting
  std::int64_t amount_minor = 0, jpy_minor = 0;
};
void insert_credit_note_application(Database& db, const NewCreditNoteApplication& a);

// What the agreement's money has put on one distribution account (a payable,
// income:aggregator, a cost recovery account) for one patent, net of
// reversals and take-backs: the JPY credit postings of its payment,
// payment_reversal, credit_application and correction_credit entries.
struct DistributedLine {
  std::string account, institution, patent;  // patent: "" for aggregator and cost-recovery lines
  std::int64_t amount_minor = 0;             // > 0: distributed and not taken back
};
// Those lines with an amount > 0, by account, then patent; `income_type`
// "" = every income type, else only the postings labelled with it.
std::vector<DistributedLine> distributed_lines(Database& db, long long agreement_id, const std::string& income_type);

// The references of the agreements with a credit note dated on or before
// `on` not yet fully settled, by reference.
std::vector<std::string> agreements_with_open_credit_notes(Database& db, Date on);

// The latest date of those entries (payment, payment_reversal,
// credit_application, correction_credit) of the agreement, if any.
std::optional<Date> latest_distribution_day(Database& db, long long agreement_id);

// The JPY balance of `account` (debits − credits), from the running
// balances: REQUIRES a payable, licensee-credit or cost-recovery account.
std::int64_t account_balance_jpy(Database& db, const std::string& account);

// A refund of licensee credit (sql/0028 credit_refund).
struct CreditRefundView {
  std::string reference, agreement, licensee, currency;
  Date refunded_on;
  std::int64_t amount_minor = 0;
  long long entry_id = 0;
  std::string recorded_at, actor;
};
std::optional<CreditRefundView> find_credit_refund(Database& db, const std::string& reference);
void insert_credit_refund(Database& db, long long agreement_id, const CreditRefundView& r);

// One agreement's licensee credit: what was received as credit, what was
// applied to invoices, and the balance. By agreement reference.
struct CreditBalance {
  std::string agreement, licensee, currency;
  std::int64_t balance_minor = 0;  // held now
  std::int64_t applied_minor = 0;  // applied to invoices so far
};
// The agreements whose licensee-credit postings are not all zero or that
// had credit applied, after the reference `page.after`; `licensee` ""
// = all. `next` is an agreement reference.
Page<CreditBalance> credit_balances(Database& db, const std::string& licensee, const PageRequest& page);

// A page of the institutions with a payable account (JPY), with their
// names, by code: `institution` alone, or every one when it is empty; those
// whose code sorts after `page.after` (empty: from the first). `next` is an
// institution code.
Page<PayableBalance> payable_balances(Database& db, const std::string& institution, const PageRequest& page);

// ---- the agreement a payment is for --------------------------------------------------------

struct PaymentAgreement {
  long long id = 0;
  std::string reference, licensee, package, currency, policy;  // package: "" for a patent list
};
// Returns the agreement with `reference`, or nothing.
std::optional<PaymentAgreement> find_payment_agreement(Database& db, const std::string& reference);

struct PatentWeight {
  std::string number;  // canonical application number
  long long weight = 0;
};
// The patents licensed by agreement `agreement_id`, by application number.
std::vector<PatentWeight> licensed_patent_weights(Database& db, long long agreement_id);

// ---- payments ----------------------------------------------------------------------------------

struct NewPayment {
  std::string reference;
  long long agreement_id = 0;
  Date received_on;
  std::string currency;
  std::int64_t amount_minor = 0;
  std::string fx_rate;  // "" = NULL (JPY)
  std::string fx_source;  // where the rate came from; "" = NULL (JPY)
  std::int64_t jpy_minor = 0;
  std::string content_hash;
  long long entry_id = 0;
  std::vector<PaymentApplication> applications;  // invoice_id and amount_minor are stored
};
// Inserts the payment and its applications. Returns the payment's id.
long long insert_payment(Database& db, const NewPayment& p);

// The payment with `reference` (without applications and lines), and its id.
struct StoredPayment {
  long long id = 0;
  PaymentView view;
};
std::optional<StoredPayment> find_payment(Database& db, const std::string& reference);
// The bank reference of the first standing (unreversed) payment of agreement
// `agreement_id` received on `received_on` of `amount_minor` in `currency`:
// a probable duplicate of a new one with the same; or nothing.
std::optional<std::string> same_standing_payment(Database& db, long long agreement_id, Date received_on,
                                                 const std::string& currency, std::int64_t amount_minor);
// A page of the payments of agreement `agreement` ("" = all), without
// applications and lines, by date, then reference: those after the payment
// whose reference is `page.after` (empty: from the first). `next` is a
// payment's reference.
// REQUIRES: `page.after` is empty or names a payment (find_payment).
Page<PaymentView> payments_page(Database& db, const std::string& agreement, const PageRequest& page);
// What payment `payment_id` settled, by invoice date, then invoice id.
std::vector<PaymentApplication> payment_applications(Database& db, long long payment_id);
// The JPY income and payable postings of entry `entry_id` (a payment's
// distribution lines), in posting order, each with the amount credited
// (−the posting); kind and package are left for the caller to set.
std::vector<DistributionLineView> distribution_postings(Database& db, long long entry_id);

// ---- payouts -----------------------------------------------------------------------------------

struct NewPayout {
  std::string reference;
  long long institution_id = 0;
  Date paid_on;
  std::int64_t amount_minor = 0;  // JPY
  long long entry_id = 0;
};
// Returns the payout's id.
long long insert_payout(Database& db, const NewPayout& p);
// The payout with `reference`, with the payable balance right after it:
// `balance_after` when given (recording the payout, the caller knows it:
// the running balance before it less its amount), else the sum of the
// payable's postings up to the payout's entry (a read over the account's
// history: for showing a payout, not for recording one).
std::optional<PayoutView> find_payout(Database& db, const std::string& reference,
                                      std::optional<std::int64_t> balance_after = std::nullopt);
// A page of the payouts to institution `institution` ("" = all), without
// the balance after each (left 0), by date, then reference: those after
// the payout whose reference is `page.after` (empty: from the first).
// `next` is a payout's reference.
// REQUIRES: `page.after` is empty or names a payout (original_id).
Page<PayoutView> payouts_page(Database& db, const std::string& institution, const PageRequest& page);

// ---- reversals ---------------------------------------------------------------------------------

// REQUIRES (both): `what` is "payment" or "payout": the original's table;
// the reversal's table is `what`_reversal.
// The id of the `what` with `reference`, or nothing.
std::optional<long long> original_id(Database& db, const std::string& what, const std::string& reference);
// Records the reversal of the `what` row `id`. Returns the reversal's id.
long long insert_reversal(Database& db, const std::string& what, long long id, Date reversed_on,
                          const std::string& reason, long long entry_id);

}  // namespace chizai
