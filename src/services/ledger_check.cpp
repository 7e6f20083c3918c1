#include "services/ledger_check.h"

#include <soci/soci.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/date.h"
#include "core/int128.h"
#include "core/money.h"
#include "ledger/journal.h"
#include "licensing/royalty.h"
#include "store/sql_util.h"

namespace chizai {
namespace {

Error violation(const std::string& what) { return make_error(ErrorKind::kRefused, "ledger_violation", what); }

std::string jpy_text(std::int64_t minor) { return money_text(minor, "JPY"); }

std::string entry_name(long long id, const std::string& kind, const std::string& reference) {
  return "journal entry " + std::to_string(id) + " (" + kind + " " + reference + ")";
}

std::string amount_text(int128 v, const std::string& currency) {
  if (v > INT64_MAX || v < INT64_MIN) return "(beyond int64) " + currency;
  return money_text(static_cast<std::int64_t>(v), currency);
}

// The highest row ids a check covered: it looks only at rows above them (all
// rows when they are 0). payment_application rows go with their payment.
struct Marks {
  long long entry = 0, posting = 0, invoice = 0, payment = 0, payout = 0, reversal = 0, payout_reversal = 0;
  bool from_start() const {
    return entry == 0 && posting == 0 && invoice == 0 && payment == 0 && payout == 0 && reversal == 0 &&
           payout_reversal == 0;
  }
};

// The sums the balance invariants are checked on: at a checkpoint, plus the
// rows added since. Keys: (licensee code or account, currency).
struct Sums {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, int128> invoiced, applied, receivable, payable;  // receivable, payable: by account
  std::map<std::string, int128> undistributed;                    // by currency
};

// Rows of (text, text, integer).
template <class Fn>
void each_sum(Database& db, const std::string& sql, Fn fn) {
  std::string a, b;
  long long n = 0;
  soci::statement st = (db.sql().prepare << sql, soci::into(a), soci::into(b), soci::into(n));
  st.execute();
  while (st.fetch()) fn(a, b, n);
}

// " AND <column> > N": only the rows added after a mark (nothing from the start).
std::string after(const char* column, long long mark) {
  return mark > 0 ? std::string(" AND ") + column + " > " + std::to_string(mark) : std::string();
}

// Rows whose own id is above the mark, or one of whose entries got a posting
// above the posting mark (a check from the start: every row). Ids are our
// own integers.
std::string new_or_touched(const char* id, std::initializer_list<const char*> entry_ids, long long mark,
                           long long posting_mark) {
  if (mark == 0 && posting_mark == 0) return " WHERE 1 = 1";
  std::string out = std::string(" WHERE (") + id + " > " + std::to_string(mark);
  for (const char* entry_id : entry_ids) {
    out += std::string(" OR ") + entry_id + " IN (SELECT entry_id FROM posting WHERE id > " +
           std::to_string(posting_mark) + ")";
  }
  return out + ")";
}

// 1. Entries: at least two postings, none of zero, balanced per currency.
// The violation of the smallest entry id is reported.
Status check_entries(Database& db, const Marks& m) {
  std::optional<std::pair<long long, std::string>> first;
  auto consider = [&](long long id, const std::string& message) {
    if (!first || id < first->first) first.emplace(id, message);
  };
  const std::string scope = new_or_touched("e.id", {"e.id"}, m.entry, m.posting);
  long long id = 0, n = 0;
  std::string kind, reference, text;
  db.sql() << "SELECT e.id, e.kind, e.reference, CAST(COUNT(p.id) AS BIGINT) FROM journal_entry e "
              "LEFT JOIN posting p ON p.entry_id = e.id" + scope + " GROUP BY e.id, e.kind, e.reference "
              "HAVING COUNT(p.id) < 2 ORDER BY e.id LIMIT 1",
      soci::into(id), soci::into(kind), soci::into(reference), soci::into(n);
  if (db.sql().got_data()) {
    consider(id, entry_name(id, kind, reference) + " has " + std::to_string(n) +
                     " posting(s); an entry needs at least two");
  }
  db.sql() << "SELECT e.id, e.kind, e.reference, p.account FROM posting p JOIN journal_entry e "
              "ON e.id = p.entry_id" + scope + " AND p.amount_minor = 0 ORDER BY e.id, p.id LIMIT 1",
      soci::into(id), soci::into(kind), soci::into(reference), soci::into(text);
  if (db.sql().got_data()) consider(id, entry_name(id, kind, reference) + " posts 0 to " + text);
  db.sql() << "SELECT e.id, e.kind, e.reference, p.currency, CAST(SUM(p.amount_minor) AS BIGINT) "
              "FROM posting p JOIN journal_entry e ON e.id = p.entry_id" + scope +
              " GROUP BY e.id, e.kind, e.reference, p.currency HAVING SUM(p.amount_minor) <> 0 "
              "ORDER BY e.id, p.currency LIMIT 1",
      soci::into(id), soci::into(kind), soci::into(reference), soci::into(text), soci::into(n);
  if (db.sql().got_data()) {
    consider(id, entry_name(id, kind, reference) + " does not balance in " + text + ": its " +
                     (n > 0 ? "debits exceed its credits" : "credits exceed its debits") + " by " +
                     money_text(n > 0 ? n : -n, text));
  }
  if (first) return violation(first->second);
  return {};
}

// Adds the rows above the marks to the sums the balance checks use.
// (The posting sums group by currency first: grouping by account first made
// SQLite walk posting_account and fetch every row by id, 3x slower on a
// large ledger; scripts/bench.sh close.)
void add_new_rows(Database& db, const Marks& m, Sums& s) {
  each_sum(db,
           "SELECT i.code, v.currency, CAST(SUM(v.amount_minor) AS BIGINT) FROM invoice v "
           "JOIN agreement a ON a.id = v.agreement_id JOIN institution i ON i.id = a.licensee_id "
           "WHERE 1 = 1" + after("v.id", m.invoice) + " GROUP BY i.code, v.currency",
           [&](const std::string& code, const std::string& cur, long long n) { s.invoiced[{code, cur}] += n; });
  each_sum(db,
           "SELECT i.code, v.currency, CAST(SUM(pa.amount_minor) AS BIGINT) FROM payment_application pa "
           "JOIN invoice v ON v.id = pa.invoice_id JOIN agreement a ON a.id = v.agreement_id "
           "JOIN institution i ON i.id = a.licensee_id WHERE 1 = 1" + after("pa.payment_id", m.payment) +
           " GROUP BY i.code, v.currency",
           [&](const std::string& code, const std::string& cur, long long n) { s.applied[{code, cur}] += n; });
  // A reversal takes its payment's applications back, whenever the payment was.
  each_sum(db,
           "SELECT i.code, v.currency, CAST(SUM(pa.amount_minor) AS BIGINT) FROM payment_reversal rv "
           "JOIN payment_application pa ON pa.payment_id = rv.payment_id JOIN invoice v ON v.id = pa.invoice_id "
           "JOIN agreement a ON a.id = v.agreement_id JOIN institution i ON i.id = a.licensee_id WHERE 1 = 1" +
               after("rv.id", m.reversal) + " GROUP BY i.code, v.currency",
           [&](const std::string& code, const std::string& cur, long long n) { s.applied[{code, cur}] -= n; });
  const std::string new_postings = after("id", m.posting);
  each_sum(db,
           "SELECT account, currency, CAST(SUM(amount_minor) AS BIGINT) FROM posting "
           "WHERE account LIKE 'assets:receivable:%'" + new_postings + " GROUP BY currency, account",
           [&](const std::string& account, const std::string& cur, long long n) {
             s.receivable[{account, cur}] += n;
           });
  each_sum(db,
           "SELECT account, currency, CAST(SUM(amount_minor) AS BIGINT) FROM posting "
           "WHERE account = 'liabilities:undistributed'" + new_postings + " GROUP BY account, currency",
           [&](const std::string&, const std::string& cur, long long n) { s.undistributed[cur] += n; });
  each_sum(db,
           "SELECT account, currency, CAST(SUM(amount_minor) AS BIGINT) FROM posting "
           "WHERE account LIKE 'liabilities:payable:%'" + new_postings + " GROUP BY currency, account",
           [&](const std::string& account, const std::string& cur, long long n) {
             s.payable[{account, cur}] += n;
           });
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

// A payment with the sums of its entry's postings by role, one row per
// payment (streamed: the check holds one payment at a time).
struct PaymentCheck {
  long long id = 0, amount = 0, jpy = 0, applied = 0;
  long long cash = 0, receivable = 0, credit = 0, undistributed = 0, distributed = 0;
  std::string reference, licensee, currency, fx_rate;
};

const char* kPaymentCheckSelect =
    "SELECT p.id, p.reference, i.code, p.currency, p.amount_minor, p.fx_rate, p.jpy_minor, "
    "CAST(COALESCE((SELECT SUM(pa.amount_minor) FROM payment_application pa WHERE pa.payment_id = p.id), 0) "
    "AS BIGINT), "
    "CAST(COALESCE(SUM(CASE WHEN po.currency = p.currency AND po.account = 'assets:cash:' || p.currency "
    "THEN po.amount_minor END), 0) AS BIGINT), "
    "CAST(COALESCE(SUM(CASE WHEN po.currency = p.currency AND po.account = 'assets:receivable:' || i.code "
    "THEN po.amount_minor END), 0) AS BIGINT), "
    "CAST(COALESCE(SUM(CASE WHEN po.currency = p.currency AND po.account = "
    "'liabilities:licensee-credit:' || i.code THEN po.amount_minor END), 0) AS BIGINT), "
    "CAST(COALESCE(SUM(CASE WHEN po.currency = p.currency AND po.account = 'liabilities:undistributed' "
    "THEN po.amount_minor END), 0) AS BIGINT), "
    "CAST(COALESCE(SUM(CASE WHEN po.currency = 'JPY' AND (po.account LIKE 'income:%' OR po.account LIKE "
    "'liabilities:payable:%') THEN po.amount_minor END), 0) AS BIGINT) "
    "FROM payment p JOIN agreement a ON a.id = p.agreement_id JOIN institution i ON i.id = a.licensee_id "
    "LEFT JOIN posting po ON po.entry_id = p.entry_id";
const char* kPaymentCheckGroup =
    " GROUP BY p.id, p.reference, i.code, p.currency, p.amount_minor, p.fx_rate, p.jpy_minor ORDER BY p.id";

// The JPY value of `amount` of a payment (JPY: itself).
Result<std::int64_t> jpy_value(const PaymentCheck& p, std::int64_t amount) {
  if (p.currency == "JPY" || amount == 0) return amount;
  auto currency = Currency::of(p.currency);
  if (!currency) return currency.error();
  return to_jpy_minor(Money(amount, currency.value()), p.fx_rate);
}

// 3. Every payment fully posted and distributed.
Status check_payment(const PaymentCheck& p) {
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

Status check_payments(Database& db, const Marks& m) {
  PaymentCheck p;
  soci::indicator fx_i = soci::i_null;
  soci::statement st = (db.sql().prepare << std::string(kPaymentCheckSelect) +
                                                new_or_touched("p.id", {"p.entry_id"}, m.payment, m.posting) +
                                                kPaymentCheckGroup,
                        soci::into(p.id), soci::into(p.reference), soci::into(p.licensee), soci::into(p.currency),
                        soci::into(p.amount), soci::into(p.fx_rate, fx_i), soci::into(p.jpy),
                        soci::into(p.applied), soci::into(p.cash), soci::into(p.receivable),
                        soci::into(p.credit), soci::into(p.undistributed), soci::into(p.distributed));
  st.execute();
  while (st.fetch()) {
    if (fx_i != soci::i_ok) p.fx_rate.clear();
    if (auto s = check_payment(p); !s) return s;
  }
  return {};
}

// 3b. Every reversal posts the exact negation of its original's entry (a
// payment's, or a payout's): per account and currency, the two entries sum
// to zero. `what` names the original ("payment"); its table is `what`, the
// reversals' `what`_reversal.
Status check_reversals(Database& db, const std::string& what, long long mark, long long posting_mark) {
  std::string reference, account, currency;
  long long sum = 0;
  db.sql() << "SELECT o.reference, x.account, x.currency, CAST(SUM(x.amount_minor) AS BIGINT) FROM " + what +
                  "_reversal rv JOIN " + what + " o ON o.id = rv." + what +
                  "_id JOIN posting x ON x.entry_id = o.entry_id OR x.entry_id = rv.entry_id" +
                  new_or_touched("rv.id", {"rv.entry_id", "o.entry_id"}, mark, posting_mark) +
                  " GROUP BY rv.id, o.reference, x.account, x.currency HAVING SUM(x.amount_minor) <> 0 "
                  "ORDER BY rv.id, x.account, x.currency",
      soci::into(reference), soci::into(account), soci::into(currency), soci::into(sum);
  if (!db.sql().got_data()) return {};
  return violation("the reversal of " + what + " " + reference + " does not undo it: " + account +
                   " is left moved by " + money_text(sum, currency));
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

// 5. Every payout's postings move exactly its amount: out of the payable,
// out of JPY cash.
Status check_payouts(Database& db, const Marks& m) {
  std::string reference, institution;
  long long amount = 0, payable = 0, cash = 0;
  soci::statement st = (db.sql().prepare <<
      "SELECT po.reference, i.code, po.amount_minor, "
      "CAST(COALESCE(SUM(CASE WHEN p.currency = 'JPY' AND p.account = 'liabilities:payable:' || i.code "
      "THEN p.amount_minor END), 0) AS BIGINT), "
      "CAST(COALESCE(SUM(CASE WHEN p.currency = 'JPY' AND p.account = 'assets:cash:JPY' "
      "THEN p.amount_minor END), 0) AS BIGINT) "
      "FROM payout po JOIN institution i ON i.id = po.institution_id LEFT JOIN posting p "
      "ON p.entry_id = po.entry_id" + new_or_touched("po.id", {"po.entry_id"}, m.payout, m.posting) +
      " GROUP BY po.id, po.reference, i.code, po.amount_minor ORDER BY po.id",
      soci::into(reference), soci::into(institution), soci::into(amount), soci::into(payable),
      soci::into(cash));
  st.execute();
  while (st.fetch()) {
    if (payable != amount || cash != -amount) {
      return violation("payout " + reference + " of " + jpy_text(amount) + " to " + institution +
                       " is posted as " + jpy_text(payable) + " on its payable and " + jpy_text(-cash) +
                       " out of cash");
    }
  }
  return {};
}

// The checks in their documented order, over the rows above `m`, with the
// balances on `sums` (which must hold the sums up to `m`) plus the new rows.
Status check_since(Database& db, const Marks& m, Sums& sums) {
  if (auto s = check_entries(db, m); !s) return s;
  add_new_rows(db, m, sums);
  if (auto s = check_receivables(sums); !s) return s;
  if (auto s = check_payments(db, m); !s) return s;
  if (auto s = check_reversals(db, "payment", m.reversal, m.posting); !s) return s;
  if (auto s = check_payables(sums); !s) return s;
  if (auto s = check_payouts(db, m); !s) return s;
  return check_reversals(db, "payout", m.payout_reversal, m.posting);
}

LedgerSummary ledger_summary(Database& db) {
  LedgerSummary s;
  auto count = [&](const char* table) {
    long long n = 0;
    db.sql() << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM ") + table, soci::into(n);
    return n;
  };
  s.entries = count("journal_entry");
  s.postings = count("posting");
  s.payments = count("payment");
  s.payouts = count("payout");
  s.invoices = count("invoice");
  LedgerSummary::CurrencyTotal t;
  long long debits = 0, credits = 0;
  soci::statement st = (db.sql().prepare <<
      "SELECT currency, CAST(SUM(CASE WHEN amount_minor > 0 THEN amount_minor ELSE 0 END) AS BIGINT), "
      "CAST(SUM(CASE WHEN amount_minor < 0 THEN -amount_minor ELSE 0 END) AS BIGINT) FROM posting "
      "GROUP BY currency ORDER BY currency",
      soci::into(t.currency), soci::into(debits), soci::into(credits));
  st.execute();
  while (st.fetch()) {
    t.debits_minor = debits;
    t.credits_minor = credits;
    s.currencies.push_back(t);
  }
  return s;
}

// ---- checkpoints ---------------------------------------------------------------------------------

constexpr std::pair<const char*, std::map<Sums::Key, int128> Sums::*> kKeyedSums[] = {
    {"invoiced", &Sums::invoiced},
    {"applied", &Sums::applied},
    {"receivable", &Sums::receivable},
    {"payable", &Sums::payable},
};

// The latest checkpoint's marks and sums (none yet: zero marks, no sums).
void load_checkpoint(Database& db, Marks& m, Sums& s) {
  std::string month;
  soci::indicator month_i = soci::i_null;
  db.sql() << "SELECT MAX(month) FROM ledger_checkpoint", soci::into(month, month_i);
  if (month_i != soci::i_ok) return;
  db.sql() << "SELECT entry_id, posting_id, invoice_id, payment_id, payout_id, reversal_id, payout_reversal_id "
              "FROM ledger_checkpoint WHERE month = :m",
      soci::use(month), soci::into(m.entry), soci::into(m.posting), soci::into(m.invoice),
      soci::into(m.payment), soci::into(m.payout), soci::into(m.reversal), soci::into(m.payout_reversal);
  std::string kind, key, currency;
  long long amount = 0;
  soci::statement st = (db.sql().prepare << "SELECT kind, account_key, currency, amount_minor "
                                            "FROM ledger_checkpoint_sum WHERE month = :m",
                        soci::use(month), soci::into(kind), soci::into(key), soci::into(currency),
                        soci::into(amount));
  st.execute();
  while (st.fetch()) {
    if (kind == "undistributed") {
      s.undistributed[currency] += amount;
      continue;
    }
    for (const auto& [name, member] : kKeyedSums) {
      if (kind == name) (s.*member)[{key, currency}] += amount;
    }
  }
}

long long max_id(Database& db, const char* table, const char* column = "id") {
  long long n = 0;
  db.sql() << std::string("SELECT CAST(COALESCE(MAX(") + column + "), 0) AS BIGINT) FROM " + table, soci::into(n);
  return n;
}

void write_checkpoint(Database& db, const std::string& month, const Sums& s) {
  Marks m;
  m.entry = max_id(db, "journal_entry");
  m.posting = max_id(db, "posting");
  m.invoice = max_id(db, "invoice");
  m.payment = max_id(db, "payment");
  m.payout = max_id(db, "payout");
  m.reversal = max_id(db, "payment_reversal");
  m.payout_reversal = max_id(db, "payout_reversal");
  const std::string at = utc_timestamp();
  db.sql() << "INSERT INTO ledger_checkpoint (month, entry_id, posting_id, invoice_id, payment_id, payout_id, "
              "reversal_id, payout_reversal_id, created_at) VALUES (:m, :e, :p, :i, :y, :o, :v, :w, :a)",
      soci::use(month), soci::use(m.entry), soci::use(m.posting), soci::use(m.invoice), soci::use(m.payment),
      soci::use(m.payout), soci::use(m.reversal), soci::use(m.payout_reversal), soci::use(at);
  std::string kind, key, currency;
  long long amount = 0;
  soci::statement insert = (db.sql().prepare << "INSERT INTO ledger_checkpoint_sum (month, kind, account_key, "
                                                "currency, amount_minor) VALUES (:m, :k, :a, :c, :n)",
                            soci::use(month), soci::use(kind), soci::use(key), soci::use(currency),
                            soci::use(amount));
  auto put = [&](const char* k, const std::string& account, const std::string& cur, int128 n) {
    if (n > INT64_MAX || n < INT64_MIN) {
      throw std::overflow_error("ledger checkpoint: the " + std::string(k) + " sum of " + account + " in " + cur +
                                " does not fit 64 bits");
    }
    kind = k;
    key = account;
    currency = cur;
    amount = static_cast<long long>(n);
    insert.execute(true);
  };
  for (const auto& [name, member] : kKeyedSums) {
    for (const auto& [k, n] : s.*member) put(name, k.first, k.second, n);
  }
  for (const auto& [cur, n] : s.undistributed) put("undistributed", undistributed_account(), cur, n);
}

}  // namespace

Result<LedgerSummary> verify_ledger(Database& db) {
  ReadSnapshot snapshot(db);
  Sums sums;
  if (auto s = check_since(db, Marks{}, sums); !s) return s.error();
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
  load_checkpoint(db, marks, sums);
  if (auto s = check_since(db, marks, sums); !s) return s;
  write_checkpoint(db, month, sums);
  return {};
}

}  // namespace chizai
