// Money: exact decimal parsing, checked arithmetic, one rounding.
#include "core/text.h"
#include "core/money.h"

#include <cassert>
#include <cstdint>
#include <limits>
#include <string>

namespace chizai {
namespace {

constexpr int128 kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr int128 kInt64Max = std::numeric_limits<std::int64_t>::max();

bool fits_int64(int128 v) { return v >= kInt64Min && v <= kInt64Max; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// num/den rounded to the nearest integer, halves away from zero.
// REQUIRES: den > 0. Exact for every int128 input (no intermediate overflow).
int128 round_div(int128 num, int128 den) {
  assert(den > 0);
  int128 q = num / den;  // truncates toward zero
  int128 r = num % den;  // same sign as num, |r| < den
  int128 abs_r = r < 0 ? -r : r;
  // 2|r| >= den, written so that it cannot overflow.
  if (abs_r != 0 && abs_r >= den - abs_r) q += (num < 0 ? -1 : 1);
  return q;
}

Error bad_amount(std::string_view text, const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_amount",
                    cat("bad amount '", text, "': ", why), "amount");
}

}  // namespace

std::int64_t round_half_away_from_zero(int128 num, int128 den) {
  int128 q = round_div(num, den);
  assert(fits_int64(q));
  return static_cast<std::int64_t>(q);
}

Result<Money> Money::parse(std::string_view written, Currency currency) {
  // Grammar: '-'? int ('.' digit{1,exponent})?
  //   int := digit+ | digit{1,3} (',' digit{3})+
  // Full-width digits, comma, period and minus (１，２３４．５０, －５００:
  // a Japanese input method's, or a CP932 file's) read as their ASCII forms.
  // Pass 1 checks the syntax; pass 2 accumulates the value.
  const std::string folded = fold_fullwidth_ascii(written);
  const std::string_view text = folded;
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) pos = 1;

  const std::size_t int_begin = pos;
  bool grouped = false;
  std::size_t group_len = 0;  // digits since the last ','
  while (pos < text.size() && (is_digit(text[pos]) || text[pos] == ',')) {
    if (text[pos] == ',') {
      if (!grouped) {
        if (group_len < 1 || group_len > 3)
          return bad_amount(written, "thousands separators must group three digits");
        grouped = true;
      } else if (group_len != 3) {
        return bad_amount(written, "thousands separators must group three digits");
      }
      group_len = 0;
    } else {
      ++group_len;
    }
    ++pos;
  }
  const std::size_t int_end = pos;
  if (int_end == int_begin) return bad_amount(written, "expected digits");
  if (grouped) {
    if (group_len != 3)
      return bad_amount(written, "thousands separators must group three digits");
    // "0,123" is a decimal comma, not a thousands separator.
    if (text[int_begin] == '0')
      return bad_amount(written, "a grouped amount cannot start with 0");
  }

  std::size_t frac_begin = pos, frac_end = pos;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    frac_begin = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    frac_end = pos;
    if (frac_end == frac_begin) return bad_amount(written, "expected digits after '.'");
  }
  if (pos != text.size()) return bad_amount(written, "unexpected character");

  const int exponent = currency.exponent();
  const std::size_t frac_digits = frac_end - frac_begin;
  if (frac_digits > static_cast<std::size_t>(exponent)) {
    return make_error(ErrorKind::kInvalid, "too_many_decimals",
                      cat("too many decimals for ", currency.code(), " (at most ",
                          std::to_string(exponent), "): '", written, "'"),
                      "amount");
  }

  // Every amount typed or imported is bounded (Money::kMaxInputMinor), so
  // no sum the product or the database computes over them can overflow.
  const int128 limit = Money::kMaxInputMinor;
  const auto overflow = [&]() {
    return make_error(ErrorKind::kInvalid, "amount_too_large",
                      cat("amount '", written, "' is larger than the largest accepted, ",
                          money_text(Money::kMaxInputMinor, currency.code())),
                      "amount");
  };
  int128 value = 0;
  const auto push_digit = [&](int digit) {
    value = value * 10 + digit;
    return value <= limit;
  };
  for (std::size_t i = int_begin; i < int_end; ++i) {
    if (text[i] == ',') continue;
    if (!push_digit(text[i] - '0')) return overflow();
  }
  for (std::size_t i = frac_begin; i < frac_end; ++i) {
    if (!push_digit(text[i] - '0')) return overflow();
  }
  for (std::size_t i = frac_digits; i < static_cast<std::size_t>(exponent); ++i) {
    if (!push_digit(0)) return overflow();
  }
  const int128 minor = negative ? -value : value;
  return Money(static_cast<std::int64_t>(minor), currency);
}

