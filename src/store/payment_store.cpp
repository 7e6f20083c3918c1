#include "store/payment_store.h"

#include <soci/soci.h>

#include "ledger/journal.h"
#include "store/sql_util.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {
namespace {

// A reversal as read by a LEFT JOIN (none when its date is NULL).
std::optional<ReversalView> stored_reversal(soci::indicator day_i, const std::string& day, soci::indicator reason_i,
                                            const std::string& reason, soci::indicator entry_i, long long entry) {
  if (day_i != soci::i_ok) return std::nullopt;
  return ReversalView{stored_date(day), reason_i == soci::i_ok ? reason : "", entry_i == soci::i_ok ? entry : 0};
}

const std::string kPaymentSelect =
    "SELECT p.id, p.reference, a.reference, i.code, k.code, p.received_on, p.currency, "
    "p.amount_minor, p.fx_rate, p.fx_source, p.jpy_minor, p.entry_id, CAST(COALESCE((SELECT SUM(pa.amount_minor) "
    "FROM payment_application pa WHERE pa.payment_id = p.id), 0) AS BIGINT), rv.reversed_on, rv.reason, "
    "rv.entry_id FROM payment p "
    "JOIN agreement a ON a.id = p.agreement_id JOIN institution i ON i.id = a.licensee_id "
    "LEFT JOIN package k ON k.id = a.package_id LEFT JOIN payment_reversal rv ON rv.payment_id = p.id ";

struct PaymentRow {
  long long id = 0;
  PaymentView view;
  std::string package, received, fx_rate, fx_source, reversed_on, reason;
  soci::indicator package_i = soci::i_null, fx_i = soci::i_null, source_i = soci::i_null, reversed_i = soci::i_null,
                  reason_i = soci::i_null, reversal_entry_i = soci::i_null;
  long long amount = 0, jpy = 0, applied = 0, reversal_entry = 0;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(view.reference));
    st.exchange(soci::into(view.agreement));
    st.exchange(soci::into(view.licensee));
    st.exchange(soci::into(package, package_i));
    st.exchange(soci::into(received));
    st.exchange(soci::into(view.currency));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(fx_rate, fx_i));
    st.exchange(soci::into(fx_source, source_i));
    st.exchange(soci::into(jpy));
    st.exchange(soci::into(view.entry_id));
    st.exchange(soci::into(applied));
    st.exchange(soci::into(reversed_on, reversed_i));
    st.exchange(soci::into(reason, reason_i));
    st.exchange(soci::into(reversal_entry, reversal_entry_i));
  }
  PaymentView finish() const {
    PaymentView v = view;
    v.package = package_i == soci::i_ok ? package : "";
    v.fx_rate = fx_i == soci::i_ok ? fx_rate : "";
    v.fx_source = source_i == soci::i_ok ? fx_source : "";
    v.received_on = stored_date(received);
    v.amount_minor = amount;
    v.jpy_minor = jpy;
    v.applied_minor = applied;
    v.credit_minor = amount - applied;
    v.reversal = stored_reversal(reversed_i, reversed_on, reason_i, reason, reversal_entry_i, reversal_entry);
    return v;
  }
};

// Runs `sql` with the `into`s that `bind(statement&)` adds and `keys` bound
// in order, calling `each()` per row.
template <class Bind, class Each>
void query_rows(Database& db, const std::string& sql, const std::vector<std::string>& keys, Bind bind, Each each) {
  soci::statement st(soci_session(db));
  bind(st);
  for (const std::string& key : keys) st.exchange(soci::use(key));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  if (!st.execute(true)) return;
  do {
    each();
  } while (st.fetch());
}

// Runs kPaymentSelect + `rest` with `keys` bound in order, calling
// `each(row)` per row.
template <class Each>
void query_payments(Database& db, const std::string& rest, const std::vector<std::string>& keys, Each each) {
  PaymentRow row;
  query_rows(db, kPaymentSelect + rest, keys, [&](soci::statement& st) { row.bind(st); }, [&] { each(row); });
}

}  // namespace

// ---- locks and balances ---------------------------------------------------------------------

