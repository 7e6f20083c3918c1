#include "services/licensing_service.h"

#include <simdjson.h>
#include <soci/soci.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "core/text.h"
#include "io/json_writer.h"
#include "ledger/journal.h"
#include "services/aggregation_service.h"
#include "services/deal_service.h"
#include "services/history.h"
#include "services/package_service.h"
#include "services/payment_service.h"
#include "services/registry_service.h"
#include "io/strict_json.h"
#include "store/invoice_store.h"
#include "store/journal_store.h"
#include "store/stored_values.h"
#include "store/sql_util.h"

namespace chizai {
namespace {

std::string indexed(const char* key, std::size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }

// Parses `json` and hands the root to `read`; a FileError becomes the result.
template <class T, class Read>
Result<T> read_file(std::string_view json, const char* what, Read read) {
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root); err) {
    return make_error(ErrorKind::kInvalid, "bad_json", cat("the ", what, " is not valid JSON: ", simdjson::error_message(err)));
  }
  try {
    return read(root);
  } catch (const FileError& e) {
    return make_error(ErrorKind::kInvalid, "bad_file", cat(what, ": ", e.message), e.field);
  }
}

const std::set<std::string> kAgreementKeys = {
    "id", "licensee", "package", "patents", "exclusive", "field", "territory", "start", "end",
    "currency", "upfront_fee", "royalty_tiers", "minimum_annual_royalty", "milestones",
    "sublicense_share_bps", "policy"};

std::vector<RoyaltyTier> read_tiers(const Fields& f, const Currency& currency) {
  std::vector<RoyaltyTier> tiers;
  const auto items = f.array("royalty_tiers", true);
  for (std::size_t i = 0; i < items.size(); ++i) {
    Fields t(items[i], indexed("royalty_tiers", i), {"up_to", "rate_bps"});
    RoyaltyTier tier;
    if (t.has("up_to")) tier.up_to_minor = t.amount("up_to", currency, nullptr);
    tier.rate_bps = t.integer("rate_bps");
    tiers.push_back(tier);
  }
  return tiers;
}

std::vector<Milestone> read_milestones(const Fields& f, const Currency& currency) {
  std::vector<Milestone> out;
  const auto items = f.array("milestones", false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    Fields m(items[i], indexed("milestones", i), {"name", "amount"});
    out.push_back(Milestone{m.text("name"), m.amount("amount", currency, nullptr)});
  }
  return out;
}

AgreementTerms read_agreement(const element& root) {
  Fields f(root, "", kAgreementKeys);
  AgreementTerms t;
  t.currency = f.text("currency");
  auto currency = Currency::of(t.currency);
  if (!currency) throw FileError{currency.error().message, "currency"};
  t.reference = f.text("id");
  t.licensee = f.text("licensee");
  t.package = f.optional_text("package").value_or("");
  t.patents = f.texts("patents", false);
  t.exclusive = f.boolean("exclusive");
  t.field = f.text("field");
  t.territory = f.texts("territory", true);
  t.start = f.date("start");
  t.end = f.date("end");
  t.upfront_minor = f.amount("upfront_fee", *currency, "0");
  t.tiers = read_tiers(f, *currency);
  t.minimum_annual_minor = f.amount("minimum_annual_royalty", *currency, "0");
  t.milestones = read_milestones(f, *currency);
  t.sublicense_share_bps = f.optional_integer("sublicense_share_bps").value_or(0);
  t.policy = f.optional_text("policy").value_or("default");
  return t;
}

ReportFile read_report(const element& root) {
  Fields f(root, "", {"agreement", "period_start", "period_end", "lines", "sublicense_income", "corrects"});
  ReportFile r;
  r.agreement = f.text("agreement");
  r.period_start = f.date("period_start");
  r.period_end = f.date("period_end");
  const auto items = f.array("lines", true);
  for (std::size_t i = 0; i < items.size(); ++i) {
    Fields l(items[i], indexed("lines", i), {"territory", "product", "net_sales"});
    r.lines.push_back(ReportFileLine{l.text("territory"), l.text("product"), l.text("net_sales")});
  }
  r.sublicense_income = f.optional_text("sublicense_income").value_or("0");
  if (auto c = f.optional_integer("corrects")) r.corrects = *c;
  return r;
}

}  // namespace

Result<AgreementTerms> parse_agreement_json(std::string_view json) {
  return read_file<AgreementTerms>(json, "agreement file", read_agreement);
}

Result<ReportFile> parse_report_json(std::string_view json) {
  return read_file<ReportFile>(json, "report file", read_report);
}

