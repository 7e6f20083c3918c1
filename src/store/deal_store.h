// The deal pipeline's tables: deal (one row per company and package, its
// current stage) and deal_event (every dated change, append-only); both name
// the staff member by code (staff, sql/0017; "" for none). Reads join
// institution, package, company_profile, staff and agreement for display, and
// package_member for the package an agreement on patents is for.
// Stages are the stage words (services/deal_service.h parses them).
// Writes expect the caller to hold a write transaction; reads run in the
// caller's transaction or snapshot.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "store/database.h"

namespace chizai {

// A deal's current state as stored.
struct DealRecord {
  long long id = 0;
  std::string stage;
  std::string staff;
  Date changed_on;
};

// One change as written: the deal row moves to `to` and deal_event gets a
// row. `deal_id` empty opens the deal (company, package).
struct DealMoveRecord {
  std::optional<long long> deal_id;
  long long company = 0, package = 0;
  std::optional<std::string> from;  // empty for the change that opens the deal
  std::string to;
  Date on;
  std::string staff, note;
  std::optional<long long> agreement;  // the agreement's id, for a change to licensed
  std::string recorded_at;
};

struct DealSummaryRecord {
  long long id = 0;
  std::string company, company_name, package, package_name;
  std::string region;  // "" when the company has no profile
  std::string stage, staff;
  std::string staff_latin, staff_ja;  // the staff member's names ("" when none)
  Date opened_on, changed_on;
  std::string agreement;  // the licensing agreement's reference, or ""
};

struct DealEventRecord {
  long long id = 0;
  std::optional<std::string> from;
  std::string to;
  Date on;
  std::string staff, note;
  std::string staff_latin, staff_ja;  // the staff member's names ("" when none)
  std::string agreement;  // reference, or ""
  std::string recorded_at;
};

// Which deals to list; empty fields match everything. Values as stored.
struct DealListFilter {
  std::string stage, staff, region;
};

// A change dated on or before a report day, with the deal's company region.
struct DealStepRecord {
  long long deal_id = 0;
  std::string to;
  Date on;
  std::string staff, region;
};

class DealStore {
 public:
  explicit DealStore(Database& db) : db_(db) {}

  // PostgreSQL runs writers concurrently at READ COMMITTED: a check-then-write
  // must first lock what it checks (SQLite's BEGIN IMMEDIATE already does).
  // Locks the deal table until the transaction ends; nothing on SQLite.
  // REQUIRES: a write transaction.
  void lock();
  // Returns the deal of (company id, package id), or nothing.
  std::optional<DealRecord> find(long long company, long long package);
  // Writes one change (the deal row and its event). Returns the deal's id.
  long long write_move(const DealMoveRecord& move);

  // Returns the deal of (company id, package id) as listed, or nothing.
  std::optional<DealSummaryRecord> summary(long long company, long long package);
  // A page of the deals matching `filter`, by company code then package
  // code. The key is "COMPANY/PACKAGE" (package codes hold no '/': the key
  // splits at its last '/'); `page.after` is empty or such a key.
  Page<DealSummaryRecord> summaries(const DealListFilter& filter, const PageRequest& page);
  // The changes of one deal, in the order recorded.
  std::vector<DealEventRecord> history(long long deal_id);
  // Every change dated on or before `day`, by deal then in the order recorded.
  std::vector<DealStepRecord> steps_until(Date day);

  // The codes of a company (institution id) and a package (package id).
  std::pair<std::string, std::string> codes_of(long long company, long long package);
  // (package id, how many of `patent_ids` are members on `on`) for every
  // package with at least one of them as a member, by package id.
  // REQUIRES: `patent_ids` is not empty.
  std::vector<std::pair<long long, long long>> packages_holding(const std::vector<long long>& patent_ids, Date on);

 private:
  // The summaries of the SQL `from_where` (FROM … WHERE … ORDER BY …, after
  // the summary columns), with `bind` adding its uses.
  template <class Bind>
  std::vector<DealSummaryRecord> load_summaries(const std::string& from_where, Bind bind);
  Database& db_;
};

}  // namespace chizai
