// Registry use cases on SQLite and PostgreSQL: import with validation,
// re-import, refusal leaving the database unchanged, families.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "services/history.h"
#include "services/registry_service.h"
#include "io/registry_json.h"
#include "page_walk.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

using testing::TestDb;

// A valid JSONL patent line; `extra` (",\"key\":value…") adds members.
std::string patent_line(const std::string& number, const std::string& extra = "",
                        const std::string& jurisdiction = "JP",
                        const std::string& filing_date = "2012-03-01") {
  return testing::patent(number)
      .jurisdiction(jurisdiction)
      .filed(filing_date)
      .title("Lithium-ion battery electrode", "リチウムイオン電池用電極")
      .kind("patent")
      .status("pending")
      .ipc("H01M 10/052")
      .extra(R"(,"claims":12,"stage":"domestic_filing")")
      .owner("U-TOKYO", "1/2")
      .owner("C-0001", "1/2")
      .inventor("Yamada Taro", "U-TOKYO")
      .extra(extra)
      .json();
}

class RegistryServiceTest : public testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (IsSkipped()) return;
    service_ = std::make_unique<RegistryService>(*db_);
    std::istringstream in(testing::four_institutions(testing::Names::kBilingual));
    auto r = service_->import_institutions(in, FileFormat::kJsonl, {});
    ASSERT_TRUE(r.written) << describe_problems(r.problems);
    ASSERT_EQ(r.inserted, 4);
  }

  ImportReport import(const std::string& text, FileFormat f = FileFormat::kJsonl,
                      bool skip_invalid = false) {
    std::istringstream in(text);
    ImportOptions opt;
    opt.skip_invalid = skip_invalid;
    return service_->import_patents(in, f, opt);
  }

  // Imports a file holding one good line and one bad one, and checks that
  // it is refused, names the problem, and leaves the database unchanged.
  void expect_refused(const std::string& bad_line, const std::string& field,
                      const std::string& reason_part) {
    const std::string before = testing::dump_content(*db_);
    const auto r = import(patent_line("JP2012000001A") + "\n" + bad_line + "\n");
    EXPECT_FALSE(r.written);
    EXPECT_EQ(r.rejected, 1);
    ASSERT_FALSE(r.problems.empty());
    bool found = false;
    for (const auto& p : r.problems) {
      EXPECT_EQ(p.line, 2u);
      if (p.field == field && p.reason.find(reason_part) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << "expected " << field << ": …" << reason_part << "… in "
                       << describe_problems(r.problems);
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refused file changed the database";
  }

  std::unique_ptr<RegistryService> service_;
};

TEST_P(RegistryServiceTest, ImportsAndReimportChangesNothing) {
  const std::string file = patent_line("JP 2012-000001") + "\n" + patent_line("特願2012-000002") + "\n";
  auto first = import(file);
  ASSERT_TRUE(first.written) << describe_problems(first.problems);
  EXPECT_EQ(first.inserted, 2);
  const std::string after_first = testing::dump_content(*db_);
  auto second = import(file);
  ASSERT_TRUE(second.written);
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(second.unchanged, 2);
  EXPECT_EQ(testing::dump_content(*db_), after_first);
  auto p = service_->find_patent("JP2012000001A");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->patent.owners.size(), 2u);
  EXPECT_EQ(p->patent.owners[1].share, Fraction::make(1, 2).value());
  EXPECT_EQ(p->patent.title_ja, "リチウムイオン電池用電極");
  EXPECT_EQ(p->patent.claims, 12);
}

// Every field of a stored patent, its parts in order, as one line.
std::string describe(const StoredPatent& sp) {
  const Patent& p = sp.patent;
  std::ostringstream o;
  auto day = [](const std::optional<Date>& d) { return d ? d->to_string() : std::string("-"); };
  o << p.application_number << '|' << p.jurisdiction << '|' << p.filing_date.to_string() << '|'
    << to_string(p.kind) << '|' << p.title << '|' << p.title_ja << '|' << to_string(p.status) << '|'
    << p.publication_number << '|' << day(p.publication_date) << '|' << p.grant_number << '|'
    << day(p.grant_date) << '|' << (p.claims ? std::to_string(*p.claims) : "-") << '|'
    << to_string(p.stage) << "|ipc";
  for (const auto& c : p.ipc) o << ' ' << c;
  o << "|owners";
  for (const auto& x : p.owners) o << ' ' << x.institution << '=' << x.share.to_string();
  o << "|inventors";
  for (const auto& x : p.inventors) o << ' ' << x.name << '@' << x.institution;
  o << "|claims";
  for (const auto& c : p.priority_claims) {
    o << ' ' << c.number << '@' << day(c.date) << ':' << to_string(c.kind) << (c.active ? "" : ":inactive");
  }
  o << "|families " << sp.simple_family << ' ' << sp.extended_family;
  return o.str();
}

