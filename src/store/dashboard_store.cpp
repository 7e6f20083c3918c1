#include "store/dashboard_store.h"

#include <soci/soci.h>

#include "ledger/journal.h"
#include "store/session.h"

namespace chizai {

long long approved_not_aggregated(Database& db, const std::string& institution) {
  long long n = 0;
  std::string sql =
      "SELECT CAST(COUNT(*) AS BIGINT) FROM patent p WHERE NOT EXISTS (SELECT 1 FROM aggregation a WHERE a.patent_id = p.id) "
      "AND (SELECT e.decision FROM evaluation e WHERE e.patent_id = p.id "
      "ORDER BY e.evaluated_on DESC, e.id DESC LIMIT 1) = 'approve'";
  if (institution.empty()) {
    soci_session(db) << sql, soci::into(n);
  } else {
    sql += " AND EXISTS (SELECT 1 FROM patent_owner po JOIN institution i ON i.id = po.institution_id "
           "WHERE po.patent_id = p.id AND i.code = :c)";
    soci_session(db) << sql, soci::use(institution), soci::into(n);
  }
  return n;
}

long long statements_closed_in(Database& db, const std::string& month, const std::string& institution) {
  long long n = 0;
  std::string sql =
      "SELECT CAST(COUNT(*) AS BIGINT) FROM statement s JOIN closed_month c ON c.month = s.month "
      "WHERE substr(c.closed_at, 1, 7) = :m";
  if (institution.empty()) {
    soci_session(db) << sql, soci::use(month), soci::into(n);
  } else {
    sql += " AND s.institution_id = (SELECT id FROM institution WHERE code = :c)";
    soci_session(db) << sql, soci::use(month), soci::use(institution), soci::into(n);
  }
  return n;
}

std::vector<MonthIncome> income_by_month(Database& db, const std::string& institution) {
  const std::string payable = payable_account("");
  std::string accounts;
  std::string account;
  if (institution.empty()) {
    // No LIKE: its case folding and collations differ between the backends.
    accounts = "(substr(p.account, 1, " + std::to_string(payable.size()) + ") = '" + payable +
               "' OR substr(p.account, 1, 7) = 'income:')";
  } else {
    accounts = "p.account = :a";
    account = payable_account(institution);
  }
  const std::string sql =
      "SELECT substr(e.posted_on, 1, 7), CAST(SUM(p.amount_minor) AS BIGINT) FROM posting p "
      "JOIN journal_entry e ON e.id = p.entry_id WHERE e.kind IN ('payment', 'payment_reversal', 'credit_application') "
      "AND p.currency = 'JPY' AND " + accounts + " GROUP BY substr(e.posted_on, 1, 7) ORDER BY 1";
  std::string month;
  long long sum = 0;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(month), soci::into(sum);
  if (!institution.empty()) prep, soci::use(account);
  soci::statement st(prep);
  st.execute();
  std::vector<MonthIncome> out;
  // Credits to a liability or an income account are negative postings.
  while (st.fetch()) out.push_back({month, -sum});
  return out;
}

}  // namespace chizai
