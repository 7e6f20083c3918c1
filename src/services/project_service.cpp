#include "services/project_service.h"

#include <algorithm>
#include <tuple>

#include "store/docket_store.h"

#include <ctime>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "core/text.h"
#include "io/json_writer.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/aggregation_store.h"
#include "store/journal_store.h"
#include "store/lookup.h"
#include "store/package_store.h"
#include "store/fees_store.h"
#include "store/project_store.h"

namespace chizai {
namespace {

// ---- small helpers -------------------------------------------------------


// Adds `b` to `a`, refusing int64 overflow (figures read back from the
// database; the rules keep them far below that).
void accumulate(std::int64_t& a, std::int64_t b) {
  if (__builtin_add_overflow(a, b, &a)) throw std::overflow_error("amount total overflows int64");
}



ProjectBudget money_of(std::int64_t budget, const std::vector<ContractView>& contracts) {
  ProjectBudget m;
  m.budget = budget;
  for (const auto& c : contracts) {
    if (c.status != ContractStatus::kCancelled) accumulate(m.committed, c.amount);
    accumulate(m.spent, c.spent);
  }
  return m;
}

ProjectView complete(ProjectStore& store, const ProjectRecord& row) {
  ProjectView v;
  v.code = row.code;
  v.package = row.package;
  v.from = row.from;
  v.to = row.to;
  v.basic_patents = store.basic_patents(row.id);
  v.contracts = store.contracts_of_project(row.id);
  v.money = money_of(row.budget, v.contracts);
  v.money.recoverable_spent = store.recoverable_spent(row.id);
  v.staff = store.staff_of_project(row.id);
  return v;
}

Error unknown_project(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_project", "unknown project '" + code + "'", "project");
}

Error unknown_package(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_package", "unknown package '" + code + "'", "package");
}

Error unknown_contract(long long id) {
  return make_error(ErrorKind::kNotFound, "unknown_contract", "no contract with id " + std::to_string(id),
                    "contract");
}

// ---- creating projects ---------------------------------------------------

struct BasicPatent {
  long long id = 0;
  std::string number;  // canonical
};

// The basic patents, canonical and once each, each a current member of the
// package (not removed as of today).
Result<std::vector<BasicPatent>> resolve_basic_patents(Database& db, const ProjectRequest& r,
                                                       long long package_id) {
  if (r.basic_patents.empty()) {
    return make_error(ErrorKind::kRefused, "no_basic_patent", "project " + r.code + " needs at least one basic patent",
                      "basic_patent");
  }
  RegistryService registry(db);
  PackageStore packages(db);
  const Date today = today_local();
  std::vector<BasicPatent> out;
  for (const auto& raw : r.basic_patents) {
    auto p = registry.lookup_patent(std::string(trim(raw)), "basic_patent");
    if (!p && p.error().code == "unknown_patent") {
      return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + raw + "'", "basic_patent");
    }
    if (!p) return p.error();
    const std::string number = p->patent.application_number;
    const long long id = find_patent_id(db, number).value_or(0);
    if (!packages.has_current_member(package_id, id, today)) {
      return make_error(ErrorKind::kRefused, "not_in_package",
                        "basic patent " + number + " is not a current member of package " +
                            r.package,
                        "basic_patent");
    }
    bool seen = false;
    for (const auto& b : out) seen = seen || b.id == id;
    if (!seen) out.push_back({id, number});
  }
  return out;
}

Status check_project_request(ProjectStore& store, const ProjectRequest& r, std::int64_t budget,
                             const SchemeSettings& settings) {
  if (trim(r.code).empty()) return make_error(ErrorKind::kInvalid, "no_code", "a project needs a code", "code");
  if (auto s = check_project_budget(budget, settings); !s) return s;
  if (auto s = check_period(r.from, r.to, "project " + r.code); !s) return s;
  if (store.find_project(r.code)) {
    return make_error(ErrorKind::kConflict, "duplicate_project", "project " + r.code + " already exists", "code");
  }
  return check_project_slots(store.count_projects(), settings);
}

std::string project_detail(const ProjectRequest& r, std::int64_t budget,
                           const std::vector<BasicPatent>& patents) {
  JsonWriter w;
  w.begin_object().field("code", r.code).field("package", r.package).key("basic_patents").begin_array();
  for (const auto& p : patents) w.value(p.number);
  w.end_array()
      .field("budget", budget)
      .field("from", r.from.to_string())
      .field("to", r.to.to_string())
      .end_object();
  return w.take();
}

// ---- contracts and expenditures --------------------------------------------

Status check_contract_request(Database& db, const ContractRequest& r, const ProjectRecord& p) {
  if (trim(r.deliverable).empty()) {
    return make_error(ErrorKind::kRefused, "no_deliverable", "a contract needs a deliverable", "deliverable");
  }
  if (!find_institution_id(db, r.institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + r.institution + "'",
                      "institution");
  }
  ProjectStore store(db);
  if (auto s = check_contractor(p.code, r.institution, store.inventor_institutions(p.id)); !s) {
    return s;
  }
  if (auto s = check_period(r.from, r.to, "contract"); !s) return s;
  const std::string project = "project " + p.code + "'s";
  if (auto s = check_within(r.from, r.to, p.from, p.to, "contract", project); !s) return s;
  std::vector<std::int64_t> commitments;
  for (const auto& c : store.contracts_of_project(p.id)) {
    if (c.status != ContractStatus::kCancelled) commitments.push_back(c.amount);
  }
  auto committed = sum_amounts(commitments);
  if (!committed) return committed.error();
  return check_commitment(p.code, p.budget, committed.value(), r.amount_minor);
}

std::string contract_detail(const ContractRequest& r) {
  JsonWriter w;
  w.begin_object()
      .field("project", r.project)
      .field("institution", r.institution)
      .field("amount", r.amount_minor)
      .field("from", r.from.to_string())
      .field("to", r.to.to_string())
      .field("deliverable", r.deliverable)
      .field("recoverable", r.recoverable)
      .field("status", "active")
      .end_object();
  return w.take();
}

Status check_expense(const ExpenseRequest& r, const ContractView& c) {
  if (c.status == ContractStatus::kCancelled) {
    return make_error(ErrorKind::kRefused, "cancelled", "contract " + std::to_string(c.id) +
                                       " is cancelled; no expenditure can be recorded against it",
                      "contract");
  }
  if (r.date < c.from || c.to < r.date) {
    return make_error(ErrorKind::kRefused, "outside_period", "expenditure date " + r.date.to_string() +
                                            " is outside contract " + std::to_string(c.id) +
                                            "'s period " + c.from.to_string() + " .. " +
                                            c.to.to_string(),
                      "date");
  }
  return check_expenditure(c.id, c.amount, c.spent, r.amount_minor);
}

// ---- staff --------------------------------------------------------------

std::vector<StaffPeriod> periods_of(const std::vector<StaffView>& staff) {
  std::vector<StaffPeriod> out;
  for (const auto& s : staff) out.push_back({s.name, s.region, s.from, s.to});
  return out;
}

Status check_staff(const StaffRequest& r, const std::vector<StaffView>& existing) {
  if (trim(r.name).empty()) return make_error(ErrorKind::kInvalid, "no_name", "a staff member needs a name", "name");
  const auto region = parse_staff_region(r.region);
  if (!region) {
    return make_error(ErrorKind::kInvalid, "bad_region",
                      "unknown region '" + r.region + "': use " + allowed_words_staff_region(),
                      "region");
  }
  if (r.to && *r.to < r.from) {
    return make_error(ErrorKind::kInvalid, "bad_period", "staff assignment: end " + r.to->to_string() +
                                        " is before start " + r.from.to_string(),
                      "to");
  }
  for (const auto& p : periods_of(existing)) {
    if (p.name == r.name && p.region == *region && p.overlaps(r.from, r.to)) {
      return make_error(ErrorKind::kRefused, "overlapping_staff",
                        r.name + " is already assigned to project " + r.project + " for " +
                            r.region + " from " + p.from.to_string() +
                            (p.to ? " to " + p.to->to_string() : std::string(" (open-ended)")),
                        "from");
    }
  }
  return {};
}

// ---- programme report ------------------------------------------------------

// Aggregations by `last` (the fiscal year's last day), by mode, and by
// originating institution: the beneficiaries where recorded, otherwise the
// owners of record other than the aggregator.
void count_aggregated(Database& db, const SchemeSettings& settings, FiscalYear fy,
                      ProgrammeReport& out) {
  AggregationStore store(db);
  const std::string last = fy.last_day().to_string();
  std::map<long long, AggregationMode> modes;
  for (const auto& a : store.aggregations_until(last)) {
    modes[a.patent_id] = a.mode;
    if (fy.first_day() <= a.on) ++out.aggregated_in_fy;
  }
  out.aggregated_total = static_cast<std::int64_t>(modes.size());
  for (const auto& [id, m] : modes) {
    ++(m == AggregationMode::kAssignment ? out.by_mode_assignment : out.by_mode_mandate);
  }
  std::map<std::string, ProgrammeReport::InstitutionCount> by;
  for (const auto& o : store.originating_institutions(last, settings.aggregator_code)) {
    auto& c = by[o.code];
    c.institution = o.code;
    c.name_en = o.name_en;
    const auto mode = modes.find(o.patent_id);
    const bool assignment = mode != modes.end() && mode->second == AggregationMode::kAssignment;
    ++(assignment ? c.assignment : c.mandate);
    ++c.total;
  }
  for (auto& [k, c] : by) out.by_institution.push_back(std::move(c));
}

void count_packages(Database& db, Date last, ProgrammeReport& out) {
  PackageStore store(db);
  std::map<std::string, bool> under_licence;  // package → exclusive
  for (const auto& l : store.licences_in_force(last)) under_licence[l.package] |= l.exclusive;
  for (const auto& [package, exclusive] : under_licence) {
    ++(exclusive ? out.packages_licensed_exclusive : out.packages_licensed_non_exclusive);
  }
  for (const auto& [status, n] : store.count_by_status(last)) {
    if (status == "draft") out.packages_draft = n;
    if (status == "marketed") out.packages_marketed = n;
    if (status == "licensed") out.packages_licensed = n;
    if (status == "retired") out.packages_retired = n;
  }
}

ProgrammeReport::ProjectLine line_of(const ProjectView& v, std::int64_t spent_in_fy) {
  ProgrammeReport::ProjectLine l;
  l.code = v.code;
  l.package = v.package;
  l.budget = v.money.budget;
  l.committed = v.money.committed;
  l.remaining = v.money.remaining();
  l.spent_in_fy = spent_in_fy;
  l.spent_to_date = v.money.spent;
  // Nothing is recovered until the ledger lands: all recoverable spend is outstanding.
  l.recoverable_outstanding = v.money.recoverable_spent;
  return l;
}

void add_to_totals(ProgrammeReport::ProjectLine& t, const ProgrammeReport::ProjectLine& l) {
  accumulate(t.budget, l.budget);
  accumulate(t.committed, l.committed);
  accumulate(t.remaining, l.remaining);
  accumulate(t.spent_in_fy, l.spent_in_fy);
  accumulate(t.spent_to_date, l.spent_to_date);
  accumulate(t.recoverable_outstanding, l.recoverable_outstanding);
}

}  // namespace

