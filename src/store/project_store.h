// The Super Highway tables: project, project_basic_patent, contract,
// expenditure, project_staff. Reads also join the registry's patent,
// patent_inventor and institution, and package for its code. Writes expect
// the caller to hold a write transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "portfolio/project.h"
#include "store/database.h"

namespace chizai {

struct ContractView {
  long long id = 0;
  std::string project;
  std::string institution;
  std::int64_t amount = 0;
  std::int64_t spent = 0;
  Date from, to;
  std::string deliverable;
  ContractStatus status = ContractStatus::kActive;
  bool recoverable = false;
  std::int64_t left() const { return amount - spent; }
};

struct StaffView {
  long long id = 0;
  std::string project;
  std::string name;
  StaffRegion region = StaffRegion::kJapan;
  Date from;
  std::optional<Date> to;
};

// A project row.
struct ProjectRecord {
  long long id = 0;
  long long package_id = 0;
  std::string code;
  std::string package;  // the package's code
  Date from, to;
  std::int64_t budget = 0;
};

struct NewProject {
  std::string code;
  long long package_id = 0;
  Date from, to;
  std::int64_t budget = 0;
};

struct NewContract {
  long long project_id = 0, institution_id = 0;
  std::int64_t amount = 0;
  Date from, to;
  std::string deliverable;
  bool recoverable = false;
};

struct NewExpenditure {
  long long contract_id = 0;
  std::int64_t amount = 0;
  Date date;
  bool recoverable = false;
  std::string note;
};

struct NewStaff {
  long long project_id = 0;
  std::string name, region;
  Date from;
  std::optional<Date> to;
};

// One recoverable expenditure, as the ledger recovers it.
struct RecoverableExpenditure {
  Date date;
  long long id = 0;
  std::int64_t amount = 0;
};

class ProjectStore {
 public:
  explicit ProjectStore(Database& db) : db_(db) {}

  // PostgreSQL runs writers concurrently at READ COMMITTED: a check-then-
  // write must first lock what it checks. These do nothing on SQLite, whose
  // BEGIN IMMEDIATE already lets one writer in at a time.
  // REQUIRES: a write transaction.
  void lock_projects();  // the whole project table (new projects)
  void lock_project(long long id);
  void lock_contract(long long id);

  // ---- projects
  std::optional<ProjectRecord> find_project(const std::string& code);
  // Every project by code. (A later step may give this an (after, limit) range.)
  std::vector<ProjectRecord> list_projects();
  long long count_projects();
  // Returns the new project's id.
  long long insert_project(const NewProject& p);
  void insert_basic_patent(long long project_id, long long patent_id);
  // The canonical numbers of the project's basic patents, sorted.
  std::vector<std::string> basic_patents(long long project_id);
  // The codes of the institutions of the basic patents' inventors, sorted, once each.
  std::vector<std::string> inventor_institutions(long long project_id);

  // ---- contracts and expenditures
  // Returns the contract with its spend, or nothing.
  std::optional<ContractView> find_contract(long long id);
  // The project's contracts with their spend, by id.
  std::vector<ContractView> contracts_of_project(long long project_id);
  long long insert_contract(const NewContract& c);  // status active; returns the id
  void set_contract_status(long long id, ContractStatus status);
  long long insert_expenditure(const NewExpenditure& e);  // returns the id
  // The project's spend on expenditures marked recoverable.
  std::int64_t recoverable_spent(long long project_id);
  // The recoverable expenditures of the package's projects, by date then id.
  std::vector<RecoverableExpenditure> recoverable_expenditures(long long package_id);
  // Spend per project code on days first..last (inclusive, ISO dates).
  std::map<std::string, std::int64_t> spent_between(const std::string& first, const std::string& last);

  // ---- staff, each list by id
  std::vector<StaffView> all_staff();
  std::vector<StaffView> staff_of_project(long long project_id);
  std::vector<StaffView> staff_of_package(long long package_id);
  long long insert_staff(const NewStaff& s);  // returns the id

 private:
  Database& db_;
  std::vector<ProjectRecord> load_projects(const std::string& code);
  std::vector<ContractView> load_contracts(const char* where, long long key);
  std::vector<StaffView> load_staff(const char* where, long long key);
  std::vector<std::string> load_strings(const char* sql, long long key);
  void lock_row(const char* table, long long id);
};

}  // namespace chizai
