// Rules of the Super Highway (スーパーハイウェイ): projects with a budget,
// commissioned trial research / prototype contracts (委託試験研究・試作)
// with the inventor's institution, expenditures against the contracts, and
// overseas licensing staff. Plain functions over int64 yen and dates; the
// services read the figures and write only what these rules accept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "portfolio/settings.h"

namespace chizai {

enum class ContractStatus { kActive, kCompleted, kCancelled };
const char* to_string(ContractStatus s);
std::optional<ContractStatus> parse_contract_status(std::string_view s);
std::string allowed_words_contract_status();  // "active, completed, cancelled"

// Where an overseas licensing staff member works (the CHECK in the schema).
enum class StaffRegion {
  kJapan, kNorthAmerica, kEurope, kChina, kAsiaOther, kLatinAmerica, kOceania, kMiddleEastAfrica
};
const char* to_string(StaffRegion r);
std::optional<StaffRegion> parse_staff_region(std::string_view s);
std::string allowed_words_staff_region();

// "18,000,000 JPY": yen amounts in messages.
std::string yen_text(std::int64_t minor);

// Sum of amounts, refusing negative terms and int64 overflow.
Result<std::int64_t> sum_amounts(const std::vector<std::int64_t>& amounts);

// A project's money at one moment.
struct ProjectBudget {
  std::int64_t budget = 0;
  std::int64_t committed = 0;          // non-cancelled contract amounts
  std::int64_t spent = 0;              // expenditures
  std::int64_t recoverable_spent = 0;  // expenditures marked recoverable
  // The budget not yet committed to a contract (negative only if the data
  // were written around the rules).
  std::int64_t remaining() const { return budget - committed; }
};

// A project's budget: positive and not over the per-project cap.
Status check_project_budget(std::int64_t budget, const SchemeSettings& settings);
// One more project: refused when `existing` already reaches the cap.
Status check_project_slots(std::int64_t existing, const SchemeSettings& settings);
// A period [from, to]; `what` names it in the message ("project SH-01").
Status check_period(Date from, Date to, std::string_view what);
// [from, to] lies within [outer_from, outer_to].
Status check_within(Date from, Date to, Date outer_from, Date outer_to, std::string_view what,
                    std::string_view outer);
// A new contract of `amount` keeps the project's commitments within budget.
Status check_commitment(std::string_view project, std::int64_t budget, std::int64_t committed,
                        std::int64_t amount);
// A new expenditure of `amount` keeps the contract's spend within its amount.
Status check_expenditure(long long contract_id, std::int64_t contract_amount, std::int64_t spent,
                         std::int64_t amount);
// The contractor is the institution of an inventor of a basic patent.
// `allowed` lists those institutions (codes).
Status check_contractor(std::string_view project, const std::string& institution,
                        const std::vector<std::string>& allowed);
// A contract may move from `from` to `to`: a cancelled contract stays
// cancelled; one with expenditures (`spent` > 0) cannot be cancelled.
Status check_contract_transition(long long contract_id, ContractStatus from, ContractStatus to,
                                 std::int64_t spent);

// One overseas staff assignment, dates inclusive.
struct StaffPeriod {
  std::string name;
  StaffRegion region = StaffRegion::kJapan;
  Date from;
  std::optional<Date> to;  // open-ended when absent
  bool covers(Date d) const { return from <= d && (!to || d <= *to); }
  bool overlaps(Date other_from, std::optional<Date> other_to) const;
};
// The regions some assignment covers on `day`, in the enum's order, once each.
std::vector<StaffRegion> regions_covered(const std::vector<StaffPeriod>& staff, Date day);

// Licensed ÷ aggregated in basis points, rounded half up; 0 when nothing
// is aggregated. REQUIRES: 0 <= licensed, 0 <= aggregated.
std::int64_t utilisation_rate_bps(std::int64_t licensed, std::int64_t aggregated);
// "30.30%" from basis points.
std::string bps_text(std::int64_t bps);

}  // namespace chizai
