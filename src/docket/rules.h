// The rule book as read from config/docketing/ (rules.cpp): one
// JurisdictionRules per file, every rule and fee table in plain structs the
// engine (engine.cpp, fees.cpp) reads without string lookups in its hot path.
// Internal to the docket library; engine.h is the public interface.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"
#include "docket/engine.h"
#include "registry/model.h"

namespace chizai::docket {

// A late-payment surcharge: a percentage of the fee, a fixed amount (by US
// entity status when given), or an amount per started month after
// `free_months` (GB). No surcharge is due within `free_months` of the due date.
struct Surcharge {
  int percent = 0;
  std::int64_t fixed = 0;
  std::int64_t fixed_small = -1;  // -1: same as fixed
  std::int64_t fixed_micro = -1;
  std::int64_t per_month = 0;
  int free_months = 0;
  bool any() const { return percent != 0 || fixed != 0 || per_month != 0; }
};

// One row of a fee table: years (or US maintenance stages, or US extension
// months) from..to, a base amount and an amount per claim (JP), in minor
// units; small/micro: the US entity amounts (-1: none given).
struct FeeRow {
  int from = 0;
  int to = 0;
  std::int64_t base = 0;
  std::int64_t per_claim = 0;
  std::int64_t small = -1;
  std::int64_t micro = -1;
};

struct FeeTable {
  std::string id;        // "annual", "maintenance", "renewal", "extension"
  Date valid_from;
  std::string source;
  std::vector<FeeRow> rows;
  std::optional<Surcharge> surcharge;
  std::string sha256;    // of the table's canonical JSON (keys sorted)
  std::string label;     // "JP/annual@2022-04-01"
  const FeeRow* row(int year) const;
};

// A fee reduction (JP): owners of the given institution kinds and countries
// pay `pay` of the fee of years from..to, when examination was requested
// within [examination_from, examination_to] and the fee is paid from paid_from.
struct Reduction {
  std::string id;
  std::string table;
  std::optional<Date> examination_from;
  std::optional<Date> examination_to;
  std::optional<Date> paid_from;  // only for fees paid (or, forecasting, due) from this day
  std::vector<InstitutionKind> kinds;
  std::vector<std::string> countries;
  int from = 0;
  int to = 0;
  Fraction pay = Fraction::one();
  std::string source;
};

struct ParisRule {
  int months = 12;
  int design_months = 0;  // 0: no Paris task for designs in this office
};

struct ExaminationRule {
  int months = 36;
};

struct AnnualRule {  // JP
  int table = -1;
  int first_years = 3;
  int first_days_after_allowance = 30;
  int grace_months = 6;
  int surcharge_percent = 100;
  int last_year = 25;
};

struct MaintenanceRule {  // US
  int table = -1;
  std::vector<int> stages_months;  // after grant
  int window_months = 6;
  int grace_months = 6;
};

enum class RenewalPhase { kApplication, kValidation };

struct RenewalRule {  // EP (application), DE/FR/GB/UP (after an EP grant)
  int table = -1;
  RenewalPhase phase = RenewalPhase::kApplication;
  int first_year = 3;
  int last_year = 20;
  int window_months = 3;
  int first_window_months = 0;  // 0: as window_months
  int grace_months = 6;
  bool grace_to_month_end = true;
  int euro_pct_months = 0;      // EP: a fee due before this many months from the priority date is due then
  int after_grant_months = 0;   // GB: the first fee after grant may be paid to the end of this month after grant
  int surcharge_percent = 0;    // when the table names no surcharge
};

struct OfficeActionRule {
  int domestic_days = 0;   // JP
  int foreign_months = 0;  // JP
  int months = 0;          // US: the shortened statutory period
  int max_months = 0;      // US: the statutory maximum
  int extension_table = -1;
  bool from_event = false; // EP: the period is on the event
  int default_months = 0;  // EP: when the event carries no period
};

struct NationalPhaseRule {  // WO
  struct Office {
    std::string office;
    int months = 30;
  };
  std::vector<Office> offices;
};

struct ExpiryRule {
  int years = 20;
};

struct SharesRule {
  std::int64_t truncate_to = 1;  // JP: 10 (yen)
  bool per_year = false;         // JP: years 1-3 computed per year, then ×3
};

struct JurisdictionRules {
  std::string code;      // "JP"
  std::string currency;  // "JPY"
  std::string file;      // "config/docketing/JP.json" as given to load()
  std::optional<ParisRule> paris;
  std::optional<ExaminationRule> examination;
  std::optional<AnnualRule> annual;
  std::optional<MaintenanceRule> maintenance;
  std::optional<RenewalRule> renewal;
  std::optional<OfficeActionRule> office_action;
  std::optional<NationalPhaseRule> national_phase;
  std::optional<ExpiryRule> expiry;
  SharesRule shares;
  // Every version of every table, grouped by table id, each group in
  // valid_from order. `tables[i]` is one id's versions.
  std::vector<std::vector<FeeTable>> tables;
  std::vector<Reduction> reductions;

  // The version of table group `t` in force on `d` (nullptr before the first).
  const FeeTable* table_on(int t, Date d) const;
};

struct RuleBookData {
  std::string version;
  std::vector<JurisdictionRules> jurisdictions;
  // The index of a two-letter code in `jurisdictions`, -1 when absent: a
  // 26×26 table so the hot path never compares strings.
  std::array<std::int16_t, 26 * 26> index{};

  const JurisdictionRules* find(std::string_view code) const;
};

}  // namespace chizai::docket
