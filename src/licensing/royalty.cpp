// Royalty arithmetic: exact in int128, rounded once at the end.
#include "licensing/royalty.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <string>

#include "core/text.h"

namespace chizai {
namespace {

constexpr std::int64_t kBpsPerUnit = 10000;
constexpr int128 kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr int128 kInt64Max = std::numeric_limits<std::int64_t>::max();

bool fits_int64(int128 v) { return v >= kInt64Min && v <= kInt64Max; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "tier 2 of 3 (royalty_tiers[1])".
std::string tier_name(std::size_t i, std::size_t n) {
  return cat("tier ", std::to_string(i + 1), " of ", std::to_string(n), " (royalty_tiers[",
             std::to_string(i), "])");
}

Error bad_tiers(const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_tiers", cat("bad royalty tiers: ", why), "royalty_tiers");
}

Error bad_rate(std::string_view text, const std::string& why) {
  std::string quoted(1, '\'');
  quoted.append(text);
  quoted.push_back('\'');
  return make_error(ErrorKind::kInvalid, "bad_fx_rate", cat("bad FX rate ", quoted, ": ", why), "fx_rate");
}

// A rate parsed exactly as micro-units: "151.234567" → 151234567.
constexpr std::size_t kRateDecimals = 6;
constexpr std::int64_t kRateScale = 1000000;             // 10^6
constexpr std::int64_t kRateIntegerLimit = 1000000000000;  // 10^12 JPY per unit

// Grammar: digit+ ('.' digit{1,6})?. The value is < 10^18: fits in int64.
Result<std::int64_t> parse_rate_micro(std::string_view text) {
  if (text.empty()) return bad_rate(text, "empty");
  if (text[0] == '-') return bad_rate(text, "a rate must be positive");
  std::size_t pos = 0;
  std::int64_t integer = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    integer = integer * 10 + (text[pos] - '0');  // < 10^13: no overflow
    if (integer >= kRateIntegerLimit)
      return bad_rate(text, "too large (at most 999999999999.999999)");
    ++pos;
  }
  if (pos == 0) return bad_rate(text, "expected digits");
  std::int64_t frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t frac_begin = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    const std::size_t frac_digits = pos - frac_begin;
    if (frac_digits == 0) return bad_rate(text, "expected digits after '.'");
    if (frac_digits > kRateDecimals) return bad_rate(text, "more than 6 decimals");
    for (std::size_t i = frac_begin; i < pos; ++i) frac = frac * 10 + (text[i] - '0');
    for (std::size_t i = frac_digits; i < kRateDecimals; ++i) frac *= 10;
  }
  if (pos != text.size()) return bad_rate(text, "unexpected character");
  const std::int64_t micro = integer * kRateScale + frac;
  if (micro == 0) return bad_rate(text, "a rate must be positive");
  return micro;
}

}  // namespace

std::int64_t ExactAmount::rounded_minor() const {
  return round_half_away_from_zero(numerator, kDenominator);
}

Status validate_tiers(const std::vector<RoyaltyTier>& tiers) {
  const std::size_t n = tiers.size();
  if (n == 0) return bad_tiers("at least one tier is needed");
  std::int64_t previous_up_to = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const RoyaltyTier& t = tiers[i];
    const bool last = i + 1 == n;
    if (t.rate_bps < 0 || t.rate_bps > kBpsPerUnit) {
      return bad_tiers(cat(tier_name(i, n), ": rate_bps ", std::to_string(t.rate_bps),
                           " is outside 0..10000"));
    }
    if (last) {
      if (t.up_to_minor) {
        return bad_tiers(cat(tier_name(i, n),
                             ": the last tier must have no up_to, so that every sale is "
                             "covered"));
      }
      break;
    }
    if (!t.up_to_minor) {
      return bad_tiers(cat(tier_name(i, n), ": only the last tier may have no up_to"));
    }
    const std::int64_t up_to = *t.up_to_minor;
    if (up_to <= 0) {
      return bad_tiers(cat(tier_name(i, n), ": up_to ", std::to_string(up_to),
                           " must be greater than 0"));
    }
    if (i > 0 && up_to <= previous_up_to) {
      return bad_tiers(cat(tier_name(i, n), ": up_to ", std::to_string(up_to),
                           " must be greater than the previous tier's ",
                           std::to_string(previous_up_to)));
    }
    previous_up_to = up_to;
  }
  return {};
}

