// Patent families: extended (INPADOC) families via Boost.Graph connected
// components over a compressed sparse row graph; simple (DOCDB) families by
// grouping applications on their interned, sorted set of active priorities.
//
// Rules beyond the header (kept here so the tests can pin them down):
// - Every claimed number becomes a vertex, registered or not; only
//   registered applications get an assignment.
// - Simple families only look at active claims. A claim of an application to
//   itself is ignored there (it is its own first filing anyway). Duplicate
//   claims count once.
// - An active continuation/divisional claim to a registered application
//   makes that application the parent: the claimant takes the parent's simple
//   family (chains resolved). With several registered parents the one with
//   the smallest canonical number is taken. Applications on a parent cycle,
//   and applications whose continuation/divisional parents are all
//   unregistered, use their own key: their active non-cont/div priorities,
//   else their unregistered cont/div parents, else themselves.
// - A claim whose `from` is not an index into `numbers` throws
//   std::out_of_range.
#include "graph/families.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/property_map/property_map.hpp>

namespace chizai {
namespace {

using Id = std::uint32_t;
constexpr Id kNone = std::numeric_limits<Id>::max();

struct Interned {
  std::vector<Id> to;  // per claim: vertex id of the claimed number
  std::size_t vertex_count = 0;
};

// An insert-only open-addressing table from number to id. Written here
// rather than std::unordered_map (one heap node per key: interning was 60%
// of the run at 1,000,000 applications) because Boost 1.74 predates
// boost::unordered_flat_map. A slot is 8 bytes (hash tag + id) so the table
// stays small enough for the caches; keys are looked up through `key_of`.
class NumberIds {
 public:
  NumberIds(std::size_t expected, std::vector<std::string_view>& keys) : keys_(keys) {
    std::size_t cap = 16;
    while (cap < expected + expected / 2) cap <<= 1;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
  }
  // Returns the id of `key`, inserting `fresh` when it is new. REQUIRES: a
  // fresh id is keys_.size(), and the caller appends the key after insertion.
  std::pair<Id, bool> try_emplace(std::string_view key, Id fresh) {
    if ((keys_.size() + 1) * 3 >= slots_.size() * 2) grow();
    const std::uint64_t h = hash(key);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.id == kNone) {
        s = Slot{tag, fresh};
        return {fresh, true};
      }
      if (s.tag == tag && keys_[s.id] == key) return {s.id, false};
    }
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;
    Id id = kNone;
  };
  static std::uint64_t hash(std::string_view key) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a, then a final mix
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h ^= h >> 29;
    return h * 0x9E3779B97F4A7C15ull;
  }
  void grow() {
    slots_.assign(slots_.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (Id id = 0; id < keys_.size(); ++id) {
      const std::uint64_t h = hash(keys_[id]);
      std::size_t i = h & mask_;
      while (slots_[i].id != kNone) i = (i + 1) & mask_;
      slots_[i] = Slot{static_cast<std::uint32_t>(h >> 32), id};
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::string_view>& keys_;
};

// Registered applications get ids 0..n-1 (their index); each unregistered
// claimed number gets the next free id.
Interned intern(const FamilyInput& input) {
  const std::size_t n = input.numbers.size();
  if (n + input.claims.size() >= kNone) {
    throw std::length_error("compute_families: too many applications and claims");
  }
  std::vector<std::string_view> keys;  // id -> number
  keys.reserve(n + input.claims.size() / 4 + 16);
  NumberIds ids(n + input.claims.size() / 4 + 16, keys);
  for (std::size_t i = 0; i < n; ++i) {
    if (!ids.try_emplace(std::string_view(input.numbers[i]), static_cast<Id>(i)).second) {
      throw std::invalid_argument("compute_families: " + input.numbers[i] + " is listed twice");
    }
    keys.emplace_back(input.numbers[i]);
  }
  Interned out;
  out.to.resize(input.claims.size());
  Id next = static_cast<Id>(n);
  for (std::size_t k = 0; k < input.claims.size(); ++k) {
    const FamilyClaim& c = input.claims[k];
    if (c.from >= n) {
      throw std::out_of_range("compute_families: claim " + std::to_string(k) +
                              " has from=" + std::to_string(c.from) + " but only " +
                              std::to_string(n) + " applications are registered");
    }
    const auto [id, inserted] = ids.try_emplace(std::string_view(c.to), next);
    if (inserted) {
      keys.emplace_back(c.to);
      ++next;
    }
    out.to[k] = id;
  }
  out.vertex_count = next;
  return out;
}

// For each registered application, the index of its group's representative:
// earliest filing day when given, then smallest canonical number.
std::vector<Id> representatives(const FamilyInput& input, const std::vector<Id>& group,
                                std::size_t group_count) {
  const std::vector<std::string>& numbers = input.numbers;
  const std::vector<std::int32_t>& days = input.filing_days;
  const bool by_date = days.size() == numbers.size();
  const std::size_t n = numbers.size();
  std::vector<Id> best(group_count, kNone);
  for (std::size_t i = 0; i < n; ++i) {
    Id& b = best[group[i]];
    if (b == kNone) {
      b = static_cast<Id>(i);
    } else if (by_date && days[i] != days[b]) {
      if (days[i] < days[b]) b = static_cast<Id>(i);
    } else if (numbers[i] < numbers[b]) {
      b = static_cast<Id>(i);
    }
  }
  std::vector<Id> rep(n);
  for (std::size_t i = 0; i < n; ++i) rep[i] = best[group[i]];
  return rep;
}

std::vector<Id> extended_families(const FamilyInput& input, const Interned& in) {
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                   boost::no_property, boost::no_property,
                                                   Id, std::size_t>;
  // Both directions of every claim: a symmetric directed CSR graph, on which
  // the DFS in connected_components finds the undirected components.
  std::vector<std::pair<Id, Id>> edges;
  edges.reserve(2 * input.claims.size());
  for (std::size_t k = 0; k < input.claims.size(); ++k) {
    const Id u = input.claims[k].from;
    const Id v = in.to[k];
    if (u == v) continue;
    edges.emplace_back(u, v);
    edges.emplace_back(v, u);
  }
  const Graph g(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                static_cast<Id>(in.vertex_count));
  edges.clear();
  edges.shrink_to_fit();

  std::vector<Id> component(in.vertex_count);
  const Id count = boost::connected_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  component.resize(input.numbers.size());
  return representatives(input, component, count);
}

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::vector<Id> simple_families(const FamilyInput& input, const Interned& in) {
  const std::size_t n = input.numbers.size();
  const std::size_t m = input.claims.size();

  // Claims bucketed by claimant (counting sort).
  std::vector<std::size_t> start(n + 1, 0);
  for (const FamilyClaim& c : input.claims) ++start[c.from + 1];
  for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
  std::vector<Id> by_from(m);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < m; ++k) by_from[fill[input.claims[k].from]++] = static_cast<Id>(k);
  }

  // Registered parent (kNone if none) of every application.
  std::vector<Id> parent(n, kNone);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t p = start[i]; p < start[i + 1]; ++p) {
      const FamilyClaim& c = input.claims[by_from[p]];
      const Id t = in.to[by_from[p]];
      if (!c.active || !c.continuation_or_divisional || t == i || t >= n) continue;
      if (parent[i] == kNone || input.numbers[t] < input.numbers[parent[i]]) parent[i] = t;
    }
  }

  // Resolve parent chains to a root: an application without a registered
  // parent, or one on a parent cycle (which then keeps its own key).
  std::vector<Id> root(n, kNone);
  {
    std::vector<Id> path;
    std::vector<std::size_t> pos(n, 0);  // position on `path` while being walked
    std::vector<unsigned char> state(n, 0);  // 0 new, 1 on path, 2 resolved
    for (std::size_t s = 0; s < n; ++s) {
      if (state[s] == 2) continue;
      path.clear();
      Id v = static_cast<Id>(s);
      Id r = kNone;
      for (;;) {
        if (state[v] == 2) {
          r = root[v];
          break;
        }
        if (state[v] == 1) {  // cycle: path[pos[v]..] are its members
          for (std::size_t q = pos[v]; q < path.size(); ++q) {
            root[path[q]] = path[q];
            state[path[q]] = 2;
          }
          path.resize(pos[v]);
          r = v;
          break;
        }
        if (parent[v] == kNone) {
          root[v] = v;
          state[v] = 2;
          r = v;
          break;
        }
        state[v] = 1;
        pos[v] = path.size();
        path.push_back(v);
        v = parent[v];
      }
      for (const Id w : path) {
        root[w] = r;
        state[w] = 2;
      }
    }
  }

  // Keys of the roots, flattened: key_start[i]..key_start[i+1] in key_ids.
  std::vector<Id> roots;
  std::vector<std::size_t> key_start;
  std::vector<Id> key_ids;
  key_start.reserve(n + 1);
  key_ids.reserve(m + n);
  std::vector<Id> scratch;
  for (std::size_t i = 0; i < n; ++i) {
    if (root[i] != i) continue;
    roots.push_back(static_cast<Id>(i));
    key_start.push_back(key_ids.size());
    scratch.clear();
    for (std::size_t p = start[i]; p < start[i + 1]; ++p) {
      const FamilyClaim& c = input.claims[by_from[p]];
      const Id t = in.to[by_from[p]];
      if (c.active && !c.continuation_or_divisional && t != i) scratch.push_back(t);
    }
    if (scratch.empty()) {  // unregistered continuation/divisional parents
      for (std::size_t p = start[i]; p < start[i + 1]; ++p) {
        const FamilyClaim& c = input.claims[by_from[p]];
        const Id t = in.to[by_from[p]];
        if (c.active && c.continuation_or_divisional && t >= n) scratch.push_back(t);
      }
    }
    if (scratch.empty()) scratch.push_back(static_cast<Id>(i));  // first filing
    std::sort(scratch.begin(), scratch.end());
    scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
    key_ids.insert(key_ids.end(), scratch.begin(), scratch.end());
  }
  key_start.push_back(key_ids.size());

  // Group roots by key: sort (hash, root slot), ties broken by the key itself.
  const std::size_t r_count = roots.size();
  std::vector<std::pair<std::uint64_t, Id>> order(r_count);
  for (std::size_t r = 0; r < r_count; ++r) {
    std::uint64_t h = mix(key_start[r + 1] - key_start[r]);
    for (std::size_t p = key_start[r]; p < key_start[r + 1]; ++p) h = mix(h ^ key_ids[p]);
    order[r] = {h, static_cast<Id>(r)};
  }
  const auto key_less = [&](Id a, Id b) {
    return std::lexicographical_compare(key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[a]),
                                        key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[a + 1]),
                                        key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[b]),
                                        key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[b + 1]));
  };
  const auto key_equal = [&](Id a, Id b) {
    return std::equal(key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[a]),
                      key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[a + 1]),
                      key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[b]),
                      key_ids.begin() + static_cast<std::ptrdiff_t>(key_start[b + 1]));
  };
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return key_less(a.second, b.second);
  });

  std::vector<Id> group(n, kNone);
  Id group_count = 0;
  for (std::size_t q = 0; q < r_count; ++q) {
    const Id r = order[q].second;
    const bool same = q > 0 && order[q - 1].first == order[q].first &&
                      key_equal(order[q - 1].second, r);
    if (!same) ++group_count;
    group[roots[r]] = group_count - 1;
  }
  for (std::size_t i = 0; i < n; ++i) group[i] = group[root[i]];
  return representatives(input, group, group_count);
}

}  // namespace

FamilyAssignment compute_families(const FamilyInput& input) {
  const Interned in = intern(input);
  FamilyAssignment out;
  out.extended = extended_families(input, in);
  out.simple = simple_families(input, in);
  return out;
}

}  // namespace chizai
