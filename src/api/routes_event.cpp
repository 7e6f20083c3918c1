// An application's dated events under /api/v1/patents/{number}/events: the
// same EventService, request spec (src/requests/event.h) and renderers
// (src/render/event.h) as `chizai patent event add | list | withdraw`.
//
// Scoping: like the other patent routes — a scoped caller (ip_manager,
// institution_viewer) sees and writes only the patents its institution
// owns (404 otherwise, before the body is read); recording and withdrawing
// are patent writes (admin, ip_manager).
#include <string>
#include <vector>

#include "api/body.h"
#include "api/event_writer.h"
#include "api/route.h"
#include "api/router.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "render/event.h"
#include "requests/event.h"
#include "services/docket_service.h"
#include "services/event_service.h"
#include "services/registry_service.h"

namespace chizai::api {

// For a write: the patents' docket tasks are recomputed in its transaction
// by the connection's hook (Server: Database::set_facts_hook), once per
// patent for a whole import.
EventService patent_event_writer(const Request& request) { return EventService(*request.db, request.actor()); }

namespace {

constexpr Roles kPatentReaders = roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer,
                                        Role::kInstitutionViewer});
constexpr Roles kPatentWriters = roles({Role::kAdmin, Role::kIpManager});

// The canonical number of the path's patent as the caller may see it: a
// malformed number is refused as such, an unknown or unseen patent is 404.
std::string visible_patent(Request& request) {
  const std::string& number = request.param("number");
  const Principal& who = request.principal;
  auto found = RegistryService(*request.db).lookup_patent(number, "number",
                                                          who.scoped() ? who.institution : std::string());
  if (!found && found.error().code == "unknown_patent") not_found("patent " + number);
  return value_or_refuse(std::move(found)).patent.application_number;
}

EventService events(const Request& request) { return EventService(*request.db, request.actor()); }

// For a write: the patent's docket tasks are recomputed in its transaction
// by the connection's hook (Server: Database::set_facts_hook).
EventService event_writer(const Request& request) { return EventService(*request.db, request.actor()); }

Response recorded(Request& request, const RecordedEvent& r) {
  request.audit_entity_type = "patent";
  request.audit_entity_id = r.application;
  JsonWriter w;
  write_recorded_event_json(w, r);
  return json(w.take(), 201);
}

// GET /api/v1/patents/{number}/events
Response list_events(Request& request) {
  const std::string number = visible_patent(request);
  JsonWriter w;
  write_event_listing_json(w, value_or_refuse(events(request).list(number)));
  return json(w.take());
}

// POST /api/v1/patents/{number}/events
Response post_event(Request& request) {
  const std::string number = visible_patent(request);
  const EventRequest r = read_request(request, requests::patent_event_spec(), requests::read_patent_event);
  return recorded(request, value_or_refuse(event_writer(request).add(number, r)));
}

// POST /api/v1/patents/{number}/events/{id}/withdraw
Response withdraw_event(Request& request) {
  const std::string number = visible_patent(request);
  const std::string& text = request.param("id");
  const auto id = parse_int64(text);
  if (!id || *id < 1) not_found("event " + text + " of " + number);
  const auto r = read_request(request, requests::patent_event_withdraw_spec(), requests::read_patent_event_withdraw);
  auto out = event_writer(request).withdraw(number, *id, r.reason);
  if (!out && out.error().code == "unknown_event") not_found("event " + text + " of " + number);
  return recorded(request, value_or_refuse(std::move(out)));
}

StoredEvent example_event(long long id, const char* kind, const char* date, const char* reference,
                          const char* value = "") {
  StoredEvent e;
  e.id = id;
  e.patent_id = 1;
  e.kind = kind;
  e.date = *Date::parse(date);
  e.reference = reference;
  e.value = value;
  e.recorded_at = "2026-12-07T09:00:00Z";
  e.actor = "api:alice";
  return e;
}

