#include "store/licensing_store.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <utility>

#include "store/invoice_store.h"
#include "store/sql_util.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {
namespace {

// Runs a prepared statement and calls `fn` after each fetched row.
template <class Fn>
void each_row(soci::statement& st, Fn fn) {
  st.execute();
  while (st.fetch()) fn();
}

void load_tiers(Database& db, long long id, AgreementTerms& t) {
  long long up_to = 0, rate = 0;
  soci::statement st = (soci_session(db).prepare << "SELECT COALESCE(up_to_minor, -1), rate_bps FROM royalty_tier "
                                            "WHERE agreement_id = :a ORDER BY position",
                        soci::use(id), soci::into(up_to), soci::into(rate));
  each_row(st, [&] {
    t.tiers.push_back(RoyaltyTier{up_to < 0 ? std::nullopt : std::optional<std::int64_t>(up_to), rate});
  });
}

std::vector<std::string> patent_numbers(Database& db, long long id) {
  std::vector<std::string> out;
  for (const auto& p : agreement_patents(db, id)) out.push_back(p.application_number);
  return out;
}

}  // namespace

void lock_agreements(Database& db) {
  if (db.backend() == Backend::kPostgres) soci_session(db) << "LOCK TABLE agreement IN SHARE ROW EXCLUSIVE MODE";
}

void lock_agreement(Database& db, long long id) {
  if (db.backend() != Backend::kPostgres) return;
  long long locked = 0;
  soci_session(db) << "SELECT id FROM agreement WHERE id = :i FOR UPDATE", soci::use(id), soci::into(locked);
}

std::optional<long long> find_agreement_id(Database& db, const std::string& reference) {
  long long id = 0;
  soci_session(db) << "SELECT id FROM agreement WHERE reference = :r", soci::use(reference), soci::into(id);
  if (!soci_session(db).got_data()) return std::nullopt;
  return id;
}

std::optional<StoredAgreement> load_agreement(Database& db, const std::string& reference) {
  StoredAgreement a;
  AgreementTerms& t = a.terms;
  std::string start, end;
  long long exclusive = 0, upfront = 0, minimum = 0, bps = 0, pro_rata = 0, terms_days = 0, report_days = 0;
  soci_session(db) << "SELECT a.id, i.code, i.name_en, COALESCE(k.code, ''), a.exclusive, a.field, a.starts_on, "
              "a.ends_on, a.currency, a.upfront_minor, a.minimum_annual_minor, a.sublicense_share_bps, "
              "a.policy, a.terms, a.created_at, a.minimum_pro_rata, a.payment_terms_days, a.reporting_period, "
              "a.reporting_days FROM agreement a JOIN institution i ON i.id = a.licensee_id "
              "LEFT JOIN package k ON k.id = a.package_id WHERE a.reference = :r",
      soci::use(reference), soci::into(a.id), soci::into(t.licensee), soci::into(a.licensee_name),
      soci::into(t.package), soci::into(exclusive), soci::into(t.field), soci::into(start), soci::into(end),
      soci::into(t.currency), soci::into(upfront), soci::into(minimum), soci::into(bps), soci::into(t.policy),
      soci::into(a.terms_json), soci::into(a.created_at), soci::into(pro_rata), soci::into(terms_days),
      soci::into(t.reporting_period), soci::into(report_days);
  if (!soci_session(db).got_data()) return std::nullopt;
  t.minimum_pro_rata = pro_rata != 0;
  t.payment_terms_days = terms_days;
  t.reporting_days = report_days;
  t.reference = reference;
  t.exclusive = exclusive != 0;
  t.start = stored_date(start);
  t.end = stored_date(end);
  t.upfront_minor = upfront;
  t.minimum_annual_minor = minimum;
  t.sublicense_share_bps = bps;
  t.territory = agreement_territory(db, a.id);
  t.reserved_fields = reserved_fields(db, a.id);
  load_tiers(db, a.id, t);
  for (const auto& m : agreement_milestones(db, a.id)) t.milestones.push_back(Milestone{m.name, m.amount_minor});
  if (t.package.empty()) t.patents = patent_numbers(db, a.id);
  return a;
}

