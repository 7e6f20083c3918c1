#include "ledger/split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "core/int128.h"

namespace chizai {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Fraction frac(std::int64_t n, std::int64_t d) { return Fraction::make(n, d).value(); }

std::vector<std::int64_t> split(std::int64_t amount, const std::vector<SplitLine>& lines) {
  auto r = split_largest_remainder(amount, lines);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<std::int64_t>{};
}

std::string split_error(std::int64_t amount, const std::vector<SplitLine>& lines) {
  auto r = split_largest_remainder(amount, lines);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, "bad_split");
  return r.error().message;
}

int128 sum(const std::vector<std::int64_t>& v) {
  int128 s = 0;
  for (std::int64_t x : v) s += x;
  return s;
}

// |amount_i − amount × share| < 1, compared exactly: |a·den − amount·num| < den.
bool within_one_unit(std::int64_t line_amount, std::int64_t amount, const Fraction& share) {
  const int128 diff = static_cast<int128>(line_amount) * share.den() -
                      static_cast<int128>(amount) * share.num();
  return (diff < 0 ? -diff : diff) < share.den();
}

// ---------------------------------------------------------------- examples

TEST(SplitTest, ThirdsTieGoesToTheSmallestKey) {
  // 100 × 1/3 = 33.33… for each line: floors 33 + 33 + 33 = 99, one unit
  // left, all three remainders equal (1/3): the tie goes to key "a".
  const std::vector<SplitLine> lines = {{"b", frac(1, 3)}, {"a", frac(1, 3)}, {"c", frac(1, 3)}};
  EXPECT_EQ(split(100, lines), (std::vector<std::int64_t>{33, 34, 33}));
  // 101: floors 33 × 3 = 99, two left → "a" and "b".
  EXPECT_EQ(split(101, lines), (std::vector<std::int64_t>{34, 34, 33}));
  // Negative amounts mirror positive ones: −100 → a −34, b −33, c −33.
  EXPECT_EQ(split(-100, lines), (std::vector<std::int64_t>{-33, -34, -33}));
  EXPECT_EQ(split(0, lines), (std::vector<std::int64_t>{0, 0, 0}));
}

TEST(SplitTest, LargestRemainderBeatsKeyOrder) {
  // 7 over 1/2, 3/10, 1/5: exact 3.5, 2.1, 1.4 → floors 3, 2, 1 = 6; the one
  // unit left goes to the largest remainder, 0.5 (key "z"), although "z" is
  // the largest key. Result 4, 2, 1.
  const std::vector<SplitLine> lines = {{"z", frac(1, 2)}, {"a", frac(3, 10)}, {"m", frac(1, 5)}};
  EXPECT_EQ(split(7, lines), (std::vector<std::int64_t>{4, 2, 1}));
  // 9: exact 4.5, 2.7, 1.8 → floors 4, 2, 1 = 7; two left: 0.8 ("m") then
  // 0.7 ("a"). Result 4, 3, 2.
  EXPECT_EQ(split(9, lines), (std::vector<std::int64_t>{4, 3, 2}));
  // −9 mirrors: −4, −3, −2.
  EXPECT_EQ(split(-9, lines), (std::vector<std::int64_t>{-4, -3, -2}));
}

TEST(SplitTest, RemaindersAreComparedExactlyAcrossDenominators) {
  // 1 over 1/3 and 2/3: remainders 1/3 and 2/3 → "b" (2/3) takes it.
  EXPECT_EQ(split(1, {{"a", frac(1, 3)}, {"b", frac(2, 3)}}),
            (std::vector<std::int64_t>{0, 1}));
  // Remainders closer than a double can tell apart: 1 over
  //   a = 499999999999999999/999999999999999999 (0.5 − 5·10^-19) and
  //   b = 500000000000000000/999999999999999999 (0.5 + 5·10^-19):
  // the unit goes to b, the larger remainder, although "a" < "b".
  EXPECT_EQ(split(1, {{"a", frac(499'999'999'999'999'999, 999'999'999'999'999'999)},
                      {"b", frac(500'000'000'000'000'000, 999'999'999'999'999'999)}}),
            (std::vector<std::int64_t>{0, 1}));
}

TEST(SplitTest, ExtremeAmounts) {
  const std::vector<SplitLine> halves = {{"a", frac(1, 2)}, {"b", frac(1, 2)}};
  // INT64_MAX = 2^63 − 1 is odd: 2^62 and 2^62 − 1 (the tie to "a").
  EXPECT_EQ(split(kMax, halves), (std::vector<std::int64_t>{kMax / 2 + 1, kMax / 2}));
  // INT64_MIN = −2^63 splits into −2^62 twice.
  EXPECT_EQ(split(kMin, halves), (std::vector<std::int64_t>{kMin / 2, kMin / 2}));
  EXPECT_EQ(split(kMin, {{"only", Fraction::one()}}), (std::vector<std::int64_t>{kMin}));
  EXPECT_EQ(split(kMax, {{"only", Fraction::one()}}), (std::vector<std::int64_t>{kMax}));
  const std::vector<SplitLine> fine = {{"a", frac(kMax - 1, kMax)}, {"b", frac(1, kMax)}};
  EXPECT_EQ(sum(split(kMax, fine)), kMax);
  EXPECT_EQ(split(kMax, fine), (std::vector<std::int64_t>{kMax - 1, 1}));
  EXPECT_EQ(sum(split(kMin, fine)), kMin);
}

