#include "core/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace chizai {
namespace {

// "'text'" (built with append: "literal" + std::string trips a GCC 12
// -Wrestrict false positive).
std::string quoted(std::string_view s) {
  std::string q(1, '\'');
  q.append(s);
  q.push_back('\'');
  return q;
}

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Currency cur(std::string_view code) {
  auto c = Currency::of(code);
  EXPECT_TRUE(c.ok()) << code;
  return c.value();
}

Fraction frac(std::int64_t n, std::int64_t d) { return Fraction::make(n, d).value(); }

// Parses and expects success; returns minor units.
std::int64_t minor_of(std::string_view text, std::string_view code) {
  auto m = Money::parse(text, cur(code));
  EXPECT_TRUE(m.ok()) << text << " " << code << ": "
                      << (m.ok() ? "" : m.error().message);
  return m.ok() ? m->minor() : 0;
}

std::string parse_error(std::string_view text, std::string_view code) {
  auto m = Money::parse(text, cur(code));
  EXPECT_FALSE(m.ok()) << text << " " << code << " parsed as " << (m.ok() ? m->to_string() : "");
  return m.ok() ? "" : m.error().code;
}

// ---------------------------------------------------------------- Currency

TEST(CurrencyTest, ExponentTable) {
  const std::vector<std::pair<std::string, int>> table = {
      {"JPY", 0}, {"KRW", 0}, {"USD", 2}, {"EUR", 2}, {"GBP", 2}, {"CNY", 2},
      {"CHF", 2}, {"CAD", 2}, {"AUD", 2}, {"SGD", 2}, {"TWD", 2}, {"HKD", 2},
      {"INR", 2}, {"SEK", 2}, {"KWD", 3}, {"BHD", 3}, {"OMR", 3}, {"JOD", 3},
      {"TND", 3}, {"CLF", 4}};
  for (const auto& [code, exponent] : table) {
    auto c = Currency::of(code);
    ASSERT_TRUE(c.ok()) << code;
    EXPECT_EQ(c->code(), code);
    EXPECT_EQ(c->exponent(), exponent) << code;
  }
}

TEST(CurrencyTest, JpyShortcut) {
  EXPECT_EQ(Currency::jpy().code(), "JPY");
  EXPECT_EQ(Currency::jpy().exponent(), 0);
  EXPECT_EQ(Currency::jpy(), cur("JPY"));
  EXPECT_FALSE(Currency::jpy() == cur("USD"));
}

TEST(CurrencyTest, UnknownAndLowerCaseAreErrors) {
  for (std::string_view code : {"XYZ", "usd", "Usd", "jpy", "", "US", "USDD", "JP Y", " JPY"}) {
    auto c = Currency::of(code);
    ASSERT_FALSE(c.ok()) << code;
    EXPECT_EQ(c.error().code, "unknown_currency");
    EXPECT_NE(c.error().message.find(std::string("unknown currency ").append(quoted(code))),
              std::string::npos)
        << c.error().message;
  }
}

// ---------------------------------------------------------------- parse

TEST(MoneyParseTest, Integers) {
  EXPECT_EQ(minor_of("0", "JPY"), 0);
  EXPECT_EQ(minor_of("1234", "JPY"), 1234);
  EXPECT_EQ(minor_of("-1234", "JPY"), -1234);
  EXPECT_EQ(minor_of("-0", "JPY"), 0);
  EXPECT_EQ(minor_of("007", "JPY"), 7);
  EXPECT_EQ(minor_of("1234", "USD"), 123400);
  EXPECT_EQ(minor_of("1234", "KWD"), 1234000);
  EXPECT_EQ(minor_of("1", "CLF"), 10000);
}

TEST(MoneyParseTest, Decimals) {
  EXPECT_EQ(minor_of("1234.5", "USD"), 123450);
  EXPECT_EQ(minor_of("1234.50", "USD"), 123450);
  EXPECT_EQ(minor_of("-0.01", "USD"), -1);
  EXPECT_EQ(minor_of("0.1", "USD"), 10);
  EXPECT_EQ(minor_of("-0.00", "USD"), 0);
  EXPECT_EQ(minor_of("1.234", "KWD"), 1234);
  EXPECT_EQ(minor_of("1.2", "KWD"), 1200);
  EXPECT_EQ(minor_of("0.0001", "CLF"), 1);
  EXPECT_EQ(minor_of("12.3456", "CLF"), 123456);
}

TEST(MoneyParseTest, ThousandsSeparators) {
  EXPECT_EQ(minor_of("1,234,567", "JPY"), 1234567);
  EXPECT_EQ(minor_of("1,234", "JPY"), 1234);
  EXPECT_EQ(minor_of("12,345", "JPY"), 12345);
  EXPECT_EQ(minor_of("123,456", "JPY"), 123456);
  EXPECT_EQ(minor_of("-1,234,567.89", "USD"), -123456789);
  EXPECT_EQ(minor_of("10,000,000,000,000", "JPY"), Money::kMaxInputMinor);
  for (std::string_view bad : {"12,34", "1,2345", "1234,567", ",123", "1,", "1,,234",
                               "1,234,", "1,234,56", "-,123", "1,234.5,6", "0,123",
                               "1.234,56", "1,23,456"}) {
    EXPECT_EQ(parse_error(bad, "USD"), "bad_amount") << bad;
  }
}

TEST(MoneyParseTest, SyntaxErrors) {
  for (std::string_view bad :
       {"", "-", "100.", ".5", "-.5", "+1", " 1", "1 ", "1 000", "1e3", "1E3", "0x10",
        "1.2.3", "--1", "1-", "abc", "12a", "１２ａ", "1.-5", ".", "1..2", "\t1", "1_000",
        "1'000", "¥100", "100円"}) {
    EXPECT_EQ(parse_error(bad, "USD"), "bad_amount") << bad;
  }
  auto m = Money::parse("12a", Currency::jpy());
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("'12a'"), std::string::npos) << m.error().message;
}