// ---- ProjectService ------------------------------------------------------

Result<ProjectView> ProjectService::create_project(const ProjectRequest& r) {
  const std::int64_t budget = r.budget_minor.value_or(settings_.project_budget_default_minor);
  WriteTransaction tx(db_);
  ProjectStore store(db_);
  store.lock_projects();
  if (auto s = check_project_request(store, r, budget, settings_); !s) return s.error();
  const auto package_id = find_package_id(db_, r.package);
  if (!package_id) return unknown_package(r.package);
  auto patents = resolve_basic_patents(db_, r, *package_id);
  if (!patents) return patents.error();
  const long long id = store.insert_project({r.code, *package_id, r.from, r.to, budget});
  for (const auto& p : patents.value()) store.insert_basic_patent(id, p.id);
  record_change(db_, actor_, "project.create", "project", r.code,
                project_detail(r, budget, patents.value()));
  ProjectView view = complete(store, *store.find_project(r.code));
  tx.commit();
  return view;
}

Result<long long> ProjectService::add_contract(const ContractRequest& r) {
  WriteTransaction tx(db_);
  ProjectStore store(db_);
  const auto p = store.find_project(r.project);
  if (!p) return unknown_project(r.project);
  store.lock_project(p->id);
  if (auto s = check_contract_request(db_, r, *p); !s) return s.error();
  const long long institution = *find_institution_id(db_, r.institution);
  const long long id = store.insert_contract(
      {p->id, institution, r.amount_minor, r.from, r.to, r.deliverable, r.recoverable});
  record_change(db_, actor_, "contract.add", "contract", std::to_string(id), contract_detail(r));
  tx.commit();
  return id;
}

