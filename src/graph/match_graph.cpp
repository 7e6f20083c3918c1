// The match graph on a Boost.Graph adjacency_list: bidirectional (the
// queries walk edges both ways: package -> patents -> owners, package <-
// candidate companies), vertices and edges in vectors (no per-edge list
// node: a million candidate edges fit in a few tens of MB).
#include "graph/match_graph.h"

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>

namespace chizai {

const char* to_string(NodeKind k) {
  switch (k) {
    case NodeKind::patent: return "patent";
    case NodeKind::package: return "package";
    case NodeKind::institution: return "institution";
    case NodeKind::company: return "company";
    case NodeKind::consortium: return "consortium";
  }
  return "?";
}

const char* to_string(LinkKind k) {
  switch (k) {
    case LinkKind::membership: return "membership";
    case LinkKind::ownership: return "ownership";
    case LinkKind::consortium_membership: return "consortium_membership";
    case LinkKind::candidate: return "candidate";
  }
  return "?";
}

namespace {

struct VertexProp {
  NodeKind kind = NodeKind::patent;
  std::string key;
};
struct EdgeProp {
  LinkKind kind = LinkKind::membership;
  std::int64_t score = 0;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProp,
                                    EdgeProp, boost::no_property, boost::vecS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

constexpr std::size_t kKinds = 5;

bool fits(LinkKind link, NodeKind from, NodeKind to) {
  switch (link) {
    case LinkKind::membership: return from == NodeKind::package && to == NodeKind::patent;
    case LinkKind::ownership:
      return (from == NodeKind::institution || from == NodeKind::company) && to == NodeKind::patent;
    case LinkKind::consortium_membership:
      return from == NodeKind::consortium &&
             (to == NodeKind::package || to == NodeKind::institution || to == NodeKind::company);
    case LinkKind::candidate: return from == NodeKind::company && to == NodeKind::package;
  }
  return false;
}

void sort_scored(std::vector<Scored>& v) {
  std::sort(v.begin(), v.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.code < b.code;
  });
}

}  // namespace

struct MatchGraph::Impl {
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  Graph g;
  std::array<std::unordered_map<std::string, Vertex, Hash, std::equal_to<>>, kKinds> ids;
  std::array<std::size_t, 4> link_counts{};

