// The match graph: vertices per kind, edges that must fit their kinds, the
// owner, candidate and consortium queries, and the candidate edges as an
// assignment problem (excluded packages left out, codes in order).
#include "graph/match_graph.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace chizai {
namespace {

MatchGraph sample() {
  MatchGraph g;
  g.link(LinkKind::membership, NodeKind::package, "PKG-A", NodeKind::patent, "JP1");
  g.link(LinkKind::membership, NodeKind::package, "PKG-A", NodeKind::patent, "JP2");
  g.link(LinkKind::membership, NodeKind::package, "PKG-B", NodeKind::patent, "JP3");
  g.link(LinkKind::ownership, NodeKind::institution, "U-TOKYO", NodeKind::patent, "JP1");
  g.link(LinkKind::ownership, NodeKind::institution, "U-KYOTO", NodeKind::patent, "JP2");
  g.link(LinkKind::ownership, NodeKind::company, "C-CO", NodeKind::patent, "JP2");
  g.link(LinkKind::ownership, NodeKind::institution, "U-TOKYO", NodeKind::patent, "JP3");
  g.link(LinkKind::candidate, NodeKind::company, "C-1", NodeKind::package, "PKG-A", 500);
  g.link(LinkKind::candidate, NodeKind::company, "C-1", NodeKind::package, "PKG-B", 700);
  g.link(LinkKind::candidate, NodeKind::company, "C-2", NodeKind::package, "PKG-A", 500);
  g.link(LinkKind::candidate, NodeKind::company, "C-0", NodeKind::package, "PKG-A", 900);
  g.link(LinkKind::consortium_membership, NodeKind::consortium, "CON-A", NodeKind::package, "PKG-A");
  g.link(LinkKind::consortium_membership, NodeKind::consortium, "CON-A", NodeKind::institution, "U-TOKYO");
  g.link(LinkKind::consortium_membership, NodeKind::consortium, "CON-A", NodeKind::company, "C-1");
  return g;
}

TEST(MatchGraph, CountsNodesAndLinksPerKind) {
  const MatchGraph g = sample();
  EXPECT_EQ(g.node_count(NodeKind::patent), 3u);
  EXPECT_EQ(g.node_count(NodeKind::package), 2u);
  EXPECT_EQ(g.node_count(NodeKind::institution), 2u);
  EXPECT_EQ(g.node_count(NodeKind::company), 4u);  // C-CO owns; C-0, C-1, C-2 are candidates
  EXPECT_EQ(g.node_count(NodeKind::consortium), 1u);
  EXPECT_EQ(g.link_count(LinkKind::membership), 3u);
  EXPECT_EQ(g.link_count(LinkKind::ownership), 4u);
  EXPECT_EQ(g.link_count(LinkKind::candidate), 4u);
  EXPECT_EQ(g.link_count(LinkKind::consortium_membership), 3u);
}

TEST(MatchGraph, RepeatedLinksAreAddedOnce) {
  MatchGraph g = sample();
  g.link(LinkKind::candidate, NodeKind::company, "C-1", NodeKind::package, "PKG-A", 999);
  g.link(LinkKind::membership, NodeKind::package, "PKG-A", NodeKind::patent, "JP1");
  EXPECT_EQ(g.link_count(LinkKind::candidate), 4u);
  EXPECT_EQ(g.link_count(LinkKind::membership), 3u);
  EXPECT_EQ(g.candidates_of_company("C-1")[1], (Scored{"PKG-A", 500}));
}

TEST(MatchGraph, SameKeyDifferentKindsAreDifferentNodes) {
  MatchGraph g;
  const auto a = g.node(NodeKind::package, "X");
  const auto b = g.node(NodeKind::consortium, "X");
  EXPECT_NE(a, b);
  EXPECT_EQ(g.node(NodeKind::package, "X"), a);
  EXPECT_EQ(g.find(NodeKind::package, "X"), a);
  EXPECT_FALSE(g.find(NodeKind::patent, "X").has_value());
}

TEST(MatchGraph, OwnersOfAPackageThroughItsMembers) {
  const MatchGraph g = sample();
  const auto owners = g.owners_of_package("PKG-A");
  ASSERT_EQ(owners.size(), 3u);
  EXPECT_EQ(owners[0], std::make_pair(NodeKind::company, std::string("C-CO")));
  EXPECT_EQ(owners[1], std::make_pair(NodeKind::institution, std::string("U-KYOTO")));
  EXPECT_EQ(owners[2], std::make_pair(NodeKind::institution, std::string("U-TOKYO")));
  EXPECT_EQ(g.owners_of_package("PKG-B").size(), 1u);
  EXPECT_TRUE(g.owners_of_package("PKG-NONE").empty());
}

TEST(MatchGraph, CandidatesAreRankedByScoreThenCode) {
  const MatchGraph g = sample();
  EXPECT_EQ(g.candidates_of_company("C-1"), (std::vector<Scored>{{"PKG-B", 700}, {"PKG-A", 500}}));
  EXPECT_EQ(g.candidates_of_package("PKG-A"),
            (std::vector<Scored>{{"C-0", 900}, {"C-1", 500}, {"C-2", 500}}));
  EXPECT_TRUE(g.candidates_of_company("C-CO").empty());
}

TEST(MatchGraph, ConsortiumQueries) {
  const MatchGraph g = sample();
  EXPECT_EQ(g.consortia_of(NodeKind::package, "PKG-A"), std::vector<std::string>{"CON-A"});
  EXPECT_EQ(g.consortia_of(NodeKind::company, "C-1"), std::vector<std::string>{"CON-A"});
  EXPECT_TRUE(g.consortia_of(NodeKind::institution, "U-KYOTO").empty());
  const auto members = g.consortium_members("CON-A");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].second, "C-1");
  EXPECT_EQ(members[1].second, "U-TOKYO");
}

