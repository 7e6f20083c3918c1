#include "store/project_store.h"

#include <soci/soci.h>

#include "store/sql_util.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {

void ProjectStore::lock_projects() {
  if (db_.backend() == Backend::kPostgres) soci_session(db_) << "LOCK TABLE project IN SHARE ROW EXCLUSIVE MODE";
}

void ProjectStore::lock_project(long long id) { lock_row("project", id); }

void ProjectStore::lock_contract(long long id) { lock_row("contract", id); }

void ProjectStore::lock_row(const char* table, long long id) {
  if (db_.backend() != Backend::kPostgres) return;
  long long locked = 0;
  soci_session(db_) << std::string("SELECT id FROM ") + table + " WHERE id = :i FOR UPDATE", soci::use(id),
      soci::into(locked);
}

// ---- projects ------------------------------------------------------------

std::vector<ProjectRecord> ProjectStore::load_projects(const std::string& code) {
  ProjectRecord row;
  std::string from, to;
  long long budget = 0;
  const std::string sql =
      "SELECT p.id, p.code, p.package_id, k.code, p.starts_on, p.ends_on, p.budget_minor "
      "FROM project p JOIN package k ON k.id = p.package_id" +
      std::string(code.empty() ? "" : " WHERE p.code = :c") + " ORDER BY p.code";
  soci::details::prepare_temp_type prep = (soci_session(db_).prepare << sql);
  prep, soci::into(row.id), soci::into(row.code), soci::into(row.package_id),
      soci::into(row.package), soci::into(from), soci::into(to), soci::into(budget);
  if (!code.empty()) prep, soci::use(code);
  soci::statement st(prep);
  st.execute();
  std::vector<ProjectRecord> out;
  while (st.fetch()) {
    row.from = stored_date(from);
    row.to = stored_date(to);
    row.budget = budget;
    out.push_back(row);
  }
  return out;
}

