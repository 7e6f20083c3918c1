// Matching on SQLite and PostgreSQL: company import (CSV and JSONL, every
// refusal writing nothing), signals (interest, events) and their refusals,
// the ranked queries with their explanations, the candidate consortium with
// its exclusive-licence rule, the candidate edges, the optimal assignment
// (checked against brute force over the same edges) and the graph.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <soci/soci.h>
#include <sstream>

#include "demo/demo_data.h"
#include "requests/matching.h"
#include "services/matching_service.h"
#include "services/deal_service.h"
#include "services/package_service.h"
#include "services/staff_service.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

std::string patents_file() {
  const auto patent = [](const char* number, const char* ipc, const char* title, const char* title_ja,
                         const char* owner) {
    return testing::patent(number).filed("2015-01-10").title(title, title_ja).ipc(ipc).owner(owner);
  };
  return testing::patent_lines(
      {patent("JP2015000001A", "H01M 10/052", "Lithium ion battery electrolyte", "リチウムイオン電池用電解質",
              "U-TOKYO"),
       patent("JP2015000002A", "A61K 31/00", "Drug delivery carrier", "薬物送達担体", "U-KYOTO"),
       patent("JP2015000003A", "H01M 4/13", "Cathode active material", "正極活物質", "U-TOKYO")});
}

const char* kCompaniesCsv =
    "code,name_en,name_ja,country,region,size,industry,interests,keywords\n"
    "C-BATT,Sakura Battery,さくら電池,JP,japan,large,batteries,H01M:1,リチウムイオン電池\n"
    "C-PHARMA,Acme Pharma,,US,north_america,sme,pharma,A61K:1; A61P:0.5,drug delivery\n"
    "C-EU,Euro Cells,,DE,europe,startup,batteries,\"H01M 10/052:0.75\",electrolyte\n";

Date d(const char* text) { return Date::parse(text).value(); }

const char* const kStaff = "ST-SATO";

class MatchingServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"U-TOKYO", "U-KYOTO"}, testing::Names::kBilingual), patents_file(), 3);
    if (HasFatalFailure()) return;
    PackageService packages(*db_, "tester");
    for (auto [code, number] : {std::pair{"PKG-BATT", "JP2015000001A"}, std::pair{"PKG-PHARMA", "JP2015000002A"},
                                std::pair{"PKG-CATH", "JP2015000003A"}}) {
      PackageDraft draft;
      draft.code = code;
      draft.name_en = code;
      draft.name_ja = code;
      draft.core = {number};
      draft.created_on = d("2020-04-01");
      auto r = packages.create(draft);
      ASSERT_TRUE(r.ok()) << r.error().message;
      // Only marketed packages are proposed.
      auto m = packages.set_status(code, PackageStatus::kMarketed, d("2020-04-01"));
      ASSERT_TRUE(m.ok()) << m.error().message;
    }
    service_ = std::make_unique<MatchingService>(*db_, "tester");
    std::istringstream in(kCompaniesCsv);
    const auto r = service_->import_companies(in, FileFormat::kCsv, {});
    ASSERT_TRUE(r.written) << describe_problems(r.problems);
    ASSERT_EQ(r.inserted, 3);
  }

  template <class Fn>
  void expect_refused(Fn fn, const std::string& part) {
    const std::string before = testing::dump_content(*db_);
    auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected a refusal containing: " << part;
    EXPECT_NE(r.error().message.find(part), std::string::npos) << "message: " << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refusal changed the database";
  }

  // An exclusive licence of `package` to `company`, in force 2021-2030.
  void license_exclusively(const std::string& company, const std::string& package, const std::string& number) {
    testing::insert_agreement(*db_, {.reference = "LIC-" + company,
                                     .licensee = company,
                                     .package = package,
                                     .patents = {number},
                                     .exclusive = true,
                                     .field = "batteries",
                                     .starts_on = "2021-01-01"});
  }

  std::unique_ptr<MatchingService> service_;
};

