#include "core/fraction.h"

#include <gtest/gtest.h>

#include <compare>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/int128.h"

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

Fraction frac(std::int64_t n, std::int64_t d) {
  auto f = Fraction::make(n, d);
  EXPECT_TRUE(f.ok()) << n << "/" << d;
  return f.ok() ? f.value() : Fraction();
}

void expect_nd(const Result<Fraction>& f, std::int64_t n, std::int64_t d) {
  ASSERT_TRUE(f.ok()) << f.error().code << ": " << f.error().message;
  EXPECT_EQ(f->num(), n);
  EXPECT_EQ(f->den(), d);
}

// ---------------------------------------------------------------- make

TEST(FractionMakeTest, Normalises) {
  expect_nd(Fraction::make(2, 4), 1, 2);
  expect_nd(Fraction::make(-2, 4), -1, 2);
  expect_nd(Fraction::make(2, -4), -1, 2);
  expect_nd(Fraction::make(-2, -4), 1, 2);
  expect_nd(Fraction::make(0, -5), 0, 1);
  expect_nd(Fraction::make(0, 5), 0, 1);
  expect_nd(Fraction::make(6, 3), 2, 1);
  expect_nd(Fraction::make(7, 1), 7, 1);
  expect_nd(Fraction::make(kMax, kMax), 1, 1);
  expect_nd(Fraction::make(kMin, kMin), 1, 1);
  expect_nd(Fraction::make(kMin, 2), kMin / 2, 1);
  expect_nd(Fraction::make(kMin, 1), kMin, 1);
  expect_nd(Fraction::make(2, kMin), -1, kMax / 2 + 1);  // 2^62
  expect_nd(Fraction::make(kMin, -2), -(kMin / 2), 1);
}

TEST(FractionMakeTest, Defaults) {
  EXPECT_EQ(Fraction().num(), 0);
  EXPECT_EQ(Fraction().den(), 1);
  EXPECT_TRUE(Fraction().is_zero());
  EXPECT_FALSE(Fraction::one().is_zero());
  EXPECT_EQ(Fraction::one(), frac(5, 5));
  EXPECT_EQ(Fraction::integer(-4), frac(8, -2));
}

TEST(FractionMakeTest, Errors) {
  auto z = Fraction::make(1, 0);
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.error().code, "division_by_zero");
  EXPECT_FALSE(Fraction::make(0, 0).ok());
  // 2^63 is not an int64: -2^63 / -1 and 1 / -2^63 (den would be 2^63).
  EXPECT_EQ(Fraction::make(kMin, -1).error().code, "overflow");
  EXPECT_EQ(Fraction::make(1, kMin).error().code, "overflow");
  EXPECT_EQ(Fraction::make(-1, kMin).error().code, "overflow");
}

// ---------------------------------------------------------------- parse

TEST(FractionParseTest, Accepts) {
  expect_nd(Fraction::parse("1/3"), 1, 3);
  expect_nd(Fraction::parse("2/6"), 1, 3);
  expect_nd(Fraction::parse("2"), 2, 1);
  expect_nd(Fraction::parse("0"), 0, 1);
  expect_nd(Fraction::parse("0/7"), 0, 1);
  expect_nd(Fraction::parse("0.25"), 1, 4);
  expect_nd(Fraction::parse("1.5"), 3, 2);
  expect_nd(Fraction::parse("0.250000000000000000000000000000000000000000"), 1, 4);
  expect_nd(Fraction::parse("50%"), 1, 2);
  expect_nd(Fraction::parse("100%"), 1, 1);
  expect_nd(Fraction::parse("150%"), 3, 2);
  expect_nd(Fraction::parse("33.5%"), 67, 200);
  expect_nd(Fraction::parse("0.5%"), 1, 200);
  expect_nd(Fraction::parse(" 1/2 "), 1, 2);
  expect_nd(Fraction::parse("\t3/4\n"), 3, 4);
  expect_nd(Fraction::parse("\xE3\x80\x80" "1/2" "\xE3\x80\x80"), 1, 2);  // U+3000
  expect_nd(Fraction::parse("9223372036854775807"), kMax, 1);
  expect_nd(Fraction::parse("1/9223372036854775807"), 1, kMax);
}

