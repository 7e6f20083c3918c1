// Optimal offer assignment as a min-cost flow, solved exactly by successive
// shortest paths.
//
// The network. Call one side of the bipartite candidate graph "left" (L)
// and the other "right" (R); which side is which is a speed choice only.
// Every left node l has a supply of b(l) = min(left_cap, degree(l)) units,
// and a sink t absorbs them all:
//   l -> r  capacity 1,          cost -score   (offer the pair)
//   r -> t  capacity right_cap,  cost 0
//   l -> t  capacity b(l),       cost 0        ("bypass": a slot left unused)
// A feasible flow is a b-matching plus unused slots, and its cost is minus
// the matching's score; every b-matching extends to a feasible flow (unused
// slots take the bypass). So a min-cost flow is a maximum-score assignment.
// The bypass is what makes taking a pair optional: we do not want the
// cheapest *maximum* flow, which would maximise the number of pairs first.
//
// The algorithm (Ahuja, Magnanti and Orlin, "Network Flows", ch. 9, the
// successive shortest path algorithm with node potentials). Left nodes are
// added one at a time. Before l is added the current flow is min-cost for
// the network of the earlier left nodes, i.e. its residual graph has no
// negative cycle; adding l (which has only outgoing edges, so lies on no
// cycle) keeps that true. Each unit of l's supply is then sent along a
// shortest l -> t path in the residual graph, and by the SSP theorem the
// flow stays min-cost after each augmentation. When all left nodes are in,
// the flow is a min-cost flow of the whole network: the assignment is exact.
//
// Shortest paths. Potentials pi keep every residual reduced cost
// c(u,v) + pi(u) - pi(v) non-negative, so Dijkstra applies. Edges out of t
// are never needed: a shortest path to t ends there. Dijkstra stops as
// soon as t is settled (distance D); then pi(v) += d(v) - D for the settled
// nodes only. That keeps reduced costs non-negative (for an edge u -> v
// with u settled and v not, d(u) + c'(u,v) >= D because v was not settled
// before t) and makes the path's edges, hence their reverses, zero. pi(t)
// never changes. A new left node gets pi(l) = max(0, max over its edges of
// pi(r) + score), which makes its outgoing edges non-negative.
//
// Stopping early. The bypass l -> t has real cost 0, so the shortest path
// costs at most 0. When it costs exactly 0 the bypass itself is taken (the
// bypass wins ties: no pair is taken for nothing), and so are the rest of
// l's units: by the SSP theorem successive path costs from the same
// source never decrease, and they cannot exceed the bypass's 0. The bypass
// also bounds every search from the start: only nodes closer than the best
// path to t found so far are explored, so a company that cannot raise the
// total costs little. Paths to t are recorded as soon as their last node
// is reached (not when it is settled): with many equal scores large regions
// lie at one distance, and settling them all before noticing a free
// package made tie-heavy inputs 50x slower.
//
// Cost. Each search is a Dijkstra over a part of the residual graph: worst
// case O(E log V) per unit of flow, as for any SSP method. In practice the
// searches stay small; measured on this machine (2 cores, random scores
// 1..1000, caps 1): 20,000 companies x 50 of 5,000 packages (1,000,000
// edges) in about 0.2 s; 20,000 x 50 of 20,000 packages in about 3 s.
// The side with fewer slots (sum of min(cap, degree)) is the left one: its
// nodes start the searches and the other side, the more plentiful one, is
// where free capacity is found quickly (5x faster on the first case above).
//
// Residual edges in terms of the matching: l -> r for an unmatched pair
// (cost -score); r -> l for a matched pair ("l gives up r", cost +score);
// r -> t while r has fewer than right_cap pairs; l -> t for the source and
// for any other left node reached (which then drops the pair it was reached
// through; a reached left node is matched, so its bypass has residual
// capacity).
//
// Input order does not matter: edges are sorted by (left, right) first, so
// the result depends only on the edge set.
//
// assign_offers_boost_ssp solves the same network with Boost.Graph's
// successive_shortest_path_nonnegative_weights (costs shifted by the largest
// score to be non-negative), one full Dijkstra per unit of flow: an
// independent exact reference for the tests and the benchmark.
#include "graph/assignment.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

