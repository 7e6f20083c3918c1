#include "ledger/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/int128.h"

namespace chizai {
namespace {

Fraction frac(std::int64_t n, std::int64_t d) { return Fraction::make(n, d).value(); }
Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d).value(); }

constexpr const char* kAggregator = "AGG-JST";
// The issue's three patents.
constexpr const char* kPatentA = "JP2012000001";
constexpr const char* kPatentB = "JP2013000002";
constexpr const char* kPatentC = "JP2014000003";

Beneficiary owner(std::string code, Fraction share, bool company = false) {
  return Beneficiary{std::move(code), share, company};
}

// Patent A owned by U-TOKYO alone; B by U-KYOTO, U-OSAKA and U-TOHOKU, 1/3
// each; C by U-NAGOYA and U-HOKKAIDO, 1/2 each. Equal weights. Owners are
// deliberately listed out of code order.
std::vector<LicensedPatent> issue_patents() {
  return {
      LicensedPatent{kPatentA, 1, {owner("U-TOKYO", Fraction::one())}},
      LicensedPatent{kPatentB, 1,
                     {owner("U-TOHOKU", frac(1, 3)), owner("U-OSAKA", frac(1, 3)),
                      owner("U-KYOTO", frac(1, 3))}},
      LicensedPatent{kPatentC, 1, {owner("U-NAGOYA", frac(1, 2)), owner("U-HOKKAIDO", frac(1, 2))}},
  };
}

DistributionInput issue_input(std::int64_t payment) {
  DistributionInput in;
  in.payment_minor = payment;
  in.patents = issue_patents();
  in.aggregator_institution = kAggregator;
  return in;  // default policy: no cap on cost recovery, aggregator 1/3
}

Distribution distribute(const DistributionInput& in) {
  auto r = distribute_payment(in);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Distribution{};
}

std::string distribute_error(const DistributionInput& in) {
  auto r = distribute_payment(in);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error().message;
}

// (patent, institution) → amount.
std::map<std::pair<std::string, std::string>, std::int64_t> amounts(const Distribution& d) {
  std::map<std::pair<std::string, std::string>, std::int64_t> out;
  for (const OwnerLine& l : d.owner_lines) out[{l.patent, l.institution}] = l.amount_minor;
  return out;
}

int128 total(const Distribution& d) {
  int128 t = d.aggregator_amount_minor;
  for (const CostRecoveryLine& c : d.cost_recovery) t += c.amount_minor;
  for (const OwnerLine& l : d.owner_lines) t += l.amount_minor;
  return t;
}

bool within_one_unit(std::int64_t line_amount, std::int64_t amount, const Fraction& share) {
  const int128 diff = static_cast<int128>(line_amount) * share.den() -
                      static_cast<int128>(amount) * share.num();
  return (diff < 0 ? -diff : diff) < share.den();
}

bool same(const Distribution& a, const Distribution& b) {
  if (a.payment_minor != b.payment_minor ||
      a.cost_recovery_total_minor != b.cost_recovery_total_minor ||
      a.distributable_minor != b.distributable_minor ||
      a.aggregator_institution != b.aggregator_institution ||
      !(a.aggregator_share == b.aggregator_share) ||
      a.aggregator_amount_minor != b.aggregator_amount_minor ||
      a.cost_recovery.size() != b.cost_recovery.size() ||
      a.owner_lines.size() != b.owner_lines.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.cost_recovery.size(); ++i) {
    const auto& x = a.cost_recovery[i];
    const auto& y = b.cost_recovery[i];
    if (x.date != y.date || x.cost_id != y.cost_id || x.amount_minor != y.amount_minor)
      return false;
  }
  for (std::size_t i = 0; i < a.owner_lines.size(); ++i) {
    const auto& x = a.owner_lines[i];
    const auto& y = b.owner_lines[i];
    if (x.patent != y.patent || x.institution != y.institution || !(x.share == y.share) ||
        x.amount_minor != y.amount_minor)
      return false;
  }
  return true;
}

// ------------------------------------------------------- worked examples

