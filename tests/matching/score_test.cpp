#include "matching/score.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace chizai::matching {
namespace {

PackageDoc package(std::string code, std::vector<std::string> member_codes, std::string titles,
                   std::vector<std::string> regions = {}) {
  PackageDoc p;
  p.code = std::move(code);
  p.member_codes = std::move(member_codes);
  p.titles = std::move(titles);
  p.covered_regions = std::move(regions);
  return p;
}

Company company(std::string code, std::vector<Interest> interests, std::string keywords = {},
                std::string country = "JP", std::string region = {}) {
  Company c;
  c.code = std::move(code);
  c.country = std::move(country);
  c.region = std::move(region);
  c.size = "large";
  c.industry = "manufacturing";
  c.interests = std::move(interests);
  c.keywords = std::move(keywords);
  return c;
}

Matcher build(std::vector<PackageDoc> packages, Weights weights = {}) {
  auto m = Matcher::build(std::move(packages), weights);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return std::move(m).value();
}

Match score(const Matcher& m, const Company& c, const std::string& package,
            const Signals& s = {}) {
  auto r = m.score(c, package, s);
  EXPECT_TRUE(r.ok()) << package;
  return std::move(r).value();
}

std::vector<std::string> codes_of(const std::vector<Match>& matches, bool packages = true) {
  std::vector<std::string> out;
  for (const Match& m : matches) out.push_back(packages ? m.package : m.company);
  return out;
}

// A small portfolio for the hand cases.
std::vector<PackageDoc> portfolio() {
  return {
      package("PKG-BATT", {"H01M 10/052", "H01M 10/0525", "H01M 4/13"},
              "Lithium-ion secondary battery electrode; Solid electrolyte for lithium battery; "
              "リチウムイオン電池用正極材料; 全固体電池"),
      package("PKG-PHARM", {"A61K 39/395", "A61P 35/00"},
              "Antibody drug for cancer therapy; 抗体医薬の製造方法"),
      package("PKG-SEMI", {"H01L 21/02", "H01L 29/78"},
              "Silicon carbide power transistor; 炭化ケイ素パワー半導体"),
      package("PKG-AGRI", {"A01B 1/00", "A01G 7/00"}, "Soil cultivation robot; 農業用ロボット"),
  };
}

TEST(ScoreTest, DefaultWeights) {
  const Weights w;
  EXPECT_EQ(w.classification, 0.45);
  EXPECT_EQ(w.text, 0.35);
  EXPECT_EQ(w.signals, 0.15);
  EXPECT_EQ(w.region, 0.05);
  EXPECT_EQ(w.depth.at(ClassLevel::section), 0.2);
  EXPECT_EQ(w.depth.at(ClassLevel::class_), 0.4);
  EXPECT_EQ(w.depth.at(ClassLevel::subclass), 0.7);
  EXPECT_EQ(w.depth.at(ClassLevel::main_group), 0.9);
  EXPECT_EQ(w.depth.at(ClassLevel::subgroup), 1.0);
  EXPECT_EQ(w.signal_points.attended, 0.5);
  EXPECT_EQ(w.signal_points.interest, 0.8);
  EXPECT_EQ(w.signal_points.licensed_subclass, 0.4);
  EXPECT_EQ(w.signal_points.cap, 1.0);
  EXPECT_TRUE(validate(w).ok());
}

TEST(ScoreTest, InterestInH01MRanksBatteryAbovePharma) {
  const Matcher m = build(portfolio());
  const Company c = company("C-BATT", {{"H01M", 1.0}});
  const Match batt = score(m, c, "PKG-BATT");
  const Match pharm = score(m, c, "PKG-PHARM");
  EXPECT_DOUBLE_EQ(batt.components.classification, 0.7);  // subclass depth
  EXPECT_EQ(pharm.components.classification, 0.0);
  EXPECT_GT(batt.score, pharm.score);

  const auto top = m.top_packages(c, 10, {});
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0].package, "PKG-BATT");
  // PKG-PHARM shares nothing with the company: no match at all.
  EXPECT_EQ(std::ranges::count(codes_of(top), "PKG-PHARM"), 0);
}