Result<ContractView> ProjectService::set_contract_status(long long contract_id,
                                                          const std::string& status) {
  const auto to = parse_contract_status(status);
  if (!to) {
    return make_error(ErrorKind::kInvalid, "bad_status", "unknown contract status '" + status + "': use " +
                                        allowed_words_contract_status(),
                      "status");
  }
  WriteTransaction tx(db_);
  ProjectStore store(db_);
  store.lock_contract(contract_id);
  auto found = store.find_contract(contract_id);
  if (!found) return unknown_contract(contract_id);
  ContractView c = *found;
  if (auto s = check_contract_transition(c.id, c.status, *to, c.spent); !s) return s.error();
  if (c.status == *to) return c;  // nothing changes, nothing is recorded
  store.set_contract_status(c.id, *to);
  const std::string word = to_string(*to);
  JsonWriter w;
  w.begin_object().field("project", c.project).field("from", to_string(c.status)).field("to", word)
      .end_object();
  record_change(db_, actor_, "contract.status", "contract", std::to_string(c.id), w.take());
  c.status = *to;
  tx.commit();
  return c;
}

Result<long long> ProjectService::add_expense(const ExpenseRequest& r) {
  WriteTransaction tx(db_);
  // Closed months are final for spending too: the close took its figures.
  hold_off_month_close(db_);
  if (const auto closed = last_closed_month(db_); closed && r.date.to_string().substr(0, 7) <= *closed) {
    return make_error(ErrorKind::kRefused, "month_closed",
                      "expenditure date " + r.date.to_string() + " is in a closed month (months up to " + *closed +
                          " are closed): date it in an open month",
                      "date");
  }
  ProjectStore store(db_);
  store.lock_contract(r.contract_id);
  const auto found = store.find_contract(r.contract_id);
  if (!found) return unknown_contract(r.contract_id);
  const ContractView& c = *found;
  if (auto s = check_expense(r, c); !s) return s.error();
  const std::string on = r.date.to_string();
  const bool recoverable = r.recoverable || c.recoverable;
  const long long id = store.insert_expenditure({c.id, r.amount_minor, r.date, recoverable, r.note});
  JsonWriter w;
  w.begin_object()
      .field("contract", static_cast<std::int64_t>(c.id))
      .field("project", c.project)
      .field("amount", r.amount_minor)
      .field("date", on)
      .field("recoverable", recoverable)
      .field("note", r.note)
      .end_object();
  record_change(db_, actor_, "expense.add", "expenditure", std::to_string(id), w.take());
  tx.commit();
  return id;
}

