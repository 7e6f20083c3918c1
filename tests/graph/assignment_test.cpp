#include "graph/assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace chizai {
namespace {

using Pair = std::pair<std::uint32_t, std::uint32_t>;  // (company, package)

AssignmentProblem problem(std::uint32_t companies, std::uint32_t packages,
                          std::vector<CandidateEdge> edges, std::int64_t package_cap = 1,
                          std::int64_t company_cap = 1) {
  AssignmentProblem p;
  p.companies = companies;
  p.packages = packages;
  p.edges = std::move(edges);
  p.package_cap = package_cap;
  p.company_cap = company_cap;
  return p;
}

std::vector<Pair> pairs_of(const AssignmentResult& r) {
  std::vector<Pair> out;
  for (const CandidateEdge& e : r.pairs) out.emplace_back(e.company, e.package);
  return out;
}

// The result is a valid assignment: sorted unique pairs, each a candidate
// edge carrying its score, caps respected, total = sum of the pairs.
void expect_valid(const AssignmentProblem& p, const AssignmentResult& r) {
  std::map<Pair, std::int64_t> score;
  for (const CandidateEdge& e : p.edges) score[{e.company, e.package}] = e.score;
  std::map<std::uint32_t, std::int64_t> per_company, per_package;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < r.pairs.size(); ++i) {
    const CandidateEdge& e = r.pairs[i];
    if (i > 0) {
      const CandidateEdge& prev = r.pairs[i - 1];
      ASSERT_LT(std::make_pair(prev.company, prev.package), std::make_pair(e.company, e.package))
          << "pairs not sorted by (company, package) or repeated";
    }
    const auto it = score.find({e.company, e.package});
    ASSERT_NE(it, score.end()) << "company " << e.company << ", package " << e.package
                               << " is not a candidate edge";
    EXPECT_EQ(e.score, it->second);
    EXPECT_LE(++per_company[e.company], p.company_cap) << "company " << e.company;
    EXPECT_LE(++per_package[e.package], p.package_cap) << "package " << e.package;
    total += e.score;
  }
  EXPECT_EQ(r.total, total);
}

// Exhaustive search over every subset of edges that respects the caps.
std::int64_t brute_force(const AssignmentProblem& p) {
  std::vector<std::int64_t> per_company(p.companies, 0), per_package(p.packages, 0);
  std::int64_t best = 0;
  const std::function<void(std::size_t, std::int64_t)> go = [&](std::size_t k, std::int64_t sum) {
    if (k == p.edges.size()) {
      best = std::max(best, sum);
      return;
    }
    go(k + 1, sum);  // without edge k
    const CandidateEdge& e = p.edges[k];
    if (per_company[e.company] < p.company_cap && per_package[e.package] < p.package_cap) {
      ++per_company[e.company];
      ++per_package[e.package];
      go(k + 1, sum + e.score);
      --per_company[e.company];
      --per_package[e.package];
    }
  };
  go(0, 0);
  return best;
}

// A random candidate graph: each (company, package) is an edge with
// probability `density`, scores uniform in 1..max_score (small maxima make
// many ties).
AssignmentProblem random_problem(std::mt19937_64& rng, std::uint32_t companies,
                                 std::uint32_t packages, double density, std::int64_t max_score,
                                 std::int64_t package_cap, std::int64_t company_cap) {
  AssignmentProblem p = problem(companies, packages, {}, package_cap, company_cap);
  std::bernoulli_distribution take(density);
  std::uniform_int_distribution<std::int64_t> score(1, max_score);
  for (std::uint32_t c = 0; c < companies; ++c) {
    for (std::uint32_t q = 0; q < packages; ++q) {
      if (take(rng)) p.edges.push_back(CandidateEdge{c, q, score(rng)});
    }
  }
  std::shuffle(p.edges.begin(), p.edges.end(), rng);
  return p;
}

TEST(AssignOffers, GreedyChoiceIsSuboptimal) {
  // A-X 10 is the best single edge, but taking it leaves B nothing.
  const std::uint32_t A = 0, B = 1, X = 0, Y = 1;
  const AssignmentProblem p = problem(2, 2, {{A, X, 10}, {A, Y, 9}, {B, X, 9}});
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 18);
  EXPECT_EQ(pairs_of(r), (std::vector<Pair>{{A, Y}, {B, X}}));
}

TEST(AssignOffers, MaximisesScoreNotNumberOfPairs) {
  // Two pairs (A-Y 1 + B-X 2 = 3) lose to the single pair A-X 10.
  const AssignmentProblem p = problem(2, 2, {{0, 0, 10}, {0, 1, 1}, {1, 0, 2}});
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 10);
  EXPECT_EQ(pairs_of(r), (std::vector<Pair>{{0, 0}}));
}