std::vector<std::string> agreement_territory(Database& db, long long id) {
  std::vector<std::string> out;
  std::string country;
  soci::statement st = (soci_session(db).prepare << "SELECT country FROM agreement_territory "
                                            "WHERE agreement_id = :a ORDER BY country",
                        soci::use(id), soci::into(country));
  each_row(st, [&] { out.push_back(country); });
  return out;
}

std::vector<std::string> reserved_fields(Database& db, long long id) {
  std::vector<std::string> out;
  std::string field;
  soci::statement st = (soci_session(db).prepare << "SELECT field FROM agreement_reserved_field "
                                            "WHERE agreement_id = :a ORDER BY field",
                        soci::use(id), soci::into(field));
  each_row(st, [&] { out.push_back(field); });
  return out;
}

std::vector<MilestoneView> agreement_milestones(Database& db, long long id) {
  std::vector<MilestoneView> out;
  std::string name, reached;
  long long amount = 0;
  soci::statement st =
      (soci_session(db).prepare << "SELECT m.name, m.amount_minor, COALESCE(r.reached_on, '') FROM milestone m "
                           "LEFT JOIN milestone_reached r ON r.agreement_id = m.agreement_id AND "
                           "r.name = m.name WHERE m.agreement_id = :a ORDER BY m.name",
       soci::use(id), soci::into(name), soci::into(amount), soci::into(reached));
  each_row(st, [&] {
    out.push_back(MilestoneView{name, amount, reached.empty() ? std::nullopt : std::optional<Date>(stored_date(reached))});
  });
  return out;
}

std::vector<LicensedPatentView> agreement_patents(Database& db, long long id) {
  std::vector<LicensedPatentView> out;
  std::string number, title;
  long long weight = 0;
  soci::statement st =
      (soci_session(db).prepare << "SELECT p.application_number, p.title, ap.weight FROM agreement_patent ap "
                           "JOIN patent p ON p.id = ap.patent_id WHERE ap.agreement_id = :a "
                           "ORDER BY p.application_number",
       soci::use(id), soci::into(number), soci::into(title), soci::into(weight));
  each_row(st, [&] { out.push_back(LicensedPatentView{number, title, weight}); });
  return out;
}