TEST_P(MatchingServiceTest, ImportReadsProfilesAndIsIdempotent) {
  auto c = service_->find_company("C-PHARMA");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->region, "north_america");
  EXPECT_EQ(c->size, "sme");
  ASSERT_EQ(c->interests.size(), 2u);
  EXPECT_EQ(c->interests[0].code, "A61K");
  EXPECT_EQ(c->interests[0].weight_milli, 1000);
  EXPECT_EQ(c->interests[1].code, "A61P");
  EXPECT_EQ(c->interests[1].weight_milli, 500);
  auto eu = service_->find_company("C-EU");
  ASSERT_TRUE(eu.has_value());
  ASSERT_EQ(eu->interests.size(), 1u);
  EXPECT_EQ(eu->interests[0].code, "H01M 10/052");
  EXPECT_EQ(eu->interests[0].weight_milli, 750);

  std::istringstream again(kCompaniesCsv);
  const auto r = service_->import_companies(again, FileFormat::kCsv, {});
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.unchanged, 3);
  EXPECT_EQ(r.inserted + r.updated, 0);

  std::istringstream jsonl(
      R"({"code":"C-EU","name_en":"Euro Cells","country":"DE","region":"europe","size":"sme","interests":[{"code":"H01M 10/052","weight":0.25},"H01M 4"],"keywords":"electrolyte cathode"})"
      "\n");
  const auto u = service_->import_companies(jsonl, FileFormat::kJsonl, {});
  ASSERT_TRUE(u.written) << describe_problems(u.problems);
  EXPECT_EQ(u.updated, 1);
  eu = service_->find_company("C-EU");
  ASSERT_TRUE(eu.has_value());
  EXPECT_EQ(eu->size, "sme");
  ASSERT_EQ(eu->interests.size(), 2u);
  EXPECT_EQ(eu->interests[0].code, "H01M 10/052");
  EXPECT_EQ(eu->interests[0].weight_milli, 250);
  EXPECT_EQ(eu->interests[1].code, "H01M 4/00");
  EXPECT_EQ(service_->list_companies("europe", {}).items.size(), 1u);
  EXPECT_EQ(service_->list_companies("", {}).items.size(), 3u);
}

TEST_P(MatchingServiceTest, ImportRefusesBadRecordsAndWritesNothing) {
  const std::string before = testing::dump_content(*db_);
  std::istringstream in(
      "code,name_en,country,region,size,interests\n"
      "C-NEW,New Co,JP,japan,large,H01M\n"
      "C-X,X,JP,mars,large,H01M\n"
      "C-Y,Y,JP,japan,huge,H01M\n"
      "C-Z,Z,JP,japan,sme,not a code\n"
      "C-W,W,JP,japan,sme,H01M:0\n"
      "U-TOKYO,Tokyo,JP,japan,large,H01M\n"
      "C-NEW,New Co again,JP,japan,large,H01M\n");
  const auto r = service_->import_companies(in, FileFormat::kCsv, {});
  EXPECT_FALSE(r.written);
  EXPECT_EQ(testing::dump_content(*db_), before);
  std::map<std::size_t, std::string> fields;
  for (const auto& p : r.problems) fields[p.line] = p.field;
  EXPECT_EQ(fields[3], "region");
  EXPECT_EQ(fields[4], "size");
  EXPECT_EQ(fields[5], "interests[0]");
  EXPECT_EQ(fields[6], "interests[0]");
  EXPECT_EQ(fields[8], "code");  // twice in the file
  // U-TOKYO is a university: refused only once the file passes its own checks.
  std::istringstream kind("code,name_en,country,region,size\nU-TOKYO,Tokyo,JP,japan,large\n");
  const auto k = service_->import_companies(kind, FileFormat::kCsv, {});
  EXPECT_FALSE(k.written);
  ASSERT_EQ(k.problems.size(), 1u);
  EXPECT_NE(k.problems[0].reason.find("not a company"), std::string::npos);
  EXPECT_EQ(testing::dump_content(*db_), before);

  std::istringstream header("code,name_en,country,region,size,colour\n");
  const auto h = service_->import_companies(header, FileFormat::kCsv, {});
  EXPECT_FALSE(h.written);
  ASSERT_FALSE(h.problems.empty());
  EXPECT_EQ(h.problems[0].field, "colour");

  std::istringstream json(R"({"code":"C-J","name_en":"J","country":"JP","region":"japan","size":"sme","interests":[{"code":"H01M","weight":true}],"extra":1})"
                          "\n");
  const auto j = service_->import_companies(json, FileFormat::kJsonl, {});
  EXPECT_FALSE(j.written);
  std::set<std::string> jf;
  for (const auto& p : j.problems) jf.insert(p.field);
  EXPECT_TRUE(jf.count("extra"));
  EXPECT_TRUE(jf.count("interests[0].weight"));
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(MatchingServiceTest, SkipInvalidImportsTheValidRecords) {
  std::istringstream in("code,name_en,country,region,size\nC-OK,OK,JP,japan,sme\nC-BAD,Bad,JP,moon,sme\n");
  ImportOptions opt;
  opt.skip_invalid = true;
  const auto r = service_->import_companies(in, FileFormat::kCsv, opt);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.rejected, 1);
  EXPECT_TRUE(service_->find_company("C-OK").has_value());
  EXPECT_FALSE(service_->find_company("C-BAD").has_value());
}