// Full-width digits and signs (a Japanese input method's, a CP932
// spreadsheet's) read as ASCII.
TEST(FractionParseTest, FullWidth) {
  expect_nd(Fraction::parse("１／２"), 1, 2);
  expect_nd(Fraction::parse("１/２"), 1, 2);
  expect_nd(Fraction::parse("５０％"), 1, 2);
  expect_nd(Fraction::parse("０．２５"), 1, 4);
  expect_nd(Fraction::parse("３３．５％"), 67, 200);
  expect_nd(Fraction::parse("\xE3\x80\x80" "１／３" "\xE3\x80\x80"), 1, 3);  // U+3000 around
  expect_nd(Fraction::parse("－１／３", true), -1, 3);  // U+FF0D
  EXPECT_EQ(Fraction::parse("－１／３").error().code, "bad_fraction");
}

TEST(FractionParseTest, Negative) {
  expect_nd(Fraction::parse("-1/3", true), -1, 3);
  expect_nd(Fraction::parse("-0.25", true), -1, 4);
  expect_nd(Fraction::parse("-50%", true), -1, 2);
  expect_nd(Fraction::parse("-9223372036854775808", true), kMin, 1);
  expect_nd(Fraction::parse("-0", true), 0, 1);
  expect_nd(Fraction::parse("1/3", true), 1, 3);
  EXPECT_EQ(Fraction::parse("-1/3").error().code, "bad_fraction");
  EXPECT_EQ(Fraction::parse("-0").error().code, "bad_fraction");
  EXPECT_EQ(Fraction::parse("1/-3", true).error().code, "bad_fraction");
  EXPECT_EQ(Fraction::parse("--1", true).error().code, "bad_fraction");
  EXPECT_EQ(Fraction::parse("+1/3", true).error().code, "bad_fraction");
}

TEST(FractionParseTest, Rejects) {
  for (std::string_view bad : {"", "   ", "abc", "1/3/4", "%", "/", "1/", "/3", "1.", ".5",
                               "1.2.3", "1/3%", "1 / 3", "1/ 3", "50 %", "%50", "1e3",
                               "0x10", "1/3.0", "1.5/2", "+1", "5%%", "1,5", "½",
                               "１/２ｘ", "1/3 x", "a1", "1a", "１／０．５"}) {
    auto f = Fraction::parse(bad);
    ASSERT_FALSE(f.ok()) << "'" << bad << "' parsed as " << f->to_string();
    EXPECT_EQ(f.error().code, "bad_fraction") << bad;
    EXPECT_NE(f.error().message.find(quoted(bad)), std::string::npos)
        << f.error().message;
  }
  EXPECT_EQ(Fraction::parse("1/0").error().code, "division_by_zero");
  EXPECT_EQ(Fraction::parse("0/0").error().code, "division_by_zero");
  EXPECT_EQ(Fraction::parse("1/000").error().code, "division_by_zero");
}

TEST(FractionParseTest, Overflow) {
  EXPECT_EQ(Fraction::parse("9223372036854775808").error().code, "overflow");
  EXPECT_EQ(Fraction::parse("1/9223372036854775808").error().code, "overflow");
  EXPECT_EQ(Fraction::parse("9999999999999999999999999999999999999999999").error().code,
            "overflow");
  EXPECT_EQ(Fraction::parse("0.0000000000000000000000000000000000000001").error().code,
            "overflow");
  // Fits after reduction: 2^64 / 2^63 = 2.
  expect_nd(Fraction::parse("18446744073709551616/9223372036854775808"), 2, 1);
  // gcd(n, n + 1) = 1, and neither fits.
  EXPECT_EQ(Fraction::parse("18446744073709551614/18446744073709551615").error().code,
            "overflow");
  // 10^-18 fits; 10^-19 % = 10^-21 does not.
  expect_nd(Fraction::parse("0.000000000000000001"), 1, 1000000000000000000);
  EXPECT_EQ(Fraction::parse("0.0000000000000000001%").error().code, "overflow");
}

// ---------------------------------------------------------------- arithmetic

