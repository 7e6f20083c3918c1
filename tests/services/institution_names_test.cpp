// Issue 22, sections 2 and 3, on SQLite and PostgreSQL: applicant names to
// institutions (names, aliases, the closest when unresolved, a key claimed
// twice refused naming both, aliases in the institutions file), and
// looking an application up by every form of its number, by its
// publication or grant number, and the ambiguous look-ups refused.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "number_forms.h"
#include "registry/numbers.h"
#include "registry_fixture.h"
#include "services/institution_names.h"
#include "services/registry_service.h"

namespace chizai {
namespace {

using testing::TestDb;

class InstitutionNamesTest : public testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (IsSkipped()) return;
    std::istringstream in(testing::four_institutions(testing::Names::kBilingual));
    ASSERT_TRUE(RegistryService(*db_).import_institutions(in, FileFormat::kJsonl, {}).written);
  }

  NameResolution resolve(const std::string& name) { return InstitutionNames(*db_).resolve(name); }

  ImportReport import_institutions(const std::string& text) {
    std::istringstream in(text);
    ImportOptions opt;
    opt.scope.actor = "tester";
    return RegistryService(*db_).import_institutions(in, FileFormat::kJsonl, opt);
  }

  ImportReport import_patents(const std::string& text) {
    std::istringstream in(text);
    return RegistryService(*db_).import_patents(in, FileFormat::kJsonl, {});
  }

  std::vector<std::string> aliases_of(const std::string& code) {
    std::vector<std::string> out;
    const auto listed = InstitutionAliasService(*db_, "tester").list(code);
    if (!listed) {
      ADD_FAILURE() << listed.error().message;
      return out;
    }
    for (const StoredAlias& a : *listed) out.push_back(a.alias);
    return out;
  }
};

TEST_P(InstitutionNamesTest, NamesResolveAfterFolding) {
  // By the English name, the Japanese name and the code, whatever the case,
  // width, punctuation and legal forms.
  for (const char* name : {"THE UNIVERSITY OF TOKYO", "UNIV TOKYO", "Univ. of Tokyo", "ＴＨＥ　ＵＮＩＶＥＲＳＩＴＹ　ＯＦ　ＴＯＫＹＯ",
                           "国立大学法人東京大学", "国立大学法人　東京大学", "U-TOKYO"}) {
    const NameResolution r = resolve(name);
    EXPECT_EQ(r.code, "U-TOKYO") << name;
  }
  EXPECT_EQ(resolve("SAKURA DENKI CO., LTD.").code, "C-0001");
  EXPECT_EQ(resolve("Sakura Denki Kabushiki Kaisha").code, "C-0001");
  EXPECT_EQ(resolve("株式会社さくら電機").code, "C-0001");
  EXPECT_EQ(resolve("(株)さくら電機").code, "C-0001");
  EXPECT_EQ(resolve("KYOTO UNIV").code, "U-KYOTO");
  EXPECT_EQ(resolve("国立大学法人京都大学").matched, "京都大学");
}

TEST_P(InstitutionNamesTest, UnresolvedNamesComeWithTheClosest) {
  const NameResolution r = resolve("UNIV TOKY");
  EXPECT_FALSE(r.resolved());
  EXPECT_FALSE(r.ambiguous);
  ASSERT_EQ(r.closest.size(), 3u);
  // "university toky" against U-TOKYO's "university tokyo": one insertion
  // in 16 code points, 1000 × 15 / 16 = 937 (rounded down).
  EXPECT_EQ(r.closest[0].code, "U-TOKYO");
  EXPECT_EQ(r.closest[0].written, "The University of Tokyo");
  EXPECT_EQ(r.closest[0].similarity, 937);
  EXPECT_GE(r.closest[0].similarity, r.closest[1].similarity);
  EXPECT_GE(r.closest[1].similarity, r.closest[2].similarity);
  const std::string message = describe_unresolved("UNIV TOKY", r);
  EXPECT_NE(message.find("U-TOKYO (The University of Tokyo, 937\u2030)"), std::string::npos) << message;
}