namespace {

// ---- store helpers ----------------------------------------------------------------


// Runs a prepared statement and calls `fn` after each fetched row.
template <class Fn>
void each_row(soci::statement& st, Fn fn) {
  st.execute();
  while (st.fetch()) fn();
}

// PostgreSQL runs writers concurrently at READ COMMITTED: a check-then-write
// must first lock what it checks. (SQLite's BEGIN IMMEDIATE already lets one
// writer in at a time.)
void lock_agreement_table(Database& db) {
  if (db.backend() == Backend::kPostgres) db.sql() << "LOCK TABLE agreement IN SHARE ROW EXCLUSIVE MODE";
}

void lock_agreement_row(Database& db, long long id) {
  if (db.backend() != Backend::kPostgres) return;
  long long locked = 0;
  db.sql() << "SELECT id FROM agreement WHERE id = :i FOR UPDATE", soci::use(id), soci::into(locked);
}

void accumulate(std::int64_t& total, std::int64_t v) {
  if (__builtin_add_overflow(total, v, &total)) throw std::overflow_error("amount total overflows int64");
}

std::optional<long long> id_of(Database& db, const char* sql, const std::string& key) {
  long long id = 0;
  db.sql() << sql, soci::use(key), soci::into(id);
  if (!db.sql().got_data()) return std::nullopt;
  return id;
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string period_text(Date a, Date b) { return a.to_string() + " .. " + b.to_string(); }

Currency stored_currency(const std::string& code) {
  auto c = Currency::of(code);
  if (!c) throw std::runtime_error("corrupt currency in database: '" + code + "'");
  return c.value();
}

Currency currency_of(const AgreementTerms& t) { return stored_currency(t.currency); }

Error unknown_agreement(const std::string& reference) {
  return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + reference + "'", "agreement");
}

// ---- reading agreements ------------------------------------------------------------

struct StoredAgreement {
  long long id = 0;
  AgreementTerms terms;
  std::string licensee_name, created_at, terms_json;
};

void load_territory(Database& db, long long id, AgreementTerms& t) {
  std::string country;
  soci::statement st = (db.sql().prepare << "SELECT country FROM agreement_territory "
                                            "WHERE agreement_id = :a ORDER BY country",
                        soci::use(id), soci::into(country));
  each_row(st, [&] { t.territory.push_back(country); });
}

void load_tiers(Database& db, long long id, AgreementTerms& t) {
  long long up_to = 0, rate = 0;
  soci::statement st = (db.sql().prepare << "SELECT COALESCE(up_to_minor, -1), rate_bps FROM royalty_tier "
                                            "WHERE agreement_id = :a ORDER BY position",
                        soci::use(id), soci::into(up_to), soci::into(rate));
  each_row(st, [&] {
    t.tiers.push_back(RoyaltyTier{up_to < 0 ? std::nullopt : std::optional<std::int64_t>(up_to), rate});
  });
}

std::vector<MilestoneView> load_milestones(Database& db, long long id) {
  std::vector<MilestoneView> out;
  std::string name, reached;
  long long amount = 0;
  soci::statement st =
      (db.sql().prepare << "SELECT m.name, m.amount_minor, COALESCE(r.reached_on, '') FROM milestone m "
                           "LEFT JOIN milestone_reached r ON r.agreement_id = m.agreement_id AND "
                           "r.name = m.name WHERE m.agreement_id = :a ORDER BY m.name",
       soci::use(id), soci::into(name), soci::into(amount), soci::into(reached));
  each_row(st, [&] {
    out.push_back(MilestoneView{name, amount, reached.empty() ? std::nullopt : std::optional<Date>(stored_date(reached))});
  });
  return out;
}

std::vector<LicensedPatentView> load_licensed(Database& db, long long id) {
  std::vector<LicensedPatentView> out;
  std::string number, title;
  long long weight = 0;
  soci::statement st =
      (db.sql().prepare << "SELECT p.application_number, p.title, ap.weight FROM agreement_patent ap "
                           "JOIN patent p ON p.id = ap.patent_id WHERE ap.agreement_id = :a "
                           "ORDER BY p.application_number",
       soci::use(id), soci::into(number), soci::into(title), soci::into(weight));
  each_row(st, [&] { out.push_back(LicensedPatentView{number, title, weight}); });
  return out;
}

std::optional<StoredAgreement> load_agreement(Database& db, const std::string& reference) {
  StoredAgreement a;
  AgreementTerms& t = a.terms;
  std::string start, end;
  long long exclusive = 0, upfront = 0, minimum = 0, bps = 0;
  db.sql() << "SELECT a.id, i.code, i.name_en, COALESCE(k.code, ''), a.exclusive, a.field, a.starts_on, "
              "a.ends_on, a.currency, a.upfront_minor, a.minimum_annual_minor, a.sublicense_share_bps, "
              "a.policy, a.terms, a.created_at FROM agreement a JOIN institution i ON i.id = a.licensee_id "
              "LEFT JOIN package k ON k.id = a.package_id WHERE a.reference = :r",
      soci::use(reference), soci::into(a.id), soci::into(t.licensee), soci::into(a.licensee_name),
      soci::into(t.package), soci::into(exclusive), soci::into(t.field), soci::into(start), soci::into(end),
      soci::into(t.currency), soci::into(upfront), soci::into(minimum), soci::into(bps), soci::into(t.policy),
      soci::into(a.terms_json), soci::into(a.created_at);
  if (!db.sql().got_data()) return std::nullopt;
  t.reference = reference;
  t.exclusive = exclusive != 0;
  t.start = stored_date(start);
  t.end = stored_date(end);
  t.upfront_minor = upfront;
  t.minimum_annual_minor = minimum;
  t.sublicense_share_bps = bps;
  load_territory(db, a.id, t);
  load_tiers(db, a.id, t);
  for (const auto& m : load_milestones(db, a.id)) t.milestones.push_back(Milestone{m.name, m.amount_minor});
  if (t.package.empty()) {
    for (const auto& p : load_licensed(db, a.id)) t.patents.push_back(p.application_number);
  }
  return a;
}

std::vector<InvoiceView> load_invoices(Database& db, long long agreement_id) {
  std::vector<InvoiceView> out;
  InvoiceView v;
  std::string type, issued, milestone, description;
  long long id = 0, amount = 0, report = 0, year = 0, paid = 0;
  soci::statement st =
      (db.sql().prepare
           << "SELECT v.id, v.income_type, v.issued_on, v.amount_minor, COALESCE(v.report_id, 0), "
              "COALESCE(v.milestone, ''), COALESCE(v.contract_year, -1), e.description, "
              "COALESCE((SELECT CAST(SUM(pa.amount_minor) AS BIGINT) FROM payment_application pa "
              "WHERE pa.invoice_id = v.id AND " << kStandingApplication
           << "), 0) FROM invoice v JOIN journal_entry e ON e.id = v.entry_id "
              "WHERE v.agreement_id = :a ORDER BY v.issued_on, v.id",
       soci::use(agreement_id), soci::into(id), soci::into(type), soci::into(issued), soci::into(amount),
       soci::into(report), soci::into(milestone), soci::into(year), soci::into(description), soci::into(paid));
  each_row(st, [&] {
    InvoiceView i;
    i.id = id;
    i.income_type = type;
    i.issued_on = stored_date(issued);
    i.amount_minor = amount;
    i.paid_minor = paid;
    i.open_minor = amount - paid;
    if (report > 0) i.report_id = report;
    i.milestone = milestone;
    if (year >= 0) i.contract_year = static_cast<int>(year);
    i.description = description;
    out.push_back(std::move(i));
  });
  return out;
}

InvoiceView load_invoice(Database& db, long long agreement_id, long long invoice_id) {
  for (auto& i : load_invoices(db, agreement_id)) {
    if (i.id == invoice_id) return i;
  }
  throw std::runtime_error("invoice " + std::to_string(invoice_id) + " not found after issuing it");
}

std::vector<ReportView> load_reports(Database& db, long long agreement_id, Date start) {
  std::vector<ReportView> out;
  std::string from, to, received;
  long long id = 0, sales = 0, income = 0, corrects = 0, corrected_by = 0;
  soci::statement st =
      (db.sql().prepare
           << "SELECT r.id, r.period_start, r.period_end, r.net_sales_minor, r.sublicense_income_minor, "
              "COALESCE(r.corrects_report_id, 0), r.received_at, COALESCE((SELECT MIN(c.id) FROM "
              "royalty_report c WHERE c.corrects_report_id = r.id), 0) FROM royalty_report r "
              "WHERE r.agreement_id = :a ORDER BY r.id",
       soci::use(agreement_id), soci::into(id), soci::into(from), soci::into(to), soci::into(sales),
       soci::into(income), soci::into(corrects), soci::into(received), soci::into(corrected_by));
  each_row(st, [&] {
    ReportView r;
    r.id = id;
    r.period_start = stored_date(from);
    r.period_end = stored_date(to);
    r.contract_year = contract_year_index(start, r.period_start);
    r.net_sales_minor = sales;
    r.sublicense_income_minor = income;
    if (corrects > 0) r.corrects = corrects;
    if (corrected_by > 0) r.corrected_by = corrected_by;
    r.received_at = received;
    out.push_back(r);
  });
  return out;
}

AgreementTotals totals_of(const std::vector<InvoiceView>& invoices) {
  AgreementTotals t;
  for (const auto& i : invoices) {
    accumulate(t.invoiced_minor, i.amount_minor);
    accumulate(t.paid_minor, i.paid_minor);
  }
  t.open_minor = t.invoiced_minor - t.paid_minor;
  return t;
}

// ---- invoices ------------------------------------------------------------------------

// The day an invoice due on `due` is dated: `due`, or the first day after the
// last closed month when `due` falls in a closed month (then `note` says so).
struct IssueDay {
  Date day;
  std::string note;
};

IssueDay issue_day(Database& db, Date due) {
  const auto closed = last_closed_month(db);
  if (!closed || month_of(due) > *closed) return {due, ""};
  const Date first_open = stored_date(*closed + "-01").month_end().add_days(1);
  return {first_open, cat(" (due ", due.to_string(), ", in a closed month: dated ",
                          first_open.to_string(), ", the first open day)")};
}

Result<long long> invoice(Database& db, const std::string& agreement, const char* type, Date due,
                          std::int64_t amount, std::string description,
                          std::optional<long long> report = std::nullopt,
                          std::optional<int> contract_year = std::nullopt, std::string milestone = {}) {
  const IssueDay day = issue_day(db, due);
  InvoiceDraft d;
  d.agreement = agreement;
  d.income_type = type;
  d.issued_on = day.day;
  d.amount_minor = amount;
  d.report_id = report;
  d.milestone = std::move(milestone);
  if (contract_year) d.contract_year = *contract_year;
  d.description = std::move(description) + day.note;
  return issue_invoice(db, d);
}

}  // namespace

