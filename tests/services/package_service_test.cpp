// Packages and consortia on SQLite and PostgreSQL: creation, dated
// membership read back at past dates, weights and exact allocation shares,
// whole-family adds, status moves, consortium members and NDAs, and every
// refusal leaving the database unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "services/history.h"
#include "services/package_service.h"
#include "services/registry_service.h"
#include "store/package_store.h"
#include "page_walk.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

using testing::TestDb;

// A patent titled "Solid electrolyte" (固体電解質), owners to be added.
testing::PatentRecord patent_line(const std::string& number, const std::string& jurisdiction,
                                  const std::string& filing_date) {
  return testing::patent(number).jurisdiction(jurisdiction).filed(filing_date).title("Solid electrolyte", "固体電解質");
}

// A JP first filing with PCT and US follow-ons (one simple family), and
// three unrelated patents.
std::string patents_file() {
  return testing::patent_lines(
      {patent_line("JP2012000001A", "JP", "2012-03-01").owner("U-TOKYO", "1/2").owner("C-0001", "1/2"),
       patent_line("PCT/JP2013/000123", "WO", "2013-02-20")
           .owner("U-TOKYO", "1/2")
           .owner("C-0001", "1/2")
           .kind("pct")
           .priority("JP2012000001A", "2012-03-01", "paris"),
       patent_line("US201313844704A", "US", "2013-03-01")
           .owner("U-TOKYO", "1/2")
           .owner("C-0001", "1/2")
           .priority("JP2012000001A", "2012-03-01", "paris"),
       patent_line("JP2015000010A", "JP", "2015-01-10").owner("U-KYOTO"),
       patent_line("JP2016000020A", "JP", "2016-01-10").owner("U-KYOTO"),
       patent_line("JP2017000030A", "JP", "2017-01-10").owner("U-KYOTO")});
}

Date d(const char* text) { return Date::parse(text).value(); }
Fraction f(std::int64_t n, std::int64_t den) { return Fraction::make(n, den).value(); }

class PackageServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "T-TLO", "L-AIST", "C-0001"},
                                   testing::Names::kBilingual),
              patents_file(), 6);
    if (HasFatalFailure()) return;
    packages_ = std::make_unique<PackageService>(*db_, "tester");
    consortia_ = std::make_unique<ConsortiumService>(*db_, "tester");
  }

  // PKG-BATT on 2020-04-01: core JP2012000001A, peripheral JP2015000010A.
  void create_battery() {
    PackageDraft draft;
    draft.code = "PKG-BATT";
    draft.name_en = "Solid-state battery";
    draft.name_ja = "全固体電池";
    draft.theme = "energy storage";
    draft.core = {"JP 2012-000001"};
    draft.peripheral = {"JP2015000010A"};
    draft.created_on = d("2020-04-01");
    auto r = packages_->create(draft);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  std::vector<std::string> numbers_at(const char* day) {
    auto m = packages_->members_at("PKG-BATT", d(day));
    std::vector<std::string> out;
    if (!m.ok()) return out;
    for (const auto& x : m.value()) out.push_back(x.application_number);
    return out;
  }

  // Runs `fn`, expects a refusal whose message contains `part`, and checks
  // that the database is unchanged.
  template <class Fn>
  void expect_refused(Fn fn, const std::string& part) {
    const std::string before = testing::dump_content(*db_);
    auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected a refusal containing: " << part;
    EXPECT_NE(r.error().message.find(part), std::string::npos)
        << "message: " << r.error().message << "\nexpected to contain: " << part;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refusal changed the database";
  }

  std::unique_ptr<PackageService> packages_;
  std::unique_ptr<ConsortiumService> consortia_;
};

