#include "store/journal_store.h"

#include <soci/soci.h>

#include <initializer_list>
#include <map>
#include <tuple>
#include <utility>

#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {
namespace {

// Looks up ids by business key once per entry.
std::optional<long long> id_of(Database& db, const char* sql, const std::string& key) {
  long long id = 0;
  soci_session(db) << sql, soci::use(key), soci::into(id);
  if (!soci_session(db).got_data()) return std::nullopt;
  return id;
}

// Rows of (text, text, integer).
template <class Fn>
void each_sum(Database& db, const std::string& sql, Fn fn) {
  std::string a, b;
  long long n = 0;
  soci::statement st = (soci_session(db).prepare << sql, soci::into(a), soci::into(b), soci::into(n));
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

std::string entry_scope(const LedgerMarks& m) { return new_or_touched("e.id", {"e.id"}, m.entry, m.posting); }

}  // namespace

std::optional<std::string> last_closed_month(Database& db) {
  std::string month;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT MAX(month) FROM closed_month", soci::into(month, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return month;
}

std::optional<Date> first_open_day(Database& db) {
  const auto month = last_closed_month(db);
  if (!month) return std::nullopt;
  return stored_date(*month + "-01").month_end().add_days(1);
}

Status check_month_open(Database& db, Date day) {
  // PostgreSQL: a close holds closed_month in EXCLUSIVE mode until it
  // commits; a SHARE lock here waits for it, so nothing slips into a month
  // being closed. (SQLite writers are serialised already.)
  if (db.backend() == Backend::kPostgres && db.in_transaction()) {
    soci_session(db) << "LOCK TABLE closed_month IN SHARE MODE";
  }
  const auto closed = last_closed_month(db);
  if (closed && month_of(day) <= *closed) {
    return make_error(ErrorKind::kRefused, "month_closed", "cannot post on " + day.to_string() + ": " + *closed +
                                          " is closed (months up to it are locked)");
  }
  return {};
}

std::optional<Date> earliest_posting_day(Database& db) {
  std::string day;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT MIN(posted_on) FROM journal_entry", soci::into(day, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return stored_date(day);
}

namespace {

std::vector<std::string> distinct_strings(Database& db, const std::string& sql) {
  std::string value;
  soci::statement st = (soci_session(db).prepare << sql, soci::into(value));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(value);
  return out;
}

}  // namespace

std::vector<std::string> posting_currencies(Database& db) {
  return distinct_strings(db, "SELECT DISTINCT currency FROM posting");
}

std::vector<std::string> posting_accounts(Database& db) {
  return distinct_strings(db, "SELECT DISTINCT account FROM posting");
}

Status for_each_entry(Database& db, const std::optional<Date>& until,
                      const std::function<Status(long long id, const JournalEntry& entry)>& fn) {
  long long id = 0, amount = 0;
  std::string day, kind, reference, description;
  Posting p;
  const std::string last = until ? until->to_string() : std::string();
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare
       << "SELECT e.id, e.posted_on, e.kind, e.reference, e.description, p.account, p.currency, p.amount_minor, "
          "COALESCE(p.fx_rate, ''), COALESCE(i.code, ''), COALESCE(a.reference, ''), "
          "COALESCE(pt.application_number, ''), COALESCE(p.income_type, ''), COALESCE(p.share, ''), "
          "COALESCE(p.payment_reference, '') "
          "FROM journal_entry e JOIN posting p ON p.entry_id = e.id "
          "LEFT JOIN institution i ON i.id = p.institution_id "
          "LEFT JOIN agreement a ON a.id = p.agreement_id "
          "LEFT JOIN patent pt ON pt.id = p.patent_id"
       << (until ? " WHERE e.posted_on <= :u" : "") << " ORDER BY e.posted_on, e.id, p.id");
  prep, soci::into(id), soci::into(day), soci::into(kind), soci::into(reference), soci::into(description),
      soci::into(p.account), soci::into(p.currency), soci::into(amount), soci::into(p.fx_rate),
      soci::into(p.institution), soci::into(p.agreement), soci::into(p.patent), soci::into(p.income_type),
      soci::into(p.share), soci::into(p.payment_reference);
  if (until) prep, soci::use(last);
  soci::statement st(prep);
  st.execute();
  JournalEntry e;
  long long current = -1;
  while (st.fetch()) {
    if (id != current) {
      if (current >= 0) {
        if (auto s = fn(current, e); !s) return s;
      }
      current = id;
      e = JournalEntry{stored_date(day), kind, reference, description, {}};
    }
    p.amount_minor = amount;
    e.postings.push_back(p);
  }
  if (current >= 0) return fn(current, e);
  return {};
}