namespace {

// ---- adding an agreement -----------------------------------------------------------

struct Licensed {
  long long patent_id = 0;
  std::string number;  // canonical
  std::int64_t weight = 1;
};

struct Parties {
  long long licensee_id = 0;
  std::optional<long long> package_id;
  std::vector<Licensed> patents;
};

Status check_licensee(Database& db, const std::string& code, long long& id) {
  std::string kind;
  db.sql() << "SELECT id, kind FROM institution WHERE code = :c", soci::use(code), soci::into(id),
      soci::into(kind);
  if (!db.sql().got_data()) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown licensee: no institution with code '" + code + "'",
                      "licensee");
  }
  if (kind != "company") {
    return make_error(ErrorKind::kInvalid, "bad_licensee", "licensee " + code + " is a " + kind + ", not a company", "licensee");
  }
  return {};
}

long long patent_id(Database& db, const std::string& number) {
  auto id = id_of(db, "SELECT id FROM patent WHERE application_number = :n", number);
  if (!id) throw std::runtime_error("patent " + number + " vanished");
  return *id;
}

Result<std::vector<Licensed>> package_patents(Database& db, PackageService& packages,
                                              const AgreementTerms& t) {
  auto members = packages.members_at(t.package, t.start);
  if (!members) return members.error();
  std::vector<Licensed> out;
  for (const auto& m : *members) {
    out.push_back(Licensed{patent_id(db, m.application_number), m.application_number, m.weight});
  }
  return out;
}

Result<std::vector<Licensed>> listed_patents(Database& db, const AgreementTerms& t) {
  RegistryService registry(db);
  std::map<std::string, std::string> spelled;  // canonical → as written
  std::vector<Licensed> out;
  for (const auto& raw : t.patents) {
    auto p = registry.find_patent(raw);
    if (!p) return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + raw + "'", "patents");
    const std::string& number = p->patent.application_number;
    if (auto [it, fresh] = spelled.emplace(number, raw); !fresh) {
      return make_error(ErrorKind::kInvalid, "bad_terms",
                        "patents '" + it->second + "' and '" + raw + "' are the same patent " + number,
                        "patents");
    }
    out.push_back(Licensed{patent_id(db, number), number, 1});
  }
  std::sort(out.begin(), out.end(), [](const Licensed& a, const Licensed& b) { return a.number < b.number; });
  return out;
}

Status check_consents(AggregationService& aggregation, const std::vector<Licensed>& patents, Date start) {
  std::vector<std::string> problems;
  for (const auto& p : patents) {
    auto missing = aggregation.missing_consents(p.number, ConsentScope::kLicensing, start);
    if (!missing) return missing.error();
    if (!missing->empty()) problems.push_back("patent " + p.number + ": no consent from " + join(*missing));
  }
  if (problems.empty()) return {};
  return make_error(ErrorKind::kInvalid, "missing_consent",
                    "a licence needs every co-owner's consent to licensing on or before the start " +
                        start.to_string() + " (JP Patent Act art. 73): " + join(problems, "; "),
                    "patents");
}