ExactAmount tiered_royalty(const std::vector<RoyaltyTier>& tiers,
                           std::int64_t cumulative_net_sales_minor) {
  assert(validate_tiers(tiers).ok());
  ExactAmount total;
  if (cumulative_net_sales_minor <= 0) return total;
  std::int64_t lower = 0;  // sales below `lower` are covered by earlier tiers
  for (const RoyaltyTier& t : tiers) {
    const std::int64_t upper =
        t.up_to_minor ? std::min(*t.up_to_minor, cumulative_net_sales_minor)
                      : cumulative_net_sales_minor;
    if (upper <= lower) break;
    // (upper − lower) < 2^63, rate ≤ 10^4: each product < 2^77, the sum of
    // all tiers ≤ 10^4 × 2^63 < 2^77.
    total.numerator += static_cast<int128>(upper - lower) * t.rate_bps;
    lower = upper;
    if (!t.up_to_minor || *t.up_to_minor >= cumulative_net_sales_minor) break;
  }
  return total;
}

Result<std::int64_t> running_royalty_minor(const std::vector<RoyaltyTier>& tiers,
                                           std::int64_t cumulative_before_minor,
                                           std::int64_t report_net_sales_minor) {
  if (Status s = validate_tiers(tiers); !s.ok()) return s.error();
  const int128 after = static_cast<int128>(cumulative_before_minor) + report_net_sales_minor;
  if (!fits_int64(after)) {
    return make_error(ErrorKind::kRefused, "overflow",
                      cat("cumulative net sales ", std::to_string(cumulative_before_minor),
                          " + ", std::to_string(report_net_sales_minor), " overflow"),
                      "net_sales");
  }
  const ExactAmount diff = tiered_royalty(tiers, static_cast<std::int64_t>(after)) -
                           tiered_royalty(tiers, cumulative_before_minor);
  // Rates are at most 100%, so |diff| ≤ |report_net_sales_minor|: it fits.
  return diff.rounded_minor();
}

int contract_year_index(Date start, Date d) {
  // A first guess from the years, off by at most one either way.
  int k = d.year() - start.year();
  while (start.add_years(k) > d) --k;
  while (start.add_years(k + 1) <= d) ++k;
  return k;
}

Date contract_year_first_day(Date start, int k) { return start.add_years(k); }

Date contract_year_last_day(Date start, int k) { return start.add_years(k + 1).add_days(-1); }

std::int64_t true_up_minor(std::int64_t minimum_minor,
                           std::int64_t running_royalties_invoiced_in_year_minor) {
  assert(minimum_minor >= 0);
  const int128 shortfall =
      static_cast<int128>(minimum_minor) - running_royalties_invoiced_in_year_minor;
  if (shortfall <= 0) return 0;
  assert(fits_int64(shortfall));
  return static_cast<std::int64_t>(shortfall);
}

Result<std::int64_t> sublicense_share_minor(std::int64_t income_minor, std::int64_t share_bps) {
  if (share_bps < 0 || share_bps > kBpsPerUnit) {
    return make_error(ErrorKind::kInvalid, "bad_share",
                      cat("sublicense_share_bps ", std::to_string(share_bps),
                          " is outside 0..10000"),
                      "sublicense_share_bps");
  }
  // |income × bps| < 2^77; the rounded result is at most |income|.
  return round_half_away_from_zero(static_cast<int128>(income_minor) * share_bps, kBpsPerUnit);
}

Result<std::int64_t> to_jpy_minor(Money amount, std::string_view rate_text) {
  const Result<std::int64_t> rate = parse_rate_micro(rate_text);
  if (!rate.ok()) return rate.error();
  const Currency jpy = Currency::jpy();
  if (amount.currency() == jpy && *rate != kRateScale) {
    return bad_rate(rate_text, "a JPY amount is booked at the rate 1");
  }
  // yen = minor / 10^exponent × rate_micro / 10^6. |minor| ≤ 2^63 and
  // rate_micro < 10^18 < 2^60: the product is < 2^123, exact in int128.
  static_assert(kRateScale > 0);
  assert(jpy.exponent() == 0);  // whole yen
  int128 den = kRateScale;
  for (int i = 0; i < amount.currency().exponent(); ++i) den *= 10;
  const int128 num = static_cast<int128>(amount.minor()) * *rate;
  // Round in int128 first: the quotient may not fit in int64.
  const int128 q = num / den;
  const int128 r = num % den;
  const int128 abs_r = r < 0 ? -r : r;
  const int128 rounded = (abs_r != 0 && abs_r >= den - abs_r) ? q + (num < 0 ? -1 : 1) : q;
  if (!fits_int64(rounded)) {
    return make_error(ErrorKind::kRefused, "overflow",
                      cat(amount.to_string(), " ", amount.currency().code(), " at ",
                          rate_text, " JPY overflows"),
                      "amount");
  }
  return static_cast<std::int64_t>(rounded);
}

}  // namespace chizai