TEST(ScoreTest, JapaneseKeywordMatchesJapaneseTitle) {
  const Matcher m = build(portfolio());
  const Company c = company("C-JP", {}, "リチウムイオン電池");
  EXPECT_GT(score(m, c, "PKG-BATT").components.text, 0.0);
  EXPECT_EQ(score(m, c, "PKG-PHARM").components.text, 0.0);
  EXPECT_EQ(score(m, c, "PKG-SEMI").components.text, 0.0);
  EXPECT_EQ(codes_of(m.top_packages(c, 10, {})), std::vector<std::string>{"PKG-BATT"});
}

TEST(ScoreTest, EnglishKeywordsMatchEnglishTitles) {
  const Matcher m = build(portfolio());
  const Company c = company("C-EN", {}, "antibody therapy for cancer");
  EXPECT_GT(score(m, c, "PKG-PHARM").components.text, 0.3);
  EXPECT_EQ(score(m, c, "PKG-BATT").components.text, 0.0);
}

TEST(ScoreTest, DeeperCodeMatchesScoreHigher) {
  const Matcher m = build({
      package("P-SUBGROUP", {"H01M 10/052"}, ""),
      package("P-MAINGROUP", {"H01M 10/0525"}, ""),
      package("P-SUBCLASS", {"H01M 4/13"}, ""),
      package("P-CLASS", {"H01L 21/02"}, ""),
  });
  const Company c = company("C", {{"H01M 10/052", 1.0}});
  EXPECT_DOUBLE_EQ(score(m, c, "P-SUBGROUP").components.classification, 1.0);
  EXPECT_DOUBLE_EQ(score(m, c, "P-MAINGROUP").components.classification, 0.9);
  EXPECT_DOUBLE_EQ(score(m, c, "P-SUBCLASS").components.classification, 0.7);
  EXPECT_EQ(score(m, c, "P-CLASS").components.classification, 0.0);  // below the partial floor
  EXPECT_EQ(codes_of(m.top_packages(c, 10, {})),
            (std::vector<std::string>{"P-SUBGROUP", "P-MAINGROUP", "P-SUBCLASS"}));

  // The same package, interests at each level: deeper interests score higher.
  double previous = 0;
  for (const char* interest : {"H", "H01", "H01M", "H01M 10", "H01M 10/052"}) {
    const double v =
        score(m, company("C", {{interest, 1.0}}), "P-SUBGROUP").components.classification;
    EXPECT_GT(v, previous) << interest;
    previous = v;
  }

  // Partial matches off: only prefixes count.
  Weights strict;
  strict.partial_floor = ClassLevel::subgroup;
  const Matcher s = build({package("P-SUBCLASS", {"H01M 4/13"}, "")}, strict);
  EXPECT_EQ(score(s, c, "P-SUBCLASS").components.classification, 0.0);
  EXPECT_DOUBLE_EQ(score(s, company("C", {{"H01M", 1}}), "P-SUBCLASS").components.classification,
                   0.7);
}

TEST(ScoreTest, ClassificationIsNormalisedByInterestWeights) {
  const Matcher m = build(portfolio());
  const Company c = company("C", {{"H01M", 3.0}, {"A61K", 1.0}, {"not a code", 5.0}, {"G06F", 0}});
  // Invalid codes and non-positive weights are ignored: (3·0.7 + 1·0) / 4.
  EXPECT_DOUBLE_EQ(score(m, c, "PKG-BATT").components.classification, 3 * 0.7 / 4);
  EXPECT_DOUBLE_EQ(score(m, c, "PKG-PHARM").components.classification, 1 * 0.7 / 4);
  // Repeated interests merge (weights summed): same as one interest of weight 2.
  const Company twice = company("C", {{"H01M", 1.0}, {"h01m", 1.0}, {"A61K", 2.0}});
  EXPECT_DOUBLE_EQ(score(m, twice, "PKG-BATT").components.classification, 0.35);
  ASSERT_EQ(score(m, twice, "PKG-BATT").why.codes.size(), 1u);
}