void hold_off_month_close(Database& db) {
  if (db.backend() == Backend::kPostgres) soci_session(db) << "LOCK TABLE closed_month IN ROW SHARE MODE";
}

Result<long long> post_journal_entry(Database& db, const JournalEntry& entry) {
  if (auto s = check_balanced(entry); !s) return s.error();
  hold_off_month_close(db);  // normally already held: the caller took it first
  if (auto s = check_month_open(db, entry.posted_on); !s) return s.error();
  std::map<std::string, std::optional<long long>> institutions, agreements, patents;
  auto resolve = [&](auto& cache, const char* sql, const std::string& key) -> std::optional<long long> {
    if (key.empty()) return std::nullopt;
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, id_of(db, sql, key)).first;
    return it->second;
  };
  for (const auto& p : entry.postings) {
    if (!p.institution.empty() &&
        !resolve(institutions, "SELECT id FROM institution WHERE code = :k", p.institution)) {
      return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + p.institution + "'");
    }
    if (!p.agreement.empty() &&
        !resolve(agreements, "SELECT id FROM agreement WHERE reference = :k", p.agreement)) {
      return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + p.agreement + "'");
    }
    if (!p.patent.empty() &&
        !resolve(patents, "SELECT id FROM patent WHERE application_number = :k", p.patent)) {
      return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + p.patent + "'");
    }
  }
  const std::string posted = entry.posted_on.to_string(), at = utc_timestamp();
  long long entry_id = 0;
  if (db.backend() == Backend::kPostgres) {
    soci_session(db) << "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) "
                "VALUES (:d, :k, :r, :s, :a) RETURNING id",
        soci::use(posted), soci::use(entry.kind), soci::use(entry.reference),
        soci::use(entry.description), soci::use(at), soci::into(entry_id);
  } else {
    soci_session(db) << "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) "
                "VALUES (:d, :k, :r, :s, :a)",
        soci::use(posted), soci::use(entry.kind), soci::use(entry.reference),
        soci::use(entry.description), soci::use(at);
    soci_session(db).get_last_insert_id("journal_entry", entry_id);
  }
  for (const auto& p : entry.postings) {
    auto text_or_null = [](const std::string& s) { return s.empty() ? soci::i_null : soci::i_ok; };
    auto id_or_null = [](const std::optional<long long>& id) { return id ? soci::i_ok : soci::i_null; };
    const auto inst = resolve(institutions, "", p.institution);
    const auto agr = resolve(agreements, "", p.agreement);
    const auto pat = resolve(patents, "", p.patent);
    const long long inst_id = inst.value_or(0), agr_id = agr.value_or(0), pat_id = pat.value_or(0);
    const long long amount = p.amount_minor;
    soci::indicator fx_i = text_or_null(p.fx_rate), inst_i = id_or_null(inst), agr_i = id_or_null(agr),
                    pat_i = id_or_null(pat), type_i = text_or_null(p.income_type),
                    share_i = text_or_null(p.share), pay_i = text_or_null(p.payment_reference);
    soci_session(db) << "INSERT INTO posting (entry_id, account, currency, amount_minor, fx_rate, "
                "institution_id, agreement_id, patent_id, income_type, share, payment_reference) "
                "VALUES (:e, :a, :c, :m, :fx, :i, :g, :p, :t, :s, :r)",
        soci::use(entry_id), soci::use(p.account), soci::use(p.currency), soci::use(amount),
        soci::use(p.fx_rate, fx_i), soci::use(inst_id, inst_i), soci::use(agr_id, agr_i),
        soci::use(pat_id, pat_i), soci::use(p.income_type, type_i), soci::use(p.share, share_i),
        soci::use(p.payment_reference, pay_i);
  }
  return entry_id;
}