Result<long long> ProjectService::assign_staff(const StaffRequest& r) {
  WriteTransaction tx(db_);
  ProjectStore store(db_);
  const auto p = store.find_project(r.project);
  if (!p) return unknown_project(r.project);
  store.lock_project(p->id);
  if (auto s = check_staff(r, store.staff_of_project(p->id)); !s) return s.error();
  const long long id = store.insert_staff({p->id, r.name, r.region, r.from, r.to});
  const std::string from = r.from.to_string(), to = r.to ? r.to->to_string() : std::string();
  JsonWriter w;
  w.begin_object().field("project", r.project).field("name", r.name).field("region", r.region)
      .field("from", from).key("to");
  if (r.to) w.value(to); else w.null();
  w.end_object();
  record_change(db_, actor_, "staff.assign", "project_staff", std::to_string(id), w.take());
  tx.commit();
  return id;
}

Result<ProjectView> ProjectService::show_project(const std::string& code) {
  ReadSnapshot snapshot(db_);
  ProjectStore store(db_);
  const auto row = store.find_project(code);
  if (!row) return unknown_project(code);
  return complete(store, *row);
}

std::vector<ProjectView> ProjectService::list_projects() {
  ReadSnapshot snapshot(db_);
  ProjectStore store(db_);
  std::vector<ProjectView> out;
  for (const auto& row : store.list_projects()) out.push_back(complete(store, row));
  return out;
}

