// Civil (proleptic Gregorian) calendar dates, ISO 8601 text form.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chizai {

class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;

  // Returns the date, or an error for an impossible date (2023-02-29) or a
  // year outside 1..9999.
  static Result<Date> from_ymd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD" (ISO 8601 extended calendar date). Also
  // accepts the basic form "YYYYMMDD" used by patent office XML.
  static Result<Date> parse(std::string_view text);
  static Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // 1 = Monday … 7 = Sunday (ISO 8601).
  int iso_weekday() const;
  std::int32_t days_since_epoch() const { return days_; }

  // Adds whole months; the day is clamped to the end of the target month
  // (2024-01-31 + 1 month = 2024-02-29).
  Date add_months(int months) const;
  Date add_years(int years) const { return add_months(years * 12); }
  Date add_days(int days) const { return Date(days_ + days); }
  // First and last day of this date's month.
  Date month_start() const;
  Date month_end() const;

  // "YYYY-MM-DD".
  std::string to_string() const;

  friend constexpr auto operator<=>(Date a, Date b) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// Today's date on this machine's clock (local time zone).
Date today_local();
// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp();
// `t` (a std::time_t, seconds since 1970-01-01 UTC) as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp(long long t);

bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace chizai
