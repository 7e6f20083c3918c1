#include "services/reminder_service.h"

#include <algorithm>
#include <exception>

#include "services/auth_service.h"
#include "store/reminder_store.h"

namespace chizai {

namespace {

// The reminders due to `u` today: its scope's open tasks, less what it was sent.
std::vector<docket::Reminder> due_to(ReminderStore& store, const ReminderRecipient& u,
                                     const std::vector<int>& horizons, Date today) {
  const Date until = today.add_days(horizons.empty() ? 0 : horizons.front());
  const long long scope = is_scoped_role(u.role) ? u.institution_id : 0;
  if (is_scoped_role(u.role) && scope == 0) return {};  // a scoped user without an institution sees nothing
  if (horizons.empty()) return {};
  return docket::select_reminders(store.open_tasks(scope, today, until), horizons, today, store.sent(u.id));
}

}  // namespace

ReminderRun ReminderService::run(const std::vector<int>& horizons, ReminderMode mode, MailSender* sender) {
  ReminderRun out;
  out.date = today_;
  out.mode = mode;
  ReminderStore store(db_);
  std::vector<ReminderRecipient> recipients;
  {
    ReadSnapshot snapshot(db_);
    recipients = store.recipients();
  }
  out.users = static_cast<long long>(recipients.size());
  for (const ReminderRecipient& u : recipients) {
    ReminderDigest d;
    d.user = u.name;
    d.email = u.email;
    if (mode == ReminderMode::kDryRun) {
      ReadSnapshot snapshot(db_);
      d.reminders = due_to(store, u, horizons, today_);
      if (d.reminders.empty()) continue;
      d.text = docket::compose_digest(u.name, today_, d.reminders);
      ++out.messages;
      out.tasks += static_cast<long long>(d.reminders.size());
      out.digests.push_back(std::move(d));
      continue;
    }
    try {
      WriteTransaction tx(db_);
      const std::string at = utc_timestamp();
      for (docket::Reminder& r : due_to(store, u, horizons, today_)) {
        const ReminderRecord record{u.id, r.task.patent_id, r.task.key, r.horizon, today_, r.task.due, u.email, at};
        if (store.claim(record)) d.reminders.push_back(std::move(r));  // else another run has it
      }
      if (d.reminders.empty()) continue;  // the transaction rolls back: nothing claimed
      d.text = docket::compose_digest(u.name, today_, d.reminders);
      Status sent = sender->send(MailOut{u.email, d.text.subject, d.text.body});
      if (!sent) {
        d.error = sent.error().message;
      } else {
        tx.commit();
        d.sent = true;
      }
    } catch (const std::exception& e) {
      d.error = e.what();
    }
    if (d.sent) {
      ++out.messages;
      out.tasks += static_cast<long long>(d.reminders.size());
    } else {
      ++out.failed;
    }
    out.digests.push_back(std::move(d));
  }
  return out;
}

}  // namespace chizai
