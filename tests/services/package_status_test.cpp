// A package's status follows the licences in force on the day (SQLite and
// PostgreSQL): an exclusive licence covering it (naming it, or a list of
// patents whose sole package it is) makes it licensed until the licence
// ends; a non-exclusive one leaves it marketed and still proposed by
// matching; a manual status change that contradicts the licences is
// refused and changes nothing; the programme report counts packages by
// their status on the fiscal year's last day and those under a licence.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"
#include "services/matching_service.h"
#include "services/package_service.h"
#include "services/project_service.h"
#include "store/session.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

class PackageStatusTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"U-TOKYO", "C-0001"}) + testing::european_companies(),
              testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                                     testing::patent("JP2020000002A").owner("U-TOKYO"),
                                     testing::patent("JP2020000003A").owner("U-TOKYO")}),
              3);
    if (HasFatalFailure()) return;
    // PKG-A: P1; PKG-B: P2 and P3; PKG-C: P3 (left a draft). A and B are
    // marketed from 2026-01-15.
    packages_ = std::make_unique<PackageService>(*db_, "tester");
    create("PKG-A", {"JP2020000001A"}, {});
    create("PKG-B", {"JP2020000002A"}, {"JP2020000003A"});
    create("PKG-C", {"JP2020000003A"}, {});
    for (const char* code : {"PKG-A", "PKG-B"}) {
      auto r = packages_->set_status(code, PackageStatus::kMarketed, d("2026-01-15"));
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    for (const char* company : {"C-0001", "C-0002", "C-0003"}) {
      soci_session(*db_) << "INSERT INTO company_profile (institution_id, region, size) "
                            "SELECT id, 'japan', 'sme' FROM institution WHERE code = :c",
          soci::use(std::string(company));
    }
    dir_.write("default.properties", "aggregator_share = 1/3\n");
  }

  void create(const std::string& code, std::vector<std::string> core, std::vector<std::string> peripheral) {
    PackageDraft p;
    p.code = code;
    p.name_en = code;
    p.core = std::move(core);
    p.peripheral = std::move(peripheral);
    p.created_on = d("2026-01-01");
    auto r = packages_->create(p);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // `what`: "\"package\":\"PKG-A\"" or "\"patents\":[…]".
  void agreement(const std::string& id, const std::string& licensee, const std::string& what, bool exclusive,
                 const std::string& start, const std::string& end) {
    LicensingService licensing(*db_, SchemeSettings{}, "clerk", dir_.path());
    auto r = requests::add_agreement_text(
        licensing, R"({"id":")" + id + R"(","licensee":")" + licensee + R"(",)" + what + R"(,"exclusive":)" +
                       (exclusive ? "true" : "false") + R"(,"field":"batteries","territory":["JP"],"start":")" +
                       start + R"(","end":")" + end + R"(","currency":"JPY","royalty_tiers":[{"rate_bps":300}]})");
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  PackageStatus status(const std::string& code, const char* day) {
    auto v = packages_->show(code, d(day));
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
    return v.ok() ? v->package.status : PackageStatus::kRetired;
  }

  std::vector<std::string> listed(PackageStatus s, const char* day) {
    std::vector<std::string> out;
    for (const auto& p : packages_->list(s, d(day), PageRequest{}).items) {
      EXPECT_EQ(p.status, s) << p.code;
      out.push_back(p.code);
    }
    return out;
  }

  // Expects set_status to refuse with `code` and a message containing
  // `part`, and the database to be unchanged.
  void refused(const std::string& package, PackageStatus to, const char* day, const std::string& code,
               const std::string& part) {
    const std::string before = testing::dump_content(*db_);
    auto r = packages_->set_status(package, to, d(day));
    ASSERT_FALSE(r.ok()) << "expected a refusal containing: " << part;
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(r.error().field, "status");
    EXPECT_NE(r.error().message.find(part), std::string::npos) << "message: " << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refusal changed the database";
  }

  testing::TempDir dir_;
  std::unique_ptr<PackageService> packages_;
};

using S = PackageStatus;
using Codes = std::vector<std::string>;