// find_patent (one patent, statements kept on the connection) reads what
// the list reads, parts in their registered order, and sees a change made
// through another connection at once.
TEST_P(RegistryServiceTest, FindPatentReadsEveryPartInOrderAndSeesLaterChanges) {
  // A line with every part, several of each (patent_line's parts are fixed).
  auto line = [](const std::string& number, const std::string& parts) {
    return R"({"application_number":")" + number +
           R"(","jurisdiction":"JP","filing_date":"2012-03-01","title":"Electrode","title_ja":"電極","kind":"patent","status":"pending","claims":12,"stage":"domestic_filing",)" +
           parts + "}";
  };
  const std::string parts =
      R"("ipc":["H01M 10/052","H01M 4/13","C01B 32/05"],"publication_number":"JP2013100001A","publication_date":"2013-09-01",)"
      R"("owners":[{"institution":"U-TOKYO","share":"1/3"},{"institution":"C-0001","share":"1/6"},{"institution":"U-KYOTO","share":"1/2"}],)"
      R"("inventors":[{"name":"Yamada Taro","institution":"U-TOKYO"},{"name":"Free Agent"},{"name":"Suzuki Hanako","institution":"U-KYOTO"}],)"
      R"("priority_claims":[{"number":"JP2011000009A","date":"2011-03-01","kind":"domestic"},{"number":"US201161000001P","kind":"provisional","active":false}])";
  const auto r = import(line("JP2012000001A", parts) + "\n" + patent_line("JP2012000002A"));
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  const auto listed = service_->list_patents(PatentFilter{}, PageRequest{});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 2u);
  for (const auto& l : listed->items) {
    auto found = service_->find_patent(l.patent.application_number);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(describe(*found), describe(l));
  }
  const auto p = service_->find_patent("JP2012000001A");
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->patent.owners.size(), 3u);
  EXPECT_EQ(p->patent.owners[1].institution, "C-0001");
  ASSERT_EQ(p->patent.inventors.size(), 3u);
  EXPECT_EQ(p->patent.inventors[1].institution, "");
  ASSERT_EQ(p->patent.priority_claims.size(), 2u);
  EXPECT_FALSE(p->patent.priority_claims[1].date.has_value());
  EXPECT_FALSE(p->patent.priority_claims[1].active);
  EXPECT_EQ(p->patent.ipc[2], "C01B 32/05");

  // Another connection changes the owners and classes; this one sees it.
  auto other_db = tdb_->open();
  RegistryService other(*other_db);
  std::istringstream in(line(
      "JP2012000001A",
      R"("ipc":["C01B 32/05"],"owners":[{"institution":"U-KYOTO","share":"1"}],"inventors":[{"name":"Suzuki Hanako","institution":"U-KYOTO"}])"));
  ImportOptions replace;
  replace.scope.replace = true;  // the change drops owners, inventors and classes on purpose
  ASSERT_TRUE(other.import_patents(in, FileFormat::kJsonl, replace).written);
  const auto after = service_->find_patent("JP2012000001A");
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->patent.owners.size(), 1u);
  EXPECT_EQ(after->patent.owners[0].institution, "U-KYOTO");
  EXPECT_EQ(after->patent.ipc, std::vector<std::string>{"C01B 32/05"});
  EXPECT_TRUE(after->patent.priority_claims.empty());
  EXPECT_FALSE(service_->find_patent("JP2099999999A").has_value());
}

TEST_P(RegistryServiceTest, ChangedRecordIsUpdated) {
  ASSERT_TRUE(import(patent_line("JP2012000001A")).written);
  auto r = import(patent_line("JP2012000001A", R"(,"grant_number":"JP5000001B2","grant_date":"2015-06-01")"));
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(r.updated, 1);
  auto p = service_->find_patent("JP2012000001A");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->patent.grant_number, "JP5000001B2");
  EXPECT_EQ(p->patent.owners.size(), 2u);
}

// A re-import that would drop data is refused naming it, unless the import
// says replace; what it writes is in the change history, field by field.
TEST_P(RegistryServiceTest, ReimportThatLosesDataNeedsReplace) {
  ASSERT_TRUE(import(patent_line("JP2012000001A")).written);
  const auto stored = service_->find_patent("JP2012000001A")->patent;
  ASSERT_FALSE(stored.inventors.empty());
  const std::string lossy = testing::patent("JP2012000001A").filed("2012-03-01")
                                .title("Lithium-ion battery electrode", "リチウムイオン電池用電極").kind("patent")
                                .status("pending").ipc("H01M 10/052")
                                .extra(R"(,"claims":12,"stage":"domestic_filing")")
                                .owner("U-TOKYO", "1/2").owner("C-0001", "1/2").json();
  const std::string before = testing::dump_content(*db_);
  const auto refused = import(lossy);
  EXPECT_FALSE(refused.written);
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_NE(refused.problems[0].reason.find("would remove inventor " + stored.inventors[0].name), std::string::npos)
      << describe_problems(refused.problems);
  EXPECT_EQ(testing::dump_content(*db_), before);

  std::istringstream in(lossy);
  ImportOptions opt;
  opt.scope = {"importer", "", true};
  ASSERT_TRUE(service_->import_patents(in, FileFormat::kJsonl, opt).written);
  ChangeFilter filter;
  filter.entity_key = "JP 2012-000001";
  const auto changes = page_changes_of(*db_, filter, PageRequest{}).value().items;
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].action, "patent.import");
  EXPECT_EQ(changes[0].actor, "importer");
  EXPECT_NE(changes[0].detail.find(R"("inventors":{"from":[)"), std::string::npos) << changes[0].detail;
  EXPECT_NE(changes[0].detail.find(R"("to":[])"), std::string::npos) << changes[0].detail;
}