namespace {

// The invoices (with their agreement's reference and currency, and what
// standing payments settled of each) that `where` selects, in `order`, at
// most `limit` (0: all); `bind(prep)` binds the parameters of `where`.
template <class Bind>
std::vector<AgreementInvoice> select_invoices(Database& db, const std::string& where, const char* order,
                                              long long limit, Bind bind) {
  std::vector<AgreementInvoice> out;
  AgreementInvoice row;
  std::string issued, due;
  long long id = 0, amount = 0, report = 0, year = 0, paid = 0;
  std::string sql = std::string("SELECT a.reference, a.currency, v.id, v.income_type, v.issued_on, v.due_on, v.amount_minor, "
                                "COALESCE(v.report_id, 0), COALESCE(v.milestone, ''), COALESCE(v.contract_year, -1), "
                                "e.description, ") +
                    kSettledOnInvoice + " FROM invoice v JOIN journal_entry e ON e.id = v.entry_id JOIN agreement a ON "
                    "a.id = v.agreement_id WHERE " + where + " ORDER BY " + order;
  if (limit > 0) sql += " LIMIT " + std::to_string(limit);
  InvoiceView& i = row.invoice;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(row.agreement), soci::into(row.currency), soci::into(id), soci::into(i.income_type),
      soci::into(issued), soci::into(due), soci::into(amount), soci::into(report), soci::into(i.milestone), soci::into(year),
      soci::into(i.description), soci::into(paid);
  bind(prep);
  soci::statement st(prep);
  each_row(st, [&] {
    AgreementInvoice r = row;
    r.invoice.id = id;
    r.invoice.issued_on = stored_date(issued);
    r.invoice.due_on = stored_date(due);
    r.invoice.amount_minor = amount;
    r.invoice.paid_minor = paid;
    r.invoice.open_minor = amount - paid;
    if (report > 0) r.invoice.report_id = report;
    if (year >= 0) r.invoice.contract_year = static_cast<int>(year);
    out.push_back(std::move(r));
  });
  return out;
}

// The reports (with their agreement's reference, currency and start) that
// `where` selects, by id, at most `limit` (0: all); contract_year left 0.
template <class Bind>
std::vector<AgreementReport> select_reports(Database& db, const std::string& where, long long limit, Bind bind) {
  std::vector<AgreementReport> out;
  AgreementReport row;
  std::string start, from, to;
  long long id = 0, sales = 0, income = 0, corrects = 0, corrected_by = 0;
  std::string sql =
      "SELECT a.reference, a.currency, a.starts_on, r.id, r.period_start, r.period_end, r.net_sales_minor, "
      "r.sublicense_income_minor, COALESCE(r.corrects_report_id, 0), r.received_at, COALESCE((SELECT MIN(c.id) "
      "FROM royalty_report c WHERE c.corrects_report_id = r.id), 0) FROM royalty_report r JOIN agreement a ON "
      "a.id = r.agreement_id WHERE " + where + " ORDER BY r.id";
  if (limit > 0) sql += " LIMIT " + std::to_string(limit);
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(row.agreement), soci::into(row.currency), soci::into(start), soci::into(id), soci::into(from),
      soci::into(to), soci::into(sales), soci::into(income), soci::into(corrects), soci::into(row.report.received_at),
      soci::into(corrected_by);
  bind(prep);
  soci::statement st(prep);
  each_row(st, [&] {
    AgreementReport r = row;
    r.agreement_start = stored_date(start);
    r.report.id = id;
    r.report.period_start = stored_date(from);
    r.report.period_end = stored_date(to);
    r.report.net_sales_minor = sales;
    r.report.sublicense_income_minor = income;
    if (corrects > 0) r.report.corrects = corrects;
    if (corrected_by > 0) r.report.corrected_by = corrected_by;
    out.push_back(std::move(r));
  });
  return out;
}

// The id a page of an id-keyed list starts after (0: from the first).
long long after_id(const PageRequest& page) { return page.after.empty() ? 0 : std::stoll(page.after); }

// "… AND a.reference = :ref" when one agreement's are asked for.
std::string agreement_filter(const char* table, const std::string& agreement) {
  return std::string(table) + ".id > :after" + (agreement.empty() ? "" : " AND a.reference = :ref");
}

}  // namespace

std::vector<InvoiceView> agreement_invoices(Database& db, long long agreement_id) {
  std::vector<InvoiceView> out;
  for (auto& r : select_invoices(db, "v.agreement_id = :a", "v.issued_on, v.id", 0,
                                 [&](auto& prep) { prep, soci::use(agreement_id); })) {
    out.push_back(std::move(r.invoice));
  }
  return out;
}

std::vector<ReportView> agreement_reports(Database& db, long long agreement_id) {
  std::vector<ReportView> out;
  for (auto& r : select_reports(db, "r.agreement_id = :a", 0, [&](auto& prep) { prep, soci::use(agreement_id); })) {
    out.push_back(std::move(r.report));
  }
  return out;
}

Page<AgreementInvoice> list_invoices(Database& db, const std::string& agreement, const PageRequest& page) {
  const long long after = after_id(page);
  auto rows = select_invoices(db, agreement_filter("v", agreement), "v.id", fetch_limit(page), [&](auto& prep) {
    prep, soci::use(after);
    if (!agreement.empty()) prep, soci::use(agreement);
  });
  return page_of_rows(std::move(rows), page.limit,
                      [](const AgreementInvoice& r) { return std::to_string(r.invoice.id); });
}

