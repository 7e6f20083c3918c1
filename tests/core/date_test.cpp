#include "core/date.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace chizai {
namespace {

// "'text'" (built with append: "literal" + std::string trips a GCC 12
// -Wrestrict false positive).
std::string quoted(std::string_view s) {
  std::string q(1, '\'');
  q.append(s);
  q.push_back('\'');
  return q;
}

Date ymd(int y, int m, int d) {
  auto r = Date::from_ymd(y, m, d);
  EXPECT_TRUE(r.ok()) << y << "-" << m << "-" << d;
  return r.ok() ? r.value() : Date();
}

Date parsed(std::string_view text) {
  auto r = Date::parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Date();
}

TEST(DateTest, EpochAndKnownDays) {
  EXPECT_EQ(Date().days_since_epoch(), 0);
  EXPECT_EQ(Date().to_string(), "1970-01-01");
  EXPECT_EQ(ymd(1970, 1, 1), Date());
  EXPECT_EQ(ymd(1970, 1, 2).days_since_epoch(), 1);
  EXPECT_EQ(ymd(1969, 12, 31).days_since_epoch(), -1);
  EXPECT_EQ(ymd(2000, 3, 1).days_since_epoch(), 11017);
  EXPECT_EQ(ymd(2000, 1, 1).days_since_epoch(), 10957);
  EXPECT_EQ(ymd(1900, 1, 1).days_since_epoch(), -25567);
  EXPECT_EQ(ymd(2038, 1, 19).days_since_epoch(), 24855);
  EXPECT_EQ(ymd(1, 1, 1).days_since_epoch(), -719162);
  EXPECT_EQ(ymd(9999, 12, 31).days_since_epoch(), 2932896);
  EXPECT_EQ(Date::from_days(-719162).to_string(), "0001-01-01");
  EXPECT_EQ(Date::from_days(2932896).to_string(), "9999-12-31");
}

TEST(DateTest, RoundTripEveryDay1900To2100) {
  const std::int32_t first = ymd(1900, 1, 1).days_since_epoch();
  const std::int32_t last = ymd(2100, 12, 31).days_since_epoch();
  // Independent walk: step y/m/d by hand and compare with from_days.
  int y = 1900, m = 1, d = 1;
  int weekday = 1;  // 1900-01-01 was a Monday
  for (std::int32_t days = first; days <= last; ++days) {
    const Date date = Date::from_days(days);
    ASSERT_EQ(date.year(), y) << days;
    ASSERT_EQ(date.month(), m) << days;
    ASSERT_EQ(date.day(), d) << days;
    ASSERT_EQ(date.iso_weekday(), weekday) << date.to_string();
    auto back = Date::from_ymd(y, m, d);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->days_since_epoch(), days);
    auto reparsed = Date::parse(date.to_string());
    ASSERT_TRUE(reparsed.ok()) << date.to_string();
    ASSERT_EQ(reparsed.value(), date);
    if (++d > days_in_month(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
    weekday = weekday % 7 + 1;
  }
  EXPECT_EQ(y, 2101);
}

TEST(DateTest, RoundTripWholeRange) {
  // Every 97th day from 0001-01-01 to 9999-12-31, plus the ends.
  for (std::int32_t days = -719162; days <= 2932896; days += 97) {
    const Date date = Date::from_days(days);
    auto back = Date::from_ymd(date.year(), date.month(), date.day());
    ASSERT_TRUE(back.ok()) << days;
    ASSERT_EQ(back->days_since_epoch(), days);
  }
}

TEST(DateTest, Weekdays) {
  EXPECT_EQ(ymd(2026, 11, 29).iso_weekday(), 7);  // Sunday
  EXPECT_EQ(ymd(1970, 1, 1).iso_weekday(), 4);    // Thursday
  EXPECT_EQ(ymd(1969, 12, 29).iso_weekday(), 1);  // Monday
  EXPECT_EQ(ymd(1969, 12, 28).iso_weekday(), 7);  // Sunday
  EXPECT_EQ(ymd(2000, 1, 1).iso_weekday(), 6);    // Saturday
  EXPECT_EQ(ymd(2024, 2, 29).iso_weekday(), 4);   // Thursday
  EXPECT_EQ(ymd(1900, 1, 1).iso_weekday(), 1);    // Monday
  EXPECT_EQ(ymd(1, 1, 1).iso_weekday(), 1);       // Monday (proleptic)
  EXPECT_EQ(ymd(2001, 9, 11).iso_weekday(), 2);   // Tuesday
  EXPECT_EQ(ymd(2019, 5, 1).iso_weekday(), 3);    // Wednesday (Reiwa 1)
  EXPECT_EQ(ymd(1989, 1, 8).iso_weekday(), 7);    // Sunday (Heisei 1)
  EXPECT_EQ(ymd(2023, 3, 17).iso_weekday(), 5);   // Friday
}

TEST(DateTest, ParseAccepts) {
  EXPECT_EQ(parsed("2023-02-01"), ymd(2023, 2, 1));
  EXPECT_EQ(parsed("20230201"), ymd(2023, 2, 1));
  EXPECT_EQ(parsed("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_EQ(parsed("2000-02-29"), ymd(2000, 2, 29));
  EXPECT_EQ(parsed("0001-01-01").days_since_epoch(), -719162);
  EXPECT_EQ(parsed("9999-12-31").days_since_epoch(), 2932896);
  EXPECT_EQ(parsed("2026-11-29").to_string(), "2026-11-29");
}

TEST(DateTest, ParseRejects) {
  for (std::string_view bad :
       {"", "2023-2-1", "2023-02-30", "2023-13-01", "2023-00-10", "2023-01-00",
        "2023-02-29", "1900-02-29", "2100-02-29", "0000-01-01", "2023-02-01T00:00",
        "2023-02-01 ", " 2023-02-01", "2023/02/01", "2023-02-1", "23-02-01", "+2023-02-01",
        "2023-0201", "202302-01", "2023020", "202302011", "2023-1a-01", "abcd-ef-gh",
        "2023-02--1", "2023-04-31", "20230230", "20231301", "00000101", "-2023-02-01",
        "２０２３-０２-０１", "2023-02-01\n", "2023_02_01"}) {
    auto r = Date::parse(bad);
    ASSERT_FALSE(r.ok()) << "'" << bad << "' parsed as " << r->to_string();
    EXPECT_EQ(r.error().code, "bad_date") << bad;
    EXPECT_NE(r.error().message.find(quoted(bad)), std::string::npos)
        << r.error().message;
  }
}

TEST(DateTest, FromYmdRejects) {
  for (auto [y, m, d] : std::vector<std::tuple<int, int, int>>{
           {2023, 2, 29}, {2023, 0, 1}, {2023, 13, 1}, {2023, 1, 0}, {2023, 1, 32},
           {0, 1, 1}, {10000, 1, 1}, {-1, 1, 1}, {2023, 6, 31}, {1900, 2, 29}}) {
    auto r = Date::from_ymd(y, m, d);
    ASSERT_FALSE(r.ok()) << y << "-" << m << "-" << d;
    EXPECT_EQ(r.error().code, "bad_date");
  }
}

TEST(DateTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(ymd(2024, 1, 31).add_months(1), ymd(2024, 2, 29));
  EXPECT_EQ(ymd(2023, 1, 31).add_months(1), ymd(2023, 2, 28));
  EXPECT_EQ(ymd(2023, 1, 31).add_months(2), ymd(2023, 3, 31));
  EXPECT_EQ(ymd(2023, 1, 31).add_months(3), ymd(2023, 4, 30));
  EXPECT_EQ(ymd(2023, 3, 31).add_months(-1), ymd(2023, 2, 28));
  EXPECT_EQ(ymd(2024, 3, 31).add_months(-1), ymd(2024, 2, 29));
  EXPECT_EQ(ymd(2023, 1, 15).add_months(-1), ymd(2022, 12, 15));
  EXPECT_EQ(ymd(2023, 1, 15).add_months(-13), ymd(2021, 12, 15));
  EXPECT_EQ(ymd(2023, 1, 15).add_months(-12), ymd(2022, 1, 15));
  EXPECT_EQ(ymd(2023, 12, 15).add_months(1), ymd(2024, 1, 15));
  EXPECT_EQ(ymd(2023, 5, 10).add_months(0), ymd(2023, 5, 10));
  EXPECT_EQ(ymd(2023, 5, 10).add_months(240), ymd(2043, 5, 10));
  EXPECT_EQ(ymd(1970, 1, 1).add_months(-1), ymd(1969, 12, 1));
  EXPECT_EQ(ymd(1969, 12, 31).add_months(2), ymd(1970, 2, 28));
  EXPECT_EQ(ymd(2024, 2, 29).add_years(1), ymd(2025, 2, 28));
  EXPECT_EQ(ymd(2024, 2, 29).add_years(4), ymd(2028, 2, 29));
  EXPECT_EQ(ymd(2024, 2, 29).add_years(-4), ymd(2020, 2, 29));
  EXPECT_EQ(ymd(2024, 2, 29).add_years(-1), ymd(2023, 2, 28));
  // Patent term: 20 years from filing.
  EXPECT_EQ(ymd(2012, 3, 15).add_years(20), ymd(2032, 3, 15));
}

TEST(DateTest, AddMonthsAgreesWithYearMonthArithmetic) {
  // Exhaustive over a span of start dates and offsets.
  for (Date start = ymd(1999, 1, 1); start <= ymd(2001, 12, 31); start = start.add_days(1)) {
    for (int k = -30; k <= 30; ++k) {
      const Date r = start.add_months(k);
      const int index = start.year() * 12 + (start.month() - 1) + k;
      ASSERT_EQ(r.year(), index / 12);
      ASSERT_EQ(r.month(), index % 12 + 1);
      const int last = days_in_month(r.year(), r.month());
      ASSERT_EQ(r.day(), start.day() < last ? start.day() : last);
    }
  }
}

TEST(DateTest, AddDays) {
  EXPECT_EQ(ymd(2023, 12, 31).add_days(1), ymd(2024, 1, 1));
  EXPECT_EQ(ymd(2024, 3, 1).add_days(-1), ymd(2024, 2, 29));
  EXPECT_EQ(ymd(2024, 1, 1).add_days(366), ymd(2025, 1, 1));
}

TEST(DateTest, MonthStartEnd) {
  EXPECT_EQ(ymd(2024, 2, 14).month_start(), ymd(2024, 2, 1));
  EXPECT_EQ(ymd(2024, 2, 14).month_end(), ymd(2024, 2, 29));
  EXPECT_EQ(ymd(2023, 2, 14).month_end(), ymd(2023, 2, 28));
  EXPECT_EQ(ymd(2023, 12, 31).month_start(), ymd(2023, 12, 1));
  EXPECT_EQ(ymd(2023, 12, 1).month_end(), ymd(2023, 12, 31));
  EXPECT_EQ(ymd(2023, 4, 30).month_end(), ymd(2023, 4, 30));
  EXPECT_EQ(ymd(1969, 12, 15).month_end(), ymd(1969, 12, 31));
}

TEST(DateTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(1600));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_TRUE(is_leap_year(4));
  const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(days_in_month(2023, m), lengths[m - 1]) << m;
    EXPECT_EQ(days_in_month(2024, m), m == 2 ? 29 : lengths[m - 1]) << m;
  }
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  int total = 0;
  for (int m = 1; m <= 12; ++m) total += days_in_month(2024, m);
  EXPECT_EQ(total, 366);
}

TEST(DateTest, ToStringZeroPads) {
  EXPECT_EQ(ymd(2023, 2, 1).to_string(), "2023-02-01");
  EXPECT_EQ(ymd(1, 1, 1).to_string(), "0001-01-01");
  EXPECT_EQ(ymd(999, 9, 9).to_string(), "0999-09-09");
  EXPECT_EQ(ymd(2023, 12, 31).to_string(), "2023-12-31");
}

TEST(DateTest, Ordering) {
  EXPECT_LT(ymd(2023, 12, 31), ymd(2024, 1, 1));
  EXPECT_GT(ymd(2024, 1, 1), ymd(1969, 1, 1));
  EXPECT_EQ(ymd(2024, 1, 1), parsed("20240101"));
}

}  // namespace
}  // namespace chizai