void lock_money_tables(Database& db) {
  if (db.backend() != Backend::kPostgres) return;
  soci_session(db) << "LOCK TABLE payment IN SHARE ROW EXCLUSIVE MODE";
  soci_session(db) << "LOCK TABLE payout IN SHARE ROW EXCLUSIVE MODE";
}

std::int64_t credit_balance(Database& db, const std::string& account, const std::string& currency) {
  long long total = 0;
  soci::indicator ind = soci::i_null;
  // The running balances (sql/0031): one row per agreement posted with, by the primary key.
  soci_session(db) << "SELECT CAST(SUM(balance_minor) AS BIGINT) FROM account_balance WHERE account = :a "
                      "AND currency = :c",
      soci::use(account), soci::use(currency), soci::into(total, ind);
  return ind == soci::i_ok ? -total : 0;
}

std::int64_t agreement_credit(Database& db, long long agreement_id, const std::string& licensee,
                              const std::string& currency) {
  long long total = 0;
  soci::indicator ind = soci::i_null;
  const std::string account = licensee_credit_account(licensee);
  soci_session(db) << "SELECT balance_minor FROM account_balance WHERE account = :a AND currency = :c "
                      "AND agreement_id = :g",
      soci::use(account), soci::use(currency), soci::use(agreement_id), soci::into(total, ind);
  return ind == soci::i_ok ? -total : 0;
}

std::string latest_payment_rate(Database& db, long long agreement_id, Date on) {
  std::string rate;
  soci::indicator ind = soci::i_null;
  const std::string day = on.to_string();
  soci_session(db) << "SELECT p.fx_rate FROM payment p WHERE p.agreement_id = :a AND p.received_on <= :d AND "
                      "NOT EXISTS (SELECT 1 FROM payment_reversal rv WHERE rv.payment_id = p.id) "
                      "ORDER BY p.received_on DESC, p.id DESC LIMIT 1",
      soci::use(agreement_id), soci::use(day), soci::into(rate, ind);
  return soci_session(db).got_data() && ind == soci::i_ok ? rate : std::string();
}

void insert_credit_application(Database& db, const NewCreditApplication& a) {
  const std::string day = a.applied_on.to_string();
  const long long amount = a.amount_minor, jpy = a.jpy_minor;
  soci::indicator rate_i = a.fx_rate.empty() ? soci::i_null : soci::i_ok;
  insert_row(db, "credit_application",
             "INSERT INTO credit_application (agreement_id, invoice_id, applied_on, currency, amount_minor, "
             "jpy_minor, fx_rate, entry_id) VALUES (:a, :i, :d, :c, :m, :j, :r, :e)",
             soci::use(a.agreement_id), soci::use(a.invoice_id), soci::use(day), soci::use(a.currency),
             soci::use(amount), soci::use(jpy), soci::use(a.fx_rate, rate_i), soci::use(a.entry_id));
}

void insert_credit_note_application(Database& db, const NewCreditNoteApplication& a) {
  const std::string day = a.applied_on.to_string();
  const long long amount = a.amount_minor, jpy = a.jpy_minor, invoice = a.invoice_id;
  soci::indicator rate_i = a.fx_rate.empty() ? soci::i_null : soci::i_ok;
  soci::indicator invoice_i = a.invoice_id == 0 ? soci::i_null : soci::i_ok;
  insert_row(db, "credit_note_application",
             "INSERT INTO credit_note_application (agreement_id, credit_note_id, invoice_id, applied_on, currency, "
             "amount_minor, jpy_minor, fx_rate, entry_id) VALUES (:a, :n, :i, :d, :c, :m, :j, :r, :e)",
             soci::use(a.agreement_id), soci::use(a.credit_note_id), soci::use(invoice, invoice_i), soci::use(day),
             soci::use(a.currency), soci::use(amount), soci::use(jpy), soci::use(a.fx_rate, rate_i),
             soci::use(a.entry_id));
}