TEST_P(PackageServiceTest, CreateWithCoreAndPeripheral) {
  create_battery();
  auto view = packages_->show("PKG-BATT", d("2020-04-01"));
  ASSERT_TRUE(view.ok()) << view.error().message;
  EXPECT_EQ(view->package.name_ja, "全固体電池");
  EXPECT_EQ(view->package.theme, "energy storage");
  EXPECT_EQ(view->package.status, PackageStatus::kDraft);
  EXPECT_EQ(view->package.core, 1);
  EXPECT_EQ(view->package.peripheral, 1);
  EXPECT_EQ(view->total_weight, 2);
  ASSERT_EQ(view->members.size(), 2u);
  const PackageMember& core = view->members[0];
  EXPECT_EQ(core.application_number, "JP2012000001A");
  EXPECT_EQ(core.role, MemberRole::kCore);
  EXPECT_EQ(core.weight, 1);
  EXPECT_EQ(core.share, f(1, 2));
  EXPECT_EQ(core.simple_family, "JP2012000001A");
  ASSERT_EQ(core.owners.size(), 2u);
  EXPECT_EQ(core.owners[0].institution, "U-TOKYO");
  EXPECT_EQ(core.owners[0].share, f(1, 2));
  EXPECT_EQ(view->members[1].application_number, "JP2015000010A");
  EXPECT_EQ(view->members[1].role, MemberRole::kPeripheral);
  EXPECT_EQ(view->members[1].owners[0].institution, "U-KYOTO");
  auto log = list_changes(*db_, {"package", "PKG-BATT", 10});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "package.create");
  EXPECT_EQ(log[0].actor, "tester");
  EXPECT_NE(log[0].detail.find(R"("core":["JP2012000001A"])"), std::string::npos) << log[0].detail;
  auto list = packages_->list(std::nullopt, d("2024-01-01"), PageRequest{});
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_TRUE(list.next.empty());
  EXPECT_EQ(list.items[0].code, "PKG-BATT");
  EXPECT_EQ(list.items[0].core, 1);
  EXPECT_EQ(list.items[0].peripheral, 1);
  EXPECT_TRUE(packages_->list(PackageStatus::kMarketed, d("2024-01-01"), PageRequest{}).items.empty());
}

TEST_P(PackageServiceTest, CreateRefusals) {
  create_battery();
  PackageDraft draft;
  draft.code = "PKG-2";
  draft.name_en = "Two";
  draft.created_on = d("2021-01-01");
  expect_refused([&] { return packages_->create(draft); }, "needs at least one core patent");
  draft.core = {"JP2099999999A"};
  expect_refused([&] { return packages_->create(draft); }, "unknown patent 'JP2099999999A'");
  draft.core = {"JP2012000001A"};
  draft.peripheral = {"JP 2012-000001"};
  expect_refused([&] { return packages_->create(draft); }, "JP2012000001A is listed twice");
  draft.peripheral.clear();
  draft.code = "PKG-BATT";
  expect_refused([&] { return packages_->create(draft); }, "package PKG-BATT already exists");
  draft.code = "bad code";
  expect_refused([&] { return packages_->create(draft); }, "package code 'bad code'");
  draft.code = "PKG-2";
  draft.name_en = "  ";
  expect_refused([&] { return packages_->create(draft); }, "name_en is required");
}

TEST_P(PackageServiceTest, MembersFromAnyInstitution) {
  PackageDraft draft;
  draft.code = "PKG-MIX";
  draft.name_en = "Mixed";
  draft.core = {"JP2012000001A", "JP2016000020A"};  // U-TOKYO/C-0001 and U-KYOTO
  draft.created_on = d("2020-01-01");
  ASSERT_TRUE(packages_->create(draft).ok());
  auto m = packages_->members_at("PKG-MIX", d("2020-01-01"));
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].share, f(1, 2));
  EXPECT_EQ((*m)[1].owners[0].institution, "U-KYOTO");
}

