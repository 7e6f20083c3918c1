#include "store/close_store.h"

#include <soci/soci.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "ledger/journal.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {
namespace {

const std::string kPayablePrefix = payable_account("");  // "liabilities:payable:"

const std::string kCostRecoveryPrefix = cost_recovery_account("");  // "income:cost-recovery:"

// SQL matching postings to any institution's payable (no LIKE: its case
// folding and collations differ between the backends), and with
// `aggregator_income` the aggregator's income accounts too.
std::string payable_filter(const std::string* only, bool aggregator_income) {
  std::string out = only ? "p.account = :a"
                         : "substr(p.account, 1, " + std::to_string(kPayablePrefix.size()) + ") = '" +
                               kPayablePrefix + "'";
  if (!aggregator_income) return out;
  return "(" + out + " OR p.account = '" + aggregator_income_account() + "' OR substr(p.account, 1, " +
         std::to_string(kCostRecoveryPrefix.size()) + ") = '" + kCostRecoveryPrefix + "')";
}

constexpr std::pair<const char*, std::map<LedgerSums::Key, int128> LedgerSums::*> kKeyedSums[] = {
    {"invoiced", &LedgerSums::invoiced},
    {"applied", &LedgerSums::applied},
    {"receivable", &LedgerSums::receivable},
    {"payable", &LedgerSums::payable},
};

}  // namespace

void lock_months_for_close(Database& db) {
  if (db.backend() == Backend::kPostgres) soci_session(db) << "LOCK TABLE closed_month IN EXCLUSIVE MODE";
}

std::optional<std::string> month_closed_at(Database& db, const std::string& month) {
  std::string at;
  soci_session(db) << "SELECT closed_at FROM closed_month WHERE month = :m", soci::use(month), soci::into(at);
  if (!soci_session(db).got_data()) return std::nullopt;
  return at;
}

std::vector<std::string> closed_months(Database& db) {
  std::string value;
  soci::statement st = (soci_session(db).prepare << "SELECT month FROM closed_month", soci::into(value));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(value);
  return out;
}

void insert_closed_month(Database& db, const std::string& month, const std::string& closed_at) {
  soci_session(db) << "INSERT INTO closed_month (month, closed_at) VALUES (:m, :a)", soci::use(month), soci::use(closed_at);
}

std::map<std::string, StatementInstitution> statement_institutions(Database& db, const std::string* only) {
  StatementInstitution r;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << std::string("SELECT id, code, name_en, name_ja FROM institution") +
                               (only ? " WHERE code = :c" : ""));
  prep, soci::into(r.id), soci::into(r.code), soci::into(r.name_en), soci::into(r.name_ja);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::map<std::string, StatementInstitution> out;
  while (st.fetch()) out[r.code] = r;
  return out;
}

Status for_each_payable_posting(Database& db, Date start, Date end, const std::string* only,
                                const std::function<Status(const PayablePosting&)>& fn, bool aggregator_income) {
  std::string day;
  PayablePosting r;
  StatementLine& l = r.line;
  long long original_amount = 0;
  const std::string from = start.to_string(), to = end.to_string();
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare
       << "SELECT p.account, e.posted_on, e.reference, p.currency, p.amount_minor, "
          "COALESCE(a.reference, ''), COALESCE(li.code, ''), COALESCE(pk.code, ''), "
          "COALESCE(pt.application_number, ''), COALESCE(p.income_type, ''), COALESCE(p.share, ''), "
          "COALESCE(p.payment_reference, ''), COALESCE(py.currency, ''), COALESCE(py.amount_minor, 0), "
          "COALESCE(py.fx_rate, '') "
          "FROM journal_entry e JOIN posting p ON p.entry_id = e.id "
          "LEFT JOIN payment py ON py.reference = p.payment_reference AND py.currency <> 'JPY' "
          "LEFT JOIN agreement a ON a.id = p.agreement_id "
          "LEFT JOIN institution li ON li.id = a.licensee_id "
          "LEFT JOIN package pk ON pk.id = a.package_id "
          "LEFT JOIN patent pt ON pt.id = p.patent_id "
          "WHERE e.posted_on >= :s AND e.posted_on <= :e AND "
       << payable_filter(only, aggregator_income) << " ORDER BY p.id");
  prep, soci::into(r.account), soci::into(day), soci::into(r.reference), soci::into(r.currency),
      soci::into(r.amount), soci::into(l.agreement), soci::into(l.licensee), soci::into(l.package),
      soci::into(l.patent), soci::into(l.income_type), soci::into(l.share), soci::into(l.payment_reference),
      soci::into(l.original_currency), soci::into(original_amount), soci::into(l.fx_rate);
  prep, soci::use(from), soci::use(to);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    r.day = stored_date(day);
    l.original_amount = original_amount;
    if (auto s = fn(r); !s) return s;
  }
  return {};
}

std::vector<PayableSum> payable_sums_before(Database& db, Date start, const std::string* only,
                                            bool aggregator_income) {
  PayableSum r;
  const std::string from = start.to_string();
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << "SELECT p.account, p.currency, CAST(SUM(p.amount_minor) AS BIGINT) "
                           "FROM journal_entry e JOIN posting p ON p.entry_id = e.id WHERE e.posted_on < :s AND "
                        << payable_filter(only, aggregator_income) << " GROUP BY p.account, p.currency");
  prep, soci::into(r.account), soci::into(r.currency), soci::into(r.sum), soci::use(from);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::vector<PayableSum> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