TEST_P(InstitutionNamesTest, AliasesAddListRemove) {
  InstitutionAliasService service(*db_, "tester");
  auto added = service.add("U-TOKYO", "TODAI");
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->result, "inserted");
  EXPECT_EQ(added->key, "todai");
  ASSERT_TRUE(service.add("U-TOKYO", "東大").ok());
  EXPECT_EQ(resolve("Ｔｏｄａｉ").code, "U-TOKYO");
  EXPECT_EQ(resolve("todai.").matched, "TODAI");
  EXPECT_EQ(resolve("東大").code, "U-TOKYO");
  // The same key again: unchanged, the first spelling kept.
  auto again = service.add("U-TOKYO", " todai ");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->result, "unchanged");
  EXPECT_EQ(again->alias, "TODAI");
  EXPECT_EQ(aliases_of("U-TOKYO"), (std::vector<std::string>{"TODAI", "東大"}));

  auto removed = service.remove("U-TOKYO", "ＴＯＤＡＩ");
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(removed->result, "removed");
  EXPECT_EQ(aliases_of("U-TOKYO"), (std::vector<std::string>{"東大"}));
  auto gone = service.remove("U-TOKYO", "TODAI");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "unknown_alias");
  EXPECT_FALSE(resolve("TODAI").resolved());

  EXPECT_EQ(service.add("U-NOWHERE", "X").error().code, "unknown_institution");
  EXPECT_EQ(service.add("U-TOKYO", " ... ").error().code, "bad_alias");
  EXPECT_EQ(service.add("U-TOKYO", "").error().code, "bad_alias");
}

TEST_P(InstitutionNamesTest, AKeyClaimedTwiceIsRefusedNamingBoth) {
  InstitutionAliasService service(*db_, "tester");
  ASSERT_TRUE(service.add("U-TOKYO", "TODAI").ok());
  const std::string before = testing::dump_content(*db_);
  // Another institution's alias …
  auto taken = service.add("U-KYOTO", "Todai");
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, "alias_taken");
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
  EXPECT_NE(taken.error().message.find("U-TOKYO"), std::string::npos) << taken.error().message;
  EXPECT_NE(taken.error().message.find("U-KYOTO"), std::string::npos) << taken.error().message;
  // … or its name.
  auto name = service.add("U-KYOTO", "UNIVERSITY OF TOKYO");
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().code, "alias_taken");
  EXPECT_NE(name.error().message.find("the name 'The University of Tokyo' of U-TOKYO"), std::string::npos)
      << name.error().message;
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(InstitutionNamesTest, AliasesInTheInstitutionsFile) {
  const std::string tokyo = R"({"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo",)"
                            R"("name_ja":"東京大学","country":"JP")";
  auto r = import_institutions(tokyo + R"(,"aliases":["TODAI","東大"]})" + "\n");
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(r.updated, 1);  // its record is the same; its aliases changed
  EXPECT_EQ(aliases_of("U-TOKYO"), (std::vector<std::string>{"TODAI", "東大"}));
  r = import_institutions(tokyo + R"(,"aliases":["TODAI","東大"]})" + "\n");
  EXPECT_EQ(r.unchanged, 1);
  // Without the key, the aliases stay; with a shorter list, they follow it.
  r = import_institutions(tokyo + "}\n");
  EXPECT_EQ(aliases_of("U-TOKYO").size(), 2u);
  r = import_institutions(tokyo + R"(,"aliases":["TODAI"]})" + "\n");
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(aliases_of("U-TOKYO"), (std::vector<std::string>{"TODAI"}));

  // A file in which a second institution claims the same key: refused,
  // naming both, nothing written.
  const std::string before = testing::dump_content(*db_);
  r = import_institutions(tokyo + R"(,"aliases":["TODAI","UT"]})" + "\n" +
                          R"({"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP",)"
                          R"("aliases":["ut."]})" + "\n");
  EXPECT_FALSE(r.written);
  ASSERT_EQ(r.problems.size(), 1u) << describe_problems(r.problems);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].field, "aliases");
  EXPECT_NE(r.problems[0].reason.find("U-TOKYO"), std::string::npos) << r.problems[0].reason;
  EXPECT_NE(r.problems[0].reason.find("U-KYOTO"), std::string::npos) << r.problems[0].reason;
  // An alias another stored institution holds: refused too.
  r = import_institutions(R"({"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP",)"
                          R"("aliases":["Todai"]})" "\n");
  EXPECT_FALSE(r.written);
  EXPECT_EQ(testing::dump_content(*db_), before);
  // A bad element names its index.
  r = import_institutions(tokyo + R"(,"aliases":["TODAI",7]})" + "\n");
  EXPECT_FALSE(r.written);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(r.problems[0].field, "aliases[1]");
}

