// The journal: journal_entry, posting and closed_month. Posting entries is
// the one way money enters the ledger tables (REQUIRES: the caller holds a
// write transaction). Below them, the reads the ledger check
// (services/ledger_check.h) runs over the ledger tables (journal_entry,
// posting, invoice, payment, payment_application, payout and their
// reversals), inside the caller's transaction if any.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/int128.h"
#include "core/result.h"
#include "ledger/journal.h"
#include "store/database.h"

namespace chizai {

// Every transaction that posts calls this first, before any other lock it
// takes: on PostgreSQL it holds closed_month in ROW SHARE mode until commit,
// which a month close (EXCLUSIVE) waits for and which waits for a running
// close. So a posting cannot slip into a month while it closes, and a close
// sees no posting transaction in flight (its ledger checkpoint relies on
// that). Taking it first keeps one lock order (closed_month, then agreement,
// payment, payout), as the close does. SQLite: nothing to do (one writer).
void hold_off_month_close(Database& db);

// Checks the entry (balanced per currency, its month not closed, every
// institution/agreement/patent it names exists) and writes it with its
// postings. Returns the entry id, or the refusal.
Result<long long> post_journal_entry(Database& db, const JournalEntry& entry);

// The postings of entry `entry_id` as posted (ids resolved back to codes,
// numbers and references), in posting order.
std::vector<Posting> entry_postings(Database& db, long long entry_id);

// The latest closed month ("2026-07"), if any.
std::optional<std::string> last_closed_month(Database& db);
// The first day after the latest closed month (2026-08-01 when July 2026
// is the last closed), if any month is closed.
std::optional<Date> first_open_day(Database& db);

// Ok when `day` is after every closed month; else an error naming the month.
Status check_month_open(Database& db, Date day);

// The date of the earliest journal entry, if any.
std::optional<Date> earliest_posting_day(Database& db);

// The distinct currencies, and the distinct accounts, that postings name.
std::vector<std::string> posting_currencies(Database& db);
std::vector<std::string> posting_accounts(Database& db);

// Calls `fn` with each journal entry dated on or before `until` (none: all),
// with its postings as posted (ids resolved back to codes, numbers and
// references; absent text as ""), in (date, id) order, streamed; stops at
// and returns `fn`'s first error.
Status for_each_entry(Database& db, const std::optional<Date>& until,
                      const std::function<Status(long long id, const JournalEntry& entry)>& fn);

// ---- the ledger check's reads --------------------------------------------------------------------

// The highest row ids a check covered: the reads below look only at rows
// above them (all rows when they are 0). payment_application rows go with
// their payment.
struct LedgerMarks {
  long long entry = 0, posting = 0, invoice = 0, payment = 0, payout = 0, reversal = 0, payout_reversal = 0,
            credit_application = 0, credit_note_application = 0;
  bool from_start() const {
    return entry == 0 && posting == 0 && invoice == 0 && payment == 0 && payout == 0 && reversal == 0 &&
           payout_reversal == 0 && credit_application == 0 && credit_note_application == 0;
  }
};

// The sums the balance invariants are checked on: at a checkpoint, plus the
// rows added since. Keys: (licensee code or account, currency).
struct LedgerSums {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, int128> invoiced, applied, receivable, payable;  // receivable, payable: by account
  std::map<std::string, int128> undistributed;                    // by currency
};

struct LedgerSummary {
  struct CurrencyTotal {
    std::string currency;
    std::int64_t debits_minor = 0;   // sum of the positive postings
    std::int64_t credits_minor = 0;  // sum of the negative postings, as a positive number
  };
  long long entries = 0, postings = 0, payments = 0, payouts = 0, invoices = 0;
  std::vector<CurrencyTotal> currencies;  // by code
};

// A journal entry that breaks a rule, with what the rule found.
struct EntryFault {
  long long entry_id = 0;
  std::string kind, reference;
  std::string text;  // the account or currency at fault (first_short_entry: empty)
  long long n = 0;   // the count or sum at fault
};

// Among the entries above the marks or with a posting above the posting
// mark, the lowest-id one (n = its posting count) with fewer than two
// postings, if any.
std::optional<EntryFault> first_short_entry(Database& db, const LedgerMarks& m);
// … the first posting of 0 (text = its account), by entry then posting id.
std::optional<EntryFault> first_zero_posting(Database& db, const LedgerMarks& m);
// … the first entry that does not sum to 0 in a currency (text = the
// currency, n = the sum), by entry then currency.
std::optional<EntryFault> first_unbalanced_entry(Database& db, const LedgerMarks& m);

// Adds the rows above the marks to `sums`: invoices and payment applications
// (less those of reversed payments) by licensee and currency, postings to
// receivable, undistributed and payable accounts.
void add_ledger_sums_since(Database& db, const LedgerMarks& m, LedgerSums& sums);

// The first licensee-credit account (by account, then currency) whose
// balance is below zero — more credit used or refunded than was received —
// with its (debit) balance, if any. Over the whole ledger (credit postings
// are few: read through the posting_account index).
std::optional<EntryFault> first_negative_credit(Database& db);

// The first running balance (sql/0031; by account, currency, agreement id)
// that differs from the sum of its postings — a row whose postings sum to
// something else, or postings with no row — if any. Reads every posting.
struct BalanceFault {
  std::string account, currency, agreement;  // agreement: its reference, "" for none
  long long stored = 0, posted = 0;          // stored: 0 when there is no row
};
std::optional<BalanceFault> first_balance_mismatch(Database& db);

// A payment with the sums of its entry's postings by role.
struct PaymentTotals {
  long long id = 0, amount = 0, jpy = 0, applied = 0;
  long long cash = 0, receivable = 0, credit = 0, undistributed = 0, distributed = 0;
  std::string reference, licensee, currency, fx_rate;  // fx_rate: "" when none
};
// Calls `fn` with each payment above the payment mark or whose entry got a
// posting above the posting mark, by id, streamed (one payment held at a
// time); stops at and returns the first error `fn` returns.
Status for_each_payment_since(Database& db, const LedgerMarks& m,
                              const std::function<Status(const PaymentTotals&)>& fn);

// A payout with its entry's JPY postings on its payable and on cash.
struct PayoutTotals {
  std::string reference, institution;
  long long amount = 0, payable = 0, cash = 0;
};
// As for_each_payment_since, for payouts.
Status for_each_payout_since(Database& db, const LedgerMarks& m,
                             const std::function<Status(const PayoutTotals&)>& fn);

// A reversal whose entry and its original's do not sum to 0 on an account.
struct ReversalFault {
  std::string reference;  // the original's
  std::string account, currency;
  long long sum = 0;
};
// `what`: "payment" or "payout" (tables `what` and `what`_reversal). The
// first reversal (by id) above `mark`, or touched by a posting above
// `posting_mark`, that does not undo its original, if any.
std::optional<ReversalFault> first_failed_reversal(Database& db, const std::string& what, long long mark,
                                                   long long posting_mark);

// Row counts and the debits and credits per currency of the whole ledger.
LedgerSummary ledger_summary(Database& db);

// The highest row id of each ledger table now (0 for an empty one).
LedgerMarks ledger_marks_now(Database& db);

}  // namespace chizai
