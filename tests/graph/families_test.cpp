#include "graph/families.h"

#include "core/date.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace chizai {
namespace {

// Builds a FamilyInput by number: register applications, then add claims.
class Portfolio {
 public:
  std::uint32_t add(const std::string& number) {
    const auto index = static_cast<std::uint32_t>(input_.numbers.size());
    input_.numbers.push_back(number);
    index_[number] = index;
    return index;
  }
  Portfolio& claim(const std::string& from, const std::string& to, bool active = true,
                   bool contdiv = false) {
    input_.claims.push_back(FamilyClaim{index_.at(from), to, active, contdiv});
    return *this;
  }
  Portfolio& inactive(const std::string& from, const std::string& to) {
    return claim(from, to, false, false);
  }
  Portfolio& contdiv(const std::string& from, const std::string& to, bool active = true) {
    return claim(from, to, active, true);
  }

  void compute() { result_ = compute_families(input_); }

  std::uint32_t at(const std::string& number) const { return index_.at(number); }
  // Family ids as numbers (the representative's canonical number).
  std::string simple(const std::string& number) const {
    return input_.numbers[result_.simple.at(at(number))];
  }
  std::string extended(const std::string& number) const {
    return input_.numbers[result_.extended.at(at(number))];
  }
  const FamilyInput& input() const { return input_; }
  const FamilyAssignment& result() const { return result_; }

 private:
  FamilyInput input_;
  std::map<std::string, std::uint32_t> index_;
  FamilyAssignment result_;
};

// prefix + decimal value. (Spelled out: GCC 12 gives a false -Wrestrict on
// `"literal" + std::to_string(v)` at -O2.)
std::string numbered(const char* prefix, std::size_t value) {
  std::string s(prefix);
  s += std::to_string(value);
  return s;
}

std::size_t distinct(const std::vector<std::uint32_t>& v) {
  return std::set<std::uint32_t>(v.begin(), v.end()).size();
}

TEST(Families, EmptyInput) {
  const FamilyAssignment r = compute_families(FamilyInput{});
  EXPECT_TRUE(r.simple.empty());
  EXPECT_TRUE(r.extended.empty());
}

TEST(Families, LoneApplicationIsItsOwnFamily) {
  Portfolio p;
  p.add("JP2012123456A");
  p.compute();
  ASSERT_EQ(p.result().simple.size(), 1U);
  ASSERT_EQ(p.result().extended.size(), 1U);
  EXPECT_EQ(p.result().simple[0], 0U);
  EXPECT_EQ(p.result().extended[0], 0U);
}

// The EPO example: P1 registered without claims; P2 and P3 unregistered.
TEST(Families, SchemeExample) {
  Portfolio p;
  for (const char* n : {"P1", "D1", "D2", "D4", "D5"}) p.add(n);
  p.claim("D1", "P1");
  p.claim("D2", "P1").claim("D2", "P2");
  p.claim("D4", "P2").claim("D4", "P3");
  p.claim("D5", "P3");
  p.compute();

  for (const char* n : {"P1", "D1", "D2", "D4", "D5"}) EXPECT_EQ(p.extended(n), "D1") << n;
  EXPECT_EQ(distinct(p.result().extended), 1U);

  EXPECT_EQ(p.simple("P1"), "D1");
  EXPECT_EQ(p.simple("D1"), "D1");
  EXPECT_EQ(p.simple("D2"), "D2");
  EXPECT_EQ(p.simple("D4"), "D4");
  EXPECT_EQ(p.simple("D5"), "D5");
  EXPECT_EQ(distinct(p.result().simple), 4U);
}

TEST(Families, SharedUnregisteredPriorityJoinsBothFamilies) {
  Portfolio p;
  p.add("US2014000002A");
  p.add("EP14000001A");
  p.add("CN201410000003A");
  p.claim("US2014000002A", "JP2013000001A");
  p.claim("EP14000001A", "JP2013000001A");
  p.compute();
  EXPECT_EQ(p.simple("US2014000002A"), "EP14000001A");
  EXPECT_EQ(p.simple("EP14000001A"), "EP14000001A");
  EXPECT_EQ(p.extended("US2014000002A"), "EP14000001A");
  // Unrelated application stays alone in both.
  EXPECT_EQ(p.simple("CN201410000003A"), "CN201410000003A");
  EXPECT_EQ(p.extended("CN201410000003A"), "CN201410000003A");
}

TEST(Families, InactiveClaimLinksExtendedButNotSimple) {
  Portfolio p;
  p.add("JP1");
  p.add("US2");
  p.add("EP3");
  p.claim("US2", "JP1");
  p.inactive("EP3", "JP1");  // lost priority
  p.compute();
  EXPECT_EQ(p.extended("EP3"), "EP3");
  EXPECT_EQ(p.extended("JP1"), "EP3");
  EXPECT_EQ(p.extended("US2"), "EP3");
  EXPECT_EQ(p.simple("JP1"), "JP1");
  EXPECT_EQ(p.simple("US2"), "JP1");
  // EP3 has no active priority: it is its own first filing.
  EXPECT_EQ(p.simple("EP3"), "EP3");
}

TEST(Families, InactiveClaimToUnregisteredStillLinksExtended) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.inactive("A", "X");
  p.inactive("B", "X");
  p.compute();
  EXPECT_EQ(p.extended("A"), "A");
  EXPECT_EQ(p.extended("B"), "A");
  EXPECT_EQ(p.simple("A"), "A");
  EXPECT_EQ(p.simple("B"), "B");
}