std::optional<AgreementInvoice> find_invoice(Database& db, long long id) {
  auto rows = select_invoices(db, "v.id = :i", "v.id", 1, [&](auto& prep) { prep, soci::use(id); });
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::vector<InvoiceSettlement> invoice_settlements(Database& db, long long id) {
  std::vector<InvoiceSettlement> out;
  InvoiceSettlement row;
  std::string day;
  long long amount = 0, reversed = 0;
  const char* const queries[] = {
      "SELECT 'payment', p.reference, p.received_on, pa.amount_minor, CASE WHEN EXISTS (SELECT 1 FROM "
      "payment_reversal rv WHERE rv.payment_id = p.id) THEN 1 ELSE 0 END FROM payment_application pa JOIN payment p "
      "ON p.id = pa.payment_id WHERE pa.invoice_id = :i",
      "SELECT 'credit', e.reference, ca.applied_on, ca.amount_minor, 0 FROM credit_application ca JOIN "
      "journal_entry e ON e.id = ca.entry_id WHERE ca.invoice_id = :i",
      "SELECT 'credit_note', CAST(na.credit_note_id AS TEXT), na.applied_on, na.amount_minor, 0 FROM "
      "credit_note_application na WHERE na.invoice_id = :i",
      "SELECT CASE WHEN nc.invoice_id IS NULL THEN 'credited' ELSE 'netted' END, COALESCE(CAST(nc.invoice_id AS "
      "TEXT), e.reference), nc.applied_on, nc.amount_minor, 0 FROM credit_note_application nc JOIN journal_entry e "
      "ON e.id = nc.entry_id WHERE nc.credit_note_id = :i",
  };
  for (const char* sql : queries) {
    soci::statement st = (soci_session(db).prepare << sql, soci::use(id), soci::into(row.kind),
                          soci::into(row.reference), soci::into(day), soci::into(amount), soci::into(reversed));
    st.execute();
    while (st.fetch()) {
      InvoiceSettlement s = row;
      s.on = stored_date(day);
      s.amount_minor = amount;
      s.reversed = reversed != 0;
      out.push_back(std::move(s));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const InvoiceSettlement& a, const InvoiceSettlement& b) {
    return a.on < b.on;
  });
  return out;
}

Page<AgreementReport> list_reports(Database& db, const std::string& agreement, const PageRequest& page) {
  const long long after = after_id(page);
  auto rows = select_reports(db, agreement_filter("r", agreement), fetch_limit(page), [&](auto& prep) {
    prep, soci::use(after);
    if (!agreement.empty()) prep, soci::use(agreement);
  });
  return page_of_rows(std::move(rows), page.limit,
                      [](const AgreementReport& r) { return std::to_string(r.report.id); });
}

std::optional<std::string> report_agreement(Database& db, long long report_id) {
  std::string owner;
  soci_session(db) << "SELECT a.reference FROM royalty_report r JOIN agreement a ON a.id = r.agreement_id "
              "WHERE r.id = :i",
      soci::use(report_id), soci::into(owner);
  if (!soci_session(db).got_data()) return std::nullopt;
  return owner;
}

namespace {

// The countries of the agreements whose references are in (after, last],
// by agreement id.
std::map<long long, std::vector<std::string>> territories_between(Database& db, const std::string& after,
                                                                  const std::string& last) {
  std::map<long long, std::vector<std::string>> out;
  long long id = 0;
  std::string country;
  soci::statement st = (soci_session(db).prepare << "SELECT t.agreement_id, t.country FROM agreement_territory t "
                                            "JOIN agreement a ON a.id = t.agreement_id WHERE a.reference > :f "
                                            "AND a.reference <= :l ORDER BY t.agreement_id, t.country",
                        soci::use(after), soci::use(last), soci::into(id), soci::into(country));
  each_row(st, [&] { out[id].push_back(country); });
  return out;
}

}  // namespace

Page<AgreementSummary> list_agreements(Database& db, const std::string& licensee, const PageRequest& page) {
  std::vector<std::pair<long long, AgreementSummary>> rows;  // with the agreement's id
  AgreementSummary s;
  std::string start, end;
  long long id = 0, exclusive = 0, patents = 0, invoiced = 0, paid = 0;
  std::string where = "WHERE a.reference > :after";
  if (!licensee.empty()) where += " AND i.code = :l";
  soci::statement st(soci_session(db));
  st.exchange(soci::into(id));
  st.exchange(soci::into(s.reference));
  st.exchange(soci::into(s.licensee));
  st.exchange(soci::into(s.package));
  st.exchange(soci::into(exclusive));
  st.exchange(soci::into(s.field));
  st.exchange(soci::into(start));
  st.exchange(soci::into(end));
  st.exchange(soci::into(s.currency));
  st.exchange(soci::into(patents));
  st.exchange(soci::into(invoiced));
  st.exchange(soci::into(paid));
  st.exchange(soci::use(page.after));
  if (!licensee.empty()) st.exchange(soci::use(licensee));
  st.alloc();
  st.prepare(std::string(
      "SELECT a.id, a.reference, i.code, COALESCE(k.code, ''), a.exclusive, a.field, a.starts_on, "
      "a.ends_on, a.currency, (SELECT COUNT(*) FROM agreement_patent ap WHERE ap.agreement_id = a.id), "
      "COALESCE((SELECT CAST(SUM(v.amount_minor) AS BIGINT) FROM invoice v WHERE v.agreement_id = a.id), 0), "
      "COALESCE((SELECT CAST(SUM(pa.amount_minor) AS BIGINT) FROM payment_application pa JOIN invoice v "
      "ON v.id = pa.invoice_id WHERE v.agreement_id = a.id AND ") + kStandingApplication +
      "), 0) + COALESCE((SELECT CAST(SUM(ca.amount_minor) AS BIGINT) FROM credit_application ca "
      "WHERE ca.agreement_id = a.id), 0) - COALESCE((SELECT CAST(SUM(na.amount_minor) AS BIGINT) FROM "
      "credit_note_application na WHERE na.agreement_id = a.id AND na.invoice_id IS NULL), 0) FROM agreement a JOIN institution i ON i.id = a.licensee_id LEFT JOIN package k "
      "ON k.id = a.package_id " + where + " ORDER BY a.reference LIMIT " + std::to_string(fetch_limit(page)));
  st.define_and_bind();
  each_row(st, [&] {
    AgreementSummary row = s;
    row.exclusive = exclusive != 0;
    row.start = stored_date(start);
    row.end = stored_date(end);
    row.patents = patents;
    row.totals = AgreementTotals{invoiced, paid, invoiced - paid};
    rows.emplace_back(id, std::move(row));
  });
  std::vector<AgreementSummary> out;
  if (rows.empty()) return {};
  auto territories = territories_between(db, page.after, rows.back().second.reference);
  for (auto& [agreement_id, row] : rows) {
    row.territory = std::move(territories[agreement_id]);
    out.push_back(std::move(row));
  }
  return page_of_rows(std::move(out), page.limit, [](const AgreementSummary& a) { return a.reference; });
}

std::vector<long long> agreements_of(Database& db, long long patent_id) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (soci_session(db).prepare << "SELECT agreement_id FROM agreement_patent "
                                            "WHERE patent_id = :p",
                        soci::use(patent_id), soci::into(id));
  each_row(st, [&] { out.push_back(id); });
  return out;
}

