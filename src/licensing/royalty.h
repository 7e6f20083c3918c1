// Royalty arithmetic of a licence agreement: marginal royalty tiers on
// cumulative net sales within a contract year, computed exactly and rounded
// once; contract years; the minimum annual royalty true-up; the sublicence
// share; and booking a foreign amount in JPY at a quoted rate.
// Pure functions over plain values: no I/O, no database.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/int128.h"
#include "core/money.h"
#include "core/result.h"

namespace chizai {

// One marginal tier: `rate_bps` applies to the part of the contract year's
// cumulative net sales above the previous tier's `up_to_minor` (0 for the
// first tier) and up to this tier's `up_to_minor` inclusive. `up_to_minor`
// is absent only for the last tier, which is open-ended.
struct RoyaltyTier {
  std::optional<std::int64_t> up_to_minor;
  std::int64_t rate_bps = 0;
};

// Checks a tier list: at least one tier; every rate within 0..10000 bps;
// bounds > 0 and strictly increasing; every tier but the last bounded and the
// last one open (so that every sale falls in a tier). The error (code
// "bad_tiers", field "royalty_tiers") names the tier at fault.
Status validate_tiers(const std::vector<RoyaltyTier>& tiers);

// An exact amount of minor units: numerator / kDenominator, never rounded.
// Rates are in basis points, so every tiered royalty is a whole number of
// 1/10000ths of a minor unit.
struct ExactAmount {
  static constexpr std::int64_t kDenominator = 10000;
  int128 numerator = 0;

  // The amount rounded to a whole minor unit, halves away from zero.
  // REQUIRES: the rounded value fits in int64.
  std::int64_t rounded_minor() const;

  friend ExactAmount operator-(const ExactAmount& a, const ExactAmount& b) {
    return ExactAmount{a.numerator - b.numerator};
  }
  friend bool operator==(const ExactAmount& a, const ExactAmount& b) = default;
};

// The exact royalty owed on `cumulative_net_sales_minor` of a contract year:
// the sum over tiers of rate × the part of the sales inside the tier.
// Cumulative sales at or below zero owe nothing (a year's royalty is never
// negative), so a correction that takes the year below zero refunds exactly
// what had been invoiced and no more.
// REQUIRES: validate_tiers(tiers).ok().
ExactAmount tiered_royalty(const std::vector<RoyaltyTier>& tiers,
                           std::int64_t cumulative_net_sales_minor);

// The running royalty of one licensee report (one invoice):
//   tiered(before + sales) − tiered(before), rounded once, half away from zero.
// `report_net_sales_minor` may be negative (a correction): the result is then
// zero or negative. Errors: invalid tiers; a cumulative total that overflows.
Result<std::int64_t> running_royalty_minor(const std::vector<RoyaltyTier>& tiers,
                                           std::int64_t cumulative_before_minor,
                                           std::int64_t report_net_sales_minor);

// Contract years start on the agreement's `start`: year k covers
// [start + k years, start + (k + 1) years), each computed from `start` with
// Date::add_years (so 29 February clamps to 28 February in common years,
// and comes back in leap years). Returns k, negative for dates before start.
int contract_year_index(Date start, Date d);
// First and last day of contract year `k`.
Date contract_year_first_day(Date start, int k);
Date contract_year_last_day(Date start, int k);

// The minimum annual royalty true-up of a contract year: the shortfall of the
// running royalties invoiced for that year, max(0, minimum − invoiced).
// REQUIRES: minimum_minor >= 0; the difference fits in int64.
std::int64_t true_up_minor(std::int64_t minimum_minor,
                           std::int64_t running_royalties_invoiced_in_year_minor);

// The licensor's share of a licensee's sublicence income: income × share_bps
// / 10000, rounded once, half away from zero. Error: share outside 0..10000.
Result<std::int64_t> sublicense_share_minor(std::int64_t income_minor,
                                            std::int64_t share_bps);

// Books `amount` in JPY (whole yen) at `rate_text`, the number of JPY per one
// unit of the amount's currency, written with at most 6 decimals ("151.234567",
// "0.95", "150"). The yen value is amount × rate, exact, rounded once, half
// away from zero: USD 10,000.00 at 151.234567 = 1,512,345.67 → 1,512,346.
// A JPY amount is accepted only with the rate 1. Errors (field "fx_rate"):
// empty or malformed text (signs, separators, spaces), more than 6 decimals,
// a zero rate, a rate of 10^12 or more; "overflow" when the yen do not fit.
Result<std::int64_t> to_jpy_minor(Money amount, std::string_view rate_text);

}  // namespace chizai