TEST(Families, InactivePriorityDropsOutOfTheSet) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.claim("A", "X").claim("A", "Y");
  p.claim("B", "X").inactive("B", "Y");
  p.compute();
  EXPECT_NE(p.simple("A"), p.simple("B"));
  EXPECT_EQ(p.extended("A"), p.extended("B"));
}

TEST(Families, SetNotSubsetNotOrder) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.add("C");
  p.claim("A", "X").claim("A", "Y");
  p.claim("B", "Y").claim("B", "X");  // same set, other order
  p.claim("C", "X");                  // subset
  p.compute();
  EXPECT_EQ(p.simple("A"), "A");
  EXPECT_EQ(p.simple("B"), "A");
  EXPECT_EQ(p.simple("C"), "C");
  EXPECT_EQ(distinct(p.result().extended), 1U);
}

TEST(Families, ContinuationStaysWithParentDespiteExtraPriority) {
  Portfolio p;
  p.add("JP1");
  p.add("US1");
  p.add("US1C");
  p.claim("US1", "JP1");
  p.contdiv("US1C", "US1");
  p.claim("US1C", "JP1");
  p.claim("US1C", "US0P");  // a new provisional: would change the set
  p.compute();
  EXPECT_EQ(p.simple("US1"), "JP1");
  EXPECT_EQ(p.simple("US1C"), "JP1");
  EXPECT_EQ(p.extended("US1C"), "JP1");
}

TEST(Families, ContinuationWithInactiveParentClaimAndParentsPriorities) {
  Portfolio p;
  p.add("JP1");
  p.add("JP2");
  p.add("US1");
  p.add("US1C");
  p.add("US9");
  p.claim("US1", "JP1").claim("US1", "JP2");
  // The benefit claim to US1 is inactive, but the continuation still carries
  // US1's active priorities: same set, same simple family.
  p.contdiv("US1C", "US1", /*active=*/false);
  p.claim("US1C", "JP2").claim("US1C", "JP1");
  // Inactive benefit claim and nothing else: a first filing of its own.
  p.contdiv("US9", "US1", /*active=*/false);
  p.compute();
  EXPECT_EQ(p.simple("US1"), "US1");
  EXPECT_EQ(p.simple("US1C"), "US1");
  EXPECT_EQ(p.simple("US9"), "US9");
  EXPECT_EQ(p.simple("JP1"), "JP1");
  EXPECT_NE(p.simple("JP1"), p.simple("JP2"));
  for (const char* n : {"JP1", "JP2", "US1", "US1C", "US9"}) EXPECT_EQ(p.extended(n), "JP1") << n;
}