LicenceScope licence_scope(Database& db, long long id) {
  LicenceScope s;
  std::string start, end;
  long long exclusive = 0;
  soci_session(db) << "SELECT reference, exclusive, field, starts_on, ends_on FROM agreement WHERE id = :i",
      soci::use(id), soci::into(s.reference), soci::into(exclusive), soci::into(s.field), soci::into(start),
      soci::into(end);
  s.exclusive = exclusive != 0;
  s.reserved = reserved_fields(db, id);
  s.start = stored_date(start);
  s.end = stored_date(end);
  s.territory = agreement_territory(db, id);
  s.patents = patent_numbers(db, id);
  return s;
}

long long insert_agreement(Database& db, const AgreementTerms& t, const AgreementParties& parties,
                           const std::string& terms_json, const std::string& created_at) {
  const long long exclusive = t.exclusive ? 1 : 0, upfront = t.upfront_minor,
                  minimum = t.minimum_annual_minor, bps = t.sublicense_share_bps,
                  package = parties.package_id.value_or(0), pro_rata = t.minimum_pro_rata ? 1 : 0,
                  terms_days = t.payment_terms_days.value_or(30), report_days = t.reporting_days.value_or(30);
  soci::indicator package_i = parties.package_id ? soci::i_ok : soci::i_null;
  const std::string start = t.start.to_string(), end = t.end.to_string();
  return insert_row(
      db, "agreement",
      "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on, "
      "currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at, "
      "minimum_pro_rata, payment_terms_days, reporting_period, reporting_days) "
      "VALUES (:r, :l, :k, :x, :f, :s, :e, :c, :u, :m, :b, :p, :t, :n, :pr, :pt, :rp, :rd)",
      soci::use(t.reference), soci::use(parties.licensee_id), soci::use(package, package_i),
      soci::use(exclusive), soci::use(t.field), soci::use(start), soci::use(end), soci::use(t.currency),
      soci::use(upfront), soci::use(minimum), soci::use(bps), soci::use(t.policy), soci::use(terms_json),
      soci::use(created_at), soci::use(pro_rata), soci::use(terms_days), soci::use(t.reporting_period),
      soci::use(report_days));
}

