#include "services/event_service.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

#include "docket/event_words.h"
#include "docket/model.h"
#include "io/json_writer.h"
#include "services/history.h"
#include "services/registry_service.h"

namespace chizai {
namespace {

using docket::EventKind;

bool counts(const StoredEvent& e) { return !e.withdrawn; }

bool has_counting(const std::vector<StoredEvent>& events, const char* kind) {
  return std::any_of(events.begin(), events.end(),
                     [&](const StoredEvent& e) { return counts(e) && e.kind == kind; });
}

std::string event_detail(const StoredEvent& e) {
  JsonWriter w;
  w.begin_object().field("id", static_cast<std::int64_t>(e.id)).field("kind", e.kind).field("date",
                                                                                             e.date.to_string());
  if (!e.reference.empty()) w.field("reference", e.reference);
  if (!e.value.empty()) w.field("value", e.value);
  if (e.days) w.field("days", static_cast<std::int64_t>(*e.days));
  if (e.months) w.field("months", static_cast<std::int64_t>(*e.months));
  if (e.claims) w.field("claims", static_cast<std::int64_t>(*e.claims));
  w.end_object();
  return w.take();
}

// The fields each kind uses beyond kind, date and reference.
struct Uses {
  bool value = false, days = false, months = false, claims = false;
};

Uses uses_of(EventKind k) {
  switch (k) {
    case EventKind::kEntityStatus: return {true, false, false, false};
    case EventKind::kOfficeAction: return {true, true, true, false};
    case EventKind::kTermAdjustment: return {false, true, false, false};
    case EventKind::kGrant: return {false, false, false, true};
    default: return {};
  }
}

// The rules of event_service.h that read the request, the patent record and
// the events recorded so far. `today` bounds the date.
Status check_event(const Patent& patent, const std::vector<StoredEvent>& events, const EventRequest& r,
                   Date today) {
  const auto kind = docket::parse_event_kind(r.kind);
  if (!kind) {
    return make_error(ErrorKind::kInvalid, "unknown_event_kind",
                   "unknown event kind '" + r.kind + "'; use " + docket::allowed_words_event_kind(), "kind");
  }
  const std::string& number = patent.application_number;
  if (r.date < patent.filing_date && *kind != EventKind::kInternationalFiling) {
    return make_error(ErrorKind::kInvalid, "event_before_filing",
                   "the " + r.kind + " of " + number + " on " + r.date.to_string() + " is before its filing date " +
                       patent.filing_date.to_string(),
                   "date");
  }
  if (r.date > today) {
    return make_error(ErrorKind::kInvalid, "event_in_future",
                   "the " + r.kind + " on " + r.date.to_string() + " is after today (" + today.to_string() +
                       "): record an event once it has happened",
                   "date");
  }
  const Uses uses = uses_of(*kind);
  auto unused = [&](const char* field) {
    return make_error(ErrorKind::kInvalid, "unused_event_field", "a " + r.kind + " event takes no " + field, field);
  };
  if (!r.value.empty() && !uses.value) return unused("value");
  if (r.days && !uses.days) return unused("days");
  if (r.months && !uses.months) return unused("months");
  if (r.claims && !uses.claims) return unused("claims");

  auto ended_before = [&]() -> Status {
    for (const StoredEvent& e : events) {
      if (counts(e) && (e.kind == "lapse" || e.kind == "abandonment") && e.date <= r.date) {
        return make_error(ErrorKind::kRefused, "application_ended",
                       number + " ended on " + e.date.to_string() + " (" + e.kind + ", event " +
                           std::to_string(e.id) + "): no " + r.kind + " on " + r.date.to_string() + " after it",
                       "date");
      }
    }
    // A record that says it ended without a dated event: only what the
    // record itself shows happened before (its grant) may be recorded.
    const bool ended_record = patent.status == PatentStatus::kLapsed || patent.status == PatentStatus::kAbandoned;
    if (ended_record && !has_counting(events, "lapse") && !has_counting(events, "abandonment") &&
        !(patent.grant_date && r.date <= *patent.grant_date)) {
      return make_error(ErrorKind::kRefused, "application_ended",
                     number + " is " + to_string(patent.status) + " on the record" +
                         (patent.grant_date ? " (granted on " + patent.grant_date->to_string() + ")" : "") +
                         ": no " + r.kind + " on " + r.date.to_string() +
                         "; record its lapse or abandonment event with its date first",
                     "date");
    }
    return {};
  };

  switch (*kind) {
    case EventKind::kGrant: {
      if (r.reference.empty()) {
        return make_error(ErrorKind::kInvalid, "grant_number_missing",
                       "a grant needs its registration number (reference, --reference)", "reference");
      }
      for (const StoredEvent& e : events) {
        if (counts(e) && e.kind == "grant") {
          return make_error(ErrorKind::kConflict, "second_grant",
                            number + " was already granted on " + e.date.to_string() + " (" + e.reference +
                                ", event " + std::to_string(e.id) + "); withdraw that event first if it is wrong",
                            "kind");
        }
      }
      if (r.claims && *r.claims < 1) {
        return make_error(ErrorKind::kInvalid, "bad_claim_count", "the claim count at grant must be at least 1, not " +
                                              std::to_string(*r.claims), "claims");
      }
      return ended_before();
    }
    case EventKind::kAllowance:
      return ended_before();
    case EventKind::kEntityStatus:
      if (!docket::parse_entity_status(r.value)) {
        return make_error(ErrorKind::kInvalid, "bad_entity_status",
                       "entity status '" + r.value + "' is not one; use large, small, micro", "value");
      }
      if (patent.jurisdiction != "US") {
        return make_error(ErrorKind::kRefused, "entity_status_not_us",
                       "an entity status is for US fees; " + number + " is a " + patent.jurisdiction +
                           " application",
                       "kind");
      }
      return {};
    case EventKind::kTermAdjustment:
      if (!r.days || *r.days < 1) {
        return make_error(ErrorKind::kInvalid, "bad_term_adjustment", "a term adjustment needs its extension in days, at least 1 (days)",
                       "days");
      }
      return {};
    case EventKind::kOfficeAction: {
      const std::string office_words = docket::allowed_words_office_action_type(patent.jurisdiction);
      const std::string use = office_words.empty()
                                  ? "no type is listed for " + patent.jurisdiction + " applications"
                                  : "use " + office_words;
      const docket::OfficeActionType* t = docket::find_office_action_type(r.value);
      if (r.value.empty()) {
        return make_error(ErrorKind::kInvalid, "bad_office_action_type", "an office action needs its type (value); " + use, "value");
      }
      if (!t || t->office != patent.jurisdiction) {
        return make_error(ErrorKind::kInvalid, "bad_office_action_type",
                       "'" + r.value + "' is not an office action type of " + patent.jurisdiction + " (" + number +
                           "); " + use,
                       "value");
      }
      if (r.days && *r.days < 1) {
        return make_error(ErrorKind::kInvalid, "office_action_period_missing", "an office action's period in days must be at least 1",
                       "days");
      }
      if (r.months && *r.months < 1) {
        return make_error(ErrorKind::kInvalid, "office_action_period_missing", "an office action's period in months must be at least 1",
                       "months");
      }
      if (t->period_in_communication && !r.months) {
        return make_error(ErrorKind::kInvalid, "office_action_period_missing",
                       std::string("an ") + std::string(t->word) +
                           " sets its response period in the communication: give it in months",
                       "months");
      }
      return {};
    }
    case EventKind::kValidation: {
      if (!docket::is_validation_state(r.reference)) {
        return make_error(ErrorKind::kInvalid, "bad_validation_state",
                       "'" + r.reference + "' is not a state an EP patent is validated in; use " +
                           docket::allowed_words_validation_state(),
                       "reference");
      }
      if (patent.jurisdiction != "EP") {
        return make_error(ErrorKind::kRefused, "validation_not_ep",
                       "a validation follows an EP grant; " + number + " is a " + patent.jurisdiction +
                           " application",
                       "kind");
      }
      if (!has_counting(events, "grant") && !patent.grant_date) {
        return make_error(ErrorKind::kRefused, "validation_without_grant",
                       number + " has no grant (no grant event, no grant date on the record): it cannot be "
                                "validated in " + r.reference,
                       "kind");
      }
      return {};
    }
    case EventKind::kNationalPhaseEntry: {
      const bool pct = std::any_of(patent.priority_claims.begin(), patent.priority_claims.end(),
                                   [](const PriorityClaim& c) { return c.active && c.kind == PriorityKind::kPct; });
      if (!pct && !has_counting(events, "international_filing")) {
        return make_error(ErrorKind::kRefused, "no_pct_priority",
                       number + " claims no PCT priority and has no international_filing event: it did not "
                                "enter a national phase",
                       "kind");
      }
      return {};
    }
    case EventKind::kOfficeActionResponse: {
      for (const StoredEvent& e : events) {
        if (!counts(e) || e.kind != "office_action") continue;
        if ((!e.reference.empty() && e.reference == r.reference) || std::to_string(e.id) == r.reference) return {};
      }
      return make_error(ErrorKind::kInvalid, "unknown_office_action",
                     "'" + r.reference + "' names no office action of " + number +
                         " (give the office action's reference or its event id)",
                     "reference");
    }
    default:
      return {};
  }
}

}  // namespace

Result<RecordedEvent> EventService::add(const std::string& number, const EventRequest& request) {
  WriteTransaction tx(db_);
  auto out = add_in_transaction(number, request);
  if (!out) return out;
  tx.commit();
  return out;
}

Result<RecordedEvent> EventService::add_in_transaction(const std::string& number, const EventRequest& r) {
  RegistryService registry(db_);
  auto found = registry.lookup_patent(number, "number");
  if (!found) return found.error();
  const Patent& patent = found->patent;
  EventStore store(db_);
  const long long patent_id = *store.patent_id(patent.application_number);
  const std::vector<StoredEvent> events = store.list(patent_id);
  if (auto ok = check_event(patent, events, r, today_local()); !ok) return ok.error();

  StoredEvent e;
  e.patent_id = patent_id;
  e.kind = r.kind;
  e.date = r.date;
  e.reference = r.reference;
  e.value = r.value;
  e.days = r.days;
  e.months = r.months;
  e.claims = r.claims;
  e.recorded_at = utc_now();
  e.actor = actor_;
  e.id = store.append(e);
  record_change(db_, actor_, "patent.event", "patent", patent.application_number, event_detail(e));

  if (e.kind == "grant") {
    // The record follows the grant, through the registry's update path.
    JsonWriter w;
    w.begin_object().field("grant_number", e.reference).field("grant_date", e.date.to_string());
    if (e.claims) w.field("claims", static_cast<std::int64_t>(*e.claims));
    if (patent.status == PatentStatus::kPending) w.field("status", "granted");
    w.end_object();
    auto updated = registry.update_patent(patent.application_number, w.str(), WriteScope{actor_, "", true, true});
    if (!updated) return updated.error();
  }
  return RecordedEvent{patent.application_number, std::move(e)};
}

Result<RecordedEvent> EventService::withdraw(const std::string& number, long long event_id, const std::string& reason) {
  WriteTransaction tx(db_);
  RegistryService registry(db_);
  auto found = registry.lookup_patent(number, "number");
  if (!found) return found.error();
  const Patent& patent = found->patent;
  EventStore store(db_);
  const long long patent_id = *store.patent_id(patent.application_number);
  auto event = store.find(patent_id, event_id);
  if (!event) {
    return make_error(ErrorKind::kNotFound, "unknown_event",
                      "no event " + std::to_string(event_id) + " of " + patent.application_number, "event_id");
  }
  if (event->withdrawn) {
    return make_error(ErrorKind::kConflict, "event_already_withdrawn",
                      "event " + std::to_string(event_id) + " of " + patent.application_number +
                          " was withdrawn already on " + event->withdrawn->date.to_string() + " (" +
                          event->withdrawn->reason + ")",
                      "event_id");
  }
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return make_error(ErrorKind::kInvalid, "missing_reason", "a withdrawal needs its reason (--reason)", "reason");
  }
  EventWithdrawal w{0, today_local(), reason, utc_now(), actor_};
  w.id = store.append_withdrawal(patent_id, event_id, w);
  JsonWriter detail;
  detail.begin_object()
      .field("id", static_cast<std::int64_t>(w.id))
      .field("withdrawn", static_cast<std::int64_t>(event_id))
      .field("kind", event->kind)
      .field("date", event->date.to_string())
      .field("reason", reason)
      .end_object();
  record_change(db_, actor_, "patent.event_withdrawal", "patent", patent.application_number, detail.str());