TEST(FractionArithmeticTest, Basics) {
  expect_nd(frac(1, 3).add(frac(1, 6)), 1, 2);
  expect_nd(frac(1, 3).sub(frac(1, 2)), -1, 6);
  expect_nd(frac(2, 3).mul(frac(3, 4)), 1, 2);
  expect_nd(frac(2, 3).div(frac(4, 9)), 3, 2);
  expect_nd(frac(2, 3).div(frac(-4, 9)), -3, 2);
  expect_nd(frac(1, 3).add(frac(2, 3)), 1, 1);
  expect_nd(frac(1, 3).sub(frac(1, 3)), 0, 1);
  expect_nd(Fraction().mul(frac(kMax, 1)), 0, 1);
  EXPECT_EQ(frac(1, 3).div(Fraction()).error().code, "division_by_zero");
}

TEST(FractionArithmeticTest, Overflow) {
  EXPECT_EQ(frac(kMax, 1).add(Fraction::one()).error().code, "overflow");
  EXPECT_EQ(frac(kMin, 1).sub(Fraction::one()).error().code, "overflow");
  EXPECT_EQ(frac(kMax, 1).mul(frac(2, 1)).error().code, "overflow");
  EXPECT_EQ(frac(1, kMax).mul(frac(1, 2)).error().code, "overflow");
  EXPECT_EQ(frac(kMin, 1).div(frac(-1, 1)).error().code, "overflow");
  EXPECT_EQ(frac(kMin, 1).mul(frac(-1, 1)).error().code, "overflow");
  EXPECT_EQ(frac(1, kMax).add(frac(1, kMax - 1)).error().code, "overflow");
  // Large intermediates that cancel are fine.
  expect_nd(frac(kMax, kMax - 1).mul(frac(kMax - 1, kMax)), 1, 1);
  expect_nd(frac(kMin, kMax).div(frac(kMin, kMax)), 1, 1);
  expect_nd(frac(1, kMax).add(frac(kMax - 1, kMax)), 1, 1);
  expect_nd(frac(kMax, 1).sub(frac(kMax, 1)), 0, 1);
  expect_nd(frac(kMin, 1).add(frac(kMax, 1)), -1, 1);
}

uint128 magnitude(int128 v) {
  return v < 0 ? uint128{0} - static_cast<uint128>(v) : static_cast<uint128>(v);
}

