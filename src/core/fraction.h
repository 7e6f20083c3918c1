// Exact non-negative-or-signed rational numbers for shares and rates.
// Always normalised: gcd(num, den) == 1, den > 0. Arithmetic that would
// overflow int64 is reported, never wrapped.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chizai {

class Fraction {
 public:
  constexpr Fraction() = default;  // 0/1
  // REQUIRES: den != 0. Normalises sign and gcd.
  static Result<Fraction> make(std::int64_t num, std::int64_t den);
  static Fraction integer(std::int64_t n) { return Fraction(n, 1); }
  static Fraction one() { return Fraction(1, 1); }

  // Parses "1/3", "2", "0.25", "50%", "33.5%" exactly (full-width digits
  // and signs too: "１／３", "５０％"). Rejects empty text,
  // a zero denominator, signs when `allow_negative` is false, and garbage.
  static Result<Fraction> parse(std::string_view text, bool allow_negative = false);

  std::int64_t num() const { return num_; }
  std::int64_t den() const { return den_; }
  bool is_zero() const { return num_ == 0; }

  Result<Fraction> add(const Fraction& o) const;
  Result<Fraction> sub(const Fraction& o) const;
  Result<Fraction> mul(const Fraction& o) const;
  Result<Fraction> div(const Fraction& o) const;

  // "1/3", or "2" when the denominator is 1.
  std::string to_string() const;

  friend bool operator==(const Fraction& a, const Fraction& b) = default;
  friend std::strong_ordering operator<=>(const Fraction& a, const Fraction& b);

 private:
  constexpr Fraction(std::int64_t n, std::int64_t d) : num_(n), den_(d) {}
  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

}  // namespace chizai
