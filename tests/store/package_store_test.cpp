// The package store on SQLite and PostgreSQL: membership periods as the
// package rules read them (a period ends on its removal day), and NDA dates
// that may be absent.
#include <gtest/gtest.h>

#include "store/lookup.h"
#include "store/package_store.h"
#include "store/registry_store.h"
#include "test_db.h"

namespace chizai {
namespace {

using testing::TestDb;

Date day(const char* text) { return Date::parse(text).value(); }

class PackageStoreTest : public testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (IsSkipped()) return;
    WriteTransaction tx(*db_);
    RegistryStore registry(*db_);
    Institution tokyo{"U-TOKYO", InstitutionKind::kUniversity, "Tokyo", "", "JP"};
    std::unordered_map<std::string, ExistingRecord> ids;
    ids["U-TOKYO"] = {registry.insert_institution(tokyo, "h"), "h"};
    Patent p;
    p.application_number = "JP2020-000001";
    p.jurisdiction = "JP";
    p.filing_date = day("2020-01-10");
    p.title = "Battery";
    p.owners.push_back(Owner{"U-TOKYO", Fraction::make(1, 1).value()});
    registry.insert_patent(p, "h", ids);
    registry.flush();
    tx.commit();
    institution_id_ = find_institution_id(*db_, "U-TOKYO").value();
    patent_id_ = find_patent_id(*db_, "JP2020-000001").value();
  }
  long long institution_id_ = 0, patent_id_ = 0;
};

TEST_P(PackageStoreTest, PeriodsEndOnTheirRemovalDay) {
  PackageStore store(*db_);
  WriteTransaction tx(*db_);
  store.insert_package("PKG-1", "Batteries", "", "", day("2026-04-01"));
  const long long id = find_package_id(*db_, "PKG-1").value();
  store.insert_member(id, patent_id_, MemberRole::kCore, 3, day("2026-04-01"));
  const auto periods = store.periods(id);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].period.patent, "JP2020-000001");
  EXPECT_EQ(periods[0].period.weight, 3);
  EXPECT_FALSE(periods[0].period.removed_on);
  store.set_member_weight(periods[0].id, 5);
  store.end_member(periods[0].id, day("2026-06-01"));
  tx.commit();

  EXPECT_TRUE(store.has_current_member(id, patent_id_, day("2026-05-31")));
  EXPECT_FALSE(store.has_current_member(id, patent_id_, day("2026-06-01")));
  const auto after = store.periods(id);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].period.weight, 5);
  EXPECT_EQ(after[0].period.removed_on, day("2026-06-01"));
  const auto all = store.periods_of({id});
  ASSERT_EQ(all.at(id).size(), 1u);
  EXPECT_EQ(all.at(id)[0].removed_on, day("2026-06-01"));
  EXPECT_EQ(store.count_by_status(day("2026-06-01")).at("draft"), 1);
}

TEST_P(PackageStoreTest, NdaDateMayBeAbsent) {
  PackageStore store(*db_);
  WriteTransaction tx(*db_);
  store.insert_package("PKG-1", "Batteries", "", "", day("2026-04-01"));
  store.insert_consortium("CON-1", find_package_id(*db_, "PKG-1").value(), day("2026-04-02"));
  const auto c = store.find_consortium("CON-1").value();
  EXPECT_EQ(c.package, "PKG-1");
  store.insert_consortium_member(c.id, institution_id_, ConsortiumRole::kUniversity, day("2026-04-03"),
                                 NdaState{});
  auto members = store.consortium_members(c.id);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].institution.name_en, "Tokyo");
  EXPECT_EQ(members[0].nda.status, NdaStatus::kNone);
  EXPECT_FALSE(members[0].nda.on);
  store.set_nda(c.id, institution_id_, NdaState{NdaStatus::kSigned, day("2026-04-05")});
  tx.commit();
  members = store.consortium_members(c.id);
  EXPECT_EQ(members[0].nda.status, NdaStatus::kSigned);
  EXPECT_EQ(members[0].nda.on, day("2026-04-05"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PackageStoreTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
