#include "store/invoice_store.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>

#include "ledger/journal.h"
#include "store/journal_store.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {

Result<long long> issue_invoice(Database& db, const InvoiceDraft& d) {
  static constexpr std::array<const char*, 7> kTypes = {
      "upfront", "running_royalty", "minimum_true_up", "milestone",
      "sublicense", "non_working_compensation", "option_fee"};
  if (std::find(kTypes.begin(), kTypes.end(), d.income_type) == kTypes.end()) {
    return make_error(ErrorKind::kInvalid, "bad_income_type", "unknown income type '" + d.income_type + "'");
  }
  if (d.amount_minor == 0) return make_error(ErrorKind::kRefused, "zero_invoice", "an invoice of 0 is not issued");
  long long agreement_id = 0, terms_days = 0;
  std::string licensee, currency;
  soci_session(db) << "SELECT a.id, i.code, a.currency, a.payment_terms_days FROM agreement a JOIN institution i "
              "ON i.id = a.licensee_id WHERE a.reference = :r",
      soci::use(d.agreement), soci::into(agreement_id), soci::into(licensee), soci::into(currency),
      soci::into(terms_days);
  if (!soci_session(db).got_data()) return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + d.agreement + "'");

  JournalEntry e;
  e.posted_on = d.issued_on;
  e.kind = "invoice";
  e.reference = d.agreement + "/" + d.income_type;
  e.description = d.description.empty() ? d.income_type + " invoice, " + d.agreement : d.description;
  Posting receivable = make_posting(receivable_account(licensee), currency, d.amount_minor);
  Posting undistributed = make_posting(undistributed_account(), currency, -d.amount_minor);
  for (Posting* p : {&receivable, &undistributed}) {
    p->institution = licensee;
    p->agreement = d.agreement;
    p->income_type = d.income_type;
  }
  e.postings = {receivable, undistributed};
  auto entry_id = post_journal_entry(db, e);
  if (!entry_id) return entry_id.error();

  const std::string issued = d.issued_on.to_string();
  const std::string due = d.issued_on.add_days(static_cast<int>(terms_days)).to_string();
  const long long amount = d.amount_minor, report = d.report_id.value_or(0),
                  year = d.contract_year.value_or(0), entry = entry_id.value();
  soci::indicator report_i = d.report_id ? soci::i_ok : soci::i_null,
                  milestone_i = d.milestone.empty() ? soci::i_null : soci::i_ok,
                  year_i = d.contract_year ? soci::i_ok : soci::i_null;
  long long id = 0;
  const std::string sql =
      "INSERT INTO invoice (agreement_id, income_type, issued_on, currency, amount_minor, "
      "report_id, milestone, contract_year, entry_id, due_on) VALUES (:a, :t, :d, :c, :m, :r, :n, :y, :e, :du)";
  if (db.backend() == Backend::kPostgres) {
    soci_session(db) << sql + " RETURNING id", soci::use(agreement_id), soci::use(d.income_type),
        soci::use(issued), soci::use(currency), soci::use(amount), soci::use(report, report_i),
        soci::use(d.milestone, milestone_i), soci::use(year, year_i), soci::use(entry), soci::use(due),
        soci::into(id);
  } else {
    soci_session(db) << sql, soci::use(agreement_id), soci::use(d.income_type), soci::use(issued),
        soci::use(currency), soci::use(amount), soci::use(report, report_i),
        soci::use(d.milestone, milestone_i), soci::use(year, year_i), soci::use(entry), soci::use(due);
    soci_session(db).get_last_insert_id("invoice", id);
  }
  return id;
}

std::vector<InvoiceBalance> invoice_balances(Database& db, long long agreement_id, Date on) {
  std::vector<InvoiceBalance> out;
  InvoiceBalance row;
  std::string issued;
  long long amount = 0, applied = 0;
  const std::string day = on.to_string();
  soci::statement st = (soci_session(db).prepare <<
      "SELECT v.id, v.income_type, v.issued_on, v.amount_minor, " << kSettledOnInvoice
      << " FROM invoice v WHERE v.agreement_id = :a AND v.issued_on <= :d ORDER BY v.issued_on, v.id",
      soci::into(row.id), soci::into(row.income_type), soci::into(issued), soci::into(amount),
      soci::into(applied), soci::use(agreement_id), soci::use(day));
  st.execute();
  while (st.fetch()) {
    row.issued_on = stored_date(issued);
    row.open_minor = amount - applied;
    out.push_back(row);
  }
  return out;
}

}  // namespace chizai
