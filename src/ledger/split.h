// The exact split of an amount of minor units over lines with fractional
// shares: largest remainder, ties broken by a stable key. The result always
// sums to the amount and does not depend on the order of the lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/fraction.h"
#include "core/result.h"

namespace chizai {

struct SplitLine {
  // A stable tie-break key, unique among the lines, compared as a std::string
  // (bytewise, unsigned). Build it so that its byte order is the order you
  // want ties to follow.
  std::string key;
  // This line's exact share of the amount; > 0.
  Fraction share;
};

// Splits `amount_minor` over `lines`:
//   1. each line gets floor(|amount| × share), computed exactly;
//   2. the units left over (fewer than the number of lines) go one each to
//      the lines with the largest fractional remainders, ties to the line
//      with the smaller key;
//   3. for a negative amount the split of |amount| is negated, so that
//      split(−a) = −split(a).
// Returns one amount per line, in the order of `lines`; they sum to
// `amount_minor` exactly, each is within one unit of amount × share, and a
// line's amount depends only on (amount, the set of lines), never on order.
// Errors: no lines; a share ≤ 0; shares that do not sum to exactly 1; an
// empty or repeated key; a sum of shares too fine to represent exactly
// (a common denominator beyond int64).
Result<std::vector<std::int64_t>> split_largest_remainder(std::int64_t amount_minor,
                                                          const std::vector<SplitLine>& lines);

}  // namespace chizai