TEST_P(MatchingServiceTest, RanksByClassificationAndTextWithReasons) {
  const Date day = d("2022-01-01");
  auto batt = service_->match_company("C-BATT", 10, day);
  ASSERT_TRUE(batt.ok()) << batt.error().message;
  ASSERT_FALSE(batt->matches.empty());
  // H01M interest: both H01M packages match, the one whose Japanese title
  // holds リチウムイオン電池 ranks first; the A61K package does not match.
  EXPECT_EQ(batt->matches.front().package, "PKG-BATT");
  EXPECT_GT(batt->matches.front().components.text, 0.0);
  EXPECT_GT(batt->matches.front().components.classification, 0.0);
  EXPECT_EQ(batt->matches.front().why.region, "domestic");
  ASSERT_FALSE(batt->matches.front().why.codes.empty());
  EXPECT_EQ(batt->matches.front().why.codes.front().interest, "H01M");
  EXPECT_EQ(batt->matches.front().why.codes.front().code, "H01M 10/052");
  ASSERT_FALSE(batt->matches.front().why.terms.empty());
  for (const auto& m : batt->matches) EXPECT_NE(m.package, "PKG-PHARMA");
  ASSERT_EQ(batt->matches.size(), 2u);
  EXPECT_EQ((batt->matches)[1].package, "PKG-CATH");
  EXPECT_GT(batt->matches.front().score, (batt->matches)[1].score);

  auto pharma = service_->match_package("PKG-PHARMA", 5, day);
  ASSERT_TRUE(pharma.ok()) << pharma.error().message;
  ASSERT_EQ(pharma->matches.size(), 1u);
  EXPECT_EQ(pharma->matches.front().company, "C-PHARMA");
  EXPECT_EQ(pharma->matches.front().components.region, 0.0);  // US company, no staff there

  auto top1 = service_->match_company("C-BATT", 1, day);
  ASSERT_TRUE(top1.ok());
  EXPECT_EQ(top1->matches.size(), 1u);
}

TEST_P(MatchingServiceTest, RefusesUnknownsInQueries) {
  const Date day = d("2022-01-01");
  auto a = service_->match_company("C-NONE", 5, day);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, "unknown_company");
  auto b = service_->match_company("U-TOKYO", 5, day);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, "not_a_company");
  auto c = service_->match_package("PKG-NONE", 5, day);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "unknown_package");
  auto z = service_->match_company("C-BATT", 0, day);
  ASSERT_FALSE(z.ok());
  auto cap = service_->assign(0, 1, 10, day);
  ASSERT_FALSE(cap.ok());
}