uint128 gcd(uint128 a, uint128 b) {
  while (b != 0) {
    const uint128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Reference normalisation of the exact ratio x/y (y != 0): checks `got`
// against it, or checks that an overflow was reported exactly when the
// reduced ratio does not fit in int64.
void check_against_reference(const Result<Fraction>& got, int128 x, int128 y) {
  const bool negative = (x < 0) != (y < 0);
  uint128 n = magnitude(x), d = magnitude(y);
  const uint128 g = n == 0 ? d : gcd(n, d);
  n /= g;
  d /= g;
  const uint128 limit = static_cast<uint128>(kMax) + (negative ? uint128{1} : uint128{0});
  const bool fits = n <= limit && d <= static_cast<uint128>(kMax);
  ASSERT_EQ(got.ok(), fits) << (got.ok() ? got->to_string() : got.error().message);
  if (!fits) {
    ASSERT_EQ(got.error().code, "overflow");
    return;
  }
  const int128 want_n = negative ? -static_cast<int128>(n) : static_cast<int128>(n);
  ASSERT_EQ(static_cast<int128>(got->num()), want_n);
  ASSERT_EQ(static_cast<int128>(got->den()), static_cast<int128>(d));
}

TEST(FractionPropertyTest, ArithmeticMatchesCrossMultiplication) {
  std::mt19937_64 rng(1234567);
  std::uniform_int_distribution<std::int64_t> small(-1000000, 1000000);
  std::uniform_int_distribution<std::int64_t> pos(1, 1000000);
  std::uniform_int_distribution<std::int64_t> full(kMin, kMax);
  std::uniform_int_distribution<std::int64_t> full_pos(1, kMax);
  int overflows = 0;
  for (int i = 0; i < 40000; ++i) {
    const bool big = i % 4 == 0;
    const auto make = [&]() {
      for (;;) {
        auto f = big ? Fraction::make(full(rng), full_pos(rng))
                     : Fraction::make(small(rng), pos(rng));
        if (f.ok()) return f.value();
      }
    };
    const Fraction a = make(), b = make();
    ASSERT_GT(a.den(), 0);
    const int128 A = a.num(), B = a.den(), C = b.num(), D = b.den();

    const auto s = a.add(b), d = a.sub(b), p = a.mul(b);
    check_against_reference(s, A * D + C * B, B * D);
    check_against_reference(d, A * D - C * B, B * D);
    check_against_reference(p, A * C, B * D);
    if (b.is_zero()) {
      ASSERT_EQ(a.div(b).error().code, "division_by_zero");
    } else {
      check_against_reference(a.div(b), A * D, B * C);
    }
    overflows += !s.ok() + !p.ok();

    if (!big) {
      // Small operands: verify directly by cross-multiplication too.
      ASSERT_TRUE(s.ok() && d.ok() && p.ok());
      ASSERT_EQ(static_cast<int128>(s->num()) * (B * D), (A * D + C * B) * s->den());
      ASSERT_EQ(static_cast<int128>(d->num()) * (B * D), (A * D - C * B) * d->den());
      ASSERT_EQ(static_cast<int128>(p->num()) * (B * D), (A * C) * p->den());
      if (!b.is_zero()) {
        auto q = a.div(b);
        ASSERT_TRUE(q.ok());
        ASSERT_EQ(static_cast<int128>(q->num()) * (B * C), (A * D) * q->den());
        auto back = q->mul(b);  // (a / b) · b == a
        ASSERT_TRUE(back.ok());
        ASSERT_EQ(back.value(), a);
      }
      ASSERT_EQ(d->num() < 0, a < b);
      ASSERT_EQ(s->sub(b).value(), a);
    }
    // Ordering agrees with cross-multiplication.
    const int128 l = A * D, r = C * B;
    const auto want = l < r ? std::strong_ordering::less
                            : (l > r ? std::strong_ordering::greater
                                     : std::strong_ordering::equal);
    ASSERT_EQ(a <=> b, want);
    ASSERT_EQ(a == b, l == r);
  }
  EXPECT_GT(overflows, 0);  // the big cases really exercise the overflow path
}

TEST(FractionPropertyTest, ParseToStringRoundTrip) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<std::int64_t> full(kMin, kMax);
  for (int i = 0; i < 5000; ++i) {
    std::int64_t n = full(rng), d = full(rng) & kMax;
    if (d == 0) d = 1;
    if (i % 2 == 0) n %= 1000, d = d % 1000 + 1;
    auto f = Fraction::make(n, d);
    if (!f.ok()) continue;
    auto back = Fraction::parse(f->to_string(), true);
    ASSERT_TRUE(back.ok()) << f->to_string();
    ASSERT_EQ(back.value(), f.value());
  }
}

// ---------------------------------------------------------------- compare, text

TEST(FractionCompareTest, Exact) {
  EXPECT_LT(frac(1, 3), frac(1, 2));
  EXPECT_GT(frac(-1, 3), frac(-1, 2));
  EXPECT_EQ(frac(2, 4) <=> frac(1, 2), std::strong_ordering::equal);
  // Differ only beyond double precision.
  EXPECT_LT(frac(kMax - 2, kMax - 1), frac(kMax - 1, kMax));
  EXPECT_GT(frac(kMax - 1, kMax), frac(kMax - 2, kMax - 1));
  EXPECT_LT(frac(kMin, 1), frac(kMin + 1, 1));
  EXPECT_LT(frac(kMin, 1), frac(-kMax, kMax));
  EXPECT_LT(frac(1, kMax), frac(1, kMax - 1));
}

TEST(FractionToStringTest, Forms) {
  EXPECT_EQ(frac(1, 3).to_string(), "1/3");
  EXPECT_EQ(frac(-1, 3).to_string(), "-1/3");
  EXPECT_EQ(frac(4, 2).to_string(), "2");
  EXPECT_EQ(frac(-4, 2).to_string(), "-2");
  EXPECT_EQ(Fraction().to_string(), "0");
  EXPECT_EQ(frac(kMin, 1).to_string(), "-9223372036854775808");
  EXPECT_EQ(frac(1, kMax).to_string(), "1/9223372036854775807");
}

}  // namespace
}  // namespace chizai
