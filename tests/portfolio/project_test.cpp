// Super Highway rules without a database: budget caps, commitments,
// expenditures, contractors, contract transitions, staff regions, rates.
#include "portfolio/project.h"

#include <gtest/gtest.h>

#include <limits>

namespace chizai {
namespace {

Date d(const char* s) { return Date::parse(s).value(); }

bool mentions(const Status& s, const std::string& part) {
  return !s.ok() && s.error().message.find(part) != std::string::npos;
}

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST(ProjectRules, YenText) {
  EXPECT_EQ(yen_text(0), "0 JPY");
  EXPECT_EQ(yen_text(999), "999 JPY");
  EXPECT_EQ(yen_text(1000), "1,000 JPY");
  EXPECT_EQ(yen_text(18'000'000), "18,000,000 JPY");
  EXPECT_EQ(yen_text(-1'234'567), "-1,234,567 JPY");
  EXPECT_EQ(yen_text(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808 JPY");
}

TEST(ProjectRules, SumAmountsChecksOverflowAndSign) {
  EXPECT_EQ(sum_amounts({}).value(), 0);
  EXPECT_EQ(sum_amounts({5'000'000, 7'000'000, 6'000'000}).value(), 18'000'000);
  EXPECT_EQ(sum_amounts({kMax, 0}).value(), kMax);
  auto overflow = sum_amounts({kMax, 1});
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().code, "overflow");
  auto negative = sum_amounts({1, -1});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, "negative_amount");
}

TEST(ProjectRules, BudgetCap) {
  SchemeSettings s;
  EXPECT_TRUE(check_project_budget(18'000'000, s).ok());
  EXPECT_TRUE(check_project_budget(1, s).ok());
  const Status over = check_project_budget(18'000'001, s);
  EXPECT_TRUE(mentions(over, "over the cap of 18,000,000 JPY")) << over.error().message;
  EXPECT_EQ(over.error().code, "over_cap");
  EXPECT_TRUE(mentions(check_project_budget(0, s), "must be positive"));
  EXPECT_TRUE(mentions(check_project_budget(-5, s), "must be positive"));
  s.project_budget_max_minor = 20'000'000;
  EXPECT_TRUE(check_project_budget(20'000'000, s).ok());
}

TEST(ProjectRules, ProjectSlots) {
  SchemeSettings s;
  EXPECT_TRUE(check_project_slots(0, s).ok());
  EXPECT_TRUE(check_project_slots(9, s).ok());
  const Status full = check_project_slots(10, s);
  EXPECT_TRUE(mentions(full, "already has 10 project(s) and its cap is 10")) << full.error().message;
  s.max_projects = 0;
  EXPECT_TRUE(mentions(check_project_slots(0, s), "cap is 0"));
}

TEST(ProjectRules, Periods) {
  EXPECT_TRUE(check_period(d("2026-04-01"), d("2026-04-01"), "project X").ok());
  const Status back = check_period(d("2026-04-02"), d("2026-04-01"), "project X");
  EXPECT_TRUE(mentions(back, "project X: end 2026-04-01 is before start 2026-04-02"));
  const Date pf = d("2026-04-01"), pt = d("2027-03-31");
  EXPECT_TRUE(check_within(pf, pt, pf, pt, "contract", "project X").ok());
  EXPECT_TRUE(check_within(d("2026-05-01"), d("2026-06-01"), pf, pt, "contract", "project X").ok());
  const Status early = check_within(d("2026-03-31"), d("2026-06-01"), pf, pt, "contract", "project X");
  EXPECT_TRUE(mentions(early, "is not within project X period 2026-04-01 .. 2027-03-31"));
  EXPECT_FALSE(check_within(d("2026-05-01"), d("2027-04-01"), pf, pt, "contract", "project X").ok());
}

TEST(ProjectRules, CommitmentUpToBudgetExactly) {
  EXPECT_TRUE(check_commitment("SH-01", 18'000'000, 12'000'000, 6'000'000).ok());
  const Status over = check_commitment("SH-01", 18'000'000, 12'000'000, 6'000'001);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "over_budget");
  EXPECT_EQ(over.error().message,
            "a contract of 6,000,001 JPY would take project SH-01's commitments over its budget: "
            "budget 18,000,000 JPY, committed 12,000,000 JPY, remaining 6,000,000 JPY");
  EXPECT_TRUE(mentions(check_commitment("SH-01", 100, 0, 0), "must be positive"));
  // committed + amount overflowing int64 is over budget, not a wrap-around.
  EXPECT_EQ(check_commitment("SH-01", kMax, kMax - 1, kMax).error().code, "over_budget");
}

TEST(ProjectRules, ExpenditureUpToContractExactly) {
  EXPECT_TRUE(check_expenditure(7, 5'000'000, 4'000'000, 1'000'000).ok());
  const Status over = check_expenditure(7, 5'000'000, 4'000'000, 1'000'001);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message,
            "an expenditure of 1,000,001 JPY would take contract 7 over its amount: amount "
            "5,000,000 JPY, spent 4,000,000 JPY, left 1,000,000 JPY");
  EXPECT_TRUE(mentions(check_expenditure(7, 10, 0, -1), "must be positive"));
  EXPECT_EQ(check_expenditure(7, kMax, 2, kMax).error().code, "over_contract");
}

