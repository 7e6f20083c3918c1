// Largest-remainder split, exact in int128.
#include "ledger/split.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/int128.h"
#include "core/text.h"

namespace chizai {
namespace {

Error bad_split(const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_split", cat("cannot split: ", why), "shares");
}

// Checks the lines: shares > 0 summing to exactly 1, keys non-empty and unique.
Status validate_lines(const std::vector<SplitLine>& lines) {
  if (lines.empty()) return bad_split("no lines to split over");
  Fraction sum;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const SplitLine& line = lines[i];
    if (line.key.empty()) return bad_split(cat("line ", std::to_string(i), " has an empty key"));
    if (line.share <= Fraction()) {
      return bad_split(cat("line '", line.key, "' has share ", line.share.to_string(),
                           "; shares must be greater than 0"));
    }
    Result<Fraction> next = sum.add(line.share);
    if (!next.ok()) {
      return bad_split(cat("the shares' common denominator is too large to add them exactly (",
                           next.error().message, ")"));
    }
    sum = *next;
  }
  if (!(sum == Fraction::one())) {
    return bad_split(cat("the shares sum to ", sum.to_string(), ", not 1"));
  }
  std::vector<const std::string*> keys;
  keys.reserve(lines.size());
  for (const SplitLine& line : lines) keys.push_back(&line.key);
  std::sort(keys.begin(), keys.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (*keys[i] == *keys[i - 1]) return bad_split(cat("the key '", *keys[i], "' is repeated"));
  }
  return {};
}

}  // namespace

Result<std::vector<std::int64_t>> split_largest_remainder(std::int64_t amount_minor,
                                                          const std::vector<SplitLine>& lines) {
  if (Status s = validate_lines(lines); !s.ok()) return s.error();

  // Work on the magnitude (≤ 2^63) and negate at the end.
  const bool negative = amount_minor < 0;
  const int128 magnitude = negative ? -static_cast<int128>(amount_minor)
                                    : static_cast<int128>(amount_minor);

  const std::size_t n = lines.size();
  std::vector<int128> amounts(n);
  std::vector<int128> remainders(n);  // line i's remainder is remainders[i] / den_i
  int128 handed_out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // magnitude ≤ 2^63, num ≤ 2^63 - 1: the product < 2^126, exact.
    const int128 product = magnitude * lines[i].share.num();
    const int128 den = lines[i].share.den();
    amounts[i] = product / den;  // non-negative: truncation is floor
    remainders[i] = product % den;
    handed_out += amounts[i];
  }
  // Shares sum to 1, so the leftover is the sum of the fractional remainders:
  // an integer in [0, n).
  const int128 leftover = magnitude - handed_out;
  assert(leftover >= 0 && leftover < static_cast<int128>(n));

  // Order lines by remainder, largest first, then by ascending key. Compare
  // r_a / d_a with r_b / d_b by cross-multiplying: r < d ≤ 2^63, so each
  // product < 2^126.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int128 lhs = remainders[a] * lines[b].share.den();
    const int128 rhs = remainders[b] * lines[a].share.den();
    if (lhs != rhs) return lhs > rhs;
    return lines[a].key < lines[b].key;
  });
  for (std::size_t k = 0; k < static_cast<std::size_t>(leftover); ++k) amounts[order[k]] += 1;

  std::vector<std::int64_t> out(n);
  int128 total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // 0 ≤ amounts[i] ≤ magnitude ≤ 2^63; negated it fits, and positive it is
    // ≤ amount_minor ≤ 2^63 - 1.
    const int128 signed_amount = negative ? -amounts[i] : amounts[i];
    out[i] = static_cast<std::int64_t>(signed_amount);
    total += signed_amount;
  }
  // The invariant, checked in every build: a violation is refused, never
  // posted.
  if (total != amount_minor) {
    return make_error(ErrorKind::kInternal, "invariant_violated",
                      cat("split of ", std::to_string(amount_minor),
                          " does not sum to the amount (bug)"));
  }
  return out;
}

}  // namespace chizai