std::vector<Posting> entry_postings(Database& db, long long entry_id) {
  std::vector<Posting> out;
  Posting p;
  long long amount = 0;
  soci::indicator fx_i = soci::i_null, inst_i = soci::i_null, agr_i = soci::i_null, pat_i = soci::i_null,
                  type_i = soci::i_null, share_i = soci::i_null, pay_i = soci::i_null;
  soci::statement st = (soci_session(db).prepare <<
      "SELECT p.account, p.currency, p.amount_minor, p.fx_rate, i.code, a.reference, t.application_number, "
      "p.income_type, p.share, p.payment_reference FROM posting p "
      "LEFT JOIN institution i ON i.id = p.institution_id LEFT JOIN agreement a ON a.id = p.agreement_id "
      "LEFT JOIN patent t ON t.id = p.patent_id WHERE p.entry_id = :e ORDER BY p.id",
      soci::into(p.account), soci::into(p.currency), soci::into(amount), soci::into(p.fx_rate, fx_i),
      soci::into(p.institution, inst_i), soci::into(p.agreement, agr_i), soci::into(p.patent, pat_i),
      soci::into(p.income_type, type_i), soci::into(p.share, share_i),
      soci::into(p.payment_reference, pay_i), soci::use(entry_id));
  st.execute();
  while (st.fetch()) {
    Posting row = p;
    row.amount_minor = amount;
    const std::pair<soci::indicator, std::string Posting::*> texts[] = {
        {fx_i, &Posting::fx_rate},         {inst_i, &Posting::institution}, {agr_i, &Posting::agreement},
        {pat_i, &Posting::patent},         {type_i, &Posting::income_type}, {share_i, &Posting::share},
        {pay_i, &Posting::payment_reference}};
    for (const auto& [ind, member] : texts) {
      if (ind != soci::i_ok) (row.*member).clear();
    }
    out.push_back(std::move(row));
  }
  return out;
}

// ---- the ledger check's reads --------------------------------------------------------------------

std::optional<EntryFault> first_short_entry(Database& db, const LedgerMarks& m) {
  EntryFault f;
  soci_session(db) << "SELECT e.id, e.kind, e.reference, CAST(COUNT(p.id) AS BIGINT) FROM journal_entry e "
              "LEFT JOIN posting p ON p.entry_id = e.id" + entry_scope(m) + " GROUP BY e.id, e.kind, e.reference "
              "HAVING COUNT(p.id) < 2 ORDER BY e.id LIMIT 1",
      soci::into(f.entry_id), soci::into(f.kind), soci::into(f.reference), soci::into(f.n);
  if (!soci_session(db).got_data()) return std::nullopt;
  return f;
}

std::optional<EntryFault> first_zero_posting(Database& db, const LedgerMarks& m) {
  EntryFault f;
  soci_session(db) << "SELECT e.id, e.kind, e.reference, p.account FROM posting p JOIN journal_entry e "
              "ON e.id = p.entry_id" + entry_scope(m) + " AND p.amount_minor = 0 ORDER BY e.id, p.id LIMIT 1",
      soci::into(f.entry_id), soci::into(f.kind), soci::into(f.reference), soci::into(f.text);
  if (!soci_session(db).got_data()) return std::nullopt;
  return f;
}

std::optional<EntryFault> first_unbalanced_entry(Database& db, const LedgerMarks& m) {
  EntryFault f;
  soci_session(db) << "SELECT e.id, e.kind, e.reference, p.currency, CAST(SUM(p.amount_minor) AS BIGINT) "
              "FROM posting p JOIN journal_entry e ON e.id = p.entry_id" + entry_scope(m) +
              " GROUP BY e.id, e.kind, e.reference, p.currency HAVING SUM(p.amount_minor) <> 0 "
              "ORDER BY e.id, p.currency LIMIT 1",
      soci::into(f.entry_id), soci::into(f.kind), soci::into(f.reference), soci::into(f.text), soci::into(f.n);
  if (!soci_session(db).got_data()) return std::nullopt;
  return f;
}

std::optional<EntryFault> first_negative_credit(Database& db) {
  EntryFault f;
  soci_session(db) << "SELECT account, currency, CAST(SUM(amount_minor) AS BIGINT) FROM posting "
              "WHERE account >= 'liabilities:licensee-credit:' AND account < 'liabilities:licensee-credit;' "
              "GROUP BY account, currency HAVING SUM(amount_minor) > 0 ORDER BY account, currency LIMIT 1",
      soci::into(f.text), soci::into(f.kind), soci::into(f.n);
  if (!soci_session(db).got_data()) return std::nullopt;
  return f;
}