LicenceScope load_scope(Database& db, long long id) {
  LicenceScope s;
  std::string start, end;
  db.sql() << "SELECT reference, field, starts_on, ends_on FROM agreement WHERE id = :i", soci::use(id),
      soci::into(s.reference), soci::into(s.field), soci::into(start), soci::into(end);
  s.exclusive = true;
  s.start = stored_date(start);
  s.end = stored_date(end);
  AgreementTerms t;
  load_territory(db, id, t);
  s.territory = std::move(t.territory);
  for (const auto& p : load_licensed(db, id)) s.patents.push_back(p.application_number);
  return s;
}

// The exclusive agreements licensing any of `patents`, by reference.
std::vector<LicenceScope> exclusive_scopes(Database& db, const std::vector<Licensed>& patents) {
  std::set<long long> ids;
  for (const auto& p : patents) {
    long long id = 0, pid = p.patent_id;
    soci::statement st = (db.sql().prepare << "SELECT a.id FROM agreement a JOIN agreement_patent ap "
                                              "ON ap.agreement_id = a.id WHERE a.exclusive = 1 AND "
                                              "ap.patent_id = :p",
                          soci::use(pid), soci::into(id));
    each_row(st, [&] { ids.insert(id); });
  }
  std::vector<LicenceScope> out;
  for (long long id : ids) out.push_back(load_scope(db, id));
  std::sort(out.begin(), out.end(),
            [](const LicenceScope& a, const LicenceScope& b) { return a.reference < b.reference; });
  return out;
}

Status check_exclusivity(Database& db, const AgreementTerms& t, const std::vector<Licensed>& patents) {
  if (!t.exclusive) return {};
  LicenceScope candidate{t.reference, true, t.field, t.territory, t.start, t.end, {}};
  for (const auto& p : patents) candidate.patents.push_back(p.number);
  auto conflict = find_exclusivity_conflict(candidate, exclusive_scopes(db, patents));
  if (!conflict) return {};
  return make_error(ErrorKind::kRefused, "exclusive_overlap", describe_conflict(t.reference, *conflict), "exclusive");
}

// The agreement's policy must load now exactly as a payment will load it
// (one rule: a missing default.properties means the built-in defaults; any
// other policy needs its file, and the file must parse).
Status check_policy(const std::string& dir, const std::string& policy) {
  auto loaded = load_distribution_policy(dir, policy);
  if (loaded.ok()) return {};
  Error e = loaded.error();
  e.field = "policy";
  return e;
}

// The terms in the file format, for `terms` when no text was submitted.
std::string terms_to_json(const AgreementTerms& t) {
  const Currency c = currency_of(t);
  auto amount = [&](std::int64_t minor) { return Money(minor, c).to_string(); };
  JsonWriter w;
  w.begin_object().field("id", t.reference).field("licensee", t.licensee);
  if (t.package.empty()) {
    w.key("patents").begin_array();
    for (const auto& p : t.patents) w.value(p);
    w.end_array();
  } else {
    w.field("package", t.package);
  }
  w.field("exclusive", t.exclusive).field("field", t.field).key("territory").begin_array();
  for (const auto& x : t.territory) w.value(x);
  w.end_array().field("start", t.start.to_string()).field("end", t.end.to_string());
  w.field("currency", t.currency).field("upfront_fee", amount(t.upfront_minor)).key("royalty_tiers").begin_array();
  for (const auto& tier : t.tiers) {
    w.begin_object();
    if (tier.up_to_minor) w.field("up_to", amount(*tier.up_to_minor));
    w.field("rate_bps", tier.rate_bps).end_object();
  }
  w.end_array().field("minimum_annual_royalty", amount(t.minimum_annual_minor)).key("milestones").begin_array();
  for (const auto& m : t.milestones) w.begin_object().field("name", m.name).field("amount", amount(m.amount_minor)).end_object();
  w.end_array().field("sublicense_share_bps", t.sublicense_share_bps).field("policy", t.policy).end_object();
  return w.take();
}

long long insert_agreement(Database& db, const AgreementTerms& t, const Parties& parties,
                           const std::string& terms_json) {
  const long long exclusive = t.exclusive ? 1 : 0, upfront = t.upfront_minor,
                  minimum = t.minimum_annual_minor, bps = t.sublicense_share_bps,
                  package = parties.package_id.value_or(0);
  soci::indicator package_i = parties.package_id ? soci::i_ok : soci::i_null;
  const std::string start = t.start.to_string(), end = t.end.to_string(), now = utc_now();
  return insert_row(
      db, "agreement",
      "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on, "
      "currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at) "
      "VALUES (:r, :l, :k, :x, :f, :s, :e, :c, :u, :m, :b, :p, :t, :n)",
      soci::use(t.reference), soci::use(parties.licensee_id), soci::use(package, package_i),
      soci::use(exclusive), soci::use(t.field), soci::use(start), soci::use(end), soci::use(t.currency),
      soci::use(upfront), soci::use(minimum), soci::use(bps), soci::use(t.policy), soci::use(terms_json),
      soci::use(now));
}

void insert_parts(Database& db, long long id, const AgreementTerms& t, const std::vector<Licensed>& patents) {
  for (const auto& country : t.territory) {
    db.sql() << "INSERT INTO agreement_territory (agreement_id, country) VALUES (:a, :c)", soci::use(id),
        soci::use(country);
  }
  for (std::size_t i = 0; i < t.tiers.size(); ++i) {
    const long long position = static_cast<long long>(i), rate = t.tiers[i].rate_bps,
                    up_to = t.tiers[i].up_to_minor.value_or(0);
    soci::indicator up_to_i = t.tiers[i].up_to_minor ? soci::i_ok : soci::i_null;
    db.sql() << "INSERT INTO royalty_tier (agreement_id, position, up_to_minor, rate_bps) VALUES (:a, :p, :u, :r)",
        soci::use(id), soci::use(position), soci::use(up_to, up_to_i), soci::use(rate);
  }
  for (const auto& m : t.milestones) {
    const long long amount = m.amount_minor;
    db.sql() << "INSERT INTO milestone (agreement_id, name, amount_minor) VALUES (:a, :n, :m)", soci::use(id),
        soci::use(m.name), soci::use(amount);
  }
  for (const auto& p : patents) {
    const long long weight = p.weight;
    db.sql() << "INSERT INTO agreement_patent (agreement_id, patent_id, weight) VALUES (:a, :p, :w)",
        soci::use(id), soci::use(p.patent_id), soci::use(weight);
  }
}