TEST(MatchGraph, RefusesLinksThatDoNotFitTheirKinds) {
  MatchGraph g;
  EXPECT_THROW(g.link(LinkKind::membership, NodeKind::patent, "JP1", NodeKind::package, "P"), std::invalid_argument);
  EXPECT_THROW(g.link(LinkKind::ownership, NodeKind::package, "P", NodeKind::patent, "JP1"), std::invalid_argument);
  EXPECT_THROW(g.link(LinkKind::candidate, NodeKind::institution, "U", NodeKind::package, "P", 5),
               std::invalid_argument);
  EXPECT_THROW(g.link(LinkKind::candidate, NodeKind::company, "C", NodeKind::package, "P", 0),
               std::invalid_argument);
  EXPECT_THROW(g.link(LinkKind::consortium_membership, NodeKind::package, "P", NodeKind::company, "C"),
               std::invalid_argument);
  EXPECT_EQ(g.link_count(LinkKind::candidate), 0u);
}

TEST(MatchGraph, CandidateProblemLeavesOutExcludedPackages) {
  const MatchGraph g = sample();
  const auto all = g.candidate_problem({}, 1, 1);
  EXPECT_EQ(all.companies, (std::vector<std::string>{"C-0", "C-1", "C-2"}));
  EXPECT_EQ(all.packages, (std::vector<std::string>{"PKG-A", "PKG-B"}));
  EXPECT_EQ(all.problem.edges.size(), 4u);
  // Exact: C-0 takes PKG-A (900), C-1 takes PKG-B (700).
  const auto r = assign_offers(all.problem);
  EXPECT_EQ(r.total, 1600);

  const auto without_b = g.candidate_problem({"PKG-B"}, 1, 2);
  EXPECT_EQ(without_b.packages, std::vector<std::string>{"PKG-A"});
  EXPECT_EQ(without_b.problem.edges.size(), 3u);
  EXPECT_EQ(without_b.problem.company_cap, 2);
  EXPECT_EQ(assign_offers(without_b.problem).total, 900);
}

}  // namespace
}  // namespace chizai
