// Office calendars: the days an office is closed, 2000–2040. A deadline that
// falls on a closed day moves to the office's next working day.
//
// Every office's closed days for 2000-01-01..2040-12-31 are computed once, at
// load, into one byte per day (closed, provisional, weekend): closed() and
// each step of next_working_day() are an array lookup.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace chizai::docket {

struct WorkingDay {
  Date date;
  // True when the answer depends on a day computed by rule but not yet in a
  // published list (a future Japanese equinox, a future EPO closing day).
  bool provisional = false;
};

// A named day on which an office is closed (weekends are not listed, but a
// holiday that falls on a weekend is).
struct ClosedDay {
  Date date;
  std::string name;          // "春分の日 Vernal Equinox Day", "Independence Day (observed)", …
  // A public holiday ("holiday") or a closing day of the office that is not
  // one ("closure": the JPO's year-end days, an executive-order closure, an
  // EPO bridging day).
  bool holiday = true;
  bool provisional = false;  // computed, not (yet) in a published list
};

struct CalendarData;  // defined in calendar.cpp

class Calendars {
 public:
  static constexpr int kFirstYear = 2000;
  static constexpr int kLastYear = 2040;

  // Loads the published lists (EPO closing days, …) from `dir`
  // (config/docketing/calendars). An unreadable or malformed file is an error
  // naming it.
  static Result<Calendars> load(const std::string& dir);
  // Weekends only: for tests of rules that do not depend on holidays.
  static Calendars weekends_only();

  // The offices known: JP, US, EP, WO, DE, FR, GB, UP.
  static const std::vector<std::string>& offices();

  // True when `office` (JP, US, EP, WO, DE, FR, GB, UP) is closed on `d`.
  // A date outside 2000-01-01..2040-12-31 or an unknown office is an error.
  Result<bool> closed(std::string_view office, Date d) const;
  // `d` if the office is open that day, else its next working day.
  // Provisional when a day from `d` to the answer (both included) depends on
  // a computed, unpublished day. An error when the next working day would be
  // after 2040-12-31.
  Result<WorkingDay> next_working_day(std::string_view office, Date d) const;

  // Why `office` is closed on `d`: the day's names ("Saturday", "元日 New
  // Year's Day", …), "" when it is open.
  Result<std::string> closed_reason(std::string_view office, Date d) const;
  // The named closed days of `office` in `year`, in date order.
  Result<std::vector<ClosedDay>> closed_days(std::string_view office, int year) const;
  // True when none of `year`'s closed days of `office` is provisional: JP up
  // to the last year whose equinox days are published (jp.json), EP and WO
  // for the years with a published list (ep.json, wo.json), UP as EP; US, DE,
  // FR and GB always (computed by statute, one-off days in their files).
  Result<bool> year_published(std::string_view office, int year) const;

 private:
  std::shared_ptr<const CalendarData> data_;
};

}  // namespace chizai::docket