TEST(ScoreTest, SignalsRaiseTheRank) {
  // Two packages alike in every way: the code breaks the tie, until a signal.
  const Matcher m = build({
      package("P-1", {"H01M 10/052"}, "Lithium battery"),
      package("P-2", {"H01M 10/052"}, "Lithium battery"),
  });
  const Company c = company("C", {{"H01M", 1.0}}, "lithium");
  EXPECT_EQ(codes_of(m.top_packages(c, 2, {})), (std::vector<std::string>{"P-1", "P-2"}));

  Signals s;
  s.attended.insert({"C", "P-2"});
  EXPECT_EQ(codes_of(m.top_packages(c, 2, s)), (std::vector<std::string>{"P-2", "P-1"}));
  EXPECT_DOUBLE_EQ(score(m, c, "P-2", s).components.signals, 0.5);
  EXPECT_TRUE(score(m, c, "P-2", s).why.attended);
  EXPECT_EQ(score(m, c, "P-1", s).components.signals, 0.0);

  s.interest.insert({"C", "P-2"});
  EXPECT_DOUBLE_EQ(score(m, c, "P-2", s).components.signals, 1.0);  // 0.5 + 0.8, capped
  s.attended.clear();
  EXPECT_DOUBLE_EQ(score(m, c, "P-2", s).components.signals, 0.8);
  EXPECT_TRUE(score(m, c, "P-2", s).why.interested);

  // A licence in the same subclass (given at any depth).
  Signals licence;
  licence.licensed_subclasses["C"] = {"H01M 4/13"};
  const Match lm = score(m, c, "P-1", licence);
  EXPECT_DOUBLE_EQ(lm.components.signals, 0.4);
  EXPECT_EQ(lm.why.licensed_subclass, "H01M");
  licence.licensed_subclasses["C"] = {"H01L"};
  EXPECT_EQ(score(m, c, "P-1", licence).components.signals, 0.0);
}

TEST(ScoreTest, RankingIsByIntegerScoreThenCode) {
  // Totals 0.5000004 and 0.5000001 both round to 500,000: the code decides.
  Weights w;
  w.classification = 0;
  w.text = 0;
  w.region = 0;
  w.signals = 1;
  w.signal_points.attended = 0.5000001;
  w.signal_points.interest = 0.5000004;
  std::vector<PackageDoc> packages;
  for (int i = 0; i < 30; ++i) packages.push_back(package("P-" + std::to_string(10 + i), {}, ""));
  const Matcher m = build(packages, w);
  Signals s;
  s.interest.insert({"C", "P-30"});
  s.attended.insert({"C", "P-20"});
  for (int i = 0; i < 30; i += 3) s.attended.insert({"C", "P-" + std::to_string(10 + i)});
  const auto top = m.top_packages(company("C", {}), 1, s);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].package, "P-10");
  EXPECT_EQ(top[0].score, 500'000);
  EXPECT_GT(score(m, company("C", {}), "P-30", s).total, top[0].total);
  EXPECT_EQ(codes_of(m.top_packages(company("C", {}), 4, s)),
            (std::vector<std::string>{"P-10", "P-13", "P-16", "P-19"}));

  // Thirty alike packages: the first k codes.
  std::vector<PackageDoc> alike;
  for (int i = 0; i < 30; ++i) {
    alike.push_back(package("Q-" + std::to_string(40 - i), {"H01M 10/052"}, "lithium battery"));
  }
  const Matcher a = build(alike);
  EXPECT_EQ(codes_of(a.top_packages(company("C", {{"H01M", 1}}, "battery"), 3, {})),
            (std::vector<std::string>{"Q-11", "Q-12", "Q-13"}));
}

TEST(ScoreTest, SignalsAloneMakeAMatch) {
  const Matcher m = build(portfolio());
  const Company c = company("C", {});
  Signals s;
  s.interest.insert({"C", "PKG-AGRI"});
  s.licensed_subclasses["C"] = {"H01L"};
  EXPECT_EQ(codes_of(m.top_packages(c, 10, s)), (std::vector<std::string>{"PKG-AGRI", "PKG-SEMI"}));
}