// Full-width digits, comma, period and minus (a Japanese input method's, a
// CP932 spreadsheet's) read as ASCII, with the same grammar; the message
// quotes the text as written.
TEST(MoneyParseTest, FullWidth) {
  EXPECT_EQ(minor_of("１２", "JPY"), 12);
  EXPECT_EQ(minor_of("１，２３４，５６７", "JPY"), 1234567);
  EXPECT_EQ(minor_of("１２３４．５０", "USD"), 123450);
  EXPECT_EQ(minor_of("－０．０１", "USD"), -1);             // U+FF0D, CP932 0x817C
  EXPECT_EQ(minor_of("1，234", "JPY"), 1234);               // mixed
  for (std::string_view bad : {"１２，３４", "１．", "１２円", "−１２" /* U+2212: not folded */, "１　０００"}) {
    EXPECT_EQ(parse_error(bad, "USD"), "bad_amount") << bad;
  }
  auto m = Money::parse("１２，３４", Currency::jpy());
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("'１２，３４'"), std::string::npos) << m.error().message;
  auto d = Money::parse("１．５", Currency::jpy());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "too_many_decimals");
  EXPECT_NE(d.error().message.find("'１．５'"), std::string::npos) << d.error().message;
}

TEST(MoneyParseTest, TooManyDecimals) {
  auto m = Money::parse("100.5", Currency::jpy());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, "too_many_decimals");
  EXPECT_NE(m.error().message.find("too many decimals for JPY"), std::string::npos)
      << m.error().message;
  EXPECT_EQ(parse_error("100.0", "JPY"), "too_many_decimals");
  EXPECT_EQ(parse_error("1.001", "USD"), "too_many_decimals");
  EXPECT_EQ(parse_error("1.230", "USD"), "too_many_decimals");
  EXPECT_EQ(parse_error("-0.001", "EUR"), "too_many_decimals");
  EXPECT_EQ(parse_error("1.2345", "KWD"), "too_many_decimals");
  EXPECT_EQ(parse_error("1.23456", "CLF"), "too_many_decimals");
  EXPECT_EQ(parse_error("0.5", "KRW"), "too_many_decimals");
}

