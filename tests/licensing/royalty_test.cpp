#include "licensing/royalty.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace chizai {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d).value(); }

Currency cur(std::string_view code) { return Currency::of(code).value(); }

// 3% of net sales up to JPY 10,000,000 in a contract year, 2% above.
std::vector<RoyaltyTier> two_tiers() {
  return {RoyaltyTier{10'000'000, 300}, RoyaltyTier{std::nullopt, 200}};
}

std::int64_t running(const std::vector<RoyaltyTier>& tiers, std::int64_t before,
                     std::int64_t sales) {
  auto r = running_royalty_minor(tiers, before, sales);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : 0;
}

std::string tier_error(const std::vector<RoyaltyTier>& tiers) {
  Status s = validate_tiers(tiers);
  EXPECT_FALSE(s.ok());
  if (s.ok()) return "";
  EXPECT_EQ(s.error().code, "bad_tiers");
  EXPECT_EQ(s.error().field, "royalty_tiers");
  return s.error().message;
}

std::int64_t jpy(Money m, std::string_view rate) {
  auto r = to_jpy_minor(m, rate);
  EXPECT_TRUE(r.ok()) << rate << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : 0;
}

// ------------------------------------------------------------------- tiers

TEST(ValidateTiersTest, AcceptsWellFormedTiers) {
  EXPECT_TRUE(validate_tiers(two_tiers()).ok());
  EXPECT_TRUE(validate_tiers({RoyaltyTier{std::nullopt, 300}}).ok());
  EXPECT_TRUE(validate_tiers({RoyaltyTier{std::nullopt, 0}}).ok());
  EXPECT_TRUE(validate_tiers({RoyaltyTier{1, 10000}, RoyaltyTier{2, 0},
                              RoyaltyTier{std::nullopt, 5000}})
                  .ok());
}

TEST(ValidateTiersTest, RefusesMalformedTiersNamingTheTier) {
  EXPECT_NE(tier_error({}).find("at least one tier"), std::string::npos);
  EXPECT_NE(tier_error({RoyaltyTier{std::nullopt, 10001}}).find("tier 1 of 1"),
            std::string::npos);
  EXPECT_NE(tier_error({RoyaltyTier{100, 300}, RoyaltyTier{std::nullopt, -1}})
                .find("tier 2 of 2 (royalty_tiers[1]): rate_bps -1 is outside 0..10000"),
            std::string::npos);
  // The last tier must be open, so that every sale is covered.
  EXPECT_NE(tier_error({RoyaltyTier{100, 300}, RoyaltyTier{200, 200}}).find("tier 2 of 2"),
            std::string::npos);
  // Only the last tier may be open.
  EXPECT_NE(tier_error({RoyaltyTier{std::nullopt, 300}, RoyaltyTier{std::nullopt, 200}})
                .find("tier 1 of 2"),
            std::string::npos);
  EXPECT_NE(tier_error({RoyaltyTier{0, 300}, RoyaltyTier{std::nullopt, 200}})
                .find("greater than 0"),
            std::string::npos);
  EXPECT_NE(tier_error({RoyaltyTier{-5, 300}, RoyaltyTier{std::nullopt, 200}})
                .find("tier 1 of 2"),
            std::string::npos);
  // Bounds strictly increasing: equal is refused, with the tier named.
  EXPECT_NE(tier_error({RoyaltyTier{100, 300}, RoyaltyTier{100, 250},
                        RoyaltyTier{std::nullopt, 200}})
                .find("tier 2 of 3 (royalty_tiers[1]): up_to 100 must be greater than the "
                      "previous tier's 100"),
            std::string::npos);
  EXPECT_NE(tier_error({RoyaltyTier{100, 300}, RoyaltyTier{50, 250},
                        RoyaltyTier{std::nullopt, 200}})
                .find("tier 2 of 3"),
            std::string::npos);
}

TEST(RunningRoyaltyTest, RefusesInvalidTiersAndOverflow) {
  auto bad = running_royalty_minor({}, 0, 100);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "bad_tiers");
  auto overflow = running_royalty_minor(two_tiers(), kMax, 1);
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().code, "overflow");
  auto underflow = running_royalty_minor(two_tiers(), kMin, -1);
  ASSERT_FALSE(underflow.ok());
  EXPECT_EQ(underflow.error().code, "overflow");
}

// ------------------------------------------------------- tiered royalties

