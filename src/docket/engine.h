// The rules engine: an application's tasks from its facts, the rule book
// (config/docketing/) and the office calendars. Pure: the same facts, rules
// and calendars give the same tasks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "docket/calendar.h"
#include "docket/model.h"

namespace chizai::docket {

struct RuleBookData;  // defined by rules.cpp

// The deadline rules and fee tables of every jurisdiction, each table with the
// date it applies from and its source.
class RuleBook {
 public:
  // Reads config/docketing/ (every jurisdiction file). A malformed file is an
  // error naming the file and the entry.
  static Result<RuleBook> load(const std::string& dir);
  // A SHA-256 over the rule files' content: a change means every stored task
  // must be recomputed.
  const std::string& version() const;

  // Every fee table version in the book: (jurisdiction, table, valid_from)
  // with the source it was taken from and a SHA-256 of its content, so a
  // test can refuse a change to a past version (tests/data/docketing/versions.tsv).
  struct TableVersion {
    std::string jurisdiction;
    std::string table;
    Date valid_from;
    std::string source;
    std::string sha256;
  };
  std::vector<TableVersion> table_versions() const;

  std::shared_ptr<const RuleBookData> data;
};

// Every task of `app`, in due-date order. Tasks whose trigger has not happened
// yet (a grant not yet recorded) are not produced; tasks after a lapse,
// abandonment or expiry are not produced. `fee_date` chooses the fee table:
// nullopt means each task's due date (forecasting).
Result<std::vector<Task>> compute_tasks(const Application& app, const RuleBook& rules,
                                        const Calendars& calendars);

// The fee for `task` when paid on `paid_on` (the table in force that day;
// the late amount inside the grace period). An error outside the window.
Result<Fee> fee_on(const Application& app, const Task& task, Date paid_on,
                   const RuleBook& rules);

}  // namespace chizai::docket