// A partial update keeps what it does not name; the reader's rules apply.
TEST_P(RegistryServiceTest, UpdateChangesOnlyWhatItNames) {
  ASSERT_TRUE(import(patent_line("JP2012000001A")).written);
  const auto stored = service_->find_patent("JP2012000001A")->patent;
  auto r = service_->update_patent("特願2012-000001", R"({"claims":14})", {"updater", "", false});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "updated");
  auto p = service_->find_patent("JP2012000001A")->patent;
  EXPECT_EQ(p.claims, std::optional<std::int64_t>(14));
  p.claims = stored.claims;
  EXPECT_EQ(content_hash(p), content_hash(stored));
  auto bad = service_->update_patent("JP2012000001A", R"({"filing_date":"2012-02-30"})", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "filing_date");
  EXPECT_EQ(service_->update_patent("JP2099999999A", "{}", {}).error().kind, ErrorKind::kNotFound);
}

TEST_P(RegistryServiceTest, BadDate) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-30","title":"t","owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "filing_date", "2012-02-30");
}

// Every problem on a line, not only the first (issue 18, point 5): a bad
// date, shares summing to 9/10, granted without a grant date and an unknown
// owner, each once; none invented from the unreadable date.
TEST_P(RegistryServiceTest, EveryProblemOnALineIsReported) {
  for (const FileFormat format : {FileFormat::kJsonl, FileFormat::kCsv}) {
    const std::string line =
        format == FileFormat::kJsonl
            ? R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-30","title":"t",)"
              R"("status":"granted","owners":[{"institution":"U-TOKYO","share":"1/2"},{"institution":"U-NOWHERE","share":"2/5"}]})"
            : "application_number,jurisdiction,filing_date,title,status,owners\n"
              "JP2012000002A,JP,2012-02-30,t,granted,U-TOKYO:1/2; U-NOWHERE:2/5";
    const auto r = import(line + "\n", format);
    EXPECT_FALSE(r.written);
    std::vector<std::string> fields;
    for (const auto& p : r.problems) fields.push_back(p.field);
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"filing_date", "grant_date", "owners", "owners[1].institution"}))
        << describe_problems(r.problems);
  }
}

TEST_P(RegistryServiceTest, UnknownJurisdiction) {
  expect_refused(R"({"application_number":"2012000002","jurisdiction":"XX","filing_date":"2012-02-01","title":"t","owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "jurisdiction", "XX");
}

TEST_P(RegistryServiceTest, UnknownInstitution) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":"t","owners":[{"institution":"U-NOWHERE","share":"1"}]})",
                 "owners[0].institution", "U-NOWHERE");
}

TEST_P(RegistryServiceTest, SharesNotSummingToOne) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":"t","owners":[{"institution":"U-TOKYO","share":"1/3"},{"institution":"U-KYOTO","share":"1/3"}]})",
                 "owners", "2/3");
}

TEST_P(RegistryServiceTest, DuplicateOwner) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":"t","owners":[{"institution":"U-TOKYO","share":"50%"},{"institution":"U-TOKYO","share":"50%"}]})",
                 "owners[1].institution", "duplicate");
}

TEST_P(RegistryServiceTest, NegativeClaims) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":"t","claims":-3,"owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "claims", "negative");
}

TEST_P(RegistryServiceTest, InvalidUtf8) {
  expect_refused("{\"application_number\":\"JP2012000002A\",\"jurisdiction\":\"JP\",\"filing_date\":\"2012-02-01\",\"title\":\"bad \xC3\x28 text\",\"owners\":[{\"institution\":\"U-TOKYO\",\"share\":\"1\"}]}",
                 "", "UTF-8");
}

TEST_P(RegistryServiceTest, OverLongField) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":")" +
                     std::string(1001, 'x') + R"(","owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "title", "limit is 1000");
}

TEST_P(RegistryServiceTest, MalformedJson) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP",)", "", "malformed JSON");
}

TEST_P(RegistryServiceTest, WrongTypeAndUnknownKey) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":42,"owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "title", "must be a string");
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","title":"t","colour":"red","owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "colour", "unknown field");
}

TEST_P(RegistryServiceTest, MissingRequiredField) {
  expect_refused(R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"2012-02-01","owners":[{"institution":"U-TOKYO","share":"1"}]})",
                 "title", "required");
}

TEST_P(RegistryServiceTest, DuplicateNumberInFile) {
  expect_refused(patent_line("JP 2012-000001"), "application_number", "appears twice");
}