// Issue 23 §8: "9223372036854775807" was accepted as a payment and broke
// the ledger check and every later close. An amount is at most 10^13 minor
// units, whatever the currency's exponent.
TEST(MoneyParseTest, AmountsAreBoundedSoNoSumOverflows) {
  EXPECT_EQ(minor_of("10000000000000", "JPY"), Money::kMaxInputMinor);
  EXPECT_EQ(minor_of("-10,000,000,000,000", "JPY"), -Money::kMaxInputMinor);
  EXPECT_EQ(parse_error("10000000000001", "JPY"), "amount_too_large");
  EXPECT_EQ(parse_error("-10000000000001", "JPY"), "amount_too_large");
  EXPECT_EQ(parse_error("9223372036854775807", "JPY"), "amount_too_large");
  EXPECT_EQ(parse_error("99999999999999999999999999999999999999999999", "JPY"), "amount_too_large");
  EXPECT_EQ(minor_of("100000000000.00", "USD"), Money::kMaxInputMinor);
  EXPECT_EQ(parse_error("100000000000.01", "USD"), "amount_too_large");
  // The integer part alone is under the bound, the scaled value is not.
  EXPECT_EQ(parse_error("100000000001", "USD"), "amount_too_large");
  EXPECT_EQ(minor_of("10000000000.000", "KWD"), Money::kMaxInputMinor);
  EXPECT_EQ(parse_error("10000000000.001", "KWD"), "amount_too_large");
  auto r = Money::parse("10000000000001", cur("JPY"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "amount");
  EXPECT_EQ(r.error().message, "amount '10000000000001' is larger than the largest accepted, 10,000,000,000,000 JPY");
  // Sums of many bounded amounts fit: 922,337 at the bound.
  EXPECT_LE(static_cast<int128>(Money::kMaxInputMinor) * 922337, static_cast<int128>(kMax));
}

TEST(MoneyParseTest, KeepsCurrency) {
  auto m = Money::parse("1", cur("EUR"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->currency(), cur("EUR"));
}

// ---------------------------------------------------------------- to_string

TEST(MoneyToStringTest, ExactlyExponentDecimals) {
  EXPECT_EQ(Money(123450, cur("USD")).to_string(), "1234.50");
  EXPECT_EQ(Money(-123450, cur("USD")).to_string(), "-1234.50");
  EXPECT_EQ(Money(-1, cur("USD")).to_string(), "-0.01");
  EXPECT_EQ(Money(5, cur("USD")).to_string(), "0.05");
  EXPECT_EQ(Money(0, cur("USD")).to_string(), "0.00");
  EXPECT_EQ(Money(0, cur("JPY")).to_string(), "0");
  EXPECT_EQ(Money(-3, cur("JPY")).to_string(), "-3");
  EXPECT_EQ(Money(1234567, cur("JPY")).to_string(), "1234567");
  EXPECT_EQ(Money(1, cur("KWD")).to_string(), "0.001");
  EXPECT_EQ(Money(-1000, cur("KWD")).to_string(), "-1.000");
  EXPECT_EQ(Money(1, cur("CLF")).to_string(), "0.0001");
  EXPECT_EQ(Money(kMax, cur("JPY")).to_string(), "9223372036854775807");
  EXPECT_EQ(Money(kMin, cur("JPY")).to_string(), "-9223372036854775808");
  EXPECT_EQ(Money(kMax, cur("USD")).to_string(), "92233720368547758.07");
  EXPECT_EQ(Money(kMin, cur("USD")).to_string(), "-92233720368547758.08");
  EXPECT_EQ(Money(kMin, cur("CLF")).to_string(), "-922337203685477.5808");
  EXPECT_EQ(Money::zero(cur("EUR")).to_string(), "0.00");
}

// ---------------------------------------------------------------- add / sub

TEST(MoneyArithmeticTest, AddSub) {
  const Money a(150, cur("USD")), b(-275, cur("USD"));
  EXPECT_EQ(a.add(b)->minor(), -125);
  EXPECT_EQ(a.sub(b)->minor(), 425);
  EXPECT_EQ(b.sub(a)->minor(), -425);
  EXPECT_EQ(a.add(b)->currency(), cur("USD"));
  EXPECT_EQ(a.negated().minor(), -150);
  EXPECT_EQ(a.negated().currency(), cur("USD"));
}

TEST(MoneyArithmeticTest, CurrencyMismatch) {
  const Money usd(100, cur("USD")), eur(100, cur("EUR")), jpy(100, Currency::jpy());
  auto r = usd.add(eur);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "currency_mismatch");
  ASSERT_FALSE(usd.sub(jpy).ok());
  EXPECT_EQ(usd.sub(jpy).error().code, "currency_mismatch");
  // Mismatch is reported even when the amounts are zero.
  EXPECT_EQ(Money::zero(cur("USD")).add(Money::zero(cur("EUR"))).error().code,
            "currency_mismatch");
  EXPECT_FALSE(Money(1, cur("USD")) == Money(1, cur("EUR")));
}

TEST(MoneyArithmeticTest, Overflow) {
  const Currency jpy = Currency::jpy();
  EXPECT_EQ(Money(kMax, jpy).add(Money(0, jpy))->minor(), kMax);
  EXPECT_EQ(Money(kMax - 1, jpy).add(Money(1, jpy))->minor(), kMax);
  EXPECT_EQ(Money(kMax, jpy).add(Money(1, jpy)).error().code, "overflow");
  EXPECT_EQ(Money(kMin, jpy).add(Money(-1, jpy)).error().code, "overflow");
  EXPECT_EQ(Money(kMin, jpy).add(Money(kMin, jpy)).error().code, "overflow");
  EXPECT_EQ(Money(kMin + 1, jpy).sub(Money(1, jpy))->minor(), kMin);
  EXPECT_EQ(Money(kMin, jpy).sub(Money(1, jpy)).error().code, "overflow");
  EXPECT_EQ(Money(0, jpy).sub(Money(kMin, jpy)).error().code, "overflow");
  EXPECT_EQ(Money(-1, jpy).sub(Money(kMin, jpy))->minor(), kMax);
  EXPECT_EQ(Money(kMax, jpy).sub(Money(-1, jpy)).error().code, "overflow");
  EXPECT_EQ(Money(kMax, jpy).add(Money(kMin, jpy))->minor(), -1);
}

// ---------------------------------------------------------------- rounding

TEST(RoundingTest, HalfAwayFromZero) {
  struct Case { std::int64_t num, den, want; };
  const std::vector<Case> cases = {
      {0, 1, 0},   {0, 7, 0},   {5, 1, 5},    {-5, 1, -5},  {1, 2, 1},   {-1, 2, -1},
      {3, 2, 2},   {-3, 2, -2}, {5, 2, 3},    {-5, 2, -3},  {1, 3, 0},   {-1, 3, 0},
      {2, 3, 1},   {-2, 3, -1}, {149, 100, 1}, {150, 100, 2}, {-149, 100, -1},
      {-150, 100, -2}, {151, 100, 2}, {-151, 100, -2}, {249, 100, 2}, {250, 100, 3},
      {-250, 100, -3}, {7, 7, 1}, {-7, 7, -1}, {13, 4, 3}, {14, 4, 4}, {-14, 4, -4},
      {-13, 4, -3}, {1, kMax, 0}, {kMax, kMax, 1}, {kMin, 1, kMin}, {kMax, 1, kMax},
      {kMin, 2, kMin / 2}, {kMax, 2, kMax / 2 + 1}, {-kMax, 2, -(kMax / 2 + 1)}};
  for (const Case& c : cases) {
    EXPECT_EQ(round_half_away_from_zero(c.num, c.den), c.want) << c.num << "/" << c.den;
  }
}

TEST(RoundingTest, WideNumerators) {
  // Numerators beyond int64, as produced by Money::mul.
  const int128 big = static_cast<int128>(kMax) * kMax;
  EXPECT_EQ(round_half_away_from_zero(big, kMax), kMax);
  EXPECT_EQ(round_half_away_from_zero(-big, kMax), -kMax);
  EXPECT_EQ(round_half_away_from_zero(big + kMax / 2, kMax), kMax);      // below half
  EXPECT_EQ(round_half_away_from_zero(-(big + kMax / 2), kMax), -kMax);  // below half
  // den = 2k: exactly half.
  const int128 two_k = static_cast<int128>(kMax) * 2;
  EXPECT_EQ(round_half_away_from_zero(static_cast<int128>(kMax) * two_k - kMax, two_k),
            kMax);  // (kMax - 0.5) → kMax
  EXPECT_EQ(round_half_away_from_zero(-(static_cast<int128>(kMax) * two_k - kMax), two_k),
            -kMax);
}

TEST(RoundingTest, MatchesReferenceOnRandomInputs) {
  std::mt19937_64 rng(20240229);
  std::uniform_int_distribution<std::int64_t> num_dist(-1000000000000LL, 1000000000000LL);
  std::uniform_int_distribution<std::int64_t> den_dist(1, 1000000);
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t n = num_dist(rng), d = den_dist(rng);
    const std::int64_t got = round_half_away_from_zero(n, d);
    // Reference: |n/d - got| <= 1/2, and a tie goes away from zero.
    const int128 err2 = 2 * (static_cast<int128>(got) * d - n);  // 2·(got − n/d)·d
    ASSERT_LE(err2 < 0 ? -err2 : err2, d) << n << "/" << d;
    if (err2 == d || err2 == -d) {  // a tie: |got| must be the larger one
      ASSERT_GT(static_cast<int128>(got < 0 ? -got : got) * d * 2, static_cast<int128>(n < 0 ? -n : n) * 2)
          << n << "/" << d;
    }
  }
}

