// Civil dates as days since 1970-01-01, after Howard Hinnant's
// "chrono-compatible low-level date algorithms".
#include "core/text.h"
#include "core/date.h"

#include <cstdint>
#include <ctime>
#include <string>

namespace chizai {
namespace {

struct Ymd {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  if (m <= 2) --y;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Ymd civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                   // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  return Ymd{m <= 2 ? y + 1 : y, m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::string pad(std::int64_t value, std::size_t width) {
  std::string s = std::to_string(value < 0 ? -value : value);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  if (value < 0) s.insert(0, 1, '-');
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool is_leap_year(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(int year, int month) {
  switch (month) {
    case 1: case 3: case 5: case 7: case 8: case 10: case 12:
      return 31;
    case 4: case 6: case 9: case 11:
      return 30;
    case 2:
      return is_leap_year(year) ? 29 : 28;
    default:
      return 0;  // not a month
  }
}

Result<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month)) {
    return make_error(ErrorKind::kInvalid, "bad_date", cat("no such date: ", pad(year, 4), "-", pad(month, 2), "-",
                                          pad(day, 2), " (year must be 1..9999)"));
  }
  return Date(static_cast<std::int32_t>(days_from_civil(
      year, static_cast<unsigned>(month), static_cast<unsigned>(day))));
}

Result<Date> Date::parse(std::string_view text) {
  const auto bad = [&]() {
    return make_error(ErrorKind::kInvalid, "bad_date", cat("bad date '", text, "' (expected YYYY-MM-DD)"));
  };
  std::string_view y, m, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    y = text.substr(0, 4);
    m = text.substr(5, 2);
    d = text.substr(8, 2);
  } else if (text.size() == 8) {
    y = text.substr(0, 4);
    m = text.substr(4, 2);
    d = text.substr(6, 2);
  } else {
    return bad();
  }
  for (std::string_view part : {y, m, d}) {
    for (char c : part) {
      if (!is_digit(c)) return bad();
    }
  }
  Result<Date> date = from_ymd(digits_value(y), digits_value(m), digits_value(d));
  if (!date.ok()) return bad();
  return date;
}

int Date::year() const { return static_cast<int>(civil_from_days(days_).year); }
int Date::month() const { return static_cast<int>(civil_from_days(days_).month); }
int Date::day() const { return static_cast<int>(civil_from_days(days_).day); }

int Date::iso_weekday() const {
  // 1970-01-01 was a Thursday (4).
  const std::int64_t since_monday = (static_cast<std::int64_t>(days_) % 7 + 7 + 3) % 7;
  return static_cast<int>(since_monday) + 1;
}

Date Date::add_months(int months) const {
  const Ymd ymd = civil_from_days(days_);
  const std::int64_t index = ymd.year * 12 + (ymd.month - 1) + months;  // months since 0000-01
  const std::int64_t year = floor_div(index, 12);
  const auto month = static_cast<unsigned>(index - year * 12 + 1);
  const auto last = static_cast<unsigned>(
      days_in_month(static_cast<int>(year), static_cast<int>(month)));
  const unsigned day = ymd.day < last ? ymd.day : last;
  return Date(static_cast<std::int32_t>(days_from_civil(year, month, day)));
}

Date Date::month_start() const {
  const Ymd ymd = civil_from_days(days_);
  return Date(static_cast<std::int32_t>(days_from_civil(ymd.year, ymd.month, 1)));
}

Date Date::month_end() const {
  const Ymd ymd = civil_from_days(days_);
  const auto last = static_cast<unsigned>(
      days_in_month(static_cast<int>(ymd.year), static_cast<int>(ymd.month)));
  return Date(static_cast<std::int32_t>(days_from_civil(ymd.year, ymd.month, last)));
}

std::string Date::to_string() const {
  const Ymd ymd = civil_from_days(days_);
  return pad(ymd.year, 4) + "-" + pad(ymd.month, 2) + "-" + pad(ymd.day, 2);
}

Date today_local() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday).value();
}

std::string utc_timestamp() { return utc_timestamp(static_cast<long long>(std::time(nullptr))); }

std::string utc_timestamp(long long seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace chizai