std::vector<StoredStatement> stored_statements(Database& db, const std::string& month, const std::string* only) {
  StoredStatement r;
  r.month = month;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << std::string("SELECT i.code, s.sha256, s.body, s.format_version FROM statement s "
                                       "JOIN institution i ON i.id = s.institution_id WHERE s.month = :m") +
                               (only ? " AND i.code = :c" : ""));
  prep, soci::into(r.institution), soci::into(r.sha256), soci::into(r.body), soci::into(r.format_version),
      soci::use(month);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::vector<StoredStatement> out;
  while (st.fetch()) out.push_back(r);
  std::sort(out.begin(), out.end(),
            [](const StoredStatement& a, const StoredStatement& b) { return a.institution < b.institution; });
  return out;
}

Page<StoredStatement> statements_of_institution(Database& db, const std::string& institution,
                                                const PageRequest& page) {
  const long long n = fetch_limit(page);
  StoredStatement r;
  soci::statement st = (soci_session(db).prepare << "SELECT i.code, s.month, s.sha256, s.body, s.format_version "
                                            "FROM statement s JOIN institution i ON i.id = s.institution_id "
                                            "WHERE i.code = :c AND s.month > :after ORDER BY s.month LIMIT :n",
                        soci::into(r.institution), soci::into(r.month), soci::into(r.sha256), soci::into(r.body),
                        soci::into(r.format_version), soci::use(institution), soci::use(page.after), soci::use(n));
  st.execute();
  std::vector<StoredStatement> rows;
  while (st.fetch()) rows.push_back(r);
  return page_of_rows(std::move(rows), page.limit, [](const StoredStatement& x) { return x.month; });
}

void insert_statement(Database& db, long long institution_id, const std::string& month, const std::string& sha256,
                      const std::string& body, int format_version) {
  const long long version = format_version;
  soci_session(db) << "INSERT INTO statement (institution_id, month, sha256, body, format_version) "
                      "VALUES (:i, :m, :s, :b, :v)",
      soci::use(institution_id), soci::use(month), soci::use(sha256), soci::use(body), soci::use(version);
}

std::vector<ClosedMonthRow> closed_month_rows(Database& db, const PageRequest& page) {
  const long long n = fetch_limit(page);
  ClosedMonthRow r;
  std::string by;
  soci::indicator by_i = soci::i_null;
  long long statements = 0;
  // Who closed it: the change history's month.close record (one per month).
  soci::statement st =
      (soci_session(db).prepare
           << "SELECT c.month, c.closed_at, (SELECT MIN(h.actor) FROM change_log h WHERE h.action = 'month.close' "
              "AND h.entity_type = 'month' AND h.entity_key = c.month), "
              "(SELECT CAST(COUNT(*) AS BIGINT) FROM statement s WHERE s.month = c.month) "
              "FROM closed_month c WHERE c.month > :after ORDER BY c.month LIMIT :n",
       soci::into(r.month), soci::into(r.closed_at), soci::into(by, by_i), soci::into(statements),
       soci::use(page.after), soci::use(n));
  st.execute();
  std::vector<ClosedMonthRow> out;
  while (st.fetch()) {
    r.closed_by = by_i == soci::i_ok ? by : std::string();
    r.statements = statements;
    out.push_back(r);
  }
  return out;
}

void load_ledger_checkpoint(Database& db, LedgerMarks& m, LedgerSums& s) {
  std::string month;
  soci::indicator month_i = soci::i_null;
  soci_session(db) << "SELECT MAX(month) FROM ledger_checkpoint", soci::into(month, month_i);
  if (month_i != soci::i_ok) return;
  soci_session(db) << "SELECT entry_id, posting_id, invoice_id, payment_id, payout_id, reversal_id, payout_reversal_id, "
              "credit_application_id, credit_note_application_id FROM ledger_checkpoint WHERE month = :m",
      soci::use(month), soci::into(m.entry), soci::into(m.posting), soci::into(m.invoice),
      soci::into(m.payment), soci::into(m.payout), soci::into(m.reversal), soci::into(m.payout_reversal),
      soci::into(m.credit_application), soci::into(m.credit_note_application);
  std::string kind, key, currency;
  long long amount = 0;
  soci::statement st = (soci_session(db).prepare << "SELECT kind, account_key, currency, amount_minor "
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

void insert_ledger_checkpoint(Database& db, const std::string& month, const LedgerMarks& m, const LedgerSums& s) {
  const std::string at = utc_timestamp();
  soci_session(db) << "INSERT INTO ledger_checkpoint (month, entry_id, posting_id, invoice_id, payment_id, payout_id, "
              "reversal_id, payout_reversal_id, credit_application_id, credit_note_application_id, created_at) "
              "VALUES (:m, :e, :p, :i, :y, :o, :v, :w, :ca, :na, :a)",
      soci::use(month), soci::use(m.entry), soci::use(m.posting), soci::use(m.invoice), soci::use(m.payment),
      soci::use(m.payout), soci::use(m.reversal), soci::use(m.payout_reversal), soci::use(m.credit_application),
      soci::use(m.credit_note_application), soci::use(at);
  std::string kind, key, currency;
  long long amount = 0;
  soci::statement insert = (soci_session(db).prepare << "INSERT INTO ledger_checkpoint_sum (month, kind, account_key, "
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

}  // namespace chizai