TEST_P(MatchingServiceTest, SignalsRaiseTheScore) {
  const Date day = d("2022-01-01");
  auto before = service_->match_package("PKG-PHARMA", 5, day);
  ASSERT_TRUE(before.ok());
  for (const auto& m : before->matches) EXPECT_NE(m.company, "C-EU");  // no reason yet

  auto r = service_->add_interest("C-EU", "PKG-PHARMA", d("2021-06-01"), "asked for the claims");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto after = service_->match_package("PKG-PHARMA", 5, day);
  ASSERT_TRUE(after.ok());
  auto eu = std::find_if(after->matches.begin(), after->matches.end(), [](const auto& m) { return m.company == "C-EU"; });
  ASSERT_NE(eu, after->matches.end());
  EXPECT_TRUE(eu->why.interested);
  EXPECT_GT(eu->components.signals, 0.0);
  // Not yet noted on an earlier day.
  auto earlier = service_->match_package("PKG-PHARMA", 5, d("2021-05-31"));
  ASSERT_TRUE(earlier.ok());
  for (const auto& m : earlier->matches) EXPECT_NE(m.company, "C-EU");

  MatchingEvent e;
  e.code = "EV-2021-07";
  e.name = "新技術説明会";
  e.kind = "briefing";
  e.held_on = d("2021-07-01");
  e.packages = {"PKG-CATH"};
  e.companies = {"C-PHARMA"};
  ASSERT_TRUE(service_->add_event(e).ok());
  auto cath = service_->match_package("PKG-CATH", 5, day);
  ASSERT_TRUE(cath.ok());
  auto ph = std::find_if(cath->matches.begin(), cath->matches.end(), [](const auto& m) { return m.company == "C-PHARMA"; });
  ASSERT_NE(ph, cath->matches.end());
  EXPECT_TRUE(ph->why.attended);
  const auto events = service_->list_events({}).value().items;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].companies, std::vector<std::string>{"C-PHARMA"});
  const auto interests = service_->list_interests("C-EU", "", {}).value().items;
  ASSERT_EQ(interests.size(), 1u);
  EXPECT_EQ(interests[0].note, "asked for the claims");
}

TEST_P(MatchingServiceTest, SignalRefusalsWriteNothing) {
  const Date day = d("2022-01-01");
  expect_refused([&] { return service_->add_interest("C-NONE", "PKG-BATT", day, ""); }, "C-NONE");
  expect_refused([&] { return service_->add_interest("C-BATT", "PKG-NONE", day, ""); }, "PKG-NONE");
  expect_refused([&] { return service_->add_interest("U-TOKYO", "PKG-BATT", day, ""); }, "not a company");
  MatchingEvent e;
  e.code = "EV-1";
  e.name = "Fair";
  e.kind = "fair";
  e.held_on = day;
  e.packages = {"PKG-BATT", "PKG-NONE"};
  expect_refused([&] { return service_->add_event(e); }, "PKG-NONE");
  e.packages = {"PKG-BATT"};
  e.companies = {"C-BATT", "U-KYOTO"};
  expect_refused([&] { return service_->add_event(e); }, "not a company");
  e.companies = {"C-BATT"};
  e.kind = "party";
  expect_refused([&] { return service_->add_event(e); }, "party");
  e.kind = "fair";
  ASSERT_TRUE(service_->add_event(e).ok());
  expect_refused([&] { return service_->add_event(e); }, "already exists");
}

TEST_P(MatchingServiceTest, EventFileIsStrict) {
  auto ok = requests::parse_event(
      R"({"code":"EV-2","name":"Fair","kind":"fair","held_on":"2021-05-05","packages":["PKG-BATT"],"companies":["C-BATT"]})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->held_on, d("2021-05-05"));
  auto unknown = requests::parse_event(R"({"code":"EV-2","name":"Fair","held_on":"2021-05-05","packages":["P"],"room":1})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "room");
  auto date = requests::parse_event(R"({"code":"EV-2","name":"Fair","held_on":"2021-13-05","packages":["P"]})");
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.error().field, "held_on");
  auto none = requests::parse_event(R"({"code":"EV-2","name":"Fair","held_on":"2021-05-05","packages":[]})");
  ASSERT_TRUE(none.ok());  // the service refuses an event presenting no package
  const Status refused = service_->add_event(*none);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "packages");
  EXPECT_FALSE(requests::parse_event("{").ok());
}