TEST_P(RegistryServiceTest, EveryBadRowIsListed) {
  const std::string file = patent_line("JP2012000001A") + "\n" +
      R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"bad","title":"t","owners":[{"institution":"U-TOKYO","share":"1"}]})" "\n" +
      patent_line("JP2012000003A") + "\n" +
      R"({"application_number":"JP2012000004A","jurisdiction":"JP","filing_date":"2012-01-01","title":"t","owners":[{"institution":"U-X","share":"1"}]})" "\n";
  auto r = import(file);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.read, 4);
  EXPECT_EQ(r.rejected, 2);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[1].line, 4u);
}

TEST_P(RegistryServiceTest, SkipInvalidImportsTheRest) {
  const std::string file = patent_line("JP2012000001A") + "\n" +
      R"({"application_number":"JP2012000002A","jurisdiction":"JP","filing_date":"bad","title":"t","owners":[{"institution":"U-TOKYO","share":"1"}]})" "\n" +
      patent_line("JP2012000003A") + "\n";
  auto r = import(file, FileFormat::kJsonl, true);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(r.rejected, 1);
  EXPECT_TRUE(service_->find_patent("JP2012000003A").has_value());
  EXPECT_FALSE(service_->find_patent("JP2012000002A").has_value());
}

TEST_P(RegistryServiceTest, CsvImportWithCellSyntax) {
  const std::string csv =
      "application_number,jurisdiction,filing_date,title,title_ja,ipc,claims,owners,inventors,priority_claims\n"
      "JP 2012-000001,JP,2012-03-01,Electrode,電極,H01M 10/052,10,U-TOKYO:1,Yamada Taro@U-TOKYO,\n"
      "\"PCT/JP2013/000123\",WO,2013-02-20,\"Electrode, improved\",電極,H01M10/052; H01M 4/13,12,"
      "U-TOKYO:50%; U-KYOTO:50%,Yamada Taro@U-TOKYO; Suzuki Hanako@U-KYOTO,"
      "JP2012000001A@2012-03-01:paris\n";
  auto r = import(csv, FileFormat::kCsv);
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(r.inserted, 2);
  auto p = service_->find_patent("JP2013000123W");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->patent.jurisdiction, "WO");
  EXPECT_EQ(p->patent.title, "Electrode, improved");
  ASSERT_EQ(p->patent.ipc.size(), 2u);
  EXPECT_EQ(p->patent.ipc[0], "H01M 10/052");
  ASSERT_EQ(p->patent.priority_claims.size(), 1u);
  EXPECT_EQ(p->patent.priority_claims[0].number, "JP2012000001A");
  EXPECT_EQ(p->simple_family, "JP2012000001A");
}

TEST_P(RegistryServiceTest, CsvUnknownColumnIsRefused) {
  auto r = import("application_number,colour\nJP2012000001A,red\n", FileFormat::kCsv);
  EXPECT_FALSE(r.written);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems[0].reason.find("colour"), std::string::npos);
}

// SCHEME example: D1{P1}, D2{P1,P2}, D4{P2,P3}, D5{P3}; P1 registered and
// claiming nothing; P2, P3 are unregistered foreign first filings.
TEST_P(RegistryServiceTest, FamiliesFollowTheSchemeExample) {
  auto claim = [](const char* number, const char* date) {
    return std::string(R"({"number":")") + number + R"(","date":")" + date + R"(","kind":"paris"})";
  };
  const std::string p2 = claim("US201261000002P", "2012-02-01");
  const std::string p3 = claim("US201261000003P", "2012-03-01");
  const std::string p1 = claim("JP2012000001A", "2012-01-10");
  const std::string file =
      patent_line("JP2012000001A") + "\n" +
      patent_line("JP2012100001A", R"(,"priority_claims":[)" + p1 + "]") + "\n" +
      patent_line("JP2012100002A", R"(,"priority_claims":[)" + p1 + "," + p2 + "]") + "\n" +
      patent_line("JP2012100004A", R"(,"priority_claims":[)" + p2 + "," + p3 + "]") + "\n" +
      patent_line("JP2012100005A", R"(,"priority_claims":[)" + p3 + "]") + "\n";
  auto r = import(file);
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  auto simple = service_->list_families("simple", {}, PageRequest{}).items;
  auto extended = service_->list_families("extended", {}, PageRequest{}).items;
  ASSERT_EQ(extended.size(), 1u);
  EXPECT_EQ(extended[0].members.size(), 5u);
  ASSERT_EQ(simple.size(), 4u);
  auto f = service_->families_of("JP2012100001A");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->simple.members, (std::vector<std::string>{"JP2012000001A", "JP2012100001A"}));
  EXPECT_EQ(f->extended.members.size(), 5u);
  for (const char* alone : {"JP2012100002A", "JP2012100004A", "JP2012100005A"}) {
    auto g = service_->families_of(alone);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->simple.members, std::vector<std::string>{alone});
  }
}

