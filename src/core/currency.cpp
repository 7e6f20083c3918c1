// ISO 4217 currency codes and their minor-unit exponents, as data.
#include <array>
#include <cassert>
#include <string>
#include <string_view>

#include "core/text.h"
#include "core/money.h"

namespace chizai {
namespace {

struct CurrencyRow {
  std::string_view code;
  int exponent;
};

// ISO 4217 alphabetic code → number of minor-unit digits. Keep sorted by
// code for readability; lookup is linear (the table is small).
constexpr std::array<CurrencyRow, 29> kCurrencies{{
    {"AUD", 2}, {"BHD", 3}, {"CAD", 2}, {"CHF", 2}, {"CLF", 4}, {"CNY", 2},
    {"DKK", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2}, {"IDR", 2}, {"INR", 2},
    {"IQD", 3}, {"JOD", 3}, {"JPY", 0}, {"KRW", 0}, {"KWD", 3}, {"LYD", 3},
    {"NOK", 2}, {"NZD", 2}, {"OMR", 3}, {"SEK", 2}, {"SGD", 2}, {"THB", 2},
    {"TND", 3}, {"TWD", 2}, {"USD", 2}, {"VND", 0}, {"ZAR", 2},
}};

}  // namespace

Currency::Currency(std::string_view code, int exponent) : exponent_(exponent) {
  assert(code.size() == 3);
  for (std::size_t i = 0; i < 3 && i < code.size(); ++i) code_[i] = code[i];
}

Result<Currency> Currency::of(std::string_view code) {
  if (code.size() == 3) {
    for (const CurrencyRow& row : kCurrencies) {
      if (row.code == code) return Currency(row.code, row.exponent);
    }
  }
  std::string message = cat("unknown currency '", code, "'");
  bool has_lower = false;
  for (char c : code) has_lower = has_lower || (c >= 'a' && c <= 'z');
  if (has_lower) message += " (ISO 4217 codes are upper case)";
  return make_error(ErrorKind::kNotFound, "unknown_currency", std::move(message), "currency");
}

Currency Currency::jpy() { return Currency("JPY", 0); }

}  // namespace chizai