TEST(DistributionTest, IssueWorkedExampleOneMillionYen) {
  // Payment 1,000,000 JPY, no costs to recover, aggregator 1/3, three
  // patents of equal weight, so each patent's part is (1 − 1/3) × 1/3 = 2/9.
  // Exact shares of the payment (over 27) and amounts:
  //   aggregator            1/3         = 9/27 → 333,333.333… floor 333,333 rem 9/27
  //   A U-TOKYO    2/9 × 1  = 2/9       = 6/27 → 222,222.222… floor 222,222 rem 6/27
  //   B each of 3  2/9 × 1/3 = 2/27     = 2/27 →  74,074.074… floor  74,074 rem 2/27
  //   C each of 2  2/9 × 1/2 = 1/9      = 3/27 → 111,111.111… floor 111,111 rem 3/27
  // (1,000,000 = 27 × 37,037 + 1, so line k/27 has remainder k/27.)
  // Floors: 333,333 + 222,222 + 3 × 74,074 + 2 × 111,111
  //       = 333,333 + 222,222 + 222,222 + 222,222 = 999,999: one yen left,
  // which goes to the largest remainder, the aggregator's 9/27 → 333,334.
  const Distribution d = distribute(issue_input(1'000'000));
  EXPECT_EQ(d.cost_recovery_total_minor, 0);
  EXPECT_TRUE(d.cost_recovery.empty());
  EXPECT_EQ(d.distributable_minor, 1'000'000);
  EXPECT_EQ(d.aggregator_institution, kAggregator);
  EXPECT_EQ(d.aggregator_share, frac(1, 3));
  EXPECT_EQ(d.aggregator_amount_minor, 333'334);
  const auto a = amounts(d);
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a.at({kPatentA, "U-TOKYO"}), 222'222);
  EXPECT_EQ(a.at({kPatentB, "U-KYOTO"}), 74'074);
  EXPECT_EQ(a.at({kPatentB, "U-OSAKA"}), 74'074);
  EXPECT_EQ(a.at({kPatentB, "U-TOHOKU"}), 74'074);
  EXPECT_EQ(a.at({kPatentC, "U-HOKKAIDO"}), 111'111);
  EXPECT_EQ(a.at({kPatentC, "U-NAGOYA"}), 111'111);
  EXPECT_TRUE(total(d) == 1'000'000);

  // The shares on the lines are the exact products of the route.
  for (const OwnerLine& l : d.owner_lines) {
    if (l.patent == kPatentA) { EXPECT_EQ(l.share, frac(2, 9)); }
    if (l.patent == kPatentB) { EXPECT_EQ(l.share, frac(2, 27)); }
    if (l.patent == kPatentC) { EXPECT_EQ(l.share, frac(1, 9)); }
  }
  // Lines come sorted by (patent, institution), whatever the input order.
  ASSERT_EQ(d.owner_lines.size(), 6u);
  EXPECT_EQ(d.owner_lines[1].institution, "U-KYOTO");
  EXPECT_EQ(d.owner_lines[2].institution, "U-OSAKA");
  EXPECT_EQ(d.owner_lines[3].institution, "U-TOHOKU");
  EXPECT_EQ(d.owner_lines[4].institution, "U-HOKKAIDO");
}

TEST(DistributionTest, IssueExampleTiesGoByPatentThenInstitution) {
  // Payment 1,000,008 = 27 × 37,037 + 9, so line k/27 has remainder 9k mod 27:
  //   aggregator 9/27 × 1,000,008 = 333,336 exactly      (rem 0)
  //   A          6/27 × 1,000,008 = 222,224 exactly      (rem 0)
  //   B each     2/27 × 1,000,008 = 74,074 + 18/27       (rem 18/27)
  //   C each     3/27 × 1,000,008 = 111,112 exactly      (rem 0)
  // Floors: 333,336 + 222,224 + 3 × 74,074 + 2 × 111,112 = 1,000,006: two
  // yen left for three B lines with equal remainders. Ties go in ascending
  // institution code: U-KYOTO and U-OSAKA get 74,075, U-TOHOKU 74,074
  // (although U-TOHOKU is listed first in the input).
  const Distribution d = distribute(issue_input(1'000'008));
  EXPECT_EQ(d.aggregator_amount_minor, 333'336);
  const auto a = amounts(d);
  EXPECT_EQ(a.at({kPatentA, "U-TOKYO"}), 222'224);
  EXPECT_EQ(a.at({kPatentB, "U-KYOTO"}), 74'075);
  EXPECT_EQ(a.at({kPatentB, "U-OSAKA"}), 74'075);
  EXPECT_EQ(a.at({kPatentB, "U-TOHOKU"}), 74'074);
  EXPECT_EQ(a.at({kPatentC, "U-HOKKAIDO"}), 111'112);
  EXPECT_EQ(a.at({kPatentC, "U-NAGOYA"}), 111'112);
  EXPECT_TRUE(total(d) == 1'000'008);
}

TEST(DistributionTest, AggregatorWinsATieAgainstAnOwner) {
  // Aggregator 1/2 and one owner with 1/2; 1 yen: both remainders are 1/2.
  // Line kind orders first ("0-aggregator" before "1-owner"), even though
  // the owner's code "AAA-UNIV" sorts before "AGG-JST".
  DistributionInput in;
  in.payment_minor = 1;
  in.policy.aggregator_share = frac(1, 2);
  in.patents = {LicensedPatent{kPatentA, 1, {owner("AAA-UNIV", Fraction::one())}}};
  in.aggregator_institution = kAggregator;
  const Distribution d = distribute(in);
  EXPECT_EQ(d.aggregator_amount_minor, 1);
  ASSERT_EQ(d.owner_lines.size(), 1u);
  EXPECT_EQ(d.owner_lines[0].amount_minor, 0);
}

TEST(DistributionTest, CostRecoveryCappedAtHalfOldestFirst) {
  // Payment 1,000,000 with cost recovery capped at 5000 bps: at most
  // floor(1,000,000 × 5000 / 10000) = 500,000 recovers costs. Outstanding
  // (listed out of order): c-2024-01 300,000; c-2024-06 400,000;
  // c-2024-09 500,000 — 1,200,000 in all, so the cap binds:
  //   c-2024-01: 300,000 (all of it), c-2024-06: 200,000, c-2024-09: nothing.
  // The other 500,000 is split as in the issue's example:
  // 500,000 = 27 × 18,518 + 14, so line k/27 has remainder 14k mod 27:
  //   aggregator 9/27 → 166,666 + 18/27
  //   A          6/27 → 111,111 +  3/27
  //   B each     2/27 →  37,037 +  1/27
  //   C each     3/27 →  55,555 + 15/27
  // Floors: 166,666 + 111,111 + 3 × 37,037 + 2 × 55,555 = 499,998; two yen
  // left: the aggregator (18/27) → 166,667, then one of the tied C lines
  // (15/27), by institution code: U-HOKKAIDO → 55,556, U-NAGOYA stays 55,555.
  DistributionInput in = issue_input(1'000'000);
  in.policy.cost_recovery_max_bps = 5000;
  in.outstanding_costs = {
      OutstandingCost{ymd(2024, 6, 1), "c-2024-06", 400'000},
      OutstandingCost{ymd(2024, 9, 30), "c-2024-09", 500'000},
      OutstandingCost{ymd(2024, 1, 15), "c-2024-01", 300'000},
  };
  const Distribution d = distribute(in);
  ASSERT_EQ(d.cost_recovery.size(), 2u);
  EXPECT_EQ(d.cost_recovery[0].cost_id, "c-2024-01");
  EXPECT_EQ(d.cost_recovery[0].date, ymd(2024, 1, 15));
  EXPECT_EQ(d.cost_recovery[0].amount_minor, 300'000);
  EXPECT_EQ(d.cost_recovery[1].cost_id, "c-2024-06");
  EXPECT_EQ(d.cost_recovery[1].amount_minor, 200'000);
  EXPECT_EQ(d.cost_recovery_total_minor, 500'000);
  EXPECT_EQ(d.distributable_minor, 500'000);
  EXPECT_EQ(d.aggregator_amount_minor, 166'667);
  const auto a = amounts(d);
  EXPECT_EQ(a.at({kPatentA, "U-TOKYO"}), 111'111);
  EXPECT_EQ(a.at({kPatentB, "U-KYOTO"}), 37'037);
  EXPECT_EQ(a.at({kPatentB, "U-OSAKA"}), 37'037);
  EXPECT_EQ(a.at({kPatentB, "U-TOHOKU"}), 37'037);
  EXPECT_EQ(a.at({kPatentC, "U-HOKKAIDO"}), 55'556);
  EXPECT_EQ(a.at({kPatentC, "U-NAGOYA"}), 55'555);
  EXPECT_TRUE(total(d) == 1'000'000);
}

TEST(DistributionTest, CostRecoveryBelowTheCapAndItsRounding) {
  // Outstanding 120,000 (two costs of the same date, ordered by id) is less
  // than the 50% cap (500,000): all of it is recovered; 880,000 is split.
  DistributionInput in = issue_input(1'000'000);
  in.policy.cost_recovery_max_bps = 5000;
  in.outstanding_costs = {OutstandingCost{ymd(2025, 3, 1), "b", 70'000},
                          OutstandingCost{ymd(2025, 3, 1), "a", 50'000}};
  Distribution d = distribute(in);
  ASSERT_EQ(d.cost_recovery.size(), 2u);
  EXPECT_EQ(d.cost_recovery[0].cost_id, "a");
  EXPECT_EQ(d.cost_recovery[0].amount_minor, 50'000);
  EXPECT_EQ(d.cost_recovery[1].amount_minor, 70'000);
  EXPECT_EQ(d.distributable_minor, 880'000);
  EXPECT_TRUE(total(d) == 1'000'000);

  // The cap is floored: 3 yen at 50% recovers floor(1.5) = 1 yen.
  in.payment_minor = 3;
  d = distribute(in);
  EXPECT_EQ(d.cost_recovery_total_minor, 1);
  EXPECT_EQ(d.distributable_minor, 2);
  EXPECT_TRUE(total(d) == 3);

  // Cap 0: nothing recovered; default cap 10000: the whole payment can go
  // to costs, leaving nothing to split (every line 0).
  in.payment_minor = 100'000;
  in.policy.cost_recovery_max_bps = 0;
  EXPECT_EQ(distribute(in).cost_recovery_total_minor, 0);
  in.policy.cost_recovery_max_bps = 10000;
  d = distribute(in);
  EXPECT_EQ(d.cost_recovery_total_minor, 100'000);
  EXPECT_EQ(d.cost_recovery.size(), 2u);
  EXPECT_EQ(d.cost_recovery[1].amount_minor, 50'000);  // "b": 50,000 of 70,000
  EXPECT_EQ(d.aggregator_amount_minor, 0);
  for (const OwnerLine& l : d.owner_lines) EXPECT_EQ(l.amount_minor, 0);
}

TEST(DistributionTest, CompanyOwnersExcludedGoToTheOtherOwnersProRata) {
  // Payment 900,000, aggregator 1/3 → 300,000; the rest 600,000 over
  //   P1 (weight 2): U-TOKYO 1/2, U-KYOTO 1/4, C-0001 (company) 1/4
  //   P2 (weight 1): C-0002 (company) alone.
  // Include: P1 gets 2/3 × 600,000 = 400,000: U-TOKYO 200,000, U-KYOTO
  //   100,000, C-0001 100,000; P2 200,000 to C-0002.
  // Exclude: C-0001's quarter goes to U-TOKYO and U-KYOTO pro rata (1/2 : 1/4):
  //   U-TOKYO 1/2 ÷ 3/4 = 2/3 → 266,666.67, U-KYOTO 1/3 → 133,333.33; floors
  //   266,666 + 133,333 = 399,999, the yen left goes to the larger remainder
  //   (2/3, U-TOKYO) → 266,667. P2's owners are all companies: excluding them
  //   would leave its part with no one, so C-0002 keeps it: 200,000.
  DistributionInput in;
  in.payment_minor = 900'000;
  in.aggregator_institution = kAggregator;
  in.patents = {
      LicensedPatent{"JP2015000004", 2,
                     {owner("U-TOKYO", frac(1, 2)), owner("C-0001", frac(1, 4), true),
                      owner("U-KYOTO", frac(1, 4))}},
      LicensedPatent{"JP2016000005", 1, {owner("C-0002", Fraction::one(), true)}},
  };
  Distribution d = distribute(in);
  auto a = amounts(d);
  EXPECT_EQ(d.aggregator_amount_minor, 300'000);
  EXPECT_EQ(a.at({"JP2015000004", "U-TOKYO"}), 200'000);
  EXPECT_EQ(a.at({"JP2015000004", "U-KYOTO"}), 100'000);
  EXPECT_EQ(a.at({"JP2015000004", "C-0001"}), 100'000);
  EXPECT_EQ(a.at({"JP2016000005", "C-0002"}), 200'000);

  in.policy.company_owners = CompanyOwners::kExclude;
  d = distribute(in);
  a = amounts(d);
  EXPECT_EQ(d.aggregator_amount_minor, 300'000);
  EXPECT_EQ(a.size(), 3u);  // C-0001 has no line
  EXPECT_EQ(a.count({"JP2015000004", "C-0001"}), 0u);
  EXPECT_EQ(a.at({"JP2015000004", "U-TOKYO"}), 266'667);
  EXPECT_EQ(a.at({"JP2015000004", "U-KYOTO"}), 133'333);
  EXPECT_EQ(a.at({"JP2016000005", "C-0002"}), 200'000);
  EXPECT_TRUE(total(d) == 900'000);
  for (const OwnerLine& l : d.owner_lines) {
    // (2/3) × (2/3) × (2/3) = 8/27 and (2/3) × (2/3) × (1/3) = 4/27.
    if (l.institution == "U-TOKYO") { EXPECT_EQ(l.share, frac(8, 27)); }
    if (l.institution == "U-KYOTO") { EXPECT_EQ(l.share, frac(4, 27)); }
    if (l.institution == "C-0002") { EXPECT_EQ(l.share, frac(2, 9)); }
  }
}

TEST(DistributionTest, SameInstitutionOnTwoPatentsHasTwoLines) {
  // U-TOKYO owns A alone and half of B; aggregator 1/3; 600,000:
  //   aggregator 200,000; A 200,000 → U-TOKYO; B 200,000 → U-TOKYO 100,000
  //   and U-KYOTO 100,000. U-TOKYO has two lines: 200,000 and 100,000.
  DistributionInput in;
  in.payment_minor = 600'000;
  in.aggregator_institution = kAggregator;
  in.patents = {
      LicensedPatent{kPatentA, 1, {owner("U-TOKYO", Fraction::one())}},
      LicensedPatent{kPatentB, 1, {owner("U-TOKYO", frac(1, 2)), owner("U-KYOTO", frac(1, 2))}},
  };
  const Distribution d = distribute(in);
  ASSERT_EQ(d.owner_lines.size(), 3u);
  const auto a = amounts(d);
  EXPECT_EQ(a.at({kPatentA, "U-TOKYO"}), 200'000);
  EXPECT_EQ(a.at({kPatentB, "U-TOKYO"}), 100'000);
  EXPECT_EQ(a.at({kPatentB, "U-KYOTO"}), 100'000);
}

TEST(DistributionTest, AggregatorShareZeroOrOne) {
  DistributionInput in = issue_input(1'000'000);
  in.policy.aggregator_share = Fraction();
  Distribution d = distribute(in);
  // No aggregator: A gets 1/3 → 333,333.33…; floors 333,333 + 3 × 111,111
  // + 2 × 166,666 = 999,998 — two yen left for the remainders A 1/3,
  // B 1/9 each, C 2/3 each: the two C lines (2/3) → 166,667.
  EXPECT_EQ(d.aggregator_amount_minor, 0);
  auto a = amounts(d);
  EXPECT_EQ(a.at({kPatentA, "U-TOKYO"}), 333'333);
  EXPECT_EQ(a.at({kPatentB, "U-KYOTO"}), 111'111);
  EXPECT_EQ(a.at({kPatentC, "U-HOKKAIDO"}), 166'667);
  EXPECT_EQ(a.at({kPatentC, "U-NAGOYA"}), 166'667);
  EXPECT_TRUE(total(d) == 1'000'000);

  in.policy.aggregator_share = Fraction::one();
  d = distribute(in);
  EXPECT_EQ(d.aggregator_amount_minor, 1'000'000);
  EXPECT_TRUE(d.owner_lines.empty());
}

TEST(DistributionTest, RefusesBadInput) {
  const auto refused = [](DistributionInput in, const std::string& needle) {
    const std::string message = distribute_error(in);
    EXPECT_NE(message.find(needle), std::string::npos) << message;
  };
  DistributionInput in = issue_input(1000);
  in.payment_minor = -1;
  refused(in, "negative");
  in = issue_input(1000);
  in.policy.cost_recovery_max_bps = 10001;
  refused(in, "cost_recovery_max_bps 10001");
  in = issue_input(1000);
  in.policy.aggregator_share = frac(4, 3);
  refused(in, "aggregator share 4/3");
  in = issue_input(1000);
  in.policy.aggregator_share = frac(-1, 3);
  refused(in, "aggregator share -1/3");
  in = issue_input(1000);
  in.aggregator_institution = "";
  refused(in, "aggregator");
  in = issue_input(1000);
  in.patents.clear();
  refused(in, "no licensed patents");
  in = issue_input(1000);
  in.patents.push_back(in.patents[0]);
  refused(in, "patent 'JP2012000001' is listed twice");
  in = issue_input(1000);
  in.patents[1].weight = 0;
  refused(in, "patent 'JP2013000002': weight 0");
  in = issue_input(1000);
  in.patents[1].beneficiaries.pop_back();
  refused(in, "owners' shares sum to 2/3, not 1");
  in = issue_input(1000);
  in.patents[2].beneficiaries[1].share = Fraction();
  refused(in, "'U-HOKKAIDO' has share 0");
  in = issue_input(1000);
  in.patents[2].beneficiaries[1].institution = "U-NAGOYA";
  refused(in, "owner 'U-NAGOYA' is listed twice");
  in = issue_input(1000);
  in.patents[0].beneficiaries.clear();
  refused(in, "has no owners");
  in = issue_input(1000);
  in.patents[0].number = "JP\x1f" "1";
  refused(in, "control characters");
  in = issue_input(1000);
  in.outstanding_costs = {OutstandingCost{ymd(2025, 1, 1), "x", 0}};
  refused(in, "recoverable cost 'x' has amount 0");
  in = issue_input(1000);
  in.outstanding_costs = {OutstandingCost{ymd(2025, 1, 1), "x", 5},
                          OutstandingCost{ymd(2025, 2, 1), "x", 5}};
  refused(in, "recoverable cost 'x' is listed twice");
}

// ------------------------------------------------------ property (fixed seed)

DistributionInput random_input(std::mt19937_64& rng) {
  const auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  static const std::vector<Fraction> kAggregatorShares = {
      Fraction(), frac(1, 3), frac(1, 2), frac(1, 4), frac(2, 5), frac(3, 7), Fraction::one()};
  DistributionInput in;
  in.aggregator_institution = kAggregator;
  in.policy.aggregator_share =
      kAggregatorShares[static_cast<std::size_t>(pick(0, std::ssize(kAggregatorShares) - 1))];
  in.policy.cost_recovery_max_bps = pick(0, 3) == 0 ? 10000 : pick(0, 10000);
  in.policy.company_owners = pick(0, 1) ? CompanyOwners::kInclude : CompanyOwners::kExclude;
  switch (pick(0, 3)) {
    case 0: in.payment_minor = pick(0, 100); break;
    case 1: in.payment_minor = pick(0, 10'000'000); break;
    case 2: in.payment_minor = pick(0, 1'000'000'000'000); break;
    default: in.payment_minor = pick(0, 1'000'000'000'000'000'000); break;
  }
  const std::int64_t n_costs = pick(0, 5);
  for (std::int64_t i = 0; i < n_costs; ++i) {
    in.outstanding_costs.push_back(OutstandingCost{
        ymd(2024, static_cast<int>(pick(1, 3)), 1), "cost-" + std::to_string(i),
        pick(1, std::max<std::int64_t>(1, in.payment_minor / 2))});
  }
  const std::int64_t n_patents = pick(1, 12);
  const bool equal_weights = pick(0, 1) == 0;
  for (std::int64_t p = 0; p < n_patents; ++p) {
    LicensedPatent patent;
    patent.number = "JP20" + std::to_string(10 + p) + std::to_string(pick(100000, 999999));
    patent.weight = equal_weights ? 1 : pick(1, 5);
    // Owner shares w_i / Σw with small weights (realistic denominators).
    const std::int64_t n_owners = pick(1, 4);
    std::vector<std::int64_t> w;
    std::int64_t sum_w = 0;
    for (std::int64_t o = 0; o < n_owners; ++o) {
      w.push_back(pick(1, 6));
      sum_w += w.back();
    }
    for (std::int64_t o = 0; o < n_owners; ++o) {
      const bool company = pick(0, 3) == 0;
      patent.beneficiaries.push_back(
          owner((company ? "C-" : "U-") + std::to_string(pick(0, 9)) + "-" + std::to_string(o),
                frac(w[static_cast<std::size_t>(o)], sum_w), company));
    }
    in.patents.push_back(std::move(patent));
  }
  return in;
}

TEST(DistributionPropertyTest, ExactWithinOneYenAndOrderIndependent) {
  std::mt19937_64 rng(4242);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const DistributionInput in = random_input(rng);
    auto r = distribute_payment(in);
    ASSERT_TRUE(r.ok()) << iteration << ": " << r.error().message;
    const Distribution& d = *r;

    // Every yen of the payment is on exactly one line.
    ASSERT_TRUE(total(d) == in.payment_minor) << "iteration " << iteration;
    ASSERT_EQ(d.cost_recovery_total_minor + d.distributable_minor, in.payment_minor);

    // Cost recovery = min(outstanding, floor(payment × bps / 10000)), oldest
    // first: only the last cost recovered may be partial.
    int128 outstanding = 0;
    for (const OutstandingCost& c : in.outstanding_costs) outstanding += c.amount_minor;
    const int128 cap =
        static_cast<int128>(in.payment_minor) * in.policy.cost_recovery_max_bps / 10000;
    ASSERT_TRUE(d.cost_recovery_total_minor == std::min(cap, outstanding));
    for (std::size_t i = 0; i < d.cost_recovery.size(); ++i) {
      ASSERT_GT(d.cost_recovery[i].amount_minor, 0);
      if (i > 0) {
        ASSERT_TRUE(std::tie(d.cost_recovery[i - 1].date, d.cost_recovery[i - 1].cost_id) <
                    std::tie(d.cost_recovery[i].date, d.cost_recovery[i].cost_id));
      }
    }

    // Each line within one yen of its exact share; shares sum to 1.
    ASSERT_TRUE(within_one_unit(d.aggregator_amount_minor, d.distributable_minor,
                                d.aggregator_share));
    Fraction share_sum = d.aggregator_share;
    for (const OwnerLine& l : d.owner_lines) {
      ASSERT_GE(l.amount_minor, 0);
      ASSERT_TRUE(within_one_unit(l.amount_minor, d.distributable_minor, l.share))
          << "iteration " << iteration << " " << l.patent << " " << l.institution;
      share_sum = share_sum.add(l.share).value();
      if (in.policy.company_owners == CompanyOwners::kExclude && l.institution[0] == 'C') {
        // A company keeps a line only on a patent owned by companies alone.
        for (const LicensedPatent& p : in.patents) {
          if (p.number != l.patent) continue;
          for (const Beneficiary& b : p.beneficiaries) ASSERT_TRUE(b.is_company);
        }
      }
    }
    ASSERT_EQ(share_sum, Fraction::one()) << "iteration " << iteration;

    // Shuffling costs, patents and each patent's owners changes nothing.
    DistributionInput shuffled = in;
    std::shuffle(shuffled.outstanding_costs.begin(), shuffled.outstanding_costs.end(), rng);
    std::shuffle(shuffled.patents.begin(), shuffled.patents.end(), rng);
    for (LicensedPatent& p : shuffled.patents)
      std::shuffle(p.beneficiaries.begin(), p.beneficiaries.end(), rng);
    auto again = distribute_payment(shuffled);
    ASSERT_TRUE(again.ok());
    ASSERT_TRUE(same(d, *again)) << "iteration " << iteration;
  }
}

}  // namespace
}  // namespace chizai