TEST_P(PackageServiceTest, DatedMembershipReadsBackAtPastDates) {
  create_battery();
  // D1 = 2021-04-01: JP2016000020A joins; D2 = 2022-10-01: it leaves.
  auto add = packages_->add_member("PKG-BATT", "JP2016000020A", MemberRole::kPeripheral,
                                   std::nullopt, d("2021-04-01"));
  ASSERT_TRUE(add.ok()) << add.error().message;
  ASSERT_TRUE(packages_->remove_member("PKG-BATT", "JP2016000020A", d("2022-10-01")).ok());
  const std::vector<std::string> base = {"JP2012000001A", "JP2015000010A"};
  const std::vector<std::string> with = {"JP2012000001A", "JP2015000010A", "JP2016000020A"};
  EXPECT_EQ(numbers_at("2021-03-31"), base);  // before D1
  EXPECT_EQ(numbers_at("2021-04-01"), with);  // on D1
  EXPECT_EQ(numbers_at("2022-01-15"), with);  // between
  EXPECT_EQ(numbers_at("2022-09-30"), with);  // the last day
  EXPECT_EQ(numbers_at("2022-10-01"), base);  // on D2
  EXPECT_EQ(numbers_at("2030-01-01"), base);  // after
  // Shares follow the day: 1/3 each while three, 1/2 each otherwise.
  auto during = packages_->members_at("PKG-BATT", d("2022-01-15"));
  ASSERT_TRUE(during.ok());
  for (const auto& m : during.value()) EXPECT_EQ(m.share, f(1, 3));
  auto after = packages_->members_at("PKG-BATT", d("2023-01-01"));
  for (const auto& m : after.value()) EXPECT_EQ(m.share, f(1, 2));
  // Before the package existed there is nothing to route to.
  auto early = packages_->members_at("PKG-BATT", d("2019-01-01"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message,
            "package PKG-BATT had no members on 2019-01-01 (it was created on 2020-04-01)");
  // The removed row is kept: re-adding starts a new period.
  ASSERT_TRUE(packages_->add_member("PKG-BATT", "JP2016000020A", MemberRole::kCore, 3,
                                    d("2024-01-01"))
                  .ok());
  auto hist = packages_->history("PKG-BATT");
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 4u);
  EXPECT_EQ((*hist)[2].period.removed_on, d("2022-10-01"));
  EXPECT_EQ((*hist)[3].period.added_on, d("2024-01-01"));
  EXPECT_FALSE((*hist)[3].period.removed_on.has_value());
  EXPECT_EQ(numbers_at("2022-12-31"), base);
  auto now = packages_->members_at("PKG-BATT", d("2024-01-01"));
  ASSERT_EQ(now->size(), 3u);
  EXPECT_EQ((*now)[1].application_number, "JP2016000020A");  // core now, sorted with core
  EXPECT_EQ((*now)[1].share, f(3, 5));
  EXPECT_EQ((*now)[1].added_on, d("2024-01-01"));  // a new membership after the gap
  auto log = list_changes(*db_, {"package", "PKG-BATT", 10});
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0].action, "package.add");
  EXPECT_EQ(log[1].action, "package.remove");
  EXPECT_EQ(log[1].detail, R"({"patent":"JP2016000020A","date":"2022-10-01"})");
}

TEST_P(PackageServiceTest, WeightsAndExactShares) {
  PackageDraft draft;
  draft.code = "PKG-W";
  draft.name_en = "Weighted";
  draft.core = {"JP2012000001A"};
  draft.peripheral = {"JP2015000010A", "JP2016000020A"};
  draft.created_on = d("2020-01-01");
  ASSERT_TRUE(packages_->create(draft).ok());
  auto equal = packages_->members_at("PKG-W", d("2020-01-01"));
  ASSERT_TRUE(equal.ok());
  for (const auto& m : equal.value()) EXPECT_EQ(m.share, f(1, 3));
  auto old = packages_->set_weight("PKG-W", "JP2012000001A", 2, d("2021-01-01"));
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ(old.value(), 1);
  auto weighted = packages_->members_at("PKG-W", d("2021-01-01"));
  ASSERT_TRUE(weighted.ok());
  ASSERT_EQ(weighted->size(), 3u);
  EXPECT_EQ((*weighted)[0].application_number, "JP2012000001A");
  EXPECT_EQ((*weighted)[0].weight, 2);
  EXPECT_EQ((*weighted)[0].share, f(1, 2));
  EXPECT_EQ((*weighted)[1].share, f(1, 4));
  EXPECT_EQ((*weighted)[2].share, f(1, 4));
  EXPECT_EQ((*weighted)[0].role, MemberRole::kCore);
  EXPECT_EQ((*weighted)[0].added_on, d("2020-01-01"));  // a member all along
  EXPECT_EQ((*weighted)[0].weight_since, d("2021-01-01"));
  // The day before the change still reads the old weights.
  auto before = packages_->members_at("PKG-W", d("2020-12-31"));
  EXPECT_EQ((*before)[0].share, f(1, 3));
  // The history keeps both periods of the core patent.
  auto hist = packages_->history("PKG-W");
  ASSERT_EQ(hist->size(), 4u);
  EXPECT_EQ((*hist)[0].period.removed_on, d("2021-01-01"));
  EXPECT_EQ((*hist)[3].period.weight, 2);
  // A same-day correction changes the period in place.
  ASSERT_TRUE(packages_->set_weight("PKG-W", "JP2012000001A", 6, d("2021-01-01")).ok());
  EXPECT_EQ(packages_->history("PKG-W")->size(), 4u);
  auto corrected = packages_->members_at("PKG-W", d("2021-06-01"));
  EXPECT_EQ((*corrected)[0].share, f(3, 4));
  EXPECT_EQ((*corrected)[1].share, f(1, 8));
  auto log = list_changes(*db_, {"package", "PKG-W", 1});
  EXPECT_EQ(log[0].detail, R"({"patent":"JP2012000001A","from":2,"to":6,"date":"2021-01-01"})");
  // An explicit weight on add.
  ASSERT_TRUE(packages_->add_member("PKG-W", "JP2017000030A", MemberRole::kPeripheral, 4,
                                    d("2022-01-01"))
                  .ok());
  auto four = packages_->show("PKG-W", d("2022-01-01"));
  EXPECT_EQ(four->total_weight, 12);
  EXPECT_EQ(four->members[3].share, f(1, 3));
}