std::vector<DistributedLine> distributed_lines(Database& db, long long agreement_id, const std::string& income_type) {
  std::vector<DistributedLine> out;
  DistributedLine row;
  long long amount = 0;
  soci::statement st =
      (soci_session(db).prepare
           << "SELECT p.account, COALESCE(i.code, ''), COALESCE(t.application_number, ''), "
              "CAST(-SUM(p.amount_minor) AS BIGINT) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
              "LEFT JOIN institution i ON i.id = p.institution_id LEFT JOIN patent t ON t.id = p.patent_id "
              "WHERE p.agreement_id = :a AND p.currency = 'JPY' AND e.kind IN ('payment', 'payment_reversal', "
              "'credit_application', 'correction_credit') AND (p.account LIKE 'liabilities:payable:%' OR "
              "p.account = 'income:aggregator' OR p.account LIKE 'income:cost-recovery:%') AND "
              "(CAST(:t1 AS TEXT) = '' OR p.income_type = :t2) "
              "GROUP BY p.account, i.code, t.application_number HAVING SUM(p.amount_minor) < 0 "
              "ORDER BY p.account, COALESCE(t.application_number, '')",
       soci::use(agreement_id), soci::use(income_type), soci::use(income_type), soci::into(row.account),
       soci::into(row.institution), soci::into(row.patent), soci::into(amount));
  st.execute();
  while (st.fetch()) {
    row.amount_minor = amount;
    out.push_back(row);
  }
  return out;
}

std::vector<std::string> agreements_with_open_credit_notes(Database& db, Date on) {
  std::vector<std::string> out;
  std::string reference;
  const std::string day = on.to_string();
  soci::statement st =
      (soci_session(db).prepare
           << "SELECT DISTINCT a.reference FROM invoice v JOIN agreement a ON a.id = v.agreement_id WHERE "
              "v.amount_minor < 0 AND v.issued_on <= :d AND v.amount_minor + CAST(COALESCE((SELECT "
              "SUM(nc.amount_minor) FROM credit_note_application nc WHERE nc.credit_note_id = v.id), 0) AS BIGINT) "
              "< 0 ORDER BY a.reference",
       soci::use(day), soci::into(reference));
  st.execute();
  while (st.fetch()) out.push_back(reference);
  return out;
}