Result<Money> Money::add(const Money& o) const {
  if (!(currency_ == o.currency_)) {
    return make_error(ErrorKind::kRefused, "currency_mismatch",
                      cat("cannot add ", o.currency_.code(), " to ", currency_.code()));
  }
  const int128 sum = static_cast<int128>(minor_) + o.minor_;
  if (!fits_int64(sum)) {
    return make_error(ErrorKind::kRefused, "overflow", cat("sum of ", to_string(), " and ", o.to_string(), " ",
                                          currency_.code(), " overflows"));
  }
  return Money(static_cast<std::int64_t>(sum), currency_);
}

Result<Money> Money::sub(const Money& o) const {
  if (!(currency_ == o.currency_)) {
    return make_error(ErrorKind::kRefused, "currency_mismatch",
                      cat("cannot subtract ", o.currency_.code(), " from ",
                          currency_.code()));
  }
  const int128 diff = static_cast<int128>(minor_) - o.minor_;
  if (!fits_int64(diff)) {
    return make_error(ErrorKind::kRefused, "overflow", cat("difference of ", to_string(), " and ", o.to_string(),
                                          " ", currency_.code(), " overflows"));
  }
  return Money(static_cast<std::int64_t>(diff), currency_);
}

Result<Money> Money::mul(const Fraction& f, Rounding r) const {
  switch (r) {
    case Rounding::kHalfAwayFromZero:
      break;
  }
  // |minor * num| <= 2^126: exact in int128. den > 0 (Fraction invariant).
  const int128 product = static_cast<int128>(minor_) * f.num();
  const int128 q = round_div(product, f.den());
  if (!fits_int64(q)) {
    return make_error(ErrorKind::kRefused, "overflow", cat(to_string(), " ", currency_.code(), " × ",
                                          f.to_string(), " overflows"));
  }
  return Money(static_cast<std::int64_t>(q), currency_);
}

std::string Money::to_string() const {
  const bool negative = minor_ < 0;
  // Magnitude in unsigned arithmetic so that INT64_MIN is fine.
  std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(minor_)
                               : static_cast<std::uint64_t>(minor_);
  const std::size_t exponent = static_cast<std::size_t>(currency_.exponent());
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + mag % 10));
    mag /= 10;
  } while (mag != 0);
  if (digits.size() < exponent + 1) digits.insert(0, exponent + 1 - digits.size(), '0');
  if (exponent > 0) digits.insert(digits.size() - exponent, 1, '.');
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

namespace {
// "1,234,567" for a non-negative magnitude.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}
}  // namespace

std::string money_text(std::int64_t minor, std::string_view currency) {
  int exponent = 0;
  if (auto c = Currency::of(currency)) exponent = c->exponent();
  // The magnitude of INT64_MIN does not fit int64; unsigned arithmetic does.
  const std::uint64_t magnitude =
      minor < 0 ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::uint64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  std::string text = (minor < 0 ? "-" : "") + grouped(magnitude / scale);
  if (exponent > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    text += "." + std::string(static_cast<std::size_t>(exponent) - fraction.size(), '0') + fraction;
  }
  return text + " " + std::string(currency);
}

}  // namespace chizai