TEST_P(PackageServiceTest, WeightRefusals) {
  create_battery();
  expect_refused([&] { return packages_->set_weight("PKG-BATT", "JP2012000001A", 1, d("2021-01-01")); },
                 "already has weight 1");
  expect_refused([&] { return packages_->set_weight("PKG-BATT", "JP2012000001A", 0, d("2021-01-01")); },
                 "weight 0 is not a whole number from 1 to 1000000");
  expect_refused([&] { return packages_->set_weight("PKG-BATT", "JP2016000020A", 2, d("2021-01-01")); },
                 "JP2016000020A is not a current member of package PKG-BATT");
  expect_refused([&] { return packages_->set_weight("PKG-BATT", "JP2012000001A", 2, d("2019-01-01")); },
                 "core member since 2020-04-01");
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "JP2016000020A", MemberRole::kCore, 0, d("2021-01-01"));
  }, "weight 0");
}

TEST_P(PackageServiceTest, FamilyAddTakesTheWholeSimpleFamily) {
  PackageDraft draft;
  draft.code = "PKG-FAM";
  draft.name_en = "Family";
  draft.core = {"JP2015000010A"};
  draft.peripheral = {"US201313844704A"};  // one family member is already in
  draft.created_on = d("2020-01-01");
  ASSERT_TRUE(packages_->create(draft).ok());
  auto r = packages_->add_family("PKG-FAM", "PCT/JP2013/000123", MemberRole::kPeripheral,
                                 std::nullopt, d("2020-06-01"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->family, "JP2012000001A");
  EXPECT_EQ(r->added, (std::vector<std::string>{"JP2012000001A", "JP2013000123W"}));
  EXPECT_EQ(r->skipped, std::vector<std::string>{"US201313844704A"});
  auto m = packages_->members_at("PKG-FAM", d("2020-06-01"));
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 4u);
  for (const auto& x : m.value()) EXPECT_EQ(x.share, f(1, 4));
  EXPECT_EQ(packages_->members_at("PKG-FAM", d("2020-05-31"))->size(), 2u);
  auto log = list_changes(*db_, {"package", "PKG-FAM", 10});
  ASSERT_EQ(log.size(), 3u);  // create + one add per added member
  EXPECT_NE(log[0].detail.find(R"("family":"JP2012000001A")"), std::string::npos);
  // Again: everything is skipped, nothing is written.
  const std::string before = testing::dump_content(*db_);
  auto again = packages_->add_family("PKG-FAM", "JP2012000001A", MemberRole::kPeripheral,
                                     std::nullopt, d("2021-01-01"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->added.empty());
  EXPECT_EQ(again->skipped.size(), 3u);
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(PackageServiceTest, MembershipRefusals) {
  create_battery();
  expect_refused([&] {
    return packages_->add_family("PKG-BATT", "JP2099999999A", MemberRole::kCore, std::nullopt,
                                 d("2021-01-01"));
  }, "package member from an unknown family: no patent 'JP2099999999A' in the registry");
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "JP2099999999A", MemberRole::kCore, std::nullopt,
                                 d("2021-01-01"));
  }, "unknown patent 'JP2099999999A'");
  // A number that does not parse says why (not "unknown patent").
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "XX 123", MemberRole::kCore, std::nullopt, d("2021-01-01"));
  }, "application number \"XX 123\": unknown country code XX");
  expect_refused([&] {
    return packages_->add_family("PKG-BATT", "JP 2024-1234567", MemberRole::kCore, std::nullopt, d("2021-01-01"));
  }, "the serial number 1234567 has 7 digits");
  expect_refused([&] {
    return packages_->add_member("PKG-NONE", "JP2016000020A", MemberRole::kCore, std::nullopt,
                                 d("2021-01-01"));
  }, "unknown package code 'PKG-NONE'");
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "JP2015000010A", MemberRole::kCore, std::nullopt,
                                 d("2021-01-01"));
  }, "JP2015000010A is already in package PKG-BATT (peripheral member since 2020-04-01)");
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "JP2016000020A", MemberRole::kCore, std::nullopt,
                                 d("2020-03-31"));
  }, "was created on 2020-04-01");
  expect_refused([&] { return packages_->remove_member("PKG-BATT", "JP2016000020A", d("2021-01-01")); },
                 "JP2016000020A is not a current member of package PKG-BATT");
  expect_refused([&] { return packages_->remove_member("PKG-BATT", "JP2012000001A", d("2021-01-01")); },
                 "it is the last core patent");
  expect_refused([&] { return packages_->remove_member("PKG-BATT", "JP2015000010A", d("2019-01-01")); },
                 "cannot remove JP2015000010A");
  // Rejoining before the day it left is refused (periods never overlap).
  ASSERT_TRUE(packages_->remove_member("PKG-BATT", "JP2015000010A", d("2022-01-01")).ok());
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "JP2015000010A", MemberRole::kPeripheral,
                                 std::nullopt, d("2021-06-01"));
  }, "until 2022-01-01");
  // With a second core patent the first may go.
  ASSERT_TRUE(packages_->add_member("PKG-BATT", "JP2017000030A", MemberRole::kCore, std::nullopt,
                                    d("2022-01-01"))
                  .ok());
  EXPECT_TRUE(packages_->remove_member("PKG-BATT", "JP2012000001A", d("2022-02-01")).ok());
  EXPECT_EQ(numbers_at("2022-02-01"), std::vector<std::string>{"JP2017000030A"});
}

