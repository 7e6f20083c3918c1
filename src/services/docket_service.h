// The docket's use cases (issue 20, section 3): every application's tasks
// computed from its facts (store/docket_facts_store.h) by the rule book and
// the office calendars (docket/engine.h), stored (store/docket_store.h) so
// that the agenda is an indexed query, and the decisions on them.
//
// Never a stale due date: each use case first checks that the stored tasks
// were computed with the loaded rule book and calendars (their versions in
// docket_state) and recomputes every task when not (ensure_current). The
// event-recording code calls recompute(patent_id) after an event is
// recorded, in the same transaction, so that a patent's tasks follow its
// facts.
//
// Status: done and waived come from the task's last decision; an open task
// is missed once today is after its last day (the grace period's end, else
// the due date), open otherwise. An informational row (the end of the
// term: docket::informational_task_kind) is no task to act on: it
// "expires" on its date and has "expired" after it, takes no decision
// (not_an_action) and is never open nor missed. A waive (a decision to let it lapse) ends
// the application's later tasks: they are no longer stored nor listed, and
// the application lapses after the waived task's last day (PatentDocket::
// lapse). An undo is a new decision record; it reopens the task and brings
// the later tasks back. Every decision is also recorded in the change
// history (actions docket.done, docket.waive, docket.undo).
//
// Who pays: the registered owners, each its share (the rule book's per-payer
// shares, else the fee split by the owners' shares, largest remainder); for
// an aggregated patent under an assignment, the aggregator; under a
// mandate, the owners (docket::Application::payer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "docket/calendar.h"
#include "docket/engine.h"
#include "services/registry_service.h"
#include "store/database.h"
#include "store/docket_store.h"

namespace chizai {

// The rule book and calendars of one directory (docket.rules_dir), with the
// versions the stored tasks are compared with.
struct DocketRules {
  docket::RuleBook rules;
  docket::Calendars calendars = docket::Calendars::weekends_only();
  std::string rules_version;      // RuleBook::version()
  std::string calendars_version;  // SHA-256 over the files of <dir>/calendars
  // The engine: docket::compute_tasks and docket::fee_on over `rules` and
  // `calendars` (load_docket_rules sets them; a test may put its own).
  std::function<Result<std::vector<docket::Task>>(const docket::Application&)> compute;
  std::function<Result<docket::Fee>(const docket::Application&, const docket::Task&, Date)> fee_on;
};

// Loads `dir` (the rule book) and `dir`/calendars once per process and
// directory; later calls return the same. Errors are the loaders'.
Result<std::shared_ptr<const DocketRules>> load_docket_rules(const std::string& dir);
// Where the rule book lives: docket.rules_dir from `setting` (the doors'
// configuration lookup; the CLI's default is docketing/ beside the
// configuration file), else config/docketing. The calendars are in its
// calendars/ folder.
std::string docket_rules_dir(const std::function<std::string(const std::string&, const std::string&)>& setting);

// The hook the doors install on each connection (Database::set_facts_hook):
// when a write transaction that changed patents' facts (a patent added,
// updated or imported, an ownership transfer, an aggregation, an owner's
// kind or country, an event recorded or withdrawn) commits, it recomputes
// those patents' tasks inside that transaction, once each, with the rules
// `rules()` gives (called only then). While no docket has been computed in
// the database there is nothing to keep current (one read of docket_state
// per transaction): the first use of the docket computes every task
// (ensure_current). A failure throws (std::runtime_error, or what `rules`
// throws), so the write is rolled back rather than leaving a due date that
// no longer follows the facts.
Database::FactsHook docket_recompute_hook(std::function<std::shared_ptr<const DocketRules>()> rules,
                                          std::string actor);

// A task for people: stored task, its status today, who it concerns.
struct DocketTaskView {
  std::string number;  // application number (canonical)
  docket::Task task;
  docket::TaskStatus status = docket::TaskStatus::kOpen;
  std::vector<DocketShareRow> shares;
  long long sequence = 0;
  std::string modified_at;
};

// The filters of `docket list` and GET /api/v1/docket, as given (strings):
// read_docket_query checks them.
struct DocketQueryText {
  std::string from, to, institution, jurisdiction, kind, status;
};

struct DocketQuery {
  std::optional<Date> from, to;
  std::string institution;  // code; empty: any
  std::string jurisdiction, kind, status;
};

// Checks the filters: dates (bad_date, fields "from"/"to"; from after to is
// bad_filter, field "to"), status one of open, done, waived, missed,
// expires, expired (bad_status, field "status"). open and missed are tasks
// to act on; expires and expired the informational rows (the end of the
// term), before/on and after their date.
Result<DocketQuery> read_docket_query(const DocketQueryText& text);

struct DocketLapse {
  std::string task;   // the waived task's key
  Date after;         // the application lapses after this day (grace end, else due)
  bool lapsed = false;  // today is after it
};

struct PatentDocket {
  std::string number;
  std::vector<DocketTaskView> tasks;           // soonest first
  std::vector<DocketDecisionRow> decisions;    // oldest first
  std::optional<DocketLapse> lapse;
};

struct DocketDoneRequest {
  std::string number, task;
  std::string date;         // YYYY-MM-DD, the day it was done (paid); not after today
  std::string fee;          // empty: the fee in force that day (fee_on); else an amount in the fee's currency
  std::string reference;
  bool recoverable = false;  // record the fee as a recoverable cost of the patent's packages
  std::string currency;      // empty: the fee's; else it must be the fee's currency (currency_mismatch)
};

// A row of a file of tasks already done (`chizai docket import-done`): the
// application and task as `docket show` prints them, the day, the fee paid.
struct DocketDoneImportRow {
  std::size_t line = 0;
  DocketDoneRequest request;
};

struct DocketDecisionResult {
  DocketTaskView task;
  DocketDecisionRow decision;
  std::vector<std::string> warnings;  // a fee paid that differs from the expected one
};

struct DocketRecompute {
  long long patents = 0, tasks = 0;
  // Applications whose tasks could not be computed (a date outside the
  // calendars, …): "NUMBER: message"; they have no open tasks.
  std::vector<std::string> problems;
};

struct IssuedSubscription {
  long long id = 0;
  std::string user;
  std::string secret;  // shown once: only its SHA-256 is stored
};

class DocketService {
 public:
  // `today` decides missed tasks and the dates of decisions.
  DocketService(Database& db, std::shared_ptr<const DocketRules> rules, std::string actor, Date today);