TEST_P(MatchingServiceTest, ConsortiumLeavesOutCompaniesLicensedExclusivelyElsewhere) {
  license_exclusively("C-EU", "PKG-CATH", "JP2015000003A");
  const Date day = d("2022-01-01");
  auto p = service_->match_consortium("PKG-BATT", 5, day);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->universities.size(), 1u);
  EXPECT_EQ(p->universities[0].code, "U-TOKYO");
  ASSERT_EQ(p->companies.size(), 1u);
  EXPECT_EQ(p->companies[0].company, "C-BATT");
  ASSERT_EQ(p->excluded.size(), 1u);
  EXPECT_EQ(p->excluded[0].first, "C-EU");
  EXPECT_EQ(p->excluded[0].second, "LIC-C-EU");
  // Before the licence started, C-EU is a candidate.
  MatchingService fresh(*db_, "tester");
  auto early = fresh.match_consortium("PKG-BATT", 5, d("2020-06-01"));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->companies.size(), 2u);
  EXPECT_TRUE(early->excluded.empty());
}

std::int64_t left_out(const LeftOut& l, const std::string& reason) {
  auto it = l.by_reason.find(reason);
  return it == l.by_reason.end() ? 0 : it->second;
}

bool proposes(const std::vector<matching::Match>& list, const std::string& company, const std::string& package) {
  return std::any_of(list.begin(), list.end(),
                     [&](const auto& m) { return m.company == company && m.package == package; });
}

