#include "matching/index.h"

#include "matching/text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace chizai::matching {
namespace {

ClassCode code(const std::string& text) {
  auto c = ClassCode::parse(text);
  EXPECT_TRUE(c.has_value()) << text;
  return c.value_or(*ClassCode::parse("Y"));
}

TEST(ClassCodeTest, LevelsAndCanonicalText) {
  struct Case {
    const char* in;
    const char* out;
    ClassLevel level;
  };
  const Case cases[] = {
      {"H", "H", ClassLevel::section},
      {"h01", "H01", ClassLevel::class_},
      {"H01M", "H01M", ClassLevel::subclass},
      {" h01m ", "H01M", ClassLevel::subclass},
      {"H01M 10", "H01M 10/00", ClassLevel::main_group},
      {"H01M10", "H01M 10/00", ClassLevel::main_group},
      {"H01M 10/00", "H01M 10/00", ClassLevel::main_group},
      {"H01M 10/000", "H01M 10/00", ClassLevel::main_group},
      {"H01M 10/052", "H01M 10/052", ClassLevel::subgroup},
      {"H01M10/052", "H01M 10/052", ClassLevel::subgroup},
      {"H01M  0010/052", "H01M 10/052", ClassLevel::subgroup},
      {"Ｈ０１Ｍ　１０／０５２", "H01M 10/052", ClassLevel::subgroup},
      {"Y02E 60/10", "Y02E 60/10", ClassLevel::subgroup},
  };
  for (const Case& c : cases) {
    const auto parsed = ClassCode::parse(c.in);
    ASSERT_TRUE(parsed.has_value()) << c.in;
    EXPECT_EQ(parsed->text(), c.out) << c.in;
    EXPECT_EQ(parsed->level(), c.level) << c.in;
    EXPECT_EQ(normalize_class_code(c.in), c.out);
  }
}

TEST(ClassCodeTest, Rejects) {
  for (const char* bad : {"", "Z01", "1", "H1", "H011", "H01M /052", "H01M 10/5",
                          "H01M 12345/00", "H01M 10/1234567", "H01M 10/052X", "H01M 10/",
                          "H01M 10/05/2", "電池"}) {
    EXPECT_FALSE(ClassCode::parse(bad).has_value()) << bad;
    EXPECT_EQ(normalize_class_code(bad), "") << bad;
  }
}

TEST(ClassCodeTest, Prefixes) {
  const ClassCode c = code("H01M 10/052");
  EXPECT_EQ(c.prefix(ClassLevel::section), "H");
  EXPECT_EQ(c.prefix(ClassLevel::class_), "H01");
  EXPECT_EQ(c.prefix(ClassLevel::subclass), "H01M");
  EXPECT_EQ(c.prefix(ClassLevel::main_group), "H01M 10/00");
  EXPECT_EQ(c.prefix(ClassLevel::subgroup), "H01M 10/052");
  EXPECT_TRUE(c.reaches(ClassLevel::subgroup));
  EXPECT_FALSE(code("H01M").reaches(ClassLevel::main_group));
  EXPECT_EQ(level_name(ClassLevel::main_group), "main group");
}

TEST(MatchLevelTest, InterestIsAPrefixAtALevelBoundary) {
  const ClassCode patent = code("H01M 10/052");
  const auto full = [&](const char* interest) {
    return match_level(code(interest), patent, ClassLevel::subgroup);  // partial off
  };
  EXPECT_EQ(full("H"), ClassLevel::section);
  EXPECT_EQ(full("H01"), ClassLevel::class_);
  EXPECT_EQ(full("H01M"), ClassLevel::subclass);
  EXPECT_EQ(full("H01M 10"), ClassLevel::main_group);
  EXPECT_EQ(full("H01M 10/00"), ClassLevel::main_group);
  EXPECT_EQ(full("H01M 10/052"), ClassLevel::subgroup);
  EXPECT_EQ(full("H01M 1"), std::nullopt);  // "1" is not a prefix of group "10"
  EXPECT_EQ(full("H01M 10/05"), std::nullopt);
  EXPECT_EQ(full("H01L"), std::nullopt);
  EXPECT_EQ(full("A61K"), std::nullopt);
  EXPECT_EQ(full("G"), std::nullopt);
}

TEST(MatchLevelTest, PartialMatchesDownToTheFloor) {
  const auto at = [](const char* interest, const char* patent, ClassLevel floor) {
    return match_level(code(interest), code(patent), floor);
  };
  // Same main group, other subgroup.
  EXPECT_EQ(at("H01M 10/052", "H01M 10/0525", ClassLevel::subclass), ClassLevel::main_group);
  // Same subclass only.
  EXPECT_EQ(at("H01M 10/052", "H01M 4/13", ClassLevel::subclass), ClassLevel::subclass);
  EXPECT_EQ(at("H01M 1", "H01M 10/052", ClassLevel::subclass), ClassLevel::subclass);
  // The patent's code is shallower than the interest.
  EXPECT_EQ(at("H01M 10/052", "H01M", ClassLevel::subclass), ClassLevel::subclass);
  // Only the class in common: below the floor.
  EXPECT_EQ(at("H01M 10/052", "H01L 21/02", ClassLevel::subclass), std::nullopt);
  EXPECT_EQ(at("H01M 10/052", "H01L 21/02", ClassLevel::class_), ClassLevel::class_);
  // Floor at subgroup: no partial matches.
  EXPECT_EQ(at("H01M 10/052", "H01M 4/13", ClassLevel::subgroup), std::nullopt);
  // A shallow interest never matches partially below its own level.
  EXPECT_EQ(at("H01", "H02J 7/00", ClassLevel::subclass), std::nullopt);
}

TEST(MatchLevelTest, MatchLevelsDeepestFirst) {
  EXPECT_EQ(match_levels(code("H01M 10/052"), ClassLevel::subclass),
            (std::vector<ClassLevel>{ClassLevel::subgroup, ClassLevel::main_group,
                                     ClassLevel::subclass}));
  EXPECT_EQ(match_levels(code("H01"), ClassLevel::subclass),
            (std::vector<ClassLevel>{ClassLevel::class_}));
  EXPECT_EQ(match_levels(code("H01M 10"), ClassLevel::subgroup),
            (std::vector<ClassLevel>{ClassLevel::main_group}));
}

TEST(TfidfTest, SmoothedIdfAndLogTf) {
  const TfidfModel model({{"battery", "battery", "anode"}, {"battery"}, {"peptide"}});
  EXPECT_EQ(model.document_count(), 3u);
  ASSERT_EQ(model.term_count(), 3u);
  // Term ids follow byte order.
  EXPECT_EQ(model.term(0), "anode");
  EXPECT_EQ(model.term(1), "battery");
  EXPECT_EQ(model.term(2), "peptide");
  EXPECT_EQ(model.find("battery"), 1u);
  EXPECT_EQ(model.find("cathode"), std::nullopt);
  EXPECT_EQ(model.document_frequency(1), 2u);
  EXPECT_DOUBLE_EQ(model.idf(1), std::log(4.0 / 3.0) + 1);
  EXPECT_DOUBLE_EQ(model.idf(0), std::log(4.0 / 2.0) + 1);
  EXPECT_DOUBLE_EQ(model.unseen_idf(), std::log(4.0) + 1);

  const SparseVector v = model.vectorize({"battery", "anode", "battery"});
  ASSERT_EQ(v.size(), 2u);
  const double wa = model.idf(0);
  const double wb = (1 + std::log(2.0)) * model.idf(1);
  const double norm = std::sqrt(wa * wa + wb * wb);
  EXPECT_EQ(v[0].term, 0u);
  EXPECT_DOUBLE_EQ(v[0].weight, wa / norm);
  EXPECT_DOUBLE_EQ(v[1].weight, wb / norm);
  EXPECT_NEAR(dot(v, v), 1.0, 1e-12);
}

TEST(TfidfTest, UnknownTermsCountInTheNormOnly) {
  const TfidfModel model({{"battery"}, {"peptide"}});
  const SparseVector known = model.vectorize({"battery"});
  const SparseVector mixed = model.vectorize({"battery", "blockchain"});
  ASSERT_EQ(known.size(), 1u);
  ASSERT_EQ(mixed.size(), 1u);
  EXPECT_DOUBLE_EQ(known[0].weight, 1.0);
  EXPECT_LT(mixed[0].weight, 1.0);
  EXPECT_TRUE(model.vectorize({"blockchain"}).empty());
  EXPECT_TRUE(model.vectorize({}).empty());
}

TEST(TfidfTest, JapaneseCosine) {
  const std::vector<std::vector<std::string>> corpus = {
      tokenize("リチウムイオン電池用正極材料"), tokenize("抗体医薬の製造"),
      tokenize("Lithium-ion battery")};
  const TfidfModel model(corpus);
  const SparseVector query = model.vectorize(tokenize("リチウムイオン電池"));
  EXPECT_GT(dot(query, model.vectorize(corpus[0])), 0.5);
  EXPECT_EQ(dot(query, model.vectorize(corpus[1])), 0.0);
  EXPECT_EQ(dot(query, model.vectorize(corpus[2])), 0.0);
}

TEST(TermIndexTest, PostingsByTermDocsAscending) {
  const std::vector<SparseVector> docs = {{{0, 0.6}, {2, 0.8}}, {{2, 1.0}}, {}, {{0, 1.0}}};
  const TermIndex index(3, docs);
  const auto p0 = index.postings(0);
  ASSERT_EQ(p0.size(), 2u);
  EXPECT_EQ(p0[0].doc, 0u);
  EXPECT_EQ(p0[0].weight, 0.6);
  EXPECT_EQ(p0[1].doc, 3u);
  EXPECT_TRUE(index.postings(1).empty());
  ASSERT_EQ(index.postings(2).size(), 2u);
  EXPECT_EQ(index.postings(2)[1].doc, 1u);
  EXPECT_TRUE(index.postings(3).empty());
  EXPECT_TRUE(TermIndex().postings(0).empty());
}

TEST(PrefixIndexTest, SortedDistinctIds) {
  PrefixIndex index;
  index.add("H01M", 5);
  index.add("H01M", 2);
  index.add("H01M", 5);
  index.add("H", 1);
  index.finish();
  const auto ids = index.ids("H01M");
  EXPECT_EQ(std::vector<std::uint32_t>(ids.begin(), ids.end()), (std::vector<std::uint32_t>{2, 5}));
  EXPECT_TRUE(index.ids("A61K").empty());
  EXPECT_EQ(index.key_count(), 2u);
}

}  // namespace
}  // namespace chizai::matching