void insert_agreement_parts(Database& db, long long id, const AgreementTerms& t,
                            const std::vector<LicensedPatentRow>& patents) {
  for (const auto& country : t.territory) {
    soci_session(db) << "INSERT INTO agreement_territory (agreement_id, country) VALUES (:a, :c)", soci::use(id),
        soci::use(country);
  }
  for (const auto& field : t.reserved_fields) {
    soci_session(db) << "INSERT INTO agreement_reserved_field (agreement_id, field) VALUES (:a, :f)",
        soci::use(id), soci::use(field);
  }
  for (std::size_t i = 0; i < t.tiers.size(); ++i) {
    const long long position = static_cast<long long>(i), rate = t.tiers[i].rate_bps,
                    up_to = t.tiers[i].up_to_minor.value_or(0);
    soci::indicator up_to_i = t.tiers[i].up_to_minor ? soci::i_ok : soci::i_null;
    soci_session(db) << "INSERT INTO royalty_tier (agreement_id, position, up_to_minor, rate_bps) VALUES (:a, :p, :u, :r)",
        soci::use(id), soci::use(position), soci::use(up_to, up_to_i), soci::use(rate);
  }
  for (const auto& m : t.milestones) {
    const long long amount = m.amount_minor;
    soci_session(db) << "INSERT INTO milestone (agreement_id, name, amount_minor) VALUES (:a, :n, :m)", soci::use(id),
        soci::use(m.name), soci::use(amount);
  }
  for (const auto& p : patents) {
    const long long weight = p.weight;
    soci_session(db) << "INSERT INTO agreement_patent (agreement_id, patent_id, weight) VALUES (:a, :p, :w)",
        soci::use(id), soci::use(p.patent_id), soci::use(weight);
  }
}

long long insert_report(Database& db, const ReportRow& r) {
  const std::string from = r.period_start.to_string(), to = r.period_end.to_string();
  const long long sales = r.net_sales_minor, income = r.sublicense_income_minor, corrects = r.corrects.value_or(0);
  soci::indicator corrects_i = r.corrects ? soci::i_ok : soci::i_null;
  const long long id = insert_row(
      db, "royalty_report",
      "INSERT INTO royalty_report (agreement_id, period_start, period_end, net_sales_minor, "
      "sublicense_income_minor, corrects_report_id, received_at) VALUES (:a, :f, :t, :s, :i, :c, :r)",
      soci::use(r.agreement_id), soci::use(from), soci::use(to), soci::use(sales), soci::use(income),
      soci::use(corrects, corrects_i), soci::use(r.received_at));
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const long long position = static_cast<long long>(i), amount = r.lines[i].net_sales_minor;
    soci_session(db) << "INSERT INTO report_line (report_id, position, territory, product, net_sales_minor) "
                "VALUES (:r, :p, :t, :d, :n)",
        soci::use(id), soci::use(position), soci::use(r.lines[i].territory), soci::use(r.lines[i].product),
        soci::use(amount);
  }
  return id;
}

std::vector<ReportRow::Line> report_lines(Database& db, long long report_id) {
  std::vector<ReportRow::Line> out;
  ReportRow::Line line;
  long long amount = 0;
  soci::statement st = (soci_session(db).prepare << "SELECT territory, product, net_sales_minor FROM report_line "
                                            "WHERE report_id = :r ORDER BY position",
                        soci::use(report_id), soci::into(line.territory), soci::into(line.product),
                        soci::into(amount));
  each_row(st, [&] {
    line.net_sales_minor = amount;
    out.push_back(line);
  });
  return out;
}

