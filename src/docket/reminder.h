// The docket's daily reminder digest (issue 20, section 3, "Reminders"):
// which open tasks a user is told about today, and the message that tells
// them. Pure: the tasks, what was sent before and today in; the reminders
// and the text out (services/reminder_service.h reads and records them).
//
// Horizons are numbers of days ("90,30,7"). A task open today whose due
// date is `days` ahead (negative in its grace period) falls under the
// smallest horizon h with days <= h; it is reminded under that horizon
// once. So a task due in 25 days is reported under 30 (not 90: that one is
// past), then again when it enters 7. A task whose last day (grace end,
// else due) is before today is missed: reminded once, horizon "missed".
// Done, waived and performed tasks are the caller's to leave out.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace chizai::docket {

// An open task as the digest lists it.
struct ReminderTask {
  long long patent_id = 0;
  std::string number;  // application number (canonical)
  std::string key;     // task key: (patent, key) is the task's stable identity
  std::string kind, label;
  Date due, last_day;
  std::optional<Date> grace_end;
  std::optional<std::int64_t> fee;  // minor units; none: no official fee
  std::string currency;
};

struct Reminder {
  ReminderTask task;
  std::string horizon;  // "90", "30", "7", … or "missed"
};

// (patent id, task key, horizon) of a reminder already sent.
using SentReminder = std::tuple<long long, std::string, std::string>;

// Reads "90,30,7": distinct whole numbers of days from 0 to 3650, at least
// one, in any order (spaces allowed). Returns them largest first. Refusal:
// "bad_horizons", field "docket.reminder_horizons".
Result<std::vector<int>> parse_horizons(std::string_view text);

// The horizon `t` falls under on `today` ("missed", a number of days), or
// nothing (not yet within the largest). REQUIRES: horizons largest first.
std::optional<std::string> reminder_horizon(const ReminderTask& t, const std::vector<int>& horizons, Date today);

// The reminders due today: each task under its horizon, unless `sent`
// holds it; soonest due first (then number, key). REQUIRES: horizons
// largest first.
std::vector<Reminder> select_reminders(const std::vector<ReminderTask>& tasks, const std::vector<int>& horizons,
                                       Date today, const std::set<SentReminder>& sent);

struct DigestText {
  std::string subject;  // UTF-8, unencoded
  std::string body;     // UTF-8 plain text, lines ending "\n"
};

// The digest to user `user` on `today` listing `reminders` in their order,
// in Japanese and English: subject with the count, and per task the
// application number, kind, label, due date, last day of grace, fee and
// currency, and why it is listed (the horizon).
DigestText compose_digest(const std::string& user, Date today, const std::vector<Reminder>& reminders);

}  // namespace chizai::docket