std::string agreement_detail(const AgreementTerms& t, const std::vector<Licensed>& patents,
                             std::optional<long long> upfront_invoice) {
  JsonWriter w;
  w.begin_object().field("licensee", t.licensee).field("package", t.package).key("patents").begin_array();
  for (const auto& p : patents) w.begin_object().field("number", p.number).field("weight", p.weight).end_object();
  w.end_array().field("exclusive", t.exclusive).field("field", t.field).field("start", t.start.to_string());
  w.field("end", t.end.to_string()).field("currency", t.currency).field("upfront_minor", t.upfront_minor);
  w.key("upfront_invoice");
  if (upfront_invoice) {
    w.value(static_cast<std::int64_t>(*upfront_invoice));
  } else {
    w.null();
  }
  return w.end_object().take();
}

// The deal pipeline: the licensee's deal for the package (or for the one
// package holding every listed patent on the start) becomes licensed.
void record_deal(Database& db, const std::string& actor, const AgreementTerms& t, const Parties& parties,
                 long long agreement_id) {
  DealService deals(db, actor);
  std::optional<long long> package = parties.package_id;
  if (!package) {
    std::vector<long long> ids;
    for (const auto& p : parties.patents) ids.push_back(p.patent_id);
    package = deals.sole_package_of(ids, t.start);
  }
  if (package) deals.record_agreement(parties.licensee_id, *package, agreement_id, t.reference, t.start);
}

}  // namespace

Result<AgreementView> LicensingService::add_agreement(const AgreementTerms& t, const std::string& terms_json) {
  if (Status s = validate_terms(t); !s) return s.error();
  if (Status s = check_policy(policy_dir_, t.policy); !s) return s.error();
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  lock_agreement_table(db_);
  if (id_of(db_, "SELECT id FROM agreement WHERE reference = :r", t.reference)) {
    return make_error(ErrorKind::kConflict, "duplicate_agreement", "agreement " + t.reference + " already exists", "id");
  }
  Parties parties;
  if (Status s = check_licensee(db_, t.licensee, parties.licensee_id); !s) return s.error();
  PackageService packages(db_, actor_, settings_);
  auto patents = t.package.empty() ? listed_patents(db_, t) : package_patents(db_, packages, t);
  if (!patents) return patents.error();
  parties.patents = std::move(patents).value();
  if (!t.package.empty()) parties.package_id = id_of(db_, "SELECT id FROM package WHERE code = :c", t.package);
  AggregationService aggregation(db_, settings_, actor_);
  if (Status s = check_consents(aggregation, parties.patents, t.start); !s) return s.error();
  if (Status s = check_exclusivity(db_, t, parties.patents); !s) return s.error();
  const long long id = insert_agreement(db_, t, parties, terms_json.empty() ? terms_to_json(t) : terms_json);
  insert_parts(db_, id, t, parties.patents);
  record_deal(db_, actor_, t, parties, id);
  std::optional<long long> upfront;
  if (t.upfront_minor > 0) {
    auto inv = invoice(db_, t.reference, "upfront", t.start, t.upfront_minor, "upfront fee of " + t.reference);
    if (!inv) return inv.error();
    upfront = *inv;
  }
  record_change(db_, actor_, "agreement.add", "agreement", t.reference,
                agreement_detail(t, parties.patents, upfront));
  tx.commit();
  return show(t.reference);
}

Result<AgreementView> LicensingService::add_agreement_json(const std::string& json) {
  auto terms = parse_agreement_json(json);
  if (!terms) return terms.error();
  return add_agreement(*terms, json);
}

Result<AgreementView> LicensingService::show(const std::string& reference) {
  auto a = load_agreement(db_, reference);
  if (!a) return unknown_agreement(reference);
  AgreementView v;
  v.terms = std::move(a->terms);
  v.licensee_name = a->licensee_name;
  v.created_at = a->created_at;
  v.terms_json = a->terms_json;
  v.patents = load_licensed(db_, a->id);
  v.milestones = load_milestones(db_, a->id);
  v.reports = load_reports(db_, a->id, v.terms.start);
  v.invoices = load_invoices(db_, a->id);
  v.totals = totals_of(v.invoices);
  return v;
}

Result<std::vector<AgreementSummary>> LicensingService::list(const std::string& licensee) {
  if (!licensee.empty() && !id_of(db_, "SELECT id FROM institution WHERE code = :c", licensee)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + licensee + "'", "licensee");
  }
  std::map<long long, std::vector<std::string>> territories;
  {
    long long id = 0;
    std::string country;
    soci::statement st = (db_.sql().prepare << "SELECT agreement_id, country FROM agreement_territory "
                                               "ORDER BY agreement_id, country",
                          soci::into(id), soci::into(country));
    each_row(st, [&] { territories[id].push_back(country); });
  }
  std::vector<AgreementSummary> out;
  AgreementSummary s;
  std::string start, end;
  long long id = 0, exclusive = 0, patents = 0, invoiced = 0, paid = 0;
  const std::string filter = licensee;
  soci::statement st =
      (db_.sql().prepare
           << "SELECT a.id, a.reference, i.code, COALESCE(k.code, ''), a.exclusive, a.field, a.starts_on, "
              "a.ends_on, a.currency, (SELECT COUNT(*) FROM agreement_patent ap WHERE ap.agreement_id = a.id), "
              "COALESCE((SELECT CAST(SUM(v.amount_minor) AS BIGINT) FROM invoice v WHERE v.agreement_id = a.id), 0), "
              "COALESCE((SELECT CAST(SUM(pa.amount_minor) AS BIGINT) FROM payment_application pa JOIN invoice v "
              "ON v.id = pa.invoice_id WHERE v.agreement_id = a.id AND " << kStandingApplication
           << "), 0) FROM agreement a JOIN institution i "
              "ON i.id = a.licensee_id LEFT JOIN package k ON k.id = a.package_id "
              "WHERE (:l = '' OR i.code = :l2) ORDER BY a.reference",
       soci::use(filter), soci::use(filter), soci::into(id), soci::into(s.reference), soci::into(s.licensee),
       soci::into(s.package), soci::into(exclusive), soci::into(s.field), soci::into(start), soci::into(end),
       soci::into(s.currency), soci::into(patents), soci::into(invoiced), soci::into(paid));
  each_row(st, [&] {
    AgreementSummary row = s;
    row.exclusive = exclusive != 0;
    row.start = stored_date(start);
    row.end = stored_date(end);
    row.patents = patents;
    row.territory = territories[id];
    row.totals = AgreementTotals{invoiced, paid, invoiced - paid};
    out.push_back(std::move(row));
  });
  return out;
}

