// The maintenance budget: every application's tasks computed from its facts
// (DocketFactsStore::load_batch, docket::compute_tasks) and turned into
//  - the fees forecast (`chizai fees forecast`, GET /api/v1/fees/forecast):
//    fees due in the next N years by Japanese fiscal year and a grouping,
//    in original currencies and JPY (docket/forecast.h);
//  - the keep-or-drop review (`chizai docket review`, GET
//    /api/v1/docket/review): for each application with a fee due soon, what
//    keeping it costs until expiry beside what it earns and what it is part
//    of;
//  - the programme report's fees of a fiscal year.
// Reads only; nothing is written.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "docket/engine.h"
#include "docket/forecast.h"
#include "portfolio/fiscal.h"
#include "store/database.h"

namespace chizai {

struct DocketRules;  // services/docket_service.h

using SettingFn = std::function<std::string(const std::string& key, const std::string& fallback)>;

// The rule book and the office calendars the doors load once.
struct DocketConfig {
  docket::RuleBook rules;
  docket::Calendars calendars;
};
// The rule book and calendars of docket_rules_dir(setting), as
// load_docket_rules (services/docket_service.h) keeps them.
Result<DocketConfig> load_docket_config(const SettingFn& setting);

// Reads an FX file: CSV with the header "date,currency,rate,source" (the
// ledger's rate table's columns), one rate per line: JPY per one unit of the
// currency, at most 6 decimals. Errors name the line and the column;
// `name` names the file in messages.
Result<docket::FxRates> read_fx_csv(std::istream& in, const std::string& name);

struct ForecastRequest {
  Date as_of;
  int years = 5;  // 1..50
  docket::ForecastGrouping by = docket::ForecastGrouping::kInstitution;
  std::string institution;  // non-empty: only the applications it owns
  // Converts foreign fees (a missing rate is an error); null: JPY figures
  // only for fees in JPY.
  const docket::FxRates* fx = nullptr;
};

struct ReviewRequest {
  Date as_of;
  int within_days = 90;     // 1..3660
  std::string institution;  // non-empty: only the applications it owns
  const docket::FxRates* fx = nullptr;  // as ForecastRequest::fx
};

// One application with a fee due soon, and the facts to weigh.
struct ReviewRow {
  long long patent_id = 0;
  std::string number;
  std::string jurisdiction;
  std::vector<std::string> owners;  // institution codes, by position
  std::string payer;                // "aggregator" | "owners"
  // The first fee due from as_of to as_of + within (or in its grace period
  // on as_of: `late`, the late amount).
  std::string task_key, task_label;
  Date due;
  bool late = false;
  std::int64_t fee_minor = 0;
  std::string currency;
  std::optional<std::int64_t> fee_jpy;
  std::optional<Date> expiry;  // the expiry task's date, when the rules give one
  docket::KeepCost keep;       // every fee from `due` on
  std::int64_t earned_jpy = 0;            // licence income routed to it
  std::vector<std::string> licences;      // agreements in force covering it
  std::vector<std::string> packages;      // packages it is in on as_of
  std::vector<std::string> projects;      // Super Highway projects running on as_of
  std::int64_t open_deals = 0;            // open deals on its packages
  std::int64_t companies = 0;             // companies with a candidate edge to one of its packages
  // Nothing speaks for keeping it: no income, no licence, no project, no
  // open deal.
  bool unsupported() const {
    return earned_jpy == 0 && licences.empty() && projects.empty() && open_deals == 0;
  }
};

struct Review {
  Date as_of;
  int within_days = 90;
  bool converted = false;
  std::vector<ReviewRow> rows;  // review_order
};

// The order of the review: soonest due first; on the same day, the
// applications nothing speaks for first; then the dearest to keep (JPY;
// unconverted last); then the number.
bool review_order(const ReviewRow& a, const ReviewRow& b);

// The fees the rules put in one fiscal year, for the programme report.
struct FiscalYearFees {
  FiscalYear fiscal_year;
  docket::ForecastYear due;   // fees due in the year (all of it, past days included)
  bool converted = false;
};
struct ProgrammeReport;  // services/project_service.h
// Sets the report's fees_due from `fees`.
void add_fiscal_year_fees(ProgrammeReport& report, const FiscalYearFees& fees);
// Marks the report's fees due unavailable, saying `why` (the rule book's
// loader's message): the report is still given, without them.
void mark_fees_due_unavailable(ProgrammeReport& report, const std::string& why);
// Sets the report's fees_paid from the done decisions dated in its fiscal
// year (DocketStore::fees_paid_between), each currency's total converted to
// JPY at `fx`'s rate on the fiscal year's last day when it has one (one
// rounding per currency; JPY as it is; no rate: null, and fees_paid_jpy
// null).
void add_fiscal_year_fees_paid(Database& db, ProgrammeReport& report, const docket::FxRates* fx);

// An application's tasks: the rules engine's (docket::compute_tasks), or
// the tests' own.
using ComputeTasks = std::function<Result<std::vector<docket::Task>>(const docket::Application&)>;
// compute_tasks with `config`'s rule book and calendars (REQUIRES: `config`
// outlives the function).
ComputeTasks engine_tasks(const DocketConfig& config);

class FeesService {
 public:
  // `setting` reads matching.* (the review's candidate edges).
  FeesService(Database& db, const DocketConfig& config, SettingFn setting = {})
      : FeesService(db, engine_tasks(config), std::move(setting)) {}
  FeesService(Database& db, ComputeTasks compute, SettingFn setting = {})
      : db_(db), compute_(std::move(compute)), setting_(std::move(setting)) {}