TEST(Families, ContinuationOfFirstFilingJoinsItsFamily) {
  Portfolio p;
  p.add("US1");
  p.add("US1C");
  p.add("US2");
  p.contdiv("US1C", "US1");
  p.claim("US2", "US1");  // a Paris claim to US1: key {US1}, as US1's own
  p.compute();
  EXPECT_EQ(p.simple("US1"), "US1");
  EXPECT_EQ(p.simple("US1C"), "US1");
  EXPECT_EQ(p.simple("US2"), "US1");
}

TEST(Families, DivisionalChainFollowsRoot) {
  Portfolio p;
  p.add("EP1");
  p.add("EP1D1");
  p.add("EP1D2");
  p.add("EP1D3");
  p.add("EP7");
  p.claim("EP1", "JP1").claim("EP1", "US1P");
  // Divisional of a divisional of a divisional; each also claims something
  // else that must not matter.
  p.contdiv("EP1D3", "EP1D2").claim("EP1D3", "JP3");
  p.contdiv("EP1D2", "EP1D1");
  p.contdiv("EP1D1", "EP1").claim("EP1D1", "JP1");
  p.claim("EP7", "JP1").claim("EP7", "US1P");  // same set as EP1
  p.compute();
  for (const char* n : {"EP1", "EP1D1", "EP1D2", "EP1D3", "EP7"}) EXPECT_EQ(p.simple(n), "EP1") << n;
  EXPECT_EQ(distinct(p.result().simple), 1U);
  EXPECT_EQ(distinct(p.result().extended), 1U);
}

TEST(Families, DivisionalOfUnregisteredParent) {
  Portfolio p;
  p.add("EP2D");
  p.add("EP3D");
  p.add("EP4D");
  p.add("EP5");
  p.add("EP6");
  p.contdiv("EP2D", "EP2");                          // nothing else: key {EP2}
  p.contdiv("EP3D", "EP2").claim("EP3D", "JP1");     // key {JP1}
  p.contdiv("EP4D", "EP2").inactive("EP4D", "JP1");  // inactive ignored: key {EP2}
  p.claim("EP5", "EP2");                             // Paris claim: key {EP2}
  p.claim("EP6", "JP1");
  p.compute();
  EXPECT_EQ(p.simple("EP2D"), "EP2D");
  EXPECT_EQ(p.simple("EP4D"), "EP2D");
  EXPECT_EQ(p.simple("EP5"), "EP2D");
  EXPECT_EQ(p.simple("EP3D"), "EP3D");
  EXPECT_EQ(p.simple("EP6"), "EP3D");
  EXPECT_EQ(distinct(p.result().extended), 1U);
}

TEST(Families, ContinuationCycleFallsBackToNormalRule) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.add("C");
  p.add("T");
  p.add("Z");
  // A -> B -> C -> A (bad data), T hangs off the cycle at B.
  p.contdiv("A", "B").claim("A", "JP1");
  p.contdiv("B", "C");
  p.contdiv("C", "A").claim("C", "JP1");
  p.contdiv("T", "B").claim("T", "JP1");
  p.claim("Z", "JP1");
  p.compute();
  // Cycle members use their own active non-cont/div priorities.
  EXPECT_EQ(p.simple("A"), "A");
  EXPECT_EQ(p.simple("C"), "A");
  EXPECT_EQ(p.simple("Z"), "A");
  EXPECT_EQ(p.simple("B"), "B");  // no priorities: own first filing
  EXPECT_EQ(p.simple("T"), "B");  // follows its parent B
  EXPECT_EQ(distinct(p.result().extended), 1U);
}