// The agreement part of a running balance's key, and the accounts that
// have one (as sql/0031's trigger).
constexpr const char* kBalanceAgreementKey =
    "CASE WHEN account LIKE 'liabilities:licensee-credit:%' THEN COALESCE(agreement_id, 0) ELSE 0 END";
constexpr const char* kBalanceAccounts =
    "(account LIKE 'liabilities:payable:%' OR account LIKE 'liabilities:licensee-credit:%' OR "
    "account LIKE 'income:cost-recovery:%')";

std::optional<BalanceFault> first_balance_mismatch(Database& db) {
  const std::string sums =
      "(SELECT account, currency, " + std::string(kBalanceAgreementKey) + " AS g, "
      "CAST(SUM(amount_minor) AS BIGINT) AS total FROM posting WHERE " + std::string(kBalanceAccounts) +
      " GROUP BY account, currency, " +
      std::string(kBalanceAgreementKey) + ")";
  std::optional<BalanceFault> first;
  auto consider = [&](const std::string& sql) {
    BalanceFault f;
    long long agreement_id = 0;
    soci_session(db) << sql, soci::into(f.account), soci::into(f.currency), soci::into(agreement_id),
        soci::into(f.stored), soci::into(f.posted);
    if (!soci_session(db).got_data()) return;
    if (agreement_id != 0) {
      soci::indicator ind = soci::i_null;
      soci_session(db) << "SELECT reference FROM agreement WHERE id = :g", soci::use(agreement_id),
          soci::into(f.agreement, ind);
      if (ind != soci::i_ok) f.agreement = "#" + std::to_string(agreement_id);
    }
    if (!first || std::tie(f.account, f.currency, f.agreement) < std::tie(first->account, first->currency, first->agreement)) {
      first = f;
    }
  };
  consider("SELECT b.account, b.currency, b.agreement_id, b.balance_minor, COALESCE(s.total, 0) "
           "FROM account_balance b LEFT JOIN " + sums + " s ON s.account = b.account AND s.currency = b.currency "
           "AND s.g = b.agreement_id WHERE b.balance_minor <> COALESCE(s.total, 0) "
           "ORDER BY b.account, b.currency, b.agreement_id LIMIT 1");
  consider("SELECT s.account, s.currency, s.g, CAST(0 AS BIGINT), s.total FROM " + sums + " s WHERE s.total <> 0 "
           "AND NOT EXISTS (SELECT 1 FROM account_balance b WHERE b.account = s.account AND b.currency = s.currency "
           "AND b.agreement_id = s.g) ORDER BY s.account, s.currency, s.g LIMIT 1");
  return first;
}