TEST(ScoreTest, RegionFit) {
  const Matcher m = build({
      package("P-COVERED", {"H01M 10/052"}, "", {"North America", "Europe"}),
      package("P-HOME", {"H01M 10/052"}, ""),
  });
  const Company domestic = company("C-JP", {{"H01M", 1}}, "", "jp");
  const Company american = company("C-US", {{"H01M", 1}}, "", "US", " North America ");
  const Company asian = company("C-SG", {{"H01M", 1}}, "", "SG", "Asia");

  EXPECT_EQ(score(m, domestic, "P-HOME").components.region, 1.0);
  EXPECT_EQ(score(m, domestic, "P-HOME").why.region, "domestic");
  EXPECT_EQ(score(m, american, "P-COVERED").components.region, 1.0);
  EXPECT_EQ(score(m, american, "P-COVERED").why.region, "North America");
  EXPECT_EQ(score(m, american, "P-HOME").components.region, 0.0);
  EXPECT_EQ(score(m, asian, "P-COVERED").components.region, 0.0);
  // The covered package ranks first for the American company only.
  EXPECT_EQ(m.top_packages(american, 1, {})[0].package, "P-COVERED");
  EXPECT_EQ(m.top_packages(asian, 1, {})[0].package, "P-COVERED");  // tie: code order
  EXPECT_GT(score(m, american, "P-COVERED").score, score(m, american, "P-HOME").score);

  // Region fit alone is no match.
  EXPECT_TRUE(m.top_packages(company("C-NONE", {}, "", "JP"), 10, {}).empty());
}