std::optional<ProjectRecord> ProjectStore::find_project(const std::string& code) {
  if (code.empty()) return std::nullopt;
  auto rows = load_projects(code);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ProjectRecord> ProjectStore::list_projects() { return load_projects({}); }

long long ProjectStore::count_projects() {
  long long n = 0;
  soci_session(db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM project", soci::into(n);
  return n;
}

long long ProjectStore::insert_project(const NewProject& p) {
  const std::string from = p.from.to_string(), to = p.to.to_string();
  const long long budget = p.budget;
  return insert_row(db_, "project",
                    "INSERT INTO project (code, package_id, starts_on, ends_on, budget_minor, currency) "
                    "VALUES (:c, :k, :f, :t, :b, 'JPY')",
                    soci::use(p.code), soci::use(p.package_id), soci::use(from), soci::use(to),
                    soci::use(budget));
}

void ProjectStore::insert_basic_patent(long long project_id, long long patent_id) {
  soci_session(db_) << "INSERT INTO project_basic_patent (project_id, patent_id) VALUES (:p, :t)",
      soci::use(project_id), soci::use(patent_id);
}

std::vector<std::string> ProjectStore::load_strings(const char* sql, long long key) {
  std::string value;
  soci::statement st = (soci_session(db_).prepare << sql, soci::into(value), soci::use(key));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(value);
  return out;
}

std::vector<std::string> ProjectStore::basic_patents(long long project_id) {
  return load_strings("SELECT t.application_number FROM project_basic_patent b "
                      "JOIN patent t ON t.id = b.patent_id WHERE b.project_id = :p "
                      "ORDER BY t.application_number",
                      project_id);
}

std::vector<std::string> ProjectStore::inventor_institutions(long long project_id) {
  return load_strings("SELECT DISTINCT i.code FROM project_basic_patent b "
                      "JOIN patent_inventor v ON v.patent_id = b.patent_id "
                      "JOIN institution i ON i.id = v.institution_id WHERE b.project_id = :p "
                      "ORDER BY i.code",
                      project_id);
}

// ---- contracts and expenditures ---------------------------------------------

// Contracts with their spend; `where` filters on c (c.project_id or c.id).
std::vector<ContractView> ProjectStore::load_contracts(const char* where, long long key) {
  ContractView c;
  std::string from, to, status;
  long long recoverable = 0, spent = 0;
  soci::statement st = (soci_session(db_).prepare <<
      "SELECT c.id, p.code, i.code, c.amount_minor, c.starts_on, c.ends_on, c.deliverable, "
      "c.status, c.recoverable, CAST(COALESCE((SELECT SUM(e.amount_minor) FROM expenditure e "
      "WHERE e.contract_id = c.id), 0) AS BIGINT) "
      "FROM contract c JOIN project p ON p.id = c.project_id "
      "JOIN institution i ON i.id = c.institution_id WHERE " + std::string(where) + " ORDER BY c.id",
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

std::optional<ContractView> ProjectStore::find_contract(long long id) {
  auto found = load_contracts("c.id = :k", id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<ContractView> ProjectStore::contracts_of_project(long long project_id) {
  return load_contracts("c.project_id = :k", project_id);
}

long long ProjectStore::insert_contract(const NewContract& c) {
  const std::string from = c.from.to_string(), to = c.to.to_string();
  const long long amount = c.amount, recoverable = c.recoverable ? 1 : 0;
  return insert_row(
      db_, "contract",
      "INSERT INTO contract (project_id, institution_id, amount_minor, starts_on, ends_on, "
      "deliverable, status, recoverable) VALUES (:p, :i, :a, :f, :t, :d, 'active', :r)",
      soci::use(c.project_id), soci::use(c.institution_id), soci::use(amount), soci::use(from),
      soci::use(to), soci::use(c.deliverable), soci::use(recoverable));
}

void ProjectStore::set_contract_status(long long id, ContractStatus status) {
  const std::string word = to_string(status);
  soci_session(db_) << "UPDATE contract SET status = :s WHERE id = :i", soci::use(word), soci::use(id);
}

long long ProjectStore::insert_expenditure(const NewExpenditure& e) {
  const std::string on = e.date.to_string();
  const long long amount = e.amount, recoverable = e.recoverable ? 1 : 0;
  return insert_row(db_, "expenditure",
                    "INSERT INTO expenditure (contract_id, amount_minor, spent_on, recoverable, note) "
                    "VALUES (:c, :a, :d, :r, :n)",
                    soci::use(e.contract_id), soci::use(amount), soci::use(on),
                    soci::use(recoverable), soci::use(e.note));
}

std::int64_t ProjectStore::recoverable_spent(long long project_id) {
  long long total = 0;
  soci_session(db_) << "SELECT CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) FROM expenditure e "
               "JOIN contract c ON c.id = e.contract_id "
               "WHERE c.project_id = :p AND e.recoverable = 1",
      soci::use(project_id), soci::into(total);
  return total;
}

std::vector<RecoverableExpenditure> ProjectStore::recoverable_expenditures(long long package_id) {
  RecoverableExpenditure item;
  std::string on;
  long long amount = 0;
  soci::statement st = (soci_session(db_).prepare <<
      "SELECT e.spent_on, e.id, e.amount_minor FROM expenditure e "
      "JOIN contract c ON c.id = e.contract_id JOIN project p ON p.id = c.project_id "
      "WHERE p.package_id = :k AND e.recoverable = 1 ORDER BY e.spent_on, e.id",
      soci::into(on), soci::into(item.id), soci::into(amount), soci::use(package_id));
  st.execute();
  std::vector<RecoverableExpenditure> out;
  while (st.fetch()) {
    item.date = stored_date(on);
    item.amount = amount;
    out.push_back(item);
  }
  return out;
}

std::map<std::string, std::int64_t> ProjectStore::spent_between(const std::string& first,
                                                                const std::string& last) {
  std::string code;
  long long amount = 0;
  soci::statement st = (soci_session(db_).prepare <<
      "SELECT p.code, CAST(SUM(e.amount_minor) AS BIGINT) FROM expenditure e "
      "JOIN contract c ON c.id = e.contract_id JOIN project p ON p.id = c.project_id "
      "WHERE e.spent_on >= :f AND e.spent_on <= :l GROUP BY p.code",
      soci::into(code), soci::into(amount), soci::use(first), soci::use(last));
  st.execute();
  std::map<std::string, std::int64_t> out;
  while (st.fetch()) out[code] = amount;
  return out;
}

// ---- staff --------------------------------------------------------------

// `where` filters on s or p with the key bound as :k; nullptr = all.
std::vector<StaffView> ProjectStore::load_staff(const char* where, long long key) {
  StaffView s;
  std::string region, from, to;
  soci::indicator to_ind = soci::i_null;
  const std::string sql =
      "SELECT s.id, p.code, s.name, s.region, s.starts_on, s.ends_on FROM project_staff s "
      "JOIN project p ON p.id = s.project_id" +
      (where ? " WHERE " + std::string(where) : std::string()) + " ORDER BY s.id";
  soci::details::prepare_temp_type prep = (soci_session(db_).prepare << sql);
  prep, soci::into(s.id), soci::into(s.project), soci::into(s.name), soci::into(region),
      soci::into(from), soci::into(to, to_ind);
  if (where) prep, soci::use(key);
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

std::vector<StaffView> ProjectStore::all_staff() { return load_staff(nullptr, 0); }

std::vector<StaffView> ProjectStore::staff_of_project(long long project_id) {
  return load_staff("s.project_id = :k", project_id);
}

std::vector<StaffView> ProjectStore::staff_of_package(long long package_id) {
  return load_staff("p.package_id = :k", package_id);
}

long long ProjectStore::insert_staff(const NewStaff& s) {
  const std::string from = s.from.to_string(), to = date_text(s.to);
  soci::indicator to_ind = s.to ? soci::i_ok : soci::i_null;
  return insert_row(db_, "project_staff",
                    "INSERT INTO project_staff (project_id, name, region, starts_on, ends_on) "
                    "VALUES (:p, :n, :r, :f, :t)",
                    soci::use(s.project_id), soci::use(s.name), soci::use(s.region),
                    soci::use(from), soci::use(to, to_ind));
}

}  // namespace chizai
