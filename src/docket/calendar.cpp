// PLACEHOLDER (skeleton): weekends only. The calendars helper replaces this
// file with the Japanese, US and EPO calendars.
#include "docket/calendar.h"

namespace chizai::docket {
namespace {
bool in_range(Date d) {
  return d.year() >= 2000 && d.year() <= 2040;
}
}  // namespace

Result<Calendars> Calendars::load(const std::string& /*dir*/) { return Calendars{}; }
Calendars Calendars::weekends_only() { return Calendars{}; }

Result<bool> Calendars::closed(std::string_view /*office*/, Date d) const {
  if (!in_range(d)) {
    return make_error(ErrorKind::kRefused, "date_outside_calendar",
                      "no office calendar for " + d.to_string() + " (covered: 2000-2040)");
  }
  return d.iso_weekday() >= 6;
}

Result<WorkingDay> Calendars::next_working_day(std::string_view office, Date d) const {
  for (int i = 0; i < 30; ++i) {
    auto c = closed(office, d);
    if (!c) return c.error();
    if (!*c) return WorkingDay{d, false};
    d = d.add_days(1);
  }
  return make_error(ErrorKind::kInternal, "calendar_no_working_day",
                    "no working day within 30 days of " + d.to_string());
}

}  // namespace chizai::docket