TEST(TieredRoyaltyTest, ExactAcrossTiers) {
  // tiered(13,000,000) = 10,000,000 × 300 bps + 3,000,000 × 200 bps
  //                    = (3,000,000,000 + 600,000,000) / 10000 = 360,000 yen.
  const ExactAmount t = tiered_royalty(two_tiers(), 13'000'000);
  EXPECT_TRUE(t.numerator == 3'600'000'000);
  EXPECT_EQ(t.rounded_minor(), 360'000);
  // Exactly at the bound everything is in the first tier.
  EXPECT_TRUE(tiered_royalty(two_tiers(), 10'000'000).numerator == 3'000'000'000);
  // 1 yen of sales at 3% is 300/10000 of a yen, kept exact.
  EXPECT_TRUE(tiered_royalty(two_tiers(), 1).numerator == 300);
  // Nothing at or below zero.
  EXPECT_TRUE(tiered_royalty(two_tiers(), 0).numerator == 0);
  EXPECT_TRUE(tiered_royalty(two_tiers(), -5'000'000).numerator == 0);
}

TEST(TieredRoyaltyTest, ThreeTiersAndHugeSales) {
  // 5% to 1,000,000; 4% to 5,000,000; 3% above. Sales 7,000,000:
  //   1,000,000 × 5% = 50,000; 4,000,000 × 4% = 160,000; 2,000,000 × 3% = 60,000
  //   = 270,000.
  const std::vector<RoyaltyTier> tiers = {RoyaltyTier{1'000'000, 500},
                                          RoyaltyTier{5'000'000, 400},
                                          RoyaltyTier{std::nullopt, 300}};
  EXPECT_EQ(tiered_royalty(tiers, 7'000'000).rounded_minor(), 270'000);
  // No overflow at the top of int64: 10^4 × (2^63 − 1) is exact in int128.
  const std::vector<RoyaltyTier> all = {RoyaltyTier{std::nullopt, 10000}};
  EXPECT_EQ(tiered_royalty(all, kMax).rounded_minor(), kMax);
  EXPECT_EQ(running(all, 0, kMax), kMax);
}

TEST(RunningRoyaltyTest, SecondInvoiceCrossesTheTierBoundary) {
  // Contract year sales: 8,000,000 in the first report, 5,000,000 in the second.
  // First invoice:  tiered(8M) − tiered(0) = 8,000,000 × 3% = 240,000.
  // Second invoice: tiered(13M) − tiered(8M)
  //               = 2,000,000 × 3% (up to the 10M bound) + 3,000,000 × 2% (above)
  //               = 60,000 + 60,000 = 120,000.
  EXPECT_EQ(running(two_tiers(), 0, 8'000'000), 240'000);
  EXPECT_EQ(running(two_tiers(), 8'000'000, 5'000'000), 120'000);
  // The invoices add up to the year's tiered royalty: 240,000 + 120,000 = 360,000.
  EXPECT_EQ(tiered_royalty(two_tiers(), 13'000'000).rounded_minor(), 360'000);
}

TEST(RunningRoyaltyTest, NegativeCorrectionInvoicesTheDifference) {
  // The second report overstated sales by 5,000,000: its correction reports
  // −5,000,000 with 13,000,000 before it:
  //   tiered(8M) − tiered(13M) = 240,000 − 360,000 = −120,000.
  EXPECT_EQ(running(two_tiers(), 13'000'000, -5'000'000), -120'000);
  // A correction across the boundary downward, 11M → 9M:
  //   −(1,000,000 × 2% + 1,000,000 × 3%) = −(20,000 + 30,000) = −50,000.
  EXPECT_EQ(running(two_tiers(), 11'000'000, -2'000'000), -50'000);
  // Returns beyond the year's sales refund only what was invoiced:
  // 100 yen of sales owed 3 yen; −300 takes the year to −200, which owes 0.
  EXPECT_EQ(running(two_tiers(), 100, -300), -3);
  // …and sales that bring the year back above zero owe from zero again.
  EXPECT_EQ(running(two_tiers(), -200, 300), 3);
}

TEST(RunningRoyaltyTest, RoundsOnceHalfAwayFromZero) {
  const std::vector<RoyaltyTier> flat = {RoyaltyTier{std::nullopt, 300}};
  // 50 yen × 3% = 1.5 yen → 2 (half away from zero).
  EXPECT_EQ(running(flat, 0, 50), 2);
  // The correction of that report: −1.5 → −2, symmetric.
  EXPECT_EQ(running(flat, 50, -50), -2);
  // 49 × 3% = 1.47 → 1; 16 × 3% = 0.48 → 0; −16 × 3% = −0.48 → 0.
  EXPECT_EQ(running(flat, 0, 49), 1);
  EXPECT_EQ(running(flat, 0, 16), 0);
  EXPECT_EQ(running(flat, 16, -16), 0);

  // Rounded once for the invoice, not once per tier: 1.25% to 100 yen,
  // 0.5% above; 60 yen before, 140 in the report:
  //   40 × 1.25% = 0.5 and 100 × 0.5% = 0.5; exact total 1.0 → 1 yen.
  // (Rounding each tier's part would give 1 + 1 = 2.)
  const std::vector<RoyaltyTier> fine = {RoyaltyTier{100, 125}, RoyaltyTier{std::nullopt, 50}};
  EXPECT_EQ(running(fine, 60, 140), 1);

  // Rounded per invoice, not per report line: the caller adds the lines'
  // net sales first. 17 yen at 3% = 0.51 → 1, whereas 17 lines of 1 yen
  // rounded one by one (0.03 → 0 each) would give 0.
  EXPECT_EQ(running(flat, 0, 17), 1);
  EXPECT_EQ(running(flat, 16, 1), 0);  // 0.03 → 0
}

TEST(RunningRoyaltyTest, ZeroSalesOweNothing) {
  EXPECT_EQ(running(two_tiers(), 8'000'000, 0), 0);
  EXPECT_EQ(running({RoyaltyTier{std::nullopt, 0}}, 0, 5'000'000), 0);
}

// ---------------------------------------------------------- contract years

TEST(ContractYearTest, YearsRunFromTheStartDate) {
  const Date start = ymd(2026, 4, 1);
  EXPECT_EQ(contract_year_index(start, start), 0);
  EXPECT_EQ(contract_year_index(start, ymd(2027, 3, 31)), 0);
  EXPECT_EQ(contract_year_index(start, ymd(2027, 4, 1)), 1);
  EXPECT_EQ(contract_year_index(start, ymd(2036, 3, 31)), 9);
  EXPECT_EQ(contract_year_index(start, ymd(2026, 3, 31)), -1);
  EXPECT_EQ(contract_year_index(start, ymd(2020, 1, 1)), -7);
  EXPECT_EQ(contract_year_first_day(start, 0), start);
  EXPECT_EQ(contract_year_last_day(start, 0), ymd(2027, 3, 31));
  EXPECT_EQ(contract_year_first_day(start, 2), ymd(2028, 4, 1));
  EXPECT_EQ(contract_year_last_day(start, 2), ymd(2029, 3, 31));
}

TEST(ContractYearTest, LeapDayStartClampsAndComesBack) {
  // Start 2024-02-29: year 1 starts 2025-02-28 (clamped), year 4 2028-02-29.
  const Date start = ymd(2024, 2, 29);
  EXPECT_EQ(contract_year_last_day(start, 0), ymd(2025, 2, 27));
  EXPECT_EQ(contract_year_index(start, ymd(2025, 2, 27)), 0);
  EXPECT_EQ(contract_year_index(start, ymd(2025, 2, 28)), 1);
  EXPECT_EQ(contract_year_first_day(start, 3), ymd(2027, 2, 28));
  EXPECT_EQ(contract_year_last_day(start, 3), ymd(2028, 2, 28));
  EXPECT_EQ(contract_year_index(start, ymd(2028, 2, 28)), 3);
  EXPECT_EQ(contract_year_index(start, ymd(2028, 2, 29)), 4);
}

TEST(ContractYearTest, EveryDayIsInExactlyOneYear) {
  // For each day of ten years: first_day(k) ≤ d ≤ last_day(k), and the
  // years tile the calendar without gaps.
  for (const Date start : {ymd(2024, 2, 29), ymd(2025, 1, 31), ymd(2026, 12, 31)}) {
    for (int i = -400; i < 3700; ++i) {
      const Date d = start.add_days(i);
      const int k = contract_year_index(start, d);
      ASSERT_LE(contract_year_first_day(start, k), d) << d.to_string();
      ASSERT_GE(contract_year_last_day(start, k), d) << d.to_string();
      ASSERT_EQ(contract_year_last_day(start, k).add_days(1), contract_year_first_day(start, k + 1));
    }
  }
}

// ---------------------------------------------------------------- true-up

TEST(TrueUpTest, MinimumAnnualRoyaltyShortfall) {
  // Minimum annual royalty 500,000. The year's invoices: 240,000 (8M of
  // sales) + 120,000 (5M more) = 360,000 — short of the minimum by
  //   500,000 − 360,000 = 140,000, invoiced as the true-up.
  const std::int64_t invoiced = running(two_tiers(), 0, 8'000'000) +
                                running(two_tiers(), 8'000'000, 5'000'000);
  EXPECT_EQ(invoiced, 360'000);
  EXPECT_EQ(true_up_minor(500'000, invoiced), 140'000);
  // Running royalties at or above the minimum: no true-up.
  EXPECT_EQ(true_up_minor(360'000, invoiced), 0);
  EXPECT_EQ(true_up_minor(300'000, invoiced), 0);
  // No sales at all: the whole minimum. No minimum: nothing.
  EXPECT_EQ(true_up_minor(500'000, 0), 500'000);
  EXPECT_EQ(true_up_minor(0, 0), 0);
  // Net refunds in the year (a negative total) raise the shortfall.
  EXPECT_EQ(true_up_minor(500'000, -3), 500'003);
}

// ------------------------------------------------------- sublicence share

TEST(SublicenseShareTest, RoundsOnce) {
  // 1,234,567 × 25% = 308,641.75 → 308,642.
  EXPECT_EQ(*sublicense_share_minor(1'234'567, 2500), 308'642);
  // 2 × 25% = 0.5 → 1; −2 × 25% = −0.5 → −1.
  EXPECT_EQ(*sublicense_share_minor(2, 2500), 1);
  EXPECT_EQ(*sublicense_share_minor(-2, 2500), -1);
  EXPECT_EQ(*sublicense_share_minor(1'000'000, 0), 0);
  EXPECT_EQ(*sublicense_share_minor(kMax, 10000), kMax);
  EXPECT_EQ(*sublicense_share_minor(kMin, 10000), kMin);
  for (std::int64_t bps : {-1, 10001}) {
    auto r = sublicense_share_minor(100, bps);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "bad_share");
  }
}

// --------------------------------------------------------------------- FX

TEST(FxTest, UsdPaymentAtASixDecimalRate) {
  // USD 10,000.00 = 1,000,000 cents at 151.234567 JPY/USD:
  //   1,000,000 × 151.234567 / 100 = 1,512,345.67 JPY → 1,512,346.
  const Money usd = Money::parse("10000.00", cur("USD")).value();
  ASSERT_EQ(usd.minor(), 1'000'000);
  EXPECT_EQ(jpy(usd, "151.234567"), 1'512'346);
  // USD 1,234.56 at 150 = 185,184 exactly.
  EXPECT_EQ(jpy(Money(123'456, cur("USD")), "150"), 185'184);
  // EUR 0.50 at 163.1 = 81.55 → 82.
  EXPECT_EQ(jpy(Money(50, cur("EUR")), "163.1"), 82);
}

TEST(FxTest, RoundsHalfAwayFromZero) {
  // USD 0.01 at 150 = 1.5 yen → 2; a refund of USD 0.01 → −2.
  EXPECT_EQ(jpy(Money(1, cur("USD")), "150"), 2);
  EXPECT_EQ(jpy(Money(-1, cur("USD")), "150"), -2);
  // USD 0.01 at 149.999999 = 1.49999999 → 1.
  EXPECT_EQ(jpy(Money(1, cur("USD")), "149.999999"), 1);
  // KWD has three decimals: KWD 1.234 at 490.5 = 605.277 → 605.
  EXPECT_EQ(jpy(Money(1'234, cur("KWD")), "490.5"), 605);
  EXPECT_EQ(jpy(Money(0, cur("USD")), "151.2"), 0);
}

TEST(FxTest, JpyOnlyAtRateOne) {
  EXPECT_EQ(jpy(Money(1'000'000, Currency::jpy()), "1"), 1'000'000);
  EXPECT_EQ(jpy(Money(1'000'000, Currency::jpy()), "1.000000"), 1'000'000);
  auto r = to_jpy_minor(Money(1'000'000, Currency::jpy()), "2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "fx_rate");
}

TEST(FxTest, RefusesBadRates) {
  const Money usd(100, cur("USD"));
  for (const char* text : {"", "151.2345678", "0", "0.000000", "-151", "-0", "+151", "abc",
                           "151.", ".5", "1,000", " 151", "151 ", "151.2.3", "1e3",
                           "1000000000000", "99999999999999999999999"}) {
    auto r = to_jpy_minor(usd, text);
    ASSERT_FALSE(r.ok()) << "'" << text << "' accepted as " << *r;
    EXPECT_EQ(r.error().code, "bad_fx_rate") << text;
    EXPECT_EQ(r.error().field, "fx_rate") << text;
  }
  EXPECT_NE(to_jpy_minor(usd, "151.2345678").error().message.find("6 decimals"),
            std::string::npos);
  // The largest rate accepted: USD 1.00 at it is 999,999,999,999.999999 yen
  // → 1,000,000,000,000.
  EXPECT_EQ(jpy(usd, "999999999999.999999"), 1'000'000'000'000);
}

TEST(FxTest, OverflowIsAnError) {
  auto r = to_jpy_minor(Money(kMax, cur("USD")), "151.234567");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "overflow");
  auto neg = to_jpy_minor(Money(kMin, cur("USD")), "100.000001");
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.error().code, "overflow");
  // At rate 100 a cent is a yen: the extremes fit exactly.
  EXPECT_EQ(jpy(Money(kMax, cur("USD")), "100"), kMax);
  EXPECT_EQ(jpy(Money(kMin, cur("USD")), "100"), kMin);
}

}  // namespace
}  // namespace chizai