TEST(Families, TwoCycleAndSelfContinuation) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.add("S");
  p.contdiv("A", "B");
  p.contdiv("B", "A");
  p.contdiv("S", "S");
  p.compute();
  EXPECT_EQ(p.simple("A"), "A");
  EXPECT_EQ(p.simple("B"), "B");
  EXPECT_EQ(p.simple("S"), "S");
  EXPECT_EQ(p.extended("A"), "A");
  EXPECT_EQ(p.extended("B"), "A");
  EXPECT_EQ(p.extended("S"), "S");
}

TEST(Families, LongContinuationChain) {
  // Deep chain: resolution must not recurse.
  Portfolio p;
  const int depth = 200000;
  for (int i = 0; i < depth; ++i) p.add(numbered("US", static_cast<std::size_t>(1000000 + i)));
  p.claim("US1000000", "JP1");
  for (int i = 1; i < depth; ++i) {
    p.contdiv(numbered("US", static_cast<std::size_t>(1000000 + i)),
              numbered("US", static_cast<std::size_t>(1000000 + i - 1)));
  }
  p.compute();
  EXPECT_EQ(distinct(p.result().simple), 1U);
  EXPECT_EQ(distinct(p.result().extended), 1U);
  EXPECT_EQ(p.simple("US1199999"), "US1000000");
}

TEST(Families, DuplicateClaimsCountOnce) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.add("C");
  p.claim("A", "X").claim("A", "X").claim("A", "Y");
  p.claim("B", "Y").claim("B", "X");
  p.claim("C", "X").inactive("C", "X").claim("C", "Y").claim("C", "Y");
  p.compute();
  EXPECT_EQ(p.simple("A"), "A");
  EXPECT_EQ(p.simple("B"), "A");
  EXPECT_EQ(p.simple("C"), "A");
}

TEST(Families, ClaimToSelf) {
  Portfolio p;
  p.add("A");
  p.add("B");
  p.add("C");
  p.add("D");
  p.claim("A", "A");                     // only itself: a first filing
  p.claim("B", "A");                     // key {A}
  p.claim("C", "C").claim("C", "X");     // self ignored: key {X}
  p.claim("D", "X");
  p.compute();
  EXPECT_EQ(p.simple("A"), "A");
  EXPECT_EQ(p.simple("B"), "A");
  EXPECT_EQ(p.simple("C"), "C");
  EXPECT_EQ(p.simple("D"), "C");
  EXPECT_EQ(p.extended("A"), "A");
  EXPECT_EQ(p.extended("B"), "A");
  EXPECT_EQ(p.extended("C"), "C");
  EXPECT_EQ(p.extended("D"), "C");
}

TEST(Families, RepresentativeIsSmallestRegisteredNumber) {
  Portfolio p;
  // Registration order differs from lexicographic order; an unregistered
  // number sorting first must not be picked.
  p.add("US2015000009A");
  p.add("JP2014000002A");
  p.add("EP15000003A");
  p.add("JP2014000001A");
  p.claim("US2015000009A", "AA0000");
  p.claim("JP2014000002A", "AA0000");
  p.claim("EP15000003A", "AA0000");
  p.contdiv("JP2014000001A", "EP15000003A", /*active=*/false);
  p.compute();
  const auto& r = p.result();
  EXPECT_EQ(r.simple[p.at("US2015000009A")], p.at("EP15000003A"));
  EXPECT_EQ(r.simple[p.at("JP2014000002A")], p.at("EP15000003A"));
  EXPECT_EQ(r.simple[p.at("EP15000003A")], p.at("EP15000003A"));
  EXPECT_EQ(r.simple[p.at("JP2014000001A")], p.at("JP2014000001A"));
  for (std::uint32_t i = 0; i < 4; ++i) EXPECT_EQ(r.extended[i], p.at("EP15000003A"));
  // A representative is a member of its own family.
  for (std::uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.simple[r.simple[i]], r.simple[i]);
    EXPECT_EQ(r.extended[r.extended[i]], r.extended[i]);
  }
}