namespace {

// ---- reports ----------------------------------------------------------------------------

struct ReportAmounts {
  std::vector<std::int64_t> line_minor;
  std::int64_t net_sales_minor = 0;
  std::int64_t sublicense_income_minor = 0;
};

Error bad_report(const std::string& field, const std::string& message) {
  return make_error(ErrorKind::kInvalid, "bad_report", message, field);
}

Result<ReportAmounts> report_amounts(const ReportFile& r, const AgreementTerms& t) {
  const Currency c = currency_of(t);
  ReportAmounts out;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const ReportFileLine& line = r.lines[i];
    const std::string at = indexed("lines", i);
    if (std::find(t.territory.begin(), t.territory.end(), line.territory) == t.territory.end()) {
      return bad_report(at + ".territory", at + ": territory '" + line.territory + "' is not licensed by " +
                                               t.reference + " (" + join(t.territory) + ")");
    }
    if (trim(line.product).empty()) return bad_report(at + ".product", at + ": product is required");
    auto m = Money::parse(line.net_sales, c);
    if (!m) return bad_report(at + ".net_sales", at + ".net_sales: " + m.error().message);
    out.line_minor.push_back(m->minor());
    if (__builtin_add_overflow(out.net_sales_minor, m->minor(), &out.net_sales_minor)) {
      return bad_report("lines", "the report's net sales total overflows");
    }
  }
  if (out.net_sales_minor < 0) {
    return bad_report("lines", "the report's net sales total " + amount_text(out.net_sales_minor, c) +
                                   " is negative: a report states the period's full net sales");
  }
  auto income = Money::parse(r.sublicense_income, c);
  if (!income) return bad_report("sublicense_income", "sublicense_income: " + income.error().message);
  if (income->minor() < 0) return bad_report("sublicense_income", "sublicense_income must not be negative");
  out.sublicense_income_minor = income->minor();
  return out;
}

std::string report_period(const ReportView& r) { return period_text(r.period_start, r.period_end); }

Status check_correction(Database& db, const std::vector<ReportView>& reports, const ReportFile& r) {
  const long long target = *r.corrects;
  auto it = std::find_if(reports.begin(), reports.end(), [&](const ReportView& x) { return x.id == target; });
  if (it == reports.end()) {
    std::string owner;
    long long id = target;
    db.sql() << "SELECT a.reference FROM royalty_report r JOIN agreement a ON a.id = r.agreement_id "
                "WHERE r.id = :i",
        soci::use(id), soci::into(owner);
    return bad_report("corrects", db.sql().got_data() ? "report " + std::to_string(target) +
                                                            " is a report of agreement " + owner + ", not " +
                                                            r.agreement
                                                      : "unknown report " + std::to_string(target) + " to correct");
  }
  if (it->corrected_by) {
    return bad_report("corrects", "report " + std::to_string(target) + " was already corrected by report " +
                                      std::to_string(*it->corrected_by) + ": correct report " +
                                      std::to_string(*it->corrected_by) + " instead");
  }
  if (it->period_start != r.period_start || it->period_end != r.period_end) {
    return bad_report("corrects", "a correction covers the same period as the report it corrects: report " +
                                      std::to_string(target) + " is for " + report_period(*it) + ", not " +
                                      period_text(r.period_start, r.period_end));
  }
  return {};
}

Status check_report_place(Database& db, const std::vector<ReportView>& reports, const ReportFile& r) {
  if (r.corrects) return check_correction(db, reports, r);
  for (const auto& x : reports) {
    if (x.corrected_by || !periods_overlap(x.period_start, x.period_end, r.period_start, r.period_end)) continue;
    return bad_report("period_start",
                      "period " + period_text(r.period_start, r.period_end) + " overlaps report " +
                          std::to_string(x.id) + " (" + report_period(x) + ") of " + r.agreement +
                          ": to change that report, submit a correction with \"corrects\": " +
                          std::to_string(x.id) + " and the same period");
  }
  return {};
}

std::vector<YearReport> year_reports(const std::vector<ReportView>& reports, int year) {
  std::vector<YearReport> out;
  for (const auto& r : reports) {
    if (r.contract_year == year) {
      out.push_back(YearReport{r.id, r.net_sales_minor, r.sublicense_income_minor, r.corrects});
    }
  }
  return out;
}

long long insert_report(Database& db, long long agreement_id, const ReportFile& r, const ReportAmounts& a) {
  const std::string from = r.period_start.to_string(), to = r.period_end.to_string(), now = utc_now();
  const long long sales = a.net_sales_minor, income = a.sublicense_income_minor, corrects = r.corrects.value_or(0);
  soci::indicator corrects_i = r.corrects ? soci::i_ok : soci::i_null;
  const long long id = insert_row(
      db, "royalty_report",
      "INSERT INTO royalty_report (agreement_id, period_start, period_end, net_sales_minor, "
      "sublicense_income_minor, corrects_report_id, received_at) VALUES (:a, :f, :t, :s, :i, :c, :r)",
      soci::use(agreement_id), soci::use(from), soci::use(to), soci::use(sales), soci::use(income),
      soci::use(corrects, corrects_i), soci::use(now));
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const long long position = static_cast<long long>(i), amount = a.line_minor[i];
    db.sql() << "INSERT INTO report_line (report_id, position, territory, product, net_sales_minor) "
                "VALUES (:r, :p, :t, :d, :n)",
        soci::use(id), soci::use(position), soci::use(r.lines[i].territory), soci::use(r.lines[i].product),
        soci::use(amount);
  }
  return id;
}