namespace chizai {
namespace {

using Id = std::uint32_t;
constexpr Id kNone = std::numeric_limits<Id>::max();
constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max();
// Potentials and path lengths are sums of a few alternating paths' scores:
// with all scores summing below 2^60 nothing can overflow an int64.
constexpr std::int64_t kScoreSumLimit = std::int64_t{1} << 60;

std::string edge_name(std::size_t k, const CandidateEdge& e) {
  return "edge " + std::to_string(k) + " (company " + std::to_string(e.company) + ", package " +
         std::to_string(e.package) + ")";
}

void validate(const AssignmentProblem& p, std::int64_t score_sum_limit, const char* who) {
  const std::string prefix = std::string(who) + ": ";
  if (p.package_cap < 0 || p.company_cap < 0) {
    throw std::invalid_argument(prefix + "caps must not be negative");
  }
  if (std::uint64_t{p.companies} + p.packages >= kNone || p.edges.size() >= kNone) {
    throw std::length_error(prefix + "too many companies, packages or edges");
  }
  std::int64_t sum = 0;
  for (std::size_t k = 0; k < p.edges.size(); ++k) {
    const CandidateEdge& e = p.edges[k];
    if (e.company >= p.companies) {
      throw std::invalid_argument(prefix + edge_name(k, e) + ": company out of range (" +
                                  std::to_string(p.companies) + " companies)");
    }
    if (e.package >= p.packages) {
      throw std::invalid_argument(prefix + edge_name(k, e) + ": package out of range (" +
                                  std::to_string(p.packages) + " packages)");
    }
    if (e.score <= 0) {
      throw std::invalid_argument(prefix + edge_name(k, e) + ": score " +
                                  std::to_string(e.score) + " is not positive");
    }
    if (e.score >= score_sum_limit - sum) {
      throw std::invalid_argument(prefix + "scores too large: their sum reaches " +
                                  (score_sum_limit == kScoreSumLimit ? "2^60" : "2^50"));
    }
    sum += e.score;
  }
}

// The candidate edges grouped by left node (CSR), sorted by (left, right).
struct Bipartite {
  bool left_is_company = true;
  Id left_count = 0;
  Id right_count = 0;
  std::int64_t left_cap = 0;
  std::int64_t right_cap = 0;
  std::vector<std::size_t> start;  // edges of l: start[l] .. start[l + 1]
  std::vector<Id> left;            // per edge
  std::vector<Id> right;           // per edge
  std::vector<std::int64_t> score;
  std::vector<Id> right_degree;