  // The forecast the doors give (`chizai fees forecast`, GET
  // /api/v1/fees/forecast): from the stored docket (docket_task and its
  // shares), first brought up to date with `rules`
  // (DocketService::ensure_current: every task recomputed when they were
  // computed with another rule book or calendars, so never stale), then
  // summed in SQL by fiscal year, group and currency
  // (FeesStore::stored_fee_sums). A foreign fee is still converted once
  // per fee (or payer's part) and the yen summed, as forecast() does.
  // The figures are forecast()'s for the same facts, except that the
  // stored docket drops the tasks after a waived one, keeps a done task's
  // fee as it was done, and has no tasks for an application the rules
  // could not compute (`docket recompute` names it) where forecast()
  // fails. Errors: bad years; fx_rate_missing; docket_stale (below).
  // `stale`: kRecompute brings the docket up to date first (the CLI);
  // kRefuse, for a caller inside a read-only snapshot (the API's GET, as
  // the docket's own routes), refuses a docket computed with other rules
  // or calendars, or never computed: unavailable docket_stale (`chizai
  // serve` recomputes it at start).
  enum class StaleDocket { kRecompute, kRefuse };
  Result<docket::Forecast> stored_forecast(const ForecastRequest& r, std::shared_ptr<const DocketRules> rules,
                                           const std::string& actor, StaleDocket stale = StaleDocket::kRecompute);
  // The forecast computed from every application's facts (the rules run
  // for each; the reference stored_forecast is tested against).
  // Errors: bad years (field "years"); fx_rate_missing; an application
  // whose tasks cannot be computed (its number named).
  Result<docket::Forecast> forecast(const ForecastRequest& r);
  Result<Review> review(const ReviewRequest& r);
  Result<FiscalYearFees> fiscal_year_fees(FiscalYear fy, const docket::FxRates* fx);

  // Every application (owned by `institution` when non-empty) with its
  // tasks, in batches of `batch` (for the benchmark too).
  using Visit = std::function<Status(const docket::Application&, const std::vector<docket::Task>&)>;
  Status for_each_application(const std::string& institution, std::size_t batch, const Visit& visit);

 private:
  Database& db_;
  ComputeTasks compute_;
  SettingFn setting_;
};

}  // namespace chizai