// A number a user gives to find a patent: what is wrong with a malformed one
// (not "not found"), unknown_patent for a well-formed one not registered,
// and a US series form without its year matched on series code and serial.
TEST_P(RegistryServiceTest, LookupSaysWhatIsWrongWithTheNumber) {
  ASSERT_TRUE(import(patent_line("JP2012000001A")).written);
  auto bad = service_->lookup_patent("JP 2024-1234567");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "bad_number");
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.error().field, "number");
  EXPECT_EQ(bad.error().message,
            "application number \"JP 2024-1234567\": the serial number 1234567 has 7 digits; at most 6 are allowed");
  auto country = service_->lookup_patent("XX 123", "key");
  ASSERT_FALSE(country.ok());
  EXPECT_EQ(country.error().code, "unknown_jurisdiction");
  EXPECT_EQ(country.error().field, "key");
  EXPECT_NE(country.error().message.find("unknown country code XX"), std::string::npos) << country.error().message;
  EXPECT_EQ(service_->lookup_patent("").error().code, "empty_number");

  auto missing = service_->lookup_patent("JP 2099-999999");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "unknown_patent");
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto found = service_->lookup_patent("特願2012-000001");
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->patent.application_number, "JP2012000001A");
  // A scoped look-up: another institution's patent is as if not registered.
  EXPECT_TRUE(service_->lookup_patent("JP2012000001A", "number", "U-TOKYO").ok());
  EXPECT_EQ(service_->lookup_patent("JP2012000001A", "number", "U-KYOTO").error().code, "unknown_patent");
  // update_patent and families_of refuse the same way, changing nothing.
  const std::string before = testing::dump_content(*db_);
  EXPECT_EQ(service_->update_patent("XX 123", R"({"title":"T"})", {}).error().code, "unknown_jurisdiction");
  EXPECT_EQ(service_->update_patent("JP2099999999A", R"({"title":"T"})", {}).error().code, "unknown_patent");
  EXPECT_EQ(service_->families_of("JP 2024-1234567").error().code, "bad_number");
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(RegistryServiceTest, UsSeriesFormWithoutYearFindsTheApplication) {
  ASSERT_TRUE(import(patent_line("US 18/612,345", "", "US", "2024-03-01") + "\n" +
                     patent_line("US 13/167,395", "", "US", "2011-06-23") + "\n" +
                     patent_line("US 13/167,395", "", "US", "2012-06-23") + "\n")
                  .written);
  // Every spelling of series code and serial, with or without US and comma.
  for (const char* spelled : {"US 18/612,345", "US 18/612345", "US18612345", "18/612,345", "18/612345",
                              "ＵＳ１８／６１２，３４５"}) {
    auto p = service_->lookup_patent(spelled);
    ASSERT_TRUE(p.ok()) << spelled << ": " << p.error().message;
    EXPECT_EQ(p->patent.application_number, "US202418612345A") << spelled;
  }
  // Two applications with series 13 and serial 167395 (different years): refused, both named.
  auto two = service_->lookup_patent("13/167,395");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, "ambiguous_number");
  EXPECT_EQ(two.error().kind, ErrorKind::kConflict);
  EXPECT_NE(two.error().message.find("US201113167395A, US201213167395A"), std::string::npos) << two.error().message;
  // With the year, each is found; a scoped look-up counts only its own.
  EXPECT_EQ(service_->lookup_patent("US 2012 13/167,395")->patent.application_number, "US201213167395A");
  EXPECT_EQ(service_->lookup_patent("US 13/167,395", "number", "U-TOKYO").error().code, "ambiguous_number");
  EXPECT_EQ(service_->lookup_patent("US 13/167,395", "number", "U-KYOTO").error().code, "unknown_patent");
  // None registered: unknown_patent.
  EXPECT_EQ(service_->lookup_patent("US 17/000,001").error().code, "unknown_patent");
  EXPECT_EQ(service_->lookup_patent("17/000001").error().code, "unknown_patent");
  // The history of a patent by its series form; the same refusals.
  auto changes = [&](const std::string& type, const std::string& key) {
    ChangeFilter f;
    f.entity_type = type;
    f.entity_key = key;
    return page_changes_of(*db_, f, PageRequest{});
  };
  ASSERT_TRUE(service_->update_patent("18/612,345", R"({"title":"Anode"})", {"tester", "", true}).ok());
  auto history = changes("", "18/612,345");
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_FALSE(history->items.empty());
  for (const ChangeRecord& r : history->items) EXPECT_EQ(r.entity_key, "US202418612345A");
  EXPECT_EQ(changes("", "13/167,395").error().code, "ambiguous_number");
  EXPECT_EQ(changes("", "JP 2024-1234567").error().code, "bad_number");
  EXPECT_EQ(changes("", "XX 123").error().code, "unknown_jurisdiction");
  EXPECT_EQ(changes("patent", "nonsense").error().field, "key");
  EXPECT_TRUE(changes("", "U-TOKYO").ok());  // not written like a number: another record's key
}