TEST_P(PackageStatusTest, ExclusiveLicenceLicensesThePackageUntilItEnds) {
  agreement("LIC-A", "C-0001", R"("package":"PKG-A")", true, "2026-03-01", "2027-12-31");
  // A list of both of PKG-B's patents: PKG-B is the one package holding them.
  agreement("LIC-B", "C-0002", R"("patents":["JP2020000002A","JP2020000003A"])", true, "2026-05-01", "2026-12-31");

  EXPECT_EQ(status("PKG-A", "2026-02-28"), S::kMarketed);
  EXPECT_EQ(status("PKG-A", "2026-03-01"), S::kLicensed);
  EXPECT_EQ(status("PKG-A", "2027-12-31"), S::kLicensed);  // the end day is in force
  EXPECT_EQ(status("PKG-A", "2028-01-01"), S::kMarketed);  // ended: marketed again
  EXPECT_EQ(status("PKG-B", "2026-04-30"), S::kMarketed);
  EXPECT_EQ(status("PKG-B", "2026-05-01"), S::kLicensed);
  EXPECT_EQ(status("PKG-B", "2027-01-01"), S::kMarketed);
  EXPECT_EQ(status("PKG-C", "2026-06-01"), S::kDraft);  // holds P3 only: not the list's package

  auto v = packages_->show("PKG-A", d("2026-06-01"));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->licences.size(), 1u);
  EXPECT_EQ(v->licences[0].agreement, "LIC-A");
  EXPECT_EQ(v->licences[0].licensee, "C-0001");
  EXPECT_TRUE(v->licences[0].exclusive);
  EXPECT_EQ(v->licences[0].ends_on, d("2027-12-31"));
  EXPECT_TRUE(packages_->show("PKG-A", d("2028-01-01"))->licences.empty());

  EXPECT_EQ(listed(S::kLicensed, "2026-06-01"), (Codes{"PKG-A", "PKG-B"}));
  EXPECT_EQ(listed(S::kMarketed, "2026-06-01"), Codes{});
  EXPECT_EQ(listed(S::kLicensed, "2027-06-01"), Codes{"PKG-A"});
  EXPECT_EQ(listed(S::kMarketed, "2027-06-01"), Codes{"PKG-B"});
  EXPECT_EQ(listed(S::kMarketed, "2028-01-01"), (Codes{"PKG-A", "PKG-B"}));
  EXPECT_EQ(listed(S::kDraft, "2026-06-01"), Codes{"PKG-C"});
  // Without a filter every package carries its status on the day.
  const auto all = packages_->list(std::nullopt, d("2026-06-01"), PageRequest{}).items;
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].status, S::kLicensed);
  EXPECT_EQ(all[1].status, S::kLicensed);
  EXPECT_EQ(all[2].status, S::kDraft);
}

TEST_P(PackageStatusTest, NonExclusiveLicenceLeavesThePackageMarketedAndProposed) {
  agreement("LIC-B", "C-0001", R"("package":"PKG-B")", false, "2026-03-01", "2030-12-31");
  agreement("LIC-A", "C-0002", R"("package":"PKG-A")", true, "2026-03-01", "2026-12-31");
  EXPECT_EQ(status("PKG-B", "2026-06-01"), S::kMarketed);
  auto v = packages_->show("PKG-B", d("2026-06-01"));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->licences.size(), 1u);
  EXPECT_EQ(v->licences[0].agreement, "LIC-B");
  EXPECT_FALSE(v->licences[0].exclusive);

  MatchingService matching(*db_, "tester");
  // Non-exclusive: still proposed.
  auto b = matching.match_package("PKG-B", 10, d("2026-06-01"));
  EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().message);
  // Exclusive in force: not proposed, and the refusal says it is licensed.
  auto a = matching.match_package("PKG-A", 10, d("2026-06-01"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, "not_marketed");
  EXPECT_NE(a.error().message.find("package PKG-A is licensed"), std::string::npos) << a.error().message;
  // Once it ended, proposed again.
  MatchingService later(*db_, "tester");
  auto again = later.match_package("PKG-A", 10, d("2027-01-01"));
  EXPECT_TRUE(again.ok()) << (again.ok() ? "" : again.error().message);
}