// Issue 18 point 15: a declined pair (for matching.declined_days), a
// licensed pair and a package that is not marketed are not proposed, and
// the answer counts them by reason.
TEST_P(MatchingServiceTest, ProposalsLeaveOutDeclinedLicensedAndUnmarketedAndSayHowMany) {
  const Date day = d("2022-01-01");
  ASSERT_TRUE(StaffService(*db_, "tester").put({kStaff, "Sato Hanako", "佐藤花子", "japan", ""}).ok());
  DealService deals(*db_, "tester");
  auto declined = deals.set_stage({"C-BATT", "PKG-BATT", "declined", d("2021-06-01"), kStaff, "not this year"});
  ASSERT_TRUE(declined.ok()) << declined.error().message;
  testing::insert_agreement(*db_, {.reference = "LIC-NX",
                                   .licensee = "C-EU",
                                   .package = "PKG-CATH",
                                   .patents = {"JP2015000003A"},
                                   .exclusive = false,
                                   .field = "batteries",
                                   .starts_on = "2021-01-01"});
  ASSERT_TRUE(PackageService(*db_, "tester").set_status("PKG-PHARMA", PackageStatus::kDraft, d("2021-01-01")).ok());
  MatchingService service(*db_, "tester", {}, 365);

  auto batt = service.match_company("C-BATT", 10, day);
  ASSERT_TRUE(batt.ok()) << batt.error().message;
  EXPECT_FALSE(proposes(batt->matches, "C-BATT", "PKG-BATT"));
  EXPECT_TRUE(proposes(batt->matches, "C-BATT", "PKG-CATH"));
  EXPECT_EQ(left_out(batt->left_out, "declined"), 1);
  EXPECT_EQ(batt->left_out.total(), 1);
  EXPECT_EQ(Names::of(batt->names.packages, "PKG-CATH"), "PKG-CATH");
  EXPECT_EQ(Names::of(batt->names.companies, "C-BATT"), "Sakura Battery");

  // The best one not left out, when the best is: the next one moves up.
  auto top1 = service.match_company("C-BATT", 1, day);
  ASSERT_TRUE(top1.ok());
  ASSERT_EQ(top1->matches.size(), 1u);
  EXPECT_EQ(top1->matches[0].package, "PKG-CATH");
  EXPECT_EQ(left_out(top1->left_out, "declined"), 1);

  auto eu = service.match_company("C-EU", 10, day);
  ASSERT_TRUE(eu.ok());
  EXPECT_FALSE(proposes(eu->matches, "C-EU", "PKG-CATH"));
  EXPECT_EQ(left_out(eu->left_out, "licensed"), 1);

  auto pharma = service.match_company("C-PHARMA", 10, day);
  ASSERT_TRUE(pharma.ok());
  EXPECT_TRUE(pharma->matches.empty());
  EXPECT_EQ(left_out(pharma->left_out, "package_not_marketed"), 1);
  auto draft = service.match_package("PKG-PHARMA", 5, day);
  ASSERT_FALSE(draft.ok());
  EXPECT_EQ(draft.error().code, "not_marketed");

  auto by_package = service.match_package("PKG-BATT", 5, day);
  ASSERT_TRUE(by_package.ok());
  EXPECT_FALSE(proposes(by_package->matches, "C-BATT", "PKG-BATT"));
  EXPECT_EQ(left_out(by_package->left_out, "declined"), 1);

  auto consortium = service.match_consortium("PKG-BATT", 5, day);
  ASSERT_TRUE(consortium.ok());
  for (const auto& m : consortium->companies) EXPECT_NE(m.company, "C-BATT");
  EXPECT_EQ(left_out(consortium->left_out, "declined"), 1);

  auto a = service.assign(2, 2, 10, day);
  ASSERT_TRUE(a.ok()) << a.error().message;
  for (const auto& p : a->pairs) {
    EXPECT_FALSE(p.company == "C-BATT" && p.package == "PKG-BATT");
    EXPECT_FALSE(p.company == "C-EU" && p.package == "PKG-CATH");
    EXPECT_NE(p.package, "PKG-PHARMA");
  }
  EXPECT_EQ(left_out(a->left_out, "declined"), 1);
  EXPECT_EQ(left_out(a->left_out, "licensed"), 1);
  EXPECT_EQ(left_out(a->left_out, "package_not_marketed"), 1);

  // The decline counts for matching.declined_days (365): on day 365 still,
  // on day 366 the company is proposed the package again.
  auto last = service.match_company("C-BATT", 10, d("2022-06-01"));
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(proposes(last->matches, "C-BATT", "PKG-BATT"));
  auto after = service.match_company("C-BATT", 10, d("2022-06-02"));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(proposes(after->matches, "C-BATT", "PKG-BATT"));
  EXPECT_EQ(after->left_out.total(), 0);
  EXPECT_FALSE(declined_days_from_settings([](const std::string&, const std::string&) { return "-1"; }).ok());
}

// The best total over subsets of `edges` within the caps (brute force).
std::int64_t brute_force(const std::vector<CandidateEdgeRow>& edges, int package_cap, int company_cap) {
  std::int64_t best = 0;
  const std::size_t n = edges.size();
  for (std::uint64_t mask = 0; mask < (1ull << n); ++mask) {
    std::map<std::string, int> per_company, per_package;
    std::int64_t total = 0;
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i) {
      if (!(mask >> i & 1)) continue;
      ok = ++per_company[edges[i].company] <= company_cap && ++per_package[edges[i].package] <= package_cap;
      total += edges[i].score;
    }
    if (ok) best = std::max(best, total);
  }
  return best;
}