void insert_milestone_reached(Database& db, long long agreement_id, const std::string& name, Date on) {
  const std::string day = on.to_string();
  soci_session(db) << "INSERT INTO milestone_reached (agreement_id, name, reached_on) VALUES (:a, :n, :d)",
      soci::use(agreement_id), soci::use(name), soci::use(day);
}

std::vector<TrueUpCandidate> true_up_candidates(Database& db, Date first, Date last) {
  std::vector<TrueUpCandidate> out;
  TrueUpCandidate c;
  std::string start, end;
  long long minimum = 0, pro_rata = 0;
  const std::string from = first.to_string(), to = last.to_string();
  soci::statement st =
      (soci_session(db).prepare << "SELECT id, reference, currency, starts_on, ends_on, minimum_annual_minor, "
                           "minimum_pro_rata FROM "
                           "agreement WHERE minimum_annual_minor > 0 AND starts_on <= :t AND ends_on >= :f "
                           "ORDER BY reference",
       soci::use(to), soci::use(from), soci::into(c.id), soci::into(c.reference), soci::into(c.currency),
       soci::into(start), soci::into(end), soci::into(minimum), soci::into(pro_rata));
  each_row(st, [&] {
    TrueUpCandidate row = c;
    row.start = stored_date(start);
    row.end = stored_date(end);
    row.minimum_minor = minimum;
    row.minimum_pro_rata = pro_rata != 0;
    out.push_back(std::move(row));
  });
  return out;
}

std::vector<TrueUpCandidate> late_true_up_candidates(Database& db, const std::string& entered_since, Date before) {
  std::vector<TrueUpCandidate> out;
  TrueUpCandidate c;
  std::string start, end;
  long long minimum = 0;
  const std::string to = before.to_string();
  soci::statement st =
      (soci_session(db).prepare << "SELECT id, reference, currency, starts_on, ends_on, minimum_annual_minor FROM "
                           "agreement WHERE minimum_annual_minor > 0 AND starts_on < :b AND created_at >= :s "
                           "ORDER BY reference",
       soci::use(to), soci::use(entered_since), soci::into(c.id), soci::into(c.reference), soci::into(c.currency),
       soci::into(start), soci::into(end), soci::into(minimum));
  each_row(st, [&] {
    TrueUpCandidate row = c;
    row.start = stored_date(start);
    row.end = stored_date(end);
    row.minimum_minor = minimum;
    out.push_back(std::move(row));
  });
  return out;
}

std::vector<std::string> late_true_up_notes(Database& db, const std::string& payment_reference,
                                            const std::string& agreement) {
  std::vector<std::string> out;
  std::string description;
  soci::statement st =
      (soci_session(db).prepare << "SELECT e.description FROM payment py "
                           "JOIN payment_application pa ON pa.payment_id = py.id "
                           "JOIN invoice i ON i.id = pa.invoice_id "
                           "JOIN agreement a ON a.id = i.agreement_id "
                           "JOIN journal_entry e ON e.id = i.entry_id "
                           "WHERE py.reference = :p AND a.reference = :a AND i.income_type = 'minimum_true_up' "
                           "AND substr(e.description, 1, 15) = 'late agreement:' ORDER BY i.id",
       soci::use(payment_reference), soci::use(agreement), soci::into(description));
  each_row(st, [&] { out.push_back(description); });
  return out;
}

namespace {

// COUNT(*) or the sum of one contract year's invoices of one income type.
long long year_invoices(Database& db, const char* aggregate, long long agreement_id,
                        const std::string& income_type, long long year) {
  long long v = 0;
  soci_session(db) << std::string("SELECT ") + aggregate +
                  " FROM invoice WHERE agreement_id = :a AND income_type = :t AND contract_year = :y",
      soci::use(agreement_id), soci::use(income_type), soci::use(year), soci::into(v);
  return v;
}

}  // namespace

long long count_year_invoices(Database& db, long long agreement_id, const std::string& income_type,
                              long long year) {
  return year_invoices(db, "COUNT(*)", agreement_id, income_type, year);
}

long long sum_year_invoices(Database& db, long long agreement_id, const std::string& income_type,
                            long long year) {
  return year_invoices(db, "COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0)", agreement_id, income_type, year);
}

}  // namespace chizai
