// Use cases: an application's dated events (issue 20, section 1) — record
// one, withdraw one, list them, import a file of them. Every refusal names
// the field at fault and writes nothing; every event recorded or withdrawn
// goes in the change history ("patent.event", "patent.event_withdrawal") in
// the same transaction.
//
// The rules (code, field):
//  - kind one of docket::allowed_words_event_kind() (unknown_event_kind, kind);
//  - date not before the filing date, except an international_filing (the
//    PCT filing a national phase entered from) (event_before_filing, date);
//    not after today (event_in_future, date);
//  - a field the kind does not use is refused (unused_event_field): value
//    only for entity_status and office_action, days for term_adjustment and
//    office_action, months for office_action, claims for grant;
//  - grant: a registration number in reference (grant_number_missing,
//    reference); no other counting grant (second_grant, kind); claims, when
//    given, at least 1 (bad_claim_count, claims);
//  - allowance and grant: not on an application that ended — a counting
//    lapse or abandonment event dated on or before it, or, when no such
//    event is recorded, a record whose status is lapsed or abandoned, unless
//    the event is dated on or before the record's grant date (a patent
//    granted, then lapsed) (application_ended, date);
//  - entity_status: value large, small or micro (bad_entity_status, value);
//    a US application (entity_status_not_us, kind);
//  - term_adjustment: days of at least 1 (bad_term_adjustment, days);
//  - office_action: value one of the office's types
//    (docket/event_words.h; bad_office_action_type, value); the EP types
//    need the period set in the communication, months >= 1
//    (office_action_period_missing, months); days/months when given >= 1;
//  - validation: reference a state code (docket::validation_states();
//    bad_validation_state, reference); on an EP application
//    (validation_not_ep, kind) with a grant — a counting grant event or a
//    grant date on the record (validation_without_grant, kind);
//  - national_phase_entry: the application claims a PCT priority (an active
//    claim of kind pct) or has a counting international_filing event
//    (no_pct_priority, kind);
//  - office_action_response: reference names a counting office action of
//    the same application, by its reference or its event id
//    (unknown_office_action, reference).
// A withdrawn event does not count. Withdrawal: the event must be the
// application's (unknown_event, event_id), not withdrawn already
// (event_already_withdrawn, event_id), with a reason (missing_reason, reason).
//
// A grant also updates the patent record through the registry's update path
// (RegistryService::update_patent: the history shows a "patent.update"):
// grant_number, grant_date, claims when given, and status granted when it
// was pending. Withdrawing a grant clears the record's grant number and date
// when they are the event's, and sets a granted record back to pending.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "services/registry_service.h"
#include "store/database.h"
#include "store/event_store.h"

namespace chizai {

// One event to record (requests/event.h reads it from CLI flags, API bodies
// and import rows alike). The kind is kept as given: the service refuses an
// unknown one listing the allowed words.
struct EventRequest {
  std::string kind;
  Date date;
  std::string reference;
  std::string value;
  std::optional<std::int64_t> days, months, claims;
};

// An import row: the application it is for and the event.
struct EventImportRow {
  std::size_t line = 0;
  std::string number;
  EventRequest event;
};

// An event as recorded, with the application's canonical number.
struct RecordedEvent {
  std::string application;
  StoredEvent event;
};

// One row of an application's event list: a recorded event, or a fact
// derived from the record ("filing", "earliest_priority", and the record's
// "grant" / "publication" when no such event counts — what the rules read,
// DocketFactsStore).
struct EventListRow {
  bool derived = false;
  StoredEvent event;  // derived rows: id 0, kind, date, reference
};

struct EventListing {
  std::string application;
  std::string jurisdiction;
  std::vector<EventListRow> rows;  // by date; derived rows first on a day
};

class EventService {
 public:
  // An event recorded or withdrawn changes the patent's docket facts: the
  // store tells the connection (Database::facts_changed), whose hook
  // recomputes the patent's tasks when the write commits — once per patent
  // for a whole import.
  EventService(Database& db, std::string actor) : db_(db), actor_(std::move(actor)) {}

  // Records an event of the patent registered as `number` (any accepted
  // spelling; unknown_patent, field "number").
  Result<RecordedEvent> add(const std::string& number, const EventRequest& request);
  // Withdraws event `event_id` of the patent `number`: appends a withdrawal.
  Result<RecordedEvent> withdraw(const std::string& number, long long event_id, const std::string& reason);
  // The patent's events, withdrawn ones marked, with the derived rows.
  Result<EventListing> list(const std::string& number);
  // Records the rows in file order in one transaction, each checked against
  // the events recorded before it (earlier rows included). A bad row is a
  // problem naming its line and field; without skip_invalid any problem
  // writes nothing (report.written false).
  ImportReport import(const std::vector<EventImportRow>& rows, bool skip_invalid);

  // A patent JSONL file whose records bring their events ("events"
  // arrays; `chizai patent import`, POST /api/v1/patents/import), in one
  // transaction: the patents (`patents_jsonl`, the file without those
  // keys, read by RegistryService::import_patents with `opt`), then the
  // events (import()), whose rows could not be read are `unread`. Written
  // only when nothing was refused (with opt.skip_invalid: the valid rows);
  // the report's problems are the patents', the events' and `unread`, by
  // line; `events_inserted` the events recorded (0 when nothing was written).
  ImportReport import_with_patents(const std::string& patents_jsonl, const std::vector<EventImportRow>& rows,
                                   const std::vector<RowProblem>& unread, const ImportOptions& opt,
                                   std::int64_t& events_inserted);

 private:
  Result<RecordedEvent> add_in_transaction(const std::string& number, const EventRequest& request);
  Database& db_;
  std::string actor_;
};

}  // namespace chizai