TEST_P(PackageServiceTest, StatusTransitions) {
  create_battery();
  auto r = packages_->set_status("PKG-BATT", PackageStatus::kMarketed, d("2021-01-01"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), PackageStatus::kDraft);
  // Licensed comes only from an exclusive licence agreement (package_status_test.cpp).
  expect_refused([&] { return packages_->set_status("PKG-BATT", PackageStatus::kLicensed, d("2022-01-01")); },
                 "a package is licensed only while an exclusive licence agreement covering it is in force");
  EXPECT_EQ(packages_->list(PackageStatus::kMarketed, d("2022-01-01"), PageRequest{}).items.size(), 1u);
  EXPECT_EQ(packages_->list(PackageStatus::kLicensed, d("2022-01-01"), PageRequest{}).items.size(), 0u);
  ASSERT_TRUE(packages_->set_status("PKG-BATT", PackageStatus::kRetired, d("2025-01-01")).ok());
  expect_refused([&] { return packages_->set_status("PKG-BATT", PackageStatus::kMarketed, d("2025-02-01")); },
                 "retired is final");
  expect_refused([&] {
    return packages_->add_member("PKG-BATT", "JP2016000020A", MemberRole::kCore, std::nullopt,
                                 d("2025-02-01"));
  }, "package PKG-BATT is retired");
  expect_refused([&] { return packages_->set_status("PKG-NONE", PackageStatus::kMarketed, d("2025-02-01")); },
                 "unknown package code 'PKG-NONE'");
  auto log = list_changes(*db_, {"package", "PKG-BATT", 1});
  EXPECT_EQ(log[0].action, "package.status");
  EXPECT_EQ(log[0].detail, R"({"from":"marketed","to":"retired","date":"2025-01-01"})");
}