  if (event->kind == "grant") {
    JsonWriter c;
    c.begin_object();
    if (patent.grant_number == event->reference && patent.grant_date == event->date) {
      c.key("grant_number").null().key("grant_date").null();
    }
    if (patent.status == PatentStatus::kGranted) c.field("status", "pending");
    c.end_object();
    auto updated = registry.update_patent(patent.application_number, c.str(), WriteScope{actor_, "", true, true});
    if (!updated) return updated.error();
  }
  tx.commit();
  event->withdrawn = w;
  return RecordedEvent{patent.application_number, std::move(*event)};
}

Result<EventListing> EventService::list(const std::string& number) {
  ReadSnapshot snapshot(db_);
  auto found = RegistryService(db_).lookup_patent(number, "number");
  if (!found) return found.error();
  const Patent& patent = found->patent;
  EventStore store(db_);
  const long long patent_id = *store.patent_id(patent.application_number);
  EventListing out;
  out.application = patent.application_number;
  out.jurisdiction = patent.jurisdiction;
  auto derived = [&](const char* kind, Date date, const std::string& reference) {
    EventListRow row;
    row.derived = true;
    row.event.patent_id = patent_id;
    row.event.kind = kind;
    row.event.date = date;
    row.event.reference = reference;
    out.rows.push_back(std::move(row));
  };
  derived("filing", patent.filing_date, patent.application_number);
  const PriorityClaim* earliest = nullptr;
  for (const PriorityClaim& c : patent.priority_claims) {
    if (c.active && c.date && (!earliest || *c.date < *earliest->date)) earliest = &c;
  }
  if (earliest) derived("earliest_priority", *earliest->date, earliest->number);
  const std::vector<StoredEvent> events = store.list(patent_id);
  if (patent.grant_date && !has_counting(events, "grant")) derived("grant", *patent.grant_date, patent.grant_number);
  if (patent.publication_date && !has_counting(events, "publication")) {
    derived("publication", *patent.publication_date, patent.publication_number);
  }
  for (const StoredEvent& e : events) out.rows.push_back(EventListRow{false, e});
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const EventListRow& a, const EventListRow& b) {
    if (a.event.date != b.event.date) return a.event.date < b.event.date;
    return a.derived && !b.derived;
  });
  return out;
}

