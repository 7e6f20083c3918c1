// Use cases of the Super Highway: projects, commissioned research
// contracts, expenditures, overseas staff, and the programme report. Each
// change runs in one write transaction with its change_log record; a
// refused request writes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "portfolio/fiscal.h"
#include "portfolio/project.h"
#include "portfolio/settings.h"
#include "store/database.h"
#include "store/project_store.h"  // ContractView, StaffView

namespace chizai {

struct ProjectRequest {
  std::string code;
  std::string package;                     // package code
  std::vector<std::string> basic_patents;  // any accepted spelling
  std::optional<std::int64_t> budget_minor;  // default: settings
  Date from, to;
};

struct ContractRequest {
  std::string project;      // project code
  std::string institution;  // contractor code
  std::int64_t amount_minor = 0;
  Date from, to;
  std::string deliverable;
  bool recoverable = false;
};

struct ExpenseRequest {
  long long contract_id = 0;
  std::int64_t amount_minor = 0;
  Date date;
  bool recoverable = false;  // also recoverable when its contract is
  std::string note;
};

struct StaffRequest {
  std::string project;
  std::string name;
  std::string region;  // a StaffRegion word
  Date from;
  std::optional<Date> to;
};

struct ProjectView {
  std::string code;
  std::string package;
  std::vector<std::string> basic_patents;  // canonical numbers, sorted
  Date from, to;
  ProjectBudget money;
  std::vector<ContractView> contracts;  // by id
  std::vector<StaffView> staff;         // by id
};

// One recoverable cost not yet recovered: a project expenditure, or an
// official fee the aggregator paid for a patent of the package (`docket
// done --recoverable`, DocketService::done).
struct RecoverableCost {
  Date date;
  long long expenditure_id = 0;  // 0 for a docket fee
  std::int64_t amount = 0;
  long long docket_cost_id = 0;  // docket_recoverable_cost id; 0 for an expenditure
};

struct OutstandingCosts {
  std::string package;
  std::int64_t total = 0;
  std::vector<RecoverableCost> items;  // oldest first (date, then id)
};

struct ProgrammeReport {
  FiscalYear fiscal_year;
  struct InstitutionCount {
    std::string institution;
    std::string name_en;
    std::int64_t assignment = 0, mandate = 0, total = 0;
  };
  struct ProjectLine {
    std::string code;
    std::string package;
    std::int64_t budget = 0, committed = 0, remaining = 0;
    std::int64_t spent_in_fy = 0, spent_to_date = 0, recoverable_outstanding = 0;
  };
  // Aggregated patents as of the fiscal year's last day.
  std::int64_t aggregated_total = 0;
  std::int64_t aggregated_in_fy = 0;
  std::int64_t by_mode_assignment = 0, by_mode_mandate = 0;
  std::vector<InstitutionCount> by_institution;  // by institution code
  // Packages by their status on the fiscal year's last day (each package
  // once): draft, marketed, licensed (an exclusive licence in force),
  // retired.
  std::int64_t packages_draft = 0, packages_marketed = 0, packages_licensed = 0,
               packages_retired = 0;
  // Packages covered by a licence in force on the fiscal year's last day,
  // whatever their status: under an exclusive one, and under non-exclusive
  // ones only (the two are disjoint; their sum is the packages under any
  // licence).
  std::int64_t packages_licensed_exclusive = 0, packages_licensed_non_exclusive = 0;
  std::vector<ProjectLine> projects;  // by code
  ProjectLine totals;                 // code "total"
  // Utilisation: aggregated patents under a licence in force ÷ aggregated.
  std::int64_t licensed = 0;
  std::int64_t rate_bps = 0;
  std::int64_t baseline_bps = 0;
  std::string note;
  // Licence income received in the fiscal year: the JPY payments (net of
  // their reversals) distributed to cost recovery, the aggregator and the
  // owners' payables, by posting date.
  std::int64_t licence_income_jpy = 0;
  // Beside it, the official fees the rules put in the fiscal year (every
  // fee due in it, days already past included), by currency; filled by the
  // doors from FeesService::fiscal_year_fees (add_fiscal_year_fees).
  struct FeesDue {
    std::string currency;
    std::int64_t amount_minor = 0;
    std::optional<std::int64_t> jpy_minor;  // null: not converted (no rates given)
    std::int64_t fees = 0;
  };
  std::vector<FeesDue> fees_due;
  std::optional<std::int64_t> fees_due_jpy = 0;  // null when a foreign fee was not converted
  std::int64_t fees_due_count = 0;
  // Why the fees due could not be computed (no rule book could be read):
  // then fees_due is empty and fees_due_jpy null; empty when they were.
  std::string fees_unavailable;
  // The official fees PAID in the fiscal year: the done decisions dated in
  // it that carry a fee (`docket done`, `docket import-done`), not undone,
  // by currency (the same shape as fees_due; JPY where a rate is known);
  // filled by the doors (add_fiscal_year_fees_paid). They need no rule book.
  std::vector<FeesDue> fees_paid;
  std::optional<std::int64_t> fees_paid_jpy = 0;  // null when a foreign fee has no rate
  std::int64_t fees_paid_count = 0;
};

class ProjectService {
 public:
  ProjectService(Database& db, SchemeSettings settings, std::string actor)
      : db_(db), settings_(std::move(settings)), actor_(std::move(actor)) {}

  Result<ProjectView> create_project(const ProjectRequest& r);
  // Returns the new contract's id.
  Result<long long> add_contract(const ContractRequest& r);
  // active | completed | cancelled. Cancelling frees the contract's amount
  // from the project's commitments; a contract with expenditures cannot be
  // cancelled, and a cancelled one cannot be reopened.
  Result<ContractView> set_contract_status(long long contract_id, const std::string& status);
  // Returns the new expenditure's id.
  Result<long long> add_expense(const ExpenseRequest& r);
  // Returns the new assignment's id.
  Result<long long> assign_staff(const StaffRequest& r);

  Result<ProjectView> show_project(const std::string& code);
  std::vector<ProjectView> list_projects();
  Result<ContractView> find_contract(long long id);
  // All staff, or one project's; by id.
  Result<std::vector<StaffView>> list_staff(const std::string& project = {});

  // For the ledger: recoverable expenditures of the package's projects and
  // docket fees recorded as recoverable costs of the package (not undone),
  // oldest first (date, expenditures before fees, then id).
  Result<OutstandingCosts> outstanding_recoverable_costs(const std::string& package_code);
  // For matching: the regions staff of the package's projects cover on `day`.
  Result<std::vector<StaffRegion>> regions_covered_for_package(const std::string& package_code,
                                                               Date day);

  ProgrammeReport programme_report(FiscalYear fy);

 private:
  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
};

}  // namespace chizai