// Issues the report's invoices (none for a zero amount); returns their ids.
Result<std::vector<long long>> invoice_report(Database& db, const AgreementTerms& t, long long report_id,
                                              const ReportFile& r, const ContractYear& year,
                                              const ReportCharge& charge) {
  const Currency c = currency_of(t);
  const std::string what = "report " + std::to_string(report_id) + " (" +
                           period_text(r.period_start, r.period_end) + ")" +
                           (r.corrects ? ", correcting report " + std::to_string(*r.corrects) : "");
  std::vector<long long> ids;
  if (charge.running_royalty_minor != 0) {
    auto id = invoice(db, t.reference, "running_royalty", r.period_end, charge.running_royalty_minor,
                      "running royalty of " + t.reference + ", " + what + ": contract year " +
                          period_text(year.first, year.last) + " net sales " +
                          amount_text(charge.cumulative_before_minor, c) + " -> " +
                          amount_text(charge.cumulative_after_minor, c),
                      report_id, year.index);
    if (!id) return id.error();
    ids.push_back(*id);
  }
  if (charge.sublicense_minor != 0) {
    auto id = invoice(db, t.reference, "sublicense", r.period_end, charge.sublicense_minor,
                      "sublicence share (" + std::to_string(t.sublicense_share_bps) + " bps) of " +
                          t.reference + ", " + what,
                      report_id, year.index);
    if (!id) return id.error();
    ids.push_back(*id);
  }
  return ids;
}

std::string report_detail(const ReportFile& r, const ContractYear& year, const ReportAmounts& a,
                          const ReportCharge& charge, const std::vector<long long>& invoices) {
  JsonWriter w;
  w.begin_object().field("agreement", r.agreement).field("period_start", r.period_start.to_string());
  w.field("period_end", r.period_end.to_string()).field("contract_year", year.index).key("corrects");
  if (r.corrects) {
    w.value(static_cast<std::int64_t>(*r.corrects));
  } else {
    w.null();
  }
  w.field("net_sales_minor", a.net_sales_minor).field("sublicense_income_minor", a.sublicense_income_minor);
  w.field("cumulative_before_minor", charge.cumulative_before_minor);
  w.field("cumulative_after_minor", charge.cumulative_after_minor);
  w.field("running_royalty_minor", charge.running_royalty_minor).field("sublicense_minor", charge.sublicense_minor);
  w.key("invoices").begin_array();
  for (long long id : invoices) w.value(static_cast<std::int64_t>(id));
  return w.end_array().end_object().take();
}

}  // namespace

namespace {
Result<std::optional<long long>> revise_true_up(Database& db, const AgreementTerms& t, long long agreement_id,
                                                const ContractYear& year, long long report_id, Date due);
}  // namespace

Result<ReportOutcome> LicensingService::add_report(const ReportFile& r) {
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  auto a = load_agreement(db_, r.agreement);
  if (!a) return unknown_agreement(r.agreement);
  lock_agreement_row(db_, a->id);
  const AgreementTerms& t = a->terms;
  auto year = report_contract_year(t.start, t.end, r.period_start, r.period_end);
  if (!year) return year.error();
  auto amounts = report_amounts(r, t);
  if (!amounts) return amounts.error();
  const auto reports = load_reports(db_, a->id, t.start);
  if (Status s = check_report_place(db_, reports, r); !s) return s.error();
  auto charge = report_charge(t.tiers, t.sublicense_share_bps, year_reports(reports, year->index),
                              NewReport{amounts->net_sales_minor, amounts->sublicense_income_minor, r.corrects});
  if (!charge) return charge.error();
  const long long id = insert_report(db_, a->id, r, *amounts);
  auto issued = invoice_report(db_, t, id, r, *year, *charge);
  if (!issued) return issued.error();
  std::vector<long long> invoices = std::move(issued).value();
  // A late report or a correction for a year already trued up revises the true-up.
  auto revised = revise_true_up(db_, t, a->id, *year, id, r.period_end);
  if (!revised) return revised.error();
  if (*revised) invoices.push_back(**revised);
  record_change(db_, actor_, "report.add", "royalty_report", std::to_string(id),
                report_detail(r, *year, *amounts, *charge, invoices));
  ReportOutcome out;
  out.agreement = t.reference;
  out.currency = t.currency;
  for (const auto& x : load_reports(db_, a->id, t.start)) {
    if (x.id == id) out.report = x;
  }
  out.year = *year;
  out.cumulative_before_minor = charge->cumulative_before_minor;
  out.cumulative_after_minor = charge->cumulative_after_minor;
  for (long long inv : invoices) out.invoices.push_back(load_invoice(db_, a->id, inv));
  tx.commit();
  return out;
}

Result<ReportOutcome> LicensingService::add_report_json(const std::string& json) {
  auto r = parse_report_json(json);
  if (!r) return r.error();
  return add_report(*r);
}

// ---- milestones ----------------------------------------------------------------------------

Result<InvoiceView> LicensingService::reach_milestone(const std::string& agreement, const std::string& name,
                                                      Date on) {
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  auto a = load_agreement(db_, agreement);
  if (!a) return unknown_agreement(agreement);
  lock_agreement_row(db_, a->id);
  const AgreementTerms& t = a->terms;
  std::vector<std::string> names;
  const Milestone* found = nullptr;
  for (const auto& m : t.milestones) {
    names.push_back("'" + m.name + "'");
    if (m.name == name) found = &m;
  }
  if (!found) {
    return make_error(ErrorKind::kNotFound, "unknown_milestone", "agreement " + agreement + " has no milestone '" + name + "' (" +
                                               (names.empty() ? "it has none" : "its milestones: " + join(names)) + ")",
                      "name");
  }
  for (const auto& m : load_milestones(db_, a->id)) {
    if (m.name == name && m.reached_on) {
      return make_error(ErrorKind::kRefused, "milestone_reached", "milestone '" + name + "' of " + agreement +
                                                 " was already reached on " + m.reached_on->to_string(),
                        "name");
    }
  }
  if (on < t.start) {
    return make_error(ErrorKind::kInvalid, "bad_date", "milestone date " + on.to_string() + " is before the agreement's start " +
                                      t.start.to_string(), "date");
  }
  const std::string day = on.to_string();
  db_.sql() << "INSERT INTO milestone_reached (agreement_id, name, reached_on) VALUES (:a, :n, :d)",
      soci::use(a->id), soci::use(name), soci::use(day);
  auto id = invoice(db_, agreement, "milestone", on, found->amount_minor,
                    "milestone '" + name + "' of " + agreement + ", reached " + day, std::nullopt, std::nullopt,
                    name);
  if (!id) return id.error();
  JsonWriter w;
  w.begin_object().field("milestone", name).field("reached_on", day).field("amount_minor", found->amount_minor);
  w.field("invoice", static_cast<std::int64_t>(*id)).end_object();
  record_change(db_, actor_, "milestone.reach", "agreement", agreement, w.take());
  InvoiceView out = load_invoice(db_, a->id, *id);
  tx.commit();
  return out;
}