Result<ContractView> ProjectService::find_contract(long long id) {
  auto found = ProjectStore(db_).find_contract(id);
  if (!found) return unknown_contract(id);
  return *found;
}

Result<std::vector<StaffView>> ProjectService::list_staff(const std::string& project) {
  ProjectStore store(db_);
  if (project.empty()) return store.all_staff();
  const auto p = store.find_project(project);
  if (!p) return unknown_project(project);
  return store.staff_of_project(p->id);
}

Result<OutstandingCosts> ProjectService::outstanding_recoverable_costs(
    const std::string& package_code) {
  ReadSnapshot snapshot(db_);
  const auto package_id = find_package_id(db_, package_code);
  if (!package_id) return unknown_package(package_code);
  OutstandingCosts out;
  out.package = package_code;
  std::vector<std::int64_t> amounts;
  for (const auto& e : ProjectStore(db_).recoverable_expenditures(*package_id)) {
    amounts.push_back(e.amount);
    out.items.push_back(RecoverableCost{e.date, e.id, e.amount, 0});
  }
  for (const auto& c : DocketStore(db_).recoverable_costs(*package_id)) {
    amounts.push_back(c.amount);
    out.items.push_back(RecoverableCost{c.spent_on, 0, c.amount, c.id});
  }
  std::stable_sort(out.items.begin(), out.items.end(), [](const RecoverableCost& a, const RecoverableCost& b) {
    return std::tuple(a.date, a.docket_cost_id != 0, a.expenditure_id + a.docket_cost_id) <
           std::tuple(b.date, b.docket_cost_id != 0, b.expenditure_id + b.docket_cost_id);
  });
  auto total = sum_amounts(amounts);
  if (!total) return total.error();
  out.total = total.value();
  return out;
}

Result<std::vector<StaffRegion>> ProjectService::regions_covered_for_package(
    const std::string& package_code, Date day) {
  const auto package_id = find_package_id(db_, package_code);
  if (!package_id) return unknown_package(package_code);
  return regions_covered(periods_of(ProjectStore(db_).staff_of_package(*package_id)), day);
}

ProgrammeReport ProjectService::programme_report(FiscalYear fy) {
  ReadSnapshot snapshot(db_);
  ProgrammeReport out;
  out.fiscal_year = fy;
  count_aggregated(db_, settings_, fy, out);
  count_packages(db_, fy.last_day(), out);
  ProjectStore store(db_);
  const auto in_fy = store.spent_between(fy.first_day().to_string(), fy.last_day().to_string());
  out.totals.code = "total";
  for (const auto& row : store.list_projects()) {
    const ProjectView v = complete(store, row);
    const auto it = in_fy.find(v.code);
    out.projects.push_back(line_of(v, it == in_fy.end() ? 0 : it->second));
    add_to_totals(out.totals, out.projects.back());
  }
  // Utilisation as of the fiscal year's last day: aggregated patents (by
  // then) that a licence in force that day covers.
  const std::string last = fy.last_day().to_string();
  out.licensed = AggregationStore(db_).count_licensed(last);
  out.rate_bps = utilisation_rate_bps(out.licensed, out.aggregated_total);
  out.baseline_bps = settings_.utilisation_baseline_bps;
  out.note = "aggregated patents covered by a licence in force on " + last;
  out.licence_income_jpy = FeesStore(db_).licence_income_between(fy.first_day().to_string(), last);
  return out;
}

}  // namespace chizai
