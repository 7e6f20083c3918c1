// Office calendars: the days an office is closed, 2000–2040. A deadline that
// falls on a closed day moves to the office's next working day.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace chizai::docket {

struct WorkingDay {
  Date date;
  // True when the answer depends on a day computed by rule but not yet in a
  // published list (a future Japanese equinox, a future EPO closing day).
  bool provisional = false;
};

class Calendars {
 public:
  // Loads the published lists (EPO closing days, …) from `dir`
  // (config/docketing/calendars). An unreadable or malformed file is an error
  // naming it.
  static Result<Calendars> load(const std::string& dir);
  // Weekends only: for tests of rules that do not depend on holidays.
  static Calendars weekends_only();

  // True when `office` (JP, US, EP, WO, DE, FR, GB, UP, CN) is closed on `d`.
  // A date outside 2000-01-01..2040-12-31 or an unknown office is an error.
  Result<bool> closed(std::string_view office, Date d) const;
  // `d` if the office is open that day, else its next working day.
  Result<WorkingDay> next_working_day(std::string_view office, Date d) const;

 private:
  bool weekends_only_ = true;
};

}  // namespace chizai::docket
