// The reminder digest's tables (migration 0027): who gets one (API users
// with an e-mail address, not disabled), the open tasks in a user's scope
// that a digest may list, and the append-only record of reminders sent,
// unique on (user, task, horizon). The selection rules live in
// docket/reminder.h, the use case in services/reminder_service.h.
// Writes expect the caller's write transaction.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "docket/reminder.h"
#include "store/database.h"

namespace chizai {

// An enabled API user with an e-mail address.
struct ReminderRecipient {
  long long id = 0;
  std::string name, role;
  long long institution_id = 0;  // 0: none
  std::string institution;       // code; empty for none
  std::string email;
};

struct ReminderRecord {
  long long user_id = 0;
  long long patent_id = 0;
  std::string task_key;
  std::string horizon;  // days or "missed"
  Date digest_date;
  Date due;
  std::string email;
  std::string sent_at;  // UTC YYYY-MM-DDTHH:MM:SSZ
};

class ReminderStore {
 public:
  explicit ReminderStore(Database& db) : db_(db) {}

  // Every enabled user with an e-mail address, by name.
  std::vector<ReminderRecipient> recipients();
  // The open tasks (state open, not carried out by an event) whose due
  // date is on or before `until` or whose last day is before `today`
  // (missed), concerning institution `institution_id` (owner or payer;
  // 0: every task), soonest due first.
  std::vector<docket::ReminderTask> open_tasks(long long institution_id, Date today, Date until);
  // What user `user_id` was sent already: (patent id, task key, horizon).
  std::set<docket::SentReminder> sent(long long user_id);
  // Records a reminder unless (user, task, horizon) is recorded already
  // (by this transaction or a committed one; on PostgreSQL a concurrent
  // uncommitted one is waited for). Returns whether it was recorded.
  bool claim(const ReminderRecord& r);
  // The records of `user_id` (0: everyone's), by id.
  std::vector<ReminderRecord> records(long long user_id);

 private:
  Database& db_;
};

}  // namespace chizai