  std::size_t edge_count() const { return left.size(); }
  std::int64_t supply(Id l) const {
    return std::min<std::int64_t>(left_cap, static_cast<std::int64_t>(start[l + 1] - start[l]));
  }
  CandidateEdge pair(std::size_t e) const {
    return left_is_company ? CandidateEdge{left[e], right[e], score[e]}
                           : CandidateEdge{right[e], left[e], score[e]};
  }
};

// Throws on a (company, package) listed twice.
Bipartite build(const AssignmentProblem& p, bool left_is_company, const char* who) {
  Bipartite g;
  g.left_is_company = left_is_company;
  g.left_count = left_is_company ? p.companies : p.packages;
  g.right_count = left_is_company ? p.packages : p.companies;
  g.left_cap = left_is_company ? p.company_cap : p.package_cap;
  g.right_cap = left_is_company ? p.package_cap : p.company_cap;
  const auto left_of = [&](const CandidateEdge& e) { return left_is_company ? e.company : e.package; };
  const auto right_of = [&](const CandidateEdge& e) { return left_is_company ? e.package : e.company; };

  const std::size_t m = p.edges.size();
  g.start.assign(std::size_t{g.left_count} + 1, 0);
  for (const CandidateEdge& e : p.edges) ++g.start[left_of(e) + 1];
  for (std::size_t l = 0; l < g.left_count; ++l) g.start[l + 1] += g.start[l];
  std::vector<Id> order(m);
  {
    std::vector<std::size_t> fill(g.start.begin(), g.start.end() - 1);
    for (std::size_t k = 0; k < m; ++k) order[fill[left_of(p.edges[k])]++] = static_cast<Id>(k);
  }
  g.left.resize(m);
  g.right.resize(m);
  g.score.resize(m);
  g.right_degree.assign(g.right_count, 0);
  for (Id l = 0; l < g.left_count; ++l) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(g.start[l]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(g.start[l + 1]);
    std::sort(first, last, [&](Id a, Id b) { return right_of(p.edges[a]) < right_of(p.edges[b]); });
    for (std::size_t e = g.start[l]; e < g.start[l + 1]; ++e) {
      const CandidateEdge& c = p.edges[order[e]];
      g.left[e] = l;
      g.right[e] = right_of(c);
      g.score[e] = c.score;
      ++g.right_degree[g.right[e]];
      if (e > g.start[l] && g.right[e] == g.right[e - 1]) {
        throw std::invalid_argument(std::string(who) + ": company " + std::to_string(c.company) +
                                    ", package " + std::to_string(c.package) + " is listed twice");
      }
    }
  }
  return g;
}

// Total offer slots on each side: the smaller one bounds the flow.
std::int64_t slots(const AssignmentProblem& p, bool companies) {
  std::vector<std::int64_t> degree(companies ? p.companies : p.packages, 0);
  for (const CandidateEdge& e : p.edges) ++degree[companies ? e.company : e.package];
  const std::int64_t cap = companies ? p.company_cap : p.package_cap;
  std::int64_t total = 0;
  for (const std::int64_t d : degree) total += std::min(cap, d);
  return total;
}

AssignmentResult result_from(const Bipartite& g, const std::vector<Id>& matched_edges) {
  AssignmentResult out;
  out.pairs.reserve(matched_edges.size());
  for (const Id e : matched_edges) {
    out.pairs.push_back(g.pair(e));
    out.total += g.score[e];
  }
  std::sort(out.pairs.begin(), out.pairs.end(), [](const CandidateEdge& a, const CandidateEdge& b) {
    return a.company != b.company ? a.company < b.company : a.package < b.package;
  });
  return out;
}

// Successive shortest paths with potentials and early-stopping Dijkstra,
// one left node at a time (see the top of the file).
class ShortestAugmentingPaths {
 public:
  explicit ShortestAugmentingPaths(const Bipartite& g)
      : g_(g),
        nl_(g.left_count),
        pot_(std::size_t{g.left_count} + g.right_count, 0),
        dist_(pot_.size(), kInf),
        via_(pot_.size(), kNone),
        state_(pot_.size(), kUntouched),
        matched_(g.edge_count(), 0),
        slot_start_(std::size_t{g.right_count} + 1, 0),
        slot_count_(g.right_count, 0),
        slot_of_(g.edge_count(), kNone) {
    // Right node r holds at most min(right_cap, degree) matched edges.
    for (Id r = 0; r < g.right_count; ++r) {
      slot_start_[r + 1] =
          slot_start_[r] +
          static_cast<std::size_t>(std::min<std::int64_t>(g.right_cap, g.right_degree[r]));
    }
    slots_.assign(slot_start_.back(), kNone);
  }

  // Returns the matched edge ids.
  std::vector<Id> solve() {
    if (g_.right_cap <= 0) return {};
    for (Id l = 0; l < nl_; ++l) {
      const std::int64_t units = g_.supply(l);
      if (units <= 0) continue;
      std::int64_t p = 0;  // pi(l): every edge out of l non-negative
      for (std::size_t e = g_.start[l]; e < g_.start[l + 1]; ++e) {
        p = std::max(p, pot_[nl_ + g_.right[e]] + g_.score[e]);
      }
      pot_[l] = p;
      for (std::int64_t u = 0; u < units; ++u) {
        if (!augment(l)) break;  // the bypass won: l's remaining slots stay unused
      }
    }
    std::vector<Id> out;
    for (std::size_t e = 0; e < matched_.size(); ++e) {
      if (matched_[e]) out.push_back(static_cast<Id>(e));
    }
    return out;
  }

 private:
  static constexpr unsigned char kUntouched = 0, kReached = 1, kSettled = 2;