std::vector<std::string> example_recorded() {
  StoredEvent grant = example_event(12, "grant", "2024-06-12", "7654321");
  grant.claims = 8;
  StoredEvent withdrawn = example_event(11, "examination_request", "2022-02-01", "");
  withdrawn.withdrawn = EventWithdrawal{13, *Date::parse("2026-12-07"), "entered twice", "2026-12-07T09:05:00Z",
                                        "api:alice"};
  StoredEvent communication = example_event(14, "office_action", "2021-06-01", "EPC-1", "ep_communication");
  communication.months = 4;
  StoredEvent pta = example_event(15, "term_adjustment", "2024-06-12", "");
  pta.days = 120;
  std::vector<std::string> out;
  for (const StoredEvent& e : {grant, withdrawn, communication, pta}) {
    JsonWriter w;
    write_recorded_event_json(w, RecordedEvent{"JP2019100001A", e});
    out.push_back(w.take());
  }
  return out;
}

std::vector<std::string> example_listings() {
  EventListing l;
  l.application = "JP2019100001A";
  l.jurisdiction = "JP";
  EventListRow filing{true, example_event(0, "filing", "2019-03-01", "JP2019100001A")};
  filing.event.recorded_at.clear();
  filing.event.actor.clear();
  l.rows.push_back(filing);
  StoredEvent exam = example_event(10, "examination_request", "2020-01-15", "");
  StoredEvent oa = example_event(11, "office_action", "2021-05-10", "2021-123456", "jp_reasons_for_refusal");
  oa.days = 60;
  StoredEvent reply = example_event(12, "office_action_response", "2021-07-05", "2021-123456");
  StoredEvent grant = example_event(13, "grant", "2022-03-01", "7654321");
  grant.claims = 8;
  reply.withdrawn = EventWithdrawal{14, *Date::parse("2026-12-07"), "filed twice", "2026-12-07T09:05:00Z",
                                   "api:alice"};
  for (const StoredEvent& e : {exam, oa, reply, grant}) l.rows.push_back(EventListRow{false, e});
  JsonWriter w;
  write_event_listing_json(w, l);
  // An EP application: a communication with its period in months.
  EventListing ep;
  ep.application = "EP20000001A";
  ep.jurisdiction = "EP";
  EventListRow ep_filing{true, example_event(0, "filing", "2020-09-01", "EP20000001A")};
  ep_filing.event.recorded_at.clear();
  ep_filing.event.actor.clear();
  ep.rows.push_back(ep_filing);
  StoredEvent communication = example_event(21, "office_action", "2021-06-01", "EPC-1", "ep_communication");
  communication.months = 4;
  ep.rows.push_back(EventListRow{false, communication});
  JsonWriter w2;
  write_event_listing_json(w2, ep);
  return {w.take(), w2.take()};
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler) {
  return Route{method, pattern, who, summary, std::move(handler), "patents", false, "number"};
}

}  // namespace

void add_event_routes(Router& router) {
  router.add(documented(route("GET", "/api/v1/patents/{number}/events", kPatentReaders,
                              "An application's dated events by date, withdrawn ones marked, with the filing and "
                              "earliest priority (and the record's grant and publication when no such event is "
                              "recorded) as derived rows",
                              list_events),
                        nullptr, ResponseDoc{"PatentEventList", example_listings}));
  router.add(documented(route("POST", "/api/v1/patents/{number}/events", kPatentWriters,
                              "Record a dated event of an application (a grant updates the patent's grant number, "
                              "date, claims and status)",
                              post_event),
                        &requests::patent_event_spec(), ResponseDoc{"RecordedPatentEvent", example_recorded}));
  router.add(documented(route("POST", "/api/v1/patents/{number}/events/{id}/withdraw", kPatentWriters,
                              "Withdraw a recorded event: a withdrawal record is appended (the table is "
                              "append-only) and the event no longer counts",
                              withdraw_event),
                        &requests::patent_event_withdraw_spec(), ResponseDoc{"RecordedPatentEvent", example_recorded}));
}

}  // namespace chizai::api
