// PLACEHOLDER (skeleton): the Paris priority task only, no fees. The rules
// helper replaces this file with the rule book read from config/docketing/.
#include "docket/engine.h"

namespace chizai::docket {

struct RuleBookData {
  std::string version = "placeholder";
};

Result<RuleBook> RuleBook::load(const std::string& /*dir*/) {
  RuleBook b;
  b.data = std::make_shared<RuleBookData>();
  return b;
}

const std::string& RuleBook::version() const { return data->version; }

Result<std::vector<Task>> compute_tasks(const Application& app, const RuleBook& /*rules*/,
                                        const Calendars& calendars) {
  std::vector<Task> out;
  // Paris priority: 12 months from the first filing, for a first filing
  // (no priority claimed) that is not itself international.
  if (!app.earliest_priority && app.kind != PatentKind::kPct) {
    Task t;
    t.key = "paris.priority";
    t.kind = "paris_priority";
    t.jurisdiction = app.jurisdiction;
    t.label = "Paris priority: last day to file abroad";
    t.nominal_due = app.filing_date.add_months(12);
    auto wd = calendars.next_working_day(app.jurisdiction, t.nominal_due);
    if (!wd) return wd.error();
    t.due = wd->date;
    t.provisional = wd->provisional;
    out.push_back(t);
  }
  return out;
}

Result<Fee> fee_on(const Application& /*app*/, const Task& task, Date /*paid_on*/,
                   const RuleBook& /*rules*/) {
  return make_error(ErrorKind::kRefused, "no_fee", "task " + task.key + " has no official fee");
}

}  // namespace chizai::docket
