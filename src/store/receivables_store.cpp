#include "store/receivables_store.h"

#include <soci/soci.h>

#include <map>

#include "store/session.h"
#include "store/stored_values.h"

namespace chizai {

std::vector<OpenItem> open_items(Database& db, Date as_of) {
  // `as_of` is a validated date ("YYYY-MM-DD"): written into the SQL as a
  // literal, so each of its several uses needs no separate binding.
  const std::string d = "'" + as_of.to_string() + "'";
  const std::string settled =
      "(CAST(COALESCE((SELECT SUM(pa.amount_minor) FROM payment_application pa JOIN payment p ON p.id = "
      "pa.payment_id WHERE pa.invoice_id = v.id AND p.received_on <= " + d +
      " AND NOT EXISTS (SELECT 1 FROM payment_reversal rv WHERE rv.payment_id = pa.payment_id AND rv.reversed_on <= " +
      d + ")), 0) AS BIGINT) + CAST(COALESCE((SELECT SUM(ca.amount_minor) FROM credit_application ca WHERE "
      "ca.invoice_id = v.id AND ca.applied_on <= " + d + "), 0) AS BIGINT) + CAST(COALESCE((SELECT "
      "SUM(na.amount_minor) FROM credit_note_application na WHERE na.invoice_id = v.id AND na.applied_on <= " + d +
      "), 0) AS BIGINT) - CAST(COALESCE((SELECT SUM(nc.amount_minor) FROM credit_note_application nc WHERE "
      "nc.credit_note_id = v.id AND nc.applied_on <= " + d + "), 0) AS BIGINT))";
  std::vector<OpenItem> out;
  OpenItem row;
  std::string issued, due;
  long long id = 0, amount = 0, paid = 0;
  soci::statement st =
      (soci_session(db).prepare
           << "SELECT v.id, a.reference, i.code, i.name_en, v.currency, v.income_type, v.issued_on, v.due_on, "
              "v.amount_minor, " + settled + " FROM invoice v JOIN agreement a ON a.id = v.agreement_id JOIN "
              "institution i ON i.id = a.licensee_id WHERE v.issued_on <= " + d +
              " ORDER BY i.code, v.currency, v.due_on, v.id",
       soci::into(id), soci::into(row.agreement), soci::into(row.licensee), soci::into(row.licensee_name),
       soci::into(row.currency), soci::into(row.income_type), soci::into(issued), soci::into(due),
       soci::into(amount), soci::into(paid));
  st.execute();
  while (st.fetch()) {
    if (amount == paid) continue;
    OpenItem item = row;
    item.invoice_id = id;
    item.issued_on = stored_date(issued);
    item.due_on = stored_date(due);
    item.amount_minor = amount;
    item.open_minor = amount - paid;
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<ReportingAgreement> reporting_agreements(Database& db, Date as_of) {
  const std::string day = as_of.to_string();
  std::vector<ReportingAgreement> out;
  std::map<long long, std::size_t> index;
  {
    ReportingAgreement row;
    std::string start, end;
    long long id = 0, days = 0;
    soci::statement st =
        (soci_session(db).prepare
             << "SELECT a.id, a.reference, i.code, i.name_en, a.reporting_period, a.starts_on, a.ends_on, "
                "a.reporting_days FROM agreement a JOIN institution i ON i.id = a.licensee_id WHERE "
                "a.reporting_period <> 'none' AND a.starts_on <= :d ORDER BY a.reference",
         soci::use(day), soci::into(id), soci::into(row.agreement), soci::into(row.licensee),
         soci::into(row.licensee_name), soci::into(row.reporting_period), soci::into(start), soci::into(end),
         soci::into(days));
    st.execute();
    while (st.fetch()) {
      ReportingAgreement a = row;
      a.start = stored_date(start);
      a.end = stored_date(end);
      a.reporting_days = days;
      index[id] = out.size();
      out.push_back(std::move(a));
    }
  }
  long long agreement_id = 0;
  std::string first, last;
  soci::statement st =
      (soci_session(db).prepare
           << "SELECT r.agreement_id, r.period_start, r.period_end FROM royalty_report r JOIN agreement a ON a.id = "
              "r.agreement_id WHERE a.reporting_period <> 'none' AND r.corrects_report_id IS NULL "
              "ORDER BY r.agreement_id, r.period_start",
       soci::into(agreement_id), soci::into(first), soci::into(last));
  st.execute();
  while (st.fetch()) {
    auto it = index.find(agreement_id);
    if (it == index.end()) continue;
    out[it->second].reports.emplace_back(stored_date(first), stored_date(last));
  }
  return out;
}

}  // namespace chizai