TEST(Families, ClaimFromOutOfRangeThrows) {
  FamilyInput in;
  in.numbers = {"A"};
  in.claims.push_back(FamilyClaim{1, "B", true, false});
  EXPECT_THROW(compute_families(in), std::out_of_range);
}

// ---- Randomized comparison against straightforward reference code. ----

struct UnionFind {
  std::map<std::string, std::string> up;
  std::string find(const std::string& x) {
    if (!up.count(x)) up[x] = x;
    std::string r = x;
    while (up[r] != r) r = up[r];
    return r;
  }
  void unite(const std::string& a, const std::string& b) {
    const std::string ra = find(a), rb = find(b);
    if (ra != rb) up[ra] = rb;
  }
};

std::vector<std::uint32_t> reference_extended(const FamilyInput& in) {
  UnionFind uf;
  for (const auto& n : in.numbers) uf.find(n);
  for (const auto& c : in.claims) uf.unite(in.numbers[c.from], c.to);
  std::vector<std::uint32_t> out(in.numbers.size());
  for (std::size_t i = 0; i < in.numbers.size(); ++i) {
    std::optional<std::uint32_t> best;
    for (std::size_t j = 0; j < in.numbers.size(); ++j) {
      if (uf.find(in.numbers[j]) != uf.find(in.numbers[i])) continue;
      if (!best || in.numbers[j] < in.numbers[*best]) best = static_cast<std::uint32_t>(j);
    }
    out[i] = *best;
  }
  return out;
}

// Brute force over the rules as stated, with sets of strings.
std::vector<std::uint32_t> reference_simple(const FamilyInput& in) {
  const std::size_t n = in.numbers.size();
  std::map<std::string, std::size_t> reg;
  for (std::size_t i = 0; i < n; ++i) reg.emplace(in.numbers[i], i);
  std::vector<std::optional<std::size_t>> parent(n);
  std::vector<std::set<std::string>> prio(n), unreg_parents(n);
  for (const auto& c : in.claims) {
    const std::string& self = in.numbers[c.from];
    if (!c.active || c.to == self) continue;
    if (!c.continuation_or_divisional) {
      prio[c.from].insert(c.to);
    } else if (reg.count(c.to)) {
      const auto& cur = parent[c.from];
      if (!cur || c.to < in.numbers[*cur]) parent[c.from] = reg.at(c.to);
    } else {
      unreg_parents[c.from].insert(c.to);
    }
  }
  const auto on_cycle = [&](std::size_t x) {
    std::optional<std::size_t> y = parent[x];
    for (std::size_t steps = 0; y && steps <= n; ++steps) {
      if (*y == x) return true;
      y = parent[*y];
    }
    return false;
  };
  std::vector<std::set<std::string>> key(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t y = i;
    while (parent[y] && !on_cycle(y)) y = *parent[y];
    if (!prio[y].empty()) {
      key[i] = prio[y];
    } else if (!unreg_parents[y].empty()) {
      key[i] = unreg_parents[y];
    } else {
      key[i] = {in.numbers[y]};
    }
  }
  std::vector<std::uint32_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::optional<std::uint32_t> best;
    for (std::size_t j = 0; j < n; ++j) {
      if (key[j] != key[i]) continue;
      if (!best || in.numbers[j] < in.numbers[*best]) best = static_cast<std::uint32_t>(j);
    }
    out[i] = *best;
  }
  return out;
}

