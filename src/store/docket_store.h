// The docket's tables (migration 0024): the computed tasks of every
// application, materialised so that the agenda is an indexed query; the
// append-only decisions on them (done, waive, undo); the recoverable costs
// a done fee adds to packages; the versions of the rule book and calendars
// the stored tasks were computed with; and calendar subscriptions.
// The rules live in docket/ and the use cases in services/docket_service.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "docket/model.h"
#include "store/database.h"

namespace chizai {

// A task's concern for one institution: a registered owner, or the payer.
struct DocketShareRow {
  std::string institution;                // code
  bool pays = false;
  std::optional<std::int64_t> amount;     // its share of the fee, when it pays one
};

// A task as stored.
struct StoredDocketTask {
  long long id = 0;
  long long patent_id = 0;
  std::string number;          // the application's canonical number
  docket::Task task;           // key, kind, dates, fee (the table it was computed or done under)
  std::string state = "open";  // open | done | waived (the last decision)
  std::string rules_version, calendars_version;
  std::string content_hash;
  long long sequence = 0;
  std::string modified_at;
  std::vector<DocketShareRow> shares;  // by institution code
};

// The fees paid in a period in one currency (DocketStore::fees_paid_between).
struct FeesPaidTotal {
  std::string currency;
  std::int64_t amount_minor = 0;
  std::int64_t fees = 0;  // decisions counted
};

// Which tasks the agenda shows; every condition given must hold.
struct DocketFilter {
  std::optional<Date> from, to;       // due date range, both days included
  long long institution_id = 0;       // 0: any; else tasks concerning it (owner or payer)
  long long patent_id = 0;            // 0: any
  std::string jurisdiction, kind;     // empty: any
  // open (state open, last day not before today), missed (open, last day
  // before today), done, waived — tasks to act on only; expires (an
  // informational row, docket::informational_task_kind, last day not before
  // today), expired (its last day before today); empty: any.
  std::string status;
  Date today;
};

// A task to store (recomputation).
struct NewDocketTask {
  long long patent_id = 0;
  docket::Task task;
  std::string content_hash;
  long long sequence = 0;
  std::string modified_at;
  std::vector<std::pair<long long, DocketShareRow>> shares;  // institution id, share
  std::string rules_version, calendars_version;
};

// What a recomputation keeps of a stored task.
struct ExistingDocketTask {
  std::string kind;
  std::string state;
  std::string content_hash;
  long long sequence = 0;
  std::string modified_at;
  std::string due;
};

struct DocketDecisionRow {
  long long id = 0;
  long long patent_id = 0;
  std::string task_key;
  std::string action;  // done | waive | undo
  Date decided_on;
  std::optional<std::int64_t> fee_paid, fee_expected;
  std::string fee_currency, fee_table;
  std::string reference, reason;
  bool recoverable = false;
  long long undoes_id = 0;  // 0: none
  std::string actor, recorded_at;
};

struct DocketVersions {
  std::string rules, calendars;
};

// A docket fee recorded as a recoverable cost of a package (JPY).
struct DocketRecoverableCost {
  long long id = 0;
  Date spent_on;
  std::int64_t amount = 0;
};

struct CalendarSubscriptionRow {
  long long id = 0;
  std::string user;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// The user a live subscription acts as.
struct SubscriptionOwner {
  std::string user, role, institution;
};

class DocketStore {
 public:
  explicit DocketStore(Database& db) : db_(db) {}

  // ---- versions ----
  std::optional<DocketVersions> versions();
  void set_versions(const DocketVersions& v, const std::string& at);

  // ---- tasks ----
  // The stored tasks of patents after_id < id <= last_id, by (patent, key).
  std::map<std::pair<long long, std::string>, ExistingDocketTask> existing(long long after_id, long long last_id);
  // Deletes the open tasks (and their shares) of those patents.
  void delete_open(long long after_id, long long last_id);
  // Inserts tasks and their shares with multi-row statements.
  void insert_tasks(const std::vector<NewDocketTask>& tasks);
  // A page of the tasks `filter` selects, soonest first: key
  // "<due>/<zero-padded id>". REQUIRES: page.after is empty or such a key.
  Page<StoredDocketTask> list(const DocketFilter& filter, const PageRequest& page);
  // Every stored task of a patent, soonest first.
  std::vector<StoredDocketTask> tasks_of(long long patent_id);
  std::optional<StoredDocketTask> find(long long patent_id, const std::string& key);
  void set_state(long long patent_id, const std::string& key, const std::string& state, const std::string& at);
  // A done task keeps the fee table it was done under.
  void set_fee(long long patent_id, const std::string& key, const docket::Fee& fee);
  long long count_tasks();

  // ---- fee sums (docket_fee_sum, migration 0032) ----
  // delete_open, insert_tasks and set_fee keep docket_fee_sum exact in the
  // caller's transaction. This rebuilds it from docket_task and
  // docket_task_share with the migration's statements (for a check, or
  // after a repair).
  void rebuild_fee_sums();
  // SQLite: whether this connection reads the file through its memory map
  // (database.cpp maps up to 1 GiB). A full recomputation turns it off: it
  // reads each page about once, and the mapped pages it touched stayed in
  // its resident set (1.23 GB at a million applications). No-op on
  // PostgreSQL.
  void set_memory_map(bool on);

  // ---- decisions ----
  long long insert_decision(const DocketDecisionRow& d);
  // The fees paid by done decisions dated `from`..`to` (both included) that
  // carry a fee and were not undone, by currency (code order).
  std::vector<FeesPaidTotal> fees_paid_between(Date from, Date to);
  // A task's decisions, oldest first (empty key: every task of the patent).
  std::vector<DocketDecisionRow> decisions(long long patent_id, const std::string& key = {});

  // ---- recoverable costs ----
  // The current (not undone) packages of `patent_id` on `on`, by code.
  std::vector<std::pair<long long, std::string>> packages_of(long long patent_id, Date on);
  void insert_recoverable_cost(long long decision_id, long long package_id, std::int64_t amount, Date on);
  // A package's docket costs whose decision was not undone, oldest first.
  std::vector<DocketRecoverableCost> recoverable_costs(long long package_id);

  // ---- subscriptions ----
  long long insert_subscription(const std::string& secret_hash, long long user_id, const std::string& at);
  // Every subscription of `user_id` (0: everyone's), by id.
  std::vector<CalendarSubscriptionRow> subscriptions(long long user_id);
  std::optional<CalendarSubscriptionRow> find_subscription(long long id);
  void revoke_subscription(long long id, const std::string& at);
  // The owner of a live subscription (not revoked, its user enabled).
  std::optional<SubscriptionOwner> subscription_owner(const std::string& secret_hash);

  // The patent ids, for recomputing all in batches.
  std::optional<long long> max_patent_id();

 private:
  Database& db_;
};

}  // namespace chizai