TEST(AssignOffers, LongAlternatingPath) {
  // Companies 0 and 1 first look best on packages 0 and 1 (10 each); company
  // 2 can only use package 0. The optimum moves everybody one step along:
  // C2-P0 10 + C0-P1 9 + C1-P2 9 = 28, against 20 for the greedy answer.
  const AssignmentProblem p =
      problem(3, 3, {{0, 0, 10}, {0, 1, 9}, {1, 1, 10}, {1, 2, 9}, {2, 0, 10}});
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 28);
  EXPECT_EQ(pairs_of(r), (std::vector<Pair>{{0, 1}, {1, 2}, {2, 0}}));
  EXPECT_EQ(brute_force(p), 28);
}

TEST(AssignOffers, PackageCapAboveOne) {
  // Package 0 may go to two companies; company 2 then falls back to package 1.
  const AssignmentProblem p =
      problem(3, 2, {{0, 0, 5}, {1, 0, 4}, {2, 0, 3}, {2, 1, 1}}, /*package_cap=*/2);
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 10);
  EXPECT_EQ(pairs_of(r), (std::vector<Pair>{{0, 0}, {1, 0}, {2, 1}}));
}

TEST(AssignOffers, CompanyCapAboveOne) {
  const AssignmentProblem p =
      problem(2, 3, {{0, 0, 5}, {0, 1, 4}, {0, 2, 3}, {1, 0, 1}}, /*package_cap=*/1,
              /*company_cap=*/2);
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  // Company 0 takes its two best; company 1's only package is taken.
  EXPECT_EQ(r.total, 9);
  EXPECT_EQ(pairs_of(r), (std::vector<Pair>{{0, 0}, {0, 1}}));
}

TEST(AssignOffers, BothCapsAboveOneUseEachPairOnce) {
  // Two companies, two packages, caps 2: all four pairs, each exactly once,
  // even though a pair "used twice" would score more.
  const AssignmentProblem p =
      problem(2, 2, {{0, 0, 100}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}}, 2, 2);
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 103);
  EXPECT_EQ(r.pairs.size(), 4u);
}

TEST(AssignOffers, CapsLargerThanDegrees) {
  const AssignmentProblem p = problem(2, 2, {{0, 0, 3}, {0, 1, 2}, {1, 0, 7}}, 1000, 1000);
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 12);
}

TEST(AssignOffers, Empty) {
  EXPECT_EQ(assign_offers(AssignmentProblem{}).total, 0);
  EXPECT_TRUE(assign_offers(AssignmentProblem{}).pairs.empty());
  const AssignmentResult no_edges = assign_offers(problem(5, 3, {}));
  EXPECT_EQ(no_edges.total, 0);
  EXPECT_TRUE(no_edges.pairs.empty());
}

TEST(AssignOffers, ZeroCapsGiveNothing) {
  const std::vector<CandidateEdge> edges{{0, 0, 5}, {1, 1, 4}};
  EXPECT_TRUE(assign_offers(problem(2, 2, edges, 0, 1)).pairs.empty());
  EXPECT_TRUE(assign_offers(problem(2, 2, edges, 1, 0)).pairs.empty());
  EXPECT_EQ(assign_offers(problem(2, 2, edges, 0, 0)).total, 0);
}

TEST(AssignOffers, CompaniesAndPackagesWithoutEdges) {
  // Company 1 and package 2 have no candidate edges.
  const AssignmentProblem p = problem(3, 3, {{0, 0, 4}, {2, 0, 5}, {2, 1, 3}, {0, 1, 1}});
  const AssignmentResult r = assign_offers(p);
  expect_valid(p, r);
  EXPECT_EQ(r.total, 7);
  EXPECT_EQ(pairs_of(r), (std::vector<Pair>{{0, 0}, {2, 1}}));
}

TEST(AssignOffers, RejectsBadInput) {
  EXPECT_THROW(assign_offers(problem(1, 1, {{1, 0, 5}})), std::invalid_argument);
  EXPECT_THROW(assign_offers(problem(1, 1, {{0, 1, 5}})), std::invalid_argument);
  EXPECT_THROW(assign_offers(problem(1, 1, {{0, 0, 0}})), std::invalid_argument);
  EXPECT_THROW(assign_offers(problem(1, 1, {{0, 0, -3}})), std::invalid_argument);
  EXPECT_THROW(assign_offers(problem(1, 1, {{0, 0, 5}, {0, 0, 6}})), std::invalid_argument);
  EXPECT_THROW(assign_offers(problem(1, 1, {{0, 0, 5}}, -1, 1)), std::invalid_argument);
  EXPECT_THROW(assign_offers(problem(1, 1, {{0, 0, 5}}, 1, -1)), std::invalid_argument);
  const std::int64_t big = std::int64_t{1} << 59;
  EXPECT_THROW(assign_offers(problem(2, 1, {{0, 0, big}, {1, 0, big}})), std::invalid_argument);
  // Just below the limit is fine.
  const AssignmentProblem ok = problem(2, 1, {{0, 0, big}, {1, 0, big - 1}});
  EXPECT_EQ(assign_offers(ok).total, big);
}