TEST_P(PackageStatusTest, ManualChangesThatContradictTheLicencesAreRefused) {
  agreement("LIC-A", "C-0001", R"("package":"PKG-A")", true, "2026-03-01", "2026-12-31");
  agreement("LIC-B", "C-0001", R"("package":"PKG-B")", false, "2026-03-01", "2026-12-31");
  refused("PKG-A", S::kMarketed, "2026-06-01", "exclusive_licence_in_force",
          "package PKG-A cannot be set marketed on 2026-06-01: it is licensed by the exclusive licence LIC-A to "
          "C-0001 (2026-03-01 .. 2026-12-31)");
  refused("PKG-A", S::kDraft, "2026-06-01", "exclusive_licence_in_force", "the exclusive licence LIC-A");
  refused("PKG-A", S::kLicensed, "2026-06-01", "exclusive_licence_in_force",
          "package PKG-A is already licensed on 2026-06-01 by the exclusive licence LIC-A");
  // Licensed without an exclusive licence in force: before it, after it,
  // and under a non-exclusive one.
  refused("PKG-A", S::kLicensed, "2026-02-28", "no_exclusive_licence",
          "package PKG-A cannot be set licensed on 2026-02-28: a package is licensed only while an exclusive "
          "licence agreement covering it is in force");
  refused("PKG-A", S::kLicensed, "2027-01-01", "no_exclusive_licence", "cannot be set licensed on 2027-01-01");
  refused("PKG-B", S::kLicensed, "2026-06-01", "no_exclusive_licence", "cannot be set licensed on 2026-06-01");
  refused("PKG-C", S::kLicensed, "2026-06-01", "no_exclusive_licence", "cannot be set licensed");
  // What agrees with the licences is accepted: a move on a day the
  // exclusive licence is not in force (the licence still rules its days),
  // and retiring.
  auto draft = packages_->set_status("PKG-A", S::kDraft, d("2027-01-01"));
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_EQ(draft.value(), S::kMarketed);
  EXPECT_EQ(status("PKG-A", "2027-01-01"), S::kDraft);
  EXPECT_EQ(status("PKG-A", "2026-06-01"), S::kLicensed);
  auto retired = packages_->set_status("PKG-A", S::kRetired, d("2026-06-01"));
  ASSERT_TRUE(retired.ok()) << retired.error().message;
  EXPECT_EQ(retired.value(), S::kLicensed);  // the status it had on the day
  EXPECT_EQ(status("PKG-A", "2026-06-01"), S::kRetired);
}

TEST_P(PackageStatusTest, ProgrammeReportCountsPackagesUnderLicence) {
  agreement("LIC-A", "C-0001", R"("package":"PKG-A")", true, "2026-03-01", "2027-12-31");
  agreement("LIC-B", "C-0002", R"("patents":["JP2020000002A","JP2020000003A"])", false, "2026-04-01",
            "2030-12-31");
  ProjectService projects(*db_, SchemeSettings{}, "tester");
  // FY2026 ends 2027-03-31: A under its exclusive licence, B under a
  // non-exclusive one (marketed), C a draft.
  ProgrammeReport r = projects.programme_report(FiscalYear{2026});
  EXPECT_EQ(r.packages_draft, 1);
  EXPECT_EQ(r.packages_marketed, 1);
  EXPECT_EQ(r.packages_licensed, 1);
  EXPECT_EQ(r.packages_retired, 0);
  EXPECT_EQ(r.packages_licensed_exclusive, 1);
  EXPECT_EQ(r.packages_licensed_non_exclusive, 1);
  // FY2028 ends 2029-03-31: A's licence has ended.
  r = projects.programme_report(FiscalYear{2028});
  EXPECT_EQ(r.packages_marketed, 2);
  EXPECT_EQ(r.packages_licensed, 0);
  EXPECT_EQ(r.packages_licensed_exclusive, 0);
  EXPECT_EQ(r.packages_licensed_non_exclusive, 1);
  // FY2025 ends 2026-03-31: only A's licence has started.
  r = projects.programme_report(FiscalYear{2025});
  EXPECT_EQ(r.packages_licensed, 1);
  EXPECT_EQ(r.packages_marketed, 1);
  EXPECT_EQ(r.packages_licensed_exclusive, 1);
  EXPECT_EQ(r.packages_licensed_non_exclusive, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PackageStatusTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