ImportReport EventService::import(const std::vector<EventImportRow>& rows, bool skip_invalid) {
  const auto started = std::chrono::steady_clock::now();
  ImportReport report;
  WriteTransaction tx(db_);
  for (const EventImportRow& row : rows) {
    ++report.read;
    WriteTransaction one(db_);  // a savepoint: a refused row leaves nothing
    auto r = add_in_transaction(row.number, row.event);
    if (!r) {
      one.rollback();
      report.problems.push_back({row.line, row.number, r.error().field.empty() ? "" : r.error().field,
                                 r.error().message, r.error().code});
      ++report.rejected;
      continue;
    }
    one.commit();
    ++report.inserted;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report.problems.empty() && !skip_invalid) {
    report.inserted = 0;
    return report;  // the transaction rolls back: nothing written
  }
  // The commit hands each patent whose facts changed to the docket's hook
  // once for the whole file (Database::facts_changed), in the transaction.
  tx.commit();
  report.written = true;
  return report;
}

ImportReport EventService::import_with_patents(const std::string& patents_jsonl,
                                               const std::vector<EventImportRow>& rows,
                                               const std::vector<RowProblem>& unread, const ImportOptions& opt,
                                               std::int64_t& events_inserted) {
  events_inserted = 0;
  WriteTransaction tx(db_);
  std::istringstream patents(patents_jsonl);
  ImportReport r = RegistryService(db_).import_patents(patents, FileFormat::kJsonl, opt);
  if (r.written && (unread.empty() || opt.skip_invalid)) {
    const ImportReport e = import(rows, opt.skip_invalid);
    events_inserted = e.inserted;
    r.problems.insert(r.problems.end(), e.problems.begin(), e.problems.end());
    r.written = e.written;
  } else {
    r.written = false;
  }
  r.problems.insert(r.problems.end(), unread.begin(), unread.end());
  std::stable_sort(r.problems.begin(), r.problems.end(),
                   [](const RowProblem& x, const RowProblem& y) { return x.line < y.line; });
  if (!r.written) {
    r.rejected = std::max<std::int64_t>(r.rejected, 1);
    r.inserted = r.updated = 0;
    r.unchanged = 0;
    events_inserted = 0;
    return r;  // the transaction rolls back: nothing written
  }
  tx.commit();
  return r;
}

}  // namespace chizai
