// chizai docket remind [--date D] [--dry-run] [--format table|json]: the
// daily reminder digest (services/reminder_service.h), meant for cron or
// a systemd timer. The relay is smtp.host/smtp.port/smtp.from (optional
// smtp.username/smtp.password, smtp.timeout_seconds), the horizons
// docket.reminder_horizons (default "90,30,7"). Exits 69 (unavailable)
// after the run when the relay did not accept a message.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "core/money.h"
#include "io/json_writer.h"
#include "services/docket_service.h"
#include "services/reminder_service.h"
#include "services/smtp_sender.h"

namespace chizai::cli {
namespace {

struct RemindArgs {
  std::string date;
  bool dry_run = false;
  std::string format = "table";
};

void write_run_json(const ReminderRun& run) {
  JsonWriter w(2);
  w.begin_object()
      .field("date", run.date.to_string())
      .field("dry_run", run.mode == ReminderMode::kDryRun)
      .field("users", static_cast<std::int64_t>(run.users))
      .field("messages", static_cast<std::int64_t>(run.messages))
      .field("tasks", static_cast<std::int64_t>(run.tasks))
      .field("failed", static_cast<std::int64_t>(run.failed));
  w.key("digests").begin_array();
  for (const ReminderDigest& d : run.digests) {
    w.begin_object().field("user", d.user).field("email", d.email).field("sent", d.sent);
    w.text_or_null("error", d.error);
    w.field("subject", d.text.subject).field("body", d.text.body);
    w.key("tasks").begin_array();
    for (const docket::Reminder& r : d.reminders) {
      const docket::ReminderTask& t = r.task;
      w.begin_object()
          .field("number", t.number)
          .field("task", t.key)
          .field("kind", t.kind)
          .field("label", t.label)
          .field("horizon", r.horizon)
          .field("due", t.due.to_string());
      w.text_or_null("grace_end", t.grace_end ? t.grace_end->to_string() : "");
      w.field("last_day", t.last_day.to_string()).key("fee");
      if (t.fee) {
        w.value(static_cast<std::int64_t>(*t.fee));
      } else {
        w.null();
      }
      w.text_or_null("currency", t.currency);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  std::cout << w.take() << '\n';
}

void print_run_text(const ReminderRun& run) {
  for (const ReminderDigest& d : run.digests) {
    if (run.mode == ReminderMode::kDryRun) {
      std::cout << "To: " << d.user << " <" << d.email << ">\nSubject: " << d.text.subject << "\n\n"
                << d.text.body << "\n";
      continue;
    }
    std::cout << d.user << " <" << d.email << ">: " << d.reminders.size()
              << (d.reminders.size() == 1 ? " task, " : " tasks, ")
              << (d.sent ? std::string("sent") : "NOT sent (nothing recorded): " + d.error) << '\n';
    std::vector<Row> rows;
    for (const docket::Reminder& r : d.reminders) {
      const docket::ReminderTask& t = r.task;
      rows.push_back({t.number, t.key, r.horizon, t.due.to_string(),
                      t.grace_end ? t.grace_end->to_string() : "", t.fee ? money_text(*t.fee, t.currency) : ""});
    }
    print_table(std::cout, {"number", "task", "horizon", "due", "grace_end", "fee"}, rows);
  }
  std::cout << "reminders " << run.date.to_string() << (run.mode == ReminderMode::kDryRun ? " (dry run)" : "")
            << ": " << run.users << " users with an e-mail address, " << run.messages
            << (run.mode == ReminderMode::kDryRun ? " messages to send, " : " messages sent, ") << run.tasks
            << " tasks, " << run.failed << " failed\n";
}

void run_remind(Context& ctx, const RemindArgs& args) {
  Date today = today_local();
  if (!args.date.empty()) {
    auto d = Date::parse(args.date);
    if (!d) throw Failure(kUsage, "date '" + args.date + "' is not a date (YYYY-MM-DD) (--date)");
    today = d.value();
  }
  const auto setting = docket_settings(ctx);
  const std::vector<int> horizons = or_fail(docket::parse_horizons(setting("docket.reminder_horizons", "90,30,7")));
  std::unique_ptr<SmtpSender> sender;
  if (!args.dry_run) sender = std::make_unique<SmtpSender>(or_fail(read_smtp_settings(setting)));
  auto db = ctx.open();
  auto rules = load_docket_rules(setting("docket.rules_dir", "config/docketing"));
  if (!rules) fail(rules.error());
  DocketService(*db, rules.value(), ctx.actor(), today).ensure_current();
  const ReminderRun run = ReminderService(*db, today)
                              .run(horizons, args.dry_run ? ReminderMode::kDryRun : ReminderMode::kSend, sender.get());
  if (args.format == "json") {
    write_run_json(run);
  } else {
    print_run_text(run);
  }
  if (run.failed > 0) {
    std::string who;
    for (const ReminderDigest& d : run.digests) {
      if (!d.sent && !d.error.empty()) who += (who.empty() ? "" : ", ") + d.user;
    }
    throw Failure(kUnavailable, std::to_string(run.failed) + " digest(s) not sent, nothing recorded for them (" +
                                    who + "); the next run tries again");
  }
}

}  // namespace

void add_docket_remind_command(CLI::App* docket, Context& ctx) {
  auto args = std::make_shared<RemindArgs>();
  auto* cmd = docket->add_subcommand(
      "remind", "Send each user with an e-mail address its daily digest of tasks due within the horizons and missed");
  cmd->add_option("--date", args->date, "The digest's date (YYYY-MM-DD; default today)");
  cmd->add_flag("--dry-run", args->dry_run, "Print the messages that would be sent; send and record nothing");
  add_format_option(cmd, args->format, {"table", "json"});
  cmd->callback([&ctx, args] { run_remind(ctx, *args); });
}

}  // namespace chizai::cli