// ---------------------------------------------------------------- mul

TEST(MoneyMulTest, RoundsOnce) {
  const Currency jpy = Currency::jpy();
  EXPECT_EQ(Money(100, jpy).mul(frac(1, 3))->minor(), 33);
  EXPECT_EQ(Money(100, jpy).mul(frac(2, 3))->minor(), 67);
  EXPECT_EQ(Money(1, jpy).mul(frac(1, 2))->minor(), 1);
  EXPECT_EQ(Money(-1, jpy).mul(frac(1, 2))->minor(), -1);
  EXPECT_EQ(Money(-3, jpy).mul(frac(1, 2))->minor(), -2);
  EXPECT_EQ(Money(3, jpy).mul(frac(-1, 2))->minor(), -2);
  EXPECT_EQ(Money(-3, jpy).mul(frac(-1, 2))->minor(), 2);
  EXPECT_EQ(Money(5, jpy).mul(frac(1, 4))->minor(), 1);   // 1.25
  EXPECT_EQ(Money(6, jpy).mul(frac(1, 4))->minor(), 2);   // 1.5
  EXPECT_EQ(Money(7, jpy).mul(frac(1, 4))->minor(), 2);   // 1.75
  EXPECT_EQ(Money(1000, jpy).mul(Fraction())->minor(), 0);
  EXPECT_EQ(Money(1000, jpy).mul(Fraction::one())->minor(), 1000);
  EXPECT_EQ(Money(1000, jpy).mul(Fraction::integer(3))->minor(), 3000);
  EXPECT_EQ(Money(1000, jpy).mul(frac(1, 3))->currency(), jpy);
  // 10% of 12,345 yen = 1234.5 → 1235.
  EXPECT_EQ(Money(12345, jpy).mul(Fraction::parse("10%").value())->minor(), 1235);
  EXPECT_EQ(Money(-12345, jpy).mul(Fraction::parse("10%").value())->minor(), -1235);
  // USD cents: 33.5% of $10.01 = 335.335 cents → 335.
  EXPECT_EQ(Money(1001, cur("USD")).mul(Fraction::parse("33.5%").value())->minor(), 335);
}