TEST(AssignOffers, LargeScoresStayExact) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    AssignmentProblem p = random_problem(rng, 5, 5, 0.5, 1, 1, 2);
    std::uniform_int_distribution<std::int64_t> score(std::int64_t{1} << 50, std::int64_t{1} << 53);
    for (CandidateEdge& e : p.edges) e.score = score(rng);
    const AssignmentResult r = assign_offers(p);
    expect_valid(p, r);
    EXPECT_EQ(r.total, brute_force(p)) << "round " << round;
  }
}

TEST(AssignOffers, ResultDoesNotDependOnEdgeOrder) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 20; ++round) {
    // Scores 1..3: many ties, so several optimal answers exist.
    AssignmentProblem p = random_problem(rng, 12, 9, 0.4, 3, 1 + round % 3, 1 + round % 2);
    const AssignmentResult first = assign_offers(p);
    for (int shuffle = 0; shuffle < 5; ++shuffle) {
      std::shuffle(p.edges.begin(), p.edges.end(), rng);
      const AssignmentResult again = assign_offers(p);
      EXPECT_EQ(pairs_of(again), pairs_of(first)) << "round " << round;
      EXPECT_EQ(again.total, first.total);
    }
  }
}

// Tiny random instances (up to 6 companies and 6 packages) against an
// exhaustive search, for several caps.
TEST(AssignOffers, MatchesBruteForceOnTinyInstances) {
  const std::vector<std::pair<std::int64_t, std::int64_t>> caps{{1, 1}, {2, 1}, {1, 2},
                                                                {2, 2}, {3, 2}, {2, 3}};
  std::mt19937_64 rng(2024);
  std::uniform_int_distribution<std::uint32_t> side(1, 6);
  int checked = 0;
  for (int round = 0; round < 1500; ++round) {
    const auto [package_cap, company_cap] = caps[static_cast<std::size_t>(round) % caps.size()];
    const std::uint32_t companies = side(rng), packages = side(rng);
    // Keep the search small: at most 18 edges.
    const double density = std::min(0.9, 18.0 / (companies * packages));
    const std::int64_t max_score = round % 2 == 0 ? 4 : 1000;
    const AssignmentProblem p =
        random_problem(rng, companies, packages, density, max_score, package_cap, company_cap);
    const AssignmentResult r = assign_offers(p);
    expect_valid(p, r);
    ASSERT_EQ(r.total, brute_force(p))
        << "round " << round << ": " << companies << " companies, " << packages
        << " packages, caps " << package_cap << "/" << company_cap;
    ++checked;
  }
  EXPECT_EQ(checked, 1500);
}

// The Boost.Graph reference solver against the same exhaustive search.
TEST(AssignOffersBoostSsp, MatchesBruteForceOnTinyInstances) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<std::uint32_t> side(1, 6);
  std::uniform_int_distribution<std::int64_t> cap(1, 3);
  for (int round = 0; round < 300; ++round) {
    const std::uint32_t companies = side(rng), packages = side(rng);
    const double density = std::min(0.9, 16.0 / (companies * packages));
    const AssignmentProblem p =
        random_problem(rng, companies, packages, density, 20, cap(rng), cap(rng));
    const AssignmentResult r = assign_offers_boost_ssp(p);
    expect_valid(p, r);
    ASSERT_EQ(r.total, brute_force(p)) << "round " << round;
  }
  EXPECT_EQ(assign_offers_boost_ssp(problem(3, 3, {})).total, 0);
  EXPECT_THROW(assign_offers_boost_ssp(problem(1, 1, {{0, 0, 0}})), std::invalid_argument);
}

