// The docket's daily reminder digest (issue 20, section 3, "Reminders";
// `chizai docket remind`, meant for cron or a systemd timer): for each
// enabled API user with an e-mail address, one message listing the open
// tasks in the user's scope (every task for admin, finance and
// tech_transfer; the tasks concerning its institution, as owner or payer,
// for ip_manager and institution_viewer) that fall due within a horizon,
// and the missed ones (docket/reminder.h: each task once per horizon,
// "missed" once). Done, waived and performed tasks never.
//
// Once only, even with two runs at once: per user, in one write
// transaction, the reminders are claimed (inserted into docket_reminder,
// unique on user, task and horizon; a row another run holds is skipped),
// the message listing the claimed ones is handed to the relay, and the
// transaction commits only when the relay accepted it. A refused or failed
// send rolls back: nothing is recorded for that user (it is retried on the
// next run), the error is reported, and the run goes on with the others.
// On SQLite the write lock is held while the message is sent (bounded by
// smtp.timeout_seconds).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "docket/reminder.h"
#include "store/database.h"

namespace chizai {

// A message for one recipient.
struct MailOut {
  std::string to;       // address
  std::string subject;  // UTF-8, unencoded
  std::string body;     // UTF-8 plain text
};

// Hands a message to a relay. Refusal or failure: an error "mail_failed"
// (ErrorKind::kUnavailable) naming what went wrong.
class MailSender {
 public:
  virtual ~MailSender() = default;
  virtual Status send(const MailOut& message) = 0;
};

enum class ReminderMode { kSend, kDryRun };

// One user's digest in a run.
struct ReminderDigest {
  std::string user, email;
  std::vector<docket::Reminder> reminders;  // soonest first
  docket::DigestText text;
  bool sent = false;  // accepted by the relay and recorded
  std::string error;  // a failed send: nothing recorded
};

struct ReminderRun {
  Date date;
  ReminderMode mode = ReminderMode::kSend;
  long long users = 0;     // users with an e-mail address, enabled
  long long messages = 0;  // sent (or, dry run, that would be)
  long long tasks = 0;     // reminders in those messages
  long long failed = 0;    // messages the relay did not accept
  std::vector<ReminderDigest> digests;  // users with something to say, by name
};

class ReminderService {
 public:
  // `today` is the digest's date. REQUIRES: the stored docket is current
  // (DocketService::ensure_current).
  ReminderService(Database& db, Date today) : db_(db), today_(today) {}

  // Runs the digest over every recipient with `horizons` (largest first:
  // docket::parse_horizons). kDryRun composes every message and neither
  // sends nor records anything; kSend sends each through `sender` (which
  // may be null only for kDryRun).
  ReminderRun run(const std::vector<int>& horizons, ReminderMode mode, MailSender* sender);

 private:
  Database& db_;
  Date today_;
};

}  // namespace chizai