TEST_P(PackageServiceTest, ConsortiumMembersAndNda) {
  create_battery();
  ASSERT_TRUE(consortia_->create("CONS-BATT", "PKG-BATT", d("2020-05-01")).ok());
  ConsortiumJoin uni{"U-TOKYO", ConsortiumRole::kUniversity, d("2020-05-01"), std::nullopt, std::nullopt};
  ASSERT_TRUE(consortia_->add_member("CONS-BATT", uni).ok());
  ConsortiumJoin company{"C-0001", ConsortiumRole::kLicenseeCandidate, d("2020-06-01"), std::nullopt,
                         d("2020-06-15")};
  ASSERT_TRUE(consortia_->add_member("CONS-BATT", company).ok());
  ConsortiumJoin tlo{"T-TLO", ConsortiumRole::kUniversity, d("2020-06-01"), NdaStatus::kRequested,
                     std::nullopt};
  ASSERT_TRUE(consortia_->add_member("CONS-BATT", tlo).ok());
  auto view = consortia_->show("CONS-BATT");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->package, "PKG-BATT");
  ASSERT_EQ(view->members.size(), 3u);
  EXPECT_EQ(view->members[0].institution.code, "C-0001");  // by code
  EXPECT_EQ(view->members[0].nda.status, NdaStatus::kSigned);  // a date alone means signed
  EXPECT_EQ(view->members[0].nda.on, d("2020-06-15"));
  EXPECT_EQ(view->members[1].institution.code, "T-TLO");
  EXPECT_EQ(view->members[1].nda.status, NdaStatus::kRequested);
  EXPECT_EQ(view->members[1].nda.on, d("2020-06-01"));
  EXPECT_EQ(view->members[2].nda.status, NdaStatus::kNone);
  EXPECT_FALSE(view->members[2].nda.on.has_value());
  // NDA updates move forward and are recorded.
  auto nda = consortia_->set_nda("CONS-BATT", "U-TOKYO", NdaStatus::kRequested, d("2020-07-01"));
  ASSERT_TRUE(nda.ok()) << nda.error().message;
  ASSERT_TRUE(consortia_->set_nda("CONS-BATT", "U-TOKYO", NdaStatus::kSigned, d("2020-08-01")).ok());
  EXPECT_EQ(consortia_->show("CONS-BATT")->members[2].nda.on, d("2020-08-01"));
  auto log = list_changes(*db_, {"consortium", "CONS-BATT", 10});
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0].action, "consortium.nda");
  EXPECT_EQ(log[0].detail,
            R"({"institution":"U-TOKYO","from":"requested","to":"signed","date":"2020-08-01"})");
  EXPECT_EQ(log[4].detail,
            R"({"institution":"U-TOKYO","role":"university","joined_on":"2020-05-01","nda_status":"none","nda_date":null})");
  ASSERT_TRUE(consortia_->create("CONS-OTHER", "PKG-BATT", d("2021-01-01")).ok());
  auto all = consortia_->list("", PageRequest{});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].code, "CONS-BATT");
  EXPECT_EQ(all->items[1].members.size(), 0u);
  EXPECT_EQ(consortia_->list("PKG-BATT", PageRequest{})->items.size(), 2u);
}