// Medium instances with caps above one, where neither brute force nor
// networkx applies: against Boost's successive_shortest_path_nonnegative_weights.
TEST(AssignOffers, MatchesBoostSuccessiveShortestPathWithCaps) {
  std::mt19937_64 rng(31337);
  std::uniform_int_distribution<std::uint32_t> side(5, 60);
  std::uniform_int_distribution<std::int64_t> cap(1, 4);
  for (int round = 0; round < 150; ++round) {
    const std::uint32_t companies = side(rng), packages = side(rng);
    const double density = round % 3 == 0 ? 0.5 : 0.1;
    const std::int64_t max_score = round % 2 == 0 ? 5 : 1000;
    const AssignmentProblem p =
        random_problem(rng, companies, packages, density, max_score, cap(rng), cap(rng));
    const AssignmentResult r = assign_offers(p);
    expect_valid(p, r);
    const AssignmentResult reference = assign_offers_boost_ssp(p);
    expect_valid(p, reference);
    ASSERT_EQ(r.total, reference.total)
        << "round " << round << ": " << companies << " companies, " << packages
        << " packages, caps " << p.package_cap << "/" << p.company_cap;
  }
}

// The bench's shape (top-K packages per company) at a size the reference
// still solves in well under a second.
TEST(AssignOffers, MatchesBoostSuccessiveShortestPathOnTopKGraph) {
  std::mt19937_64 rng(5);
  for (const auto& [package_cap, company_cap] :
       std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}, {3, 1}, {1, 3}, {4, 2}}) {
    AssignmentProblem p = problem(400, 100, {}, package_cap, company_cap);
    std::uniform_int_distribution<std::uint32_t> package(0, 99);
    std::uniform_int_distribution<std::int64_t> score(1, 1000);
    for (std::uint32_t c = 0; c < p.companies; ++c) {
      std::vector<std::uint32_t> chosen;
      while (chosen.size() < 10) {
        const std::uint32_t q = package(rng);
        if (std::find(chosen.begin(), chosen.end(), q) != chosen.end()) continue;
        chosen.push_back(q);
        p.edges.push_back(CandidateEdge{c, q, score(rng)});
      }
    }
    const AssignmentResult r = assign_offers(p);
    expect_valid(p, r);
    EXPECT_EQ(r.total, assign_offers_boost_ssp(p).total)
        << "caps " << package_cap << "/" << company_cap;
  }
}

// Random graphs with both caps 1 against networkx.max_weight_matching, all
// in one run of tests/graph/assignment_networkx.py.
TEST(AssignOffers, MatchesNetworkxMaxWeightMatching) {
  const std::string script = std::string(CHIZAI_SOURCE_DIR) + "/tests/graph/assignment_networkx.py";
  std::mt19937_64 rng(8128);
  std::uniform_int_distribution<std::uint32_t> side(2, 60);
  std::vector<AssignmentProblem> graphs;
  for (int g = 0; g < 20; ++g) {
    const std::uint32_t companies = g < 2 ? 60 : side(rng);
    const std::uint32_t packages = g < 2 ? 60 : side(rng);
    const double density = g % 4 == 0 ? 0.5 : 0.08;
    const std::int64_t max_score = g % 3 == 0 ? 3 : 1000;
    AssignmentProblem p;
    do {  // the CSV names a graph only through its edges
      p = random_problem(rng, companies, packages, density, max_score, 1, 1);
    } while (p.edges.empty());
    graphs.push_back(std::move(p));
  }

  std::ostringstream csv;
  csv << "graph,company,package,score\n";
  for (std::size_t g = 0; g < graphs.size(); ++g) {
    for (const CandidateEdge& e : graphs[g].edges) {
      csv << g << ',' << e.company << ',' << e.package << ',' << e.score << '\n';
    }
  }
  char path[] = "/tmp/assignment_test_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << csv.str();
  const std::string command = "/usr/bin/python3 '" + script + "' '" + path + "' 2>&1";
  std::string output;
  int status = -1;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    status = pclose(pipe);
  }
  std::remove(path);
  ASSERT_EQ(status, 0) << command << "\n" << output;

  // One line per graph: "graph G total T pairs P seconds S".
  std::map<std::size_t, std::int64_t> networkx_total;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::string graph_word, total_word;
    std::size_t g = 0;
    std::int64_t total = 0;
    ASSERT_TRUE(in >> graph_word >> g >> total_word >> total) << line;
    ASSERT_EQ(graph_word, "graph");
    ASSERT_EQ(total_word, "total");
    networkx_total[g] = total;
  }
  ASSERT_EQ(networkx_total.size(), graphs.size()) << output;
  for (std::size_t g = 0; g < graphs.size(); ++g) {
    const AssignmentResult r = assign_offers(graphs[g]);
    expect_valid(graphs[g], r);
    EXPECT_EQ(r.total, networkx_total[g])
        << "graph " << g << ": " << graphs[g].companies << " companies, " << graphs[g].packages
        << " packages, " << graphs[g].edges.size() << " edges";
  }
}

}  // namespace
}  // namespace chizai