TEST(SplitTest, RefusesBadLines) {
  EXPECT_NE(split_error(100, {}).find("no lines"), std::string::npos);
  EXPECT_NE(split_error(100, {{"a", frac(1, 2)}, {"b", frac(1, 3)}}).find("sum to 5/6, not 1"),
            std::string::npos);
  EXPECT_NE(split_error(100, {{"a", frac(2, 3)}, {"b", frac(2, 3)}}).find("sum to 4/3"),
            std::string::npos);
  EXPECT_NE(split_error(100, {{"a", Fraction::one()}, {"b", Fraction()}})
                .find("greater than 0"),
            std::string::npos);
  EXPECT_NE(split_error(100, {{"a", frac(3, 2)}, {"b", frac(-1, 2)}}).find("'b'"),
            std::string::npos);
  EXPECT_NE(split_error(100, {{"a", frac(1, 2)}, {"a", frac(1, 2)}}).find("repeated"),
            std::string::npos);
  EXPECT_NE(split_error(100, {{"", Fraction::one()}}).find("empty key"), std::string::npos);
  // Denominators whose common multiple is beyond int64: refused, not rounded.
  const std::int64_t p = 1'000'000'007, q = 998'244'353, r = 1'000'000'009;
  EXPECT_NE(split_error(100, {{"a", frac(1, p)}, {"b", frac(1, q)}, {"c", frac(1, r)},
                              {"d", frac(p - 3, p)}})
                .find("too large"),
            std::string::npos);
}

// ------------------------------------------------------ property (fixed seed)

struct Case {
  std::int64_t amount;
  std::vector<SplitLine> lines;
};

// Lines with shares w_i / Σw for random weights (so the shares sum to 1
// with varied, reduced denominators) and random keys.
Case random_case(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> count(1, 60);
  std::uniform_int_distribution<std::int64_t> weight(1, 1000);
  const int n = count(rng);
  std::vector<std::int64_t> w(static_cast<std::size_t>(n));
  for (auto& x : w) x = weight(rng);
  if (rng() % 4 == 0) std::fill(w.begin(), w.end(), w[0]);  // all tied
  const std::int64_t total = std::accumulate(w.begin(), w.end(), std::int64_t{0});
  Case c;
  for (int i = 0; i < n; ++i) {
    c.lines.push_back(SplitLine{"k" + std::to_string(rng() % 1'000'000) + "-" + std::to_string(i),
                                frac(w[static_cast<std::size_t>(i)], total)});
  }
  switch (rng() % 5) {
    case 0: c.amount = std::uniform_int_distribution<std::int64_t>(-100, 100)(rng); break;
    case 1: c.amount = std::uniform_int_distribution<std::int64_t>(-1'000'000'000, 1'000'000'000)(rng); break;
    case 2: c.amount = static_cast<std::int64_t>(rng()); break;  // any int64
    case 3: c.amount = (rng() % 2) ? kMax - static_cast<std::int64_t>(rng() % 100)
                                   : kMin + static_cast<std::int64_t>(rng() % 100); break;
    default: c.amount = std::uniform_int_distribution<std::int64_t>(-1000, 1000)(rng) * total; break;
  }
  return c;
}

TEST(SplitPropertyTest, ExactOrderIndependentAndLargestRemainder) {
  std::mt19937_64 rng(20260701);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    const Case c = random_case(rng);
    const std::vector<std::int64_t> out = split(c.amount, c.lines);
    ASSERT_EQ(out.size(), c.lines.size());

    // 1. The amounts sum to the amount exactly.
    ASSERT_TRUE(sum(out) == c.amount) << "iteration " << iteration;

    // 2. Each line is within one unit of its exact share, on the side of
    //    floor(|amount| × share) or one above it (in magnitude).
    for (std::size_t i = 0; i < out.size(); ++i) {
      ASSERT_TRUE(within_one_unit(out[i], c.amount, c.lines[i].share))
          << "iteration " << iteration << " line " << c.lines[i].key;
      ASSERT_TRUE(c.amount >= 0 ? out[i] >= 0 : out[i] <= 0);
    }

    // 3. The extra units went by the rule: every line that got one has a
    //    larger remainder than every line that did not, or an equal one and
    //    a smaller key.
    const int128 mag = c.amount < 0 ? -static_cast<int128>(c.amount) : c.amount;
    struct Rem { int128 r; int128 den; bool extra; const std::string* key; };
    std::vector<Rem> rems;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const Fraction& s = c.lines[i].share;
      const int128 product = mag * s.num();
      const int128 line_mag = out[i] < 0 ? -static_cast<int128>(out[i]) : out[i];
      rems.push_back(Rem{product % s.den(), s.den(), line_mag != product / s.den(),
                         &c.lines[i].key});
    }
    for (const Rem& a : rems) {
      if (!a.extra) continue;
      for (const Rem& b : rems) {
        if (b.extra) continue;
        const int128 lhs = a.r * b.den, rhs = b.r * a.den;
        ASSERT_TRUE(lhs > rhs || (lhs == rhs && *a.key < *b.key))
            << "iteration " << iteration << ": " << *a.key << " got a unit before " << *b.key;
      }
    }

    // 4. Shuffling the lines changes no line's amount (compared by key).
    std::map<std::string, std::int64_t> by_key;
    for (std::size_t i = 0; i < out.size(); ++i) by_key[c.lines[i].key] = out[i];
    std::vector<SplitLine> shuffled = c.lines;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const std::vector<std::int64_t> again = split(c.amount, shuffled);
    for (std::size_t i = 0; i < again.size(); ++i) {
      ASSERT_EQ(again[i], by_key.at(shuffled[i].key))
          << "iteration " << iteration << " line " << shuffled[i].key;
    }

    // 5. Symmetry: split(−a) = −split(a) (INT64_MIN has no opposite).
    if (c.amount != kMin) {
      const std::vector<std::int64_t> negated = split(-c.amount, c.lines);
      for (std::size_t i = 0; i < out.size(); ++i) ASSERT_EQ(negated[i], -out[i]);
    }
  }
}

}  // namespace
}  // namespace chizai