TEST(ScoreTest, TotalAndIntegerScore) {
  const Matcher m = build(portfolio());
  const Company c = company("C", {{"H01M 10/052", 2}, {"H01L", 1}}, "lithium battery 電池");
  Signals s;
  s.attended.insert({"C", "PKG-BATT"});
  const Match r = score(m, c, "PKG-BATT", s);
  const Components& k = r.components;
  EXPECT_DOUBLE_EQ(r.total, 0.45 * k.classification + 0.35 * k.text + 0.15 * k.signals +
                                0.05 * k.region);
  EXPECT_EQ(r.total, combine(k, Weights{}));
  EXPECT_EQ(r.score, std::llround(r.total * 1'000'000));
  EXPECT_EQ(integer_score(0.5), 500'000);
  EXPECT_EQ(integer_score(0.25), 250'000);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> any(-2.0, 2.0);
  for (int i = 0; i < 100'000; ++i) {
    const double t = i % 2 ? any(rng) : (static_cast<double>(i / 2 - 25'000) + 0.5) / 1e6;
    ASSERT_EQ(integer_score(t), std::llround(t * 1'000'000)) << t;
  }
  EXPECT_EQ(integer_score(1e12), std::llround(1e18));
  EXPECT_EQ(integer_score(0.0), 0);
  EXPECT_EQ(integer_score(1.0), 1'000'000);
  EXPECT_EQ(r.company, "C");
  EXPECT_EQ(r.package, "PKG-BATT");
}

TEST(ScoreTest, ExplanationListsCodesAndTerms) {
  const Matcher m = build(portfolio());
  const Company c = company("C", {{"H01M", 1}, {"H01M 10/052", 1}, {"A61K", 1}},
                            "lithium battery, リチウムイオン電池");
  const Match r = score(m, c, "PKG-BATT");
  ASSERT_EQ(r.why.codes.size(), 2u);
  EXPECT_EQ(r.why.codes[0].interest, "H01M 10/052");
  EXPECT_EQ(r.why.codes[0].code, "H01M 10/052");
  EXPECT_EQ(r.why.codes[0].level, ClassLevel::subgroup);
  EXPECT_DOUBLE_EQ(r.why.codes[0].contribution, 1.0 / 3);
  EXPECT_EQ(r.why.codes[1].interest, "H01M");
  EXPECT_EQ(r.why.codes[1].code, "H01M 10/052");  // the first of the member codes it matches
  EXPECT_EQ(r.why.codes[1].level, ClassLevel::subclass);
  double sum = 0;
  for (const CodeMatch& cm : r.why.codes) sum += cm.contribution;
  EXPECT_DOUBLE_EQ(sum, r.components.classification);

  ASSERT_EQ(r.why.terms.size(), 5u);  // at most five
  std::vector<std::string> terms;
  for (const TermMatch& t : r.why.terms) {
    terms.push_back(t.term);
    EXPECT_GT(t.contribution, 0);
  }
  for (std::size_t i = 1; i < r.why.terms.size(); ++i) {
    EXPECT_GE(r.why.terms[i - 1].contribution, r.why.terms[i].contribution);
  }
  EXPECT_NE(std::ranges::find(terms, "lithium"), terms.end()) << testing::PrintToString(terms);

  // The five shown are the largest: their sum is at most the cosine.
  double term_sum = 0;
  for (const TermMatch& t : r.why.terms) term_sum += t.contribution;
  EXPECT_LE(term_sum, r.components.text + 1e-12);
}

TEST(ScoreTest, TopCompaniesForAPackage) {
  const Matcher m = build(portfolio());
  const std::vector<Company> companies = {
      company("C-PHARMA", {{"A61K", 1}}, "antibody"),
      company("C-CELL", {{"H01M 10/052", 1}}, "リチウムイオン電池"),
      company("C-ELEC", {{"H01M", 1}, {"H01L", 1}}),
      company("C-NONE", {{"G06F", 1}}, "software"),
  };
  const auto top = m.top_companies("PKG-BATT", companies, 10, {});
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(codes_of(*top, false), (std::vector<std::string>{"C-CELL", "C-ELEC"}));
  EXPECT_EQ(m.top_companies("PKG-NOPE", companies, 10, {}).error().code, "unknown_package");

  auto index = m.index_companies(companies);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->size(), 4u);
  const auto again = m.top_companies("PKG-BATT", *index, 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(codes_of(*again, false), std::vector<std::string>{"C-CELL"});

  // Signals bring companies in and raise them.
  Signals s;
  s.interest.insert({"C-NONE", "PKG-BATT"});
  s.attended.insert({"C-ELEC", "PKG-BATT"});
  s.licensed_subclasses["C-PHARMA"] = {"H01M 10/052"};
  const auto with_signals = m.top_companies("PKG-BATT", companies, 10, s);
  ASSERT_TRUE(with_signals.ok());
  EXPECT_EQ(codes_of(*with_signals, false),
            (std::vector<std::string>{"C-CELL", "C-ELEC", "C-NONE", "C-PHARMA"}));
  EXPECT_TRUE((*with_signals)[1].why.attended);
  EXPECT_EQ((*with_signals)[3].why.licensed_subclass, "H01M");

  const Matcher other = build(portfolio());
  EXPECT_EQ(other.top_companies("PKG-BATT", *index, 1).error().code, "foreign_index");
}

TEST(ScoreTest, Errors) {
  auto dup = Matcher::build({package("P", {}, ""), package("P", {}, "")});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "duplicate_package");

  Weights bad;
  bad.text = -1;
  EXPECT_EQ(Matcher::build({}, bad).error().code, "bad_weights");
  Weights backwards;
  backwards.depth.subgroup = 0.5;  // below main group
  EXPECT_FALSE(validate(backwards).ok());
  Weights nan;
  nan.region = std::nan("");
  EXPECT_FALSE(validate(nan).ok());
  Weights cap;
  cap.signal_points.cap = 2;
  EXPECT_FALSE(validate(cap).ok());

  const Matcher m = build(portfolio());
  EXPECT_EQ(m.score(company("C", {}), "PKG-NOPE", {}).error().code, "unknown_package");
  EXPECT_FALSE(m.has_package("PKG-NOPE"));
  EXPECT_TRUE(m.has_package("PKG-BATT"));
  EXPECT_EQ(m.index_companies({company("C", {}), company("C", {})}).error().code,
            "duplicate_company");
  EXPECT_TRUE(m.top_packages(company("C", {{"H01M", 1}}), 0, {}).empty());

  const Matcher empty = build({});
  EXPECT_TRUE(empty.top_packages(company("C", {{"H01M", 1}}, "battery"), 5, {}).empty());
}

// ---------------------------------------------------------------------------
// Random corpora: the inverted-index queries equal brute-force scoring.

struct Corpus {
  std::vector<PackageDoc> packages;
  std::vector<Company> companies;
  Signals signals;
};

Corpus random_corpus(std::uint32_t seed, std::size_t n_packages, std::size_t n_companies) {
  std::mt19937 rng(seed);
  const auto pick = [&rng](const auto& list) -> const auto& {
    std::uniform_int_distribution<std::size_t> d(0, list.size() - 1);
    return list[d(rng)];
  };
  const auto chance = [&rng](double p) { return std::bernoulli_distribution(p)(rng); };
  const auto count = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  const std::vector<std::string> subclasses = {"H01M", "H01L", "H02J", "A61K", "A61P",
                                               "G06F", "G06N", "C07K", "B01J", "Y02E"};
  const std::vector<std::string> subgroups = {"00", "02", "052", "0525", "10", "13", "395"};
  const std::vector<std::string> words = {
      "lithium", "battery", "electrode", "antibody", "cancer", "neural", "network", "catalyst",
      "silicon", "carbide", "solar", "cell", "peptide", "robot", "sensor", "polymer",
      "リチウムイオン電池", "抗体医薬", "触媒", "半導体", "太陽電池", "ロボット", "センサー",
      "高分子", "全固体電池", "ニューラルネットワーク"};
  const std::vector<std::string> regions = {"North America", "Europe", "Asia", "China"};

  const auto random_code = [&]() {
    std::string code = pick(subclasses);
    code.append(" ").append(std::to_string(count(1, 4))).append("/").append(pick(subgroups));
    return code;
  };
  // An interest at a random level, in a random spelling.
  const auto random_interest = [&]() -> std::string {
    const std::string full = random_code();
    switch (count(0, 5)) {
      case 0: return full.substr(0, 1);
      case 1: return full.substr(0, 3);
      case 2: return full.substr(0, 4);
      case 3: return full.substr(0, full.find('/'));
      case 4: return full;
      default: return "h" + full.substr(1);
    }
  };
  const auto random_text = [&](int lo, int hi) {
    std::string text;
    for (int i = count(lo, hi); i > 0; --i) text.append(pick(words)).append(chance(0.5) ? " " : "の");
    return text;
  };

  Corpus corpus;
  for (std::size_t i = 0; i < n_packages; ++i) {
    PackageDoc p;
    p.code = "P" + std::to_string(100000 + (i * 7919) % 100000);  // codes out of input order
    for (int j = count(1, 5); j > 0; --j) p.member_codes.push_back(random_code());
    if (chance(0.05)) p.member_codes.push_back("H01M");
    p.titles = random_text(0, 8);
    for (const std::string& r : regions) {
      if (chance(0.2)) p.covered_regions.push_back(r);
    }
    corpus.packages.push_back(std::move(p));
  }
  for (std::size_t i = 0; i < n_companies; ++i) {
    Company c;
    c.code = "C" + std::to_string(1000 + (i * 613) % 1000);
    c.country = chance(0.6) ? "JP" : "US";
    c.region = pick(regions);
    for (int j = count(0, 4); j > 0; --j) {
      c.interests.push_back({random_interest(), static_cast<double>(count(1, 3))});
    }
    c.keywords = random_text(0, 4);
    for (int j = count(0, 3); j > 0; --j) {
      const std::string& p = pick(corpus.packages).code;
      (chance(0.5) ? corpus.signals.attended : corpus.signals.interest).insert({c.code, p});
    }
    if (chance(0.2)) corpus.signals.licensed_subclasses[c.code].insert(random_code());
    corpus.companies.push_back(std::move(c));
  }
  // Signals about unknown companies and packages are ignored.
  corpus.signals.attended.insert({"C-UNKNOWN", corpus.packages[0].code});
  corpus.signals.interest.insert({corpus.companies[0].code, "P-UNKNOWN"});
  return corpus;
}

bool is_match(const Match& m) {
  return m.components.classification > 0 || m.components.text > 0 || m.components.signals > 0;
}

bool better(const Match& a, const Match& b, bool by_package) {
  if (a.score != b.score) return a.score > b.score;
  return by_package ? a.package < b.package : a.company < b.company;
}

void expect_same(const std::vector<Match>& got, const std::vector<Match>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].company, want[i].company) << i;
    EXPECT_EQ(got[i].package, want[i].package) << i;
    EXPECT_EQ(got[i].score, want[i].score) << i;
    EXPECT_EQ(got[i].total, want[i].total) << i;  // bit-identical
  }
}