TEST_P(PackageServiceTest, ConsortiumRefusals) {
  create_battery();
  expect_refused([&] { return consortia_->create("CONS-X", "PKG-NONE", d("2020-05-01")); },
                 "unknown package code 'PKG-NONE'");
  expect_refused([&] { return consortia_->create("CONS-X", "PKG-BATT", d("2020-01-01")); },
                 "package PKG-BATT was created on 2020-04-01");
  ASSERT_TRUE(consortia_->create("CONS-BATT", "PKG-BATT", d("2020-05-01")).ok());
  expect_refused([&] { return consortia_->create("CONS-BATT", "PKG-BATT", d("2020-05-01")); },
                 "consortium CONS-BATT already exists");
  auto join = [&](const char* inst, ConsortiumRole role, const char* joined,
                  std::optional<NdaStatus> status = std::nullopt,
                  std::optional<Date> nda = std::nullopt) {
    return consortia_->add_member("CONS-BATT", ConsortiumJoin{inst, role, d(joined), status, nda});
  };
  expect_refused([&] { return join("U-NOWHERE", ConsortiumRole::kPartner, "2020-06-01"); },
                 "unknown institution code 'U-NOWHERE'");
  expect_refused([&] { return consortia_->add_member("CONS-NONE", {"U-TOKYO", ConsortiumRole::kUniversity, d("2020-06-01"), std::nullopt, std::nullopt}); },
                 "unknown consortium code 'CONS-NONE'");
  expect_refused([&] { return join("U-KYOTO", ConsortiumRole::kLicenseeCandidate, "2020-06-01"); },
                 "institution U-KYOTO is a university, not a company: it cannot be a licensee_candidate");
  expect_refused([&] { return join("C-0001", ConsortiumRole::kUniversity, "2020-06-01"); },
                 "institution C-0001 is a company: the university role needs a university, tlo or public_lab");
  expect_refused([&] { return join("C-0001", ConsortiumRole::kLicenseeCandidate, "2020-06-01",
                                   std::nullopt, d("2020-05-31")); },
                 "the NDA date 2020-05-31 of C-0001 is before its joined date 2020-06-01");
  expect_refused([&] { return join("C-0001", ConsortiumRole::kLicenseeCandidate, "2020-04-30"); },
                 "it was formed on 2020-05-01");
  ASSERT_TRUE(join("L-AIST", ConsortiumRole::kUniversity, "2020-06-01").ok());
  expect_refused([&] { return join("L-AIST", ConsortiumRole::kPartner, "2020-07-01"); },
                 "institution L-AIST is already a member of consortium CONS-BATT (university, joined 2020-06-01)");
  expect_refused([&] { return consortia_->set_nda("CONS-BATT", "U-TOKYO", NdaStatus::kSigned, d("2020-07-01")); },
                 "institution U-TOKYO is not a member of consortium CONS-BATT");
  expect_refused([&] { return consortia_->set_nda("CONS-BATT", "L-AIST", NdaStatus::kSigned, d("2020-05-01")); },
                 "is before its joined date 2020-06-01");
  ASSERT_TRUE(consortia_->set_nda("CONS-BATT", "L-AIST", NdaStatus::kSigned, d("2020-07-01")).ok());
  expect_refused([&] { return consortia_->set_nda("CONS-BATT", "L-AIST", NdaStatus::kRequested, d("2020-08-01")); },
                 "cannot move from signed to requested: it was signed on 2020-07-01");
  expect_refused([&] { return consortia_->list("PKG-NONE", PageRequest{}); }, "unknown package code 'PKG-NONE'");
  ASSERT_TRUE(packages_->set_status("PKG-BATT", PackageStatus::kRetired, d("2021-01-01")).ok());
  expect_refused([&] { return consortia_->create("CONS-LATE", "PKG-BATT", d("2021-02-01")); },
                 "package PKG-BATT is retired");
}


TEST_P(PackageServiceTest, PackagesAndConsortiaPageInCodeOrder) {
  create_battery();
  // 2,500 packages and as many consortia, written in reverse code order.
  std::vector<std::string> codes{"PKG-BATT"}, consortia, battery_consortia;
  {
    PackageStore store(*db_);
    WriteTransaction tx(*db_);
    const long long battery = store.find_package("PKG-BATT")->id;
    for (int i = 2500; i-- > 0;) {
      char code[16];
      std::snprintf(code, sizeof code, "PKG-%05d", i);
      store.insert_package(code, "Package", "", "", d("2021-01-01"));
      codes.push_back(code);
      std::snprintf(code, sizeof code, "CONS-%05d", i);
      store.insert_consortium(code, i % 4 == 0 ? battery : store.find_package(codes.back())->id, d("2021-01-01"));
      consortia.push_back(code);
      if (i % 4 == 0) battery_consortia.push_back(code);
    }
    tx.commit();
  }
  std::sort(codes.begin(), codes.end());
  std::sort(consortia.begin(), consortia.end());
  std::sort(battery_consortia.begin(), battery_consortia.end());
  EXPECT_EQ(testing::walk_pages<PackageSummary>(
                [&](const PageRequest& p) { return packages_->list(std::nullopt, d("2024-01-01"), p); },
                [](const PackageSummary& p) { return p.code; }),
            codes);
  const auto battery = packages_->list(PackageStatus::kDraft, d("2024-01-01"), PageRequest{"PKG-A", 1});
  ASSERT_EQ(battery.items.size(), 1u);
  EXPECT_EQ(battery.items[0].core, 1);  // counts for the page's packages
  auto consortium_codes = [&](const std::string& package) {
    return testing::walk_pages<ConsortiumView>([&](const PageRequest& p) { return consortia_->list(package, p).value(); },
                                      [](const ConsortiumView& c) { return c.code; });
  };
  EXPECT_EQ(consortium_codes(""), consortia);
  EXPECT_EQ(consortium_codes("PKG-BATT"), battery_consortia);
}

INSTANTIATE_TEST_SUITE_P(Backends, PackageServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