TEST(MoneyMulTest, NoIntermediateOverflow) {
  const Currency jpy = Currency::jpy();
  // kMax · (kMax−1)/kMax would overflow int64 before dividing.
  EXPECT_EQ(Money(kMax, jpy).mul(frac(kMax - 1, kMax))->minor(), kMax - 1);
  EXPECT_EQ(Money(kMax, jpy).mul(frac(1, kMax))->minor(), 1);
  EXPECT_EQ(Money(kMin, jpy).mul(frac(1, 2))->minor(), kMin / 2);
  EXPECT_EQ(Money(kMin, jpy).mul(Fraction::one())->minor(), kMin);
  EXPECT_EQ(Money(kMax, jpy).mul(frac(kMax, kMax - 1)).error().code, "overflow");
  EXPECT_EQ(Money(kMax, jpy).mul(Fraction::integer(2)).error().code, "overflow");
  EXPECT_EQ(Money(kMin, jpy).mul(Fraction::integer(-1)).error().code, "overflow");
  EXPECT_EQ(Money(kMax, jpy).mul(Fraction::integer(-1))->minor(), -kMax);
  EXPECT_EQ(Money(kMin, jpy).mul(frac(kMin, kMax)).error().code, "overflow");
}

TEST(MoneyMulTest, RoundingIsPerShare) {
  const Money total(1000001, Currency::jpy());
  const Fraction a = frac(1, 3), b = frac(1, 3), c = frac(1, 3);
  const std::int64_t sum = total.mul(a)->minor() + total.mul(b)->minor() + total.mul(c)->minor();
  EXPECT_EQ(sum, 1000002);  // each 333333.67 → 333334: rounding is per share
}