TEST(ScorePropertyTest, InvertedIndexEqualsBruteForce) {
  const Corpus corpus = random_corpus(20240601, 300, 50);
  const Matcher m = build(corpus.packages);
  auto index = m.index_companies(corpus.companies, corpus.signals);
  ASSERT_TRUE(index.ok());

  // All pairs, the brute-force way.
  std::vector<std::vector<Match>> by_company(corpus.companies.size());
  std::vector<std::vector<Match>> by_package(corpus.packages.size());
  std::size_t matches = 0;
  for (std::size_t ci = 0; ci < corpus.companies.size(); ++ci) {
    for (std::size_t pi = 0; pi < corpus.packages.size(); ++pi) {
      const Match r = score(m, corpus.companies[ci], corpus.packages[pi].code, corpus.signals);
      for (double v : {r.components.classification, r.components.text, r.components.signals,
                       r.components.region}) {
        ASSERT_GE(v, 0.0);
        ASSERT_LE(v, 1.0);
      }
      ASSERT_GE(r.total, 0.0);
      ASSERT_LE(r.total, 1.0 + 1e-12);
      ASSERT_LE(r.why.codes.size(), 5u);
      ASSERT_LE(r.why.terms.size(), 5u);
      if (!is_match(r)) continue;
      ++matches;
      by_company[ci].push_back(r);
      by_package[pi].push_back(r);
    }
  }
  // The corpus is dense enough to be a real test, sparse enough to exercise filtering.
  EXPECT_GT(matches, 2000u);
  EXPECT_LT(matches, 300u * 50u);

  for (std::size_t ci = 0; ci < corpus.companies.size(); ++ci) {
    auto& want = by_company[ci];
    std::ranges::sort(want, [](const Match& a, const Match& b) { return better(a, b, true); });
    for (std::size_t k : {1u, 10u, 1000u}) {
      std::vector<Match> top(want.begin(), want.begin() + static_cast<std::ptrdiff_t>(
                                                             std::min(k, want.size())));
      SCOPED_TRACE(corpus.companies[ci].code + " k=" + std::to_string(k));
      expect_same(m.top_packages(corpus.companies[ci], k, corpus.signals), top);
    }
  }
  for (std::size_t pi = 0; pi < corpus.packages.size(); ++pi) {
    auto& want = by_package[pi];
    std::ranges::sort(want, [](const Match& a, const Match& b) { return better(a, b, false); });
    for (std::size_t k : {1u, 10u, 1000u}) {
      std::vector<Match> top(want.begin(), want.begin() + static_cast<std::ptrdiff_t>(
                                                             std::min(k, want.size())));
      SCOPED_TRACE(corpus.packages[pi].code + " k=" + std::to_string(k));
      const auto got = m.top_companies(corpus.packages[pi].code, *index, k);
      ASSERT_TRUE(got.ok());
      expect_same(*got, top);
    }
  }
}

