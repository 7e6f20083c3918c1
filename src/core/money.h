// Money: an int64 count of a currency's minor units plus an ISO 4217 code.
// The currency exponent table is data (currency.cpp). Never a double.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/fraction.h"
#include "core/int128.h"
#include "core/result.h"

namespace chizai {

class Currency {
 public:
  // Returns the currency for an ISO 4217 alphabetic code ("JPY", "usd" is
  // refused: codes are upper case), or an error for an unknown code.
  static Result<Currency> of(std::string_view code);
  static Currency jpy();

  std::string_view code() const { return std::string_view(code_, 3); }
  // Number of minor-unit digits: JPY 0, USD 2, KWD 3.
  int exponent() const { return exponent_; }

  friend bool operator==(const Currency& a, const Currency& b) {
    return std::string_view(a.code_, 3) == std::string_view(b.code_, 3);
  }

 private:
  Currency(std::string_view code, int exponent);
  char code_[3] = {'X', 'X', 'X'};
  int exponent_ = 0;
};

enum class Rounding { kHalfAwayFromZero };

class Money {
 public:
  Money(std::int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}
  static Money zero(Currency c) { return Money(0, c); }

  // Parses a decimal string in `currency`: "1234", "1234.5", "-0.01",
  // "1,234,567" (thousands separators allowed only in groups of three);
  // full-width digits and signs read as ASCII ("１，２３４．５" is 1,234.5).
  // More decimals than the currency has is an error, not a rounding; so is
  // a magnitude over kMaxInputMinor minor units (amount_too_large).
  static Result<Money> parse(std::string_view text, Currency currency);

  // The largest magnitude of any amount that enters the product, in minor
  // units: 10^13 (10 trillion yen; 100 billion US dollars). Any sum of up to
  // 922,337 such amounts fits in 64 bits, so a ledger check, a balance or a
  // month's close cannot overflow on amounts that were accepted; a larger
  // one (2^63 - 1 was once accepted and broke every later close) is refused
  // where it is typed, naming the field. A constant, not a setting: raising
  // it would reopen the overflow.
  static constexpr std::int64_t kMaxInputMinor = 10'000'000'000'000;

  std::int64_t minor() const { return minor_; }
  const Currency& currency() const { return currency_; }

  // Same-currency arithmetic; a currency mismatch or overflow is an error.
  Result<Money> add(const Money& o) const;
  Result<Money> sub(const Money& o) const;
  Money negated() const { return Money(-minor_, currency_); }

  // Exact product with a fraction, rounded once (half away from zero).
  Result<Money> mul(const Fraction& f, Rounding r = Rounding::kHalfAwayFromZero) const;

  // Plain decimal text with exactly `exponent` decimals: "1234.50", "-3".
  std::string to_string() const;

  friend bool operator==(const Money& a, const Money& b) = default;

 private:
  std::int64_t minor_;
  Currency currency_;
};

// Rounds num/den to the nearest integer, halves away from zero.
// REQUIRES: den > 0.
std::int64_t round_half_away_from_zero(int128 num, int128 den);

// "1,512,346 JPY", "10,000.00 USD": an amount in minor units for messages
// and statements (grouped by thousands; an unknown currency as integer units).
std::string money_text(std::int64_t minor, std::string_view currency);

}  // namespace chizai
