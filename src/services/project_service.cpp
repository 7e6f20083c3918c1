#include "services/project_service.h"

#include <soci/soci.h>

#include <ctime>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "core/text.h"
#include "io/json_writer.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/stored_values.h"
#include "store/sql_util.h"

namespace chizai {
namespace {

// ---- small helpers -------------------------------------------------------


// Adds `b` to `a`, refusing int64 overflow (figures read back from the
// database; the rules keep them far below that).
void accumulate(std::int64_t& a, std::int64_t b) {
  if (__builtin_add_overflow(a, b, &a)) throw std::overflow_error("amount total overflows int64");
}



std::optional<long long> id_by_code(Database& db, const char* table, const std::string& code) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << std::string("SELECT id FROM ") + table + " WHERE code = :c", soci::use(code),
      soci::into(id, ind);
  if (!db.sql().got_data() || ind == soci::i_null) return std::nullopt;
  return id;
}

// PostgreSQL runs writers concurrently at READ COMMITTED: a check-then-write
// must first lock what it checks. (SQLite's BEGIN IMMEDIATE already lets one
// writer in at a time.)
void lock_project_table(Database& db) {
  if (db.backend() == Backend::kPostgres) db.sql() << "LOCK TABLE project IN SHARE ROW EXCLUSIVE MODE";
}

void lock_row(Database& db, const char* table, long long id) {
  if (db.backend() != Backend::kPostgres) return;
  long long locked = 0;
  db.sql() << std::string("SELECT id FROM ") + table + " WHERE id = :i FOR UPDATE", soci::use(id),
      soci::into(locked);
}

long long count_rows(Database& db, const std::string& sql) {
  long long n = 0;
  db.sql() << sql, soci::into(n);
  return n;
}

// ---- reading projects ----------------------------------------------------

struct ProjectRow {
  long long id = 0;
  long long package_id = 0;
  ProjectView view;
};

const char* kProjectSelect =
    "SELECT p.id, p.code, p.package_id, k.code, p.starts_on, p.ends_on, p.budget_minor "
    "FROM project p JOIN package k ON k.id = p.package_id";

std::vector<ProjectRow> load_project_rows(Database& db, const std::string& code) {
  ProjectRow row;
  std::string from, to;
  long long budget = 0;
  const std::string sql =
      std::string(kProjectSelect) + (code.empty() ? "" : " WHERE p.code = :c") + " ORDER BY p.code";
  soci::details::prepare_temp_type prep = (db.sql().prepare << sql);
  prep, soci::into(row.id), soci::into(row.view.code), soci::into(row.package_id),
      soci::into(row.view.package), soci::into(from), soci::into(to), soci::into(budget);
  if (!code.empty()) prep, soci::use(code);
  soci::statement st(prep);
  st.execute();
  std::vector<ProjectRow> out;
  while (st.fetch()) {
    row.view.from = stored_date(from);
    row.view.to = stored_date(to);
    row.view.money.budget = budget;
    out.push_back(row);
  }
  return out;
}

std::optional<ProjectRow> load_project_row(Database& db, const std::string& code) {
  if (code.empty()) return std::nullopt;
  auto rows = load_project_rows(db, code);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

// Contracts with their spend; `where` filters on c (c.project_id or c.id).
std::vector<ContractView> load_contracts(Database& db, const std::string& where, long long key) {
  ContractView c;
  std::string from, to, status;
  long long recoverable = 0, spent = 0;
  soci::statement st = (db.sql().prepare <<
      "SELECT c.id, p.code, i.code, c.amount_minor, c.starts_on, c.ends_on, c.deliverable, "
      "c.status, c.recoverable, CAST(COALESCE((SELECT SUM(e.amount_minor) FROM expenditure e "
      "WHERE e.contract_id = c.id), 0) AS BIGINT) "
      "FROM contract c JOIN project p ON p.id = c.project_id "
      "JOIN institution i ON i.id = c.institution_id WHERE " + where + " ORDER BY c.id",
      soci::into(c.id), soci::into(c.project), soci::into(c.institution), soci::into(c.amount),
      soci::into(from), soci::into(to), soci::into(c.deliverable), soci::into(status),
      soci::into(recoverable), soci::into(spent), soci::use(key));
  st.execute();
  std::vector<ContractView> out;
  while (st.fetch()) {
    c.from = stored_date(from);
    c.to = stored_date(to);
    c.status = parse_contract_status(status).value_or(ContractStatus::kActive);
    c.recoverable = recoverable != 0;
    c.spent = spent;
    out.push_back(c);
  }
  return out;
}

std::vector<StaffView> load_staff(Database& db, const std::string& where, long long key) {
  StaffView s;
  std::string region, from, to;
  soci::indicator to_ind = soci::i_null;
  const std::string sql =
      "SELECT s.id, p.code, s.name, s.region, s.starts_on, s.ends_on FROM project_staff s "
      "JOIN project p ON p.id = s.project_id" +
      (where.empty() ? std::string() : " WHERE " + where) + " ORDER BY s.id";
  soci::details::prepare_temp_type prep = (db.sql().prepare << sql);
  prep, soci::into(s.id), soci::into(s.project), soci::into(s.name), soci::into(region),
      soci::into(from), soci::into(to, to_ind);
  if (!where.empty()) prep, soci::use(key);
  soci::statement st(prep);
  st.execute();
  std::vector<StaffView> out;
  while (st.fetch()) {
    s.region = parse_staff_region(region).value_or(StaffRegion::kJapan);
    s.from = stored_date(from);
    s.to = stored_optional_date(to, to_ind);
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> load_strings(Database& db, const std::string& sql, long long key) {
  std::string value;
  soci::statement st = (db.sql().prepare << sql, soci::into(value), soci::use(key));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(value);
  return out;
}

std::vector<std::string> basic_patents_of(Database& db, long long project_id) {
  return load_strings(db,
                      "SELECT t.application_number FROM project_basic_patent b "
                      "JOIN patent t ON t.id = b.patent_id WHERE b.project_id = :p "
                      "ORDER BY t.application_number",
                      project_id);
}

// Institutions of the inventors of the project's basic patents.
std::vector<std::string> inventor_institutions(Database& db, long long project_id) {
  return load_strings(db,
                      "SELECT DISTINCT i.code FROM project_basic_patent b "
                      "JOIN patent_inventor v ON v.patent_id = b.patent_id "
                      "JOIN institution i ON i.id = v.institution_id WHERE b.project_id = :p "
                      "ORDER BY i.code",
                      project_id);
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

// The project's recoverable spend (expenditures marked recoverable).
std::int64_t recoverable_spent_of(Database& db, long long project_id) {
  long long total = 0;
  db.sql() << "SELECT CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) FROM expenditure e "
              "JOIN contract c ON c.id = e.contract_id "
              "WHERE c.project_id = :p AND e.recoverable = 1",
      soci::use(project_id), soci::into(total);
  return total;
}

ProjectView complete(Database& db, ProjectRow row) {
  ProjectView v = std::move(row.view);
  v.basic_patents = basic_patents_of(db, row.id);
  v.contracts = load_contracts(db, "c.project_id = :k", row.id);
  v.money = money_of(v.money.budget, v.contracts);
  v.money.recoverable_spent = recoverable_spent_of(db, row.id);
  v.staff = load_staff(db, "s.project_id = :k", row.id);
  return v;
}

Error unknown_project(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_project", "unknown project '" + code + "'", "project");
}

Error unknown_package(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_package", "unknown package '" + code + "'", "package");
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
  const std::string today = today_local().to_string();
  std::vector<BasicPatent> out;
  for (const auto& raw : r.basic_patents) {
    auto p = registry.find_patent(std::string(trim(raw)));
    if (!p) return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + raw + "'", "basic_patent");
    const std::string number = p->patent.application_number;
    long long id = 0, members = 0;
    db.sql() << "SELECT id FROM patent WHERE application_number = :n", soci::use(number),
        soci::into(id);
    db.sql() << "SELECT CAST(COUNT(*) AS BIGINT) FROM package_member WHERE package_id = :k "
                "AND patent_id = :t AND (removed_on IS NULL OR removed_on > :d)",
        soci::use(package_id), soci::use(id), soci::use(today), soci::into(members);
    if (members == 0) {
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

Status check_project_request(Database& db, const ProjectRequest& r, std::int64_t budget,
                             const SchemeSettings& settings) {
  if (trim(r.code).empty()) return make_error(ErrorKind::kInvalid, "no_code", "a project needs a code", "code");
  if (auto s = check_project_budget(budget, settings); !s) return s;
  if (auto s = check_period(r.from, r.to, "project " + r.code); !s) return s;
  if (load_project_row(db, r.code)) {
    return make_error(ErrorKind::kConflict, "duplicate_project", "project " + r.code + " already exists", "code");
  }
  return check_project_slots(count_rows(db, "SELECT CAST(COUNT(*) AS BIGINT) FROM project"),
                             settings);
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

Status check_contract_request(Database& db, const ContractRequest& r, const ProjectRow& p) {
  if (trim(r.deliverable).empty()) {
    return make_error(ErrorKind::kRefused, "no_deliverable", "a contract needs a deliverable", "deliverable");
  }
  if (!id_by_code(db, "institution", r.institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + r.institution + "'",
                      "institution");
  }
  if (auto s = check_contractor(p.view.code, r.institution, inventor_institutions(db, p.id)); !s) {
    return s;
  }
  if (auto s = check_period(r.from, r.to, "contract"); !s) return s;
  const std::string project = "project " + p.view.code + "'s";
  if (auto s = check_within(r.from, r.to, p.view.from, p.view.to, "contract", project); !s) return s;
  std::vector<std::int64_t> commitments;
  for (const auto& c : load_contracts(db, "c.project_id = :k", p.id)) {
    if (c.status != ContractStatus::kCancelled) commitments.push_back(c.amount);
  }
  auto committed = sum_amounts(commitments);
  if (!committed) return committed.error();
  return check_commitment(p.view.code, p.view.money.budget, committed.value(), r.amount_minor);
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

// (patent id, mode, institution code, institution name) of the originating
// owners of patents aggregated by `last`: the beneficiaries where recorded,
// otherwise the owners of record other than the aggregator.
void count_aggregated(Database& db, const SchemeSettings& settings, FiscalYear fy,
                      ProgrammeReport& out) {
  const std::string last = fy.last_day().to_string(), first = fy.first_day().to_string();
  std::string mode, code, name, on;
  long long patent = 0;
  std::map<long long, std::string> modes;
  {
    soci::statement st = (db.sql().prepare <<
        "SELECT patent_id, mode, aggregated_on FROM aggregation WHERE aggregated_on <= :l",
        soci::into(patent), soci::into(mode), soci::into(on), soci::use(last));
    st.execute();
    while (st.fetch()) {
      modes[patent] = mode;
      if (on >= first) ++out.aggregated_in_fy;
    }
  }
  out.aggregated_total = static_cast<std::int64_t>(modes.size());
  for (const auto& [id, m] : modes) ++(m == "assignment" ? out.by_mode_assignment : out.by_mode_mandate);
  std::map<std::string, ProgrammeReport::InstitutionCount> by;
  soci::statement st = (db.sql().prepare <<
      "SELECT a.patent_id, i.code, i.name_en FROM aggregation a "
      "JOIN beneficiary b ON b.patent_id = a.patent_id JOIN institution i ON i.id = b.institution_id "
      "WHERE a.aggregated_on <= :l1 UNION "
      "SELECT a.patent_id, i.code, i.name_en FROM aggregation a "
      "JOIN patent_owner o ON o.patent_id = a.patent_id JOIN institution i ON i.id = o.institution_id "
      "WHERE a.aggregated_on <= :l2 AND i.code <> :agg AND NOT EXISTS "
      "(SELECT 1 FROM beneficiary b WHERE b.patent_id = a.patent_id)",
      soci::into(patent), soci::into(code), soci::into(name), soci::use(last, "l1"),
      soci::use(last, "l2"), soci::use(settings.aggregator_code, "agg"));
  st.execute();
  while (st.fetch()) {
    auto& c = by[code];
    c.institution = code;
    c.name_en = name;
    ++(modes[patent] == "assignment" ? c.assignment : c.mandate);
    ++c.total;
  }
  for (auto& [k, c] : by) out.by_institution.push_back(std::move(c));
}

void count_packages(Database& db, ProgrammeReport& out) {
  std::string status;
  long long n = 0;
  soci::statement st = (db.sql().prepare <<
      "SELECT status, CAST(COUNT(*) AS BIGINT) FROM package GROUP BY status",
      soci::into(status), soci::into(n));
  st.execute();
  while (st.fetch()) {
    if (status == "draft") out.packages_draft = n;
    if (status == "marketed") out.packages_marketed = n;
    if (status == "licensed") out.packages_licensed = n;
    if (status == "retired") out.packages_retired = n;
  }
}

// Spend in the fiscal year per project code.
std::map<std::string, std::int64_t> spent_in(Database& db, FiscalYear fy) {
  const std::string first = fy.first_day().to_string(), last = fy.last_day().to_string();
  std::string code;
  long long amount = 0;
  soci::statement st = (db.sql().prepare <<
      "SELECT p.code, CAST(SUM(e.amount_minor) AS BIGINT) FROM expenditure e "
      "JOIN contract c ON c.id = e.contract_id JOIN project p ON p.id = c.project_id "
      "WHERE e.spent_on >= :f AND e.spent_on <= :l GROUP BY p.code",
      soci::into(code), soci::into(amount), soci::use(first), soci::use(last));
  st.execute();
  std::map<std::string, std::int64_t> out;
  while (st.fetch()) out[code] = amount;
  return out;
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
  lock_project_table(db_);
  if (auto s = check_project_request(db_, r, budget, settings_); !s) return s.error();
  const auto package_id = id_by_code(db_, "package", r.package);
  if (!package_id) return unknown_package(r.package);
  auto patents = resolve_basic_patents(db_, r, *package_id);
  if (!patents) return patents.error();
  const std::string from = r.from.to_string(), to = r.to.to_string();
  const long long budget_ll = budget;
  const long long id = insert_row(
      db_, "project",
      "INSERT INTO project (code, package_id, starts_on, ends_on, budget_minor, currency) "
      "VALUES (:c, :k, :f, :t, :b, 'JPY')",
      soci::use(r.code), soci::use(*package_id), soci::use(from), soci::use(to),
      soci::use(budget_ll));
  for (const auto& p : patents.value()) {
    db_.sql() << "INSERT INTO project_basic_patent (project_id, patent_id) VALUES (:p, :t)",
        soci::use(id), soci::use(p.id);
  }
  record_change(db_, actor_, "project.create", "project", r.code,
                project_detail(r, budget, patents.value()));
  auto row = load_project_row(db_, r.code);
  ProjectView view = complete(db_, *row);
  tx.commit();
  return view;
}

Result<long long> ProjectService::add_contract(const ContractRequest& r) {
  WriteTransaction tx(db_);
  const auto p = load_project_row(db_, r.project);
  if (!p) return unknown_project(r.project);
  lock_row(db_, "project", p->id);
  if (auto s = check_contract_request(db_, r, *p); !s) return s.error();
  const long long institution = *id_by_code(db_, "institution", r.institution);
  const std::string from = r.from.to_string(), to = r.to.to_string();
  const long long amount = r.amount_minor, recoverable = r.recoverable ? 1 : 0;
  const long long id = insert_row(
      db_, "contract",
      "INSERT INTO contract (project_id, institution_id, amount_minor, starts_on, ends_on, "
      "deliverable, status, recoverable) VALUES (:p, :i, :a, :f, :t, :d, 'active', :r)",
      soci::use(p->id), soci::use(institution), soci::use(amount), soci::use(from), soci::use(to),
      soci::use(r.deliverable), soci::use(recoverable));
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
  lock_row(db_, "contract", contract_id);
  auto found = load_contracts(db_, "c.id = :k", contract_id);
  if (found.empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_contract", "no contract with id " + std::to_string(contract_id),
                      "contract");
  }
  ContractView c = found.front();
  if (auto s = check_contract_transition(c.id, c.status, *to, c.spent); !s) return s.error();
  if (c.status == *to) return c;  // nothing changes, nothing is recorded
  const std::string word = to_string(*to);
  db_.sql() << "UPDATE contract SET status = :s WHERE id = :i", soci::use(word), soci::use(c.id);
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
  lock_row(db_, "contract", r.contract_id);
  auto found = load_contracts(db_, "c.id = :k", r.contract_id);
  if (found.empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_contract", "no contract with id " + std::to_string(r.contract_id),
                      "contract");
  }
  const ContractView& c = found.front();
  if (auto s = check_expense(r, c); !s) return s.error();
  const std::string on = r.date.to_string();
  const long long amount = r.amount_minor, recoverable = (r.recoverable || c.recoverable) ? 1 : 0;
  const long long id = insert_row(
      db_, "expenditure",
      "INSERT INTO expenditure (contract_id, amount_minor, spent_on, recoverable, note) "
      "VALUES (:c, :a, :d, :r, :n)",
      soci::use(c.id), soci::use(amount), soci::use(on), soci::use(recoverable), soci::use(r.note));
  JsonWriter w;
  w.begin_object()
      .field("contract", static_cast<std::int64_t>(c.id))
      .field("project", c.project)
      .field("amount", r.amount_minor)
      .field("date", on)
      .field("recoverable", recoverable != 0)
      .field("note", r.note)
      .end_object();
  record_change(db_, actor_, "expense.add", "expenditure", std::to_string(id), w.take());
  tx.commit();
  return id;
}

Result<long long> ProjectService::assign_staff(const StaffRequest& r) {
  WriteTransaction tx(db_);
  const auto p = load_project_row(db_, r.project);
  if (!p) return unknown_project(r.project);
  lock_row(db_, "project", p->id);
  if (auto s = check_staff(r, load_staff(db_, "s.project_id = :k", p->id)); !s) return s.error();
  const std::string from = r.from.to_string(), to = r.to ? r.to->to_string() : std::string();
  soci::indicator to_ind = r.to ? soci::i_ok : soci::i_null;
  const long long id = insert_row(
      db_, "project_staff",
      "INSERT INTO project_staff (project_id, name, region, starts_on, ends_on) "
      "VALUES (:p, :n, :r, :f, :t)",
      soci::use(p->id), soci::use(r.name), soci::use(r.region), soci::use(from),
      soci::use(to, to_ind));
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
  const auto row = load_project_row(db_, code);
  if (!row) return unknown_project(code);
  return complete(db_, *row);
}

std::vector<ProjectView> ProjectService::list_projects() {
  ReadSnapshot snapshot(db_);
  std::vector<ProjectView> out;
  for (auto& row : load_project_rows(db_, {})) out.push_back(complete(db_, std::move(row)));
  return out;
}

Result<ContractView> ProjectService::find_contract(long long id) {
  auto found = load_contracts(db_, "c.id = :k", id);
  if (found.empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_contract", "no contract with id " + std::to_string(id), "contract");
  }
  return found.front();
}

Result<std::vector<StaffView>> ProjectService::list_staff(const std::string& project) {
  if (project.empty()) return load_staff(db_, {}, 0);
  const auto p = load_project_row(db_, project);
  if (!p) return unknown_project(project);
  return load_staff(db_, "s.project_id = :k", p->id);
}

Result<OutstandingCosts> ProjectService::outstanding_recoverable_costs(
    const std::string& package_code) {
  ReadSnapshot snapshot(db_);
  const auto package_id = id_by_code(db_, "package", package_code);
  if (!package_id) return unknown_package(package_code);
  OutstandingCosts out;
  out.package = package_code;
  RecoverableCost item;
  std::string on;
  long long amount = 0;
  soci::statement st = (db_.sql().prepare <<
      "SELECT e.spent_on, e.id, e.amount_minor FROM expenditure e "
      "JOIN contract c ON c.id = e.contract_id JOIN project p ON p.id = c.project_id "
      "WHERE p.package_id = :k AND e.recoverable = 1 ORDER BY e.spent_on, e.id",
      soci::into(on), soci::into(item.expenditure_id), soci::into(amount), soci::use(*package_id));
  st.execute();
  std::vector<std::int64_t> amounts;
  while (st.fetch()) {
    item.date = stored_date(on);
    item.amount = amount;
    amounts.push_back(amount);
    out.items.push_back(item);
  }
  auto total = sum_amounts(amounts);
  if (!total) return total.error();
  out.total = total.value();
  return out;
}

Result<std::vector<StaffRegion>> ProjectService::regions_covered_for_package(
    const std::string& package_code, Date day) {
  const auto package_id = id_by_code(db_, "package", package_code);
  if (!package_id) return unknown_package(package_code);
  return regions_covered(periods_of(load_staff(db_, "p.package_id = :k", *package_id)), day);
}

ProgrammeReport ProjectService::programme_report(FiscalYear fy) {
  ReadSnapshot snapshot(db_);
  ProgrammeReport out;
  out.fiscal_year = fy;
  count_aggregated(db_, settings_, fy, out);
  count_packages(db_, out);
  const auto in_fy = spent_in(db_, fy);
  out.totals.code = "total";
  for (auto& row : load_project_rows(db_, {})) {
    const ProjectView v = complete(db_, std::move(row));
    const auto it = in_fy.find(v.code);
    out.projects.push_back(line_of(v, it == in_fy.end() ? 0 : it->second));
    add_to_totals(out.totals, out.projects.back());
  }
  // Utilisation as of the fiscal year's last day: aggregated patents (by
  // then) that a licence in force that day covers.
  const std::string last = fy.last_day().to_string();
  long long licensed = 0;
  db_.sql() << "SELECT CAST(COUNT(DISTINCT a.patent_id) AS BIGINT) FROM aggregation a "
               "JOIN agreement_patent ap ON ap.patent_id = a.patent_id "
               "JOIN agreement g ON g.id = ap.agreement_id "
               "WHERE a.aggregated_on <= :l1 AND g.starts_on <= :l2 AND g.ends_on >= :l3",
      soci::use(last, "l1"), soci::use(last, "l2"), soci::use(last, "l3"), soci::into(licensed);
  out.licensed = licensed;
  out.rate_bps = utilisation_rate_bps(out.licensed, out.aggregated_total);
  out.baseline_bps = settings_.utilisation_baseline_bps;
  out.note = "aggregated patents covered by a licence in force on " + last;
  return out;
}

}  // namespace chizai
