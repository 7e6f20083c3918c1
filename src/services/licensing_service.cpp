#include "services/licensing_service.h"

#include <simdjson.h>

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
#include "store/close_store.h"
#include "store/invoice_store.h"
#include "store/journal_store.h"
#include "store/licensing_store.h"
#include "store/lookup.h"

namespace chizai {
namespace {

std::string indexed(const char* key, std::size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }

// Refuses a page of an id-keyed list after something that is not a
// positive decimal id (field "after").
Status check_id_after(const PageRequest& page) {
  const std::string& a = page.after;
  const bool digits = !a.empty() && a.size() <= 18 && a.find_first_not_of("0123456789") == std::string::npos;
  if (a.empty() || (digits && a.find_first_not_of('0') != std::string::npos)) return {};
  return make_error(ErrorKind::kInvalid, "unknown_after", "'" + a + "' is not an id to list after", "after");
}

void accumulate(std::int64_t& total, std::int64_t v) {
  if (__builtin_add_overflow(total, v, &total)) throw std::overflow_error("amount total overflows int64");
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

InvoiceView load_invoice(Database& db, long long agreement_id, long long invoice_id) {
  for (auto& i : agreement_invoices(db, agreement_id)) {
    if (i.id == invoice_id) return i;
  }
  throw std::runtime_error("invoice " + std::to_string(invoice_id) + " not found after issuing it");
}

// The agreement's reports (by id) with their contract years.
std::vector<ReportView> load_reports(Database& db, long long agreement_id, Date start) {
  std::vector<ReportView> out = agreement_reports(db, agreement_id);
  for (auto& r : out) r.contract_year = contract_year_index(start, r.period_start);
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
  const auto first_open = first_open_day(db);
  if (!first_open || due >= *first_open) return {due, ""};
  return {*first_open, cat(" (due ", due.to_string(), ", in a closed month: dated ",
                           first_open->to_string(), ", the first open day)")};
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

// The licensee, the package (if any) and the licensed patents.
struct Parties : AgreementParties {
  std::vector<Licensed> patents;
};

Status check_licensee(Database& db, const std::string& code, long long& id) {
  auto found = find_institution(db, code);
  if (!found) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown licensee: no institution with code '" + code + "'",
                      "licensee");
  }
  id = found->id;
  if (found->kind != "company") {
    return make_error(ErrorKind::kInvalid, "bad_licensee", "licensee " + code + " is a " + found->kind + ", not a company", "licensee");
  }
  return {};
}

long long patent_id(Database& db, const std::string& number) {
  auto id = find_patent_id(db, number);
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
    auto p = registry.lookup_patent(raw, "patents");
    if (!p && p.error().code == "unknown_patent") {
      return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + raw + "'", "patents");
    }
    if (!p) return p.error();
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

// The agreements licensing any of `patents`, by reference.
std::vector<LicenceScope> licence_scopes(Database& db, const std::vector<Licensed>& patents) {
  std::set<long long> ids;
  for (const auto& p : patents) {
    for (long long id : agreements_of(db, p.patent_id)) ids.insert(id);
  }
  std::vector<LicenceScope> out;
  for (long long id : ids) out.push_back(licence_scope(db, id));
  std::sort(out.begin(), out.end(),
            [](const LicenceScope& a, const LicenceScope& b) { return a.reference < b.reference; });
  return out;
}

Status check_exclusivity(Database& db, const FieldsOfUse& fields, const AgreementTerms& t,
                         const std::vector<Licensed>& patents) {
  LicenceScope candidate{t.reference, t.exclusive, t.field, t.territory, t.start, t.end, {}, t.reserved_fields};
  for (const auto& p : patents) candidate.patents.push_back(p.number);
  auto conflict = find_exclusivity_conflict(candidate, licence_scopes(db, patents), fields);
  if (!conflict) return {};
  return make_error(ErrorKind::kRefused, "exclusive_overlap", describe_conflict(candidate, *conflict), "exclusive");
}

// The configured vocabulary (licensing.fields_of_use), or the built-in one.
Result<FieldsOfUse> fields_of_use(const SchemeSettings& settings) {
  if (settings.fields_of_use.empty()) return FieldsOfUse::builtin();
  return FieldsOfUse::parse(settings.fields_of_use);
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
  w.field("exclusive", t.exclusive).field("field", t.field);
  if (!t.reserved_fields.empty()) {
    w.key("reserved_fields").begin_array();
    for (const auto& f : t.reserved_fields) w.value(f);
    w.end_array();
  }
  w.key("territory").begin_array();
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

void insert_agreement_rows(Database& db, long long id, const AgreementTerms& t,
                           const std::vector<Licensed>& patents) {
  std::vector<LicensedPatentRow> rows;
  for (const auto& p : patents) rows.push_back(LicensedPatentRow{p.patent_id, p.weight});
  insert_agreement_parts(db, id, t, rows);
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

Result<AgreementView> LicensingService::add_agreement(const AgreementTerms& submitted,
                                                     const std::string& terms_json) {
  if (Status s = validate_terms(submitted); !s) return s.error();
  auto fields = fields_of_use(settings_);
  if (!fields) return fields.error();
  AgreementTerms t = submitted;
  if (!t.payment_terms_days) t.payment_terms_days = settings_.payment_terms_days;
  if (!t.reporting_days) t.reporting_days = settings_.reporting_days;
  if (Status s = check_fields_of_use(*fields, t); !s) return s.error();
  if (Status s = check_policy(policy_dir_, t.policy); !s) return s.error();
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  lock_agreements(db_);
  if (find_agreement_id(db_, t.reference)) {
    return make_error(ErrorKind::kConflict, "duplicate_agreement", "agreement " + t.reference + " already exists", "id");
  }
  Parties parties;
  if (Status s = check_licensee(db_, t.licensee, parties.licensee_id); !s) return s.error();
  PackageService packages(db_, actor_, settings_);
  auto patents = t.package.empty() ? listed_patents(db_, t) : package_patents(db_, packages, t);
  if (!patents) return patents.error();
  parties.patents = std::move(patents).value();
  if (!t.package.empty()) parties.package_id = find_package_id(db_, t.package);
  AggregationService aggregation(db_, settings_, actor_);
  if (Status s = check_consents(aggregation, parties.patents, t.start); !s) return s.error();
  if (Status s = check_exclusivity(db_, *fields, t, parties.patents); !s) return s.error();
  const long long id =
      insert_agreement(db_, t, parties, terms_json.empty() ? terms_to_json(t) : terms_json, utc_now());
  insert_agreement_rows(db_, id, t, parties.patents);
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

Result<AgreementView> LicensingService::show(const std::string& reference) {
  auto a = load_agreement(db_, reference);
  if (!a) return unknown_agreement(reference);
  AgreementView v;
  v.terms = std::move(a->terms);
  v.licensee_name = a->licensee_name;
  v.created_at = a->created_at;
  v.terms_json = a->terms_json;
  v.patents = agreement_patents(db_, a->id);
  v.milestones = agreement_milestones(db_, a->id);
  v.reports = load_reports(db_, a->id, v.terms.start);
  v.invoices = agreement_invoices(db_, a->id);
  v.totals = totals_of(v.invoices);
  return v;
}

Result<Page<AgreementSummary>> LicensingService::list(const std::string& licensee, const PageRequest& page) {
  if (!licensee.empty() && !find_institution_id(db_, licensee)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + licensee + "'", "licensee");
  }
  if (!page.after.empty() && !load_agreement(db_, page.after)) {
    return make_error(ErrorKind::kInvalid, "unknown_after", "no agreement '" + page.after + "' to list after", "after");
  }
  return list_agreements(db_, licensee, page);
}

Result<Page<AgreementReport>> LicensingService::list_reports(const std::string& agreement, const PageRequest& page) {
  if (!agreement.empty() && !find_agreement_id(db_, agreement)) return unknown_agreement(agreement);
  if (Status s = check_id_after(page); !s) return s.error();
  Page<AgreementReport> out = chizai::list_reports(db_, agreement, page);
  for (auto& r : out.items) r.report.contract_year = contract_year_index(r.agreement_start, r.report.period_start);
  return out;
}

Result<ReportOutcome> LicensingService::show_report(long long id) {
  auto unknown = [&] {
    return make_error(ErrorKind::kNotFound, "unknown_report", "no report " + std::to_string(id), "report");
  };
  if (id <= 0) return unknown();
  ReadSnapshot snapshot(db_);
  // The keyset list from id − 1 on: its first row is the report, if it exists.
  const Page<AgreementReport> page = chizai::list_reports(db_, "", PageRequest{std::to_string(id - 1), 1});
  if (page.items.empty() || page.items.front().report.id != id) return unknown();
  auto a = load_agreement(db_, page.items.front().agreement);
  if (!a) return unknown_agreement(page.items.front().agreement);
  const auto reports = load_reports(db_, a->id, a->terms.start);
  for (const auto& r : reports) {
    if (r.id != id) continue;
    auto year = report_contract_year(a->terms.start, a->terms.end, r.period_start, r.period_end);
    if (!year) return year.error();
    return replayed_report(*a, reports, r, *year);
  }
  return unknown();
}

Result<InvoiceDetail> LicensingService::show_invoice(long long id) {
  ReadSnapshot snapshot(db_);
  auto invoice = id > 0 ? find_invoice(db_, id) : std::nullopt;
  if (!invoice) {
    return make_error(ErrorKind::kNotFound, "unknown_invoice", "no invoice " + std::to_string(id), "invoice");
  }
  return InvoiceDetail{std::move(*invoice), invoice_settlements(db_, id)};
}

Result<Page<AgreementInvoice>> LicensingService::list_invoices(const std::string& agreement, const PageRequest& page) {
  if (!agreement.empty() && !find_agreement_id(db_, agreement)) return unknown_agreement(agreement);
  if (Status s = check_id_after(page); !s) return s.error();
  return chizai::list_invoices(db_, agreement, page);
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
    const auto owner = report_agreement(db, target);
    return bad_report("corrects", owner ? "report " + std::to_string(target) + " is a report of agreement " +
                                              *owner + ", not " + r.agreement
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

// The standing report of the same content as `r` (period, lines, sublicence
// income, `corrects`): `r` submitted again is a replay of it.
std::optional<ReportView> same_report(Database& db, const std::vector<ReportView>& reports, const ReportFile& r,
                                      const ReportAmounts& a) {
  for (const auto& x : reports) {
    if (x.corrected_by || x.period_start != r.period_start || x.period_end != r.period_end ||
        x.corrects != r.corrects || x.net_sales_minor != a.net_sales_minor ||
        x.sublicense_income_minor != a.sublicense_income_minor) {
      continue;
    }
    const auto lines = report_lines(db, x.id);
    bool same = lines.size() == r.lines.size();
    for (std::size_t i = 0; same && i < lines.size(); ++i) {
      same = lines[i].territory == r.lines[i].territory && lines[i].product == r.lines[i].product &&
             lines[i].net_sales_minor == a.line_minor[i];
    }
    if (same) return x;
  }
  return std::nullopt;
}

// The reports on record before report `id` (what it was charged against).
std::vector<ReportView> reports_before(const std::vector<ReportView>& reports, long long id) {
  std::vector<ReportView> out;
  for (const auto& x : reports) {
    if (x.id < id) out.push_back(x);
  }
  return out;
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

long long save_report(Database& db, long long agreement_id, const ReportFile& r, const ReportAmounts& a) {
  ReportRow row;
  row.agreement_id = agreement_id;
  row.period_start = r.period_start;
  row.period_end = r.period_end;
  row.net_sales_minor = a.net_sales_minor;
  row.sublicense_income_minor = a.sublicense_income_minor;
  row.corrects = r.corrects;
  row.received_at = utc_now();
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    row.lines.push_back(ReportRow::Line{r.lines[i].territory, r.lines[i].product, a.line_minor[i]});
  }
  return insert_report(db, row);
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
  lock_agreement(db_, a->id);
  const AgreementTerms& t = a->terms;
  auto year = report_contract_year(t.start, t.end, r.period_start, r.period_end);
  if (!year) return year.error();
  auto amounts = report_amounts(r, t);
  if (!amounts) return amounts.error();
  const auto reports = load_reports(db_, a->id, t.start);
  if (auto first = same_report(db_, reports, r, *amounts)) return replayed_report(*a, reports, *first, *year);
  if (Status s = check_report_place(db_, reports, r); !s) return s.error();
  const YearInvoiced invoiced{sum_year_invoices(db_, a->id, "running_royalty", year->index),
                              sum_year_invoices(db_, a->id, "sublicense", year->index)};
  auto charge = report_charge(t.tiers, t.sublicense_share_bps, year_reports(reports, year->index),
                              NewReport{amounts->net_sales_minor, amounts->sublicense_income_minor, r.corrects},
                              invoiced);
  if (!charge) return charge.error();
  const long long id = save_report(db_, a->id, r, *amounts);
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
  // Credit the licensee holds on the agreement settles the new invoices.
  if (!out.invoices.empty()) {
    Date last = out.invoices.front().issued_on;
    for (const auto& inv : out.invoices) last = std::max(last, inv.issued_on);
    if (auto s = apply_credit(t.reference, last); !s) return s.error();
    out.invoices.clear();
    for (long long inv : invoices) out.invoices.push_back(load_invoice(db_, a->id, inv));
  }
  out.recorded = true;
  tx.commit();
  return out;
}

Result<ReportOutcome> LicensingService::replayed_report(const StoredAgreement& a, const std::vector<ReportView>& reports,
                                                        const ReportView& first, const ContractYear& year) {
  const AgreementTerms& t = a.terms;
  auto charge = report_charge(t.tiers, t.sublicense_share_bps,
                              year_reports(reports_before(reports, first.id), year.index),
                              NewReport{first.net_sales_minor, first.sublicense_income_minor, first.corrects},
                              YearInvoiced{});  // only the cumulative figures are shown
  if (!charge) return charge.error();
  ReportOutcome out;
  out.agreement = t.reference;
  out.currency = t.currency;
  out.report = first;
  out.year = year;
  out.cumulative_before_minor = charge->cumulative_before_minor;
  out.cumulative_after_minor = charge->cumulative_after_minor;
  for (const auto& inv : agreement_invoices(db_, a.id)) {
    if (inv.report_id == first.id) out.invoices.push_back(inv);
  }
  return out;
}

// ---- milestones ----------------------------------------------------------------------------

Result<InvoiceView> LicensingService::reach_milestone(const std::string& agreement, const std::string& name,
                                                      Date on) {
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  auto a = load_agreement(db_, agreement);
  if (!a) return unknown_agreement(agreement);
  lock_agreement(db_, a->id);
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
  for (const auto& m : agreement_milestones(db_, a->id)) {
    if (m.name == name && m.reached_on) {
      return make_error(ErrorKind::kRefused, "milestone_reached", "milestone '" + name + "' of " + agreement +
                                                 " was already reached on " + m.reached_on->to_string(),
                        "name");
    }
  }
  if (on < t.start) {
    return make_error(ErrorKind::kInvalid, "bad_date", "milestone date " + on.to_string() + " is before the agreement's start " +
                                      t.start.to_string(), "reached_on");
  }
  const std::string day = on.to_string();
  insert_milestone_reached(db_, a->id, name, on);
  auto id = invoice(db_, agreement, "milestone", on, found->amount_minor,
                    "milestone '" + name + "' of " + agreement + ", reached " + day, std::nullopt, std::nullopt,
                    name);
  if (!id) return id.error();
  JsonWriter w;
  w.begin_object().field("milestone", name).field("reached_on", day).field("amount_minor", found->amount_minor);
  w.field("invoice", static_cast<std::int64_t>(*id)).end_object();
  record_change(db_, actor_, "milestone.reach", "agreement", agreement, w.take());
  if (auto s = apply_credit(agreement, load_invoice(db_, a->id, *id).issued_on); !s) return s.error();
  InvoiceView out = load_invoice(db_, a->id, *id);
  tx.commit();
  return out;
}

// ---- minimum annual royalty true-ups ----------------------------------------------------------

namespace {

// "1,200,000 JPY", or for a short year owing it pro rata "1,200,000 JPY pro
// rata 91/365 days = 299,178 JPY".
std::string minimum_text(std::int64_t annual, std::int64_t owed, Date start, const ContractYear& year,
                         const Currency& c) {
  if (owed == annual) return amount_text(annual, c);
  const Date full_last = contract_year_last_day(start, year.index);
  const auto days = year.last.days_since_epoch() - year.first.days_since_epoch() + 1;
  const auto full = full_last.days_since_epoch() - year.first.days_since_epoch() + 1;
  return amount_text(annual, c) + " pro rata " + std::to_string(days) + "/" + std::to_string(full) +
         " days = " + amount_text(owed, c);
}

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
  const long long running = sum_year_invoices(db, agreement_id, "running_royalty", year.index);
  const long long trued = sum_year_invoices(db, agreement_id, "minimum_true_up", year.index);
  const std::int64_t minimum = year_minimum_minor(t.minimum_annual_minor, t.start, year, t.minimum_pro_rata);
  const std::int64_t shortfall = true_up_minor(minimum, running);
  const std::int64_t adjustment = shortfall - trued;
  if (adjustment == 0) return std::optional<long long>();
  const Currency c = currency_of(t);
  auto id = invoice(db, t.reference, "minimum_true_up", due, adjustment,
                    "revised minimum annual royalty true-up of " + t.reference + ", contract year " +
                        period_text(year.first, year.last) + ", after report " + std::to_string(report_id) +
                        ": minimum " + minimum_text(t.minimum_annual_minor, minimum, t.start, year, c) +
                        " - running royalties now " +
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
  lock_agreements(db_);
  std::vector<long long> issued;
  for (const auto& c : true_up_candidates(db_, first, last)) {
    const Currency currency = stored_currency(c.currency);
    for (const auto& year : contract_years_ended_by(c.start, c.end, last)) {
      if (year.last < first) continue;
      const long long k = year.index;
      if (count_year_invoices(db_, c.id, "minimum_true_up", k) > 0) continue;
      const long long running = sum_year_invoices(db_, c.id, "running_royalty", k);
      const std::int64_t minimum = year_minimum_minor(c.minimum_minor, c.start, year, c.minimum_pro_rata);
      const std::int64_t shortfall = true_up_minor(minimum, running);
      if (shortfall == 0) continue;
      auto id = invoice(db_, c.reference, "minimum_true_up", year.last, shortfall,
                        "minimum annual royalty true-up of " + c.reference + ", contract year " +
                            period_text(year.first, year.last) + ": minimum " +
                            minimum_text(c.minimum_minor, minimum, c.start, year, currency) + " - running royalties " +
                            amount_text(running, currency),
                        std::nullopt, year.index);
      if (!id) return id.error();
      JsonWriter w;
      w.begin_object().field("contract_year", year.index).field("first", year.first.to_string());
      w.field("last", year.last.to_string()).field("minimum_minor", minimum);
      w.field("running_royalties_minor", static_cast<std::int64_t>(running)).field("true_up_minor", shortfall);
      w.field("invoice", static_cast<std::int64_t>(*id)).end_object();
      record_change(db_, actor_, "true_up", "agreement", c.reference, w.take());
      issued.push_back(*id);
      if (auto s = apply_credit(c.reference, load_invoice(db_, c.id, *id).issued_on); !s) return s.error();
    }
  }
  // Late agreements: entered after the last close, with contract years that
  // ended in closed months, which no close has trued up. They are trued up
  // now, dated in this close's month (the first open day), saying why.
  const auto closed = last_closed_month(db_);
  const auto closed_at = closed ? month_closed_at(db_, *closed) : std::nullopt;
  if (closed_at) {
    for (const auto& c : late_true_up_candidates(db_, *closed_at, first)) {
      const Currency currency = stored_currency(c.currency);
      for (const auto& year : contract_years_ended_by(c.start, c.end, first.add_days(-1))) {
        const long long k = year.index;
        if (count_year_invoices(db_, c.id, "minimum_true_up", k) > 0) continue;
        const long long running = sum_year_invoices(db_, c.id, "running_royalty", k);
        const std::int64_t shortfall = true_up_minor(c.minimum_minor, running);
        if (shortfall == 0) continue;
        auto id = invoice(db_, c.reference, "minimum_true_up", year.last, shortfall,
                          "late agreement: " + c.reference + " was entered after " + *closed +
                              " was closed; minimum annual royalty true-up of contract year " +
                              period_text(year.first, year.last) + " (ended in a closed month): minimum " +
                              amount_text(c.minimum_minor, currency) + " - running royalties " +
                              amount_text(running, currency),
                          std::nullopt, year.index);
        if (!id) return id.error();
        JsonWriter w;
        w.begin_object().field("contract_year", year.index).field("first", year.first.to_string());
        w.field("last", year.last.to_string()).field("minimum_minor", c.minimum_minor);
        w.field("running_royalties_minor", static_cast<std::int64_t>(running)).field("true_up_minor", shortfall);
        w.field("late_agreement", true).field("invoice", static_cast<std::int64_t>(*id)).end_object();
        record_change(db_, actor_, "true_up", "agreement", c.reference, w.take());
        issued.push_back(*id);
      }
    }
  }
  tx.commit();
  return issued;
}

Status LicensingService::apply_credit(const std::string& agreement, Date on) {
  auto applied = apply_licensee_credit(db_, settings_, actor_, policy_dir_, agreement, on);
  if (!applied) return applied.error();
  return {};
}

}  // namespace chizai
