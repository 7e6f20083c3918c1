// Optimal offer assignment: which companies to offer which packages. The
// header speaks plain types only; Boost.Graph stays inside assignment.cpp.
//
// Given candidate (company, package, score) edges, choose pairs that
// maximise the total score with each package in at most package_cap pairs
// and each company in at most company_cap pairs. A pair is optional: the
// answer is a maximum-weight b-matching, not a maximum-cardinality one, so a
// company or package may be left out when that raises the total. Packages
// already licensed exclusively are filtered out by the caller.
#pragma once

#include <cstdint>
#include <vector>

namespace chizai {

struct CandidateEdge {
  std::uint32_t company = 0;  // index, < AssignmentProblem::companies
  std::uint32_t package = 0;  // index, < AssignmentProblem::packages
  std::int64_t score = 0;     // > 0
};

struct AssignmentProblem {
  std::uint32_t companies = 0, packages = 0;
  // At most one edge per (company, package). The sum of all scores must stay
  // below 2^60 (far beyond any real score table).
  std::vector<CandidateEdge> edges;
  std::int64_t package_cap = 1, company_cap = 1;  // >= 0; 1 and 1 = exclusive offers
};

struct AssignmentResult {
  std::vector<CandidateEdge> pairs;  // sorted by (company, package)
  std::int64_t total = 0;            // sum of the pairs' scores
};

// Chooses pairs maximising the total score with each package in at most
// package_cap pairs and each company in at most company_cap pairs. Exact
// (min-cost flow by successive shortest paths; see assignment.cpp).
// Deterministic: the result depends only on the set of edges, not on their
// order. Throws std::invalid_argument for an index out of range, a score
// <= 0, a (company, package) listed twice, a negative cap or scores summing
// to 2^60 or more; std::length_error when companies + packages or the edge
// count do not fit in 32 bits.
// Measured: 20,000 companies x 50 candidate packages each (1,000,000 edges
// over 5,000 packages) with caps 1 take about 0.2 s.
AssignmentResult assign_offers(const AssignmentProblem& p);

// The same problem solved independently by Boost.Graph's
// successive_shortest_path_nonnegative_weights on a network with one unit of
// flow per offer slot (one full Dijkstra per unit). Exact but slow: a
// reference for tests and the benchmark, not for production sizes. Same
// contract as assign_offers, except that the sum of scores must stay below
// 2^50 (it computes in double precision) and that among equally good
// answers it may choose different pairs.
AssignmentResult assign_offers_boost_ssp(const AssignmentProblem& p);

}  // namespace chizai