// ---- minimum annual royalty true-ups ----------------------------------------------------------

namespace {

struct TrueUpCandidate {
  long long id = 0;
  std::string reference, currency;
  Date start, end;
  std::int64_t minimum_minor = 0;
};

std::vector<TrueUpCandidate> true_up_candidates(Database& db, Date first, Date last) {
  std::vector<TrueUpCandidate> out;
  TrueUpCandidate c;
  std::string start, end;
  long long minimum = 0;
  const std::string from = first.to_string(), to = last.to_string();
  soci::statement st =
      (db.sql().prepare << "SELECT id, reference, currency, starts_on, ends_on, minimum_annual_minor FROM "
                           "agreement WHERE minimum_annual_minor > 0 AND starts_on <= :t AND ends_on >= :f "
                           "ORDER BY reference",
       soci::use(to), soci::use(from), soci::into(c.id), soci::into(c.reference), soci::into(c.currency),
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

// COUNT(*) or the sum of one contract year's invoices of one income type.
long long year_invoices(Database& db, const char* aggregate, long long agreement_id, const char* type,
                        long long year) {
  long long v = 0;
  const std::string income_type = type;
  db.sql() << std::string("SELECT ") + aggregate +
                  " FROM invoice WHERE agreement_id = :a AND income_type = :t AND contract_year = :y",
      soci::use(agreement_id), soci::use(income_type), soci::use(year), soci::into(v);
  return v;
}

constexpr const char* kCount = "COUNT(*)";
constexpr const char* kSum = "COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0)";

// A report that changes the running royalties of a contract year whose
// true-up is behind it (the month holding the year's last day is closed: a
// late report, or a correction of one of the year's reports) would otherwise
// leave the year invoiced at more (or less) than max(running royalties,
// minimum). It revises the true-up: an invoice of type minimum_true_up for
// the shortfall now less what was trued up (negative: a credit note; the
// first one when the minimum was met at the close but no longer is). None
// when nothing changes, or when the year's close is still ahead (it counts
// the report then).
Result<std::optional<long long>> revise_true_up(Database& db, const AgreementTerms& t, long long agreement_id,
                                                const ContractYear& year, long long report_id, Date due) {
  if (t.minimum_annual_minor <= 0) return std::optional<long long>();
  const auto closed = last_closed_month(db);
  if (!closed || month_of(year.last) > *closed) return std::optional<long long>();
  const long long running = year_invoices(db, kSum, agreement_id, "running_royalty", year.index);
  const long long trued = year_invoices(db, kSum, agreement_id, "minimum_true_up", year.index);
  const std::int64_t shortfall = true_up_minor(t.minimum_annual_minor, running);
  const std::int64_t adjustment = shortfall - trued;
  if (adjustment == 0) return std::optional<long long>();
  const Currency c = currency_of(t);
  auto id = invoice(db, t.reference, "minimum_true_up", due, adjustment,
                    "revised minimum annual royalty true-up of " + t.reference + ", contract year " +
                        period_text(year.first, year.last) + ", after report " + std::to_string(report_id) +
                        ": minimum " + amount_text(t.minimum_annual_minor, c) + " - running royalties now " +
                        amount_text(running, c) + " = shortfall " + amount_text(shortfall, c) +
                        "; trued up before " + amount_text(trued, c),
                    report_id, year.index);
  if (!id) return id.error();
  return std::optional<long long>(*id);
}

}  // namespace

Result<std::vector<long long>> LicensingService::issue_true_ups(Date month_end) {
  const Date first = month_end.month_start(), last = month_end.month_end();
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  lock_agreement_table(db_);
  std::vector<long long> issued;
  for (const auto& c : true_up_candidates(db_, first, last)) {
    const Currency currency = stored_currency(c.currency);
    for (const auto& year : contract_years_ended_by(c.start, c.end, last)) {
      if (year.last < first) continue;
      const long long k = year.index;
      if (year_invoices(db_, kCount, c.id, "minimum_true_up", k) > 0) continue;
      const long long running = year_invoices(db_, kSum, c.id, "running_royalty", k);
      const std::int64_t shortfall = true_up_minor(c.minimum_minor, running);
      if (shortfall == 0) continue;
      auto id = invoice(db_, c.reference, "minimum_true_up", year.last, shortfall,
                        "minimum annual royalty true-up of " + c.reference + ", contract year " +
                            period_text(year.first, year.last) + ": minimum " +
                            amount_text(c.minimum_minor, currency) + " - running royalties " +
                            amount_text(running, currency),
                        std::nullopt, year.index);
      if (!id) return id.error();
      JsonWriter w;
      w.begin_object().field("contract_year", year.index).field("first", year.first.to_string());
      w.field("last", year.last.to_string()).field("minimum_minor", c.minimum_minor);
      w.field("running_royalties_minor", static_cast<std::int64_t>(running)).field("true_up_minor", shortfall);
      w.field("invoice", static_cast<std::int64_t>(*id)).end_object();
      record_change(db_, actor_, "true_up", "agreement", c.reference, w.take());
      issued.push_back(*id);
    }
  }
  tx.commit();
  return issued;
}

}  // namespace chizai