  // Replaces the stored open tasks of patent `patent_id` by those computed
  // from its facts now; done and waived tasks stay as they are (a done
  // task keeps the fee table it was done under, its decision the fee
  // paid), and the tasks after a waived one are not stored. Runs in the
  // caller's write transaction, or its own. Unknown patent: not_found
  // unknown_patent. A computation error is reported in `problems`.
  Result<DocketRecompute> recompute(long long patent_id);
  // recompute() of each of `patent_ids` (ascending, distinct) in one
  // transaction (the caller's or its own); unknown ids are skipped.
  Result<DocketRecompute> recompute_patents(const std::vector<long long>& patent_ids);
  // Every patent, in batches (16 batches of 500 per write transaction), then the
  // versions of the rule book and calendars used.
  DocketRecompute recompute_all();
  // True when the stored tasks were computed with the loaded versions.
  bool current();
  // recompute_all() when not current(); returns whether it ran.
  bool ensure_current();

  // A page of the agenda, soonest first (key "<due>/<id>"). An unknown
  // institution is not_found unknown_institution, field "institution".
  Result<Page<DocketTaskView>> list(const DocketQuery& query, const PageRequest& page);
  // The tasks and decisions of the patent a user names (lookup_patent's
  // errors; with `only_institution`, another institution's patent is
  // unknown_patent).
  Result<PatentDocket> show(const std::string& number, const std::string& only_institution = {});

  // Records that task `r.task` was done on `r.date` with the fee paid
  // (default: the fee in force that day; another amount is recorded as
  // given, with a warning naming the expected one; on a day no fee table of
  // the rule book is in force — a payment older than its tables — the fee
  // must be given and is recorded as given, without an expected amount).
  // Refused: an unknown
  // task (unknown_task, field "task"); a task already done or waived
  // (task_decided); a date after today (bad_date, field "date"); a fee on
  // a task without one (no_fee, field "fee"); a malformed or negative fee
  // (bad_amount, field "fee"); recoverable on a patent whose fees the
  // aggregator does not pay (not_recoverable), in another currency than
  // JPY (currency_mismatch) or in no package that day (not_in_package),
  // all field "recoverable". The engine's fee_on errors (outside the
  // window) pass through.
  Result<DocketDecisionResult> done(const DocketDoneRequest& r, const std::string& only_institution = {});
  // done() for every row, in file order, in one transaction: all or
  // nothing. A refused row is a problem naming its line, the application
  // and the field (done()'s codes; a currency other than the fee's is
  // currency_mismatch, field "currency"); with any problem nothing is
  // written (written false, inserted 0). Each decision goes in the change
  // history exactly as done() records it. inserted: decisions recorded.
  ImportReport import_done(const std::vector<DocketDoneImportRow>& rows);
  // A decision to let the task lapse (missing_reason without a reason).
  Result<DocketDecisionResult> waive(const std::string& number, const std::string& task, const std::string& reason,
                                     const std::string& only_institution = {});
  // Reverses the task's last decision (nothing_to_undo when it has none in
  // force; missing_reason without a reason).
  Result<DocketDecisionResult> undo(const std::string& number, const std::string& task, const std::string& reason,
                                    const std::string& only_institution = {});

  // Calendar subscriptions of API user `user` (unknown_user).
  Result<IssuedSubscription> create_subscription(const std::string& user);
  // Every subscription (empty user: everyone's), by id; no secrets.
  Result<std::vector<CalendarSubscriptionRow>> list_subscriptions(const std::string& user);
  // Revokes subscription `id` (unknown_subscription; with `user`, another
  // user's is unknown_subscription too). Revoking a revoked one changes nothing.
  Result<CalendarSubscriptionRow> revoke_subscription(long long id, const std::string& user = {});

 private:
  DocketTaskView view(const StoredDocketTask& t) const;
  // Appends a waive or undo decision on `task`, moves the task to `state`,
  // records it in the change history and recomputes the patent's tasks.
  Result<DocketDecisionRow> append_decision(long long patent_id, const std::string& number, const std::string& task,
                                            const char* action, const std::string& reason, long long undoes_id,
                                            const char* state);
  Result<DocketRecompute> recompute_range(long long after_id, long long last_id, std::size_t limit,
                                          long long* last_seen);
  struct Target;
  Result<Target> target(const std::string& number, const std::string& task, const std::string& only_institution);

  Database& db_;
  std::shared_ptr<const DocketRules> rules_;
  std::string actor_;
  Date today_;
};

// The owner of a live calendar subscription secret (not revoked, its user
// not disabled), or nothing.
std::optional<SubscriptionOwner> calendar_subscription_owner(Database& db, std::string_view secret);

// The status word of `s` for a stored task with `state` and `last_day` on
// `today`; an informational row (docket::informational_task_kind) expires or
// has expired, whatever its state.
docket::TaskStatus docket_status(const std::string& state, Date last_day, Date today, bool performed = false,
                                 bool informational = false);

}  // namespace chizai
