#include "portfolio/fiscal.h"

#include <gtest/gtest.h>

namespace chizai {
namespace {

Date d(const char* s) { return Date::parse(s).value(); }

TEST(FiscalYear, AprilToMarch) {
  EXPECT_EQ(fiscal_year_of(d("2026-04-01")).year, 2026);
  EXPECT_EQ(fiscal_year_of(d("2027-03-31")).year, 2026);
  EXPECT_EQ(fiscal_year_of(d("2026-03-31")).year, 2025);
  const FiscalYear fy{2026};
  EXPECT_EQ(fy.first_day(), d("2026-04-01"));
  EXPECT_EQ(fy.last_day(), d("2027-03-31"));
  EXPECT_TRUE(fy.contains(d("2026-12-31")));
  EXPECT_FALSE(fy.contains(d("2027-04-01")));
}

}  // namespace
}  // namespace chizai