void expect_same_scores_only(const std::vector<Match>& scores, const std::vector<Match>& full) {
  expect_same(scores, full);
  for (std::size_t i = 0; i < scores.size() && i < full.size(); ++i) {
    EXPECT_EQ(scores[i].components.classification, full[i].components.classification);
    EXPECT_EQ(scores[i].components.text, full[i].components.text);
    EXPECT_EQ(scores[i].components.signals, full[i].components.signals);
    EXPECT_EQ(scores[i].components.region, full[i].components.region);
    EXPECT_EQ(scores[i].why.attended, full[i].why.attended);
    EXPECT_EQ(scores[i].why.interested, full[i].why.interested);
    EXPECT_EQ(scores[i].why.licensed_subclass, full[i].why.licensed_subclass);
    EXPECT_EQ(scores[i].why.region, full[i].why.region);
    EXPECT_TRUE(scores[i].why.codes.empty());
    EXPECT_TRUE(scores[i].why.terms.empty());
  }
}

TEST(ScorePropertyTest, ScoresOnlyDetailAgreesWithTheExplainedResults) {
  const Corpus corpus = random_corpus(31, 300, 50);
  const Matcher m = build(corpus.packages);
  std::size_t explained_codes = 0;
  for (const Company& c : corpus.companies) {
    const auto full = m.top_packages(c, 20, corpus.signals);
    for (const Match& r : full) explained_codes += r.why.codes.size();
    expect_same_scores_only(m.top_packages(c, 20, corpus.signals, Detail::scores), full);
  }
  EXPECT_GT(explained_codes, 0u);
  auto index = m.index_companies(corpus.companies, corpus.signals);
  ASSERT_TRUE(index.ok());
  for (const PackageDoc& p : corpus.packages) {
    const auto full = m.top_companies(p.code, *index, 20);
    const auto scores = m.top_companies(p.code, *index, 20, Detail::scores);
    ASSERT_TRUE(full.ok() && scores.ok());
    expect_same_scores_only(*scores, *full);
  }
}