TEST_P(RegistryServiceTest, FamiliesStayCurrentAfterRegistration) {
  ASSERT_TRUE(import(patent_line("JP2012000001A")).written);
  // Registration through the service (what `chizai patent add` calls).
  Patent follow_on;
  std::istringstream in(patent_line(
      "EP12345678A",
      R"(,"priority_claims":[{"number":"JP2012000001A","date":"2012-03-01","kind":"paris"}])",
      "EP", "2013-02-01"));
  read_patents(in, FileFormat::kJsonl, [&](ParsedRecord<Patent>&& rec) {
    ASSERT_TRUE(rec.record.has_value()) << rec.errors.front().reason;
    follow_on = *rec.record;
  });
  auto r = service_->register_patent(follow_on);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "inserted");
  auto f = service_->families_of("EP12345678A");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->simple.id, "JP2012000001A");  // named after its first filing
  EXPECT_EQ(f->simple.members, (std::vector<std::string>{"EP12345678A", "JP2012000001A"}));
  EXPECT_EQ(service_->register_patent(follow_on).value(), "unchanged");
}

TEST_P(RegistryServiceTest, ListFiltersByInstitutionAndPages) {
  ASSERT_TRUE(import(patent_line("JP2012000001A") + "\n" + patent_line("JP2012000002A") + "\n" +
                     R"({"application_number":"JP2012000003A","jurisdiction":"JP","filing_date":"2012-02-01","title":"t","owners":[{"institution":"U-KYOTO","share":"1"}]})")
                  .written);
  auto tokyo = service_->list_patents({"U-TOKYO"}, PageRequest{});
  ASSERT_TRUE(tokyo.ok());
  EXPECT_EQ(tokyo->items.size(), 2u);
  auto page = service_->list_patents({}, PageRequest{"JP2012000001A", 1});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items.front().patent.application_number, "JP2012000002A");
  EXPECT_EQ(page->next, "JP2012000002A");
  EXPECT_FALSE(service_->list_patents({"U-NOWHERE"}, PageRequest{}).ok());
}


TEST_P(RegistryServiceTest, PatentsAndFamiliesPageInKeyOrder) {
  // 2,500 patents, each its own simple family; every third owned by U-KYOTO alone.
  std::string file;
  std::vector<std::string> all, kyoto;
  for (int i = 2500; i-- > 0;) {  // written in reverse: the order must come from the key
    char number[16];
    std::snprintf(number, sizeof number, "JP2013%06dA", i);
    all.push_back(number);
    if (i % 3 == 0) {
      kyoto.push_back(number);
      file += std::string(R"({"application_number":")") + number +
              R"(","jurisdiction":"JP","filing_date":"2013-02-01","title":"t","owners":[{"institution":"U-KYOTO","share":"1"}]})" "\n";
    } else {
      file += patent_line(number, "", "JP", "2013-03-01") + "\n";
    }
  }
  ASSERT_TRUE(import(file).written);
  std::sort(all.begin(), all.end());
  std::sort(kyoto.begin(), kyoto.end());
  auto patents = [&](const std::string& institution) {
    return testing::walk_pages<StoredPatent>(
        [&](const PageRequest& p) { return service_->list_patents({institution}, p).value(); },
        [](const StoredPatent& p) { return p.patent.application_number; });
  };
  EXPECT_EQ(patents(""), all);
  EXPECT_EQ(patents("U-KYOTO"), kyoto);
  auto families = [&](const std::string& institution) {
    return testing::walk_pages<FamilyRow>(
        [&](const PageRequest& p) { return service_->list_families("simple", {institution}, p); },
        [](const FamilyRow& f) {
          EXPECT_EQ(f.members, std::vector<std::string>{f.id});
          return f.id;
        });
  };
  EXPECT_EQ(families(""), all);
  EXPECT_EQ(families("U-KYOTO"), kyoto);
}

TEST_P(RegistryServiceTest, InstitutionImportValidates) {
  const std::string before = testing::dump_content(*db_);
  std::istringstream in(
      R"({"code":"U-NEW","kind":"university","name_en":"New U","name_ja":"","country":"JP"}
{"code":"bad code","kind":"college","name_en":"","country":"Japan"}
)");
  auto r = service_->import_institutions(in, FileFormat::kJsonl, {});
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.rejected, 1);
  EXPECT_GE(r.problems.size(), 3u);  // kind, code, name_en, country
  EXPECT_EQ(testing::dump_content(*db_), before);
}

// ---- Consistency checks (README "Consistency checks") ------------------------

// A JSONL record of `number` filed on `filed`, owned by U-TOKYO, with
// `members` (",\"key\":value…") added; the jurisdiction is left to the number.
std::string record(const std::string& number, const std::string& filed, const std::string& members = "") {
  return R"({"application_number":")" + number + R"(","filing_date":")" + filed +
         R"(","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}])" + members + "}";
}

std::string claims(const std::string& number, const std::string& date, const std::string& kind) {
  return R"(,"priority_claims":[{"number":")" + number + R"(")" + (date.empty() ? "" : R"(,"date":")" + date + R"(")") +
         R"(,"kind":")" + kind + R"("}])";
}

// The one patent of the JSONL line `line`, read as `chizai patent add` reads its flags.
Patent read_one(const std::string& line) {
  Patent out;
  std::istringstream in(line);
  read_patents(in, FileFormat::kJsonl, [&](ParsedRecord<Patent>&& r) {
    ASSERT_TRUE(r.record.has_value()) << (r.errors.empty() ? "" : r.errors.front().field + ": " + r.errors.front().reason);
    out = *r.record;
  });
  return out;
}