// ---------------------------------------------------------------- property

std::string with_separators(const std::string& plain) {
  // Inserts ',' every three integer digits of "-1234567.89".
  std::size_t start = plain[0] == '-' ? 1 : 0;
  std::size_t dot = plain.find('.');
  if (dot == std::string::npos) dot = plain.size();
  std::string out = plain.substr(0, start);
  const std::string digits = plain.substr(start, dot - start);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + plain.substr(dot);
}

TEST(MoneyPropertyTest, ParseToStringRoundTrip) {
  std::mt19937_64 rng(42);
  const std::vector<Currency> currencies = {Currency::jpy(), cur("USD"), cur("KWD"),
                                            cur("CLF"), cur("KRW")};
  // Every amount parse accepts: up to Money::kMaxInputMinor (14 digits).
  std::uniform_int_distribution<std::int64_t> full(-Money::kMaxInputMinor, Money::kMaxInputMinor);
  std::uniform_int_distribution<int> digits(1, 14);
  for (int i = 0; i < 20000; ++i) {
    const Currency& c = currencies[static_cast<std::size_t>(i) % currencies.size()];
    // Mix values of the whole accepted range with small ones of every magnitude.
    std::int64_t minor = full(rng);
    if (i % 2 == 0) {
      std::int64_t mod = 1;
      for (int k = digits(rng); k > 1; --k) mod *= 10;
      minor %= mod;
    }
    const Money m(minor, c);
    const std::string text = m.to_string();
    auto back = Money::parse(text, c);
    ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
    ASSERT_EQ(back.value(), m) << text;
    auto grouped = Money::parse(with_separators(text), c);
    ASSERT_TRUE(grouped.ok()) << with_separators(text) << ": " << grouped.error().message;
    ASSERT_EQ(grouped.value(), m) << with_separators(text);
    // Decimal count is always the exponent.
    const std::size_t dot = text.find('.');
    if (c.exponent() == 0) {
      ASSERT_EQ(dot, std::string::npos) << text;
    } else {
      ASSERT_EQ(text.size() - dot - 1, static_cast<std::size_t>(c.exponent())) << text;
    }
  }
}

TEST(MoneyPropertyTest, AddSubAgreeWithInt128) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> full(kMin, kMax);
  const Currency usd = cur("USD");
  for (int i = 0; i < 20000; ++i) {
    std::int64_t a = full(rng), b = full(rng);
    if (i % 3 == 0) b >>= 32;
    const int128 sum = static_cast<int128>(a) + b, diff = static_cast<int128>(a) - b;
    auto s = Money(a, usd).add(Money(b, usd));
    auto d = Money(a, usd).sub(Money(b, usd));
    ASSERT_EQ(s.ok(), sum >= kMin && sum <= kMax);
    ASSERT_EQ(d.ok(), diff >= kMin && diff <= kMax);
    if (s.ok()) {
      ASSERT_EQ(s->minor(), static_cast<std::int64_t>(sum));
    }
    if (d.ok()) {
      ASSERT_EQ(d->minor(), static_cast<std::int64_t>(diff));
    }
  }
}

}  // namespace
}  // namespace chizai