TEST_P(InstitutionNamesTest, InstitutionsCsvTakesAliasesAsAList) {
  std::istringstream in("code,kind,name_en,name_ja,country,aliases\n"
                        "U-OSAKA,university,Osaka University,大阪大学,JP,HANDAI; 阪大\n");
  ImportOptions opt;
  const auto r = RegistryService(*db_).import_institutions(in, FileFormat::kCsv, opt);
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(aliases_of("U-OSAKA"), (std::vector<std::string>{"HANDAI", "阪大"}));
  EXPECT_EQ(resolve("handai").code, "U-OSAKA");
}

// ---- numbers -----------------------------------------------------------------

std::string jurisdiction_of(const std::string& canonical) {
  return canonical.back() == 'W' ? "WO" : canonical.substr(0, 2);
}

std::string kind_of(const std::string& canonical) {
  switch (canonical.back()) {
    case 'W': return "pct";
    case 'P': return "provisional";
    case 'U': return "utility_model";
    default: return "patent";
  }
}

// A filing date in the year the number carries (the consistency checks
// compare them), else 2012.
std::string filed_for(const std::string& canonical) {
  const auto year = application_number_year(canonical);
  return std::to_string(year.value_or(2012)) + "-06-01";
}

testing::PatentRecord record_for(const std::string& canonical) {
  return testing::patent(canonical)
      .jurisdiction(jurisdiction_of(canonical))
      .filed(filed_for(canonical))
      .kind(kind_of(canonical))
      .status("pending")
      .owner("U-TOKYO");
}

TEST_P(InstitutionNamesTest, EveryFormFindsItsApplication) {
  const auto forms = testing::number_forms();
  std::set<std::string> canonical;
  for (const auto& f : forms) {
    if (!f.canonical.empty()) canonical.insert(f.canonical);
  }
  std::string lines;
  for (const std::string& c : canonical) lines += record_for(c).line();
  const auto r = import_patents(lines);
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  ASSERT_EQ(r.inserted, static_cast<std::int64_t>(canonical.size()));
  RegistryService service(*db_);
  int looked_up = 0;
  for (const auto& f : forms) {
    if (f.canonical.empty() || !f.found_alone) continue;
    const auto p = service.lookup_patent(f.form);
    ASSERT_TRUE(p.ok()) << f.form << " (" << f.source << "): " << p.error().code << " " << p.error().message;
    EXPECT_EQ(p->patent.application_number, f.canonical) << f.form;
    ++looked_up;
  }
  // forms.tsv: 83 forms, 39 distinct canonical numbers; 65 forms parse
  // without a hint or year (column 5 "yes").
  EXPECT_EQ(canonical.size(), 39u);
  EXPECT_EQ(looked_up, 65);
}

