#include "docket/reminder.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <tuple>

#include "core/money.h"

namespace chizai::docket {

Result<std::vector<int>> parse_horizons(std::string_view text) {
  auto refuse = [&](const std::string& why) {
    return make_error(ErrorKind::kInvalid, "bad_horizons",
                      "docket.reminder_horizons '" + std::string(text) + "': " + why, "docket.reminder_horizons");
  };
  std::vector<int> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.empty() || part.size() > 4 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      return refuse("'" + std::string(part) + "' is not a whole number of days (0 to 3650)");
    }
    const int days = std::stoi(std::string(part));
    if (days > 3650) return refuse(std::string(part) + " days is more than 3650");
    if (std::find(out.begin(), out.end(), days) != out.end()) return refuse(std::string(part) + " is given twice");
    out.push_back(days);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::sort(out.begin(), out.end(), std::greater<>());
  return out;
}

std::optional<std::string> reminder_horizon(const ReminderTask& t, const std::vector<int>& horizons, Date today) {
  if (today > t.last_day) return std::string("missed");
  const int days = t.due.days_since_epoch() - today.days_since_epoch();
  std::optional<std::string> out;
  for (int h : horizons) {  // largest first: the last that holds is the smallest
    if (days <= h) out = std::to_string(h);
  }
  return out;
}

std::vector<Reminder> select_reminders(const std::vector<ReminderTask>& tasks, const std::vector<int>& horizons,
                                       Date today, const std::set<SentReminder>& sent) {
  std::vector<Reminder> out;
  for (const ReminderTask& t : tasks) {
    auto h = reminder_horizon(t, horizons, today);
    if (!h || sent.count(SentReminder{t.patent_id, t.key, *h})) continue;
    out.push_back(Reminder{t, *h});
  }
  std::stable_sort(out.begin(), out.end(), [](const Reminder& a, const Reminder& b) {
    return std::tie(a.task.due, a.task.number, a.task.key) < std::tie(b.task.due, b.task.number, b.task.key);
  });
  return out;
}

namespace {

std::string horizon_text(const std::string& h) {
  if (h == "missed") return "期限経過 / missed (last day passed)";
  return h + "日以内 / due within " + h + " days";
}

}  // namespace

DigestText compose_digest(const std::string& user, Date today, const std::vector<Reminder>& reminders) {
  const std::string n = std::to_string(reminders.size());
  const std::string day = today.to_string();
  DigestText out;
  out.subject = "[Chizai] 期限のお知らせ " + n + "件 / Docket reminder: " + n +
                (reminders.size() == 1 ? " task" : " tasks") + " (" + day + ")";
  std::string& b = out.body;
  b += user + " 様 / Dear " + user + ",\n\n";
  b += day + " 現在、次の " + n + " 件の期限をお知らせします（期限の早い順）。\n";
  b += "As of " + day + ", these " + n + (reminders.size() == 1 ? " task is" : " tasks are") +
       " due or missed (soonest first).\n";
  int i = 0;
  for (const Reminder& r : reminders) {
    const ReminderTask& t = r.task;
    b += "\n" + std::to_string(++i) + ". " + t.number + "  " + t.kind + (t.label.empty() ? "" : " (" + t.label + ")") +
         "\n";
    b += "   区分 / reminder: " + horizon_text(r.horizon) + "\n";
    b += "   期限 / due: " + t.due.to_string() + "\n";
    b += "   猶予期間の最終日 / last day of grace: " +
         (t.grace_end ? t.grace_end->to_string() : std::string("なし / none")) + "\n";
    b += "   料金 / fee: " +
         (t.fee ? money_text(*t.fee, t.currency) : std::string("なし / none")) + "\n";
  }
  b += "\n済み・放棄の記録は chizai docket done / waive で行えます。\n";
  b += "Record a task done or waived with chizai docket done / waive.\n";
  b += "\n-- \nChizai (chizai docket remind)\n";
  return out;
}

}  // namespace chizai::docket