// (The posting sums group by currency first: grouping by account first made
// SQLite walk posting_account and fetch every row by id, 3x slower on a
// large ledger; scripts/bench.sh close.)
void add_ledger_sums_since(Database& db, const LedgerMarks& m, LedgerSums& s) {
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
  // Licensee credit applied to invoices settles them as payments do.
  each_sum(db,
           "SELECT i.code, ca.currency, CAST(SUM(ca.amount_minor) AS BIGINT) FROM credit_application ca "
           "JOIN agreement a ON a.id = ca.agreement_id JOIN institution i ON i.id = a.licensee_id WHERE 1 = 1" +
               after("ca.id", m.credit_application) + " GROUP BY i.code, ca.currency",
           [&](const std::string& code, const std::string& cur, long long n) { s.applied[{code, cur}] += n; });
  // A credit note turned into licensee credit (sql/0028, invoice_id NULL) is
  // settled by that amount, as a negative application; a netting moves
  // nothing on the licensee's total.
  each_sum(db,
           "SELECT i.code, na.currency, CAST(SUM(na.amount_minor) AS BIGINT) FROM credit_note_application na "
           "JOIN agreement a ON a.id = na.agreement_id JOIN institution i ON i.id = a.licensee_id WHERE "
           "na.invoice_id IS NULL" + after("na.id", m.credit_note_application) + " GROUP BY i.code, na.currency",
           [&](const std::string& code, const std::string& cur, long long n) { s.applied[{code, cur}] -= n; });
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

namespace {

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

}  // namespace

Status for_each_payment_since(Database& db, const LedgerMarks& m,
                              const std::function<Status(const PaymentTotals&)>& fn) {
  PaymentTotals p;
  soci::indicator fx_i = soci::i_null;
  soci::statement st = (soci_session(db).prepare << std::string(kPaymentCheckSelect) +
                                                new_or_touched("p.id", {"p.entry_id"}, m.payment, m.posting) +
                                                kPaymentCheckGroup,
                        soci::into(p.id), soci::into(p.reference), soci::into(p.licensee), soci::into(p.currency),
                        soci::into(p.amount), soci::into(p.fx_rate, fx_i), soci::into(p.jpy),
                        soci::into(p.applied), soci::into(p.cash), soci::into(p.receivable),
                        soci::into(p.credit), soci::into(p.undistributed), soci::into(p.distributed));
  st.execute();
  while (st.fetch()) {
    if (fx_i != soci::i_ok) p.fx_rate.clear();
    if (auto s = fn(p); !s) return s;
  }
  return {};
}

Status for_each_payout_since(Database& db, const LedgerMarks& m,
                             const std::function<Status(const PayoutTotals&)>& fn) {
  PayoutTotals t;
  soci::statement st = (soci_session(db).prepare <<
      "SELECT po.reference, i.code, po.amount_minor, "
      "CAST(COALESCE(SUM(CASE WHEN p.currency = 'JPY' AND p.account = 'liabilities:payable:' || i.code "
      "THEN p.amount_minor END), 0) AS BIGINT), "
      "CAST(COALESCE(SUM(CASE WHEN p.currency = 'JPY' AND p.account = 'assets:cash:JPY' "
      "THEN p.amount_minor END), 0) AS BIGINT) "
      "FROM payout po JOIN institution i ON i.id = po.institution_id LEFT JOIN posting p "
      "ON p.entry_id = po.entry_id" + new_or_touched("po.id", {"po.entry_id"}, m.payout, m.posting) +
      " GROUP BY po.id, po.reference, i.code, po.amount_minor ORDER BY po.id",
      soci::into(t.reference), soci::into(t.institution), soci::into(t.amount), soci::into(t.payable),
      soci::into(t.cash));
  st.execute();
  while (st.fetch()) {
    if (auto s = fn(t); !s) return s;
  }
  return {};
}

std::optional<ReversalFault> first_failed_reversal(Database& db, const std::string& what, long long mark,
                                                   long long posting_mark) {
  ReversalFault f;
  soci_session(db) << "SELECT o.reference, x.account, x.currency, CAST(SUM(x.amount_minor) AS BIGINT) FROM " + what +
                  "_reversal rv JOIN " + what + " o ON o.id = rv." + what +
                  "_id JOIN posting x ON x.entry_id = o.entry_id OR x.entry_id = rv.entry_id" +
                  new_or_touched("rv.id", {"rv.entry_id", "o.entry_id"}, mark, posting_mark) +
                  " GROUP BY rv.id, o.reference, x.account, x.currency HAVING SUM(x.amount_minor) <> 0 "
                  "ORDER BY rv.id, x.account, x.currency",
      soci::into(f.reference), soci::into(f.account), soci::into(f.currency), soci::into(f.sum);
  if (!soci_session(db).got_data()) return std::nullopt;
  return f;
}

LedgerSummary ledger_summary(Database& db) {
  LedgerSummary s;
  auto count = [&](const char* table) {
    long long n = 0;
    soci_session(db) << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM ") + table, soci::into(n);
    return n;
  };
  s.entries = count("journal_entry");
  s.postings = count("posting");
  s.payments = count("payment");
  s.payouts = count("payout");
  s.invoices = count("invoice");
  LedgerSummary::CurrencyTotal t;
  long long debits = 0, credits = 0;
  soci::statement st = (soci_session(db).prepare <<
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

LedgerMarks ledger_marks_now(Database& db) {
  auto max_id = [&](const char* table) {
    long long n = 0;
    soci_session(db) << std::string("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM ") + table, soci::into(n);
    return n;
  };
  LedgerMarks m;
  m.entry = max_id("journal_entry");
  m.posting = max_id("posting");
  m.invoice = max_id("invoice");
  m.payment = max_id("payment");
  m.payout = max_id("payout");
  m.reversal = max_id("payment_reversal");
  m.payout_reversal = max_id("payout_reversal");
  m.credit_application = max_id("credit_application");
  m.credit_note_application = max_id("credit_note_application");
  return m;
}

}  // namespace chizai