// The problems of an import as "line field code".
std::vector<std::string> coded(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(std::to_string(p.line) + " " + p.field + " " + p.code);
  return out;
}

using Lines = std::vector<std::string>;

TEST_P(RegistryServiceTest, AFirstFilingsNumberCarriesTheYearOfItsFilingDate) {
  const std::string before = testing::dump_content(*db_);
  const auto r = import(record("特願2024-100001", "2019-04-01") + "\n" +
                        record("PCT/JP2024/000123", "2025-01-15", R"(,"kind":"pct")") + "\n");
  EXPECT_FALSE(r.written);
  EXPECT_EQ(coded(r), (Lines{"1 application_number number_year_mismatch", "2 application_number number_year_mismatch"}))
      << describe_problems(r.problems);
  EXPECT_EQ(testing::dump_content(*db_), before);
  const auto one = service_->register_patent(read_one(record("特願2024-100001", "2019-04-01")));
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code, "number_year_mismatch");
  EXPECT_EQ(one.error().field, "application_number");
  EXPECT_EQ(one.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(one.error().message.find("2019-04-01"), std::string::npos) << one.error().message;
  EXPECT_EQ(testing::dump_content(*db_), before);
  // A national-phase entry numbered in its year of entry, with the
  // international filing date; a divisional keeping its parent's date.
  const auto ok = import(record("特願2024-100001", "2022-06-01", claims("PCT/US2022/012345", "2022-06-01", "pct")) +
                         "\n" + record("特願2024-100002", "2019-04-01", claims("JP2019050001A", "2019-04-01", "divisional")) +
                         "\n");
  EXPECT_TRUE(ok.written) << describe_problems(ok.problems);
  EXPECT_EQ(ok.inserted, 2);
}

TEST_P(RegistryServiceTest, AParisPriorityPastTwelveMonthsIsAWarningToAccept) {
  // Priority 2019-03-04, period ended 2020-03-04: filed 2020-04-01 only with a restored priority.
  const std::string late = record("US202000000001A", "2020-04-01", claims("JP2019100001A", "2019-03-04", "paris"));
  const std::string before = testing::dump_content(*db_);
  const auto refused = import(late + "\n");
  EXPECT_FALSE(refused.written);
  EXPECT_EQ(coded(refused), (Lines{"1 priority_claims[0].date priority_restoration"}));
  EXPECT_NE(refused.problems.at(0).reason.find("--accept-warnings"), std::string::npos);
  EXPECT_EQ(testing::dump_content(*db_), before);

  const Patent p = read_one(late);
  const auto one = service_->register_patent(p);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code, "needs_confirmation");
  EXPECT_EQ(one.error().kind, ErrorKind::kRefused);
  EXPECT_EQ(one.error().field, "priority_claims[0].date");
  EXPECT_NE(one.error().message.find("[priority_restoration]"), std::string::npos) << one.error().message;
  EXPECT_EQ(testing::dump_content(*db_), before);

  WriteScope accepting;
  accepting.accept_warnings = true;
  EXPECT_EQ(service_->register_patent(p, accepting).value(), "inserted");
  ImportOptions opt;
  opt.scope.accept_warnings = true;
  std::istringstream in(late + "\n");
  const auto accepted = service_->import_patents(in, FileFormat::kJsonl, opt);
  EXPECT_TRUE(accepted.written) << describe_problems(accepted.problems);
  EXPECT_EQ(accepted.unchanged, 1);

  // An update that makes the claim late is a warning too.
  ASSERT_TRUE(import(record("US202000000002A", "2020-03-02", claims("JP2019100001A", "2019-03-04", "paris"))).written);
  const auto update = service_->update_patent("US202000000002A", R"({"filing_date":"2020-03-05"})", {});
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().code, "needs_confirmation");
  EXPECT_EQ(service_->update_patent("US202000000002A", R"({"filing_date":"2020-03-05"})", accepting).value(), "updated");
}

TEST_P(RegistryServiceTest, AParisPriorityPastFourteenMonthsIsRefused) {
  const std::string lost = record("US202000000001A", "2020-05-05", claims("JP2019100001A", "2019-03-04", "paris"));
  ImportOptions opt;
  opt.scope.accept_warnings = true;  // an error is not a warning
  std::istringstream in(lost + "\n");
  const auto r = service_->import_patents(in, FileFormat::kJsonl, opt);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(coded(r), (Lines{"1 priority_claims[0].date priority_period_exceeded"}));
  const auto one = service_->register_patent(read_one(lost), opt.scope);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code, "priority_period_exceeded");
  // A priority lost is recorded as such (inactive).
  EXPECT_TRUE(import(record("US202000000001A", "2020-05-05",
                            R"(,"priority_claims":[{"number":"JP2019100001A","date":"2019-03-04","kind":"paris","active":false}])"))
                  .written);
}