  // A path to v of reduced length d ending with `edge`. `to_sink` says v
  // has a residual edge to t; its reduced cost is pi(v) - pi(t) = pi(v).
  void relax(Id v, std::int64_t d, Id edge, bool to_sink) {
    if (state_[v] == kSettled || d >= dist_[v]) return;
    if (state_[v] == kUntouched) {
      state_[v] = kReached;
      touched_.push_back(v);
    }
    dist_[v] = d;
    via_[v] = edge;
    if (to_sink && d + pot_[v] < best_) {
      best_ = d + pot_[v];
      best_from_ = v;
    }
    if (d >= best_) return;  // no use going on from v
    heap_.emplace_back(d, v);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }

  void match(Id e) {
    const Id r = g_.right[e];
    const std::size_t pos = slot_start_[r] + slot_count_[r]++;
    slots_[pos] = e;
    slot_of_[e] = static_cast<Id>(pos - slot_start_[r]);
    matched_[e] = 1;
  }

  void unmatch(Id e) {
    const Id r = g_.right[e];
    const std::size_t base = slot_start_[r];
    const Id last = slots_[base + --slot_count_[r]];
    slots_[base + slot_of_[e]] = last;
    slot_of_[last] = slot_of_[e];
    slot_of_[e] = kNone;
    matched_[e] = 0;
  }

  // One shortest path from left node s to t; returns false when it is s's
  // own bypass (real cost 0), i.e. no further pair raises the total.
  //
  // Paths to t are recorded when a node is reached, not when it is settled:
  // with many equal scores whole regions sit at the same distance, and
  // stopping as soon as the heap reaches the best path found keeps the
  // search from sweeping them. The recorded path stays valid: the node
  // before best_from_ is settled (so its own path is final), and if
  // best_from_ is reached again more cheaply the record is renewed. When
  // the search stops, every node not settled has distance >= best_, so the
  // potential update below (settled nodes only) is the textbook one.
  bool augment(Id s) {
    // s's bypass: reduced cost 0 + pi(s) - pi(t), and pi(t) = 0.
    best_ = pot_[s];
    best_from_ = s;
    dist_[s] = 0;
    state_[s] = kReached;
    touched_.push_back(s);
    heap_.emplace_back(0, s);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const auto [d, v] = heap_.back();
      heap_.pop_back();
      if (state_[v] == kSettled || d != dist_[v]) continue;  // stale entry
      if (d >= best_) break;  // t is settled: nothing left can beat best_
      state_[v] = kSettled;
      settled_.push_back(v);
      if (v < nl_) {
        for (std::size_t e = g_.start[v]; e < g_.start[v + 1]; ++e) {
          if (matched_[e]) continue;
          const Id r = g_.right[e];
          relax(nl_ + r, d + pot_[v] - g_.score[e] - pot_[nl_ + r], static_cast<Id>(e),
                slot_count_[r] < g_.right_cap);
        }
      } else {
        // The left nodes reached here give up a pair, and may simply drop
        // it (their bypass: a reached left node is matched, so it has one).
        const Id r = v - nl_;
        for (std::size_t k = slot_start_[r]; k < slot_start_[r] + slot_count_[r]; ++k) {
          const Id e = slots_[k];
          const Id l = g_.left[e];
          relax(l, d + g_.score[e] + pot_[v] - pot_[l], e, /*to_sink=*/true);
        }
      }
    }
    heap_.clear();

    const bool took = best_from_ != s;
    if (took) {
      // Walk the path back from its last node before t to s.
      Id v = best_from_;
      while (v != s) {
        const Id e = via_[v];
        if (v >= nl_) {  // reached over l -> r: take the pair
          match(e);
          v = g_.left[e];
        } else {  // reached over r -> l: l gives r up
          unmatch(e);
          v = nl_ + g_.right[e];
        }
      }
    }
    for (const Id v : settled_) pot_[v] += dist_[v] - best_;
    for (const Id v : touched_) {
      dist_[v] = kInf;
      state_[v] = kUntouched;
    }
    settled_.clear();
    touched_.clear();
    return took;
  }