TEST(ScorePropertyTest, Deterministic) {
  Corpus corpus = random_corpus(7, 200, 30);
  const Matcher a = build(corpus.packages);
  // The same packages in another order, the companies' interests reversed.
  std::mt19937 rng(99);
  std::shuffle(corpus.packages.begin(), corpus.packages.end(), rng);
  const Matcher b = build(corpus.packages);
  for (const Company& c : corpus.companies) {
    Company reversed = c;
    std::ranges::reverse(reversed.interests);
    const auto ra = a.top_packages(c, 10, corpus.signals);
    const auto rb = b.top_packages(reversed, 10, corpus.signals);
    expect_same(ra, rb);
    for (std::size_t i = 0; i < ra.size() && i < rb.size(); ++i) {
      ASSERT_EQ(ra[i].why.codes.size(), rb[i].why.codes.size());
      for (std::size_t j = 0; j < ra[i].why.codes.size(); ++j) {
        EXPECT_EQ(ra[i].why.codes[j].interest, rb[i].why.codes[j].interest);
        EXPECT_EQ(ra[i].why.codes[j].code, rb[i].why.codes[j].code);
      }
      ASSERT_EQ(ra[i].why.terms.size(), rb[i].why.terms.size());
      for (std::size_t j = 0; j < ra[i].why.terms.size(); ++j) {
        EXPECT_EQ(ra[i].why.terms[j].term, rb[i].why.terms[j].term);
      }
    }
    // Ranked best first, ties by code.
    for (std::size_t i = 1; i < ra.size(); ++i) EXPECT_TRUE(better(ra[i - 1], ra[i], true));
  }
}

// Issue 18 point 16: one scale, points 0-100 with one decimal.
TEST(PointsTest, ScoresArePointsWithOneDecimal) {
  EXPECT_EQ(points_text(std::int64_t{689005}), "68.9");
  EXPECT_EQ(points_text(std::int64_t{1000000}), "100.0");
  EXPECT_EQ(points_text(std::int64_t{0}), "0.0");
  EXPECT_EQ(points_text(std::int64_t{689500}), "69.0");  // halves away from zero
  EXPECT_EQ(points_text(std::int64_t{689499}), "68.9");
  EXPECT_EQ(points_text(0.6375), "63.8");
  EXPECT_EQ(points_tenths(std::int64_t{2065000}), 2065);  // a sum may exceed 100
  EXPECT_EQ(tenths_text(2065), "206.5");
  EXPECT_EQ(weight_text(0.45), "0.45");
}

}  // namespace
}  // namespace chizai::matching