TEST_P(RegistryServiceTest, AGrantHasItsDateAfterTheFiling) {
  const auto early = service_->register_patent(
      read_one(record("JP2019100001A", "2019-04-01", R"(,"status":"granted","grant_date":"2019-03-01")")));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "grant_before_filing");
  EXPECT_EQ(early.error().field, "grant_date");
  const auto undated = service_->register_patent(read_one(record("JP2019100001A", "2019-04-01", R"(,"status":"granted")")));
  ASSERT_FALSE(undated.ok());
  EXPECT_EQ(undated.error().code, "grant_date_missing");
  const auto r = import(record("JP2019100001A", "2019-04-01", R"(,"status":"granted")") + "\n");
  EXPECT_EQ(coded(r), (Lines{"1 grant_date grant_date_missing"}));
}

TEST_P(RegistryServiceTest, ADivisionalIsNotFiledBeforeItsRegisteredParent) {
  ASSERT_TRUE(import(record("JP2021000001A", "2021-05-01") + "\n").written);
  const std::string before = testing::dump_content(*db_);
  // The claim gives no date: the registered parent's is used.
  const std::string early = record("JP2021100001A", "2021-04-01", claims("特願2021-000001", "", "divisional"));
  const auto r = import(early + "\n");
  EXPECT_FALSE(r.written);
  EXPECT_EQ(coded(r), (Lines{"1 filing_date filed_before_parent"})) << describe_problems(r.problems);
  EXPECT_NE(r.problems.at(0).reason.find("JP2021000001A"), std::string::npos);
  const auto one = service_->register_patent(read_one(early));
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code, "filed_before_parent");
  EXPECT_EQ(one.error().field, "filing_date");
  EXPECT_EQ(testing::dump_content(*db_), before);
  EXPECT_TRUE(import(record("JP2021100001A", "2021-06-01", claims("JP2021000001A", "", "continuation")) + "\n").written);

  // The other way: the parent moved after its registered continuation.
  const auto moved = service_->update_patent("JP2021000001A", R"({"filing_date":"2021-07-01"})", {});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, "filed_before_parent");
  EXPECT_NE(moved.error().message.find("JP2021100001A"), std::string::npos) << moved.error().message;

  // Parent and divisional in one file, in either order.
  for (const bool parent_first : {true, false}) {
    const std::string parent = record("JP2022000001A", "2022-05-01");
    const std::string child = record("JP2022100001A", "2022-04-01", claims("JP2022000001A", "", "divisional"));
    const auto both = import(parent_first ? parent + "\n" + child + "\n" : child + "\n" + parent + "\n");
    EXPECT_FALSE(both.written);
    EXPECT_EQ(coded(both), Lines{"2 filing_date filed_before_parent"}) << describe_problems(both.problems);
  }
}

TEST_P(RegistryServiceTest, TheJurisdictionIsTheNumbersWhenItSaysIt) {
  const auto r = import(record("特願2019-100001", "2019-04-01") + "\n" +
                        record("PCT/JP2020/000123", "2020-03-30", R"(,"kind":"pct")") + "\n" +
                        record("US 61/713,164", "2012-10-12") + "\n");
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(service_->find_patent("JP2019100001A")->patent.jurisdiction, "JP");
  EXPECT_EQ(service_->find_patent("JP2020000123W")->patent.jurisdiction, "WO");
  EXPECT_EQ(service_->find_patent("US201261713164P")->patent.jurisdiction, "US");

  const auto conflict = import(R"({"application_number":"特願2019-100002","jurisdiction":"US","filing_date":"2019-04-01",)"
                               R"("title":"t","owners":[{"institution":"U-TOKYO","share":"1"}]})" "\n" +
                               record("2019-100003", "2019-04-01") + "\n");
  EXPECT_FALSE(conflict.written);
  EXPECT_EQ(coded(conflict), (Lines{"1 jurisdiction jurisdiction_mismatch", "2 jurisdiction "}));
  const std::string& why = conflict.problems.at(0).reason;
  EXPECT_NE(why.find("'US'"), std::string::npos) << why;
  EXPECT_NE(why.find("a JP application"), std::string::npos) << why;
  EXPECT_NE(conflict.problems.at(1).reason.find("is required"), std::string::npos);
}

// Every problem of a line, the consistency checks' among them, each naming
// its field: a late Paris priority (a warning), a number of another year, an
// unknown owner and a claim count of the wrong type.
TEST_P(RegistryServiceTest, TheConsistencyChecksJoinEveryOtherProblemOfALine) {
  const auto r = import(R"({"application_number":"特願2024-100001","filing_date":"2020-04-01","title":"t","claims":"many",)"
                        R"("owners":[{"institution":"U-NOWHERE","share":"1"}],)"
                        R"("priority_claims":[{"number":"US201961000001P","date":"2019-03-04","kind":"paris"}]})" "\n");
  EXPECT_FALSE(r.written);
  std::vector<std::string> found = coded(r);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (Lines{"1 application_number number_year_mismatch", "1 claims ", "1 owners[0].institution ",
                          "1 priority_claims[0].date priority_restoration"}))
      << describe_problems(r.problems);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