  const Bipartite& g_;
  const Id nl_;                       // node ids: left 0..nl_-1, right nl_ + r
  std::vector<std::int64_t> pot_;     // per node; pi(t) = 0
  std::vector<std::int64_t> dist_;    // per node, kInf when untouched
  std::vector<Id> via_;               // per node: edge it was reached over
  std::vector<unsigned char> state_;  // per node
  std::vector<Id> touched_;
  std::vector<Id> settled_;
  std::vector<std::pair<std::int64_t, Id>> heap_;  // min-heap with stale entries
  std::int64_t best_ = 0;  // reduced length of the best path to t found
  Id best_from_ = kNone;   // its last node before t
  std::vector<unsigned char> matched_;              // per edge
  std::vector<std::size_t> slot_start_;             // per right node: its matched edges
  std::vector<Id> slot_count_;
  std::vector<Id> slots_;
  std::vector<Id> slot_of_;  // per matched edge: its position among its right node's
};

}  // namespace

AssignmentResult assign_offers(const AssignmentProblem& p) {
  constexpr const char* kWho = "assign_offers";
  validate(p, kScoreSumLimit, kWho);
  // The side with fewer slots starts the searches (a speed choice; either
  // is exact). Ties: companies.
  const Bipartite g = build(p, slots(p, true) <= slots(p, false), kWho);
  if (p.package_cap == 0 || p.company_cap == 0 || p.edges.empty()) return {};
  ShortestAugmentingPaths solver(g);
  return result_from(g, solver.solve());
}

AssignmentResult assign_offers_boost_ssp(const AssignmentProblem& p) {
  constexpr const char* kWho = "assign_offers_boost_ssp";
  // Doubles are exact below 2^53; costs here stay below 2^50 + 2^50.
  validate(p, std::int64_t{1} << 50, kWho);
  // The bypass goes on the side with fewer slots: one Dijkstra per slot.
  const bool left_is_company = slots(p, true) <= slots(p, false);
  const Bipartite g = build(p, left_is_company, kWho);
  if (p.package_cap == 0 || p.company_cap == 0 || p.edges.empty()) return {};

  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, double,
                      boost::property<boost::edge_residual_capacity_t, double,
                                      boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                      boost::property<boost::edge_weight_t, double>>>>>;
  using Edge = boost::graph_traits<Graph>::edge_descriptor;
  // Vertices: left 0..L-1, right L..L+R-1, source, sink.
  const std::size_t nl = g.left_count;
  const std::size_t source = nl + g.right_count;
  const std::size_t sink = source + 1;
  Graph net(sink + 1);
  auto capacity = boost::get(boost::edge_capacity, net);
  auto reverse = boost::get(boost::edge_reverse, net);
  auto weight = boost::get(boost::edge_weight, net);
  const auto add = [&](std::size_t u, std::size_t v, std::int64_t cap, std::int64_t cost) {
    const Edge e = boost::add_edge(u, v, net).first;
    const Edge r = boost::add_edge(v, u, net).first;
    capacity[e] = static_cast<double>(cap);
    capacity[r] = 0;
    weight[e] = static_cast<double>(cost);
    weight[r] = -static_cast<double>(cost);
    reverse[e] = r;
    reverse[r] = e;
    return e;
  };
  // Every slot of a left node is used: by a pair (cost W - score) or by the
  // bypass (cost W). Total cost = W * slots - score of the pairs.
  const std::int64_t w_max = *std::max_element(g.score.begin(), g.score.end());
  for (Id l = 0; l < g.left_count; ++l) {
    const std::int64_t b = g.supply(l);
    if (b == 0) continue;
    add(source, l, b, 0);
    add(l, sink, b, w_max);
  }
  std::vector<Edge> pair_edges(g.edge_count());
  for (std::size_t e = 0; e < g.edge_count(); ++e) {
    pair_edges[e] = add(g.left[e], nl + g.right[e], 1, w_max - g.score[e]);
  }
  for (Id r = 0; r < g.right_count; ++r) {
    if (g.right_degree[r] == 0) continue;
    add(nl + r, sink, std::min<std::int64_t>(g.right_cap, g.right_degree[r]), 0);
  }

  boost::successive_shortest_path_nonnegative_weights(net, source, sink);

  const auto residual = boost::get(boost::edge_residual_capacity, net);
  std::vector<Id> matched;
  for (std::size_t e = 0; e < g.edge_count(); ++e) {
    if (residual[pair_edges[e]] < 0.5) matched.push_back(static_cast<Id>(e));
  }
  return result_from(g, matched);
}

}  // namespace chizai