FamilyInput random_input(std::mt19937& rng, std::size_t registered, std::size_t pool,
                         std::size_t claims) {
  std::vector<std::string> names(pool);
  for (std::size_t i = 0; i < pool; ++i) names[i] = numbered("N", 1000 + (i * 7919) % 9000);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::shuffle(names.begin(), names.end(), rng);
  FamilyInput in;
  in.numbers.assign(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(registered, names.size())));
  std::uniform_int_distribution<std::size_t> pick_from(0, in.numbers.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_to(0, names.size() - 1);
  std::bernoulli_distribution active(0.8), contdiv(0.2);
  for (std::size_t k = 0; k < claims; ++k) {
    in.claims.push_back(FamilyClaim{static_cast<std::uint32_t>(pick_from(rng)),
                                    names[pick_to(rng)], active(rng), contdiv(rng)});
  }
  return in;
}

TEST(Families, RandomizedAgainstReferences) {
  std::mt19937 rng(20240611);
  std::size_t multi_member_simple = 0;
  std::size_t cont_links = 0;
  for (int round = 0; round < 400; ++round) {
    const std::size_t registered = 1 + rng() % 30;
    const std::size_t pool = registered + rng() % 15;
    const std::size_t claims = rng() % (2 * registered + 1);
    const FamilyInput in = random_input(rng, registered, pool, claims);
    const FamilyAssignment got = compute_families(in);
    ASSERT_EQ(got.extended, reference_extended(in)) << "round " << round;
    ASSERT_EQ(got.simple, reference_simple(in)) << "round " << round;
    multi_member_simple += in.numbers.size() - distinct(got.simple);
    for (const auto& c : in.claims) cont_links += c.active && c.continuation_or_divisional ? 1U : 0U;
  }
  // The generator does exercise shared simple families and cont/div claims.
  EXPECT_GT(multi_member_simple, 100U);
  EXPECT_GT(cont_links, 100U);
}

TEST(Families, SimpleFamiliesRefineExtendedFamilies) {
  // Without continuation claims to registered parents, every simple family
  // lies inside one extended family. Checked on a larger random input.
  std::mt19937 rng(7);
  FamilyInput in;
  const std::size_t n = 20000;
  for (std::size_t i = 0; i < n; ++i) in.numbers.push_back(numbered("R", i));
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::uniform_int_distribution<int> unreg(0, 4999);
  for (std::size_t k = 0; k < n; ++k) {
    in.claims.push_back(FamilyClaim{static_cast<std::uint32_t>(pick(rng)),
                                    numbered("U", static_cast<std::size_t>(unreg(rng))), rng() % 5 != 0, false});
  }
  const FamilyAssignment got = compute_families(in);
  std::map<std::uint32_t, std::uint32_t> ext_of_simple;
  for (std::size_t i = 0; i < n; ++i) {
    const auto [it, inserted] = ext_of_simple.emplace(got.simple[i], got.extended[i]);
    EXPECT_EQ(it->second, got.extended[i]) << i;
    EXPECT_EQ(got.simple[got.simple[i]], got.simple[i]);
  }
  EXPECT_LT(distinct(got.extended), distinct(got.simple));
}

}  // namespace
}  // namespace chizai

namespace chizai {
namespace {

// With filing dates, a family is named after its earliest-filed member, not
// its alphabetically first one.
TEST(FamiliesRepresentative, EarliestFilingNamesTheFamily) {
  FamilyInput in;
  in.numbers = {"CN201310000001A", "JP2012000001A", "US201313000001A"};
  in.filing_days = {Date::parse("2013-03-01").value().days_since_epoch(),
                    Date::parse("2012-03-01").value().days_since_epoch(),
                    Date::parse("2013-03-01").value().days_since_epoch()};
  in.claims = {{0, "JP2012000001A", true, false}, {2, "JP2012000001A", true, false}};
  const FamilyAssignment f = compute_families(in);
  for (std::uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(f.extended[i], 1u);
    EXPECT_EQ(f.simple[i], 1u);  // all three have the priority set {JP2012000001A}
  }
  // Ties on the date fall back to the smallest number.
  in.filing_days[1] = in.filing_days[0];
  EXPECT_EQ(compute_families(in).extended[2], 0u);
}

}  // namespace
}  // namespace chizai
