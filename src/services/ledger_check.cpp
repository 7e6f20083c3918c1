#include "services/ledger_check.h"

#include <map>
#include <optional>
#include <utility>

#include "core/date.h"
#include "core/int128.h"
#include "core/money.h"
#include "ledger/journal.h"
#include "licensing/royalty.h"
#include "store/close_store.h"
#include "store/journal_store.h"

namespace chizai {
namespace {

using Marks = LedgerMarks;
using Sums = LedgerSums;

Error violation(const std::string& what) { return make_error(ErrorKind::kRefused, "ledger_violation", what); }

std::string jpy_text(std::int64_t minor) { return money_text(minor, "JPY"); }

std::string entry_name(long long id, const std::string& kind, const std::string& reference) {
  return "journal entry " + std::to_string(id) + " (" + kind + " " + reference + ")";
}

std::string amount_text(int128 v, const std::string& currency) {
  if (v > INT64_MAX || v < INT64_MIN) return "(beyond int64) " + currency;
  return money_text(static_cast<std::int64_t>(v), currency);
}

// 1. Entries: at least two postings, none of zero, balanced per currency.
// The violation of the smallest entry id is reported.
Status check_entries(Database& db, const Marks& m) {
  std::optional<std::pair<long long, std::string>> first;
  auto consider = [&](long long id, const std::string& message) {
    if (!first || id < first->first) first.emplace(id, message);
  };
  if (auto f = first_short_entry(db, m)) {
    consider(f->entry_id, entry_name(f->entry_id, f->kind, f->reference) + " has " + std::to_string(f->n) +
                              " posting(s); an entry needs at least two");
  }
  if (auto f = first_zero_posting(db, m)) {
    consider(f->entry_id, entry_name(f->entry_id, f->kind, f->reference) + " posts 0 to " + f->text);
  }
  if (auto f = first_unbalanced_entry(db, m)) {
    consider(f->entry_id, entry_name(f->entry_id, f->kind, f->reference) + " does not balance in " + f->text +
                              ": its " + (f->n > 0 ? "debits exceed its credits" : "credits exceed its debits") +
                              " by " + money_text(f->n > 0 ? f->n : -f->n, f->text));
  }
  if (first) return violation(first->second);
  return {};
}

// 2. Receivables and the undistributed account against the invoice and
// payment_application tables.
Status check_receivables(const Sums& s) {
  struct Receivable {
    int128 invoiced = 0, applied = 0, posted = 0;
  };
  std::map<std::pair<std::string, std::string>, Receivable> by_licensee;  // (licensee, currency)
  for (const auto& [key, n] : s.invoiced) by_licensee[key].invoiced += n;
  for (const auto& [key, n] : s.applied) by_licensee[key].applied += n;
  const std::size_t prefix = receivable_account("").size();
  for (const auto& [key, n] : s.receivable) by_licensee[{key.first.substr(prefix), key.second}].posted += n;
  std::map<std::string, std::pair<int128, int128>> undistributed;  // currency → (expected, posted)
  for (const auto& [key, r] : by_licensee) {
    const auto& [code, cur] = key;
    if (r.posted != r.invoiced - r.applied) {
      return violation("receivable of " + code + " in " + cur + " is " + amount_text(r.posted, cur) +
                       " in the ledger, but its invoices (" + amount_text(r.invoiced, cur) +
                       ") less the payments applied to them (" + amount_text(r.applied, cur) +
                       ") come to " + amount_text(r.invoiced - r.applied, cur));
    }
    undistributed[cur].first -= r.invoiced - r.applied;
  }
  for (const auto& [cur, n] : s.undistributed) undistributed[cur].second += n;
  for (const auto& [cur, v] : undistributed) {
    if (v.first != v.second) {
      return violation(undistributed_account() + " in " + cur + " is " + amount_text(v.second, cur) +
                       " in the ledger, but invoices less payments applied make it " +
                       amount_text(v.first, cur));
    }
  }
  return {};
}

// The JPY value of `amount` of a payment (JPY: itself).
Result<std::int64_t> jpy_value(const PaymentTotals& p, std::int64_t amount) {
  if (p.currency == "JPY" || amount == 0) return amount;
  auto currency = Currency::of(p.currency);
  if (!currency) return currency.error();
  return to_jpy_minor(Money(amount, currency.value()), p.fx_rate);
}

// 3. Every payment fully posted and distributed.
Status check_payment(const PaymentTotals& p) {
  const std::string name = "payment " + p.reference, c = p.currency;
  if (p.cash != p.amount) {
    return violation(name + ": the cash received is posted as " + money_text(p.cash, c) +
                     ", not its amount " + money_text(p.amount, c));
  }
  if (-p.receivable != p.applied) {
    return violation(name + ": its receivable credit " + money_text(-p.receivable, c) +
                     " is not what it settled on invoices, " + money_text(p.applied, c));
  }
  if (-p.credit != p.amount - p.applied) {
    return violation(name + ": its licensee credit " + money_text(-p.credit, c) +
                     " is not its amount less what it settled, " + money_text(p.amount - p.applied, c));
  }
  if (p.undistributed != p.applied) {
    return violation(name + " is not fully distributed: " + money_text(p.undistributed, c) + " of the " +
                     money_text(p.applied, c) + " it settled left " + undistributed_account());
  }
  const auto whole = jpy_value(p, p.amount);
  const auto applied = jpy_value(p, p.applied);
  if (!whole || !applied) {
    return violation(name + ": its fx rate '" + p.fx_rate + "' cannot be applied: " +
                     (!whole ? whole.error().message : applied.error().message));
  }
  if (whole.value() != p.jpy) {
    const std::string worth = c == "JPY" ? "its amount is " + jpy_text(whole.value())
                                         : money_text(p.amount, c) + " at " + p.fx_rate + " is " +
                                               jpy_text(whole.value());
    return violation(name + ": its JPY value is stored as " + jpy_text(p.jpy) + ", but " + worth);
  }
  if (-p.distributed != applied.value()) {
    return violation(name + " is not fully distributed: its JPY distribution lines sum to " +
                     jpy_text(-p.distributed) + ", but the part it settled is worth " +
                     jpy_text(applied.value()));
  }
  return {};
}

Status check_payments(Database& db, const Marks& m) { return for_each_payment_since(db, m, check_payment); }

// 3b. Every reversal posts the exact negation of its original's entry (a
// payment's, or a payout's): per account and currency, the two entries sum
// to zero. `what` names the original ("payment"); its table is `what`, the
// reversals' `what`_reversal.
Status check_reversals(Database& db, const std::string& what, long long mark, long long posting_mark) {
  const auto f = first_failed_reversal(db, what, mark, posting_mark);
  if (!f) return {};
  return violation("the reversal of " + what + " " + f->reference + " does not undo it: " + f->account +
                   " is left moved by " + money_text(f->sum, f->currency));
}

// 4. No payable below zero (and payables only in JPY).
Status check_payables(const Sums& s) {
  const std::size_t prefix = payable_account("").size();
  for (const auto& [key, n] : s.payable) {  // by account, then currency
    const auto& [account, cur] = key;
    if (cur != "JPY") {
      return violation("payable of " + account.substr(prefix) + " has postings in " + cur +
                       "; payables are kept in JPY");
    }
    if (n > 0) return violation("payable of " + account.substr(prefix) + " is below zero: " + amount_text(-n, cur));
  }
  return {};
}

// 4b. No licensee's credit below zero: never more applied or refunded than
// was received.
Status check_credits(Database& db) {
  const auto f = first_negative_credit(db);
  if (!f) return {};
  return violation("licensee credit " + f->text + " is below zero: " + money_text(f->n, f->kind) +
                   " more was used than received");
}

// 5. Every payout's postings move exactly its amount: out of the payable,
// out of JPY cash.
Status check_payouts(Database& db, const Marks& m) {
  return for_each_payout_since(db, m, [](const PayoutTotals& t) -> Status {
    if (t.payable != t.amount || t.cash != -t.amount) {
      return violation("payout " + t.reference + " of " + jpy_text(t.amount) + " to " + t.institution +
                       " is posted as " + jpy_text(t.payable) + " on its payable and " + jpy_text(-t.cash) +
                       " out of cash");
    }
    return {};
  });
}

// The checks in their documented order, over the rows above `m`, with the
// balances on `sums` (which must hold the sums up to `m`) plus the new rows.
Status check_since(Database& db, const Marks& m, Sums& sums) {
  if (auto s = check_entries(db, m); !s) return s;
  add_ledger_sums_since(db, m, sums);
  if (auto s = check_receivables(sums); !s) return s;
  if (auto s = check_payments(db, m); !s) return s;
  if (auto s = check_reversals(db, "payment", m.reversal, m.posting); !s) return s;
  if (auto s = check_payables(sums); !s) return s;
  if (auto s = check_credits(db); !s) return s;
  if (auto s = check_payouts(db, m); !s) return s;
  return check_reversals(db, "payout", m.payout_reversal, m.posting);
}

}  // namespace

Result<LedgerSummary> verify_ledger(Database& db) {
  ReadSnapshot snapshot(db);
  Sums sums;
  if (auto s = check_since(db, Marks{}, sums); !s) return s.error();
  // 6. The running balances payments and payouts read (sql/0031) equal the
  // postings (whole-ledger checks only: it reads every posting).
  if (const auto f = first_balance_mismatch(db)) {
    return violation("running balance of " + f->account + " in " + f->currency +
                     (f->agreement.empty() ? "" : " on agreement " + f->agreement) + " is " +
                     std::to_string(f->stored) + " but its postings sum to " + std::to_string(f->posted));
  }
  return ledger_summary(db);
}

Status check_ledger(Database& db) {
  auto r = verify_ledger(db);
  if (!r) return r.error();
  return {};
}

Status check_ledger_for_close(Database& db, const std::string& month) {
  Marks marks;
  Sums sums;
  load_ledger_checkpoint(db, marks, sums);
  if (auto s = check_since(db, marks, sums); !s) return s;
  insert_ledger_checkpoint(db, month, ledger_marks_now(db), sums);
  return {};
}

}  // namespace chizai