TEST_P(InstitutionNamesTest, SeriesFormOfTwoApplicationsIsRefusedNamingBoth) {
  // 13/167,395 of 2011 and of 2012; 206,856 of 1995 and of 1998 (the old
  // form keeps no series: 09/206,856 matches both).
  ASSERT_TRUE(import_patents(record_for("US201113167395A").line() + record_for("US201213167395A").line() +
                             record_for("US20685695A").line() + record_for("US20685698A").line())
                  .written);
  RegistryService service(*db_);
  for (const auto& [form, names] : std::map<std::string, std::string>{
           {"US 13/167,395", "US201113167395A, US201213167395A"}, {"09/206,856", "US20685695A, US20685698A"}}) {
    const auto p = service.lookup_patent(form);
    ASSERT_FALSE(p.ok()) << form;
    EXPECT_EQ(p.error().code, "ambiguous_number");
    EXPECT_EQ(p.error().kind, ErrorKind::kConflict);
    EXPECT_NE(p.error().message.find(names), std::string::npos) << p.error().message;
  }
  // With the year (or the old form itself) each is found.
  EXPECT_EQ(service.lookup_patent("US201113167395A")->patent.application_number, "US201113167395A");
  EXPECT_EQ(service.lookup_patent("US20685698A")->patent.application_number, "US20685698A");
}

TEST_P(InstitutionNamesTest, PublicationAndGrantNumbersFindTheApplication) {
  ASSERT_TRUE(import_patents(record_for("US2013064552W")
                                 .extra(R"(,"publication_number":"WO 2014/059999 A1","publication_date":"2014-04-17")")
                                 .line() +
                             record_for("US201313844704A")
                                 .status("granted")
                                 .extra(R"(,"publication_number":"US 2014/0123456 A1","grant_number":"US 9,123,456 B2")"
                                        R"(,"grant_date":"2015-09-01")")
                                 .line())
                  .written);
  RegistryService service(*db_);
  for (const auto& [form, number] : std::map<std::string, std::string>{{"WO2014059999A1", "US2013064552W"},
                                                                      {"WO 2014/059999", "US2013064552W"},
                                                                      {"WO 14/059999", "US2013064552W"},
                                                                      {"ｗｏ２０１４／０５９９９９", "US2013064552W"},
                                                                      {"US9123456", "US201313844704A"},
                                                                      {"US 9,123,456 B2", "US201313844704A"},
                                                                      {"US 2014/0123456", "US201313844704A"}}) {
    const auto p = service.lookup_patent(form);
    ASSERT_TRUE(p.ok()) << form << ": " << p.error().message;
    EXPECT_EQ(p->patent.application_number, number) << form;
  }
  // Another kind is another document.
  EXPECT_FALSE(service.lookup_patent("US 9,123,456 B1").ok());
  // An 8-digit US grant number is written like a series and serial
  // (11/147,202): with no such application it is tried as a grant number,
  // stored here without its kind (as office data stores it), so any kind finds it.
  ASSERT_TRUE(import_patents(record_for("US201816232658A")
                                 .status("granted")
                                 .extra(R"(,"grant_number":"US11147202","grant_date":"2021-10-19")")
                                 .line())
                  .written);
  for (const std::string form : {"US11147202", "US 11,147,202", "US 11,147,202 B2", "US11147202B2"}) {
    const auto p = service.lookup_patent(form);
    ASSERT_TRUE(p.ok()) << form << ": " << p.error().message;
    EXPECT_EQ(p->patent.application_number, "US201816232658A") << form;
  }
  // A publication number two applications claim: refused, naming both.
  ASSERT_TRUE(import_patents(record_for("JP2012123456A").extra(R"(,"publication_number":"WO2014059999A1")").line())
                  .written);
  const auto both = service.lookup_patent("WO2014059999");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().code, "ambiguous_number");
  EXPECT_NE(both.error().message.find("JP2012123456A, US2013064552W"), std::string::npos) << both.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, InstitutionNamesTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