TEST(ProjectRules, ContractorMustBeAnInventorsInstitution) {
  EXPECT_TRUE(check_contractor("SH-01", "U-KYOTO", {"U-KYOTO", "U-TOKYO"}).ok());
  const Status no = check_contractor("SH-01", "C-0001", {"U-KYOTO", "U-TOKYO"});
  ASSERT_FALSE(no.ok());
  EXPECT_EQ(no.error().message,
            "institution C-0001 is not the institution of an inventor of project SH-01's basic "
            "patents; commissioned research goes to U-KYOTO, U-TOKYO");
  EXPECT_TRUE(mentions(check_contractor("SH-01", "U-KYOTO", {}), "no inventor institution"));
}

TEST(ProjectRules, ContractTransitions) {
  using S = ContractStatus;
  EXPECT_TRUE(check_contract_transition(1, S::kActive, S::kCompleted, 100).ok());
  EXPECT_TRUE(check_contract_transition(1, S::kCompleted, S::kActive, 100).ok());
  EXPECT_TRUE(check_contract_transition(1, S::kActive, S::kCancelled, 0).ok());
  EXPECT_TRUE(mentions(check_contract_transition(1, S::kActive, S::kCancelled, 300),
                       "contract 1 has expenditures (300 JPY spent) and cannot be cancelled"));
  EXPECT_TRUE(mentions(check_contract_transition(1, S::kCancelled, S::kActive, 0),
                       "cannot be reopened"));
}

TEST(ProjectRules, Words) {
  EXPECT_EQ(parse_contract_status("cancelled"), ContractStatus::kCancelled);
  EXPECT_FALSE(parse_contract_status("Cancelled").has_value());
  EXPECT_STREQ(to_string(ContractStatus::kCompleted), "completed");
  EXPECT_EQ(parse_staff_region("middle_east_africa"), StaffRegion::kMiddleEastAfrica);
  EXPECT_FALSE(parse_staff_region("mars").has_value());
  EXPECT_EQ(allowed_words_staff_region(),
            "japan, north_america, europe, china, asia_other, latin_america, oceania, "
            "middle_east_africa");
}

TEST(ProjectRules, RegionsCoveredOnADay) {
  const std::vector<StaffPeriod> staff = {
      {"A", StaffRegion::kEurope, d("2026-04-01"), d("2026-09-30")},
      {"B", StaffRegion::kNorthAmerica, d("2026-06-01"), std::nullopt},
      {"C", StaffRegion::kEurope, d("2026-10-01"), std::nullopt},
      {"D", StaffRegion::kChina, d("2027-01-01"), d("2027-01-01")},
  };
  EXPECT_EQ(regions_covered(staff, d("2026-03-31")), std::vector<StaffRegion>{});
  EXPECT_EQ(regions_covered(staff, d("2026-04-01")), std::vector<StaffRegion>{StaffRegion::kEurope});
  EXPECT_EQ(regions_covered(staff, d("2026-09-30")),
            (std::vector<StaffRegion>{StaffRegion::kNorthAmerica, StaffRegion::kEurope}));
  EXPECT_EQ(regions_covered(staff, d("2027-01-01")),
            (std::vector<StaffRegion>{StaffRegion::kNorthAmerica, StaffRegion::kEurope,
                                      StaffRegion::kChina}));
  EXPECT_EQ(regions_covered(staff, d("2027-01-02")),
            (std::vector<StaffRegion>{StaffRegion::kNorthAmerica, StaffRegion::kEurope}));
}

TEST(ProjectRules, StaffOverlap) {
  const StaffPeriod s{"A", StaffRegion::kEurope, d("2026-04-01"), d("2026-09-30")};
  EXPECT_TRUE(s.overlaps(d("2026-09-30"), std::nullopt));
  EXPECT_FALSE(s.overlaps(d("2026-10-01"), std::nullopt));
  EXPECT_TRUE(s.overlaps(d("2025-01-01"), d("2026-04-01")));
  EXPECT_FALSE(s.overlaps(d("2025-01-01"), d("2026-03-31")));
  const StaffPeriod open{"B", StaffRegion::kEurope, d("2026-04-01"), std::nullopt};
  EXPECT_TRUE(open.overlaps(d("2030-01-01"), d("2030-01-02")));
}

TEST(ProjectRules, UtilisationRate) {
  EXPECT_EQ(utilisation_rate_bps(0, 0), 0);
  EXPECT_EQ(utilisation_rate_bps(0, 12), 0);
  EXPECT_EQ(utilisation_rate_bps(1, 3), 3333);
  EXPECT_EQ(utilisation_rate_bps(2, 3), 6667);
  EXPECT_EQ(utilisation_rate_bps(1, 20000), 1);   // 0.5 bp rounds up
  EXPECT_EQ(utilisation_rate_bps(1, 20001), 0);
  EXPECT_EQ(utilisation_rate_bps(5, 5), 10000);
  EXPECT_EQ(utilisation_rate_bps(kMax, kMax), 10000);
  EXPECT_EQ(bps_text(3030), "30.30%");
  EXPECT_EQ(bps_text(5), "0.05%");
  EXPECT_EQ(bps_text(10000), "100.00%");
}

}  // namespace
}  // namespace chizai
