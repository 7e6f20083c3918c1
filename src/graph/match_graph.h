// The match graph: patents, packages, institutions, companies and consortia
// as vertices; membership (package -> patent), ownership (institution or
// company -> patent), consortium membership (consortium -> package, and
// consortium -> institution or company) and candidate match (company ->
// package, with the integer score) as edges. Boost.Graph stays inside
// match_graph.cpp; this header speaks plain types.
//
// The queries the matching service asks: the owners of a package (through
// its member patents), a company's candidate packages and a package's
// candidate companies (score descending, then code), the consortia a node
// belongs to, and the candidate edges as an assignment problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/assignment.h"

namespace chizai {

enum class NodeKind : std::uint8_t { patent, package, institution, company, consortium };
enum class LinkKind : std::uint8_t { membership, ownership, consortium_membership, candidate };

const char* to_string(NodeKind k);
const char* to_string(LinkKind k);

struct Scored {
  std::string code;
  std::int64_t score = 0;
  friend bool operator==(const Scored&, const Scored&) = default;
};

// The candidate edges chosen for an assignment, with the codes behind the
// problem's indices (companies and packages each in code order).
struct CandidateProblem {
  AssignmentProblem problem;
  std::vector<std::string> companies, packages;
};

class MatchGraph {
 public:
  MatchGraph();
  ~MatchGraph();
  MatchGraph(MatchGraph&&) noexcept;
  MatchGraph& operator=(MatchGraph&&) noexcept;

  // The vertex of (kind, key), added when new. Keys are unique per kind.
  std::uint32_t node(NodeKind kind, std::string_view key);
  std::optional<std::uint32_t> find(NodeKind kind, std::string_view key) const;

  // Adds an edge between two keys (their vertices are added when new).
  // The kinds must fit the link: membership package -> patent; ownership
  // institution|company -> patent; consortium_membership consortium ->
  // package|institution|company; candidate company -> package with a score
  // > 0. Repeating an edge adds nothing (a candidate keeps the first score).
  // Throws std::invalid_argument otherwise.
  void link(LinkKind kind, NodeKind from_kind, std::string_view from, NodeKind to_kind,
            std::string_view to, std::int64_t score = 0);

  std::size_t node_count(NodeKind kind) const;
  std::size_t link_count(LinkKind kind) const;

  // Distinct owners (institutions and companies) of the package's member
  // patents, by code; empty for an unknown package.
  std::vector<std::pair<NodeKind, std::string>> owners_of_package(std::string_view package) const;
  // A company's candidate packages / a package's candidate companies, score
  // descending then code ascending.
  std::vector<Scored> candidates_of_company(std::string_view company) const;
  std::vector<Scored> candidates_of_package(std::string_view package) const;
  // The consortia a package, institution or company belongs to, by code.
  std::vector<std::string> consortia_of(NodeKind kind, std::string_view key) const;
  // The members (institutions and companies) of a consortium, by code.
  std::vector<std::pair<NodeKind, std::string>> consortium_members(std::string_view consortium) const;

  // Every candidate edge whose package is not in `excluded_packages`, as an
  // assignment problem with the given caps.
  CandidateProblem candidate_problem(const std::set<std::string, std::less<>>& excluded_packages,
                                     std::int64_t package_cap, std::int64_t company_cap) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chizai
