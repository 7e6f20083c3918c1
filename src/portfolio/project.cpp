#include "portfolio/project.h"

#include <array>
#include <utility>

#include "core/int128.h"
#include "core/money.h"

namespace chizai {
namespace {

constexpr std::array<std::pair<ContractStatus, const char*>, 3> kContractStatuses = {{
    {ContractStatus::kActive, "active"},
    {ContractStatus::kCompleted, "completed"},
    {ContractStatus::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<StaffRegion, const char*>, 8> kRegions = {{
    {StaffRegion::kJapan, "japan"},
    {StaffRegion::kNorthAmerica, "north_america"},
    {StaffRegion::kEurope, "europe"},
    {StaffRegion::kChina, "china"},
    {StaffRegion::kAsiaOther, "asia_other"},
    {StaffRegion::kLatinAmerica, "latin_america"},
    {StaffRegion::kOceania, "oceania"},
    {StaffRegion::kMiddleEastAfrica, "middle_east_africa"},
}};

template <class E, std::size_t N>
const char* word_of(const std::array<std::pair<E, const char*>, N>& table, E e) {
  for (const auto& [value, word] : table) {
    if (value == e) return word;
  }
  return "?";
}

template <class E, std::size_t N>
std::optional<E> parse_word(const std::array<std::pair<E, const char*>, N>& table,
                            std::string_view s) {
  for (const auto& [value, word] : table) {
    if (s == word) return value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string words(const std::array<std::pair<E, const char*>, N>& table) {
  std::string out;
  for (const auto& entry : table) out += (out.empty() ? "" : ", ") + std::string(entry.second);
  return out;
}

}  // namespace

const char* to_string(ContractStatus s) { return word_of(kContractStatuses, s); }
std::optional<ContractStatus> parse_contract_status(std::string_view s) {
  return parse_word(kContractStatuses, s);
}
std::string allowed_words_contract_status() { return words(kContractStatuses); }

const char* to_string(StaffRegion r) { return word_of(kRegions, r); }
std::optional<StaffRegion> parse_staff_region(std::string_view s) { return parse_word(kRegions, s); }
std::string allowed_words_staff_region() { return words(kRegions); }

std::string yen_text(std::int64_t minor) { return money_text(minor, "JPY"); }

Result<std::int64_t> sum_amounts(const std::vector<std::int64_t>& amounts) {
  std::int64_t total = 0;
  for (std::int64_t a : amounts) {
    if (a < 0) return make_error(ErrorKind::kInvalid, "negative_amount", "amount " + yen_text(a) + " is negative");
    if (__builtin_add_overflow(total, a, &total)) {
      return make_error(ErrorKind::kRefused, "overflow", "the sum of the amounts does not fit in 64 bits");
    }
  }
  return total;
}

Status check_project_budget(std::int64_t budget, const SchemeSettings& settings) {
  if (budget <= 0) {
    return make_error(ErrorKind::kInvalid, "bad_budget", "budget " + yen_text(budget) + " must be positive", "budget");
  }
  if (budget > settings.project_budget_max_minor) {
    return make_error(ErrorKind::kRefused, "over_cap", "budget " + yen_text(budget) + " is over the cap of " +
                                      yen_text(settings.project_budget_max_minor) +
                                      " per project (superhighway.max_budget)",
                      "budget");
  }
  return {};
}

Status check_project_slots(std::int64_t existing, const SchemeSettings& settings) {
  if (existing >= settings.max_projects) {
    return make_error(ErrorKind::kRefused, "too_many_projects",
                      "the programme already has " + std::to_string(existing) +
                          " project(s) and its cap is " + std::to_string(settings.max_projects) +
                          " (superhighway.max_projects); no more projects can be created");
  }
  return {};
}

Status check_period(Date from, Date to, std::string_view what) {
  if (to < from) {
    return make_error(ErrorKind::kInvalid, "bad_period", std::string(what) + ": end " + to.to_string() +
                                        " is before start " + from.to_string(),
                      "to");
  }
  return {};
}

Status check_within(Date from, Date to, Date outer_from, Date outer_to, std::string_view what,
                    std::string_view outer) {
  if (from < outer_from || outer_to < to) {
    return make_error(ErrorKind::kRefused, "outside_period", std::string(what) + " period " + from.to_string() + " .. " +
                                            to.to_string() + " is not within " +
                                            std::string(outer) + " period " +
                                            outer_from.to_string() + " .. " + outer_to.to_string(),
                      "from");
  }
  return {};
}

Status check_commitment(std::string_view project, std::int64_t budget, std::int64_t committed,
                        std::int64_t amount) {
  if (amount <= 0) {
    return make_error(ErrorKind::kInvalid, "bad_amount", "contract amount " + yen_text(amount) + " must be positive",
                      "amount");
  }
  std::int64_t after = 0;
  if (__builtin_add_overflow(committed, amount, &after) || after > budget) {
    return make_error(ErrorKind::kRefused, "over_budget",
                      "a contract of " + yen_text(amount) + " would take project " +
                          std::string(project) + "'s commitments over its budget: budget " +
                          yen_text(budget) + ", committed " + yen_text(committed) +
                          ", remaining " + yen_text(budget - committed),
                      "amount");
  }
  return {};
}

Status check_expenditure(long long contract_id, std::int64_t contract_amount, std::int64_t spent,
                         std::int64_t amount) {
  if (amount <= 0) {
    return make_error(ErrorKind::kInvalid, "bad_amount", "expenditure " + yen_text(amount) + " must be positive",
                      "amount");
  }
  std::int64_t after = 0;
  if (__builtin_add_overflow(spent, amount, &after) || after > contract_amount) {
    return make_error(ErrorKind::kRefused, "over_contract",
                      "an expenditure of " + yen_text(amount) + " would take contract " +
                          std::to_string(contract_id) + " over its amount: amount " +
                          yen_text(contract_amount) + ", spent " + yen_text(spent) + ", left " +
                          yen_text(contract_amount - spent),
                      "amount");
  }
  return {};
}

Status check_contractor(std::string_view project, const std::string& institution,
                        const std::vector<std::string>& allowed) {
  for (const auto& code : allowed) {
    if (code == institution) return {};
  }
  std::string list;
  for (const auto& code : allowed) list += (list.empty() ? "" : ", ") + code;
  return make_error(
      ErrorKind::kRefused, "not_inventor_institution",
      "institution " + institution + " is not the institution of an inventor of project " +
          std::string(project) + "'s basic patents; commissioned research goes to " +
          (list.empty() ? std::string("(no inventor institution is recorded)") : list),
      "institution");
}

Status check_contract_transition(long long contract_id, ContractStatus from, ContractStatus to,
                                 std::int64_t spent) {
  const std::string name = "contract " + std::to_string(contract_id);
  if (from == ContractStatus::kCancelled && to != ContractStatus::kCancelled) {
    return make_error(ErrorKind::kRefused, "cancelled", name + " is cancelled; a cancelled contract cannot be reopened",
                      "status");
  }
  if (to == ContractStatus::kCancelled && from != ContractStatus::kCancelled && spent > 0) {
    return make_error(ErrorKind::kRefused, "has_expenditures", name + " has expenditures (" + yen_text(spent) +
                                              " spent) and cannot be cancelled",
                      "status");
  }
  return {};
}

bool StaffPeriod::overlaps(Date other_from, std::optional<Date> other_to) const {
  const bool starts_before_other_ends = !other_to || from <= *other_to;
  const bool other_starts_before_end = !to || other_from <= *to;
  return starts_before_other_ends && other_starts_before_end;
}

std::vector<StaffRegion> regions_covered(const std::vector<StaffPeriod>& staff, Date day) {
  std::vector<StaffRegion> out;
  for (const auto& [region, word] : kRegions) {
    for (const auto& s : staff) {
      if (s.region == region && s.covers(day)) {
        out.push_back(region);
        break;
      }
    }
  }
  return out;
}

std::int64_t utilisation_rate_bps(std::int64_t licensed, std::int64_t aggregated) {
  if (aggregated <= 0) return 0;
  const int128 num = static_cast<int128>(licensed) * 10000;
  return static_cast<std::int64_t>((2 * num + aggregated) / (2 * static_cast<int128>(aggregated)));
}

std::string bps_text(std::int64_t bps) {
  const std::int64_t whole = bps / 100, frac = bps % 100;
  return std::to_string(whole) + "." + (frac < 10 ? "0" : "") + std::to_string(frac) + "%";
}

}  // namespace chizai