std::optional<Date> latest_distribution_day(Database& db, long long agreement_id) {
  std::string day;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT MAX(e.posted_on) FROM journal_entry e WHERE e.kind IN ('payment', 'payment_reversal', "
                      "'credit_application', 'correction_credit') AND EXISTS (SELECT 1 FROM posting p WHERE "
                      "p.entry_id = e.id AND p.agreement_id = :a)",
      soci::use(agreement_id), soci::into(day, ind);
  if (ind != soci::i_ok || day.empty()) return std::nullopt;
  return stored_date(day);
}

std::int64_t account_balance_jpy(Database& db, const std::string& account) {
  long long total = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT CAST(SUM(balance_minor) AS BIGINT) FROM account_balance WHERE account = :a "
                      "AND currency = 'JPY'",
      soci::use(account), soci::into(total, ind);
  return ind == soci::i_ok ? total : 0;
}

std::optional<CreditRefundView> find_credit_refund(Database& db, const std::string& reference) {
  CreditRefundView r;
  std::string day;
  long long amount = 0;
  soci_session(db) << "SELECT f.reference, a.reference, i.code, f.currency, f.refunded_on, f.amount_minor, "
                      "f.entry_id, f.recorded_at, f.actor FROM credit_refund f JOIN agreement a ON a.id = "
                      "f.agreement_id JOIN institution i ON i.id = a.licensee_id WHERE f.reference = :r",
      soci::use(reference), soci::into(r.reference), soci::into(r.agreement), soci::into(r.licensee),
      soci::into(r.currency), soci::into(day), soci::into(amount), soci::into(r.entry_id), soci::into(r.recorded_at),
      soci::into(r.actor);
  if (!soci_session(db).got_data()) return std::nullopt;
  r.refunded_on = stored_date(day);
  r.amount_minor = amount;
  return r;
}

void insert_credit_refund(Database& db, long long agreement_id, const CreditRefundView& r) {
  const std::string day = r.refunded_on.to_string();
  const long long amount = r.amount_minor;
  insert_row(db, "credit_refund",
             "INSERT INTO credit_refund (agreement_id, refunded_on, currency, amount_minor, reference, entry_id, "
             "recorded_at, actor) VALUES (:a, :d, :c, :m, :r, :e, :t, :w)",
             soci::use(agreement_id), soci::use(day), soci::use(r.currency), soci::use(amount),
             soci::use(r.reference), soci::use(r.entry_id), soci::use(r.recorded_at), soci::use(r.actor));
}

Page<CreditBalance> credit_balances(Database& db, const std::string& licensee, const PageRequest& page) {
  const long long n = fetch_limit(page);
  CreditBalance row;
  long long balance = 0, applied = 0;
  soci::statement st =
      (soci_session(db).prepare
           << "SELECT a.reference, i.code, a.currency, "
              "CAST(-COALESCE((SELECT SUM(po.amount_minor) FROM posting po WHERE po.agreement_id = a.id AND "
              "po.account = 'liabilities:licensee-credit:' || i.code AND po.currency = a.currency), 0) AS BIGINT), "
              "CAST(COALESCE((SELECT SUM(ca.amount_minor) FROM credit_application ca WHERE ca.agreement_id = a.id), "
              "0) AS BIGINT) FROM agreement a JOIN institution i ON i.id = a.licensee_id "
              "WHERE (CAST(:l1 AS TEXT) = '' OR i.code = :l2) AND a.reference > :after AND EXISTS (SELECT 1 FROM "
              "posting po WHERE po.agreement_id = a.id AND po.account = 'liabilities:licensee-credit:' || i.code) "
              "ORDER BY a.reference LIMIT :n",
       soci::into(row.agreement), soci::into(row.licensee), soci::into(row.currency), soci::into(balance),
       soci::into(applied), soci::use(licensee), soci::use(licensee), soci::use(page.after), soci::use(n));
  st.execute();
  std::vector<CreditBalance> rows;
  while (st.fetch()) {
    row.balance_minor = balance;
    row.applied_minor = applied;
    rows.push_back(row);
  }
  return page_of_rows(std::move(rows), page.limit, [](const CreditBalance& x) { return x.agreement; });
}

Page<PayableBalance> payable_balances(Database& db, const std::string& institution, const PageRequest& page) {
  // The key is the account, liabilities:payable:<code>: by code.
  std::vector<std::string> keys;
  std::string where = "WHERE account LIKE 'liabilities:payable:%' AND currency = 'JPY'";
  if (!institution.empty()) {
    where += " AND account = :i";
    keys.push_back(payable_account(institution));
  }
  if (!page.after.empty()) {
    where += " AND account > :after";
    keys.push_back(payable_account(page.after));
  }
  std::vector<PayableBalance> rows;
  std::string account;
  long long credited = 0, paid = 0;
  const auto bind = [&](soci::statement& st) {
    st.exchange(soci::into(account));
    st.exchange(soci::into(credited));
    st.exchange(soci::into(paid));
  };
  const std::size_t prefix = payable_account("").size();
  // Distribution lines and their reversals carry the payment's reference;
  // payouts and their reversals carry none.
  query_rows(db,
             "SELECT account, CAST(SUM(CASE WHEN payment_reference IS NOT NULL THEN -amount_minor ELSE 0 END) "
             "AS BIGINT), CAST(SUM(CASE WHEN payment_reference IS NULL THEN amount_minor ELSE 0 END) AS BIGINT) "
             "FROM posting " + where + " GROUP BY account ORDER BY account LIMIT " +
                 std::to_string(fetch_limit(page)),
             keys, bind, [&] {
               PayableBalance b;
               b.institution = account.substr(prefix);
               b.credited_minor = credited;
               b.paid_minor = paid;
               b.balance_minor = credited - paid;
               rows.push_back(b);
             });
  for (auto& b : rows) {
    soci_session(db) << "SELECT name_en FROM institution WHERE code = :c", soci::use(b.institution),
        soci::into(b.name_en);
  }
  return page_of_rows(std::move(rows), page.limit, [](const PayableBalance& b) { return b.institution; });
}

// ---- the agreement a payment is for --------------------------------------------------------

std::optional<PaymentAgreement> find_payment_agreement(Database& db, const std::string& reference) {
  PaymentAgreement a;
  soci::indicator package_i = soci::i_null;
  soci_session(db) << "SELECT a.id, i.code, k.code, a.currency, a.policy FROM agreement a "
              "JOIN institution i ON i.id = a.licensee_id LEFT JOIN package k ON k.id = a.package_id "
              "WHERE a.reference = :r",
      soci::use(reference), soci::into(a.id), soci::into(a.licensee), soci::into(a.package, package_i),
      soci::into(a.currency), soci::into(a.policy);
  if (!soci_session(db).got_data()) return std::nullopt;
  if (package_i != soci::i_ok) a.package.clear();
  a.reference = reference;
  return a;
}

std::vector<PatentWeight> licensed_patent_weights(Database& db, long long agreement_id) {
  std::vector<PatentWeight> out;
  PatentWeight row;
  soci::statement st = (soci_session(db).prepare <<
      "SELECT t.application_number, ap.weight FROM agreement_patent ap JOIN patent t "
      "ON t.id = ap.patent_id WHERE ap.agreement_id = :a ORDER BY t.application_number",
      soci::into(row.number), soci::into(row.weight), soci::use(agreement_id));
  st.execute();
  while (st.fetch()) out.push_back(row);
  return out;
}

// ---- payments ----------------------------------------------------------------------------------

long long insert_payment(Database& db, const NewPayment& p) {
  const std::string day = p.received_on.to_string();
  const long long agreement = p.agreement_id, amount = p.amount_minor, jpy = p.jpy_minor, entry_id = p.entry_id;
  soci::indicator fx_i = p.fx_rate.empty() ? soci::i_null : soci::i_ok;
  soci::indicator source_i = p.fx_source.empty() ? soci::i_null : soci::i_ok;
  const long long id = insert_row(
      db, "payment",
      "INSERT INTO payment (reference, agreement_id, received_on, currency, amount_minor, fx_rate, fx_source, "
      "jpy_minor, content_hash, entry_id) VALUES (:r, :a, :d, :c, :m, :f, :s, :j, :h, :e)",
      soci::use(p.reference), soci::use(agreement), soci::use(day), soci::use(p.currency),
      soci::use(amount), soci::use(p.fx_rate, fx_i), soci::use(p.fx_source, source_i), soci::use(jpy),
      soci::use(p.content_hash), soci::use(entry_id));
  for (const PaymentApplication& app : p.applications) {
    const long long part = app.amount_minor;
    soci_session(db) << "INSERT INTO payment_application (payment_id, invoice_id, amount_minor) "
                "VALUES (:p, :i, :m)",
        soci::use(id), soci::use(app.invoice_id), soci::use(part);
  }
  return id;
}

std::optional<StoredPayment> find_payment(Database& db, const std::string& reference) {
  std::optional<StoredPayment> out;
  query_payments(db, "WHERE p.reference = :r", {reference}, [&](const PaymentRow& row) {
    out = StoredPayment{row.id, row.finish()};
  });
  return out;
}

std::optional<std::string> same_standing_payment(Database& db, long long agreement_id, Date received_on,
                                                 const std::string& currency, std::int64_t amount_minor) {
  std::string reference;
  soci::indicator found = soci::i_null;
  const std::string day = received_on.to_string();
  const long long amount = amount_minor;
  soci_session(db) << "SELECT MIN(p.reference) FROM payment p WHERE p.agreement_id = :a AND p.received_on = :d "
                      "AND p.currency = :c AND p.amount_minor = :m AND NOT EXISTS (SELECT 1 FROM payment_reversal r "
                      "WHERE r.payment_id = p.id)",
      soci::use(agreement_id), soci::use(day), soci::use(currency), soci::use(amount), soci::into(reference, found);
  if (found != soci::i_ok) return std::nullopt;
  return reference;
}

Page<PaymentView> payments_page(Database& db, const std::string& agreement, const PageRequest& page) {
  std::vector<std::string> keys;
  std::string where;
  auto add = [&](const char* condition, const std::string& key) {
    where += (where.empty() ? "WHERE " : " AND ") + std::string(condition);
    keys.push_back(key);
  };
  if (!agreement.empty()) add("a.reference = :a", agreement);
  // The key is (received_on, reference): the cursor names the payment to
  // read after, and its own date and reference are the bound.
  if (!page.after.empty()) {
    add("(p.received_on, p.reference) > (SELECT received_on, reference FROM payment WHERE reference = :after)",
        page.after);
  }
  std::vector<PaymentView> rows;
  query_payments(db, where + " ORDER BY p.received_on, p.reference LIMIT " + std::to_string(fetch_limit(page)),
                 keys, [&](const PaymentRow& row) { rows.push_back(row.finish()); });
  return page_of_rows(std::move(rows), page.limit, [](const PaymentView& v) { return v.reference; });
}

std::vector<PaymentApplication> payment_applications(Database& db, long long payment_id) {
  std::vector<PaymentApplication> out;
  PaymentApplication row;
  std::string issued;
  long long amount = 0;
  soci::statement st = (soci_session(db).prepare <<
      "SELECT pa.invoice_id, v.income_type, v.issued_on, pa.amount_minor FROM payment_application pa "
      "JOIN invoice v ON v.id = pa.invoice_id WHERE pa.payment_id = :p ORDER BY v.issued_on, v.id",
      soci::into(row.invoice_id), soci::into(row.income_type), soci::into(issued), soci::into(amount),
      soci::use(payment_id));
  st.execute();
  while (st.fetch()) {
    row.issued_on = stored_date(issued);
    row.amount_minor = amount;
    out.push_back(row);
  }
  return out;
}

std::vector<DistributionLineView> distribution_postings(Database& db, long long entry_id) {
  std::vector<DistributionLineView> out;
  std::string account, income_type, patent, institution, share;
  soci::indicator type_i = soci::i_null, patent_i = soci::i_null, inst_i = soci::i_null,
                  share_i = soci::i_null;
  long long amount = 0;
  soci::statement st = (soci_session(db).prepare <<
      "SELECT po.account, po.income_type, t.application_number, i.code, po.share, po.amount_minor "
      "FROM posting po LEFT JOIN patent t ON t.id = po.patent_id LEFT JOIN institution i "
      "ON i.id = po.institution_id WHERE po.entry_id = :e AND po.currency = 'JPY' AND "
      "(po.account LIKE 'income:%' OR po.account LIKE 'liabilities:payable:%') ORDER BY po.id",
      soci::into(account), soci::into(income_type, type_i), soci::into(patent, patent_i),
      soci::into(institution, inst_i), soci::into(share, share_i), soci::into(amount),
      soci::use(entry_id));
  st.execute();
  while (st.fetch()) {
    DistributionLineView l;
    l.account = account;
    l.income_type = type_i == soci::i_ok ? income_type : "";
    l.patent = patent_i == soci::i_ok ? patent : "";
    l.institution = inst_i == soci::i_ok ? institution : "";
    l.share = share_i == soci::i_ok ? share : "";
    l.amount_minor = -amount;
    out.push_back(l);
  }
  return out;
}

// ---- payouts -----------------------------------------------------------------------------------

long long insert_payout(Database& db, const NewPayout& p) {
  const std::string day = p.paid_on.to_string();
  const long long amount = p.amount_minor, entry = p.entry_id, institution = p.institution_id;
  return insert_row(db, "payout",
                    "INSERT INTO payout (reference, institution_id, paid_on, amount_minor, entry_id) "
                    "VALUES (:r, :i, :d, :m, :e)",
                    soci::use(p.reference), soci::use(institution), soci::use(day), soci::use(amount),
                    soci::use(entry));
}

std::optional<PayoutView> find_payout(Database& db, const std::string& reference,
                                      std::optional<std::int64_t> balance_after) {
  PayoutView v;
  std::string paid, reversed_on, reason;
  long long amount = 0, reversal_entry = 0;
  soci::indicator reversed_i = soci::i_null, reason_i = soci::i_null, reversal_entry_i = soci::i_null;
  soci_session(db) << "SELECT po.reference, i.code, po.paid_on, po.amount_minor, po.entry_id, rv.reversed_on, rv.reason, "
              "rv.entry_id FROM payout po JOIN institution i ON i.id = po.institution_id "
              "LEFT JOIN payout_reversal rv ON rv.payout_id = po.id WHERE po.reference = :r",
      soci::use(reference), soci::into(v.reference), soci::into(v.institution), soci::into(paid),
      soci::into(amount), soci::into(v.entry_id), soci::into(reversed_on, reversed_i), soci::into(reason, reason_i),
      soci::into(reversal_entry, reversal_entry_i);
  if (!soci_session(db).got_data()) return std::nullopt;
  v.paid_on = stored_date(paid);
  v.amount_minor = amount;
  if (balance_after) {
    v.balance_after_minor = *balance_after;
  } else {
    long long sum = 0;
    soci::indicator ind = soci::i_null;
    const std::string account = payable_account(v.institution);
    soci_session(db) << "SELECT CAST(SUM(amount_minor) AS BIGINT) FROM posting WHERE account = :a "
                "AND currency = 'JPY' AND entry_id <= :e",
        soci::use(account), soci::use(v.entry_id), soci::into(sum, ind);
    v.balance_after_minor = ind == soci::i_ok ? -sum : 0;
  }
  v.reversal = stored_reversal(reversed_i, reversed_on, reason_i, reason, reversal_entry_i, reversal_entry);
  return v;
}

Page<PayoutView> payouts_page(Database& db, const std::string& institution, const PageRequest& page) {
  std::vector<std::string> keys;
  std::string where = "WHERE 1 = 1";
  if (!institution.empty()) {
    where += " AND i.code = :i";
    keys.push_back(institution);
  }
  if (!page.after.empty()) {
    where += " AND (po.paid_on, po.reference) > (SELECT paid_on, reference FROM payout WHERE reference = :after)";
    keys.push_back(page.after);
  }
  PayoutView v;
  std::string paid, reversed_on, reason;
  long long amount = 0, reversal_entry = 0;
  soci::indicator reversed_i = soci::i_null, reason_i = soci::i_null, reversal_entry_i = soci::i_null;
  std::vector<PayoutView> rows;
  const auto bind = [&](soci::statement& st) {
    st.exchange(soci::into(v.reference));
    st.exchange(soci::into(v.institution));
    st.exchange(soci::into(paid));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(v.entry_id));
    st.exchange(soci::into(reversed_on, reversed_i));
    st.exchange(soci::into(reason, reason_i));
    st.exchange(soci::into(reversal_entry, reversal_entry_i));
  };
  query_rows(db,
             "SELECT po.reference, i.code, po.paid_on, po.amount_minor, po.entry_id, rv.reversed_on, rv.reason, "
             "rv.entry_id FROM payout po JOIN institution i ON i.id = po.institution_id "
             "LEFT JOIN payout_reversal rv ON rv.payout_id = po.id " + where +
                 " ORDER BY po.paid_on, po.reference LIMIT " + std::to_string(fetch_limit(page)),
             keys, bind, [&] {
               PayoutView row = v;
               row.paid_on = stored_date(paid);
               row.amount_minor = amount;
               row.reversal =
                   stored_reversal(reversed_i, reversed_on, reason_i, reason, reversal_entry_i, reversal_entry);
               rows.push_back(std::move(row));
             });
  return page_of_rows(std::move(rows), page.limit, [](const PayoutView& p) { return p.reference; });
}

// ---- reversals ---------------------------------------------------------------------------------

std::optional<long long> original_id(Database& db, const std::string& what, const std::string& reference) {
  long long id = 0;
  soci_session(db) << "SELECT id FROM " + what + " WHERE reference = :r", soci::use(reference), soci::into(id);
  if (!soci_session(db).got_data()) return std::nullopt;
  return id;
}

long long insert_reversal(Database& db, const std::string& what, long long id, Date reversed_on,
                          const std::string& reason, long long entry_id) {
  const std::string table = what + "_reversal", day = reversed_on.to_string(), at = utc_timestamp();
  return insert_row(db, table.c_str(),
                    "INSERT INTO " + table + " (" + what + "_id, reversed_on, reason, entry_id, created_at) "
                    "VALUES (:p, :d, :r, :e, :a)",
                    soci::use(id), soci::use(day), soci::use(reason), soci::use(entry_id), soci::use(at));
}

}  // namespace chizai