  std::optional<Vertex> find(NodeKind kind, std::string_view key) const {
    const auto& m = ids[static_cast<std::size_t>(kind)];
    auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
};

MatchGraph::MatchGraph() : impl_(std::make_unique<Impl>()) {}
MatchGraph::~MatchGraph() = default;
MatchGraph::MatchGraph(MatchGraph&&) noexcept = default;
MatchGraph& MatchGraph::operator=(MatchGraph&&) noexcept = default;

std::uint32_t MatchGraph::node(NodeKind kind, std::string_view key) {
  auto& m = impl_->ids[static_cast<std::size_t>(kind)];
  if (auto it = m.find(key); it != m.end()) return static_cast<std::uint32_t>(it->second);
  const Vertex v = boost::add_vertex(VertexProp{kind, std::string(key)}, impl_->g);
  m.emplace(std::string(key), v);
  return static_cast<std::uint32_t>(v);
}

std::optional<std::uint32_t> MatchGraph::find(NodeKind kind, std::string_view key) const {
  auto v = impl_->find(kind, key);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

void MatchGraph::link(LinkKind kind, NodeKind from_kind, std::string_view from, NodeKind to_kind,
                      std::string_view to, std::int64_t score) {
  if (!fits(kind, from_kind, to_kind)) {
    throw std::invalid_argument(std::string("a ") + to_string(kind) + " edge cannot go from a " +
                                to_string(from_kind) + " to a " + to_string(to_kind));
  }
  if (kind == LinkKind::candidate && score <= 0) {
    throw std::invalid_argument("a candidate edge needs a score > 0");
  }
  const Vertex u = node(from_kind, from), v = node(to_kind, to);
  // Already linked? Scan the shorter side: every kind of edge has a short
  // side (a company's top K, a patent's owners and packages, a consortium).
  auto& g = impl_->g;
  if (boost::out_degree(u, g) <= boost::in_degree(v, g)) {
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      if (boost::target(*e, g) == v) return;
    }
  } else {
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) {
      if (boost::source(*e, g) == u) return;
    }
  }
  boost::add_edge(u, v, EdgeProp{kind, kind == LinkKind::candidate ? score : 0}, impl_->g);
  ++impl_->link_counts[static_cast<std::size_t>(kind)];
}

std::size_t MatchGraph::node_count(NodeKind kind) const {
  return impl_->ids[static_cast<std::size_t>(kind)].size();
}

std::size_t MatchGraph::link_count(LinkKind kind) const {
  return impl_->link_counts[static_cast<std::size_t>(kind)];
}

std::vector<std::pair<NodeKind, std::string>> MatchGraph::owners_of_package(std::string_view package) const {
  const auto& g = impl_->g;
  std::set<std::pair<std::string, NodeKind>> found;
  if (auto p = impl_->find(NodeKind::package, package)) {
    for (auto [e, end] = boost::out_edges(*p, g); e != end; ++e) {
      if (g[*e].kind != LinkKind::membership) continue;
      const Vertex patent = boost::target(*e, g);
      for (auto [i, iend] = boost::in_edges(patent, g); i != iend; ++i) {
        if (g[*i].kind != LinkKind::ownership) continue;
        const auto& owner = g[boost::source(*i, g)];
        found.emplace(owner.key, owner.kind);
      }
    }
  }
  std::vector<std::pair<NodeKind, std::string>> out;
  for (const auto& [key, kind] : found) out.emplace_back(kind, key);
  return out;
}

std::vector<Scored> MatchGraph::candidates_of_company(std::string_view company) const {
  const auto& g = impl_->g;
  std::vector<Scored> out;
  if (auto c = impl_->find(NodeKind::company, company)) {
    for (auto [e, end] = boost::out_edges(*c, g); e != end; ++e) {
      if (g[*e].kind == LinkKind::candidate) out.push_back({g[boost::target(*e, g)].key, g[*e].score});
    }
  }
  sort_scored(out);
  return out;
}

std::vector<Scored> MatchGraph::candidates_of_package(std::string_view package) const {
  const auto& g = impl_->g;
  std::vector<Scored> out;
  if (auto p = impl_->find(NodeKind::package, package)) {
    for (auto [e, end] = boost::in_edges(*p, g); e != end; ++e) {
      if (g[*e].kind == LinkKind::candidate) out.push_back({g[boost::source(*e, g)].key, g[*e].score});
    }
  }
  sort_scored(out);
  return out;
}

std::vector<std::string> MatchGraph::consortia_of(NodeKind kind, std::string_view key) const {
  const auto& g = impl_->g;
  std::vector<std::string> out;
  if (auto v = impl_->find(kind, key)) {
    for (auto [e, end] = boost::in_edges(*v, g); e != end; ++e) {
      if (g[*e].kind == LinkKind::consortium_membership) out.push_back(g[boost::source(*e, g)].key);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<NodeKind, std::string>> MatchGraph::consortium_members(std::string_view consortium) const {
  const auto& g = impl_->g;
  std::vector<std::pair<NodeKind, std::string>> out;
  if (auto c = impl_->find(NodeKind::consortium, consortium)) {
    for (auto [e, end] = boost::out_edges(*c, g); e != end; ++e) {
      const auto& t = g[boost::target(*e, g)];
      if (g[*e].kind == LinkKind::consortium_membership && t.kind != NodeKind::package) {
        out.emplace_back(t.kind, t.key);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

CandidateProblem MatchGraph::candidate_problem(const std::set<std::string, std::less<>>& excluded_packages,
                                               std::int64_t package_cap, std::int64_t company_cap) const {
  const auto& g = impl_->g;
  constexpr std::uint32_t kNone = 0xFFFFFFFF;
  // Mark the companies and packages with a kept candidate edge, then number
  // each side in code order (index by vertex: no string lookups per edge).
  std::vector<std::uint32_t> index(boost::num_vertices(g), kNone);
  std::vector<char> excluded(boost::num_vertices(g), 0);
  for (const auto& code : excluded_packages) {
    if (auto v = impl_->find(NodeKind::package, code)) excluded[*v] = 1;
  }
  std::vector<Vertex> companies, packages;
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    if (g[*e].kind != LinkKind::candidate) continue;
    const Vertex c = boost::source(*e, g), p = boost::target(*e, g);
    if (excluded[p]) continue;
    if (index[c] == kNone) {
      index[c] = 0;
      companies.push_back(c);
    }
    if (index[p] == kNone) {
      index[p] = 0;
      packages.push_back(p);
    }
  }
  auto by_key = [&g](Vertex a, Vertex b) { return g[a].key < g[b].key; };
  std::sort(companies.begin(), companies.end(), by_key);
  std::sort(packages.begin(), packages.end(), by_key);
  CandidateProblem out;
  out.companies.reserve(companies.size());
  out.packages.reserve(packages.size());
  for (std::size_t i = 0; i < companies.size(); ++i) {
    index[companies[i]] = static_cast<std::uint32_t>(i);
    out.companies.push_back(g[companies[i]].key);
  }
  for (std::size_t i = 0; i < packages.size(); ++i) {
    index[packages[i]] = static_cast<std::uint32_t>(i);
    out.packages.push_back(g[packages[i]].key);
  }
  out.problem.companies = static_cast<std::uint32_t>(out.companies.size());
  out.problem.packages = static_cast<std::uint32_t>(out.packages.size());
  out.problem.package_cap = package_cap;
  out.problem.company_cap = company_cap;
  out.problem.edges.reserve(impl_->link_counts[static_cast<std::size_t>(LinkKind::candidate)]);
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    if (g[*e].kind != LinkKind::candidate) continue;
    const Vertex c = boost::source(*e, g), p = boost::target(*e, g);
    if (excluded[p]) continue;
    out.problem.edges.push_back({index[c], index[p], g[*e].score});
  }
  return out;
}

}  // namespace chizai