TEST_P(MatchingServiceTest, AssignmentIsOptimalAndLeavesOutExclusivePackages) {
  const Date day = d("2022-01-01");
  auto edges = service_->candidate_edges(10, day);
  ASSERT_TRUE(edges.ok()) << edges.error().message;
  ASSERT_GE(edges->size(), 4u);
  for (const auto& e : *edges) EXPECT_GT(e.score, 0);
  for (auto [pc, cc] : {std::pair{1, 1}, std::pair{2, 1}, std::pair{1, 2}, std::pair{2, 2}}) {
    auto a = service_->assign(pc, cc, 10, day);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->total, brute_force(*edges, pc, cc)) << "caps " << pc << "/" << cc;
    std::int64_t sum = 0;
    for (const auto& p : a->pairs) sum += p.score;
    EXPECT_EQ(sum, a->total);
  }
  license_exclusively("C-EU", "PKG-CATH", "JP2015000003A");
  MatchingService fresh(*db_, "tester");
  auto a = fresh.assign(1, 1, 10, day);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->excluded_packages, std::vector<std::string>{"PKG-CATH"});
  // The licence is also a signal (C-EU now licenses in H01M): compare with
  // the candidate edges of that day's snapshot.
  auto licensed_edges = fresh.candidate_edges(10, day);
  ASSERT_TRUE(licensed_edges.ok());
  std::vector<CandidateEdgeRow> kept;
  for (const auto& e : *licensed_edges) {
    if (e.package != "PKG-CATH") kept.push_back(e);
  }
  EXPECT_EQ(a->total, brute_force(kept, 1, 1));
  for (const auto& p : a->pairs) EXPECT_NE(p.package, "PKG-CATH");
}

TEST_P(MatchingServiceTest, GraphHoldsOwnershipMembershipAndCandidates) {
  const Date day = d("2022-01-01");
  ASSERT_TRUE(service_->candidate_edges(10, day).ok());
  auto g = service_->graph(day);
  ASSERT_TRUE(g.ok());
  const MatchGraph& graph = **g;
  EXPECT_EQ(graph.node_count(NodeKind::package), 3u);
  EXPECT_EQ(graph.node_count(NodeKind::company), 3u);
  EXPECT_EQ(graph.link_count(LinkKind::membership), 3u);
  const auto owners = graph.owners_of_package("PKG-BATT");
  ASSERT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners[0].second, "U-TOKYO");
  const auto cands = graph.candidates_of_company("C-BATT");
  ASSERT_EQ(cands.size(), 2u);
  EXPECT_EQ(cands[0].code, "PKG-BATT");
}

// The demo's companies.jsonl imports cleanly (its 180 known companies keep
// their institutions.jsonl names) and its events name the scheme's packages.
TEST_P(MatchingServiceTest, DemoCompaniesAndEventsAreValid) {
  testing::TempDir dir;
  DemoOptions o;
  o.out_dir = dir.path();
  o.patents = 3000;
  o.seed = 2014;
  o.companies = 1200;
  const DemoSummary s = write_demo_data(o);
  EXPECT_EQ(s.companies, 1200);
  ASSERT_GT(s.packages, 0);
  std::ifstream companies(s.companies_file);
  const auto r = service_->import_companies(companies, FileFormat::kJsonl, {});
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(r.inserted, 1200);
  auto first = service_->find_company("C-0001");
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->interests.empty());
  EXPECT_FALSE(first->keywords.empty());
  std::ifstream insts(s.institutions_file);
  std::string line;
  std::getline(insts, line);  // the aggregator
  std::size_t known = 0;
  while (std::getline(insts, line)) {
    if (line.find("\"kind\":\"company\"") == std::string::npos) continue;
    ++known;
    const auto code = line.substr(9, 6);  // {"code":"C-0001",…
    auto c = service_->find_company(code);
    ASSERT_TRUE(c.has_value()) << code;
    EXPECT_NE(line.find("\"name_en\":\"" + c->name_en + "\""), std::string::npos) << line;
  }
  EXPECT_EQ(known, 180u);
  std::ifstream events(s.events_file);
  std::int64_t n = 0, attendances = 0;
  while (std::getline(events, line)) {
    auto e = requests::parse_event(line);
    ASSERT_TRUE(e.ok()) << e.error().message;
    ++n;
    attendances += static_cast<std::int64_t>(e->companies.size());
    for (const auto& p : e->packages) {
      const auto k = std::stoll(p.substr(4));
      EXPECT_TRUE(k >= 1 && k <= s.packages) << p;
    }
    for (const auto& c : e->companies) EXPECT_TRUE(service_->find_company(c).has_value()) << c;
  }
  EXPECT_EQ(n, s.events);
  EXPECT_EQ(attendances, s.attendances);
}

INSTANTIATE_TEST_SUITE_P(Backends, MatchingServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
