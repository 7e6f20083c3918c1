// Exact rationals over int64 with int128 intermediates.
#include "core/fraction.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "core/int128.h"
#include "core/text.h"

namespace chizai {
namespace {

constexpr int128 kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr int128 kInt64Max = std::numeric_limits<std::int64_t>::max();

uint128 abs128(int128 v) {
  return v < 0 ? uint128{0} - static_cast<uint128>(v) : static_cast<uint128>(v);
}

uint128 gcd128(uint128 a, uint128 b) {
  while (b != 0) {
    uint128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

Error overflow_error(const std::string& what) {
  return make_error(ErrorKind::kRefused, "overflow", what + " overflows a 64-bit fraction");
}

Error zero_denominator(const std::string& what) {
  return make_error(ErrorKind::kInternal, "division_by_zero", what + ": zero denominator");
}

// Normalises an exact int128 ratio to lowest terms with a positive
// denominator; nullopt when the result does not fit in int64.
// REQUIRES: den != 0; neither is INT128_MIN.
std::optional<std::pair<std::int64_t, std::int64_t>> normalise(int128 num, int128 den) {
  const bool negative = (num < 0) != (den < 0);
  uint128 n = abs128(num);
  uint128 d = abs128(den);
  if (n == 0) {
    d = 1;
  } else {
    const uint128 g = gcd128(n, d);
    n /= g;
    d /= g;
  }
  // A magnitude of 2^63 is representable only when negative.
  const uint128 n_limit = negative ? static_cast<uint128>(-kInt64Min)
                                   : static_cast<uint128>(kInt64Max);
  if (n > n_limit || d > static_cast<uint128>(kInt64Max)) return std::nullopt;
  const int128 sn = negative ? -static_cast<int128>(n) : static_cast<int128>(n);
  return std::pair{static_cast<std::int64_t>(sn), static_cast<std::int64_t>(d)};
}

// The normalised fraction num/den, or an error naming `what`.
Result<Fraction> from128(int128 num, int128 den, const std::string& what) {
  if (den == 0) return zero_denominator(what);
  const auto p = normalise(num, den);
  if (!p) return overflow_error(what);
  return Fraction::make(p->first, p->second);  // already normalised: cheap
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<Fraction> Fraction::make(std::int64_t num, std::int64_t den) {
  if (den == 0) return zero_denominator(std::to_string(num) + "/0");
  const auto p = normalise(num, den);
  if (!p) return overflow_error(std::to_string(num) + "/" + std::to_string(den));
  return Fraction(p->first, p->second);
}

Result<Fraction> Fraction::parse(std::string_view text, bool allow_negative) {
  // Grammar (after trimming):  '-'? digits ( '/' digits | ('.' digits)? '%'? )
  // Full-width digits and signs (１／２, ５０％, ０．５, typed with a
  // Japanese input method) read as their ASCII forms.
  const std::string folded = fold_fullwidth_ascii(text);
  const std::string_view s = trim(folded);
  const std::string quoted = cat("'", text, "'");
  const auto bad = [&](const std::string& why) {
    return make_error(ErrorKind::kInvalid, "bad_fraction", cat("bad fraction ", quoted, ": ", why));
  };
  if (s.empty()) return bad("empty");

  std::size_t pos = 0;
  bool negative = false;
  if (s[0] == '+') return bad("unexpected '+'");
  if (s[0] == '-') {
    if (!allow_negative) return bad("negative values are not allowed here");
    negative = true;
    pos = 1;
  }
  const auto scan_digits = [&]() {
    const std::size_t begin = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    return s.substr(begin, pos - begin);
  };

  const std::string_view int_part = scan_digits();
  if (int_part.empty()) return bad("expected digits");
  std::string_view den_part;
  std::string_view frac_part;
  bool slash = false, percent = false;
  if (pos < s.size() && s[pos] == '/') {
    ++pos;
    slash = true;
    den_part = scan_digits();
    if (den_part.empty()) return bad("expected digits after '/'");
  } else {
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      frac_part = scan_digits();
      if (frac_part.empty()) return bad("expected digits after '.'");
    }
    if (pos < s.size() && s[pos] == '%') {
      ++pos;
      percent = true;
    }
  }
  if (pos != s.size()) return bad("unexpected character");

  // Values are accumulated in int128 and kept below 10^36, so that every
  // value built here (numerator, 10^k·100 denominator) is exact.
  constexpr int128 kCap = static_cast<int128>(1000000000000000000LL) *
                          static_cast<int128>(1000000000000000000LL);  // 10^36
  bool too_big = false;
  const auto accumulate = [&](int128 value, std::string_view digits) {
    for (char c : digits) {
      value = value * 10 + (c - '0');
      if (value >= kCap) {
        too_big = true;
        return int128{0};
      }
    }
    return value;
  };

  int128 num = accumulate(0, int_part);
  int128 den = 1;
  if (slash) {
    den = accumulate(0, den_part);
    if (!too_big && den == 0) return zero_denominator(quoted);
  } else {
    // Trailing zeros of the decimals do not change the value.
    while (!frac_part.empty() && frac_part.back() == '0') frac_part.remove_suffix(1);
    if (frac_part.size() >= 36) {
      too_big = true;
    } else {
      num = accumulate(num, frac_part);
      for (std::size_t i = 0; i < frac_part.size(); ++i) den *= 10;  // < 10^36
      if (percent) den *= 100;
    }
  }
  if (too_big) return overflow_error(quoted);
  return from128(negative ? -num : num, den, quoted);
}

Result<Fraction> Fraction::add(const Fraction& o) const {
  // Each product is < 2^126 in magnitude, so the sum fits in int128.
  return from128(static_cast<int128>(num_) * o.den_ + static_cast<int128>(o.num_) * den_,
                 static_cast<int128>(den_) * o.den_, to_string() + " + " + o.to_string());
}

Result<Fraction> Fraction::sub(const Fraction& o) const {
  return from128(static_cast<int128>(num_) * o.den_ - static_cast<int128>(o.num_) * den_,
                 static_cast<int128>(den_) * o.den_, to_string() + " - " + o.to_string());
}

Result<Fraction> Fraction::mul(const Fraction& o) const {
  return from128(static_cast<int128>(num_) * o.num_, static_cast<int128>(den_) * o.den_,
                 to_string() + " × " + o.to_string());
}

Result<Fraction> Fraction::div(const Fraction& o) const {
  if (o.num_ == 0) return zero_denominator(to_string() + " ÷ 0");
  return from128(static_cast<int128>(num_) * o.den_, static_cast<int128>(den_) * o.num_,
                 to_string() + " ÷ " + o.to_string());
}

std::string Fraction::to_string() const {
  if (den_ == 1) return std::to_string(num_);
  return std::to_string(num_) + "/" + std::to_string(den_);
}

std::strong_ordering operator<=>(const Fraction& a, const Fraction& b) {
  // Denominators are positive, so cross-multiplication keeps the order.
  const int128 l = static_cast<int128>(a.num()) * b.den();
  const int128 r = static_cast<int128>(b.num()) * a.den();
  if (l < r) return std::strong_ordering::less;
  if (l > r) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

}  // namespace chizai
